"""The private deny-list: terms that must never appear in any output.

The list lives outside the repository (HROMADA_DENYLIST), one term a line;
empty lines and lines starting with # are ignored. A hit is reported by output
file and the deny-list's line number only: build logs are often public, so the
term itself and its context are never printed.

The deny-list sees what a reader sees (consent.md, section 8). Terms and output
text go through the same pure function, `skeleton`, and a term matches when the
skeleton of one of its spellings (see "Spellings" below) occurs in the skeleton
of the text:

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
   Tags are cut at the first ``>``. A browser reads a quoted attribute value
   to its closing quote, ``<`` and ``>`` included, and a comment to ``-->``:
   where the text (at any stage) holds such a value or comment (a quick
   search or two, `_QUOTED_MARKUP`, `_COMMENT_MARKUP`), the whole text is
   read a second time, as a browser's tokenizer cuts it (`_BROWSER_MARKUP`:
   ``<`` and ``>`` in a quoted value are read as spaces; comments are left
   out and scanned after the text, their ``<`` and ``>`` spaces too), so
   ``Kova<span title="x>y">lenko`` reads "Kovalenko". A quote starts a
   value only after ``=`` inside a tag, as for a browser: the apostrophe of
   ``Kova<lenko isn't>`` swallows nothing. The first reading is kept, so a
   wrong second one cannot make anything pass. Later stages are searched
   again only where they made new markup (escapes decoded, more ``<``).
   Markup that shows other letters than the text holds, or in another order,
   is read a second time as shown (`as_shown`): without the letters of a ruby
   annotation (`<rt>`, `<rp>`), a `<template>`, what a `<canvas>`, `<video>`,
   `<audio>`, `<object>` or `<iframe>` holds for where it cannot play, a
   closed `<dialog>`, a `<noscript>`, `<datalist>`, `<noembed>` or
   `<noframes>`, or an element hidden by its
   `hidden` attribute or an inline style (`display:none`, `visibility:hidden`,
   `font-size:0`, `opacity:0`), so ``Kova<span hidden>x</span>lenko`` reads
   "Kovalenko", however much the element holds; and with the letters of a
   `<bdo dir=rtl>`, of an element styled `unicode-bidi: bidi-override`, and
   after a right-to-left override character (U+202E) put back in reading
   order. Such an element ends at the first end tag of its name (nested
   alike-named elements may end one early); one never closed is not taken
   out. Each name's end tags are found once per text, so this takes linear
   time however many elements there are. CSS can hide or reorder
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
   ї into і, ё into е and Tajik ӣ into и, ӯ into у (and likewise every letter
   with a diacritic into its base letter). The small capital q (ǫ) is read as
   q, before it would decompose into o and a mark.
3. Letters are mapped (one table, applied once, not chained):
   look-alike letters to one Latin letter (`CONFUSABLES`: the common Cyrillic,
   Greek, Armenian and Cherokee look-alikes of Latin letters, small capitals,
   and a few Latin variants such as dotless ı). The same mapping is applied to
   terms and text, so a Cyrillic name still matches Cyrillic text, and Latin
   letters inside a Cyrillic name match too. Capital I and what looks like it
   (Cyrillic І, Greek Ι, the palochka Ӏ, the digit 1, the vertical bar |) are
   read as a lower-case l, and the digit 0 as o: "Alina" matches "AIina",
   "A1ina" and "Al|na", "Olena" matches "0lena". Since a capital I then reads
   l, an i in a term also finds an l in the text (`_trie_regex`): "Ivan"
   matches "ivan", "IVAN" and "Ivan" alike. Letters written for one another
   are folded (`FOLDED_LETTERS`): the Tajik letters a keyboard lacks (ҳ→х,
   ҷ→ч, қ→к, ғ→г) and Ukrainian ґ→г, as search folds them; Latin letters with
   a stroke or bar, which have no Unicode decomposition (ł→l, ø→o, đ→d, ħ→h,
   ŧ→t, ƀ→b, ɨ→i, ʉ→u, ƶ→z), and æ→ae, œ→oe. Digits of other scripts are
   read as ASCII digits. Most look-alikes look alike in both cases and are
   mapped for both; a few Greek letters look like different Latin letters in
   upper and lower case (ν/Ν, η/Η, υ/Υ, μ/Μ) and are mapped per case: for
   those a term is also tried in its upper- and lower-case spelling.
4. Case folding.
5. What a reader does not see as part of a word or number is removed: all
   whitespace (so "Anna Kovalenko" also matches "Anna\\nKovalenko" and
   "AnnaKovalenko"), invisible characters (Unicode category Cf: soft hyphen,
   zero-width space and joiners, word joiner, BOM, bidi controls ...;
   variation selectors; Hangul fillers), apostrophes (so "Дар'я" matches
   "Дарʼя" and "Дар’я"), and punctuation other than dashes (categories Po, Ps,
   Pe, Pi, Pf: dots, commas, colons, slashes, brackets, quotes, the middle dot
   ·, and the plus sign), so "+380 67 123 45 67" matches "+380 (67) 123-45-67"
   and "+380.67.123.45.67", and "Olena" matches "O·le·na".
   Dashes and connector punctuation (category Pd and Pc: hyphens, the
   underscore ...) all become one hyphen, and hyphens in the text may stand
   anywhere between the letters of a term: "Anna Kovalenko" matches the slug
   "anna-kovalenko" and "anna_kovalenko.webp"; a hyphen written in a term must
   be in the text ("not-present" does not match "not present").

Spellings (`term_variants`): a term is searched as written and in the other
ways the same name or number is written, at most `MAX_VARIANTS` (256) in all
(its Cyrillic and its Latin spellings take turns; of each, those that differ
least from the first choices come first). Each spelling goes through
`skeleton` as the term does; a spelling whose skeleton begins with another's
is left out (the shorter one finds the same places).

* A number of 9 or more digits (spaces, hyphens, dots, brackets and + aside)
  is also searched by its last 9 digits, as it is written nationally:
  "+380 67 123 45 67" matches "067 123 45 67" and "67 123 45 67".
* Transliteration. A word in Cyrillic is also searched in Latin letters under
  the common systems (the Ukrainian national system of 2010, Russian passport
  and BGN-like spellings, Tajik: г→h/g, и→y/i, х→kh/h, ц→ts/c, щ→shch/sch,
  є→ie/ye, ї→i/yi, й→i/y, ю→iu/yu, я→ia/ya (also a after і, "Natalia"),
  ь and ъ dropped, ҳ→h/kh, ҷ→j/dzh, қ→q/k, ғ→gh/g ...; `CYRILLIC_LATIN`), so
  "Олена Коваленко" matches "Olena Kovalenko"; a word in Latin letters is
  also searched in Cyrillic (`LATIN_CYRILLIC`, letter groups first: shch, zh,
  kh, ts, ch, sh, yu/iu, ya/ia, ye/ie, yi; a few choices for an ambiguous
  letter: h→г/х, i→і/и/й, y→и/й/ы, e→е/э, c→ц/к/с, j→й/дж/ч, l before a
  consonant→л/ль), so "Olena Kovalenko" matches "Олена Коваленко". At most
  `MAX_SPELLINGS` spellings of one word are searched. Other systems (German
  or Polish spellings such as "Schewtschenko", "Szewczuk"), nicknames and
  short forms ("Lena", "Sasha") are not: write them as terms of their own.
* Declined forms. A Ukrainian or Russian word as written is also searched in
  every singular form of the names, nouns and adjectives pymorphy3's
  dictionaries read it as (at most `MAX_FORMS`; an adjective in its own
  gender; an unknown word in its likeliest guessed paradigm), so "Олена
  Шевчук" matches "з Оленою Шевчук" and "Олені Шевчук", and "Елена Шевчук"
  matches "с Еленой Шевчук". So is a Cyrillic spelling of a Latin word, if
  the dictionaries know it as a first name, surname, patronymic or place
  name ("Olena Shevchuk" matches "з Оленою Шевчук"; the Ukrainian dictionary
  marks no place names, so "Kyiv" matches "Київ" but not "у Києві"). Forms
  are not transliterated (Latin text does not decline names). pymorphy3 is
  imported when a term with letters is first searched, never by `load`;
  Tajik endings are not added, but an ending after the term's last word is
  found anyway (matching is by substring).

A false positive only stops a build; a miss endangers a person. Matching is
therefore deliberately loose: "Anna Kovalenko" also matches "Hanna
Kovalenko" and text that happens to run two words together.

A term whose skeleton (without hyphens) is shorter than `MIN_TERM` characters
(a two-letter abbreviation, a line of punctuation) would match almost
everywhere: `load` skips it and logs its line number (never the term) as a
warning; `scan` ignores it, and any of its other spellings that short.

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

All spellings of all terms are compiled into one regular expression (a trie
of their skeletons: the cost hardly grows with the number of terms; longest
match first) that runs once over the skeleton of each file.
"""
from __future__ import annotations

