"""Find the line of a value inside a YAML text, so messages can say ``file:line``.

PyYAML's composer keeps each node's position; walking it with pydantic's error
location (a tuple of keys and list indexes) gives the line a volunteer must edit.
"""
from __future__ import annotations

import yaml


def line_of(text: str, loc: tuple, offset: int = 0) -> int:
    """1-based line of ``loc`` in ``text`` (the closest parent that exists)."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return 1 + offset
    line = node.start_mark.line if node is not None else 0
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == str(key):
                    line, node = k.start_mark.line, v
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line
        else:
            break
    return line + 1 + offset
