"""Which of the site's media files a text or a rendered page uses, however it is written.

"Every use is a declaration" (consent.md, section 8): a picture may appear on
a page only if that page declares it, with who it shows. A Markdown image is
only one way to show a file; raw HTML (`srcset`, `poster`, `<object data>`),
CSS (`url()`), a plain link, an entity- or percent-encoded path are others.
Rather than list every construct that can carry a URL, this module reads
every token of the text that could be a path, and every address of its markup
whole (`_tokens`), and resolves each the way a browser does (`resolve`, with
urls.browser_href, the WHATWG URL standard: `\\` is `/`, a tab in a name is
dropped, `https:/<host>/x` names the host ...): anything on this site naming
one of its media files is a use, whether or not a file is at that address.
It errs on the side of finding too much: a false alarm is fixed by a
declaration, a miss shows a person where they did not consent. So what a browser
would not read alike, but a server or another reader might, counts too (default
deny): an encoded slash or backslash (`%2f`, `%5c`) parts folders, a path is
decoded more than once, letter case is not told apart, and an address of this
site held in another (`view-source:`, an archive's copy, a share link) is read.
A name of one of the smaller copies the build makes of a picture
(derivatives.py) is a use of that picture: naming a copy never shows what
naming the picture could not.
"""
from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Mapping
from urllib.parse import unquote

from . import derivatives, html_tokens
from .languages import LANGUAGES, split_language, url_prefix
from .page_loads import css_urls
from .urls import browser_href, same_site, srcset_candidates

#: Characters that end a word of a text that could be an address: spaces, quotes, brackets and the
#: punctuation of HTML, CSS and Markdown around one. (Not `\`: a browser reads it as `/` in an address.)
_SEPARATORS = re.compile(r"[\s\"'<>()\[\]{},;=`|]+")
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|([^\n\r\f0-9a-fA-F]))")
#: A tag whose attributes may hold an address the word split above does not see whole: a separator
#: or a break (which browsers drop from an address) inside a value, or a reference that may spell one.
_SPLIT_INSIDE = re.compile(r"[\t\n\r&(){}\[\],;|`\x00-\x08\x0b\x0c\x0e-\x1f]|=\s*(?:\"[^\"]*=|'[^']*=)")
#: A Markdown link's or image's address (`](...)`, `[ref]: ...`), written with references maybe.
_MARKDOWN_ADDRESS = re.compile(r"\]\(\s*<?([^\s<>]+)|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s<>]+)", re.M)
#: What a browser trims from both ends of an address: controls and spaces.
_C0_OR_SPACE = "".join(map(chr, range(0x21)))
#: The host a check given no site host reads this site's addresses on (never a real host).
_NO_HOST = "site.invalid"


@dataclass(frozen=True)
class MediaPaths:
    """Every site path under which an asset could be served -> its src_uri, and their file names.

    static-i18n writes `img/x.jpg` once at the root and `img/x.uk.jpg` as
    `uk/img/x.jpg`; every language prefix is mapped too, so no spelling of
    the path escapes the check. Built once per build. Names and paths are also
    kept in any letter case (`folded`): some servers serve `IMG/X.JPG` for `img/x.jpg`.
    """

    paths: Mapping[str, str]
    names: frozenset[str]  # in lower case (str.casefold)
    folded: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, assets: Iterable[str]) -> "MediaPaths":
        out: dict[str, str] = {}
        for src in assets:
            key, _ = split_language(src)
            for candidate in (src, key, *(url_prefix(l) + src for l in LANGUAGES), *(url_prefix(l) + key for l in LANGUAGES)):
                out.setdefault(candidate, src)
        folded: dict[str, str] = {}
        for path, src in sorted(out.items()):
            folded.setdefault(path.casefold(), src)
        return cls(out, frozenset(p.rsplit("/", 1)[-1].casefold() for p in out), folded)

    def get(self, path: str) -> str | None:
        """The media file (src_uri) a site path names, in any letter case, or of which it names
        a smaller copy the build makes (derivatives.py: naming a copy is naming the picture)."""
        for candidate in (path, derivatives.original_of(path)):
            if candidate:
                src = self.paths.get(candidate) or self.folded.get(candidate.casefold())
                if src is not None:
                    return src
        return None


