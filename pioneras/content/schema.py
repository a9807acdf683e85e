"""The shapes of what volunteers write, and one translation of schema errors into Problems.

pydantic checks every field; ``problems_of`` turns its errors into the project's Problems
(messages.yml), each at the YAML line of the field, so the same mistake reads the same in
``check``, the build and the pull-request summary. Texts that exist once per language
(``es:``/``en:`` blocks) are validated against the project's languages, passed as
validation context, so a third language in mkdocs.yml is checked like the first two.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Annotated, Literal

from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, ValidationError, ValidationInfo,
                      field_validator, model_validator)
from pydantic_core import PydanticCustomError

from pioneras.problems import Problem, problem
from pioneras.yamlsafe import Located

# A photo with people needs their recorded consent; "no-people" is for photos that
# show no person at all (landscapes, objects, the generated examples).
Consent = Literal["given", "withdrawn", "no-people"]
REPORT_SLUG = re.compile(r"^(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])-[a-z0-9]+(?:-[a-z0-9]+)*$")
CATEGORY_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def _languages(info: ValidationInfo) -> tuple[str, ...]:
    return tuple((info.context or {}).get("languages") or ("es", "en"))


def check_languages(value: dict, info: ValidationInfo, *, required: bool = True) -> dict:
    """A {language: text} block: only the project's languages, all of them when required."""
    languages = _languages(info)
    for key in value:
        if key not in languages:
            raise PydanticCustomError("schema.unknown-language", "unknown language",
                                      {"key": key, "languages": ", ".join(languages)})
    if required:
        missing = [lang for lang in languages if lang not in value]
        if missing:
            raise PydanticCustomError("schema.missing-language", "missing language",
                                      {"missing": ", ".join(missing)})
    return value


# --- pages ---------------------------------------------------------------------------------

class FrontMatter(Strict):
    """Front matter any page may carry (``docs/<lang>/**.md``)."""

    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, min_length=1, max_length=400)
    template: str | None = None
    report: str | None = None            # the photo report (folder name) this page shows
    hero: str | None = None              # <report>/<photo>: the home page's cover photo
    hide: list[Literal["navigation", "toc", "footer", "path", "tags", "feedback"]] | None = None
    icon: str | None = None
    search: dict | None = None
    example: bool = False                # shown in the preview and tests, never published

    @field_validator("report")
    @classmethod
    def _report_slug(cls, value: str | None) -> str | None:
        if value is not None and not REPORT_SLUG.match(value):
            raise PydanticCustomError("schema.report-slug", "bad report name", {"value": value})
        return value

    @field_validator("hero")
    @classmethod
    def _photo_ref(cls, value: str | None) -> str | None:
        return _photo_reference(value)


def _photo_reference(value: str | None) -> str | None:
    if value is None:
        return None
    slug, _, name = value.partition("/")
    if not REPORT_SLUG.match(slug) or not name or "/" in name or "\\" in name or name in (".", ".."):
        raise PydanticCustomError("schema.photo-reference", "bad photo reference", {"value": value})
    return value


