"""Share cards: the 1200x630 preview image WhatsApp, Facebook and others show for a page.

Plain Python with Pillow, offline: the fonts are files in the repository
(``assets/fonts/``, Lato, SIL OFL 1.1), never downloaded and never looked up in the
system. A card is drawn once per distinct text and design and kept in a persistent
cache (``.cache/cards/<key>.png``); an unchanged rebuild draws and writes nothing.

Design: the site's primary colour (#7a1f55) as background, a rising sun in the accent
colour (#a34700) for Villa El Sol, white text: the site name, the page title (wrapped,
shrunk to fit, cut with "…" only if it is extremely long), one line of context, and a
footer line. No photos, so no person can be recognised on a card.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from pioneras import kept

# Bump when the drawing changes: every card's key changes, so all are drawn again.
DESIGN_VERSION = "2026-11-1"
SIZE = (1200, 630)
SITE_NAME = "Las Pioneras"

PRIMARY = (0x7A, 0x1F, 0x55)
PRIMARY_DARK = (0x5C, 0x15, 0x40)
ACCENT = (0xA3, 0x47, 0x00)
SUN_GLOW = (0x8E, 0x2E, 0x4A)     # accent blended into primary (35 %): the sun's halo
WHITE = (0xFF, 0xFF, 0xFF)
WHITE_SOFT = (0xF6, 0xE9, 0xF0)   # white text of lesser weight; 8.1:1 on PRIMARY

FONT_DIR = Path(__file__).resolve().parents[1] / "assets" / "fonts"
BOLD = "Lato-Bold.ttf"
REGULAR = "Lato-Regular.ttf"

MARGIN = 80
TITLE_BOX = (MARGIN, 170, 900, 470)      # left, top, right, bottom: clear of the sun
TITLE_SIZES = (78, 72, 66, 60, 56, 52, 48, 44)
LINE_SPACING = 1.16


@dataclass(frozen=True)
class Card:
    """Everything a card shows. Two cards with the same fields are the same image."""

    lang: str
    title: str
    context: str = ""      # e.g. "Historias · 28 de noviembre de 2026"
    footer: str = ""       # e.g. "Villa El Sol · Jicamarca · Lima, Perú"

    def normalized(self) -> "Card":
        # NFC: "o" + combining acute (as some editors save it) becomes one glyph "ó".
        return Card(**{k: _clean(v) for k, v in vars(self).items()})


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


@lru_cache(maxsize=None)
def _fonts_digest(font_dir: Path) -> str:
    h = hashlib.sha256()
    for name in (BOLD, REGULAR):
        h.update((font_dir / name).read_bytes())
    return h.hexdigest()


def card_key(card: Card, font_dir: Path = FONT_DIR) -> str:
    """The cache key: the card's text, the design version and the exact font files."""
    return _card_key(card, font_dir, DESIGN_VERSION)


