"""Find metadata in image files by reading their bytes, and recognise audio and video.

Why not Pillow: the privacy guard must see what Pillow hides or cannot open (a HEIC
without pillow-heif, data after the end of a JPEG, unknown PNG chunks, a GIF's XMP block).

The rule is strict on purpose: anything that is not pixels, colour or layout information
is reported, because a photo in a public Git repository stays public forever. Allowed:
colour profiles (ICC) and an EXIF block holding only orientation/resolution tags; in a
GIF, the animation loop block. SVG drawings are text: pioneras.content.svg reads them.

Audio and video are not parsed: phones record the place in them by default, and this
site publishes neither, so recognising them by their first bytes is enough to refuse them.
"""
from __future__ import annotations

import struct
from pathlib import Path

# One label per kind of finding, (Spanish, English).
GPS = ("ubicación GPS", "GPS location")
EXIF = ("datos de cámara (EXIF)", "camera data (EXIF)")
MAKER_NOTES = ("notas del fabricante", "maker notes")
XMP = ("datos XMP", "XMP data")
IPTC = ("datos IPTC/Photoshop", "IPTC/Photoshop data")
COMMENT = ("comentario", "comment")
TEXT = ("texto incrustado", "embedded text")
EXTRA_IMAGES = ("imágenes extra incrustadas", "extra embedded images")
TRAILER = ("datos después del final de la imagen", "data after the end of the image")
UNREADABLE = ("estructura dañada (no se puede revisar)", "damaged structure (cannot be checked)")
MEDIA = ("audio o vídeo (los teléfonos guardan la ubicación en ellos)",
         "audio or video (phones record the location in them)")
# The most dangerous first: that is what the message leads with.
_ORDER = [GPS, MEDIA, EXIF, MAKER_NOTES, XMP, IPTC, COMMENT, TEXT, EXTRA_IMAGES, TRAILER, UNREADABLE]


def unknown(name: str) -> tuple[str, str]:
    return (f"bloque desconocido {name}", f"unknown block {name}")


