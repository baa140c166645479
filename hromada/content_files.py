"""Everything that lies in the content folders, sorted into pages, assets and mistakes.

Default deny starts here: MkDocs would copy any file in `docs/` verbatim (a
.heic photo with its GPS, a .pdf, an editor backup) and follow symbolic links
anywhere on the machine. Hromada looks at every file itself, once, so that
only pages and media it can clean, and that a published page declares, ever
reach the site; everything else is listed for staff, never copied.

Names are compared byte for byte: a translation finds its original, and a page
its images, by the file name. The same name can be written in two ways in
Unicode (`й` as one letter, NFC, or as `и` and a combining breve, NFD, as some
Mac tools write it), and the two never match: a Ukrainian version saved with
the decomposed name would be a page of its own, free of its original's
people. So a file or folder name in the content folders must be in composed
form (NFC), or it is refused, with every file below it unread.
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem

#: Suffixes MkDocs treats as Markdown (mkdocs.utils.markdown_extensions), compared case-blind.
MARKDOWN_LIKE = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")
#: Any Markdown spelling an editor's tool may save (MkDocs' own, GitHub's list, R, Quarto, MDX):
#: a file with one of these among its suffixes may be a page, whatever MkDocs makes of it.
MARKDOWN_SUFFIXES = frozenset({"md", "markdown", "mdown", "mkdn", "mkd", "mdwn", "mkdown", "markdn", "mdtxt",
                               "mdtext", "mdx", "rmd", "qmd", "livemd"})
_SUFFIX_END = re.compile(r"[^0-9a-z]+$")
#: What editors and merge tools leave behind.
BACKUP_SUFFIXES = (".bak", ".orig", ".rej", ".swp", ".swo", ".tmp", ".old")
#: Why a page named README is refused: MkDocs publishes it as its folder's index page, not where
#: Hromada puts it, and hides it (with a warning naming it) behind an index.md beside it.
README = ("a page name other than README (MkDocs publishes README.md as its folder's index page, in the place of "
          "another page, and links to it would lead nowhere): rename it, e.g. about.md")
#: Why a name with decomposed letters is refused (see the module's docstring).
NOT_COMPOSED = ("letters in their composed (NFC) form; this name has decomposed letters (as some Mac tools "
                "write them), which its other language versions, links and media entries would not match: "
                "rename it, typing the name anew")


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


#: What a browser reads otherwise in an address (a fragment, a query, an escape) or drops (spaces
#: at the ends): a page or folder named with it is published behind links that lead nowhere.
_UNSAFE = re.compile(r"[#?%\\\s\"'<>|*:]|\.$")
UNSAFE = ("a name of letters, digits, '-', '_' and '.', like forum-2025.md (found {shown}, which a browser reads "
          "otherwise in an address: the page would be published behind links that lead nowhere)")
HIDDEN_PAGE = ("a name that does not start with a dot (MkDocs never reads hidden files: this page would never be "
               "published); remove the dot, or move the file out of the content folders")

#: The longest name of a file or folder file systems take (ext4, Btrfs, XFS, APFS, NTFS...): 255
#: bytes of UTF-8, where a Cyrillic letter takes 2. A longer name the build writes (a smaller copy
#: of a picture, a category's folder) stopped MkDocs with a traceback after `hromada check` passed.
MAX_NAME_BYTES = 255


def name_bytes(name: str) -> int:
    """The length file systems measure a name by: its bytes in UTF-8."""
    return len(name.encode("utf-8"))


def fits(name: str) -> bool:
    """Whether a file or folder may carry this name (one part of a path, not a whole path):
    every name the build writes that is not a content file's own is asked here first."""
    return name_bytes(name) <= MAX_NAME_BYTES


def is_composed(name: str) -> bool:
    """The name is in Unicode NFC (every ASCII name is)."""
    return name.isascii() or unicodedata.is_normalized("NFC", name)


def markdown_like(path: str) -> bool:
    """A file name that may hold a page: a Markdown suffix anywhere among its suffixes, in any case,
    with what a tool adds after it (x.MD, x.Md, x.markdown, x.md.txt, x.md.bak, x.mkd~)."""
    parts = path.rpartition("/")[2].lstrip(".").lower().split(".")[1:]
    return any(_SUFFIX_END.sub("", part) in MARKDOWN_SUFFIXES for part in parts)


