#!/usr/bin/env python3
"""The photo steps of a warm build, one by one, in-process: CPU milliseconds, best of N.

    PYTHONPATH=<checkout> .venv/bin/python bench/photos_steps.py /tmp/photos-warm/with [--repeat 9]

Runs on a copy built before (e.g. one kept by `bench/photos_warm.py --keep`), with the
engine on PYTHONPATH (run it with two checkouts in turn to compare them), what a build does
with photos, as hooks/build.py and hooks/photos.py call it: the publish gate's inventory,
the report reader, all content (both included), the pipeline's start, every gallery in
each language (the search's stand-in and the gallery itself), and finish (the site's photo
folder set aside and moved back, as MkDocs runs it). CPU time (process_time), the best of
--repeat rounds: on a shared machine it moves far less than wall time. The site and cache of
the copy stay right (finish publishes them). The page around a gallery (search indexing,
the template, the CSP) is not here: bench/photos_warm.py has the whole build.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

import pioneras
from pioneras.content import FACTS_FILE, read_content
from pioneras.content.facts import FactsCache
from pioneras.content.gate import take_inventory
from pioneras.content.reports import read_reports
from pioneras.images import Pipeline, markup
from pioneras.project import Project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="a copy of the project, built before")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    root = args.project.resolve()
    project = Project.from_mkdocs_yml(root)
    settings = project.settings.photos
    best: dict[str, float] = {}

    def clock(step: str, work):
        start = time.process_time()
        result = work()
        best[step] = min(best.get(step, float("inf")), time.process_time() - start)
        return result

    for _ in range(args.repeat):
        facts = FactsCache(project.cache_dir(settings.cache) / FACTS_FILE)
        inventory = clock("gate inventory", lambda: take_inventory(project, facts))
        context = {"languages": project.languages, "today": dt.date.today()}
        clock("report reader", lambda: read_reports(project, inventory.reports, facts, context))
        content = clock("all content (both above included)", lambda: read_content(project, examples=False))
        pipeline = Pipeline(project.docs, project.cache_dir(settings.cache), settings.pipeline(),
                            workers=settings.worker_count, root=project.root)
        withdrawn = {p.sha256 for r in content.reports.values() for p in r.withdrawn if p.sha256}
        clock("pipeline.start", lambda: pipeline.start(content.reports, withdrawn, spared=content.left_out,
                                                       site_dir=root / "site"))
        pipeline.set_aside(root / "site")

        def galleries():
            for lang in project.languages:
                words = content.words(lang).block("photos")
                base = "../../" + project.prefix(lang).count("/") * "../"
                for slug in content.reports:
                    items = pipeline.gallery(slug)
                    markup.gallery_text(items, lang, words)
                    markup.gallery(items, lang, words, base, pipeline.settings.sizes, pipeline.settings.site_subdir)
        clock("galleries, both languages", galleries)
        summary = clock("pipeline.finish", lambda: pipeline.finish(root / "site"))
    print(f"engine {Path(pioneras.__file__).parent}; {summary.photos} photos, {summary.reused} files "
          f"reused, {summary.decoded} decoded; CPU ms, best of {args.repeat}")
    for step, seconds in best.items():
        print(f"{step:36} {seconds * 1000:8.1f}")


if __name__ == "__main__":
    sys.exit(main())
