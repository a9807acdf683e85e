"""The project's shape: where things live, which languages exist, what the build is set to.

Languages are declared once, in the i18n plugin's list in mkdocs.yml; everything else
(folders read, hreflang, sitemaps, search indexes, feeds, the words of each language)
derives from ``Project.languages``. The build makes its Project from the configuration
MkDocs loaded (``Project.create``); the volunteers' commands, which do not run MkDocs,
read the same mkdocs.yml (``Project.from_mkdocs_yml``); a test checks the two agree.

Folder names are this project's conventions, written once here:

    docs/<lang>/                      pages, the same file name in every language
    docs/<lang>/historias/            stories (posts)
    docs/<lang>/informes-fotograficos/  the page of each photo report
    docs/photo-reports/<yyyy-mm-name>/  a report's original photos and report.yml
    docs/assets/                      the site's own CSS, JavaScript and images
    data/                             facts that are not page text (donation, contact, words)
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pioneras import settings as settings_module
from pioneras.problems import Problem

STORIES = "historias"
REPORT_PAGES = "informes-fotograficos"
REPORTS = "photo-reports"
ASSETS = "assets"
DATA = "data"
OVERRIDES = "overrides"


@dataclass(frozen=True)
class Project:
    root: Path
    docs: Path                          # docs_dir
    languages: tuple[str, ...]          # the default language first
    site_url: str = ""
    nav: tuple[str, ...] = ()           # page paths the nav names, relative to a language folder
    not_in_nav: str = ""                # MkDocs' not_in_nav patterns (gitignore style)
    settings: settings_module.Settings = field(default_factory=settings_module.Settings)
    problems: tuple[Problem, ...] = ()  # what was wrong in the configuration itself

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def prefix(self, lang: str) -> str:
        """'' for the default language (served at /), 'en/' for the others."""
        return "" if lang == self.default_language else f"{lang}/"

    @functools.cached_property
    def _root_prefix(self) -> str:
        return os.path.join(os.path.abspath(self.root), "")

    def shown(self, path: Path | str) -> str:
        """A path as volunteers see it: relative to the project, with '/'."""
        full = os.path.abspath(path)
        if full.startswith(self._root_prefix):      # the usual case, said for every page and photo
            return full[len(self._root_prefix):].replace(os.sep, "/")
        rel = os.path.relpath(full, os.path.abspath(self.root))
        return Path(path).as_posix() if rel.startswith("..") else Path(rel).as_posix()

    @property
    def docs_shown(self) -> str:
        return self.shown(self.docs)

    def cache_dir(self, configured: str) -> Path:
        path = Path(configured)
        return path if path.is_absolute() else self.root / path

    # --- construction ---------------------------------------------------------------------

    @classmethod
    def create(cls, root: Path, docs: Path, languages: list[str], *, site_url: str = "",
               nav: object = None, not_in_nav: str = "", extra: object = None,
               environ: dict | None = None) -> "Project":
        """From values MkDocs (or mkdocs.yml) gives; settings are validated here."""
        settings, problems = settings_module.read(extra, environ, line_of=_mkdocs_yml_lines(root))
        return cls(Path(root), Path(docs), tuple(languages), site_url or "",
                   tuple(_nav_pages(nav)), not_in_nav or "", settings, tuple(problems))

    @classmethod
    def from_mkdocs_yml(cls, root: Path, environ: dict | None = None) -> "Project":
        """The project as the volunteers' commands see it, without running MkDocs."""
        root = Path(root)
        config = _read_mkdocs_yml(root / "mkdocs.yml", environ)
        i18n = next((p["i18n"] for p in config.get("plugins") or []
                     if isinstance(p, dict) and "i18n" in p), None) or {}
        languages = [entry["locale"] for entry in sorted(
            i18n.get("languages") or [], key=lambda e: not e.get("default"))
            if entry.get("build", True)] or ["es"]
        extra = (config.get("extra") or {}).get("pioneras")
        return cls.create(root, root / config.get("docs_dir", "docs"), languages,
                          site_url=config.get("site_url") or "", nav=config.get("nav"),
                          not_in_nav=config.get("not_in_nav") or "", extra=extra, environ=environ)


def _nav_pages(nav: object) -> list[str]:
    """Every page path named in a MkDocs nav (nested lists and {title: path} mappings)."""
    out: list[str] = []
    if isinstance(nav, str):
        if not nav.startswith(("http://", "https://")):
            out.append(nav)
    elif isinstance(nav, list):
        for item in nav:
            out += _nav_pages(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            out += _nav_pages(value)
    return out


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml's own tags: ``!ENV`` resolved as MkDocs does, ``!!python/name:`` kept as text."""


def _env_tag(environ):
    def construct(loader, node):
        names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) \
            else [loader.construct_scalar(node)]
        *variables, default = names if len(names) > 1 else (*names, None)
        for name in variables:
            if environ.get(name):
                return environ[name]
        return default
    return construct


def _read_mkdocs_yml(path: Path, environ: dict | None) -> dict:
    loader_cls = type("Loader", (_ConfigLoader,), {})
    loader_cls.add_constructor("!ENV", _env_tag(os.environ if environ is None else environ))
    loader_cls.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: suffix)
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=loader_cls) or {}   # noqa: S506 - a SafeLoader subclass


def _mkdocs_yml_lines(root: Path):
    """line_of(loc) for mkdocs.yml, parsed only when a settings problem needs a line."""
    def line_of(loc: tuple) -> int:
        from pioneras.yamlsafe import Located
        try:
            text = (Path(root) / "mkdocs.yml").read_text(encoding="utf-8")
            return Located(yaml.compose(text, Loader=_ConfigLoader)).line(loc)
        except (OSError, yaml.YAMLError):
            return 0
    return line_of
