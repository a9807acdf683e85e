"""MkDocs glue for the Stories section: list, archive and category pages, covers, feeds.

Why not Material's blog plugin: with static-i18n 1.3.1 every view the blog plugin
generates is dropped ("Unhandled file case"). So the section is built on plain pages:

* posts are ordinary pages ``docs/<lang>/historias/<name>.md`` (same name in every
  language, so static-i18n's switch, hreflang and sitemaps pair them), out of the nav,
  rendered with ``overrides/blog-story.html`` in Material's post layout;
* list, archive and category pages are generated here per language, after static-i18n
  arranged the files (priority -200), with the attributes static-i18n gives its own;
* each language's feeds are written at the end of its pass.

The posts come from pioneras.content (``build.content.stories``); the logic of views and
feeds is pioneras.stories; covers go through the photo pipeline (``build.photos``).
"""
from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from markupsafe import Markup
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import normalize_url

from pioneras import fragments
from pioneras import stories as st
from pioneras.build import Build
from pioneras.images import markup
from pioneras.listings import cover_for

log = logging.getLogger("mkdocs.plugins.pioneras.stories")
LIST_TEMPLATE = "blog-stories.html"
POST_TEMPLATE = "blog-story.html"


@event_priority(-200)
def on_files(files, config):
    build = Build.of(config)
    stories, lang = build.content.stories, build.lang
    for f in files.documentation_pages(inclusion=InclusionLevel.is_included):
        source = build.content.source(f.abs_src_path)
        if source is not None and source.is_story:
            # Reached from the lists, not the nav (even when its front matter has a mistake,
            # which pioneras.content reported); a draft is left out of the build.
            post = _post(build, f)
            f.inclusion = InclusionLevel.DRAFT if post and post.draft else InclusionLevel.NOT_IN_NAV
    views = st.views(stories, lang)
    elsewhere = {other: {v.path for v in st.views(stories, other)}
                 for other in build.project.languages if other != lang}
    labels = build.words.block("stories")
    feeds = _feed_info(build, lang, config)
    # Said on every page of the language (here and in hooks/share.py): made once.
    build.stories = {"views": {}, "meta": {}, "index": None, "entries": {},
                     "sidebar": _sidebar(build), "feeds": feeds, "feed_links": st.feed_links(feeds)}
    if build.quick:     # the published photos decide which covers a list shows
        photos = [(slug, [p.file for p in r.photos]) for slug, r in sorted(build.content.reports.items())]
    for view in views:
        url = build.prefix + view.path
        build.stories["views"][url] = view
        if not view.generated:
            continue
        generated = _generated(config, build, lang, view.path, st.generated_markdown(view, stories, lang, labels))
        if build.quick:                 # a quick preview rebuild: render it only if it changed
            generated.unchanged = not build.lists.changed(url, view, build.stories["sidebar"], photos)
            generated.later = bool(build.later)     # a first start renders the lists after it serves
        build.stories["meta"][generated.src_uri] = st.generated_meta(view, stories, lang, labels, LIST_TEMPLATE)
        for other, paths in elsewhere.items():
            if view.path in paths:
                generated.alternates[other] = _generated(config, build, other, view.path, "")
        files.append(generated)
    return files


class _ListPage(File):
    """A generated list page. In a quick preview rebuild one whose entries did not change
    counts as up to date, as an unchanged Markdown file does; after a first start, one not
    rendered yet waits for the build in the background (hooks/preview.py)."""

    unchanged = False
    later = False

    def is_modified(self) -> bool:
        # Up to date only if its page is still there (a change to data/ empties the preview).
        if self.unchanged and os.path.isfile(self.abs_dest_path):
            return False
        if self.later and not os.path.isfile(self.abs_dest_path):
            return False
        return super().is_modified()


def _generated(config, build: Build, lang: str, path: str, content: str) -> File:
    """A generated page that looks to static-i18n and hooks/seo.py like one of theirs."""
    f = _ListPage.generated(config, build.project.prefix(lang) + path.rstrip("/") + ".md", content=content,
                       inclusion=InclusionLevel.NOT_IN_NAV)
    f.locale = f.locale_alternate_of = f.localization = lang
    f.norm_src_uri = path.rstrip("/") + ".md"
    f.alternates = {lang: f}
    return f


def on_nav(nav, config, files):
    # The "Historias" page of this language: its tab is highlighted on every story page.
    build = Build.of(config)
    target = build.prefix + f"{st.SECTION}/"
    build.stories["index"] = next((p for p in nav.pages if p.url == target), None)
    return nav


def _post(build: Build, file) -> st.Post | None:
    """The post a file is (a fallback page in another language is the default's post).
    Asked by four events of every page: looked up once a build."""
    path = file.abs_src_path
    if path not in build.posts:
        source = build.content.source(path)
        build.posts[path] = (build.content.stories.post(source.lang, Path(source.rel).stem)
                             if source is not None and source.is_story else None)
    return build.posts[path]


def on_page_markdown(markdown, page, config, files):
    build = Build.of(config)
    meta = build.stories.get("meta", {}).get(page.file.src_uri)
    if meta is not None:            # a generated list page
        page.meta.update(meta)
        return markdown
    post = _post(build, page.file)
    if post is None:
        return markdown
    page.meta["template"] = page.meta.get("template") or POST_TEMPLATE
    page.meta.setdefault("description", post.description or post.summary)
    if not re.search(r"^#\s", markdown, re.M):     # the title is front matter; show it as <h1>
        markdown = f"# {st.markdown_text(post.title)}\n\n{markdown}"
    return markdown


