"""The built example site in a real browser (Debian's Chromium driven by Playwright).

The site is served from 127.0.0.1 by tests/browser_support.SiteServer, which
rewrites the quick-exit link's href in every HTML response to a neutral page
on the same server (the configured neutral site is on the internet, which
tests must never depend on). One browser serves the whole module; every test
gets a fresh browser context (no shared history, cookies or storage).
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from hromada.strings import t

CHROMIUM = "/usr/bin/chromium"
if not Path(CHROMIUM).is_file() and os.environ.get("HROMADA_REQUIRE_BROWSER"):
    raise RuntimeError(f"HROMADA_REQUIRE_BROWSER is set but {CHROMIUM} is missing (apt-get install chromium)")
if not Path(CHROMIUM).is_file():
    pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: pip install -e '.[test]'")

from browser_support import (  # noqa: E402 - after the skips above
    SiteServer,
    english_pages,
    english_story_parts,
    translations,
)

pytestmark = pytest.mark.browser

from browser_support import LAUNCH_ARGS  # noqa: E402,F401 - one list for every browser test
TIMEOUT_MS = 15_000
LOOPBACK = "127.0.0.1"


# --- fixtures -----------------------------------------------------------------
@pytest.fixture(scope="module")
def server(example_site: Path):
    srv = SiteServer(example_site).start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


def _new_context(browser, **options):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    ctx.set_default_timeout(TIMEOUT_MS)
    ctx.set_default_navigation_timeout(TIMEOUT_MS)
    return ctx


@pytest.fixture
def context(browser):
    ctx = _new_context(browser)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


def _goto(page, url: str) -> None:
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: HTTP {response.status if response else 'no response'}"


def _first(urls: list[str], what: str) -> str:
    assert urls, f"the example site has no {what}; the browser tests need one"
    return urls[0]


def _news_item(site: Path) -> str:
    return _first(english_pages(site, "news"), "English news item (news/<slug>/)")


# --- 1. language switcher on a story -------------------------------------------
def _position(page) -> tuple[str, int]:
    """The series position line ('Part N of M · Series') and its part number N."""
    text = page.locator(".hx-series__position").first.inner_text().strip()
    found = re.search(r"\d+", text)
    assert found, f"no part number in the series position line {text!r}"
    return text, int(found.group(0))


def test_language_switcher_goes_to_the_same_story_part(example_site, server, page):
    parts = english_story_parts(example_site)
    assert parts, "the example site has no English story part (stories/<series>/NN-slug/)"
    # the English part translated into most of ru/tg (the last such part, so
    # that a switcher leading to part 1 or the series would be caught)
    story = max(parts, key=lambda u: (len({"ru", "tg"} & set(translations(example_site, u))), u))
    targets = [lang for lang in ("ru", "tg") if lang in translations(example_site, story)]
    assert targets, f"no English story part has a Russian or Tajik version (looked at {parts})"

    for lang in targets:
        _goto(page, server.url(story))
        assert page.get_attribute("html", "lang") == "en"
        en_text, en_part = _position(page)
        assert en_text.startswith(t("en", "part_n_of_m", n=en_part, m=""))

        switcher = page.locator(".md-header .md-select")
        link = switcher.locator(f'.md-select__link[hreflang="{lang}"]')
        assert link.count() == 1, f"{story}: the language switcher has no single link to {lang}"
        # the switcher and <link rel=alternate> in <head> agree on the target
        alternate = page.locator(f'head link[rel="alternate"][hreflang="{lang}"]')
        assert alternate.count() == 1, f"{story}: no <link rel=alternate hreflang={lang}>"
        # (hreflang is absolute on the real site's address, the switcher relative: compare paths)
        assert link.evaluate("a => new URL(a.href).pathname") == alternate.evaluate("l => new URL(l.href).pathname")
        assert alternate.evaluate("l => l.href").startswith("https://hromada.example.org/")

        # Material opens the menu on hover/focus; a click on the hidden link would time out
        switcher.locator("button").hover()
        link.wait_for(state="visible")
        link.click()
        page.wait_for_url(lambda url: url != server.url(story))
        page.wait_for_load_state("load")

        assert urlsplit(page.url).path == f"/{lang}/{story}", "switched to another page, not the same story"
        assert page.get_attribute("html", "lang") == lang
        text, part = _position(page)
        # the same story (the URL above); its number counts the parts published in
        # this language, so a part missing from a translation leaves no gap
        assert 1 <= part <= int(re.findall(r"\d+", text)[1]), f"{lang}: part {part} out of range in {text!r}"
        # localised: 'Часть N из M' / 'Қисми N аз M', not the English line
        assert text.startswith(t(lang, "part_n_of_m", n=part, m="")), f"{lang}: position line not localised: {text!r}"
        # and the switcher on the new page leads back to the English part
        back = page.locator('.md-header .md-select__link[hreflang="en"]')
        assert back.evaluate("a => a.href") == server.url(story)


# --- 2. quick exit replaces the page in the history -------------------------------
def _assert_left_for_good(page, server, site_url: str) -> None:
    page.wait_for_url(server.neutral_url)
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Weather today"
    page.go_back(wait_until="load")
    assert page.url == "about:blank", (
        f"Back after quick exit returned to {page.url}; it must not return to {site_url}"
    )


def test_quick_exit_link_leaves_and_back_does_not_return(example_site, server, page):
    site_url = server.url(_news_item(example_site))
    page.goto("about:blank")
    _goto(page, site_url)
    link = page.locator("a[data-hx-quick-exit]")
    assert link.count() == 1
    assert link.get_attribute("href") == server.neutral_url  # the server's rewrite worked
    link.click()
    _assert_left_for_good(page, server, site_url)


def test_quick_exit_with_escape_twice(example_site, server, page):
    site_url = server.url(_news_item(example_site))
    page.goto("about:blank")
    _goto(page, site_url)
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    _assert_left_for_good(page, server, site_url)


# --- 3. quick exit is first in keyboard order -------------------------------------
@pytest.mark.parametrize("rel", ["", "ru/", "news/"])
def test_quick_exit_is_first_in_tab_order(server, page, rel):
    _goto(page, server.url(rel))
    assert not page.evaluate("document.activeElement.hasAttribute('data-hx-quick-exit')")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const el = document.activeElement;"
        " return {quick: el.hasAttribute('data-hx-quick-exit'), tag: el.tagName, text: el.textContent.trim()}; }"
    )
    assert focused["quick"], f"{rel or '/'}: first Tab focused <{focused['tag']}> {focused['text']!r}, not the quick exit"
    assert focused["tag"] == "A"


# --- 4. readers' browsers contact nobody but the site -----------------------------
def _search_word(site: Path) -> str:
    """A long word from an English news item's heading, so the search finds something."""
    for index in sorted((site / "news").glob("*/index.html")):
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", index.read_text(encoding="utf-8"), re.S)
        words = re.findall(r"[A-Za-z]{6,}", heading.group(1)) if heading else []
        if words:
            return max(words, key=len).lower()
    pytest.fail("no English news heading to search for")


