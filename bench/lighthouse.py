#!/usr/bin/env python3
"""Lighthouse scores of the key pages, both languages, offline. A benchmark, not a test.

    .venv/bin/python bench/lighthouse.py                 # build, serve, audit, print a table
    .venv/bin/python bench/lighthouse.py --runs 3        # median of 3 runs per page
    .venv/bin/python bench/lighthouse.py --site site/    # audit an existing build
    .venv/bin/python bench/lighthouse.py --preset desktop --json out.json

Builds the site (mkdocs build --strict) into a temp folder, serves it on 127.0.0.1 under
its published path (/las-pioneras/) with gzip like GitHub Pages, and runs Lighthouse
(mobile by default) in Debian's Chromium with every non-loopback host unresolvable, so
the result is the same with or without a network. Pages: home, the project page, the
first photo report, donate and the first story (the last two kinds once they exist), in
Spanish and English.

Lighthouse comes from $QA_DEPS or ~/.cache/site-audit (../shared/qa/setup.sh) when that
holds the version pinned in bench/package.json; otherwise it is installed once with npm
from bench/package.json (+ package-lock.json) into .cache/lighthouse-npm/.
Scores vary from run to run by a few points (performance most): compare medians.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from pages_server import CHROMIUM_FLAGS, BuiltSite, build_site, find_chromium, serve  # noqa: E402

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SHORT = {"performance": "perf", "accessibility": "a11y", "best-practices": "bp", "seo": "seo"}
TIMEOUT = 240


# --------------------------------------------------------------------------- Lighthouse itself

def pinned_version() -> str:
    return json.loads((BENCH / "package.json").read_text())["dependencies"]["lighthouse"]


def lighthouse_cli() -> Path:
    """The Lighthouse CLI of the pinned version; installs it into .cache/ if none is found."""
    want = pinned_version()
    candidates = [os.environ.get("QA_DEPS"), str(Path.home() / ".cache" / "site-audit"),
                  str(ROOT / ".cache" / "lighthouse-npm")]
    for base in filter(None, candidates):
        pkg = Path(base) / "node_modules" / "lighthouse" / "package.json"
        if pkg.is_file() and json.loads(pkg.read_text()).get("version") == want:
            return pkg.parent / "cli" / "index.js"
    if not shutil.which("npm"):
        sys.exit("Lighthouse is not installed and npm is missing: install Node.js and npm, "
                 "or run ../shared/qa/setup.sh")
    target = ROOT / ".cache" / "lighthouse-npm"
    target.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        if (BENCH / name).is_file():
            shutil.copy2(BENCH / name, target / name)
    cmd = ["npm", "ci" if (target / "package-lock.json").is_file() else "install", "--no-audit", "--no-fund", "--silent"]
    print(f"installing lighthouse {want} into {target} ...", file=sys.stderr, flush=True)
    subprocess.run(cmd, cwd=target, check=True)
    return target / "node_modules" / "lighthouse" / "cli" / "index.js"


def run_lighthouse(cli: Path, chromium: str, url: str, out: Path, preset: str | None, workdir: Path) -> dict | None:
    profile = Path(tempfile.mkdtemp(prefix="lh-profile-", dir=workdir))
    flags = " ".join(["--headless", "--no-sandbox", *CHROMIUM_FLAGS, f"--user-data-dir={profile}"])
    # CHROMIUM_FLAGS' resolver rule holds spaces and a comma: quote it for chrome-launcher's parser.
    flags = flags.replace("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                          "'--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'")
    cmd = ["node", str(cli), url, f"--chrome-flags={flags}", "--output=json", f"--output-path={out}",
           f"--only-categories={','.join(CATEGORIES)}", "--quiet"]
    if preset:
        cmd.append(f"--preset={preset}")
    env = dict(os.environ, CHROME_PATH=chromium, TMPDIR=str(workdir), NODE_NO_WARNINGS="1")
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        _, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGTERM)     # Lighthouse and the Chromium it started (our group only)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        print(f"  lighthouse timed out on {url}", file=sys.stderr)
        return None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if proc.returncode != 0 or not out.is_file():
        print(f"  lighthouse failed on {url} (rc={proc.returncode}): {err.strip()[-400:]}", file=sys.stderr)
        return None
    return json.loads(out.read_text())


def summarize(reports: list[dict]) -> dict:
    def med(values):
        values = [v for v in values if v is not None]
        return statistics.median(values) if values else None

    scores = {c: med([None if r["categories"][c]["score"] is None else round(r["categories"][c]["score"] * 100)
                      for r in reports]) for c in CATEGORIES}
    audit = lambda key: med([r["audits"].get(key, {}).get("numericValue") for r in reports])  # noqa: E731
    failing = sorted({ref["id"] for r in reports for c in CATEGORIES for ref in r["categories"][c]["auditRefs"]
                      if ref.get("weight", 0) > 0 and (r["audits"][ref["id"]].get("score") is not None)
                      and r["audits"][ref["id"]]["score"] < 0.9})
    return {"scores": scores, "fcp_ms": audit("first-contentful-paint"), "lcp_ms": audit("largest-contentful-paint"),
            "tbt_ms": audit("total-blocking-time"), "cls": audit("cumulative-layout-shift"),
            "bytes": audit("total-byte-weight"), "failing": failing, "runs": len(reports)}


# --------------------------------------------------------------------------- which pages

def pick_pages(site: BuiltSite) -> list[tuple[str, str]]:
    """(label, path) of the key Spanish pages that exist; English is the same path under en/."""
    pages = set(site.pages())
    picks = [("home", ""), ("project", "proyecto/")]
    reports = sorted(p for p in pages if p.startswith("informes-fotograficos/") and p != "informes-fotograficos/")
    if reports:
        picks.append(("photo report", reports[0]))
    picks.append(("donate", "donar/"))
    stories = sorted(p for p in pages if p.startswith("historias/") and p.count("/") == 2
                     and (ROOT / "docs" / "es" / "historias" / (p.split("/")[1] + ".md")).is_file())
    if stories:
        picks.append(("story", stories[0]))
    out = []
    for label, path in picks:
        if path not in pages:
            print(f"  (no {label} page at /{path}: skipped)", file=sys.stderr)
            continue
        out.append((label, path))
        if "en/" + path in pages:
            out.append((label + " (en)", "en/" + path))
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, help="an existing build (default: build now into a temp folder)")
    ap.add_argument("--base-path", default=None, help="published path (default: read from the build)")
    ap.add_argument("--runs", type=int, default=1, help="runs per page; the median is printed")
    ap.add_argument("--preset", choices=["desktop"], default=None, help="default: mobile")
    ap.add_argument("--json", type=Path, help="write the summary as JSON here")
    ap.add_argument("--keep", type=Path, help="keep Lighthouse's JSON reports in this folder")
    args = ap.parse_args(argv)

    chromium = find_chromium()
    if not chromium:
        sys.exit("no Chromium found (Debian: apt-get install chromium; or set CHROMIUM_PATH)")
    cli = lighthouse_cli()
    workdir = Path(tempfile.mkdtemp(prefix="pioneras-lh-"))
    try:
        if args.site:
            index = (args.site / "index.html").read_text(encoding="utf-8")
            m = re.search(r'<link rel="canonical" href="([^"]+)"', index)
            base = urlsplit(m.group(1)).path.strip("/") if m else ""
            site = BuiltSite(args.site.resolve(), args.base_path or (f"/{base}/" if base else "/"), "")
        else:
            t0 = time.monotonic()
            site = build_site(workdir / "site")
            print(f"built in {time.monotonic() - t0:.1f}s", file=sys.stderr)
        pages = pick_pages(site)
        reports_dir = args.keep or workdir / "reports"
        reports_dir.mkdir(parents=True, exist_ok=True)
        results = {}
        with serve(site.dir, site.base_path) as srv:
            for label, path in pages:
                runs = []
                for i in range(args.runs):
                    t0 = time.monotonic()
                    slug = (path.strip("/").replace("/", "_") or "home")
                    r = run_lighthouse(cli, chromium, srv.url(path), reports_dir / f"{slug}-{i + 1}.json",
                                       args.preset, workdir)
                    print(f"  {label:18} run {i + 1}: {time.monotonic() - t0:.0f}s", file=sys.stderr, flush=True)
                    if r:
                        runs.append(r)
                if runs:
                    results[path] = dict(summarize(runs), label=label, version=runs[0]["lighthouseVersion"])
        version = next((r["version"] for r in results.values()), "?")
        print(f"\nLighthouse {version}, {args.preset or 'mobile'}, offline, median of {args.runs} run(s), "
              f"site {site.base_path}")
        width = max(len(p) for _, p in pages) + 2
        header = f"{'page':18} {'path':{width}} " + " ".join(f"{SHORT[c]:>5}" for c in CATEGORIES) + \
            f" {'FCP':>7} {'LCP':>7} {'TBT':>6} {'CLS':>6} {'bytes':>8}"
        print(header)
        print("-" * len(header))
        for label, path in pages:
            r = results.get(path)
            if not r:
                print(f"{label:18} {'/' + path:{width}} (failed)")
                continue
            s = r["scores"]
            print(f"{label:18} {'/' + path:{width}} " + " ".join(f"{'NA' if s[c] is None else int(s[c]):>5}" for c in CATEGORIES)
                  + f" {r['fcp_ms'] / 1000:>6.1f}s {r['lcp_ms'] / 1000:>6.1f}s {r['tbt_ms']:>4.0f}ms {r['cls']:>6.3f}"
                  + f" {r['bytes'] / 1024:>6.0f}KB")
            if r["failing"]:
                print(f"{'':18} below 0.9: {', '.join(r['failing'])}")
        if args.json:
            args.json.write_text(json.dumps(results, indent=1))
        return 0 if len(results) == len(pages) else 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
