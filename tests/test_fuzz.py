"""Fuzzing the gate (issue 10, point 6): no input makes `check` or the build crash.

Thousands of mutated inputs, made from the valid files of the example site and
the tests (front matter, bodies, consent records, content trees, mkdocs.yml),
go through `hromada check` in-process. A sample goes through a real
`mkdocs build`: every kind of mutation that passes `check` (many such inputs
bundled into one project per build) and some that `check` refuses. Proved:

* `check` never raises: exit 0 or 1, nothing on stderr but problem lines;
* every refused input gets a line `<file>: <key>: <expected>` naming the file
  it lies in (mkdocs.yml for a broken configuration), one line each, with no
  control characters that a terminal would act on;
* whatever passes `check` builds: exit 0, no traceback;
* whatever `check` refuses the build refuses too, with the same lines (for
  mkdocs.yml: the same reason, in MkDocs' words), no traceback, no site written;
* YAML aliases ("billion laughs") cannot exhaust the machine: refused in front
  matter and consent records, bounded in mkdocs.yml, all within seconds; nor
  can nesting deep enough to crash the YAML parser.

mkdocs.yml that MkDocs itself cannot load without hanging or a traceback is
only checked (`upstream`).

Deterministic: a fixed seed. `HROMADA_FUZZ_CASES` and `HROMADA_FUZZ_SEED` run a
larger or different campaign locally; `HROMADA_FUZZ_BUILDS` caps the builds.
"""
from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import random
import re
import shutil
import struct
import time
import traceback
import zlib
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import NOW, REPO, Project, run_build
from hromada import cli

SEED = int(os.environ.get("HROMADA_FUZZ_SEED", "20261123"))
CASES = int(os.environ.get("HROMADA_FUZZ_CASES", "3000"))
BUILDS = int(os.environ.get("HROMADA_FUZZ_BUILDS", "48"))

# --- the valid starting point -------------------------------------------------
#: Pages of the example site covering every kind (and a translation, a story
#: showing a person, declared images), copied into a small project.
SEED_PAGES = (
    "docs/index.md",
    "docs/about.md",
    "docs/privacy.md",  # the footer's pages, which check names when they are missing
    "docs/safety.md",
    "docs/news/numo-sestry-anniversary-forum.md",
    "docs/news/numo-sestry-anniversary-forum.uk.md",
    "docs/events/occupied-screening-kyiv.md",
    "docs/campaigns/release-hostages.md",
    "docs/interviews/oksana-life-after-captivity.md",
    "docs/organizations/numo-sestry.md",
    "docs/organizations/mihr.md",
    "docs/organizations/iphr.md",
    "docs/organizations/najoti-kudakon.md",
    "stories/sisters-voices/index.md",
    "stories/sisters-voices/index.uk.md",  # the Ukrainian part's series page
    "stories/sisters-voices/01-halyna-first-day-at-work.md",
    "stories/sisters-voices/01-halyna-first-day-at-work.uk.md",
    "stories/self-help-leaders/index.md",
    "stories/self-help-leaders/03-shahnoza-bakery.md",
)
SEED_IMAGES = (
    "docs/news/img/forum-hall.jpg",
    "docs/events/img/screening.jpg",
    "docs/campaigns/img/letters.jpg",
    "stories/self-help-leaders/img/bakery.jpg",
)
#: Valid pages of the tests' kind, written for the fuzz project.
TEST_PAGES = {
    "docs/news/good.md": "---\ntitle: Good news\ndate: 2025-05-16\nsummary: A fine item.\npeople: none\n---\nBody.\n",
    "docs/events/online.md": (
        "---\ntitle: Webinar\ndate: 2025-05-16\nsummary: Online.\npeople: [P-0102]\n"
        "start: 2026-12-10T18:00:00+02:00\nend: 2026-12-10T19:00:00+02:00\n"
        "location: {online: 'https://example.org/w'}\nregistration: https://example.org/r\n---\nJoin us.\n"),
    "docs/events/later.md": (  # the original of the translation below (a lone translation is an error)
        "---\ntitle: Event\ndate: 2026-01-05T09:30:00+02:00\nsummary: A meeting.\npeople: none\n"
        "start: 2027-03-01T10:00:00Z\ntimezone: Asia/Dushanbe\nlocation: {name: Hall, city: Dushanbe, country: Tajikistan}\n"
        "---\nText.\n"),
    "docs/events/later.uk.md": (
        "---\ntitle: Подія\ndate: 2026-01-05T09:30:00+02:00\nupdated: 2026-02-01\nsummary: Зустріч.\npeople: none\n"
        "start: 2027-03-01T10:00:00Z\ntimezone: Asia/Dushanbe\nlocation: {name: Hall, city: Dushanbe, country: Tajikistan}\n"
        "translation_of: 2026-01-05\n---\nТекст.\n"),
}
REGISTER = tuple(sorted(p.relative_to(REPO).as_posix() for p in (REPO / "consent/people").glob("*.yml")))
CONFIG = "mkdocs.yml"


def make_base(root: Path) -> Project:
    project = Project(root)
    for rel in (*SEED_PAGES, *SEED_IMAGES, *REGISTER):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO / rel, root / rel)
    for rel, text in TEST_PAGES.items():
        (root / rel).write_text(text, encoding="utf-8")
    return project


# --- mutations ----------------------------------------------------------------
@dataclass
class Case:
    """One mutated input: files to (over)write, and odd things to put in the tree."""

    op: str  # the mutation, e.g. "control:title"; groups similar inputs
    target: str  # the file it lies in: a refusal must name it
    files: dict[str, bytes] = field(default_factory=dict)
    dirs: tuple[str, ...] = ()  # folders to create
    links: tuple[tuple[str, str], ...] = ()  # (path, where it points)

    @property
    def touched(self) -> set[str]:
        return {*self.files, *self.dirs, *(p for p, _ in self.links)}

    def __str__(self) -> str:
        return f"[{self.op}] {self.target}"


class Tree:
    """The base project, with one or more cases applied and then taken back."""

    def __init__(self, root: Path):
        self.root = root

    def apply(self, *cases: Case) -> None:
        for case in cases:
            for rel in case.dirs:
                path = self.root / rel
                if path.is_file():
                    path.unlink()
                path.mkdir(parents=True, exist_ok=True)
            for rel, data in case.files.items():
                path = self.root / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                if path.is_symlink() or path.is_file():
                    path.unlink()
                elif path.is_dir():
                    shutil.rmtree(path)
                path.write_bytes(data)
            for rel, target in case.links:
                path = self.root / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                if path.is_symlink() or path.is_file():
                    path.unlink()
                path.symlink_to(target)

    def revert(self, base: dict[str, bytes], *cases: Case) -> None:
        for case in cases:
            for rel in sorted(case.touched, key=len, reverse=True):
                path = self.root / rel
                if path.is_symlink() or path.is_file():
                    path.unlink()
                elif path.is_dir():
                    shutil.rmtree(path)
                if rel in base:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(base[rel])
                else:  # remove folders the case created
                    parent = path.parent
                    while parent != self.root and parent.is_dir() and not any(parent.iterdir()):
                        parent.rmdir()
                        parent = parent.parent