def test_every_request_goes_to_the_site_itself(example_site, server, context, page):
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))

    story = _first(english_story_parts(example_site), "English story part")
    event = _first(english_pages(example_site, "events"), "English event page (events/<slug>/)")
    pages = ["", "uk/", "ru/", "tg/", _news_item(example_site), event, story]
    for rel in pages:
        _goto(page, server.url(rel))
        page.wait_for_load_state("networkidle")

    # search, from the English home page: '/' opens it, type, End
    _goto(page, server.url(""))
    page.locator("body").press("/")
    query = page.locator("input.md-search__input")
    query.wait_for(state="visible")
    word = _search_word(example_site)
    query.press_sequentially(word, delay=20)
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    query.press("End")
    page.wait_for_load_state("networkidle")

    assert any("/pagefind/" in u and u.endswith(".pf_meta") for u in requests), "the search index was never loaded"
    for rel in pages:
        assert server.url(rel) in requests
    outside = [u for u in requests
               if not u.startswith(("data:", "about:", "blob:")) and urlsplit(u).hostname != LOOPBACK]
    assert not outside, "the browser contacted other hosts:\n" + "\n".join(sorted(set(outside)))
    assert server.neutral_url not in requests


# --- 5. the site works without JavaScript ----------------------------------------
def test_reading_news_without_javascript(server, browser):
    ctx = _new_context(browser, java_script_enabled=False)
    try:
        page = ctx.new_page()
        _goto(page, server.url(""))
        # Playwright can still look, but the page's own scripts did not run
        assert page.evaluate("() => typeof window.__md_get") == "undefined"

        # home -> news listing, by the link under "Latest news"
        page.locator(".md-content a[href='news/']").first.click()
        page.wait_for_url(server.url("news/"))
        page.wait_for_load_state("load")
        assert page.locator(".md-content h1").first.inner_text().strip() == t("en", "news")

        # listing -> first news item
        card = page.locator(".md-content .hx-card__title a").first
        title = card.inner_text().strip()
        href = card.evaluate("a => a.href")
        card.click()
        page.wait_for_url(href)
        page.wait_for_load_state("load")
        heading = page.locator(".md-content h1").first
        assert heading.is_visible()
        assert heading.inner_text().strip() == title

        quick = page.locator("[data-hx-quick-exit]")
        assert quick.count() == 1
        assert quick.is_visible()
        assert quick.evaluate("el => el.tagName") == "A"
        assert quick.get_attribute("href") == server.neutral_url
        assert quick.inner_text().strip() == t("en", "quick_exit")
        # without the script it is still a working plain link
        quick.click()
        page.wait_for_url(server.neutral_url)
    finally:
        ctx.close()