def sniff(head: bytes) -> str | None:
    """The image format from the first 16 bytes, whatever the file is called."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "heif"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if is_media(head):
        return "media"
    return None


def is_media(head: bytes) -> bool:
    """Audio or video, from the first 16 bytes: MP4/MOV/3GP/M4A (ISO boxes that are not
    HEIF/AVIF pictures), WebM/MKV, AVI/WAV, Ogg, FLAC, MP3, AMR (Android voice notes)."""
    if head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free") and head[8:12] not in _HEIF_BRANDS:
        return True
    return (head.startswith((b"\x1a\x45\xdf\xa3", b"OggS", b"fLaC", b"ID3", b"#!AMR", b"\x00\x00\x01\xba"))
            or (head[:4] == b"RIFF" and head[8:12] in (b"AVI ", b"WAVE"))
            or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06 != 0))


def find(path: Path) -> list[tuple[str, str]]:
    """Labels of the metadata found in one file; [] when clean or not an image."""
    with open(path, "rb") as f:
        head = f.read(16)
        kind = sniff(head)
        if kind is None:
            return []
        if kind == "media":
            return [MEDIA]
        data = head + f.read()
    return find_in_bytes(data, kind)


def find_in_bytes(data: bytes, kind: str | None = None) -> list[tuple[str, str]]:
    kind = kind or sniff(data[:16])
    if kind == "media":
        return [MEDIA]
    scanner = {"jpeg": _jpeg, "png": _png, "webp": _webp, "tiff": _tiff_file, "heif": _heif,
               "gif": _gif}.get(kind)
    if scanner is None:
        return []
    found: list[tuple[str, str]] = []
    try:
        scanner(data, found)
    except (struct.error, IndexError, ValueError):
        # Fail closed: a file we cannot walk may hide anything; cleaning rewrites it.
        found.append(UNREADABLE)
    unique = list(dict.fromkeys(found))
    return sorted(unique, key=lambda label: _ORDER.index(label) if label in _ORDER else len(_ORDER))


# --- JPEG --------------------------------------------------------------------------------
_APP_ALLOWED = {0xE0: (b"JFIF\x00", b"JFXX\x00"), 0xE2: (b"ICC_PROFILE\x00",), 0xEE: (b"Adobe",)}


def _jpeg(data: bytes, found: list) -> None:
    pos, end = 2, len(data)
    while pos < end:
        if data[pos] != 0xFF:
            raise ValueError("marker expected")
        while pos < end and data[pos] == 0xFF:  # fill bytes
            pos += 1
        marker = data[pos]
        pos += 1
        if marker == 0xD9:  # end of image
            if data[pos:].strip(b"\x00\xff"):
                found.append(TRAILER)  # e.g. a "motion photo" video, or a second picture
            return
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            continue
        (length,) = struct.unpack(">H", data[pos:pos + 2])
        segment = data[pos + 2:pos + length]
        pos += length
        if marker == 0xDA:  # start of scan: skip the compressed data up to the next marker
            pos = _skip_entropy(data, pos)
        elif 0xE0 <= marker <= 0xEF:
            _jpeg_app(marker, segment, found)
        elif marker == 0xFE:
            found.append(COMMENT)
    raise ValueError("no end-of-image marker")


def _skip_entropy(data: bytes, pos: int) -> int:
    while True:
        pos = data.index(b"\xff", pos)
        nxt = data[pos + 1]
        if nxt == 0x00 or 0xD0 <= nxt <= 0xD7 or nxt == 0xFF:
            pos += 1
            continue
        return pos


def _jpeg_app(marker: int, segment: bytes, found: list) -> None:
    if segment.startswith(_APP_ALLOWED.get(marker, ())):
        return
    if marker == 0xE1 and segment.startswith(b"Exif\x00\x00"):
        found.extend(_exif_labels(segment[6:]))
    elif marker == 0xE1 and segment.startswith(b"http://ns.adobe.com/"):
        found.extend(_xmp_labels(segment))
    elif marker == 0xE2 and segment.startswith(b"MPF\x00"):
        found.append(EXTRA_IMAGES)  # phones store previews/depth maps, each with its own EXIF
    elif marker == 0xED:
        found.append(IPTC)
    else:
        found.append(unknown(f"APP{marker - 0xE0}"))


def _xmp_labels(xmp: bytes) -> list[tuple[str, str]]:
    return [XMP, GPS] if b"GPSLatitude" in xmp or b"GPSLongitude" in xmp else [XMP]


# --- TIFF structures (EXIF blocks are TIFF too) -------------------------------------------
_GPS_IFD, _EXIF_IFD, _MAKER_NOTE = 0x8825, 0x8769, 0x927C
# Tags of a TIFF file that are not about the pixels.
_TIFF_PRIVATE = {
    0x010E: EXIF, 0x010F: EXIF, 0x0110: EXIF, 0x0132: EXIF, 0x013B: EXIF, 0x013C: EXIF,
    0x9C9B: TEXT, 0x9C9C: TEXT, 0x9C9D: TEXT, 0x9C9E: TEXT, 0x9C9F: TEXT, 0xC4A5: EXIF,
    0x02BC: XMP, 0x83BB: IPTC, 0x8649: IPTC, _EXIF_IFD: EXIF, _GPS_IFD: GPS,
}


def _ifd_tags(tiff: bytes, offset: int, order: str) -> dict[int, int]:
    """Tag -> value/offset field of one IFD. Bounds are checked by struct (it raises)."""
    (count,) = struct.unpack(order + "H", tiff[offset:offset + 2])
    tags = {}
    for i in range(min(count, 1000)):
        entry = tiff[offset + 2 + 12 * i:offset + 14 + 12 * i]
        tag, _type, _n, value = struct.unpack(order + "HHII", entry)
        tags[tag] = value
    return tags


def _tiff_header(tiff: bytes) -> tuple[str, int]:
    order = {b"II": "<", b"MM": ">"}[tiff[:2]]
    magic, first = struct.unpack(order + "HI", tiff[2:8])
    if magic != 42:
        raise ValueError("not TIFF")
    return order, first


# Tags that only say how to lay the pixels out: an EXIF block with nothing else (and no
# thumbnail, which can show an uncropped original) reveals nothing about people or places.
_LAYOUT_ONLY = {0x0112, 0x011A, 0x011B, 0x0128, 0x0213}  # orientation, resolution, YCbCr


def _exif_labels(tiff: bytes) -> list[tuple[str, str]]:
    labels = [EXIF]
    try:
        order, first = _tiff_header(tiff)
        tags = _ifd_tags(tiff, first, order)
        (count,) = struct.unpack(order + "H", tiff[first:first + 2])
        (thumbnail,) = struct.unpack(order + "I", tiff[first + 2 + 12 * count:first + 6 + 12 * count])
        if set(tags) <= _LAYOUT_ONLY and not thumbnail:
            return []
        if _GPS_IFD in tags:
            labels.insert(0, GPS)
        if _EXIF_IFD in tags and _MAKER_NOTE in _ifd_tags(tiff, tags[_EXIF_IFD], order):
            labels.append(MAKER_NOTES)
    except (struct.error, ValueError, KeyError):
        pass  # a broken EXIF block is still an EXIF block: already labelled
    return labels


def _tiff_file(data: bytes, found: list) -> None:
    order, offset = _tiff_header(data)
    seen = set()
    while offset and offset not in seen and len(seen) < 64:  # pages; guard against loops
        seen.add(offset)
        tags = _ifd_tags(data, offset, order)
        for tag in tags:
            if tag in _TIFF_PRIVATE:
                found.append(_TIFF_PRIVATE[tag])
        if _GPS_IFD in tags:
            found.append(EXIF)
        if _EXIF_IFD in tags:
            try:
                if _MAKER_NOTE in _ifd_tags(data, tags[_EXIF_IFD], order):
                    found.append(MAKER_NOTES)
            except struct.error:
                pass
        (count,) = struct.unpack(order + "H", data[offset:offset + 2])
        (offset,) = struct.unpack(order + "I", data[offset + 2 + 12 * count:offset + 6 + 12 * count])


# --- PNG ---------------------------------------------------------------------------------
_PNG_ALLOWED = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT",
                b"sRGB", b"cICP", b"mDCV", b"cLLI", b"mDCv", b"cLLi", b"bKGD", b"hIST", b"pHYs",
                b"sPLT", b"acTL", b"fcTL", b"fdAT"}


def _png(data: bytes, found: list) -> None:
    pos = 8
    while True:
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if len(body) != length:
            raise ValueError("truncated chunk")
        pos += 12 + length
        if ctype == b"IEND":
            if data[pos:].strip(b"\x00"):
                found.append(TRAILER)
            return
        if ctype in _PNG_ALLOWED:
            continue
        if ctype == b"eXIf":
            found.extend(_exif_labels(body))
        elif ctype in (b"tEXt", b"zTXt", b"iTXt"):
            keyword = body.split(b"\x00", 1)[0]
            if keyword == b"XML:com.adobe.xmp":
                found.extend(_xmp_labels(body))
            elif keyword.startswith(b"Raw profile type"):  # ImageMagick's EXIF/IPTC as text
                found.append(EXIF)
            else:
                found.append(TEXT)
        else:
            found.append(unknown(ctype.decode("latin-1")))


# --- WebP --------------------------------------------------------------------------------
_WEBP_ALLOWED = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}


def _webp(data: bytes, found: list) -> None:
    (riff_size,) = struct.unpack("<I", data[4:8])
    pos, end = 12, min(len(data), 8 + riff_size)
    while pos + 8 <= end:
        fourcc, size = struct.unpack("<4sI", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + size]
        pos += 8 + size + (size & 1)
        if fourcc in _WEBP_ALLOWED:
            continue
        if fourcc == b"EXIF":
            found.extend(_exif_labels(body[6:] if body.startswith(b"Exif\x00\x00") else body))
        elif fourcc == b"XMP ":
            found.extend(_xmp_labels(body))
        else:
            found.append(unknown(fourcc.decode("latin-1").strip()))
    if data[8 + riff_size:].strip(b"\x00"):
        found.append(TRAILER)


# --- HEIC / HEIF / AVIF (ISO base media file format) -------------------------------------
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1",
                b"avif", b"avis", b"mif2"}
_HEIF_TOP_ALLOWED = {b"ftyp", b"meta", b"mdat", b"free", b"skip", b"wide"}


def _boxes(data: bytes, start: int, end: int):
    """(type, body start, body end) of each box between start and end."""
    pos = start
    while pos + 8 <= end:
        size, btype = struct.unpack(">I4s", data[pos:pos + 8])
        header = 8
        if size == 1:
            (size,) = struct.unpack(">Q", data[pos + 8:pos + 16])
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise ValueError("bad box size")
        yield btype, pos + header, pos + size
        pos += size


def _heif(data: bytes, found: list) -> None:
    for btype, start, end in _boxes(data, 0, len(data)):
        if btype == b"meta":
            _heif_meta(data, start + 4, end, found)  # meta is a "full box": skip version+flags
        elif btype not in _HEIF_TOP_ALLOWED:
            found.append(unknown(btype.decode("latin-1")))


def _heif_meta(data: bytes, start: int, end: int, found: list) -> None:
    exif_items, locations = [], {}
    for btype, bstart, bend in _boxes(data, start, end):
        if btype == b"iinf":
            version = data[bstart]
            first = bstart + (6 if version == 0 else 8)  # version+flags, then a 16/32-bit count
            for itype, istart, iend in _boxes(data, first, bend):
                if itype == b"infe":
                    exif_items += _heif_item(data[istart:iend], found)
        elif btype == b"iloc":
            locations = _heif_locations(data[bstart:bend])
    for item in exif_items:  # read the EXIF item itself, to say whether it holds GPS
        if item in locations:
            offset, length = locations[item]
            block = data[offset:offset + length]
            (skip,) = struct.unpack(">I", block[:4])  # bytes before the TIFF header
            found.extend(_exif_labels(block[4 + skip:]))


def _heif_item(infe: bytes, found: list) -> list[int]:
    """Label one item entry; return its id when it is an EXIF item."""
    version = infe[0]
    if version < 2:
        return []  # old item entries carry no item type
    id_size = 2 if version == 2 else 4
    (item_id,) = struct.unpack(">H" if id_size == 2 else ">I", infe[4:4 + id_size])
    pos = 4 + id_size + 2  # version/flags, item id, protection index
    item_type = infe[pos:pos + 4]
    if item_type == b"Exif":
        found.append(EXIF)
        return [item_id]
    if item_type == b"mime":
        name_end = infe.index(b"\x00", pos + 4)
        content_type = infe[name_end + 1:].split(b"\x00", 1)[0]
        found.append(XMP if b"xmp" in content_type or b"rdf+xml" in content_type
                     else unknown(content_type.decode("latin-1")))
    elif item_type == b"uri ":
        found.append(unknown("uri"))
    return []


def _heif_locations(iloc: bytes) -> dict[int, tuple[int, int]]:
    """item id -> (file offset, length) of single-extent items stored in the file itself."""
    version = iloc[0]
    sizes = iloc[4] >> 4, iloc[4] & 15, iloc[5] >> 4, (iloc[5] & 15) if version else 0
    offset_size, length_size, base_size, index_size = sizes
    pos = 6
    count, pos = _uint(iloc, pos, 4 if version == 2 else 2)
    found = {}
    for _ in range(count):
        item_id, pos = _uint(iloc, pos, 4 if version == 2 else 2)
        method = 0
        if version:
            method, pos = _uint(iloc, pos, 2)
            method &= 15
        pos += 2  # data reference index
        base, pos = _uint(iloc, pos, base_size)
        extents, pos = _uint(iloc, pos, 2)
        for _ in range(extents):
            _index, pos = _uint(iloc, pos, index_size)
            offset, pos = _uint(iloc, pos, offset_size)
            length, pos = _uint(iloc, pos, length_size)
        if method == 0 and extents == 1:  # 0: plain file offsets
            found[item_id] = (base + offset, length)
    return found


def _uint(buf: bytes, pos: int, size: int) -> tuple[int, int]:
    if size == 0:
        return 0, pos
    if pos + size > len(buf):
        raise ValueError("truncated")
    return int.from_bytes(buf[pos:pos + size], "big"), pos + size


# --- GIF ---------------------------------------------------------------------------------
# Extension labels: 0xF9 graphic control (timing, transparency), 0xFF application
# (NETSCAPE2.0/ANIMEXTS1.0 loop counts are harmless; "XMP DataXMP" is XMP), 0xFE comment,
# 0x01 plain text.
_GIF_LOOP_APPS = (b"NETSCAPE2.0", b"ANIMEXTS1.0")


def _gif_sub_blocks(data: bytes, pos: int) -> tuple[bytes, int]:
    """The data of a chain of sub-blocks starting at pos, and the position after it."""
    out = bytearray()
    while True:
        size = data[pos]
        pos += 1
        if size == 0:
            return bytes(out), pos
        if pos + size > len(data):
            raise ValueError("truncated GIF block")
        out += data[pos:pos + size]
        pos += size


def _gif(data: bytes, found: list) -> None:
    flags = data[10]
    pos = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)   # global colour table
    while True:
        block = data[pos]
        pos += 1
        if block == 0x3B:                                              # trailer
            if data[pos:].strip(b"\x00"):
                found.append(TRAILER)
            return
        if block == 0x2C:                                              # an image
            local = data[pos + 8]
            pos += 9 + (3 * 2 ** ((local & 7) + 1) if local & 0x80 else 0)
            pos += 1                                                   # LZW minimum code size
            _, pos = _gif_sub_blocks(data, pos)
        elif block == 0x21:                                            # an extension
            label = data[pos]
            body, pos = _gif_sub_blocks(data, pos + 1)
            if label == 0xFE:
                found.append(COMMENT)
            elif label == 0x01:
                found.append(TEXT)
            elif label == 0xFF:
                ident = body[:11]
                if ident.startswith(b"XMP Data"):
                    found.extend(_xmp_labels(body))
                elif ident not in _GIF_LOOP_APPS:
                    found.append(unknown(ident.decode("latin-1", "replace").strip()))
            elif label != 0xF9:
                found.append(unknown(f"GIF 0x{label:02X}"))
        else:
            raise ValueError("unknown GIF block")
