"""The deny-list scan of a build's pages, made while Pagefind indexes them.

Reading every output file for the deny-list (hromada/denylist.py) is the
largest step after drawing when a deny-list is set: about 25 s of one core for
the 405 MB of a 2,000 × 4 site, all of it at the very end of the build, because
it must also read the search index. Yet the pages are final once drawn, and
while Pagefind indexes them one core is mostly idle. So a separate process
(`python -m hromada.early_scan SITE`, small: it imports the deny-list module
only) reads every file there is at that moment, except the search index and
gzip files (output.normalise_gzip rewrites those in place), and hands back,
for each file, its signature (inode, size, modification and change times) and
the deny-list lines found. The final scan (output.finish) reads again every
file whose signature is not the same, and every file the early scan did not
report: the early scan can only save reading, never decide anything. Only line
numbers cross the pipe, never a term. It reads the deny-list named by
HROMADA_DENYLIST itself; without one nothing is started.

Files final later are handed to it as they are done (`more`, one path a line on
its standard input): each language's part of the search index once its
Pagefind run and word tables are written (search_index.Indexer), the feeds and
calendars once written. It scans those after the pages, until its input ends
(`result`).
"""
from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Iterable

from hromada import denylist
from hromada.workers import die_with_parent

ENV = denylist.ENV
#: Written after the pages: the search index (hromada/search_index.py).
LATER = "pagefind"


def wanted(rel: str) -> bool:
    """Files the early scan reads: all but what the build still writes or rewrites after drawing."""
    return not (rel == LATER or rel.startswith(LATER + "/") or rel.endswith(".gz"))


def wanted_later(rel: str) -> bool:
    """Files handed over later (`more`) that it reads: all but gzip files (rewritten at the end)."""
    return not rel.endswith(".gz") and "\n" not in rel


class EarlyScan:
    """The scanning process, as the build sees it: `result` waits for it, `stop` ends it."""

    def __init__(self, proc: subprocess.Popen):
        self.proc = proc
        self.found: dict[str, denylist.Found] = {}
        self.feeding = threading.Lock()  # several threads hand over files (the index's, the main one)
        self.thread = threading.Thread(target=self._read, name="hromada-early-scan", daemon=True)
        self.thread.start()

    @classmethod
    def start(cls, site: Path) -> "EarlyScan | None":
        """The scan of `site` as it is now, in the background; None without a readable deny-list
        (the final scan reports a missing file)."""
        raw = os.environ.get(ENV)
        if not raw or not Path(raw).is_file():
            return None
        try:
            proc = subprocess.Popen([sys.executable, "-m", "hromada.early_scan", str(site)], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, preexec_fn=die_with_parent)
        except OSError:
            return None  # the final scan reads everything
        return cls(proc)

    def more(self, rels: Iterable[str]) -> None:
        """Files (site-relative) now final: scanned after the pages. (The process reads its input
        as it comes, so this never waits for the scan.)"""
        lines = "".join(rel + "\n" for rel in rels if wanted_later(rel))
        with self.feeding:
            try:
                self.proc.stdin.write(lines.encode("utf-8", "surrogateescape"))
                self.proc.stdin.flush()
            except (OSError, ValueError):
                pass  # the process has ended: the final scan reads these

    def _read(self) -> None:
        out = self.proc.stdout.read()
        self.proc.wait()
        if self.proc.returncode != 0:
            return
        try:
            data = json.loads(out)
            self.found = {rel: (tuple(sig), tuple(lines), problem) for rel, (sig, lines, problem) in data.items()}
        except (ValueError, TypeError):
            self.found = {}

    def result(self) -> dict[str, denylist.Found]:
        """What the scan found, per file; {} if it failed (then the final scan reads everything)."""
        with self.feeding:
            with contextlib.suppress(OSError, ValueError):
                self.proc.stdin.close()  # no more files: the scan ends with those it has
        self.thread.join()
        return self.found

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.thread.join()
        with contextlib.suppress(OSError, ValueError):
            self.proc.stdin.close()


def _files(site: Path) -> list[str]:
    rels = []
    for folder, dirs, files in os.walk(site):
        dirs.sort()
        for name in sorted(files):
            rel = Path(folder, name).relative_to(site).as_posix()
            if wanted(rel):
                rels.append(rel)
    return rels


def _later(lines: "queue.Queue[str | None]") -> None:
    """Read the paths handed over on the standard input as they come (the pipe never fills)."""
    for line in sys.stdin.buffer:
        lines.put(line.rstrip(b"\n").decode("utf-8", "surrogateescape"))
    lines.put(None)


def main(site: Path) -> None:
    terms = denylist.load(Path(os.environ[ENV]))
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=_later, args=(lines,), daemon=True).start()
    found = denylist.scan_contents(site, terms, _files(site))
    found.update(denylist.scan_contents(site, terms, iter(lines.get, None)))
    sys.stdout.write(json.dumps({rel: [list(sig), list(lines), problem] for rel, (sig, lines, problem) in found.items()}))


if __name__ == "__main__" and len(sys.argv) == 2:
    main(Path(sys.argv[1]))
