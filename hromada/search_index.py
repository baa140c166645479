"""The search index: Pagefind, run on the finished site, one index per language.

Pagefind splits the index by <html lang> and into small chunks, so a reader
downloads only their language's index, and only the parts a query needs.
Only elements marked data-pagefind-body (a published page's own article, for
pages whose people allow the `search` channel) are indexed: Pagefind reads
copies of only the pages that have one (a site where no page has one gets no
index, rather than Pagefind's fallback of indexing every page whole).

The copies name their language `x-<lang>` (uk -> x-uk): Pagefind then keeps
words as written instead of applying its Snowball stemmer to English and
Russian only, and hromada/search_text.py decides what a query word matches, in
every language alike (folded spellings, lemmas and forms). Its word tables are
written next to the index, from the text Pagefind indexed (its fragments).

Pagefind's output is the same for the same site, byte for byte, except
pagefind-entry.json: Pagefind writes its per-language map from a Rust HashMap,
whose order is randomised per process (not a threading effect: one thread
gives the same variation). `build` rewrites that file with languages sorted.
"""
from __future__ import annotations

import ctypes
import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Iterable

from hromada import search_text

FOLDER = "pagefind"
#: Prefix of the index languages (a private-use tag: no stemmer, see above).
LANGUAGE_PREFIX = "x-"
BODY = b"data-pagefind-body"
#: Where the indexed part ends (overrides/main.html writes it after the data-pagefind-body element).
BODY_END = b"<!--hx-search-end-->"
#: Where Pagefind reads its copies of the pages, inside the staging folder (removed after).
COPIES = ".hromada-search-pages"
_HTML_TAG = re.compile(rb"<html\b[^>]*>", re.I)
_LANG = re.compile(rb"""(\slang\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
#: Pagefind's ready-made UIs: Hromada draws results in Material's own panel.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


class SearchIndexError(Exception):
    pass


def executable() -> str:
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:  # a broken install, not a content problem
        raise SearchIndexError("the pagefind-bin package is missing: pip install -e .") from exc
    return str(get_executable())


def build(site: Path, languages: Iterable[str] | None = None) -> list[str]:
    """Index `site` in place; return the files written (site-relative). `languages`: only
    the pages of these (HROMADA_LANGUAGES; default every language).

    Pagefind runs once per language, one after another, and the parts are merged
    (`merge`): its memory is that of the largest language, not of the whole site."""
    out = site / FOLDER
    copies = site / COPIES
    for folder in (out, copies):
        if folder.exists():
            shutil.rmtree(folder)
    try:
        languages = copy_searchable(site, copies, languages)
        if not languages:
            return []  # no page allows search: no index at all
        tables = _Tables(out / search_text.FOLDER)
        try:
            for language in languages:
                _run(copies / language, copies / f"{language}.index")
                shutil.rmtree(copies / language)
                tables.start(copies / f"{language}.index")  # beside the next language's Pagefind run
            tables.wait()
        finally:
            tables.stop()
        merge([copies / f"{language}.index" for language in languages], out)
    finally:
        shutil.rmtree(copies, ignore_errors=True)
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    sort_entry(out / "pagefind-entry.json")
    return sorted(p.relative_to(site).as_posix() for p in out.rglob("*") if p.is_file())


class _Tables:
    """Word tables of each language's index, each in its own process (`python -m
    hromada.search_index TABLES_OF PART OUT`), at most one per core: they run while
    Pagefind indexes the next language, and a large site's tables take longer than Pagefind."""

    def __init__(self, out: Path):
        self.out = out
        self.running: list[tuple[Path, subprocess.Popen]] = []
        try:
            self.slots = max(1, len(os.sched_getaffinity(0)))
        except AttributeError:
            self.slots = max(1, os.cpu_count() or 1)

    def start(self, part: Path) -> None:
        while len(self.running) >= self.slots:
            self._reap(self.running[0])
        proc = subprocess.Popen([sys.executable, "-m", "hromada.search_index", TABLES_OF, str(part), str(self.out)],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
        self.running.append((part, proc))

    def _reap(self, item: tuple[Path, subprocess.Popen]) -> None:
        part, proc = item
        output, _ = proc.communicate()
        self.running.remove(item)
        if proc.returncode != 0:
            raise SearchIndexError(f"the word tables of {part.name} failed: "
                                   + output.decode("utf-8", "replace").strip()[-2000:])

    def wait(self) -> None:
        while self.running:
            self._reap(self.running[0])

    def stop(self) -> None:
        for _, proc in self.running:
            proc.kill()
            proc.wait()
        self.running.clear()


TABLES_OF = "tables-of"


def _run(pages: Path, out: Path) -> None:
    try:
        proc = subprocess.run([executable(), "--site", str(pages), "--output-path", str(out), "--silent"],
                              capture_output=True, text=True,
                              preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
    except OSError as exc:
        raise SearchIndexError(f"Pagefind could not be started: {exc}") from None
    if proc.returncode != 0:
        raise SearchIndexError("Pagefind failed to index the site: " + (proc.stderr or proc.stdout).strip()[-2000:])


def merge(parts: list[Path], out: Path) -> None:
    """One index from per-language indexes: their files are named by language and content
    hash, so only the shared scripts meet (identical) and the entry file lists every language."""
    entry: dict = {}
    for part in parts:
        for path in sorted(p for p in part.rglob("*") if p.is_file()):
            rel = path.relative_to(part)
            if rel.as_posix() == "pagefind-entry.json":
                data = json.loads(path.read_text(encoding="utf-8"))
                languages = {**entry.get("languages", {}), **data.get("languages", {})}
                entry = {**data, "languages": languages}
                continue
            target = out / rel
            if target.exists():
                if target.read_bytes() != path.read_bytes():
                    raise SearchIndexError(f"Pagefind wrote two different {rel.as_posix()} for two languages")
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            path.replace(target)
    out.mkdir(parents=True, exist_ok=True)
    (out / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def copy_searchable(site: Path, dest: Path, only: Iterable[str] | None = None) -> list[str]:
    """Copy the pages with a data-pagefind-body into dest/<language>/, their language tagged
    x-<lang>; return the languages found (x-en, x-uk...), sorted.

    `dest` lies inside the staging folder, so an interrupted or killed build
    leaves no copy behind: the staging folder is discarded or swept."""
    pages = sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != dest.name)
    languages: set[str] = set()
    for path in pages:
        data = path.read_bytes()
        if BODY not in data:
            continue
        tagged = tag_language(searchable_part(data))
        language = language_of(tagged)
        if only is not None and language.removeprefix(LANGUAGE_PREFIX) not in only:
            continue
        languages.add(language)
        target = dest / language / path.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(tagged)
    return sorted(languages)


def searchable_part(html: bytes) -> bytes:
    """The page as Pagefind needs it: the head (title, language, metadata) and the element it
    indexes, without the header, menus and footer around it (they are most of a page's bytes,
    and Pagefind parsing them costs a quarter of its time). The index is the same, byte for byte.
    A page without the marks Hromada's template writes is given whole."""
    head_end = html.find(b"</head>")
    start = html.rfind(b"<", 0, html.find(BODY))
    end = html.find(BODY_END, start)
    if head_end < 0 or start < head_end or end < 0:
        return html
    return html[:head_end] + b"</head><body>" + html[start:end] + b"</body></html>"


def language_of(html: bytes) -> str:
    """The (tagged) <html lang> of a page, as a folder name."""
    tag = _HTML_TAG.search(html)
    found = _LANG.search(tag.group(0)) if tag else None
    value = next((v for v in found.groups()[1:] if v is not None), b"") if found else b""
    name = value.decode("ascii", "replace").strip()
    return name if re.fullmatch(r"[A-Za-z0-9-]+", name) else "x-unknown"


def tag_language(html: bytes) -> bytes:
    """`html` with its <html lang="xx"> read by Pagefind as x-xx (x-unknown without one)."""
    tag = _HTML_TAG.search(html)
    if not tag:
        return html
    old = tag.group(0)
    found = _LANG.search(old)
    if found:
        value = next(v for v in found.groups()[1:] if v is not None).strip()
        new = old[:found.start()] + found.group(1) + b'"' + LANGUAGE_PREFIX.encode() + (value or b"unknown") + b'"' + old[found.end():]
    else:
        new = old[:5] + b' lang="' + LANGUAGE_PREFIX.encode() + b'unknown"' + old[5:]
    return html[:tag.start()] + new + html[tag.end():]


def write_word_tables(out: Path, folder: Path | None = None) -> None:
    """hromada/search_text.py's word tables, from the text Pagefind indexed (in `out`), in
    `folder` (default out/hx/)."""
    contents: dict[str, list[str]] = defaultdict(list)
    for path in sorted((out / "fragment").glob("*.pf_fragment")):
        language = path.name[: -len(".pf_fragment")].rpartition("_")[0]
        try:
            raw = gzip.decompress(path.read_bytes())
            fragment = json.loads(raw[raw.index(b"{"):])
        except (OSError, ValueError) as exc:
            raise SearchIndexError(f"Pagefind wrote an unreadable {path.name}: {exc}") from None
        contents[language].append(fragment.get("content") or "")
    folder = folder or out / search_text.FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for language in sorted(contents):
        lang = language[len(LANGUAGE_PREFIX):] if language.startswith(LANGUAGE_PREFIX) else language
        if not re.fullmatch(r"[a-z0-9-]+", lang):
            continue  # not a language tag this site could have written
        for name, data in search_text.write(lang, contents[language]).items():
            (folder / name).write_bytes(data)


def _die_with_parent() -> None:
    """In the child: a build killed outright (SIGKILL) takes Pagefind with it, so
    no orphan keeps writing into a staging folder the next build removes."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def sort_entry(path: Path) -> None:
    """Pagefind's entry file with its languages in a stable order (same JSON, same meaning)."""
    if not path.is_file():
        return
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise SearchIndexError(f"Pagefind wrote an unreadable {path.name}: {exc}") from None
    if isinstance(data, dict) and isinstance(data.get("languages"), dict):
        data["languages"] = dict(sorted(data["languages"].items()))
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


if __name__ == "__main__" and len(sys.argv) == 4 and sys.argv[1] == TABLES_OF:
    write_word_tables(Path(sys.argv[2]), Path(sys.argv[3]))
