"""A language's search index kept between builds, in the user's cache folder, under the key of
what it was made from.

On a real site the search index is most of a full build: Pagefind and the word tables, one
language after another (85.6 s at 2,000 real items x 4, 58 s of it the index; README, "Build
speed against Hugo"). An edit changes one language's pages, yet every build made every
language's index again, and the others came out byte for byte as before. So each language's
index files (its Pagefind fragments, chunks and metadata, its word tables, the scripts every run
writes) and its part of Pagefind's entry file are kept, one entry per project and language,
replaced by the next build of it, under a key of everything they are made from (`key`):

- the code: Hromada's source and the version of every installed package (Pagefind's binary,
  pymorphy3's and lemminflect's dictionaries among them), as the unchanged-rebuild cache has it;
- the language;
- every file its Pagefind run reads, by path and bytes (the searchable pages' indexed parts).

The same key: the files are copied instead of made. The build then reads and checks them as it
checks a new index (it holds no page the publication decision keeps out of search), and the
output checks read them like every other file. A page excluded since, or a changed one, changes
the files Pagefind would read, so the key. A kept file whose bytes are not those recorded with
it (a cache folder edited or cut short) makes the entry no entry: the index is made again.

The cache holds published text only (what the index publishes), in the same folder as the
parsed content `hromada check` keeps (`$XDG_CACHE_HOME/hromada`, else ~/.cache/hromada), and a
project's entries are replaced at its next build; the entries of the least recently built
projects beyond KEEP_PROJECTS are removed.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

#: The projects whose indexes are kept at once (the least recently built beyond go).
KEEP_PROJECTS = 8
_PREFIX = "search-"
_RECORD = "record.json"
_FORMAT = 1


def key(code: str, language: str, source: Path, entries: Iterable[Path]) -> str:
    """The digest of what a language's index is made from: the code's digest, the language and
    every file under `entries` (files or folders under `source`), by path relative to `source`
    and content, in path order."""
    h = hashlib.sha256(f"hromada-search-index {_FORMAT}\0{code}\0{language}\0".encode())
    files = sorted(path for entry in entries for path in (entry.rglob("*") if entry.is_dir() else (entry,))
                   if path.is_file())
    for path in files:
        content = path.read_bytes()
        h.update(f"{path.relative_to(source).as_posix()}\0{len(content)}\0".encode())
        h.update(content)
    return h.hexdigest()


def _base() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "hromada"


@dataclass(frozen=True)
class Store:
    """The kept indexes of one project: a folder a language."""

    folder: Path

    @classmethod
    def of_project(cls, root: Path) -> "Store":
        name = hashlib.blake2b(str(root.resolve()).encode(), digest_size=8).hexdigest()
        return cls(_base() / f"{_PREFIX}{name}")

    def take(self, language: str, wanted: str, out: Path) -> dict | None:
        """Copy the kept index of `language` into `out` (the index folder) when it was made from
        `wanted` (`key`); its part of the entry file, or None (nothing copied) when there is no
        such entry or a kept file is not what was recorded."""
        here = self.folder / language
        try:
            record = json.loads((here / _RECORD).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(record, dict) or record.get("key") != wanted or not isinstance(record.get("files"), dict):
            return None
        written: list[Path] = []
        try:
            for rel, digest in sorted(record["files"].items()):
                if not isinstance(rel, str) or Path(rel).is_absolute() or ".." in Path(rel).parts:
                    raise ValueError(rel)
                content = (here / "files" / rel).read_bytes()
                if hashlib.sha256(content).hexdigest() != digest:
                    raise ValueError(rel)
                target = out / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                if not target.exists():  # (a script another language's run wrote: the same bytes)
                    target.write_bytes(content)
                    written.append(target)
        except (OSError, ValueError):
            for path in written:
                path.unlink(missing_ok=True)
            return None
        entry = record.get("entry")
        return entry if isinstance(entry, dict) else None

    def keep(self, language: str, made_from: str, out: Path, files: Iterable[str], entry: dict) -> None:
        """Keep `files` (relative to `out`) as the index of `language` made from `made_from`,
        replacing the one kept before. A cache that cannot be written is no cache: skipped."""
        here = self.folder / language
        fresh = self.folder / f".{language}.{os.getpid()}"
        try:
            for leftover in self.folder.glob(f".{language}.*"):  # of a build killed while keeping, or this one's
                shutil.rmtree(leftover, ignore_errors=True)
            digests = {}
            for rel in sorted(files):
                content = (out / rel).read_bytes()
                (fresh / "files" / rel).parent.mkdir(parents=True, exist_ok=True)
                (fresh / "files" / rel).write_bytes(content)
                digests[rel] = hashlib.sha256(content).hexdigest()
            record = {"key": made_from, "files": digests, "entry": entry}
            (fresh / _RECORD).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")  # the entry in its own order
            old = self.folder / f".{language}.old.{os.getpid()}"
            with contextlib.suppress(FileNotFoundError):
                here.rename(old)
            fresh.rename(here)
            shutil.rmtree(old, ignore_errors=True)
            os.utime(self.folder)
        except OSError:
            shutil.rmtree(fresh, ignore_errors=True)
            return
        self._forget_other_projects()

    def forget(self, language: str) -> None:
        """No index of `language` this time (no page of it allows search now): what was kept of
        it goes, so that no text the site no longer publishes stays in the cache either."""
        shutil.rmtree(self.folder / language, ignore_errors=True)

    def _forget_other_projects(self) -> None:
        """Only the KEEP_PROJECTS most recently built projects keep their indexes."""
        with contextlib.suppress(OSError):
            kept = sorted((p for p in self.folder.parent.glob(_PREFIX + "*") if p.is_dir() and p != self.folder),
                          key=lambda p: p.stat().st_mtime, reverse=True)
            for old in kept[KEEP_PROJECTS - 1:]:
                shutil.rmtree(old, ignore_errors=True)
