"""Stories (the site's blog): posts, list/archive/category views, feeds, reading time.

Plain Python, no MkDocs import; ``hooks/stories.py`` is the only glue.

Where things are
----------------
* A post is ``docs/<lang>/historias/<name>.md``; its translation has the SAME file name
  in the other language folder. So both have the same path (``historias/<name>/`` and
  ``en/historias/<name>/``): static-i18n's language switch, the hreflang links and the
  sitemap (pioneras.seo) pair them with no extra work.
* ``docs/<lang>/historias/index.md`` is the list page (its text is the introduction).
* Categories are declared once, with their names per language, in ``data/stories.yml``;
  a post names them by key (``categories: [historia]``).
* Generated views, per language, same paths in both: ``historias/pagina/<n>/``,
  ``historias/archivo/<year>/`` and ``historias/categoria/<key>/`` (each paginated too).
* Feeds per language, only that language's posts: ``historias/rss.xml`` (RSS 2.0),
  ``historias/atom.xml`` (Atom 1.0), ``historias/feed.json`` (JSON Feed 1.1).

A list in English shows the English posts and, marked as Spanish, the posts that have no
English version yet (as the rest of the site shows untranslated pages); the English
feeds never contain a Spanish post.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from email.utils import format_datetime
from pathlib import Path
from typing import Iterable
from xml.sax.saxutils import escape, quoteattr

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pioneras.schema import FrontMatter, problems

DEFAULT = "es"
LANGS = ("es", "en")
SECTION = "historias"
PER_PAGE = 10
# Words per minute of silent reading, measured per language (IReST, Trauzettel-Klosinski
# et al. 2012: Spanish 218, English 228). Rounded up, at least 1 minute.
WPM = {"es": 218, "en": 228}
# og:locale values: Peruvian Spanish (the site addresses Peru, says "usted", uses
# Peruvian words); British English (the source text and the English pages spell
# "organisation", "neighbourhood").
LOCALES = {"es": "es_PE", "en": "en_GB"}
FEEDS = {"rss": "rss.xml", "atom": "atom.xml", "json": "feed.json"}
FEED_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}

MONTHS = {
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}

# Words the stories templates, feeds and cards show, per language.
LABELS = {
    "es": {
        "section": "Historias",
        "feed_title": "Las Pioneras: historias",
        "feed_description": "Historias del proyecto Las Pioneras en Villa El Sol, Jicamarca (Lima, Perú).",
        "archive": "Archivo",
        "categories": "Categorías",
        "in": "en",
        "by": "Por",
        "back": "Todas las historias",
        "continue": "Seguir leyendo",
        "readtime_one": "1 minuto de lectura",
        "readtime_other": "# minutos de lectura",
        "page": "página",
        "newer": "Historias más recientes",
        "older": "Historias anteriores",
        "archive_title": "Historias de {year}",
        "archive_description": "Historias de Las Pioneras publicadas en {year}.",
        "category_description": "Historias de Las Pioneras: {category}.",
        "example": "Ejemplo",
        "example_title": "Historia de ejemplo",
        "example_text": ("Esta historia es un ejemplo de cómo se verán las noticias del proyecto. "
                         "Está escrita solo con datos públicos sobre Las Pioneras y será "
                         "reemplazada por noticias reales."),
        "feed_example": "(Ejemplo) ",
        "translation": "Read this story in English",
        "other_language": "en español",
        "feeds": "Suscríbase a las historias",
        "meta": "Datos de la historia",
        "footer": "Villa El Sol · Jicamarca · Lima, Perú",
    },
    "en": {
        "section": "Stories",
        "feed_title": "Las Pioneras: stories",
        "feed_description": "Stories from the Las Pioneras project in Villa El Sol, Jicamarca (Lima, Peru).",
        "archive": "Archive",
        "categories": "Categories",
        "in": "in",
        "by": "By",
        "back": "All stories",
        "continue": "Continue reading",
        "readtime_one": "1 min read",
        "readtime_other": "# min read",
        "page": "page",
        "newer": "Newer stories",
        "older": "Older stories",
        "archive_title": "Stories from {year}",
        "archive_description": "Stories from Las Pioneras published in {year}.",
        "category_description": "Stories from Las Pioneras: {category}.",
        "example": "Example",
        "example_title": "Example story",
        "example_text": ("This story is an example of how the project's news will look. It is "
                         "written only from public facts about Las Pioneras and will be replaced "
                         "by real news."),
        "feed_example": "(Example) ",
        "translation": "Lea esta historia en español",
        "other_language": "in Spanish",
        "feeds": "Follow the stories",
        "meta": "About this story",
        "footer": "Villa El Sol · Jicamarca · Lima, Peru",
    },
}


def lang_prefix(lang: str) -> str:
    return "" if lang == DEFAULT else f"{lang}/"


def absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path.lstrip("/")


def format_date(day: dt.date, lang: str) -> str:
    """'28 de noviembre de 2026' / '28 November 2026' (British order)."""
    month = MONTHS[lang][day.month - 1]
    return f"{day.day} de {month} de {day.year}" if lang == "es" else f"{day.day} {month} {day.year}"


def readtime_label(minutes: int, lang: str) -> str:
    labels = LABELS[lang]
    return labels["readtime_one"] if minutes == 1 else labels["readtime_other"].replace("#", str(minutes))


# ---------------------------------------------------------------- reading time

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", re.S)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
_HTML = re.compile(r"<[^>]+>")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_WORD = re.compile(r"\w+(?:[’'-]\w+)*")


def word_count(markdown: str) -> int:
    text = _FRONT_MATTER.sub("", markdown, count=1)
    text = _FENCE.sub(" ", text)
    text = _LINK.sub(r"\1", text)
    text = _HTML.sub(" ", text)
    text = re.sub(r"\{[:#.][^}]*\}", " ", text)       # attr_list: {: .class }
    return len(_WORD.findall(text))


def reading_time(markdown: str, lang: str) -> int:
    """Minutes to read the post body, rounded up, at least 1."""
    return max(1, math.ceil(word_count(markdown) / WPM.get(lang, 220)))


# ---------------------------------------------------------------- models

class StoryMeta(FrontMatter):
    """The front matter of a post: FrontMatter with the story fields made mandatory."""

    title: str = Field(min_length=1)
    date: dt.date
    summary: str = Field(min_length=1, max_length=300)
    categories: list[str] = Field(min_length=1)
    cover: str = Field(pattern=r"^[^/\\]+/[^/\\]+$")       # <report folder>/<photo file>

    @field_validator("authors")
    @classmethod
    def _first_names_only(cls, value: list[str] | None) -> list[str] | None:
        # Safeguarding: a first name or a pseudonym, never a full name or a contact.
        for name in value or []:
            if len(name.split()) > 1 or len(name) > 30 or re.search(r"[@\d/]", name):
                raise ValueError(
                    f"«{name}»: escriba solo un nombre de pila o un seudónimo, sin apellidos "
                    f"/ '{name}': write only a first name or a pseudonym, no surname")
        return value

    @field_validator("slug")
    @classmethod
    def _no_slug(cls, value: str | None) -> str | None:
        if value:
            raise ValueError("la dirección de una historia es el nombre de su archivo: borre slug "
                             "/ a story's address is its file name: delete slug")
        return value


class Categories(BaseModel):
    """``data/stories.yml``."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    categories: dict[str, dict[str, str]]

    @field_validator("categories")
    @classmethod
    def _both_languages(cls, value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        for key, names in value.items():
            if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", key):
                raise ValueError(f"«{key}»: use minúsculas sin acentos ni espacios / "
                                 f"'{key}': use lower case, no accents or spaces")
            missing = [l for l in LANGS if not names.get(l)]
            if missing:
                raise ValueError(f"«{key}»: falta el nombre en {', '.join(missing)} / "
                                 f"'{key}': the name is missing in {', '.join(missing)}")
        return value


@dataclass(frozen=True)
class Post:
    name: str                   # file name without .md: the same in every language
    lang: str
    title: str
    date: dt.date
    summary: str
    categories: tuple[str, ...]
    cover: str
    readtime: int
    authors: tuple[str, ...] = ()
    description: str | None = None
    example: bool = False
    draft: bool = False
    pin: bool = False
    src: str = ""               # path of the Markdown file, for messages

    @property
    def path(self) -> str:
        """Language-neutral path: 'historias/<name>/'."""
        return f"{SECTION}/{self.name}/"

    def url_path(self, lang: str | None = None) -> str:
        return lang_prefix(lang or self.lang) + self.path

    def url(self, site_url: str) -> str:
        return absolute(site_url, self.url_path())


@dataclass
class Stories:
    """Every post of every language, the categories, and the problems found reading them."""

    posts: dict[str, list[Post]] = field(default_factory=lambda: {l: [] for l in LANGS})
    categories: dict[str, dict[str, str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def post(self, lang: str, name: str) -> Post | None:
        return next((p for p in self.posts.get(lang, []) if p.name == name), None)

    def published(self, lang: str) -> list[Post]:
        """This language's own posts (no drafts), newest first."""
        return sort_posts(p for p in self.posts.get(lang, []) if not p.draft)

    def translations(self, post: Post) -> dict[str, Post]:
        """The other-language versions of a post that are published."""
        out = {}
        for lang in LANGS:
            other = self.post(lang, post.name)
            if lang != post.lang and other and not other.draft:
                out[lang] = other
        return out

    def shown_in(self, lang: str) -> list["Entry"]:
        """What a list in ``lang`` shows: its posts, then (for a non-default language) the
        default-language posts that have no ``lang`` version, marked as such."""
        entries = [Entry(p, fallback=False) for p in self.published(lang)]
        if lang != DEFAULT:
            own = {p.name for p in self.posts.get(lang, [])}
            entries += [Entry(p, fallback=True) for p in self.published(DEFAULT) if p.name not in own]
        return sorted(entries, key=lambda e: _sort_key(e.post))

    def category_name(self, key: str, lang: str) -> str:
        return self.categories.get(key, {}).get(lang, key)


def _sort_key(post: Post):
    # Pinned first, then newest first, then by title.
    return (not post.pin, -post.date.toordinal(), post.title.casefold())


def sort_posts(posts: Iterable[Post]) -> list[Post]:
    return sorted(posts, key=_sort_key)


def split_front_matter(text: str) -> tuple[dict, str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta = yaml.safe_load(match.group(1) or "") or {}
    return (meta if isinstance(meta, dict) else {}), text[match.end():]


def read_post(path: Path, lang: str, known_categories: dict | None = None) -> tuple[Post | None, list[str]]:
    """One post file -> (Post, problems). Never raises on a volunteer's mistake."""
    where = path.as_posix()
    try:
        meta, body = split_front_matter(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        return None, [f"{where}: no se pudo leer / could not be read: {err}"]
    try:
        m = StoryMeta.model_validate(meta)
    except ValidationError as err:
        return None, [f"{where}: {line}" for line in problems(err)]
    issues = []
    if known_categories is not None:
        for key in m.categories:
            if key not in known_categories:
                issues.append(f"{where}: categories: «{key}» no está en data/stories.yml / "
                              f"'{key}' is not in data/stories.yml (use one of: "
                              f"{', '.join(sorted(known_categories)) or '-'})")
    post = Post(
        name=path.stem, lang=lang, title=m.title, date=m.date, summary=m.summary,
        categories=tuple(m.categories), cover=m.cover,
        readtime=m.readtime or reading_time(body, lang), authors=tuple(m.authors or ()),
        description=m.description, example=m.example, draft=bool(m.draft), pin=bool(m.pin),
        src=where,
    )
    return post, issues


def load_categories(path: Path) -> tuple[dict[str, dict[str, str]], list[str]]:
    where = path.as_posix()
    if not path.is_file():
        return {}, [f"{where}: falta el archivo de categorías / the categories file is missing"]
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return Categories.model_validate(raw).categories, []
    except yaml.YAMLError as err:
        return {}, [f"{where}: YAML inválido / invalid YAML: {err}"]
    except ValidationError as err:
        return {}, [f"{where}: {line}" for line in problems(err)]


def load(docs_dir: Path, categories_file: Path) -> Stories:
    """Read every post of every language (``docs/<lang>/historias/*.md``)."""
    stories = Stories()
    stories.categories, stories.problems = load_categories(categories_file)
    for lang in LANGS:
        folder = docs_dir / lang / SECTION
        for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
            if path.name in ("index.md", "README.md"):
                continue
            post, issues = read_post(path, lang, stories.categories if stories.categories else None)
            stories.problems += issues
            if post:
                stories.posts[lang].append(post)
    return stories


def is_post_src(src_uri: str) -> tuple[str, str] | None:
    """'es/historias/como-empezo.md' -> ('es', 'como-empezo'); anything else -> None."""
    parts = src_uri.split("/")
    if len(parts) == 3 and parts[0] in LANGS and parts[1] == SECTION and parts[2].endswith(".md") \
            and parts[2] not in ("index.md", "README.md"):
        return parts[0], parts[2][:-3]
    return None


# ---------------------------------------------------------------- views

@dataclass(frozen=True)
class Entry:
    post: Post
    fallback: bool      # a default-language post listed in another language


@dataclass(frozen=True)
class View:
    """One page of a list: the index, a year of the archive, or a category."""

    kind: str           # "index" | "archive" | "category"
    key: str            # "" | "2026" | "historia"
    page: int
    pages: int
    entries: tuple[Entry, ...]

    @property
    def path(self) -> str:
        return view_path(self.kind, self.key, self.page)

    @property
    def generated(self) -> bool:
        """Everything but the first page of the index (a real file) is generated."""
        return not (self.kind == "index" and self.page == 1)

    @property
    def newer(self) -> str | None:
        return view_path(self.kind, self.key, self.page - 1) if self.page > 1 else None

    @property
    def older(self) -> str | None:
        return view_path(self.kind, self.key, self.page + 1) if self.page < self.pages else None

    def title(self, stories: Stories, lang: str) -> str:
        labels = LABELS[lang]
        if self.kind == "archive":
            base = labels["archive_title"].format(year=self.key)
        elif self.kind == "category":
            base = stories.category_name(self.key, lang)
        else:
            base = labels["section"]
        return base if self.page == 1 else f"{base} ({labels['page']} {self.page})"

    def description(self, stories: Stories, lang: str) -> str:
        labels = LABELS[lang]
        if self.kind == "archive":
            return labels["archive_description"].format(year=self.key)
        if self.kind == "category":
            return labels["category_description"].format(category=stories.category_name(self.key, lang))
        return labels["feed_description"]


def view_path(kind: str, key: str, page: int = 1) -> str:
    base = {"index": f"{SECTION}/", "archive": f"{SECTION}/archivo/{key}/",
            "category": f"{SECTION}/categoria/{key}/"}[kind]
    return base if page == 1 else f"{base}pagina/{page}/"


def paginate(kind: str, key: str, entries: list[Entry], per_page: int = PER_PAGE) -> list[View]:
    pages = max(1, math.ceil(len(entries) / per_page))
    return [View(kind, key, n, pages, tuple(entries[(n - 1) * per_page:n * per_page]))
            for n in range(1, pages + 1)]


def views(stories: Stories, lang: str, per_page: int = PER_PAGE) -> list[View]:
    """Every list page of one language: index, archive years (newest first), categories."""
    entries = stories.shown_in(lang)
    out = paginate("index", "", entries, per_page)
    for year in sorted({e.post.date.year for e in entries}, reverse=True):
        out += paginate("archive", str(year), [e for e in entries if e.post.date.year == year], per_page)
    for key in sorted({c for e in entries for c in e.post.categories}):
        out += paginate("category", key, [e for e in entries if key in e.post.categories], per_page)
    return out


def sidebar(stories: Stories, lang: str) -> dict:
    """Archive years and categories with post counts, for the list pages."""
    entries = stories.shown_in(lang)
    years: dict[int, int] = {}
    cats: dict[str, int] = {}
    for e in entries:
        years[e.post.date.year] = years.get(e.post.date.year, 0) + 1
        for c in e.post.categories:
            cats[c] = cats.get(c, 0) + 1
    return {
        "archive": [(str(y), view_path("archive", str(y)), n) for y, n in sorted(years.items(), reverse=True)],
        "categories": sorted(((stories.category_name(c, lang), view_path("category", c), n)
                              for c, n in cats.items()), key=lambda t: t[0].casefold()),
    }


def generated_markdown(view: View, stories: Stories, lang: str, template: str) -> str:
    """The Markdown of a generated list page: front matter and a heading."""
    meta = {"title": view.title(stories, lang), "description": view.description(stories, lang),
            "template": template, "search": {"exclude": True}}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n# " \
        + view.title(stories, lang) + "\n"


# ---------------------------------------------------------------- feeds

@dataclass(frozen=True)
class CoverImage:
    """The published file of a post's cover, as the image pipeline made it."""

    url: str            # absolute
    mime: str
    width: int
    height: int
    length: int         # bytes (RSS <enclosure> needs it)
    alt: str


@dataclass(frozen=True)
class FeedInfo:
    lang: str
    site_url: str
    updated: dt.datetime | None = None     # None: the newest post's date

    @property
    def labels(self) -> dict:
        return LABELS[self.lang]

    def home(self) -> str:
        return absolute(self.site_url, lang_prefix(self.lang) + f"{SECTION}/")

    def feed_url(self, kind: str) -> str:
        return absolute(self.site_url, lang_prefix(self.lang) + f"{SECTION}/{FEEDS[kind]}")


def feed_links(lang: str, site_url: str) -> list[dict]:
    """The <link rel=alternate> of one language's feeds (absolute URLs)."""
    info = FeedInfo(lang, site_url)
    return [{"type": FEED_TYPES[k], "href": info.feed_url(k),
             "title": f"{info.labels['feed_title']} ({name})"}
            for k, name in (("rss", "RSS"), ("atom", "Atom"), ("json", "JSON Feed"))]


def _published(post: Post) -> dt.datetime:
    # A post has a date, no time: noon UTC keeps the day the same in Lima and in Basel.
    return dt.datetime.combine(post.date, dt.time(12, 0), tzinfo=dt.timezone.utc)


def _feed_posts(posts: list[Post], lang: str) -> list[Post]:
    return [p for p in sort_posts(posts) if p.lang == lang and not p.draft]


def _item_summary(post: Post, lang: str) -> str:
    return (LABELS[lang]["feed_example"] if post.example else "") + post.summary


def _updated(info: FeedInfo, posts: list[Post]) -> dt.datetime:
    if info.updated:
        return info.updated
    if posts:
        return max(_published(p) for p in posts)
    return dt.datetime(2017, 1, 1, tzinfo=dt.timezone.utc)


def rss(info: FeedInfo, posts: list[Post], covers: dict[str, CoverImage], categories: dict) -> str:
    """RSS 2.0 with atom:link self, Media RSS and an enclosure for the cover."""
    lang, labels = info.lang, info.labels
    items = _feed_posts(posts, lang)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">',
           "  <channel>",
           f"    <title>{escape(labels['feed_title'])}</title>",
           f"    <link>{escape(info.home())}</link>",
           f"    <description>{escape(labels['feed_description'])}</description>",
           f"    <language>{LOCALES[lang].replace('_', '-').lower()}</language>",
           f"    <lastBuildDate>{format_datetime(_updated(info, items))}</lastBuildDate>",
           f"    <atom:link href={quoteattr(info.feed_url('rss'))} rel=\"self\" type=\"application/rss+xml\"/>",
           "    <generator>Las Pioneras (pioneras.stories)</generator>"]
    for p in items:
        url = p.url(info.site_url)
        out += ["    <item>",
                f"      <title>{escape(p.title)}</title>",
                f"      <link>{escape(url)}</link>",
                f"      <guid isPermaLink=\"true\">{escape(url)}</guid>",
                f"      <pubDate>{format_datetime(_published(p))}</pubDate>",
                f"      <description>{escape(_item_summary(p, lang))}</description>"]
        out += [f"      <dc:creator>{escape(a)}</dc:creator>" for a in p.authors]
        out += [f"      <category>{escape(categories.get(c, {}).get(lang, c))}</category>" for c in p.categories]
        cover = covers.get(p.cover)
        if cover:
            out += [f"      <enclosure url={quoteattr(cover.url)} length=\"{cover.length}\" type={quoteattr(cover.mime)}/>",
                    f"      <media:content url={quoteattr(cover.url)} medium=\"image\" type={quoteattr(cover.mime)} "
                    f"width=\"{cover.width}\" height=\"{cover.height}\">",
                    f"        <media:description type=\"plain\">{escape(cover.alt)}</media:description>",
                    "      </media:content>"]
        out.append("    </item>")
    out += ["  </channel>", "</rss>", ""]
    return "\n".join(out)


def atom(info: FeedInfo, posts: list[Post], covers: dict[str, CoverImage], categories: dict) -> str:
    """Atom 1.0 (RFC 4287); the cover is a link rel="enclosure"."""
    lang, labels = info.lang, info.labels
    items = _feed_posts(posts, lang)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">',
           f"  <title>{escape(labels['feed_title'])}</title>",
           f"  <subtitle>{escape(labels['feed_description'])}</subtitle>",
           f"  <id>{escape(info.home())}</id>",
           f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(info.home())}/>",
           f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(info.feed_url('atom'))}/>",
           f"  <updated>{_updated(info, items).isoformat()}</updated>",
           "  <author><name>Las Pioneras · IDEMNNA</name></author>",
           "  <generator>Las Pioneras (pioneras.stories)</generator>"]
    for p in items:
        url = p.url(info.site_url)
        stamp = _published(p).isoformat()
        out += ["  <entry>",
                f"    <title>{escape(p.title)}</title>",
                f"    <id>{escape(url)}</id>",
                f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(url)}/>",
                f"    <published>{stamp}</published>",
                f"    <updated>{stamp}</updated>",
                f"    <summary>{escape(_item_summary(p, lang))}</summary>"]
        out += [f"    <author><name>{escape(a)}</name></author>" for a in p.authors]
        out += [f"    <category term={quoteattr(c)} label={quoteattr(categories.get(c, {}).get(lang, c))}/>"
                for c in p.categories]
        cover = covers.get(p.cover)
        if cover:
            out.append(f"    <link rel=\"enclosure\" type={quoteattr(cover.mime)} length=\"{cover.length}\" "
                       f"href={quoteattr(cover.url)}/>")
        out.append("  </entry>")
    out += ["</feed>", ""]
    return "\n".join(out)


