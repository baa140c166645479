"""A publication, not a docs site (issue 11, points 1, 2 and 5), checked on built output.

The home page has a lead story and sections of cards; a card shows a picture
only when the item's own language version declares it (and so only while the
item is published); articles have no docs menu or table of contents, and end
with calls to action and related publications; every page has the action link,
the footer and a language switcher that marks the current language; each
language's not-found page leads home and to search. The layout is drawn by the
partials in overrides/partials/hromada/, configured in mkdocs.yml.
"""
from __future__ import annotations

import io
import posixpath
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from PIL import Image

from conftest import NOW, REPO, all_output_text
from hromada import derivatives
from hromada.strings import t
from test_site import LANGS, PREFIX, SITE_URL, front_matter, html_pages, parse, resolve

CARD = re.compile(r'<article class="hx-card[^"]*" lang="(\w+)">(.*?)</article>', re.S)
LEAD = re.compile(r'<article class="hx-lead[^"]*" lang="(\w+)"[^>]*>(.*?)</article>', re.S)
HREF = re.compile(r'<h[23] class="hx-(?:card|lead)__title"><a href="([^"]+)">')
IMG = re.compile(r'<img src="([^"]+)"')
CONFIG = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python/object/apply:pymdownx.slugs.slugify", ""))
SETTINGS = CONFIG["extra"]["hromada"]


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def cards(html: str, pattern: re.Pattern = CARD) -> list[tuple[str, str, str | None]]:
    """(language, link, picture src or None) of every card."""
    out = []
    for lang, inner in pattern.findall(html):
        href = HREF.search(inner).group(1)
        img = IMG.search(inner)
        out.append((lang, href, img.group(1) if img else None))
    return out


def source_of(site: Path, page: Path) -> Path:
    """The Markdown file a built item page came from (docs/ or stories/, with its language suffix)."""
    parts = page.parent.relative_to(site).parts
    lang = parts[0] if parts[0] in ("uk", "ru", "tg") else "en"
    parts = parts[1:] if lang != "en" else parts
    suffix = "" if lang == "en" else f".{lang}"
    if parts[0] == "stories":  # a part's address leaves out its number (content.public_src_uri)
        if len(parts) == 2:
            return REPO.joinpath(*parts, f"index{suffix}.md")
        return next(REPO.joinpath(*parts[:2]).glob(f"[0-9]*-{parts[2]}{suffix}.md"))
    return REPO.joinpath("docs", *parts[:-1], f"{parts[-1]}{suffix}.md")


def first_declared_image(source: Path) -> str | None:
    """Site path of the first image the file itself declares in `media`, or None."""
    base = REPO if source.is_relative_to(REPO / "stories") else REPO / "docs"
    for ref in front_matter(source).get("media") or []:
        if Path(ref["file"]).suffix.lower() in (".jpg", ".jpeg", ".png", ".webp", ".gif"):
            return posixpath.normpath(posixpath.join(source.parent.relative_to(base).as_posix(), ref["file"]))
    return None


def pages_of(site: Path, lang: str) -> list[Path]:
    """Every page of a language tree (listings, home, articles with related cards)."""
    root = site / PREFIX[lang]
    return [p for p in root.rglob("index.html") if lang != "en" or p.relative_to(site).parts[0] not in ("uk", "ru", "tg")]


# --- home ---------------------------------------------------------------------
def test_home_has_a_lead_story_then_sections_of_cards(example_site):
    for lang in LANGS:
        home = text(example_site / PREFIX[lang] / "index.html")
        leads = cards(home, LEAD)
        assert len(leads) == 1, lang
        lead_lang, lead_href, lead_img = leads[0]
        assert lead_lang == lang and (example_site / PREFIX[lang] / lead_href / "index.html").is_file()
        positions = [home.index(f'id="{anchor}"') for anchor in ("news", "stories", "campaigns", "events")]
        assert home.index("hx-lead") < positions[0] and positions == sorted(positions), lang
        for key in ("latest_news", "latest_stories", "current_campaigns", "upcoming_events"):
            assert f">{t(lang, key)}</h2>" in home, (lang, key)
        listed = cards(home)
        assert len(listed) >= 4 and {c[0] for c in listed} == {lang}, lang
        assert lead_href not in [href for _, href, _ in listed], f"{lang}: the lead is repeated in a section"
        # the home page has a description of its own
        assert re.search(r'<meta name="description" content="[^"]+">', home)
    # interviews have a section of their own (content.md: news, interviews, campaigns, series on
    # the home page), after the news, where the language has any besides the lead
    en = text(example_site / "index.html")
    section = en[en.index('id="interviews"'):]
    section = section[:section.index("</section>")]
    assert en.index('id="news"') < en.index('id="interviews"') < en.index('id="stories"')
    hrefs = [href for _, href, _ in cards(section)]
    assert hrefs and all("interviews/" in href for href in hrefs), hrefs
    assert f">{t('en', 'all_interviews')} <" in section
    # English: the newest publications include a picture, so the lead has one, loaded at once
    assert cards(en, LEAD)[0][2] is not None
    assert 'fetchpriority="high"' in en and re.search(r'hx-card__picture">(?:<picture>\s*(?:<source [^>]*>\s*)*)?<img [^>]*loading="lazy"', en)


