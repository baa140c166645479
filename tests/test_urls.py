"""Relative links: the fast path gives what posixpath.relpath gives, for every shape of URL."""
from __future__ import annotations

import posixpath
import random

import pytest

from hromada.urls import relative


def _by_relpath(from_url: str, to_url: str) -> str:
    base = posixpath.dirname(from_url) if not from_url.endswith("/") else from_url.rstrip("/")
    target, slash = to_url.rstrip("/"), to_url.endswith("/") or to_url == ""
    rel = posixpath.relpath(target or ".", base or ".")
    return "./" if rel == "." else rel + ("/" if slash else "")


def test_relative_links_between_pages():
    assert relative("news/x/", "news/y/") == "../y/"
    assert relative("uk/news/x/", "news/x/") == "../../../news/x/"
    assert relative("news/x/", "news/x/") == "./"
    assert relative("", "uk/") == "uk/"
    assert relative("uk/", "") == "../"
    assert relative("news/x/", "assets/images/a.jpg") == "../../assets/images/a.jpg"
    assert relative("news/x/", "https://example.org/") == "https://example.org/"


def test_relative_is_relpath_for_any_url_shape():
    rng = random.Random(7)
    parts = ["news", "uk", "x", "a", "index.html", "page", "2", "ru", "events.ics"]

    def url() -> str:
        u = "/".join(rng.choice(parts) for _ in range(rng.randint(0, 4)))
        odd = rng.random()
        if odd < 0.5 and u:
            return u + "/"
        if odd < 0.55:
            return u + "/./x"  # shapes no page has: the slow path answers them
        if odd < 0.6:
            return "../" + u
        return u + "//y" if odd < 0.62 else u

    for _ in range(20000):
        a, b = url(), url()
        assert relative(a, b) == _by_relpath(a, b), (a, b)


