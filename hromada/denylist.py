"""The private deny-list: terms that must never appear in any output.

The list lives outside the repository (HROMADA_DENYLIST), one term a line;
empty lines and lines starting with # are ignored. A hit is reported by output
file and the deny-list's line number only: build logs are often public, so the
term itself and its context are never printed.

The deny-list sees what a reader sees (consent.md, section 8). Terms and output
text go through the same pure function, `skeleton`, and a term matches when its
skeleton occurs in the skeleton of the text:

1. Decoding. Markup tags are cut out of the text, so ``Kova<b>lenko</b>``
   reads "Kovalenko"; what was inside the tags (alt, title, content, href
   ...) is kept and scanned too, after the text, each tag on its own. JSON and
   JavaScript string escapes are decoded once (``\\uXXXX`` with surrogate
   pairs, ``\\u{X}``, ``\\xXX``, ``\\n``, ``\\\\`` ...; where ``\\n``,
   ``\\r`` or ``\\t`` is followed by a letter the text is scanned both ways, in
   case the backslash was a backslash). Then HTML entities (named, decimal,
   hex) and percent-encoding (as UTF-8) are decoded, and tags cut again, while
   that changes something (at most four rounds: double encoding). CSS escapes
   (``\\48 rytsenko`` in a style's ``content``) are decoded too, as a second
   reading beside the JavaScript one.
   Markup that shows other letters than the text holds, or in another order,
   is read a second time as shown (`as_shown`): without the letters of a ruby
   annotation (`<rt>`, `<rp>`), a `<template>`, what a `<canvas>`, `<video>`,
   `<audio>`, `<object>` or `<iframe>` holds for where it cannot play, a
   closed `<dialog>`, a `<noscript>`, `<datalist>`, `<noembed>` or
   `<noframes>`, or an element hidden by its
   `hidden` attribute or an inline style (`display:none`, `visibility:hidden`,
   `font-size:0`, `opacity:0`), so ``Kova<span hidden>x</span>lenko`` reads
   "Kovalenko"; and with the letters of a `<bdo dir=rtl>`, of an element
   styled `unicode-bidi: bidi-override`, and after a right-to-left override
   character (U+202E) put back in reading order. CSS can hide or reorder
   letters in more ways than any reading can follow (flex order, floats,
   colours, sizes, offsets, character references and comments inside a style):
   a page's text may not use them (page_loads.py refuses every inline style
   property outside `STYLE_ALLOWED`, a `<style>` element, `dir` but `ltr`,
   `<bdi>`, inline SVG and form fields, and frontmatter.py bidi controls, in
   `hromada check` and the build), and the design's templates are reviewed as
   code.
2. Unicode NFKD (compatibility forms: full-width letters, ligatures,
   superscripts; NFKC plus decomposition), then every combining mark is
   removed, so "Olená" matches "Olena". Note that this folds Cyrillic й into и,
   ї into і and ё into е (and likewise every letter with a diacritic into its
   base letter).
3. Look-alike letters are mapped to one Latin letter (`CONFUSABLES`: the common
   Cyrillic and Greek look-alikes of Latin letters, and a few Latin variants
   such as dotless ı). The same mapping is applied to terms and text, so a
   Cyrillic name still matches Cyrillic text, and Latin letters inside a
   Cyrillic name match too. Most look-alikes look alike in both cases and are
   mapped for both; a few Greek letters look like different Latin letters in
   upper and lower case (ν/Ν, η/Η, υ/Υ, μ/Μ) and are mapped per case: for
   those a term is also tried in its upper- and lower-case spelling.
4. Case folding.
5. What a reader does not see as part of a word is removed: all whitespace
   (so "Anna Kovalenko" also matches "Anna\\nKovalenko" and "AnnaKovalenko"),
   invisible characters (Unicode category Cf: soft hyphen, zero-width space
   and joiners, word joiner, BOM, bidi controls ...; variation selectors;
   Hangul fillers) and apostrophes (so "Дар'я" matches "Дарʼя" and "Дар’я").
   Dashes and connector punctuation (category Pd and Pc: hyphens, the
   underscore ...) all become one hyphen, and hyphens in the text may stand
   anywhere between the letters of a term: "Anna Kovalenko" matches the slug
   "anna-kovalenko" and "anna_kovalenko.webp"; a hyphen written in a term must
   be in the text ("not-present" does not match "not present").

A false positive only stops a build; a miss endangers a person. Matching is
therefore deliberately loose: "Anna Kovalenko" also matches "Hanna
Kovalenko" and text that happens to run two words together.

A term whose skeleton (without hyphens) is shorter than `MIN_TERM` characters
(a two-letter abbreviation, a line of punctuation) would match almost
everywhere: `load` skips it and logs its line number (never the term) as a
warning; `scan` ignores it.

Every file of the site is scanned, whatever its suffix, and every file and
folder name. gzip-compressed files (found by their magic bytes, also nested)
are decompressed first; one that expands beyond `MAX_EXPANDED` bytes is not
scanned further and is reported as a problem by its path (a decompression
bomb must neither stall nor pass the build), and so is a file that cannot be
read. Bytes are read as UTF-8 (errors replaced), or as UTF-16/UTF-32 if a
byte-order mark says so. Binary data (a NUL byte in the first block) is read
as `strings` reads it: runs of UTF-8 or UTF-16 text (see BINARY_RUN), so that
the noise of a photo does not "contain" every short name. Large files are read
in overlapping blocks.

All terms are compiled into one regular expression (a trie of their
skeletons: the cost hardly grows with the number of terms; longest match
first) that runs once over the skeleton of each file.
"""
from __future__ import annotations

