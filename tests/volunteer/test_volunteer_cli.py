"""The command line: plain bilingual messages whatever happens, never a traceback."""
from __future__ import annotations

import pytest

import pioneras.check
from pioneras.__main__ import main


def test_unexpected_error_is_a_plain_message(site, run, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")
    monkeypatch.setattr(pioneras.check, "check", broken)
    monkeypatch.delenv("PIONERAS_DEBUG", raising=False)
    code, out = run("check", "--root", site)
    assert code == 2
    assert "Error inesperado, no es culpa suya" in out and "Unexpected error" in out
    assert "issues" in out and "Traceback" not in out


def test_wrong_command_line_is_explained_in_both_languages(capsys):
    with pytest.raises(SystemExit) as exit:
        main(["new-page", "x"])
    assert exit.value.code == 2
    err = capsys.readouterr().err
    assert "Falta algo" in err and "something is missing" in err and "--title-es" in err


def test_outside_a_site_says_where_to_run(tmp_path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out = run("check")
    assert code == 1 and "mkdocs.yml" in out and "Traceback" not in out


def test_a_missing_package_says_how_to_set_up(site, run, monkeypatch):
    def missing(*args, **kwargs):
        raise ModuleNotFoundError("No module named 'pydantic'", name="pydantic")
    monkeypatch.setattr(pioneras.check, "check", missing)
    code, out = run("check", "--root", site)
    assert code == 1
    assert "«pydantic»" in out and "python3 tasks.py serve" in out and "Traceback" not in out


def test_check_of_a_good_site_says_all_good(site, run):
    (site / "docs/es/index.md").write_text("---\ntitle: Inicio\n---\n\n# Inicio\n", encoding="utf-8")
    (site / "docs/en/index.md").write_text("---\ntitle: Home\n---\n\n# Home\n", encoding="utf-8")
    code, out = run("check", "--root", site)
    assert code == 0, out
    assert out.rstrip().splitlines()[-1].startswith("Todo en orden (") and "All good" in out
