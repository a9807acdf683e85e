#!/usr/bin/env python3
"""The pull request's job summary: each problem as file:line and its fix, in Spanish and English.

    python3 scripts/ci_summary.py LOG_DIR  >> "$GITHUB_STEP_SUMMARY"

Reads what scripts/ci_run.py kept (LOG_DIR/NAME.log and NAME.rc for check, privacy, build),
prints Markdown, and exits 1 if any check failed or did not run. Standard library only: it
must work even when the project's packages could not be installed.

The tools print one problem per line, ``path:line: qué pasa / what is wrong`` (notices carry
``(aviso / notice)``); the build prints MkDocs log lines (``WARNING -  ...``). MkDocs' own
warnings are in English only and name no line, so the common ones are explained here.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# (log name, Spanish title, English title, the command a volunteer can run on a computer).
# Photos first: their safety outranks everything, and a problem is listed once, where first seen.
STEPS = [
    ("privacy", "Fotos sin GPS ni datos de cámara", "Photos without GPS or camera data",
     "python3 tasks.py privacy-check"),
    ("check", "Contenido", "Content", "python3 tasks.py check"),
    ("build", "Construcción del sitio (estricta)", "Site build (strict)", "python3 tasks.py build"),
]
# The volunteers' photo cleaner (issue 12, part 2), under the published site.
CLEANER_PATH = "voluntariado/limpiar-fotos/"
MAX_LINES = 40   # per step: a summary is read on a phone; the full log is one click away
EARLIER = "una versión anterior"   # how scripts/pr_privacy.py starts a leak found in history

EXTENSION = re.compile(r"\.\w{1,5}$")
SENTENCE = re.compile(r"[.,;!?] ")
LINE_NO = re.compile(r"^(?P<path>.*?):(?P<line>\d+)$")
MKDOCS = re.compile(r"^(?P<level>WARNING|ERROR)\s+-\s+(?P<msg>.*\S)\s*$")
HOOK_PREFIX = re.compile(r"^[a-z_]+: (?=[\w.-]+/)")    # "photo_reports: docs/..." -> "docs/..."
NOTICE = "(aviso / notice)"
# MkDocs' own warnings about links (English only, no line): what they mean, and what to do.
LINK = re.compile(r"^Doc file '(?P<doc>[^']+)' contains (?:a link|an? (?:unrecognized relative|absolute) link) "
                  r"'(?P<link>[^']+)'(?P<rest>.*)$")
LINK_FIXES = [
    ("is not found among documentation files",
     "el enlace «{link}» lleva a una página que no existe: corrija el nombre del archivo .md (es el mismo en docs/es y docs/en)",
     "the link '{link}' leads to a page that does not exist: fix the .md file name (the same in docs/es and docs/en)"),
    ("anchor",
     "el enlace «{link}» lleva a un título que no existe: corrija lo que va después de #",
     "the link '{link}' leads to a heading that does not exist: fix the part after #"),
    ("unrecognized relative link",
     "el enlace «{link}» no lleva a un archivo del sitio: enlace al archivo .md, p. ej. [texto](otra-pagina.md)",
     "the link '{link}' does not lead to a file of the site: link to the .md file, e.g. [text](other-page.md)"),
    ("absolute link",
     "el enlace «{link}» empieza con /: use la ruta del archivo .md, p. ej. [texto](../donar.md)",
     "the link '{link}' starts with /: use the .md file's path, e.g. [text](../donate.md)"),
]


@dataclass(frozen=True)
class Problem:
    where: str      # "docs/es/x.md:12", "docs/x.jpg", or "" when no file is named
    text: str       # "qué pasa: cómo arreglarlo / what is wrong: how to fix it"


@dataclass
class Step:
    name: str
    ran: bool
    code: int
    problems: list[Problem]
    notices: list[Problem]
    crashed: bool   # a traceback: our bug, never the volunteer's


def link_line(root: Path, path: str, link: str) -> int:
    """The first line of the page that holds the link, or 0: MkDocs does not say which."""
    try:
        lines = (root / path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    for needle in (f"]({link}", link):
        for number, text in enumerate(lines, 1):
            if needle in text:
                return number
    return 0


def mkdocs_problem(msg: str, root: Path) -> Problem:
    found = LINK.match(msg)
    if found:
        path, link = f"docs/{found['doc']}", found["link"]
        line = link_line(root, path, link)
        for key, es, en in LINK_FIXES:
            if key in msg:
                return Problem(f"{path}:{line}" if line else path, f"{es.format(link=link)} / {en.format(link=link)}")
    return Problem("", f"mensaje de MkDocs (en inglés) / MkDocs message: {msg}")


def looks_like_path(text: str) -> bool:
    """A file as the tools show it: docs/x/IMG_1234 (1).jpg yes, "Todo en orden (2 aviso(s))" no."""
    if not text or text != text.strip() or text.startswith("$"):
        return False
    if " " not in text:
        return "/" in text or bool(EXTENSION.search(text))
    # Names uploaded from a phone may hold spaces; a sentence has no folder and no extension.
    return "/" in text and bool(EXTENSION.search(text)) and not SENTENCE.search(text)


def parse_line(line: str) -> Problem | None:
    """``path[:line]: text`` as the tools print it, or None for any other line."""
    where, sep, text = line.partition(": ")
    found = LINE_NO.match(where)
    path = found["path"] if found else where
    if not sep or not text.strip() or not looks_like_path(path):
        return None
    return Problem(where, text.strip())


def parse_log(text: str, is_build: bool, root: Path = ROOT) -> tuple[list[Problem], list[Problem], bool]:
    problems: list[Problem] = []
    notices: list[Problem] = []
    crashed = "Traceback (most recent call last)" in text
    for raw in text.splitlines():
        line = raw.strip()
        if is_build:
            logged = MKDOCS.match(line)
            if not logged:
                continue
            msg = HOOK_PREFIX.sub("", logged["msg"])
            problem = parse_line(msg) or mkdocs_problem(msg, root)
        else:
            problem = parse_line(line)
        if problem is None:
            continue
        if problem.text.startswith(NOTICE):
            notices.append(Problem(problem.where, problem.text[len(NOTICE):].strip()))
        else:
            problems.append(problem)
    # The same line twice (a file named twice on the command line) is one problem.
    return list(dict.fromkeys(problems)), list(dict.fromkeys(notices)), crashed


def read_step(log_dir: Path, name: str, root: Path = ROOT) -> Step:
    log, rc = log_dir / f"{name}.log", log_dir / f"{name}.rc"
    if not rc.is_file():
        return Step(name, False, 1, [], [], False)
    code = int(rc.read_text(encoding="utf-8").strip() or 1)
    text = log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""
    problems, notices, crashed = parse_log(text, is_build=name == "build", root=root)
    return Step(name, True, code, problems, notices, crashed)


# --------------------------------------------------------------------------- Markdown

def md(text: str) -> str:
    """Plain text, shown as text: file names and messages come from the pull request."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]|!#~])", r"\\\1", text)


