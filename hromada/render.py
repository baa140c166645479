"""Small HTML pieces for listings and page blocks.

Listings are built from front matter (title, summary, date), never by
re-rendering page bodies, so a listing costs the same at any site size.
Output has no blank lines: it is embedded in Markdown as one raw HTML block.
"""
from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Callable, Sequence

from .model import Doc, Kind
from .strings import event_datetime, event_time, long_date, t, zone_note
from .urls import relative


#: Marks listing blocks inside pages so the search index skips them: a listing
#: repeats other pages' titles and summaries, which may not be searchable.
NOT_CONTENT = "data-pagefind-ignore"


def join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


def time_tag(doc: Doc, lang: str) -> str:
    if doc.kind is Kind.EVENT and doc.event:
        ev = doc.event
        return (f'<time datetime="{ev.start.isoformat()}">'
                f"{escape(event_datetime(ev.start, ev.timezone, lang))}</time>")
    if doc.date is None:
        return ""
    return f'<time datetime="{doc.date.isoformat()}">{escape(long_date(doc.date, lang))}</time>'


def card(doc: Doc, here: str, label: str = "", extra: str = "") -> str:
    """One item in a listing: title link, date, optional label, summary."""
    meta = " · ".join(x for x in (time_tag(doc, doc.lang), label, extra) if x)
    return join(
        f'<article class="hx-card hx-card--{doc.kind.value}" lang="{doc.lang}">',
        f'<h3 class="hx-card__title"><a href="{escape(relative(here, doc.url))}">{escape(doc.title)}</a></h3>',
        f'<p class="hx-card__meta">{meta}</p>' if meta else "",
        f'<p class="hx-card__summary">{escape(doc.summary)}</p>' if doc.summary else "",
        "</article>",
    )


def cards(docs: Sequence[Doc], here: str, lang: str, label: Callable[[Doc], str] | None = None) -> str:
    if not docs:
        return f'<p class="hx-empty">{escape(t(lang, "nothing_here"))}</p>'
    return join('<div class="hx-cards">', *(card(d, here, label(d) if label else "") for d in docs), "</div>")


def pagination(here: str, page: int, pages: int, url_of: Callable[[int], str], lang: str) -> str:
    if pages <= 1:
        return ""
    links = []
    if page > 1:
        links.append(f'<a class="md-button" rel="prev" href="{escape(relative(here, url_of(page - 1)))}">← {escape(t(lang, "newer"))}</a>')
    links.append(f'<span class="hx-pagination__count">{escape(t(lang, "page_n_of_m", n=page, m=pages))}</span>')
    if page < pages:
        links.append(f'<a class="md-button" rel="next" href="{escape(relative(here, url_of(page + 1)))}">{escape(t(lang, "older"))} →</a>')
    return join(f'<nav class="hx-pagination" aria-label="{escape(t(lang, "pagination"))}">', *links, "</nav>")


def section(title: str, body: str, more_href: str = "", more_label: str = "", anchor: str = "") -> str:
    more = f'<p class="hx-more"><a href="{escape(more_href)}">{escape(more_label)} →</a></p>' if more_href else ""
    ident = f' id="{anchor}"' if anchor else ""
    return join(f'<section class="hx-section"{ident} {NOT_CONTENT}>', f"<h2>{escape(title)}</h2>", body, more, "</section>")


