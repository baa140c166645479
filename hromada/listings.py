"""Generated pages (listings, categories, home) and the blocks added to typed pages.

Built per language from the publication decision only: a page that is not
published in a language is in none of that language's listings, and its
thumbnail goes with it. Indexes are computed once per language, so each
listing page costs O(page size) and the whole site O(items): no listing scans
all items, and no listing re-renders a page body (cards come from front matter).

This module decides what is listed where; `views` turns items into plain
data, and the templates in overrides/partials/hromada/ draw them (`render`).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Callable

from . import views
from .content import url_for
from .languages import DEFAULT_LANGUAGE, LANGUAGES
from .model import Doc, Kind
from .publication import Publication
from .render import NOT_CONTENT, Partials
from .settings import Settings
from .strings import t
from .urls import relative

SECTION_KINDS = {"news": Kind.NEWS, "interviews": Kind.INTERVIEW, "campaigns": Kind.CAMPAIGN}
LISTED_IN_ARCHIVES = (Kind.NEWS, Kind.INTERVIEW, Kind.EVENT, Kind.STORY, Kind.CAMPAIGN)
#: Kinds that may lead the home page, and how many of the newest are looked at
#: for one with a picture (a lead without one is used when none has).
LEAD_KINDS = (Kind.NEWS, Kind.INTERVIEW, Kind.STORY)
LEAD_WINDOW = 5
#: Publications that end with related publications and a call to action.
ARTICLE_KINDS = (Kind.NEWS, Kind.INTERVIEW, Kind.EVENT, Kind.STORY, Kind.CAMPAIGN)


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # language-neutral, e.g. news/page/2/index.md
    lang: str
    title: str
    #: Markdown made of one raw HTML block, or what draws it when first asked: a preview
    #: server asks for one page, and drawing all of a large site's listings takes seconds.
    draw: str | Callable[[], str] = field(repr=False, compare=False)
    description: str = ""
    #: A page about a page kept out of search (an organisation's or series' listing or feed page):
    #: kept out too (noindex, not in the sitemap), since its title and address name that page.
    noindex: bool = False

    @property
    def body(self) -> str:
        """Drawn on each use, not kept: a build asks once per page, and keeping every listing's
        HTML held tens of megabytes at 2,000 items x 4 while Pagefind ran beside the build."""
        return self.draw() if callable(self.draw) else self.draw

    @property
    def url(self) -> str:
        return url_for(self.src_uri, self.lang)


def paged_uri(base: str, page: int) -> str:
    """`news/` page 1 -> news/index.md, page 3 -> news/page/3/index.md."""
    return f"{base}index.md" if page == 1 else f"{base}page/{page}/index.md"


def chunks(docs: list[Doc], size: int) -> list[list[Doc]]:
    return [docs[i:i + size] for i in range(0, len(docs), size)] or [[]]


class Listings:
    """Everything listed, per language, from one Publication."""

    def __init__(self, pub: Publication, settings: Settings, now: datetime, partials: Partials | None = None):
        self.pub = pub
        self.settings = settings
        self.now = now
        self.partials = partials or Partials.default()
        self.by_kind: dict[tuple[str, Kind], list[Doc]] = defaultdict(list)
        self.by_category: dict[tuple[str, str], list[Doc]] = defaultdict(list)
        self.by_org: dict[tuple[str, str], list[Doc]] = defaultdict(list)
        self.parts: dict[tuple[str, str], list[Doc]] = defaultdict(list)
        self.docs_by_key: dict[tuple[str, str], Doc] = {}
        for lang in LANGUAGES:
            for doc in sorted(pub.published(lang), key=lambda d: d.sort_key):
                self.by_kind[(lang, doc.kind)].append(doc)
                self.docs_by_key[(lang, doc.key)] = doc
                if doc.kind in LISTED_IN_ARCHIVES:
                    for cat in doc.categories:
                        self.by_category[(lang, cat)].append(doc)
                if doc.kind in LISTED_IN_ARCHIVES or doc.kind is Kind.SERIES:
                    for org in doc.organizations:
                        self.by_org[(lang, org)].append(doc)
                if doc.kind is Kind.STORY and doc.series:
                    self.parts[(lang, doc.series)].append(doc)
        self.part_position: dict[str, int] = {}
        for parts in self.parts.values():
            parts.sort(key=lambda d: (d.part or 0, d.key))
            for i, part in enumerate(parts):
                self.part_position[part.src_uri] = i

    # --- questions -------------------------------------------------------
    def upcoming(self, lang: str) -> list[Doc]:
        events = [d for d in self.by_kind[(lang, Kind.EVENT)] if self._ends(d) >= self.now]
        return sorted(events, key=lambda d: (d.event.start, d.key))

    def past(self, lang: str) -> list[Doc]:
        events = [d for d in self.by_kind[(lang, Kind.EVENT)] if self._ends(d) < self.now]
        return sorted(events, key=lambda d: (-d.event.start.timestamp(), d.key))

    @staticmethod
    def _ends(doc: Doc) -> datetime:
        return doc.event.end or doc.event.start

    def ended(self, doc: Doc) -> bool:
        return doc.kind is Kind.EVENT and doc.event is not None and self._ends(doc) < self.now

    def series_parts(self, doc: Doc) -> list[Doc]:
        return self.parts.get((doc.lang, doc.series or doc.key), [])

    def series_latest(self, lang: str) -> list[Doc]:
        """Series newest first, by their latest published part."""
        def latest(series: Doc) -> float:
            parts = self.parts.get((lang, series.key), [])
            return max((p.published.timestamp() for p in parts if p.published), default=0.0)
        return sorted(self.by_kind[(lang, Kind.SERIES)], key=lambda s: (-latest(s), s.key))

    def organization(self, slug: str, lang: str) -> Doc | None:
        return self.docs_by_key.get((lang, f"organizations/{slug}.md"))

    def page(self, key: str, lang: str) -> Doc | None:
        """A page (footer, the site's action) in this language, else the English one if it is
        about nobody: a page naming a person is shown in no language its decision leaves out,
        not even as a link's title or address in another language's pages."""
        doc = self.docs_by_key.get((lang, key))
        if doc is None:
            doc = self.docs_by_key.get((DEFAULT_LANGUAGE, key))
            if doc is not None and doc.people:
                return None
        return doc

    def page_url(self, key: str, lang: str) -> str | None:
        """Site-relative URL of `page(key, lang)`, None when there is none."""
        doc = self.page(key, lang)
        return doc.url if doc is not None else None

    def org_name(self, slug: str, lang: str) -> str | None:
        """An organisation's name as its page published in this language gives it, else None:
        never another language's title nor the slug (its page may name a person whose
        consent leaves this language out, or be withdrawn)."""
        doc = self.organization(slug, lang)
        return doc.title if doc is not None else None

    def org_names(self, doc: Doc, channel: Callable[[Doc], bool] | None = None) -> list[str]:
        """The names of the organisations `doc` names, as `org_name`; with `channel`, only those
        whose own page that channel may carry (a feed names no organisation whose page is kept
        out of feeds)."""
        names = []
        for slug in doc.organizations:
            org = self.organization(slug, doc.lang)
            if org is not None and (channel is None or channel(org)):
                names.append(org.title)
        return names

    def related(self, doc: Doc) -> list[tuple[Doc, str]]:
        """Publications sharing a category (labelled with it) or organisation, newest first.

        Each source list is already newest first, so only its head is read:
        the cost does not grow with the size of the category.
        """
        wanted = self.settings.related
        candidates: dict[str, tuple[Doc, str]] = {}
        sources = [(self.by_category[(doc.lang, c)], self.settings.category_name(c, doc.lang)) for c in doc.categories]
        sources += [(self.by_org[(doc.lang, o)], name) for o in doc.organizations if (name := self.org_name(o, doc.lang))]
        for docs, label in sources:
            taken = 0
            for other in docs:
                if taken > wanted:
                    break
                if other.key == doc.key or other.kind not in LISTED_IN_ARCHIVES:
                    continue
                taken += 1
                candidates.setdefault(other.key, (other, label))
        return sorted(candidates.values(), key=lambda pair: pair[0].sort_key)[:wanted]

    # --- views -------------------------------------------------------------
    def card(self, doc: Doc, here: str, label: str = "", image: bool = True) -> views.Card:
        # its words, its organisations' names among them, are no search engine's snippet when the
        # page or one of its organisations is kept out of search
        orgs_unsearched = any((org := self.organization(slug, doc.lang)) is not None and not self.pub.in_search(org)
                              for slug in doc.organizations)
        return views.card(doc, here, self.pub.index, self.org_names(doc), label, self.ended(doc), image,
                          unsearched=not self.pub.in_search(doc) or orgs_unsearched)

    def cards(self, docs: list[Doc], here: str, lang: str, label: Callable[[Doc], str] | None = None,
              empty: str = "nothing_here", level: int = 3) -> views.Cards:
        return views.cards([self.card(d, here, label(d) if label else "") for d in docs], lang, empty, level=level)

    def _render(self, view: views.View | None, lang: str) -> str:
        return self.partials.render(view, lang)

    # --- generated pages -------------------------------------------------
    def generated(self, lang: str, has_home: bool) -> list[GeneratedPage]:
        size = self.settings.page_size
        pages: list[GeneratedPage] = []
        for folder, kind in SECTION_KINDS.items():
            pages += self._paged(f"{folder}/", lang, t(lang, folder), self.by_kind[(lang, kind)], size)
        pages += self._events(lang, size)
        pages += self._organizations(lang, size)
        pages += self._series_index(lang, size)
        pages += self._categories(lang, size)
        for org_doc in self.by_kind[(lang, Kind.ORGANIZATION)]:
            org_pages = chunks(self.by_org[(lang, org_doc.slug)], size)
            for n, chunk in enumerate(org_pages[1:], start=2):
                uri = paged_uri(f"organizations/{org_doc.slug}/", n)
                body = partial(self._page_body, uri, lang, chunk, n, len(org_pages), f"organizations/{org_doc.slug}/", first_url=org_doc.url)
                pages.append(GeneratedPage(uri, lang, t(lang, "publications_of", name=org_doc.title), body,
                                           noindex=not self.pub.in_search(org_doc)))
        if not has_home:
            pages.append(GeneratedPage("index.md", lang, t(lang, "home"), partial(self.home_blocks, lang, url_for("index.md", lang))))
        return pages

    def _listing(self, here: str, lang: str, docs: list[Doc], n: int, total: int, url_of: Callable[[int], str],
                 label: Callable[[Doc], str] | None = None, level: int = 2) -> views.Listing:
        """A page of cards and its pagination; `level` 3 when it sits in a titled section."""
        cards = self.cards(docs, here, lang, label, level=level)
        return views.Listing((cards,), views.pagination(here, n, total, url_of, lang))

    def _page_body(self, uri: str, lang: str, docs: list[Doc], n: int, total: int, base: str,
                   first_url: str | None = None, label=None) -> str:
        here = url_for(uri, lang)

        def url_of(k: int) -> str:
            if k == 1 and first_url is not None:
                return first_url
            return url_for(paged_uri(base, k), lang)

        return self._render(self._listing(here, lang, docs, n, total, url_of, label), lang)

    def _paged(self, base: str, lang: str, title: str, docs: list[Doc], size: int, label=None) -> list[GeneratedPage]:
        parts = chunks(docs, size)
        out = []
        for n, chunk in enumerate(parts, start=1):
            uri = paged_uri(base, n)
            shown = title if n == 1 else f"{title} · {t(lang, 'page_n_of_m', n=n, m=len(parts))}"
            out.append(GeneratedPage(uri, lang, shown, partial(self._page_body, uri, lang, chunk, n, len(parts), base, label=label)))
        return out

    def _events(self, lang: str, size: int) -> list[GeneratedPage]:
        here = url_for("events/index.md", lang)
        upcoming = self.upcoming(lang)
        past_pages = chunks(self.past(lang), size)
        past_title = t(lang, "past_events")

        def url_of(k: int) -> str:
            return url_for("events/index.md" if k == 1 else paged_uri("events/past/", k), lang)

        calendar = views.Link(f"{t(lang, 'calendar')} (iCal)", relative(here, url_for("events/calendar.ics", lang).rstrip("/")))
        if not any(self.pub.in_feeds(d) for d in self.by_kind[(lang, Kind.EVENT)]):
            calendar = None  # no event allows feeds: no calendar file is published (feed_pages.has_calendar)

        def first() -> str:
            return self._render(views.Listing((
                views.Section(t(lang, "upcoming_events"), (self.cards(upcoming, here, lang, empty="no_upcoming_events"),), anchor="upcoming"),
                views.Section(past_title, (self._listing(here, lang, past_pages[0], 1, len(past_pages), url_of, level=3),), anchor="past"),
            ), calendar=calendar), lang)

        out = [GeneratedPage("events/index.md", lang, t(lang, "events"), first)]
        for n, chunk in enumerate(past_pages[1:], start=2):
            uri = paged_uri("events/past/", n)
            body = partial(self._render_listing, url_for(uri, lang), lang, chunk, n, len(past_pages), url_of)
            out.append(GeneratedPage(uri, lang, f"{past_title} · {t(lang, 'page_n_of_m', n=n, m=len(past_pages))}", body))
        return out

    def _render_listing(self, here: str, lang: str, docs: list[Doc], n: int, total: int, url_of: Callable[[int], str]) -> str:
        return self._render(self._listing(here, lang, docs, n, total, url_of), lang)

    def _organizations(self, lang: str, size: int) -> list[GeneratedPage]:
        """Organisations by name (an alphabetical directory, not news), paginated."""
        orgs = sorted(self.by_kind[(lang, Kind.ORGANIZATION)], key=lambda d: (d.title.casefold(), d.key))
        return self._paged("organizations/", lang, t(lang, "organizations"), orgs, size)

    def _series_index(self, lang: str, size: int) -> list[GeneratedPage]:
        """Series with the newest part first, paginated, each with its cadence."""
        return self._paged("stories/", lang, t(lang, "series"), self.series_latest(lang), size,
                           label=lambda s: s.cadence or "")

    def _categories(self, lang: str, size: int) -> list[GeneratedPage]:
        here = url_for("categories/index.md", lang)
        rows = []
        out = []
        for slug in self.settings.categories:
            name = self.settings.category_name(slug, lang)
            docs = self.by_category[(lang, slug)]
            rows.append(views.Link(name, relative(here, url_for(f"categories/{slug}/index.md", lang)), note=str(len(docs))))
            out += self._paged(f"categories/{slug}/", lang, t(lang, "in_category", name=name), docs, size)
        out.insert(0, GeneratedPage("categories/index.md", lang, t(lang, "categories"),
                                    partial(self._render, views.Links(tuple(rows), t(lang, "nothing_here")), lang)))
        return out

    # --- home ------------------------------------------------------------
    def lead(self, lang: str) -> Doc | None:
        """The home page's lead: the newest publication with a picture among the newest few, else the newest."""
        newest = sorted((d for kind in LEAD_KINDS for d in self.by_kind[(lang, kind)][:LEAD_WINDOW]),
                        key=lambda d: d.sort_key)[:LEAD_WINDOW]
        with_picture = next((d for d in newest if views.thumbnail(d, self.pub.index) is not None), None)
        return with_picture or (newest[0] if newest else None)

    def home_lead(self, lang: str, here: str) -> views.HomeLead | None:
        lead = self.lead(lang)
        return views.HomeLead(self.card(lead, here)) if lead else None

    def home(self, lang: str, here: str) -> views.Home:
        s = self.settings
        lead = self.lead(lang)

        def latest(kind: Kind, count: int) -> list[Doc]:
            return [d for d in self.by_kind[(lang, kind)][: count + 1] if d is not lead][:count]

        def more(folder: str) -> views.Link:  # "All news": a link that says where it leads
            return views.Link(t(lang, f"all_{folder}"), relative(here, url_for(f"{folder}/index.md", lang)))

        interviews = latest(Kind.INTERVIEW, s.home_interviews)  # a section only where there are some
        return views.Home(tuple(section for section in (
            views.Section(t(lang, "latest_news"), (self.cards(latest(Kind.NEWS, s.home_news), here, lang),), more("news"), "news"),
            views.Section(t(lang, "latest_interviews"), (self.cards(interviews, here, lang),), more("interviews"), "interviews")
            if interviews else None,
            views.Section(t(lang, "latest_stories"), (self.cards(latest(Kind.STORY, s.home_stories), here, lang),), more("stories"), "stories"),
            views.Section(t(lang, "current_campaigns"), (self.cards(self.by_kind[(lang, Kind.CAMPAIGN)][: s.home_campaigns], here, lang),),
                          more("campaigns"), "campaigns"),
            views.Section(t(lang, "upcoming_events"), (self.cards(self.upcoming(lang)[: s.home_events], here, lang, empty="no_upcoming_events"),),
                          more("events"), "events"),
        ) if section is not None))

    def home_blocks(self, lang: str, here: str) -> str:
        """The whole home page body, for a site without docs/index.md."""
        return self.partials.render_all([self.home_lead(lang, here), self.home(lang, here)], lang)

    # --- blocks on typed pages ------------------------------------------
    def blocks(self, doc: Doc) -> tuple[str, str]:
        """HTML to put before and after a typed page's own text."""
        before, after = self.block_views(doc)
        return self.partials.render_all(before, doc.lang), self.partials.render_all(after, doc.lang)

    def block_views(self, doc: Doc) -> tuple[list[views.View | None], list[views.View | None]]:
        lang, here = doc.lang, doc.url
        if doc.kind is Kind.EVENT:
            box = views.event_box(doc, lang, "event.ics" if self.pub.in_feeds(doc) else "", self.ended(doc))
            return [box], self._article_end(doc)
        if doc.kind is Kind.STORY:
            nav = self.series_nav(doc)
            return [nav], [nav, *self._article_end(doc)]
        if doc.kind in ARTICLE_KINDS:
            return [], self._article_end(doc)
        if doc.kind is Kind.SERIES:
            parts = [self.card(p, here, image=False) for p in self.series_parts(doc)]
            cadence = t(lang, "cadence", cadence=doc.cadence) if doc.cadence else ""
            part_list = views.PartList(tuple(parts), t(lang, "nothing_here"), cadence)
            return [], [views.Section(t(lang, "series_parts"), (part_list,))]
        if doc.kind is Kind.ORGANIZATION:
            pages = chunks(self.by_org[(lang, doc.slug)], self.settings.page_size)

            def url_of(k: int) -> str:
                return doc.url if k == 1 else url_for(paged_uri(f"organizations/{doc.slug}/", k), lang)

            listing = self._listing(here, lang, pages[0], 1, len(pages), url_of, level=3)
            return [], [views.Section(t(lang, "all_publications"), (listing,))]
        if doc.kind is Kind.HOME:
            return [self.home_lead(lang, here)], [self.home(lang, here)]
        return [], []

    def _part_link(self, doc: Doc | None, here: str) -> views.Link | None:
        if doc is None:
            return None
        return views.Link(doc.title, relative(here, doc.url), unsearched=not self.pub.in_search(doc))

    def series_nav(self, doc: Doc) -> views.SeriesNav | None:
        """'Part N of M' and links to the previous and next published parts.

        N and M count the parts published in this language, not the numbers in
        file names: a withdrawn part must leave no gap a reader could notice."""
        parts = self.series_parts(doc)
        pos = self.part_position.get(doc.src_uri)
        if doc.part is None or pos is None:
            return None
        lang, here = doc.lang, doc.url
        series = self.docs_by_key.get((lang, doc.series or ""))
        prev_doc = parts[pos - 1] if pos > 0 else None
        next_doc = parts[pos + 1] if pos + 1 < len(parts) else None
        return views.SeriesNav(
            position=t(lang, "part_n_of_m", n=pos + 1, m=len(parts)), aria_label=t(lang, "series_parts"),
            series=views.Link(series.title, relative(here, series.url), unsearched=not self.pub.in_search(series))
            if series else None,
            previous=self._part_link(prev_doc, here),
            next=self._part_link(next_doc, here),
            previous_label=t(lang, "previous_part"), next_label=t(lang, "next_part"),
        )

    def _article_end(self, doc: Doc) -> list[views.View | None]:
        """A publication ends with what the reader can do, then related publications."""
        lang, here = doc.lang, doc.url
        orgs = tuple(link for slug in doc.organizations if (link := self._org_link(slug, here, lang)))
        if doc.actions:
            actions = views.Actions(t(lang, "take_action"), tuple(views.Link(a.label, a.href) for a in doc.actions), orgs,
                                    from_front_matter=True)
        else:
            site_action = self.site_action(lang, here)
            actions = views.Actions(t(lang, "published_by"), (site_action,) if site_action else (), orgs,
                                    t(lang, "support_intro") if site_action else "") if orgs or site_action else None
        related = self.related(doc)
        section = views.Section(
            t(lang, "related_publications"),
            (views.cards([self.card(d, here, label=lbl) for d, lbl in related], lang),),
            anchor="related",
        ) if related or doc.kind is Kind.CAMPAIGN else None
        return [actions, section]

    def _org_link(self, slug: str, here: str, lang: str) -> views.Link | None:
        org = self.organization(slug, lang)
        return views.Link(org.title, relative(here, org.url), unsearched=not self.pub.in_search(org)) \
            if org is not None else None

    def site_action(self, lang: str, here: str) -> views.Link | None:
        """The site's lasting action link (mkdocs.yml: extra.hromada.action), relative to `here`."""
        action = self.settings.action
        if action is None:
            return None
        url = action.url or self.page_url(action.page, lang)
        return views.Link(action.label_in(lang), relative(here, url)) if url is not None else None

    def byline(self, doc: Doc) -> views.Byline | None:
        lang, here = doc.lang, doc.url
        when = views.when_of(doc, lang) if doc.kind in LISTED_IN_ARCHIVES and doc.kind is not Kind.EVENT else None
        orgs = tuple(link for slug in doc.organizations if (link := self._org_link(slug, here, lang)))
        cats = tuple(views.Link(self.settings.category_name(c, lang), relative(here, url_for(f"categories/{c}/index.md", lang)))
                     for c in doc.categories)
        if not (when or orgs or cats):
            return None
        kind = t(lang, f"kind_{doc.kind.value}") if doc.kind in ARTICLE_KINDS else ""
        return views.Byline(when, orgs, cats, kind)

    def meta_line(self, doc: Doc) -> str:
        """Date, organisations and categories under a publication's title."""
        return self._render(self.byline(doc), doc.lang)


__all__ = ["Listings", "GeneratedPage", "NOT_CONTENT", "paged_uri", "chunks"]
