"""One build's facts, computed once and asked by every output.

`prepare` reads settings, content and the consent register, fails with all
problems at once, then makes the publication decisions and listings. The
MkDocs hooks only ask a `Build` questions; so does `hromada check`.
"""
from __future__ import annotations

import functools
import os
import posixpath
from dataclasses import dataclass, field
from datetime import datetime, timezone
from html import escape
from pathlib import Path
from typing import Any, Collection, Mapping
from urllib.parse import unquote, urlparse

from .search_index import page_url as search_index_url

from . import calendar, chrome, consent, content, derivatives, feeds, figures, images, links, media_rules, settings as settings_mod, views
from . import build_languages, feed_items, feed_pages, file_versions, html_tokens, log_privacy, page_loads, theme_files
from .content import ContentIndex, media_src_uri, public_src_uri, url_for
from .languages import DEFAULT_LANGUAGE, LANGUAGES, split_language
from .frontmatter import shown
from .listings import ARTICLE_KINDS, GeneratedPage, Listings
from .model import Doc, Kind
from .problems import ContentError, Problem
from .publication import Publication
from .render import Partials, join
from .settings import Settings
from .strings import t
from .urls import absolute, relative

__all__ = ["Build", "ContentError", "prepare", "check", "build_time"]

#: Sections in the menu, in order; plain pages follow.
MENU = ("index.md", "news/index.md", "interviews/index.md", "events/index.md", "campaigns/index.md",
        "stories/index.md", "organizations/index.md", "categories/index.md", "subscribe/index.md")


#: Years a build clock may be set to: consent review windows and calendars count days and years
#: around it, and datetime holds years 1 to 9999 only.
NOW_YEARS = (1900, 9000)


def build_time() -> datetime:
    """Now, or HROMADA_NOW (ISO datetime) so previews and tests can fix the clock."""
    raw = os.environ.get("HROMADA_NOW")
    if not raw:
        return datetime.now(timezone.utc)
    expected = f"an ISO datetime between the years {NOW_YEARS[0]} and {NOW_YEARS[1]}, like 2026-11-23T12:00:00+00:00"
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        value = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        if not NOW_YEARS[0] <= value.astimezone(timezone.utc).year <= NOW_YEARS[1]:
            raise ValueError(raw)
    except (ValueError, OverflowError):  # 0001-01-01T00:00+14:00 has no instant in UTC
        raise ContentError([Problem("environment", "HROMADA_NOW", f"{expected} (found {shown(raw)})")]) from None
    return value


@dataclass(frozen=True)
class Checked:
    settings: Settings
    index: ContentIndex
    people: dict[str, consent.Person]
    problems: tuple[Problem, ...] = ()  # only with lenient=True: what would stop a build


def check(root: Path, extra: Mapping[str, Any] | None, site_url: str | None,
          docs_dir: Path | None = None, *, lenient: bool = False, design: theme_files.Design | None = None,
          now: datetime | None = None) -> Checked:
    """Validate settings, content and register; raise ContentError with every problem.
    `design`: the template folder and theme pictures, checked for pictures of the pages;
    `now`: the build's clock, for what a public build log may name (log_privacy.py).

    `lenient` (hromada status): return the valid pages and records with the problems
    instead, so staff see where everything stands while a file is half written."""
    settings, problems = settings_mod.read(extra, site_url)
    if settings is None:
        raise ContentError(problems)
    content.remember_on_disk(root)
    index, problems = content.load(root, frozenset(settings.categories), docs_dir, root / "stories", settings.zone,
                                     settings.site_host)
    if not index.docs and not problems:  # an emptied checkout would replace the site with empty listings
        problems.append(Problem("docs", "pages", "pages to publish: docs/ and stories/ hold none (an emptied or "
                                                 "wrong checkout?); nothing is built, and the last site stays"))
    register = root / "consent" / "people"
    people, found = consent.load_register(register, root)
    problems += found
    known = {p.stem for p in register.glob("*.yml")} if register.is_dir() else set()
    problems += consent.check_pages(index.docs, people, known)
    problems += consent.check_voices(index.docs, people, lambda doc, ref: media_rules.has_sound(index, doc, ref))
    problems += media_rules.all_problems(index, settings.site_host)
    problems += feed_items.id_problems(index)  # before a build: `hromada check` names a duplicate id too
    problems += links.own_address_problems(settings, index.docs)
    problems += links.missing_page_problems(index.docs, index.by_key, settings.site_host, index.body_names)
    if design is not None:
        problems += theme_files.media_problems(design, root, index.media_paths, settings.site_host,
                                               index.files.assets if index.files else {})
    file_versions.end_round()
    if problems and not lenient:
        decide = lambda: Publication(index, people, now or datetime.now(timezone.utc), settings.zone)  # noqa: E731
        raise ContentError(problems, log_privacy.public_log(root, index, decide, problems, known))
    return Checked(settings, index, people, tuple(sorted(problems)))


