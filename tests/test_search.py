"""Search in the reader's own language, for kilobytes: Pagefind in Material's header,
with the word tables of hromada/search_text.py (folded spellings, forms of a word).

tests/test_search_quality.py measures precision and recall per language and form."""
from __future__ import annotations

import gzip
import json
import os
import re
from pathlib import Path

import pytest

from conftest import all_output_text
from hromada import search_text
from hromada.search_text import fold, stems

CHROMIUM = "/usr/bin/chromium"
KB = 1024
BUDGET_PAGE, BUDGET_FIRST_SEARCH, BUDGET_NEXT_QUERY = 100 * KB, 300 * KB, 60 * KB


# --- folding and forms, without a browser ----------------------------------------
@pytest.mark.parametrize("typed,page", [
    ("кудакон", "кӯдакон"), ("хукуки", "ҳуқуқи"), ("гуруххо", "гурӯҳҳо"), ("Кулоб", "Кӯлоб"),
    ("чабрдида", "ҷабрдида"), ("гамхори", "ғамхорӣ"),                        # Tajik on a Russian layout
    ("партнерство", "партнёрство"), ("ПАРТНЕРСТВО", "партнёрство"),           # е for ё, case
    ("пов’язане", "пов'язане"), ("повʼязане", "пов'язане"), ("повязане", "пов‘язане"),  # apostrophes
    ("жiнки", "жінки"), ("ґанок", "ганок"), ("cafe", "Café"), ("naive", "naïve"),  # Latin i, ґ, diacritics
])
def test_what_keyboards_substitute_folds_to_the_same_key(typed, page):
    assert fold(typed) == fold(page)


def test_tajik_rules_strip_plural_object_izofat_endings():
    assert "гурух" in stems(fold("гурӯҳҳоро"))       # -ҳо -ро
    assert "кудак" in stems(fold("кӯдаконашро"))     # -он -аш -ро
    assert "занон" in stems(fold("занониро")) and "зан" in stems(fold("занониро"))  # -и -ро, -он
    assert "хукук" in stems(fold("ҳуқуқи"))          # izofat
    assert stems(fold("зан")) == ["зан"]             # at least three letters stay
    assert "занг" not in stems(fold("зан")) and "зан" not in stems(fold("зангҳоро"))


def words_of(table_files: dict[str, bytes]) -> dict[str, tuple[list[str], object]]:
    """Folded key -> (index words it searches, spelling) of one language's table files."""
    out = {}
    for name, data in table_files.items():
        if name.endswith(".hxw"):
            chunk = json.loads(gzip.decompress(data))
            for key, refs, spelling in chunk["k"]:
                out[key] = (sorted({w.lstrip("=") for r in refs for w in chunk["g"][r]}), spelling)
    return out


def test_word_table_links_the_forms_of_a_word():
    uk = words_of(search_text.write("uk", ["Жінки і жінок. Ніч минула.", "Про ночі та пов’язане."]))
    assert {"жінки", "жінок"} <= set(uk["жінками"][0])       # a form no page has, via the lemma
    assert uk["жінками"][1] == 0 and uk["жінки"][1] == 1      # only page words are 'spelled'
    assert "ночі" in uk["ніч"][0] and "ніч" in uk["ночі"][0]  # stem change, same lemma
    assert uk["повязане"][0] == ["повязане"]                  # apostrophe folded in key and index word
    ru = words_of(search_text.write("ru", ["Люди и дети.", "Права человека."]))
    assert "люди" in ru["людьми"][0] and "дети" in ru["детьми"][0]
    assert "человека" not in ru["людьми"][0]                  # suppletive families apart
    en = words_of(search_text.write("en", ["Women and children.", "One woman's letter."]))
    assert {"women", "womans"} <= set(en["woman"][0]) and "children" in en["child"][0]
    tg = words_of(search_text.write("tg", ["Ҳуқуқи занон.", "Гурӯҳҳо"]))
    assert tg["хукук"][0] == ["ҳуқуқи"] and tg["хукуки"][1] == ["ҳуқуқи"]  # real spelling kept
    assert "занон" in tg["зан"][0]