def test_language_switcher_works_without_javascript(example_site, server, browser):
    ctx = _new_context(browser, java_script_enabled=False)
    try:
        page = ctx.new_page()
        story = "stories/self-help-leaders/gulnora-door-to-door/"
        _goto(page, server.url(story))
        assert page.evaluate("document.documentElement.className").split() == ["no-js"]
        page.locator(".md-select").hover()  # CSS alone opens the list
        link = page.locator(".md-select__link[hreflang=tg]")
        link.wait_for(state="visible")
        link.click()
        page.wait_for_url(server.url("tg/" + story))
        assert page.evaluate("document.documentElement.lang") == "tg"
        # keyboard users reach it too: the list opens on focus
        page.locator(".md-select button").focus()
        assert page.locator(".md-select__link[hreflang=en]").is_visible()
    finally:
        ctx.close()


def test_notes_taken_out_are_exactly_what_chromium_hides(page):
    """html_tokens.without_notes against a browser's own tokenizer: on random HTML made of the
    pieces of every comment form, what it leaves has no comment left and shows readers exactly
    the text the original showed (nothing hidden kept, nothing shown taken away, no new tag made)."""
    import random

    from hromada.html_tokens import without_notes

    pieces = ["<", ">", "!", "?", "/", "-", "--", "<!--", "-->", "--!>", "<?", "</", "<!", "[CDATA[", "]]>", "a", "b",
              " ", "p", "<p>", "</p>", "<span title='", "'", '"', "=", "x", "3", "DOCTYPE", "<b>", "</b>", "\n", "&lt;"]
    rnd = random.Random(6)
    cases = ["<?note lives in Hostomel ?>", "<![CDATA[ x ]]>", "a <<?x?>b", "<!NOTE x>", "</ x >"]
    cases += ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 14))) for _ in range(3000)]
    seen = page.evaluate("""cases => cases.map(([written, kept]) => {
        const a = document.createElement('div'); a.innerHTML = written;
        const b = document.createElement('div'); b.innerHTML = kept;
        const walk = document.createTreeWalker(b, NodeFilter.SHOW_COMMENT);
        let comments = 0; while (walk.nextNode()) comments++;
        return [a.textContent === b.textContent, comments];
    })""", [[c, without_notes(c)] for c in cases])
    wrong = [(c, s) for c, s in zip(cases, seen) if s != [True, 0]]
    assert wrong == [], wrong[:5]
    assert without_notes(cases[0]) == ""  # control: the notes were there to take out
