"""MkDocs adapter: turns MkDocs and static-i18n events into calls to `hromada`.

Only glue lives here. static-i18n rebuilds the site once per extra language,
so most events below run once per language; content, consent register and
publication decisions are computed once, in the outermost build, and reused
by the nested language builds. The outermost build writes into a staging
folder and only swaps it in after every check passed.
"""
from __future__ import annotations

import ctypes
import html
import logging
import os
import re
import shutil
import sys
from pathlib import Path

from markupsafe import Markup
from mkdocs import utils as mkdocs_utils
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # works without `pip install -e .` too
    sys.path.insert(0, str(ROOT))

from hromada import build as hb  # noqa: E402
from hromada import settings as settings_mod  # noqa: E402
from hromada import build_inputs, build_languages, derivatives, early_scan, images, output, preview_hosts, render, search_cache, search_index, search_input, suggest, summary, theme_files, video, workers  # noqa: E402
from hromada.content import content_file, url_for  # noqa: E402
from hromada.listings import GeneratedPage  # noqa: E402
from hromada.languages import DEFAULT_LANGUAGE, LANGUAGES, split_language  # noqa: E402

_state: dict = {"command": "build"}
_CLEAN_DIRECTORY = mkdocs_utils.clean_directory  # static-i18n monkeypatches it during nested builds
log = logging.getLogger("mkdocs.hooks.hromada")


def _i18n(config):
    plugin = config.plugins.get("i18n")
    if plugin is None:
        raise PluginError("mkdocs.yml: plugins: the i18n plugin (mkdocs-static-i18n) must be enabled for Hromada")
    return plugin


def _lang(config) -> str:
    return _i18n(config).current_language or DEFAULT_LANGUAGE


def _build() -> hb.Build:
    return _state["build"]


def _set_alternates(config, alternates: list[dict]) -> None:
    """Material reads the attribute first, static-i18n writes both: set both."""
    config.extra.alternate = alternates
    config.extra["alternate"] = alternates


def on_startup(command, dirty):
    _state["command"] = command
    if command == "serve":
        output.stop_cleanly_on_termination()


def on_serve(server, config, builder):
    """Preview rebuilds when stories, the consent register or overrides change too (those that exist);
    it answers only under its own address, like `hromada serve` (preview_hosts.py: DNS rebinding)."""
    server.set_app(preview_hosts.guard_wsgi(server.get_app()))
    root = Path(config.config_file_path).resolve().parent
    for folder in ("stories", "consent", "overrides"):
        if (root / folder).is_dir():
            server.watch(str(root / folder))
    return server


# --- config: read and decide everything once; build into a staging folder ----
@event_priority(-110)  # after static-i18n set the build language
def on_config(config):
    i18n = _i18n(config)
    if i18n.building:
        return config
    root = Path(config.config_file_path).resolve().parent
    wrong = settings_mod.config_problems(config)
    if wrong:
        raise PluginError(hb.ContentError(wrong).render())
    try:
        _state["build"] = hb.prepare(root, config.extra, config.site_url, docs_dir=Path(config.docs_dir),
                                     design=theme_files.design_of(config),
                                     preview=_state["command"] == "serve", template_dirs=config.theme.dirs)
    except hb.ContentError as exc:
        raise PluginError(exc.render(public=_state["command"] != "serve")) from None
    try:
        _state["languages"] = _state["drawn"] = build_languages.selected()
    except hb.ContentError as exc:
        raise PluginError(exc.render()) from None
    if _state["command"] != "serve" and (wrong := output.part_problem(Path(config.site_dir), _state["languages"])):
        raise PluginError(wrong)
    if wrong := workers.env_problem():
        raise PluginError(wrong)
    try:  # removes leftovers of killed builds; refuses an output folder it could not replace
        _state["staging"] = output.Staging.for_target(Path(config.site_dir)).guard()
    except output.OutputError as exc:
        raise PluginError(str(exc)) from None
    _state["inputs"] = "" if _state["command"] == "serve" else build_inputs.fingerprint(
        _state["build"], root, {"strict": bool(config.strict), "site_url": config.site_url,
                                "use_directory_urls": config.use_directory_urls,
                                "languages": sorted(_state["languages"])},
        Path(config.config_file_path), [Path(config.docs_dir), Path(config.theme.custom_dir),
                                        *(Path(m.__file__).parent for m in config.hooks.values())])
    # unchanged rebuild: the output folder already holds exactly this build; render only the homes
    _state["reuse"] = output.unchanged(Path(config.site_dir), _state["inputs"])
    _state["reasons"] = {}
    _state["contents"] = {}
    _state["not_found"] = {}
    _state["searchable"] = set()  # the URLs whose page the template marks for search, as Pagefind names them
    # what Pagefind reads: the searchable pages' indexed parts, beside the site (search_input.py);
    # a preview (`mkdocs serve`, `hromada serve`) lets Pagefind read the pages themselves
    _state["search_mark"], _state["search_input"] = "", None
    if _state["command"] == "build" and not _state["reuse"]:
        _state["search_mark"] = search_input.new_mark()
        _state["search_input"] = output.scratch_folder(_state["staging"].target, "search")
    _state["feed_members"] = _state["build"].feeds.members()
    _state["warnings"] = output.WarningCounter.attach()
    _LINK_WARNINGS.build = _state["build"]
    _LINK_WARNINGS.public = _state["command"] != "serve"
    config.site_dir = str(_state["staging"].path)
    return config


