"""``intake``: bring photos from a phone or camera into a photo report, cleaned.

Idempotent without storing anything about the source: the cleaned output is the same
bytes for the same photo, so a photo already in the folder is recognised by the hash of
the *cleaned* file. A hash of the original would be a fingerprint of a file that still
holds GPS; the cleaned one holds nothing.
"""
from __future__ import annotations

import glob
import hashlib
from pathlib import Path

from pioneras.content.gate import OS_JUNK
from pioneras.problems import COMMANDS
from pioneras.project import REPORTS, Project

from . import photos, reportfile, scaffold
from .layout import check_slug, display, slugify
from .problems import VolunteerError, bi


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _free_name(folder: Path, stem: str, extension: str) -> str:
    """stem.jpg, or stem-2.jpg, stem-3.jpg ... when another photo has that name."""
    name, n = f"{stem}{extension}", 1
    while (folder / name).exists():
        n += 1
        name = f"{stem}-{n}{extension}"
    return name


PHOTO_SUFFIXES = {".jpg", ".jpeg", ".heic", ".heif", ".png", ".webp", ".avif", ".tif", ".tiff"}


def expand(arguments: list[str]) -> list[Path]:
    """Files named, photos inside folders named, and patterns like *.HEIC.

    Windows shells pass '*' on unexpanded, so the pattern is expanded here.
    """
    found: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in PHOTO_SUFFIXES)
        elif not path.exists() and glob.has_magic(argument):
            found += sorted(Path(p) for p in glob.glob(argument) if Path(p).is_file())
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def intake(project: Project, slug: str, arguments: list[str], titles: dict[str, str | None]) -> int:
    """Clean each photo into the report's folder and list it in report.yml. A photo that
    cannot be read is skipped and named at the end; the others are all added and listed."""
    root = project.root
    slug = check_slug(slug)
    sources = expand(arguments)
    if not sources:
        raise VolunteerError(f"no hay fotos en: {', '.join(arguments)}", f"no photos in: {', '.join(arguments)}")
    missing = [str(s) for s in sources if not s.is_file()]
    if missing:
        raise VolunteerError(f"no encuentro: {', '.join(missing)}: revise el nombre y la carpeta",
                             f"not found: {', '.join(missing)}: check the name and the folder")
    folder = project.docs / REPORTS / slug
    report = folder / "report.yml"
    if not report.exists():
        files = scaffold.report_files(project, slug, titles)
        for path in scaffold.write_missing(root, files):
            print(bi(f"creado: {display(path, root)}", f"created: {display(path, root)}"))
    entry = scaffold.archetype(root, scaffold.PHOTO_ENTRY)
    listed = reportfile.listed_files(report.read_text(encoding="utf-8"))
    known = {_digest(p.read_bytes()): p.name for p in folder.iterdir()
             if p.is_file() and p.name != "report.yml" and p.name not in OS_JUNK and not p.name.startswith(".")}
    to_list: list[str] = []
    left_in_docs: list[Path] = []
    failed: list[VolunteerError] = []
    for n, source in enumerate(sources, 1):
        print(f"[{n}/{len(sources)}] {source.name} ... ", end="", flush=True)  # a counter is enough
        try:
            cleaned = photos.clean(source)
        except VolunteerError as err:  # one bad file must not lose the others' entries
            print("X (vea abajo / see below)")
            failed.append(err)
            continue
        digest = _digest(cleaned.data)
        if digest in known:
            name = known[digest]
            print(f"ya estaba como / already there as {name}")
        else:
            name = _free_name(folder, slugify(source.stem), cleaned.extension)
            photos.write_atomic(folder / name, cleaned.data)
            known[digest] = name
            w, h = cleaned.size
            print(f"{name} ({w}x{h}, {len(cleaned.data) // 1024} KB, sin metadatos / no metadata)")
        if name not in listed:
            listed.append(name)
            to_list.append(name)
        if project.docs.resolve() in source.resolve().parents:
            left_in_docs.append(source)
    if to_list:
        reportfile.add_photos(report, to_list, entry)
    shown = display(report, root)
    print()
    if to_list:
        print(f"{len(to_list)} foto(s) nueva(s) en {shown}. Ahora complete en ese archivo, para "
              "cada una: consent (¿dio su permiso cada persona?), caption y alt en cada idioma. "
              f"Luego revise con: {COMMANDS['cmd_check']}")
        print(f"{len(to_list)} new photo(s) in {shown}. Now fill in, for each: consent (did "
              "every person agree?), caption and alt in each language. Then check with: "
              f"{COMMANDS['cmd_check']}")
    else:
        print(bi("Nada que agregar: esas fotos ya estaban.", "Nothing to add: those photos were already there."))
    for source in left_in_docs:
        shown = display(source, root)
        print(bi(f"Atención: el original {shown} sigue dentro de docs/ con sus metadatos: "
                 "bórrelo, no lo suba",
                 f"Warning: the original {shown} is still inside docs/ with its metadata: "
                 "delete it, do not commit it"))
    if failed:
        print()
        print(bi(f"{len(failed)} foto(s) no se agregaron (las demás sí):",
                 f"{len(failed)} photo(s) were not added (the others were):"))
    for err in failed:
        print(err.text())
    return 1 if failed else 0