def test_thumbnails_only_for_the_first_image_the_item_itself_declares(example_site):
    shown = checked = text_only = 0
    for lang in LANGS:
        for page in pages_of(example_site, lang):
            html = text(page)
            if "hx-cards--text" in html:  # a feed's page lists its latest items as text (feed_pages.py)
                assert "/subscribe/" in "/" + page.relative_to(example_site).as_posix()
                assert all(img is None for _, _, img in cards(html)), page
                text_only += 1
                continue
            for card_lang, href, img in cards(html) + cards(html, LEAD):
                target = resolve(example_site, page, href)
                assert target is not None and target.is_file(), (page, href)
                assert card_lang == lang == parse(target).html_lang, (page, href)
                expected = first_declared_image(source_of(example_site, target))
                if img is None:
                    assert expected is None, (page, href, expected)
                    continue
                picture = resolve(example_site, page, img)
                assert picture is not None and picture.is_file(), (page, img)
                shown_file = picture.relative_to(example_site).as_posix()  # the picture, or a smaller copy of it
                assert (derivatives.original_of(shown_file) or shown_file) == expected, (page, href, img, expected)
                shown += 1
                checked += 1
            checked += 1
    assert checked > 200 and shown > 20 and text_only > 10


def test_cards_say_date_and_organisation(example_site):
    html = text(example_site / "news/index.html")
    first = CARD.search(html).group(2)
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\d">', first)
    assert 'class="hx-card__org"' in first and 'class="hx-card__summary"' in first


# --- articles -------------------------------------------------------------------
ARTICLES = ["news/numo-sestry-anniversary-forum/", "interviews/oksana-life-after-captivity/",
            "events/occupied-screening-kyiv/", "campaigns/release-hostages/",
            "stories/self-help-leaders/gulnora-door-to-door/", "about/", "news/"]


@pytest.mark.parametrize("rel", ARTICLES)
def test_no_docs_menu_or_table_of_contents(example_site, rel):
    html = text(example_site / rel / "index.html")
    assert "md-sidebar--secondary" not in html and "md-nav--secondary" not in html
    assert "Table of contents" not in html
    # the one primary sidebar is the phone's menu drawer: sections and pages, no headings of this page
    assert html.count("md-sidebar--primary") == 1 and "hx-drawer" in html
    drawer = html[html.index("hx-drawer"):html.index("</nav>", html.index("hx-drawer"))]
    assert 'href="#' not in drawer and "md-nav__link" in drawer
    # a bar of sections for wide screens
    assert 'class="md-tabs hx-sections"' in html


