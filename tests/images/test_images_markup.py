"""markup.py and mdimages.py: <picture>, galleries, first image, Markdown images."""
from __future__ import annotations

import re

from pioneras.images import markup, mdimages
from pioneras.images.pipeline import Published
from pioneras.images.settings import Settings
from pioneras.images.variants import plan
from pioneras.content.schema import Photo

SIZES = Settings().sizes


def _published(width=4000, height=3000) -> Published:
    specs = plan(width, height, Settings())
    return Published("photos/2025-05-x", "ab" * 32, width, height, "#c0ffee",
                     tuple((s, f"key{i}") for i, s in enumerate(specs)))


def _photo(**extra) -> Photo:
    return Photo.model_validate({
        "file": "a.jpg", "consent": "given",
        "es": {"caption": "Mujeres en la feria <b>", "alt": "Dos mujeres & una mesa"},
        "en": {"caption": "Women at the fair", "alt": "Two women & a table"}, **extra},
        context={"languages": ("es", "en")})


WORDS = {"es": {"photo": "Foto", "close": "Cerrar", "next": "Siguiente", "prev": "Anterior", "dialog": "Foto \"ampliada\""},
         "en": {"photo": "Photo", "close": "Close", "next": "Next", "prev": "Previous", "dialog": "Enlarged photo"}}


class _Entry:
    def __init__(self, photo):
        self.photo = photo


def test_picture_has_sources_fallback_and_placeholder():
    html = markup.picture(_published(), 'Dos "mujeres" & <mesa>', "../../", SIZES)
    avif = re.search(r'<source type="image/avif" srcset="([^"]+)" sizes="([^"]+)">', html)
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)"', html)
    assert avif and webp and html.index("image/avif") < html.index("image/webp") < html.index("<img")
    assert avif.group(1) == ", ".join(f"../../photos/2025-05-x/{'ab' * 6}-{w}.avif {w}w" for w in (480, 960, 1600))
    assert avif.group(2) == SIZES
    img = re.search(r"<img [^>]+>", html).group(0)
    assert f'src="../../photos/2025-05-x/{"ab" * 6}-800.jpg"' in img
    assert 'width="1600" height="1200"' in img
    assert 'alt="Dos &quot;mujeres&quot; &amp; &lt;mesa&gt;"' in img
    assert 'loading="lazy"' in img and 'decoding="async"' in img
    assert 'style="background-color:#c0ffee"' in img


def test_small_photo_offers_only_its_own_size():
    html = markup.picture(_published(300, 200), "x", "", SIZES)
    assert "1600w" not in html and "480w" not in html and "300w" in html
    assert 'width="300" height="200"' in html


def test_first_photo_of_the_page_is_eager_and_high_priority():
    one = markup.picture(_published(), "a", "", SIZES)
    page = markup.eager_first(one + one + one)
    assert page.count('loading="eager" fetchpriority="high"') == 1
    assert page.count('loading="lazy" decoding="async"') == 2
    assert page.index('loading="eager"') < page.index('loading="lazy"')
    assert markup.eager_first(page) == page


def test_gallery_is_in_the_page_language_and_escaped():
    items = [(_Entry(_photo(credit="Ana & equipo")), _published())]
    es = markup.gallery(items, "es", WORDS["es"], "../", SIZES)
    en = markup.gallery(items, "en", WORDS["en"], "../../", SIZES)
    assert "<figcaption>Mujeres en la feria &lt;b&gt; <span class=\"pio-photo__credit\">Foto: Ana &amp; equipo</span>" in es
    assert 'alt="Dos mujeres &amp; una mesa"' in es
    assert "<figcaption>Women at the fair <span class=\"pio-photo__credit\">Photo: Ana &amp; equipo</span>" in en
    assert 'alt="Two women &amp; a table"' in en
    assert f'href="../../photos/2025-05-x/{"ab" * 6}-800.jpg"' in en
    assert es.endswith('<script src="../photos/gallery.js" defer></script>')
    assert "<script>" not in es and "onclick" not in es
    assert 'data-close="Cerrar"' in es and 'data-dialog="Foto &quot;ampliada&quot;"' in es   # the lightbox's words


def test_card_cover_is_decorative():
    assert 'alt=""' in markup.card_picture(_published(), "", SIZES)


def _render(slug, file, alt, offset):
    return f"[PIC {slug}/{file} alt={alt!r}]"


def test_markdown_images_of_report_photos_become_pictures():
    md = "\n".join([
        "Text ![Dos mujeres](../../photo-reports/2025-05-x/a.jpg) more.",
        "![Con título](/photo-reports/2025-05-x/b%20c.jpg \"title\"){ width=300 }",
        "![Logo](../assets/logo.png) and ![remote](https://example.org/photo-reports/2025-05-x/a.jpg)",
        "`![in code](../../photo-reports/2025-05-x/a.jpg)`",
        "```",
        "![in a fence](../../photo-reports/2025-05-x/a.jpg)",
        "```",
        "    ![in an admonition](../../photo-reports/2025-05-x/c.jpg)",
        "![](../../photo-reports/2025-05-x/no-alt.jpg)",
    ])
    out = mdimages.rewrite(md, "es/informes-fotograficos", "photo-reports", _render)
    lines = out.splitlines()
    assert lines[0] == "Text [PIC 2025-05-x/a.jpg alt='Dos mujeres'] more."
    assert lines[1] == "[PIC 2025-05-x/b c.jpg alt='Con título']"
    assert lines[2] == "![Logo](../assets/logo.png) and ![remote](https://example.org/photo-reports/2025-05-x/a.jpg)"
    assert lines[3] == "`![in code](../../photo-reports/2025-05-x/a.jpg)`"
    assert lines[5] == "![in a fence](../../photo-reports/2025-05-x/a.jpg)"
    assert lines[7] == "    [PIC 2025-05-x/c.jpg alt='in an admonition']"
    assert lines[8] == "[PIC 2025-05-x/no-alt.jpg alt='']"


def test_target_of_only_matches_photos_inside_a_report_folder():
    assert mdimages.target_of("../photo-reports/x.jpg", "es", "photo-reports") is None
    assert mdimages.target_of("../../photo-reports/r/sub/x.jpg", "es/a", "photo-reports") is None
    assert mdimages.target_of("data:image/png;base64,xx", "es", "photo-reports") is None
    assert mdimages.target_of("../photo-reports/r/x.jpg#frag", "es", "photo-reports") == ("r", "x.jpg")


def test_engine_does_not_import_mkdocs():
    """The engine stays plain Python: a move away from MkDocs keeps it whole."""
    import subprocess
    import sys
    code = ("import sys, pioneras.images, pioneras.images.pipeline, pioneras.images.markup, "
            "pioneras.images.mdimages; print(any(m.split('.')[0] == 'mkdocs' for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
