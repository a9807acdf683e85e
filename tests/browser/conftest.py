"""Browser suite: the real site, built once, served like GitHub Pages, read by Debian's Chromium.

* The site is built once per session (at collection, so that every page becomes its own
  test case) into a temporary folder, and served on 127.0.0.1 under the path it has on
  GitHub Pages (/las-pioneras/, read from the built pages' canonical URL) by a threaded
  http.server in this process. Like GitHub Pages, the server gzips text files and answers
  any missing path with the site's root 404.html (status 404).
* Chromium is Debian's (/usr/bin/chromium, or $CHROMIUM_PATH), never a downloaded one. If
  none is found the browser tests are skipped with the reason, except when $CI is set:
  then they fail.
* One browser for the session, one context per viewport (360 px and 1280 px). Every
  page is loaded once per viewport; that single load collects what the checks need
  (requests, console, axe-core, scroll width, image sizes, CSP violations, bytes), and
  the parametrized tests read from it.
"""
from __future__ import annotations

import os
import shutil

import pytest

from .pagecheck import CSP_LISTENER, VIEWPORTS, Visit, Visits, is_report, lang_of
from .pages_server import CHROMIUM_FLAGS, BuiltSite, build_site, find_chromium, serve

_built: dict[str, BuiltSite] = {}


def built_site() -> BuiltSite:
    """The real project, built once per test session (first asked for at collection)."""
    if "site" not in _built:
        _built["site"] = build_site()
    return _built["site"]


def pytest_unconfigure(config):
    site = _built.get("site")
    if site is not None:
        shutil.rmtree(site.dir.parent, ignore_errors=True)


def pytest_generate_tests(metafunc):
    """Parametrize over the pages of the real build: `page_path`, `content_path`, `report_path`."""
    wanted = [n for n in ("page_path", "content_path", "report_path", "kind_path") if n in metafunc.fixturenames]
    if not wanted:
        return
    pages = built_site().pages()
    for name in wanted:
        if name == "page_path":
            values = pages
        elif name == "content_path":        # real pages (not the 404 pages)
            values = [p for p in pages if not p.endswith("404.html")]
        elif name == "kind_path":           # one real page of each kind, in each language
            values = list({_kind(p): p for p in reversed(pages) if not p.endswith("404.html")}.values())
        else:
            values = [p for p in pages if is_report(p)]
        ids = [f"{lang_of(p)}:{p or '/'}" for p in values]
        if not values:   # no photo report yet: one skipped case that says so
            values, ids = [None], ["none-yet"]
        metafunc.parametrize(name, values, ids=ids)


def _kind(path: str) -> tuple[str, str, int]:
    """('es', 'historias', 2) for a story: the language, the section and the depth."""
    lang = lang_of(path)
    parts = [p for p in (path[3:] if path.startswith("en/") else path).split("/") if p]
    return lang, parts[0] if len(parts) > 1 else "", len(parts)


@pytest.fixture(scope="session")
def built() -> BuiltSite:
    """This suite's own build (named apart from tests/conftest.py's `site`, a plain Path)."""
    return built_site()


@pytest.fixture(scope="session")
def server(built):
    with serve(built.dir, built.base_path) as srv:
        yield srv


# --------------------------------------------------------------------------- the browser

def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so this is a failure, not a skip", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if os.environ.get("PIONERAS_NO_BROWSER"):
        _unavailable("browser tests turned off by PIONERAS_NO_BROWSER")
    chromium = find_chromium()
    if chromium is None:
        _unavailable("browser tests need Debian's Chromium: no chromium found "
                     "(apt-get install chromium, or set CHROMIUM_PATH)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _unavailable(f"browser tests need playwright (pip install -r requirements.lock): {exc}")
    # Playwright gives every launch a new, empty, temporary profile (--user-data-dir).
    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=chromium, headless=True, chromium_sandbox=False,
                               args=CHROMIUM_FLAGS)
        yield b
        b.close()
    finally:
        pw.stop()


@pytest.fixture(scope="session")
def contexts(browser):
    out = {}
    for name, options in VIEWPORTS.items():
        ctx = browser.new_context(**options, locale="es-PE", service_workers="block")
        ctx.set_default_timeout(15_000)
        ctx.add_init_script(CSP_LISTENER)
        out[name] = ctx
    yield out
    for ctx in out.values():
        ctx.close()


@pytest.fixture(params=list(VIEWPORTS), ids=[f"{w}px" for w in VIEWPORTS])
def viewport(request) -> str:
    return request.param


_visits_ref: dict[str, Visits] = {}


@pytest.fixture(scope="session")
def visits(contexts, server) -> Visits:
    v = Visits(contexts, server)
    _visits_ref["v"] = v
    return v


def pytest_terminal_summary(terminalreporter):
    """Bytes per page on first load (gzip, cold cache), and the build time: numbers to watch."""
    v = _visits_ref.get("v")
    if not v or not v.cache:
        return
    tr = terminalreporter
    tr.section("browser: first-load bytes per page (gzip as on GitHub Pages, no cache)")
    rows: dict[str, dict[str, Visit]] = {}
    for (vp, path), visit in v.cache.items():
        rows.setdefault(path, {})[vp] = visit
    width = max(len(p) for p in rows) + 2
    tr.write_line(f"{'page':{width}} " + " ".join(f"{vp + 'px':>10}" for vp in VIEWPORTS) + "   requests  load+checks")
    for path in sorted(rows):
        cells = " ".join(f"{rows[path][vp].bytes / 1024:>8.1f}KB" if vp in rows[path] else f"{'-':>10}" for vp in VIEWPORTS)
        any_visit = next(iter(rows[path].values()))
        tr.write_line(f"{'/' + path:{width}} {cells}   {len(any_visit.requests):>8}  "
                      + " ".join(f"{rows[path][vp].seconds:.1f}s" for vp in VIEWPORTS if vp in rows[path]))
    if "site" in _built:
        tr.write_line(f"site build (mkdocs build --strict): {_built['site'].seconds:.1f}s")
