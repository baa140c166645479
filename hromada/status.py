"""What is published where, at a glance: `hromada status` and the preview's `/preview/` dashboard.

Per page and language: published, held back and why, scheduled and when,
translation missing, translation older than its original; then consent that
runs out or needs review soon and the pages it would take down. Nothing is
decided here: every state is the publication decision's (`Publication`),
stale translations and due consent are the build report's (`reports`), so
the terminal, the dashboard and the report can never disagree.

`collect` is pure; `to_text`, `to_json` and `dashboard` only present its result.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any, ClassVar, Mapping

from . import reports, suggest
from .consent import Person
from .content import url_for
from .languages import LANGUAGES, split_language
from .model import Doc
from .problems import Problem
from .publication import Publication, Reason, originals_of
from .strings import long_date, t
from .urls import relative
from .views import PARTIALS, View

DAYS = 60
STATES = ("published", "scheduled", "excluded", "missing")
#: Reasons that only wait for a date: the version's own, or its original's (publication.decide).
SCHEDULED = frozenset({"scheduled", "original-scheduled"})


@dataclass(frozen=True)
class Version:
    """One language of one page."""

    lang: str
    state: str  # published | scheduled | excluded | missing
    file: str = ""  # "" when missing
    url: str = ""  # site-relative, "" when missing
    reasons: tuple[Reason, ...] = ()  # why it is held back (excluded, scheduled)
    warnings: tuple[Reason, ...] = ()  # e.g. consent due for review
    goes_live: datetime | None = None  # scheduled: when
    stale: Mapping[str, str] | None = None  # older than its original: reports.stale_translations' row


@dataclass(frozen=True)
class Item:
    """A page in all its languages."""

    name: str  # repository path without language suffix: docs/news/forum.md
    section: str  # news, interviews, events, campaigns, organizations, stories, pages
    kind: str
    title: str
    people: tuple[str, ...]
    versions: tuple[Version, ...]


@dataclass(frozen=True)
class Due:
    """A consent record that runs out or needs review soon (or is pending), and what it holds up."""

    ref: str
    record: str
    what: str  # expires | review_by | pending
    when: date | None
    overdue: bool
    takes_down: tuple[tuple[str, str], ...]  # (file, lang) published now and gone when this comes
    holds_back: tuple[tuple[str, str], ...] = ()  # (file, lang) naming the person and not published now


@dataclass(frozen=True)
class Status:
    now: datetime
    zone: tzinfo
    days: int
    languages: tuple[str, ...]
    items: tuple[Item, ...]
    consent: tuple[Due, ...]
    #: Mistakes `hromada check` reports: files with one are missing from `items` (not valid,
    #: nothing to decide), and a build stops until they are fixed.
    problems: tuple[Problem, ...] = ()

    def count(self, state: str) -> int:
        return sum(1 for item in self.items for v in item.versions if v.state == state)

    @property
    def stale(self) -> list[tuple[Item, Version]]:
        return [(i, v) for i in self.items for v in i.versions if v.stale]


#: The sections `--section` names: the typed content folders of docs/, story series, plain pages.
_FOLDERS = ("news", "interviews", "events", "campaigns", "organizations")
SECTIONS = (*_FOLDERS, "stories", "pages")


def section_of(doc: Doc) -> str:
    """The section a page belongs to, as `--section` names it."""
    first = doc.key.split("/", 1)[0] if "/" in doc.key else ""
    if doc.src_uri.startswith("stories/"):
        return "stories"
    return first if first in _FOLDERS else "pages"


def filter_problem(pub: Publication, people: Mapping[str, Person], section: str | None, ref: str | None) -> str | None:
    """What is wrong with `--section` or `--ref` when it names nothing there is (a misspelling
    that would show "No page matches." as if all were well), in one line; None when both do."""
    if section:
        want = section.strip("/")
        paths = (doc.path.removeprefix("docs/") for doc in pub.index.docs)
        folders = {path.rsplit("/", 1)[0] for path in paths if "/" in path}  # not docs/index.md's "index.md"
        prefixes = {"/".join(f.split("/")[:n]) for f in folders for n in range(1, f.count("/") + 2)}
        known = {*SECTIONS, *(doc.kind.value for doc in pub.index.docs), *prefixes}
        if want not in known:
            return (f"--section: {suggest.did_you_mean(want, known)}one of {', '.join(SECTIONS)}, or a folder such as "
                    f"stories/<series> (found '{section}')")
    if ref and ref not in people and not any(ref in pub.index.people_of(doc.key) for doc in pub.index.docs):
        return (f"--ref: {suggest.did_you_mean(ref, people)}a person of the consent register, "
                f"consent/people/<ref>.yml (found '{ref}')")
    return None


def _matches(item: Item, section: str | None) -> bool:
    if not section:
        return True
    want = section.strip("/")
    return want in (item.section, item.kind) or item.name.removeprefix("docs/").startswith(want + "/")


def collect(pub: Publication, people: Mapping[str, Person], days: int = DAYS, lang: str | None = None,
            section: str | None = None, ref: str | None = None, problems: tuple[Problem, ...] = ()) -> Status:
    """Every page × language (filtered by language, section and person), and consent due within `days`."""
    languages = (lang,) if lang else LANGUAGES
    stale = {row["file"]: row for row in reports.stale_translations(pub)}
    items = []
    for key in sorted(pub.index.by_key):
        versions = pub.index.versions(key)
        first = versions.get("en") or next(iter(versions[x] for x in LANGUAGES if x in versions))
        refs = pub.index.people_of(key)
        item_versions = []
        for code in languages:
            doc = versions.get(code)
            if doc is None:
                item_versions.append(Version(code, "missing"))
                continue
            decision = pub.decision(doc)
            codes = {r.code for r in decision.reasons}
            waits = codes and codes <= SCHEDULED  # only for a date: its own, or its original's
            state = "published" if decision.published else "scheduled" if waits else "excluded"
            dates = [v.published for v in (doc, *originals_of(versions)) if v.published is not None] if waits else []
            item_versions.append(Version(
                code, state, doc.path, doc.url, decision.reasons, decision.warnings,
                max(dates) if dates else None, stale.get(doc.path)))
        item = Item(split_language(first.path)[0], section_of(first), first.kind.value, first.title, refs,
                    tuple(item_versions))
        if _matches(item, section) and (not ref or ref in refs):
            items.append(item)
    due = _consent(pub, people, days, languages, ref)
    if section:  # only the people of the section's pages
        files = {v.file for item in items for v in item.versions if v.file}
        due = [d for d in due if files & {f for f, _ in (*d.takes_down, *d.holds_back)}]
    return Status(pub.now, pub.zone, days, languages, tuple(items), tuple(due), tuple(problems))


def _consent(pub: Publication, people: Mapping[str, Person], days: int, languages: tuple[str, ...],
             ref: str | None) -> list[Due]:
    today = pub.now.astimezone(pub.zone).date()

    def held(who: str, published: bool) -> tuple[tuple[str, str], ...]:
        return tuple((d.path, d.lang) for d in sorted(pub.index.docs, key=lambda d: (d.path, d.lang))
                     if d.lang in languages and who in pub.index.people_of(d.key) and pub.is_published(d) == published)

    out = []
    for row in reports.consent_due(people, pub, today, days):
        if not ref or row["ref"] == ref:
            out.append(Due(row["ref"], row["record"], row["what"], date.fromisoformat(row["date"]), row["overdue"],
                           held(row["ref"], True), held(row["ref"], False)))
    for who, person in sorted(people.items()):
        if person.status == "pending" and (not ref or who == ref):
            out.append(Due(who, person.path, "pending", None, False, (), held(who, False)))
    return out


# --- presentation -------------------------------------------------------------
def _reasons(reasons: tuple[Reason, ...]) -> str:
    return "; ".join(r.detail for r in reasons)


def to_text(status: Status) -> str:
    """The terminal table and lists: one line per page, one column per language, details below."""
    when = status.now.astimezone(status.zone)
    out = [f"Hromada status on {when:%Y-%m-%d %H:%M} ({when.tzname() or when.strftime('%z')}); "
           f"{status.count('published')} published, {status.count('scheduled')} scheduled, "
           f"{status.count('excluded')} excluded, {status.count('missing')} missing translations.", ""]
    if status.problems:
        n = len(status.problems)
        out += [f"{n} mistake{'s stop' if n != 1 else ' stops'} the build until fixed (files with one are not in the table):"]
        out += [f"  {p}" for p in status.problems] + [""]
    if status.items:
        width = max(len(i.name) for i in status.items)
        out.append(("page".ljust(width) + "".join(f"  {code:<11}" for code in status.languages)).rstrip())
        for item in status.items:
            cells = [v.state.replace("missing", "-") + ("*" if v.stale else "") for v in item.versions]
            out.append(item.name.ljust(width) + "".join(f"  {c:<11}" for c in cells).rstrip())
        out.append("(* older than its original; - no such translation)")
    else:
        out.append("No page matches.")
    held = [(v, item) for item in status.items for v in item.versions if v.state == "excluded"]
    out += ["", "Not published, and why:"]
    out += [f"  {v.file} ({v.lang}): {_reasons(v.reasons)}" for v, _ in held] or ["  nothing"]
    scheduled = sorted(((v, i) for i in status.items for v in i.versions if v.state == "scheduled"),
                       key=lambda p: (p[0].goes_live, p[0].file))
    out += ["", "Scheduled:"]
    out += [f"  {v.file} ({v.lang}): goes live {v.goes_live.astimezone(status.zone):%Y-%m-%d %H:%M}" for v, _ in scheduled] \
        or ["  nothing"]
    out += ["", "Translations older than their original:"]
    out += [f"  {v.file}: translated from the version of {v.stale['translated_from']}; "
            f"{v.stale['original']} was updated {v.stale['original_updated']}" for _, v in status.stale] or ["  none"]
    warned = [(v, w) for i in status.items for v in i.versions for w in v.warnings]
    if warned:
        out += ["", "Warnings:"] + [f"  {v.file} ({v.lang}): {w.detail}" for v, w in warned]
    out += ["", f"Consent that expires or needs review in the next {status.days} days, and pending consent:"]
    def pages(found: tuple[tuple[str, str], ...]) -> str:
        return ", ".join(f"{f} ({lang})" for f, lang in found) or "no page"

    for due in status.consent:
        if due.what == "pending":
            out.append(f"  {due.ref} ({due.record}): pending; holds back {pages(due.holds_back)}")
        else:
            what = "expires" if due.what == "expires" else "review by"
            late = ", overdue" if due.overdue else ""
            fate = (f"would take down {pages(due.takes_down)}" if due.takes_down or not due.holds_back
                    else f"already holds back {pages(due.holds_back)}")
            out.append(f"  {due.ref} ({due.record}): {what} {due.when}{late}; {fate}")
    if not status.consent:
        out.append("  none")
    return "\n".join(out)


def to_json(status: Status) -> dict[str, Any]:
    """The same, for scripts: stable keys, dates in ISO form."""
    def reasons(rs: tuple[Reason, ...]) -> list[dict[str, str]]:
        return [{"rule": r.code, "why": r.detail} for r in rs]

    return {
        "now": status.now.isoformat(),
        "days": status.days,
        "languages": list(status.languages),
        "counts": {state: status.count(state) for state in STATES},
        "problems": [str(p) for p in status.problems],
        "pages": [{
            "page": i.name, "section": i.section, "kind": i.kind, "people": list(i.people),
            "versions": {v.lang: {"state": v.state, "file": v.file or None, "url": ("/" + v.url) if v.file else None,
                                  "why": reasons(v.reasons), "warnings": reasons(v.warnings),
                                  "goes_live": v.goes_live.isoformat() if v.goes_live else None,
                                  "older_than_original": dict(v.stale) if v.stale else None}
                         for v in i.versions},
        } for i in status.items],
        "consent": [{"ref": d.ref, "record": d.record, "what": d.what,
                     "date": d.when.isoformat() if d.when else None, "overdue": d.overdue,
                     "takes_down": [{"file": f, "language": lang} for f, lang in d.takes_down],
                     "holds_back": [{"file": f, "language": lang} for f, lang in d.holds_back]} for d in status.consent],
    }


# --- the preview dashboard (overrides/partials/hromada/preview-dashboard.html) ---
@dataclass(frozen=True)
class Cell:
    state: str  # published | scheduled | excluded | missing
    label: str  # in the dashboard's language
    url: str = ""  # relative to the dashboard
    note: str = ""  # why, when
    stale: str = ""  # "older than its original" note


@dataclass(frozen=True)
class Row:
    name: str
    title: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class DueRow:
    ref: str
    record: str
    what: str
    pages: tuple[str, ...]


@dataclass(frozen=True)
class Dashboard(View):
    """The preview's status page in one language: every string already in that language."""

    template: ClassVar[str] = PARTIALS + "preview-dashboard.html"
    intro: str
    summary: str
    languages: tuple[str, ...]
    rows: tuple[Row, ...]
    held: tuple[Cell, ...]
    scheduled: tuple[Cell, ...]
    stale: tuple[Cell, ...]
    consent_title: str
    consent: tuple[DueRow, ...]


