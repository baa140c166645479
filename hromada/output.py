"""The last gate: check the finished site, write manifest and reports, swap it in.

The build writes into a staging folder beside the target. Only when every
check passed does the staging folder replace the target (one atomic rename
where the system allows), so a failed or interrupted build leaves the
previous site exactly as it was. Reports are written only for a build that
was published, in the same step as the swap.

Leftovers of builds killed outright (SIGKILL, power loss) are removed by the
next build before it starts, which says so in one line.
"""
from __future__ import annotations

import ctypes
import errno
import gzip
import io
import logging
import os
import re
import shutil
import signal
import stat
import struct
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Mapping

from . import denylist, images, manifest, reports, video
from .languages import LANGUAGES

if TYPE_CHECKING:
    from .early_scan import EarlyScan

#: Files MkDocs and its plugins write that are not pages, assets or listings.
SITE_FILES = {
    "404.html": "not-found page",
    "sitemap.xml": "sitemap of published, indexable pages",
    "sitemap.xml.gz": "sitemap of published, indexable pages",
}
#: Names the environment may give to the manifest a purge list is computed against.
PREVIOUS_ENV = "HROMADA_PREVIOUS_MANIFEST"
_LEFTOVER = re.compile(r"\.(?P<name>.+)\.hromada-(?P<kind>staging|old|scratch|search)-(?P<pid>\d+)")
_SIGNALS = tuple(getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n))
_FS_IMMUTABLE, _FS_APPEND = 0x10, 0x20
_FS_IOC_GETFLAGS = 0x80086601 if struct.calcsize("l") == 8 else 0x80046601


class OutputError(Exception):
    pass


class Interrupted(KeyboardInterrupt):
    """A build stopped by SIGINT, SIGTERM or SIGHUP: unwinds like Ctrl-C so every cleanup runs."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(f"interrupted by {signal.Signals(signum).name}")


def say(line: str) -> None:
    print(f"hromada: {line}", file=sys.stderr, flush=True)


# --- why a path cannot be written, in words -----------------------------------
def _fs_flags(path: Path) -> int:
    """The inode flags (chattr) of a file or folder; 0 when unknown."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return 0
    try:
        import fcntl

        return struct.unpack("i", fcntl.ioctl(fd, _FS_IOC_GETFLAGS, bytes(8))[:4])[0]
    except (OSError, ImportError):
        return 0
    finally:
        os.close(fd)


def _read_only_fs(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def cannot_write(path: Path) -> str:
    """What stops us from changing `path`, as the end of a sentence."""
    flags = _fs_flags(path)
    if flags & _FS_IMMUTABLE:
        return "is immutable (chattr +i)"
    if flags & _FS_APPEND:
        return "is append-only (chattr +a)"
    if _read_only_fs(path):
        return "is on a read-only file system"
    return "is not writable (permission denied)"


def describe(exc: OSError) -> str:
    """One line for a filesystem error: the path and what is wrong with it."""
    path = exc.filename or "?"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) and exc.filename:
        what = cannot_write(Path(exc.filename))
        if exc.filename2:
            what += f" (moving it to {exc.filename2} failed)"
    elif exc.errno == errno.ENOTDIR:
        what = "a file is where a folder should be"
    elif exc.errno == errno.EEXIST:
        what = "already exists and is not a folder" if not Path(path).is_dir() else "already exists"
    else:
        what = exc.strerror or str(exc)
    return f"{path}: {what}"


def _blocked_file(path: str) -> bool:
    """A file unlink() would refuse although its folder is writable: immutable or append-only."""
    try:
        if os.access(path, os.W_OK, follow_symlinks=False):
            return False
    except NotImplementedError:
        return False
    return bool(_fs_flags(Path(path)) & (_FS_IMMUTABLE | _FS_APPEND))


