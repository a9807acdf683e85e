"""Translation status: pages missing in one language, English older than its Spanish source.

"Older" compares the last commit that touched each file (``git log``), one git call for
the whole tree; a file with uncommitted changes counts as changed now. Without git
history only the missing pages can be listed, and the report says so.
"""
from __future__ import annotations

import datetime as dt
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from .layout import DOCS, LANGUAGES

SOURCE, TARGET = LANGUAGES  # Spanish is written first; English follows it


@dataclass
class Status:
    missing: dict[str, list[str]] = field(default_factory=dict)   # lang -> pages it lacks
    outdated: list[tuple[str, float, float]] = field(default_factory=list)  # page, es time, en time
    history: str = "ok"   # ok | no-git | no-commits | shallow


def pages(root: Path, lang: str) -> set[str]:
    folder = root / DOCS / lang
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*.md")} if folder.is_dir() else set()


def _git(root: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=60,
                              encoding="utf-8", errors="replace")
    except (OSError, subprocess.SubprocessError):
        return None  # git not installed
    return proc.stdout if proc.returncode == 0 else None


def changed_times(root: Path) -> tuple[dict[str, float], str]:
    """Path (relative to root, '/') -> when it last changed; and the history state."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None:
        return {}, "no-git"
    top_dir = Path(top.strip())
    prefix = Path(root).resolve().relative_to(top_dir.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    times: dict[str, float] = {}
    log = _git(root, "log", "--format=%x00%ct", "--name-only", "--", DOCS)
    if log is None:
        state = "no-commits"
    else:
        state = "shallow" if (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true" else "ok"
        stamp = 0.0
        for line in log.splitlines():
            if line.startswith("\0"):
                stamp = float(line[1:])
            elif line and line.startswith(prefix):
                times.setdefault(line[len(prefix):], stamp)  # newest first: keep the first seen
    dirty = _git(root, "status", "--porcelain", "-z", "--untracked-files=all", "--", DOCS) or ""
    now = time.time()
    for entry in dirty.split("\0"):
        if len(entry) > 3 and entry[2] == " ":
            path = entry[3:]
            times[path[len(prefix):] if path.startswith(prefix) else path] = now
    return times, state


def status(root: Path) -> Status:
    result = Status()
    found = {lang: pages(root, lang) for lang in LANGUAGES}
    for lang in LANGUAGES:
        others = set().union(*(found[o] for o in LANGUAGES if o != lang))
        result.missing[lang] = sorted(others - found[lang])
    times, result.history = changed_times(root)
    if result.history in ("no-git", "no-commits"):
        return result
    for page in sorted(found[SOURCE] & found[TARGET]):
        es = times.get(f"{DOCS}/{SOURCE}/{page}")
        en = times.get(f"{DOCS}/{TARGET}/{page}")
        if es is not None and en is not None and es > en:
            result.outdated.append((page, es, en))
    return result


def _day(stamp: float) -> str:
    return dt.datetime.fromtimestamp(stamp).strftime("%Y-%m-%d %H:%M")


NAMES = {"es": ("español", "Spanish"), "en": ("inglés", "English")}


def lines(result: Status, missing_pages: bool = True) -> list[str]:
    """The status in plain lines; ``missing_pages=False`` when `check` already lists them."""
    out = []
    for lang, missing in (result.missing.items() if missing_pages else ()):
        es_name, en_name = NAMES.get(lang, (lang, lang))
        for page in missing:
            out.append(f"{DOCS}/{lang}/{page}: falta la versión en {es_name}: créela (mismo nombre de "
                       f"archivo) / the {en_name} version is missing: create it (same file name)")
    for page, es, en in result.outdated:
        out.append(f"{DOCS}/{TARGET}/{page}: el español cambió ({_day(es)}) después de la "
                   f"traducción ({_day(en)}): actualícela / the Spanish text changed ({_day(es)}) "
                   f"after the English translation ({_day(en)}): update it")
    notes = {
        "no-git": ("no hay historial de git aquí: solo se listan las páginas que faltan",
                   "no git history here: only missing pages are listed"),
        "no-commits": ("el repositorio aún no tiene commits: solo se listan las páginas que faltan",
                       "the repository has no commits yet: only missing pages are listed"),
        "shallow": ("historial de git incompleto (clon superficial): las fechas pueden fallar",
                    "incomplete git history (shallow clone): dates may be wrong"),
    }
    if result.history in notes:
        es, en = notes[result.history]
        out.append(f"{es} / {en}")
    if not any(result.missing.values()) and not result.outdated:
        out.append("Traducciones al día. / Translations up to date." if result.history in ("ok", "shallow")
                   else "No falta ninguna página. / No page is missing.")
    return out
