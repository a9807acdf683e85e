"""pioneras.stories on its own, and the story pages as pioneras.content reads them:
posts, reading time, views, feeds, structured data."""
from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import markdown
import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.yaml import yaml_load

from pioneras import stories as st
from pioneras.content.data import read_data
from pioneras.content.pages import is_story, read_page
from pioneras.content.stories import DEFAULT_WORDS_PER_MINUTE, read_stories
from pioneras.project import Project
from pioneras.stories import posts as posts_module

from sitebuild import ROOT

SITE = "https://example.org/repo/"
LANGS = ("es", "en")
PREFIX = {"es": "", "en": "en/"}
TODAY = dt.date(2026, 12, 7)
CONTEXT = {"languages": LANGS, "today": TODAY}
CATS = {"historia": {"es": "Historia del proyecto", "en": "Project history"},
        "alianzas": {"es": "Alianzas", "en": "Partners"}}
WORDS = {"es": {"reading_wpm": 218}, "en": {"reading_wpm": 228}}
# The words the functions take (data/ui.yml's stories: block); written here so the tests
# do not change when volunteers reword the site.
LABELS = {
    "es": {"section": "Historias", "page": "página", "archive_title": "Historias de {year}",
           "archive_description": "Historias de {year}.", "category_description": "Historias: {category}.",
           "feed_title": "Las Pioneras: historias", "feed_description": "Historias del proyecto.",
           "feed_example": "(Ejemplo) ", "readtime_one": "1 minuto de lectura",
           "readtime_other": "# minutos de lectura"},
    "en": {"section": "Stories", "page": "page", "archive_title": "Stories from {year}",
           "archive_description": "Stories from {year}.", "category_description": "Stories: {category}.",
           "feed_title": "Las Pioneras: stories", "feed_description": "Stories of the project.",
           "feed_example": "(Example) ", "readtime_one": "1 min read", "readtime_other": "# min read"},
}
LOCALE = {"es": "es_PE", "en": "en_GB"}
NS = {"atom": "http://www.w3.org/2005/Atom", "media": "http://search.yahoo.com/mrss/"}


def post(name="p", lang="es", day=1, **kw) -> st.Post:
    base = dict(name=name, lang=lang, prefix=PREFIX[lang], title=f"Título {name}", date=dt.date(2026, 1, day),
                summary=f"Resumen {name}", categories=("historia",), cover="2025-05-feria/a.jpg",
                readtime=1)
    base.update(kw)
    return st.Post(**base)


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(tmp_path, tmp_path / "docs", LANGS)


def write(project: Project, lang: str, name: str, front: str, body: str = "Texto.") -> str:
    """A story file as a volunteer writes it; returns its path relative to docs/."""
    src = f"{lang}/historias/{name}.md"
    path = project.docs / src
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}\n---\n\n{body}\n", encoding="utf-8")
    return src


def read(project: Project, *srcs: str, categories=CATS, words=WORDS):
    """What pioneras.content does with story files: read each page, then the section."""
    pages = {src: read_page(project, src, project.docs / src, CONTEXT) for src in srcs}
    stories, found = read_stories(project, pages, categories, words)
    return stories, [p for page in pages.values() for p in page.problems] + found


GOOD = ("title: Cómo empezó\ndate: 2026-11-28\nsummary: Un resumen.\n"
        "categories: [historia]\ncover: 2025-05-feria/a.jpg")


# ---------------------------------------------------------------- reading time

def test_reading_time_counts_body_words_only_and_rounds_up(project):
    words = " ".join(["palabra"] * 219)
    title = " ".join(["x"] * 99)                    # front matter words are not counted
    es = write(project, "es", "larga", GOOD.replace("Cómo empezó", title), words)
    en = write(project, "en", "larga", GOOD.replace("Cómo empezó", title), words)
    stories, problems = read(project, es, en)
    assert problems == []
    assert stories.post("es", "larga").readtime == 2          # 219 / 218 wpm, rounded up
    assert stories.post("en", "larga").readtime == 1          # 219 / 228 wpm
    assert st.reading_time(words, 218) == 2 and st.reading_time(words, 228) == 1
    assert st.reading_time("", 218) == 1                      # never 0


