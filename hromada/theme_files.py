"""What the site may take from the project's own template folder (`custom_dir`: overrides/).

MkDocs copies every file it finds beside the templates into the site, unchecked
and undeclared. That folder is staff's and designers' to edit, so a photo, a
note or a document left there would be published without any page's decision.
Default deny: only the kinds of file a design is made of are taken (styles,
scripts, fonts, icons, images); any other file stops the build, named. Images
among them meet the output gate's metadata check like every picture of the
site (hromada/output.py), and the deny-list scan reads every file.
"""
from __future__ import annotations

from pathlib import PurePosixPath

#: The kinds of file a design needs.
SUFFIXES = frozenset({".css", ".js", ".mjs", ".svg", ".woff", ".woff2", ".ttf", ".otf", ".ico",
                      ".png", ".jpg", ".jpeg", ".webp", ".gif"})


def problem(rel: str) -> str | None:
    """One line for a file of the template folder (`rel`: from the project's root) that the
    site must not take, else None."""
    if PurePosixPath(rel).suffix.lower() in SUFFIXES:
        return None
    kinds = ", ".join(sorted(SUFFIXES))
    return (f"{rel}: theme file: a stylesheet, script, font, icon or image ({kinds}); MkDocs would publish "
            "any other file of the template folder unchecked: move it out of that folder")
