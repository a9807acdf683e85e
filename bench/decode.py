#!/usr/bin/env python3
"""Benchmark of decode.py's downscale, previous path vs current (prints numbers; not a test).

    .venv/bin/python bench/decode.py [--runs 5] [--photos ../shared/photos] [--skip-memory]

The previous path (issue 13: JPEG draft asked for twice the largest width, transpose at
the decoded size, Lanczos from there) is tests/images/quality.previous_decode_open; it
is swapped in for decode._decode_open, so both go through the same validation and the
same pipeline code.  On ../shared/photos (cameras, mobile, orientation, heic) and on
generated 12 MP and 48 MP JPEGs it prints:

1. decode + resize to the largest published width, ms per photo, previous vs current,
   the two alternated photo by photo, best and median of --runs;
2. the whole work for one photo (pool.run: decode, the ladder, every AVIF/WebP/JPEG
   variant, dominant colour) in this process, cold cache, alternated the same way;
3. peak memory (VmHWM) of a fresh process decoding a 48 MP JPEG and PNG, and of one
   doing the whole work for the JPEG;
4. luma SSIM of current vs previous at every published width (min and mean), also on
   an adversarial picture with a large patch of fine hatch.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from pioneras.images import Settings, decode  # noqa: E402
from pioneras.images.pool import Job, run  # noqa: E402
from pioneras.images.settings import FORMATS  # noqa: E402
from pioneras.images.variants import resized  # noqa: E402

from images.quality import mean_difference, photo_like, previous_decode_open, ssim  # noqa: E402

SETTINGS = Settings()
WIDTHS = sorted({w for fmt in FORMATS for w in SETTINGS.encoding(fmt).widths}, reverse=True)
CURRENT = decode._decode_open
PATHS = {"previous": previous_decode_open, "current": CURRENT}
REAL_SETS = ("cameras", "mobile", "orientation", "heic")


def heading(text: str) -> None:
    print(f"\n== {text} " + "=" * max(0, 74 - len(text)), flush=True)


def use(name: str) -> None:
    decode._decode_open = PATHS[name]


def decoded(path: Path, name: str):
    use(name)
    try:
        return decode.decode(path, path.name, WIDTHS[0], SETTINGS.background, SETTINGS.max_pixels)
    finally:
        use("current")


def time_decode(path: Path, name: str) -> tuple[float, float]:
    """Wall and CPU seconds (CPU time of this process: less disturbed by other load)."""
    t0, c0 = time.perf_counter(), time.process_time()
    decoded(path, name)
    return time.perf_counter() - t0, time.process_time() - c0


def time_pipeline(path: Path, name: str) -> tuple[tuple[float, float], int]:
    """One photo's whole job, cold cache: (wall, CPU) seconds and bytes written."""
    with tempfile.TemporaryDirectory() as cache:
        use(name)
        try:
            t0, c0 = time.perf_counter(), time.process_time()
            outcome = run(Job(str(path), path.name, "bench", SETTINGS, cache, None))
            seconds = time.perf_counter() - t0, time.process_time() - c0
        finally:
            use("current")
        if outcome.problem:
            raise SystemExit(f"{path.name}: {outcome.problem}")
        return seconds, sum(p.stat().st_size for p in Path(cache).rglob("*") if p.is_file())


def alternate(paths: list[Path], measure, runs: int) -> dict[str, list[list[tuple[float, float]]]]:
    """times[name][photo] = the runs' (wall, CPU) seconds, previous and current alternated
    photo by photo (the order flips every run, so neither always goes first)."""
    times = {name: [[] for _ in paths] for name in PATHS}
    for r in range(runs):
        order = list(PATHS) if r % 2 == 0 else list(reversed(PATHS))
        for i, path in enumerate(paths):
            for name in order:
                times[name][i].append(measure(path, name))
    return times


def report_times(label: str, count: int, times: dict[str, list[list[tuple[float, float]]]]) -> None:
    """Per photo, ms: the mean over the photos of each photo's best and median run, wall
    time and CPU time; then the ratios current/previous (< 1 = faster)."""
    def stat(name, f, k):
        return statistics.mean(f([run[k] for run in t]) for t in times[name]) * 1e3

    cells, ratios = [], []
    for what, k in (("wall", 0), ("cpu", 1)):
        for agg, f in (("best", min), ("median", statistics.median)):
            old, new = stat("previous", f, k), stat("current", f, k)
            cells.append(f"{what} {agg} {old:6.0f} -> {new:6.0f}")
            ratios.append(f"{new / old:.2f}")
    print(f"  {label:34s} {count:2d} | " + " | ".join(cells) + " | ratio " + "/".join(ratios), flush=True)


