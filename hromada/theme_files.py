"""What the site may take from the project's own template folder (`custom_dir`: overrides/).

MkDocs copies every file it finds beside the templates into the site, unchecked
and undeclared. That folder is staff's and designers' to edit, so a photo, a
note or a document left there would be published without any page's decision.
Default deny: only the kinds of file a design is made of are taken (styles,
scripts, fonts, icons, images); any other file stops the build, named. Images
among them are re-encoded from their pixels like every picture of the site (the
hooks; images.clean_bytes), and meet the output gate's metadata check; a text
file (style, script, drawing) may not carry a file inside it as base64 (a photo
in an SVG keeps its GPS); the deny-list scan reads every file.
"""
from __future__ import annotations

import html
import posixpath
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Mapping

from . import images, likeness, links, media_uses
from .problems import Problem

#: The kinds of file a design needs. (No .ico: the gate cannot re-encode one, and a photo saved
#: as an icon would be published as it is; browsers take a PNG favicon.)
SUFFIXES = frozenset({".css", ".js", ".mjs", ".svg", ".woff", ".woff2", ".ttf", ".otf",
                      ".png", ".jpg", ".jpeg", ".webp", ".gif"})
#: How a font file begins (WOFF2, WOFF, TrueType, OpenType): a font's name on any other file
#: (a camera JPEG renamed brand.woff2) would publish it untouched, GPS and all.
FONT_STARTS = {".woff2": (b"wOF2",), ".woff": (b"wOFF",), ".ttf": (b"\x00\x01\x00\x00", b"true"),
               ".otf": (b"OTTO", b"\x00\x01\x00\x00")}


def problem(rel: str, path: Path | None = None) -> str | None:
    """One line for a file of the template folder (`rel`: from the project's root; `path`: the
    file, read when it is text) that the site must not take, else None."""
    suffix = PurePosixPath(rel).suffix.lower()
    if suffix not in SUFFIXES:
        kinds = ", ".join(sorted(SUFFIXES))
        return (f"{rel}: theme file: a stylesheet, script, font, icon or image ({kinds}); MkDocs would publish "
                "any other file of the template folder unchecked: move it out of that folder")
    if path is not None and suffix in FONT_STARTS and not _starts_with(path, FONT_STARTS[suffix]):
        return (f"{rel}: theme file: a font, as its name says ({suffix}); this file holds something else under a "
                "font's name (a picture would be published as it is, with its metadata): save pictures as .png, "
                ".jpg, .webp or .gif, where the build re-encodes them")
    if path is not None and suffix in TEXT_SUFFIXES and _embeds_a_file(path):
        return (f"{rel}: theme file: no file embedded as a data: address (base64), such as a photo inside a drawing "
                "or a stylesheet: it would be published with its metadata (GPS, camera, names), unchecked; save "
                "it as a file of its own in the template folder, where the build re-encodes pictures")
    return None


def _starts_with(path: Path, starts: tuple[bytes, ...]) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(4) in starts
    except OSError:
        return True  # not readable: the build's copy fails with its own line


#: A data: address holding a file in base64, but a font (a design's fonts carry no photo).
_EMBEDDED = re.compile(r"data:[\t\n\r ]*(?!font/|application/(?:x-)?font-|application/vnd\.ms-fontobject)[^,;\s\"'()]*(?:;[^,;\s\"'()]*)*;[\t\n\r ]*base64", re.I)


def _embeds_a_file(path: Path) -> bool:
    """Whether a design's text file embeds a file as base64, written plainly, as entities
    (`&#x3a;`) or percent-encoded."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False  # not readable: the build's copy fails with its own line
    readings = [text, html.unescape(text)]
    readings.append(urllib.parse.unquote(readings[-1]))
    return any(_EMBEDDED.search(t) for t in readings)


def _copies_of_pages_pictures(folder: Path, root: Path, pictures: Mapping[str, Path]) -> list[Problem]:
    """The design's images that show one of the content's pictures (likeness.py: the same photo
    saved again, resized, as another format): a withdrawn person's photo must not come back as a
    header background."""
    design = {f"design:{p.relative_to(root).as_posix() if p.is_relative_to(root) else p}": p
              for p in sorted(folder.rglob("*")) if p.is_file() and images.is_image(p.name)}
    if not design:
        return []
    content = {src: path for src, path in pictures.items() if images.is_image(src)}
    groups = likeness.keys_alike([*design.items(), *content.items()])
    by_group: dict = {}
    for src in sorted(content):
        if src in groups:
            by_group.setdefault(groups[src], src)
    return [Problem(key[len("design:"):], "design", f"no picture of the pages: it is the same picture as {by_group[groups[key]]} "
                                                    "(compared by what it shows), which only the pages that declare it may show")
            for key in sorted(design) if key in groups and groups[key] in by_group]


#: Design files whose text can name a picture: styles, scripts, templates, drawings.
TEXT_SUFFIXES = frozenset({".css", ".js", ".mjs", ".html", ".svg"})


@dataclass(frozen=True)
class Design:
    """The design's own parts, as mkdocs.yml names them: the template folder (`custom_dir`) and
    the pictures the theme shows on every page (`theme.favicon`, `theme.logo`)."""

    folder: Path | None
    pictures: Mapping[str, str] = field(default_factory=dict)  # "theme.favicon" -> its path


def design_of(config) -> Design:
    """The design a MkDocs configuration names."""
    theme = config.theme
    pictures = {f"theme.{key}": theme[key] for key in ("favicon", "logo") if key in theme and theme[key]}
    return Design(Path(theme.custom_dir) if theme.custom_dir else None, pictures)


def media_problems(design: Design, root: Path, media: media_uses.MediaPaths, site_host: str,
                   pictures: Mapping[str, Path] | None = None) -> list[Problem]:
    """A picture of the content folders shown by the design itself: on every page, in every
    language, whatever each page's people allow. Pictures belong to the pages that declare them
    (consent.md, section 8); a design's icon or background is a file of the design, named by its
    path there (not another site's address: readers' browsers ask nobody else), and no copy of a
    page's picture either (`pictures`: the content's image files, compared by what they show)."""
    problems = []
    for key, value in sorted(design.pictures.items()):
        text = str(value).strip()
        found = links.locate(text, site_host)
        if found is None or (found[0].startswith("/") and "//" in text):
            problems.append(Problem("mkdocs.yml", key, "a picture of the design, by its path in the template folder "
                                                       f"(like assets/logo.png), not an address (found {text})"))
            continue
        path = posixpath.normpath(found[0].lstrip("/"))
        if path in media.paths:
            problems.append(Problem("mkdocs.yml", key, f"a picture of the design in the template folder, not one of "
                                                       f"the pages' pictures (found {media.paths[path]})"))
    folder = design.folder
    if folder is None or not folder.is_dir():
        return problems
    problems += _copies_of_pages_pictures(folder, root, pictures or {})
    for file in sorted(folder.rglob("*")):
        if file.suffix.lower() not in TEXT_SUFFIXES or not file.is_file():
            continue
        served = file.relative_to(folder).as_posix()
        try:
            text = file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue  # not readable: the output checks read every published file
        used = media_uses.uses(text, ("", posixpath.dirname(served)), media, site_host)
        rel = file.relative_to(root).as_posix() if file.is_relative_to(root) else str(file)
        for src in sorted(used):
            problems.append(Problem(rel, "design", f"no picture of the pages: it shows {src}, which only the pages "
                                                   "that declare it may show (use a picture in the template folder)"))
    return problems
