"""The example site, built once, checked from its output files (issue: the hub itself)."""
from __future__ import annotations

import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlparse

import pytest
import yaml

from hromada.strings import utc_offset
from conftest import NOW, REPO, all_output_text

LANGS = ("en", "uk", "ru", "tg")
PREFIX = {"en": "", "uk": "uk/", "ru": "ru/", "tg": "tg/"}
NOW_DT = datetime.fromisoformat(NOW)


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1])


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


SITE_URL = "https://hromada.example.org/"


def resolve(site: Path, page: Path, href: str) -> Path | None:
    """The output file a relative link from `page` points to (None for external links)."""
    rel_page = "/" + page.relative_to(site).as_posix()
    if href.startswith(SITE_URL):  # hreflang and canonical links are absolute
        href = "/" + href[len(SITE_URL):]
    target = urlparse(urljoin(rel_page, href))
    if target.scheme or target.netloc:
        return None
    path = site / target.path.lstrip("/")
    return path / "index.html" if target.path.endswith("/") or path.is_dir() else path


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.alternates: list[tuple[str, str]] = []
        self.switcher: list[tuple[str, str]] = []
        self.anchors: list[dict] = []
        self.html_lang = None
        self.first_body_child = None
        self._in_body = False
        self.times: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag == "body":
            self._in_body = True
            return
        if self._in_body and self.first_body_child is None:
            self.first_body_child = (tag, a)
        if tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.alternates.append((a["hreflang"], a["href"]))
        if tag == "a":
            self.anchors.append(a)
            if "md-select__link" in (a.get("class") or ""):
                self.switcher.append((a.get("hreflang"), a["href"]))
        if tag == "time":
            self.times.append(a.get("datetime"))


