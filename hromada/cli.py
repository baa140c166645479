"""`hromada check`, `new`, `status`, `build`, `verify DIR` and `purge-list`: the gate without a
build, starting a file, what is published where, the build, proof after it, and what caches must forget."""
from __future__ import annotations

import argparse
import json
import logging
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from . import consent, manifest, parse_memo, serve_command, settings as settings_mod, suggest, theme_files
from .build import ContentError, build_time, check
from .frontmatter import escape, key_name, shown, structure_problem, yaml_trap, not_utf8
from .languages import LANGUAGES
from .problems import Problem
from .publication import Publication


class _ConfigLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Reads mkdocs.yml's YAML alone, before MkDocs does: python tags become None."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


#: mkdocs.yml may use anchors and aliases, but not to build something huge from a few lines.
MAX_CONFIG_VALUES = 100_000


def _expanded_size(root: yaml.Node) -> int:
    """How many values the YAML holds once every alias is expanded, counted on the
    composed graph (each node once), so a "billion laughs" costs no more than its text."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        else:
            children = []
        if children_done:
            sizes[id(node)] = min(MAX_CONFIG_VALUES + 1, 1 + sum(sizes[id(c)] for c in children))
        elif id(node) not in sizes:
            sizes[id(node)] = -1  # in progress: met again below it, it contains itself
            stack.append((node, True))
            for child in children:
                if sizes.get(id(child)) == -1:
                    return MAX_CONFIG_VALUES + 1
                if id(child) not in sizes:
                    stack.append((child, False))
    return sizes[id(root)]


def _read_config(path: Path) -> tuple[dict, list[Problem]]:
    """mkdocs.yml as a mapping, or the one line saying why it cannot be read."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return {}, [Problem(name, "encoding", not_utf8(path, exc))]
    except OSError as exc:
        return {}, [Problem(name, "file", f"a readable file ({exc.strerror or exc})")]
    loader = None
    try:
        found = structure_problem(text, anchors=True, limit=100)  # no composer may meet deep nesting
        if found is not None:
            return {}, [Problem(name, "YAML", f"{found[1]} (line {found[0] + 1})")]
        loader = _ConfigLoader(text)
        node = loader.get_single_node()
        if node is not None and _expanded_size(node) > MAX_CONFIG_VALUES:
            return {}, [Problem(name, "YAML", f"aliases (*) that expand to at most {MAX_CONFIG_VALUES} values "
                                              "(these expand to more: a 'billion laughs')")]
        data = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as exc:
        line, reason = yaml_trap(exc, text)  # tabs, colons and quotes in plain words, as in front matter
        where = f" (line {line + 1})" if line is not None else ""
        return {}, [Problem(name, "YAML", f"valid YAML{where}: {escape(str(reason))}")]
    except Exception as exc:  # noqa: BLE001 - the constructors raise anything on odd input
        return {}, [Problem(name, "YAML", f"valid YAML: a value that cannot be read ({type(exc).__name__})")]
    finally:
        if loader is not None:
            loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return {}, [Problem(name, "YAML", f"a mapping of settings like site_name: ... (found {shown(data)})")]
    return data, []


