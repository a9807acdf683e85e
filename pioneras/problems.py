"""One type for every problem the site's tools find, and the words they use to say it.

A problem is a value, never an exception: every reader collects all of them in one run
(fixing mistakes one rebuild at a time is how volunteers give up), and both
``python3 tasks.py check`` and the build print the very same objects, so they can never
word a mistake differently or point at a different line.

What each problem says lives in ``messages.yml`` (content, not code): a code names an
entry there, and the entry gives what is wrong and how to fix it, in Spanish and English,
with ``{placeholders}`` filled from the call. A test checks that every entry has all four
texts and that the commands it names are the ones the volunteers' guide uses.

Printed on one line, Spanish first, so a volunteer who reads either language finds the
file and the fix::

    docs/es/historia.md:12: el enlace «x.md» no lleva a ninguna página: ... / the link ...
"""
from __future__ import annotations

import functools
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

ERROR = "error"     # the page or photo cannot be published as it is: --strict stops
NOTICE = "notice"   # worth saying, never blocks a deploy (a withdrawn photo, a value to confirm)

# The commands messages may name, exactly as the volunteers' guide (CONTRIBUTING) writes them.
COMMANDS = {
    "cmd_check": "python3 tasks.py check",
    "cmd_intake": "python3 tasks.py intake",
    "cmd_clean": "python3 tasks.py clean",
    "cmd_new_report": "python3 tasks.py new-report",
    "cmd_new_page": "python3 tasks.py new-page",
    "cmd_privacy_check": "python3 tasks.py privacy-check",
    "cmd_withdraw": "python3 tasks.py withdraw",
    "cmd_serve": "python3 tasks.py serve",
    "cleaner_page": "voluntariado/limpiar-fotos/",
}


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake (or notice) at one place: what is wrong and the fix, in both languages."""

    path: str          # as the volunteer sees it, relative to the project: docs/es/x.md
    line: int          # 1-based; 0 means the whole file
    es: str            # "qué pasa: cómo arreglarlo"
    en: str            # "what is wrong: how to fix it"
    level: str = ERROR
    code: str = ""     # the messages.yml entry, stable for tests and de-duplication

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    def __str__(self) -> str:
        tag = "" if self.is_error else "(aviso / notice) "
        return f"{self.where}: {tag}{self.es} / {self.en}"


class _Catalogue(string.Formatter):
    """messages.yml, read once; formatting fails loudly on a placeholder nobody filled."""

    def __init__(self, entries: dict[str, dict[str, str]]):
        self.entries = entries

    def render(self, code: str, values: dict) -> tuple[str, str]:
        entry = self.entries[code]
        filled = {**COMMANDS, **{k: _plain(v) for k, v in values.items()}}
        es = self.format(entry["es"], **filled) + ": " + self.format(entry["fix_es"], **filled)
        en = self.format(entry["en"], **filled) + ": " + self.format(entry["fix_en"], **filled)
        return es, en


def _plain(value) -> str:
    # Volunteers' text is quoted inside messages; one line each, whatever they typed.
    return " ".join(str(value).split()) if value is not None else ""


@functools.lru_cache(maxsize=1)
def catalogue() -> _Catalogue:
    from pioneras import yamlsafe     # the catalogue is YAML too, read as safely as the rest

    path = Path(__file__).with_name("messages.yml")
    try:
        data, problems, _ = yamlsafe.load(path.read_text(encoding="utf-8"), "pioneras/messages.yml")
    except RecursionError:       # saying what is wrong with it needs the catalogue itself
        data, problems = None, ["not valid YAML"]
    if problems or not isinstance(data, dict):
        raise RuntimeError(f"pioneras/messages.yml cannot be read: {problems}")
    return _Catalogue(data)


def problem(code: str, path: str | Path, line: int = 0, /, *, level: str = ERROR, **values) -> Problem:
    """The Problem of ``code`` (an entry of messages.yml) at ``path:line``."""
    es, en = catalogue().render(code, values)
    return Problem(Path(path).as_posix() if isinstance(path, Path) else path, line, es, en, level, code)


def notice(code: str, path: str | Path, line: int = 0, /, **values) -> Problem:
    return problem(code, path, line, level=NOTICE, **values)


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def summary(problems: list[Problem]) -> str:
    """The last line of `check` (and of a build that found problems)."""
    found = len(errors(problems))
    notices = len(problems) - found
    if not found:
        return f"Todo en orden ({notices} aviso(s)). / All good ({notices} notice(s))."
    return (f"{found} error(es) y {notices} aviso(s): corrija los errores y repita. / "
            f"{found} error(s) and {notices} notice(s): fix the errors and run it again.")


def unique(problems: Iterable[Problem]) -> list[Problem]:
    """In order of the files, then lines; each problem once (two readers may meet one mistake)."""
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.level, p.code, p.es))
