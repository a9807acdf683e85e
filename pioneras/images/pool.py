"""The work done for one photo in a worker process, and the pool that runs it.

A job decodes its original once and writes the variants it is asked for (the ones the
cache lacks, or holds wrong: cache.py), returning each one's Record.  Jobs run in a
ProcessPoolExecutor (one process per core: Pillow's encoders hold the GIL for most of
their work, so threads would not scale), and each AVIF encoder uses one thread for the
same reason.  Workers end with the build that started them (``_end_with_parent``).
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import cache, decode, errors, variants
from .settings import EXTENSIONS, FORMATS, Settings


@dataclass(frozen=True)
class Job:
    path: str  # the original, opened read-only
    shown: str  # its name in messages
    meta_key: str
    settings: Settings
    cache_root: str
    # (format, width, key) of the variants to write; None when the photo was never
    # decoded with these settings, so its size (and hence its variants) is unknown.
    wanted: tuple[tuple[str, int, str], ...] | None
    # Also return the encoded bytes (only for repairs run in the build's own process:
    # they are published from memory, even if the cache cannot be written).
    keep_bytes: bool = False


@dataclass(frozen=True)
class Outcome:
    meta: dict | None  # {"width", "height", "dominant"}; None if the photo failed
    problem: errors.Problem | None
    written: int  # variant files encoded by this job
    files: tuple[tuple[str, cache.Record], ...] = ()  # (name, record) of each file written
    cache_error: tuple[int | None, str] | None = None  # (errno, text) if the cache refused a write
    data: dict[str, bytes] | None = None  # name -> bytes, with Job.keep_bytes


def run(job: Job) -> Outcome:
    """Decode once, encode and write what is asked, report one Problem if the photo is at
    fault; a cache that refuses a write is reported apart (``cache_error``)."""
    s = job.settings
    try:
        if job.wanted is None:
            max_width = max(w for fmt in FORMATS for w in s.encoding(fmt).widths)
        else:
            max_width = max(w for _, w, _ in job.wanted)
        decoded = decode.decode(Path(job.path), job.shown, max_width, s.background, s.max_pixels)
        specs = variants.plan(decoded.width, decoded.height, s)
        wanted = job.wanted
        if wanted is None:
            wanted = tuple((sp.fmt, sp.width, s.variant_key(job.meta_key, sp.fmt, sp.width))
                           for sp in specs)
        # The smallest planned width is also where the dominant colour is taken from.
        smallest = min(sp.width for sp in specs)
        images = variants.resized(decoded.image, [w for _, w, _ in wanted] + [smallest])
        files, data, failed = [], {}, None
        for fmt, width, key in wanted:
            name = f"{key}.{EXTENSIONS[fmt]}"
            encoded = variants.encode(images[width], fmt, s)
            if job.keep_bytes:
                data[name] = encoded
            if failed is None:
                # Always written, even over an existing file: it has no record, or a wrong one.
                target = cache.object_path(Path(job.cache_root), key, EXTENSIONS[fmt])
                try:
                    files.append((name, cache.Record.of(encoded, cache.atomic_write(target, encoded))))
                except OSError as e:  # read-only, disk full: the build says so once, plainly
                    failed = (e.errno, e.strerror or type(e).__name__)
            if failed and not job.keep_bytes:
                break
        meta = {"width": decoded.width, "height": decoded.height,
                "dominant": variants.dominant_colour(images[smallest])}
        return Outcome(meta, None, len(files), tuple(files), failed, data or None)
    except errors.PhotoError as e:
        return Outcome(None, e.problem, 0)
    except MemoryError:
        return Outcome(None, errors.too_large(job.shown, 0, s.max_pixels / 1e6), 0)
    except Exception as e:  # noqa: BLE001 - a decoder bug must still become one plain line
        return Outcome(None, errors.unreadable(job.shown, type(e).__name__), 0)


def executor(workers: int) -> Executor:
    """A process pool, or in-process execution when ``workers`` is 0 (tests, debugging).

    ``fork`` starts workers in milliseconds and is safe while the process has a single
    thread (``mkdocs build``); ``mkdocs serve`` runs a web server thread, so it gets
    ``spawn`` (forking a threaded process can deadlock the child).
    """
    if workers == 0:
        return _Inline()
    method = "fork" if sys.platform == "linux" and threading.active_count() == 1 else "spawn"
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method),
                               initializer=_end_with_parent, initargs=(os.getpid(), USE_PDEATHSIG))


# Linux: the kernel kills a worker when the build dies.  A module flag so that a test
# can check the portable watcher on its own.
USE_PDEATHSIG = sys.platform == "linux"
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCH_SECONDS = 0.5


def _end_with_parent(parent: int, use_pdeathsig: bool) -> None:
    """Pool initializer: this worker ends when the build that started it ends.

    A forked worker inherits both ends of the pool's pipes, so when the build is killed
    (SIGKILL, the out-of-memory killer, a CI timeout) nothing ever tells it to stop: it
    would go on encoding for nobody, holding memory and the cache's files.  On Linux the
    kernel sends it SIGKILL when its parent dies (PR_SET_PDEATHSIG).  Everywhere, a
    daemon thread also checks twice a second that the parent is still there (a dead
    parent's children are adopted by another process); on Windows a worker already
    stops when its pipe to the dead build breaks.

    Ctrl-C reaches every process of the terminal; workers ignore it, so only the build
    reacts (it cancels queued photos and waits for the ones running; Pipeline.close),
    and no worker prints a traceback.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if use_pdeathsig:
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no libc prctl (e.g. a static or musl oddity)
            pass
    if sys.platform == "win32":
        return
    if os.getppid() != parent:  # the build died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True,
                     name="end-with-parent").start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class _Inline(Executor):
    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as e:  # noqa: BLE001 - delivered through the future
            future.set_exception(e)
        return future
