"""Build a project folder the way a volunteer or CI does, and keep what it printed.

A plain module (not conftest) so test files in any folder can import it.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Build:
    site: Path
    log: str
    returncode: int
    seconds: float = 0.0

    @property
    def warnings(self) -> list[str]:
        return [l for l in self.log.splitlines() if l.startswith(("WARNING", "ERROR"))]


def build(project: Path, site: Path, **env: str) -> Build:
    """Run `mkdocs build --strict` on a project folder, as a volunteer or CI would."""
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=project, capture_output=True, text=True, timeout=900,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUTF8="1", **env),
    )
    return Build(site, proc.stdout + proc.stderr, proc.returncode, time.monotonic() - start)


_real: list[Build] = []


def real_site() -> Build:
    """The real project, built once per test run and shared by every suite that reads it
    (the browser suite needs it while collecting, before fixtures exist)."""
    if not _real:
        _real.append(build(ROOT, Path(tempfile.mkdtemp(prefix="pioneras-site-")) / "site"))
    return _real[0]