# --- reading an address as a browser does (urls.browser_href), and what it names (media_uses.resolve) ----------
PAGE = "https://hromada.example.org/uk/news/pub/"
HOST = "hromada.example.org"
#: (an address on PAGE, what Chromium's `new URL(address, PAGE).href` gives (None: it throws), and whether it
#: names the picture news/img/x.jpg of this site (media_uses.resolve: read on the page served over https or
#: http, by a server that may decode the path more than once and take `%2f` and `%5c` for slashes, in any
#: letter case; an address of this site held in another names it too). The second column is Chromium's own
#: (test_addresses_are_read_as_chromium_reads_them, a browser test, asks it again).
ADDRESSES = [
    ("../../../news/img/x.jpg", "https://hromada.example.org/news/img/x.jpg", True),
    (r"..\..\..\news\img\x.jpg", "https://hromada.example.org/news/img/x.jpg", True),
    (r"..\img\x.jpg", "https://hromada.example.org/uk/news/img/x.jpg", True),
    (r"../img\x.jpg", "https://hromada.example.org/uk/news/img/x.jpg", True),
    (r"\news\img\x.jpg", "https://hromada.example.org/news/img/x.jpg", True),
    (r"\/news/img/x.jpg", "https://news/img/x.jpg", False),  # `news` is the host
    # `https:/host/x` is a path on an https page, the host elsewhere (an http page, a feed reader, a mail)
    ("https:/hromada.example.org/news/img/x.jpg", "https://hromada.example.org/hromada.example.org/news/img/x.jpg", True),
    ("http:/hromada.example.org/news/img/x.jpg", "http://hromada.example.org/news/img/x.jpg", True),
    ("https:hromada.example.org/news/img/x.jpg", "https://hromada.example.org/uk/news/pub/hromada.example.org/news/img/x.jpg", True),
    ("http:hromada.example.org/news/img/x.jpg", "http://hromada.example.org/news/img/x.jpg", True),
    (r"https:\\hromada.example.org\news\img\x.jpg", "https://hromada.example.org/news/img/x.jpg", True),
    (r"http:\\hromada.example.org\news\img\x.jpg", "http://hromada.example.org/news/img/x.jpg", True),
    (r"\\hromada.example.org\news\img\x.jpg", "https://hromada.example.org/news/img/x.jpg", True),
    (r"/\hromada.example.org/news/img/x.jpg", "https://hromada.example.org/news/img/x.jpg", True),
    ("https:////hromada.example.org/news/img/x.jpg", "https://hromada.example.org/news/img/x.jpg", True),
    ("//hromada.example.org/news/img/x.jpg", "https://hromada.example.org/news/img/x.jpg", True),
    ("HTTPS://HROMADA.EXAMPLE.ORG/news/img/x.jpg", "https://hromada.example.org/news/img/x.jpg", True),
    ("hTtP://Hromada.Example.Org:80/news/img/x.jpg", "http://hromada.example.org/news/img/x.jpg", True),
    ("https://hromada.example.org:443/news/img/x.jpg", "https://hromada.example.org/news/img/x.jpg", True),
    ("https://hromada.example.org:8443/news/img/x.jpg", "https://hromada.example.org:8443/news/img/x.jpg", True),
    ("https://x@hromada.example.org/news/img/x.jpg", "https://x@hromada.example.org/news/img/x.jpg", True),
    ("https://hromada.example.org./news/img/x.jpg", "https://hromada.example.org./news/img/x.jpg", True),
    ("https://hromada%2Eexample.org/news/img/x.jpg", "https://hromada.example.org/news/img/x.jpg", True),
    ("https://ｈｒｏｍａｄａ．ｅｘａｍｐｌｅ．ｏｒｇ/news/img/x.jpg", "https://hromada.example.org/news/img/x.jpg", True),
    ("https://hro\u00admada.example.org/news/img/x.jpg", "https://hromada.example.org/news/img/x.jpg", True),
    ("https://other.example.org/news/img/x.jpg", "https://other.example.org/news/img/x.jpg", False),
    ("https://other.example.org@hromada.example.org/news/img/x.jpg",
     "https://other.example.org@hromada.example.org/news/img/x.jpg", True),
    ("https://hromada.example.org@other.example.org/news/img/x.jpg",
     "https://hromada.example.org@other.example.org/news/img/x.jpg", False),
    ("../img/x\t.jpg", "https://hromada.example.org/uk/news/img/x.jpg", True),
    ("../img/\nx.jpg", "https://hromada.example.org/uk/news/img/x.jpg", True),
    ("../i\rmg/x.jpg", "https://hromada.example.org/uk/news/img/x.jpg", True),
    ("\t../img/x.jpg\n", "https://hromada.example.org/uk/news/img/x.jpg", True),
    ("\x01 ../img/x.jpg \x1f", "https://hromada.example.org/uk/news/img/x.jpg", True),
    ("../img/x .jpg", "https://hromada.example.org/uk/news/img/x%20.jpg", False),
    ("../img/%2e%2e/img/x.jpg", "https://hromada.example.org/uk/news/img/x.jpg", True),
    ("../img/.%2E/img/x.jpg", "https://hromada.example.org/uk/news/img/x.jpg", True),
    ("../img/%2E./img/x.jpg", "https://hromada.example.org/uk/news/img/x.jpg", True),
    ("%2e%2e/img/./x.jpg", "https://hromada.example.org/uk/news/img/x.jpg", True),
    ("../img/%2e/x.jpg", "https://hromada.example.org/uk/news/img/x.jpg", True),
    ("img//../x.jpg", "https://hromada.example.org/uk/news/pub/img/x.jpg", False),
    ("../../../../../../news/img/x.jpg", "https://hromada.example.org/news/img/x.jpg", True),
    ("/../news/img/x.jpg", "https://hromada.example.org/news/img/x.jpg", True),
    # a server decodes what the browser sent: an encoded slash or backslash may part folders there
    ("..%2fimg%2fx.jpg", "https://hromada.example.org/uk/news/pub/..%2fimg%2fx.jpg", True),
    ("..%5cimg%5cx.jpg", "https://hromada.example.org/uk/news/pub/..%5cimg%5cx.jpg", True),
    ("../img/x%2ejpg", "https://hromada.example.org/uk/news/img/x%2ejpg", True),
    ("../img/x%252ejpg", "https://hromada.example.org/uk/news/img/x%252ejpg", True),
    ("../img/X.JPG", "https://hromada.example.org/uk/news/img/X.JPG", True),  # some servers tell no case apart
    ("../img/x.jpg?v=2#top", "https://hromada.example.org/uk/news/img/x.jpg?v=2#top", True),
    ("../img/x.jpg#a\\b", "https://hromada.example.org/uk/news/img/x.jpg#a\\b", True),
    ("../img/x.jpg?a\\b", "https://hromada.example.org/uk/news/img/x.jpg?a\\b", True),
    ("../img/фото.jpg", "https://hromada.example.org/uk/news/img/%D1%84%D0%BE%D1%82%D0%BE.jpg", False),
    ("../img/a(1).jpg", "https://hromada.example.org/uk/news/img/a(1).jpg", False),
    ("../img/a,b.jpg", "https://hromada.example.org/uk/news/img/a,b.jpg", False),
    ('../img/a"b<c>.jpg', "https://hromada.example.org/uk/news/img/a%22b%3Cc%3E.jpg", False),
    ("../img/a|b^c`d{e}.jpg", "https://hromada.example.org/uk/news/img/a%7Cb%5Ec%60d%7Be%7D.jpg", False),
    ("?x.jpg", "https://hromada.example.org/uk/news/pub/?x.jpg", False),
    ("#x.jpg", "https://hromada.example.org/uk/news/pub/#x.jpg", False),
    ("", "https://hromada.example.org/uk/news/pub/", False),
    ("..", "https://hromada.example.org/uk/news/", False),
    ("x.jpg/..", "https://hromada.example.org/uk/news/pub/", False),
    # no address to a browser, but one of this site's in it: default deny
    ("https://hromada.example.org:99999/news/img/x.jpg", None, True),
    ("https://hromada.exa<mple.org/x.jpg", None, False),
    ("https://[::1]/x.jpg", "https://[::1]/x.jpg", False),
    ("https://0x7f.1/x.jpg", "https://127.0.0.1/x.jpg", False),
    ("ftp://hromada.example.org/news/img/x.jpg", "ftp://hromada.example.org/news/img/x.jpg", True),
    ("wss://hromada.example.org/news/img/x.jpg", "wss://hromada.example.org/news/img/x.jpg", True),
    ("view-source:https://hromada.example.org/news/img/x.jpg", "view-source:https://hromada.example.org/news/img/x.jpg", True),
    ("https://web.archive.org/web/2024/https://hromada.example.org/news/img/x.jpg",
     "https://web.archive.org/web/2024/https://hromada.example.org/news/img/x.jpg", True),
    ("https://other.example.org/share?u=https%3A%2F%2Fhromada.example.org%2Fnews%2Fimg%2Fx.jpg&t=1",
     "https://other.example.org/share?u=https%3A%2F%2Fhromada.example.org%2Fnews%2Fimg%2Fx.jpg&t=1", True),
    ("mailto:x@hromada.example.org", "mailto:x@hromada.example.org", False),
]


