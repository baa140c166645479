"""Find every content file, read it, and check it: the site's content index.

The index is built once per build (not once per language build) and is the
only place that knows where content lives; everything else asks it.
"""
from __future__ import annotations

import functools
import os
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timezone, tzinfo
from pathlib import Path, PurePosixPath
from typing import Mapping, Sequence

from . import content_files, file_versions, frontmatter, media_uses, suggest, workers
from . import parse_memo
from .parse_memo import Memo
from .languages import DEFAULT_LANGUAGE, LANGUAGES, localized_path, split_language, url_prefix
from .model import SECTION_FOLDERS, Doc, Kind, MediaRef
from .problems import Problem
from .schema import Vocabulary, parse_doc

#: URL space the hub generates itself; staff files there would collide.
RESERVED_DOCS = ("categories", "stories", "subscribe", "preview", "feed", "pagefind")


@dataclass(frozen=True)
class Source:
    """A Markdown file and what its place in the tree says about it."""

    path: str  # repository-relative
    src_uri: str  # as MkDocs will see it
    key: str  # language-neutral src_uri
    lang: str
    kind: Kind
    url: str


@dataclass
class ContentIndex:
    docs: list[Doc] = field(default_factory=list)
    by_src_uri: dict[str, Doc] = field(default_factory=dict)
    by_key: dict[str, dict[str, Doc]] = field(default_factory=lambda: defaultdict(dict))
    files: content_files.ContentFiles | None = None  # every file in the content folders
    #: media_uses.by_name of each page's text (by the text), remembered with its parse
    body_names: dict[str, media_uses.Names] = field(default_factory=dict)

    def add(self, doc: Doc) -> None:
        self.docs.append(doc)
        self.by_src_uri[doc.src_uri] = doc
        self.by_key[doc.key][doc.lang] = doc

    @functools.cached_property
    def media_paths(self) -> media_uses.MediaPaths:
        """Where each file of the content folders could be served, for finding its uses."""
        return media_uses.MediaPaths.of(self.files.assets if self.files else ())

    def versions(self, key: str) -> dict[str, Doc]:
        return self.by_key.get(key, {})

    def people_of(self, key: str) -> tuple[str, ...]:
        """Everyone any language version names or shows: a translation is the same
        story about the same people, so each version is decided for all of them."""
        refs: set[str] = set()
        for doc in self.versions(key).values():
            refs.update(doc.people)
            for ref in doc.media:
                refs.update(ref.depicts)
        return tuple(sorted(refs))

    def media_of(self, key: str) -> dict[str, MediaRef]:
        """Media any language version declares (src_uri -> declaration): a translation
        may show what its original declares, and is decided for the same people."""
        out: dict[str, MediaRef] = {}
        for lang in sorted(self.versions(key), key=LANGUAGES.index):
            doc = self.versions(key)[lang]
            for ref in doc.media:
                out.setdefault(media_src_uri(doc, ref.file), ref)
        return out


def media_src_uri(doc: Doc, file: str) -> str:
    """Where a page's media file sits, as MkDocs names it (relative to docs/, or stories/...)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(doc.src_uri), file))


#: A story file's part number, `06-` of `stories/<series>/06-firuza.ru.md`, when a name follows it.
_PART_NUMBER = re.compile(r"(stories/[^/]+/)\d+-(?=[^./])")


def public_src_uri(src_uri: str) -> str:
    """The name a page's address is made from: its own, but without a story's part number
    (`stories/s/06-firuza.md` is published at stories/s/firuza/). A number in the address
    would count the parts, and a gap (05 after 03) would tell readers of a part withdrawn or
    not translated (consent.md, "No trace, no inference"). Staff keep the numbers in file
    names, where they order the parts; two parts left with one name are an error (`load`)."""
    m = _PART_NUMBER.match(src_uri)
    if m is None or src_uri.count("/") != 2:
        return src_uri
    rest = src_uri[m.end():]
    return src_uri if rest.split(".", 1)[0] in ("index", "README") else m.group(1) + rest


def content_file(src_uri: str, config):
    """MkDocs' File of a content page or file under docs/ or stories/, at its public address."""
    from mkdocs.structure.files import File  # only builds and previews need MkDocs

    args = (config.docs_dir, config.site_dir, config.use_directory_urls)
    public = public_src_uri(src_uri)
    return File(src_uri, *args, dest_uri=None if public == src_uri else File(public, *args).dest_uri)


def url_for(key: str, lang: str) -> str:
    """Site-relative URL of a language version (directory URLs)."""
    return file_address(public_src_uri(key), lang)


