"""What search engines and the language switch read: hreflang links, sitemaps, search indexes.

Every language shares one path per page (``donar/`` and ``en/donar/``), so a page's
translation is found by adding or removing the language prefix. The languages come in as
a tuple, the default first (pioneras.project reads them from mkdocs.yml). Everything here
is pure: it takes paths and texts and returns strings, and is unit-tested on its own.
"""
from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.sax.saxutils import escape


def lang_prefix(lang: str, languages: tuple[str, ...]) -> str:
    """'' for the default language (the first), 'en/' for the others."""
    return "" if lang == languages[0] else f"{lang}/"


def neutral_path(url: str, lang: str, languages: tuple[str, ...]) -> str:
    """'en/donar/' -> 'donar/'; the path a page has in every language."""
    prefix = lang_prefix(lang, languages)
    return url[len(prefix):] if prefix and url.startswith(prefix) else url


@dataclass(frozen=True)
class PageEntry:
    """One built page: its language, its language-neutral path, and whether it is translated."""

    lang: str
    prefix: str         # the language's URL prefix: '' or 'en/'
    path: str           # '' for home, 'donar/' ...
    translated: bool    # False for an English fallback showing the Spanish text

    def url(self, site_url: str) -> str:
        return absolute(site_url, self.prefix + self.path)


def absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path.lstrip("/")


def root_path(site_url: str, prefix: str) -> str:
    """'/las-pioneras/en/': where a language starts on the server, for the 404 page's script."""
    return urlsplit(absolute(site_url, prefix)).path


def alternates(path: str, translated_in: set[str], site_url: str,
               languages: tuple[str, ...]) -> list[tuple[str, str]]:
    """hreflang pairs for a page: each language it really exists in, plus x-default (the default)."""
    pairs = [(lang, absolute(site_url, lang_prefix(lang, languages) + path))
             for lang in languages if lang in translated_in]
    pairs.append(("x-default", absolute(site_url, path)))
    return pairs


def sitemap(entries: list[PageEntry], lang: str, site_url: str, languages: tuple[str, ...]) -> str:
    """A sitemap of one language's real pages (fallbacks left out), with hreflang alternates."""
    translated: dict[str, set[str]] = {}
    for e in entries:
        if e.translated:
            translated.setdefault(e.path, set()).add(e.lang)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for e in sorted({e for e in entries if e.lang == lang and e.translated}, key=lambda e: e.path):
        lines.append(f"  <url>\n    <loc>{escape(e.url(site_url))}</loc>")
        for hreflang, href in alternates(e.path, translated[e.path], site_url, languages):
            lines.append(f'    <xhtml:link rel="alternate" hreflang="{hreflang}" href="{escape(href)}"/>')
        lines.append("  </url>")
    lines.append("</urlset>\n")
    return "\n".join(lines)


def gzipped(text: str) -> bytes:
    # mtime=0: the same sitemap gives the same bytes, so rebuilds are reproducible.
    return gzip.compress(text.encode("utf-8"), mtime=0)


def robots_txt(site_url: str, languages: tuple[str, ...]) -> str:
    maps = "".join(f"Sitemap: {absolute(site_url, lang_prefix(l, languages) + 'sitemap.xml')}\n"
                   for l in languages)
    return f"User-agent: *\nAllow: /\n\n{maps}"


def split_search_index(index: dict, languages: tuple[str, ...]) -> dict[str, dict]:
    """One search index per language, locations relative to that language's root.

    The merged index static-i18n writes mixes the languages (static-i18n #31); each
    language gets its own, with its own stemming.
    """
    per_lang: dict[str, dict] = {}
    others = [lang_prefix(o, languages) for o in languages[1:]]
    for lang in languages:
        prefix = lang_prefix(lang, languages)
        if prefix:
            docs = [dict(d, location=d["location"][len(prefix):]) for d in index["docs"]
                    if d["location"].startswith(prefix)]
        else:
            docs = [d for d in index["docs"] if not d["location"].startswith(tuple(others))]
        config = dict(index.get("config", {}), lang=[lang])
        per_lang[lang] = {"config": config, "docs": docs}
    return per_lang


def kept_search(old: object, new: dict, rendered: set[str], pages: set[str]) -> dict:
    """The search index of a quick preview rebuild, which renders (and so indexes) only some
    pages: their new entries, and last build's entries of every other page that still
    exists. Locations and page paths are relative to the language's root ('' for home)."""
    if not isinstance(old, dict) or not isinstance(old.get("docs"), list):
        return new
    kept = [d for d in old["docs"] if isinstance(d, dict) and isinstance(d.get("location"), str)
            and (page := d["location"].split("#", 1)[0]) not in rendered and page in pages]
    return {**new, "docs": kept + new["docs"]}


def search_json(index: dict) -> str:
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))
