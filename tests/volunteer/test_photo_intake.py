"""Photo intake: phone photos in, clean upright originals and report.yml entries out."""
from __future__ import annotations

import pytest
import yaml
from PIL import Image, ImageChops, ImageStat

from photo_fixtures import ROOT, STORE, same_quadrants, save_heic, save_jpeg, save_png, sha256, shared, upright
from pioneras.content import metadata
from pioneras.content.schema import Photo, ReportMeta
from pioneras.problems import problem
from pioneras.volunteer import reportfile
from pioneras.volunteer.photos import MAX_EDGE
from volsite import found

SLUG = "2024-05-taller-de-costura"


def report_folder(site):
    return site / "docs/photo-reports" / SLUG


def report(site) -> dict:
    return yaml.safe_load((report_folder(site) / "report.yml").read_text(encoding="utf-8"))


def test_orientation_6_comes_out_upright(site, tmp_path, run):
    # Stored sideways, as a phone held upright writes it; orientation 6 = turn 90° clockwise.
    photo = save_jpeg(tmp_path / "phone.jpg", upright().transpose(STORE[6]), orientation=6)
    code, out = run("intake", "--root", site, SLUG, photo)
    assert code == 0, out
    with Image.open(report_folder(site) / "phone.jpg") as im:
        assert im.size == (240, 160) and same_quadrants(im)
        assert 0x0112 not in im.getexif()


def test_shared_portrait_6_matches_portrait_1(site, run):
    code, out = run("intake", "--root", site, SLUG, shared("orientation", "portrait_6.jpg"))
    assert code == 0, out
    with Image.open(shared("orientation", "portrait_1.jpg")) as ref, \
            Image.open(report_folder(site) / "portrait-6.jpg") as got:
        assert got.size == ref.size
        diff = ImageStat.Stat(ImageChops.difference(ref.convert("RGB"), got.convert("RGB"))).mean
        assert max(diff) < 8, diff  # same picture, only JPEG noise apart


def test_heic_becomes_a_clean_jpeg(site, tmp_path, run):
    heic = save_heic(tmp_path / "IMG_0001.HEIC")
    assert metadata.find(heic)  # the fixture really carries GPS
    code, out = run("intake", "--root", site, SLUG, heic)
    assert code == 0, out
    out_file = report_folder(site) / "img-0001.jpg"
    assert metadata.find(out_file) == []
    with Image.open(out_file) as im:
        assert im.format == "JPEG" and im.size == (240, 160)
        assert not im.info.get("exif") and not im.info.get("icc_profile")


def test_shared_iphone_heic_gps_gone_and_capped(site, run):
    code, out = run("intake", "--root", site, SLUG, shared("heic", "IMG_5195.HEIC"))
    assert code == 0, out
    with Image.open(report_folder(site) / "img-5195.jpg") as im:
        assert max(im.size) == MAX_EDGE
        assert not im.getexif()
    assert metadata.find(report_folder(site) / "img-5195.jpg") == []


def test_long_edge_is_capped(site, tmp_path, run):
    big = save_jpeg(tmp_path / "big.jpg", upright((3200, 1800)), gps=True)
    assert run("intake", "--root", site, SLUG, big)[0] == 0
    with Image.open(report_folder(site) / "big.jpg") as im:
        assert im.size == (MAX_EDGE, 1440)


def test_running_twice_changes_nothing_and_inputs_are_never_modified(site, tmp_path, run):
    photos = [save_jpeg(tmp_path / "a.jpg", gps=True, orientation=3),
              save_heic(tmp_path / "b.heic"),
              save_png(tmp_path / "c.png", text=True)]
    before = [sha256(p) for p in photos]
    assert run("intake", "--root", site, SLUG, *photos)[0] == 0
    folder = report_folder(site)
    first = {p.name: p.read_bytes() for p in folder.iterdir()}
    code, out = run("intake", "--root", site, SLUG, *photos)
    assert code == 0
    assert "ya estaba" in out and "Nada que agregar" in out
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == first  # report.yml included
    assert [sha256(p) for p in photos] == before


def test_progress_counter_and_next_steps(site, tmp_path, run):
    photos = [save_jpeg(tmp_path / f"{n}.jpg", upright((60 + n, 40))) for n in range(3)]
    code, out = run("intake", "--root", site, SLUG, *photos)
    assert code == 0
    assert "[1/3]" in out and "[3/3]" in out
    assert "consent" in out and "python3 tasks.py check" in out


