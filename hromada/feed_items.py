"""What every feed and calendar says about an item: its lasting id and its instants.

Feed readers and calendar apps recognise an item by its id: a new id is a new
item, shown a second time. So the id comes only from what stays for the life
of a page and language version: its key (file path without language suffix)
and its language, or the explicit front-matter `id` staff set when a page
moves (the key it had before). Never from `date`, which staff correct.

Instants: a date without a time is midnight of that day in the site's time
zone (schema.py), written with that zone's offset. Two such items on the same
day would share an instant; Atom readers then cannot order them and the W3C
validator warns. So a date-only instant gets a whole number of seconds within
its first hour, the same for every feed and calendar of the build: a hash of
the item's language and id (so adding an item never moves the others), and on
a clash the next free second, in the order of language, day and id. The day
in the site's zone never changes; explicit datetimes are left exactly as written.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from typing import Iterable, Mapping, Protocol
from urllib.parse import urlsplit

from .content import ContentIndex, public_src_uri
from .languages import LANGUAGES
from .model import Doc
from .problems import Problem

#: The date part of every tag URI (RFC 4151): fixed, so no id ever changes with a date.
TAG_DATE = "2026"
#: Date-only instants are spread within the first hour of their day.
SPREAD_SECONDS = 3600


class Versions(Protocol):
    """Where an item looks for an `id` set on another language version: a build's
    Publication (published versions only: an excluded file's front matter is never
    copied into an output, and its `id` is an address it once had) or, for the check, the
    ContentIndex (every version: a clash is refused before anything is decided)."""

    def versions(self, key: str) -> Mapping[str, Doc]: ...


def item_key(doc: Doc, index: Versions | None = None) -> str:
    """The language-neutral identity of a page: its own `id`, else one set on another
    language version of the same page that `index` offers, else its key without `.md`."""
    if doc.id:
        return doc.id
    if index is not None:
        versions = index.versions(doc.key)
        for lang in LANGUAGES:
            other = versions.get(lang)
            if other is not None and other.id:
                return other.id
    return public_src_uri(doc.key).removesuffix(".md")  # no story part number: see public_src_uri


def id_problems(index: ContentIndex) -> list[Problem]:
    """Two pages of one language with one identity would be one item to every reader. A page's
    identity is its `id`, one borrowed from another of its language versions (only a published
    one, in a build: which one depends on the decisions), or its key. So that every choice is
    unique: the versions of a page agree on one `id`, no two pages share an `id`, and no `id`
    names another page's address. Without any `id` every identity is a page's own key, one per
    language by construction: nothing to compare (the usual case, checked on every save of a
    preview)."""
    if not any(doc.id for doc in index.docs):
        return []
    keys: dict[str, Doc] = {}  # a page's address -> its first file (by path)
    for doc in sorted(index.docs, key=lambda d: d.path):
        keys.setdefault(doc.key.removesuffix(".md"), doc)
    owner: dict[str, Doc] = {}  # id -> the first page (by path) that set it
    problems = []
    for doc in sorted((d for d in index.docs if d.id), key=lambda d: d.path):
        ident = doc.id
        page = keys.get(ident)
        first = owner.setdefault(ident, doc)
        if page is not None and page.key != doc.key:
            problems.append(Problem(doc.path, "id", f"an id no other page has ('{ident}' is already {page.path}'s)"))
        elif first.key != doc.key:
            problems.append(Problem(doc.path, "id", f"an id no other page has ('{ident}' is already {first.path}'s)"))
        else:
            model = min((v for v in index.versions(doc.key).values() if v.id), key=lambda v: v.path)
            if model.id != ident:
                problems.append(Problem(doc.path, "id", f"the id of every language version of this page: "
                                                        f"'{model.id}', as in {model.path}"))
    return problems


def host_of(site_url: str) -> str:
    return urlsplit(site_url).hostname or "hromada.invalid"


def tag_uri(site_url: str, doc: Doc, index: Versions | None = None) -> str:
    """Feed item id (RSS guid, Atom id, JSON Feed id): distinct per language version."""
    return f"tag:{host_of(site_url)},{TAG_DATE}:{doc.lang}/{item_key(doc, index)}"


def calendar_uid(site_url: str, doc: Doc, index: Versions | None = None) -> str:
    """An event's UID in every calendar file: the same item in the language calendar and its own file."""
    return f"{doc.lang}/{item_key(doc, index)}@{host_of(site_url)}"


def is_date_only(dt: datetime) -> bool:
    """Written as a bare date: midnight in the site's zone (a ZoneInfo). An explicit
    datetime, even at midnight, carries a fixed offset (datetime.timezone)."""
    return dt.time() == time(0) and not isinstance(dt.tzinfo, timezone)


def _hash_seconds(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "big") % SPREAD_SECONDS


@dataclass(frozen=True)
class Stamp:
    published: datetime
    modified: datetime


class Stamps:
    """Published and modified instants of every item, as feeds and calendars write them."""

    def __init__(self, docs: Iterable[Doc], index: Versions | None = None):
        docs = [d for d in docs if d.published is not None]
        self._by_uri: dict[str, Stamp] = {}
        taken: set[tuple[str, datetime]] = set()
        spread: list[tuple[str, datetime, str, Doc]] = []
        for doc in docs:
            if is_date_only(doc.modified):
                spread.append((doc.lang, doc.modified, item_key(doc, index), doc))
            else:
                taken.add((doc.lang, doc.modified))
                self._by_uri[doc.src_uri] = self._shifted(doc, 0)
        for lang, day, key, doc in sorted(spread, key=lambda x: (LANGUAGES.index(x[0]) if x[0] in LANGUAGES else 99, x[1], x[2])):
            seconds = _hash_seconds(f"{lang}/{key}")
            while (lang, day + timedelta(seconds=seconds)) in taken:
                seconds += 1
            taken.add((lang, day + timedelta(seconds=seconds)))
            self._by_uri[doc.src_uri] = self._shifted(doc, seconds)

    @staticmethod
    def _shifted(doc: Doc, seconds: int) -> Stamp:
        shift = timedelta(seconds=seconds)
        published = doc.published + shift if is_date_only(doc.published) else doc.published
        modified = doc.modified + shift if is_date_only(doc.modified) else doc.modified
        return Stamp(published, max(modified, published))

    def of(self, doc: Doc) -> Stamp:
        """A doc seen at construction; any other (a preview) gets its front-matter instants."""
        found = self._by_uri.get(doc.src_uri)
        if found is not None:
            return found
        return Stamp(doc.published, doc.modified or doc.published)  # type: ignore[arg-type]


def sequence(doc: Doc, stamp: Stamp) -> int:
    """iCalendar SEQUENCE: 0 until staff set `updated`, then the minutes from 2000-01-01
    UTC to it, so each later `updated` gives a higher number. RFC 5545 allows at most
    2**31 - 1 (about the year 6083); schema.PAGE_YEARS refuses any page date after 2999 in
    `hromada check`, so this stays in range without changing the numbers calendars hold."""
    if doc.updated is None:
        return 0
    return int((stamp.modified - datetime(2000, 1, 1, tzinfo=timezone.utc)).total_seconds() // 60)
