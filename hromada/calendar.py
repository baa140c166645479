"""iCalendar files for events: one per language, and one per event ("add to calendar")."""
from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

from icalendar import Calendar, Event

from .model import Doc
from .settings import Settings
from .strings import zone


def _uid(settings: Settings, doc: Doc) -> str:
    host = urlsplit(settings.site_url).hostname or "hromada.invalid"
    return f"{doc.lang}/{doc.key.removesuffix('.md')}@{host}"


def _local(dt: datetime, tz_name: str) -> datetime:
    """In the event's IANA zone (written with TZID), or UTC when only an offset is known."""
    if tz_name.startswith("UTC"):
        return dt.astimezone(timezone.utc)
    return dt.astimezone(zone(tz_name))


def _event(doc: Doc, settings: Settings) -> Event:
    ev, info = Event(), doc.event
    url = urljoin(settings.site_url, doc.url)
    ev.add("uid", _uid(settings, doc))
    ev.add("dtstamp", doc.modified.astimezone(timezone.utc))  # from front matter: rebuilds are identical
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


def _calendar(name: str, lang: str, events: list[Doc], settings: Settings) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Hromada//Events//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for doc in sorted(events, key=lambda d: (d.event.start, d.key)):
        cal.add_component(_event(doc, settings))
    cal.add_missing_timezones()
    # its order follows a set; sort so unchanged events give byte-identical files
    zones = sorted((c for c in cal.subcomponents if c.name == "VTIMEZONE"), key=lambda c: str(c["TZID"]))
    cal.subcomponents[:] = zones + [c for c in cal.subcomponents if c.name != "VTIMEZONE"]
    return cal.to_ical()


def language_calendar(name: str, lang: str, events: list[Doc], settings: Settings) -> bytes:
    return _calendar(name, lang, events, settings)


def event_calendar(doc: Doc, settings: Settings) -> bytes:
    return _calendar(doc.title, doc.lang, [doc], settings)