class _Records(logging.Handler):
    """Keeps what MkDocs logs while it reads its configuration."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _one_line(text: object) -> str:
    return escape(" ".join(str(text).split()))[:300]


def _mkdocs_config(path: Path, raw: dict) -> tuple[Any, list[Problem], list[str]]:
    """mkdocs.yml validated by MkDocs itself, as `mkdocs build` starts (plugins, theme, paths,
    types), so `check` refuses every configuration the build refuses, in one line each.
    Returns (config or None, problems, warnings)."""
    name = path.name
    hooks = raw.get("hooks")
    if not isinstance(hooks, list) or not any(isinstance(h, str) and h.replace("\\", "/").endswith("hromada_hooks.py")
                                              for h in hooks):
        return None, [Problem(name, "hooks", "a list holding hooks/hromada_hooks.py: without it MkDocs publishes "
                                             f"every page, ungated by consent (found {shown(hooks)})")], []
    from mkdocs import exceptions
    from mkdocs.config import load_config

    logger, handler = logging.getLogger("mkdocs"), _Records()
    propagate, logger.propagate = logger.propagate, False
    logger.addHandler(handler)
    problems: list[Problem] = []
    config = None
    try:
        config = load_config(str(path))
    except exceptions.Abort:
        pass  # the reasons were logged
    except exceptions.ConfigurationError as exc:
        problems.append(Problem(name, "configuration", _one_line(exc)))
    except Exception as exc:  # noqa: BLE001 - a plugin or theme failing to load: MkDocs would stop here too
        problems.append(Problem(name, "configuration", f"a configuration MkDocs can load ({type(exc).__name__}: {_one_line(exc)})"))
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
    found: list[tuple[int, str, str]] = []
    for record in handler.records:
        m = re.match(r"Config value '(.+?)': (.*)", record.getMessage(), re.S)
        key, text = (m.group(1), m.group(2)) if m else ("configuration", record.getMessage())
        found.append((record.levelno, key_name(key), _one_line(text)))
    errors = [(k, t) for level, k, t in found if level >= logging.ERROR]
    warnings = [(k, t) for level, k, t in found if level < logging.ERROR]
    if config is None and not problems:  # refused: its errors, or its warnings in strict mode
        problems += [Problem(name, k, t) for k, t in (errors or warnings)] or [
            Problem(name, "configuration", "a configuration MkDocs accepts")]
        warnings = warnings if errors else []
    if config is not None:
        problems += settings_mod.config_problems(config, name)
    return config, problems, [f"{name}: {k}: {t}" for k, t in warnings]


#: Set by CI services (GitHub Actions, GitLab CI, pre-commit.ci ...), whose logs are often public.
CI_ENV = "CI"


def in_ci() -> bool:
    return os.environ.get(CI_ENV, "").strip().lower() not in ("", "0", "false", "no")


def cmd_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    config_path = Path(args.config).resolve()
    if not config_path.is_file():
        print(f"{args.config}: not found (run in the project folder or pass -f mkdocs.yml)", file=sys.stderr)
        return 2
    root = config_path.parent
    raw, problems = _read_config(config_path)  # first: YAML alone, bounded in size and depth
    config, warnings = None, []
    if not problems:
        config, problems, warnings = _mkdocs_config(config_path, raw)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    try:
        if problems:
            raise ContentError(problems)
        with parse_memo.paused_gc(keep=True):  # a short run whose objects live to its end
            checked = check(root, config.extra, config.site_url, Path(config.docs_dir),
                            design=theme_files.design_of(config))
        now = build_time()
    except ContentError as exc:
        public = in_ci()  # pre-commit.ci, a CI job: its log is often public, as a build's is
        print(exc.render(building=False, public=public), file=sys.stderr)
        if public and exc.public_log is not None and any(exc.public_log.hides(p) for p in exc.problems):
            print(f"hromada check: {CI_ENV} is set, so lines that may name a person (a page about people that is not "
                  "published, its files, a key written in a file) are shortened, as in a build's log; run hromada "
                  "check on your own machine to see them whole",
                  file=sys.stderr)
        return 1
    pub = Publication(checked.index, checked.people, now, checked.settings.zone)
    for doc, warning in pub.warnings():
        print(f"warning: {doc.path}: {warning.detail}", file=sys.stderr)
    for warning in consent.pending_warnings(checked.people, checked.index.docs):
        print(f"warning: {warning}", file=sys.stderr)
    for problem in settings_mod.unknown_pages(checked.settings, set(checked.index.by_key),
                                                  suggest.nameable_pages(checked.index.docs)):
        print(f"warning: {problem}", file=sys.stderr)
    if args.verbose:
        for doc, decision in pub.excluded():
            print(f"excluded: {doc.path} ({doc.lang}): {decision.why}")
    n = len(checked.index.docs)
    print(f"hromada check: {n} pages and {len(checked.people)} consent records are valid "
          f"({len(pub.excluded())} excluded from publication) in {time.perf_counter() - started:.2f}s")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from .merge import MergeError, merge

    try:
        count = merge([Path(d) for d in args.dirs], Path(args.output))
    except MergeError as exc:
        print("hromada merge: nothing was written:\n  " + str(exc).replace("\n", "\n  "), file=sys.stderr)
        return 1
    print(f"hromada merge: {count} files from {len(args.dirs)} folders in {args.output}, every one accounted for by its manifest")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from .output import denylist_problems

    site = Path(args.dir)
    try:
        findings: list = manifest.verify(site)
        if not findings:  # the files are the build's: are they still free of the private deny-list's terms?
            findings = denylist_problems(site)  # (HROMADA_DENYLIST, when set: a folder edited after the build)
    except OSError as exc:
        findings = [manifest.Finding(str(exc.filename or site), f"cannot be read ({exc.strerror or exc})")]
    if findings:
        print(f"hromada verify: {site} must not be deployed:", file=sys.stderr)
        for f in findings[:200]:
            print(f"  {f}", file=sys.stderr)
        if len(findings) > 200:
            print(f"  ... and {len(findings) - 200} more", file=sys.stderr)
        return 1
    checked = " and none holds a deny-list term" if os.environ.get("HROMADA_DENYLIST") else ""
    print(f"hromada verify: every file in {site} is accounted for by its manifest{checked}")
    return 0


def cmd_purge_list(args: argparse.Namespace) -> int:
    """Every URL of the previous deployment that vanished or whose content changed, one per line."""
    site = Path(args.site)
    try:
        current = manifest.load(str(site))
        previous = manifest.load(args.previous, missing_ok=args.missing_ok)
    except manifest.ManifestError as exc:
        print(f"hromada purge-list: {exc}", file=sys.stderr)
        return 2
    if previous is None:
        print(f"hromada purge-list: {args.previous}: no manifest there (a first deployment): nothing to purge",
              file=sys.stderr)
        return 0
    vanished, changed = manifest.compare(previous, current)
    base = manifest.base_url(args.base_url, current.get("site_url"), previous.get("site_url"), args.previous)
    for url in sorted({*vanished, *changed}):
        print(manifest.absolute(base, url))
    print(f"hromada purge-list: {len(vanished)} vanished, {len(changed)} changed since {args.previous}"
          + ("" if base else " (no site_url known: paths from the site root)"), file=sys.stderr)
    return 0


def _project(config: str) -> tuple[Path, dict] | None:
    """(root, raw mkdocs.yml) of the project, or None after printing the one line saying why not."""
    config_path = Path(config).resolve()
    if not config_path.is_file():
        print(f"{config}: not found (run in the project folder or pass -f mkdocs.yml)", file=sys.stderr)
        return None
    raw, problems = _read_config(config_path)
    if problems:
        print(problems[0], file=sys.stderr)
        return None
    return config_path.parent, raw


def _scaffold_site(root: Path, raw: dict):
    """What `hromada new` needs to know of the project: folders, today in the site's zone, slugs."""
    from . import content, scaffold

    extra = raw.get("extra") if isinstance(raw.get("extra"), dict) else {}
    settings, _ = settings_mod.read(extra, raw.get("site_url"))
    docs_dir = root / str(raw.get("docs_dir") or "docs")
    zone = settings.zone if settings is not None else None
    now = build_time()
    today = (now.astimezone(zone) if zone else now).date()
    categories = tuple(sorted(settings.categories)) if settings is not None else ()
    return scaffold.Site(root, docs_dir, today, categories, tuple(sorted(content.organization_slugs(docs_dir))))


