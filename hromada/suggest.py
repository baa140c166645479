"""The nearest known word for a typo ("did you mean ...?"), so an error line says the fix.

One place for every suggestion (keys, category and organisation slugs, consent
refs, language suffixes), so they all read the same. Suggestions are only
ever made from words the site already knows; nothing is guessed beyond them.
"""
from __future__ import annotations

import difflib
from pathlib import PurePosixPath
from typing import Any, Iterable

from .languages import DEFAULT_LANGUAGE, LANGUAGES

#: Codes staff type for our languages that are not ours: country codes, ISO 639-2/3, habits.
LANGUAGE_ALIASES = {
    "ua": "uk", "ukr": "uk", "rus": "ru", "tj": "tg", "tgk": "tg", "taj": "tg", "tjk": "tg",
    "eng": "en", "gb": "en", "us": "en", "ен": "en",
}


#: Front-matter words staff reach for that are not keys, and the key that does that job.
KEY_ALIASES = {"image": "media", "images": "media", "photo": "media", "photos": "media",
               "picture": "media", "pictures": "media", "video": "media", "videos": "media",
               "person": "people", "persons": "people"}


def nearest(word: str, known: Iterable[str], cutoff: float = 0.7, aliases: dict[str, str] | None = None) -> str | None:
    """The known word closest to `word` (difflib), or None when nothing is close."""
    if not isinstance(word, str) or not word:
        return None
    choices = sorted({k for k in known if isinstance(k, str)})
    if aliases and aliases.get(word.lower()) in choices:
        return aliases[word.lower()]
    folded = {c.lower(): c for c in choices}
    if word.lower() in folded and folded[word.lower()] != word:  # only the case differs
        return folded[word.lower()]
    found = difflib.get_close_matches(word.lower(), list(folded), n=1, cutoff=cutoff)
    return folded[found[0]] if found else None


def nameable_pages(docs: Iterable[Any]) -> set[str]:
    """The page keys a problem line may offer as a suggestion: those no version of which names a
    person. A person page's file name is often hers, whether it is published is not known when
    the line is written, and a build log may be read by more people than the site's staff
    (consent.md, section 8: an excluded page is never printed in a build log)."""
    docs = list(docs)
    people = {doc.key for doc in docs if doc.people}
    return {doc.key for doc in docs} - people


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """'did you mean summary? ' (with the trailing space) or ''."""
    found = nearest(word, known)
    return f"did you mean {found}? " if found and found != word else ""


def same_ref(ref: str, known: Iterable[str]) -> str:
    """'did you mean P-0101? ' only for the same ref written otherwise (p-0101, P0101, P 0101),
    else ''. A ref names one person: the nearest other ref is another woman, and following
    such a hint would publish a page under her consent (a careless-editor review)."""
    def plain(r: str) -> str:
        return "".join(ch for ch in r.casefold() if ch.isalnum())

    same = [k for k in known if plain(k) == plain(ref) and k != ref]
    return f"did you mean {same[0]}? " if len(same) == 1 else ""


def language(code: str) -> str | None:
    """Our language that a wrong suffix most likely meant (ua -> uk), or None."""
    code = code.lower()
    if code in LANGUAGES:
        return code
    base = code.replace("_", "-").split("-")[0]  # a locale: uk-UA, ru_RU
    if base != code and (base in LANGUAGES or base in LANGUAGE_ALIASES):
        return LANGUAGE_ALIASES.get(base, base)
    if code in LANGUAGE_ALIASES:
        return LANGUAGE_ALIASES[code]
    return nearest(code, LANGUAGES, cutoff=0.67)


def suffix_hint(file_name: str, code: str) -> str:
    """What a file with a wrong language suffix should be called: 'did you mean item.uk.md? '."""
    lang = language(code)
    if lang is None:
        return ""
    name = PurePosixPath(file_name)
    stem = name.name[: -len(f".{code}{name.suffix}")]
    fixed = f"{stem}{name.suffix}" if lang == DEFAULT_LANGUAGE else f"{stem}.{lang}{name.suffix}"
    return f"did you mean {fixed}? "
