"""cache.py / pipeline.py: unchanged rebuilds do nothing, settings changes redo exactly
what they affect, stale files disappear, writes are atomic, each photo is done once."""
from __future__ import annotations

import os
from dataclasses import replace

import pytest

from pioneras.images import cache as cache_module
from pioneras.images import decode as decode_module
from pioneras.images import pool
from pioneras.images.settings import Encoding

from .helpers import FAST, entry, make_report, upright


def _cached_files(project) -> set[str]:
    return {p.name for p in (project.cache / "variants").rglob("*") if p.is_file()}


@pytest.fixture
def two_photos(project):
    make_report(project.docs, "2025-05-cache", {"a.jpg": upright((400, 300)), "b.png": upright((300, 400))})
    return project


def test_second_build_does_no_image_work(two_photos, monkeypatch):
    project = two_photos
    _, first = project.build()
    assert (first.decoded, first.encoded) == (2, 2 * 5)
    site_before = project.site_files()

    def refuse(*args, **kwargs):
        raise AssertionError("an unchanged rebuild opened an image")

    monkeypatch.setattr(decode_module, "decode", refuse)
    monkeypatch.setattr(pool, "executor", refuse)  # not even a pool is started
    _, second = project.build()
    assert (second.decoded, second.encoded, second.problems) == (0, 0, [])
    assert project.site_files() == site_before


def test_unchanged_rebuild_does_not_even_reread_the_originals(two_photos, monkeypatch):
    two_photos.build()
    hashed = []
    real = cache_module.hashlib.file_digest
    monkeypatch.setattr(cache_module.hashlib, "file_digest",
                        lambda f, algo: hashed.append(f.name) or real(f, algo))
    two_photos.build()
    assert hashed == []


def test_a_format_setting_redoes_only_that_format(two_photos):
    project = two_photos
    _, first = project.build()
    before = _cached_files(project)
    settings = replace(FAST, avif=Encoding(FAST.avif.widths, 30, FAST.avif.effort))
    _, second = project.build(settings)
    assert (second.decoded, second.encoded) == (2, 2 * 2)  # the two AVIF widths only
    after = _cached_files(project)
    assert {n for n in before - after} == {n for n in before if n.endswith(".avif")}
    assert all(n.endswith(".avif") for n in after - before)


def test_a_new_width_adds_only_that_width(two_photos):
    project = two_photos
    project.build()
    settings = replace(FAST, webp=Encoding((96, 192, 144), FAST.webp.quality, FAST.webp.effort))
    _, second = project.build(settings)
    assert second.encoded == 2  # one new WebP per photo
    assert len([f for f in project.site_files() if f.endswith("-144.webp")]) == 2


def test_edited_photo_is_redone_and_its_old_files_go(two_photos):
    project = two_photos
    project.build()
    before = project.site_files()
    folder = project.docs / "photo-reports" / "2025-05-cache"
    upright((500, 300)).rotate(180).save(folder / "a.jpg")
    _, second = project.build()
    assert (second.decoded, second.encoded) == (1, 5)
    after = project.site_files()
    assert len(after) == len(before) and after != before
    assert second.removed_site == 5 and second.removed_cache == 5


def test_withdrawn_consent_removes_every_variant_everywhere(two_photos):
    project = two_photos
    pipeline, _ = project.build()
    gone = pipeline.photo("2025-05-cache", "b.png")
    yml = project.docs / "photo-reports" / "2025-05-cache" / "report.yml"
    yml.write_text(yml.read_text().replace(entry("b.png"), entry("b.png", consent="withdrawn")))
    pipeline, summary = project.build()
    assert summary.problems == []
    assert pipeline.photo("2025-05-cache", "b.png") is None
    assert [e.photo.file for e, _ in pipeline.gallery("2025-05-cache")] == ["a.jpg"]
    assert not any(gone.sha[:12] in f for f in project.site_files())
    assert not any(any(project.cache.joinpath("variants").rglob(f"{key}.*")) for _, key in gone.keys)
    assert summary.removed_site == 5


def test_dirty_site_gets_stale_files_removed(two_photos):
    project = two_photos
    project.build()
    stray = project.site / "photos" / "2025-01-old" / "0123456789ab-480.avif"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"old")
    _, summary = project.build()
    assert not stray.exists() and not stray.parent.exists()
    assert (project.site / "photos" / "gallery.js").is_file()


def test_atomic_write_never_leaves_half_a_file(tmp_path, monkeypatch):
    target = tmp_path / "v" / "x.avif"
    cache_module.atomic_write(target, b"old")

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(cache_module.os, "replace", crash)
    with pytest.raises(OSError):
        cache_module.atomic_write(target, b"new, much longer content")
    assert target.read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["x.avif"]  # no temporary left


def test_interrupted_build_keeps_finished_photos(two_photos, monkeypatch):
    """Ctrl-C mid-build: what finished photos wrote is kept (close() records it), a photo
    half written is redone (a file without a record is never trusted), no temporary left."""
    project = two_photos
    calls = {"n": 0}
    real = pool.variants.encode

    def dies_in_the_second_photo(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] > 5 + 1:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(pool.variants, "encode", dies_in_the_second_photo)
    with pytest.raises(KeyboardInterrupt):
        project.build()
    assert len(_cached_files(project)) == 5 + 1
    monkeypatch.setattr(pool.variants, "encode", real)
    _, summary = project.build()
    assert (summary.decoded, summary.encoded, summary.problems) == (1, 5, [])
    for path in (project.cache / "variants").rglob("*"):
        assert not path.name.endswith(".tmp")


def test_same_photo_twice_is_processed_once(project):
    """Per build, a photo is decoded once, however many reports/pages/languages show it."""
    im = upright((400, 300))
    make_report(project.docs, "2025-05-one", {"a.jpg": im})
    make_report(project.docs, "2025-06-two", {"copy.jpg": (project.docs / "photo-reports" / "2025-05-one" / "a.jpg").read_bytes()})
    pipeline, summary = project.build()
    assert summary.decoded == 1 and summary.encoded == 5
    assert summary.photos == 2 and len(project.site_files()) == 2 * 5 + 1


def test_process_pool_build_matches_inline_build(two_photos, tmp_path):
    """The real pool (one process per core): same files, each photo done once."""
    project = two_photos
    pipeline, summary = project.build(workers=2)
    assert summary.problems == [] and summary.decoded == 2 and summary.encoded == 10
    for slug in pipeline.reports:
        for _, published in pipeline.gallery(slug):
            for spec, key in published.keys:
                site_file = project.site / published.path(spec)
                cached = pipeline.cache.object_path(key, spec.ext)
                # a copy (or reflink), never a hard link: the site cannot change the cache
                assert site_file.read_bytes() == cached.read_bytes() != b""
                assert not os.path.samefile(site_file, cached)
