"""Translation status from git history: missing pages, English older than its Spanish source."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from pioneras.volunteer import translations

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
DAY = 86400
T0 = 1_700_000_000


def git(site, *args, when=T0):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org",
               GIT_AUTHOR_DATE=f"@{when} +0000", GIT_COMMITTER_DATE=f"@{when} +0000")
    subprocess.run(["git", *args], cwd=site, env=env, check=True, capture_output=True)


def edit(site, rel, text):
    (site / rel).write_text(text, encoding="utf-8")


@pytest.fixture
def repo(site):
    git(site, "init", "-q")
    for name in ("a.md", "b.md"):
        edit(site, f"docs/es/{name}", "# Hola\n")
        edit(site, f"docs/en/{name}", "# Hello\n")
    git(site, "add", ".")
    git(site, "commit", "-qm", "pages")
    return site


def test_spanish_changed_after_english_is_listed(repo, run):
    edit(repo, "docs/es/a.md", "# Hola de nuevo\n")
    git(repo, "commit", "-qam", "es", when=T0 + DAY)
    status = translations.status(repo)
    assert [page for page, _, _ in status.outdated] == ["a.md"] and status.history == "ok"
    code, out = run("translations", "--root", repo)
    assert code == 0
    assert "docs/en/a.md: el español cambió" in out and "after the English translation" in out
    edit(repo, "docs/en/a.md", "# Hello again\n")
    git(repo, "commit", "-qam", "en", when=T0 + 2 * DAY)
    assert translations.status(repo).outdated == []


def test_uncommitted_spanish_edit_counts_as_now(repo):
    edit(repo, "docs/es/b.md", "# Cambio sin guardar en git\n")
    assert [page for page, _, _ in translations.status(repo).outdated] == ["b.md"]


def test_missing_pages_both_ways(repo):
    edit(repo, "docs/es/nueva.md", "# Nueva\n")
    edit(repo, "docs/en/only-english.md", "# Only\n")
    status = translations.status(repo)
    assert status.missing == {"es": ["only-english.md"], "en": ["nueva.md"]}
    lines = translations.lines(status)
    assert "docs/en/nueva.md: falta la versión en inglés" in lines[1]


def test_without_git_history_it_says_so(site, run):
    edit(site, "docs/es/a.md", "# Hola\n")
    edit(site, "docs/en/a.md", "# Hello\n")
    assert translations.status(site).history == "no-git"
    code, out = run("translations", "--root", site)
    assert code == 0 and "no git history here" in out and "No falta ninguna página" in out
    git(site, "init", "-q")
    assert translations.status(site).history == "no-commits"
