"""The page reader: any editor's file, one front matter reader, the schema by the page's place."""
from __future__ import annotations

import pytest

from pioneras.content.pages import decode, read_page
from pioneras.content.schema import FrontMatter, StoryMeta
from pioneras.project import Project

CONTEXT = {"languages": ("es", "en")}
PAGE = "---\ntitle: Taller de costura\ndescription: Un taller.\n---\n\n# Taller\n\nTexto.\n"


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(tmp_path, tmp_path / "docs", ("es", "en"))


def read(project, rel: str, data: bytes):
    path = project.docs / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return read_page(project, rel, path, CONTEXT)


@pytest.mark.parametrize("data", [
    PAGE.encode(), b"\xef\xbb\xbf" + PAGE.encode(), PAGE.replace("\n", "\r\n").encode(),
    b"\xef\xbb\xbf" + PAGE.replace("\n", "\r\n").encode(), PAGE.replace("\n", "\r").encode(),
], ids=["lf", "bom", "crlf", "bom-crlf", "old-mac-cr"])
def test_every_windows_and_mac_variant_reads_the_same(project, data):
    page = read(project, "es/taller.md", data)
    assert page.problems == []
    assert page.meta == {"title": "Taller de costura", "description": "Un taller."}
    assert page.body == "# Taller\n\nTexto.\n" and page.body_line == 6
    assert page.text_for_mkdocs == "\n# Taller\n\nTexto.\n"
    assert isinstance(page.front, FrontMatter) and page.front.title == "Taller de costura"


def test_latin1_is_one_plain_problem_at_the_line_of_the_first_bad_byte(project):
    page = read(project, "es/taller.md", PAGE.replace("Un taller", "Un taller de niñas").encode("latin-1"))
    assert [(p.code, p.line) for p in page.problems] == [("file.not-utf8", 3)]
    assert "UTF-8" in page.problems[0].es and "UTF-8" in page.problems[0].en
    assert page.meta["title"] == "Taller de costura"         # the build still has a page to show


@pytest.mark.parametrize("data, code, line", [
    (b"\xff\xfe" + PAGE.encode("utf-16-le"), "file.not-utf8", 1),
    (b"\x89PNG\r\n\x1a\n\0\0\0", "file.binary", 0),
    (b"---\ntitle: Abierto\n\n# Sin cierre\n", "pages.front-matter-open", 1),
    (b"---\n- a\n- b\n---\n# Lista\n", "pages.front-matter-not-mapping", 2),
    (b"---\ntitel: Hola\n---\n# Hola\n", "schema.unknown-field-close", 2),
    (b"---\ntitle: ''\n---\n# x\n", "schema.empty", 2),
    (b"---\nhide: [tabla]\n---\n# x\n", "schema.choice", 2),
    (b"---\nreport: ../../data\n---\n# x\n", "schema.report-slug", 2),
    (b"---\nhero: una-foto.jpg\n---\n# x\n", "schema.photo-reference", 2),
], ids=["utf16", "binary", "open", "list", "typo", "empty-title", "hide-value", "report-path", "hero"])
def test_mistakes_are_problems_at_their_line(project, data, code, line):
    page = read(project, "es/taller.md", data)
    assert [(p.code, p.line) for p in page.problems] == [(code, line)]


STORY = "---\ntitle: Una historia\ndate: 2025-05-20\nsummary: Resumen.\ncategories: [historia]\ncover: 2025-05-x/a.jpg\n---\n\nTexto.\n"


def test_a_story_is_read_with_the_story_schema(project):
    page = read(project, "es/historias/una-historia.md", STORY.encode())
    assert page.is_story and isinstance(page.front, StoryMeta) and page.problems == []
    index = read(project, "es/historias/index.md", b"---\ntitle: Historias\n---\n# Historias\n")
    assert not index.is_story and not isinstance(index.front, StoryMeta)


@pytest.mark.parametrize("old, new, code, line", [
    ("date: 2025-05-20", "date: 2025-05-20 10:30", "schema.date-with-time", 3),
    ("date: 2025-05-20", "date: 2062-01-01", "schema.date-future", 3),
    ("date: 2025-05-20", "date: 2025-13-45", "schema.date", 3),
    ("summary: Resumen.\n", "", "schema.missing", 2),
    ("categories: [historia]", "categories: []", "schema.empty-list", 5),
    ("cover: 2025-05-x/a.jpg", "cover: a.jpg", "schema.photo-reference", 6),
    ("---\n\n", "authors: [Rosa Quispe]\n---\n\n", "schema.author-name", 7),
])
def test_story_mistakes(project, old, new, code, line):
    page = read(project, "es/historias/una-historia.md", STORY.replace(old, new).encode())
    assert [(p.code, p.line) for p in page.problems] == [(code, line)]


def test_decode_never_raises():
    assert decode(b"\xc3\x28 invalid", "x.md")[1][0].code == "file.not-utf8"
    assert decode(b"", "x.md") == ("", [])


def test_the_preview_reads_again_only_the_pages_that_changed(project):
    import datetime as dt
    import os

    from pioneras.content.pages import read_pages
    paths = {}
    for name in ("a", "b"):
        paths[f"es/{name}.md"] = project.docs / "es" / f"{name}.md"
        read(project, f"es/{name}.md", PAGE.replace("Taller de costura", name).encode())
    kept: dict = {}
    today = {**CONTEXT, "today": dt.date(2026, 12, 7)}
    first = read_pages(project, paths, today, kept)
    again = read_pages(project, paths, today, kept)
    assert all(again[src] is first[src] for src in paths)
    read(project, "es/b.md", PAGE.replace("title: Taller de costura\n", "titel: b\n").encode())
    os.utime(paths["es/b.md"], ns=(1, 1))       # whatever the clock says: a new mtime
    edited = read_pages(project, paths, today, kept)
    assert edited["es/a.md"] is first["es/a.md"] and edited["es/b.md"] is not first["es/b.md"]
    assert [p.code for p in edited["es/b.md"].problems] and not first["es/b.md"].problems
    tomorrow = read_pages(project, paths, {**CONTEXT, "today": dt.date(2026, 12, 8)}, kept)
    assert tomorrow["es/a.md"] is not first["es/a.md"]          # dates are checked against today
    del paths["es/b.md"]
    read_pages(project, paths, today, kept)
    assert set(kept) == {"es/a.md"}
