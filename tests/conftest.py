"""Shared fixtures: the real site built once per test session, and disposable project copies."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# What a copy of the project needs to build (everything the build reads).
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "hooks", "overrides", "archetypes", "assets")


@dataclass
class Build:
    site: Path
    log: str
    returncode: int

    @property
    def warnings(self) -> list[str]:
        return [l for l in self.log.splitlines() if l.startswith(("WARNING", "ERROR"))]


def build(project: Path, site: Path, **env: str) -> Build:
    """Run `mkdocs build --strict` on a project folder, as a volunteer or CI would."""
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=project, capture_output=True, text=True, timeout=900,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUTF8="1", **env),
    )
    return Build(site, proc.stdout + proc.stderr, proc.returncode)


@pytest.fixture(scope="session")
def site_build(tmp_path_factory) -> Build:
    """The real project, built once for every test that reads the output."""
    return build(ROOT, tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="session")
def site(site_build) -> Path:
    assert site_build.returncode == 0, site_build.log[-3000:]
    return site_build.site


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A throw-away copy of the project to break on purpose. Shares the photo cache."""
    copy = tmp_path / "project"
    copy.mkdir()
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, copy / part)
        elif src.exists():
            shutil.copy2(src, copy / part)
    return copy


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared (photo corpus, QA tools) is not next to this checkout")
    return SHARED
