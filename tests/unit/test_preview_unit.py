"""pioneras/preview.py on its own: what makes the preview redo every page, and the site
folder a preview keeps for the next one."""
from __future__ import annotations

import os

from pioneras.preview import KEPT_SITE, STAMP, KeptSite, needs_full_rebuild, shared_state


def _project(root):
    for part in ("data", "overrides", "hooks", "pioneras"):
        (root / part).mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (root / "data/ui.yml").write_text("a: b\n", encoding="utf-8")
    (root / "hooks/build.py").write_text("x = 1\n", encoding="utf-8")
    (root / "pioneras/build.py").write_text("x = 1\n", encoding="utf-8")
    return root


def _site(root):
    site = root / "site"
    (site / "historia").mkdir(parents=True)
    (site / "historia/index.html").write_text("old", encoding="utf-8")
    (site / "404.html").write_text("no", encoding="utf-8")
    (site / "logo.png").write_bytes(b"png")
    return site


def test_a_change_to_the_code_empties_the_pages_but_not_the_rest(tmp_path):
    root, site = _project(tmp_path / "p"), _site(tmp_path)
    assert needs_full_rebuild(root, site)                 # the first build
    (site / "historia/index.html").write_text("new", encoding="utf-8")
    assert not needs_full_rebuild(root, site)             # nothing changed
    assert (site / "historia/index.html").exists()
    (root / "hooks/build.py").write_text("x = 22\n", encoding="utf-8")     # a `git pull` of the code
    assert needs_full_rebuild(root, site)
    assert not (site / "historia/index.html").exists() and not (site / "404.html").exists()
    assert (site / "logo.png").read_bytes() == b"png" and (site / STAMP).exists()


def test_compiled_python_files_do_not_count(tmp_path):
    root = _project(tmp_path / "p")
    before = shared_state(root)
    (root / "pioneras/__pycache__").mkdir()
    (root / "pioneras/__pycache__/build.cpython-311.pyc").write_bytes(b"\0")
    assert shared_state(root) == before
    os.utime(root / "data/ui.yml", ns=(1, 1))
    assert shared_state(root) != before


def test_the_date_counts(tmp_path, monkeypatch):
    import datetime as real
    import pioneras.preview as preview
    root = _project(tmp_path / "p")
    today = shared_state(root)

    class Tomorrow(real.date):
        @classmethod
        def today(cls):
            return real.date(2099, 1, 1)

    monkeypatch.setattr(preview.dt, "date", Tomorrow)
    assert shared_state(root) != today and "2099-01-01" in shared_state(root)


def test_one_preview_at_a_time_keeps_the_site(tmp_path):
    first = KeptSite(tmp_path)
    assert first.folder == tmp_path / KEPT_SITE and first.folder.is_dir()
    second = KeptSite(tmp_path)           # another preview of the same checkout
    if first._lock.effective:
        assert second.folder is None and second.busy    # builds into MkDocs' temporary folder
    (first.folder / "404.html").write_bytes(b"<h1>404</h1>")
    assert first.error_page(404) == b"<h1>404</h1>"
    assert first.error_page(403) is None
    first._lock.close()
    assert KeptSite(tmp_path).folder is not None          # free again once that one ends


def test_a_cache_that_cannot_be_written_means_no_kept_site(tmp_path):
    (tmp_path / ".cache").write_text("a file, not a folder", encoding="utf-8")
    kept = KeptSite(tmp_path)
    assert kept.folder is None and not kept.busy and kept.error_page(404) is None


def test_the_page_of_a_deleted_file_is_deleted_and_nothing_else(tmp_path):
    from pioneras.preview import PageOutputs
    site = _site(tmp_path)
    (site / "vieja").mkdir()
    (site / "vieja/index.html").write_text("old story", encoding="utf-8")
    first = PageOutputs(site)
    for uri in ("historia/index.html", "vieja/index.html", "404.html"):
        first.made(uri)
    assert first.save() == []                       # the first build deletes nothing
    second = PageOutputs(site)
    second.made("historia/index.html")
    second.made("404.html")
    assert second.save() == ["vieja/index.html"]
    assert not (site / "vieja/index.html").exists()
    assert (site / "historia/index.html").exists() and (site / "logo.png").exists()


