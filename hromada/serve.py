"""`hromada serve`: the HTTP side of the fast staff preview (see preview_server.py).

A loopback HTTP server answers from a `PreviewSite`; a watchdog observer (the
library `mkdocs serve` uses) tells it when content, templates or settings
change, and the site reads them again before it answers the next request.
"""
from __future__ import annotations

import logging
import os
import tempfile
import threading
import time
from datetime import timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler

from . import output, preview_hosts
from .preview_server import CONTENT_FOLDERS, SETUP_PATHS, PreviewSite
from .problems import ContentError

log = logging.getLogger("hromada.serve")
#: Saves arrive as bursts of events (write, rename, metadata): wait this long for quiet.
SETTLE_SECONDS = 0.05


class _Changes(FileSystemEventHandler):
    """Collects what changed; the site is refreshed once per burst, before the next answer."""

    def __init__(self, site: PreviewSite):
        self.site = site
        self.pending = threading.Event()
        self.setup = False
        self.last = 0.0
        self.read_from_ns = 0

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        paths = [event.src_path, getattr(event, "dest_path", "") or ""]
        rels = [_relative(p, self.site.root) for p in paths if p]
        rels = [r for r in rels if r is not None and not _ignored(r)]
        if not rels:
            return
        if any(r == "mkdocs.yml" or r.split("/")[0] in SETUP_PATHS for r in rels):
            self.setup = True
        self.last = time.monotonic()
        self.pending.set()

    def settle(self) -> None:
        """Refresh the site if files changed (called before answering, and by the loop)."""
        if not self.pending.is_set():
            return
        with self.site.lock:  # one refresh at a time; requests wait for it, never see a half
            if not self.pending.is_set():
                return
            while time.monotonic() - self.last < SETTLE_SECONDS:
                time.sleep(SETTLE_SECONDS / 2)
            self.pending.clear()
            setup, self.setup = self.setup, False
            self.read_from_ns = time.time_ns()  # files written before this are read by this refresh
            started = time.perf_counter()
            self.site.refresh(setup=setup)
        state = "has errors" if self.site.problems else "ready"
        log.info("Preview %s (%.2f s)", state, time.perf_counter() - started)


def _relative(path: str, root: Path) -> str | None:
    """The project-relative path of an event, as it was watched: never resolved, for a linked
    folder (consent/ -> elsewhere) reports its changes under its link, which a resolved path
    would place outside the project (red-team round 5: a withdrawal there was never seen)."""
    try:
        return Path(os.path.abspath(path)).relative_to(root).as_posix()
    except (ValueError, OSError):
        return None


def watched_folders(site: PreviewSite) -> list[Path]:
    """The folders whose changes the preview reads: the content's (the docs folder as mkdocs.yml
    names it, `docs_dir: content` too, stories/, consent/) and the set-up's (overrides/, hooks/),
    those that exist now."""
    root = site.root
    folders = [root / name for name in (*CONTENT_FOLDERS, *SETUP_PATHS) if name != "mkdocs.yml"]
    if site.config is not None:
        docs = Path(os.path.abspath(site.config.docs_dir))
        folders.append(root / docs.relative_to(root) if docs.is_relative_to(root) else docs)
    return [folder for folder in dict.fromkeys(folders) if folder.is_dir()]


def register_signature(folder: Path) -> tuple:
    """What the consent register's files are now, links followed: a linked record's target
    changes where no watch on consent/ hears it (red-team round 5), and the register is small
    enough to look at every second (one stat a person)."""
    found = []
    seen: set[str] = set()
    for path, dirs, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(path)
        if real in seen:  # a link back up the tree
            dirs[:] = []
            continue
        seen.add(real)
        for name in files:
            try:
                st = os.stat(os.path.join(path, name))
            except OSError:
                found.append((path, name))
                continue
            found.append((path, name, st.st_mtime_ns, st.st_size, st.st_ino))
    return tuple(sorted(found))


def _ignored(rel: str) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return name.startswith(".") or name.endswith(("~", ".swp", ".tmp")) or "/." in rel


#: Polled by the preview's pages, which reload when it changes (a save was read).
GENERATION_PATH = "/__hromada__/generation"
_NOTE = ('<div class="hx-serve-note" role="note" style="background:#fff3c4;color:#222;padding:.3rem .8rem;'
         'font:.8rem/1.4 system-ui,sans-serif">Preview (<code>hromada serve</code>): drafts and held-back pages '
         'are shown with a banner; %s This page reloads when you save.</div>'
         '<script>(function(){var g="%d";setInterval(function(){fetch("%s",{cache:"no-store"})'
         '.then(function(r){return r.text()}).then(function(t){if(t!==g)location.reload()})'
         '.catch(function(){})},1000)})()</script>')
SEARCH_LAGS = "search finds what the last <code>hromada build</code> indexed, not your latest saves."
NO_SEARCH = "search works once you run <code>hromada build</code>."


def with_preview_note(html: bytes, generation: int, search: bool = False) -> bytes:
    """The page as the site draws it, with a note and a reload-on-save script added at serve
    time only (like `mkdocs serve`'s live reload), at the top of <body> and with nothing to focus,
    so the quick exit stays first in keyboard order; what is drawn stays byte for byte the build's."""
    start = html.find(b"<body")
    end = html.find(b">", start) + 1 if start >= 0 else 0
    if end <= 0:
        return html
    note = _NOTE % (SEARCH_LAGS if search else NO_SEARCH, generation, GENERATION_PATH)
    return html[:end] + note.encode() + html[end:]


