"""A mistake a volunteer's command can meet (a photo that cannot be opened, a wrong name):
said in Spanish and English, never as a traceback. Problems in the site's content are
pioneras.problems' (the same objects the build reports)."""
from __future__ import annotations


def bi(es: str, en: str) -> str:
    return f"{es} / {en}"


class VolunteerError(Exception):
    """A mistake the volunteer can fix; the command prints it without a traceback."""

    def __init__(self, es: str, en: str):
        super().__init__(bi(es, en))
        self.es, self.en = es, en

    def text(self) -> str:
        return f"{self.es}\n{self.en}"
