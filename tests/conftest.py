"""Shared fixtures: the real site built once per test session, and disposable project copies."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitebuild import ROOT, Build, real_site

SHARED = ROOT.parent / "shared"
# What a copy of the project needs to build (everything the build reads).
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "hooks", "overrides", "archetypes", "assets")


@pytest.fixture(scope="session")
def site_build() -> Build:
    """The real project, built once for every test that reads the output."""
    return real_site()


@pytest.fixture(scope="session")
def site(site_build) -> Path:
    assert site_build.returncode == 0, site_build.log[-3000:]
    return site_build.site


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, target / part)
    return target


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A throw-away copy of the project to break on purpose (builds share the caches)."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared (photo corpus, QA tools) is not next to this checkout")
    return SHARED
