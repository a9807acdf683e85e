"""schema.org structured data: the organisation on the home page, a post on each story."""
from __future__ import annotations

import json

from pioneras.seo import absolute

from .posts import Post
from .words import SECTION


# ---------------------------------------------------------------- structured data

def json_ld(data: dict) -> str:
    """JSON for a <script type="application/ld+json">: '<' escaped so no '</script>' can end it."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def organization_ld(site_url: str, lang: str, prefix: str, logo_url: str) -> dict:
    """Home page: the website and the organisations behind it (facts from content.md only)."""
    org_id = absolute(site_url, "#idemnna")
    return {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "@id": absolute(site_url, "#website"), "name": "Las Pioneras",
             "url": absolute(site_url, prefix), "inLanguage": lang, "publisher": {"@id": org_id}},
            {"@type": "Organization", "@id": org_id, "name": "IDEMNNA",
             "alternateName": "Instituto de Desarrollo “María Elena Moyano”",
             "url": absolute(site_url, ""), "logo": logo_url,
             "areaServed": {"@type": "Place", "name": "Villa El Sol, Jicamarca, Lima, Perú"},
             "funder": {"@type": "Organization", "name": "EcoSolidar", "url": "https://www.ecosolidar.ch/",
                        "address": {"@type": "PostalAddress", "addressLocality": "Basel",
                                    "addressCountry": "CH"}}},
        ],
    }


def post_ld(post: Post, site_url: str, categories: dict, images: list[str],
            translations: dict[str, Post], blog_name: str, default_language: str) -> dict:
    """A post: BlogPosting."""
    data = {
        "@context": "https://schema.org", "@type": "BlogPosting",
        "headline": post.title[:110], "description": post.summary,
        "datePublished": post.date.isoformat(), "inLanguage": post.lang,
        "url": post.url(site_url), "mainEntityOfPage": post.url(site_url),
        "image": images,
        "articleSection": [categories.get(c, {}).get(post.lang, c) for c in post.categories],
        "author": ([{"@type": "Person", "name": a} for a in post.authors]
                   or [{"@type": "Organization", "@id": absolute(site_url, "#idemnna"), "name": "IDEMNNA"}]),
        "publisher": {"@type": "Organization", "@id": absolute(site_url, "#idemnna"), "name": "IDEMNNA"},
        "isPartOf": {"@type": "Blog", "name": blog_name,
                     "url": absolute(site_url, post.prefix + f"{SECTION}/")},
    }
    if post.lang != default_language and default_language in translations:
        data["translationOfWork"] = {"@id": translations[default_language].url(site_url)}
    others = [t.url(site_url) for l, t in translations.items() if l != default_language]
    if post.lang == default_language and others:
        data["workTranslation"] = [{"@id": u} for u in others]
    return data
