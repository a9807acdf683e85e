"""What MkDocs and its plugins warn about, said again the project's way: file:line, both languages.

MkDocs' own warnings are English, name no line, and a strict build counts them in each
language's pass separately (a broken English link used to end in "Aborted with 1
warnings" after four lines). The build hook holds every warning back while the build
runs and hands its text here; what a volunteer can cause (a broken link or anchor, a
page missing from the nav) becomes the same Problem pioneras.content would give, at the
line of the link, and anything else is kept whole, wrapped in a bilingual line that says
who to ask. A warning the content checks already reported is not said twice.
"""
from __future__ import annotations

import re

from pioneras.content import Content
from pioneras.problems import Problem, problem

_LINK = re.compile(r"^Doc file '(?P<src>[^']+)' contains (?:a|an unrecognized relative|an absolute) link "
                   r"'(?P<url>[^']*)'(?P<rest>.*)$", re.S)
_ANCHOR = re.compile(r"does not contain an anchor '#(?P<anchor>[^']*)'|there is no such anchor on this page")
_NAV_MISSING = re.compile(r"^A reference to '(?P<page>[^']+)' is included in the 'nav' configuration, "
                          r"which is not found in the documentation files")
# The preview's quick rebuilds (`serve --dirty`): expected there, nothing to fix.
_DIRTY = re.compile(r"^A 'dirty' build is being performed")
_NAV_OMITTED = re.compile(r"^The following pages exist in the docs directory, but are not included in the "
                          r"\"nav\" configuration:(?P<list>.*)$", re.S)


def resay(message: str, content: Content, already: list[Problem]) -> list[Problem]:
    """The Problems a MkDocs warning stands for ([] when the content checks said it first)."""
    project = content.project
    docs = project.docs_shown
    if _DIRTY.match(message):
        return []
    link = _LINK.match(message)
    if link:
        page = content.pages.get(link["src"])
        shown = page.shown if page else f"{docs}/{link['src']}"
        url = link["url"]
        if any(p.path == shown and url in p.es for p in already):
            return []
        line = _line_of(page, url)
        rest = link["rest"]
        anchor = _ANCHOR.search(rest)
        if anchor:
            if anchor["anchor"] is None:
                return [problem("links.anchor-here", shown, line, url=url, anchor=url.partition("#")[2])]
            return [problem("links.anchor", shown, line, url=url, anchor=anchor["anchor"],
                            page=f"{docs}/{url.partition('#')[0]}")]
        if "absolute link" in message:
            return [problem("links.absolute", shown, line, url=url)]
        return [problem("links.not-found", shown, line, url=url)]
    missing = _NAV_MISSING.match(message)
    if missing:
        found = problem("nav.missing", "mkdocs.yml", 0, page=missing["page"],
                        target=f"{docs}/{project.default_language}/{missing['page']}")
        return [] if any(p.code == "nav.missing" and missing["page"] in p.es for p in already) else [found]
    omitted = _NAV_OMITTED.match(message)
    if omitted:
        out = []
        for src in re.findall(r"^\s*-\s*(\S.*?)\s*$", omitted["list"], re.M):
            shown = f"{docs}/{src}"
            if not any(p.code == "nav.omitted" and p.path == shown for p in already):
                out.append(problem("nav.omitted", shown, 0, page=src.partition("/")[2] or src))
        return out
    return [problem("build.warning", "mkdocs.yml", 0, text=message.strip())]


def _line_of(page, url: str) -> int:
    """The line of the first occurrence of ``url`` in the page's file (0 when not found)."""
    if page is None:
        return 0
    index = page.body.find(f"({url}")
    if index < 0:
        index = page.body.find(url)
    return page.line_of(index) if index >= 0 else 0
