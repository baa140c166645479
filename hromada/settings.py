"""Hromada's settings, read from mkdocs.yml's `extra` section and checked.

They live under `extra` because MkDocs hooks, unlike plugins, have no config
scheme of their own; checking them here gives the same clear errors.
The site's look (header action link, footer, colours, docs navigation) is
set here too, so that each organisation sets it in mkdocs.yml, not in code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .content_files import MAX_NAME_BYTES, fits
from .frontmatter import key_name, shown, text_problem, true_or_false
from .languages import DEFAULT_LANGUAGE, LANGUAGES
from .problems import Problem

#: Settings that are not a number or a URL: each has its own reader below.
STRUCTURED = ("action", "colors", "footer", "navigation")
#: The keys each structured setting takes (staff/content-guide.md documents every one).
ACTION_KEYS = frozenset({"label", "url", "page"})
COLOR_KEYS = frozenset({"primary", "accent"})
FOOTER_KEYS = frozenset({"pages", "contact", "note"})
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_EMAIL = re.compile(r"^[^@\s:/?#]+@[^@\s:/?#]+\.[^@\s:/?#]+$")
_PAGE = re.compile(r"^[a-z0-9][a-z0-9_/-]*\.md$")


@dataclass(frozen=True)
class Link:
    """A link set in mkdocs.yml: to a web or mail address, or to one of the site's pages.

    `page` is language-neutral (privacy.md): each language links to its own
    version, so one setting serves every language. `label` is per language,
    English as the fallback; a page link without a label shows the page's title.
    """

    label: Mapping[str, str] = field(default_factory=dict)
    url: str = ""  # https://... or mailto:...
    page: str = ""  # a page in docs/, e.g. privacy.md

    def label_in(self, lang: str) -> str:
        return self.label.get(lang) or self.label.get(DEFAULT_LANGUAGE, "")


@dataclass(frozen=True)
class Footer:
    """What the footer shows besides the organisations (always listed, from their pages)."""

    pages: tuple[str, ...] = ()  # docs pages linked in every footer: privacy.md, safety.md
    contact: str = ""  # mailto: or https: address
    note: Mapping[str, str] = field(default_factory=dict)  # a line per language, e.g. a licence

    def note_in(self, lang: str) -> str:
        return self.note.get(lang) or self.note.get(DEFAULT_LANGUAGE, "")

DEFAULTS = {
    "page_size": 10,
    "quick_exit_url": "https://www.google.com/search?q=weather",
    "home_news": 5,
    "home_interviews": 3,
    "home_stories": 3,
    "home_campaigns": 3,
    "home_events": 3,
    "related": 6,
    "feed_size": 50,
    "timezone": "UTC",
}


@dataclass(frozen=True)
class Settings:
    categories: Mapping[str, Mapping[str, str]]  # slug -> {lang: name}
    page_size: int
    quick_exit_url: str
    home_news: int
    home_interviews: int
    home_stories: int
    home_campaigns: int
    home_events: int
    related: int
    feed_size: int
    site_url: str
    timezone: str = "UTC"  # IANA name: dates without a time, expiry and review are days there
    navigation: bool = False  # True brings back Material's docs menu and table of contents on pages
    action: Link | None = None  # the lasting "Take action"/"Donate" link in the header
    footer: Footer = Footer()
    colors: Mapping[str, str] = field(default_factory=dict)  # primary / accent, as #rrggbb

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def site_host(self) -> str:
        return urlparse(self.site_url).netloc.lower()

    def category_name(self, slug: str, lang: str) -> str:
        names = self.categories.get(slug, {})
        return names.get(lang) or names.get(DEFAULT_LANGUAGE) or slug


def read(extra: Mapping[str, Any] | None, site_url: str | None, source: str = "mkdocs.yml") -> tuple[Settings | None, list[Problem]]:
    extra = {} if extra is None else extra
    problems: list[Problem] = []
    if not isinstance(extra, Mapping):
        problems.append(Problem(source, "extra", f"a mapping of settings (found {shown(extra)})"))
        extra = {}
    if not site_url:
        problems.append(Problem(source, "site_url", "required: the site's address, like https://example.org/ "
                                                    "(feeds, the sitemap and share cards need absolute links)"))
    elif _url_problem(site_url):
        problems.append(Problem(source, "site_url", f"{_url_problem(site_url)} (found {shown(site_url)})"))
        site_url = None
    cats_raw = extra.get("categories", {})
    categories: dict[str, dict[str, str]] = {}
    if not isinstance(cats_raw, dict):
        problems.append(Problem(source, "extra.categories", "a mapping of category slug to names per language"))
        cats_raw = {}
    for slug, names in cats_raw.items():
        if not isinstance(slug, str) or not slug.replace("-", "").isalnum() or slug != slug.lower() or not slug.isascii():
            problems.append(Problem(source, f"extra.categories.{key_name(slug)}", "a lower-case slug like war-and-justice"))
            continue
        if not fits(slug):  # its listing's folder: categories/<slug>/
            problems.append(Problem(source, f"extra.categories.{key_name(slug)}", f"a slug of at most {MAX_NAME_BYTES} "
                                    f"letters, the name of its listing's folder (this one has {len(slug)}): a few words"))
            continue
        if not isinstance(names, dict) or DEFAULT_LANGUAGE not in names or not all(
            k in LANGUAGES and isinstance(v, str) and v.strip() for k, v in names.items()
        ):
            problems.append(Problem(source, f"extra.categories.{slug}", "names per language like {en: Advocacy, uk: Адвокація}, English required"))
            continue
        wrong = next(((k, text_problem(v)) for k, v in names.items() if text_problem(v)), None)
        if wrong:
            problems.append(Problem(source, f"extra.categories.{slug}.{wrong[0]}", wrong[1]))
            continue
        categories[slug] = dict(names)

    raw = extra.get("hromada", {}) or {}
    if not isinstance(raw, dict):
        problems.append(Problem(source, "extra.hromada", "a mapping of Hromada settings"))
        raw = {}
    for unknown in sorted(set(raw) - set(DEFAULTS) - set(STRUCTURED), key=str):
        problems.append(Problem(source, f"extra.hromada.{key_name(unknown)}", "unknown setting; known: " + ", ".join(sorted([*DEFAULTS, *STRUCTURED]))))
    values = dict(DEFAULTS)
    for key, default in DEFAULTS.items():
        if key not in raw:
            continue
        value = raw[key]
        if isinstance(default, int):
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                problems.append(Problem(source, f"extra.hromada.{key}", f"a whole number from 1 (found {shown(value)})"))
                continue
        elif key == "timezone":
            if not _is_zone(value):
                problems.append(Problem(source, f"extra.hromada.{key}", f"an IANA time zone name like Europe/Kyiv or UTC (found {shown(value)})"))
                continue
        else:
            if _url_problem(value):
                problems.append(Problem(source, f"extra.hromada.{key}", f"an absolute http(s) URL of a neutral site (found {shown(value)})"))
                continue
        values[key] = value
    look = _look(raw, source, problems)
    if problems:
        return None, problems
    return Settings(categories=categories, site_url=(site_url or ""), **values, **look), []


def _look(raw: Mapping[str, Any], source: str, problems: list[Problem]) -> dict[str, Any]:
    """navigation, action, footer and colours: the site's look, checked one key at a time."""
    out: dict[str, Any] = {}
    if "navigation" in raw:
        if isinstance(raw["navigation"], bool):
            out["navigation"] = raw["navigation"]
        else:
            problems.append(Problem(source, "extra.hromada.navigation",
                                    f"{true_or_false(raw['navigation'])} (found {shown(raw['navigation'])})"))
    if raw.get("action") is not None:
        action = raw["action"]
        where = "extra.hromada.action"
        if not isinstance(action, dict) or set(action) - ACTION_KEYS or "label" not in action:
            problems.append(Problem(source, where, "a mapping {label: {en: Donate, uk: Підтримати}, url: https://...} (or page: a docs page instead of url)"))
        else:
            out["action"] = _link(action, where, source, problems, label_required=True)
    if raw.get("footer") is not None:
        out["footer"] = _footer(raw["footer"], source, problems)
    if raw.get("colors") is not None:
        colors = raw["colors"]
        if not isinstance(colors, dict) or not colors or set(colors) - COLOR_KEYS:
            problems.append(Problem(source, "extra.hromada.colors", "a mapping with primary and/or accent, like {primary: '#1d4f5c', accent: '#a33f00'}"))
        else:
            for name, value in colors.items():
                if not isinstance(value, str) or not _COLOUR.match(value):
                    problems.append(Problem(source, f"extra.hromada.colors.{name}", f"a colour written #rrggbb, quoted, like '#1d4f5c' (found {shown(value)})"))
            out["colors"] = {k: v.lower() for k, v in colors.items() if isinstance(v, str) and _COLOUR.match(v)}
    return out