class _Quiet(logging.Filter):
    """Drops MkDocs' and static-i18n's progress lines that only show staging paths, the false
    "Template skipped: '404.html'" (Hromada writes each language's 404 itself), and static-i18n's
    debug lines (`-v`), which name every file, an excluded page's among them: logs are public."""

    LISTS_FILES = "mkdocs.plugins.mkdocs_static_i18n"
    NOISE = re.compile(r"^(Building documentation to directory|Cleaning site directory|"
                       r"mkdocs_static_i18n: (Building|Overriding)|Template skipped: '404\.html')")

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.INFO and record.name.startswith(self.LISTS_FILES):
            return False  # `mkdocs build -v`: it names every file, excluded pages and pictures too
        return record.levelno > logging.INFO or not self.NOISE.match(record.getMessage())


_QUIET = _Quiet()
for _handler in logging.getLogger("mkdocs").handlers:
    _handler.addFilter(_QUIET)


class _OurLinks(logging.Filter):
    """Drops MkDocs' lines about links: the build settles links to our pages itself (links.py),
    and warns, once the site is written, about an address of this site that leads nowhere
    (a page deleted at its person's request, a typo) without printing it; MkDocs' line would
    print the address (often a person's name) into a public build log. A preview, on the
    editor's machine, keeps MkDocs' lines about links that are not to our pages."""

    PATTERN = re.compile(r"^Doc file '(.+?)' contains (?:a|an unrecognized relative|an absolute) link '(.+?)'")
    build: hb.Build | None = None
    public: bool = True

    def filter(self, record: logging.LogRecord) -> bool:
        m = self.PATTERN.match(record.getMessage()) if self.build is not None else None
        return not (m and (self.public or self.build.link_is_ours(m.group(1), m.group(2))))


_LINK_WARNINGS = _OurLinks()
logging.getLogger("mkdocs.structure.pages").addFilter(_LINK_WARNINGS)


def on_pre_build(config):
    # static-i18n's language list leaks from one page into the next build's 404
    _set_alternates(config, _build().home_alternates())
    _redirect(config)  # before MkDocs names this language build's files (two processes: workers.py)


# --- files: bring stories in, keep only what is published, add listings -------
@event_priority(100)  # the outer build's first look at files: MkDocs has cleaned the output folder
def _share_languages(files: Files, config):
    """Fork a copy that draws part of the languages on the second core (workers.py): each
    process draws its share into the site, and the other languages only as far as their home
    page (static-i18n needs one), into a throwaway folder (`_redirect`)."""
    build = _build()
    if _i18n(config).building or _state["command"] == "serve" or _state.get("reuse") or not workers.wanted():
        return files
    languages = [lang for lang in LANGUAGES if lang in _state["languages"]]
    weight = {lang: len(build.publication.published(lang)) + len(build.generated_pages(lang)) for lang in languages}
    mine, theirs = workers.split(languages, weight)
    if not mine or not theirs:
        return files
    _state["forked_at"] = (len(build.page_problems), _state["warnings"].count)
    build.warm_media()  # pictures shared by languages of both processes are encoded once, here
    # the other process's languages are built here only as far as static-i18n needs (their home
    # page), into a folder that is thrown away, never into the site: one per process, in a folder
    # this process (the parent) makes before the copy exists and removes once the copy has ended
    scratch = output.scratch_folder(_state["staging"].target)
    worker = workers.fork()
    _state["worker"] = worker
    _state["worker_languages"] = _state["drawn"] = frozenset(theirs if worker.is_copy else mine)
    own = scratch / ("copy" if worker.is_copy else "parent")
    own.mkdir()
    _state["output"], _state["scratch"] = config.site_dir, str(own)
    if not worker.is_copy:
        _state["scratch_folder"] = scratch
    _redirect(config)
    return files