import bisect
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
from typing import Any, BinaryIO, Callable, Iterable, Iterator

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
#: At most this many spellings of one term are searched (see "Spellings" in the module docstring),
#: at most MAX_SPELLINGS transliterations of one word, and at most MAX_FORMS declined forms.
MAX_VARIANTS = 256
MAX_SPELLINGS = 32
MAX_FORMS = 16
#: A number written with at least this many digits is also searched by its last NATIONAL_DIGITS.
NATIONAL_DIGITS = 9

#: Look-alike letters, mapped to the Latin letter they are mistaken for (before
#: case folding, so a letter can be mapped differently in upper and lower case).
#: Letters that case-fold to one of these are mapped like it (see `_tables`).
CONFUSABLES = {
    # Cyrillic: both cases look like the same Latin letter (в, к, м, н, т in
    # lower case look like small capitals).
    "А": "A", "а": "a", "В": "B", "в": "b", "Е": "E", "е": "e", "К": "K", "к": "k",
    "М": "M", "м": "m", "Н": "H", "н": "h", "О": "O", "о": "o", "Р": "P", "р": "p",
    "С": "C", "с": "c", "Т": "T", "т": "t", "У": "Y", "у": "y", "Х": "X", "х": "x",
    "і": "i", "Ј": "J", "ј": "j", "Ѕ": "S", "ѕ": "s", "Ԁ": "D", "ԁ": "d",
    "Һ": "H", "һ": "h", "Ԛ": "Q", "ԛ": "q", "Ԝ": "W", "ԝ": "w", "Ү": "Y", "ү": "y",
    # Greek
    "Α": "A", "α": "a", "Β": "B", "β": "b", "Ε": "E", "ε": "e", "Ζ": "Z", "ζ": "z",
    "ι": "i", "Κ": "K", "κ": "k", "Ο": "O", "ο": "o", "Ρ": "P", "ρ": "p",
    "Τ": "T", "τ": "t", "Χ": "X", "χ": "x", "ϲ": "c", "Ϲ": "C", "ϳ": "j", "Ϳ": "J",
    # Greek, different in upper and lower case
    "Η": "H", "η": "n", "Ν": "N", "ν": "v", "Υ": "Y", "υ": "u", "Μ": "M", "μ": "u",
    # Latin variants
    "ı": "i", "ȷ": "j", "ɑ": "a", "ɡ": "g", "ɩ": "i",
    # Capital I and its look-alikes read as a lower-case l (a term's i also finds l), as do the
    # digit 1 and vertical bars; the digit 0 reads as o
    "I": "l", "І": "l", "Ι": "l", "Ӏ": "l", "ӏ": "l", "ǀ": "l", "Ɩ": "l", "Ɨ": "l", "|": "l", "∣": "l",
    "1": "l", "0": "o",
    # Latin small capitals (ǫ, the small capital q, is read before it decomposes: `fold`)
    "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ꜰ": "f", "ɢ": "g", "ʜ": "h", "ɪ": "i",
    "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ʀ": "r", "ꜱ": "s",
    "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ʏ": "y", "ᴢ": "z",
    # Armenian
    "Օ": "O", "օ": "o", "ո": "n", "ս": "u", "հ": "h",
    # Cherokee (its small letters case-fold to these)
    "Ꭺ": "A", "Ᏼ": "B", "Ꮯ": "C", "Ꭰ": "D", "Ꭼ": "E", "Ꮐ": "G", "Ꮋ": "H", "Ꭻ": "J", "Ꮶ": "K",
    "Ꮮ": "L", "Ꮇ": "M", "Ꮲ": "P", "Ꭱ": "R", "Ꮢ": "R", "Ꮪ": "S", "Ꭲ": "T", "Ꮩ": "V", "Ꮃ": "W",
    "Ꮤ": "W", "Ꮓ": "Z", "Ꭹ": "Y", "Ꭵ": "i", "Ꮒ": "h", "Ꮟ": "b",
}
#: Letters written for one another, mapped like CONFUSABLES: the Tajik letters a keyboard without
#: them replaces (search folds them alike: search_text.LETTERS), Ukrainian ґ, and Latin letters
#: with a stroke or bar, or ligatures, that have no Unicode decomposition.
FOLDED_LETTERS = {
    "Ҳ": "X", "ҳ": "x", "Ҷ": "ч", "ҷ": "ч", "Қ": "K", "қ": "k", "Ғ": "г", "ғ": "г", "Ґ": "г", "ґ": "г",
    "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Ħ": "H", "ħ": "h",
    "Ŧ": "T", "ŧ": "t", "Ƀ": "B", "ƀ": "b", "ɨ": "i", "Ʉ": "U", "ʉ": "u", "Ƶ": "Z", "ƶ": "z",
    "Ƚ": "L", "ƚ": "l", "Ɫ": "L", "ɫ": "l", "Ɇ": "E", "ɇ": "e", "Ɉ": "J", "ɉ": "j", "Ȼ": "C", "ȼ": "c",
    "Ɍ": "R", "ɍ": "r", "Ɏ": "Y", "ɏ": "y", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe",
}
#: Read before NFKD, which would make them other letters: the small capital q (ǫ: o and a mark).
_BEFORE_DECOMPOSITION = {"\u01eb": "q"}
#: Characters that are not letters to a reader, beyond whitespace and the
#: categories removed below: Hangul fillers, Khmer inherent vowels, the
#: Mongolian vowel separator, the blank Braille pattern, apostrophes, the plus sign.
_INVISIBLE = "\u115f\u1160\u3164\uffa0\u17b4\u17b5\u180e\u2800" "'`\u2018\u2019\u201b\u02bc\u02bb\u02bd\u02b9\u2032" "+"
#: Invisible (Cf), marks, spaces, and punctuation other than dashes (Po: . , : / · ... Ps, Pe:
#: brackets; Pi, Pf: quotes).
_REMOVED_CATEGORIES = frozenset({"Cf", "Mn", "Mc", "Me", "Zs", "Zl", "Zp", "Po", "Ps", "Pe", "Pi", "Pf"})
#: Dashes (Unicode category Pd, minus signs) and connector punctuation (Pc: the underscore ...)
#: are all written as one hyphen, which may stand anywhere in the text between a term's letters.
_DASH_CATEGORIES = frozenset({"Pd", "Pc"})
_DASHES = "\u2212\u2043"
DASH = "-"
#: In a term's skeleton, i also finds this letter in the text (a capital I reads as l).
_I_FINDS = "l"
#: Letters mapped differently in upper and lower case (see CONFUSABLES).
_PER_CASE = frozenset("ΗηΝνΥυΜμ")