def _is_backup(name: str) -> bool:
    return name.endswith("~") or name.startswith("#") or name.lower().endswith(BACKUP_SUFFIXES)


def scan(root: Path, docs_dir: Path, stories_dir: Path) -> ContentFiles:
    """Walk docs/ and stories/ without following links; sort what is there.

    Directory entries answer "link? file? folder?" from the listing itself, without a
    system call per file: a preview server scans the whole site on every save."""
    root, docs_dir, stories_dir = root.resolve(), docs_dir.resolve(), stories_dir.resolve()
    pages: list[Path] = []
    assets: dict[str, Path] = {}
    ignored: dict[str, str] = {}
    problems: list[Problem] = []
    root_prefix = str(root) + os.sep

    def rel_of(path: str) -> str:
        return path[len(root_prefix):].replace(os.sep, "/") if path.startswith(root_prefix) else Path(path).as_posix()

    def walk(folder: str, base_prefix: str) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            problems.append(Problem(rel_of(folder), "file", f"a readable folder ({exc.strerror or exc})"))
            return
        dirs = [e for e in entries if not e.name.startswith(".") and _is_dir(e)]
        folders = {e.name for e in dirs}  # before leaving templates out: it is no file either
        if folder == str(docs_dir):  # MkDocs never reads docs/templates/
            dirs = [e for e in dirs if e.name != "templates"]
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                if name.lower().endswith(MARKDOWN_LIKE) and entry.is_file(follow_symlinks=False):
                    problems.append(Problem(rel_of(entry.path), "file name", HIDDEN_PAGE))
                continue  # MkDocs never reads hidden files
            if (bad := _UNSAFE.search(name)) and not _is_backup(name):  # a folder's name too: every address below
                found = "a dot at the end" if bad.end() == len(name) and bad.group(0) == "." else repr(bad.group(0))
                problems.append(Problem(rel_of(entry.path), "file name", UNSAFE.format(shown=found)))
                continue
            if not is_composed(name):  # a folder too: nothing below it is read
                problems.append(Problem(rel_of(entry.path), "file name", NOT_COMPOSED))
                continue
            if name in folders:
                continue
            path = Path(entry.path)
            rel = rel_of(entry.path)
            if entry.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):  # points nowhere, or round in a loop
                    problems.append(Problem(rel, "file", "a symbolic link to a file that exists (this one points nowhere)"))
                    continue
                if not _inside(target, root):
                    problems.append(Problem(rel, "file", "a file inside the repository (this symbolic link points outside it and is not followed)"))
                    continue
                regular = path.is_file()
            else:
                regular = entry.is_file(follow_symlinks=False)
            if not regular:
                problems.append(Problem(rel, "file", "a regular file (sockets, devices and pipes are never published)"))
                continue
            lower = name.lower()
            if _is_backup(name):
                ignored[rel] = "editor backup or temporary file"
            elif name.endswith(".md") and name.split(".", 1)[0] == "README":
                problems.append(Problem(rel, "file name", README))
            elif name.endswith(".md"):
                pages.append(path)
            elif lower.endswith(MARKDOWN_LIKE):
                problems.append(Problem(rel, "file name", "a page name ending in .md, in lower case (Hromada reads "
                                                          "only .md pages: this one would be published unchecked, or copied as it is)"))
            else:
                assets[entry.path[len(base_prefix):].replace(os.sep, "/")] = path
        for entry in dirs:
            if not is_composed(entry.name):
                continue  # reported above
            if entry.is_symlink():
                problems.append(Problem(rel_of(entry.path), "file", "a real folder, not a symbolic link (links are not followed)"))
            else:
                walk(entry.path, base_prefix)

    for top, base in ((docs_dir, docs_dir), (stories_dir, stories_dir.parent)):
        if top.is_dir():
            walk(str(top), str(base) + os.sep)
    return ContentFiles(tuple(pages), assets, ignored, tuple(problems))


def _is_dir(entry: os.DirEntry) -> bool:
    """A folder, or a link to one; a link that loops or points nowhere is not (it is reported
    as a file that points nowhere)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
