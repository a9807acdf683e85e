"""The one reader of ``data/``: donation details, contact, testimonials, story categories, words.

Facts that are not page text live here, each in one file with a schema:

    donation.yml      every way to give (IBAN checked by schwifty), null = not known yet
    contact.yml       who publishes the site and how to reach them
    testimonials.yml  quotes, each with recorded consent (no consent, no publication)
    stories.yml       the stories' categories, named in every language
    ui.yml            the words around the pages, per language (and each language's locale)

A value left ``null`` is not a mistake but a fact nobody has confirmed yet: it is listed
as a notice on every build and the page offers the route that exists instead; nobody
ever invents a bank account to fill a gap.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, HttpUrl, ValidationError, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from pioneras.payment import PaymentDetails, payment_codes
from pioneras.problems import Problem, notice, problem
from pioneras.project import DATA, Project
from pioneras.yamlsafe import Located, load, load_file_text

from .schema import Categories, Consent, Strict, check_languages, problems_of


class Localized(Strict):
    """A text in each of the project's languages; null while unknown."""

    model_config = Strict.model_config | {"extra": "allow"}

    def get(self, lang: str) -> str | None:
        return (self.model_extra or {}).get(lang)

    def __getitem__(self, lang: str) -> str | None:     # templates write tax_note[lang]
        return self.get(lang)


def _localized(value, info: ValidationInfo, required: bool) -> Localized:
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise PydanticCustomError("schema.localized", "not a mapping", {})
    check_languages(value, info, required=required)
    for lang, text in value.items():
        if text is not None and not isinstance(text, str):
            raise PydanticCustomError("schema.localized", "not text", {})
    return Localized.model_validate({k: (v.strip() if isinstance(v, str) else v) for k, v in value.items()})


class Address(Strict):
    """The account holder's postal address: the Swiss QR-bill cannot be drawn without it."""

    street: str | None = None
    building_number: str | None = None
    postal_code: str | None = None
    town: str | None = None
    country: str | None = None           # ISO 3166 two letters, e.g. CH