def test_article_has_byline_lead_picture_with_caption_and_ends_with_action_and_related(example_site):
    html = text(example_site / "campaigns/release-hostages/index.html")
    fm = front_matter(REPO / "docs/campaigns/release-hostages.md")
    body = html[html.index("<h1"):]
    byline = body[body.index('class="hx-byline"'):body.index("</div>", body.index('class="hx-byline"'))]
    assert '<time datetime="2023-09-20">' in byline and 'href="../../organizations/mihr/"' in byline
    figure = re.search(r'<figure class="hx-figure hx-figure--lead">\s*(?:<picture>\s*(?:<source [^>]*>\s*)*)?<img [^>]*src="([^"]+)"[^>]*>\s*(?:</picture>\s*)?<figcaption>([^<]+)</figcaption>', body)
    assert figure and figure.group(2) == "An illustration of stacked envelopes with blue and yellow stamps"
    assert body.index("hx-figure--lead") < body.index("Russia holds Ukrainian civilians")  # the lead comes first
    end = body.index('class="hx-end"')
    assert end > body.index("Every voice makes it harder")  # the call to action ends the text
    buttons = re.findall(r'<a class="md-button[^"]*" href="([^"]+)">([^<]+)</a>', body[end:])
    assert [label for _, label in buttons][:3] == [a["label"] for a in fm["call_to_action"]]
    assert buttons[2][0] == "mailto:letters@example.org"
    related = body.index('id="related"')
    assert related > end and len(cards(body[related:])) >= 3
    # a news item without calls to action ends with who published it and the site's action
    news = text(example_site / "news/numo-sestry-anniversary-forum/index.html")
    end_box = news[news.index('class="hx-end"'):]
    assert t("en", "published_by") in end_box and 'href="../../organizations/numo-sestry/"' in end_box
    assert f'href="{SETTINGS["action"]["url"]}"' in end_box


def test_event_box_drawn_by_its_template(example_site):
    past = text(example_site / "events/numo-sestry-anniversary-forum/index.html")
    upcoming = text(example_site / "events/occupied-screening-kyiv/index.html")
    assert 'class="hx-event" data-hx-ended' in past and t("en", "event_ended") in past
    assert t("en", "add_to_calendar") not in past and 'href="event.ics"' not in past
    assert 'class="hx-event">' in upcoming and 'href="event.ics"' in upcoming


# --- around every page ----------------------------------------------------------
def test_action_link_footer_and_switcher_on_every_page(example_site):
    labels = SETTINGS["action"]["label"]
    checked = 0
    for page in html_pages(example_site):
        rel = page.relative_to(example_site).as_posix()
        if rel.startswith(("pagefind/", "assets/")):
            continue
        html = text(page)
        lang = parse(page).html_lang
        # the lasting action link, in the page's language
        assert f'<a class="hx-action" href="{SETTINGS["action"]["url"]}">{labels[lang]}</a>' in html, rel
        # the footer: organisations, the site's pages (privacy, staying safe online), contact
        footer = html[html.index('<footer class="md-footer hx-footer">'):]
        links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', footer)
        targets = {}
        for href, label in links:
            target = resolve(example_site, page, href)
            if target is not None:
                assert target.is_file(), (rel, href)
                targets[target.relative_to(example_site).as_posix()] = label
        prefix = PREFIX[lang]
        for key in SETTINGS["footer"]["pages"]:
            assert f"{prefix}{key[:-3]}/index.html" in targets, (rel, key)
        orgs = {f"{prefix}organizations/{d.name}/index.html" for d in (example_site / prefix / "organizations").iterdir()
                if d.is_dir() and d.name != "page"}
        assert orgs and orgs == {x for x in targets if x.startswith(f"{prefix}organizations/")}, rel
        assert 'href="mailto:hello@example.org"' in footer
        # the switcher names languages in words and marks the current one
        current = re.findall(r'<a href="[^"]*" hreflang="(\w+)" lang="\w+" class="md-select__link[^"]*" aria-current="page">\s*([^<]+?)\s*</a>', html)
        assert current == [(lang, t(lang, "language_name"))], rel
        checked += 1
    assert checked > 150


def test_privacy_and_safety_pages_in_every_language(example_site):
    for lang in LANGS:
        for slug in ("privacy", "safety"):
            page = example_site / PREFIX[lang] / slug / "index.html"
            assert page.is_file() and parse(page).html_lang == lang, (lang, slug)
    safety = text(example_site / "safety/index.html")
    assert "Esc" in safety and "Tor Browser" in safety


def test_not_found_page_per_language_leads_home_and_to_search(example_site):
    for lang in LANGS:
        page = example_site / PREFIX[lang] / "404.html"
        html = text(page)
        assert f"<h1>{t(lang, 'not_found_title')}</h1>" in html and f"<title>{t(lang, 'not_found_title')} – " in html
        home = re.search(r'<a class="md-button md-button--primary" href="([^"]+)" data-hx-home>([^<]+)</a>', html)
        assert home and home.group(2) == t(lang, "go_home")
        # absolute, as 404 pages are served at any depth: the language's home page
        assert home.group(1).startswith("/") and urljoin("http://h/x/y/z", home.group(1)) == f"http://h/{PREFIX[lang]}"
        search = re.search(r'<a class="md-button" href="#search" data-hx-open-search>([^<]+)</a>', html)
        assert search and search.group(1) == t(lang, "search_site")
        assert parse(page).html_lang == lang


