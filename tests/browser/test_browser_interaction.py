"""What a reader does with the keyboard: switch language, open a photo, search; and the 404 page."""
from __future__ import annotations

import re

import pytest
import yaml

from .pagecheck import AXE_RUN_JS, Visit, axe_source, counterpart, lang_of, settle, watch
from .pages_server import ROOT

UI = yaml.safe_load((ROOT / "data" / "ui.yml").read_text(encoding="utf-8"))
OTHER = {"es": "en", "en": "es"}


def _active(page, selector: str) -> bool:
    return page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector)


def tab_to(page, selector: str, limit: int = 60) -> int:
    """Press Tab until the focused element matches `selector`; returns how many presses."""
    for n in range(1, limit + 1):
        page.keyboard.press("Tab")
        if _active(page, selector):
            return n
    pytest.fail(f"{selector} never got the focus after {limit} Tab presses "
                f"(last focus: {page.evaluate('() => document.activeElement && document.activeElement.outerHTML.slice(0, 160)')})")


@pytest.fixture
def open_page(contexts, server):
    """A fresh tab in a viewport's context, watched like the page visits (external requests aborted)."""
    pages = []

    def _open(viewport: str, path: str, wait: bool = True):
        page = contexts[viewport].new_page()
        pages.append(page)
        visit = Visit(server.url(path), viewport)
        state = watch(page, server.origin, visit)
        resp = page.goto(server.url(path), wait_until="load")
        if wait:
            settle(page, state)
        return page, visit, resp

    yield _open
    for p in pages:
        p.close()


# --------------------------------------------------------------------------- language switch

def _switch_with_keyboard(page, other: str) -> None:
    tab_to(page, ".md-select > button")
    page.keyboard.press("Enter")
    link = f'.md-select a[hreflang="{other}"]'
    tab_to(page, link, limit=6)
    assert page.locator(link).is_visible(), "the focused language link is not visible (menu did not open)"
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_language_switch_works_with_the_keyboard(open_page, server, kind_path):
    # One page of each kind per language (tests/site/test_bilingual.py checks every page's link).
    lang = lang_of(kind_path)
    page, visit, _ = open_page("1280", kind_path, wait=False)
    _switch_with_keyboard(page, OTHER[lang])
    assert page.url == server.url(counterpart(kind_path))
    assert page.evaluate("() => document.documentElement.lang") == OTHER[lang]
    assert visit.external == [] and visit.page_errors == []


@pytest.mark.parametrize("path", ["", "en/", "donar/", "en/informes-fotograficos/"])
def test_language_switch_works_with_the_keyboard_on_a_phone(open_page, server, path):
    page, _, _ = open_page("360", path, wait=False)
    _switch_with_keyboard(page, OTHER[lang_of(path)])
    assert page.url == server.url(counterpart(path))


# --------------------------------------------------------------------------- 404

@pytest.mark.parametrize("path, lang", [("en/no-such-page/", "en"), ("no-existe/", "es"),
                                        ("en/informes-fotograficos/no-such-report/", "en")])
def test_missing_page_shows_the_404_in_the_readers_language(open_page, path, lang):
    page, visit, resp = open_page("360", path)
    assert resp.status == 404
    assert page.evaluate("() => document.documentElement.lang") == lang
    title = UI[lang]["not_found_title"]
    assert page.get_by_role("heading", name=title).is_visible()
    assert page.get_by_text(UI[lang]["not_found_text"]).is_visible()
    hidden = UI[OTHER[lang]]["not_found_title"]
    assert not page.get_by_role("heading", name=hidden).is_visible()
    assert title in page.title()
    # The page itself is the one 404; everything it loads must exist.
    assert [f for f in visit.failed if not f.startswith(page.url)] == []
    assert visit.external == [] and visit.page_errors == []


# --------------------------------------------------------------------------- search

QUERY = "Pioneras"


@pytest.mark.parametrize("path", ["", "en/", "donar/", "en/donar/", "en/informes-fotograficos/", "villa-el-sol/"])
def test_search_returns_only_the_page_language(open_page, server, path):
    lang = lang_of(path)
    page, visit, _ = open_page("1280", path)
    page.keyboard.press("/")                  # Material's shortcut: focus the search box
    assert _active(page, "input.md-search__input"), "the / shortcut did not focus the search box"
    page.keyboard.type(QUERY, delay=20)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(state="attached", timeout=10_000)
    hrefs = results.evaluate_all("els => els.map(e => e.href)")
    assert hrefs, "no search result"
    english = [h for h in hrefs if h.startswith(server.url("en/"))]
    if lang == "en":
        assert english == hrefs, "Spanish results on an English page: " + ", ".join(set(hrefs) - set(english))
    else:
        assert english == [], "English results on a Spanish page: " + ", ".join(english)
        assert all(h.startswith(server.base) for h in hrefs)
    assert visit.failed == [] and visit.page_errors == [] and visit.external == []


