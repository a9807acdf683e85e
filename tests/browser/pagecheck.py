"""What the browser tests do with a page: load it once, record everything, check it with axe.

A plain module (no fixtures): tests/browser/conftest.py wires it to pytest, the test modules
import the helpers they need from here.
"""
from __future__ import annotations

import functools
import re
import time
from dataclasses import dataclass, field

VIEWPORTS = {
    "360": dict(viewport={"width": 360, "height": 740}, device_scale_factor=1, is_mobile=True, has_touch=True),
    "1280": dict(viewport={"width": 1280, "height": 800}, device_scale_factor=1),
}


def lang_of(path: str) -> str:
    return "en" if path.startswith("en/") else "es"


def counterpart(path: str) -> str:
    """'donar/' <-> 'en/donar/': the same page in the other language."""
    return path[3:] if path.startswith("en/") else "en/" + path


def is_report(path: str) -> bool:
    """A photo report page (not the reports' index)."""
    rest = path[3:] if path.startswith("en/") else path
    return rest.startswith("informes-fotograficos/") and rest != "informes-fotograficos/"


# Every CSP violation the page reports, for the tests to read (init scripts bypass the CSP).
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  {directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample, line: e.lineNumber}));
"""


# --------------------------------------------------------------------------- one visit per page

@dataclass
class Visit:
    url: str
    viewport: str
    status: int | None = None
    requests: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[dict] = field(default_factory=list)
    scroll_width: int = 0
    inner_width: int = 0
    overflowing: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    bytes: int = 0
    bytes_by_url: dict[str, int] = field(default_factory=dict)
    axe: list[dict] = field(default_factory=list)
    seconds: float = 0.0


def watch(page, origin: str, visit: Visit) -> dict:
    """Record every request; abort (and record) any that leaves the site's origin."""
    state = {"inflight": 0, "last": time.monotonic(), "finished": []}

    def on_request(r):
        visit.requests.append(r.url)
        state["inflight"] += 1
        state["last"] = time.monotonic()
        if not r.url.startswith((origin + "/", "data:", "blob:")):
            visit.external.append(r.url)

    def on_done(r, failed=False):
        state["inflight"] -= 1
        state["last"] = time.monotonic()
        if failed:
            if r.url.startswith(origin + "/"):
                visit.failed.append(f"{r.url} ({r.failure})")
        else:
            state["finished"].append(r)

    def on_response(resp):
        if resp.status >= 400:
            visit.failed.append(f"{resp.url} (HTTP {resp.status})")

    page.on("request", on_request)
    page.on("requestfinished", on_done)
    page.on("requestfailed", lambda r: on_done(r, failed=True))
    page.on("response", on_response)
    page.on("console", lambda m: m.type == "error" and visit.console_errors.append(f"{m.text} @ {m.location.get('url', '')}"))
    page.on("pageerror", lambda e: visit.page_errors.append(str(e)))
    page.route(re.compile(r"^(?!" + re.escape(origin) + r"/)(?!data:)(?!blob:)"), lambda route: route.abort("blockedbyclient"))
    return state


def settle(page, state, quiet: float = 0.15, limit: float = 6.0) -> None:
    """Wait until no request has been in flight for `quiet` seconds (search index, lunr...)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if state["inflight"] <= 0 and time.monotonic() - state["last"] >= quiet:
            return
        page.wait_for_timeout(50)


def transferred(state) -> dict[str, int]:
    """Bytes on the wire per finished request (headers + encoded body), as the browser saw them."""
    out: dict[str, int] = {}
    for r in state["finished"]:
        sizes = r.sizes()
        body = sizes.get("responseBodySize", 0) or 0
        if body <= 0:   # a dedicated worker's script reports 0: use the header
            resp = r.response()
            body = int((resp.headers.get("content-length") if resp else 0) or 0)
        out[r.url] = out.get(r.url, 0) + body + max(sizes.get("responseHeadersSize", 0) or 0, 0)
    return out


OVERFLOW_JS = """() => {
  const w = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > w + 1 && r.width > 0 && getComputedStyle(el).position !== 'fixed') {
      out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
               (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
               ` right=${Math.round(r.right)}`);
      if (out.length >= 5) break;
    }
  }
  return {scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth, overflowing: out};
}"""

# The real pixel width of each image shown (srcset density is undone by decoding the file again).
IMAGES_JS = """async () => {
  const out = [];
  for (const img of document.images) {
    if (!img.complete || !img.naturalWidth || !img.currentSrc) continue;
    if (/\\.svg(\\?|#|$)/i.test(img.currentSrc) || img.currentSrc.startsWith('data:image/svg')) continue;
    const probe = new Image();
    probe.src = img.currentSrc;
    try { await probe.decode(); } catch (e) { continue; }
    out.push({src: img.currentSrc, pixels: probe.naturalWidth, clientWidth: img.clientWidth,
              dpr: window.devicePixelRatio});
  }
  return out;
}"""


@functools.lru_cache(maxsize=1)
def axe_source() -> str:
    """axe-core as bundled by the pinned axe-playwright-python (evaluated: the CSP does not apply)."""
    from axe_playwright_python.sync_playwright import Axe
    return Axe().axe_script


# axe's default run (WCAG 2.0/2.1 A + AA and best practices), returning only what a failure shows.
AXE_RUN_JS = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
                                 targets: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
}"""


class Visits:
    """Loads each (viewport, page) once and keeps what every check needs."""

    def __init__(self, contexts, server):
        self.contexts, self.server = contexts, server
        self.cache: dict[tuple[str, str], Visit] = {}

    def get(self, viewport: str, path: str) -> Visit:
        key = (viewport, path)
        if key not in self.cache:
            self.cache[key] = self._load(viewport, path)
        return self.cache[key]

    def _load(self, viewport: str, path: str) -> Visit:
        t0 = time.monotonic()
        visit = Visit(self.server.url(path), viewport)
        page = self.contexts[viewport].new_page()
        try:
            state = watch(page, self.server.origin, visit)
            resp = page.goto(visit.url, wait_until="load")
            visit.status = resp.status if resp else None
            # axe first: it overlaps with the search worker's loading, which settle() waits for.
            page.evaluate(axe_source())
            visit.axe = page.evaluate(AXE_RUN_JS)
            settle(page, state)
            m = page.evaluate(OVERFLOW_JS)
            visit.scroll_width, visit.inner_width, visit.overflowing = m["scrollWidth"], m["innerWidth"], m["overflowing"]
            visit.images = page.evaluate(IMAGES_JS)
            visit.csp_violations = page.evaluate("() => window.__cspViolations || []")
            visit.bytes_by_url = transferred(state)
            visit.bytes = sum(visit.bytes_by_url.values())
        finally:
            page.close()
        visit.seconds = time.monotonic() - t0
        return visit
