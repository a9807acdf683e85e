"""Integration: a tiny bilingual site (tests/minisite.py: the project's real hooks, theme,
plugins and templates) with two photo reports, built with `mkdocs build --strict` as CI
does.  Slower than the unit tests."""
from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from minisite import make_site, write
from pioneras.problems import problem
from sitebuild import build

from .helpers import entry, exif_bytes, make_report, save, upright

FERIA = "docs/photo-reports/2025-05-feria"


def _build(root: Path, site: Path):
    """A strict build with the site's own photo cache (the counts below start from empty)."""
    return build(root, site, PIONERAS_PHOTO_CACHE=str(root / "cache"), PIONERAS_CARDS="off")


@pytest.fixture(scope="module")
def site_project(tmp_path_factory):
    root = make_site(tmp_path_factory.mktemp("mini") / "project")
    docs = root / "docs"
    for lang, title in (("es", "Informes"), ("en", "Reports")):
        write(docs / lang / "informes-fotograficos" / "index.md", f"""\
            ---
            title: {title}
            template: photo-reports.html
            ---
            # {title}

            Intro {lang}.
            """)
    folder = make_report(docs, "2025-05-feria", {"IMG_1.jpg": None, "cartel.png": None},
                         entries=entry("IMG_1.jpg") + "\n" + entry("cartel.png", consent="no-people"))
    # Stored sideways with an EXIF block (a GPS one would be refused before the build even
    # starts: tests/content/test_gate.py); nothing of it may reach the site.
    save(folder / "IMG_1.jpg", upright((900, 600)), exif=exif_bytes(orientation=6))
    save(folder / "cartel.png", upright((500, 500)), "PNG")
    make_report(docs, "2025-03-taller", {"a.jpg": upright((640, 480))}, date="2025-03-02")
    write(docs / "es" / "informes-fotograficos" / "2025-03-taller.md", """\
        ---
        title: Taller
        report: 2025-03-taller
        ---
        # Taller

        ![Foto del taller](../../photo-reports/2025-05-feria/cartel.png)

        <!-- gallery -->

        Texto después de la galería.
        """)
    yield root
    shutil.rmtree(root.parent, ignore_errors=True)


@pytest.fixture(scope="module")
def built(site_project):
    site = site_project / "site"
    first = _build(site_project, site)
    assert first.returncode == 0, first.log[-3000:]
    return site_project, site, first.log


def _urls(html: str) -> list[str]:
    urls = re.findall(r'(?:src|href)="([^"]+\.(?:avif|webp|jpg|js))"', html)
    for srcset in re.findall(r'srcset="([^"]+)"', html):
        urls += [c.strip().split()[0] for c in srcset.split(",")]
    return urls


def test_gallery_in_both_languages_with_working_urls(built):
    _, site, _ = built
    for page, lang_caption in (("informes-fotograficos/2025-05-feria/index.html", "Caption es of IMG_1.jpg"),
                               ("en/informes-fotograficos/2025-05-feria/index.html", "Caption en of IMG_1.jpg")):
        html = (site / page).read_text()
        assert html.count('<figure class="pio-photo">') == 2
        assert f"<figcaption>{lang_caption}</figcaption>" in html
        assert html.count('fetchpriority="high"') == 1
        urls = _urls(html)
        assert len({u for u in urls if "/photos/2025-05-feria/" in u}) == 2 * 5  # 2 photos, 5 files each
        for url in urls:  # relative URLs resolve, from / and from /en/ alike
            assert (site / page).parent.joinpath(url).resolve().is_file(), (page, url)


def test_marker_places_gallery_and_markdown_images_become_pictures(built):
    _, site, _ = built
    html = (site / "informes-fotograficos" / "2025-03-taller" / "index.html").read_text()
    assert html.index('alt="Foto del taller"') < html.index('class="pio-gallery"') < html.index("Texto después")
    assert "cartel.png" not in html  # the original is never referenced
    assert html.count('fetchpriority="high"') == 1
    assert html.index('fetchpriority="high"') < html.index('class="pio-gallery"')


def test_index_cards_newest_first_in_each_language(built):
    _, site, _ = built
    es = (site / "informes-fotograficos" / "index.html").read_text()
    en = (site / "en" / "informes-fotograficos" / "index.html").read_text()
    assert es.index("Intro es") < es.index("pio-cards")
    assert es.index("Report 2025-05-feria es") < es.index(">Taller<")
    assert "mayo de 2025" in es and "marzo de 2025" in es
    assert "May 2025" in en and "Report 2025-05-feria en" in en
    assert 'href="2025-05-feria/"' in en
    assert en.count('fetchpriority="high"') == 1


def test_no_original_is_published_and_no_metadata(built):
    root, site, _ = built
    originals = {hashlib.sha256(p.read_bytes()).hexdigest()
                 for p in (root / "docs" / "photo-reports").rglob("*") if p.is_file()}
    assert not (site / "photo-reports").exists() and not (site / "en" / "photo-reports").exists()
    for path in site.rglob("*"):
        if path.is_file():
            assert hashlib.sha256(path.read_bytes()).hexdigest() not in originals, path
            assert path.name != "report.yml"
            if path.suffix in (".jpg", ".webp", ".avif"):
                assert b"Exif\0\0" not in path.read_bytes(), path


