"""Put the variants in the built site, once for both languages, and remove stale ones.

Files go to ``<site>/photos/<report>/<hash>-<width>.<ext>``.  The name is the first 12
hex digits of the original's sha256, never its file name: volunteers name files after
people ("rosa-y-sus-hijos.jpg") and a URL must not say who is in a photo.

A site file is its own copy, never a hard link into the cache: whatever a later step
(or a person) does to a file in ``site/`` cannot reach the cache, so it is never
published again.  Where the file system can share blocks without sharing the file
(Linux FICLONE: Btrfs, XFS, bcachefs) the copy is a reflink, as cheap as a link; else
the kernel copies (copy_file_range), else Python does.  A copy costs what a link did
not: writing the bytes, and freeing them when MkDocs empties the site before the next
build (bench/cache_publish.py measures it).  So an unchanged photo is not copied again:
before MkDocs empties the site, ``keep_previous`` moves the last build's photo folder aside
(a dot folder, which MkDocs neither empties nor copies); ``SiteCopies`` moves each report's
folder back in one rename and keeps each file that is provably the one written last time:
same variant, same size, same modification and change times and inode as recorded when it
was written (any edit or replacement changes the change time, which no program can set
back), else it copies afresh from the cache (bench/photos_warm.py measures it).  The cache
verifies each variant it copies from before it comes here (cache.py).  Anything under
``<site>/photos/`` that this build did not publish is deleted: after ``consent: withdrawn``
the photo's files are gone even from a ``--dirty`` build.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

from pioneras import kept

from .manifest import signature

KEPT = ".photos-previous"   # beside site/photos; a dot folder: MkDocs leaves it alone

# <linux/fs.h>: _IOW(0x94, 9, int).  fcntl.FICLONE exists from Python 3.12 only.
FICLONE = 0x40049409


def keep_previous(site_photos: Path) -> None:
    """Move the last build's photos aside before MkDocs empties the site."""
    kept.set_aside(site_photos, site_photos.parent / KEPT)


class SiteCopies:
    """The files this build puts in the site, reusing last build's copies where provably
    unchanged. Its record (what was written, with each file's signature) lives in the
    photo cache, one per site folder, never in the published site."""

    def __init__(self, site_photos: Path, record: Path, old: dict | None = None):
        """``old``: the record as read already (``read_record(record)``), if it was."""
        self.site_photos, self.record = Path(site_photos), Path(record)
        self.previous = self.site_photos.parent / KEPT
        self.old = read_record(self.record) if old is None else old
        # Folder prefixes as strings: joined to thousands of names per build (pathlib costs more).
        self._site_prefix = os.path.join(self.site_photos, "")
        self._previous_prefix = os.path.join(self.previous, "")
        self.new: dict[str, list] = {}
        self.reused = 0

    def adopt(self, folder: str) -> bool:
        """Move a report's whole folder back from last build at once (one rename instead of
        one per file; the files inside keep their signatures), when the site has none yet.
        Its files are then checked one by one by ``reuse``; what this build does not
        publish is swept away at the end (``sweep``)."""
        previous, dest = os.path.join(self.previous, folder), os.path.join(self.site_photos, folder)
        if os.path.islink(previous) or not os.path.isdir(previous) or os.path.lexists(dest):
            return False
        try:
            os.makedirs(self.site_photos, exist_ok=True)
            os.rename(previous, dest)
        except OSError:
            return False
        return True

    def reuse(self, digest: str | None, rel: str) -> int | None:
        """Size of last build's copy of the variant whose bytes have sha256 ``digest``, now
        at ``site_photos/rel``, if it is provably the one written then; else None."""
        old = self.old.get(rel)
        if not digest or not isinstance(old, list) or not old or old[0] != digest:
            return None
        dest = self._site_prefix + rel
        if self._unchanged(dest, old[1:]):         # adopted with its folder, or a --dirty build
            self.new[rel] = old
            self.reused += 1
            return old[1]
        candidate = self._previous_prefix + rel
        if self._unchanged(candidate, old[1:]):
            kept.move_back(candidate, dest)
            self.reused += 1
            return self._written(rel, digest, dest)
        return None

    def place(self, source: str | Path | bytes, digest: str | None, rel: str) -> int:
        """Put the variant whose bytes have sha256 ``digest`` at ``site_photos/rel``."""
        size = self.reuse(digest, rel)
        if size is not None:
            return size
        dest = self._site_prefix + rel
        place(source, Path(dest))
        return self._written(rel, digest, dest)

    @staticmethod
    def _unchanged(path: str, recorded: list) -> bool:
        try:
            st = os.stat(path, follow_symlinks=False)
        except OSError:
            return False
        # [size, *signature(st)] == recorded, without building a list for each of thousands
        return (len(recorded) == 4 and st.st_size == recorded[0] and st.st_mtime_ns == recorded[1]
                and st.st_ino == recorded[2] and st.st_ctime_ns == recorded[3])

    def _written(self, rel: str, digest: str | None, dest: str) -> int:
        st = os.stat(dest)
        if digest:
            self.new[rel] = [digest, st.st_size, *signature(st)]
        return st.st_size

    def close(self) -> None:
        """Drop what was not reused, and remember what this build wrote."""
        kept.forget(self.previous)
        if self.new == self.old:
            return      # an unchanged build: the record on disk already says it
        tmp = self.record.with_name(f".{self.record.name}.{os.getpid()}.tmp")
        with contextlib.suppress(OSError):   # no record: the next build copies, nothing worse
            self.record.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps({"files": self.new}), encoding="utf-8")
            os.replace(tmp, self.record)