def _footer(raw: Any, source: str, problems: list[Problem]) -> Footer:
    where = "extra.hromada.footer"
    if not isinstance(raw, dict) or set(raw) - FOOTER_KEYS:
        problems.append(Problem(source, where, "a mapping with pages, contact and note, like {pages: [privacy.md, safety.md], contact: 'mailto:hello@example.org'}"))
        return Footer()
    pages = raw.get("pages") or []
    if not isinstance(pages, list):
        problems.append(Problem(source, f"{where}.pages", f"a list of pages in docs/, like [privacy.md, safety.md] (found {shown(pages)})"))
        pages = []
    good_pages = []
    for i, page in enumerate(pages):
        if isinstance(page, str) and _PAGE.match(page) and ".." not in page.split("/"):
            good_pages.append(page)
        else:
            problems.append(Problem(source, f"{where}.pages[{i}]", f"a page in docs/ written as its English file, like privacy.md (found {shown(page)})"))
    contact = raw.get("contact") or ""
    if contact and _target_problem(contact):
        problems.append(Problem(source, f"{where}.contact", f"{_target_problem(contact)} (found {shown(contact)})"))
        contact = ""
    note = _names(raw.get("note"), f"{where}.note", source, problems) if raw.get("note") is not None else {}
    return Footer(tuple(good_pages), contact, note)


