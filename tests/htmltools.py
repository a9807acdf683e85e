"""Small helpers to read built HTML with the standard library only."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path


class Tags(HTMLParser):
    """Every start tag as (name, attrs dict), plus the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)

    def find(self, name: str, **attrs: str) -> list[dict]:
        return [a for t, a in self.tags if t == name and all(a.get(k) == v for k, v in attrs.items())]


def parse(path: Path) -> Tags:
    tags = Tags()
    tags.feed(path.read_text(encoding="utf-8"))
    return tags


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.relative_to(site).parts)


def page_lang(site: Path, page: Path) -> str:
    return "en" if page.relative_to(site).parts[0] == "en" else "es"
