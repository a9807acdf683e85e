"""Bounded YAML: aliases, depth, size and repeated keys are refused in milliseconds, at a line."""
from __future__ import annotations

import json
import resource
import time

import pytest

from files import ALIAS_BOMB
from pioneras.yamlsafe import MAX_DEPTH, load, load_file_text


def codes(found):
    return [(p.code, p.line) for p in found]


def test_plain_yaml_loads_with_dates_kept_as_text():
    data, found, located = load("title: Hola\ndate: 2025-05-14\nlist:\n  - a\n  - b\n", "x.yml")
    assert found == [] and data == {"title": "Hola", "date": "2025-05-14", "list": ["a", "b"]}
    assert located.line(("list", 1)) == 5 and located.line(("missing",)) == 1


def test_an_alias_bomb_is_refused_at_once_without_expanding():
    start, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    data, found, _ = load(ALIAS_BOMB + "boom: *a9\n", "data/ui.yml")
    elapsed = time.perf_counter() - start
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert data is None and codes(found) == [("yaml.alias", 2)]
    assert elapsed < 0.2 and grown_mb < 50
    assert "data/ui.yml:2" in str(found[0])


def test_front_matter_lines_are_offset():
    _, found, located = load("a: 1\nb: *x\n", "docs/es/x.md", offset=1)
    assert codes(found) == [("yaml.alias", 3)]          # an alias is refused even undefined
    _, _, located = load("a: 1\nb: 2\n", "docs/es/x.md", offset=1)
    assert located.line(("b",)) == 3


def test_deep_nesting_and_size_are_capped():
    deep = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    assert load(deep, "x.yml")[1][0].code == "yaml.too-deep"
    assert load("a: " + "x" * 2_000_000, "x.yml")[1][0].code == "yaml.too-large"


def test_a_repeated_key_is_named_at_its_second_line():
    data, found, _ = load("title: A\ndescription: B\ntitle: C\n", "x.md")
    assert data is None and codes(found) == [("yaml.duplicate-key", 3)] and "«title»" in found[0].es


@pytest.mark.parametrize("text, code, line", [
    ("a: [1, 2\n", "yaml.syntax", 2),
    ("a:\n\t- b\n", "yaml.tab", 2),
    ("a: !!python/object:os.system x\n", "yaml.syntax", 1),
    ("a: b: c\n", "yaml.syntax", 1),
])
def test_syntax_errors_are_one_line_never_a_traceback(text, code, line):
    data, found, _ = load(text, "x.yml")
    assert data is None and codes(found) == [(code, line)]


def test_file_bytes_windows_bom_and_crlf_are_fine_latin1_is_not():
    assert load_file_text(b"\xef\xbb\xbfa: 1\r\nb: 2\r\n", "x.yml") == ("a: 1\nb: 2\n", [])
    text, found = load_file_text("a: 1\nb: canción\n".encode("latin-1"), "x.yml")
    assert text is None and codes(found) == [("file.not-utf8", 2)]


REPORT = """\
date: 2025-05-14
cover: b.jpg
photos:
  - file: a.jpg
    consent: given
    es: {caption: Uno, alt: Foto uno}
    en:
      caption: One
      alt: Photo one
  - file: b.jpg
    consent: no-people
"""


def test_a_parse_kept_by_its_text_answers_lines_as_the_first_parse(tmp_path):
    store: dict = {}

    class Store(dict):
        def get(self, key):
            return store.get(key)

        def __setitem__(self, key, value):
            store[key] = json.loads(json.dumps(value))     # as it comes back from the file

    cache = Store()
    first, found, located = load(REPORT, "r.yml", cache=cache)
    assert found == [] and len(store) == 1
    again, found, lines = load(REPORT, "r.yml", cache=cache)
    assert found == [] and again == first and type(lines).__name__ == "Lines"
    locs = [(), ("date",), ("photos",), ("photos", 0), ("photos", 1), ("photos", 2), ("photos", 0, "es", "alt"),
            ("photos", 0, "en", "alt"), ("photos", 1, "file"), ("photos", 1, "nope"), ("nope", "x"), (1,), ("1",),
            ("photos", "0")]
    assert [lines.line(loc) for loc in locs] == [located.line(loc) for loc in locs]
    assert load(REPORT + "x: [\n", "r.yml", cache=cache)[1] and len(store) == 1     # broken: not kept
    load(REPORT + "1: a number as a key\n", "r.yml", cache=cache)     # would come back as "1": not kept
    assert len(store) == 1


def test_front_matter_offsets_apply_to_kept_lines():
    store: dict = {}
    _, _, located = load("title: A\ntags: [x]\n", "p.md", offset=1, cache=store)
    _, _, lines = load("title: A\ntags: [x]\n", "p.md", offset=1, cache=store)
    assert lines.line(("tags",)) == located.line(("tags",)) == 3