def _link(raw: Mapping[str, Any], where: str, source: str, problems: list[Problem], label_required: bool) -> Link | None:
    label = _names(raw.get("label"), f"{where}.label", source, problems) if "label" in raw or label_required else {}
    url, page = raw.get("url") or "", raw.get("page") or ""
    if bool(url) == bool(page):
        problems.append(Problem(source, where, "either url (https:// or mailto:) or page (a docs page like campaigns/release-hostages.md), not both"))
        return None
    if url and _target_problem(url):
        problems.append(Problem(source, f"{where}.url", f"{_target_problem(url)} (found {shown(url)})"))
        return None
    if page and not (isinstance(page, str) and _PAGE.match(page) and ".." not in page.split("/")):
        problems.append(Problem(source, f"{where}.page", f"a page in docs/ written as its English file, like campaigns/release-hostages.md (found {shown(page)})"))
        return None
    return Link(label, url, page)


def _names(raw: Any, where: str, source: str, problems: list[Problem]) -> dict[str, str]:
    """Text per language, English required: {en: Donate, uk: Підтримати}."""
    if not isinstance(raw, dict) or DEFAULT_LANGUAGE not in raw or not all(
        k in LANGUAGES and isinstance(v, str) and v.strip() for k, v in raw.items()
    ):
        problems.append(Problem(source, where, "text per language like {en: Donate, uk: Підтримати}, English required"))
        return {}
    wrong = next(((k, text_problem(v)) for k, v in raw.items() if text_problem(v)), None)
    if wrong:
        problems.append(Problem(source, f"{where}.{wrong[0]}", wrong[1]))
        return {}
    return dict(raw)


def _target_problem(value: Any) -> str | None:
    """What is wrong with a link target written in mkdocs.yml (https: or mailto:), or None."""
    if isinstance(value, str) and value.startswith("mailto:"):
        return None if _EMAIL.match(value[len("mailto:"):]) else "a mail address like mailto:hello@example.org"
    return _url_problem(value)


def _named_pages(settings: Settings) -> list[tuple[str, str]]:
    named = [(f"extra.hromada.footer.pages[{i}]", page) for i, page in enumerate(settings.footer.pages)]
    if settings.action is not None and settings.action.page:
        named.append(("extra.hromada.action.page", settings.action.page))
    return named


def missing_pages(settings: Settings, keys: Any, source: str = "mkdocs.yml") -> list[Problem]:
    """Pages named in settings that are not among `keys` (the published pages' keys).

    Not an error: such a link is simply left out, as for any unpublished page
    (and a site without a privacy page yet still builds); the build report lists them."""
    return [Problem(source, where, f"a published page in docs/ (found '{page}')", "warning")
            for where, page in _named_pages(settings) if page not in keys]


def unknown_pages(settings: Settings, keys: Any, nameable: Any = (), source: str = "mkdocs.yml") -> list[Problem]:
    """Pages named in settings that no file in docs/ is (any language, published or not): a typo,
    whose footer link or button would vanish from every page without a word. A warning of
    `hromada check` and of the build's last lines, not an error: a new site builds before it
    has its privacy page. An existing page left out by its consent decision is `missing_pages`.
    `nameable`: the pages a suggestion may name (suggest.nameable_pages: no person page)."""
    from . import suggest

    pages = sorted(k for k in nameable if not k.startswith("stories/"))
    return [Problem(source, where, f"{suggest.did_you_mean(page, pages)}a page of docs/, by its path there like "
                                   f"about.md (found '{page}', which is no page: the link is left out)", "warning")
            for where, page in _named_pages(settings) if page not in keys]


