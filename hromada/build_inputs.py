"""Everything a build's output depends on, as one digest: the key of the unchanged-rebuild cache.

`mkdocs build` writes this digest into the manifest. When the next build finds
the same digest in the output folder's manifest, and the folder still matches
that manifest file by file (`manifest.verify`), the folder already *is* what
this build would write, byte for byte, and it is kept as it is instead of being
rebuilt (hooks: `_state["reuse"]`). Any difference at all means a full build.

What goes in:
- every file under docs/, stories/, consent/, overrides/ and hooks/ (and the docs_dir,
  custom_dir and hook files mkdocs.yml names, wherever they are), and mkdocs.yml itself
  (by path and content digest; a file whose size, inode, modification and change
  times are unchanged is not read again: parse_memo's version memo);
- the code: Hromada's own source files and the exact version of every installed
  Python distribution (MkDocs, Material, static-i18n, Pagefind, Pillow, ...);
- what the clock decides: every page's publication decision and which events
  have ended (the only uses of "now" in the output), so a scheduled item going
  live or consent expiring rebuilds the site although no file changed;
- the settings given on the command line (strict mode) and the site's address;
- the deny-list the output check reads (HROMADA_DENYLIST), by content.

The recorded value (the manifest's `inputs`) is that digest followed by `site=`, one digest
of every part of what decides publication (PARTS: content and templates, consent register,
settings, code, deny-list, the clock's decisions), by paths relative to the project and
without the language selection (HROMADA_LANGUAGES): the jobs of one site built from the
same commit record the same one, and `hromada merge` refuses jobs whose digests differ
(`site_digest`). The parts are never recorded one by one: the manifest is published, and a
change in the consent register alone would tell why pages vanished. The first digest alone
still decides an unchanged rebuild.
"""
from __future__ import annotations

import hashlib
import re
import stat
import os
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable

from . import denylist, parse_memo
from .model import Kind
from .parse_memo import Memo

#: Folders of a project whose files are inputs of the build (besides mkdocs.yml).
INPUT_FOLDERS = ("docs", "stories", "consent", "overrides", "hooks")
_DIGESTS: Memo[bytes] = Memo()
#: What decides publication, part by part, as `hromada merge` names a part that differs.
PARTS = {"content": "content and templates", "consent": "consent register", "settings": "settings",
         "code": "code (Hromada and installed packages)", "deny-list": "deny-list (HROMADA_DENYLIST)",
         "decisions": "publication decisions"}
#: The one option in which the jobs of one site differ (hooks: HROMADA_LANGUAGES).
_PER_JOB = "languages"


_INHERIT = re.compile(r"^INHERIT:[ \t]*['\"]?([^'\"#\n]+?)['\"]?[ \t]*(?:#.*)?$", re.M)


def _inherited(config_file: Path) -> Iterable[Path]:
    """The configuration files mkdocs.yml's `INHERIT:` names, and theirs (MkDocs reads each
    relative to the file that names it): their settings decide the site as much as its own."""
    seen = {config_file.resolve()}
    current = config_file
    while True:
        try:
            m = _INHERIT.search(current.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            return
        if not m:
            return
        parent = (current.parent / m.group(1).strip()).resolve()
        if parent in seen:
            return
        seen.add(parent)
        yield parent
        current = parent


def _files(config_file: Path, folders: Iterable[Path]) -> Iterable[Path]:
    yield config_file
    yield from _inherited(config_file)
    for top in sorted({Path(f).resolve() for f in folders}):
        for folder, dirs, files in os.walk(top, followlinks=False):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for f in sorted(files):
                yield Path(folder) / f


def _file_digest(path: Path) -> bytes:
    """A file's digest, remembered by its version; a symbolic link by its own and its target's
    (an edit to the file it points at is an edit: the build reads the target)."""
    st = os.lstat(path)
    key: tuple = (str(path), st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_mode)
    if stat.S_ISLNK(st.st_mode):
        try:
            target = os.stat(path)
            key += (target.st_size, target.st_ino, target.st_mtime_ns, target.st_ctime_ns, target.st_mode)
        except OSError:
            key += ("dangling",)

    def read() -> bytes:
        h = hashlib.blake2b(digest_size=16)
        if path.is_symlink():
            h.update(os.readlink(path).encode() + b"\0")
        if path.is_file():
            h.update(path.read_bytes())
        return h.digest()

    return _DIGESTS.get(key, read)


def _code() -> Iterable[bytes]:
    here = Path(__file__).resolve().parent
    for path in sorted(here.glob("*.py")) + sorted(here.glob("*.yml")):
        yield path.name.encode() + b"\0" + _file_digest(path)
    for dist in sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions()):
        yield dist.encode()


