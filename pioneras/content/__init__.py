"""The content model: everything volunteers write, read once, into typed objects and Problems.

One reader per kind of content, each returning typed objects plus Problems of one type:

    gate.py      every file under docs/ classified (pages, assets, report photos) or refused
    pages.py     page files -> front matter (validated) + Markdown body
    reports.py   report.yml + photos -> reports, consent keyed by the photo's bytes
    data.py      data/*.yml -> donation, contact, testimonials, categories, words
    stories.py   story pages + categories -> the Stories section
    links.py     links, anchors and images of every page

``read_content`` runs them all and then checks what only the whole site can tell (a page
showing a report that does not exist, a story's cover, a page missing from the nav). The
build (hooks/) and ``python3 tasks.py check`` both call it, so for any mistake they give
the same file, line and words. Example content (``example: true``) is kept only in the
preview: ``examples=False`` drops it, as the published site does.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

from pioneras.images import mdimages
from pioneras.problems import ERROR, NOTICE, Problem, notice, problem, unique
from pioneras.project import REPORT_PAGES, REPORTS, Project
from pioneras.stories.posts import Stories

from .data import SiteData, read_data
from .facts import FactsCache
from .gate import Inventory, take_inventory
from .links import LinkChecker
from .pages import PageSource, read_pages
from .reports import Report, ReportPhoto, read_reports
from .schema import REPORT_SLUG
from .stories import read_stories

FACTS_FILE = "originals.json"


class Words(dict):
    """Words of one language, falling back to another's, then to ''."""

    @classmethod
    def of(cls, words: dict, fallback: dict) -> "Words":
        out = cls()
        for key in {*fallback, *words}:
            mine, theirs = words.get(key), fallback.get(key)
            if isinstance(mine, dict) or isinstance(theirs, dict):
                out[key] = cls.of(mine if isinstance(mine, dict) else {}, theirs if isinstance(theirs, dict) else {})
            else:
                out[key] = mine if mine is not None else theirs
        return out

    def __missing__(self, key):
        return ""

    def block(self, name: str) -> "Words":
        """A group of words (``stories``, ``photos``), empty when nobody wrote it."""
        found = self.get(name)
        return found if isinstance(found, Words) else Words()


@dataclass
class Content:
    project: Project
    inventory: Inventory
    pages: dict[str, PageSource]              # by path relative to docs/ ("es/historia.md")
    reports: dict[str, Report]                # by folder name
    data: SiteData
    stories: Stories
    examples: bool                            # example content included (the preview)
    excluded: set[str] = field(default_factory=set)    # pages left out (example content)
    left_out: dict[str, Report] = field(default_factory=dict)  # example reports, by folder name
    problems: list[Problem] = field(default_factory=list)
    _by_path: dict[str, PageSource] | None = field(default=None, repr=False)
    _words: dict[str, "Words"] = field(default_factory=dict, repr=False)

    def photo(self, ref: str) -> ReportPhoto | None:
        """A published report photo by '<report>/<file>', or None."""
        slug, _, name = ref.partition("/")
        report = self.reports.get(slug)
        return report.photo(name) if report else None

    def withdrawn(self, ref: str) -> bool:
        slug, _, name = ref.partition("/")
        report = self.reports.get(slug)
        return bool(report and any(p.file == name for p in report.withdrawn))

    def source(self, abs_path: str | None) -> PageSource | None:
        """The page read from this file (MkDocs names files by their absolute path)."""
        if self._by_path is None:
            self._by_path = {str(page.path): page for page in self.pages.values()}
        return self._by_path.get(abs_path or "")

    def words(self, lang: str) -> "Words":
        """A language's words (data/ui.yml); a word it lacks is the default language's, and
        one nobody wrote is empty (data.py reported both), so no page ever breaks on a word."""
        if lang not in self._words:
            self._words[lang] = Words.of(self.data.words.get(lang) or {},
                                         self.data.words.get(self.project.default_language) or {})
        return self._words[lang]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def read_content(project: Project, *, examples: bool, today: dt.date | None = None,
                 facts: FactsCache | None = None, reuse: dict | None = None) -> Content:
    """Everything the build shows, read and checked. ``reuse``: a dict the caller keeps
    between reads (the preview's rebuilds): unchanged pages are not read again."""
    facts = facts or FactsCache(project.cache_dir(project.settings.photos.cache) / FACTS_FILE)
    context = {"languages": project.languages, "today": today or dt.date.today()}
    inventory = take_inventory(project, facts)
    pages = read_pages(project, inventory.pages, context, reuse)
    data = read_data(project, context)
    reports = read_reports(project, inventory.reports, facts, context)
    stories, story_problems = read_stories(project, pages, data.categories, data.words)
    content = Content(project, inventory, pages, reports, data, stories, examples)
    found = [*project.problems, *inventory.problems, *data.problems, *story_problems]
    for page in pages.values():
        found += page.problems
    for report in reports.values():
        found += report.problems
    if not examples:
        _drop_examples(content)
    found += _report_pages(content)
    found += _photo_references(content)
    found += _translations(content)
    found += _nav(content)
    found += _links(content)
    facts.save()
    content.problems = unique(found)
    return content


