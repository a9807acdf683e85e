"""The reports reader: each entry on its own, and consent that follows the photo's bytes."""
from __future__ import annotations

import hashlib
import shutil
import textwrap
from pathlib import Path

import pytest

import files
from pioneras.__main__ import main
from pioneras.content import read_content
from pioneras.content.facts import FactsCache
from pioneras.content.gate import take_inventory
from pioneras.content.reports import read_reports
from pioneras.project import Project

CONTEXT = {"languages": ("es", "en")}


def entry(name: str, consent: str = "given", extra: str = "") -> str:
    return textwrap.dedent(f"""\
        - file: {name}
          consent: {consent}
          es: {{caption: Pie {name}, alt: Alt {name}}}
          en: {{caption: Caption {name}, alt: Alt {name}}}
        """) + extra


def report(root: Path, slug: str, photos: dict[str, str], entries: str | None = None) -> Path:
    folder = root / "docs/photo-reports" / slug
    folder.mkdir(parents=True, exist_ok=True)
    for name, consent in photos.items():
        if not (folder / name).exists():
            files.jpeg(folder / name)
    body = entries if entries is not None else "".join(entry(n, c) for n, c in photos.items())
    (folder / "report.yml").write_text(f"date: {slug[:7]}-10\nphotos:\n" + textwrap.indent(body, "  "),
                                       encoding="utf-8")
    return folder


def read(root: Path):
    project = Project(root, root / "docs", ("es", "en"))
    (root / "docs").mkdir(exist_ok=True)
    inventory = take_inventory(project)
    return read_reports(project, inventory.reports, FactsCache(None), CONTEXT)


def test_a_good_report(tmp_path):
    report(tmp_path, "2025-05-feria", {"a.jpg": "given", "b.jpg": "no-people"})
    r = read(tmp_path)["2025-05-feria"]
    assert r.problems == [] and [p.file for p in r.photos] == ["a.jpg", "b.jpg"]
    assert r.photos[0].sha256 == hashlib.sha256((r.folder / "a.jpg").read_bytes()).hexdigest()
    assert r.photos[0].photo.text("en").alt == "Alt a.jpg"


def test_a_copy_of_a_withdrawn_photo_in_another_report_is_withheld_naming_the_original(tmp_path):
    first = report(tmp_path, "2025-05-feria", {"rosa.jpg": "withdrawn"})
    second = tmp_path / "docs/photo-reports/2025-06-taller"
    second.mkdir(parents=True)
    shutil.copy(first / "rosa.jpg", second / "otra-foto.jpg")           # same bytes, another name
    report(tmp_path, "2025-06-taller", {"otra-foto.jpg": "given"})
    reports = read(tmp_path)
    assert reports["2025-06-taller"].photos == []
    notice = next(p for p in reports["2025-06-taller"].problems if p.code == "consent.withdrawn-elsewhere")
    assert not notice.is_error and "docs/photo-reports/2025-05-feria/rosa.jpg" in str(notice)
    assert notice.path == "docs/photo-reports/2025-06-taller/report.yml" and notice.line == 3


def test_the_block_outlives_the_deleted_file_through_its_hash(tmp_path):
    first = report(tmp_path, "2025-05-feria", {"rosa.jpg": "withdrawn"})
    sha = hashlib.sha256((first / "rosa.jpg").read_bytes()).hexdigest()
    second = tmp_path / "docs/photo-reports/2025-06-taller"
    second.mkdir(parents=True)
    shutil.copy(first / "rosa.jpg", second / "copia.jpg")
    (first / "rosa.jpg").unlink()
    report(tmp_path, "2025-05-feria", {}, entries=entry("rosa.jpg", "withdrawn", f"  sha256: {sha}\n"))
    report(tmp_path, "2025-06-taller", {"copia.jpg": "given"})
    reports = read(tmp_path)
    assert reports["2025-06-taller"].photos == []
    assert not any(p.is_error for p in reports["2025-05-feria"].problems)   # deleting it was right


@pytest.mark.parametrize("entries, present, code, line", [
    (entry("a.jpg") + entry("a.jpg"), ["a.jpg"], "reports.listed-twice", 7),
    (entry("A.JPG"), ["a.jpg"], "reports.missing-close", 3),
    (entry("a.jpg"), ["a.jpg", "b.jpg"], "reports.not-listed", 2),
    ("- file: a.jpg\n  es: {caption: x, alt: y}\n  en: {caption: x, alt: y}\n", ["a.jpg"], "schema.consent", 3),
    ("- file: a.jpg\n  consent: yes\n  es: {caption: x, alt: y}\n  en: {caption: x, alt: y}\n", ["a.jpg"],
     "schema.consent", 4),
    ("- file: a.jpg\n  consent: dada\n  es: {caption: x, alt: y}\n  en: {caption: x, alt: y}\n", ["a.jpg"],
     "schema.consent-value", 4),
    ("- file: a.jpg\n  consent: given\n  es: {caption: x, alt: ''}\n  en: {caption: x, alt: y}\n", ["a.jpg"],
     "schema.photo-alt", 5),
    ("- file: a.jpg\n  consent: given\n  es: {caption: x, alt: y}\n", ["a.jpg"], "schema.missing-language", 3),
    ("- file: ../a.jpg\n  consent: given\n  es: {caption: x, alt: y}\n  en: {caption: x, alt: y}\n", [],
     "schema.file-name-only", 3),
])
def test_entry_mistakes_are_named_at_their_line(tmp_path, entries, present, code, line):
    folder = tmp_path / "docs/photo-reports/2025-05-feria"
    for name in present:
        files.jpeg(folder / name)
    report(tmp_path, "2025-05-feria", {}, entries=entries)
    found = read(tmp_path)["2025-05-feria"].problems
    assert (code, line) in [(p.code, p.line) for p in found], found


