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


def _stories(tmp_path, times: dict[str, float], dates: dict[str, str] | None = None):
    """A content stand-in: story files with these modification times (and dates)."""
    from types import SimpleNamespace
    from pioneras.content.pages import is_story
    pages = {}
    for src, when in times.items():
        path = tmp_path / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
        os.utime(path, (when, when))
        lang, rel = src.split("/", 1)
        pages[src] = SimpleNamespace(src=src, lang=lang, path=path, is_story=is_story(rel),
                                     meta={"date": (dates or {}).get(src, "")})
    return SimpleNamespace(project=SimpleNamespace(languages=("es", "en")), pages=pages)


def test_a_first_start_leaves_the_older_stories_of_each_language_for_later(tmp_path):
    from pioneras.preview import changed_since, render_later
    content = _stories(tmp_path, {"es/historias/a.md": 100, "es/historias/b.md": 300, "es/historias/c.md": 200,
                                  "en/historias/a.md": 50, "es/historia.md": 10, "es/historias/index.md": 1},
                       {"es/historias/a.md": "2026-01-01"})      # newer, but changed long ago
    assert render_later(content, 1) == {"es/historias/a.md", "es/historias/c.md"}     # b is the newest
    assert render_later(content, 2) == {"es/historias/a.md"}
    assert render_later(content, 0) == {"es/historias/a.md", "es/historias/b.md", "es/historias/c.md",
                                        "en/historias/a.md"}       # never a page of the menu or a list
    assert render_later(content, 0, above=4) == set()       # a small archive: every page first
    assert render_later(content, 0, above=3) == render_later(content, 0)
    later = render_later(content, 0)
    assert changed_since(content, later, 250) == {"es/historias/b.md"}
    os.utime(content.pages["es/historias/a.md"].path, (400, 400))    # the volunteer edits one
    assert changed_since(content, later, 250) == {"es/historias/a.md", "es/historias/b.md"}


def test_on_a_fresh_clone_the_newest_stories_come_first(tmp_path):
    from pioneras.preview import render_later
    same = {"es/historias/a.md": 125, "es/historias/b.md": 121, "es/historias/c.md": 123}    # a checkout
    content = _stories(tmp_path, same, {"es/historias/a.md": "2024-01-01", "es/historias/b.md": "2026-03-01",
                                        "es/historias/c.md": "2025-05-05"})
    assert render_later(content, 2) == {"es/historias/a.md"}


