"""The engine's entry point: one Pipeline per build, shared by every language.

    pipeline = Pipeline(docs_dir, cache_dir)   # cheap, touches nothing
    pipeline.start(reports, withdrawn)   # open the cache, forget the withdrawn originals'
                            # variants, queue missing or wrong ones of the reports
                            # pioneras.content read (consent already applied)
    pipeline.set_aside(site_dir)  # before MkDocs empties the site: keep last build's files
    pipeline.photo(slug, file)  # -> Published (waits for that photo only), for markup
    pipeline.finish(site_dir)   # wait for the rest, verify and publish, drop stale
                                # files, save the cache -> Summary
    pipeline.close()        # on errors and Ctrl-C: cancel queued work, keep what is done

``start`` returns at once; the pool works while MkDocs reads and renders pages.  A photo
is scheduled once per build however many pages and languages show it (and once per
content: the same bytes under two names are decoded once).  When the cache already
holds everything, no pool is started and no image is opened.

A cache that cannot be written (read-only, no permission, full, a file in its path) is
noticed in ``start``: the build goes on with a private temporary cache, slower, and says
so once in ``notices`` (plain es/en lines, not problems: the site is right, and a deploy
that carries a withdrawal must not wait for a cache to be fixed).
"""
from __future__ import annotations

import os
import tempfile
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING, Iterable

from pioneras.problems import problem

from . import cache as cachemod
from . import errors, publish, variants
from .cache import Cache, atomic_write
from .pool import Job, Outcome, default_workers, executor, run
from .settings import Settings

if TYPE_CHECKING:                       # read by pioneras.content.reports
    from pioneras.content.reports import Report, ReportPhoto

STATIC = Path(__file__).parent / "static"
GALLERY_JS = "gallery.js"


@dataclass(frozen=True)
class Published:
    """A photo ready for markup: its files, size and placeholder colour."""

    folder: str  # site-relative folder, e.g. "photos/2025-05-feria"
    sha: str
    width: int
    height: int
    dominant: str
    keys: tuple[tuple[variants.Spec, str], ...]  # each file and its cache key

    @property
    def specs(self) -> list[variants.Spec]:
        return [spec for spec, _ in self.keys]

    def path(self, spec: variants.Spec) -> str:
        """Site-relative path of one file."""
        return f"{self.folder}/{self.sha[:12]}-{spec.width}.{spec.ext}"


@dataclass
class Summary:
    photos: int = 0  # published photos
    decoded: int = 0  # photos opened this build
    encoded: int = 0  # variant files written to the cache this build
    published: int = 0  # files placed in the site
    reused: int = 0  # of which moved back unchanged from the last build (not copied)
    removed_site: int = 0  # stale files deleted from the site
    removed_cache: int = 0  # unused or withdrawn variants deleted from the cache
    repaired: int = 0  # cached variants found wrong (edited, damaged) when published, redone
    bytes: int = 0  # published bytes, all variants
    seconds: float = 0.0  # time the build spent in the pipeline (start, waits, finish)
    problems: list[errors.Problem] = field(default_factory=list)
    notices: list[errors.Problem] = field(default_factory=list)  # cache trouble; site is right


