"""Everything that lies in the content folders, sorted into pages, assets and mistakes.

Default deny starts here: MkDocs would copy any file in `docs/` verbatim (a
.heic photo with its GPS, a .pdf, an editor backup) and follow symbolic links
anywhere on the machine. Hromada looks at every file itself, once, so that
only pages and media it can clean, and that a published page declares, ever
reach the site; everything else is listed for staff, never copied.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem

#: Suffixes MkDocs treats as Markdown (mkdocs.utils.markdown_extensions), compared case-blind.
MARKDOWN_LIKE = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")
#: What editors and merge tools leave behind.
BACKUP_SUFFIXES = (".bak", ".orig", ".rej", ".swp", ".swo", ".tmp", ".old")


@dataclass(frozen=True)
class ContentFiles:
    """One look at the content folders.

    `assets` maps an asset's src_uri (relative to docs/, or `stories/...`) to
    its path: every regular file that is not a page, whatever it is; whether
    it may be published is decided elsewhere. `ignored` are files that are
    never published and need no decision (editor backups), with the reason.
    """

    pages: tuple[Path, ...]
    assets: dict[str, Path]
    ignored: dict[str, str]
    problems: tuple[Problem, ...]


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _is_backup(name: str) -> bool:
    return name.endswith("~") or name.startswith("#") or name.lower().endswith(BACKUP_SUFFIXES)


def scan(root: Path, docs_dir: Path, stories_dir: Path) -> ContentFiles:
    """Walk docs/ and stories/ without following links; sort what is there."""
    root, docs_dir, stories_dir = root.resolve(), docs_dir.resolve(), stories_dir.resolve()
    pages: list[Path] = []
    assets: dict[str, Path] = {}
    ignored: dict[str, str] = {}
    problems: list[Problem] = []
    for top, base in ((docs_dir, docs_dir), (stories_dir, stories_dir.parent)):
        if not top.is_dir():
            continue
        for folder, dirnames, filenames in os.walk(top, followlinks=False):
            here = Path(folder)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            if here == docs_dir and "templates" in dirnames:  # MkDocs never reads docs/templates/
                dirnames.remove("templates")
            for name in list(dirnames):
                path = here / name
                if path.is_symlink():
                    dirnames.remove(name)
                    problems.append(Problem(_rel(path, root), "file", "a real folder, not a symbolic link (links are not followed)"))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue  # MkDocs never reads hidden files
                path = here / name
                rel = _rel(path, root)
                if path.is_symlink():
                    try:
                        target = path.resolve(strict=True)
                    except (OSError, RuntimeError):  # points nowhere, or round in a loop
                        problems.append(Problem(rel, "file", "a symbolic link to a file that exists (this one points nowhere)"))
                        continue
                    if not _inside(target, root):
                        problems.append(Problem(rel, "file", "a file inside the repository (this symbolic link points outside it and is not followed)"))
                        continue
                if not path.is_file():
                    problems.append(Problem(rel, "file", "a regular file (sockets, devices and pipes are never published)"))
                    continue
                lower = name.lower()
                if _is_backup(name):
                    ignored[rel] = "editor backup or temporary file"
                elif name.endswith(".md"):
                    pages.append(path)
                elif lower.endswith(MARKDOWN_LIKE):
                    problems.append(Problem(rel, "file name", "a page name ending in .md, in lower case (MkDocs would copy this file as it is)"))
                else:
                    assets[path.relative_to(base).as_posix()] = path
    return ContentFiles(tuple(pages), assets, ignored, tuple(problems))


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
