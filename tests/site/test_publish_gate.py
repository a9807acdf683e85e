"""What reaches the published site, end to end: consent that follows the photo, text that
stays text, a policy that trusts only the site's own scripts. (Refusals, which fail the
build, are in tests/corpus/ with the rest of the volunteers' mistakes.)

One copy of the project, changed the ways a careless or hostile contributor could:
* a photo is withdrawn in one report while a byte-identical copy is listed, consented,
  in another; a story uses the withdrawn photo as its cover;
* a page's title and description, a testimonial, the contact and the donation data
  carry markup and a script.
The strict build passes (a withdrawal never blocks a deploy; markup in text is text),
and the published site shows neither the photo nor any script.
"""
from __future__ import annotations

import hashlib
import re
import shutil
import textwrap
from pathlib import Path

import pytest

import files
from sitebuild import build, copy_project
from pioneras import security

SCRIPT = "<script>alert('x')</script>"
A = "2025-07-feria"
B = "2025-08-taller"


def _entry(name: str, consent: str) -> str:
    return textwrap.dedent(f"""\
        - file: {name}
          consent: {consent}
          es: {{caption: Pie de {name}, alt: Foto {name}}}
          en: {{caption: Caption of {name}, alt: Photo {name}}}
        """)


def _report(root: Path, slug: str, photos: dict[str, str]) -> None:
    folder = root / "docs/photo-reports" / slug
    folder.mkdir(parents=True, exist_ok=True)
    body = "".join(_entry(n, c) for n, c in photos.items())
    (folder / "report.yml").write_text(f"date: {slug[:7]}-10\nphotos:\n" + textwrap.indent(body, "  "),
                                       encoding="utf-8")
    for lang in ("es", "en"):
        (root / f"docs/{lang}/informes-fotograficos/{slug}.md").write_text(
            f"---\ntitle: Informe {slug}\ndescription: Fotos.\nreport: {slug}\n---\n\n# Informe {slug}\n",
            encoding="utf-8")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("gate") / "project")
    files.jpeg(root / f"docs/photo-reports/{A}/rosa.jpg", size=(120, 90))
    files.jpeg(root / f"docs/photo-reports/{A}/mesa.jpg", size=(120, 90))
    (root / f"docs/photo-reports/{B}").mkdir(parents=True)
    shutil.copy(root / f"docs/photo-reports/{A}/rosa.jpg", root / f"docs/photo-reports/{B}/copia.jpg")
    _report(root, A, {"rosa.jpg": "withdrawn", "mesa.jpg": "no-people"})
    _report(root, B, {"copia.jpg": "given"})
    story = root / "docs/es/historias/como-empezo-las-pioneras.md"
    _edit(story, "example: true\n", "")
    story.write_text(re.sub(r"^cover: .*$", f"cover: {A}/rosa.jpg", story.read_text(encoding="utf-8"),
                            flags=re.M), encoding="utf-8")
    _edit(root / "docs/es/historia.md", "title: Historia del proyecto", f'title: "{SCRIPT} Historia del proyecto"')
    text = (root / "docs/es/historia.md").read_text(encoding="utf-8")
    (root / "docs/es/historia.md").write_text(
        re.sub(r"^description: .*$", 'description: "<img src=x onerror=alert(1)> & co"', text, count=1, flags=re.M),
        encoding="utf-8")
    _edit(root / "data/testimonials.yml", "Coordinadora del proyecto", f"{SCRIPT}Coordinadora del proyecto")
    _edit(root / "data/contact.yml", "address: null", f'address: "{SCRIPT}Calle 1"')
    _edit(root / "data/donation.yml", "recipient: null", f'recipient: "{SCRIPT}Las Pioneras"')
    result = build(root, root.parent / "site")
    yield root, result
    shutil.rmtree(root.parent, ignore_errors=True)


def test_the_strict_build_passes(published):
    _, result = published
    assert result.returncode == 0, result.log[-3000:]


def test_a_withdrawn_photo_is_published_nowhere_not_even_its_copy(published):
    root, result = published
    photos = {p.name for p in (result.site / "photos").rglob("*") if p.is_file()}
    withdrawn = hashlib.sha256((root / f"docs/photo-reports/{A}/rosa.jpg").read_bytes()).hexdigest()[:12]
    assert not any(name.startswith(withdrawn) for name in photos)
    assert any(p.parent.name == A for p in (result.site / "photos").rglob("*.avif"))       # mesa.jpg is there
    assert not list((result.site / "photos").glob(f"{B}/*"))
    notice = next(l for l in result.log.splitlines() if "copia.jpg" in l and f"{A}/rosa.jpg" in l)
    assert notice.startswith("INFO") and "byte" in notice           # a notice: never blocks a deploy


def test_a_withdrawn_cover_is_dropped_and_the_story_still_published(published):
    _, result = published
    html = (result.site / "historias/como-empezo-las-pioneras/index.html").read_text(encoding="utf-8")
    assert "pioneras-story-cover" not in html and "<h1" in html
    line = next(l for l in result.log.splitlines() if f"{A}/rosa.jpg" in l and "como-empezo" in l)
    assert line.startswith("INFO") and "(aviso / notice)" in line


@pytest.mark.parametrize("page, shown", [
    ("historia/index.html", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
    ("testimonios/index.html", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;Coordinadora"),
    ("contacto/index.html", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;Calle 1"),
])
def test_markup_in_texts_is_shown_as_text(published, page, shown):
    _, result = published
    html = (result.site / page).read_text(encoding="utf-8")
    assert "<script>alert(" not in html and "onerror=alert" not in html.replace("&lt;img src=x onerror=alert", "")
    assert shown in html or shown.replace("&#39;", "'") in html


def test_the_description_is_escaped_everywhere_it_is_printed(published):
    _, result = published
    html = (result.site / "historia/index.html").read_text(encoding="utf-8")
    assert 'content="&lt;img src=x onerror=alert(1)&gt; &amp; co"' in html
    assert "<img src=x" not in html


def test_no_policy_trusts_an_injected_script(published):
    _, result = published
    injected = {security.sha256("alert('x')"), security.sha256("alert(1)")}
    for page in result.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        policy = security.parse_policy(security.csp_meta(html) or "")
        assert not injected & set(policy.get("script-src", [])), page
