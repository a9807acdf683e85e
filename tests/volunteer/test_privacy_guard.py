"""The privacy guard: no image with location or camera metadata gets into docs/."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from photo_fixtures import ROOT, exif_bytes, same_quadrants, save_heic, save_jpeg, save_png, shared, upright
from pioneras.volunteer import metadata, privacy


def english(labels) -> list[str]:
    return [en for _, en in labels]


def test_the_real_docs_folder_has_no_photo_metadata():
    """CI's guard: a commit that adds a GPS-tagged photo under docs/ fails here."""
    leaks = privacy.scan([ROOT / "docs"])
    assert not leaks, "\n".join(f"{p}: {privacy.leak_text(str(p), labels)}" for p, labels in leaks)


def test_gps_photo_is_refused_naming_the_file_and_the_command(site, run):
    photo = save_jpeg(site / "docs/photo-reports/2024-05-taller/foto 1.jpg", gps=True, camera=True)
    code, out = run("privacy-check", "--root", site, site / "docs")
    assert code == 1
    line = next(l for l in out.splitlines() if "foto 1.jpg" in l)
    assert line.startswith("docs/photo-reports/2024-05-taller/foto 1.jpg: tiene ubicación GPS")
    assert 'python -m pioneras clean "docs/photo-reports/2024-05-taller/foto 1.jpg"' in line
    assert photo.exists()  # the guard only reads


@pytest.mark.parametrize("make, expected", [
    (lambda p: save_jpeg(p / "gps.jpg", gps=True), "GPS location"),
    (lambda p: save_jpeg(p / "camera.jpg", camera=True), "camera data (EXIF)"),
    (lambda p: save_jpeg(p / "orientation-camera.jpg", orientation=6, camera=True), "camera data (EXIF)"),
    (lambda p: save_jpeg(p / "xmp.jpg", xmp=True), "XMP data"),
    (lambda p: save_jpeg(p / "xmp-gps.jpg", xmp=True), "GPS location"),
    (lambda p: save_jpeg(p / "comment.jpg", comment=True), "comment"),
    (lambda p: save_png(p / "exif.png", gps=True), "GPS location"),
    (lambda p: save_png(p / "text.png", text=True), "embedded text"),
    (lambda p: save_heic(p / "phone.heic"), "GPS location"),
], ids=["jpeg-gps", "jpeg-camera", "jpeg-orientation-camera", "jpeg-xmp", "jpeg-xmp-gps", "jpeg-comment",
        "png-exif", "png-text", "heic-gps"])
def test_metadata_is_found(tmp_path, make, expected):
    assert expected in english(metadata.find(make(tmp_path)))


def test_exif_thumbnail_is_refused_even_without_camera_tags():
    """A thumbnail (IFD1) can show the photo as it was before cropping."""
    block = bytearray(exif_bytes(orientation=6))  # b"Exif\0\0" + a TIFF structure
    tiff = 6
    order = "little" if block[tiff:tiff + 2] == b"II" else "big"
    count = int.from_bytes(block[tiff + 8:tiff + 10], order)
    next_ifd = tiff + 10 + 12 * count
    block[next_ifd:next_ifd + 4] = (8).to_bytes(4, order)  # "IFD1 follows"
    out = io.BytesIO()
    upright().save(out, "JPEG")
    jpeg = out.getvalue()
    with_thumbnail = jpeg[:2] + b"\xff\xe1" + (len(block) + 2).to_bytes(2, "big") + bytes(block) + jpeg[2:]
    assert english(metadata.find_in_bytes(with_thumbnail)) == ["camera data (EXIF)"]


def test_webp_tiff_and_renamed_files_are_recognised_by_their_bytes(tmp_path):
    upright().save(tmp_path / "a.webp", "WEBP", exif=exif_bytes(gps=True))
    upright().save(tmp_path / "b.tif", "TIFF", tiffinfo={0x010F: "NIKON"})
    save_jpeg(tmp_path / "really-a-jpeg.txt", gps=True)
    found = {p.name: english(labels) for p, labels in privacy.scan([tmp_path])}
    assert "GPS location" in found["a.webp"]
    assert "camera data (EXIF)" in found["b.tif"]
    assert "GPS location" in found["really-a-jpeg.txt"]