#: What every page needs of the design's own files: the quick exit's Esc-twice and its look,
#: the search as people type. A typo in extra_css or extra_javascript would drop them unseen.
REQUIRED_EXTRA = {"extra_css": ("assets/stylesheets/hromada.css",),
                  "extra_javascript": ("assets/javascripts/hromada.js", "assets/javascripts/hromada-search.js")}
#: static-i18n as Hromada reads the content: a file per language (x.uk.md), a shared picture
#: found from every language (the fallback; Hromada removes the fallback pages).
I18N_OPTIONS = {"docs_structure": "suffix", "fallback_to_default": True}


def config_problems(config: Any, source: str = "mkdocs.yml") -> list[Problem]:
    """What of a loaded MkDocs configuration Hromada refuses, one line each (`hromada check`
    and the build ask this)."""
    import os

    found = [p for p in (theme_problem(config.theme.name, config.theme.custom_dir, source), nav_problem(config.nav, source),
                         dev_addr_problem(config.dev_addr.host, source),
                         extensions_problem(config.markdown_extensions, source)) if p]
    found += i18n_problems(config.plugins.get("i18n"), source)
    folders = [d for d in (config.theme.custom_dir, config.docs_dir) if d]
    for key, required in REQUIRED_EXTRA.items():
        before = len(found)
        listed = [str(getattr(item, "path", item)) for item in config[key] or ()]
        for i, path in enumerate(listed):
            if "//" not in path and not any(os.path.isfile(os.path.join(folder, path)) for folder in folders):
                found.append(Problem(source, f"{key}[{i}]", f"a file of the template folder (overrides/) or of docs/ "
                                                            f"(found '{path}', which is neither)"))
        for path in required if len(found) == before else ():  # (a typo in it is one line, above)
            if path not in listed:
                found.append(Problem(source, key, f"a list holding {path}, which every page needs (the quick exit, "
                                                  f"search): put it back (found {', '.join(listed) or 'none'})"))
    return found


def i18n_problems(plugin: Any, source: str = "mkdocs.yml") -> list[Problem]:
    """The i18n plugin (mkdocs-static-i18n) as Hromada needs it: all four languages built,
    English the default, files named by suffix; no option it does not know."""
    from . import suggest

    if plugin is None:
        return [Problem(source, "plugins", "the i18n plugin (mkdocs-static-i18n), as in the example mkdocs.yml")]
    config = plugin.config
    known = {name for name, _ in type(config)._schema}
    found = [Problem(source, f"plugins.i18n.{key}", f"{suggest.did_you_mean(key, known)}an option of the i18n plugin "
                                                   f"(one of: {', '.join(sorted(known))})")
             for key in dict(config) if key not in known]
    for key, value in I18N_OPTIONS.items():
        if config.get(key) != value:
            def written(v: Any) -> str:
                return str(v).lower() if isinstance(v, bool) else shown(v)

            found.append(Problem(source, f"plugins.i18n.{key}", f"{written(value)}, as Hromada reads the content "
                                                               f"(found {written(config.get(key))})"))
    if config.get("build_only_locale"):
        found.append(Problem(source, "plugins.i18n.build_only_locale", "not set: to build some languages only, a CI "
                                                                       "job sets HROMADA_LANGUAGES (README, Scaling out)"))
    locales = []
    for i, lang in enumerate(config.get("languages") or ()):
        where = f"plugins.i18n.languages[{i}]"
        locale = lang.get("locale") if hasattr(lang, "get") else None
        if locale not in LANGUAGES:
            meant = suggest.language(str(locale))
            found.append(Problem(source, f"{where}.locale", (f"did you mean {meant}? " if meant else "")
                                 + f"one of {', '.join(LANGUAGES)} (found {shown(locale)})"))
            continue
        locales.append(locale)
        if lang.get("build") is False:
            found.append(Problem(source, f"{where}.build", "true: the languages are published together (each page's "
                                                           "switcher, feeds and links name the others); to build some "
                                                           "only, a CI job sets HROMADA_LANGUAGES (README, Scaling out)"))
        if bool(lang.get("default")) != (locale == DEFAULT_LANGUAGE):
            found.append(Problem(source, f"{where}.default", f"{'true' if locale == DEFAULT_LANGUAGE else 'false'}: "
                                                             f"{DEFAULT_LANGUAGE} is the default language"))
    unknown = len(config.get("languages") or ()) - len(locales)  # each named above, with what it meant
    missing = [lang for lang in LANGUAGES if lang not in locales][unknown:]
    twice = sorted({lang for lang in locales if locales.count(lang) > 1})
    if missing or twice:
        found.append(Problem(source, "plugins.i18n.languages", f"each of {', '.join(LANGUAGES)} once (" + "; ".join(
            part for part in (f"missing {', '.join(missing)}" if missing else "", f"twice {', '.join(twice)}" if twice else "")
            if part) + "): the languages are published together"))
    return found


