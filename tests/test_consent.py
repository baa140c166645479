"""The consent gate, end to end: canary words planted in every part of a page
must be absent from every output file when the page is excluded, and present
(positive control) when it is published."""
from __future__ import annotations

import gzip
import hashlib
import posixpath
import io
import json
from pathlib import Path

import pytest
from PIL import Image

from conftest import all_output_text

# case -> (consent overrides, page overrides); each page carries the canary in
# title, summary, body, alt text and its image's file name.
CASES = {
    "withdrawn": ({"consent": {"status": "withdrawn", "withdrawn": "2026-05-01"}}, {}),
    "pending": ({"consent": {"status": "pending"}}, {}),
    "refused": ({"consent": {"status": "refused"}}, {}),
    "expired": ({"consent": {"expires": "2026-11-01"}}, {}),
    "reviewoverdue": ({"consent": {"review_by": "2026-09-01"}}, {}),
    "noweb": ({"scope": {"channels": ["search", "feeds"]}}, {}),
    "scheduled": ({}, {"date": "2027-01-15"}),
    "drafted": ({}, {"draft": "true"}),
}
CANARY = "canary{case}zq"


def jpeg_with_gps(seed: str = "") -> bytes:
    """A photo with camera and GPS EXIF; different seeds give different pictures
    (the same bytes under two names are one picture, with one set of facts)."""
    digest = hashlib.sha256(seed.encode()).digest()
    im = Image.new("RGB", (64, 48), (200, 80, 40) if not seed else tuple(digest[:3]))
    exif = Image.Exif()
    exif[0x010F] = "CanaryCam"  # Make
    exif[0x0110] = "Model Z"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (50.0, 27.0, 0.0), "E", (30.0, 31.0, 0.0)
    buf = io.BytesIO()
    im.save(buf, "JPEG", exif=exif)
    return buf.getvalue()


def person_page(project, case: str, ref: str, page: dict, lang_suffix: str = "") -> None:
    canary = CANARY.format(case=case)
    img = f"img/{canary}-photo.jpg"
    (project.root / "docs/news/img").mkdir(parents=True, exist_ok=True)
    (project.root / "docs/news" / img).write_bytes(jpeg_with_gps(img))
    fm = {"title": f"Story {canary} title", "date": "2025-06-01", "summary": f"Summary {canary}.",
          "people": f"[{ref}]", **page}
    lines = "".join(f"{k}: {v}\n" for k, v in fm.items())
    text = (f"---\n{lines}organization: numo-sestry\nmedia:\n"
            f"  - {{file: {img}, depicts: [{ref}], faces: blurred, location_visible: false}}\n---\n"
            f"Body text {canary} here.\n\n![Alt {canary}]({img})\n")
    (project.root / f"docs/news/{case}{lang_suffix}.md").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def gated(tmp_path_factory):
    from conftest import Project

    project = Project(tmp_path_factory.mktemp("consent") / "project")
    for i, (case, (consent, page)) in enumerate(CASES.items()):
        ref = f"P-{i:04d}"
        project.person(ref, **consent)
        person_page(project, case, ref, page)
    # published controls
    project.person("P-1000")
    person_page(project, "published", "P-1000", {})
    project.person("P-1001", scope={"channels": ["web", "feeds"]})
    person_page(project, "nosearch", "P-1001", {})
    # a language version outside consent: English allowed, Ukrainian not
    project.person("P-1002", scope={"languages": ["en"]})
    person_page(project, "langen", "P-1002", {})
    person_page(project, "languk", "P-1002", {}, lang_suffix=".uk")
    # a file lying in docs/ that no page declares
    (project.root / "docs/news/img/canaryundeclaredzq.jpg").write_bytes(jpeg_with_gps())
    result = project.build()
    assert result.returncode == 0, result.output
    return project, result.site, all_output_text(result.site)


def hits(outputs: dict[str, str], word: str) -> list[str]:
    return [path for path, text in outputs.items() if word in text.lower() or word in path.lower()]


@pytest.mark.parametrize("case", sorted(CASES))
def test_excluded_page_is_absent_from_every_output(gated, case):
    _, site, outputs = gated
    assert hits(outputs, CANARY.format(case=case)) == []
    assert not (site / "news" / case).exists()


