"""The volunteers' photo cleaner (docs/es|en/voluntariado/limpiar-fotos.md) in Debian's Chromium.

Phone-like JPEGs are made here with Pillow: an asymmetric picture stored in each of the 8 EXIF
orientations, with GPS, camera tags and XMP. They are given to the page's file input as a
volunteer's phone would, the page's "Save" links are clicked, and the saved files are read:
upright (pixels compared with the upright picture), no metadata for the project's own privacy
guard (pioneras.content.metadata), long edge capped like intake's, and not one request to
another host. ../shared/photos (real camera files) is used when it is there, skipped otherwise.
"""
from __future__ import annotations

import base64
import io
import os
import re
from pathlib import Path

import pytest
import yaml
from PIL import Image, ImageChops, ImageOps, ImageStat

from images.helpers import GPS, STORE, XMP, upright
from pioneras.images.decode import TRANSPOSE
from pioneras.content import metadata
from pioneras.content.schema import FrontMatter, Photo, ReportMeta
from pioneras.volunteer.layout import slugify
from pioneras.volunteer.photos import MAX_EDGE

from .pagecheck import AXE_RUN_JS, CSP_LISTENER, VIEWPORTS, Visit, axe_source, settle, watch
from .pages_server import ROOT

PAGES = {"es": "voluntariado/limpiar-fotos/", "en": "en/voluntariado/limpiar-fotos/"}
SOURCES = {lang: ROOT / "docs" / lang / "voluntariado" / "limpiar-fotos.md" for lang in PAGES}
# The real-photo corpus next to the checkout; PIONERAS_SHARED_PHOTOS points at it from a git
# worktree, whose parent folder has no shared/.
SHARED_PHOTOS = Path(os.environ.get("PIONERAS_SHARED_PHOTOS", ROOT.parent / "shared" / "photos"))
INPUT = "#pio-cleaner-files"
RESULTS = ".pio-cleaner__results > li"
# Mean absolute difference per channel (0-255) between the saved photo and the upright
# picture: a JPEG round trip of these pictures gives about 1-3, a wrong turn or flip 60+.
UPRIGHT_LIMIT = 8.0
MIME = {".heic": "image/heic", ".png": "image/png"}
HEIC_HEAD = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"


# --------------------------------------------------------------------------- phone-like photos

def _segments(jpeg: bytes):
    """(marker, start, end) of each JPEG segment before the image data."""
    pos = 2
    while pos + 4 <= len(jpeg) and jpeg[pos] == 0xFF:
        marker, length = jpeg[pos + 1], int.from_bytes(jpeg[pos + 2:pos + 4], "big")
        yield marker, pos, pos + 2 + length
        if marker == 0xDA:
            return
        pos += 2 + length


def segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + (len(payload) + 2).to_bytes(2, "big") + payload


def phone_exif(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "samsung", "SM-A515F"       # Make, Model: camera data
    exif[0x0132] = "2024:05:18 10:21:07"                       # DateTime
    exif[0x0112] = orientation
    exif[0x8825] = GPS                                         # latitude/longitude in Lima
    return exif.tobytes()


def phone_jpeg(picture: Image.Image, orientation: int) -> bytes:
    """`picture` stored as a phone would in `orientation`, with EXIF (GPS, camera) and XMP."""
    stored = picture if STORE[orientation] is None else picture.transpose(STORE[orientation])
    if orientation in TRANSPOSE:   # the project's own reading of orientation agrees with STORE
        assert stored.transpose(TRANSPOSE[orientation]).tobytes() == picture.tobytes()
    out = io.BytesIO()
    stored.save(out, "JPEG", quality=92, exif=phone_exif(orientation))
    data = out.getvalue()
    # XMP after the EXIF block, as cameras write it.
    exif_end = next(end for marker, _, end in _segments(data) if marker == 0xE1)
    data = data[:exif_end] + segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + XMP) + data[exif_end:]
    found = metadata.find_in_bytes(data)
    assert {metadata.GPS, metadata.EXIF, metadata.XMP} <= set(found), found   # the fixture is dirty
    return data


