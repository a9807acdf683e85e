"""A corpus of volunteer mistakes: `check` and `mkdocs build --strict` fail on each, the same way.

Each case is one small change to a copy of the real project, as a volunteer would make it
(on GitHub's web editor, on Windows, from a phone). For every case:

* the strict build fails (or, for the Windows cases that are not mistakes, passes);
* ``check`` reports the expected problem at the expected file and line;
* the build prints exactly the same problem lines as ``check``: same files, same lines,
  same words, nothing more and nothing less.

The builds run two at a time (the machine has two cores); each shares the photo and card
caches with the rest of the suite, so a copy costs a warm build.
"""
from __future__ import annotations

import re
import shutil
import textwrap
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

import files
from sitebuild import ROOT, SHARED_CACHES, build, copy_project
from pioneras.check import check
from pioneras.problems import Problem

REPORT = "2025-07-prueba"


@dataclass
class Case:
    name: str
    change: Callable[[Path], None]
    expect: list[tuple[str, int, str]] = field(default_factory=list)   # (path, line, code) of errors
    passes: bool = False                      # a Windows case that is not a mistake


def edit(root: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{rel}: {old!r} not found"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def append(root: Path, rel: str, text: str) -> int:
    """Append lines to a file; returns the line number of the first appended line."""
    path = root / rel
    before = path.read_text(encoding="utf-8")
    if not before.endswith("\n"):
        before += "\n"
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def lines_of(root: Path, rel: str) -> int:
    return (root / rel).read_text(encoding="utf-8").count("\n")


def real_report(root: Path, photo: str = "foto.jpg") -> None:
    """A real (not example) report with one photo and its page in each language."""
    files.jpeg(root / f"docs/photo-reports/{REPORT}/{photo}")
    (root / YML).write_text(
        "date: 2025-07-10\n"
        "photos:\n"
        f"  - file: {photo}\n"
        "    consent: no-people\n"
        "    es: {caption: Telas de colores, alt: Telas de colores sobre una mesa}\n"
        "    en: {caption: Colourful fabrics, alt: Colourful fabrics on a table}\n", encoding="utf-8")
    for lang, title in (("es", "Prueba"), ("en", "Test")):
        write(root, f"docs/{lang}/informes-fotograficos/{REPORT}.md",
              f"---\ntitle: {title}\ndescription: {title}.\nreport: {REPORT}\n---\n\n# {title}\n\nTexto.\n")


YML = f"docs/photo-reports/{REPORT}/report.yml"
STORY = "docs/es/historias/2018-proyecto-piloto-ecosolidar.md"


def _line_of(path: str, start: str) -> int:
    """The line of the project's own file that starts with ``start`` (data files move)."""
    lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(start))


