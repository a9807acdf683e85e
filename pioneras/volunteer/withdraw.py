"""``withdraw``: someone took back their consent for a photo. It goes, everywhere, for good.

Three steps, each one checked: the photo's entry in report.yml gets ``consent: withdrawn``
and the hash of the photo's bytes (``sha256:``), the file is deleted, and every other
report that lists a byte-identical copy is named (the build withholds those copies too,
by that hash, even after this file is gone). What stays is the Git history: the command
says so, and who can purge it.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from pioneras.content.facts import FactsCache
from pioneras.content.reports import read_reports
from pioneras.content.gate import take_inventory
from pioneras.project import REPORTS, Project

from . import reportfile
from .layout import display
from .problems import VolunteerError, bi


def withdraw(project: Project, photo: str) -> int:
    path = _locate(project, photo)
    report_yml = path.parent / "report.yml"
    if not report_yml.is_file():
        raise VolunteerError(f"{display(path, project.root)} no está en un informe (falta report.yml)",
                             f"{display(path, project.root)} is not in a report (report.yml is missing)")
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    reportfile.withdraw(report_yml, path.name, sha)
    path.unlink()
    shown = display(report_yml, project.root)
    print(bi(f"{shown}: {path.name} tiene ahora consent: withdrawn y sha256: {sha[:12]}…; el archivo se borró",
             f"{shown}: {path.name} now has consent: withdrawn and sha256: {sha[:12]}…; the file was deleted"))
    copies = _copies(project, sha, path)
    for copy in copies:
        print(bi(f"copia idéntica en {copy}: tampoco se publica; borre esa entrada y su archivo",
                 f"identical copy in {copy}: not published either; delete that entry and its file"))
    print(bi("Haga commit de estos cambios y publíquelos. La foto sigue en el historial de Git: pida a quien "
             "mantiene el sitio que la borre también de ahí (git filter-repo) y a GitHub que limpie sus copias.",
             "Commit and publish these changes. The photo is still in the Git history: ask a maintainer "
             "to purge it there too (git filter-repo) and GitHub to clear its copies."))
    return 0


def _locate(project: Project, photo: str) -> Path:
    """The photo's file, given as a path or as '<report>/<file>'."""
    candidates = [Path(photo), project.root / photo, project.docs / REPORTS / photo]
    for candidate in candidates:
        if candidate.is_file() and candidate.parent.parent.resolve() == (project.docs / REPORTS).resolve():
            return candidate.resolve()
    raise VolunteerError(
        f"no encuentro la foto «{photo}» en un informe: escriba docs/photo-reports/CARPETA/ARCHIVO",
        f"cannot find the photo '{photo}' in a report: write docs/photo-reports/FOLDER/FILE")


def _copies(project: Project, sha: str, withdrawn: Path) -> list[str]:
    inventory = take_inventory(project, FactsCache(None))
    reports = read_reports(project, inventory.reports, FactsCache(None), {"languages": project.languages})
    return [f"{entry.shown} ({report.shown})" for report in reports.values()
            for entry in report.withdrawn if entry.sha256 == sha and entry.path.resolve() != withdrawn]
