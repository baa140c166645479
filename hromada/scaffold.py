"""`hromada new`: start a page, a translation or a consent record with every key it takes.

Which keys a type takes and which it requires is the schema's (`schema.allowed_keys`,
`schema.required_keys`) and the register's (`consent.TOP_KEYS`...) to say; this
module only adds a safe starting value and one comment per key, so a scaffold
can never offer a key the check refuses, nor miss one it accepts (the module
refuses to load if a key has no comment). Safe means: nothing is published
until staff decide (`draft: true`, `people: none`, a `pending` consent record
that allows nothing), and what staff must fill is left empty, so `hromada
check` names it until it is filled.

Planning (`plan_*`) is pure and returns the file's path and text; only `write`
touches the disk, and never over an existing file.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Mapping

import yaml

from . import consent, frontmatter, schema
from .languages import DEFAULT_LANGUAGE, LANGUAGES, localized_path, split_language
from .model import SECTION_FOLDERS, Kind

#: `hromada new <type>` -> (kind, folder under docs/; None for stories and plain pages).
TYPES: dict[str, Kind] = {
    "news": Kind.NEWS, "interview": Kind.INTERVIEW, "event": Kind.EVENT, "campaign": Kind.CAMPAIGN,
    "organization": Kind.ORGANIZATION, "page": Kind.PAGE, "series": Kind.SERIES, "story": Kind.STORY,
}
FOLDER_OF = {kind: folder for folder, kind in SECTION_FOLDERS.items()}
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PART_SLUG_RE = re.compile(r"^(\d{2,})-([a-z0-9]+(?:-[a-z0-9]+)*)$")

#: Front-matter keys in the order a file shows them, each with its comment; `{...}` are filled
#: from the site (category and organisation slugs). Every key the schema knows must be here.
COMMENTS: dict[str, str] = {
    "title": "the headline, in double quotes",
    "date": "publication date like 2026-05-16; a date in the future schedules the page",
    "updated": "date of the last significant change (feeds; translations made before it are listed as older)",
    "summary": "one or two sentences in double quotes, for listings, feeds and share cards",
    "people": "consent refs of everyone the page identifies, like [P-0173], or none (consent guide)",
    "media": "every image or video the page shows: - {file: img/x.jpg, depicts: [], faces: none, location_visible: false}",
    "organization": "organisation slugs, from: {organizations}",
    "categories": "category slugs, from: {categories}",
    "tags": "free words, in this file's language",
    "draft": "true keeps the page off the site (the preview shows it); write false when it is ready",
    "translation_of": "only in a translation: the original's date (or updated) it was translated from",
    "start": "date and time with UTC offset, like 2026-12-10T18:00:00+02:00",
    "end": "like start",
    "timezone": "the place's time zone, like Europe/Kyiv or Asia/Dushanbe",
    "location": "{name: ..., city: ..., country: ...} or {online: https://...}",
    "registration": "the registration address, https://...",
    "call_to_action": "buttons: - {label: Sign the letter, url: https://...} or {label: ..., mailto: letters@example.org}",
    "cadence": "how often parts appear, like monthly",
    "part": "the part number; by default the NN of the file name",
    "id": "only once the page has moved: its earlier address, like news/forum-2025",
}
_ALL_KEYS = schema.COMMON_KEYS.union(*schema.EXTRA_KEYS.values())
if _ALL_KEYS - set(COMMENTS):  # pragma: no cover - a key added to the schema needs its comment here
    raise ImportError(f"hromada.scaffold: schema keys without a comment: {sorted(_ALL_KEYS - set(COMMENTS))}")

#: The consent record: every key of the register, with its comment (choices from consent.py).
RECORD_COMMENTS: dict[str, str] = {
    "ref": "this file's name; pages name the person by it",
    "display_name": "the name that may be printed, as the person agreed: Olena, or {en: Olena, uk: Олена}",
    "minor": "true until you know the person was 18 or over when the material was gathered, and is now",
    "consent": "",
    "consent.status": "pending publishes nothing; given once the signed form is back; " + ", ".join(consent.STATUSES),
    "consent.given_by": "one of " + ", ".join(consent.GIVEN_BY) + " (a minor: self+guardian)",
    "consent.method": "one of " + ", ".join(consent.METHODS),
    "consent.date": "when consent was given, like 2026-03-04",
    "consent.verified_by": "the handle of the staff member who checked it, like staff-12 (never a name)",
    "consent.review_by": "optional: ask the person again by this date",
    "consent.expires": "optional: consent ends on this date",
    "consent.withdrawn": "only with status withdrawn: the date it was withdrawn",
    "scope": "",
    "scope.languages": "language versions the person may appear in, from: " + ", ".join(LANGUAGES),
    "scope.channels": "from: " + ", ".join(consent.CHANNELS) + " (without web nothing is published)",
    "scope.identity": "one of " + ", ".join(consent.IDENTITIES),
    "scope.face": "the most a picture may show: " + ", ".join(consent.FACES),
    "scope.voice": "one of " + ", ".join(consent.VOICES),
    "scope.location": "the most precise place that may be given: " + ", ".join(consent.LOCATIONS),
}
_RECORD_KEYS = (consent.TOP_KEYS | {f"consent.{k}" for k in consent.CONSENT_KEYS}
                | {f"scope.{k}" for k in consent.SCOPE_KEYS})
if set(RECORD_COMMENTS) != _RECORD_KEYS:  # pragma: no cover
    raise ImportError(f"hromada.scaffold: register keys without a comment: {sorted(set(RECORD_COMMENTS) ^ _RECORD_KEYS)}")

BODY_NOTE = "<!-- Write the text here, in Markdown. This note is never published. -->\n"


class ScaffoldError(Exception):
    """One line for staff: `file: what is wrong` (nothing was written)."""


@dataclass(frozen=True)
class Site:
    """What a scaffold needs to know about the project."""

    root: Path
    docs_dir: Path
    today: date
    categories: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()

    @property
    def stories_dir(self) -> Path:
        return self.root / "stories"

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


@dataclass(frozen=True)
class Planned:
    path: Path
    text: str
    what: str  # news, translation (uk) of ..., consent record
    fill: tuple[str, ...]  # keys staff must fill before `hromada check` passes


def keys_for(kind: Kind) -> list[str]:
    """The keys a page of `kind` takes, in the order a file shows them (the schema decides which)."""
    allowed = schema.allowed_keys(kind)
    return [k for k in COMMENTS if k in allowed]


def _value(value: Any) -> str:
    """A front-matter value on one line: dates and plain words as written, the rest as flow YAML."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and re.fullmatch(r"[0-9][0-9T:+\-.Z ]*", value) and schema.parse_when(value):
        return value
    if isinstance(value, str) and value == "none":
        return "none"
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**9, sort_keys=False)
    return text.strip().removesuffix("...").strip()


