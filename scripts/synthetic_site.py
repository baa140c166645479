"""Make a synthetic Hromada project of N items per language, for benchmarks.

    python scripts/synthetic_site.py DIR --items 2500 [--people 3] [--vocabulary 150000 --dictionary]

Items are news, events and story parts in en, uk, ru and tg with a few hundred
words each, drawn from small per-language vocabularies so search indexes and
pages have a realistic size. Everything is invented. With --people K, K consent
records (P-9001...) with consent given are written, each named by one of the
newest news items but the newest (people_news()), e.g. to time a withdrawal in
preview; without it the output is as before. The vocabulary (4,000 invented
words per language by default) keeps a site's distinct words at about 13,750
per language whatever its size; a real site's grow with it, and so do its
search word tables: --vocabulary N --dictionary draws the text from N real
words of uk, ru and en (pymorphy3's and lemminflect's dictionaries).
"""
from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LANGS = ("en", "uk", "ru", "tg")
WORDS = {
    "en": "women survivors captivity justice documentation advocacy release hostages families letters support "
          "recovery rights court evidence register damage compensation group village training sewing bakery".split(),
    "uk": "жінки постраждалі полон правосуддя документування адвокація звільнення заручники родини листи підтримка "
          "відновлення права суд докази реєстр збитків компенсація група село навчання шиття пекарня".split(),
    "ru": "женщины пострадавшие плен правосудие документирование адвокация освобождение заложники семьи письма поддержка "
          "восстановление права суд доказательства реестр ущерба компенсация группа село обучение шитьё пекарня".split(),
    "tg": "занон ҷабрдидагон асорат адолат ҳуҷҷатгузорӣ ҳимоятгарӣ озодӣ гаравгонҳо оилаҳо мактубҳо дастгирӣ "
          "барқарорсозӣ ҳуқуқ суд далелҳо феҳрист зарар ҷуброн гурӯҳ деҳа омӯзиш дӯзандагӣ нонпазӣ".split(),
}
SUFFIX = {"en": "", "uk": ".uk", "ru": ".ru", "tg": ".tg"}
SYLLABLES = {
    "en": "ba be co da de fi ga ho in ja ka le li mo na ne or pa ra re si ta te un ve wa".split(),
    "uk": "ба ве ги да до же за ки ла ли ма ні но па ро са ти ту фа ха це чи ша ще юр яв".split(),
    "ru": "ба ве ги да до же за ки ла ли ма ни но па ро са ты ту фа ха це чи ша ще юр яв".split(),
    "tg": "ба ва ғо да до ҷа за қа ла ло ма нӣ но па ро са то тӯ фа ҳа ча ша ӯд ӣб ёр".split(),
}
VOCABULARY = 4000  # distinct words per language, used with Zipf's law like real text


def _lexicon(lang: str, size: int = VOCABULARY, dictionary: bool = False) -> tuple[list[str], list[float]]:
    """The domain words spread through a larger vocabulary of `size` words, with Zipf weights:
    invented ones, or with `dictionary` real ones for uk, ru and en (the forms in pymorphy3's and
    lemminflect's dictionaries, so a site's distinct words grow as a real site's do, and the search
    word tables cost what they would; Tajik has no dictionary here and stays invented)."""
    rng = random.Random(lang)
    words = set(dictionary_words(lang, size)) if dictionary and lang != "tg" else set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES[lang]) for _ in range(rng.randint(2, 4))))
    vocab = sorted(words)
    rng.shuffle(vocab)
    for i, word in enumerate(WORDS[lang]):  # domain words at ranks 5, 20, 35, ...
        vocab.insert(5 + 15 * i, word)
    weights, total = [], 0.0
    for rank in range(len(vocab)):
        total += 1.0 / (rank + 1)
        weights.append(total)
    return vocab, weights


def dictionary_words(lang: str, size: int) -> list[str]:
    """`size` real words of `lang` (every 7th form of pymorphy3's dictionary; lemminflect's
    lemmas for English, in alphabetical order), the same on every run (measure_word_tables.py
    hands them to the word tables alone)."""
    import itertools

    if lang == "en":
        from lemminflect.core.Lemmatizer import Lemmatizer

        return sorted(Lemmatizer()._getLemmaDict())[:size]
    import pymorphy3

    found: set[str] = set()
    for word, *_ in itertools.islice(pymorphy3.MorphAnalyzer(lang=lang).iter_known_word_parses(), 0, None, 7):
        if word.isalpha():
            found.add(word)
        if len(found) >= size:
            break
    return sorted(found)


_LEXICONS = {lang: _lexicon(lang) for lang in LANGS}


def use_vocabulary(size: int, dictionary: bool) -> None:
    """Draw the pages' text from `size` words per language from now on (real ones: `dictionary`)."""
    for lang in LANGS:
        _LEXICONS[lang] = _lexicon(lang, size, dictionary)


