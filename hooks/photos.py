"""MkDocs glue for photo reports: events only; the work is in ``pioneras.images``.

One pipeline serves every language (``build.photos``):

- on_config, default language's pass: start the image work on the reports pioneras.content
  read (only published photos, consent applied), in a process pool;
- on_pre_build: set last build's photo files aside, before MkDocs empties the site;
- on_page_markdown / on_page_content: Markdown images of report photos and the gallery,
  in the page's language, with URLs relative to the page (so /en/ pages work);
- on_page_context: the reports' index cards (template photo-reports.html);
- on_post_build, at the end of the whole build: publish the variants once for every
  language, remove stale ones, save the cache; its problems join the build's report.

The originals never reach MkDocs: the publish gate (hooks/content.py) withholds them.
The gallery goes after the page's text, or where a line ``<!-- gallery -->`` stands.
"""
from __future__ import annotations

import logging
import posixpath
import re
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from pioneras.build import Build
from pioneras import listings
from pioneras.images import Pipeline, markup, mdimages
from pioneras.problems import problem
from pioneras.project import REPORTS

log = logging.getLogger("mkdocs.plugins.pioneras.photos")
INDEX_TEMPLATE = "photo-reports.html"
GALLERY_MARK = re.compile(r"<!--\s*gallery\s*-->")


def _base(page) -> str:
    """Relative path from the page to the site root: "", "../", "../../../"..."""
    rel = get_relative_url(".", page.url)
    return "" if rel in (".", "") else rel.rstrip("/") + "/"


@event_priority(90)         # right after hooks/build.py made the build's state
def on_config(config):
    build = Build.of(config)
    if build.outer:
        settings = build.project.settings.photos
        build.photos = Pipeline(build.project.docs, build.project.cache_dir(settings.cache), settings.pipeline(),
                                workers=settings.worker_count, root=build.project.root)
        withdrawn = {p.sha256 for r in build.content.reports.values() for p in r.withdrawn if p.sha256}
        build.photos.start(build.content.reports, withdrawn, spared=build.content.left_out,
                           site_dir=Path(config.site_dir))
    return config


def on_pre_build(config):
    build = Build.of(config)
    if build.outer and build.photos is not None:
        build.photos.set_aside(Path(config.site_dir))


def on_page_markdown(markdown, page, config, files):
    # The glightbox plugin would inject an inline <script> and <style> into every page;
    # galleries load GLightbox from an external file instead (CSP), see gallery.js.
    page.meta.setdefault("glightbox", False)
    build = Build.of(config)
    base, sizes = _base(page), build.photos.settings.sizes

    def render(slug: str, name: str, alt: str, offset: int) -> str:
        # pioneras.content already reported a missing alt, a withdrawn or an unknown photo.
        photo = build.photos.photo(slug, name) if alt else None
        return markup.picture(photo, alt, base, sizes) if photo else ""

    return mdimages.rewrite(markdown, posixpath.dirname(page.file.src_uri), REPORTS, render)


@event_priority(-100)       # after hooks/stories.py put a story's cover under its title
def on_page_content(html, page, config, files):
    # The search indexes the gallery's captions from a stand-in of plain paragraphs; the
    # gallery itself replaces it after the search read the page (on_page_context below).
    build = Build.of(config)
    slug = page.meta.get("report")
    if slug:
        items = build.photos.gallery(str(slug))
        stand_in = markup.gallery_text(items, build.lang, build.words.block("photos"))
        if stand_in:
            build.galleries[page.file.src_uri] = stand_in
            html = GALLERY_MARK.sub(lambda _: stand_in, html, count=1) if GALLERY_MARK.search(html) \
                else f"{html}\n{stand_in}"
    return markup.eager_first(html)


@event_priority(-100)       # after the search plugin indexed the page; before hooks/security.py
def on_page_context(context, page, config, nav):
    build = Build.of(config)
    stand_in = build.galleries.pop(page.file.src_uri, None)
    if stand_in is not None:
        gallery = markup.gallery(build.photos.gallery(str(page.meta["report"])), build.lang,
                                 build.words.block("photos"), _base(page), build.photos.settings.sizes,
                                 build.photos.settings.site_subdir)
        page.content = markup.eager_first(page.content.replace(stand_in, gallery, 1))
    if page.meta.get("template") != INDEX_TEMPLATE:
        return context
    return _index(context, page, build)


def _index(context, page, build):
    """The reports' index cards (template photo-reports.html)."""
    cards = listings.report_cards(build.report_pages(), build.photos, build.words, _base(page))
    if not markup.has_photo(page.content or ""):
        listings.first_eager(cards)
    context["photo_reports"] = cards
    return context


@event_priority(-110)       # after static-i18n's on_post_build, which runs the other languages
def on_post_build(config) -> None:
    build = Build.of(config)
    if config.plugins["i18n"].building or build.photos is None:
        return
    summary = build.photos.finish(Path(config.site_dir))
    build.add(*summary.problems, *summary.notices)
    if (Path(config.site_dir) / REPORTS).exists():     # the gate withholds them; never trust it alone
        build.add(problem("build.originals-published", f"site/{REPORTS}/", folder=f"site/{REPORTS}/"))
    log.info(f"Fotos / photos: {summary.photos} publicadas / published, {summary.decoded} "
             f"procesadas / processed, {summary.encoded} archivos nuevos / new files, "
             f"{summary.reused} sin cambios / unchanged, "
             f"{summary.removed_site} obsoletos borrados / stale removed, "
             f"{summary.bytes / 1e6:.1f} MB, {summary.seconds:.1f} s")
