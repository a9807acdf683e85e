"""MkDocs glue that makes the two languages behave as one site (see notes in README).

Fixes what a stock Material + static-i18n site gets wrong: absolute hreflang with
x-default, one sitemap and one search index per language, a Spanish root 404 page,
and Material's language-switch script fetching sitemaps that do not exist.
The logic is in pioneras.seo; this file only collects pages and writes files.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from mkdocs.plugins import event_priority

from pioneras import seo

log = logging.getLogger("mkdocs.plugins.pioneras.i18n")
_pages: list[seo.PageEntry] = []
_not_found: dict[str, str] = {}

# Material's bundle fetches "sitemap.xml" next to every <link rel=alternate>; with
# absolute per-page hreflang that is a 404 per page. Our switch links already point to
# the translated page, so the script's guessing is turned off by narrowing its selector.
SWITCH_SELECTOR = 'M("link[rel=alternate]")'
SWITCH_SELECTOR_OFF = 'M("link[rel=alternate][data-md-switch]")'


def _language(config) -> str:
    return config.plugins["i18n"].current_language


@event_priority(100)
def on_pre_build(config) -> None:
    if _language(config) == seo.DEFAULT:
        _pages.clear()
        _not_found.clear()


def on_page_context(context, page, config, nav):
    lang = _language(config)
    path = seo.neutral_path(page.url, lang)
    translated_in = {l for l, f in page.file.alternates.items() if getattr(f, "locale", l) == l}
    translated_in.add(page.file.locale)
    _pages.append(seo.PageEntry(lang, path, page.file.locale == lang))
    context["hreflang"] = seo.alternates(path, translated_in, config.site_url)
    context["lang_root"] = seo.lang_prefix(lang)
    return context


def on_template_context(context, template_name, config):
    context["lang_root"] = seo.lang_prefix(_language(config))
    context["en_root_path"] = seo.root_path(config.site_url, "en")
    return context


def on_post_template(output, template_name, config):
    if template_name == "404.html":
        _not_found[_language(config)] = output
    return output


@event_priority(-110)
def on_post_build(config) -> None:
    if config.plugins["i18n"].building:     # an inner language build: wait for the last call
        return
    site = Path(config.site_dir)
    for lang in seo.LANGS:
        folder = site / seo.lang_prefix(lang)
        xml = seo.sitemap(_pages, lang, config.site_url)
        (folder / "sitemap.xml").write_text(xml, encoding="utf-8")
        (folder / "sitemap.xml.gz").write_bytes(seo.gzipped(xml))
        if lang in _not_found:
            (folder / "404.html").write_text(_not_found[lang], encoding="utf-8")
    (site / "robots.txt").write_text(seo.robots_txt(config.site_url), encoding="utf-8")
    _split_search(site)
    _turn_off_switch_guessing(site)


def _split_search(site: Path) -> None:
    merged = site / "search" / "search_index.json"
    if not merged.exists():
        return
    for lang, index in seo.split_search_index(json.loads(merged.read_text(encoding="utf-8"))).items():
        target = site / seo.lang_prefix(lang) / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(seo.search_json(index), encoding="utf-8")


def _turn_off_switch_guessing(site: Path) -> None:
    for bundle in (site / "assets" / "javascripts").glob("bundle.*.min.js"):
        text = bundle.read_text(encoding="utf-8")
        if SWITCH_SELECTOR_OFF in text:
            continue
        if SWITCH_SELECTOR not in text:
            log.warning("Material's bundle changed: %s no longer contains %s; review "
                        "hooks/i18n_fixes.py after upgrading mkdocs-material", bundle.name, SWITCH_SELECTOR)
            continue
        bundle.write_text(text.replace(SWITCH_SELECTOR, SWITCH_SELECTOR_OFF), encoding="utf-8")
