"""pioneras.stories on its own: posts, reading time, views, feeds, structured data."""
from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pioneras import stories as st

SITE = "https://example.org/repo/"
CATS = {"historia": {"es": "Historia del proyecto", "en": "Project history"},
        "alianzas": {"es": "Alianzas", "en": "Partners"}}
NS = {"atom": "http://www.w3.org/2005/Atom", "media": "http://search.yahoo.com/mrss/"}


def post(name="p", lang="es", day=1, **kw) -> st.Post:
    base = dict(name=name, lang=lang, title=f"Título {name}", date=dt.date(2026, 1, day),
                summary=f"Resumen {name}", categories=("historia",), cover="2025-05-feria/a.jpg",
                readtime=1)
    base.update(kw)
    return st.Post(**base)


def write(folder: Path, lang: str, name: str, front: str, body: str = "Texto.") -> Path:
    path = folder / "docs" / lang / "historias" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}\n---\n\n{body}\n", encoding="utf-8")
    return path


GOOD = ("title: Cómo empezó\ndate: 2026-11-28\nsummary: Un resumen.\n"
        "categories: [historia]\ncover: 2025-05-feria/a.jpg")


# ---------------------------------------------------------------- reading time

def test_reading_time_counts_body_words_only_and_rounds_up():
    words = " ".join(["palabra"] * 219)
    text = f"---\ntitle: {' '.join(['x'] * 500)}\n---\n\n{words}\n"
    assert st.word_count(text) == 219
    assert st.reading_time(text, "es") == 2          # 219 / 218 wpm, rounded up
    assert st.reading_time(text, "en") == 1          # 219 / 228 wpm
    assert st.reading_time("", "es") == 1            # never 0


def test_word_count_ignores_markup_but_keeps_link_text():
    md = "Un [enlace largo](https://x.org/a) y <span class=\"x\">html</span>.\n\n```\ncode code code\n```\n"
    assert st.word_count(md) == 5                    # Un enlace largo y html


# ---------------------------------------------------------------- reading posts

def test_a_good_post_is_read_with_its_language_and_path(tmp_path):
    path = write(tmp_path, "es", "como-empezo", GOOD + "\nauthors: [Rosa]\nexample: true")
    p, problems = st.read_post(path, "es", CATS)
    assert problems == []
    assert (p.name, p.lang, p.title, p.date, p.authors, p.example) == (
        "como-empezo", "es", "Cómo empezó", dt.date(2026, 11, 28), ("Rosa",), True)
    assert p.path == "historias/como-empezo/"
    assert p.url(SITE) == SITE + "historias/como-empezo/"
    assert post(lang="en").url(SITE) == SITE + "en/historias/p/"


@pytest.mark.parametrize("front, expected", [
    ("title: T\ndate: 2026-11-28\ncategories: [historia]\ncover: a/b.jpg", "summary"),
    ("title: T\nsummary: S\ncategories: [historia]\ncover: a/b.jpg", "date"),
    (GOOD + "\nauthors: [Rosa Pérez]", "sin apellidos"),
    (GOOD + "\nslug: otra", "nombre de su archivo"),
    (GOOD.replace("cover: 2025-05-feria/a.jpg", "cover: a.jpg"), "cover"),
    (GOOD + "\ncolor: rojo", "color"),
])
def test_a_bad_post_gives_one_plain_message_naming_the_file(tmp_path, front, expected):
    path = write(tmp_path, "es", "mala", front)
    p, problems = st.read_post(path, "es", CATS)
    assert p is None
    assert problems and all("mala.md" in line for line in problems)
    assert any(expected in line for line in problems), problems


def test_an_unknown_category_is_reported(tmp_path):
    path = write(tmp_path, "es", "x", GOOD.replace("[historia]", "[noticias]"))
    _, problems = st.read_post(path, "es", CATS)
    assert len(problems) == 1 and "noticias" in problems[0] and "data/stories.yml" in problems[0]


def test_load_reads_both_languages_and_skips_the_index(tmp_path):
    write(tmp_path, "es", "index", "title: Historias")
    write(tmp_path, "es", "a", GOOD)
    write(tmp_path, "en", "a", GOOD.replace("Cómo empezó", "How it began"))
    cats = tmp_path / "stories.yml"
    cats.write_text("categories:\n  historia: {es: Historia, en: History}\n", encoding="utf-8")
    stories = st.load(tmp_path / "docs", cats)
    assert stories.problems == []
    assert [p.title for p in stories.posts["es"]] == ["Cómo empezó"]
    assert [p.title for p in stories.posts["en"]] == ["How it began"]
    assert stories.translations(stories.posts["es"][0])["en"].title == "How it began"