@pytest.fixture(scope="module")
def picture() -> Image.Image:
    return upright((640, 480))


def difference(saved: Image.Image, expected: Image.Image) -> float:
    """Mean absolute difference per channel, after scaling `expected` to the saved size."""
    saved, expected = saved.convert("RGB"), expected.convert("RGB")
    if expected.size != saved.size:
        expected = expected.resize(saved.size, Image.Resampling.LANCZOS)
    return sum(ImageStat.Stat(ImageChops.difference(saved, expected)).mean) / 3


# --------------------------------------------------------------------------- the page in the browser

@pytest.fixture(scope="module")
def context(browser):
    """A phone-sized tab context of its own: downloads accepted, CSP violations recorded."""
    ctx = browser.new_context(**VIEWPORTS["360"], locale="es-PE", service_workers="block", accept_downloads=True)
    ctx.set_default_timeout(30_000)
    ctx.add_init_script(CSP_LISTENER)
    yield ctx
    ctx.close()


class Cleaner:
    """One open cleaner page, watched: every request recorded, any to another host aborted."""

    def __init__(self, context, server, lang: str, init_script: str | None = None):
        self.page = context.new_page()
        if init_script:
            self.page.add_init_script(init_script)
        self.visit = Visit(server.url(PAGES[lang]), "360")
        self.state = watch(self.page, server.origin, self.visit)
        resp = self.page.goto(self.visit.url, wait_until="load")
        assert resp.status == 200
        settle(self.page, self.state)

    def word(self, name: str) -> str:
        """A message as the page's Markdown writes it (data-* on the cleaner)."""
        return self.page.get_attribute("[data-photo-cleaner]", f"data-{name}")

    def choose(self, files: list[tuple[str, bytes]]) -> None:
        self.page.set_input_files(INPUT, files=[
            {"name": name, "mimeType": MIME.get(Path(name).suffix.lower(), "image/jpeg"), "buffer": data}
            for name, data in files])

    def wait(self, count: int) -> None:
        """Until `count` photos are listed and the batch is over (the progress bar hides)."""
        self.page.wait_for_function(
            """n => document.querySelectorAll('.pio-cleaner__results > li').length >= n
                    && document.querySelector('.pio-cleaner__progress').hidden""", arg=count, timeout=120_000)

    def saved(self) -> dict[str, bytes]:
        """Click every "Save" link; the files as the browser saved them, by their names."""
        out = {}
        links = self.page.locator(".pio-cleaner__results a[download]")
        for i in range(links.count()):
            download = self._download(links.nth(i))
            out[download.suggested_filename] = Path(download.path()).read_bytes()
        return out

    def _download(self, link):
        # On this shared 2-core machine under heavy load, Chromium now and then lets one of
        # many quick downloads from a tab go unreported (seen once in ~16 clicks at load 12+).
        # A second click settles it; a link that does not download at all fails both times.
        from playwright.sync_api import TimeoutError as PlaywrightTimeout   # only once a browser runs
        for attempt in (1, 2):
            try:
                with self.page.expect_download(timeout=10_000) as info:
                    link.click()
                return info.value
            except PlaywrightTimeout:
                if attempt == 2:
                    raise

    def status(self) -> str:
        return self.page.inner_text(".pio-cleaner__status")

    def problems(self) -> list[str]:
        return self.page.locator(".pio-cleaner__results > li.pio-cleaner__problem").all_inner_texts()

    def assert_stayed_home(self) -> None:
        """Nothing left the site, nothing broke the CSP, no script error."""
        self.visit.csp_violations = self.page.evaluate("() => window.__cspViolations || []")
        assert self.visit.external == [], f"requests to another host: {self.visit.external}"
        assert self.visit.csp_violations == [], f"CSP violations: {self.visit.csp_violations}"
        assert self.visit.page_errors == [] and self.visit.console_errors == [], \
            (self.visit.page_errors, self.visit.console_errors)

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def open_cleaner(context, server):
    opened = []

    def _open(lang: str = "es", init_script: str | None = None, ctx=None) -> Cleaner:
        cleaner = Cleaner(ctx or context, server, lang, init_script)
        opened.append(cleaner)
        return cleaner

    yield _open
    for cleaner in opened:
        cleaner.close()


