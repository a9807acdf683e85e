"""MkDocs glue for data/*.yml: load once per build, report problems, hand data to templates.

The logic (schemas, IBAN check, placeholders) lives in pioneras.sitedata.
"""
from __future__ import annotations

import logging
from pathlib import Path

from pioneras.sitedata import SiteData, load_site_data

log = logging.getLogger("mkdocs.plugins.pioneras.data")
_data = SiteData()


def _language(config) -> str:
    return config.plugins["i18n"].current_language


def on_pre_build(config) -> None:
    # static-i18n runs the build once per language: read and report only on the first.
    global _data
    if _language(config) != "es":
        return
    _data = load_site_data(Path(config.config_file_path).parent / "data")
    for problem in _data.errors:
        log.warning(problem)
    for name in _data.placeholders:
        log.info("por confirmar / to be confirmed: %s (data/%s.yml)", name, name.split(".")[0])


def _context(context: dict, config) -> dict:
    context.update(
        ui=_data.ui.get(_language(config), {}),
        ui_all=_data.ui,
        donation=_data.donation,
        contact=_data.contact,
        testimonials=_data.published_testimonials(),
    )
    return context


def on_page_context(context, page, config, nav):
    return _context(context, config)


def on_template_context(context, template_name, config):
    return _context(context, config)