def test_categories_need_a_name_in_both_languages(tmp_path):
    cats = tmp_path / "stories.yml"
    cats.write_text("categories:\n  historia: {es: Historia}\n", encoding="utf-8")
    found, problems = st.load_categories(cats)
    assert found == {} and "en" in problems[0]


def test_is_post_src():
    assert st.is_post_src("es/historias/a.md") == ("es", "a")
    assert st.is_post_src("en/historias/a.md") == ("en", "a")
    assert st.is_post_src("es/historias/index.md") is None
    assert st.is_post_src("es/historia.md") is None
    assert st.is_post_src("es/historias/sub/a.md") is None


# ---------------------------------------------------------------- views

def stories_of(*posts: st.Post) -> st.Stories:
    s = st.Stories(categories=CATS)
    for p in posts:
        s.posts[p.lang].append(p)
    return s


def test_lists_are_newest_first_with_pinned_posts_on_top():
    s = stories_of(post("old", day=1), post("new", day=20), post("pinned", day=2, pin=True),
                   post("draft", day=28, draft=True))
    assert [p.name for p in s.published("es")] == ["pinned", "new", "old"]


def test_pagination_archive_and_categories():
    s = stories_of(*[post(f"p{i}", day=i, date=dt.date(2025 + i % 2, 1, i),
                          categories=("historia",) if i % 2 else ("historia", "alianzas"))
                     for i in range(1, 6)])
    views = {v.path: v for v in st.views(s, "es", per_page=2)}
    assert set(views) == {
        "historias/", "historias/pagina/2/", "historias/pagina/3/",
        "historias/archivo/2026/", "historias/archivo/2026/pagina/2/", "historias/archivo/2025/",
        "historias/categoria/historia/", "historias/categoria/historia/pagina/2/",
        "historias/categoria/historia/pagina/3/", "historias/categoria/alianzas/"}
    first, last = views["historias/"], views["historias/pagina/3/"]
    assert (first.page, first.pages, first.newer, first.older) == (1, 3, None, "historias/pagina/2/")
    assert (last.newer, last.older) == ("historias/pagina/2/", None)
    assert not first.generated and last.generated
    assert [e.post.name for e in views["historias/archivo/2025/"].entries] == ["p4", "p2"]
    assert [e.post.name for e in views["historias/categoria/alianzas/"].entries] == ["p4", "p2"]
    assert views["historias/archivo/2025/"].title(s, "en") == "Stories from 2025"
    assert views["historias/categoria/alianzas/"].title(s, "es") == "Alianzas"
    assert views["historias/pagina/2/"].title(s, "es") == "Historias (página 2)"


def test_an_english_list_marks_untranslated_spanish_posts_and_not_the_reverse():
    s = stories_of(post("both", day=1), post("both", lang="en", day=1, title="Both"),
                   post("solo-es", day=2), post("solo-en", lang="en", day=3))
    en = [(e.post.name, e.post.lang, e.fallback) for e in s.shown_in("en")]
    assert en == [("solo-en", "en", False), ("solo-es", "es", True), ("both", "en", False)]
    es = [(e.post.name, e.fallback) for e in s.shown_in("es")]
    assert es == [("solo-es", False), ("both", False)]


def test_generated_markdown_has_front_matter_and_a_heading():
    s = stories_of(post())
    view = st.views(s, "es")[1]
    md = st.generated_markdown(view, s, "es", "blog-stories.html")
    meta, body = st.split_front_matter(md)
    assert meta["template"] == "blog-stories.html" and meta["search"] == {"exclude": True}
    assert body.strip() == f"# {meta['title']}"


def test_dates_and_reading_time_in_each_language():
    assert st.format_date(dt.date(2026, 11, 28), "es") == "28 de noviembre de 2026"
    assert st.format_date(dt.date(2026, 11, 28), "en") == "28 November 2026"
    assert st.readtime_label(1, "es") == "1 minuto de lectura"
    assert st.readtime_label(3, "en") == "3 min read"


# ---------------------------------------------------------------- feeds

COVER = {"2025-05-feria/a.jpg": st.CoverImage(SITE + "photos/2025-05-feria/abc-960.jpg", "image/jpeg",
                                                960, 640, 12345, "Una mesa con tejidos")}


