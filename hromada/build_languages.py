"""Which languages this build draws: all of them, or those named in HROMADA_LANGUAGES.

A large site can be built as one CI job per language (README, "Scaling out"):
every job reads and decides the whole content (so listings, switchers, hreflang
and the sitemap agree), draws only its languages' pages, feeds, calendars and
search index, and `hromada merge` puts the jobs' folders together. The
default language's home page is drawn by every job (static-i18n needs one);
it is the same in all of them, and `hromada merge` checks that it is.
"""
from __future__ import annotations

import os
import re

from .languages import DEFAULT_LANGUAGE, LANGUAGES

__all__ = ["ENV", "LANGUAGES", "of_path", "selected"]
from .problems import ContentError, Problem

ENV = "HROMADA_LANGUAGES"


def selected() -> frozenset[str]:
    """The languages to draw; every language when HROMADA_LANGUAGES is unset or empty."""
    raw = os.environ.get(ENV, "").strip()
    if not raw:
        return frozenset(LANGUAGES)
    codes = [c for c in re.split(r"[\s,]+", raw) if c]
    unknown = [c for c in codes if c not in LANGUAGES]
    if unknown:
        raise ContentError([Problem("environment", ENV, f"language codes among {', '.join(LANGUAGES)}, "
                                                        f"separated by commas (found '{unknown[0]}')")])
    return frozenset(codes)


def of_path(rel: str) -> str:
    """The language an output file belongs to, from its place: uk/... is Ukrainian, the rest English."""
    head = rel.split("/", 1)[0]
    return head if head in LANGUAGES and head != DEFAULT_LANGUAGE else DEFAULT_LANGUAGE
