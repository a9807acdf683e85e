"""Put the variants in the built site, once for both languages, and remove stale ones.

Files go to ``<site>/photos/<report>/<hash>-<width>.<ext>``.  The name is the first 12
hex digits of the original's sha256, never its file name: volunteers name files after
people ("rosa-y-sus-hijos.jpg") and a URL must not say who is in a photo.

A variant is hard-linked from the cache when the site is on the same file system (no
bytes copied: an unchanged rebuild costs a few system calls per file), else copied.
Both go through a temporary name and ``os.replace``, so a reader never sees half a file.
Anything under ``<site>/photos/`` that this build did not publish is deleted: after
``consent: withdrawn`` the photo's files are gone even from a ``--dirty`` build.
"""
from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path


def place(source: Path, dest: Path) -> bool:
    """Make ``dest`` hold ``source``'s bytes.  Returns False if it already did.

    The usual case (MkDocs emptied the site) is one ``link()``: a new directory entry
    appears whole, so it needs no temporary name.  Replacing an existing file (a
    ``--dirty`` build) and copying (another file system) go through one.
    """
    try:
        os.link(source, dest)
        return True
    except FileNotFoundError:
        if not os.path.exists(source):
            raise
        dest.parent.mkdir(parents=True, exist_ok=True)  # first file of this report
        return place(source, dest)
    except FileExistsError:
        if os.path.samefile(source, dest):
            return False
    except OSError:  # another file system, or links not allowed: copy below
        pass
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    try:
        os.link(source, tmp)
    except OSError:
        shutil.copyfile(source, tmp)
        os.chmod(tmp, 0o644)
    os.replace(tmp, dest)
    return True


def sweep(folder: Path, keep: set[Path]) -> int:
    """Delete every file under ``folder`` not in ``keep``, then empty folders."""
    if not folder.is_dir():
        return 0
    # Compared as normalised strings: ``keep`` is built under the same folder, and
    # resolving thousands of paths would cost more than the rest of an unchanged build.
    keep = {os.path.normpath(p) for p in keep}
    removed = 0
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file() or path.is_symlink():
            if os.path.normpath(path) not in keep:
                path.unlink()
                removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return removed
