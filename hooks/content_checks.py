"""MkDocs glue: run the volunteer content checks at the start of each build.

Each problem becomes a WARNING (so ``mkdocs build --strict`` stops on it, with a line a
volunteer can act on); notices and the translation status are INFO. The logic lives in
pioneras.validate and pioneras.volunteer.translations, which do not import MkDocs.
"""
from __future__ import annotations

import logging
from pathlib import Path

from pioneras.validate import check
from pioneras.volunteer import translations
from pioneras.volunteer.problems import ERROR

log = logging.getLogger("mkdocs.plugins.pioneras")


def on_config(config):
    # static-i18n builds the other language inside the first build, with `building` set;
    # report once per build. (Not a module flag: MkDocs caches hook modules, so a flag
    # would also silence every later rebuild of `mkdocs serve`.)
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return config
    root = Path(config.config_file_path).parent
    # data/*.yml is reported by hooks/site_data.py and report folders by the photo
    # pipeline's hook when it is configured; saying it twice would only add noise.
    pipeline = any("photo_reports" in str(name) for name in config.plugins)
    for problem in check(root, site_data=False, reports=not pipeline):
        (log.warning if problem.level == ERROR else log.info)(str(problem))
    for line in translations.lines(translations.status(root), missing_pages=False):  # check lists them
        log.info("traducción / translation: %s", line)
    return config
