"""Fixtures for the volunteer tools: a tiny site in tmp_path, commands run in-process.

Photos are generated on the spot (photo_fixtures.py); ../shared/photos is used in
addition when it is there.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pioneras.__main__ import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def site(tmp_path) -> Path:
    """A minimal site: mkdocs.yml, empty docs/es, docs/en, docs/photo-reports, real archetypes."""
    root = tmp_path / "site"
    for folder in ("docs/es", "docs/en", "docs/photo-reports"):
        (root / folder).mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: prueba\n", encoding="utf-8")
    shutil.copytree(ROOT / "archetypes", root / "archetypes")
    return root


@pytest.fixture
def run(capsys):
    """Run a command in-process: (exit code, everything printed)."""
    def _run(*argv) -> tuple[int, str]:
        code = main([str(a) for a in argv])
        out = capsys.readouterr()
        return code, out.out + out.err
    return _run
