#!/usr/bin/env python3
"""Benchmark of the photo pipeline (prints numbers; not a test).

    .venv/bin/python bench/images.py [--scale 120] [--runs 5] [--skip-sharp]

1. Throughput, cold cache, at the project's settings: ../shared/photos/{mobile,heic,
   orientation} through pioneras.images, and the same sources through sharp/libvips
   (../shared/bench/sharp-reference.js, the engine behind eleventy-img) at the same
   widths, formats, quality and effort.  Prints times, ratio and output bytes.
2. Incremental: the real site, copied, rebuilt with nothing changed (no image work),
   against the same site without photos; median of --runs builds each.  Then the same
   with --scale extra generated photos, to show the cost stays flat.
3. Peak RSS of one worker taking a generated 48-megapixel photo (JPEG and PNG).
4. Published bytes per photo, all variants together, and what 2,000 photos would take.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pioneras.images import Pipeline, Settings  # noqa: E402
from pioneras.images.settings import FORMATS  # noqa: E402
from pioneras.images.variants import plan  # noqa: E402

import pages  # noqa: E402  (bench/pages.py: copying the project)

SHARED = ROOT / ".." / "shared"
PHOTOS = SHARED / "photos"
SHARP_JS = SHARED / "bench" / "sharp-reference.js"
SHARP_DEPS = Path(os.environ.get("BENCH_DEPS", Path.home() / ".cache" / "image-reference"))
SETTINGS = Settings()
# sharp's AVIF effort e is libheif/aom speed 9 - e; Pillow's AVIF speed is aom's speed.
SHARP_EFFORT = f"webp={SETTINGS.webp.effort},avif={9 - SETTINGS.avif.effort}"
SHARP_QUALITY = f"jpeg={SETTINGS.jpeg.quality},webp={SETTINGS.webp.quality},avif={SETTINGS.avif.quality}"


def heading(text: str) -> None:
    print(f"\n== {text} " + "=" * max(0, 70 - len(text)))


def kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB"


# --- 1. throughput ------------------------------------------------------------------

def ours(sets: dict[str, list[Path]], workers: int | None = None) -> dict:
    """Cold run of the engine over the given sources; one report per set."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        docs = tmp / "docs"
        for name, sources in sets.items():
            folder = docs / "photo-reports" / f"2025-01-{name}"
            folder.mkdir(parents=True)
            lines = ["date: 2025-01-01", "photos:"]
            for src in sources:  # copies: the publish gate refuses symbolic links in docs/
                shutil.copyfile(src, folder / src.name)
                lines += [f"  - file: {src.name}", "    consent: no-people",
                          "    es: {caption: c, alt: a}", "    en: {caption: c, alt: a}"]
            (folder / "report.yml").write_text("\n".join(lines) + "\n")
        t0 = time.perf_counter()
        pipeline = Pipeline(docs, tmp / "cache", SETTINGS, workers=workers, root=tmp)
        pipeline.start()
        summary = pipeline.finish(tmp / "site")
        seconds = time.perf_counter() - t0
        per_photo, per_format = {}, {}
        for slug in pipeline.reports:
            for entry, published in pipeline.gallery(slug):
                split = per_format.setdefault(entry.photo.file, {})
                for spec in published.specs:
                    size = (tmp / "site" / published.path(spec)).stat().st_size
                    split[spec.fmt] = split.get(spec.fmt, 0) + size
                per_photo[entry.photo.file] = sum(split.values())
        problems = [str(p) for p in summary.problems]
        return {"seconds": seconds, "outputs": summary.published, "bytes": summary.bytes,
                "per_photo": per_photo, "per_format": per_format, "problems": problems, "photos": summary.photos}


def sharp_available() -> bool:
    if (SHARP_DEPS / "node_modules" / "sharp").is_dir():
        return True
    setup = SHARED / "bench" / "setup.sh"
    if setup.is_file() and shutil.which("node"):
        subprocess.run(["bash", str(setup)], check=False)
    return (SHARP_DEPS / "node_modules" / "sharp").is_dir()


