#!/usr/bin/env python3
"""Draw both payment codes for the standards' own example data and look at them.

    .venv/bin/python scripts/payment_demo.py [OUT]      # OUT defaults to /tmp/payment-demo

Writes OUT/swiss-qr-bill.svg, OUT/epc-qr.svg and OUT/page.html (both inlined in a page
with the site's kind of Content-Security-Policy, at phone width), and when Debian's
Chromium is installed, screenshots each one to PNG and reads the QR codes back from the
screenshots with zxing-cpp (a test dependency), printing the payload it finds.

Example data only, never a real account: the Swiss IBAN and creditor are those of the
examples in SIX's "Swiss Implementation Guidelines for the QR-bill", the Belgian IBAN,
BIC and name those of the example in EPC069-12 (EPC QR code guidelines).
"""
from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from pioneras.payment import PaymentDetails, payment_codes  # noqa: E402

SWISS_EXAMPLE = PaymentDetails(recipient="Max Muster & Söhne", iban="CH58 0079 1123 0008 8901 2",
                               street="Musterstrasse", building_number="123", postal_code="8000",
                               town="Seldwyla", country="CH", reference="Las Pioneras")
EPC_EXAMPLE = PaymentDetails(recipient="Red Cross of Belgium", iban="BE72 0000 0000 1616",
                             bic="BPOTBEB1", reference="Urgency fund")
PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'">
<meta name="viewport" content="width=device-width"><title>demo</title></head>
<body>{body}</body></html>"""


def screenshot(chromium: str, html: Path, png: Path, size: str) -> None:
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--window-size={size}", f"--screenshot={png}", html.as_uri()],
                   check=True, capture_output=True, timeout=120)


def read_back(png: Path) -> list[str]:
    try:
        import zxingcpp
        from PIL import Image
    except ImportError:
        return ["(zxing-cpp not installed: pip install the test extras)"]
    return [b.bytes.decode("utf-8") for b in zxingcpp.read_barcodes(Image.open(png))]


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium")
    bodies = {"es": [], "en": []}
    for lang in ("es", "en"):
        for details in (SWISS_EXAMPLE, EPC_EXAMPLE):
            result = payment_codes(details, lang)
            for line in result.problems + result.notes:
                print("  ", line)
            for code in result.codes:
                bodies[lang].append(f"<figure>{code.svg}<figcaption><pre>{code.text_alternative}"
                                    "</pre></figcaption></figure>")
                if lang != "en":
                    continue
                svg = out / f"{code.kind}.svg"
                svg.write_text(code.svg, encoding="utf-8")
                raw, packed = len(code.svg.encode()), len(gzip.compress(code.svg.encode(), 9, mtime=0))
                print(f"{svg}: {raw} bytes, {packed} gzipped")
                if chromium:
                    html = out / f"{code.kind}.html"
                    html.write_text(PAGE.format(lang=lang, body=code.svg), encoding="utf-8")
                    png = out / f"{code.kind}.png"
                    screenshot(chromium, html, png, "600,440" if code.kind == "swiss-qr-bill" else "420,420")
                    for payload in read_back(png):
                        print(f"  read back from {png.name}: {payload!r}")
                        print("  same as the payload:", payload == code.payload)
    for lang, parts in bodies.items():
        page = out / f"page-{lang}.html"
        page.write_text(PAGE.format(lang=lang, body="".join(parts)), encoding="utf-8")
        if chromium:
            screenshot(chromium, page, out / f"page-{lang}.png", "360,1400")
    if not chromium:
        print("Chromium no está instalado: sin capturas / Chromium is not installed: no screenshots")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/payment-demo"))
