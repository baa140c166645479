"""Links between pages that respect the publication decision.

A link to a page that is not published in the reader's language would leave
a trace: its address is often the person's name, and a dead link tells that
something was removed. `rewrite` hands every address of a rendered page that
can take a reader (or a browser) to another page to a decision function, which
keeps it, points it at a published version of the same page, or takes it away:

- `<a href>` (and SVG's `xlink:href`) becomes plain text: the words stay in a
  `<span class="hx-unlinked">`, the link goes. Link text that is itself the
  address (an autolink, `<https://...>`) goes too: it would print the address;
- `<area href>` is removed: an image-map area is nothing but its link;
- an `<iframe srcdoc>`'s document is rewritten as a page of its own;
- a `style` attribute that names such a page (`url()`, `@import`, `image-set`)
  is removed, and a `<style>` element that does is emptied: a style's addresses
  are loaded, and what one names is read by anyone who reads the page;
- any other address attribute (`<form action>`, `<button formaction>`,
  `<iframe src>`, `<link href>`, `<object data>`, `<meta http-equiv=refresh>`,
  microdata's `itemid` and `<meta itemprop content>` ...) is removed, the
  element kept. Removing the attribute leaves the markup
  around it exactly as written (an element's end tag may be missing or far
  away in raw HTML, and removing a whole `<form>` or `<iframe>` would take the
  author's text in it with it), and an element without its address goes
  nowhere: a form without `action` posts back to the page itself, an iframe
  without `src` is empty, a `<link>` without `href` loads nothing.

Tags are found as a browser's HTML tokenizer finds them (a quoted attribute
value may hold `>`; comments and the text of `<script>`, `<textarea>` ... are
not markup, but are searched too, as text that would print an address), and
addresses are read as a browser reads them (`target_path`): any spelling of
the site's own host, backslashes for slashes, `..` above the root. Everything
not changed is copied byte for byte.
"""
from __future__ import annotations

import functools
import html
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping
from urllib.parse import unquote

from .content import ContentIndex, file_address, url_for
from . import html_tokens as tokens
from .html_tokens import ADDRESS_ATTRS, ALPHA, DOCUMENT_ATTR, TEXT_ELEMENTS, Attr
from .languages import DEFAULT_LANGUAGE, LANGUAGES, split_language
from .model import Doc
from .page_loads import css_urls
from .problems import Problem
from .publication import Publication
from .urls import relative, same_site, srcset_candidates

#: An unpublished page's address part shorter than this (`a`, `01`) is not looked for in queries.
_MIN_SLUG = 5
#: A decision: the href to write, or None for plain text.
Fate = Callable[[str], "str | None"]

# --- finding tags as a browser does (html_tokens.py) -----------------------------------------------------
#: Tags worth reading attribute by attribute: those that may hold an address.
_MAY_HOLD_ADDRESS = re.compile(r"href|src|action|data|cite|poster|background|longdesc|manifest|codebase|icon|ping|refresh|item|style"
                               r"|[/\\]|%2f|%5c|\.md\b")
_LINK_ATTRS = frozenset({"href", "xlink:href"})
_REFRESH = re.compile(r"""[\t\n\f\r ]*[0-9.]*[\t\n\f\r ]*[;,]?[\t\n\f\r ]*(?:[uU][rR][lL][\t\n\f\r ]*=[\t\n\f\r ]*)?(.*)""", re.S)
_UNLINKED = '<span class="hx-unlinked">'


def _refresh_url(content: str) -> str:
    url = _REFRESH.match(content).group(1).strip()
    if url[:1] in ("'", '"'):
        url = url[1:].split(url[0], 1)[0]
    return url


def _gap(s: str, span: tuple[int, int]) -> str:
    """What stands in for a removed attribute: nothing, or a space when the next one would
    otherwise join the tag's name or the value before it."""
    return "" if span[1] >= len(s) or s[span[1]] in "\t\n\f\r />" else " "


def _is_address(text: str) -> bool:
    """Words that are written like an address (an autolink's text), not a sentence."""
    return bool(text) and not any(ch.isspace() for ch in text) and any(ch in text for ch in "/\\.")


