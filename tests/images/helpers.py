"""Images and report folders the image-pipeline tests make for themselves.

Nothing here depends on files outside the test's temporary folder, except
``SHARED_PHOTOS`` (../shared/photos, or $PIONERAS_SHARED_PHOTOS for a checkout that is
not beside ../shared, such as a git worktree), which the corpus tests skip without.
"""
from __future__ import annotations

import hashlib
import io
import os
import textwrap
from pathlib import Path

import pillow_heif
from PIL import Image, ImageDraw

from pioneras.images import Settings
from pioneras.images.settings import Encoding

ROOT = Path(__file__).resolve().parents[2]
SHARED_PHOTOS = Path(os.environ.get("PIONERAS_SHARED_PHOTOS") or ROOT / ".." / "shared" / "photos")
GPS = {1: "S", 2: (11.0, 58.0, 30.0), 3: "W", 4: (76.0, 55.0, 10.0)}
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
       b'22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
       b'exif:GPSLatitude="11,58.5S"/></rdf:RDF></x:xmpmeta>')
COMMENT = b"SECRET-COMMENT-casa-12"

# Small outputs keep the tests fast; the encoders and every code path are the real ones.
FAST = Settings(avif=Encoding((96, 192), 50, 10), webp=Encoding((96, 192), 70, 0),
                jpeg=Encoding((192,), 70))

# Colours of the quadrants of the asymmetric test picture (top-left, top-right,
# bottom-left, bottom-right), far apart so JPEG never confuses them.
QUADRANTS = ((230, 30, 30), (30, 200, 30), (30, 30, 230), (240, 240, 40))

# stored = upright.transpose(STORE[o]) so that a viewer applying orientation o shows upright.
STORE = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def upright(size=(240, 160)) -> Image.Image:
    """Asymmetric in every direction: four differently coloured quadrants."""
    w, h = size
    im = Image.new("RGB", size)
    draw = ImageDraw.Draw(im)
    for i, colour in enumerate(QUADRANTS):
        x, y = (i % 2) * w // 2, (i // 2) * h // 2
        draw.rectangle((x, y, x + w // 2 - 1, y + h // 2 - 1), fill=colour)
    return im


def quadrant_colours(im: Image.Image) -> list[tuple[int, int, int]]:
    w, h = im.size
    im = im.convert("RGB")
    return [im.getpixel((int(w * fx), int(h * fy))) for fx, fy in
            ((0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75))]


def close(a, b, tolerance=40) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b))


def exif_bytes(*, gps=False, orientation=None, camera=False) -> bytes:
    data = Image.Exif()
    if camera:
        data[0x010F], data[0x0110] = "NIKON", "COOLPIX P6000"
    if orientation:
        data[0x0112] = orientation
    if gps:
        data[0x8825] = GPS
    return data.tobytes()


def save(path: Path, im: Image.Image, fmt: str = "JPEG", **options) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "HEIF":
        pillow_heif.register_heif_opener()
    im.save(path, fmt, **options)
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def entry(file: str, consent: str = "given", **extra) -> str:
    lines = [f"  - file: {file}", f"    consent: {consent}"]
    for lang in ("es", "en"):
        lines += [f"    {lang}:", f"      caption: Caption {lang} of {file}", f"      alt: Alt {lang} of {file}"]
    for key, value in extra.items():
        lines.append(f"    {key}: {value}")
    return "\n".join(lines)


def make_report(docs: Path, slug: str, photos: dict[str, Image.Image | bytes | None],
                entries: str | None = None, date: str = "2025-05-14", pages: bool = True,
                cover: str | None = None) -> Path:
    """A report folder: photos (Image -> JPEG/PNG by suffix, bytes -> written as is),
    its report.yml (every photo listed unless ``entries`` is given) and its two pages."""
    folder = docs / "photo-reports" / slug
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in photos.items():
        if content is None:
            continue
        if isinstance(content, bytes):
            (folder / name).write_bytes(content)
        else:
            fmt = {".png": "PNG", ".webp": "WEBP", ".heic": "HEIF", ".tif": "TIFF"}.get(
                Path(name).suffix.lower(), "JPEG")
            save(folder / name, content, fmt)
    if entries is None:
        entries = "\n".join(entry(name) for name in photos)
    head = f"date: {date}\n" + (f"cover: {cover}\n" if cover else "")
    (folder / "report.yml").write_text(head + "photos:\n" + entries + "\n", encoding="utf-8")
    if pages:
        for lang in ("es", "en"):
            page = docs / lang / "informes-fotograficos" / f"{slug}.md"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(textwrap.dedent(f"""\
                ---
                title: Report {slug} {lang}
                description: Test
                report: {slug}
                ---

                # Report {slug} {lang}

                Text.
                """), encoding="utf-8")
    return folder


def jpeg_bytes(im: Image.Image, **options) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "JPEG", **options)
    return buf.getvalue()
