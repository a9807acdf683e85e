"""The built site as a whole: both languages, SEO files, 404 pages, links, no third party."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from htmltools import html_pages, page_lang, parse

SITE_URL = "https://idemnna.github.io/las-pioneras/"
SITE_PATH = "/las-pioneras/"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def content_pages(site: Path) -> list[Path]:
    return [p for p in html_pages(site) if p.name == "index.html"]


def test_strict_build_prints_no_warning(site_build):
    assert site_build.returncode == 0, site_build.log[-3000:]
    assert site_build.warnings == []


def test_every_page_exists_in_both_languages_or_says_it_is_untranslated(site):
    es = {p.relative_to(site) for p in content_pages(site) if page_lang(site, p) == "es"}
    en = {p.relative_to(site / "en") for p in content_pages(site) if page_lang(site, p) == "en"}
    assert len(es) >= 11
    assert es == en
    for rel in en:
        html = (site / "en" / rel).read_text(encoding="utf-8")
        if 'lang="es"' in html.split("<article", 1)[-1][:200]:
            assert "pioneras-untranslated" in html, rel


def test_html_lang_is_the_page_language(site):
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        lang = re.search(r'<html lang="([a-z]+)"', html).group(1)
        assert lang == page_lang(site, page), page


def test_hreflang_links_are_absolute_with_x_default(site):
    for page in content_pages(site):
        links = {a["hreflang"]: a["href"] for a in parse(page).find("link", rel="alternate") if a.get("hreflang")}
        assert set(links) >= {"es", "x-default"}, page
        assert all(h.startswith(SITE_URL) for h in links.values()), (page, links)
        assert links["x-default"] == links["es"]
        if "en" in links:
            assert links["en"] == links["es"].replace(SITE_URL, SITE_URL + "en/", 1)
        rel = page.relative_to(site).parent.as_posix()
        expected = SITE_URL + ("" if rel == "." else rel + "/")
        if page_lang(site, page) in links:       # an untranslated fallback has no hreflang of its own
            assert links[page_lang(site, page)] == expected


@pytest.mark.parametrize("lang", ["es", "en"])
def test_each_language_has_its_sitemap_with_alternates(site, lang):
    folder = site if lang == "es" else site / "en"
    tree = ET.parse(folder / "sitemap.xml")
    urls = tree.findall("s:url", SITEMAP_NS)
    assert len(urls) >= 11
    for url in urls:
        loc = url.find("s:loc", SITEMAP_NS).text
        assert loc.startswith(SITE_URL + ("en/" if lang == "en" else ""))
        alts = {l.get("hreflang"): l.get("href") for l in url.findall("x:link", SITEMAP_NS)}
        assert "x-default" in alts and alts[lang] == loc
    robots = (site / "robots.txt").read_text()
    assert f"Sitemap: {SITE_URL}en/sitemap.xml" in robots


def test_root_404_is_spanish_and_carries_english_text(site):
    html = (site / "404.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in html
    assert "Página no encontrada" in html and "Page not found" in html
    assert 'data-root="/las-pioneras/en/"' in html and 'data-root="/las-pioneras/"' in html
    assert '<html lang="en"' in (site / "en" / "404.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_search_index_holds_only_its_language(site, lang):
    folder = site if lang == "es" else site / "en"
    index = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == [lang]
    assert index["docs"], "empty index"
    assert not any(d["location"].startswith("en/") for d in index["docs"])
    titles = " ".join(d["title"] for d in index["docs"])
    assert ("Donar" in titles) == (lang == "es") and ("Donate" in titles) == (lang == "en")


def test_english_pages_point_search_at_the_english_index(site):
    html = (site / "en" / "donar" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'"base": "\.\./\.\./en/"', html)


def test_language_switch_links_to_the_same_page(site):
    for lang, page, other in [("es", site / "donar/index.html", "../en/donar/"),
                              ("en", site / "en/donar/index.html", "../../donar/")]:
        links = {a["hreflang"]: a["href"] for a in parse(page).find("a") if "md-select__link" in (a.get("class") or "")}
        assert links[{"es": "en", "en": "es"}[lang]] == other


def test_every_page_switches_to_itself_in_the_other_language(site):
    """The switch of every page (a fallback page included) leads to the same page in the
    other language; the browser suite presses it with the keyboard on one page of each kind."""
    checked = 0
    for page in content_pages(site):
        rel = page.parent.relative_to(site).as_posix()
        rel = "" if rel == "." else rel + "/"
        lang = "en" if rel.startswith("en/") else "es"
        other, target = ("es", rel[3:]) if lang == "en" else ("en", "en/" + rel)
        links = {a["hreflang"]: a["href"] for a in parse(page).find("a") if "md-select__link" in (a.get("class") or "")}
        assert other in links, f"{rel}: no switch to {other}"
        landed = urljoin(f"https://x.test{SITE_PATH}{rel}", links[other])
        assert landed == f"https://x.test{SITE_PATH}{target}", f"{rel}: the switch leads to {links[other]}"
        checked += 1
    assert checked >= 30


def test_material_switch_does_not_fetch_per_page_sitemaps(site):
    bundle = next((site / "assets" / "javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")
    assert 'M("link[rel=alternate][data-md-switch]")' in bundle
    assert 'M("link[rel=alternate]")' not in bundle


def _local_targets(site: Path, page: Path):
    tags = parse(page)
    base = "http://site" + "/" + str(page.relative_to(site).as_posix())
    for tag, attrs in tags.tags:
        for attr in ("href", "src"):
            value = attrs.get(attr)
            if not value or tag in ("link",) and attrs.get("rel") in ("canonical", "alternate"):
                continue
            url = urlsplit(urljoin(base, value))
            if url.scheme in ("http", "https") and url.netloc == "site":
                yield value, url.path
        for part in (attrs.get("srcset") or "").split(","):
            if part.strip():
                url = urlsplit(urljoin(base, part.split()[0]))
                if url.netloc == "site":
                    yield part.strip(), url.path


def test_every_internal_link_and_asset_resolves(site):
    broken = []
    for page in html_pages(site):
        if page.name == "404.html":
            continue   # served at any depth: its links are absolute to the published path
        for value, path in _local_targets(site, page):
            path = path.removeprefix(SITE_PATH)   # links absolute to the published path
            target = site / unquote(path).lstrip("/")
            if path.endswith("/") or not path:
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {value}")
    assert broken == []


RESOURCE = re.compile(r"""(?:src|srcset|poster)=["']\s*(https?:)?//|<link[^>]*rel=["'](?:stylesheet|preload|preconnect|dns-prefetch|modulepreload|icon)["'][^>]*href=["'](?:https?:)?//""", re.I)
CSS_URL = re.compile(r"""url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:url\()?["']?(?:https?:)?//""", re.I)


