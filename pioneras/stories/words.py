"""Constants and words of the Stories section: paths, feeds, locales, labels, dates."""
from __future__ import annotations

import datetime as dt


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

MONTHS = {
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}

# Words the stories templates, feeds and cards show, per language.
LABELS = {
    "es": {
        "section": "Historias",
        "feed_title": "Las Pioneras: historias",
        "feed_description": "Historias del proyecto Las Pioneras en Villa El Sol, Jicamarca (Lima, Perú).",
        "archive": "Archivo",
        "categories": "Categorías",
        "in": "en",
        "by": "Por",
        "back": "Todas las historias",
        "continue": "Seguir leyendo",
        "readtime_one": "1 minuto de lectura",
        "readtime_other": "# minutos de lectura",
        "page": "página",
        "newer": "Historias más recientes",
        "older": "Historias anteriores",
        "archive_title": "Historias de {year}",
        "archive_description": "Historias de Las Pioneras publicadas en {year}.",
        "category_description": "Historias de Las Pioneras: {category}.",
        "example": "Ejemplo",
        "example_title": "Historia de ejemplo",
        "example_text": ("Esta historia es un ejemplo de cómo se verán las noticias del proyecto. "
                         "Está escrita solo con datos públicos sobre Las Pioneras y será "
                         "reemplazada por noticias reales."),
        "feed_example": "(Ejemplo) ",
        "translation": "Read this story in English",
        "other_language": "en español",
        "feeds": "Suscríbase a las historias",
        "meta": "Datos de la historia",
        "footer": "Villa El Sol · Jicamarca · Lima, Perú",
    },
    "en": {
        "section": "Stories",
        "feed_title": "Las Pioneras: stories",
        "feed_description": "Stories from the Las Pioneras project in Villa El Sol, Jicamarca (Lima, Peru).",
        "archive": "Archive",
        "categories": "Categories",
        "in": "in",
        "by": "By",
        "back": "All stories",
        "continue": "Continue reading",
        "readtime_one": "1 min read",
        "readtime_other": "# min read",
        "page": "page",
        "newer": "Newer stories",
        "older": "Older stories",
        "archive_title": "Stories from {year}",
        "archive_description": "Stories from Las Pioneras published in {year}.",
        "category_description": "Stories from Las Pioneras: {category}.",
        "example": "Example",
        "example_title": "Example story",
        "example_text": ("This story is an example of how the project's news will look. It is "
                         "written only from public facts about Las Pioneras and will be replaced "
                         "by real news."),
        "feed_example": "(Example) ",
        "translation": "Lea esta historia en español",
        "other_language": "in Spanish",
        "feeds": "Follow the stories",
        "meta": "About this story",
        "footer": "Villa El Sol · Jicamarca · Lima, Peru",
    },
}


def format_date(day: dt.date, lang: str) -> str:
    """'28 de noviembre de 2026' / '28 November 2026' (British order)."""
    month = MONTHS[lang][day.month - 1]
    return f"{day.day} de {month} de {day.year}" if lang == "es" else f"{day.day} {month} {day.year}"


def readtime_label(minutes: int, lang: str) -> str:
    labels = LABELS[lang]
    return labels["readtime_one"] if minutes == 1 else labels["readtime_other"].replace("#", str(minutes))
