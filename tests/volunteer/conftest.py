"""Fixtures for the volunteer tools: a tiny site in tmp_path, commands run in-process.

Photos are generated on the spot (photo_fixtures.py); ../shared/photos is used in
addition when it is there.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from pioneras.__main__ import main
from volsite import make_site


@pytest.fixture
def site(tmp_path) -> Path:
    """A minimal site (volsite.make_site): two languages, no nav, real data/ and archetypes/."""
    return make_site(tmp_path / "site")


@pytest.fixture
def run(capsys):
    """Run a command in-process: (exit code, everything printed)."""
    def _run(*argv) -> tuple[int, str]:
        code = main([str(a) for a in argv])
        out = capsys.readouterr()
        return code, out.out + out.err
    return _run