def test_colours_from_settings(example_site):
    html = text(example_site / "index.html")
    assert f"--md-primary-fg-color:{SETTINGS['colors']['primary']};" in html
    assert "hromada/logo" not in html and "<svg" in html[html.index('class="md-header__button md-logo"'):][:400]


# --- consent reaches the layout ---------------------------------------------------
def jpeg(colour=(200, 120, 40)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (60, 40), colour).save(buf, "JPEG")
    return buf.getvalue()


def person_story(project):
    project.person("P-0001")
    (project.root / "docs/news/img").mkdir(parents=True, exist_ok=True)
    (project.root / "docs/news/img/canarypicturezq.jpg").write_bytes(jpeg())
    project.write("docs/news/anna.md", """\
        ---
        title: Canarytitlezq at work
        date: 2026-11-01
        summary: A story.
        people: [P-0001]
        organization: numo-sestry
        media:
          - {file: img/canarypicturezq.jpg, depicts: [P-0001], faces: blurred, location_visible: false}
        ---
        ![Anna's workshop](img/canarypicturezq.jpg)

        Her story.
        """)
    project.write("docs/news/other.md", "---\ntitle: Other news\ndate: 2026-10-01\nsummary: s\npeople: none\n"
                                        "organization: numo-sestry\n---\nBody.\n")


def test_withdrawn_persons_item_and_thumbnail_vanish_from_home_and_listings(project):
    person_story(project)
    first = project.build()
    assert first.returncode == 0, first.output
    home, listing = text(first.site / "index.html"), text(first.site / "news/index.html")
    org = text(first.site / "organizations/numo-sestry/index.html")
    for html in (home, listing, org):  # positive control: shown with its picture while consent holds
        assert "Canarytitlezq" in html and "canarypicturezq.jpg" in html
    assert ("news/anna/", "news/img/canarypicturezq.jpg") in [(h, i) for _, h, i in cards(home, LEAD)]

    project.person("P-0001", consent={"status": "withdrawn", "withdrawn": "2026-11-20"})
    second = project.build()
    assert second.returncode == 0, second.output
    leaks = [rel for rel, body in all_output_text(second.site).items()
             if "canarytitlezq" in body.lower() or "canarypicturezq" in body.lower() or "canarypicturezq" in rel]
    assert leaks == []
    assert "Other news" in text(second.site / "index.html")  # the rest of the home page is still there
    assert not (second.site / "news/img/canarypicturezq.jpg").exists()


def test_item_in_a_language_without_consent_has_no_card_there(project):
    person_story(project)
    project.person("P-0001", scope={"languages": ["en"]})
    project.write("docs/news/anna.uk.md", text(project.root / "docs/news/anna.md").replace("Canarytitlezq at work", "Canarytitlezq за роботою"))
    result = project.build()
    assert result.returncode == 0, result.output
    assert "canarypicturezq.jpg" in text(result.site / "index.html")  # control
    for rel in ("uk/index.html", "uk/news/index.html"):
        assert "Canarytitlezq" not in text(result.site / rel) and "canarypicturezq" not in text(result.site / rel), rel


# --- settings ----------------------------------------------------------------------
@pytest.mark.parametrize("setting,key,expected", [
    ("action: {label: {uk: Підтримати}, url: 'https://example.org/'}", "extra.hromada.action.label", "English required"),
    ("action: {label: {en: Donate}, url: 'javascript:alert(1)'}", "extra.hromada.action.url", "an absolute http(s) URL"),
    ("footer: {pages: privacy.md}", "extra.hromada.footer.pages", "a list of pages in docs/"),
    ("footer: {contact: 'mailto:nobody'}", "extra.hromada.footer.contact", "a mail address"),
    ("colors: {primary: red}", "extra.hromada.colors.primary", "a colour written #rrggbb"),
    ("navigation: 'yes'", "extra.hromada.navigation", "true or false"),
])
def test_look_settings_are_checked_one_line_each(project, setting, key, expected):
    cfg = project.root / "mkdocs.yml"
    lines = [line for line in text(cfg).splitlines() if not line.startswith(("    colors:", "    navigation:"))]
    body = "\n".join(lines)
    for name in ("action", "footer"):  # drop the example's own block
        body = re.sub(rf"\n    {name}:[^\n]*\n(?:      .*\n)+", "\n", body + "\n")
    cfg.write_text(body.replace("    timezone: Europe/Kyiv", f"    timezone: Europe/Kyiv\n    {setting}"), encoding="utf-8")
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.output, result.output
    assert any(line.strip().startswith(f"mkdocs.yml: {key}: ") and expected in line for line in result.output.splitlines()), result.output