def _settle(s: str, name: str, attrs: list[Attr], fate: Fate,
            kept: Callable[[str], None] | None = None) -> list[tuple[tuple[int, int], str]] | None:
    """Edits (span, replacement) to one tag's attributes, or None when the element loses its link.
    `kept` is told the href of a link (`<a>`, `<area>`) that stays."""
    edits: list[tuple[tuple[int, int], str]] = []
    refresh = name == "meta" and any(a.name == "http-equiv" and (a.value or "").strip().lower() == "refresh" for a in attrs)
    microdata = name == "meta" and any(a.name == "itemprop" for a in attrs)  # <meta itemprop=url content=...>
    for a in attrs:
        if a.name == DOCUMENT_ATTR and a.value and "<" in a.value:  # <iframe srcdoc>: a page of its own
            new = _scan(a.value, fate)
            if new != a.value:
                edits.append((a.value_span, f'"{html.escape(new)}"'))
            continue
        if a.name == "style" and a.value:
            if _names_unpublished(a.value, fate):
                edits.append((a.span, _gap(s, a.span)))
            continue
        if a.value is not None and a.name in _CANDIDATE_LISTS:  # srcset: "url 1x, url 2x"
            if any(fate(url) is None for url in _candidates(a.value)):
                edits.append((a.span, _gap(s, a.span)))
            continue
        if a.value is not None and not (a.name in ADDRESS_ATTRS or a.name == "ping" or (refresh or microdata) and a.name == "content"):
            # any other attribute (data-*, title, a <meta> content) that spells an unpublished
            # page's address loses it: written anew it would be wrong, left it prints the address
            if _MAY_BE_ADDRESS.search(a.value) and fate(a.value.strip()) is None:
                edits.append((a.span, _gap(s, a.span)))
            continue
        if a.value is None:
            continue
        if a.name == "ping" or (refresh and a.name == "content"):  # several addresses, or an address in text
            urls = a.value.split() if a.name == "ping" else [_refresh_url(a.value)]
            if any(fate(url) is None for url in urls if url):
                edits.append((a.span, _gap(s, a.span)))
            continue
        new = fate(a.value)
        if new is None:
            if name in ("a", "area") and a.name in _LINK_ATTRS:
                return None
            edits.append((a.span, _gap(s, a.span)))
            continue
        if kept is not None and name in ("a", "area") and a.name in _LINK_ATTRS:
            kept(new)
        if new != a.value:
            edits.append((a.value_span, f'"{html.escape(new)}"'))
    return edits


#: Attributes holding a list of image candidates, each an address and a size.
_CANDIDATE_LISTS = frozenset({"srcset", "imagesrcset"})
#: What an attribute's text needs to be an address at all: a slash (or one encoded), a Markdown file.
_MAY_BE_ADDRESS = re.compile(r"[/\\]|%2f|%5c|\.md\b", re.I)


def _candidates(value: str) -> list[str]:
    """The addresses of a srcset-like list (`a.jpg 1x, b.jpg 2x`), as a browser splits it: an
    address may hold a comma (`../a,b/ 1x`, a page `a,b.md`), which splitting at every comma
    cut into two, neither of them its address."""
    return [url for url, _ in srcset_candidates(value)]


def _names_unpublished(css: str, fate: Fate) -> bool:
    """Whether a style names an address that `fate` takes away."""
    return any(fate(url) is None for url in css_urls(css) if url.strip())


#: An address written as words in a plain field (`https://host/x/`, `//host/x/`, `www.host/x/`,
#: `host.tld/x/`): readers' feed apps and messengers make such words links.
_TEXT_ADDRESS = re.compile(r"(?<![\w\"'=/.@-])(?:(?:https?:)?//[^\s<>\"']+|(?:[\w-]+\.)+[a-z]{2,}[./]*/[^\s<>\"']*)", re.I)
#: What ends a sentence after an address, and is not part of it.
_TRAILING = ".,;:!?)]}»”’"


def _text_address(word: str) -> str:
    """An address written as words, as a browser would be given it (`host/x/` -> `//host/x/`)."""
    word = word.rstrip(_TRAILING)
    return word if "//" in word[:8] else "//" + word


@functools.lru_cache(maxsize=8)
def _words_pattern(site_host: str) -> re.Pattern[str]:
    """An address in a page's words that can name one of our pages: one with `//` (ours in any
    spelling, or another site's holding ours), or our host written bare (`host/x/`, `www.host/x/`)."""
    bare = rf"|(?:www\.)?{re.escape(site_host)}\.?(?::\d+)?/[^\s<>\"']*" if site_host else ""
    return re.compile(rf"(?<![\w\"'=/.@-])(?:(?:https?:)?//[^\s<>\"']+{bare})", re.I)


def _unless_unpublished(words: str, fate: Fate) -> str:
    """An address found in a page's words, without the address if it names an unpublished page
    (what ends the sentence after it stays)."""
    address = words.rstrip(_TRAILING)
    return words[len(address):] if fate(_text_address(address)) is None else words


