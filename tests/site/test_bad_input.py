"""Copies of the project with one thing changed: what a volunteer or a maintainer does.

(The mistakes themselves, each failing `check` and the build alike, are tests/corpus/.)
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from sitebuild import build


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}



def test_valid_iban_is_shown_formatted(project_copy, tmp_path):
    donation = project_copy / "data" / "donation.yml"          # SIX's published example IBAN
    donation.write_text(donation.read_text(encoding="utf-8").replace(
        "iban: null", "iban: ch9300762011623852957"), encoding="utf-8")
    result = build(project_copy, tmp_path / "out")
    assert result.returncode == 0, result.log[-2000:]
    assert "CH93 0076 2011 6238 5295 7" in (result.site / "donar" / "index.html").read_text(encoding="utf-8")


def test_page_without_translation_gets_a_notice_in_english(project_copy, tmp_path):
    (project_copy / "docs" / "es" / "solo-espanol.md").write_text(
        "---\ntitle: Solo en español\ndescription: Prueba.\n---\n# Solo en español\n\nTexto.\n", encoding="utf-8")
    mk = project_copy / "mkdocs.yml"
    mk.write_text(mk.read_text(encoding="utf-8").replace(
        "  - Privacidad: privacidad.md", "  - Privacidad: privacidad.md\n  - Solo: solo-espanol.md"), encoding="utf-8")
    result = build(project_copy, tmp_path / "out")
    html = (result.site / "en" / "solo-espanol" / "index.html").read_text(encoding="utf-8")
    assert "not translated into English yet" in html
    assert '<div lang="es">' in html
    # hreflang does not claim an English version that does not exist
    assert '<link rel="alternate" hreflang="en"' not in html




def test_build_never_changes_what_volunteers_wrote(project_copy, tmp_path):
    before = _snapshot(project_copy / "docs")
    result = build(project_copy, tmp_path / "out")
    assert result.returncode == 0, result.log[-2000:]
    assert _snapshot(project_copy / "docs") == before


def test_one_setting_moves_the_site_to_a_custom_domain(project_copy, tmp_path):
    result = build(project_copy, tmp_path / "out", SITE_URL="https://laspioneras.example/")
    assert result.returncode == 0, result.log[-2000:]
    donate = (result.site / "donar" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" hreflang="en" href="https://laspioneras.example/en/donar/">' in donate
    not_found = (result.site / "404.html").read_text(encoding="utf-8")
    assert 'data-root="/en/"' in not_found and 'href="/assets/' in not_found
    assert "Sitemap: https://laspioneras.example/en/sitemap.xml" in (result.site / "robots.txt").read_text()
