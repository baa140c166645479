"""Links to pages that are not published (consent.md, section 8: "No trace, no inference").

A link to an excluded page, however it is written (any tag that navigates, any spelling
of the site's own address, a Markdown link MkDocs cannot resolve, a front-matter address
drawn by a template), is rendered as plain text or removed, listed in the report, and
never printed in a build log. Links to published pages are left byte for byte.
"""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest

from conftest import NOW, BuildResult, all_output_text
from hromada import links
from hromada.content import ContentIndex
from hromada.publication import Publication
from test_rules import NOW as RULES_NOW, make_doc, person

HOST = "hromada.example.org"
GONE = "voices/02-gone/"  # an excluded page
KEPT = "voices/01-kept/"  # a published page


def fate(href: str) -> str | None:
    """A decision as the build makes it, on page news/links/: GONE is unpublished."""
    found = links.target_path(href, "news/links", HOST)
    return None if found and found[0].removesuffix("index.html").rstrip("/") + "/" == GONE else href


def rewrite(html: str) -> str:
    return links.rewrite(html, fate)


# --- 1. tags are found as a browser finds them ----------------------------------------------
def test_a_published_page_sharing_an_unpublished_pages_name_keeps_its_links():
    """news/02-gone/ is published, voices/02-gone/ withdrawn: a link that reaches the
    published page stays; one that reaches no page but ends in that name goes."""
    docs = [make_doc("news/links.md"), make_doc("news/02-gone.md"), make_doc("voices/02-gone.md", people=("P-2",))]
    index = ContentIndex()
    for doc in docs:
        index.add(doc)
    people = {"P-2": person("P-2", status="withdrawn", withdrawn=date(2026, 5, 1))}
    policy = links.LinkPolicy(index, Publication(index, people, RULES_NOW), HOST)
    doc = index.by_src_uri["news/links.md"]
    assert policy.fate(doc, "../02-gone/") == "../02-gone/" and policy.fate(doc, "02-gone.md") is not None
    assert policy.fate(doc, "../../elsewhere/02-gone/") is None


@pytest.mark.parametrize("tag", [
    '<a title="a>b" href="../../voices/02-gone/">',
    "<a title='a>b' href='../../voices/02-gone/'>",
    '<a data-x="<b>" href=../../voices/02-gone/>',
    '<a\ntitle="x"\nHREF = "../../voices/02-gone/">',
    '<a title="x"href="../../voices/02-gone/">',
    '<a/href="../../voices/02-gone/">',
])
def test_an_anchor_with_a_quoted_greater_than_sign_is_still_seen(tag):
    assert rewrite(f"<p>See {tag}her story</a>.</p>") == '<p>See <span class="hx-unlinked">her story</span>.</p>'


def test_links_to_published_pages_stay_byte_for_byte():
    html = ('<p><a title="a>b" href="../../voices/01-kept/">kept</a>, <a  HREF = \'#top\' >top</a>,\n'
            '<a href="https://example.org/x?a=1&amp;b=2">out</a> <a href="mailto:x@example.org">mail</a> '
            '<a href="https://hromada.example.org:443/voices/01-kept/">host</a> '
            '<area href="/voices/01-kept/"><form action="../../voices/01-kept/" method=post>'
            '<button formaction="/voices/01-kept/">b</button></form><iframe src="/voices/01-kept/"></iframe>'
            '<img src="img/x.jpg" alt="a > b"><!-- note --><script>if (a<b) x = "<a href=\'/y/\'>";</script></p>')
    assert rewrite(html) == html


def test_the_anchors_words_stay_without_any_of_its_attributes():
    assert rewrite('<a class="c" title="02-gone" href="/voices/02-gone/"><em>her</em> story</a>') == \
        '<span class="hx-unlinked"><em>her</em> story</span>'


def test_an_address_as_link_text_goes_with_the_link():
    url = "https://hromada.example.org/voices/02-gone/"
    assert rewrite(f'<p>Read <a href="{url}">{url}</a>.</p>') == "<p>Read .</p>"  # an autolink
    assert rewrite(f'<p><a href="{url}">hromada.example.org/voices/02-gone/</a></p>') == "<p></p>"
    assert rewrite(f'<p><a href="{url}">the story</a></p>') == '<p><span class="hx-unlinked">the story</span></p>'


@pytest.mark.parametrize("words", [
    "hromada.example.org&#x2F;voices/02-gone/", "hromada.example.org&#47;voices&#47;02-gone/",
    "https:&sol;&sol;hromada.example.org/voices/02-gone/", "&#104;romada.example.org&#x2f;voices/02-gone/",
    "https:&#x2F;&#x2F;hromada.example.org/voices/02-gone/",
])
def test_an_address_written_with_character_references_goes_as_written_plainly(words):
    """`host&#x2F;voices/...` is shown to readers as `host/voices/...` (red-team round 4 left it
    open): it is read as shown. The rest of the words stay, written anew; a published page's
    address in the same words, another site's, and words without any address stay as they
    were, references and all (the controls)."""
    page = f"<p>Read {words}. Also hromada.example.org&#x2F;{KEPT} &amp; elsewhere.example.net&#x2F;voices/02-gone/.</p>"
    assert links.rewrite(page, fate, site_host=HOST) == \
        f"<p>Read . Also hromada.example.org/{KEPT} &amp; elsewhere.example.net/voices/02-gone/.</p>"
    kept = f"<p>Tom &amp; Jerry&#39;s hromada.example.org&#x2F;{KEPT}.</p>"
    assert links.rewrite(kept, fate, site_host=HOST) == kept


