"""Content validation: every mistake a volunteer can make, found in one run, one line each.

``check(root)`` returns Problems (``path:line: qué pasa / what is wrong``); it never raises
on bad content. Used by ``python -m pioneras check`` and, at build time, by
hooks/content_checks.py. Photo reports and page front matter are checked against
pioneras.schema; data/*.yml through pioneras.sitedata (the lead's loader).
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import get_args

import yaml
from pydantic import BaseModel, ValidationError

from pioneras.schema import Consent, FrontMatter, Report, problems
from pioneras.volunteer import privacy
from pioneras.volunteer.layout import DOCS, LANGUAGES, OS_JUNK, REPORT_PAGES, REPORTS, SLUG_RE, display
from pioneras.volunteer.problems import ERROR, INFO, Problem, bi
from pioneras.volunteer.translations import pages
from pioneras.yamlpos import line_of

FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
CONSENTS = get_args(Consent)  # given, withdrawn, no-people
CONSENT_VALUES = "given, no-people o/or withdrawn"
_LANG_ES = {"es": "en español", "en": "en inglés"}
_LANG_EN = {"es": "Spanish", "en": "English"}
# What to write in each empty photo text, said so a first-time volunteer can do it.
_TEXTS = {
    "caption": ("escriba el pie de foto (una frase sobre lo que pasa, sin apellidos ni lugares exactos)",
                "write the caption (one sentence on what is happening, no surnames or exact places)"),
    "alt": ("describa lo que se ve, para quien no puede ver la foto",
            "describe what the photo shows, for people who cannot see it"),
}


class _NoDates(yaml.SafeLoader):
    """Leaves dates as text, so pydantic reports '2024-13-45' with its line (PyYAML would crash)."""


_NoDates.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _read(path: Path, rel: str, found: list[Problem]) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        found.append(Problem(rel, 0, bi("guarde el archivo como UTF-8", "save the file as UTF-8")))
    except OSError as err:
        found.append(Problem(rel, 0, bi(f"no se puede leer ({err.strerror})", f"cannot be read ({err.strerror})")))
    return None


def _load_yaml(text: str, rel: str, found: list[Problem], offset: int = 0):
    """Parsed YAML, or None with the syntax error reported at its line."""
    try:
        return yaml.load(text, Loader=_NoDates)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = mark.line + 1 + offset if mark else 1 + offset
        what = getattr(err, "problem", None) or "error de sintaxis"
        found.append(Problem(rel, line, bi(
            f"el YAML no se puede leer ({what}): revise la sangría, los dos puntos y las comillas",
            f"the YAML cannot be read ({what}): check indentation, colons and quotes")))
        return None


def _validate(model: type[BaseModel], data, text: str, rel: str, offset: int = 0, explain=None) -> list[Problem]:
    """One Problem per pydantic error, at the YAML line of the field (pioneras.yamlpos)."""
    try:
        model.model_validate(data)
        return []
    except ValidationError as err:
        out = []
        for error, line in zip(err.errors(), problems(err)):
            text_line = explain(error, line) if explain else line
            if text_line:
                out.append(Problem(rel, line_of(text, error["loc"], offset), text_line))
        return out


# --- pages ---------------------------------------------------------------------------------
def _explain_front_matter(error: dict, line: str) -> str:
    if error["type"] == "extra_forbidden":
        key = str(error["loc"][-1])
        close = difflib.get_close_matches(key, FrontMatter.model_fields, n=1)
        if close:
            return bi(f"campo desconocido «{key}» en el encabezado: ¿quiso decir «{close[0]}»?",
                      f"unknown front-matter field '{key}': did you mean '{close[0]}'?")
        return bi(f"campo desconocido «{key}» en el encabezado: bórrelo",
                  f"unknown front-matter field '{key}': delete it")
    return line


def check_pages(root: Path, reports: bool = True) -> tuple[list[Problem], dict[str, set[str]]]:
    """Front matter of every page; also which report each page shows (slug -> languages)."""
    found: list[Problem] = []
    shows: dict[str, set[str]] = {}
    for lang in LANGUAGES:
        for name in sorted(pages(root, lang)):
            rel = f"{DOCS}/{lang}/{name}"
            text = _read(root / rel, rel, found)
            if text is None or not text.lstrip("\ufeff").startswith("---"):
                continue
            match = FRONT_MATTER.match(text)
            if not match:
                found.append(Problem(rel, 1, bi("el encabezado empieza con --- pero no se cierra: "
                                                "agregue otra línea --- al final del encabezado",
                                                "the front matter opens with --- but is never closed: "
                                                "add a --- line after it")))
                continue
            block = match.group(1) or ""
            data = _load_yaml(block, rel, found, offset=1)
            if data is None:
                continue
            if not isinstance(data, dict):
                found.append(Problem(rel, 2, bi("el encabezado debe ser pares «campo: valor»",
                                                "front matter must be 'key: value' lines")))
                continue
            found += _validate(FrontMatter, data, block, rel, 1, _explain_front_matter)
            slug = data.get("report")
            if isinstance(slug, str) and slug:
                shows.setdefault(slug, set()).add(lang)
                if reports and not (root / REPORTS / slug / "report.yml").is_file():
                    found.append(Problem(rel, line_of(block, ("report",), 1), bi(
                        f"el informe «{slug}» no existe (falta {REPORTS}/{slug}/report.yml): "
                        f"corrija el nombre o créelo con: python -m pioneras new-report {slug}",
                        f"report '{slug}' does not exist (no {REPORTS}/{slug}/report.yml): "
                        f"fix the name or create it with: python -m pioneras new-report {slug}")))
    return found, shows


def check_translations(root: Path) -> list[Problem]:
    """A page in one language only. Spanish-only is a notice: the site shows it under /en/
    with an "untranslated" note (hooks/i18n_fixes.py). English-only is an error: Spanish is
    the source, and such a page has no place at / at all."""
    found = {lang: pages(root, lang) for lang in LANGUAGES}
    out = []
    for lang, other in ((a, b) for a in LANGUAGES for b in LANGUAGES if a != b):
        level = INFO if lang == LANGUAGES[0] else ERROR
        for name in sorted(found[lang] - found[other]):
            out.append(Problem(f"{DOCS}/{lang}/{name}", 1, bi(
                f"falta su versión {_LANG_ES[other]} {DOCS}/{other}/{name}: créela con el mismo nombre de archivo",
                f"its {_LANG_EN[other]} version {DOCS}/{other}/{name} is missing: create it with the same file name"),
                level))
    return out


# --- photo reports -------------------------------------------------------------------------
def _consent_problem(who: tuple[str, str], value) -> str | None:
    """The consent line for one photo or testimonial; who = (Spanish, English) name of it."""
    who_es, who_en = who
    if value in (None, ""):
        return bi(f"{who_es}: falta el consentimiento: escriba consent: given solo si cada persona que "
                  "aparece dio su permiso (registrado), no-people si no se ve a nadie, o withdrawn; "
                  "sin eso no se publica",
                  f"{who_en}: consent is not recorded: write consent: given only if every person shown "
                  "agreed (on record), no-people if nobody is shown, or withdrawn; without it "
                  "nothing is published")
    if value not in CONSENTS:
        return bi(f"{who_es}: consent «{value}» no es válido: use {CONSENT_VALUES}",
                  f"{who_en}: consent '{value}' is not valid: use {CONSENT_VALUES}")
    return None


def _photo_name(data, index) -> str:
    try:
        return str(data["photos"][index]["file"])
    except (KeyError, IndexError, TypeError):
        return f"#{index + 1}"


def check_report(root: Path, folder: Path, shown_by: set[str]) -> list[Problem]:
    slug = folder.name
    rel = f"{REPORTS}/{slug}/report.yml"
    found: list[Problem] = []
    if not SLUG_RE.match(slug):
        found.append(Problem(f"{REPORTS}/{slug}", 0, bi(
            "nombre de carpeta no válido: use AAAA-MM-palabras en minúsculas, p. ej. 2024-05-taller-de-costura",
            "invalid folder name: use YYYY-MM-words in lowercase, e.g. 2024-05-sewing-workshop")))
    if not (folder / "report.yml").is_file():
        found.append(Problem(rel, 0, bi(
            f"falta report.yml: agregue las fotos con python -m pioneras intake {slug} FOTO...",
            f"report.yml is missing: add the photos with python -m pioneras intake {slug} PHOTO...")))
        return found
    text = _read(folder / "report.yml", rel, found)
    if text is None:
        return found
    data = _load_yaml(text, rel, found)
    if not isinstance(data, dict):
        if data is not None or not found:
            found.append(Problem(rel, 1, bi("report.yml debe tener date: y photos:, como en archetypes/photo-report/report.yml",
                                            "report.yml needs date: and photos:, as in archetypes/photo-report/report.yml")))
        return found
    entries = data.get("photos") if isinstance(data.get("photos"), list) else []
    withdrawn = {i for i, p in enumerate(entries) if isinstance(p, dict) and p.get("consent") == "withdrawn"}

    def explain(error: dict, line: str) -> str | None:
        loc = error["loc"]
        if len(loc) >= 2 and loc[0] == "photos" and isinstance(loc[1], int):
            if loc[1] in withdrawn:
                return None  # not published: its empty captions do not matter
            name = _photo_name(data, loc[1])
            if loc[2:] == ("consent",):
                entry = entries[loc[1]] if isinstance(entries[loc[1]], dict) else {}
                return _consent_problem((f"foto {name}", f"photo {name}"), entry.get("consent"))
            if len(loc) == 4 and loc[3] in _TEXTS and error["type"] in ("string_too_short", "missing", "string_type"):
                es, en = _TEXTS[loc[3]]
                lang_es, lang_en = _LANG_ES.get(loc[2], loc[2]), _LANG_EN.get(loc[2], loc[2])
                return bi(f"foto {name}: {loc[2]}.{loc[3]} ({lang_es}) está vacío: {es}",
                          f"photo {name}: {loc[2]}.{loc[3]} ({lang_en}) is empty: {en}")
            return f"{name}: {line}"
        return line

    found += _validate(Report, data, text, rel, explain=explain)
    for i in sorted(withdrawn):
        name = _photo_name(data, i)
        found.append(Problem(rel, line_of(text, ("photos", i)), bi(
            f"foto {name}: consentimiento retirado: se quitará del sitio en la próxima publicación; "
            "borre el archivo y su entrada, y avise para borrarla también del historial",
            f"photo {name}: consent withdrawn: it will be removed from the site at the next "
            "publication; delete the file and its entry, and ask a maintainer to purge it from history"),
            INFO))
    found += _check_files(folder, data, entries, withdrawn, text, rel)
    slug_match = SLUG_RE.match(slug)
    date = str(data.get("date", ""))
    if slug_match and re.match(r"\d{4}-\d\d", date) and date[:7] != slug[:7]:
        found.append(Problem(rel, line_of(text, ("date",)), bi(
            f"la fecha {date} no es del mes de la carpeta ({slug[:7]}): corrija una de las dos",
            f"date {date} is not in the folder's month ({slug[:7]}): fix one of them")))
    for lang in LANGUAGES:
        if lang not in shown_by:
            page = f"{DOCS}/{lang}/{REPORT_PAGES}/{slug}.md"
            found.append(Problem(rel, 1, bi(
                f"ninguna página muestra este informe en {lang}: cree {page} con «report: {slug}» "
                f"(python -m pioneras new-report {slug} lo hace)",
                f"no page shows this report in {lang}: create {page} with 'report: {slug}' "
                f"(python -m pioneras new-report {slug} does it)")))
    return found


def _check_files(folder: Path, data: dict, entries: list, withdrawn: set[int], text: str, rel: str) -> list[Problem]:
    """Photos listed but absent, present but unlisted, listed twice; a cover that is no photo."""
    found = []
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*")
               if p.is_file() and p.name != "report.yml" and p.name not in OS_JUNK
               and not any(part.startswith(".") for part in p.relative_to(folder).parts)}
    listed: set[str] = set()
    slug = folder.name
    for i, entry in enumerate(entries):
        name = entry.get("file") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name:
            continue
        line = line_of(text, ("photos", i, "file"))
        if name in listed:
            found.append(Problem(rel, line, bi(f"foto {name} aparece dos veces: borre una entrada",
                                               f"photo {name} is listed twice: delete one entry")))
        elif name not in present and i not in withdrawn:  # deleting a withdrawn photo is right
            found.append(Problem(rel, line, bi(
                f"foto {name}: el archivo no está en la carpeta: agréguelo con python -m pioneras "
                f"intake {slug} FOTO, corrija el nombre o borre la entrada",
                f"photo {name}: the file is not in the folder: add it with python -m pioneras "
                f"intake {slug} PHOTO, fix the name or delete the entry")))
        listed.add(name)
    photos_line = line_of(text, ("photos",))
    for name in sorted(present - listed):
        found.append(Problem(rel, photos_line, bi(
            f"el archivo {name} está en la carpeta pero no en photos: agregue su entrada o bórrelo",
            f"file {name} is in the folder but not under photos: add its entry or delete it")))
    cover = data.get("cover")
    if isinstance(cover, str) and cover and cover not in listed:
        found.append(Problem(rel, line_of(text, ("cover",)), bi(
            f"la portada {cover} no es una de las fotos de photos: corrija el nombre",
            f"cover {cover} is not one of the photos listed: fix the name")))
    return found


def check_reports(root: Path, shows: dict[str, set[str]]) -> list[Problem]:
    base = root / REPORTS
    folders = sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith(".")) if base.is_dir() else []
    found = []
    for folder in folders:
        found += check_report(root, folder, shows.get(folder.name, set()))
    return found


# --- data files ----------------------------------------------------------------------------
_LINE = re.compile(r"^(?P<path>.*?)(?::(?P<line>\d+))?: (?P<text>.*)$", re.S)
_TESTIMONIAL_CONSENT = re.compile(r"testimonials\.\d+\.consent: ")


def check_testimonials(root: Path) -> list[Problem]:
    """Recorded consent per testimonial, naming the person (sitedata's line gives only an index)."""
    rel = "data/testimonials.yml"
    path = root / rel
    if not path.is_file():
        return []
    found: list[Problem] = []
    text = _read(path, rel, found)
    try:
        data = yaml.safe_load(text) if text else None
    except yaml.YAMLError:
        return found  # pioneras.sitedata reports the syntax error with its line
    entries = data.get("testimonials") if isinstance(data, dict) else None
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, dict):
            continue
        person = entry.get("person") or f"#{i + 1}"
        who = (f"testimonio de {person}", f"testimonial by {person}")
        line = line_of(text, ("testimonials", i, "consent"))
        if entry.get("consent") == "withdrawn":
            found.append(Problem(rel, line, bi(
                f"{who[0]}: consentimiento retirado: se quitará del sitio en la próxima publicación",
                f"{who[1]}: consent withdrawn: it will be removed from the site at the next publication"), INFO))
        else:
            problem = _consent_problem(who, entry.get("consent"))
            if problem:
                found.append(Problem(rel, line, problem))
    return found


