"""pioneras.security on small documents: the allow-list, hashes, policy, rel=noopener, idempotence."""
from __future__ import annotations

import base64
import hashlib

from pioneras import security as s

DOC = """<!doctype html><html lang="es"><head><meta charset="utf-8">
<script>var a=1</script>
<script id="__config" type="application/json">{"x": 1}</script>
<script type="application/ld+json">{"@type": "Organization"}</script>
<script src="assets/app.js"></script>
<script type="module">import "./m.js"</script>
<style>.x{color:red}</style>
</head><body>
<a href="https://github.com/o/r" class="md-source">repo</a>
<a href="https://github.com/o/r/edit/main/x.md" rel="edit">edit</a>
<a href="https://idemnna.github.io/las-pioneras/donar/">own site</a>
<a href="../donar/">relative</a>
<a href="mailto:a@b.org">mail</a>
<a href="informe/" target="_blank">same site, new tab</a>
<a href='//cdn.example/x' rel='external'>protocol-relative</a>
<script>document.write("<a href='https://x.example/'>in a script</a>")</script>
</body></html>"""
SITE = "https://idemnna.github.io/las-pioneras/"


def h(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


ALLOWED = frozenset({h("var a=1"), h('import "./m.js"')})


def test_only_allow_listed_inline_scripts_are_hashed_and_others_are_refused():
    verdict = s.examine(DOC, ALLOWED)
    assert set(verdict.policy.script_hashes) == {h("var a=1"), h('import "./m.js"')}
    assert verdict.unknown_scripts == ["document.write(\"<a href='https://x.example/'>in a script</a>\")"]
    assert verdict.policy.style_hashes == (h(".x{color:red}"),)
    assert not verdict.policy.unsafe_inline_styles


def test_an_injected_script_never_gets_into_the_policy():
    doc = DOC.replace("<body>", "<body><script>alert(1)</script>")
    html, verdict = s.harden(doc, SITE, ALLOWED)
    assert "alert(1)" in verdict.unknown_scripts
    assert h("alert(1)") not in s.csp_meta(html)


def test_hash_matches_what_a_browser_hashes_after_newline_normalisation():
    assert s.sha256("a\r\nb\rc") == h("a\nb\nc")
    assert s.sha256("é") == h("é")


def test_policy_text():
    parsed = s.parse_policy(s.examine(DOC, ALLOWED).policy.header_value())
    assert parsed["default-src"] == ["'self'"]
    assert parsed["script-src"][0] == "'self'" and "'unsafe-inline'" not in parsed["script-src"]
    assert parsed["style-src"] == ["'self'", h(".x{color:red}")]
    assert parsed["img-src"] == ["'self'", "data:", "blob:"]
    assert parsed["object-src"] == ["'none'"] and parsed["base-uri"] == ["'self'"]
    assert parsed["form-action"] == ["'self'"]


def test_lightbox_or_style_attribute_allows_inline_styles_without_hashes():
    for extra in ('<a class="glightbox" href="p.jpg"><img src="t.jpg" alt=""></a>', '<p style="color:red">x</p>'):
        doc = DOC.replace("</body>", extra + "</body>")
        value = s.parse_policy(s.examine(doc, ALLOWED).policy.header_value())
        assert value["style-src"] == ["'self'", "'unsafe-inline'"]
        assert "'unsafe-inline'" not in value["script-src"]


def test_style_text_inside_a_script_is_not_a_style_attribute():
    doc = DOC.replace("var a=1", "var a='<p style=\"x\">'")
    assert not s.examine(doc, ALLOWED).policy.unsafe_inline_styles


def test_csp_meta_goes_right_after_the_charset_and_before_any_script():
    policy = s.examine(DOC, ALLOWED).policy
    out = s.add_csp(DOC, policy)
    head = out[: out.index("<script")]
    assert '<meta charset="utf-8">' in head and 'http-equiv="Content-Security-Policy"' in head
    assert s.csp_meta(out) == policy.header_value()


def test_noopener_on_external_links_only():
    out = s.add_noopener(DOC, SITE)
    assert '<a href="https://github.com/o/r" class="md-source" rel="noopener">' in out
    assert 'rel="edit noopener"' in out
    assert '<a href="https://idemnna.github.io/las-pioneras/donar/">' in out
    assert '<a href="../donar/">' in out and '<a href="mailto:a@b.org">' in out
    assert '<a href="informe/" target="_blank" rel="noopener">' in out
    assert "rel=\"external noopener\"" in out
    assert "<a href='https://x.example/'>in a script</a>" in out        # script text untouched
    assert s.external_links_without_noopener(out, SITE) == []
    assert len(s.external_links_without_noopener(DOC, SITE)) == 4


def test_harden_is_idempotent_and_keeps_one_policy():
    once, _ = s.harden(DOC, SITE, ALLOWED)
    assert s.harden(once, SITE, ALLOWED)[0] == once
    assert once.count("Content-Security-Policy") == 1


def test_event_handlers_and_javascript_urls_are_reported():
    doc = DOC.replace("<body>", '<body onload="x()"><a href="javascript:void(0)">j</a>')
    assert s.examine(doc, ALLOWED).event_handlers == ["<body onload>", "<a href=javascript:>"]


def test_fragment_without_head_is_left_alone():
    policy = s.examine("<p>x</p>", ALLOWED).policy
    assert s.add_csp("<p>x</p>", policy) == "<p>x</p>"


def test_the_allow_list_is_computed_from_template_sources(tmp_path):
    (tmp_path / "partials").mkdir()
    (tmp_path / "a.html").write_text('<script>var constant=1</script><script src="x.js"></script>'
                                     '<script type="application/json">{"a": 1}</script>', encoding="utf-8")
    (tmp_path / "partials/b.html").write_text('<script data-x="{{ y }}">var fromData=1</script>'
                                              "<script>var v = {{ page.title }}</script>", encoding="utf-8")
    assert s.allowed_scripts((str(tmp_path),)) == {h("var constant=1"), h("var fromData=1")}


def test_the_real_templates_allow_list_the_constant_scripts_they_ship():
    import material
    from pathlib import Path
    dirs = (str(Path(__file__).resolve().parents[2] / "overrides"), str(Path(material.__file__).parent / "templates"))
    allowed = s.allowed_scripts(dirs)
    ours = Path(dirs[0], "partials/javascripts/base.html").read_text(encoding="utf-8")
    body = ours[ours.index(">__md_scope") + 1: ours.index("</script>")]
    assert s.sha256(body) in allowed
    content = Path(dirs[1], "partials/javascripts/content.html").read_text(encoding="utf-8")
    assert s.sha256(content[content.index("<script>") + 8: content.index("</script>")]) in allowed


def test_attributes_browsers_read_without_a_space_before_them_are_found():
    # "/" and the end of a quoted value start an attribute as whitespace does.
    for markup, found in (('<svg/onload="x()">', "<svg onload>"), ('<img src="a.jpg"onerror="x()">', "<img onerror>"),
                          ("<IMG SRC=a.jpg ONERROR=x()>", "<img onerror>")):
        doc = DOC.replace("<body>", "<body>" + markup)
        assert s.examine(doc, ALLOWED).event_handlers == [found], markup


def test_text_that_merely_mentions_a_handler_or_a_style_is_not_one():
    doc = DOC.replace("<body>", '<body><p title="onclick=x() style=y">Escriba onclick= o style= así.</p>')
    verdict = s.examine(doc, ALLOWED)
    assert verdict.event_handlers == []


def test_a_script_written_inside_a_title_or_textarea_is_refused_as_well():
    for wrapper in ("title", "textarea"):
        doc = DOC.replace("<body>", f"<body><{wrapper}><script>alert(2)</script></{wrapper}>")
        assert "alert(2)" in s.examine(doc, ALLOWED).unknown_scripts


def test_upper_case_links_and_accented_text_keep_every_other_byte():
    doc = ('<html><head><meta charset="utf-8"></head><body><p>Señora Ñusta: «ó» 👩🏽</p>'
           '<A HREF="https://x.example/" TARGET=_blank>x</A><p>más</p></body></html>')
    out = s.add_noopener(doc, SITE)
    assert out == doc.replace("TARGET=_blank>", 'TARGET=_blank rel="noopener">')
