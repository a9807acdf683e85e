"""Links, images and headings in pages: the checks MkDocs makes, made first and said plainly.

MkDocs checks links only while it renders, in English, without a line number, and a
strict build stops on them; ``check`` used to say nothing. Both now run this module on the
same page sources, so a broken link reads the same, at the same line, everywhere. The
build still lets MkDocs look too (hooks/report.py re-says anything it finds that this
module did not, in the same form), so nothing is lost if the two ever differ.

What is checked, per page:
* links to other pages (``otra.md``, ``../carpeta/pagina.md#seccion``): the page exists in
  this language, or in the default language (the build shows it untranslated);
* anchors (``#seccion``): a heading or element with that id exists on the target page;
* absolute links (``/donar/``) and links without ``.md`` (``donar/``), which break between
  the project site and a custom domain;
* files and images: they exist and are published (docs/assets/, a report photo through
  the image pipeline; never a report's original);
* nothing is loaded from another host: no external image, frame, script, audio or video.

Markdown is not fully parsed here (that is MkDocs' job): fenced code, code spans and HTML
comments are skipped, which is where link-like text that is not a link lives.
"""
from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from markdown.extensions.toc import slugify, unique

from pioneras.problems import Problem, problem
from pioneras.project import REPORTS

from .pages import PageSource

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.|\n)*?(?<!`)\1(?!`)")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_INLINE = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]"
    r"\(\s*(?P<url><[^>\n]*>|[^)\s]*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