def part_problem(target: Path, languages: Iterable[str]) -> str | None:
    """A part of a site (HROMADA_LANGUAGES, one CI job's languages) never replaces a folder
    holding other languages: a variable left set in a shell replaced the whole site/ with its
    Ukrainian pages, and `verify` passed it (a careless-editor review)."""
    languages = sorted(languages)
    data = manifest.read(target) if target.is_dir() else None
    if data is None or set(languages) >= set(LANGUAGES):
        return None
    held = sorted(data.get("part") or LANGUAGES)
    if held == languages:
        return None
    return (f"{target}: holds the site's {', '.join(held)} pages, and HROMADA_LANGUAGES={','.join(languages)} builds "
            f"the {', '.join(languages)} part alone: build each part into a folder of its own (-d site-"
            f"{'-'.join(languages)}) and join them with hromada merge (README, Scaling out); unset HROMADA_LANGUAGES "
            "to build the whole site")


def replace_problem(target: Path) -> str | None:
    """Why `target` could not be replaced by a new folder beside it (None when it can)."""
    existing = target
    while not os.path.lexists(existing) and existing != existing.parent:
        existing = existing.parent
    if existing != target:  # the target and maybe some parents will be created
        if not existing.is_dir():
            return f"{existing}: is a file, not a folder (the output folder {target} would be inside it)"
        if not os.access(existing, os.W_OK | os.X_OK):
            return f"{existing}: {cannot_write(existing)}, so the output folder cannot be created in it"
        return None
    if target.is_symlink():
        return f"{target}: is a symbolic link that does not lead to a folder; Hromada publishes a site folder there"
    if not target.is_dir():
        return f"{target}: is a file, not a folder; Hromada publishes a site folder there and will not replace a file"
    if os.path.ismount(target):
        return f"{target}: is a mount point, which cannot be swapped atomically; build into a folder inside it"
    parent = target.parent
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"{parent}: {cannot_write(parent)}, so the output folder in it cannot be replaced"
    if not os.access(target, os.W_OK | os.X_OK):
        return f"{target}: {cannot_write(target)}, so the previous site in it cannot be replaced"
    errors: list[OSError] = []
    for top, dirs, names in os.walk(target, onerror=errors.append):
        for name in dirs:
            path = os.path.join(top, name)
            if not os.path.islink(path) and not os.access(path, os.W_OK | os.X_OK):
                return f"{path}: {cannot_write(Path(path))}, so the previous site cannot be replaced"
        for name in names:
            path = os.path.join(top, name)
            if _blocked_file(path):
                return f"{path}: {cannot_write(Path(path))}, so the previous site cannot be replaced"
    if errors:
        return describe(errors[0]) + ", so the previous site cannot be replaced"
    if not (target / manifest.NAME).is_file() and any(os.scandir(target)):
        # `-d consent` by mistake would put the site where the consent register was, and delete it
        return (f"{target}: holds files, but no {manifest.NAME}: it is not a site Hromada built, and building "
                "into it would delete what it holds; name an empty or new folder, or the site folder of an "
                "earlier build (-d site)")
    return None