def test_an_anchor_without_its_end_tag_and_two_anchors_in_a_row():
    assert rewrite('<p><a href="/voices/02-gone/">open') == '<p><span class="hx-unlinked">open</span>'
    assert rewrite('<a href="/voices/02-gone/">one<a href="/news/">two</a>') == \
        '<span class="hx-unlinked">one</span><a href="/news/">two</a>'
    assert rewrite('<a href="/voices/02-gone/') == '<span class="hx-unlinked"></span>'  # cut off: no href left


def test_text_that_is_not_markup_is_searched_too():
    assert rewrite('<!-- <a href="/voices/02-gone/">c</a> -->') == '<!-- <span class="hx-unlinked">c</span> -->'
    assert rewrite('<textarea><a href="/voices/02-gone/">t</a></textarea>') == \
        '<textarea><span class="hx-unlinked">t</span></textarea>'


# --- 2. any spelling of the site's own address ----------------------------------------------
@pytest.mark.parametrize("href", [
    "https://hromada.example.org/voices/02-gone/",
    "https://hromada.example.org:443/voices/02-gone/",
    "http://hromada.example.org:80/voices/02-gone/",
    "https://hromada.example.org./voices/02-gone/",
    "https://user@hromada.example.org/voices/02-gone/",
    "https://user:pw@HROMADA.Example.ORG/voices/02-gone/",
    "//hromada.example.org/voices/02-gone/",
    "\\\\hromada.example.org\\voices\\02-gone\\",
    "https:\\\\hromada.example.org\\voices\\02-gone\\",
    "https:/hromada.example.org/voices/02-gone/",
    "http:hromada.example.org/voices/02-gone/",
    "https://hromada%2Eexample.org/voices/02-gone/",
    "https://hromada\uff0eexample\u3002org/voices/02-gone/",
    "https://www.hromada.example.org/voices/02-gone/",  # the same site under www. (a red-team review)
    "HTTPS://WWW.hromada.example.org./voices/02-gone/",
    "..\\..\\voices\\02-gone\\",
    "../../../../../voices/02-gone/",
    "/voices/./02-gone/index.html",
    "/voices//%30%32-gone/#part",
    " \t/voices/02-\ngone/?x=1",
])
def test_the_sites_own_address_in_any_spelling_is_internal(href):
    assert links.target_path(href, "news/links", HOST)[0].removesuffix("index.html").rstrip("/") == GONE.rstrip("/")
    assert rewrite(f'<a href="{href}">w</a>') == '<span class="hx-unlinked">w</span>'


@pytest.mark.parametrize("href", [
    "https://evil.example.org/voices/02-gone/",
    "https://hromada.example.org.evil.org/voices/02-gone/",
    "https://wwwhromada.example.org/voices/02-gone/",
    "https://www.evil.org/voices/02-gone/",
    "https://evil.hromada.example.org/voices/02-gone/",
    "https://hromada.example.org@evil.org/voices/02-gone/",
    "//evil.org/voices/02-gone/",
    "mailto:hromada.example.org/voices/02-gone/",
    "ftp://hromada.example.org/voices/02-gone/",
    "#voices/02-gone/",
])
def test_other_sites_and_schemes_are_not_ours(href):
    assert links.target_path(href, "news/links", HOST) is None
    assert rewrite(f'<a href="{href}">w</a>') == f'<a href="{href}">w</a>'


# --- 3. every element that navigates --------------------------------------------------------
@pytest.mark.parametrize("html,expected", [
    ('<map name="m"><area shape="rect" coords="0,0,1,1" href="/voices/02-gone/" alt="x"></map>', '<map name="m"></map>'),
    ('<form action="../../voices/02-gone/" method="post"><input name="q"></form>', '<form method="post"><input name="q"></form>'),
    ('<form action="/voices/02-gone/"method=post>', '<form method=post>'),
    ('<button type="submit" formaction="/voices/02-gone/">Go</button>', '<button type="submit">Go</button>'),
    ('<input type="submit" formaction="/voices/02-gone/" value="Go">', '<input type="submit" value="Go">'),
    ('<iframe title="f" src="/voices/02-gone/"></iframe>', '<iframe title="f"></iframe>'),
    ('<link rel="prefetch" href="/voices/02-gone/">', '<link rel="prefetch">'),
    ('<object data="/voices/02-gone/">fallback</object>', '<object>fallback</object>'),
    ('<meta http-equiv="refresh" content="0; url=\'/voices/02-gone/\'">', '<meta http-equiv="refresh">'),
    ('<svg><a xlink:href="/voices/02-gone/"><text>t</text></a></svg>', '<svg><span class="hx-unlinked"><text>t</text></span></svg>'),
    ('<a href="/news/" ping="/voices/02-gone/">n</a>', '<a href="/news/">n</a>'),
    ('<meta itemprop="url" content="https://hromada.example.org/voices/02-gone/">', '<meta itemprop="url">'),
    ('<div itemscope itemid="/voices/02-gone/">x</div>', '<div itemscope>x</div>'),
    # a style loads what it names: a page's address in it is a trace all the same
    ('<p style="background:url(/voices/02-gone/)" class="c">x</p>', '<p class="c">x</p>'),
    ('<p class="c" style=\'background:url("../../voices/02-gone/")\'>x</p>', '<p class="c">x</p>'),
    ('<p style="background:image-set(&quot;/voices/02-gone/&quot; 1x)">x</p>', '<p>x</p>'),
    ('<style>.x{background:url(/voices/02-gone/)}</style><p>x</p>', '<style></style><p>x</p>'),
    ('<style>@import "/voices/02-gone/";</style>', '<style></style>'),
    # an iframe's srcdoc is a page of its own, with its own links
    ('<iframe srcdoc="<p><a href=\'/voices/02-gone/\'>x</a></p>"></iframe>',
     '<iframe srcdoc="&lt;p&gt;&lt;span class=&quot;hx-unlinked&quot;&gt;x&lt;/span&gt;&lt;/p&gt;"></iframe>'),
])
def test_elements_that_navigate_lose_the_address(html, expected):
    assert rewrite(html) == expected
    control = html.replace("02-gone", "01-kept")
    assert rewrite(control) == control


