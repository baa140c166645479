"""Screenshots of what readers see, for the staff guide (staff/design.md).

    python scripts/screenshots.py                 # builds the example site first
    python scripts/screenshots.py --site /tmp/x   # or uses a built site

Takes the home page, a listing, a story, a campaign and an event (English) at
1280 px (a laptop) and 390 px (a phone, touch emulated), whole pages, into
staff/screenshots/. Images are reduced to a small palette so that each stays
near 150 KB. Needs Playwright and Debian's Chromium (/usr/bin/chromium).
"""
from __future__ import annotations

import argparse
import functools
import io
import os
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "home": "",
    "listing": "news/",
    "story": "stories/self-help-leaders/shahnoza-bakery/",
    "campaign": "campaigns/release-hostages/",
    "event": "events/occupied-screening-kyiv/",
}
WIDTHS = {1280: 900, 390: 844}
BUDGET = 150_000


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: D401 - keep the output short
        pass


def build(target: Path) -> None:
    env = {**os.environ, "HROMADA_NOW": "2026-11-23T12:00:00+00:00", "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(target)], cwd=ROOT, env=env, check=True)


def small_png(png: bytes) -> bytes:
    """The fewest colours that still read well, under the budget when possible."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    out = b""
    for colours in (128, 96, 64, 48, 32, 24):
        buf = io.BytesIO()
        image.quantize(colors=colours, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(buf, "PNG", optimize=True)
        out = buf.getvalue()
        if len(out) <= BUDGET:
            break
    return out


def shoot(site: Path, out: Path) -> list[Path]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    written = []
    out.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            for width, height in WIDTHS.items():
                phone = width < 600
                context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=phone,
                                              has_touch=phone, device_scale_factor=1)
                tab = context.new_page()
                for name, path in PAGES.items():
                    tab.goto(base + path, wait_until="networkidle")
                    # lazy pictures: bring each into view so the whole page is drawn
                    tab.evaluate("async () => { for (const i of document.images) { i.scrollIntoView();"
                                 " await new Promise(r => setTimeout(r, 50)); } window.scrollTo(0, 0); }")
                    tab.wait_for_function("[...document.images].every(i => i.complete)")
                    target = out / f"{name}-{width}.png"
                    target.write_bytes(small_png(tab.screenshot(full_page=True)))
                    written.append(target)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="a built site (default: build the example site)")
    parser.add_argument("--out", type=Path, default=ROOT / "staff/screenshots")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build(site)
        for path in shoot(site, args.out):
            print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