def on_page_content(html, page, config, files):
    build = Build.of(config)
    post = _post(build, page.file)
    if post is None:
        return html
    cover = cover_for(build, post.cover)
    block = st.cover_block(cover.html(page.url, post.lang, build) if cover else None, post.example,
                           build.words.block("stories"))
    # Right under the title: the cover photo and, for a stand-in, the "example" notice.
    head, sep, rest = html.partition("</h1>")
    return head + sep + block + rest if sep else block + html


def on_page_context(context, page, config, nav):
    build = Build.of(config)
    lang = build.lang
    post = _post(build, page.file)
    view = build.stories["views"].get(page.url)
    if post is None and view is None:
        return context
    labels = build.words.block("stories")
    context["stories"] = {
        "labels": labels,
        "index": build.prefix + f"{st.SECTION}/",
        "sidebar": build.stories["sidebar"],
        "feeds": build.stories["feed_links"],
    }
    if post is not None:
        context["story"] = _entry(build, post, post.lang != lang, page.url)
        context["story"]["translations"] = _translations(build, post) if post.lang == lang else []
    if view is not None:
        entries = [_entry(build, e.post, e.fallback, page.url) for e in view.entries]
        if entries and entries[0]["cover_html"] and "<picture" not in (page.content or ""):
            entries[0]["cover_html"] = Markup(markup.eager_first(entries[0]["cover_html"]))
        _excerpt_links(entries, page, build.lang)
        context["stories"]["view"] = {
            "kind": view.kind, "page": view.page, "pages": view.pages,
            "newer": view.newer and build.prefix + view.newer,
            "older": view.older and build.prefix + view.older,
            "entries": entries,
        }
    index = build.stories["index"]
    if index is not None and page is not index:
        index.active = True          # highlight the Stories tab
    return context


def on_post_page(output, page, config):
    index = Build.of(config).stories.get("index")
    if index is not None and page is not index:
        index.active = False
    return output


def _sidebar(build: Build) -> dict:
    """Archive years and categories with counts: once per language, not once per page."""
    side = st.sidebar(build.content.stories, build.lang)
    return {k: [(name, build.prefix + path, n) for name, path, n in items] for k, items in side.items()}


def _entry(build: Build, post: st.Post, fallback: bool, page_url: str) -> dict:
    """What a template needs to show a post (in a list, or on its own page): a new dict,
    which the caller may change. Only the cover depends on the page (its depth); the rest
    is made once per language, as a story is listed on three or four pages."""
    made = build.stories["entries"]
    key = (post.lang, post.path, fallback)
    if key not in made:
        made[key] = _post_entry(build, post, fallback)
    cover = cover_for(build, post.cover)
    return {**made[key],
            "cover_html": Markup(cover.html(page_url, post.lang, build, decorative=True)) if cover else None}


def _post_entry(build: Build, post: st.Post, fallback: bool) -> dict:
    labels = build.words.block("stories")
    locale = build.words.get("locale", build.lang)
    return {
        "title": post.title,
        "url": build.prefix + post.path,
        "date": post.date.isoformat(),
        "date_label": st.format_date(post.date, locale),
        "summary": post.summary,
        "authors": list(post.authors),
        "categories": [(build.content.stories.category_name(c, build.lang), build.prefix + st.view_path("category", c))
                       for c in post.categories],
        "readtime": st.readtime_label(post.readtime, labels),
        "example": post.example,
        "pin": post.pin,
        "lang": post.lang,
        "fallback": fallback,
    }


def _excerpt_links(entries: list[dict], page, lang: str) -> None:
    """Each entry's links relative to the list page, as the `url` filter writes them, and
    the key its excerpt is rendered once under (pioneras.fragments.excerpt_key). The
    categories repeat on every entry of a page: each is made relative once."""
    relative: dict[str, str] = {}

    def rel(path: str) -> str:
        if path not in relative:
            relative[path] = normalize_url(path, page=page)
        return relative[path]

    for entry in entries:
        entry["href"] = rel(entry["url"])
        entry["category_links"] = [(name, rel(path)) for name, path in entry["categories"]]
        entry["key"] = fragments.excerpt_key(lang, entry)


def _translations(build: Build, post: st.Post) -> list[dict]:
    """Links to this story in the other languages, each labelled in its own language."""
    return [{"lang": other, "url": build.project.prefix(other) + version.path,
             "label": build.content.words(other).block("stories").get("read_here", other),
             "title": version.title}
            for other, version in build.content.stories.translations(post).items()]


def _feed_info(build: Build, lang: str, config) -> st.FeedInfo:
    words = build.content.words(lang)
    return st.FeedInfo(lang, build.project.prefix(lang), words.get("locale", lang), words.block("stories"),
                       config.site_url)


def on_post_build(config) -> None:
    # Each language's own feeds, at the end of that language's pass; not in the preview,
    # which no feed reader follows (a tenth of a rebuild at 1,000 stories).
    build = Build.of(config)
    if build.preview:
        return
    info = build.stories["feeds"]
    covers = {}
    for post in build.content.stories.published(build.lang):
        cover = cover_for(build, post.cover)
        if cover is not None:
            covers[post.cover] = cover.image
    folder = Path(config.site_dir) / build.prefix / st.SECTION
    folder.mkdir(parents=True, exist_ok=True)
    posts = build.content.stories.published(build.lang)
    for name, text in st.feeds(info, posts, covers, build.content.stories.categories).items():
        (folder / name).write_text(text, encoding="utf-8")
