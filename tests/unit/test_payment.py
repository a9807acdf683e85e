"""Payment codes (pioneras/payment/): the Swiss QR-bill payment part and the EPC QR code.

Only example data published by the standards themselves, never a made-up account:

* SIX, "Swiss Implementation Guidelines for the QR-bill" (v2.2+), examples: IBAN
  CH58 0079 1123 0008 8901 2, QR-IBAN CH44 3199 9123 0008 8901 2, QR reference
  21 00000 00003 13947 14300 09017, creditor reference RF18 5390 0754 7034, creditor
  "Max Muster & Söhne, Musterstrasse 123, 8000 Seldwyla, CH".
* EPC069-12, "Quick Response Code: Guidelines to Enable Data Capture for the Initiation of
  a SEPA Credit Transfer", example: "Red Cross of Belgium", BE72 0000 0000 1616, BIC
  BPOTBEB1, "Urgency fund", EUR1.
* SWIFT's IBAN Registry (ISO 13616) example for Saudi Arabia, an IBAN outside SEPA:
  SA03 8000 0000 6080 1016 7519.

Each code is read back with zxing-cpp from a raster drawn from the SVG's own path data, and
(where Debian's Chromium is installed) from a browser screenshot of the whole SVG.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from decimal import Decimal

import pytest
import zxingcpp
from PIL import Image, ImageDraw

from pathlib import Path

import yaml

from pioneras import payment

UI = yaml.safe_load((Path(__file__).resolve().parents[2] / "data" / "ui.yml").read_text(encoding="utf-8"))
PaymentDetails = payment.PaymentDetails


def payment_codes(details, lang: str = "es"):
    """The codes with the page language's words from data/ui.yml, as the build draws them;
    each problem and note as the line a volunteer reads."""
    result = payment.payment_codes(details, UI[lang]["payment"], lang)
    result.problems = [_line(p) for p in result.problems]
    result.notes = [_line(p) for p in result.notes]
    return result


def _line(p) -> str:
    """'data/donation.yml: «iban»: ... / 'iban': ...' -> 'data/donation.yml: iban: ... / ...'."""
    return re.sub(r"^(data/donation\.yml): (?:\(aviso / notice\) )?«([^»]+)»: ", r"\1: \2: ", str(p))

SVG = "{http://www.w3.org/2000/svg}"
SIX = PaymentDetails(recipient="Max Muster & Söhne", iban="CH58 0079 1123 0008 8901 2",
                     street="Musterstrasse", building_number="123", postal_code="8000",
                     town="Seldwyla", country="CH")
SIX_QR_IBAN = "CH44 3199 9123 0008 8901 2"
SIX_QRR = "21 00000 00003 13947 14300 09017"
SIX_SCOR = "RF18 5390 0754 7034"
EPC = PaymentDetails(recipient="Red Cross of Belgium", iban="BE72 0000 0000 1616", bic="BPOTBEB1",
                     reference="Urgency fund")
OUTSIDE_SEPA = "SA03 8000 0000 6080 1016 7519"
# The only BIC a payment standard publishes as an example (EPC069-12); a Swiss account needs
# one for SEPA, so the tests lend it to the SIX example account.
EXAMPLE_BIC = "BPOTBEB1"


def codes(details: PaymentDetails, lang: str = "es") -> dict:
    return {code.kind: code for code in payment_codes(details, lang).codes}


def modules_of(svg: str) -> set[tuple[int, int]]:
    """The dark modules of the QR code in ``svg``, read from its path data (M x y.5 / m dx 0 / h n)."""
    paths = [p for p in ET.fromstring(svg).iter(f"{SVG}path") if p.get("stroke") == "#000"]
    assert len(paths) == 1
    dark, x, row = set(), 0.0, 0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", paths[0].get("d")):
        if command == "M":
            x, row = float(a), int(float(b) - 0.5)
        elif command == "m":
            x += float(a)
        else:
            dark.update((int(x) + i, row) for i in range(int(float(a))))
            x += float(a)
    return dark


def read_back(svg: str) -> str:
    """Draw the SVG's modules, 4 px each, with a quiet zone, and decode them with zxing-cpp."""
    dark = modules_of(svg)
    low = min(min(x for x, _ in dark), min(y for _, y in dark))
    size = max(max(x for x, _ in dark), max(y for _, y in dark)) - low + 1 + 8
    image = Image.new("L", (size * 4, size * 4), 255)
    draw = ImageDraw.Draw(image)
    for x, y in dark:
        left, top = (x - low + 4) * 4, (y - low + 4) * 4
        draw.rectangle((left, top, left + 3, top + 3), fill=0)
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1 and found[0].format == zxingcpp.BarcodeFormat.QRCode
    return found[0].bytes.decode("utf-8")