def test_positive_control_is_found_everywhere_it_belongs(gated):
    _, site, outputs = gated
    found = hits(outputs, "canarypublishedzq")
    assert "news/published/index.html" in found
    assert any(p.startswith("pagefind/fragment/") for p in found)  # the search index (decompressed)
    assert "news/index.html" in found  # listed
    assert {"feed/rss.xml", "feed/atom.xml", "feed/feed.json", "news/rss.xml"} <= set(found)  # and in feeds
    assert any(p.endswith("canarypublishedzq-photo.jpg") for p in found)  # its image, by file name
    assert "sitemap.xml" in "".join(outputs) or "news/published/" in outputs["sitemap.xml"]
    assert "news/published/" in outputs["sitemap.xml"]


def test_undeclared_media_is_not_published(gated):
    _, _, outputs = gated
    assert hits(outputs, "canaryundeclaredzq") == []


def test_language_outside_consent_is_excluded_and_unlinked(gated):
    _, site, outputs = gated
    assert not (site / "uk/news/languk").exists()
    assert (site / "news/langen/index.html").is_file()
    # the Ukrainian version's canary is the same word; prove no uk URL of it anywhere
    assert [p for p in hits(outputs, "canarylangukzq") if p.startswith("uk/")] == []
    assert not any("uk/news/languk" in text for text in outputs.values())


def test_page_without_search_channel(gated):
    _, site, outputs = gated
    page = outputs["news/nosearch/index.html"]
    assert '<meta name="robots" content="noindex">' in page
    assert '<meta name="robots" content="noindex">' not in outputs["news/published/index.html"]
    index = "".join(text for path, text in outputs.items() if path.startswith("pagefind/")).lower()
    assert "canarypublishedzq" in index and "canarynosearchzq" not in index
    assert "news/nosearch/" not in outputs["sitemap.xml"]
    assert "canarynosearchzq" in outputs["news/index.html"].lower()  # still listed on the web


