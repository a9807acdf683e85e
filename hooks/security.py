"""MkDocs glue: text is text, and each page gets a CSP that trusts only the site's own scripts.

* on_env: the templates' Jinja environment escapes everything it prints (MkDocs leaves
  autoescape off, so a title, description or data/*.yml text with markup reached the HTML
  as markup). What is HTML on purpose is marked so where it is made: the page's rendered
  Markdown and its table of contents here (on_page_context), pictures and galleries in
  the photo and stories hooks, JSON-LD in hooks/share.py.
* on_post_page / on_post_template: each page, while still in memory, gets rel=noopener on
  external links and its Content-Security-Policy (pioneras.security); an inline script
  that is not on the allow-list computed from the theme's and the project's templates, an
  event attribute or a javascript: link is a problem naming the page, and the build fails.
* on_post_build, at the very end: every HTML file in the site went through this pass.

The preview (`mkdocs serve`) is neither hardened nor checked here: it is never published,
its live-reload script is inline, and it must start quickly on a large archive. What a
volunteer writes into a page is checked at its line by pioneras.content in the preview
too; `python3 tasks.py build` and the pull-request check run this pass.
"""
from __future__ import annotations

from pathlib import Path

from markupsafe import Markup
from mkdocs.plugins import event_priority

from pioneras import security
from pioneras.build import Build
from pioneras.problems import problem


def on_env(env, config, files):
    env.autoescape = True
    return env


@event_priority(-1000)      # last, after the search plugin rewrote page.content as a plain string
def on_page_context(context, page, config, nav):
    page.content = Markup(page.content or "")  # the page's own HTML, rendered from Markdown
    for item in _toc_items(page.toc):
        item.title = Markup(item.title)        # Python-Markdown gives it as HTML (entities escaped)
    return context


def _toc_items(items):
    for item in items:
        yield item
        yield from _toc_items(item.children)


def _allowed(config) -> frozenset[str]:
    return security.allowed_scripts(tuple(str(d) for d in config.theme.dirs))


@event_priority(-1000)      # after every other hook changed the page
def on_post_page(output, page, config):
    return _harden(output, page.file.dest_uri, Build.of(config).project.shown(page.file.abs_src_path or
                                                                                page.file.src_uri), config)


def on_post_template(output, template_name, config):
    if not template_name.endswith(".html"):
        return output
    build = Build.of(config)
    return _harden(output, build.prefix + template_name, f"overrides/{template_name}", config)


def _harden(output: str, dest: str, shown: str, config) -> str:
    build = Build.of(config)
    if build.preview:
        return output
    html, verdict = security.harden(output, config.site_url, _allowed(config))
    # Code a volunteer wrote into a page was reported at its line (pioneras.content.links);
    # what is left is code that came from anywhere else: the theme, a data file, a plugin.
    said = any(p.path == shown and p.code == "pages.script" for p in build.content.problems)
    for body in [] if said else verdict.unknown_scripts:
        build.add(problem("security.inline-script", shown, 0, sample=" ".join(body.split())[:60]))
    if verdict.event_handlers and not said:
        build.add(problem("security.event-handler", shown, 0, names=", ".join(sorted(set(verdict.event_handlers)))))
    build.hardened.add(dest)
    return html


@event_priority(-900)       # after every file is written, before hooks/build.py reports
def on_post_build(config) -> None:
    build = Build.of(config)
    if config.plugins["i18n"].building or build.preview:    # the preview's pages get no CSP at all,
        return                                              # and a quick rebuild renders only some
    site = Path(config.site_dir)
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        if rel not in build.hardened:
            build.add(problem("security.unknown-page", f"site/{rel}", 0))
