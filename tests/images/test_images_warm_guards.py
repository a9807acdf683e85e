"""An unchanged warm build costs little (issue 13) only because it trusts what it can prove:
each guard below is what stops it from reusing something that changed. Every build here
runs as MkDocs runs the engine (the last build's site copies known from the start, set
aside, the site emptied, moved back), the path a warm build takes.
"""
from __future__ import annotations

import io
import os
import shutil
from dataclasses import replace

from PIL import Image

from pioneras.images import markup
from pioneras.images.pipeline import Published
from pioneras.images.settings import Encoding, Settings
from pioneras.images.variants import plan

from .helpers import FAST, entry, make_report, sha256, upright


def _warm_build(project, settings=FAST):
    pipeline = project.pipeline(settings)
    pipeline.start(site_dir=project.site)
    pipeline.set_aside(project.site)
    for path in project.site.iterdir() if project.site.exists() else ():
        if not path.name.startswith("."):       # MkDocs empties the site but for dot files
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    galleries = {slug: pipeline.gallery(slug) for slug in pipeline.reports}
    return pipeline.finish(project.site), galleries


def _jpeg(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def _padded(data: bytes, size: int) -> bytes:
    """The JPEG padded after its end to ``size`` bytes: still the same picture."""
    return data + b"\0" * (size - len(data))


def _site(project) -> dict[str, bytes]:
    folder = project.site / "photos"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_an_original_rewritten_in_place_to_the_same_size_is_published_anew(project):
    """Same name, same size, same inode, only the modification time tells: the old
    photo's files must not stay in the site under the new photo's entry."""
    first, second = _jpeg(Image.effect_noise((240, 160), 60).convert("RGB")), _jpeg(upright((240, 160)))
    size = max(len(first), len(second))
    make_report(project.docs, "2025-05-a", {"a.jpg": _padded(first, size)})
    _warm_build(project)
    original = project.docs / "photo-reports" / "2025-05-a" / "a.jpg"
    old_sha, inode = sha256(original), original.stat().st_ino
    with open(original, "r+b") as f:        # in place: the inode stays
        f.write(_padded(second, size))
    st = original.stat()
    os.utime(original, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert (original.stat().st_ino, original.stat().st_size) == (inode, size)
    summary, galleries = _warm_build(project)
    new_sha = sha256(original)
    assert summary.problems == [] and summary.decoded == 1
    assert [published.sha for _, published in galleries["2025-05-a"]] == [new_sha]
    names = set(_site(project))
    assert not any(old_sha[:12] in name for name in names)
    assert any(new_sha[:12] in name for name in names)


def test_a_photo_withdrawn_in_report_yml_leaves_the_site_of_a_warm_build(project):
    folder = make_report(project.docs, "2025-05-a", {"a.jpg": upright((400, 300)), "b.jpg": upright((300, 400))})
    _warm_build(project)
    gone = sha256(folder / "b.jpg")[:12]
    assert any(gone in name for name in _site(project))
    make_report(project.docs, "2025-05-a", {}, entries=entry("a.jpg") + "\n" + entry("b.jpg", consent="withdrawn"))
    summary, galleries = _warm_build(project)
    assert [e.file for e, _ in galleries["2025-05-a"]] == ["a.jpg"]
    assert not any(gone in name for name in _site(project)) and summary.removed_site > 0
    assert not any(gone in p.name for p in (project.cache / "variants").rglob("*"))
    # The folders emptied of its files are gone too, in the cache and in the site.
    assert not [p for p in (project.cache / "variants").rglob("*") if p.is_dir() and not any(p.iterdir())]
    assert not [p for p in (project.site / "photos").rglob("*") if p.is_dir() and not any(p.iterdir())]


def test_a_changed_setting_replaces_the_site_copy_it_shapes(project):
    make_report(project.docs, "2025-05-a", {"a.jpg": upright((400, 300))})
    _warm_build(project)
    before = _site(project)
    other = replace(FAST, jpeg=Encoding((192,), 30))     # same file name in the site, other bytes
    summary, _ = _warm_build(project, other)
    after = _site(project)
    changed = [name for name in after if after[name] != before.get(name)]
    assert set(after) == set(before) and [name.rsplit(".", 1)[1] for name in changed] == ["jpg"]
    assert summary.encoded == 1 and summary.reused == len(before) - 2      # all but the JPEG and gallery.js
    cached = {p.read_bytes() for p in (project.cache / "variants").rglob("*.jpg")}
    assert after[changed[0]] in cached and before[changed[0]] not in cached


def test_a_site_copy_replaced_with_its_old_size_and_time_is_copied_again(project):
    """The signature of a site copy includes its inode and change time: a replacement
    that restores size and modification time is still noticed."""
    make_report(project.docs, "2025-05-a", {"a.jpg": upright((400, 300))})
    _warm_build(project)
    good = _site(project)
    victim = sorted((project.site / "photos").rglob("*.avif"))[0]
    st = victim.stat()
    fake = project.root / "fake.avif"
    fake.write_bytes(b"x" * st.st_size)
    os.utime(fake, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(fake, victim)
    summary, _ = _warm_build(project)
    assert _site(project) == good and summary.reused == len(good) - 2


def test_photos_of_one_width_and_other_heights_each_get_their_own_sizes(project):
    """One plan per photo size (width and height), not per width."""
    make_report(project.docs, "2025-05-a", {"a.jpg": upright((400, 300)), "b.jpg": upright((400, 200))})
    _, galleries = _warm_build(project)
    sizes = {e.file: {(s.width, s.height) for s in p.specs} for e, p in galleries["2025-05-a"]}
    assert sizes == {"a.jpg": {(s.width, s.height) for s in plan(400, 300, FAST)},
                     "b.jpg": {(s.width, s.height) for s in plan(400, 200, FAST)}}
    assert sizes["a.jpg"] != sizes["b.jpg"]


def test_every_url_of_a_picture_is_escaped_whatever_the_base():
    specs = plan(4000, 3000, Settings())
    photo = Published('photos/2025-05-x', "ab" * 32, 4000, 3000, "#c0ffee",
                      tuple((s, f"key{i}") for i, s in enumerate(specs)))
    html = markup.picture(photo, "alt", '../"<&>/', Settings().sizes)
    assert '"<&>' not in html and html.count("../&quot;&lt;&amp;&gt;/photos/2025-05-x/") == len(specs)
