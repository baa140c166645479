"""The manifest: proof that a site folder was built through Hromada's gate.

Every file in the published folder is listed with its hash and the decision
that put it there, and every published URL with the hash of its content
(pages as folder URLs like `uk/news/x/`, other files by path). `hromada verify
DIR` refuses a folder holding anything the manifest does not account for, so a
site built without the hooks (or edited by hand afterwards) cannot be deployed
by mistake. Comparing two manifests gives the purge list: every URL that
vanished or whose content changed.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

NAME = "hromada-manifest.json"
VERSION = 2
#: A deployed manifest bigger than this is not a manifest.
MAX_BYTES = 256 * 1024 * 1024


class ManifestError(Exception):
    """A manifest that cannot be read: the message is one line naming it."""


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


@dataclass(frozen=True)
class Finding:
    path: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


def scan(site: Path) -> tuple[list[str], list[str], list[Finding]]:
    """Regular files (site-relative, sorted, the root manifest left out), folders, and
    everything that is neither a regular file nor a folder, or sits where no manifest may."""
    files, folders, odd = [], [], []

    def unreadable(exc: OSError) -> None:
        rel = Path(exc.filename).relative_to(site).as_posix() if exc.filename else str(site)
        odd.append(Finding(rel, f"cannot be read ({exc.strerror})"))

    root = os.fspath(site)
    for top, dirs, names in os.walk(root, followlinks=False, onerror=unreadable):
        # plain strings, not Path objects: a large site has tens of thousands of files
        rel_top = os.path.relpath(top, root).replace(os.sep, "/")
        prefix = "" if rel_top == "." else rel_top + "/"
        for name in sorted(dirs):
            path = os.path.join(top, name)
            if os.path.islink(path):
                dirs.remove(name)
                odd.append(Finding(prefix + name, f"a symbolic link (to {os.readlink(path)}): a site holds only real files and folders"))
            else:
                folders.append(prefix + name)
        for name in names:
            rel = prefix + name
            path = os.path.join(top, name)
            try:
                mode = os.lstat(path).st_mode
            except OSError as exc:
                odd.append(Finding(rel, f"cannot be read ({exc.strerror})"))
                continue
            if stat.S_ISLNK(mode):
                odd.append(Finding(rel, f"a symbolic link (to {os.readlink(path)}): a site holds only real files and folders"))
            elif not stat.S_ISREG(mode):
                odd.append(Finding(rel, "a special file (device, pipe or socket), not a regular file"))
            elif name == NAME and prefix:
                odd.append(Finding(rel, "a manifest inside a sub-folder: only the site's own manifest, at its root, may exist"))
            elif rel != NAME:
                files.append(rel)
    return sorted(files), sorted(folders), sorted(odd, key=lambda f: f.path)


def files_in(site: Path) -> list[str]:
    """Regular files of a site (site-relative, sorted), without the root manifest."""
    return scan(site)[0]


def url_of(rel: str) -> str:
    """The URL a file is served at: a page as its folder URL, anything else by its path."""
    if rel == "index.html":
        return ""
    return rel[: -len("index.html")] if rel.endswith("/index.html") else rel


def write(site: Path, reasons: Mapping[str, str], built: str, site_url: str = "", inputs: str = "",
          files: list[str] | None = None, part: Iterable[str] = ()) -> dict:
    """`inputs`: the digest of everything the build read (build_inputs), the unchanged-rebuild key;
    `files`: the site's files, when the caller has just listed them (`scan`); `part`: the
    languages of a part of a site (HROMADA_LANGUAGES), which is no site to deploy alone."""
    entries = {rel: {"sha256": sha256(site / rel), "why": reasons[rel]} for rel in (files_in(site) if files is None else files)}
    data = {"generator": "hromada", "version": VERSION, "built": built, "site_url": site_url or "",
            "files": entries, "urls": {url_of(rel): e["sha256"] for rel, e in entries.items()}}
    if inputs:
        data["inputs"] = inputs
    if part:
        data["part"] = sorted(part)
    (site / NAME).write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return data


def _valid(data) -> bool:
    return (isinstance(data, dict) and isinstance(data.get("files"), dict)
            and all(isinstance(e, dict) and isinstance(e.get("sha256"), str) for e in data["files"].values()))


def read(site: Path) -> dict | None:
    path = site / NAME
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return data if _valid(data) else None


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def load(source: str, *, missing_ok: bool = False) -> dict | None:
    """A manifest from a file, a site folder, or an http(s) URL (fetched only when asked for).

    Raises ManifestError (one line naming the source); returns None only when
    `missing_ok` and nothing is there (a first deployment)."""
    if is_url(source):
        import urllib.error  # here: urllib.request brings http, ssl and email, 15 ms of every `hromada check`
        import urllib.request

        try:
            with urllib.request.urlopen(urllib.request.Request(source, headers={"Cache-Control": "no-cache"}),
                                        timeout=60) as response:
                raw = response.read(MAX_BYTES + 1)
        except urllib.error.HTTPError as exc:
            if exc.code in (404, 410) and missing_ok:
                return None
            raise ManifestError(f"{source}: could not be fetched (HTTP {exc.code} {exc.reason})") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ManifestError(f"{source}: could not be fetched ({reason})") from None
    else:
        path = Path(source)
        if path.is_dir():
            path = path / NAME
        if not path.exists() and missing_ok:
            return None
        try:
            with path.open("rb") as f:
                raw = f.read(MAX_BYTES + 1)
        except OSError as exc:
            raise ManifestError(f"{path}: could not be read ({exc.strerror or exc})") from None
    if len(raw) > MAX_BYTES:
        raise ManifestError(f"{source}: larger than {MAX_BYTES // 2**20} MB: not a Hromada manifest")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise ManifestError(f"{source}: not a Hromada manifest (not valid JSON)") from None
    if not _valid(data):
        raise ManifestError(f"{source}: not a Hromada manifest (no 'files' with a sha256 each)")
    return data


def url_hashes(data: Mapping | None) -> dict[str, str]:
    """Published URL -> content hash (older manifests: derived from their files)."""
    if not data:
        return {}
    recorded = data.get("urls")
    if isinstance(recorded, dict) and all(isinstance(v, str) for v in recorded.values()):
        return dict(recorded)
    return {url_of(rel): entry["sha256"] for rel, entry in data.get("files", {}).items()}


def urls(data: Mapping | None) -> set[str]:
    """Site-relative URLs a manifest accounts for: pages as folder URLs, other files as paths."""
    return set(url_hashes(data))


def compare(previous: Mapping | None, current: Mapping | None) -> tuple[list[str], list[str]]:
    """URLs that vanished since `previous`, and URLs whose content changed, the manifest
    itself included (both site-relative, sorted)."""
    before, after = url_hashes(previous), url_hashes(current)
    vanished = sorted(u for u in before if u not in after)
    changed = [u for u in before if u in after and before[u] != after[u]]
    if previous and current and (vanished or changed or previous.get("built") != current.get("built")):
        changed.append(NAME)  # a cached manifest would make the next purge list start from the wrong site
    return vanished, sorted(changed)


def base_url(*candidates: str | None) -> str:
    """The first usable site URL: a site_url, or the folder of a manifest's http(s) URL."""
    for c in candidates:
        if not c:
            continue
        if c.endswith(NAME) and is_url(c):
            c = c[: -len(NAME)]
        parts = urllib.parse.urlsplit(c)
        if parts.scheme in ("http", "https") and parts.netloc:
            return c
    return ""


