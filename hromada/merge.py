"""`hromada merge`: one site from the folders of per-language build jobs (HROMADA_LANGUAGES).

Each job's folder must pass `hromada verify` on its own, and every job must have been
built from the same inputs and publication decisions: the digest its manifest records of
them (build_inputs.site_digest: content and templates, consent register, settings, code,
deny-list, the clock's decisions; not the job's languages) is the same in every job,
so no job publishes what another job's build withdrew. Files two jobs both wrote
(Pagefind's scripts, for example) must be the same bytes; the Pagefind entry
files are merged language by language (as search_index.Indexer does within one
build); one manifest is written for the whole, from the jobs' publication
reasons, and the result must pass `hromada verify` before anything is deployed.
A refused merge leaves no folder behind.
"""
from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

from . import build_inputs, manifest
from .languages import LANGUAGES
from .search_index import ENTRY as INDEX_ENTRY, FOLDER, sort_entry

ENTRY = f"{FOLDER}/{INDEX_ENTRY}"


class MergeError(Exception):
    """Why the folders cannot be one site: one line per problem."""


FIX = "rebuild every language job from the same commit"


#: What may differ between two jobs whose digests differ (the manifest records no more: build_inputs).
DIFFERS = ", ".join(build_inputs.PARTS.values())


def same_inputs(jobs: list[tuple[Path, str | None]]) -> list[str]:
    """One line for each job not built from the same inputs and publication decisions as the
    others: compared with the digest most jobs share (the first job's when as many share others)."""
    problems = [f"{source}: no record of the inputs it was built from (a folder built by an older Hromada, "
                f"or merged): {FIX}" for source, digest in jobs if not digest]
    if problems:
        return problems
    digests = [digest for _, digest in jobs]
    common = Counter(digests).most_common(1)[0][0]
    reference = jobs[digests.index(common)][0]
    return [f"{source}: not built from the same inputs as {reference} (one of: {DIFFERS}): {FIX}"
            for source, digest in jobs if digest != common]


def merge(sources: list[Path], target: Path) -> int:
    """Join `sources` into the new folder `target`; return the number of files."""
    if target.exists():
        raise MergeError(f"{target}: a folder that does not exist yet (the merged site is written there)")
    problems = [f"{source}: {finding.problem}" if finding.path == str(source) else f"{source}/{finding}"
                for source in sources for finding in manifest.verify(source, whole=False)]
    if problems:
        raise MergeError("\n".join(problems))
    from .output import denylist_problems  # (the build's own scan, when HROMADA_DENYLIST is set)

    problems = [f"{source}/{hit}" for source in sources for hit in denylist_problems(source)]
    if problems:
        raise MergeError("\n".join(problems))
    data = [(source, manifest.read(source)) for source in sources]
    site_urls = {d.get("site_url", "") for _, d in data}
    if len(site_urls) > 1:
        raise MergeError(f"site_url: the same in every job (found {', '.join(sorted(site_urls))})")
    problems = same_inputs([(source, build_inputs.site_digest(d.get("inputs"))) for source, d in data])
    if problems:
        raise MergeError("\n".join(problems))
    owner: dict[str, tuple[Path, dict]] = {}
    entries: list[dict] = []
    for source, d in data:
        for rel, entry in sorted(d["files"].items()):
            if rel == ENTRY:
                entries.append(json.loads((source / rel).read_text(encoding="utf-8")))
                continue
            seen = owner.get(rel)
            if seen is not None and seen[1]["sha256"] != entry["sha256"]:
                problems.append(f"{rel}: the same file in every job that writes it ({seen[0]} and {source} differ)")
            owner.setdefault(rel, (source, entry))
    languages: dict = {}
    for entry in entries:
        for lang, value in entry.get("languages", {}).items():
            if languages.setdefault(lang, value) != value:
                problems.append(f"{ENTRY}: each language's search index from one job ({lang} comes from two)")
    if problems:
        raise MergeError("\n".join(problems))
    staging = target.with_name(f".{target.name}.merging")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        reasons = {}
        for rel, (source, entry) in owner.items():
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / rel, staging / rel)
            reasons[rel] = entry["why"]
        if entries:
            (staging / ENTRY).parent.mkdir(parents=True, exist_ok=True)
            (staging / ENTRY).write_text(json.dumps({**entries[0], "languages": languages}, ensure_ascii=False,
                                                    separators=(",", ":")), encoding="utf-8")
            sort_entry(staging / ENTRY)
            reasons[ENTRY] = next(d["files"][ENTRY]["why"] for _, d in data if ENTRY in d["files"])
        built = max(d.get("built", "") for _, d in data)
        held = {lang for _, d in data for lang in d.get("part") or LANGUAGES}
        manifest.write(staging, reasons, built, site_urls.pop() if site_urls else "",
                       part=() if held >= set(LANGUAGES) else held)
        findings = manifest.verify(staging, whole=False)
        if findings:
            raise MergeError("\n".join(str(f) for f in findings))
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return len(reasons)
