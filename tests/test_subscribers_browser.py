"""The pages people read about feeds, in Debian's Chromium: the Subscribe page and every
feed's page have no serious axe-core violation and fit a 360 px phone (long addresses wrap)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
if not Path(CHROMIUM).is_file() and not os.environ.get("HROMADA_REQUIRE_BROWSER"):
    pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM}", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

from browser_support import SiteServer  # noqa: E402
from test_accessibility import axe_source, serious  # noqa: E402
from test_browser import LAUNCH_ARGS  # noqa: E402

pytestmark = pytest.mark.browser
WIDTH = 360


def feed_pages(site: Path) -> list[str]:
    """Site-relative URLs of every Subscribe page and every feed's page."""
    return sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("subscribe/**/index.html"))


#: How far the page's column would scroll sideways (px): what overflows it is held inside it.
COLUMN_SCROLLS = "(() => { const c = document.querySelector('.md-content__inner'); return c.scrollWidth - c.clientWidth; })()"


def test_subscribe_and_feed_pages_are_accessible_and_fit_a_phone(example_site):
    urls = feed_pages(example_site)
    assert len(urls) >= 40 and "tg/subscribe/" in urls and "subscribe/categories/crsv/" in urls
    server = SiteServer(example_site).start()
    problems: dict[str, list[str]] = {}
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            phone = browser.new_context(viewport={"width": WIDTH, "height": 740})
            tab = phone.new_page()
            source = axe_source()
            for url in urls:
                tab.goto(server.url(url), wait_until="load")
                wide = tab.evaluate("document.documentElement.scrollWidth")
                found = [f"page is {wide} px wide on a {WIDTH} px phone"] if wide > WIDTH else []
                if tab.evaluate(COLUMN_SCROLLS) > 0:  # held inside the page's column (hromada.css), still unread
                    found.append(f"the page's column scrolls sideways on a {WIDTH} px phone")
                if url.endswith("subscribe/") or url.startswith(("tg/", "subscribe/")):  # axe: every language's
                    found += serious(tab, source)  # Subscribe page, every English and Tajik feed page
                if found:
                    problems[url] = found
            # positive control: without the wrapping rule, a long address is wider than the column
            tab.goto(server.url("tg/subscribe/"), wait_until="load")
            tab.add_style_tag(content=".md-typeset code.hx-address{overflow-wrap:normal;word-break:normal;white-space:nowrap}")
            assert tab.evaluate(COLUMN_SCROLLS) > 0
            browser.close()
    finally:
        server.stop()
    assert not problems, problems
