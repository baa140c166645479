"""Links between pages that respect the publication decision.

A link to a page that is not published in the reader's language would leave
a trace: its address is often the person's name, and a dead link tells that
something was removed. `rewrite` hands every `<a href>` of a rendered page to
a decision function, which keeps it, points it at a published version of the
same page, or turns it into plain text.
"""
from __future__ import annotations

import html
import posixpath
import re
from typing import Callable
from urllib.parse import unquote, urlsplit

_ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a\s*>", re.S | re.I)
_HREF = re.compile(r"""(\bhref\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)

#: A decision: the href to write, or None for plain text.
Fate = Callable[[str], "str | None"]


def rewrite(page_html: str, fate: Fate) -> str:
    """Apply `fate` to the href of every anchor; unlinked anchors keep only their text."""
    def one(m: re.Match) -> str:
        attrs, inner = m.group(1), m.group(2)
        h = _HREF.search(attrs)
        if h is None:
            return m.group(0)
        raw = next(g for g in h.groups()[1:] if g is not None)
        href = html.unescape(raw)
        new = fate(href)
        if new is None:
            return f'<span class="hx-unlinked">{inner}</span>'
        if new == href:
            return m.group(0)
        attrs = attrs[: h.start()] + f'{h.group(1)}"{html.escape(new)}"' + attrs[h.end():]
        return f"<a{attrs}>{inner}</a>"

    return _ANCHOR.sub(one, page_html)


def target_path(href: str, base: str, site_host: str = "") -> tuple[str, str] | None:
    """(site path without leading slash, '#fragment' or '') an internal href points at, or None."""
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    if parts.netloc and parts.netloc.lower() != site_host:
        return None
    path = unquote(parts.path)
    if not path:
        return None
    if path.startswith("/") or parts.netloc:
        resolved = posixpath.normpath(path.lstrip("/") or ".")
    else:
        resolved = posixpath.normpath(posixpath.join(base, path))
    if resolved.startswith(".."):
        return None
    resolved = "" if resolved == "." else resolved
    if path.endswith("/") and resolved:
        resolved += "/"
    return resolved, ("#" + parts.fragment if parts.fragment else "")
