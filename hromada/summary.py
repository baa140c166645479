"""The few lines a build ends with: what was published, what was held back and why, where to read more.

Staff run `mkdocs build` in a terminal or CI and read its last lines; the
full picture is in the report. The summary names files and rules, never a
person's name or a page's title (build logs are often public), and only the
files of published pages: an unpublished page's file name (a draft's, a
withdrawn person's) can be as telling as its title.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from .languages import LANGUAGES
from .publication import Publication


def lines(pub: Publication, report: str | None, languages: Iterable[str] = LANGUAGES,
          warnings: Iterable[object] = ()) -> list[str]:
    """`languages`: those this build drew (HROMADA_LANGUAGES): a part of a site counts its own;
    `warnings`: about the settings (a footer page that is no page), one line each."""
    published = {lang: len(pub.published(lang)) for lang in LANGUAGES if lang in languages}
    part = "" if set(languages) >= set(LANGUAGES) else " (a part of the site: hromada merge joins the parts)"
    out = ["Hromada published " + ", ".join(f"{n} {lang}" for lang, n in published.items()) + f" pages{part}."]
    reasons = Counter(r.code for _, decision in pub.excluded() for r in decision.reasons)
    if reasons:
        held = sum(1 for _ in pub.excluded())
        out.append(f"Held back {held} page versions: " + ", ".join(f"{code} {n}" for code, n in sorted(reasons.items())) + ".")
    unpublished = 0
    for doc, warning in pub.warnings():
        if pub.decisions[doc.src_uri].published:
            out.append(f"warning: {doc.path}: {warning.detail}")
        else:  # a draft's, or a withdrawn person's page's file name is theirs to keep out of the log
            unpublished += 1
    if unpublished:
        out.append(f"{unpublished} warnings about page versions that are not published: the report names them.")
    out += [f"warning: {w}" for w in warnings]
    if report:
        out.append(f"Report: {report}")
    return out
