"""The Swiss QR-bill payment part: what Swiss banking apps scan.

qrbill checks the data, writes the Swiss QR Code payload (SPC, version 0200, structured
creditor address) and lays out the payment part as the Swiss Implementation Guidelines
for the QR-bill draw it (Swiss cross, headings, amount box). Three things change on the
way to the page, because qrbill draws a whole printable bill:

* only the payment part is kept (the guidelines put it right of x = 62 mm; the receipt
  left of it is for paper), without scissors or separation lines;
* its QR code is drawn from the same module matrix as one stroke per run of dark modules
  instead of one square per module (about a quarter of the bytes);
* style="" attributes become plain attributes and the font list ends in sans-serif.

qrbill writes its headings in de/fr/it/en only: the Spanish page gets English headings.
"""
from __future__ import annotations

import svgwrite
from iso3166 import countries_by_alpha2
from qrbill import QRBill
from qrbill.bill import mm
from stdnum import iso11649
from stdnum.ch import esr

from pioneras.payment.details import (Checked, Messages, PaymentCode, PaymentDetails, Reference, tidy,
                                      too_long)
from pioneras.payment.svg import FONTS, qr_path, svg_document
from pioneras.payment.words import amount_text, written_out

LABEL_LANGUAGES = ("de", "fr", "it", "en")
# The payment part: 148 x 105 mm right of the 62 mm receipt; qrbill starts 1 mm lower.
LEFT, TOP, WIDTH, HEIGHT = mm(62), mm(1), mm(148), mm(105)
# Address fields: (name, QR-bill field limit, required by the structured address)
ADDRESS = (("street", 70, False), ("building_number", 16, False), ("postal_code", 16, True),
           ("town", 35, True), ("country", 2, True))


def allowed(char: str) -> bool:
    """The Swiss payment standards' extended Latin characters (accepted since 21 November
    2025): Basic Latin, Latin-1 Supplement, Latin Extended-A, Ș ș Ț ț and €."""
    code = ord(char)
    return (0x20 <= code <= 0x7E or 0xA0 <= code <= 0x17F or 0x218 <= code <= 0x21B
            or code == 0x20AC)


def check_characters(msg: Messages, name: str, value: str | None) -> None:
    bad = sorted({c for c in value or "" if not allowed(c)})
    if bad:
        shown = " ".join(f"«{c}» (U+{ord(c):04X})" for c in bad)
        msg.problem(name, f"la QR-factura suiza no admite {shown}: escriba el texto con letras latinas",
                    f"the Swiss QR-bill does not allow {shown}: write it in Latin letters")


