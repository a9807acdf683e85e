"""MkDocs glue: what a page tells social networks, search engines and feed readers.

For every page (and the 404 page) in its language, overrides/partials/share-meta.html
writes: Open Graph and Twitter tags (absolute URLs), schema.org JSON-LD where it fits
(home: WebSite + Organization; a story: BlogPosting), and <link rel="alternate"> to this
language's story feeds.

The share card (the preview image) is drawn by pioneras.cards, offline, once per distinct
text: into the persistent cache ``.cache/cards/`` (``PIONERAS_CARDS_CACHE`` moves it),
then copied into the site. An unchanged rebuild draws nothing. static-i18n builds each
language in turn in one process; each page is seen once per language, and a card
already published in this run is not copied twice.

``PIONERAS_CARDS=off`` skips drawing and copying (quick previews; the tags still point
where the cards would be).
"""
from __future__ import annotations

import logging
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mkdocs.plugins import event_priority

from pioneras import cards, seo
from pioneras import stories as st

log = logging.getLogger("mkdocs.plugins.pioneras.share")
_queue: dict[str, cards.Card] = {}      # site path -> card, for this language's build
_published: set[str] = set()            # site paths already written in this run
_used: dict[str, set[Path]] = {}        # cache folder -> cards this run used (for the sweep)


def _lang(config) -> str:
    return config.plugins["i18n"].current_language


def _root(config) -> Path:
    return Path(config.config_file_path).parent


def _fonts(config) -> Path:
    return _root(config) / "assets" / "fonts"


def _cache(config) -> Path:
    return Path(os.environ.get("PIONERAS_CARDS_CACHE") or _root(config) / ".cache" / "cards")


def _enabled() -> bool:
    return os.environ.get("PIONERAS_CARDS", "on").strip().lower() not in {"0", "off", "false", "no"}


@event_priority(100)
def on_pre_build(config) -> None:
    if _lang(config) == seo.DEFAULT:
        _published.clear()
        _used.clear()
    _queue.clear()


def _card_url(config, card: cards.Card, path: str) -> str:
    site_path = cards.card_path(card, path, _fonts(config))
    _queue[site_path] = card
    return seo.absolute(config.site_url, site_path)


def on_page_context(context, page, config, nav):
    lang = _lang(config)
    labels = st.LABELS[lang]
    path = seo.neutral_path(page.url, lang)
    post = getattr(page, "story", None)
    title = page.meta.get("title") or page.title or config.site_name
    description = page.meta.get("description") or config.site_description
    exists_in = {l for l, f in page.file.alternates.items() if getattr(f, "locale", l) == l}
    exists_in.add(page.file.locale)

    if post is not None:
        line = f"{labels['section']} · {st.format_date(post.date, lang)}"
    elif path.startswith(f"{st.SECTION}/") and path != f"{st.SECTION}/":
        line = labels["section"]
    else:
        line = page.parent.title if page.parent is not None else ""
    card = cards.Card(lang, title, line, labels["footer"])
    image = _card_url(config, card, path)

    is_article = post is not None and post.lang == lang
    extras = getattr(page, "story_extras", {}) if is_article else {}
    categories = extras.get("categories", {})
    context["share"] = cards.share_tags(
        locale=st.LOCALES[lang], title=title, description=description, image_url=image,
        image_alt=f"{config.site_name}: {title}", site_name=config.site_name,
        url=page.canonical_url, kind="article" if is_article else "website",
        other_locales=tuple(st.LOCALES[l] for l in st.LANGS if l in exists_in and l != lang),
        published=post.date.isoformat() if is_article else None,
        section=(categories.get(post.categories[0], {}).get(lang) if is_article and post.categories else None),
    )
    if page.is_homepage or path == "":
        context["share_json_ld"] = st.json_ld(st.organization_ld(
            config.site_url, lang, seo.absolute(config.site_url, "assets/images/logo.svg")))
    elif is_article:
        cover = extras.get("cover")
        images = ([cover.url] if cover else []) + [image]
        context["share_json_ld"] = st.json_ld(st.post_ld(
            post, config.site_url, categories, images, extras.get("translations", {})))
    context["share_feeds"] = st.feed_links(lang, config.site_url)
    return context


def on_template_context(context, template_name, config):
    # Pages without a Page object: only the 404 page is HTML.
    if template_name != "404.html":
        return context
    lang = _lang(config)
    card = cards.Card(lang, config.site_description, "", st.LABELS[lang]["footer"])
    image = _card_url(config, card, "sitio")
    context["share"] = cards.share_tags(
        locale=st.LOCALES[lang], title=config.site_name, description=config.site_description,
        image_url=image, image_alt=f"{config.site_name}: {config.site_description}",
        site_name=config.site_name)
    context["share_feeds"] = st.feed_links(lang, config.site_url)
    return context


def on_post_build(config) -> None:
    lang = _lang(config)
    todo = {p: c for p, c in _queue.items() if p not in _published}
    _queue.clear()
    if not _enabled():
        log.info("share cards (%s): PIONERAS_CARDS=off, %d cards not drawn", lang, len(todo))
        return
    started = time.perf_counter()
    cache, fonts, site = _cache(config), _fonts(config), Path(config.site_dir)
    by_key: dict[str, list[str]] = {}
    for site_path, card in todo.items():
        by_key.setdefault(cards.card_key(card, fonts), []).append(site_path)

    def publish(paths: list[str]) -> bool:
        src, drawn = cards.ensure(todo[paths[0]], cache, fonts)
        for site_path in paths:
            dest = site / site_path
            dest.parent.mkdir(parents=True, exist_ok=True)
            try:
                shutil.copyfile(src, dest)
            except FileNotFoundError:        # swept by another build sharing the cache
                src, drawn = cards.ensure(todo[paths[0]], cache, fonts)
                shutil.copyfile(src, dest)
        _used.setdefault(str(cache), set()).add(src)
        return drawn

    # Drawing is ~10 ms and PNG encoding ~20 ms a card; Pillow releases the GIL while
    # encoding, so threads nearly halve a cold build on two cores.
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        drawn = sum(pool.map(publish, by_key.values()))
    _published.update(todo)
    log.info("share cards (%s): %d pages, %d drawn, %d from the cache, %.2f s (%s)",
             lang, len(todo), drawn, len(by_key) - drawn, time.perf_counter() - started, cache)


def on_build_error(error) -> None:
    _used.clear()        # an unfinished build used only some cards: sweep nothing


def on_shutdown() -> None:
    """After the build: drop cached cards this build did not use (an edited title leaves
    its old card behind), as the photo cache does. Only cards (*.png) are touched."""
    for folder, used in _used.items():
        removed = 0
        for path in Path(folder).glob("*.png"):
            if path not in used:
                path.unlink(missing_ok=True)
                removed += 1
        if removed:
            log.info("share cards: %d unused cards removed from %s", removed, folder)