_TAG = re.compile(r"<([^<>]*)>")
#: Where a browser cuts tags otherwise than _TAG: an attribute's quoted value holding < or >,
#: a comment holding > (not as its end: `<!-->` is an empty comment). Two searches with a
#: literal first character are several times faster than one with both.
_QUOTED_MARKUP = re.compile(r"""=[\t\n\f\r ]*+(?:"[^"<>]*+[<>]|'[^'<>]*+[<>])""")
_COMMENT_MARKUP = re.compile(r"<!--[^>]*+(?<!--)>")
#: A comment, or a tag as a browser's tokenizer reads it (html_tokens.py): a value quoted after
#: `=` runs to its closing quote, `<` and `>` included; a quote anywhere else is a letter.
_BROWSER_MARKUP = re.compile(
    r"<!--(?:-?>|(.*?)(?:--!?>|\Z))"
    r"""|</?[a-zA-Z](?>=[\t\n\f\r ]*+(?>"[^"]*+"?|'[^']*+'?)|[^>])*+>?""", re.S)
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
#: The start tags of elements whose letters a reader does not see (see `as_shown`); each element
#: runs to the first end tag of its name (`_element_spans`).
_HIDDEN = re.compile(
    r"<(rt|rp|template|canvas|video|audio|object|iframe|dialog|noscript|datalist|noembed|noframes)\b[^>]*>"
    r"|<([a-z][a-z0-9-]*)\b(?=[^>]*(?:\shidden\b|display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.0-9]*[1-9])"
    r"|opacity\s*:\s*0(?![.0-9]*[1-9])))[^>]*>", re.I)
