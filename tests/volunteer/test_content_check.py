"""`python3 tasks.py check`: every problem in one run, one `path:line: es / en` line each."""
from __future__ import annotations

import re

import minisite
import sitebuild
from photo_fixtures import save_jpeg
from pioneras.check import check
from pioneras.problems import ERROR, NOTICE
from volsite import found, where, write

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): .+ / .+$")
SLUG = "2024-05-taller"
REPORT_YML = f"docs/photo-reports/{SLUG}/report.yml"


def page(title="Hola", extra=""):
    return f"---\ntitle: {title}\n{extra}---\n\n# {title}\n"


def a_report(site, photos_yaml: str, files=("a.jpg",), date="2024-05-18"):
    for name in files:
        save_jpeg(site / "docs/photo-reports" / SLUG / name)
    write(site, REPORT_YML, f"date: {date}\nphotos:\n{photos_yaml}")
    for lang in ("es", "en"):
        write(site, f"docs/{lang}/informes-fotograficos/{SLUG}.md", page(extra=f"report: {SLUG}\n"))


PHOTO = """  - file: a.jpg
    consent: {consent}
    es: {{caption: Telas, alt: Telas de colores}}
    en: {{caption: Fabrics, alt: Colourful fabrics}}
"""


def problem_lines(out: str, prefix: str = "docs/") -> list[str]:
    return [line for line in out.splitlines() if line.startswith(prefix)]


def test_a_page_with_three_mistakes_gives_three_lines(site, run):
    """A typo in the front matter does not hide the page's other mistakes, among them a
    `report:` naming no report (read even though the front matter as a whole failed)."""
    write(site, "docs/es/taller.md", "---\n"
          "titel: Taller\n"                    # line 2: unknown key (typo)
          "description: ''\n"                  # line 3: empty
          "report: 2023-01-no-existe\n"        # line 4: no such report
          "---\n\n# Taller\n")
    write(site, "docs/en/taller.md", page("Workshop"))
    code, out = run("check", "--root", site)
    assert code == 1
    lines = problem_lines(out)
    assert [LINE.match(line)["line"] for line in lines] == ["2", "3", "4"], out
    assert all(line.startswith("docs/es/taller.md:") for line in lines)
    assert "¿quiso decir «title»?" in lines[0] and "did you mean 'title'?" in lines[0]
    assert "«description» está vacío" in lines[1] and "'description' is empty" in lines[1]
    assert "python3 tasks.py new-report 2023-01-no-existe" in lines[2]
    assert "Traceback" not in out
    assert out.rstrip().endswith("fix the errors and run it again.")


def test_a_typo_no_longer_hides_a_missing_report(site):
    write(site, "docs/es/taller.md", "---\ntitel: Taller\nreport: 2023-01-no-existe\n---\n")
    write(site, "docs/en/taller.md", page("Workshop"))
    assert [(p.line, p.code) for p in found(site)] == [(2, "schema.unknown-field-close"),
                                                        (3, "pages.unknown-report")]
    # A report name that is itself malformed is only said once, as a bad name.
    write(site, "docs/es/taller.md", "---\ntitel: Taller\nreport: Mayo 2023\n---\n")
    assert [(p.line, p.code) for p in found(site)] == [(2, "schema.unknown-field-close"), (3, "schema.report-slug")]


def test_a_story_date_that_does_not_exist(site):
    write(site, "docs/es/historias/feria.md", "---\ntitle: Feria\ndate: 2024-13-45\nsummary: Una feria.\n"
          "categories: [historia]\ncover: 2024-05-taller/a.jpg\n---\n\nTexto.\n")
    [problem] = [p for p in found(site) if p.is_error]
    assert (problem.path, problem.line, problem.code) == ("docs/es/historias/feria.md", 3, "schema.date")
    assert "AAAA-MM-DD" in problem.es and "YYYY-MM-DD" in problem.en


def test_yaml_syntax_errors_are_lines_not_tracebacks(site, run):
    write(site, "docs/es/a.md", '---\ntitle: "sin cerrar\ndescription: x\n---\n')
    write(site, "docs/en/a.md", "---\ntitle: ok\n---\n")
    write(site, "docs/es/b.md", "---\ntitle: sin cierre\n")
    write(site, "docs/en/b.md", page())
    code, out = run("check", "--root", site)
    assert code == 1 and "Traceback" not in out
    assert re.search(r"^docs/es/a\.md:\d+: el YAML no se puede leer .* / the YAML cannot be read", out, re.M)
    assert "docs/es/b.md:1: el encabezado empieza con --- pero no se cierra" in out


def test_photo_without_consent_is_refused_by_name(site, run):
    a_report(site, PHOTO.format(consent=""))
    [problem] = found(site)
    assert (problem.path, problem.line, problem.code, problem.level) == (REPORT_YML, 4, "schema.consent", ERROR)
    assert "a.jpg" in problem.es and "a.jpg" in problem.en
    for word in ("consent: given", "consent: no-people", "consent: withdrawn"):
        assert word in problem.es and word in problem.en
    code, out = run("check", "--root", site)
    assert code == 1 and f"{REPORT_YML}:4: " in out


def test_withdrawn_photo_is_a_notice_not_an_error(site, run):
    a_report(site, PHOTO.format(consent="withdrawn").replace("caption: Telas", "caption: ''"))
    problems = found(site)
    assert where(problems) == [(REPORT_YML, 3, "consent.withdrawn-present", NOTICE)]
    assert "no se publica" in problems[0].es and "not published" in problems[0].en
    assert "python3 tasks.py withdraw" in problems[0].es      # which deletes it, keeping its hash
    assert run("check", "--root", site)[0] == 0
    (site / "docs/photo-reports" / SLUG / "a.jpg").unlink()
    assert where(found(site)) == [(REPORT_YML, 3, "consent.withdrawn", NOTICE)]


