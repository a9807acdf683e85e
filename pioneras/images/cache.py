"""The persistent cache: content-addressed variants, a manifest saying what each one must
be, and locks so that builds sharing the cache stay correct.

Layout (default ``.cache/photos/`` at the repository root; the GitHub Pages workflow
keeps it between runs)::

    manifest.json               what the builds so far knew (below; format: manifest.py)
    builds.lock, manifest.lock  lock.py
    variants/ab/<key>.avif      one file per variant; <key> = sha256 of source bytes +
                                PIPELINE_VERSION + the settings that shape this file

``manifest.json`` holds, per original, its size/mtime/inode and sha256 (so an unchanged
file is not even re-read); per decoded photo (its meta key) its upright size, dominant
colour and source sha256 (so the markup is written without decoding); and per variant,
grouped by photo, its size and sha256 as written, plus the stat signature (mtime, inode,
ctime) it had when last known right.
A settings change alters exactly the keys it shapes (settings.py).

**A variant is used only if it matches its record**, never because it exists:

- missing, without a record, or of another size: regenerated (``start()`` queues it);
- same size and same stat signature: trusted without reading it, so a warm build costs
  a few system calls per file (issue 13's budget);
- same size, other signature: re-hashed when published, regenerated if the hash differs.

That catches a truncated file (size), any write or replacement by another program,
even one that puts the old mtime back (no program can set the ctime back, and a
replaced file has a new inode), and a cache restored by CI (new inodes: every variant
is re-hashed once, about 0.5 s per 1,000 photos).  It does not catch
silent disk corruption that changes neither size nor signature.  Files without a record
(a build killed before it saved) are never adopted: they are overwritten.

Every write is atomic (a temporary file in the same folder, then ``os.replace``).

**Sharing**: builds hold ``builds.lock`` shared; ``save()`` merges this build's records
into the manifest under ``manifest.lock``, and deletes what this build did not use only
when no other build holds the cache (then, the cache is exactly what the last build
needed, so photos deleted from the repository vanish from it too).  Without working
locks (lock.py) only files older than ``GRACE_SECONDS`` are deleted.  ``forget()``
deletes a withdrawn original's variants at once, whoever else is building.
"""
from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from . import manifest
from pioneras.problems import Problem, notice, problem
from .lock import Lock, held
from .manifest import Record, signature

# Without working locks, a variant this build did not use may belong to a build running
# right now; it is deleted only once it has been left alone this long.
GRACE_SECONDS = 3600
# state(): what a cached variant is worth
OK, CHECK, REDO = "ok", "check", "redo"


