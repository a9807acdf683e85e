#!/usr/bin/env python3
"""Warm-build cost of verifying and copying cached variants into the site (prints numbers).

    .venv/bin/python bench/cache_publish.py [--photos 300 1000] [--distinct 100] [--runs 5]
                                            [--before PATH]

Times what a ``mkdocs build`` spends on photos when nothing changed: emptying the old
site's photos (MkDocs empties site/ first; freeing copies costs more than freeing
links), ``start()``, every gallery, ``finish()``; median of --runs.  ``--before PATH``
times the same with the engine of another checkout, e.g. the last one whose site files
were hard links into the cache::

    mkdir /tmp/linked && git archive 3a4473d^ pioneras | tar -x -C /tmp/linked
    .venv/bin/python bench/cache_publish.py --before /tmp/linked

Each engine fills its own cache in one cold build first (engines keyed by another
PIPELINE_VERSION, or with another manifest, cannot share one).  The photos are generated
(textured, ~345 KB of variants per photo at the project's widths and formats, like real
photos; AVIF at speed 10 only to make the cold builds quicker).  To keep them to minutes
on a small machine, --distinct originals
are listed again in each report (of --distinct photos): every published photo is verified
and copied (or linked) on its own, which is what this measures; only the per-original
work of start() (one stat per variant) is done once per distinct original, by both
engines alike.  "restored" is the first build after the cache was copied (as CI
restores it): every variant has a new inode, so all are re-hashed once.  The reports are
read (pioneras.content.reports) before the clock starts: a build reads them with the rest
of the content, before any photo work.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parents[1]

# What the timing child runs, with the engine under test first on sys.path: one build,
# "cold" (fills the engine's own cache, in a pool) or "warm" (must find everything there).
TIMED = """
import inspect, json, shutil, sys, time
from pathlib import Path
engine, root, cache, mode = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
sys.path.insert(0, engine)
from pioneras.images import Pipeline, Settings
from pioneras.images.settings import Encoding
settings = Settings(avif=Encoding((480, 960, 1600), 50, 10))
reports = None  # an engine from before the content model reads them in start()
if "reports" in inspect.signature(Pipeline.start).parameters:
    # a build reads the reports with the rest of the content, before any photo work
    from pioneras.content.reports import read_standalone
    reports = read_standalone(root, root / "docs")
    withdrawn = {p.sha256 for r in reports.values() for p in r.withdrawn if p.sha256}
t0 = time.perf_counter()
shutil.rmtree(root / "site", ignore_errors=True)  # what MkDocs does first: part of the cost
pipeline = Pipeline(root / "docs", cache, settings, workers=0 if mode == "warm" else None, root=root)
pipeline.start() if reports is None else pipeline.start(reports, withdrawn)
for slug in pipeline.reports:
    pipeline.gallery(slug)
summary = pipeline.finish(root / "site")
seconds = time.perf_counter() - t0
problems = [str(p) for p in summary.problems if "informes-fotograficos" not in p.path]  # old engines: no pages here
assert not problems, problems
assert mode == "cold" or summary.encoded == 0, f"a warm build encoded {summary.encoded} files"
print(json.dumps({"seconds": seconds, "photos": summary.photos, "files": summary.published,
                  "bytes": summary.bytes, "decoded": summary.decoded, "encoded": summary.encoded}))