def test_addresses_are_read_as_a_browser_reads_them():
    from hromada.urls import browser_href

    assert [(address, browser_href(address, PAGE)) for address, _, _ in ADDRESSES] == \
        [(address, href) for address, href, _ in ADDRESSES]


def test_every_spelling_of_a_picture_is_a_use_of_it():
    """media_uses.resolve reads each address as a browser and a server may: the table's third column."""
    from hromada.media_uses import MediaPaths, resolve

    media = MediaPaths.of(["news/img/x.jpg"])
    found = [(address, any(media.get(path) == "news/img/x.jpg" for path in resolve(address, ("uk/news/pub",), HOST)))
             for address, _, _ in ADDRESSES]
    assert found == [(address, use) for address, _, use in ADDRESSES]


def _css_string(address: str) -> str:
    """`address` as a CSS string's text: a backslash, a quote or a control escaped (`\\5c `)."""
    return "".join(f"\\{ord(ch):x} " if ch in "\\\"'" or ch < " " else ch for ch in address)


#: Every place of a page's markup where an address loads or links a file (each `{}` an address
#: written for HTML, `{css}` one written for CSS).
PLACES = ['<img src="{}" alt="">', '<img src="../img/b.jpg" srcset="../img/b.jpg 1x, {} 2x" alt="">',
          '<picture><source srcset="{}"><img src="../img/b.jpg" alt=""></picture>', '<a href="{}">photo</a>',
          '<video poster="{}"></video>', '<video><source src="{}"><track src="{}"></video>', '<object data="{}"></object>',
          '<embed src="{}">', '<input type="image" src="{}" alt="x">', '<svg><image href="{}"/></svg>',
          '<svg><image xlink:href="{}"/></svg>', '<div style="background:url(\'{css}\')"></div>',
          '<style>.x{{background:url("{css}")}}</style>', '<meta property="og:image" content="{}">',
          '<link rel="icon" href="{}">', "<img src={} alt=x>"]