def _drop_examples(content: Content) -> None:
    """The published site has no example content: example stories and the pages of
    example reports are left out (the photos of example reports were dropped above)."""
    content.left_out = {slug: r for slug, r in content.reports.items() if r.example}
    example_reports = set(content.left_out)
    content.reports = {slug: r for slug, r in content.reports.items() if not r.example}
    for src, page in content.pages.items():
        front = page.front
        if front is not None and (front.example or (front.report and front.report in example_reports)):
            content.excluded.add(src)
    for lang, posts in content.stories.posts.items():
        content.stories.posts[lang] = [p for p in posts if not p.example]


def _report_pages(content: Content) -> list[Problem]:
    """Every report has its page in each language; every ``report:`` names a report."""
    found: list[Problem] = []
    project = content.project
    shown_by: dict[str, set[str]] = {}
    for src, page in content.pages.items():
        slug = _shown_report(page)
        if src in content.excluded or not slug:
            continue
        if slug not in content.reports and not (project.docs / REPORTS / slug).is_dir():
            found.append(problem("pages.unknown-report", page.shown, page.front_line(("report",)), report=slug))
        shown_by.setdefault(slug, set()).add(page.lang)
    for slug, report in content.reports.items():
        for lang in project.languages:
            if lang in shown_by.get(slug, set()):
                continue
            page = f"{project.docs_shown}/{lang}/{REPORT_PAGES}/{slug}.md"
            found.append(problem("reports.no-page", report.shown, 1, report=slug, page=page, lang=lang,
                                 level=ERROR if lang == project.default_language else NOTICE))
    return found


def _shown_report(page: PageSource) -> str | None:
    """The report a page shows. When another field of its front matter is wrong (a typo),
    ``front`` is None, but a well-formed ``report:`` is still read: a volunteer then sees
    every mistake of the page in one run, not the next one only after fixing the first."""
    if page.front is not None:
        return page.front.report
    slug = page.meta.get("report")
    return slug if isinstance(slug, str) and REPORT_SLUG.match(slug) else None


def _photo_references(content: Content) -> list[Problem]:
    """Story covers, the home page's hero and Markdown images of report photos point at
    published photos. A withdrawn one is dropped with a notice: a withdrawal never blocks
    a deploy."""
    found: list[Problem] = []
    for src, page in content.pages.items():
        if src in content.excluded or page.front is None:
            continue
        for field_name in ("cover", "hero"):
            ref = getattr(page.front, field_name, None)
            if ref:
                found += _reference(content, page, ref, page.front_line((field_name,)), field_name)
        found += _markdown_images(content, page)
    return found


