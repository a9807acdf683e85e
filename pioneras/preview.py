"""The quick preview (`mkdocs serve --dirty`): which pages a rebuild must render again.

A quick rebuild renders only the pages whose Markdown, translation or shown report changed
(hooks/content.py), the pages that list others (home, stories, reports) and the generated
story lists whose entries changed; the search keeps the other pages' entries. A change to
what every page is made from (data/, overrides/, mkdocs.yml, the code, the pinned packages,
the date) must redo them all: the preview then empties its own site folder, so MkDocs finds
no page up to date. What was seen last is written in dot files of that folder (MkDocs
neither empties nor serves them).

The site folder itself is kept between preview sessions (``KeptSite``, in the checkout's
.cache/, even when the photo cache is elsewhere: it holds this checkout's pages):
MkDocs serves from a new temporary folder each time and would render every page again
(about 20 s at 1,000 stories per language); a preview started again renders only what changed
since the last one, by the same rules as a quick rebuild.

A first start that must render every page renders first what a volunteer looks at and
leaves the older stories for later (``render_later``): hooks/preview.py serves the first
ones at once and renders the rest in the background.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path

from pioneras.images.lock import Lock

STAMP = ".pioneras-preview"
# What every page is built from. The code and the pinned packages count too, now that a
# site folder outlives the preview that made it (a `git pull` may change them).
SHARED = ("data", "overrides", "mkdocs.yml", "hooks", "pioneras", "requirements.lock")
KEPT_SITE = ".cache/preview-site"      # in the checkout (git ignores .cache/)
# In the site folder while pages a first start left for later are not all rendered: a
# preview stopped before they were starts afresh the next time.
LATER = ".pioneras-preview-later"


def shared_state(root: Path) -> str:
    """Each shared file's path, size and modification time, in one line per file."""
    # The date: a story dated in the future appears on its day, in every list.
    rows = [f"today {dt.date.today().isoformat()}"]
    for part in SHARED:
        path = root / part
        files = [path] if path.is_file() else sorted(
            p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for file in files:
            st = file.stat()
            rows.append(f"{file.relative_to(root).as_posix()} {st.st_size} {st.st_mtime_ns}")
    return "\n".join(rows)


def nav_titles(content) -> str:
    """The titles the menu shows, one line per page in the nav and language: every page
    shows the menu, so a nav page's new title renders every page again. A page's title is
    its front matter's, or its first-level headings' (overly eager is only slower)."""
    project, rows = content.project, []
    for lang in project.languages:
        for entry in project.nav:
            page = content.pages.get(f"{lang}/{entry}")
            if page is not None:
                headings = re.findall(r"(?m)^#[ \t]+(.+)$", page.body)
                rows.append(f"{lang}/{entry} {page.meta.get('title')!r} {headings!r}")
    return "\n".join(rows)


def needs_full_rebuild(root: Path, site_dir: Path, also: str = "") -> bool:
    """True (and the site folder emptied of pages) when the shared files (or ``also``:
    what else every page shows, such as the nav's titles) changed since the preview's last
    build, or on its first."""
    stamp = Path(site_dir) / STAMP
    now = shared_state(root) + "\n" + also
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


def render_later(content, recent: int, above: int = 0) -> set[str]:
    """The stories a first start leaves for later (their paths below docs/), when the site
    has more than ``above`` stories in all: in each language, all but the ``recent`` most
    recently changed ones, which are the likeliest to be looked at (the one being written,
    the newest on the lists). The menu's pages and the other pages are few and rendered
    first. A smaller site renders every page first: quicker in all."""
    stories = [page for page in content.pages.values() if page.is_story]
    if len(stories) <= above:
        return set()
    later: set[str] = set()
    for lang in content.project.languages:
        mine = [page for page in stories if page.lang == lang]
        # Changed within the same minute counts as changed together (a checkout writes every
        # file within seconds): then the newest stories first, as the lists show them.
        mine.sort(key=lambda page: (_changed(page) // 60, str(page.meta.get("date", "")), page.src), reverse=True)
        later.update(page.src for page in mine[recent:])
    return later


def _changed(page) -> float:
    try:
        return page.path.stat().st_mtime
    except OSError:
        return float("inf")     # gone since it was read: the next build says so


def changed_since(content, pages: set[str], since: float) -> set[str]:
    """Those of ``pages`` changed after ``since`` (a volunteer edited one of them)."""
    return {src for src in pages if src in content.pages and _changed(content.pages[src]) > since}


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


PAGES = ".pioneras-preview-pages.json"


class PageOutputs:
    """Every page file the preview's last build made, and the file it was made from.

    The page of a Markdown file deleted or renamed since (in the preview, or between two
    previews) is deleted too: MkDocs' quick rebuild never deletes, and the old page would
    still be served. Only files recorded here as pages are ever deleted. A page now made
    from another file (a translation deleted: the default language's text stands in) is
    rendered again, and so are its translations, which link to it (hooks/content.py)."""

    def __init__(self, site_dir: Path):
        self.site = Path(site_dir)
        try:
            record = json.loads((self.site / PAGES).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            record = None
        self.old_sources: dict[str, str] = (
            {k: v for k, v in record.items() if isinstance(k, str) and isinstance(v, str)}
            if isinstance(record, dict) else {})
        self.old = set(self.old_sources) if isinstance(record, dict) else (
            {u for u in record if isinstance(u, str)} if isinstance(record, list) else set())
        self.new: dict[str, str] = {}                # dest_uri -> the file it is made from
        self.pages: dict[str, set[str]] = {}         # lang -> every page's path in that language
        self.rendered: dict[str, set[str]] = {}      # lang -> the pages this build rendered

    def made(self, dest_uri: str, lang: str = "", path: str = "", source: str = "") -> None:
        """A page of this build: its file in the site folder (MkDocs' dest_uri), its path
        below its language's root, and the file it is made from."""
        self.new[dest_uri] = source
        self.pages.setdefault(lang, set()).add(path)

    def made_from_another(self, dest_uri: str, source: str | None) -> bool:
        """Whether the last build made this page from another file."""
        old = self.old_sources.get(dest_uri)
        return old is not None and source is not None and old != source

    def render(self, lang: str, path: str) -> None:
        """A page this build rendered (the others are last build's, unchanged)."""
        self.rendered.setdefault(lang, set()).add(path)

    def save(self) -> list[str]:
        """Delete the pages made last time and not this time; record this build's. Returns
        what it deleted."""
        gone = sorted(u for u in self.old - set(self.new) if _inside(u) and u.endswith(".html"))
        for uri in gone:
            with contextlib.suppress(OSError):
                (self.site / uri).unlink()
        with contextlib.suppress(OSError):
            (self.site / PAGES).write_text(json.dumps(dict(sorted(self.new.items()))), encoding="utf-8")
        return gone


def _inside(uri: object) -> bool:
    """A relative path that stays inside the site folder (the record is a file on disk)."""
    return (isinstance(uri, str) and not uri.startswith("/") and "\\" not in uri and ":" not in uri
            and ".." not in uri.split("/"))


class KeptSite:
    """The preview's site folder kept in the checkout, held by one preview at a time.

    ``folder`` is None when it cannot be used: the cache cannot be written, or another
    preview of this checkout holds it (that one then builds into MkDocs' temporary folder,
    as before). The lock is the kernel's (pioneras.images.lock): a preview that is killed
    leaves no stale lock, and its folder is simply used by the next one."""

    def __init__(self, root: Path):
        self.folder: Path | None = None
        self.busy = False               # another preview of this checkout holds it
        self._lock: Lock | None = None
        folder = Path(root) / KEPT_SITE
        try:
            folder.mkdir(parents=True, exist_ok=True)
            lock = Lock(folder.with_name(folder.name + ".lock"))
        except OSError:
            return
        if lock.effective and not lock.try_exclusive():
            lock.close()
            self.busy = True
            return
        self.folder, self._lock = folder, lock      # held until this process ends

    def error_page(self, code: int) -> bytes | None:
        """The site's own 404 (as MkDocs' server does for its temporary folder)."""
        if self.folder is None or code not in (404, 500):
            return None
        with contextlib.suppress(OSError):
            return (self.folder / f"{code}.html").read_bytes()
        return None
