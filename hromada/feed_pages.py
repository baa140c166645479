"""The pages people see about feeds: the Subscribe page and one page per feed.

A feed's XML is for feed readers; a person who clicks "News feed" on the site
gets an HTML page instead (`subscribe/news/`, `uk/subscribe/feed/` ...) with
the addresses to copy into a reader and the feed's latest items, dated in the
page's language. Only feeds and calendars with items exist (feeds.py drops
empty ones), so nothing here points at a file that is not published. Every
item shown comes from the feed itself, that is from the publication decision
and the `feeds` channel: these pages show nothing a feed would not.

Python decides what is listed; the templates subscribe.html and feed.html in
overrides/partials/hromada/ draw it.
"""
from __future__ import annotations

import functools

from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

from . import views
from .content import url_for
from .feeds import GROUPS, Feed, Feeds
from .languages import url_prefix
from .listings import GeneratedPage
from .model import Kind
from .strings import t
from .urls import relative


@dataclass(frozen=True)
class Address:
    """One format of a feed or calendar: what to paste into an app."""

    label: str  # RSS, Atom, JSON Feed, iCal
    url: str  # absolute


@dataclass(frozen=True)
class FeedRow:
    title: str
    page: str  # the feed's own HTML page, relative to the page drawn
    address: Address  # the one to paste (RSS: every reader takes it)
    unsearched: bool = False  # it follows a series or organisation kept out of search (data-nosnippet)


@dataclass(frozen=True)
class FeedGroup:
    title: str
    rows: tuple[FeedRow, ...]


@dataclass(frozen=True)
class CalendarRow:
    title: str
    address: Address  # https address for "add calendar from URL"
    webcal: str  # opens the calendar app directly (empty without a site host)
    download: str  # the .ics file, relative


@dataclass(frozen=True)
class Subscribe(views.View):
    """The Subscribe page of a language: what a feed is, how to use one, and every non-empty feed."""

    template: ClassVar[str] = views.PARTIALS + "subscribe.html"
    groups: tuple[FeedGroup, ...]
    calendar: CalendarRow | None


@dataclass(frozen=True)
class FeedPage(views.View):
    """A feed as a person reads it: its addresses and latest items."""

    template: ClassVar[str] = views.PARTIALS + "feed.html"
    intro: str
    addresses: tuple[Address, ...]
    source: views.Link  # the listing, series or organisation the feed follows
    subscribe: views.Link  # the Subscribe page: how to use a feed
    latest: views.Cards


def calendar_path(lang: str) -> str:
    return f"{url_prefix(lang)}events/calendar.ics"


def _absolute(site_url: str, url: str) -> str:
    return urljoin(site_url, url)


def _webcal(site_url: str, url: str) -> str:
    host = urlsplit(site_url)
    return f"webcal://{host.netloc}{host.path.rstrip('/')}/{url}" if host.netloc else ""


def addresses(feed: Feed, site_url: str) -> tuple[Address, ...]:
    out = [Address("RSS", _absolute(site_url, feed.rss)), Address("Atom", _absolute(site_url, feed.atom))]
    if feed.json:
        out.append(Address("JSON Feed", _absolute(site_url, feed.json_path)))
    return tuple(out)


def has_calendar(feeds: Feeds, lang: str) -> bool:
    """A language calendar is published only when it has an event (allowing feeds)."""
    return any(feeds.pub.in_feeds(d) for d in feeds.listings.by_kind[(lang, Kind.EVENT)])


def subscribe_view(feeds: Feeds, lang: str) -> Subscribe:
    here = url_for("subscribe/index.md", lang)
    site_url = feeds.settings.site_url
    titles = {"main": t(lang, "feed_everything"), "section": t(lang, "feeds_sections"), "series": t(lang, "feeds_series"),
              "organization": t(lang, "organizations"), "category": t(lang, "categories")}
    groups = []
    for group in GROUPS:
        rows = tuple(FeedRow(f.topic, relative(here, f.html), Address("RSS", _absolute(site_url, f.rss)), not f.searchable)
                     for f in feeds.by_lang[lang] if f.group == group)
        if rows:
            groups.append(FeedGroup(titles[group], rows))
    calendar = None
    if has_calendar(feeds, lang):
        path = calendar_path(lang)
        calendar = CalendarRow(t(lang, "calendar"), Address("iCal", _absolute(site_url, path)),
                               _webcal(site_url, path), relative(here, path))
    return Subscribe(tuple(groups), calendar)


def feed_view(feeds: Feeds, feed: Feed) -> FeedPage:
    lang, here = feed.lang, feed.html
    listings = feeds.listings
    shown = [listings.card(d, here, image=False) for d in feed.docs[: feeds.settings.page_size]]
    return FeedPage(
        intro=t(lang, "feed_page_intro", what=feed.topic),
        addresses=addresses(feed, feeds.settings.site_url),
        source=views.Link(feed.topic if feed.group != "main" else t(lang, "home"), relative(here, feed.page)),
        subscribe=views.Link(t(lang, "feed_how_link"), relative(here, url_for("subscribe/index.md", lang))),
        latest=views.cards(shown, lang, thumbnails=False, level=3),
    )


def pages(feeds: Feeds, lang: str) -> list[GeneratedPage]:
    """The Subscribe page and every feed's page of a language, drawn by the theme's partials."""
    draw = feeds.listings.partials.render
    # drawn when first read (GeneratedPage.body): a preview server draws only the pages it is asked for
    out = [GeneratedPage("subscribe/index.md", lang, t(lang, "subscribe"),
                         lambda: draw(subscribe_view(feeds, lang), lang))]
    for feed in feeds.by_lang[lang]:
        out.append(GeneratedPage(feed.html_src_uri, lang, t(lang, "feed_page_title", what=feed.topic),
                                 functools.partial(lambda f: draw(feed_view(feeds, f), lang), feed),
                                 noindex=not feed.searchable))
    return out
