"""pioneras.security on small documents: hashes, policy, rel=noopener, idempotence."""
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


def test_only_executable_inline_scripts_are_hashed():
    policy = s.page_policy(DOC)
    assert set(policy.script_hashes) == {h("var a=1"), h('import "./m.js"'),
                                         h("document.write(\"<a href='https://x.example/'>in a script</a>\")")}
    assert policy.style_hashes == (h(".x{color:red}"),)
    assert not policy.unsafe_inline_styles


def test_hash_matches_what_a_browser_hashes_after_newline_normalisation():
    assert s.sha256("a\r\nb\rc") == h("a\nb\nc")
    assert s.sha256("é") == h("é")


def test_policy_text():
    value = s.page_policy(DOC).header_value()
    parsed = s.parse_policy(value)
    assert parsed["default-src"] == ["'self'"]
    assert parsed["script-src"][0] == "'self'" and "'unsafe-inline'" not in parsed["script-src"]
    assert parsed["style-src"] == ["'self'", h(".x{color:red}")]
    assert parsed["img-src"] == ["'self'", "data:"]
    assert parsed["object-src"] == ["'none'"] and parsed["base-uri"] == ["'self'"]
    assert parsed["form-action"] == ["'self'"]


def test_lightbox_or_style_attribute_allows_inline_styles_without_hashes():
    for extra in ('<a class="glightbox" href="p.jpg"><img src="t.jpg" alt=""></a>', '<p style="color:red">x</p>'):
        doc = DOC.replace("</body>", extra + "</body>")
        value = s.parse_policy(s.page_policy(doc).header_value())
        assert value["style-src"] == ["'self'", "'unsafe-inline'"]
        assert "'unsafe-inline'" not in value["script-src"]


def test_style_text_inside_a_script_is_not_a_style_attribute():
    doc = DOC.replace("var a=1", "var a='<p style=\"x\">'")
    assert not s.page_policy(doc).unsafe_inline_styles


def test_csp_meta_goes_right_after_the_charset_and_before_any_script():
    out = s.add_csp(DOC)
    head = out[: out.index("<script")]
    assert '<meta charset="utf-8">' in head and 'http-equiv="Content-Security-Policy"' in head
    assert s.csp_meta(out) == s.page_policy(DOC).header_value()


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
    once = s.harden(DOC, SITE)
    assert s.harden(once, SITE) == once
    assert once.count("Content-Security-Policy") == 1


def test_a_changed_script_changes_the_policy_on_rerun():
    once = s.harden(DOC, SITE)
    changed = s.harden(once.replace("var a=1", "var a=2"), SITE)
    assert h("var a=2") in s.csp_meta(changed) and h("var a=1") not in s.csp_meta(changed)


def test_event_handlers_and_javascript_urls_are_reported():
    doc = DOC.replace("<body>", '<body onload="x()"><a href="javascript:void(0)">j</a>')
    assert s.event_handler_attributes(doc) == ["<body onload>"]
    assert s.javascript_urls(doc) == ["javascript:void(0)"]


def test_fragment_without_head_is_left_alone():
    assert s.add_csp("<p>x</p>") == "<p>x</p>"


def test_harden_site(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "index.html").write_text(DOC, encoding="utf-8")
    (tmp_path / "en" / "index.html").write_text(DOC.replace("<body>", '<body><p style="x">'), encoding="utf-8")
    report = s.harden_site(tmp_path, SITE)
    assert report.pages == 2 and report.unsafe_inline_styles == ["en/index.html"]
    assert s.csp_meta((tmp_path / "index.html").read_text(encoding="utf-8"))
