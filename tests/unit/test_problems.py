"""The messages catalogue: every problem says what is wrong and the fix, in both languages."""
from __future__ import annotations

import re
import string
from pathlib import Path

import yaml

from pioneras import problems
from pioneras.problems import COMMANDS, NOTICE, Problem, notice, problem, summary, unique

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = yaml.safe_load((ROOT / "pioneras" / "messages.yml").read_text(encoding="utf-8"))


def _fields(text: str) -> set[str]:
    """Placeholders, with a language's own ones ({labels_es}/{labels_en}) counted as one."""
    return {re.sub(r"_(es|en)$", "", name) for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_entry_has_what_and_fix_in_both_languages_with_the_same_placeholders():
    for code, entry in CATALOGUE.items():
        assert set(entry) == {"es", "en", "fix_es", "fix_en"}, code
        assert all(isinstance(v, str) and v.strip() for v in entry.values()), code
        es, en = _fields(entry["es"] + entry["fix_es"]), _fields(entry["en"] + entry["fix_en"])
        assert es == en, f"{code}: {es ^ en}"
        assert all(not f.startswith("cmd_") or f in COMMANDS for f in es), code


def test_every_code_the_engine_uses_is_in_the_catalogue_and_none_is_unused():
    used = set()
    for path in (ROOT / "pioneras").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'(?:problem|notice)\(\s*"([a-z]+\.[a-z0-9-]+)"', text))
        used |= set(re.findall(r'PydanticCustomError\(\s*"([a-z]+\.[a-z0-9-]+)"', text))
        used |= {f"schema.photo-{w}" for w in ("caption", "alt") if 'f"schema.photo-{last}"' in text}
        used |= set(re.findall(r'PydanticCustomError\(\s*\n?\s*"([a-z]+\.[a-z0-9-]+)"', text))
    for path in (ROOT / "hooks").glob("*.py"):
        used |= set(re.findall(r'(?:problem|notice|render)\(\s*"([a-z]+\.[a-z0-9-]+)"', path.read_text(encoding="utf-8")))
    assert used - set(CATALOGUE) == set()
    assert set(CATALOGUE) - used == set(), "entries nobody uses"


def test_a_problem_reads_file_line_spanish_then_english():
    p = problem("links.not-found", "docs/es/x.md", 12, url="y.md")
    assert str(p) == ("docs/es/x.md:12: el enlace «y.md» no lleva a ninguna página: corrija la dirección "
                      "(relativa a esta página, terminada en .md) o cree la página / the link 'y.md' leads "
                      "to no page: fix the address (relative to this page, ending in .md) or create the page")
    assert p.code == "links.not-found" and p.is_error


def test_volunteers_text_inside_a_message_stays_on_one_line():
    p = problem("links.not-found", "docs/es/x.md", 1, url="a\nb\tc")
    assert "\n" not in str(p) and "«a b c»" in p.es


def test_notices_are_tagged_and_never_errors():
    n = notice("consent.withdrawn", "docs/photo-reports/x/report.yml", 4, file="a.jpg")
    assert n.level == NOTICE and not n.is_error and "(aviso / notice)" in str(n)
    assert "All good (1 notice(s))" in summary([n])
    assert "1 error(s)" in summary([n, problem("links.empty", "docs/es/x.md", 2)])


def test_unique_sorts_by_file_and_line_and_drops_repeats():
    a = problem("links.empty", "docs/es/b.md", 2)
    b = problem("links.empty", "docs/es/a.md", 9)
    assert unique([a, b, a]) == [b, a]


def test_the_commands_in_messages_are_the_guides():
    assert all(cmd.startswith("python3 tasks.py ") for key, cmd in COMMANDS.items() if key.startswith("cmd_"))
    assert problems.catalogue() is problems.catalogue()      # read once
    assert isinstance(problem("links.empty", Path("docs/es/x.md"), 1), Problem)
