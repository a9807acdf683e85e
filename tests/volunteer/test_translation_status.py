"""Translation status from git history: missing pages, English older than its Spanish source."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from pioneras.project import Project
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


def status(site) -> translations.Status:
    return translations.status(Project.from_mkdocs_yml(site))


def outdated(site) -> list[str]:
    return [p.path for p in status(site).outdated]


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
    assert outdated(repo) == ["docs/en/a.md"] and status(repo).history == "ok"
    [problem] = status(repo).outdated
    assert (problem.code, problem.is_error) == ("translations.outdated", False)
    code, out = run("translations", "--root", repo)
    assert code == 0
    assert "docs/en/a.md: (aviso / notice) el texto de origen docs/es/a.md cambió" in out
    assert "after this translation" in out
    edit(repo, "docs/en/a.md", "# Hello again\n")
    git(repo, "commit", "-qam", "en", when=T0 + 2 * DAY)
    assert outdated(repo) == []
    assert "Traducciones al día. / Translations up to date." in run("translations", "--root", repo)[1]


def test_uncommitted_spanish_edit_counts_as_now(repo):
    edit(repo, "docs/es/b.md", "# Cambio sin guardar en git\n")
    assert outdated(repo) == ["docs/en/b.md"]


def test_missing_pages_both_ways(repo):
    edit(repo, "docs/es/nueva.md", "# Nueva\n")
    edit(repo, "docs/en/only-english.md", "# Only\n")
    result = status(repo)
    assert result.missing == {"es": ["only-english.md"], "en": ["nueva.md"]}
    lines = translations.lines(Project.from_mkdocs_yml(repo), result)
    assert "docs/es/only-english.md: falta (cree la página con el mismo nombre de archivo)" in lines[0]
    assert lines[1].startswith("docs/en/nueva.md: falta") and "docs/en/nueva.md: missing" in lines[1]


def test_without_git_history_it_says_so(site, run):
    edit(site, "docs/es/a.md", "# Hola\n")
    edit(site, "docs/en/a.md", "# Hello\n")
    assert status(site).history == "no-git"
    code, out = run("translations", "--root", site)
    assert code == 0 and "no git history here" in out and "No falta ninguna página" in out
    git(site, "init", "-q")
    assert status(site).history == "no-commits"