def test_a_damaged_record_deletes_nothing(tmp_path):
    from pioneras.preview import PAGES, PageOutputs
    site = _site(tmp_path)
    outside = (tmp_path / "outside.html").as_posix()
    for text in ("{not json", '{"a": 1}', '["../outside.html", "%s", "C:/x.html", 3]' % outside, "7"):
        (site / PAGES).write_text(text, encoding="utf-8")
        (tmp_path / "outside.html").write_text("x", encoding="utf-8")
        outputs = PageOutputs(site)
        outputs.made("historia/index.html")
        outputs.save()
        assert (tmp_path / "outside.html").exists() and (site / "404.html").exists()


def test_a_quick_rebuild_keeps_the_search_entries_of_the_pages_it_did_not_render():
    from pioneras.seo import kept_search
    old = {"config": {"lang": ["es"]}, "docs": [
        {"location": "", "title": "Inicio", "text": "viejo"},
        {"location": "historia/", "title": "Historia", "text": "sin cambios"},
        {"location": "historia/#inicios", "title": "Inicios", "text": "sin cambios"},
        {"location": "borrada/", "title": "Borrada", "text": "ya no existe"},
        {"location": 7}, "basura"]}
    new = {"config": {"lang": ["es"], "new": True}, "docs": [{"location": "", "title": "Inicio", "text": "nuevo"}]}
    merged = kept_search(old, new, rendered={""}, pages={"", "historia/"})
    assert merged["config"] == new["config"]
    assert [(d["location"], d["text"]) for d in merged["docs"]] == [
        ("historia/", "sin cambios"), ("historia/#inicios", "sin cambios"), ("", "nuevo")]
    for damaged in (None, [], {"docs": "x"}, "text"):
        assert kept_search(damaged, new, {""}, {""}) == new


def test_the_titles_of_the_menu_count():
    from types import SimpleNamespace
    from pioneras.preview import nav_titles

    def content(title, body):
        project = SimpleNamespace(languages=("es", "en"), nav=("index.md", "historia.md"))
        pages = {"es/historia.md": SimpleNamespace(meta={"title": title}, body=body),
                 "es/index.md": SimpleNamespace(meta={}, body="Texto.\n")}
        return SimpleNamespace(project=project, pages=pages)

    same = nav_titles(content("Historia", "# Uno\n\nTexto.\n"))
    assert nav_titles(content("Historia", "# Uno\n\nOtro texto.\n")) == same     # text: no
    assert nav_titles(content("Historia nueva", "# Uno\n\nTexto.\n")) != same    # title: yes
    assert nav_titles(content("Historia", "# Dos\n\nTexto.\n")) != same          # heading: yes


def test_serve_fresh_forgets_the_kept_pages(monkeypatch, tmp_path):
    import importlib.util
    from pathlib import Path
    spec = importlib.util.spec_from_file_location("tasks", Path(__file__).resolve().parents[2] / "tasks.py")
    tasks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tasks)
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    kept = tmp_path / KEPT_SITE
    (kept / "historia").mkdir(parents=True)
    (kept / "historia/index.html").write_text("old", encoding="utf-8")
    assert tasks.serve_args(["-a", "127.0.0.1:9000"]) == ["-a", "127.0.0.1:9000"] and kept.exists()
    assert tasks.serve_args(["--fresh", "-a", "127.0.0.1:9000"]) == ["-a", "127.0.0.1:9000"]
    assert not kept.exists()
    assert tasks.serve_args(["--fresh"]) == []          # nothing kept: nothing to forget
