"""The persistent cache: content-addressed variants plus a small JSON manifest.

Layout (default ``.cache/photos/`` at the repository root; the GitHub Pages workflow
keeps it between runs)::

    manifest.json          what the last build knew (see below)
    variants/ab/<key>.avif one file per variant; <key> = sha256 of source bytes +
                           PIPELINE_VERSION + the settings that shape this file

``manifest.json`` holds, per original, its size/mtime/inode and sha256 (so an unchanged
file is not even re-read: a rebuild with nothing changed does no image work and no
hashing), and per decoded source its upright size and dominant colour (so the markup
can be written without decoding).  A settings change alters exactly the keys it shapes
(settings.py), so it redoes exactly what it affects.

Every write is atomic (a temporary file in the same folder, then ``os.replace``): a build
killed half-way leaves either the old file or the new one, never half a JPEG.  After each
build ``save()`` removes what that build did not use, so variants of a withdrawn photo
disappear from the cache as well as from the site.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path

from .settings import PIPELINE_VERSION

MANIFEST_FORMAT = 1


class Cache:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.variants = self.root / "variants"
        self.manifest_path = self.root / "manifest.json"
        self._old = self._load()
        self._files: dict[str, list] = {}
        self._photos: dict[str, dict] = {}

    # --- sources ----------------------------------------------------------------------

    def source_sha(self, path: Path, rel: str) -> str:
        """sha256 of the file, reading it only if size, mtime or inode changed."""
        st = path.stat()
        signature = [st.st_size, st.st_mtime_ns, st.st_ino]
        known = self._old["files"].get(rel)
        if known and known[:3] == signature:
            sha = known[3]
        else:
            with open(path, "rb") as f:
                sha = hashlib.file_digest(f, "sha256").hexdigest()
        self._files[rel] = signature + [sha]
        return sha

    # --- decoded facts (size, dominant colour) ------------------------------------------

    def meta(self, key: str) -> dict | None:
        found = self._photos.get(key) or self._old["photos"].get(key)
        if found:
            self._photos[key] = found
        return found

    def set_meta(self, key: str, meta: dict) -> None:
        self._photos[key] = meta

    # --- variant files ------------------------------------------------------------------

    def object_path(self, key: str, ext: str) -> Path:
        return object_path(self.root, key, ext)

    def has(self, key: str, ext: str) -> bool:
        return self.object_path(key, ext).is_file()

    # --- end of build -------------------------------------------------------------------

    def save(self, used_objects: set[Path]) -> int:
        """Write the manifest (only what this build used) and delete unused variants.
        Returns how many cached files were removed."""
        atomic_write(self.manifest_path, json.dumps({
            "format": MANIFEST_FORMAT, "pipeline": PIPELINE_VERSION,
            "files": self._files, "photos": self._photos,
        }, indent=0, sort_keys=True).encode())
        removed = 0
        keep = {os.path.normpath(p) for p in used_objects}  # same root: no resolve() needed
        if self.variants.is_dir():
            for path in self.variants.rglob("*"):
                if path.is_file() and os.path.normpath(path) not in keep:
                    path.unlink(missing_ok=True)
                    removed += 1
        return removed

    def _load(self) -> dict:
        empty = {"files": {}, "photos": {}}
        try:
            data = json.loads(self.manifest_path.read_text())
        except (OSError, ValueError):
            return empty
        if data.get("format") != MANIFEST_FORMAT or data.get("pipeline") != PIPELINE_VERSION:
            return empty
        return {"files": data.get("files", {}), "photos": data.get("photos", {})}


def object_path(root: Path, key: str, ext: str) -> Path:
    return Path(root) / "variants" / key[:2] / f"{key}.{ext}"


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one only."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o644)  # mkstemp makes 0600; published files must be world-readable
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
