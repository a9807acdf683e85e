"""MkDocs glue: what a page tells social networks, search engines and feed readers.

For every page (and the 404 page) in its language, overrides/partials/share-meta.html
writes Open Graph and Twitter tags (absolute URLs), schema.org JSON-LD where it fits
(home: WebSite + Organization; a story: BlogPosting), and links to this language's feeds.

The share card (the preview image) is drawn by pioneras.cards, offline, once per distinct
text, into a persistent cache (``extra.pioneras.cards.cache`` in mkdocs.yml), then copied
into the site; an unchanged rebuild draws nothing and copies nothing (the last build's
cards are set aside before MkDocs empties the site, and moved back). The preview
(`mkdocs serve`) writes no tags at all (its pages are for no social network, and it
writes no feeds); ``cards: {enabled: false}`` and PIONERAS_CARDS=off skip drawing and
copying, and the tags still point where the cards would be.
"""
from __future__ import annotations

import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mkdocs.plugins import CombinedEvent, event_priority

from markupsafe import Markup

from pioneras import cards, seo
from pioneras import stories as st
from pioneras.build import Build

log = logging.getLogger("mkdocs.plugins.pioneras.share")


def _fonts(build: Build) -> Path:
    return build.project.root / "assets" / "fonts"


def _card_url(build: Build, config, card: cards.Card, path: str) -> str:
    site_path = cards.card_path(card, path, _fonts(build))
    build.cards[site_path] = card
    return seo.absolute(config.site_url, site_path)


def on_page_context(context, page, config, nav):
    build = Build.of(config)
    if build.preview:       # tags for social networks and feeds, which the preview does not
        return context      # write: 2-3% of a build, for nothing anyone sees
    lang, words = build.lang, build.words
    labels = words.block("stories")
    path = seo.neutral_path(page.url, lang, build.project.languages)
    source = build.content.source(page.file.abs_src_path)
    post = (build.content.stories.post(source.lang, Path(source.rel).stem)
            if source is not None and source.is_story else None)
    title = page.meta.get("title") or page.title or config.site_name
    description = page.meta.get("description") or config.site_description
    exists_in = {l for l, f in page.file.alternates.items() if getattr(f, "locale", l) == l}
    exists_in.add(page.file.locale)

    if post is not None:
        line = f"{labels['section']} · {st.format_date(post.date, words.get('locale', lang))}"
    elif path.startswith(f"{st.SECTION}/") and path != f"{st.SECTION}/":
        line = labels.get("section", "")
    else:
        line = page.parent.title if page.parent is not None else ""
    card = cards.Card(lang, title, line, labels.get("footer", ""))
    image = _card_url(build, config, card, path)

    is_article = post is not None and post.lang == lang
    categories = build.content.stories.categories
    locale = lambda l: build.content.words(l).get("locale", l)  # noqa: E731
    context["share"] = cards.share_tags(
        locale=locale(lang), title=title, description=description, image_url=image,
        image_alt=f"{config.site_name}: {title}", site_name=config.site_name,
        url=page.canonical_url, kind="article" if is_article else "website",
        other_locales=tuple(locale(l) for l in build.project.languages if l in exists_in and l != lang),
        published=post.date.isoformat() if is_article else None,
        section=(categories.get(post.categories[0], {}).get(lang) if is_article and post.categories else None),
    )
    if page.is_homepage or path == "":
        context["share_json_ld"] = Markup(st.json_ld(st.organization_ld(     # JSON, '<' escaped
            config.site_url, lang, build.prefix, seo.absolute(config.site_url, "assets/images/logo.svg"))))
    elif is_article:
        cover = build.covers.get(post.cover)
        images = ([cover.image.url] if cover else []) + [image]
        context["share_json_ld"] = Markup(st.json_ld(st.post_ld(
            post, config.site_url, categories, images, build.content.stories.translations(post),
            labels.get("feed_title", ""), build.project.default_language)))
    context["share_feeds"] = build.stories["feed_links"]      # made once a language (hooks/stories.py)
    return context


def _feed_info(build: Build, config) -> st.FeedInfo:
    words = build.words
    return st.FeedInfo(build.lang, build.prefix, words.get("locale", build.lang), words.block("stories"),
                       config.site_url)


def on_template_context(context, template_name, config):
    # Pages without a Page object: only the 404 page is HTML.
    build = Build.of(config)
    if template_name != "404.html" or build.preview:
        return context
    card = cards.Card(build.lang, config.site_description, "", build.words.block("stories")["footer"])
    image = _card_url(build, config, card, "sitio")
    context["share"] = cards.share_tags(
        locale=build.words.get("locale", build.lang), title=config.site_name,
        description=config.site_description, image_url=image,
        image_alt=f"{config.site_name}: {config.site_description}", site_name=config.site_name)
    context["share_feeds"] = st.feed_links(_feed_info(build, config))
    return context


def _published(build: Build) -> bool:
    return build.project.settings.cards.enabled and not build.preview


def on_pre_build(config) -> None:
    build = Build.of(config)
    if build.outer and _published(build):
        cards.set_aside(Path(config.site_dir))      # moved back by _publish where unchanged


def _publish(config) -> None:
    """This language's cards: drawn if new, put into the site."""
    build = Build.of(config)
    todo = {p: c for p, c in build.cards.items() if p not in build.cards_published}
    build.cards = {}
    settings = build.project.settings.cards
    if not _published(build):
        log.info("share cards (%s): off, %d cards not drawn", build.lang, len(todo))
        return
    started = time.perf_counter()
    cache, fonts, site = build.project.cache_dir(settings.cache), _fonts(build), Path(config.site_dir)
    by_key: dict[str, list[str]] = {}
    for site_path, card in todo.items():
        by_key.setdefault(cards.card_key(card, fonts), []).append(site_path)

    def publish(paths: list[str]) -> bool:
        src, drawn = cards.ensure(todo[paths[0]], cache, fonts)
        for site_path in paths:
            try:
                cards.place(src, site, site_path)
            except FileNotFoundError:        # swept by another build sharing the cache
                src, drawn = cards.ensure(todo[paths[0]], cache, fonts)
                cards.place(src, site, site_path)
        build.cards_used.add(src)
        return drawn

    # Drawing is ~10 ms and PNG encoding ~20 ms a card; Pillow releases the GIL while
    # encoding, so threads nearly halve a cold build on two cores.
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        drawn = sum(pool.map(publish, by_key.values()))
    build.cards_published.update(todo)
    log.info("share cards (%s): %d pages, %d drawn, %d from the cache, %.2f s",
             build.lang, len(todo), drawn, len(by_key) - drawn, time.perf_counter() - started)


@event_priority(-1000)      # after static-i18n built every language
def _sweep(config) -> None:
    """Drop cached cards no page of this build used for a day (an edited title leaves its
    old card behind; another build sharing the cache may still want a younger one).
    Only cards (*.png) are touched."""
    build = Build.of(config)
    if config.plugins["i18n"].building or not _published(build):
        return              # (the preview uses no card: it must not sweep the cache either)
    cards.forget_previous(Path(config.site_dir))
    folder, used = build.project.cache_dir(build.project.settings.cards.cache), build.cards_used
    removed = 0
    for path in folder.glob("*.png"):
        if path not in used and time.time() - path.stat().st_mtime > 86400:
            path.unlink(missing_ok=True)
            removed += 1
    if removed:
        log.info("share cards: %d unused cards removed from %s", removed, folder)


on_post_build = CombinedEvent(_publish, _sweep)
