"""The command line: plain bilingual messages whatever happens, never a traceback."""
from __future__ import annotations

import pytest

import pioneras.validate
from pioneras.__main__ import main


def test_unexpected_error_is_a_plain_message(site, run, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")
    monkeypatch.setattr(pioneras.validate, "check", broken)
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
