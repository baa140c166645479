"""What was read from a file, remembered by the file's version (its path, size and change time):
`hromada serve` and `hromada check` run again and again over the same pictures and videos, and
read again only what changed."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")
Cache = dict[tuple[str, int, int], T]


def cached(cache: Cache, path: Path, compute: Callable[[Path], T]) -> T:
    """compute(path), or what it gave for this version of the file before. OSError when the
    file cannot be looked at; what compute raises passes through (and is not remembered)."""
    st = path.stat()
    key = (str(path), st.st_mtime_ns, st.st_size)
    if key not in cache:
        cache[key] = compute(path)
    return cache[key]
