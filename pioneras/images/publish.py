"""Put the variants in the built site, once for both languages, and remove stale ones.

Files go to ``<site>/photos/<report>/<hash>-<width>.<ext>``.  The name is the first 12
hex digits of the original's sha256, never its file name: volunteers name files after
people ("rosa-y-sus-hijos.jpg") and a URL must not say who is in a photo.

A site file is its own copy, never a hard link into the cache: whatever a later step
(or a person) does to a file in ``site/`` cannot change the cache, so the next build
cannot publish it.  Where the file system can share blocks without sharing the file
(Linux FICLONE: Btrfs, XFS, bcachefs) the copy is a reflink, as cheap as a link; else
the kernel copies (copy_file_range), else Python does.  The cache verifies each variant
before it comes here (cache.py).  Every file goes through a temporary name and
``os.replace``, so a reader never sees half a file.  Anything under ``<site>/photos/``
that this build did not publish is deleted: after ``consent: withdrawn`` the photo's
files are gone even from a ``--dirty`` build.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import sys
from pathlib import Path

# <linux/fs.h>: _IOW(0x94, 9, int).  fcntl.FICLONE exists from Python 3.12 only.
FICLONE = 0x40049409


def place(source: Path | bytes, dest: Path) -> int:
    """Make ``dest`` hold a copy of ``source`` (a verified cache file, or bytes just
    verified or encoded).  Returns the number of bytes written."""
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    except FileNotFoundError:
        dest.parent.mkdir(parents=True, exist_ok=True)  # first file of this report
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        with os.fdopen(fd, "wb") as out:
            if hasattr(os, "fchmod"):  # POSIX (Windows has no modes to fix)
                os.fchmod(out.fileno(), 0o644)  # whatever the umask: the web server reads it
            if isinstance(source, bytes):
                out.write(source)
            else:
                with open(source, "rb") as src:
                    _copy(src, out)
            out.flush()
            size = os.fstat(out.fileno()).st_size
        os.replace(tmp, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return size


def _copy(src, out) -> None:
    if sys.platform == "linux":
        with contextlib.suppress(OSError):  # not supported here: EOPNOTSUPP, EXDEV, EINVAL...
            import fcntl
            fcntl.ioctl(out.fileno(), FICLONE, src.fileno())
            return
        size = os.fstat(src.fileno()).st_size
        with contextlib.suppress(OSError):  # old kernel, or another file system: below
            copied = 0
            while copied < size:
                n = os.copy_file_range(src.fileno(), out.fileno(), size - copied)
                if n == 0:
                    break
                copied += n
            return
        src.seek(0)
        out.seek(0)
        out.truncate()
    shutil.copyfileobj(src, out)


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
