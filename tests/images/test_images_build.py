"""Integration: a tiny bilingual MkDocs site (Material + static-i18n + glightbox + the
hook) built with `mkdocs build --strict`, as CI does.  Slower than the unit tests."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .helpers import ROOT, entry, exif_bytes, make_report, save, upright

MKDOCS_YML = """\
site_name: Test
site_url: https://example.org/test/
docs_dir: docs
use_directory_urls: true
theme:
  name: material
  custom_dir: overrides
  language: es
  font: false
plugins:
  - search
  - i18n:
      docs_structure: folder
      fallback_to_default: true
      reconfigure_material: true
      languages:
        - {{locale: es, default: true, name: Español, build: true}}
        - {{locale: en, name: English, build: true}}
  - glightbox:
      manual: true
      auto_caption: false
hooks:
  - {hook}
nav:
  - Inicio: index.md
  - Informes: informes-fotograficos/index.md
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
validation:
  nav: {{omitted_files: warn, not_found: warn}}
  links: {{not_found: warn, anchors: warn, unrecognized_links: warn}}
"""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.fixture(scope="module")
def site_project(tmp_path_factory):
    root = tmp_path_factory.mktemp("mini")
    docs = root / "docs"
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(hook=ROOT / "hooks" / "photo_reports.py"))
    shutil.copytree(ROOT / "overrides", root / "overrides",
                    ignore=lambda d, names: [n for n in names if Path(d, n).is_file()
                                             and n not in ("photo-reports.html", "gallery-cards.html")])
    for lang, title in (("es", "Informes"), ("en", "Reports")):
        _write(docs / lang / "index.md", f"# Inicio {lang}\n")
        _write(docs / lang / "informes-fotograficos" / "index.md", f"""\
            ---
            title: {title}
            template: photo-reports.html
            ---
            # {title}

            Intro {lang}.
            """)
    folder = make_report(docs, "2025-05-feria", {"IMG_1.jpg": None, "cartel.png": None},
                         entries=entry("IMG_1.jpg") + "\n" + entry("cartel.png", consent="no-people"))
    save(folder / "IMG_1.jpg", upright((900, 600)), exif=exif_bytes(gps=True, camera=True, orientation=6))
    save(folder / "cartel.png", upright((500, 500)), "PNG")
    make_report(docs, "2025-03-taller", {"a.jpg": upright((640, 480))}, date="2025-03-02")
    _write(docs / "es" / "informes-fotograficos" / "2025-03-taller.md", """\
        ---
        title: Taller
        report: 2025-03-taller
        ---
        # Taller

        ![Foto del taller](../../photo-reports/2025-05-feria/cartel.png)

        <!-- gallery -->

        Texto después de la galería.
        """)
    return root


def _build(root: Path, site: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)], cwd=root,
        capture_output=True, text=True, timeout=300,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", PIONERAS_PHOTO_CACHE=str(root / "cache"), **env))


@pytest.fixture(scope="module")
def built(site_project):
    site = site_project / "site"
    first = _build(site_project, site)
    assert first.returncode == 0, first.stdout + first.stderr
    return site_project, site, first.stdout + first.stderr


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
        assert urls
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
    out = second.stdout + second.stderr
    assert second.returncode == 0, out
    assert "0 procesadas / processed, 0 archivos nuevos" in out, out
    assert sorted(p.name for p in (root / "site2" / "photos").rglob("*")) == \
        sorted(p.name for p in (site / "photos").rglob("*"))


def test_strict_build_fails_with_plain_messages(tmp_path, built):
    root = tmp_path / "bad"
    shutil.copytree(built[0], root, ignore=shutil.ignore_patterns("site*"))
    folder = root / "docs" / "photo-reports" / "2025-05-feria"
    (folder / "IMG_1.jpg").write_bytes(b"")
    (folder / "extra.jpg").write_bytes(b"text, not a photo")
    page = root / "docs" / "en" / "informes-fotograficos" / "2025-03-taller.md"
    page.write_text("---\nreport: 2025-03-taller\n---\n# T\n\n![](../../photo-reports/2025-03-taller/a.jpg)\n")
    result = _build(root, root / "site")
    out = result.stdout + result.stderr
    assert result.returncode != 0
    warnings = [line for line in out.splitlines() if line.startswith("WARNING")]
    assert any("IMG_1.jpg: el archivo está vacío" in w for w in warnings), out
    assert any("extra.jpg: el archivo está en la carpeta" in w for w in warnings), out
    assert any("2025-03-taller/a.jpg no tiene texto alternativo" in w for w in warnings), out
    assert "Traceback" not in out


def test_withdrawn_photo_disappears_from_pages_and_site(tmp_path, built):
    root = tmp_path / "withdrawn"
    shutil.copytree(built[0], root, ignore=shutil.ignore_patterns("site2"))  # site, cache and all
    assert list((root / "site" / "photos" / "2025-05-feria").iterdir())
    yml = root / "docs" / "photo-reports" / "2025-05-feria" / "report.yml"
    yml.write_text(yml.read_text().replace(entry("cartel.png", consent="no-people"),
                                           entry("cartel.png", consent="withdrawn")))
    result = _build(root, root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    site = root / "site"
    for page in ("informes-fotograficos/2025-05-feria/index.html", "en/informes-fotograficos/2025-05-feria/index.html",
                 "informes-fotograficos/2025-03-taller/index.html"):
        html = (site / page).read_text()
        assert "cartel" not in html and "Caption es of cartel" not in html and "Foto del taller" not in html
    assert len(list((site / "photos" / "2025-05-feria").iterdir())) == 5  # IMG_1's files only
