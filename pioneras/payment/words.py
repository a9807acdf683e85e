"""Words around the codes, in the page's language (the site has Spanish and English)."""
from __future__ import annotations

from decimal import Decimal

WORDS = {
    "es": {
        "recipient": "Titular de la cuenta",
        "address": "Dirección del titular",
        "iban": "IBAN",
        "bic": "BIC",
        "currency": "Moneda",
        "amount": "Importe",
        "any_amount": "el que usted elija",
        "reference": "Referencia",
        "swiss-qr-bill": ("Sección de pago de la QR-factura suiza para pagar a {recipient} "
                          "con la app de su banco"),
        "epc-qr": "Código QR de transferencia SEPA (EPC) para pagar a {recipient} con la app de su banco",
    },
    "en": {
        "recipient": "Account holder",
        "address": "Account holder's address",
        "iban": "IBAN",
        "bic": "BIC",
        "currency": "Currency",
        "amount": "Amount",
        "any_amount": "any amount you choose",
        "reference": "Reference",
        "swiss-qr-bill": "Swiss QR-bill payment part to pay {recipient} with your banking app",
        "epc-qr": "SEPA credit transfer (EPC) QR code to pay {recipient} with your banking app",
    },
}


def words(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS["en"])


def written_out(lang: str, rows: list[tuple[str, str | None]]) -> tuple[tuple[tuple[str, str], ...], str]:
    """(label key, value) rows -> the labelled rows and the same as text, one "label: value" a line."""
    w = words(lang)
    details = tuple((w[key], value) for key, value in rows if value)
    return details, "\n".join(f"{label}: {value}" for label, value in details)


def amount_text(lang: str, amount: Decimal | None) -> str:
    return f"{amount:.2f}" if amount is not None else words(lang)["any_amount"]
