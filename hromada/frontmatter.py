"""Split a Markdown file into its YAML front matter and body, exactly as MkDocs does.

Hromada checks the front matter and MkDocs renders the body; if the two read
the fence differently, text that Hromada took for front matter (YAML
comments, staff notes) is published by MkDocs as body text. So the fence is
MkDocs' own (`mkdocs/utils/meta.py`, YAML_RE), the forms on which the two
could disagree are errors, and the build renders the body Hromada read.
"""
from __future__ import annotations

import re
import reprlib
import unicodedata
from typing import Any

import yaml

from .problems import Problem

#: MkDocs' fence: '---' line, at least one line, a closing '---' or '...' line
#: that ends with a line break.
_FENCE = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(\.{3}|-{3})[ \t]*\n", re.S)
#: An opening fence with nothing MkDocs would accept after it.
_OPENING = re.compile(r"\A-{3}[ \t]*\n")
_CLOSING_AT_END = re.compile(r"\n-{3}[ \t]*\Z")
#: HTML comments: staff notes, never published. An unclosed one is an error.
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
#: YAML anchors and aliases: front matter never needs them, and nested aliases
#: expand exponentially ("billion laughs"). A cheap look first, the parser decides.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[\{,:\-?])[&*][^\s,\[\]\{\}]")
#: Nesting deeper than this is no front matter or record anyone writes; far
#: deeper (tens of thousands of '[') crashes the C parser's recursion outright.
MAX_DEPTH = 32
#: What opens a nested block collection at the start of a line: indentation, '- ', '? ', ': '.
_LEADING = re.compile(r"^(?:[ \t]|[-?:](?=[ \t]|$))+", re.M)

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # C parser: 10k pages


