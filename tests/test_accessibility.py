"""axe-core in Debian's Chromium: no serious or critical violation on a page of
each type in each language, nor with the search panel open with results."""
from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
if not Path(CHROMIUM).is_file() and not os.environ.get("HROMADA_REQUIRE_BROWSER"):
    pytest.skip(f"accessibility tests need Debian's Chromium at {CHROMIUM}", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

from browser_support import SiteServer, run_search  # noqa: E402
from test_browser import LAUNCH_ARGS  # noqa: E402

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parent.parent


def axe_source() -> str:
    """axe-core: from node_modules when npm installed it, else the copy PyPI's axe-playwright-python ships."""
    npm = REPO / "node_modules/axe-core/axe.min.js"
    if npm.is_file():
        return npm.read_text(encoding="utf-8")
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


#: one page of each type; (url path without language prefix)
PAGE_TYPES = {
    "home": "",
    "news listing": "news/",
    "news": "news/numo-sestry-anniversary-forum/",
    "interview": "interviews/oksana-life-after-captivity/",
    "events": "events/",
    "event": "events/occupied-screening-kyiv/",
    "campaign": "campaigns/release-hostages/",
    "organisation": "organizations/najoti-kudakon/",
    "series": "stories/self-help-leaders/",
    "story": "stories/self-help-leaders/gulnora-door-to-door/",
    "category": "categories/advocacy/",
    "subscribe": "subscribe/",
    "page": "about/",
}
LANGS = ("en", "uk", "ru", "tg")


def serious(page, source: str) -> list[str]:
    page.add_script_tag(content=source)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.fixture(scope="module")
def setup(example_site):
    server = SiteServer(example_site).start()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield example_site, server, browser, axe_source()
        browser.close()
    server.stop()


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_type_has_no_serious_violation(setup, lang):
    site, server, browser, source = setup
    prefix = "" if lang == "en" else f"{lang}/"
    checked, problems = 0, {}
    context = browser.new_context()
    page = context.new_page()
    for kind, rel in PAGE_TYPES.items():
        if not (site / prefix / rel / "index.html").is_file():
            continue  # not translated into this language
        page.goto(server.url(prefix + rel), wait_until="load")
        found = serious(page, source)
        if found:
            problems[f"{kind} /{prefix}{rel}"] = found
        checked += 1
    context.close()
    assert checked >= 9, f"only {checked} page types exist in {lang}"
    assert not problems, problems


@pytest.mark.parametrize("lang,query", [("en", "women"), ("uk", "полону"), ("ru", "женщины"), ("tg", "занон")])
def test_search_panel_open_with_results_has_no_serious_violation(setup, lang, query):
    _, server, browser, source = setup
    context = browser.new_context()
    page = context.new_page()
    page.goto(server.url("" if lang == "en" else f"{lang}/"), wait_until="networkidle")
    assert run_search(page, query)
    assert not serious(page, source)
    context.close()