def code(text: str) -> str:
    """A code span whose fence is longer than any run of backticks inside it."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def item(problem: Problem) -> str:
    return f"- {code(problem.where)}: {md(problem.text)}" if problem.where else f"- {md(problem.text)}"


def status(step: Step) -> tuple[str, str]:
    n = len(step.problems)
    if not step.ran:
        return "⏭️", "no se ejecutó (falló la instalación) / did not run (the set-up failed)"
    if step.code == 0:
        return "✅", "en orden / all good"
    if step.crashed:
        return "💥", "error inesperado, no es culpa suya / unexpected error, not your fault"
    if n:
        return "❌", f"{n} problema(s) / {n} problem(s)"
    return "❌", "falló sin un mensaje conocido / failed without a known message"


def photo_help(problems: list[Problem], site_url: str) -> list[str]:
    """How to take a photo with private data out of a pull request, in both languages."""
    now = sorted({p.where.split(":")[0] for p in problems if p.where and not p.text.startswith(EARLIER)})
    cleaner = f"{site_url}{CLEANER_PATH}" if site_url else CLEANER_PATH
    cleaner_en = f"{site_url}en/{CLEANER_PATH}" if site_url else f"en/{CLEANER_PATH}"
    git_rm = code("git rm " + " ".join(f'"{p}"' for p in (now or ["FOTO.jpg"])))
    return [
        "### 📷 Cómo sacar la foto de esta rama / How to take the photo out of this branch",
        "",
        "1. **Borre la foto de la rama del pull request.** En GitHub: abra el archivo, menú «…» → "
        f"*Delete file* y confirme (*Commit changes*). En su computadora: {git_rm}, luego `git commit` "
        "y `git push`.  ",
        "   **Delete the photo from the pull request's branch.** On GitHub: open the file, \"…\" menu → "
        "*Delete file* and commit. On a computer: the `git rm` above, then `git commit` and `git push`.",
        f"2. **Límpiela antes de volver a agregarla**: con el limpiador de fotos ({cleaner}) o, en una "
        "computadora, con `python3 tasks.py intake`. El comando `clean` del mensaje limpia el archivo, "
        "pero la versión con GPS ya está en un commit de esta rama.  ",
        f"   **Clean it before adding it again**: with the photo cleaner ({cleaner_en}) or, on a computer, "
        "with `python3 tasks.py intake`. The `clean` command in the message cleans the file, but the "
        "version with GPS is already in a commit of this branch.",
        "3. **Borrarla no basta**: GitHub guarda cada commit de un pull request (también `refs/pull/N`), "
        "y esta revisión seguirá fallando mientras la foto esté en algún commit de la rama. Si la foto "
        "muestra personas o lugares, pida a quien mantiene el repositorio que cierre este pull request y "
        "que pida a GitHub Support que lo borre; después abra uno nuevo desde una rama limpia.  ",
        "   **Deleting it is not enough**: GitHub keeps every commit of a pull request (`refs/pull/N` too), "
        "and this check keeps failing while the photo is in any commit of the branch. If the photo shows "
        "people or places, ask a maintainer to close this pull request and ask GitHub Support to purge "
        "it; then open a new one from a clean branch.",
    ]


def render(steps: list[Step], site_url: str = "") -> str:
    """Markdown: a table of the checks, each problem once, the photo help, the notices folded."""
    ok = all(s.ran and s.code == 0 for s in steps)
    out = ["## ✅ Revisión: todo en orden / Checks: all good" if ok else
           "## ❌ Revisión: hay algo que corregir / Checks: something needs fixing", "",
           "| | revisión / check | resultado / result |", "|---|---|---|"]
    titles = {name: (es, en, command) for name, es, en, command in STEPS}
    for step in steps:
        es, en, command = titles[step.name]
        icon, result = status(step)
        out.append(f"| {icon} | {es} / {en} (`{command}`) | {result} |")
    shown: set[Problem] = set()
    for step in steps:
        es, en, _ = titles[step.name]
        fresh = [p for p in step.problems if p not in shown]
        shown.update(fresh)
        if step.crashed:
            fresh.append(Problem("", "error inesperado, no es culpa suya: copie el registro de este paso "
                                     "en un issue / unexpected error, not your fault: copy this step's log into an issue"))
        if not fresh:
            continue
        out += ["", f"### {es} / {en}", ""]
        out += [item(p) for p in fresh[:MAX_LINES]]
        if len(fresh) > MAX_LINES:
            more = len(fresh) - MAX_LINES
            out.append(f"- … y {more} más: abra el paso / … and {more} more: open the step")
    privacy = next((s for s in steps if s.name == "privacy"), None)
    if privacy and privacy.problems:
        out += [""] + photo_help(privacy.problems, site_url)
    notices = list(dict.fromkeys(n for s in steps for n in s.notices))
    if notices:
        out += ["", f"<details><summary>Avisos: no impiden publicar ({len(notices)}) / "
                    f"Notices: they do not block publishing ({len(notices)})</summary>", ""]
        out += [item(n) for n in notices[:MAX_LINES]] + ["", "</details>"]
    if not ok:
        out += ["", "Cada mensaje dice el archivo, la línea y qué hacer; la guía (CONTRIBUTING.md, sección 6) "
                    "explica cada uno. / Each message names the file, the line and what to do; the guide "
                    "(CONTRIBUTING.en.md, section 6) explains each one."]
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        print("usage: ci_summary.py LOG_DIR [SITE_URL]", file=sys.stderr)
        return 2
    site_url = argv[1].rstrip("/") + "/" if len(argv) == 2 and argv[1] else ""
    steps = [read_step(Path(argv[0]), name) for name, *_ in STEPS]
    sys.stdout.write(render(steps, site_url))
    return 0 if all(s.ran and s.code == 0 for s in steps) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
