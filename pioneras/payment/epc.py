"""The EPC QR code ("GiroCode"): what European banking apps scan for a SEPA credit transfer.

Payload per EPC069-12, "Quick Response Code: Guidelines to Enable Data Capture for the
Initiation of a SEPA Credit Transfer": lines separated by LF, version 002 (the BIC may be
left out when the account is in the EEA), character set 1 (UTF-8), identification SCT,
error correction level M, at most 331 bytes (QR version 13). Encoded with qrcode (already
used by qrbill); segno's EPC helper would have needed an amount, and donors choose theirs.
"""
from __future__ import annotations

from decimal import Decimal

import qrcode
from qrcode.constants import ERROR_CORRECT_M

from pioneras.payment.details import Checked, Messages, PaymentCode, PaymentDetails
from pioneras.payment.svg import qr_path, svg_document
from pioneras.payment.words import amount_text, written_out

# SEPA countries outside the EEA (Switzerland, the UK, Monaco, ...) still need the BIC:
# EU member states (with their outermost regions that have their own country codes) and
# Iceland, Liechtenstein, Norway.
EEA = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK "
    "AX GF GP MQ RE YT MF IS LI NO".split()
)
MAX_BYTES = 331
QUIET_ZONE = 4   # modules of white around the code, as the QR standard asks


def epc_amount(amount: Decimal | None) -> str:
    # "EUR1", "EUR12.3": as the guidelines write it, no trailing zeros.
    if amount is None:
        return ""
    return "EUR" + f"{amount:.2f}".rstrip("0").rstrip(".")


def epc_payload(checked: Checked) -> str:
    ref = checked.reference
    fields = [
        "BCD", "002", "1", "SCT",
        checked.bic.compact if checked.bic else "",
        checked.recipient,
        checked.iban.compact,
        epc_amount(checked.amount),
        "",                                                   # purpose code: none
        ref.value if ref and ref.kind == "SCOR" else "",      # structured remittance
        ref.value if ref and ref.kind == "NON" else "",       # unstructured remittance
    ]
    while fields[-1] == "":   # trailing empty fields are left out
        fields.pop()
    return "\n".join(fields)


def epc_code(checked: Checked, details: PaymentDetails, labels, lang: str, msg: Messages) -> PaymentCode | None:
    iban, currency = checked.iban, details.currency
    if not iban.in_sepa_zone:
        msg.note("iban", f"el código QR SEPA (EPC) no se dibuja: {iban.country_code} no está en la zona "
                 "SEPA", f"the SEPA (EPC) QR code is not drawn: {iban.country_code} is not in the SEPA zone")
        return None
    if checked.is_qr_iban:
        msg.note("iban", "el código QR SEPA (EPC) no se dibuja: un QR-IBAN solo recibe pagos con "
                 "QR-factura", "the SEPA (EPC) QR code is not drawn: a QR-IBAN only takes QR-bill payments")
        return None
    if checked.bic is None and iban.country_code not in EEA:
        msg.note("bic", f"el código QR SEPA (EPC) no se dibuja: para una cuenta de {iban.country_code} "
                 "(fuera del EEE) las transferencias SEPA necesitan el BIC: añádalo",
                 f"the SEPA (EPC) QR code is not drawn: SEPA transfers to an account in "
                 f"{iban.country_code} (outside the EEA) need the BIC: add it")
        return None
    if checked.amount is not None and currency != "EUR":
        msg.note("amount", f"el código QR SEPA (EPC) no se dibuja: solo lleva importes en euros y el "
                 f"importe está en {currency}: deje amount en null", "the SEPA (EPC) QR code is not "
                 f"drawn: it only carries amounts in euros and the amount is in {currency}: leave "
                 "amount null")
        return None
    if checked.reference and checked.reference.kind == "QRR":
        return None   # only reachable with a QR-IBAN, already excluded above

    payload = epc_payload(checked)
    data = payload.encode("utf-8")
    if len(data) > MAX_BYTES:
        msg.problem("reference", f"el código QR SEPA (EPC) tendría {len(data)} bytes y admite {MAX_BYTES}: "
                    "acorte la referencia o el titular", f"the SEPA (EPC) QR code would hold "
                    f"{len(data)} bytes and allows {MAX_BYTES}: shorten the reference or the holder")
        return None
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE)
    qr.add_data(data, optimize=0)    # one byte segment: the bytes exactly as written
    qr.make(fit=True)
    matrix = qr.get_matrix()
    size = len(matrix)

    w = labels
    details, text = written_out(labels, [
        ("recipient", checked.recipient),
        ("iban", iban.formatted),
        ("bic", checked.bic.compact if checked.bic else None),
        ("currency", "EUR"),
        ("amount", amount_text(labels, checked.amount)),
        ("reference", checked.reference.value if checked.reference else None),
    ])
    svg = svg_document(size, size, w["epc-qr"].format(recipient=checked.recipient), "epc-qr",
                       qr_path(matrix))
    return PaymentCode("epc-qr", svg, text, details, payload)
