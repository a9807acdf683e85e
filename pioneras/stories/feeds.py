"""Feeds per language: RSS 2.0, Atom 1.0 and JSON Feed 1.1, absolute URLs, covers."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from email.utils import format_datetime
from xml.sax.saxutils import escape, quoteattr

from pioneras.seo import absolute

from .posts import Post, sort_posts
from .words import FEEDS, FEED_TYPES, SECTION


# ---------------------------------------------------------------- feeds

@dataclass(frozen=True)
class CoverImage:
    """The published file of a post's cover, as the image pipeline made it."""

    url: str            # absolute
    mime: str
    width: int
    height: int
    length: int         # bytes (RSS <enclosure> needs it)
    alt: str


@dataclass(frozen=True)
class FeedInfo:
    lang: str
    prefix: str                            # the language's URL prefix: '' or 'en/'
    locale: str                            # es_PE
    labels: dict                           # the language's stories words (data/ui.yml)
    site_url: str
    updated: dt.datetime | None = None     # None: the newest post's date

    def home(self) -> str:
        return absolute(self.site_url, self.prefix + f"{SECTION}/")

    def feed_url(self, kind: str) -> str:
        return absolute(self.site_url, self.prefix + f"{SECTION}/{FEEDS[kind]}")


def feed_links(info: FeedInfo) -> list[dict]:
    """The <link rel=alternate> of one language's feeds (absolute URLs)."""
    return [{"type": FEED_TYPES[k], "href": info.feed_url(k),
             "title": f"{info.labels['feed_title']} ({name})"}
            for k, name in (("rss", "RSS"), ("atom", "Atom"), ("json", "JSON Feed"))]


def _published(post: Post) -> dt.datetime:
    # A post has a date, no time: noon UTC keeps the day the same in Lima and in Basel.
    return dt.datetime.combine(post.date, dt.time(12, 0), tzinfo=dt.timezone.utc)


def _feed_posts(posts: list[Post], lang: str) -> list[Post]:
    return [p for p in sort_posts(posts) if p.lang == lang and not p.draft]


def _item_summary(post: Post, labels: dict) -> str:
    return (labels["feed_example"] if post.example else "") + post.summary


def _updated(info: FeedInfo, posts: list[Post]) -> dt.datetime:
    if info.updated:
        return info.updated
    if posts:
        return max(_published(p) for p in posts)
    return dt.datetime(2017, 1, 1, tzinfo=dt.timezone.utc)


def rss(info: FeedInfo, posts: list[Post], covers: dict[str, CoverImage], categories: dict) -> str:
    """RSS 2.0 with atom:link self, Media RSS and an enclosure for the cover."""
    lang, labels = info.lang, info.labels
    items = _feed_posts(posts, lang)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">',
           "  <channel>",
           f"    <title>{escape(labels['feed_title'])}</title>",
           f"    <link>{escape(info.home())}</link>",
           f"    <description>{escape(labels['feed_description'])}</description>",
           f"    <language>{info.locale.replace('_', '-').lower()}</language>",
           f"    <lastBuildDate>{format_datetime(_updated(info, items))}</lastBuildDate>",
           f"    <atom:link href={quoteattr(info.feed_url('rss'))} rel=\"self\" type=\"application/rss+xml\"/>",
           "    <generator>Las Pioneras (pioneras.stories)</generator>"]
    for p in items:
        url = p.url(info.site_url)
        out += ["    <item>",
                f"      <title>{escape(p.title)}</title>",
                f"      <link>{escape(url)}</link>",
                f"      <guid isPermaLink=\"true\">{escape(url)}</guid>",
                f"      <pubDate>{format_datetime(_published(p))}</pubDate>",
                f"      <description>{escape(_item_summary(p, labels))}</description>"]
        out += [f"      <dc:creator>{escape(a)}</dc:creator>" for a in p.authors]
        out += [f"      <category>{escape(categories.get(c, {}).get(lang, c))}</category>" for c in p.categories]
        cover = covers.get(p.cover)
        if cover:
            out += [f"      <enclosure url={quoteattr(cover.url)} length=\"{cover.length}\" type={quoteattr(cover.mime)}/>",
                    f"      <media:content url={quoteattr(cover.url)} medium=\"image\" type={quoteattr(cover.mime)} "
                    f"width=\"{cover.width}\" height=\"{cover.height}\">",
                    f"        <media:description type=\"plain\">{escape(cover.alt)}</media:description>",
                    "      </media:content>"]
        out.append("    </item>")
    out += ["  </channel>", "</rss>", ""]
    return "\n".join(out)


