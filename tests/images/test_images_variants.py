"""variants.py and what ends up published: widths, formats, no metadata at all."""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from pioneras.images import Settings, colour
from pioneras.images.settings import Encoding
from pioneras.images.variants import Spec, dominant_colour, plan

from .helpers import COMMENT, FAST, XMP, exif_bytes, make_report, save, upright

# Byte strings that would betray metadata in a published file.
LEAKS = {
    b"Exif\0\0": "EXIF block",
    b"http://ns.adobe.com/xap/1.0/": "XMP packet",
    b"x:xmpmeta": "XMP packet",
    COMMENT: "JPEG comment",
    b"Photoshop 3.0": "IPTC block",
    b"NIKON": "camera make (maker notes)",
    b"acsp": "ICC profile",
    b"ICC_PROFILE": "ICC profile",
}


def test_plan_never_upscales_and_keeps_each_format():
    s = Settings()
    assert plan(4000, 3000, s) == [
        Spec("avif", 480, 360), Spec("avif", 960, 720), Spec("avif", 1600, 1200),
        Spec("webp", 480, 360), Spec("webp", 960, 720), Spec("jpeg", 800, 600)]
    small = plan(600, 450, s)
    assert max(sp.width for sp in small) == 600
    assert {sp.fmt for sp in small} == {"avif", "webp", "jpeg"}
    assert plan(300, 900, s) == [Spec("avif", 300, 900), Spec("webp", 300, 900), Spec("jpeg", 300, 900)]


def test_dominant_colour_is_the_largest_area_not_the_average():
    im = Image.new("RGB", (100, 100), (20, 160, 40))  # green grass ...
    im.paste((200, 20, 20), (0, 0, 30, 30))  # ... and a small red dress
    r, g, b = (int(dominant_colour(im)[i:i + 2], 16) for i in (1, 3, 5))
    assert g > 140 and r < 60


def test_published_files_carry_no_metadata(project):
    """GPS, EXIF, XMP, IPTC-ish text, maker notes, comments and ICC: none survives."""
    wide = colour.matrix_profile(colour.DISPLAY_P3)
    big = upright((800, 600))
    sources = {
        "gps.jpg": dict(fmt="JPEG", exif=exif_bytes(gps=True, camera=True, orientation=6),
                        icc_profile=wide, xmp=XMP, comment=COMMENT),
        "gps.png": dict(fmt="PNG", exif=exif_bytes(gps=True, camera=True), icc_profile=wide),
        "gps.webp": dict(fmt="WEBP", exif=exif_bytes(gps=True, camera=True), icc_profile=wide, xmp=XMP),
        "gps.heic": dict(fmt="HEIF", exif=exif_bytes(gps=True, camera=True), xmp=XMP),
    }
    folder = make_report(project.docs, "2025-05-meta", {n: None for n in sources})
    for name, options in sources.items():
        save(folder / name, big, options.pop("fmt"), **options)
    _, summary = project.build()
    assert summary.problems == []
    files = list((project.site / "photos").rglob("*.*"))
    assert len([f for f in files if f.suffix in (".avif", ".webp", ".jpg")]) == 4 * 5
    for path in files:
        if path.suffix == ".js":
            continue
        data = path.read_bytes()
        for needle, what in LEAKS.items():
            assert needle not in data, f"{path.name}: {what}"
        with Image.open(path) as im:
            assert not im.getexif(), path.name
            assert not {"exif", "xmp", "icc_profile", "comment", "XML:com.adobe.xmp"} & set(im.info), path.name


def test_outputs_are_the_formats_and_sizes_planned(project):
    make_report(project.docs, "2025-05-sizes", {"a.jpg": upright((400, 300))})
    pipeline, summary = project.build()
    published = pipeline.photo("2025-05-sizes", "a.jpg")
    for spec in published.specs:
        path = project.site / published.path(spec)
        with Image.open(path) as im:
            assert im.format == {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG"}[spec.fmt]
            assert im.size == (spec.width, spec.height)
            assert im.mode == "RGB"
    assert max(s.width for s in published.specs) == 192  # FAST widths; never above


@pytest.mark.parametrize("fmt", ["avif", "webp", "jpeg"])
def test_quality_setting_reaches_the_encoder(project, fmt):
    make_report(project.docs, "2025-05-q", {"a.jpg": upright((400, 300))})
    sizes = {}
    for quality in (20, 90):
        settings = Settings(**{**{k: getattr(FAST, k) for k in ("avif", "webp", "jpeg")},
                               fmt: Encoding((192,), quality, getattr(FAST, fmt).effort)})
        pipeline, _ = project.build(settings)
        spec = next(s for s in pipeline.photo("2025-05-q", "a.jpg").specs if s.fmt == fmt)
        sizes[quality] = Path(project.site / pipeline.photo("2025-05-q", "a.jpg").path(spec)).stat().st_size
    assert sizes[20] < sizes[90]
