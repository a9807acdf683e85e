"""The stories reader: story pages (already read and validated by pages.py) -> Posts.

A story is ``docs/<lang>/historias/<name>.md`` with the story fields in its front matter
(pioneras.content.schema.StoryMeta); its translation has the same file name in another
language folder. What only the whole section can tell is checked here: categories that
data/stories.yml does not declare.
"""
from __future__ import annotations

from pathlib import PurePosixPath

from pioneras.problems import Problem, problem
from pioneras.project import Project
from pioneras.stories.posts import Post, Stories

from .pages import PageSource
from .schema import StoryMeta

DEFAULT_WORDS_PER_MINUTE = 220


def read_stories(project: Project, pages: dict[str, PageSource], categories: dict,
                 words: dict[str, dict]) -> tuple[Stories, list[Problem]]:
    stories = Stories(project.languages, {lang: [] for lang in project.languages}, categories)
    found: list[Problem] = []
    for page in pages.values():
        if not page.is_story or not isinstance(page.front, StoryMeta):
            continue
        meta: StoryMeta = page.front
        for key in meta.categories:
            if key not in categories:
                found.append(problem("stories.unknown-category", page.shown, page.front_line(("categories",)),
                                     key=key, known=", ".join(sorted(categories)) or "-"))
        wpm = (words.get(page.lang) or {}).get("reading_wpm") or DEFAULT_WORDS_PER_MINUTE
        stories.posts[page.lang].append(Post(
            name=PurePosixPath(page.rel).stem, lang=page.lang, prefix=project.prefix(page.lang),
            title=meta.title, date=meta.date, summary=meta.summary, categories=tuple(meta.categories),
            cover=meta.cover, readtime=meta.readtime or page.reading_time(int(wpm)),
            authors=tuple(meta.authors), description=meta.description, example=meta.example,
            draft=meta.draft, pin=meta.pin, src=page.shown))
    return stories, found
