"""What Pagefind reads: each searchable page's indexed part alone, cut out as the page is drawn.

Pagefind parses every file it is given whole, and a written page is mostly what it
does not index: the header, menus, footer and scripts around the one element marked
data-pagefind-body. Measured on 2,021 Ukrainian pages (2,000 items): Pagefind took
4.6 s of CPU and 3.5 s on the clock reading the written pages, 3.0 s and 2.7 s reading
the marked elements alone, and wrote the same index, byte for byte (tests/test_search.py
compares the two on the example site). Per language and on every build, that is about
3 s of a 2,000-item site's full build.

The template (overrides/main.html) prints the build's mark just before and just after
the marked element; `cut` takes what lies between out of the page as a document of its
own and removes the marks, so the published page is the same bytes as without them. The
mark is new for every build (`new_mark`), so no text of a page can forge it. A page
without marks (a designer's template that dropped them) is handed to Pagefind whole:
slower, the same index.

The pages are written into a folder beside the site (output.scratch_folder, kind
"search") with the site's own paths, so that Pagefind names each page by the same URL.
"""
from __future__ import annotations

import secrets
from pathlib import Path

#: A document holding only the indexed element: Pagefind takes its title from the page's
#: first heading and its language from --force-language, both inside or beside it.
_DOCUMENT = '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{}</body></html>'


class MarkError(Exception):
    pass


def new_mark() -> str:
    """An HTML comment no page's text can contain: a random token of this build."""
    return f"<!--hx-search-{secrets.token_hex(12)}-->"


def cut(page_html: str, mark: str) -> tuple[str, str]:
    """(the page without the marks, the indexed part as a document of its own); the page
    whole as the document when the template printed no mark. MarkError when the marks do not
    come in one pair (a template printing them twice, or once)."""
    first = page_html.find(mark)
    if first < 0:
        return page_html, page_html
    end = first + len(mark)
    last = page_html.find(mark, end)
    if last < 0 or page_html.find(mark, last + len(mark)) >= 0:
        raise MarkError("the search mark (hromada_search_mark) must stand once before and once after "
                        "the element marked data-pagefind-body")
    part = page_html[end:last]
    return page_html[:first] + part + page_html[last + len(mark):], _DOCUMENT.format(part)


def write(folder: Path, dest_uri: str, document: str) -> None:
    """The page's indexed part at the page's own path under `folder`."""
    path = folder / dest_uri
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(document, encoding="utf-8")