class Cache:
    def __init__(self, root: Path, *, private: bool = False):
        self.root = Path(root)
        self.private = private  # a temporary cache for this build only: close() deletes it
        self.variants = self.root / "variants"
        self._variants_dir = str(self.variants)
        self.manifest_path = self.root / "manifest.json"
        self.opened = False
        self._old = manifest.empty()  # the manifest as it was at open()
        self._files: dict[str, list] = {}  # originals hashed or checked this build
        self._photos: dict[str, dict] = {}  # meta_key -> size, colour, source: used this build
        self._records: dict[tuple[str, str], Record] = {}  # (meta_key, name) known right
        self._parsed: dict[tuple[str, str], Record | None] = {}  # records of _old, parsed once
        self._forgotten: dict[str, set[str]] = {}  # source sha256 -> meta keys to delete
        self._builds: Lock | None = None
        self._manifest_lock: Lock | None = None

    # --- start of build -----------------------------------------------------------------

    def open(self) -> None:
        """Check the cache can be written, join the builds using it, read the manifest.

        Raises OSError when it cannot be used: read-only, no permission, disk full, or a
        file where a folder should be.
        """
        self.variants.mkdir(parents=True, exist_ok=True)
        try:
            self._builds = Lock(self.root / "builds.lock")  # read-only or no permission: here
            self._manifest_lock = Lock(self.root / "manifest.lock")
            self._builds.shared()  # waits only while a finishing build deletes unused files
            fd, probe = tempfile.mkstemp(dir=self.root, prefix=".probe.", suffix=".tmp")
            try:
                os.write(fd, b"can this cache be written?")  # a full disk fails here
            finally:
                os.close(fd)
                os.unlink(probe)
        except BaseException:
            self.close()
            raise
        self._old = self._load()
        self._parsed = {}
        self.opened = True
        for source, keys in self._forgotten.items():
            keys |= self._photos_of(source, self._old)
            self._delete_photos(keys, self._old)

    # --- sources ----------------------------------------------------------------------

    def source_sha(self, path: Path, rel: str) -> str:
        """sha256 of the file, reading it only if size, mtime, inode or ctime changed (a file
        rewritten in place with its old size and mtime put back still has a new ctime)."""
        st = path.stat()
        sig = [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]
        known = self._old["files"].get(rel)
        if known and known[:4] == sig:
            sha = known[4]
        else:
            with open(path, "rb") as f:
                sha = hashlib.file_digest(f, "sha256").hexdigest()
        self._files[rel] = sig + [sha]
        return sha

    # --- decoded facts (size, dominant colour) ------------------------------------------

    def meta(self, key: str) -> dict | None:
        found = self._photos.get(key) or self._old["photos"].get(key)
        if found:
            self._photos[key] = found
        return found

    def set_meta(self, key: str, meta: dict, source: str) -> None:
        self._photos[key] = {**meta, "source": source}

    # --- variant files ------------------------------------------------------------------

    def object_path(self, key: str, ext: str) -> Path:
        return object_path(self.root, key, ext)

    def _path(self, name: str) -> str:
        # A string, not a Path: called twice per published file, where pathlib's parsing
        # costs more than the system calls.
        return os.path.join(self._variants_dir, name[:2], name)

    def _record(self, meta_key: str, name: str) -> Record | None:
        """What a variant must be: as known this build, else as the manifest said at open().
        The manifest's entry is parsed once: a warm build asks two or three times a file."""
        rec = self._records.get((meta_key, name))
        if rec is None:
            try:
                rec = self._parsed[(meta_key, name)]
            except KeyError:
                rec = self._parsed[(meta_key, name)] = manifest.record(self._old, meta_key, name)
        return rec

    def record(self, meta_key: str, name: str, rec: Record) -> None:
        """A variant just written (or re-hashed) and known right."""
        self._records[(meta_key, name)] = rec

    def size(self, meta_key: str, name: str) -> int | None:
        rec = self._record(meta_key, name)
        return rec.size if rec else None

    def spare(self, meta_key: str, name: str) -> bool:
        """Keep a variant's record in the manifest without looking at its file: one this
        build does not publish (an example photo, left out of a production build but shown
        by the next preview), or one whose copy in the site is reused (checked there)."""
        rec = self._record(meta_key, name)
        if rec is not None:
            self._records[(meta_key, name)] = rec
        return rec is not None

    def digest(self, meta_key: str, name: str) -> str | None:
        """The recorded sha256 of a variant's bytes (what a copy of it in the site holds)."""
        rec = self._record(meta_key, name)
        return rec.sha256 if rec else None

    def state(self, meta_key: str, name: str) -> str:
        """OK, CHECK (right size but changed since recorded: hash it when publishing) or
        REDO (missing, no record, wrong size).  One stat, no reading."""
        rec = self._record(meta_key, name)
        if rec is None:
            return REDO
        try:
            st = os.stat(self._path(name))
        except OSError:
            return REDO
        if st.st_size != rec.size:
            return REDO
        self._records[(meta_key, name)] = rec
        return OK if signature(st) == rec.signature else CHECK

    def verified(self, meta_key: str, name: str) -> str | bytes | None:
        """The variant, if it matches its record: its path when size and signature are the
        recorded ones (not read), its bytes when it had to be re-hashed, else None."""
        rec = self._record(meta_key, name)
        if rec is None:
            return None
        path = self._path(name)
        try:
            st = os.stat(path)
            if st.st_size != rec.size:
                return None
            if signature(st) == rec.signature:  # the warm-build case: one stat, no reading
                self._records[(meta_key, name)] = rec
                return path
            with open(path, "rb") as f:
                st = os.fstat(f.fileno())
                data = f.read()
        except OSError:
            return None
        if len(data) != rec.size or hashlib.sha256(data).hexdigest() != rec.sha256:
            return None
        self._records[(meta_key, name)] = replace(rec, signature=signature(st))
        return data

    # --- withdrawal -----------------------------------------------------------------------

    def forget(self, source: str, meta_keys: set[str]) -> int:
        """Delete now every variant of the original whose sha256 is ``source``, made with
        any settings (the manifest knows them; ``meta_keys`` adds the current ones).
        Other builds using the cache are not waited for: withdrawn consent waits for
        nobody, and a build that still shows the photo (older content) regenerates what
        it needs.  Returns how many files were deleted.  (Files a killed build wrote
        without a record are not known here; the next sweep removes them.)"""
        keys = self._forgotten.setdefault(source, set())
        keys |= meta_keys
        if not self.opened:
            return 0  # open() deletes them, once the manifest is read
        keys |= self._photos_of(source, self._old)
        return self._delete_photos(keys, self._old)

    def _photos_of(self, source: str, known: dict) -> set[str]:
        return {key for photos in (known["photos"], self._photos)
                for key, meta in photos.items() if meta.get("source") == source}

    def _delete_photos(self, meta_keys: set[str], known: dict) -> int:
        names = {name for key in meta_keys for name in known["variants"].get(key, {})}
        names |= {name for key, name in self._records if key in meta_keys}
        removed = 0
        for name in names:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._path(name))
                removed += 1
        for key in meta_keys:
            self._photos.pop(key, None)
        for rk in [rk for rk in self._records if rk[0] in meta_keys]:
            del self._records[rk]
        return removed

    # --- end of build -------------------------------------------------------------------

    def save(self, used: set[tuple[str, str]] | None) -> int:
        """Merge what this build knows into manifest.json; if no other build holds the
        cache, delete every variant not in ``used`` ((meta_key, name) pairs).
        ``used=None`` (an interrupted build): merge only, delete nothing but withdrawn
        photos.  Returns how many cached files were deleted."""
        alone = used is not None and (self._builds.try_exclusive() or not self._builds.effective)
        with held(self._manifest_lock):
            records = self._records if used is None else {k: r for k, r in self._records.items() if k in used}
            in_use = {key for key, _ in records}
            photos = {k: m for k, m in self._photos.items() if used is None or k in in_use}
            grace = 0 if self._builds.effective else GRACE_SECONDS
            base = manifest.empty() if alone and grace == 0 else self._load()  # alone: nothing else stays
            merged = manifest.merge(base, self._files, photos, records)
            removed = 0
            for source, keys in self._forgotten.items():
                keys |= self._photos_of(source, merged)
                removed += self._delete_photos(keys, merged)  # again: another build may have redone them
                for key in keys:
                    merged["photos"].pop(key, None)
                    merged["variants"].pop(key, None)
                merged["files"] = {rel: f for rel, f in merged["files"].items() if f[-1] != source}
            if alone:
                swept, kept = self._sweep(used, grace)
                removed += swept
                manifest.keep_only(merged, kept)
            if merged != self._old or removed:      # an unchanged build leaves the file as it is
                atomic_write(self.manifest_path, manifest.dump(merged))
        return removed

    def _sweep(self, used: set[tuple[str, str]], grace: float) -> tuple[int, set[str]]:
        """Delete variant files (and temporaries) not in ``used`` and older than ``grace``
        seconds; remove emptied folders.  Returns (deleted, names of the files left)."""
        wanted = {name for _, name in used}
        removed, kept, limit = 0, set(), time.time() - grace
        for folder, _, names in os.walk(self.variants, topdown=False):
            before = len(kept)
            for name in names:
                if name in wanted:
                    kept.add(name)
                    continue
                path = os.path.join(folder, name)
                with contextlib.suppress(FileNotFoundError):
                    if grace == 0 or os.stat(path).st_mtime < limit:
                        os.unlink(path)
                        removed += 1
                        continue
                    kept.add(name)
            # A folder that keeps a file is not empty: no rmdir bound to fail (a system
            # call per folder, 256 of them, ~30 ms a warm build).
            if folder != str(self.variants) and len(kept) == before:
                with contextlib.suppress(OSError):
                    os.rmdir(folder)  # only if empty
        return removed, kept

    def close(self) -> None:
        for lock in (self._builds, self._manifest_lock):
            if lock is not None:
                lock.close()
        self._builds = self._manifest_lock = None
        self.opened = False
        if self.private:
            shutil.rmtree(self.root, ignore_errors=True)

    def _load(self) -> dict:
        return manifest.load(self.manifest_path)


