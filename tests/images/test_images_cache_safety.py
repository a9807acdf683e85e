"""The cache is a cache (issue 9, item 5): nothing in .cache/photos is published unless it
matches what was written; the site cannot change the cache; builds of different content
can share it; a cache that cannot be written costs time, never the site.

Read-only conditions are real file-system ones, so that they hold for root as well (CI
runs as root, and root ignores permission bits): a cache path running through a regular
file (ENOTDIR, everywhere), a read-only bind mount and a full tmpfs in a private mount
namespace (Linux, skipped where namespaces are not allowed), and, for the exact
message, a monkeypatched ENOSPC.
"""
from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from pioneras.images import Pipeline
from pioneras.images import cache as cache_module
from pioneras.images import lock as lock_module
from pioneras.problems import ERROR, NOTICE

from minisite import make_site
from sitebuild import build

from .conftest import Project
from .helpers import FAST, ROOT, entry, make_report, sha256, upright

CHILD_ENV = dict(os.environ, PYTHONPATH=str(ROOT / "tests"), NO_MKDOCS_2_WARNING="1")


# --- helpers --------------------------------------------------------------------------

def _site(site: Path) -> dict[str, bytes]:
    folder = site / "photos"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _variants(project) -> list[Path]:
    return sorted(p for p in (project.cache / "variants").rglob("*") if p.is_file())


def _reference(project, where: Path) -> dict[str, bytes]:
    """The same docs built alone, into a cache of their own: what the site must hold."""
    pipeline = Pipeline(project.docs, where / "cache", FAST, workers=0, root=project.root)
    pipeline.start()
    for slug in pipeline.reports:
        pipeline.gallery(slug)
    pipeline.finish(where / "site")
    return _site(where / "site")


def _said(found, code: str, path: str, level: str, *words: str) -> None:
    """One Problem (or its JSON from a child process): its catalogue entry, where, how
    serious, and the words that tell the cause and the fix (in both languages)."""
    if not isinstance(found, dict):
        found = {"code": found.code, "path": found.path, "level": found.level, "text": str(found)}
    assert (found["code"], found["path"], found["level"]) == (code, path, level), found
    assert " / " in found["text"] and "Traceback" not in found["text"]
    for word in words:
        assert word in found["text"], (word, found["text"])


def _noisy(size, seed) -> Image.Image:
    return Image.effect_noise(size, 40 + seed).convert("RGB")


@pytest.fixture
def two_photos(project):
    make_report(project.docs, "2025-05-cache", {"a.jpg": upright((400, 300)), "b.png": upright((300, 400))})
    return project


def _second_project(tmp_path, first) -> Project:
    """Another checkout (other content) whose builds use the same cache."""
    (tmp_path / "b").mkdir()
    other = Project(tmp_path / "b")
    other.cache = first.cache
    return other


# --- a variant is verified before it is published ------------------------------------

def _assert_redone(project, good: dict[str, bytes], victim: Path, damaged: bytes) -> None:
    """The site is what it was, except that the damaged variant's site file holds the
    variant written again (a partial job may encode other bytes of the same picture:
    it resizes from a different draft), and the cache holds it too."""
    site = _site(project.site)
    changed = [name for name in good if site.get(name) != good[name]]
    assert set(site) == set(good) and len(changed) <= 1, changed
    assert victim.read_bytes() != damaged
    for name in changed:
        assert site[name] == victim.read_bytes()
        with Image.open(io.BytesIO(site[name])) as im:
            im.load()
            assert im.width == int(name.rsplit("-", 1)[1].split(".")[0])