class _UniqueKeyLoader(_BaseLoader):
    """SafeLoader that refuses duplicate keys: the second silently wins otherwise."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False):
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            duplicate = key in seen
            seen.add(key)
        except TypeError:  # a list or mapping as a key
            raise yaml.constructor.ConstructorError(
                None, None, "keys are words, not lists or mappings", key_node.start_mark) from None
        if duplicate:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
)
# Dates stay text here and are parsed by the schema, which can say which key
# holds an impossible date like 2025-13-45 instead of crashing the loader.
_UniqueKeyLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def _may_nest_deep(text: str, limit: int) -> bool:
    """Cheap: whether the text could nest deeper than `limit` (each level needs
    a bracket or a column of its own)."""
    brackets = text.count("[") + text.count("{")
    if brackets > limit:
        return True
    return brackets + max((len(m.group(0)) for m in _LEADING.finditer(text)), default=0) > limit


def structure_problem(text: str, anchors: bool = False, limit: int = MAX_DEPTH) -> tuple[int, str] | None:
    """(line from 0, expectation) for the first anchor or alias (unless `anchors`
    are allowed) or too deep nesting, or None.

    The event parser keeps its own stack, so it reads any nesting safely (the
    composer would not); it runs only when a cheap look says there may be
    something to find.
    """
    if (anchors or not _MAYBE_ANCHOR.search(text)) and not _may_nest_deep(text, limit):
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if not anchors and (isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None)):
                return event.start_mark.line, "plain YAML without anchors (&) or aliases (*)"
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > limit:
                    return event.start_mark.line, f"lists and mappings nested at most {limit} deep"
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # the loader reports the syntax error itself
    return None


def load_yaml(text: str, file: str, what: str, first_line: int = 1) -> tuple[Any, list[Problem]]:
    """Parse YAML, turning a syntax error into a Problem that names the line.

    `first_line` is the file's line number of the text's first line, so staff
    see the line their editor shows. Anchors and aliases are refused (nested,
    they expand exponentially: the "billion laughs"), and so is deep nesting.
    """
    try:
        found = structure_problem(text)
        if found is not None:
            line, expected = found
            return None, [Problem(file, what, f"{expected} (line {line + first_line})")]
        return yaml.load(text, Loader=_UniqueKeyLoader), []
    except yaml.YAMLError as exc:
        line, reason = yaml_trap(exc, text)
        _, public = yaml_trap(exc, text, public=True)
        where = f" (line {line + first_line})" if line is not None else ""
        return None, [Problem(file, what, f"valid YAML{where}: {escape(str(reason))}",
                              public_expected=f"valid YAML{where}: {escape(str(public))}" if public != reason else "")]
    except (ValueError, TypeError, LookupError, OverflowError, RecursionError, MemoryError) as exc:
        # a value YAML accepts but Python cannot hold (an integer of 5,000 digits...), or one its
        # tag cannot take (`!!bool people:` raised KeyError inside PyYAML: the fuzz test found it)
        return None, [Problem(file, what, f"valid YAML: a value its tag (!!bool, !!int ...) can take and Python "
                                          f"can hold ({type(exc).__name__})")]


_KEY_AT = re.compile(r"^\s*(?:-\s+)?([^\s:#'\"][^:]*?):(?:\s|$)")


def _key_on(line: str, public: bool = False) -> str:
    m = _KEY_AT.match(line) if not public else None
    return f" ({m.group(1).strip()[:40]})" if m else ""


#: What a public build log says instead of the words of the file that PyYAML's message quotes.
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")


def yaml_trap(exc: yaml.YAMLError, text: str, public: bool = False) -> tuple[int | None, str]:
    """(line from 0, reason in plain words) for a YAML syntax error.

    libyaml's words ("mapping values are not allowed in this context", "did not
    find expected key") name the parser's state, not the writer's mistake. The
    common traps are said as the fix instead: a tab, a colon inside an unquoted
    value, text after a closing quote, a quote never closed, a list never closed.
    The line is where the mistake is (for an unclosed quote: where it opened).
    `public`: for a build's log, often public (log_privacy.py), without the file's own words:
    the key of the line, and what PyYAML's message quotes (a duplicate key may be a note
    naming someone).
    """
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML refuses: no mark, a position
        return _unacceptable(exc, text)
    mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    problem = str(getattr(exc, "problem", None) or str(exc).splitlines()[0])
    context = str(getattr(exc, "context", None) or "")
    lines = text.split("\n")
    line = mark.line if mark is not None else None
    here = lines[line] if line is not None and line < len(lines) else ""
    if "tab character" in problem or ("cannot start any token" in problem and "\t" in here):
        return line, "a tab; indent with spaces, never tabs"
    if "mapping values are not allowed" in problem and mark is not None:
        first = here.find(": ")
        if 0 <= first < mark.column:
            return line, (f"a colon and a space inside the value{_key_on(here, public)}: put the whole value in double quotes, "
                          'like title: "Oksana: life after captivity"')
        return line, "a key indented further than the key above it: start keys at the left edge (or under their list)"
    if "quoted scalar" in context and context_mark is not None:
        opened = lines[context_mark.line] if context_mark.line < len(lines) else ""
        return context_mark.line, (f"a closing quote for the value{_key_on(opened, public)} that opens with a quote on this line")
    if "did not find expected key" in problem and mark is not None:
        value = here.split(": ", 1)[1].lstrip() if ": " in here else here.lstrip(" -")
        if value[:1] in ("'", '"'):
            return line, (f"nothing after the closing quote{_key_on(here, public)}: a value that starts with a quote ends at "
                          "the next one; put the whole value in double quotes and write a quote inside it as \\\" "
                          "(or use typographic quotes: “ ” « »)")
    if "flow sequence" in context and context_mark is not None:
        return context_mark.line, "a closing ] for the list that opens with [ on this line"
    if "flow mapping" in context and context_mark is not None:
        return context_mark.line, "a closing } for the mapping that opens with { on this line"
    return line, _QUOTED.sub("(words of the file, not repeated here)", problem) if public else problem


#: Where a control character in front matter usually comes from, said with it.
_CONTROL_SOURCES = {0x0B: "a manual line break copied from Word (Shift+Enter)", 0x0C: "a page break copied from Word",
                    0x00: "a NUL, left by a damaged file or a binary editor"}


def _unacceptable(exc: yaml.reader.ReaderError, text: str) -> tuple[int | None, str]:
    """(line from 0, reason) for a character YAML does not accept at all (U+000B, NUL, ...):
    PyYAML says only "unacceptable character #x000b" and a position in the text."""
    code = exc.character if isinstance(exc.character, int) else (ord(exc.character[:1]) if exc.character else None)
    position = exc.position if isinstance(exc.position, int) and 0 <= exc.position <= len(text) else None
    line = text.count("\n", 0, position) if position is not None else None
    name = f"U+{code:04X}" if code is not None else "a character"
    source = f", {_CONTROL_SOURCES[code]}" if code in _CONTROL_SOURCES else ""
    return line, f"text without control characters (found {name}{source}): delete it and type the text again"


# --- showing values in one line, and text fields without control characters ---
_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxtuple, _REPR.maxdict, _REPR.maxset = 2, 4, 4, 4, 4
_REPR.maxstring, _REPR.maxother, _REPR.maxlong = 60, 60, 40
#: Line breaks a reader would see: allowed where a text may span lines.
LINE_BREAKS = frozenset("\n\u2028\u2029")


#: Bidi embeddings, overrides and isolates: they show the letters between them in another order
#: than the text holds (U+2067 U+2066 lenko U+2069 U+2066 Kova U+2069 U+2069 reads "Kovalenko"),
#: where reviewers and the deny-list read it as written; none of the site's languages needs them.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _bad_char(ch: str) -> bool:
    """A character no plain text may hold: controls, surrogates, noncharacters, bidi controls."""
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cs", "Zl", "Zp") or ch in BIDI_CONTROLS:
        return True
    code = ord(ch)
    return (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF


def escape(text: str) -> str:
    """The text with every character a terminal or log could act on written as an escape."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def shown(value: Any, limit: int = 60) -> str:
    """A value as staff wrote it, for a problem line: one line, bounded in length and effort."""
    try:
        text = f"'{value}'" if isinstance(value, str) else _REPR.repr(value)
    except Exception:  # noqa: BLE001 - a value that cannot even be shown
        text = f"a {type(value).__name__}"
    text = escape(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def not_utf8(path: Any, exc: UnicodeDecodeError) -> str:
    """Where a file stops being UTF-8, and what to do: "UTF-8 text" alone left staff guessing
    (a careless-editor review); a Windows editor's default is often Windows-1251 or Latin-1."""
    try:
        with open(path, "rb") as f:
            head = f.read(exc.start)
        line = head.count(b"\n") + 1
    except OSError:
        return "UTF-8 text"
    return (f"UTF-8 text (line {line} holds a byte UTF-8 does not have: the file was saved in another encoding, "
            "like Windows-1251 or Latin-1; save it again as UTF-8 in your editor)")


def true_or_false(value: Any) -> str:
    """What a yes/no key expects: `draft: "false"` is the text 'false', which YAML never reads as
    no; saying "true or false (found 'false')" contradicted itself (a careless-editor review)."""
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no", "on", "off"):
        return "true or false, written without quotes (quoted, it is a text)"
    return "true or false"


NOT_A_REF = "a value that is not a code like P-0173 (not repeated here: it may be a name)"


def shown_ref(value: Any) -> str:
    """A value written where a consent ref belongs, for a problem line. Refs are codes with
    digits (P-0173); a value without one is most likely the person's name, typed where the
    ref goes, and a build log (often public) must not print it."""
    if isinstance(value, str) and any(ch.isdigit() for ch in value):
        return shown(value, 40)
    return NOT_A_REF


def shown_refs(value: Any) -> str:
    """`shown_ref` of each item of a list (or of the value)."""
    if isinstance(value, list):
        return "[" + ", ".join(shown_ref(v) for v in value[:10]) + (", ..." if len(value) > 10 else "") + "]"
    return shown_ref(value)


def key_name(key: Any) -> str:
    """A front-matter or record key for a problem line: as written, or quoted when odd."""
    if isinstance(key, str) and key and key.isprintable() and key == key.strip() and ":" not in key:
        return key[:60]
    return shown(key if isinstance(key, str) else str(key), 40).replace(":", "\\x3a")  # keeps `file: key: expected` whole


def text_problem(value: str, lines: bool = False) -> str | None:
    """What is wrong with a plain-text field (title, name, label...), or None.

    Control characters break feeds and calendars (XML forbids most of them)
    and can hide text; they are refused, never silently dropped. `lines`
    allows line breaks (a summary written as a YAML block).
    """
    if _BAD_IN_BODY.search(value) is None:  # nearly every value: one search in C, no loop below
        return None
    for i, ch in enumerate(value):
        if ch in LINE_BREAKS or ch == "\r":
            if lines and ch != "\r":
                continue
            return f"one line of text (found a line break after '{escape(value[max(0, i - 20):i])}')"
        if _bad_char(ch):
            return (f"text without control characters (found U+{ord(ch):04X} after "
                    f"'{escape(value[max(0, i - 20):i])}')")
    return None


#: The characters `_bad_char` refuses, as one class (Cc, Cs, Zl, Zp, bidi controls, noncharacters),
#: so a whole body is searched in C rather than character by character in Python.
_BAD_CLASS = ("\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef"
              + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17)))