def test_a_style_spelling_the_address_with_escapes_or_comments_loses_it_too():
    assert rewrite('<p style="background:url(/voices/02-g\\6f ne/)">x</p>') == "<p>x</p>"
    assert rewrite('<style>@import/**/"/voices/02-gone/";</style>') == "<style></style>"
    assert rewrite('<svg><style>p{background:u&#114;l(/voices/02-gone/)}</style></svg>') == "<svg><style></style></svg>"
    kept = '<p style="font-family:&quot;Open Sans&quot;;background:url(/voices/01-kept/x.png)">x</p>'
    assert rewrite(kept) == kept  # control: a style naming no unpublished page is kept byte for byte


# --- the policy: Markdown links, case, and the author's meaning ------------------------------
@pytest.fixture
def policy():
    docs = [make_doc("news/links.md"), make_doc("news/links.md", lang="uk"),
            make_doc("voices/01-kept.md"), make_doc("voices/01-kept.md", lang="uk"),
            make_doc("voices/02-gone.md", people=("P-2",)), make_doc("news/english-only.md")]
    index = ContentIndex()
    for doc in docs:
        index.add(doc)
    people = {"P-2": person("P-2", status="withdrawn", withdrawn=date(2026, 5, 1))}
    return links.LinkPolicy(index, Publication(index, people, RULES_NOW), HOST), index


@pytest.mark.parametrize("href", [
    "../voices/02-gone.md", "../voices/02-gone.MD", "../voices/02-gone.Markdown",
    "../voices/02-Gone.md#part", "../voices/02-gone.uk.md", "../../voices/02-gone.MD",
    "/voices/02-gone.md", "../voices/02-gone/", "../voices/02-gone",
    "../voices/02-gone.html", "../voices/02-gone/index.html", "../../Voices/02-Gone/",
    # invisible characters: no server serves these, but every reader reads the page's address in them
    "../../voices/02-gone%09/", "../../voices/02-go%E2%80%8Bne/", "../voices/02-gone%C2%AD.md",
    "../../voices/02-gone%20/",
])
def test_a_markdown_link_in_any_form_to_an_excluded_page_is_ours_and_unlinked(policy, href):
    policy, index = policy
    doc = index.by_src_uri["news/links.md"]
    assert policy.target(doc, href) is not None  # so the hooks' log filter drops MkDocs' warning naming it
    assert policy.fate(doc, href) is None
    assert policy.unlinked == {"docs/news/links.md": {"docs/voices/02-gone.md"}}


@pytest.mark.parametrize("href", [
    "../../voices/02-gone/index.md", "../voices/02-gone/index.MD", "../voices/02-gone/README.md",
    "../voices/02-gone/index.uk.md", "../../voices/02-gone/index.htm", "../../voices/02-gone/index",
    "../../voices/02-gone.md/", "../../voices/02-gone%C2%A0/", "../../voices/02-gone;/",
    "../../voices/02-gone/%3F", "../voices/02-gone/photo.png",
])
def test_a_link_that_reaches_no_page_but_names_an_unpublished_one_goes(policy, href):
    """No server serves these, but every reader reads the page's address in them."""
    policy, index = policy
    doc = index.by_src_uri["news/links.md"]
    assert policy.fate(doc, href) is None
    assert policy.unlinked == {"docs/news/links.md": {"docs/voices/02-gone.md"}}
    control = href.replace("02-gone", "01-kept")  # the same spelling of a published page's address is left alone
    assert policy.fate(doc, control) is not None