def test_word_table_is_the_same_bytes_whatever_the_order_of_pages():
    pages = ["Жінки і жінок.", "Про ночі та пов’язане.", "Полон, полону, полоні."]
    assert search_text.write("uk", pages) == search_text.write("uk", list(reversed(pages)))


def test_fold_by_its_table_is_fold_step_by_step():
    """`fold` keeps what each character gives in a table; `_slow_fold` says the same step by step
    (the browser's fold mirrors it): they agree on every character, and on words where a
    character's lower case depends on its place (a Greek final sigma) or decomposes to several."""
    from hromada.search_text import _slow_fold

    every = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    assert [fold(c) for c in every] == [_slow_fold(c) for c in every]
    for word in ("ΟΔΥΣΣΕΥΣ", "İstanbul", "ﬁnance", "Ǆemal", "Kиїв", "pecypc", "éte\u0301", "пов’язане", "ҲУҚУҚИ"):
        assert fold(word) == _slow_fold(word)
    assert fold("ΟΔΥΣΣΕΥΣ") == "οδυσσευς" and fold("Kиїв") == "киiв".replace("i", "і")  # positive controls


def test_word_tables_are_the_same_with_pymorphys_c_reader_or_without(tmp_path):
    """pyproject installs DAWG2, pymorphy3's C reader of its dictionaries, where a wheel exists
    (the word tables of a real site's Russian in two thirds of the time); pymorphy3 reads them in
    Python without it. The tables must not depend on which: made in a process that cannot import
    the C reader, they are the same bytes."""
    import subprocess
    import sys

    import pymorphy3.dawg

    words = "Жінки і жінок. Ніч минула. Про ночі та пов’язане. Полон, полону, полоні, полонених, звільнені."
    words += " Люди и дети. Права человека. Освобождённые пленные, заложники, заложниками."
    script = ("import sys, json, base64\n" + "if sys.argv[1] == 'python': sys.modules['dawg'] = None\n"
              "import pymorphy3.dawg\nfrom hromada import search_text\n"
              "out = {l: {n: base64.b64encode(b).decode() for n, b in search_text.write(l, [sys.argv[2]]).items()}"
              " for l in ('uk', 'ru')}\n"
              "print(json.dumps([pymorphy3.dawg.EXTENSION_AVAILABLE, out]))")
    runs = {how: json.loads(subprocess.run([sys.executable, "-c", script, how, words], capture_output=True, text=True,
                                           check=True, env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}).stdout)
            for how in ("python", "default")}
    assert runs["python"][0] is False  # positive control: that run read the dictionaries in Python
    assert runs["default"][0] is pymorphy3.dawg.EXTENSION_AVAILABLE
    assert runs["python"][1] == runs["default"][1] and len(runs["python"][1]["ru"]) > 1


def test_the_c_reader_is_installed_where_pyproject_asks_for_it():
    import platform
    import sys

    import pymorphy3.dawg

    wanted = sys.version_info[:2] == (3, 11) and platform.python_implementation() == "CPython" and (
        platform.system() == "Darwin" or (platform.system(), platform.machine()) in (("Windows", "AMD64"), ("Linux", "x86_64")))
    assert pymorphy3.dawg.EXTENSION_AVAILABLE or not wanted