# --- Swiss QR-bill --------------------------------------------------------------------------

def test_swiss_qr_bill_reads_back_to_the_payment_data_field_by_field():
    code = codes(replace(SIX, reference="Las Pioneras"))["swiss-qr-bill"]
    decoded = read_back(code.svg)
    assert decoded == code.payload
    fields = decoded.split("\r\n")
    assert fields[:4] == ["SPC", "0200", "1", "CH5800791123000889012"]            # header, IBAN
    assert fields[4:11] == ["S", "Max Muster & Söhne", "Musterstrasse", "123", "8000", "Seldwyla", "CH"]
    assert fields[11:18] == [""] * 7                                             # ultimate creditor
    assert fields[18:20] == ["", "CHF"]                                          # amount left to the donor
    assert fields[20:27] == [""] * 7                                             # no debtor
    assert fields[27:] == ["NON", "", "Las Pioneras", "EPD"]                     # message, trailer


def test_qr_iban_with_qr_reference_reads_back_as_qrr():
    code = codes(replace(SIX, iban=SIX_QR_IBAN, reference=SIX_QRR))["swiss-qr-bill"]
    fields = read_back(code.svg).split("\r\n")
    assert fields[3] == "CH4431999123000889012"
    assert fields[27:30] == ["QRR", "210000000003139471430009017", ""]
    assert "Referencia: 21 00000 00003 13947 14300 09017" in code.text_alternative


def test_creditor_reference_goes_to_both_codes_as_structured_reference():
    found = codes(replace(SIX, reference=SIX_SCOR, bic=EXAMPLE_BIC, amount=Decimal("199.95"),
                          currency="EUR"))
    swiss = read_back(found["swiss-qr-bill"].svg).split("\r\n")
    assert swiss[18:20] == ["199.95", "EUR"] and swiss[27:30] == ["SCOR", "RF18539007547034", ""]
    epc = read_back(found["epc-qr"].svg).split("\n")
    assert epc[7:] == ["EUR199.95", "", "RF18539007547034"]   # amount, no purpose, structured ref


def test_the_page_shows_only_the_payment_part_with_english_headings_on_the_spanish_page():
    svg = codes(replace(SIX, reference="Las Pioneras"), "es")["swiss-qr-bill"].svg
    texts = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert "Payment part" in texts and "Account / Payable to" in texts and "Las Pioneras" in texts
    assert "Receipt" not in texts and "Acceptance point" not in texts      # the paper receipt is gone
    assert texts.count("CH58 0079 1123 0008 8901 2") == 1


# --- EPC QR code ----------------------------------------------------------------------------

def test_epc_example_reads_back_to_the_payment_data_field_by_field():
    code = codes(EPC)["epc-qr"]
    decoded = read_back(code.svg)
    assert decoded == code.payload
    assert decoded.split("\n") == [
        "BCD", "002", "1", "SCT",               # service tag, version, UTF-8, SEPA credit transfer
        "BPOTBEB1", "Red Cross of Belgium", "BE72000000001616",
        "",                                     # amount: the donor chooses
        "", "",                                 # purpose, structured reference
        "Urgency fund",                         # unstructured remittance information
    ]


def test_epc_amount_is_written_as_the_guidelines_do():
    code = codes(replace(EPC, amount=Decimal("1.00"), currency="EUR"))["epc-qr"]
    assert read_back(code.svg).split("\n")[7] == "EUR1"


def test_epc_leaves_the_bic_out_inside_the_eea_but_needs_it_for_a_swiss_account():
    assert read_back(codes(replace(EPC, bic=None))["epc-qr"].svg).split("\n")[4] == ""
    result = payment_codes(replace(SIX, reference="Las Pioneras"))
    assert [c.kind for c in result.codes] == ["swiss-qr-bill"] and result.problems == []
    assert len(result.notes) == 1 and "bic:" in result.notes[0] and "BIC" in result.notes[0]
    with_bic = payment_codes(replace(SIX, reference="Las Pioneras", bic=EXAMPLE_BIC))
    assert [c.kind for c in with_bic.codes] == ["swiss-qr-bill", "epc-qr"]
    assert read_back(with_bic.codes[1].svg).split("\n")[4:7] == [
        EXAMPLE_BIC, "Max Muster & Söhne", "CH5800791123000889012"]


