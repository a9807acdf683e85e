#!/usr/bin/env python3
"""What unchanged photos cost a build: warm build of the site with N photos against the same
site without them (issue 13: at most 1.1x at 1,000 photos).

    .venv/bin/python bench/photos_warm.py --n 1000 --repeat 3
    .venv/bin/python bench/photos_warm.py --n 1000 --repeat 5 --keep /tmp/photos-warm   # again: no cold build

Two throw-away copies of the project (never committed): A gets one more photo report with N
generated photos (1000x750, five variants each with the project's settings), B is the same
site without it. A is built once cold (every variant encoded into its own cache), B once to
warm up; then the two are built alternately (the machine is shared: alternating keeps a
passing load from favouring one side) and the script prints best and median of each and the
ratio. Production builds (`mkdocs build --strict`), so example content is left out of both.

With ``--keep DIR`` the two copies live in DIR and stay: a later run with the same DIR and
``--n`` skips the cold build and copies again only the code (hooks/, pioneras/, overrides/,
mkdocs.yml) from ``--code`` (default: this checkout), so two versions of the engine can be
measured on the same photos and caches. ``--against OTHER`` times, in the same run and
alternated with them, copies of both sides that run OTHER's code (e.g. the main branch):
two engines compared on one machine load.

``--preview R`` then times R preview sessions of the side with photos (`mkdocs serve
--livereload --dirty`, what `tasks.py serve` runs): start-up with nothing kept, then a line
added to the report's page and a caption changed in its report.yml, each until the gallery
page serves it (issue 13: an edit shown within 3 s at 1,000 photos). The copy's files are
put back afterwards.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw

import signal

from pages import KEPT_PREVIEW, copy_project, free_port, wait_for     # bench/pages.py

ROOT = Path(__file__).resolve().parent.parent
SLUG = "2026-01-banco-de-pruebas"
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUTF8="1")


def photo(i: int) -> Image.Image:
    """A photo-like picture, different for each i (same bytes never repeat: one hash each)."""
    im = Image.effect_noise((1000, 750), 40 + i % 30).convert("RGB")
    draw = ImageDraw.Draw(im)
    draw.rectangle((i % 500, 100, i % 500 + 300, 400), fill=(i * 7 % 256, 120, 200 - i % 150))
    draw.text((20, 20), f"{i}", fill=(255, 255, 255))
    return im


def add_report(project: Path, n: int) -> None:
    folder = project / "docs" / "photo-reports" / SLUG
    folder.mkdir(parents=True)
    entries = []
    for i in range(n):
        name = f"foto-{i:04d}.jpg"
        photo(i).save(folder / name, quality=85)
        entries.append(f"  - file: {name}\n    consent: no-people\n"
                       f"    es: {{caption: Foto {i}, alt: Dibujo de prueba número {i}}}\n"
                       f"    en: {{caption: Photo {i}, alt: Test drawing number {i}}}")
    (folder / "report.yml").write_text("date: 2026-01-15\nphotos:\n" + "\n".join(entries) + "\n",
                                       encoding="utf-8")
    for lang, title in (("es", "Banco de pruebas"), ("en", "Test bench")):
        (project / "docs" / lang / "informes-fotograficos" / f"{SLUG}.md").write_text(
            f"---\ntitle: {title}\ndescription: {title}.\nreport: {SLUG}\n---\n\n# {title}\n\n{title}.\n",
            encoding="utf-8")


CODE = ("hooks", "pioneras", "overrides", "mkdocs.yml")


def refresh_code(source: Path, project: Path) -> None:
    """Replace a kept copy's code with ``source``'s (content and caches stay)."""
    for name in CODE:
        target = project / name
        if target.is_dir():
            shutil.rmtree(target)
        if (source / name).is_dir():
            shutil.copytree(source / name, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source / name, target)


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(project: Path, cpu_times: list[float] | None = None) -> float:
    """Wall seconds of one build; its CPU seconds (the build and its workers) go to
    ``cpu_times``: on a shared machine they move far less with the load than wall time."""
    t0, c0 = time.perf_counter(), cpu()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=project,
                          env=ENV, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if cpu_times is not None:
        cpu_times.append(cpu() - c0)
    if done.returncode:
        sys.exit(f"build failed in {project}:\n{done.stdout}\n{done.stderr}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="photos in the extra report")
    parser.add_argument("--repeat", type=int, default=3, help="warm builds of each side")
    parser.add_argument("--keep", type=Path, help="keep the copies in this folder; reuse them if there")
    parser.add_argument("--code", type=Path, default=ROOT, help="with --keep: whose code the copies run")
    parser.add_argument("--against", type=Path,
                        help="with --keep: also time copies of both sides running this checkout's code, alternated")
    parser.add_argument("--preview", type=int, default=0, metavar="R",
                        help="then time R preview sessions of the side with photos (start-up, edits)")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        run(args, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="pioneras-photos-warm-") as tmp:
            run(args, Path(tmp))


def run(args, folder: Path) -> None:
    a, b = folder / "with", folder / "without"
    marker = folder / "photos.txt"      # how many photos the kept copies hold
    if marker.exists() and marker.read_text() == str(args.n) and a.exists() and b.exists():
        for project in (a, b):
            refresh_code(args.code.resolve(), project)
        print(f"{args.n} photos; kept copies in {folder}, code from {args.code}", flush=True)
    else:
        for project in (a, b):
            shutil.rmtree(project, ignore_errors=True)
        copy_project(ROOT, a), copy_project(ROOT, b)
        if args.code.resolve() != ROOT:
            refresh_code(args.code.resolve(), a), refresh_code(args.code.resolve(), b)
        add_report(a, args.n)
        print(f"{args.n} photos; cold build {build(a):.1f} s "
              f"({sum(1 for _ in (a / 'site' / 'photos').rglob('*.*'))} files in site/photos)", flush=True)
        marker.write_text(str(args.n))
    sides = {"with": a, "without": b}
    if args.against:        # the same photos and caches (copied), the other code
        for name, project in (("with", a), ("without", b)):
            other = folder / f"{name}-against"
            if not other.exists():
                shutil.copytree(project, other, symlinks=True)
            refresh_code(args.against.resolve(), other)
            sides[f"{name} (against)"] = other
        print(f"against: code from {args.against}", flush=True)
    for project in sides.values():      # warm up (and settle copies: new inodes are hashed once)
        build(project), build(project)
    wall: dict[str, list[float]] = {side: [] for side in sides}
    cpu_s: dict[str, list[float]] = {side: [] for side in sides}
    for _ in range(args.repeat):
        for side, project in sides.items():
            wall[side].append(build(project, cpu_s[side]))
    for side in wall:
        print(f"warm {side:>18}: wall best {min(wall[side]):.2f} s, median "
              f"{statistics.median(wall[side]):.2f} s; CPU best {min(cpu_s[side]):.2f} s, "
              f"median {statistics.median(cpu_s[side]):.2f} s")
    for suffix in ("", " (against)") if args.against else ("",):
        w, wo = f"with{suffix}", f"without{suffix}"
        print(f"ratio with/without{suffix}: wall best {min(wall[w]) / min(wall[wo]):.2f}x, "
              f"wall median {statistics.median(wall[w]) / statistics.median(wall[wo]):.2f}x, "
              f"CPU best {min(cpu_s[w]) / min(cpu_s[wo]):.2f}x, "
              f"CPU median {statistics.median(cpu_s[w]) / statistics.median(cpu_s[wo]):.2f}x")
    print(f"load average {os.getloadavg()[0]:.1f}")
    if args.preview:
        preview(a, args.preview)


def preview(project: Path, rounds: int) -> None:
    """Preview sessions on the copy with photos: start-up, a page edit, a caption edit."""
    page = project / "docs" / "es" / "informes-fotograficos" / f"{SLUG}.md"
    report = project / "docs" / "photo-reports" / SLUG / "report.yml"
    texts = {path: path.read_bytes() for path in (page, report)}
    times: dict[str, list[float]] = {"start-up": [], "page edit": [], "caption edit": []}
    try:
        for r in range(rounds):
            shutil.rmtree(project / KEPT_PREVIEW, ignore_errors=True)
            port = free_port()
            url = f"http://127.0.0.1:{port}/las-pioneras/informes-fotograficos/{SLUG}/"
            with tempfile.TemporaryFile() as log:
                launched = time.perf_counter()
                proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty",
                                         "-a", f"127.0.0.1:{port}"], cwd=project, env=ENV, stdout=log,
                                        stderr=subprocess.STDOUT, start_new_session=True,
                                        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
                try:
                    wait_for(url, None, proc)
                    times["start-up"].append(time.perf_counter() - launched)
                    time.sleep(1)           # the file watcher settles; not counted
                    token = f"EDIT{r}x{time.time_ns()}"
                    with page.open("a", encoding="utf-8") as f:
                        f.write(f"\n{token}\n")
                    times["page edit"].append(wait_for(url, token, proc))
                    time.sleep(1)
                    token = f"CAPTION{r}x{time.time_ns()}"
                    report.write_text(report.read_text(encoding="utf-8").replace(
                        "caption: Foto 7,", f"caption: Foto 7 {token},", 1), encoding="utf-8")
                    times["caption edit"].append(wait_for(url, token, proc))
                finally:
                    os.killpg(proc.pid, signal.SIGINT)
                    proc.wait(60)
            for path, data in texts.items():
                path.write_bytes(data)
    finally:
        for path, data in texts.items():
            path.write_bytes(data)
    for name, values in times.items():
        print(f"preview {name:>12}: best {min(values):.2f} s, median {statistics.median(values):.2f} s "
              f"({len(values)} sessions)")


if __name__ == "__main__":
    main()
