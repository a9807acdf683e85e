"""Posts: what a story is once read, the section's posts in every language, reading time.

Reading a story's file is pioneras.content's job (one reader of front matter for every
page); this module holds the result and answers the section's questions: which posts a
language shows, in which order, and which translations each post has.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable

from pioneras.seo import absolute

from .words import SECTION

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
_HTML = re.compile(r"<[^>]+>")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_WORD = re.compile(r"\w+(?:[’'-]\w+)*")


def word_count(body: str) -> int:
    text = _FENCE.sub(" ", body)
    text = _LINK.sub(r"\1", text)
    text = _HTML.sub(" ", text)
    text = re.sub(r"\{[:#.][^}]*\}", " ", text)       # attr_list: {: .class }
    return len(_WORD.findall(text))


def reading_time(body: str, words_per_minute: int) -> int:
    """Minutes to read the post body, rounded up, at least 1."""
    return max(1, math.ceil(word_count(body) / max(1, words_per_minute)))


@dataclass(frozen=True)
class Post:
    name: str                   # file name without .md: the same in every language
    lang: str
    prefix: str                 # the language's URL prefix: '' or 'en/'
    title: str
    date: dt.date
    summary: str
    categories: tuple[str, ...]
    cover: str                  # <report>/<photo>
    readtime: int
    authors: tuple[str, ...] = ()
    description: str | None = None
    example: bool = False
    draft: bool = False
    pin: bool = False
    src: str = ""               # the Markdown file as volunteers see it, for messages

    @property
    def path(self) -> str:
        """Language-neutral path: 'historias/<name>/'."""
        return f"{SECTION}/{self.name}/"

    @property
    def url_path(self) -> str:
        return self.prefix + self.path

    def url(self, site_url: str) -> str:
        return absolute(site_url, self.url_path)


@dataclass(frozen=True)
class Entry:
    post: Post
    fallback: bool      # a default-language post listed in another language


@dataclass
class Stories:
    """Every post of every language and the categories (data/stories.yml)."""

    languages: tuple[str, ...]                      # the default language first
    posts: dict[str, list[Post]] = field(default_factory=dict)
    categories: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def default(self) -> str:
        return self.languages[0]

    @cached_property
    def _by_name(self) -> dict[tuple[str, str], Post]:
        return {(p.lang, p.name): p for posts in self.posts.values() for p in posts}

    def post(self, lang: str, name: str) -> Post | None:
        return self._by_name.get((lang, name))

    def published(self, lang: str) -> list[Post]:
        """This language's own posts (no drafts), newest first."""
        return sort_posts(p for p in self.posts.get(lang, []) if not p.draft)

    def translations(self, post: Post) -> dict[str, Post]:
        """The other-language versions of a post that are published."""
        out = {}
        for lang in self.languages:
            other = self.post(lang, post.name)
            if lang != post.lang and other and not other.draft:
                out[lang] = other
        return out

    def shown_in(self, lang: str) -> list[Entry]:
        """What a list in ``lang`` shows: its posts, then (for a non-default language) the
        default-language posts that have no ``lang`` version, marked as such. Computed
        once per language: every list page and sidebar of a build asks for it."""
        if lang not in self._shown:
            entries = [Entry(p, fallback=False) for p in self.published(lang)]
            if lang != self.default:
                own = {p.name for p in self.posts.get(lang, [])}
                entries += [Entry(p, fallback=True) for p in self.published(self.default) if p.name not in own]
            self._shown[lang] = sorted(entries, key=lambda e: _sort_key(e.post))
        return self._shown[lang]

    @cached_property
    def _shown(self) -> dict[str, list[Entry]]:
        return {}

    def category_name(self, key: str, lang: str) -> str:
        return self.categories.get(key, {}).get(lang, key)


def _sort_key(post: Post):
    # Pinned first, then newest first, then by title.
    return (not post.pin, -post.date.toordinal(), post.title.casefold())


def sort_posts(posts: Iterable[Post]) -> list[Post]:
    return sorted(posts, key=_sort_key)
