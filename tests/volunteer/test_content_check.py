"""Content validation: every problem in one run, one `path:line: es / en` line each."""
from __future__ import annotations

import importlib.util
import logging
import re
from pathlib import Path
from types import SimpleNamespace

from photo_fixtures import ROOT, save_jpeg
from pioneras import validate
from pioneras.volunteer.problems import ERROR, INFO

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): .+ / .+$")
SLUG = "2024-05-taller"


def write(site: Path, rel: str, text: str) -> Path:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def page(title="Hola", extra=""):
    return f"---\ntitle: {title}\n{extra}---\n\n# {title}\n"


def a_report(site, photos_yaml: str, files=("a.jpg",), date="2024-05-18"):
    for name in files:
        save_jpeg(site / "docs/photo-reports" / SLUG / name)
    write(site, f"docs/photo-reports/{SLUG}/report.yml", f"date: {date}\nphotos:\n{photos_yaml}")
    for lang in ("es", "en"):
        write(site, f"docs/{lang}/informes-fotograficos/{SLUG}.md", page(extra=f"report: {SLUG}\n"))


PHOTO = """  - file: a.jpg
    consent: {consent}
    es: {{caption: Telas, alt: Telas de colores}}
    en: {{caption: Fabrics, alt: Colourful fabrics}}
"""


def test_a_page_with_three_mistakes_gives_three_lines(site, run):
    write(site, "docs/es/taller.md", "---\n"
          "titel: Taller\n"                    # line 2: unknown key (typo)
          "date: 2024-13-45\n"                 # line 3: no such date
          "report: 2023-01-no-existe\n"        # line 4: no such report
          "---\n\n# Taller\n")
    write(site, "docs/en/taller.md", page("Workshop"))
    code, out = run("check", "--root", site)
    assert code == 1
    lines = [l for l in out.splitlines() if l.startswith("docs/")]
    assert [LINE.match(l)["line"] for l in lines] == ["2", "3", "4"], out
    assert all(l.startswith("docs/es/taller.md:") for l in lines)
    assert "¿quiso decir «title»?" in lines[0] and "did you mean 'title'?" in lines[0]
    assert "AAAA-MM-DD" in lines[1]
    assert "new-report 2023-01-no-existe" in lines[2]
    assert "Traceback" not in out


def test_yaml_syntax_errors_are_lines_not_tracebacks(site, run):
    write(site, "docs/es/a.md", '---\ntitle: "sin cerrar\ndescription: x\n---\n')
    write(site, "docs/en/a.md", "---\ntitle: ok\n---\n")
    write(site, "docs/es/b.md", "---\ntitle: sin cierre\n")
    write(site, "docs/en/b.md", page())
    code, out = run("check", "--root", site)
    assert code == 1 and "Traceback" not in out
    assert re.search(r"^docs/es/a\.md:\d+: el YAML no se puede leer", out, re.M)
    assert "docs/es/b.md:1: el encabezado empieza con ---" in out


def test_photo_without_consent_is_refused_by_name(site):
    a_report(site, PHOTO.format(consent=""))
    problems = validate.check(site, site_data=False)
    assert [str(p) for p in problems] == [
        f"docs/photo-reports/{SLUG}/report.yml:4: foto a.jpg: falta el consentimiento: escriba consent: "
        "given solo si cada persona que aparece dio su permiso (registrado), no-people si no se ve a "
        "nadie, o withdrawn; sin eso no se publica / photo a.jpg: consent is not recorded: write "
        "consent: given only if every person shown agreed (on record), no-people if nobody is shown, "
        "or withdrawn; without it nothing is published"]


def test_withdrawn_photo_is_a_notice_not_an_error(site, run):
    a_report(site, PHOTO.format(consent="withdrawn").replace("caption: Telas", "caption: ''"))
    problems = validate.check(site, site_data=False)
    assert [(p.level, p.line) for p in problems] == [(INFO, 3)]
    assert "se quitará del sitio" in problems[0].text and "will be removed" in problems[0].text
    assert run("check", "--root", site)[0] == 0
    (site / "docs/photo-reports" / SLUG / "a.jpg").unlink()  # the advised next step
    assert [p.level for p in validate.check(site, site_data=False)] == [INFO]


