"""The publish gate: every file under docs/ is classified once, before MkDocs copies anything.

MkDocs publishes whatever it finds in docs/, byte for byte, and follows symbolic links
while looking. On a site whose contributors photograph women who survived violence, that
is the wrong default: a phone video (which records the place by default), a photo saved
next to a page, a GIF with XMP, or a link to a folder outside the repository would all be
published without a word. So the rule is the other way round: only what is listed here
may be published, and everything else is refused by name, with what to do.

    docs/<lang>/**.md                    a page (<lang>: the languages in mkdocs.yml)
    docs/assets/**                       the site's own files, of the ASSET_TYPES below;
                                         images checked for metadata, SVG also for code
    docs/photo-reports/<report>/<photo>  a report's original: never published as it is,
                                         only through the image pipeline, with consent
    docs/photo-reports/<report>/report.yml, docs/photo-reports/README.md: read, not published
    hidden files, Thumbs.db, desktop.ini not published, never worth a message

Refused: audio and video; images anywhere else; pages outside a language folder; any
other type; anything that is not a regular file; and any symbolic link under docs/,
data/ or overrides/ (the gate never follows one, and the build stops before MkDocs can).
Folder names match exactly: ``docs/Photo-Reports/`` is not the reports folder.

The privacy guard (``privacy-check``, pre-commit, CI) asks this same module, so the guard
and the build cannot disagree on what may exist under docs/.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from pioneras.problems import Problem, problem
from pioneras.project import ASSETS, DATA, OVERRIDES, REPORTS, Project

from . import metadata
from .facts import Facts, FactsCache

# The site's own files that docs/assets/ may hold. Images among them are scanned for
# metadata (and SVG for code) like any photo.
ASSET_TYPES = {
    ".css": "text", ".js": "text", ".map": "text", ".json": "text", ".webmanifest": "text",
    ".svg": "image", ".png": "image", ".jpg": "image", ".jpeg": "image", ".webp": "image",
    ".avif": "image", ".gif": "image", ".ico": "image",
    ".woff2": "font", ".woff": "font",
}
# What a report folder may hold besides report.yml: what the image pipeline can read
# (camera RAW files included, so that its decoder can say "export it as JPEG").
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".jpe", ".png", ".webp", ".avif", ".heic", ".heif", ".tif", ".tiff",
                  ".dng", ".cr2", ".cr3", ".nef", ".nrw", ".arw", ".orf", ".rw2", ".raf", ".srw", ".pef", ".raw"}
IMAGE_SUFFIXES = PHOTO_SUFFIXES | {".gif", ".svg", ".bmp", ".ico", ".psd", ".jxl"}
MEDIA_SUFFIXES = {".mp4", ".mov", ".m4v", ".3gp", ".3g2", ".avi", ".mkv", ".webm", ".wmv", ".mpg", ".mpeg",
                  ".mp3", ".m4a", ".aac", ".wav", ".ogg", ".oga", ".opus", ".flac", ".amr", ".wma", ".caf"}
OS_JUNK = {"Thumbs.db", "desktop.ini", "ehthumbs.db"}
REPORT_FILE = "report.yml"
VOLUNTEER_DOCS = {f"{REPORTS}/README.md"}


@dataclass
class Inventory:
    """What docs/ holds, by kind (paths relative to docs/, with '/'), and what was refused."""

    pages: dict[str, Path] = field(default_factory=dict)          # "es/historia.md"
    assets: dict[str, Path] = field(default_factory=dict)         # "assets/images/logo.svg"
    reports: dict[str, dict[str, Path]] = field(default_factory=dict)   # report -> name -> path
    facts: dict[str, Facts] = field(default_factory=dict)         # images looked inside
    problems: list[Problem] = field(default_factory=list)
    symlinks: list[str] = field(default_factory=list)             # MkDocs must not walk docs/

    def publishable(self, src_uri: str) -> bool:
        """May MkDocs publish this file (as a page, or copied as it is)?"""
        return src_uri in self.pages or src_uri in self.assets


def take_inventory(project: Project, facts: FactsCache | None = None) -> Inventory:
    facts = facts or FactsCache(None)
    inventory = Inventory()
    for folder in (project.root / DATA, project.root / OVERRIDES):
        _refuse_links(project, folder, inventory)
    docs = project.docs
    if docs.is_symlink():
        _symlink(project, docs, inventory)
        return inventory
    for here, dirs, names in os.walk(docs, followlinks=False):
        base = Path(here)
        for name in sorted(dirs):
            if (base / name).is_symlink():
                _symlink(project, base / name, inventory)
        dirs[:] = sorted(d for d in dirs if not (base / d).is_symlink())
        # (base / name).relative_to(docs).as_posix(), worked out once per folder: a report
        # folder holds a thousand photos.
        folder = base.relative_to(docs).as_posix()
        for name in sorted(names):
            _classify(project, base / name, name if folder == "." else f"{folder}/{name}", inventory, facts)
    return inventory


def _refuse_links(project: Project, folder: Path, inventory: Inventory) -> None:
    if folder.is_symlink():
        _symlink(project, folder, inventory)
        return
    for here, dirs, names in os.walk(folder, followlinks=False):
        for name in dirs + names:
            if (Path(here) / name).is_symlink():
                _symlink(project, Path(here) / name, inventory)


def _symlink(project: Project, path: Path, inventory: Inventory) -> None:
    inventory.symlinks.append(project.shown(path))
    inventory.problems.append(problem("gate.symlink", project.shown(path)))


def _classify(project: Project, path: Path, rel: str, inventory: Inventory, facts: FactsCache) -> None:
    shown = project.shown(path)
    parts = rel.split("/")
    name, suffix = parts[-1], Path(parts[-1]).suffix.lower()
    add = inventory.problems.append
    st = os.lstat(path)         # one system call tells a link, a file, and the file's facts
    if stat.S_ISLNK(st.st_mode):
        _symlink(project, path, inventory)
        return
    if not stat.S_ISREG(st.st_mode):
        add(problem("gate.not-a-file", shown))
        return
    kind = _kind(path, suffix)
    if kind == "media":             # even hidden: it is still in the public repository
        add(problem("gate.media", shown))
        return
    if any(p.startswith(".") for p in parts) or name in OS_JUNK:
        # Never published (MkDocs skips dotfiles too), but still in the public repository.
        if kind == "image" and (found := facts.of(path, shown)).labels:
            add(problem("privacy.metadata", shown, **_labels(found.labels)))
        return
    top = parts[0]
    if top in project.languages and len(parts) > 1:
        if suffix == ".md":
            inventory.pages[rel] = path
        elif kind == "image":
            add(problem("gate.image-outside", shown, report_example=_report_example(project)))
        else:
            add(problem("gate.unknown-type", shown, suffix=suffix or name))
    elif top == ASSETS and len(parts) > 1:
        if suffix not in ASSET_TYPES:
            add(problem("gate.unknown-type", shown, suffix=suffix or name))
            return
        if ASSET_TYPES[suffix] == "image" or kind == "image":     # a photo renamed datos.json too
            found = facts.of(path, shown)
            inventory.facts[rel] = found
            if found.labels:
                add(problem("gate.asset-metadata", shown, **_labels(found.labels)))
                return
        inventory.assets[rel] = path
    elif top == REPORTS and len(parts) > 1:
        _report_file(project, path, rel, parts, suffix, inventory, facts, st, shown)
    elif rel in VOLUNTEER_DOCS:
        return
    else:
        _outside(project, path, rel, parts, suffix, kind, inventory)


def _report_file(project: Project, path: Path, rel: str, parts: list[str], suffix: str,
                 inventory: Inventory, facts: FactsCache, st: os.stat_result | None = None,
                 shown: str | None = None) -> None:
    shown = shown or project.shown(path)
    if rel in VOLUNTEER_DOCS:
        return
    if len(parts) == 2:
        inventory.problems.append(problem("gate.report-loose", shown))
        return
    if len(parts) > 3:
        inventory.problems.append(problem("gate.report-subfolder", shown, report=parts[1]))
        return
    if parts[2] != REPORT_FILE and suffix not in PHOTO_SUFFIXES:
        inventory.problems.append(problem("gate.report-file", shown, suffix=suffix or parts[2]))
        return
    inventory.reports.setdefault(parts[1], {})[parts[2]] = path
    if parts[2] != REPORT_FILE:
        found = facts.of(path, shown, st)
        inventory.facts[rel] = found
        if found.labels:
            inventory.problems.append(problem("privacy.metadata", shown, **_labels(found.labels)))


def _outside(project: Project, path: Path, rel: str, parts: list[str], suffix: str, kind: str,
             inventory: Inventory) -> None:
    """A file in docs/ but outside every known place: say where it belongs."""
    shown = project.shown(path)
    known = {lang.lower(): lang for lang in project.languages} | {ASSETS: ASSETS, REPORTS: REPORTS}
    if len(parts) > 1 and parts[0].lower() in known and parts[0] not in known.values():
        inventory.problems.append(problem("gate.folder-case", shown, wrong=parts[0],
                                          right=f"{project.docs_shown}/{known[parts[0].lower()]}/"))
    elif kind == "image":
        inventory.problems.append(problem("gate.image-outside", shown, report_example=_report_example(project)))
    elif suffix == ".md":
        inventory.problems.append(problem("gate.page-outside", shown, default=project.default_language,
                                          docs=project.docs_shown))
    else:
        inventory.problems.append(problem("gate.unknown-type", shown, suffix=suffix or parts[-1]))


# Text types: their first bytes are read too (a GPS photo renamed notas.txt is still a
# photo), but only a photo's signature counts, since text may begin like an MP3 ("ID3")
# or a GIF ("GIF89a") without being one.
TEXT_SUFFIXES = {".md", ".css", ".js", ".yml", ".yaml", ".txt", ".json"}
PHOTO_SIGNATURES = {"jpeg", "png", "webp", "tiff", "heif"}


def _kind(path: Path, suffix: str) -> str:
    """'media', 'image' or '' — by name first, then by the first bytes (a photo named 'foto')."""
    if suffix in MEDIA_SUFFIXES:
        return "media"
    if suffix in IMAGE_SUFFIXES:
        return "image"
    try:
        with open(path, "rb") as f:
            head = f.read(16)
    except OSError:
        return ""
    sniffed = metadata.sniff(head)
    if suffix in TEXT_SUFFIXES:
        return "image" if sniffed in PHOTO_SIGNATURES else ""
    return "media" if sniffed == "media" else ("image" if sniffed else "")


def _labels(labels) -> dict[str, str]:
    return {"labels_es": ", ".join(es for es, _ in labels), "labels_en": ", ".join(en for _, en in labels)}


def _report_example(project: Project) -> str:
    return f"{project.docs_shown}/{REPORTS}/2025-05-taller"


def check_file(project: Project, path: Path, facts: FactsCache | None = None) -> list[Problem]:
    """What the gate says of one file (the privacy guard's staged files): under docs/, the
    same rules as the build; elsewhere in the repository, metadata and media only."""
    facts = facts or FactsCache(None)
    inventory = Inventory()
    path = Path(path).absolute()
    try:
        rel = path.relative_to(project.docs.absolute()).as_posix()
    except ValueError:
        rel = None
    if path.is_symlink():
        _symlink(project, path, inventory)
    elif rel is not None:
        _classify(project, path, rel, inventory, facts)
    elif path.is_file():
        shown = project.shown(path)
        kind = _kind(path, path.suffix.lower())
        if kind == "media":
            inventory.problems.append(problem("privacy.media", shown))
        elif kind == "image" and (found := facts.of(path, shown)).labels:
            inventory.problems.append(problem("privacy.metadata", shown, **_labels(found.labels)))
    return inventory.problems