def swiss_code(checked: Checked, details: PaymentDetails, labels, lang: str, msg: Messages) -> PaymentCode | None:
    iban = checked.iban
    if iban.country_code not in ("CH", "LI"):
        msg.note("iban", f"la QR-factura suiza no se dibuja: solo sirve para cuentas de Suiza o "
                 f"Liechtenstein (CH…/LI…) y el IBAN es de {iban.country_code}", "the Swiss QR-bill is "
                 f"not drawn: it only works for Swiss or Liechtenstein accounts (CH…/LI…) and the "
                 f"IBAN is from {iban.country_code}")
        return None

    address = {name: tidy(getattr(details, name)) for name, _, _ in ADDRESS}
    if address["country"]:
        address["country"] = address["country"].upper()   # "ch" is meant as CH
    missing = [name for name, _, required in ADDRESS if required and address[name] is None]
    for name in missing:
        msg.note(name, "la QR-factura suiza no se dibuja sin la dirección del titular: complete "
                 "este campo como figura en el banco", "the Swiss QR-bill is not drawn without the "
                 "account holder's address: fill in this field as the bank has it")
    problems_before = len(msg.problems)
    for name, limit, _ in ADDRESS[:-1]:     # the country is checked against ISO 3166 below
        too_long(msg, name, address[name], limit)
    country = address["country"]
    if country is not None and country not in countries_by_alpha2:
        msg.problem("country", f"«{country}» no es un código de país: escriba las dos letras ISO en "
                    "mayúsculas, p. ej. CH", f"'{country}' is not a country code: write the two "
                    "ISO letters in capitals, e.g. CH")
    ref = checked.reference
    texts = {"recipient": checked.recipient, **address, "reference": ref.value if ref else None}
    for name, value in texts.items():
        check_characters(msg, name, value)
    if checked.is_qr_iban and (ref is None or ref.kind != "QRR"):
        msg.problem("iban", "es un QR-IBAN, que solo recibe pagos con una referencia QR de 27 cifras: "
                    "para donaciones use el IBAN normal de la cuenta", "this is a QR-IBAN, which only "
                    "takes payments with a 27-digit QR reference: for donations use the account's "
                    "ordinary IBAN")
    if not checked.is_qr_iban and ref is not None and ref.kind == "QRR":
        msg.problem("reference", "una referencia QR de 27 cifras solo vale con un QR-IBAN: escriba un "
                    "texto libre o una referencia RF", "a 27-digit QR reference only works with a "
                    "QR-IBAN: write free text or an RF creditor reference")
    if missing or len(msg.problems) > problems_before:
        return None

    try:
        bill = QRBill(
            account=iban.compact,
            creditor={"name": checked.recipient, "street": address["street"],
                      "house_num": address["building_number"], "pcode": address["postal_code"],
                      "city": address["town"], "country": country},
            amount=f"{checked.amount:.2f}" if checked.amount is not None else None,
            currency=details.currency,
            reference_number=ref.value if ref and ref.kind in ("QRR", "SCOR") else None,
            additional_information=ref.value if ref and ref.kind == "NON" else "",
            language=lang if lang in LABEL_LANGUAGES else "en",
            top_line=False, payment_line=False,
        )
    except ValueError as err:   # anything the checks above did not foresee
        msg.problem("iban", f"qrbill no acepta estos datos ({err}): revise la cuenta y la dirección",
                    f"qrbill refuses this data ({err}): check the account and the address")
        return None

    w = labels
    place = " ".join(v for v in (address["postal_code"], address["town"]) if v)
    street = " ".join(v for v in (address["street"], address["building_number"]) if v)
    details_rows, text = written_out(labels, [
        ("recipient", checked.recipient),
        ("address", ", ".join(v for v in (street, place, country) if v)),
        ("iban", iban.formatted),
        ("currency", details.currency),
        ("amount", amount_text(labels, checked.amount)),
        ("reference", _shown_reference(ref)),
    ])
    svg = svg_document(WIDTH, HEIGHT, w["swiss-qr-bill"].format(recipient=checked.recipient),
                       "swiss-qr-bill", _payment_part(bill))
    return PaymentCode("swiss-qr-bill", svg, text, details_rows, bill.qr_data())


def _shown_reference(ref: Reference | None) -> str | None:
    if ref is None:
        return None
    if ref.kind == "QRR":
        return esr.format(ref.value)
    if ref.kind == "SCOR":
        return iso11649.format(ref.value)
    return ref.value


def _left_edge(element) -> float | None:
    """Where an element of qrbill's drawing starts on the x axis, in user units."""
    attrs = element.attribs
    if "x" in attrs:
        return float(attrs["x"])
    if "x1" in attrs:
        return min(float(attrs["x1"]), float(attrs["x2"]))
    if str(attrs.get("transform", "")).startswith("translate("):
        return float(str(attrs["transform"])[len("translate("):].split(",")[0])
    edges = [e for e in map(_left_edge, getattr(element, "elements", [])) if e is not None]
    return min(edges) if edges else None


def _payment_part(bill: QRBill) -> str:
    image = bill.qr_image()
    bill.qr_image = lambda: image              # draw_bill asks again: encode once (pure Python, slow)
    modules = image.modules                    # the matrix qrbill draws its QR code from
    drawing = svgwrite.Drawing(debug=False)   # only an element factory for qrbill
    bill_group = bill.draw_bill(drawing, horiz_scissors=False)
    kept = []
    for element in bill_group.elements:
        left = _left_edge(element)
        if left is not None and left < LEFT - 0.01:
            continue                           # the receipt
        element.attribs.pop("font-family", None)   # set once on the group below
        element.attribs.pop("id", None)            # two bills on a page must not clash
        if element.elementname == "path":          # qrbill's QR code
            kept.append(qr_path(modules, transform=element.attribs["transform"]))
        else:
            kept.append(element.tostring())
    return (f'<g transform="translate({-LEFT:g} {-TOP:g})" font-family="{FONTS}" fill="#000">'
            + "".join(kept) + "</g>")
