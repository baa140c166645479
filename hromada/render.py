"""Draw views (hromada/views.py) with the theme's Jinja templates.

The loader searches MkDocs' theme folders in MkDocs' order (overrides/ first,
then Material), so a designer's change in overrides/partials/hromada/ reaches
every listing and block, and a partial can include Material's own. The
environment autoescapes: a field a template forgets to escape is escaped
anyway (`| e` in a template is still right, and never escapes twice).

Output has no blank lines and no indentation: listing bodies are embedded in
Markdown as one raw HTML block, which an indented or empty line would break.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Iterable, Sequence

import jinja2
from markupsafe import Markup

from .views import Card, View, strings

#: Marks listing blocks inside pages so the search index skips them: a listing
#: repeats other pages' titles, summaries and pictures, which may not be searchable.
#: "all": without it Pagefind skips the words but still takes a picture in the block
#: as the page's search-result image (another page's picture, of a person who may
#: not allow search).
NOT_CONTENT = Markup('data-pagefind-ignore="all"')  # markup: the autoescaping templates keep its quotes

ROOT = Path(__file__).resolve().parent.parent


def join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


class Partials:
    """The partials of one theme, ready to draw views in any language."""

    def __init__(self, dirs: Sequence[str | Path]):
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
            autoescape=True, trim_blocks=True, lstrip_blocks=True, auto_reload=False,
        )
        self.env.globals["not_content"] = NOT_CONTENT
        self.env.globals["hromada_card"] = self.card

    _shared: dict[tuple[str, ...], "Partials"] = {}

    @classmethod
    def shared(cls, dirs: Sequence[str | Path]) -> "Partials":
        """One environment per theme folders for the whole process: a preview server prepares
        a build on every save, and compiling every template again costs a quarter second."""
        key = tuple(str(d) for d in dirs)
        if key not in cls._shared:
            cls._shared[key] = cls(key)
        return cls._shared[key]

    @classmethod
    def forget(cls) -> None:
        """Templates changed (hromada serve saw a change in overrides/): compile them again."""
        cls._shared.clear()

    @classmethod
    def default(cls) -> "Partials":
        """The repository's overrides/ over Material: for code that runs without MkDocs (tests)."""
        import material

        return cls([ROOT / "overrides", Path(material.__file__).resolve().parent / "templates"])

    def render(self, view: View | None, lang: str) -> str:
        if view is None:
            return ""
        html = self.env.get_template(view.template).render(view=view, t=_strings(lang), lang=lang)
        return "\n".join(line.strip() for line in html.splitlines() if line.strip())

    def render_all(self, views: Iterable[View | None], lang: str) -> str:
        return join(*(self.render(v, lang) for v in views))

    def card(self, card: Card, show_kind: bool, level: int, eager: bool, lang: str) -> Markup:
        """card.html for one card (cards.html calls it as `hromada_card`): the same card is drawn
        on many pages (the newest items of a category are every item's related publications),
        so each drawing is remembered, by everything the template is given."""
        return Markup(self._card(card, bool(show_kind), level, bool(eager), lang))

    @functools.lru_cache(maxsize=4096)
    def _card(self, card: Card, show_kind: bool, level: int, eager: bool, lang: str) -> str:
        return self.env.get_template(Card.template).render(card=card, show_kind=show_kind, level=level,
                                                           eager=eager, t=_strings(lang), lang=lang)


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates, kept for the whole process: static-i18n gives every language build
    a new Jinja environment, which would compile Material's and Hromada's templates again
    (eight times in a two-process build). Keyed by Jinja's bucket (the template's name and a
    checksum of its source), so an edited template is compiled afresh."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.code.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # Jinja ignores it if the source's checksum differs

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


#: One per process, for every theme environment (hooks: on_env).
COMPILED = CompiledTemplates()


@functools.lru_cache(maxsize=8)
def _strings(lang: str) -> dict[str, str]:
    return strings(lang)