@dataclass
class Build:
    root: Path
    settings: Settings
    index: ContentIndex
    publication: Publication
    listings: Listings
    now: datetime
    people: Mapping[str, consent.Person] = field(default_factory=dict)
    preview: bool = False  # `mkdocs serve`: also show unpublished pages, with a banner
    generated: dict[str, list[GeneratedPage]] = field(default_factory=dict)
    urls_by_key: dict[str, dict[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.feeds = feeds.Feeds(self.publication, self.listings, self.settings)
        self._media: dict[str, list[str]] = {}
        for doc in self.index.docs:
            if self.preview:  # shows every page, each with all its versions' media
                shown = self.index.media_of(doc.key).keys()
            elif self.publication.is_published(doc):
                shown = media_rules.files_shown(doc, self.index, self.settings.site_host)
            else:
                continue
            for src in sorted(shown):
                self._media.setdefault(src, []).append(public_src_uri(doc.path))
        self.links = links.LinkPolicy(self.index, self.publication, self.settings.site_host, self.preview)
        self.page_problems: list[Problem] = []  # found while rendering, reported all at once
        self.dead_links: list[str] = []  # find_dead_links, once the site is written
        for lang in LANGUAGES:
            for doc in self.publication.published(lang):
                self.urls_by_key.setdefault(doc.key, {})[lang] = doc.url
        for lang in LANGUAGES:
            has_home = "index.md" in self.urls_by_key and lang in self.urls_by_key["index.md"]
            pages = self.listings.generated(lang, has_home=has_home)
            pages += feed_pages.pages(self.feeds, lang)  # Subscribe, and one page per feed
            if self.preview:
                pages.append(self._preview_index(lang))
            self.generated[lang] = pages
            for page in pages:
                self.urls_by_key.setdefault(page.src_uri, {})[lang] = page.url
        self.links.drawn_addresses((url for urls in self.urls_by_key.values() for url in urls.values()),
                                   urlparse(self.settings.site_url).path)
    # --- what exists -----------------------------------------------------
    def doc(self, src_uri: str) -> Doc | None:
        return self.index.by_src_uri.get(src_uri)

    def page_doc(self, src_uri: str, lang: str) -> Doc | None:
        """The content page a page of the `lang` build draws, or None when it draws none: only
        that language's own version, and outside a preview only when it is published. A generated
        page (a listing; the home page drawn from listings where no home is published in this
        language) can share a page's src_uri, index.md: it must never draw that page's text."""
        return self.doc(src_uri) if self.page_is_built(src_uri, lang) else None

    def page_is_built(self, src_uri: str, lang: str) -> bool:
        """Built when its own language version is published (never a fallback copy), or in preview."""
        doc = self.doc(src_uri)
        return doc is not None and doc.lang == lang and (self.preview or self.publication.is_published(doc))

    def _preview_index(self, lang: str) -> GeneratedPage:
        """Preview only: the status dashboard in this language (what `hromada status` prints),
        drawn by partials/hromada/preview-dashboard.html when first asked."""
        from . import status

        def draw() -> str:
            return self.listings.partials.render(status.dashboard(self.status, lang), lang)

        return GeneratedPage("preview/index.md", lang, t(lang, "preview_title"), draw)

    @functools.cached_property
    def status(self):
        """Every page × language and the consent due soon (hromada/status.py), once per build."""
        from . import status

        return status.collect(self.publication, self.people)

    def generated_pages(self, lang: str) -> list[GeneratedPage]:
        return self.generated[lang]

    def why_page(self, src_uri: str) -> str:
        doc = self.index.by_src_uri[src_uri]
        if not self.publication.is_published(doc):
            return f"preview only: {doc.path} ({self.publication.decision(doc).why})"
        return f"page {public_src_uri(doc.path)} published in '{doc.lang}'"

    def is_publishable_asset(self, src_uri: str) -> bool:
        """A file Hromada found in the content folders itself, of a kind it can clean."""
        return images.is_media(src_uri) and self.index.files is not None and src_uri in self.index.files.assets

    def media_declared_by(self, src_uri: str) -> list[str]:
        """Published pages (any language) declaring this media file; empty means it stays out."""
        return self._media.get(src_uri, [])

    def story_sources(self) -> list[Path]:
        folder = self.root / "stories"
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts))

    def menu(self, lang: str) -> list[str]:
        pages = sorted(d.key for d in self.publication.published(lang, [Kind.PAGE]))
        return [*MENU, *pages]

    # --- per page --------------------------------------------------------
    def alternates_for(self, src_uri: str) -> list[dict[str, str]]:
        """Language switcher and hreflang: only published versions of this very page."""
        doc = self.doc(src_uri)
        key = doc.key if doc else src_uri
        versions = self.urls_by_key.get(key, {})
        return [
            {"name": t(other, "language_name"), "link": url or "./", "lang": other}
            for other, url in sorted(versions.items(), key=lambda kv: LANGUAGES.index(kv[0]))
        ]

    def head(self, src_uri: str | None, lang: str) -> dict[str, Any]:
        """What a page's <head> needs beyond Material: a description in its language
        (for pages without a summary) and absolute hreflang alternates with x-default."""
        versions = self.urls_by_key.get(self.doc(src_uri).key if src_uri and self.doc(src_uri) else src_uri or "", {})
        ordered = sorted(versions.items(), key=lambda kv: LANGUAGES.index(kv[0]))
        hreflang = [{"lang": other, "href": absolute(self.settings.site_url, url)} for other, url in ordered]
        if len(hreflang) > 1:
            default = versions.get(DEFAULT_LANGUAGE) or ordered[0][1]
            hreflang.append({"lang": "x-default", "href": absolute(self.settings.site_url, default)})
        return {"description": t(lang, "site_description"), "hreflang": hreflang if len(hreflang) > 1 else []}

    def home_alternates(self) -> list[dict[str, str]]:
        return self.alternates_for("index.md")

    def blocks(self, doc: Doc) -> tuple[str, str]:
        """The byline and blocks before a typed page's text, and the blocks after it. Their links
        are drawn from published pages, as the listings' are, except the addresses editors
        wrote (View.editor_addresses): those views are settled like the page's text. Settling
        every block of every page had cost a build more than drawing them (2,000 items x 4)."""
        before, after = self.listings.block_views(doc)
        meta = self.listings.meta_line(doc)
        return join(meta, *(self._block(doc, view) for view in before)), join(*(self._block(doc, view) for view in after))

    def _block(self, doc: Doc, view: views.View | None) -> str:
        drawn = self.listings.partials.render(view, doc.lang)
        return self.settle_links(doc, drawn, words=False) if view is not None and view.editor_addresses else drawn

    def article(self, doc: Doc, page_html: str) -> str:
        """A typed page as readers get it: byline, blocks before, lead picture, its text with
        captioned pictures, blocks after (calls to action, related publications)."""
        before, after = self.blocks(doc)
        draw = lambda figure: self.listings.partials.render(figure, doc.lang)  # noqa: E731
        lead, body = figures.arrange(page_html, draw, lead=doc.kind is not Kind.HOME, size_of=lambda src: self._size(doc, src),
                                     picture_of=lambda src: self._picture(doc, src))
        drawn = "\n".join(x for x in (lead, body) if x)
        if drawn != page_html:  # a picture was redrawn: read once more as drawn, for a rewrite must
            drawn = self.settle_links(doc, drawn)  # never turn what the checks read as text into markup
            self._page_rules(doc, drawn)
        return "\n".join(x for x in (before, drawn, after) if x)

    def _asset(self, doc: Doc, src: str) -> str | None:
        """The site's media file (src_uri) a picture's src on `doc`'s page names, if any."""
        if "://" in src or src.startswith(("/", "data:")) or self.index.files is None:
            return None
        src_uri = posixpath.normpath(posixpath.join(doc.url, unquote(src.split("?")[0].split("#")[0])))
        return src_uri if src_uri in self.index.files.assets else None

    def _size(self, doc: Doc, src: str) -> tuple[int | None, int | None]:
        """Width and height of one of the site's pictures, from its src on `doc`'s page."""
        src_uri = self._asset(doc, src)
        return views.image_size(str(self.index.files.assets[src_uri])) if src_uri else (None, None)

    def _picture(self, doc: Doc, src: str) -> views.Picture | None:
        """One of the site's pictures on `doc`'s page with its smaller copies, URLs relative to the
        page; None unless this page declares it and the build publishes it (and so its copies)."""
        src_uri = self._asset(doc, src)
        if src_uri is None or src_uri not in self.index.media_of(doc.key) or not self.media_declared_by(src_uri):
            return None
        width, height = self._size(doc, src)
        return views.picture(src, self.renditions(src_uri), width, height, url_of=lambda path: relative(doc.url, path))

    def renditions(self, src_uri: str) -> "derivatives.Plan":
        """The smaller copies the build publishes of a media file (derivatives.py): only of a picture it
        publishes (declared by a page it builds), not one with a language suffix of its own
        (its address differs per language build, as for thumbnails), none of a video."""
        if not images.is_image(src_uri) or not self.media_declared_by(src_uri) or self.index.files is None:
            return derivatives.Plan()
        if split_language(src_uri) != (src_uri, DEFAULT_LANGUAGE) or src_uri not in self.index.files.assets:
            return derivatives.Plan()
        return derivatives.plan_for(src_uri, self.index.files.assets[src_uri], self.index.files.assets)

    def warm_media(self) -> int:
        """Clean every image this build publishes and make its smaller copies now, into the
        in-process caches the hooks then read (images._cache, derivatives._cache). Called
        before the build forks a second process (workers.py), both processes share the work
        instead of each encoding every picture. Returns how many images were prepared."""
        done = 0
        for src_uri in sorted(self._media):
            if images.is_image(src_uri) and self.is_publishable_asset(src_uri):
                path = self.index.files.assets[src_uri]
                try:
                    images.clean_bytes(path)
                    derivatives.data_all(path, self.renditions(src_uri).files)
                except images.ImageError:
                    continue  # `hromada check` names the file; the hooks stop the build in one line
                done += 1
        return done

    def site(self, lang: str) -> views.Site:
        """Header, menus and footer of a language, for the page templates (`hromada_site`)."""
        return chrome.site(self.listings, self.settings, lang)

    def page_meta(self, doc: Doc) -> dict[str, Any]:
        decision = self.publication.decision(doc)
        meta: dict[str, Any] = {"description": doc.summary} if doc.summary else {}
        meta["hromada_layout"] = layout(doc)
        if not decision.search or not decision.published:
            meta["hromada_noindex"] = True
        if not decision.published:
            from .status import reasons_in

            meta["hromada_preview"] = reasons_in(decision.reasons, doc.lang)
            meta["hromada_preview_title"] = t(doc.lang, "preview_banner")
            meta["hromada_preview_link"] = {"url": relative(doc.url, url_for("preview/index.md", doc.lang)),
                                            "label": t(doc.lang, "preview_link")}
            return meta
        if decision.search:
            meta["hromada_index"] = True
        meta["hromada_share"] = self.share_card(doc)
        return meta

    def share_card(self, doc: Doc) -> dict[str, str]:
        """Open Graph data for link previews. A picture showing people is used only
        when everyone on the page allows the `social` channel."""
        social = self.publication.decision(doc).social
        image = next((ref for ref in doc.media if images.is_image(ref.file) and (social or not ref.depicts)), None)
        return {
            "title": doc.title,
            "description": doc.summary,
            "url": absolute(self.settings.site_url, doc.url),
            "locale": doc.lang,
            "image": absolute(self.settings.site_url, media_src_uri(doc, image.file)) if image else "",
        }

    # --- links and uses on a rendered page --------------------------------
    def link_is_ours(self, src_uri: str, href: str) -> bool:
        """True when a link MkDocs warns about points at one of our pages (handled, never logged)."""
        doc = self.doc(src_uri)
        return doc is not None and (self.links.target(doc, href) is not None or self.links.loose(doc, href) is not None)

    def settle_links(self, doc: Doc, page_html: str, words: bool = True) -> str:
        """HTML drawn for `doc` with every address of one of our pages settled by the publication
        decision (links.py): kept, pointed at a published version, or taken away (plain text).
        `words`: addresses written as words in it are settled too (the page's own text; the
        blocks around it are drawn from fields `hromada check` keeps free of our addresses)."""
        return links.rewrite(page_html, lambda href: self.links.fate(doc, href),
                             lambda href: self.links.note_kept(doc, href), self.settings.site_host if words else "")

    def render_guard(self, doc: Doc, page_html: str) -> str:
        """The rendered text of a page: links settled, every media URL in it declared, and
        no picture that is not a file of the site (page_loads.py: data: addresses, other hosts),
        no script, nothing that moves the page elsewhere or steers the search index.
        (The blocks drawn around it, `blocks`, settle the addresses editors wrote in them.)
        First, what a browser reads as a comment goes (html_tokens.without_notes: `<?...>`,
        `<![CDATA[...]]>`, `<!...>`): staff notes, never published; every output (the page, its
        feeds, its search entry) takes the text from here."""
        page_html = self.settle_links(doc, html_tokens.without_notes(page_html))
        self.page_problems += media_rules.undeclared_in_html(doc, page_html, doc.url, self.index, self.settings.site_host)
        self._page_rules(doc, page_html)
        return page_html

    def _page_rules(self, doc: Doc, page_html: str) -> None:
        """page_loads.py's rules on a page's HTML, each problem named once."""
        found = page_loads.problems(doc, page_html, self.settings.site_host)
        self.page_problems += [p for p in found if p not in self.page_problems]

    def find_dead_links(self, site: Path, languages: Collection[str] = LANGUAGES, public: bool = False) -> list[str]:
        """Links of the drawn pages to addresses of this site that `site`, written, does not
        have (links.dead_links); kept whole for the report, returned for the build's last lines
        (`public`: without the addresses, for a build's log). In a part of the site
        (HROMADA_LANGUAGES) another language's address is not judged: its job writes it."""
        def known() -> list[str]:
            return [p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html")]

        def is_file(rel: str) -> bool:
            return build_languages.of_path(rel) not in languages or (site / rel).is_file()

        site_path = urlparse(self.settings.site_url).path
        self.dead_links = links.dead_links(self.links.kept_elsewhere, is_file, site_path, known)
        return links.dead_links(self.links.kept_elsewhere, is_file, site_path, known, public=True) if public else self.dead_links

    def public_log(self, problems: list[Problem]) -> "log_privacy.PublicLog":
        """What this build's log must not name among `problems` found while drawing (log_privacy.py)."""
        return log_privacy.public_log(self.root, self.index, lambda: self.publication, problems, self.people.keys())

    @property
    def report_findings(self) -> dict[str, list[str]]:
        """Extra sections of the build report: what the gate left out beyond whole pages."""
        files = media_rules.unpublished_files(self.index, self._media)
        return {
            "Files in content folders that were not published": [f"{path}: {why}" for path, why in files.items()],
            "Links to unpublished pages, published as plain text": [
                f"{page} linked to {target}" for page, targets in sorted(self.links.unlinked.items()) for target in sorted(targets)],
            "Links to addresses this site does not have (dead ends for readers)": list(self.dead_links),
            "Pages named in mkdocs.yml that are not published (not linked)": [
                str(p) for p in settings_mod.missing_pages(self.settings, {d.key for d in self.listings.docs_by_key.values()})],
        }

    def add_quick_exit(self, html: str, lang: str) -> str:
        """Put the quick-exit link first in <body>, so it is first in keyboard order."""
        start = html.find("<body")
        if start < 0:
            return html
        end = html.find(">", start) + 1
        link = (
            f'<a class="hx-quick-exit" href="{escape(self.settings.quick_exit_url)}" rel="noreferrer noopener" '
            f'data-hx-quick-exit title="{escape(t(lang, "quick_exit_hint"))}">{escape(t(lang, "quick_exit"))}</a>'
        )
        return html[:end] + link + html[end:]

    def ui_strings(self, lang: str) -> dict[str, str]:
        """Strings the page's scripts need, with {placeholders} left for them to fill."""
        return {"search_fallback": t(lang, "search_fallback", query="{query}", prefix="{prefix}"),
                "search_more": t(lang, "search_more")}

    def feed_links(self, src_uri: str, lang: str) -> list[dict[str, str]]:
        """<link rel=alternate> entries for a page's <head>: the feed of what the page shows
        (listing, series, organisation, category; a publication's series and section)
        first, then its language's main feed."""
        links = []
        for feed in self.feeds.for_page(src_uri, self.doc(src_uri), lang):
            links.append({"type": "application/rss+xml", "title": feed.title, "href": feed.rss})
            links.append({"type": "application/atom+xml", "title": feed.title, "href": feed.atom})
            if feed.json:
                links.append({"type": "application/feed+json", "title": feed.title, "href": feed.json_path})
        return links

    def feed_outputs(self, contents: Mapping[str, str], languages: Collection[str] = LANGUAGES) -> list[feeds.OutputFile]:
        """Every feed and calendar file of `languages`; `contents` holds rendered page bodies by src_uri."""
        out = feeds.render_all(self.feeds, contents, languages)
        stamps, index = self.feeds.stamps, self.publication  # ids borrowed from published versions only
        for lang in (lang for lang in LANGUAGES if lang in languages):
            events = [d for d in self.listings.by_kind[(lang, Kind.EVENT)] if self.publication.in_feeds(d)]
            if not events:  # an empty calendar is not published (nor offered: feed_pages.has_calendar)
                continue
            out.append(feeds.OutputFile(feed_pages.calendar_path(lang), calendar.language_calendar(
                f"{t(lang, 'site_name')} · {t(lang, 'calendar')}", lang, events, self.settings, stamps, index),
                f"event calendar ({lang})"))
            for doc in events:
                out.append(feeds.OutputFile(f"{doc.url}event.ics", calendar.event_calendar(doc, self.settings, stamps, index),
                                            f"calendar entry of {public_src_uri(doc.path)}"))
        return out

    # --- whole site ------------------------------------------------------
    def page_sources(self, lang: str) -> dict[str, str]:
        """The source file of every published page of `lang`, by its URL as the search index
        names it (/uk/news/x/): for messages about a page found there."""
        return {search_index_url(doc.url): doc.path for doc in self.publication.published(lang)}

    @functools.cached_property
    def sitemap_xml(self) -> str:
        """Every published, indexable page per language, with its published alternates.

        Every language build renders sitemap.xml; it is computed once per build."""
        site = self.settings.site_url or "/"
        indexable: dict[str, dict[str, str]] = {}
        for lang in LANGUAGES:
            for doc in self.publication.published(lang):
                if self.publication.decision(doc).search:
                    indexable.setdefault(doc.key, {})[lang] = doc.url
            for page in self.generated[lang]:
                if not page.noindex:
                    indexable.setdefault(page.src_uri, {})[lang] = page.url
        out = ['<?xml version="1.0" encoding="UTF-8"?>',
               '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
        for key in sorted(indexable):
            versions = indexable[key]
            links = "".join(
                f'<xhtml:link rel="alternate" hreflang="{lang}" href="{escape(absolute(site, url))}"/>'
                for lang, url in sorted(versions.items(), key=lambda kv: LANGUAGES.index(kv[0]))
            ) if len(versions) > 1 else ""
            for lang, url in sorted(versions.items(), key=lambda kv: LANGUAGES.index(kv[0])):
                out.append(f"<url><loc>{escape(absolute(site, url))}</loc>{links}</url>")
        out.append("</urlset>")
        return "\n".join(out) + "\n"


def layout(doc: Doc) -> str:
    """Which page layout main.html draws: home, article (a publication), section
    (a series or organisation with its list), page (plain text). Generated
    listings have none and get the listing layout."""
    if doc.kind is Kind.HOME:
        return "home"
    if doc.kind in ARTICLE_KINDS:
        return "article"
    if doc.kind in (Kind.SERIES, Kind.ORGANIZATION):
        return "section"
    return "page"


def prepare(root: Path, extra: Mapping[str, Any] | None, site_url: str | None,
            docs_dir: Path | None = None, preview: bool = False,
            template_dirs: list[str] | None = None, design: theme_files.Design | None = None) -> Build:
    """`template_dirs`: the theme's folders (MkDocs' `config.theme.dirs`), for the partials."""
    now = build_time()
    checked = check(root, extra, site_url, docs_dir, design=design, now=now)
    pub = Publication(checked.index, checked.people, now, checked.settings.zone)
    partials = Partials.shared(template_dirs) if template_dirs else None
    listings = Listings(pub, checked.settings, now, partials)
    return Build(root, checked.settings, checked.index, pub, listings, now, checked.people, preview)
