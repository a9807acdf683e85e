"""Posts: front matter, categories, reading time, loading the section from docs/."""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pioneras.schema import FrontMatter, problems
from pioneras.seo import DEFAULT, LANGS, absolute, lang_prefix

from .words import SECTION, WPM


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


@dataclass(frozen=True)
class Entry:
    post: Post
    fallback: bool      # a default-language post listed in another language


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
