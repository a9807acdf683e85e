"""Last build's generated files, kept across MkDocs emptying the site.

MkDocs empties the site folder at the start of every build, except dot files and folders.
Photos and share cards are many and rarely change, so before it does, their folder is
renamed to a dot folder beside it, and the build moves back each file it would otherwise
copy again, once it has checked the file is the one it wants (pioneras.images.publish and
pioneras.cards decide how). Whatever is not moved back is deleted with the dot folder.
"""
from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path


def set_aside(folder: Path, kept: Path) -> None:
    """Rename ``folder`` to ``kept`` (a dot folder), replacing what a stopped build left.
    Nothing is kept when that cannot be done: the build then copies every file again."""
    with contextlib.suppress(OSError):
        forget(kept)
        os.rename(folder, kept)


def move_back(previous: str | Path, dest: str | Path) -> None:
    try:
        os.replace(previous, dest)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(dest), exist_ok=True)   # its folder is not there yet
        os.replace(previous, dest)


def forget(kept: Path) -> None:
    if kept.is_symlink() or kept.is_file():     # never follow a link placed there
        kept.unlink()
    else:
        shutil.rmtree(kept, ignore_errors=True)