def test_a_withdrawn_photos_empty_texts_do_not_matter(tmp_path):
    report(tmp_path, "2025-05-feria", {"a.jpg": "given"},
           entries=entry("a.jpg") + "- file: b.jpg\n  consent: withdrawn\n  es: {caption: '', alt: ''}\n")
    assert not any(p.is_error for p in read(tmp_path)["2025-05-feria"].problems)


def test_withdraw_command_blocks_the_photo_and_its_copies_for_good(tmp_path, capsys):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - i18n:\n      languages:\n"
                                         "        - {locale: es, default: true}\n        - {locale: en}\n")
    first = report(tmp_path, "2025-05-feria", {"rosa.jpg": "given", "otra.jpg": "given"})
    second = tmp_path / "docs/photo-reports/2025-06-taller"
    second.mkdir(parents=True)
    shutil.copy(first / "rosa.jpg", second / "copia.jpg")
    report(tmp_path, "2025-06-taller", {"copia.jpg": "given"})
    (first / "report.yml").write_text("# comentario que se conserva\n" + (first / "report.yml").read_text())
    assert main(["withdraw", "--root", str(tmp_path), "docs/photo-reports/2025-05-feria/rosa.jpg"]) == 0
    out = capsys.readouterr().out
    assert not (first / "rosa.jpg").exists() and (first / "otra.jpg").exists()
    text = (first / "report.yml").read_text(encoding="utf-8")
    assert text.startswith("# comentario que se conserva\n") and "consent: withdrawn" in text and "sha256: " in text
    assert "docs/photo-reports/2025-06-taller/copia.jpg" in out
    content = read_content(Project.from_mkdocs_yml(tmp_path), examples=True)
    assert [p.file for r in content.reports.values() for p in r.photos] == ["otra.jpg"]


@pytest.mark.parametrize("yml, code, line", [
    ("date: 2025-13-01\nphotos: []\n", "schema.date", 1),
    ("date: 2025-05-01\nphotos:\n  - file: a.jpg\n   consent: given\n", "yaml.syntax", 4),
    ("- just\n- a list\n", "reports.not-a-mapping", 1),
    ("date: 2025-05-01\ncover: nada.jpg\nphotos: []\n", "reports.cover-not-listed", 2),
    ("date: 2025-05-01\nphotos: []\nunknown: 1\n", "schema.unknown-field", 3),
    ("date: 2025-04-30\nphotos: []\n", "reports.date-month", 1),
])
def test_report_yml_mistakes(tmp_path, yml, code, line):
    folder = tmp_path / "docs/photo-reports/2025-05-yml"
    folder.mkdir(parents=True)
    (folder / "report.yml").write_text(yml, encoding="utf-8")
    found = read(tmp_path)["2025-05-yml"].problems
    assert [(p.code, p.line) for p in found] == [(code, line)]


def test_folder_mistakes_and_missing_pages(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - i18n:\n      languages:\n"
                                         "        - {locale: es, default: true}\n        - {locale: en}\n")
    files.jpeg(tmp_path / "docs/photo-reports/Fotos de Mayo/a.jpg")
    files.jpeg(tmp_path / "docs/photo-reports/2025-05-sin-lista/a.jpg")
    report(tmp_path, "2025-05-sin-ingles", {"a.jpg": "given"})
    (tmp_path / "docs/es/informes-fotograficos").mkdir(parents=True)
    (tmp_path / "docs/es/informes-fotograficos/2025-05-sin-ingles.md").write_text(
        "---\ntitle: x\nreport: 2025-05-sin-ingles\n---\n# x\n", encoding="utf-8")
    content = read_content(Project.from_mkdocs_yml(tmp_path), examples=True)
    codes = {(p.path, p.code, p.level) for p in content.problems}
    assert ("docs/photo-reports/Fotos de Mayo", "reports.folder-name", "error") in codes
    assert ("docs/photo-reports/2025-05-sin-lista", "reports.no-report-yml", "error") in codes
    assert ("docs/photo-reports/2025-05-sin-ingles/report.yml", "reports.no-page", "notice") in codes
    assert not any(p.is_error and "sin-ingles" in p.path for p in content.problems)


def test_a_listed_file_the_gate_refused_is_said_once_by_the_gate(tmp_path):
    folder = report(tmp_path, "2025-05-feria", {"a.jpg": "given"},
                    entries=entry("a.jpg") + entry("dibujo.bmp"))
    (folder / "dibujo.bmp").write_bytes(b"BM" + b"\0" * 64)
    project = Project(tmp_path, tmp_path / "docs", ("es", "en"))
    inventory = take_inventory(project)
    reports = read_reports(project, inventory.reports, FactsCache(None), CONTEXT)
    found = [(p.path, p.code) for p in [*inventory.problems, *reports["2025-05-feria"].problems]]
    assert found == [("docs/photo-reports/2025-05-feria/dibujo.bmp", "gate.report-file")]