def _redirect(config) -> None:
    """This language build writes into the site if this process draws it, else into scratch."""
    if "scratch" in _state:
        config.site_dir = _state["output"] if _lang(config) in _state["drawn"] else _state["scratch"]


def _end_scratch(config) -> None:
    scratch = _state.pop("scratch", None)
    if scratch is not None:
        shutil.rmtree(scratch, ignore_errors=True)
        config.site_dir = _state.pop("output")


def _remove_search_input() -> None:
    """In the parent: what Pagefind read (search_input.py), once it is done or the build failed."""
    folder = _state.pop("search_input", None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def _remove_scratch_folder() -> None:
    """In the parent, once the copy has ended (or been stopped): both processes' scratch."""
    folder = _state.pop("scratch_folder", None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


@event_priority(0)  # before static-i18n (-100), which only accepts files under docs_dir
def _files_add_stories(files: Files, config):
    """Bring stories/ in, and hand static-i18n only this language's own pages: it re-creates
    every file it gets in every language build, and the others' pages (fallback copies,
    other translations) would only be removed again by _files_publish."""
    build, lang = _build(), _lang(config)
    # HROMADA_LANGUAGES, workers: a language not drawn keeps its home only; so does every language
    # of an unchanged rebuild (_home_only), which static-i18n then re-creates no other page for
    drawn = lang in _state["drawn"] and not _state.get("reuse")
    for f in list(files):
        if f.is_documentation_page():
            key, own = split_language(f.src_uri)
            if own != lang or not (drawn or key == "index.md"):
                files.remove(f)
    for path in build.story_sources() if drawn else ():
        src_uri = path.relative_to(build.root).as_posix()
        if not src_uri.endswith(".md") or split_language(src_uri)[1] == lang:
            files.append(content_file(src_uri, config))
    return files


@event_priority(-110)  # after static-i18n built this language's file set
def _files_publish(files: Files, config):
    build, lang, reasons = _build(), _lang(config), _state["reasons"]
    if _state.get("reuse") or lang not in _state["drawn"]:
        return _home_only(files, build, lang, config)
    docs_dir = Path(os.path.abspath(config.docs_dir))
    custom_dir = Path(os.path.abspath(config.theme.custom_dir)) if config.theme.custom_dir else None
    refused = []
    for f in list(files):
        if f.src_uri.startswith("stories/"):
            f.abs_src_path = str(build.root / f.src_uri)
        if f.is_documentation_page():
            if build.page_is_built(f.src_uri, lang):
                reasons[f.dest_uri] = build.why_page(f.src_uri)
            else:
                files.remove(f)  # drafts, scheduled, consent-excluded, fallback copies
            continue
        from_content = f.src_uri.startswith("stories/") or (f.abs_src_path and _inside(Path(f.abs_src_path), docs_dir))
        if not from_content:
            if custom_dir is not None and f.abs_src_path and _inside(Path(f.abs_src_path), custom_dir):
                problem = theme_files.problem(os.path.relpath(f.abs_src_path, build.root).replace(os.sep, "/"),
                                              Path(f.abs_src_path))
                if problem:
                    refused.append(problem)
                    continue
            if images.is_image(f.src_uri) and f.abs_src_path:
                # the design's pictures, and the theme's own (Material's favicon): re-encoded like
                # every published picture, no metadata, no colour under transparent pixels
                try:
                    clean = File.generated(config, f.src_uri, content=images.clean_bytes(Path(f.abs_src_path)))
                except images.ImageError as exc:
                    refused.append(str(exc))
                    continue
                clean.dest_uri = f.dest_uri
                files.remove(f)
                files.append(clean)
            reasons[f.dest_uri] = "theme asset"
            continue
        # default deny: only media Hromada cleans, declared by a published page, from
        # the files it found itself (no link followed out); a file lying in docs/ is not consent
        declared_by = build.media_declared_by(f.src_uri) if build.is_publishable_asset(f.src_uri) else []
        files.remove(f)
        if declared_by:  # the original and its smaller copies, under the same declaration
            why = "media declared by " + ", ".join(declared_by)
            for clean in _clean_media(config, f, build.renditions(f.src_uri)):
                files.append(clean)
                reasons[clean.dest_uri] = why if clean.dest_uri == f.dest_uri else \
                    f"{derivatives.describe(clean.rendition, f.dest_uri)}; {why}"
    if refused:
        raise PluginError("\n".join(sorted(refused)))
    for page in build.generated_pages(lang):
        g = _generated_file(config, page, lang)
        files.append(g)
        reasons[g.dest_uri] = f"listing built from published pages ({lang})"
    return files


on_files = CombinedEvent(_share_languages, _files_add_stories, _files_publish)


def _home_only(files: Files, build: hb.Build, lang: str, config) -> Files:
    """An unchanged rebuild renders nothing but each language's home page, which static-i18n
    needs to find; the output folder is kept and this staging folder discarded."""
    home = url_for("index.md", lang) or "./"
    kept = [f for f in files if f.is_documentation_page() and f.url in (home, "")
            and build.page_is_built(f.src_uri, lang)]
    for f in kept:  # named before the build knew where this language goes (workers.py: scratch)
        f.abs_dest_path = os.path.normpath(os.path.join(config.site_dir, f.dest_path))
    if not kept:
        kept = [_generated_file(config, p, lang) for p in build.generated_pages(lang) if p.src_uri == "index.md"]
    return Files(kept)


def _inside(path: Path, folder: Path) -> bool:
    """Whether `path` lies in `folder`, judged without following links."""
    try:
        Path(os.path.abspath(path)).relative_to(folder)
        return True
    except ValueError:
        return False


def _clean_media(config, f: File, plan: derivatives.Plan) -> list[File]:
    """The same file, its image re-encoded and its video stripped of what describes the recording;
    then an image's smaller copies (`plan`), encoded from the same clean pixels, each with
    `.rendition` saying what it is. Copies are named after the original and sit beside it."""
    source = Path(f.abs_src_path)
    if images.is_image(f.src_uri):
        clean = File.generated(config, f.src_uri, content=images.clean_bytes(source))
    else:
        try:
            clean = File.generated(config, f.src_uri, content=video.stripped(source.read_bytes(), source.name))
        except video.VideoError as exc:  # `hromada check` (run by every build) reports it first
            raise PluginError(f"{f.src_uri}: file: an MP4 or WebM video Hromada can read completely ({exc})") from None
    clean.dest_uri = f.dest_uri
    out = [clean]
    for rendition, data in derivatives.data_all(source, plan.files).items():
        copy = File.generated(config, rendition.path, content=data)
        copy.rendition = rendition
        out.append(copy)
    return out


class _DrawnWhenRead(File):
    """A generated page (a listing, the home page), drawn when MkDocs reads it, not when it is
    listed: the preview server (hromada/preview_server.py) renders only the pages it is asked for.

    Its body is HTML already (overrides/partials/hromada/): it skips Markdown, which would only
    parse it twice to hand it back unchanged (a third of a large site's pages are listings)."""

    listing: GeneratedPage  # (File.page is MkDocs' Page of the file)

    @property
    def content_string(self) -> str:
        return ""  # MkDocs reads no front matter and no Markdown: on_page_markdown sets the title


def _generated(page) -> GeneratedPage | None:
    return page.file.listing if isinstance(page.file, _DrawnWhenRead) else None


def _doc(page, config) -> hb.Doc | None:
    """The content page this page draws (Build.page_doc), never for a generated page. A page of
    content that this language build may not draw stops the build: MkDocs would otherwise read
    and draw its file itself (the gate removed every such file before; this is the proof)."""
    if _generated(page) is not None:
        return None
    build, src_uri = _build(), page.file.src_uri
    doc = build.page_doc(src_uri, _lang(config))
    if doc is None and build.doc(src_uri) is not None:
        raise PluginError(f"{src_uri}: this page is not published in '{_lang(config)}' and was about to be drawn "
                          "there; nothing was published (please report this: it is a fault of Hromada, not of the page)")
    return doc


def _generated_file(config, page: GeneratedPage, lang: str) -> File:
    f = _DrawnWhenRead.generated(config, page.src_uri, content="")
    f.listing = page
    f.dest_uri = ("" if lang == DEFAULT_LANGUAGE else f"{lang}/") + page.src_uri[: -len(".md")] + ".html"
    # attributes static-i18n reads later
    f.locale = f.locale_alternate_of = lang
    f.localization = None if lang == DEFAULT_LANGUAGE else lang
    f.norm_src_uri = page.src_uri
    f.alternates = {lang: f}
    return f


# --- navigation: sections and plain pages only, never the thousands of items --
@event_priority(-110)
def on_nav(nav, config, files):
    build, lang = _build(), _lang(config)
    for page in nav.pages:
        page.previous_page = page.next_page = None
        page.parent = None
    items = []
    for src_uri in build.menu(lang):
        f = files.get_file_from_path(src_uri)
        if f is not None and f.page is not None and f.page not in items:
            items.append(f.page)
    new = Navigation(items, items)
    new.homepage = items[0] if items else nav.homepage
    return new


# --- pages: blocks around typed pages, metadata for templates -----------------
def on_page_read_source(page, config):
    """A page Hromada read and checked is not read again: MkDocs would parse its front matter a
    second time, and no template uses the raw keys (on_page_markdown gives the page its meta)."""
    return "" if _doc(page, config) is not None else None


def on_page_markdown(markdown, page, config, files):
    """Render the body Hromada read and checked (front matter and HTML comments gone);
    plain-text fields are escaped once here, for every template that prints them."""
    doc = _doc(page, config)
    if doc is not None:
        page.meta.update(_build().page_meta(doc))
        if page.meta.get("hromada_index"):  # search_index.Indexer takes these pages and no other
            _state["searchable"].add(search_index.page_url(page.url))
        page.meta["title"] = doc.title
        markdown = doc.body
    elif (listing := _generated(page)) is not None:
        page.meta["title"] = listing.title  # its body, HTML, comes in on_page_content
        if listing.noindex:
            page.meta["hromada_noindex"] = True
    for key in ("title", "description"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = html.escape(page.meta[key])
    return markdown


_ID = re.compile(r'\sid="([^"]+)"')


def on_page_content(page_html, page, config, files):
    """Keep the page's own text for feeds, then add listings and navigation blocks around it."""
    build = _build()
    doc = _doc(page, config)
    if doc is None:
        listing = _generated(page)
        if listing is None:
            return page_html
        body = listing.body
        page.present_anchor_ids = set(_ID.findall(body))  # for MkDocs' check of links to #anchors
        return body
    page_html = build.render_guard(doc, page_html)
    if doc.src_uri in _state["feed_members"]:
        _state["contents"][doc.src_uri] = page_html
    return build.article(doc, page_html)  # byline, lead picture, blocks (overrides/partials/hromada/)


def on_env(env, config, files):
    """Header, menus and footer of this language for every template (404 included); templates
    compiled once per process, not once per language build (render.CompiledTemplates)."""
    env.globals["hromada_site"] = _build().site(_lang(config))
    env.globals["hromada_search_mark"] = Markup(_state["search_mark"])
    env.bytecode_cache = render.COMPILED
    return env


@event_priority(-110)  # after static-i18n's own switcher (50), which we replace
def on_page_context(context, page, config, nav):
    build, lang = _build(), _lang(config)
    _set_alternates(config, build.alternates_for(page.file.src_uri))
    context["hromada_feeds"] = build.feed_links(page.file.src_uri, lang)
    context["hromada_head"] = build.head(page.file.src_uri, lang)
    context["hromada_ui"] = build.ui_strings(lang)
    return context


def on_post_page(output_html, page, config):
    # the page is drawn: let go of its text, or every page of every language stays in memory
    # (static-i18n keeps each language's files, and their pages, for its sitemap)
    page.markdown = page.content = None
    folder = _state.get("search_input")
    if folder is not None and page.meta.get("hromada_index"):
        try:
            output_html, document = search_input.cut(output_html, _state["search_mark"])
        except search_input.MarkError as exc:
            raise PluginError(f"{config.theme.custom_dir or 'overrides'}/main.html: {exc}") from None
        search_input.write(folder, page.file.dest_uri, document)
    return _build().add_quick_exit(output_html, _lang(config))


def on_template_context(context, template_name, config):
    if template_name == "sitemap.xml":
        context["hromada_sitemap"] = _build().sitemap_xml
    context["hromada_ui"] = _build().ui_strings(_lang(config))
    context["hromada_head"] = _build().head(None, _lang(config))
    return context


def on_post_template(output_html, template_name, config):
    """404.html: every language build writes the same root file, so keep the
    English one there and put the others in their own trees (uk/404.html...)."""
    if template_name != "404.html":
        return output_html
    lang = _lang(config)
    html = _build().add_quick_exit(output_html, lang)
    if lang == DEFAULT_LANGUAGE:
        return html
    if lang in _state["drawn"]:  # another process draws it (workers.py); this one is thrown away
        _state["not_found"][f"{lang}/404.html"] = html
    return ""  # MkDocs skips writing an empty template


# --- the end: check everything, then swap the new site in --------------------
def _join_languages(config) -> None:
    """The copy hands over what its language builds found and ends; the parent takes it in."""
    worker = _state.pop("worker", None)
    if worker is None:
        return
    build, (problems_before, warnings_before) = _build(), _state.pop("forked_at")
    _end_scratch(config)
    if worker.is_copy:
        counter = _state["warnings"]
        workers.send(worker, {
            "reasons": _state["reasons"], "contents": _state["contents"], "not_found": _state["not_found"],
            "searchable": _state["searchable"],
            "page_problems": build.page_problems[problems_before:], "unlinked": build.links.unlinked,
            "kept_elsewhere": build.links.kept_elsewhere, "warnings": counter.messages[warnings_before:]})
    result = workers.receive(worker)
    _remove_scratch_folder()
    if "error" in result:
        raise PluginError(result["error"])
    _state["reasons"].update(result["reasons"])
    _state["contents"].update(result["contents"])
    _state["not_found"].update(result["not_found"])
    _state["searchable"].update(result["searchable"])
    build.page_problems += [p for p in result["page_problems"] if p not in build.page_problems]
    for page, targets in result["unlinked"].items():
        build.links.unlinked.setdefault(page, set()).update(targets)
    for page, kept in result["kept_elsewhere"].items():
        build.links.kept_elsewhere.setdefault(page, {}).update(kept)
    counter = _state["warnings"]
    counter.count += len(result["warnings"])
    counter.messages += result["warnings"]


@event_priority(-200)  # after static-i18n (-100) ran every language build
def _finish_build(config):
    if _i18n(config).building:
        return
    _join_languages(config)
    if _build().page_problems:  # found while rendering: undeclared media uses
        problems = _build().page_problems
        raise PluginError(hb.ContentError(problems, _build().public_log(problems)).render(public=_state["command"] != "serve"))
    staging: output.Staging = _state["staging"]
    if _state.get("reuse"):
        _state["warnings"].detach()
        try:
            output.keep(build=_build(), staging=staging, write_reports=_state["command"] != "serve")
        except output.OutputError as exc:
            raise PluginError(str(exc)) from None
        staging.release()
        config.site_dir = str(staging.target)
        log.info(f"Nothing changed since the last build: {staging.target} is kept as it is (checked against its manifest)")
        for line in summary.lines(_build().publication, "reports/build-report.md", _state["languages"], _settings_warnings()):
            log.info(line)
        return
    _keep_languages(staging.path, _state["languages"], _state["reasons"])
    _return_freed_memory()  # before Pagefind's own memory comes on top of this process's
    early = early_scan.EarlyScan.start(staging.path)  # the drawn pages, for the deny-list, beside Pagefind
    # every page is written and the second process has ended: the search index is made
    # beside the feeds, calendars and checks below (one language at a time, search_index.Indexer)
    indexer = search_index.Indexer(staging.path, _state.get("search_input"),
                                   search_cache.Store.of_project(Path(config.config_file_path).parent), build_inputs.code_digest())
    indexer.on_language_done = early.more if early is not None else None
    for lang in LANGUAGES:
        if lang in _state["languages"]:
            indexer.add(lang, _state["searchable"], _build().page_sources(lang))
    try:
        extra = [(item.path, item.data, item.why) for item in _build().feed_outputs(_state["contents"], _state["languages"])]
        extra += [(rel, html.encode("utf-8"), "not-found page") for rel, html in _state["not_found"].items()]
        extra = [item for item in extra if build_languages.of_path(item[0]) in _state["languages"]]
        for rel, data, why in extra:
            path = staging.path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            _state["reasons"][rel] = why
        if early is not None:
            early.more(rel for rel, _, _ in extra)  # feeds and calendars are final: scanned beside Pagefind
        del extra
        if _state["command"] != "serve":  # a preview keeps them for the next save's feeds
            _state["contents"] = {}  # the page texts were for the feeds only
        _return_freed_memory()  # what drawing the feeds took, beside the search index's runs
        indexer.wait()
        if indexer.reused:
            log.info(f"Search index of {', '.join(sorted(indexer.reused))}: made from the same pages as in an earlier "
                     "build, taken from the cache (hromada/search_cache.py)")
        _remove_search_input()
        for rel in indexer.finish():
            _state["reasons"][rel] = "search index (Pagefind) of published pages allowing search"
        for line in _build().find_dead_links(staging.path, _state["languages"], public=_state["command"] != "serve"):
            log.warning(line)  # counted: `mkdocs build --strict` refuses a dead end, as MkDocs' own link warnings
        output.finish(
            build=_build(), staging=staging, reasons=_state["reasons"],
            strict=bool(config.strict), warnings=_state["warnings"],
            write_reports=_state["command"] != "serve", inputs=_state["inputs"], early=early,
            languages=_state["languages"],
        )
    except (output.OutputError, search_index.SearchIndexError) as exc:
        raise PluginError(str(exc)) from None
    except OSError as exc:
        raise PluginError(f"{output.describe(exc)}; nothing was published and {staging.target} is unchanged") from None
    finally:
        indexer.stop()  # a failure above: no Pagefind keeps writing into a folder about to be removed
        if early is not None:
            early.stop()
        _state["warnings"].detach()
    staging.release()
    config.site_dir = str(staging.target)
    report = "reports/build-report.md" if _state["command"] != "serve" else None
    for line in summary.lines(_build().publication, report, _state["languages"], _settings_warnings()):
        log.info(line)


on_post_build = _finish_build


def _return_freed_memory() -> None:
    """The pages are drawn: hand the memory their drawing freed back to the system (glibc keeps
    it for reuse otherwise; measured at 2,000 items x 4: 300 -> 266 MB). Elsewhere, nothing."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _settings_warnings() -> list:
    build = _build()
    return settings_mod.unknown_pages(build.settings, set(build.index.by_key), suggest.nameable_pages(build.index.docs))


def _keep_languages(site: Path, languages: frozenset[str], reasons: dict) -> None:
    """HROMADA_LANGUAGES: the folder holds only these languages' files (the English tree also
    holds the shared ones: assets, sitemap, root 404); `hromada merge` joins the jobs' folders."""
    if languages == frozenset(build_languages.LANGUAGES):
        return
    for path in sorted(site.rglob("*"), reverse=True):
        rel = path.relative_to(site).as_posix()
        if path.is_file() and build_languages.of_path(rel) not in languages:
            path.unlink()
            reasons.pop(rel, None)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def on_build_error(error):
    """Leave the previous site untouched and reset static-i18n for the next build (mkdocs serve)."""
    scratch = _state.pop("scratch", None)
    if scratch is not None:
        shutil.rmtree(scratch, ignore_errors=True)
    worker = _state.pop("worker", None)
    if worker is not None and worker.is_copy:  # the copy reports and ends; the parent cleans up
        languages = ", ".join(_state.get("worker_languages", ()))
        workers.send(worker, {"error": f"building the '{languages}' pages: {error or type(error).__name__}"})
    if worker is not None:  # the parent failed first: stop the copy before removing its folder
        workers.stop(worker)
    _remove_scratch_folder()
    if worker is None or not worker.is_copy:
        _remove_search_input()
    staging = _state.pop("staging", None)
    if staging is not None:
        staging.discard()
        staging.release()
    counter = _state.pop("warnings", None)
    if counter is not None:
        counter.detach()
    mkdocs_utils.clean_directory = _CLEAN_DIRECTORY


def on_shutdown():
    """Ctrl-C, SIGTERM, SIGHUP: the build unwinds to here; discard what it left half-built,
    once the second language process (workers.py) has stopped writing into it."""
    worker = _state.pop("worker", None)
    if worker is not None and not worker.is_copy:
        workers.stop(worker)
    scratch = _state.pop("scratch", None)
    if scratch is not None:
        shutil.rmtree(scratch, ignore_errors=True)
    _remove_scratch_folder()
    if worker is None or not worker.is_copy:
        _remove_search_input()
    _state.pop("staging", None)
    output.shutdown()