def read_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and not p.is_symlink() and "site" not in p.relative_to(root).parts[:1]}


_FENCE = re.compile(r"\A---\n(.*?\n)---\n", re.S)


def split_text(text: str) -> tuple[str, str]:
    m = _FENCE.match(text)
    assert m, "seed files have front matter"
    return m.group(1), text[m.end():]


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=10_000)


CONTROL = [chr(c) for c in range(0x20)] + ["\x7f", "\ufffe", "\uffff", "\x85", "\u2028", "\ud800", "\udfff"]
EDGE_DATES = [
    "0001-01-01", "0001-01-02", "9999-12-31", "9999-12-30", "0002-01-01", "9998-12-31",
    "0001-01-01T00:00:00+14:00", "0001-01-01T00:30:00+01:00", "0001-01-01T00:00:00Z", "0001-01-01T23:59:59-12:00",
    "9999-12-31T23:59:59-12:00", "9999-12-31T23:00:00-01:00", "9999-12-31T23:59:59+00:00", "9999-12-31T00:00:00+14:00",
    "9999-12-31T23:59:59.999999-00:01", "0001-01-01T00:00:00.000001+00:01", "0002-01-01T00:00:00+14:00",
    "9998-12-31T23:59:59-12:00", "0002-01-01T00:00:00-12:00", "9998-12-31T23:59:59+14:00", date(2, 1, 1), date(9998, 12, 31),
    date(1, 1, 1), date(9999, 12, 31), date(1, 1, 2), date(9999, 12, 30),
    datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5))), datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5))),
    datetime(1, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=-3))), datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=3))),
    "2025-05-16T10:00:00+24:00", "2025-05-16T10:00:00+23:59", "2025-05-16T10:00:00-23:59", "2025-02-29", "2024-02-29",
    "2025-05-16T24:00:00+00:00", "+2025-05-16", "20250516", "2025-W20-5", "2025-136", "1970-01-01T00:00:00+00:00",
    "1969-12-31T23:59:59-00:01", "2038-01-19T03:14:08+00:00", "2025-05-16T10:00:00.1234567+02:00", "2025-05-16 10:00+02",
]
HUGE = [10**20, -10**20, 2**63, 2**64 + 1, 10**400, -1, 0, 1e308, float("inf"), float("-inf"), float("nan"), 2**31, 99999999999999]
VALUES: list[Any] = [
    None, "", "   ", "\t", 0, 1, -1, 3.5, True, False, [], {}, [[]], [{}], {"a": 1}, {"a": [1, {"b": None}]}, ["x", 1, None],
    "none", "None", "null", "~", "yes", "no", "on", "0x1F", "1e5", "x" * 5000, "ü" * 300, "<script>alert(1)</script>",
    "{{ config }}", "{% raw %}", "%s%n", "../../etc/passwd", "C:\\Windows", "https://example.org/", "mailto:x@example.org",
    "P-0101", ["P-0101"], ["P-0101", "P-0101"], ["P-9999"], ["../P-0101"], [""], ["P 0101"], "numo-sestry", ["crsv", "nope"],
    *HUGE, *EDGE_DATES[:6], date(2025, 5, 16), datetime(2025, 5, 16, 10, tzinfo=timezone.utc), datetime(2025, 5, 16, 10),
    b"\x00\xff", {"online": "https://example.org"}, {"label": "x", "url": "https://example.org"},
]
TEXT_KEYS_PERSON = ("display_name", "display_name.en", "display_name.uk", "consent.verified_by", "ref",
                    "consent.status", "scope.identity", "scope.languages")
SYNTAX_SNIPPETS = [":", ": ", "-", "- ", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", '"', "%", "@", "`", "#", ",",
                   "?", "\t", "\\", "<<: ", "&a ", "*a", "!!binary ", "!!set ", "!!omap ", "!!python/object:object ",
                   "!!python/object/apply:builtins.len ['x'] ", "!custom ", "!!timestamp ", "!!float ", "!!int ",
                   "!!str ", "!!null ", "!!bool ", "--- ", "... ", "%YAML 1.1\n", "? ", "\n  ", "\r", "\x85", "\ufeff"]
ALIAS_BOMB = "\n".join(["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
                       + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]) + "\n"


def deep(n: int, open_: str, close: str, inner: str = "x") -> str:
    return open_ * n + inner + close * n


def _set_path(data: dict, path: str, value: Any) -> None:
    """Set a dotted key; a list on the way gets the value in its first mapping (or is replaced)."""
    head, _, rest = path.partition(".")
    if not rest:
        data[head] = value
        return
    inner = data.get(head)
    if isinstance(inner, list):
        inner = next((x for x in inner if isinstance(x, dict)), None)
    if not isinstance(inner, dict):
        inner = {}
        data[head] = inner
    _set_path(inner, rest, value)


def _get_path(data: dict, path: str) -> Any:
    for part in path.split("."):
        if isinstance(data, list):
            data = next((x for x in data if isinstance(x, dict)), {})
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


