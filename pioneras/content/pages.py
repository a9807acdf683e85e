"""The one reader of pages: bytes of ``docs/<lang>/**.md`` -> front matter + Markdown body.

MkDocs would read each page itself, but not as a volunteer's editor writes it: a page
saved by Windows Notepad as "ANSI" (Latin-1) stops the build with a traceback; with CRLF
line ends and a BOM it is read, yet the stories reader used to see no front matter at
all; an alias bomb in the front matter runs MkDocs' pure-Python YAML for minutes. So the
project reads every page once, here, and the build hands MkDocs the result (the body
only, front matter already parsed, see hooks/content.py). What the volunteer wrote is
never changed on disk.

Decoding: UTF-8, with or without BOM, any line ends -> LF. Anything else (Latin-1,
UTF-16, a binary file named .md) is a problem at the line of the first bad byte, in
``check`` and the build alike.

Which schema applies depends on where the page is: a story (``historias/<name>.md``)
must have the story fields (pioneras.content.stories reads the validated result); every
other page may carry the general front-matter fields.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from pioneras.problems import Problem, problem
from pioneras.project import STORIES, Project
from pioneras.stories.posts import reading_time
from pioneras.yamlsafe import Located, load

from .schema import FrontMatter, StoryMeta, problems_of

MAX_BYTES = 2_000_000
MAX_FRONT_MATTER = 64_000
# MkDocs' own rule (mkdocs.utils.meta): '---' line, YAML, then a '---' or '...' line.
_OPEN = re.compile(r"\A---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)
_NOT_INDEX = {"index.md", "README.md"}


@dataclass
class PageSource:
    src: str                    # path relative to docs/: "es/historia.md"
    lang: str
    path: Path
    shown: str                  # "docs/es/historia.md"
    meta: dict = field(default_factory=dict)        # the front matter as written (for MkDocs)
    front: FrontMatter | None = None                # validated (StoryMeta for a story)
    body: str = ""              # Markdown after the front matter, LF line ends
    body_line: int = 1          # the line of the file where ``body`` starts
    located: Located | None = None                  # front matter lines
    problems: list[Problem] = field(default_factory=list)
    _made: dict = field(default_factory=dict, repr=False, compare=False)      # see once()

    @property
    def rel(self) -> str:
        """The path inside the language folder: 'historia.md', 'historias/x.md'."""
        return self.src.split("/", 1)[1]

    @property
    def is_story(self) -> bool:
        return is_story(self.rel)

    @property
    def text_for_mkdocs(self) -> str:
        # A blank first line: MkDocs finds no front matter (and no MultiMarkdown "Key: value"
        # header either) and converts the body exactly as it would have after its own split.
        return "\n" + self.body

    def once(self, key, make):
        """A value derived from this page alone (its links, its reading time), made once:
        the preview keeps pages between rebuilds, and with them what was made of them."""
        if key not in self._made:
            self._made[key] = make()
        return self._made[key]

    def reading_time(self, words_per_minute: int) -> int:
        return self.once(("minutes", words_per_minute), lambda: reading_time(self.body, words_per_minute))

    def front_line(self, loc: tuple) -> int:
        """File line of a front-matter field (1 when there is no front matter)."""
        return self.located.line(loc) if self.located else 1

    def line_of(self, body_offset: int) -> int:
        """File line of a character offset in ``body``."""
        return self.body_line + self.body.count("\n", 0, body_offset)


def is_story(rel: str) -> bool:
    parts = rel.split("/")
    return len(parts) == 2 and parts[0] == STORIES and parts[1].endswith(".md") and parts[1] not in _NOT_INDEX


def decode(data: bytes, shown: str) -> tuple[str, list[Problem]]:
    """The text of a page file, LF line ends; a problem (and a readable text) when not UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace"), [problem("file.not-utf8", shown, 1)]
    if b"\0" in data[:8000]:
        return "", [problem("file.binary", shown)]
    try:
        text = data.decode("utf-8-sig")
        found: list[Problem] = []
    except UnicodeDecodeError as err:
        text = data.decode("utf-8", "replace")
        found = [problem("file.not-utf8", shown, data[:err.start].count(b"\n") + 1)]
    return text.replace("\r\n", "\n").replace("\r", "\n"), found


def read_page(project: Project, src: str, path: Path, context: dict) -> PageSource:
    shown = project.shown(path)
    page = PageSource(src, src.split("/", 1)[0], path, shown)
    try:
        data = path.read_bytes()
    except OSError as err:
        page.problems.append(problem("file.unreadable", shown, detail=err.strerror or type(err).__name__))
        return page
    if len(data) > MAX_BYTES:
        page.problems.append(problem("file.too-large", shown, size=len(data) // 1000, limit=MAX_BYTES // 1000))
        return page
    text, page.problems = decode(data, shown)
    if text and not text.endswith("\n"):
        text += "\n"
    opening = _OPEN.match(text)
    if not opening:
        page.body = text
        if page.is_story:
            page.problems.append(problem("pages.story-without-front-matter", shown, 1))
        return page
    closing = _CLOSE.search(text, opening.end())
    if closing is None:
        page.problems.append(problem("pages.front-matter-open", shown, 1))
        page.body = text
        return page
    block = text[opening.end():closing.start()]
    page.body = text[closing.end() + 1:].lstrip("\n")
    page.body_line = text.count("\n", 0, len(text) - len(page.body)) + 1
    data, found, located = load(block, shown, offset=1, max_bytes=MAX_FRONT_MATTER)
    page.located = located
    page.problems += found
    if found:
        return page
    if data is None:
        data = {}
    if not isinstance(data, dict):
        page.problems.append(problem("pages.front-matter-not-mapping", shown, 2))
        return page
    page.meta = data
    model = StoryMeta if page.is_story else FrontMatter
    try:
        page.front = model.model_validate(data, context=context)
    except ValidationError as err:
        page.problems += problems_of(err, shown, located, fields=tuple(model.model_fields))
    return page


def read_pages(project: Project, pages: dict[str, Path], context: dict,
               reuse: dict | None = None) -> dict[str, PageSource]:
    """Every page of the inventory, by its path relative to docs/.

    ``reuse`` (the preview's, kept between its rebuilds): pages read before, by their path;
    a file whose size, modification time and inode are unchanged (on the same day: a
    story's date is checked against today) is not read again. Nothing changes a
    PageSource once read, so one can serve several builds."""
    out = {}
    for src, path in sorted(pages.items()):
        key = None
        if reuse is not None:
            try:
                st = os.stat(path)
                key = (str(path), st.st_size, st.st_mtime_ns, st.st_ino, context.get("today"))
            except OSError:
                pass
        kept = reuse.get(src) if reuse is not None else None
        if key is not None and kept is not None and kept[0] == key:
            out[src] = kept[1]
            continue
        out[src] = read_page(project, src, path, context)
        if key is not None:
            reuse[src] = (key, out[src])
    if reuse is not None:
        for gone in set(reuse) - set(out):
            del reuse[gone]
    return out
