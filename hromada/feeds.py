"""Feeds per language: RSS 2.0, Atom and JSON Feed 1.1, and iCal calendars.

Built from the publication decision (published pages whose people allow the
`feeds` channel), never from what MkDocs happened to render. Every date comes
from front matter, so rebuilding unchanged content gives byte-identical files.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from html import escape
from typing import Mapping
from urllib.parse import urljoin, urlsplit

from feedgen.feed import FeedGenerator

from .content import url_for
from .languages import LANGUAGES, url_prefix
from .listings import Listings
from .model import Doc, Kind
from .publication import Publication
from .settings import Settings
from .strings import t
from .urls import relative

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
FEED_KINDS = (Kind.NEWS, Kind.INTERVIEW, Kind.EVENT, Kind.STORY, Kind.CAMPAIGN)
SECTION_FEEDS = {"news": Kind.NEWS, "interviews": Kind.INTERVIEW, "events": Kind.EVENT, "stories": Kind.STORY}


@dataclass(frozen=True)
class Feed:
    """One feed: where it lives, what it is called, what it holds."""

    base: str  # folder URL, e.g. "uk/news/"; files rss.xml, atom.xml (and feed.json)
    lang: str
    topic: str  # what it follows, e.g. "News"
    page: str  # URL of the HTML page it mirrors
    docs: tuple[Doc, ...]  # newest first, at most feed_size
    group: str  # main | section | series | organization | category
    json: bool = False

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


@dataclass(frozen=True)
class OutputFile:
    path: str  # site-relative
    data: bytes
    why: str


class Feeds:
    """Every feed of every language, decided once per build."""

    def __init__(self, pub: Publication, listings: Listings, settings: Settings):
        self.pub, self.listings, self.settings = pub, listings, settings
        self.by_lang: dict[str, list[Feed]] = {lang: self._feeds(lang) for lang in LANGUAGES}

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
        for series in lst.by_kind[(lang, Kind.SERIES)]:
            parts = sorted(lst.parts.get((lang, series.key), []), key=lambda d: d.sort_key)
            feeds.append(Feed(series.url, lang, series.title, series.url, self._feedable(parts), "series"))
        for org in lst.by_kind[(lang, Kind.ORGANIZATION)]:
            items = [d for d in lst.by_org[(lang, org.slug)] if d.kind in FEED_KINDS]
            feeds.append(Feed(org.url, lang, org.title, org.url, self._feedable(items), "organization"))
        for slug in self.settings.categories:
            base = url_for(f"categories/{slug}/index.md", lang)
            name = self.settings.category_name(slug, lang)
            feeds.append(Feed(base, lang, name, base, self._feedable(lst.by_category[(lang, slug)]), "category"))
        return feeds

    def members(self) -> set[str]:
        """src_uris of pages whose rendered text some feed carries."""
        return {d.src_uri for feeds in self.by_lang.values() for f in feeds for d in f.docs}

    def for_page(self, doc: Doc | None, lang: str) -> list[Feed]:
        """Feeds a page's <head> announces: its language's main feed, and its section's or series'."""
        feeds = self.by_lang[lang]
        out = [feeds[0]]
        if doc is not None:
            if doc.kind is Kind.STORY or doc.kind is Kind.SERIES:
                series_url = url_for(doc.series or doc.key, lang)
                out += [f for f in feeds if f.group == "series" and f.base == series_url]
            section = next((folder for folder, kind in SECTION_FEEDS.items() if kind is doc.kind), None)
            if section:
                out += [f for f in feeds if f.group == "section" and f.base == f"{url_prefix(lang)}{section}/"]
            if doc.kind is Kind.ORGANIZATION:
                out += [f for f in feeds if f.group == "organization" and f.base == doc.url]
        return out


# --- rendering ---------------------------------------------------------------
_LINK_ATTR = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


def absolutize(html: str, page_url: str) -> str:
    """Make every link and image absolute, so feed readers can follow them."""
    def fix(m: re.Match) -> str:
        value = m.group(2)
        if not value or value.startswith(("#", "mailto:", "data:")) or urlsplit(value).scheme:
            return m.group(0) if not value.startswith("#") else m.group(1) + page_url + value + m.group(3)
        return m.group(1) + urljoin(page_url, value) + m.group(3)
    return _LINK_ATTR.sub(fix, html)


def guid(settings: Settings, doc: Doc) -> str:
    """Stable across rebuilds, distinct per language version (RFC 4151 tag URI)."""
    host = urlsplit(settings.site_url).hostname or "hromada.invalid"
    day = (doc.date or EPOCH.date()).isoformat()
    return f"tag:{host},{day}:{doc.lang}/{doc.key.removesuffix('.md')}"


def _authors(listings: Listings, doc: Doc) -> list[str]:
    return [listings.org_name(slug, doc.lang) for slug in doc.organizations]


def _categories(settings: Settings, doc: Doc) -> list[tuple[str, str]]:
    return [(slug, settings.category_name(slug, doc.lang)) for slug in doc.categories]


def _newest(feed: Feed, fallback: datetime) -> datetime:
    return max((d.modified for d in feed.docs if d.modified), default=fallback)


def _generator(feed: Feed, settings: Settings, listings: Listings, contents: Mapping[str, str],
               fallback: datetime, feed_link: str, atom: bool) -> FeedGenerator:
    absolute = lambda url: urljoin(settings.site_url, url)
    fg = FeedGenerator()
    fg.id(absolute(feed.page))
    fg.title(feed.title)
    fg.description(feed.description)
    fg.subtitle(feed.description)
    fg.link(href=absolute(feed_link), rel="self")
    fg.link(href=absolute(feed.page), rel="alternate")  # last: RSS takes its <link> from it
    fg.language(feed.lang)
    newest = _newest(feed, fallback)
    fg.lastBuildDate(newest)
    fg.updated(newest)
    fg.generator("Hromada")
    fg.author(name=t(feed.lang, "site_name"))
    for doc in reversed(feed.docs):  # feedgen prepends: add oldest first to keep newest first
        fe = fg.add_entry()
        fe.id(guid(settings, doc))
        fe.guid(guid(settings, doc), permalink=False)
        fe.title(doc.title)
        fe.link(href=absolute(doc.url))
        fe.published(doc.published)
        fe.updated(doc.modified)
        fe.summary(doc.summary)
        if doc.src_uri in contents:
            # Atom carries escaped HTML; RSS readers expect content:encoded in CDATA
            fe.content(contents[doc.src_uri], type="html" if atom else "CDATA")
        for slug, name in _categories(settings, doc):
            fe.category(term=slug, label=name)
        for name in _authors(listings, doc):
            fe.author(name=name)
    return fg


def _with_stylesheet(xml: bytes, href: str) -> bytes:
    head, sep, rest = xml.partition(b"?>")
    return head + sep + f'\n<?xml-stylesheet type="text/xsl" href="{escape(href)}"?>'.encode() + rest


def json_feed(feed: Feed, settings: Settings, listings: Listings, contents: Mapping[str, str]) -> bytes:
    absolute = lambda url: urljoin(settings.site_url, url)
    items = []
    for doc in feed.docs:
        item = {
            "id": guid(settings, doc),
            "url": absolute(doc.url),
            "title": doc.title,
            "summary": doc.summary,
            "content_html": contents.get(doc.src_uri, f"<p>{escape(doc.summary)}</p>"),
            "date_published": doc.published.isoformat(),
            "date_modified": doc.modified.isoformat(),
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


def render_all(feeds: Feeds, contents: Mapping[str, str]) -> list[OutputFile]:
    """Every feed file of the site, plus one localised XSL stylesheet per language.

    `contents` are rendered page bodies by src_uri; their links are made absolute
    once here, although a page appears in several feeds and formats.
    """
    out = []
    settings, listings = feeds.settings, feeds.listings
    docs = {d.src_uri: d for group in feeds.by_lang.values() for f in group for d in f.docs}
    contents = {uri: absolutize(html, urljoin(settings.site_url, docs[uri].url))
                for uri, html in contents.items() if uri in docs}
    for lang, group in feeds.by_lang.items():
        fallback = max((d.modified for d in feeds.pub.published(lang) if d.modified), default=EPOCH)
        xsl = f"{url_prefix(lang)}feed/style.xsl"
        out.append(OutputFile(xsl, stylesheet(lang).encode("utf-8"), f"feed stylesheet ({lang})"))
        for feed in group:
            why = f"{feed.group} feed ({lang}) of published pages allowing feeds"
            rss = _generator(feed, settings, listings, contents, fallback, feed.rss, atom=False).rss_str(pretty=True)
            atom = _generator(feed, settings, listings, contents, fallback, feed.atom, atom=True).atom_str(pretty=True)
            out.append(OutputFile(feed.rss, _with_stylesheet(rss, relative(feed.rss, xsl)), why))
            out.append(OutputFile(feed.atom, _with_stylesheet(atom, relative(feed.atom, xsl)), why))
            if feed.json:
                out.append(OutputFile(feed.json_path, json_feed(feed, settings, listings, contents), why))
    return out


def stylesheet(lang: str) -> str:
    """Renders RSS and Atom as a readable page in a browser, in the feed's language."""
    hint, visit = escape(t(lang, "feed_page_hint")), escape(t(lang, "feed_visit"))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:atom="http://www.w3.org/2005/Atom">
