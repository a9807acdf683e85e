"""scripts/pr_privacy.py: a photo with GPS anywhere in a pull request's commits fails it.

Each test makes a small Git repository shaped like GitHub's checkout of a pull request: a base
commit, the pull request's commits on a branch, and the merge commit (HEAD^1 = base, HEAD^2 =
the pull request's last commit).
"""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image

from images.helpers import exif_bytes

from .scriptload import load

pr_privacy = load("pr_privacy")
summary = load("ci_summary")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                          cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


def photo(path: Path, colour: tuple[int, int, int], gps: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    options = {"exif": exif_bytes(gps=True, camera=True)} if gps else {}
    Image.new("RGB", (64, 48), colour).save(path, "JPEG", **options)


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "--short", "HEAD")


@pytest.fixture
def pull_request(tmp_path) -> tuple[Path, str]:
    """base: one old photo with GPS (not this pull request's doing); the pull request adds
    a.jpg and c.jpg with GPS, then cleans a.jpg, deletes c.jpg and adds d.jpg with GPS."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    photo(repo / "docs/old.jpg", (9, 9, 9), gps=True)
    (repo / "README.md").write_text("base\n", encoding="utf-8")
    commit(repo, "base")
    git(repo, "checkout", "-q", "-b", "volunteer")
    photo(repo / "docs/photo-reports/2025-06-t/a.jpg", (200, 10, 10), gps=True)
    photo(repo / "docs/photo-reports/2025-06-t/IMG 7 (1).jpg", (10, 200, 10), gps=True)
    (repo / "notes.txt").write_text("hola\n", encoding="utf-8")
    first = commit(repo, "fotos del teléfono")
    photo(repo / "docs/photo-reports/2025-06-t/a.jpg", (200, 10, 10), gps=False)
    (repo / "docs/photo-reports/2025-06-t/IMG 7 (1).jpg").unlink()
    photo(repo / "assets/d.jpg", (10, 10, 200), gps=True)
    commit(repo, "limpiar")
    git(repo, "checkout", "-q", "main")
    (repo / "README.md").write_text("base, later\n", encoding="utf-8")
    commit(repo, "main moves on")
    git(repo, "merge", "-q", "--no-ff", "volunteer", "-m", "Merge pull request #7")
    return repo, first


def test_files_the_pull_request_changed_as_they_are_now(pull_request):
    repo, _ = pull_request
    assert pr_privacy.changed_files(repo, "HEAD^1", "HEAD^2") == [
        "assets/d.jpg", "docs/photo-reports/2025-06-t/a.jpg", "notes.txt"]


def test_earlier_versions_with_gps_are_found_with_their_commit(pull_request):
    repo, first = pull_request
    lines = pr_privacy.history_leaks(repo, "HEAD^1", "HEAD^2")
    assert len(lines) == 2, lines   # not old.jpg (main's), not d.jpg (in the branch now: privacy-check's)
    assert lines[0].startswith(f"docs/photo-reports/2025-06-t/IMG 7 (1).jpg: una versión anterior de "
                               f"este archivo (commit {first}) tiene ubicación GPS")
    assert lines[1].startswith(f"docs/photo-reports/2025-06-t/a.jpg: una versión anterior de este archivo "
                               f"(commit {first}) tiene ubicación GPS")
    assert all(" / an earlier version of this file " in line for line in lines)


def test_the_summary_reads_each_history_line_as_a_photo_problem(pull_request):
    repo, _ = pull_request
    for line in pr_privacy.history_leaks(repo, "HEAD^1", "HEAD^2"):
        problem = summary.parse_line(line)
        assert problem is not None and problem.text.startswith(summary.EARLIER), line
        assert problem.where.startswith("docs/photo-reports/2025-06-t/")


def test_a_clean_pull_request_has_no_history_problem(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "a.md").write_text("a\n", encoding="utf-8")
    commit(repo, "base")
    git(repo, "checkout", "-q", "-b", "pr")
    photo(repo / "docs/x.jpg", (1, 2, 3), gps=False)
    commit(repo, "clean photo")
    (repo / "a.md").write_text("b\n", encoding="utf-8")
    commit(repo, "text")
    assert pr_privacy.history_leaks(repo, "main", "pr") == []
    assert pr_privacy.changed_files(repo, "main", "pr") == ["a.md", "docs/x.jpg"]