# --------------------------------------------------------------------------- photo lightbox

GALLERY_LINK = ".pio-gallery a.pio-photo__link, a.glightbox"
CLOSE_WORD = {"es": "Cerrar", "en": "Close"}


def _figcaptions(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<figcaption>(.*?)</figcaption>", html, re.S)]


def _open_lightbox_with_the_keyboard(open_page, report_path):
    """Tab to the first photo, press Enter; returns (page, visit, opener href, its caption)."""
    if report_path is None:
        reports = sorted((ROOT / "docs" / "es" / "informes-fotograficos").glob("*.md"))
        pytest.skip("no photo report page built yet (docs/es/informes-fotograficos/ has only "
                    f"{', '.join(p.name for p in reports) or 'nothing'}); the gallery test waits for one")
    page, visit, _ = open_page("1280", report_path)
    assert page.locator(GALLERY_LINK).count() > 0, "a photo report without gallery links"
    tab_to(page, GALLERY_LINK, limit=250)
    opener = page.evaluate("() => document.activeElement.getAttribute('href')")
    expected = page.evaluate("""() => { const f = document.activeElement.closest('figure');
        const c = f && f.querySelector('figcaption'); return c ? c.textContent.trim() : ''; }""")
    page.keyboard.press("Enter")
    page.locator(".glightbox-container").wait_for(state="visible")
    page.locator(".glightbox-container .gslide.current img").wait_for(state="visible")
    return page, visit, opener, expected


def test_photo_lightbox_works_with_the_keyboard(open_page, built, report_path):
    """Enter opens the photo, its caption is the page's (in its language), Escape gives the focus back."""
    page, visit, opener, expected = _open_lightbox_with_the_keyboard(open_page, report_path)
    lang = lang_of(report_path)
    assert expected, "the focused photo has no <figcaption>"
    caption = page.locator(".glightbox-container .gslide.current .gslide-description")
    caption.wait_for(state="visible")
    shown = " ".join(caption.inner_text().split())
    assert shown == " ".join(expected.split()), f"caption shown: {shown!r}, the page says {expected!r}"
    # ... and it is this page's language, not the other one's.
    other = (built.dir / counterpart(report_path) / "index.html").read_text(encoding="utf-8")
    if "pioneras-untranslated" not in other:
        assert expected not in _figcaptions(other), "the same caption on both languages' pages"
    assert page.locator(".glightbox-container .gclose").get_attribute("aria-label") == CLOSE_WORD[lang]

    page.keyboard.press("Escape")
    page.locator(".glightbox-container").wait_for(state="hidden")
    assert page.evaluate("() => document.activeElement && document.activeElement.getAttribute('href')") == opener, \
        "the focus did not return to the photo link after Escape"
    assert visit.page_errors == [] and visit.external == [] and visit.failed == []
    assert page.evaluate("() => window.__cspViolations") == [], "the lightbox broke the CSP"


def test_open_lightbox_passes_axe(open_page, report_path):
    """The open lightbox is part of the page: dialog name, buttons, contrast, headings."""
    page, _, _, _ = _open_lightbox_with_the_keyboard(open_page, report_path)
    page.locator(".glightbox-container .gslide.current .gslide-description").wait_for(state="visible")
    page.wait_for_timeout(600)          # the opening animation, so that contrast is read at rest
    page.evaluate(axe_source())
    violations = page.evaluate(AXE_RUN_JS)
    assert violations == [], "axe-core, lightbox open:\n  " + "\n  ".join(map(str, violations))


# --------------------------------------------------------------------------- focus is visible

FOCUS_STYLE_JS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e.__pioSeen) return null;    // back to the start: done
  e.__pioSeen = true;
  const s = getComputedStyle(e);
  return {html: e.outerHTML.slice(0, 100), outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
          shadow: s.boxShadow !== 'none', search: e.matches('input.md-search__input')};
}"""


@pytest.mark.parametrize("viewport_name", ["360", "1280"])
@pytest.mark.parametrize("path", ["", "en/donar/"])
def test_every_focus_stop_shows_a_focus_ring(open_page, viewport_name, path):
    """WCAG 2.4.7: Tab through the page; each focused element draws an outline (or a shadow)."""
    page, _, _ = open_page(viewport_name, path)
    seen, invisible = 0, []
    for _ in range(200):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS_STYLE_JS)
        if info is None:
            break
        seen += 1
        # The search box shows focus by turning white and widening (Material): accepted.
        if not (info["outline"] or info["shadow"] or info["search"]):
            invisible.append(info["html"])
    assert seen > 5
    assert invisible == [], "focused without a visible ring:\n  " + "\n  ".join(invisible)
