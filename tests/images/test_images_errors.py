"""Bad input: one plain bilingual message per problem, naming the file, all in one run;
no traceback; originals never modified, moved or deleted."""
from __future__ import annotations

import io
import os

import pytest
from PIL import Image

from pioneras.images import Settings

from .helpers import FAST, entry, jpeg_bytes, make_report, sha256, upright


def _truncated() -> bytes:
    data = jpeg_bytes(upright((600, 400)), quality=95)
    return data[: len(data) // 2]


def _bmp() -> bytes:
    buf = io.BytesIO()
    upright((40, 30)).save(buf, "BMP")
    return buf.getvalue()


def _bomb() -> bytes:
    """121 megapixels of nothing, a few kB on disk: a decompression bomb."""
    buf = io.BytesIO()
    Image.new("1", (11000, 11000)).save(buf, "PNG")
    return buf.getvalue()


BAD_FILES = {
    "vacia.jpg": (b"", "0 bytes"),
    "truncada.jpg": (_truncated(), "incompleto"),
    "nota.jpg": ("Hola, esta es la foto\n".encode(), "texto"),
    "pagina.jpg": (b"<!DOCTYPE html><html><body>Not Found</body></html>", "texto"),
    "dibujo.bmp": (_bmp(), "BMP"),
    "documento.jpg": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n" + bytes(range(256)) * 4, "PDF"),
    "bomba.png": (_bomb(), "megap"),
    "crudo.dng": (jpeg_bytes(upright()), "RAW"),
}


@pytest.fixture
def bad_project(project):
    good = upright((400, 300))
    photos = {"buena.jpg": good, **{name: data for name, (data, _) in BAD_FILES.items()}}
    entries = [entry(name) for name in photos]
    entries.append(entry("falta.jpg"))  # listed, missing
    entries.append(entry("Buena2.JPG"))  # listed with the wrong case
    entries.append("  - file: sin-consentimiento.jpg\n    es: {caption: c, alt: a}\n    en: {caption: c, alt: a}")
    entries.append("  - file: sin-alt.jpg\n    consent: given\n    es: {caption: c, alt: a}\n    en: {caption: c}")
    entries.append("  - file: sin-texto-es.jpg\n    consent: given\n    es: {caption: '', alt: a}\n    en: {caption: c, alt: a}")
    folder = make_report(project.docs, "2025-05-malo", photos, entries="\n".join(entries))
    for name in ("sin-consentimiento.jpg", "sin-alt.jpg", "sin-texto-es.jpg", "no-listada.jpg", "buena2.jpg"):
        (folder / name).write_bytes(jpeg_bytes(good))
    project.bad_folder = folder
    return project


def test_every_problem_is_one_plain_message_naming_the_file(bad_project):
    folder = bad_project.bad_folder
    before = {p.name: (sha256(p), p.stat().st_mtime_ns) for p in folder.iterdir()}

    pipeline, summary = bad_project.build()
    messages = [str(p) for p in summary.problems]

    for name, (_, word) in BAD_FILES.items():
        mine = [m for m in messages if f"2025-05-malo/{name}:" in m]
        assert len(mine) == 1, (name, mine)
        assert word.lower() in mine[0].lower(), mine[0]
    expectations = {
        "falta.jpg": "no está en la carpeta",
        "Buena2.JPG": "¿Quiso decir «buena2.jpg»?",
        "no-listada.jpg": "no en report.yml",
        "sin-consentimiento.jpg": "consent",
        "sin-alt.jpg": "en.alt",
        "sin-texto-es.jpg": "es.caption",
    }
    for name, text in expectations.items():
        mine = [m for m in messages if name in m]
        assert len(mine) == 1, (name, mine)
        assert text in mine[0], mine[0]
    for m in messages:
        assert " / " in m  # Spanish / English
        assert "Traceback" not in m and "Error:" not in m
    assert len(messages) == len(BAD_FILES) + len(expectations)

    # the good photo is still published, the bad ones are not
    assert [e.photo.file for e, _ in pipeline.gallery("2025-05-malo")] == ["buena.jpg"]
    # originals untouched: same bytes, same mtime, nothing added or removed
    after = {p.name: (sha256(p), p.stat().st_mtime_ns) for p in folder.iterdir()}
    assert after == before


def test_a_bad_file_in_the_pool_is_still_one_message(bad_project):
    _, summary = bad_project.build(workers=2)
    assert len([p for p in summary.problems if p.path.endswith("truncada.jpg")]) == 1


def test_pixel_limit_is_a_setting(project):
    make_report(project.docs, "2025-05-grande", {"grande.jpg": upright((1200, 1000))})
    small_limit = Settings(**{k: getattr(FAST, k) for k in ("avif", "webp", "jpeg")}, max_pixels=1_000_000)
    _, summary = project.build(small_limit)
    assert [p.path.rsplit("/", 1)[1] for p in summary.problems] == ["grande.jpg"]
    assert "1 megapíxeles" in summary.problems[0].es or "(1 megap" in summary.problems[0].es


def test_no_report_folder_is_fine(project):
    _, summary = project.build()
    assert summary.problems == [] and summary.photos == 0
    assert os.listdir(project.site / "photos") == ["gallery.js"]