def feed_posts():
    return [post("a", day=3, title="Tom & Jerry <script>", authors=("Rosa",), example=True),
            post("b", day=1, cover="2025-05-feria/retirada.jpg"),
            post("a", lang="en", day=3, title="English only title")]


def test_rss_is_valid_and_only_has_its_language():
    xml = st.rss(st.FeedInfo("es", SITE), feed_posts(), COVER, CATS)
    channel = ET.fromstring(xml).find("channel")
    for tag in ("title", "link", "description", "language", "lastBuildDate"):
        assert channel.findtext(tag), tag
    assert channel.find("atom:link", NS).get("href") == SITE + "historias/rss.xml"
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Tom & Jerry <script>", "Título b"]
    for item in items:
        assert item.findtext("link").startswith(SITE) and "/en/" not in item.findtext("link")
        assert item.findtext("guid") == item.findtext("link")
        assert item.findtext("pubDate").endswith("+0000")
    first = items[0]
    assert first.findtext("description").startswith("(Ejemplo) ")
    assert first.find("enclosure").attrib == {"url": COVER["2025-05-feria/a.jpg"].url,
                                              "length": "12345", "type": "image/jpeg"}
    assert first.find("media:content", NS).get("url") == COVER["2025-05-feria/a.jpg"].url
    assert [c.text for c in first.findall("category")] == ["Historia del proyecto"]
    assert "English only" not in xml


def test_atom_is_valid():
    xml = st.atom(st.FeedInfo("en", SITE), feed_posts(), COVER, CATS)
    feed = ET.fromstring(xml)
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    for tag in ("title", "id", "updated"):
        assert feed.findtext(f"atom:{tag}", namespaces=NS), tag
    entries = feed.findall("atom:entry", NS)
    assert [e.findtext("atom:title", namespaces=NS) for e in entries] == ["English only title"]
    entry = entries[0]
    for tag in ("id", "updated", "published", "summary"):
        assert entry.findtext(f"atom:{tag}", namespaces=NS), tag
    assert entry.find("atom:link[@rel='alternate']", NS).get("href") == SITE + "en/historias/a/"
    assert entry.find("atom:link[@rel='enclosure']", NS).get("href").startswith(SITE)


def test_json_feed_is_valid():
    data = json.loads(st.json_feed(st.FeedInfo("es", SITE), feed_posts(), COVER, CATS))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"] == SITE + "historias/feed.json"
    assert [i["id"] for i in data["items"]] == [SITE + "historias/a/", SITE + "historias/b/"]
    assert data["items"][0]["image"] == COVER["2025-05-feria/a.jpg"].url
    assert data["items"][0]["authors"] == [{"name": "Rosa"}]
    assert "image" not in data["items"][1]


def test_an_empty_feed_is_still_valid():
    xml = st.rss(st.FeedInfo("en", SITE), [], {}, CATS)
    assert ET.fromstring(xml).find("channel").findall("item") == []
    ET.fromstring(st.atom(st.FeedInfo("en", SITE), [], {}, CATS))


def test_feed_links_are_absolute_per_language():
    links = st.feed_links("en", SITE)
    assert [l["href"] for l in links] == [SITE + "en/historias/rss.xml", SITE + "en/historias/atom.xml",
                                          SITE + "en/historias/feed.json"]
    assert {l["type"] for l in links} == {"application/rss+xml", "application/atom+xml",
                                          "application/feed+json"}


# ---------------------------------------------------------------- structured data

def test_json_ld_cannot_close_its_script_element():
    text = st.json_ld({"headline": "</script><script>alert(1)</script>"})
    assert "</script" not in text and json.loads(text)["headline"].startswith("</script>")


def test_post_ld_and_organization_ld():
    p = post("a", authors=())
    en = post("a", lang="en")
    data = st.post_ld(p, SITE, CATS, [SITE + "x.png"], {"en": en})
    assert data["@type"] == "BlogPosting" and data["datePublished"] == "2026-01-01"
    assert data["author"][0]["@type"] == "Organization"       # no author: the organisation
    assert data["workTranslation"] == [{"@id": SITE + "en/historias/a/"}]
    assert st.post_ld(en, SITE, CATS, [], {"es": p})["translationOfWork"] == {"@id": SITE + "historias/a/"}
    org = st.organization_ld(SITE, "en", SITE + "logo.svg")
    types = {node["@type"] for node in org["@graph"]}
    assert types == {"WebSite", "Organization"}
