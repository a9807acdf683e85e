"""Payment codes for the donate page, drawn at build time from one set of checked data:

* the Swiss QR-bill payment part, for an account in Switzerland or Liechtenstein;
* the EPC QR code (SEPA credit transfer, "GiroCode"), for an account in the SEPA zone.

    result = payment_codes(PaymentDetails(recipient=..., iban=..., ...), lang="es")
    result.codes      # PaymentCode(kind, svg, text_alternative, details, payload) per code drawn
    result.problems   # wrong values: one line each, Spanish / English, naming the field and fix
    result.notes      # codes not drawn because a value is not set yet, and which one

Never raises on what a volunteer wrote; the same input gives the same bytes.
"""
from __future__ import annotations

from pioneras.payment.details import Messages, PaymentCode, PaymentCodes, PaymentDetails, check_common
from pioneras.payment.epc import epc_code
from pioneras.payment.swiss import swiss_code

__all__ = ["PaymentCode", "PaymentCodes", "PaymentDetails", "payment_codes"]

CURRENCIES = ("CHF", "EUR")


def payment_codes(details: PaymentDetails, lang: str = "es",
                  source: str = "data/donation.yml") -> PaymentCodes:
    """Every code the data allows, in the page's language ``lang`` ("es" or "en").

    ``source`` starts each message, so it names the file the volunteer edits."""
    msg = Messages(source)
    if details.currency not in CURRENCIES:
        msg.problem("currency", f"«{details.currency}» no sirve: escriba CHF o EUR",
                    f"'{details.currency}' cannot be used: write CHF or EUR")
    checked = check_common(details, msg)
    codes = []
    if checked is not None:
        for make in (swiss_code, epc_code):
            code = make(checked, details, lang, msg)
            if code is not None:
                codes.append(code)
    return PaymentCodes(codes, msg.problems, msg.notes)
