"""Tags found as a browser's HTML tokenizer finds them (https://html.spec.whatwg.org/#tokenization).

A quoted attribute value may hold `>`; an unquoted one ends at a space; character
references in values are decoded; comments, and the text of `<script>`, `<style>`,
`<textarea>` and the like, are not markup. links.py rewrites a page's addresses with
these, page_loads.py reads what a page loads: both see the tags a browser would.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Iterator

ALPHA = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
#: A whole tag after its '<' (or '</'): name, then attributes up to '>' or the end of the text (no backtracking).
_TAG = re.compile(r"""([^\t\n\f\r />]*)(?>[\t\n\f\r /]*+[^\t\n\f\r />][^\t\n\f\r /=>]*+
    (?>[\t\n\f\r ]*=[\t\n\f\r ]*+(?>"[^"]*+"?|'[^']*+'?|(?!["'])[^\t\n\f\r >]*+))?)*+[\t\n\f\r /]*+>?""", re.X)
_TAG_NAME = re.compile(r"[^\t\n\f\r />]*")

#: One step of the attribute states: separators, then the tag's end or one attribute (name, value).
_ATTR = re.compile(r"""[\t\n\f\r /]*(?:(?P<end>>)|(?P<name>[^\t\n\f\r />][^\t\n\f\r /=>]*)
    (?:[\t\n\f\r ]*=[\t\n\f\r ]*(?P<value>"(?P<dq>[^"]*)"?|'(?P<sq>[^']*)'?|(?!["'])(?P<uq>[^\t\n\f\r >]*)))?)?""", re.X)
#: Elements whose content is text, not markup, up to their own end tag.
TEXT_ELEMENTS = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "title", "textarea"})
#: Attributes that hold one address (a link followed, or a file loaded).
ADDRESS_ATTRS = frozenset({"href", "xlink:href", "src", "action", "formaction", "data", "cite", "poster",
                           "background", "longdesc", "manifest", "codebase", "icon", "itemid", "itemtype"})
#: An attribute that holds a whole document: an `<iframe srcdoc>` draws its markup as a page.
DOCUMENT_ATTR = "srcdoc"

_END_TAGS: dict[str, re.Pattern] = {}

@dataclass(frozen=True)
class Attr:
    name: str  # lower case
    value: str | None  # character references decoded; None when written without a value
    span: tuple[int, int]  # the attribute with the separators before it
    value_span: tuple[int, int] | None  # the value as written, quotes included


def tag(s: str, k: int) -> tuple[str, int]:
    """The tag whose name starts at s[k]: (lower-case name, index after its '>').
    A tag cut off by the end of `s` runs to the end (a page's text goes on in its template)."""
    m = _TAG.match(s, k)
    return m.group(1).lower(), m.end()


def attributes(s: str, k: int) -> list[Attr]:
    """The attributes of the tag whose name starts at s[k]."""
    k = _TAG_NAME.match(s, k).end()
    attrs: list[Attr] = []
    while True:
        m = _ATTR.match(s, k)
        if not m.group("name"):
            return attrs
        value = next((g for g in m.group("dq", "sq", "uq") if g is not None), None)
        attrs.append(Attr(m.group("name").lower(), None if value is None else html.unescape(value),
                           m.span(), m.span("value") if value is not None else None))
        k = m.end()

#: What may open a comment or a bogus comment (`<!`, `<?`, `</` not before a letter): a cheap first look.
_MAYBE_NOTE = re.compile(r"<(?:[!?]|/(?![a-zA-Z]))")