class Pipeline:
    def __init__(self, docs_dir: Path, cache_dir: Path, settings: Settings | None = None,
                 *, workers: int | None = None, root: Path | None = None,
                 pages_dir: str = "informes-fotograficos"):
        self.docs_dir = Path(docs_dir)
        self._docs_prefix = os.path.join(self.docs_dir, "")
        self.root = Path(root) if root else self.docs_dir.parent
        self.settings = settings or Settings()
        self.cache = Cache(Path(cache_dir))
        self.workers = default_workers() if workers is None else workers
        self.pages_dir = pages_dir
        self.reports: dict[str, Report] = {}
        self._problems: dict[errors.Problem, None] = {}  # ordered set
        # meta_key -> Future[Outcome], or the Outcome itself when nothing is to be done: a
        # Future is a dozen objects and a lock, a thousand of them a warm build.
        self._futures: dict[str, Future | Outcome] = {}
        self._photo_keys: dict[tuple[str, str], tuple[str, str]] = {}  # (slug, file) -> (sha, meta_key)
        self._published: dict[tuple[str, str], Published | None] = {}
        self._shown: dict[str, str] = {}  # meta_key -> the file named in messages
        self._sources: dict[str, tuple[Path, str]] = {}  # meta_key -> (original, its sha256)
        self._harvested: set[str] = set()  # meta keys whose outcome the cache has recorded
        self._forgotten: set[str] = set()  # sha256 of withdrawn originals
        self._spared: set[tuple[str, str]] = set()  # cached variants kept, not published
        self._forgotten_files = 0  # cached files forget() deleted
        self._made_keys: dict[str, tuple] = {}  # meta_key -> each file and its key
        self._names: dict[str, tuple[str, ...]] = {}  # meta_key -> its cached files' names, in that order
        self._plans: dict[tuple[int, int], list] = {}  # (width, height) -> variants.plan
        self._in_site: dict[str, list] = {}  # the last build's site copies (publish.read_record)
        self._in_site_path: Path | None = None  # the record they were read from
        self._notices: dict[errors.Problem, None] = {}
        self._no_cache = False  # neither the cache nor a temporary one can be written
        self._finished = False
        self._pool = None
        self._decoded = 0
        self._busy = 0.0  # seconds the build itself spent here: start, waits, finish

    # --- start of build ---------------------------------------------------------------

    def start(self, reports: dict[str, Report] | None = None, withdrawn: Iterable[str] = (),
              spared: dict[str, Report] | None = None, site_dir: Path | None = None) -> None:
        """Open the cache, forget the variants of withdrawn originals (sha256 of their
        bytes), and queue every published photo of ``reports`` (pioneras.content read them
        and applied consent); keep the cached variants of ``spared`` reports (left out of
        this build) without publishing them. Without ``reports`` (tests, benchmarks), the
        docs folder's reports are read here with the same reader."""
        t0 = time.perf_counter()
        if reports is None:
            from pioneras.content.reports import read_standalone
            reports = read_standalone(self.root, self.docs_dir)
            withdrawn = {p.sha256 for r in reports.values() for p in r.withdrawn if p.sha256}
        self._open_cache()
        if site_dir is not None:        # what the last build placed in the site, and where
            self._in_site_path = publish.record_path(self.cache.root, Path(site_dir) / self.settings.site_subdir)
            self._in_site = publish.read_record(self._in_site_path)
        for sha in withdrawn:
            self.forget(sha)
        self.reports = dict(reports)
        for report in self.reports.values():
            for entry in report.photos:
                self._schedule(report.slug, entry)
        for report in (spared or {}).values():
            self._spare(report)
        self._busy += time.perf_counter() - t0

    def _spare(self, report: Report) -> None:
        """A report left out of this build (example content in a production build): its
        cached variants are kept, so the next preview does not encode them again."""
        for entry in report.photos:
            try:
                sha = self.cache.source_sha(entry.path, entry.path.relative_to(self.docs_dir).as_posix())
            except OSError:
                continue
            meta_key = self.settings.meta_key(sha)
            meta = self.cache.meta(meta_key)
            if meta is None or sha in self._forgotten:
                continue
            for spec, key in self._keys(meta, meta_key):
                if self.cache.spare(meta_key, f"{key}.{spec.ext}"):
                    self._spared.add((meta_key, f"{key}.{spec.ext}"))

    def _open_cache(self) -> None:
        try:
            self.cache.open()
            return
        except OSError as e:
            self._notices.setdefault(cachemod.unusable(self._shown_path(self.cache.root), e), None)
        try:
            private = Cache(Path(tempfile.mkdtemp(prefix="pioneras-photos-")), private=True)
            private.open()
        except OSError as e:  # no temporary folder either: fail cleanly, photos unpublished
            self._no_cache = True
            self.add_problems([cachemod.write_failed(tempfile.gettempdir(), e.errno, e.strerror or "")])
            return
        self.cache = private

    def _shown_path(self, path: Path) -> str:
        """A path as the people who build see it: relative to the repository if inside."""
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except (ValueError, OSError):
            return str(path)

    def forget(self, source_sha: str) -> int:
        """A withdrawn original (sha256 of its bytes): delete its variants from the cache
        now, made with any settings, even while other builds use the cache, and never
        publish it in this build, under any name.  Call it in ``start()`` (or before)
        for every withdrawn original.  Returns how many cached files were deleted."""
        self._forgotten.add(source_sha)
        removed = self.cache.forget(source_sha, {self.settings.meta_key(source_sha)})
        self._forgotten_files += removed
        return removed

    def _schedule(self, slug: str, entry: ReportPhoto) -> None:
        path = str(entry.path)      # relative_to().as_posix() without pathlib's parsing, in the usual case
        rel = (path[len(self._docs_prefix):].replace(os.sep, "/") if path.startswith(self._docs_prefix)
               else entry.path.relative_to(self.docs_dir).as_posix())
        try:
            sha = self.cache.source_sha(entry.path, rel)
        except OSError:  # deleted or unreadable since the folder was listed
            self.add_problems([errors.missing(entry.shown, None)])
            return
        meta_key = self.settings.meta_key(sha)
        self._photo_keys[(slug, entry.photo.file)] = (sha, meta_key)
        if meta_key in self._futures or sha in self._forgotten or self._no_cache:
            return
        self._shown[meta_key] = entry.shown
        self._sources[meta_key] = (entry.path, sha)
        meta = self.cache.meta(meta_key)
        if meta is not None and self._all_in_site(slug, sha, meta_key, self._keys(meta, meta_key)):
            missing = ()    # finish() reuses last build's copies; any it cannot is verified there
        elif meta is not None:
            # Missing or of the wrong size: redo now, in the pool.  Same size but changed
            # since recorded: hashed when published (finish), redone only if wrong.
            missing = tuple((spec.fmt, spec.width, key)
                            for spec, key in self._keys(meta, meta_key)
                            if self.cache.state(meta_key, f"{key}.{spec.ext}") == cachemod.REDO)
        if meta is not None:
            if not missing:
                self._futures[meta_key] = Outcome(meta, None, 0)
                return
            wanted = missing
        else:
            wanted = None
        if self._pool is None:
            self._pool = executor(self.workers)
        self._decoded += 1
        self._futures[meta_key] = self._pool.submit(run, Job(
            str(entry.path), entry.shown, meta_key, self.settings, str(self.cache.root), wanted))

    def _all_in_site(self, slug: str, sha: str, meta_key: str, keys) -> bool:
        """Every file of the photo is recorded as placed in the site by the last build, with
        the bytes the cache records: no need to look at the cache now (one stat a file).
        Their records are kept for this build's manifest."""
        at = f"{slug}/{sha[:12]}-"      # the site paths, as Published.path writes them
        names = self._names[meta_key]
        for (spec, _), name in zip(keys, names):
            placed = self._in_site.get(f"{at}{spec.width}.{spec.ext}")
            digest = self.cache.digest(meta_key, name)
            if not digest or not isinstance(placed, list) or not placed or placed[0] != digest:
                return False
        for name in names:
            self.cache.spare(meta_key, name)
        return True

    def _keys(self, meta: dict, meta_key: str) -> tuple[tuple[variants.Spec, str], ...]:
        # A meta key names the decoded photo (its size included): its files are the same all build.
        if meta_key not in self._made_keys:
            size = (meta["width"], meta["height"])  # most photos of a build share a few sizes
            if size not in self._plans:
                self._plans[size] = variants.plan(*size, self.settings)
            keys = tuple((spec, self.settings.variant_key(meta_key, spec.fmt, spec.width)) for spec in self._plans[size])
            self._made_keys[meta_key] = keys
            self._names[meta_key] = tuple(f"{key}.{spec.ext}" for spec, key in keys)
        return self._made_keys[meta_key]

    # --- during the build -------------------------------------------------------------

    def add_problems(self, probs) -> None:
        for p in probs:
            self._problems.setdefault(p, None)

    @property
    def notices(self) -> list[errors.Problem]:
        """Plain es/en lines about the cache (fallback, manifest not saved): log them as
        information, not warnings; the site is right."""
        return list(self._notices)

    def photo(self, slug: str, file: str) -> Published | None:
        """The published photo, waiting for its job if needed; None if it is not
        published (withdrawn or forgotten, not listed, invalid entry, unreadable file, or
        a cache that could not be written)."""
        if (slug, file) in self._published:
            return self._published[(slug, file)]
        found = None
        keys = self._photo_keys.get((slug, file))
        if keys and keys[0] not in self._forgotten and keys[1] in self._futures:
            sha, meta_key = keys
            outcome = self._outcome(meta_key, self._shown.get(meta_key, file))
            if outcome.problem:
                self.add_problems([outcome.problem])
            elif outcome.cache_error:
                self.add_problems([self._write_failed(outcome.cache_error)])
            elif outcome.meta:
                found = Published(f"{self.settings.site_subdir}/{slug}", sha,
                                  outcome.meta["width"], outcome.meta["height"],
                                  outcome.meta["dominant"], self._keys(outcome.meta, meta_key))
        self._published[(slug, file)] = found
        return found

    def size(self, published: Published, spec: variants.Spec) -> int | None:
        """Bytes of one published file (e.g. an RSS enclosure's length), as recorded when
        it was written and checked when it is published; None if unknown."""
        meta_key = self.settings.meta_key(published.sha)
        return next((self.cache.size(meta_key, f"{key}.{spec.ext}")
                     for s, key in published.keys if s == spec), None)

    def _outcome(self, meta_key: str, shown: str) -> Outcome:
        t0 = time.perf_counter()
        try:
            found = self._futures[meta_key]
            outcome = found if isinstance(found, Outcome) else found.result()
        except Exception:  # noqa: BLE001 - a worker killed (e.g. out of memory) breaks the pool
            return Outcome(None, errors.unreadable(shown, "el proceso terminó / worker died"), 0)
        except BaseException:  # Ctrl-C while waiting: queued photos are not worth waiting for
            self.close()
            raise
        finally:
            self._busy += time.perf_counter() - t0
        self._harvest(meta_key, outcome)
        return outcome

    def _harvest(self, meta_key: str, outcome: Outcome) -> None:
        """Record, once, what a job wrote: its variants' Records and the photo's facts."""
        if meta_key in self._harvested:
            return
        self._harvested.add(meta_key)
        for name, record in outcome.files:
            self.cache.record(meta_key, name, record)
        if outcome.meta and self.cache.meta(meta_key) is None:
            self.cache.set_meta(meta_key, outcome.meta, self._sources[meta_key][1])

    def _write_failed(self, error: tuple[int | None, str]) -> errors.Problem:
        return cachemod.write_failed(self._shown_path(self.cache.root), *error)

    def gallery(self, slug: str) -> list[tuple[ReportPhoto, Published]]:
        """The report's published photos, in report.yml order."""
        report = self.reports.get(slug)
        if not report:
            return []
        out = []
        for entry in report.photos:
            published = self.photo(slug, entry.photo.file)
            if published:
                out.append((entry, published))
        return out

    def cover(self, slug: str) -> tuple[ReportPhoto, Published] | None:
        report = self.reports.get(slug)
        entry = report.cover() if report else None
        if entry is not None:
            published = self.photo(slug, entry.photo.file)
            if published:
                return entry, published
        items = self.gallery(slug)  # the chosen cover failed: first photo that works
        return items[0] if items else None

    @property
    def problems(self) -> list[errors.Problem]:
        return list(self._problems)

    # --- end of build -----------------------------------------------------------------

    def set_aside(self, site_dir: Path) -> None:
        """Before MkDocs empties the site: keep the last build's photo files, so ``finish``
        moves back the unchanged ones instead of copying them again."""
        publish.keep_previous(Path(site_dir) / self.settings.site_subdir)

    def finish(self, site_dir: Path) -> Summary:
        """Wait for every job, verify and publish all variants, delete stale files, save
        the cache."""
        t0, busy_before = time.perf_counter(), self._busy  # waits inside finish count once
        summary = Summary()
        site_photos = Path(site_dir) / self.settings.site_subdir
        keep: set[str | Path] = set()
        used: set[tuple[str, str]] = set()
        fresh = not site_photos.exists()    # set aside or emptied: all it will hold is placed here
        record = publish.record_path(self.cache.root, site_photos)
        # start() read the same record already (1 MB at 1,000 photos): not twice.
        copies = publish.SiteCopies(site_photos, record, self._in_site if record == self._in_site_path else None)
        subdir = len(self.settings.site_subdir) + 1
        prefix = os.path.join(site_photos, "")     # a string: joined to every file's name
        for slug in self.reports:
            fresh = not copies.adopt(slug) and fresh    # last build's folder back in one rename
            for entry, published in self.gallery(slug):
                meta_key = self._photo_keys[(slug, entry.photo.file)][1]
                # Last build's copies that are provably unchanged stay; only the others are
                # verified in the cache and copied.
                pending, reused = {}, []
                at = f"{published.folder[subdir:]}/{published.sha[:12]}-"  # as Published.path, below the subdir
                for (spec, key), name in zip(published.keys, self._names[meta_key]):
                    rel = f"{at}{spec.width}.{spec.ext}"
                    size = copies.reuse(self.cache.digest(meta_key, name), rel)
                    if size is None:
                        pending[spec] = (key, rel)
                    else:
                        reused.append((rel, name, size))
                files = self._verified(meta_key, published, summary, pending) if pending else {}
                if files is None:       # not published after all: its reused files are swept too
                    continue
                summary.photos += 1
                for rel, name, size in reused:
                    summary.bytes += size
                    keep.add(prefix + rel)
                    used.add((meta_key, name))
                for spec, (key, rel) in pending.items():
                    dest = site_photos / rel
                    try:
                        summary.bytes += copies.place(files[spec], self.cache.digest(meta_key, f"{key}.{spec.ext}"), rel)
                    except OSError as e:
                        self.add_problems([_site_write_failed(self._shown_path(dest.parent), e)])
                        continue
                    keep.add(dest)
                    used.add((meta_key, f"{key}.{spec.ext}"))
        encoded = sum(self._outcome(k, self._shown.get(k, "")).written for k in self._futures)
        js = site_photos / GALLERY_JS
        try:
            atomic_write(js, (STATIC / GALLERY_JS).read_bytes())
        except OSError as e:
            self.add_problems([_site_write_failed(self._shown_path(site_photos), e)])
        keep.add(js)
        summary.published = len(keep) - 1
        # Last build's files that were not moved back are deleted with the folder set aside.
        summary.removed_site = 0 if fresh else publish.sweep(site_photos, keep)
        copies.close()
        summary.reused = copies.reused
        if self.cache.opened and not self.cache.private:  # a private one is deleted anyway
            try:
                summary.removed_cache = self.cache.save(used | self._spared) + self._forgotten_files
            except OSError as e:  # the site is right; the next build redoes some work
                self._notices.setdefault(cachemod.not_saved(self._shown_path(self.cache.root), e), None)
        self._finished = True
        summary.decoded = self._decoded
        summary.encoded = encoded + summary.repaired
        summary.problems = sorted(self.problems, key=lambda p: p.path)
        summary.notices = self.notices
        self.close()
        summary.seconds = busy_before + time.perf_counter() - t0
        return summary

    def _verified(self, meta_key: str, published: Published, summary: Summary, wanted) -> dict | None:
        """The ``wanted`` files of a photo as verified cache paths or checked bytes; wrong
        or missing ones are encoded again here (rare: the cache was damaged or edited since
        start).  None if the photo cannot be published."""
        files, wrong = {}, []
        for spec, key in published.keys:
            if spec in wanted:
                files[spec] = self.cache.verified(meta_key, f"{key}.{spec.ext}")
                if files[spec] is None:
                    wrong.append((spec.fmt, spec.width, key))
        if not wrong:
            return files
        original, _ = self._sources[meta_key]
        outcome = run(Job(str(original), self._shown[meta_key], meta_key, self.settings,
                          str(self.cache.root), tuple(wrong), keep_bytes=True))
        for name, record in outcome.files:
            self.cache.record(meta_key, name, record)
        if outcome.problem or not outcome.data:  # the original changed or vanished meanwhile
            self.add_problems([outcome.problem or self._write_failed(outcome.cache_error)])
            return None
        summary.repaired += len(wrong)
        for spec, key in published.keys:
            if spec in files and files[spec] is None:
                files[spec] = outcome.data[f"{key}.{spec.ext}"]
        return files

    def close(self) -> None:
        """End the pool and leave the cache.  Idempotent; called by finish(), and by the
        glue on a build error or Ctrl-C: queued photos are cancelled, running ones are
        awaited (seconds), and what finished photos wrote is recorded in the manifest
        (nothing is deleted then but withdrawn photos), so the next build keeps it."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if not self._finished and self.cache.opened and not self.cache.private:
            self._finished = True
            for meta_key, future in self._futures.items():
                if isinstance(future, Outcome):
                    self._harvest(meta_key, future)
                elif future.done() and not future.cancelled() and future.exception() is None:
                    self._harvest(meta_key, future.result())
            try:
                self.cache.save(None)
            except OSError:
                pass  # an interrupted build says nothing more; the next one redoes the work
        self.cache.close()


def _site_write_failed(shown: str, error: OSError) -> errors.Problem:
    return problem("photo.site-write-failed", shown, 0, detail=error.strerror or type(error).__name__)
