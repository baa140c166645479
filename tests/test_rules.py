"""Unit tests of the pure rules (no MkDocs): languages, schema, decisions, listings."""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from hromada import consent, content, listings, publication
from hromada.languages import localized_path, split_language
from hromada.model import Doc, EventInfo, Kind
from hromada.problems import Problem
from hromada.schema import Vocabulary, images_in, parse_doc
from hromada.settings import read as read_settings
from hromada.urls import relative

NOW = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)
VOCAB = Vocabulary(categories=frozenset({"advocacy", "war-and-justice"}), organizations=frozenset({"mihr"}))


def parse(meta: dict, kind: Kind = Kind.NEWS, body: str = "", src_uri: str = "news/x.md"):
    return parse_doc(path=f"docs/{src_uri}", src_uri=src_uri, key=src_uri, lang="en", kind=kind,
                     url="news/x/", meta=meta, body=body, vocab=VOCAB)


BASE = {"title": "T", "date": "2025-05-16", "summary": "S", "people": "none"}


def test_language_suffixes():
    assert split_language("news/x.uk.md") == ("news/x.md", "uk")
    assert split_language("news/x.md") == ("news/x.md", "en")
    assert split_language("stories/s/01-a.tg.md") == ("stories/s/01-a.md", "tg")
    assert split_language("news/x.en.md")[1] is None  # English is unsuffixed
    assert split_language("news/x.fr.md")[1] is None
    assert localized_path("news/x.md", "ru") == "news/x.ru.md"


def test_relative_urls():
    assert relative("uk/news/page/2/", "uk/news/x/") == "../../x/"
    assert relative("", "news/") == "news/"
    assert relative("news/x/", "") == "../../"
    assert relative("tg/", "tg/") == "./"


@pytest.mark.parametrize("meta,key,expected", [
    ({**BASE, "colour": "red"}, "colour", "unknown key"),
    ({**BASE, "date": "2025-13-45"}, "date", "a date like"),
    ({**BASE, "date": "yesterday"}, "date", "a date like"),
    ({**BASE, "title": 42}, "title", "a non-empty text"),
    ({**BASE, "categories": ["nope"]}, "categories", "known category slug"),
    ({**BASE, "organization": "unknown"}, "organization", "known organisation slug"),
    ({**BASE, "draft": "yes"}, "draft", "true or false"),
    ({k: v for k, v in BASE.items() if k != "people"}, "people", "required on every page"),
    ({k: v for k, v in BASE.items() if k != "summary"}, "summary", "required"),
    ({k: v for k, v in BASE.items() if k != "date"}, "date", "required"),
    ({**BASE, "tags": {"a": 1}}, "tags", "a list of words"),
])
def test_front_matter_mistakes_name_the_key(meta, key, expected):
    doc, problems = parse(meta)
    assert doc is None
    assert any(p.key == key and expected in p.expected and p.file == "docs/news/x.md" for p in problems), problems


def test_event_fields_are_checked():
    meta = {**BASE, "start": "2026-12-10T18:00:00+02:00", "end": "2026-12-10T17:00:00+02:00",
            "timezone": "Mars/Olympus", "location": {"planet": "x"}, "registration": "ftp://x"}
    _, problems = parse(meta, Kind.EVENT, src_uri="events/x.md")
    keys = {p.key for p in problems}
    assert {"end", "timezone", "location.planet", "registration"} <= keys
    assert [p.written_key for p in problems if p.key == "location.planet"] == [True]  # kept out of public logs
    _, problems = parse({**BASE, "start": "2026-12-10T18:00:00"}, Kind.EVENT, src_uri="events/x.md")
    assert [p.key for p in problems] == ["start"]  # a datetime without offset is ambiguous


