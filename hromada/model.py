"""The content model: what a page *is*, once its front matter has been checked.

Everything here is immutable: a Doc is built once per build from its file and
then only read, by the publication decision, listings, feeds and reports.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from enum import Enum


class Kind(str, Enum):
    NEWS = "news"
    INTERVIEW = "interview"
    EVENT = "event"
    CAMPAIGN = "campaign"
    ORGANIZATION = "organization"
    SERIES = "series"
    STORY = "story"
    PAGE = "page"
    HOME = "home"


#: Folder under docs/ of each typed section, and its listing's URL.
SECTION_FOLDERS: dict[str, Kind] = {
    "news": Kind.NEWS,
    "interviews": Kind.INTERVIEW,
    "events": Kind.EVENT,
    "campaigns": Kind.CAMPAIGN,
    "organizations": Kind.ORGANIZATION,
}

#: Kinds that appear in listings and so need a summary.
LISTED_KINDS = frozenset(
    {Kind.NEWS, Kind.INTERVIEW, Kind.EVENT, Kind.CAMPAIGN, Kind.ORGANIZATION, Kind.SERIES, Kind.STORY}
)
#: Kinds whose `date` is required (publication date; in the future = scheduled).
DATED_KINDS = frozenset({Kind.NEWS, Kind.INTERVIEW, Kind.EVENT, Kind.CAMPAIGN, Kind.STORY})
#: Kinds that are "publications": listed on home, categories, organisations, related.
PUBLICATION_KINDS = frozenset({Kind.NEWS, Kind.INTERVIEW, Kind.EVENT, Kind.STORY})


@dataclass(frozen=True, slots=True)
class Location:
    name: str | None = None
    city: str | None = None
    country: str | None = None
    online: str | None = None


@dataclass(frozen=True, slots=True)
class EventInfo:
    start: datetime  # aware
    end: datetime | None
    timezone: str  # IANA name, or "UTC+02:00" style when only an offset was given
    location: Location | None
    registration: str | None


@dataclass(frozen=True, slots=True)
class Action:
    """A campaign's call to action: a button with a web or mail link."""

    label: str
    href: str


@dataclass(frozen=True, slots=True)
class MediaRef:
    file: str  # relative to the page, as written in its Markdown
    depicts: tuple[str, ...]
    faces: str  # visible | blurred | none
    location_visible: bool
    voice: str | None = None  # original | revoiced | none: what a video's sound lets hear (None: not declared)


@dataclass(frozen=True, slots=True)
class Doc:
    """One language version of one content file."""

    path: str  # repository-relative, e.g. docs/news/forum.uk.md
    src_uri: str  # as MkDocs sees it, e.g. news/forum.uk.md or stories/s/01-a.md
    key: str  # language-neutral identity shared by translations: news/forum.md
    lang: str
    kind: Kind
    url: str  # site-relative, e.g. uk/news/forum/
    title: str
    summary: str = ""
    date: date | None = None  # as written, for display
    published: datetime | None = None  # aware; decides scheduling and order
    updated: datetime | None = None  # aware; last significant change, for feeds
    people: tuple[str, ...] = ()  # () when the page says `people: none`
    media: tuple[MediaRef, ...] = ()
    organizations: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    draft: bool = False
    translation_of: str | None = None
    id: str | None = None  # front matter `id`: the identity feeds and calendars keep when the page moves
    event: EventInfo | None = None
    actions: tuple[Action, ...] = ()
    series: str | None = None  # key of the series index for a story
    part: int | None = None
    cadence: str | None = None
    body: str = field(default="", compare=False, repr=False)  # Markdown without front matter or comments

    def __reduce__(self):
        """Pickled (the parse memo, parse_memo.py) with its body as UTF-8 bytes: pickling a str
        leaves a UTF-8 copy of it inside the str for as long as it lives (CPython caches it),
        which for Cyrillic and Tajik bodies held every page's text twice through a whole build."""
        # the other fields by position (body is the last): a memo of 8,000 pages loads 30 % faster
        # than with a dict of names per page
        return _unpickle_doc, (tuple(getattr(self, name) for name in _DOC_FIELDS),
                               self.body.encode("utf-8", "surrogatepass"))

    @property
    def slug(self) -> str:
        name = self.key.rsplit("/", 1)[-1]
        return name[:-3] if name.endswith(".md") else name

    @property
    def is_person_page(self) -> bool:
        return bool(self.people)

    @property
    def modified(self) -> datetime | None:
        return self.updated or self.published

    @property
    def sort_key(self) -> tuple:
        """Newest first, then by key so equal dates have a stable order."""
        ts = self.published.timestamp() if self.published else 0.0
        return (-ts, self.key)


_DOC_FIELDS = tuple(f.name for f in fields(Doc))[:-1]
assert fields(Doc)[-1].name == "body"


def _unpickle_doc(values: tuple, body: bytes) -> Doc:
    return Doc(*values, body.decode("utf-8", "surrogatepass"))
