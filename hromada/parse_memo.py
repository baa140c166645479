"""Remember what reading one content file gave, keyed by everything that decides it.

`hromada serve` re-reads the content on every save and `hromada check` runs on
every commit; a site of 8,000 pages spends seconds parsing YAML and checking
text that did not change. The memo is content-addressed: its key is the file's
place (Source), a digest of its whole text, the vocabulary it was checked
against (categories, organisations, time zone) and the code that reads it, so
an entry can only be reused for a byte-identical input read by identical code:
it can never serve a stale result. Entries unused by the latest round are
forgotten, so the memo follows the site, not its history.

In a process (a preview server, a test run) it is a dict. `on_disk` keeps it
between processes in the user's cache folder (`$XDG_CACHE_HOME/hromada`, else
`~/.cache/hromada`), one file per project; a missing, unreadable or foreign
file is ignored (the content is simply read again), never trusted in part.
"""
from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Generic, Hashable, Iterator, TypeVar

T = TypeVar("T")
#: Modules whose code decides what a file parses to: a change in any of them empties the memo.
_READERS = ("content.py", "frontmatter.py", "schema.py", "model.py", "languages.py", "problems.py", "suggest.py",
            "media_uses.py", "page_loads.py", "html_tokens.py", "urls.py")
_FORMAT = b"hromada-parse-memo-1"


def digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def code_version(readers: tuple[str, ...] = _READERS) -> bytes:
    """A digest of the reading code itself (these of this package's own source files)."""
    h = hashlib.blake2b(_FORMAT, digest_size=16)
    here = Path(__file__).resolve().parent
    for name in readers:
        try:
            h.update((here / name).read_bytes())
        except OSError:
            h.update(name.encode())
    return h.digest()


@dataclass
class Memo(Generic[T]):
    """Results of a pure function of the key; entries unused by a whole round are dropped."""

    entries: dict[Hashable, T] = field(default_factory=dict)
    _seen: dict[Hashable, T] = field(default_factory=dict)
    path: Path | None = None  # where `end_round` keeps it between processes, if anywhere
    readers: tuple[str, ...] = _READERS  # this package's modules whose code decides the entries
    write_back: bool = True  # False: read from `path`, never written (a long-lived preview server)
    _changed: bool = False

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        try:
            value = self.entries[key]
        except KeyError:
            value = compute()
            self._changed = True
        self._seen[key] = value
        return value

    def end_round(self) -> None:
        """Keep exactly what the last round used: memory follows the site, not its history."""
        if len(self._seen) != len(self.entries):
            self._changed = True
        self.entries, self._seen = self._seen, {}
        if self.path is not None and self._changed and self.write_back:
            _save(self.path, self.entries, self.readers)
        self._changed = False


def on_disk(memo: Memo, root: Path, kind: str) -> None:
    """Back `memo` with this project's cache file of that kind, loading what a previous run left there."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "hromada"
    name = hashlib.blake2b(str(root.resolve()).encode(), digest_size=8).hexdigest()
    path = base / f"{kind}-{name}.pickle"
    if memo.path != path:  # another project (or the first): its own file; same project: keep the dict
        memo.path, memo.entries, memo._seen = path, _load(path, memo.readers), {}


def _load(path: Path, readers: tuple[str, ...]) -> dict:
    try:
        with open(path, "rb") as f:
            if f.read(len(_FORMAT)) != _FORMAT or f.read(16) != code_version(readers):
                return {}
            with paused_gc():
                entries = pickle.load(f)
        return entries if isinstance(entries, dict) else {}
    except Exception:  # noqa: BLE001 - a cache that cannot be read is no cache: read the content again
        return {}


@contextlib.contextmanager
def paused_gc(keep: bool = False) -> Iterator[None]:
    """Python's cycle collector paused while tens of thousands of objects that stay alive are
    made (the memo unpickled, a whole check): it would walk them again and again for nothing
    (the memo of 8,084 pages loads in 0.24 s instead of 0.42 s). `keep`: what was made is set
    aside from every later collection too (gc.freeze; references still free it), for a run
    that ends soon after (`hromada check`: 0.7 s instead of 1.1 s on 8,084 pages)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            gc.freeze()
        if was_on:
            gc.enable()


def _save(path: Path, entries: dict, readers: tuple[str, ...]) -> None:
    """Atomically (a reader never sees half a file); a cache that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(_FORMAT + code_version(readers))
            pickle.dump(entries, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        _prune(path.parent)
    except OSError:
        pass


#: Cache files of projects not checked for this long are removed (test runs leave many).
STALE_SECONDS = 30 * 24 * 3600
#: Folders pruned by this process: once is enough. Pruning reads every cache file's age, and a
#: process that saves often (a preview, the fuzz test's thousand checks) over a folder of
#: thousands of files (a test run's) spent minutes doing it again on every save.
_PRUNED: set[Path] = set()


def _prune(folder: Path) -> None:
    import time

    if folder in _PRUNED:
        return
    _PRUNED.add(folder)
    for old in folder.glob("*-*.pickle*"):
        try:
            if time.time() - old.stat().st_mtime > STALE_SECONDS:
                old.unlink()
        except OSError:
            pass
