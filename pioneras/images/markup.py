"""HTML for photos: <picture> elements, report galleries and the first-image rule.

    <picture>
      <source type="image/avif" srcset="... 480w, ... 960w, ... 1600w" sizes="...">
      <source type="image/webp" srcset="... 480w, ... 960w" sizes="...">
      <img class="pio-img" loading="lazy" decoding="async" src="....jpg" width height
           alt="..." style="background-color:#c9a27e">
    </picture>

width/height give the browser the aspect ratio before any byte arrives (no layout
shift); the background is the photo's dominant colour, shown while it loads.  Every
photo starts lazy; ``eager_first`` then makes the first one on the page eager with
fetchpriority=high, whatever put it there (gallery, Markdown image or index card).

All text is escaped here: captions come from report.yml files anyone can edit.
"""
from __future__ import annotations

from html import escape

from .pipeline import GALLERY_JS, Published
from .settings import MIME_TYPES

_LAZY = 'class="pio-img" loading="lazy" decoding="async"'
_EAGER = 'class="pio-img" loading="eager" fetchpriority="high"'


def picture(photo: Published, alt: str, base: str, sizes: str) -> str:
    """``base`` is the relative path from the page to the site root ("../../")."""
    return _picture(photo, escape(alt), _stem(photo, base), escape(sizes))


def _stem(photo: Published, base: str) -> str:
    """What every file's URL starts with, escaped: the URL of a file is this and
    "<width>.<ext>" (Published.path), digits and a fixed extension, nothing to escape. A
    gallery of 1,000 photos escaped each URL on its own, six per photo and language."""
    return escape(f"{base}{photo.folder}/{photo.sha[:12]}-")


def _picture(photo: Published, alt: str, stem: str, sizes: str) -> str:
    """``picture`` with ``alt``, ``stem`` and ``sizes`` escaped already."""
    by_format: dict[str, list] = {}
    for spec, _ in photo.keys:
        by_format.setdefault(spec.fmt, []).append(spec)
    parts = ["<picture>"]
    for fmt in ("avif", "webp"):
        if by_format.get(fmt):
            parts.append(f'<source type="{MIME_TYPES[fmt]}" srcset="{_srcset(stem, by_format[fmt])}"'
                         f' sizes="{sizes}">')
    jpegs = by_format["jpeg"]
    largest = max(photo.specs, key=lambda s: s.width)
    srcset = (f' srcset="{_srcset(stem, jpegs)}" sizes="{sizes}"' if len(jpegs) > 1 else "")
    parts.append(
        f'<img {_LAZY} src="{stem}{jpegs[-1].width}.{jpegs[-1].ext}"{srcset}'
        f' width="{largest.width}" height="{largest.height}" alt="{alt}"'
        f' style="background-color:{photo.dominant}">')
    parts.append("</picture>")
    return "".join(parts)


def gallery(items, lang: str, labels: dict, base: str, sizes: str, site_subdir: str = "photos") -> str:
    """A report's photos, each a figure: the picture links to its largest JPEG (what a
    browser without JavaScript opens); gallery.js turns the links into the lightbox,
    which shows the figcaption, i.e. the caption in the page's language. ``labels`` are
    the language's ``photos:`` words (data/ui.yml); the lightbox reads its own from the
    gallery's data attributes."""
    if not items:
        return ""
    text = labels
    sizes = escape(sizes)       # once for the gallery, not per file
    figures = []
    for entry, photo in items:
        words = entry.photo.text(lang)
        stem = _stem(photo, base)
        last_jpeg = [s for s, _ in photo.keys if s.fmt == "jpeg"][-1]
        credit = (f' <span class="pio-photo__credit">{text["photo"]}: {escape(entry.photo.credit)}</span>'
                  if entry.photo.credit else "")
        figures.append(
            '<figure class="pio-photo">'
            f'<a class="pio-photo__link" href="{stem}{last_jpeg.width}.{last_jpeg.ext}">'
            f'{_picture(photo, escape(words.alt), stem, sizes)}</a>'
            f'<figcaption>{escape(words.caption)}{credit}</figcaption>'
            '</figure>')
    words = "".join(f' data-{key}="{escape(labels.get(key, ""))}"' for key in ("close", "next", "prev", "dialog"))
    return (f'<div class="pio-gallery"{words}>{"".join(figures)}</div>\n'
            f'<script src="{escape(base + site_subdir)}/{GALLERY_JS}" defer></script>')


def gallery_text(items, lang: str, labels: dict) -> str:
    """What the search indexes of a gallery: its captions and credits, one paragraph each
    (the gallery itself has some fifteen tags a photo, which the search's HTML parser took
    longer to read than the rest of the build spent on the photo)."""
    lines = []
    for entry, _ in items:
        words = entry.photo.text(lang)
        credit = f" {labels['photo']}: {escape(entry.photo.credit)}" if entry.photo.credit else ""
        lines.append(f"<p>{escape(words.caption)}{credit}</p>")
    return f'<div>{"".join(lines)}</div>' if lines else ""


def card_picture(photo: Published, base: str, sizes: str) -> str:
    """A cover on the index: decorative (alt=""), because the card's link already reads
    the report's title and date; repeating a description there only adds noise."""
    return picture(photo, "", base, sizes)


def eager_first(html: str) -> str:
    """Make the first photo of the page eager and high-priority, the rest stay lazy.
    Idempotent: a page that already has its eager photo is left as it is."""
    html = str(html)        # plain text operations (a template's Markup would escape them)
    return html if _EAGER in html else html.replace(_LAZY, _EAGER, 1)


def has_photo(html: str) -> bool:
    return _LAZY in html or _EAGER in html


def _srcset(stem: str, specs) -> str:
    return ", ".join(f"{stem}{s.width}.{s.ext} {s.width}w" for s in specs)
