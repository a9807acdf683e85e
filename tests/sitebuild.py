"""Build a project folder the way a volunteer or CI does, and keep what it printed.

A plain module (not conftest) so test files in any folder can import it. Every build of
a test shares the repository's photo and card caches (``.cache/``): a copy of the project
then costs what a warm build costs, not a cold one (the caches are content-addressed and
safe to share between builds of different content).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_CACHES = {
    "PIONERAS_PHOTO_CACHE": str(ROOT / ".cache" / "photos"),
    "PIONERAS_CARDS_CACHE": str(ROOT / ".cache" / "cards"),
}


@dataclass
class Build:
    site: Path
    log: str
    returncode: int
    seconds: float = 0.0
    peak_mb: float = 0.0          # the build process's peak memory (resident), where known

    @property
    def warnings(self) -> list[str]:
        return [l for l in self.log.splitlines() if l.startswith(("WARNING", "ERROR"))]

    def problems(self) -> list[str]:
        """The problem lines the build reported ('path:line: es / en'), without log levels."""
        return [l.split("-  ", 1)[1] for l in self.log.splitlines()
                if l.startswith(("WARNING -  ", "INFO    -  ")) and ": " in l and " / " in l
                and l.split("-  ", 1)[1].split(":", 1)[0].startswith(("docs/", "data/", "mkdocs.yml", "overrides/", "site/"))]


def env_for(**env: str) -> dict[str, str]:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUTF8="1", **{**SHARED_CACHES, **env})


def build(project: Path, site: Path, **env: str) -> Build:
    """Run `mkdocs build --strict` on a project folder, as a volunteer or CI would."""
    start = time.monotonic()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
                                cwd=project, stdout=out, stderr=subprocess.STDOUT, text=True, env=env_for(**env))
        peak = 0.0
        watchdog = threading.Timer(900, proc.kill)     # a hung build fails the test, not CI
        watchdog.start()
        if hasattr(os, "wait4"):            # this child's own peak memory, even with others running
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            peak = usage.ru_maxrss / 1024
        else:
            proc.wait()
        watchdog.cancel()
        out.seek(0)
        return Build(site, out.read(), proc.returncode, time.monotonic() - start, peak)


def check(project: Path, **env: str) -> subprocess.CompletedProcess:
    """Run the volunteers' `check` on a project folder, as pre-commit and the PR check do."""
    return subprocess.run([sys.executable, "-m", "pioneras", "check", "--root", str(project)],
                          cwd=project, capture_output=True, text=True, timeout=600, env=env_for(**env))


_real: list[Build] = []


def real_site() -> Build:
    """The real project with its example content, built once per test run and shared by
    every suite that reads it (the browser suite needs it while collecting)."""
    if not _real:
        _real.append(build(ROOT, Path(tempfile.mkdtemp(prefix="pioneras-site-")) / "site",
                           PIONERAS_EXAMPLES="always"))
    return _real[0]


# What a copy of the project needs to build (everything the build reads).
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "hooks", "overrides", "archetypes", "assets")


def copy_project(target: Path) -> Path:
    """A throw-away copy of the project (imported from here, not from a conftest: several
    test folders have a conftest.py, and which one `import conftest` finds depends on the
    order pytest collects them)."""
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, target / part)
    return target
