"""Issue 13: decode.py's faster downscale (JPEG draft asked for 1x the largest width,
integer reduce before Lanczos, scaling before the transpose) publishes the same pictures
as before: luma SSIM >= 0.99 at every published width, against the previous path kept in
quality.previous_decode, on generated photo-like images and on ../shared/photos."""
from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, JpegImagePlugin

from pioneras.images import Settings
from pioneras.images.decode import decode
from pioneras.images.settings import FORMATS
from pioneras.images.variants import resized

from .helpers import SHARED_PHOTOS, STORE, exif_bytes
from .quality import C1, mean_difference, photo_like, previous_decode, ssim

SETTINGS = Settings()
WIDTHS = sorted({w for fmt in FORMATS for w in SETTINGS.encoding(fmt).widths}, reverse=True)
THRESHOLD = 0.99
# Mean absolute RGB difference, 0-255: a guard for colour errors that luma SSIM would
# miss (measured up to 1.9 on these noisy pictures, 0.4-0.6 on real phone photos).
MAX_DIFFERENCE = 3.0


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downscale")


@functools.lru_cache(maxsize=2)
def _picture(width: int, height: int) -> Image.Image:
    return photo_like(width, height)


def _write(folder: Path, name: str, width: int, height: int, orientation: int = 1) -> Path:
    """The photo-like picture, stored as a camera would for ``orientation`` (upright
    size width x height), as JPEG q90 4:2:0 or, for .tif, uncompressed TIFF (decoded by
    Pillow like PNG, WebP or HEIC pixels: no DCT scaling; and quick to write and read)."""
    path = folder / name
    if path.exists():
        return path
    im = _picture(width, height)
    if STORE[orientation] is not None:
        im = im.transpose(STORE[orientation])
    if name.endswith(".tif"):
        if "alpha" in name:  # a transparent band across the middle, to be flattened
            alpha = Image.new("L", im.size, 255)
            alpha.paste(0, (0, im.height * 2 // 5, im.width, im.height * 3 // 5))
            im = im.copy()
            im.putalpha(alpha)
        im.save(path, "TIFF")
    else:
        im.save(path, "JPEG", quality=90, exif=exif_bytes(orientation=orientation))
    return path


def _compare(path: Path) -> dict[int, tuple[float, float]]:
    """(SSIM, mean difference) of the previous and the new output at every published
    width, each ladder made by variants.resized exactly as the pipeline does."""
    old = previous_decode(path, WIDTHS[0], SETTINGS.background)
    new = decode(path, path.name, WIDTHS[0], SETTINGS.background, SETTINGS.max_pixels)
    assert (new.width, new.height) == (old.width, old.height)
    assert new.image.size == old.image.size and new.image.mode == old.image.mode == "RGB"
    widths = [min(w, new.width) for w in WIDTHS]
    before, after = resized(old.image, widths), resized(new.image, widths)
    return {w: (1.0, 0.0) if before[w].tobytes() == after[w].tobytes()  # nothing was scaled
            else (ssim(before[w], after[w]), mean_difference(before[w], after[w])) for w in before}


def _assert_close(path: Path) -> None:
    result = _compare(path)
    worst = {w: (round(s, 4), round(d, 2)) for w, (s, d) in result.items()}
    assert all(s >= THRESHOLD for s, _ in result.values()), (path.name, worst)
    assert all(d <= MAX_DIFFERENCE for _, d in result.values()), (path.name, worst)


# --- the SSIM function itself ---------------------------------------------------------

def test_ssim_of_identical_images_is_one():
    im = photo_like(160, 120)
    assert ssim(im, im.copy()) == pytest.approx(1.0, abs=1e-6)


def test_ssim_of_two_flat_images_is_the_luminance_formula():
    """No structure: SSIM reduces to (2ab + C1) / (a^2 + b^2 + C1)."""
    a, b = 100.0, 130.0
    got = ssim(Image.new("RGB", (40, 30), (100,) * 3), Image.new("RGB", (40, 30), (130,) * 3))
    assert got == pytest.approx((2 * a * b + C1) / (a * a + b * b + C1), abs=1e-6)
    assert got < 1


def test_ssim_falls_with_noise_and_is_symmetric():
    im = photo_like(200, 150)
    rng = np.random.default_rng(7)

    def noisy(sigma):
        a = np.asarray(im, dtype=np.float64) + rng.normal(0, sigma, (150, 200, 3))
        return Image.fromarray(np.clip(a, 0, 255).round().astype(np.uint8))

    light, heavy = noisy(4), noisy(25)
    assert 0 < ssim(im, heavy) < ssim(im, light) < 1
    assert ssim(im, light) == pytest.approx(ssim(light, im), abs=1e-6)


def test_ssim_sees_a_fraction_of_a_pixel_shift():
    a = photo_like(300, 200)
    b = a.resize((300, 200), Image.Resampling.BICUBIC, box=(0.4, 0, 299.4, 200))
    assert ssim(a, b) < THRESHOLD


def test_ssim_refuses_different_sizes():
    with pytest.raises(ValueError):
        ssim(Image.new("RGB", (20, 20)), Image.new("RGB", (21, 20)))


def test_the_check_catches_a_half_pixel_misplacement(folder):
    """What this file guards against, shown on a plausible bug: draft at 1x on an odd
    size rounds 3999 px up to 2000 at 1/2 scale; resizing that without draft's box
    stretches the picture by half a source pixel, and SSIM at 1600 drops below 0.99."""
    path = _write(folder, "3999x2667-o1.jpg", 3999, 2667)
    with Image.open(path) as im:
        im.draft(None, (1600, 1067))
        naive = im.resize((1600, 1067), Image.Resampling.LANCZOS)
    reference = previous_decode(path, 1600).image
    assert ssim(reference, naive) < THRESHOLD


# --- the new path does the cheap thing ------------------------------------------------

def test_jpeg_draft_is_asked_for_the_largest_width_itself(folder, monkeypatch):
    """A 12-megapixel JPEG is decoded at 1/2 scale (the old 2x request decoded it whole)."""
    seen = []
    draft = JpegImagePlugin.JpegImageFile.draft

    def spy(self, mode, size):
        result = draft(self, mode, size)
        seen.append((size, self.size))
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    decode(_write(folder, "4032x3024.jpg", 4032, 3024), "p", 1600, "#ffffff", 10**9)
    decode(_write(folder, "3999x2667-o6.jpg", 3999, 2667, orientation=6), "p", 1600, "#ffffff", 10**9)
    assert seen == [((1600, 1200), (2016, 1512)), ((1067, 1600), (1334, 2000))]


def test_other_formats_are_reduced_by_an_integer_factor_first(folder, monkeypatch):
    factors = []
    reduce = Image.Image.reduce

    def spy(self, factor, box=None):
        factors.append(factor)
        return reduce(self, factor, box)

    monkeypatch.setattr(Image.Image, "reduce", spy)
    out = decode(_write(folder, "4032x3024.tif", 4032, 3024), "p", 1600, "#ffffff", 10**9)
    assert factors == [(2, 2)] and out.image.size == (1600, 1200)


# --- same pictures as before ----------------------------------------------------------

@pytest.mark.parametrize("name, width, height", [
    ("4032x3024.jpg", 4032, 3024),  # 12 MP phone: DCT 1/2, then Lanczos
    ("3264x2448.jpg", 3264, 2448),  # 8 MP: DCT 1/2 does nearly all (2.04x), Lanczos 2 %
    ("6528x4896.jpg", 6528, 4896),  # 32 MP: DCT 1/4
    ("4032x3024.tif", 4032, 3024),  # not JPEG: reduce 2, then Lanczos
    ("4800x3200.tif", 4800, 3200),  # exactly 3x the largest width: box reduce only
    ("3264x2448-alpha.tif", 3264, 2448),  # flattened at full size, then reduced
])
def test_generated_photos_match_the_previous_output(folder, name, width, height):
    _assert_close(_write(folder, name, width, height))


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_orientation_of_an_odd_size_matches_the_previous_output(folder, orientation):
    _assert_close(_write(folder, f"3999x2667-o{orientation}.jpg", 3999, 2667, orientation))


@pytest.mark.parametrize("orientation", [1, 6])
def test_photos_not_larger_than_the_largest_width_are_unchanged(folder, orientation):
    """Nothing to downscale at the top: the same pixels as before, exactly."""
    for size in ((1600, 1200), (1200, 900)):
        path = _write(folder, f"{size[0]}-o{orientation}.jpg", *size, orientation)
        old = previous_decode(path, WIDTHS[0]).image
        new = decode(path, path.name, WIDTHS[0], "#ffffff", 10**9).image
        assert new.size == old.size and new.tobytes() == old.tobytes()


@pytest.mark.skipif(not SHARED_PHOTOS.is_dir(), reason=f"{SHARED_PHOTOS} not found (the shared photo corpus)")
def test_real_photos_match_the_previous_output():
    paths = [p for name in ("mobile", "cameras", "orientation", "heic", "gps", "transparency")
             for p in sorted((SHARED_PHOTOS / name).glob("*")) if p.is_file()]
    assert len(paths) > 30
    failures = {}
    for path in paths:
        result = _compare(path)
        if any(s < THRESHOLD or d > MAX_DIFFERENCE for s, d in result.values()):
            failures[path.name] = {w: (round(s, 4), round(d, 2)) for w, (s, d) in result.items()}
    assert not failures
