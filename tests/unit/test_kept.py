"""Files kept across MkDocs emptying the site: never through a link, never a traceback."""
from __future__ import annotations

import os

from pioneras import kept


def test_a_folder_is_set_aside_and_its_files_moved_back(tmp_path):
    (tmp_path / "photos/a").mkdir(parents=True)
    (tmp_path / "photos/a/x.avif").write_bytes(b"x")
    inode = (tmp_path / "photos/a/x.avif").stat().st_ino
    kept.set_aside(tmp_path / "photos", tmp_path / ".previous")
    assert not (tmp_path / "photos").exists()
    kept.move_back(tmp_path / ".previous/a/x.avif", tmp_path / "photos/a/x.avif")     # its folder is made
    assert (tmp_path / "photos/a/x.avif").stat().st_ino == inode
    kept.forget(tmp_path / ".previous")
    assert not (tmp_path / ".previous").exists()


def test_a_link_where_the_kept_folder_goes_is_removed_not_followed(tmp_path):
    (tmp_path / "photos").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/important").write_text("keep me", encoding="utf-8")
    os.symlink(tmp_path / "elsewhere", tmp_path / ".previous")
    kept.set_aside(tmp_path / "photos", tmp_path / ".previous")
    assert (tmp_path / "elsewhere/important").read_text(encoding="utf-8") == "keep me"
    assert (tmp_path / ".previous").is_dir() and not (tmp_path / ".previous").is_symlink()


def test_nothing_to_set_aside_is_not_an_error(tmp_path):
    kept.set_aside(tmp_path / "photos", tmp_path / ".previous")
    kept.forget(tmp_path / ".previous")
    assert list(tmp_path.iterdir()) == []