def file_address(key: str, lang: str) -> str:
    """The URL a page would have under its file's own name: a story's with its part number
    (stories/s/06-firuza/). Not published; a link written so still reaches the page (links.py)."""
    folder, _, name = key.rpartition("/")
    if name == "index.md":
        base = f"{folder}/" if folder else ""
    else:
        stem = name[: name.rfind(".")] if "." in name.lstrip(".") else name  # PurePosixPath.with_suffix('')
        base = f"{folder}/{stem}/" if folder else f"{stem}/"
    return url_prefix(lang) + base


def classify(root: Path, path: Path, docs_dir: Path, stories_dir: Path) -> tuple[Source | None, tuple[Problem, ...]]:
    """Decide a file's kind, language and URL from where it sits: a pure function of the
    paths, in string operations, remembered (it runs for every file on every check and
    preview save; a save re-reads 8,000 pages)."""
    return _classify(str(root), str(path), str(docs_dir), str(stories_dir))


@functools.lru_cache(maxsize=1 << 17)
def _classify(root: str, text: str, docs_dir: str, stories_dir: str) -> tuple[Source | None, tuple[Problem, ...]]:
    stories = stories_dir + os.sep
    rel = text[len(root) + 1:].replace(os.sep, "/")  # the scan only yields files under root
    in_stories = text.startswith(stories)
    src_uri = text[len(os.path.dirname(stories_dir) if in_stories else docs_dir) + 1:].replace(os.sep, "/")
    key, lang = split_language(src_uri)
    name = src_uri.rsplit("/", 1)[-1]
    if lang is None or (lang == DEFAULT_LANGUAGE and "." in name[:-3]):
        # any other dot: `.Uk`, `.uk-UA` or `.v2` would make an English page of its own, free of its original's people
        code = name[:-3].rsplit(".", 1)[-1]
        hint = ("English is the file without a suffix" if code == "en" else
                "one of " + ", ".join(f".{c}" for c in LANGUAGES[1:]) + ", in lower case, or no dot in the name")
        fix = suggest.suffix_hint(PurePosixPath(rel).name, code)
        return None, (Problem(rel, "file name", f"{fix}a language suffix {hint} (found .{code})"),)
    parts = tuple(key.split("/"))
    problem = None
    top = parts[0] if len(parts) > 1 else parts[0].removesuffix(".md")
    if not in_stories and top.casefold() in LANGUAGES:
        # docs/uk/news/x.md would take the address of news/x.md's Ukrainian version, free of its people
        return None, (Problem(rel, "location", f"pages of every language side by side, the language written as a suffix "
                                               f"(news/x.uk.md), not in a folder or page named docs/{top}"),)
    if in_stories:
        if len(parts) != 3:
            problem = "a series folder stories/<series>/ holding index.md and NN-slug.md parts"
            kind = Kind.PAGE
        elif parts[2] == "index.md":
            kind = Kind.SERIES
        else:
            kind = Kind.STORY
    elif parts[0] in SECTION_FOLDERS:
        kind = SECTION_FOLDERS[parts[0]]
        if len(parts) != 2:
            problem = f"{kind.value} files directly in docs/{parts[0]}/ (sub-folders are for images)"
        elif parts[1] == "index.md":
            problem = f"no index.md in docs/{parts[0]}/: the {parts[0]} listing is generated"
    elif (parts[0] if len(parts) > 1 else PurePosixPath(parts[0]).stem) in RESERVED_DOCS:
        top = parts[0] if len(parts) > 1 else PurePosixPath(parts[0]).stem
        problem = f"no page at docs/{top}.md or under docs/{top}/: that address is generated by Hromada"
        kind = Kind.PAGE
    elif key == "index.md":
        kind = Kind.HOME
    else:
        kind = Kind.PAGE
    if problem:
        return None, (Problem(rel, "location", problem),)
    return Source(rel, src_uri, key, lang, kind, url_for(key, lang)), ()


def organization_slugs(docs_dir: Path) -> frozenset[str]:
    """Organisation slugs are the file stems in docs/organizations/, in any language."""
    folder = docs_dir / "organizations"
    if not folder.is_dir():
        return frozenset()
    slugs = set()
    for p in folder.glob("*.md"):
        key, _ = split_language(p.name)
        slugs.add(key[:-3])
    return frozenset(slugs)