#: The start tags of elements whose letters are shown right to left, whatever their direction: a
#: <bdo dir=rtl>, a bidi override.
_REVERSED = re.compile(r"<(bdo)\b(?=[^>]*dir\s*=\s*[\"']?rtl)[^>]*>|<([a-z][a-z0-9-]*)\b(?=[^>]*bidi-override)[^>]*>", re.I)
#: Letters after a right-to-left override character (U+202E), to its end, the line's or a tag.
_RIGHT_TO_LEFT = re.compile("\u202e([^\u202c\u2069\n<]*)")
#: A cheap first look (in lower case): could the text hold any of these at all? A bare `hidden`
#: is told from the design's `aria-hidden` by counting.
_MAY_HIDE = ("<rt", "<rp", "<template", "<canvas", "<video", "<audio", "<object", "<iframe", "<dialog", "<noscript",
             "<datalist", "<noembed", "<noframes", "<bdo", "bidi-override", "\u202e", "display", "visibility", "font-size", "opacity")

#: Cyrillic letters in Latin letters (lower case): the Ukrainian national system of 2010 first,
#: then Russian (passport, BGN) and Tajik spellings. A word's first letter, and some letters after
#: others, have other choices first (`_latin_choices`).
CYRILLIC_LATIN: dict[str, tuple[str, ...]] = {
    "а": ("a",), "б": ("b",), "в": ("v",), "г": ("h", "g"), "ґ": ("g",), "д": ("d",), "е": ("e",),
    "є": ("ie", "ye"), "ё": ("e", "yo", "io"), "ж": ("zh",), "з": ("z",), "и": ("y", "i"), "і": ("i",),
    "ї": ("i", "yi"), "й": ("i", "y", "j"), "к": ("k",), "л": ("l",), "м": ("m",), "н": ("n",), "о": ("o",),
    "п": ("p",), "р": ("r",), "с": ("s",), "т": ("t",), "у": ("u",), "ф": ("f",), "х": ("kh", "h"),
    "ц": ("ts", "c"), "ч": ("ch",), "ш": ("sh",), "щ": ("shch", "sch"), "ь": ("",), "ъ": ("", "ie"),
    "ы": ("y",), "э": ("e",), "ю": ("iu", "yu"), "я": ("ia", "ya"),
    "ҳ": ("h", "kh"), "ҷ": ("j", "dzh"), "қ": ("q", "k"), "ғ": ("gh", "g"), "ӣ": ("i",), "ӯ": ("u",),
}
#: At a word's start (or after a vowel or a soft sign), the choices for these letters.
_WORD_START_LATIN = {"є": ("ye", "ie"), "ї": ("yi", "i"), "й": ("y", "i", "j"), "ю": ("yu", "iu"),
                     "я": ("ya", "ia"), "е": ("e", "ye")}
