"""MkDocs glue for the quick preview (`tasks.py serve`, that is `mkdocs serve --dirty`).

* on_config, right after hooks/build.py made the build's state: the preview's site folder
  is kept in the checkout between sessions (pioneras.preview.KeptSite); every page is
  rendered again when what they all share changed (``needs_full_rebuild``); the records of
  the lists and of the page files (``build.lists``, ``build.outputs``) make the build
  quick: only what changed is rendered (hooks/content.py, hooks/stories.py, hooks/seo.py).
* A first start that must render every page of a large archive renders first what a
  volunteer looks at (the menu's pages, the pages that list others, each language's most
  recently changed stories), and serves them; the rest (``build.later``) is rendered right
  after by a build in the background (``_Rest``), which gives way whenever the volunteer
  saves a file: an edit shows as quickly as ever, and the rest goes on after it.
* on_serve: the server serves the kept folder, with the site's own 404 page, or, while
  the rest is rendered, a page that says so and reloads itself.
"""
from __future__ import annotations

import html
import logging
import sys
import threading
import time
from pathlib import Path

from mkdocs.livereload import _timestamp
from mkdocs.plugins import event_priority
from mkdocs.structure.files import InclusionLevel

from pioneras import seo
from pioneras.build import Build
from pioneras.preview import (KEPT_SITE, LATER, STAMP, KeptSite, ListDigests, PageOutputs, changed_since,
                              nav_titles, needs_full_rebuild, render_later)
from pioneras.problems import catalogue, notice

log = logging.getLogger("pioneras.preview")     # not under "mkdocs": never counted as strict
# This process's preview (MkDocs loads this module once per process): its command line, the
# site folder it keeps, and the rest of a first start being rendered in the background.
_PREVIEW: dict = {"dirty": False, "site": None, "built": False, "rest": None}


def on_startup(command, dirty) -> None:
    _PREVIEW["dirty"] = command == "serve" and dirty


@event_priority(95)         # after hooks/build.py made the build's state, before anything reads it
def on_config(config):
    build = Build.of(config)
    if not (build.preview and build.outer and _PREVIEW["dirty"]):
        return config
    settings = build.project.settings.preview
    kept = _PREVIEW["site"] or KeptSite(build.project.root)
    _PREVIEW["site"] = kept
    # The pages of the last preview; on_serve serves them (MkDocs calls it only when it
    # reloads the page, as tasks.py serve does).
    serves = "--no-livereload" not in sys.argv
    if kept.folder is not None and serves:
        config.site_dir = str(kept.folder)
    site, first = Path(config.site_dir), not _PREVIEW["built"]
    if first and (site / LATER).exists():       # stopped before its rest was rendered
        (site / STAMP).unlink(missing_ok=True)  # so every page is rendered again
    redone = needs_full_rebuild(build.project.root, site, also=nav_titles(build.content))
    if first:           # said once, at the first build
        if kept.folder is not None and not redone:     # how to start afresh
            build.add(notice("preview.kept", f"{KEPT_SITE}/"))
        elif kept.busy:                 # why this one renders every page
            build.add(notice("preview.busy", f"{KEPT_SITE}/"))
        later = (render_later(build.content, settings.recent_stories, settings.background_above)
                 if redone and serves else set())
        if later:
            _PREVIEW["rest"] = _Rest(later, time.time(), site)
            build.add(notice("preview.later", f"{KEPT_SITE}/", count=len(later), recent=settings.recent_stories))
        else:
            (site / LATER).unlink(missing_ok=True)
    _PREVIEW["built"] = True
    rest = _PREVIEW["rest"]
    if rest is not None and not rest.done and not rest.filling:
        # What the volunteer changed since is rendered now, as any edit.
        build.later = rest.later - changed_since(build.content, rest.later, rest.since)
    build.lists = ListDigests(site)
    build.outputs = PageOutputs(site)
    return config


@event_priority(-1000)      # after every hook added its pages
def on_files(files, config):
    build = Build.of(config)
    if build.outputs is not None:   # (the preview renders drafts too, with a banner)
        for file in files.documentation_pages(inclusion=InclusionLevel.all):
            path = seo.neutral_path(file.url, build.lang, build.project.languages)
            build.outputs.made(file.dest_uri, build.lang, path, file.abs_src_path or "")
    return files


def on_page_markdown(markdown, page, config, files):
    _give_way(config)
    return markdown


@event_priority(-50)        # after hooks/stories.py marked the Stories tab active
def on_page_context(context, page, config, nav):
    _give_way(config)
    build = Build.of(config)
    if build.outputs is not None:
        build.outputs.render(build.lang, seo.neutral_path(page.url, build.lang, build.project.languages))
    return context


def _give_way(config) -> None:
    rest = _PREVIEW["rest"]
    if rest is not None and rest.filling and rest.wanted():
        photos = Build.of(config).photos
        if photos is not None:      # its pool and cache, as after a finished build
            photos.close()
        raise _GaveWay


