"""new-report and new-page: both languages from archetypes/, never overwriting."""
from __future__ import annotations

import re

import yaml

from pioneras.content.schema import FrontMatter, ReportMeta
from pioneras.problems import COMMANDS
from volsite import ROOT, found

SLUG = "2024-07-feria-de-emprendimientos"


def front_matter(path):
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def test_new_report_creates_the_folder_and_both_pages(site, run):
    code, out = run("new-report", "--root", site, SLUG, "--title-es", 'Feria: "emprendimientos"',
                    "--title-en", "Business fair")
    assert code == 0, out
    report = site / "docs/photo-reports" / SLUG / "report.yml"
    es = site / f"docs/es/informes-fotograficos/{SLUG}.md"
    en = site / f"docs/en/informes-fotograficos/{SLUG}.md"
    for path in (report, es, en):
        assert path.is_file() and path.relative_to(site).as_posix() in out
    assert str(ReportMeta.model_validate(yaml.safe_load(report.read_text(encoding="utf-8"))).date) == "2024-07-01"
    assert FrontMatter.model_validate(front_matter(es)).title == 'Feria: "emprendimientos"'
    assert front_matter(en) == {"title": "Business fair", "description": "Business fair", "report": SLUG}
    assert found(site) == []  # a fresh report is valid as it is, without a single notice
    assert "python3 tasks.py intake" in report.read_text(encoding="utf-8")  # the guide's command


def test_new_report_refuses_to_overwrite(site, run):
    assert run("new-report", "--root", site, SLUG, "--title-es", "A", "--title-en", "B")[0] == 0
    page = site / f"docs/es/informes-fotograficos/{SLUG}.md"
    page.write_text("texto de una voluntaria\n", encoding="utf-8")
    code, out = run("new-report", "--root", site, SLUG, "--title-es", "C", "--title-en", "D")
    assert code == 1 and "No se sobrescribe nada" in out and "Nothing is overwritten" in out
    assert page.read_text(encoding="utf-8") == "texto de una voluntaria\n"


def test_new_page_creates_both_languages_with_a_safe_name(site, run):
    code, out = run("new-page", "--root", site, "docs/es/Nuestra Historia", "--title-es", "Nuestra historia",
                    "--title-en", "Our story")
    assert code == 0, out
    assert front_matter(site / "docs/es/nuestra-historia.md")["title"] == "Nuestra historia"
    assert front_matter(site / "docs/en/nuestra-historia.md")["title"] == "Our story"
    assert "nav" in out
    assert found(site) == []  # a fresh page is valid as it is


def test_new_page_refuses_to_overwrite_but_adds_a_missing_translation(site, run):
    (site / "docs/es/equipo.md").write_text("---\ntitle: Equipo\n---\n", encoding="utf-8")
    code, out = run("new-page", "--root", site, "equipo.md", "--title-es", "X", "--title-en", "Team")
    assert code == 0 and "docs/en/equipo.md" in out and "docs/es/equipo.md" not in out
    assert (site / "docs/es/equipo.md").read_text(encoding="utf-8") == "---\ntitle: Equipo\n---\n"
    code, out = run("new-page", "--root", site, "equipo.md", "--title-es", "X", "--title-en", "Team")
    assert code == 1 and "ya existe" in out


def test_archetypes_name_the_guides_commands():
    """What a volunteer copies from a template runs as the guide says: python3 tasks.py ..."""
    commands = {c.split()[2] for c in COMMANDS.values() if c.startswith("python3 tasks.py ")}
    named = []
    for path in sorted((ROOT / "archetypes").rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "-m pioneras" not in text, path
            named += re.findall(r"python3 tasks\.py ([\w-]+)", text)
    assert named and set(named) <= commands, named