#: The column comments line up at, at most: a long value (a translation's `media` list) would
#: push every comment of the block off an editor's screen; a longer line keeps its own.
_COMMENT_COLUMN = 32


def _front_matter(rows: Iterable[tuple[str, str, str]]) -> str:
    """(key, value, comment) rows as `key: value  # comment`, comments lined up (up to
    _COMMENT_COLUMN: a longer line's comment follows it after two spaces)."""
    rows = list(rows)
    width = min(_COMMENT_COLUMN, max(len(f"{k}: {v}") for k, v, _ in rows))
    lines = []
    for key, value, comment in rows:
        text = f"{key}: {value}" if value != "" else f"{key}:"
        lines.append(f"{text.ljust(width)}  # {comment}" if comment else text)
    return "\n".join(lines) + "\n"


def _comment(key: str, site: Site, required: bool = False) -> str:
    """The key's comment, saying whether `hromada check` requires it."""
    text = (COMMENTS[key].replace("{organizations}", ", ".join(site.organizations) or "none yet (docs/organizations/)")
            .replace("{categories}", ", ".join(site.categories) or "none defined in mkdocs.yml"))
    return ("required: " if required else "optional: ") + text


def _title(slug: str) -> str:
    words = slug.replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def _check_slug(slug: str, where: str) -> None:
    if not SLUG_RE.match(slug):
        raise ScaffoldError(f"{where}: a slug of lower-case Latin letters, digits and hyphens, like "
                            f"paralegals-first-year (found '{frontmatter.escape(slug)}')")