#: Latin letters and letter groups in Cyrillic (lower case), longest group first.
LATIN_CYRILLIC: dict[str, tuple[str, ...]] = {
    "shch": ("щ",), "dzh": ("дж",), "sch": ("щ", "сх"), "zgh": ("зг",),
    "zh": ("ж",), "kh": ("х",), "ts": ("ц", "тс"), "ch": ("ч",), "sh": ("ш",), "gh": ("г",),
    "yu": ("ю",), "iu": ("ю", "іу"), "ya": ("я",), "ia": ("ія", "я", "іа"), "ye": ("є", "е"),
    "ie": ("є", "іє", "іе"), "yi": ("ий", "иї", "ї"), "yo": ("йо", "ё"),
    "a": ("а",), "b": ("б",), "c": ("ц", "к", "с"), "d": ("д",), "e": ("е", "э"), "f": ("ф",), "g": ("г",),
    "h": ("г", "х"), "i": ("і", "и", "й"), "j": ("й", "дж", "ч"), "k": ("к",), "l": ("л",), "m": ("м",),
    "n": ("н",), "o": ("о",), "p": ("п",), "q": ("к",), "r": ("р",), "s": ("с",), "t": ("т",), "u": ("у",),
    "v": ("в",), "w": ("в",), "x": ("х", "кс"), "y": ("и", "й", "ы"), "z": ("з",),
}
#: At a word's start, groups that stand for one letter there (Yizhak: Їжак, Yaroslav: Ярослав).
_WORD_START_CYRILLIC = {"yi": ("ї", "ий"), "ia": ("я", "ія"), "iu": ("ю",), "ie": ("є",)}
_LATIN_GROUP = re.compile("|".join(sorted(LATIN_CYRILLIC, key=len, reverse=True)))
_LATIN_VOWELS = frozenset("aeiouy")
_CYRILLIC_VOWELS = frozenset("аеєёиіїоуыэюяӣӯ")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[a-zA-Z]")
#: A word: letters, joined by apostrophes (Дар'я).
_WORD = re.compile(r"([^\W\d_]+(?:['’ʼ`][^\W\d_]+)*)")
_APOSTROPHES = re.compile("['’ʼ`]")
#: Ukrainian letters (then only the Ukrainian dictionary), Russian ones (only the Russian one).
_UKRAINIAN_ONLY = frozenset("іїєґ")
_RUSSIAN_ONLY = frozenset("ыэъё")
#: Parts of speech whose forms are searched (names and surnames are nouns; adjectival surnames
#: and village names are adjectives), and the share of the best parse's score a parse needs.
_DECLINED = frozenset({"NOUN", "ADJF"})
_PARSE_SHARE = 0.2
#: What the dictionaries call first names, surnames, patronymics and place names.
_NAMES = frozenset({"Name", "Surn", "Patr", "Geox"})


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

def _digit(ch: str) -> str:
    """A decimal digit of any script as the table reads it (0 as o, 1 as l)."""
    return {0: "o", 1: "l"}.get(unicodedata.digit(ch), str(unicodedata.digit(ch)))


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
        elif category == "Nd" and cp < 0x10000:
            bmp[cp] = _digit(ch)
    for ch in _INVISIBLE:
        bmp[ord(ch)] = None
    letters = {**CONFUSABLES, **FOLDED_LETTERS}
    for k, v in letters.items():
        bmp[ord(k)] = v
    for cp in range(0x10000):  # letters that case-fold to a look-alike are look-alikes too (Ɑ, ᲂ ...)
        folded = chr(cp).casefold()
        if bmp[cp] == cp and folded in letters:
            bmp[cp] = letters[folded]
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


def _browser_tag(m: re.Match, comments: list[str]) -> str:
    """One match of _BROWSER_MARKUP: a tag with the < and > of its quoted values made spaces (so
    _TAG cuts it whole), or a comment taken out (its text kept in `comments`, < and > spaces)."""
    tag = m.group(0)
    if tag.startswith("<!--"):
        if m.group(1):
            comments.append(m.group(1).replace("<", " ").replace(">", " "))
        return ""
    closed = tag.endswith(">")
    body = tag[1:-1] if closed else tag[1:]
    if "<" not in body and ">" not in body:
        return tag
    return "<" + body.replace("<", " ").replace(">", " ") + (">" if closed else "")


def browser_markup(text: str) -> str:
    """The text with its markup as a browser's tokenizer reads it (module docstring, step 1):
    quoted attribute values may hold < and >, comments are taken out and put after the text."""
    if "<" not in text:
        return text
    comments: list[str] = []
    cut = _BROWSER_MARKUP.sub(lambda m: _browser_tag(m, comments), text)
    return _SEPARATOR.join([cut, *comments])


