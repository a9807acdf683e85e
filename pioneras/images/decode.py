"""Open one original and return upright, opaque sRGB pixels at (about) the size needed.

Order matters, for speed and for correctness:

1. Refuse what is not a photo before decoding anything: empty files, text files named
   .jpg, RAW and other formats, and decompression bombs (the pixel limit is set
   deliberately, per call, and Pillow's warning is turned into a refusal).
2. JPEG only: ``draft()`` lets libjpeg decode at 1/2, 1/4 or 1/8 scale (DCT scaling).  It
   must run before the image is transposed, so the requested size is worked out in the
   file's stored orientation.  It is asked for the largest width needed itself (1x, not
   twice it): a 12-megapixel phone photo then decodes at 1/2 scale instead of in full,
   and a 48-megapixel one at 1/4 in a fraction of the memory.  The decoded frame keeps
   the exact geometry through the box ``draft()`` returns (odd sizes do not round up to
   a shifted picture).
3. Transparency is flattened onto the page background, on purpose: the JPEG fallback has
   no alpha, and the dominant-colour placeholder painted behind each image would show
   through transparent areas for ever.  A cut-out PNG therefore looks exactly as it
   would on the page.
4. Downscale to the largest width needed, still in the stored orientation: any format is
   first reduced by the largest integer factor that keeps it at least that size
   (``Image.reduce``, a box filter, cheap), then Lanczos does the rest.  Measured against
   the previous path (twice the size from draft, Lanczos from there): SSIM >= 0.99 at
   every published width (tests/images/test_images_downscale.py, bench/decode.py).
5. EXIF orientation (1-8, also from XMP) is applied to the pixels, now small.
   pillow-heif already applies HEIF's own rotation and resets the EXIF tag to 1, so HEIC
   is not turned twice.
6. Convert to sRGB (colour.py): converting 2 megapixels instead of 12 is most of the
   time saved, with no visible difference.

Metadata (EXIF, GPS, XMP, IPTC, maker notes, comments, ICC) is dropped here: the
returned image has an empty ``info``; variants.py writes none either.
"""
from __future__ import annotations

import contextlib
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import pillow_heif
from PIL import Image, UnidentifiedImageError

from . import colour, errors

# HEIC/HEIF (iPhones' default).  No thumbnails, depth maps or auxiliary images: we only
# ever use the primary image, and decoding the rest costs time and memory.
pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)

# Pillow format names we accept (MPO is how Pillow names many phone/camera JPEGs).
ACCEPTED = {"JPEG", "MPO", "PNG", "WEBP", "HEIF", "AVIF", "TIFF"}
# Camera RAW files are TIFF inside: Pillow would open their small embedded preview.
RAW_SUFFIXES = {".dng", ".cr2", ".cr3", ".nef", ".nrw", ".arw", ".orf", ".rw2", ".raf",
                ".srw", ".pef", ".raw", ".3fr", ".iiq", ".x3f"}
TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# Before the final Lanczos step, reduce by the largest integer factor that keeps the
# image at least the target size (Pillow's ``reducing_gap``: the last step shrinks by
# at least this much).  1.0 = as far as an integer factor goes; None = Lanczos only.
REDUCING_GAP = 1.0


@dataclass
class Decoded:
    image: Image.Image  # RGB, sRGB, upright, empty info, width <= the width asked for
    width: int  # upright size of the original, full resolution
    height: int


def decode(path: Path, shown: str, max_width: int, background: str, max_pixels: int) -> Decoded:
    """Decode ``path`` (named ``shown`` in messages) for variants up to ``max_width`` wide.

    Raises PhotoError with one plain Problem for anything a volunteer can fix.
    """
    if path.suffix.lower() in RAW_SUFFIXES:
        raise errors.PhotoError(errors.unsupported(shown, f"RAW {path.suffix.lower()}"))
    try:
        if os.path.getsize(path) == 0:
            raise errors.PhotoError(errors.empty(shown))
    except OSError:
        raise errors.PhotoError(errors.missing(shown, None)) from None

    with _pixel_limit(max_pixels):
        try:
            im = Image.open(path)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise errors.PhotoError(_bomb(path, shown, max_pixels)) from None
        except UnidentifiedImageError:
            raise errors.PhotoError(_unidentified(path, shown)) from None
        except (OSError, SyntaxError, ValueError, RuntimeError):
            raise errors.PhotoError(errors.corrupt(shown)) from None
        with im:
            if im.format not in ACCEPTED:
                raise errors.PhotoError(errors.unsupported(shown, im.format or "?"))
            try:
                return _decode_open(im, max_width, background)
            except errors.PhotoError:
                raise
            except (Image.DecompressionBombError, Image.DecompressionBombWarning):
                raise errors.PhotoError(_bomb(path, shown, max_pixels)) from None
            except (OSError, SyntaxError, ValueError, EOFError):
                # libjpeg/zlib/libheif: truncated or damaged data
                raise errors.PhotoError(errors.corrupt(shown)) from None
            except MemoryError:
                raise errors.PhotoError(errors.too_large(
                    shown, im.width * im.height / 1e6, max_pixels / 1e6)) from None


