"""MkDocs glue for pioneras.stories: the Stories section (list, archive, categories, feeds).

Why not Material's blog plugin: with static-i18n 1.3.1 every view the blog plugin
generates (archive, category and pagination pages) is dropped by static-i18n
("Unhandled file case", measured: 16 warnings for 12 posts per language, only the two
index pages survive). So the section is built on plain pages:

* posts are ordinary pages ``docs/<lang>/historias/<name>.md`` (same name in both
  languages, so static-i18n's language switch, the hreflang links and the sitemaps of
  hooks/i18n_fixes.py pair them), kept out of the nav, rendered with
  ``overrides/blog-story.html`` in Material's post layout (``md-post`` classes);
* list, archive and category pages are generated here, per language, AFTER static-i18n
  reorganised the files (priority -200), and carry the attributes static-i18n gives its
  own files (locale, alternates), so the language switch and hreflang work for them too;
* feeds are written at the end of each language's build.

The logic is in pioneras.stories; the cover photo goes through the photo pipeline
(pioneras.images, run by hooks/photo_reports.py), see ``_covers``.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

from pioneras import stories as st

log = logging.getLogger("mkdocs.plugins.pioneras.stories")
LIST_TEMPLATE = "blog-stories.html"
POST_TEMPLATE = "blog-story.html"
COVER_PARTIAL = "partials/post-cover.html"

_state: dict = {"stories": st.Stories(), "views": {}, "env": None, "index": None, "covers": {}}


def _lang(config) -> str:
    return config.plugins["i18n"].current_language


def _root(config) -> Path:
    return Path(config.config_file_path).parent


@event_priority(100)
def on_pre_build(config) -> None:
    # static-i18n builds the default language first, then the others in the same process:
    # read the posts once per build, report problems once.
    if _lang(config) != st.DEFAULT:
        return
    stories = st.load(Path(config.docs_dir), _root(config) / "data" / "stories.yml")
    for problem in stories.problems:
        log.warning(problem)
    _state.update(stories=stories, covers={}, env=None)


@event_priority(-200)
def on_files(files, config):
    lang = _lang(config)
    stories: st.Stories = _state["stories"]
    for f in files.documentation_pages(inclusion=InclusionLevel.is_included):
        hit = st.is_post_src(f.src_uri)
        if hit:
            post = stories.post(*hit)
            # Posts are reached from the lists, not the nav; a draft is left out of the build.
            f.inclusion = InclusionLevel.DRAFT if post and post.draft else InclusionLevel.NOT_IN_NAV

    views = st.views(stories, lang)
    elsewhere = {other: {v.path for v in st.views(stories, other)} for other in st.LANGS if other != lang}
    _state["views"] = {}
    for view in views:
        _state["views"][st.lang_prefix(lang) + view.path] = view
        if not view.generated:
            continue
        generated = _generated(config, lang, view.path, st.generated_markdown(view, stories, lang, LIST_TEMPLATE))
        for other, paths in elsewhere.items():
            if view.path in paths:
                generated.alternates[other] = _generated(config, other, view.path, "")
        files.append(generated)
    return files


def _generated(config, lang: str, path: str, content: str) -> File:
    """A generated page that looks to static-i18n and hooks/i18n_fixes.py like one of theirs."""
    f = File.generated(config, st.lang_prefix(lang) + path.rstrip("/") + ".md", content=content,
                       inclusion=InclusionLevel.NOT_IN_NAV)
    f.locale = f.locale_alternate_of = f.localization = lang
    f.norm_src_uri = path.rstrip("/") + ".md"
    f.alternates = {lang: f}
    return f


def on_nav(nav, config, files):
    # The "Historias" page of this language: its tab is highlighted on every story page.
    target = st.lang_prefix(_lang(config)) + f"{st.SECTION}/"
    _state["index"] = next((p for p in nav.pages if p.url == target), None)
    return nav


def _env(config):
    # Pages are converted to HTML before MkDocs' on_env, so the partial is rendered with
    # the theme's own environment (it uses no filter that needs a page).
    if _state["env"] is None:
        _state["env"] = config.theme.get_env()
    return _state["env"]


def on_page_markdown(markdown, page, config, files):
    hit = st.is_post_src(page.file.src_uri)
    post = _state["stories"].post(*hit) if hit else None
    if post is None:
        return markdown
    page.story = post
    cover = _covers(config).get(post.cover)
    # For hooks/share_meta.py (JSON-LD, article:section).
    page.story_extras = {"categories": _state["stories"].categories,
                         "translations": _state["stories"].translations(post),
                         "cover": cover.image if cover else None}
    page.meta["template"] = page.meta.get("template") or POST_TEMPLATE
    page.meta.setdefault("description", post.description or post.summary)
    if not re.search(r"^#\s", markdown, re.M):     # the title is front matter; show it as <h1>
        markdown = f"# {post.title}\n\n{markdown}"
    return markdown


def on_page_content(html, page, config, files):
    post = getattr(page, "story", None)
    if post is None:
        return html
    lang = _lang(config)
    cover = _covers(config).get(post.cover)
    block = _env(config).get_template(COVER_PARTIAL).render(
        post=post, lang=lang, labels=st.LABELS[lang],
        cover_html=cover.html(page.url, post.lang) if cover else None)
    # Right under the title: the cover photo and, for a stand-in, the "example" notice.
    head, sep, rest = html.partition("</h1>")
    return head + sep + block + rest if sep else block + html


def on_page_context(context, page, config, nav):
    lang = _lang(config)
    stories: st.Stories = _state["stories"]
    post = getattr(page, "story", None)
    view = _state["views"].get(page.url)
    if post is None and view is None:
        return context
    context["stories"] = {
        "labels": st.LABELS[lang],
        "index": st.lang_prefix(lang) + f"{st.SECTION}/",
        "sidebar": _prefixed_sidebar(stories, lang),
        "feeds": st.feed_links(lang, config.site_url),
    }
    if post is not None:
        context["story"] = _entry(stories, post, lang, post.lang != lang, config, page.url)
        context["story"]["translation"] = _translation(stories, post, lang)
    if view is not None:
        context["stories"]["view"] = {
            "kind": view.kind, "page": view.page, "pages": view.pages,
            "newer": view.newer and st.lang_prefix(lang) + view.newer,
            "older": view.older and st.lang_prefix(lang) + view.older,
            "entries": [_entry(stories, e.post, lang, e.fallback, config, page.url) for e in view.entries],
        }
        entries = context["stories"]["view"]["entries"]
        if entries and entries[0]["cover_html"] and "<picture" not in (page.content or ""):
            from pioneras.images import markup      # the first photo on the page loads first
            entries[0]["cover_html"] = markup.eager_first(entries[0]["cover_html"])
    if _state["index"] is not None and page is not _state["index"]:
        _state["index"].active = True          # highlight the Stories tab
    return context


def on_post_page(output, page, config):
    if _state["index"] is not None and page is not _state["index"]:
        _state["index"].active = False
    return output


def _prefixed_sidebar(stories: st.Stories, lang: str) -> dict:
    side = st.sidebar(stories, lang)
    prefix = st.lang_prefix(lang)
    return {k: [(name, prefix + path, n) for name, path, n in items] for k, items in side.items()}


def _entry(stories: st.Stories, post: st.Post, lang: str, fallback: bool, config, page_url: str) -> dict:
    """What a template needs to show a post (in a list, or on its own page)."""
    prefix = st.lang_prefix(lang)
    cover = _covers(config).get(post.cover)
    return {
        "title": post.title,
        "url": prefix + post.path,
        "date": post.date.isoformat(),
        "date_label": st.format_date(post.date, lang),
        "summary": post.summary,
        "authors": list(post.authors),
        "categories": [(stories.category_name(c, lang), prefix + st.view_path("category", c))
                       for c in post.categories],
        "readtime": st.readtime_label(post.readtime, lang),
        "example": post.example,
        "pin": post.pin,
        "lang": post.lang,
        "fallback": fallback,
        "cover_html": cover.html(page_url, post.lang, decorative=True) if cover else None,
    }


def _translation(stories: st.Stories, post: st.Post, lang: str) -> dict | None:
    if post.lang != lang:          # an untranslated page shown in another language: no link
        return None
    for other, version in stories.translations(post).items():
        return {"lang": other, "url": st.lang_prefix(other) + version.path,
                "label": st.LABELS[lang]["translation"], "title": version.title}
    return None


def on_post_build(config) -> None:
    # Each language's own feeds, at the end of that language's build.
    lang = _lang(config)
    stories: st.Stories = _state["stories"]
    covers = {ref: c.image for ref, c in _covers(config).items()}
    info = st.FeedInfo(lang, config.site_url)
    folder = Path(config.site_dir) / st.lang_prefix(lang) / st.SECTION
    folder.mkdir(parents=True, exist_ok=True)
    posts = stories.published(lang)
    for name, text in st.feeds(info, posts, covers, stories.categories).items():
        (folder / name).write_text(text, encoding="utf-8")
    log.info("stories (%s): %d posts, feeds in %s/", lang, len(posts), folder.relative_to(config.site_dir).as_posix())


# ---------------------------------------------------------------- covers

PHOTO_HOOK = "hooks/photo_reports.py"
# The cover's width on screen, measured in Chromium on the built pages (Material 9.8.1's
# grid, whose rem grows at 100em and 125em; its sidebars appear at 60em and 76.25em):
# a post at 1280/1600/2000 px shows it 446/491/535 px wide, a list 688/757/826 px.
_NARROW = "(min-width: 60em) calc(100vw - 274px), calc(100vw - 32px)"
POST_SIZES = f"(min-width: 125em) 535px, (min-width: 100em) 491px, (min-width: 76.25em) 446px, {_NARROW}"
LIST_SIZES = f"(min-width: 125em) 826px, (min-width: 100em) 757px, (min-width: 76.25em) 688px, {_NARROW}"


class _Cover:
    """A post's cover as the photo pipeline published it."""

    def __init__(self, published, entry, image: st.CoverImage) -> None:
        self.published, self.entry, self.image = published, entry, image

    def html(self, page_url: str, lang: str, decorative: bool = False) -> str:
        from pioneras.images import markup
        base = _base(page_url)
        if decorative:          # in a list the title next to it already says what it is
            return markup.card_picture(self.published, base, LIST_SIZES)
        words = getattr(self.entry.photo, lang, None) or self.entry.photo.es
        return markup.picture(self.published, words.alt, base, POST_SIZES)