# --- leftovers of killed builds -------------------------------------------------
def _process_start(pid: int) -> float | None:
    """When process `pid` started (epoch seconds), where /proc tells."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
        ticks = int(stat_line.rsplit(")", 1)[1].split()[19])
        btime = next(int(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines()
                     if line.startswith("btime "))
        return btime + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None


def _alive(pid: int, folder: Path) -> bool:
    """Whether the build that made `folder` may still be running."""
    if pid == os.getpid():
        return False  # an earlier build of this very process (mkdocs serve)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    except OSError:
        return False
    started = _process_start(pid)
    try:
        changed = folder.lstat().st_ctime
    except OSError:
        return False
    # a process that started after the folder last changed cannot have made it: a reused pid
    return started is None or started <= changed + 1


def _rmtree(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        path.unlink()
    else:
        shutil.rmtree(path)


def sweep(target: Path, tell: Callable[[str], None] = say) -> None:
    """Remove the staging and old folders that killed builds left beside `target`.

    A previous site moved aside by a build killed in the middle of a
    (non-atomic) swap is put back when the target is missing."""
    parent = target.parent
    try:
        entries = sorted(parent.iterdir()) if parent.is_dir() else []
    except OSError:
        return
    removed: list[str] = []
    for entry in entries:
        m = _LEFTOVER.fullmatch(entry.name)
        if not m or m["name"] != target.name or _alive(int(m["pid"]), entry):
            continue
        try:
            if m["kind"] == "old" and not os.path.lexists(target):
                os.rename(entry, target)
                tell(f"put back {target} from {entry.name}: a build was killed while swapping the site in")
                continue
            _rmtree(entry)
            removed.append(entry.name)
        except OSError as exc:
            tell(f"could not remove {entry}, left by an interrupted build: {describe(exc)}")
    if removed:
        tell(f"removed {len(removed)} leftover folder(s) of interrupted builds beside {target}: {', '.join(removed)}")


def scratch_folder(target: Path, kind: str = "scratch") -> Path:
    """A new, empty folder of this process's own beside `target`, for what a build must draw
    but never publishes (workers.py: the other process's languages, as far as their home
    page; kind "search": what Pagefind reads, search_input.py). Named like the staging folder,
    so that when a kill leaves it the next build's sweep removes it, as it does a staging
    folder: never a heap of folders in /tmp."""
    path = target.with_name(f".{target.name}.hromada-{kind}-{os.getpid()}")
    if os.path.lexists(path):
        _rmtree(path)
    path.mkdir(parents=True)
    return path


# --- the atomic swap ----------------------------------------------------------
def _renameat2():
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return fn


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one atomic step (Linux renameat2); False where unsupported."""
    fn = _renameat2() if sys.platform.startswith("linux") else None
    if fn is None:
        return False
    if fn(-100, os.fsencode(a), -100, os.fsencode(b), 2) == 0:  # AT_FDCWD, RENAME_EXCHANGE
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b), None, str(a))


