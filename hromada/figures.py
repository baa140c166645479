"""Pictures in a page's own text become figures with a caption; the first one leads.

Staff write `![alt](img/x.jpg "caption")` as usual. A picture that stands
alone in its paragraph is drawn by partials/hromada/figure.html with its
title as caption (else its alt text); the first one is lifted under the
publication's title as its lead image. Only the page's own rendered HTML is
rearranged, after its links and media uses were checked: nothing new is shown.
"""
from __future__ import annotations

import html
import re
from typing import Callable

from .views import Figure

#: A paragraph holding only a picture (an <img>, or a <picture> a later step may make), maybe linked.
_ALONE = re.compile(
    r"<p>\s*((?:<a\b[^>]*>\s*)?(?:<img\b[^>]*>|<picture\b.*?</picture>)(?:\s*</a>)?)\s*</p>", re.S | re.I)
_IMG = re.compile(r"<img\b[^>]*>", re.I)


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
        if re.search(r"\b(?:width|height)\s*=", tag, re.I):
            return tag
        width, height = size_of(_attr(tag, "src"))
        if not width or not height:
            return tag
        return tag[:-1].rstrip("/").rstrip() + f' width="{width}" height="{height}">'
    return _IMG.sub(one, picture_html)


def arrange(page_html: str, draw: Callable[[Figure], str], lead: bool = True,
            size_of: Callable[[str], tuple[int | None, int | None]] | None = None) -> tuple[str, str]:
    """(lead figure, page text with its other standalone pictures as figures).

    `size_of` gives a picture's width and height from its src (as written in the page)."""
    found: list[str] = []

    def one(m: re.Match) -> str:
        first = lead and not found
        picture = sized(m.group(1), size_of) if size_of else m.group(1)
        drawn = draw(Figure(picture, caption(m.group(1)), lead=first))
        if first:
            found.append(drawn)
            return ""
        return drawn

    body = _ALONE.sub(one, page_html)
    return (found[0] if found else ""), body
