"""The volunteers' preview (`python3 tasks.py serve`): an edit is served again quickly, a
change under data/ or overrides/ rebuilds too, and a mistake is said in both languages
without stopping the preview."""
from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from sitebuild import copy_project, env_for

STORY = "docs/es/historias/como-empezo-las-pioneras.md"
EXAMPLE_STORY = """---
title: {title}
date: 2025-07-01
summary: {summary}
categories: [historia]
cover: 2025-05-ejemplo-colores-calidos/ejemplo-atardecer.jpg
example: true
---

Texto.
"""
GONE = "historias/2018-proyecto-piloto-ecosolidar"       # a story deleted between two previews


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _not_found(url: str) -> str:
    """The body of a 404 answer ("" for any other)."""
    try:
        urllib.request.urlopen(url, timeout=5).close()
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8") if error.code == 404 else ""
    except OSError:
        pass
    return ""


def _wait(predicate, seconds: float = 120) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if predicate():
            return time.monotonic() - start
        time.sleep(0.2)
    raise AssertionError(f"not within {seconds} s")


@contextlib.contextmanager
def _serving(root: Path, log: Path, **env: str):
    """The command tasks.py serve runs (with its options), on a port of its own."""
    port = _free_port()
    with open(log, "a", encoding="utf-8") as out:
        process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty",
                                    "-a", f"127.0.0.1:{port}"], cwd=root, stdout=out, stderr=subprocess.STDOUT,
                                   env=env_for(**env), start_new_session=True)
    base = f"http://127.0.0.1:{port}/las-pioneras/"
    try:
        _wait(lambda: "Las Pioneras" in _get(base))
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


@pytest.fixture
def preview(tmp_path):
    root = copy_project(tmp_path / "project")
    log = tmp_path / "serve.log"
    with _serving(root, log) as base:
        yield root, base, log


def test_tasks_serve_runs_the_quick_preview():
    text = (Path(__file__).resolve().parents[2] / "tasks.py").read_text(encoding="utf-8")
    assert '"serve", "--livereload", "--dirty"' in text


def test_an_edit_data_and_templates_rebuild_and_a_mistake_does_not_stop_it(preview):
    root, base, log = preview
    story = root / STORY
    story.write_text(story.read_text(encoding="utf-8").replace("\n---\n", "\n---\n\nTexto NUEVO-1.\n", 1),
                     encoding="utf-8")
    _wait(lambda: "NUEVO-1" in _get(base + "historias/como-empezo-las-pioneras/"), 60)

    # A caption and an alt text changed in report.yml: the report's page, and the story
    # whose cover that photo is, are rendered again, though their Markdown did not change.
    report = root / "docs/photo-reports/2025-05-ejemplo-colores-calidos/report.yml"
    report.write_text(report.read_text(encoding="utf-8").replace("un atardecer abstracto", "un atardecer LEYENDA-NUEVA", 1)
                      .replace("cielo naranja con un sol", "cielo ALT-NUEVO con un sol", 1), encoding="utf-8")
    _wait(lambda: "LEYENDA-NUEVA" in _get(base + "informes-fotograficos/2025-05-ejemplo-colores-calidos/"), 60)
    assert "ALT-NUEVO" in _get(base + "historias/como-empezo-las-pioneras/")

    # A page of the menu retitled: every page shows the menu, so every page is redone.
    page = root / "docs/es/historia.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title: Historia del proyecto", "title: Historia MENU-NUEVO", 1),
                    encoding="utf-8")
    _wait(lambda: "MENU-NUEVO" in _get(base + "donar/"), 60)

    # A story translated meanwhile: the Spanish page, unchanged, links to the translation.
    es_only = root / "docs/es/historias/ejemplo-traduccion-pendiente.md"
    es_only.write_text(EXAMPLE_STORY.format(title="Solo en castellano", summary="Aún sin traducir."), encoding="utf-8")
    link = 'hreflang="en" lang="en" class="md-ellipsis">'       # "Read this story in English"
    _wait(lambda: "Solo en castellano" in _get(base + "historias/ejemplo-traduccion-pendiente/"), 60)
    assert link not in _get(base + "historias/ejemplo-traduccion-pendiente/")
    (root / "docs/en/historias/ejemplo-traduccion-pendiente.md").write_text(
        EXAMPLE_STORY.format(title="Only in English now", summary="Now in English."), encoding="utf-8")
    _wait(lambda: link in _get(base + "historias/ejemplo-traduccion-pendiente/"), 60)
    assert "Only in English now" in _get(base + "en/historias/ejemplo-traduccion-pendiente/")
    # ... and deleted again: the English address shows the Spanish text, and the Spanish
    # page no longer links to a translation.
    (root / "docs/en/historias/ejemplo-traduccion-pendiente.md").unlink()
    _wait(lambda: "Solo en castellano" in _get(base + "en/historias/ejemplo-traduccion-pendiente/"), 60)
    _wait(lambda: link not in _get(base + "historias/ejemplo-traduccion-pendiente/"), 60)

    ui = root / "data/ui.yml"
    ui.write_text(ui.read_text(encoding="utf-8").replace("  donate: Donar\n", "  donate: Donar-DATA\n", 1),
                  encoding="utf-8")
    _wait(lambda: "Donar-DATA" in _get(base + "historia/"), 60)         # the donate bar of an unchanged page
    assert "Donar-DATA" in _get(base + "historias/categoria/historia/")  # a generated list is redone too

    footer = root / "overrides/partials/footer.html"
    footer.write_text(footer.read_text(encoding="utf-8") + "\n<!-- PLANTILLA-NUEVA -->\n", encoding="utf-8")
    _wait(lambda: "PLANTILLA-NUEVA" in _get(base + "proyecto/"), 60)

    page = root / "docs/es/historia.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[Roto](no-existe.md)\n", encoding="utf-8")
    _wait(lambda: "no-existe.md" in log.read_text(encoding="utf-8"), 60)
    said = log.read_text(encoding="utf-8")
    line = next(l for l in said.splitlines() if "no-existe.md" in l)
    assert "docs/es/historia.md:" in line and "no lleva a ninguna página" in line and "leads to no page" in line
    assert "Traceback" not in said and "dirty" not in said.lower()
    assert "Las Pioneras" in _get(base)                   # still serving


