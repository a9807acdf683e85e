"""SVG that can be inlined in a page under the site's strict Content-Security-Policy.

No <script>, no event attribute, no style="" attribute (CSP would force 'unsafe-inline'
styles on the donate page), nothing that loads from elsewhere, no XML declaration, no
width/height (it scales with CSS from its viewBox, so nothing shifts while the page
loads), and role="img" with a name in the page's language.
"""
from __future__ import annotations

from html import escape

SVG_NS = "http://www.w3.org/2000/svg"
# The fonts the QR-bill style guide allows, then whatever sans-serif the system has:
# without a generic family a phone that has none of them would draw the text in serif.
FONTS = "Arial,Helvetica,Liberation Sans,sans-serif"


def modules_path(rows: list[list[bool]], offset: int = 0) -> str:
    """Path data for a QR matrix: one horizontal stroke of width 1 per run of dark modules.

    About a quarter of the bytes of one square per module, and the same modules."""
    parts = []
    for y, row in enumerate(rows):
        x, previous_end, row_started = 0, 0, False
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            if row_started:
                parts.append(f"m{start - previous_end} 0h{x - start}")
            else:
                parts.append(f"M{start + offset} {y + offset}.5h{x - start}")
                row_started = True
            previous_end = x
    return "".join(parts)


def qr_path(rows: list[list[bool]], offset: int = 0, transform: str = "") -> str:
    placed = f' transform="{transform}"' if transform else ""
    return f'<path{placed} fill="none" stroke="#000" stroke-width="1" d="{modules_path(rows, offset)}"/>'


def svg_document(width: float, height: float, label: str, kind: str, body: str) -> str:
    """The <svg> element around ``body``: white background (the codes must stay dark on light
    when the site is in dark mode), accessible name, CSS hook class."""
    size = f"{width:g} {height:g}"
    return (f'<svg xmlns="{SVG_NS}" viewBox="0 0 {size}" role="img" aria-label="{escape(label)}" '
            f'class="pioneras-payment-code pioneras-payment-code--{kind}">'
            f'<rect width="{width:g}" height="{height:g}" fill="#fff"/>{body}</svg>')
