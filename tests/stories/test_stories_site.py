"""The built site: stories pages, feeds, share cards and the tags in every page's <head>.

Most tests read the session build of tests/conftest.py (the real project with its example
content, built once); the others build copies of the project (tests/conftest.py's
``copy_project``), each changed on purpose: many posts, hostile titles, an aged card cache.
"""
from __future__ import annotations

import functools
import json
import os
import re
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from PIL import Image

from htmltools import html_pages, page_lang, parse

from pioneras import stories as st
from pioneras.content import read_content
from pioneras.content.facts import FactsCache
from pioneras.project import Project
from sitebuild import ROOT, build, copy_project

SITE_URL = "https://idemnna.github.io/las-pioneras/"
LOCALE = {"es": "es_PE", "en": "en_GB"}
PREFIX = {"es": "", "en": "en/"}
ATOM = "{http://www.w3.org/2005/Atom}"
FEED_TYPES = {"application/rss+xml": "rss.xml", "application/atom+xml": "atom.xml",
              "application/feed+json": "feed.json"}
# Copies are built as the session's real site is: with the example content.
EXAMPLES = {"PIONERAS_EXAMPLES": "always"}


def stories_of(root: Path) -> st.Stories:
    """The stories as the build reads them (pioneras.content), examples included; the
    photos' facts are read afresh so the test never writes to a shared cache."""
    content = read_content(Project.from_mkdocs_yml(root), examples=True, facts=FactsCache(None))
    assert content.errors == [], [str(p) for p in content.errors]
    return content.stories


@functools.cache
def real_stories() -> st.Stories:
    return stories_of(ROOT)


def posts_in(lang: str) -> dict[str, str]:
    """name -> title of the published posts written in ``lang``."""
    return {p.name: p.title for p in real_stories().published(lang)}


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

def post_dirs(stories: st.Stories) -> set[str]:
    """Every post's folder name (a post is built in every language, translated or not)."""
    return {p.name for posts in stories.posts.values() for p in posts}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_list_archive_and_category_pages_exist_per_language(site, lang):
    stories = real_stories()
    base = site / PREFIX[lang]
    expected = {v.path for v in st.views(stories, lang)}
    assert any("/archivo/" in p for p in expected) and any("/categoria/" in p for p in expected)
    for path in expected:
        html = (base / path / "index.html").read_text(encoding="utf-8")
        assert "md-post--excerpt" in html, path
    built = {p.parent.relative_to(base).as_posix() + "/" for p in (base / "historias").rglob("index.html")
             if p.parent.name not in post_dirs(stories)}
    assert built == expected            # nothing dropped, nothing extra


def test_lists_are_newest_first(site):
    stories = real_stories()
    for lang in ("es", "en"):
        html = (site / PREFIX[lang] / "historias" / "index.html").read_text(encoding="utf-8")
        names = [e.post.name for e in stories.shown_in(lang)][:st.PER_PAGE]
        assert len(names) >= 2, lang
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
    examples = 0
    for lang, word in (("es", "Historia de ejemplo"), ("en", "Example story")):
        for post in real_stories().published(lang):
            html = (site / PREFIX[lang] / "historias" / post.name / "index.html").read_text(encoding="utf-8")
            assert (f'<p class="admonition-title">{word}</p>' in html) == post.example, post.src
            examples += post.example
    assert examples


# ---------------------------------------------------------------- the card cache

CARDS_LOG = re.compile(r"share cards \((\w+)\): \d+ pages, (\d+) drawn")
DAY = 86400


def drawn(log: str) -> dict[str, int]:
    return {lang: int(n) for lang, n in CARDS_LOG.findall(log)}


def age(path: Path, seconds: float) -> None:
    stamp = time.time() - seconds
    os.utime(path, (stamp, stamp))


