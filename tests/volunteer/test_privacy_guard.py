"""The privacy guard: no image with location or camera data, no audio or video, nothing the
build would refuse gets into the public repository (privacy-check, pre-commit, CI)."""
from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

import files
from photo_fixtures import ROOT, exif_bytes, same_quadrants, save_heic, save_jpeg, save_png, shared, upright
from pioneras.content import metadata
from pioneras.content.gate import check_file, take_inventory
from pioneras.project import Project
from pioneras.volunteer import privacy
from volsite import found, make_site, write

REPORT = "docs/photo-reports/2024-05-taller"


def english(labels) -> list[str]:
    return [en for _, en in labels]


def scan(site: Path, *paths: Path):
    return privacy.scan(Project.from_mkdocs_yml(site), list(paths))


def test_the_real_docs_folder_passes_the_guard():
    """CI's guard: a commit that adds a GPS-tagged photo (or anything else the gate refuses)
    under docs/ fails here."""
    leaks = scan(ROOT, ROOT / "docs")
    assert not [p for p in leaks if p.is_error], "\n".join(map(str, leaks))


def test_gps_photo_is_refused_naming_the_file_and_the_command(site, run):
    photo = save_jpeg(site / REPORT / "foto 1.jpg", gps=True, camera=True)
    before = photo.read_bytes()
    code, out = run("privacy-check", "--root", site, site / "docs")
    assert code == 1
    line = next(line for line in out.splitlines() if "foto 1.jpg" in line)
    assert line.startswith(f"{REPORT}/foto 1.jpg: la foto tiene ubicación GPS, datos de cámara (EXIF)")
    assert "the photo has GPS location, camera data (EXIF)" in line
    assert line.count("python3 tasks.py clean") == 2                # the fix, in both languages
    assert "1 archivo(s) que no pueden entrar" in out and "1 file(s) that may not enter" in out
    assert photo.read_bytes() == before                             # the guard only reads


def refused_everywhere(site: Path) -> None:
    files.mp4_with_location(site / "docs/es/video.mp4")                     # audio or video
    files.jpeg(site / "docs/es/foto.jpg")                                   # a photo next to a page
    files.jpeg(site / "docs/Photo-Reports/2024-05-taller/a.jpg")            # not the reports folder


REFUSED = [("docs/Photo-Reports/2024-05-taller/a.jpg", "gate.folder-case"),
           ("docs/es/foto.jpg", "gate.image-outside"),
           ("docs/es/video.mp4", "gate.media")]


def test_the_guard_refuses_what_the_build_refuses_in_its_very_words(site, run, monkeypatch):
    """A video, a photo outside a report, a 'Photo-Reports' folder: the guard says what the
    build's gate says (same code, line and words), whether it scans docs/ or, as pre-commit
    does, only the staged files, named relative to the repository."""
    refused_everywhere(site)
    gate = take_inventory(Project.from_mkdocs_yml(site)).problems
    assert sorted((p.path, p.code) for p in gate) == REFUSED
    build_lines = [str(p) for p in gate]
    assert [str(p) for p in found(site) if p.code.startswith("gate.")] == build_lines      # check says it too
    code, out = run("privacy-check", "--root", site)                    # the whole of docs/
    assert code == 1 and [line for line in out.splitlines() if line.startswith("docs/")] == build_lines
    monkeypatch.chdir(site)
    staged = [path for path, _ in REFUSED]
    code, out = run("privacy-check", *staged)                           # pre-commit's way
    assert code == 1 and [line for line in out.splitlines() if line.startswith("docs/")] == build_lines
    assert [str(p) for p in scan(site, *(Path(s) for s in staged))] == build_lines


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


def test_webp_tiff_and_renamed_files_are_recognised_by_their_bytes(site):
    """Anywhere in the repository, by their bytes: a GPS photo renamed notas.txt included."""
    folder = site / "fotos-viejas"
    folder.mkdir()
    upright().save(folder / "a.webp", "WEBP", exif=exif_bytes(gps=True))
    upright().save(folder / "b.tif", "TIFF", tiffinfo={0x010F: "NIKON"})
    save_jpeg(folder / "really-a-jpeg.txt", gps=True)
    save_jpeg(folder / "no-extension", gps=True)
    said = {p.path: (p.code, p.en) for p in scan(site, folder)}
    assert set(said) == {f"fotos-viejas/{n}" for n in ("a.webp", "b.tif", "really-a-jpeg.txt", "no-extension")}
    assert {code for code, _ in said.values()} == {"privacy.metadata"}
    assert "GPS location" in said["fotos-viejas/a.webp"][1]
    assert "camera data (EXIF)" in said["fotos-viejas/b.tif"][1]
    assert "GPS location" in said["fotos-viejas/really-a-jpeg.txt"][1]
    assert "GPS location" in said["fotos-viejas/no-extension"][1]


