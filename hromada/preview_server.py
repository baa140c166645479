"""`hromada serve`: the staff preview, with every page drawn when it is asked for.

`mkdocs serve` rebuilds the whole site, in four languages, on every save: on a
site of 2,000 items per language that is a minute and a half, and staff stop
looking at the preview. This server keeps MkDocs' per-language state (files,
navigation, templates) from one set-up and, on each save, only re-reads the
content (`hromada.build.prepare`, whose parsing is remembered per file text) and
forgets every page it drew. A page is drawn again, by MkDocs' own functions
and Hromada's hooks, the first time it is asked for after the save: what the
browser gets is exactly what a full `mkdocs serve` build would have written
(tests/test_preview_server.py compares the two, file by file), so no listing,
feed, switcher or page can be stale, and a page a new decision excludes is
shown only with its preview banner and is gone from every listing at once.

While the content has an error, every page is an error page naming the
problems (file, key, expected); the next save that fixes them recovers.

The search index is not drawn (Pagefind needs every page): the preview serves the
index of the last `hromada build`, which lags behind it, and each page says so.
`mkdocs build` is unchanged and always complete.
"""
from __future__ import annotations

import gc
import logging
import mimetypes
import os
import posixpath
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.structure.files import File, Files, set_exclusions
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import content, images
from .languages import DEFAULT_LANGUAGE, LANGUAGES
from .problems import ContentError
from .render import Partials

log = logging.getLogger("hromada.serve")

#: Folders and files whose change means the content must be read again.
CONTENT_FOLDERS = ("docs", "stories", "consent")
#: Changes here mean MkDocs itself must be set up again (templates, settings, hooks).
SETUP_PATHS = ("mkdocs.yml", "overrides", "hooks")
ERROR_TEMPLATE = "preview-error.html"
#: Served from the last `hromada build` (search_index.FOLDER), not drawn by the preview.
SEARCH_FOLDER = "pagefind/"


@dataclass
class Language:
    """What MkDocs built for one language and keeps between saves."""

    lang: str
    files: Files
    nav: Navigation
    env: jinja2.Environment
    menu: list[str]
    #: the theme's and the design's pictures as read from disk: the hooks publish them re-encoded
    #: (a file made, which `_patch_language` makes again from these after a save)
    theme_pictures: tuple[File, ...] = ()


#: Seconds after a save when the state it replaced is collected (`_collect_when_idle`).
COLLECT_AFTER = 2.0


