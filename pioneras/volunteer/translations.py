"""Translation status: pages missing in a language, translations older than their source.

The default language (the first in mkdocs.yml) is the source. "Older" compares the last
commit that touched each file (``git log``, one call for the whole tree); a file with
uncommitted changes counts as changed now. Without git history only the missing pages can
be listed, and the report says so.
"""
from __future__ import annotations

import datetime as dt
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from pioneras.problems import Problem, notice
from pioneras.project import Project

from .problems import bi


@dataclass
class Status:
    missing: dict[str, list[str]] = field(default_factory=dict)   # lang -> pages it lacks
    outdated: list[Problem] = field(default_factory=list)
    history: str = "ok"   # ok | no-git | no-commits | shallow


def pages(project: Project, lang: str) -> set[str]:
    folder = project.docs / lang
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*.md")} if folder.is_dir() else set()


def _git(root: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=60,
                              encoding="utf-8", errors="replace")
    except (OSError, subprocess.SubprocessError):
        return None  # git not installed
    return proc.stdout if proc.returncode == 0 else None


def changed_times(project: Project) -> tuple[dict[str, float], str]:
    """Path (relative to the project, '/') -> when it last changed; and the history state."""
    root, docs = project.root, project.docs_shown
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None:
        return {}, "no-git"
    prefix = Path(root).resolve().relative_to(Path(top.strip()).resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    times: dict[str, float] = {}
    log = _git(root, "log", "--format=%x00%ct", "--name-only", "--", docs)
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
    dirty = _git(root, "status", "--porcelain", "-z", "--untracked-files=all", "--", docs) or ""
    now = time.time()
    for entry in dirty.split("\0"):
        if len(entry) > 3 and entry[2] == " ":
            path = entry[3:]
            times[path[len(prefix):] if path.startswith(prefix) else path] = now
    return times, state


def status(project: Project) -> Status:
    result = Status()
    found = {lang: pages(project, lang) for lang in project.languages}
    source = project.default_language
    for lang in project.languages:
        others = set().union(*(found[o] for o in project.languages if o != lang))
        result.missing[lang] = sorted(others - found[lang])
    times, result.history = changed_times(project)
    if result.history in ("no-git", "no-commits"):
        return result
    docs = project.docs_shown
    for lang in project.languages[1:]:
        for page in sorted(found[source] & found[lang]):
            original, translation = times.get(f"{docs}/{source}/{page}"), times.get(f"{docs}/{lang}/{page}")
            if original is not None and translation is not None and original > translation:
                result.outdated.append(notice("translations.outdated", f"{docs}/{lang}/{page}", 0,
                                              source=f"{docs}/{source}/{page}", changed=_day(original),
                                              translated=_day(translation)))
    return result


def _day(stamp: float) -> str:
    return dt.datetime.fromtimestamp(stamp).strftime("%Y-%m-%d %H:%M")


_HISTORY = {
    "no-git": ("no hay historial de git aquí: solo se listan las páginas que faltan",
               "no git history here: only missing pages are listed"),
    "no-commits": ("el repositorio aún no tiene commits: solo se listan las páginas que faltan",
                   "the repository has no commits yet: only missing pages are listed"),
    "shallow": ("historial de git incompleto (clon superficial): las fechas pueden fallar",
                "incomplete git history (shallow clone): dates may be wrong"),
}


def lines(project: Project, result: Status) -> list[str]:
    out = []
    docs = project.docs_shown
    for lang, missing in result.missing.items():
        for page in missing:
            out.append(bi(f"{docs}/{lang}/{page}: falta (cree la página con el mismo nombre de archivo)",
                          f"{docs}/{lang}/{page}: missing (create the page with the same file name)"))
    out += [str(p) for p in result.outdated]
    if result.history in _HISTORY:
        out.append(bi(*_HISTORY[result.history]))
    if not any(result.missing.values()) and not result.outdated:
        out.append(bi("Traducciones al día.", "Translations up to date.") if result.history in ("ok", "shallow")
                   else bi("No falta ninguna página.", "No page is missing."))
    return out