@pytest.mark.parametrize("href", [
    "https://web.archive.org/web/2025/https://hromada.example.org/voices/02-gone/",
    "https://web.archive.org/web/2025/https://WWW.Hromada.Example.org.:443/voices/02-gone/",
    "https://t.me/share/url?url=https%3A%2F%2Fhromada.example.org%2Fvoices%2F02-gone%2F&text=Read",
    "https://translate.example.net/?u=https%253A%252F%252Fhromada.example.org%252Fvoices%252F02-gone",
    "mailto:?subject=Story&body=Read%20https%3A%2F%2Fhromada.example.org%2Fvoices%2F02-gone%2F",
    "https://archive.example.net/save/http://hromada.example.org\\voices\\02-gone",
    "https://hromada.example.org/find?u=https%3A%2F%2Fhromada.example.org%2Fvoices%2F02-gone%2F",
])
def test_another_sites_address_holding_an_unpublished_pages_address_goes(policy, href):
    """An archive's copy, a share link, a mail: the unpublished page's address is in the link,
    written as another site's; the link goes as a direct one would, and a published page's
    address in the same place is left alone."""
    policy, index = policy
    doc = index.by_src_uri["news/links.md"]
    assert policy.fate(doc, href) is None
    assert policy.unlinked == {"docs/news/links.md": {"docs/voices/02-gone.md"}}
    control = href.replace("02-gone", "01-kept")
    assert policy.fate(doc, control) == control
    assert policy.fate(doc, "https://web.archive.org/web/2025/https://example.org/voices/02-gone/") is not None


@pytest.mark.parametrize("href", [
    "02-gone.md", "02-gone.uk.md", "../02-GONE.MD", "https://hromada.example.org/archive/02-gone/",
    "https://hromada.example.org/voices/?p=02-gone", "/voices/#02-gone", "../../voices/#02-GONE",
    "https://example.net/share?text=Read%2002-gone%20now", "https://example.net/?u=02%252Dgone",
])
def test_a_query_or_fragment_spelling_an_unpublished_pages_address_goes(policy, href):
    """`?p=02-gone` or `#02-gone` on a link prints the withdrawn page's address (often her
    name) as surely as a link to it; a published page's in the same place stays."""
    policy, index = policy
    doc = index.by_src_uri["news/links.md"]
    assert policy.fate(doc, href) is None
    assert policy.unlinked == {"docs/news/links.md": {"docs/voices/02-gone.md"}}
    control = href.replace("02-gone", "01-kept").replace("02-GONE", "01-KEPT").replace("02%252Dgone", "01%252Dkept")
    assert policy.fate(doc, control) is not None
    other = href.replace("02-gone", "x02-gone2").replace("02-GONE", "x02-GONE2").replace("02%252Dgone", "x02%252Dgone2")
    assert policy.fate(doc, other) is not None  # a word of its own


@pytest.mark.parametrize("tag", [
    '<p data-see="../../voices/02-gone/">x</p>', '<img src="a.png" srcset="a.png 1x, ../../voices/02-gone/ 2x">',
    '<link rel="prefetch" imagesrcset="/voices/02-gone/ 1x">',
    '<meta property="og:see_also" content="https://hromada.example.org/voices/02-gone/">',
    '<span title="see /voices/02-gone/">x</span>',
])
def test_any_attribute_spelling_an_unpublished_pages_address_loses_it(policy, tag):
    """srcset lists, data-* attributes, a <meta> content, a title: the attribute goes, the
    element stays; the same attribute naming a published page stays byte for byte."""
    policy, index = policy
    doc = index.by_src_uri["news/links.md"]
    out = links.rewrite(tag, lambda href: policy.fate(doc, href))
    assert "02-gone" not in out and out.startswith(tag.split()[0]), out
    kept = tag.replace("02-gone", "01-kept")
    assert links.rewrite(kept, lambda href: policy.fate(doc, href)) == kept


def test_an_address_held_in_another_must_be_the_published_one_as_written(policy):
    """Inside another site's address ours cannot be written anew: the English page's address
    on a Ukrainian page is kept (it is published), a Ukrainian address of a page published in
    English only is not."""
    policy, index = policy
    uk = index.by_src_uri["news/links.uk.md"]
    kept = "https://web.archive.org/web/2025/https://hromada.example.org/voices/01-kept/"
    assert policy.fate(uk, kept) == kept
    assert policy.fate(uk, kept.replace("/stories/", "/uk/stories/")) == kept.replace("/stories/", "/uk/stories/")
    assert policy.fate(uk, "https://web.archive.org/web/2025/https://hromada.example.org/uk/news/nothing-here/") is not None
    assert policy.unlinked == {}
    english = "https://web.archive.org/web/2025/https://hromada.example.org/news/english-only/"
    assert policy.fate(uk, english) == english
    assert policy.fate(uk, english.replace("/news/", "/uk/news/")) is None  # no such page: it would only spell the address


def test_links_to_published_pages_are_kept_or_written_as_meant(policy):
    policy, index = policy
    en, uk = index.by_src_uri["news/links.md"], index.by_src_uri["news/links.uk.md"]
    assert policy.fate(en, "../../voices/01-kept/") == "../../voices/01-kept/"  # as written
    assert policy.fate(en, "https://hromada.example.org.:443/voices/01-kept/#a") == \
        "https://hromada.example.org.:443/voices/01-kept/#a"
    assert policy.fate(en, "../voices/01-kept.MD#a") == "../../voices/01-kept/#a"  # MkDocs left it
    assert policy.fate(en, "../voices/01-kept/") == "../../voices/01-kept/"  # relative to the file
    assert policy.fate(uk, "../voices/01-kept.md") == "../../voices/01-kept/"  # its own language
    assert policy.fate(en, "../../voices/01-kept%09/") == "../../voices/01-kept/"  # made to work
    assert policy.fate(en, "https://example.org/voices/02-gone/") == "https://example.org/voices/02-gone/"
    assert policy.unlinked == {}


