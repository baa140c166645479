"""Remember what reading one content file gave, keyed by everything that decides it.

`hromada serve` re-reads the content on every save, and a site of 8,000 pages
spends seconds parsing YAML and checking text that did not change. The memo is
content-addressed: its key is the file's place (Source), its whole text and
the vocabulary it was checked against (categories, organisations, time zone),
so an entry can only be reused for a byte-identical input and can never serve
a stale result. It lives in the process only (a preview server, a test run),
and forgets files that were not read in the latest load.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Generic, Hashable, TypeVar

T = TypeVar("T")


@dataclass
class Memo(Generic[T]):
    """Results of a pure function of the key; entries unused by a whole round are dropped."""

    entries: dict[Hashable, T] = field(default_factory=dict)
    _seen: dict[Hashable, T] = field(default_factory=dict)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        try:
            value = self.entries[key]
        except KeyError:
            value = compute()
        self._seen[key] = value
        return value

    def end_round(self) -> None:
        """Keep exactly what the last round used: memory follows the site, not its history."""
        self.entries, self._seen = self._seen, {}
