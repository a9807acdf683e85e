#!/usr/bin/env python3
"""Generate the images of the example photo reports (no people, no real events).

    .venv/bin/python scripts/generate_example_photos.py

Writes abstract warm-coloured images at phone-like sizes into
docs/photo-reports/2025-05-ejemplo-colores-calidos/ and
docs/photo-reports/2025-06-ejemplo-patrones/, deterministically (same bytes each run).
Their report.yml files and pages are written by hand, like a volunteer's would be.

The set deliberately exercises the pipeline the way phones do: landscape and portrait,
one portrait stored sideways with EXIF orientation 6 (as phones save them), one with a
Display P3 colour profile (as iPhones do), and a PNG with transparency.  No file carries
GPS, camera make or XMP.  Each stays well under 500 KB.

When real reports exist, delete the two example folders and their pages
(docs/{es,en}/informes-fotograficos/2025-0?-ejemplo-*.md); this script is then unused.
"""
from __future__ import annotations

import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from pioneras.images.colour import D65, DISPLAY_P3, matrix_profile  # noqa: E402

REPORTS = ROOT / "docs" / "photo-reports"
WARM = [(233, 150, 58), (214, 96, 47), (178, 58, 52), (244, 196, 98), (140, 62, 60), (250, 226, 170)]


def vertical_gradient(size, top, bottom) -> Image.Image:
    w, h = size
    column = Image.new("RGB", (1, h))
    for y in range(h):
        t = y / (h - 1)
        column.putpixel((0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom)))
    return column.resize((w, h), Image.Resampling.NEAREST)


def sunset(size=(3000, 2000)) -> Image.Image:
    im = vertical_gradient(size, (250, 200, 120), (214, 96, 47))
    glow = Image.new("L", size, 0)
    ImageDraw.Draw(glow).ellipse((1900, 450, 2500, 1050), fill=255)
    im.paste((255, 236, 180), mask=glow.filter(ImageFilter.GaussianBlur(40)))
    draw = ImageDraw.Draw(im)
    for i, colour in enumerate([(178, 58, 52), (140, 62, 60), (96, 44, 48)]):
        base = 1250 + i * 220
        points = [(x, base + 90 * math.sin(x / (380 + 90 * i) + i)) for x in range(0, size[0] + 50, 50)]
        draw.polygon(points + [(size[0], size[1]), (0, size[1])], fill=colour)
    return im


def portrait_arcs(size=(2000, 3000)) -> Image.Image:
    im = vertical_gradient(size, (244, 196, 98), (178, 58, 52))
    draw = ImageDraw.Draw(im)
    cx, cy = size[0] // 2, int(size[1] * 0.72)
    for i, r in enumerate(range(1500, 100, -140)):
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=WARM[i % len(WARM)], width=46)
    return im.filter(ImageFilter.GaussianBlur(1.2))


def shapes_with_transparency(size=(3000, 2000)) -> Image.Image:
    im = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(im)
    rnd = random.Random(7)
    for _ in range(14):
        x, y, r = rnd.randrange(200, 2800), rnd.randrange(200, 1800), rnd.randrange(120, 420)
        colour = WARM[rnd.randrange(len(WARM))] + (rnd.choice([170, 220, 255]),)
        if rnd.random() < 0.5:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        else:
            draw.regular_polygon((x, y, r), rnd.choice([3, 4, 6]), rotation=rnd.randrange(90), fill=colour)
    return im


def waves(size=(3000, 2000)) -> Image.Image:
    im = Image.new("RGB", size, (250, 226, 170))
    draw = ImageDraw.Draw(im)
    for i in range(12):
        base = 120 + i * 170
        colour = WARM[i % len(WARM)]
        points = [(x, base + 70 * math.sin(x / 260 + i * 0.7)) for x in range(0, size[0] + 40, 40)]
        draw.line(points, fill=colour, width=90, joint="curve")
    return im.filter(ImageFilter.GaussianBlur(2))


def mosaic(size=(3000, 2000), tile=250) -> Image.Image:
    im = Image.new("RGB", size)
    draw = ImageDraw.Draw(im)
    rnd = random.Random(11)
    for y in range(0, size[1], tile):
        for x in range(0, size[0], tile):
            draw.rectangle((x, y, x + tile, y + tile), fill=WARM[rnd.randrange(len(WARM))])
            inner = WARM[rnd.randrange(len(WARM))]
            if rnd.random() < 0.5:
                draw.ellipse((x + 40, y + 40, x + tile - 40, y + tile - 40), fill=inner)
            else:
                draw.pieslice((x, y, x + 2 * tile, y + 2 * tile), 180, 270, fill=inner)
    return im.filter(ImageFilter.GaussianBlur(1.5))


def sunburst(size=(3000, 2000), rays=24) -> Image.Image:
    im = Image.new("RGB", size, (250, 226, 170))
    draw = ImageDraw.Draw(im)
    cx, cy, reach = size[0] * 0.3, size[1] * 1.1, 4000
    for i in range(rays):
        a0, a1 = math.pi * i / rays, math.pi * (i + 0.5) / rays
        draw.polygon([(cx, cy), (cx - reach * math.cos(a0), cy - reach * math.sin(a0)),
                      (cx - reach * math.cos(a1), cy - reach * math.sin(a1))], fill=WARM[i % 3])
    return im.filter(ImageFilter.GaussianBlur(1.5))


def save_jpeg(im: Image.Image, path: Path, **extra) -> None:
    im.save(path, "JPEG", quality=82, optimize=True, **extra)


def main() -> None:
    warm = REPORTS / "2025-05-ejemplo-colores-calidos"
    patterns = REPORTS / "2025-06-ejemplo-patrones"
    for folder in (warm, patterns):
        folder.mkdir(parents=True, exist_ok=True)

    save_jpeg(sunset(), warm / "ejemplo-atardecer.jpg")
    # Portrait stored sideways + EXIF orientation 6, as a phone held upright saves it.
    exif = Image.Exif()
    exif[0x0112] = 6
    save_jpeg(portrait_arcs().transpose(Image.Transpose.ROTATE_90), warm / "ejemplo-arcos-vertical.jpg",
              exif=exif.tobytes())
    shapes_with_transparency().save(warm / "ejemplo-formas-transparentes.png", optimize=True)

    # Display P3 profile, as iPhones tag their photos.
    save_jpeg(waves(), patterns / "ejemplo-ondas-p3.jpg",
              icc_profile=matrix_profile(DISPLAY_P3, D65, "srgb"))
    save_jpeg(mosaic(), patterns / "ejemplo-mosaico.jpg")
    save_jpeg(sunburst(), patterns / "ejemplo-rayos.jpg")

    for path in sorted(REPORTS.glob("2025-0?-ejemplo-*/*.*")):
        if path.suffix != ".yml":
            print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
