"""MkDocs glue: one build's state, and every problem said once, at the end, the same way.

First in mkdocs.yml's hooks. At the default language's on_config it reads the project
(pioneras.project) and all its content (pioneras.content) and attaches a
pioneras.build.Build to the config, which every other hook reads; the other languages'
passes only switch ``build.lang``.

While the build runs, MkDocs' and its plugins' warnings are held back (a filter on the
"mkdocs" logger's handlers) and said again as the project's Problems (pioneras.report).
At the very end of the default language's pass, after static-i18n has built the other
languages, every problem is printed, sorted by file and line, followed by one summary
line: a strict build then stops once, on exactly the problems it printed. In the
preview (`mkdocs serve`) they are printed the same way but do not stop it.
"""
from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from pioneras import fragments
from pioneras.build import Build
from pioneras.content import read_content
from pioneras.problems import errors, problem, summary
from pioneras.project import DATA, OVERRIDES, Project
from pioneras.report import resay

log = logging.getLogger("mkdocs.plugins.pioneras")
preview_log = logging.getLogger("pioneras.preview")     # not under "mkdocs": never counted as strict
# This process's mkdocs command, said once at startup, and the pages its preview keeps
# between rebuilds (MkDocs loads this module once per process).
_PROCESS = {"command": "build"}


def on_startup(command, dirty) -> None:
    _PROCESS["command"] = command


@event_priority(100)        # before every other hook and plugin reads the config
def on_config(config):
    i18n = config.plugins["i18n"]
    if i18n.building:       # another language's pass of this same build
        build = Build.of(config)
        build.enter(i18n.current_language, outer=False)
        _HoldWarnings.install(build)        # MkDocs added this pass's strict counter just now
        return config
    project = Project.create(
        Path(config.config_file_path).parent, Path(config.docs_dir),
        [i18n.default_language, *(l for l in i18n.build_languages if l != i18n.default_language)],
        site_url=config.site_url or "", nav=config.nav, not_in_nav=config.not_in_nav,
        extra=config.extra.get("pioneras"))
    preview = _PROCESS["command"] == "serve"
    # The preview keeps the pages it read between its rebuilds: an edit reads one file again.
    content = read_content(project, examples=project.settings.show_examples(preview),
                           reuse=_PROCESS.setdefault("pages", {}) if preview else None)
    build = Build(project, content, preview)
    build.enter(project.default_language, outer=True)
    build.attach(config)
    _HoldWarnings.install(build)
    if preview:             # the preview also rebuilds when data/ or the templates change
        config.watch.extend(str(project.root / part) for part in (DATA, OVERRIDES)
                            if (project.root / part).is_dir())
    if content.inventory.symlinks:          # MkDocs would follow them while listing docs/
        _report(build)
        raise PluginError(str(problem("build.symlinks", project.docs_shown)))
    return config


def on_env(env, config, files):
    # Each language's pass gets a new template environment that would compile the theme's
    # ~50 templates again (a fifth of a small build); compiled once, they are reused while
    # their source is unchanged. Beside the photo cache; autoescape is compiled in, so it
    # names the folder (hooks/security.py turns it on for every build).
    build = Build.of(config)
    folder = build.project.cache_dir(build.project.settings.photos.cache).parent / "templates-autoescape"
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = _TemplateCache(str(folder))
    env.add_extension(fragments.FragmentCache)
    env.fragments = build.fragments
    return env


@event_priority(-50)        # after hooks/stories.py marked the Stories tab active
def on_page_context(context, page, config, nav):
    build = Build.of(config)
    items = list(_walk(nav.items))
    context["nav_key"] = fragments.nav_key(build.lang, page.url, (p.url for p in nav.pages),
                                           tuple(bool(i.active) for i in items))
    return context


def _walk(items):
    for item in items:
        yield item
        yield from _walk(item.children or ())


class _TemplateCache(FileSystemBytecodeCache):
    """A cache that cannot be read or written only means compiling again."""

    def load_bytecode(self, bucket) -> None:
        with contextlib.suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


@event_priority(-1000)      # after static-i18n built the other languages, and after every hook
def on_post_build(config) -> None:
    build = Build.of(config)
    if config.plugins["i18n"].building:
        return
    _report(build)


def on_build_error(error) -> None:
    _HoldWarnings.remove()        # the error itself is MkDocs' to print


def _report(build: Build) -> None:
    _HoldWarnings.remove()
    found = build.all_problems()
    say = preview_log if build.preview else log
    for p in found:
        (say.warning if p.is_error else say.info)(str(p))
    if errors(found) or build.preview:
        say.info(summary(found))


class _HoldWarnings(logging.Filter):
    """Keeps MkDocs' warnings for the end of the build, said again as Problems.

    On every handler of the "mkdocs" logger (MkDocs adds a strict counter per language
    pass, so each pass installs it again on the new one)."""

    def __init__(self, build: Build):
        super().__init__()
        self.build = build

    @classmethod
    def install(cls, build: Build) -> None:
        for handler in logging.getLogger("mkdocs").handlers:
            if not any(isinstance(f, cls) and f.build is build for f in handler.filters):
                for old in [f for f in handler.filters if isinstance(f, cls)]:
                    handler.removeFilter(old)            # a previous (failed) build's
                handler.addFilter(cls(build))
        _ensure_preview_handler()

    @classmethod
    def remove(cls) -> None:
        for handler in logging.getLogger("mkdocs").handlers:
            for old in [f for f in handler.filters if isinstance(f, cls)]:
                handler.removeFilter(old)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING or record.name == log.name:
            return True
        self.build.add(*resay(record.getMessage(), self.build.content, self.build.all_problems()))
        return False


def _ensure_preview_handler() -> None:
    """In the preview the problems go to a logger outside MkDocs' strict counting; give it
    MkDocs' look (level, then the message)."""
    if not preview_log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        preview_log.addHandler(handler)
        preview_log.setLevel(logging.INFO)
        preview_log.propagate = False
