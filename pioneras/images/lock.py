"""Advisory locks that let builds of different content share one photo cache.

Two lock files in the cache folder (cache.py says when each is taken):

- ``builds.lock``: every build holds it *shared* from ``start()`` to the end of
  ``finish()``/``close()``, so builds run side by side.  A build may delete unused
  variants only if it can make its lock *exclusive* without waiting, i.e. when no
  other build is using the cache.
- ``manifest.lock``: held *exclusive* for the milliseconds it takes to read, merge and
  write ``manifest.json``, so two builds never lose each other's records.

flock(2): the kernel releases a lock when its process ends, however it ends, so a
killed build never leaves a stale lock behind, and locks taken through two different
``open()`` calls conflict even inside one process (the tests rely on that).

Where flock does not exist (Windows: ``msvcrt.locking`` has no shared mode) or is
refused (some network file systems), a Lock does nothing and says so
(``effective = False``); cache.py then deletes only variants older than a grace period.
Correctness never rests on these locks: every variant is verified before it is
published and regenerated when missing or wrong.  The locks save work, nothing more.
"""
from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

# Errors meaning "this file system does not do flock", not "the cache is unusable".
_NOT_SUPPORTED = {errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS}


class Lock:
    def __init__(self, path: Path):
        """Open (creating it) the lock file.  Raises OSError when the folder cannot be
        written: that is how a read-only cache is first noticed."""
        self.path = Path(path)
        self._fd: int | None = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        self.effective = fcntl is not None

    def shared(self) -> None:
        self._flock(fcntl.LOCK_SH if fcntl else 0)

    def exclusive(self) -> None:
        self._flock(fcntl.LOCK_EX if fcntl else 0)

    def try_exclusive(self) -> bool:
        """Exclusive now or never: False if another build holds the lock.

        On Linux, turning a shared lock into an exclusive one is not atomic: when this
        fails the shared lock may be gone as well, so call it only when the build no
        longer needs the cache (the end of finish)."""
        if not self.effective:
            return False
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def release(self) -> None:
        if self._fd is not None and self.effective:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # also releases the lock
            self._fd = None

    def _flock(self, operation: int) -> None:
        if not self.effective:
            return
        try:
            fcntl.flock(self._fd, operation)
        except OSError as e:
            if e.errno not in _NOT_SUPPORTED:
                raise
            self.effective = False  # e.g. NFS without lockd: carry on unlocked


@contextlib.contextmanager
def held(lock: Lock):
    """``with held(lock):`` exclusive for the duration of the block."""
    lock.exclusive()
    try:
        yield
    finally:
        lock.release()