@pytest.mark.parametrize("place", PLACES)
def test_every_place_of_markup_reads_addresses_alike(place):
    """Each spelling of the table, in each place of a page's markup (written with character
    references for what HTML would read otherwise: quotes, breaks, controls; in a style, with CSS
    escapes), is a use of news/img/x.jpg exactly when the table says so (media_uses.uses)."""
    import html

    from hromada.media_uses import MediaPaths, uses

    media = MediaPaths.of(["news/img/x.jpg", "uk/news/img/b.jpg"])
    found, expected = [], []
    for address, _, use in ADDRESSES:
        if place.startswith("<img src={}") and any(ch in address for ch in " \t\n\r\x01\x1f\"'<>=`"):
            continue  # an unquoted value ends at a space: written so, it is another address
        written = "".join(f"&#{ord(ch)};" if ch < " " else ch for ch in html.escape(address))
        markup = place.replace("{css}", html.escape(_css_string(address))).replace("{}", written)
        markup = markup.replace("{{", "{").replace("}}", "}")
        found.append((address, "news/img/x.jpg" in uses(markup, ("uk/news/pub",), media, HOST)))
        expected.append((address, use or address == r"\/news/img/x.jpg"))  # `\/` is `/` in CSS: text is read as style too
    assert found == expected


@pytest.mark.browser
def test_addresses_are_read_as_chromium_reads_them():
    """The table's second column is what Chromium reads (on the https page), and urls.browser_href
    reads each address as Chromium does on an http page too (where `https:/host/x` names a host)."""
    from pathlib import Path

    from hromada.urls import browser_href

    chromium = "/usr/bin/chromium"
    if not Path(chromium).is_file():
        pytest.skip(f"browser tests need Debian's Chromium at {chromium}")
    from playwright.sync_api import sync_playwright

    from browser_support import LAUNCH_ARGS

    pages = [PAGE, PAGE.replace("https:", "http:")]
    addresses = [address for address, _, _ in ADDRESSES]
    # and a thousand addresses put together from the pieces that are read otherwise (seeded)
    rng = random.Random(7)
    pieces = ["/", "\\", ".", "..", "%2e", "%2E", "%2f", "%5c", "?", "#", ":", "@", "https:", "HTTP:", "ws:", "//", "\t",
              "\n", " ", "\x01", HOST, "HROMADA.Example.org", "img", "x.jpg", "%41", "%", "[", "]", ":443", ":8080", "é",
              "ф", "|", "^", "'", '"', "<", "`", "{", "&", "=", ";", "0x7f", "1", "*", "~", "\u3002", "\uff0e", "\u00ad"]
    made = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 9))) for _ in range(1000)]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        read = browser.new_page().evaluate(
            "([xs, pages]) => pages.map(b => xs.map(x => { try { return new URL(x, b).href } catch (e) { return null } }))",
            [addresses + made, pages])
        browser.close()
    assert list(zip(addresses, read[0])) == [(address, href) for address, href, _ in ADDRESSES]
    for page, hrefs in zip(pages, read):
        differ = [(address, href, browser_href(address, page)) for address, href in zip(addresses + made, hrefs)
                  if browser_href(address, page) != href]
        # an address of another scheme (`view-source:`, `x:`) browser_href does not read further
        special = ("http:", "https:", "ws:", "wss:", "ftp:")
        assert [d for d in differ if d[2] is None or d[2].startswith(special)] == [], page