import codecs
import contextlib
import functools
import gzip
import html
import itertools
import logging
import os
import re
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

log = logging.getLogger(__name__)

#: The environment variable that names the private deny-list file (never in the repository).
ENV = "HROMADA_DENYLIST"
#: Terms with a shorter skeleton are skipped (they would match nearly everywhere).
MIN_TERM = 3
#: A gzip-compressed file may expand to at most this many bytes.
MAX_EXPANDED = 64 * 1024 * 1024
#: Files are read in blocks of this many bytes; consecutive blocks overlap by
#: OVERLAP characters of text, so a hit across a block boundary is not missed.
BLOCK = 4 * 1024 * 1024
OVERLAP = 16 * 1024
_MAX_GZIP_DEPTH = 3
#: A file whose first block has a NUL byte (and no byte-order mark) is binary: of it, only runs
#: of text (UTF-8, or UTF-16 Latin/Cyrillic) of at least BINARY_RUN characters are scanned, and
#: terms whose skeleton is shorter than SHORT_TERM only in runs of at least LONG_RUN characters,
#: so that a short name is not "found" in the noise of a photo or a video.
BINARY_RUN = 5
SHORT_TERM = 6
LONG_RUN = 12
_MAX_DECODE_ROUNDS = 4

#: Look-alike letters, mapped to the Latin letter they are mistaken for (before
#: case folding, so a letter can be mapped differently in upper and lower case).
#: Letters that case-fold to one of these are mapped like it (see `_tables`).
CONFUSABLES = {
    # Cyrillic: both cases look like the same Latin letter (в, к, м, н, т in
    # lower case look like small capitals).
    "А": "A", "а": "a", "В": "B", "в": "b", "Е": "E", "е": "e", "К": "K", "к": "k",
    "М": "M", "м": "m", "Н": "H", "н": "h", "О": "O", "о": "o", "Р": "P", "р": "p",
    "С": "C", "с": "c", "Т": "T", "т": "t", "У": "Y", "у": "y", "Х": "X", "х": "x",
    "І": "I", "і": "i", "Ј": "J", "ј": "j", "Ѕ": "S", "ѕ": "s", "Ԁ": "D", "ԁ": "d",
    "Һ": "H", "һ": "h", "Ԛ": "Q", "ԛ": "q", "Ԝ": "W", "ԝ": "w", "Ү": "Y", "ү": "y",
    # Greek
    "Α": "A", "α": "a", "Β": "B", "β": "b", "Ε": "E", "ε": "e", "Ζ": "Z", "ζ": "z",
    "Ι": "I", "ι": "i", "Κ": "K", "κ": "k", "Ο": "O", "ο": "o", "Ρ": "P", "ρ": "p",
    "Τ": "T", "τ": "t", "Χ": "X", "χ": "x", "ϲ": "c", "Ϲ": "C", "ϳ": "j", "Ϳ": "J",
    # Greek, different in upper and lower case
    "Η": "H", "η": "n", "Ν": "N", "ν": "v", "Υ": "Y", "υ": "u", "Μ": "M", "μ": "u",
    # Latin variants
    "ı": "i", "ȷ": "j", "ɑ": "a", "ɡ": "g", "ɩ": "i", "ʏ": "y",
}
#: Characters that are not letters to a reader, beyond whitespace and the
#: categories removed below: Hangul fillers, Khmer inherent vowels, the
#: Mongolian vowel separator, the blank Braille pattern, apostrophes.
_INVISIBLE = "\u115f\u1160\u3164\uffa0\u17b4\u17b5\u180e\u2800" "'`\u2018\u2019\u201b\u02bc\u02bb\u02bd\u02b9\u2032"
_REMOVED_CATEGORIES = frozenset({"Cf", "Mn", "Mc", "Me", "Zs", "Zl", "Zp"})
#: Dashes (Unicode category Pd, minus signs) and connector punctuation (Pc: the underscore ...)
#: are all written as one hyphen, which may stand anywhere in the text between a term's letters.
_DASH_CATEGORIES = frozenset({"Pd", "Pc"})
_DASHES = "\u2212\u2043"
DASH = "-"

