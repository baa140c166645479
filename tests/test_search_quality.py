"""Search quality, measured through the site's own search box in Chromium on the example site.

For each language, words readers look for, each typed four ways:

* exact: a form that is on the pages;
* inflected: another form of the word (often one no page has);
* prefix: the beginning of the word, not a word itself;
* keyboard: the word as a phone keyboard or a hurried reader types it (Tajik on
  a Russian layout, е for ё, other apostrophes, Latin look-alike letters, case).

What each query should find is written here, independently of the search code:
the pages whose indexed text (Pagefind's own fragments) has one of the listed
`forms` (exact, inflected, keyboard), or a word starting with the prefix
(prefix). Precision and recall are summed over the queries of each language
and form, and must be at least 0.9 and 0.95. `python -m pytest
tests/test_search_quality.py -s` prints the table the README reports.
"""
from __future__ import annotations

import gzip
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
if not Path(CHROMIUM).is_file() and not os.environ.get("HROMADA_REQUIRE_BROWSER"):
    pytest.skip(f"search tests need Debian's Chromium at {CHROMIUM}", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

from browser_support import SiteServer  # noqa: E402
from test_browser import LAUNCH_ARGS  # noqa: E402

pytestmark = pytest.mark.browser
PRECISION, RECALL = 0.9, 0.95
FORMS = ("exact", "inflected", "prefix", "keyboard")


@dataclass
class Word:
    forms: str          # the forms that count, as pages write them (apostrophe as ')
    exact: str
    inflected: str
    prefix: str
    keyboard: tuple[str, ...]

    def queries(self):
        yield "exact", self.exact
        yield "inflected", self.inflected
        yield "prefix", self.prefix
        for typed in self.keyboard:
            yield "keyboard", typed


# Latin letters below are deliberate: a reader whose layout lacks і types Latin i.
WORDS = {
    "uk": [
        Word("жінка жінки жінок жінці жінку жінкою жінкам жінками жінках", "жінок", "жінками", "жінк", ("ЖIНКИ",)),
        Word("полон полону полоні полоном", "полон", "полоном", "поло", ("ПОЛОНУ",)),
        Word("пов'язаний пов'язана пов'язане пов'язані пов'язаного пов'язаної пов'язаних пов'язаному пов'язаній "
             "пов'язаним пов'язаними пов'язану пов'язаною", "пов'язане", "пов'язаної", "пов'яз",
             ("пов’язане", "повʼязане", "повязане")),
        Word("організація організації організацій організацію організацією організаціям організаціями організаціях",
             "організацій", "організаціях", "організ", ("органiзацiя",)),
        Word("заручник заручника заручнику заручником заручники заручників заручникам заручниками заручниках",
             "заручники", "заручниками", "заруч", ("ЗАРУЧНИКIВ",)),
        Word("родина родини родин родині родину родиною родинам родинами родинах", "родин", "родиною", "роди",
             ("рoдини",)),
        Word("сестра сестри сестер сестрі сестру сестрою сестро сестрам сестрами сестрах", "сестри", "сестрами", "сест",
             ("сeстри",)),
    ],
    "ru": [
        Word("женщина женщины женщин женщине женщину женщиной женщиною женщинам женщинами женщинах",
             "женщин", "женщиной", "женщ", ("ЖEНЩИНЫ",)),
        Word("партнёрство партнёрства партнёрству партнёрством партнёрстве", "партнёрство", "партнёрстве", "партнёрс",
             ("партнерство", "ПАРТНЕРСТВА")),
        Word("люди людей людям людьми людях", "людей", "людьми", "люд", ("ЛЮДИ",)),   # not человек: see below
        Word("человек человека человеку человеком человеке", "человека", "человеком", "челов", ("ЧЕЛОВЕКА",)),
        Word("дети детей детям детьми детях", "детей", "детьми", "дет", ("дeтей",)),
        Word("заложник заложника заложнику заложником заложнике заложники заложников заложникам заложниками заложниках",
             "заложники", "заложниками", "залож", ("ЗАЛОЖНИКОВ",)),
        Word("плен плена плену пленом плене", "плену", "пленом", "пле", ("ПЛЕН",)),
        Word("семья семьи семье семью семьёй семьею семьи семей семьям семьями семьях", "семьи", "семьёй", "семе",
             ("семьей",)),
    ],
    "en": [
        Word("woman women woman's women's", "women", "woman", "wom", ("WOMEN’S",)),
        Word("child children child's children's", "children", "child", "childr", ("Children’s",)),
        Word("hostage hostages hostage's hostages'", "hostages", "hostage", "hosta", ("HOSTAGES",)),
        Word("campaign campaigns campaign's campaigned campaigning", "campaign", "campaigning", "campa", ("Campaign’s",)),
        Word("family families family's families'", "families", "family", "famil", ("FAMILIES",)),
        Word("hold holds held holding", "held", "holding", "hol", ("HELD",)),
        Word("survivor survivors survivor's survivors'", "survivors", "survivor", "surviv", ("SURVIVORS",)),
    ],
    "tg": [
        Word("кӯдак кӯдаки кӯдакро кӯдакон кӯдакони кӯдаконро кӯдаконаш кӯдаконашро кӯдакону", "кӯдакон", "кӯдаконро",
             "кӯда", ("кудакон",)),
        Word("гурӯҳ гурӯҳи гурӯҳро гурӯҳе гурӯҳҳо гурӯҳҳои гурӯҳҳоро", "гурӯҳ", "гурӯҳе", "гурӯ", ("гуруххо",)),
        Word("ҳуқуқ ҳуқуқи ҳуқуқӣ ҳуқуқро ҳуқуқҳо ҳуқуқҳои ҳуқуқҳое ҳуқуқҳояшро", "ҳуқуқи", "ҳуқуқро", "ҳуқ",
             ("хукуки",)),
        Word("оила оилаи оилае оиларо оилаҳо оилаҳои оилаҳоро", "оила", "оилаҳоро", "оил", ("оилахо",)),
        Word("кӯлоб кӯлоби кӯлобии кӯлобро", "Кӯлоб", "Кӯлобро", "Кӯло", ("Кулоб",)),
        Word("қисса қиссаи қиссае қиссаро қиссаҳо қиссаҳои қиссаҳоро", "қисса", "қиссаҳоямон", "қисс", ("киссахо",)),
        Word("дастгирӣ дастгирии дастгириро", "дастгирӣ", "дастгириро", "дастг", ("дастгири",)),
    ],
}

PAGE_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ‘][^\W\d_]+)*")