def test_valid_event_and_campaign():
    doc, problems = parse({**BASE, "start": "2026-12-10T18:00:00+02:00", "timezone": "Europe/Kyiv",
                           "location": {"online": "https://example.org/w"}}, Kind.EVENT, src_uri="events/x.md")
    assert problems == [] and doc.event.timezone == "Europe/Kyiv" and doc.event.location.online
    doc, problems = parse({**BASE, "call_to_action": [{"label": "Send a letter", "mailto": "l@example.org"},
                                                      {"label": "Donate", "url": "https://example.org/d"}]},
                          Kind.CAMPAIGN, src_uri="campaigns/x.md")
    assert problems == [] and doc.actions[0].href == "mailto:l@example.org"
    _, problems = parse({**BASE, "call_to_action": [{"label": "x", "phone": "1"}]}, Kind.CAMPAIGN, src_uri="campaigns/x.md")
    assert problems and problems[0].key == "call_to_action[0]"


def test_depicts_must_name_the_page_people():
    # undeclared uses are checked against the site's files: tests/test_careless_input.py
    body = "Text ![a](img/a.jpg) and <img src=\"img/b.png\">"
    assert images_in(body) == ("img/a.jpg", "img/b.png")
    _, problems = parse({**BASE, "media": [{"file": "img/a.jpg", "depicts": ["P-1"], "faces": "none"}]},
                        body="![a](img/a.jpg)")
    assert [p.key for p in problems] == ["media[0].depicts"]  # P-1 is not in people


def test_story_part_from_file_name():
    doc, problems = parse({**BASE}, Kind.STORY, src_uri="stories/s/03-bakery.md")
    assert problems == [] and doc.part == 3 and doc.series == "stories/s/index.md"
    _, problems = parse({**BASE}, Kind.STORY, src_uri="stories/s/bakery.md")
    assert problems[0].key == "part"


def person(ref="P-1", **kw) -> consent.Person:
    base = dict(ref=ref, path=f"consent/people/{ref}.yml", display_name={"en": "A"}, minor=False,
                status="given", given_by="self", method="written", given=date(2025, 1, 1), verified_by="s",
                review_by=None, expires=None, withdrawn=None, languages=frozenset({"en", "uk"}),
                channels=frozenset({"web", "search", "feeds", "social"}), identity="pseudonym",
                face="blurred", voice="none", location="country")
    base.update(kw)
    return consent.Person(**base)


def make_doc(key="news/a.md", lang="en", kind=Kind.NEWS, when=datetime(2025, 1, 1, tzinfo=timezone.utc), **kw) -> Doc:
    return Doc(path=f"docs/{key}", src_uri=localized_path(key, lang), key=key, lang=lang, kind=kind,
               url=content.url_for(key, lang), title=kw.pop("title", key), summary="s",
               date=when.date() if when else None, published=when, **kw)


@pytest.mark.parametrize("doc_kw,person_kw,code", [
    ({"draft": True}, {}, "draft"),
    ({"when": datetime(2026, 12, 1, tzinfo=timezone.utc)}, {}, "scheduled"),
    ({"people": ("P-1",)}, {"status": "withdrawn", "withdrawn": date(2026, 5, 1)}, "consent-withdrawn"),
    ({"people": ("P-1",)}, {"status": "pending"}, "consent-pending"),
    ({"people": ("P-1",)}, {"status": "refused"}, "consent-refused"),
    ({"people": ("P-1",)}, {"expires": date(2026, 11, 23)}, "consent-expired"),
    ({"people": ("P-1",)}, {"given": date(2026, 11, 24)}, "consent-future"),
    ({"people": ("P-1",)}, {"review_by": date(2026, 9, 1)}, "review-overdue"),
    ({"people": ("P-1",), "lang": "ru"}, {}, "language"),
    ({"people": ("P-1",)}, {"channels": frozenset({"search"})}, "channel-web"),
])
def test_exclusions(doc_kw, person_kw, code):
    doc = make_doc(**doc_kw)
    d = publication.decide(doc, doc.people, {"P-1": person(**person_kw)}, NOW)
    assert not d.published and code in {r.code for r in d.reasons}


