"""Constants and words of the Stories section: paths, feeds, locales, labels, dates."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from babel import dates


SECTION = "historias"
PER_PAGE = 10
# Words per minute of silent reading, measured per language (IReST, Trauzettel-Klosinski
# et al. 2012: Spanish 218, English 228). Rounded up, at least 1 minute.
WPM = {"es": 218, "en": 228}
# og:locale values: Peruvian Spanish (the site addresses Peru, says "usted", uses
# Peruvian words); British English (the source text and the English pages spell
# "organisation", "neighbourhood").
LOCALES = {"es": "es_PE", "en": "en_GB"}
FEEDS = {"rss": "rss.xml", "atom": "atom.xml", "json": "feed.json"}
FEED_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}

# Words the stories templates, feeds and cards show, per language: content, so in YAML.
LABELS: dict[str, dict[str, str]] = yaml.safe_load(
    (Path(__file__).with_name("words.yml")).read_text(encoding="utf-8"))


def format_date(day: dt.date, lang: str) -> str:
    """'28 de noviembre de 2026' / '28 November 2026' (CLDR's long date for the og:locale)."""
    return dates.format_date(day, "long", locale=LOCALES[lang])


def readtime_label(minutes: int, lang: str) -> str:
    labels = LABELS[lang]
    return labels["readtime_one"] if minutes == 1 else labels["readtime_other"].replace("#", str(minutes))
