"""Turn a photo as a phone gives it into a clean original fit to commit.

Upright pixels (EXIF orientation applied), sRGB colour (ICC converted), no metadata at
all, long edge capped. This is NOT the web pipeline (pioneras/images/ makes the published
sizes at build time); it only decides what enters the public repository.

Why 2560 px: it is the largest width the build ever needs (a 1280 px column on a 2x
screen, a full-screen lightbox on a 1440p display; Astro's and Next's default width lists
stop there or below), while a 12-48 MP original (4000-8000 px, 3-15 MB) would sit in the
Git history forever. At JPEG quality 90 a 2560 px photo is about 0.6-1.5 MB.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from pioneras.images import errors as photo_problems
from pioneras.images.colour import to_srgb
from pioneras.images.decode import TRANSPOSE, orientation

from pioneras.content import metadata

from .problems import VolunteerError

MAX_EDGE = 2560
JPEG_QUALITY = 90
# Formats browsers show, which `clean` keeps: Pillow format -> (saved as, options).
# MPO is how Pillow names a phone JPEG that carries extra pictures (MPF).
_WEB_FORMATS = {
    "JPEG": ("JPEG", {"quality": JPEG_QUALITY, "optimize": True}),
    "MPO": ("JPEG", {"quality": JPEG_QUALITY, "optimize": True}),
    "PNG": ("PNG", {}),
    "WEBP": ("WEBP", {"quality": JPEG_QUALITY}),
    "AVIF": ("AVIF", {"quality": JPEG_QUALITY}),
}
_EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "AVIF": ".avif"}


@dataclass
class Cleaned:
    data: bytes
    extension: str      # ".jpg", ".png", ...
    size: tuple[int, int]


def _open(path: Path) -> Image.Image:
    try:
        from pillow_heif import register_heif_opener  # HEIC: iPhones' default format
        register_heif_opener()
    except ImportError:
        pass
    try:
        return Image.open(path)
    except Image.DecompressionBombError:
        raise VolunteerError(
            f"{path.name}: la imagen es demasiado grande para una foto: expórtela más pequeña (p. ej. 4000 px)",
            f"{path.name}: the image is too large for a photo: export it smaller (e.g. 4000 px)",
        ) from None
    except (UnidentifiedImageError, OSError) as err:
        raise VolunteerError(
            f"{path.name}: no se puede abrir como foto ({err.__class__.__name__}): envíe la foto "
            "original en JPEG, HEIC o PNG",
            f"{path.name}: cannot be opened as a photo: send the original as JPEG, HEIC or PNG",
        ) from None


def _to_srgb(im: Image.Image, icc: bytes | None, nclx: dict | None) -> Image.Image:
    """RGB or RGBA pixels in sRGB (the web pipeline's conversion); alpha kept as it came."""
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        rgb = to_srgb(rgba.convert("RGB"), icc, nclx)
        rgb.putalpha(rgba.getchannel("A"))
        return rgb
    return to_srgb(im if im.mode in ("RGB", "L", "CMYK") else im.convert("RGB"), icc, nclx)


def _drop_opaque_alpha(im: Image.Image) -> Image.Image:
    if im.mode == "RGBA" and im.getchannel("A").getextrema() == (255, 255):
        return im.convert("RGB")
    return im


def clean(path: Path, *, max_edge: int | None = MAX_EDGE, keep_format: bool = False) -> Cleaned:
    """The cleaned image's bytes. Never writes; the source file is only read. A photo that
    cannot be decoded (truncated, damaged) is a VolunteerError with the pipeline's words."""
    try:
        return _clean(path, max_edge, keep_format)
    except VolunteerError:
        raise
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError):
        found = photo_problems.corrupt(path.name)
        raise VolunteerError(f"{path.name}: {found.es}", f"{path.name}: {found.en}") from None


def _clean(path: Path, max_edge: int | None, keep_format: bool) -> Cleaned:
    with _open(path) as im:
        source_format = im.format
        turn = orientation(im)  # pillow-heif has already applied HEIC rotation
        icc = im.info.get("icc_profile")
        nclx = im.info.get("nclx_profile")
        if max_edge and max(im.size) > max_edge:
            # Before transposing, so JPEG decoding can use draft(): a 48 MP photo is
            # decoded at 1/2 or 1/4 scale. A square box caps the long edge either way.
            im.thumbnail((max_edge, max_edge), Image.Resampling.LANCZOS, reducing_gap=2.0)
        else:
            im.load()
        if turn in TRANSPOSE:
            im = im.transpose(TRANSPOSE[turn])
        im = _drop_opaque_alpha(_to_srgb(im, icc, nclx if isinstance(nclx, dict) else None))
    im.info = {}  # nothing of the source (EXIF, XMP, ICC, comments) may reach the encoder
    if keep_format and source_format in _WEB_FORMATS:
        fmt, options = _WEB_FORMATS[source_format]
        if fmt == "JPEG":
            im = im.convert("RGB")
    else:  # everything else becomes what any browser shows: JPEG, or PNG to keep transparency
        fmt, options = _WEB_FORMATS["PNG" if im.mode == "RGBA" else "JPEG"]
    out = io.BytesIO()
    im.save(out, fmt, **options)
    data = out.getvalue()
    left = metadata.find_in_bytes(data)
    if left:  # fail closed: never hand back a file the privacy guard would refuse
        raise RuntimeError(f"metadata survived cleaning {path.name}: {left}")
    return Cleaned(data, _EXTENSIONS[fmt], im.size)


def clean_in_place(path: Path) -> Path:
    """Rewrite one file without its metadata (the `clean` command); return where it is now.

    Browser formats keep their name. HEIC or TIFF cannot be shown on a web page anyway, so
    they become JPEG (or PNG) beside it and the original is removed from docs/.
    """
    cleaned = clean(path, max_edge=None, keep_format=True)
    target = path if path.suffix.lower() in _same_suffixes(cleaned.extension) else path.with_suffix(cleaned.extension)
    if target != path and target.exists():
        target = path.with_name(f"{path.stem}-{path.suffix.lstrip('.').lower()}{cleaned.extension}")
    write_atomic(target, cleaned.data)
    if target != path:
        path.unlink()
    return target


def _same_suffixes(extension: str) -> set[str]:
    return {".jpg", ".jpeg", ".jpe"} if extension == ".jpg" else {extension}


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file, so an interrupted run never leaves half a photo."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