def test_published_and_channels():
    doc = make_doc(people=("P-1",))
    assert publication.decide(doc, doc.people, {"P-1": person()}, NOW).published
    d = publication.decide(doc, doc.people, {"P-1": person(review_by=date(2026, 11, 10), channels=frozenset({"web", "feeds"}))}, NOW)
    assert d.published and [w.code for w in d.warnings] == ["review-due"]
    assert (d.search, d.feeds, d.social) == (False, True, False)
    # the page's consent is the intersection over everyone on it
    both = make_doc(people=("P-1", "P-2"))
    d = publication.decide(both, both.people, {"P-1": person(), "P-2": person("P-2", languages=frozenset({"uk"}))}, NOW)
    assert not d.published and d.reasons[0].code == "language"
    # a date-only publication date of today is published; tomorrow is not
    assert publication.decide(make_doc(when=datetime(2026, 11, 23, tzinfo=timezone.utc)), (), {}, NOW).published


def _settings(page_size=2):
    s, problems = read_settings({"categories": {"advocacy": {"en": "Advocacy", "uk": "Адвокація"}},
                                 "hromada": {"page_size": page_size}}, "https://x.org/")
    assert problems == []
    return s


def _listings(docs, people=None, page_size=2):
    index = content.ContentIndex()
    for d in docs:
        index.add(d)
    pub = publication.Publication(index, people or {}, NOW)
    return listings.Listings(pub, _settings(page_size), NOW)


def test_listing_is_newest_first_paginated_and_per_language():
    docs = [make_doc(f"news/n{i}.md", when=datetime(2025, 1, i + 1, tzinfo=timezone.utc)) for i in range(5)]
    docs.append(make_doc("news/n9.md", lang="uk"))
    docs.append(make_doc("news/draft.md", draft=True))
    lst = _listings(docs)
    pages = [p for p in lst.generated("en", has_home=False) if p.src_uri.startswith("news/")]
    assert [p.src_uri for p in pages] == ["news/index.md", "news/page/2/index.md", "news/page/3/index.md"]
    first = pages[0].body
    assert first.index("news/n4.md") < first.index("news/n3.md")  # titles are the keys here
    assert "news/n9.md" not in "".join(p.body for p in pages)
    assert "news/draft.md" not in "".join(p.body for p in pages)
    assert 'rel="next" href="page/2/"' in first


def test_events_split_at_build_time():
    ev = lambda key, start: make_doc(key, kind=Kind.EVENT, event=EventInfo(start, None, "Europe/Kyiv", None, None))
    lst = _listings([ev("events/past.md", datetime(2026, 1, 1, 10, tzinfo=timezone.utc)),
                     ev("events/soon.md", datetime(2026, 12, 1, 10, tzinfo=timezone.utc)),
                     ev("events/later.md", datetime(2027, 1, 1, 10, tzinfo=timezone.utc))])
    assert [d.key for d in lst.upcoming("en")] == ["events/soon.md", "events/later.md"]
    assert [d.key for d in lst.past("en")] == ["events/past.md"]


def test_series_prev_next_skip_unpublished_parts():
    parts = [make_doc(f"stories/s/0{i}-p.md", kind=Kind.STORY, part=i, series="stories/s/index.md",
                      people=("P-1",) if i == 2 else ()) for i in (1, 2, 3)]
    series = make_doc("stories/s/index.md", kind=Kind.SERIES, when=None)
    lst = _listings([series, *parts], {"P-1": person(status="withdrawn", withdrawn=date(2026, 1, 1))})
    before, _ = lst.blocks(parts[2])
    assert "Part 2 of 2" in before  # numbered over the published parts: no gap to notice
    assert "stories/s/01-p.md" in before and "stories/s/02-p.md" not in before  # prev skips the withdrawn part
    _, after = lst.blocks(series)
    assert "01-p" in after and "03-p" in after and "02-p" not in after


def test_register_record_errors():
    _, problems = consent.parse_person("consent/people/P-1.yml", "P-1", {
        "ref": "P-2", "display_name": "A", "minor": True, "unknown": 1,
        "consent": {"status": "maybe", "given_by": "self", "method": "written", "date": "2025-02-30", "verified_by": "s"},
        "scope": {"languages": ["en", "de"], "channels": ["web"], "identity": "real", "face": "visible",
                  "voice": "none", "location": "none"}})
    keys = {p.key for p in problems}
    assert {"ref", "unknown", "consent.status", "consent.date", "scope.languages", "scope.identity",
            "scope.face", "consent.given_by"} <= keys
    assert all(isinstance(p, Problem) and p.file == "consent/people/P-1.yml" for p in problems)


