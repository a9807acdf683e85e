"""Can every published photo be decoded? What ``check`` asks, without making any variant.

The build refuses an empty, truncated, mislabelled or oversized photo when its decoder
opens it; ``check`` must say the same before anyone builds. So it runs the very same
decoder (decode.py, same limits, same messages) on each photo, at the smallest size, and
remembers the photos that decoded fine by the hash of their bytes, so that unchanged
photos are not opened again (``<photo cache>/verified.json``).
"""
from __future__ import annotations

import contextlib
import json
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pioneras.problems import Problem

from . import decode, errors
from .settings import Settings

FORMAT = 1


def verify(photos, settings: Settings, record: Path | None) -> list[Problem]:
    """Problems of the photos (pioneras.content.reports.ReportPhoto) that cannot be decoded."""
    known = _load(record)
    limit = f":{settings.max_pixels}"           # a lower pixel limit must look again
    todo = [p for p in photos if f"{p.sha256}{limit}" not in known]

    def one(photo) -> Problem | None:
        try:
            decode.decode(Path(photo.path), photo.shown, 64, settings.background, settings.max_pixels)
        except errors.PhotoError as err:
            return err.problem
        except MemoryError:
            return errors.too_large(photo.shown, 0, settings.max_pixels / 1e6)
        except Exception as err:  # noqa: BLE001 - a decoder bug is still one plain line
            return errors.unreadable(photo.shown, type(err).__name__)
        return None

    # Pillow's decoders release the GIL: threads use every core with no process start-up.
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        results = list(pool.map(one, todo))
    found = [r for r in results if r is not None]
    good = known | {f"{p.sha256}{limit}" for p, r in zip(todo, results) if r is None and p.sha256}
    if good != known:
        _save(record, good)
    return found


def _load(record: Path | None) -> set[str]:
    if record is None:
        return set()
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return set(data.get("decoded", [])) if isinstance(data, dict) and data.get("format") == FORMAT else set()


def _save(record: Path | None, good: set[str]) -> None:
    if record is None:
        return
    with contextlib.suppress(OSError):
        record.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=record.parent, prefix=".verified.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"format": FORMAT, "decoded": sorted(good)}, f)
            os.replace(tmp, record)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