def _browser_differs(text: str) -> bool:
    """Would a browser cut this text's tags otherwise than _TAG (a quick search or two)?"""
    if "<" not in text:
        return False
    return _QUOTED_MARKUP.search(text) is not None or ("<!--" in text and _COMMENT_MARKUP.search(text) is not None)


def _strip_tags(text: str, browser: bool = False) -> str:
    """Cut tags out of the text (as a browser does, if `browser`); append what was inside them, one piece each."""
    if "<" not in text:
        return text
    if browser:
        text = browser_markup(text)
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


@functools.lru_cache(maxsize=64)
def _end_tag(name: str) -> re.Pattern:
    return re.compile(rf"</{re.escape(name)}\s*>", re.I)


def _element_spans(start: re.Pattern, text: str) -> list[tuple[int, int, int, int]]:
    """(start, content start, content end, end) of each element whose start tag `start` finds (the
    tag's name is its last group), to the first end tag of that name after it, however far; one
    never closed is left out, and a start tag inside an element taken is skipped. Each name's end
    tags are found once, so this takes linear time (and a logarithm) whatever the text holds."""
    ends: dict[str, tuple[list[int], list[int]]] = {}
    spans = []
    taken = 0
    for m in start.finditer(text):
        if m.start() < taken:
            continue
        name = m.group(m.lastindex).lower()
        if name not in ends:
            found = [(e.start(), e.end()) for e in _end_tag(name).finditer(text)]
            ends[name] = ([a for a, _ in found], [b for _, b in found])
        starts, stops = ends[name]
        k = bisect.bisect_left(starts, m.end())
        if k == len(starts):
            continue
        spans.append((m.start(), m.end(), starts[k], stops[k]))
        taken = stops[k]
    return spans


def _replace_spans(text: str, spans: list[tuple[int, int, int, int]], content: Callable[[str], str]) -> str:
    """The text with each element of `spans` replaced by content(what it holds)."""
    if not spans:
        return text
    pieces, at = [], 0
    for begin, inner, inner_end, end in spans:
        pieces += [text[at:begin], content(text[inner:inner_end])]
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def _nothing(_: str) -> str:
    return ""


def _in_reading_order(letters: str) -> str:
    return _TAG.sub("", letters)[::-1]


def as_shown(text: str) -> str | None:
    """The text as a reader sees its letters, where markup hides some or shows them in another
    order (see the module docstring, step 1); None when nothing does."""
    low = text.lower()
    if not any(word in low for word in _MAY_HIDE) and low.count("hidden") == low.count("-hidden"):
        return None
    shown = _replace_spans(text, _element_spans(_HIDDEN, text), _nothing)
    shown = _replace_spans(shown, _element_spans(_REVERSED, shown), _in_reading_order)
    if "\u202e" in shown:
        shown = _RIGHT_TO_LEFT.sub(lambda m: m.group(1)[::-1], shown)
    return shown if shown != text else None


def _reading(text: str, browser: bool) -> tuple[str, bool]:
    """The text with markup cut out (as a browser cuts it, if `browser`) and escapes decoded; and
    whether a browser would cut some of it otherwise (then it is read again with `browser`)."""
    if browser:
        text = browser_markup(text)
    differs = not browser and _browser_differs(text)
    shown = as_shown(text) if "<" in text or "\u202e" in text else None
    if shown is not None:
        text += _SEPARATOR + shown
    cut = _strip_tags(text, browser)
    text = _escapes(cut)
    # later stages are searched again only where they can have made new markup
    differs = differs or (not browser and text is not cut and _browser_differs(text))
    text = _strip_tags(text, browser)
    for _ in range(_MAX_DECODE_ROUNDS):
        decoded = _decode(text)
        if decoded == text:
            break
        if not browser and not differs and decoded.count("<") > text.count("<"):
            differs = _browser_differs(decoded)
        text = _strip_tags(decoded, browser)
    return text, differs


def reader_text(text: str) -> str:
    """The text with markup cut out and escapes decoded (step 1 of the module docstring)."""
    read, differs = _reading(text, browser=False)
    if differs:
        read += _SEPARATOR + _reading(text, browser=True)[0]
    return read


def fold(text: str) -> str:
    """Steps 2 to 5 of the module docstring: the Unicode, look-alike, case and invisible folding."""
    bmp, astral = _tables()
    if not text.isascii():
        for ch, letter in _BEFORE_DECOMPOSITION.items():
            if ch in text:
                text = text.replace(ch, letter)
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


# --- spellings: numbers, transliteration, declined forms ---------------------------------------

def _combine(parts: list[tuple[str, ...]], cap: int) -> list[str]:
    """Whole spellings from choices for each part, the first choices first: every part at its
    first choice, then each spelling with one part changed, then two ..., at most `cap` (distinct)."""
    varied = [i for i, choices in enumerate(parts) if len(choices) > 1]
    out: dict[str, None] = {}
    for k in range(len(varied) + 1):
        for changed in itertools.combinations(varied, k):
            for picks in itertools.product(*(range(1, len(parts[i])) for i in changed)):
                chosen = dict(zip(changed, picks))
                out["".join(choices[chosen.get(i, 0)] for i, choices in enumerate(parts))] = None
                if len(out) >= cap:
                    return list(out)
    return list(out)


