"""The quick preview (`mkdocs serve --dirty`): which pages a rebuild must render again.

A quick rebuild renders only the pages whose Markdown changed, the pages that list others
(home, stories, reports) and the generated story lists whose entries changed. A change to
what every page is made from (data/, overrides/, mkdocs.yml) must redo them all: the
preview then empties its own site folder, so MkDocs finds no page up to date. What was seen
last is written in dot files of that folder (MkDocs neither empties nor serves them).
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

STAMP = ".pioneras-preview"
SHARED = ("data", "overrides", "mkdocs.yml")     # what every page is built from


def shared_state(root: Path) -> str:
    """Each shared file's path, size and modification time, in one line per file."""
    rows = []
    for part in SHARED:
        path = root / part
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            st = file.stat()
            rows.append(f"{file.relative_to(root).as_posix()} {st.st_size} {st.st_mtime_ns}")
    return "\n".join(rows)


def needs_full_rebuild(root: Path, site_dir: Path) -> bool:
    """True (and the site folder emptied of pages) when the shared files changed since the
    preview's last build, or on its first."""
    stamp = Path(site_dir) / STAMP
    now = shared_state(root)
    try:
        if stamp.read_text(encoding="utf-8") == now:
            return False
    except OSError:
        pass
    for entry in os.scandir(site_dir) if Path(site_dir).is_dir() else ():
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            for html in path.rglob("*.html"):
                html.unlink()
        elif entry.name.endswith(".html"):
            path.unlink()
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(now, encoding="utf-8")
    return True


LISTS = ".pioneras-preview-lists.json"


class ListDigests:
    """What each generated list page (a story list, an archive year, a category) showed at
    the preview's last build, as a digest: a quick rebuild renders only those that change.
    Kept in a dot file of the preview's site folder, written at the end of each build."""

    def __init__(self, site_dir: Path):
        self.path = Path(site_dir) / LISTS
        try:
            self.old = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.old = {}
        self.new: dict[str, str] = {}

    def changed(self, url: str, *shown: object) -> bool:
        """Whether the page at ``url`` shows something else than last time (``shown``: all
        it is made from, with a stable repr)."""
        digest = hashlib.sha256(repr(shown).encode("utf-8")).hexdigest()
        self.new[url] = digest
        return self.old.get(url) != digest

    def save(self) -> None:
        with contextlib.suppress(OSError):
            self.path.write_text(json.dumps(self.new), encoding="utf-8")
