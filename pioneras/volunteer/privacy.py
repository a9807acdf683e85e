"""``privacy-check``: refuse images that carry location or camera metadata.

Runs from the pre-commit hook (on the staged files), from the test suite (on docs/) and by
hand. Standard library only, see metadata.py.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

from . import metadata
from .layout import SKIP_DIRS, display, shell_quote


def files_under(paths: Iterable[Path]) -> Iterator[Path]:
    """Every file named, and every file inside the folders named (tool folders skipped)."""
    for path in paths:
        if path.is_dir():
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
                for name in sorted(names):
                    yield Path(folder) / name
        elif path.is_file():
            yield path


def scan(paths: Iterable[Path]) -> list[tuple[Path, list[tuple[str, str]]]]:
    """(file, labels) for each image that carries metadata."""
    leaks = []
    for path in files_under(paths):
        labels = metadata.find(path)
        if labels:
            leaks.append((path, labels))
    return leaks


def clean_command(path: str) -> str:
    return f"python -m pioneras clean {shell_quote(path)}"


def leak_text(shown: str, labels: list[tuple[str, str]]) -> str:
    """What was found in one file and the one command that removes it."""
    es = ", ".join(es for es, _ in labels)
    en = ", ".join(en for _, en in labels)
    return f"tiene {es} / has {en}. Límpiela con / clean it with: {clean_command(shown)}"


def run(paths: list[Path], root: Path | None) -> int:
    leaks = scan(paths)
    for path, labels in leaks:
        shown = display(path, root)
        print(f"{shown}: {leak_text(shown, labels)}")
    if not leaks:
        return 0
    print()
    print(f"{len(leaks)} imagen(es) con datos privados. No las suba así: el repositorio es "
          "público y guarda cada versión para siempre. Las fotos nuevas entran con "
          "'python -m pioneras intake'.")
    print(f"{len(leaks)} image(s) with private data. Do not commit them like this: the "
          "repository is public and keeps every version forever. New photos go in with "
          "'python -m pioneras intake'.")
    return 1