def _scan(s: str, fate: Fate, kept: Callable[[str], None] | None = None, site_host: str = "") -> str:
    out: list[str] = []
    done = 0  # s[:done] is in `out`
    anchor: tuple[int, int] | None = None  # an <a> made plain text and still open: (its place in out, where its text starts)
    # where `//` or our host stand: an address written as words holds one (found in C, once)
    marks: list[int] = []
    lowered = s.lower() if site_host else ""
    for text, needle in ((s, "//"), (lowered, site_host), (s, "&#"), (lowered, "&sol")):
        at = text.find(needle) if needle else -1
        while at >= 0:
            marks.append(at)
            at = text.find(needle, at + len(needle))
    marks.sort()
    mark = 0  # marks[:mark] lie behind the scan

    def put(start: int, end: int, text: str) -> None:
        nonlocal done
        out.append(s[done:start])
        out.append(text)
        done = end

    def inner(start: int, end: int) -> None:
        """Text that is not markup (a comment, a script's text): searched as markup too."""
        text = s[start:end]
        new = _scan(text, fate) if "<" in text else text
        if new != text:
            put(start, end, new)

    def close(at: int, end: int) -> None:
        """End the open plain-text anchor at s[at:end] (its end tag, or nothing)."""
        nonlocal anchor, done
        place, text_start = anchor
        anchor = None
        text = html.unescape(s[text_start:at]).strip() if "<" not in s[text_start:at] else ""
        if _is_address(text) and (fate(text) is None or fate("//" + text) is None):  # "host/path" too
            del out[place:]  # its words are an unpublished page's address: they go with the link
            done = end
            return
        put(at, end, "</span>")

    def between(start: int, end: int) -> None:
        """Words between tags: an address in them that names an unpublished page goes, as its
        link would (red-team round 4: a withdrawn story's address written out in a news page
        reached the listings, feeds and search index as text)."""
        pattern = _words_pattern(site_host)
        segment = s[start:end]
        if "&" in segment and start >= done and (plain := html.unescape(segment)) != segment:
            # written with character references (`host&#x2F;stories/...`): a browser shows the
            # address all the same, so it is read as shown, and the words are written anew
            kept_words = pattern.sub(lambda m: _unless_unpublished(m.group(0), fate), plain)
            if kept_words != plain:
                put(start, end, html.escape(kept_words, quote=False))
            return
        for m in pattern.finditer(s, start, end):
            address = m.group(0).rstrip(_TRAILING)
            if m.start() >= done and fate(_text_address(address)) is None:
                put(m.start(), m.start() + len(address), "")

    i, n = 0, len(s)
    while True:
        j = s.find("<", i)
        while mark < len(marks) and marks[mark] < i:
            mark += 1
        if mark < len(marks) and marks[mark] < (n if j < 0 else j):  # words between tags, near an address
            between(i, n if j < 0 else j)
        if j < 0 or j + 1 >= n:
            break
        c = s[j + 1]
        if c in ALPHA:
            name, end = tokens.tag(s, j + 1)
            if name == "a" and anchor is not None:
                close(j, j)  # a new link ends the one before (HTML never nests links)
            edits = _settle(s, name, tokens.attributes(s, j + 1), fate, kept) \
                if _MAY_HOLD_ADDRESS.search(s[j:end].lower()) else []
            if edits is None:
                if name == "a":
                    put(j, end, "")
                    anchor = (len(out) - 1, end)
                    out[-1] = _UNLINKED
                else:
                    put(j, end, "")
            elif edits:
                tag = s[j:end]
                for (a, b), text in sorted(edits, reverse=True):
                    tag = tag[: a - j] + text + tag[b - j:]
                put(j, end, tag)
            i = end
            if name in TEXT_ELEMENTS and end < n:
                m = tokens.end_tag(name).search(s, end)
                stop = m.start() if m else n
                if name == "style" and _names_unpublished(s[end:stop], fate):
                    put(end, stop, "")
                else:
                    inner(end, stop)
                i = stop
            elif name == "plaintext":
                inner(end, n)
                i = n
        elif c == "/":
            if j + 2 < n and s[j + 2] in ALPHA:
                name, end = tokens.tag(s, j + 2)
                if name == "a" and anchor is not None:
                    close(j, end)
                i = end
            elif s.startswith("</>", j):
                i = j + 3
            else:  # a bogus comment, up to '>'
                end = s.find(">", j + 2)
                end = n if end < 0 else end
                inner(j + 2, end)
                i = end
        elif c in "!?":
            if s.startswith("<!--", j):
                if s.startswith(("<!-->", "<!--->"), j):
                    i = s.find(">", j) + 1
                    continue
                ends = [k for k in (s.find("-->", j + 4), s.find("--!>", j + 4)) if k >= 0]
                end = min(ends) if ends else n
            else:  # <!DOCTYPE, <![CDATA[, <?xml: a bogus comment, up to '>'
                end = s.find(">", j + 2)
                end = n if end < 0 else end
            inner(j + 2, end)
            i = end
        else:
            i = j + 1
    if anchor is not None:
        close(n, n)
    out.append(s[done:])
    return "".join(out)


def rewrite(page_html: str, fate: Fate, kept: Callable[[str], None] | None = None, site_host: str = "") -> str:
    """Apply `fate` to every address in `page_html` (see the module's docstring); unchanged
    markup is copied byte for byte. `kept` is told the href of every link that stays (not
    those in comments or a script's text: no reader follows them). With `site_host`, an
    address written as words that names an unpublished page goes from the text too (`//` ones
    always): pass it for text staff wrote, not for what templates draw from checked fields."""
    return _scan(page_html, fate, kept, site_host) if "<" in page_html else page_html


# --- reading an address as a browser does (https://url.spec.whatwg.org/) -----------------------
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_C0_OR_SPACE = "".join(map(chr, range(0x21)))
#: Suffixes MkDocs reads as Markdown files (mkdocs.utils.markdown_extensions); matched in any case.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