def test_navigation_setting_brings_back_the_docs_menu(project):
    cfg = project.root / "mkdocs.yml"
    cfg.write_text(text(cfg).replace("navigation: false", "navigation: true"), encoding="utf-8")
    project.write("docs/about.md", "---\ntitle: About\npeople: none\n---\n## One\n\nText.\n\n## Two\n\nText.\n")
    result = project.build()
    assert result.returncode == 0, result.output
    html = text(result.site / "about/index.html")
    assert "md-sidebar--secondary" in html and "hx-drawer" not in html


def test_missing_footer_page_is_left_out_and_reported(project):
    result = project.build()  # the example's mkdocs.yml names about, privacy and safety; this project has none
    assert result.returncode == 0, result.output
    footer = text(result.site / "index.html").split('<footer class="md-footer hx-footer">')[1]
    assert "privacy/" not in footer and "organizations/numo-sestry/" in footer
    report = text(project.root / "reports/build-report.md")
    assert "extra.hromada.footer.pages[1]: a published page in docs/ (found 'privacy.md')" in report


# --- in a browser ----------------------------------------------------------------
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")
    from test_browser import LAUNCH_ARGS

    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def server(example_site):
    from browser_support import SiteServer

    srv = SiteServer(example_site).start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.mark.browser
def test_not_found_search_link_opens_search_and_hides_without_javascript(browser, server):
    for js in (True, False):
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                      java_script_enabled=js)
        tab = context.new_page()
        tab.goto(server.url("uk/404.html"), wait_until="load")
        link = tab.locator("[data-hx-open-search]")
        if js:
            link.tap()
            tab.wait_for_function("document.getElementById('__search').checked")
            assert tab.evaluate("document.activeElement.hasAttribute('data-hx-search-input')")
        else:
            assert not link.is_visible()  # no search without JavaScript: no dead link
            tab.locator("[data-hx-home]").tap()
            tab.wait_for_url(server.url("uk/"))
            assert tab.evaluate("document.documentElement.lang") == "uk"
        context.close()


@pytest.mark.browser
def test_phone_menu_leads_to_the_sections_without_javascript(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  java_script_enabled=False)
    tab = context.new_page()
    tab.goto(server.url("ru/"), wait_until="load")
    assert not tab.locator(".hx-sections").is_visible()  # the bar is for wide screens
    tab.locator(".md-header label.md-header__button[for=__drawer]").tap()
    link = tab.locator(f'.hx-drawer a.md-nav__link:has-text("{t("ru", "events")}")')
    link.wait_for(state="visible")
    tab.wait_for_timeout(300)  # the drawer slides in
    link.tap()
    tab.wait_for_url(server.url("ru/events/"))
    current = tab.locator('.hx-drawer [aria-current="page"]')
    assert current.count() == 1 and t("ru", "events") in current.inner_text()
    context.close()


def test_the_home_page_has_no_empty_interviews_section(project):
    """A language without interviews gets no "Interviews" heading over nothing (the other
    sections say that nothing is there yet: they are the site's regular parts)."""
    project.write("docs/news/good.md", "---\ntitle: Good news\ndate: 2025-05-16\nsummary: S.\npeople: none\n---\nBody.\n")
    project.write("docs/interviews/talk.uk.md", "---\ntitle: Розмова\ndate: 2025-05-10\nsummary: S.\npeople: none\n---\nТекст.\n")
    project.write("docs/interviews/older.uk.md", "---\ntitle: Давня розмова\ndate: 2025-01-10\nsummary: S.\npeople: none\n---\nТекст.\n")
    result = project.build()
    assert result.returncode == 0, result.output
    assert 'id="news"' in text(result.site / "index.html") and 'id="interviews"' not in text(result.site / "index.html")
    assert 'id="interviews"' in text(result.site / "uk/index.html")  # positive control: one besides the lead
