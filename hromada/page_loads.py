"""What a page's own text makes a reader's browser show or fetch that no `media` entry covers.

The media gate publishes a picture only as a file beside its page, declared with
who it shows, re-encoded without EXIF, XMP, IPTC or GPS (consent.md, sections 4
and 8). Two ways round it need no file at all, so they are refused on the page
as it is rendered (whatever wrote them: Markdown, raw HTML, CSS, attr_list):

- **an embedded file**, a `data:` address: the picture's bytes sit in the page
  itself, with their camera and GPS data, never re-encoded. It is what a hurried
  hand pastes most: Google Docs' "Download as Markdown" writes every picture so;
- **another host's file** loaded without a click (`src`, `srcset`, `poster`, an
  `<object>`'s data, CSS `url()` and `@import`, an SVG `<image>`): a picture that
  is not ours to clean, and a request that tells that host who reads what;
- **a script** (a `<script>`, an `onclick=`-like attribute, a `javascript:`
  address): nothing can clean what a script does when it runs. It can fetch from
  any host, take a reader to an unpublished page, or put together a name that no
  check of the page's text sees; and the site must work without JavaScript.
  Scripts belong to the design (`overrides/`), which staff review as code;
- **an element that moves the page elsewhere** (`<base href>`, which moves every
  address of the page, the design's scripts too; `<meta http-equiv=refresh>`;
  an SVG `<set>`/`<animate>` that writes a link's address): what a link leads to
  must be what the page writes as a link, where the link checks read it;
- **what can hide or cover the quick exit** (a `<style>` element, in SVG too,
  reaches the whole page; a `popover` is drawn above every layer). Anything
  else a page's HTML does to the layout stays inside its column (hromada.css);
- **an attribute that steers the search index** (`data-pagefind-body`, `-meta`,
  `-filter` ...): what the index takes of a page, and shows with it (a title, a
  picture's name), is set by the design from the page's publication decision;
- **what can change which letters a reader sees, or their order** (consent.md,
  section 8: the deny-list sees what a reader sees, and it and reviewers read
  the text as written): an inline style may set only what cannot hide a letter,
  shrink, cover or colour it out of sight, move it, add letters or reorder
  them (`STYLE_ALLOWED`: weight, slant, family, underlines, alignment, case,
  wrapping, list markers by keyword, widths); no `color`/`bgcolor` attribute
  and no `dir` but `ltr`; no `<bdi>`/`<bdo>`, inline SVG or MathML (they place
  letters where they like), no form fields or dialogs (a field shows a value,
  a list one option of many, a dialog nothing until opened; a form also sends
  what readers type to another site), no `<noscript>` (pages work without
  JavaScript: its text is shown to some readers only), no `<title>`,
  `<noembed>` or `<noframes>` (never drawn in a page's body), and no `<xmp>` or
  `<plaintext>` (what follows them is read as plain text, markup that keeps
  words out of search included).

Addresses are read as a browser reads them: character references and CSS
escapes decoded, tabs and line breaks inside an address dropped, any case.
A link a reader clicks (`<a href>`) to another site is fine and not checked.
"""
from __future__ import annotations

import html
import re
from typing import Iterable, Iterator

from . import html_tokens
from .model import Doc
from .problems import Problem
from .urls import host_name, same_site

#: Attributes whose address any element loads at once.
_LOADS = frozenset({"src", "srcset", "imagesrcset", "poster", "data", "background", "lowsrc", "dynsrc", "codebase"})
#: Elements whose `href` is loaded, not followed (an SVG picture, a style sheet, a script).
_HREF_LOADS = frozenset({"link", "image", "use", "feimage", "script", "tref"})
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(.))", re.S)
#: Dropped from an address by browsers (tabs, line breaks) or by nothing that reads one (other controls).
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
#: A data: address with a media type, base64 or straight to its data (`data:,`).
_DATA = re.compile(r"data:(?:[a-z][a-z0-9!#$&^_.+-]*/|;|,)", re.I)
_CSS_URL = re.compile(r"""url\(\s*(["']?)(.*?)\1\s*\)|(["'])(.*?)\3""", re.I | re.S)
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.S)
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.I)
#: A first look at a tag as written: can it hold an address that loads, a data: address, or a script?
#: (`&`, `\\`, a tab or line break: a character reference, CSS escape or a break a browser
#: drops may spell any of these.)
_WORTH = re.compile(r"src|poster|data|background|href|style|codebase|action|base|refresh|attributename|popover|color"
                    r"|svg|math|form|input|select|option|textarea|dialog|noscript|title|noembed|noframes|xmp|plaintext|bd[io]|dir|[\t\n\r\f /\"']on|[&\\\t\n\r]", re.I)
