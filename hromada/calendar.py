"""iCalendar files for events: one per language, and one per event ("add to calendar").

Time zones are written by Hromada itself, not by icalendar's
`add_missing_timezones`: that one lists a zone's transitions as one
comma-separated RDATE, and ical.js (inside many calendar apps) and vobject read
only its first value, so most events showed an hour early. Here every
transition is its own STANDARD or DAYLIGHT component (no RDATE, no RRULE):
what every client reads the same way. Each component is computed from the
IANA database once per zone and span of years in a build (`vtimezone` is
cached; icalendar spent 17 ms per event file on it).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Iterable
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from .feed_items import Stamps, Versions, calendar_uid, sequence
from .model import Doc
from .settings import Settings
from .strings import zone

if TYPE_CHECKING:
    from icalendar import Event, Timezone
# icalendar itself is imported where a calendar is written: `hromada check` (a pre-commit
# hook) loads this module through the build's hooks and never writes one (~20 ms of imports)

PRODID = "-//Hromada//Events//EN"
#: Years of transitions written before the first and after the last event of a calendar,
#: so reminders and clients that look a little around an event still find the zone.
MARGIN_YEARS = 1


@dataclass(frozen=True)
class Transition:
    utc: datetime  # the instant the new offset starts
    offset_from: timedelta
    offset_to: timedelta
    name: str
    dst: bool


def _state(tz: ZoneInfo, when: datetime) -> tuple[timedelta, str, bool]:
    local = when.astimezone(tz)
    return local.utcoffset() or timedelta(0), local.tzname() or "", bool(local.dst())


@functools.lru_cache(maxsize=None)
def transitions(name: str, year: int) -> tuple[Transition, ...]:
    """Every change of offset or abbreviation of zone `name` in `year` (UTC), found by
    stepping a day at a time and bisecting to the second: no private zoneinfo data."""
    tz = ZoneInfo(name)
    out = []
    day = datetime(year, 1, 1, tzinfo=timezone.utc)
    end = datetime(year + 1, 1, 1, tzinfo=timezone.utc)
    before = _state(tz, day)
    while day < end:
        nxt = min(day + timedelta(days=1), end)
        after = _state(tz, nxt)
        if after != before:
            lo, hi = day, nxt  # state(lo) == before, state(hi) != before
            while hi - lo > timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                mid = mid.replace(microsecond=0)
                if _state(tz, mid) == before:
                    lo = mid
                else:
                    hi = mid
            new = _state(tz, hi)
            out.append(Transition(hi, before[0], new[0], new[1], new[2]))
            before = new
            # a second change the same day is found on the next step from here
            day = hi
            continue
        day, before = nxt, after
    return tuple(out)


@functools.lru_cache(maxsize=None)
def vtimezone(name: str, years: tuple[int, ...]) -> Timezone:
    """VTIMEZONE of an IANA zone for events in `years` (sorted; each event's year and the
    ones beside it, `_years`): the state on 1 January of the first, then one component per
    transition in those years. Every event's instant follows a transition listed in its own
    or the year before, so clients read it right without listing the years between."""
    from icalendar import Timezone

    tz = ZoneInfo(name)
    comp = Timezone()
    comp.add("tzid", name)
    start = datetime(years[0], 1, 1, tzinfo=timezone.utc)
    offset, abbrev, dst = _state(tz, start)
    comp.add_component(_part(start + offset, offset, offset, abbrev, dst))
    for year in years:
        for tr in transitions(name, year):
            comp.add_component(_part(tr.utc + tr.offset_from, tr.offset_from, tr.offset_to, tr.name, tr.dst))
    return comp


def _part(local_start: datetime, offset_from: timedelta, offset_to: timedelta, abbrev: str, dst: bool):
    """DTSTART is local time before the change (RFC 5545 3.6.5), written without a zone."""
    from icalendar import TimezoneDaylight, TimezoneStandard

    part = TimezoneDaylight() if dst else TimezoneStandard()
    part.add("dtstart", local_start.replace(tzinfo=None))
    part.add("tzoffsetfrom", offset_from)
    part.add("tzoffsetto", offset_to)
    if abbrev:
        part.add("tzname", abbrev)
    return part


def _local(dt: datetime, tz_name: str) -> datetime:
    """In the event's IANA zone (written with TZID), or UTC when only an offset is known."""
    if tz_name.startswith("UTC"):
        return dt.astimezone(timezone.utc)
    return dt.astimezone(zone(tz_name))


def _event(doc: Doc, settings: Settings, stamps: Stamps, index: Versions | None) -> Event:
    from icalendar import Event

    ev, info = Event(), doc.event
    stamp = stamps.of(doc)
    url = urljoin(settings.site_url, doc.url)
    ev.add("uid", calendar_uid(settings.site_url, doc, index))
    ev.add("dtstamp", stamp.modified.astimezone(timezone.utc))  # from front matter: rebuilds are identical
    ev.add("last-modified", stamp.modified.astimezone(timezone.utc))
    ev.add("sequence", sequence(doc, stamp))
    ev.add("dtstart", _local(info.start, info.timezone))
    if info.end:
        ev.add("dtend", _local(info.end, info.timezone))
    ev.add("summary", doc.title)
    ev.add("description", f"{doc.summary}\n\n{url}")
    ev.add("url", url)
    if info.location is not None:
        loc = info.location
        ev.add("location", loc.online or ", ".join(x for x in (loc.name, loc.city, loc.country) if x))
    return ev


def _zones(events: Iterable[Doc]) -> list[Timezone]:
    """One VTIMEZONE per IANA zone the events use, spanning their years (in TZID order)."""
    years: dict[str, list[int]] = {}
    for doc in events:
        info = doc.event
        if info.timezone.startswith("UTC"):
            continue
        for when in (info.start, info.end):
            if when is not None:
                years.setdefault(info.timezone, []).append(when.astimezone(timezone.utc).year)
    return [vtimezone(name, _years(ys)) for name, ys in sorted(years.items())]


#: Years a zone can be written for: `transitions` looks one year ahead, `_part` a day back.
_FIRST_YEAR, _LAST_YEAR = datetime.min.year + 1, datetime.max.year - 1


def _years(event_years: Iterable[int]) -> tuple[int, ...]:
    """Each event's year with MARGIN_YEARS on both sides, within what datetime can hold."""
    return tuple(sorted({min(max(y + d, _FIRST_YEAR), _LAST_YEAR)
                         for y in event_years for d in range(-MARGIN_YEARS, MARGIN_YEARS + 1)}))


def _calendar(name: str, events: list[Doc], settings: Settings, stamps: Stamps, index: Versions | None) -> bytes:
    from icalendar import Calendar, vText

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", vText(name))  # vText: escaped (a comma in "Numo, Sestry!")
    ordered = sorted(events, key=lambda d: (d.event.start, d.key))
    for tz in _zones(ordered):
        cal.add_component(tz)
    for doc in ordered:
        cal.add_component(_event(doc, settings, stamps, index))
    return cal.to_ical()


def language_calendar(name: str, lang: str, events: list[Doc], settings: Settings,
                      stamps: Stamps | None = None, index: Versions | None = None) -> bytes:
    return _calendar(name, events, settings, stamps or Stamps(events, index), index)


def event_calendar(doc: Doc, settings: Settings, stamps: Stamps | None = None, index: Versions | None = None) -> bytes:
    return _calendar(doc.title, [doc], settings, stamps or Stamps([doc], index), index)