def plan_page(site: Site, type_name: str, name: str) -> Planned:
    """A new page of `type_name` named `name` (a slug; `series/slug` for a story; a path for a page)."""
    kind = TYPES[type_name]
    name = name.strip().strip("/").removesuffix(".md")
    title_slug = name.rsplit("/", 1)[-1]
    if kind is Kind.STORY:
        series, _, slug = name.partition("/")
        if not slug or "/" in slug:
            raise ScaffoldError(f"story: a series and a slug, like self-help-leaders/nodira-reading-circle (found '{name}')")
        _check_slug(series, "series")
        folder = site.stories_dir / series
        if not any((folder / localized_path("index.md", lang)).is_file() for lang in LANGUAGES):
            raise ScaffoldError(f"{site.rel(folder)}/: no series there; start it with: hromada new series {series}")
        m = PART_SLUG_RE.match(slug)
        if m:
            title_slug = m.group(2)
        else:
            _check_slug(slug, "story")
            slug = f"{_next_part(folder):02d}-{slug}"
            title_slug = slug.split("-", 1)[1]
        path = folder / f"{slug}.md"
    elif kind is Kind.SERIES:
        _check_slug(name, "series")
        path = site.stories_dir / name / "index.md"
    elif kind is Kind.PAGE:
        parts = name.split("/")
        for part in parts:
            _check_slug(part, "page")
        if parts[0] in SECTION_FOLDERS or parts[0] in ("categories", "stories", "subscribe", "preview", "feed", "pagefind", "index"):
            raise ScaffoldError(f"page: a name outside docs/{parts[0]}/, which the build or its section owns "
                                f"(use hromada new {SECTION_FOLDERS[parts[0]].value} for that section)"
                                if parts[0] in SECTION_FOLDERS else
                                f"page: a name other than '{parts[0]}', an address the build makes itself")
        path = site.docs_dir.joinpath(*parts[:-1], f"{parts[-1]}.md")
    else:
        _check_slug(name, type_name)
        path = site.docs_dir / FOLDER_OF[kind] / f"{name}.md"
    required = schema.required_keys(kind)
    values = {"title": f'"{_title(title_slug)}"', "people": "none", "draft": "true",
              "date": site.today.isoformat() if "date" in required else "",
              "media": "[]", "organization": "[]", "categories": "[]", "tags": "[]", "call_to_action": "[]"}
    rows = [(k, values.get(k, ""), _comment(k, site, k in required)) for k in keys_for(kind)]
    fill = tuple(k for k, v, _ in rows if k in required and v == "")
    return Planned(path, "---\n" + _front_matter(rows) + "---\n\n" + BODY_NOTE, type_name, fill)


def _next_part(folder: Path) -> int:
    numbers = [int(m.group(1)) for p in folder.glob("*.md")
               if (m := PART_SLUG_RE.match(split_language(p.name)[0].removesuffix(".md")))]
    return max(numbers, default=0) + 1


#: Keys a translator writes anew in the new language (never copied: an untranslated value would
#: be published in the wrong language).
TRANSLATED = ("title", "summary", "tags")
#: Keys whose copied values hold words to translate.
HAS_WORDS = ("location", "call_to_action")


