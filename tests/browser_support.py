"""Helpers for tests/test_browser.py: a loopback server for a built site, and page finders.

The server serves a built site from 127.0.0.1 on a free port. Every HTML
response has the quick-exit link's href rewritten, at serve time, to
``http://127.0.0.1:<port>/__neutral__.html``, a tiny neutral page the server
also serves. The built files on disk are never changed. This keeps the tests
offline (the configured neutral site, a search engine, is unreachable here)
while the markup and script under test stay exactly as built.
"""
from __future__ import annotations

import gzip
import mimetypes
import re
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: Chromium's flags for every browser test: no sandbox (root in CI), and nothing of its own
#: that would reach the network (tests prove every request goes to 127.0.0.1).
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NEUTRAL_PATH = "/__neutral__.html"
NEUTRAL_HTML = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Weather</title></head>'
    "<body><h1>Weather today</h1><p>Sunny.</p></body></html>"
)

#: The quick-exit anchor's opening tag (the hooks add exactly one per page).
QUICK_EXIT_TAG = re.compile(r"<a\b[^>]*\bdata-hx-quick-exit\b[^>]*>")
HREF = re.compile(r'\bhref="[^"]*"')


def rewrite_quick_exit(html: str, neutral_url: str) -> tuple[str, int]:
    """Point every quick-exit link at `neutral_url`; return the HTML and how many links changed."""

    def one(match: re.Match) -> str:
        return HREF.sub(f'href="{neutral_url}"', match.group(0), count=1)

    return QUICK_EXIT_TAG.subn(one, html)


#: What static hosts compress on the fly. Pagefind's index files are already
#: gzip-compressed by Pagefind and are sent as they are.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml",
                "image/svg+xml", "application/rss+xml", "application/atom+xml")


class _Handler(SimpleHTTPRequestHandler):
    neutral_url = ""  # set per server, see SiteServer
    compress = False

    def log_message(self, format, *args):  # noqa: A002 - keep pytest output quiet
        pass

    def do_GET(self):  # noqa: N802 - http.server's naming
        path = unquote(urlsplit(self.path).path)
        if path == NEUTRAL_PATH:
            return self._send_html(NEUTRAL_HTML.encode("utf-8"))
        fs_path = Path(self.translate_path(self.path))
        if fs_path.is_dir() and path.endswith("/"):
            fs_path = fs_path / "index.html"
        if fs_path.is_file() and fs_path.suffix == ".html":
            html, _ = rewrite_quick_exit(fs_path.read_text(encoding="utf-8"), self.neutral_url)
            return self._send_html(html.encode("utf-8"))
        if self.compress and fs_path.is_file():
            kind = mimetypes.guess_type(fs_path.name)[0] or "application/octet-stream"
            if kind.startswith(COMPRESSIBLE):
                return self._send(fs_path.read_bytes(), kind)
        return super().do_GET()  # assets, directory redirects, 404

    def _send_html(self, body: bytes) -> None:
        self._send(body, "text/html; charset=utf-8")

    def _send(self, body: bytes, kind: str) -> None:
        gzipped = self.compress and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            body = gzip.compress(body, compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


class SiteServer:
    """A built site on http://127.0.0.1:<free port>/, in a background thread."""

    def __init__(self, site: Path, compress: bool = False):
        """`compress`: gzip text responses as static hosts do (for measuring bytes on the wire)."""
        self.site = Path(site)
        handler = type("SiteHandler", (_Handler,), {"compress": compress})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(self.site)))
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}/"
        self.neutral_url = f"http://127.0.0.1:{self.port}{NEUTRAL_PATH}"
        handler.neutral_url = self.neutral_url
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="hromada-site", daemon=True)

    def start(self) -> "SiteServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=10)

    def url(self, rel: str) -> str:
        """Absolute URL of a site-relative path like 'news/' or 'ru/stories/x/y/'."""
        return self.base + rel.lstrip("/")


# --- finding pages in a built site ------------------------------------------
LANGS = ("en", "uk", "ru", "tg")


def page_url(site: Path, index_html: Path) -> str:
    """Site-relative directory URL of a built page: 'news/x/' for news/x/index.html."""
    rel = index_html.parent.relative_to(site).as_posix()
    return "" if rel == "." else rel + "/"


def english_pages(site: Path, section: str) -> list[str]:
    """Site-relative URLs of English item pages directly under `section`/ (not the listing)."""
    folder = site / section
    return sorted(page_url(site, p) for p in folder.glob("*/index.html") if p.parent.name != "page")


def english_story_parts(site: Path) -> list[str]:
    """Site-relative URLs of English story parts: stories/<series>/<slug>/ (no part number)."""
    return sorted(page_url(site, p) for p in (site / "stories").glob("*/*/index.html") if p.parent.name != "page")


def translations(site: Path, english_url: str) -> list[str]:
    """Languages (other than English) in which the page at `english_url` was built."""
    return [lang for lang in LANGS[1:] if (site / lang / english_url / "index.html").is_file()]


# --- bytes on the wire ---------------------------------------------------------
class Transfer:
    """Counts bytes received (compressed body plus headers), page and worker requests alike."""

    def __init__(self, context, page):
        self.requests: list[tuple[str, str, int]] = []  # (url, resource type, bytes)
        context.route("**/*", lambda route: route.continue_(headers={**route.request.headers, "cache-control": "no-cache"}))
        context.on("requestfinished", self._finished)
        self._mark = 0

    def _finished(self, request) -> None:
        sizes = request.sizes()
        self.requests.append((request.url, request.resource_type,
                              sizes["responseBodySize"] + sizes["responseHeadersSize"]))

    def since_mark(self, images: bool = True) -> tuple[int, list[tuple[str, str, int]]]:
        """Bytes and requests since the last call (images left out when images=False)."""
        new = self.requests[self._mark:]
        self._mark = len(self.requests)
        counted = [r for r in new if images or r[1] != "image"]
        return sum(r[2] for r in counted), counted


def run_search(page, query: str) -> list[str]:
    """Type a query into the header search and return the result links once they are shown."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator("body").press("/")
    box.fill("")
    box.fill(query)
    page.wait_for_function(
        "q => document.querySelector('[data-hx-search-results]').getAttribute('data-hx-query') === q",
        arg=query, timeout=15000)
    page.wait_for_load_state("networkidle")
    return page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
