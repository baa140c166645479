"""The site around every page, per language: header menus, action link, footer, colours.

Computed once per language build from the settings and the publication
decision (an organisation or page that is not published in a language is in
no menu or footer of it), and handed to the page templates as one value
(`hromada_site`, see overrides/partials/hromada/).
"""
from __future__ import annotations

from typing import Mapping

from .content import url_for
from .listings import Listings
from .model import Kind
from .settings import Settings
from .strings import t
from .views import Footer, Link, Site, strings

#: The sections bar and the phone menu, in this order: (folder, label key).
SECTIONS = (("news", "news"), ("interviews", "interviews"), ("stories", "series"), ("campaigns", "campaigns"),
            ("events", "events"), ("organizations", "organizations"))
#: Generated pages the phone menu ends with.
MORE = (("categories", "categories"), ("subscribe", "subscribe"))


def site(listings: Listings, settings: Settings, lang: str) -> Site:
    sections = tuple(Link(t(lang, key), url_for(f"{folder}/index.md", lang)) for folder, key in SECTIONS)
    pages = tuple(_link(listings, d) for d in sorted(listings.by_kind[(lang, Kind.PAGE)], key=lambda d: d.key))
    more = tuple(Link(t(lang, key), url_for(f"{folder}/index.md", lang)) for folder, key in MORE)
    home = url_for("index.md", lang)
    return Site(
        lang=lang, home=home,
        sections=sections, menu=(Link(t(lang, "home"), home), *sections, *pages, *more),
        action=_action(listings, settings, lang), footer=_footer(listings, settings, lang),
        navigation=settings.navigation, colors=colours(settings.colors), search="#search", t=strings(lang),
    )


def _link(listings: Listings, doc) -> Link:
    """A link to a page in every page's menus: its title is no search result's snippet when the
    page itself is kept out of search."""
    return Link(doc.title, doc.url, unsearched=not listings.pub.in_search(doc))


def _action(listings: Listings, settings: Settings, lang: str) -> Link | None:
    action = settings.action
    if action is None:
        return None
    url = action.url or listings.page_url(action.page, lang)
    return Link(action.label_in(lang), url) if url is not None else None


def _footer(listings: Listings, settings: Settings, lang: str) -> Footer:
    orgs = sorted(listings.by_kind[(lang, Kind.ORGANIZATION)], key=lambda d: (d.title.casefold(), d.key))
    pages = []
    for key in settings.footer.pages:
        doc = listings.page(key, lang)
        if doc is not None:  # not published in this language, nor in English about nobody: no link
            pages.append(_link(listings, doc))
    contact = settings.footer.contact
    return Footer(
        organizations=tuple(_link(listings, d) for d in orgs), pages=tuple(pages),
        contact=Link(t(lang, "contact"), contact) if contact else None,
        note=settings.footer.note_in(lang), feeds=Link(t(lang, "subscribe"), url_for("subscribe/index.md", lang)),
    )


def colours(colors: Mapping[str, str]) -> dict[str, str]:
    """Material's colour variables from extra.hromada.colors (#rrggbb, checked by settings)."""
    out: dict[str, str] = {}
    primary, accent = colors.get("primary"), colors.get("accent")
    if primary:
        out.update({"--md-primary-fg-color": primary, "--md-primary-fg-color--light": _mix(primary, "#ffffff", .15),
                    "--md-primary-fg-color--dark": _mix(primary, "#000000", .2), "--md-typeset-a-color": primary})
    if accent:
        out.update({"--md-accent-fg-color": accent, "--md-accent-fg-color--transparent": accent + "1a"})
    return out


def _mix(colour: str, other: str, share: float) -> str:
    a = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b))