def atom(info: FeedInfo, posts: list[Post], covers: dict[str, CoverImage], categories: dict) -> str:
    """Atom 1.0 (RFC 4287); the cover is a link rel="enclosure"."""
    lang, labels = info.lang, info.labels
    items = _feed_posts(posts, lang)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">',
           f"  <title>{escape(labels['feed_title'])}</title>",
           f"  <subtitle>{escape(labels['feed_description'])}</subtitle>",
           f"  <id>{escape(info.home())}</id>",
           f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(info.home())}/>",
           f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(info.feed_url('atom'))}/>",
           f"  <updated>{_updated(info, items).isoformat()}</updated>",
           "  <author><name>Las Pioneras · IDEMNNA</name></author>",
           "  <generator>Las Pioneras (pioneras.stories)</generator>"]
    for p in items:
        url = p.url(info.site_url)
        stamp = _published(p).isoformat()
        out += ["  <entry>",
                f"    <title>{escape(p.title)}</title>",
                f"    <id>{escape(url)}</id>",
                f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(url)}/>",
                f"    <published>{stamp}</published>",
                f"    <updated>{stamp}</updated>",
                f"    <summary>{escape(_item_summary(p, labels))}</summary>"]
        out += [f"    <author><name>{escape(a)}</name></author>" for a in p.authors]
        out += [f"    <category term={quoteattr(c)} label={quoteattr(categories.get(c, {}).get(lang, c))}/>"
                for c in p.categories]
        cover = covers.get(p.cover)
        if cover:
            out.append(f"    <link rel=\"enclosure\" type={quoteattr(cover.mime)} length=\"{cover.length}\" "
                       f"href={quoteattr(cover.url)}/>")
        out.append("  </entry>")
    out += ["</feed>", ""]
    return "\n".join(out)


def json_feed(info: FeedInfo, posts: list[Post], covers: dict[str, CoverImage], categories: dict) -> str:
    """JSON Feed 1.1."""
    lang, labels = info.lang, info.labels
    items = []
    for p in _feed_posts(posts, lang):
        item = {"id": p.url(info.site_url), "url": p.url(info.site_url), "title": p.title,
                "summary": _item_summary(p, labels), "content_text": _item_summary(p, labels),
                "date_published": _published(p).isoformat(), "language": lang,
                "tags": [categories.get(c, {}).get(lang, c) for c in p.categories]}
        if p.authors:
            item["authors"] = [{"name": a} for a in p.authors]
        cover = covers.get(p.cover)
        if cover:
            item["image"] = cover.url
            item["attachments"] = [{"url": cover.url, "mime_type": cover.mime, "size_in_bytes": cover.length}]
        items.append(item)
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": labels["feed_title"],
            "home_page_url": info.home(), "feed_url": info.feed_url("json"),
            "description": labels["feed_description"], "language": lang, "items": items}
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


def feeds(info: FeedInfo, posts: list[Post], covers: dict[str, CoverImage], categories: dict) -> dict[str, str]:
    """File name (relative to the language's ``historias/``) -> text."""
    return {FEEDS["rss"]: rss(info, posts, covers, categories),
            FEEDS["atom"]: atom(info, posts, covers, categories),
            FEEDS["json"]: json_feed(info, posts, covers, categories)}
