"""scripts/ci_summary.py: the pull request's summary from the outputs the checks printed.

The sample outputs are what the tools print (taken from a real run on a copy of the project
with a photo that has GPS, a front-matter typo and a broken link).
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .scriptload import SCRIPTS, load

summary = load("ci_summary")

GPS_NOW = ("docs/photo-reports/2025-06-taller/img-5195.jpg: tiene ubicación GPS, datos de cámara (EXIF) / "
           "has GPS location, camera data (EXIF). Límpiela con / clean it with: python -m pioneras clean "
           "docs/photo-reports/2025-06-taller/img-5195.jpg")
GPS_EARLIER = ("docs/photo-reports/2025-06-taller/img-5196.jpg: una versión anterior de este archivo (commit "
               "b6c6bbb) tiene ubicación GPS: sigue en el historial del pull request aunque después se haya "
               "limpiado o borrado / an earlier version of this file (commit b6c6bbb) has GPS location: it "
               "stays in the pull request's history even though it was cleaned or deleted afterwards")
NOTICE = ("data/contact.yml: (aviso / notice) por confirmar (vacío hasta que un responsable lo confirme por "
          "escrito): address, email / to be confirmed (empty until a maintainer confirms it in writing): address, email")
TYPO = ("docs/es/historia.md:2: campo desconocido «titel» en el encabezado: ¿quiso decir «title»? / "
        "unknown front-matter field 'titel': did you mean 'title'?")

LOGS = {
    "privacy": (1, f"""Revisando docs/ y 3 archivo(s) del pull request / checking docs/ and 3 file(s) of the pull request
$ /home/runner/work/las-pioneras/.venv/bin/python -m pioneras privacy-check docs
{GPS_NOW}

1 imagen(es) con datos privados. No las suba así: el repositorio es público y guarda cada versión para siempre. Las fotos nuevas entran con 'python -m pioneras intake'.
1 image(s) with private data. Do not commit them like this: the repository is public and keeps every version forever. New photos go in with 'python -m pioneras intake'.
{GPS_EARLIER}
1 versión(es) anterior(es) con datos privados en los commits de este pull request / 1 earlier version(s) with private data in this pull request's commits
"""),
    "check": (1, f"""$ /home/runner/work/las-pioneras/.venv/bin/python -m pioneras check
{NOTICE}
{TYPO}
{GPS_NOW}
2 error(es), 1 aviso(s): corrija los errores y repita / 2 error(s), 1 notice(s): fix the errors and run it again.
"""),
    "build": (1, f"""$ /home/runner/work/las-pioneras/.venv/bin/python -m mkdocs build --strict
INFO    -  Cleaning site directory
INFO    -  por confirmar / to be confirmed: contact.address (data/contact.yml)
WARNING -  {TYPO}
WARNING -  Doc file 'es/proyecto.md' contains a link 'equipo.md', but the target 'es/equipo.md' is not found among documentation files.
WARNING -  photo_reports: docs/photo-reports/2025-06-taller/report.yml: foto 4 (img-5195.jpg): consent: falta el consentimiento / photo 4 (img-5195.jpg): consent: missing
WARNING -  stories: covers need the photo pipeline / covers need the photo pipeline

