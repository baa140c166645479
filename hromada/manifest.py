"""The manifest: proof that a site folder was built through Hromada's gate.

Every file in the published folder is listed with its hash and the decision
that put it there. `hromada verify DIR` refuses a folder holding anything the
manifest does not account for, so a site built without the hooks (or edited
by hand afterwards) cannot be deployed by mistake.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

NAME = "hromada-manifest.json"
VERSION = 1


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def files_in(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() and p.name != NAME)


def write(site: Path, reasons: Mapping[str, str], built: str) -> dict:
    entries = {rel: {"sha256": sha256(site / rel), "why": reasons[rel]} for rel in files_in(site)}
    data = {"generator": "hromada", "version": VERSION, "built": built, "files": entries}
    (site / NAME).write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return data


def read(site: Path) -> dict | None:
    path = site / NAME
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("files"), dict) else None


@dataclass(frozen=True)
class Finding:
    path: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


def verify(site: Path) -> list[Finding]:
    """Everything wrong with a folder as a deployable Hromada site (empty when it is fine)."""
    if not site.is_dir():
        return [Finding(str(site), "not a folder")]
    data = read(site)
    if data is None:
        return [Finding(NAME, "missing or unreadable: this folder was not built by Hromada's hooks")]
    listed: dict = data["files"]
    findings = []
    for rel in files_in(site):
        entry = listed.get(rel)
        if entry is None:
            findings.append(Finding(rel, "not in the manifest: no publication decision accounts for it"))
        elif entry.get("sha256") != sha256(site / rel):
            findings.append(Finding(rel, "changed after the build (hash differs from the manifest)"))
    present = set(files_in(site))
    findings += [Finding(rel, "listed in the manifest but missing") for rel in sorted(set(listed) - present)]
    return findings


def urls(data: dict | None) -> set[str]:
    """Site-relative URLs a manifest accounts for: pages as folder URLs, other files as paths."""
    if not data:
        return set()
    return {rel[: -len("index.html")] if rel.endswith("index.html") else rel for rel in data.get("files", {})}