def _preview_hook():
    import importlib.util
    from pathlib import Path
    path = Path(__file__).resolve().parents[2] / "hooks/preview.py"
    spec = importlib.util.spec_from_file_location("preview_hook_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _wait_until(predicate, seconds=30.0):
    import time
    start = time.monotonic()
    while not predicate():
        assert time.monotonic() - start < seconds, "not within the time"
        time.sleep(0.01)


def test_the_rest_gives_way_to_the_servers_rebuild_and_goes_on_after_it(tmp_path):
    """hooks/preview.py's build in the background, on MkDocs' own server object (not
    listening): an edit's rebuild waits at most one page, and the rest is finished after it."""
    import time
    from types import SimpleNamespace
    from mkdocs.livereload import LiveReloadServer, _timestamp
    from pioneras.preview import LATER
    hook = _preview_hook()
    site = tmp_path / "site"
    site.mkdir()
    runs, pages = [], []

    class Photos:
        closed = 0

        def close(self):
            self.closed += 1

    photos = Photos()
    config = {"pioneras": SimpleNamespace(photos=photos)}       # pioneras.build.CONFIG_KEY

    def build():                      # MkDocs' build: each page asks whether to give way
        runs.append("rest" if rest.filling else "server")
        for n in range(40):
            hook.on_page_markdown("", None, config, None)
            pages.append((runs[-1], n))
            time.sleep(0.005)

    server = LiveReloadServer(builder=build, host="127.0.0.1", port=0, root=str(site))
    server.error_handler = lambda code: b"the site's own 404"
    rest = hook._Rest({"es/historias/a.md"}, time.time(), site)
    hook._PREVIEW["rest"] = rest
    assert (site / LATER).exists()
    rest.start(server)
    assert b"not ready yet" in server.error_handler(404) and b"todav" in server.error_handler(404)
    _wait_until(lambda: len(pages) >= 5)
    with server._rebuild_cond:          # a file saved: what the server's watcher does
        server._want_rebuild = True
    _wait_until(lambda: not rest.filling)
    given = len(pages)
    assert given < 40 and runs == ["rest"] and photos.closed == 1     # its photo pool ended
    with server._rebuild_cond:          # the server's build loop takes its turn
        server._wanted_epoch, server._want_rebuild = _timestamp(), False
    server.builder()
    with server._epoch_cond:
        server._visible_epoch = server._wanted_epoch
    after_edit = server._visible_epoch
    _wait_until(lambda: rest.done)
    assert runs == ["rest", "server", "rest"]
    assert [n for who, n in pages if who == "server"] == list(range(40))     # not interrupted
    assert [n for who, n in pages[given + 40:]] == list(range(40))           # the rest, all of it
    _wait_until(lambda: server._visible_epoch > after_edit)                  # browsers reload
    assert server._wanted_epoch == server._visible_epoch
    assert not (site / LATER).exists()
    assert server.error_handler(404) == b"the site's own 404"


def test_a_rest_that_fails_stops_leaving_pages_for_later(tmp_path, caplog):
    import logging
    import time
    from mkdocs.livereload import LiveReloadServer
    hook = _preview_hook()

    def build():
        raise RuntimeError("the disk is full")

    server = LiveReloadServer(builder=build, host="127.0.0.1", port=0, root=str(tmp_path))
    rest = hook._Rest({"es/historias/a.md"}, time.time(), tmp_path)
    hook._PREVIEW["rest"] = rest
    said = logging.getLogger("pioneras.preview")     # (the build stops it propagating)
    said.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.INFO, logger="pioneras.preview"):
            rest.start(server)
            _wait_until(lambda: server._want_rebuild)       # its own build renders what is left
    finally:
        said.removeHandler(caplog.handler)
    assert rest.done and "the disk is full" in caplog.text and "every page is ready" not in caplog.text


def test_closing_the_preview_stops_the_rest_and_the_next_start_is_afresh(tmp_path):
    import time
    from mkdocs.livereload import LiveReloadServer
    from pioneras.preview import LATER
    hook = _preview_hook()
    started = []

    def build():                      # a long build, page after page
        started.append(1)
        for _ in range(2000):
            hook.on_page_markdown("", None, config, None)
            time.sleep(0.005)

    config = {"pioneras": type("B", (), {"photos": None})()}
    server = LiveReloadServer(builder=build, host="127.0.0.1", port=0, root=str(tmp_path))
    rest = hook._Rest({"es/historias/a.md"}, time.time(), tmp_path)
    hook._PREVIEW["rest"] = rest
    rest.start(server)
    _wait_until(lambda: started)
    before = time.monotonic()
    hook.on_shutdown()                # what MkDocs calls after Ctrl+C
    assert time.monotonic() - before < 5 and not rest._thread.is_alive()
    assert not rest.done and (tmp_path / LATER).exists()


def test_a_page_made_from_another_file_than_last_time_is_known(tmp_path):
    from pioneras.preview import PAGES, PageOutputs
    site = _site(tmp_path)
    first = PageOutputs(site)
    first.made("en/historia/index.html", "en", "historia/", "/docs/en/historia.md")
    first.save()
    second = PageOutputs(site)      # the translation deleted: the Spanish text stands in
    assert second.made_from_another("en/historia/index.html", "/docs/es/historia.md")
    assert not second.made_from_another("en/historia/index.html", "/docs/en/historia.md")
    assert not second.made_from_another("en/nueva/index.html", "/docs/es/nueva.md")     # new: rendered anyway
    (site / PAGES).write_text('["en/historia/index.html"]', encoding="utf-8")     # an older record
    older = PageOutputs(site)
    assert older.old == {"en/historia/index.html"}
    assert not older.made_from_another("en/historia/index.html", "/docs/es/historia.md")