class StoryMeta(FrontMatter):
    """A story (``docs/<lang>/historias/<name>.md``): the story fields are required."""

    title: str = Field(min_length=1, max_length=200)
    date: dt.date
    summary: str = Field(min_length=1, max_length=300)
    categories: list[str] = Field(min_length=1)
    cover: str
    authors: list[str] = Field(default_factory=list)
    readtime: int | None = Field(default=None, ge=1, le=120)
    draft: bool = False
    pin: bool = False

    @field_validator("date", mode="before")
    @classmethod
    def _plain_date(cls, value):
        # A time ("2026-05-01 10:00") is a common slip; say so plainly instead of pydantic's
        # "Datetimes provided to dates should have zero time".
        if isinstance(value, str) and re.match(r"^\d{4}-\d\d-\d\d[ T]\d", value.strip()):
            raise PydanticCustomError("schema.date-with-time", "date with time", {"value": value})
        return value

    @field_validator("date")
    @classmethod
    def _not_in_future(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        today = (info.context or {}).get("today") or dt.date.today()
        if value > today + dt.timedelta(days=1):     # a day of slack for time zones
            raise PydanticCustomError("schema.date-future", "future date",
                                      {"value": value.isoformat(), "today": today.isoformat()})
        return value

    @field_validator("cover")
    @classmethod
    def _cover(cls, value: str) -> str:
        return _photo_reference(value)

    @field_validator("authors")
    @classmethod
    def _first_names_only(cls, value: list[str]) -> list[str]:
        # Safeguarding: a first name or a pseudonym, never a full name or a contact.
        for name in value:
            if len(name.split()) > 1 or len(name) > 30 or re.search(r"[@\d/]", name):
                raise PydanticCustomError("schema.author-name", "full name", {"value": name})
        return value


# --- photo reports -------------------------------------------------------------------------

class PhotoText(Strict):
    caption: str = Field(min_length=1, max_length=500)
    alt: str = Field(min_length=1, max_length=500)


class Photo(Strict):
    """One entry of a report's ``photos:`` list; its texts sit under each language's key
    (``es: {caption, alt}``), gathered here into ``texts``."""

    file: str = Field(min_length=1)
    consent: Consent
    may_name: bool = False
    credit: str | None = Field(default=None, max_length=100)
    # The hash of a withdrawn photo's bytes: keeps it blocked after its file is deleted.
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    texts: dict[str, PhotoText] = Field(default_factory=dict)

    @field_validator("file")
    @classmethod
    def _file_name_only(cls, value: str) -> str:
        if "/" in value or "\\" in value or value in (".", ".."):
            raise PydanticCustomError("schema.file-name-only", "a path", {"value": value})
        return value

    @model_validator(mode="before")
    @classmethod
    def _gather_texts(cls, data, info: ValidationInfo):
        if not isinstance(data, dict):
            return data
        languages = _languages(info)
        texts = {k: v for k, v in data.items() if k in languages}
        rest = {k: v for k, v in data.items() if k not in languages and k != "texts"}
        if data.get("consent") == "withdrawn":
            return rest                  # never published: its texts do not matter
        missing = [lang for lang in languages if lang not in texts]
        if missing and "consent" in data:
            raise PydanticCustomError("schema.missing-language", "missing language",
                                      {"missing": ", ".join(missing)})
        return {**rest, "texts": texts}

    def text(self, lang: str) -> PhotoText:
        return self.texts[lang]

    @property
    def published(self) -> bool:
        return self.consent != "withdrawn"


class ReportMeta(Strict):
    """``report.yml`` without its photos (each photo is validated on its own)."""

    date: dt.date
    cover: str | None = None
    example: bool = False
    photos: list = Field(default_factory=list)


# --- data files ----------------------------------------------------------------------------

def _category_names(value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
    # Validated per category, so a missing language is reported at that category's line
    # and named ("categories.otra"), not at the top of the file.
    return check_languages(value, info)


class Categories(Strict):
    """``data/stories.yml``."""

    categories: dict[str, Annotated[dict[str, str], AfterValidator(_category_names)]]

    @field_validator("categories")
    @classmethod
    def _keys(cls, value: dict[str, dict[str, str]]):
        for key in value:
            if not CATEGORY_KEY.match(key):
                raise PydanticCustomError("schema.category-key", "bad key", {"value": key})
        return value


# --- schema errors -> Problems ---------------------------------------------------------------

def problems_of(err: ValidationError, shown: str, located: Located, *, prefix: tuple = (),
                fields: tuple[str, ...] = (), where=None) -> list[Problem]:
    """One Problem per pydantic error, at the line of the field.

    ``prefix`` is prepended to each error location (a photo's place in the list);
    ``fields`` are the names the model knows, for "did you mean"; ``where(loc)`` may name
    the place in words (e.g. "foto 2 (rosa.jpg)").
    """
    out = []
    for e in err.errors():
        loc = (*prefix, *(p for p in e["loc"] if p != "texts"))
        line = located.line(loc)
        field = ".".join(str(p) for p in e["loc"] if p != "texts") or "(archivo/file)"
        label = where(loc) if where else field
        kind, ctx = e["type"], e.get("ctx") or {}
        last = loc[-1] if loc else ""
        if last == "consent" and kind in ("missing", "literal_error"):
            # The one omission that must never slip through: say exactly what to write.
            if kind == "literal_error" and isinstance(e.get("input"), str):   # not a YAML yes/no
                out.append(problem("schema.consent-value", shown, line, field=label, value=e.get("input")))
            else:
                out.append(problem("schema.consent", shown, line, field=label))
        elif last in ("caption", "alt") and kind in ("missing", "string_too_short", "string_type"):
            out.append(problem(f"schema.photo-{last}", shown, line, field=label, lang=loc[-2]))
        elif "." in kind:                  # the project's own validators: a messages.yml code
            out.append(problem(kind, shown, line, field=label, **ctx))
        elif kind == "extra_forbidden":
            key = str(e["loc"][-1])
            close = difflib.get_close_matches(key, fields, n=1, cutoff=0.6)
            if close:
                out.append(problem("schema.unknown-field-close", shown, line, key=key, close=close[0]))
            else:
                out.append(problem("schema.unknown-field", shown, line, key=key))
        elif kind == "missing":
            out.append(problem("schema.missing", shown, line, field=label))
        elif kind in ("string_too_short",):
            out.append(problem("schema.empty", shown, line, field=label))
        elif kind in ("string_too_long", "too_long"):
            out.append(problem("schema.too-long", shown, line, field=label,
                               limit=ctx.get("max_length", "?")))
        elif kind in ("too_short",):
            out.append(problem("schema.empty-list", shown, line, field=label))
        elif kind.startswith("date") or kind.startswith("datetime"):
            out.append(problem("schema.date", shown, line, field=label, value=e.get("input")))
        elif kind == "literal_error":
            out.append(problem("schema.choice", shown, line, field=label, value=e.get("input"),
                               allowed=ctx.get("expected", "")))
        elif kind == "bool_parsing" or kind == "bool_type":
            out.append(problem("schema.bool", shown, line, field=label, value=e.get("input")))
        elif kind in ("int_parsing", "int_type", "greater_than_equal", "less_than_equal", "int_from_float"):
            out.append(problem("schema.number", shown, line, field=label, value=e.get("input"),
                               detail=e["msg"]))
        elif kind.startswith("url"):
            out.append(problem("schema.url", shown, line, field=label, value=e.get("input")))
        elif kind in ("list_type", "tuple_type"):
            out.append(problem("schema.list", shown, line, field=label))
        elif kind in ("dict_type", "model_type", "model_attributes_type"):
            out.append(problem("schema.mapping", shown, line, field=label))
        elif kind == "string_type":
            out.append(problem("schema.text", shown, line, field=label))
        else:
            out.append(problem("schema.other", shown, line, field=label, detail=e["msg"]))
    return out
