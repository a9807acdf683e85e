"""pioneras.security's rel=noopener pass: its quick answer for a page that needs no change
(each distinct link asked once, on the lowered page) is the answer of the tag-by-tag pass
it skips, kept here as the reference, on every page of a real build and on odd links."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pioneras import security
from pioneras.security import A_B, _add_rel, _Page, add_noopener, attributes, needs_noopener

CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')


def reference(html: str, site_url: str | None) -> str:
    """The pass as it was: every <a> tag of the markup decoded and asked on its own."""
    page = _Page(html)
    site_host = urlsplit(site_url).netloc.lower() if site_url else None
    edits = []
    for start, end in page.gaps:
        for m in A_B.finditer(page.low, start, end):
            if b"//" not in m.group(0) and b"_blank" not in m.group(0):
                continue
            tag = page.text(*m.span())
            if needs_noopener(attributes(tag[2:-1]), site_host):
                fixed = _add_rel(tag, "noopener")
                if fixed != tag:
                    edits.append((m.start(), m.end(), fixed.encode("utf-8", "surrogatepass")))
    out, pos = [], 0
    for start, end, fixed in edits:
        out += [page.raw[pos:start], fixed]
        pos = end
    out.append(page.raw[pos:])
    return b"".join(out).decode("utf-8", "surrogatepass")


def variants(html: str):
    """The page as built (rel=noopener everywhere it is needed) and with it taken out."""
    yield html
    yield re.sub(r'\srel="noopener"', "", html)
    yield re.sub(r'rel="([^"]*)noopener([^"]*)"', r'rel="\1\2"', html)


@pytest.mark.parametrize("site_url", ["https://idemnna.github.io/las-pioneras/", None])
def test_every_page_of_the_site_gets_what_the_tag_by_tag_pass_gives(site, site_url):
    pages = sorted(Path(site).rglob("*.html"))
    assert len(pages) > 20
    own = CANONICAL.search((Path(site) / "index.html").read_text(encoding="utf-8"))
    site_url = site_url and (own.group(1) if own else site_url)
    changed = 0
    for path in pages:
        for html in variants(path.read_text(encoding="utf-8")):
            expected = reference(html, site_url)
            assert add_noopener(html, site_url) == expected, path
            changed += expected != html
    assert changed         # the stripped variants did need the pass


ODD = [
    '<p><a HREF="HTTPS://Example.ORG/x">a</a></p>',
    '<p><a href="https://example.org/x" REL="NOOPENER">a</a></p>',
    '<p><a href="https://example.org/x" rel="nofollow">a</a></p>',
    '<p><a href="/inicio/" TARGET="_BLANK">a</a></p>',
    '<p><a href="https://IDEMNNA.github.io/las-pioneras/x">a</a></p>',
    '<p><a href="//ÉXAMPLE.org/">a</a> <a href="https://éxample.org/" rel=noopener>b</a></p>',
    '<p><a title="<a href=//x>" href="/y">a</a><a href=http:foo>b</a></p>',
    '<p><a/href="https://example.org/">a</a><a\thref=\'https://example.org/\'>b</a></p>',
    '<script>var a = \'<a href="https://example.org/">\';</script><a href="https://example.org/">c</a>',
]


@pytest.mark.parametrize("html", ODD)
@pytest.mark.parametrize("site_url", ["https://idemnna.github.io/las-pioneras/", None])
def test_odd_links_get_what_the_tag_by_tag_pass_gives(html, site_url):
    assert add_noopener(html, site_url) == reference(html, site_url)


def test_a_link_the_pages_share_is_asked_once(monkeypatch):
    asked = []
    real = security.needs_noopener
    monkeypatch.setattr(security, "needs_noopener", lambda a, h: asked.append(a) or real(a, h))
    getattr(security, "_needs_rel", security.sha256).cache_clear()
    footer = '<footer><a href="https://www.ecosolidar.ch/" rel="noopener">EcoSolidar</a></footer>'
    for n in range(5):
        html = f"<html><head><meta charset=utf-8></head><body><p>{n}</p>{footer}</body></html>"
        assert add_noopener(html, "https://idemnna.github.io/las-pioneras/") == html
    assert len(asked) == 1          # not once per page
