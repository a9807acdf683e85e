"""The state of one site build, in one object, shared by every hook through MkDocs' config.

static-i18n builds each language as a full MkDocs build, the others nested inside the
default language's ``on_post_build``; every hook sees every event once per language. The
hooks keep no state of their own: the first hook (hooks/build.py) creates a ``Build`` at
the default language's ``on_config`` and puts it in the config, each hook reads it with
``Build.of(config)``, and each part has a name and one owner:

    build.project   where things are, the languages, the settings     (read at the start)
    build.content   every page, report, data file and story, with their Problems
    build.lang      the language being built now; ``build.outer`` the default language's pass
    build.quick     a preview rebuild that renders only the pages whose file changed
    build.later     pages a first preview start renders after it serves (hooks/preview.py)
    build.files     this language's files, as MkDocs will build them (hooks/content.py)
    build.photos    the photo pipeline (hooks/photos.py), shared by every language
    build.pages     every page built, per language: what sitemaps and hreflang need (hooks/seo.py)
    build.stories   the story views of the language being built (hooks/stories.py)
    build.posts     which story each page file is, asked by four events of each page (hooks/stories.py)
    build.cards     share cards asked for in this language, and all already published (hooks/share.py)
    build.problems  what the build itself found (MkDocs' own warnings re-said, photos, CSP),
                    reported with the content's problems at the very end (hooks/build.py)

Plain Python: no MkDocs import, so the state can be built and tested on its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pioneras.content import Content
from pioneras.problems import Problem, unique
from pioneras.project import Project

CONFIG_KEY = "pioneras"


@dataclass
class Build:
    project: Project
    content: Content
    preview: bool                       # `mkdocs serve`: quicker, and example content shown
    lists: Any = None                   # pioneras.preview.ListDigests: set in a quick rebuild
    outputs: Any = None                 # pioneras.preview.PageOutputs: set in a quick rebuild
    later: set[str] = field(default_factory=set)        # docs/ paths left for the preview's next build
    search_before: dict = field(default_factory=dict)   # lang -> its search index before a quick rebuild
    lang: str = ""
    outer: bool = True
    files: Any = None                   # mkdocs Files of the language being built
    photos: Any = None                  # pioneras.images.Pipeline, once hooks/photos.py starts it
    pages: dict[str, list] = field(default_factory=dict)        # lang -> [seo.PageEntry]
    not_found: dict[str, str] = field(default_factory=dict)     # lang -> its 404 page's HTML
    stories: dict[str, Any] = field(default_factory=dict)       # this language's views and sidebar
    covers: dict[str, Any] = field(default_factory=dict)        # story covers, for every language
    posts: dict[str, Any] = field(default_factory=dict)         # page file -> its story post or None, every language
    cards: dict[str, Any] = field(default_factory=dict)         # site path -> card, this language
    cards_published: set[str] = field(default_factory=set)
    cards_used: set = field(default_factory=set)                # cache files this build used
    hardened: set[str] = field(default_factory=set)             # HTML files given their CSP
    fragments: dict = field(default_factory=dict)               # pioneras.fragments: chrome rendered once
    galleries: dict[str, str] = field(default_factory=dict)     # page src -> its gallery's search stand-in
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def of(cls, config) -> "Build":
        """This build's state (``config`` is MkDocs' config, a mapping)."""
        return config[CONFIG_KEY]

    def attach(self, config) -> None:
        config[CONFIG_KEY] = self

    def enter(self, lang: str, outer: bool) -> None:
        """A language's pass begins (every on_config)."""
        self.lang, self.outer = lang, outer
        self.stories = {}
        self.cards = {}

    @property
    def quick(self) -> bool:
        """A preview rebuild that renders only what changed (`serve --dirty`)."""
        return self.lists is not None

    @property
    def prefix(self) -> str:
        """The current language's URL prefix: '' or 'en/'."""
        return self.project.prefix(self.lang)

    @property
    def words(self):
        """The current language's words (data/ui.yml)."""
        return self.content.words(self.lang)

    def report_pages(self) -> list:
        """The pages of the language being built that show a report (pioneras.listings)."""
        from pioneras.listings import ReportPage
        out = []
        for file in self.files.documentation_pages():
            page = file.page
            slug = page.meta.get("report") if page is not None else None
            if slug:
                out.append(ReportPage(str(slug), page.url, page.title))
        return out

    def add(self, *found: Problem) -> None:
        self.problems.extend(found)

    def all_problems(self) -> list[Problem]:
        return unique([*self.content.problems, *self.problems])
