"""MkDocs glue: the facts of data/*.yml and the words of data/ui.yml, handed to templates.

pioneras.content read and checked them at the start of the build; templates get, in the
language being built: ``ui`` (its words), ``ui_all`` (every language's, for the 404 page),
``donation``, ``contact`` and the ``testimonials`` whose consent is recorded.
"""
from __future__ import annotations

from pioneras.build import Build


def _context(context: dict, config) -> dict:
    build = Build.of(config)
    data = build.content.data
    context.update(
        ui=build.words,
        ui_all={lang: build.content.words(lang) for lang in build.project.languages},
        languages=build.project.languages,
        donation=data.donation,
        contact=data.contact,
        testimonials=data.testimonials,
    )
    return context


def on_page_context(context, page, config, nav):
    return _context(context, config)


def on_template_context(context, template_name, config):
    return _context(context, config)