def test_the_card_sweep_keeps_young_and_used_cards_and_runs_after_both_languages(project_copy, tmp_path):
    cache = tmp_path / "cards"
    first = build(project_copy, tmp_path / "one", PIONERAS_CARDS_CACHE=str(cache), **EXAMPLES)
    assert first.returncode == 0, first.log[-2000:]
    assert set(drawn(first.log)) == {"es", "en"} and all(drawn(first.log).values())
    # Every card the site uses is old: only being used by this build keeps it. The cards of
    # each language differ, so a sweep before the last language's cards were published
    # would delete (and then redraw) them.
    used = sorted(cache.glob("*.png"))
    for path in used:
        age(path, 3 * DAY)
    before = {p: p.stat().st_mtime_ns for p in used}
    stale = cache / ("0" * 32 + ".png")          # e.g. the card of a title edited last month
    stale.write_bytes(b"old")
    age(stale, 3 * DAY)
    young = cache / ("1" * 32 + ".png")          # another build sharing the cache drew it just now
    young.write_bytes(b"new")
    other = cache / "notes.txt"                  # only cards are touched
    other.write_text("x", encoding="utf-8")
    age(other, 3 * DAY)

    second = build(project_copy, tmp_path / "two", PIONERAS_CARDS_CACHE=str(cache), **EXAMPLES)
    assert second.returncode == 0, second.log[-2000:]
    assert drawn(second.log) == {"es": 0, "en": 0}, second.log[-2000:]
    assert not stale.exists()
    assert young.read_bytes() == b"new" and other.exists()
    assert {p: p.stat().st_mtime_ns for p in used} == before       # none swept, none redrawn
    assert "share cards: 1 unused cards removed" in second.log
    site_cards = lambda site: sorted(p.relative_to(site / "assets" / "cards")  # noqa: E731
                                     for p in (site / "assets" / "cards").rglob("*.png"))
    assert site_cards(tmp_path / "one") == site_cards(tmp_path / "two")
    assert {p.parts[0] for p in site_cards(tmp_path / "two")} == {"es", "en"}


# ---------------------------------------------------------------- a copy with many posts

EXTRA = st.PER_PAGE + 3
HOSTILE_TITLE = "*Mujeres* <b>unidas</b> \\ | [socias](https://x.org) & `código` #1"
HOSTILE_CATEGORY = "Alianzas | Socias <i>y</i> *redes* \\ fin"


class Elements(HTMLParser):
    """The text of every <tag> element, and the tags found inside it."""

    def __init__(self, tag: str):
        super().__init__(convert_charrefs=True)
        self.tag, self.depth, self.found = tag, 0, []

    def handle_starttag(self, tag, attrs):
        if tag == self.tag:
            self.depth += 1
            self.found.append(["", []])
        elif self.depth:
            self.found[-1][1].append(tag)

    def handle_endtag(self, tag):
        if tag == self.tag and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.found[-1][0] += data


def elements(page: Path, tag: str) -> list[tuple[str, list[str]]]:
    parser = Elements(tag)
    parser.feed(page.read_text(encoding="utf-8"))
    return [(" ".join(text.split()), inner) for text, inner in parser.found]


@pytest.fixture(scope="module")
def crowded(tmp_path_factory):
    """A copy of the project with 13 more posts per language (two years, two categories)
    and one post whose title and category name are full of Markdown and HTML."""
    tmp = tmp_path_factory.mktemp("crowded")
    project = copy_project(tmp / "project")
    for i in range(EXTRA):
        year = 2024 + i % 2
        for lang, title in (("es", f"Historia número {i}"), ("en", f"Story number {i}")):
            (project / "docs" / lang / "historias" / f"prueba-{i:02d}.md").write_text(
                f"---\ntitle: {title}\ndate: {year}-03-{i + 1:02d}\nsummary: Resumen {i}.\n"
                f"categories: [{'alianzas' if i % 3 == 0 else 'historia'}]\n"
                "cover: 2025-06-ejemplo-patrones/ejemplo-mosaico.jpg\n---\n\nTexto.\n", encoding="utf-8")
    categories = project / "data" / "stories.yml"
    data = yaml.safe_load(categories.read_text(encoding="utf-8"))
    data["categories"]["redes"] = {"es": HOSTILE_CATEGORY, "en": HOSTILE_CATEGORY}
    categories.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for lang in ("es", "en"):
        front = {"title": HOSTILE_TITLE, "date": "2023-07-01", "summary": "Un <i>resumen</i> *raro*.",
                 "categories": ["redes"], "cover": "2025-06-ejemplo-patrones/ejemplo-mosaico.jpg"}
        (project / "docs" / lang / "historias" / "rara.md").write_text(
            "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\nTexto.\n", encoding="utf-8")
    result = build(project, tmp / "site", **EXAMPLES)
    assert result.returncode == 0, result.log[-3000:]
    return project, tmp / "site", stories_of(project)


