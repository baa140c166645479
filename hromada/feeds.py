"""Feeds per language: RSS 2.0, Atom and JSON Feed 1.1 (calendars: calendar.py).

Built from the publication decision (published pages whose people allow the
`feeds` channel), never from what MkDocs happened to render. Every date comes
from front matter, so rebuilding unchanged content gives byte-identical files.
A feed with no item is not published, announced or listed. The XML stays plain
for feed readers: what a person clicks on the site is the feed's HTML page
(feed_pages.py), never the XML.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from datetime import datetime
from html import escape, unescape
from typing import TYPE_CHECKING, Collection, Mapping
from urllib.parse import urljoin

from .content import url_for
from .feed_items import Stamps, tag_uri
from .languages import LANGUAGES, url_prefix
from .listings import Listings
from .model import Doc, Kind
from .publication import Publication
from .settings import Settings
from .strings import t
from .urls import browser_href, srcset_candidates

if TYPE_CHECKING:  # imported where a feed is written: `hromada check` loads this module and writes none
    from feedgen.feed import FeedGenerator

FEED_KINDS = (Kind.NEWS, Kind.INTERVIEW, Kind.EVENT, Kind.STORY, Kind.CAMPAIGN)
SECTION_FEEDS = {"news": Kind.NEWS, "interviews": Kind.INTERVIEW, "events": Kind.EVENT,
                 "campaigns": Kind.CAMPAIGN, "stories": Kind.STORY}
GROUPS = ("main", "section", "series", "organization", "category")
#: A listing's later pages (news/page/2/, events/past/page/3/) belong to its first page's feed.
_PAGED = re.compile(r"^(.*?)(?:past/)?page/\d+/$")


@dataclass(frozen=True)
class Feed:
    """One feed: where it lives, what it is called, what it holds."""

    base: str  # folder URL, e.g. "uk/news/"; files rss.xml, atom.xml (and feed.json)
    lang: str
    topic: str  # what it follows, e.g. "News"
    page: str  # URL of the HTML page it mirrors (the listing, series or organisation)
    docs: tuple[Doc, ...]  # newest first, at most feed_size, never empty
    group: str  # main | section | series | organization | category
    json: bool = False
    searchable: bool = True  # False: it follows a series or organisation kept out of search

    @property
    def title(self) -> str:
        return f"{t(self.lang, 'site_name')} · {self.topic}"

    @property
    def description(self) -> str:
        return t(self.lang, "feed_description", what=self.topic, site=t(self.lang, "site_name"))

    @property
    def rss(self) -> str:
        return f"{self.base}rss.xml"

    @property
    def atom(self) -> str:
        return f"{self.base}atom.xml"

    @property
    def json_path(self) -> str:
        return f"{self.base}feed.json"

    @property
    def html(self) -> str:
        """The feed's page for people: subscribe/news/, subscribe/feed/ (uk/subscribe/...)."""
        prefix = url_prefix(self.lang)
        return f"{prefix}subscribe/{self.base[len(prefix):]}"

    @property
    def html_src_uri(self) -> str:
        return f"subscribe/{self.base[len(url_prefix(self.lang)):]}index.md"


@dataclass(frozen=True)
class OutputFile:
    path: str  # site-relative
    data: bytes
    why: str


