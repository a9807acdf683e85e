"""pioneras.cards on its own: size, wrapping, accents, the cache, the <head> tags."""
from __future__ import annotations

import os

import pytest
from PIL import Image, ImageDraw

from pioneras import cards

LONG_ES = ("¿Cómo empezó Las Pioneras? Dos trabajadoras de IDEMNNA, mucha iniciativa y un grupo "
           "de mujeres en Villa El Sol, Jicamarca, que decidieron llamarse a sí mismas pioneras")


def card(title=LONG_ES, lang="es") -> cards.Card:
    return cards.Card(lang, title, "Historias · 28 de noviembre de 2026", "Villa El Sol · Jicamarca · Lima, Perú")


def test_card_is_1200_by_630_rgb():
    img = cards.render(card())
    assert img.size == (1200, 630) and img.mode == "RGB"
    # The background is the site's primary colour, the sun the accent colour.
    assert img.getpixel((5, 300)) == cards.PRIMARY
    assert img.getpixel((1200 - 120, 630 - 80)) == cards.ACCENT


def test_long_spanish_title_wraps_inside_the_title_box():
    size, lines = cards.fit_title(LONG_ES)
    left, top, right, bottom = cards.TITLE_BOX
    font = cards._font(cards.FONT_DIR, cards.BOLD, size)
    assert len(lines) > 1
    assert all(font.getlength(line) <= right - left for line in lines)
    assert len(lines) * size * cards.LINE_SPACING <= bottom - top
    assert " ".join(lines) == LONG_ES                       # nothing lost, nothing cut


def test_an_extremely_long_title_is_cut_at_a_word_with_an_ellipsis():
    title = " ".join(["Interinstitucionalización"] * 40)
    size, lines = cards.fit_title(title)
    assert size == cards.TITLE_SIZES[-1] and lines[-1].endswith(" …")
    assert lines[-1][:-2].split()[-1] == "Interinstitucionalización"


def test_a_word_longer_than_a_line_is_split_with_a_hyphen():
    font = cards._font(cards.FONT_DIR, cards.BOLD, 78)
    lines = cards.wrap("Supercalifragilisticoespialidosamenteinterinstitucional", font, 400)
    assert len(lines) > 1 and all(l.endswith("-") for l in lines[:-1])
    assert all(font.getlength(l) <= 400 for l in lines)


@pytest.mark.parametrize("ch", list("áéíóúÁÉÍÓÚñÑüÜ¿¡“”«»–—·"))
def test_the_font_has_every_spanish_character(ch):
    # A character missing from the font would be drawn as the same empty box (.notdef)
    # as a private-use code point.
    font = cards._font(cards.FONT_DIR, cards.BOLD, 60)

    def drawn(text: str) -> bytes:
        img = Image.new("L", (90, 90))
        ImageDraw.Draw(img).text((10, 5), text, font=font, fill=255)
        return img.tobytes()

    assert drawn(ch) != drawn("\ue000")


def test_decomposed_accents_make_the_same_card():
    decomposed = cards.Card("es", "Informacio\u0301n", "", "")
    composed = cards.Card("es", "Información", "", "")
    assert cards.card_key(decomposed) == cards.card_key(composed)


def test_key_changes_with_text_language_and_design(monkeypatch):
    base = cards.card_key(card())
    assert cards.card_key(card(title="Otro")) != base
    assert cards.card_key(card(lang="en")) != base
    monkeypatch.setattr(cards, "DESIGN_VERSION", "test")
    assert cards.card_key(card()) != base


def test_cache_second_generation_writes_nothing(tmp_path, monkeypatch):
    path, drawn = cards.ensure(card(), tmp_path)
    assert drawn and Image.open(path).size == (1200, 630)
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    os.utime(path, ns=(1, 1))                                 # an old mtime shows any rewrite
    calls = []
    monkeypatch.setattr(cards, "render", lambda *a, **k: calls.append(a))
    again, drawn_again = cards.ensure(card(), tmp_path)
    assert (again, drawn_again, calls) == (path, False, [])
    assert path.stat().st_mtime_ns == 1
    assert set(tmp_path.rglob("*")) == set(before)            # no new file, no temp file left


def test_card_path_names_the_page_and_changes_with_the_text():
    a = cards.card_path(card(), "historias/como-empezo/")
    assert a.startswith("assets/cards/es/historias-como-empezo.") and a.endswith(".png")
    assert cards.card_path(card(title="Otro"), "historias/como-empezo/") != a
    assert cards.card_path(card(), "").startswith("assets/cards/es/inicio.")


def test_share_tags():
    tags = cards.share_tags(locale="es_PE", title="T", description="D", image_url="https://x/c.png",
                            image_alt="Las Pioneras: T", site_name="Las Pioneras", url="https://x/p/",
                            kind="article", other_locales=("en_GB",), published="2026-11-28",
                            section="Historia")
    og = dict(tags["og"])
    assert og["og:type"] == "article" and og["og:locale"] == "es_PE"
    assert og["og:locale:alternate"] == "en_GB" and og["og:image:width"] == "1200"
    assert og["article:published_time"] == "2026-11-28"
    assert dict(tags["twitter"])["twitter:card"] == "summary_large_image"
    untranslated = cards.share_tags(locale="en_GB", title="T", description="D", image_url="u",
                                    image_alt="a", site_name="s")
    assert "og:locale:alternate" not in dict(untranslated["og"])
    assert dict(untranslated["og"])["og:type"] == "website"


def test_an_unchanged_card_is_moved_back_not_copied_and_a_changed_one_is_copied(tmp_path):
    from pioneras import cards as c
    site, cache = tmp_path / "site", tmp_path / "cache"
    cache.mkdir()
    src = cache / "a.png"
    src.write_bytes(b"PNG-A" * 100)
    other = cache / "b.png"
    other.write_bytes(b"PNG-B" * 120)
    for name in ("es/inicio.aaaa.png", "es/donar.bbbb.png", "es/viejo.cccc.png"):
        (site / c.SITE_FOLDER / name).parent.mkdir(parents=True, exist_ok=True)
        (site / c.SITE_FOLDER / name).write_bytes(b"PNG-A" * 100)
    inode = (site / c.SITE_FOLDER / "es/inicio.aaaa.png").stat().st_ino
    c.set_aside(site)                                   # what MkDocs would empty is out of the way
    assert not (site / c.SITE_FOLDER).exists()
    c.place(src, site, f"{c.SITE_FOLDER}/es/inicio.aaaa.png")
    c.place(other, site, f"{c.SITE_FOLDER}/es/donar.bbbb.png")   # same name, other size: copied
    assert (site / c.SITE_FOLDER / "es/inicio.aaaa.png").stat().st_ino == inode
    assert (site / c.SITE_FOLDER / "es/donar.bbbb.png").read_bytes() == other.read_bytes()
    c.forget_previous(site)
    assert not (site / c.KEPT).exists() and not (site / c.SITE_FOLDER / "es/viejo.cccc.png").exists()


def test_a_cards_key_is_computed_once(monkeypatch):
    one = card(title="Una sola vez")
    first = cards.card_key(one)
    dumped = []
    real = cards.json.dumps
    monkeypatch.setattr(cards.json, "dumps", lambda *a, **k: dumped.append(1) or real(*a, **k))
    assert cards.card_key(one) == first and cards.card_key(card(title="Una sola vez")) == first
    assert dumped == []             # the page's tags, the publishing and the cache ask alike
    assert cards.card_key(card(title="Otra")) != first and dumped == [1]