# --- one build: every way of linking, the report, the log -------------------------------------
LINKS = """\
---
title: Links
date: 2025-05-16
summary: Links to a withdrawn story.
people: none
---
Kept: [kept](../stories/voices/01-kept.md) and <a title="a>b" href="../../stories/voices/01-kept/">kept too</a>.

1 <a title="a>b" href="../../stories/voices/02-canaryslugzq/">one</a>

2 <a href="https://hromada.example.org:443/stories/voices/02-canaryslugzq/">2a</a>
<a href="https://hromada.example.org./stories/voices/02-canaryslugzq/">2b</a>
<a href="https://user@hromada.example.org/stories/voices/02-canaryslugzq/">2c</a>
<a href="..\\..\\stories\\voices\\02-canaryslugzq\\">2d</a>
<a href="https:\\\\hromada.example.org\\stories\\voices\\02-canaryslugzq\\">2e</a>
<a href="//hromada.example.org/stories/voices/02-canaryslugzq/">2f</a>

<map name="m"><area shape="rect" coords="0,0,1,1" href="../../stories/voices/02-canaryslugzq/" alt="3a"></map>
<iframe src="../../stories/voices/02-canaryslugzq/"></iframe>
<link rel="prefetch" href="/stories/voices/02-canaryslugzq/">


5 [five](../stories/voices/02-canaryslugzq.MD), [five b](../stories/voices/02-canaryslugzq/),
[five c](../stories/voices/02-canaryslugzq.markdown) and <https://hromada.example.org/stories/voices/02-canaryslugzq/>

6 [six](https://web.archive.org/web/2025/https://hromada.example.org/stories/voices/02-canaryslugzq/) and
[six b](mailto:?body=https%3A%2F%2Fhromada.example.org%2Fstories%2Fvoices%2F02-canaryslugzq%2F)
and [six c](https://web.archive.org/web/2025/https://hromada.example.org/stories/voices/kept/)

7 [seven](https://hromada.example.org/stories/voices/?p=02-canaryslugzq) and [seven b](../../stories/voices/#02-canaryslugzq)

8 [eight](../../stories/voices/canaryslugzq/) and [eight b](https://hromada.example.org/stories/voices/canaryslugzq/)
"""


def test_one_build_links_to_an_excluded_page_leave_no_trace(project):
    project.person("P-0001")
    project.person("P-0002", consent={"status": "withdrawn", "withdrawn": "2026-01-01"})
    project.write("stories/voices/index.md", "---\ntitle: Voices\nsummary: A series.\npeople: none\n---\nSeries.\n")
    for n, ref, slug, title in ((1, "P-0001", "kept", "Kept story"), (2, "P-0002", "canaryslugzq", "Canarytitlezq story")):
        project.write(f"stories/voices/0{n}-{slug}.md",
                      f"---\ntitle: {title}\ndate: 2025-0{n}-01\nsummary: A story.\npeople: [{ref}]\n---\nStory {n}.\n")
    project.write("docs/news/links.md", LINKS)
    gone = "https://hromada.example.org/stories/voices/02-canaryslugzq/"
    kept = "https://hromada.example.org/stories/voices/kept/"
    project.write("docs/campaigns/act.md", f"""\
        ---
        title: Act
        date: 2025-05-16
        summary: A campaign.
        people: none
        call_to_action:
          - {{label: Read her story, url: "{gone}"}}
          - {{label: Read the kept story, url: "{kept}"}}
        ---
        Act now.
        """)
    project.write("docs/events/meet.md", f"""\
        ---
        title: Meet
        date: 2026-11-01
        summary: An event.
        people: none
        start: 2026-12-10T18:00:00+02:00
        timezone: Europe/Kyiv
        location: {{name: Hall, city: Kyiv, country: Ukraine}}
        registration: "{gone}"
        ---
        Come.
        """)
    site = project.root / "site"
    # not quiet (-q): MkDocs' INFO lines about links are in a public log too
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(site)], cwd=project.root,
                            capture_output=True, text=True, timeout=600,
                            env={**os.environ, "HROMADA_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"})
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "Documentation built" in log  # control: INFO lines are shown
    assert "canaryslugzq" not in log.lower() and "canarytitlezq" not in log.lower()
    texts = all_output_text(site)
    for rel, text in texts.items():
        assert "canaryslugzq" not in rel.lower() and "canaryslugzq" not in text.lower(), rel
        assert "canarytitlezq" not in text.lower(), rel
    # controls: published pages stay linked, words stay, the search finds what is there
    news, campaign, event = (texts[f"{p}/index.html"] for p in ("news/links", "campaigns/act", "events/meet"))
    # a story is published without its part number: the file's name, and an address with it, reach it
    assert 'href="../../stories/voices/kept/">kept</a>' in news
    assert '<a title="a>b" href="../../stories/voices/kept/">kept too</a>' in news
    # (a form and a style's background are refused in a page's text, test_careless_input; how the
    # links settle them, in the design's templates too: the rewrite cases above)
    assert 'href="https://web.archive.org/web/2025/https://hromada.example.org/stories/voices/kept/">six c</a>' in news
    for words in ("one", "2a", "2f", "five", "five b", "six", "six b", "seven", "seven b", "eight", "eight b"):
        assert f'<span class="hx-unlinked">{words}</span>' in news
    assert '<span class="hx-unlinked">Read her story</span>' in campaign and f'href="{kept}"' in campaign
    assert '<span class="hx-unlinked">Register</span>' in event
    assert "Kept story" in texts["stories/voices/kept/index.html"]
    report = (project.root / "reports/build-report.md").read_text(encoding="utf-8")
    for page in ("docs/news/links.md", "docs/campaigns/act.md", "docs/events/meet.md"):
        assert f"{page} linked to stories/voices/02-canaryslugzq.md" in report