def absolute(base: str, url: str) -> str:
    """The URL to purge, as browsers request it (percent-encoded): absolute under `base`,
    or root-relative (`/uk/news/x/`) without one."""
    path = urllib.parse.quote(url.lstrip("/"), safe="/!$&'()*+,;=:@-._~")
    return (base.rstrip("/") if base else "") + "/" + path


def verify(site: Path, whole: bool = True) -> list[Finding]:
    """Everything wrong with a folder as a deployable Hromada site (empty when it is fine);
    `whole=False`: a part of a site (one CI job's languages) is fine too."""
    if site.is_symlink():
        return [Finding(str(site), "a symbolic link: verify (and deploy) the real folder")]
    if not site.is_dir():
        return [Finding(str(site), "not a folder")]
    data = read(site)
    if data is None:
        return [Finding(NAME, "missing or unreadable: this folder was not built by Hromada's hooks")]
    manifest_path = site / NAME
    if manifest_path.is_symlink():
        return [Finding(NAME, "a symbolic link: the manifest must be the build's own file")]
    if whole and data.get("part"):
        return [Finding(NAME, f"a part of a site (its {', '.join(map(str, data['part']))} pages alone, built with "
                              "HROMADA_LANGUAGES): deploy the whole site, which hromada merge joins from the parts")]
    listed: dict = data["files"]
    files, folders, findings = scan(site)
    for rel in files:
        entry = listed.get(rel)
        if entry is None:
            findings.append(Finding(rel, "not in the manifest: no publication decision accounts for it"))
            continue
        try:
            digest = sha256(site / rel)
        except OSError as exc:
            findings.append(Finding(rel, f"cannot be read ({exc.strerror})"))
            continue
        if entry.get("sha256") != digest:
            findings.append(Finding(rel, "changed after the build (hash differs from the manifest)"))
    named = {f.path for f in findings}
    findings += [Finding(rel, "listed in the manifest but missing") for rel in sorted(set(listed) - set(files))
                 if rel not in named]
    holding = {parent for rel in listed for parent in _parents(rel)}
    findings += [Finding(d + "/", "a folder the manifest does not account for (no listed file inside)")
                 for d in folders if d not in holding]
    recorded = data.get("urls")
    if recorded is not None:
        derived = {url_of(rel): e["sha256"] for rel, e in listed.items()}
        if recorded != derived:
            findings.append(Finding(NAME, "its URL hashes disagree with its file hashes: the manifest was edited"))
    return findings


def _parents(rel: str) -> list[str]:
    parts = rel.split("/")[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]
