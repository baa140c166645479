"""Hromada's settings, read from mkdocs.yml's `extra` section and checked.

They live under `extra` because MkDocs hooks, unlike plugins, have no config
scheme of their own; checking them here gives the same clear errors.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping
from urllib.parse import urlparse

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

    def category_name(self, slug: str, lang: str) -> str:
        names = self.categories.get(slug, {})
        return names.get(lang) or names.get(DEFAULT_LANGUAGE) or slug


def read(extra: Mapping[str, Any] | None, site_url: str | None, source: str = "mkdocs.yml") -> tuple[Settings | None, list[Problem]]:
    extra = extra or {}
    problems: list[Problem] = []
    cats_raw = extra.get("categories", {})
    categories: dict[str, dict[str, str]] = {}
    if not isinstance(cats_raw, dict):
        problems.append(Problem(source, "extra.categories", "a mapping of category slug to names per language"))
        cats_raw = {}
    for slug, names in cats_raw.items():
        if not isinstance(slug, str) or not slug.replace("-", "").isalnum() or slug != slug.lower():
            problems.append(Problem(source, f"extra.categories.{slug}", "a lower-case slug like war-and-justice"))
            continue
        if not isinstance(names, dict) or DEFAULT_LANGUAGE not in names or not all(
            k in LANGUAGES and isinstance(v, str) and v.strip() for k, v in names.items()
        ):
            problems.append(Problem(source, f"extra.categories.{slug}", "names per language like {en: Advocacy, uk: Адвокація}, English required"))
            continue
        categories[slug] = dict(names)

    raw = extra.get("hromada", {}) or {}
    if not isinstance(raw, dict):
        problems.append(Problem(source, "extra.hromada", "a mapping of Hromada settings"))
        raw = {}
    for unknown in sorted(set(raw) - set(DEFAULTS)):
        problems.append(Problem(source, f"extra.hromada.{unknown}", "unknown setting; known: " + ", ".join(sorted(DEFAULTS))))
    values = dict(DEFAULTS)
    for key, default in DEFAULTS.items():
        if key not in raw:
            continue
        value = raw[key]
        if isinstance(default, int):
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                problems.append(Problem(source, f"extra.hromada.{key}", f"a whole number from 1 (found {value!r})"))
                continue
        else:
            parsed = urlparse(value) if isinstance(value, str) else None
            if not parsed or parsed.scheme not in ("http", "https") or not parsed.netloc:
                problems.append(Problem(source, f"extra.hromada.{key}", f"an absolute http(s) URL of a neutral site (found {value!r})"))
                continue
        values[key] = value
    if problems:
        return None, problems
    return Settings(categories=categories, site_url=(site_url or ""), **values), []
