"""The few lines a build ends with: what was published, how much was held back, where to read more.

Staff run `mkdocs build` in a terminal or CI and read its last lines; the
full picture is in the report, `hromada status` and `hromada check`. Build logs
are often read by more people than the consent register, so the summary says
nothing of anyone's consent: no person's name, no page's title, no ref, no
consent date, no count by reason (a "consent-withdrawn 1" that appears as a
page vanishes says why it vanished: red-team round 4), and no file of an
unpublished page (a draft's, a withdrawn person's file name can be as telling
as its title).
"""
from __future__ import annotations

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
    held = sum(1 for _ in pub.excluded())
    where = report or "hromada status"
    if held:
        out.append(f"Held back {held} page versions: {where} says why.")
    found = len(pub.warnings())
    if found:  # consent due for review: which page, whose consent and when is the register's business
        out.append(f"warning: {found} warnings about consent or publication dates: {where} names them "
                   "(and hromada check).")
    out += [f"warning: {w}" for w in warnings]
    if report:
        out.append(f"Report: {report}")
    return out
