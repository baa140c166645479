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
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import unquote, urlsplit

from .content import ContentIndex, url_for
from .languages import DEFAULT_LANGUAGE, LANGUAGES, split_language
from .model import Doc
from .publication import Publication
from .urls import relative

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

    def __post_init__(self) -> None:
        # every version, published or not, and the address each page would have in every language:
        # a translation's raw-HTML link to uk/news/x/ when x has no Ukrainian version is ours too
        self._keys_by_url = {url_for(key, lang): key for key in self.index.by_key for lang in LANGUAGES}
        self._keys_by_url.update({doc.url: doc.key for doc in self.index.docs})

    def fate(self, doc: Doc, href: str) -> str | None:
        """The href a link on `doc` gets: as written, a published version of its
        target page (the reader's language, else English, else any), or None."""
        target = self.target(doc, href)
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

    def target(self, doc: Doc, href: str) -> tuple[str, str, str] | None:
        """(page key, resolved site path, fragment) when `href` on `doc` points at one of our pages."""
        if href.split("#", 1)[0].split("?", 1)[0].endswith(".md"):  # a Markdown link MkDocs could not resolve
            found = target_path(href, posixpath.dirname(doc.src_uri), self.site_host)
            if found is None:
                return None
            key = split_language(found[0])[0]
            return (key, "", found[1]) if key in self.index.by_key else None
        found = target_path(href, doc.url.rstrip("/"), self.site_host)
        if found is None:
            return None
        path, fragment = found
        for candidate in (path, path + "/", path.removesuffix("index.html")):
            key = self._keys_by_url.get(candidate)
            if key is not None:
                return key, candidate, fragment
        return None
