"""Which of the site's media files a text or a rendered page uses, however it is written.

"Every use is a declaration" (consent.md, section 8): a picture may appear on
a page only if that page declares it, with who it shows. A Markdown image is
only one way to show a file; raw HTML (`srcset`, `poster`, `<object data>`),
CSS (`url()`), a plain link, an entity- or percent-encoded path are others.
Rather than list every construct that can carry a URL, this module reads
every token of the text that could be a path and resolves it the way a
browser or MkDocs would: anything naming one of the site's media files is a
use. It errs on the side of finding too much: a false alarm is fixed by a
declaration, a miss shows a person where they did not consent. A name of one
of the smaller copies the build makes of a picture (derivatives.py) is a use
of that picture: naming a copy never shows what naming the picture could not.
"""
from __future__ import annotations

import functools
import html
import posixpath
import re
from dataclasses import dataclass
from typing import Iterable, Mapping
from urllib.parse import unquote, urlsplit

from . import derivatives
from .languages import LANGUAGES, split_language, url_prefix
from .urls import same_site

#: Characters that cannot be part of an unencoded path in HTML, CSS or Markdown.
_SEPARATORS = re.compile(r"[\s\"'<>()\[\]{},;=`|\\]+")
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?")


@dataclass(frozen=True)
class MediaPaths:
    """Every site path under which an asset could be served -> its src_uri, and their file names.

    static-i18n writes `img/x.jpg` once at the root and `img/x.uk.jpg` as
    `uk/img/x.jpg`; every language prefix is mapped too, so no spelling of
    the path escapes the check. Built once per build.
    """

    paths: Mapping[str, str]
    names: frozenset[str]

    @classmethod
    def of(cls, assets: Iterable[str]) -> "MediaPaths":
        out: dict[str, str] = {}
        for src in assets:
            key, _ = split_language(src)
            for candidate in (src, key, *(url_prefix(l) + src for l in LANGUAGES), *(url_prefix(l) + key for l in LANGUAGES)):
                out.setdefault(candidate, src)
        return cls(out, frozenset(p.rsplit("/", 1)[-1] for p in out))


def _tokens(text: str) -> set[str]:
    """The tokens that could name a file: a dot inside them (a file name's extension) or a
    percent escape. A word that only ends a sentence ("captivity.") names no file, and is most
    of what a page's text would otherwise leave here (memory held for every page of a build)."""
    text = _CSS_ESCAPE.sub(lambda m: _chr(m.group(1)), html.unescape(text))
    return {t for t in _SEPARATORS.split(text) if "." in t.rstrip(".") or "%" in t}


@functools.lru_cache(maxsize=1 << 16)
def source_tokens(text: str) -> frozenset[str]:
    """`_tokens` of a page's Markdown, remembered: a preview re-checks every page on
    each save, and a page's text is the same object while its file is unchanged."""
    return frozenset(_tokens(text))


def _chr(hexdigits: str) -> str:
    try:
        return chr(int(hexdigits, 16))
    except (ValueError, OverflowError):
        return ""


def resolve(token: str, bases: Iterable[str], site_host: str = "") -> set[str]:
    """Site paths (no leading slash) a URL-ish token points at, from each base folder."""
    try:
        parts = urlsplit(token)
    except ValueError:
        return set()
    if parts.scheme and parts.scheme not in ("http", "https"):
        return set()
    if parts.netloc and not same_site(parts.netloc, site_host):  # any spelling of our host
        return set()
    path = unquote(parts.path)
    if not path:
        return set()
    if path.startswith("/") or parts.netloc:
        found = {posixpath.normpath(path.lstrip("/"))}
    else:
        found = {posixpath.normpath(posixpath.join(base, path)) for base in bases}
    return {p for p in found if not p.startswith("..")}


def _maybe_derived(name: str) -> bool:
    """Cheap test before derivatives.original_of's pattern (NNNw.ext): most tokens are not file names."""
    return "w." in name or "W." in name


def _name(token: str) -> str:
    return unquote(token.split("#", 1)[0].split("?", 1)[0]).rsplit("/", 1)[-1]


#: A text's tokens by the file name they end in, and the names that may be a smaller copy.
Names = tuple[dict[str, tuple[str, ...]], frozenset[str]]


def by_name(tokens: Iterable[str]) -> Names:
    """Tokens grouped by the file name they end in, and the names that may be a picture's
    smaller copy: a page's text is matched against the site's files by a set intersection."""
    return _by_name(frozenset(tokens))


@functools.lru_cache(maxsize=1 << 16)
def _by_name(tokens: frozenset[str]) -> Names:
    grouped: dict[str, list[str]] = {}
    for token in tokens:
        grouped.setdefault(_name(token), []).append(token)
    return {n: tuple(t) for n, t in grouped.items()}, frozenset(n for n in grouped if _maybe_derived(n))


def uses(text: str, bases: Iterable[str], media: MediaPaths, site_host: str = "",
         names: Names | None = None) -> dict[str, str]:
    """Media files (src_uri -> the token as written) that `text` names.

    `names` may give `by_name` of the text's tokens, remembered with its parse (content.py)."""
    bases = tuple(bases)
    found: dict[str, str] = {}
    grouped, derived = names if names is not None else _by_name(frozenset(_tokens(text)))
    # cheap: most tokens name no file of the site at all
    names = (grouped.keys() & media.names) | {n for n in derived if derivatives.original_of(n) in media.names}
    for token in sorted(t for n in names for t in grouped[n]):
        for path in resolve(token, bases, site_host):
            # a smaller copy the build makes of a picture (img/a.360w.jpg.webp) is a use of the picture
            src = media.paths.get(path) or media.paths.get(derivatives.original_of(path) or "")
            if src is not None:
                found.setdefault(src, token)
    return found