@dataclass(eq=False)
class Staging:
    target: Path
    path: Path
    state: str = "building"  # building, swapped, discarded
    interrupted: int | None = None
    _previous_handlers: dict = field(default_factory=dict, repr=False)
    _critical: bool = False
    _pending: int | None = None

    @classmethod
    def for_target(cls, target: Path, tell: Callable[[str], None] = say) -> "Staging":
        """Sweep leftovers, check the target can be replaced, and create the staging folder.

        Raises OutputError (one line) before anything is built when the target
        cannot be replaced; nothing is changed then."""
        target = Path(os.path.abspath(target))
        if target.is_symlink() and target.resolve().is_dir():
            target = target.resolve()  # replace the folder the link points to, keep the link
        path = target.with_name(f".{target.name}.hromada-staging-{os.getpid()}")
        sweep(target, tell)
        problem = replace_problem(target)
        if problem:
            raise OutputError(f"{problem}; nothing was built and {target} is unchanged")
        staging = cls(target, path).guard()  # before the folder exists: no moment it could be orphaned
        try:
            if os.path.lexists(path):
                _rmtree(path)
            path.mkdir(parents=True)
            if target.is_dir():  # the swap must not open the folder to others: `mkdocs serve`'s is private
                os.chmod(path, stat.S_IMODE(target.stat().st_mode))
        except OSError as exc:
            staging.release()
            raise OutputError(f"{describe(exc)}; nothing was built and {target} is unchanged") from None
        return staging

    @property
    def old_path(self) -> Path:
        return self.target.with_name(f".{self.target.name}.hromada-old-{os.getpid()}")

    # -- interrupts: SIGINT, SIGTERM, SIGHUP unwind the build and discard the staging folder
    def guard(self) -> "Staging":
        global _current
        _current = self
        if threading.current_thread() is not threading.main_thread():
            return self
        for sig in _SIGNALS:
            current = signal.getsignal(sig)
            if current in (signal.SIG_IGN, None) or sig in self._previous_handlers:
                continue  # nohup & co.: an ignored signal stays ignored
            self._previous_handlers[sig] = current
            signal.signal(sig, self._on_signal)
        return self

    def release(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for sig, handler in self._previous_handlers.items():
            signal.signal(sig, handler)
        self._previous_handlers.clear()

    def _on_signal(self, signum, frame) -> None:
        if self._critical:  # never between the two halves of a swap: after it
            self._pending = signum
            return
        self.release()
        self.interrupted = signum
        raise Interrupted(signum)

    def discard(self) -> None:
        """Remove the staging folder (after a swap it holds at most the previous site's remains)."""
        if os.path.lexists(self.path):
            shutil.rmtree(self.path, ignore_errors=True)
        if self.state == "building":
            self.state = "discarded"

    def shutdown(self, tell: Callable[[str], None] = say) -> None:
        """End of the mkdocs command: discard an unfinished build and say why, if interrupted."""
        self.release()
        unfinished = self.state != "swapped"
        self.discard()
        if self.interrupted is not None:
            name = signal.Signals(self.interrupted).name
            if unfinished:
                tell(f"build interrupted by {name}: the unfinished build was discarded and {self.target} is unchanged")
            else:
                tell(f"interrupted by {name} after the new site was swapped into {self.target}")

    def swap_in(self, then: Callable[[], None] | None = None) -> None:
        """Put the staging folder in place of the target, then run `then` (commit reports).

        Signals arriving meanwhile take effect after both. Raises OSError when the
        swap failed; the target is then as it was."""
        self._critical = True
        try:
            if not os.path.lexists(self.target):
                os.rename(self.path, self.target)
                old = None
            elif exchange(self.path, self.target):
                old = self.path  # the previous site now sits under the staging name
            else:
                old = self.old_path
                os.rename(self.target, old)
                try:
                    os.rename(self.path, self.target)
                except OSError:
                    os.rename(old, self.target)
                    raise
            self.state = "swapped"
            if then is not None:
                then()
        finally:
            self._critical = False
        if old is not None:
            try:
                _rmtree(old)
            except OSError as exc:
                say(f"could not remove the previous site's copy: {describe(exc)}; the next build removes it")
        if self._pending is not None:
            signum, self._pending = self._pending, None
            self._on_signal(signum, None)


_current: Staging | None = None


def _terminate(signum, frame) -> None:
    raise KeyboardInterrupt


def stop_cleanly_on_termination() -> None:
    """SIGTERM and SIGHUP end a preview as Ctrl-C does, through its `finally`: MkDocs' and
    Hromada's previews then remove their temporary site, which holds drafts and excluded pages.
    (By default they end the process on the spot and leave it in the temporary folder.) A build
    in the preview guards itself (Staging.guard) and restores these handlers after."""
    if threading.current_thread() is not threading.main_thread():
        return
    for sig in _SIGNALS:
        if sig != signal.SIGINT and signal.getsignal(sig) is signal.SIG_DFL:
            signal.signal(sig, _terminate)


def shutdown(tell: Callable[[str], None] = say) -> None:
    """End of the mkdocs command (its `finally`, reached by Ctrl-C, SIGTERM and SIGHUP too):
    discard the last build's staging folder unless it was swapped in, and say why."""
    global _current
    staging, _current = _current, None
    if staging is not None:
        staging.shutdown(tell)


@dataclass
class WarningCounter(logging.Handler):
    """Counts MkDocs warnings: `--strict` aborts only after post_build, too late for us."""

    count: int = 0
    messages: list = field(default_factory=list)

    def __post_init__(self) -> None:
        logging.Handler.__init__(self, level=logging.WARNING)

    def __hash__(self) -> int:
        return id(self)

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        self.messages.append(record.getMessage())

    @classmethod
    def attach(cls) -> "WarningCounter":
        counter = cls()
        logging.getLogger("mkdocs").addHandler(counter)
        return counter

    def detach(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self)


# --- checks on the finished site ------------------------------------------------
def account(site: Path, reasons: Mapping[str, str], files: list[str] | None = None) -> tuple[dict[str, str], list[str]]:
    """The decision behind every output file, and the files nothing accounts for. `files`: the
    site's files (manifest.scan) when the caller has them, so that a large site is walked once."""
    accounted, unknown = {}, []
    for rel in manifest.files_in(site) if files is None else files:
        why = reasons.get(rel) or SITE_FILES.get(rel)
        if why is None:
            unknown.append(rel)
        else:
            accounted[rel] = why
    return accounted, unknown


def image_problems(site: Path, files: list[str] | None = None) -> list[str]:
    """Pictures and videos still carrying metadata; pictures still holding colour under their
    transparent pixels (an erased face comes back by dropping the alpha channel; the gate
    blanks it: images.visible_only); a picture under another kind's name (the gate cleans
    files by their names: a photo named like a font or an icon would go out as it is)."""
    out = []
    for rel in manifest.files_in(site) if files is None else files:
        if not images.is_media(rel) and (kind := images.picture_kind(site / rel)):
            out.append(f"{rel}: a {kind} picture under another kind's name: published as it is, unchecked")
        elif images.is_image(rel):
            data = (site / rel).read_bytes()
            found = images.metadata_in(data)
            if found:
                out.append(f"{rel}: still carries image metadata ({', '.join(found)})")
            hidden = images.hidden_colour(data)
            if hidden:
                out.append(f"{rel}: {hidden} transparent pixel(s) still hold colour that a reader cannot see "
                           f"(dropping the transparency shows it)")
        elif video.is_video(rel):
            found = video.metadata_in((site / rel).read_bytes(), rel)
            if found:
                out.append(f"{rel}: still carries video metadata ({', '.join(found)})")
    return out


def denylist_problems(site: Path, known: dict[str, denylist.Found] | None = None) -> list[str]:
    """Deny-list hits in the site; `known`: contents already scanned (hromada/early_scan.py)."""
    raw = os.environ.get(denylist.ENV)
    if not raw:
        return []
    path = Path(raw)
    if not path.is_file():
        found = "a folder" if path.is_dir() else "not found"
        return [f"HROMADA_DENYLIST: a readable file, one term a line ({found}: {path})"]
    return [str(hit) for hit in denylist.scan(site, denylist.load(path), known)]


def normalise_gzip(site: Path, files: Iterable[str]) -> None:
    """Compressed files without timestamps: MkDocs stamps sitemap.xml.gz with today's date.
    `files`: the site's files (site-relative), as `manifest.scan` just listed them."""
    for rel in files:
        if not rel.endswith(".gz"):
            continue
        path = site / rel
        data = path.read_bytes()
        if data[:2] != b"\x1f\x8b":
            continue
        buf = io.BytesIO()
        with gzip.GzipFile(filename=path.name, mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
            gz.write(gzip.decompress(data))
        if buf.getvalue() != data:
            path.write_bytes(buf.getvalue())


def _commit(pending: "reports.Pending") -> None:
    try:
        pending.commit()
    except OSError as exc:  # renames inside one folder: only a disk failing now gets here
        say(f"the site was published but its reports could not be written: {describe(exc)}")


def previous_manifest(target: Path) -> tuple[dict | None, str | None]:
    """The manifest of the site this build replaces: HROMADA_PREVIOUS_MANIFEST (a file, site
    folder or http(s) URL of the deployed site's manifest), else the one in the output folder."""
    named = os.environ.get(PREVIOUS_ENV, "").strip()
    if named:
        return manifest.load(named), named
    data = manifest.read(target) if target.is_dir() else None
    return data, (str(target / manifest.NAME) if data is not None else None)


def unchanged(target: Path, inputs: str) -> bool:
    """Whether the output folder already holds this very build: its manifest names the same
    inputs (build_inputs) and every file in it still matches the manifest."""
    data = manifest.read(target) if target.is_dir() else None
    return bool(inputs) and data is not None and data.get("inputs") == inputs and not manifest.verify(target, whole=False)


def keep(*, build, staging: Staging, write_reports: bool = True) -> None:
    """An unchanged rebuild: the output folder stays as it is (nothing was rendered into the
    staging folder but the home pages); the report is written again, as dates move on."""
    staging.discard()
    if not write_reports:
        return
    data = manifest.read(staging.target)
    try:  # HROMADA_PREVIOUS_MANIFEST (the site online) may differ from this folder's own build
        previous, source = previous_manifest(staging.target)
    except manifest.ManifestError as exc:
        raise OutputError(f"{PREVIOUS_ENV}: {exc}; {staging.target} is unchanged and the reports were not written") from None
    report = reports.build_report(build.publication, build.people, build.now.date(),
                                  manifest.urls(previous), manifest.urls(data),
                                  purge=_purge(build, previous, source, data),
                                  findings=getattr(build, "report_findings", None))
    try:
        reports.prepare(build.root / "reports", report).commit()
    except OSError as exc:
        say(f"the site is unchanged but its reports could not be written: {describe(exc)}")


def _purge(build, previous: dict | None, source: str | None, data: dict) -> dict:
    """The report's purge list: every address of `previous` (the site online) that this build
    removes or changes, absolute under the previous site's base URL."""
    vanished, changed = manifest.compare(previous, data)
    base = manifest.base_url(build.settings.site_url, (previous or {}).get("site_url"), source)
    return {"previous_manifest": source,
            "vanished": [manifest.absolute(base, u) for u in vanished],
            "changed": [manifest.absolute(base, u) for u in changed]}


def finish(*, build, staging: Staging, reasons: Mapping[str, str], strict: bool, warnings: WarningCounter,
           write_reports: bool = True, inputs: str = "", early: "EarlyScan | None" = None,
           languages: Iterable[str] = LANGUAGES) -> None:
    """Run every output check; on success write the manifest, swap the site in and write the reports.

    A refused build changes nothing: not the site, not reports/. Reports are
    not written for previews (`mkdocs serve`) either: a preview must not
    overwrite the list of URLs that a real build took down.
    """
    site = staging.path
    files, _, odd = manifest.scan(site)  # nothing below adds, removes or renames a file
    normalise_gzip(site, files)  # rewrites some of them in place
    accounted, unknown = account(site, reasons, files)
    problems = [f"{rel}: no publication decision accounts for this output file" for rel in unknown]
    problems += [str(f) for f in odd]
    problems += image_problems(site, files)
    problems += denylist_problems(site, early.result() if early else None)
    if strict and warnings.count:
        problems.append(f"mkdocs.yml: strict: {warnings.count} warning(s) in strict mode")
    previous, source = None, None
    if write_reports:
        try:
            previous, source = previous_manifest(staging.target)
        except manifest.ManifestError as exc:
            problems.append(f"{PREVIOUS_ENV}: {exc}")
    if problems:
        raise OutputError("Hromada refused to publish this build; the previous site is unchanged:\n  " + "\n  ".join(problems))
    data = manifest.write(site, accounted, build.now.isoformat(), build.settings.site_url, inputs, files,
                          part=() if set(languages) >= set(LANGUAGES) else languages)
    pending = None
    if write_reports:
        report = reports.build_report(build.publication, build.people, build.now.date(),
                                      manifest.urls(previous), manifest.urls(data),
                                      purge=_purge(build, previous, source, data),
                                      findings=getattr(build, "report_findings", None))
        try:
            pending = reports.prepare(build.root / "reports", report)
        except OSError as exc:
            raise OutputError(f"{describe(exc)}; nothing was published and the reports are unchanged") from None
    problem = replace_problem(staging.target)
    try:
        if problem:
            raise OutputError(f"{problem}; nothing was published and {staging.target} is unchanged")
        staging.swap_in(then=(lambda: _commit(pending)) if pending else None)
    except OSError as exc:
        raise OutputError(f"{describe(exc)}; nothing was published and {staging.target} is unchanged") from None
    finally:
        if pending is not None and staging.state != "swapped":
            pending.abort()
