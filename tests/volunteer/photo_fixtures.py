"""Photos for the volunteer tests, made on the spot with Pillow (GPS, XMP, camera data).

Builds on the image pipeline's test helpers (tests/images/helpers.py: the asymmetric
``upright`` picture, EXIF with GPS, XMP); ``shared()`` adds the real-world corpus in
../shared/photos when present and skips otherwise.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from images.helpers import COMMENT, QUADRANTS, ROOT, SHARED_PHOTOS, STORE, XMP, close, exif_bytes, \
    quadrant_colours, sha256, upright  # noqa: F401 (re-exported for the tests)


def same_quadrants(im: Image.Image) -> bool:
    """True when ``im`` shows ``upright()`` the right way up (JPEG noise allowed)."""
    return all(close(got, want) for got, want in zip(quadrant_colours(im), QUADRANTS))


def save_jpeg(path: Path, im: Image.Image | None = None, *, gps=False, camera=False, xmp=False,
              comment=False, orientation=None) -> Path:
    im = im or upright()
    path.parent.mkdir(parents=True, exist_ok=True)
    options = {"quality": 92}
    if gps or camera or orientation:
        options["exif"] = exif_bytes(gps=gps, camera=camera, orientation=orientation)
    if xmp:
        options["xmp"] = XMP
    if comment:
        options["comment"] = COMMENT
    im.save(path, "JPEG", **options)
    return path


def save_png(path: Path, im: Image.Image | None = None, *, gps=False, text=False) -> Path:
    im = im or upright()
    path.parent.mkdir(parents=True, exist_ok=True)
    options = {}
    if gps:
        options["exif"] = exif_bytes(gps=True, camera=True)
    if text:
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", "Villa El Sol, casa 12")
        options["pnginfo"] = info
    im.save(path, "PNG", **options)
    return path


def save_heic(path: Path, im: Image.Image | None = None, *, gps=True) -> Path:
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    im = im or upright()
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, "HEIF", quality=80, exif=exif_bytes(gps=gps, camera=True))
    return path


def shared(*parts: str) -> Path:
    path = SHARED_PHOTOS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not there (../shared is optional)")
    return path
