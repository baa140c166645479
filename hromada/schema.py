"""Check one page's front matter against the content contract and build its Doc.

Every check returns Problems instead of raising, so staff see every mistake
of a build at once, one line each: file, key, what is expected.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timezone, timedelta, tzinfo
from typing import Any, Callable
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .model import (
    DATED_KINDS,
    LISTED_KINDS,
    Action,
    Doc,
    EventInfo,
    Kind,
    Location,
    MediaRef,
)
from . import page_loads, suggest
from .frontmatter import key_name, shown, shown_ref, shown_refs, text_problem, true_or_false
from .languages import LANGUAGES
from .problems import Problem

COMMON_KEYS = frozenset(
    {"title", "date", "updated", "summary", "people", "media", "organization", "categories",
     "tags", "draft", "translation_of", "id"}
)
EXTRA_KEYS: dict[Kind, frozenset[str]] = {
    Kind.EVENT: frozenset({"start", "end", "timezone", "location", "registration"}),
    Kind.CAMPAIGN: frozenset({"call_to_action"}),
    Kind.SERIES: frozenset({"cadence"}),
    Kind.STORY: frozenset({"part"}),
}
FACES = ("visible", "blurred", "none")
VOICES = ("original", "revoiced", "none")
MEDIA_KEYS = frozenset({"file", "depicts", "faces", "location_visible", "voice"})
REF_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
PART_RE = re.compile(r"^(\d+)-[^/]+$")
#: Front matter `id`: the key a page had before it moved, like news/forum (feeds.py, feed_items.py).
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*(?:/[a-z0-9][a-z0-9._-]*)*$")
ID_EXPECTED = "the page's earlier address as a lower-case path without language suffix, like news/forum-2025"

DATE_EXPECTED = "a date like 2025-05-16, or a datetime with UTC offset like 2025-05-16T10:00:00+02:00"
DATETIME_EXPECTED = "a datetime with UTC offset, like 2025-05-16T18:00:00+02:00"
#: Dates outside these years cannot be moved to another time zone or a day
#: later without leaving what Python (and most software) can represent.
YEARS = (2, 9998)
#: A page's dates (`date`, `updated`, an event's `start` and `end`: every date `when` reads)
#: stop sooner. Feeds and calendars derive numbers from them that must stay in their
#: formats' range; the first to overflow is the iCalendar SEQUENCE (feed_items.sequence:
#: minutes since 2000, an RFC 5545 integer up to 2**31 - 1, reached in about 6083), and a
#: build must never die of a date `hromada check` passed. Refusing such dates here, in one
#: line naming the file and key, is the simplest honest rule: a page dated after 2999 is a
#: typo (3025 for 2025), better named than scheduled for a thousand years; and SEQUENCE
#: stays the minutes every calendar already holds, so no client sees an update go
#: backwards. (Consent records keep YEARS: their dates are only compared, never counted.)
PAGE_YEARS = (YEARS[0], 2999)


@dataclass(frozen=True)
class Vocabulary:
    """What slugs the site knows: checked against, never guessed."""

    categories: frozenset[str]
    organizations: frozenset[str]
    zone: tzinfo = timezone.utc  # the site's time zone: a bare date is that day there
    site_host: str = ""  # the site's own host (site_url): a page's HTML may load its files by full address


def allowed_keys(kind: Kind) -> frozenset[str]:
    return COMMON_KEYS | EXTRA_KEYS.get(kind, frozenset())


def required_keys(kind: Kind) -> frozenset[str]:
    """Keys a page of `kind` must fill in: the checks below and `hromada new` both ask this."""
    keys = {"title", "people"}
    if kind in DATED_KINDS:
        keys.add("date")
    if kind in LISTED_KINDS:
        keys.add("summary")
    if kind is Kind.EVENT:
        keys.add("start")
    return frozenset(keys)


class _Checker:
    """Collects problems for one file while reading its keys."""

    def __init__(self, path: str, meta: dict[str, Any], zone: tzinfo = timezone.utc):
        self.path = path
        self.meta = meta
        self.zone = zone
        self.problems: list[Problem] = []
        #: Keys missing because an unknown key is their typo (`sumary`): that
        #: mistake is reported once, as the unknown key, never again as "required".
        self.misspelt: set[str] = set()

    def required(self, key: str, expected: str) -> None:
        if key not in self.misspelt:
            self.fail(key, expected)

    def fail(self, key: str, expected: str, got: Any = None, written_key: bool = False) -> None:
        if got is not None:
            expected = f"{expected} (found {shown(got)})"
        self.problems.append(Problem(self.path, key, expected, written_key=written_key))

    def plain(self, key: str, value: str, lines: bool = False) -> bool:
        """A plain-text value (never Markdown) holds no control characters; one line unless `lines`."""
        wrong = text_problem(value, lines)
        if wrong:
            self.fail(key, wrong)
        return wrong is None

    def text(self, key: str, required: bool, lines: bool = False) -> str | None:
        value = self.meta.get(key)
        if value is None:
            if required:
                self.required(key, "required: a non-empty text")
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(key, "a non-empty text", value)
            return None
        return value.strip() if self.plain(key, value.strip(), lines) else None

    def when(self, key: str, required: bool, need_time: bool = False) -> tuple[date | None, datetime | None]:
        value = self.meta.get(key)
        if value is None:
            if required:
                self.required(key, "required: " + (DATETIME_EXPECTED if need_time else DATE_EXPECTED))
            return None, None
        parsed = parse_when(value)
        if parsed is None or (need_time and not isinstance(parsed, datetime)):
            self.fail(key, DATETIME_EXPECTED if need_time else DATE_EXPECTED, value)
            return None, None
        if not PAGE_YEARS[0] <= parsed.year <= PAGE_YEARS[1]:  # year 1 east of UTC..., and see PAGE_YEARS
            self.fail(key, f"{DATETIME_EXPECTED if need_time else DATE_EXPECTED}, "
                           f"between the years {PAGE_YEARS[0]} and {PAGE_YEARS[1]}", value)
            return None, None
        if isinstance(parsed, datetime):
            return parsed.date(), parsed
        try:
            midnight = datetime.combine(parsed, time(0, 0), tzinfo=self.zone)
            midnight.astimezone(timezone.utc)  # raises for year 1 east of UTC, year 9999 west of it
            return parsed, midnight  # that day in the site's zone, written with its offset everywhere
        except OverflowError:  # year 1 east of UTC, year 9999 west of it
            self.fail(key, f"a date between the years {PAGE_YEARS[0]} and {PAGE_YEARS[1]}", value)
            return None, None

    def slugs(self, key: str, known: frozenset[str], what: str) -> tuple[str, ...]:
        value = self.meta.get(key)
        if value is None:
            return ()
        if isinstance(value, str) and "," in value:  # `crsv, advocacy` is one text, not two slugs
            listed = ", ".join(part.strip() for part in value.split(","))
            self.fail(key, f"a list in square brackets, like {key}: [{listed}]", value)
            return ()
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            self.fail(key, f"a {what} slug or a list of them", value)
            return ()
        out = []
        for item in items:
            if item not in known:
                if not self.plain(key, item):
                    continue
                choices = ", ".join(sorted(known)) or "none defined"
                self.fail(key, f"{suggest.did_you_mean(item, known)}a known {what} slug (one of: {choices})", item)
            else:
                out.append(item)
        return tuple(out)

    def words(self, key: str) -> tuple[str, ...]:
        value = self.meta.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(i, (str, int)) and not isinstance(i, bool) for i in value):
            self.fail(key, "a list of words", value)
            return ()
        words = tuple(str(v) for v in value)
        return words if all([self.plain(key, w) for w in words]) else ()

    def flag(self, key: str) -> bool:
        value = self.meta.get(key, False)
        if not isinstance(value, bool):
            self.fail(key, true_or_false(value), value)
            return False
        return value

    def url(self, key: str, value: Any, schemes: tuple[str, ...] = ("http", "https")) -> str | None:
        try:
            ok = (isinstance(value, str) and urlparse(value).scheme in schemes and bool(urlparse(value).netloc)
                  and not any(ch.isspace() or not ch.isprintable() for ch in value))
        except ValueError:  # e.g. a malformed IPv6 host
            ok = False
        if not ok:
            self.fail(key, "an absolute " + " or ".join(schemes) + " URL without spaces or control characters", value)
            return None
        return value


def parse_when(value: Any) -> date | datetime | None:
    """A YAML date/datetime, or a string in ISO form; datetimes must carry an offset."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        s = value.strip()
        try:
            if len(s) == 10:
                return date.fromisoformat(s)
            dt = datetime.fromisoformat(s.replace("Z", "+00:00"))
        except ValueError:
            return None
        return dt if dt.tzinfo is not None else None
    return None


