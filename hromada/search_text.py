"""What search matches: folded spellings and the forms of a word, per language.

Pagefind indexes each page's words as they are written (lower-cased, marks
such as ё/ӯ/é folded by Pagefind itself) and finds a query word exactly or as
a prefix. This module adds, at build time, a per-language *word table* that the
search box (overrides/assets/javascripts/hromada-search.js) reads to turn what
a reader types into the exact index words to look up:

* **Folding** (`fold`), the same in Python and in the browser: case, NFKD
  marks (ё→е, ӣ→и, ӯ→у, ї→і, й→и, é→e), every apostrophe form (' ’ ‘ ʼ ʻ
  ` ´ ′ dropped: пов’язане = повʼязане = пов'язане = повязане), the Tajik
  letters a Russian keyboard lacks (ҳ→х, ҷ→ч, қ→к, ғ→г) and Ukrainian ґ→г, and
  Latin look-alikes inside a Cyrillic word (a c e i o p x y k).
* **Forms of a word**: Ukrainian and Russian lemmas and full paradigms from
  pymorphy3 with its OpenCorpora/VESUM dictionaries (жінками → жінка → жінок,
  жінки…; ночі → ніч; людьми → человек → люди…; детьми → ребёнок → дети…);
  English lemmas and inflections from lemminflect, irregular forms included
  (women → woman, children → child, held → hold). A lexeme whose forms begin
  with different letters (suppletion: человек/люди, ребёнок/дети, go/went) is
  split at that seam, so людьми finds люди, людей… and not права человека.
  Tajik by the documented rule set `TAJIK_RULES` (plural -ҳо/-он/-ён/-гон,
  possessive -ам/-ат/-аш…, object -ро, izofat -и/-йи, indefinite -е, "and"
  -у/-ю, degree -тар/-тарин; -ӣ folds to -и and goes with the izofat), applied
  the same way to page words at build time and to typed words in the browser
  (the rules travel in the table's manifest).

The table holds only words of pages Pagefind indexed (read back from
Pagefind's own fragments) and the dictionary forms of their lemmas: nothing
from a page excluded from search can reach it. Its output is sorted and
compressed without timestamps: the same site gives the same bytes.

Layout, under pagefind/hx/: `<lang>.json` (chunk boundaries, Tajik rules,
page count) and `<lang>_<hash>.hxw`, gzip-compressed JSON chunks of
`{"g": [[index words], ...], "k": [[folded key, [group numbers], spelling], ...]}`
sorted by key in UTF-16 order (as JavaScript compares strings). An index word
that begins another index word carries a leading "=" (look it up exactly:
"=суд" must not find судно); any other is looked up as a prefix, which finds
the same and gives Pagefind's ranking (exact lookups are unranked). `spelling` is
0 when the key is only a dictionary form, 1 when page words fold to it and are
spelled like it, or the list of their index spellings (ҳуқуқ for хукук).
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from functools import lru_cache

#: Apostrophe forms Ukrainian (and English) text and keyboards use.
APOSTROPHES = "'’‘ʼʻ`´′"
#: Letters a keyboard without them replaces by a look-alike (ё, ӣ, ӯ, ї, й fold by NFKD).
LETTERS = {"ҳ": "х", "ҷ": "ч", "қ": "к", "ғ": "г", "ґ": "г"}
#: Latin letters typed inside a Cyrillic word (a layout switched mid-word).
LOOKALIKES = {"a": "а", "c": "с", "e": "е", "i": "і", "o": "о", "p": "р", "x": "х", "y": "у", "k": "к"}
CYRILLIC = re.compile("[\u0400-\u04ff]")
#: A word: letters and digits, joined by apostrophes (пов’язане, women's).
WORD = re.compile(r"[^\W_]+(?:[" + APOSTROPHES + r"][^\W_]+)*")
#: Tajik endings (folded), outermost layer first. A word's candidate stems are
#: the word and everything left after removing at most one ending of each layer
#: in turn, keeping at least `min` letters; two words match when they share one.
#: The case layer comes twice: an izofat -и can be followed by -ро (занониро).
_CASE = ["ро", "йи", "и", "е", "у", "ю"]            # object -ро, izofat -и/-йи, indefinite -е, "and" -у/-ю
_POSSESSIVE = ["амон", "атон", "ашон", "ямон", "ятон", "яшон", "ам", "ат", "аш", "ям", "ят", "яш"]
_PLURAL = ["хо", "гон", "вон", "он", "ен"]                                     # -ҳо, -он (-ён, -гон, -вон)
_DEGREE = ["тарин", "тар"]
TAJIK_RULES = {"min": 3, "layers": [_CASE, _CASE, _POSSESSIVE, _PLURAL, _DEGREE]}
#: Parts of speech whose lemmas join forms in English (not comparatives: better ≠ good).
ENGLISH_POS = ("NOUN", "VERB", "AUX")
#: A pymorphy parse counts when its score is at least this share of the best one.
PARSE_SHARE = 0.2
CHUNK_BYTES = 16_000  # raw JSON per chunk (about 2-5 KB compressed)
FOLDER = "hx"


# --- folding ------------------------------------------------------------------
def fold(word: str) -> str:
    """The spelling-independent key of a word (mirrored by `fold` in hromada-search.js): the
    word lower-cased, decomposed (NFKD), without marks, `LETTERS` replaced, letters and digits
    only but apostrophes; in a Cyrillic word, Latin look-alikes made Cyrillic (`_slow_fold`
    says it step by step). Each step but the first is a character's own, so it is done
    through a table of characters filled as they come (`_FoldTable`): a real site's words
    have a million forms to fold, at a fifth of the time, and nothing is remembered but the
    characters (a cache of 200,000 folded forms held 40 MB and was seldom hit)."""
    s = word.lower().translate(_FOLD_TABLE)
    return s.translate(_LOOKALIKE_TABLE) if CYRILLIC.search(s) else s


def _slow_fold(word: str) -> str:
    """`fold` step by step (what its table holds; tests compare the two)."""
    s = unicodedata.normalize("NFKD", word.lower())
    s = "".join(LETTERS.get(c, c) for c in s if not unicodedata.category(c).startswith("M"))
    s = "".join(c for c in s if c.isalnum() and c not in APOSTROPHES)
    if CYRILLIC.search(s):
        s = "".join(LOOKALIKES.get(c, c) for c in s)
    return s


class _FoldTable(dict):
    """Code point -> what `fold` keeps of that character after lower-casing, filled on first use."""

    def __missing__(self, code: int) -> str:
        kept = "".join(LETTERS.get(c, c) for c in unicodedata.normalize("NFKD", chr(code))
                       if not unicodedata.category(c).startswith("M"))
        self[code] = kept = "".join(c for c in kept if c.isalnum() and c not in APOSTROPHES)
        return kept


_FOLD_TABLE = _FoldTable()
_LOOKALIKE_TABLE = str.maketrans(LOOKALIKES)


@lru_cache(maxsize=200_000)
def index_key(text: str) -> str:
    """The word Pagefind stores for `text`: lower-cased letters and digits, marks stripped."""
    s = "".join(c.lower() for c in text if c.isalnum() or c == "_")
    s = unicodedata.normalize("NFD", s)
    return unicodedata.normalize("NFC", "".join(c for c in s if unicodedata.category(c) != "Mn"))


def stems(folded: str, rules: dict = TAJIK_RULES) -> list[str]:
    """Candidate stems of a folded word under `rules` (the word itself first)."""
    found = [folded]
    for layer in rules["layers"]:
        for cand in list(found):
            for ending in layer:
                if cand.endswith(ending) and len(cand) - len(ending) >= rules["min"]:
                    stem = cand[: -len(ending)]
                    if stem not in found:
                        found.append(stem)
    return found


# --- page text -----------------------------------------------------------------
_ASCII_PUNCT = re.compile(r"[!-/:-@\[-`{-~]")
_CASE_SPLIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])|(?<=[a-zа-яёіїєґ])(?=[A-ZА-ЯЁІЇЄҐ])")


def _parts(chunk: str) -> set[str]:
    """Words Pagefind also stores for a compound chunk (split at ASCII punctuation and case changes)."""
    parts = set()
    for piece in _ASCII_PUNCT.sub(" ", chunk).split():
        for part in _CASE_SPLIT.split(piece):
            key = index_key(part)
            # Pagefind stores a part as it is: with other punctuation attached («ну) it is no word to look up
            if len(key.encode("utf-8")) > 1 and len(key) == len(part):
                parts.add(key)
    return parts


def page_words(content: str):
    """(word, index word) pairs of a page's indexed text, as Pagefind split it into words
    (`table` takes them from each distinct chunk of all pages at once)."""
    for chunk in content.split():
        yield from _chunk_words(chunk)


@lru_cache(maxsize=200_000)
def _chunk_words(chunk: str) -> tuple[tuple[str, str], ...]:
    text = unicodedata.normalize("NFC", chunk)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")  # stress marks
    words = WORD.findall(text)
    whole = index_key(chunk)
    if not words or not whole:
        return ()
    if len(words) == 1:
        return ((words[0].lower(), whole),)
    parts = _parts(chunk)
    out = []
    for word in words:
        key = index_key(word)
        out.append((word.lower(), key if (key in parts or key == whole) else whole))
    return tuple(out)


# --- forms of a word -------------------------------------------------------------
class Morphology:
    """Lemmas of a page word and all forms of a lemma, for one language."""

    def lemmas(self, word: str) -> list[tuple[str, tuple, object]]:
        """(lemma, sortable id of its lexeme, handle for `forms`) of each likely reading of `word`."""
        return []

    def forms(self, handle) -> list[str]:
        """Every form of the lexeme `handle` stands for."""
        return []


class Pymorphy(Morphology):
    def __init__(self, lang: str):
        import pymorphy3

        self.lang = lang
        self.morph = pymorphy3.MorphAnalyzer(lang=lang)

    def lemmas(self, word):
        if not CYRILLIC.search(word) or any(c.isdigit() for c in word):
            return []
        if self.lang == "uk":
            word = re.sub("[" + APOSTROPHES + "]", "'", word)
        else:
            word = re.sub("[" + APOSTROPHES + "]", "", word)
        parses = self.morph.parse(word)
        if not parses:
            return []
        # Parse.is_known looks its word up in the dictionary again, for each reading; a word's
        # readings share their word (but where ё was restored): one lookup a spelling
        is_known = {w: self.morph.word_is_known(w) for w in {p.word for p in parses}}
        known = [p for p in parses if is_known[p.word]]
        if known:
            best = max(p.score for p in known)
            chosen = [p for p in known if p.score >= PARSE_SHARE * best]
        else:
            chosen = parses[:1]  # a guess for an unknown word: its likeliest paradigm only
        out, seen = [], set()
        for p in chosen:
            hid = (p.normal_form, str(p.tag.POS), type(p.methods_stack[0][0]).__name__, str(_paradigm(p)))
            if hid not in seen:
                seen.add(hid)
                out.append((p.normal_form, hid, p))
        return out

    def forms(self, parse):
        try:
            return sorted({f.word for f in parse.lexeme})
        except (IndexError, KeyError, ValueError):  # a guessed paradigm pymorphy cannot expand
            return [parse.normal_form]


def _paradigm(parse) -> object:
    """What tells one lexeme from another with the same lemma (the dictionary paradigm, if known)."""
    for step in parse.methods_stack:
        if len(step) >= 3 and isinstance(step[2], int):
            return step[2]
    return None


class English(Morphology):
    def __init__(self):
        import lemminflect

        self.li = lemminflect

    def lemmas(self, word):
        word = re.sub("[" + APOSTROPHES + "]s$|s[" + APOSTROPHES + "]$", lambda m: "s" if m.group(0)[0] == "s" else "", word)
        word = re.sub("[" + APOSTROPHES + "]", "", word)
        if not word.isalpha() or not word.isascii():
            return []
        found = self.li.getAllLemmas(word)
        out = []
        for pos in ENGLISH_POS:
            for lemma in found.get(pos, ()):
                out.append((lemma, (lemma, pos, ""), (lemma, pos, False)))
        if not out:  # not in its dictionary: lemminflect's rules, for nouns only (survivors -> survivor)
            for lemma in self.li.getAllLemmasOOV(word, "NOUN").get("NOUN", ()):
                out.append((lemma, (lemma, "NOUN", "rules"), (lemma, "NOUN", True)))
        return out

    def forms(self, handle):
        lemma, pos, by_rules = handle
        forms = {lemma}
        inflect = self.li.getAllInflectionsOOV if by_rules else self.li.getAllInflections
        for variants in inflect(lemma, upos=pos).values():
            forms.update(variants)
        return sorted(forms)


def morphology(lang: str) -> Morphology:
    base = lang.split("-")[0]
    if base in ("uk", "ru"):
        return Pymorphy(base)
    if base == "en":
        return English()
    return Morphology()


# --- the word table -----------------------------------------------------------------
def _js_order(key: str) -> bytes:
    return key.encode("utf-16-be")  # JavaScript compares strings by UTF-16 code units


_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


def _sorted_js(words) -> list[str]:
    """`words` in JavaScript's order. UTF-16 order is code point order unless a word has a
    character beyond U+FFFF (written as two surrogates, below U+E000): only then is each word
    encoded to compare (a million words' encodings held during the sort: 60 MB)."""
    if _BEYOND_BMP.search("".join(words)) is None:
        return sorted(words)
    return sorted(words, key=_js_order)


def _add_one(mapping: dict[str, str | set[str]], key: str, value: str) -> None:
    """Add `value` to the values of `key`: one value is held as itself, several as a set (most
    keys have one, and a set of one costs 216 bytes: 40 MB over a real site's words)."""
    have = mapping.get(key)
    if have is None:
        mapping[key] = value
    elif isinstance(have, set):
        have.add(value)
    elif have != value:
        mapping[key] = {have, value}


def table(lang: str, contents: list[str]) -> dict[str, dict]:
    """Folded key -> the names of its groups, group name -> its index words, and folded word ->
    the index keys of the word itself (one as a str, several as a set: `_add_one`); for one language.

    Held lean, because a real site's words are many: 80,000 distinct Russian words (a 2,000-item
    news site's) have about a million forms. Each key holds its one group name (most keys
    have one) as the very string object of its group, not a set of copies."""
    base = lang.split("-")[0]
    spellings: dict[str, set[str]] = defaultdict(set)   # folded word -> index words of its spellings
    written: dict[str, str | set[str]] = {}             # folded word -> index key(s) of the word itself
    words: dict[str, set[str]] = defaultdict(set)       # page word -> index words
    pairs: set[tuple[str, str]] = set()
    for chunk in {chunk for content in contents for chunk in content.split()}:  # each spelling once,
        pairs.update(_chunk_words(chunk))  # not once per use: a site's pages repeat their words
    for word, surface in pairs:
        key = fold(word)
        if not key:
            continue
        words[word].add(surface)
        spellings[key].add(surface)
        _add_one(written, key, index_key(word))
    del pairs
    for remembered in (index_key, _chunk_words):  # each chunk was read once: 35 MB for a real site's words
        remembered.cache_clear()
    groups: dict[str, set[str]] = defaultdict(set)      # group name -> index words
    keys: dict[str, str | set[str]] = {}                # folded key -> group name(s)

    def link(key: str, name: str) -> None:
        _add_one(keys, key, name)

    for key, surfaces in spellings.items():
        name = "=" + key
        groups[name] |= surfaces
        link(key, name)
    if base == "tg":
        for key, surfaces in spellings.items():
            for stem in stems(key)[1:]:
                groups["~" + stem] |= surfaces
        for name in [g for g in groups if g.startswith("~")]:
            link(name[1:], name)
    else:
        morph = morphology(base)
        canon: dict[str, str] = {}                      # group name -> the one string object keys hold
        lexemes: dict[tuple, tuple[str, object]] = {}   # lexeme id -> (group name without its letter, handle)
        for word in sorted(words):
            key = fold(word)
            for lemma, hid, handle in morph.lemmas(word):
                family = "@" + fold(lemma)
                name = family + "/" + key[:1]
                groups[name] |= words[word]
                link(key, canon.setdefault(name, name))
                lexemes.setdefault(hid, (family, handle))
        del words
        for hid in sorted(lexemes):
            family, handle = lexemes.pop(hid)
            for form in morph.forms(handle):
                key = fold(form)
                if key:
                    name = canon.get(family + "/" + key[:1])
                    if name is not None:  # a family some page has
                        link(key, name)
    # An index word that begins another one is looked up exactly ("=суд", not судно);
    # any other as a prefix, which is the same and gives Pagefind's ranking.
    every = sorted({w for surfaces in groups.values() for w in surfaces})
    begins = {w for w, after in zip(every, every[1:]) if after.startswith(w)}
    for surfaces in groups.values():
        if not surfaces.isdisjoint(begins):
            exact = {"=" + w for w in surfaces & begins}
            surfaces -= begins
            surfaces |= exact
    return {"keys": keys, "groups": groups, "written": written}


def write(lang: str, contents: list[str], pages: int | None = None) -> dict[str, bytes]:
    """The word-table files of one language: {file name: bytes}, deterministic. `contents`: the
    pages' texts, or their distinct words with `pages` the number of pages they came from."""
    data = table(lang, contents)
    keys, groups, written = data["keys"], data["groups"], data["written"]

    def entries():  # one at a time, in key order: a million of them held at once took 150 MB
        for key in _sorted_js(keys):
            spelled = written.get(key)
            spelled = {spelled} if isinstance(spelled, str) else spelled
            spelling = 0 if not spelled else (1 if spelled == {key} else sorted(spelled, key=_js_order))
            names = keys[key]
            yield key, [names] if isinstance(names, str) else sorted(names), spelling

    files: dict[str, bytes] = {}
    chunks: list[list] = []
    current: list = []
    seen: set[str] = set()
    size = 0
    group_bytes: dict[str, int] = {}  # a group's words in a chunk, counted once (a group is in many chunks)

    def weight(name: str) -> int:
        if name not in group_bytes:
            group_bytes[name] = sum(len(w.encode()) + 3 for w in groups[name])
        return group_bytes[name]

    for entry in entries():
        fresh = [g for g in entry[1] if g not in seen]
        cost = len(entry[0].encode()) + 12 + 3 * len(entry[1])
        cost += sum(weight(g) for g in fresh)
        if current and size + cost > CHUNK_BYTES:
            chunks.append(current)
            current, size, seen = [], 0, set()
            cost += sum(weight(g) for g in entry[1] if g not in fresh)
        current.append(entry)
        seen.update(entry[1])
        size += cost
    if current:
        chunks.append(current)
    listing = []
    for chunk in chunks:
        numbers: dict[str, int] = {}
        rows = []
        for key, names, spelling in chunk:
            refs = []
            for name in names:
                if name not in numbers:
                    numbers[name] = len(numbers)
                refs.append(numbers[name])
            rows.append([key, refs, spelling])
        body = {"g": [sorted(groups[name], key=_js_order) for name in numbers], "k": rows}
        raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        name = f"{lang}_{hashlib.sha256(raw).hexdigest()[:12]}.hxw"
        files[name] = gzip.compress(raw, compresslevel=9, mtime=0)
        listing.append([chunk[0][0], name])
    manifest = {"version": 1, "language": lang, "pages": len(contents) if pages is None else pages, "chunks": listing}
    if lang.split("-")[0] == "tg":
        manifest["rules"] = TAJIK_RULES
    files[f"{lang}.json"] = json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return files