def load(root: Path, categories: frozenset[str], docs_dir: Path | None = None,
         stories_dir: Path | None = None, zone: tzinfo = timezone.utc,
         site_host: str = "") -> tuple[ContentIndex, list[Problem]]:
    """Read and check every content file under root; return the index and all problems.

    `zone` is the site's time zone: a date without a time means that day there; `site_host` the
    site's own host (an address with it is one of the site's, not another host's)."""
    root = root.resolve()
    docs_dir = (docs_dir or root / "docs").resolve()
    stories_dir = (stories_dir or root / "stories").resolve()
    vocab = Vocabulary(categories=categories, organizations=organization_slugs(docs_dir), zone=zone, site_host=site_host)
    found_files = content_files.scan(root, docs_dir, stories_dir)
    index = ContentIndex(files=found_files)
    problems: list[Problem] = list(found_files.problems)
    #: per page file, in order: its problems so far, and (source, key, text) if it can be parsed
    files: list[tuple[Sequence[Problem], tuple[Source, tuple, str | None] | None]] = []
    at_address: dict[str, dict[str, str]] = {}  # an address (any case) -> its pages' keys -> a file of each
    files_of_key: dict[str, int] = defaultdict(int)  # language versions found, read or not
    for path in found_files.pages:
        source, found = classify(root, path, docs_dir, stories_dir)
        if source is None:
            files.append((found, None))
            continue
        files_of_key[source.key] += 1
        at_address.setdefault(url_for(source.key, DEFAULT_LANGUAGE).casefold(), {}).setdefault(source.key, source.path)
        try:
            text, key = _unchanged(path, source, vocab)
            if text is None and key not in _PARSED.entries:
                text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            files.append(([*found, Problem(source.path, "encoding", frontmatter.not_utf8(path, exc))], None))
            continue
        except OSError as exc:
            files.append(([*found, Problem(source.path, "file", f"a readable file ({exc.strerror or exc})")], None))
            continue
        files.append((found, (source, key, text)))
    # files read for the first time (a new checkout, changed reading code): on two cores
    new = [f for _, f in files if f is not None and f[1] not in _PARSED.entries]
    fresh = dict(zip((f[1] for f in new), workers.map_halves(lambda f: _read(f[0], f[2], vocab), new)))
    for found, file in files:
        problems += found
        if file is None:
            continue
        source, key, text = file
        doc, found, names = _PARSED.get(key, lambda: fresh.pop(key, None) or _read(source, text, vocab))
        problems += found
        if doc is not None:
            index.add(doc)
            index.body_names[doc.body] = names
    _VERSIONS.end_round()
    _PARSED.end_round()
    problems += _check_series(index, stories_dir, root)
    problems += _shared_addresses(at_address)
    problems += _without_original(index, files_of_key)
    problems += _look_alike_names(at_address)
    return index, problems


#: Letters of other alphabets drawn like Latin ones (Unicode's confusables that a Cyrillic or
#: Greek keyboard types), and the signs an editor types for a hyphen: what two names that look
#: the same may differ by.
_LOOK_ALIKE = str.maketrans({"а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
                             "ѕ": "s", "ԁ": "d", "һ": "h", "ӏ": "l", "ο": "o", "_": "-", " ": "-", "‐": "-",
                             "‑": "-", "–": "-", "—": "-"})


def look_alike(key: str) -> str:
    """A page's key as it looks: letters case-folded, look-alikes (_LOOK_ALIKE) as Latin letters."""
    return key.casefold().translate(_LOOK_ALIKE)


def _look_alike_names(at_address: dict[str, dict[str, str]]) -> list[Problem]:
    """Two pages whose names look the same but differ (olena-story.md and оlena-story.uk.md, with
    a Cyrillic о; olena_story.uk.md): the second is a page of its own, decided by its own people
    and not its original's (red-team round 6: the Ukrainian text about a woman who refused
    Ukrainian, published under `people: none`). Names that differ in letter case alone are
    `_shared_addresses`' (one address)."""
    seen: dict[str, dict[str, str]] = {}
    for keys in at_address.values():
        for key, path in keys.items():
            seen.setdefault(look_alike(key), {})[key.casefold()] = path
    problems = []
    for paths in seen.values():
        if len(paths) > 1:
            for path in sorted(paths.values()):
                others = ", ".join(p for p in sorted(paths.values()) if p != path)
                problems.append(Problem(path, "file name", f"a name of its own; it looks like {others} but differs "
                                        "(a letter of another alphabet, or _ or a space for -): name a translation "
                                        "exactly as its original, other pages clearly apart"))
    return problems


def _without_original(index: ContentIndex, files_of_key: Mapping[str, int]) -> list[Problem]:
    """A page's one version says it is a translation, of an original with another name (a Latin
    o typed as a Cyrillic о, - as _, or renamed since), so it is not decided with the original's
    people: it was published as an original of its own, with its own `people: none` (red-team
    round 6: the Ukrainian text about a woman who refused Ukrainian). Several versions that all
    say so are decided together, for everyone any of them names (`publication.originals_of`).
    Checked only when the version was read (one with a mistake of its own is named already)."""
    problems = []
    for key, versions in sorted(index.by_key.items()):
        if files_of_key.get(key, 0) == len(versions) == 1 and all(v.translation_of for v in versions.values()):
            for doc in sorted(versions.values(), key=lambda d: d.path):
                problems.append(Problem(doc.path, "translation_of", "only in a translation, beside its original: a file "
                                        "of the same name with another language suffix or none, without translation_of; "
                                        "there is none (check the file name letter by letter against the original's: "
                                        "a letter of another alphabet, or _ for -), or remove translation_of if this "
                                        "is the original"))
    return problems


