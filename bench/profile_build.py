#!/usr/bin/env python3
"""Where a warm build's time goes (issue 13): one build under cProfile, attributed.

    .venv/bin/python bench/profile_build.py [--n 1000] [--top 25] [--source DIR] [--save FILE]

Copies the project with N stories per language (as bench/pages.py does), builds it once
cold (not profiled), then profiles one warm `mkdocs build --strict -q` and prints:

1. the top functions by cumulative time and by own (self) time;
2. the cumulative time of each hook event (hooks/*.py on_*: all it calls included);
3. own time per group of files: each hook file, each pioneras/ module, MkDocs, Material,
   static-i18n, jinja2, the compiled templates, Markdown... Time spent in the standard
   library and builtins (re.sub, str methods) belongs to no group by file, so a second
   column charges it to the nearest caller outside the standard library, split by the time
   each caller spent in it: `re.sub` called from pioneras/security.py counts there.

cProfile slows Python code about twofold, unevenly: read shares, not absolute seconds.
--save keeps the raw profile (pstats format) for snakeviz or pstats. --project DIR profiles
a warm build of a copy made and built before (e.g. one kept by `bench/photos_warm.py --keep`)
instead of making one: no cold build, its own code as it is.
"""
from __future__ import annotations

import argparse
import pstats
import shutil
import sys
import sysconfig
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pages  # noqa: E402 - bench/pages.py: the same copy and stories

STDLIB = Path(sysconfig.get_paths()["stdlib"]).resolve()
NEUTRAL = "Python stdlib + builtins"
PACKAGES = {"mkdocs": "MkDocs", "material": "Material", "mkdocs_static_i18n": "static-i18n",
            "jinja2": "jinja2 (engine)", "markdown": "Markdown", "pymdownx": "pymdownx",
            "yaml": "PyYAML", "pydantic": "pydantic", "pydantic_core": "pydantic", "PIL": "Pillow"}


def group(filename: str, root: Path) -> str | None:
    """The group a function's file belongs to; None for the standard library and builtins."""
    if filename.startswith(("~", "<")):          # builtins, <frozen ...>, <string>
        return None
    if filename.endswith(".html"):               # Jinja compiles each template under its file name
        return "templates (Material's and overrides/, compiled)"
    path = Path(filename).resolve()
    if path.is_relative_to(root):
        parts = path.relative_to(root).parts
        if parts[0] == "pioneras" and len(parts) > 2:
            return f"pioneras/{parts[1]}/"
        return "/".join(parts[:2])               # hooks/security.py, pioneras/security.py
    if "site-packages" in path.parts:
        package = path.parts[path.parts.index("site-packages") + 1]
        return PACKAGES.get(package, package)
    if path.is_relative_to(STDLIB):
        return None
    return str(path)


def label(func: tuple, root: Path) -> str:
    filename, line, name = func
    if filename.startswith(("~", "<")):
        return name
    path = Path(filename).resolve()
    for base in (root, STDLIB):
        if path.is_relative_to(base):
            return f"{path.relative_to(base)}:{line}({name})"
    if "site-packages" in path.parts:
        return f"{'/'.join(path.parts[path.parts.index('site-packages') + 1:])}:{line}({name})"
    return f"{filename}:{line}({name})"


def charged(stats: dict, root: Path) -> dict[str, float]:
    """Own time per group, stdlib/builtin time charged to the nearest non-stdlib callers."""
    memo: dict[tuple, dict[str, float]] = {}

    def owners(func: tuple, path: frozenset) -> dict[str, float]:
        mine = group(func[0], root)
        if mine:
            return {mine: 1.0}
        if func in memo:
            return memo[func]
        callers = stats[func][4]
        total = sum(edge[2] for edge in callers.values())
        if func in path or not total:        # recursion in the stdlib, or no timed caller
            return {NEUTRAL: 1.0}
        share: dict[str, float] = defaultdict(float)
        for caller, edge in callers.items():
            for name, part in owners(caller, path | {func}).items():
                share[name] += part * edge[2] / total
        memo[func] = share
        return share

    out: dict[str, float] = defaultdict(float)
    for func, (_, _, own, _, _) in stats.items():
        for name, part in owners(func, frozenset()).items():
            out[name] += own * part
    return out


