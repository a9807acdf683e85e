"""The volunteers' preview (`python3 tasks.py serve`): an edit is served again quickly, a
change under data/ or overrides/ rebuilds too, and a mistake is said in both languages
without stopping the preview."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from sitebuild import copy_project, env_for

STORY = "docs/es/historias/como-empezo-las-pioneras.md"


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


def _wait(predicate, seconds: float = 120) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if predicate():
            return time.monotonic() - start
        time.sleep(0.2)
    raise AssertionError(f"not within {seconds} s")


@pytest.fixture
def preview(tmp_path):
    root = copy_project(tmp_path / "project")
    port = _free_port()
    log = tmp_path / "serve.log"
    with open(log, "w", encoding="utf-8") as out:
        # The command tasks.py serve runs (with its options), on a port of its own.
        process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty",
                                    "-a", f"127.0.0.1:{port}"], cwd=root, stdout=out, stderr=subprocess.STDOUT,
                                   env=env_for(), start_new_session=True)
    base = f"http://127.0.0.1:{port}/las-pioneras/"
    try:
        _wait(lambda: "Las Pioneras" in _get(base))
        yield root, base, log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_tasks_serve_runs_the_quick_preview():
    text = (Path(__file__).resolve().parents[2] / "tasks.py").read_text(encoding="utf-8")
    assert '"serve", "--livereload", "--dirty"' in text


def test_an_edit_data_and_templates_rebuild_and_a_mistake_does_not_stop_it(preview):
    root, base, log = preview
    story = root / STORY
    story.write_text(story.read_text(encoding="utf-8").replace("\n---\n", "\n---\n\nTexto NUEVO-1.\n", 1),
                     encoding="utf-8")
    _wait(lambda: "NUEVO-1" in _get(base + "historias/como-empezo-las-pioneras/"), 60)

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