def event_box(doc: Doc, lang: str, ics_href: str = "", ended: bool = False) -> str:
    ev = doc.event
    if ev is None:
        return ""
    when = f'<time datetime="{ev.start.isoformat()}">{escape(event_datetime(ev.start, ev.timezone, lang))}</time>'
    if ev.end:
        same_day = ev.end.astimezone(ev.start.tzinfo).date() == ev.start.date()
        shown = event_time(ev.end, ev.timezone, lang) if same_day else event_datetime(ev.end, ev.timezone, lang)
        when += f' – <time datetime="{ev.end.isoformat()}">{escape(shown)}</time>'
    rows = [
        f'<p class="hx-event__when"><strong>{escape(t(lang, "event_when"))}:</strong> {when} '
        f'<span class="hx-event__tz">{escape(zone_note(ev.start, ev.timezone, lang))}</span></p>'
    ]
    if ended:
        rows.insert(0, f'<p class="hx-event__ended"><strong>{escape(t(lang, "event_ended"))}</strong></p>')
    loc = ev.location
    if loc is not None:
        if loc.online:
            where = f'{escape(t(lang, "event_online"))}: <a href="{escape(loc.online)}">{escape(loc.name or loc.online)}</a>'
        else:
            where = escape(", ".join(x for x in (loc.name, loc.city, loc.country) if x))
        rows.append(f'<p class="hx-event__where"><strong>{escape(t(lang, "event_where"))}:</strong> {where}</p>')
    buttons = []
    if ev.registration and not ended:
        buttons.append(f'<a class="md-button md-button--primary" href="{escape(ev.registration)}">{escape(t(lang, "event_register"))}</a>')
    if ics_href and not ended:
        buttons.append(f'<a class="md-button" href="{escape(ics_href)}" type="text/calendar" download>{escape(t(lang, "add_to_calendar"))}</a>')
    if buttons:
        rows.append(f'<p class="hx-actions">{" ".join(buttons)}</p>')
    return join('<div class="hx-event">', *rows, "</div>")


def actions(doc: Doc, lang: str) -> str:
    if not doc.actions:
        return ""
    buttons = [
        f'<a class="md-button{" md-button--primary" if i == 0 else ""}" href="{escape(a.href)}">{escape(a.label)}</a>'
        for i, a in enumerate(doc.actions)
    ]
    return join(f'<div class="hx-actions" role="group" aria-label="{escape(t(lang, "take_action"))}">', *buttons, "</div>")


def series_nav(doc: Doc, parts: Sequence[Doc], pos: int | None, series: Doc | None, lang: str) -> str:
    """'Part N of M' and links to the previous and next published parts (`pos`: doc's index in parts).

    N and M count the parts published in this language, not the numbers in
    file names: a withdrawn part must leave no gap a reader could notice."""
    if doc.part is None or pos is None:
        return ""
    prev_doc = parts[pos - 1] if pos is not None and pos > 0 else None
    next_doc = parts[pos + 1] if pos is not None and pos + 1 < len(parts) else None
    here = doc.url
    head = escape(t(lang, "part_n_of_m", n=pos + 1, m=len(parts)))
    if series is not None:
        head += f' · <a href="{escape(relative(here, series.url))}">{escape(series.title)}</a>'
    links = []
    if prev_doc:
        links.append(f'<a class="hx-series__prev" rel="prev" href="{escape(relative(here, prev_doc.url))}">← {escape(t(lang, "previous_part"))}: {escape(prev_doc.title)}</a>')
    if next_doc:
        links.append(f'<a class="hx-series__next" rel="next" href="{escape(relative(here, next_doc.url))}">{escape(t(lang, "next_part"))}: {escape(next_doc.title)} →</a>')
    return join(f'<nav class="hx-series" {NOT_CONTENT} aria-label="{escape(t(lang, "series_parts"))}">',
                f'<p class="hx-series__position">{head}</p>', *links, "</nav>")


def part_list(parts: Sequence[Doc], here: str, lang: str) -> str:
    if not parts:
        return f'<p class="hx-empty">{escape(t(lang, "nothing_here"))}</p>'
    items = [
        f'<li><a href="{escape(relative(here, p.url))}">{escape(p.title)}</a> · {time_tag(p, lang)}'
        f'<br><span class="hx-card__summary">{escape(p.summary)}</span></li>'
        for p in parts
    ]
    return join('<ol class="hx-parts">', *items, "</ol>")


def links_list(items: Sequence[tuple[str, str, str]], here: str) -> str:
    """A plain list of (url, title, note) links, e.g. categories or organisations."""
    rows = [
        f'<li><a href="{escape(relative(here, url))}">{escape(title)}</a>{(" · " + escape(note)) if note else ""}</li>'
        for url, title, note in items
    ]
    return join('<ul class="hx-links">', *rows, "</ul>")