def test_glightbox_local_and_no_inline_script(built):
    _, site, _ = built
    assert (site / "assets" / "javascripts" / "glightbox.min.js").is_file()
    assert (site / "assets" / "stylesheets" / "glightbox.min.css").is_file()
    assert (site / "photos" / "gallery.js").is_file()
    for page in site.rglob("*.html"):
        html = page.read_text()
        assert "init-glightbox" not in html and "glightbox-style" not in html, page
        assert "cdn.plyr.io" not in html and "cdn.jsdelivr" not in html
        assert 'class="glightbox"' not in html


def test_each_photo_processed_once_for_both_languages_and_cached(built):
    root, site, log = built
    assert re.search(r"3 publicadas / published, 3 procesadas / processed", log), log
    second = _build(root, root / "site2")
    assert second.returncode == 0, second.log
    assert "0 procesadas / processed, 0 archivos nuevos" in second.log, second.log
    assert sorted(p.name for p in (root / "site2" / "photos").rglob("*")) == \
        sorted(p.name for p in (site / "photos").rglob("*"))


def test_strict_build_fails_with_plain_messages(tmp_path, built):
    root = tmp_path / "bad"
    shutil.copytree(built[0], root, ignore=shutil.ignore_patterns("site*"))
    folder = root / FERIA
    (folder / "IMG_1.jpg").write_bytes(b"")
    (folder / "extra.jpg").write_bytes(b"text, not a photo")
    page = root / "docs" / "en" / "informes-fotograficos" / "2025-03-taller.md"
    page.write_text("---\nreport: 2025-03-taller\n---\n# T\n\n![](../../photo-reports/2025-03-taller/a.jpg)\n")
    result = _build(root, root / "site")
    assert result.returncode != 0
    # each mistake once, as the catalogue words it (pipeline, report reader, page links alike)
    assert sorted(w.split("-  ", 1)[1] for w in result.warnings) == sorted(str(p) for p in (
        problem("photo.empty", f"{FERIA}/IMG_1.jpg"),
        problem("reports.not-listed", f"{FERIA}/report.yml", 2, file="extra.jpg", report="2025-05-feria"),
        problem("photos.no-alt", "docs/en/informes-fotograficos/2025-03-taller.md", 6,
                image="photo-reports/2025-03-taller/a.jpg"),
    )), result.log
    assert "Traceback" not in result.log


def test_withdrawn_photo_disappears_from_pages_and_site(tmp_path, built):
    root = tmp_path / "withdrawn"
    shutil.copytree(built[0], root, ignore=shutil.ignore_patterns("site2"))  # site, cache and all
    assert list((root / "site" / "photos" / "2025-05-feria").iterdir())
    yml = root / FERIA / "report.yml"
    yml.write_text(yml.read_text().replace(entry("cartel.png", consent="no-people"),
                                           entry("cartel.png", consent="withdrawn")))
    result = _build(root, root / "site")
    assert result.returncode == 0, result.log
    site = root / "site"
    for page in ("informes-fotograficos/2025-05-feria/index.html", "en/informes-fotograficos/2025-05-feria/index.html",
                 "informes-fotograficos/2025-03-taller/index.html"):
        html = (site / page).read_text()
        assert "cartel" not in html and "Caption es of cartel" not in html and "Foto del taller" not in html
    assert len(list((site / "photos" / "2025-05-feria").iterdir())) == 5  # IMG_1's files only


def test_a_production_build_keeps_the_example_photos_for_the_next_preview(tmp_path):
    """Example reports are left out of a production build, but their cached variants stay:
    the next preview shows them without encoding them again."""
    root = make_site(tmp_path / "project")
    folder = make_report(root / "docs", "2025-04-ejemplo", {"a.jpg": upright((640, 480))}, date="2025-04-02")
    report = folder / "report.yml"
    report.write_text("example: true\n" + report.read_text(encoding="utf-8"), encoding="utf-8")
    for lang in ("es", "en"):
        page = root / "docs" / lang / "informes-fotograficos" / "2025-04-ejemplo.md"
        page.write_text(page.read_text(encoding="utf-8").replace("report:", "example: true\nreport:"),
                        encoding="utf-8")

    def run(examples: str):
        result = build(root, tmp_path / f"site-{examples}", PIONERAS_PHOTO_CACHE=str(root / "cache"),
                       PIONERAS_CARDS="off", PIONERAS_EXAMPLES=examples)
        assert result.returncode == 0, result.log[-3000:]
        return re.search(r"Fotos / photos: (\d+) publicadas / published, (\d+) procesadas", result.log).groups()

    assert run("always") == ("1", "1")          # the preview encodes the example photo
    assert run("never") == ("0", "0")           # production leaves it out...
    assert run("always") == ("1", "0")          # ...and the next preview finds it cached
