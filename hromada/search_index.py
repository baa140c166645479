"""The search index: Pagefind, run on the finished site, one index per language.

Pagefind splits the index by <html lang> and into small chunks, so a reader
downloads only their language's index, and only the parts a query needs.
Only elements marked data-pagefind-body (a published page's own article, for
pages whose people allow the `search` channel) are indexed.
"""
from __future__ import annotations

import shutil
import subprocess
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
    proc = subprocess.run([executable(), "--site", str(site), "--output-subdir", FOLDER, "--silent"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SearchIndexError("Pagefind failed to index the site: " + (proc.stderr or proc.stdout).strip()[-2000:])
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    return sorted(p.relative_to(site).as_posix() for p in out.rglob("*") if p.is_file())
