"""Which problem lines a failing build may print whole: build logs are often public.

consent.md keeps an excluded page out of every output and, for a link to it and
for a deny-list hit, out of the build log too. A problem line names its file,
and its expectation may name other files: the file name of a withdrawn person's
story (stories/<series>/04-zulaikho-tea-room.md), the folder of an excluded
series, a picture of the person. So in a failing `mkdocs build` a line that
names a page about people that is not published (or any file of its folder, or
a picture that only such pages declare, whoever it shows) gives its key only, and
a consent record's line that quotes what the record holds (a display name, a
real one for `identity: real`) gives its file (a code) and key; `hromada check`
and the preview, on the editor's own machine, still print them whole.

A page about people that is not published: a page whose people (over all its
versions) are not empty and which no version of publishes. A page file that
could not be read as a page (any file with a Markdown-like name: x.md, x.MD,
x.markdown, x.mkd, x.md.txt ..., content_files.markdown_like) counts as one unless another version of its page is
published, or the consent codes written in it are all of people whose consent
allows publishing today, or it says `people: none` and writes no code (default
deny: a page whose keys cannot be read may name anyone).
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import unquote

from .content import ContentIndex, media_src_uri
from .content_files import markdown_like
from .languages import split_language
from .problems import Problem
from .publication import Publication, person_reasons

#: Where a path in a line ends: spaces, quotes, brackets, punctuation around it, and '/' between parts.
_PARTS = re.compile(r"[\s'\"`()\[\]{},:;<>|/\\]+")
#: Where the consent register's records are (consent.py), as problem lines name them.
REGISTER = "consent/"
#: A story part's number before its name (content.public_src_uri leaves it out of the address).
_PART_NUMBER = re.compile(r"^\d+-(?=[^.])")
#: What a public log prints for a key the editor wrote (Problem.written_key).
WRITTEN_KEY = "(a key written in the file, not one Hromada knows; kept out of build logs, which are often public: `hromada check` shows it)"
#: A front matter that says it names no one.
_NO_PEOPLE = re.compile(r"^people\s*:\s*(none|\[\s*\])\s*(#.*)?$", re.MULTILINE)


@dataclass(frozen=True)
class PublicLog:
    """What a public build log must not name: the names (file stems without their language,
    folder names) of the pages about people that are not published, and of pictures only
    they declare."""

    names: frozenset[str] = frozenset()
    #: folders a published page lies in (its address shows them): a hidden line may name its folder then
    folders: frozenset[str] = frozenset()
    #: what is public could not be worked out (content the decision could not be made on): hide every line
    everything: bool = False

    def hides(self, problem: Problem) -> bool:
        return (self.everything or _quotes_a_record(problem) or problem.written_key or bool(problem.public_expected)
                or any(name in self.names for name in _names_in(f"{problem.file} {problem.expected}")))

    def line(self, problem: Problem) -> str:
        """A hidden problem as the log prints it: its file's folder when public, its key (unless the
        editor wrote it: an unknown key may be a note naming someone), where to see it whole."""
        key = WRITTEN_KEY if problem.written_key else problem.key
        if self.everything or any(name in self.names for name in _names_in(f"{problem.file} {problem.expected}")):
            folder = posixpath.dirname(problem.file)
            where = f" in {folder}/" if folder in self.folders and not self.names & set(folder.split("/")) else ""
            return (f"a problem{where} naming a page that is not published and may name a person, or its files (kept "
                    f"out of build logs, which are often public; `hromada check` shows the line): {key}")
        if _quotes_a_record(problem):
            return (f"{problem.file}: {key}: (what the record holds is kept out of build logs, which are often "
                    "public; `hromada check` shows the line)")
        return f"{problem.file}: {key}: {problem.public_expected or problem.expected}"


def _quotes_a_record(problem: Problem) -> bool:
    """A consent record's line that quotes what the record holds: a display name (a real one,
    for `identity: real`), or any value written where another belongs. Its file is a code."""
    return problem.file.startswith(REGISTER) and ("'" in problem.expected or '"' in problem.expected)


def _names_in(line: str) -> Iterable[str]:
    """Each part of each path in `line`, whole and without its suffixes (x.uk.md -> x)."""
    for part in _PARTS.split(unquote(line)):
        if part:
            yield part
            yield part.lstrip(".").split(".", 1)[0]


def names_of(path: str) -> set[str]:
    """The names a page or media file is known by in a line: its stem without the language
    suffix, and without a story part's number (its address: 04-zulaikho.md is at zulaikho/);
    for a folder's page (index.md) the folder's name."""
    plain, _ = split_language(path)
    folder, _, file = plain.rpartition("/")
    stem = file.lstrip(".").split(".", 1)[0]  # a hidden file (.olena.md) by its name too
    if stem == "index":
        return {posixpath.basename(folder)} if folder else set()
    return {stem, _PART_NUMBER.sub("", stem)}


def public_log(root: Path, index: ContentIndex, publication: Callable[[], Publication], problems: Iterable[Problem],
               known_refs: Iterable[str]) -> PublicLog:
    """The names a failing build's log keeps out (see the module's docstring). `publication`:
    makes the decisions on the pages that could be read, as the build would. Default deny: if
    that fails on content this broken, every line is hidden (`hromada check` still names them)."""
    try:
        return _public_log(root, index, publication(), list(problems), list(known_refs))
    except Exception:  # noqa: BLE001 - a traceback would name nothing useful and hide the problems
        return PublicLog(everything=True)


def _public_log(root: Path, index: ContentIndex, publication: Publication, problems: list[Problem],
                known_refs: list[str]) -> PublicLog:
    published_keys = {doc.key for doc in index.docs if publication.is_published(doc)}
    names: set[str] = set()
    shown_media: set[str] = set()
    hidden_media: set[str] = set()
    for key, versions in index.by_key.items():
        if key in published_keys:
            shown_media.update(media_src_uri(doc, ref.file) for doc in versions.values() for ref in doc.media)
            continue
        if not index.people_of(key):
            continue
        for doc in versions.values():
            names |= names_of(doc.path)
            # every picture, `depicts: []` too: her house, her street, her village (red-team round 7)
            hidden_media.update(media_src_uri(doc, ref.file) for ref in doc.media)
    for src in hidden_media - shown_media:
        names |= names_of(src)
    refs = [ref for ref in known_refs if ref]
    today = publication.now.astimezone(publication.zone).date()
    parsed = {doc.path for doc in index.docs}
    for path in sorted({p.file for p in problems if markdown_like(p.file) and p.file not in parsed}):
        if _published_elsewhere(path, index, published_keys):
            continue
        written = _refs_in(root / path, refs)
        if written is None or any(person_reasons(ref, publication.people.get(ref), today)[0] for ref in written):
            names |= names_of(path)
    folders = {posixpath.dirname(doc.path) for doc in index.docs if doc.key in published_keys}
    return PublicLog(frozenset(names), frozenset(folders))


def _published_elsewhere(path: str, index: ContentIndex, published_keys: set[str]) -> bool:
    """Another language version of the same page is published: its name is public already."""
    plain, _ = split_language(path)
    return any(doc.path != path and split_language(doc.path)[0] == plain and doc.key in published_keys
               for doc in index.docs)


def _refs_in(path: Path, refs: list[str]) -> list[str] | None:
    """The register's consent codes written in a page file that could not be read as a page;
    None when it may name someone else (it writes none and does not say `people: none`)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    found = [ref for ref in refs if re.search(rf"(?<![\w-]){re.escape(ref)}(?![\w-])", text)]
    if found or _NO_PEOPLE.search(text.split("\n---", 1)[0] if text.startswith("---") else ""):
        return found
    return None
