"""The build's settings, in one typed place: ``extra: pioneras:`` in mkdocs.yml.

Defaults live here; mkdocs.yml states what the project chose; the environment may
override a few for one run (CI's cache folder, a quick preview without share cards).
Every value is validated, and a wrong one is a plain problem naming mkdocs.yml (or the
environment variable) with the line, never a traceback deep inside the image pipeline.
(MkDocs accepts no top-level keys of its own kind, and hooks cannot declare options;
``extra`` is MkDocs' free-form section, so the settings live under ``extra.pioneras``.)

    extra:
      pioneras:
        photos:
          avif: {widths: [480, 960, 1600], quality: 50, effort: 8}
          cache: .cache/photos
          workers: auto
        cards: {enabled: true, cache: .cache/cards}
"""
from __future__ import annotations

import os
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pioneras.problems import Problem, problem

# Environment variable -> (section, field): one run's override of a mkdocs.yml setting.
ENVIRONMENT = {
    "PIONERAS_PHOTO_CACHE": ("photos", "cache"),
    "PIONERAS_PHOTO_WORKERS": ("photos", "workers"),
    "PIONERAS_CARDS": ("cards", "enabled"),
    "PIONERAS_CARDS_CACHE": ("cards", "cache"),
    "PIONERAS_EXAMPLES": ("", "examples"),
    "PIONERAS_PREVIEW_RECENT": ("preview", "recent_stories"),
    "PIONERAS_PREVIEW_BACKGROUND_ABOVE": ("preview", "background_above"),
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PhotoFormat(_Strict):
    """One output format: the widths it is written at, its quality and encoder effort."""

    widths: tuple[Annotated[int, Field(ge=16, le=4096)], ...] = Field(min_length=1)
    quality: int = Field(ge=1, le=100)
    # WebP: Pillow's ``method`` 0-6; AVIF: Pillow's ``speed`` 0-10 (10 fastest); JPEG: unused.
    effort: int = Field(default=0, ge=0, le=10)


class PhotoSettings(_Strict):
    # Measured with bench/images.py: ~400 KB per photo, all variants, so that 2,000 photos
    # fit GitHub Pages' 1 GB. AVIF gets the full ladder (the lightbox opens the largest);
    # WebP (old Safari) and JPEG (no AVIF/WebP, and the no-JavaScript link) less.
    avif: PhotoFormat = PhotoFormat(widths=(480, 960, 1600), quality=50, effort=8)
    webp: PhotoFormat = PhotoFormat(widths=(480, 960), quality=72, effort=4)
    jpeg: PhotoFormat = PhotoFormat(widths=(800,), quality=72)
    # Above this an image is refused (decompression bombs; 200 MP phone modes need ~1 GB a worker).
    max_megapixels: int = Field(default=120, ge=1, le=1000)
    cache: str = Field(default=".cache/photos", min_length=1)
    workers: int | Literal["auto"] = "auto"    # processes; 0 = in the build's own process

    def pipeline(self):
        """These settings as the image pipeline takes them (pioneras.images.Settings)."""
        from pioneras.images.settings import Encoding, Settings as ImageSettings
        return ImageSettings(
            avif=Encoding(self.avif.widths, self.avif.quality, self.avif.effort),
            webp=Encoding(self.webp.widths, self.webp.quality, self.webp.effort),
            jpeg=Encoding(self.jpeg.widths, self.jpeg.quality, self.jpeg.effort),
            max_pixels=self.max_megapixels * 1_000_000)

    @property
    def worker_count(self) -> int | None:
        return None if self.workers == "auto" else int(self.workers)


class CardSettings(_Strict):
    enabled: bool = True            # off: a quicker preview (the tags still point at the cards)
    cache: str = Field(default=".cache/cards", min_length=1)


class PreviewSettings(_Strict):
    # A first preview start on a site with more stories than ``background_above`` (all
    # languages) renders each language's ``recent_stories`` most recently changed stories
    # before it serves, and the older ones right after, while it serves. Measured
    # (bench/pages.py): 2,000 stories took 18-20 s to serve at once, 4.8 s this way (every
    # page ready at 31 s); 400 took 4.9 s at once against 2.9 s, and 10.3 s for every page.
    background_above: int = Field(default=500, ge=0)
    recent_stories: int = Field(default=20, ge=0)


class Settings(_Strict):
    photos: PhotoSettings = PhotoSettings()
    cards: CardSettings = CardSettings()
    preview: PreviewSettings = PreviewSettings()
    # Content marked ``example: true`` (stand-ins until real reports and stories exist):
    # "preview" shows it in `mkdocs serve` only, never on the published site; the tests
    # that need it set PIONERAS_EXAMPLES=always.
    examples: Literal["preview", "always", "never"] = "preview"

    def show_examples(self, preview: bool) -> bool:
        return self.examples == "always" or (self.examples == "preview" and preview)


def read(raw: object, environ: dict[str, str] | None = None, *, shown: str = "mkdocs.yml",
         line_of=lambda loc: 0) -> tuple[Settings, list[Problem]]:
    """Settings from mkdocs.yml's ``extra.pioneras`` plus the environment; defaults where wrong.

    ``line_of(loc)`` gives the mkdocs.yml line of a location, when the caller knows it.
    """
    environ = os.environ if environ is None else environ
    found: list[Problem] = []
    data = raw if isinstance(raw, dict) else {}
    if raw is not None and not isinstance(raw, dict):
        found.append(problem("settings.not-a-section", shown, line_of(())))
    try:
        settings = Settings.model_validate(data)
    except ValidationError as err:
        for e in err.errors():
            loc = ("extra", "pioneras", *e["loc"])
            found.append(problem("settings.invalid", shown, line_of(loc), where=".".join(map(str, loc)),
                                 detail=e["msg"].removeprefix("Value error, ")))
        settings = Settings()
    for name, (section, key) in ENVIRONMENT.items():
        value = environ.get(name)
        if value is None or value.strip() == "":
            continue
        value = value.strip()
        if key == "enabled":
            value = value.lower() not in {"0", "off", "false", "no"}
        part = getattr(settings, section) if section else settings
        try:
            model = type(part).model_validate({**part.model_dump(), key: value})
        except ValidationError as err:
            found.append(problem("settings.environment", "mkdocs.yml", 0, name=name, value=environ[name],
                                 detail=err.errors()[0]["msg"]))
            continue
        settings = settings.model_copy(update={section: model}) if section else model
    return settings, found