@functools.lru_cache(maxsize=4096)
def locate(href: str, site_host: str = "") -> tuple[str, str, bool] | None:
    """(path, fragment, relative) an href names on our site, read as a browser reads it, or None
    for another site or scheme. `path` is percent-decoded, starts with '/' unless `relative`
    (a reference to resolve against the page); '' for a link to the page itself."""
    s = href.strip(_C0_OR_SPACE).replace("\t", "").replace("\n", "").replace("\r", "")
    s, _, fragment = s.partition("#")
    s = s.partition("?")[0]
    m = _SCHEME.match(s)
    if m:
        if m.group(1).lower() not in ("http", "https"):
            return None
        rest = s[m.end():].replace("\\", "/")
        # "https://host/", "https:/host/", "https:host/": a host, when the page's scheme differs;
        # on a page of the same scheme "https:x" and "https:/x" are relative: both readings count
        authority, _, path = rest.lstrip("/").partition("/")
        if same_site(authority, site_host):
            return unquote("/" + path), fragment, False
        if rest.startswith("//"):
            return None
        s = rest
    else:
        s = s.replace("\\", "/")  # http(s) pages: a backslash is a slash
        if s.startswith("//"):
            authority, _, path = s[2:].partition("/")
            return (unquote("/" + path), fragment, False) if same_site(authority, site_host) else None
    path = unquote(s)
    return path, fragment, not path.startswith("/")


#: An address after any `//` in a text (a lookahead: one address may hold the next), up to what
#: ends it inside another address (a query's `&`).
_INNER_ADDRESS = re.compile(r"""(?=//([^/\\?#\s&"'<>]+)([/\\][^?#\s&"'<>]*)?)""")


def embedded_addresses(href: str, site_host: str) -> list[str]:
    """Our site's addresses written inside another address, as `https://<host>/<path>`: an
    archive's copy (web.archive.org/web/2024/https://<host>/news/x/), a share or translation
    link (?url=https%3A%2F%2F<host>%2F...), a mail's text (mailto:?body=...). The address is
    read as written, then percent-decoded up to three times (%2F, %252F ...), and `//<host>`
    in any spelling of the host (urls.same_site) counts."""
    if not site_host:
        return []
    text, found = href, []
    for _ in range(4):
        if "//" in text:
            for m in _INNER_ADDRESS.finditer(text):
                if same_site(m.group(1), site_host):
                    found.append(f"https://{site_host}" + (m.group(2) or "/").replace("\\", "/"))
        decoded = unquote(text)
        if decoded == text:
            break
        text = decoded
    return list(dict.fromkeys(found))


def _resolve(path: str, base: str) -> str:
    """`path` on a page in folder `base` as a site path without leading slash, where a browser
    goes: '..' takes away the segment before it, an empty one too (`gone//..` is `gone/`: a
    red-team probe found `../olenagone//../` read as `news/`, and the link to a draft kept),
    and stops at the root; '.' goes. Empty segments then go, as a server reads the path, and
    a backslash (`%5c` decoded) is a slash, as some servers read it. A trailing slash is kept."""
    full = (path if path.startswith("/") else f"{base}/{path}").replace("\\", "/")
    parts = full.split("/")
    kept: list[str] = []
    for part in parts:
        if part == "..":
            if kept:
                kept.pop()
        elif part != ".":
            kept.append(part)
    resolved = "/".join(part for part in kept if part)
    return resolved + "/" if resolved and (full.endswith("/") or parts[-1] in (".", "..")) else resolved


def target_path(href: str, base: str, site_host: str = "") -> tuple[str, str] | None:
    """(site path without leading slash, '#fragment' or '') an internal href points at, or None."""
    found = locate(href, site_host)
    if found is None or not found[0]:
        return None
    path, fragment, _ = found
    return _resolve(path, base), ("#" + fragment if fragment else "")


def markdown_suffix(path: str) -> str:
    """The Markdown suffix `path` ends with, in any case ('.MD'), or ''."""
    lower = path.lower()
    return next((path[-len(x):] for x in MARKDOWN_SUFFIXES if lower.endswith(x)), "")


