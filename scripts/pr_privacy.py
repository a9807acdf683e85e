#!/usr/bin/env python3
"""The privacy guard for a pull request: every image it adds, in its last state and in history.

    python scripts/pr_privacy.py BASE TIP      (in CI: HEAD^1 HEAD^2 of the merge commit)

1. Runs ``python3 tasks.py privacy-check`` on docs/ and on every file the pull request adds or
   changes anywhere in the repository (BASE...TIP), as they are now.
2. Reads every earlier version of a file that the pull request's commits brought in (each blob
   reachable from TIP but not from BASE, and no longer in TIP's tree). A photo with GPS that
   was committed and then cleaned or deleted is still public in the pull request
   (refs/pull/N/head) and would enter main with a merge: it must fail the check too.

Prints one line per problem (``path: qué pasa / what is wrong``), exits 1 if any.
Runs with the project's .venv Python: it reads images with pioneras' standard-library reader.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))   # pioneras, when run from a checkout without `pip install -e .`

from pioneras.volunteer.layout import SKIP_DIRS  # noqa: E402  (after the path set-up)
from pioneras.content.metadata import find_in_bytes  # noqa: E402


def git(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    return subprocess.run(["git", *args], cwd=repo, input=data, capture_output=True, check=True).stdout


def changed_files(repo: Path, base: str, tip: str) -> list[str]:
    """Files the pull request adds, copies, modifies, renames or retypes, that exist now."""
    out = git(repo, "diff", "-z", "--name-only", "--diff-filter=ACMRT", f"{base}...{tip}")
    return [name for name in out.decode().split("\0") if name and (repo / name).is_file()]


def earlier_versions(repo: Path, base: str, tip: str) -> list[tuple[str, str]]:
    """(blob, path) of each file version the commits brought in that TIP no longer has."""
    in_tip = {line.split()[2] for line in git(repo, "ls-tree", "-r", tip).decode().splitlines()}
    # --objects lists commits, trees and blobs, each tree or blob with the path it was seen at.
    seen: dict[str, str] = {}
    for line in git(repo, "rev-list", "--objects", tip, f"^{base}").decode().splitlines():
        sha, _, path = line.partition(" ")
        if path and sha not in in_tip:
            seen.setdefault(sha, path)
    if not seen:
        return []
    kinds = git(repo, "cat-file", "--batch-check=%(objectname) %(objecttype)", data="\n".join(seen).encode())
    blobs = [sha for sha, kind in (line.split() for line in kinds.decode().splitlines()) if kind == "blob"]
    return sorted(((sha, seen[sha]) for sha in blobs), key=lambda blob_path: (blob_path[1], blob_path[0]))


def first_commit(repo: Path, blob: str, base: str, tip: str) -> str:
    """The short id of the commit that brought this file version in."""
    out = git(repo, "log", "--format=%h", "--reverse", f"--find-object={blob}", f"{base}..{tip}").decode().split()
    return out[0] if out else "?"


def history_leaks(repo: Path, base: str, tip: str) -> list[str]:
    """One problem line per earlier file version that carries private metadata."""
    lines = []
    for blob, path in earlier_versions(repo, base, tip):
        labels = find_in_bytes(git(repo, "cat-file", "blob", blob))
        if not labels:
            continue
        commit = first_commit(repo, blob, base, tip)
        es = ", ".join(es for es, _ in labels)
        en = ", ".join(en for _, en in labels)
        lines.append(
            f"{path}: una versión anterior de este archivo (commit {commit}) tiene {es}: sigue en el "
            "historial del pull request aunque después se haya limpiado o borrado / an earlier "
            f"version of this file (commit {commit}) has {en}: it stays in the pull request's "
            "history even though it was cleaned or deleted afterwards")
    return lines


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: pr_privacy.py BASE TIP", file=sys.stderr)
        return 2
    base, tip = argv
    try:
        changed = changed_files(ROOT, base, tip)
        leaks = history_leaks(ROOT, base, tip)
    except subprocess.CalledProcessError as err:
        print(f"git {' '.join(err.cmd[1:3])}: {err.stderr.decode(errors='replace').strip()}")
        print("No se pudo leer el historial del pull request: avise a quien mantiene el repositorio "
              "/ could not read the pull request's history: tell a maintainer")
        return 1
    print(f"Revisando docs/ y {len(changed)} archivo(s) del pull request / checking docs/ and "
          f"{len(changed)} file(s) of the pull request", flush=True)
    # docs/ is scanned whole; name only what that walk would not reach, so nothing is said twice.
    extra = [f for f in changed if not f.startswith("docs/") or SKIP_DIRS.intersection(f.split("/"))]
    now = subprocess.call([sys.executable, str(ROOT / "tasks.py"), "privacy-check", "docs", *extra], cwd=ROOT)
    for line in leaks:
        print(line)
    if leaks:
        print(f"{len(leaks)} versión(es) anterior(es) con datos privados en los commits de este pull "
              f"request / {len(leaks)} earlier version(s) with private data in this pull request's commits")
    return 1 if now or leaks else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
