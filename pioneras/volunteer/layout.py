"""Where things live in the site's tree, and how to find the tree from the current folder."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from .problems import VolunteerError

LANGUAGES = ("es", "en")            # Spanish is the default language and the source text
DOCS = "docs"
REPORTS = "docs/photo-reports"      # one folder per photo report: report.yml + original photos
REPORT_PAGES = "informes-fotograficos"  # docs/<lang>/informes-fotograficos/<slug>.md
ARCHETYPES = "archetypes"
# Files operating systems drop into folders: never photos, never worth a message.
OS_JUNK = {".DS_Store", "Thumbs.db", "desktop.ini"}
# Folders never scanned: tools, caches and the built site are not published from the repo.
SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "site", ".cache", "__pycache__", ".pytest_cache"}

# yyyy-mm-words: the month makes folders sort by date, the words say what happened.
# (The same rule as pioneras/images/reports.py, which publishes these folders.)
SLUG_RE = re.compile(r"^(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])-[a-z0-9]+(-[a-z0-9]+)*$")
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
    if not SLUG_RE.match(slug):
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
