"""The search index: Pagefind, run on the finished site, one index per language.

Pagefind splits the index by <html lang> and into small chunks, so a reader
downloads only their language's index, and only the parts a query needs.
Only elements marked data-pagefind-body (a published page's own article, for
pages whose people allow the `search` channel) are indexed.

Pagefind's output is the same for the same site, byte for byte, except
pagefind-entry.json: Pagefind writes its per-language map from a Rust HashMap,
whose order is randomised per process (not a threading effect: one thread
gives the same variation). `build` rewrites that file with languages sorted.
"""
from __future__ import annotations

import ctypes
import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

FOLDER = "pagefind"
#: Pagefind's ready-made UIs: Hromada draws results in Material's own panel.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


class SearchIndexError(Exception):
    pass


def executable() -> str:
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:  # a broken install, not a content problem
        raise SearchIndexError("the pagefind-bin package is missing: pip install -e .") from exc
    return str(get_executable())


def build(site: Path) -> list[str]:
    """Index `site` in place; return the files written (site-relative)."""
    out = site / FOLDER
    if out.exists():
        shutil.rmtree(out)
    try:
        proc = subprocess.run([executable(), "--site", str(site), "--output-subdir", FOLDER, "--silent"],
                              capture_output=True, text=True,
                              preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
    except OSError as exc:
        raise SearchIndexError(f"Pagefind could not be started: {exc}") from None
    if proc.returncode != 0:
        raise SearchIndexError("Pagefind failed to index the site: " + (proc.stderr or proc.stdout).strip()[-2000:])
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    sort_entry(out / "pagefind-entry.json")
    return sorted(p.relative_to(site).as_posix() for p in out.rglob("*") if p.is_file())


def _die_with_parent() -> None:
    """In the child: a build killed outright (SIGKILL) takes Pagefind with it, so
    no orphan keeps writing into a staging folder the next build removes."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def sort_entry(path: Path) -> None:
    """Pagefind's entry file with its languages in a stable order (same JSON, same meaning)."""
    if not path.is_file():
        return
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise SearchIndexError(f"Pagefind wrote an unreadable {path.name}: {exc}") from None
    if isinstance(data, dict) and isinstance(data.get("languages"), dict):
        data["languages"] = dict(sorted(data["languages"].items()))
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
