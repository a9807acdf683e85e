"""Plain bilingual messages: one problem per line, Spanish first, never a traceback."""
from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
INFO = "info"   # worth saying, never blocks (a withdrawn photo, a page to re-translate)


def bi(es: str, en: str) -> str:
    return f"{es} / {en}"


class VolunteerError(Exception):
    """A mistake the volunteer can fix; the CLI prints it without a traceback."""

    def __init__(self, es: str, en: str):
        super().__init__(bi(es, en))
        self.es, self.en = es, en

    def text(self) -> str:
        return f"{self.es}\n{self.en}"


@dataclass(frozen=True, order=True)
class Problem:
    path: str          # relative to the site, with '/'
    line: int          # 1-based; 0 when the whole file is meant
    text: str          # "qué pasa: cómo arreglarlo / what is wrong: how to fix it"
    level: str = ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        tag = "" if self.level == ERROR else "(aviso / notice) "
        return f"{where}: {tag}{self.text}"


def summary(problems: list[Problem]) -> str:
    errors = sum(p.level == ERROR for p in problems)
    notices = len(problems) - errors
    if not errors:
        return bi(f"Todo en orden ({notices} aviso(s)).", f"All good ({notices} notice(s)).")
    return bi(f"{errors} error(es), {notices} aviso(s): corrija los errores y repita",
              f"{errors} error(s), {notices} notice(s): fix the errors and run it again.")