def _people(c: _Checker) -> tuple[str, ...] | None:
    """The page's refs; None when `people` is missing or wrong (already reported), so
    nothing is checked against a list the page does not really have."""
    if "people" not in c.meta:
        c.required("people", "required on every page: a list of consent refs like [P-0173], or the word none")
        return None
    value = c.meta["people"]
    if value == "none":
        return ()
    if isinstance(value, str) and value.strip().lower() in ("none", "nobody", "no one", "[none]"):
        c.fail("people", f"the word none, in lower case, or a list of consent refs like [P-0173] (found {shown(value)})")
        return None
    if not isinstance(value, list) or not value or not all(isinstance(r, str) and REF_RE.match(r) for r in value):
        c.fail("people", f"a non-empty list of consent refs like [P-0173], or the word none (found {shown_refs(value)})")
        return None
    if len(set(value)) != len(value):
        c.fail("people", f"each ref once (found {shown_refs(value)})")
    return tuple(value)


def _media(c: _Checker, people: tuple[str, ...] | None) -> tuple[MediaRef, ...]:
    """`people` None: the page's people are unknown (a mistake already reported there),
    so `depicts` is not compared with them: one mistake, one line."""
    value = c.meta.get("media")
    if value is None:
        return ()
    if not isinstance(value, list):
        c.fail("media", "a list of {file, depicts, faces, location_visible}", value)
        return ()
    out = []
    for i, entry in enumerate(value):
        key = f"media[{i}]"
        if not isinstance(entry, dict):
            c.fail(key, "a mapping {file, depicts, faces, location_visible}", entry)
            continue
        misspelt = set()  # `face: blurred` is one mistake, not also "faces: one of ..."
        for unknown in sorted(set(entry) - MEDIA_KEYS, key=str):
            meant = suggest.nearest(unknown, MEDIA_KEYS) if isinstance(unknown, str) else None
            if meant and meant not in entry:
                misspelt.add(meant)
            c.fail(f"{key}.{key_name(unknown)}", f"{f'did you mean {meant}? ' if meant else ''}unknown key; "
                                                 "allowed: " + ", ".join(sorted(MEDIA_KEYS)), written_key=True)
        file = entry.get("file")
        if not isinstance(file, str) or not file.strip() or file.startswith(("/", "http:", "https:")):
            c.fail(f"{key}.file", "a path relative to the page, as written in its Markdown", file)
            continue
        if not c.plain(f"{key}.file", file):
            continue
        depicts = entry.get("depicts")
        if not isinstance(depicts, list) or not all(isinstance(r, str) for r in depicts):
            if "depicts" not in misspelt:
                c.fail(f"{key}.depicts", "a list of refs from this page's people, or [] when no identifiable person is shown"
                                         f" (found {shown_refs(depicts)})")
            depicts = []
        for ref in depicts if people is not None else ():
            if ref not in people:
                c.fail(f"{key}.depicts", f"{suggest.same_ref(ref, people)}refs listed in this page's people "
                                         f"(people: {shown_refs(list(people)) if people else 'none'}) (found {shown_ref(ref)})")
        faces = entry.get("faces")
        if faces not in FACES and "faces" not in misspelt:
            c.fail(f"{key}.faces", "one of " + ", ".join(FACES), faces)
        loc = entry.get("location_visible", False)
        if not isinstance(loc, bool):
            c.fail(f"{key}.location_visible", true_or_false(loc), loc)
            loc = True
        voice = entry.get("voice")
        if voice is not None and not file.strip().lower().endswith((".mp4", ".webm")):
            c.fail(f"{key}.voice", "no voice for a picture: only a video (.mp4, .webm) has sound", voice)
            voice = None
        elif voice is not None and voice not in VOICES:
            c.fail(f"{key}.voice", "one of " + ", ".join(VOICES) + " (what the video lets hear of the people it depicts)", voice)
            voice = "original"
        out.append(MediaRef(file.strip(), tuple(depicts), faces if faces in FACES else "visible", loc, voice))
    return tuple(out)


