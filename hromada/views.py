"""What a reader sees, as plain data for the templates in overrides/partials/hromada/.

Python decides *what* is shown (which items, in which order, which picture,
which links, in which language); the templates decide *how* it looks, so a
designer can restyle cards, listings, the event box or the footer without
touching Python. Every text field here is plain text, never HTML: templates
escape it (`| e`). URLs in body views are relative to the page they are drawn
on, so the site works under any path and opened from disk; URLs in `Site`
are site-relative and go through MkDocs' `url` filter.

Each view names its template (`template`); a view holding other views lets
its template include theirs, so the whole tree is drawn by templates.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, ClassVar, Mapping, Sequence
from urllib.parse import quote

from PIL import Image as PILImage

from . import derivatives, images
from .content import ContentIndex, media_src_uri
from .languages import DEFAULT_LANGUAGE, split_language
from .model import Doc, EventInfo, Kind
from .strings import event_datetime, event_time, long_date, t, zone_note
from .urls import relative

#: Where the partials live in the theme (overrides/ first, then Material).
PARTIALS = "partials/hromada/"


class View:
    """A piece of a page drawn by one template."""

    template: ClassVar[str]

    @property
    def editor_addresses(self) -> bool:
        """Whether it holds addresses an editor wrote in front matter (a call to action, a
        registration page), which may name a page of this site that the publication decision
        takes away: its HTML is then settled like a page's text (Build.blocks). Every other
        view's links are drawn from published pages only, like the listings', and are not read
        again."""
        return False


# --- small parts -------------------------------------------------------------
@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: bool = False  # the page the reader is on (aria-current)
    note: str = ""  # e.g. a count next to a category
    unsearched: bool = False  # names a page kept out of search: its words are no search result's snippet


@dataclass(frozen=True)
class When:
    """A date or time as readers read it (`text`) and as machines do (`datetime`)."""

    text: str
    datetime: str
    end_text: str = ""
    end_datetime: str = ""


@dataclass(frozen=True)
class Source:
    """One file of a picture at one width (`url` relative to the page it is drawn on)."""

    url: str
    width: int


@dataclass(frozen=True)
class Picture:
    """A picture and its smaller copies (hromada/derivatives.py), drawn by picture.html.

    `webp` and `fallback` list the same picture at several widths, narrowest
    first: WebP for browsers that take it, and the original's own format
    (JPEG, PNG) for the rest; both empty when it has no copies (animated,
    or not one of the site's files). `attrs` are other attributes the page's
    own Markdown gave the picture (title, class), kept as written."""

    url: str
    alt: str = ""  # empty in cards: the title next to it says what the item is
    width: int | None = None
    height: int | None = None
    webp: tuple[Source, ...] = ()
    fallback: tuple[Source, ...] = ()
    attrs: tuple[tuple[str, str], ...] = ()

    @property
    def src(self) -> str:
        """The one file for browsers that read no srcset: the widest fallback copy, else the original."""
        return _href(self.fallback[-1].url) if self.fallback else self.url

    @property
    def webp_srcset(self) -> str:
        return _srcset(self.webp)

    @property
    def srcset(self) -> str:
        return _srcset(self.fallback)

    def upto(self, widest: int) -> "Picture":
        """The same picture offering no copy wider than `widest` (at least its narrowest): a
        thumbnail needs no photo's full width, even on a 3x screen (1080 px costs half again as much as 720)."""
        keep = lambda sources: tuple(s for s in sources if s.width <= widest) or sources[:1]  # noqa: E731
        return Picture(self.url, self.alt, self.width, self.height, keep(self.webp), keep(self.fallback), self.attrs)

    def relative_to(self, here: str) -> "Picture":
        """The same picture with site-relative URLs made relative to the page `here`."""
        move = lambda sources: tuple(Source(relative(here, s.url), s.width) for s in sources)  # noqa: E731
        return Picture(relative(here, self.url), self.alt, self.width, self.height,
                       move(self.webp), move(self.fallback), self.attrs)


def _srcset(sources: tuple[Source, ...]) -> str:
    return ", ".join(f"{_href(s.url)} {s.width}w" for s in sources)


def _href(path: str) -> str:
    """A file path as a URL: a space or comma would split a srcset, so every such character is encoded."""
    return quote(path, safe="/._-~")


def picture(url: str, plan: "derivatives.Plan", width: int | None, height: int | None, alt: str = "",
            attrs: tuple[tuple[str, str], ...] = (), url_of: Callable[[str], str] = lambda path: path) -> Picture:
    """A Picture of the published file `url` with the renditions `plan` gives (derivatives.plan);
    `url_of` turns a rendition's site path into a path relative to the page (not yet URL-encoded)."""
    if plan.fallback and not (width and height):  # the shape the page reserves before the picture arrives
        width, height = plan.fallback[-1].width, plan.fallback[-1].height
    webp = tuple(Source(url_of(r.path), r.width) for r in plan.webp)
    fallback = tuple(Source(url_of(r.path), r.width) for r in plan.fallback)
    return Picture(url, alt, width, height, webp, fallback, attrs)


# --- cards and lists of them --------------------------------------------------
@dataclass(frozen=True)
class Card(View):
    """One item in a listing, on the home page or under "related publications"."""

    template: ClassVar[str] = PARTIALS + "card.html"
    kind: str  # news | interview | event | campaign | story | series | organization
    kind_label: str
    lang: str
    title: str
    url: str
    summary: str = ""
    when: When | None = None
    organizations: tuple[str, ...] = ()
    image: Picture | None = None
    label: str = ""  # why it is listed here (a category) or a series' cadence
    ended: str = ""  # "This event has ended." on a past event
    #: its page is kept out of search (a person's `search` channel): the card is marked
    #: data-nosnippet, so a search engine shows none of its words under this listing's address
    unsearched: bool = False


@dataclass(frozen=True)
class Cards(View):
    template: ClassVar[str] = PARTIALS + "cards.html"
    cards: tuple[Card, ...]
    empty: str  # said when there is nothing to list
    thumbnails: bool = True  # False: a text-only list
    mixed: bool = False  # kinds are mixed (category, organisation, related): each card says what it is
    level: int = 3  # heading level of the titles: 2 right under the page title, 3 inside a section


@dataclass(frozen=True)
class Pagination(View):
    template: ClassVar[str] = PARTIALS + "pagination.html"
    label: str  # "Page 2 of 5"
    aria_label: str
    newer: Link | None = None
    older: Link | None = None


@dataclass(frozen=True)
class Section(View):
    """A titled group of views (latest news, upcoming events...), with a "see all" link."""

    template: ClassVar[str] = PARTIALS + "section.html"
    title: str
    parts: tuple[View, ...]
    more: Link | None = None
    anchor: str = ""


@dataclass(frozen=True)
class Listing(View):
    """The body of a generated listing page: its parts, then pagination."""

    template: ClassVar[str] = PARTIALS + "listing.html"
    parts: tuple[View, ...]
    pagination: Pagination | None = None
    calendar: Link | None = None  # events: the iCal file of this language


@dataclass(frozen=True)
class Links(View):
    """A plain list of links (categories with their counts, the preview list)."""

    template: ClassVar[str] = PARTIALS + "links.html"
    links: tuple[Link, ...]
    empty: str = ""


# --- home ------------------------------------------------------------------------
@dataclass(frozen=True)
class HomeLead(View):
    """The lead story at the top of the home page."""

    template: ClassVar[str] = PARTIALS + "home-lead.html"
    card: Card


@dataclass(frozen=True)
class Home(View):
    """The home page's sections under its lead and introduction."""

    template: ClassVar[str] = PARTIALS + "home.html"
    sections: tuple[Section, ...]


# --- blocks on typed pages ------------------------------------------------------
@dataclass(frozen=True)
class Byline(View):
    """Under a publication's title: date, organisations, categories."""

    template: ClassVar[str] = PARTIALS + "byline.html"
    when: When | None
    organizations: tuple[Link, ...]
    categories: tuple[Link, ...]
    kind_label: str = ""


@dataclass(frozen=True)
class EventBox(View):
    template: ClassVar[str] = PARTIALS + "event.html"
    when: When
    zone_note: str
    ended: bool
    where: str = ""  # a place, as text
    online: Link | None = None  # or an online meeting
    register: Link | None = None  # never on an ended event
    calendar: Link | None = None  # "Add to calendar": only when the feeds channel allows, never once ended

    @property
    def editor_addresses(self) -> bool:
        return self.online is not None or self.register is not None


@dataclass(frozen=True)
class SeriesNav(View):
    """'Part N of M', counted over the parts published in this language, with prev/next."""

    template: ClassVar[str] = PARTIALS + "series-nav.html"
    position: str
    aria_label: str
    series: Link | None = None
    previous: Link | None = None
    next: Link | None = None
    previous_label: str = ""
    next_label: str = ""


@dataclass(frozen=True)
class PartList(View):
    """A series' published parts, in order."""

    template: ClassVar[str] = PARTIALS + "part-list.html"
    parts: tuple[Card, ...]
    empty: str
    cadence: str = ""


@dataclass(frozen=True)
class Actions(View):
    """The end of a publication: the campaign's calls to action, or who published it and
    the site's own action link."""

    template: ClassVar[str] = PARTIALS + "actions.html"
    title: str
    buttons: tuple[Link, ...]
    organizations: tuple[Link, ...] = ()
    intro: str = ""
    from_front_matter: bool = False  # the buttons are the page's call_to_action

    @property
    def editor_addresses(self) -> bool:
        return self.from_front_matter


@dataclass(frozen=True)
class Figure(View):
    """A picture from the page's own text with its caption (the image's title, else its alt)."""

    template: ClassVar[str] = PARTIALS + "figure.html"
    image_html: str  # the <img> (or <picture>) as the page rendered it: already HTML
    caption: str
    lead: bool = False
    picture: Picture | None = None  # the same picture with its smaller copies: drawn instead of image_html
    link: str = ""  # the <a ...> the page wrapped the picture in, as rendered (HTML), or ""


# --- the site around every page -------------------------------------------------
@dataclass(frozen=True)
class Footer:
    organizations: tuple[Link, ...]
    pages: tuple[Link, ...]
    contact: Link | None
    note: str
    feeds: Link | None


@dataclass(frozen=True)
class Site:
    """Header, menus and footer of one language, for the page templates (`hromada_site`).

    URLs are site-relative ("uk/news/"): templates pass them through MkDocs'
    `url` filter, which makes them relative to the page (absolute on 404 pages).
    """

    lang: str
    home: str
    sections: tuple[Link, ...]  # the bar under the header on wide screens
    menu: tuple[Link, ...]  # the menu drawer on phones: home, sections, pages
    action: Link | None  # mkdocs.yml: extra.hromada.action
    footer: Footer
    navigation: bool  # mkdocs.yml: extra.hromada.navigation brings back Material's docs menus
    colors: Mapping[str, str]  # CSS custom property -> colour, from extra.hromada.colors
    search: str  # where the "search" link of the not-found page points (opens the search box)
    t: Mapping[str, str] = field(default_factory=dict)  # interface strings of this language


# --- builders -------------------------------------------------------------------
def when_of(doc: Doc, lang: str) -> When | None:
    """A publication's date, or an event's start and end in the event's own time zone."""
    if doc.kind is Kind.EVENT and doc.event:
        return _event_when(doc.event, lang)
    return _date_when(doc.date, lang) if doc.date is not None else None


@functools.lru_cache(maxsize=8192)  # Babel formats each date once, not once per card showing it
def _event_when(ev: EventInfo, lang: str) -> When:
    end_text = end_dt = ""
    if ev.end:
        same_day = ev.end.astimezone(ev.start.tzinfo).date() == ev.start.date()
        end_text = event_time(ev.end, ev.timezone, lang) if same_day else event_datetime(ev.end, ev.timezone, lang)
        end_dt = ev.end.isoformat()
    return When(event_datetime(ev.start, ev.timezone, lang), ev.start.isoformat(), end_text, end_dt)


@functools.lru_cache(maxsize=8192)
def _date_when(day: date, lang: str) -> When:
    return When(long_date(day, lang), day.isoformat())


def thumbnail(doc: Doc, index: ContentIndex) -> Picture | None:
    """The picture a card may show: the first image this very language version declares.

    Only a published item is listed, and a published item's declared media are
    published with it: the thumbnail appears and vanishes with the item, under
    the same consent. Images with a language suffix of their own are left out
    (their address differs per language build).
    """
    for ref in doc.media:
        if not images.is_image(ref.file):
            continue
        src = media_src_uri(doc, ref.file)
        path = index.files.assets.get(src) if index.files is not None else None
        if path is None or split_language(src) != (src, DEFAULT_LANGUAGE):
            return None
        width, height = image_size(str(path))
        # a media file keeps its path (news/img/a.jpg), and its copies are named after it
        return picture(src, derivatives.plan_for(src, path, index.files.assets), width, height)
    return None


@functools.lru_cache(maxsize=4096)
def image_size(path: str) -> tuple[int | None, int | None]:
    """Width and height as published (EXIF rotation applied), read from the header only."""
    try:
        with PILImage.open(path) as im:
            width, height = im.size
            if im.getexif().get(0x0112) in (5, 6, 7, 8):
                width, height = height, width
            return width, height
    except Exception:  # noqa: BLE001 - no size is better than no page; the image gate reports bad files
        return None, None


def card(doc: Doc, here: str, index: ContentIndex, organizations: Sequence[str],
         label: str = "", ended: bool = False, image: bool = True, unsearched: bool = False) -> Card:
    lang = doc.lang
    picture = thumbnail(doc, index) if image else None
    if picture is not None:
        picture = picture.relative_to(here)
    return Card(
        kind=doc.kind.value, kind_label=t(lang, f"kind_{doc.kind.value}"), lang=lang, title=doc.title,
        url=relative(here, doc.url), summary=doc.summary, when=when_of(doc, lang),
        organizations=tuple(organizations),
        image=picture, label=label, ended=t(lang, "event_ended") if ended else "", unsearched=unsearched,
    )


def cards(items: Sequence[Card], lang: str, empty_key: str = "nothing_here", thumbnails: bool = True, level: int = 3) -> Cards:
    return Cards(tuple(items), t(lang, empty_key), thumbnails, len({c.kind for c in items}) > 1, level)


def pagination(here: str, page: int, pages: int, url_of: Callable[[int], str], lang: str) -> Pagination | None:
    if pages <= 1:
        return None
    return Pagination(
        label=t(lang, "page_n_of_m", n=page, m=pages), aria_label=t(lang, "pagination"),
        newer=Link(t(lang, "newer"), relative(here, url_of(page - 1))) if page > 1 else None,
        older=Link(t(lang, "older"), relative(here, url_of(page + 1))) if page < pages else None,
    )


def event_box(doc: Doc, lang: str, ics_href: str = "", ended: bool = False) -> EventBox | None:
    ev = doc.event
    if ev is None:
        return None
    when = when_of(doc, lang)
    assert when is not None
    loc = ev.location
    where, online = "", None
    if loc is not None:
        if loc.online:
            online = Link(loc.name or loc.online, loc.online)
        else:
            where = ", ".join(x for x in (loc.name, loc.city, loc.country) if x)
    return EventBox(
        when=when, zone_note=zone_note(ev.start, ev.timezone, lang), ended=ended, where=where, online=online,
        register=Link(t(lang, "event_register"), ev.registration) if ev.registration and not ended else None,
        calendar=Link(t(lang, "add_to_calendar"), ics_href) if ics_href and not ended else None,
    )


def strings(lang: str) -> dict[str, str]:
    """Every interface string of a language without placeholders, for templates (`t.key`)."""
    from .strings import _table

    return {key: t(lang, key) for key, entry in _table().items() if "{" not in (entry.get(lang) or entry[DEFAULT_LANGUAGE])}


__all__ = ["View", "Link", "When", "Source", "Picture", "picture", "Card", "Cards", "Pagination", "Section", "Listing", "Links",
           "HomeLead", "Home", "Byline", "EventBox", "SeriesNav", "PartList", "Actions", "Figure", "Footer",
           "Site", "card", "cards", "pagination", "event_box", "thumbnail", "when_of", "strings"]
