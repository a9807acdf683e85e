"""MkDocs glue that makes the languages behave as one site (see README, "Languages done right").

Fixes what a stock Material + static-i18n site gets wrong: absolute hreflang with
x-default, one sitemap and one search index per language, a root 404 page in the default
language, and Material's language-switch script fetching sitemaps that do not exist. The
logic is in pioneras.seo; this file collects pages (``build.pages``) and writes files.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs_static_i18n.reconfigure import LUNR_LANGUAGES

from pioneras import seo
from pioneras.build import Build

log = logging.getLogger("mkdocs.plugins.pioneras.seo")
# Material's bundle fetches "sitemap.xml" next to every <link rel=alternate>; with
# absolute per-page hreflang that is a 404 per page. Our switch links already point to
# the translated page, so the script's guessing is turned off by narrowing its selector.
SWITCH_SELECTOR = 'M("link[rel=alternate]")'
SWITCH_SELECTOR_OFF = 'M("link[rel=alternate][data-md-switch]")'
# Pages for volunteers, not visitors: their template says noindex, and no sitemap lists them.
NOINDEX_TEMPLATES = {"photo-cleaner.html"}


@event_priority(90)         # after hooks/build.py, before the search plugin reads its languages
def on_config(config):
    # The search stems each language's words; its languages follow the one list in
    # mkdocs.yml (i18n), those lunr knows. static-i18n's own search reconfiguration is off
    # (reconfigure_search: false): it also removed "duplicates" by comparing every entry
    # with every other, a quarter of a 2,000-page build, for pages this site never doubles.
    build = Build.of(config)
    search = config.plugins.get("search") or config.plugins.get("material/search")
    if search is not None and build.outer:
        search.config.lang = [l for l in build.project.languages if l in LUNR_LANGUAGES]
    if build.quick and build.outer:     # the preview: what its search found before this rebuild
        for lang in build.project.languages:
            build.search_before[lang] = _read_json(_search_file(Path(config.site_dir), lang, build.project.languages))
    return config


def on_page_context(context, page, config, nav):
    build = Build.of(config)
    languages = build.project.languages
    path = seo.neutral_path(page.url, build.lang, languages)
    translated_in = {l for l, f in page.file.alternates.items() if getattr(f, "locale", l) == l}
    translated_in.add(page.file.locale)
    if page.meta.get("template") not in NOINDEX_TEMPLATES:
        build.pages.setdefault(build.lang, []).append(
            seo.PageEntry(build.lang, build.prefix, path, page.file.locale == build.lang))
    context["hreflang"] = seo.alternates(path, translated_in, config.site_url, languages)
    context["lang_root"] = build.prefix
    return context


def on_template_context(context, template_name, config):
    build = Build.of(config)
    context["lang_root"] = build.prefix
    context["root_paths"] = {lang: seo.root_path(config.site_url, build.project.prefix(lang))
                             for lang in build.project.languages}
    return context


@event_priority(-10)        # after hooks/security.py gave the 404 page its policy
def on_post_template(output, template_name, config):
    if template_name == "404.html":
        Build.of(config).not_found[Build.of(config).lang] = output
    return output


@event_priority(-110)       # after static-i18n's on_post_build, which runs the other languages
def on_post_build(config) -> None:
    if config.plugins["i18n"].building:     # an inner language pass: wait for the last call
        return
    build = Build.of(config)
    site, languages = Path(config.site_dir), build.project.languages
    entries = [e for lang in languages for e in build.pages.get(lang, [])]
    for lang in languages:
        folder = site / build.project.prefix(lang)
        xml = seo.sitemap(entries, lang, config.site_url, languages)
        (folder / "sitemap.xml").write_text(xml, encoding="utf-8")
        (folder / "sitemap.xml.gz").write_bytes(seo.gzipped(xml))
        if lang in build.not_found:
            (folder / "404.html").write_text(build.not_found[lang], encoding="utf-8")
    (site / "robots.txt").write_text(seo.robots_txt(config.site_url, languages), encoding="utf-8")
    _split_search(site, build)
    _turn_off_switch_guessing(site)


def _split_search(site: Path, build: Build) -> None:
    languages = build.project.languages
    merged = site / "search" / "search_index.json"
    if not merged.exists():
        return
    index = json.loads(merged.read_text(encoding="utf-8"))
    for lang, part in seo.split_search_index(index, languages).items():
        if build.quick:     # it indexed only the pages it rendered; the others keep theirs
            outputs = build.outputs
            part = seo.kept_search(build.search_before.get(lang), part, outputs.rendered.get(lang, set()),
                                   outputs.pages.get(lang, set()))
        target = _search_file(site, lang, languages)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(seo.search_json(part), encoding="utf-8")


def _search_file(site: Path, lang: str, languages: tuple[str, ...]) -> Path:
    return site / seo.lang_prefix(lang, languages) / "search" / "search_index.json"


def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _turn_off_switch_guessing(site: Path) -> None:
    for bundle in (site / "assets" / "javascripts").glob("bundle.*.min.js"):
        text = bundle.read_text(encoding="utf-8")
        if SWITCH_SELECTOR_OFF in text:
            continue
        if SWITCH_SELECTOR not in text:
            log.warning("Material's bundle changed: %s no longer contains %s; review "
                        "hooks/seo.py after upgrading mkdocs-material", bundle.name, SWITCH_SELECTOR)
            continue
        bundle.write_text(text.replace(SWITCH_SELECTOR, SWITCH_SELECTOR_OFF), encoding="utf-8")
