"""What was read from a media file, remembered by the file's version (its path, size, inode
and change times), in this process and between runs.

`hromada serve`, `hromada check` (on every commit) and every build look again and again at
the same pictures and videos. Looking is dear: whether the gate can clean a camera JPEG is
known only by cleaning it (about 40 ms), and its likeness needs it decoded. A site with 480
photos spent 22 s in each `hromada check`. So what was found is kept in the user's cache
folder beside the parsed pages (parse_memo.on_disk), and reused only for the same version of
the file, read by the same code (`READERS`): an edit, a checkout or a copy over the file
changes its change time (which no tool can set back), and a change of the code empties it.
Only what is small is kept (a verdict, a hash): cleaned bytes stay in this process.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, TypeVar

from . import parse_memo
from .parse_memo import Memo

T = TypeVar("T")
Cache = Memo

#: This package's modules whose code decides what is remembered about a media file.
READERS = ("file_versions.py", "images.py", "colour.py", "likeness.py", "video.py", "media_rules.py")
_ALL: dict[str, Memo] = {}


def cache(kind: str) -> Memo:
    """A new remembered kind of finding (one name each: its cache file is named after it)."""
    if kind in _ALL:
        raise ValueError(f"two caches of media findings named {kind!r}")
    _ALL[kind] = memo = Memo(readers=READERS)
    return memo


def cached(memo: Memo[T], path: Path, compute: Callable[[Path], T]) -> T:
    """compute(path), or what it gave for this version of the file before. OSError when the
    file cannot be looked at; what compute raises passes through (and is not remembered)."""
    st = os.stat(path)
    key = (str(path), st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns)
    return memo.get(key, lambda: compute(path))


def on_disk(root: Path) -> None:
    """Keep every kind between runs, in this project's cache files."""
    for kind, memo in _ALL.items():
        parse_memo.on_disk(memo, root, f"media-{kind}")


def in_process_only() -> None:
    """Read the cache files once, never write them (a preview server, saving on every edit)."""
    for memo in _ALL.values():
        memo.write_back = False


def end_round() -> None:
    """A check is over: keep what it looked at (and write it down), forget files gone since."""
    for memo in _ALL.values():
        memo.end_round()