#: SVG elements that change another element's attribute while the page is shown.
_ANIMATIONS = frozenset({"set", "animate", "animatemotion", "animatetransform"})
ELSEWHERE = ("a page's text without {what}; remove it: a link is written as a link")
#: An attribute that runs a script (onclick, onerror, onload ...), and the schemes of an address that does.
_HANDLER = re.compile(r"on[a-z]", re.I)
_SCRIPT_SCHEME = re.compile(r"(?:java|vb|live)script:", re.I)

EMBEDDED = ("pictures and video as files beside the page, declared in media; the page holds one in its own text "
            "(a data: address, as documents exported to Markdown write them), which would be published unchecked, "
            "with its camera and location data: save it as a file and use that")
SCRIPT = ("a page's text without scripts ({what}): a browser would run it, where it can load files from any host, "
          "lead to pages that are not published or write a name that no check sees, and pages must work without "
          "JavaScript; remove it (scripts of the design belong in overrides/)")
COVERS = ("a page's text without {what}; the look of pages belongs to the design (overrides/), which keeps the "
          "quick exit on every screen: remove it, or ask for a class in overrides/assets/stylesheets/hromada.css")
REMOTE = ("images and video stored beside the page; remote files would make readers' browsers contact another host "
          "(the page loads a file from {host})")


def _css_unescape(text: str) -> str:
    def one(m: re.Match) -> str:
        if m.group(1):
            try:
                return chr(int(m.group(1), 16))
            except (ValueError, OverflowError):
                return ""
        return m.group(2)
    return _CSS_ESCAPE.sub(one, text)


def _address(value: str) -> str:
    return _INVISIBLE.sub("", _css_unescape(value))


def css_urls(css: str) -> Iterator[str]:
    """Every address a style may load: each url(), and every quoted string (`@import "..."`,
    `image-set("..." 1x)`: a string that is no address loads nothing, and is not one)."""
    for text in dict.fromkeys((css, html.unescape(css))):  # an SVG <style> decodes character references
        for m in _CSS_URL.finditer(_CSS_COMMENT.sub(" ", _css_unescape(text))):
            yield m.group(2) if m.group(2) is not None else m.group(4)


def _candidates(name: str, value: str) -> list[str]:
    """The addresses one attribute loads: each candidate of a srcset, else the value."""
    if name.endswith("srcset"):
        return [part.split()[0] for part in value.split(",") if part.split()]
    return [value]


#: Pagefind's attributes that steer what it indexes and shows (body, meta, filter, sort, weight,
#: index-attrs ...); data-pagefind-ignore only takes text out, and is a page's to use.
_STEERING = re.compile(r"data-pagefind-(?!ignore$)", re.I)
_PAGEFIND = re.compile("pagefind", re.I)
STEERED = ("a page's text without data-pagefind-* attributes (found {name}): what the search index takes "
           "of a page, and shows with it, is set by the design from each page's publication decision; remove it")


def steering(page_html: str) -> str | None:
    """The first attribute in a page's own text that would steer the search index, or None."""
    if "pagefind" not in page_html.lower():
        return None
    for element in html_tokens.elements(page_html, _PAGEFIND):
        for name, _ in element.attributes:
            if _STEERING.match(name):
                return name
    return None


def remote_host(url: str, site_host: str) -> str | None:
    """The other host a loaded address names (None: a file of this site, or no host at all).
    `url` is an attribute's value or a style's url() already unescaped: a `\\` in it is a slash to
    a browser, never a CSS escape (read as one, `https:\\\\<host>\\news\\a.jpg` named the host
    `<host>newsa.jpg`, a file's name in the build's log)."""
    url = _INVISIBLE.sub("", url).replace("\\", "/")
    m = _SCHEME.match(url)
    if m:
        if m.group(1).lower() not in ("http", "https", "ftp", "ws", "wss"):
            return None
        rest = url[m.end():].lstrip("/")
    elif url.startswith("//"):
        rest = url[2:]
    else:
        return None
    authority = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].rsplit("@", 1)[-1]
    return None if same_site(authority, site_host) else (host_name(authority) or "another host")