_REF_DEF = re.compile(r"^[ ]{0,3}\[(?P<id>[^\]]+)\]:[ \t]*(?P<url><[^>\n]*>|\S+)", re.M)
_REF_USE = re.compile(r"(?P<bang>!?)\[(?P<text>[^\]\n]*)\](?:\[(?P<id>[^\]\n]*)\])?(?![(:])")
_TAG = re.compile(r"<(?P<name>a|img|iframe|script|source|video|audio|embed|object|link|track|frame)\b"
                  r"(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.I)
_ATTR = re.compile(r"""\b(?P<name>href|src|data|poster)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))""", re.I)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(?P<text>.+?)[ \t#]*$", re.M)
_SETEXT = re.compile(r"^(?P<text>[^\n]+)\n(=+|-+)[ \t]*$", re.M)
_ATTR_ID = re.compile(r"\{[:\s]*[^}]*?#(?P<id>[\w\-:.]+)[^}]*\}")
_HTML_ID = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""", re.I)
_ALWAYS_EXTERNAL = {"iframe", "frame", "embed", "object"}
_ANY_TAG = re.compile(r"<[a-zA-Z][\w-]*(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_EVENT = re.compile(r"\son[a-z]+\s*=", re.I)
_JS_URL = re.compile(r"""\b(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)


@dataclass(frozen=True)
class Link:
    offset: int          # in the page body
    url: str
    kind: str            # "link", "image" or an HTML element name


def _blank(match: re.Match) -> str:
    """Keep offsets (and so line numbers) while hiding what is not Markdown to check."""
    return "".join("\n" if c == "\n" else " " for c in match.group(0))


def visible(body: str) -> str:
    """The body with code and comments blanked out, same length."""
    body = _COMMENT.sub(_blank, body)
    out, fenced, fence = [], False, ""
    for line in body.splitlines(keepends=True):
        opening = _FENCE.match(line)
        if opening and (not fenced or opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence)):
            fenced, fence = (not fenced), opening.group(1)
            out.append(" " * (len(line) - 1) + "\n" if line.endswith("\n") else " " * len(line))
        elif fenced:
            out.append(" " * (len(line) - 1) + "\n" if line.endswith("\n") else " " * len(line))
        else:
            out.append(line)
    return _CODE_SPAN.sub(_blank, "".join(out))


def links(body: str) -> list[Link]:
    """Every link, image and resource-loading HTML element of a page body."""
    text = visible(body)
    found = [Link(m.start("url"), m.group("url").strip("<>"), "image" if m.group("bang") else "link")
             for m in _INLINE.finditer(text)]
    definitions = {m.group("id").strip().lower(): m for m in _REF_DEF.finditer(text)}
    used = set()
    for m in _REF_USE.finditer(text):
        key = (m.group("id") or m.group("text") or "").strip().lower()
        if key in definitions and key not in used:
            used.add(key)
            d = definitions[key]
            found.append(Link(d.start("url"), d.group("url").strip("<>"), "image" if m.group("bang") else "link"))
    for m in _TAG.finditer(text):
        name = m.group("name").lower()
        for a in _ATTR.finditer(m.group("attrs")):
            value = a.group("dq") if a.group("dq") is not None else (a.group("sq") or a.group("bare") or "")
            found.append(Link(m.start("attrs") + a.start(), value, name))
        if name in _ALWAYS_EXTERNAL and not _ATTR.search(m.group("attrs")):
            found.append(Link(m.start(), "", name))
    return sorted(found, key=lambda l: l.offset)


def anchors(body: str) -> set[str]:
    """The ids a page's Markdown gives its headings (as Python-Markdown's toc does) and
    the ids written by hand (attribute lists, raw HTML)."""
    text = visible(body)
    ids: set[str] = set()
    headings = sorted([(m.start(), m.group("text")) for m in _HEADING.finditer(text)]
                      + [(m.start(), m.group("text")) for m in _SETEXT.finditer(text)
                         if m.group("text").strip() and not m.group("text").lstrip().startswith(("-", "#", "|", ">"))])
    for _, heading in headings:
        explicit = _ATTR_ID.search(heading)
        if explicit:
            ids.add(explicit.group("id"))
            continue
        plain = re.sub(r"\{[:\s][^}]*\}\s*$", "", heading)
        plain = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", plain)     # links and images: their text
        plain = re.sub(r"<[^>]+>", "", plain)                          # inline HTML
        plain = re.sub(r"(\*\*|__|\*|_|~~|`)", "", plain)              # emphasis and code marks
        ids.add(unique(slugify(plain, "-"), ids))
    ids.update(m.group("id") for m in _ATTR_ID.finditer(text))
    ids.update(_HTML_ID.findall(text))
    return ids


def code_in(page: PageSource) -> list[Problem]:
    """Code in a page's raw HTML: a <script>, an on… event attribute, a javascript: link.
    The site's CSP would block it, and the build refuses it by name; say so at its line."""
    text = visible(page.body)
    found = []
    for m in re.finditer(r"<script\b", text, re.I):
        found.append(problem("pages.script", page.shown, page.line_of(m.start()), what="<script>"))
    for m in _ANY_TAG.finditer(text):
        attrs = m.group("attrs")
        if _EVENT.search(attrs) or _JS_URL.search(attrs):
            found.append(problem("pages.script", page.shown, page.line_of(m.start()),
                                 what=m.group(0)[:40] + ("…" if len(m.group(0)) > 40 else "")))
    return found


class LinkChecker:
    """Checks the links of every page against all pages, files and anchors of the site."""

    def __init__(self, pages: dict[str, PageSource], files: set[str], default_language: str,
                 docs_shown: str, photo_ok=lambda slug, name: False):
        self.pages = pages
        self.files = files                  # other publishable files, relative to docs/
        self.default = default_language
        self.docs = docs_shown
        self.photo_ok = photo_ok            # (report, file) -> is it a published report photo?
        self._anchors: dict[str, set[str]] = {}

    def check(self, page: PageSource) -> list[Problem]:
        out: list[Problem] = list(page.once("code", lambda: code_in(page)))
        for link in page.once("links", lambda: links(page.body)):
            found = self._one(page, link)
            if found:
                out.append(found)
        return out

    def anchors_of(self, src: str) -> set[str]:
        if src not in self._anchors:
            page = self.pages.get(src)
            self._anchors[src] = page.once("anchors", lambda: anchors(page.body)) if page else set()
        return self._anchors[src]

    def page_for(self, target: str) -> str | None:
        """The page a link target reaches: this language's, else the default language's."""
        if target in self.pages:
            return target
        lang, _, rest = target.partition("/")
        fallback = f"{self.default}/{rest}"
        return fallback if lang != self.default and fallback in self.pages else None

    def _one(self, page: PageSource, link: Link) -> Problem | None:
        line = page.line_of(link.offset)
        url = link.url.strip()
        parts = urlsplit(url)
        where = page.shown
        if link.kind == "script":
            return None if not (parts.scheme or parts.netloc) else \
                problem("links.external-resource", where, line, url=url)
        if parts.scheme or parts.netloc or url.startswith("//"):
            if link.kind != "link" and link.kind != "a" and parts.scheme.lower() not in ("mailto", "tel", "data"):
                return problem("links.external-resource", where, line, url=url)
            if link.kind in _ALWAYS_EXTERNAL:
                return problem("links.external-resource", where, line, url=url)
            return None
        if link.kind == "script":
            return None                 # code_in() says it, for scripts from anywhere
        if link.kind in _ALWAYS_EXTERNAL:
            return problem("links.external-resource", where, line, url=url or f"<{link.kind}>")
        if not url:
            return problem("links.empty", where, line)
        if url.startswith(("/", "\\")):
            return problem("links.absolute", where, line, url=url)
        path = unquote(parts.path)
        if not path:
            here = self.anchors_of(page.src) if self.pages.get(page.src) is page else anchors(page.body)
            if parts.fragment and parts.fragment not in here:
                return problem("links.anchor-here", where, line, url=url, anchor=parts.fragment)
            return None
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page.src), path))
        if target.startswith("../") or target == "..":
            return problem("links.outside-docs", where, line, url=url)
        if target.split("/")[0] == REPORTS:
            report_parts = target.split("/")
            if link.kind == "image" and len(report_parts) == 3:
                return None            # the image pipeline handles (and reports) report photos
            return problem("links.report-original", where, line, url=url)
        if target.endswith(".md"):
            reached = self.page_for(target)
            if reached is None:
                close = self._suggest(page, target)
                if close:
                    return problem("links.not-found-close", where, line, url=url, suggestion=close)
                return problem("links.not-found", where, line, url=url)
            if parts.fragment and parts.fragment not in self.anchors_of(reached):
                return problem("links.anchor", where, line, url=url, anchor=parts.fragment,
                               page=f"{self.docs}/{reached}")
            return None
        if not posixpath.splitext(path)[1]:
            md = target.rstrip("/") + ".md"
            index = target.rstrip("/") + "/index.md"
            known = next((t for t in (md, index) if self.page_for(t)), None)
            if known:
                return problem("links.no-md", where, line, url=url,
                               hint=posixpath.relpath(known, posixpath.dirname(page.src)))
            return problem("links.not-found", where, line, url=url)
        if target not in self.files:
            return problem("links.file-not-found", where, line, url=url)
        return None

    def _suggest(self, page: PageSource, target: str) -> str:
        """The page of this language whose path is closest to the broken one, if any is close."""
        lang = page.lang
        stems = {src[len(lang) + 1:-3]: src for src in self.pages if src.startswith(f"{lang}/")}
        wanted = target[len(lang) + 1:-3] if target.startswith(f"{lang}/") else target[:-3]
        close = difflib.get_close_matches(wanted, list(stems), n=1, cutoff=0.75)
        return posixpath.relpath(stems[close[0]], posixpath.dirname(page.src)) if close else ""
