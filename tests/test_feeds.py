"""Feeds and calendars, parsed the way subscribers' readers parse them."""
from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import feedparser
import pytest
from icalendar import Calendar

from hromada.strings import utc_offset
from conftest import run_build, REPO

SITE_URL = "https://hromada.example.org/"
LANG_OF_PREFIX = {"uk": "uk", "ru": "ru", "tg": "tg"}


def feed_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.name in ("rss.xml", "atom.xml", "feed.json"))


def lang_of(url: str) -> str:
    path = url.removeprefix(SITE_URL)
    return LANG_OF_PREFIX.get(path.split("/", 1)[0], "en")


def site_file(site: Path, url: str) -> Path:
    return site / url.removeprefix(SITE_URL) / "index.html"


def test_every_feed_parses_and_holds_only_its_language(example_site):
    files = [p for p in feed_files(example_site) if p.suffix == ".xml"]
    assert len(files) >= 4 * 2 * 6  # every language has main, section, series, organisation and category feeds
    total = 0
    for path in files:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.bozo_exception)
        lang = lang_of(SITE_URL + path.relative_to(example_site).as_posix())
        feed = parsed.feed
        assert feed.title and feed.link and feed.get("language") == lang, path
        if path.name == "rss.xml":
            assert parsed.version == "rss20" and feed.get("description")
        else:
            assert parsed.version == "atom10" and feed.get("id") and feed.get("updated")
        ids = [e.id for e in parsed.entries]
        assert len(ids) == len(set(ids)), f"duplicate ids in {path}"
        for entry in parsed.entries:
            assert lang_of(entry.link) == lang, (path, entry.link)
            assert site_file(example_site, entry.link).is_file(), f"{path}: {entry.link} is not a published page"
            assert entry.get("published") and entry.title and entry.summary
            assert f":{lang}/" in entry.id
            total += 1
    assert total > 50


def test_main_feed_has_full_content_with_absolute_links(example_site):
    parsed = feedparser.parse((example_site / "uk/feed/rss.xml").read_bytes())
    with_images = 0
    for entry in parsed.entries:
        html = entry.content[0].value
        for url in re.findall(r'(?:href|src)="([^"]+)"', html):
            assert url.startswith(("https://", "http://", "mailto:")), (entry.link, url)
        with_images += 'src="https://hromada.example.org/' in html
    assert parsed.entries and with_images >= 1


def test_json_feeds(example_site):
    for lang, prefix in (("en", ""), ("uk", "uk/"), ("ru", "ru/"), ("tg", "tg/")):
        data = json.loads((example_site / prefix / "feed/feed.json").read_text(encoding="utf-8"))
        assert data["version"] == "https://jsonfeed.org/version/1.1" and data["language"] == lang
        rss = feedparser.parse((example_site / prefix / "feed/rss.xml").read_bytes())
        assert [i["id"] for i in data["items"]] == [e.id for e in rss.entries]


def test_rebuilds_give_identical_feeds(example_site, tmp_path):
    again = run_build(REPO, tmp_path / "again")
    assert again.returncode == 0, again.output
    for path in feed_files(example_site) + sorted(example_site.rglob("*.ics")):
        rel = path.relative_to(example_site)
        assert (tmp_path / "again" / rel).read_bytes() == path.read_bytes(), rel


def test_page_without_feeds_channel_is_on_the_site_but_in_no_feed(example_site):
    # stories/self-help-leaders/03-shahnoza-bakery: P-0203 consented to web and search only
    assert (example_site / "stories/self-help-leaders/shahnoza-bakery/index.html").is_file()
    assert (example_site / "ru/stories/self-help-leaders/shahnoza-bakery/index.html").is_file()
    for path in feed_files(example_site):
        assert "shahnoza-bakery" not in path.read_text(encoding="utf-8"), path
    # positive control: its neighbour is in the series feed
    assert "self-help-leaders/mehrinisso-sewing-room/" in (example_site / "stories/self-help-leaders/rss.xml").read_text()