def _url_problem(value: Any) -> str | None:
    """What is wrong with an absolute http(s) URL, or None."""
    try:
        parsed = urlparse(value) if isinstance(value, str) else None
    except ValueError:  # a malformed IPv6 host
        parsed = None
    if not parsed or parsed.scheme not in ("http", "https") or not parsed.netloc:
        return "an absolute http(s) URL like https://example.org/"
    if any(ch.isspace() or not ch.isprintable() for ch in value):
        return "a URL without spaces or control characters"
    return None


def _is_zone(value: Any) -> bool:
    try:
        ZoneInfo(value)
        return isinstance(value, str)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):  # OSError: a folder of zones, like Europe
        return False


def nav_problem(nav: Any, source: str = "mkdocs.yml") -> Problem | None:
    """Hromada draws the menu itself (sections, then the plain pages published in the reader's
    language): a `nav` list would change nothing on the site, and MkDocs would print every
    entry it cannot find, an unpublished page's address among them, into the build log."""
    if not nav:
        return None
    return Problem(source, "nav", "no nav list: Hromada draws the menu from the sections and the pages in docs/ "
                                  "published in each language (staff/design.md); remove it")


#: Markdown extensions whose output the gate knows: they turn a page's own text into markup and
#: read nothing else. Any other is refused (default deny): pymdownx.snippets pulls in any file of
#: the repository (a withdrawn story, the consent register), pymdownx.b64 a picture no page
#: declares, emoji and arithmatex scripts or pictures from other sites.
MARKDOWN_EXTENSIONS = frozenset({
    "toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition", "footnotes", "abbr", "def_list",
    "sane_lists", "smarty", "nl2br", "pymdownx.betterem", "pymdownx.caret", "pymdownx.mark", "pymdownx.tilde",
    "pymdownx.details", "pymdownx.superfences", "pymdownx.tasklist", "pymdownx.highlight", "pymdownx.inlinehilite",
    "pymdownx.keys", "pymdownx.smartsymbols", "pymdownx.saneheaders", "pymdownx.blocks.admonition",
    "pymdownx.blocks.details"})


def extensions_problem(extensions: Any, source: str = "mkdocs.yml") -> Problem | None:
    """`markdown_extensions` beyond MARKDOWN_EXTENSIONS, in one line."""
    names = [e if isinstance(e, str) else type(e).__module__ for e in extensions or ()]
    other = sorted({n for n in names if n.removeprefix("markdown.extensions.") not in MARKDOWN_EXTENSIONS})
    if not other:
        return None
    return Problem(source, "markdown_extensions", "only extensions that turn a page's own text into markup: "
                   + ", ".join(sorted(MARKDOWN_EXTENSIONS)) + f" (found {', '.join(other)}: it could bring into a page "
                   "what no page's consent decision covers)")


def dev_addr_problem(host: str | None, source: str = "mkdocs.yml") -> Problem | None:
    """`mkdocs serve` listens on `dev_addr`: anything but this computer would show drafts and
    withdrawn people's pages to the network (preview_hosts.is_local_address)."""
    from .preview_hosts import LISTEN_EXPECTED, is_local_address

    if host is None or is_local_address(host):
        return None
    return Problem(source, "dev_addr", LISTEN_EXPECTED + f"; found {host!r} (remove the line to keep the default)")


def theme_problem(theme_name: str | None, custom_dir: str | None, source: str = "mkdocs.yml") -> Problem | None:
    """Hromada draws pages with its templates in `overrides/` over Material: without them no page
    can be drawn (and a theme of another name would draw pages without the consent gate's markup)."""
    if theme_name == "material" and custom_dir:
        return None
    return Problem(source, "theme", "material, with custom_dir: overrides (Hromada's templates, "
                                    f"without which pages cannot be drawn; found {theme_name!r})")
