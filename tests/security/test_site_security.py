"""Security of the built pages and of the repository. No browser needed.

The CSP checks parse the pages with the standard library's HTMLParser and hash the scripts
with hashlib, independently of pioneras.security (which wrote the policy).
"""
from __future__ import annotations

import base64
import hashlib
import re
import subprocess
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import material

from pioneras.security import LIGHTBOX_CLASSES, allowed_scripts

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = (str(ROOT / "overrides"), str(Path(material.__file__).parent / "templates"))

JS_TYPES = {"", "module", "text/javascript", "application/javascript", "importmap"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict, str]] = []
        self.styles: list[str] = []
        self.tags: list[tuple[str, dict, int]] = []       # name, attrs, offset in the file
        self._open: tuple[str, dict] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a, self.getpos()))
        if tag in ("script", "style"):
            self._open, self._text = (tag, a), []

    def handle_data(self, data):
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            text = "".join(self._text)
            if tag == "script":
                self.scripts.append((self._open[1], text))
            else:
                self.styles.append(text)
            self._open = None


def parse(path: Path) -> Page:
    p = Page()
    p.feed(path.read_text(encoding="utf-8"))
    p.close()
    return p


def policy_of(page: Page) -> dict[str, list[str]]:
    metas = [a.get("content", "") for t, a, _ in page.tags
             if t == "meta" and a.get("http-equiv", "").lower() == "content-security-policy"]
    assert len(metas) == 1, f"{len(metas)} CSP <meta> elements"
    out: dict[str, list[str]] = {}
    for part in metas[0].split(";"):
        if part.split():
            name, *values = part.split()
            out[name.lower()] = values
    return out


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def html_files(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html")) if "assets" not in p.relative_to(site).parts]


@pytest.fixture(scope="module")
def pages(site):
    return {p.relative_to(site).as_posix(): parse(p) for p in html_files(site)}


def test_every_page_has_a_content_security_policy(pages):
    assert len(pages) >= 20
    for name, page in pages.items():
        policy = policy_of(page)
        assert policy.get("default-src") == ["'self'"], name
        assert policy.get("object-src") == ["'none'"], name
        assert policy.get("base-uri") == ["'self'"], name
        assert policy.get("form-action") == ["'self'"], name
        assert policy.get("img-src") == ["'self'", "data:", "blob:"], name
        assert "frame-ancestors" not in policy, f"{name}: frame-ancestors is ignored in a <meta> CSP"


def test_the_policy_comes_before_any_script_or_stylesheet(pages):
    for name, page in pages.items():
        order = [t for t, a, _ in page.tags
                 if (t == "meta" and a.get("http-equiv", "").lower() == "content-security-policy")
                 or t in ("script", "style") or (t == "link" and a.get("rel") == "stylesheet")]
        assert order and order[0] == "meta", f"{name}: the CSP <meta> must precede {order[:1]}"


def test_every_inline_script_is_hashed_and_nothing_unsafe_is_allowed(pages):
    for name, page in pages.items():
        script_src = policy_of(page)["script-src"]
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, name
        assert "*" not in script_src and not any(s.startswith(("http:", "https:", "data:")) for s in script_src), name
        inline = [text for attrs, text in page.scripts
                  if "src" not in attrs and attrs.get("type", "").lower() in JS_TYPES]
        assert inline, f"{name}: Material's inline scripts are missing (parser problem?)"
        missing = [text[:80] for text in inline if sha(text) not in script_src]
        assert missing == [], f"{name}: inline scripts without their hash in script-src: {missing}"
        unlisted = [text[:80] for text in inline if sha(text) not in allowed_scripts(TEMPLATES)]
        assert unlisted == [], f"{name}: inline scripts the templates do not ship: {unlisted}"
        assert set(script_src[1:]) <= allowed_scripts(TEMPLATES), name
        data_blocks = [attrs.get("type") for attrs, _ in page.scripts if attrs.get("type", "").lower() not in JS_TYPES]
        assert all(t in ("application/json", "application/ld+json") for t in data_blocks), (name, data_blocks)


def test_inline_styles_are_allowed_only_where_needed(pages):
    """'unsafe-inline' for styles only on pages with a lightbox or style attributes; else hashes."""
    for name, page in pages.items():
        style_src = policy_of(page)["style-src"]
        needs = any("style" in a for _, a, _ in page.tags) or any(
            LIGHTBOX_CLASSES & set(a.get("class", "").split()) for _, a, _ in page.tags)
        if needs:
            assert style_src == ["'self'", "'unsafe-inline'"], name
        else:
            assert "'unsafe-inline'" not in style_src, name
            missing = [s[:60] for s in page.styles if sha(s) not in style_src]
            assert missing == [], f"{name}: <style> blocks without their hash: {missing}"


def test_no_inline_event_handler_or_javascript_url(pages):
    for name, page in pages.items():
        handlers = [f"<{t} {k}>" for t, a, _ in page.tags for k in a if k.startswith("on")]
        js_urls = [a["href"] for t, a, _ in page.tags if a.get("href", "").strip().lower().startswith("javascript:")]
        assert handlers == [] and js_urls == [], name


def test_external_links_have_rel_noopener(pages, site):
    site_host = urlsplit(re.search(r'<link rel="canonical" href="([^"]+)"',
                                   (site / "index.html").read_text(encoding="utf-8")).group(1)).netloc
    checked = 0
    for name, page in pages.items():
        for t, a, pos in page.tags:
            href = a.get("href", "")
            if t != "a" or not href:
                continue
            url = urlsplit(href)
            external = (url.scheme in ("http", "https") or href.startswith("//")) and url.netloc != site_host
            if external or a.get("target") == "_blank":
                checked += 1
                assert "noopener" in a.get("rel", "").split(), f"{name}:{pos[0]}: {href} lacks rel=noopener"
    assert checked, "no external link found at all (the edit links should be)"


def test_referrer_policy_is_strict(pages):
    allowed = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
    for name, page in pages.items():
        values = [a.get("content") for t, a, _ in page.tags if t == "meta" and a.get("name") == "referrer"]
        assert values and values[0] in allowed, (name, values)


# --------------------------------------------------------------------------- the repository

# The workflows' rules and their linters live in tests/workflows/.

PIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[\w,-]+\])?==[A-Za-z0-9.+!-]+(\s*;.*)?$")


