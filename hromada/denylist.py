"""The private deny-list: terms that must never appear in any output.

The list lives outside the repository (HROMADA_DENYLIST). A hit is reported
by output file and the deny-list's line number only: build logs are often
public, so the term itself and its context are never printed.
"""
from __future__ import annotations

import gzip
import html
import re
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = frozenset({".html", ".htm", ".xml", ".json", ".js", ".css", ".txt", ".ics", ".svg",
                           ".webmanifest", ".xsl", ".map", ".md", ".csv", ".rss", ".atom"})
_UNICODE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


@dataclass(frozen=True)
class Hit:
    output: str  # site-relative path
    line: int  # line number in the deny-list file

    def __str__(self) -> str:
        return f"{self.output}: matches deny-list entry on line {self.line}"


def load(path: Path) -> list[tuple[int, str]]:
    """(line number, term) for each non-empty line; lines starting with # are comments."""
    terms = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        term = raw.strip()
        if term and not term.startswith("#"):
            terms.append((n, term.casefold()))
    return terms


def normalise(text: str) -> str:
    """Undo HTML entities and JSON \\u escapes so a term cannot hide behind them."""
    text = _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return html.unescape(text).casefold()


def scan(site: Path, terms: list[tuple[int, str]]) -> list[Hit]:
    if not terms:
        return []
    pattern = re.compile("|".join(re.escape(term) for _, term in sorted(terms, key=lambda t: -len(t[1]))))
    line_of = {}
    for n, term in terms:
        line_of.setdefault(term, n)
    hits: set[Hit] = set()
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        for m in pattern.finditer(rel.casefold()):
            hits.add(Hit(rel, line_of[m.group(0)]))
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":  # .gz files and search index chunks
            data = gzip.decompress(data)
        elif path.suffix.lower() not in TEXT_SUFFIXES:
            continue
        for m in pattern.finditer(normalise(data.decode("utf-8", errors="replace"))):
            hits.add(Hit(rel, line_of[m.group(0)]))
    return sorted(hits, key=lambda h: (h.output, h.line))