Aborted with 4 warnings in strict mode!
"""),
}
PASSING = {
    "privacy": (0, "Revisando docs/ y 1 archivo(s) del pull request / checking docs/ and 1 file(s) of the pull request\n"
                   "$ .venv/bin/python -m pioneras privacy-check docs\n"),
    "check": (0, f"$ .venv/bin/python -m pioneras check\n{NOTICE}\nTodo en orden (1 aviso(s)). / All good (1 notice(s)).\n"),
    "build": (0, "INFO    -  Cleaning site directory\nINFO    -  Documentation built in 24.32 seconds\n"),
}


def write_logs(folder: Path, logs: dict[str, tuple[int, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (code, text) in logs.items():
        (folder / f"{name}.log").write_text(text, encoding="utf-8")
        (folder / f"{name}.rc").write_text(f"{code}\n", encoding="utf-8")
    return folder


def run_script(log_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPTS / "ci_summary.py"), str(log_dir), *extra],
                          capture_output=True, text=True, encoding="utf-8")


@pytest.fixture
def site(tmp_path) -> Path:
    """A page holding the broken link, so the summary can give its line."""
    page = tmp_path / "site" / "docs" / "es" / "proyecto.md"
    page.parent.mkdir(parents=True)
    page.write_text("---\ntitle: Proyecto\n---\n\n# Proyecto\n\nVea [el equipo](equipo.md).\n", encoding="utf-8")
    return tmp_path / "site"


def render(log_dir: Path, root: Path, site_url: str = "https://idemnna.github.io/las-pioneras/") -> str:
    steps = [summary.read_step(log_dir, name, root) for name, *_ in summary.STEPS]
    return summary.render(steps, site_url)


def test_a_gps_photo_fails_and_says_how_to_take_it_out_of_the_branch(tmp_path, site):
    out = render(write_logs(tmp_path / "logs", LOGS), site)
    assert out.startswith("## ❌")
    assert "`docs/photo-reports/2025-06-taller/img-5195.jpg`: tiene ubicación GPS" in out
    assert "`docs/photo-reports/2025-06-taller/img-5196.jpg`: una versión anterior" in out
    help_text = out.split("Cómo sacar la foto de esta rama / How to take the photo out of this branch")[1]
    for words in ("*Delete file*", "`python3 tasks.py intake`", "`refs/pull/N`", "GitHub Support",
                  "https://idemnna.github.io/las-pioneras/voluntariado/limpiar-fotos/",
                  "https://idemnna.github.io/las-pioneras/en/voluntariado/limpiar-fotos/",
                  "ask a maintainer to close this pull request", "cierre este pull request"):
        assert words in help_text, words
    # git rm names the photo that is in the branch now, not the one only in its history.
    assert '`git rm "docs/photo-reports/2025-06-taller/img-5195.jpg"`' in help_text


def test_each_problem_once_with_file_line_and_fix(tmp_path, site):
    out = render(write_logs(tmp_path / "logs", LOGS), site)
    assert out.count("img-5195.jpg`: tiene ubicación GPS") == 1, "said by privacy-check and check: once"
    assert out.count("campo desconocido «titel»") == 1, "said by check and the build: once"
    assert "`docs/es/historia.md:2`: campo desconocido «titel»" in out
    # MkDocs' English-only link warning: the file, the line of the link, what to do in both languages.
    assert "`docs/es/proyecto.md:7`: el enlace «equipo.md» lleva a una página que no existe" in out
    assert "the link 'equipo.md' leads to a page that does not exist" in out
    assert "`docs/photo-reports/2025-06-taller/report.yml`: foto 4 (img-5195.jpg)" in out
    assert "mensaje de MkDocs (en inglés) / MkDocs message: stories: covers need" in out
    # The tools' own summaries and commands are not problems.
    for noise in ("$ ", "Aborted with", "1 imagen(es) con datos", "2 error(es)", "Cleaning site", "INFO"):
        assert noise not in out, noise


def test_notices_are_folded_and_do_not_fail(tmp_path, site):
    log_dir = write_logs(tmp_path / "logs", PASSING)
    out = render(log_dir, site)
    assert out.startswith("## ✅ Revisión: todo en orden / Checks: all good")
    assert out.count("✅") == 4
    assert "<details><summary>Avisos: no impiden publicar (1)" in out
    assert "`data/contact.yml`: por confirmar" in out
    assert "Cómo sacar la foto" not in out and "❌" not in out
    done = run_script(log_dir)
    assert done.returncode == 0 and done.stdout.startswith("## ✅"), done.stderr


def test_the_script_fails_the_job_when_a_check_failed(tmp_path):
    done = run_script(write_logs(tmp_path / "logs", LOGS), "https://laspioneras.example")
    assert done.returncode == 1 and done.stderr == ""
    assert "https://laspioneras.example/voluntariado/limpiar-fotos/" in done.stdout


def test_checks_that_did_not_run_fail_the_job(tmp_path):
    """The set-up failed: no check ran, and that is not a green summary."""
    done = run_script(tmp_path / "nothing")
    assert done.returncode == 1
    assert done.stdout.count("⏭️") == 3 and "no se ejecutó" in done.stdout


def test_a_crash_is_ours_and_shows_no_traceback(tmp_path, site):
    logs = dict(PASSING, build=(1, "INFO    -  Building\nTraceback (most recent call last):\n"
                                    "  File \"hooks/x.py\", line 3, in on_config\nKeyError: 'secret_path'\n"))
    out = render(write_logs(tmp_path / "logs", logs), site)
    assert "💥" in out and "no es culpa suya" in out and "not your fault" in out
    assert "Traceback" not in out and "KeyError" not in out


def test_a_failure_without_a_known_message_still_says_where_to_look(tmp_path, site):
    logs = dict(PASSING, privacy=(1, "git diff: fatal: bad revision 'HEAD^2'\n"))
    out = render(write_logs(tmp_path / "logs", logs), site)
    assert "falló sin un mensaje conocido / failed without a known message" in out
    assert "Cómo sacar la foto" not in out, "no photo problem was reported"


def test_names_from_the_pull_request_cannot_inject_markdown(tmp_path, site):
    evil = "docs/x/IMG_1 (1) `<img src=//e.example/p.png>`.jpg"
    logs = dict(PASSING, privacy=(1, f"{evil}: tiene ubicación GPS / has GPS location [click](https://e.example) <b>x</b>\n"))
    out = render(write_logs(tmp_path / "logs", logs), site)
    outside_code = re.sub(r"``.*?``", "", out)
    assert "<img" not in outside_code and "<b>" not in outside_code
    assert "``docs/x/IMG_1 (1) `<img src=//e.example/p.png>`.jpg``" in out
    assert "\\[click\\](https://e.example) &lt;b&gt;x&lt;/b&gt;" in out


def test_a_long_list_is_cut_for_a_phone(tmp_path, site):
    many = "".join(f"docs/es/p{i}.md:{i}: falta algo / something is missing\n" for i in range(100))
    out = render(write_logs(tmp_path / "logs", dict(PASSING, check=(1, many))), site)
    assert out.count("falta algo") == summary.MAX_LINES
    assert "… y 60 más: abra el paso / … and 60 more: open the step" in out


@pytest.mark.parametrize("line, expected", [
    (TYPO, ("docs/es/historia.md:2", "campo desconocido")),
    ("docs/photo-reports/2025-06-t/IMG_1234 (1).jpg: tiene GPS / has GPS", ("docs/photo-reports/2025-06-t/IMG_1234 (1).jpg", "tiene GPS")),
    ("data/donation.yml: (aviso / notice) por confirmar / to be confirmed", ("data/donation.yml", "(aviso / notice)")),
    ("foto.heic: tiene GPS / has GPS", ("foto.heic", "tiene GPS")),
    ("Todo en orden (2 aviso(s)). / All good (2 notice(s)).", None),
    ("1 error(es), 0 aviso(s): corrija los errores y repita / 1 error(s)", None),
    ("No se pudo leer el historial del pull request: avise a quien mantiene el repositorio", None),
    ("Algo pasó en docs/x. Otra cosa: nada / something.md", None),
    ("$ .venv/bin/python -m pioneras check", None),
])
def test_problem_lines_are_told_from_other_lines(line, expected):
    found = summary.parse_line(line)
    if expected is None:
        assert found is None
    else:
        assert found is not None and found.where == expected[0] and found.text.startswith(expected[1])
