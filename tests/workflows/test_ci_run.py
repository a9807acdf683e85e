"""scripts/ci_run.py: one check's output shown live and kept, with its exit code, for the summary."""
from __future__ import annotations

import subprocess
import sys

from .scriptload import SCRIPTS

PRINTS_AND_FAILS = ("import sys; print('docs/es/x.md:3: falta / missing', flush=True); "
                    "print('ERROR en stderr', file=sys.stderr, flush=True); sys.exit(3)")


def ci_run(log_dir, name, *command):
    return subprocess.run([sys.executable, str(SCRIPTS / "ci_run.py"), str(log_dir), name, "--", *command],
                          capture_output=True, text=True, encoding="utf-8")


def test_the_output_is_shown_kept_and_the_code_passed_on(tmp_path):
    done = ci_run(tmp_path / "logs", "check", sys.executable, "-c", PRINTS_AND_FAILS)
    assert done.returncode == 3
    assert "docs/es/x.md:3: falta / missing" in done.stdout and "ERROR en stderr" in done.stdout
    kept = (tmp_path / "logs" / "check.log").read_text(encoding="utf-8")
    assert kept.splitlines() == ["docs/es/x.md:3: falta / missing", "ERROR en stderr"]
    assert (tmp_path / "logs" / "check.rc").read_text(encoding="utf-8") == "3\n"


def test_a_passing_check_is_recorded_as_passing(tmp_path):
    assert ci_run(tmp_path, "build", sys.executable, "-c", "print('ok')").returncode == 0
    assert (tmp_path / "build.rc").read_text(encoding="utf-8") == "0\n"


def test_a_missing_command_is_a_failed_check_not_a_traceback(tmp_path):
    done = ci_run(tmp_path, "privacy", str(tmp_path / "no-such-program"))
    assert done.returncode == 127 and "Traceback" not in done.stdout + done.stderr
    assert (tmp_path / "privacy.rc").read_text(encoding="utf-8") == "127\n"


def test_a_wrong_call_says_how_to_call_it(tmp_path):
    done = subprocess.run([sys.executable, str(SCRIPTS / "ci_run.py"), str(tmp_path), "check", "python3"],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "usage: ci_run.py LOG_DIR NAME -- COMMAND" in done.stderr
