"""pool.py / pipeline.py: worker processes never outlive the build that started them.

A build runs in a child process with slow jobs; the test kills it with SIGKILL (what the
out-of-memory killer and CI timeouts do: no handler runs) and looks in /proc for its
workers.  Linux only (/proc, fork); the watcher also runs on macOS but is tested here.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from pioneras.images import Settings

from .helpers import ROOT, make_report

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")

# Slow enough: noisy photos at the project's settings keep the pool busy for seconds.
SLOW_BUILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from PIL import Image
    from pioneras.images import Pipeline, Settings, pool
    from images.helpers import make_report
    root, use_pdeathsig = Path(sys.argv[1]), sys.argv[2] == "1"
    pool.USE_PDEATHSIG = use_pdeathsig
    photos = {f"p{i}.jpg": Image.effect_noise((1200, 900), 30 + i).convert("RGB") for i in range(8)}
    make_report(root / "docs", "2025-05-slow", photos)
    pipeline = Pipeline(root / "docs", root / "cache", Settings(), workers=2, root=root)
    pipeline.start()
    print("started", flush=True)
    time.sleep(600)
""")


def _proc_stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()  # [state, ppid, ...]; the name may hold spaces


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _proc_stat(int(entry))
            if stat and int(stat[1]) == pid:
                found.append(int(entry))
    return found


def _running(pid: int) -> bool:
    stat = _proc_stat(pid)
    return stat is not None and stat[0] != "Z"  # a zombie has ended; only its entry is left


@pytest.mark.parametrize("use_pdeathsig", [True, False], ids=["prctl", "watcher-only"])
def test_killed_build_leaves_no_worker_running(tmp_path, use_pdeathsig):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "tests"))
    build = subprocess.Popen([sys.executable, "-c", SLOW_BUILD, str(tmp_path), "1" if use_pdeathsig else "0"],
                             stdout=subprocess.PIPE, text=True, env=env)
    workers: list[int] = []
    try:
        assert build.stdout.readline().strip() == "started"
        deadline = time.monotonic() + 20
        while len(workers) < 2 and time.monotonic() < deadline:
            workers = _children(build.pid)
            time.sleep(0.1)
        assert len(workers) == 2, workers
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        killed = time.monotonic()
        while any(map(_running, workers)) and time.monotonic() < killed + 5:
            time.sleep(0.05)
        print(f"workers gone {time.monotonic() - killed:.2f} s after the build was killed")
        assert not [w for w in workers if _running(w)], "workers outlived their build"
    finally:
        build.kill()
        for w in workers:  # never leave them behind, even when the test fails
            if _running(w):
                os.kill(w, signal.SIGKILL)


def test_close_cancels_queued_photos_and_keeps_finished_ones(project):
    """What the glue calls on a build error or Ctrl-C: the queue is dropped (a few photos
    at most finish), the workers are gone, and the manifest keeps what was done."""
    from PIL import Image

    photos = {f"p{i}.jpg": Image.effect_noise((600, 400), 30 + i).convert("RGB") for i in range(12)}
    make_report(project.docs, "2025-05-slow", photos)
    pipeline = project.pipeline(Settings(), workers=1)
    pipeline.start()
    workers = list(pipeline._pool._processes)  # private, but the only way to name them
    pipeline.close()
    assert pipeline._pool is None and not any(map(_running, workers))
    done = sum(1 for f in pipeline._futures.values() if f.done() and not f.cancelled())
    assert done <= 4, done  # the one running and those already handed to the worker
    manifest = json.loads((project.cache / "manifest.json").read_text())
    assert len(manifest["photos"]) == done and len(manifest["variants"]) == done
