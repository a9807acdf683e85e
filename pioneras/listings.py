"""Cards that list reports and stories: the reports' index, and the home page's latest ones.

Plain data for the templates (overrides/partials/gallery-cards.html, overrides/home.html):
title, address, date, and a cover through the photo pipeline, decorative (the card's link
already reads the title), only where the photo is published. Addresses are paths from the
site root; the templates make them relative with MkDocs' ``url`` filter.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from pioneras.images import markup
from pioneras.seo import absolute
from pioneras.stories import CoverImage, format_date, month_label

# The cards' image width on screen (the grid of docs/assets/stylesheets/gallery.css).
CARD_SIZES = "(min-width: 76.25em) 380px, (min-width: 38em) 48vw, 100vw"
# A story's cover on screen, measured in Chromium on the built pages (Material 9.8.1's grid,
# whose rem grows at 100em and 125em; its sidebars appear at 60em and 76.25em): a post at
# 1280/1600/2000 px shows it 446/491/535 px wide, a list 688/757/826 px.
_NARROW = "(min-width: 60em) calc(100vw - 274px), calc(100vw - 32px)"
POST_SIZES = f"(min-width: 125em) 535px, (min-width: 100em) 491px, (min-width: 76.25em) 446px, {_NARROW}"
LIST_SIZES = f"(min-width: 125em) 826px, (min-width: 100em) 757px, (min-width: 76.25em) 688px, {_NARROW}"
# The home page's cover photo beside the title (overrides/home.html), measured likewise.
HERO_SIZES = ("(min-width: 125em) 656px, (min-width: 100em) 601px, (min-width: 76.25em) 547px, "
              "(min-width: 60em) calc(47.6vw - 34px), calc(100vw - 32px)")


@dataclass(frozen=True)
class Cover:
    """A report photo used as a cover (a story's, the home page's), as the pipeline published it."""

    published: object              # pioneras.images.Published
    entry: object                  # pioneras.content.reports.ReportPhoto
    image: CoverImage              # for feeds and JSON-LD
    # Markup already made, by (depth, language, decorative, sizes): a cover shown on a
    # thousand list pages is written once per depth.
    made: dict = field(default_factory=dict, compare=False, repr=False)

    def html(self, page_url: str, lang: str, build, decorative: bool = False, sizes: str | None = None) -> str:
        """The cover's <picture>; ``sizes`` as wide as it is shown (a story's list by default
        when decorative, a story's page otherwise)."""
        base = "../" * len([p for p in page_url.split("/") if p])
        key = (base, lang, decorative, sizes)
        if key not in self.made:
            if decorative:          # in a list the title next to it already says what it is
                self.made[key] = markup.card_picture(self.published, base, sizes or LIST_SIZES)
            else:
                text = self.entry.photo.texts.get(lang) or self.entry.photo.text(build.project.default_language)
                self.made[key] = markup.picture(self.published, text.alt, base, sizes or POST_SIZES)
        return self.made[key]


def cover_for(build, ref: str) -> Cover | None:
    """A report photo by '<report>/<file>' through the photo pipeline, once per build for
    every language: the same variants, no metadata, and only a photo whose consent allows
    it. A withdrawn or missing one was reported by pioneras.content; the page goes without."""
    if ref in build.covers:
        return build.covers[ref]
    entry = build.content.photo(ref)
    published = build.photos.photo(entry.report, entry.file) if entry else None
    cover = None
    if published is not None:
        spec, _ = max(((s, k) for s, k in published.keys if s.fmt == "jpeg"), key=lambda sk: sk[0].width)
        image = CoverImage(url=absolute(build.project.site_url, published.path(spec)), mime="image/jpeg",
                           width=spec.width, height=spec.height, length=build.photos.size(published, spec) or 0,
                           alt=entry.photo.text(build.project.default_language).alt)
        cover = Cover(published, entry, image)
    build.covers[ref] = cover
    return cover


@dataclass(frozen=True)
class ReportPage:
    """A report's page in the language being built."""

    slug: str
    url: str            # from the site root: "en/informes-fotograficos/2025-05-feria/"
    title: str


def report_cards(pages: list[ReportPage], pipeline, words, base: str, limit: int | None = None) -> list[dict]:
    """One card per report with a page, newest first."""
    cards = []
    for page in pages:
        report = pipeline.reports.get(page.slug)
        if report is None or report.meta is None:
            continue
        cover = pipeline.cover(report.slug)
        cards.append({
            "slug": report.slug, "url": page.url, "title": page.title,
            "date": report.date.isoformat(), "date_label": month_label(report.date, words.get("locale", "en")),
            "summary": "",
            "badge": words.block("photos")["example"] if report.example else "",
            "picture_html": Markup(markup.card_picture(cover[1], base, CARD_SIZES)) if cover else "",
        })
    cards.sort(key=lambda c: (c["date"], c["slug"]), reverse=True)
    return cards[:limit] if limit else cards


def story_cards(entries, covers, words, prefix: str, limit: int) -> list[dict]:
    """The first ``limit`` stories a language shows (stories.Stories.shown_in), as cards.
    ``covers(ref)`` gives a story's published cover HTML (decorative), or None."""
    cards = []
    for entry in entries[:limit]:
        post = entry.post
        cover = covers(post.cover)
        cards.append({
            "url": prefix + post.path, "title": post.title, "summary": post.summary,
            "date": post.date.isoformat(), "date_label": format_date(post.date, words.get("locale", "en")),
            "picture_html": Markup(cover) if cover else "",
        })
    return cards


def first_eager(cards: list[dict], key: str = "picture_html") -> None:
    """The first card's cover loads first (the page has no photo above it)."""
    for card in cards:
        if card.get(key):
            card[key] = Markup(markup.eager_first(str(card[key])))
            return
