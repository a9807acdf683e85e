"""Photo-report image pipeline: plain Python (Pillow, pillow-heif), no MkDocs import.

It takes the reports pioneras.content.reports read (report.yml, listed vs present files,
consent: that module's mistakes are the content model's to report) and makes their photos.
One concern per module:

- settings.py  what is produced (widths, formats, quality) and the cache keys
- errors.py    what can be wrong with a photo's bytes, as the project's Problems
- decode.py    open an original: refuse non-photos, orientation, alpha, size
- verify.py    can every published photo be decoded? (what ``check`` asks, no variants)
- colour.py    ICC / nclx colour to sRGB
- variants.py  widths, encoders (no metadata), dominant colour
- cache.py     persistent content-addressed cache; manifest.py its index; lock.py
               the locks that let builds share it
- pool.py      one photo's work in a worker process; the process pool
- pipeline.py  one build: schedule once, wait per photo, publish, clean up
- publish.py   variants into the built site; stale files out
- markup.py    <picture>, galleries, the first-image rule
- mdimages.py  Markdown images of report photos -> <picture>

hooks/photos.py is the MkDocs glue.
"""
from .errors import Problem
from .pipeline import Pipeline, Published, Summary
from .settings import PIPELINE_VERSION, Settings

__all__ = ["Pipeline", "Problem", "Published", "Settings", "Summary", "PIPELINE_VERSION"]