def test_requirements_lock_pins_every_package_exactly():
    lines = [l.strip() for l in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()]
    pkgs = [l for l in lines if l and not l.startswith("#")]
    assert len(pkgs) > 20
    assert [l for l in pkgs if not PIN.match(l)] == []


def test_pyproject_pins_every_dependency_exactly():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    deps = list(data["build-system"]["requires"]) + list(data["project"]["dependencies"])
    for extra in data["project"].get("optional-dependencies", {}).values():
        deps += extra
    assert [d for d in deps if not PIN.match(d.replace(" ", ""))] == []


# A few high-signal patterns; the literals are split so that this file does not match itself.
SECRETS = [
    ("private key", re.compile("-----BEGIN " + r"(?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY" + "-----")),
    ("GitHub token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b")),
    ("AWS access key", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b")),
    ("Slack token", re.compile(r"\bxox[abposr]-[0-9A-Za-z-]{10,}\b")),
    ("Stripe live key", re.compile(r"\b[sr]k_live_[0-9A-Za-z]{20,}\b")),
    ("npm token", re.compile(r"\bnpm_[A-Za-z0-9]{36}\b")),
    ("password in a URL", re.compile(r"\b[a-z][a-z0-9+.-]*://[^/\s:@'\"]+:[^/\s@'\"]{6,}@[\w.-]+")),
]
BINARY = {".png", ".jpg", ".jpeg", ".webp", ".avif", ".heic", ".gif", ".ico", ".pdf", ".gz", ".zip", ".woff", ".woff2"}


def _repository_files() -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: cannot list the tracked files")
    return [ROOT / f for f in out.decode().split("\0") if f]


def test_no_secret_in_the_repository():
    """Tracked files, and new files not ignored (what the next commit could add)."""
    found = []
    for path in _repository_files():
        if path.suffix.lower() in BINARY or not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for label, pattern in SECRETS:
            for m in pattern.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {label}")
    assert found == []
