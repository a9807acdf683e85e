"""A small GitHub Pages on 127.0.0.1, the site build, and where Debian's Chromium is.

Shared by the browser tests (tests/browser/conftest.py) and bench/lighthouse.py.
Standard library only; no pytest, no MkDocs import.
"""
from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import mimetypes
import os
import re
import shutil
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "tests") not in sys.path:      # for sitebuild, when bench/ imports this module
    sys.path.insert(0, str(ROOT / "tests"))
CHROMIUM_FLAGS = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync",
                  # Belt and braces: no host but loopback resolves, whatever a page asks for.
                  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
COMPRESSIBLE = re.compile(r"^(text/|application/(javascript|json|xml|rss\+xml|atom\+xml|manifest\+json)|image/svg\+xml)")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("application/json", ".json")
mimetypes.add_type("image/svg+xml", ".svg")
mimetypes.add_type("image/webp", ".webp")
mimetypes.add_type("image/avif", ".avif")
mimetypes.add_type("application/manifest+json", ".webmanifest")
mimetypes.add_type("application/atom+xml", ".atom")
mimetypes.add_type("application/rss+xml", ".rss")


# --------------------------------------------------------------------------- the build

@dataclass
class BuiltSite:
    dir: Path
    base_path: str          # "/las-pioneras/", read from the built pages' canonical URL
    log: str
    seconds: float = 0.0

    def pages(self) -> list[str]:
        """Every HTML page as a path relative to the site root: '', 'donar/', 'en/404.html'."""
        out = []
        for p in sorted(self.dir.rglob("*.html")):
            rel = p.relative_to(self.dir).as_posix()
            if rel.startswith("assets/"):
                continue
            out.append(rel[: -len("index.html")] if p.name == "index.html" else rel)
        return out


def build_site(out: Path | None = None, root: Path = ROOT) -> BuiltSite:
    """mkdocs build --strict of the project (tests/sitebuild.py) into `out`, a new temp folder by default."""
    from sitebuild import build, real_site   # tests/ is on sys.path (pytest's rootdir conftest, or bench/)

    if out is None and root == ROOT:
        result = real_site()                  # the same build tests/conftest.py's `site` reads
        out = result.site
    else:
        out = out or Path(tempfile.mkdtemp(prefix="pioneras-site-")) / "site"
        result = build(root, out)
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build --strict failed:\n{result.log[-4000:]}")
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', (out / "index.html").read_text(encoding="utf-8"))
    base = urlsplit(canonical.group(1)).path.strip("/") if canonical else ""
    return BuiltSite(out, f"/{base}/" if base else "/", result.log, result.seconds)


# --------------------------------------------------------------------------- the server

@functools.lru_cache(maxsize=2048)
def _gzipped(path: Path) -> bytes:
    return gzip.compress(path.read_bytes(), 6, mtime=0)


class PagesHandler(http.server.BaseHTTPRequestHandler):
    """A tiny GitHub Pages: site under base_path, gzip for text, 404.html for what is missing."""

    site_dir: Path
    base_path: str
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):   # quiet
        pass

    def do_HEAD(self):
        self._serve(body=False)

    def do_GET(self):
        self._serve(body=True)

    def _send(self, status: int, data: bytes, ctype: str, body: bool, extra: dict | None = None,
              key: Path | None = None):
        headers = {"Content-Type": ctype, "Cache-Control": "max-age=600"}
        if key is not None and COMPRESSIBLE.match(ctype) and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = _gzipped(key)
            headers["Content-Encoding"] = "gzip"
            headers["Vary"] = "Accept-Encoding"
        headers.update(extra or {})
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _serve(self, body: bool):
        path = unquote(urlsplit(self.path).path)
        if path + "/" == self.base_path:
            return self._send(301, b"", "text/plain", body, {"Location": self.base_path})
        if not path.startswith(self.base_path):
            return self._send(404, b"not found", "text/plain", body)
        rel = path[len(self.base_path):]
        target = (self.site_dir / rel).resolve()
        if self.site_dir not in target.parents and target != self.site_dir:
            return self._send(404, b"not found", "text/plain", body)
        if target.is_dir():
            if not path.endswith("/"):
                return self._send(301, b"", "text/plain", body, {"Location": path + "/"})
            target = target / "index.html"
        status = 200
        if not target.is_file():
            status, target = 404, self.site_dir / "404.html"
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/json", "image/svg+xml"):
            ctype += "; charset=utf-8"
        self._send(status, target.read_bytes(), ctype, body, key=target)


@dataclass
class Server:
    origin: str         # http://127.0.0.1:PORT
    base_path: str

    @property
    def base(self) -> str:
        return self.origin + self.base_path

    def url(self, path: str) -> str:
        return self.base + path


@contextlib.contextmanager
def serve(site_dir: Path, base_path: str):
    """Serve a built site on a free port of 127.0.0.1, in a thread of this process."""
    handler = type("Handler", (PagesHandler,), {"site_dir": Path(site_dir).resolve(), "base_path": base_path})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="pages-server", daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{httpd.server_address[1]}", base_path)
    finally:
        httpd.shutdown()
        httpd.server_close()


def find_chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), shutil.which("chromium"),
                      shutil.which("chromium-browser"), "/usr/bin/chromium"):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


if __name__ == "__main__":       # python3 tests/browser/pages_server.py SITE_DIR [/las-pioneras/]
    site_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site"
    base_path = sys.argv[2] if len(sys.argv) > 2 else "/las-pioneras/"
    with serve(site_dir, base_path) as srv:
        print(f"serving {site_dir} at {srv.base} (gzip, 404.html like GitHub Pages); Ctrl-C stops", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