# A build asks for each page's key three times: its card's name in the page's tags, the
# cards to publish, the cache file. Computed once (the arguments are all it depends on;
# the font files' digest is read once per process already).
@lru_cache(maxsize=16384)
def _card_key(card: Card, font_dir: Path, design: str) -> str:
    payload = json.dumps({"design": design, "size": SIZE, "fonts": _fonts_digest(font_dir),
                          **vars(card.normalized())}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@lru_cache(maxsize=None)
def _font(font_dir: Path, name: str, size: int) -> ImageFont.FreeTypeFont:
    # The basic layout engine: the same result with or without libraqm installed.
    return ImageFont.truetype(str(font_dir / name), size, layout_engine=ImageFont.Layout.BASIC)


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap to ``width`` pixels; a word longer than a line is split by letters."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while font.getlength(word) > width:       # one very long word: cut it with a hyphen
            cut = max(1, _fitting_prefix(word, font, width, suffix="-"))
            lines.append(word[:cut] + "-")
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def _fitting_prefix(word: str, font: ImageFont.FreeTypeFont, width: int, suffix: str = "") -> int:
    n = len(word)
    while n > 1 and font.getlength(word[:n] + suffix) > width:
        n -= 1
    return n


def fit_title(title: str, font_dir: Path = FONT_DIR) -> tuple[int, list[str]]:
    """The largest size at which the title fits the title box; at the smallest, cut with "…"."""
    left, top, right, bottom = TITLE_BOX
    width, height = right - left, bottom - top
    for size in TITLE_SIZES:
        font = _font(font_dir, BOLD, size)
        lines = wrap(title, font, width)
        if len(lines) * size * LINE_SPACING <= height:
            return size, lines
    size = TITLE_SIZES[-1]
    font = _font(font_dir, BOLD, size)
    lines = wrap(title, font, width)
    keep = max(1, int(height // (size * LINE_SPACING)))
    words = lines[keep - 1].split()
    while len(words) > 1 and font.getlength(" ".join(words) + " …") > width:
        words.pop()                                  # cut at a word boundary
    last = " ".join(words)
    while len(last) > 1 and font.getlength(last + " …") > width:
        last = last[:-1]                             # a single over-long word: cut it
    return size, lines[:keep - 1] + [last.rstrip(" ,;:.-") + " …"]


def render(card: Card, font_dir: Path = FONT_DIR) -> Image.Image:
    """Draw the card (no file written)."""
    card = card.normalized()
    img = Image.new("RGB", SIZE, PRIMARY)
    draw = ImageDraw.Draw(img)
    w, h = SIZE

    # A rising sun (Villa El Sol) in the lower right: halo, disc, and a band of ground.
    cx, cy = w - 120, h - 60
    draw.ellipse((cx - 250, cy - 250, cx + 250, cy + 250), fill=SUN_GLOW)
    draw.ellipse((cx - 165, cy - 165, cx + 165, cy + 165), fill=ACCENT)
    draw.rectangle((0, h - 70, w, h), fill=PRIMARY_DARK)
    draw.rectangle((0, h - 74, w, h - 70), fill=ACCENT)

    # Site name with an accent rule under it.
    name_font = _font(font_dir, BOLD, 40)
    draw.text((MARGIN, 62), SITE_NAME, font=name_font, fill=WHITE)
    draw.rectangle((MARGIN, 120, MARGIN + 96, 127), fill=ACCENT)

    # Title, as large as fits.
    size, lines = fit_title(card.title, font_dir)
    title_font = _font(font_dir, BOLD, size)
    step = round(size * LINE_SPACING)
    block = step * len(lines)
    left, top, right, bottom = TITLE_BOX
    y = top + max(0, (bottom - top - block) // 2)
    for line in lines:
        draw.text((left, y), line, font=title_font, fill=WHITE)
        y += step

    small = _font(font_dir, REGULAR, 30)
    if card.context:
        text = card.context
        while small.getlength(text) > right - left and len(text) > 1:
            text = text[:-2].rstrip() + "…"
        draw.text((left, bottom + 22), text, font=small, fill=WHITE_SOFT)
    if card.footer:
        foot = _font(font_dir, REGULAR, 26)
        draw.text((MARGIN, h - 52), card.footer, font=foot, fill=WHITE_SOFT)
    return img


def ensure(card: Card, cache_dir: Path, font_dir: Path = FONT_DIR) -> tuple[Path, bool]:
    """The card's PNG in the cache, drawn only if missing. Returns (path, drawn_now)."""
    key = card_key(card, font_dir)
    path = Path(cache_dir) / f"{key[:32]}.png"
    if path.is_file():
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    img = render(card, font_dir)
    # Write next to the target, then rename: a build stopped half-way leaves no broken card.
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            img.save(out, "PNG", compress_level=6)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path, True


# ---------------------------------------------------------------- into the built site

SITE_FOLDER = "assets/cards"
KEPT = ".cards-previous"    # beside assets/ in the site; a dot folder: MkDocs leaves it alone


def set_aside(site_dir: Path) -> None:
    """Before MkDocs empties the site: keep the last build's cards for ``place``."""
    kept.set_aside(Path(site_dir) / SITE_FOLDER, Path(site_dir) / KEPT)


def place(src: Path, site_dir: Path, site_path: str) -> None:
    """Put the cached card ``src`` at ``site_path``: moved back from the last build when the
    same name (the name holds the card's key) and size are there, else copied."""
    dest = Path(site_dir) / site_path
    previous = Path(site_dir) / KEPT / Path(site_path).relative_to(SITE_FOLDER)
    try:
        if previous.stat().st_size == src.stat().st_size:
            kept.move_back(previous, dest)
            return
    except OSError:
        pass
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)


def forget_previous(site_dir: Path) -> None:
    """After every language: the last build's cards no page uses any more."""
    kept.forget(Path(site_dir) / KEPT)


# ---------------------------------------------------------------- the <head> tags of a page

def card_slug(path: str) -> str:
    """'historias/archivo/2026/' -> 'historias-archivo-2026'; '' (home) -> 'inicio'."""
    slug = "-".join(p for p in path.strip("/").split("/") if p)
    slug = "".join(c if c.isascii() and (c.isalnum() or c == "-") else "-" for c in slug.lower())
    return slug.strip("-")[:80] or "inicio"


def card_path(card: Card, path: str, font_dir: Path = FONT_DIR) -> str:
    """Where a page's card is published, relative to the site root. The key in the name
    changes with the text, so a share preview cached by a platform is never stale."""
    return f"{SITE_FOLDER}/{card.lang}/{card_slug(path)}.{card_key(card, font_dir)[:12]}.png"


def share_tags(*, locale: str, title: str, description: str, image_url: str, image_alt: str,
               site_name: str, url: str | None = None, kind: str = "website",
               other_locales: tuple[str, ...] = (), published: str | None = None,
               section: str | None = None) -> dict[str, list[tuple[str, str]]]:
    """Open Graph and Twitter tags as (name, content) pairs, in the order they are written.

    ``other_locales``: the locales the page really exists in besides ``locale`` (an
    untranslated page has none, so no og:locale:alternate is claimed for it).
    """
    og = [("og:type", kind), ("og:site_name", site_name), ("og:title", title),
          ("og:description", description)]
    if url:
        og.append(("og:url", url))
    og += [("og:locale", locale)]
    og += [("og:locale:alternate", l) for l in other_locales if l != locale]
    og += [("og:image", image_url), ("og:image:type", "image/png"),
           ("og:image:width", str(SIZE[0])), ("og:image:height", str(SIZE[1])),
           ("og:image:alt", image_alt)]
    if kind == "article" and published:
        og.append(("article:published_time", published))
    if kind == "article" and section:
        og.append(("article:section", section))
    twitter = [("twitter:card", "summary_large_image"), ("twitter:title", title),
               ("twitter:description", description), ("twitter:image", image_url),
               ("twitter:image:alt", image_alt)]
    return {"og": og, "twitter": twitter}
