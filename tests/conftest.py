"""Shared fixtures: the real site built once per test session, and disposable project copies."""
from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild import ROOT, Build, copy_project, real_site

SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def site_build() -> Build:
    """The real project, built once for every test that reads the output."""
    return real_site()


@pytest.fixture(scope="session")
def site(site_build) -> Path:
    assert site_build.returncode == 0, site_build.log[-3000:]
    return site_build.site


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A throw-away copy of the project to break on purpose (builds share the caches)."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared (photo corpus, QA tools) is not next to this checkout")
    return SHARED
