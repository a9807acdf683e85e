"""Weight budgets, measured in the browser on a first visit (new tab, routing on: no HTTP cache).

Bytes are what Chromium received (headers + encoded body of every response, the search
worker's requests included), from a server that gzips text like GitHub Pages does.
"""
from __future__ import annotations

import pytest

KB = 1024
HOME_BUDGET = 200 * KB
REPORT_BUDGET = 500 * KB


def _table(visit) -> str:
    rows = sorted(visit.bytes_by_url.items(), key=lambda kv: -kv[1])
    return "\n  " + "\n  ".join(f"{b / KB:8.1f} KB  {u}" for u, b in rows)


@pytest.mark.parametrize("path", ["", "en/"])
def test_home_first_load_is_at_most_200_kb(visits, viewport, path):
    visit = visits.get(viewport, path)
    assert visit.bytes <= HOME_BUDGET, f"{visit.bytes / KB:.1f} KB on first load:" + _table(visit)


def test_photo_report_first_load_is_at_most_500_kb_before_scrolling(visits, viewport, report_path):
    if report_path is None:
        pytest.skip("no photo report page built yet")
    visit = visits.get(viewport, report_path)
    assert visit.bytes <= REPORT_BUDGET, f"{visit.bytes / KB:.1f} KB before scrolling:" + _table(visit)
