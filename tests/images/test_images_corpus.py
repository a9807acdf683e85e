"""The real-world corpus in ../shared/photos (phones, cameras, broken EXIF). Skipped
cleanly when ../shared is not beside the repository."""
from __future__ import annotations

import shutil

import pytest
from PIL import Image, ImageChops, ImageStat

from pioneras.images.decode import TRANSPOSE, decode

from .helpers import FAST, SHARED_PHOTOS, entry, make_report
from .test_images_variants import LEAKS

pytestmark = pytest.mark.skipif(not SHARED_PHOTOS.is_dir(),
                                reason=f"{SHARED_PHOTOS} not found (the shared photo corpus)")


def _folder(name):
    folder = SHARED_PHOTOS / name
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    return folder


def _difference(a: Image.Image, b: Image.Image) -> float:
    if a.size != b.size:
        return 255.0
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


def _copy_report(project, slug, sources):
    folder = make_report(project.docs, slug, {}, entries="\n".join(entry(p.name) for p in sources))
    for p in sources:
        shutil.copyfile(p, folder / p.name)
    return folder


@pytest.mark.parametrize("kind", ["landscape", "portrait"])
def test_orientation_corpus_comes_out_upright(kind):
    """Every one of the 8 files must look like <kind>_1 (pixels, not only the size), and
    better than any other of the 8 transforms would."""
    folder = _folder("orientation")
    reference = decode(folder / f"{kind}_1.jpg", "ref", 160, "#ffffff", 10**9).image
    right = 0
    for o in range(1, 9):
        out = decode(folder / f"{kind}_{o}.jpg", f"{kind}_{o}", 160, "#ffffff", 10**9).image
        as_is = _difference(out, reference)
        others = [_difference(out.transpose(t), reference) for t in TRANSPOSE.values()]
        if as_is < 10 and as_is < min(others):
            right += 1
    assert right == 8, f"{right} of 8 {kind} files upright"


def test_orientation_corpus_through_the_whole_pipeline(project):
    folder = _folder("orientation")
    sources = sorted(folder.glob("*_[1-8].jpg"))
    _copy_report(project, "2025-05-orientation", sources)
    pipeline, summary = project.build()
    assert summary.problems == [] and summary.photos == 16
    references = {}
    for entry_, published in pipeline.gallery("2025-05-orientation"):
        spec = max((s for s in published.specs if s.fmt == "jpeg"), key=lambda s: s.width)
        with Image.open(project.site / published.path(spec)) as im:
            kind = entry_.photo.file.split("_")[0]
            references.setdefault(kind, im.convert("RGB"))
            assert _difference(im.convert("RGB"), references[kind]) < 10, entry_.photo.file


def test_no_gps_survives(project):
    sources = sorted(_folder("gps").glob("*.jpg")) + sorted(_folder("mobile").glob("*.jpg"))
    _copy_report(project, "2025-05-gps", sources)
    assert any(Image.open(p).getexif().get_ifd(0x8825) for p in sources)  # the corpus has GPS
    _, summary = project.build(workers=2)
    assert summary.problems == []
    for path in (project.site / "photos").rglob("*.*"):
        if path.suffix == ".js":
            continue
        data = path.read_bytes()
        for needle, what in LEAKS.items():
            if needle != b"NIKON":  # 5 bytes of compressed data may spell anything
                assert needle not in data, (path.name, what)
        with Image.open(path) as im:
            assert not im.getexif() and "icc_profile" not in im.info, path.name


def test_heic_decodes_and_wide_gamut_is_converted(project):
    sources = sorted(_folder("heic").iterdir())
    _copy_report(project, "2025-05-heic", sources)
    pipeline, summary = project.build(workers=2)
    assert summary.problems == [] and summary.photos == len(sources)
    p3 = pipeline.photo("2025-05-heic", "iphone_13_pro_max.HEIC")
    assert (p3.width, p3.height) == (3024, 4032)  # portrait: HEIF rotation applied once
    # The Display P3 photo, converted, differs from the same pixels read as sRGB.
    with Image.open(SHARED_PHOTOS / "heic" / "iphone_13_pro_max.HEIC") as raw:
        naive = raw.convert("RGB").resize((192, 256))
    spec = next(s for s in p3.specs if s.fmt == "jpeg")
    with Image.open(project.site / p3.path(spec)) as out:
        assert out.size == (192, 256)
        assert 1.0 < _difference(out.convert("RGB"), naive) < 30


def test_invalid_exif_does_not_crash_or_lose_pixels(project):
    sources = sorted(_folder("invalid").glob("*.jpg"))
    _copy_report(project, "2025-05-invalid", sources)
    pipeline, summary = project.build(workers=2)
    published = [e.photo.file for e, _ in pipeline.gallery("2025-05-invalid")]
    # hostile EXIF means "no orientation", never a lost photo
    assert summary.problems == [] and published == [p.name for p in sources]


def test_transparent_tiffs_are_flattened(project):
    sources = sorted(_folder("transparency").glob("*.tif*"))
    _copy_report(project, "2025-05-alpha", sources)
    pipeline, summary = project.build()
    assert summary.problems == []
    for _, published in pipeline.gallery("2025-05-alpha"):
        spec = next(s for s in published.specs if s.fmt == "webp")
        with Image.open(project.site / published.path(spec)) as im:
            assert im.mode == "RGB"


@pytest.mark.parametrize("settings", [FAST])
def test_cameras_corpus(project, settings):
    sources = sorted(_folder("cameras").glob("*.jpg"))
    _copy_report(project, "2025-05-cameras", sources)
    _, summary = project.build(settings, workers=2)
    assert summary.problems == [] and summary.photos == len(sources)