@dataclass
class LinkPolicy:
    """Where a link between our pages may point, decided by the publication decision.

    `unlinked` collects, for the staff report, the pages whose links were made
    plain text (page path -> target file paths); never for a public log."""

    index: ContentIndex
    publication: Publication
    site_host: str = ""
    preview: bool = False  # previews show unpublished pages, so links to them stay
    unlinked: dict[str, set[str]] = field(default_factory=dict)
    #: Links that stay and name no page of ours, for `dead_links`: page path -> {href: Kept}.
    kept_elsewhere: dict[str, dict[str, "Kept"]] = field(default_factory=dict)
    #: Every page address the build draws in any language (published pages, listings, feed
    #: pages), set by the build once it knows them (`drawn_addresses`); None: not known (no
    #: link is judged to lead nowhere before the site is written).
    drawn: frozenset[str] | None = None
    #: The folder of site_url the site is served from (`hromada/`), which every address from the root starts with.
    site_path: str = ""

    def __post_init__(self) -> None:
        # every version, published or not, and the address each page would have in every language:
        # a translation's raw-HTML link to uk/news/x/ when x has no Ukrainian version is ours too
        self._keys_by_url = {file_address(key, lang): key for key in self.index.by_key for lang in LANGUAGES}
        self._keys_by_url.update({url_for(key, lang): key for key in self.index.by_key for lang in LANGUAGES})
        self._keys_by_url.update({doc.url: doc.key for doc in self.index.docs})
        # addresses in another case (/Stories/X/, x.MD) name the same page on many servers, and spell it out anyway
        self._keys_by_folded_url = {url.casefold(): key for url, key in sorted(self._keys_by_url.items(), reverse=True)}
        self._keys_by_folded_key = {key.casefold(): key for key in sorted(self.index.by_key, reverse=True)}
        # the last part of the address of each page published in no language, and its file's name
        # (a story's `04-her-name.md` is published at her-name/): written in a link's query or
        # fragment (?p=her-name, #04-her-name) it still spells that page's address
        self._unpublished_by_slug: dict[str, str] = {}
        for key, versions in sorted(self.index.by_key.items()):
            if not self.publication.alternates(next(iter(versions.values()))):
                names = {url_for(key, lang).rstrip("/").rsplit("/", 1)[-1].removesuffix(".html") for lang in LANGUAGES}
                for slug in sorted(name.casefold() for name in names | {posixpath.basename(key).removesuffix(".md")}):
                    if len(slug) >= _MIN_SLUG and slug != "index":
                        self._unpublished_by_slug.setdefault(slug, key)
        self._unpublished_slug = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(slug) for slug in sorted(
            self._unpublished_by_slug, key=lambda s: (-len(s), s))) + r")(?!\w)") if self._unpublished_by_slug else None

    def fate(self, doc: Doc, href: str, inner: bool = False) -> str | None:
        """The href a link on `doc` gets: as written, a published version of its
        target page (the reader's language, else English, else any), or None. Another
        site's address that holds one of ours (`embedded_addresses`) is kept only when that
        address may stay as written (`_held_address_kept`): it cannot be written anew there."""
        if not self.preview and (key := self._slug_in_query(href)) is not None:
            self.unlinked.setdefault(doc.path, set()).add(min(v.path for v in self.index.versions(key).values()))
            return None  # its query or fragment spells an unpublished page's address
        target = self.target(doc, href)
        if target is None and not self.preview:
            key = self.loose(doc, href)
            if key is None or self.publication.alternates(next(iter(self.index.versions(key).values()))):
                key = self._slug_at_end(href) or key  # `loose` may name the page it sits on: published
            if key is not None and not self.publication.alternates(next(iter(self.index.versions(key).values()))):
                self.unlinked.setdefault(doc.path, set()).add(min(v.path for v in self.index.versions(key).values()))
                return None  # it leads nowhere, but its words name a page that is not published
            if key is None and not inner and not all(self._held_address_kept(doc, url)
                                                     for url in embedded_addresses(href, self.site_host)):
                return None  # an archive's copy, a share link or a mail naming a page that is not published
        if target is None and not self.preview and self._leads_nowhere(doc, href):
            return None  # a page address the site does not have: a deleted page's, often a person's name
        if target is None or self.preview:
            return href
        key, path, fragment = target
        versions = self.publication.alternates(next(iter(self.index.versions(key).values())))
        chosen = versions.get(doc.lang) or versions.get(DEFAULT_LANGUAGE) or next(iter(versions.values()), None)
        if chosen is None:
            self.unlinked.setdefault(doc.path, set()).add(min(v.path for v in self.index.versions(key).values()))
            return None
        if path == chosen.url:
            return href
        return relative(doc.url, chosen.url) + fragment

    def note_kept(self, doc: Doc, href: str) -> None:
        """A link on `doc` that stays as `href`: remembered when it is an address on this site
        (`/safty/`, `../evnts/`) that no page of ours is, for `dead_links` to look for once the
        site is written (listings, feeds and the index are files no page is). A Markdown file's
        name is `missing_page_problems`' business; the page's own address, or a fragment, is fine."""
        found = locate(href, self.site_host)
        if self.preview or found is None or not found[0] or markdown_suffix(found[0]):
            return
        path, _, is_relative = found
        base = doc.url.rstrip("/") if is_relative else ""
        if _resolve(path, base) not in self._keys_by_url and self.target(doc, href) is None:  # the first: most links
            self.kept_elsewhere.setdefault(doc.path, {})[href] = Kept(_resolve(path, base), is_relative, _written_in(doc, href), doc.url)

    def drawn_addresses(self, addresses: Iterable[str], site_path: str = "") -> None:
        """Tell the policy every page address the build draws (site paths like `uk/news/x/`), and
        the folder of site_url the site is served from (`/hromada/`)."""
        self.drawn = frozenset(addresses)
        self.site_path = site_path.strip("/") + "/" if site_path.strip("/") else ""

    def _leads_nowhere(self, doc: Doc, href: str) -> bool:
        """Whether `href` on `doc` is the address of a page of this site that the build draws in no
        language (`../olena-kovalenko/`, `https://<site>/news/gone/`): a page deleted at its
        person's request (consent-guide section 13), or a typo. Made plain text like a link to a
        page that is not published, and kept for `dead_links` (its warning). An address of a file
        (a picture, a feed: a dot in its last part) is judged once the site is written; so is one
        from the host's root outside the site's folder, and a Markdown file's name (`missing_page_problems`)."""
        found = locate(href, self.site_host) if self.drawn is not None else None
        if found is None or not found[0] or markdown_suffix(found[0]) or not _written_as_address(href, found[2]):
            return False
        path, _, is_relative = found
        resolved = _resolve(path, doc.url.rstrip("/") if is_relative else "")
        if not is_relative and self.site_path:
            if not (resolved + "/").startswith(self.site_path):
                return False
            resolved = resolved[len(self.site_path):]
        page = resolved.removesuffix("/")
        if "." in page.rsplit("/", 1)[-1] or page + "/" in self.drawn or not page:
            return False
        self.kept_elsewhere.setdefault(doc.path, {})[href] = Kept(resolved, is_relative, _written_in(doc, href), doc.url,
                                                                  unlinked=True)
        return True

    def _slug_at_end(self, href: str) -> str | None:
        """The unpublished page whose address's last part a link to our site, that reaches no
        page, ends in (a Markdown file named from the wrong folder: `gone.md`), in any case."""
        if self._unpublished_slug is None or locate(href, self.site_host) is None:  # ours, or relative
            return None
        path = href.partition("#")[0].partition("?")[0]
        last = unquote(path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]).casefold()
        stem = split_language(last[: -len(markdown_suffix(last))] + ".md")[0][:-3] if markdown_suffix(last) else \
            last.removesuffix(".html").removesuffix(".htm")
        return self._unpublished_by_slug.get(stem)

    def _slug_in_query(self, href: str) -> str | None:
        """The unpublished page whose address's last part a link's query or fragment holds,
        read as written and percent-decoded (up to three times), in any case."""
        if self._unpublished_slug is None or ("?" not in href and "#" not in href):
            return None
        text = href.partition("?")[2] + "#" + href.partition("#")[2]
        for _ in range(4):
            found = self._unpublished_slug.search("".join(ch for ch in text if unicodedata.category(ch) != "Cf").casefold())
            if found:
                return self._unpublished_by_slug[found.group(0)]
            decoded = unquote(text)
            if decoded == text:
                return None
            text = decoded
        return None

    def _held_address_kept(self, doc: Doc, url: str) -> bool:
        """Whether our address `url`, held inside another site's, may stay: it is the address
        of a published version, exactly (any language: it is read, not followed from here),
        or it names no page of ours."""
        target = self.target(doc, url)
        if target is None:
            return self.fate(doc, url, inner=True) == url  # a page it names loosely, if any, is published
        key, path, _ = target
        versions = self.index.versions(key)
        if path is not None and any(v.url == path for v in self.publication.alternates(next(iter(versions.values()))).values()):
            return True
        self.unlinked.setdefault(doc.path, set()).add(min(v.path for v in versions.values()))
        return False

    def target(self, doc: Doc, href: str) -> tuple[str, str | None, str] | None:
        """(page key, resolved site path, fragment) when `href` on `doc` points at one of our pages.

        Read as the browser reads it (relative to the page's address), else, for a relative
        link, as its author meant it (relative to the Markdown file, as MkDocs does; its
        warnings about such links name our pages). The path is None when the link, as
        written, does not reach the page: it is then written anew."""
        found = locate(href, self.site_host)
        if found is None or not found[0]:
            return None
        path, fragment, is_relative = found
        fragment = "#" + fragment if fragment else ""
        source_dir = posixpath.dirname(doc.src_uri)
        suffix = markdown_suffix(path)
        if suffix:  # a Markdown link MkDocs could not resolve
            src = _resolve(path[: -len(suffix)] + ".md", source_dir if is_relative else "")
            key = split_language(src)[0]
            if key not in self.index.by_key:
                key = self._keys_by_folded_key.get(split_language(_visible(src).casefold())[0])
            return (key, None, fragment) if key is not None else None
        resolved = _resolve(path, doc.url.rstrip("/"))
        for candidate in (resolved, resolved + "/", resolved.removesuffix("index.html")):
            key = self._keys_by_url.get(candidate)
            if key is not None:
                return key, candidate, fragment
        found_key = self._by_url(resolved)
        if found_key is None and is_relative:
            found_key = self._by_url(_resolve(path, source_dir))
        return (found_key, None, fragment) if found_key is not None else None

    def loose(self, doc: Doc, href: str) -> str | None:
        """The page whose address `href` starts with, as a reader reads it (`news/gone/index.md`,
        `news/gone;/`, `news/gone/%3F`, `news/gone.md/`): a link that reaches no page but still
        names one. Only ever used to take such a link away, never to rewrite one."""
        found = locate(href, self.site_host)
        if found is None or not found[0]:
            return None
        path, _, is_relative = found
        bases = (doc.url.rstrip("/"), posixpath.dirname(doc.src_uri)) if is_relative else ("",)
        for base in bases:
            written = _visible(_resolve(path, base)).casefold()
            for i in range(len(written), 0, -1):
                if i == len(written) or not written[i].isalnum():
                    key = self._keys_by_folded_url.get(written[:i].rstrip("/") + "/")
                    if key is None and written[:i].endswith(MARKDOWN_SUFFIXES):
                        stem = written[:i][: -len(markdown_suffix(written[:i]))]
                        key = self._keys_by_folded_url.get(split_language(stem + ".md")[0][:-3] + "/")
                    if key is not None:
                        return key
        return None

    def _by_url(self, path: str) -> str | None:
        """The page at site path `path` however it is written: any case, with or without
        its final slash, `index.html` or `.html`, with invisible characters in it."""
        for written in dict.fromkeys((path, _visible(path))):
            stem = written.removesuffix("/")
            for candidate in (stem + "/", stem, written.removesuffix("index.html"), stem.removesuffix(".html") + "/",
                              stem.removesuffix(".htm") + "/"):
                key = self._keys_by_url.get(candidate)
                if key is None:
                    key = self._keys_by_folded_url.get(candidate.casefold())
                if key is not None:
                    return key
        return None