def national_number(term: str) -> str | None:
    """The last NATIONAL_DIGITS digits of a term that is a number of at least as many digits
    (spaces, dashes, punctuation and + aside), as the number is written nationally."""
    digits = []
    for ch in unicodedata.normalize("NFKD", term):
        if ch.isdecimal():
            digits.append(str(unicodedata.digit(ch)))
        elif not (ch.isspace() or ch == "+" or unicodedata.category(ch)[0] == "P"):
            return None
    return "".join(digits[-NATIONAL_DIGITS:]) if len(digits) >= NATIONAL_DIGITS else None


def _latin_choices(word: str, i: int) -> tuple[str, ...]:
    """The Latin spellings of the Cyrillic letter word[i] (lower case), where it stands."""
    ch, before = word[i], word[i - 1] if i else ""
    after = word[i + 1] if i + 1 < len(word) else ""
    if ch not in CYRILLIC_LATIN:
        return (ch,)
    if ch == "я" and before and before in "іи":
        return ("ia", "a", "ya")  # Наталія: Nataliia, Natalia, Nataliya
    if (not before or before in _CYRILLIC_VOWELS or before in "ьъ'’ʼ`") and ch in _WORD_START_LATIN:
        return _WORD_START_LATIN[ch]
    if ch == "г" and before == "з":
        return ("gh", "h", "g")  # зг: zgh in the 2010 system
    if ch == "и" and after == "й" and i + 2 == len(word):
        return ("y", "i", "")  # -ий: Dmytryi, Dmitriy, Dmitry
    return CYRILLIC_LATIN[ch]


def _latin_spellings(word: str) -> list[str]:
    """A word's Latin spellings (lower case): its Cyrillic letters transliterated."""
    word = unicodedata.normalize("NFC", word.lower())
    return _combine([_latin_choices(word, i) for i in range(len(word))], MAX_SPELLINGS)


def _cyrillic_spellings(word: str) -> list[str]:
    """A word's Cyrillic spellings (lower case): its Latin letters and letter groups in Cyrillic,
    an l before a consonant also as ль (Olha: Ольга)."""
    word = unicodedata.normalize("NFC", word.lower())
    parts: list[tuple[str, ...]] = []
    at = 0
    while at < len(word):
        m = _LATIN_GROUP.match(word, at)
        if not m:
            parts.append((word[at],))
            at += 1
            continue
        choices = (_WORD_START_CYRILLIC if at == 0 else LATIN_CYRILLIC).get(m.group(0)) or LATIN_CYRILLIC[m.group(0)]
        following = word[m.end():m.end() + 1]
        if m.group(0) == "l" and following.isascii() and following.isalpha() and following not in _LATIN_VOWELS:
            choices = ("л", "ль")
        parts.append(choices)
        at = m.end()
    return _combine(parts, MAX_SPELLINGS)


@functools.lru_cache(maxsize=2)
def _morphology(lang: str) -> Any:
    """pymorphy3's analyser for Ukrainian or Russian (imported when a term with letters is first
    searched, never by `load`), or None if it cannot be loaded."""
    try:
        import pymorphy3

        return pymorphy3.MorphAnalyzer(lang=lang)
    except Exception:  # the dictionaries missing: no declined forms (logged, never the term)
        log.warning("HROMADA_DENYLIST: pymorphy3 (%s) could not be loaded: declined forms are not searched", lang)
        return None


@functools.lru_cache(maxsize=4096)
def declined_forms(word: str, names_only: bool = False) -> tuple[str, ...]:
    """The singular forms (lower case) of a Cyrillic word as the Ukrainian and Russian
    dictionaries read it: a name, noun or adjective (in its own gender), at most MAX_FORMS; an
    unknown word gets its likeliest guessed paradigm. With `names_only`, only the forms of a
    known first name, surname, patronymic or place name (for a Cyrillic spelling of a Latin word:
    Kate, spelled Кате, is no vocative of кат)."""
    word = word.lower()
    letters = set(word)
    langs = ["uk"] if letters & _UKRAINIAN_ONLY else ["ru"] if letters & _RUSSIAN_ONLY else ["uk", "ru"]
    forms: dict[str, None] = {}
    for lang in langs:
        morph = _morphology(lang)
        if morph is None:
            continue
        parses = morph.parse(_APOSTROPHES.sub("'" if lang == "uk" else "", word))
        known = [p for p in parses if p.is_known]
        if names_only:
            known = [p for p in known if not _NAMES.isdisjoint(p.tag.grammemes)]
        if known:
            best = max(p.score for p in known)
            chosen = [p for p in known if p.score >= _PARSE_SHARE * best]
        else:
            chosen = [] if names_only else parses[:1]
        for parse in chosen:
            if parse.tag.POS not in _DECLINED:
                continue
            try:
                lexeme = parse.lexeme
            except (IndexError, KeyError, ValueError):  # a guessed paradigm pymorphy cannot expand
                continue
            for form in lexeme:
                if form.tag.number == "plur" or (parse.tag.POS == "ADJF" and form.tag.gender != parse.tag.gender):
                    continue
                forms.setdefault(form.word, None)
    forms.pop(word, None)
    return tuple(forms)[:MAX_FORMS]


