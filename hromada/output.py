"""The last gate: check the finished site, write manifest and reports, swap it in.

The build writes into a staging folder beside the target. Only when every
check passed does the staging folder replace the target, so a failed build
leaves the previous site exactly as it was.
"""
from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from . import denylist, images, manifest, reports

#: Files MkDocs and its plugins write that are not pages, assets or listings.
SITE_FILES = {
    "404.html": "not-found page",
    "sitemap.xml": "sitemap of published, indexable pages",
    "sitemap.xml.gz": "sitemap of published, indexable pages",
}


class OutputError(Exception):
    pass


@dataclass
class Staging:
    target: Path
    path: Path

    @classmethod
    def for_target(cls, target: Path) -> "Staging":
        target = target.resolve()
        path = target.with_name(f".{target.name}.hromada-staging-{os.getpid()}")
        if path.exists():
            shutil.rmtree(path)
        return cls(target, path)

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    def swap_in(self) -> None:
        old = self.target.with_name(f".{self.target.name}.hromada-old-{os.getpid()}")
        if self.target.exists():
            self.target.rename(old)
        self.path.rename(self.target)
        shutil.rmtree(old, ignore_errors=True)


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


def account(site: Path, reasons: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The decision behind every output file, and the files nothing accounts for."""
    accounted, unknown = {}, []
    for rel in manifest.files_in(site):
        why = reasons.get(rel) or SITE_FILES.get(rel)
        if why is None:
            unknown.append(rel)
        else:
            accounted[rel] = why
    return accounted, unknown


def image_problems(site: Path) -> list[str]:
    out = []
    for rel in manifest.files_in(site):
        if images.is_image(rel):
            found = images.metadata_in((site / rel).read_bytes())
            if found:
                out.append(f"{rel}: still carries image metadata ({', '.join(found)})")
    return out


def denylist_problems(site: Path) -> list[str]:
    raw = os.environ.get("HROMADA_DENYLIST")
    if not raw:
        return []
    path = Path(raw)
    if not path.is_file():
        return [f"HROMADA_DENYLIST: a readable file (not found: {path})"]
    return [str(hit) for hit in denylist.scan(site, denylist.load(path))]


def finish(*, build, staging: Staging, reasons: Mapping[str, str], strict: bool, warnings: WarningCounter,
           write_reports: bool = True) -> None:
    """Run every output check; on success write the manifest and swap the site in.

    Reports are not written for previews (`mkdocs serve`): a preview must not
    overwrite the list of URLs that a real build took down.
    """
    site = staging.path
    previous = manifest.read(staging.target) if staging.target.is_dir() else None
    accounted, unknown = account(site, reasons)
    current_urls = manifest.urls({"files": accounted})
    if write_reports:
        report = reports.build_report(build.publication, build.people, build.now.date(),
                                      manifest.urls(previous), current_urls)
        reports.write(build.root / "reports", report)
    problems = [f"{rel}: no publication decision accounts for this output file" for rel in unknown]
    problems += image_problems(site)
    problems += denylist_problems(site)
    if strict and warnings.count:
        problems.append(f"mkdocs.yml: strict: {warnings.count} warning(s) in strict mode")
    if problems:
        raise OutputError("Hromada refused to publish this build; the previous site is unchanged:\n  " + "\n  ".join(problems))
    manifest.write(site, accounted, build.now.isoformat())
    staging.swap_in()