def _base(page_url: str) -> str:
    """Relative path from a page to the site root: 'historias/x/' -> '../../'."""
    depth = len([p for p in page_url.split("/") if p])
    return "../" * depth


def _photo_pipeline(config):
    """The photo pipeline of this build, owned by hooks/photo_reports.py (one per build,
    shared by both languages). INTEGRATION POINT: that hook keeps it in ``_pipeline``;
    a public ``current_pipeline()`` there is used instead as soon as it exists."""
    hook = (getattr(config, "hooks", None) or {}).get(PHOTO_HOOK)
    if hook is None:
        return None
    accessor = getattr(hook, "current_pipeline", None)
    return accessor() if callable(accessor) else getattr(hook, "_pipeline", None)


def _covers(config) -> dict[str, _Cover]:
    """Every post's cover, through the photo pipeline, once per build (both languages):
    the same variants, no metadata, and only photos whose consent allows publishing.
    A cover that cannot be shown is a warning (so --strict stops), never a silent gap."""
    pipeline = _photo_pipeline(config)
    if _state["covers"].get("_pipeline") is pipeline and "items" in _state["covers"]:
        return _state["covers"]["items"]
    items: dict[str, _Cover] = {}
    _state["covers"] = {"_pipeline": pipeline, "items": items}
    stories: st.Stories = _state["stories"]
    refs = {}
    for lang in st.LANGS:
        for post in stories.posts[lang]:
            if not post.draft:
                refs.setdefault(post.cover, post.src)
    if pipeline is None:
        if refs:
            log.warning("stories: covers need the photo pipeline (%s in mkdocs.yml hooks) / "
                        "las portadas necesitan el flujo de fotos", PHOTO_HOOK)
        return items
    for ref, src in sorted(refs.items()):
        slug, _, name = ref.partition("/")
        report = pipeline.reports.get(slug)
        entry = next((e for e in report.entries if e.photo.file == name), None) if report else None
        published = pipeline.photo(slug, name) if entry else None
        if published is None:
            log.warning(
                "%s: cover: «%s» no se puede mostrar: la foto debe estar en docs/photo-reports/%s/ "
                "y en su report.yml, con consentimiento (given o no-people) / cover '%s' cannot be "
                "shown: the photo must be in docs/photo-reports/%s/ and listed in its report.yml, "
                "with consent (given or no-people)", src, ref, slug, ref, slug)
            continue
        jpeg_spec, jpeg_key = max(((s, k) for s, k in published.keys if s.fmt == "jpeg"),
                                  key=lambda sk: sk[0].width)
        image = st.CoverImage(
            url=st.absolute(config.site_url, published.path(jpeg_spec)), mime="image/jpeg",
            width=jpeg_spec.width, height=jpeg_spec.height,
            length=pipeline.cache.object_path(jpeg_key, jpeg_spec.ext).stat().st_size,
            alt=entry.photo.es.alt)
        items[ref] = _Cover(published, entry, image)
    return items