def _written_as_address(href: str, relative: bool) -> bool:
    """Whether `href` is written as an address, not as words that hold a slash (a `<source
    type="image/webp">`, a title "24/7/"): from the root, on our host, or relative with `./`,
    `../` or a closing slash, and no space in it. Only such a one is judged to lead nowhere."""
    written = href.strip().replace("\\", "/")
    if any(ch.isspace() for ch in written):
        return False
    return not relative or written.startswith(("./", "../")) or written.split("#", 1)[0].split("?", 1)[0].endswith("/")


def _written_in(doc: Doc, href: str) -> str:
    """Where on `doc` a link was written, as a problem line's key."""
    return "body" if href in doc.body else "call_to_action" if any(a.href == href for a in doc.actions) else "front matter"


@dataclass(frozen=True)
class Kept:
    """A link that names no page of ours: the site path it reaches, whether it was written
    relative to its page, where it was written (`body`, `call_to_action`), its page's address,
    and whether it was made plain text already (`LinkPolicy._leads_nowhere`) or stays."""

    path: str
    relative: bool
    key: str
    page_url: str
    unlinked: bool = False


def dead_links(kept_elsewhere: Mapping[str, Mapping[str, Kept]], is_file: Callable[[str], bool],
               site_path: str = "", known: Callable[[], Iterable[str]] = tuple, public: bool = False) -> list[str]:
    """Warnings for links to this site that lead nowhere in the written site (`/safty/`): a
    hurried editor's typo left readers a dead end, with no word (a careless-editor review);
    a page address the build draws nowhere was made plain text already (`Kept.unlinked`).
    `kept_elsewhere`: LinkPolicy's; `is_file`: whether the site holds a file (site-relative);
    `site_path`: the folder of site_url the site is served from (`hromada/` for
    https://example.org/hromada/), which every address from the root starts with;
    `known`: the written site's addresses, for a suggestion (asked only when a link is dead);
    `public`: for a build's log, often public, which never prints such an address: it may be
    a page deleted at its person's request (red-team round 7); the build report names it."""
    from . import suggest
    from .frontmatter import shown

    prefix = site_path.strip("/") + "/" if site_path.strip("/") else ""
    out: list[str] = []
    addresses: list[str] | None = None
    for page in sorted(kept_elsewhere):
        for href, kept in sorted(kept_elsewhere[page].items()):
            path = kept.path
            if prefix and not kept.relative:  # written from the root of the host: through the site's folder
                path = path[len(prefix):] if (path + "/").startswith(prefix) else "\0"  # "\0": no file of ours
            files = ([path] if not path.endswith("/") and path else []) + [posixpath.join(path, "index.html")]
            if not kept.unlinked and any(is_file(f) for f in files):
                continue
            if addresses is None:
                addresses = sorted(k.rstrip("/") for k in known())
            meant = suggest.nearest(path.rstrip("/"), [a for a in addresses if a != kept.page_url.rstrip("/")])
            hint = f"did you mean /{prefix}{meant}/? " if meant else ""
            fate = "it is published as plain text" if kept.unlinked else "readers would get a dead end"
            found = (f"{_OWN_ADDRESS_FOUND}; it leads nowhere: {fate}; the build report names it" if public
                     else f"found {shown(href, 100)}, which leads nowhere: {fate}")
            out.append(f"{page}: {kept.key}: {hint}a link to an address of this site that it has ({found})")
    return out


