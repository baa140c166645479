"""Hromada's settings, read from mkdocs.yml's `extra` section and checked.

They live under `extra` because MkDocs hooks, unlike plugins, have no config
scheme of their own; checking them here gives the same clear errors.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .frontmatter import key_name, shown, text_problem
from .languages import DEFAULT_LANGUAGE, LANGUAGES
from .problems import Problem

DEFAULTS = {
    "page_size": 10,
    "quick_exit_url": "https://www.google.com/search?q=weather",
    "home_news": 5,
    "home_stories": 3,
    "home_campaigns": 3,
    "home_events": 3,
    "related": 6,
    "feed_size": 50,
    "timezone": "UTC",
}


@dataclass(frozen=True)
class Settings:
    categories: Mapping[str, Mapping[str, str]]  # slug -> {lang: name}
    page_size: int
    quick_exit_url: str
    home_news: int
    home_stories: int
    home_campaigns: int
    home_events: int
    related: int
    feed_size: int
    site_url: str
    timezone: str = "UTC"  # IANA name: dates without a time, expiry and review are days there

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def site_host(self) -> str:
        return urlparse(self.site_url).netloc.lower()

    def category_name(self, slug: str, lang: str) -> str:
        names = self.categories.get(slug, {})
        return names.get(lang) or names.get(DEFAULT_LANGUAGE) or slug


def read(extra: Mapping[str, Any] | None, site_url: str | None, source: str = "mkdocs.yml") -> tuple[Settings | None, list[Problem]]:
    extra = {} if extra is None else extra
    problems: list[Problem] = []
    if not isinstance(extra, Mapping):
        problems.append(Problem(source, "extra", f"a mapping of settings (found {shown(extra)})"))
        extra = {}
    if not site_url:
        problems.append(Problem(source, "site_url", "required: the site's address, like https://example.org/ "
                                                    "(feeds, the sitemap and share cards need absolute links)"))
    elif _url_problem(site_url):
        problems.append(Problem(source, "site_url", f"{_url_problem(site_url)} (found {shown(site_url)})"))
        site_url = None
    cats_raw = extra.get("categories", {})
    categories: dict[str, dict[str, str]] = {}
    if not isinstance(cats_raw, dict):
        problems.append(Problem(source, "extra.categories", "a mapping of category slug to names per language"))
        cats_raw = {}
    for slug, names in cats_raw.items():
        if not isinstance(slug, str) or not slug.replace("-", "").isalnum() or slug != slug.lower() or not slug.isascii():
            problems.append(Problem(source, f"extra.categories.{key_name(slug)}", "a lower-case slug like war-and-justice"))
            continue
        if not isinstance(names, dict) or DEFAULT_LANGUAGE not in names or not all(
            k in LANGUAGES and isinstance(v, str) and v.strip() for k, v in names.items()
        ):
            problems.append(Problem(source, f"extra.categories.{slug}", "names per language like {en: Advocacy, uk: Адвокація}, English required"))
            continue
        wrong = next(((k, text_problem(v)) for k, v in names.items() if text_problem(v)), None)
        if wrong:
            problems.append(Problem(source, f"extra.categories.{slug}.{wrong[0]}", wrong[1]))
            continue
        categories[slug] = dict(names)

    raw = extra.get("hromada", {}) or {}
    if not isinstance(raw, dict):
        problems.append(Problem(source, "extra.hromada", "a mapping of Hromada settings"))
        raw = {}
    for unknown in sorted(set(raw) - set(DEFAULTS), key=str):
        problems.append(Problem(source, f"extra.hromada.{key_name(unknown)}", "unknown setting; known: " + ", ".join(sorted(DEFAULTS))))
    values = dict(DEFAULTS)
    for key, default in DEFAULTS.items():
        if key not in raw:
            continue
        value = raw[key]
        if isinstance(default, int):
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                problems.append(Problem(source, f"extra.hromada.{key}", f"a whole number from 1 (found {shown(value)})"))
                continue
        elif key == "timezone":
            if not _is_zone(value):
                problems.append(Problem(source, f"extra.hromada.{key}", f"an IANA time zone name like Europe/Kyiv or UTC (found {shown(value)})"))
                continue
        else:
            if _url_problem(value):
                problems.append(Problem(source, f"extra.hromada.{key}", f"an absolute http(s) URL of a neutral site (found {shown(value)})"))
                continue
        values[key] = value
    if problems:
        return None, problems
    return Settings(categories=categories, site_url=(site_url or ""), **values), []


def _url_problem(value: Any) -> str | None:
    """What is wrong with an absolute http(s) URL, or None."""
    try:
        parsed = urlparse(value) if isinstance(value, str) else None
    except ValueError:  # a malformed IPv6 host
        parsed = None
    if not parsed or parsed.scheme not in ("http", "https") or not parsed.netloc:
        return "an absolute http(s) URL like https://example.org/"
    if any(ch.isspace() or not ch.isprintable() for ch in value):
        return "a URL without spaces or control characters"
    return None


def _is_zone(value: Any) -> bool:
    try:
        ZoneInfo(value)
        return isinstance(value, str)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):  # OSError: a folder of zones, like Europe
        return False