def test_text_alternative_writes_out_the_same_data_in_the_page_language():
    es, en = codes(EPC, "es")["epc-qr"], codes(EPC, "en")["epc-qr"]
    assert es.text_alternative == ("Titular de la cuenta: Red Cross of Belgium\nIBAN: BE72 0000 0000 1616\n"
                                   "BIC: BPOTBEB1\nMoneda: EUR\nImporte: el que usted elija\n"
                                   "Referencia: Urgency fund")
    assert ("Account holder", "Red Cross of Belgium") in en.details and "Amount: any amount you choose" \
        in en.text_alternative
    swiss = codes(SIX, "en")["swiss-qr-bill"]
    assert "Account holder's address: Musterstrasse 123, 8000 Seldwyla, CH" in swiss.text_alternative


# --- SVG safe to inline ---------------------------------------------------------------------

def all_codes() -> list:
    return [c for lang in ("es", "en") for c in payment_codes(
        replace(SIX, reference="Las Pioneras", bic=EXAMPLE_BIC), lang).codes]


def test_svg_is_safe_to_inline_under_the_sites_csp():
    found = all_codes()
    assert {c.kind for c in found} == {"swiss-qr-bill", "epc-qr"}
    for code in found:
        root = ET.fromstring(code.svg)          # well-formed, and nothing before <svg>
        assert code.svg.startswith("<svg ") and "<!" not in code.svg and "<?" not in code.svg
        names = {el.tag.removeprefix(SVG) for el in root.iter()}
        assert names <= {"svg", "rect", "g", "path", "polygon", "line", "text"}, names
        for el in root.iter():
            for attr, value in el.attrib.items():
                assert not attr.lower().startswith("on") and "href" not in attr and attr != "style"
                assert "url(" not in value and "javascript:" not in value.lower()
        assert root.get("role") == "img" and root.get("aria-label")
        assert root.get("viewBox") and root.get("width") is None and root.get("height") is None


def test_aria_label_is_in_the_page_language():
    es = {c.kind: ET.fromstring(c.svg).get("aria-label") for c in codes(EPC, "es").values()}
    en = {c.kind: ET.fromstring(c.svg).get("aria-label") for c in codes(EPC, "en").values()}
    assert es["epc-qr"].startswith("Código QR") and en["epc-qr"].startswith("SEPA credit transfer")


def test_markup_in_the_name_is_escaped_in_the_svg_and_carried_verbatim_in_the_payload():
    name = "<script>alert(1)</script> Max Muster & Söhne"
    for code in payment_codes(replace(SIX, recipient=name, bic=EXAMPLE_BIC)).codes:
        assert "<script" not in code.svg and "&lt;script&gt;" in code.svg
        assert ET.fromstring(code.svg).find(f".//{SVG}script") is None
        assert name in read_back(code.svg).replace("\r\n", "\n").split("\n")


def test_same_input_gives_the_same_bytes():
    first, second = all_codes(), all_codes()
    assert [c.svg for c in first] == [c.svg for c in second]
    assert [c.payload for c in first] == [c.payload for c in second]


def test_svgs_stay_small():
    found = {c.kind: len(c.svg.encode()) for c in codes(replace(SIX, bic=EXAMPLE_BIC)).values()}
    assert found["swiss-qr-bill"] < 12_000 and found["epc-qr"] < 4_000, found


@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's Chromium is not installed")
def test_browser_screenshots_scan_back_with_the_swiss_cross_drawn(tmp_path):
    for code in all_codes()[:2]:
        page = tmp_path / f"{code.kind}.html"
        page.write_text(f'<!doctype html><meta charset="utf-8"><body style="margin:8px">{code.svg}',
                        encoding="utf-8")
        shot = tmp_path / f"{code.kind}.png"
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--window-size=600,600", f"--screenshot={shot}", page.as_uri()],
                       check=True, capture_output=True, timeout=120)
        found = zxingcpp.read_barcodes(Image.open(shot))
        assert [f.bytes.decode("utf-8") for f in found] == [code.payload]


