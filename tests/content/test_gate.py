"""The publish gate: every file under docs/ is a page, an asset, a report's file, or refused."""
from __future__ import annotations

from pathlib import Path

import pytest

import files
from pioneras.content import metadata, svg
from pioneras.content.facts import FactsCache
from pioneras.content.gate import check_file, take_inventory
from pioneras.project import Project


@pytest.fixture
def project(tmp_path) -> Project:
    for folder in ("docs/es", "docs/en", "docs/assets", "docs/photo-reports", "data", "overrides"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "docs/es/index.md").write_text("# Hola\n", encoding="utf-8")
    return Project(tmp_path, tmp_path / "docs", ("es", "en"))


def refused(project, facts=None) -> dict[str, str]:
    inventory = take_inventory(project, facts)
    return {p.path: p.code for p in inventory.problems}


def test_pages_assets_and_report_files_are_classified(project):
    docs = project.docs
    (docs / "en/index.md").write_text("# Hi\n", encoding="utf-8")
    (docs / "assets/site.css").write_text("a{}", encoding="utf-8")
    files.svg(docs / "assets/logo.svg")
    files.jpeg(docs / "photo-reports/2025-05-x/a.jpg")
    (docs / "photo-reports/2025-05-x/report.yml").write_text("date: 2025-05-01\n", encoding="utf-8")
    (docs / "photo-reports/README.md").write_text("# How\n", encoding="utf-8")
    (docs / "es/Thumbs.db").write_bytes(b"\0")
    (docs / ".DS_Store").write_bytes(b"\0")
    inventory = take_inventory(project)
    assert inventory.problems == []
    assert set(inventory.pages) == {"es/index.md", "en/index.md"}
    assert set(inventory.assets) == {"assets/site.css", "assets/logo.svg"}
    assert set(inventory.reports["2025-05-x"]) == {"a.jpg", "report.yml"}
    assert inventory.publishable("assets/logo.svg") and not inventory.publishable("photo-reports/2025-05-x/a.jpg")


@pytest.mark.parametrize("make, where, code", [
    (lambda d: files.mp4_with_location(d / "es/video.mp4"), "docs/es/video.mp4", "gate.media"),
    (lambda d: files.mov_quicktime(d / "photo-reports/2025-05-x/IMG_0001.MOV"),
     "docs/photo-reports/2025-05-x/IMG_0001.MOV", "gate.media"),
    (lambda d: files.mp4_with_location(d / "es/clip"), "docs/es/clip", "gate.media"),          # no extension
    (lambda d: files.mp4_with_location(d / ".hidden/v.mp4"), "docs/.hidden/v.mp4", "gate.media"),
    (lambda d: files.jpeg(d / "es/img/foto.jpg"), "docs/es/img/foto.jpg", "gate.image-outside"),
    (lambda d: files.jpeg(d / "foto"), "docs/foto", "gate.image-outside"),                     # sniffed
    (lambda d: files.jpeg(d / "Photo-Reports/2025-05-x/a.jpg"), "docs/Photo-Reports/2025-05-x/a.jpg",
     "gate.folder-case"),
    (lambda d: files.jpeg(d / "ES/a.jpg"), "docs/ES/a.jpg", "gate.folder-case"),
    (lambda d: (d / "nueva.md").write_text("# x"), "docs/nueva.md", "gate.page-outside"),
    (lambda d: (d / "es/pagina.html").write_text("<script>"), "docs/es/pagina.html", "gate.unknown-type"),
    (lambda d: (d / "assets/informe.pdf").write_bytes(b"%PDF-1.4"), "docs/assets/informe.pdf", "gate.unknown-type"),
    (lambda d: files.plain_gif(d / "photo-reports/2025-05-x/a.gif"), "docs/photo-reports/2025-05-x/a.gif",
     "gate.report-file"),
    (lambda d: files.jpeg(d / "photo-reports/2025-05-x/sub/a.jpg"), "docs/photo-reports/2025-05-x/sub/a.jpg",
     "gate.report-subfolder"),
    (lambda d: files.jpeg(d / "photo-reports/suelta.jpg"), "docs/photo-reports/suelta.jpg", "gate.report-loose"),
    (lambda d: files.gif_with_xmp(d / "assets/a.gif"), "docs/assets/a.gif", "gate.asset-metadata"),
    (lambda d: files.svg(d / "assets/a.svg", files.SVG_HOSTILE), "docs/assets/a.svg", "gate.asset-metadata"),
    (lambda d: files.gps_jpeg(d / "assets/foto.jpg"), "docs/assets/foto.jpg", "gate.asset-metadata"),
    (lambda d: files.gps_jpeg(d / "assets/datos.json"), "docs/assets/datos.json", "gate.asset-metadata"),
    (lambda d: files.gps_jpeg(d / "photo-reports/2025-05-x/a.jpg"), "docs/photo-reports/2025-05-x/a.jpg",
     "privacy.metadata"),
    (lambda d: files.gps_jpeg(d / ".old/casa.jpg"), "docs/.old/casa.jpg", "privacy.metadata"),
], ids=["mp4", "mov-in-report", "video-without-extension", "hidden-video", "photo-next-to-page",
        "photo-without-extension", "folder-case", "language-case", "page-outside", "html", "pdf",
        "gif-in-report", "report-subfolder", "loose-report-file", "gif-xmp", "svg-hostile", "gps-asset", "gps-asset-as-json",
        "gps-original", "hidden-gps"])