def _visible(path: str) -> str:
    """`path` without what a reader does not see in it (spaces, controls, zero-width and other
    format characters, a no-break space): `gone%09/` and `go%E2%80%8Bne/` name the page `gone/` to whoever reads
    the address, though no server serves them."""
    return "".join(ch for ch in path if ch > " " and ch != "\x7f" and not ch.isspace() and unicodedata.category(ch) != "Cf")


#: What a refusal of one of this site's addresses says it found: never the address itself, which
#: may be a page that is not published (consent.md section 8: no build log prints one; red-team round 5).
_OWN_ADDRESS_FOUND = "found one of this site's addresses, not repeated here: it may be a page that is not published"


def own_address_problems(settings: Any, docs: Iterable[Doc], source: str = "mkdocs.yml") -> list[Problem]:
    """Addresses that are drawn where no page's publication decision settles them (every
    header and footer, calendar files, and a page's plain-text fields: its title and summary
    in listings, feeds and share cards): one of this site's own pages there could be an
    unpublished one, so it is refused and staff are told what to write instead."""
    host = settings.site_host
    docs = list(docs)
    problems = []
    named = []
    if settings.action is not None and settings.action.url:
        named.append((source, "extra.hromada.action.url", settings.action.url,
                      "an address on another site; for a page of this site write page: and its English file, "
                      "like campaigns/release-hostages.md"))
    if settings.footer.contact:
        named.append((source, "extra.hromada.footer.contact", settings.footer.contact,
                      "a mail address or an address on another site; link this site's pages with footer: pages:"))
    for doc in docs:
        online = doc.event.location.online if doc.event and doc.event.location else None
        if online:
            named.append((doc.path, "location.online", online,
                          "a meeting or stream address on another site (calendar apps open it as it is); "
                          "link a page of this site from the page's text"))
    for where, key, url, expected in named:
        if locate(url, host) is not None and not url.lower().startswith("mailto:"):
            problems.append(Problem(where, key, f"{expected} ({_OWN_ADDRESS_FOUND})"))
    for doc in docs:
        for key, words in _plain_fields(doc):
            if "&" in words:  # `host&#x2F;x/`: feed apps show a summary's references as what they stand for
                words = html.unescape(words)
            if "/" not in words:  # no address at all (most fields: found in C before any pattern runs)
                continue
            for m in _TEXT_ADDRESS.finditer(words):
                found = locate(_text_address(m.group(0)), host)
                if found is not None and not found[2]:
                    problems.append(Problem(doc.path, key, "words without an address of this site: this text is shown "
                                            "in listings, feeds and share cards, where no address can be taken away "
                                            f"when its page is withdrawn; link the page from the page's text ({_OWN_ADDRESS_FOUND})"))
                    break
    return problems