def test_clean_files_pass(tmp_path, run):
    upright().save(tmp_path / "plain.jpg", "JPEG")
    save_jpeg(tmp_path / "turned.jpg", orientation=6)  # layout only: says nothing about anyone
    upright().save(tmp_path / "plain.png", "PNG")
    upright().convert("RGBA").save(tmp_path / "plain.webp", "WEBP")
    (tmp_path / "notes.md").write_text("# hola\n", encoding="utf-8")
    code, out = run("privacy-check", tmp_path)
    assert (code, out) == (0, "")


def test_clean_command_removes_everything_and_keeps_name_and_upright_pixels(site, run):
    folder = site / "docs/assets"
    jpeg = save_jpeg(folder / "a.jpg", upright().transpose(Image.Transpose.ROTATE_90),
                     gps=True, orientation=6, xmp=True, comment=True)  # stored sideways
    png = save_png(folder / "b.png", text=True, gps=True)
    heic = save_heic(folder / "c.heic")
    code, out = run("clean", folder)
    assert code == 0, out
    assert privacy.scan([folder]) == []
    assert sorted(p.name for p in folder.iterdir()) == ["a.jpg", "b.png", "c.jpg"]  # HEIC: no browser shows it
    assert "c.jpg" in out and "report.yml" in out  # says the new name
    with Image.open(jpeg) as im:
        assert im.size == (240, 160) and same_quadrants(im)  # turned upright in the pixels
    assert not heic.exists() and png.exists()


def test_shared_gps_photos_are_all_refused_then_clean(tmp_path, run):
    photos = tmp_path / "docs"
    shutil.copytree(shared("gps"), photos)
    for p in photos.iterdir():
        p.chmod(0o644)
    code, out = run("privacy-check", photos)
    assert code == 1
    assert out.count("GPS") >= len(list(photos.iterdir()))
    assert run("clean", photos)[0] == 0
    assert run("privacy-check", photos) == (0, "")


def test_hostile_files_neither_crash_nor_pass(tmp_path):
    folder = shared("invalid")
    for path, labels in privacy.scan([folder]):
        assert labels
    broken = tmp_path / "cut.jpg"
    broken.write_bytes(save_jpeg(tmp_path / "whole.jpg", gps=True).read_bytes()[:300])
    assert english(metadata.find(broken))  # cut inside the EXIF block: still refused
    (tmp_path / "junk.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\xff" * 40)
    assert "damaged structure (cannot be checked)" in english(metadata.find(tmp_path / "junk.png"))


def test_guard_needs_only_the_standard_library(site, tmp_path):
    """The pre-commit hook may run with a Python that has none of the project's packages."""
    save_jpeg(site / "docs/x.jpg", gps=True)
    code = ("import sys\n"
            "for name in ('PIL', 'yaml', 'pydantic', 'pillow_heif', 'mkdocs'): sys.modules[name] = None\n"
            "from pioneras.__main__ import main\n"
            "sys.exit(main(['privacy-check', 'docs']))\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=site, capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert "docs/x.jpg: tiene ubicación GPS" in proc.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pre_commit_hook_refuses_the_commit_offline(tmp_path):
    """`repo: local` + `language: system`: nothing is fetched; the hook blocks a GPS photo."""
    pytest.importorskip("pre_commit")
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(ROOT / ".pre-commit-config.yaml", repo)
    shutil.copytree(ROOT / "pioneras", repo / "pioneras", ignore=shutil.ignore_patterns("__pycache__"))
    (repo / "mkdocs.yml").write_text("site_name: prueba\n", encoding="utf-8")
    save_jpeg(repo / "docs/photo-reports/2024-05-x/foto.jpg", gps=True)
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"), PIP_NO_INDEX="1",
               PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")

    def git(*args):
        return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=120)

    git("init", "-q")
    git("add", ".pre-commit-config.yaml", "mkdocs.yml", "docs")
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "run", "privacy-check"], cwd=repo,
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "docs/photo-reports/2024-05-x/foto.jpg: tiene ubicación GPS" in proc.stdout
    assert "python -m pioneras clean" in proc.stdout