def parse(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_four_language_trees_with_html_lang(example_site):
    for lang in LANGS:
        home = example_site / PREFIX[lang] / "index.html"
        assert home.is_file(), lang
        assert parse(home).html_lang == lang
        for section in ("news", "interviews", "events", "campaigns", "stories", "organizations", "categories"):
            page = example_site / PREFIX[lang] / section / "index.html"
            assert page.is_file(), f"{lang} {section} listing missing"
            assert parse(page).html_lang == lang


def test_tajik_interface_strings(example_site):
    partial = (REPO / "overrides/partials/languages/tg.html").read_text(encoding="utf-8")
    placeholder = re.search(r'"search\.placeholder": "([^"]+)"', partial).group(1)
    strings = yaml.safe_load((REPO / "hromada/strings.yml").read_text(encoding="utf-8"))
    tg_home = (example_site / "tg/index.html").read_text(encoding="utf-8")
    en_home = (example_site / "index.html").read_text(encoding="utf-8")
    assert placeholder in tg_home and placeholder not in en_home
    assert strings["quick_exit"]["tg"] in tg_home
    assert strings["latest_news"]["tg"] in tg_home
    # Tajik month names in lower case and the izofat form (Babel gives "Ноябр"), not English ones
    assert re.search(r"<time datetime=\"2026-11-\d\d\">\d+ ноябри 2026</time>", (example_site / "tg/news/index.html").read_text())


def _listing_dates(page: Path) -> list[str]:
    return [t for t in parse(page).times if t]


@pytest.mark.parametrize("section", ["news", "interviews", "campaigns"])
def test_section_listings_newest_first_and_only_their_language(example_site, section):
    for lang in LANGS:
        page = example_site / PREFIX[lang] / section / "index.html"
        dates = _listing_dates(page)
        assert dates == sorted(dates, reverse=True), (lang, section)
        text = page.read_text(encoding="utf-8")
        cards = re.findall(r'<article class="hx-card[^"]*" lang="(\w+)"', text)
        assert set(cards) <= {lang}, f"{lang} {section} lists another language's items"
    # every published item of the section is listed in English
    items = {p.stem for p in (REPO / "docs" / section).glob("*.md") if p.suffixes == [".md"]}
    listed = (example_site / section / "index.html").read_text(encoding="utf-8")
    for stem in items:
        built = (example_site / section / stem / "index.html").is_file()
        assert (f'href="../{section}/{stem}/"' in listed or f'href="{stem}/"' in listed) == built, stem


def test_category_and_organization_pages_list_their_items(example_site):
    page = example_site / "categories/prisoners-of-war/index.html"
    text = page.read_text(encoding="utf-8")
    expected = [p for p in (REPO / "docs").rglob("*.md") if p.suffixes == [".md"]
                and p.parent.name in ("news", "interviews", "events", "campaigns")
                and "prisoners-of-war" in (front_matter(p).get("categories") or [])]
    assert expected, "example content has prisoners-of-war items"
    for p in expected:
        built = example_site / p.parent.relative_to(REPO / "docs") / p.stem / "index.html"
        assert (f"/{p.stem}/" in text) == built.is_file(), p
    org = (example_site / "organizations/najoti-kudakon/index.html").read_text(encoding="utf-8")
    assert "self-help-leaders" in org  # the series and its parts are the organisation's publications


def test_events_split_into_upcoming_and_past(example_site):
    upcoming, past = set(), set()
    for path in (REPO / "docs/events").glob("*.md"):
        if path.suffixes != [".md"]:
            continue
        fm = front_matter(path)
        end = fm.get("end") or fm["start"]
        end = end if isinstance(end, datetime) else datetime.fromisoformat(str(end))
        if (example_site / "events" / path.stem / "index.html").is_file():
            (upcoming if end >= NOW_DT else past).add(path.stem)
    assert upcoming and past, "example content has upcoming and past events"
    text = (example_site / "events/index.html").read_text(encoding="utf-8")
    past_at = text.index('id="past"')
    for stem in upcoming:
        assert text.index(f"{stem}/") < past_at, f"{stem} should be upcoming"
    for stem in past:
        assert text.index(f"{stem}/") > past_at, f"{stem} should be past"
    # the event page shows its time in the event's zone, with a machine-readable datetime
    stem = sorted(upcoming)[0]
    fm = front_matter(REPO / "docs/events" / f"{stem}.md")
    event_page = (example_site / "events" / stem / "index.html").read_text(encoding="utf-8")
    start = fm["start"] if isinstance(fm["start"], datetime) else datetime.fromisoformat(str(fm["start"]))
    assert f'datetime="{start.isoformat()}"' in event_page
    from zoneinfo import ZoneInfo
    local = start.astimezone(ZoneInfo(fm["timezone"]))
    assert local.strftime("%H:%M") in event_page
    city = fm["timezone"].rsplit("/", 1)[-1]  # "Kyiv time, UTC+2" as readers say it, not "Europe/Kyiv"
    assert f"Times are local time in {city} ({utc_offset(start, fm['timezone'])})" in event_page
    assert fm["timezone"] not in event_page


def test_series_parts_in_order_with_prev_next(example_site):
    series_dir = REPO / "stories/self-help-leaders"
    parts = sorted(p for p in series_dir.glob("[0-9][0-9]-*.md") if p.suffixes == [".md"])
    # (a part is published without its number: 03-shahnoza-bakery.md at shahnoza-bakery/)
    built = [p.stem.split("-", 1)[1] for p in parts
             if (example_site / "stories/self-help-leaders" / p.stem.split("-", 1)[1] / "index.html").is_file()]
    assert len(built) >= 2
    series_page = (example_site / "stories/self-help-leaders/index.html").read_text(encoding="utf-8")
    positions = [series_page.index(f"{stem}/") for stem in built]
    assert positions == sorted(positions), "parts listed in order"
    for p in parts:
        if p.stem.split("-", 1)[1] not in built:
            assert f"{p.stem.split('-', 1)[1]}/" not in series_page, "an unpublished part is not listed"
    for i, stem in enumerate(built):
        page = example_site / "stories/self-help-leaders" / stem / "index.html"
        text = page.read_text(encoding="utf-8")
        # numbered over the published parts: a withdrawn part leaves no gap
        assert f"Part {i + 1} of {len(built)}" in text, stem
        prev = re.search(r'class="hx-series__prev" rel="prev" href="([^"]+)"', text)
        nxt = re.search(r'class="hx-series__next" rel="next" href="([^"]+)"', text)
        if i == 0:
            assert prev is None
        else:
            assert resolve(example_site, page, prev.group(1)) == example_site / "stories/self-help-leaders" / built[i - 1] / "index.html"
        if i == len(built) - 1:
            assert nxt is None
        else:
            assert resolve(example_site, page, nxt.group(1)) == example_site / "stories/self-help-leaders" / built[i + 1] / "index.html"


def test_switcher_and_hreflang_point_only_to_existing_pages(example_site):
    checked = 0
    for page in html_pages(example_site):
        links = parse(page)
        if links.alternates:  # x-default: the English version, else the first one
            default = dict(links.alternates)["x-default"]
            assert default == dict(links.alternates).get("en", links.alternates[0][1]), page
        for lang, href in links.alternates + links.switcher:
            if (lang, href) in links.alternates:
                assert href.startswith(SITE_URL), f"{page}: hreflang must be absolute ({href})"
            if lang == "x-default":
                continue
            target = resolve(example_site, page, href)
            assert target is not None and target.is_file(), f"{page}: {lang} -> {href}"
            assert parse(target).html_lang == lang, f"{page}: {lang} -> {href} is not a {lang} page"
            checked += 1
    assert checked > 100


def test_switcher_omits_language_versions_that_are_not_published(example_site):
    # docs/interviews/paralegal-iryna.md exists in English, but its person consented to Ukrainian only
    uk = example_site / "uk/interviews/paralegal-iryna/index.html"
    assert uk.is_file() and not (example_site / "interviews/paralegal-iryna/index.html").exists()
    assert [lang for lang, _ in parse(uk).alternates] == []  # one version: no hreflang at all
    assert [lang for lang, _ in parse(uk).switcher] == ["uk"]


@pytest.mark.parametrize("canary", ["zephyrdraft", "quillscheduled"])
def test_draft_and_scheduled_absent_from_every_output(example_site, canary):
    outputs = all_output_text(example_site)
    assert len(outputs) > 100
    leaks = [path for path, text in outputs.items() if canary in text.lower() or canary in path.lower()]
    assert leaks == []
    # positive control: the same search finds a published item's slug
    assert any("numo-sestry-anniversary-forum" in text for text in outputs.values())


def test_quick_exit_first_in_body_on_every_page(example_site):
    for page in html_pages(example_site):
        tag, attrs = parse(page).first_body_child
        assert tag == "a" and "data-hx-quick-exit" in attrs and attrs["href"].startswith("https://"), page


def test_no_third_party_assets(example_site):
    """No page loads a script, stylesheet, font or image from another host."""
    pattern = re.compile(r'<(?:script|img|iframe|source|video|audio)\b[^>]*\bsrc="(https?:)?//|<link\b[^>]*rel="(?:stylesheet|preconnect|preload|icon)"[^>]*href="(?:https?:)?//')
    for page in html_pages(example_site):
        text = page.read_text(encoding="utf-8")
        assert not pattern.search(text), page
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_not_found_page_per_language(example_site):
    assert parse(example_site / "404.html").html_lang == "en"
    for lang in ("uk", "ru", "tg"):
        page = example_site / lang / "404.html"
        assert parse(page).html_lang == lang
        tag, attrs = parse(page).first_body_child
        assert "data-hx-quick-exit" in attrs


def test_no_empty_banner_on_published_pages(example_site):
    """Material draws a banner whenever its announce block has any content."""
    for page in html_pages(example_site):
        assert 'class="md-banner' not in page.read_text(encoding="utf-8"), page
