"""Photo-report image pipeline: plain Python (Pillow, pillow-heif), no MkDocs import.

One concern per module:

- settings.py  what is produced (widths, formats, quality) and the cache keys
- errors.py    every volunteer mistake as one plain Spanish/English message
- reports.py   report folders: report.yml, listed vs present files, report pages
- decode.py    open an original: refuse non-photos, orientation, alpha, size
- colour.py    ICC / nclx colour to sRGB
- variants.py  widths, encoders (no metadata), dominant colour
- cache.py     persistent content-addressed cache and its manifest
- pool.py      one photo's work in a worker process; the process pool
- pipeline.py  one build: schedule once, wait per photo, publish, clean up
- publish.py   variants into the built site; stale files out
- markup.py    <picture>, galleries, the first-image rule
- mdimages.py  Markdown images of report photos -> <picture>

hooks/photo_reports.py is the MkDocs glue.
"""
from .errors import Problem
from .pipeline import Pipeline, Published, Summary
from .settings import PIPELINE_VERSION, Settings

__all__ = ["Pipeline", "Problem", "Published", "Settings", "Summary", "PIPELINE_VERSION"]