class Feeds:
    """Every non-empty feed of every language, decided once per build."""

    def __init__(self, pub: Publication, listings: Listings, settings: Settings):
        self.pub, self.listings, self.settings = pub, listings, settings
        self.by_lang: dict[str, list[Feed]] = {lang: [f for f in self._feeds(lang) if f.docs] for lang in LANGUAGES}
        self._by_page = {(f.lang, f.page): f for group in self.by_lang.values() for f in group if f.group != "main"}

    def _feedable(self, docs: list[Doc]) -> tuple[Doc, ...]:
        """Newest first (lists are already), only pages whose people allow feeds."""
        out = []
        for doc in docs:
            if self.pub.in_feeds(doc):
                out.append(doc)
                if len(out) == self.settings.feed_size:
                    break
        return tuple(out)

    def _feeds(self, lang: str) -> list[Feed]:
        lst, p = self.listings, url_prefix(lang)
        everything = sorted((d for k in FEED_KINDS for d in lst.by_kind[(lang, k)]), key=lambda d: d.sort_key)
        feeds = [Feed(f"{p}feed/", lang, t(lang, "feed_everything"), p, self._feedable(everything), "main", json=True)]
        for folder, kind in SECTION_FEEDS.items():
            feeds.append(Feed(f"{p}{folder}/", lang, t(lang, "series" if folder == "stories" else folder),
                              f"{p}{folder}/", self._feedable(lst.by_kind[(lang, kind)]), "section"))
        for series in (s for s in lst.by_kind[(lang, Kind.SERIES)] if self.pub.in_feeds(s)):  # its title names the feed
            parts = sorted(lst.parts.get((lang, series.key), []), key=lambda d: d.sort_key)
            feeds.append(Feed(series.url, lang, series.title, series.url, self._feedable(parts), "series",
                              searchable=self.pub.in_search(series)))
        for org in (o for o in lst.by_kind[(lang, Kind.ORGANIZATION)] if self.pub.in_feeds(o)):
            items = [d for d in lst.by_org[(lang, org.slug)] if d.kind in FEED_KINDS]
            feeds.append(Feed(org.url, lang, org.title, org.url, self._feedable(items), "organization",
                              searchable=self.pub.in_search(org)))
        for slug in self.settings.categories:
            base = url_for(f"categories/{slug}/index.md", lang)
            name = self.settings.category_name(slug, lang)
            feeds.append(Feed(base, lang, name, base, self._feedable(lst.by_category[(lang, slug)]), "category"))
        return feeds

    @functools.cached_property
    def stamps(self) -> Stamps:
        """The instants of every item in a feed or calendar: only when one is drawn (a preview
        re-reads the content on every save and draws feeds only when asked; 0.2 s at 8,000 pages)."""
        pub = self.pub
        return Stamps((d for lang in LANGUAGES for d in pub.published(lang) if pub.in_feeds(d)), pub)

    def main(self, lang: str) -> Feed | None:
        return next((f for f in self.by_lang[lang] if f.group == "main"), None)

    def members(self) -> set[str]:
        """src_uris of pages whose rendered text some feed carries."""
        return {d.src_uri for feeds in self.by_lang.values() for f in feeds for d in f.docs}

    def for_page(self, src_uri: str | None, doc: Doc | None, lang: str) -> list[Feed]:
        """Feeds a page's <head> announces: the feed of what it shows first (its listing,
        series, organisation or category; a publication's series and section), then
        its language's main feed. Only feeds with items exist."""
        out: list[Feed] = []

        def add(url: str | None) -> None:
            feed = self._by_page.get((lang, url)) if url is not None else None
            if feed is not None and feed not in out:
                out.append(feed)

        if doc is not None:
            if doc.kind is Kind.STORY:
                add(url_for(doc.series or doc.key, lang))
            if doc.kind in (Kind.SERIES, Kind.ORGANIZATION):
                add(doc.url)
            section = next((folder for folder, kind in SECTION_FEEDS.items() if kind is doc.kind), None)
            if section:
                add(f"{url_prefix(lang)}{section}/")
        elif src_uri:
            url = url_for(src_uri, lang)[len(url_prefix(lang)):]
            url = url.removeprefix("subscribe/")  # a feed's own page announces that feed
            paged = _PAGED.match(url)
            add(url_prefix(lang) + (paged.group(1) if paged else url))
        main = self.main(lang)
        if main is not None and main not in out:
            out.append(main)
        return out


