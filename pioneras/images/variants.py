"""From decoded pixels to the published files: which widths, how each format is written,
and the dominant colour shown while a photo loads.

No metadata is ever written: no ``exif=``, ``icc_profile=``, ``xmp=`` or ``comment=``
argument, and the images handed to the encoders have an empty ``info`` (Pillow's AVIF
encoder would otherwise copy ``info["icc_profile"]``/``["exif"]`` and its JPEG encoder
``info["comment"]``).  The pixels are sRGB already (decode.py), which is what browsers
assume for an untagged image.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

from .settings import EXTENSIONS, FORMATS, Settings


@dataclass(frozen=True, order=True)
class Spec:
    """One published file of a photo."""

    fmt: str
    width: int
    height: int

    @property
    def ext(self) -> str:
        return EXTENSIONS[self.fmt]


def plan(width: int, height: int, settings: Settings) -> list[Spec]:
    """Every file to publish for an upright ``width`` x ``height`` original.

    Never upscaled: a requested width larger than the original becomes the original's
    width (as eleventy-img does), so a small photo still gets each format once.
    """
    specs = []
    for fmt in FORMATS:
        for w in sorted({min(w, width) for w in settings.encoding(fmt).widths}):
            specs.append(Spec(fmt, w, max(1, round(height * w / width))))
    return specs


def resized(image: Image.Image, widths: list[int]) -> dict[int, Image.Image]:
    """The image at each width, largest first, each made from the next larger one:
    Lanczos from a nearby size is as good as from the original and much cheaper.

    No ``reduce()`` here, unlike decode.py: each step is the final filter of a published
    file, and where a step is an exact integer factor a box filter alone is visibly
    softer and more aliased (960 -> 480 on a photo-like image: SSIM 0.984 against
    Lanczos) to save ~20 ms.  The default widths (1600/960/800/480) have no such step."""
    out: dict[int, Image.Image] = {}
    current = image
    for w in sorted(set(widths), reverse=True):
        if w != current.width:
            h = max(1, round(image.height * w / image.width))
            current = current.resize((w, h), Image.Resampling.LANCZOS)
            current.info = {}
        out[w] = current
    return out


def encode(image: Image.Image, fmt: str, settings: Settings) -> bytes:
    """The file's bytes; metadata-free by construction (see module docstring)."""
    enc = settings.encoding(fmt)
    image.info = {}
    buf = io.BytesIO()
    if fmt == "avif":
        # One encoder thread: the pool already runs one process per core, and threads
        # inside each would only fight over the same cores.
        image.save(buf, "AVIF", quality=enc.quality, speed=enc.effort, subsampling="4:2:0",
                   max_threads=1)
    elif fmt == "webp":
        image.save(buf, "WEBP", quality=enc.quality, method=enc.effort)
    elif fmt == "jpeg":
        image.save(buf, "JPEG", quality=enc.quality, progressive=True, optimize=True,
                   subsampling="4:2:0")
    else:
        raise ValueError(fmt)
    return buf.getvalue()


def dominant_colour(image: Image.Image) -> str:
    """The most common colour (not the average, which turns a red dress on green grass
    into brown): a 64-pixel thumbnail reduced to 6 colours, largest cluster wins."""
    small = image.copy()
    small.thumbnail((64, 64), Image.Resampling.BOX)
    palette_image = small.quantize(colors=6, method=Image.Quantize.MEDIANCUT)
    palette = palette_image.getpalette() or []
    _, index = max(palette_image.getcolors() or [(1, 0)])
    r, g, b = palette[index * 3: index * 3 + 3] or (128, 128, 128)
    return f"#{r:02x}{g:02x}{b:02x}"