def test_text_that_begins_like_audio_or_a_gif_is_still_text(site, run):
    """Only a photo's signature makes a .txt/.md/.yml an image: notes may well begin with
    'ID3' (an MP3's first bytes) or 'GIF89a'."""
    write(site, "notas/musica.txt", "ID3 de la canción del taller\n")
    write(site, "notas/formatos.md", "GIF89a es el formato de las animaciones\n")
    write(site, "notas/lista.yml", "ID3: etiquetas\n")
    write(site, "docs/es/gif.md", "GIF89a es el formato de las animaciones\n")
    assert scan(site, site / "notas", site / "docs/es/gif.md") == []
    assert run("privacy-check", "--root", site, site / "notas") == (0, "")


def test_clean_files_pass(site, run):
    folder = site / "docs/assets"
    folder.mkdir()
    upright().save(folder / "plain.jpg", "JPEG")
    save_jpeg(folder / "turned.jpg", orientation=6)  # layout only: says nothing about anyone
    upright().save(folder / "plain.png", "PNG")
    upright().convert("RGBA").save(folder / "plain.webp", "WEBP")
    (site / "docs/es/notas.md").write_text("# hola\n", encoding="utf-8")
    assert run("privacy-check", "--root", site) == (0, "")
    assert run("privacy-check", "--root", site, folder, site / "docs/es/notas.md") == (0, "")


def test_clean_command_removes_everything_and_keeps_name_and_upright_pixels(site, run):
    folder = site / "docs/assets"
    jpeg = save_jpeg(folder / "a.jpg", upright().transpose(Image.Transpose.ROTATE_90),
                     gps=True, orientation=6, xmp=True, comment=True)  # stored sideways
    png = save_png(folder / "b.png", text=True, gps=True)
    heic = save_heic(folder / "c.heic")
    code, out = run("clean", folder)
    assert code == 0, out
    assert scan(site, folder) == []
    assert sorted(p.name for p in folder.iterdir()) == ["a.jpg", "b.png", "c.jpg"]  # HEIC: no browser shows it
    assert "c.jpg" in out and "report.yml" in out  # says the new name
    with Image.open(jpeg) as im:
        assert im.size == (240, 160) and same_quadrants(im)  # turned upright in the pixels
    assert not heic.exists() and png.exists()


def test_shared_gps_photos_are_all_refused_then_clean(site, run):
    photos = site / REPORT
    shutil.copytree(shared("gps"), photos)
    for p in photos.iterdir():
        p.chmod(0o644)
    code, out = run("privacy-check", "--root", site)
    assert code == 1
    refused = [line for line in out.splitlines() if line.startswith(REPORT)]
    assert len(refused) == len(list(photos.iterdir())) and all("GPS" in line for line in refused)
    assert run("clean", photos)[0] == 0
    assert run("privacy-check", "--root", site) == (0, "")


def test_hostile_files_neither_crash_nor_pass(site, tmp_path):
    for p in scan(site, shared("invalid")):
        assert p.is_error and p.code == "privacy.metadata"
    broken = tmp_path / "cut.jpg"
    broken.write_bytes(save_jpeg(tmp_path / "whole.jpg", gps=True).read_bytes()[:300])
    assert english(metadata.find(broken))  # cut inside the EXIF block: still refused
    (tmp_path / "junk.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\xff" * 40)
    assert "damaged structure (cannot be checked)" in english(metadata.find(tmp_path / "junk.png"))


# --- pre-commit ----------------------------------------------------------------------------------

PHOTO_ENTRY = """date: 2024-05-18
photos:
  - file: foto.jpg
    consent: no-people
    es: {caption: Telas, alt: Telas de colores}
    en: {caption: Fabrics, alt: Colourful fabrics}
"""


