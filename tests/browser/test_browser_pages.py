"""Every built page, in both languages, at 360 px and 1280 px, in Debian's Chromium.

Each page is loaded once per viewport (pagecheck.Visits); these tests read that load.
"""
from __future__ import annotations

import json


def _fmt(items) -> str:
    return "\n  " + "\n  ".join(str(i) for i in items)


def test_axe_finds_no_violation(visits, viewport, page_path):
    """axe-core's default run: WCAG 2.0/2.1 A and AA rules plus best practices."""
    visit = visits.get(viewport, page_path)
    assert visit.axe == [], "axe-core violations:" + _fmt(json.dumps(v, ensure_ascii=False) for v in visit.axe)


def test_loads_with_status_200(visits, viewport, page_path):
    assert visits.get(viewport, page_path).status == 200


def test_no_request_leaves_the_site(visits, viewport, page_path):
    visit = visits.get(viewport, page_path)
    assert visit.external == [], "requests to another host (aborted):" + _fmt(visit.external)


def test_no_failed_request(visits, viewport, page_path):
    """No 404 of an asset, sitemap or search index; nothing refused or aborted."""
    visit = visits.get(viewport, page_path)
    assert visit.failed == [], "failed requests:" + _fmt(visit.failed)


def test_no_console_error_and_no_script_error(visits, viewport, page_path):
    visit = visits.get(viewport, page_path)
    assert visit.page_errors == [], "uncaught script errors:" + _fmt(visit.page_errors)
    assert visit.console_errors == [], "console errors:" + _fmt(visit.console_errors)


def test_no_content_security_policy_violation(visits, viewport, page_path):
    visit = visits.get(viewport, page_path)
    assert visit.csp_violations == [], "CSP violations:" + _fmt(visit.csp_violations)


def test_no_horizontal_scroll(visits, viewport, page_path):
    visit = visits.get(viewport, page_path)
    width = int(viewport)
    assert visit.inner_width == width, f"layout viewport grew to {visit.inner_width}px (content too wide?)"
    assert visit.scroll_width <= visit.inner_width, (
        f"scrollWidth {visit.scroll_width} > innerWidth {visit.inner_width}; too wide:" + _fmt(visit.overflowing))


def test_no_image_larger_than_twice_its_displayed_size(visits, viewport, page_path):
    visit = visits.get(viewport, page_path)
    too_big = [f"{i['src']}: {i['pixels']}px wide, shown at {i['clientWidth']}px x dpr {i['dpr']}"
               for i in visit.images
               if i["clientWidth"] > 0 and i["pixels"] > 2 * i["clientWidth"] * i["dpr"]]
    assert too_big == [], "images more than twice their displayed width:" + _fmt(too_big)