_TAG = re.compile(r"<([^<>]*)>")
_ESCAPE = re.compile(r"\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([nrt])|([/\"'\\]))")
#: A backslash may be a backslash after all ("C:\users\natalia"): if \n, \r or \t is followed by a
#: letter, the text is also scanned with those left as they are.
_CONTROL_BEFORE_LETTER = re.compile(r"\\[nrt][^\W\d_]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_PERCENT = re.compile(r"%[0-9a-fA-F]{2}(?:%[0-9a-fA-F]{2})*")
#: Runs of text in binary data: UTF-8 (after decoding, errors replaced), and UTF-16 Latin-1 or
#: Cyrillic, found by their zero (or 0x04) high bytes; decoded both ways round.
_UTF8_RUN = re.compile("[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]{%d,}" % BINARY_RUN)
_UTF16_RUN = re.compile(rb"(?:\x00[\t\n\r\x20-\x7e\xa0-\xff]|\x04[\x00-\xff]){%d,}" % (BINARY_RUN - 1))
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
#: A CSS escape (`content: "\\48 rytsenko"`): hex digits, then one optional white space.
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?")
_SEPARATOR = "\x00"  # between pieces that must not run together; survives the skeleton
#: Elements whose letters a reader does not see (see `as_shown`); nested alike-named elements may end one early.
#: What they hold is bounded (letters hidden inside a name are few): an element never closed, or
#: a void one (`<input hidden>`), must not make every later match read to the end of the text.
_HIDDEN = re.compile(
    r"<(rt|rp|template|canvas|video|audio|object|iframe|dialog|noscript|datalist|noembed|noframes)\b[^>]*>.{0,300}?</\1\s*>"
    r"|<([a-z][a-z0-9-]*)\b(?=[^>]*(?:\shidden\b|display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.0-9]*[1-9])"
    r"|opacity\s*:\s*0(?![.0-9]*[1-9])))[^>]*>.{0,300}?</\2\s*>", re.I | re.S)
#: Letters shown right to left, whatever their direction: a <bdo dir=rtl>, a bidi override, U+202E.
_REVERSED = re.compile(
    r"<bdo\b(?=[^>]*dir\s*=\s*[\"']?rtl)[^>]*>(.{0,1000}?)</bdo\s*>"
    r"|<([a-z][a-z0-9-]*)\b(?=[^>]*bidi-override)[^>]*>(.{0,1000}?)</\2\s*>"
    r"|\u202e([^\u202c\u2069\n<]{0,1000})", re.I | re.S)
#: A cheap first look (in lower case): could the text hold any of these at all? A bare `hidden`
#: is told from the design's `aria-hidden` by counting.
_MAY_HIDE = ("<rt", "<rp", "<template", "<canvas", "<video", "<audio", "<object", "<iframe", "<dialog", "<noscript",
             "<datalist", "<noembed", "<noframes", "<bdo", "bidi-override", "\u202e", "display", "visibility", "font-size", "opacity")


@dataclass(frozen=True)
class Hit:
    output: str  # site-relative path
    line: int  # line number in the deny-list file (0 for a problem)
    problem: str = ""  # set when the file could not be scanned

    def __str__(self) -> str:
        if self.problem:
            return f"{self.output}: {self.problem}"
        return f"{self.output}: matches deny-list entry on line {self.line}"


# --- normalisation ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _tables() -> tuple[list, re.Pattern]:
    """How to fold each character (see the module docstring): a str.translate table for the
    Basic Multilingual Plane (a list: much faster than a dict) and a pattern of the characters
    to remove beyond it."""
    bmp: list[int | str | None] = list(range(0x10000))
    astral = []
    for cp in range(0x110000):
        ch = chr(cp)
        category = unicodedata.category(ch)
        if cp < 0x10000 and (category in _DASH_CATEGORIES or ch in _DASHES):
            bmp[cp] = DASH
        elif ch.isspace() or category in _REMOVED_CATEGORIES or category in _DASH_CATEGORIES:
            if cp < 0x10000:
                bmp[cp] = None
            else:
                astral.append(cp)
    for ch in _INVISIBLE:
        bmp[ord(ch)] = None
    for k, v in CONFUSABLES.items():
        bmp[ord(k)] = v
    for cp in range(0x10000):  # letters that case-fold to a look-alike are look-alikes too (Ɑ, ᲂ ...)
        folded = chr(cp).casefold()
        if bmp[cp] == cp and folded in CONFUSABLES:
            bmp[cp] = CONFUSABLES[folded]
    ranges = []
    for cp in astral:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return bmp, re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in ranges) + "]")


