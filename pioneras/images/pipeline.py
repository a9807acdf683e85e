"""The engine's entry point: one Pipeline per build, shared by every language.

    pipeline = Pipeline(docs_dir, cache_dir)   # cheap
    pipeline.start(reports) # the reports pioneras.content read: queue the missing work
    pipeline.photo(slug, file)  # -> Published (waits for that photo only), for markup
    pipeline.finish(site_dir)   # wait for the rest, publish, drop stale files, save cache

``start`` returns at once; the pool works while MkDocs reads and renders pages.  A photo
is scheduled once per build however many pages and languages show it (and once per
content: the same bytes under two names are decoded once).  When the cache already
holds everything, no pool is started and no image is opened.
"""
from __future__ import annotations

import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING

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
    removed_site: int = 0  # stale files deleted from the site
    removed_cache: int = 0  # unused variants deleted from the cache
    bytes: int = 0  # published bytes, all variants
    seconds: float = 0.0  # time the build spent in the pipeline (start, waits, finish)
    problems: list[errors.Problem] = field(default_factory=list)


class Pipeline:
    def __init__(self, docs_dir: Path, cache_dir: Path, settings: Settings | None = None,
                 *, workers: int | None = None, root: Path | None = None,
                 pages_dir: str = "informes-fotograficos"):
        self.docs_dir = Path(docs_dir)
        self.root = Path(root) if root else self.docs_dir.parent
        self.settings = settings or Settings()
        self.cache = Cache(Path(cache_dir))
        self.workers = default_workers() if workers is None else workers
        self.pages_dir = pages_dir
        self.reports: dict[str, Report] = {}
        self._problems: dict[errors.Problem, None] = {}  # ordered set
        self._futures: dict[str, Future] = {}  # meta_key -> Future[Outcome]
        self._photo_keys: dict[tuple[str, str], tuple[str, str]] = {}  # (slug, file) -> (sha, meta_key)
        self._published: dict[tuple[str, str], Published | None] = {}
        self._shown: dict[str, str] = {}  # meta_key -> the file named in messages
        self._pool = None
        self._decoded = 0
        self._busy = 0.0  # seconds the build itself spent here: start, waits, finish

    # --- start of build ---------------------------------------------------------------

    def start(self, reports: dict[str, Report]) -> None:
        """Queue every published photo of ``reports`` (pioneras.content read and checked them)."""
        t0 = time.perf_counter()
        self.reports = dict(reports)
        for report in self.reports.values():
            for entry in report.photos:
                self._schedule(report.slug, entry)
        self._busy += time.perf_counter() - t0

    def _schedule(self, slug: str, entry: ReportPhoto) -> None:
        rel = entry.path.relative_to(self.docs_dir).as_posix()
        try:
            sha = self.cache.source_sha(entry.path, rel)
        except OSError:  # deleted or unreadable since the folder was listed
            self.add_problems([errors.missing(entry.shown, None)])
            return
        meta_key = self.settings.meta_key(sha)
        self._photo_keys[(slug, entry.photo.file)] = (sha, meta_key)
        if meta_key in self._futures:
            return
        self._shown[meta_key] = entry.shown
        meta = self.cache.meta(meta_key)
        if meta is not None:
            missing = tuple((spec.fmt, spec.width, key)
                            for spec, key in self._keys(meta, meta_key)
                            if not self.cache.has(key, spec.ext))
            if not missing:
                done: Future = Future()
                done.set_result(Outcome(meta, None, 0))
                self._futures[meta_key] = done
                return
            wanted = missing
        else:
            wanted = None
        if self._pool is None:
            self._pool = executor(self.workers)
        self._decoded += 1
        self._futures[meta_key] = self._pool.submit(run, Job(
            str(entry.path), entry.shown, meta_key, self.settings, str(self.cache.root), wanted))

    def _keys(self, meta: dict, meta_key: str) -> tuple[tuple[variants.Spec, str], ...]:
        return tuple((spec, self.settings.variant_key(meta_key, spec.fmt, spec.width))
                     for spec in variants.plan(meta["width"], meta["height"], self.settings))

    # --- during the build -------------------------------------------------------------

    def add_problems(self, probs) -> None:
        for p in probs:
            self._problems.setdefault(p, None)

    def photo(self, slug: str, file: str) -> Published | None:
        """The published photo, waiting for its job if needed; None if it is not
        published (withdrawn, not listed, invalid entry or unreadable file)."""
        if (slug, file) in self._published:
            return self._published[(slug, file)]
        found = None
        keys = self._photo_keys.get((slug, file))
        if keys:
            sha, meta_key = keys
            outcome = self._outcome(meta_key, self._shown.get(meta_key, file))
            if outcome.problem:
                self.add_problems([outcome.problem])
            elif outcome.meta:
                if self.cache.meta(meta_key) is None:
                    self.cache.set_meta(meta_key, outcome.meta)
                found = Published(f"{self.settings.site_subdir}/{slug}", sha,
                                  outcome.meta["width"], outcome.meta["height"],
                                  outcome.meta["dominant"], self._keys(outcome.meta, meta_key))
        self._published[(slug, file)] = found
        return found

    def _outcome(self, meta_key: str, shown: str) -> Outcome:
        t0 = time.perf_counter()
        try:
            return self._futures[meta_key].result()
        except Exception:  # noqa: BLE001 - a worker killed (e.g. out of memory) breaks the pool
            return Outcome(None, errors.unreadable(shown, "el proceso terminó / worker died"), 0)
        finally:
            self._busy += time.perf_counter() - t0

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

    def finish(self, site_dir: Path) -> Summary:
        """Wait for every job, publish all variants, delete stale files, save the cache."""
        t0, busy_before = time.perf_counter(), self._busy  # waits inside finish count once
        summary = Summary()
        site_photos = Path(site_dir) / self.settings.site_subdir
        keep: set[Path] = set()
        used: set[Path] = set()
        encoded = 0
        for slug in self.reports:
            for _, published in self.gallery(slug):
                summary.photos += 1
                for spec, key in published.keys:
                    source = self.cache.object_path(key, spec.ext)
                    dest = Path(site_dir) / published.path(spec)
                    publish.place(source, dest)
                    keep.add(dest)
                    used.add(source)
                    summary.bytes += source.stat().st_size
        for meta_key in self._futures:
            encoded += self._outcome(meta_key, self._shown.get(meta_key, "")).written
        js = site_photos / GALLERY_JS
        atomic_write(js, (STATIC / GALLERY_JS).read_bytes())
        keep.add(js)
        summary.published = len(keep) - 1
        summary.removed_site = publish.sweep(site_photos, keep)
        summary.removed_cache = self.cache.save(used)
        summary.decoded = self._decoded
        summary.encoded = encoded
        summary.problems = sorted(self.problems, key=lambda p: p.path)
        self.close()
        summary.seconds = busy_before + time.perf_counter() - t0
        return summary

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
