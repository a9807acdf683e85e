"""What the build needs to know about each file's bytes, read once and remembered.

The privacy scan must look inside every image (GPS, camera data) and consent is keyed by
the hash of each original photo's bytes. Reading and parsing 1,000 originals on every
build and every preview refresh cost 11-12 s; unchanged files cost nothing now: the facts
of each file are kept with its size, mtime and inode (as git and the photo cache do), and
a file is read again only when one of those changed. A file edited in place within the
same nanosecond and to the same size is the one case this misses; the photo cache hashes
the bytes it publishes, so it would still not publish a stale photo.

The record lives beside the photo cache (``<photo cache>/originals.json``) and is
rewritten atomically; an unwritable cache only means the facts are read every time. It
also keeps each report.yml as parsed (``yaml``, by the sha256 of its text, with the line
of every key for messages): a report of 1,000 photos is parsed again only when it changed.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import metadata, svg

FORMAT = 4     # bump when the scanners or the record change: every file is read again


@dataclass(frozen=True)
class Facts:
    sha256: str
    labels: tuple[tuple[str, str], ...]    # metadata found (pioneras.content.metadata / svg)


def scan_bytes(data: bytes, suffix: str) -> Facts:
    if suffix.lower() == ".svg":
        labels = svg.find(data)
    else:
        labels = metadata.find_in_bytes(data)
    return Facts(hashlib.sha256(data).hexdigest(), tuple(tuple(label) for label in labels))


class FactsCache:
    def __init__(self, path: Path | None):
        self.path = Path(path) if path else None
        self._old, self._old_yaml = self._load()
        self._new: dict[str, list] = {}
        self._made: dict[str, Facts] = {}
        self.yaml = _Parsed(self._old_yaml)     # report.yml texts as parsed (pioneras.yamlsafe)

    def of(self, path: Path, key: str, st: os.stat_result | None = None) -> Facts:
        """The facts of ``path`` (``key`` names it in the record, e.g. its project path;
        ``st`` its stat, if the caller has it). Asked again in the same run (the gate,
        then the report reader), the answer is the one given first."""
        if key in self._made:
            return self._made[key]
        st = st or path.stat()
        # The ctime too: a file rewritten in place with its old size and mtime put back
        # (GPS added by a tool that keeps the time) is scanned again.
        signature = [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]
        known = self._old.get(key)
        if known and known[:4] == signature:
            facts = Facts(known[4], tuple(tuple(label) for label in known[5]))
        else:
            facts = scan_bytes(path.read_bytes(), path.suffix)
        self._new[key] = signature + [facts.sha256, [list(label) for label in facts.labels]]
        self._made[key] = facts
        return facts

    def save(self) -> None:
        """Keep what this run looked at (files gone since are forgotten)."""
        parsed = self.yaml.new if self.yaml.asked else self._old_yaml     # a run that read no report keeps them
        if self.path is None or (self._new == self._old and parsed == self._old_yaml):
            return
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".originals.", suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    json.dump({"format": FORMAT, "files": self._new, "yaml": parsed}, f,
                              separators=(",", ":"))
                os.replace(tmp, self.path)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def _load(self) -> tuple[dict[str, list], dict[str, list]]:
        if self.path is None:
            return {}, {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}, {}
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return {}, {}
        files, parsed = data.get("files"), data.get("yaml")
        return (files if isinstance(files, dict) else {}), (parsed if isinstance(parsed, dict) else {})


class _Parsed:
    """Parsed YAML texts by sha256 for ``yamlsafe.load``: what this run used is kept."""

    def __init__(self, old: dict[str, list]):
        self.old, self.new, self.asked = old, {}, False

    def get(self, key: str) -> list | None:
        self.asked = True
        found = self.old.get(key)
        if isinstance(found, list) and len(found) == 3 and isinstance(found[1], int) and isinstance(found[2], dict):
            self.new[key] = found
            return found
        return None

    def __setitem__(self, key: str, value: list) -> None:
        self.new[key] = value
