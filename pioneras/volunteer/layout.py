"""Where the volunteers' commands find the site, and how they name files and paths.

Folder names and languages are the project's (pioneras.project, read from mkdocs.yml);
this module only finds the project from the current folder and spells names safely.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from pioneras.content.schema import REPORT_SLUG

from .problems import VolunteerError

ARCHETYPES = "archetypes"
# Folders never scanned by the privacy guard: tools, caches and the built site.
SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "site", ".cache", "__pycache__", ".pytest_cache"}
SLUG_HINT_ES = "use AAAA-MM-palabras en minúsculas sin tildes, p. ej. 2024-05-taller-de-costura"
SLUG_HINT_EN = "use YYYY-MM-words in lowercase without accents, e.g. 2024-05-sewing-workshop"


def find_root(start: Path | None = None) -> Path:
    """The site's folder: the nearest folder holding mkdocs.yml, from ``start`` upwards."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    raise VolunteerError(
        f"no encuentro el sitio (mkdocs.yml) en {here} ni más arriba: abra la terminal en la "
        "carpeta del sitio (las-pioneras) y repita el comando",
        f"cannot find the site (mkdocs.yml) in {here} or above: open the terminal in the site's "
        "folder (las-pioneras) and run the command again",
    )


def check_slug(slug: str) -> str:
    """The report folder name, or a plain error. Accepts a path and keeps its last part."""
    slug = slug.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    if not REPORT_SLUG.match(slug):
        raise VolunteerError(f"nombre de informe no válido «{slug}»: {SLUG_HINT_ES}",
                             f"invalid report name '{slug}': {SLUG_HINT_EN}")
    return slug


def display(path: Path, root: Path | None = None) -> str:
    """A path as volunteers see it: relative to the site (or the current folder), with '/'."""
    path = Path(path)
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return path.resolve().relative_to(Path(base).resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def shell_quote(text: str) -> str:
    """Quote a path for a command line that works in cmd, PowerShell and bash alike."""
    return f'"{text}"' if re.search(r"[^\w./:\\-]", text) else text


def slugify(text: str, fallback: str = "foto") -> str:
    """Lowercase ASCII words joined by '-': 'Foto Niña (1)' -> 'foto-nina-1'.

    Safe in URLs, on every file system and in a shell, and the same on Windows.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)[:60].strip("-") or fallback