<xsl:output method="html" encoding="UTF-8" indent="yes"/>
<xsl:template match="/">
<html lang="{lang}">
<head><meta charset="utf-8"/><meta name="viewport" content="width=device-width,initial-scale=1"/>
<title><xsl:value-of select="rss/channel/title|atom:feed/atom:title"/></title>
<style>body{{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}}
.hint{{background:#fff8e1;padding:.8rem 1rem;border-radius:.3rem}}h2{{font-size:1.1rem;margin-bottom:.2rem}}time{{color:#666;font-size:.9rem}}</style>
</head>
<body>
<p class="hint">{hint}</p>
<h1><xsl:value-of select="rss/channel/title|atom:feed/atom:title"/></h1>
<p><a><xsl:attribute name="href"><xsl:value-of select="rss/channel/link|atom:feed/atom:link[@rel='alternate']/@href"/></xsl:attribute>{visit}</a></p>
<xsl:for-each select="rss/channel/item|atom:feed/atom:entry">
<article>
<h2><a><xsl:attribute name="href"><xsl:value-of select="link|atom:link/@href"/></xsl:attribute><xsl:value-of select="title|atom:title"/></a></h2>
<time><xsl:value-of select="pubDate|atom:published"/></time>
<p><xsl:value-of select="description|atom:summary"/></p>
</article>
</xsl:for-each>
</body>
</html>
</xsl:template>
</xsl:stylesheet>
"""


def subscribe_body(feeds: Feeds, lang: str) -> str:
    """The Subscribe page: every feed of the language with a one-line explanation."""
    from . import render

    here = url_for("subscribe/index.md", lang)
    host = urlsplit(feeds.settings.site_url)
    calendar = f"{url_prefix(lang)}events/calendar.ics"
    webcal = f"webcal://{host.netloc}{host.path.rstrip('/')}/{calendar}" if host.netloc else ""

    def row(feed: Feed) -> str:
        links = [f'<a href="{escape(relative(here, feed.rss))}">RSS</a>', f'<a href="{escape(relative(here, feed.atom))}">Atom</a>']
        if feed.json:
            links.append(f'<a href="{escape(relative(here, feed.json_path))}">JSON Feed</a>')
        return f'<li><a href="{escape(relative(here, feed.page))}">{escape(feed.title)}</a>: {" · ".join(links)}</li>'

    groups = {g: [f for f in feeds.by_lang[lang] if f.group == g] for g in ("main", "section", "series", "organization", "category")}
    titles = {"main": t(lang, "feed_everything"), "section": t(lang, "feeds_sections"), "series": t(lang, "feeds_series"),
              "organization": t(lang, "organizations"), "category": t(lang, "categories")}
    parts = [f"<p>{escape(t(lang, 'subscribe_intro'))}</p>", f"<p>{escape(t(lang, 'feed_formats'))}</p>"]
    for group, items in groups.items():
        if items:
            parts.append(render.join(f"<h2>{escape(titles[group])}</h2>", "<ul>", *(row(f) for f in items), "</ul>"))
    cal = [f'<a href="{escape(relative(here, calendar))}">iCal (.ics)</a>']
    if webcal:
        cal.append(f'<a href="{escape(webcal)}">webcal</a>')
    parts.append(render.join(f"<h2>{escape(t(lang, 'calendar'))}</h2>",
                             f"<p>{escape(t(lang, 'calendar_hint'))} {' · '.join(cal)}</p>"))
    return render.join('<div class="hx-subscribe">', *parts, "</div>")