def _plain_fields(doc: Doc) -> Iterable[tuple[str, str]]:
    """(key, text) of every plain-text field of a page that is printed outside its own text."""
    yield "title", doc.title
    yield "summary", doc.summary
    for i, tag in enumerate(doc.tags):
        yield f"tags[{i}]", tag
    if doc.cadence:
        yield "cadence", doc.cadence
    for i, action in enumerate(doc.actions):
        yield f"call_to_action[{i}].label", action.label
    location = doc.event.location if doc.event else None
    for key in ("name", "city", "country"):
        if location is not None and getattr(location, key):
            yield f"location.{key}", getattr(location, key)


#: A link to a page file, as Markdown (`[x](../about.md#a)`, `[x]: about.md`) or raw HTML writes it.
_PAGE_LINK = re.compile(r"\]\(\s*<?([^)\s>]+?\.md(?:#[^)\s>]*)?)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)"
                        r"|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?(\S+?\.md(?:#\S*)?)>?"
                        r"|\bhref\s*=\s*[\"']([^\"']+?\.md(?:#[^\"']*)?)[\"']", re.I | re.M)


def missing_page_problems(docs: Iterable[Doc], keys: Iterable[str], site_host: str,
                          names: Mapping[str, Any] | None = None) -> list[Problem]:
    """Links in a page's text to a page file that no language has: `../abuot.md` was published as
    a link that leads nowhere, with at most a MkDocs warning (a careless-editor review). A page
    that exists but is not published is another matter: the build makes its links plain text."""
    from . import suggest
    from .schema import without_code

    keys = list(keys)
    docs = list(docs)
    known = {key.casefold() for key in keys}  # a link in another case is written anew by the build (`fate`)
    by_folder: dict[str, list[str]] = {}
    for key in suggest.nameable_pages(docs) & set(keys):  # never a person page's name in a log line
        by_folder.setdefault(posixpath.dirname(key), []).append(posixpath.basename(key))
    problems = []
    for doc in docs:
        found_names = (names or {}).get(doc.body)
        if found_names is not None and not any(".md" in name.lower() for name in found_names[0]):
            continue  # its file-like words (media_uses, known from reading it) name no page file
        if found_names is None and ".md" not in doc.body.lower():
            continue
        text = without_code(doc.body)
        for m in _PAGE_LINK.finditer(text):
            href = next(g for g in m.groups() if g)
            found = locate(href, site_host)
            if found is None or not found[2]:  # another site, or an address from the site's root (left as written)
                continue
            path = posixpath.normpath(posixpath.join(posixpath.dirname(doc.src_uri), found[0]))
            key = split_language(path)[0]
            if key.casefold() in known or path.startswith(".."):
                continue
            meant = suggest.nearest(posixpath.basename(key), by_folder.get(posixpath.dirname(key), []))
            written = href.split("#", 1)[0]
            hint = (f"did you mean {posixpath.relpath(posixpath.join(posixpath.dirname(key), meant), posixpath.dirname(doc.src_uri) or '.')}? "
                    if meant else "")
            problems.append(Problem(doc.path, "body", f"{hint}a link to a page of the site (found {written}, which no "
                                                      "page file is, in any language: it would lead nowhere)",
                                    public_expected=f"{hint}a link to a page of the site ({_OWN_ADDRESS_FOUND}; no page "
                                                    "file is there, in any language: it would lead nowhere)"))
    return problems