def _decode_open(im: Image.Image, max_width: int, background: str) -> Decoded:
    turn = orientation(im)
    swapped = turn in (5, 6, 7, 8)
    width, height = (im.height, im.width) if swapped else im.size

    # Target size of the largest variant, upright; never larger than the original.
    target_w = min(max_width, width)
    target_h = max(1, round(height * target_w / width))
    # The same size in the stored orientation: every scaling step happens before the
    # transpose (draft() cannot run after it, and turning a small image is cheaper).
    stored = (target_h, target_w) if swapped else (target_w, target_h)
    box = None  # the part of the decoded frame that holds the whole picture
    if im.format in ("JPEG", "MPO"):
        drafted = im.draft(None, stored)
        if drafted is not None:
            box = drafted[1]
    im.load()

    icc = im.info.get("icc_profile")
    nclx = im.info.get("nclx_profile")
    frame = _opaque(im, background)
    frame.info = {}  # nothing from the original travels further
    if frame.size != stored:
        frame = frame.resize(stored, Image.Resampling.LANCZOS, box=box, reducing_gap=REDUCING_GAP)
    if turn in TRANSPOSE:
        frame = frame.transpose(TRANSPOSE[turn])
    frame = colour.to_srgb(frame, icc, nclx if isinstance(nclx, dict) else None)
    frame.info = {}
    return Decoded(frame, width, height)


def orientation(im: Image.Image) -> int:
    """EXIF (or XMP) orientation, 1 when absent or unreadable: broken metadata must not
    cost the pixels (../shared/photos/invalid)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = im.getexif().get(0x0112, 1)
        return int(value) if int(value) in range(1, 9) else 1
    except Exception:  # noqa: BLE001 - any exception from a hostile EXIF block means "no orientation"
        return 1


def _opaque(im: Image.Image, background: str) -> Image.Image:
    """RGB, L or CMYK pixels (what colour.to_srgb takes), alpha flattened onto the page."""
    has_alpha = im.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in im.info
    if has_alpha:
        rgba = im.convert("RGBA")
        flat = Image.new("RGB", rgba.size, background)
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if im.mode in ("RGB", "L", "CMYK"):
        return im
    if im.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        # 16-bit greyscale: scale to 8 bits (a plain convert would clip at 255).
        return im.convert("I").point(lambda v: v * (1 / 257)).convert("L")
    if im.mode == "F":
        return im.point(lambda v: v * 255).convert("L")
    return im.convert("RGB")  # 1, P, YCbCr, HSV, LAB...


def _unidentified(path: Path, shown: str) -> errors.Problem:
    with open(path, "rb") as f:
        head = f.read(2048)
    if b"\0" not in head:
        try:
            head.decode("utf-8")
            return errors.text_file(shown)
        except UnicodeDecodeError:
            pass
    return errors.unsupported(shown, _sniff(head))


def _sniff(head: bytes) -> str:
    """A human name for common non-photo files people drop in folders."""
    if head[4:8] == b"ftyp":
        brand = head[8:12].decode("ascii", "replace").strip()
        return "vídeo/video" if brand in ("isom", "mp41", "mp42", "qt", "M4V", "3gp4", "3gp5") else brand
    for magic, name in ((b"%PDF", "PDF"), (b"PK\x03\x04", "ZIP/DOCX"), (b"8BPS", "Photoshop PSD"),
                        (b"RIFF", "RIFF (AVI/WAV)"), (b"\xd0\xcf\x11\xe0", "Office")):
        if head.startswith(magic):
            return name
    return "desconocido/unknown"


def _bomb(path: Path, shown: str, max_pixels: int) -> errors.Problem:
    try:
        with _pixel_limit(None), Image.open(path) as im:
            mp = im.width * im.height / 1e6
    except Exception:  # noqa: BLE001 - the size is only for the message
        mp = max_pixels / 1e6
    return errors.too_large(shown, mp, max_pixels / 1e6)


@contextlib.contextmanager
def _pixel_limit(max_pixels: int | None):
    """Set Pillow's decompression-bomb limit for this call and make its warning an error.

    Pillow only warns between MAX_IMAGE_PIXELS and twice that; we refuse at the limit.
    The global is restored so that other code in the process keeps its own setting.
    """
    previous = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    finally:
        Image.MAX_IMAGE_PIXELS = previous
