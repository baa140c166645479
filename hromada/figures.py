"""Pictures in a page's own text become figures with a caption; the first one leads.

Staff write `![alt](img/x.jpg "caption")` as usual. A picture that stands
alone in its paragraph is drawn by partials/hromada/figure.html with its
title as caption (else its alt text); the first one is lifted under the
publication's title as its lead image. Only the page's own rendered HTML is
rearranged, after its links and media uses were checked: nothing new is shown.
A picture of the site's own files also gets its smaller copies (`picture_of`,
hromada/derivatives.py): the same picture, published under the same declaration.
"""
from __future__ import annotations

import dataclasses
import html
import re
from typing import Callable

from . import html_tokens
from .views import Figure, Picture

#: What follows a tag's name up to its '>': a quoted value may hold '>'.
_TAG_REST = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
#: A paragraph holding only a picture (an <img>, or a <picture> a later step may make), maybe linked.
_ALONE = re.compile(
    rf"<p>\s*((?:<a\b{_TAG_REST}>\s*)?(?:<img\b{_TAG_REST}>|<picture\b.*?</picture>)(?:\s*</a>)?)\s*</p>", re.S | re.I)
_IMG = re.compile(rf"<img\b{_TAG_REST}>", re.I)
_ANY_TAG = re.compile(rf"<[A-Za-z]{_TAG_REST}>")


def _as_browsers_read(fragment: str) -> bool:
    """Every tag of `fragment` ends where a browser ends it (html_tokens). Raw HTML can be
    written so that it does not (a quote inside an unquoted value): such a picture is left
    exactly as rendered and checked, never rewritten, or a rewrite could open what the
    checks saw as an attribute's text into markup."""
    for m in _ANY_TAG.finditer(fragment):
        if html_tokens.tag(fragment, m.start() + 1)[1] != m.end():
            return False
    return fragment.count("<") == len(_ANY_TAG.findall(fragment)) + fragment.count("</")


def _attr(tag: str, name: str) -> str:
    m = re.search(rf'\b{name}\s*=\s*(?:"([^"]*)"|\'([^\']*)\')', tag, re.I)
    return html.unescape(m.group(1) if m.group(1) is not None else m.group(2)) if m else ""


def caption(picture_html: str) -> str:
    """The caption a picture's own Markdown gives it: its title, else its alt text (plain text)."""
    img = _IMG.search(picture_html)
    if img is None:
        return ""
    return _attr(img.group(0), "title") or _attr(img.group(0), "alt")


def sized(picture_html: str, size_of: Callable[[str], tuple[int | None, int | None]]) -> str:
    """The <img> with width and height when it has neither, so the page does not jump as it loads."""
    def one(m: re.Match) -> str:
        tag = m.group(0)
        if not _as_browsers_read(tag) or re.search(r"\b(?:width|height)\s*=", tag, re.I):
            return tag
        width, height = size_of(_attr(tag, "src"))
        if not width or not height:
            return tag
        return tag[:-1].rstrip("/").rstrip() + f' width="{width}" height="{height}">'
    return _IMG.sub(one, picture_html)


#: A standalone <img>, maybe inside one link: (link's opening tag, the <img> tag).
_LINKED_IMG = re.compile(rf"^(?:(<a\b{_TAG_REST}>)\s*)?(<img\b{_TAG_REST}>)(?:\s*</a>)?$", re.S | re.I)
_ATTR = re.compile(r"""\s*([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_NAME = re.compile(r"^[A-Za-z_:][-A-Za-z0-9_:.]*$")
#: Attributes picture.html writes itself (from the picture's data and its place on the page).
_OURS = frozenset({"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding", "fetchpriority"})


def attributes(img_tag: str) -> list[tuple[str, str]] | None:
    """The attributes of an <img> tag as (lower-case name, plain-text value), or None when the
    tag is not plain enough to redraw faithfully (then it is left exactly as rendered)."""
    inner = img_tag[len("<img"):-1].rstrip().removesuffix("/")
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(inner):
        m = _ATTR.match(inner, pos)
        if m is None or m.end() == pos:
            return None if inner[pos:].strip() else out
        name = m.group(1)
        if not _NAME.match(name):
            return None
        value = next((v for v in m.group(2, 3, 4) if v is not None), "")
        out.append((name.lower(), html.unescape(value)))
        pos = m.end()
    return out


def as_picture(picture_html: str, picture_of: Callable[[str], Picture | None]) -> tuple[str, Picture] | None:
    """(the link around it, the Picture with its copies) for a standalone <img> of the site's
    own files, or None to keep the picture as rendered (someone else's, raw <picture>, srcset)."""
    m = _LINKED_IMG.match(picture_html.strip())
    attrs = attributes(m.group(2)) if m else None
    if attrs is None or any(name == "srcset" for name, _ in attrs):
        return None
    given = dict(attrs)
    found = picture_of(given.get("src", ""))
    if found is None:
        return None
    shape = _shape(given.get("width", ""), given.get("height", ""), found.width, found.height)
    rest = tuple((name, value) for name, value in attrs if name not in _OURS)
    return m.group(1) or "", dataclasses.replace(found, alt=given.get("alt", ""), width=shape[0], height=shape[1],
                                                 attrs=rest)


def _shape(width: str, height: str, own_width: int | None, own_height: int | None) -> tuple[int | None, int | None]:
    """The size the page asked for (`{width=400}` in Markdown), the other side in proportion;
    else the picture's own."""
    if width.isdigit() and height.isdigit():
        return int(width), int(height)
    if own_width and own_height and (width.isdigit() or height.isdigit()):
        if width.isdigit():
            return int(width), max(1, round(int(width) * own_height / own_width))
        return max(1, round(int(height) * own_width / own_height)), int(height)
    return own_width, own_height


def arrange(page_html: str, draw: Callable[[Figure], str], lead: bool = True,
            size_of: Callable[[str], tuple[int | None, int | None]] | None = None,
            picture_of: Callable[[str], Picture | None] | None = None) -> tuple[str, str]:
    """(lead figure, page text with its other standalone pictures as figures).

    `size_of` gives a picture's width and height from its src (as written in the page);
    `picture_of` the picture with its smaller copies, URLs as the page writes them."""
    found: list[str] = []

    def one(m: re.Match) -> str:
        if not _as_browsers_read(m.group(1)):
            return m.group(0)
        first = lead and not found
        picture = sized(m.group(1), size_of) if size_of else m.group(1)
        redrawn = as_picture(m.group(1), picture_of) if picture_of else None
        link, data = redrawn if redrawn else ("", None)
        drawn = draw(Figure(picture, caption(m.group(1)), lead=first, picture=data, link=link))
        if first:
            found.append(drawn)
            return ""
        return drawn

    body = _ALONE.sub(one, page_html)
    return (found[0] if found else ""), body