# --- Problems a volunteer can cause: values, never exceptions --------------------------------

def test_no_iban_yet_draws_nothing_and_says_so():
    result = payment_codes(replace(SIX, iban=None))
    assert result.codes == [] and result.problems == []
    assert len(result.notes) == 1 and result.notes[0].startswith("data/donation.yml: iban: ")


def test_invalid_iban_is_a_problem_naming_the_field_and_the_fix():
    result = payment_codes(replace(SIX, iban="CH58 0079 1123 0008 8901 3"))   # last digit changed
    assert result.codes == [] and len(result.problems) == 1
    line = result.problems[0]
    assert line.startswith("data/donation.yml: iban: ") and " / " in line
    assert "cópielo de nuevo" in line and "copy it again" in line


def test_non_swiss_iban_gets_only_the_epc_code():
    result = payment_codes(replace(EPC, street="Musterstrasse", postal_code="8000", town="Seldwyla",
                                   country="CH"))
    assert [c.kind for c in result.codes] == ["epc-qr"] and result.problems == []
    assert len(result.notes) == 1 and "iban:" in result.notes[0] and "Liechtenstein" in result.notes[0]


def test_iban_outside_sepa_gets_no_code_and_two_notes():
    result = payment_codes(replace(EPC, iban=OUTSIDE_SEPA))
    assert result.codes == [] and result.problems == []
    assert len(result.notes) == 2 and all("iban:" in n for n in result.notes)
    assert "SEPA" in result.notes[1]


def test_missing_address_names_each_missing_field():
    result = payment_codes(replace(SIX, postal_code=None, town=" ", country=None, bic=EXAMPLE_BIC))
    assert [c.kind for c in result.codes] == ["epc-qr"] and result.problems == []
    assert [n.split(": ")[1] for n in result.notes] == ["address.postal_code", "address.town",
                                                        "address.country"]


@pytest.mark.parametrize("change, field", [
    ({"country": "Schweiz"}, "address.country"),
    ({"town": "Seldwyla" * 5}, "address.town"),
    ({"recipient": "M" * 71}, "recipient"),
    ({"iban": SIX_QR_IBAN, "reference": "Las Pioneras"}, "iban"),      # QR-IBAN needs a QR reference
    ({"reference": SIX_QRR}, "reference"),                              # QR reference needs a QR-IBAN
    ({"reference": "RF19 5390 0754 7034"}, "reference"),                # check digits changed
    ({"reference": "21 00000 00003 13947 14300 09018"}, "reference"),   # check digit changed
    ({"reference": "x" * 141}, "reference"),
    ({"bic": "BPOT"}, "bic"),
    ({"amount": Decimal("0.001")}, "amount"),
    ({"currency": "USD"}, "currency"),
])
def test_each_wrong_value_is_one_bilingual_problem_naming_its_field(change, field):
    result = payment_codes(replace(SIX, **change))
    assert len(result.problems) == 1, result.problems
    assert result.problems[0].startswith(f"data/donation.yml: {field}: ") and " / " in result.problems[0]
    assert "swiss-qr-bill" not in {c.kind for c in result.codes}


def test_characters_the_swiss_standard_does_not_allow_stop_only_the_qr_bill():
    result = payment_codes(replace(SIX, recipient="Мария Pérez", bic=EXAMPLE_BIC))
    assert [c.kind for c in result.codes] == ["epc-qr"]
    assert len(result.problems) == 1 and "«М» (U+041C)" in result.problems[0]
    assert "Pérez" in read_back(result.codes[0].svg)       # é is Latin-1: fine in both standards


def test_line_breaks_from_yaml_become_single_spaces():
    code = codes(replace(EPC, reference="Urgency\n  fund\n"))["epc-qr"]
    assert code.payload.split("\n")[-1] == "Urgency fund"


@pytest.mark.parametrize("details", [
    PaymentDetails(),
    PaymentDetails(recipient="", iban="", bic="", reference=""),
    PaymentDetails(iban="not an iban at all", amount=Decimal("-5"), currency=""),
    PaymentDetails(recipient="\n", iban=" CH58 0079 1123 0008 8901 2 ", postal_code="8000", town="Seldwyla",
                   country="ch"),
])
def test_never_raises_on_what_a_volunteer_wrote(details):
    result = payment_codes(details, "es")
    assert result.codes == [] and (result.problems or result.notes)
