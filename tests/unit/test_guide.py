"""The volunteers' guide says what the tools do, in both languages, section for section.

CONTRIBUTING.md (Spanish, the main version) and CONTRIBUTING.en.md must name every command
the tools' messages name, only commands that exist (read from tasks.py and
pioneras/__main__.py, never copied here), the same sections in the same order, files that
exist, and the same report.yml and story templates the schema accepts. Every failure names
the file and the command or section concerned.
"""
from __future__ import annotations

import argparse
import ast
import datetime as dt
import re
import string
from pathlib import Path

import pytest
import yaml

from pioneras.__main__ import parser as volunteer_parser
from pioneras.content.schema import Photo, PhotoText, ReportMeta, StoryMeta
from pioneras.problems import COMMANDS

ROOT = Path(__file__).resolve().parents[2]
GUIDES = {"es": ROOT / "CONTRIBUTING.md", "en": ROOT / "CONTRIBUTING.en.md"}
# Files a volunteer reads that name commands: the guides and the notes next to the content.
VOLUNTEER_DOCS = [*GUIDES.values(), ROOT / "README.md", ROOT / "docs/photo-reports/README.md",
                  *sorted(p for p in (ROOT / "archetypes").rglob("*") if p.is_file())]
CLEANER_PAGES = {"es": ROOT / "docs/es/voluntariado/limpiar-fotos.md",
                 "en": ROOT / "docs/en/voluntariado/limpiar-fotos.md"}
LANGUAGES = ("es", "en")

TASKS_CALL = re.compile(r"\b(?:python3?|py) tasks\.py ([A-Za-z0-9_][A-Za-z0-9_-]*)")
SECTION = re.compile(r"^## (\d+)\. (.+)$", re.M)
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
CODE_BLOCK = re.compile(r"^```[^\n]*\n(.*?)^```", re.M | re.S)
# A path of the repository written in backticks: `data/stories.yml`, `.github/workflows/x.yml`.
REPO_PATH = re.compile(r"`((?:\.github|pioneras|data|scripts|archetypes|hooks|overrides|tests)"
                       r"(?:/[\w.-]+)*/?)`")


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


# --------------------------------------------------------------------------- what exists

def tasks_commands() -> set[str]:
    """The words tasks.py's main() handles itself: `command == "serve"`, `command in {...}`."""
    tree = ast.parse(text(ROOT / "tasks.py"))
    main = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "main")
    found: set[str] = set()
    for node in ast.walk(main):
        if (isinstance(node, ast.Compare) and isinstance(node.left, ast.Name)
                and node.left.id == "command"):
            for op, right in zip(node.ops, node.comparators):
                if isinstance(op, ast.Eq) and isinstance(right, ast.Constant):
                    found.add(right.value)
                elif isinstance(op, ast.In) and isinstance(right, (ast.Set, ast.Tuple, ast.List)):
                    found |= {e.value for e in right.elts if isinstance(e, ast.Constant)}
    return {w for w in found if isinstance(w, str) and not w.startswith("-")}