def test_photo_files_and_report_pages_must_match(site):
    a_report(site, PHOTO.format(consent="given") + PHOTO.format(consent="no-people").replace("a.jpg", "b.jpg"),
             files=("a.jpg", "extra.jpg"), date="2024-06-01")
    (site / f"docs/en/informes-fotograficos/{SLUG}.md").unlink()
    write(site, f"docs/en/informes-fotograficos/{SLUG}.md", page())  # shows no report
    texts = [f"{p.line}: {p.text}" for p in validate.check(site, site_data=False)]
    assert any(t.startswith("7: foto b.jpg: el archivo no está en la carpeta") for t in texts), texts
    assert any(t.startswith("2: el archivo extra.jpg está en la carpeta pero no en photos") for t in texts)
    assert any(t.startswith("1: ninguna página muestra este informe en en") for t in texts)
    assert any(t.startswith("1: la fecha 2024-06-01 no es del mes de la carpeta") for t in texts)
    assert len(texts) == 4


def test_pages_missing_a_translation_both_ways(site):
    """Spanish-only is shown under /en/ with an 'untranslated' note; English-only has no source."""
    write(site, "docs/es/solo-es.md", page())
    write(site, "docs/en/only-en.md", page())
    found = {(p.path, p.level) for p in validate.check(site, site_data=False)}
    assert found == {("docs/es/solo-es.md", INFO), ("docs/en/only-en.md", ERROR)}


def test_broken_testimonials_file_does_not_crash(site):
    write(site, "data/testimonials.yml", "testimonials:\n  - person: [Rosa\n")
    assert validate.check_testimonials(site) == []  # sitedata reports the syntax error


def test_testimonial_without_consent_is_named(site):
    write(site, "data/testimonials.yml",
          "testimonials:\n"
          "  - person: Rosa\n    consent:\n    quote: {es: Hola, en: Hello}\n"
          "  - person: Ana\n    consent: withdrawn\n    quote: {es: Hola, en: Hello}\n")
    problems = validate.check_testimonials(site)
    assert [(p.line, p.level) for p in problems] == [(3, ERROR), (6, INFO)]
    assert problems[0].text.startswith("testimonio de Rosa: falta el consentimiento")
    assert "testimonial by Ana: consent withdrawn" in problems[1].text


def test_photo_with_gps_in_docs_is_an_error_of_check_too(site):
    save_jpeg(site / "docs/assets/mapa.jpg", gps=True)
    [problem] = validate.check(site, site_data=False)
    assert problem.path == "docs/assets/mapa.jpg" and "python -m pioneras clean" in problem.text


def load_hook():
    spec = importlib.util.spec_from_file_location("content_checks_under_test", ROOT / "hooks/content_checks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_hook_logs_problems_as_warnings_once_per_build(site, caplog):
    write(site, "docs/es/a.md", "---\ntitel: x\n---\n")
    write(site, "docs/en/a.md", page())
    hook = load_hook()
    i18n = SimpleNamespace(building=False)
    config = SimpleNamespace(config_file_path=str(site / "mkdocs.yml"), plugins={"i18n": i18n})
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.pioneras"):
        hook.on_config(config)
        i18n.building = True
        hook.on_config(config)  # static-i18n's English build inside the Spanish one: quiet
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    infos = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    i18n.building = False
    caplog.clear()
    hook.on_config(config)  # the next `mkdocs serve` rebuild (same cached hook module)
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1
    assert warnings == ["docs/es/a.md:2: campo desconocido «titel» en el encabezado: ¿quiso decir «title»? "
                        "/ unknown front-matter field 'titel': did you mean 'title'?"]
    assert len(infos) == 2 and all(i.startswith("traducción / translation:") for i in infos)