"""


def photo(i: int, size=(1800, 1200)) -> Image.Image:
    noise = Image.effect_noise(size, 80).filter(ImageFilter.GaussianBlur(0.7))
    grad = Image.linear_gradient("L").resize(size).rotate(i * 7 % 360)
    return Image.merge("RGB", (Image.blend(noise, grad, 0.5),
                               Image.blend(noise.rotate(180), grad.transpose(Image.Transpose.FLIP_LEFT_RIGHT), 0.6),
                               grad))


def make_project(root: Path, photos: int, distinct: int) -> None:
    originals = root / "originals"
    originals.mkdir(parents=True)
    for i in range(distinct):
        photo(i).save(originals / f"p{i:04d}.jpg", quality=90)
    for r in range(0, photos, distinct):  # each report lists every original once
        folder = root / "docs" / "photo-reports" / f"2025-01-bench-{r // distinct:02d}"
        folder.mkdir(parents=True)
        lines = ["date: 2025-01-01", "photos:"]
        for i in range(r, min(r + distinct, photos)):
            name = f"f{i:04d}.jpg"
            os.link(originals / f"p{i % distinct:04d}.jpg", folder / name)  # same bytes, no disk
            lines += [f"  - file: {name}", "    consent: no-people",
                      "    es: {caption: c, alt: a}", "    en: {caption: c, alt: a}"]
        (folder / "report.yml").write_text("\n".join(lines) + "\n")


def timed(engine: Path, root: Path, cache: Path, mode: str = "warm") -> dict:
    """One build by the engine at ``engine``, in a fresh process."""
    out = subprocess.run([sys.executable, "-c", TIMED, str(engine), str(root), str(cache), mode],
                         capture_output=True, text=True)
    if out.returncode:
        sys.exit(out.stderr)
    return json.loads(out.stdout)


def cold(engine: Path, root: Path, cache: Path, label: str) -> None:
    """Fill an engine's own cache: engines that key or lay out their cache differently
    (another PIPELINE_VERSION, main's manifest without records) each get theirs."""
    r = timed(engine, root, cache, "cold")
    print(f"  cold build ({label}): {r['decoded']} originals, {r['encoded']} files, "
          f"{r['bytes'] / r['photos'] / 1024:.0f} KB per published photo, {r['seconds']:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, nargs="+", default=[300, 1000])
    parser.add_argument("--distinct", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", type=Path, help="a checkout of the engine to compare with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as tmp:
        tmp = Path(tmp)
        print(f"Generating {max(args.photos)} photos ({args.distinct} distinct)...", flush=True)
        make_project(tmp / "project", max(args.photos), args.distinct)
        cold(ROOT, tmp / "project", tmp / "cache", "after")
        if args.before:
            cold(args.before, tmp / "project", tmp / "cache-before", "before")
        print(f"\n{'photos':>6} {'files':>6} {'MB':>6} {'before (link)':>14} {'after (copy)':>13} "
              f"{'ratio':>6} {'+ms/photo':>9} {'restored':>9}")
        for n in sorted(args.photos):
            project = tmp / f"p{n}"
            shutil.rmtree(project, ignore_errors=True)
            shutil.copytree(tmp / "project" / "docs", project / "docs", copy_function=os.link,
                            ignore=lambda d, names: [x for x in names if x.startswith("2025-01-bench-")
                                                     and int(x[-2:]) * args.distinct >= n])
            # The manifest knows the originals by path: same paths, same inodes (links).
            # Engines alternate run by run: the machine's load changes, both see it.
            after, before = [], []
            for _ in range(args.runs):
                after.append(timed(ROOT, project, tmp / "cache"))
                if args.before:
                    before.append(timed(args.before, project, tmp / "cache-before"))
            restored_cache = tmp / f"restored-{n}"
            shutil.copytree(tmp / "cache", restored_cache)  # new inodes, as a CI restore
            restored = timed(ROOT, project, restored_cache)["seconds"]
            shutil.rmtree(restored_cache)
            a = statistics.median(r["seconds"] for r in after)
            line = f"{after[0]['photos']:>6} {after[0]['files']:>6} {after[0]['bytes'] / 1e6:>6.0f} "
            if args.before:
                b = statistics.median(r["seconds"] for r in before)
                line += f"{b:>13.2f}s {a:>12.2f}s {a / b:>6.2f} {(a - b) * 1000 / after[0]['photos']:>9.2f}"
            else:
                line += f"{'':>14} {a:>12.2f}s {'':>6} {'':>9}"
            print(line + f" {restored:>8.2f}s", flush=True)


if __name__ == "__main__":
    main()
