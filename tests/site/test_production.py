"""The production build (`python3 tasks.py build`, the Pages workflow): no example content
anywhere, and the pages that would have shown it say what exists instead."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from sitebuild import ROOT, build, copy_project

EXAMPLE_REPORTS = sorted(p.name for p in (ROOT / "docs/photo-reports").iterdir()
                         if p.is_dir() and "example: true" in (p / "report.yml").read_text(encoding="utf-8"))
EXAMPLE_STORIES = sorted(p.stem for p in (ROOT / "docs/es/historias").glob("*.md")
                         if re.search(r"(?m)^example: true$", p.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("production") / "project")
    result = build(root, root.parent / "site")          # no PIONERAS_EXAMPLES: as CI deploys
    assert result.returncode == 0, result.log[-3000:]
    yield result
    shutil.rmtree(root.parent, ignore_errors=True)


def test_the_project_has_example_content_to_leave_out():
    assert EXAMPLE_REPORTS and EXAMPLE_STORIES


def test_no_example_page_photo_or_story_is_published(production):
    site = production.site
    for slug in EXAMPLE_REPORTS:
        assert not (site / "photos" / slug).exists()
        for prefix in ("", "en/"):
            assert not (site / prefix / "informes-fotograficos" / slug).exists()
    for name in EXAMPLE_STORIES:
        for prefix in ("", "en/"):
            assert not (site / prefix / "historias" / name).exists()
    every_text = [p for p in site.rglob("*") if p.suffix in (".html", ".xml", ".json") and p.is_file()]
    for path in every_text:
        text = path.read_text(encoding="utf-8")
        for slug in [*EXAMPLE_REPORTS, *EXAMPLE_STORIES]:
            assert slug not in text, f"{path.relative_to(site)} names {slug}"


@pytest.mark.parametrize("prefix, words", [("", "aparecerán aquí"), ("en/", "will appear here")])
def test_the_empty_reports_page_says_so_and_links_to_the_supporters_reports(production, prefix, words):
    html = (production.site / prefix / "informes-fotograficos" / "index.html").read_text(encoding="utf-8")
    empty = html[html.index('class="pio-empty"'):]
    assert words in empty.split("</div>")[0]
    assert 'href="https://www.ecosolidar.ch/en/category/photo-report/idemnna-en/"' in empty


def test_the_search_indexes_hold_no_example(production):
    for prefix in ("", "en/"):
        index = json.loads((production.site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert not [d["location"] for d in index["docs"]
                    if any(s in d["location"] for s in [*EXAMPLE_REPORTS, *EXAMPLE_STORIES])]


@pytest.mark.parametrize("prefix, words", [("", "aparecerán aquí"), ("en/", "will appear here")])
def test_the_empty_stories_list_says_so(production, prefix, words):
    html = (production.site / prefix / "historias" / "index.html").read_text(encoding="utf-8")
    assert words in html.split('class="pio-empty"', 1)[1].split("</p>")[0]