def test_calendars_match_event_pages(example_site):
    checked = 0
    for ics in sorted(example_site.rglob("*.ics")):
        cal = Calendar.from_ical(ics.read_bytes())
        for ev in cal.walk("VEVENT"):
            url = str(ev["URL"])
            page = site_file(example_site, url).read_text(encoding="utf-8")
            box = page[page.index('class="hx-event"'):]
            start = datetime.fromisoformat(re.search(r'<time datetime="([^"]+)"', box).group(1))
            dtstart = ev.decoded("DTSTART")
            assert dtstart == start, (ics, url)
            if "TZID" in ev["DTSTART"].params:
                assert utc_offset(dtstart, ev["DTSTART"].params["TZID"]) in box  # shown in the event's own zone
            assert str(ev["UID"]).startswith(lang_of(url) + "/")
            checked += 1
    assert checked >= 10
    uids = [str(e["UID"]) for e in Calendar.from_ical((example_site / "events/calendar.ics").read_bytes()).walk("VEVENT")]
    assert len(uids) == len(set(uids)) >= 4


def test_discovery_links_and_subscribe_page(example_site):
    story = (example_site / "stories/self-help-leaders/gulnora-door-to-door/index.html").read_text()
    assert 'type="application/rss+xml"' in story
    assert re.search(r'<link rel="alternate" type="application/rss\+xml" title="[^"]+" href="\.\./\.\./\.\./feed/rss\.xml">', story)
    assert re.search(r'href="../rss.xml"', story)  # its series' feed
    for prefix in ("", "uk/", "ru/", "tg/"):
        page = (example_site / prefix / "subscribe/index.html").read_text(encoding="utf-8")
        for path in feed_files(example_site / prefix) if prefix else [p for p in feed_files(example_site) if p.relative_to(example_site).parts[0] not in ("uk", "ru", "tg")]:
            if path.name == "rss.xml":  # the address to paste; every format is on the feed's own page
                assert SITE_URL + path.relative_to(example_site).as_posix() in page, f"{prefix}subscribe does not list {path}"
        assert "calendar.ics" in page and "webcal://" in page
    event = (example_site / "events/occupied-screening-kyiv/index.html").read_text()
    assert 'href="event.ics"' in event and (example_site / "events/occupied-screening-kyiv/event.ics").is_file()


def test_feeds_are_plain_xml_without_stylesheet(example_site):
    rss = (example_site / "tg/news/rss.xml").read_text()
    assert rss.startswith("<?xml") and "xml-stylesheet" not in rss
    assert not (example_site / "tg/feed/style.xsl").exists()
    page = (example_site / "tg/subscribe/news/index.html").read_text(encoding="utf-8")
    assert 'lang="tg"' in page and SITE_URL + "tg/news/rss.xml" in page


PAGE = "---\ntitle: {title}\ndate: {date}\nsummary: s\npeople: {people}\n---\nBody {title}.\n"


def test_withdrawn_consent_leaves_every_feed(project):
    project.person("P-0001")
    project.write("docs/news/story.md", PAGE.format(title="Canaryfeedzq", date="2025-01-01", people="[P-0001]"))
    result = project.build()
    assert result.returncode == 0, result.output
    assert len([p for p in feed_files(result.site) if "canaryfeedzq" in p.read_text().lower()]) >= 3
    project.person("P-0001", consent={"status": "withdrawn", "withdrawn": "2026-11-01"})
    result = project.build()
    assert result.returncode == 0, result.output
    leaks = [p for p in list(result.site.rglob("*.xml")) + list(result.site.rglob("*.json")) + list(result.site.rglob("*.ics"))
             if "canaryfeedzq" in p.read_text().lower()]
    assert leaks == []


def test_feed_size_is_configurable_and_keeps_the_newest(project):
    cfg = project.root / "mkdocs.yml"
    cfg.write_text(cfg.read_text().replace("page_size: 10", "page_size: 10\n    feed_size: 3"))
    for day in range(1, 6):
        project.write(f"docs/news/n{day}.md", PAGE.format(title=f"Item{day}", date=f"2025-01-0{day}", people="none"))
    result = project.build()
    assert result.returncode == 0, result.output
    entries = feedparser.parse((result.site / "news/rss.xml").read_bytes()).entries
    assert [e.title for e in entries] == ["Item5", "Item4", "Item3"]
    assert feedparser.parse((result.site / "news/rss.xml").read_bytes()).feed.updated.startswith("Sun, 05 Jan 2025")
