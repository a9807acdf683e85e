"""decode.py and colour.py: orientation, colour, transparency, formats."""
from __future__ import annotations

import io

import pytest
from PIL import Image, ImageCms

from pioneras.images import colour
from pioneras.images.decode import decode

from .helpers import (QUADRANTS, STORE, close, exif_bytes, quadrant_colours, save, upright)


def _decode(path, max_width=4000):
    return decode(path, path.name, max_width, "#ffffff", 120_000_000)


@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_every_exif_orientation_comes_out_upright(tmp_path, orientation, fmt):
    reference = upright()
    stored = reference if STORE[orientation] is None else reference.transpose(STORE[orientation])
    path = save(tmp_path / f"o{orientation}.{fmt.lower()}", stored, fmt,
                exif=exif_bytes(orientation=orientation))
    out = _decode(path).image
    assert out.size == reference.size
    for got, want in zip(quadrant_colours(out), QUADRANTS):
        assert close(got, want), (orientation, quadrant_colours(out))


@pytest.mark.parametrize("orientation", [6, 8, 5])
def test_draft_decoding_respects_orientation(tmp_path, orientation):
    """JPEG draft (DCT scaling) runs before the transpose: the size asked for must be
    worked out in the stored orientation, or portrait photos come out too small."""
    reference = upright((1600, 1200))
    path = save(tmp_path / "big.jpg", reference.transpose(STORE[orientation]), "JPEG",
                exif=exif_bytes(orientation=orientation), quality=90)
    decoded = decode(path, "big.jpg", 300, "#ffffff", 120_000_000)
    assert (decoded.width, decoded.height) == (1600, 1200)
    assert decoded.image.size == (300, 225)
    for got, want in zip(quadrant_colours(decoded.image), QUADRANTS):
        assert close(got, want)


def test_never_upscaled(tmp_path):
    path = save(tmp_path / "small.jpg", upright((200, 100)))
    out = _decode(path, max_width=1600)
    assert out.image.size == (200, 100) and (out.width, out.height) == (200, 100)


def _solid(tmp_path, rgb, profile: bytes, name="p.jpg"):
    return save(tmp_path / name, Image.new("RGB", (64, 48), rgb), "JPEG", quality=100,
                icc_profile=profile, subsampling=0)


def _expected_srgb(rgb, primaries, white, gamma=None):
    """The conversion worked out by hand: decode, to XYZ, to linear sRGB, encode."""
    def dec(v):
        v /= 255
        if gamma:
            return v ** gamma
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    def enc(v):
        v = min(max(v, 0.0), 1.0)
        return round(255 * (12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055))

    src = colour._rgb_to_xyz(primaries, white)
    dst = colour._inverse(colour._rgb_to_xyz(colour.SRGB_PRIMARIES, colour.D65))
    lin = colour._mul_vec(dst, colour._mul_vec(src, [dec(c) for c in rgb]))
    return tuple(enc(v) for v in lin)


@pytest.mark.parametrize("name, primaries, gamma", [
    ("Display P3", colour.DISPLAY_P3, None),
    ("Adobe RGB", colour.ADOBE_RGB, 563 / 256),
])
def test_wide_gamut_profiles_are_converted_to_srgb(tmp_path, name, primaries, gamma):
    rgb = (200, 120, 60)
    profile = colour.matrix_profile(primaries, colour.D65, gamma or "srgb")
    out = _decode(_solid(tmp_path, rgb, profile)).image
    got = out.getpixel((32, 24))
    want = _expected_srgb(rgb, primaries, colour.D65, gamma)
    assert close(got, want, tolerance=3), (name, got, want)
    assert not close(got, rgb, tolerance=4), "the pixels were not converted"
    assert "icc_profile" not in out.info


def test_srgb_profile_changes_nothing(tmp_path):
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = _decode(_solid(tmp_path, (200, 120, 60), srgb)).image
    assert close(out.getpixel((32, 24)), (200, 120, 60), tolerance=2)


def test_broken_profile_does_not_lose_the_photo(tmp_path):
    out = _decode(_solid(tmp_path, (200, 120, 60), b"not an icc profile at all")).image
    assert close(out.getpixel((32, 24)), (200, 120, 60), tolerance=2)


def test_nclx_display_p3_without_icc_is_converted():
    im = Image.new("RGB", (4, 4), (200, 120, 60))
    out = colour.to_srgb(im, None, {"color_primaries": 12})
    assert close(out.getpixel((0, 0)), _expected_srgb((200, 120, 60), colour.DISPLAY_P3, colour.D65), 3)


def test_transparency_is_flattened_onto_white(tmp_path):
    im = Image.new("RGBA", (100, 50), (0, 0, 0, 0))
    im.paste((200, 40, 40, 255), (50, 0, 100, 50))
    out = _decode(save(tmp_path / "alpha.png", im, "PNG")).image
    assert out.mode == "RGB"
    assert out.getpixel((10, 25)) == (255, 255, 255)
    assert close(out.getpixel((90, 25)), (200, 40, 40), 2)


def test_palette_with_transparency_and_greyscale_16_bit(tmp_path):
    p = Image.new("P", (40, 20), 0)
    p.putpalette([10, 20, 30, 250, 100, 0] + [0] * 762)
    p.paste(1, (20, 0, 40, 20))
    path = tmp_path / "p.png"
    p.save(path, transparency=0)
    out = _decode(path).image
    assert out.getpixel((5, 5)) == (255, 255, 255) and close(out.getpixel((30, 5)), (250, 100, 0), 2)

    grey16 = Image.new("I;16", (20, 20), 65535 // 2)
    path16 = tmp_path / "g16.png"
    grey16.save(path16)
    g = _decode(path16).image.getpixel((5, 5))
    assert close(g, (127, 127, 127), 3), g  # scaled, not clipped to white


def test_cmyk_jpeg(tmp_path):
    cmyk = Image.new("CMYK", (40, 20), (0, 255, 255, 0))  # red
    out = _decode(save(tmp_path / "cmyk.jpg", cmyk, "JPEG", quality=95)).image
    r, g, b = out.getpixel((10, 10))
    assert out.mode == "RGB" and r > 200 and g < 60 and b < 60


def test_heic_decodes_upright(tmp_path):
    path = save(tmp_path / "p.heic", upright((240, 160)), "HEIF", quality=90)
    out = _decode(path).image
    assert out.size == (240, 160)
    for got, want in zip(quadrant_colours(out), QUADRANTS):
        assert close(got, want, 50)


def test_metadata_never_leaves_the_decoder(tmp_path):
    path = save(tmp_path / "m.jpg", upright(), "JPEG", exif=exif_bytes(gps=True, camera=True),
                icc_profile=colour.matrix_profile(colour.DISPLAY_P3), comment=b"x", xmp=b"<x/>")
    assert _decode(path).image.info == {}


def test_matrix_profile_is_a_valid_icc_profile():
    profile = ImageCms.ImageCmsProfile(io.BytesIO(colour.matrix_profile(colour.ADOBE_RGB, colour.D65, 2.2)))
    assert "Adobe RGB" in ImageCms.getProfileDescription(profile)
