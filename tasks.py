#!/usr/bin/env python3
"""Set-up and everyday commands, on any machine that has Python 3.11+ (Linux, macOS, Windows).

    python3 tasks.py serve    # create .venv if needed, install the pinned packages, live preview
                              # (--fresh: render every page again, nothing kept from the last one)
    python3 tasks.py test     # the same set-up, then every test (CI runs exactly this)
    python3 tasks.py build    # build the site into site/ with --strict

Volunteer commands run the same way, without activating anything (see CONTRIBUTING.md):

    python3 tasks.py intake 2025-05-taller PHOTOS...   python3 tasks.py check
    python3 tasks.py privacy-check                      python3 tasks.py translations
    python3 tasks.py new-report ... / new-page ... / clean ... / withdraw ...

Everything is installed into .venv/ from requirements.lock, so the same versions are used
today and in a year. Only the standard library is used here, since nothing else exists yet.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".lock-sha256"
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUTF8="1")


def run(*cmd: object) -> None:
    print("$", " ".join(str(c) for c in cmd), flush=True)
    code = subprocess.call([str(c) for c in cmd], cwd=ROOT, env=ENV)
    if code:
        sys.exit(code)


def ensure_venv() -> None:
    """Create .venv and install requirements.lock, again only when the lock changed."""
    if sys.version_info < (3, 11):
        sys.exit("Se necesita Python 3.11 o más nuevo / Python 3.11 or newer is needed.")
    digest = hashlib.sha256(LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PY.exists() and STAMP.exists() and STAMP.read_text() == digest:
        return
    if not PY.exists():
        run(sys.executable, "-m", "venv", VENV)
    run(PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", LOCK)
    run(PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "-e", ".")
    STAMP.write_text(digest)


def ensure_browser() -> None:
    """Browser tests need Debian's Chromium. Install it where we may (root + apt-get), as CI is."""
    if shutil.which("chromium") or os.environ.get("PIONERAS_NO_BROWSER"):
        return
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        run("apt-get", "update", "-qq")
        run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium", "fonts-liberation")
    else:
        print("Chromium no está instalado: las pruebas de navegador se omitirán / "
              "Chromium is not installed: browser tests will be skipped "
              "(Debian/Ubuntu: sudo apt-get install chromium)", flush=True)


def serve_args(args: list[str]) -> list[str]:
    """The preview's options for MkDocs. --fresh: forget the pages the last preview kept
    (.cache/preview-site, pioneras/preview.py), so that every page is rendered again."""
    if "--fresh" not in args:
        return args
    shutil.rmtree(ROOT / ".cache" / "preview-site", ignore_errors=True)
    return [a for a in args if a != "--fresh"]


def main(argv: list[str]) -> None:
    command = argv[0] if argv else "help"
    if command in {"help", "-h", "--help"}:
        print(__doc__)
        return
    ensure_venv()
    if command == "serve":
        # --dirty: after the first build, a save re-renders only the pages whose file changed
        # (and the generated story lists); every check still reads all the content.
        run(PY, "-m", "mkdocs", "serve", "--livereload", "--dirty", *serve_args(argv[1:]))
    elif command == "build":
        run(PY, "-m", "mkdocs", "build", "--strict", *argv[1:])
    elif command == "test":
        ensure_browser()
        run(PY, "-m", "pytest", *argv[1:])
    else:   # a volunteer command: pioneras/__main__.py knows them and explains a wrong one
        run(PY, "-m", "pioneras", *argv)


if __name__ == "__main__":
    main(sys.argv[1:])