def _css_unescape(text: str) -> str:
    def one(m: re.Match) -> str:
        return _chr(m.group(1)) if m.group(1) else m.group(2)
    return _CSS_ESCAPE.sub(one, text) if "\\" in text else text


def _tokens(text: str) -> set[str]:
    """The tokens that could name a file: a dot inside them (a file name's extension) or a
    percent escape. A word that only ends a sentence ("captivity.") names no file, and is most
    of what a page's text would otherwise leave here (memory held for every page of a build).

    The text is read with its character references decoded, and once more with CSS escapes
    decoded too (`\\61` is `a` in a style; in an HTML attribute `\\` is a slash); addresses
    that the split at spaces and punctuation would cut are added whole (`_whole_addresses`)."""
    plain = html.unescape(text) if "&" in text else text
    found: set[str] = set()
    for reading in dict.fromkeys((plain, _css_unescape(plain))):
        found.update(_SEPARATORS.split(reading))
    found.update(_whole_addresses(text, plain))
    return {t for t in found if "." in t.rstrip(".") or "%" in t}


def _whole_addresses(text: str, plain: str) -> Iterator[str]:
    """Addresses as a browser reads them out of markup, where a split at spaces and punctuation
    would cut them: an attribute's value (a srcset's candidates, a style's url()s too), a
    style's url()s, a Markdown link's address; a tab or line break in one is dropped, as
    browsers drop it (`hers&#9;mark.jpg` is `hersmark.jpg`), and a value holding `(`, `,`, `=`
    ... (`img/a(1).jpg`, `a,b.jpg 2x`) is taken whole. Only what the split would cut is yielded."""
    candidates: list[str] = []
    if "<" in text:
        for element in html_tokens.elements(text, _SPLIT_INSIDE):
            for name, value in element.attributes:
                if not value:
                    continue
                candidates.append(value)
                if name.endswith("srcset"):
                    candidates += [url for url, _ in srcset_candidates(value)]
                elif name == "style":
                    candidates += css_urls(value)
            if element.name == "style" and element.text:
                candidates += css_urls(element.text)
    if "<" not in text and ("(" in plain or "@" in plain):  # a style sheet's text (a page's styles are its markup's)
        lowered = _css_unescape(plain).lower()
        if "url(" in lowered or "@import" in lowered or "image-set" in lowered:
            candidates += css_urls(text)
    if "](" in text or "]:" in text:
        for m in _MARKDOWN_ADDRESS.finditer(text):
            address = html.unescape(m.group(1) or m.group(2))
            candidates.append(address)
            while address.endswith(")"):  # `](img/a(1).jpg)`: the link's `)` is not the address's
                address = address[:-1]
                candidates.append(address)
    for candidate in candidates:
        address = _without_breaks(candidate.strip(_C0_OR_SPACE))
        if address != candidate or _SEPARATORS.search(address):
            yield address
            yield from _SEPARATORS.split(address)


def _without_breaks(address: str) -> str:
    """`address` without the tabs and line breaks a browser drops from it."""
    if "\t" in address or "\n" in address or "\r" in address:
        return address.replace("\t", "").replace("\n", "").replace("\r", "")
    return address


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
    """Site paths (no leading slash) a URL-ish token points at, from a page in each base folder.

    Read as a browser reads it (urls.browser_href, the WHATWG URL standard): `\\` is `/`, tabs
    and line breaks go, controls and spaces at the ends go, `https:/host/x`, `https:host/x`
    and `https:\\\\host\\x` name a host, `.` and `..` segments (`%2e` too) are resolved; any
    spelling of this site's host counts (urls.same_site), on any port, over http or https
    (a page may be read over either, and `https:x` reads otherwise on each). Then as a server
    may read the path it is sent (`_served`). An address that holds one of this site's
    inside another (an archive's copy, a share link, `view-source:`, another scheme) names
    that one too (links.embedded_addresses): default deny, a use of whatever it may name."""
    return set(_resolve(token, tuple(bases), site_host))


@functools.lru_cache(maxsize=1 << 16)
def _resolve(token: str, bases: tuple[str, ...], site_host: str) -> frozenset[str]:
    host = site_host or _NO_HOST
    found: set[str] = set()
    schemes = ("https", "http") if ":" in token else ("https",)  # the page's scheme matters to `http:x` only
    for base in bases:
        folder = base.strip("/")
        for scheme in schemes:
            found |= _ours(browser_href(token, f"{scheme}://{host}/{folder + '/' if folder else ''}"), host)
    if "//" in token or "%" in token:
        from .links import embedded_addresses  # here: links.py reads the content index, which reads this module

        for address in embedded_addresses(token, host):
            found |= _ours(browser_href(address), host)
    return frozenset(found)