def sharp(sources: list[Path]) -> dict:
    """sharp over the same sources, with exactly our widths per source and format
    (sources grouped by width plan, one sharp-reference.js run per group and format)."""
    from PIL import Image, ImageOps  # noqa: F401 - only for sizes

    groups: dict[tuple, list[Path]] = {}
    for src in sources:
        with Image.open(src) as im:
            o = im.getexif().get(0x0112, 1)
            w, h = (im.height, im.width) if o in (5, 6, 7, 8) else im.size
        specs = plan(w, h, SETTINGS)
        for fmt in FORMATS:
            widths = tuple(s.width for s in specs if s.fmt == fmt)
            groups.setdefault((fmt, widths), []).append(src)
    total = {"seconds": 0.0, "outputs": 0, "bytes": 0, "runs": 0}
    with tempfile.TemporaryDirectory() as tmp:
        for i, ((fmt, widths), members) in enumerate(sorted(groups.items())):
            src_dir = Path(tmp) / f"in{i}"
            src_dir.mkdir()
            for m in members:
                os.symlink(m.resolve(), src_dir / m.name)
            proc = subprocess.run(
                ["node", str(SHARP_JS), str(src_dir), str(Path(tmp) / f"out{i}"),
                 "--widths", ",".join(map(str, widths)), "--formats", fmt,
                 "--quality", SHARP_QUALITY, "--effort", SHARP_EFFORT,
                 "--concurrency", str(os.cpu_count() or 2)],
                capture_output=True, text=True, env=dict(os.environ, NODE_PATH=str(SHARP_DEPS / "node_modules")))
            if proc.returncode != 0:
                return {"error": (proc.stderr or proc.stdout).strip().splitlines()[-1]}
            result = json.loads(proc.stdout.strip().splitlines()[-1])
            total["seconds"] += result["seconds"]
            total["outputs"] += result["outputs"]
            total["bytes"] += result["bytes"]
            total["runs"] += 1
            total["engine"] = result["engine"]
    return total


def _median(runs: list[dict]) -> dict:
    """The run with the median time: the machine may be shared, so single runs lie."""
    if any("error" in r for r in runs):
        return next(r for r in runs if "error" in r)
    best = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    return {**best, "all": [round(r["seconds"], 2) for r in runs]}


def throughput(skip_sharp: bool, repeat: int) -> dict:
    heading("1. Throughput, cold cache, project settings")
    print(f"settings: AVIF {SETTINGS.avif.widths} q{SETTINGS.avif.quality} speed {SETTINGS.avif.effort}; "
          f"WebP {SETTINGS.webp.widths} q{SETTINGS.webp.quality} method {SETTINGS.webp.effort}; "
          f"JPEG {SETTINGS.jpeg.widths} q{SETTINGS.jpeg.quality} progressive+optimized; "
          f"{os.cpu_count()} cores")
    print(f"sharp equivalent: --quality {SHARP_QUALITY} --effort {SHARP_EFFORT} (AVIF effort = 9 - speed)")
    sets = {name: sorted(p for p in (PHOTOS / name).iterdir() if p.is_file())
            for name in ("mobile", "heic", "orientation")}
    results = {}
    comparable = ["mobile", "orientation"]
    can_sharp = not skip_sharp and sharp_available()
    for group in (comparable, ["heic"]):
        label = "+".join(group)
        sources = [p for k in group for p in sets[k]]
        mine_runs, their_runs = [], []
        for _ in range(repeat):  # interleaved, so a busy machine slows both alike
            mine_runs.append(ours({k: sets[k] for k in group}))
            if can_sharp:
                their_runs.append(sharp(sources))
        mine = _median(mine_runs)
        results[tuple(group)] = mine
        print(f"\n[{label}] {len(sources)} photos")
        print(f"  pioneras.images : {mine['seconds']:6.2f} s  {mine['outputs']:3d} files  {kb(mine['bytes'])}"
              f"  (wall time incl. scanning, hashing, worker start, cache writes, publishing;"
              f" median of {mine['all']})")
        for p in mine["problems"]:
            print("  problem:", p)
        if not can_sharp:
            print("  sharp           : not run (--skip-sharp or not installed)")
            continue
        theirs = _median(their_runs)
        if "error" in theirs:
            print(f"  sharp           : cannot process this set: {theirs['error']}")
            continue
        print(f"  sharp           : {theirs['seconds']:6.2f} s  {theirs['outputs']:3d} files  {kb(theirs['bytes'])}"
              f"  ({theirs['engine']}; its own timer, node start excluded; median of {theirs['all']})")
        print(f"  time ratio ours/sharp  : {mine['seconds'] / theirs['seconds']:.2f}  (< 1 = faster)")
        print(f"  bytes ratio ours/sharp : {mine['bytes'] / theirs['bytes']:.3f}")
    return results


# --- 2. incremental -------------------------------------------------------------------

def copy_project(dest: Path) -> None:
    pages.copy_project(ROOT, dest)      # the project without .venv, .git, site and caches


def mkdocs_build(project: Path) -> tuple[float, str]:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(project / "site")],
                          cwd=project, capture_output=True, text=True,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1", PIONERAS_EXAMPLES="always",
                                   PIONERAS_PHOTO_CACHE=str(project / ".cache" / "photos")))
    return time.perf_counter() - t0, proc.stdout + proc.stderr


