"""Generated views: the list, archive and category pages per language, paginated."""
from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass

from .posts import Entry, Stories
from .words import PER_PAGE, SECTION


# ---------------------------------------------------------------- views

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

    def title(self, stories: Stories, lang: str, labels: dict) -> str:
        if self.kind == "archive":
            base = labels["archive_title"].format(year=self.key)
        elif self.kind == "category":
            base = stories.category_name(self.key, lang)
        else:
            base = labels["section"]
        return base if self.page == 1 else f"{base} ({labels['page']} {self.page})"

    def description(self, stories: Stories, lang: str, labels: dict) -> str:
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


def generated_meta(view: View, stories: Stories, lang: str, labels: dict, template: str) -> dict:
    """The front matter of a generated list page (the build hands it to MkDocs as is)."""
    return {"title": view.title(stories, lang, labels), "description": view.description(stories, lang, labels),
            "template": template, "search": {"exclude": True}}


def generated_markdown(view: View, stories: Stories, lang: str, labels: dict) -> str:
    """The Markdown body of a generated list page: its heading, escaped as text."""
    return "# " + markdown_text(view.title(stories, lang, labels)) + "\n"


# The characters Python-Markdown itself unescapes (Markdown.ESCAPED_CHARS without any
# extension; '>' is HTML-escaped before). A backslash before any other character stays
# on the page: '|' is escapable only with the tables extension, and a '|' in a heading
# line makes no table anyway (a table needs its '---|---' row), so it is left as it is.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def markdown_text(text: str) -> str:
    """Text from a data file or front matter, safe to put into a Markdown heading as text."""
    # A category's name comes from data/stories.yml, a title from front matter: Markdown and
    # HTML in them stay text (HTML-escaped first; Python-Markdown does not treat a backslash
    # before '<' as an escape). A heading is one line: line breaks become spaces.
    one_line = " ".join(text.split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=False))


def cover_block(cover_html: str | None, example: bool, labels: dict) -> str:
    """What goes right under a story's title: its cover (HTML made by pioneras.images.markup)
    and, for a stand-in example story, the notice that says so."""
    out = f'<div class="pioneras-story-cover">{cover_html}</div>' if cover_html else ""
    if example:
        out += ('<div class="admonition example">'
                f'<p class="admonition-title">{html.escape(labels.get("example_title", ""))}</p>'
                f'<p>{html.escape(labels.get("example_text", ""))}</p></div>')
    return out