def test_pagination_archive_and_categories_with_many_posts_in_both_languages(crowded):
    project, site, stories = crowded
    for lang in ("es", "en"):
        base = site / PREFIX[lang]
        expected = {v.path for v in st.views(stories, lang)}
        assert "historias/pagina/2/" in expected and "historias/archivo/2024/" in expected
        built = {p.parent.relative_to(base).as_posix() + "/" for p in (base / "historias").rglob("index.html")
                 if p.parent.name not in post_dirs(stories)}
        assert built == expected, lang                    # none dropped, none duplicated
        shown = len(stories.shown_in(lang))
        assert shown > EXTRA > st.PER_PAGE          # the copy's posts, the examples and rara
        pages = -(-shown // st.PER_PAGE)
        for n in range(1, pages + 1):
            path = base / "historias" / ("" if n == 1 else f"pagina/{n}/") / "index.html"
            html = path.read_text(encoding="utf-8")
            assert html.count("md-post--excerpt") == min(st.PER_PAGE, shown - (n - 1) * st.PER_PAGE), path
            assert ('rel="next"' in html) == (n < pages) and ('rel="prev"' in html) == (n > 1)
        first = (base / "historias" / "index.html").read_text(encoding="utf-8")
        assert 'href="pagina/2/" rel="next"' in first
        sitemap = (base / "sitemap.xml").read_text(encoding="utf-8")
        assert f"<loc>{SITE_URL}{PREFIX[lang]}historias/pagina/2/</loc>" in sitemap
        items = ET.parse(base / "historias" / "rss.xml").getroot().find("channel").findall("item")
        assert len(items) == len(stories.published(lang))
    # the language switch of a generated page goes to the same page in the other language
    html = (site / "historias" / "archivo" / "2024" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../../en/historias/archivo/2024/" hreflang="en"' in html


@pytest.mark.parametrize("lang", ["es", "en"])
def test_markdown_and_html_in_a_title_or_category_name_show_as_text(crowded, lang):
    project, site, stories = crowded
    base = site / PREFIX[lang] / "historias"
    title = " ".join(HOSTILE_TITLE.split())
    category = " ".join(HOSTILE_CATEGORY.split())
    # The story's own page: its heading, <title>, share tags and structured data.
    page = base / "rara" / "index.html"
    assert elements(page, "h1") == [(title, [])]
    assert title in elements(page, "title")[0][0]
    assert meta(parse(page), property="og:title") == [HOSTILE_TITLE]
    assert ld(page)[0]["headline"] == HOSTILE_TITLE
    assert (category, []) in elements(page, "a")                 # its category, in the post's data
    # The category's generated page: heading and <title> say the name as it is written.
    listing = base / "categoria" / "redes" / "index.html"
    assert elements(listing, "h1") == [(category, [])]
    assert category in elements(listing, "title")[0][0]
    assert (title, []) in elements(listing, "a")                 # the story in the list
    assert ("Un <i>resumen</i> *raro*.", []) in elements(listing, "p")
    # Every list's sidebar names the category as text; no tag from the texts got through.
    for html in (base / "index.html", listing):
        assert (category, []) in elements(html, "a"), html
        assert "<b>unidas" not in html.read_text(encoding="utf-8")
        assert "<i>y</i>" not in html.read_text(encoding="utf-8")
    # The feeds carry the title as text too.
    items = ET.parse(base / "rss.xml").getroot().find("channel").findall("item")
    assert HOSTILE_TITLE in [i.findtext("title") for i in items]
    assert HOSTILE_CATEGORY in [c.text for i in items for c in i.findall("category")]