def photo_line(log: str) -> str:
    m = re.search(r"Fotos / photos: (.*)", log)
    return m.group(1) if m else "(no photo line)"


def remove_photos(project: Path) -> None:
    """The same site without photo reports: their folders and pages, and the pages that
    must show one of their photos (a story's cover is required).  The site is then a little
    smaller than the one with photos, so the ratio errs on the side of the photos' cost."""
    shutil.rmtree(project / "docs" / "photo-reports", ignore_errors=True)
    shows = re.compile(r"^(cover|hero): *\d{4}-\d{2}-[^/\s]+/\S+$", re.M)
    for lang in ("es", "en"):
        for page in (project / "docs" / lang / "informes-fotograficos").glob("20*.md"):
            page.unlink()
        for page in (project / "docs" / lang).rglob("*.md"):
            if shows.search(page.read_text(encoding="utf-8")):
                page.unlink()


def add_generated_photos(project: Path, count: int) -> None:
    from PIL import Image, ImageDraw

    slug = "2025-07-bench-escala"
    folder = project / "docs" / "photo-reports" / slug
    folder.mkdir(parents=True)
    lines = ["date: 2025-07-01", "photos:"]
    for i in range(count):
        im = Image.new("RGB", (1200, 900), (200, 120 + i % 100, 60))
        d = ImageDraw.Draw(im)
        for j in range(12):
            d.ellipse((j * 90, (i * 37 + j * 53) % 700, j * 90 + 200, (i * 37 + j * 53) % 700 + 200),
                      fill=((i * 13 + j * 40) % 256, 100, (j * 30) % 256))
        im.save(folder / f"p{i:04d}.jpg", quality=85)
        lines += [f"  - file: p{i:04d}.jpg", "    consent: no-people",
                  "    es: {caption: c, alt: a}", "    en: {caption: c, alt: a}"]
    (folder / "report.yml").write_text("\n".join(lines) + "\n")
    for lang in ("es", "en"):
        (project / "docs" / lang / "informes-fotograficos" / f"{slug}.md").write_text(
            f"---\ntitle: Bench\ndescription: bench\nreport: {slug}\n---\n# Bench\n")


def incremental(runs: int, scale: int) -> None:
    heading("2. Incremental: unchanged rebuild vs the same site without photos")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with_photos, without = tmp / "with", tmp / "without"
        copy_project(with_photos)
        copy_project(without)
        remove_photos(without)
        cases = [("real site (example reports)", with_photos)]
        if scale:
            scaled = tmp / "scaled"
            copy_project(scaled)
            add_generated_photos(scaled, scale)
            cases.append((f"real site + {scale} generated photos", scaled))
        first = {}
        for label, project in cases + [("without photos", without)]:
            seconds, log = mkdocs_build(project)  # cold: fills every cache (photos, cards...)
            first[label] = (seconds, photo_line(log))
        times: dict[str, list[float]] = {label: [] for label, _ in cases + [("without photos", without)]}
        lines: dict[str, str] = {}
        for _ in range(runs):
            for label, project in cases + [("without photos", without)]:
                seconds, log = mkdocs_build(project)
                times[label].append(seconds)
                lines[label] = photo_line(log)
        base = statistics.median(times["without photos"])
        low = min(times["without photos"])
        print(f"{runs} builds each, interleaved (mkdocs build, both languages, every hook); "
              "median and fastest (the fastest is the least disturbed by other load):")
        print(f"  without photos                      : median {base:5.2f} s, fastest {low:5.2f} s")
        for label, _ in cases:
            med, fast = statistics.median(times[label]), min(times[label])
            print(f"  {label:36s}: median {med:5.2f} s, fastest {fast:5.2f} s; "
                  f"ratio {med / base:.3f} (median), {fast / low:.3f} (fastest); target <= 1.1")
            print(f"      cold first build {first[label][0]:.2f} s: {first[label][1]}")
            print(f"      unchanged rebuild: {lines[label]}")


# --- 3. memory ----------------------------------------------------------------------

# VmHWM (peak resident memory of this process image), not ru_maxrss: on Linux ru_maxrss
# survives exec(), so a child would report the parent's peak.
RSS_CHILD = textwrap.dedent("""\
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from pioneras.images import Pipeline, Settings
    def hwm():
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    base = hwm()
    docs = Path({docs!r})
    t0 = time.perf_counter()
    p = Pipeline(docs, docs.parent / "cache", Settings(), workers=0, root=docs.parent)
    p.start()
    s = p.finish(docs.parent / "site")
    problems = [x for x in s.problems if "informes-fotograficos" not in x.path]
    print(base, hwm(), round(time.perf_counter() - t0, 2), s.published, len(problems))
""")


