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


def long_date(d: date | datetime, lang: str) -> str:
    if isinstance(d, datetime):
        d = d.date()
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
    return f"{format_date(local.date(), 'long', locale=lang)}, {format_time(local.time(), 'HH:mm', locale=lang)}"


def event_time(dt: datetime, tz_name: str, lang: str) -> str:
    return format_time(dt.astimezone(zone(tz_name)).time(), "HH:mm", locale=lang)