class Mutator:
    """Makes cases from the base project's files, deterministically from one seed."""

    def __init__(self, base: dict[str, bytes], rng: random.Random):
        self.base, self.rng = base, rng
        self.pages = sorted(p for p in base if p.endswith(".md") and p.startswith(("docs/", "stories/")))
        self.people = sorted(p for p in base if p.startswith("consent/people/"))
        self.images = list(SEED_IMAGES)

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    # a mutated text value: control characters, lines, brackets, huge, edge dates
    def nasty_text(self) -> tuple[str, Any]:
        r = self.rng.random()
        if r < 0.35:
            c = self.pick(CONTROL)
            where = self.pick(("start", "middle", "end", "only", "many"))
            value = {"start": c + "Title", "middle": "Ti" + c + "tle", "end": "Title" + c, "only": c,
                     "many": c.join("Title words")}[where]
            return f"control-{ord(c):04x}", value
        if r < 0.5:
            return "multiline", self.pick(["Line one\nline two", "Line one\n\nline two\n", "\nLeading", "A\r\nB",
                                           "A\rB", "Tab\tinside", "One\u2028two", "x\n" * 50])
        if r < 0.6:
            n = self.pick((5, 50, 500, 5000))
            return "brackets-text", self.pick((deep(n, "[", "]"), deep(n, "{", "}"), "[" * n, "}" * n, deep(n, "<b>", "</b>")))
        if r < 0.7:
            return "huge", self.pick(HUGE)
        if r < 0.8:
            return "edge-date", self.pick(EDGE_DATES)
        return "value", self.pick(VALUES)

    def page_case(self) -> Case:
        path = self.pick(self.pages)
        text = self.base[path].decode("utf-8")
        front, body = split_text(text)
        meta = yaml.safe_load(front)
        r = self.rng.random()
        if r < 0.42:  # structure: keys and values
            op, new_meta, new_body = self.mutate_meta(path, dict(meta), body)
            return Case(op, path, {path: self.encode(f"---\n{dump(new_meta)}---\n{new_body}")})
        if r < 0.62:  # YAML syntax
            op, new_front = self.mutate_syntax(front)
            return Case(op, path, {path: self.encode(f"---\n{new_front}---\n{body}")})
        if r < 0.80:  # body
            op, new_body = self.mutate_body(path, body)
            return Case(op, path, {path: self.encode(f"---\n{front}---\n{new_body}")})
        if r < 0.85:  # fences
            op, new_text = self.mutate_fence(front, body)
            return Case(op, path, {path: self.encode(new_text)})
        if r < 0.90:  # bytes
            op, data = self.mutate_bytes(text)
            return Case(op, path, {path: data})
        if r < 0.95:  # event fields, on an event
            path = self.pick([p for p in self.pages if p.startswith("docs/events/")])
            front, body = split_text(self.base[path].decode("utf-8"))
            op, new_meta = self.mutate_event(yaml.safe_load(front))
            return Case(op, path, {path: self.encode(f"---\n{dump(new_meta)}---\n{body}")})
        op, new_meta = self.mutate_media(dict(meta))
        return Case(op, path, {path: self.encode(f"---\n{dump(new_meta)}---\n{body}")})

    @staticmethod
    def encode(text: str) -> bytes:
        return text.encode("utf-8", "backslashreplace")

    def mutate_meta(self, path: str, meta: dict, body: str) -> tuple[str, dict, str]:
        r = self.rng.random()
        keys = list(meta)
        if r < 0.1 and keys:
            key = self.pick(keys)
            del meta[key]
            return f"drop:{key}", meta, body
        if r < 0.18:
            key = self.pick(["colour", "Title", "title ", "ünï", "start", "part", "cadence", "call_to_action", "timezone",
                             "location", "", "x" * 300, "media_", "summary\x01", "tags\n"])
            meta[key] = self.pick(VALUES)
            return "unknown-key", meta, body
        if r < 0.3:
            key = self.pick(keys + ["date", "updated", "part", "start", "end"])
            meta[key] = self.pick(VALUES)
            return f"retype:{key}", meta, body
        if r < 0.45:
            key = self.pick(["date", "updated", "date", "start", "end", "translation_of"])
            meta[key] = self.pick(EDGE_DATES)
            return f"edge-date:{key}", meta, body
        if r < 0.55:
            key = self.pick(["part", "date", "title", "tags", "people"])
            meta[key] = self.pick(HUGE)
            return f"huge:{key}", meta, body
        key = self.pick(("title", "title", "summary", "summary", "tags", "cadence", "organization", "categories",
                         "people", "translation_of", "location.name", "call_to_action.label"))
        kind, value = self.nasty_text()
        if key in ("tags", "categories", "organization", "people") and self.rng.random() < 0.5:
            value = [value]
        _set_path(meta, key, value)
        return f"{kind}:{key}", meta, body

    def mutate_syntax(self, front: str) -> tuple[str, str]:
        lines = front.splitlines(keepends=True)
        r = self.rng.random()
        i = self.rng.randrange(len(lines))
        if r < 0.25:
            pos = self.rng.randrange(len(front) + 1)
            return "syntax:insert", front[:pos] + self.pick(SYNTAX_SNIPPETS) + front[pos:]
        if r < 0.35:
            pos = self.rng.randrange(len(front))
            return "syntax:delete", front[:pos] + front[pos + 1:]
        if r < 0.45:
            j = self.rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            return "syntax:swap-lines", "".join(lines)
        if r < 0.55:
            lines.insert(i, lines[i])
            return "syntax:duplicate-line", "".join(lines)
        if r < 0.6:
            del lines[i]
            return "syntax:drop-line", "".join(lines) or "\n"
        if r < 0.68:
            lines[i] = self.pick(("  ", "    ", "\t", "- ", "? ")) + lines[i]
            return "syntax:indent", "".join(lines)
        if r < 0.76:
            n = self.pick((3, 30, 300, 3000, 30000))
            return "nested-brackets", front + self.pick((
                f"tags: {deep(n, '[', ']')}\n", f"tags: {deep(n, '{a: ', '}')}\n", f"tags: {'[' * n}\n",
                f"title: {deep(n, '[', ']')}\n", f"tags: {deep(n, '- ', '', 'x')}\n", f"summary: {']' * n}\n"))
        if r < 0.82:
            return "aliases", front + self.pick(("x: &a 1\ny: *a\n", "tags: &t [a]\ncategories: *t\n", "<<: {tags: [a]}\n",
                                                  ALIAS_BOMB, "tags: *nothing\n", "title: &x\n"))
        if r < 0.88:
            return "tags", front + self.pick(("tags: !!set {a, b}\n", "draft: !!bool yes\n", "part: !!int '3'\n",
                                              "title: !!binary aGVsbG8=\n", "tags: !!omap [a: 1]\n",
                                              "title: !!python/name:os.system\n", "draft: !custom x\n",
                                              "title: !!float 1e400\n", "date: !!timestamp 2025-05-16\n"))
        if r < 0.94:
            return "syntax:crlf", front.replace("\n", self.pick(("\r\n", "\r", "\n\r", "\x85")))
        return "syntax:truncate", front[: self.rng.randrange(len(front))]

    def mutate_body(self, path: str, body: str) -> tuple[str, str]:
        r = self.rng.random()
        if r < 0.4:
            c = self.pick([ch for ch in CONTROL if not "\ud800" <= ch <= "\udfff"])
            pos = self.rng.randrange(len(body) + 1)
            return f"body-control-{ord(c):04x}", body[:pos] + c * self.rng.randint(1, 3) + body[pos:]
        snippets = [
            "<!-- unclosed", "<!-- a --> <!-- b", "-->", "<!---->", "![x](img/forum-hall.jpg)", "![x](img/nothing.jpg)",
            '<img src="img/screening.jpg">', "![x](../../etc/passwd)", "![x](//evil.example/x.jpg)", "[x](news/missing.md)",
            "[x](../about.md)", "> " * 300 + "deep", "- " * 300 + "deep", "    " * 200 + "code", "#" * 300,
            "{{ config.site_url }}", "{% include 'x' %}", "\u202e\u2066", "x" * 100_000, "&#0; &#x1; &#xD800; &#1114112;",
            "<script>alert(1)</script>", "[[[[[" * 1000, "*" * 5000, "`" * 5000, "| a |\n|---|\n" * 200,
            "<div markdown>\n" * 200, "!!! note\n" * 50, "[^1]\n\n[^1]: x", "---\ntitle: second\n---\n",
        ]
        pos = self.rng.randrange(len(body) + 1)
        return "body-markup", body[:pos] + "\n" + self.pick(snippets) + "\n" + body[pos:]

    def mutate_fence(self, front: str, body: str) -> tuple[str, str]:
        return "fence", self.pick((
            f"{front}---\n{body}", f"---\n{front}{body}", f"---\n{front}...\n{body}", f"--- \n{front}---  \n{body}",
            f"\ufeff---\n{front}---\n{body}", f"\n---\n{front}---\n{body}", f"---\n{front}---", f"---\n---\n{body}",
            f"---\n{front}---\n---\n{front}---\n{body}", f"----\n{front}----\n{body}", "", "---\n", "---\n---\n",
            f"---\r\n{front}---\r\n{body}", f"---\n{front}", f"---\n{front}--- x\n{body}",
        ))

    def mutate_bytes(self, text: str) -> tuple[str, bytes]:
        data = text.encode("utf-8")
        r = self.rng.random()
        if r < 0.3:
            pos = self.rng.randrange(len(data))
            return "bytes:invalid-utf8", data[:pos] + self.pick((b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80")) + data[pos:]
        if r < 0.5:
            return "bytes:utf16", text.encode("utf-16")
        if r < 0.7:
            pos = self.rng.randrange(len(data))
            return "bytes:nul", data[:pos] + b"\x00" + data[pos:]
        if r < 0.85:
            return "bytes:truncate", data[: self.rng.randrange(len(data))]
        return "bytes:empty", b""

    def mutate_event(self, meta: dict) -> tuple[str, dict]:
        key = self.pick(("start", "end", "timezone", "location", "registration", "title", "summary", "start", "end"))
        if key in ("start", "end"):
            value = self.pick(EDGE_DATES + ["2026-12-10T18:00:00", "2026-12-10", "2026-12-10T18:00:00+02:00", None])
        elif key == "timezone":
            value = self.pick(("UTC", "Etc/GMT+14", "Etc/GMT-14", "Pacific/Kiritimati", "EST5EDT", "localtime", "/etc/localtime",
                               "../../../etc/passwd", "", "Europe/Kyiv\x00", "Europe/Kyiv\n", "UTC+02:00", "Factory",
                               "posixrules", "Europe", "right/UTC", 5, ["Europe/Kyiv"], "\ud800"))
        elif key == "location":
            _, text = self.nasty_text()
            value = self.pick(({"name": text}, {"city": text, "country": text}, {"online": text}, {"online": "javascript:alert(1)"},
                               {"online": "http://"}, {"online": "https://example.org", "city": "x"}, {"name": None}, {}, [],
                               {"name": "Hall\nRoom 2", "city": "Kyiv"}, {"online": "https://example.org/\r\nX: y"}))
        elif key == "registration":
            value = self.pick(("ftp://x", "https://", "https://example.org/\x00", "https://exa mple.org", "//x", "https://example.org/" + "a" * 5000, 5))
        else:
            _, value = self.nasty_text()
        meta[key] = value
        return f"event:{key}", meta

    def mutate_media(self, meta: dict) -> tuple[str, dict]:
        entry = {"file": "img/forum-hall.jpg", "depicts": [], "faces": "none", "location_visible": False}
        media = meta.get("media") if isinstance(meta.get("media"), list) else [entry]
        media = [dict(m) for m in media]
        key = self.pick(("file", "depicts", "faces", "location_visible", "extra", "entry"))
        if key == "file":
            media[0]["file"] = self.pick(("img/../../../etc/passwd", "../img/x.jpg", "img/", ".", "", "img/forum-hall.JPG",
                                          "img/forum-hall.jpg#x", "img/forum-hall.jpg?x=1", "img\\forum-hall.jpg", "/img/x.jpg",
                                          "data:image/png;base64,AA==", "img/forum-hall.jpg\x00", "img/x\ny.jpg", 5, None,
                                          "img/" + "a" * 300 + ".jpg", "img/%2e%2e/x.jpg", "https://example.org/x.jpg"))
        elif key == "depicts":
            media[0]["depicts"] = self.pick((["P-0101"], "P-0101", None, [None], [["x"]], ["P-9999"], "none"))
        elif key == "faces":
            media[0]["faces"] = self.pick(("visible", "blurred", "VISIBLE", None, 1, ["none"]))
        elif key == "location_visible":
            media[0]["location_visible"] = self.pick((True, "false", None, 0, 1))
        elif key == "extra":
            media[0]["caption"] = "x"
        else:
            media = self.pick(([None], ["img/x.jpg"], [[]], [{}], "img/x.jpg", [entry, entry], [entry] * 50))
        meta["media"] = media
        return f"media:{key}", meta

    # consent register ------------------------------------------------------
    def person_case(self) -> Case:
        path = self.pick(self.people)
        text = self.base[path].decode("utf-8")
        r = self.rng.random()
        if r < 0.55:
            data = yaml.safe_load(text)
            op = self.mutate_person(data)
            return Case(op, path, {path: self.encode(dump(data))})
        if r < 0.8:
            op, new = self.mutate_syntax(text)
            return Case(f"register-{op}", path, {path: self.encode(new)})
        op, data = self.mutate_bytes(text)
        return Case(f"register-{op}", path, {path: data})

    def mutate_person(self, data: dict) -> str:
        r = self.rng.random()
        if r < 0.15:
            key = self.pick(["ref", "display_name", "minor", "consent", "scope", "consent.status", "consent.date",
                             "consent.verified_by", "scope.languages", "scope.channels", "scope.face", "scope.location"])
            parent, _, last = key.rpartition(".")
            holder = _get_path(data, parent) if parent else data
            if isinstance(holder, dict):
                holder.pop(last, None)
            return f"register-drop:{key}"
        if r < 0.45:
            key = self.pick(["consent.date", "consent.review_by", "consent.expires", "consent.withdrawn", "consent.review_by",
                             "consent.expires"])
            _set_path(data, key, self.pick(EDGE_DATES))
            return f"register-edge-date:{key}"
        if r < 0.6:
            key = self.pick(["ref", "minor", "consent", "scope", "consent.status", "consent.given_by", "consent.method",
                             "scope.languages", "scope.channels", "scope.identity", "scope.face", "scope.voice",
                             "scope.location", "display_name", "nickname", "consent.note", "scope.x"])
            _set_path(data, key, self.pick(VALUES))
            return f"register-retype:{key}"
        key = self.pick(TEXT_KEYS_PERSON)
        kind, value = self.nasty_text()
        _set_path(data, key, value)
        return f"register-{kind}:{key}"

    # files and folders -----------------------------------------------------
    def tree_case(self) -> Case:
        r = self.rng.random()
        if r < 0.5:
            path = self.pick(self.images)
            jpeg = self.base[path]
            op, data = self.pick((
                ("image:empty", b""), ("image:garbage", bytes(self.rng.randrange(256) for _ in range(300))),
                ("image:text", b"not an image\n"), ("image:truncated", jpeg[: len(jpeg) // 3]),
                ("image:header-only", jpeg[:20]), ("image:png-named-jpg", png_bytes()), ("image:gif-named-jpg", gif_bytes()),
                ("image:bomb", png_header(100_000, 100_000)), ("image:huge", png_header(12_000, 12_000)),
                ("image:zero-size", png_header(0, 0)), ("image:html", b"<html><script>alert(1)</script></html>"),
                ("image:svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>'), ("image:cmyk", cmyk_jpeg()),
                ("image:exif-bomb", jpeg_app1(b"Exif\x00\x00" + b"\xff" * 60000)),
            ))
            return Case(op, path, {path: data})
        if r < 0.58:
            path = self.pick(self.images)
            return Case("image:folder", path, dirs=(path,))
        if r < 0.66:
            path = self.pick(self.images)
            return Case("image:dangling-link", path, links=((path, "nowhere/missing.jpg"),))
        if r < 0.76:
            rel = self.pick(("docs/news/x.md", "docs/x.md", "stories/sisters-voices/02-x.md", "docs/news/img/x.md",
                             "docs/events/y.uk.md", "stories/x.md", "docs/organizations/z.md"))
            inner = self.pick(((), ("index.md",), ("img",)))
            dirs = (rel, *(f"{rel}/{i}" for i in inner if i == "img"))
            files = {f"{rel}/{i}": TEST_PAGES["docs/news/good.md"].encode() for i in inner if i.endswith(".md")}
            return Case("folder-named-md", rel, files=files, dirs=dirs)
        if r < 0.84:
            rel = self.pick(("docs/news/y.md", "docs/y.md", "stories/sisters-voices/02-y.md", "consent/people/P-0999.yml",
                             "docs/news/img/y.jpg", "docs/y.uk.md", "docs/loop.md"))
            target = self.pick(("nowhere.md", "../../missing/file", "/nonexistent/x")) if rel != "docs/loop.md" else "loop.md"
            return Case("dangling-symlink", rel, links=((rel, target),))
        if r < 0.92:
            rel = self.pick(("consent/people/P-0500.yml", "consent/people/sub", "consent/people/P-0101.yml",
                             "consent/people/.hidden", "consent/people/sub.yml/inner.yml"))
            files = {f"{rel}/P-0101.yml": self.base[self.people[0]]} if self.rng.random() < 0.5 else {}
            return Case("register-folder", rel.split("/inner.yml")[0], files=files, dirs=(rel,))
        return self.config_case()

    def config_case(self) -> Case:
        text = self.base[CONFIG].decode("utf-8")
        r = self.rng.random()
        if r < 0.35:
            op, new = self.mutate_syntax(text)
            return Case(f"config-{op}", CONFIG, {CONFIG: self.encode(new)})
        if r < 0.45:
            op, data = self.mutate_bytes(text)
            return Case(f"config-{op}", CONFIG, {CONFIG: data})
        edits = [
            ("extra:", "extra: []\nunused:"), ("  hromada:\n", "  hromada: [1]\n  unused:\n"),
            ("    page_size: 10", "    page_size: 100000000000000000000000"), ("    page_size: 10", "    page_size: 0"),
            ("    page_size: 10", "    page_size: 10\n    timezone: Mars/Base"), ("    page_size: 10", "    page_size: 10\n    timezone: 5"),
            ("    page_size: 10", "    page_size: 10\n    timezone: \"Europe/Kyiv\\0\""),
            ("    page_size: 10", "    page_size: 10\n    timezone: Pacific/Kiritimati"),
            ("    page_size: 10", "    page_size: 10\n    timezone: Etc/GMT+12"),
            ("    page_size: 10", "    page_size: 10\n    feed_size: 100000000000000000000"),
            ("    page_size: 10", "    page_size: 10\n    related: 1"),
            ("quick_exit_url: https://www.google.com/search?q=weather+today", "quick_exit_url: \"https://example.org/\\x01\""),
            ("quick_exit_url: https://www.google.com/search?q=weather+today", "quick_exit_url: [1]"),
            ("quick_exit_url: https://www.google.com/search?q=weather+today", "quick_exit_url: 'javascript:alert(1)'"),
            ("  categories:\n", "  categories: 5\n  unused:\n"), ("advocacy: {en: Advocacy,", "Advocacy: {en: Advocacy,"),
            ("advocacy: {en: Advocacy,", "advocacy: {en: \"Advo\\x01cacy\","), ("advocacy: {en: Advocacy,", "advocacy: {en: \"Advo\\ncacy\","),
            ("advocacy: {en: Advocacy,", "advocacy: {en: \"Advo\\ud800cacy\","), ("advocacy: {en: Advocacy,", "advocacy: {fr: x, en: Advocacy,"),
            ("advocacy: {en: Advocacy,", "5: {en: Advocacy,"), ("advocacy: {en: Advocacy,", "advocacy: {en: [Advocacy],"),
            ("docs_dir: docs", "docs_dir: missing"), ("docs_dir: docs", "docs_dir: 5"), ("docs_dir: docs", "docs_dir: [docs]"),
            ("docs_dir: docs", "docs_dir: ''"), ("docs_dir: docs", "docs_dir: ."), ("docs_dir: docs", "docs_dir: mkdocs.yml"),
            ("docs_dir: docs", "docs_dir: \"do\\0cs\""), ("site_url: https://hromada.example.org/", "site_url: 5"),
            ("site_url: https://hromada.example.org/", "site_url: [x]"), ("site_url: https://hromada.example.org/", "site_url: not a url"),
            ("site_url: https://hromada.example.org/", "site_url: \"https://hromada.example.org/\\x01\""),
            ("site_url: https://hromada.example.org/", "site_url: ''"), ("site_url: https://hromada.example.org/", "site_url:"),
            ("extra:", "extra: !!python/name:os.getcwd\nunused:"), ("extra:", f"bomb:\n  {ALIAS_BOMB.replace(chr(10), chr(10) + '  ')}\nextra:"),
            ("  hromada:\n", "  hromada: &h\n"), ("  generator: false", "  generator: false\n  copy: *nothing"),
            ("extra:", "extra: ~\nunused:"), ("  - i18n:", "  - i18n_off:"), ("hooks:\n  - hooks/hromada_hooks.py", "hooks: []"),
        ]
        old, new = self.pick(edits)
        if old not in text:
            return Case("config:noop", CONFIG, {})
        text = text.replace(old, new, 1)
        if "timezone:" in new:  # the setting replaces the one the site has
            lines = [i for i, line in enumerate(text.splitlines()) if line.startswith("    timezone: ")]
            if len(lines) > 1:
                text = "\n".join(line for i, line in enumerate(text.splitlines()) if i != lines[-1]) + "\n"
        return Case("config:edit", CONFIG, {CONFIG: text.encode("utf-8")})


def png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("P", (8, 8), 3).save(buf, "PNG")
    return buf.getvalue()


def gif_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (8, 8), 100).save(buf, "GIF")
    return buf.getvalue()


def cmyk_jpeg() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("CMYK", (8, 8), (0, 50, 100, 0)).save(buf, "JPEG")
    return buf.getvalue()


def jpeg_app1(payload: bytes) -> bytes:
    """A small JPEG with a large APP1 segment."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "JPEG")
    data = buf.getvalue()
    segment = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    return data[:2] + segment + data[2:]


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims a size and carries (almost) no pixels: tiny file, huge image."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


def make_cases(base: dict[str, bytes], n: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    m = Mutator(base, rng)
    cases = []
    while len(cases) < n:
        r = rng.random()
        case = m.page_case() if r < 0.62 else m.person_case() if r < 0.84 else m.tree_case()
        if case.touched:
            cases.append(case)
    return cases


# --- running check -----------------------------------------------------------
#: A problem line as `hromada check` and the build print it: file, key, expectation.
PROBLEM = re.compile(r"^  (?P<file>[^:\s][^:]*): (?P<key>[^:]+?|[^ ]+?): (?P<expected>\S.*)$")
HEADER = re.compile(r"^Hromada found \d+ problems? in the content(?:; nothing was published)?:$")
WARNING = re.compile(r"^warning: [^:]+: .+$")
#: Characters a terminal or log viewer acts on (escape sequences, carriage returns, bidi overrides).
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


@dataclass
class Outcome:
    code: int | None
    out: str
    err: str
    crash: str = ""  # a traceback, when check raised
    seconds: float = 0.0

    @property
    def problems(self) -> list[str]:
        return [line for line in self.err.splitlines() if PROBLEM.match(line)]


def run_check(root: Path) -> Outcome:
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(["check", "-f", str(root / CONFIG)])
    except BaseException:  # noqa: BLE001 - anything escaping is the crash we look for
        return Outcome(None, out.getvalue(), err.getvalue(), traceback.format_exc(limit=-6), time.perf_counter() - started)
    return Outcome(code, out.getvalue(), err.getvalue(), seconds=time.perf_counter() - started)


def judge(case: Case, result: Outcome) -> str | None:
    """Why this outcome breaks the contract, or None."""
    if result.crash:
        return "check raised:\n" + result.crash
    if result.code not in (0, 1):
        return f"exit code {result.code}"
    if "Traceback" in result.err + result.out:
        return "a traceback in the output"
    if UNSAFE.search(result.err + result.out):
        return f"control characters in the output: {(result.err + result.out)[:300]!r}"
    lines = [line for line in result.err.splitlines() if not WARNING.match(line)]
    if result.code == 0:
        return f"check passed but printed {lines[:3]}" if lines else None
    if not lines or not HEADER.match(lines[0]):
        return f"refused without the header line: {lines[:3]}"
    stray = [line for line in lines[1:] if not PROBLEM.match(line)]
    if stray:
        return f"lines that are not `file: key: expected`: {stray[:3]}"
    named = {PROBLEM.match(line)["file"] for line in lines[1:] if PROBLEM.match(line)}
    if not named:
        return "refused without naming any file"
    if case.target == CONFIG:  # a truncated mkdocs.yml without categories, say: the pages using them are named
        return None
    # a media file is named by the page declaring it, in the line about its declaration
    short = "/".join(case.target.split("/")[-2:])
    if not any(file == case.target or file.startswith(case.target + "/") for file in named) and not any(
            short in line for line in lines[1:]):
        return f"refused, but named {sorted(named)[:4]}, not {case.target}"
    return None


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz") / "project"
    make_base(root)
    return root


def _check_chunk(job: tuple[Path, list[Case]]) -> list[Outcome]:
    """Run cases on a private copy of the base project (one worker process)."""
    root, cases = job
    files = read_files(root)
    tree, outcomes = Tree(root), []
    for case in cases:
        tree.apply(case)
        try:
            outcomes.append(run_check(root))
        finally:
            tree.revert(files, case)
    assert read_files(root) == files, "reverting the cases restored the project"
    return outcomes


@contextlib.contextmanager
def pinned_clock():
    before = os.environ.get("HROMADA_NOW")
    os.environ["HROMADA_NOW"] = NOW
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("HROMADA_NOW", None)
        else:
            os.environ["HROMADA_NOW"] = before


@pytest.fixture(scope="module")
def campaign(base):
    """Every case through `hromada check`, in-process, on two cores: (case, outcome) pairs."""
    with pinned_clock():
        files = read_files(base)
        clean = run_check(base)
        assert clean.code == 0 and not clean.err.strip(), f"the fuzz project must start valid:\n{clean.err}"
        cases = make_cases(files, CASES, SEED)
        workers = 2
        roots = []
        for i in range(workers):
            root = base.with_name(f"{base.name}-worker{i}")
            if not root.exists():
                shutil.copytree(base, root, symlinks=True)
            roots.append(root)
        started = time.perf_counter()
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            chunks = list(pool.map(_check_chunk, [(roots[i], cases[i::workers]) for i in range(workers)]))
        elapsed = time.perf_counter() - started
    outcomes: list[Outcome] = [None] * len(cases)  # type: ignore[list-item]
    for i, chunk in enumerate(chunks):
        outcomes[i::workers] = chunk
    results = list(zip(cases, outcomes))
    print(f"\nfuzz: {len(results)} cases through check in {elapsed:.1f}s; "
          f"{sum(r.code == 0 for _, r in results)} passed, {sum(r.code == 1 for _, r in results)} refused")
    return files, results


#: Declared images Pillow cannot read whole. The build refuses them in one line
#: (hromada/images.py); `check` finds them once media_rules calls images.problem.
UNREADABLE_IMAGE = frozenset({"image:empty", "image:garbage", "image:text", "image:truncated", "image:header-only",
                              "image:bomb", "image:huge", "image:zero-size", "image:html", "image:svg"})


def upstream(case: Case, result: Outcome) -> bool:
    """mkdocs.yml that MkDocs itself cannot survive, before any Hromada code runs: a
    "billion laughs" (MkDocs logs every value's repr, expanded) or nesting that exhausts
    its YAML parser (a RecursionError traceback). `check` refuses both in one line."""
    return case.target == CONFIG and any(
        "billion laughs" in line or "nested at most" in line for line in result.problems)


def test_check_never_crashes_and_names_the_file(campaign):
    _, results = campaign
    failures = defaultdict(list)
    for case, result in results:
        why = judge(case, result)
        if why:
            failures[case.op].append(f"{case}: {why}")
    report = "\n".join(f"{op} ({len(items)}x): {items[0][:2000]}" for op, items in sorted(failures.items()))
    assert not failures, f"{sum(map(len, failures.values()))} inputs broke the contract:\n{report}"


def test_campaign_covers_every_kind_of_mutation(campaign):
    _, results = campaign
    kinds = Counter(case.op.split(":")[0].split("-")[0] for case, _ in results)
    assert len(results) == CASES
    for needed in ("control", "multiline", "edge", "syntax", "nested", "aliases", "body", "fence", "bytes", "event",
                   "media", "register", "image", "folder", "dangling", "config", "huge", "retype", "drop", "unknown"):
        assert kinds[needed] or any(k.startswith(needed) for k in kinds), f"no {needed} mutations: {kinds}"
    outcomes = Counter(result.code for _, result in results)
    assert outcomes[0] >= len(results) // 10 and outcomes[1] >= len(results) // 3, outcomes  # both sides explored


# --- through a real build ------------------------------------------------------
def bundle_passing(base: Path, files: dict[str, bytes], passing: list[Case], budget: int) -> tuple[list[list[Case]], int]:
    """Passing cases packed into at most `budget` projects: cases on different files,
    each project re-checked in-process as it grows (two valid changes may clash).
    Cases are taken round-robin over mutation kinds, so every kind is built."""
    by_op: dict[str, list[Case]] = defaultdict(list)
    for case in passing:
        by_op[case.op].append(case)
    queue = []
    while any(by_op.values()):
        for op in sorted(by_op):
            if by_op[op]:
                queue.append(by_op[op].pop(0))
    tree, bundles = Tree(base), []
    while queue and len(bundles) < budget:
        bundle, later, used = [], [], set()
        for case in queue:
            if case.touched & used or any(t.startswith(u + "/") or u.startswith(t + "/") for t in case.touched for u in used):
                later.append(case)
                continue
            tree.apply(case)
            if run_check(base).code == 0:
                bundle.append(case)
                used |= case.touched
            else:
                later.append(case)
            tree.revert(files, case)
            tree.apply(*bundle)  # revert may have restored a file another bundled case changed
        tree.revert(files, *bundle)
        assert read_files(base) == files
        if not bundle:
            break
        bundles.append(bundle)
        queue = later
    return bundles, sum(map(len, bundles))


def pick_failing(results: list[tuple[Case, Outcome]], n: int) -> list[tuple[Case, Outcome]]:
    """One refused case per kind of mutation, kinds in turn, up to n."""
    by_op: dict[str, list] = defaultdict(list)
    for case, result in results:
        if result.code == 1:
            by_op[case.op.split(":")[0]].append((case, result))
    chosen = []
    rng = random.Random(SEED)
    for op in sorted(by_op, key=lambda o: (len(by_op[o]), o)):
        chosen.append(rng.choice(by_op[op]))
    return chosen[:n]


def build_with(base: Path, files: dict[str, bytes], cases: list[Case], where: Path):
    root = where / "project"
    shutil.copytree(base, root, symlinks=True)
    Tree(root).apply(*cases)
    result = run_build(root, root / "site")
    debris = sorted(p.name for p in root.iterdir() if p.name.startswith(".site"))
    return result, debris


@pytest.fixture(scope="module")
def builds(base, campaign, tmp_path_factory):
    files, results = campaign
    with pinned_clock():
        passing = [case for case, result in results if result.code == 0]
        failing = pick_failing([(c, r) for c, r in results if not upstream(c, r)],
                               max(4, BUILDS // 5))
        bundles, covered = bundle_passing(base, files, passing, BUILDS - len(failing) - 1)
    plans = [("base", [], None)] + [(f"passing #{i}", b, None) for i, b in enumerate(bundles)] + [
        (f"refused [{c.op}]", [c], r) for c, r in failing]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = list(pool.map(lambda i_plan: (i_plan[1], build_with(base, files, i_plan[1][1], tmp_path_factory.mktemp(f"build{i_plan[0]}"))),
                             enumerate(plans)))
    print(f"\nfuzz: {len(plans)} builds in {time.perf_counter() - started:.1f}s: {covered} of {len(passing)} passing "
          f"inputs ({len({c.op for b in bundles for c in b})} of {len({c.op for c in passing})} kinds) and "
          f"{len(failing)} refused ones")
    return done, passing, bundles


def test_what_passes_check_builds(builds):
    done, passing, bundles = builds
    broken = []
    for (name, cases, refused), (result, debris) in done:
        if refused is not None:
            continue
        if result.returncode != 0 or "Traceback" in result.output or debris:
            broken.append(f"{name}: {', '.join(map(str, cases))}\nexit {result.returncode}, debris {debris}\n{result.output[-3000:]}")
    assert not broken, f"{len(broken)} builds of inputs that pass check failed:\n" + "\n\n".join(broken[:5])
    if BUILDS >= 48:  # the default budget holds every kind (a smaller one, set for a quick local run, may not)
        assert {c.op for b in bundles for c in b} == {c.op for c in passing}, "every kind of passing input was built"


def test_what_check_refuses_the_build_refuses_the_same_way(builds):
    done, _, _ = builds
    broken = []
    for (name, cases, refused), (result, debris) in done:
        if refused is None:
            continue
        lines = {line.strip() for line in result.output.splitlines()}
        if cases[0].target == CONFIG:  # MkDocs words its own refusals: the same reason, in its words
            reasons = [PROBLEM.match(line)["expected"] for line in refused.problems
                       if PROBLEM.match(line)["key"] not in ("YAML", "encoding", "configuration")]
            missing = [reason for reason in reasons if reason not in result.output]
        else:  # a line about a page that may name a person, or quoting a consent record, is shortened in
            # the build's public log (log_privacy.py): its key is there, not the whole line
            hidden = {line.rpartition("): ")[2] for line in lines if line.startswith("a problem")}
            hidden |= {line.split(": ")[1] for line in lines if ": (what the record holds is kept out" in line}
            missing = [line.strip() for line in refused.problems
                       if line.strip() not in lines and ((m := PROBLEM.match(line)) is None or m["key"] not in hidden)]
        if result.returncode != 1 or "Traceback" in result.output or debris or result.site.exists() or missing:
            broken.append(f"{name}: {cases[0]}\nexit {result.returncode}, site written: {result.site.exists()}, "
                          f"debris {debris}, lines check gave but the build did not: {missing[:3]}\n{result.output[-2000:]}")
    assert not broken, f"{len(broken)} refused inputs were not refused the same way by the build:\n" + "\n\n".join(broken[:5])


# --- the inputs that must never be left to chance --------------------------------
def _checked(root: Path) -> Outcome:
    with pinned_clock():
        return run_check(root)


def _front(extra: str) -> str:
    return f"---\ntitle: Bomb\ndate: 2025-05-16\nsummary: s.\npeople: none\n{extra}---\nBody.\n"


BOMBS = {
    "front matter": ("docs/news/bomb.md", _front("tags: [x]\n" + ALIAS_BOMB)),
    "consent record": ("consent/people/P-0101.yml", None),  # the real record with a bomb appended
    "mkdocs.yml": (CONFIG, None),
}


@pytest.mark.parametrize("where", sorted(BOMBS))
def test_a_billion_laughs_is_refused_within_seconds(base, tmp_path, where):
    """Nine levels of nine aliases: 400 bytes that expand to 387 million values."""
    root = tmp_path / "project"
    shutil.copytree(base, root, symlinks=True)
    rel, text = BOMBS[where]
    if text is None:
        original = (root / rel).read_text(encoding="utf-8")
        text = original.replace("extra:", "bomb:\n  " + ALIAS_BOMB.replace("\n", "\n  ") + "\nextra:", 1) \
            if rel == CONFIG else original + ALIAS_BOMB
    (root / rel).write_text(text, encoding="utf-8")
    result = _checked(root)
    assert result.seconds < 2, f"check took {result.seconds:.1f}s"
    assert judge(Case("bomb", rel), result) is None and result.code == 1, result.err
    assert any(line.startswith(f"  {rel}: ") and ("aliases" in line) for line in result.problems), result.err


@pytest.mark.parametrize("where", ["docs/news/deep.md", "consent/people/P-0101.yml", CONFIG])
def test_nesting_that_would_crash_the_yaml_parser_is_one_line(base, tmp_path, where):
    """30,000 nested brackets crash libyaml's composer (a segmentation fault, not even a traceback)."""
    root = tmp_path / "project"
    shutil.copytree(base, root, symlinks=True)
    nested = deep(30_000, "[", "]")
    if where == CONFIG:
        text = (root / CONFIG).read_text(encoding="utf-8") + f"deep: {nested}\n"
    elif where.startswith("consent/"):
        text = (root / where).read_text(encoding="utf-8") + f"deep: {nested}\n"
    else:
        text = _front(f"tags: {nested}\n")
    (root / where).write_text(text, encoding="utf-8")
    result = _checked(root)
    assert judge(Case("deep", where), result) is None and result.code == 1, result.err
    assert any(line.startswith(f"  {where}: ") and "nested at most" in line for line in result.problems), result.err


@pytest.mark.parametrize("op,data", [("image:empty", b""), ("image:truncated", None), ("image:bomb", png_header(100_000, 100_000))],
                         ids=["empty", "truncated", "bomb"])
def test_an_unreadable_declared_image_stops_the_build_in_one_line(base, tmp_path, op, data):
    rel = "docs/news/img/forum-hall.jpg"
    if data is None:
        data = (base / rel).read_bytes()[:2000]
    case = Case(op, rel, {rel: data})
    with pinned_clock():
        result, debris = build_with(base, {}, [case], tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.output, result.output
    assert re.search(rf"^(ERROR +- +)?{re.escape(rel)}: file: an image", result.output, re.M) or re.search(
        rf"^ +docs/news/numo-sestry-anniversary-forum(\.uk)?\.md: media\[0\]\.file: .*an image", result.output, re.M), \
        result.output
    assert not result.site.exists() and not debris


@pytest.mark.parametrize("op", sorted(UNREADABLE_IMAGE))
def test_check_refuses_an_unreadable_declared_image(base, tmp_path, op):
    files = read_files(base)
    rng = random.Random(op)
    case = None
    while case is None or case.op != op:  # the mutator's own image cases
        case = Mutator(files, rng).tree_case()
    root = tmp_path / "project"
    shutil.copytree(base, root, symlinks=True)
    Tree(root).apply(case)
    result = _checked(root)
    assert result.code == 1 and judge(case, result) is None, result.err


def test_a_symbolic_link_loop_is_one_line(base, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(base, root, symlinks=True)
    case = Case("dangling-symlink", "docs/loop.md", links=(("docs/loop.md", "loop.md"),))
    Tree(root).apply(case)
    result = _checked(root)
    assert result.code == 1 and judge(case, result) is None, result.crash or result.err


def test_a_theme_without_hromadas_templates_is_one_line_in_check_and_build(base, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(base, root, symlinks=True)
    config = root / CONFIG
    config.write_text(config.read_text(encoding="utf-8").replace("theme:", "theme_off:", 1), encoding="utf-8")
    checked = _checked(root)
    assert checked.code == 1 and f"  {CONFIG}: theme: material" in checked.err, checked.err
    with pinned_clock():
        result = run_build(root, root / "site")
    assert result.returncode == 1 and "Traceback" not in result.output, result.output[-2000:]