def _unescape(m: re.Match) -> str:
    braced, four, two, control, plain = m.groups()
    if braced or four or two:
        cp = int(braced or four or two, 16)
        return chr(cp) if cp < 0x110000 else "\ufffd"
    return " " if control else plain


def _unescape_but_controls(m: re.Match) -> str:
    return m.group(0) if m.group(4) else _unescape(m)


def _escapes(text: str) -> str:
    """JSON and JavaScript string escapes, decoded once (a second round would misread an escaped backslash)."""
    if "\\" not in text:
        return text
    decoded = _ESCAPE.sub(_unescape, text)
    if _CONTROL_BEFORE_LETTER.search(text):
        decoded += _SEPARATOR + _ESCAPE.sub(_unescape_but_controls, text)
    if _CSS_ESCAPE.search(text):  # CSS reads `\48 ` where JavaScript reads `48 `: scanned both ways
        decoded += _SEPARATOR + _CSS_ESCAPE.sub(_css_char, text)
    if _SURROGATE.search(decoded):
        decoded = decoded.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return decoded


def _css_char(m: re.Match) -> str:
    cp = int(m.group(1), 16)
    return chr(cp) if 0 < cp < 0x110000 and not 0xD800 <= cp <= 0xDFFF else "\ufffd"


def _percent(m: re.Match) -> str:
    return bytes.fromhex(m.group(0).replace("%", "")).decode("utf-8", errors="replace")


def _strip_tags(text: str) -> str:
    """Cut tags out of the text; append what was inside them, one piece each."""
    if "<" not in text:
        return text
    inside = _TAG.findall(text)
    if not inside:
        return text
    return _SEPARATOR.join([_TAG.sub("", text), *inside])