class Donation(Strict):
    """``data/donation.yml``: every way to give, in one place."""

    recipient: str | None = None
    iban: str | None = None
    bic: str | None = None
    bank: str | None = None
    reference: str | None = None
    donate_url: HttpUrl | None = None
    address: Address = Field(default_factory=Address)
    currency: Literal["CHF", "EUR"] = "CHF"      # of the QR-bill (an EPC code is always in euros)
    tax_note: Localized = Field(default_factory=Localized)

    @field_validator("iban")
    @classmethod
    def _iban(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return IBAN(value).formatted        # country, length and check digits
        except SchwiftyException as err:
            raise PydanticCustomError("data.iban", "bad IBAN", {"value": value, "detail": str(err)}) from None

    @field_validator("donate_url")
    @classmethod
    def _https(cls, value: HttpUrl | None) -> HttpUrl | None:
        if value is not None and value.scheme != "https":
            raise PydanticCustomError("data.https", "not https", {"value": str(value)})
        return value

    @field_validator("tax_note", mode="before")
    @classmethod
    def _tax_note(cls, value, info: ValidationInfo):
        return _localized(value, info, required=False)


class Contact(Strict):
    """``data/contact.yml``: who publishes the site and how to reach them."""

    organisation: str
    supporter: str
    supporter_place: Localized
    supporter_url: HttpUrl | None = None
    supporter_reports_url: HttpUrl | None = None     # its photo reports, while the site has none
    address: str | None = None
    email: str | None = None
    phone: str | None = None

    @field_validator("supporter_place", mode="before")
    @classmethod
    def _place(cls, value, info: ValidationInfo):
        return _localized(value, info, required=True)

    @property
    def direct(self) -> bool:
        """Can someone write to the project itself (not only through the supporter)?"""
        return bool(self.address or self.email or self.phone)


class Testimonial(Strict):
    """One entry of ``data/testimonials.yml``. No consent recorded, no publication."""

    person: str
    role: Localized
    consent: Consent
    may_name: bool = False
    quote: Localized

    @field_validator("role", "quote", mode="before")
    @classmethod
    def _texts(cls, value, info: ValidationInfo):
        return _localized(value, info, required=True)

    @property
    def published(self) -> bool:
        return self.consent == "given"


class Testimonials(Strict):
    testimonials: list = Field(default_factory=list)


@dataclass
class SiteData:
    donation: Donation | None = None
    contact: Contact | None = None
    testimonials: list[Testimonial] = field(default_factory=list)   # published ones only
    categories: dict[str, dict[str, str]] = field(default_factory=dict)
    words: dict[str, dict[str, Any]] = field(default_factory=dict)  # ui.yml: language -> words
    problems: list[Problem] = field(default_factory=list)


def read_data(project: Project, context: dict) -> SiteData:
    folder = project.root / DATA
    data = SiteData()
    data.donation, located = _model(folder / "donation.yml", project, Donation, data, context)
    data.contact, _ = _model(folder / "contact.yml", project, Contact, data, context)
    data.testimonials = _testimonials(folder / "testimonials.yml", project, data, context)
    categories, _ = _model(folder / "stories.yml", project, Categories, data, context)
    data.categories = dict(categories.categories) if categories else {}
    data.words = _words(folder / "ui.yml", project, data)
    _placeholders(project, data)
    if data.donation is not None and data.donation.iban:
        result = payment_codes(payment_details(data.donation),
                               (data.words.get(project.default_language) or {}).get("payment") or {},
                               project.default_language, f"{DATA}/donation.yml",
                               lambda field: located.line(tuple(field.split("."))) if located else 0)
        data.problems += [*result.problems, *result.notes]
    return data


def payment_details(donation: Donation) -> PaymentDetails:
    """The donation data as the payment codes take it (pioneras.payment)."""
    a = donation.address
    return PaymentDetails(recipient=donation.recipient, iban=donation.iban, bic=donation.bic,
                          street=a.street, building_number=a.building_number, postal_code=a.postal_code,
                          town=a.town, country=a.country, currency=donation.currency,
                          reference=donation.reference)


def _yaml(path: Path, project: Project, data: SiteData) -> tuple[Any, Located | None, str]:
    shown = project.shown(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        data.problems.append(problem("data.missing-file", shown))
        return None, None, shown
    text, found = load_file_text(raw, shown)
    if text is None:
        data.problems += found
        return None, None, shown
    value, found, located = load(text, shown)
    data.problems += found
    return value, (None if found else located), shown


def _model(path: Path, project: Project, model, data: SiteData, context: dict):
    raw, located, shown = _yaml(path, project, data)
    if located is None:
        return None, None
    try:
        return model.model_validate(raw if raw is not None else {}, context=context), located
    except ValidationError as err:
        data.problems += problems_of(err, shown, located, fields=tuple(model.model_fields))
        return None, located


def _testimonials(path: Path, project: Project, data: SiteData, context: dict) -> list[Testimonial]:
    raw, located, shown = _yaml(path, project, data)
    if located is None:
        return []
    try:
        entries = Testimonials.model_validate(raw if raw is not None else {}, context=context).testimonials
    except ValidationError as err:
        data.problems += problems_of(err, shown, located, fields=("testimonials",))
        return []
    published = []
    for index, entry in enumerate(entries):
        person = entry.get("person") if isinstance(entry, dict) else None
        try:
            testimonial = Testimonial.model_validate(entry, context=context)
        except ValidationError as err:
            data.problems += problems_of(
                err, shown, located, prefix=("testimonials", index), fields=tuple(Testimonial.model_fields),
                where=lambda loc, person=person: f"{person or '#' + str(index + 1)}: "
                                                 + ".".join(str(p) for p in loc[2:]))
            continue
        if testimonial.published:
            published.append(testimonial)
        elif testimonial.consent == "withdrawn":
            data.problems.append(notice("consent.testimonial-withdrawn", shown,
                                        located.line(("testimonials", index, "consent")), person=testimonial.person))
    return published


def _words(path: Path, project: Project, data: SiteData) -> dict[str, dict[str, Any]]:
    """ui.yml: one block per language, every block with the default language's keys."""
    raw, located, shown = _yaml(path, project, data)
    if located is None or not isinstance(raw, dict):
        if located is not None:
            data.problems.append(problem("data.words-shape", shown, 1))
        return {}
    words = {lang: block for lang, block in raw.items() if isinstance(block, dict)}
    for lang in raw:
        if lang not in project.languages:
            data.problems.append(problem("data.words-unknown-language", shown, located.line((lang,)),
                                         lang=lang, languages=", ".join(project.languages)))
    reference = words.get(project.default_language, {})
    for lang in project.languages:
        if lang not in words:
            data.problems.append(problem("data.words-missing-language", shown, 1, lang=lang))
            continue
        for key in sorted(_keys(reference) - _keys(words[lang])):
            data.problems.append(problem("data.words-missing", shown, located.line((lang,)), key=key, lang=lang))
        for key in sorted(_keys(words[lang]) - _keys(reference)):
            data.problems.append(problem("data.words-extra", shown, located.line((lang, *key.split(".")[:1])),
                                         key=key, lang=lang, default=project.default_language))
    return words


def _keys(block: dict, prefix: str = "") -> set[str]:
    out = set()
    for key, value in block.items():
        if isinstance(value, dict):
            out |= _keys(value, f"{prefix}{key}.")
        else:
            out.add(f"{prefix}{key}")
    return out


def _placeholders(project: Project, data: SiteData) -> None:
    """Values nobody has confirmed yet: one notice per file, never an error."""
    waiting: dict[str, list[str]] = {}
    for name, model in (("donation", data.donation), ("contact", data.contact)):
        if model is None:
            continue
        for key, value in model:
            if isinstance(value, Localized):
                waiting.setdefault(name, []).extend(
                    f"{key}.{lang}" for lang in project.languages if not value.get(lang))
            elif isinstance(value, Strict):
                waiting.setdefault(name, []).extend(f"{key}.{k}" for k, v in value if v is None)
            elif value is None:
                waiting.setdefault(name, []).append(key)
    for name, fields in waiting.items():
        data.problems.append(notice("data.to-confirm", f"{DATA}/{name}.yml", 0, fields=", ".join(fields)))
    if data.contact is not None and not data.contact.direct:
        data.problems.append(notice("data.no-direct-contact", f"{DATA}/contact.yml", 0,
                                    route=str(data.contact.supporter_url or "")))
