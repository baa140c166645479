"""Generated pages (listings, categories, home) and the blocks added to typed pages.

Built per language from the publication decision only: a page that is not
published in a language is in none of that language's listings.
Indexes are computed once per language, so each listing page costs
O(page size) and the whole site O(items): no listing scans all items.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from html import escape

from . import render
from .content import url_for
from .languages import LANGUAGES
from .model import Doc, Kind
from .publication import Publication
from .settings import Settings
from .strings import t
from .urls import relative

SECTION_KINDS = {"news": Kind.NEWS, "interviews": Kind.INTERVIEW, "campaigns": Kind.CAMPAIGN}
LISTED_IN_ARCHIVES = (Kind.NEWS, Kind.INTERVIEW, Kind.EVENT, Kind.STORY, Kind.CAMPAIGN)


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # language-neutral, e.g. news/page/2/index.md
    lang: str
    title: str
    body: str  # Markdown made of one raw HTML block
    description: str = ""

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

    def __init__(self, pub: Publication, settings: Settings, now: datetime):
        self.pub = pub
        self.settings = settings
        self.now = now
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

    def org_name(self, slug: str, lang: str) -> str:
        for candidate in (lang, *LANGUAGES):
            doc = self.docs_by_key.get((candidate, f"organizations/{slug}.md"))
            if doc:
                return doc.title
        return slug

    def related(self, doc: Doc) -> list[tuple[Doc, str]]:
        """Publications sharing a category (labelled with it) or organisation, newest first.

        Each source list is already newest first, so only its head is read:
        the cost does not grow with the size of the category.
        """
        wanted = self.settings.related
        candidates: dict[str, tuple[Doc, str]] = {}
        sources = [(self.by_category[(doc.lang, c)], self.settings.category_name(c, doc.lang)) for c in doc.categories]
        sources += [(self.by_org[(doc.lang, o)], self.org_name(o, doc.lang)) for o in doc.organizations]
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
                body = self._page_body(uri, lang, chunk, n, len(org_pages), f"organizations/{org_doc.slug}/", first_url=org_doc.url)
                pages.append(GeneratedPage(uri, lang, t(lang, "publications_of", name=org_doc.title), body))
        if not has_home:
            pages.append(GeneratedPage("index.md", lang, t(lang, "home"), self.home_blocks(lang, url_for("index.md", lang))))
        return pages

    def _page_body(self, uri: str, lang: str, docs: list[Doc], n: int, total: int, base: str,
                   first_url: str | None = None, label=None) -> str:
        here = url_for(uri, lang)

        def url_of(k: int) -> str:
            if k == 1 and first_url is not None:
                return first_url
            return url_for(paged_uri(base, k), lang)

        return render.join(render.cards(docs, here, lang, label), render.pagination(here, n, total, url_of, lang))

    def _paged(self, base: str, lang: str, title: str, docs: list[Doc], size: int, label=None) -> list[GeneratedPage]:
        parts = chunks(docs, size)
        out = []
        for n, chunk in enumerate(parts, start=1):
            uri = paged_uri(base, n)
            shown = title if n == 1 else f"{title} · {t(lang, 'page_n_of_m', n=n, m=len(parts))}"
            out.append(GeneratedPage(uri, lang, shown, self._page_body(uri, lang, chunk, n, len(parts), base, label=label)))
        return out

    def _events(self, lang: str, size: int) -> list[GeneratedPage]:
        here = url_for("events/index.md", lang)
        upcoming = self.upcoming(lang)
        past_pages = chunks(self.past(lang), size)
        past_title = t(lang, "past_events")

        def url_of(k: int) -> str:
            return url_for("events/index.md" if k == 1 else paged_uri("events/past/", k), lang)

        upcoming_html = render.cards(upcoming, here, lang) if upcoming else f'<p class="hx-empty">{escape(t(lang, "no_upcoming_events"))}</p>'
        first = render.join(
            render.section(t(lang, "upcoming_events"), upcoming_html, anchor="upcoming"),
            render.section(past_title, render.join(render.cards(past_pages[0], here, lang),
                                                   render.pagination(here, 1, len(past_pages), url_of, lang)), anchor="past"),
        )
        calendar = relative(here, url_for("events/calendar.ics", lang).rstrip("/"))
        first = render.join(f'<p class="hx-calendar"><a href="{escape(calendar)}" type="text/calendar">'
                            f'{escape(t(lang, "calendar"))} (iCal)</a></p>', first)
        out = [GeneratedPage("events/index.md", lang, t(lang, "events"), first)]
        for n, chunk in enumerate(past_pages[1:], start=2):
            uri = paged_uri("events/past/", n)
            here_n = url_for(uri, lang)
            body = render.join(render.cards(chunk, here_n, lang), render.pagination(here_n, n, len(past_pages), url_of, lang))
            out.append(GeneratedPage(uri, lang, f"{past_title} · {t(lang, 'page_n_of_m', n=n, m=len(past_pages))}", body))
        return out

    def _organizations(self, lang: str, size: int) -> list[GeneratedPage]:
        """Organisations by name (an alphabetical directory, not news), paginated."""
        orgs = sorted(self.by_kind[(lang, Kind.ORGANIZATION)], key=lambda d: (d.title.casefold(), d.key))
        return self._paged("organizations/", lang, t(lang, "organizations"), orgs, size)

    def _series_index(self, lang: str, size: int) -> list[GeneratedPage]:
        """Series with the newest part first, paginated, each with its cadence."""
        return self._paged("stories/", lang, t(lang, "series"), self.series_latest(lang), size,
                           label=lambda s: escape(s.cadence or ""))

    def _categories(self, lang: str, size: int) -> list[GeneratedPage]:
        here = url_for("categories/index.md", lang)
        rows = []
        out = []
        for slug in self.settings.categories:
            name = self.settings.category_name(slug, lang)
            docs = self.by_category[(lang, slug)]
            rows.append((url_for(f"categories/{slug}/index.md", lang), name, str(len(docs))))
            out += self._paged(f"categories/{slug}/", lang, t(lang, "in_category", name=name), docs, size)
        out.insert(0, GeneratedPage("categories/index.md", lang, t(lang, "categories"), render.links_list(rows, here)))
        return out

    # --- blocks on typed pages ------------------------------------------
    def home_blocks(self, lang: str, here: str) -> str:
        s = self.settings
        news = self.by_kind[(lang, Kind.NEWS)][: s.home_news]
        stories = self.by_kind[(lang, Kind.STORY)][: s.home_stories]
        campaigns = self.by_kind[(lang, Kind.CAMPAIGN)][: s.home_campaigns]
        events = self.upcoming(lang)[: s.home_events]

        def link(folder: str) -> str:
            return relative(here, url_for(f"{folder}/index.md", lang))

        return render.join(
            render.section(t(lang, "latest_news"), render.cards(news, here, lang), link("news"), t(lang, "see_all")),
            render.section(t(lang, "latest_stories"), render.cards(stories, here, lang), link("stories"), t(lang, "see_all")),
            render.section(t(lang, "current_campaigns"), render.cards(campaigns, here, lang), link("campaigns"), t(lang, "see_all")),
            render.section(t(lang, "upcoming_events"),
                           render.cards(events, here, lang) if events else f'<p class="hx-empty">{escape(t(lang, "no_upcoming_events"))}</p>',
                           link("events"), t(lang, "see_all")),
        )

    def blocks(self, doc: Doc) -> tuple[str, str]:
        """HTML to put before and after a typed page's own text."""
        lang, here = doc.lang, doc.url
        if doc.kind is Kind.EVENT:
            ended = self._ends(doc) < self.now
            return render.event_box(doc, lang, "event.ics" if self.pub.in_feeds(doc) else "", ended), ""
        if doc.kind is Kind.CAMPAIGN:
            related = self.related(doc)
            after = render.section(
                t(lang, "related_publications"),
                render.join('<div class="hx-cards">', *(render.card(d, here, label=escape(lbl)) for d, lbl in related), "</div>")
                if related else f'<p class="hx-empty">{escape(t(lang, "nothing_here"))}</p>',
            )
            return render.actions(doc, lang), after
        if doc.kind is Kind.STORY:
            parts = self.series_parts(doc)
            series = self.docs_by_key.get((lang, doc.series or ""))
            nav = render.series_nav(doc, parts, self.part_position.get(doc.src_uri), series, lang)
            return nav, nav
        if doc.kind is Kind.SERIES:
            parts = self.series_parts(doc)
            cadence = f'<p class="hx-cadence">{escape(t(lang, "cadence", cadence=doc.cadence))}</p>' if doc.cadence else ""
            return "", render.section(t(lang, "series_parts"), render.join(cadence, render.part_list(parts, here, lang)))
        if doc.kind is Kind.ORGANIZATION:
            items = self.by_org[(lang, doc.slug)]
            pages = chunks(items, self.settings.page_size)
            body = render.join(
                render.cards(pages[0], here, lang),
                render.pagination(here, 1, len(pages), lambda k: doc.url if k == 1 else url_for(paged_uri(f"organizations/{doc.slug}/", k), lang), lang),
            )
            return "", render.section(t(lang, "all_publications"), body)
        if doc.kind is Kind.HOME:
            return "", self.home_blocks(lang, here)
        return "", ""

    def meta_line(self, doc: Doc) -> str:
        """Date, organisations and categories under a publication's title."""
        lang, here = doc.lang, doc.url
        bits = []
        if doc.kind in LISTED_IN_ARCHIVES and doc.kind is not Kind.EVENT and doc.date:
            bits.append(render.time_tag(doc, lang))
        for slug in doc.organizations:
            org = self.organization(slug, lang)
            name = escape(self.org_name(slug, lang))
            bits.append(f'<a href="{escape(relative(here, org.url))}">{name}</a>' if org else name)
        for cat in doc.categories:
            url = url_for(f"categories/{cat}/index.md", lang)
            bits.append(f'<a class="hx-tag" href="{escape(relative(here, url))}">{escape(self.settings.category_name(cat, lang))}</a>')
        return f'<p class="hx-meta">{" · ".join(bits)}</p>' if bits else ""