def check_saved(data: bytes, expected: Image.Image) -> dict:
    """One row of the results table; the test asserts on it."""
    with Image.open(io.BytesIO(data)) as im:
        im.load()
        return {"size": im.size, "format": im.format, "difference": difference(im, expected),
                "metadata": metadata.find_in_bytes(data), "kb": len(data) // 1024}


# --------------------------------------------------------------------------- tests

def test_all_eight_orientations_come_out_upright_without_metadata_and_capped(open_cleaner, picture):
    large = upright((4000, 3000))
    files = [(f"IMG_000{o}.JPG", phone_jpeg(picture, o)) for o in range(1, 9)]
    files.append(("IMG_4000.JPG", phone_jpeg(large, 6)))   # 12 MP, stored sideways as phones do
    cleaner = open_cleaner("es")
    cleaner.choose(files)
    cleaner.wait(len(files))
    saved = cleaner.saved()
    assert sorted(saved) == sorted(f"img-000{o}.jpg" for o in range(1, 9)) + ["img-4000.jpg"]
    rows = {o: check_saved(saved[f"img-000{o}.jpg"], picture) for o in range(1, 9)}
    rows["large, 6"] = check_saved(saved["img-4000.jpg"], large)
    print("\norientation  upright  difference  size        KB  metadata")
    for key, row in rows.items():
        print(f"{key!s:<12} {row['difference'] < UPRIGHT_LIMIT!s:<8} {row['difference']:>10.2f}  "
              f"{row['size'][0]}x{row['size'][1]:<6} {row['kb']:>4}  {row['metadata']}")
    for key, row in rows.items():
        assert row["format"] == "JPEG", key
        assert row["metadata"] == [], f"orientation {key}: {row['metadata']}"
        assert row["difference"] < UPRIGHT_LIMIT, f"orientation {key} is not upright: {row['difference']:.1f}"
    for o in range(1, 9):
        assert rows[o]["size"] == picture.size, o       # small photos keep their size
    assert rows["large, 6"]["size"] == (MAX_EDGE, MAX_EDGE * 3 // 4)
    assert cleaner.status().startswith(cleaner.word("done").split("{")[0])
    cleaner.assert_stayed_home()


def test_output_names_are_intakes_names(open_cleaner, picture):
    photo = phone_jpeg(picture, 1)
    names = ["IMG_5195.JPG", "Foto Niña (1).jpeg", "IMG-5195.jpg", "😀.jpg"]
    cleaner = open_cleaner("es")
    cleaner.choose([(n, photo) for n in names])
    cleaner.wait(len(names))
    saved = cleaner.saved()
    stem = slugify("IMG_5195")
    expected = {f"{stem}.jpg", f"{slugify('Foto Niña (1)')}.jpg", f"{stem}-2.jpg", f"{slugify('😀')}.jpg"}
    assert set(saved) == expected == {"img-5195.jpg", "foto-nina-1.jpg", "img-5195-2.jpg", "foto.jpg"}


def test_transparent_png_becomes_a_white_backed_jpeg_capped_without_the_jpeg_shortcut(open_cleaner):
    # Not a JPEG: no header to read the size from, so the browser decodes it whole and the
    # canvas scales it; transparency becomes white (as the site's pipeline does), not black.
    png = Image.new("RGBA", (3200, 2400), (0, 0, 0, 0))
    png.paste((30, 60, 200, 255), (1600, 0, 3200, 2400))
    out = io.BytesIO()
    png.save(out, "PNG")
    cleaner = open_cleaner("es")
    cleaner.choose([("Captura de pantalla.png", out.getvalue())])
    cleaner.wait(1)
    data = cleaner.saved()["captura-de-pantalla.jpg"]
    expected = Image.new("RGB", (3200, 2400), (255, 255, 255))
    expected.paste((30, 60, 200), (1600, 0, 3200, 2400))
    row = check_saved(data, expected)
    assert row["format"] == "JPEG" and row["size"] == (MAX_EDGE, MAX_EDGE * 3 // 4)
    assert row["metadata"] == [] and row["difference"] < UPRIGHT_LIMIT


@pytest.mark.parametrize("lang", ["es", "en"])
def test_heic_and_broken_files_get_the_plain_message_and_the_others_are_cleaned(open_cleaner, picture, lang):
    cleaner = open_cleaner(lang)
    cleaner.choose([("IMG_5195.HEIC", HEIC_HEAD + os.urandom(4000)),
                    ("roto.jpg", b"\xff\xd8\xff\xe0 not a photo at all"),
                    ("IMG_0001.JPG", phone_jpeg(picture, 6))])
    cleaner.wait(3)
    heic, broken = cleaner.problems()
    assert heic == cleaner.word("heic").replace("{name}", "IMG_5195.HEIC")
    assert {"es": "Más compatible", "en": "Most Compatible"}[lang] in heic
    assert "WhatsApp" in heic and "python3 tasks.py intake" in heic
    assert broken == cleaner.word("unreadable").replace("{name}", "roto.jpg")
    alerts = cleaner.page.locator(".pio-cleaner__problem [role=alert]").all_inner_texts()
    assert alerts == [heic, broken]                    # screen readers say them as they come
    assert cleaner.status() == cleaner.word("done").format(ok=1, total=3)
    assert list(cleaner.saved()) == ["img-0001.jpg"]
    # The page with results and messages is still accessible (axe-core, WCAG A/AA).
    cleaner.page.evaluate(axe_source())
    assert cleaner.page.evaluate(AXE_RUN_JS) == []
    cleaner.assert_stayed_home()


def test_works_offline_once_loaded(browser, server, open_cleaner, picture):
    ctx = browser.new_context(**VIEWPORTS["360"], service_workers="block", accept_downloads=True)
    try:
        cleaner = open_cleaner("en", ctx=ctx)
        ctx.set_offline(True)
        cleaner.choose([("IMG_0006.JPG", phone_jpeg(picture, 6))])
        cleaner.wait(1)
        row = check_saved(cleaner.saved()["img-0006.jpg"], picture)
        assert row["metadata"] == [] and row["difference"] < UPRIGHT_LIMIT
    finally:
        ctx.close()


# A browser whose encoder wrote EXIF with GPS, XMP and a comment into the JPEG (Chromium does
# not; another browser might): the page must drop them.
METADATA_WRITING_BROWSER = """(() => {
  const extra = Uint8Array.from(atob("%s"), c => c.charCodeAt(0));
  const toBlob = HTMLCanvasElement.prototype.toBlob;
  HTMLCanvasElement.prototype.toBlob = function (done, type, quality) {
    toBlob.call(this, async blob => {
      if (!blob || type !== "image/jpeg") return done(blob);
      const bytes = new Uint8Array(await blob.arrayBuffer());
      done(new Blob([bytes.subarray(0, 2), extra, bytes.subarray(2)], {type}));
    }, type, quality);
  };
})();"""


def test_metadata_a_browser_writes_is_dropped(open_cleaner, picture):
    extra = (segment(0xE1, b"Exif\x00\x00" + phone_exif(1)) + segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + XMP)
             + segment(0xFE, b"casa 12, Villa El Sol"))
    cleaner = open_cleaner("es", METADATA_WRITING_BROWSER % base64.b64encode(extra).decode())
    # The stand-in encoder really writes them (or this test would prove nothing).
    written = base64.b64decode(cleaner.page.evaluate("""() => new Promise(ok => {
        const c = document.createElement('canvas'); c.width = c.height = 8;
        c.toBlob(async b => { const u = new Uint8Array(await b.arrayBuffer());
                              ok(btoa(String.fromCharCode(...u))); }, 'image/jpeg', 0.9); })"""))
    assert {metadata.GPS, metadata.EXIF, metadata.XMP, metadata.COMMENT} <= set(metadata.find_in_bytes(written))
    cleaner.choose([("IMG_0003.JPG", phone_jpeg(picture, 3))])
    cleaner.wait(1)
    row = check_saved(cleaner.saved()["img-0003.jpg"], picture)
    assert row["metadata"] == [] and row["difference"] < UPRIGHT_LIMIT


def test_keyboard_alone_chooses_photos_and_reaches_the_save_link(open_cleaner, picture):
    cleaner = open_cleaner("es")
    page = cleaner.page
    # Playwright intercepts file choosers once something listens; listen before any key press.
    page.on("filechooser", lambda chooser: None)
    for _ in range(80):                                   # Tab from the top of the page
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement.matches('{INPUT}')"):
            break
    else:
        pytest.fail("the file input never gets the keyboard focus")
    outline = page.evaluate("() => getComputedStyle(document.querySelector('.pio-cleaner__pick')).outlineStyle")
    assert outline != "none", "the focused file input shows no focus ring on its button"
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    chooser.value.set_files(files=[{"name": "IMG_0008.JPG", "mimeType": "image/jpeg",
                                    "buffer": phone_jpeg(picture, 8)}])
    cleaner.wait(1)
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.tagName, document.activeElement.textContent]")
    assert focused == ["A", cleaner.word("save").replace("{name}", "img-0008.jpg")]
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert metadata.find_in_bytes(Path(info.value.path()).read_bytes()) == []


# --------------------------------------------------------------------------- the real-photo corpus

shared = pytest.mark.skipif(not SHARED_PHOTOS.is_dir(), reason=f"{SHARED_PHOTOS} not found (the shared photo corpus)")


@shared
def test_real_camera_files_in_every_orientation_come_out_upright(open_cleaner):
    folder = SHARED_PHOTOS / "orientation"
    names = [f"{kind}_{o}.jpg" for kind in ("landscape", "portrait") for o in range(1, 9)]
    cleaner = open_cleaner("es")
    cleaner.choose([(n, (folder / n).read_bytes()) for n in names])
    cleaner.wait(len(names))
    saved = cleaner.saved()
    print("\nfile            upright  difference  size     metadata")
    failures = []
    for name in names:
        with Image.open(folder / f"{name.split('_')[0]}_1.jpg") as ref:
            expected = ImageOps.exif_transpose(ref)
        row = check_saved(saved[slugify(name[:-4]) + ".jpg"], expected)
        print(f"{name:<15} {row['difference'] < UPRIGHT_LIMIT!s:<8} {row['difference']:>10.2f}  "
              f"{row['size'][0]}x{row['size'][1]}  {row['metadata']}")
        if row["metadata"] or row["difference"] >= UPRIGHT_LIMIT or row["size"] != expected.size:
            failures.append((name, row))
    assert failures == []
    cleaner.assert_stayed_home()


@shared
def test_real_phone_photo_is_capped_and_real_heic_gets_the_message(open_cleaner):
    phone = SHARED_PHOTOS / "mobile" / "HMD_Nokia_8.3_5G.jpg"
    heic = SHARED_PHOTOS / "heic" / "IMG_5195.HEIC"
    assert metadata.GPS in metadata.find(phone)
    cleaner = open_cleaner("es")
    cleaner.choose([(phone.name, phone.read_bytes()), (heic.name, heic.read_bytes())])
    cleaner.wait(2)
    with Image.open(phone) as im:
        expected = ImageOps.exif_transpose(im)
    row = check_saved(cleaner.saved()[slugify(phone.stem) + ".jpg"], expected)
    assert row["metadata"] == [] and max(row["size"]) == MAX_EDGE and row["difference"] < UPRIGHT_LIMIT
    assert cleaner.problems() == [cleaner.word("heic").replace("{name}", heic.name)]


# --------------------------------------------------------------------------- the page itself

@pytest.mark.parametrize("lang", ["es", "en"])
def test_page_is_noindex_outside_menu_and_search_with_the_script_under_the_csp(built, lang):
    prefix = "" if lang == "es" else "en/"
    html = (built.dir / PAGES[lang] / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in html
    assert re.search(r'<script src="[./]*assets/javascripts/photo-cleaner\.js"></script>', html)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "script-src 'self'" in csp and "unsafe" not in csp.split("script-src")[1].split(";")[0]
    home = (built.dir / prefix / "index.html").read_text(encoding="utf-8")
    assert "limpiar-fotos" not in home                                  # not in the menu
    index = (built.dir / prefix / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "voluntariado" not in index


@pytest.mark.parametrize("lang", ["es", "en"])
def test_page_is_not_in_the_sitemap(built, lang):
    sitemap = (built.dir / ("" if lang == "es" else "en/") / "sitemap.xml").read_text(encoding="utf-8")
    assert "voluntariado" not in sitemap


def _code_blocks(lang: str, opening: str) -> list[str]:
    text = SOURCES[lang].read_text(encoding="utf-8")
    return re.findall(r"^``` ?" + re.escape(opening) + r"\n(.*?)^```$", text, re.M | re.S)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_report_template_on_the_page_matches_the_schema_and_the_archetype(lang):
    (template,) = _code_blocks(lang, "{ .yaml .copy }")
    data = yaml.safe_load(template)
    (photo,) = data["photos"]
    # Same fields as the entry `intake` writes (archetypes/photo-report/photo.yml).
    archetype = yaml.safe_load((ROOT / "archetypes" / "photo-report" / "photo.yml").read_text(encoding="utf-8")
                               .replace("$file", "x.jpg"))[0]
    assert set(photo) == set(archetype) and set(photo["es"]) == set(photo["en"]) == set(archetype["es"])
    assert photo["consent"] is None     # never pre-filled: the volunteer must decide
    context = {"languages": ("es", "en")}
    with pytest.raises(Exception):
        Photo.model_validate(photo, context=context)
    photo["consent"] = "no-people"
    for text_lang in ("es", "en"):
        photo[text_lang] = {"caption": "Una mesa.", "alt": "Una mesa de madera."}
    Photo.model_validate(photo, context=context)
    report = ReportMeta.model_validate(data, context=context)
    assert report.cover == photo["file"] == "img-5195.jpg"     # the name the cleaner gives IMG_5195
    (page,) = _code_blocks(lang, "text")
    slug = FrontMatter.model_validate(yaml.safe_load(page.split("---")[1])).report
    assert re.fullmatch(r"\d{4}-\d{2}-[a-z0-9-]+", slug)
    assert report.date.strftime("%Y-%m") == slug[:7]          # the date is in the folder's month
    assert f"{slug}/report.yml" in SOURCES[lang].read_text(encoding="utf-8")   # step 2 names that folder


def test_both_languages_carry_every_message():
    attrs = {lang: set(re.findall(r"\b(data-[a-z-]+)=", SOURCES[lang].read_text(encoding="utf-8"))) for lang in PAGES}
    assert attrs["es"] == attrs["en"]
    script = (ROOT / "docs" / "assets" / "javascripts" / "photo-cleaner.js").read_text(encoding="utf-8")
    used = {"data-" + w for w in re.findall(r"words\.(\w+)", script)}
    assert used and used <= attrs["es"], used - attrs["es"]