def _reference(content: Content, page: PageSource, ref: str, line: int, what: str) -> list[Problem]:
    if content.photo(ref) is not None:
        return []
    slug = ref.partition("/")[0]
    if content.withdrawn(ref):
        return [notice("photos.reference-withdrawn", page.shown, line, ref=ref, what=what)]
    report = content.reports.get(slug)
    if report is None and not content.examples and (content.project.docs / REPORTS / slug).is_dir():
        return [notice("photos.reference-example", page.shown, line, ref=ref, what=what)]
    return [problem("photos.reference-missing", page.shown, line, ref=ref, what=what, report=slug)]


def _markdown_images(content: Content, page: PageSource) -> list[Problem]:
    found: list[Problem] = []
    reports_dir = REPORTS

    def render(slug: str, name: str, alt: str, offset: int) -> str:
        line = page.line_of(offset)
        ref = f"{slug}/{name}"
        if not alt:
            found.append(problem("photos.no-alt", page.shown, line, image=f"{reports_dir}/{ref}"))
        elif content.photo(ref) is None:
            if content.withdrawn(ref):
                found.append(notice("photos.reference-withdrawn", page.shown, line, ref=ref, what="![]()"))
            else:
                found.append(problem("photos.reference-missing", page.shown, line, ref=ref, what="![]()",
                                     report=slug))
        return ""

    mdimages.rewrite(page.body, page.src.rsplit("/", 1)[0], reports_dir, render)
    return found


def _translations(content: Content) -> list[Problem]:
    """A page exists in the default language (the source); other languages may lag (the
    build then shows the default text with a notice), but never the other way round."""
    project = content.project
    by_rel: dict[str, set[str]] = {}
    for page in content.pages.values():
        by_rel.setdefault(page.rel, set()).add(page.lang)
    found: list[Problem] = []
    for rel, langs in sorted(by_rel.items()):
        default = project.default_language
        if default not in langs:
            for lang in sorted(langs):
                found.append(problem("pages.only-in-translation", f"{project.docs_shown}/{lang}/{rel}", 1,
                                     default_page=f"{project.docs_shown}/{default}/{rel}"))
            continue
        for lang in project.languages:
            if lang not in langs:
                found.append(notice("pages.untranslated", f"{project.docs_shown}/{default}/{rel}", 0,
                                    page=f"{project.docs_shown}/{lang}/{rel}", lang=lang))
    return found


def _nav(content: Content) -> list[Problem]:
    """Every nav entry exists, and every page is in the nav or in a section that lists
    its pages itself (stories, report pages) or in mkdocs.yml's not_in_nav."""
    project = content.project
    if not project.nav:
        # No `nav:` in mkdocs.yml: MkDocs then lists every page itself, so none is left out.
        return []
    found: list[Problem] = []
    default = project.default_language
    for entry in project.nav:
        if f"{default}/{entry}" not in content.pages:
            found.append(problem("nav.missing", "mkdocs.yml", 0, page=entry,
                                 target=f"{project.docs_shown}/{default}/{entry}"))
    listed = set(project.nav)
    spec = _not_in_nav(project.not_in_nav)
    for src, page in content.pages.items():
        if src in content.excluded or page.rel in listed or page.is_story:
            continue
        parts = page.rel.split("/")
        if len(parts) == 2 and parts[0] == REPORT_PAGES:
            continue
        if spec is not None and spec.match_file(src):
            continue
        found.append(problem("nav.omitted", page.shown, 0, page=page.rel))
    return found


def _not_in_nav(value) -> pathspec.PathSpec | None:
    if not value:
        return None
    if isinstance(value, str):
        return pathspec.gitignore.GitIgnoreSpec.from_lines(value.splitlines())
    return value


def _links(content: Content) -> list[Problem]:
    pages = {src: page for src, page in content.pages.items() if src not in content.excluded}
    checker = LinkChecker(pages, set(content.inventory.assets), content.project.default_language,
                          content.project.docs_shown)
    found: list[Problem] = []
    for page in pages.values():
        found += checker.check(page)
    return found


def read_project_content(root: Path, *, examples: bool = False) -> Content:
    """What ``check`` reads: the project as mkdocs.yml describes it, as it will be published."""
    return read_content(Project.from_mkdocs_yml(root), examples=examples)