def report(profile: Path, root: Path, top: int, seconds: float, plain_seconds: float) -> None:
    st = pstats.Stats(str(profile))
    stats, total = st.stats, st.total_tt
    print(f"profiled build {seconds:.1f} s wall ({plain_seconds:.1f} s without the profiler); "
          f"{total:.1f} s of profiled time\n")
    for title, key in (("cumulative", 3), ("own (self)", 2)):
        print(f"== top {top} by {title} time ==")
        print(f"{'cum s':>8} {'cum %':>6} {'own s':>8} {'own %':>6} {'calls':>10}  function")
        for func, (_, calls, own, cum, _) in sorted(stats.items(), key=lambda kv: -kv[1][key])[:top]:
            print(f"{cum:8.2f} {100 * cum / total:6.1f} {own:8.2f} {100 * own / total:6.1f} {calls:10d}  "
                  f"{label(func, root)}")
        print()
    print("== hook events, cumulative (everything they call) ==")
    events = [(cum, func) for func, (_, _, _, cum, _) in stats.items()
              if (group(func[0], root) or "").startswith("hooks/") and func[2].startswith("on_")]
    for cum, func in sorted(events, reverse=True):
        print(f"{cum:8.2f} {100 * cum / total:6.1f}%  {label(func, root)}")
    print()
    own: dict[str, float] = defaultdict(float)
    for func, (_, _, tt, _, _) in stats.items():
        own[group(func[0], root) or NEUTRAL] += tt
    charge = charged(stats, root)
    print("== time per group of files ==")
    print(f"{'own s':>8} {'own %':>6} {'+stdlib s':>10} {'+stdlib %':>10}  group")
    rest = 0.0
    for name in sorted(charge, key=lambda k: -charge[k]):
        if charge[name] < total / 1000:          # under 0.1 %: summed on one line
            rest += charge[name]
            continue
        print(f"{own.get(name, 0):8.2f} {100 * own.get(name, 0) / total:6.1f} "
              f"{charge[name]:10.2f} {100 * charge[name] / total:10.1f}  {name}")
    print(f"{'':15} {rest:10.2f} {100 * rest / total:10.1f}  (groups under 0.1 % each)")


BUILD = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="stories per language")
    parser.add_argument("--top", type=int, default=25, help="functions in each top list")
    parser.add_argument("--source", type=Path, default=pages.ROOT, help="the project to copy")
    parser.add_argument("--save", type=Path, help="keep the raw profile here")
    parser.add_argument("--project", type=Path, help="profile this copy, built before, as it is")
    args = parser.parse_args()
    if args.project:
        profiled(args.project.resolve(), args)
        return
    with tempfile.TemporaryDirectory(prefix="pioneras-profile-") as tmp:
        root = pages.copy_project(args.source.resolve(), Path(tmp) / "project").resolve()
        pages.write_stories(root, args.n)
        count = sum(1 for lang in ("es", "en") for _ in (root / "docs" / lang).rglob("*.md"))
        print(f"build profile: source {args.source.resolve()}, N = {args.n} stories per language, "
              f"{count} Markdown pages")
        pages.timed(BUILD, root)                              # cold: photos, cards
        profiled(root, args)


def profiled(root: Path, args) -> None:
    """Profile one warm build of ``root`` (built before), after one unprofiled for scale."""
    with tempfile.TemporaryDirectory(prefix="pioneras-profile-") as tmp:
        plain_seconds, _, _ = pages.timed(BUILD, root)        # warm, for scale
        profile = Path(tmp) / "build.prof"
        # `-m cProfile -m mkdocs`: the copy (cwd) stays first on sys.path, so its own
        # pioneras/ is the one profiled, not the checkout's.
        seconds, _, _ = pages.timed([sys.executable, "-m", "cProfile", "-o", str(profile), *BUILD[1:]], root)
        report(profile, root, args.top, seconds, plain_seconds)
        if args.save:
            shutil.copy(profile, args.save)


if __name__ == "__main__":
    main()