def _ours(href: str | None, host: str) -> set[str]:
    """The site paths a server of this site may serve for `href` (an address as a browser
    writes it), or none when it is another site's or no web address."""
    if href is None or not href.startswith(("https://", "http://", "ws://", "wss://", "ftp://")):
        return set()
    authority, _, rest = href.partition("://")[2].partition("/")
    if not same_site(authority, host):
        return set()
    return _served(rest.partition("#")[0].partition("?")[0])


def _served(path: str) -> set[str]:
    """The site paths a server may serve for `path`, as a browser sends it (percent-encoded):
    decoded once, as servers do, and again (a proxy before it may decode too: up to three
    times); an encoded slash or backslash (`%2f`, `%5c`) and `\\` read as `/` (some servers
    do: default deny), empty and `.` segments dropped, `..` resolved, stopping at the root."""
    out: set[str] = set()
    for _ in range(3):
        decoded = unquote(path)
        kept: list[str] = []
        for segment in _SLASHES.split(decoded):
            if segment == "..":
                if kept:
                    kept.pop()
            elif segment not in ("", "."):
                kept.append(segment)
        out.add("/".join(kept))
        if decoded == path:
            break
        path = decoded
    return out


_SLASHES = re.compile(r"[/\\]")
#: Where a file's name ends in an address: a folder, a query, a fragment (and `&`, in a query that
#: holds another address).
_NAME_ENDS = re.compile(r"[/\\?#]")


def _maybe_derived(name: str) -> bool:
    """Cheap test before derivatives.original_of's pattern (NNNw.ext): most tokens are not file names."""
    return "w." in name


def _names(token: str) -> set[str]:
    """Every file name (in lower case) `token` may end in once read (`resolve`): each part of
    it between slashes, backslashes, `?` and `#` (and `&`), as written and percent-decoded
    again and again: the name `resolve`'s reading ends in is among them."""
    text = _without_breaks(token.strip(_C0_OR_SPACE))
    parts: list[str] = []
    for _ in range(8):
        pieces = _NAME_ENDS.split(text)
        parts += pieces
        parts += [part for piece in pieces if "&" in piece for part in piece.split("&")]
        decoded = unquote(text) if "%" in text else text
        if decoded == text:
            break
        text = decoded
    return {p.casefold() for p in parts if "." in p.rstrip(".")}


#: A text's tokens by the file name they end in, and the names that may be a smaller copy.
Names = tuple[dict[str, tuple[str, ...]], frozenset[str]]


def by_name(tokens: Iterable[str]) -> Names:
    """Tokens grouped by the file names they may end in (`_names`), and the names that may be a
    picture's smaller copy: a page's text is matched against the site's files by a set intersection."""
    return _by_name(frozenset(tokens))


@functools.lru_cache(maxsize=1 << 16)
def _by_name(tokens: frozenset[str]) -> Names:
    grouped: dict[str, list[str]] = {}
    for token in tokens:
        for name in _names(token):
            grouped.setdefault(name, []).append(token)
    return {n: tuple(t) for n, t in grouped.items()}, frozenset(n for n in grouped if _maybe_derived(n))


def uses(text: str, bases: Iterable[str], media: MediaPaths, site_host: str = "",
         names: Names | None = None) -> dict[str, str]:
    """Media files (src_uri -> the token as written) that `text` names.

    `names` may give `by_name` of the text's tokens, remembered with its parse (content.py)."""
    bases = tuple(bases)
    found: dict[str, str] = {}
    grouped, derived = names if names is not None else _by_name(frozenset(_tokens(text)))
    # cheap: most tokens name no file of the site at all
    hits = (grouped.keys() & media.names) | {n for n in derived if derivatives.original_of(n) in media.names}
    for token in sorted({t for n in hits for t in grouped[n]}):
        for path in sorted(resolve(token, bases, site_host)):
            src = media.get(path)
            if src is not None:
                found.setdefault(src, token)
    return found