def test_own_pages_where_no_decision_settles_them_are_refused_by_the_check(project, capsys):
    """The header's action link, the footer's contact and an online event's address are
    drawn where no page's decision applies (every page, calendar files): one of the site's
    own pages there is refused in one line saying what to write instead."""
    from test_errors import GOOD_NEWS, check_lines, problems_of

    event = ("---\ntitle: Meeting\ndate: 2025-05-16\nsummary: Online.\npeople: none\nstart: 2030-05-16T10:00:00+02:00\n"
             "location: {{online: \"{url}\"}}\n---\nJoin.\n")
    project.write("docs/news/good.md", GOOD_NEWS)
    project.write("docs/events/meeting.md", event.format(url="https://meet.example.org/room"))
    code, lines = check_lines(project, capsys)
    assert code == 0, lines  # positive control: another site's addresses
    project.write("docs/events/meeting.md", event.format(url="https://HROMADA.example.org:443/stories/x/"))
    cfg = project.root / "mkdocs.yml"
    text = cfg.read_text(encoding="utf-8")
    assert "url: https://example.org/donate" in text
    cfg.write_text(text.replace("url: https://example.org/donate", "url: https://hromada.example.org./news/x/"),
                   encoding="utf-8")
    code, lines = check_lines(project, capsys)
    assert code == 1
    assert problems_of(lines, "docs/events/meeting.md") == [
        "docs/events/meeting.md: location.online: a meeting or stream address on another site (calendar apps open it "
        "as it is); link a page of this site from the page's text (found one of this site's addresses, not repeated "
        "here: it may be a page that is not published)"]
    assert [line for line in problems_of(lines, "mkdocs.yml") if "action.url" in line] == [
        "mkdocs.yml: extra.hromada.action.url: an address on another site; for a page of this site write page: and "
        "its English file, like campaigns/release-hostages.md (found one of this site's addresses, not repeated here: it "
        "may be a page that is not published)"]
    assert not any("/stories/x/" in line or "/news/x/" in line for line in lines), lines  # consent.md section 8


@pytest.mark.parametrize("token", ["https://hromada.example.org:443/news/img/x.jpg", "https://user@Hromada.Example.org./news/img/x.jpg",
                                   "//hromada.example.org/news/img/x.jpg"])
def test_a_picture_named_by_any_spelling_of_our_host_is_a_use_the_page_must_declare(token):
    from hromada import media_uses

    assert media_uses.resolve(token, ("news",), "hromada.example.org") == {"news/img/x.jpg"}
    assert media_uses.resolve(token.replace("hromada.example.org", "other.example.org").replace("Hromada.Example.org", "other.org"),
                              ("news",), "hromada.example.org") == set()  # control: another site's picture


