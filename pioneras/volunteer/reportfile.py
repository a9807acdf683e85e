"""Add photo entries to a report.yml by editing its text, so comments and order survive.

A YAML round-trip library (ruamel.yaml) would be one more dependency; appending text
after the last line of the ``photos:`` list, found through PyYAML's node positions, keeps
every byte the volunteer wrote.
"""
from __future__ import annotations

from pathlib import Path
from string import Template

import yaml

from .problems import VolunteerError


def listed_files(text: str) -> list[str]:
    """File names under ``photos:``, in order ([] when there are none)."""
    data = yaml.safe_load(text) or {}
    photos = data.get("photos") if isinstance(data, dict) else None
    return [str(p.get("file")) for p in photos or [] if isinstance(p, dict) and p.get("file")]


def _last_content_line(node: yaml.Node) -> int:
    """0-based last line holding part of ``node`` (block end marks point past comments)."""
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
        end = node.end_mark
        return max(node.start_mark.line, end.line if end.column else end.line - 1)
    children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
    return max([node.start_mark.line] + [_last_content_line(c) for c in children])


def _entries(archetype: str, names: list[str], indent: int) -> str:
    pad = " " * indent
    lines = []
    for name in names:
        lines += [pad + line for line in Template(archetype).substitute(file=name).strip("\n").split("\n")]
    return "\n".join(lines) + "\n"


def add_photos(path: Path, names: list[str], archetype: str) -> None:
    """Append one entry per file name to ``path`` (a report.yml), keeping everything else."""
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    newline = "\r\n" if "\r\n" in text else "\n"  # keep Windows line ends as they were
    text = text.replace("\r\n", "\n")
    try:
        root = yaml.compose(text)
        before = listed_files(text)
    except yaml.YAMLError:
        root, before = None, []
    if root is not None and not isinstance(root, yaml.MappingNode):
        root = None
    if root is None and text.strip():
        raise VolunteerError(
            f"{path.name} tiene un error y no puedo agregar fotos: vea cuál con 'python -m pioneras check', corríjalo y repita",
            f"{path.name} has a mistake and photos cannot be added: see it with 'python -m pioneras check', fix it and run again",
        )
    lines = text.split("\n")
    photos = next(((k, v) for k, v in root.value if k.value == "photos"), None) if root else None
    if photos is None:                       # no photos: key yet: add it at the end
        if text and not text.endswith("\n"):
            text += "\n"
        new = text + "photos:\n" + _entries(archetype, names, 2)
    else:
        key, value = photos
        if isinstance(value, yaml.SequenceNode) and value.value and not value.flow_style:
            first = value.value[0].start_mark
            dash = lines[first.line].rfind("-", 0, first.column)
            after = _last_content_line(value)
            block = _entries(archetype, names, max(dash, 0)).rstrip("\n").split("\n")
            new = "\n".join(lines[:after + 1] + block + lines[after + 1:])
        elif (isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null")) or (
                isinstance(value, yaml.SequenceNode) and not value.value):
            # "photos:", "photos: null" or "photos: []": drop the value, list below the key
            start, end = value.start_mark.index, value.end_mark.index
            head = text[:start].rstrip(" ") + text[end:]
            lines = head.split("\n")
            block = _entries(archetype, names, 2).rstrip("\n").split("\n")
            new = "\n".join(lines[:key.start_mark.line + 1] + block + lines[key.start_mark.line + 1:])
        else:
            raise VolunteerError(
                f"{path.name}: 'photos:' no es una lista de fotos: escríbala como en archetypes/photo-report/report.yml",
                f"{path.name}: 'photos:' is not a list of photos: write it as in archetypes/photo-report/report.yml",
            )
    if listed_files(new) != before + names:  # never write a file that lost or broke entries
        raise RuntimeError(f"adding photos to {path} would not give the expected list")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(new.replace("\n", newline))