def object_path(root: Path, key: str, ext: str) -> Path:
    return Path(root) / "variants" / key[:2] / f"{key}.{ext}"


def atomic_write(path: Path, data: bytes) -> os.stat_result:
    """Write ``data`` to ``path`` so that readers see the old file or the new one only.
    Returns the new file's stat (for its Record)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if hasattr(os, "fchmod"):  # POSIX: mkstemp makes 0600; published copies must be readable
            os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return os.stat(path)


# --- messages (es / en, one line each) ----------------------------------------------------

_CAUSES = {
    errno.EROFS: ("el disco es de solo lectura", "read-only file system",
                  "móntelo con escritura o indique otra carpeta con PIONERAS_PHOTO_CACHE",
                  "mount it writable or point PIONERAS_PHOTO_CACHE to another folder"),
    errno.EACCES: ("sin permiso de escritura", "no write permission",
                   "dé permiso de escritura a quien compila, o borre la carpeta",
                   "give the user who builds write permission, or delete the folder"),
    errno.ENOSPC: ("disco lleno", "disk full", "libere espacio en el disco", "free disk space"),
    errno.ENOTDIR: ("una parte de la ruta es un archivo, no una carpeta",
                    "part of the path is a file, not a folder",
                    "quite ese archivo o indique otra carpeta con PIONERAS_PHOTO_CACHE",
                    "remove that file or point PIONERAS_PHOTO_CACHE to another folder"),
}
_CAUSES[errno.EPERM] = _CAUSES[errno.EACCES]
_CAUSES[errno.EDQUOT] = _CAUSES[errno.ENOSPC]
_CAUSES[errno.EEXIST] = _CAUSES[errno.ENOTDIR]


def _cause(code: int | None, detail: str) -> tuple[str, str, str, str]:
    return _CAUSES.get(code, (detail, detail, "revise la carpeta o indique otra con PIONERAS_PHOTO_CACHE",
                              "check the folder or point PIONERAS_PHOTO_CACHE to another one"))


def _words(code: int | None, detail: str) -> dict[str, str]:
    es, en, fix_es, fix_en = _cause(code, detail)
    return {"cause_es": es, "cause_en": en, "remedy_es": fix_es, "remedy_en": fix_en}


def unusable(shown: str, error: OSError) -> Problem:
    """Notice (not a build failure): the build goes on with a private temporary cache."""
    return notice("cache.unusable", shown, 0, **_words(error.errno, error.strerror or type(error).__name__))


def write_failed(shown: str, code: int | None, detail: str) -> Problem:
    """Problem (the build fails with --strict): photos could not be processed at all."""
    return problem("cache.write-failed", shown, 0, **_words(code, detail))


def not_saved(shown: str, error: OSError) -> Problem:
    """Notice: the site is right, the next build will redo work."""
    return notice("cache.not-saved", shown, 0, **_words(error.errno, error.strerror or type(error).__name__))
