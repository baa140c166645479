"""Search in the reader's own language, for kilobytes: Pagefind in Material's header."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import all_output_text

CHROMIUM = "/usr/bin/chromium"
if not Path(CHROMIUM).is_file() and not os.environ.get("HROMADA_REQUIRE_BROWSER"):
    pytest.skip(f"search tests need Debian's Chromium at {CHROMIUM}", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

from browser_support import SiteServer, Transfer, run_search  # noqa: E402
from test_browser import LAUNCH_ARGS  # noqa: E402

pytestmark = pytest.mark.browser
KB = 1024
BUDGET_PAGE, BUDGET_FIRST_SEARCH, BUDGET_NEXT_QUERY = 100 * KB, 300 * KB, 60 * KB


@pytest.fixture(scope="module")
def gz_server(example_site):
    srv = SiteServer(example_site, compress=True).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


def test_ukrainian_query_on_ukrainian_page_finds_only_ukrainian_pages_within_budget(example_site, gz_server, browser):
    context = browser.new_context()
    page = context.new_page()
    transfer = Transfer(context, page)
    page.goto(gz_server.url("uk/stories/sisters-voices/01-halyna-first-day-at-work/"), wait_until="networkidle")
    page_bytes, loaded = transfer.since_mark(images=False)
    assert not [u for u, _, _ in loaded if "pagefind" in u or "sitemap" in u], "search data fetched on page view"
    assert page_bytes <= BUDGET_PAGE, f"story page costs {page_bytes} bytes"

    links = run_search(page, "полон")  # 'captivity', a word in many Ukrainian pages
    first_bytes, _ = transfer.since_mark()
    assert links and all(urlpath(u).startswith("/uk/") for u in links), links
    assert first_bytes <= BUDGET_FIRST_SEARCH, f"first search costs {first_bytes} bytes"

    links = run_search(page, "звільнення")
    next_bytes, _ = transfer.since_mark()
    assert links and all(urlpath(u).startswith("/uk/") for u in links), links
    assert next_bytes <= BUDGET_NEXT_QUERY, f"a further query costs {next_bytes} bytes"
    context.close()


def urlpath(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.mark.parametrize("lang,query,expected", [
    ("tg", "гурӯҳ", "tg/"),          # Tajik word with ӯ and ҳ
    ("ru", "женщин", "ru/"),
    ("en", "hostages", ""),
])
def test_each_language_searches_its_own_pages(gz_server, browser, lang, query, expected):
    context = browser.new_context()
    page = context.new_page()
    page.goto(gz_server.url(f"{lang}/" if lang != "en" else ""), wait_until="networkidle")
    links = run_search(page, query)
    paths = [urlpath(u) for u in links]
    assert paths
    for path in paths:
        first = path.strip("/").split("/", 1)[0]
        assert (first == lang) if lang != "en" else first not in ("uk", "ru", "tg"), path
    context.close()


def test_search_results_are_real_links_in_materials_panel(gz_server, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(gz_server.url("uk/"), wait_until="networkidle")
    links = run_search(page, "полон")
    first = page.locator(".md-search-result__link").first
    assert first.is_visible()
    assert page.locator(".md-search-result__article h1").first.inner_text().strip()
    assert page.locator(".md-search-result__meta").inner_text().strip()
    first.click()
    page.wait_for_url(links[0])
    assert page.evaluate("document.documentElement.lang") == "uk"
    context.close()


def test_index_holds_only_searchable_article_text(example_site):
    """Listings, menus and pages without the search channel are not in the index."""
    index = {p: t for p, t in all_output_text(example_site).items() if p.startswith("pagefind/")}
    text = "\n".join(index.values())
    assert '"url":"/uk/stories/sisters-voices/01-halyna-first-day-at-work/"' in text  # positive control
    # P-0202 (02-mehrinisso-sewing-room) did not consent to search
    assert "02-mehrinisso-sewing-room" not in text
    # generated listings and the Subscribe page are not indexed
    assert '"url":"/news/"' not in text and '"url":"/uk/subscribe/"' not in text
    # listing blocks inside pages (home sections) are not part of a page's text
    assert "Latest news" not in text


def shown(page, query: str) -> tuple[str, list[str]]:
    """Type a query; return the result count line and the highlighted words."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator("body").press("/")
    box.fill(query)
    page.wait_for_function(
        "q => document.querySelector('[data-hx-search-results]').getAttribute('data-hx-query') === q",
        arg=query, timeout=15000)
    marks = page.eval_on_selector_all(".md-search-result__article mark", "els => els.map(e => e.textContent.toLowerCase())")
    return page.locator("[data-hx-search-meta]").inner_text(), marks


@pytest.mark.parametrize("lang,query,stem", [
    ("uk", "жінками", "жінк"),        # instrumental plural finds жінки, жінок, жінкам
    ("uk", "заручниками", "заручник"),  # not the preposition "за" Pagefind alone falls back to
    ("uk", "сестрами", "сестр"),
    ("tg", "занониро", "занон"),      # object marker -ро stripped
    ("tg", "зӯроварӣ", "зӯровар"),
])
def test_inflected_words_find_their_stem_not_a_shorter_unrelated_word(gz_server, browser, lang, query, stem):
    context = browser.new_context()
    page = context.new_page()
    page.goto(gz_server.url(f"{lang}/"), wait_until="networkidle")
    meta, marks = shown(page, query)
    assert marks, meta
    assert all(word.strip(".,;:!?«»\"") .startswith(stem) for word in marks), marks
    context.close()


def test_a_word_with_no_match_gives_no_results_instead_of_a_two_letter_prefix(gz_server, browser):
    # Pagefind alone answers "домівками" with every "до" ("to") in the index
    context = browser.new_context()
    page = context.new_page()
    page.goto(gz_server.url("uk/"), wait_until="networkidle")
    meta, marks = shown(page, "домівками")
    assert marks == [] and page.locator(".md-search-result__item").count() == 0
    meta_ok, marks_ok = shown(page, "полону")  # positive control in the same session
    assert marks_ok
    context.close()