def cmd_new(args: argparse.Namespace) -> int:
    """Write a new page, translation or consent record; never over an existing file."""
    from . import scaffold

    found = _project(args.config)
    if found is None:
        return 2
    try:
        site = _scaffold_site(*found)
        if args.type == "person":
            planned = scaffold.plan_person(site)
        elif args.type == "translation":
            planned = scaffold.plan_translation(site, args.file, args.lang)
        else:
            planned = scaffold.plan_page(site, args.type, args.name)
        scaffold.write(planned, site)
    except (scaffold.ScaffoldError, ContentError) as exc:
        print(f"hromada new: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"hromada new: {exc.filename or ''}: cannot be written ({exc.strerror or exc})", file=sys.stderr)
        return 1
    rel = site.rel(planned.path)
    print(f"hromada new: wrote {rel} ({planned.what})")
    if args.type == "person":
        print("  Fill it in from the signed consent form, then write status: given. Until then it publishes nothing.")
    else:
        fill = ", ".join(planned.fill)
        todo = f"Fill in {fill}, write the text" if fill else "Write the text"
        print(f"  {todo}, and set draft: false when it may be published. Check with: hromada check")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    """Every page in every language: published, held back and why, scheduled, missing, older;
    then consent that runs out soon and what it would take down."""
    from . import status

    found = _project(args.config)
    if found is None:
        return 2
    root, raw = found
    config, problems, _ = _mkdocs_config(root / Path(args.config).name, raw)
    try:
        if problems:
            raise ContentError(problems)
        checked = check(root, config.extra, config.site_url, Path(config.docs_dir), lenient=True)
        now = build_time()
    except ContentError as exc:  # mkdocs.yml itself cannot be read: there is nothing to show
        print(exc.render(building=False), file=sys.stderr)
        return 1
    pub = Publication(checked.index, checked.people, now, checked.settings.zone)
    wrong = status.filter_problem(pub, checked.people, args.section, args.ref)
    if args.days < 0:
        wrong = f"--days: a number of days from 0, like --days 30 (found {args.days})"
    if wrong:
        print(f"hromada status: {escape(wrong)}", file=sys.stderr)
        return 2
    report = status.collect(pub, checked.people, days=args.days, lang=args.lang, section=args.section, ref=args.ref,
                            problems=checked.problems)
    if args.json:
        print(json.dumps(status.to_json(report), ensure_ascii=False, indent=1))
    else:
        print(status.to_text(report))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """`mkdocs build` without Material's end-of-life banner (printed before any hook could stop it)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    rest = [a for a in args.mkdocs_args if a != "--"]
    child = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", *rest], env=env)
    while True:
        try:  # Ctrl-C reaches the build too (one terminal, one process group): it says what it kept
            return child.wait()
        except KeyboardInterrupt:
            continue


def parser() -> argparse.ArgumentParser:
    """Every command and option of `hromada` (tests/test_staff_docs.py checks staff/ names each)."""
    parser = argparse.ArgumentParser(prog="hromada", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate content and the consent register without building")
    p.add_argument("-f", "--config", default="mkdocs.yml")
    p.add_argument("-v", "--verbose", action="store_true", help="also list what would be excluded and why")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("verify", help="refuse a site folder the build's manifest does not fully account for")
    p.add_argument("dir")
    p.set_defaults(func=cmd_verify)
    p = sub.add_parser("merge", help="one site from the folders of per-language builds (HROMADA_LANGUAGES), checked like verify")
    p.add_argument("dirs", nargs="+", metavar="DIR")
    p.add_argument("-d", "--output", required=True, metavar="DIR", help="the merged site (a folder that does not exist yet)")
    p.set_defaults(func=cmd_merge)
    p = sub.add_parser("purge-list", help="print every URL that vanished or changed since a previous manifest")
    p.add_argument("--previous", required=True, metavar="MANIFEST_OR_URL",
                   help="the deployed site's hromada-manifest.json: a file, a site folder or an http(s) URL")
    p.add_argument("--site", default="site", metavar="DIR", help="the new site folder (default: site)")
    p.add_argument("--base-url", default="", help="print URLs under this address (default: the manifest's site_url)")
    p.add_argument("--missing-ok", action="store_true",
                   help="no previous manifest there (a first deployment) is not an error: print nothing")
    p.set_defaults(func=cmd_purge_list)

    p = sub.add_parser("new", help="start a page, a translation or a consent record with every key it takes")
    p.add_argument("-f", "--config", default="mkdocs.yml")
    config_too = argparse.ArgumentParser(add_help=False)  # -f also after the type: hromada new news x -f site/mkdocs.yml
    config_too.add_argument("-f", "--config", default=argparse.SUPPRESS)
    kinds = p.add_subparsers(dest="type", required=True, metavar="TYPE")
    for name, where in (("news", "docs/news/SLUG.md"), ("interview", "docs/interviews/SLUG.md"),
                        ("event", "docs/events/SLUG.md"), ("campaign", "docs/campaigns/SLUG.md"),
                        ("organization", "docs/organizations/SLUG.md"), ("page", "docs/SLUG.md (or docs/FOLDER/SLUG.md)"),
                        ("series", "stories/SLUG/index.md"), ("story", "stories/SERIES/NN-SLUG.md, the next part")):
        k = kinds.add_parser(name, help=f"writes {where}", parents=[config_too])
        k.add_argument("name", metavar="SERIES/SLUG" if name == "story" else "SLUG")
    k = kinds.add_parser("translation", help="writes FILE's translation beside it, with translation_of, people and media",
                         parents=[config_too])
    k.add_argument("file", metavar="FILE")
    k.add_argument("lang", metavar="LANG", help="en, uk, ru or tg")
    kinds.add_parser("person", help="writes consent/people/<next free ref>.yml, pending until filled in",
                     parents=[config_too])
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("status", help="every page in every language: published, held back and why, scheduled, "
                                      "missing, older than its original; consent running out soon")
    p.add_argument("-f", "--config", default="mkdocs.yml")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.add_argument("--lang", choices=LANGUAGES, help="only this language")
    p.add_argument("--section", help="only this section: news, interviews, events, campaigns, organizations, "
                                     "stories (or stories/SERIES), pages")
    p.add_argument("--ref", help="only pages naming this person, and their consent")
    p.add_argument("--days", type=int, default=60, help="consent expiring or due for review within this many days (60)")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("build", help="mkdocs build, without Material's end-of-life banner; other arguments "
                                     "go to mkdocs build (-d DIR, -f FILE...)")
    p.add_argument("mkdocs_args", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_build)

    serve_command.add(sub)  # `hromada serve`, the fast preview (hromada/serve.py)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["build"]:  # everything after it is mkdocs build's, options included
        return cmd_build(argparse.Namespace(mkdocs_args=argv[1:]))
    args = parser().parse_args(argv)
    try:
        code = args.func(args)
        sys.stdout.flush()  # here, where a reader that stopped reading is caught, not at exit
        return code
    except BrokenPipeError:  # `hromada status | head`: no traceback; the exit of a program whose
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # reader stopped (SIGPIPE), never 0:
        return 141  # `hromada verify site | head` must not pass a deploy step


if __name__ == "__main__":
    sys.exit(main())