def _cases() -> list[Case]:
    cases: list[Case] = []

    def case(name, expect=(), passes=False):
        def register(change):
            cases.append(Case(name, change, list(expect), passes))
            return change
        return register

    # --- links ---------------------------------------------------------------------------
    @case("broken link", [("docs/es/historia.md", 32, "links.not-found")])
    def _(root):
        append(root, "docs/es/historia.md", "\n[Roto](no-existe.md)\n")

    @case("broken link in the English page", [("docs/en/historia.md", 32, "links.not-found")])
    def _(root):
        append(root, "docs/en/historia.md", "\n[Broken](does-not-exist.md)\n")

    @case("misspelt link", [("docs/es/historia.md", 32, "links.not-found-close")])
    def _(root):
        append(root, "docs/es/historia.md", "\n[Proyecto](proyeto.md)\n")

    @case("missing anchor", [("docs/es/historia.md", 32, "links.anchor")])
    def _(root):
        append(root, "docs/es/historia.md", "\n[Sección](proyecto.md#no-existe)\n")

    @case("link without .md", [("docs/es/historia.md", 32, "links.no-md")])
    def _(root):
        append(root, "docs/es/historia.md", "\n[Donar](donar/)\n")

    @case("absolute link", [("docs/es/historia.md", 32, "links.absolute")])
    def _(root):
        append(root, "docs/es/historia.md", "\n[Donar](/donar/)\n")

    @case("image from another site", [("docs/es/historia.md", 32, "links.external-resource")])
    def _(root):
        append(root, "docs/es/historia.md", "\n![Foto](https://tracker.example/foto.jpg)\n")

    @case("script in a page", [("docs/es/historia.md", 32, "pages.script")])
    def _(root):
        append(root, "docs/es/historia.md", "\n<script>alert(document.cookie)</script>\n")

    # --- front matter and stories ----------------------------------------------------------
    @case("unknown front-matter field", [("docs/es/historia.md", 2, "schema.unknown-field-close")])
    def _(root):
        edit(root, "docs/es/historia.md", "title:", "titel:")

    @case("front matter never closed", [("docs/es/contacto.md", 1, "pages.front-matter-open")])
    def _(root):
        text = (root / "docs/es/contacto.md").read_text(encoding="utf-8")
        (root / "docs/es/contacto.md").write_text(text.replace("---\n", "", 2).replace("title:", "---\ntitle:", 1),
                                                  encoding="utf-8")

    # libyaml notices the unclosed quote where the next key should start: the line after.
    @case("front-matter YAML error", [("docs/es/historia.md", 3, "yaml.syntax")])
    def _(root):
        edit(root, "docs/es/historia.md", "title: ", 'title: "sin cerrar ')

    @case("report that is not a folder name", [("docs/es/historia.md", 2, "schema.report-slug")])
    def _(root):
        edit(root, "docs/es/historia.md", "---\n", "---\nreport: ../../data\n")

    @case("report that does not exist", [("docs/es/historia.md", 2, "pages.unknown-report")])
    def _(root):
        edit(root, "docs/es/historia.md", "---\n", "---\nreport: 2030-01-no-existe\n")

    @case("story with an unknown category", [(STORY, 5, "stories.unknown-category")])
    def _(root):
        edit(root, STORY, "categories: [historia", "categories: [inventada, historia")

    @case("story date with a time", [(STORY, 3, "schema.date-with-time")])
    def _(root):
        edit(root, STORY, "date: 2026-11-28", "date: 2026-11-28 10:30")

    @case("story dated 2062", [(STORY, 3, "schema.date-future")])
    def _(root):
        edit(root, STORY, "date: 2026-11-28", "date: 2062-11-28")

    @case("story without a summary", [(STORY, 2, "schema.missing")])
    def _(root):
        text = (root / STORY).read_text(encoding="utf-8")
        (root / STORY).write_text(re.sub(r"^summary:.*\n", "", text, flags=re.M), encoding="utf-8")

    @case("story author with a surname", [(STORY, 8, "schema.author-name")])
    def _(root):
        edit(root, STORY, "---\n\n", "authors: [Rosa Quispe]\n---\n\n")

    @case("alias bomb in front matter", [("docs/es/historia.md", 3, "yaml.alias")])
    def _(root):
        edit(root, "docs/es/historia.md", "---\n", "---\n" + files.ALIAS_BOMB.split("\n", 2)[0] + "\n"
             + files.ALIAS_BOMB.split("\n", 2)[1] + "\n" + "b: *a1\n")

    # --- the nav ----------------------------------------------------------------------------
    @case("nav names a page that does not exist", [("mkdocs.yml", 0, "nav.missing")])
    def _(root):
        edit(root, "mkdocs.yml", "  - Privacidad: privacidad.md", "  - Privacidad: privacidad.md\n  - Nada: no-hay.md")

    @case("new page missing from the nav", [("docs/es/taller.md", 0, "nav.omitted"),
                                           ("docs/en/taller.md", 0, "nav.omitted")])
    def _(root):
        for lang in ("es", "en"):
            write(root, f"docs/{lang}/taller.md", "---\ntitle: Taller\n---\n\n# Taller\n")

    @case("page only in English", [("docs/en/solo.md", 1, "pages.only-in-translation"),
                                   ("docs/en/solo.md", 0, "nav.omitted")])
    def _(root):
        write(root, "docs/en/solo.md", "---\ntitle: Only\n---\n\n# Only\n")

    # --- photo reports ----------------------------------------------------------------------
    @case("photo without consent", [(YML, 3, "schema.consent")])
    def _(root):
        real_report(root)
        edit(root, YML, "    consent: no-people\n", "")

    @case("photo without alt text", [(YML, 6, "schema.photo-alt")])
    def _(root):
        real_report(root)
        edit(root, YML, "alt: Colourful fabrics on a table", "alt: ''")

    @case("photo listed but missing", [(YML, 3, "reports.missing")])
    def _(root):
        real_report(root)
        (root / f"docs/photo-reports/{REPORT}/foto.jpg").unlink()

    @case("photo present but not listed", [(YML, 2, "reports.not-listed")])
    def _(root):
        real_report(root)
        files.jpeg(root / f"docs/photo-reports/{REPORT}/otra.jpg")

    @case("empty photo", [(f"docs/photo-reports/{REPORT}/foto.jpg", 0, "photo.empty")])
    def _(root):
        real_report(root)
        (root / f"docs/photo-reports/{REPORT}/foto.jpg").write_bytes(b"")

    @case("truncated photo", [(f"docs/photo-reports/{REPORT}/foto.jpg", 0, "photo.corrupt")])
    def _(root):
        real_report(root)
        files.truncated_jpeg(root / f"docs/photo-reports/{REPORT}/foto.jpg")

    @case("web page saved as a photo", [(f"docs/photo-reports/{REPORT}/foto.jpg", 0, "photo.text-file")])
    def _(root):
        real_report(root)
        files.html_named_jpg(root / f"docs/photo-reports/{REPORT}/foto.jpg")

    @case("decompression bomb", [(f"docs/photo-reports/{REPORT}/foto.png", 0, "photo.too-large")])
    def _(root):
        real_report(root, "foto.png")
        files.bomb_png(root / f"docs/photo-reports/{REPORT}/foto.png", 11_000)

    @case("GIF in a report", [(f"docs/photo-reports/{REPORT}/animacion.gif", 0, "gate.report-file")])
    def _(root):
        real_report(root)
        files.plain_gif(root / f"docs/photo-reports/{REPORT}/animacion.gif")

    @case("GPS photo in a report", [(f"docs/photo-reports/{REPORT}/foto.jpg", 0, "privacy.metadata")])
    def _(root):
        real_report(root)
        files.gps_jpeg(root / f"docs/photo-reports/{REPORT}/foto.jpg")

    @case("report image without alt", [("docs/es/historia.md", 32, "photos.no-alt")])
    def _(root):
        real_report(root)
        append(root, "docs/es/historia.md", f"\n![](../photo-reports/{REPORT}/foto.jpg)\n")

    @case("story cover that does not exist", [(STORY, 6, "photos.reference-missing")])
    def _(root):
        text = (root / STORY).read_text(encoding="utf-8")
        (root / STORY).write_text(re.sub(r"^cover: .*$", f"cover: {REPORT}/no-hay.jpg", text, flags=re.M),
                                  encoding="utf-8")

    # --- the publish gate -------------------------------------------------------------------
    @case("phone video in docs", [("docs/es/video.mp4", 0, "gate.media")])
    def _(root):
        files.mp4_with_location(root / "docs/es/video.mp4")

    @case("photo outside a report", [("docs/es/img/foto.jpg", 0, "gate.image-outside")])
    def _(root):
        files.jpeg(root / "docs/es/img/foto.jpg")

    @case("reports folder with capitals", [("docs/Photo-Reports/2025-07-x/foto.jpg", 0, "gate.folder-case")])
    def _(root):
        files.jpeg(root / "docs/Photo-Reports/2025-07-x/foto.jpg")

    @case("SVG with a script", [("docs/assets/images/logo2.svg", 0, "gate.asset-metadata")])
    def _(root):
        files.svg(root / "docs/assets/images/logo2.svg", files.SVG_HOSTILE)

    @case("GIF with XMP", [("docs/assets/images/anim.gif", 0, "gate.asset-metadata")])
    def _(root):
        files.gif_with_xmp(root / "docs/assets/images/anim.gif")

    @case("HTML page in docs", [("docs/es/pagina.html", 0, "gate.unknown-type")])
    def _(root):
        write(root, "docs/es/pagina.html", "<script>alert(1)</script>")

    @case("symlinked folder", [("docs/es/externo", 0, "gate.symlink")])
    def _(root):
        outside = root.parent / "fuera"
        files.gps_jpeg(outside / "casa.jpg")
        (root / "docs/es/externo").symlink_to(outside, target_is_directory=True)

    @case("symlinked file", [("docs/assets/passwd.css", 0, "gate.symlink")])
    def _(root):
        (root / "docs/assets/passwd.css").symlink_to("/etc/passwd")

    # --- data files -------------------------------------------------------------------------
    @case("IBAN with a wrong check digit", [("data/donation.yml", _line_of("data/donation.yml", "iban:"), "data.iban")])
    def _(root):
        edit(root, "data/donation.yml", "iban: null", "iban: CH93 0076 2011 6238 5295 8")

    @case("a word missing in English", [("data/ui.yml", _line_of("data/ui.yml", "en:"), "data.words-missing")])
    def _(root):
        edit(root, "data/ui.yml", "  donate: Donate\n", "")

    @case("testimonial without consent", [("data/testimonials.yml", 8, "schema.consent-value")])
    def _(root):
        edit(root, "data/testimonials.yml", "    consent: given", "    consent: sí")

    @case("alias bomb in ui.yml", [("data/ui.yml", 10, "yaml.alias")])
    def _(root):
        edit(root, "data/ui.yml", "es:\n", "es:\n" + textwrap.indent(files.ALIAS_BOMB, "  ") + "  bomb: *a9\n")

    # --- Windows: not mistakes, or one plain message ----------------------------------------
    @case("page saved with BOM and CRLF", passes=True)
    def _(root):
        path = root / "docs/es/historia.md"
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))

    @case("story saved by Notepad (BOM, CRLF)", passes=True)
    def _(root):
        path = root / STORY
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))

    @case("report.yml with BOM and CRLF", passes=True)
    def _(root):
        real_report(root)
        path = root / YML
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))

    @case("page saved as Latin-1", [("docs/es/historia.md", 3, "file.not-utf8")])
    def _(root):
        path = root / "docs/es/historia.md"
        path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1", "replace"))

    return cases


