from pathlib import Path

from pioneras.sitedata import load_site_data

ROOT = Path(__file__).resolve().parents[2]


def _data_dir(tmp_path: Path, **replace: str) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for f in (ROOT / "data").glob("*.yml"):
        text = f.read_text(encoding="utf-8")
        for old, new in replace.items():
            text = text.replace(old, new)
        (folder / f.name).write_text(text, encoding="utf-8")
    return folder


def test_the_real_data_loads_without_problems():
    data = load_site_data(ROOT / "data")
    assert data.errors == []
    assert "donation.iban" in data.placeholders
    assert [t.person for t in data.published_testimonials()] == ["Carmen Susana Velásquez López"]


def test_bad_iban_names_file_line_and_fix(tmp_path):
    data = load_site_data(_data_dir(tmp_path, **{"iban: null": "iban: DE89 3704 0044 0532 0130 01"}))
    assert len(data.errors) == 1
    error = data.errors[0]
    assert "donation.yml:6:" in error and "DE89 3704 0044 0532 0130 01" in error and "copy it again" in error


def test_good_iban_is_formatted_and_no_longer_a_placeholder(tmp_path):
    data = load_site_data(_data_dir(tmp_path, **{"iban: null": "iban: de89370400440532013000"}))
    assert data.errors == [] and data.donation.iban == "DE89 3704 0044 0532 0130 00"
    assert "donation.iban" not in data.placeholders


def test_unknown_key_and_plain_http_are_reported_together(tmp_path):
    data = load_site_data(_data_dir(tmp_path, **{"bic: null": "bic: null\nbeneficiary: x",
                                                  "donate_url: null": "donate_url: http://example.org"}))
    assert len(data.errors) == 2
    assert any("beneficiary" in e and "unknown field" in e for e in data.errors)
    assert any("https://" in e for e in data.errors)


def test_withdrawn_testimonial_is_not_published(tmp_path):
    data = load_site_data(_data_dir(tmp_path, **{"consent: given": "consent: withdrawn"}))
    assert data.published_testimonials() == []


def test_broken_yaml_gives_a_line_not_a_traceback(tmp_path):
    folder = _data_dir(tmp_path)
    (folder / "contact.yml").write_text("organisation: [unclosed\n", encoding="utf-8")
    data = load_site_data(folder)
    assert any(e.startswith("data/contact.yml:2:") and "YAML" in e for e in data.errors)
