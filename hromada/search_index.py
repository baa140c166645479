"""The search index: Pagefind, one language after another, into pagefind/ (`Indexer`), made
once every page is written.

Pagefind splits the index by language and into small chunks, so a reader
downloads only their language's index, and only the parts a query needs.
Only elements marked data-pagefind-body (a published page's own article, for
pages whose people allow the `search` channel) are indexed. Pagefind reads the
written pages in place, one language at a time (`language_glob`: uk/..., or
for English everything outside the other languages' folders); a language where
no page has such an element gets no index, rather than Pagefind's fallback of
indexing every page whole.

Each language is indexed as `x-<lang>` (uk -> x-uk, --force-language): Pagefind
then keeps words as written instead of applying its Snowball stemmer to English
and Russian only, and hromada/search_text.py decides what a query word matches,
in every language alike (folded spellings, lemmas and forms). Its word tables
are written next to the index, from the text Pagefind indexed (its fragments).

Pagefind's output is the same for the same site, byte for byte, except
pagefind-entry.json: Pagefind writes its per-language map from a Rust HashMap,
whose order is randomised per process (not a threading effect: one thread
gives the same variation); each run also writes only its own language there.
`Indexer.finish` writes that file once, for every language, sorted.
"""
from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path
from typing import Callable, Collection, Iterator, Mapping

from hromada import search_cache, search_text  # and little more: the word-table process (TABLES_OF) imports this module
from hromada.workers import die_with_parent
from hromada.languages import DEFAULT_LANGUAGE, LANGUAGES

FOLDER = "pagefind"
#: Prefix of the index languages (a private-use tag: no stemmer, see above).
LANGUAGE_PREFIX = "x-"
#: Characters that may mean something in Pagefind's globs (wax), whose escapes are unreliable:
#: in a folder or file name each is matched by `?` (any one character) instead.
_GLOB_UNSAFE = re.compile(r"[^\w. -]")
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


def build(site: Path, allowed: Mapping[str, Collection[str]]) -> list[str]:
    """Index `site` in place; return the files written (site-relative). `allowed`: by
    language, the URLs the index may hold (Indexer.add)."""
    indexer = Indexer(site)
    try:
        for language in LANGUAGES:
            if language in allowed:
                indexer.add(language, allowed[language])
        indexer.wait()
        return indexer.finish()
    finally:
        indexer.stop()