def test_no_third_party_resource_in_html_or_css(site):
    offenders = []
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        offenders += [f"{page.relative_to(site)}: {m.group(0)}" for m in RESOURCE.finditer(html)]
        offenders += [f"{page.relative_to(site)}: {m.group(0)}" for m in CSS_URL.finditer(html)]
    for css in site.rglob("*.css"):
        offenders += [f"{css.relative_to(site)}: {m.group(0)}" for m in CSS_URL.finditer(css.read_text(encoding="utf-8"))]
    assert offenders == []
    assert "fonts.googleapis" not in "".join(p.read_text(encoding="utf-8") for p in html_pages(site))


# Facts from ../shared/notes/content.md that each language's pages must carry.
FACTS = ["IDEMNNA", "María Elena Moyano", "Las Pioneras", "Villa El Sol", "Jicamarca", "EcoSolidar",
         "2017", "2018", "2021", "Carmen Susana Velásquez López", "1958", "1992", "Fokus Frauen"]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_names_places_and_years_appear_in_both_languages(site, lang):
    pages = [p for p in content_pages(site) if page_lang(site, p) == lang]
    text = " ".join(" ".join(parse(p).text) for p in pages)
    missing = [fact for fact in FACTS if fact not in text]
    assert missing == []


def test_donate_page_shows_only_known_routes_and_the_log_lists_the_rest(site, site_build):
    # Missing bank details are not shown as a list of placeholders (issue 11): the page gives
    # the one known route, and every build still lists what is missing.
    for lang, path in (("es", site / "donar" / "index.html"), ("en", site / "en" / "donar" / "index.html")):
        html = path.read_text(encoding="utf-8")
        assert "por confirmar" not in html and "to be confirmed" not in html, lang
        assert "https://www.ecosolidar.ch/en/las-pioneras-for-a-better-life/" in html, lang
    line = next(l for l in site_build.log.splitlines() if l.startswith("INFO    -  data/donation.yml"))
    assert "por confirmar (" in line and "iban" in line and "to be confirmed (" in line


def test_contact_and_privacy_always_give_a_route_to_write(site):
    for rel in ("contacto", "privacidad", "en/contacto", "en/privacidad"):
        html = (site / rel / "index.html").read_text(encoding="utf-8")
        assert "por confirmar" not in html and "to be confirmed" not in html, rel
        assert "https://www.ecosolidar.ch/en/las-pioneras-for-a-better-life/" in html or "mailto:" in html, rel


def test_every_page_offers_a_way_to_donate(site):
    for page in content_pages(site):
        if "/voluntariado/" in page.as_posix():      # volunteers' tools: no donate banner
            continue
        html = page.read_text(encoding="utf-8")
        button = any("md-button--primary" in tag and re.search(r'href="[^"]*donar/"', tag)
                     for tag in re.findall(r"<a\b[^>]*>", html))
        assert "pioneras-donate-bar" in html or "/donar/" in str(page) or button, page
