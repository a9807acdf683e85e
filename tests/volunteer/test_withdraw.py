"""`withdraw`: someone took back their consent. Only that photo's entry changes; every other
byte of report.yml (comments, order, line ends, one-line entries) stays as the volunteer wrote it."""
from __future__ import annotations

import hashlib

import pytest

from photo_fixtures import save_jpeg, upright
from pioneras.problems import NOTICE
from volsite import found, where, write

SLUG = "2024-05-taller"
FOLDER = f"docs/photo-reports/{SLUG}"
REPORT_YML = f"{FOLDER}/report.yml"
SHA = "<sha>"       # stands for the withdrawn photo's hash

CASES = {
    "block entries and comments": (
        "# Notas de Rosa\n"
        "date: 2024-05-18\n"
        "cover: a.jpg   # portada\n"
        "photos:\n"
        "  - file: a.jpg\n"
        "    consent: no-people\n"
        "    es: {caption: Telas, alt: Telas de colores}\n"
        "    en: {caption: Fabrics, alt: Colourful fabrics}\n"
        "  - file: rosa.jpg     # la del medio\n"
        "    consent: given     # firmó el 18/05\n"
        "    may_name: true\n"
        "    es:\n"
        "      caption: Rosa cose\n"
        "      alt: Una mujer cose\n"
        "    en:\n"
        "      caption: Rosa sews\n"
        "      alt: A woman sews\n"
        "  # fin de la lista\n"
        "  - file: z.jpg\n"
        "    consent: no-people\n"
        "    es: {caption: Hilos, alt: Hilos}\n"
        "    en: {caption: Threads, alt: Threads}\n",
        "  - file: rosa.jpg     # la del medio\n"
        "    consent: given     # firmó el 18/05\n",
        "  - file: rosa.jpg     # la del medio\n"
        f"    sha256: {SHA}\n"
        "    consent: withdrawn     # firmó el 18/05\n",
    ),
    "one-line entries": (
        "date: 2024-05-18\n"
        "photos:\n"
        "- {file: a.jpg, consent: no-people, es: {caption: Telas, alt: Telas}, en: {caption: Fabrics, alt: Fabrics}}\n"
        "- {file: rosa.jpg, consent: given, es: {caption: Rosa, alt: Mujer}, en: {caption: Rosa, alt: Woman}}\n"
        "- {file: z.jpg, consent: no-people, es: {caption: Hilos, alt: Hilos}, en: {caption: Threads, alt: Threads}}\n",
        "- {file: rosa.jpg, consent: given, es: {caption: Rosa, alt: Mujer}, en: {caption: Rosa, alt: Woman}}\n",
        "- {file: rosa.jpg, consent: withdrawn, es: {caption: Rosa, alt: Mujer}, en: {caption: Rosa, alt: Woman}"
        f", sha256: {SHA}}}\n",
    ),
    "no consent written yet": (
        "date: 2024-05-18\n"
        "photos:\n"
        "  - file: a.jpg\n"
        "    consent: no-people\n"
        "    es: {caption: Telas, alt: Telas}\n"
        "    en: {caption: Fabrics, alt: Fabrics}\n"
        "  - file: rosa.jpg\n"
        "    es: {caption: Rosa, alt: Mujer}\n"
        "    en: {caption: Rosa, alt: Woman}\n"
        "  - file: z.jpg\n"
        "    consent: no-people\n"
        "    es: {caption: Hilos, alt: Hilos}\n"
        "    en: {caption: Threads, alt: Threads}\n",
        "  - file: rosa.jpg\n",
        "  - file: rosa.jpg\n"
        f"    sha256: {SHA}\n"
        "    consent: withdrawn\n",
    ),
}


def a_report(site, text: str, newline: str = "\n") -> bytes:
    for n, name in enumerate(("a.jpg", "rosa.jpg", "z.jpg")):
        save_jpeg(site / FOLDER / name, upright((60 + n, 40)))
    for lang in ("es", "en"):
        write(site, f"docs/{lang}/informes-fotograficos/{SLUG}.md", f"---\ntitle: Taller\nreport: {SLUG}\n---\n")
    data = text.replace("\n", newline).encode("utf-8")
    (site / REPORT_YML).write_bytes(data)
    return data


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("case", list(CASES))
def test_only_that_photos_entry_changes(site, run, case, newline):
    text, entry, withdrawn = CASES[case]
    before = a_report(site, text, newline)
    assert {p.code for p in found(site) if p.is_error} <= {"schema.consent"}     # (only when not written yet)
    photo = site / FOLDER / "rosa.jpg"
    sha = hashlib.sha256(photo.read_bytes()).hexdigest()
    others = {name: (site / FOLDER / name).read_bytes() for name in ("a.jpg", "z.jpg")}
    code, out = run("withdraw", "--root", site, f"{FOLDER}/rosa.jpg")
    assert code == 0, out
    expected = before.replace(entry.replace("\n", newline).encode(),
                              withdrawn.replace(SHA, sha).replace("\n", newline).encode())
    assert expected != before
    assert (site / REPORT_YML).read_bytes() == expected
    assert not photo.exists()
    assert {name: (site / FOLDER / name).read_bytes() for name in ("a.jpg", "z.jpg")} == others
    assert f"sha256: {sha[:12]}" in out and "git filter-repo" in out
    assert where(found(site)) == [(REPORT_YML, withdrawn_line(expected), "consent.withdrawn", NOTICE)]


def withdrawn_line(data: bytes) -> int:
    """The line of the withdrawn entry's first key (where check names it)."""
    lines = data.decode().splitlines()
    return next(n for n, line in enumerate(lines, 1) if "file: rosa.jpg" in line)


def test_a_photo_may_be_named_by_report_and_file(site, run):
    a_report(site, CASES["block entries and comments"][0])
    code, out = run("withdraw", "--root", site, f"{SLUG}/rosa.jpg")
    assert code == 0, out
    assert not (site / FOLDER / "rosa.jpg").exists()


def test_mistakes_are_plain_messages_and_change_nothing(site, run, tmp_path):
    before = a_report(site, CASES["block entries and comments"][0])
    code, out = run("withdraw", "--root", site, f"{FOLDER}/nadie.jpg")
    assert code == 1 and "no encuentro la foto" in out and "cannot find the photo" in out
    save_jpeg(site / FOLDER / "suelta.jpg")
    code, out = run("withdraw", "--root", site, f"{FOLDER}/suelta.jpg")
    assert code == 1 and "suelta.jpg no está en report.yml" in out and "is not listed in report.yml" in out
    assert (site / FOLDER / "suelta.jpg").exists()
    outside = save_jpeg(tmp_path / "fuera.jpg")
    code, out = run("withdraw", "--root", site, outside)
    assert code == 1 and "Traceback" not in out and outside.exists()
    assert (site / REPORT_YML).read_bytes() == before