def test_a_link_to_an_address_the_site_does_not_have_is_a_warning(project):
    """`/safty/` in a page, `../evnts/` from a news page, a call to action to `https://<our host>/dontae/`: each was
    published as a dead end with no word (a careless-editor review). The build names each with
    the address it meant, in its last lines (without the address, which may be a page deleted
    at its person's request: red-team round 7) and whole in its report; a page address the
    build draws in no language is published as plain text, a file's stays a dead end. Links to
    what the build writes (pages, listings, feeds, calendars, the search index, a picture, a
    page of another language) are not named: the positive control. Still a warning, so a typo
    never holds back the site."""
    project.write("docs/safety.md", "---\ntitle: Safety\npeople: none\n---\nStay safe.\n")
    project.write("docs/news/good.md", "---\ntitle: Good\ndate: 2025-05-16\nsummary: s\npeople: none\n---\nGood.\n")
    project.write("docs/news/good.uk.md", "---\ntitle: Добре\ndate: 2025-05-16\nsummary: s\npeople: none\n---\nДобре.\n")
    project.write("docs/news/links.md", "---\ntitle: Links\ndate: 2025-05-17\nsummary: s\npeople: none\n---\n"
                  "[ok](/safety/) [ok](../good/) [ok](/uk/news/good/) [ok](/news/) [ok](/feed/rss.xml) "
                  "[ok](/uk/) [ok](#top) [ok](https://elsewhere.example.net/safty/)\n\n"
                  "[bad](/safty/) [bad](../evnts/) [bad](https://hromada.example.org/uk/nws/) [bad](/feed/rs.xml)\n")
    project.write("docs/campaigns/act.md", "---\ntitle: Act\ndate: 2025-05-17\nsummary: s\npeople: none\n"
                  "call_to_action:\n  - {label: Give, url: \"https://hromada.example.org/dontae/\"}\n---\nAct.\n")
    site = project.root / "site"
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(project.root / "mkdocs.yml"), "-d", str(site)],
                          cwd=project.root, env={**os.environ, "HROMADA_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"},
                          capture_output=True, text=True, timeout=600)  # not -q: it silences MkDocs' warnings
    result = BuildResult(proc.returncode, proc.stdout, proc.stderr, site)
    assert result.returncode == 0, result.output
    assert (result.site / "feed/rss.xml").is_file() and (result.site / "uk/news/good/index.html").is_file()
    logged = sorted(line.split("WARNING -  ", 1)[1] for line in result.output.splitlines() if "leads nowhere" in line)
    hidden = "found one of this site's addresses, not repeated here: it may be a page that is not published; it leads nowhere: "
    assert logged == [
        f"docs/campaigns/act.md: call_to_action: a link to an address of this site that it has ({hidden}it is published "
        "as plain text; the build report names it)",
        f"docs/news/links.md: body: a link to an address of this site that it has ({hidden}it is published as plain text; "
        "the build report names it)",
        f"docs/news/links.md: body: a link to an address of this site that it has ({hidden}readers would get a dead end; "
        "the build report names it)",
        f"docs/news/links.md: body: did you mean /safety/? a link to an address of this site that it has ({hidden}it is "
        "published as plain text; the build report names it)",
        f"docs/news/links.md: body: did you mean /uk/news/? a link to an address of this site that it has ({hidden}it is "
        "published as plain text; the build report names it)",
    ], result.output
    assert not any(address in result.output for address in ("safty", "evnts", "nws", "dontae", "rs.xml"))
    report = (result.site.parent / "reports" / "build-report.md").read_text(encoding="utf-8")
    assert sorted(line[2:] for line in report.splitlines() if "leads nowhere" in line) == [
        "docs/campaigns/act.md: call_to_action: a link to an address of this site that it has (found "
        "'https://hromada.example.org/dontae/', which leads nowhere: it is published as plain text)",
        "docs/news/links.md: body: a link to an address of this site that it has (found '../evnts/', which leads "
        "nowhere: it is published as plain text)",
        "docs/news/links.md: body: a link to an address of this site that it has (found '/feed/rs.xml', which leads "
        "nowhere: readers would get a dead end)",
        "docs/news/links.md: body: did you mean /safety/? a link to an address of this site that it has (found "
        "'/safty/', which leads nowhere: it is published as plain text)",
        "docs/news/links.md: body: did you mean /uk/news/? a link to an address of this site that it has (found "
        "'https://hromada.example.org/uk/nws/', which leads nowhere: it is published as plain text)",
    ], report
    page = (result.site / "news/links/index.html").read_text(encoding="utf-8")
    assert page.count('<span class="hx-unlinked">bad</span>') == 3 and 'href="/feed/rs.xml"' in page
    assert page.count("<a ") >= 8  # control: the links that reach something stay links
    strict = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project.root / "mkdocs.yml"),
                             "-d", str(project.root / "strict")], cwd=project.root, capture_output=True, text=True,
                            env={**os.environ, "HROMADA_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}, timeout=600)
    assert strict.returncode != 0 and not (project.root / "strict").exists(), strict.stderr  # --strict: dead ends refused


def test_an_unpublished_pages_address_written_as_words_leaves_no_trace(project):
    """A withdrawn story's address written out as words (`Related: https://<host>/stories/...`) in
    a news page's text reached its page, the listings, the feeds and the search index, and
    feed apps make such words a link (red-team round 4). In the text it now goes as its link
    would; in a summary or title, which no decision settles, `hromada check` refuses it. A
    published page's address and another site's stay in the text (the control)."""
    project.person("P-0002", consent={"status": "withdrawn", "withdrawn": "2026-01-01"})
    project.write("stories/voices/index.md", "---\ntitle: Voices\nsummary: A series.\npeople: none\n---\nSeries.\n")
    project.write("stories/voices/01-canaryslugzq.md",
                  "---\ntitle: Gone\ndate: 2025-01-01\nsummary: s\npeople: [P-0002]\n---\nStory.\n")
    project.write("docs/news/kept.md", "---\ntitle: Kept\ndate: 2025-01-01\nsummary: s\npeople: none\n---\nKept.\n")
    project.write("docs/news/words.md", "---\ntitle: Words\ndate: 2025-05-16\nsummary: A summary.\npeople: none\n---\n"
                  "Related: https://hromada.example.org/stories/voices/canaryslugzq/. Also "
                  "hromada.example.org/stories/voices/canaryslugzq/ and WWW.HROMADA.EXAMPLE.ORG/stories/voices/canaryslugzq/, "
                  "//hromada.example.org/stories/voices/01-canaryslugzq/ (numbered), "
                  "hromada.example.org&#x2F;stories&#x2F;voices/canaryslugzq/ (references).\n\n"
                  "Kept: https://hromada.example.org/news/kept/ and https://elsewhere.example.net/report/ here.\n")
    result = project.build()
    assert result.returncode == 0, result.output
    texts = all_output_text(result.site)
    page = texts["news/words/index.html"]
    assert "https://hromada.example.org/news/kept/" in page and "https://elsewhere.example.net/report/" in page
    assert "Related: . Also" in page  # the words around it stay
    leaks = sorted(path for path, text in texts.items() if "canaryslugzq" in text)
    assert leaks == [], leaks
    # a summary, which listings, feeds and share cards print as it is, is refused before any build
    project.write("docs/news/words.md", "---\ntitle: Words\ndate: 2025-05-16\npeople: none\n"
                  "summary: See hromada.example.org/stories/voices/canaryslugzq/.\n---\nText.\n")
    result = project.build()
    assert result.returncode == 1 and ("docs/news/words.md: summary: words without an address of this site" in result.output
                                       and "canaryslugzq" not in result.output), result.output
    project.write("docs/news/words.md", "---\ntitle: Words\ndate: 2025-05-16\npeople: none\n"
                  "summary: See hromada.example.org&#x2F;stories/voices/canaryslugzq/.\n---\nText.\n")
    result = project.build()  # feed apps show `&#x2F;` in a summary as `/`
    assert result.returncode == 1 and "docs/news/words.md: summary: words without an address" in result.output, result.output


def test_only_blocks_holding_addresses_editors_wrote_are_settled_again():
    """Build.blocks reads again (links.rewrite) only the views that hold addresses from front
    matter: a campaign's call_to_action buttons, an event's registration or online meeting.
    Every other block is drawn from published pages only, as the listings are."""
    from hromada import views

    link = views.Link("Give", "https://hromada.example.org/voices/02-gone/")
    assert views.Actions("Take action", (link,), from_front_matter=True).editor_addresses
    assert not views.Actions("Published by", (views.Link("Support us", "https://elsewhere.example.net/give"),)).editor_addresses
    when = views.When("1 May", "2026-05-01")
    assert views.EventBox(when, "", False, register=link).editor_addresses
    assert views.EventBox(when, "", False, online=views.Link("Meeting", "https://meet.example.net/x")).editor_addresses
    assert not views.EventBox(when, "", False, where="Kyiv", calendar=views.Link("Add", "event.ics")).editor_addresses
    assert not views.SeriesNav("Part 1 of 2", "Parts").editor_addresses


@pytest.mark.parametrize("href", ["../canarydraftslug//../", "../canarydraftslug/./x/..//../", "..%5ccanarydraftslug%5c",
                                  "../canarydraftslug/"])
def test_a_link_is_read_where_a_browser_goes(project, href):
    """`../canarydraftslug//../` on news/pub/ leads a browser to news/canarydraftslug/ ('..' takes
    away the empty segment), but was read as news/, so the link to a draft was kept and its name
    published (a helper's probe, red-team round 7). `%5c` is a slash to some servers. The plain
    spelling is the control: it was always made plain text."""
    project.write("docs/news/canarydraftslug.md", "---\ntitle: Gone\ndate: 2025-05-01\nsummary: s\npeople: none\n"
                                                  "draft: true\n---\nx\n")
    project.write("docs/news/pub.md", "---\ntitle: Pub\ndate: 2025-05-01\nsummary: s\npeople: none\n---\n"
                                      f'<a href="{href}">her page</a> and [the news](../)\n')
    result = project.build()
    assert result.returncode == 0, result.output
    assert [p for p, text in all_output_text(result.site).items() if "canarydraftslug" in text and p != "hromada-manifest.json"] == []
    page = all_output_text(result.site)["news/pub/index.html"]
    assert '<span class="hx-unlinked">her page</span>' in page and 'href="../"' in page  # control: a link that stays


def test_words_with_a_slash_are_not_taken_for_an_address_that_leads_nowhere(project):
    """The rule that makes a page address the site does not have plain text (a deleted page's)
    read `<source type="image/webp">` as the address news/x/image/webp and took the attribute
    away. Only what is written as an address is judged: an attribute that is not one keeps its
    words; the link beside them is the control."""
    project.write("docs/news/pub.md", "---\ntitle: Pub\ndate: 2025-05-01\nsummary: s\npeople: none\n---\n"
                                      '<abbr title="24/7" data-kind="image/webp">open</abbr> <span title="and/or">x</span> '
                                      '<a href="../gone-typo/">gone</a>\n')
    result = project.build()
    assert result.returncode == 0, result.output
    page = all_output_text(result.site)["news/pub/index.html"]
    assert '<abbr title="24/7" data-kind="image/webp">open</abbr>' in page and 'title="and/or"' in page, page
    assert '<span class="hx-unlinked">gone</span>' in page  # control: an address is judged


def test_a_srcset_is_read_as_a_browser_splits_it(project):
    """A page file may be named `canary,gone.md` (published at canary,gone/): a srcset split at
    every comma read `../canary,gone/ 1x` as `../canary` and `gone/`, and kept a withdrawn page's
    address. Control: with consent given it stays."""
    from PIL import Image

    for status in ("withdrawn", "given"):
        project.person("P-0001", consent={"status": status, **({"withdrawn": "2026-05-01"} if status == "withdrawn" else {})})
        project.write("docs/news/canary,gone.md", "---\ntitle: Hers\ndate: 2025-05-01\nsummary: s\npeople: [P-0001]\n---\nx\n")
        (project.root / "docs/news/img").mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (8, 8), "white").save(project.root / "docs/news/img/x.png")
        project.write("docs/news/pub.md", "---\ntitle: Pub\ndate: 2025-05-02\nsummary: s\npeople: none\nmedia:\n"
                                          "  - {file: img/x.png, depicts: [], faces: none, location_visible: false}\n---\n"
                                          '<picture><source srcset="../canary,gone/ 1x"><img src="img/x.png" alt=""></picture>\n')
        result = project.build()
        page = all_output_text(result.site).get("news/pub/index.html", "") if result.returncode == 0 else result.output
        assert ("canary,gone" in page) is (status == "given"), (status, page[-2000:])