def quality(label: str, paths: list[Path]) -> None:
    per_width: dict[int, list[float]] = {}
    diffs: list[float] = []
    worst = (2.0, "")
    for path in paths:
        old, new = decoded(path, "previous"), decoded(path, "current")
        widths = [min(w, old.width) for w in WIDTHS]
        a, b = resized(old.image, widths), resized(new.image, widths)
        for w in a:
            s = ssim(a[w], b[w])
            per_width.setdefault(w if w in WIDTHS else 0, []).append(s)
            diffs.append(mean_difference(a[w], b[w]))
            worst = min(worst, (s, f"{path.name} at {w}"))
    cells = "  ".join(f"{w or 'orig'}: {min(v):.4f}/{statistics.mean(v):.4f}"
                      for w, v in sorted(per_width.items(), reverse=True))
    print(f"  {label:34s} SSIM min/mean  {cells}", flush=True)
    print(f"  {'':34s} worst {worst[0]:.4f} ({worst[1]}); mean |RGB difference| "
          f"mean {statistics.mean(diffs):.2f}/255, max {max(diffs):.2f}/255", flush=True)


# --- memory: one fresh process per measurement ----------------------------------------

RSS_CHILD = textwrap.dedent("""\
    import sys, tempfile
    from pathlib import Path
    sys.path[:0] = [{root!r}, {tests!r}]
    from pioneras.images import Settings, decode
    from pioneras.images.pool import Job, run
    from images.quality import previous_decode_open
    def hwm():
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    if {name!r} == "previous":
        decode._decode_open = previous_decode_open
    path, s = Path({path!r}), Settings()
    base = hwm()
    if {whole!r}:
        with tempfile.TemporaryDirectory() as cache:
            assert run(Job(str(path), path.name, "m", s, cache, None)).problem is None
    else:
        decode.decode(path, path.name, 1600, s.background, s.max_pixels)
    print(base, hwm())
""")


def peak(path: Path, name: str, whole: bool) -> tuple[int, int]:
    code = RSS_CHILD.format(root=str(ROOT), tests=str(ROOT / "tests"), name=name, path=str(path), whole=whole)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    base, top = map(int, out.stdout.split())
    return base, top


def memory(folder: Path) -> None:
    heading("3. Peak memory (VmHWM), one fresh process each, 48 MP (8000 x 6000)")
    for label, path, whole in (("JPEG q90, decode + resize", folder / "48mp.jpg", False),
                               ("PNG, decode + resize", folder / "48mp.png", False),
                               ("JPEG q90, whole job (all variants)", folder / "48mp.jpg", True)):
        cells = []
        for name in PATHS:
            base, top = peak(path, name, whole)
            cells.append(f"{name} {top / 1024:5.0f} MB (+{(top - base) / 1024:4.0f} MB over imports)")
        print(f"  {label:36s} " + " | ".join(cells), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--photos", type=Path,
                        default=Path(os.environ.get("PIONERAS_SHARED_PHOTOS") or ROOT / ".." / "shared" / "photos"))
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
          f"published widths {WIDTHS}; {args.runs} runs, previous and current alternated")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generated = {}
        for name, size, hatch in (("12mp.jpg", (4032, 3024), False), ("48mp.jpg", (8000, 6000), False),
                                  ("12mp-hatch.jpg", (4032, 3024), True), ("48mp-hatch.jpg", (8000, 6000), True)):
            im = photo_like(*size, hatch=hatch)
            im.save(folder / name, quality=90)
            if name == "48mp.jpg":
                im.save(folder / "48mp.png", compress_level=1)
            generated[name] = folder / name
        sets: dict[str, list[Path]] = {}
        if args.photos.is_dir():
            for name in REAL_SETS:
                sets[f"shared/photos/{name}"] = sorted(p for p in (args.photos / name).glob("*") if p.is_file())
        else:
            print(f"({args.photos} not found: generated photos only)")
        sets["generated 12 MP JPEG (4032x3024)"] = [generated["12mp.jpg"]]
        sets["generated 48 MP JPEG (8000x6000)"] = [generated["48mp.jpg"]]

        legend = ("  set, photos | previous -> current, ms per photo: wall best, wall median, CPU best, "
                  "CPU median | ratios current/previous in the same order (< 1 = faster)")
        heading("1. Decode + resize to the largest width (ms per photo)")
        print(legend)
        for label, paths in sets.items():
            report_times(label, len(paths), alternate(paths, time_decode, args.runs))

        heading("2. Whole job per photo: decode, ladder, 6 variants, colour (ms per photo)")
        print(legend)
        for label, paths in sets.items():
            written = {}

            def measure(path, name, written=written):
                seconds, size = time_pipeline(path, name)
                written.setdefault(name, {})[path] = size
                return seconds

            report_times(label, len(paths), alternate(paths, measure, args.runs))
            total = {n: sum(written[n].values()) for n in PATHS}
            print(f"  {'':34s} bytes written: previous {total['previous'] / 1024:,.0f} KB, "
                  f"current {total['current'] / 1024:,.0f} KB", flush=True)

        if not args.skip_memory:
            memory(folder)

        heading("4. Luma SSIM, current vs previous, at every published width (min/mean)")
        for label, paths in sets.items():
            quality(label, paths)
        quality("adversarial: 12 MP + fine hatch", [generated["12mp-hatch.jpg"]])
        quality("adversarial: 48 MP + fine hatch", [generated["48mp-hatch.jpg"]])


if __name__ == "__main__":
    main()