def test_photo_files_and_report_pages_must_match(site):
    a_report(site, PHOTO.format(consent="given") + PHOTO.format(consent="no-people").replace("a.jpg", "b.jpg"),
             files=("a.jpg", "extra.jpg"), date="2024-06-01")
    write(site, f"docs/en/informes-fotograficos/{SLUG}.md", page())  # shows no report
    problems = found(site)
    assert where(problems) == [
        (REPORT_YML, 1, "reports.date-month", ERROR),
        (REPORT_YML, 1, "reports.no-page", NOTICE),         # English lags: said, not blocking
        (REPORT_YML, 2, "reports.not-listed", ERROR),
        (REPORT_YML, 7, "reports.missing", ERROR),
    ]
    texts = {p.code: p.es for p in problems}
    assert texts["reports.date-month"].startswith("la fecha 2024-06-01 no es del mes de la carpeta")
    assert texts["reports.no-page"].startswith("ninguna página muestra este informe en en")
    assert texts["reports.not-listed"].startswith("el archivo extra.jpg está en la carpeta pero no en photos")
    assert texts["reports.missing"].startswith("la foto b.jpg está en la lista pero el archivo no está")


def test_pages_missing_a_translation_both_ways(site):
    """Spanish-only is shown under /en/ with an 'untranslated' note; English-only has no source."""
    write(site, "docs/es/solo-es.md", page())
    write(site, "docs/en/only-en.md", page())
    assert {(p.path, p.code, p.level) for p in found(site)} == {
        ("docs/es/solo-es.md", "pages.untranslated", NOTICE),
        ("docs/en/only-en.md", "pages.only-in-translation", ERROR)}


def test_without_nav_every_page_is_in_the_menu(site):
    """No `nav:` in mkdocs.yml: MkDocs lists every page itself, so none is 'not in the menu'."""
    for lang in ("es", "en"):
        write(site, f"docs/{lang}/index.md", page())
        write(site, f"docs/{lang}/equipo.md", page())
    assert found(site) == []
    mkdocs_yml = site / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text(encoding="utf-8") + "nav:\n  - index.md\n", encoding="utf-8")
    assert {(p.path, p.code) for p in found(site)} == {("docs/es/equipo.md", "nav.omitted"),
                                                       ("docs/en/equipo.md", "nav.omitted")}


def test_broken_testimonials_file_does_not_crash(site, run):
    write(site, "data/testimonials.yml", "testimonials:\n  - person: [Rosa\n")
    assert [(p.line, p.code) for p in found(site, "data/testimonials.yml")] == [(3, "yaml.syntax")]
    code, out = run("check", "--root", site)
    assert code == 1 and "Traceback" not in out


def test_testimonial_without_consent_is_named(site):
    write(site, "data/testimonials.yml",
          "testimonials:\n"
          "  - person: Rosa\n    role: {es: Socia, en: Member}\n    consent:\n    quote: {es: Hola, en: Hello}\n"
          "  - person: Ana\n    role: {es: Socia, en: Member}\n    consent: withdrawn\n"
          "    quote: {es: Hola, en: Hello}\n")
    problems = found(site, "data/testimonials.yml")
    assert [(p.line, p.code, p.level) for p in problems] == [(4, "schema.consent", ERROR),
                                                             (8, "consent.testimonial-withdrawn", NOTICE)]
    assert "Rosa" in problems[0].es and "Rosa" in problems[0].en
    assert "el testimonio de Ana" in problems[1].es and "the testimonial by Ana" in problems[1].en


def test_a_category_missing_a_language_is_named_at_its_line(site):
    write(site, "data/stories.yml", "categories:\n  historia: {es: Historia, en: History}\n"
                                    "  otra:\n    es: Otra\n")
    [problem] = found(site, "data/stories.yml")
    assert (problem.line, problem.code) == (3, "schema.missing-language")
    assert "«categories.otra»" in problem.es and "'categories.otra'" in problem.en
    assert "en" in problem.es.split("textos en", 1)[1]


def test_photo_with_gps_in_docs_is_an_error_of_check_too(site):
    save_jpeg(site / "docs/assets/mapa.jpg", gps=True)
    [problem] = found(site)
    assert (problem.path, problem.code) == ("docs/assets/mapa.jpg", "gate.asset-metadata")
    assert "ubicación GPS" in problem.es and "python3 tasks.py clean" in problem.es
    assert "GPS location" in problem.en and "python3 tasks.py clean" in problem.en


def test_the_build_says_each_problem_once_as_check_does(tmp_path):
    """static-i18n builds each language as a build of its own; still, the strict build prints
    every problem once, with check's very words, and stops on exactly those errors."""
    root = minisite.make_site(tmp_path / "project")
    write(root, "docs/es/taller.md", "---\ntitel: Taller\n---\n\n# Taller\n")
    result = sitebuild.build(root, tmp_path / "site")
    assert result.returncode == 1, result.log[-2000:]
    said = check(root)
    assert sorted(result.problems()) == sorted(str(p) for p in said), result.log[-3000:]
    typo = "docs/es/taller.md:2: campo desconocido «titel»"
    assert len([line for line in result.log.splitlines() if typo in line]) == 1
    assert f"Aborted with {len([p for p in said if p.is_error])} warnings in strict mode" in result.log
