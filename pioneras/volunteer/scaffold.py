"""``new-report`` and ``new-page``: both languages from archetypes/, never overwriting.

Archetypes are plain files with $placeholders (Python's string.Template), like Hugo's
archetypes: maintainers change what new pages look like without touching code.
"""
from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from string import Template

from pioneras.content.schema import REPORT_SLUG
from pioneras.project import REPORT_PAGES, REPORTS, Project

from .layout import ARCHETYPES, check_slug, display, slugify
from .problems import VolunteerError

PHOTO_ENTRY = "photo-report/photo.yml"  # one photo's entry in report.yml, with $file


def archetype(root: Path, name: str, fallback: str | None = None) -> str:
    path = root / ARCHETYPES / name
    if fallback and not path.is_file():         # a language with no archetype of its own yet
        path = root / ARCHETYPES / fallback
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise VolunteerError(f"falta la plantilla {ARCHETYPES}/{name}: restáurela desde el repositorio",
                             f"template {ARCHETYPES}/{name} is missing: restore it from the repository") from None


def render(root: Path, name: str, fallback: str | None = None, **values: str) -> str:
    values |= {k + "_yaml": json.dumps(v, ensure_ascii=False) for k, v in list(values.items())}
    try:
        return Template(archetype(root, name, fallback)).substitute(values)
    except (KeyError, ValueError) as err:
        raise VolunteerError(f"la plantilla {ARCHETYPES}/{name} usa un marcador desconocido {err}",
                             f"template {ARCHETYPES}/{name} uses an unknown placeholder {err}") from None


def title_from_slug(slug: str) -> str:
    words = slug.split("-")[2:]
    return " ".join(words).capitalize()


def write_missing(root: Path, files: dict[Path, str]) -> list[Path]:
    """Write the files that do not exist yet; refuse when all of them do."""
    existing = [p for p in files if p.exists()]
    if len(existing) == len(files):
        names = ", ".join(display(p, root) for p in existing)
        raise VolunteerError(f"ya existe: {names}. No se sobrescribe nada: edite esos archivos",
                             f"already exists: {names}. Nothing is overwritten: edit those files")
    created = []
    for path, text in files.items():
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as f:  # "x": never overwrite
            f.write(text)
        created.append(path)
    return created


def _titles(project: Project, given: dict[str, str | None], default: str) -> dict[str, str]:
    """A title per language: the one given, else the default language's, else ``default``."""
    first = given.get(project.default_language) or default
    return {lang: given.get(lang) or first for lang in project.languages}


def report_files(project: Project, slug: str, titles: dict[str, str | None]) -> dict[Path, str]:
    match = REPORT_SLUG.match(slug)
    root, default = project.root, project.default_language
    values = {"slug": slug, "date": f"{match['year']}-{match['month']}-01"}
    files = {project.docs / REPORTS / slug / "report.yml": render(root, "photo-report/report.yml", **values)}
    for lang, title in _titles(project, titles, title_from_slug(slug)).items():
        files[project.docs / lang / REPORT_PAGES / f"{slug}.md"] = render(
            root, f"photo-report/page.{lang}.md", f"photo-report/page.{default}.md",
            title=title, description=title, **values)
    return files


def new_report(project: Project, slug: str, titles: dict[str, str | None]) -> list[Path]:
    slug = check_slug(slug)
    return write_missing(project.root, report_files(project, slug, titles))


def page_path(project: Project, name: str) -> PurePosixPath:
    """'docs/es/Nuestra Historia' -> nuestra-historia.md (same name in every language)."""
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    if parts[:1] == [project.docs_shown]:
        parts = parts[1:]
    if parts[:1] and parts[0] in project.languages:
        parts = parts[1:]
    if not parts or ".." in parts:
        raise VolunteerError(f"ruta de página no válida «{name}»: use p. ej. nosotras/equipo.md",
                             f"invalid page path '{name}': use e.g. nosotras/equipo.md")
    stem = parts[-1][:-3] if parts[-1].endswith(".md") else parts[-1]
    return PurePosixPath(*[slugify(p, "pagina") for p in parts[:-1]], slugify(stem, "pagina") + ".md")


def new_page(project: Project, name: str, titles: dict[str, str | None]) -> list[Path]:
    rel = page_path(project, name)
    files = {
        project.docs / lang / rel: render(project.root, f"page.{lang}.md", f"page.{project.default_language}.md",
                                          title=title, description=title)
        for lang, title in _titles(project, titles, rel.stem).items()
    }
    return write_missing(project.root, files)
