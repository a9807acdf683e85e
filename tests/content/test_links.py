"""Links, anchors and images of pages, checked as MkDocs would, said with a line number."""
from __future__ import annotations

import pytest

from pioneras.content.links import LinkChecker, anchors, links, visible
from pioneras.content.pages import PageSource


def page(src: str, body: str) -> PageSource:
    return PageSource(src, src.split("/")[0], None, f"docs/{src}", body=body, body_line=5)


PAGES = {
    "es/index.md": page("es/index.md", "# Inicio\n\n## ¿Quiénes somos?\n\n## Cómo & por qué\n"),
    "es/donar.md": page("es/donar.md", "# Donar\n\n## Transferencia {#banco}\n"),
    "es/historias/una.md": page("es/historias/una.md", "# Una\n"),
    "en/index.md": page("en/index.md", "# Home\n"),
}
CHECKER = LinkChecker(PAGES, {"assets/logo.svg"}, "es", "docs")


def problems(src: str, body: str) -> list[tuple[str, int]]:
    return [(p.code, p.line) for p in CHECKER.check(page(src, body))]


@pytest.mark.parametrize("body", [
    "[Donar](donar.md)", "[Banco](donar.md#banco)", "[Quiénes](index.md#quienes-somos)",
    "[Y](index.md#como-por-que)", "[Arriba](#arriba)\n\n## Arriba", "[Web](https://ecosolidar.ch/)",
    "[Correo](mailto:a@b.org)", "![Logo](../assets/logo.svg)", "`[no](es-codigo.md)`",
    "```\n[no](tampoco.md)\n```", "<!-- [no](comentario.md) -->", "[Ref][r]\n\n[r]: donar.md",
    "[Historia](historias/una.md)",
])
def test_good_links_pass(body):
    assert problems("es/index.md", body) == []


def test_an_english_page_may_link_to_a_page_shown_from_spanish():
    assert problems("en/index.md", "[Donate](donar.md)") == []        # the fallback is built


@pytest.mark.parametrize("body, code, line", [
    ("texto\n\n[Roto](zzz.md)", "links.not-found", 7),
    ("[Donar](donr.md)", "links.not-found-close", 5),
    ("[Donar](donar/)", "links.no-md", 5),
    ("[Donar](/donar/)", "links.absolute", 5),
    ("[Banco](donar.md#cuenta)", "links.anchor", 5),
    ("[Aquí](#no-hay)", "links.anchor-here", 5),
    ("[Nada]()", "links.empty", 5),
    ("[Afuera](../../README.md)", "links.outside-docs", 5),
    ("[Original](../photo-reports/2025-05-x/a.jpg)", "links.report-original", 5),
    ("[PDF](../assets/informe.pdf)", "links.file-not-found", 5),
    ("![Foto](https://tracker.example/a.jpg)", "links.external-resource", 5),
    ('<iframe src="https://www.youtube.com/embed/x"></iframe>', "links.external-resource", 5),
    ('<img src="http://x.example/p.gif" alt="">', "links.external-resource", 5),
    ("<script>alert(1)</script>", "pages.script", 5),
    ('<a href="javascript:alert(1)">x</a>', "pages.script", 5),
    ('<img src="../assets/logo.svg" onerror="alert(1)" alt="">', "pages.script", 5),
    ("[Ref][r]\n\n[r]: zzz.md", "links.not-found", 7),
])
def test_broken_links_are_named_at_their_line(body, code, line):
    assert problems("es/index.md", body) == [(code, line)]


def test_anchor_ids_follow_python_markdown():
    ids = anchors("# Título Uno\n\n## Título Uno\n\n## Niñas & niños {#ninos}\n\n"
                  "Texto {: #parrafo }\n\n<div id=\"caja\"></div>\n\nSetext\n------\n")
    assert {"titulo-uno", "titulo-uno_1", "ninos", "parrafo", "caja", "setext"} <= ids


def test_code_and_comments_are_blanked_keeping_offsets():
    body = "a `[x](y.md)` b\n<!--\n[z](w.md)\n-->\n"
    assert len(visible(body)) == len(body) and visible(body).count("\n") == body.count("\n")
    assert links(body) == []
