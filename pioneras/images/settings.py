"""What the image pipeline produces, in one typed place, with the project's defaults.

Every number here was measured (``bench/images.py``): the aim is at most ~400 KB of
published files per photo, all variants together, so that 2,000 photos fit GitHub Pages'
1 GB with room to spare, while AVIF (what almost every browser shows) keeps a full
480/960/1600 ladder.  The older formats are fallbacks and get fewer, smaller files.

The cache keys come from here too: a variant's key holds exactly the settings that
shape it, so changing one format's quality redoes that format only, and adding a width
redoes that width only.
"""
from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import asdict, dataclass

# Bump when a code change alters the pixels or bytes of a variant: every cached variant
# is then rebuilt once.  Settings changes need no bump; they are part of the keys.
PIPELINE_VERSION = "2"
_HEX = re.compile("[0-9a-f]*")

# Output formats in the order a <picture> offers them: the first one the browser
# supports wins, so the smallest format comes first.
FORMATS = ("avif", "webp", "jpeg")
EXTENSIONS = {"avif": "avif", "webp": "webp", "jpeg": "jpg"}
MIME_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}


@dataclass(frozen=True)
class Encoding:
    """How one output format is written."""

    widths: tuple[int, ...]
    quality: int
    # WebP: Pillow's ``method`` 0-6 (sharp's ``effort``); AVIF: Pillow's ``speed`` 0-10
    # (10 is fastest; sharp's effort e is roughly speed 9 - e); JPEG: unused.
    effort: int = 0


@dataclass(frozen=True)
class Settings:
    # AVIF: every current browser but old Safari; the full ladder, and the big one the
    # lightbox opens.  Speed 8 is Hugo's/sharp-effort-1 territory: minutes saved on a
    # cold build for files ~10 % larger than speed 6.
    avif: Encoding = Encoding(widths=(480, 960, 1600), quality=50, effort=8)
    # WebP: only browsers without AVIF (Safari 14-16.3) get it; 960 is enough for a grid
    # cell on any phone and keeps the budget.
    webp: Encoding = Encoding(widths=(480, 960), quality=72, effort=4)
    # JPEG: the last fallback (no AVIF, no WebP: well under 1 % of visitors) and the
    # target of the lightbox link when JavaScript is off.  One 800 px file is enough for
    # a grid cell at 2x; at 960 it cost ~35 KB more per photo.  Progressive, optimised.
    jpeg: Encoding = Encoding(widths=(800,), quality=72)
    # Transparent input is flattened onto this colour (the page background); see decode.py.
    background: str = "#ffffff"
    # Refuse images above this many pixels (decompression bombs; also 200-megapixel phone
    # modes, which would need ~1 GB of memory per worker).  48/50/64/108 MP phones pass.
    max_pixels: int = 120_000_000
    # Where photo reports live (relative to docs_dir), and where their variants are
    # written in the site.
    reports_dir: str = "photo-reports"
    site_subdir: str = "photos"
    # The gallery's `sizes`: matches docs/assets/stylesheets/gallery.css (one column on
    # phones, two or three cells of at most ~380 CSS px beside Material's sidebars).
    sizes: str = "(min-width: 76.25em) 380px, (min-width: 38em) 48vw, 100vw"

    def encoding(self, fmt: str) -> Encoding:
        return getattr(self, fmt)

    @functools.cached_property
    def _fingerprints(self) -> dict[str, str]:
        # Worked out once per (frozen) Settings.  Not functools.lru_cache on the methods:
        # it hashes the whole Settings on every call, 7,000 times a build at 1,000 photos.
        found = {"decode": _digest({"version": PIPELINE_VERSION, "background": self.background})}
        for fmt in FORMATS:
            enc = asdict(self.encoding(fmt))
            enc.pop("widths")
            found[fmt] = _digest({"format": fmt, **enc})
        return found

    def decode_fingerprint(self) -> str:
        """The settings that shape every variant of a photo (and its dominant colour)."""
        return self._fingerprints["decode"]

    def encode_fingerprint(self, fmt: str) -> str:
        """The settings that shape one format's files; widths are keyed separately."""
        return self._fingerprints[fmt]

    def meta_key(self, source_sha: str) -> str:
        """Key of what decoding a source yields: upright size and dominant colour."""
        if _HEX.fullmatch(source_sha):     # a hex digest: nothing to escape
            blob = f'{{"decode":"{self.decode_fingerprint()}","source":"{source_sha}"}}'
            return hashlib.sha256(blob.encode()).hexdigest()[:40]
        return _digest({"source": source_sha, "decode": self.decode_fingerprint()})

    def variant_key(self, meta_key: str, fmt: str, width: int) -> str:
        """Key of one published file: source + decode settings + format settings + width."""
        # The JSON _digest would write (both keys are hex digests: nothing to escape),
        # without json.dumps: asked for every file of every photo in every build.
        blob = f'{{"encode":"{self.encode_fingerprint(fmt)}","meta":"{meta_key}","width":{int(width)}}}'
        return hashlib.sha256(blob.encode()).hexdigest()[:40]


def _digest(data: dict) -> str:
    blob = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(blob).hexdigest()[:40]
