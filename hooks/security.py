"""MkDocs glue for pioneras.security: a CSP <meta> and rel="noopener" on every built page.

Runs once, over the whole site, after everything else has written its files:
static-i18n builds each language in turn inside the default language's on_post_build
(priority -100), hooks/i18n_fixes.py rewrites 404.html and the sitemaps at -110, and
this hook comes last at -120, acting only on the outermost call (building == False).
Skipped under `mkdocs serve`: its live-reload script is inline and would be blocked.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.plugins import event_priority

from pioneras import security

log = logging.getLogger("mkdocs.plugins.pioneras.security")
_command = {"name": "build"}


def on_startup(command, dirty) -> None:
    _command["name"] = command


@event_priority(-120)
def on_post_build(config) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return      # an inner language build: the last, outermost call does the whole site
    if _command["name"] == "serve":
        log.info("mkdocs serve: no Content-Security-Policy (live reload uses inline scripts)")
        return
    report = security.harden_site(Path(config.site_dir), config.site_url)
    for page, handlers in report.event_handlers.items():
        log.warning("%s: inline event handlers are blocked by the CSP: %s", page, ", ".join(handlers))
    log.info("CSP and rel=noopener on %d pages (%d allow inline styles: lightbox or style attributes)",
             report.pages, len(report.unsafe_inline_styles))