def volunteer_commands() -> set[str]:
    """The sub-commands pioneras/__main__.py's parser accepts (tasks.py hands it the rest)."""
    actions = [a for a in volunteer_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return {name for action in actions for name in action.choices}


ACCEPTED = tasks_commands() | volunteer_commands()


def test_the_accepted_commands_are_read_from_the_code():
    # If either reader broke, every later check would pass on an empty or tiny set.
    assert {"serve", "build", "test", "help"} <= tasks_commands()
    assert {"check", "intake", "withdraw", "translations"} <= volunteer_commands()


# --------------------------------------------------------------------------- commands

@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_guide_names_every_command_of_the_messages(lang):
    guide = GUIDES[lang]
    body = text(guide)
    missing = [f"{value!r} (pioneras/problems.py COMMANDS[{key!r}])"
               for key, value in COMMANDS.items() if value not in body]
    assert not missing, f"{rel(guide)} does not name: {', '.join(missing)}"


def messages_commands() -> dict[str, set[str]]:
    """Each command pioneras/messages.yml names -> the codes naming it: written out
    (`python3 tasks.py x`) or as a {cmd_...} placeholder filled from COMMANDS."""
    catalogue = yaml.safe_load(text(ROOT / "pioneras" / "messages.yml"))
    named: dict[str, set[str]] = {}
    for code, entry in catalogue.items():
        for wording in entry.values():
            for word in TASKS_CALL.findall(wording):
                named.setdefault(f"python3 tasks.py {word}", set()).add(code)
            for _, field, _, _ in string.Formatter().parse(wording):
                if field and field.startswith("cmd_"):
                    named.setdefault(COMMANDS[field], set()).add(code)
    return named


def test_the_messages_name_commands():
    assert "python3 tasks.py intake" in messages_commands()     # the reader finds placeholders


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_command_a_message_names_is_in_the_guide(lang):
    guide = GUIDES[lang]
    body = text(guide)
    missing = [f"{command!r} (pioneras/messages.yml: {', '.join(sorted(codes))})"
               for command, codes in sorted(messages_commands().items()) if command not in body]
    assert not missing, f"{rel(guide)} does not name: {', '.join(missing)}"


@pytest.mark.parametrize("path", VOLUNTEER_DOCS, ids=rel)
def test_every_command_written_for_volunteers_exists(path):
    wrong = [f"{rel(path)}:{n}: `tasks.py {word}` is not a command tasks.py accepts"
             for n, line in enumerate(text(path).splitlines(), 1)
             for word in TASKS_CALL.findall(line) if word not in ACCEPTED]
    assert not wrong, "\n".join(wrong) + f"\naccepted (tasks.py + pioneras/__main__.py): {sorted(ACCEPTED)}"


@pytest.mark.parametrize("path", [*GUIDES.values(), ROOT / "docs/photo-reports/README.md",
                                  *(p for p in VOLUNTEER_DOCS if "archetypes" in p.parts)], ids=rel)
def test_volunteers_are_never_told_to_run_the_module_directly(path):
    # The guide's way is `python3 tasks.py ...`, which needs no activated .venv.
    lines = [f"{rel(path)}:{n}: {line.strip()}" for n, line in enumerate(text(path).splitlines(), 1)
             if "python -m pioneras" in line]
    assert not lines, "write `python3 tasks.py <command>` instead of `python -m pioneras`:\n" + "\n".join(lines)


@pytest.mark.parametrize("path", [*GUIDES.values(), ROOT / "docs/photo-reports/README.md"], ids=rel)
def test_intake_examples_take_photos_from_outside_the_repository(path):
    # A relative folder (`Descargas/taller-mayo`) would be inside las-pioneras/, where the
    # commands are typed: the phone's originals, with their GPS, next to the public files.
    outside = re.compile(r"^(?:~|\$HOME|%USERPROFILE%|/|[A-Za-z]:\\)")
    calls = re.findall(r"tasks\.py intake (\S+) (\S+)", text(path))
    wrong = [f"{rel(path)}: `tasks.py intake {slug} {source}`" for slug, source in calls
             if not outside.match(source) and not source.startswith("<") and not source.isupper()]
    assert not wrong, "the photos' folder must be outside the repository (~/..., $HOME\\...):\n" + "\n".join(wrong)


# --------------------------------------------------------------------------- structure

def sections(path: Path) -> list[tuple[int, str, str]]:
    """(number, heading, body) of each numbered `## N. ...` section."""
    body = text(path)
    found = list(SECTION.finditer(body))
    return [(int(m[1]), m[2], body[m.end():found[i + 1].start() if i + 1 < len(found) else len(body)])
            for i, m in enumerate(found)]


def test_both_guides_have_the_same_sections():
    es, en = sections(GUIDES["es"]), sections(GUIDES["en"])
    count = {lang: len(re.findall(r"^## ", text(p), re.M)) for lang, p in GUIDES.items()}
    assert count["es"] == count["en"], f"## sections: CONTRIBUTING.md has {count['es']}, CONTRIBUTING.en.md {count['en']}"
    assert [n for n, *_ in es] == list(range(1, len(es) + 1)), "CONTRIBUTING.md: sections are not numbered 1, 2, 3..."
    assert [n for n, *_ in en] == [n for n, *_ in es], "CONTRIBUTING.en.md: not numbered like CONTRIBUTING.md"
    for (n, head_es, body_es), (_, head_en, body_en) in zip(es, en):
        sub_es, sub_en = len(re.findall(r"^### ", body_es, re.M)), len(re.findall(r"^### ", body_en, re.M))
        assert sub_es == sub_en, (f"section {n} ({head_es} / {head_en}): CONTRIBUTING.md has {sub_es} "
                                  f"### parts, CONTRIBUTING.en.md {sub_en}")
        for command in sorted(set(TASKS_CALL.findall(body_es)) ^ set(TASKS_CALL.findall(body_en))):
            pytest.fail(f"section {n} ({head_es} / {head_en}): `tasks.py {command}` is in only one guide")


def github_anchor(heading: str) -> str:
    """The id GitHub gives a Markdown heading."""
    plain = re.sub(r"[`*]", "", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", plain).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    return {github_anchor(h) for h in re.findall(r"^#{1,6} (.+)$", text(path), re.M)}


LINKING_DOCS = [*GUIDES.values(), ROOT / "docs/photo-reports/README.md", ROOT / "archetypes/README.md"]


@pytest.mark.parametrize("path", LINKING_DOCS, ids=rel)
def test_links_lead_to_files_and_headings_that_exist(path):
    wrong = []
    prose = re.sub(r"`[^`\n]*`", "", CODE_BLOCK.sub("", text(path)))     # examples in code are not links
    for target in LINK.findall(prose):
        if re.match(r"^[a-z]+:", target):
            continue                               # https://, mailto:
        file_part, _, anchor = target.partition("#")
        dest = (path.parent / file_part).resolve() if file_part else path
        if not dest.exists():
            wrong.append(f"{rel(path)}: [..]({target}): {file_part} does not exist")
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            wrong.append(f"{rel(path)}: [..]({target}): no heading #{anchor} in {rel(dest)}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_repository_files_the_guide_names_exist(lang):
    guide = GUIDES[lang]
    named = set(REPO_PATH.findall(text(guide)))
    assert ".github/workflows/checks.yml" in named and "data/stories.yml" in named, rel(guide)
    wrong = [p for p in sorted(named) if not (ROOT / p).exists()]
    assert not wrong, f"{rel(guide)} names files that do not exist: {wrong}"


SECTION_REF = [
    re.compile(r"CONTRIBUTING(?:\.en)?\.md`?,? (?:secci[oó]n|section) (\d+)"),
    re.compile(r"(?:secci[oó]n|section) (\d+) (?:de|of) `?CONTRIBUTING(?:\.en)?\.md"),
]
REFERRING = [ROOT / "README.md", ROOT / "scripts/ci_summary.py", *CLEANER_PAGES.values(),
             ROOT / "docs/photo-reports/README.md", ROOT / "archetypes/README.md"]


def test_references_to_a_section_of_the_guide_point_at_the_right_one():
    """`(CONTRIBUTING.md, sección 6)` elsewhere: that section exists and, when the sentence
    is about messages or names a command, it is the messages' section or names it."""
    guide = {lang: {n: (head, body) for n, head, body in sections(p)} for lang, p in GUIDES.items()}
    wrong = []
    for path in REFERRING:
        body = text(path)
        for pattern in SECTION_REF:
            for m in pattern.finditer(body):
                n = int(m[1])
                start = max(body.rfind(". ", 0, m.start()), body.rfind("\n\n", 0, m.start()), 0)
                sentence = body[start:m.start()]
                where = f"{rel(path)}: «{m[0]}»"
                if n not in guide["es"]:
                    wrong.append(f"{where}: the guide has no section {n}")
                    continue
                if re.search(r"mensaje|message", sentence, re.I) and not (
                        "mensaje" in guide["es"][n][0] and "message" in guide["en"][n][0]):
                    wrong.append(f"{where}: is about messages, but section {n} is «{guide['es'][n][0]}»")
                for word in TASKS_CALL.findall(sentence):
                    if f"tasks.py {word}" not in guide["es"][n][1]:
                        wrong.append(f"{where}: names `tasks.py {word}`, which section {n} does not")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_guides_own_section_numbers_exist(lang):
    guide = GUIDES[lang]
    count = len(sections(guide))
    refs = re.findall(r"\((?:secci[oó]n|section) (\d+)\)|(?:secci[oó]n|section) (\d+)\b", text(guide))
    wrong = sorted({int(a or b) for a, b in refs} - set(range(1, count + 1)))
    assert not wrong, f"{rel(guide)} refers to sections {wrong}, but has {count}"


# --------------------------------------------------------------------------- facts

def mkdocs_default(key: str) -> str:
    """The default of a `key: !ENV [NAME, "default"]` setting of mkdocs.yml."""
    found = re.search(rf'^{key}: !ENV \[\w+, "([^"]+)"\]', text(ROOT / "mkdocs.yml"), re.M)
    assert found, f"mkdocs.yml: no {key} with a default"
    return found[1]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_cleaner_and_repository_addresses_are_the_sites(lang):
    guide = GUIDES[lang]
    site = mkdocs_default("site_url").rstrip("/") + "/"
    page = COMMANDS["cleaner_page"]
    # Spanish, the default language, is served at the root; English under en/.
    for url in (f"{site}{page}", f"{site}en/{page}"):
        assert f"]({url})" in text(guide), f"{rel(guide)}: does not link the photo cleaner's address {url}"
    assert not re.search(r"/es/" + re.escape(page), text(guide)), f"{rel(guide)}: the cleaner is not under /es/"
    repo = mkdocs_default("repo_url")
    assert f"git clone {repo}.git" in text(guide), f"{rel(guide)}: clone command is not {repo}.git"
    assert "http://127.0.0.1:8000" + re.sub(r"^https?://[^/]+", "", site) in text(guide), \
        f"{rel(guide)}: the preview's address does not follow site_url's path"


def yaml_blocks(path: Path, needle: str) -> list[dict]:
    out = []
    for block in CODE_BLOCK.findall(text(path)):
        if needle in block:
            body = block.strip()
            if body.startswith("---"):
                body = body.strip("-\n")
            out.append(yaml.safe_load(body))
    return out


def filled(template: dict) -> dict:
    """The report template as a volunteer completes it: consent chosen, texts written."""
    photos = [{**p, "consent": p["consent"] or "no-people",
               **{lang: {k: v or "x" for k, v in p[lang].items()} for lang in LANGUAGES}}
              for p in template["photos"]]
    return {**template, "photos": photos}


@pytest.mark.parametrize("path", [*GUIDES.values(), *CLEANER_PAGES.values()], ids=rel)
def test_the_report_template_is_the_schemas(path):
    templates = yaml_blocks(path, "photos:")
    assert len(templates) == 1, f"{rel(path)}: expected one report.yml template, found {len(templates)}"
    template = templates[0]
    assert set(template) <= set(ReportMeta.model_fields), f"{rel(path)}: {set(template) - set(ReportMeta.model_fields)}"
    photo_fields = (set(Photo.model_fields) - {"texts"}) | set(LANGUAGES)
    for photo in template["photos"]:
        assert set(photo) <= photo_fields, f"{rel(path)}: report.yml fields not in Photo: {set(photo) - photo_fields}"
        for lang in LANGUAGES:
            assert set(photo[lang]) == set(PhotoText.model_fields), f"{rel(path)}: {lang}: {set(photo[lang])}"
    done = filled(template)
    context = {"languages": LANGUAGES}
    ReportMeta.model_validate(done, context=context)
    for photo in done["photos"]:
        Photo.model_validate(photo, context=context)
    assert done["cover"] in {p["file"] for p in done["photos"]}, f"{rel(path)}: cover is not a listed photo"


def test_the_guides_and_the_cleaner_give_one_template():
    templates = {rel(p): yaml_blocks(p, "photos:")[0] for p in [*GUIDES.values(), *CLEANER_PAGES.values()]}
    first_path, first = next(iter(templates.items()))
    for path, template in templates.items():
        assert template == first, f"the report.yml template in {path} differs from the one in {first_path}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_story_template_is_the_schemas_with_the_sites_categories(lang):
    guide = GUIDES[lang]
    stories = yaml_blocks(guide, "summary:")
    assert len(stories) == 1, f"{rel(guide)}: expected one story front matter, found {len(stories)}"
    story = stories[0]
    assert set(story) <= set(StoryMeta.model_fields), f"{rel(guide)}: {set(story) - set(StoryMeta.model_fields)}"
    StoryMeta.model_validate(story, context={"languages": LANGUAGES, "today": dt.date.today()})
    known = set(yaml.safe_load(text(ROOT / "data/stories.yml"))["categories"])
    assert set(story["categories"]) <= known, f"{rel(guide)}: categories not in data/stories.yml"
    section = next((body for _, head, body in sections(guide) if "historia" in head or "story" in head), None)
    assert section is not None, f"{rel(guide)}: no section about stories (historia / story in its heading)"
    missing = [key for key in sorted(known) if f"`{key}`" not in section]
    assert not missing, f"{rel(guide)}: the story section does not list the categories {missing} of data/stories.yml"
    # Every optional field the section explains exists.
    for field in re.findall(r"^- `(\w+)(?::[^`]*)?`", section, re.M):
        assert field in StoryMeta.model_fields, f"{rel(guide)}: story field `{field}` is not in StoryMeta"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_guide_explains_every_family_of_messages(lang):
    guide = GUIDES[lang]
    catalogue = yaml.safe_load(text(ROOT / "pioneras" / "messages.yml"))
    families = sorted({code.split(".")[0] for code in catalogue})
    section = next((body for _, head, body in sections(guide) if "mensaje" in head or "message" in head), None)
    assert section is not None, f"{rel(guide)}: no section about messages (mensaje / message in its heading)"
    missing = [f for f in families if f"`{f}.*`" not in section]
    assert not missing, f"{rel(guide)}: the messages' section does not explain {missing} (pioneras/messages.yml)"
    for code in re.findall(r"`([a-z]+\.[a-z0-9-]+)`", section):
        if code.split(".")[0] in families:
            assert code in catalogue, f"{rel(guide)}: `{code}` is not in pioneras/messages.yml"


def test_the_commit_hooks_run_what_the_guide_says():
    """The guide says the optional commit checks call `python tasks.py` (no .venv to activate)."""
    config = yaml.safe_load(text(ROOT / ".pre-commit-config.yaml"))
    entries = [h["entry"] for repo in config["repos"] for h in repo["hooks"]]
    for lang, guide in GUIDES.items():
        if "pre-commit install" not in text(guide):
            continue
        assert "`python tasks.py`" in text(guide), rel(guide)
        for entry in entries:
            found = re.fullmatch(r"python tasks\.py ([\w-]+)(?: .*)?", entry)
            assert found and found[1] in ACCEPTED, (
                f".pre-commit-config.yaml: entry {entry!r} is not `python tasks.py <command>`, "
                f"as {rel(guide)} says")