def test_the_search_index_takes_no_picture_from_another_pages_card(project):
    """Pagefind takes the first picture of a page's indexed part as its search-result image,
    also inside a block it skips for words: a related card showing someone who does not
    allow search must not lend it (render.NOT_CONTENT). A page's own picture still does."""
    project.person("P-0001", scope={"channels": ["web", "feeds"]})
    person_page(project, "hiddenface", "P-0001", {"categories": "[advocacy]"})
    project.person("P-0002")
    person_page(project, "ownface", "P-0002", {"categories": "[advocacy]"})
    project.write("docs/news/plain.md", "---\ntitle: Plain\ndate: 2025-07-01\nsummary: s\npeople: none\n"
                                        "categories: [advocacy]\n---\nNo picture of its own.\n")
    result = project.build()
    assert result.returncode == 0, result.output
    plain = (result.site / "news/plain/index.html").read_text(encoding="utf-8")
    assert "canaryhiddenfacezq-photo" in plain  # its card is there
    assert 'data-pagefind-ignore="all"' in plain and "&#34;all" not in plain  # the mark as Pagefind reads it
    images = {}
    for path in (result.site / "pagefind/fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        fragment = json.loads(raw[raw.index(b"{"):])
        images[fragment["url"]] = fragment.get("meta", {}).get("image", "")
    assert "/news/plain/" in images and "/news/hiddenface/" not in images
    assert not [url for url, image in images.items() if "hiddenface" in image], images
    assert "canaryownfacezq-photo" in images["/news/ownface/"], images  # positive control: its own picture


def test_an_events_place_beyond_a_persons_location_consent_excludes_the_page(project):
    """A venue and city tell where the person on the page will be, and when: finer than
    `location: country` allows. Default deny: the page is excluded (in every language, from
    every output), with the reason in the report; an online event, or consent to
    `settlement`, is published (red-team finding 5: it was only a warning)."""
    from conftest import all_output_text

    event = ("---\ntitle: {title}\ndate: 2026-10-01\nsummary: s\npeople: [{ref}]\nstart: 2026-12-10T18:00:00+02:00\n"
             "location: {where}\n---\nBody.\n")
    project.person("P-0001", scope={"location": "country"})
    project.person("P-0002", scope={"location": "settlement"})
    project.write("docs/events/hall.md", event.format(title="Hall", ref="P-0001",
                                                      where="{name: Canaryhallzq, city: Lviv, country: Ukraine}"))
    project.write("docs/events/online.md", event.format(title="Online", ref="P-0001", where="{online: 'https://meet.example.net/x'}"))
    project.write("docs/events/near.md", event.format(title="Near", ref="P-0002", where="{name: Hall, city: Lviv, country: Ukraine}"))
    project.write("docs/events/hybrid.md", event.format(  # an online meeting's name is shown as its place
        title="Hybrid", ref="P-0001", where="{online: 'https://meet.example.net/y', name: 'Canaryflatzq, 12 Lesi Ukrainky St'}"))
    result = project.build()
    assert result.returncode == 0, result.output
    assert not [rel for rel, text in all_output_text(result.site).items() if "Canaryflatzq" in text]
    report = json.loads((project.root / "reports/build-report.json").read_text(encoding="utf-8"))
    excluded = [e for e in report["excluded"] if "docs/events/hall.md" in json.dumps(e)]
    assert excluded and "location-beyond-consent" in json.dumps(excluded) and "allows location: country" in json.dumps(excluded)
    assert not (result.site / "events/hall/index.html").exists()
    assert not [rel for rel, text in all_output_text(result.site).items() if "Canaryhallzq" in text]
    assert (result.site / "events/online/index.html").is_file() and (result.site / "events/near/index.html").is_file()


def snippable_text(html: str) -> str:
    """The text of a page that a search engine may quote: outside every data-nosnippet element."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

        def __init__(self):
            super().__init__()
            self.stack: list[bool] = []  # per open element: inside data-nosnippet
            self.text: list[str] = []

        def handle_starttag(self, tag, attrs):
            if tag not in self.VOID:
                self.stack.append((bool(self.stack) and self.stack[-1]) or any(k == "data-nosnippet" for k, _ in attrs))

        def handle_endtag(self, tag):
            if tag not in self.VOID and self.stack:
                self.stack.pop()

        def handle_data(self, data):
            if not (self.stack and self.stack[-1]):
                self.text.append(data)

    reader = Reader()
    reader.feed(html)
    return " ".join(reader.text).lower()


def test_a_page_without_search_is_quoted_by_no_search_engine_from_its_listings(gated):
    """`search` covers search engines: the listings that show the page (its `web`) mark its
    card data-nosnippet; a searchable page's card is quoted as usual (positive control)."""
    _, _, outputs = gated
    for listing in ("news/index.html", "index.html"):
        page = outputs[listing].lower()
        assert "canarynosearchzq" in page and "canarypublishedzq" in page, listing
        quotable = snippable_text(page)
        assert "canarynosearchzq" not in quotable and "canarypublishedzq" in quotable, listing


def test_series_parts_without_search_are_quoted_by_no_search_engine(example_site):
    """The example's part 02 (P-0202: web and feeds, no search) in its series' list and in
    its neighbours' series navigation; part 03 (searchable) as the positive control."""
    series = (example_site / "stories/self-help-leaders/index.html").read_text(encoding="utf-8")
    neighbour = (example_site / "stories/self-help-leaders/shahnoza-bakery/index.html").read_text(encoding="utf-8")
    for page in (series, neighbour):
        assert "mehrinisso" in page.lower()
        assert "mehrinisso" not in snippable_text(page)
    assert "shahnoza" in snippable_text(series)
    assert "/mehrinisso-sewing-room/" in neighbour  # the link itself is there: only quoting is refused


def test_pages_about_a_page_without_search_are_kept_out_of_search_too(project):
    """An organisation or series kept out of search (`search` missing) names itself in the title
    and address of its further listing pages and feed pages: those are noindex and out of the
    sitemap, and the Subscribe page lists its feed data-nosnippet. The news listing's page 2
    and the Subscribe page itself are indexed as usual (positive controls)."""
    project.person("P-0001", scope={"channels": ["web", "feeds"]})
    project.write("docs/organizations/canaryorgzq.md", "---\ntitle: Canaryorgtitlezq\nsummary: An NGO.\npeople: [P-0001]\n---\nAbout.\n")
    for n in range(12):  # more than page_size: the organisation's list has a page 2
        project.write(f"docs/news/item-{n:02}.md", f"---\ntitle: Item {n}\ndate: 2025-05-{n + 1:02}\nsummary: S.\npeople: none\n"
                                                  "organization: canaryorgzq\ncategories: [advocacy]\n---\nBody.\n")
    project.write("stories/canaryserieszq/index.md", "---\ntitle: Canaryseriestitlezq\nsummary: A series.\npeople: [P-0001]\n---\nIntro.\n")
    project.write("stories/canaryserieszq/01-first.md", "---\ntitle: First\ndate: 2025-05-01\nsummary: S.\npeople: none\n"
                                                         "categories: [advocacy]\n---\nPart.\n")
    result = project.build()
    assert result.returncode == 0, result.output
    site = result.site
    kept_out = ["organizations/canaryorgzq/page/2/", "subscribe/organizations/canaryorgzq/", "subscribe/stories/canaryserieszq/"]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/news/page/2/" in sitemap and "/subscribe/</loc>" in sitemap  # positive controls
    for url in kept_out:
        page = (site / url / "index.html").read_text(encoding="utf-8")
        assert '<meta name="robots" content="noindex">' in page, url
        assert f"/{url}<" not in sitemap, url
    assert '<meta name="robots" content="noindex">' not in (site / "news/page/2/index.html").read_text(encoding="utf-8")
    subscribe = (site / "subscribe/index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' not in subscribe
    for title in ("canaryorgtitlezq", "canaryseriestitlezq"):
        assert title in subscribe.lower() and title not in snippable_text(subscribe), title
    assert "everything" in snippable_text(subscribe) or "news" in snippable_text(subscribe)
    # the indexed pages that name them (a part's series navigation, a news item's byline and
    # "Published by"): named, but quoted by no search engine (red-team round 2)
    part = (site / "stories/canaryserieszq/first/index.html").read_text(encoding="utf-8")
    item = (site / "news/item-00/index.html").read_text(encoding="utf-8")
    assert "canaryseriestitlezq" in part.lower() and "canaryseriestitlezq" not in snippable_text(part)
    assert "canaryorgtitlezq" in item.lower() and "canaryorgtitlezq" not in snippable_text(item)
    assert "item 0" in snippable_text(item) and "first" in snippable_text(part)  # positive controls


def test_published_images_carry_no_metadata(gated):
    project, site, _ = gated
    source = project.root / "docs/news/img/canarypublishedzq-photo.jpg"
    with Image.open(source) as im:
        assert im.getexif().get(0x010F) == "CanaryCam"  # the source really had camera and GPS data
        assert im.getexif().get_ifd(0x8825)
    published = site / "news/img/canarypublishedzq-photo.jpg"
    data = published.read_bytes()
    with Image.open(published) as im:
        assert not im.getexif() and "exif" not in im.info
    assert b"CanaryCam" not in data and b"Exif\x00\x00" not in data


def test_manifest_accounts_for_every_file(gated):
    from hromada import manifest

    _, site, _ = gated
    assert manifest.verify(site) == []
    data = json.loads((site / manifest.NAME).read_text())
    assert data["files"]["news/published/index.html"]["why"].startswith("page docs/news/published.md")
    assert "declared by docs/news/published.md" in data["files"]["news/img/canarypublishedzq-photo.jpg"]["why"]


def test_reports_say_what_was_excluded_and_why(gated):
    project, _, _ = gated
    report = json.loads((project.root / "reports/build-report.json").read_text())
    rules = {(r["file"], r["language"]): r["rules"] for r in report["excluded"]}
    assert rules[("docs/news/withdrawn.md", "en")] == ["consent-withdrawn"]
    assert rules[("docs/news/pending.md", "en")] == ["consent-pending"]
    assert rules[("docs/news/expired.md", "en")] == ["consent-expired"]
    assert rules[("docs/news/reviewoverdue.md", "en")] == ["review-overdue"]
    assert rules[("docs/news/scheduled.md", "en")] == ["scheduled"]
    assert rules[("docs/news/drafted.md", "en")] == ["draft"]
    assert rules[("docs/news/languk.uk.md", "uk")] == ["language"]
    assert ("docs/news/published.md", "en") not in rules
    markdown = (project.root / "reports/build-report.md").read_text()
    assert "docs/news/withdrawn.md" in markdown


def test_share_cards_show_a_person_only_with_the_social_channel(gated):
    _, _, outputs = gated
    published = outputs["news/published/index.html"]
    assert '<meta property="og:image" content="https://hromada.example.org/news/img/canarypublishedzq-photo.jpg">' in published
    no_social = outputs["news/nosearch/index.html"]  # P-1001: web and feeds only
    assert '<meta property="og:title" content="Story canarynosearchzq title">' in no_social
    assert "og:image" not in no_social and "twitter:image" not in no_social


def test_raw_html_cannot_put_a_page_without_search_into_the_index(tmp_path):
    """A person allowed the web but not search: staff raw HTML carrying Pagefind's own mark
    must not bring the page into the search index. The build is refused, naming the file."""
    from conftest import Project

    project = Project(tmp_path / "project")
    project.person("P-1000")
    person_page(project, "published", "P-1000", {})
    project.person("P-1001", scope={"channels": ["web", "feeds"]})
    person_page(project, "nosearch", "P-1001", {})
    page = project.root / "docs/news/nosearch.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n<div data-pagefind-body markdown>Raw canaryrawzq.</div>\n',
                    encoding="utf-8")
    result = project.build()
    assert result.returncode != 0
    # refused by the check and on the rendered page (page_loads.steering); the index is checked after it is made too
    assert ("docs/news/nosearch.md: body: a page's text without data-pagefind-* attributes (found data-pagefind-body)"
            in result.output), result.output
    assert "Traceback" not in result.output
    assert not result.site.exists() or "canaryrawzq" not in "".join(all_output_text(result.site).values()).lower()
    # Pagefind's other attributes would set what a result shows: a picture's name, another title
    page.write_text(page.read_text(encoding="utf-8").replace("data-pagefind-body", 'data-pagefind-ignore'), encoding="utf-8")
    published = project.root / "docs/news/published.md"
    published.write_text(published.read_text(encoding="utf-8") + '\n<span data-pagefind-meta="image:/news/img/canaryzq.jpg"></span>\n',
                         encoding="utf-8")
    result = project.build()
    assert result.returncode != 0 and "docs/news/nosearch.md" not in result.output  # ignore is the page's to use
    assert "docs/news/published.md: body: a page's text without data-pagefind-* attributes (found data-pagefind-meta)" in result.output


def test_a_page_named_in_cyrillic_is_published_and_found_by_search(tmp_path):
    """MkDocs percent-encodes a page's address, Pagefind names it by its file's path: the
    search index's consent check compares them as the same page (it once refused every page
    with a Cyrillic file name as not allowed in search)."""
    from conftest import Project
    from hromada import search_index

    project = Project(tmp_path / "project")
    project.write("docs/news/новина.md", """\
        ---
        title: Canarycyrilliczq news
        date: 2025-05-16
        summary: A page named in Ukrainian.
        people: none
        ---
        Canarycyrilliczq body.
        """)
    result = project.build()
    assert result.returncode == 0, result.output
    assert "canarycyrilliczq" in (result.site / "news/новина/index.html").read_text(encoding="utf-8").lower()
    assert "/news/новина/" in search_index.indexed_urls(result.site / search_index.FOLDER, "en")
    assert search_index.page_url("uk/news/%D0%BD%D0%BE%D0%B2%D0%B8%D0%BD%D0%B0/") == "/uk/news/новина/"
    assert search_index.page_url("news/100%25/index.html") == "/news/100%/"


def test_organisations_series_and_footer_pages_show_only_where_their_own_page_may_be(tmp_path):
    """An organisation's name, a series' title and a footer page's title are their own pages'
    text: they reach a page, a feed or the search index only where that page's decision
    allows it (found by review: other languages' titles, slugs and feed titles leaked)."""
    from conftest import Project
    from hromada import search_index

    project = Project(tmp_path / "project")
    project.person("P-2001", scope={"languages": ["en"]})
    project.person("P-2002", scope={"channels": ["web", "search"]})
    project.person("P-2003", consent={"status": "withdrawn", "withdrawn": "2026-05-01"})
    project.person("P-2004", scope={"channels": ["web", "feeds"]})
    for slug, title, ref in (("orglang", "Canaryorglangzq Centre", "P-2001"), ("orgfeed", "Canaryorgfeedzq Shelter", "P-2002"),
                             ("canaryorgwithdrawnzq", "Canaryorgwithdrawnzq Fund", "P-2003"),
                             ("orgsearch", "Canaryorgsearchzq House", "P-2004"), ("orgfine", "Canaryorgfinezq Union", "none")):
        people = "none" if ref == "none" else f"[{ref}]"
        for suffix in ("", ".uk"):
            project.write(f"docs/organizations/{slug}{suffix}.md",
                          f"---\ntitle: {title}\nsummary: About {slug}.\npeople: {people}\n---\nAbout.\n")
    item = ("---\ntitle: {title}\ndate: 2025-05-16\nsummary: An item.\npeople: none\n"
            "organization: [orglang, orgfeed, canaryorgwithdrawnzq, orgsearch, orgfine]\n---\nCanaryitemzq body.\n")
    project.write("docs/news/item.md", item.format(title="Item"))
    project.write("docs/news/item.uk.md", item.format(title="Новина"))
    project.write("stories/olha/index.md",
                  "---\ntitle: Canaryserieszq stories of Olha\nsummary: A series.\npeople: [P-2002]\n---\nIntro.\n")
    project.write("stories/olha/01-first.md",
                  "---\ntitle: First part\ndate: 2025-05-10\nsummary: Part one.\npeople: none\n---\nPart.\n")
    project.write("docs/about.md", "---\ntitle: Canaryfooterzq About Olha\nsummary: About us.\npeople: [P-2001]\n---\nUs.\n")
    project.write("docs/privacy.md", "---\ntitle: Canaryprivacyzq Privacy\nsummary: Privacy.\npeople: none\n---\nPrivacy.\n")
    result = project.build()
    assert result.returncode == 0, result.output
    out = all_output_text(result.site)
    uk = {p: t for p, t in out.items() if p.startswith("uk/")}
    feeds = {p: t for p, t in out.items() if p.endswith((".xml", ".json")) and "feed" in p or p.endswith(("rss.xml", "atom.xml"))}

    def seen(texts: dict[str, str], word: str) -> list[str]:
        return [p for p, t in texts.items() if word in t.lower()]

    # positive controls: an organisation about nobody is named everywhere, the item is searchable
    assert seen(uk, "canaryorgfinezq") and seen(feeds, "canaryorgfinezq")
    assert "/news/item/" in search_index.indexed_urls(result.site / search_index.FOLDER, "en")
    assert "canaryitemzq" in "".join(t for p, t in out.items() if p.startswith("pagefind/fragment/")).lower()
    assert seen(out, "canaryprivacyzq") and seen(uk, "canaryprivacyzq")  # English footer page about nobody
    assert seen(out, "canaryorglangzq") and seen(out, "canaryfooterzq")  # allowed in English
    # the Ukrainian version of a page allowed in English only: not even its English title in uk pages
    assert seen(uk, "canaryorglangzq") == [] and seen(uk, "canaryfooterzq") == []
    assert seen(feeds, "canaryorgfeedzq") == [] and seen(feeds, "canaryserieszq") == []  # no feeds channel
    assert seen(out, "canaryorgwithdrawnzq") == []  # withdrawn: not its title, not its slug
    fragments = "".join(t for p, t in out.items() if p.startswith("pagefind/"))
    assert "canaryorgsearchzq" not in fragments.lower()  # its page is kept out of search


def test_a_page_under_an_unpublished_folder_page_leaves_no_trace_of_its_slug(project):
    """Red-team round 5, finding 1: a series about a woman who withdrew, whose editors' afterword
    names nobody; a plain page about her with a sub-page; a series whose Ukrainian version is out
    of its person's languages, with a Ukrainian part naming nobody. Each unnamed page went on
    being published under the excluded page's slug (its address, the home page, feeds, sitemap,
    search index, the menu), and so was a news page using a photo kept in her folder (the
    photo's address, its smaller copies, og:image). They now wait for that folder's page. Control: the same
    pages under published folder pages are published."""
    project.person("P-0001")
    project.person("P-0002", consent={"status": "withdrawn", "withdrawn": "2026-05-01"})
    project.person("P-0003", scope={"languages": ["en"]})
    project.write("stories/canaryseriesslug/index.md", "---\ntitle: Letters\nsummary: s\npeople: [P-0002]\n---\nx\n")
    project.write("stories/canaryseriesslug/02-afterword.md",
                  "---\ntitle: Afterword\ndate: 2025-10-02\nsummary: From the editors.\npeople: none\n---\nA word.\n")
    project.write("docs/canaryfolderslug/index.md", "---\ntitle: Her page\npeople: [P-0002]\n---\nx\n")
    project.write("docs/canaryfolderslug/gallery.md", "---\ntitle: Gallery\npeople: none\n---\nPictures.\n")
    (project.root / "docs/canaryfolderslug/garden.jpg").write_bytes(jpeg_with_gps("garden"))  # kept in her folder,
    project.write("docs/news/garden.md", "---\ntitle: Garden\ndate: 2025-10-02\nsummary: s\npeople: none\nmedia:\n"  # used
                  "  - {file: ../canaryfolderslug/garden.jpg, depicts: [], faces: none, location_visible: false}\n"  # elsewhere
                  "---\nA garden.\n\n![A garden](../canaryfolderslug/garden.jpg)\n")
    project.write("stories/canarylangseries/index.md", "---\ntitle: Her letters\nsummary: s\npeople: [P-0003]\n---\nx\n")
    project.write("stories/canarylangseries/index.uk.md",
                  "---\ntitle: Її листи\nsummary: s\npeople: [P-0003]\ntranslation_of: x\n---\nx\n")
    project.write("stories/canarylangseries/01-note.uk.md",
                  "---\ntitle: Примітка\ndate: 2025-10-03\nsummary: Від редакції.\npeople: none\n---\nСлово.\n")
    # controls: published folder pages, the same kind of unnamed pages under them
    project.write("stories/controlseries/index.md", "---\ntitle: Kept\nsummary: s\npeople: [P-0001]\n---\nx\n")
    project.write("stories/controlseries/01-controlpartzq.md",
                  "---\ntitle: Part\ndate: 2025-10-02\nsummary: s\npeople: none\n---\nA word.\n")
    project.write("docs/controlfolder/index.md", "---\ntitle: Kept page\npeople: none\n---\nx\n")
    project.write("docs/controlfolder/controlgalleryzq.md", "---\ntitle: Gallery\npeople: none\n---\nPictures.\n")
    result = project.build()
    assert result.returncode == 0, result.output
    outputs = all_output_text(result.site)
    for canary in ("canaryseriesslug", "canaryfolderslug", "uk/stories/canarylangseries"):
        assert hits(outputs, canary) == [], canary
    assert "stories/canarylangseries/index.html" in hits(outputs, "canarylangseries")  # its English version stays
    for control in ("controlpartzq", "controlgalleryzq"):
        found = hits(outputs, control)
        assert "sitemap.xml" in found and any(path.endswith("/index.html") and control in path for path in found), control
    report = (result.site.parent / "reports" / "build-report.md").read_text(encoding="utf-8")
    assert "folder-page-excluded" in report and "stories/canaryseriesslug/index.md" in report
    assert "| docs/news/garden.md | en | folder-page-excluded | a picture or video it uses" in report


@pytest.mark.parametrize("status", ["given", "withdrawn"])
def test_a_page_named_like_a_folder_leaves_no_trace_of_its_slug(project, status):
    """Red-team round 6, findings 1 and 4, end to end: docs/news/<slug>.md is published at
    news/<slug>/, so a photo kept in docs/news/<slug>/ (used by another page), a page in that
    folder, and a story part's photo folder named like the part carry the slug; a series whose
    person refused search or feeds had its slug put in the sitemap, index and feeds by its
    parts. Every output is read: pages, listings, feeds, sitemap, the search index (decompressed),
    file names, the copies of the pictures. (A page in docs/news/<slug>/ is refused anyway: news
    sub-folders hold pictures; docs/<slug>.md and docs/<slug>/more.md show the page case.)
    Control: the same with consent given."""
    project.person("P-0001", consent={"status": status, **({"withdrawn": "2026-05-01"} if status == "withdrawn" else {})})
    project.person("P-0002", scope={"channels": ["web"]} if status == "withdrawn" else {})
    project.write("docs/news/canarynewsslug.md", "---\ntitle: Her story\ndate: 2025-10-01\nsummary: s\npeople: [P-0001]\n---\nx\n")
    project.write("docs/canarypageslug.md", "---\ntitle: Her page\npeople: [P-0001]\n---\nx\n")
    project.write("docs/canarypageslug/more.md", "---\ntitle: More\npeople: none\n---\nMore.\n")

    def photo_used_elsewhere(page: str, picture: str) -> None:
        """A photo kept in `picture`'s folder (named like her page) and shown by `page`, naming nobody."""
        (project.root / picture).parent.mkdir(parents=True, exist_ok=True)
        (project.root / picture).write_bytes(jpeg_with_gps(picture))
        rel = posixpath.relpath(picture, posixpath.dirname(page))
        project.write(page, f"---\ntitle: Photo\ndate: 2025-10-04\nsummary: s\npeople: none\nmedia:\n"
                            f"  - {{file: {rel}, depicts: [], faces: none, location_visible: false}}\n---\n![A hall]({rel})\n")

    photo_used_elsewhere("docs/news/forum.md", "docs/news/canarynewsslug/hall.jpg")
    project.write("stories/voices/index.md", "---\ntitle: Voices\nsummary: s\npeople: none\n---\nx\n")
    project.write("stories/voices/02-canarypartslug.md",
                  "---\ntitle: Her part\ndate: 2025-10-03\nsummary: s\npeople: [P-0001]\n---\nx\n")
    photo_used_elsewhere("stories/voices/03-garden.md", "stories/voices/canarypartslug/garden.jpg")
    project.write("stories/canaryquietslug/index.md", "---\ntitle: Quiet\nsummary: s\npeople: [P-0002]\n---\nx\n")
    project.write("stories/canaryquietslug/01-note.md",
                  "---\ntitle: Note\ndate: 2025-10-05\nsummary: s\npeople: none\n---\nA note.\n")
    result = project.build()
    assert result.returncode == 0, result.output
    outputs = all_output_text(result.site)
    found = {slug: hits(outputs, slug) for slug in ("canarynewsslug", "canarypageslug", "canarypartslug")}
    quiet = [p for p in hits(outputs, "canaryquietslug")
             if p.startswith(("sitemap", "pagefind/")) or p.endswith((".xml", ".json", ".ics")) and p != "hromada-manifest.json"]
    if status == "given":  # the control: the slugs are published, copies of the photos and all
        assert all(any(p.endswith("/index.html") for p in paths) for paths in found.values()), found
        assert any(".360w." in p or ".jpg.webp" in p for p in found["canarynewsslug"]), found
        assert "sitemap.xml" in quiet and any(p.startswith("pagefind/") for p in quiet), quiet
    else:
        assert found == {"canarynewsslug": [], "canarypageslug": [], "canarypartslug": []}, found
        assert quiet == [], quiet  # its pages, noindex and out of feeds, are still on the web: not checked here
        assert hits(outputs, "canaryquietslug")  # positive control: the series and its part are published


@pytest.mark.parametrize("deleted", [False, True])
def test_a_page_deleted_at_its_persons_request_leaves_no_trace_in_the_pages_that_linked_to_it(project, deleted):
    """Red-team round 7, finding 3: consent-guide section 13 lets staff delete a person's page.
    Pages linking to it by address (`../<slug>/`, the full address, an archive's copy of it)
    kept live links: her slug stayed in those pages, every feed and the search index, and the
    build log printed it three times. Now a page address the build draws in no language is made
    plain text, like a link to a page that is not published, and the log says where without the
    address (the build report names it). Control: before the deletion the links are published."""
    slug = "canarydeletedslug"
    project.person("P-0001")
    if not deleted:
        project.write(f"docs/news/{slug}.md", "---\ntitle: Her story\ndate: 2025-05-01\nsummary: s\npeople: [P-0001]\n---\nx\n")
    project.write("docs/news/pub.md", "---\ntitle: Pub\ndate: 2025-05-02\nsummary: s\npeople: none\n---\n"
                  f"Read [her story](../{slug}/) or <https://hromada.example.org/news/{slug}/> or "
                  f"[the archive's copy](https://web.archive.org/web/2025/https://hromada.example.org/news/{slug}/).\n")
    project.write("docs/news/pub.uk.md", "---\ntitle: Пуб\ndate: 2025-05-02\nsummary: s\npeople: none\n---\n"
                  f"Читайте [її історію](/news/{slug}/).\n")
    result = project.build()
    assert result.returncode == 0, result.output
    outputs = all_output_text(result.site)
    found = [p for p in hits(outputs, slug) if p != "hromada-manifest.json"]
    if not deleted:  # the control: her page and the links to it are published
        assert {"news/pub/index.html", "uk/news/pub/index.html", "feed/rss.xml"} <= set(found), found
        return
    assert found == [] and slug not in result.output, (found, result.output)
    page = outputs["news/pub/index.html"]
    assert '<span class="hx-unlinked">her story</span>' in page and "the archive" in page
    assert '<span class="hx-unlinked">її історію</span>' in outputs["uk/news/pub/index.html"]
    report = (project.root / "reports/build-report.md").read_text(encoding="utf-8")
    assert sorted(line.split("(found ")[1] for line in report.splitlines() if "leads nowhere: it is published as plain text" in line) == [
        f"'../{slug}/', which leads nowhere: it is published as plain text)",  # staff find each link in the report
        f"'/news/{slug}/', which leads nowhere: it is published as plain text)",
        f"'https://hromada.example.org/news/{slug}/', which leads nowhere: it is published as plain text)"], report