CASES = _cases()


@dataclass
class Outcome:
    case: Case
    root: Path
    check: list[Problem]
    build_lines: set[str]
    build_ok: bool
    log: str
    error: str = ""                       # the case itself could not be set up


def _run(case: Case, base: Path) -> Outcome:
    root = base / re.sub(r"\W+", "-", case.name) / "project"
    try:
        copy_project(root)
        case.change(root)
    except Exception as err:  # noqa: BLE001 - reported by the case's own test
        return Outcome(case, root, [], set(), False, "", f"{type(err).__name__}: {err}")
    # With the example content, as the preview shows it: several cases break an example story.
    found = check(root, preview=True)
    result = build(root, root.parent / "site", PIONERAS_EXAMPLES="always")
    return Outcome(case, root, found, set(result.problems()), result.returncode == 0, result.log)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory, request) -> dict[str, Outcome]:
    """Every selected case, built two at a time (`-k` selects cases without building the rest)."""
    base = tmp_path_factory.mktemp("corpus")
    wanted = {item.callspec.params.get("name") for item in request.session.items if hasattr(item, "callspec")}
    if any(item.name == "test_windows_files_build_the_same_pages" for item in request.session.items):
        wanted |= {c.name for c in CASES if c.passes}
    # `check` runs in this process: it shares the photo caches the builds use (sitebuild),
    # or it would decode and scan every example photo again for each case.
    with pytest.MonkeyPatch.context() as env, ThreadPoolExecutor(max_workers=2) as pool:
        for name, value in SHARED_CACHES.items():
            env.setenv(name, value)
        done = list(pool.map(lambda c: _run(c, base), [c for c in CASES if c.name in wanted]))
    yield {o.case.name: o for o in done}
    shutil.rmtree(base, ignore_errors=True)