def _decode(text: str) -> str:
    """HTML entities and percent-encoding (repeated by the caller while they change something)."""
    if "&" in text:
        text = html.unescape(text)
    if "%" in text:
        text = _PERCENT.sub(_percent, text)
    return text


def _in_reading_order(m: re.Match) -> str:
    letters = next(g for g in (m.group(1), m.group(3), m.group(4)) if g is not None)
    return _TAG.sub("", letters)[::-1]


def as_shown(text: str) -> str | None:
    """The text as a reader sees its letters, where markup hides some or shows them in another
    order (see the module docstring, step 1); None when nothing does."""
    low = text.lower()
    if not any(word in low for word in _MAY_HIDE) and low.count("hidden") == low.count("-hidden"):
        return None
    shown = _REVERSED.sub(_in_reading_order, _HIDDEN.sub("", text))
    return shown if shown != text else None


def reader_text(text: str) -> str:
    """The text with markup cut out and escapes decoded (step 1 of the module docstring)."""
    shown = as_shown(text) if "<" in text or "\u202e" in text else None
    if shown is not None:
        text += _SEPARATOR + shown
    text = _strip_tags(_escapes(_strip_tags(text)))
    for _ in range(_MAX_DECODE_ROUNDS):
        decoded = _decode(text)
        if decoded == text:
            break
        text = _strip_tags(decoded)
    return text


def fold(text: str) -> str:
    """Steps 2 to 5 of the module docstring: the Unicode, look-alike, case and invisible folding."""
    bmp, astral = _tables()
    text = unicodedata.normalize("NFKD", text)
    if not text.isascii() and _ASTRAL.search(text):
        text = astral.sub("", text)
    # the table is closed under case folding, so nothing case folding produces needs folding again
    return text.translate(bmp).casefold()


def skeleton(text: str) -> str:
    """The one normalisation used for deny-list terms and for output text alike."""
    return fold(reader_text(text))


def term_skeletons(term: str) -> set[str]:
    """The skeletons a term is searched as: as written, upper case and lower case
    (they differ only for the few letters mapped differently in each case)."""
    return {skeleton(term), skeleton(term.upper()), skeleton(term.lower())}


# --- the deny-list ---------------------------------------------------------------------------

def _bom_encoding(head: bytes) -> str:
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    return "utf-8"


def load(path: Path) -> list[tuple[int, str]]:
    """(line number, term) for each term line; lines starting with # are comments.

    Lines are counted as an editor counts them. A term whose skeleton is
    shorter than MIN_TERM characters is skipped with a warning naming its line.
    """
    data = path.read_bytes()
    text = data.decode(_bom_encoding(data[:4]), errors="replace")
    terms = []
    for n, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        term = raw.strip()
        if not term or term.startswith("#"):
            continue
        if min(len(_key(s)) for s in term_skeletons(term)) < MIN_TERM:
            log.warning("HROMADA_DENYLIST line %d: ignored, fewer than %d letters after normalisation", n, MIN_TERM)
            continue
        terms.append((n, term))
    return terms


def _key(found: str) -> str:
    return found.replace(DASH, "")