def memory() -> None:
    heading("3. Peak memory, one generated 48-megapixel photo (8000 x 6000)")
    from PIL import Image, ImageDraw, ImageFilter

    for fmt in ("jpg", "png"):
        with tempfile.TemporaryDirectory() as tmp:
            docs = Path(tmp) / "docs"
            folder = docs / "photo-reports" / "2025-01-big"
            folder.mkdir(parents=True)
            small = Image.effect_noise((1000, 750), 40).convert("RGB")
            im = small.resize((8000, 6000), Image.Resampling.BICUBIC)
            ImageDraw.Draw(im).ellipse((1000, 1000, 6000, 5000), outline=(200, 90, 40), width=80)
            im = im.filter(ImageFilter.SMOOTH)
            im.save(folder / f"big.{fmt}", **({"quality": 90} if fmt == "jpg" else {"compress_level": 1}))
            size = (folder / f"big.{fmt}").stat().st_size
            del im, small
            (folder / "report.yml").write_text(
                "date: 2025-01-01\nphotos:\n  - file: big.%s\n    consent: no-people\n"
                "    es: {caption: c, alt: a}\n    en: {caption: c, alt: a}\n" % fmt)
            out = subprocess.run([sys.executable, "-c", RSS_CHILD.format(root=str(ROOT), docs=str(docs))],
                                 capture_output=True, text=True)
            if out.returncode != 0:
                print(f"  {fmt}: failed: {out.stderr.strip().splitlines()[-1]}")
                continue
            base, peak, secs, files, problems = out.stdout.split()
            print(f"  {fmt.upper():4s} {size / 1e6:5.1f} MB file: peak RSS {int(peak) / 1024:6.0f} MB "
                  f"(after imports {int(base) / 1024:.0f} MB, so +{(int(peak) - int(base)) / 1024:.0f} MB "
                  f"for the photo), {secs} s, {files} files, {problems} problems")
    print("  (one process; the pool runs one such process per core)")


# --- 4. bytes -----------------------------------------------------------------------

def budget(results: dict) -> None:
    heading("4. Published bytes per photo, all variants together")
    phone = {**results[("mobile", "orientation")]["per_photo"], **results[("heic",)]["per_photo"]}
    real = {k: v for k, v in phone.items()
            if k.endswith((".HEIC", ".heif")) or k in ("jolla.jpg", "HMD_Nokia_8.3_5G.jpg")}
    split = {**results[("mobile", "orientation")]["per_format"], **results[("heic",)]["per_format"]}
    for name, size in sorted(real.items(), key=lambda kv: -kv[1]):
        parts = ", ".join(f"{fmt} {kb(n)}" for fmt, n in split[name].items())
        print(f"  {name:28s} {kb(size):>9s}  ({parts})")
    phones = [v for k, v in real.items() if k != "samplefilehub.heif"]
    mean = statistics.mean(phones)
    print(f"  phone photos (mobile/ + the two iPhone HEICs, {len(phones)}): mean {kb(mean)}, "
          f"median {kb(statistics.median(phones))}, max {kb(max(phones))}")
    examples = ours({"examples": sorted(p for p in (ROOT / "docs" / "photo-reports").glob("2025-*/*")
                                        if p.suffix != ".yml")})
    ex_mean = statistics.mean(examples["per_photo"].values())
    print(f"  the {len(examples['per_photo'])} generated example images: mean {kb(ex_mean)}")
    for label, per in (("at the phone-photo mean", mean), ("at the phone-photo max", max(phones))):
        print(f"  2,000 photos {label:24s}: {2000 * per / 1e9:5.2f} GB of GitHub Pages' 1 GB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--scale", type=int, default=120, help="generated photos for the scaled incremental run (0: skip)")
    parser.add_argument("--repeat", type=int, default=3, help="throughput runs per engine (median)")
    parser.add_argument("--skip-sharp", action="store_true")
    parser.add_argument("--only", choices=["throughput", "incremental", "memory"],
                        help="run one part (parts 1 and 4 go together)")
    args = parser.parse_args()
    if not PHOTOS.is_dir():
        sys.exit(f"{PHOTOS} not found: the benchmark needs the shared photo corpus")
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if args.only in (None, "throughput"):
        results = throughput(args.skip_sharp, args.repeat)
    if args.only in (None, "incremental"):
        incremental(args.runs, args.scale)
    if args.only in (None, "memory"):
        memory()
    if args.only in (None, "throughput"):
        budget(results)


if __name__ == "__main__":
    main()
