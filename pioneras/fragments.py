"""Parts of the page chrome rendered once and reused on every page that shows them alike.

The primary navigation and the tabs are the same HTML on every page that is not itself in
the navigation (every story, list, report and volunteers' page): the same items, the same
ones marked active, links relative to the same folder. Rendering them again for each of
2,000 story pages was a tenth of a large build. The templates wrap them in

    {% cache nav_key, "tabs" %} ... {% endcache %}

(the pattern of Jinja's own fragment-cache example), and the build computes ``nav_key``
for each page (``nav_key`` below); a page in the navigation gets ``None`` and is rendered
in full (its own item, and its table of contents inside the phone menu, are only its own).

Plain Jinja: no MkDocs import. The cache is one dict per build, held by the build's state.
"""
from __future__ import annotations

from typing import Iterable

from jinja2 import nodes
from jinja2.ext import Extension


class FragmentCache(Extension):
    """``{% cache key, part %}body{% endcache %}``: the body rendered once per (key, part);
    a key of None (or undefined) renders it every time."""

    tags = {"cache"}

    def __init__(self, environment):
        super().__init__(environment)
        environment.extend(fragments=None)      # the build's dict, set by the glue

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        args = [parser.parse_expression()]
        parser.stream.expect("comma")
        args.append(parser.parse_expression())
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        return nodes.CallBlock(self.call_method("_render", args), [], [], body).set_lineno(lineno)

    def _render(self, key, part, caller):
        store = self.environment.fragments
        if store is None or key is None or not isinstance(key, tuple):     # undefined: no cache
            return caller()
        if (key, part) not in store:
            store[(key, part)] = caller()
        return store[(key, part)]


def nav_key(lang: str, page_url: str, nav_urls: Iterable[str], active: tuple[bool, ...]) -> tuple | None:
    """What the navigation's HTML depends on for a page outside it, or None for a page in it.

    Links are written relative to the page (MkDocs' ``url`` filter), so two pages in the
    same folder get the same links unless a navigation item lies inside the page's own
    folder; such a page (and any page in the navigation) is not cached."""
    urls = tuple(nav_urls)
    if not page_url.endswith("/") or any(u == page_url or (page_url and u.startswith(page_url)) for u in urls):
        return None
    folder = page_url.rstrip("/").rpartition("/")[0]
    return lang, folder, active


def excerpt_key(lang: str, entry: dict) -> tuple:
    """A story's excerpt in a list (overrides/partials/post-excerpt.html) depends only on the
    list's language (its labels) and on the entry's values, whose links the glue has already
    made relative to the page: the same story on two lists at the same depth is one render.

    Every value is in the key, not only the story's name: an entry also differs by page (its
    cover loads eagerly when it comes first, its category's own page links it as "./").
    Lists become tuples; the entries of one build are made by one function, in one order."""
    return lang, tuple((name, tuple(value) if isinstance(value, list) else value) for name, value in entry.items())
