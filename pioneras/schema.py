"""Schemas of the data volunteers write: photo-report lists and page front matter.

pydantic does the checking; ``problems()`` turns its errors into one plain line per
mistake, in Spanish and English, so nobody ever sees a traceback.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

LANGUAGES = ("es", "en")
# A photo with people needs their recorded consent; "no-people" is for photos that
# show no person at all (landscapes, objects, the generated examples).
Consent = Literal["given", "withdrawn", "no-people"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PhotoText(_Strict):
    caption: str = Field(min_length=1)
    alt: str = Field(min_length=1)


class Photo(_Strict):
    file: str = Field(min_length=1)
    consent: Consent
    may_name: bool = False
    credit: str | None = None
    es: PhotoText
    en: PhotoText

    @property
    def published(self) -> bool:
        return self.consent != "withdrawn"


class Report(_Strict):
    """``docs/photo-reports/<yyyy-mm-slug>/report.yml``."""

    date: dt.date
    cover: str | None = None
    example: bool = False
    photos: list[Photo] = Field(default_factory=list)

    def published_photos(self) -> list[Photo]:
        return [p for p in self.photos if p.published]


class FrontMatter(_Strict):
    """Front matter a page may carry (``docs/es/**.md``, ``docs/en/**.md``)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)
    title: str | None = None
    description: str | None = None
    template: str | None = None
    report: str | None = None          # photo-report folder this page shows
    date: dt.date | None = None
    hide: list[str] | None = None
    icon: str | None = None
    search: dict | None = None
    # stories (blog posts)
    authors: list[str] | None = None
    categories: list[str] | None = None
    slug: str | None = None
    readtime: int | None = None
    cover: str | None = None
    summary: str | None = None
    example: bool = False
    links: list | None = None
    draft: bool | None = None
    pin: bool | None = None


def _where(loc: tuple) -> str:
    return ".".join(str(p) for p in loc) or "(file)"


_FIX = {
    "missing": ("falta este campo: agréguelo", "this field is missing: add it"),
    "extra_forbidden": ("campo desconocido: bórrelo o corrija su nombre",
                        "unknown field: delete it or fix its spelling"),
    "literal_error": ("valor no permitido", "value not allowed"),
    "date_from_datetime_parsing": ("fecha inválida: use AAAA-MM-DD", "bad date: use YYYY-MM-DD"),
    "date_parsing": ("fecha inválida: use AAAA-MM-DD", "bad date: use YYYY-MM-DD"),
    "date_type": ("fecha inválida: use AAAA-MM-DD", "bad date: use YYYY-MM-DD"),
    "string_too_short": ("está vacío: escriba el texto", "is empty: write the text"),
    "bool_parsing": ("use true o false", "use true or false"),
}


def problems(error: ValidationError) -> list[str]:
    """One 'where: qué hacer / what to do' line per pydantic error."""
    lines = []
    for e in error.errors():
        if e["type"] == "value_error":   # our own validators already speak both languages
            lines.append(f"{_where(e['loc'])}: {e['msg'].removeprefix('Value error, ')}")
            continue
        es, en = _FIX.get(e["type"], (e["msg"], e["msg"]))
        if e["type"] == "literal_error":
            allowed = e.get("ctx", {}).get("expected", "")
            es, en = f"{es}: use {allowed}", f"{en}: use {allowed}"
        lines.append(f"{_where(e['loc'])}: {es} / {en}")
    return lines