def json_feed(info: FeedInfo, posts: list[Post], covers: dict[str, CoverImage], categories: dict) -> str:
    """JSON Feed 1.1."""
    lang, labels = info.lang, info.labels
    items = []
    for p in _feed_posts(posts, lang):
        item = {"id": p.url(info.site_url), "url": p.url(info.site_url), "title": p.title,
                "summary": _item_summary(p, lang), "content_text": _item_summary(p, lang),
                "date_published": _published(p).isoformat(), "language": lang,
                "tags": [categories.get(c, {}).get(lang, c) for c in p.categories]}
        if p.authors:
            item["authors"] = [{"name": a} for a in p.authors]
        cover = covers.get(p.cover)
        if cover:
            item["image"] = cover.url
            item["attachments"] = [{"url": cover.url, "mime_type": cover.mime, "size_in_bytes": cover.length}]
        items.append(item)
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": labels["feed_title"],
            "home_page_url": info.home(), "feed_url": info.feed_url("json"),
            "description": labels["feed_description"], "language": lang, "items": items}
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


def feeds(info: FeedInfo, posts: list[Post], covers: dict[str, CoverImage], categories: dict) -> dict[str, str]:
    """File name (relative to the language's ``historias/``) -> text."""
    return {FEEDS["rss"]: rss(info, posts, covers, categories),
            FEEDS["atom"]: atom(info, posts, covers, categories),
            FEEDS["json"]: json_feed(info, posts, covers, categories)}