def _trie_regex(words: Iterable[str]) -> re.Pattern:
    """One regex matching any of the words, the longest where several match at one place;
    hyphens may stand between any two letters of a word."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict, root: bool = False) -> str:
        alternatives = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        if not root:
            body = f"{re.escape(DASH)}*{body}"
        return f"(?:{body})?" if "" in node else body

    return re.compile(build(trie, root=True))


class _Unscannable(Exception):
    pass


class _Capped:
    """A decompressed stream that counts what it gives out, with the other layers of a nested
    gzip file, and refuses to give out more than MAX_EXPANDED bytes in all."""

    def __init__(self, stream: BinaryIO, counted: list[int]):
        self.stream, self.counted = stream, counted

    def _count(self, data: bytes) -> bytes:
        self.counted[0] += len(data)
        if self.counted[0] > MAX_EXPANDED:
            raise _Unscannable(f"could not be scanned for the deny-list: it decompresses to more than "
                               f"{MAX_EXPANDED:,} bytes")
        return data

    def read(self, size: int = -1) -> bytes:
        return self._count(self.stream.read(size))

    def read1(self, size: int = -1) -> bytes:
        return self._count(self.stream.read1(size))

    def peek(self, size: int = 0) -> bytes:
        return self.stream.peek(size)


_GZIP_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)


def _blocks(path: Path, decompress: bool) -> Iterator[bytes]:
    """The file's bytes (decompressed) in blocks of about BLOCK bytes. A gzip error is raised
    after the block with everything decompressed before it."""
    with contextlib.ExitStack() as stack:
        stream = stack.enter_context(open(path, "rb"))
        counted = [0]
        compressed = False
        if decompress:
            for _ in range(_MAX_GZIP_DEPTH):
                if stream.peek(2)[:2] != b"\x1f\x8b":
                    break
                stream = _Capped(stack.enter_context(gzip.GzipFile(fileobj=stream, mode="rb")), counted)
                compressed = True
        if not compressed:
            while block := stream.read(BLOCK):
                yield block
            return
        block = bytearray()
        while True:
            try:
                piece = stream.read1(64 * 1024)
            except _GZIP_ERRORS:
                yield bytes(block)
                raise
            if not piece:
                break
            block += piece
            if len(block) >= BLOCK:
                yield bytes(block)
                block.clear()
        if block:
            yield bytes(block)


def _text_runs(data: bytes) -> tuple[str, str]:
    """The text in binary data, as `strings` finds it (UTF-8, UTF-16): (short runs, long runs)."""
    runs = _UTF8_RUN.findall(data.decode("utf-8", errors="replace"))
    for m in _UTF16_RUN.finditer(data):
        start, end = m.span()
        runs.append(data[start:end].decode("utf-16-be", errors="replace"))
        little = data[max(start - 1, 0):end + 1]
        runs.append(little[:len(little) // 2 * 2].decode("utf-16-le", errors="replace"))
    return (_SEPARATOR.join(run for run in runs if len(run) < LONG_RUN),
            _SEPARATOR.join(run for run in runs if len(run) >= LONG_RUN))


class _Matcher:
    def __init__(self, terms: list[tuple[int, str]]):
        self.line_of: dict[str, int] = {}  # skeleton -> deny-list line
        self.line_of_key: dict[str, int] = {}  # skeleton without hyphens -> deny-list line
        for n, term in terms:
            for s in sorted(term_skeletons(term)):
                if len(_key(s)) >= MIN_TERM:
                    self.line_of.setdefault(s, n)
                    self.line_of_key.setdefault(_key(s), n)
        self.all = _trie_regex(self.line_of) if self.line_of else None
        long = [s for s in self.line_of if len(_key(s)) >= SHORT_TERM]
        self.long = _trie_regex(long) if long else None

    def line(self, found: str) -> int:
        """The deny-list line of a match (its hyphens may be the text's, not the term's)."""
        return self.line_of.get(found) or self.line_of_key[_key(found)]

    def _binary(self, blocks: Iterator[bytes], found: set[str]) -> None:
        tail = b""
        for block in blocks:
            data = tail + block
            short, long = _text_runs(data)
            found.update(self.all.findall(skeleton(long)))
            if self.long:
                found.update(self.long.findall(skeleton(short)))
            tail = data[-OVERLAP:]

    def _text(self, blocks: Iterator[bytes], encoding: str, found: set[str]) -> None:
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        tail = ""
        for block in blocks:
            text = tail + decoder.decode(block)
            found.update(self.all.findall(skeleton(text)))
            tail = text[-OVERLAP:]
        rest = decoder.decode(b"", final=True)
        if rest:
            found.update(self.all.findall(skeleton(tail + rest)))

    def _file(self, path: Path, found: set[str], decompress: bool = True) -> None:
        blocks = _blocks(path, decompress)
        first = next(blocks, b"")
        blocks = itertools.chain([first], blocks)
        encoding = _bom_encoding(first[:4])
        if encoding == "utf-8" and b"\x00" in first:  # binary: only its text runs are text to a reader
            self._binary(blocks, found)
            return
        self._text(blocks, encoding, found)
        if encoding in ("utf-16", "utf-32"):  # the byte-order mark may be a coincidence
            self._binary(_blocks(path, decompress), found)

    def contents(self, path: Path) -> set[str]:
        """The skeletons of the terms found in the file's contents."""
        found: set[str] = set()
        try:
            self._file(path, found)
        except _GZIP_ERRORS:
            # gzip magic bytes but not (or not wholly) gzip: scan the raw bytes too
            self._file(path, found, decompress=False)
        return found