def test_the_one_search_for_bad_characters_finds_exactly_what_the_character_rule_refuses():
    """text_problem and body_problem search a whole text for one class of characters and only
    then look closer: that class must hold every character the rule refuses (a control,
    surrogate, noncharacter or line break), or such a character would pass unseen."""
    from hromada import frontmatter

    refused = {chr(c) for c in range(0x110000) if frontmatter._bad_char(chr(c)) or chr(c) in "\r\n\u2028\u2029"}
    found = {chr(c) for c in range(0x110000) if frontmatter._BAD_IN_BODY.fullmatch(chr(c))}
    assert "\x00" in refused and "\u2028" in refused and "\U0010ffff" in refused  # positive controls
    assert found == refused
    assert frontmatter.text_problem("Zoriana \x1b[2J") and frontmatter.text_problem("a\u2029b")
    assert frontmatter.text_problem("two\nlines") and frontmatter.text_problem("two\nlines", lines=True) is None
    assert frontmatter.text_problem("Пам’ять і право — ҳуқуқ 😀") is None
    body_refused = {ch for ch in refused if ch not in "\t\n\u2028\u2029"}
    # the body's search is split in two (the noncharacters beyond U+FFFF apart, for speed): asked whole
    assert {chr(c) for c in range(0x110000) if frontmatter.body_problem(chr(c), 1)} == body_refused
    assert "U+1FFFE on line 2" in frontmatter.body_problem("я 😀\nx\U0001fffe \x01", 1)  # the first one found
    assert "U+0001 on line 1" in frontmatter.body_problem("\x01 😀\nx\U0001fffe", 1)
    assert "\r" in body_refused and "\x0b" in body_refused  # positive controls
    assert frontmatter.body_problem("line\n\tindented\u2028x\n", 3) is None
    assert "U+001B on line 4" in frontmatter.body_problem("line\n\x1b[2J", 3)
    # bidi isolates show "Kovalenko" for a text that holds "lenko" before "Kova" (a review's find)
    reordered = "\u2067\u2066lenko\u2069\u2066Kova\u2069\u2069"
    assert "U+2067" in frontmatter.text_problem(reordered) and "U+2067 on line 1" in frontmatter.body_problem(reordered, 1)


@pytest.mark.parametrize("value,ok", [("news/forum", True), ("news/uk", True), ("news/forum-2025.md", True),
                                      ("stories/voices/01-olena", True), ("docs/news/forum", False),
                                      ("docs/news/forum.md", False), ("news/forum.uk", False),
                                      ("news/forum.tg.md", False), ("news/forum.en", False)])
def test_an_id_is_a_pages_address_not_its_file(value, ok):
    """`id: news/forum.uk` or `docs/news/forum` matched no earlier feed item: subscribers got the
    page twice, and check passed it."""
    doc, problems = parse({**BASE, "id": value})
    assert (doc is not None and doc.id == value.removesuffix(".md") and not problems) if ok else \
        any(p.key == "id" and "no docs/ in front" in p.expected for p in problems), (value, problems)


def test_folder_pages_are_the_folders_of_a_key_nearest_first_never_home_nor_itself():
    from hromada.publication import address_owners, folder_pages

    owners = address_owners(["index.md", "stories/index.md", "stories/s/index.md", "stories/s/02-afterword.md",
                             "stories/s/03-olena.md", "about/index.md", "about/team/index.md", "about/team/people.md",
                             "about.md", "news/olena.md", "news/forum.md"])
    assert folder_pages("stories/s/02-afterword.md", owners) == ["stories/s/index.md", "stories/index.md"]
    assert folder_pages("stories/s/index.md", owners) == ["stories/index.md"]
    assert folder_pages("about/team/people.md", owners) == ["about/team/index.md", "about.md", "about/index.md"]
    assert folder_pages("about.md", owners) == [] and folder_pages("index.md", owners) == []
    # red-team round 6: a page named like a folder has that folder's address (news/olena.md at news/olena/)
    assert folder_pages("news/olena/hall.jpg", owners) == ["news/olena.md"]
    assert folder_pages("news/olena/more.md", owners) == ["news/olena.md"]
    assert folder_pages("news/forum/hall.jpg", owners) == ["news/forum.md"] and folder_pages("news/x/y.jpg", owners) == []
    # a story part is at its name without its number, and reached with it too
    assert folder_pages("stories/s/olena/garden.jpg", owners)[0] == "stories/s/03-olena.md"
    assert folder_pages("stories/s/03-olena/garden.jpg", owners)[0] == "stories/s/03-olena.md"


