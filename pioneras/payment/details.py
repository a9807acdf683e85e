"""What a payment code is made from, what it gives back, and the checks both codes share.

A volunteer writes these values by hand (data/donation.yml), so nothing here raises on
them: every check adds one plain line, in Spanish and English, that names the field and
says how to fix it. Two kinds of lines:

* a *problem* is a value that is wrong (an IBAN whose check digits fail, a name too long
  for the standard): the build should stop on it, as it does on other bad data;
* a *note* says which code is not drawn yet and which empty field would draw it (no IBAN
  yet, no address yet): data that is simply not known, like the site's placeholders.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from stdnum import iso11649
from stdnum.ch import esr

from pioneras.problems import Problem, notice, problem

# How each field is called in data/donation.yml, so a message names what the volunteer sees.
FIELD_NAMES = {
    "recipient": "recipient",
    "iban": "iban",
    "bic": "bic",
    "street": "address.street",
    "building_number": "address.building_number",
    "postal_code": "address.postal_code",
    "town": "address.town",
    "country": "address.country",
    "currency": "currency",
    "reference": "reference",
    "amount": "amount",
}


@dataclass(frozen=True)
class PaymentDetails:
    """One bank account and what donors should write, as the volunteer typed it."""

    recipient: str | None = None        # account holder, as the bank has it
    iban: str | None = None             # spaces allowed
    bic: str | None = None
    # The account holder's postal address: the Swiss QR-bill cannot be drawn without it.
    street: str | None = None
    building_number: str | None = None
    postal_code: str | None = None
    town: str | None = None
    country: str | None = None          # ISO 3166 two letters, e.g. "CH"
    currency: str = "CHF"               # of the QR-bill: CHF or EUR (an EPC code is always EUR)
    # Free text ("Las Pioneras"), an RF creditor reference, or a 27-digit QR reference.
    reference: str | None = None
    amount: Decimal | None = None       # None: the donor chooses the amount


@dataclass(frozen=True)
class PaymentCode:
    kind: str                           # "swiss-qr-bill" or "epc-qr"
    svg: str                            # to inline in the page (no XML declaration)
    text_alternative: str               # the same data written out, one "label: value" a line
    details: tuple[tuple[str, str], ...]  # the same lines as (label, value), e.g. for a <dl>
    payload: str                        # exactly what the QR code holds


@dataclass
class PaymentCodes:
    codes: list[PaymentCode] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Reference:
    kind: str                           # QR-bill reference type: "QRR", "SCOR" or "NON"
    value: str                          # the reference (QRR/SCOR) or the free text (NON)


@dataclass(frozen=True)
class Checked:
    """The shared, validated values both codes are drawn from."""

    recipient: str
    iban: IBAN
    bic: BIC | None
    reference: Reference | None
    amount: Decimal | None
    is_qr_iban: bool


class Messages:
    """Collects problems and notes (the project's Problems), each naming the field."""

    def __init__(self, source: str, line_of=lambda field: 0):
        self.source, self.line_of = source, line_of
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []

    def problem(self, name: str, es: str, en: str) -> None:
        field = FIELD_NAMES.get(name, name)
        self.problems.append(problem("payment.value", self.source, self.line_of(field), field=field,
                                     detail_es=es, detail_en=en))

    def note(self, name: str, es: str, en: str) -> None:
        field = FIELD_NAMES.get(name, name)
        self.notes.append(notice("payment.not-yet", self.source, self.line_of(field), field=field,
                                 detail_es=es, detail_en=en))


def tidy(value: object) -> str | None:
    """One line, single spaces: a YAML block scalar's line breaks would break the payload's
    line-based format, and an empty string is the same as not set."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def too_long(msg: Messages, name: str, value: str | None, limit: int) -> bool:
    if value is not None and len(value) > limit:
        msg.problem(name, f"«{value}» tiene {len(value)} caracteres y el estándar de pagos admite "
                    f"{limit}: acórtelo", f"'{value}' has {len(value)} characters and the payment "
                    f"standard allows {limit}: shorten it")
        return True
    return False


# QR-IBANs (Swiss and Liechtenstein) carry an institution id 30000-31999 in positions 5-9;
# they only take QR-bill payments with a QR reference, never a plain or SEPA transfer.
def is_qr_iban(iban: IBAN) -> bool:
    return iban.country_code in ("CH", "LI") and 30000 <= int(iban.compact[4:9]) <= 31999


RF_SHAPE = re.compile(r"RF\d\d[0-9A-Z]{1,21}")
QRR_SHAPE = re.compile(r"\d{27}")


def parse_reference(msg: Messages, text: str | None) -> Reference | None:
    """An RF creditor reference (ISO 11649) or a QR reference is sent as one; any other text
    travels as the unstructured message donors see on their statement."""
    if text is None:
        return None
    compact = text.replace(" ", "").upper()
    if RF_SHAPE.fullmatch(compact):
        if iso11649.is_valid(compact):
            return Reference("SCOR", compact)
        msg.problem("reference", f"«{text}» parece una referencia RF pero sus dígitos de control no "
                    "cuadran: cópiela de nuevo del banco, o escriba un texto libre",
                    f"'{text}' looks like an RF creditor reference but its check digits are wrong: "
                    "copy it again from the bank, or write free text")
        return None
    if QRR_SHAPE.fullmatch(compact):
        if esr.is_valid(compact):
            return Reference("QRR", compact)
        msg.problem("reference", f"«{text}» parece una referencia QR pero su dígito de control no "
                    "cuadra: cópiela de nuevo del banco", f"'{text}' looks like a QR reference but "
                    "its check digit is wrong: copy it again from the bank")
        return None
    if too_long(msg, "reference", text, 140):
        return None
    return Reference("NON", text)


def check_common(details: PaymentDetails, msg: Messages) -> Checked | None:
    """Checks every value both codes need; None when no code can be drawn at all."""
    raw_iban = tidy(details.iban)
    if raw_iban is None:
        msg.note("iban", "sin IBAN todavía no se dibuja ningún código de pago: añádalo cuando el banco "
                 "lo confirme por escrito", "no IBAN yet, so no payment code is drawn: add it once "
                 "the bank has confirmed it in writing")
        return None
    try:
        iban = IBAN(raw_iban)
    except SchwiftyException as err:
        msg.problem("iban", f"el IBAN «{raw_iban}» no es válido ({err}): cópielo de nuevo del extracto "
                    "del banco", f"the IBAN '{raw_iban}' is not valid ({err}): copy it again from the "
                    "bank statement")
        return None

    bic = None
    raw_bic = tidy(details.bic)
    if raw_bic is not None:
        try:
            bic = BIC(raw_bic)
        except SchwiftyException as err:
            msg.problem("bic", f"el BIC «{raw_bic}» no es válido ({err}): cópielo del banco (8 u 11 "
                        "letras y cifras)", f"the BIC '{raw_bic}' is not valid ({err}): copy it from "
                        "the bank (8 or 11 letters and digits)")

    amount = details.amount
    if amount is not None and not (Decimal("0.01") <= amount <= Decimal("999999999.99")
                                   and amount == amount.quantize(Decimal("0.01"))):
        msg.problem("amount", f"el importe {amount} no sirve: entre 0.01 y 999999999.99, con dos "
                    "decimales como máximo, o deje null para que quien dona elija",
                    f"the amount {amount} cannot be used: between 0.01 and 999999999.99, at most two "
                    "decimals, or leave null so donors choose")
        amount = None

    recipient = tidy(details.recipient)
    if recipient is None:
        msg.note("recipient", "sin titular de la cuenta no se dibuja ningún código de pago: escriba el "
                 "nombre exactamente como lo tiene el banco", "no account holder yet, so no payment "
                 "code is drawn: write the name exactly as the bank has it")
    too_long(msg, "recipient", recipient, 70)
    reference = parse_reference(msg, tidy(details.reference))
    # A wrong value never reaches a code: a donor could pay with it.
    if recipient is None or msg.problems:
        return None
    return Checked(recipient, iban, bic, reference, amount, is_qr_iban(iban))