# ---------------------------------------------------------------- structured data

def json_ld(data: dict) -> str:
    """JSON for a <script type="application/ld+json">: '<' escaped so no '</script>' can end it."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def organization_ld(site_url: str, lang: str, logo_url: str) -> dict:
    """Home page: the website and the organisations behind it (facts from content.md only)."""
    org_id = absolute(site_url, "#idemnna")
    return {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "@id": absolute(site_url, "#website"), "name": "Las Pioneras",
             "url": absolute(site_url, lang_prefix(lang)), "inLanguage": lang, "publisher": {"@id": org_id}},
            {"@type": "Organization", "@id": org_id, "name": "IDEMNNA",
             "alternateName": "Instituto de Desarrollo “María Elena Moyano”",
             "url": absolute(site_url, ""), "logo": logo_url,
             "areaServed": {"@type": "Place", "name": "Villa El Sol, Jicamarca, Lima, Perú"},
             "funder": {"@type": "Organization", "name": "EcoSolidar", "url": "https://www.ecosolidar.ch/",
                        "address": {"@type": "PostalAddress", "addressLocality": "Basel",
                                    "addressCountry": "CH"}}},
        ],
    }


def post_ld(post: Post, site_url: str, categories: dict, images: list[str],
            translations: dict[str, Post]) -> dict:
    """A post: BlogPosting."""
    data = {
        "@context": "https://schema.org", "@type": "BlogPosting",
        "headline": post.title[:110], "description": post.summary,
        "datePublished": post.date.isoformat(), "inLanguage": post.lang,
        "url": post.url(site_url), "mainEntityOfPage": post.url(site_url),
        "image": images,
        "articleSection": [categories.get(c, {}).get(post.lang, c) for c in post.categories],
        "author": ([{"@type": "Person", "name": a} for a in post.authors]
                   or [{"@type": "Organization", "@id": absolute(site_url, "#idemnna"), "name": "IDEMNNA"}]),
        "publisher": {"@type": "Organization", "@id": absolute(site_url, "#idemnna"), "name": "IDEMNNA"},
        "isPartOf": {"@type": "Blog", "name": LABELS[post.lang]["feed_title"],
                     "url": absolute(site_url, lang_prefix(post.lang) + f"{SECTION}/")},
    }
    if post.lang != DEFAULT and DEFAULT in translations:
        data["translationOfWork"] = {"@id": translations[DEFAULT].url(site_url)}
    others = [t.url(site_url) for l, t in translations.items() if l != DEFAULT]
    if post.lang == DEFAULT and others:
        data["workTranslation"] = [{"@id": u} for u in others]
    return data