def test_a_page_under_an_unpublished_folder_page_waits_for_it():
    """Red-team round 5: stories/<series>/index.md withdrawn (or a page's folder page, or the
    series' Ukrainian version out of its person's languages) while a part naming nobody went
    on publishing the series' slug in its address, feeds, sitemap and search index. A part
    now waits for its series, in each language; a folder page without a version in a language
    lets that language's pages through when some version of it is published (its slug is
    public then). Controls: the same parts under a published series are published."""
    from hromada.publication import Publication

    docs = [
        make_doc("stories/gone/index.md", kind=Kind.SERIES, people=("P-2",)),
        make_doc("stories/gone/02-afterword.md", kind=Kind.STORY, series="stories/gone/index.md"),
        make_doc("stories/gone/02-afterword.md", "uk", kind=Kind.STORY, series="stories/gone/index.md"),
        make_doc("stories/kept/index.md", kind=Kind.SERIES),
        make_doc("stories/kept/01-a.md", kind=Kind.STORY, series="stories/kept/index.md"),
        make_doc("stories/lang/index.md", kind=Kind.SERIES, people=("P-3",)),
        make_doc("stories/lang/index.md", "ru", kind=Kind.SERIES, people=("P-3",)),
        make_doc("stories/lang/01-note.md", "ru", kind=Kind.STORY, series="stories/lang/index.md"),
        make_doc("stories/lang/01-note.md", "uk", kind=Kind.STORY, series="stories/lang/index.md"),
        make_doc("folder/index.md", kind=Kind.PAGE, people=("P-2",)),
        make_doc("folder/deeper/gallery.md", kind=Kind.PAGE),
    ]
    index = content.ContentIndex()
    for doc in docs:
        index.add(doc)
    people = {"P-2": person("P-2", status="withdrawn", withdrawn=date(2026, 5, 1)), "P-3": person("P-3")}  # en, uk only
    pub = Publication(index, people, NOW)
    decided = {(d.key, d.lang): pub.decisions[d.src_uri] for d in docs}
    assert not decided[("stories/gone/02-afterword.md", "en")].published
    assert [r.code for r in decided[("stories/gone/02-afterword.md", "uk")].reasons] == ["folder-page-excluded"]
    assert "stories/gone/index.md" in decided[("stories/gone/02-afterword.md", "en")].why
    assert not decided[("folder/deeper/gallery.md", "en")].published
    assert not decided[("stories/lang/01-note.md", "ru")].published  # its series' ru version is out of P-3's languages
    assert decided[("stories/lang/01-note.md", "uk")].published  # no uk version of the series; the English one is published
    assert decided[("stories/kept/01-a.md", "en")].published and decided[("stories/kept/index.md", "en")].published
    assert [d.key for d in pub.published("en")] == ["stories/kept/index.md", "stories/kept/01-a.md", "stories/lang/index.md"]


