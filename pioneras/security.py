"""What a static host cannot send as headers, written into each page: a CSP and rel=noopener.

GitHub Pages sets no Content-Security-Policy header, so every built page gets a
``<meta http-equiv="Content-Security-Policy">``. Its script hashes come from an
**allow-list of the inline scripts the theme and the project ship**, computed from their
template sources (``allowed_scripts``), never from the built page: a script that reached a
page some other way (markup in a title, a data file, a volunteer's raw HTML) is not on the
list, so it is refused by name and the build fails, instead of being hashed and trusted.

Policy, and why each part is there:

* ``default-src 'self'``: nothing loads from a third party (no fonts, no analytics).
* ``script-src 'self' 'sha256-…'``: the site's own files plus the allow-listed inline
  scripts present on the page. No 'unsafe-inline', no 'unsafe-eval'.
* ``style-src``: 'self' plus the hash of each inline ``<style>`` block, or 'unsafe-inline'
  on a page with a lightbox gallery or ``style=""`` attributes (GLightbox sizes the open
  photo with ``setAttribute("style")``, and each photo's placeholder colour is a style
  attribute). Injected CSS cannot run code, and with ``default-src``/``img-src 'self'`` it
  cannot send anything elsewhere either; the script policy is what stops XSS.
* ``img-src 'self' data: blob:``: Material's icons are ``data:`` SVGs; the photo cleaner
  previews the photos it made, locally, as ``blob:`` URLs.
* ``object-src 'none'``, ``base-uri 'self'``, ``form-action 'self'``.
* ``frame-ancestors``, ``report-uri`` and ``sandbox`` are ignored in a ``<meta>`` CSP, so
  they are left out (a host that can send headers should add ``frame-ancestors 'none'``).

Plain Python (no MkDocs import): hooks/security.py is the glue, and the tests recompute
everything from the built HTML with these same functions.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

# A start tag with its attributes; quoted values may contain ">".
_ATTRS = r"(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)"
SCRIPT_RE = re.compile(r"<script\b" + _ATTRS + r">(?P<body>.*?)</script\s*>", re.I | re.S)
STYLE_RE = re.compile(r"<style\b" + _ATTRS + r">(?P<body>.*?)</style\s*>", re.I | re.S)
# Elements whose content is text, not markup: never look for tags inside them.
RAW_TEXT_RE = re.compile(r"<(script|style|textarea|title)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>.*?</\1\s*>", re.I | re.S)
TAG_RE = re.compile(r"<(?P<name>[a-zA-Z][^\s/>]*)" + _ATTRS + r">", re.S)
A_RE = re.compile(r"<a\b" + _ATTRS + r">", re.I | re.S)
ATTR_RE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
CSP_META_RE = re.compile(r"""[ \t]*\n?[ \t]*<meta\s[^>]*http-equiv\s*=\s*["']?content-security-policy["']?[^>]*>""", re.I)
CHARSET_META_RE = re.compile(r"<meta\s[^>]*charset\s*=[^>]*>", re.I)
HEAD_RE = re.compile(r"<head\b[^>]*>", re.I)
JINJA = re.compile(r"\{[{%#]")

# https://html.spec.whatwg.org/#javascript-mime-type: these, "module", "importmap" and
# "speculationrules" run (and CSP checks them); any other type is a data block.
JS_TYPES = {
    "", "module", "importmap", "speculationrules",
    "application/ecmascript", "application/javascript", "application/x-ecmascript",
    "application/x-javascript", "text/ecmascript", "text/javascript", "text/javascript1.0",
    "text/javascript1.1", "text/javascript1.2", "text/javascript1.3", "text/javascript1.4",
    "text/javascript1.5", "text/jscript", "text/livescript", "text/x-ecmascript",
    "text/x-javascript",
}
# Classes that mark a photo gallery opened with GLightbox: mkdocs-glightbox's own links, and
# the photo reports' galleries (loaded by photos/gallery.js).
LIGHTBOX_CLASSES = {"glightbox", "pio-gallery"}
# What examine() looks for. A page is examined once per build: it must cost little next to
# rendering it. So the page is lowered to ASCII bytes once (attribute and tag names are
# ASCII-case-insensitive; a case-insensitive `re` search costs ten times a plain one, and
# str.lower() on accented text more still), raw-text elements are cut out in one pass, and
# each question is first a plain literal search. Only a page where a literal is present
# has its tags cut out (the unrolled expression runs in C without backtracking), attribute
# values emptied, and the question answered exactly, tag by tag, naming the culprit.
START_TAG_RE = re.compile(r"<[a-zA-Z][^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*>")
QUOTED_RE = re.compile(r"\"[^\"]*\"|'[^']*'")
# An attribute starts after whitespace, after "/" (<svg/onload=...>) or right after a quoted
# value (<img src="x"onerror=...>): browsers read all three as a new attribute.
EVENT_ATTR_RE = re.compile(r"[\s/\"'](on[a-z]+)\s*=", re.I)
STYLE_ATTR_RE = re.compile(r"[\s/\"']style\s*=", re.I)
JS_URL_RE = re.compile(r"[\s/\"'](?:href|src|action|formaction)\s*=\s*[\"']?\s*javascript:", re.I)
LIGHTBOX_RE = re.compile(r"[\s/\"']class\s*=\s*[\"']?[^\"'>]*\b(?:" + "|".join(sorted(LIGHTBOX_CLASSES)) + r")\b", re.I)
# The same on the lowered bytes of a page: plain (case-sensitive) expressions.
_B_ATTRS = rb"(?:[^>\"']|\"[^\"]*\"|'[^']*')*"
RAW_TEXT_B = re.compile(rb"<(script|style|textarea|title)\b(" + _B_ATTRS + rb")>(.*?)</\1\s*>", re.S)
A_B = re.compile(rb"<a[ \t\n\r\f/][^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*>")    # unrolled, as START_TAG_RE
EVENT_HINT_B = re.compile(rb"on[a-z]+\s*=")
STYLE_HINT_B = re.compile(rb"style\s*=")
ATTR_START = frozenset(b" \t\n\r\f\v/\"'")


def attributes(attrs: str) -> dict[str, str]:
    """'class="a" hidden href=x' -> {'class': 'a', 'hidden': '', 'href': 'x'} (first wins)."""
    out: dict[str, str] = {}
    for name, dq, sq, bare in ATTR_RE.findall(attrs):
        out.setdefault(name.lower(), dq or sq or bare)
    return out


@functools.lru_cache(maxsize=1024)     # the theme's few inline scripts are on every page
def sha256(text: str) -> str:
    """The CSP hash source of a script or style body, as a browser computes it."""
    # The HTML parser turns CR LF and lone CR into LF before the script sees its text.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def is_executable(attrs: dict[str, str]) -> bool:
    return attrs.get("type", "").strip().lower() in JS_TYPES


def inline_scripts(html: str) -> list[str]:
    """Bodies of the inline scripts a browser would run (JSON and ld+json blocks are data)."""
    out = []
    for m in SCRIPT_RE.finditer(html):
        attrs = attributes(m.group("attrs"))
        if "src" not in attrs and is_executable(attrs):
            out.append(m.group("body"))
    return out


def inline_styles(html: str) -> list[str]:
    return [m.group("body") for m in STYLE_RE.finditer(html)]


def start_tags(html: str):
    """(tag name, attributes) of every start tag outside raw-text elements."""
    for m in TAG_RE.finditer(RAW_TEXT_RE.sub(" ", html)):
        yield m.group("name").lower(), attributes(m.group("attrs"))


# --- the allow-list --------------------------------------------------------------------------

@functools.lru_cache(maxsize=8)
def allowed_scripts(template_dirs: tuple[str, ...]) -> frozenset[str]:
    """Hashes of every constant inline script in the theme's and the project's templates.

    A script whose text holds a template expression (``{{ base_url }}``) differs page by
    page and cannot be listed; the project overrides those with constant ones (see
    overrides/partials/javascripts/base.html). Versioned with the templates themselves:
    editing a script in a template changes the list in the same commit.
    """
    hashes = set()
    for folder in template_dirs:
        for path in sorted(Path(folder).rglob("*.html")):
            for m in SCRIPT_RE.finditer(path.read_text(encoding="utf-8", errors="replace")):
                attrs = attributes(m.group("attrs"))
                if "src" in attrs or not is_executable(attrs):
                    continue
                if not JINJA.search(m.group("body")):
                    hashes.add(sha256(m.group("body")))
    return frozenset(hashes)


# --- one page --------------------------------------------------------------------------------

@dataclass(frozen=True)
class PagePolicy:
    script_hashes: tuple[str, ...]
    style_hashes: tuple[str, ...]
    unsafe_inline_styles: bool

    def header_value(self) -> str:
        script = ["'self'", *self.script_hashes]
        style = ["'self'", "'unsafe-inline'"] if self.unsafe_inline_styles else ["'self'", *self.style_hashes]
        directives = [
            ("default-src", ["'self'"]),
            ("script-src", script),
            ("style-src", style),
            ("img-src", ["'self'", "data:", "blob:"]),
            ("object-src", ["'none'"]),
            ("base-uri", ["'self'"]),
            ("form-action", ["'self'"]),
        ]
        return "; ".join(f"{name} {' '.join(values)}" for name, values in directives)


@dataclass
class Verdict:
    """What one page holds that the policy must know or refuse."""

    policy: PagePolicy
    unknown_scripts: list[str] = field(default_factory=list)    # inline scripts not allow-listed
    event_handlers: list[str] = field(default_factory=list)     # onclick=, href=javascript:


class _Page:
    """One page read once: its UTF-8 bytes, their ASCII-lowercase copy (same offsets), its
    raw-text elements (script, style, textarea, title: text, never markup) and the markup
    between them, lowered."""

    def __init__(self, html: str):
        self.raw = html.encode("utf-8", "surrogatepass")
        self.low = self.raw.lower()
        self.elements = list(RAW_TEXT_B.finditer(self.low))
        self.gaps, pos = [], 0
        for m in self.elements:
            self.gaps.append((pos, m.start()))
            pos = m.end()
        self.gaps.append((pos, len(self.low)))
        self.markup = b" ".join(self.low[start:end] for start, end in self.gaps)

    def text(self, start: int, end: int) -> str:
        return self.raw[start:end].decode("utf-8", "surrogatepass")

    def attribute_hint(self, pattern: re.Pattern) -> bool:
        """Does the literal occur in the markup where an attribute could start? (It may
        still be text or inside a value: a hint, never a verdict on its own.)"""
        return any(m.start() and self.markup[m.start() - 1] in ATTR_START for m in pattern.finditer(self.markup))


def examine(html: str, allowed: frozenset[str]) -> Verdict:
    """A page's inline scripts against the allow-list, its styles, its event handlers and
    javascript: links."""
    return _examine(_Page(html), allowed)


def _examine(page: _Page, allowed: frozenset[str]) -> Verdict:
    bodies, styles = [], []
    for m in page.elements:
        name, body = m.group(1), page.text(*m.span(3))
        if name == b"script":
            attrs = attributes(page.text(*m.span(2)))
            if "src" not in attrs and is_executable(attrs):
                bodies.append(body)
        elif name == b"style":
            styles.append(body)
        if name != b"script" and b"<script" in m.group(3):
            bodies += inline_scripts(body)      # a script as text (in a title...): refused all the same
    scripts = [sha256(body) for body in bodies]
    handlers = []
    if page.attribute_hint(EVENT_HINT_B) or b"javascript:" in page.markup:
        for tag in START_TAG_RE.findall(page.markup.decode("utf-8", "surrogatepass")):
            name = tag[1:].split(None, 1)[0].split("/")[0].rstrip(">")
            handlers += [f"<{name} {a}>" for a in EVENT_ATTR_RE.findall(QUOTED_RE.sub('""', tag))]
            handlers += [f"<{name} href=javascript:>"] if JS_URL_RE.search(tag) else []
    # Styles cannot run code (see above): a hint of a style attribute or a lightbox class is
    # enough to allow inline styles on the page, without cutting its tags out.
    lightbox = any(c.encode() in page.markup for c in LIGHTBOX_CLASSES)
    policy = PagePolicy(
        script_hashes=tuple(dict.fromkeys(h for h in scripts if h in allowed)),
        style_hashes=tuple(dict.fromkeys(sha256(s) for s in styles)),
        unsafe_inline_styles=bool(lightbox or page.attribute_hint(STYLE_HINT_B)))
    return Verdict(policy, [b for b, h in zip(bodies, scripts) if h not in allowed], handlers)


def add_csp(html: str, policy: PagePolicy, *, hardened: bool | None = None) -> str:
    """Insert (or replace) the page's CSP <meta>, before any script or stylesheet.
    ``hardened``: whether the page may hold one already, if the caller knows."""
    if hardened is None:
        hardened = b"content-security-policy" in html.encode("utf-8", "surrogatepass").lower()
    if hardened:                # a page hardened once already
        html = CSP_META_RE.sub("", html)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy.header_value()}">'
    anchor = CHARSET_META_RE.search(html) or HEAD_RE.search(html)
    if anchor is None:
        return html     # not a full document (a fragment): nothing to protect
    return html[:anchor.end()] + "\n  " + meta + html[anchor.end():]


