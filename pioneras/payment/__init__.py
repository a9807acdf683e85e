"""Payment codes for the donate page, drawn at build time from one set of checked data:

* the Swiss QR-bill payment part, for an account in Switzerland or Liechtenstein;
* the EPC QR code (SEPA credit transfer, "GiroCode"), for an account in the SEPA zone.

    result = payment_codes(PaymentDetails(recipient=..., iban=..., ...), labels, lang="es")
    result.codes      # PaymentCode(kind, svg, text_alternative, details, payload) per code drawn
    result.problems   # wrong values: the project's Problems, naming the field and the fix
    result.notes      # codes not drawn because a value is not set yet (notices)

``labels`` are the page language's words (the ``payment:`` block of data/ui.yml); ``lang``
chooses the QR-bill's printed labels (qrbill has de/fr/it/en; others get English).

Never raises on what a volunteer wrote; the same input gives the same bytes.
"""
from __future__ import annotations

from pioneras.payment.details import Messages, PaymentCode, PaymentCodes, PaymentDetails, check_common
from pioneras.payment.epc import epc_code
from pioneras.payment.swiss import swiss_code

__all__ = ["PaymentCode", "PaymentCodes", "PaymentDetails", "payment_codes"]

CURRENCIES = ("CHF", "EUR")


def payment_codes(details: PaymentDetails, labels, lang: str = "en",
                  source: str = "data/donation.yml", line_of=lambda field: 0) -> PaymentCodes:
    """Every code the data allows, with the page language's ``labels``.

    ``source`` names the file the volunteer edits in each message, ``line_of(field)`` the
    line of a field in it."""
    msg = Messages(source, line_of)
    if details.currency not in CURRENCIES:
        msg.problem("currency", f"«{details.currency}» no sirve: escriba CHF o EUR",
                    f"'{details.currency}' cannot be used: write CHF or EUR")
    checked = check_common(details, msg)
    codes = []
    if checked is not None:
        for make in (swiss_code, epc_code):
            code = make(checked, details, labels, lang, msg)
            if code is not None:
                codes.append(code)
    return PaymentCodes(codes, msg.problems, msg.notes)