def test_reading_speed_defaults_and_readtime_in_front_matter_wins(project):
    words = " ".join(["palabra"] * (DEFAULT_WORDS_PER_MINUTE + 1))
    a = write(project, "es", "a", GOOD, words)
    b = write(project, "es", "b", GOOD + "\nreadtime: 7", words)
    stories, problems = read(project, a, b, words={})          # ui.yml without reading_wpm
    assert problems == []
    assert (stories.post("es", "a").readtime, stories.post("es", "b").readtime) == (2, 7)


def test_word_count_ignores_markup_but_keeps_link_text():
    md = "Un [enlace largo](https://x.org/a) y <span class=\"x\">html</span>.\n\n```\ncode code code\n```\n"
    assert st.word_count(md) == 5                    # Un enlace largo y html


# ---------------------------------------------------------------- reading posts

def test_a_good_post_is_read_with_its_language_and_path(project):
    src = write(project, "es", "como-empezo", GOOD + "\nauthors: [Rosa]\nexample: true")
    stories, problems = read(project, src)
    assert problems == []
    (p,) = stories.posts["es"]
    assert (p.name, p.lang, p.prefix, p.title, p.date, p.authors, p.example, p.src) == (
        "como-empezo", "es", "", "Cómo empezó", dt.date(2026, 11, 28), ("Rosa",), True,
        "docs/es/historias/como-empezo.md")
    assert (p.summary, p.categories, p.cover, p.draft, p.pin) == (
        "Un resumen.", ("historia",), "2025-05-feria/a.jpg", False, False)
    assert p.path == "historias/como-empezo/"
    assert p.url(SITE) == SITE + "historias/como-empezo/"
    assert post(lang="en").url(SITE) == SITE + "en/historias/p/"
    assert stories.posts["en"] == []


@pytest.mark.parametrize("front, code, line", [
    ("title: T\ndate: 2026-11-28\ncategories: [historia]\ncover: 2025-05-feria/a.jpg", "schema.missing", 2),
    ("title: T\nsummary: S\ncategories: [historia]\ncover: 2025-05-feria/a.jpg", "schema.missing", 2),
    (GOOD.replace("2026-11-28", "2026-11-28 10:00"), "schema.date-with-time", 3),
    (GOOD.replace("2026-11-28", "2027-03-01"), "schema.date-future", 3),
    (GOOD.replace("2026-11-28", "28/11/2026"), "schema.date", 3),
    (GOOD + "\nauthors: [Rosa Pérez]", "schema.author-name", 7),
    (GOOD + "\nslug: otra", "schema.unknown-field", 7),
    (GOOD.replace("cover: 2025-05-feria/a.jpg", "cover: a.jpg"), "schema.photo-reference", 6),
    (GOOD.replace("[historia]", "[]"), "schema.empty-list", 5),
    (GOOD + "\nautors: [Rosa]", "schema.unknown-field-close", 7),
], ids=["summary", "date", "time", "future", "date-format", "surname", "slug", "cover", "no-category",
        "typo"])
def test_a_bad_post_gives_plain_problems_at_its_file_and_line(project, front, code, line):
    src = write(project, "es", "mala", front)
    stories, problems = read(project, src)
    assert stories.posts["es"] == []                 # not published half-read
    assert [(p.path, p.line, p.code) for p in problems] == [("docs/es/historias/mala.md", line, code)]
    assert problems[0].is_error and str(problems[0]).startswith(f"docs/es/historias/mala.md:{line}: ")


def test_a_missing_field_and_a_surname_are_named_in_both_languages(project):
    src = write(project, "es", "mala", GOOD.replace("summary: Un resumen.\n", "") + "\nauthors: [Rosa Pérez]")
    _, problems = read(project, src)
    by_code = {p.code: p for p in problems}
    assert set(by_code) == {"schema.missing", "schema.author-name"}     # every mistake in one run
    assert "«summary»" in by_code["schema.missing"].es and "'summary'" in by_code["schema.missing"].en
    assert "sin apellidos" in by_code["schema.author-name"].es
    assert "no surname" in by_code["schema.author-name"].en


def test_a_story_without_front_matter_is_one_problem(project):
    path = project.docs / "es" / "historias" / "sin.md"
    path.parent.mkdir(parents=True)
    path.write_text("# Sin encabezado\n\nTexto.\n", encoding="utf-8")
    stories, problems = read(project, "es/historias/sin.md")
    assert stories.posts["es"] == []
    assert [(p.line, p.code) for p in problems] == [(1, "pages.story-without-front-matter")]


