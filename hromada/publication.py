"""The one publication decision: is this page, in this language, published?

Every output (pages, listings, home, series navigation, language switcher,
hreflang, search, sitemap, feeds, media files, reports) asks `Publication`;
nothing decides on its own. Consent is one input among draft and schedule.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Iterable, Mapping

from .consent import REVIEW_GRACE_DAYS, Person
from .content import ContentIndex, file_address, media_src_uri, url_for
from .languages import DEFAULT_LANGUAGE, LANGUAGES
from .model import Doc, Kind


@dataclass(frozen=True)
class Reason:
    """Why a page is excluded (or warned about). `code` is stable for reports and tests."""

    code: str
    detail: str

    def __str__(self) -> str:
        return f"{self.code}: {self.detail}"


@dataclass(frozen=True)
class Decision:
    published: bool
    reasons: tuple[Reason, ...] = ()
    warnings: tuple[Reason, ...] = ()
    search: bool = True  # search index, sitemap, no noindex
    feeds: bool = True
    social: bool = True  # person images in share metadata

    @property
    def why(self) -> str:
        return "; ".join(str(r) for r in self.reasons)


#: `scope.location`, from the least a page may show of where a person is to the most.
LOCATION_LEVELS = ("none", "country", "region", "district", "settlement")


def event_place_level(doc: Doc) -> str:
    """How precisely an event's page shows a place: a venue or city is a settlement (or finer),
    a country alone a country, an online meeting none; an online meeting's name is shown as its
    place, and may be one ("her flat, 12 Lesi Ukrainky St, and online"): a settlement, by default."""
    place = doc.event.location if doc.event is not None else None
    if place is None:
        return "none"
    if place.online:
        return "settlement" if place.name else "none"
    if place.name or place.city:
        return "settlement"
    return "country" if place.country else "none"


def originals_of(versions: Mapping[str, Doc]) -> list[Doc]:
    """A page's original versions: those without `translation_of`, or all of them when each
    has it. Default deny: of several versions without it, none is taken for a translation (a
    Ukrainian original's draft holds back an English translation that lacks the key; a draft
    translation begun without the key holds back the page until it is marked)."""
    untranslated = [v for v in versions.values() if not v.translation_of]
    return untranslated or list(versions.values())


def decide(doc: Doc, refs: Iterable[str], people: Mapping[str, Person], now: datetime,
           zone: tzinfo = timezone.utc, originals: Iterable[Doc] = ()) -> Decision:
    """Decide one page × language for everyone in `refs`. Pure: same inputs, same answer.

    `refs` are the people of every language version of the page (a translation
    cannot publish what its original could not). So with `originals`, the page's
    other original versions (`originals_of`): while one of them is a draft or
    scheduled, this version waits too (a translation of a text the person has not
    yet approved, or of an announcement under embargo). Days
    (expiry, review) are days in the site's time zone `zone`, whatever offset
    `now` is written with.
    """
    today = now.astimezone(zone).date()
    reasons: list[Reason] = []
    warnings: list[Reason] = []
    if doc.draft:
        reasons.append(Reason("draft", "draft: true"))
    if doc.published is not None and doc.published > now:
        reasons.append(Reason("scheduled", f"date {doc.published.isoformat()} is in the future"))
    for original in originals:
        if original.draft:
            reasons.append(Reason("original-draft", f"its original {original.path} is a draft" + (
                "" if doc.translation_of else " (if this version is the original, write translation_of in the other)")))
        if original.published is not None and original.published > now:
            reasons.append(Reason("original-scheduled", f"{original.path} is dated {original.published.isoformat()}, "
                                                        "in the future"))
    search = feeds = social = True
    shown = event_place_level(doc)  # how precisely the page tells where its people will be
    for ref in refs:
        person = people.get(ref)
        held, due = person_reasons(ref, person, today)
        reasons += held
        warnings += due
        if person is None:
            continue
        if doc.lang not in person.languages:
            reasons.append(Reason("language", f"{ref} did not consent to the '{doc.lang}' version"))
        if LOCATION_LEVELS.index(shown) > LOCATION_LEVELS.index(person.location if person.location in LOCATION_LEVELS else "none"):
            # where someone will be, and when: default deny, as for any detail beyond consent
            reasons.append(Reason("location-beyond-consent", f"the event's place ({shown}) tells where {ref} will be; "
                                                             f"their consent allows location: {person.location}"))
        search = search and "search" in person.channels
        feeds = feeds and "feeds" in person.channels
        social = social and "social" in person.channels
    return Decision(not reasons, tuple(reasons), tuple(warnings), search, feeds, social)


def person_reasons(ref: str, person: Person | None, today: date) -> tuple[list[Reason], list[Reason]]:
    """(what keeps every page naming `ref` out today, whatever its language or place; the
    review warning). Pure."""
    if person is None:  # reported as an error elsewhere; default deny regardless
        return [Reason("consent-missing", f"{ref} has no consent record")], []
    reasons: list[Reason] = []
    warnings: list[Reason] = []
    if person.status != "given":
        reasons.append(Reason(f"consent-{person.status}", f"{ref}'s consent is {person.status}"))
    if person.given is not None and person.given > today:  # a typo, or a form not yet signed: not consent yet
        reasons.append(Reason("consent-future", f"{ref}'s consent is dated {person.given}, after today"))
    if person.expires is not None and today >= person.expires:
        reasons.append(Reason("consent-expired", f"{ref}'s consent expired on {person.expires}"))
    if person.review_by is not None and today > person.review_by:
        overdue = person.review_by + timedelta(days=REVIEW_GRACE_DAYS)
        if today > overdue:
            reasons.append(Reason("review-overdue", f"{ref}'s consent was due for review on {person.review_by}; the {REVIEW_GRACE_DAYS}-day grace ended {overdue}"))
        else:
            warnings.append(Reason("review-due", f"{ref}'s consent was due for review on {person.review_by}; excluded after {overdue}"))
    if "web" not in person.channels:
        reasons.append(Reason("channel-web", f"{ref} did not consent to the web channel"))
    return reasons, warnings


def address_owners(keys: Iterable[str]) -> dict[str, list[str]]:
    """Folder (its path under docs/ or stories/) -> the keys of the pages whose address is that
    folder's: its index.md, a page named like it (news/olena.md is published at news/olena/, so
    news/olena/hall.jpg and news/olena/more.md carry its slug), a story part named like it
    (stories/s/02-olena.md is at stories/s/olena/, and reached at stories/s/02-olena/ too)."""
    owners: dict[str, list[str]] = {}
    for key in sorted(keys):
        for address in dict.fromkeys((url_for(key, DEFAULT_LANGUAGE), file_address(key, DEFAULT_LANGUAGE))):
            if address.strip("/"):
                owners.setdefault(address.strip("/"), []).append(key)
    return owners


def folder_pages(key: str, owners: Mapping[str, list[str]]) -> list[str]:
    """The keys of the pages whose addresses are the folders `key` (a page's key or a media
    file's path) lies in, nearest first (`owners`: address_owners of every page): a story part's
    series, a page's folder page, a page named like its folder. Never the site's home page, and
    never the page itself."""
    folders = key.split("/")[:-1]
    if key.rsplit("/", 1)[-1] == "index.md":
        folders = folders[:-1]
    return [owner for depth in range(len(folders), 0, -1) for owner in owners.get("/".join(folders[:depth]), ())
            if owner != key]


@dataclass(frozen=True)
class FolderLimits:
    """What the pages of the folders a page lies in allow it (`folder_limits`)."""

    reasons: tuple[Reason, ...] = ()  # why it is excluded, if it is
    search: bool = True
    feeds: bool = True
    social: bool = True


def folder_limits(doc: Doc, index: ContentIndex, decisions: Mapping[str, Decision],
                  owners: Mapping[str, list[str]]) -> FolderLimits:
    """What `doc` may be, given the pages of the folders it, or a picture or video it uses, lies
    in: their addresses hold that page's slug (stories/<series>/..., about/<folder>/...,
    news/<slug>/hall.jpg beside news/<slug>.md), and a slug often names the person (red-team
    round 5: a withdrawn series' parts kept publishing its name in every address; a photo kept
    in that folder and used by a news page, in the page, its copies' names and og:image; round
    6: the same under a page named like its folder, and a series kept out of search whose parts
    put its slug in the sitemap and the index, or out of feeds, in the feeds).
    A folder page with a version in this language must be published in it, and its channels
    bound `doc`'s; one without, published in some language (its slug is then public already), and
    a channel is open when a published version has it."""
    reasons: list[Reason] = []
    search = feeds = social = True
    own_folders = folder_pages(doc.key, owners)
    keys = dict.fromkeys([*own_folders, *(k for ref in doc.media for k in folder_pages(media_src_uri(doc, ref.file), owners))])
    for key in keys:
        versions = index.versions(key)
        if not versions:
            continue
        own = versions.get(doc.lang)
        shown = [decisions[own.src_uri]] if own is not None else [decisions[v.src_uri] for v in versions.values()]
        shown = [d for d in shown if d.published]
        if not shown:
            page = own or next(iter(sorted(versions.values(), key=lambda v: v.path)))
            holder = "its address holds" if key in own_folders else "a picture or video it uses lies in the folder of, and " \
                                                                     "its address holds,"
            reasons.append(Reason("folder-page-excluded", f"{holder} the name of {page.path}, which is not "
                                                          f"published{' in this language' if own is not None else ''}"))
            continue
        search = search and any(d.search for d in shown)
        feeds = feeds and any(d.feeds for d in shown)
        social = social and any(d.social for d in shown)
    return FolderLimits(tuple(reasons), search, feeds, social)


@dataclass
class Publication:
    """Decisions for every page × language of one build, and the questions outputs ask."""

    index: ContentIndex
    people: Mapping[str, Person]
    now: datetime
    zone: tzinfo = timezone.utc
    decisions: dict[str, Decision] = field(default_factory=dict)  # by src_uri

    def __post_init__(self) -> None:
        for doc in self.index.docs:
            originals = [v for v in originals_of(self.index.versions(doc.key)) if v is not doc]
            self.decisions[doc.src_uri] = decide(doc, self.index.people_of(doc.key), self.people, self.now, self.zone,
                                                 originals)
        own = dict(self.decisions)  # each folder page decided on its own first, then what lies under it
        owners = address_owners(self.index.by_key)
        for doc in self.index.docs:
            limits, decision = folder_limits(doc, self.index, own, owners), self.decisions[doc.src_uri]
            self.decisions[doc.src_uri] = replace(
                decision, published=decision.published and not limits.reasons, reasons=decision.reasons + limits.reasons,
                search=decision.search and limits.search, feeds=decision.feeds and limits.feeds,
                social=decision.social and limits.social)
        self._published_by_lang: dict[str, list[Doc]] = {lang: [] for lang in LANGUAGES}
        for doc in self.index.docs:
            if self.decisions[doc.src_uri].published:
                self._published_by_lang[doc.lang].append(doc)

    def decision(self, doc: Doc) -> Decision:
        return self.decisions[doc.src_uri]

    def is_published(self, doc: Doc) -> bool:
        return self.decisions[doc.src_uri].published

    def published(self, lang: str, kinds: Iterable[Kind] | None = None) -> list[Doc]:
        docs = self._published_by_lang[lang]
        if kinds is None:
            return list(docs)
        wanted = set(kinds)
        return [d for d in docs if d.kind in wanted]

    def versions(self, key: str) -> dict[str, Doc]:
        """The published language versions of the page `key` (what feed_items.item_key may
        borrow an `id` from: an excluded file's front matter never reaches an output)."""
        return {lang: doc for lang, doc in self.index.versions(key).items() if self.is_published(doc)}

    def alternates(self, doc: Doc) -> dict[str, Doc]:
        """Published language versions of the same page (itself included when published)."""
        return {
            lang: other
            for lang, other in sorted(self.index.versions(doc.key).items(), key=lambda kv: LANGUAGES.index(kv[0]))
            if self.is_published(other)
        }

    def excluded(self) -> list[tuple[Doc, Decision]]:
        return [(d, self.decisions[d.src_uri]) for d in self.index.docs if not self.decisions[d.src_uri].published]

    def warnings(self) -> list[tuple[Doc, Reason]]:
        return [(d, w) for d in self.index.docs for w in self.decisions[d.src_uri].warnings]

    def in_search(self, doc: Doc) -> bool:
        d = self.decisions[doc.src_uri]
        return d.published and d.search

    def in_feeds(self, doc: Doc) -> bool:
        d = self.decisions[doc.src_uri]
        return d.published and d.feeds