def test_refused_with_a_plain_line_naming_the_file(project, make, where, code):
    make(project.docs)
    found = take_inventory(project).problems
    assert [(p.path, p.code) for p in found] == [(where, code)]
    assert " / " in str(found[0]) and str(found[0]).startswith(where)
    assert not take_inventory(project).publishable(where.removeprefix("docs/"))


def test_symlinks_are_refused_and_never_followed(project, tmp_path):
    outside = tmp_path.parent / "outside"
    files.gps_jpeg(outside / "casa.jpg")
    (project.docs / "es/externo").symlink_to(outside, target_is_directory=True)
    (project.docs / "assets/passwd.css").symlink_to("/etc/passwd")
    (project.root / "data/ui.yml").symlink_to("/etc/hostname")
    (project.root / "overrides/main.html").symlink_to("/etc/hostname")
    inventory = take_inventory(project)
    assert sorted(p.path for p in inventory.problems if p.code == "gate.symlink") == [
        "data/ui.yml", "docs/assets/passwd.css", "docs/es/externo", "overrides/main.html"]
    assert len(inventory.symlinks) == 4
    assert not any("casa.jpg" in p.path for p in inventory.problems)         # never looked inside


def test_a_staged_file_gets_the_same_verdict_as_the_build(project):
    video = files.mp4_with_location(project.docs / "es/v.mp4")
    outside = files.gps_jpeg(project.root / "notas/foto.jpg")
    clean = files.jpeg(project.docs / "photo-reports/2025-05-x/a.jpg")
    assert [p.code for p in check_file(project, video)] == ["gate.media"]
    assert [p.code for p in check_file(project, outside)] == ["privacy.metadata"]
    assert check_file(project, clean) == []
    assert [p.code for p in check_file(project, files.mp4_with_location(project.root / "clip.mov"))] \
        == ["privacy.media"]


def test_unchanged_files_are_not_read_again(project, monkeypatch):
    files.jpeg(project.docs / "photo-reports/2025-05-x/a.jpg")
    record = project.root / ".cache/originals.json"
    take_inventory(project, cache := FactsCache(record))
    cache.save()
    reads = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or b"")
    take_inventory(project, FactsCache(record))
    assert reads == []


def test_svg_checks_name_what_they_found():
    assert svg.find(files.SVG_CLEAN.encode()) == []
    assert set(svg.find(files.SVG_HOSTILE.encode())) == {svg.SCRIPT, svg.EVENTS, svg.EXTERNAL, svg.METADATA}
    assert svg.find(b'<!DOCTYPE svg [<!ENTITY a "x">]><svg xmlns="http://www.w3.org/2000/svg"/>') == [svg.DOCTYPE]
    assert svg.find(b"<html/>") == [svg.UNREADABLE]
    assert svg.find(b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://x.example/a.css)'
                    b'</style></svg>') == [svg.EXTERNAL]


def test_gif_metadata_and_media_are_recognised_by_their_bytes(tmp_path):
    assert metadata.find(files.plain_gif(tmp_path / "a.gif")) == []
    assert metadata.GPS in metadata.find(files.gif_with_xmp(tmp_path / "b.gif"))
    assert metadata.find(files.mp4_with_location(tmp_path / "c.mp4")) == [metadata.MEDIA]
    assert metadata.find(files.mov_quicktime(tmp_path / "d.bin")) == [metadata.MEDIA]
    assert metadata.sniff(b"ID3\x04\0\0\0\0\0\0\0\0\0\0\0\0") == "media"


def test_a_file_rewritten_in_place_with_its_old_size_and_time_is_read_again(project, tmp_path):
    """GPS written into a photo by a tool that keeps the size and puts the time back: the
    inode, size and mtime match the record, only the ctime says it changed."""
    import os
    import time
    from pioneras.images.cache import Cache
    photo = files.jpeg(project.docs / "photo-reports/2025-05-x/a.jpg")
    record = project.root / ".cache/originals.json"
    take_inventory(project, cache := FactsCache(record))
    cache.save()
    photos = Cache(tmp_path / "photos")
    photos.open()
    first = photos.source_sha(photo, "photo-reports/2025-05-x/a.jpg")
    photos.save(None)
    photos.close()
    before, data = photo.stat(), photo.read_bytes()
    time.sleep(0.05)                    # the kernel's clock for file times is coarse
    with open(photo, "r+b") as f:       # same inode, same size
        f.write(data[::-1])
    os.utime(photo, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = photo.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (before.st_ino, before.st_size, before.st_mtime_ns)
    again = FactsCache(record)
    assert again.of(photo, project.shown(photo)).sha256 != cache.of(photo, project.shown(photo)).sha256
    photos = Cache(tmp_path / "photos")
    photos.open()
    assert photos.source_sha(photo, "photo-reports/2025-05-x/a.jpg") != first
    photos.close()