class PreviewSite:
    """One project's preview: answers a URL path with bytes, drawing them on demand."""

    def __init__(self, config_file: Path, out_dir: Path):
        self.config_file = config_file.resolve()
        self.root = self.config_file.parent
        self.out_dir = out_dir
        self.lock = threading.RLock()
        self.generation = 0
        self.problems: str | None = None  # the error page's text while content is broken
        self._drawn: set[str] = set()  # dest paths drawn in this generation
        self._extras: dict[str, bytes] | None = None
        self.config: MkDocsConfig | None = None
        self.hooks: Any = None
        self.langs: dict[str, Language] = {}
        self.routes: dict[str, tuple[str, File]] = {}
        self._current: str | None = None
        self.built_site: Path | None = None
        self._collector: threading.Timer | None = None
        self._paused = False  # this preview turned Python's cycle collector off (`_pause_collection`)

    # --- set-up -------------------------------------------------------------
    def setup(self) -> None:
        """Load mkdocs.yml, read and decide the content, and prepare every language."""
        with self.lock:
            gc.unfreeze()  # the last set-up's state may be garbage now (see the end)
            self._teardown()
            Partials.forget()  # templates may have changed: that is one reason to set up again
            os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
            try:
                config = load_config(str(self.config_file))
            except MkDocsException as exc:  # mkdocs.yml cannot be read: say so on every page
                self._fail(f"{self.config_file.name}: {exc}")
                return
            self.built_site = Path(config.site_dir)  # the last `hromada build`: its search index is served
            config.site_dir = str(self.out_dir)
            config.plugins.on_startup(command="serve", dirty=False)
            self.hooks = _hooks_module(config)
            self.langs, self.routes, self._current = {}, {}, None
            try:
                config = config.plugins.on_config(config)  # the outermost build: Hromada prepares here
            except MkDocsException as exc:
                self.config = config
                self._fail(str(exc))
                return
            self.config = config
            self.problems = None
            content.remember_in_process_only()
            try:
                for lang in LANGUAGES:
                    self.langs[lang] = self._set_up_language(lang)
            except (MkDocsException, jinja2.TemplateError, OSError) as exc:
                self.langs = {}
                self._fail(_one_line(exc))
                return
            self._route()
            self._new_generation()
            # What was just set up lives until the next set-up: Python's cycle collector leaves it
            # out of every collection from now on, instead of walking it again during each save's
            # re-read (measured at 2,000 x 4: 0.3-0.9 s of a 1.4-1.7 s re-read).
            gc.freeze()

    def _set_up_language(self, lang: str) -> Language:
        """What `mkdocs build` does for one language before drawing any page."""
        config = self._use(lang, env=False)
        config.plugins.on_pre_build(config=config)
        files = mkdocs_build.get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        docs = Path(config.docs_dir).resolve()
        pictures = tuple(f for f in files if f.abs_src_path and images.is_image(f.src_uri)
                         and not f.src_uri.startswith("stories/") and not Path(f.abs_src_path).resolve().is_relative_to(docs))
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = config.plugins.on_nav(mkdocs_build.get_navigation(files, config), config=config, files=files)
        env = config.plugins.on_env(env, config=config, files=files)
        return Language(lang, files, nav, env, self.hooks._build().menu(lang), pictures)

    def _use(self, lang: str, env: bool = True) -> MkDocsConfig:
        """Reconfigure the shared MkDocs config for `lang`, as static-i18n's nested builds do."""
        config = self.config
        i18n = config.plugins["i18n"]
        if self._current != lang:
            i18n.current_language = lang
            i18n.building = lang != DEFAULT_LANGUAGE
            self.config = config = i18n.on_config(config)
            self._current = lang
        if env and lang in self.langs:
            state = self.langs[lang]
            state.env = config.plugins.on_env(state.env, config=config, files=state.files)
        return config

    def _teardown(self) -> None:
        if self.config is not None and self.hooks is not None:
            self.hooks.on_shutdown()
        self.config = None

    def close(self) -> None:
        with self.lock:
            if self._collector is not None:
                self._collector.cancel()
            self._teardown()
            self._resume_collection()

    def _pause_collection(self) -> None:
        """Python's cycle collector stays off from the start of a save's re-read until the
        preview is idle (`_collect_when_idle`). Turned on again at the end of the re-read, it
        would at once walk every object the re-read made (0.1 s of each save at 2,000 x 4).
        The state the last save replaced is collected first if the preview was not idle since
        (saves in a quick row): memory never piles up."""
        if self._collector is not None:
            self._collector.cancel()
            self._collector = None
        if self._paused:
            gc.collect()
        elif gc.isenabled():
            gc.disable()
            self._paused = True

    def _resume_collection(self) -> None:
        if self._paused:
            self._paused = False
            gc.enable()

    def _collect_when_idle(self) -> None:
        """The state a save replaced is collected a moment later, between saves, rather than
        piling up until Python's own full collection lands in the middle of a save."""
        if self._collector is not None:
            self._collector.cancel()
        self._collector = threading.Timer(COLLECT_AFTER, self._collect)
        self._collector.daemon = True
        self._collector.start()

    def _collect(self) -> None:
        with self.lock:
            gc.collect()
            self._resume_collection()

    # --- a save ---------------------------------------------------------------
    def refresh(self, setup: bool = False) -> None:
        """Read the content again after a save; with `setup`, MkDocs' set-up too. No collection
        of cycles until the preview is idle (`_pause_collection`)."""
        try:
            self._refresh(setup)
        finally:
            self._collect_when_idle()

    def _refresh(self, setup: bool) -> None:
        with self.lock:
            self._pause_collection()
            if setup or self.config is None or not self.langs:
                self.setup()
                return
            hooks, config = self.hooks, self.config
            state = hooks._state
            old = state["build"]
            self._use(DEFAULT_LANGUAGE, env=False)
            try:
                new = hooks.hb.prepare(self.root, config.extra, config.site_url, docs_dir=Path(config.docs_dir),
                                       preview=True, template_dirs=config.theme.dirs,
                                       design=hooks.theme_files.design_of(config))
            except ContentError as exc:
                self._fail(exc.render())
                return
            self.problems = None
            state["build"] = new
            hooks._LINK_WARNINGS.build = new
            state["feed_members"] = new.feeds.members()
            same_decisions = _decisions(old) == _decisions(new) and old.index.files == new.index.files
            contents = state["contents"]
            for uri in list(contents):
                if not same_decisions or old.doc(uri) is not new.doc(uri):
                    del contents[uri]  # a page's text depends on its own file and on the decisions (links)
            docs_of: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
            for doc in new.index.docs:
                docs_of[doc.lang].add(doc.src_uri)
            for lang in LANGUAGES:
                self._patch_language(self.langs[lang], new, docs_of[lang])
            self._route()
            self._new_generation()

    def _patch_language(self, state: Language, build: Any, want_docs: set[str]) -> None:
        """Bring one language's files up to the new build, through the same hook as the build
        (`_files_publish`): its pages (`want_docs`, their src_uris), listings and media, and its menu."""
        config = self._use(state.lang, env=False)
        # files read from disk stay (theme, pages still there); what the hooks made is made again
        base = [f for f in state.files if f._content is None
                and (not f.is_documentation_page() or f.src_uri in want_docs)]
        have = {f.src_uri for f in base if f.is_documentation_page()}
        base += [self._content_file(config, src_uri, state.lang) for src_uri in sorted(want_docs - have)]
        kept = {f.src_uri for f in base}
        base += [f for f in state.theme_pictures if f.src_uri not in kept]  # re-encoded again by the hook
        for src_uri in sorted(build.index.files.assets if build.index.files else ()):
            base.append(self._content_file(config, src_uri, state.lang))
        files = self.hooks._files_publish(_like(state.files, [f for f in base if f is not None]), config)
        state.files = files  # pages of new files get their Page when drawn (_draw)
        menu = build.menu(state.lang)
        if menu != state.menu:
            state.nav = config.plugins.on_nav(mkdocs_build.get_navigation(files, config), config=config, files=files)
            state.menu = menu

    def _content_file(self, config: MkDocsConfig, src_uri: str, lang: str) -> File | None:
        """A content file as static-i18n names it in `lang`'s build, or None when that build
        leaves it out (another language's own picture, x.uk.jpg, in the Russian build)."""
        from mkdocs_static_i18n import suffix

        i18n = config.plugins["i18n"]
        plain = content.content_file(src_uri, config)
        named = suffix.create_i18n_file(plain, lang, i18n.default_language, i18n.all_languages, config)
        if not named.is_documentation_page():
            if named.localization not in (None, lang):
                return None
            if named.localization is None:  # shared media keep their unprefixed address in every build
                named = suffix.create_i18n_file(plain, i18n.default_language, i18n.default_language,
                                                i18n.all_languages, config)
        if src_uri.startswith("stories/"):
            named.abs_src_path = str(self.root / src_uri)
        return named

    def _fail(self, text: str) -> None:
        self.problems = text
        self._new_generation()

    def _new_generation(self) -> None:
        self.generation += 1
        self._drawn.clear()
        self._extras = None

    def _route(self) -> None:
        """URL path -> the file that answers it; later languages win, as in the build."""
        self.routes = {}
        for lang in LANGUAGES:
            state = self.langs[lang]
            for f in state.files:
                self.routes[f.dest_uri] = (lang, f)

    # --- answering ------------------------------------------------------------
    def get(self, path: str) -> tuple[int, bytes, str]:
        """(HTTP status, body, content type) for a URL path such as /uk/news/x/."""
        with self.lock:
            rel = _dest_of(path)
            if self.problems is not None:
                if rel.endswith(".html"):
                    return 500, self._error_page(), "text/html; charset=utf-8"
            try:
                data = self._get(rel)
            except (MkDocsException, jinja2.TemplateError, OSError) as exc:  # a template staff broke, say
                self._fail(_one_line(exc))
                return 500, self._error_page(), "text/html; charset=utf-8"
            build = self.hooks._build() if self.hooks else None
            if build is not None and build.page_problems:
                self._fail(ContentError(build.page_problems).render())
                build.page_problems.clear()
                return 500, self._error_page(), "text/html; charset=utf-8"
            if data is None:
                lang = next((l for l in LANGUAGES[1:] if rel.startswith(f"{l}/")), DEFAULT_LANGUAGE)
                missing = self._get("404.html" if lang == DEFAULT_LANGUAGE else f"{lang}/404.html")
                return 404, missing or b"Not found", "text/html; charset=utf-8"
            return 200, data, _content_type(rel)

    def _get(self, rel: str) -> bytes | None:
        if self.config is None or not self.langs:
            return None
        target = Path(self.config.site_dir) / rel
        if rel in self._drawn:
            return target.read_bytes()
        if rel in self.routes:
            lang, f = self.routes[rel]
            self._draw(lang, f)
        elif rel in ("404.html", "sitemap.xml") or (rel.endswith("/404.html") and rel.split("/")[0] in LANGUAGES):
            self._draw_template(rel)
        elif rel.startswith(SEARCH_FOLDER):
            return self._built_search_file(rel)
        else:
            extras = self._extra_outputs()
            if rel not in extras:
                return None
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(extras[rel])
        self._drawn.add(rel)
        return target.read_bytes() if target.is_file() else None

    def _built_search_file(self, rel: str) -> bytes | None:
        """The search index of the last `hromada build` (it lags behind the preview, and the
        preview says so); nothing outside that folder, and never through a link."""
        if self.built_site is None:
            return None
        base = (self.built_site / SEARCH_FOLDER).resolve()
        path = self.built_site / rel
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if base not in real.parents or path.is_symlink() or not real.is_file():
            return None
        return real.read_bytes()

    @property
    def has_search(self) -> bool:
        return self.built_site is not None and (self.built_site / SEARCH_FOLDER / "pagefind-entry.json").is_file()

    def _draw(self, lang: str, f: File) -> None:
        config = self._use(lang)
        state = self.langs[lang]
        if not f.is_documentation_page():
            f.copy_file()
            return
        page = f.page or Page(None, f, config)
        mkdocs_build._populate_page(page, config, state.files)
        mkdocs_build._build_page(page, config, state.files.documentation_pages(), state.nav, state.env)

    def _draw_template(self, rel: str) -> None:
        """404 pages (one per language) and the sitemap, as the language builds write them."""
        lang = rel.split("/")[0] if "/" in rel else DEFAULT_LANGUAGE
        name = rel.rsplit("/", 1)[-1]
        config = self._use(lang)
        state = self.langs[lang]
        config.plugins.on_pre_build(config=config)
        mkdocs_build._build_theme_template(name, state.env, state.files, config, state.nav)
        if name == "404.html" and lang != DEFAULT_LANGUAGE:
            page = self.hooks._state["not_found"].get(rel)
            if page is not None:
                target = Path(config.site_dir) / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(page.encode("utf-8"))

    def _extra_outputs(self) -> dict[str, bytes]:
        """Feeds and calendars: they carry the text of their pages, drawn here if not yet."""
        if self._extras is None:
            state = self.hooks._state
            build = state["build"]
            for uri in sorted(state["feed_members"] - set(state["contents"])):
                doc = build.doc(uri)
                config = self._use(doc.lang)
                f = self.langs[doc.lang].files.get_file_from_path(uri)
                if f is not None and f.src_uri == uri:
                    mkdocs_build._populate_page(f.page or Page(None, f, config), config, self.langs[doc.lang].files)
            self._extras = {item.path: item.data for item in build.feed_outputs(state["contents"])}
        return self._extras

    def _error_page(self) -> bytes:
        folder = self.root / "overrides" / "partials" / "hromada"
        env = jinja2.Environment(loader=jinja2.ChoiceLoader([
            jinja2.FileSystemLoader(str(folder)),
            jinja2.FileSystemLoader(str(Path(__file__).resolve().parent.parent / "overrides" / "partials" / "hromada")),
        ]), autoescape=True)
        lines = [line for line in (self.problems or "").splitlines() if line.strip()]
        return env.get_template(ERROR_TEMPLATE).render(problems=lines, generation=self.generation).encode("utf-8")