def test_safe_names_and_different_photos_with_the_same_name(site, tmp_path, run):
    one = save_jpeg(tmp_path / "phone1/Foto Niña Ñandú (1).JPG")
    two = save_jpeg(tmp_path / "phone2/Foto Niña Ñandú (1).JPG", upright((90, 60)))
    assert run("intake", "--root", site, SLUG, one, two)[0] == 0
    assert [p["file"] for p in report(site)["photos"]] == ["foto-nina-nandu-1.jpg", "foto-nina-nandu-1-2.jpg"]


def test_transparency_stays_png_opaque_png_becomes_jpeg(site, tmp_path, run):
    clear = upright().convert("RGBA")
    clear.putpixel((0, 0), (0, 0, 0, 0))
    sources = [save_png(tmp_path / "logo.png", clear), save_png(tmp_path / "screenshot.png")]
    assert run("intake", "--root", site, SLUG, *sources)[0] == 0
    assert [p["file"] for p in report(site)["photos"]] == ["logo.png", "screenshot.jpg"]


def test_new_report_gets_folder_yaml_and_both_pages(site, tmp_path, run):
    code, out = run("intake", "--root", site, SLUG, save_jpeg(tmp_path / "a.jpg"),
                    "--title-es", "Taller: costura", "--title-en", "Sewing workshop")
    assert code == 0, out
    data = report(site)
    assert str(data["date"]) == "2024-05-01"
    entry = data["photos"][0]
    assert entry["consent"] is None  # left for the volunteer: validation asks for it
    assert entry["es"] == {"caption": "", "alt": ""} and entry["en"] == {"caption": "", "alt": ""}
    for lang, title in (("es", "Taller: costura"), ("en", "Sewing workshop")):
        page = (site / f"docs/{lang}/informes-fotograficos/{SLUG}.md").read_text(encoding="utf-8")
        front = yaml.safe_load(page.split("---")[1])
        assert front == {"title": title, "description": title, "report": SLUG}


def test_existing_report_keeps_its_comments_and_entries(site, tmp_path, run):
    folder = report_folder(site)
    folder.mkdir(parents=True)
    save_jpeg(folder / "old.jpg")
    original = (
        "# Notas de Rosa: fotos del taller\n"
        "date: 2024-05-18\n"
        "photos:\n"
        "- file: old.jpg     # la primera\n"
        "  consent: no-people\n"
        "  es: {caption: Telas, alt: Telas de colores}\n"
        "  en: {caption: Fabrics, alt: Colourful fabrics}\n"
        "  # fin de la lista\n"
        "\n"
        "cover: old.jpg  # portada\n"
    )
    (folder / "report.yml").write_text(original, encoding="utf-8")
    assert run("intake", "--root", site, SLUG, save_jpeg(tmp_path / "new.jpg", upright((99, 66))))[0] == 0
    text = (folder / "report.yml").read_text(encoding="utf-8")
    for line in original.splitlines():
        assert line in text.splitlines()
    data = report(site)
    assert [p["file"] for p in data["photos"]] == ["old.jpg", "new.jpg"]
    assert data["cover"] == "old.jpg"
    ReportMeta.model_validate(data)
    Photo.model_validate(data["photos"][0], context={"languages": ("es", "en")})  # the old entry is intact


def test_bad_inputs_give_plain_messages(site, tmp_path, run):
    code, out = run("intake", "--root", site, "mayo-2024", save_jpeg(tmp_path / "a.jpg"))
    assert code == 1 and "2024-05-taller-de-costura" in out and "Traceback" not in out
    code, out = run("intake", "--root", site, SLUG, tmp_path / "missing.jpg")
    assert code == 1 and "missing.jpg" in out
    (tmp_path / "notes.jpg").write_text("not a photo", encoding="utf-8")
    code, out = run("intake", "--root", site, SLUG, tmp_path / "notes.jpg", save_jpeg(tmp_path / "ok.jpg"))
    assert code == 1 and "notes.jpg" in out and "Traceback" not in out
    assert [p["file"] for p in report(site)["photos"]] == ["ok.jpg"]  # the good one still went in


def test_a_folder_or_a_pattern_brings_in_every_photo(site, tmp_path, run):
    phone = tmp_path / "DCIM"
    save_jpeg(phone / "IMG_1.JPG")
    save_heic(phone / "IMG_2.HEIC", upright((90, 60)))
    (phone / "notes.txt").write_text("x", encoding="utf-8")
    assert run("intake", "--root", site, SLUG, phone)[0] == 0
    assert [p["file"] for p in report(site)["photos"]] == ["img-1.jpg", "img-2.jpg"]
    code, out = run("intake", "--root", site, SLUG, str(phone / "*.HEIC"))  # as cmd.exe passes it
    assert code == 0 and "[1/1] IMG_2.HEIC ... ya estaba" in out