def test_pagefind_indexes_searchable_pages_only_one_language_at_a_time(tmp_path):
    """Only pages with a data-pagefind-body, each language as x-<lang> (English: every page
    outside the other languages' folders, odd folder names too); nothing left behind; no
    page, no index."""
    from hromada import search_index

    site = tmp_path / "site"
    page = '<!doctype html><html lang="{lang}"><body><nav>menu</nav>{body}</body></html>'
    for rel, lang, body in (("a/index.html", "uk", "<div data-pagefind-body><p>Жінки в полоні.</p></div>"),
                            ("uk/b/index.html", "uk", "<div data-pagefind-body><p>Листи родинам.</p></div>"),
                            ("uk/c/index.html", "uk", "<p>canarylistingzq</p>"),
                            ("c/index.html", "en", "<div data-pagefind-body><p>Women held.</p></div>"),
                            ("a{b,c}[d]/x/index.html", "en", "<div data-pagefind-body><p>Braces kept.</p></div>"),
                            ("odd,name.html", "en", "<div data-pagefind-body><p>Comma page.</p></div>")):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(page.format(lang=lang, body=body), encoding="utf-8")
    allowed = {"uk": {"/uk/b/"}, "en": {"/a/", "/c/", "/a{b,c}[d]/x/", "/odd,name.html"}}
    files = search_index.build(site, allowed)
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text())
    assert {k: v["page_count"] for k, v in entry["languages"].items()} == {"x-en": 4, "x-uk": 1}
    assert {"pagefind/hx/uk.json", "pagefind/hx/en.json"} <= set(files)
    assert sorted(p.name for p in site.iterdir()) == sorted(["a", "uk", "c", "a{b,c}[d]", "odd,name.html", "pagefind"])
    fragments = {}
    for path in (site / "pagefind/fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        fragment = json.loads(raw[raw.index(b"{"):])
        fragments[fragment["url"]] = (path.name.split("_")[0], fragment["content"])
    assert {url: lang for url, (lang, _) in fragments.items()} == {
        "/a/": "x-en", "/c/": "x-en", "/a{b,c}[d]/x/": "x-en", "/odd,name.html": "x-en", "/uk/b/": "x-uk"}
    text = "".join(t for p, t in all_output_text(site).items() if p.startswith("pagefind/"))
    assert "жінки" in text.lower() and "листи" in text.lower() and "braces" in text.lower()  # positive controls
    assert "canarylistingzq" not in text and "menu" not in text
    assert (site / "a/index.html").read_text(encoding="utf-8").startswith('<!doctype html><html lang="uk">')

    bare = tmp_path / "bare"
    (bare / "x").mkdir(parents=True)
    (bare / "x/index.html").write_text(page.format(lang="uk", body="<p>canarylistingzq</p>"), encoding="utf-8")
    assert search_index.build(bare, {"uk": set()}) == [] and not (bare / "pagefind").exists()
    # a language no page of which may be searched is not given to Pagefind at all: it would
    # index every page whole when it finds no marked element
    (bare / "x/index.html").write_text(page.format(lang="uk", body="<!-- data-pagefind-body --><p>canarylistingzq</p>"),
                                       encoding="utf-8")
    assert search_index.build(bare, {"uk": set(), "en": set()}) == [] and not (bare / "pagefind").exists()


def test_each_languages_index_files_are_handed_over_once_final(tmp_path):
    """Indexer.on_language_done (a deny-list scan reads them beside the next run): each language's
    own files and no other language's; together with the files every run rewrites, all of them."""
    from hromada import search_index

    site = tmp_path / "site"
    page = '<!doctype html><html lang="{lang}"><body><div data-pagefind-body><p>{text}</p></div></body></html>'
    for rel, lang, text in (("a/index.html", "en", "Women held."), ("uk/b/index.html", "uk", "Листи родинам.")):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(page.format(lang=lang, text=text), encoding="utf-8")
    handed: list[list[str]] = []
    indexer = search_index.Indexer(site)
    indexer.on_language_done = handed.append
    try:
        indexer.add("en", {"/a/"})
        indexer.add("uk", {"/uk/b/"})
        indexer.wait()
        files = indexer.finish()
    finally:
        indexer.stop()
    assert len(handed) == 2
    en, uk = sorted(handed, key=lambda rels: "pagefind/hx/uk.json" in rels)
    assert "pagefind/hx/en.json" in en and any(r.startswith("pagefind/fragment/x-en_") for r in en)
    assert "pagefind/hx/uk.json" in uk and any(r.startswith("pagefind/fragment/x-uk_") for r in uk)
    for lang, rels in (("en", en), ("uk", uk)):
        names = [r.rsplit("/", 1)[-1] for r in rels]
        assert all(f"x-{lang}_" in n or n.startswith(f"{lang}_") or n == f"{lang}.json" for n in names), (lang, names)
    rest = set(files) - set(en) - set(uk)
    assert rest and all("x-en" not in r and "x-uk" not in r and not r.startswith("pagefind/hx/") for r in rest), rest


def _indexing_events(tmp_path, monkeypatch) -> list[str]:
    """The processes search_index.build starts and ends on a three-language site, in order:
    "+pagefind", "-pagefind", "+tables en", "-tables"..."""
    from hromada import search_index

    site = tmp_path / "site"
    page = '<!doctype html><html lang="{lang}"><body><div data-pagefind-body><p>{text}</p></div></body></html>'
    for rel, lang, text in (("a/index.html", "en", "Women held."), ("uk/b/index.html", "uk", "Листи родинам."),
                            ("ru/c/index.html", "ru", "Письма семьям.")):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(page.format(lang=lang, text=text), encoding="utf-8")
    events: list[str] = []
    start, wait = search_index.Indexer._start, search_index.Indexer._wait

    def started(self, command, failure, stdin=None):
        proc, message = start(self, command, failure, stdin)
        events.append("+" + ("tables " + command[-1] if search_index.TABLES_OF in command else "pagefind"))
        return (proc, message, events[-1][1:].split()[0])

    def waited(self, started, quiet=False):
        try:
            wait(self, started[:2], quiet)
        finally:
            events.append("-" + started[2])

    monkeypatch.setattr(search_index.Indexer, "_start", started)
    monkeypatch.setattr(search_index.Indexer, "_wait", waited)
    search_index.build(site, {"en": {"/a/"}, "uk": {"/uk/b/"}, "ru": {"/ru/c/"}})
    assert sorted(e for e in events if e.startswith("+")) == ["+pagefind"] * 3 + ["+tables en", "+tables ru", "+tables uk"]
    return events


def _at_once(events: list[str]) -> list[dict[str, int]]:
    running, seen = {"pagefind": 0, "tables": 0}, []
    for event in events:
        running[event[1:].split()[0]] += 1 if event.startswith("+") else -1
        seen.append(dict(running))
    return seen


def test_word_tables_run_beside_pagefind_only_within_the_memory_budget(tmp_path, monkeypatch):
    """The build's process tree stays within its memory budget: Pagefind runs one language at a
    time, at most one word table a core; when the estimates do not fit beside each other (here: a
    budget of nothing), each process runs alone and the tables wait for the last Pagefind run."""
    from hromada import search_index

    monkeypatch.setattr(search_index, "MEMORY_BUDGET_MB", 0)
    events = _indexing_events(tmp_path / "tight", monkeypatch)
    for running in _at_once(events):
        assert sum(running.values()) <= 1, events
    assert events.index("+tables en") > max(i for i, e in enumerate(events) if e == "-pagefind")
    monkeypatch.undo()  # (the wrapped _start and _wait too)
    monkeypatch.setattr(search_index, "MEMORY_BUDGET_MB", 100_000)
    events = _indexing_events(tmp_path / "roomy", monkeypatch)
    for running in _at_once(events):
        assert running["pagefind"] <= 1 and running["tables"] <= search_index.TABLES_AT_ONCE, events
    pagefind_ends = [i for i, e in enumerate(events) if e == "-pagefind"]
    assert events.index("+tables en") > pagefind_ends[0]  # a language's tables come from its own index


@pytest.mark.parametrize("kind,estimate,main,running,waiting,ok", [
    # 2,000 items x 4 (the benchmark): Pagefind ~404 MB beside this process's ~200: tables wait
    ("tables", 133, 200, {("pagefind", "uk"): 404}, {"ru": 390}, False),
    ("tables", 133, 200, {}, {"ru": 390}, False),                  # the next run comes first
    ("pagefind", 390, 200, {}, {}, True),                           # too large with it: alone
    ("tables", 133, 200, {("tables", "uk"): 133}, {}, True),        # two at once, one a core
    ("tables", 133, 200, {("tables", "uk"): 133, ("tables", "en"): 133}, {}, False),
    # 250 items x 4: Pagefind ~67 MB: tables beside the runs
    ("tables", 133, 110, {("pagefind", "uk"): 67}, {"ru": 67}, True),
    ("pagefind", 67, 110, {("tables", "en"): 133, ("tables", "uk"): 133}, {}, True),
    # a real vocabulary (121,000 Russian words: ~395 MB): one table at a time
    ("tables", 395, 200, {("tables", "uk"): 395}, {}, False),
    ("tables", 395, 200, {}, {}, True),
    ("pagefind", 404, 200, {("tables", "en"): 133}, {}, False),     # waits for the table to end
])
def test_what_may_start_beside_what(kind, estimate, main, running, waiting, ok):
    from hromada import search_index

    assert search_index.may_start(kind, estimate, main, running, waiting) is ok


def test_memory_estimates_cover_what_was_measured():
    """pagefind_mb and tables_mb are at or above the peaks measured (their docstrings)."""
    from hromada.search_index import pagefind_mb, tables_mb

    assert pagefind_mb(int(2.8 * 2**20)) >= 57 and pagefind_mb(int(22.6 * 2**20)) >= 366
    assert tables_mb(13_750) >= 104 and tables_mb(80_000) >= 229 and tables_mb(121_000) >= 322
    assert tables_mb(60_000) >= 194 and tables_mb(200_000) >= 44 + 2.3 * 200_000 / 1024  # (dictionaries + 2.3 KB a word)


def test_a_page_its_decision_keeps_out_of_search_fails_the_build_not_the_reader(tmp_path):
    """The template's mark is not trusted alone: a page whose raw HTML carries
    data-pagefind-body, or a template that lost the mark (Pagefind then indexes every page
    whole), is refused in one line naming the file."""
    from hromada import search_index

    site = tmp_path / "site"
    page = '<!doctype html><html lang="en"><body>{body}</body></html>'
    for rel, body in (("a/index.html", "<div data-pagefind-body><p>Allowed.</p></div>"),
                      ("b/index.html", "<p>Staff HTML: <span data-pagefind-body>canaryrawzq</span></p>")):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(page.format(body=body), encoding="utf-8")
    indexer = search_index.Indexer(site)
    try:
        indexer.add("en", {"/a/"}, {"/a/": "docs/a.md", "/b/": "docs/b.md"})
        with pytest.raises(search_index.SearchIndexError) as refused:
            indexer.wait()
    finally:
        indexer.stop()
    assert str(refused.value).startswith("docs/b.md: ") and "\n" not in str(refused.value)
    assert search_index.build(site, {"en": {"/a/", "/b/"}})  # positive control: both allowed, no refusal
    (site / "a/index.html").write_text(page.format(body="<p>The mark lost.</p>"), encoding="utf-8")
    (site / "b/index.html").write_text(page.format(body="<p>canaryrawzq</p>"), encoding="utf-8")
    with pytest.raises(search_index.SearchIndexError):  # Pagefind's fallback took /b/ whole
        search_index.build(site, {"en": {"/a/"}})


def test_pagefind_patterns_never_take_another_languages_folder(tmp_path):
    """A name with characters Pagefind's patterns would read is matched by `?`: a name that
    then also matches another language's folder is refused in one line, not indexed as English."""
    from hromada import search_index

    for name in ("uk", "ru", "news", "a{b,c}"):
        (tmp_path / name).mkdir()
    (tmp_path / "index.html").write_text("<html></html>")
    assert search_index.language_glob(tmp_path, "uk") == "uk/**/*.html"
    assert search_index.language_glob(tmp_path, "en") == "{a?b?c?/**/*.html,index.html,news/**/*.html}"
    (tmp_path / "u[").mkdir()  # 'u?' would take uk/ too
    with pytest.raises(search_index.SearchIndexError) as refused:
        search_index.language_glob(tmp_path, "en")
    assert "'u['" in str(refused.value) and "'uk'" in str(refused.value) and "\n" not in str(refused.value)


def test_index_holds_only_searchable_article_text(example_site):
    """Listings, menus and pages without the search channel are not in the index."""
    index = {p: t for p, t in all_output_text(example_site).items() if p.startswith("pagefind/")}
    text = "\n".join(index.values())
    assert '"url":"/uk/stories/sisters-voices/halyna-first-day-at-work/"' in text  # positive control
    # P-0202 (02-mehrinisso-sewing-room.md) did not consent to search
    assert "mehrinisso-sewing-room" not in text
    # generated listings and the Subscribe page are not indexed
    assert '"url":"/news/"' not in text and '"url":"/uk/subscribe/"' not in text
    # listing blocks inside pages (home sections) are not part of a page's text
    assert "Latest news" not in text


def test_pagefind_reading_the_cut_out_parts_writes_the_index_it_writes_from_whole_pages(example_site, tmp_path):
    """The build hands Pagefind each searchable page's indexed part alone (search_input.py);
    Pagefind run over the published pages whole writes the same index, byte for byte, and
    neither the marks nor the folder Pagefind read are left anywhere."""
    import shutil

    from hromada import search_index

    whole = tmp_path / "whole"
    shutil.copytree(example_site, whole, ignore=shutil.ignore_patterns("pagefind"))
    allowed = {lang: set(search_index.indexed_urls(example_site / "pagefind", lang)) for lang in ("en", "uk", "ru", "tg")}
    assert all(len(urls) >= 3 for urls in allowed.values()), allowed  # positive control: every language indexed
    search_index.build(whole, allowed)

    def files(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site / "pagefind").as_posix(): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()}

    built, from_whole = files(example_site), files(whole)
    assert sum(name.startswith("fragment/") for name in built) >= 12
    assert built.keys() == from_whole.keys()
    assert [name for name in built if built[name] != from_whole[name]] == []
    assert not [p for p, text in all_output_text(example_site).items() if "<!--hx-search-" in text]
    assert [p.name for p in example_site.parent.iterdir()] == [example_site.name]


def test_the_cut_takes_the_marked_part_and_leaves_the_page_as_without_marks():
    from hromada import search_input

    mark = search_input.new_mark()
    assert mark != search_input.new_mark() and mark.startswith("<!--") and mark.endswith("-->")
    page = f"<html><body><nav>menu</nav>{mark}<div data-pagefind-body><h1>T</h1></div>{mark}<footer>f</footer></body></html>"
    published, document = search_input.cut(page, mark)
    assert published == page.replace(mark, "")
    assert "<div data-pagefind-body><h1>T</h1></div>" in document and "menu" not in document and "<footer>" not in document
    bare = "<html><body><div data-pagefind-body>x</div></body></html>"
    assert search_input.cut(bare, mark) == (bare, bare)  # a template without marks: Pagefind reads the page whole
    for broken in (f"<p>{mark}x</p>", f"{mark}a{mark}b{mark}"):
        with pytest.raises(search_input.MarkError):
            search_input.cut(broken, mark)


def test_word_tables_hold_only_words_of_indexed_pages(example_site):
    """Every word a table says is on a page is in the text Pagefind indexed for that language."""
    folder = example_site / "pagefind"
    for lang in ("en", "uk", "ru", "tg"):
        indexed = set()
        for path in (folder / "fragment").glob(f"x-{lang}_*.pf_fragment"):
            raw = gzip.decompress(path.read_bytes())
            for word, surface in search_text.page_words(json.loads(raw[raw.index(b"{"):])["content"]):
                indexed.update((fold(word), surface))
        files = {p.name: p.read_bytes() for p in (folder / "hx").glob(f"{lang}*")}
        assert f"{lang}.json" in files
        table = words_of(files)
        assert table, lang
        for key, (surfaces, spelling) in table.items():
            assert set(surfaces) <= indexed, (lang, key)
            if spelling:
                assert key in indexed, (lang, key)


# --- through the search box in Chromium ----------------------------------------------
@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file() and not os.environ.get("HROMADA_REQUIRE_BROWSER"):
        pytest.skip(f"search tests need Debian's Chromium at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")
    from test_browser import LAUNCH_ARGS

    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def gz_server(example_site, browser):
    from browser_support import SiteServer

    srv = SiteServer(example_site, compress=True).start()
    yield srv
    srv.stop()


def urlpath(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.mark.browser
def test_ukrainian_query_on_ukrainian_page_finds_only_ukrainian_pages_within_budget(example_site, gz_server, browser):
    from browser_support import Transfer, run_search

    context = browser.new_context()
    page = context.new_page()
    transfer = Transfer(context, page)
    page.goto(gz_server.url("uk/stories/sisters-voices/halyna-first-day-at-work/"), wait_until="networkidle")
    page_bytes, loaded = transfer.since_mark(images=False)
    assert not [u for u, _, _ in loaded if "pagefind" in u or "sitemap" in u], "search data fetched on page view"
    assert page_bytes <= BUDGET_PAGE, f"story page costs {page_bytes} bytes"

    links = run_search(page, "полон")  # 'captivity', a word in many Ukrainian pages
    first_bytes, _ = transfer.since_mark()
    assert links and all(urlpath(u).startswith("/uk/") for u in links), links
    assert first_bytes <= BUDGET_FIRST_SEARCH, f"first search costs {first_bytes} bytes"

    links = run_search(page, "звільнення")
    next_bytes, _ = transfer.since_mark()
    assert links and all(urlpath(u).startswith("/uk/") for u in links), links
    assert next_bytes <= BUDGET_NEXT_QUERY, f"a further query costs {next_bytes} bytes"
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang,query", [("tg", "гурӯҳ"), ("ru", "женщин"), ("en", "hostages")])
def test_each_language_searches_its_own_pages(gz_server, browser, lang, query):
    from browser_support import run_search

    context = browser.new_context()
    page = context.new_page()
    page.goto(gz_server.url(f"{lang}/" if lang != "en" else ""), wait_until="networkidle")
    paths = [urlpath(u) for u in run_search(page, query)]
    assert paths
    for path in paths:
        first = path.strip("/").split("/", 1)[0]
        assert (first == lang) if lang != "en" else first not in ("uk", "ru", "tg"), path
    assert page.evaluate("document.documentElement.lang") == lang  # Pagefind picked x-<lang> and left it
    context.close()


@pytest.mark.browser
def test_search_results_are_real_links_in_materials_panel(gz_server, browser):
    from browser_support import run_search

    context = browser.new_context()
    page = context.new_page()
    page.goto(gz_server.url("uk/"), wait_until="networkidle")
    links = run_search(page, "полон")
    first = page.locator(".md-search-result__link").first
    assert first.is_visible()
    assert page.locator(".md-search-result__article h1").first.inner_text().strip()
    assert page.locator(".md-search-result__meta").inner_text().strip()
    first.click()
    page.wait_for_url(links[0])
    assert page.evaluate("document.documentElement.lang") == "uk"
    context.close()


def shown(page, query: str) -> tuple[str, list[str], int]:
    """Type a query; return the result line, the highlighted words and the number of results."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator("body").press("/")
    box.fill(query)
    page.wait_for_function(
        "q => document.querySelector('[data-hx-search-results]').getAttribute('data-hx-query') === q",
        arg=query, timeout=15000)
    marks = page.eval_on_selector_all(".md-search-result__article mark", "els => els.map(e => e.textContent)")
    count = int(page.locator("[data-hx-search-results]").get_attribute("data-hx-count") or 0)
    return page.locator("[data-hx-search-meta]").inner_text(), marks, count


@pytest.mark.browser
@pytest.mark.parametrize("lang,query,spelled", [
    ("tg", "кудакон", "кӯдакон"),       # typed on a Russian keyboard, shown as the page writes it
    ("tg", "хукуки", "ҳуқуқи"),
    ("ru", "партнерство", "партнёрство"),
    ("uk", "повʼязане", "пов'язане"),
    ("uk", "жінками", "жінок"),         # a form no page has finds the pages that say жінок
    ("en", "woman", "women"),
    ("ru", "людьми", "людей"),
])
def test_results_show_the_pages_own_spelling_highlighted(gz_server, browser, lang, query, spelled):
    context = browser.new_context()
    page = context.new_page()
    page.goto(gz_server.url(f"{lang}/" if lang != "en" else ""), wait_until="networkidle")
    meta, marks, count = shown(page, query)
    assert count and spelled in [m.lower() for m in marks], (meta, marks)
    assert all(re.fullmatch(r"[\w'’ʼ]+", m) for m in marks), marks  # the word, not the punctuation next to it
    context.close()


@pytest.mark.browser
def test_no_exact_matches_only_when_no_page_has_the_word_or_its_forms(gz_server, browser):
    context = browser.new_context()
    page = context.new_page()
    for lang, query in (("ru", "заложники"), ("ru", "плену"), ("en", "campaigns"), ("uk", "заручниками")):
        page.goto(gz_server.url(f"{lang}/" if lang != "en" else ""), wait_until="networkidle")
        template = page.evaluate("JSON.parse(document.getElementById('hx-config').textContent).strings")
        meta, marks, count = shown(page, query)
        assert count and marks and meta != template["fallback"].replace("{query}", query).replace("{prefix}", query)
    page.goto(gz_server.url("uk/"), wait_until="networkidle")
    meta, marks, count = shown(page, "жін")  # not a word: words starting with it, and saying so
    assert count and "«жін»" in meta and all(m.lower().startswith("жін") for m in marks), (meta, marks)
    context.close()


def ukrainian_plural(n: int) -> str:
    """CLDR's Ukrainian (and Russian) plural category."""
    if n % 10 == 1 and n % 100 != 11:
        return "one"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "few"
    return "many"


@pytest.mark.browser
def test_counts_use_each_languages_plural_rules(gz_server, browser):
    nouns = {"uk": {"one": "збіг", "few": "збіги", "many": "збігів"},
             "ru": {"one": "совпадение", "few": "совпадения", "many": "совпадений"}}
    context = browser.new_context()
    page = context.new_page()
    seen = set()
    for lang, queries in (("uk", ["заручники", "полон", "жінок", "організацій", "сестри"]),
                          ("ru", ["заложники", "плену", "детей", "женщин"])):
        page.goto(gz_server.url(f"{lang}/"), wait_until="networkidle")
        for query in queries:
            meta, _, count = shown(page, query)
            category = ukrainian_plural(count)
            seen.add(category)
            assert meta.endswith(f" {count} {nouns[lang][category]}"), (query, meta)
    assert {"few", "many"} <= seen
    context.close()


@pytest.mark.browser
def test_a_word_with_no_match_gives_no_results_instead_of_a_two_letter_prefix(gz_server, browser):
    # Pagefind alone answers "домівками" with every "до" ("to") in the index
    context = browser.new_context()
    page = context.new_page()
    page.goto(gz_server.url("uk/"), wait_until="networkidle")
    meta, marks, count = shown(page, "домівками")
    assert marks == [] and count == 0 and page.locator(".md-search-result__item").count() == 0
    meta_ok, marks_ok, _ = shown(page, "полону")  # positive control in the same session
    assert marks_ok
    context.close()


@pytest.mark.browser
def test_browser_folds_and_stems_like_the_build(gz_server, browser):
    """The search box's fold() and Tajik stems() give what search_text.py gave the table."""
    words = ["Кӯдаконашро", "ҲУҚУҚИ", "пов’язане", "повʼязане", "Партнёрство", "жiнки", "Café", "naïve",
             "ґанок", "Women’s", "гурӯҳҳоямон", "занониро", "оилаҳою", "2023", "İstanbul", "ﬁsh"]
    context = browser.new_context()
    page = context.new_page()
    page.goto(gz_server.url("tg/"), wait_until="networkidle")
    got = page.evaluate("""([words, rules]) => words.map(w => {
        const t = window.hromadaSearchText;
        return [t.fold(w), t.stems(t.fold(w), rules), t.indexKey(w)];
    })""", [words, search_text.TAJIK_RULES])
    assert got == [[fold(w), stems(fold(w)), search_text.index_key(w)] for w in words]
    context.close()


@pytest.mark.browser
def test_without_the_word_table_the_word_as_typed_is_still_found(gz_server, browser):
    """A browser that cannot fetch or read the word table still finds the exact word."""
    context = browser.new_context()
    context.route("**/pagefind/hx/**", lambda route: route.abort())
    page = context.new_page()
    page.goto(gz_server.url("uk/"), wait_until="networkidle")
    meta, marks, count = shown(page, "полону")
    assert count and {m.lower() for m in marks} == {"полону"}, (meta, marks)
    context.close()


@pytest.mark.browser
def test_the_last_of_several_words_is_read_as_a_beginning_while_typing(gz_server, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(gz_server.url("uk/"), wait_until="networkidle")
    whole, _, count = shown(page, "жінки полону")
    assert count and "«" not in whole
    typing, marks, count_typing = shown(page, "жінки пол")  # no page has жінки and a form of пол
    assert count_typing and "«пол»" in typing and "полону" in [m.lower() for m in marks], (typing, marks)
    context.close()