def _shared_addresses(at_address: dict[str, dict[str, str]]) -> list[Problem]:
    """Two pages at one address (`dup.md` and `dup/index.md`; `story.md`'s Ukrainian version and
    `story/index.uk.md`; names that differ in letter case only): one would overwrite the other,
    or be published at an address whose people decided nothing about it."""
    problems = []
    for url, keys in sorted(at_address.items()):
        if len(keys) > 1:
            paths = sorted(keys.values())
            for path in paths:
                others = ", ".join(p for p in paths if p != path)
                problems.append(Problem(path, "location", f"a page address of its own; /{url} is also the address of "
                                                          f"{others} (in some language): rename one of them"))
    return problems


#: Parsed files, by (place, digest of the text, vocabulary): see parse_memo.
_PARSED: Memo[tuple[Doc | None, list[Problem], media_uses.Names | None]] = Memo()
#: Digest of each file's text by its path and file-system version (size, inode, modification
#: and change times: any write changes the change time, which no tool can set back), so an
#: unchanged file is not even read, like git's index.
_VERSIONS: Memo[bytes] = Memo()


def _unchanged(path: Path, source: Source, vocab: Vocabulary) -> tuple[str | None, tuple]:
    """(the text if it had to be read, else None; the file's key in _PARSED)."""
    st = os.stat(path)
    read: list[str] = []

    def digest() -> bytes:
        read.append(path.read_text(encoding="utf-8"))
        return parse_memo.digest(read[0])

    version = _VERSIONS.get((str(path), st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns), digest)
    return (read[0] if read else None), (source, version, vocab)


def _read(source: Source, text: str, vocab: Vocabulary) -> tuple[Doc | None, list[Problem], media_uses.Names | None]:
    """read_doc, and the URL-ish tokens of the text by file name (media_uses), remembered with it."""
    doc, problems = read_doc(source, text, vocab)
    return doc, problems, (media_uses.by_name(media_uses.source_tokens(doc.body)) if doc is not None else None)


def remember_on_disk(root: Path) -> None:
    """Keep parsed files, and what was found in pictures and videos, between runs (hromada
    check, builds) in the user's cache folder."""
    parse_memo.on_disk(_PARSED, root, "parse")
    parse_memo.on_disk(_VERSIONS, root, "versions")
    file_versions.on_disk(root)


def remember_in_process_only() -> None:
    """A preview server re-reads the content on every save: writing the cache file each
    time would cost more than it saves; it reads the file once and keeps the rest in memory."""
    _PARSED.write_back = _VERSIONS.write_back = False
    file_versions.in_process_only()


def read_doc(source: Source, text: str, vocab: Vocabulary) -> tuple[Doc | None, list[Problem]]:
    """One page file's text as a Doc, or the problems that stop it (a pure function)."""
    meta, body, found = frontmatter.split(text, source.path)
    if found:
        return None, found
    body, unclosed = frontmatter.strip_comments(body)
    if unclosed is not None:
        return None, [Problem(source.path, "body", f"a closing --> for the HTML comment opened on line {unclosed} of the text")]
    return parse_doc(
        path=source.path, src_uri=source.src_uri, key=source.key, lang=source.lang,
        kind=source.kind, url=source.url, meta=meta, body=body, vocab=vocab,
    )


def _check_series(index: ContentIndex, stories_dir: Path, root: Path) -> list[Problem]:
    """Every story needs its series index, and part numbers must not repeat."""
    problems = []
    seen: dict[tuple[str, str, int], str] = {}
    for doc in index.docs:
        if doc.kind is not Kind.STORY:
            continue
        series = index.versions(doc.series or "")
        folder = (stories_dir / PurePosixPath(doc.series or "").parent.name).relative_to(root).as_posix()
        if not series:
            problems.append(Problem(doc.path, "series", f"an index.md in {folder}/ with the series' title and summary"))
        elif doc.lang not in series:  # the part would stand alone: no series page, in no listing
            own = localized_path(f"{folder}/index.md", doc.lang)
            problems.append(Problem(doc.path, "series", f"the series page in this part's language, {own} (the series "
                                                        f"has {', '.join(sorted(series))} only: the part would be "
                                                        "published alone, in no series and no listing)"))
        slot = (doc.series or "", doc.lang, doc.part or 0)
        if slot in seen:
            problems.append(Problem(doc.path, "part", f"a part number not used by {seen[slot]}", ))
        else:
            seen[slot] = doc.path
    return problems


__all__ = ["ContentIndex", "Source", "load", "url_for", "localized_path"]
