"""The built site: stories pages, feeds, share cards and the tags in every page's <head>.

Uses the session build of tests/conftest.py (the real project, built once).
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from htmltools import html_pages, page_lang, parse

from sitebuild import ROOT, build

SITE_URL = "https://idemnna.github.io/las-pioneras/"
LOCALE = {"es": "es_PE", "en": "en_GB"}
PREFIX = {"es": "", "en": "en/"}
ATOM = "{http://www.w3.org/2005/Atom}"
FEED_TYPES = {"application/rss+xml": "rss.xml", "application/atom+xml": "atom.xml",
              "application/feed+json": "feed.json"}


def posts_in(lang: str) -> dict[str, str]:
    """name -> title of the posts written in ``lang`` (from the sources)."""
    out = {}
    for path in sorted((ROOT / "docs" / lang / "historias").glob("*.md")):
        if path.name != "index.md":
            out[path.stem] = re.search(r"^title:\s*\"?(.*?)\"?\s*$", path.read_text(encoding="utf-8"), re.M).group(1)
    return out


def meta(tags, **attrs) -> list[str]:
    """content of each <meta> with these attributes (``name`` cannot go through Tags.find)."""
    return [a.get("content") for t, a in tags.tags
            if t == "meta" and all(a.get(k) == v for k, v in attrs.items())]


def local(site: Path, url: str) -> Path:
    assert url.startswith(SITE_URL), url
    rel = url[len(SITE_URL):]
    return site / rel / "index.html" if rel.endswith("/") or rel == "" else site / rel


# ---------------------------------------------------------------- feeds

@pytest.mark.parametrize("lang", ["es", "en"])
def test_rss_feed_is_valid_absolute_and_in_one_language(site, lang):
    channel = ET.parse(site / PREFIX[lang] / "historias" / "rss.xml").getroot().find("channel")
    for tag in ("title", "link", "description", "language", "lastBuildDate"):
        assert channel.findtext(tag), tag
    assert channel.findtext("language").startswith(lang)
    items = channel.findall("item")
    assert len(items) == len(posts_in(lang)) >= 1
    other = "en" if lang == "es" else "es"
    titles = {i.findtext("title") for i in items}
    assert titles == set(posts_in(lang).values())
    assert not titles & (set(posts_in(other).values()) - set(posts_in(lang).values()))
    for item in items:
        link = item.findtext("link")
        assert link.startswith(SITE_URL + PREFIX[lang] + "historias/")
        assert (lang == "en") == link.startswith(SITE_URL + "en/")
        assert local(site, link).is_file()
        assert item.findtext("guid") == link and item.findtext("pubDate")
        enclosure = item.find("enclosure")
        if enclosure is not None:                       # the cover, once the photo pipeline serves it
            assert local(site, enclosure.get("url")).is_file()
            assert int(enclosure.get("length")) == local(site, enclosure.get("url")).stat().st_size


@pytest.mark.parametrize("lang", ["es", "en"])
def test_atom_and_json_feeds_match_the_rss_feed(site, lang):
    folder = site / PREFIX[lang] / "historias"
    rss_links = [i.findtext("link") for i in ET.parse(folder / "rss.xml").getroot().iter("item")]
    atom = ET.parse(folder / "atom.xml").getroot()
    assert atom.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    for tag in ("title", "id", "updated"):
        assert atom.findtext(ATOM + tag), tag
    entries = atom.findall(ATOM + "entry")
    assert [e.find(ATOM + "link").get("href") for e in entries] == rss_links
    for e in entries:
        assert e.findtext(ATOM + "id").startswith(SITE_URL) and e.findtext(ATOM + "updated")
    data = json.loads((folder / "feed.json").read_text(encoding="utf-8"))
    assert data["version"] == "https://jsonfeed.org/version/1.1" and data["language"] == lang
    assert data["feed_url"] == SITE_URL + PREFIX[lang] + "historias/feed.json"
    assert [i["url"] for i in data["items"]] == rss_links


def test_every_page_links_to_its_own_language_feeds(site):
    for page in html_pages(site):
        lang = page_lang(site, page)
        links = {a["type"]: a["href"] for a in parse(page).find("link", rel="alternate") if a.get("type")}
        assert links == {t: SITE_URL + PREFIX[lang] + "historias/" + f for t, f in FEED_TYPES.items()}, page
        for href in links.values():
            assert local(site, href).is_file()


def test_feed_links_do_not_make_materials_switch_fetch_sitemaps(site):
    # Material's bundle fetched sitemap.xml next to every link[rel=alternate];
    # hooks/i18n_fixes.py narrows its selector to links with data-md-switch.
    bundle = next((site / "assets" / "javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")
    assert 'M("link[rel=alternate]")' not in bundle
    assert "link[rel=alternate][data-md-switch]" in bundle
    html = (site / "historias" / "index.html").read_text(encoding="utf-8")
    assert "data-md-switch" not in html


# ---------------------------------------------------------------- share tags and cards

def test_every_page_has_share_tags_with_absolute_urls_and_a_card(site):
    seen_cards = set()
    for page in html_pages(site):
        tags, lang = parse(page), page_lang(site, page)
        rel = page.relative_to(site).as_posix()
        for prop in ("og:title", "og:description", "og:image", "og:type", "og:locale", "og:site_name",
                     "og:image:alt"):
            assert meta(tags, property=prop) and all(meta(tags, property=prop)), (rel, prop)
        for name in ("twitter:card", "twitter:title", "twitter:description", "twitter:image"):
            assert meta(tags, name=name) and all(meta(tags, name=name)), (rel, name)
        assert meta(tags, property="og:locale") == [LOCALE[lang]], rel
        hreflang = {a["hreflang"] for a in tags.find("link", rel="alternate") if a.get("hreflang")}
        others = {LOCALE[l] for l in ("es", "en") if l in hreflang and l != lang}
        assert set(meta(tags, property="og:locale:alternate")) == others, rel
        image = meta(tags, property="og:image")[0]
        assert image.startswith(SITE_URL + "assets/cards/" + lang + "/") and image.endswith(".png"), rel
        assert meta(tags, name="twitter:image") == [image]
        assert meta(tags, name="twitter:card") == ["summary_large_image"]
        if not rel.endswith("404.html"):
            url = meta(tags, property="og:url")
            assert url and url[0].startswith(SITE_URL), rel
            canonical = tags.find("link", rel="canonical")
            assert canonical and canonical[0]["href"] == url[0], rel
        seen_cards.add(image)
    for image in seen_cards:
        with Image.open(local(site, image)) as img:
            assert img.size == (1200, 630) and img.format == "PNG", image


def test_posts_are_articles_and_other_pages_websites(site):
    for lang in ("es", "en"):
        for name in posts_in(lang):
            tags = parse(site / PREFIX[lang] / "historias" / name / "index.html")
            assert meta(tags, property="og:type") == ["article"]
            assert meta(tags, property="article:published_time")
        tags = parse(site / PREFIX[lang] / "index.html")
        assert meta(tags, property="og:type") == ["website"]


def test_cards_differ_per_language(site):
    es = meta(parse(site / "historias" / "index.html"), property="og:image")[0]
    en = meta(parse(site / "en" / "historias" / "index.html"), property="og:image")[0]
    assert es != en and "/es/" in es and "/en/" in en


def ld(page: Path) -> list[dict]:
    html = page.read_text(encoding="utf-8")
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def test_structured_data_on_home_and_posts(site):
    for lang in ("es", "en"):
        (home,) = ld(site / PREFIX[lang] / "index.html")
        assert {n["@type"] for n in home["@graph"]} == {"WebSite", "Organization"}
        for name, title in posts_in(lang).items():
            (data,) = ld(site / PREFIX[lang] / "historias" / name / "index.html")
            assert data["@type"] == "BlogPosting" and data["headline"] == title
            assert data["inLanguage"] == lang
            assert all(u.startswith(SITE_URL) for u in data["image"])
    assert ld(site / "donar" / "index.html") == []


# ---------------------------------------------------------------- the section itself

@pytest.mark.parametrize("lang", ["es", "en"])
def test_list_archive_and_category_pages_exist_per_language(site, lang):
    from pioneras import stories as st
    stories = st.load(ROOT / "docs", ROOT / "data" / "stories.yml")
    base = site / PREFIX[lang]
    expected = {v.path for v in st.views(stories, lang)}
    assert any("/archivo/" in p for p in expected) and any("/categoria/" in p for p in expected)
    for path in expected:
        html = (base / path / "index.html").read_text(encoding="utf-8")
        assert "md-post--excerpt" in html, path
    built = {p.parent.relative_to(base).as_posix() + "/" for p in (base / "historias").rglob("index.html")
             if p.parent.name not in posts_in(lang)}
    assert built == expected            # nothing dropped, nothing extra


def test_lists_are_newest_first(site):
    from pioneras import stories as st
    stories = st.load(ROOT / "docs", ROOT / "data" / "stories.yml")
    for lang in ("es", "en"):
        html = (site / PREFIX[lang] / "historias" / "index.html").read_text(encoding="utf-8")
        names = [e.post.name for e in stories.shown_in(lang)][:st.PER_PAGE]
        positions = [html.index(f'<h2><a href="{n}/">') if f'<h2><a href="{n}/">' in html
                     else html.index(f'href="{n}/"') for n in names]
        assert positions == sorted(positions)


def test_a_post_links_to_its_translation_and_the_switch_goes_there(site):
    for name in set(posts_in("es")) & set(posts_in("en")):
        es = (site / "historias" / name / "index.html").read_text(encoding="utf-8")
        en = (site / "en" / "historias" / name / "index.html").read_text(encoding="utf-8")
        assert f'href="../../en/historias/{name}/" hreflang="en" lang="en"' in es
        assert f'href="../../../historias/{name}/" hreflang="es" lang="es"' in en
        assert f'<a href="../../en/historias/{name}/" hreflang="en" class="md-select__link">' in es


def test_example_posts_say_so(site):
    for lang, word in (("es", "Historia de ejemplo"), ("en", "Example story")):
        for name in posts_in(lang):
            src = (ROOT / "docs" / lang / "historias" / f"{name}.md").read_text(encoding="utf-8")
            html = (site / PREFIX[lang] / "historias" / name / "index.html").read_text(encoding="utf-8")
            if re.search(r"^example:\s*true", src, re.M):
                assert f'<p class="admonition-title">{word}</p>' in html


# ---------------------------------------------------------------- the card cache

def test_an_unchanged_rebuild_draws_no_card_and_sweeps_unused_ones(tmp_path):
    cache = tmp_path / "cards"
    first = build(ROOT, tmp_path / "one", PIONERAS_CARDS_CACHE=str(cache))
    assert first.returncode == 0, first.log[-2000:]
    drawn = [int(n) for n in re.findall(r"share cards \(\w+\): \d+ pages, (\d+) drawn", first.log)]
    assert len(drawn) == 2 and sum(drawn) > 0
    files = {p: p.stat().st_mtime_ns for p in cache.iterdir()}
    stale = cache / ("0" * 32 + ".png")                  # e.g. the card of an old title
    stale.write_bytes(b"old")
    second = build(ROOT, tmp_path / "two", PIONERAS_CARDS_CACHE=str(cache))
    assert second.returncode == 0, second.log[-2000:]
    assert re.findall(r"share cards \(\w+\): \d+ pages, (\d+) drawn", second.log) == ["0", "0"]
    assert {p: p.stat().st_mtime_ns for p in cache.iterdir()} == files     # stale card swept
    cards_one = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one" / "assets" / "cards").rglob("*.png"))
    cards_two = sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two" / "assets" / "cards").rglob("*.png"))
    assert cards_one == cards_two


# ---------------------------------------------------------------- many posts: pagination

def test_pagination_archive_and_categories_with_many_posts_in_both_languages(tmp_path):
    import shutil
    from pioneras import stories as st
    project = tmp_path / "project"
    project.mkdir()
    for part in ("mkdocs.yml", "docs", "data", "hooks", "overrides", "archetypes", "assets"):
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, project / part)
        elif src.exists():
            shutil.copy2(src, project / part)
    photos = ROOT / ".cache" / "photos"
    if photos.is_dir():                                   # warm, but never touch the real cache
        shutil.copytree(photos, tmp_path / "photos")
    count = st.PER_PAGE + 3
    for i in range(count):
        year = 2024 + i % 2
        for lang, title in (("es", f"Historia número {i}"), ("en", f"Story number {i}")):
            (project / "docs" / lang / "historias" / f"prueba-{i:02d}.md").write_text(
                f"---\ntitle: {title}\ndate: {year}-03-{i + 1:02d}\nsummary: Resumen {i}.\n"
                f"categories: [{'alianzas' if i % 3 == 0 else 'historia'}]\n"
                "cover: 2025-06-ejemplo-patrones/ejemplo-mosaico.jpg\n---\n\nTexto.\n", encoding="utf-8")
    result = build(project, tmp_path / "site", PIONERAS_CARDS_CACHE=str(tmp_path / "cards"),
                   PIONERAS_PHOTO_CACHE=str(tmp_path / "photos"))
    assert result.returncode == 0, result.log[-3000:]
    site = tmp_path / "site"
    stories = st.load(project / "docs", project / "data" / "stories.yml")
    for lang in ("es", "en"):
        base = site / PREFIX[lang]
        expected = {v.path for v in st.views(stories, lang)}
        assert "historias/pagina/2/" in expected and "historias/archivo/2024/" in expected
        built = {p.parent.relative_to(base).as_posix() + "/" for p in (base / "historias").rglob("index.html")
                 if not p.parent.name.startswith(("prueba-", "como-", "2018-"))}
        assert built == expected, lang                    # none dropped, none duplicated
        first = (base / "historias" / "index.html").read_text(encoding="utf-8")
        second = (base / "historias" / "pagina" / "2" / "index.html").read_text(encoding="utf-8")
        assert first.count("md-post--excerpt") == st.PER_PAGE
        assert second.count("md-post--excerpt") == len(stories.shown_in(lang)) - st.PER_PAGE
        assert 'href="pagina/2/" rel="next"' in first and 'rel="prev"' in second
        sitemap = (base / "sitemap.xml").read_text(encoding="utf-8")
        assert f"<loc>{SITE_URL}{PREFIX[lang]}historias/pagina/2/</loc>" in sitemap
        items = ET.parse(base / "historias" / "rss.xml").getroot().find("channel").findall("item")
        assert len(items) == len(stories.published(lang))
    # the language switch of a generated page goes to the same page in the other language
    html = (site / "historias" / "archivo" / "2024" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../../en/historias/archivo/2024/" hreflang="en"' in html
