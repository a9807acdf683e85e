"""Colour: bring any photo into sRGB, and build simple ICC profiles when a file has none.

Phones shoot wide gamut (iPhones tag HEIC/JPEG with Display P3; cameras offer Adobe RGB).
Browsers treat an untagged image as sRGB, and the variants carry no profile at all (no
metadata is written, see variants.py), so the pixels themselves must be sRGB or the
photos come out dull (Hugo #8298, 11ty/image #244).

``matrix_profile`` writes a minimal ICC v2 matrix/TRC profile from primaries: used when
a HEIF file states its colours as an nclx box (code points) instead of an ICC profile,
and by the tests, which need Display P3 and Adobe RGB profiles without shipping any.
"""
from __future__ import annotations

import functools
import hashlib
import io
import struct

from PIL import Image, ImageCms

# Chromaticities (x, y) of the colour spaces we build profiles for.
D65 = (0.3127, 0.3290)
DISPLAY_P3 = ((0.680, 0.320), (0.265, 0.690), (0.150, 0.060))
ADOBE_RGB = ((0.640, 0.330), (0.210, 0.710), (0.150, 0.060))
SRGB_PRIMARIES = ((0.640, 0.330), (0.300, 0.600), (0.150, 0.060))
# nclx colour_primaries code points (ITU-T H.273) we can turn into a profile.
NCLX_PRIMARIES = {12: DISPLAY_P3}


def to_srgb(image: Image.Image, icc: bytes | None, nclx: dict | None = None) -> Image.Image:
    """Return ``image`` (mode RGB, L or CMYK) as RGB pixels in sRGB.

    An untagged image is taken to be sRGB, as browsers do.  A broken profile is ignored
    rather than failing the photo: slightly wrong colours beat a missing photo.
    """
    if not icc and nclx and nclx.get("color_primaries") in NCLX_PRIMARIES:
        icc = matrix_profile(NCLX_PRIMARIES[nclx["color_primaries"]], D65, "srgb")
    if icc:
        transform = _transform(hashlib.sha256(icc).hexdigest(), icc, image.mode)
        if transform is not None:
            return ImageCms.applyTransform(image, transform)
    return image if image.mode == "RGB" else image.convert("RGB")


@functools.lru_cache(maxsize=32)
def _transform(digest: str, icc: bytes, mode: str):
    """Build (once per profile and mode) the transform to sRGB, or None to skip it."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if "sRGB" in (ImageCms.getProfileDescription(source) or "") and mode == "RGB":
            return None  # already sRGB: converting would only cost time
        return ImageCms.buildTransform(
            source, _srgb(), mode, "RGB",
            renderingIntent=ImageCms.Intent.PERCEPTUAL,
            flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None


@functools.lru_cache(maxsize=1)
def _srgb():
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


# --- a tiny ICC v2 writer (matrix/TRC display profile) --------------------------------

_D50 = (0.9642, 1.0, 0.8249)
_BRADFORD = ((0.8951, 0.2664, -0.1614), (-0.7502, 1.7135, 0.0367), (0.0389, -0.0685, 1.0296))


def matrix_profile(primaries, white=D65, trc: str | float = "srgb", name: str = "") -> bytes:
    """ICC v2 bytes for an RGB space given by chromaticities, a white point and a tone
    curve ("srgb" for the sRGB curve, or a plain gamma such as 563/256 for Adobe RGB)."""
    colorants = _adapt_to_d50(_rgb_to_xyz(primaries, white), white)
    if trc == "srgb":
        curve = _curv_table([_srgb_decode(i / 1023) for i in range(1024)])
    else:
        curve = b"curv" + b"\0" * 4 + struct.pack(">IH", 1, round(float(trc) * 256)) + b"\0\0"
    label = name or ("Display P3" if primaries == DISPLAY_P3 else
                     "Adobe RGB (1998)" if primaries == ADOBE_RGB else "RGB")
    tags = [
        (b"desc", _desc(label)),
        (b"cprt", b"text" + b"\0" * 4 + b"No copyright, generated\0"),
        (b"wtpt", _xyz(_D50)),
        (b"rXYZ", _xyz([row[0] for row in colorants])),
        (b"gXYZ", _xyz([row[1] for row in colorants])),
        (b"bXYZ", _xyz([row[2] for row in colorants])),
        (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = struct.pack(">I", len(tags)), b""
    for sig, data in tags:
        data += b"\0" * (-len(data) % 4)
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = struct.pack(">I4sI4s4s4s", size, b"none", 0x02100000, b"mntr", b"RGB ", b"XYZ ")
    header += b"\0" * 12 + b"acsp" + b"\0" * 24 + struct.pack(">I", 0)
    header += b"".join(_s15(v) for v in _D50) + b"\0" * 4
    header += b"\0" * (128 - len(header))
    return header + table + body


def _srgb_decode(v: float) -> float:
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _rgb_to_xyz(primaries, white):
    """3x3 matrix (rows X, Y, Z; columns R, G, B) of an RGB space, white mapped to Y=1."""
    cols = [(x / y, 1.0, (1 - x - y) / y) for x, y in primaries]
    wx, wy = white
    w = (wx / wy, 1.0, (1 - wx - wy) / wy)
    m = [[cols[c][r] for c in range(3)] for r in range(3)]
    s = _solve(m, w)
    return [[m[r][c] * s[c] for c in range(3)] for r in range(3)]


def _adapt_to_d50(m, white):
    """Bradford chromatic adaptation of the colorants from ``white`` to D50 (ICC PCS)."""
    wx, wy = white
    src = _mul_vec(_BRADFORD, (wx / wy, 1.0, (1 - wx - wy) / wy))
    dst = _mul_vec(_BRADFORD, _D50)
    scale = [[dst[i] / src[i] if i == j else 0.0 for j in range(3)] for i in range(3)]
    adapt = _mul(_inverse(_BRADFORD), _mul(scale, _BRADFORD))
    return _mul(adapt, m)


def _mul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)] for i in range(3)]


def _mul_vec(a, v):
    return [sum(a[i][k] * v[k] for k in range(3)) for i in range(3)]


def _det(m):
    return (m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]))


def _inverse(m):
    d = _det(m)
    cof = [[(m[(j + 1) % 3][(i + 1) % 3] * m[(j + 2) % 3][(i + 2) % 3]
             - m[(j + 1) % 3][(i + 2) % 3] * m[(j + 2) % 3][(i + 1) % 3]) / d
            for j in range(3)] for i in range(3)]
    return cof


def _solve(m, v):
    return _mul_vec(_inverse(m), v)


def _s15(v: float) -> bytes:
    return struct.pack(">i", round(v * 65536))


def _xyz(values) -> bytes:
    return b"XYZ " + b"\0" * 4 + b"".join(_s15(v) for v in values)


def _curv_table(values) -> bytes:
    return b"curv" + b"\0" * 4 + struct.pack(">I", len(values)) + b"".join(
        struct.pack(">H", round(min(max(v, 0.0), 1.0) * 65535)) for v in values)


def _desc(text: str) -> bytes:
    ascii_ = text.encode("ascii") + b"\0"
    return (b"desc" + b"\0" * 4 + struct.pack(">I", len(ascii_)) + ascii_
            + struct.pack(">II", 0, 0) + struct.pack(">HB", 0, 0) + b"\0" * 67)
