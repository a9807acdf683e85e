"""``python3 tasks.py check``: every problem the build would report, without building.

The same readers as the build (pioneras.content: the publish gate, pages, links, reports,
data, stories), as the published site sees them (example content left out), plus the same
photo decoder the image pipeline runs. So for any mistake, ``check``, the pre-commit hook,
the pull-request check and ``mkdocs build --strict`` give the same file, line and words.
"""
from __future__ import annotations

from pathlib import Path

from pioneras.content import read_content
from pioneras.images.verify import verify
from pioneras.problems import Problem, unique
from pioneras.project import Project

VERIFIED_FILE = "verified.json"


def check(root: Path, *, preview: bool = False) -> list[Problem]:
    project = Project.from_mkdocs_yml(root)
    content = read_content(project, examples=project.settings.show_examples(preview))
    photos = [photo for report in content.reports.values() for photo in report.photos]
    settings = project.settings.photos
    found = verify(photos, settings.pipeline(), project.cache_dir(settings.cache) / VERIFIED_FILE)
    return unique([*content.problems, *found])