def code_digest() -> str:
    """One digest of the code (Hromada's files, every installed package's version): what the
    search index kept between builds is keyed with (search_cache.py)."""
    h = hashlib.sha256()
    for part in _code():
        h.update(part + b"\n")
    return h.hexdigest()


def _clock(build: Any) -> Iterable[bytes]:
    pub, listings = build.publication, build.listings
    for doc in build.index.docs:
        ended = doc.kind is Kind.EVENT and listings.ended(doc)
        yield f"{doc.src_uri}\0{pub.decision(doc)!r}\0{ended}".encode()


def _denylist() -> bytes:
    """The deny-list the output check will use (HROMADA_DENYLIST), by content: a term added
    to it must make the next build check the whole site again, not keep the old one."""
    raw = os.environ.get(denylist.ENV, "")
    if not raw:
        return b"no deny-list"
    try:
        return b"deny-list\0" + hashlib.blake2b(Path(raw).read_bytes(), digest_size=16).digest()
    except OSError:
        return b"unreadable deny-list\0" + raw.encode()


def fingerprint(build: Any, root: Path, options: dict[str, Any], config_file: Path | None = None,
                folders: Iterable[Path] = ()) -> str:
    """The digest of all inputs of this build, then its parts' (see the module's docstring). `config_file` and
    `folders` are where this site's settings, content, templates and hooks really are
    (mkdocs.yml may name another docs_dir or custom_dir); INPUT_FOLDERS are always read."""
    parse_memo.on_disk(_DIGESTS, root, "inputs")
    h = hashlib.blake2b(b"hromada-build-inputs-1", digest_size=20)
    by_part = {name: hashlib.blake2b(name.encode(), digest_size=16) for name in PARTS}
    denylist = _denylist()
    h.update(denylist + b"\n")
    config_file = config_file or root / "mkdocs.yml"
    prefix = str(root) + os.sep
    for path in _files(config_file, [*(root / n for n in INPUT_FOLDERS), *folders]):
        where = str(path)
        rel = (where[len(prefix):] if where.startswith(prefix) else where).encode()  # the same on every runner
        part = by_part["settings" if path == config_file else "consent" if rel.startswith(b"consent" + os.sep.encode())
                       else "content"]
        try:
            digest = _file_digest(path)
        except OSError:
            h.update(b"unreadable\0" + where.encode())
            part.update(b"unreadable\0" + rel + b"\n")
            continue
        h.update(where.encode() + b"\0" + digest)
        part.update(rel + b"\0" + digest + b"\n")
    for name, items in (("code", _code()), ("decisions", _clock(build))):
        for item in items:
            h.update(item + b"\n")
            by_part[name].update(item + b"\n")
    # the manifest is published: the deny-list's own digest would let anyone confirm a guessed
    # list offline, so its part is keyed with the consent register's (private files, not published;
    # it then differs whenever the register does, and `hromada merge` names the register alone)
    by_part["deny-list"] = hashlib.blake2b(b"deny-list\0" + denylist, digest_size=16, key=by_part["consent"].digest())
    h.update(repr(sorted(options.items())).encode() + b"\n")
    by_part["settings"].update(repr(sorted(o for o in options.items() if o[0] != _PER_JOB)).encode())
    _DIGESTS.end_round()
    # one digest of all the parts, never the parts themselves: the manifest is published, and
    # which part changed when pages vanished (only the consent register, or only the clock's
    # decisions) would tell readers why they vanished (red-team round 4; consent.md: "no trace,
    # no inference"). Every job of one site still records the same one.
    site = hashlib.blake2b(b"site-inputs", digest_size=20)
    for name, d in by_part.items():
        site.update(name.encode() + b"=" + d.digest() + b"\n")
    return f"{h.hexdigest()} {_SITE}={site.hexdigest()}"


#: The name of the site's digest in a manifest's `inputs` (after the unchanged-rebuild key).
_SITE = "site"


def site_digest(inputs: object) -> str | None:
    """The digest of what decided publication (every part, without the job's languages) recorded in
    a manifest's `inputs` (`fingerprint`); None when there is none (an older Hromada, or merged)."""
    if not isinstance(inputs, str):
        return None
    found = dict(p.split("=", 1) for p in inputs.split()[1:] if "=" in p)
    return found.get(_SITE) if set(found) == {_SITE} else None