def on_serve(server, config, builder):
    # The first build went into the kept folder (on_config): serve it, and its own 404 page.
    kept, rest = _PREVIEW["site"], _PREVIEW["rest"]
    if kept is not None and kept.folder is not None:
        server.root = str(kept.folder)
        server.error_handler = kept.error_page
    if rest is not None:
        rest.start(server)
    return server


@event_priority(-990)       # after static-i18n built the other languages; before hooks/build.py reports
def on_post_build(config) -> None:
    build = Build.of(config)
    if build.lists is not None and not config.plugins["i18n"].building:
        build.lists.save()
        build.outputs.save()        # deletes the pages of files deleted since


def on_shutdown() -> None:
    # Ctrl+C: the build in the background stops at its next page (a thread still writing
    # when Python exits can end in a fatal error); its mark stays: the next start is afresh.
    rest = _PREVIEW["rest"]
    if rest is not None:
        rest.stop()


class _GaveWay(Exception):
    """Stops the background build at its next page: the server wants to rebuild."""


class _Rest:
    """The pages a first start left for later, rendered while the preview serves.

    MkDocs' server runs its builds one at a time in its own thread, and holds every
    request until the build ends. This build runs beside it, so the first pages are served
    meanwhile; the server's builds wait for their turn, and this one gives way (it stops at
    its next page) as soon as the server wants one: a file was saved. It starts again when
    the server's build is over, with what is left: the pages it wrote are up to date.
    It reads and sets the server's own build state (``_want_rebuild``, the epochs and their
    conditions), which MkDocs does not document: MkDocs is pinned (1.6.1, in maintenance),
    and tests/unit/test_preview_unit.py drives this class with MkDocs' own server object."""

    def __init__(self, later: set[str], since: float, site: Path):
        self.later, self.since, self.site = later, since, site
        self.filling = False            # its build is running
        self.done = False
        self.stopping = False           # the preview is closing
        self.server = None
        self._turn = threading.Lock()   # one build at a time: this one or the server's
        self._thread: threading.Thread | None = None
        (site / LATER).write_text("", encoding="utf-8")

    def start(self, server) -> None:
        self.server, build = server, server.builder

        def in_turn(*args, **kwargs):
            with self._turn:
                return build(*args, **kwargs)

        server.builder = in_turn
        shown = server.error_handler
        server.error_handler = lambda code: self.not_ready_page() if code == 404 and not self.done else shown(code)
        self._thread = threading.Thread(target=self._run, args=(build,), name="pioneras-preview-rest", daemon=True)
        self._thread.start()

    def stop(self, seconds: float = 10) -> None:
        self.stopping = True
        if self._thread is not None:
            self._thread.join(seconds)

    def wanted(self) -> bool:
        """Whether the server wants to build (a file was saved) or is waiting to, or the
        preview is closing."""
        server = self.server
        return self.stopping or server is not None and (server._want_rebuild
                                                        or server._wanted_epoch != server._visible_epoch)

    def _run(self, build) -> None:
        started = time.perf_counter()
        while not self.done:
            while self.wanted():        # the server's build first
                if self.stopping:
                    return
                time.sleep(0.1)
            with self._turn:
                self.filling = True
                try:
                    build()
                except _GaveWay:
                    continue
                except Exception as error:      # (a full disk, a bug) said plainly; the
                    log.warning(f"preview: {error}")    # server's builds render the rest
                    self._finish()              # and say again what is wrong, if it still is
                    self._ask_server_to_build()
                    return
                finally:
                    self.filling = False
                self._finish()
        log.info(f"preview: every page is ready ({len(self.later)} stories and the lists were "
                 f"rendered after it started serving, in {time.perf_counter() - started:.1f} s)")
        self._reload_browsers()

    def _finish(self) -> None:
        self.done = True
        (self.site / LATER).unlink(missing_ok=True)

    def _ask_server_to_build(self) -> None:
        with self.server._rebuild_cond:
            self.server._want_rebuild = True
            self.server._rebuild_cond.notify_all()

    def _reload_browsers(self) -> None:
        """A new version of the site, as after the server's own builds: browsers showing a
        page that was not ready load it again (unless a build is under way: its end does)."""
        server = self.server
        with server._rebuild_cond, server._epoch_cond:
            if not server._want_rebuild and server._wanted_epoch == server._visible_epoch:
                server._wanted_epoch = server._visible_epoch = _timestamp()
                server._epoch_cond.notify_all()

    @staticmethod
    def not_ready_page() -> bytes:
        """A page not rendered yet (or none at that address): says so, reloads itself."""
        es, en = (html.escape(text[:1].upper() + text[1:]) for text in catalogue().render("preview.preparing", {}))
        return ('<!doctype html><html lang="es"><head><meta charset="utf-8">'
                '<meta name="viewport" content="width=device-width,initial-scale=1">'
                '<meta http-equiv="refresh" content="2"><title>Las Pioneras</title></head>'
                f'<body style="font:1.1rem/1.5 sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem">'
                f'<p>{es}.</p><p lang="en">{en}.</p></body></html>').encode()