def notes(s: str) -> list[tuple[int, int]]:
    """The spans of `s` a browser's tokenizer reads as comments and draws nothing of: staff notes
    (consent.md §8, "notes stay private"). In the data state (https://html.spec.whatwg.org/#tag-open-state):
    `<!--` ... `-->` (or `--!>`; `<!-->` and `<!--->` are empty), and the bogus comments, up to
    the first `>`: `<?...>` (a processing instruction), `<!...>` (a CDATA section, a declaration;
    a doctype in a page's text is dropped too) and `</` before anything but a letter; `</>` is
    dropped. One cut off by the end of `s` runs to its end. Tags are read whole (a quoted value
    may hold `<?`: it is an attribute, not a note); the text of <script>, <textarea> ... is read
    as markup too (a reader without scripts reads a <noscript>'s)."""
    if _MAYBE_NOTE.search(s) is None:
        return []
    found: list[tuple[int, int]] = []
    i, n = 0, len(s)
    while True:
        j = s.find("<", i)
        if j < 0 or j + 1 >= n:
            return found
        c = s[j + 1]
        if c in ALPHA or (c == "/" and j + 2 < n and s[j + 2] in ALPHA):
            i = tag(s, j + 1 + (c == "/"))[1]  # a start or end tag, attributes and all
            continue
        if s.startswith("<!--", j):
            if s.startswith(("<!-->", "<!--->"), j):
                end = s.find(">", j) + 1
            else:
                ends = [(k, k + len(close)) for close in ("-->", "--!>") if (k := s.find(close, j + 4)) >= 0]
                end = min(ends)[1] if ends else n
        elif c in "!?" or (c == "/" and j + 2 < n):
            end = s.find(">", j + 2) + 1 or n
        else:  # '<' before a space, a digit ... or '</' at the very end: text
            i = j + 1
            continue
        found.append((j, end))
        i = end


def without_notes(s: str) -> str:
    """`s` without its comments and bogus comments (`notes`): what a browser hides, no output
    carries (a page, its feeds, its search entry: Build.render_guard takes them out first)."""
    spans = notes(s)
    if not spans:
        return s
    parts: list[str] = []
    i = 0
    for start, end in spans:
        if start > i:
            parts.append(s[i:start])
        i = end
        if parts and parts[-1].endswith("<") and i < len(s) and (s[i] in ALPHA or s[i] in "!?/"):
            parts[-1] = parts[-1][:-1] + "&lt;"  # a '<' of text would open a tag with what follows the note
    parts.append(s[i:])
    return "".join(parts)


def end_tag(name: str) -> re.Pattern:
    return _END_TAGS.setdefault(name, re.compile(rf"</{name}(?=[\t\n\f\r />])", re.I))

@dataclass(frozen=True)
class Element:
    """A start tag as a browser reads it: its name, its attributes (character references
    decoded), and for <style>, <script> and the other text elements, the text they hold."""

    name: str
    attributes: tuple[tuple[str, str | None], ...]
    text: str = ""


def elements(page_html: str, worth: re.Pattern | None = None) -> Iterator[Element]:
    """Every start tag of `page_html`, found as links.rewrite finds them, for checks that read
    rather than rewrite. The text of <noscript>, <iframe>, <noembed> ... is read as markup too
    (after its own element): a browser without scripts draws a <noscript>'s; so is an
    `<iframe srcdoc>`'s document. Comments and
    bogus comments are skipped: they draw and load nothing. `worth`: only the tags whose
    written text it finds are read (a cheap first look; text elements are always read)."""
    s, i, n = page_html, 0, len(page_html)
    while True:
        j = s.find("<", i)
        if j < 0 or j + 1 >= n:
            return
        c = s[j + 1]
        if c in ALPHA:
            name, end = tag(s, j + 1)
            i = end
            if worth is not None and name not in TEXT_ELEMENTS and not worth.search(s, j, end):
                continue
            attrs = tuple((a.name, a.value) for a in attributes(s, j + 1))
            text = ""
            if name in TEXT_ELEMENTS and end < n:
                m = end_tag(name).search(s, end)
                i = m.start() if m else n
                text = s[end:i]
            yield Element(name, attrs, text)
            if "<" in text:
                yield from elements(text, worth)
            for attr, value in attrs:
                if attr == DOCUMENT_ATTR and value and "<" in value:
                    yield from elements(value, worth)
        elif s.startswith("<!--", j):
            if s.startswith(("<!-->", "<!--->"), j):  # an empty comment, as browsers read it
                i = s.find(">", j) + 1
                continue
            end = min([k for k in (s.find("-->", j + 4), s.find("--!>", j + 4)) if k >= 0] or [n])
            i = end + 1
        elif c in "!?/":
            end = s.find(">", j + 2)
            i = n if end < 0 else end + 1
        else:
            i = j + 1
