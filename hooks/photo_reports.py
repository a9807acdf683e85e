"""MkDocs glue for photo reports: events only; the work is in ``pioneras.images``.

static-i18n builds the whole site once per language in one process: the Spanish build
runs the English one inside its ``on_post_build``.  One Pipeline serves both:

- on_config (first language only): read the reports, start the image work in a process
  pool (nothing is started when the cache already has everything);
- on_files (every language, before i18n): take docs/photo-reports/ away from MkDocs,
  which would otherwise publish the originals verbatim, GPS and all; report pages are
  reached from the index cards, not the nav;
- on_page_markdown / on_page_content: Markdown images of report photos and the gallery,
  in the page's language, with URLs relative to the page (so /en/ pages work);
- on_page_context: the index cards (template photo-reports.html);
- on_post_build, last call only: publish the variants once for both languages, delete
  stale ones, save the cache, and log every problem as a warning (--strict fails).

The gallery goes after the page's text, or where a line ``<!-- gallery -->`` stands.
Cache: ``.cache/photos/`` at the repository root, or $PIONERAS_PHOTO_CACHE.
Worker processes: one per core, or $PIONERAS_PHOTO_WORKERS (0 = no pool).
"""
from __future__ import annotations

import os
import posixpath
import re
import sys
from pathlib import Path

from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import InclusionLevel
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the engine lives beside hooks/, installed or not
    sys.path.insert(0, str(ROOT))

from pioneras.images import Pipeline, Settings, errors, markup, mdimages, reports  # noqa: E402
from pioneras.schema import LANGUAGES  # noqa: E402

log = get_plugin_logger("photo_reports")

PAGES_DIR = "informes-fotograficos"
INDEX_TEMPLATE = "photo-reports.html"
GALLERY_MARK = re.compile(r"<!--\s*gallery\s*-->")
SETTINGS = Settings()

_pipeline: Pipeline | None = None  # one per build, shared by both languages
_files = None  # the current language's files, for the index cards


def current_pipeline() -> Pipeline | None:
    """This build's Pipeline, for other hooks (story covers): ``photo(slug, file)``
    returns a Published photo for pioneras.images.markup, or None if not publishable.
    None outside a build and after the last on_post_build."""
    return _pipeline


def _outer(config) -> bool:
    """True in the first language's build, and in its final on_post_build."""
    return not getattr(config.plugins.get("i18n"), "building", False)


def _language(config) -> str:
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or config.theme.get("language") or "es"


def _base(page) -> str:
    """Relative path from the page to the site root: "", "../", "../../../"..."""
    rel = get_relative_url(".", page.url)
    return "" if rel in (".", "") else rel.rstrip("/") + "/"


def on_config(config):
    global _pipeline
    if not _outer(config):
        return
    if _pipeline is not None:  # a failed earlier build in `mkdocs serve`
        _pipeline.close()
    root = Path(config.config_file_path).resolve().parent
    cache = Path(os.environ.get("PIONERAS_PHOTO_CACHE") or ".cache/photos")
    workers = os.environ.get("PIONERAS_PHOTO_WORKERS")
    _pipeline = Pipeline(Path(config.docs_dir), cache if cache.is_absolute() else root / cache,
                         SETTINGS, workers=int(workers) if workers else None, root=root,
                         pages_dir=PAGES_DIR)
    _pipeline.start()


def on_files(files, config):
    prefix = SETTINGS.reports_dir + "/"
    for file in list(files):
        parts = file.src_uri.split("/")
        if file.src_uri.startswith(prefix):
            files.remove(file)  # originals (with their GPS) and report.yml never published
        elif (len(parts) == 3 and parts[0] in LANGUAGES and parts[1] == PAGES_DIR
              and parts[2].endswith(".md") and parts[2] != "index.md"
              and file.inclusion == InclusionLevel.INCLUDED):
            file.inclusion = InclusionLevel.NOT_IN_NAV
    return files


def on_env(env, config, files):
    global _files
    _files = files


