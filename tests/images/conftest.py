"""Fixtures for the image-pipeline tests: a docs folder, a cache and a site per test."""
from __future__ import annotations

from pathlib import Path

import pytest

from pioneras.images import Pipeline

from .helpers import FAST


class Project:
    """A throw-away project: docs/, .cache/photos/ and site/ under one folder."""

    def __init__(self, root: Path):
        self.root = root
        self.docs = root / "docs"
        self.cache = root / ".cache" / "photos"
        self.site = root / "site"
        self.docs.mkdir()

    def pipeline(self, settings=FAST, workers=0) -> Pipeline:
        return Pipeline(self.docs, self.cache, settings, workers=workers, root=self.root)

    def build(self, settings=FAST, workers=0):
        """What one MkDocs build does with the engine: start, use every photo, finish."""
        pipeline = self.pipeline(settings, workers)
        pipeline.start()
        for slug in pipeline.reports:
            pipeline.gallery(slug)
        return pipeline, pipeline.finish(self.site)

    def site_files(self) -> set[str]:
        folder = self.site / "photos"
        return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(tmp_path)