@pytest.mark.parametrize("text", [
    "",
    "date: 2024-05-01\n# no photos key yet",
    "date: 2024-05-01\nphotos:   # none yet\ncover: x.jpg\n",
    "date: 2024-05-01\nphotos: []  # vacío\ncover:\n",
    "date: 2024-05-01\r\nphotos:\r\n  - file: a.jpg\r\n    consent: given\r\n",
    "date: 2024-05-01\nphotos:\n- file: a.jpg\n  es: {caption: x, alt: y}\n# tail\ncover: a.jpg\n",
    "photos:\n  - file: a.jpg\n    es:\n      caption: |\n        uno\n        dos\n\n      alt: y\n\n# end\n",
], ids=["empty", "no-key", "null", "flow-empty", "windows-crlf", "zero-indent", "block-scalar"])
def test_report_yml_edits_keep_every_existing_line(tmp_path, text):
    path = tmp_path / "report.yml"
    path.write_bytes(text.encode())
    archetype = (ROOT / "archetypes/photo-report/photo.yml").read_text(encoding="utf-8")
    reportfile.add_photos(path, ["new.jpg"], archetype)
    out = path.read_bytes().decode()
    data = yaml.safe_load(out)
    assert [p["file"] for p in data["photos"]][-1] == "new.jpg"
    kept = [l for l in text.replace("\r\n", "\n").split("\n") if l.strip() and "photos:" not in l]
    assert all(l in out.replace("\r\n", "\n").split("\n") for l in kept)
    assert ("\r\n" in out) == ("\r\n" in text)


def truncated(path, source):
    """A photo whose copy stopped half-way (a phone unplugged too early)."""
    data = source.read_bytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data[:len(data) // 2])
    return path


def test_a_truncated_photo_is_skipped_by_name_and_the_others_go_in(site, tmp_path, run):
    first = save_jpeg(tmp_path / "uno.jpg")
    cut = truncated(tmp_path / "cortada.jpg", save_jpeg(tmp_path / "entera.jpg", upright((300, 200)), gps=True))
    last = save_jpeg(tmp_path / "dos.jpg", upright((90, 60)))
    before = cut.read_bytes()
    code, out = run("intake", "--root", site, SLUG, first, cut, last)
    assert code == 1 and "Traceback" not in out
    assert "[3/3] dos.jpg ... dos.jpg" in out                       # it went on after the bad one
    assert "1 foto(s) no se agregaron (las demás sí)" in out and "1 photo(s) were not added" in out
    corrupt = problem("photo.corrupt", "cortada.jpg")
    assert f"cortada.jpg: {corrupt.es}" in out and f"cortada.jpg: {corrupt.en}" in out   # what and the fix
    assert [p["file"] for p in report(site)["photos"]] == ["uno.jpg", "dos.jpg"]
    assert sorted(p.name for p in report_folder(site).iterdir()) == ["dos.jpg", "report.yml", "uno.jpg"]
    assert cut.read_bytes() == before
    # check then asks only for what the volunteer writes for the two photos added (consent,
    # captions, alt texts), nothing about the photo that did not go in
    problems = found(site)
    assert {p.path for p in problems} == {f"docs/photo-reports/{SLUG}/report.yml"}
    assert {p.code for p in problems} == {"schema.consent", "schema.photo-caption", "schema.photo-alt"}
    assert [p.line for p in problems if p.code == "schema.consent"] == [13, 22]
    assert not any("cortada" in str(p) for p in problems)


def test_clean_leaves_a_truncated_photo_untouched_with_a_plain_message(site, tmp_path, run):
    cut = truncated(site / "docs/assets/cortada.jpg", save_jpeg(tmp_path / "entera.jpg", gps=True))
    before = cut.read_bytes()
    code, out = run("clean", site / "docs/assets")
    assert code == 1 and "Traceback" not in out
    corrupt = problem("photo.corrupt", "cortada.jpg")
    assert f"cortada.jpg: {corrupt.es}\ncortada.jpg: {corrupt.en}\n" in out
    assert "0 imagen(es) limpiada(s), 1 con error / 0 image(s) cleaned, 1 failed." in out
    assert cut.read_bytes() == before
    assert sorted(p.name for p in cut.parent.iterdir()) == ["cortada.jpg"]    # no half-written file left
