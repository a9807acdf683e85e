"""Bad input: one plain bilingual message per problem, naming the file, all in one run;
no traceback; originals never modified, moved or deleted.

The pipeline speaks about a photo's bytes; mistakes in report.yml (a listed file missing,
no consent, an empty alt text) are the report reader's (pioneras.content.reports, tested
in tests/content), which the pipeline uses too: between them each mistake is said once."""
from __future__ import annotations

import io
import os

import pytest
from PIL import Image

from pioneras.content.reports import read_standalone
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


# name: (bytes, the catalogue entry, a word of its message).  A file named .bmp never reaches
# the pipeline (the publish gate refuses it: tests/content/test_gate.py); a BMP saved under a
# photo's name does, and is refused by what it is.
BAD_FILES = {
    "vacia.jpg": (b"", "photo.empty", "0 bytes"),
    "truncada.jpg": (_truncated(), "photo.corrupt", "incompleto"),
    "nota.jpg": ("Hola, esta es la foto\n".encode(), "photo.text-file", "texto"),
    "pagina.jpg": (b"<!DOCTYPE html><html><body>Not Found</body></html>", "photo.text-file", "texto"),
    "dibujo.png": (_bmp(), "photo.unsupported", "BMP"),
    "documento.jpg": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n" + bytes(range(256)) * 4, "photo.unsupported", "PDF"),
    "bomba.png": (_bomb(), "photo.too-large", "megap"),
    "crudo.dng": (jpeg_bytes(upright()), "photo.unsupported", "RAW"),
}
# report.yml's mistakes: the reader's catalogue entry and a word of its message.
REPORT_MISTAKES = {
    "falta.jpg": ("reports.missing", "no está en la carpeta"),
    "Buena2.JPG": ("reports.missing-close", "¿quiso decir «buena2.jpg»?"),
    "no-listada.jpg": ("reports.not-listed", "no en photos"),
    "sin-consentimiento.jpg": ("schema.consent", "consent"),
    "sin-alt.jpg": ("schema.photo-alt", "en.alt"),
    "sin-texto-es.jpg": ("schema.photo-caption", "es.caption"),
}


@pytest.fixture
def bad_project(project):
    good = upright((400, 300))
    photos = {"buena.jpg": good, **{name: data for name, (data, _, _) in BAD_FILES.items()}}
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
    # what the build reports about this folder: the reader's problems and the pipeline's
    [report] = read_standalone(bad_project.root, bad_project.docs).values()
    found = [*report.problems, *summary.problems]

    for name, (_, code, word) in BAD_FILES.items():
        mine = [p for p in found if p.path == f"docs/photo-reports/2025-05-malo/{name}"]
        assert [p.code for p in mine] == [code], (name, mine)
        assert mine[0] in summary.problems and word.lower() in str(mine[0]).lower(), mine[0]
    for name, (code, word) in REPORT_MISTAKES.items():
        mine = [p for p in found if name in str(p)]
        assert [p.code for p in mine] == [code], (name, mine)
        assert mine[0].path == "docs/photo-reports/2025-05-malo/report.yml" and mine[0].line > 1
        assert word in str(mine[0]), mine[0]
    for p in found:
        assert p.is_error and " / " in str(p)  # Spanish / English
        assert "Traceback" not in str(p) and "Error:" not in str(p)
    assert len(found) == len(BAD_FILES) + len(REPORT_MISTAKES)

    # the good photo is still published, the bad ones are not
    assert [e.photo.file for e, _ in pipeline.gallery("2025-05-malo")] == ["buena.jpg"]
    assert summary.photos == 1
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
    assert [(p.path.rsplit("/", 1)[1], p.code) for p in summary.problems] == [("grande.jpg", "photo.too-large")]
    assert "(1 megapíxeles; el máximo es 1)" in summary.problems[0].es, summary.problems[0]


def test_no_report_folder_is_fine(project):
    _, summary = project.build()
    assert summary.problems == [] and summary.photos == 0
    assert os.listdir(project.site / "photos") == ["gallery.js"]