def record_path(cache_root: Path, site_photos: Path) -> Path:
    """Where the record of one site folder's copies lives: in the cache, never in the site."""
    return Path(cache_root) / "site-copies" / f"{hashlib.sha256(str(Path(site_photos).resolve()).encode()).hexdigest()[:16]}.json"


def read_record(path: Path) -> dict:
    """site path -> [sha256, size, signature...] of what the last build placed there."""
    try:
        files = json.loads(Path(path).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}   # none yet, or unreadable: copy everything, as without a record
    return files if isinstance(files, dict) else {}


def place(source: str | Path | bytes, dest: Path) -> int:
    """Make ``dest`` hold a copy of ``source`` (a verified cache file, or bytes just
    verified or encoded).  Returns the number of bytes written.

    The usual case (MkDocs emptied the site) creates ``dest`` itself, exclusively: no
    one reads a site while it is built, and a file cut short by an error is removed at
    once.  Replacing an existing file (a ``--dirty`` build) goes through a temporary
    name and ``os.replace``, so the old file stays whole until the new one is.
    """
    try:
        return _write(source, dest, os.O_EXCL)
    except FileExistsError:
        pass
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    size = _write(source, tmp, os.O_TRUNC)
    os.replace(tmp, dest)
    return size


def _write(source: str | Path | bytes, path: Path, mode: int) -> int:
    flags = os.O_WRONLY | os.O_CREAT | mode | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags, 0o644)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)  # first file of this report
        fd = os.open(path, flags, 0o644)
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
            return os.fstat(out.fileno()).st_size
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)  # never half a photo in the site
        raise


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
    if not os.path.isdir(folder):
        return 0
    # Compared as normalised strings: ``keep`` is built under the same folder, and
    # resolving thousands of paths would cost more than the rest of an unchanged build.
    keep = {os.path.normpath(p) for p in keep}
    removed = 0
    for top, dirs, files in os.walk(os.path.normpath(folder), topdown=False):     # never follows a link
        kept = False
        for name in files + [d for d in dirs if os.path.islink(os.path.join(top, d))]:
            path = os.path.join(top, name)      # normalised already: joined from a normalised top
            if path not in keep:
                os.unlink(path)
                removed += 1
            else:
                kept = True
        # A folder that keeps a file is not empty: not listed again (6,000 names a report).
        if top != os.path.normpath(folder) and not kept and not os.listdir(top):
            os.rmdir(top)
    return removed