def test_truncated_cached_variant_is_redone_not_published(two_photos):
    project = two_photos
    project.build()
    good = _site(project.site)
    for victim in _variants(project)[:3]:
        damaged = victim.read_bytes()[: victim.stat().st_size // 2]
        victim.write_bytes(damaged)
        shutil.rmtree(project.site)
        _, summary = project.build()
        assert summary.problems == []
        assert (summary.decoded, summary.encoded) == (1, 1)  # the wrong size is seen at start
        _assert_redone(project, good, victim, damaged)
        good = _site(project.site)


def test_same_size_edit_that_restores_the_mtime_is_caught(two_photos):
    """Size and mtime as before, yet the bytes differ: the ctime (which no program can
    set back) no longer matches, so the file is hashed, found wrong and redone."""
    project = two_photos
    project.build()
    good = _site(project.site)
    victim = _variants(project)[-1]
    data, before = victim.read_bytes(), victim.stat()
    time.sleep(0.05)  # past the file system's clock tick, so the ctime moves
    damaged = data[:-16] + bytes(b ^ 0xFF for b in data[-16:])
    with open(victim, "r+b") as f:  # in place: same inode
        f.write(damaged)
    os.utime(victim, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = victim.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    # Last build's site copies are provably unchanged: they stay, and the cache is not read.
    _, summary = project.build()
    assert (summary.repaired, summary.problems, _site(project.site)) == (0, [], good)
    # Where the cache is needed (a new site, as in CI), the damaged file is caught.
    shutil.rmtree(project.site)
    _, summary = project.build()
    assert (summary.repaired, summary.problems) == (1, [])
    _assert_redone(project, good, victim, damaged)


def test_a_site_file_edited_later_cannot_change_the_cache(two_photos):
    project = two_photos
    project.build()
    cached = {p: p.read_bytes() for p in _variants(project)}
    for site_file in (project.site / "photos").rglob("*.webp"):
        with open(site_file, "r+b") as f:  # in place, as an optimiser or a careless script would
            f.write(b"edited by a later step")
    assert {p: p.read_bytes() for p in _variants(project)} == cached


def test_an_unchanged_warm_build_hashes_no_variant(two_photos, monkeypatch):
    """Issue 13's budget: verifying an untouched cache costs one stat per file."""
    two_photos.build()
    hashed = []

    class CountingHashlib:  # the cache module's view of hashlib only
        file_digest = staticmethod(hashlib.file_digest)

        @staticmethod
        def sha256(data=b""):
            hashed.append(len(data))
            return hashlib.sha256(data)

    monkeypatch.setattr(cache_module, "hashlib", CountingHashlib)
    _, summary = two_photos.build()
    assert (summary.published, summary.encoded, hashed) == (10, 0, [])
    _variants(two_photos)[0].touch()  # ...and a touched file is hashed (and found right)
    _, summary = two_photos.build()     # when it is needed: last build's site copies are not
    assert (summary.repaired, summary.reused, len(hashed)) == (0, 10, 0)
    shutil.rmtree(two_photos.site)
    _, summary = two_photos.build()
    assert (summary.repaired, summary.reused, len(hashed)) == (0, 0, 1)


def test_a_variant_nobody_recorded_is_never_trusted(two_photos):
    """A build killed before it saved leaves files without a record: they are redone."""
    project = two_photos
    project.build()
    good = _site(project.site)
    (project.cache / "manifest.json").unlink()
    _variants(project)[0].write_bytes(b"not what the encoder wrote")
    shutil.rmtree(project.site)
    _, summary = project.build()
    assert summary.encoded == 10 and _site(project.site) == good


# --- builds of different content share one cache -----------------------------------------

def test_a_build_ending_while_another_runs_deletes_nothing_it_uses(project, tmp_path):
    """Before: A's end-of-build sweep deleted B's variants and B died publishing them."""
    make_report(project.docs, "2025-05-a", {"a1.jpg": upright((400, 300)), "a2.jpg": upright((320, 400))})
    other = _second_project(tmp_path, project)
    make_report(other.docs, "2025-06-b", {"b1.jpg": upright((420, 300)), "b2.png": upright((300, 380))})
    want_b = _reference(other, tmp_path / "ref-b")
    other.build()
    running = other.pipeline()  # B builds again (nothing to encode) and is mid-run...
    running.start()
    for slug in running.reports:
        running.gallery(slug)
    _, first_a = project.build()  # ...while A builds other content, start to end, twice
    _, second_a = project.build()
    assert first_a.removed_cache == second_a.removed_cache == 0  # B holds the cache: no sweep
    assert second_a.encoded == 0  # A's records were merged into the manifest, not lost
    b = running.finish(other.site)
    assert (b.problems, b.encoded, b.repaired) == ([], 0, 0)
    assert _site(other.site) == want_b
    assert b.removed_cache == 10  # B ended alone: the cache is again what its last build used
    manifest = json.loads((project.cache / "manifest.json").read_text())
    assert {m["source"] for m in manifest["photos"].values()} == {
        hashlib.sha256(p.read_bytes()).hexdigest() for p in other.docs.rglob("*.[jp][pn]g")}


CONCURRENT_BUILDS = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from images.helpers import FAST
    from pioneras.images import Pipeline
    root, cache, go = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    while not go.exists():
        time.sleep(0.005)
    for i in range(4):
        pipeline = Pipeline(root / "docs", cache, FAST, workers=1, root=root)
        pipeline.start()
        for slug in pipeline.reports:
            pipeline.gallery(slug)
        summary = pipeline.finish(root / f"site{i}")
        assert not summary.problems and not summary.notices, summary
""")


def test_two_concurrent_builds_of_different_content_on_one_cache(project, tmp_path):
    """Two processes, four builds each, at the same time on one cache, with one photo in
    common (both write the same files): every site is exactly what a lone build makes."""
    shared = _noisy((360, 240), 0)
    make_report(project.docs, "2025-05-a", {"a1.jpg": _noisy((400, 300), 1), "a2.jpg": _noisy((300, 400), 2),
                                            "same.jpg": shared})
    other = _second_project(tmp_path, project)
    make_report(other.docs, "2025-06-b", {"b1.jpg": _noisy((420, 300), 3), "b2.png": _noisy((300, 380), 4),
                                          "same.jpg": shared})
    expected = {project: _reference(project, tmp_path / "ref-a"), other: _reference(other, tmp_path / "ref-b")}
    go = tmp_path / "go"
    builds = [subprocess.Popen([sys.executable, "-c", CONCURRENT_BUILDS, str(p.root), str(project.cache), str(go)],
                               env=CHILD_ENV, stderr=subprocess.PIPE, text=True) for p in (project, other)]
    go.touch()
    for build in builds:
        _, err = build.communicate(timeout=240)
        assert build.returncode == 0, err
    for p, want in expected.items():
        for i in range(4):
            assert _site(p.root / f"site{i}") == want, (p.root.name, i)


def test_forget_deletes_a_withdrawn_original_at_once_whoever_is_building(project, tmp_path):
    """Variants of a withdrawn photo leave the cache now, made with any settings, even
    while another build holds the cache (which stops ordinary sweeping)."""
    make_report(project.docs, "2025-05-a", {"keep.jpg": upright((400, 300)), "gone.jpg": upright((360, 300))})
    gone = project.docs / "photo-reports" / "2025-05-a" / "gone.jpg"
    sha = hashlib.sha256(gone.read_bytes()).hexdigest()
    other = _second_project(tmp_path, project)
    make_report(other.docs, "2025-06-b", {"b.jpg": upright((420, 300))})
    running = other.pipeline()
    running.start()
    dark = replace(FAST, background="#000000")  # other settings: other files for the same photo
    project.build()
    project.build(dark)
    assert len(_variants(project)) == 2 * 2 * 5 + 5  # and the photo of the build running
    pipeline = project.pipeline()
    pipeline.start()
    assert pipeline.forget(sha) == 2 * 5  # both settings' files of gone.jpg, at once
    assert len(_variants(project)) == 2 * 5 + 5 and running.cache.opened
    assert pipeline.photo("2025-05-a", "gone.jpg") is None  # under no name in this build
    summary = pipeline.finish(project.site)
    assert not any(sha[:12] in name for name in _site(project.site))
    manifest = json.loads((project.cache / "manifest.json").read_text())
    assert sha not in {m["source"] for m in manifest["photos"].values()}
    assert sha not in json.dumps(manifest["files"])
    assert summary.problems == [] and summary.removed_cache == 2 * 5
    running.finish(other.site)


def test_without_working_locks_only_old_unused_variants_are_swept(two_photos, monkeypatch):
    """Where flock is missing (Windows) a build cannot know it is alone: files it did not
    use survive for a grace period, in case a build running right now needs them."""
    monkeypatch.setattr(lock_module, "fcntl", None)
    project = two_photos
    project.build()
    folder = project.docs / "photo-reports" / "2025-05-cache"
    (folder / "b.png").unlink()
    make_report(project.docs, "2025-05-cache", {"a.jpg": None}, entries=entry("a.jpg"))
    _, young = project.build()
    assert young.removed_cache == 0 and len(_variants(project)) == 10
    old = time.time() - cache_module.GRACE_SECONDS - 60
    for path in _variants(project):
        os.utime(path, (old, old))
    _, later = project.build()
    assert later.removed_cache == 5 and len(_variants(project)) == 5


# --- a cache that cannot be written ---------------------------------------------------------

def test_cache_path_through_a_regular_file_falls_back_with_one_notice(two_photos, tmp_path):
    project = two_photos
    want = _reference(project, tmp_path / "ref")
    (project.root / "blocker").write_text("a file where the cache's folder should be")
    project.cache = project.root / "blocker" / "photos"
    pipeline, summary = project.build()
    assert summary.problems == [] and summary.photos == 2
    [found] = summary.notices
    _said(found, "cache.unusable", "blocker/photos", NOTICE,
          "una parte de la ruta es un archivo", "part of the path is a file", "caché temporal",
          "temporary cache", "PIONERAS_PHOTO_CACHE")
    assert _site(project.site) == want
    assert not pipeline.cache.root.exists()  # the temporary cache left with the build


def test_disk_full_while_writing_fails_cleanly_with_one_problem(two_photos, monkeypatch):
    real = cache_module.atomic_write

    def full(path, data):
        if "variants" in str(path):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(cache_module, "atomic_write", full)
    pipeline, summary = two_photos.build()
    [found] = summary.problems
    _said(found, "cache.write-failed", ".cache/photos", ERROR,
          "(disco lleno)", "(disk full)", "libere espacio", "free disk space")
    assert summary.photos == 0 and pipeline.gallery("2025-05-cache") == []


def test_site_disk_full_is_one_problem_and_leaves_no_half_file(two_photos, monkeypatch):
    from pioneras.images import publish

    def full(src, out):
        out.write(b"half a photo")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(publish, "_copy", full)
    _, summary = two_photos.build()
    [found] = summary.problems
    _said(found, "photo.site-write-failed", "site/photos/2025-05-cache", ERROR,
          "(No space left on device)", "free disk space")
    assert set(_site(two_photos.site)) == {"gallery.js"}


def _mount_namespace(tmp_path) -> list[str]:
    """A command prefix giving the command its own mount namespace, where it may mount
    (root: ``unshare -m``; others: inside a user namespace).  Skips where not allowed."""
    if not sys.platform.startswith("linux") or not shutil.which("unshare"):
        pytest.skip("needs Linux mount namespaces (unshare)")
    probe = tmp_path / "mount-probe"
    probe.mkdir()
    for prefix in (["unshare", "-m"], ["unshare", "-rm"]):
        if subprocess.run([*prefix, "mount", "-t", "tmpfs", "-o", "size=16k", "none", str(probe)],
                          capture_output=True).returncode == 0:
            return prefix
    pytest.skip("mount namespaces are not allowed here")


BUILD_AND_REPORT = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from images.helpers import FAST
    from pioneras.images import Pipeline
    root, cache, site = map(Path, sys.argv[1:4])
    pipeline = Pipeline(root / "docs", cache, FAST, workers=1, root=root)
    pipeline.start()
    for slug in pipeline.reports:
        pipeline.gallery(slug)
    summary = pipeline.finish(site)
    said = lambda p: {"code": p.code, "path": p.path, "level": p.level, "text": str(p)}
    print(json.dumps({"problems": [said(p) for p in summary.problems], "photos": summary.photos,
                      "notices": [said(n) for n in summary.notices]}))
""")


def _build_in_namespace(prefix, mount: str, project, site: Path) -> subprocess.CompletedProcess:
    script = f'{mount} && exec "$0" -c "$1" "$2" "$3" "$4"'
    return subprocess.run([*prefix, "sh", "-c", script, sys.executable, BUILD_AND_REPORT,
                           str(project.root), str(project.cache), str(site)],
                          capture_output=True, text=True, env=CHILD_ENV, timeout=120)


def test_read_only_cache_mount_falls_back_and_the_site_is_right(two_photos, tmp_path):
    """A warm cache on a read-only mount (EROFS, which binds root too)."""
    prefix = _mount_namespace(tmp_path)
    project = two_photos
    want = _reference(project, tmp_path / "ref")
    project.build()
    shutil.rmtree(project.site)
    result = _build_in_namespace(prefix, f'mount --bind -o ro "{project.cache}" "{project.cache}"',
                                 project, project.site)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    report = json.loads(result.stdout)
    assert report["problems"] == [] and report["photos"] == 2
    [found] = report["notices"]
    _said(found, "cache.unusable", ".cache/photos", NOTICE,
          "solo lectura", "read-only file system", "mount it writable", "PIONERAS_PHOTO_CACHE")
    assert _site(project.site) == want


def test_cache_on_a_disk_that_fills_up_mid_build_fails_cleanly(project, tmp_path):
    """A real full disk: a 64 KB tmpfs takes the probe and the first files, then ENOSPC."""
    prefix = _mount_namespace(tmp_path)
    make_report(project.docs, "2025-05-full", {f"p{i}.jpg": _noisy((640, 480), i) for i in range(6)})
    project.cache.mkdir(parents=True)
    result = _build_in_namespace(prefix, f'mount -t tmpfs -o size=64k none "{project.cache}"',
                                 project, project.site)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    report = json.loads(result.stdout)
    assert report["photos"] < 6
    assert len(report["problems"]) == 1, report
    _said(report["problems"][0], "cache.write-failed", ".cache/photos", ERROR, "(disco lleno)", "(disk full)")


def test_mkdocs_build_with_an_unusable_cache_publishes_pages_with_their_csp(tmp_path):
    """Before: a raw traceback, and every page left without its Content-Security-Policy
    (the security hook runs after the photo hook's on_post_build, which had crashed)."""
    root = make_site(tmp_path / "mini")
    make_report(root / "docs", "2025-05-feria", {"a.jpg": upright((640, 480)), "b.jpg": upright((480, 640))})
    (root / "blocker").write_text("not a folder")
    result = build(root, root / "site", PIONERAS_PHOTO_CACHE=str(root / "blocker" / "photos"),
                   PIONERAS_CARDS="off")
    assert result.returncode == 0 and "Traceback" not in result.log, result.log
    # said once, as information: the site is right
    assert [l for l in result.log.splitlines() if "blocker/photos" in l] == [
        f"INFO    -  {cache_module.unusable('blocker/photos', OSError(errno.ENOTDIR, 'Not a directory'))}"]
    pages = list((root / "site").rglob("*.html"))
    assert pages and all('http-equiv="Content-Security-Policy"' in p.read_text() for p in pages)
    assert len(list((root / "site" / "photos" / "2025-05-feria").iterdir())) == 5 + 5  # minisite's widths


def test_size_of_a_published_file_is_the_recorded_one(two_photos):
    """For the glue (RSS enclosure lengths): what was written, not what the cache holds now."""
    pipeline = two_photos.pipeline()
    pipeline.start()
    published = pipeline.photo("2025-05-cache", "a.jpg")
    spec, key = published.keys[-1]
    cached = pipeline.cache.object_path(key, spec.ext)
    size = cached.stat().st_size
    cached.write_bytes(b"truncated")
    assert pipeline.size(published, spec) == size
    pipeline.finish(two_photos.site)
    assert (two_photos.site / published.path(spec)).stat().st_size == size


def test_a_report_folder_comes_back_whole_and_loses_what_it_no_longer_publishes(project):
    """As MkDocs runs it: last build's photos set aside, the site emptied, the report's folder
    moved back in one rename; a photo withdrawn since is swept out of it, the rest reused."""
    folder = make_report(project.docs, "2025-05-a", {"a.jpg": upright((400, 300)), "b.jpg": upright((300, 400))})
    project.build()
    before = project.site_files()
    gone = sha256(folder / "b.jpg")[:12]
    make_report(project.docs, "2025-05-a", {}, entries=entry("a.jpg") + "\n" + entry("b.jpg", consent="withdrawn"))
    pipeline = project.pipeline()
    pipeline.start()
    pipeline.set_aside(project.site)
    for path in project.site.iterdir():     # what MkDocs does before it writes the pages
        if not path.name.startswith("."):   # (it leaves dot files alone)
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    for slug in pipeline.reports:
        pipeline.gallery(slug)
    summary = pipeline.finish(project.site)
    kept_files = {f for f in before if f != "gallery.js" and gone not in f}
    assert project.site_files() == kept_files | {"gallery.js"} and len(kept_files) < len(before) - 1
    assert (summary.reused, summary.removed_site, summary.encoded) == (len(kept_files), len(before) - 1 - len(kept_files), 0)
    assert not (project.site / ".photos-previous").exists()


def _as_mkdocs_builds(project):
    """One build as MkDocs runs the engine: start with the site's folder, set the last
    build's photos aside, the site emptied (dot files left), galleries, finish."""
    pipeline = project.pipeline()
    pipeline.start(site_dir=project.site)
    pipeline.set_aside(project.site)
    for path in project.site.iterdir() if project.site.exists() else ():
        if not path.name.startswith("."):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    for slug in pipeline.reports:
        pipeline.gallery(slug)
    return pipeline.finish(project.site)


def test_photos_whose_site_copies_are_recorded_are_not_looked_up_in_the_cache(two_photos, monkeypatch):
    _as_mkdocs_builds(two_photos)
    good = _site(two_photos.site)
    looked = []
    real_state = cache_module.Cache.state
    monkeypatch.setattr(cache_module.Cache, "state", lambda self, *a: looked.append(a) or real_state(self, *a))
    summary = _as_mkdocs_builds(two_photos)
    assert (looked, summary.reused, summary.encoded, _site(two_photos.site)) == ([], 10, 0, good)
    # A site copy and its cache file both gone since: found at the end, encoded again there.
    victim = sorted((two_photos.site / "photos").rglob("*.webp"))[0]
    cached = [p for p in _variants(two_photos) if p.read_bytes() == victim.read_bytes()]
    assert len(cached) == 1
    victim.unlink()
    cached[0].unlink()
    summary = _as_mkdocs_builds(two_photos)
    assert summary.problems == [] and summary.reused == 9 and summary.repaired == 1
    site = _site(two_photos.site)
    assert set(site) == set(good)
    with Image.open(io.BytesIO(site[victim.relative_to(two_photos.site / "photos").as_posix()])) as im:
        im.load()