def _location(c: _Checker) -> Location | None:
    value = c.meta.get("location")
    if value is None:
        return None
    expected = "{name, city, country} or {online: <url>}"
    if not isinstance(value, dict) or not value:
        c.fail("location", expected, value)
        return None
    if "online" in value:
        if set(value) - {"online", "name"}:
            c.fail("location", expected + "; online events take only online (and name)", value)
        url = c.url("location.online", value["online"])
        return Location(name=_location_text(c, "name", value.get("name")), online=url)
    unknown = set(value) - {"name", "city", "country"}
    if unknown:
        c.fail(f"location.{key_name(sorted(unknown, key=str)[0])}", f"unknown key; location takes {expected}", written_key=True)
        return None
    return Location(**{k: _location_text(c, k, value.get(k)) for k in ("name", "city", "country")})


def _location_text(c: _Checker, key: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        c.fail(f"location.{key}", "a non-empty text", value)
        return None
    return value.strip() if c.plain(f"location.{key}", value.strip()) else None


def _event(c: _Checker) -> EventInfo | None:
    _, start = c.when("start", required="start" in required_keys(Kind.EVENT), need_time=True)
    _, end = c.when("end", required=False, need_time=True)
    if start and end and end < start:
        c.fail("end", "a datetime after start", c.meta.get("end"))
    tz_name = c.meta.get("timezone")
    if tz_name is not None:
        try:
            if not isinstance(tz_name, str):
                raise ZoneInfoNotFoundError
            ZoneInfo(tz_name)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder of zones, like Europe
            c.fail("timezone", "an IANA time zone name like Europe/Kyiv or Asia/Dushanbe", tz_name)
            tz_name = None
    location = _location(c)
    registration = None
    if c.meta.get("registration") is not None:
        registration = c.url("registration", c.meta["registration"])
    if start is None:
        return None
    if tz_name is None:
        tz_name = _offset_name(start.utcoffset() or timedelta(0))
    return EventInfo(start, end, tz_name, location, registration)


def _offset_name(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    h, m = divmod(abs(minutes), 60)
    return f"UTC{sign}{h:02d}:{m:02d}"


def _actions(c: _Checker) -> tuple[Action, ...]:
    value = c.meta.get("call_to_action")
    if value is None:
        return ()
    expected = "a list of {label, url} or {label, mailto}"
    if not isinstance(value, list):
        c.fail("call_to_action", expected, value)
        return ()
    out = []
    for i, entry in enumerate(value):
        key = f"call_to_action[{i}]"
        if not isinstance(entry, dict) or set(entry) not in ({"label", "url"}, {"label", "mailto"}):
            c.fail(key, expected, entry)
            continue
        label = entry["label"]
        if not isinstance(label, str) or not label.strip():
            c.fail(f"{key}.label", "a non-empty text", label)
            continue
        if not c.plain(f"{key}.label", label.strip()):
            continue
        if "url" in entry:
            href = c.url(f"{key}.url", entry["url"])
        else:
            mail = entry["mailto"]
            if isinstance(mail, str) and re.fullmatch(r"[^@\s:]+@[^@\s]+\.[^@\s]+", mail) and mail.isprintable():
                href = f"mailto:{mail}"
            else:
                c.fail(f"{key}.mailto", "an e-mail address like letters@example.org", mail)
                href = None
        if href:
            out.append(Action(label.strip(), href))
    return tuple(out)


def _part(c: _Checker, src_uri: str) -> int | None:
    name = src_uri.rsplit("/", 1)[-1]
    m = PART_RE.match(name)
    value = c.meta.get("part")
    if value is not None:
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            c.fail("part", "a whole number from 1", value)
            return None
        return value
    if m is None:
        c.fail("part", "a story file named NN-slug.md (e.g. 03-bakery.md), or a part number in front matter")
        return None
    if int(m.group(1)) < 1:  # as `part: 0` is refused
        c.fail("part", f"a part number from 1 in the file name, like 01-{name.split('-', 1)[1]} (found {m.group(1)}-)")
        return None
    return int(m.group(1))


_IMG_MD = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
_IMG_HTML = re.compile(r"<(?:img|source|video)\b[^>]*\bsrc\s*=\s*[\"']([^\"']+)[\"']", re.I)
#: A page's text that opens with what looks like a second front-matter block declaring people or media.
_SECOND_FRONT_MATTER = re.compile(r"\s*---[ \t]*\r?\n(?:(?:[A-Za-z_][\w-]*[ \t]*:|[ \t]*-|[ \t]+\S)[^\n]*\n)*?"
                                  r"(?:people|media)[ \t]*:")
#: A data: address as a Markdown image's or link's destination (`![](data:...)`, `[image1]: <data:...>`).
_MD_DESTINATION = r"(?:\]\([ \t]*<?[ \t]*|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?[ \t]*)"
_DATA_MD = re.compile(_MD_DESTINATION + "data:", re.I | re.M)
#: A script as a Markdown link's destination (`[x](javascript:...)`), and a first look for one in raw HTML.
_SCRIPT_MD = re.compile(_MD_DESTINATION + "(?:java|vb|live)script:", re.I | re.M)
_SCRIPT_HINT = re.compile(r"script|[\s/\"']on[a-z]+\s*=", re.I)
#: Fenced code blocks and code spans: Markdown prints their markup as text (`<script>` printed, not run).
_CODE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ ]{0,3}\1[`~]*[ \t]*$|\Z)|(`+)(?!`).*?(?<!`)\2(?!`)", re.M | re.S)
_IMG_REF = re.compile(r"^\s*\[[^\]]+\]:\s*<?(\S+?\.(?:jpe?g|png|webp|gif|svg|mp4|webm|avif))>?", re.I | re.M)


def without_code(text: str) -> str:
    """A page's Markdown without its code blocks and spans: what they hold is printed as text."""
    return _CODE.sub("", text) if "`" in text or "~~~" in text else text


def _translation_of_problem(value: str) -> str | None:
    """A file's path, or a date not written as 2025-12-12, silently switched off the report of
    translations older than their original (a careless-editor review)."""
    if "/" in value or value.lower().endswith(".md"):
        return ("the date (or revision) of the original this was translated from, like 2025-12-12, not its file: a "
                "translation finds its original by sharing its file name")
    if re.fullmatch(r"[\d.\-/ ]+", value):
        try:
            date.fromisoformat(value[:10])
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                return None
        except ValueError:
            pass
        return "a date written as 2025-12-12 (year, month, day), the original's date or updated"
    return None


def images_in(body: str) -> tuple[str, ...]:
    """Local image and video paths a Markdown body uses (remote ones are refused elsewhere)."""
    found = _IMG_MD.findall(body) + _IMG_HTML.findall(body) + _IMG_REF.findall(body)
    out = []
    for src in found:
        src = src.split("#", 1)[0].split("?", 1)[0]
        if src and src not in out:
            out.append(src)
    return tuple(out)


def _item_id(c: _Checker) -> str | None:
    """Optional `id`: what feeds and calendars call the page, kept when it moves."""
    value = c.meta.get("id")
    if value is None:
        return None
    if not isinstance(value, str) or not ID_RE.match(value.strip().removesuffix(".md")) or len(value) > 200:
        c.fail("id", ID_EXPECTED, value)
        return None
    key = value.strip().removesuffix(".md")
    # the address of the page, not its file: `docs/news/forum` or `news/forum.uk` would match no
    # earlier feed item, and subscribers would get the page a second time
    name = key.rsplit("/", 1)[-1]
    if key.startswith("docs/") or ("." in name and name.rsplit(".", 1)[1] in LANGUAGES):
        c.fail("id", ID_EXPECTED + " (no docs/ in front, no .en, .uk, .ru or .tg at the end)", value)
        return None
    return key


def parse_doc(
    *,
    path: str,
    src_uri: str,
    key: str,
    lang: str,
    kind: Kind,
    url: str,
    meta: dict[str, Any],
    body: str,
    vocab: Vocabulary,
) -> tuple[Doc | None, list[Problem]]:
    """Validate front matter for `kind` and return the Doc (None when invalid)."""
    c = _Checker(path, meta, vocab.zone)
    allowed, required = allowed_keys(kind), required_keys(kind)
    for unknown in sorted(set(meta) - allowed, key=str):
        owners = sorted(k.value for k, keys in EXTRA_KEYS.items() if unknown in keys)
        meant = suggest.nearest(unknown, allowed, aliases=suggest.KEY_ALIASES) if isinstance(unknown, str) and not owners else None
        if meant and meant not in meta:
            c.misspelt.add(meant)
        hint = (f"did you mean {meant}? " if meant else
                f"only {' and '.join(owners)} pages take {unknown}; " if owners else "")
        c.fail(key_name(unknown), f"{hint}unknown key; a {kind.value} page takes: " + ", ".join(sorted(allowed)), written_key=True)

    title = c.text("title", required="title" in required)
    summary = c.text("summary", required="summary" in required, lines=True)
    shown_date, published = c.when("date", required="date" in required)
    _, updated = c.when("updated", required=False)
    if updated and published and updated < published:
        c.fail("updated", "a date on or after date", meta.get("updated"))
    people = _people(c)
    if _SECOND_FRONT_MATTER.match(body):
        c.fail("front matter", "one block between the first two --- lines; the page's text starts with a second "
                               "block naming people or media, which would be published as text and declare nothing: "
                               "move its keys into the first block")
    media = _media(c, people)
    orgs = c.slugs("organization", vocab.organizations, "organisation")
    cats = c.slugs("categories", vocab.categories, "category")
    tags = c.words("tags")
    draft = c.flag("draft")
    translation_of = meta.get("translation_of")
    if translation_of is not None and (not isinstance(translation_of, (str, date, int)) or isinstance(translation_of, bool)):
        c.fail("translation_of", "the date or revision of the original this was translated from", translation_of)
    elif isinstance(translation_of, str) and (wrong := _translation_of_problem(translation_of.strip())):
        c.fail("translation_of", wrong, translation_of)
    elif isinstance(translation_of, str):
        c.plain("translation_of", translation_of)
    elif isinstance(translation_of, int):
        translation_of = shown(translation_of, 40)
    item_id = _item_id(c)
    event = _event(c) if kind is Kind.EVENT else None
    actions = _actions(c) if kind is Kind.CAMPAIGN else ()
    cadence = c.text("cadence", required=False) if kind is Kind.SERIES else None
    part = _part(c, src_uri) if kind is Kind.STORY else None
    series = src_uri.rsplit("/", 1)[0] + "/index.md" if kind is Kind.STORY else None

    for src in images_in(body):
        if "://" in src or src.startswith("//"):  # the host, not the address: its file name is often a name
            c.fail("media", page_loads.REMOTE.format(host=page_loads.remote_host(src, "") or "another host"))
        elif src.startswith("/"):
            c.fail("media", "a path relative to the page", src)
    if "data:" in body.lower() and (_DATA_MD.search(body) or page_loads.embeds(body)):
        c.fail("media", page_loads.EMBEDDED)  # the rendered page is checked again (build.render_guard)
    if _SCRIPT_HINT.search(body):
        printed = _CODE.sub("", body)
        runs = page_loads.script(printed) or ("a javascript: address" if _SCRIPT_MD.search(printed) else None)
        if runs:
            c.fail("body", page_loads.SCRIPT.format(what=runs))
    # raw HTML is printed as written: what the build refuses in it is named now, beside the page
    # (not instead of it: its media uses are still checked, so one run names every problem)
    loads: list[Problem] = []
    if "<" in body:
        seen = {(p.key, p.expected) for p in c.problems}
        loads = [Problem(path, key, expected) for key, expected in page_loads.findings(_CODE.sub("", body), vocab.site_host)
                 if (key, expected) not in seen]

    if c.problems:
        return None, c.problems + loads
    return Doc(
        path=path, src_uri=src_uri, key=key, lang=lang, kind=kind, url=url,
        title=title or "", summary=summary or "", date=shown_date, published=published, updated=updated,
        people=people or (), media=media, organizations=orgs, categories=cats, tags=tags,
        draft=draft, translation_of=str(translation_of) if translation_of is not None else None, id=item_id,
        event=event, actions=actions, series=series, part=part, cadence=cadence,
        body=body,
    ), loads