def _loaded(element: html_tokens.Element) -> Iterator[str]:
    for name, value in element.attributes:
        if value is None:
            continue
        if name == "style":
            yield from css_urls(value)
        elif name in _LOADS or (name in ("href", "xlink:href") and element.name in _HREF_LOADS):
            yield from _candidates(name, value)
    if element.name == "style":
        yield from css_urls(element.text)


def _texts(element: html_tokens.Element) -> Iterable[str]:
    """Everything of an element that could hold a data: address: every attribute, a style's text
    (also with character references decoded, as in an SVG <style>)."""
    yield from (value for _, value in element.attributes if value)
    if element.name == "style":
        yield element.text
        yield html.unescape(element.text)


def _elsewhere(element: html_tokens.Element) -> str | None:
    """What of `element` sends the reader, or the page's own addresses, somewhere its links do not
    say, in a few words; None when nothing does."""
    attrs = {name: value or "" for name, value in element.attributes}
    if element.name == "base":
        return "a <base> element (it moves every address of the page, the design's scripts too)"
    if element.name == "meta" and attrs.get("http-equiv", "").strip().lower() == "refresh":
        return "a <meta http-equiv=refresh> (it takes the reader elsewhere without a click)"
    if element.name in _ANIMATIONS and attrs.get("attributename", "").strip().lower() in ("href", "xlink:href"):
        return f"an SVG <{element.name}> that sets a link's address (no check reads it)"
    return None


def _covers(element: html_tokens.Element) -> str | None:
    """What of `element` can hide or cover the quick exit from inside a page's text, in a few
    words; None when nothing can. Everything else a page's HTML can do to the layout (a width, a
    transform, a fixed box, a z-index) stays inside the page's column (the design's paint
    containment, hromada.css), but a style sheet reaches the whole page and a popover is
    drawn above every layer. A style sheet can also hide letters from the deny-list's reading."""
    if element.name == "style":
        return "a <style> element (a page's own style sheet reaches the whole page: it can hide the quick exit)"
    if any(name in ("popover", "popovertarget", "popovertargetaction") for name, _ in element.attributes):
        return "a popover (it is drawn above everything on the page, the quick exit too)"
    return None


#: Properties an inline style in a page's text may set (module docstring): none of them can hide a
#: letter, make it too small or the colour of the page, move it, or change the order letters show in.
STYLE_ALLOWED = re.compile(r"""(?x)
    font-(?:weight|style|family|variant(?:-caps)?|stretch)
  | text-(?:decoration(?:-(?:line|style|color))?|align(?:-last)?|transform|wrap)
  | white-space | word-break | overflow-wrap | hyphens
  | list-style-(?:type|position)
  | vertical-align
  | (?:min-|max-)?width
  | border-(?:collapse|spacing)
  | table-layout | empty-cells""")
#: Properties that take only keywords here: a length moves letters out of the column (which clips),
#: a string is drawn as letters of its own (`list-style-type: "Kova"` before "lenko").
_KEYWORDS_ONLY = re.compile(r"vertical-align|list-style-type|text-decoration(?:-line|-style)?|text-transform")
_KEYWORDS = re.compile(r"[a-z-]+(?:\s+[a-z-]+)*")
_COLOUR_FUNCTION = re.compile(r"\b(?:rgba?|hsla?)\(", re.I)
#: Elements of a page's text that show letters elsewhere, other letters, or to some readers only
#: (a browser never draws a <title>, <noembed> or <noframes> in a page's body).
_REWORDING = {"svg": "inline SVG", "math": "MathML", "form": "a form", "input": "a form field",
              "select": "a form field", "option": "a form field", "textarea": "a form field",
              "datalist": "a form field", "dialog": "a <dialog>", "noscript": "a <noscript>",
              "title": "a <title>", "noembed": "a <noembed>", "noframes": "a <noframes>",
              "bdi": "a <bdi>", "bdo": "a <bdo>",
              # the rest of the page read as plain text by browsers and Pagefind: markup written to keep
              # words out of search (data-pagefind-ignore, data-nosnippet) no longer would
              "xmp": "an <xmp>", "plaintext": "a <plaintext>"}
REWORDS = ("a page's text without {what} (it can hide letters or show them in another order than the text holds, "
           "where reviewers and the deny-list read the text as written); remove it (staff/content-guide.md, "
           "section 8, lists what an inline style may set)")


