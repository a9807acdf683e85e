"""The site's own data files in ``data/``: donation details, contact, testimonials, UI words.

Each file has a pydantic model; ``load_site_data()`` reads them all, collects every
problem (one plain line each, naming the file and line) and every placeholder, and
never raises on a volunteer's mistake.

A value left empty (``null``) is a *placeholder*: the page shows "por confirmar" /
"to be confirmed" and the build lists it, so nobody ever invents a bank account.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError, field_validator
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from pioneras.schema import Consent, problems
from pioneras.yamlpos import line_of

LANGS = ("es", "en")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Localized(_Strict):
    es: str | None = None
    en: str | None = None


class Donation(_Strict):
    """``data/donation.yml``: every way to give, in one place."""

    recipient: str | None = None
    iban: str | None = None
    bic: str | None = None
    bank: str | None = None
    reference: str | None = None
    donate_url: HttpUrl | None = None
    tax_note: Localized = Field(default_factory=Localized)

    @field_validator("iban")
    @classmethod
    def _iban(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return IBAN(value).formatted   # checks country, length and check digits
        except SchwiftyException as err:
            raise ValueError(
                f"el IBAN «{value}» no es válido ({err}): cópielo de nuevo del extracto del banco, "
                f"o deje null si aún no se conoce / the IBAN '{value}' is not valid ({err}): copy it "
                "again from the bank statement, or leave null while it is unknown"
            ) from None

    @field_validator("donate_url")
    @classmethod
    def _https(cls, value: HttpUrl | None) -> HttpUrl | None:
        if value is not None and value.scheme != "https":
            raise ValueError("use una dirección https:// / use an https:// address")
        return value


class Contact(_Strict):
    """``data/contact.yml``: who publishes the site and how to reach them."""

    organisation: str
    supporter: str
    supporter_place: Localized
    supporter_url: HttpUrl | None = None
    address: str | None = None
    email: str | None = None
    phone: str | None = None


class Testimonial(_Strict):
    """One entry of ``data/testimonials.yml``. No consent recorded, no publication."""

    person: str
    role: Localized
    consent: Consent
    may_name: bool = False
    quote: Localized

    @property
    def published(self) -> bool:
        return self.consent == "given"


class Testimonials(_Strict):
    testimonials: list[Testimonial]


MODELS: dict[str, type[BaseModel]] = {
    "donation": Donation,
    "contact": Contact,
    "testimonials": Testimonials,
}


@dataclass
class SiteData:
    donation: Donation | None = None
    contact: Contact | None = None
    testimonials: Testimonials | None = None
    ui: dict[str, dict[str, str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)

    def published_testimonials(self) -> list[Testimonial]:
        return [t for t in self.testimonials.testimonials if t.published] if self.testimonials else []


def _shown(path: Path) -> str:
    """'data/donation.yml': the path as a volunteer sees it in the repository."""
    return path.relative_to(path.parent.parent).as_posix()


def _read_yaml(path: Path, errors: list[str]) -> tuple[Any, str]:
    shown = _shown(path)
    try:
        text = path.read_text(encoding="utf-8")
        return yaml.safe_load(text), text
    except FileNotFoundError:
        errors.append(f"{shown}: falta el archivo: restáurelo desde el repositorio / file missing: restore it")
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        errors.append(f"{shown}{line}: el YAML no se puede leer ({getattr(err, 'problem', err)}): revise "
                      f"sangría y dos puntos / the YAML cannot be read: check indentation and colons")
    except UnicodeDecodeError:
        errors.append(f"{shown}: guarde el archivo como UTF-8 / save the file as UTF-8")
    return None, ""


def _placeholders(name: str, model: BaseModel, prefix: str = "") -> list[str]:
    """Every field left empty, as 'donation.iban'."""
    found = []
    for key, value in model:
        if isinstance(value, BaseModel):
            found += _placeholders(name, value, f"{prefix}{key}.")
        elif value is None:
            found.append(f"{name}.{prefix}{key}")
    return found


def load_site_data(data_dir: Path) -> SiteData:
    data = SiteData()
    for name, model in MODELS.items():
        path = data_dir / f"{name}.yml"
        raw, text = _read_yaml(path, data.errors)
        if raw is None:
            continue
        try:
            parsed = model.model_validate(raw)
        except ValidationError as err:
            for loc, line in zip((e["loc"] for e in err.errors()), problems(err)):
                data.errors.append(f"{_shown(path)}:{line_of(text, loc)}: {line}")
            continue
        setattr(data, name, parsed)
        if name != "testimonials":
            data.placeholders += _placeholders(name, parsed)
    raw, _ = _read_yaml(data_dir / "ui.yml", data.errors)
    if raw is not None:
        missing = [f"{lang}.{key}" for key in set().union(*(raw.get(l, {}) for l in LANGS))
                   for lang in LANGS if key not in raw.get(lang, {})]
        data.errors += [f"{_shown(data_dir / 'ui.yml')}: falta la traducción de {m} / translation missing: {m}"
                        for m in sorted(missing)]
        data.ui = raw
    return data