def dashboard(status: Status, lang: str) -> Dashboard:
    """`status` drawn for staff reading the preview in `lang` (links relative to its /preview/ page)."""
    here = url_for("preview/index.md", lang)

    def cell(v: Version, item: Item) -> Cell:
        note = ""
        if v.state == "excluded":
            note = reasons_in(v.reasons, lang)
        elif v.state == "scheduled" and v.goes_live:
            note = f"{t(lang, 'preview_goes_live')} {long_date(v.goes_live.astimezone(status.zone), lang)}, " \
                   f"{v.goes_live.astimezone(status.zone):%H:%M}"
        stale = ""
        if v.stale:
            stale = t(lang, "preview_stale_note", translated_from=v.stale["translated_from"],
                      original=v.stale["original"], updated=v.stale["original_updated"])
        return Cell(v.state, t(lang, f"state_{v.state}"), relative(here, v.url) if v.url else "", note, stale)

    rows = tuple(Row(i.name, i.title, tuple(cell(v, i) for v in i.versions)) for i in status.items)
    flat = [(c, v) for row, i in zip(rows, status.items) for c, v in zip(row.cells, i.versions)]
    held = tuple(_named(c, v) for c, v in flat if v.state == "excluded")
    scheduled = tuple(_named(c, v) for c, v in flat if v.state == "scheduled")
    stale = tuple(_named(c, v) for c, v in flat if v.stale)
    consent = []
    for due in status.consent:
        if due.what == "pending":
            what = t(lang, "preview_consent_pending")
        else:
            what = t(lang, "preview_consent_expires" if due.what == "expires" else "preview_consent_review",
                     date=long_date(due.when, lang)) + (f" ({t(lang, 'preview_overdue')})" if due.overdue else "")
        consent.append(DueRow(due.ref, due.record, what,
                              tuple(f"{f} ({code})" for f, code in (due.takes_down or due.holds_back))))
    when = status.now.astimezone(status.zone)
    return Dashboard(
        intro=t(lang, "preview_intro", now=f"{long_date(when, lang)}, {when:%H:%M}"),
        summary=t(lang, "preview_counts", published=status.count("published"), scheduled=status.count("scheduled"),
                  excluded=status.count("excluded"), missing=status.count("missing")),
        languages=status.languages, rows=rows, held=held, scheduled=scheduled, stale=stale,
        consent_title=t(lang, "preview_consent", days=status.days), consent=tuple(consent))


def reasons_in(reasons: tuple[Reason, ...], lang: str) -> str:
    """Why a page is held back, for staff reading `lang`: the rule in their language, the
    detail (refs, dates) as the report writes it. Also the preview banner's text."""
    known = _known()
    return "; ".join(f"{t(lang, 'reason_' + r.code) if 'reason_' + r.code in known else r.code} ({r.detail})"
                     for r in reasons)


def _named(c: Cell, v: Version) -> Cell:
    """A cell for the lists under the table: labelled by its file and language."""
    return Cell(c.state, f"{v.file} ({v.lang})", c.url, c.note, c.stale)


def _known() -> set[str]:
    from .strings import _table

    return set(_table())


__all__ = ["Status", "Item", "Version", "Due", "collect", "to_text", "to_json", "dashboard", "Dashboard", "DAYS"]
