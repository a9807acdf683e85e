"""What can go wrong with one photo's file, as the project's Problems (pioneras.problems).

Problems are values, not exceptions: the pipeline collects all of them in one run (a build
that stops at the first broken photo makes people fix things one rebuild at a time), and
the build reports each one with everything else at the end. Mistakes in report.yml
itself are pioneras.content.reports' to find; these are about the bytes of a photo.

Nothing here, nor anywhere in the pipeline, writes to, moves or deletes an original.
"""
from __future__ import annotations

from pioneras.problems import Problem, problem

ACCEPTED_HUMAN = "JPEG, PNG, WebP, HEIC/HEIF, AVIF, TIFF"


class PhotoError(Exception):
    """Raised inside the decoder; carries the Problem to report."""

    def __init__(self, found: Problem):
        super().__init__(str(found))
        self.problem = found

    def __reduce__(self):  # keep the Problem when crossing the process pool
        return (PhotoError, (self.problem,))


def empty(path: str) -> Problem:
    return problem("photo.empty", path)


def corrupt(path: str) -> Problem:
    return problem("photo.corrupt", path)


def text_file(path: str) -> Problem:
    return problem("photo.text-file", path)


def unsupported(path: str, what: str) -> Problem:
    return problem("photo.unsupported", path, what=what, accepted=ACCEPTED_HUMAN)


def too_large(path: str, megapixels: float, limit: float) -> Problem:
    return problem("photo.too-large", path, megapixels=f"{megapixels:.0f}", limit=f"{limit:.0f}")


def unreadable(path: str, detail: str) -> Problem:
    """Last resort for a decoder failure nobody foresaw: still one plain line."""
    return problem("photo.unreadable", path, detail=detail)


def missing(path: str, suggestion: str | None = None) -> Problem:
    """The file went away between reading the report and decoding it."""
    return problem("photo.gone", path)
