"""``privacy-check``: what may not be committed to the public repository, named file by file.

Runs from the pre-commit hook (on the staged files), from the pull-request check and by
hand. Under docs/ it asks the publish gate (pioneras.content.gate), so the guard and the
build cannot disagree on what may exist there; anywhere else in the repository it refuses
photos with location or camera data, and audio or video.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

from pioneras.content.facts import FactsCache
from pioneras.content.gate import check_file
from pioneras.problems import Problem, unique
from pioneras.project import Project

from .layout import SKIP_DIRS


def files_under(paths: Iterable[Path]) -> Iterator[Path]:
    """Every file named, and every file inside the folders named (tool folders skipped).
    Links are reported, never followed."""
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            for folder, dirs, names in os.walk(path):
                links = [d for d in dirs if (Path(folder) / d).is_symlink()]
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and d not in links)
                for name in sorted(names + links):
                    yield Path(folder) / name
        elif path.is_file() or path.is_symlink():
            yield path


def scan(project: Project, paths: Iterable[Path]) -> list[Problem]:
    facts = FactsCache(project.cache_dir(project.settings.photos.cache) / "originals.json")
    found: list[Problem] = []
    for path in dict.fromkeys(p.absolute() for p in files_under(paths)):
        found += check_file(project, path, facts)
    facts.save()
    return unique(found)
