"""Language builds on two cores: the languages are split between this process and one
forked copy of it.

static-i18n builds the languages one after another in one process, and a build
is mostly Python (Markdown, Jinja) that one core runs. The language builds are
independent (each writes its own tree; the few shared files, theme assets and
the sitemap, are the same bytes from every language), so when the outer build
first sees its files (MkDocs has just emptied the output folder), the hooks
fork: each process draws its share of the languages into the same staging
folder; static-i18n still runs every language in both, so a language the
process does not draw is built as far as its home page only, into a throwaway
folder of its own. The copy then sends back, through a pipe, what its builds
found that the outer build needs to finish (reasons for the manifest, page
texts for the feeds, the 404 pages, problems, unlinked links, warnings) and
exits. The parent waits for it before it checks and publishes anything. A
failure in the copy fails the build with the copy's message.

Off with HROMADA_WORKERS=1, on one core, in previews and where fork is missing.
"""
from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from dataclasses import dataclass
from typing import Any, Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

ENV = "HROMADA_WORKERS"


def env_problem() -> str | None:
    """HROMADA_WORKERS takes 1 (one core) or nothing; `abc` was taken for "use every core"."""
    raw = os.environ.get(ENV, "").strip()
    if raw in ("", "1"):
        return None
    return f"environment: {ENV}: 1 to build on one core, or not set to use two (found {raw[:40]!r})"


def wanted() -> bool:
    if os.environ.get(ENV, "").strip() == "1" or not hasattr(os, "fork"):
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except AttributeError:  # not Linux
        return (os.cpu_count() or 1) > 1


def split(languages: Sequence[str], weight: dict[str, int]) -> tuple[list[str], list[str]]:
    """(this process's languages, the copy's): the heaviest first, each to the lighter side."""
    mine: list[str] = []
    theirs: list[str] = []
    for lang in sorted(languages, key=lambda l: (-weight.get(l, 0), l)):
        side = mine if sum(weight.get(l, 0) for l in mine) <= sum(weight.get(l, 0) for l in theirs) else theirs
        side.append(lang)
    return sorted(mine, key=languages.index), sorted(theirs, key=languages.index)


@dataclass
class Worker:
    """The forked copy, as the parent sees it (pid, pipe) or as the copy sees itself (pipe only)."""

    pid: int
    fd: int

    @property
    def is_copy(self) -> bool:
        return self.pid == 0


def fork() -> Worker:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the copy: dies with its parent; Ctrl-C and SIGTERM are the parent's to handle
        os.close(read)
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        die_with_parent()
        return Worker(0, write)
    os.close(write)
    return Worker(pid, read)


def send(worker: Worker, payload: dict[str, Any]) -> None:
    """In the copy: hand the results over and end this process, whatever else is pending."""
    try:
        data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # noqa: BLE001 - the parent must hear about it, not wait forever
        data = pickle.dumps({"error": f"the second language process could not send its results ({exc})"})
    view = memoryview(data)
    while view:
        try:
            view = view[os.write(worker.fd, view):]
        except OSError:
            break
    os.close(worker.fd)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def receive(worker: Worker) -> dict[str, Any]:
    """In the parent: wait for the copy; its results, or {"error": ...} if it failed."""
    chunks = []
    while True:
        chunk = os.read(worker.fd, 1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(worker.fd)
    _, status = os.waitpid(worker.pid, 0)
    if not chunks:
        return {"error": f"the second language process ended without results (exit status {status})"}
    return pickle.loads(b"".join(chunks))


def stop(worker: Worker) -> None:
    """In the parent, when its own part failed: end the copy now."""
    try:
        os.kill(worker.pid, signal.SIGKILL)
        os.waitpid(worker.pid, 0)
    except OSError:
        pass
    try:
        os.close(worker.fd)
    except OSError:
        pass


def map_halves(compute: Callable[[T], R], items: Sequence[T], least: int = 400) -> list[R]:
    """[compute(item) for item in items], the second half in a forked copy when there are at
    least `least` items (reading a large site's content for the first time: a pure function per
    file). Only while this process runs no other thread (a fork copies no thread, and could copy
    a lock one of them held). Results must pickle; if the copy fails, or its results cannot be
    read, this process computes its half too: the answer never depends on the copy."""
    if len(items) < least or not wanted() or threading.active_count() > 1:
        return [compute(item) for item in items]
    half = len(items) // 2
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the copy: compute, hand over, end; never return into the caller's code
        try:
            os.close(read)
            die_with_parent()
            data = pickle.dumps([compute(item) for item in items[half:]], protocol=pickle.HIGHEST_PROTOCOL)
            view = memoryview(data)
            while view:
                view = view[os.write(write, view):]
        finally:
            os._exit(0)
    os.close(write)
    mine = [compute(item) for item in items[:half]]
    chunks = []
    while chunk := os.read(read, 1 << 20):
        chunks.append(chunk)
    os.close(read)
    os.waitpid(pid, 0)
    try:
        theirs = pickle.loads(b"".join(chunks)) if chunks else None
    except Exception:  # noqa: BLE001 - a half-written answer: compute it here
        theirs = None
    if not isinstance(theirs, list) or len(theirs) != len(items) - half:
        theirs = [compute(item) for item in items[half:]]
    return mine + theirs


def die_with_parent() -> None:
    """In a child process (a fork, Pagefind, a scan): a build killed outright (SIGKILL) takes it
    along, so no orphan keeps writing into or reading a staging folder the next build removes."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
