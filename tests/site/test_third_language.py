"""A third language is configuration plus content: mkdocs.yml's i18n list, docs/fr/, words.

A small site with the project's real hooks and templates gets French beside Spanish and
English (minisite.py writes only configuration and content: the i18n language entry, the
pages, a ui.yml block and the texts of data files). Every language-aware part of the build
must follow: hreflang, one sitemap and one search index per language, the language switch,
the stories' feeds, the photo captions, the 404 page.
"""
from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET

import pytest

import files
from minisite import make_site, story, write
from sitebuild import build

LANGS = ("es", "en", "fr")
SITE_URL = "https://example.org/mini/"
REPORT = "2025-05-feria"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_site(tmp_path_factory.mktemp("fr") / "project", LANGS)
    files.jpeg(root / f"docs/photo-reports/{REPORT}/telas.jpg", size=(200, 150))
    write(root / f"docs/photo-reports/{REPORT}/report.yml", """\
        date: 2025-05-14
        photos:
          - file: telas.jpg
            consent: no-people
            es: {caption: Telas de colores, alt: Telas sobre una mesa}
            en: {caption: Colourful fabrics, alt: Fabrics on a table}
            fr: {caption: Tissus colorés, alt: Des tissus sur une table}
        """)
    for lang, title in zip(LANGS, ("Feria", "Fair", "Foire")):
        write(root / f"docs/{lang}/informes-fotograficos/{REPORT}.md",
              f"---\ntitle: {title}\nreport: {REPORT}\n---\n\n# {title}\n")
        story(root, lang, "una-historia", {"es": "Una historia", "en": "A story", "fr": "Une histoire"}[lang],
              f"{REPORT}/telas.jpg")
    result = build(root, root.parent / "site", PIONERAS_CARDS="off")
    yield result
    shutil.rmtree(root.parent, ignore_errors=True)


def test_the_strict_build_passes_with_three_languages(built):
    assert built.returncode == 0, built.log[-3000:]
    assert (built.site / "fr" / "index.html").is_file()


def test_hreflang_names_every_language_and_x_default(built):
    html = (built.site / "fr/historias/una-historia/index.html").read_text(encoding="utf-8")
    links = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html))
    assert links == {"es": SITE_URL + "historias/una-historia/", "en": SITE_URL + "en/historias/una-historia/",
                     "fr": SITE_URL + "fr/historias/una-historia/", "x-default": SITE_URL + "historias/una-historia/"}
    assert '<html lang="fr"' in html


@pytest.mark.parametrize("lang, prefix", [("es", ""), ("en", "en/"), ("fr", "fr/")])
def test_one_sitemap_and_one_search_index_per_language(built, lang, prefix):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ET.parse(built.site / prefix / "sitemap.xml").findall("s:url/s:loc", ns)]
    assert locs and all(loc.startswith(SITE_URL + prefix) for loc in locs)
    assert all(not loc.startswith(SITE_URL + other) for loc in locs for other in ("en/", "fr/") if other != prefix)
    index = json.loads((built.site / prefix / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == [lang]
    assert not any(d["location"].startswith(("en/", "fr/")) for d in index["docs"])
    assert f"Sitemap: {SITE_URL}{prefix}sitemap.xml" in (built.site / "robots.txt").read_text()


def test_the_language_switch_leads_to_the_same_page_in_each_language(built):
    html = (built.site / "fr/historias/una-historia/index.html").read_text(encoding="utf-8")
    switch = dict(re.findall(r'<a href="([^"]+)" hreflang="([a-z]+)" class="md-select__link"', html))
    assert {v: k for k, v in switch.items()} == {"es": "../../../historias/una-historia/",
                                                 "en": "../../../en/historias/una-historia/",
                                                 "fr": "./"}


def test_each_language_has_its_own_feeds(built):
    rss = ET.parse(built.site / "fr/historias/rss.xml").getroot()
    assert rss.find("channel/language").text == "fr-fr"
    assert [i.find("title").text for i in rss.findall("channel/item")] == ["Une histoire"]
    atom = (built.site / "fr/historias/atom.xml").read_text(encoding="utf-8")
    assert 'xml:lang="fr"' in atom and "Une histoire" in atom and "Una historia" not in atom
    assert json.loads((built.site / "fr/historias/feed.json").read_text(encoding="utf-8"))["language"] == "fr"


def test_captions_and_the_404_page_speak_the_language(built):
    gallery = (built.site / f"fr/informes-fotograficos/{REPORT}/index.html").read_text(encoding="utf-8")
    assert "<figcaption>Tissus colorés</figcaption>" in gallery and 'alt="Des tissus sur une table"' in gallery
    not_found = (built.site / "404.html").read_text(encoding="utf-8")
    assert 'lang="fr" data-root="/mini/fr/"' in not_found