def test_a_page_named_like_a_folder_is_that_folders_page():
    """Red-team round 6, finding 1: docs/<slug>.md is published at <slug>/, so a page in docs/<slug>/
    and a photo kept there (and news/<slug>/ beside news/<slug>.md, stories/s/<slug>/ beside
    stories/s/02-<slug>.md) carry the slug of a withdrawn page. Controls: consent given."""
    from hromada.model import MediaRef
    from hromada.publication import Publication

    def decided(status: str) -> dict[str, bool]:
        docs = [
            make_doc("zoryana.md", kind=Kind.PAGE, people=("P-1",)),
            make_doc("zoryana/extra.md", kind=Kind.PAGE),
            make_doc("news/maryna.md", people=("P-1",)),
            make_doc("news/forum.md", media=(MediaRef("maryna/hall.jpg", (), "none", False),)),
            make_doc("stories/s/index.md", kind=Kind.SERIES),
            make_doc("stories/s/02-oksana.md", kind=Kind.STORY, series="stories/s/index.md", people=("P-1",)),
            make_doc("stories/s/03-garden.md", kind=Kind.STORY, series="stories/s/index.md",
                     media=(MediaRef("oksana/garden.jpg", (), "none", False),)),
        ]
        index = content.ContentIndex()
        for doc in docs:
            index.add(doc)
        people = {"P-1": person("P-1", status=status, withdrawn=date(2026, 5, 1) if status == "withdrawn" else None)}
        pub = Publication(index, people, NOW)
        return {d.key: pub.decisions[d.src_uri].published for d in docs}

    given, withdrawn = decided("given"), decided("withdrawn")
    assert all(given.values()), given  # positive control
    assert withdrawn == {"zoryana.md": False, "zoryana/extra.md": False, "news/maryna.md": False, "news/forum.md": False,
                         "stories/s/index.md": True, "stories/s/02-oksana.md": False, "stories/s/03-garden.md": False}


@pytest.mark.parametrize("channel", ["search", "feeds", "social"])
def test_a_folder_pages_channels_bound_what_lies_under_it(channel):
    """Red-team round 6, finding 4: a series whose person refused search (or feeds) is noindex and
    out of the index, yet its parts (people: none) put its slug into the sitemap, the index and
    the feeds. A part, and a page using a picture kept in the series' folder, now have no more
    channels than the series. Control: every channel given."""
    from hromada.model import MediaRef
    from hromada.publication import Publication

    def decided(channels: frozenset[str]) -> dict[str, bool]:
        docs = [
            make_doc("stories/s/index.md", kind=Kind.SERIES, people=("P-1",)),
            make_doc("stories/s/01-first.md", kind=Kind.STORY, series="stories/s/index.md"),
            make_doc("news/n.md", media=(MediaRef("../stories/s/img/a.jpg", (), "none", False),)),
            make_doc("news/other.md"),
        ]
        index = content.ContentIndex()
        for doc in docs:
            index.add(doc)
        pub = Publication(index, {"P-1": person("P-1", channels=channels)}, NOW)
        return {d.key: getattr(pub.decisions[d.src_uri], channel) and pub.decisions[d.src_uri].published for d in docs}

    every = frozenset({"web", "search", "feeds", "social"})
    assert all(decided(every).values())
    assert decided(every - {channel}) == {"stories/s/index.md": False, "stories/s/01-first.md": False,
                                          "news/n.md": False, "news/other.md": True}


def test_a_translation_without_its_original_is_an_error(tmp_path):
    """Red-team round 6, finding 2: docs/news/оlena-story.uk.md (a Cyrillic о) beside
    docs/news/olena-story.md is a page of its own; marked as a translation, it was published as
    its own original with its own `people: none`, the Ukrainian text about a woman who refused
    Ukrainian. A lone version saying it is a translation is now an error. Controls: the
    same file named like its original, and an original with translation_of in neither."""
    (tmp_path / "docs/news").mkdir(parents=True)
    head = "---\ntitle: T\ndate: 2025-05-16\nsummary: S\npeople: none\n"
    (tmp_path / "docs/news/olena-story.md").write_text(head + "---\nText.\n", encoding="utf-8")
    (tmp_path / "docs/news/\u043elena-story.uk.md").write_text(head + "translation_of: 2025-05-16\n---\nТекст.\n", encoding="utf-8")
    (tmp_path / "docs/news/olena-story.ru.md").write_text(head + "translation_of: 2025-05-16\n---\nТекст.\n", encoding="utf-8")
    _, problems = content.load(tmp_path, frozenset())
    lone = [p for p in problems if p.key == "translation_of"]
    assert [p.file for p in lone] == ["docs/news/\u043elena-story.uk.md"], problems
    assert "letter by letter" in lone[0].expected
    (tmp_path / "docs/news/\u043elena-story.uk.md").rename(tmp_path / "docs/news/olena-story.uk.md")
    _, problems = content.load(tmp_path, frozenset())
    assert not [p for p in problems if p.key == "translation_of"], problems