def check_site_data(root: Path) -> list[Problem]:
    """data/*.yml through the lead's loader, when it exists (imported lazily)."""
    try:
        from pioneras.sitedata import load_site_data
    except ModuleNotFoundError as err:
        if err.name in ("pioneras.sitedata",):
            return []
        raise
    data_dir = root / "data"
    if not data_dir.is_dir():
        return []
    loaded = load_site_data(data_dir)
    out = []
    for message in loaded.errors:
        if _TESTIMONIAL_CONSENT.search(message):
            continue  # check_testimonials says the same, naming the person
        match = _LINE.match(message)   # sitedata names files relative to the project ("data/…")
        out.append(Problem(match["path"], int(match["line"] or 0), match["text"]))
    waiting: dict[str, list[str]] = {}
    for name in loaded.placeholders:  # one line per file: they are expected, not mistakes
        file, _, field = name.partition(".")
        waiting.setdefault(file, []).append(field)
    for file, fields in waiting.items():
        listed = ", ".join(fields)
        out.append(Problem(f"data/{file}.yml", 0, bi(
            f"por confirmar (vacío hasta que un responsable lo confirme por escrito): {listed}",
            f"to be confirmed (empty until a maintainer confirms it in writing): {listed}"), INFO))
    return out + check_testimonials(root)


# --- everything ----------------------------------------------------------------------------
def privacy_problems(root: Path) -> list[Problem]:
    leaks = privacy.scan([root / DOCS])
    return [Problem(display(p, root), 0, privacy.leak_text(display(p, root), labels)) for p, labels in leaks]


def check(root: Path, *, site_data: bool = True, reports: bool = True) -> list[Problem]:
    """Every problem of the site's content.

    The build hook turns off what another hook already logs: ``site_data`` (hooks/site_data.py)
    and ``reports`` (the photo pipeline's hook checks report folders and report links).
    """
    page_problems, shows = check_pages(root, reports)
    found = page_problems + check_translations(root) + privacy_problems(root)
    if reports:
        found += check_reports(root, shows)
    if site_data:
        found += check_site_data(root)
    return sorted(set(found))
