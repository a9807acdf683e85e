#!/usr/bin/env python3
"""Run one check in CI, print its output as it comes, and keep it for the job summary.

    python3 scripts/ci_run.py LOG_DIR NAME -- COMMAND [ARG...]

Writes LOG_DIR/NAME.log (stdout and stderr together, in the order printed) and LOG_DIR/NAME.rc
(the exit code), then exits with the command's code: the step turns red on its own, and
scripts/ci_summary.py still reads every step, failed or not. Standard library only.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

USAGE = "usage: ci_run.py LOG_DIR NAME -- COMMAND [ARG...]"


def run(log_dir: Path, name: str, command: list[str]) -> int:
    log_dir.mkdir(parents=True, exist_ok=True)
    with open(log_dir / f"{name}.log", "wb") as log:
        try:
            proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        except OSError as err:   # the command itself is missing: say so in the log, not a traceback
            line = f"ci_run: cannot start {command[0]}: {err.strerror}\n".encode()
            log.write(line)
            sys.stdout.buffer.write(line)
            code = 127
        else:
            for chunk in iter(lambda: proc.stdout.readline(), b""):
                log.write(chunk)
                sys.stdout.buffer.write(chunk)
                sys.stdout.buffer.flush()
            code = proc.wait()
    (log_dir / f"{name}.rc").write_text(f"{code}\n", encoding="utf-8")
    return code


def main(argv: list[str]) -> int:
    if len(argv) < 4 or argv[2] != "--":
        print(USAGE, file=sys.stderr)
        return 2
    return run(Path(argv[0]), argv[1], argv[3:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
