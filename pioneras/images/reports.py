"""Read the photo-report folders: ``docs/photo-reports/<yyyy-mm-slug>/report.yml`` + photos.

The schema (pioneras.schema) checks each field; this module checks what only the
folder can tell: listed files that are missing, files present but not listed, twice
listed, a cover that is not in the list, report pages missing in a language.  Every
problem is collected (nothing stops at the first one) and each entry is validated on its
own, so one bad entry does not hide the others or the report's good photos.

An entry without a valid ``consent`` is never published; ``consent: withdrawn`` removes
the photo from every page, every variant and the next build's output.
"""
from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from babel.dates import format_skeleton
from pydantic import ValidationError

from pioneras.schema import LANGUAGES, Photo, Report, problems

from . import errors

SLUG = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-[a-z0-9]+(-[a-z0-9]+)*$")
REPORT_FILE = "report.yml"
# Files the operating system drops into folders; never photos, never worth a message.
IGNORED = {".DS_Store", "Thumbs.db", "desktop.ini"}


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe YAML (libyaml's parser when present: ten times faster on a long report),
    except that dates stay text: PyYAML would raise a bare ValueError on 2025-13-01,
    while the schema turns it into a plain "use YYYY-MM-DD" message."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class PhotoEntry:
    photo: Photo
    path: Path  # the original (read only)
    shown: str  # path as the volunteer sees it, for messages


@dataclass
class ReportFolder:
    slug: str
    path: Path
    report: Report | None  # None when report-level fields are invalid
    entries: list[PhotoEntry] = field(default_factory=list)  # valid, published, present
    withdrawn: set[str] = field(default_factory=set)  # files listed with consent: withdrawn

    @property
    def date(self) -> dt.date | None:
        return self.report.date if self.report else None

    def cover(self) -> PhotoEntry | None:
        """The chosen cover if it is published, else the first published photo."""
        wanted = self.report.cover if self.report else None
        for e in self.entries:
            if e.photo.file == wanted:
                return e
        return self.entries[0] if self.entries else None


def scan(docs_dir: Path, reports_dir: str, pages_dir: str, root: Path) -> tuple[list[ReportFolder], list[errors.Problem]]:
    """All report folders under ``docs_dir/reports_dir`` and every problem found.

    ``root`` is the repository root, to show paths as volunteers see them.
    """
    base = Path(docs_dir) / reports_dir
    found: list[ReportFolder] = []
    probs: list[errors.Problem] = []
    if not base.is_dir():
        return found, probs
    for folder in sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith(".")):
        shown = _shown(folder, root)
        if not SLUG.match(folder.name):
            probs.append(errors.bad_folder_name(shown))
            continue
        report, folder_probs = _read_folder(folder, root)
        probs += folder_probs
        if report is not None:
            found.append(report)
            for lang in LANGUAGES:
                page = Path(docs_dir) / lang / pages_dir / f"{folder.name}.md"
                if not page.is_file():
                    probs.append(errors.missing_page(_shown(page, root), folder.name))
    return found, probs


def _read_folder(folder: Path, root: Path) -> tuple[ReportFolder | None, list[errors.Problem]]:
    yml_path = folder / REPORT_FILE
    yml = _shown(yml_path, root)
    if not yml_path.is_file():
        return None, [errors.no_report_yml(_shown(folder, root))]
    try:
        data = yaml.load(yml_path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - safe loader
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        return None, [errors.yaml_syntax(yml, mark.line + 1 if mark else None,
                                         getattr(e, "problem", None) or "YAML")]
    except UnicodeDecodeError:
        return None, [errors.yaml_syntax(yml, None, "no es UTF-8 / not UTF-8")]
    if not isinstance(data, dict):
        return None, [errors.not_a_mapping(yml)]

    probs: list[errors.Problem] = []
    raw_photos = data.get("photos") or []
    top = {k: v for k, v in data.items() if k != "photos"}
    if not isinstance(raw_photos, list):
        top["photos"] = raw_photos  # let the schema explain what is wrong
        raw_photos = []
    try:
        report = Report.model_validate(top)
    except ValidationError as e:
        probs += [errors.report_field(yml, line) for line in problems(e)]
        report = None

    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*")
               if p.is_file() and p.name != REPORT_FILE and p.name not in IGNORED
               and not any(part.startswith(".") for part in p.relative_to(folder).parts)}
    listed: set[str] = set()
    entries: list[PhotoEntry] = []
    withdrawn: set[str] = set()
    for i, raw in enumerate(raw_photos):
        name = raw.get("file") if isinstance(raw, dict) else None
        name = name.strip() if isinstance(name, str) else None
        try:
            photo = Photo.model_validate(raw)
        except ValidationError as e:
            probs += [_entry_problem(yml, i, name, err, line)
                      for err, line in zip(e.errors(), problems(e))]
            if name:
                listed.add(name)
            continue
        name = photo.file
        shown = _shown(folder / name, root)
        if "/" in name or "\\" in name or name in (".", ".."):
            probs.append(errors.not_a_file_name(yml, name))
            continue
        if name in listed:
            probs.append(errors.duplicate(shown))
            continue
        listed.add(name)
        if not photo.published:
            withdrawn.add(name)  # deleting the original too is right, so no "missing" here
        elif name not in present:
            suggestion = _suggest(name, present - listed)
            probs.append(errors.missing(shown, suggestion))
            if suggestion:  # one mistake, one message: not also "present but not listed"
                listed.add(suggestion)
        else:
            entries.append(PhotoEntry(photo, folder / name, shown))
    for name in sorted(present - listed):
        probs.append(errors.not_listed(_shown(folder / name, root)))
    if report and report.cover and report.cover not in listed:
        probs.append(errors.cover_not_listed(yml, report.cover))
    return ReportFolder(folder.name, folder, report, entries, withdrawn), probs


def _entry_problem(yml: str, index: int, name: str | None, err: dict, line: str) -> errors.Problem:
    if err["loc"] == ("consent",) and err["type"] == "missing":
        # The one omission that must never slip through: say exactly what to write.
        line = ("consent: falta el consentimiento; escriba consent: given (permiso firmado), "
                "withdrawn (retirado) o no-people (no se ve a ninguna persona) / "
                "missing; write consent: given (signed permission), withdrawn, "
                "or no-people (no person can be seen)")
    return errors.entry(yml, index, name, line)


def _suggest(name: str, candidates: set[str]) -> str | None:
    for c in sorted(candidates):
        if c.lower() == name.lower():
            return c
    close = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=0.8)
    return close[0] if close else None


def _shown(path: Path, root: Path) -> str:
    """The path as the volunteer sees it (relative to the repository when inside it).
    Plain string work, no file-system calls: it runs for every photo of every build."""
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    return Path(path).as_posix() if rel.startswith("..") else Path(rel).as_posix()


def month_label(date: dt.date, lang: str) -> str:
    """'mayo de 2025' / 'May 2025': the month is as precise as a report's date needs."""
    return format_skeleton("yMMMM", date, locale=lang)