class Indexer:
    """Each language's index (`add`), made in the background while the build writes its feeds
    and calendars; `wait` for them, then `finish` writes the entry file that lists them.

    Pagefind runs for one language at a time: its memory grows with a language's pages (about
    16 times the bytes it reads: 366 MB for 2,021 pages), so the build holds one language's index
    at a time, never all of them. Running it while the language builds still draw pages was
    measured too: a second slower, and the drawing processes' memory on top of Pagefind's. Each
    run writes its language's files into pagefind/ (named by language and content hash, so only
    the shared scripts meet, the same bytes), and this process checks what the index took while
    the next run goes on. The word tables (hromada/search_text.py, from the text Pagefind
    indexed, in their own process: `python -m hromada.search_index tables-of OUT PAGES LANGUAGE`,
    handed the distinct words this process read from the index's fragments while it checked them)
    start as soon as their language's index is read, if the memory allows (`may_start`: this
    process, the Pagefind run running or to come, the tables running and the new one within
    MEMORY_BUDGET_MB, from estimates measured in `pagefind_mb` and `tables_mb`), at most one a core.
    On a small site they are made beside the Pagefind runs; at 2,000 items x 4, after the last
    run, two at a time; with a real site's vocabulary (121,000 Russian words: 322 MB), one at a time.

    Pagefind reads `source` when given: the indexed part of each searchable page, cut out and
    written while the page was drawn, at the site's own paths (search_input.py: the same
    index, a second less per language at 2,000 items); a language's part of it is removed
    once read. Without it, the written pages whole.
    Copying the pages once they were all written cost more than it saved (a file written per
    page, under the GIL beside the feeds)."""

    def __init__(self, site: Path, source: Path | None = None, store: search_cache.Store | None = None, code: str = ""):
        self.site = site
        self.source = source or site
        #: Where each language's index is kept between builds (search_cache.py), and the code's
        #: digest its keys start with; None: every index is made.
        self.store, self.code = store, code
        self.reused: set[str] = set()  # the languages whose index was taken from the store
        self.out = site / FOLDER
        shutil.rmtree(self.out, ignore_errors=True)  # an earlier index (staging keeps the last site's files)
        self.entries: dict[str, dict] = {}  # language -> Pagefind's entry file of its run
        self.one_at_a_time = threading.Lock()  # Pagefind runs
        self.memory = threading.Condition()  # guards the three below: a run starts when `may_start` says so
        self.running_mb: dict[tuple[str, str], int] = {}  # (kind, language) -> estimated peak of a running process
        self.pagefind_waiting: dict[str, int] = {}  # language -> estimated peak of its Pagefind run, not started
        self.threads: list[threading.Thread] = []
        self.errors: list[str] = []
        self.running: set[subprocess.Popen] = set()
        self.stdin: dict[subprocess.Popen, bytes | None] = {}  # what each started process is handed
        self.stopped = False
        #: Told each language's files of the index (site-relative) once they are final, from the
        #: language's thread (a deny-list scan reads them then, hromada/early_scan.py).
        self.on_language_done: Callable[[list[str]], None] | None = None

    def add(self, language: str, allowed: Collection[str], sources: Mapping[str, str] | None = None) -> None:
        """Index the pages of `language` (its folder: uk/..., English the rest), in the background.

        `allowed`: the URLs (`page_url`: /uk/news/x/) of the pages the template was told to mark
        for search (from the publication decision), of any language (only this language's
        pages are indexed); `sources`: the source file of a page by URL, for messages. Without an allowed page Pagefind is not
        run at all (it would index every page whole when it finds no marked element), and an
        index that holds any other page fails the build: the template's mark is not trusted
        alone (raw HTML in a page can carry the same attribute)."""
        try:  # now, while every language's pages are there to tell apart (each run removes its own)
            glob = language_glob(self.source, language)
        except SearchIndexError as exc:
            self.errors.append(str(exc))
            return
        args = (language, glob, frozenset(allowed), dict(sources or {}))
        with self.memory:
            self.pagefind_waiting[language] = pagefind_mb(_input_bytes(self.source, language))
        thread = threading.Thread(target=self._index, args=args, name=f"hromada-search-{language}", daemon=True)
        thread.start()
        self.threads.append(thread)

    def wait(self) -> None:
        """Wait for this process's languages; the first failure, if any, as SearchIndexError."""
        for thread in self.threads:
            while thread.is_alive():  # in short waits: a signal the kernel gave another thread
                thread.join(0.05)      # is handled now (Ctrl-C, SIGTERM: Staging), not at the end
        self.threads.clear()
        if self.errors:
            raise SearchIndexError(self.errors[0])

    def stop(self) -> None:
        """The build failed (or is over): end the Pagefind and word-table processes still running."""
        self.stopped = True
        with self.memory:
            self.memory.notify_all()
        for proc in list(self.running):
            proc.kill()
        for thread in self.threads:
            thread.join()
        self.threads.clear()

    def _index(self, language: str, glob: str, allowed: frozenset[str], sources: dict[str, str]) -> None:
        try:
            if not any(_language_of_url(url) == language for url in allowed):
                self._release(("pagefind", language))
                if self.store is not None:
                    self.store.forget(language)
                return  # no page of this language allows search
            made_from = search_cache.key(self.code, language, self.source, _top_level(self.source, language)) \
                if self.store is not None else ""
            with self.one_at_a_time:
                kept = self.store.take(language, made_from, self.out) if self.store is not None else None
                if kept is not None:
                    self._release(("pagefind", language))
                    self.entries[language] = kept
                    self.reused.add(language)
                else:
                    with self._turn(("pagefind", language), self.pagefind_waiting.get(language, 0)):
                        self._wait(self._start([executable(), "--site", str(self.source), "--glob", glob,
                                                "--force-language", LANGUAGE_PREFIX + language, "--output-path",
                                                str(self.out), "--silent"], "Pagefind failed to index the site"))
                    self.entries[language] = _read_entry(self.out / ENTRY)  # before the next run writes its own
            if self.source != self.site:  # read: its files go now, beside the next run, not at the end
                for entry in _top_level(self.source, language):
                    shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)
            # while the next language's run goes on: what the index took, and its words for the tables
            urls, words = _indexed(self.out, language)
            _check_indexed(urls, language, allowed, sources)
            if urls and language not in self.reused:  # (no page indexed: no tables)
                with self._turn(("tables", language), tables_mb(len(words))):
                    self._wait(self._start([sys.executable, "-m", "hromada.search_index", TABLES_OF,
                                            str(self.out / search_text.FOLDER), str(len(urls)), language],
                                           f"the word tables of the '{language}' index failed",
                                           stdin="\n".join(sorted(words)).encode("utf-8")))
            del words
            if self.store is not None and language not in self.reused:
                with self.one_at_a_time:  # no run rewrites the shared scripts while they are copied
                    self.store.keep(language, made_from, self.out, self._kept_files(language), self.entries[language])
            if self.on_language_done is not None:
                self.on_language_done(self.language_files(language))
        except SearchIndexError as exc:
            self.errors.append(str(exc))
        except OSError as exc:
            from hromada.output import describe  # here: output imports most of the package

            self.errors.append(f"indexing the '{language}' pages for search: {describe(exc)}")
        except Exception as exc:  # noqa: BLE001 - a thread that died silently would leave the index incomplete
            self.errors.append(f"indexing the '{language}' pages for search failed: {type(exc).__name__}: {exc}")
        finally:
            self._release(("pagefind", language))

    @contextlib.contextmanager
    def _turn(self, job: tuple[str, str], estimate_mb: int):
        """Wait until `may_start` lets `job` (kind, language) run beside what runs now; hold its
        estimated memory while it runs."""
        kind, language = job
        with self.memory:
            self.memory.wait_for(lambda: self.stopped or may_start(
                kind, estimate_mb, _resident_mb(), self.running_mb, self.pagefind_waiting))
            if self.stopped:
                raise SearchIndexError("the build was stopped")
            if kind == "pagefind":
                self.pagefind_waiting.pop(language, None)
            self.running_mb[job] = estimate_mb
        try:
            yield
        finally:
            self._release(job)

    def _release(self, job: tuple[str, str]) -> None:
        """`job` is over (or will not run): what waits for memory may start."""
        with self.memory:
            self.running_mb.pop(job, None)
            if job[0] == "pagefind":
                self.pagefind_waiting.pop(job[1], None)
            self.memory.notify_all()

    def _start(self, command: list[str], failure: str, stdin: bytes | None = None) -> tuple[subprocess.Popen, str]:
        """Start `command`; `stdin`: what `_wait` hands it on its standard input."""
        if self.stopped:
            raise SearchIndexError("the build was stopped")
        try:
            proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                                    preexec_fn=die_with_parent)
        except OSError as exc:
            raise SearchIndexError(f"{failure}: it could not be started ({exc})") from None
        self.running.add(proc)
        self.stdin[proc] = stdin
        return proc, failure

    def _wait(self, started: tuple[subprocess.Popen, str], quiet: bool = False) -> None:
        proc, failure = started
        try:
            output, _ = proc.communicate(self.stdin.pop(proc, None))
        finally:
            self.running.discard(proc)
        if proc.returncode != 0 and not quiet:
            raise SearchIndexError(f"{failure}: " + output.decode("utf-8", "replace").strip()[-2000:])

    def language_files(self, language: str) -> list[str]:
        """The files of the index only `language`'s run writes (site-relative): its fragments,
        index chunks, filters and metadata (Pagefind names them by the index language) and its
        word tables. The files every run rewrites (the entry file, scripts) are not among them."""
        tag = LANGUAGE_PREFIX + language
        found = [*self.out.glob(f"*/{tag}_*"), *self.out.glob(f"pagefind.{tag}_*"),
                 *(self.out / search_text.FOLDER).glob(f"{language}_*"), self.out / search_text.FOLDER / f"{language}.json"]
        return sorted(p.relative_to(self.site).as_posix() for p in found if p.is_file())

    def _kept_files(self, language: str) -> list[str]:
        """What a later build takes for `language` (relative to the index folder): its own files
        and the scripts every run writes (the same bytes from the same Pagefind)."""
        tags = tuple(f".{LANGUAGE_PREFIX}{lang}_" for lang in LANGUAGES)
        shared = [p.name for p in self.out.iterdir() if p.is_file() and p.name != ENTRY and not any(t in p.name for t in tags)]
        own = [Path(rel).relative_to(Path(self.out.relative_to(self.site))).as_posix() for rel in self.language_files(language)]
        return sorted(shared + own)

    def finish(self) -> list[str]:
        """The entry file of every language indexed (sorted: the same bytes for the same site),
        Pagefind's unused UIs removed; the files of the index (site-relative), [] when no page
        allows search (no index at all)."""
        if not self.entries:
            shutil.rmtree(self.out, ignore_errors=True)
            return []
        entry: dict = {}
        for language in sorted(self.entries):
            data = self.entries[language]
            entry = {**data, "languages": {**entry.get("languages", {}), **data.get("languages", {})}}
        entry["languages"] = dict(sorted(entry["languages"].items()))
        (self.out / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        for name in UNUSED:
            (self.out / name).unlink(missing_ok=True)
        return sorted(p.relative_to(self.site).as_posix() for p in self.out.rglob("*") if p.is_file())


ENTRY = "pagefind-entry.json"
#: Word-table processes at once: one a core, on the two cores a build is sized for.
TABLES_AT_ONCE = 2
TABLES_OF = "tables-of"
#: The build's process tree stays under 600 MB (issue 12); the estimates below leave this margin.
MEMORY_BUDGET_MB = 560


def pagefind_mb(input_bytes: int) -> int:
    """A Pagefind run's peak memory, from the bytes of the pages it reads. Measured (Pagefind
    1.5.2, the articles of 253 and 2,021 Ukrainian pages, 2.8 and 22.6 MB): 57 and 366 MB, about
    16 times what it reads; 17 times and 20 MB more, to be safe."""
    return 20 + 17 * input_bytes // 2**20


def tables_mb(words: int) -> int:
    """A word-table process's peak memory, from the distinct words it is handed. Measured
    (scripts/measure_word_tables.py and a 2,000-item site drawn from 150,000 real words: 121,000
    distinct words a language): 104 MB for 13,750 English words (the benchmark's small
    vocabularies; lemminflect's dictionary, 60 MB, loads on the first word), 229 MB for 80,000
    Russian words, 322 MB for 121,000, 269 MB for 121,000 English and 182 MB for 121,000 Tajik
    ones; about 2.3 KB a word at most: 100 MB and 2.5 KB a word, to be safe."""
    return 100 + 5 * words // 2048


def may_start(kind: str, estimate_mb: int, main_mb: int, running: Mapping[tuple[str, str], int],
              pagefind_waiting: Mapping[str, int]) -> bool:
    """Whether a Pagefind run or word-table process (`kind`), its peak estimated at `estimate_mb`,
    may start now beside the processes `running` (estimates by (kind, language)), the Pagefind
    runs still to come (`pagefind_waiting`, by language) and this process (`main_mb` resident).

    It starts when this process, what runs and it stay within MEMORY_BUDGET_MB, or when nothing
    else runs (a process too large for the budget alone still has to run). Pagefind runs one at a
    time (the caller's lock) and comes first, being the longer part: a word table starts only if
    the largest Pagefind run running or to come fits beside it too. So on a large site the tables
    wait for the last run, as before, and on a small one they are made beside the runs. At most
    one word table a core."""
    tables = [mb for (k, _), mb in running.items() if k == "tables"]
    pagefind = [mb for (k, _), mb in running.items() if k != "tables"]
    if kind == "tables":
        if len(tables) >= TABLES_AT_ONCE:
            return False
        pagefind = [max([*pagefind, *pagefind_waiting.values()], default=0)]
    if main_mb + sum(tables) + sum(pagefind) + estimate_mb <= MEMORY_BUDGET_MB:
        return True
    return not running and (kind == "pagefind" or not pagefind_waiting)  # too large: alone, Pagefind first


def _resident_mb() -> int:
    """This process's resident memory now (Linux), or its peak so far elsewhere."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 2**20
    except (OSError, ValueError, IndexError, AttributeError):
        try:
            import resource
        except ImportError:  # Windows: no estimate of this process (it builds on one core there)
            return 0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
        return peak // 2**20 if sys.platform == "darwin" else peak // 1024


def _input_bytes(site: Path, language: str) -> int:
    """The bytes of `language`'s pages under `site` (what its Pagefind run reads)."""
    total = 0
    for entry in _top_level(site, language):
        for path in entry.rglob("*.html") if entry.is_dir() else (entry,):
            with contextlib.suppress(OSError):  # (a file that cannot be read fails Pagefind's run, with its message)
                total += path.stat().st_size
    return total


def _read_entry(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise SearchIndexError(f"Pagefind wrote an unreadable {path.name}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("languages"), dict):
        raise SearchIndexError(f"Pagefind wrote a {path.name} without its languages")
    return data


def _fragments(out: Path, language: str | None) -> Iterator[tuple[str, dict]]:
    """(index language, fragment) of each page Pagefind indexed in `out`, of `language` or all."""
    pattern = f"{LANGUAGE_PREFIX}{language}_*.pf_fragment" if language else "*.pf_fragment"
    for path in sorted((out / "fragment").glob(pattern)):
        try:
            raw = gzip.decompress(path.read_bytes())
            fragment = json.loads(raw[raw.index(b"{"):])
        except (OSError, ValueError) as exc:
            raise SearchIndexError(f"Pagefind wrote an unreadable {path.name}: {exc}") from None
        yield path.name[: -len(".pf_fragment")].rpartition("_")[0], fragment


def page_url(url: str) -> str:
    """A page's URL (MkDocs' page.url: uk/news/x/, or news/x.html, uk/index.html) as Pagefind
    names it in the index: /uk/news/x/, /news/x.html, /uk/. Pagefind names a page by its file's
    path, letters as they are (/uk/news/новина/), where MkDocs percent-encodes them."""
    url = "/" + urllib.parse.unquote(url).lstrip("/")
    return url[: -len("index.html")] if url.endswith("/index.html") or url == "/index.html" else url


def _language_of_url(url: str) -> str:
    first = url.lstrip("/").split("/", 1)[0]
    return first if first in LANGUAGES and first != DEFAULT_LANGUAGE else DEFAULT_LANGUAGE


def indexed_urls(out: Path, language: str) -> list[str]:
    """The URL of every page of `language` in the index in `out`."""
    return _indexed(out, language)[0]


def _indexed(out: Path, language: str) -> tuple[list[str], set[str]]:
    """(the URL of every page of `language` in the index in `out`, the distinct words of their
    text as Pagefind indexed it): its fragments read once, for the check and the word tables.
    Each written word once, not each page's text: the pages of a language repeat their words,
    and Cyrillic text held whole takes two bytes a letter."""
    urls: list[str] = []
    words: set[str] = set()
    for _, fragment in _fragments(out, language):
        urls.append(str(fragment.get("url")))
        words.update((fragment.get("content") or "").split())
    return urls, words


def _check_indexed(urls: list[str], language: str, allowed: frozenset[str], sources: Mapping[str, str]) -> None:
    """The index of `language` holds no page but those allowed: the template's mark is not
    trusted alone (raw HTML in a page can carry the same attribute)."""
    for url in urls:
        if url not in allowed:
            where = sources.get(url, url)
            raise SearchIndexError(f"{where}: the search index took this page, which its publication decision keeps "
                                   "out of search (a data-pagefind-* attribute in its raw HTML?); remove the attribute")


def _top_level(site: Path, language: str) -> list[Path]:
    """What holds `language`'s pages at the top of the site: its folder, or for English every
    entry outside the other languages' folders and the search index's own."""
    if language != DEFAULT_LANGUAGE:
        return [site / language] if (site / language).is_dir() else []
    skip = {lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE} | {FOLDER}
    return sorted(p for p in site.iterdir() if p.name not in skip and (p.is_dir() or p.suffix == ".html"))


def language_glob(site: Path, language: str) -> str:
    """The Pagefind glob for `language`'s pages: `uk/**/*.html`, or for English each of its
    top-level folders and pages by name, e.g. `{index.html,news/**/*.html}`. A name with
    other characters than letters, digits, '-', '.' and spaces has `?` for each of them, so
    it must not then also match another language's folder (SearchIndexError)."""
    entries = _top_level(site, language)
    others = [p.name for p in site.iterdir() if p not in entries]
    patterns = []
    for entry in entries:
        pattern = _GLOB_UNSAFE.sub("?", entry.name)
        like = re.compile("".join("." if c == "?" else re.escape(c) for c in pattern))
        clash = next((name for name in others if like.fullmatch(name)), None)
        if clash is not None:
            raise SearchIndexError(f"the folder or page '{entry.name}' at the top of the site looks like '{clash}' "
                                   "to the search indexer: rename it with letters, digits, '-' and '.' only")
        patterns.append(pattern + ("/**/*.html" if entry.is_dir() else ""))
    return "{" + ",".join(patterns) + "}" if len(patterns) != 1 else patterns[0]


def write_word_tables(folder: Path, language: str, words: list[str], pages: int) -> None:
    """hromada/search_text.py's word tables of `language` in `folder`, from the distinct words of
    the text Pagefind indexed (`_indexed`) on its `pages` pages."""
    if not re.fullmatch(r"[a-z0-9-]+", language):
        return  # not a language tag this site could have written
    folder.mkdir(parents=True, exist_ok=True)
    for file_name, data in search_text.write(language, sorted(words), pages).items():
        (folder / file_name).write_bytes(data)


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


if __name__ == "__main__" and len(sys.argv) == 5 and sys.argv[1] == TABLES_OF:  # the words come on stdin, one a line
    write_word_tables(Path(sys.argv[2]), sys.argv[4], sys.stdin.buffer.read().decode("utf-8").split("\n"), int(sys.argv[3]))
