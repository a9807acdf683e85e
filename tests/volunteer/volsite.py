"""A tiny site for the volunteer tools' tests, and what ``check`` says about it.

A plain module (not conftest) so the test files can import its helpers.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from pioneras.check import check
from pioneras.problems import Problem

ROOT = Path(__file__).resolve().parents[2]

# Two languages, declared as the real mkdocs.yml does (static-i18n's list), and no nav:
# MkDocs then lists every page itself.
MKDOCS_YML = """\
site_name: prueba
plugins:
  - i18n:
      docs_structure: folder
      languages:
        - {locale: es, default: true, name: Español, build: true}
        - {locale: en, name: English, build: true}
"""


def make_site(root: Path) -> Path:
    """mkdocs.yml (es, en), empty docs/es, docs/en, docs/photo-reports, the real data/
    files and the real archetypes."""
    for folder in ("docs/es", "docs/en", "docs/photo-reports"):
        (root / folder).mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "archetypes", root / "archetypes")
    return root


def write(site: Path, rel: str, text: str) -> Path:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def found(site: Path, under: str = "docs/") -> list[Problem]:
    """What ``check`` says about the files under ``under`` (the real data/ files' notices,
    values nobody has confirmed yet, are left out by the default)."""
    return [p for p in check(site) if p.path.startswith(under)]


def where(problems: list[Problem]) -> list[tuple[str, int, str, str]]:
    """(path, line, code, level) of each problem, in check's order."""
    return [(p.path, p.line, p.code, p.level) for p in problems]
