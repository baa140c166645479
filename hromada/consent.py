"""The consent register (consent/people/<ref>.yml) and its checks.

Default deny: a record that fails any check is an error, never "probably fine".
The register holds no names or contacts; only what may be printed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Mapping

from . import suggest
from .frontmatter import NOT_A_REF, key_name, load_yaml, shown, shown_ref, text_problem, true_or_false, not_utf8
from .languages import LANGUAGES
from .model import Doc, MediaRef
from .problems import Problem
from .schema import YEARS

STATUSES = ("given", "pending", "refused", "withdrawn")
#: A `pending` record publishes nothing, so it may wait for these until the form is back
#: (`hromada new person` writes them empty); every other status needs them all.
PENDING_MAY_LACK = ("display_name", "consent.given_by", "consent.method", "consent.date", "consent.verified_by",
                    "scope.identity", "scope.face", "scope.voice", "scope.location")
GIVEN_BY = ("self", "self+guardian", "proxy")
METHODS = ("written", "audio", "video", "verbal_witnessed")
CHANNELS = ("web", "search", "feeds", "social")
IDENTITIES = ("real", "first_name", "pseudonym", "initials", "none")
FACES = ("none", "blurred", "visible")  # ordered: each allows the ones before it
VOICES = ("original", "revoiced", "none")
LOCATIONS = ("none", "country", "region", "district", "settlement")
TOP_KEYS = frozenset({"ref", "display_name", "minor", "consent", "scope"})
CONSENT_KEYS = frozenset({"status", "given_by", "method", "date", "verified_by", "review_by", "expires", "withdrawn"})
SCOPE_KEYS = frozenset({"languages", "channels", "identity", "face", "voice", "location"})
REVIEW_GRACE_DAYS = 30


@dataclass(frozen=True)
class Person:
    ref: str
    path: str
    display_name: Mapping[str, str]
    minor: bool
    status: str
    given_by: str  # "" only while pending
    method: str  # "" only while pending
    given: date | None  # None only while pending
    verified_by: str  # "" only while pending
    review_by: date | None
    expires: date | None
    withdrawn: date | None
    languages: frozenset[str]
    channels: frozenset[str]
    identity: str
    face: str
    voice: str
    location: str


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def parse_person(path: str, ref: str, data: Any) -> tuple[Person | None, list[Problem]]:
    problems: list[Problem] = []
    consent_data = data.get("consent") if isinstance(data, dict) else None
    pending = isinstance(consent_data, dict) and consent_data.get("status") == "pending"

    misspelt: set[str] = set()  # `scope.language` is one mistake, not also "scope.languages: a list"

    def unknown(where: str, key: Any, known: frozenset[str], what: str) -> None:
        meant = suggest.nearest(key, known) if isinstance(key, str) else None
        section = data.get(where) if where else data
        if meant and meant not in section:
            misspelt.add(f"{where}.{meant}" if where else meant)
        hint = f"did you mean {meant}? " if meant else ""
        fail(f"{where}.{key_name(key)}" if where else key_name(key), f"{hint}unknown key; {what} takes: " + ", ".join(sorted(known)),
             written_key=True)

    def fail(key: str, expected: str, got: Any = None, written_key: bool = False) -> None:
        if got is None and pending and key in PENDING_MAY_LACK:
            return  # not filled in yet: nothing about this person is published meanwhile
        if got is None and key in misspelt:
            return  # reported once, as the misspelt key
        if got is not None:
            expected += f" (found {shown(got)})"
        problems.append(Problem(path, key, expected, written_key=written_key))

    if not isinstance(data, dict):
        return None, [Problem(path, "record", "a mapping with ref, display_name, minor, consent, scope")]
    for k in sorted(set(data) - TOP_KEYS, key=str):
        unknown("", k, TOP_KEYS, "a consent record")
    if data.get("ref") != ref:
        fail("ref", f"the file's name without .yml ('{ref}')", data.get("ref"))

    names = data.get("display_name")
    if isinstance(names, str) and names.strip():
        display = {lang: names.strip() for lang in LANGUAGES}
    elif isinstance(names, dict) and names and all(k in LANGUAGES and isinstance(v, str) and v.strip() for k, v in names.items()):
        display = {k: v.strip() for k, v in names.items()}
    else:
        fail("display_name", "the name that may be printed, or a map per language like {en: Olena, uk: Олена}", names)
        display = {}
    for lang, name in sorted(display.items()):
        wrong = text_problem(name)
        if wrong:
            fail("display_name" if isinstance(names, str) else f"display_name.{lang}", wrong)
            break

    minor = data.get("minor")
    if not isinstance(minor, bool):  # the record is refused: no follow-on lines from the minor rules
        fail("minor", f"{true_or_false(minor)} (under 18 when the material was gathered or now)", minor)

    def pick(section: dict, key: str, choices: tuple[str, ...], where: str, required: bool = True) -> str:
        value = section.get(key)
        if value is None and not required:
            return ""
        if value not in choices:
            fail(f"{where}.{key}", "one of " + ", ".join(choices), value)
            return ""
        return value

    consent = data.get("consent")
    if not isinstance(consent, dict):
        fail("consent", "a mapping with status, given_by, method, date, verified_by")
        consent = {}
    for k in sorted(set(consent) - CONSENT_KEYS, key=str):
        unknown("consent", k, CONSENT_KEYS, "consent")
    status = pick(consent, "status", STATUSES, "consent")
    given_by = pick(consent, "given_by", GIVEN_BY, "consent")
    method = pick(consent, "method", METHODS, "consent")
    dates: dict[str, date | None] = {}
    for k in ("date", "review_by", "expires", "withdrawn"):
        raw = consent.get(k)
        required = k == "date" or (k == "withdrawn" and status == "withdrawn")
        if raw is None:
            if required:
                fail(f"consent.{k}", "required: a date like 2025-03-04")
            dates[k] = None
            continue
        dates[k] = _date(raw)
        if dates[k] is None:
            fail(f"consent.{k}", "a date like 2025-03-04", raw)
        elif not YEARS[0] <= dates[k].year <= YEARS[1]:  # a day later or in another zone must exist
            fail(f"consent.{k}", f"a date like 2025-03-04, between the years {YEARS[0]} and {YEARS[1]}", raw)
            dates[k] = None
    if dates.get("withdrawn") is not None and status and status != "withdrawn":
        fail("consent.status", f"withdrawn, since consent.withdrawn gives a date ({dates['withdrawn']}); "
                               "remove that date only if the consent was given again", status)
    verified_by = consent.get("verified_by")
    if not isinstance(verified_by, str) or not verified_by.strip():
        fail("consent.verified_by", "the handle of the staff member who checked it, like staff-12",
             verified_by if verified_by != "" else None)
        verified_by = ""
    elif text_problem(verified_by):
        fail("consent.verified_by", text_problem(verified_by))

    scope = data.get("scope")
    if not isinstance(scope, dict):
        fail("scope", "a mapping with languages, channels, identity, face, voice, location")
        scope = {}
    for k in sorted(set(scope) - SCOPE_KEYS, key=str):
        unknown("scope", k, SCOPE_KEYS, "scope")

    def subset(key: str, choices: tuple[str, ...]) -> frozenset[str]:
        value = scope.get(key)
        if value is None and pending:
            return frozenset()  # not filled in yet: no language, no channel
        if not isinstance(value, list) or not all(v in choices for v in value):
            fail(f"scope.{key}", "a list from: " + ", ".join(choices), value)
            return frozenset()
        return frozenset(value)

    languages = subset("languages", LANGUAGES)
    channels = subset("channels", CHANNELS)
    identity = pick(scope, "identity", IDENTITIES, "scope")
    face = pick(scope, "face", FACES, "scope")
    voice = pick(scope, "voice", VOICES, "scope")
    location = pick(scope, "location", LOCATIONS, "scope")
    if pending:  # what is not filled in yet allows the least
        identity, face, voice, location = identity or "none", face or "none", voice or "none", location or "none"

    if minor is True:
        if identity in ("real", "first_name"):
            fail("scope.identity", "pseudonym, initials or none for a minor (no override)", identity)
        if face == "visible":
            fail("scope.face", "blurred or none for a minor (no override)", face)
        if given_by and given_by != "self+guardian":
            fail("consent.given_by", "self+guardian for a minor (no override)", given_by)

    if problems:
        return None, problems
    return Person(
        ref=ref, path=path, display_name=display, minor=minor, status=status, given_by=given_by,
        method=method, given=dates["date"], verified_by=verified_by.strip(),
        review_by=dates["review_by"], expires=dates["expires"], withdrawn=dates["withdrawn"],
        languages=languages, channels=channels, identity=identity, face=face, voice=voice,
        location=location,
    ), []


_NOT_READ = ("this file is not read, so it gives nobody consent; a signed form or a note with a real name "
             "stays in the organisation's offline records, never in the repository")


def stray_problems(folder: Path, root: Path) -> list[Problem]:
    """Files beside the register that it does not read: a record saved as `P-0101.yaml`,
    `P-0101.yml.txt` or `P-0101.md`, one level up in consent/, or in a subfolder, would
    otherwise be ignored without a word while staff believe it is in force (a careless-editor
    review). Hidden files (`.gitkeep`) are left alone. Each gets one line saying where records go."""
    problems: list[Problem] = []
    top = folder.parent
    if top.is_dir():
        for path in sorted(top.iterdir()):
            if path.name.startswith(".") or path == folder:
                continue
            rel = path.relative_to(root).as_posix()
            what = "this folder is not read" if path.is_dir() else _NOT_READ
            problems.append(Problem(rel, "file", f"consent records in {folder.relative_to(root).as_posix()}/, "
                                                 f"named <ref>.yml ({what})"))
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") or (path.suffix == ".yml"):
                continue
            rel = path.relative_to(root).as_posix()
            if path.is_dir():
                expected = f"consent records directly in {folder.relative_to(root).as_posix()}/ (a folder's records are not read)"
            elif path.suffix.lower() in (".yaml", ".yml"):
                expected = "the extension .yml, in lower case (this file is not read)"
            else:
                expected = f"a consent record named <ref>.yml ({_NOT_READ})"
            problems.append(Problem(rel, "file name", expected))
    return problems


def load_register(folder: Path, root: Path) -> tuple[dict[str, Person], list[Problem]]:
    people: dict[str, Person] = {}
    problems: list[Problem] = stray_problems(folder, root)
    if not folder.is_dir():
        return people, problems
    for path in sorted(folder.iterdir()):
        rel = path.relative_to(root).as_posix()
        if path.suffix != ".yml" or path.name.startswith("."):
            continue
        if not path.is_file():
            problems.append(Problem(rel, "file", "a consent record file (this is a folder, a broken link or not a regular file)"))
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem(rel, "encoding", not_utf8(path, exc)))
            continue
        except OSError as exc:
            problems.append(Problem(rel, "file", f"a readable file ({exc.strerror or exc})"))
            continue
        data, found = load_yaml(text, rel, "record")
        problems += found
        if found:
            continue
        person, found = parse_person(rel, path.stem, data)
        problems += found
        if person is not None:
            people[person.ref] = person
    return people, problems


def check_pages(docs: list[Doc], people: Mapping[str, Person], known_refs: set[str]) -> list[Problem]:
    """Page-level consent errors: refs without a record, faces beyond consent.

    `known_refs` are refs with a register file, even an invalid one, so a bad
    record is reported once (in the register) and not again on every page.
    """
    problems = []
    for doc in docs:
        for ref in doc.people:
            if ref not in known_refs:
                hint = suggest.same_ref(ref, known_refs)
                if shown_ref(ref) == NOT_A_REF:
                    problems.append(Problem(doc.path, "people", f"{hint}a consent ref with a record in consent/people/ "
                                                                f"(found {NOT_A_REF})"))
                else:
                    problems.append(Problem(doc.path, "people", f"{hint}a consent record consent/people/{ref}.yml for {ref} "
                                                                f"(there is none; a ref names one person: take it from her "
                                                                f"consent form, never a ref that looks close)"))
        for i, media in enumerate(doc.media):
            for ref in media.depicts:
                person = people.get(ref)
                if person and person.status == "pending":
                    continue  # publishes nothing; checked against the filled-in record once it is given
                if person and FACES.index(media.faces) > FACES.index(person.face):
                    problems.append(Problem(
                        doc.path, f"media[{i}].faces",
                        f"at most '{person.face}' for {ref}, as their consent allows (found '{media.faces}')"))
                if person and media.location_visible and person.location == "none":
                    problems.append(Problem(
                        doc.path, f"media[{i}].location_visible",
                        f"false: {ref}'s consent says location: none, so no picture of them may show where it was taken"))
    return problems


#: How much of someone a video's sound lets hear, least first (a media entry's `voice`).
_HEARD = ("none", "revoiced", "original")


def check_voices(docs: list[Doc], people: Mapping[str, Person], has_sound: Callable[[Doc, MediaRef], bool]) -> list[Problem]:
    """A video with a sound track lets its people be heard: what it lets hear (its `voice`,
    `original` when not declared: default deny) may not exceed what any person it depicts
    allows (`scope.voice`). `has_sound(doc, media)` tells whether the file has a sound track."""
    problems = []
    for doc in docs:
        for i, media in enumerate(doc.media):
            people_of = [people[ref] for ref in media.depicts if ref in people and people[ref].status != "pending"]
            if not people_of or not has_sound(doc, media):
                continue
            heard = media.voice or "original"
            for person in people_of:
                if _HEARD.index(heard) > _HEARD.index(person.voice):
                    declared = f"found '{media.voice}'" if media.voice else "found no voice key: taken as original"
                    problems.append(Problem(
                        doc.path, f"media[{i}].voice",
                        f"at most '{person.voice}' for {person.ref}, as their consent allows: the video has a sound "
                        f"track, so declare what it lets hear of them, or export it without sound ({declared})"))
    return problems


def pending_warnings(people: Mapping[str, Person], docs: list[Doc]) -> list[Problem]:
    """One warning per `pending` record that holds back a page: it waits for the form.

    Not an error (a record started by `hromada new person` is pending until the
    signed form is back, and nothing about the person is published meanwhile),
    but staff should see on every check which pages wait for it. A pending
    record no page names changes nothing on the site: `hromada status` lists it."""
    waiting: dict[str, set[str]] = {}
    for doc in docs:
        for ref in {*doc.people, *(r for m in doc.media for r in m.depicts)}:
            waiting.setdefault(ref, set()).add(doc.path)
    out = []
    for ref, person in sorted(people.items()):
        pages = sorted(waiting.get(ref, ()))
        if person.status == "pending" and pages:
            held = f"holds back {len(pages)} page file{'s' if len(pages) != 1 else ''}"
            out.append(Problem(person.path, "consent.status",
                               f"pending: nothing naming {ref} is published until the record is filled in "
                               f"from the signed form and status is given ({held})", "warning"))
    return out