def test_an_unknown_category_is_reported_at_its_line(project):
    src = write(project, "es", "x", GOOD.replace("[historia]", "[noticias]"))
    _, problems = read(project, src)
    assert [(p.path, p.line, p.code) for p in problems] == [("docs/es/historias/x.md", 5, "stories.unknown-category")]
    text = str(problems[0])
    assert "noticias" in text and "data/stories.yml" in text and "alianzas, historia" in text


def test_both_languages_are_read_and_the_index_is_no_story(project):
    index = "es/historias/index.md"
    (project.docs / "es" / "historias").mkdir(parents=True)
    (project.docs / index).write_text("---\ntitle: Historias\n---\n\n# Historias\n", encoding="utf-8")
    es = write(project, "es", "a", GOOD)
    en = write(project, "en", "a", GOOD.replace("Cómo empezó", "How it began"))
    solo = write(project, "es", "solo", GOOD.replace("Cómo empezó", "Solo en español"))
    stories, problems = read(project, index, es, en, solo)
    assert problems == []                             # the index needs no story fields
    assert sorted(p.title for p in stories.posts["es"]) == ["Cómo empezó", "Solo en español"]
    assert [p.title for p in stories.posts["en"]] == ["How it began"]
    assert [p.prefix for p in stories.posts["en"]] == ["en/"]
    assert stories.translations(stories.post("es", "a"))["en"].title == "How it began"
    assert stories.translations(stories.post("en", "a"))["es"].title == "Cómo empezó"
    assert stories.translations(stories.post("es", "solo")) == {}


def test_a_draft_is_no_translation_and_not_published(project):
    es = write(project, "es", "a", GOOD)
    en = write(project, "en", "a", GOOD.replace("Cómo empezó", "How it began") + "\ndraft: true")
    stories, _ = read(project, es, en)
    assert stories.translations(stories.post("es", "a")) == {}
    assert stories.published("en") == []


def test_which_files_are_stories():
    assert is_story("historias/a.md")
    assert not is_story("historias/index.md")
    assert not is_story("historias/README.md")
    assert not is_story("historia.md")
    assert not is_story("historias/sub/a.md")
    assert not is_story("historias/a.txt")


def test_categories_need_a_name_in_every_language(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "stories.yml").write_text(
        "categories:\n  historia: {es: Historia, en: History}\n  alianzas: {es: Alianzas}\n", encoding="utf-8")
    found = read_data(Project(tmp_path, tmp_path / "docs", LANGS), CONTEXT)
    problems = [p for p in found.problems if p.path == "data/stories.yml"]
    assert found.categories == {}
    assert [p.code for p in problems] == ["schema.missing-language"] and problems[0].is_error
    assert "en" in problems[0].es and "en" in problems[0].en
    # The languages come from the project: a third one needs its names too.
    (data_dir / "stories.yml").write_text("categories:\n  historia: {es: Historia, en: History}\n",
                                          encoding="utf-8")
    found = read_data(Project(tmp_path, tmp_path / "docs", ("es", "en", "qu")),
                      dict(CONTEXT, languages=("es", "en", "qu")))
    assert [p.code for p in found.problems if p.path == "data/stories.yml"] == ["schema.missing-language"]
    found = read_data(Project(tmp_path, tmp_path / "docs", LANGS), CONTEXT)
    assert found.categories == {"historia": {"es": "Historia", "en": "History"}}


# ---------------------------------------------------------------- views

def stories_of(*posts: st.Post) -> st.Stories:
    s = st.Stories(LANGS, {lang: [] for lang in LANGS}, CATS)
    for p in posts:
        s.posts[p.lang].append(p)
    return s


def test_lists_are_newest_first_with_pinned_posts_on_top():
    s = stories_of(post("old", day=1), post("new", day=20), post("pinned", day=2, pin=True),
                   post("draft", day=28, draft=True))
    assert [p.name for p in s.published("es")] == ["pinned", "new", "old"]
    assert [e.post.name for e in s.shown_in("es")] == ["pinned", "new", "old"]


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
    assert views["historias/archivo/2025/"].title(s, "en", LABELS["en"]) == "Stories from 2025"
    assert views["historias/categoria/alianzas/"].title(s, "es", LABELS["es"]) == "Alianzas"
    assert views["historias/categoria/alianzas/"].title(s, "en", LABELS["en"]) == "Partners"
    assert views["historias/pagina/2/"].title(s, "es", LABELS["es"]) == "Historias (página 2)"
    assert views["historias/categoria/alianzas/"].description(s, "en", LABELS["en"]) == "Stories: Partners."