class _Handler(BaseHTTPRequestHandler):
    site: PreviewSite
    changes: _Changes

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        hosts = self.headers.get_all("Host") or []
        host = hosts[0] if hosts else None
        if len(hosts) > 1 or not preview_hosts.allowed(host):  # DNS rebinding: another site's page reading it
            status, body, kind = 403, preview_hosts.refusal(host or ""), "text/plain; charset=utf-8"
        elif self.path == GENERATION_PATH:
            self.changes.settle()
            status, body, kind = 200, str(self.site.generation).encode(), "text/plain; charset=utf-8"
        else:
            self.changes.settle()
            status, body, kind = self.site.get(self.path)
            if kind.startswith("text/html"):
                body = with_preview_note(body, self.site.generation, self.site.has_search)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's signature
        log.debug(format, *args)


class PreviewServer:
    """Site, watcher and HTTP server together; `start` returns once the first set-up is done."""

    def __init__(self, config_file: Path, host: str = "127.0.0.1", port: int = 8000):
        self.tmp = tempfile.TemporaryDirectory(prefix="hromada-preview-")
        self.site = PreviewSite(config_file, Path(self.tmp.name) / "site")
        self.changes = _Changes(self.site)
        handler = type("Handler", (_Handler,), {"site": self.site, "changes": self.changes})
        self.httpd = ThreadingHTTPServer((host, port), handler)
        from watchdog.observers import Observer  # starts inotify machinery: only when serving

        self.observer = Observer()
        self._settler: threading.Thread | None = None
        self._stop = threading.Event()
        self._watched: dict[Path, tuple[tuple[int, int], Any]] = {}  # folder -> (its device and inode, its watch)
        self._register: tuple = ()
        self._day: object = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> None:
        self.site.setup()
        self._watch_new_folders()
        self.observer.schedule(self.changes, str(self.site.root), recursive=False)  # mkdocs.yml
        self._register = register_signature(self.site.root / "consent")
        self._day = self._today()
        self.observer.start()
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self._settler = threading.Thread(target=self._settle_loop, daemon=True)
        self._settler.start()

    def _watch_new_folders(self) -> bool:
        """Watch each content or set-up folder not watched yet (one made after the preview
        started, or named anew in mkdocs.yml); True when there was one."""
        new = []
        for folder in watched_folders(self.site):
            try:
                identity = (os.stat(folder).st_dev, os.stat(folder).st_ino)
            except OSError:
                continue
            known = self._watched.get(folder)
            if known is not None and known[0] == identity:
                continue
            if known is not None:  # removed and made again (a checkout): its watch ended with it
                self.observer.unschedule(known[1])
            self._watched[folder] = (identity, self.observer.schedule(self.changes, str(folder), recursive=True))
            new.append(folder)
        return bool(new)

    def _today(self) -> object:
        """The build's day in the site's time zone: expiry, review and schedules are days there."""
        from .build import build_time

        try:
            zone = self.site.hooks._build().settings.zone
        except Exception:  # noqa: BLE001 - no build yet (the content has errors): the UTC day
            zone = timezone.utc
        try:
            return build_time().astimezone(zone).date()
        except ContentError:  # HROMADA_NOW unreadable: the refresh says so on every page
            return None

    def _settle_loop(self) -> None:
        """Refresh soon after a save even when nobody asks, so the next request is quick. Once a
        second it also looks for what no watch can hear: a folder made since the start, a
        consent record changed through a link, and a new day (a consent expires, a review
        falls due, a scheduled page comes out, with no file changed)."""
        looked = time.monotonic()
        while not self._stop.is_set():
            if self.changes.pending.wait(0.2):
                self.changes.settle()
            if time.monotonic() - looked < 1.0:
                continue
            looked = time.monotonic()
            register = register_signature(self.site.root / "consent")
            day = self._today()
            if self._watch_new_folders() or day != self._day or self._unread(register):
                self.changes.last = time.monotonic()
                self.changes.pending.set()
            self._register, self._day = register, day

    def _unread(self, register: tuple) -> bool:
        """Whether the register changed in a way the last refresh did not read: a record
        added, removed or written since it began (a save a watch heard was read already;
        reading it twice would reload the staff's page twice)."""
        if register == self._register:
            return False
        if [entry[:2] for entry in register] != [entry[:2] for entry in self._register]:
            return True
        return any(len(entry) < 5 or entry[2] >= self.changes.read_from_ns for entry in register)

    def stop(self) -> None:
        self._stop.set()
        self.observer.stop()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.observer.join(timeout=5)
        self.site.close()
        self.tmp.cleanup()


def main(config_file: Path, host: str, port: int) -> int:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.WARNING)  # MkDocs' progress lines name temporary folders
    log.setLevel(logging.INFO)
    output.stop_cleanly_on_termination()  # SIGTERM too removes the temporary site (drafts, excluded pages)
    server = PreviewServer(config_file, host, port)
    started = time.perf_counter()
    server.start()
    note = " (the content has errors: every page lists them)" if server.site.problems else ""
    search = ("search finds what the last `hromada build` indexed" if server.site.has_search
              else "search works once you run `hromada build`")
    log.info("Hromada preview at %s, ready in %.1f s%s. Pages are drawn when you open them; %s. Ctrl-C stops.",
             server.url, time.perf_counter() - started, note, search)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0