_BAD_IN_BODY = re.compile("[" + _BAD_CLASS + "]")
#: The same without tabs and line breaks, which a Markdown body may hold (a body has one on every line),
#: and without the noncharacters beyond U+FFFF: Python's regular expressions test a character
#: against each part of a class in turn, and those 32 made a body's search seven times slower
#: (136 us for 5 KB of Ukrainian against 19 us); they are searched for (`_BAD_BEYOND_BMP`) only in
#: a body that has a character beyond U+FFFF at all (`_BEYOND_BMP`, one range, as fast).
_BAD_IN_MARKDOWN = re.compile("[" + _BAD_CLASS[: _BAD_CLASS.index("\U0001fffe")].replace(
    "\x00-\x1f", "\x00-\x08\x0b-\x1f").replace("\u2028\u2029", "") + "]")
_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")
_BAD_BEYOND_BMP = re.compile("[" + _BAD_CLASS[_BAD_CLASS.index("\U0001fffe"):] + "]")


def body_problem(body: str, first_line: int) -> str | None:
    """A Markdown body may hold tabs and line breaks, but no other control character."""
    m = _BAD_IN_MARKDOWN.search(body)
    if _BEYOND_BMP.search(body) is not None:
        m = _BAD_BEYOND_BMP.search(body, 0, m.start() if m else len(body)) or m
    if m is None:
        return None
    line = first_line + body.count("\n", 0, m.start())
    return f"text without control characters other than tabs and line breaks (found U+{ord(m.group(0)):04X} on line {line})"


