"""What an SVG drawing in docs/assets/ may contain: shapes, not programs, links or notes.

An SVG is a small web page: it can run scripts, load things from other hosts, and carry
the editor's notes (Inkscape writes the author's name, the file's path on their computer,
sometimes coordinates in RDF/XMP metadata). The site's own logo and icons need none of
that, so anything beyond drawing is refused and named:

* ``script`` / ``foreignObject`` elements and ``on…`` event attributes (code);
* references that leave the drawing: any ``href``/``src`` not starting with ``#``, and
  ``url(...)`` or ``@import`` in styles pointing elsewhere (a request to another host,
  or an embedded image that may carry its own GPS);
* ``metadata``, RDF, XMP, and Inkscape/Sodipodi attributes (editor notes and paths);
* a DOCTYPE or entity declarations (entity expansion bombs, external entities).

Standard library only; the text is parsed only after the DOCTYPE check, so no entity is
ever expanded.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SCRIPT = ("código (script)", "code (script)")
EVENTS = ("atributos de eventos (on…)", "event attributes (on…)")
EXTERNAL = ("referencias externas", "external references")
METADATA = ("metadatos del editor (metadata, RDF, XMP)", "editor metadata (metadata, RDF, XMP)")
DOCTYPE = ("declaraciones DOCTYPE o ENTITY", "DOCTYPE or ENTITY declarations")
UNREADABLE = ("SVG dañado o no es SVG", "damaged SVG or not an SVG")

MAX_BYTES = 512_000
_EDITOR_NAMESPACES = ("inkscape.org", "sodipodi", "adobe.com", "ns.adobe", "purl.org/dc",
                      "w3.org/1999/02/22-rdf-syntax-ns", "creativecommons.org")
_STYLE_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)[^)]", re.I)


def _local(name: str) -> tuple[str, str]:
    """'{namespace}tag' -> (namespace, tag)."""
    if name.startswith("{"):
        ns, _, local = name[1:].partition("}")
        return ns, local
    return "", name


def find(data: bytes) -> list[tuple[str, str]]:
    """Labels of what is not plain drawing in an SVG file; [] when it is clean."""
    if len(data) > MAX_BYTES:
        return [UNREADABLE]
    text = data.decode("utf-8-sig", "replace")
    if re.search(r"<!(DOCTYPE|ENTITY)", text, re.I):
        return [DOCTYPE]
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        return [UNREADABLE]
    if _local(root.tag)[1] != "svg":
        return [UNREADABLE]
    found: list[tuple[str, str]] = []
    for element in root.iter():
        ns, tag = _local(element.tag)
        if tag in ("script", "foreignObject", "handler", "listener"):
            found.append(SCRIPT)
        if tag in ("metadata", "RDF", "xmpmeta") or any(k in ns for k in _EDITOR_NAMESPACES):
            found.append(METADATA)
        if tag == "style" and (_STYLE_URL.search(element.text or "") or "@import" in (element.text or "")):
            found.append(EXTERNAL)
        for name, value in element.attrib.items():
            attr_ns, attr = _local(name)
            if attr.lower().startswith("on"):
                found.append(EVENTS)
            elif attr in ("href", "src") and not value.strip().startswith("#"):
                found.append(EXTERNAL)
            elif attr == "style" and _STYLE_URL.search(value):
                found.append(EXTERNAL)
            if any(k in attr_ns for k in _EDITOR_NAMESPACES):
                found.append(METADATA)
    return list(dict.fromkeys(found))
