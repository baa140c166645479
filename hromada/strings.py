"""Hromada's interface strings per language (strings.yml), and dates via Babel."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from babel.dates import format_date, format_time

from .languages import DEFAULT_LANGUAGE


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    return yaml.safe_load((Path(__file__).with_name("strings.yml")).read_text(encoding="utf-8"))


def t(lang: str, key: str, **values: object) -> str:
    entry = _table()[key]
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


#: Babel's Tajik data gives "25 Июл 2026"; readers write months in lower case, in the izofat form.
TAJIK_MONTHS = ("январи", "феврали", "марти", "апрели", "майи", "июни", "июли", "августи",
                "сентябри", "октябри", "ноябри", "декабри")


def long_date(d: date | datetime, lang: str) -> str:
    if isinstance(d, datetime):
        d = d.date()
    if lang == "tg":
        return f"{d.day} {TAJIK_MONTHS[d.month - 1]} {d.year}"
    return format_date(d, "long", locale=lang)


def zone(name: str) -> tzinfo:
    """An IANA zone, or a fixed offset for names like 'UTC+02:00'."""
    if name.startswith("UTC") and len(name) == 9:
        sign = 1 if name[3] == "+" else -1
        return timezone(sign * timedelta(hours=int(name[4:6]), minutes=int(name[7:9])))
    return ZoneInfo(name)


def event_datetime(dt: datetime, tz_name: str, lang: str) -> str:
    """Date and time as readers at the event's place see them."""
    local = dt.astimezone(zone(tz_name))
    return f"{long_date(local.date(), lang)}, {format_time(local.time(), 'HH:mm', locale=lang)}"


def utc_offset(dt: datetime, tz_name: str) -> str:
    """'UTC+2', 'UTC+5:30', 'UTC−3' at that moment (summer time included), as readers write it."""
    minutes = int((dt.astimezone(zone(tz_name)).utcoffset() or timedelta(0)).total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    h, m = divmod(abs(minutes), 60)
    return f"UTC{'+' if minutes > 0 else '−'}{h}" + (f":{m:02d}" if m else "")


def zone_note(dt: datetime, tz_name: str, lang: str) -> str:
    """'Times are local time in Kyiv (UTC+2).', in the reader's language, instead of 'Europe/Kyiv'."""
    offset = utc_offset(dt, tz_name)
    if tz_name.startswith("UTC"):
        return t(lang, "event_timezone_offset", offset=offset)
    key = f"zone_city_{tz_name}"
    city = t(lang, key) if key in _table() else tz_name.rsplit("/", 1)[-1].replace("_", " ")
    return t(lang, "event_timezone", city=city, offset=offset)


def event_time(dt: datetime, tz_name: str, lang: str) -> str:
    return format_time(dt.astimezone(zone(tz_name)).time(), "HH:mm", locale=lang)