class Repo:
    """A volunteer's clone, offline: the project's files, its .venv (the project's own,
    linked), `python` on the PATH being a plain interpreter without the project's packages."""

    def __init__(self, tmp_path: Path):
        if shutil.which("git") is None:
            pytest.skip("git is not installed")
        pytest.importorskip("pre_commit", reason="pre-commit (requirements.lock) is not installed in .venv")
        venv = ROOT / ".venv"
        if not (venv / "pyvenv.cfg").is_file() or Path(sys.prefix).resolve() != venv.resolve():
            pytest.skip("these tests run with the project's .venv (python3 tasks.py test)")
        lock = hashlib.sha256((ROOT / "requirements.lock").read_bytes()
                              + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
        stamp = venv / ".lock-sha256"
        if not stamp.is_file() or stamp.read_text() != lock:
            pytest.skip(".venv is not installed from this requirements.lock yet (python3 tasks.py test does it)")
        self.root = make_site(tmp_path / "repo")
        for name in (".pre-commit-config.yaml", "tasks.py", "requirements.lock", "pyproject.toml"):
            shutil.copy2(ROOT / name, self.root / name)
        shutil.copytree(ROOT / "pioneras", self.root / "pioneras", ignore=shutil.ignore_patterns("__pycache__"))
        (self.root / ".gitignore").write_text(".venv\n.cache/\n", encoding="utf-8")
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir()
        try:
            (self.root / ".venv").symlink_to(venv, target_is_directory=True)
            (bin_dir / "python").symlink_to(sys._base_executable)
        except (OSError, NotImplementedError):
            pytest.skip("symbolic links cannot be made here")
        self.home = tmp_path / "pre-commit-home"
        path = [p for p in os.environ.get("PATH", "").split(os.pathsep)
                if p and Path(p).resolve() != (venv / "bin").resolve()]
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
        self.env.update(PATH=os.pathsep.join([str(bin_dir), *path]), PRE_COMMIT_HOME=str(self.home),
                        PIP_NO_INDEX="1", PIP_INDEX_URL="http://127.0.0.1:9/simple", PIP_DISABLE_PIP_VERSION_CHECK="1",
                        GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
                        GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
        self.git("init", "-q")
        self.git("add", ".")
        assert self.git("commit", "-qm", "site").returncode == 0
        installed = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=self.root, env=self.env,
                                   capture_output=True, text=True, timeout=120)
        assert installed.returncode == 0, installed.stdout + installed.stderr

    def git(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", *args], cwd=self.root, env=self.env, capture_output=True, text=True,
                              timeout=600)

    def commit(self, *paths: str) -> subprocess.CompletedProcess:
        self.git("add", *paths)
        return self.git("commit", "-m", "change")

    def python(self, *args: str) -> subprocess.CompletedProcess:
        """`python ...` as the volunteer types it (the PATH's `python`, not the .venv's)."""
        return subprocess.run(["python", *args], cwd=self.root, env=self.env, capture_output=True,
                              text=True, timeout=600)

    def built_no_environment(self) -> bool:
        # pre-commit keeps a folder per repository whose environment it builds (repo*);
        # `repo: local` + `language: system` needs none.
        return not [p.name for p in self.home.iterdir() if p.is_dir()] if self.home.is_dir() else True


@pytest.fixture
def repo(tmp_path) -> Repo:
    return Repo(tmp_path)


def test_pre_commit_refuses_a_gps_photo_offline_and_accepts_it_cleaned(repo):
    write(repo.root, f"{REPORT}/report.yml", PHOTO_ENTRY)
    photo = save_jpeg(repo.root / REPORT / "foto.jpg", gps=True)
    [gps] = check_file(Project.from_mkdocs_yml(repo.root), photo)       # what the build's gate says
    assert (gps.code, gps.path) == ("privacy.metadata", f"{REPORT}/foto.jpg") and "GPS" in gps.en
    for lang in ("es", "en"):
        write(repo.root, f"docs/{lang}/informes-fotograficos/2024-05-taller.md",
              "---\ntitle: Taller\nreport: 2024-05-taller\n---\n\n# Taller\n")
    refused = repo.commit("docs")
    out = refused.stdout + refused.stderr
    assert refused.returncode != 0, out
    assert str(gps) in out, out
    assert "python3 tasks.py clean" in out
    assert "Traceback" not in out and "pip" not in out.lower()
    assert repo.git("log", "--oneline").stdout.count("\n") == 1          # nothing was committed
    assert repo.built_no_environment()

    cleaned = repo.python("tasks.py", "clean", f"{REPORT}/foto.jpg")
    assert cleaned.returncode == 0, cleaned.stdout + cleaned.stderr
    accepted = repo.commit("docs")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert repo.git("log", "--oneline").stdout.count("\n") == 2
    assert repo.built_no_environment()


def test_pre_commit_runs_the_content_check_on_content_only(repo):
    write(repo.root, "docs/es/taller.md", "---\ntitel: Taller\n---\n\n# Taller\n")
    write(repo.root, "docs/en/taller.md", "---\ntitle: Workshop\n---\n\n# Workshop\n")
    refused = repo.commit("docs")
    out = refused.stdout + refused.stderr
    assert refused.returncode != 0, out
    assert "docs/es/taller.md:2: campo desconocido «titel»" in out and "did you mean 'title'?" in out
    write(repo.root, "docs/es/taller.md", "---\ntitle: Taller\n---\n\n# Taller\n")
    accepted = repo.commit("docs")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    # A change outside docs/, data/ and archetypes/ does not run the content check.
    write(repo.root, "notas.md", "# Notas\n")
    other = repo.commit("notas.md")
    assert other.returncode == 0, other.stdout + other.stderr
    assert "Skipped" in other.stdout + other.stderr
    assert repo.built_no_environment()
