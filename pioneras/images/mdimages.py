"""Plain Markdown images of report photos become <picture> elements (eleventy-img style).

    ![Two women at the market stall](../../photo-reports/2025-05-feria/IMG_1204.jpg)

is replaced, before Markdown runs, by the same responsive <picture> as in galleries.
Doing it on the Markdown source (not the HTML) means MkDocs never sees a link to the
original: it is not in the site (the hook removes it from MkDocs' files), and the link
checker would otherwise flag it.  Images inside code blocks or code spans are left alone.
An image with no alt text is refused (replaced by nothing and reported), as eleventy-img
does: an alt text is the only way a blind visitor learns what the photo shows.
"""
from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from urllib.parse import unquote

# ![alt](src "title"){attrs} ; src may be <in angle brackets>
_IMAGE = re.compile(
    r"""!\[(?P<alt>(?:[^\]\\]|\\.)*)\]\(\s*(?P<src><[^>]*>|[^)\s]+)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)"""
    r"""(?P<attrs>\{[^}\n]*\})?""")
_CODE_SPAN = re.compile(r"(`+)(?:.|\n)*?(?<!`)\1(?!`)")
_FENCE = re.compile(r"^\s*(```|~~~)")


def rewrite(markdown: str, page_dir: str, reports_dir: str,
            render: Callable[[str, str, str, int], str]) -> str:
    """Replace each image whose target lies in ``reports_dir``.

    ``page_dir`` is the page's folder relative to docs_dir ("es/informes-fotograficos").
    ``render(slug, file, alt, offset)`` returns the HTML to put instead; ``offset`` is where
    the image starts in ``markdown`` (for the line number of a problem).
    """
    out, fenced, position = [], False, 0
    for line in markdown.splitlines(keepends=True):
        if _FENCE.match(line):
            fenced = not fenced
            out.append(line)
        elif fenced:
            out.append(line)
        else:
            out.append(_rewrite_line(line, position, page_dir, reports_dir, render))
        position += len(line)
    return "".join(out)


def _rewrite_line(line: str, position: int, page_dir: str, reports_dir: str, render) -> str:
    pieces, last = [], 0
    for code in _CODE_SPAN.finditer(line):  # keep `![x](y)` in code spans verbatim
        start = position + last
        pieces.append(_IMAGE.sub(lambda m: _one(m, start, page_dir, reports_dir, render),
                                 line[last:code.start()]))
        pieces.append(code.group(0))
        last = code.end()
    start = position + last
    pieces.append(_IMAGE.sub(lambda m: _one(m, start, page_dir, reports_dir, render), line[last:]))
    return "".join(pieces)


def _one(match: re.Match, start: int, page_dir: str, reports_dir: str, render) -> str:
    target = target_of(match.group("src"), page_dir, reports_dir)
    if target is None:
        return match.group(0)
    slug, file = target
    alt = re.sub(r"\\(.)", r"\1", match.group("alt")).strip()
    return render(slug, file, alt, start + match.start())


def target_of(src: str, page_dir: str, reports_dir: str) -> tuple[str, str] | None:
    """(slug, file) if ``src`` points at a photo in a report folder, else None."""
    src = unquote(src.strip("<>").split("#", 1)[0].split("?", 1)[0])
    if not src or re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I):
        return None  # external URL or data: URI
    path = src.lstrip("/") if src.startswith("/") else posixpath.join(page_dir, src)
    parts = posixpath.normpath(path).split("/")
    if len(parts) == 3 and parts[0] == reports_dir:
        return parts[1], parts[2]
    return None