def _one_line(exc: BaseException) -> str:
    """What went wrong, as staff can act on it: a template names its file and line."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"{exc.filename or exc.name}: line {exc.lineno}: {exc.message}"
    return str(exc) or type(exc).__name__


def _hooks_module(config: MkDocsConfig) -> Any:
    """The hooks module MkDocs loaded for this config (it holds the build's state)."""
    for name, plugin in config.plugins.items():
        if hasattr(plugin, "_state") and hasattr(plugin, "_generated_file"):
            return plugin
    raise MkDocsException("mkdocs.yml: hooks: hooks/hromada_hooks.py must be listed for hromada serve")


def _like(files: Files, items: list[File]) -> Files:
    """A file set of the same class as static-i18n's (its lookup finds safety.uk.md for safety.md)."""
    plugin = getattr(files, "plugin", None)
    return type(files)(plugin, items) if plugin is not None else Files(items)


def _decisions(build: Any) -> tuple:
    pub = build.publication
    return tuple((d.src_uri, pub.decision(d)) for d in build.index.docs)


def _dest_of(path: str) -> str:
    """/uk/news/x/ -> uk/news/x/index.html; /feed/rss.xml stays a file."""
    rel = posixpath.normpath("/" + path.split("?", 1)[0].split("#", 1)[0]).lstrip("/")
    if path.endswith("/") or rel == "":
        rel = (rel + "/index.html").lstrip("/")
    elif "." not in rel.rsplit("/", 1)[-1]:
        rel += "/index.html"
    return rel


def _content_type(rel: str) -> str:
    if rel.endswith(".ics"):
        return "text/calendar; charset=utf-8"
    guessed = mimetypes.guess_type(rel)[0] or "application/octet-stream"
    return guessed + ("; charset=utf-8" if guessed.startswith("text/") or guessed.endswith(("xml", "json", "javascript")) else "")