def style_problem(css: str) -> str | None:
    """What of an inline style (character references already decoded) may change which letters a
    reader sees, in a few words; None when nothing may."""
    if "\\" in css or "/*" in css:
        return "an inline style with a CSS escape or comment"
    for declaration in css.split(";"):
        if not declaration.strip():
            continue
        name, colon, value = declaration.partition(":")
        name = " ".join(name.split()).lower()
        if not colon or not STYLE_ALLOWED.fullmatch(name):
            return f"an inline style setting '{name[:40]}'"
        value = " ".join(value.split()).lower().removesuffix("!important").strip()
        if "(" in _COLOUR_FUNCTION.sub("", value):
            return f"a function in an inline style's '{name}'"
        if name != "font-family" and ('"' in value or "'" in value):
            return f"a quoted text in an inline style's '{name}'"
        if _KEYWORDS_ONLY.fullmatch(name) and not _KEYWORDS.fullmatch(value):
            return f"an inline style setting '{name}' to more than a keyword"
    return None


def _rewords(element: html_tokens.Element) -> str | None:
    """What of `element` can change which letters a reader sees, or their order; None when nothing."""
    if element.name in _REWORDING:
        return _REWORDING[element.name]
    for name, value in element.attributes:
        if name in ("color", "bgcolor"):
            return f"a {name} attribute"
        if name == "dir" and (value or "").strip().lower() != "ltr":  # rtl or auto: runs shown right to left
            return "a dir attribute other than ltr"
        if name == "style" and value:
            found = style_problem(value)
            if found:
                return found
    return None


def _script(element: html_tokens.Element) -> str | None:
    """What of `element` runs a script, in a few words; None when nothing does."""
    if element.name == "script":
        return "a <script> element"
    for name, value in element.attributes:
        if _HANDLER.match(name):
            return f"an {name} attribute"
        if value and name in html_tokens.ADDRESS_ATTRS and _SCRIPT_SCHEME.match(_address(value)):
            return f"a {_SCRIPT_SCHEME.match(_address(value)).group(0).lower()} address"
    return None


def script(page_html: str) -> str | None:
    """What in the markup of `page_html` runs a script (the first found), or None."""
    if "<" not in page_html:
        return None
    return next(filter(None, map(_script, html_tokens.elements(page_html, _WORTH))), None)


def embeds(page_html: str) -> bool:
    """Whether the markup of `page_html` holds a data: address anywhere."""
    return "<" in page_html and any(_DATA.search(_address(text)) for element in html_tokens.elements(page_html, _WORTH)
                                    for text in _texts(element))


def findings(page_html: str, site_host: str) -> list[tuple[str, str]]:
    """(key, expectation) for an embedded file anywhere in the page's markup, each other host it
    loads from (once), the first thing in it that runs a script, moves the page elsewhere, can
    hide or cover the quick exit or steers the search index. `hromada check` asks this of a
    page's raw HTML, the build of the page as rendered."""
    if "<" not in page_html:
        return []
    found: list[tuple[str, str]] = []
    embedded, hosts, runs, moves, covers, rewords = False, [], None, None, None, None
    for element in html_tokens.elements(page_html, _WORTH):
        if not embedded and any(_DATA.search(_address(text)) for text in _texts(element)):
            embedded = True
        runs = runs or _script(element)
        moves = moves or _elsewhere(element)
        covers = covers or _covers(element)
        rewords = rewords or _rewords(element)
        for url in _loaded(element):
            host = remote_host(url, site_host)
            if host is not None and host not in hosts:
                hosts.append(host)
    if embedded:
        found.append(("media", EMBEDDED))
    if runs:
        found.append(("body", SCRIPT.format(what=runs)))
    if moves:
        found.append(("body", ELSEWHERE.format(what=moves)))
    if covers:
        found.append(("body", COVERS.format(what=covers)))
    if rewords:
        found.append(("body", REWORDS.format(what=rewords)))
    found += [("media", REMOTE.format(host=host)) for host in hosts]
    steers = steering(page_html)
    if steers:
        found.append(("body", STEERED.format(name=steers)))
    return found


def problems(doc: Doc, page_html: str, site_host: str) -> list[Problem]:
    """`findings` of the rendered page, as the problems of its file."""
    return [Problem(doc.path, key, expected) for key, expected in findings(page_html, site_host)]
