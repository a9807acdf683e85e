"""data/*.yml: every fact in one place, checked, never invented; a null is a notice."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pioneras.content.data import read_data
from pioneras.project import Project
from pioneras.settings import read as read_settings

ROOT = Path(__file__).resolve().parents[2]
CONTEXT = {"languages": ("es", "en")}


@pytest.fixture
def project(tmp_path) -> Project:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return Project(tmp_path, tmp_path / "docs", ("es", "en"))


def edit(project, name: str, old: str, new: str) -> None:
    path = project.root / "data" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors(data):
    return [(p.path, p.line, p.code) for p in data.problems if p.is_error]


def test_the_real_data_loads_with_notices_only(project):
    data = read_data(project, CONTEXT)
    assert errors(data) == []
    assert data.contact.supporter_url and data.testimonials and set(data.words) == {"es", "en"}
    assert {p.code for p in data.problems} == {"data.to-confirm", "data.no-direct-contact"}


def test_a_bad_iban_names_file_line_and_fix(project):
    edit(project, "donation.yml", "iban: null", "iban: CH93 0076 2011 6238 5295 8")
    data = read_data(project, CONTEXT)
    text = (project.root / "data" / "donation.yml").read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("iban:"))
    assert errors(data) == [("data/donation.yml", line, "data.iban")]
    line = str(data.problems[0] if data.problems[0].is_error else next(p for p in data.problems if p.is_error))
    assert "CH93 0076 2011 6238 5295 8" in line and "cópielo de nuevo" in line and "copy it again" in line


def test_a_good_iban_is_formatted_and_no_longer_to_be_confirmed(project):
    edit(project, "donation.yml", "iban: null", "iban: ch9300762011623852957")     # SIX's example IBAN
    data = read_data(project, CONTEXT)
    assert data.donation.iban == "CH93 0076 2011 6238 5295 7"
    assert "iban" not in next(p for p in data.problems if p.code == "data.to-confirm").es.split("(")[1].split(")")[0]


def test_unknown_key_and_plain_http_are_reported_together(project):
    edit(project, "donation.yml", "bic: null", "bic: null\nswift: x")
    edit(project, "donation.yml", "donate_url: null", "donate_url: http://example.org/")
    assert {code for _, _, code in errors(read_data(project, CONTEXT))} == {"schema.unknown-field", "data.https"}


def test_withdrawn_testimonial_is_not_published_and_says_so(project):
    edit(project, "testimonials.yml", "consent: given", "consent: withdrawn")
    data = read_data(project, CONTEXT)
    assert data.testimonials == [] and any(p.code == "consent.testimonial-withdrawn" for p in data.problems)


def test_broken_yaml_is_a_line_not_a_traceback(project):
    edit(project, "contact.yml", "supporter: EcoSolidar", "supporter: [EcoSolidar")
    assert errors(read_data(project, CONTEXT))[0][2] == "yaml.syntax"


def test_words_must_exist_in_every_language(project):
    edit(project, "ui.yml", "  donate: Donate\n", "")
    edit(project, "ui.yml", "  donate_cta: Support Las Pioneras\n", "  donate_cta: Support Las Pioneras\n  extra_word: x\n")
    found = {(line, code) for _, line, code in errors(read_data(project, CONTEXT))}
    assert {c for _, c in found} == {"data.words-missing", "data.words-extra"}


def test_a_third_language_needs_its_texts(project):
    project = Project(project.root, project.docs, ("es", "en", "fr"))
    data = read_data(project, {"languages": project.languages})
    codes = {code for _, _, code in errors(data)}
    assert {"schema.missing-language", "data.words-missing-language"} <= codes


def test_settings_are_validated_with_defaults_and_the_environment_overrides():
    settings, found = read_settings({"photos": {"avif": {"widths": [480, 99999], "quality": 50}}}, {})
    assert [p.code for p in found] == ["settings.invalid"] and "extra.pioneras.photos.avif.widths.1" in found[0].es
    assert settings.photos.avif.widths == (480, 960, 1600)              # the defaults, whole
    settings, found = read_settings({}, {"PIONERAS_PHOTO_WORKERS": "dos", "PIONERAS_CARDS": "off",
                                         "PIONERAS_PHOTO_CACHE": "/tmp/x"})
    assert [p.code for p in found] == ["settings.environment"] and "PIONERAS_PHOTO_WORKERS=dos" in found[0].es
    assert settings.cards.enabled is False and settings.photos.cache == "/tmp/x"
    assert read_settings({"examples": "always"}, {})[0].show_examples(preview=False)
    assert not read_settings({}, {})[0].show_examples(preview=False)
    assert read_settings({}, {})[0].show_examples(preview=True)


def test_the_build_and_check_see_the_same_project():
    """Languages, nav and settings: from MkDocs' own loaded config and from mkdocs.yml read
    directly (what `check` does) they are the same."""
    from mkdocs.config import load_config
    config = load_config(str(ROOT / "mkdocs.yml"))
    i18n = config.plugins["i18n"]
    direct = Project.from_mkdocs_yml(ROOT, environ={})
    built = Project.create(ROOT, Path(config.docs_dir), [i18n.default_language] + [
        l for l in i18n.build_languages if l != i18n.default_language], nav=config.nav,
        not_in_nav=config.not_in_nav, extra=config.extra.get("pioneras"), environ={})
    assert direct.languages == built.languages == ("es", "en")
    assert direct.nav == built.nav and direct.settings == built.settings and not direct.problems
