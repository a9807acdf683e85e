"""The one way the project reads YAML: bounded, with line numbers, never raising on content.

Every YAML a volunteer can touch (front matter, report.yml, data/*.yml) goes through
``load``. Why not ``yaml.safe_load``:

* **Aliases are refused.** ``&a [*a, *a, ...]`` nested ten times expands to billions of
  items: PyYAML builds them all (minutes, gigabytes). Nothing in this project needs an
  alias, so the composed node graph is walked once and the first alias (a node met a
  second time) is a problem at its line. Composition itself is linear in the text.
* **Size and depth are capped**, so a pasted log file or ``[[[[...]]]]`` fails in
  milliseconds with a message instead of a RecursionError.
* **Dates stay text.** PyYAML turns ``2024-13-45`` into a bare ValueError; kept as text,
  the schema (pydantic) reports "use YYYY-MM-DD" at the right line.
* **A key written twice** is a problem (YAML keeps the last one silently; a volunteer who
  wrote ``title:`` twice meant one of them).
* libyaml (C) parses when PyYAML has it: about ten times faster on long files.

``load`` returns the data together with a ``Located`` view of the node tree, so a schema
error's location (``("photos", 2, "es", "alt")``) becomes the line to edit.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

import yaml

from pioneras.problems import Problem, problem

MAX_BYTES = 1_000_000       # a data file or report.yml is a few KB; a page's front matter less
MAX_DEPTH = 32              # the deepest real structure here is 4 levels

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """Safe YAML whose dates stay strings (see module docstring)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}


class Located:
    """Lines of the values in one parsed YAML text (1-based, offset for front matter)."""

    def __init__(self, node: yaml.Node | None, offset: int = 0):
        self.node, self.offset = node, offset

    def line(self, loc: tuple = ()) -> int:
        """Line of ``loc`` (keys and list indexes), or of its closest parent that exists."""
        node = self.node
        if node is None:
            return 1 + self.offset
        line = node.start_mark.line
        for key in loc:
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == str(key):
                        line, node = k.start_mark.line, v
                        break
                else:
                    break
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
                node = node.value[key]
                line = node.start_mark.line
            else:
                break
        return line + 1 + self.offset


class Lines(Located):
    """A ``Located`` from recorded lines (see ``load``'s ``cache``): the same answers
    without the node tree. Keys are paths: "k:" + mapping key or "i:" + list index,
    joined by "\x1f"."""

    def __init__(self, root: int, lines: dict[str, int], offset: int = 0):
        super().__init__(None, offset)
        self.root, self.lines = root, lines

    def line(self, loc: tuple = ()) -> int:
        line, path = self.root, ""
        for key in loc:
            for step in (f"k:{key}", f"i:{key}" if isinstance(key, int) else None):
                found = step and self.lines.get(f"{path}\x1f{step}" if path else step)
                if found is not None and step:
                    line, path = found, (f"{path}\x1f{step}" if path else step)
                    break
            else:
                break
        return line + 1 + self.offset


def _lines_of(root: yaml.Node) -> dict[str, int]:
    """Every key's and list item's line, by path, first occurrence first (as Located)."""
    out: dict[str, int] = {}
    stack = [(root, "")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    step = f"{path}\x1fk:{key.value}" if path else f"k:{key.value}"
                    if step not in out:
                        out[step] = key.start_mark.line
                        stack.append((value, step))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                step = f"{path}\x1fi:{index}" if path else f"i:{index}"
                out[step] = item.start_mark.line
                stack.append((item, step))
    return out


def _plain(data: Any) -> bool:
    """Survives a JSON round trip unchanged (text keys, no special floats)."""
    try:
        return json.loads(json.dumps(data, allow_nan=False)) == data
    except (TypeError, ValueError):
        return False


def load(text: str, shown: str, *, offset: int = 0, max_bytes: int = MAX_BYTES, cache=None
         ) -> tuple[Any, list[Problem], Located]:
    """(data, problems, located) of one YAML document; data is None when it cannot be used.

    ``shown`` names the file in messages; ``offset`` is how many lines precede the text in
    that file (1 for front matter, which starts after the opening ``---``). ``cache`` (a
    dict-like store, e.g. pioneras.content.facts) keeps the result of a text that loaded
    cleanly, by its sha256: a long report.yml is parsed again only when it changed.
    """
    key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() if cache is not None else None
    if key is not None:
        kept = cache.get(key)
        if kept is not None:
            return kept[0], [], Lines(kept[1], kept[2], offset)
    data, found, located = _load(text, shown, offset, max_bytes)
    if key is not None and not found and located.node is not None and _plain(data):
        cache[key] = [data, located.node.start_mark.line, _lines_of(located.node)]
    return data, found, located


def _load(text: str, shown: str, offset: int, max_bytes: int) -> tuple[Any, list[Problem], Located]:
    if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        return None, [problem("yaml.too-large", shown, 0, size=len(text) // 1000,
                              limit=max_bytes // 1000)], Located(None, offset)
    alias = _first_alias(text) if "*" in text else None     # an alias is written *name
    if alias is not None:
        return None, [problem("yaml.alias", shown, alias + 1 + offset)], Located(None, offset)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        located = Located(node, offset)
        found = _walk(node, shown, offset) if node is not None else []
        if found:
            return None, found, located
        return (loader.construct_document(node) if node is not None else None), [], located
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 + offset if mark else 1 + offset
        what = err.problem or err.context or "?"
        if mark and 0 <= mark.index < len(text) and text[mark.index] == "\t":
            return None, [problem("yaml.tab", shown, line)], Located(None, offset)
        return None, [problem("yaml.syntax", shown, line, detail=what)], Located(None, offset)
    except yaml.YAMLError as err:     # e.g. a reader error: a control character in the text
        return None, [problem("yaml.syntax", shown, 1 + offset, detail=str(err).splitlines()[0])], \
            Located(None, offset)
    except (RecursionError, ValueError, TypeError) as err:   # constructor limits, odd scalars
        return None, [problem("yaml.syntax", shown, 1 + offset, detail=type(err).__name__)], \
            Located(None, offset)
    finally:
        loader.dispose()


def _first_alias(text: str) -> int | None:
    """The 0-based line of the first alias (``*name``), from the parser's events: linear in
    the text, and an alias bomb is never expanded."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark.line
    except yaml.YAMLError:
        return None         # load() reports the syntax error with its own line
    return None


def _walk(root: yaml.Node, shown: str, offset: int) -> list[Problem]:
    """Refuse excessive depth and repeated keys (aliases were refused before composing;
    a node met twice is one anyway). Iterative: deep input cannot exhaust the stack."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    found: list[Problem] = []
    while stack:
        node, depth = stack.pop()
        line = node.start_mark.line + 1 + offset
        if id(node) in seen:
            return [problem("yaml.alias", shown, line)]
        seen.add(id(node))
        if depth > MAX_DEPTH:
            return [problem("yaml.too-deep", shown, line, limit=MAX_DEPTH)]
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in keys and key.value != "<<":
                        found.append(problem("yaml.duplicate-key", shown, key.start_mark.line + 1 + offset,
                                             key=key.value))
                    keys.add(key.value)
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
    return found


def load_file_text(data: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """A YAML file's bytes as text: UTF-8 (a BOM from Windows Notepad is fine), else a problem."""
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n"), []
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        return None, [problem("file.not-utf8", shown, line)]