def test_an_empty_section_still_has_its_list_page():
    (view,) = st.views(stories_of(), "es")
    assert (view.path, view.pages, view.entries, view.generated) == ("historias/", 1, (), False)


def test_sidebar_counts_years_and_categories_sorted_by_name():
    s = stories_of(post("a", date=dt.date(2024, 5, 1)), post("b", categories=("historia", "alianzas")),
                   post("c", day=3))
    side = st.sidebar(s, "en")                       # Spanish posts listed in English: English names
    assert side["archive"] == [("2026", "historias/archivo/2026/", 2), ("2024", "historias/archivo/2024/", 1)]
    assert side["categories"] == [("Partners", "historias/categoria/alianzas/", 1),
                                  ("Project history", "historias/categoria/historia/", 3)]


def test_an_english_list_marks_untranslated_spanish_posts_and_not_the_reverse():
    s = stories_of(post("both", day=1), post("both", lang="en", day=1, title="Both"),
                   post("solo-es", day=2), post("solo-en", lang="en", day=3))
    en = [(e.post.name, e.post.lang, e.fallback) for e in s.shown_in("en")]
    assert en == [("solo-en", "en", False), ("solo-es", "es", True), ("both", "en", False)]
    es = [(e.post.name, e.fallback) for e in s.shown_in("es")]
    assert es == [("solo-es", False), ("both", False)]


def test_generated_page_has_its_front_matter_and_a_heading():
    s = stories_of(post())
    view = st.views(s, "es")[1]
    assert view.path == "historias/archivo/2026/"
    meta = st.generated_meta(view, s, "es", LABELS["es"], "blog-stories.html")
    assert meta == {"title": "Historias de 2026", "description": "Historias de 2026.",
                    "template": "blog-stories.html", "search": {"exclude": True}}
    assert st.generated_markdown(view, s, "es", LABELS["es"]) == "# Historias de 2026\n"


# ---------------------------------------------------------------- Markdown in names and titles

