"""What a subscriber meets (issue 14): calendars read at the right hour by ical.js and
icalendar, lasting item ids, the site's day for date-only items, feeds announced by
their listings, no empty feeds, no XSLT, organisations in RSS, absolute URLs."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from html import unescape
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from icalendar import Calendar, Event

from conftest import NOW, REPO, all_output_text
from hromada.feeds import absolutize
from hromada.schema import DATE_EXPECTED, DATETIME_EXPECTED

SITE_URL = "https://hromada.example.org/"
ICALJS = REPO / "tests" / "icaljs"
PREFIXES = ("", "uk/", "ru/", "tg/")


# --- ical.js (Node) -------------------------------------------------------------
def icaljs(paths: list[Path]) -> dict[str, dict]:
    """Per file, the calendar's name and every VEVENT's UID, UTC start and summary as
    ical.js reads them (tests/icaljs/read-ics.mjs)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        why = "node and npm are not installed, so ical.js cannot read the calendars (apt-get install nodejs npm)"
        if os.environ.get("HROMADA_REQUIRE_BROWSER") == "1":
            pytest.fail(why + "; CI (HROMADA_REQUIRE_BROWSER=1) requires them")
        pytest.skip(why)
    if not (ICALJS / "node_modules" / "ical.js").is_dir():
        done = subprocess.run([npm, "ci", "--prefix", str(ICALJS), "--no-audit", "--no-fund"],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"npm ci in tests/icaljs failed:\n{done.stderr}"
    done = subprocess.run([node, str(ICALJS / "read-ics.mjs"), *map(str, paths)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


def page_start(site: Path, url: str) -> datetime:
    """The start an event page shows, from the event box's first <time datetime>."""
    page = (site / url.removeprefix(SITE_URL) / "index.html").read_text(encoding="utf-8")
    box = page[page.index('class="hx-event"'):]
    return utc(re.search(r'<time datetime="([^"]+)"', box).group(1))


def test_every_calendar_reads_the_same_in_icaljs_icalendar_and_the_pages(example_site, tmp_path):
    files = sorted(example_site.rglob("*.ics"))
    # positive control: a VTIMEZONE as icalendar's add_missing_timezones writes it (comma-separated
    # RDATE) makes ical.js read a Kyiv winter event an hour early; the comparison below would see it
    control = Calendar()
    control.add("prodid", "-//control//EN")
    control.add("version", "2.0")
    ev = Event()
    ev.add("uid", "control")
    ev.add("dtstamp", datetime(2025, 1, 1, tzinfo=timezone.utc))
    ev.add("dtstart", datetime(2025, 2, 27, 12, 0, tzinfo=ZoneInfo("Europe/Kyiv")))
    control.add_component(ev)
    control.add_missing_timezones()
    (tmp_path / "control.ics").write_bytes(control.to_ical())
    read = icaljs([*files, tmp_path / "control.ics"])
    assert utc(read[str(tmp_path / "control.ics")]["events"][0]["start"]) != datetime(2025, 2, 27, 10, 0, tzinfo=timezone.utc)

    checked = 0
    for path in files:
        raw = path.read_bytes()
        cal = Calendar.from_ical(raw)
        assert str(cal["METHOD"]) == "PUBLISH", path
        assert not re.search(rb"^RDATE[^:\r\n]*:[^\r\n]*,", raw, re.M), f"{path}: comma-separated RDATE"
        own_zones = {str(z["TZID"]): z.to_tz(lookup_tzid=False) for z in cal.walk("VTIMEZONE")}
        by_uid = {e["uid"]: utc(e["start"]) for e in read[str(path)]["events"]}
        events = cal.walk("VEVENT")
        assert len(by_uid) == len(events) >= 1, path
        for ev in events:
            uid, shown = str(ev["UID"]), page_start(example_site, str(ev["URL"]))
            start = ev["DTSTART"].dt
            assert start.astimezone(timezone.utc) == shown, (path, uid)  # icalendar, IANA database
            tzid = ev["DTSTART"].params.get("TZID")
            if tzid:  # icalendar, with only the file's own VTIMEZONE
                assert start.replace(tzinfo=None).replace(tzinfo=own_zones[tzid]).astimezone(timezone.utc) == shown, (path, uid)
            assert by_uid[uid] == shown, (path, uid, "ical.js")
            assert int(ev["SEQUENCE"]) >= 0 and ev["LAST-MODIFIED"].dt.tzinfo is not None
            checked += 1
    assert checked >= 30


EVENT = """\
---
title: {title}
date: 2026-10-01
{updated}summary: An event.
people: none
organization: numo-sestry
start: 2026-12-10T18:00:00+02:00
end: 2026-12-10T20:00:00+02:00
timezone: Europe/Kyiv
location: {{name: Hall, city: Kyiv, country: Ukraine}}
---
Body.
"""


def test_calendar_text_is_escaped_and_revisions_are_numbered(project):
    project.write("docs/events/forum.md", EVENT.format(title='"Numo, Sestry!; forum\\\\day"', updated=""))
    project.write("docs/events/later.md", EVENT.format(title="Later", updated="updated: 2026-11-05T09:30:00+02:00\n"))
    result = project.build()
    assert result.returncode == 0, result.output
    raw = (result.site / "events/forum/event.ics").read_bytes()
    assert b"X-WR-CALNAME:Numo\\, Sestry!\\; forum\\\\day" in raw  # RFC 5545 TEXT escaping
    assert str(Calendar.from_ical(raw).walk("VEVENT")[0]["SUMMARY"]) == "Numo, Sestry!; forum\\day"
    read = icaljs([result.site / "events/forum/event.ics"])[str(result.site / "events/forum/event.ics")]
    assert read["name"] == read["events"][0]["summary"] == "Numo, Sestry!; forum\\day"
    first = Calendar.from_ical((result.site / "events/calendar.ics").read_bytes()).walk("VEVENT")
    by_title = {str(e["SUMMARY"]): e for e in first}
    assert int(by_title["Later"]["SEQUENCE"]) > 0 == int(by_title["Numo, Sestry!; forum\\day"]["SEQUENCE"])
    assert by_title["Later"]["LAST-MODIFIED"].dt == datetime(2026, 11, 5, 7, 30, tzinfo=timezone.utc)
    # a later `updated` gives a higher SEQUENCE
    project.write("docs/events/later.md", EVENT.format(title="Later", updated="updated: 2026-11-06T09:30:00+02:00\n"))
    again = project.build()
    assert again.returncode == 0, again.output
    later = next(e for e in Calendar.from_ical((again.site / "events/calendar.ics").read_bytes()).walk("VEVENT")
                 if str(e["SUMMARY"]) == "Later")
    assert int(later["SEQUENCE"]) > int(by_title["Later"]["SEQUENCE"])
    assert str(later["UID"]) == str(by_title["Later"]["UID"])


def hromada_check(project) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hromada.cli", "check"], cwd=project.root, capture_output=True,
                          text=True, env={**os.environ, "HROMADA_NOW": NOW})


#: The first year an `updated` would give a SEQUENCE (minutes since 2000) beyond RFC 5545's 2**31 - 1.
OVERFLOW = "6100-01-01"


def test_a_date_no_calendar_can_count_to_is_one_line_not_a_traceback(project):
    """The reviewer's repro: `updated: 6100-01-01` passed check, then the build died in
    calendar._event (SEQUENCE out of range). Every page date is now refused after 2999, in
    check and build alike, one line naming the file and key."""
    project.write("docs/events/x.md", EVENT.format(title="X", updated=f"updated: {OVERFLOW}\n"))
    other = EVENT.format(title="Y", updated="").replace("date: 2026-10-01", "date: 3000-01-01").replace(
        "start: 2026-12-10T18:00:00+02:00", "start: 6100-12-10T18:00:00+02:00").replace(
        "end: 2026-12-10T20:00:00+02:00", "end: 9998-12-10T20:00:00+02:00")
    project.write("docs/events/y.md", other)
    expected = {
        f"docs/events/x.md: updated: {DATE_EXPECTED}, between the years 2 and 2999 (found '{OVERFLOW}')",
        f"docs/events/y.md: date: {DATE_EXPECTED}, between the years 2 and 2999 (found '3000-01-01')",
        f"docs/events/y.md: start: {DATETIME_EXPECTED}, between the years 2 and 2999 (found '6100-12-10T18:00:00+02:00')",
        f"docs/events/y.md: end: {DATETIME_EXPECTED}, between the years 2 and 2999 (found '9998-12-10T20:00:00+02:00')",
    }
    checked = hromada_check(project)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr, checked.stderr
    lines = {line.strip() for line in checked.stderr.splitlines() if line.strip().startswith("docs/")}
    assert lines == expected, checked.stderr
    built = project.build()
    assert built.returncode != 0 and "Traceback" not in built.output and "RFC 5545" not in built.output, built.output
    assert all(line in built.output for line in expected), built.output


def test_sequence_stays_in_range_up_to_the_last_date_check_allows(project):
    """Positive control: an ordinary `updated` still gives a valid calendar with SEQUENCE the
    minutes since 2000 (the numbers subscribers' calendars already hold), and the latest
    instant check passes (2999-12-31, 23:59:59 at UTC-12) stays within RFC 5545's range."""
    project.write("docs/events/x.md", EVENT.format(title="X", updated="updated: 2026-11-05T09:30:00+02:00\n"))
    project.write("docs/events/y.md", EVENT.format(title="Y", updated="updated: 2999-12-31T23:59:59-12:00\n"))
    checked = hromada_check(project)
    assert checked.returncode == 0, checked.stderr
    result = project.build()
    assert result.returncode == 0 and "Traceback" not in result.output, result.output
    events = {str(e["SUMMARY"]): e for e in
              Calendar.from_ical((result.site / "events/calendar.ics").read_bytes()).walk("VEVENT")}
    since_2000 = datetime(2026, 11, 5, 7, 30, tzinfo=timezone.utc) - datetime(2000, 1, 1, tzinfo=timezone.utc)
    assert int(events["X"]["SEQUENCE"]) == since_2000 // timedelta(minutes=1)
    assert 0 < int(events["X"]["SEQUENCE"]) < int(events["Y"]["SEQUENCE"]) <= 2**31 - 1
    assert Calendar.from_ical((result.site / "events/y/event.ics").read_bytes()).walk("VEVENT")[0]["UID"]


# --- ids ---------------------------------------------------------------------
NEWS = "---\ntitle: {title}\ndate: {date}\nsummary: s\npeople: none\norganization: numo-sestry\n{extra}---\nBody of {title}.\n"


def ids_of(site: Path, feed: str = "news") -> dict[str, str]:
    """title -> id, from RSS, Atom and JSON Feed (which must agree)."""
    rss = {e.title: e.id for e in feedparser.parse((site / feed / "rss.xml").read_bytes()).entries}
    atom = {e.title: e.id for e in feedparser.parse((site / feed / "atom.xml").read_bytes()).entries}
    assert rss == atom
    if (site / feed / "feed.json").is_file():
        assert {i["title"]: i["id"] for i in json.loads((site / feed / "feed.json").read_text())["items"]} == rss
    return rss


def test_ids_survive_a_date_change_and_a_move_with_id(project):
    project.write("docs/news/report.md", NEWS.format(title="Report", date="2025-03-01", extra=""))
    project.write("docs/news/report.uk.md", NEWS.format(title="Звіт", date="2025-03-01", extra=""))
    project.write("docs/news/old-name.md", NEWS.format(title="Moved", date="2025-03-02", extra=""))
    first = project.build()
    assert first.returncode == 0, first.output
    before = ids_of(first.site) | ids_of(first.site, "feed") | ids_of(first.site / "uk")
    assert before["Report"] != before["Звіт"]  # distinct per language version
    # a corrected date, a new `updated`, and a page moved to a new address keeping its id
    project.write("docs/news/report.md", NEWS.format(title="Report", date="2025-02-27", extra="updated: 2025-04-01\n"))
    project.write("docs/news/report.uk.md", NEWS.format(title="Звіт", date="2025-02-27", extra=""))
    (project.root / "docs/news/old-name.md").unlink()
    project.write("docs/news/new-name.md", NEWS.format(title="Moved", date="2025-03-02", extra="id: news/old-name\n"))
    second = project.build()
    assert second.returncode == 0, second.output
    after = ids_of(second.site) | ids_of(second.site, "feed") | ids_of(second.site / "uk")
    assert after == before
    assert (second.site / "news/new-name/index.html").is_file()
    # positive control: a move without `id` is a new item
    (project.root / "docs/news/new-name.md").unlink()
    project.write("docs/news/third-name.md", NEWS.format(title="Moved", date="2025-03-02", extra=""))
    third = project.build()
    assert third.returncode == 0, third.output
    assert ids_of(third.site)["Moved"] != before["Moved"]


def test_an_id_is_borrowed_only_from_a_published_version(project):
    """An excluded translation's front matter reaches no output, its `id` included: that is
    an address the page once had, perhaps the very name it was moved away from. A published
    version lends its `id` to the others (positive control)."""
    project.write("docs/news/report.md", NEWS.format(title="Report", date="2025-03-01", extra=""))
    project.write("docs/news/report.uk.md", NEWS.format(title="Звіт", date="2025-03-01",
                                                        extra="draft: true\ntranslation_of: 2025-03-01\nid: news/olena-story\n"))
    project.write("docs/events/forum.md", EVENT.format(title="Forum", updated=""))
    project.write("docs/events/forum.uk.md", EVENT.format(title="Форум", updated="draft: true\ntranslation_of: 2025-03-01\n"
                                                                            "id: events/olena-forum\n"))
    result = project.build()
    assert result.returncode == 0, result.output
    assert ids_of(result.site)["Report"] == "tag:hromada.example.org,2026:en/news/report"
    uid = str(Calendar.from_ical((result.site / "events/forum/event.ics").read_bytes()).walk("VEVENT")[0]["UID"])
    assert uid == "en/events/forum@hromada.example.org"
    leaks = [name for name, text in all_output_text(result.site).items() if "olena" in text]
    assert leaks == [], leaks
    for rel in ("docs/news/report.uk.md", "docs/events/forum.uk.md"):  # published: its id is the page's
        path = project.root / rel
        path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    result = project.build()
    assert result.returncode == 0, result.output
    assert ids_of(result.site)["Report"] == "tag:hromada.example.org,2026:en/news/olena-story"
    uid = str(Calendar.from_ical((result.site / "events/forum/event.ics").read_bytes()).walk("VEVENT")[0]["UID"])
    assert uid == "en/events/olena-forum@hromada.example.org"


def test_event_uid_survives_a_date_change(project):
    project.write("docs/events/forum.md", EVENT.format(title="Forum", updated=""))
    first = project.build()
    uid = str(Calendar.from_ical((first.site / "events/forum/event.ics").read_bytes()).walk("VEVENT")[0]["UID"])
    project.write("docs/events/forum.md", EVENT.format(title="Forum", updated="").replace("date: 2026-10-01", "date: 2026-09-15"))
    second = project.build()
    assert second.returncode == 0, second.output
    assert str(Calendar.from_ical((second.site / "events/forum/event.ics").read_bytes()).walk("VEVENT")[0]["UID"]) == uid


def test_a_bad_id_is_one_line(project):
    project.write("docs/news/x.md", NEWS.format(title="X", date="2025-03-01", extra="id: ../Other Page\n"))
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.output
    assert any(line.strip().startswith("docs/news/x.md: id: ") for line in result.output.splitlines()), result.output
    # an id another page already has
    project.write("docs/news/x.md", NEWS.format(title="X", date="2025-03-01", extra="id: news/y\n"))
    project.write("docs/news/y.md", NEWS.format(title="Y", date="2025-03-01", extra=""))
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.output
    assert any(line.strip().startswith("docs/news/x.md: id: ") and "docs/news/y.md" in line
               for line in result.output.splitlines()), result.output


# --- dates -------------------------------------------------------------------
def test_date_only_items_carry_the_sites_day_in_its_zone(project):
    cfg = project.root / "mkdocs.yml"
    cfg.write_text(re.sub(r"timezone: \S+", "timezone: America/Los_Angeles", cfg.read_text(), count=1))
    for n in range(1, 4):  # three items on the same day, without a time
        project.write(f"docs/news/same-day-{n}.md", NEWS.format(title=f"Same{n}", date="2025-01-05", extra=""))
    project.write("docs/news/timed.md", NEWS.format(title="Timed", date="2025-01-05T09:15:00-08:00", extra=""))
    result = project.build()
    assert result.returncode == 0, result.output
    zone = ZoneInfo("America/Los_Angeles")
    atom = (result.site / "news/atom.xml").read_text()
    updated = re.findall(r"<entry>.*?<updated>([^<]+)</updated>", atom, re.S)
    published = re.findall(r"<published>([^<]+)</published>", atom)
    assert len(updated) == len(published) == 4
    assert len(set(updated)) == 4  # no two items share an instant
    for text in updated + published:
        assert datetime.fromisoformat(text).astimezone(zone).date() == date(2025, 1, 5), text
    assert "2025-01-05T09:15:00-08:00" in published  # an explicit time is kept as written
    for entry in feedparser.parse((result.site / "news/rss.xml").read_bytes()).entries:
        assert entry.published.startswith("Sun, 05 Jan 2025"), entry.published  # in the site's zone, with its offset
        assert entry.published.endswith("-0800")
    data = json.loads((result.site / "feed/feed.json").read_text())
    assert {datetime.fromisoformat(i["date_published"]).astimezone(zone).date() for i in data["items"]} == {date(2025, 1, 5)}
    # the same instants in every feed, and on a rebuild
    assert re.findall(r"<updated>([^<]+)</updated>", (result.site / "feed/atom.xml").read_text())[1:] == updated


def test_no_two_atom_entries_share_an_updated_instant(example_site):
    for path in example_site.rglob("atom.xml"):
        updated = re.findall(r"<entry>.*?<updated>([^<]+)</updated>", path.read_text(encoding="utf-8"), re.S)
        assert len(updated) == len(set(updated)), path


# --- discovery and the pages people see -------------------------------------------
def site_rel(site: Path, page: Path, href: str) -> str:
    return os.path.normpath(os.path.join(page.parent.relative_to(site).as_posix(), href))


def feed_alternates(site: Path, page: Path) -> list[str]:
    html = page.read_text(encoding="utf-8")
    return [site_rel(site, page, h) for h in re.findall(
        r'<link rel="alternate" type="application/rss\+xml"[^>]*href="([^"]+)"', html)]


def test_listing_pages_announce_their_own_feed_then_the_main_one(example_site):
    checked = {"section": 0, "category": 0, "organization": 0, "series": 0, "paged": 0}
    for prefix in PREFIXES:
        root = example_site / prefix if prefix else example_site
        main = f"{prefix}feed/rss.xml"
        assert (example_site / main).is_file()
        for rss in sorted(root.rglob("rss.xml")):
            rel = rss.relative_to(example_site).as_posix()
            if prefix == "" and rel.split("/")[0] in ("uk", "ru", "tg"):
                continue
            if rel == main:
                continue
            listing = rss.parent / "index.html"
            assert listing.is_file(), f"{rel}: no page at its address"
            assert feed_alternates(example_site, listing)[:2] == [rel, main], listing
            kind = rel[len(prefix):].split("/")[0]
            checked[{"categories": "category", "organizations": "organization"}.get(kind, "series" if rel.count("/") - prefix.count("/") > 1 and kind == "stories" else "section")] += 1
            for later in sorted(rss.parent.glob("page/*/index.html")) + sorted(rss.parent.glob("past/page/*/index.html")):
                assert feed_alternates(example_site, later)[:2] == [rel, main], later
                checked["paged"] += 1
        home = root / "index.html"
        assert feed_alternates(example_site, home) == [main]
    assert all(checked.values()), checked
    # every announced feed exists: no page points a reader at a missing file
    for page in example_site.rglob("*.html"):
        for target in feed_alternates(example_site, page):
            assert (example_site / target).is_file(), (page, target)


def test_no_xslt_and_people_click_html_pages(example_site):
    assert not list(example_site.rglob("*.xsl"))
    for path in list(example_site.rglob("rss.xml")) + list(example_site.rglob("atom.xml")):
        assert b"xml-stylesheet" not in path.read_bytes(), path
    for page in example_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        hits = re.findall(r'<a\b[^>]*href="([^"]*(?:rss\.xml|atom\.xml|feed\.json))"', html)
        assert hits == [], (page, hits)  # a person's click never lands on XML


def test_each_feed_has_a_page_with_its_addresses_and_items(example_site):
    pages = 0
    for rss in example_site.rglob("rss.xml"):
        rel = rss.relative_to(example_site).as_posix()
        prefix = rel.split("/")[0] + "/" if rel.split("/")[0] in ("uk", "ru", "tg") else ""
        page = example_site / prefix / "subscribe" / rel[len(prefix):].removesuffix("rss.xml") / "index.html"
        html = page.read_text(encoding="utf-8")
        assert SITE_URL + rel in html and SITE_URL + rel.replace("rss.xml", "atom.xml") in html, page
        feed = feedparser.parse(rss.read_bytes())
        box = html[html.index('class="hx-feed"'):]
        titles = [t.strip() for t in re.findall(r'class="hx-card__title"><a [^>]*>([^<]+)</a>', box)]
        assert [unescape(t) for t in titles] == [e.title for e in feed.entries][: len(titles)] and titles, page
        pages += 1
    assert pages >= 40
    tg = (example_site / "tg/subscribe/news/index.html").read_text(encoding="utf-8")
    assert re.search(r"<time datetime=\"\d{4}-\d\d-\d\d\">\d+ (январи|феврали|марти|апрели|майи|июни|июли|августи|сентябри|октябри|ноябри|декабри) \d{4}</time>", tg)
    uk = (example_site / "uk/subscribe/feed/index.html").read_text(encoding="utf-8")
    assert re.search(r"<time datetime=\"[^\"]+\">\d+ [а-яіїє]+ \d{4}\s?р\.(, \d\d:\d\d)?</time>", uk)


def subscribe_box(page: Path) -> str:
    """The Subscribe page's own text, without menus and footer (which list organisations)."""
    html = page.read_text(encoding="utf-8")
    start = html.index('class="hx-subscribe"')
    return html[start:html.index("</div>", start)]


def test_subscribe_page_explains_and_lists_feeds_with_items(example_site):
    for prefix in PREFIXES:
        box = subscribe_box(example_site / prefix / "subscribe/index.html")
        for reader in ("Feedly", "Inoreader", "NetNewsWire", "Thunderbird", "Google", "Outlook"):
            assert reader in box, (prefix, reader)
        root = example_site / prefix if prefix else example_site
        own = [p for p in root.rglob("rss.xml") if prefix or p.relative_to(example_site).parts[0] not in ("uk", "ru", "tg")]
        listed = re.findall(r'<code class="hx-address">([^<]+)</code>', box)
        assert sorted(SITE_URL + p.relative_to(example_site).as_posix() for p in own) == sorted(u for u in listed if u.endswith("rss.xml"))
        assert SITE_URL + f"{prefix}events/calendar.ics" in listed and "webcal://hromada.example.org/" in box
        for href in re.findall(r'<a href="([^"]+)"', box):
            if "://" not in href:
                assert (example_site / site_rel(example_site, example_site / prefix / "subscribe/index.html", href)).exists(), href
    assert "Лента чист?" in (example_site / "tg/subscribe/index.html").read_text(encoding="utf-8")


def test_empty_feeds_and_calendars_are_not_published(project):
    project.write("docs/organizations/quiet.md", "---\ntitle: Quiet Org\nsummary: s.\npeople: none\n---\nText.\n")
    project.write("docs/news/one.md", NEWS.format(title="One", date="2025-03-01", extra="categories: [advocacy]\n"))
    result = project.build()
    assert result.returncode == 0, result.output
    site = result.site
    assert (site / "organizations/numo-sestry/rss.xml").is_file()  # positive control: it has an item
    assert (site / "categories/advocacy/rss.xml").is_file()
    assert not (site / "organizations/quiet/rss.xml").exists() and not (site / "organizations/quiet/atom.xml").exists()
    empty_cats = [p for p in (site / "categories").iterdir() if p.is_dir() and p.name != "advocacy" and (p / "index.html").is_file()]
    assert empty_cats and all(not (p / "rss.xml").exists() for p in empty_cats)
    assert not (site / "events/rss.xml").exists() and not (site / "events/calendar.ics").exists()
    assert not (site / "uk/feed/rss.xml").exists()  # nothing published in Ukrainian
    sub = subscribe_box(site / "subscribe/index.html")
    assert "quiet" not in sub and "calendar.ics" not in sub and "webcal" not in sub and "advocacy/rss.xml" in sub
    assert "calendar.ics" not in (site / "events/index.html").read_text()
    assert feed_alternates(site, site / "organizations/quiet/index.html") == ["feed/rss.xml"]
    uk_sub = subscribe_box(site / "uk/subscribe/index.html")
    assert "hx-empty" in uk_sub and "rss.xml" not in uk_sub


# --- content of the items ------------------------------------------------------
def test_rss_items_name_their_organisation(example_site):
    named = 0
    for prefix in PREFIXES:
        rss = feedparser.parse((example_site / prefix / "feed/rss.xml").read_bytes())
        data = json.loads((example_site / prefix / "feed/feed.json").read_text(encoding="utf-8"))
        authors = {i["id"]: [a["name"] for a in i.get("authors", [])] for i in data["items"]}
        for entry in rss.entries:
            names = [a.get("name") for a in entry.get("authors", [])] if authors[entry.id] else []
            assert names == authors[entry.id], (prefix, entry.title)
            named += bool(names)
    assert named >= 20
    assert "<dc:creator>Numo, Sestry!</dc:creator>" in (example_site / "feed/rss.xml").read_text()


URL_NAMES = {"href", "src", "poster", "cite", "data", "action", "longdesc", "background"}


def relative_urls(html: str) -> list[str]:
    """URLs in the markup that are not absolute, read by an HTML parser (lxml), not by
    the regular expressions the build uses: every attribute of every element."""
    import lxml.html

    out = []
    for el in lxml.html.fromstring(f"<div>{html}</div>").iter():
        for name, value in el.attrib.items():
            name = name.lower()
            if name in ("srcset", "imagesrcset"):
                urls = [c.strip().split()[0] for c in value.split(",") if c.strip()]
            elif name in URL_NAMES:
                urls = [value.strip()]
            else:
                continue
            out += [u for u in urls if u and not re.match(r"^(https?|mailto|data|tel):", u)]
    return out


def feed_contents(site: Path) -> list[tuple[str, str]]:
    out = []
    for path in site.rglob("*"):
        if path.name in ("rss.xml", "atom.xml"):
            for entry in feedparser.parse(path.read_bytes()).entries:
                out += [(f"{path}: {entry.title}", c.value) for c in entry.get("content", [])]
        elif path.name == "feed.json":
            out += [(f"{path}: {i['title']}", i["content_html"]) for i in json.loads(path.read_text())["items"]]
    return out


def test_absolutize_every_form():
    page = "https://x.org/uk/news/a/"
    html = ("<p>Text with href=\"kept.html\" in words.</p>"
            "<a href='single/'>s</a> <a href=bare/>b</a> <a class=x href = \"../spaced/\">c</a>"
            '<img src="../img/a.jpg" srcset="../img/a-480.jpg 480w, ../img/a-960.jpg 960w" alt="src=no">'
            '<video poster=../img/p.jpg src="v.mp4"></video><source srcset="../img/b.webp">'
            '<a href="#top">t</a><a href="mailto:x@y.org">m</a><a href="https://o.org/">o</a>'
            "<blockquote cite='q/'></blockquote><a href=\"//cdn.example/x\">p</a>")
    out = absolutize(html, page)
    assert relative_urls(out) == []
    assert '<p>Text with href="kept.html" in words.</p>' in out  # text, not a tag: untouched
    for url in ("https://x.org/uk/news/a/single/", "https://x.org/uk/news/a/bare/", "https://x.org/uk/news/spaced/",
                "https://x.org/uk/news/img/a-480.jpg 480w, https://x.org/uk/news/img/a-960.jpg 960w",
                "https://x.org/uk/news/img/p.jpg", "https://x.org/uk/news/a/v.mp4", "https://x.org/uk/news/a/#top",
                "mailto:x@y.org", "https://o.org/", "https://x.org/uk/news/a/q/", "https://cdn.example/x"):
        assert f'="{url}"' in out, url
    assert 'alt="src=no"' in out
    # positive control: the checker does see relative URLs
    assert relative_urls(html) and absolutize(out, page) == out


def test_feed_content_has_only_absolute_working_links(project):
    from PIL import Image

    img = project.root / "docs/news/img/a.jpg"
    img.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (64, 48), "teal").save(img)
    media = "media:\n  - {file: img/a.jpg, depicts: [], faces: none, location_visible: false}\n"
    body = ("Forms: <a href='../target/'>single</a>, <a href=../target/>bare</a>, [md](target.md).\n\n"
            '<img src="../img/a.jpg" srcset="../img/a.jpg 1x, ../img/a.jpg 2x" alt="pic">\n\n'
            "<video poster=../img/a.jpg controls></video>\n\n![pic](img/a.jpg)\n")
    project.write("docs/news/forms.md", NEWS.format(title="Forms", date="2025-03-02", extra=media).replace("Body of Forms.", body))
    project.write("docs/news/target.md", NEWS.format(title="Target", date="2025-03-01", extra=""))
    # a translation linking to a page with no Ukrainian version
    project.write("docs/news/forms.uk.md", NEWS.format(title="Форми", date="2025-03-02", extra="")
                  .replace("Body of Форми.", "Дивіться [ціль](target.md) і <a href='../target/'>ще</a>."))
    result = project.build()
    assert result.returncode == 0, result.output
    contents = feed_contents(result.site)
    assert any("Forms" in where for where, _ in contents) and any("Форми" in where for where, _ in contents)
    for where, html in contents:
        assert relative_urls(html) == [], where
        for url in re.findall(r"""(?:href|src|poster)="(https://hromada\.example\.org/[^"#]*)""", html) + \
                [c.split()[0] for s in re.findall(r'srcset="([^"]+)"', html) for c in s.split(",")]:
            rel = url.removeprefix(SITE_URL)
            target = result.site / rel / "index.html" if rel.endswith("/") or not rel else result.site / rel
            assert target.is_file(), (where, url)  # never a broken link
    uk = next(html for where, html in contents if "uk/feed/rss.xml" in where and "Форми" in where)
    assert "uk/news/target" not in uk  # no Ukrainian version: never a link to one
    en = next(html for where, html in contents if where.endswith("feed/rss.xml: Forms") and "/uk/" not in where)
    assert en.count("https://hromada.example.org/news/target/") >= 3  # single-quoted, unquoted, Markdown
    assert 'poster="https://hromada.example.org/news/img/a.jpg"' in en
    # the translation's links go to the English version (Markdown and raw HTML alike)
    assert uk.count("https://hromada.example.org/news/target/") == 2


def test_time_zone_blocks_for_events_at_the_ends_of_the_calendar():
    """An event dated in year 9999 (a typo staff may make) still gives a calendar, and events
    centuries apart list only the years around each of them."""
    from hromada.calendar import _years, vtimezone

    years = _years([2026, 9999])
    assert years == (2025, 2026, 2027, 9998)
    kyiv = vtimezone("Europe/Kyiv", years)
    assert len(kyiv.subcomponents) > 2  # the state on 1 January, then the changes of 2025-2027
    assert vtimezone("Europe/Kyiv", _years([1])).to_ical()
