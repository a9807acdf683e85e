"""A small site with the project's real hooks, templates and settings, made by the tests.

Used where the real site is too big to vary (the image pipeline's build, a third language):
``make_site(root, languages)`` writes mkdocs.yml (the real one's theme, plugins, hooks and
validation, with these languages), copies hooks/, overrides/ and the card fonts, writes
minimal data files with a text in every language, and the home, stories and reports index
pages of each language. Tests add reports and pages to it.
"""
from __future__ import annotations

import copy
import re
import shutil
import textwrap
from pathlib import Path

import yaml

from sitebuild import ROOT

NAMES = {"es": "Español", "en": "English", "fr": "Français", "de": "Deutsch", "qu": "Runasimi"}
MKDOCS_YML = """\
site_name: Mini
site_url: https://example.org/mini/
docs_dir: docs
use_directory_urls: true
strict: true
theme:
  name: material
  custom_dir: overrides
  language: {default}
  font: false
  features: [navigation.tabs]
plugins:
  - search
  - glightbox:
      manual: true
      auto_caption: false
  - i18n:
      docs_structure: folder
      fallback_to_default: true
      reconfigure_material: true
      reconfigure_search: false
      languages:
{languages}
nav:
  - Inicio: index.md
  - Historias: historias/index.md
  - Informes: informes-fotograficos/index.md
hooks:
{hooks}
markdown_extensions: [attr_list, md_in_html, admonition, toc]
validation:
  nav: {{omitted_files: warn, not_found: warn, absolute_links: warn}}
  links: {{not_found: warn, anchors: warn, absolute_links: warn, unrecognized_links: warn}}
extra:
  generator: false
  pioneras:
    photos:
      avif: {{widths: [96, 192], quality: 50, effort: 10}}
      webp: {{widths: [96, 192], quality: 70, effort: 0}}
      jpeg: {{widths: [192], quality: 70}}
      workers: 0
    examples: always
"""


def _real_hooks() -> list[str]:
    """The hooks of the real mkdocs.yml, in its order."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = text.split("\nhooks:\n", 1)[1]
    return re.findall(r"^  - (\S+)", block.split("\n\n", 1)[0], re.M)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def make_site(root: Path, languages: tuple[str, ...] = ("es", "en")) -> Path:
    default = languages[0]
    entries = "\n".join(
        f"        - {{locale: {lang}, name: {NAMES.get(lang, lang)}, build: true"
        + (", default: true" if lang == default else ", site_name: Mini") + "}"
        for lang in languages)
    hooks = "\n".join(f"  - {h}" for h in _real_hooks())
    write(root / "mkdocs.yml", MKDOCS_YML.format(default=default, languages=entries, hooks=hooks))
    for part in ("hooks", "overrides"):
        shutil.copytree(ROOT / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "assets", root / "assets")
    shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets")
    _data(root, languages)
    for lang in languages:
        write(root / "docs" / lang / "index.md", f"---\ntitle: Inicio {lang}\n---\n\n# Inicio {lang}\n\nTexto {lang}.\n")
        write(root / "docs" / lang / "historias" / "index.md",
              f"---\ntitle: Historias {lang}\ntemplate: blog-stories.html\n---\n\n# Historias {lang}\n")
        write(root / "docs" / lang / "informes-fotograficos" / "index.md",
              f"---\ntitle: Informes {lang}\ntemplate: photo-reports.html\n---\n\n# Informes {lang}\n")
    return root


def _data(root: Path, languages: tuple[str, ...]) -> None:
    words = yaml.safe_load((ROOT / "data" / "ui.yml").read_text(encoding="utf-8"))
    ui = {}
    for lang in languages:
        block = words.get(lang) or dict(copy.deepcopy(words["en"]), locale=f"{lang}_{lang.upper()}")
        ui[lang] = block
    write(root / "data" / "ui.yml", yaml.safe_dump(ui, allow_unicode=True, sort_keys=False))
    per_lang = lambda text: {lang: f"{text} ({lang})" for lang in languages}  # noqa: E731
    write(root / "data" / "stories.yml", yaml.safe_dump(
        {"categories": {"historia": per_lang("Historia")}}, allow_unicode=True))
    write(root / "data" / "contact.yml", yaml.safe_dump(
        {"organisation": "IDEMNNA", "supporter": "EcoSolidar", "supporter_place": per_lang("Basel"),
         "supporter_url": "https://www.ecosolidar.ch/en/las-pioneras-for-a-better-life/",
         "address": None, "email": None, "phone": None}, allow_unicode=True))
    write(root / "data" / "donation.yml", "recipient: null\niban: null\n")
    write(root / "data" / "testimonials.yml", "testimonials: []\n")


def story(root: Path, lang: str, name: str, title: str, cover: str, date: str = "2025-05-20",
          categories: str = "[historia]") -> Path:
    return write(root / "docs" / lang / "historias" / f"{name}.md", f"""\
        ---
        title: {title}
        date: {date}
        summary: Resumen de {title}.
        categories: {categories}
        cover: {cover}
        ---

        Texto de la historia {title}.
        """)