def on_page_markdown(markdown, page, config, files):
    # The glightbox plugin would inject an inline <script> and <style> into every page;
    # galleries load GLightbox from an external file instead (CSP), see gallery.js.
    page.meta.setdefault("glightbox", False)
    if _pipeline is None:
        return markdown
    shown = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    slug = page.meta.get("report")
    if slug and not (Path(config.docs_dir) / SETTINGS.reports_dir / str(slug)).is_dir():
        _pipeline.add_problems([errors.unknown_report(shown, str(slug))])
    base = _base(page)

    def render(report_slug: str, file: str, alt: str) -> str:
        image = f"{SETTINGS.reports_dir}/{report_slug}/{file}"
        if not alt:
            _pipeline.add_problems([errors.no_alt(shown, image)])
            return ""
        photo = _pipeline.photo(report_slug, file)
        if photo is not None:
            return markup.picture(photo, alt, base, SETTINGS.sizes)
        report = _pipeline.reports.get(report_slug)
        if report and file in report.withdrawn:
            log.info(f"{shown}: {image} retirada (consent: withdrawn) / withdrawn: not shown")
        elif not any(p.path.endswith(image) for p in _pipeline.problems):
            _pipeline.add_problems([errors.image_not_listed(shown, image)])
        return ""

    page_dir = posixpath.dirname(page.file.src_uri)
    return mdimages.rewrite(markdown, page_dir, SETTINGS.reports_dir, render)


def on_page_content(html, page, config, files):
    slug = page.meta.get("report")
    if slug and _pipeline is not None:
        gallery = markup.gallery(_pipeline.gallery(str(slug)), _language(config), _base(page),
                                 SETTINGS.sizes, SETTINGS.site_subdir)
        if GALLERY_MARK.search(html):
            html = GALLERY_MARK.sub(lambda _: gallery, html, count=1)
        else:
            html = f"{html}\n{gallery}"
    return markup.eager_first(html)


def on_page_context(context, page, config, nav):
    if page.meta.get("template") != INDEX_TEMPLATE or _pipeline is None or _files is None:
        return context
    lang, base = _language(config), _base(page)
    cards = []
    for file in _files.documentation_pages():
        other = file.page
        slug = other.meta.get("report") if other else None
        report = _pipeline.reports.get(str(slug)) if slug else None
        if not report or not report.report:
            continue
        cover = _pipeline.cover(report.slug)
        cards.append({
            "slug": report.slug,
            "url": get_relative_url(other.url, page.url),
            "title": other.title,
            "date": report.date.isoformat(),
            "date_label": reports.month_label(report.date, lang),
            "badge": markup.labels(lang)["example"] if report.report.example else "",
            "picture": markup.card_picture(cover[1], base, SETTINGS.sizes) if cover else "",
        })
    cards.sort(key=lambda c: (c["date"], c["slug"]), reverse=True)  # newest first
    if cards and not markup.has_photo(page.content or ""):
        cards[0]["picture"] = markup.eager_first(cards[0]["picture"])
    context["photo_reports"] = cards
    return context


@event_priority(-110)  # after static-i18n's on_post_build, which runs the other languages
def on_post_build(config):
    global _pipeline
    if _pipeline is None or not _outer(config):
        return
    pipeline, _pipeline = _pipeline, None
    summary = pipeline.finish(Path(config.site_dir))
    for problem in summary.problems:
        log.warning(str(problem))
    if (Path(config.site_dir) / SETTINGS.reports_dir).exists():
        log.warning(f"site/{SETTINGS.reports_dir}/ existe: se publicaron originales / "
                    "originals were published; check other plugins' on_files")
    log.info(f"Fotos / photos: {summary.photos} publicadas / published, {summary.decoded} "
             f"procesadas / processed, {summary.encoded} archivos nuevos / new files, "
             f"{summary.removed_site} obsoletos borrados / stale removed, "
             f"{summary.bytes / 1e6:.1f} MB, {summary.seconds:.1f} s")


def on_build_error(error):
    global _pipeline
    if _pipeline is not None:
        _pipeline.close()
        _pipeline = None


def on_shutdown():
    on_build_error(None)