#: What a hit's output path shows in place of a folder or file name that matches a term.
WITHHELD = "[a name on the deny-list]"


def shown_path(rel: str, matcher: "_Matcher") -> str:
    """`rel` as a hit may print it: each folder or file name matching a term withheld (the
    log would print the term itself), or the whole path when the term runs across names."""
    if not matcher.all.search(skeleton(rel)):
        return rel
    parts = [WITHHELD if matcher.all.search(skeleton(part)) else part for part in rel.split("/")]
    if matcher.all.search(skeleton("/".join(p for p in parts if p != WITHHELD))):
        return WITHHELD
    return "/".join(parts)


#: A file's identity and version: its bytes are the same while these are (ctime cannot be set back).
Signature = tuple[int, int, int, int]
#: What scanning a file's contents found: its signature, the deny-list lines, or a problem.
Found = tuple[Signature, tuple[int, ...], str]


def signature(path: Path) -> Signature:
    st = path.stat()
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _contents(path: Path, matcher: _Matcher) -> tuple[tuple[int, ...], str]:
    """(deny-list lines found in the file's contents, or a problem why they could not be read)."""
    if not path.is_file():  # a broken link, a pipe ...
        return (), "could not be read for the deny-list scan"
    try:
        return tuple(sorted({matcher.line(s) for s in matcher.contents(path)})), ""
    except _Unscannable as e:
        return (), str(e)
    except OSError:
        return (), "could not be read for the deny-list scan"


def scan_contents(site: Path, terms: list[tuple[int, str]], rels: Iterable[str]) -> dict[str, Found]:
    """The contents of these files (site-relative) scanned ahead of `scan`, which then reads
    again only a file whose signature changed since: a build scans its pages while Pagefind
    indexes them (hromada/early_scan.py). A file changed while it was read is left out."""
    matcher = _Matcher(terms)
    out: dict[str, Found] = {}
    if matcher.all is None:
        return out
    for rel in rels:
        path = site / rel
        try:
            before = signature(path)
            lines, problem = _contents(path, matcher)
            if signature(path) == before:
                out[rel] = (before, lines, problem)
        except OSError:
            continue  # scanned by `scan` itself
    return out


def scan(site: Path, terms: list[tuple[int, str]], known: dict[str, Found] | None = None) -> list[Hit]:
    """Every file and folder of the site, and every file's contents, against the terms.
    `known`: contents scanned before (scan_contents), used for a file still the same."""
    matcher = _Matcher(terms)
    if matcher.all is None:
        return []
    known = known or {}
    hits: set[Hit] = set()
    for folder, dirs, files in os.walk(site):
        dirs.sort()
        for name in [*dirs, *files]:  # file and folder names
            rel = Path(folder, name).relative_to(site).as_posix()
            hits.update(Hit(shown_path(rel, matcher), matcher.line(s)) for s in matcher.all.findall(skeleton(rel)))
        for name in sorted(files):
            path = Path(folder, name)
            key = path.relative_to(site).as_posix()
            rel = shown_path(key, matcher)
            prior = known.get(key)
            try:
                same = prior is not None and signature(path) == prior[0]
            except OSError:
                same = False
            lines, problem = (prior[1], prior[2]) if same else _contents(path, matcher)
            if problem:
                hits.add(Hit(rel, 0, problem))
            hits.update(Hit(rel, n) for n in lines)
    return sorted(hits, key=lambda h: (h.output, h.line, h.problem))