def test_a_preview_started_again_renders_only_what_changed_meanwhile(tmp_path):
    """The site folder is kept between previews (.cache/preview-site): a page edited while
    no preview ran is new, a deleted one is gone, an unchanged one is not rendered again,
    and a change to the code renders every page again."""
    root = copy_project(tmp_path / "project")
    log = tmp_path / "serve.log"
    kept = root / ".cache/preview-site"
    with _serving(root, log) as base:
        assert "Las Pioneras" in _get(base + GONE + "/")
    unchanged = kept / "historia/index.html"
    rendered = unchanged.stat().st_mtime_ns
    story = root / STORY
    story.write_text(story.read_text(encoding="utf-8").replace("\n---\n", "\n---\n\nTexto MIENTRAS.\n", 1),
                     encoding="utf-8")
    (root / "docs/es" / f"{GONE}.md").unlink()
    with _serving(root, log) as base:
        assert "MIENTRAS" in _get(base + "historias/como-empezo-las-pioneras/")
        assert not (kept / GONE / "index.html").exists()           # its old page is deleted
        assert "Las Pioneras" in _not_found(base + GONE + "/")     # the site's own 404 page
        assert unchanged.stat().st_mtime_ns == rendered            # not rendered again
        found = {d["location"]: d["text"] for d in json.loads(_get(base + "search/search_index.json"))["docs"]}
        assert "historia/" in found                                 # unchanged pages stay searchable
        assert "MIENTRAS" in found["historias/como-empezo-las-pioneras/"]
        assert not any(l.startswith(GONE) for l in found)
    hook = root / "hooks/seo.py"
    hook.write_text(hook.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    with _serving(root, log) as base:
        assert "Las Pioneras" in _get(base + "historia/")
        assert unchanged.stat().st_mtime_ns > rendered             # the code changed: every page again
    said = log.read_text(encoding="utf-8")
    assert "Traceback" not in said
    # Said once: when the second preview reused the first one's pages (the third redid all).
    told = [line for line in said.splitlines() if "tasks.py serve --fresh" in line]
    assert len(told) == 1 and told[0].split("-  ", 1)[1].startswith(".cache/preview-site/: ")

    # A second preview of the same checkout while one runs: it renders into MkDocs'
    # temporary folder instead, and says why.
    first, second = tmp_path / "first.log", tmp_path / "second.log"
    with _serving(root, first):
        with _serving(root, second) as other:
            assert "Las Pioneras" in _get(other + "historia/")
    assert "otra vista previa de esta carpeta está abierta" in second.read_text(encoding="utf-8")
    assert "another preview of this folder is open" not in first.read_text(encoding="utf-8")


def test_a_first_start_serves_first_and_renders_the_older_stories_meanwhile(tmp_path):
    """With nothing kept, the preview serves the menu's pages and the lists first, and
    renders the stories (here: all of them) and the year and category lists in the
    background; when it says every page is ready, each is served and searchable. A
    preview stopped before that starts afresh the next time."""
    root = copy_project(tmp_path / "project")
    log = tmp_path / "serve.log"
    kept = root / ".cache/preview-site"
    with _serving(root, log, PIONERAS_PREVIEW_RECENT="0", PIONERAS_PREVIEW_BACKGROUND_ABOVE="0") as base:
        _wait(lambda: "preview: every page is ready" in log.read_text(encoding="utf-8"))
        for lang in ("", "en/"):
            for story in (root / "docs/es/historias").glob("*.md"):
                if story.name != "index.md":
                    assert "Las Pioneras" in _get(f"{base}{lang}historias/{story.stem}/"), (lang, story.name)
            for listing in ("historias/categoria/historia/", "historias/archivo/2026/"):
                assert "Las Pioneras" in _get(f"{base}{lang}{listing}"), (lang, listing)
            found = {d["location"] for d in json.loads(_get(f"{base}{lang}search/search_index.json"))["docs"]}
            assert "historias/2018-proyecto-piloto-ecosolidar/" in found
        assert "Las Pioneras" in _not_found(base + "no-existe/")       # the site's 404, once ready
        assert not (kept / ".pioneras-preview-later").exists()
    said = log.read_text(encoding="utf-8")
    assert "Traceback" not in said
    assert said.count("arma las otras") == 1 and "builds the other" in said
    # Stopped before the rest was rendered (its mark left behind): started afresh.
    (kept / ".pioneras-preview-later").write_text("", encoding="utf-8")
    with _serving(root, log, PIONERAS_PREVIEW_RECENT="0", PIONERAS_PREVIEW_BACKGROUND_ABOVE="0"):
        _wait(lambda: log.read_text(encoding="utf-8").count("preview: every page is ready") == 2)
    assert log.read_text(encoding="utf-8").count("arma las otras") == 2


def test_a_page_not_rendered_yet_says_so_in_both_languages_and_reloads_itself():
    import importlib.util
    spec = importlib.util.spec_from_file_location("preview_hook", Path(__file__).resolve().parents[2] / "hooks/preview.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    page = hook._Rest.not_ready_page().decode("utf-8")
    assert 'http-equiv="refresh"' in page and "todavía no está lista" in page and "not ready yet" in page
