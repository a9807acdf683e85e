"""The one reader of photo reports: ``docs/photo-reports/<yyyy-mm-name>/report.yml`` + photos.

Each entry is validated on its own, so one bad entry does not hide the others or the
report's good photos. What only the folder can tell is checked too: listed but missing,
present but not listed, listed twice, a cover that is not in the list, a date outside the
folder's month.

Consent follows the photo, not the entry: a withdrawal is keyed by the hash of the
original's bytes (``sha256``), so the same photo copied into another report, under any
name, is withheld too, and each other place is named. A withdrawn entry may keep its
``sha256:`` after the file is deleted (the notice gives it; ``withdraw`` writes it), and
the block then lasts for good. Nothing here writes to, moves or deletes an original.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from pioneras.problems import Problem, notice, problem
from pioneras.project import REPORTS, Project
from pioneras.yamlsafe import Located, load, load_file_text

from .facts import FactsCache
from .schema import REPORT_SLUG, Photo, ReportMeta, problems_of

REPORT_FILE = "report.yml"


@dataclass(frozen=True)
class ReportPhoto:
    """One listed photo: its entry, where its original is, and the hash of its bytes."""

    report: str
    photo: Photo
    path: Path
    shown: str              # "docs/photo-reports/2025-05-x/a.jpg"
    line: int               # its entry's line in report.yml
    sha256: str | None      # None when the file is not there

    @property
    def file(self) -> str:
        return self.photo.file


@dataclass
class Report:
    slug: str
    folder: Path
    shown: str                                   # report.yml as volunteers see it
    meta: ReportMeta | None = None
    photos: list[ReportPhoto] = field(default_factory=list)      # published: valid, present
    withdrawn: list[ReportPhoto] = field(default_factory=list)   # consent: withdrawn
    problems: list[Problem] = field(default_factory=list)

    @property
    def date(self):
        return self.meta.date if self.meta else None

    @property
    def example(self) -> bool:
        return bool(self.meta and self.meta.example)

    def photo(self, name: str) -> ReportPhoto | None:
        return next((p for p in self.photos if p.file == name), None)

    def cover(self) -> ReportPhoto | None:
        """The chosen cover if it is published, else the first published photo."""
        wanted = self.meta.cover if self.meta else None
        return self.photo(wanted) if wanted and self.photo(wanted) else (self.photos[0] if self.photos else None)


def read_reports(project: Project, folders: dict[str, dict[str, Path]], facts: FactsCache,
                 context: dict) -> dict[str, Report]:
    """Every report folder (from the gate's inventory), with consent applied across them."""
    found = {}
    for slug, files in sorted(folders.items()):
        report = _read(project, slug, files, facts, context)
        if report is not None:
            found[slug] = report
    _withdraw_everywhere(found)
    return found


def _read(project: Project, slug: str, files: dict[str, Path], facts: FactsCache,
          context: dict) -> Report | None:
    folder = project.docs / REPORTS / slug
    shown_folder = project.shown(folder)
    if not REPORT_SLUG.match(slug):
        return _only(Report(slug, folder, shown_folder), problem("reports.folder-name", shown_folder))
    yml = folder / REPORT_FILE
    report = Report(slug, folder, project.shown(yml))
    if REPORT_FILE not in files:
        return _only(report, problem("reports.no-report-yml", shown_folder, report=slug))
    text, found = load_file_text(yml.read_bytes(), report.shown)
    if text is None:
        return _only(report, *found)
    data, found, located = load(text, report.shown, cache=facts.yaml)
    if found:
        return _only(report, *found)
    if not isinstance(data, dict):
        return _only(report, problem("reports.not-a-mapping", report.shown, 1))
    try:
        report.meta = ReportMeta.model_validate(data, context=context)
    except ValidationError as err:
        report.problems += problems_of(err, report.shown, located, fields=tuple(ReportMeta.model_fields))
    raw_photos = data.get("photos") or []
    if not isinstance(raw_photos, list):
        raw_photos = []        # the schema said so already
    present = {name: path for name, path in files.items() if name != REPORT_FILE}
    listed: set[str] = set()
    for index, raw in enumerate(raw_photos):
        _entry(project, report, index, raw, present, listed, located, facts, context)
    photos_line = located.line(("photos",))
    for name in sorted(set(present) - listed):
        report.problems.append(problem("reports.not-listed", report.shown, photos_line,
                                       file=name, report=slug))
    cover = data.get("cover")
    if isinstance(cover, str) and cover and cover not in listed:
        report.problems.append(problem("reports.cover-not-listed", report.shown, located.line(("cover",)),
                                       cover=cover))
    if report.meta is not None and report.meta.date.isoformat()[:7] != slug[:7]:   # one mistake, one line
        report.problems.append(problem("reports.date-month", report.shown, located.line(("date",)),
                                       date=report.meta.date.isoformat(), month=slug[:7]))
    return report


def _entry(project: Project, report: Report, index: int, raw, present: dict[str, Path],
           listed: set[str], located: Located, facts: FactsCache, context: dict) -> None:
    name = raw.get("file") if isinstance(raw, dict) else None
    name = name.strip() if isinstance(name, str) else None
    line = located.line(("photos", index))

    def where(loc: tuple) -> str:
        inner = ".".join(str(p) for p in loc[2:]) or "(entrada/entry)"
        return f"{index + 1} ({name or '?'}) {inner}"

    try:
        photo = Photo.model_validate(raw, context=context)
    except ValidationError as err:
        report.problems += problems_of(err, report.shown, located, prefix=("photos", index), where=where,
                                       fields=("file", "consent", "may_name", "credit", "sha256",
                                               *context.get("languages", ())))
        if name:
            listed.add(name)
        return
    if photo.file in listed:
        report.problems.append(problem("reports.listed-twice", report.shown, located.line(("photos", index, "file")),
                                       file=photo.file))
        return
    listed.add(photo.file)
    path = present.get(photo.file)
    # The gate listed ``path`` as this very file of the folder: one path, said once.
    shown = project.shown(path or report.folder / photo.file)
    sha = facts.of(path, shown).sha256 if path else photo.sha256
    entry = ReportPhoto(report.slug, photo, path or report.folder / photo.file, shown, line, sha)
    if not photo.published:
        report.withdrawn.append(entry)
        return
    if path is None and (report.folder / photo.file).is_file():
        return                  # there, but refused by the gate (not a photo type): said once, there
    if path is None:
        close = _suggest(photo.file, set(present) - listed)
        if close:
            listed.add(close)       # one mistake, one message: not also "present but not listed"
            report.problems.append(problem("reports.missing-close", report.shown, located.line(("photos", index, "file")),
                                           file=photo.file, close=close, report=report.slug))
        else:
            report.problems.append(problem("reports.missing", report.shown, located.line(("photos", index, "file")),
                                           file=photo.file, report=report.slug))
        return
    report.photos.append(entry)


def read_standalone(root: Path, docs: Path, languages: tuple[str, ...] = ("es", "en")) -> dict[str, Report]:
    """The reports of a docs folder on their own (the image pipeline's tests and benchmarks):
    the same gate and reader as the build, without a whole project around them. Their
    problems are the content model's to report (pioneras.content), not the pipeline's."""
    from .gate import take_inventory

    project = Project(Path(root), Path(docs), languages)
    inventory = take_inventory(project, FactsCache(None))
    return read_reports(project, inventory.reports, FactsCache(None), {"languages": languages})


def _withdraw_everywhere(reports: dict[str, Report]) -> None:
    """Withheld wherever it is listed: any photo whose bytes some entry withdrew."""
    withdrawn: dict[str, ReportPhoto] = {}
    for report in reports.values():
        for entry in report.withdrawn:
            if entry.sha256:
                withdrawn.setdefault(entry.sha256, entry)
                if entry.path.is_file():
                    report.problems.append(notice("consent.withdrawn-present", report.shown, entry.line,
                                                  file=entry.file, sha=entry.sha256))
                else:
                    report.problems.append(notice("consent.withdrawn", report.shown, entry.line, file=entry.file))
            else:
                report.problems.append(notice("consent.withdrawn", report.shown, entry.line, file=entry.file))
    for report in reports.values():
        keep = []
        for entry in report.photos:
            origin = withdrawn.get(entry.sha256 or "")
            if origin is None:
                keep.append(entry)
                continue
            report.withdrawn.append(entry)
            report.problems.append(notice("consent.withdrawn-elsewhere", report.shown, entry.line,
                                          file=entry.file, origin=f"{origin.shown}"))
        report.photos = keep


def _only(report: Report, *found: Problem) -> Report:
    report.problems += found
    return report


def _suggest(name: str, candidates: set[str]) -> str | None:
    for c in sorted(candidates):
        if c.lower() == name.lower():
            return c
    close = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=0.8)
    return close[0] if close else None