def strip_comments(body: str) -> tuple[str, int | None]:
    """The body without HTML comments, and the line of an unclosed `<!--` (or None)."""
    unclosed = None
    for m in _COMMENT.finditer(body):
        if not m.group(0).endswith("-->") or len(m.group(0)) < 7:
            unclosed = body.count("\n", 0, m.start()) + 1
    return _COMMENT.sub("", body), unclosed


def split(text: str, file: str) -> tuple[dict[str, Any], str, list[Problem]]:
    """Return (front matter, body, problems)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    m = _FENCE.match(text)
    if not m:
        if _OPENING.match(text) and _CLOSING_AT_END.search(text):
            return {}, "", [Problem(file, "front matter", "a line break after the closing '---' (the file ends on it)")]
        if not text.strip():
            return {}, text, [Problem(file, "front matter", "a YAML block between '---' lines at the top of the file "
                                                            "(this file is empty)")]
        if _OPENING.match(text):
            return {}, text, [Problem(file, "front matter", "a closing '---' line after the keys (the file opens the "
                                                            "block with '---' on line 1 and never closes it)")]
        return {}, text, [Problem(file, "front matter", "a YAML block between '---' lines at the top of the file "
                                                        "(line 1 is not '---')")]
    body = text[m.end():]
    if m.group(2) == "...":
        return {}, body, [Problem(file, "front matter", "a closing '---' line (found '...', which MkDocs reads differently)")]
    data, problems = load_yaml(m.group(1), file, "front matter", first_line=2)
    if problems:
        return {}, body, problems
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return {}, body, [Problem(file, "front matter", "a mapping of keys to values")]
    bad = [k for k in data if not isinstance(k, str)]
    if bad:
        return {}, body, [Problem(file, key_name(bad[0]), "keys are words, not numbers or dates", written_key=True)]
    wrong = body_problem(body, text.count("\n", 0, m.end()) + 1)
    if wrong:
        return {}, body, [Problem(file, "body", wrong)]
    return data, body, []