def plain(word: str) -> str:
    return re.sub("[’ʼ‘]", "'", word.lower())


def indexed_pages(site: Path, lang: str) -> dict[str, set[str]]:
    """URL -> the words of that page's indexed text, read from Pagefind's fragments."""
    pages = {}
    for path in (site / "pagefind" / "fragment").glob(f"x-{lang}_*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        fragment = json.loads(raw[raw.index(b"{"):])
        pages[fragment["url"]] = {plain(w) for w in PAGE_WORD.findall(fragment["content"])}
    assert pages, f"no {lang} pages in the search index"
    return pages


def expected(pages: dict[str, set[str]], word: Word, form: str) -> set[str]:
    if form == "prefix":
        prefix = plain(word.prefix)
        return {url for url, words in pages.items() if any(w.startswith(prefix) for w in words)}
    forms = set(word.forms.split())
    return {url for url, words in pages.items() if words & forms}


@pytest.fixture(scope="module")
def server(example_site):
    srv = SiteServer(example_site).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


def found(page, query: str) -> tuple[str, list[str]]:
    """Type `query`, open every result ('more results' until none), return the notice and URLs."""
    box = page.locator("input.md-search__input")
    box.fill(query)
    page.wait_for_function(
        "q => document.querySelector('[data-hx-search-results]').getAttribute('data-hx-query') === q",
        arg=query, timeout=15000)
    more = page.locator(".hx-search-more button")
    while more.count():
        shown = page.locator(".md-search-result__link").count()
        more.click()
        page.wait_for_function("n => document.querySelectorAll('.md-search-result__link').length > n",
                               arg=shown, timeout=15000)
    links = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => new URL(e.href).pathname)")
    return page.locator("[data-hx-search-meta]").inner_text(), links


RESULTS: dict[tuple[str, str], list[tuple[str, set[str], list[str]]]] = {}


@pytest.mark.parametrize("lang", list(WORDS))
def test_search_quality(example_site, server, browser, lang):
    pages = indexed_pages(example_site, lang)
    context = browser.new_context()
    page = context.new_page()
    page.goto(server.url(f"{lang}/" if lang != "en" else ""), wait_until="networkidle")
    page.locator("body").press("/")
    template = page.evaluate("JSON.parse(document.getElementById('hx-config').textContent).strings.fallback")
    problems = []
    for word in WORDS[lang]:
        for form, query in word.queries():
            want = expected(pages, word, form)
            assert len(want) >= 1, f"{query!r}: the example site has no page to find"
            meta, links = found(page, query)
            assert len(links) == len(set(links)), f"{query!r}: a page listed twice: {links}"
            RESULTS.setdefault((lang, form), []).append((query, want, links))
            # say the truth: the notice only when no page has the word or its forms
            is_notice = meta == template.replace("{query}", query).replace("{prefix}", query)
            if form == "prefix" and links and not is_notice:
                problems.append(f"{query!r} (prefix): found {len(links)} but no 'no exact matches' notice: {meta!r}")
            if form != "prefix" and is_notice:
                problems.append(f"{query!r} ({form}): says no exact matches although pages have it: {meta!r}")
    context.close()
    lines = []
    for form in FORMS:
        precision, recall, detail = score(RESULTS[(lang, form)])
        if precision < PRECISION or recall < RECALL:
            lines.append(f"{lang} {form}: precision {precision:.2f}, recall {recall:.2f}\n" + detail)
    assert not lines and not problems, "\n".join(lines + problems)


def score(rows) -> tuple[float, float, str]:
    hit = sum(len(want & set(links)) for _, want, links in rows)
    got = sum(len(links) for _, _, links in rows)
    wanted = sum(len(want) for _, want, _ in rows)
    detail = "\n".join(f"  {q!r}: missed {sorted(want - set(links))}, extra {sorted(set(links) - want)}"
                       for q, want, links in rows if want != set(links))
    return (hit / got if got else 1.0), (hit / wanted if wanted else 1.0), detail


def test_report_table():
    """The README's table (run with -s to see it); needs the quality tests above to have run."""
    if not RESULTS:
        pytest.skip("run together with test_search_quality")
    print("\n| Language | Form | Queries | Precision | Recall |\n| --- | --- | --- | --- | --- |")
    for lang in WORDS:
        for form in FORMS:
            rows = RESULTS.get((lang, form))
            if rows:
                precision, recall, _ = score(rows)
                print(f"| {lang} | {form} | {len(rows)} | {precision:.2f} | {recall:.2f} |")