def plan_translation(site: Site, file: str, lang: str) -> Planned:
    """`item.<lang>.md` beside `file`, with `translation_of` set and the original's people and media."""
    if lang not in LANGUAGES:
        from . import suggest
        meant = suggest.language(lang)
        raise ScaffoldError(f"language: {f'did you mean {meant}? ' if meant else ''}one of {', '.join(LANGUAGES)} (found '{frontmatter.escape(lang)}')")
    path = Path(file)
    if not path.is_absolute():
        path = (Path.cwd() / path) if (Path.cwd() / path).exists() else site.root / path
    path = path.resolve()
    rel = site.rel(path)
    if not path.is_file():
        raise ScaffoldError(f"{file}: not found (give the original's file, like docs/news/forum.md)")
    if path.suffix != ".md" or not any(path.is_relative_to(d.resolve()) for d in (site.docs_dir, site.stories_dir)):
        raise ScaffoldError(f"{rel}: a page to translate, a .md file under docs/ or stories/ (like docs/news/forum.md)")
    from .content import classify
    source, problems = classify(site.root.resolve(), path, site.docs_dir.resolve(), site.stories_dir.resolve())
    if source is None:
        raise ScaffoldError(str(problems[0]))
    if source.lang == lang:
        raise ScaffoldError(f"{rel}: is itself the {lang} version; name another language")
    meta, _, problems = frontmatter.split(path.read_text(encoding="utf-8"), rel)
    if problems:
        raise ScaffoldError(f"{problems[0]} (fix the original first)")
    target = path.with_name(PurePosixPath(localized_path(source.key, lang)).name)
    required = schema.required_keys(source.kind)
    from_ = meta.get("updated") or meta.get("date") or site.today.isoformat()
    rows = []
    for key in keys_for(source.kind):
        original = meta.get(key)
        if key == "translation_of":
            rows.append((key, _value(str(from_)), f"the original ({rel}) as it was on this date"))
        elif key == "draft":
            rows.append((key, "true", _comment(key, site)))
        elif key in TRANSLATED:
            note = (f"translate: {' '.join(_value(original).split())}" if original not in (None, [], "")
                    else COMMENTS[key])
            rows.append((key, "[]" if key == "tags" else "", ("required: " if key in required else "optional: ") + note))
        elif key in ("people", "media"):
            rows.append((key, _value(original if original is not None else ("none" if key == "people" else [])),
                         f"as in {rel}: keep both files in step (consent guide)"))
        else:
            words = " (translate the words in it)" if key in HAS_WORDS and original else ""
            rows.append((key, _value(original) if key not in ("updated", "id") else "",
                         _comment(key, site, key in required) + words))
    fill = tuple(k for k, v, _ in rows if k in required and v == "")
    note = f"<!-- Translate {rel} here, in Markdown. This note is never published. -->\n"
    return Planned(target, "---\n" + _front_matter(rows) + "---\n\n" + note, f"translation ({lang}) of {rel}", fill)


REF_NUMBER = re.compile(r"^(.*?)(\d+)$")


def next_ref(existing: Iterable[str]) -> str:
    """The next free ref in the register's own pattern (P-0303 -> P-0304); P-0001 in an empty one."""
    found: dict[tuple[str, int], list[int]] = {}
    for ref in existing:
        m = REF_NUMBER.match(ref)
        if m:
            found.setdefault((m.group(1), len(m.group(2))), []).append(int(m.group(2)))
    if not found:
        return "P-0001"
    (prefix, width), numbers = max(found.items(), key=lambda kv: (len(kv[1]), kv[0]))
    taken = set(existing)
    n = max(numbers) + 1
    while f"{prefix}{n:0{width}d}" in taken:
        n += 1
    return f"{prefix}{n:0{width}d}"


def plan_person(site: Site, register: Path | None = None) -> Planned:
    """A `pending` record under the next free ref: publishes nothing until staff fill it in."""
    register = register or site.root / "consent" / "people"
    refs = [p.stem for p in register.glob("*.y*ml")] if register.is_dir() else []
    ref = next_ref(refs)
    values = {"ref": ref, "minor": "true", "consent.status": "pending",
              "scope.languages": "[]", "scope.channels": "[]"}
    lines = [f"# Consent record started on {site.today.isoformat()} by hromada new person. Fill it in from the",
             "# signed consent form (staff/consent-form.*.md), then write status: given. No real names,",
             "# no contacts, no places here: those stay in the organisation's offline records."]
    order = ["ref", "display_name", "minor", "consent", *(f"consent.{k}" for k in
             ("status", "given_by", "method", "date", "verified_by", "review_by", "expires", "withdrawn")),
             "scope", *(f"scope.{k}" for k in ("languages", "channels", "identity", "face", "voice", "location"))]
    if set(order) != set(RECORD_COMMENTS):  # pragma: no cover
        raise ImportError("hromada.scaffold: record order misses a key")
    rows = [(("  " if "." in k else "") + k.rsplit(".", 1)[-1], values.get(k, ""), RECORD_COMMENTS[k]) for k in order]
    return Planned(register / f"{ref}.yml", "\n".join(lines) + "\n" + _front_matter(rows), f"consent record {ref}", ())


def write(planned: Planned, site: Site) -> None:
    """Create the file; never over an existing one (or one that appears meanwhile)."""
    rel = site.rel(planned.path)
    if os.path.lexists(planned.path):
        raise ScaffoldError(f"{rel}: already exists; nothing was written (edit that file, or choose another name)")
    planned.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(planned.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise ScaffoldError(f"{rel}: already exists; nothing was written (edit that file, or choose another name)") from None
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(planned.text)