@pytest.mark.parametrize("name,clash", [("\u043elena-story.uk.md", True), ("olena_story.uk.md", True),
                                        ("olena\u2013story.ru.md", True), ("olena-story.uk.md", False),
                                        ("olena-story-2.uk.md", False), ("\u043e\u043b\u0435\u043d\u0430.uk.md", False)])
def test_two_page_names_that_look_the_same_are_an_error(tmp_path, name, clash):
    """Red-team round 6, finding 2 without translation_of: a look-alike name is a page of its own,
    decided by its own people. Controls: the exact name, a name clearly apart, a Cyrillic name."""
    (tmp_path / "docs/news").mkdir(parents=True)
    head = "---\ntitle: T\ndate: 2025-05-16\nsummary: S\npeople: none\n---\nText.\n"
    (tmp_path / "docs/news/olena-story.md").write_text(head, encoding="utf-8")
    (tmp_path / "docs/news" / name).write_text(head, encoding="utf-8")
    _, problems = content.load(tmp_path, frozenset())
    found = [p for p in problems if p.key == "file name"]
    assert bool(found) == clash, problems
    if clash:
        assert sorted(p.file for p in found) == sorted(["docs/news/olena-story.md", f"docs/news/{name}"])
        assert "looks like docs/news/olena-story.md" in next(p.expected for p in found if p.file.endswith(name))


@pytest.mark.parametrize("written, published", [
    ("<p>She came back. <?ask where she lives?> She works.</p>", "<p>She came back.  She works.</p>"),
    ("<![CDATA[ lives in Hostomel ]]>", ""),
    ("<div>a <!NOTE lives in Hostomel> b</div>", "<div>a  b</div>"),
    ("a </ lives > b </3 x> c </> d</p>", "a  b  c  d</p>"),
    ("<!-- a --> b <!--> c <!---> d <!-- e --!> f <!DOCTYPE g> h", " b  c  d  f  h"),
    ("<?note a > b ?>", " b ?>"),  # a browser's note ends at the first '>': the rest is shown, in the preview too
    ("x <?note cut off by the end", "x "),
    ("a <<?x?>b", "a &lt;b"),  # the '<' before a note is text: it must not open a tag <b> once the note is out
    ("a <<!--x--><?y?>p", "a &lt;p"),
    # kept: what is not a note
    ('<span title="<?x?>" data-x=\'<!y>\'>t</span>', '<span title="<?x?>" data-x=\'<!y>\'>t</span>'),
    ("<pre><code>&lt;?php echo 1; ?&gt;\n&lt;![CDATA[x]]&gt;</code></pre>", "<pre><code>&lt;?php echo 1; ?&gt;\n&lt;![CDATA[x]]&gt;</code></pre>"),
    ("x < y, 3 <4, </p></DIV> and </", "x < y, 3 <4, </p></DIV> and </"),
])
def test_notes_are_what_a_browser_reads_as_comments(written, published):
    """html_tokens.without_notes: every comment form of the HTML tokenizer goes (consent.md §8)."""
    from hromada.html_tokens import notes, without_notes

    assert without_notes(written) == published
    assert bool(notes(written)) is (written != published)


@pytest.mark.parametrize("text", ["!!bool people: none\n", "title: !!bool maybe\n", "title: !!int ten\n"])
def test_a_value_its_yaml_tag_cannot_take_is_one_line(text):
    """The fuzz test found `!!bool people:` raising KeyError inside PyYAML's constructor, a traceback."""
    from hromada.frontmatter import load_yaml

    data, problems = load_yaml(text, "docs/news/x.md", "front matter")
    assert data is None and len(problems) == 1 and problems[0].expected.startswith("valid YAML"), problems
    assert load_yaml("title: !!str ten\n", "docs/news/x.md", "front matter") == ({"title": "ten"}, [])  # control