def csp_meta(html: str) -> str | None:
    """The content of the page's CSP <meta>, or None."""
    for tag, a in start_tags(html):
        if tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy":
            return a.get("content", "")
    return None


def parse_policy(value: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            out.setdefault(words[0].lower(), words[1:])
    return out


# --- rel=noopener ------------------------------------------------------------------------------

def is_external(href: str, site_host: str | None) -> bool:
    parts = urlsplit(href.strip())
    if href.strip().startswith("//"):
        return (parts.netloc or "").lower() != (site_host or "")
    if parts.scheme.lower() not in ("http", "https"):
        return False
    return parts.netloc.lower() != (site_host or "")


def needs_noopener(attrs: dict[str, str], site_host: str | None) -> bool:
    return "href" in attrs and (is_external(attrs["href"], site_host)
                                or attrs.get("target", "").lower() == "_blank")


def _add_rel(tag: str, token: str) -> str:
    """Add a token to the rel attribute of one start tag, keeping everything else as is."""
    m = re.search(r"""(\srel\s*=\s*)("([^"]*)"|'([^']*)'|([^\s>]+))""", tag, re.I)
    if m:
        current = (m.group(3) or m.group(4) or m.group(5) or "").split()
        if token in (t.lower() for t in current):
            return tag
        value = " ".join([*current, token])
        return tag[:m.start(2)] + f'"{value}"' + tag[m.end(2):]
    end = -2 if tag.endswith("/>") else -1
    return tag[:end].rstrip() + f' rel="{token}"' + tag[end:]


def add_noopener(html: str, site_url: str | None) -> str:
    return _add_noopener(_Page(html), html, site_url)


def _add_noopener(page: _Page, html: str, site_url: str | None) -> str:
    site_host = urlsplit(site_url).netloc.lower() if site_url else None
    # Nearly every page needs no change: its external links (the header's, the footer's,
    # the same on every page) have rel=noopener already. Each distinct link is asked once
    # (_needs_rel); only a page where one needs it is edited, tag by tag.
    if not any((b"//" in tag or b"_blank" in tag) and _needs_rel(tag, site_host)
               for start, end in page.gaps for tag in A_B.findall(page.low, start, end)):
        return html
    edits = []
    for start, end in page.gaps:        # only markup, never the text of scripts and styles
        for m in A_B.finditer(page.low, start, end):
            if b"//" not in m.group(0) and b"_blank" not in m.group(0):
                continue        # a link within the site: neither external nor a new tab
            tag = page.text(*m.span())
            if needs_noopener(attributes(tag[2:-1]), site_host):
                fixed = _add_rel(tag, "noopener")
                if fixed != tag:
                    edits.append((m.start(), m.end(), fixed.encode("utf-8", "surrogatepass")))
    if not edits:
        return html
    out, pos = [], 0
    for start, end, fixed in edits:
        out += [page.raw[pos:start], fixed]
        pos = end
    out.append(page.raw[pos:])
    return b"".join(out).decode("utf-8", "surrogatepass")


@functools.lru_cache(maxsize=4096)
def _needs_rel(tag: bytes, site_host: str | None) -> bool:
    """Does this <a> start tag (lowered UTF-8, as _Page.low holds it) need rel=noopener
    added? Lowering cannot change the answer: attribute names, the scheme, the host,
    "_blank" and rel's tokens are all compared in lower case."""
    text = tag.decode("utf-8", "surrogatepass")
    return needs_noopener(attributes(text[2:-1]), site_host) and _add_rel(text, "noopener") != text


def external_links_without_noopener(html: str, site_url: str | None) -> list[str]:
    site_host = urlsplit(site_url).netloc.lower() if site_url else None
    return [a["href"] for t, a in start_tags(html) if t == "a" and needs_noopener(a, site_host)
            and "noopener" not in a.get("rel", "").lower().split()]


def harden(html: str, site_url: str | None, allowed: frozenset[str]) -> tuple[str, Verdict]:
    """Both changes for one page, and what it found. Idempotent."""
    page = _Page(html)
    verdict = _examine(page, allowed)       # adding rel=noopener changes none of it
    html = _add_noopener(page, html, site_url)
    return add_csp(html, verdict.policy, hardened=b"content-security-policy" in page.low), verdict