def test_the_corpus_is_large_enough():
    mistakes = [c for c in CASES if not c.passes]
    assert len(mistakes) >= 25 and len([c for c in CASES if c.passes]) >= 2


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_check_and_build_agree(outcomes, name):
    outcome = outcomes[name]
    assert not outcome.error, outcome.error
    check_lines = {str(p) for p in outcome.check}
    assert outcome.build_lines == check_lines, (
        f"only in check: {sorted(check_lines - outcome.build_lines)}\n"
        f"only in build: {sorted(outcome.build_lines - check_lines)}\n{outcome.log[-2000:]}")
    assert "Traceback" not in outcome.log
    if outcome.case.passes:
        assert outcome.build_ok, outcome.log[-2000:]
        assert not [p for p in outcome.check if p.is_error]
        return
    assert not outcome.build_ok
    for path, line, code in outcome.case.expect:
        assert any(p.path == path and p.line == line and p.code == code and p.is_error for p in outcome.check), \
            f"expected {code} at {path}:{line}; check said:\n" + "\n".join(map(str, outcome.check))


def test_windows_files_build_the_same_pages(outcomes, site_build):
    """A page or story saved with a BOM and CRLF line ends is published byte for byte as
    the same page saved by any other editor."""
    for name, page in (("page saved with BOM and CRLF", "historia/index.html"),
                       ("story saved by Notepad (BOM, CRLF)", "historias/2018-proyecto-piloto-ecosolidar/index.html")):
        outcome = outcomes[name]
        clean = copy_project(outcome.root.parent / "clean")
        build(clean, clean.parent / "clean-site", PIONERAS_EXAMPLES="always")
        assert (outcome.root.parent / "site" / page).read_bytes() == (clean.parent / "clean-site" / page).read_bytes()
