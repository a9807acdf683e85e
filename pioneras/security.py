"""What a static host cannot send as headers, written into the pages themselves.

GitHub Pages sets no Content-Security-Policy header, so every built page gets a
``<meta http-equiv="Content-Security-Policy">`` listing the SHA-256 hash of each inline
script on that page (Material ships two small inline scripts; mkdocs-glightbox's per-page
init script, were it switched back on, would be hashed the same way), and external links
get ``rel="noopener"``.

Plain Python on purpose (no MkDocs import): hooks/security.py is the only glue, and the
tests recompute everything from the built HTML with these same functions.

Policy, and why each part is there:

* ``default-src 'self'``: nothing loads from a third party (no fonts, no analytics).
* ``script-src 'self' 'sha256-…'``: the site's own files plus exactly the inline scripts
  that were in the page at build time. No 'unsafe-inline', no 'unsafe-eval'.
* ``style-src 'self'`` plus the hash of each inline ``<style>`` block. Material 9.8 writes
  no ``style=""`` attribute into its HTML and sets styles at run time only through the
  CSSOM (``el.style.setProperty``), which CSP does not restrict. GLightbox, however,
  sizes the open photo with ``setAttribute("style", …)``, which CSP does restrict, and the
  photo pipeline paints each photo's placeholder colour with ``style="background-color:…"``;
  so a page that has a lightbox gallery, or a ``style=""`` attribute in its HTML, gets
  ``style-src 'self' 'unsafe-inline'`` instead (with 'unsafe-inline' present, hashes
  must be left out or browsers ignore it). Injected CSS cannot run code, and with
  ``default-src``/``img-src 'self'`` it cannot send anything to another host either; the
  script policy is what stops XSS.
* ``img-src 'self' data:``: Material's icons in CSS are ``data:`` SVGs.
* ``object-src 'none'``, ``base-uri 'self'``, ``form-action 'self'``.
* ``frame-ancestors``, ``report-uri`` and ``sandbox`` are ignored in a ``<meta>`` CSP, so
  they are left out (a host that can send headers should add ``frame-ancestors 'none'``).
"""
from __future__ import annotations

import base64
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


def attributes(attrs: str) -> dict[str, str]:
    """'class="a" hidden href=x' -> {'class': 'a', 'hidden': '', 'href': 'x'} (first wins)."""
    out: dict[str, str] = {}
    for name, dq, sq, bare in ATTR_RE.findall(attrs):
        out.setdefault(name.lower(), dq or sq or bare)
    return out


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


def _markup(html: str) -> str:
    """The page without the contents of script/style/textarea/title elements."""
    return RAW_TEXT_RE.sub(" ", html)


def start_tags(html: str):
    """(tag name, attributes) of every start tag outside raw-text elements."""
    for m in TAG_RE.finditer(_markup(html)):
        yield m.group("name").lower(), attributes(m.group("attrs"))


def style_attribute_count(html: str) -> int:
    return sum(1 for _, a in start_tags(html) if "style" in a)


def event_handler_attributes(html: str) -> list[str]:
    """onclick=… and friends: CSP blocks them without 'unsafe-inline'; none should exist."""
    return [f"<{t} {k}>" for t, a in start_tags(html) for k in a if k.startswith("on")]


def javascript_urls(html: str) -> list[str]:
    return [a.get("href", "") for t, a in start_tags(html)
            if t == "a" and a.get("href", "").strip().lower().startswith("javascript:")]


# Classes that mark a photo gallery opened with GLightbox: mkdocs-glightbox's own links, and
# the photo reports' galleries (hooks/photo_reports.py, loaded by photos/gallery.js).
LIGHTBOX_CLASSES = {"glightbox", "pio-gallery"}


def has_lightbox(html: str) -> bool:
    """A GLightbox gallery: opening it writes style attributes at run time."""
    return any(LIGHTBOX_CLASSES & set(a.get("class", "").split()) for _, a in start_tags(html))


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
            ("img-src", ["'self'", "data:"]),
            ("object-src", ["'none'"]),
            ("base-uri", ["'self'"]),
            ("form-action", ["'self'"]),
        ]
        return "; ".join(f"{name} {' '.join(values)}" for name, values in directives)


def _unique(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def page_policy(html: str) -> PagePolicy:
    return PagePolicy(
        script_hashes=_unique(sha256(s) for s in inline_scripts(html)),
        style_hashes=_unique(sha256(s) for s in inline_styles(html)),
        unsafe_inline_styles=style_attribute_count(html) > 0 or has_lightbox(html),
    )


def csp_meta(html: str) -> str | None:
    """The content of the page's CSP <meta>, or None."""
    for m in re.finditer(r"<meta\b" + _ATTRS + r">", _markup(html), re.I):
        a = attributes(m.group("attrs"))
        if a.get("http-equiv", "").lower() == "content-security-policy":
            return a.get("content", "")
    return None


def parse_policy(value: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            out.setdefault(words[0].lower(), words[1:])
    return out


def add_csp(html: str) -> str:
    """Insert (or replace) the page's CSP <meta>, before any script or stylesheet."""
    html = CSP_META_RE.sub("", html)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{page_policy(html).header_value()}">'
    anchor = CHARSET_META_RE.search(html) or HEAD_RE.search(html)
    if anchor is None:
        return html     # not a full document (a fragment): nothing to protect
    return html[:anchor.end()] + "\n  " + meta + html[anchor.end():]


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
    site_host = urlsplit(site_url).netloc.lower() if site_url else None

    def fix(m: re.Match) -> str:
        tag = m.group(0)
        return _add_rel(tag, "noopener") if needs_noopener(attributes(m.group("attrs")), site_host) else tag

    # Only rewrite markup, never the text of scripts and styles.
    out, pos = [], 0
    for raw in RAW_TEXT_RE.finditer(html):
        out.append(A_RE.sub(fix, html[pos:raw.start()]))
        out.append(raw.group(0))
        pos = raw.end()
    out.append(A_RE.sub(fix, html[pos:]))
    return "".join(out)


def external_links_without_noopener(html: str, site_url: str | None) -> list[str]:
    site_host = urlsplit(site_url).netloc.lower() if site_url else None
    return [a["href"] for t, a in start_tags(html) if t == "a" and needs_noopener(a, site_host)
            and "noopener" not in a.get("rel", "").lower().split()]


def harden(html: str, site_url: str | None) -> str:
    """Both changes for one page. Idempotent: running it twice gives the same page."""
    return add_csp(add_noopener(html, site_url))


@dataclass
class Report:
    pages: int = 0
    unsafe_inline_styles: list[str] = field(default_factory=list)
    event_handlers: dict[str, list[str]] = field(default_factory=dict)


def harden_site(site_dir: Path, site_url: str | None) -> Report:
    """Rewrite every HTML file of a built site in place."""
    report = Report()
    for path in sorted(Path(site_dir).rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        new = harden(html, site_url)
        rel = path.relative_to(site_dir).as_posix()
        if page_policy(new).unsafe_inline_styles:
            report.unsafe_inline_styles.append(rel)
        if handlers := event_handler_attributes(new):
            report.event_handlers[rel] = handlers
        if new != html:
            path.write_text(new, encoding="utf-8")
        report.pages += 1
    return report
