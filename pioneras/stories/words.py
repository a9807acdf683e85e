"""Constants of the Stories section (paths, feeds) and how its dates and times are said.

The words themselves are content: each language's ``stories:`` block in data/ui.yml
(read by pioneras.content), with its ``locale`` (og:locale, CLDR dates) beside it.
"""
from __future__ import annotations

import datetime as dt
import functools

from babel import Locale, dates

SECTION = "historias"
PER_PAGE = 10
FEEDS = {"rss": "rss.xml", "atom": "atom.xml", "json": "feed.json"}
FEED_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}


@functools.lru_cache(maxsize=4096)     # a date is said on its page, in lists, feeds and cards
def format_date(day: dt.date, locale: str) -> str:
    """'28 de noviembre de 2026' / '28 November 2026' (CLDR's long date for the locale):
    babel's format_date(day, "long", locale), with the locale and its pattern looked up once."""
    if isinstance(day, dt.datetime):
        day = day.date()
    pattern, parsed = _long_date(locale)
    return pattern.apply(day, parsed)


@functools.lru_cache(maxsize=16)
def _long_date(locale: str) -> tuple[dates.DateTimePattern, Locale]:
    # babel parses the locale and looks the pattern up again on every call: two thirds of
    # its time, once for each of a large archive's thousands of distinct dates.
    parsed = Locale.parse(locale)
    return dates.parse_pattern(dates.get_date_format("long", locale=parsed)), parsed


def readtime_label(minutes: int, labels: dict) -> str:
    return labels["readtime_one"] if minutes == 1 else labels["readtime_other"].replace("#", str(minutes))


def month_label(day: dt.date, locale: str) -> str:
    """'mayo de 2025' / 'May 2025': the month is as precise as a photo report's date needs."""
    return dates.format_skeleton("yMMMM", day, locale=locale)