def text(rng: random.Random, lang: str, words: int) -> str:
    vocab, cumulative = _LEXICONS[lang]
    sentences = []
    while words > 0:
        n = rng.randint(8, 16)
        sentences.append(" ".join(rng.choices(vocab, cum_weights=cumulative, k=n)).capitalize() + ".")
        words -= n
    paras = [" ".join(sentences[i:i + 5]) for i in range(0, len(sentences), 5)]
    return "\n\n".join(paras)


def people_news(items: int, people: int) -> list[int]:
    """Indices of the news items that name P-9001, P-9002, ... (one person each): the
    newest news items but the newest, so they are on the first page of the news listing."""
    news = [i for i in range(items) if i % 10 not in (0, 1)]
    return news[-1 - people:-1][::-1]


def consent_record(ref: str, status: str = "given") -> str:
    """A register file for an invented person, consent covering every language and channel."""
    withdrawn = "  withdrawn: 2026-11-22\n" if status == "withdrawn" else ""
    return (f"ref: {ref}\ndisplay_name: {{en: Anna, uk: Анна, ru: Анна, tg: Анна}}\nminor: false\nconsent:\n"
            f"  status: {status}\n  given_by: self\n  method: written\n  date: 2026-01-10\n"
            f"  verified_by: staff-01\n  review_by: 2027-06-01\n{withdrawn}scope:\n"
            "  languages: [en, uk, ru, tg]\n  channels: [web, search, feeds, social]\n"
            "  identity: pseudonym\n  face: none\n  voice: none\n  location: country\n")


def make(root: Path, items: int, seed: int = 7, people: int = 0) -> Path:
    """Write the project; `items` per language (the site has items × 4 pages plus listings).
    `people` > 0 adds that many consent records, named by the news items people_news() gives."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "hooks", root / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "overrides", root / "overrides")
    (root / "consent/people").mkdir(parents=True)
    named = {i: f"P-{9001 + k}" for k, i in enumerate(people_news(items, people))}
    for ref in named.values():
        (root / "consent/people" / f"{ref}.yml").write_text(consent_record(ref), encoding="utf-8")
    docs = root / "docs"
    for lang in LANGS:
        org = docs / "organizations" / f"synthetic-ngo{SUFFIX[lang]}.md"
        org.parent.mkdir(parents=True, exist_ok=True)
        org.write_text(f"---\ntitle: NGO {lang}\nsummary: {text(rng, lang, 12)}\npeople: none\n---\n{text(rng, lang, 80)}\n", encoding="utf-8")
    series_count = max(1, items // 100)
    for s in range(series_count):
        for lang in LANGS:
            path = root / "stories" / f"series-{s:03d}" / f"index{SUFFIX[lang]}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"---\ntitle: Series {s} {lang}\nsummary: {text(rng, lang, 15)}\norganization: synthetic-ngo\n"
                            f"cadence: monthly\npeople: none\n---\n{text(rng, lang, 60)}\n", encoding="utf-8")
    start = date(2020, 1, 1)
    cats = ["war-and-justice", "advocacy", "prisoners-of-war", "crsv", "domestic-violence", "self-help"]
    for i in range(items):
        day = start + timedelta(days=i % 2000)
        kind = "events" if i % 10 == 0 else ("story" if i % 10 == 1 else "news")
        for lang in LANGS:
            title = " ".join(rng.choice(WORDS[lang]) for _ in range(5)).capitalize()
            people_line = f"people: [{named[i]}]" if i in named else "people: none"
            fm = [f"title: {title} {i}", f"date: {day.isoformat()}", f"summary: {text(rng, lang, 20)}",
                  people_line, "organization: synthetic-ngo", f"categories: [{cats[i % len(cats)]}]"]
            if kind == "events":
                fm += [f"start: {day.isoformat()}T10:00:00+02:00", "timezone: Europe/Kyiv",
                       "location: {name: Hall, city: Kyiv, country: Ukraine}"]
                path = docs / "events" / f"event-{i:05d}{SUFFIX[lang]}.md"
            elif kind == "story":
                s = i % series_count
                path = root / "stories" / f"series-{s:03d}" / f"{i // series_count + 1:02d}-part-{i:05d}{SUFFIX[lang]}.md"
            else:
                path = docs / "news" / f"news-{i:05d}{SUFFIX[lang]}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            body = "\n".join(fm)
            path.write_text(f"---\n{body}\n---\n{text(rng, lang, rng.randint(250, 450))}\n", encoding="utf-8")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dir", type=Path)
    parser.add_argument("--items", type=int, default=2500, help="items per language")
    parser.add_argument("--people", type=int, default=0, help="consent records, named by the newest news items")
    parser.add_argument("--vocabulary", type=int, default=VOCABULARY, help="words per language the text is drawn from")
    parser.add_argument("--dictionary", action="store_true",
                        help="real words (uk, ru, en) instead of invented ones: a real site's vocabulary grows with it")
    args = parser.parse_args()
    use_vocabulary(args.vocabulary, args.dictionary)
    make(args.dir, args.items, people=args.people)
    print(f"wrote {args.items} items x {len(LANGS)} languages to {args.dir}")


if __name__ == "__main__":
    main()