def _word_choices(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(Cyrillic spellings, Latin spellings) of one word, as written first where it is written
    in that script: with declined forms, transliterated, or the word itself."""
    if _CYRILLIC.search(word):
        cyrillic = [word, *declined_forms(word)]
        return tuple(cyrillic), tuple(_latin_spellings(word))
    if not _LATIN.search(word):
        return (word,), (word,)
    spellings = _cyrillic_spellings(word)
    known = [s for s in spellings if declined_forms(s, names_only=True)][:2]
    cyrillic = dict.fromkeys(spellings[:1])
    for spelling in known:  # the spellings the dictionary knows as names, with their forms, first
        cyrillic.update(dict.fromkeys([spelling, *declined_forms(spelling, names_only=True)]))
    cyrillic.update(dict.fromkeys(spellings))
    return tuple(cyrillic), (word,)


@functools.lru_cache(maxsize=4096)
def term_variants(term: str) -> tuple[str, ...]:
    """The spellings a term is searched in (see "Spellings" in the module docstring), the term
    as written first, at most MAX_VARIANTS: its Cyrillic and its Latin spellings take turns."""
    variants: dict[str, None] = {term: None}
    national = national_number(term)
    if national:
        variants[national] = None
    pieces = _WORD.split(term)  # separators at even places, words at odd ones
    if len(pieces) > 1:
        choices = [_word_choices(p) if i % 2 else ((p,), (p,)) for i, p in enumerate(pieces)]
        scripts = [_combine([c[script] for c in choices], MAX_VARIANTS) for script in (0, 1)]
        for spelling in itertools.chain.from_iterable(itertools.zip_longest(*scripts)):
            if spelling is not None:
                variants[spelling] = None
    return tuple(variants)[:MAX_VARIANTS]


def _spelling_skeletons(spelling: str) -> set[str]:
    """The skeletons of a spelling: in lower case (its i also finds the l a capital I reads as),
    and in upper case too where a Greek letter is mapped per case."""
    found = {skeleton(spelling.lower())}
    if not _PER_CASE.isdisjoint(spelling):
        found.add(skeleton(spelling.upper()))
    return found


@functools.lru_cache(maxsize=4096)
def searched_skeletons(term: str) -> tuple[str, ...]:
    """The skeletons of all spellings of a term, without those shorter than MIN_TERM and those
    another one finds too: those that begin with another, and a number's that hold its last
    digits (its national spelling finds them)."""
    found = set(term_skeletons(term))
    for spelling in term_variants(term)[1:]:
        found |= _spelling_skeletons(spelling)
    kept: list[str] = []
    for s in sorted(s for s in found if len(_key(s)) >= MIN_TERM):
        if not kept or not s.startswith(kept[-1]):
            kept.append(s)
    national = national_number(term)
    if national:
        last = _spelling_skeletons(national)
        kept = [s for s in kept if s in last or not any(n in s.replace(DASH, "") for n in last)]
    return tuple(kept)


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
    """A skeleton as its deny-list line is looked up: without hyphens, i as the l it also finds."""
    return found.replace(DASH, "").replace("i", _I_FINDS)


def _trie_regex(words: Iterable[str]) -> re.Pattern:
    """One regex matching any of the words, the longest where several match at one place;
    hyphens may stand between any two letters of a word, and an i also matches an l (a
    capital I reads as l)."""
    trie: dict = {}
    for word in {*words, *(_I_FINDS + w[1:] for w in words if w.startswith("i"))}:  # see build
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict, root: bool = False) -> str:
        # at the root each word starting with i is also written with an l, so that every first
        # letter is a plain one: the regex engine then skips, quickly, the places no word starts
        alternatives = [(f"[i{_I_FINDS}]" if ch == "i" and not root else re.escape(ch)) + build(child)
                        for ch, child in sorted(node.items()) if ch]
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
        self.line_of_key: dict[str, int] = {}  # _key(skeleton) -> deny-list line
        for n, term in terms:
            for s in searched_skeletons(term):
                self.line_of.setdefault(s, n)
                self.line_of_key.setdefault(_key(s), n)
        self.all = _trie_regex(self.line_of) if self.line_of else None
        long = [s for s in self.line_of if len(_key(s)) >= SHORT_TERM]
        self.long = _trie_regex(long) if long else None

    def line(self, found: str) -> int:
        """The deny-list line of a match (its hyphens may be the text's, not the term's, and an l
        the text's where the term has an i)."""
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
