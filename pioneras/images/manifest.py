"""manifest.json: what the builds so far knew about the cache's files (cache.py).

    {"format": 2, "pipeline": "1",
     "files":    {"photo-reports/<slug>/<file>": [size, mtime_ns, inode, ctime_ns, sha256]},
     "photos":   {meta_key: {"width", "height", "dominant", "source": sha256}},
     "variants": {meta_key: {"<key>.<ext>": [size, sha256, mtime_ns, inode, ctime_ns]}}}

Read defensively: a manifest of another format or pipeline version, unreadable, or with
entries of the wrong shape (hand-edited, half-merged) costs work, never a crash.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from .settings import PIPELINE_VERSION

FORMAT = 2


@dataclass(frozen=True, slots=True)     # thousands per build: no __dict__ each
class Record:
    """What a variant file must be."""

    size: int
    sha256: str
    signature: tuple[int, int, int]  # mtime_ns, inode, ctime_ns when last known right

    @classmethod
    def of(cls, data: bytes, st: os.stat_result) -> Record:
        return cls(len(data), hashlib.sha256(data).hexdigest(), signature(st))


def signature(st: os.stat_result) -> tuple[int, int, int]:
    return (st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


def load(path: Path) -> dict:
    try:
        data = json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return empty()
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("pipeline") != PIPELINE_VERSION:
        return empty()  # an older layout: its files have no records and will be redone
    return _sane(data)


def empty() -> dict:
    return {"files": {}, "photos": {}, "variants": {}}


def _sane(data: dict) -> dict:
    """The manifest's entries that have the right shape (a hand-edited or half-merged
    manifest costs work, never a crash)."""
    parts = {part: data.get(part) if isinstance(data.get(part), dict) else {}
             for part in ("files", "photos", "variants")}
    return {
        "files": {rel: f for rel, f in parts["files"].items() if isinstance(f, list) and len(f) == 5},
        "photos": {key: m for key, m in parts["photos"].items()
                   if isinstance(m, dict) and {"width", "height", "dominant"} <= m.keys()},
        "variants": {key: v for key, v in parts["variants"].items() if isinstance(v, dict)},
    }


def record(manifest: dict, meta_key: str, name: str) -> Record | None:
    try:
        size, sha, *sig = manifest["variants"][meta_key][name]
        return Record(int(size), str(sha), (int(sig[0]), int(sig[1]), int(sig[2])))
    except (KeyError, TypeError, ValueError, IndexError):  # unknown, or a hand-edited manifest
        return None


def merge(base: dict, files: dict, photos: dict, records: dict) -> dict:
    """``base`` (the manifest on disk) with this build's entries on top."""
    merged = {"files": {**base["files"], **files}, "photos": {**base["photos"], **photos},
              "variants": {key: dict(names) for key, names in base["variants"].items()}}
    for (key, name), rec in records.items():
        merged["variants"].setdefault(key, {})[name] = [rec.size, rec.sha256, *rec.signature]
    return merged


def keep_only(manifest: dict, kept: set[str]) -> None:
    """Drop records of files that are no longer in the cache."""
    for key in list(manifest["variants"]):
        names = {n: r for n, r in manifest["variants"][key].items() if n in kept}
        if names:
            manifest["variants"][key] = names
        else:
            del manifest["variants"][key]
            manifest["photos"].pop(key, None)


def dump(manifest: dict) -> bytes:
    return json.dumps({"format": FORMAT, "pipeline": PIPELINE_VERSION, **manifest},
                      separators=(",", ":"), sort_keys=True).encode()