# --- rendering ---------------------------------------------------------------
#: A start tag with its attributes (quoted either way, or unquoted).
_TAG = re.compile(r"""<[a-zA-Z][^\s/>]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>""")
#: One attribute inside a start tag, read from the left so a value is never read as an attribute.
_ATTR = re.compile(r"""(\s+)([^\s"'>/=]+)(?:(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
#: Attributes that hold one URL, and those that hold a list of "URL descriptor" candidates.
URL_ATTRS = frozenset({"href", "src", "poster", "cite", "action", "formaction", "data", "longdesc", "background",
                       "xlink:href", "manifest", "icon"})
SRCSET_ATTRS = frozenset({"srcset", "imagesrcset"})


def _absolute_url(value: str, page_url: str) -> str | None:
    """`value` (character references decoded) as a browser on the page at `page_url` reads it,
    written out whole (urls.browser_href): `..\\img\\a.jpg`, `img/a&#9;.jpg` or `https:/host/a.jpg`
    become the address they are, never passed on for a feed reader to read otherwise. None when
    a browser reads no address in it (an invalid host or port): the attribute goes."""
    return browser_href(value, page_url)


def _absolute_srcset(value: str, page_url: str) -> str | None:
    candidates = []
    for url, descriptors in srcset_candidates(value):
        absolute = browser_href(url, page_url)
        if absolute is not None:  # written whole: a comma in it can no longer part it (`%2C`)
            candidates.append(" ".join([absolute.replace(",", "%2C"), *descriptors.split()]))
    return ", ".join(candidates) or None


def absolutize(html: str, page_url: str) -> str:
    """Make every URL in the markup absolute, so feed readers can follow it: href, src,
    poster and the like, srcset candidates, quoted with ' or " or not at all; each written as
    the address a browser reads on the page (`_absolute_url`), or left out when it reads none.
    Text outside tags is never touched (a code sample showing `href="x"` stays as written)."""
    def attr(m: re.Match) -> str:
        name, value = m.group(2).lower(), m.group(4)
        if value is None or (name not in URL_ATTRS and name not in SRCSET_ATTRS):
            return m.group(0)
        raw = unescape(value[1:-1] if value[:1] in ("'", '"') else value)
        fixed = _absolute_srcset(raw, page_url) if name in SRCSET_ATTRS else _absolute_url(raw, page_url)
        if fixed is None:
            return m.group(1)  # the attribute goes, the space before it stays
        return f'{m.group(1)}{m.group(2)}="{escape(fixed)}"'

    def tag(m: re.Match) -> str:
        text = m.group(0)
        head = re.match(r"<[^\s/>]+", text).end()
        return text[:head] + _ATTR.sub(attr, text[head:])

    return _TAG.sub(tag, html)


def _authors(listings: Listings, doc: Doc) -> list[str]:
    return listings.org_names(doc, listings.pub.in_feeds)


def _categories(settings: Settings, doc: Doc) -> list[tuple[str, str]]:
    return [(slug, settings.category_name(slug, doc.lang)) for slug in doc.categories]


def _newest(feed: Feed, stamps: Stamps) -> datetime:
    return max(stamps.of(d).modified for d in feed.docs)


def _generator(feeds: Feeds, feed: Feed, contents: Mapping[str, str], feed_link: str, atom: bool) -> FeedGenerator:
    settings, listings, stamps = feeds.settings, feeds.listings, feeds.stamps
    absolute = lambda url: urljoin(settings.site_url, url)  # noqa: E731
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    if not atom:
        fg.load_extension("dc", atom=False, rss=True)  # dc:creator: RSS <author> needs an email
    fg.id(absolute(feed.page))
    fg.title(feed.title)
    fg.description(feed.description)
    fg.subtitle(feed.description)
    fg.link(href=absolute(feed_link), rel="self")
    fg.link(href=absolute(feed.page), rel="alternate")  # last: RSS takes its <link> from it
    fg.language(feed.lang)
    newest = _newest(feed, stamps)
    fg.lastBuildDate(newest)
    fg.updated(newest)
    fg.generator("Hromada")
    fg.author(name=t(feed.lang, "site_name"))
    for doc in reversed(feed.docs):  # feedgen prepends: add oldest first to keep newest first
        stamp = stamps.of(doc)
        item_id = tag_uri(settings.site_url, doc, feeds.pub)
        fe = fg.add_entry()
        fe.id(item_id)
        fe.guid(item_id, permalink=False)
        fe.title(doc.title)
        fe.link(href=absolute(doc.url))
        fe.published(stamp.published)
        fe.updated(stamp.modified)
        fe.summary(doc.summary)
        if doc.src_uri in contents:
            # Atom carries escaped HTML; RSS readers expect content:encoded in CDATA
            fe.content(contents[doc.src_uri], type="html" if atom else "CDATA")
        for slug, name in _categories(settings, doc):
            fe.category(term=slug, label=name)
        for name in _authors(listings, doc):
            if atom:
                fe.author(name=name)
            else:
                fe.dc.dc_creator(name, replace=False)
    return fg


def json_feed(feeds: Feeds, feed: Feed, contents: Mapping[str, str]) -> bytes:
    settings, listings = feeds.settings, feeds.listings
    absolute = lambda url: urljoin(settings.site_url, url)  # noqa: E731
    items = []
    for doc in feed.docs:
        stamp = feeds.stamps.of(doc)
        item = {
            "id": tag_uri(settings.site_url, doc, feeds.pub),
            "url": absolute(doc.url),
            "title": doc.title,
            "summary": doc.summary,
            "content_html": contents.get(doc.src_uri, f"<p>{escape(doc.summary)}</p>"),
            "date_published": stamp.published.isoformat(),
            "date_modified": stamp.modified.isoformat(),
            "language": doc.lang,
        }
        if doc.categories:
            item["tags"] = [name for _, name in _categories(settings, doc)]
        if doc.organizations:
            item["authors"] = [{"name": n} for n in _authors(listings, doc)]
        items.append(item)
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": absolute(feed.page),
        "feed_url": absolute(feed.json_path),
        "description": feed.description,
        "language": feed.lang,
        "items": items,
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def render_all(feeds: Feeds, contents: Mapping[str, str], languages: Collection[str] | None = None) -> list[OutputFile]:
    """Every feed file of the site (feeds with items only), or of `languages` only (a build
    of some languages, HROMADA_LANGUAGES, draws no other language's feeds).

    `contents` are rendered page bodies by src_uri; their links are made absolute
    once here, although a page appears in several feeds and formats.
    """
    out = []
    settings = feeds.settings
    by_lang = {lang: group for lang, group in feeds.by_lang.items() if languages is None or lang in languages}
    docs = {d.src_uri: d for group in by_lang.values() for f in group for d in f.docs}
    contents = {uri: absolutize(html, urljoin(settings.site_url, docs[uri].url))
                for uri, html in contents.items() if uri in docs}
    for lang, group in by_lang.items():
        for feed in group:
            why = f"{feed.group} feed ({lang}) of published pages allowing feeds"
            out.append(OutputFile(feed.rss, _generator(feeds, feed, contents, feed.rss, atom=False).rss_str(pretty=True), why))
            out.append(OutputFile(feed.atom, _generator(feeds, feed, contents, feed.atom, atom=True).atom_str(pretty=True), why))
            if feed.json:
                out.append(OutputFile(feed.json_path, json_feed(feeds, feed, contents), why))
    return out