class _Heading(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.headings, self.tags = 0, [], []

    def handle_starttag(self, tag, attrs):
        if tag == "h1":
            self.depth += 1
            self.headings.append("")
        elif self.depth:
            self.tags.append(tag)

    def handle_endtag(self, tag):
        if tag == "h1":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.headings[-1] += data


def site_markdown() -> markdown.Markdown:
    """Python-Markdown as the site's MkDocs sets it up: mkdocs.yml's extensions plus the
    ones MkDocs always adds (toc, tables, fenced_code)."""
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as f:
        config = yaml_load(f)
    builtins = dict(MkDocsConfig._schema)["markdown_extensions"].builtins
    names, configs = list(builtins), {}
    for item in config.get("markdown_extensions") or []:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name not in names:
            names.append(name)
        if options:
            configs[name] = options
    return markdown.Markdown(extensions=names, extension_configs=configs)


HOSTILE = [
    "Alianzas | Socias",
    "*Mujeres* __emprendedoras__ `y` [socias](https://x.org) ![f](a.jpg)",
    "<b>Taller</b> <script>alert(1)</script> <!-- nota --> &amp; &lt;",
    r"C:\ruta\ y \\ dos barras \| y \* escapados",
    "# Título ## con {: .clase } {#ancla} y cierre #",
    "1. - + > ~~~ ``` *** --- :smile: <https://x.org>",
    "Tom & Jerry  con\ndos líneas",
]


@pytest.mark.parametrize("name", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("renderer", ["site", "plain"])
def test_a_category_name_with_markdown_or_html_is_plain_text_in_its_heading(name, renderer):
    cats = dict(CATS, otra={"es": name, "en": name})
    s = st.Stories(LANGS, {"es": [post(categories=("otra",))], "en": []}, cats)
    view = next(v for v in st.views(s, "es") if v.path == "historias/categoria/otra/")
    md = site_markdown() if renderer == "site" else markdown.Markdown()    # with and without tables
    parser = _Heading()
    parser.feed(md.convert(st.generated_markdown(view, s, "es", LABELS["es"])))
    assert parser.headings == [" ".join(name.split())]          # the name, as text, on one line
    assert parser.tags == []                                    # no <em>, <a>, <b>, <script> ...
    assert st.generated_meta(view, s, "es", LABELS["es"], "x.html")["title"] == name   # <title>: autoescaped


# ---------------------------------------------------------------- many posts: sorted once

def test_with_a_thousand_posts_lists_are_sorted_once_per_language(monkeypatch):
    es = [post(f"p{i:04d}", date=dt.date(2020, 1, 1) + dt.timedelta(days=i),
               categories=("historia",) if i % 3 else ("historia", "alianzas"), pin=i == 7)
          for i in range(1000)]
    en = [post(p.name, lang="en", date=p.date, title=f"Story {p.name}") for p in es[::2]]
    s = stories_of(*es, *en)
    calls = []
    real = posts_module._sort_key
    monkeypatch.setattr(posts_module, "_sort_key", lambda p: calls.append(p) or real(p))
    for lang, shown in (("es", 1000), ("en", 1000)):
        before = len(calls)
        views = st.views(s, lang)
        side = st.sidebar(s, lang)
        first = len(calls) - before
        # Each post's key is computed a bounded number of times (its language's list, the
        # default language's fallbacks, the merge), not once per page, year or category.
        assert 0 < first <= 2 * (len(s.posts[lang]) + len(s.posts["es"])), (lang, first)
        assert len(views) > 100 and sum(v.entries != () for v in views) == len(views)
        assert sum(n for _, _, n in side["archive"]) == shown
        # Every later list page, archive, category and sidebar of the build: no sorting at all.
        before = len(calls)
        assert st.views(s, lang) == views and st.sidebar(s, lang) == side
        for _ in range(3):
            st.views(s, lang)
            st.sidebar(s, lang)
            s.shown_in(lang)
        assert len(calls) == before, lang
    assert [e.post.name for e in s.shown_in("es")][:2] == ["p0007", "p0999"]
    assert {e.post.lang for e in s.shown_in("en")} == {"en", "es"}


# ---------------------------------------------------------------- dates and words

def test_dates_and_reading_time_in_each_language():
    assert st.format_date(dt.date(2026, 11, 28), LOCALE["es"]) == "28 de noviembre de 2026"
    assert st.format_date(dt.date(2026, 11, 28), LOCALE["en"]) == "28 November 2026"
    assert st.month_label(dt.date(2025, 5, 3), LOCALE["es"]) == "mayo de 2025"
    assert st.readtime_label(1, LABELS["es"]) == "1 minuto de lectura"
    assert st.readtime_label(3, LABELS["en"]) == "3 min read"


# ---------------------------------------------------------------- feeds

COVER = {"2025-05-feria/a.jpg": st.CoverImage(SITE + "photos/2025-05-feria/abc-960.jpg", "image/jpeg",
                                                960, 640, 12345, "Una mesa con tejidos")}


def info(lang: str) -> st.FeedInfo:
    return st.FeedInfo(lang, PREFIX[lang], LOCALE[lang], LABELS[lang], SITE)


def feed_posts():
    return [post("a", day=3, title="Tom & Jerry <script>", authors=("Rosa",), example=True),
            post("b", day=1, cover="2025-05-feria/retirada.jpg"),
            post("c", day=5, draft=True),
            post("a", lang="en", day=3, title="English only title")]


def test_rss_is_valid_and_only_has_its_language():
    xml = st.rss(info("es"), feed_posts(), COVER, CATS)
    channel = ET.fromstring(xml).find("channel")
    for tag in ("title", "link", "description", "language", "lastBuildDate"):
        assert channel.findtext(tag), tag
    assert channel.findtext("language") == "es-pe"
    assert channel.find("atom:link", NS).get("href") == SITE + "historias/rss.xml"
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Tom & Jerry <script>", "Título b"]   # no draft
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
    assert items[1].find("enclosure") is None                  # a withdrawn cover: no image
    assert "English only" not in xml


def test_atom_is_valid():
    xml = st.atom(info("en"), feed_posts(), COVER, CATS)
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
    assert entry.find("atom:category", NS).get("label") == "Project history"


def test_json_feed_is_valid():
    data = json.loads(st.json_feed(info("es"), feed_posts(), COVER, CATS))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"] == SITE + "historias/feed.json"
    assert [i["id"] for i in data["items"]] == [SITE + "historias/a/", SITE + "historias/b/"]
    assert data["items"][0]["image"] == COVER["2025-05-feria/a.jpg"].url
    assert data["items"][0]["authors"] == [{"name": "Rosa"}]
    assert "image" not in data["items"][1]


def test_an_empty_feed_is_still_valid():
    feeds = st.feeds(info("en"), [], {}, CATS)
    assert set(feeds) == {"rss.xml", "atom.xml", "feed.json"}
    assert ET.fromstring(feeds["rss.xml"]).find("channel").findall("item") == []
    assert ET.fromstring(feeds["atom.xml"]).findall("atom:entry", NS) == []
    assert json.loads(feeds["feed.json"])["items"] == []


def test_feed_links_are_absolute_per_language():
    links = st.feed_links(info("en"))
    assert [l["href"] for l in links] == [SITE + "en/historias/rss.xml", SITE + "en/historias/atom.xml",
                                          SITE + "en/historias/feed.json"]
    assert {l["type"] for l in links} == {"application/rss+xml", "application/atom+xml",
                                          "application/feed+json"}
    assert links[0]["title"] == "Las Pioneras: stories (RSS)"


# ---------------------------------------------------------------- structured data

def test_json_ld_cannot_close_its_script_element():
    text = st.json_ld({"headline": "</script><script>alert(1)</script>"})
    assert "</script" not in text and json.loads(text)["headline"].startswith("</script>")


def test_post_ld_and_organization_ld():
    p = post("a", authors=())
    en = post("a", lang="en")
    data = st.post_ld(p, SITE, CATS, [SITE + "x.png"], {"en": en}, "Historias", "es")
    assert data["@type"] == "BlogPosting" and data["datePublished"] == "2026-01-01"
    assert data["author"][0]["@type"] == "Organization"       # no author: the organisation
    assert data["workTranslation"] == [{"@id": SITE + "en/historias/a/"}]
    assert data["articleSection"] == ["Historia del proyecto"]
    assert data["isPartOf"]["url"] == SITE + "historias/"
    translated = st.post_ld(en, SITE, CATS, [], {"es": p}, "Stories", "es")
    assert translated["translationOfWork"] == {"@id": SITE + "historias/a/"}
    assert translated["isPartOf"]["url"] == SITE + "en/historias/"
    assert "workTranslation" not in translated
    org = st.organization_ld(SITE, "en", "en/", SITE + "logo.svg")
    types = {node["@type"] for node in org["@graph"]}
    assert types == {"WebSite", "Organization"}
    assert next(n for n in org["@graph"] if n["@type"] == "WebSite")["url"] == SITE + "en/"


def test_dates_are_said_as_babel_says_them_with_the_locale_looked_up_once(monkeypatch):
    from babel import Locale, dates
    from pioneras.stories import words
    days = [dt.date(2026, 11, 28) - dt.timedelta(days=37 * i) for i in range(40)]
    for locale in ("es_PE", "en_GB"):
        assert [st.format_date(d, locale) for d in days] == [dates.format_date(d, "long", locale=locale) for d in days]
    words.format_date.cache_clear()
    getattr(words, "_long_date", words.format_date).cache_clear()
    parsed = []
    real = Locale.parse
    monkeypatch.setattr(Locale, "parse", lambda name, *a, **k: parsed.append(name) or real(name, *a, **k))
    for d in days:
        st.format_date(d, "es_PE")
    # (babel hands the parsed Locale on to Locale.parse, which returns it as it is)
    assert [n for n in parsed if isinstance(n, str)] == ["es_PE"]   # not once per date


def test_the_hook_looks_up_which_story_a_page_is_once_a_build():
    import importlib.util
    from types import SimpleNamespace
    from pioneras.build import Build
    spec = importlib.util.spec_from_file_location("stories_hook", ROOT / "hooks" / "stories.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    asked = []
    story = SimpleNamespace(lang="es", rel="historias/una.md", is_story=True)
    content = SimpleNamespace(source=lambda path: asked.append(path) or (story if path.endswith("una.md") else None),
                              stories=SimpleNamespace(post=lambda lang, name: (lang, name)))
    build = Build(project=None, content=content, preview=False)
    one, other = SimpleNamespace(abs_src_path="/d/es/historias/una.md"), SimpleNamespace(abs_src_path="/d/es/x.md")
    for _ in range(4):          # on_files, on_page_markdown, on_page_content, on_page_context
        assert hook._post(build, one) == ("es", "una") and hook._post(build, other) is None
    assert asked == [one.abs_src_path, other.abs_src_path]
