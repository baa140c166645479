"""Staff reports written beside the site (never inside it) on every published build.

What was published per language, what was excluded and why, consent that
expires or needs review soon, URLs that vanished since the last build (to purge
from caches and web archives), and the purge list: every URL that vanished or
whose content changed since the previous manifest.

Reports are staged as hidden files and put in place only together with the
site (`prepare`, then `Pending.commit` right after the swap): a refused build
leaves reports/ exactly as it was.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Iterable, Mapping

from .consent import Person
from .languages import LANGUAGES
from .publication import Publication

SOON_DAYS = 30


def consent_due(people: Mapping[str, Person], pub: Publication, today: date, days: int = SOON_DAYS) -> list[dict]:
    """Records whose consent expires or needs review within `days`, or whose review is overdue
    (the build report looks SOON_DAYS ahead, `hromada status` further)."""
    used_by: dict[str, list[str]] = {}
    for doc in pub.index.docs:
        for ref in doc.people:
            used_by.setdefault(ref, []).append(doc.path)
    horizon = today + timedelta(days=days)
    rows = []
    for ref, person in sorted(people.items()):
        if person.status != "given":
            continue
        for what, when in (("expires", person.expires), ("review_by", person.review_by)):
            if when is not None and when <= horizon and (what == "review_by" or when >= today):
                rows.append({"ref": ref, "record": person.path, "what": what, "date": when.isoformat(),
                             "overdue": when < today, "pages": sorted(used_by.get(ref, []))})
    return rows


def stale_translations(pub: Publication) -> list[dict]:
    """Translations whose original changed after the date they were translated from."""
    rows = []
    for doc in pub.index.docs:
        if not doc.translation_of:
            continue
        try:
            translated_from = date.fromisoformat(doc.translation_of[:10])
        except ValueError:
            continue  # a revision id, not a date: nothing to compare
        versions = pub.index.versions(doc.key)
        originals = [v for v in versions.values() if not v.translation_of and v is not doc]
        original = next((v for v in originals if v.lang == "en"), originals[0] if originals else None)
        if original and original.modified and original.modified.date() > translated_from:
            rows.append({"file": doc.path, "translated_from": translated_from.isoformat(),
                         "original": original.path, "original_updated": original.modified.date().isoformat()})
    return sorted(rows, key=lambda r: r["file"])


def build_report(pub: Publication, people: Mapping[str, Person], today: date,
                 previous_urls: Iterable[str], current_urls: Iterable[str], *,
                 purge: Mapping | None = None, findings: Mapping[str, list[str]] | None = None) -> dict:
    """`purge`: {"previous_manifest", "vanished", "changed"} against the previous manifest;
    `findings`: extra sections (title -> lines) written as they are."""
    published = {
        lang: sorted(({"url": "/" + d.url, "file": d.path, "search": pub.decision(d).search,
                       "feeds": pub.decision(d).feeds} for d in pub.published(lang)), key=lambda r: r["url"])
        for lang in LANGUAGES
    }
    excluded = sorted(
        ({"file": d.path, "language": d.lang, "rules": [r.code for r in dec.reasons],
          "why": [r.detail for r in dec.reasons]} for d, dec in pub.excluded()),
        key=lambda r: (r["file"], r["language"]),
    )
    warnings = [{"file": d.path, "language": d.lang, "rule": w.code, "why": w.detail} for d, w in pub.warnings()]
    return {
        "built_at": pub.now.isoformat(),
        "published": published,
        "excluded": excluded,
        "warnings": warnings,
        "consent_due": consent_due(people, pub, today),
        "stale_translations": stale_translations(pub),
        # Pagefind's chunks are named by content hash and change every build: not worth purging
        "disappeared_urls": sorted(u for u in set(previous_urls) - set(current_urls) if not u.startswith("pagefind/")),
        "purge": {"previous_manifest": (purge or {}).get("previous_manifest"),
                  "vanished": sorted((purge or {}).get("vanished", [])),
                  "changed": sorted((purge or {}).get("changed", []))},
        "findings": {str(title): [str(line) for line in lines] for title, lines in (findings or {}).items()},
    }


def to_markdown(report: dict) -> str:
    lines = [f"# Hromada build report", "", f"Built for {report['built_at']}.", "", "## Published", ""]
    lines += ["| Language | Pages | Out of search | Out of feeds |", "| --- | --- | --- | --- |"]
    for lang, rows in report["published"].items():
        lines.append(f"| {lang} | {len(rows)} | {sum(not r['search'] for r in rows)} | {sum(not r['feeds'] for r in rows)} |")
    lines += ["", "## Excluded", ""]
    if report["excluded"]:
        lines += ["| File | Language | Rule | Why |", "| --- | --- | --- | --- |"]
        lines += [f"| {r['file']} | {r['language']} | {', '.join(r['rules'])} | {'; '.join(r['why'])} |" for r in report["excluded"]]
    else:
        lines.append("Nothing was excluded.")
    lines += ["", "## Warnings", ""]
    lines += [f"- {w['file']} ({w['language']}): {w['why']}" for w in report["warnings"]] or ["None."]
    lines += ["", f"## Consent expiring or due for review within {SOON_DAYS} days", ""]
    lines += [
        f"- {r['ref']} ({r['record']}): {'review' if r['what'] == 'review_by' else 'expires'} {r['date']}"
        f"{' — OVERDUE' if r['overdue'] else ''}; used by {', '.join(r['pages']) or 'no page'}"
        for r in report["consent_due"]
    ] or ["None."]
    lines += ["", "## Translations older than their original", ""]
    lines += [f"- {r['file']}: translated from the version of {r['translated_from']}; "
              f"{r['original']} was updated {r['original_updated']}" for r in report["stale_translations"]] or ["None."]
    lines += ["", "## URLs gone since the previous build (purge from caches and archives)", "",
              "Pages end with /, other files (images, feeds, calendars) are listed by path. "
              "Every build appends these to reports/gone-urls.log, so none is lost.", ""]
    lines += [f"- {u}" for u in report["disappeared_urls"]] or ["None."]
    purge = report.get("purge") or {}
    lines += ["", "## Purge from caches and CDNs: every URL that vanished or changed", ""]
    if purge.get("previous_manifest"):
        lines += [f"Compared with {purge['previous_manifest']}. Vanished and changed pages still sit in "
                  "browser, proxy and CDN caches until purged; search index files included "
                  "(`hromada purge-list` prints the same list).", ""]
        for title, key in (("Vanished", "vanished"), ("Changed", "changed")):
            lines += [f"### {title}", ""]
            lines += [f"- {u}" for u in purge.get(key, [])] or ["None."]
            lines.append("")
        lines.pop()
    else:
        lines.append("No previous manifest to compare with (a first build, or a fresh output folder): set "
                     "HROMADA_PREVIOUS_MANIFEST to the deployed site's hromada-manifest.json (file or URL).")
    for title, rows in (report.get("findings") or {}).items():
        lines += ["", f"## {title}", ""]
        lines += [f"- {row}" for row in rows] or ["None."]
    return "\n".join(lines) + "\n"


_TEMP = re.compile(r"\.(?P<name>.+)\.hromada-tmp-(?P<pid>\d+)")


@dataclass
class Pending:
    """Report files written under hidden names, put in place by `commit` (renames only)."""

    folder: Path
    files: list[tuple[Path, Path]] = field(default_factory=list)  # (temporary, final)
    created: bool = False

    def commit(self) -> None:
        for tmp, final in self.files:
            os.replace(tmp, final)
        self.files = []

    def abort(self) -> None:
        for tmp, _ in self.files:
            try:
                tmp.unlink()
            except OSError:
                pass
        self.files = []
        if self.created:
            try:
                self.folder.rmdir()
            except OSError:
                pass


def _remove_stale_temps(folder: Path) -> None:
    """Hidden report files of builds killed between writing and committing them."""
    for entry in folder.iterdir():
        m = _TEMP.fullmatch(entry.name)
        if m and int(m["pid"]) != os.getpid():
            try:
                os.kill(int(m["pid"]), 0)
            except ProcessLookupError:
                entry.unlink(missing_ok=True)
            except OSError:
                pass


def prepare(folder: Path, report: dict) -> Pending:
    """Write this build's report, and the log of vanished URLs with this build's appended,
    under hidden names; raises OSError (nothing changed) when the folder cannot take them."""
    if os.path.lexists(folder) and not folder.is_dir():
        raise NotADirectoryError(20, "Not a directory", str(folder))
    pending = Pending(folder, created=not folder.exists())
    folder.mkdir(parents=True, exist_ok=True)
    try:
        _remove_stale_temps(folder)
        contents = {
            "build-report.json": (json.dumps(report, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
            "build-report.md": to_markdown(report).encode("utf-8"),
        }
        if report["disappeared_urls"]:
            log = folder / "gone-urls.log"
            before = log.read_bytes() if log.exists() else b""
            if before and not before.endswith(b"\n"):
                before += b"\n"
            contents["gone-urls.log"] = before + "".join(
                f"{report['built_at']}\t{url}\n" for url in report["disappeared_urls"]).encode("utf-8")
        for name, data in contents.items():
            tmp = folder / f".{name}.hromada-tmp-{os.getpid()}"
            pending.files.append((tmp, folder / name))
            tmp.write_bytes(data)
    except BaseException:
        pending.abort()
        raise
    return pending


def write(folder: Path, report: dict) -> None:
    """Write this build's report, and append vanished URLs to a log that outlives it."""
    prepare(folder, report).commit()
