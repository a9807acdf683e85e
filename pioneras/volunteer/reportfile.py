"""Edit a report.yml as text, so comments and order survive: add photo entries, withdraw one.

A YAML round-trip library (ruamel.yaml) would be one more dependency; editing the text
at the positions PyYAML's nodes give keeps every other byte the volunteer wrote. The file
is first read with the project's bounded reader (pioneras.yamlsafe): a file it refuses
(an alias bomb, a syntax error) is never walked, only reported.
"""
from __future__ import annotations

from pathlib import Path
from string import Template

import yaml

from pioneras import yamlsafe

from .problems import VolunteerError


def _safe(text: str, name: str):
    data, found, _ = yamlsafe.load(text, name)
    if found:
        raise VolunteerError(
            f"{name} tiene un error y no puedo editarlo: vea cuál con 'python3 tasks.py check', corríjalo y repita",
            f"{name} has a mistake and cannot be edited: see it with 'python3 tasks.py check', fix it and run again")
    return data


def listed_files(text: str, name: str = "report.yml") -> list[str]:
    """File names under ``photos:``, in order ([] when there are none)."""
    data = _safe(text, name) or {}
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
    before = listed_files(text, path.name)
    root = yaml.compose(text) if text.strip() else None
    if root is not None and not isinstance(root, yaml.MappingNode):
        root = None
    if root is None and text.strip():
        raise VolunteerError(
            f"{path.name} tiene un error y no puedo agregar fotos: vea cuál con 'python3 tasks.py check', corríjalo y repita",
            f"{path.name} has a mistake and photos cannot be added: see it with 'python3 tasks.py check', fix it and run again",
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


def withdraw(path: Path, name: str, sha256: str) -> None:
    """Set ``consent: withdrawn`` and ``sha256: <hash>`` on the entry of ``name``."""
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    newline = "\r\n" if "\r\n" in text else "\n"
    text = text.replace("\r\n", "\n")
    before = listed_files(text, path.name)
    if name not in before:
        raise VolunteerError(f"{name} no está en {path.name}: revise el nombre",
                             f"{name} is not listed in {path.name}: check the name")
    for key, value in (("consent", "withdrawn"), ("sha256", sha256)):
        text = _set_field(text, name, key, value)
    data = _safe(text, path.name)
    entry = next(p for p in data["photos"] if isinstance(p, dict) and p.get("file") == name)
    if listed_files(text, path.name) != before or entry.get("consent") != "withdrawn" or entry.get("sha256") != sha256:
        raise RuntimeError(f"withdrawing {name} in {path} would not give the expected entry")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text.replace("\n", newline))


def _set_field(text: str, name: str, key: str, value: str) -> str:
    root = yaml.compose(text)
    photos = next(v for k, v in root.value if k.value == "photos")
    entry = next(e for e in photos.value if isinstance(e, yaml.MappingNode)
                 and any(k.value == "file" and v.value == name for k, v in e.value))
    existing = next(((k, v) for k, v in entry.value if k.value == key), None)
    if existing is not None:
        _, node = existing
        return text[:node.start_mark.index] + value + text[node.end_mark.index:]
    if entry.flow_style:
        end = entry.end_mark.index - 1                     # just before the closing brace
        return text[:end].rstrip() + f", {key}: {value}" + text[end:]
    file_key = next(k for k, _ in entry.value if k.value == "file")
    indent = " " * file_key.start_mark.column
    lines = text.split("\n")
    after = file_key.start_mark.line
    return "\n".join(lines[:after + 1] + [f"{indent}{key}: {value}"] + lines[after + 1:])
