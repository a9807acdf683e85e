"""Absolute links to the site itself (canonical, hreflang, feeds, share images) resolve.

A browser never fetches a `<link rel="alternate" type="application/rss+xml">` or a feed
link, so the page visits cannot see them break; here every absolute URL that points into
the site (site_url + path) is fetched from the local GitHub-Pages-like server instead.
"""
from __future__ import annotations

import json
import re
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

from browser.pages_server import serve
from htmltools import parse

FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/feed+json", "application/json"}


def _site_url(site: Path) -> str:
    html = (site / "index.html").read_text(encoding="utf-8")
    return re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)


def test_absolute_links_into_the_site_resolve_and_feeds_parse(site):
    site_url = _site_url(site)
    with serve(site, re.sub(r"^https?://[^/]+", "", site_url)) as server:
        _resolve_all(site, site_url, server)


def _resolve_all(site: Path, site_url: str, server) -> None:
    targets: dict[str, str] = {}
    for page in site.rglob("*.html"):
        for _, attrs in parse(page).tags:
            for key in ("href", "src", "content"):
                url = attrs.get(key) or ""
                if url.startswith(site_url):
                    targets.setdefault(url.split("#")[0], attrs.get("type") or "")
    assert targets, "no absolute link to the site at all (canonical links are expected)"
    broken, feeds = [], 0
    for url, kind in sorted(targets.items()):
        local = server.url(url[len(site_url):])
        try:
            with urllib.request.urlopen(local, timeout=10) as resp:
                body, ctype = resp.read(), resp.headers.get("Content-Type", "")
        except Exception as exc:          # HTTPError (404) and anything else
            broken.append(f"{url}: {exc}")
            continue
        if kind in FEED_TYPES or url.endswith((".xml", ".json")):
            feeds += 1
            try:
                json.loads(body) if url.endswith(".json") else ET.fromstring(body)
            except (ValueError, ET.ParseError) as exc:
                broken.append(f"{url}: does not parse ({exc}), served as {ctype}")
    assert broken == [], "absolute links into the site that do not resolve:\n  " + "\n  ".join(broken)
    if any(p.name in ("rss.xml", "atom.xml", "feed.json") for p in site.rglob("*")):
        assert feeds, "feeds exist but no page links to them"
