"""`hromada check`, `hromada verify DIR` and `hromada purge-list`: the gate without a build,
proof after it, and what caches must forget."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

from . import manifest
from .build import ContentError, build_time, check
from .frontmatter import escape, shown
from .problems import Problem
from .publication import Publication


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without importing MkDocs: python tags become None."""


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
    except UnicodeDecodeError:
        return {}, [Problem(name, "encoding", "UTF-8 text")]
    except OSError as exc:
        return {}, [Problem(name, "file", f"a readable file ({exc.strerror or exc})")]
    loader = None
    try:
        loader = _ConfigLoader(text)
        node = loader.get_single_node()
        if node is not None and _expanded_size(node) > MAX_CONFIG_VALUES:
            return {}, [Problem(name, "YAML", f"aliases (*) that expand to at most {MAX_CONFIG_VALUES} values "
                                              "(these expand to more: a 'billion laughs')")]
        data = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return {}, [Problem(name, "YAML", f"valid YAML{where}: {escape(str(reason))}")]
    except RecursionError:
        return {}, [Problem(name, "YAML", "lists and mappings nested less deeply (this nesting exhausts the parser)")]
    except (ValueError, TypeError, OverflowError, MemoryError) as exc:  # a value Python cannot hold
        return {}, [Problem(name, "YAML", f"valid YAML: {type(exc).__name__}")]
    finally:
        if loader is not None:
            loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return {}, [Problem(name, "YAML", f"a mapping of settings like site_name: ... (found {shown(data)})")]
    return data, []


def _config_problems(config: dict, root: Path, name: str) -> tuple[Path | None, list[Problem]]:
    """The content folder mkdocs.yml names, and what MkDocs or the gate would refuse in it."""
    problems = []
    hooks = config.get("hooks")
    if not isinstance(hooks, list) or not any(isinstance(h, str) and h.replace("\\", "/").endswith("hromada_hooks.py")
                                              for h in hooks):
        problems.append(Problem(name, "hooks", "a list holding hooks/hromada_hooks.py: without it MkDocs "
                                               f"publishes every page, ungated by consent (found {shown(hooks)})"))
    raw = config.get("docs_dir", "docs")
    if not isinstance(raw, str) or not raw.strip() or not raw.isprintable():
        problems.append(Problem(name, "docs_dir", f"the name of the content folder, like docs (found {shown(raw)})"))
        return None, problems
    docs_dir = (root / raw).resolve()
    if not docs_dir.is_dir():
        problems.append(Problem(name, "docs_dir", f"an existing folder (found {shown(raw)})"))
    elif docs_dir == root.resolve() or docs_dir in root.resolve().parents:
        problems.append(Problem(name, "docs_dir", f"a folder beside {name}, not the folder holding it (found {shown(raw)})"))
    return docs_dir, problems


def cmd_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    config_path = Path(args.config).resolve()
    if not config_path.is_file():
        print(f"{args.config}: not found (run in the project folder or pass -f mkdocs.yml)", file=sys.stderr)
        return 2
    root = config_path.parent
    config, problems = _read_config(config_path)
    docs_dir = None
    if not problems:
        docs_dir, problems = _config_problems(config, root, config_path.name)
    try:
        if problems:
            raise ContentError(problems)
        checked = check(root, config.get("extra"), config.get("site_url"), docs_dir)
        now = build_time()
    except ContentError as exc:
        print(exc.render(), file=sys.stderr)
        return 1
    pub = Publication(checked.index, checked.people, now, checked.settings.zone)
    for doc, warning in pub.warnings():
        print(f"warning: {doc.path}: {warning.detail}", file=sys.stderr)
    if args.verbose:
        for doc, decision in pub.excluded():
            print(f"excluded: {doc.path} ({doc.lang}): {decision.why}")
    n = len(checked.index.docs)
    print(f"hromada check: {n} pages and {len(checked.people)} consent records are valid "
          f"({len(pub.excluded())} excluded from publication) in {time.perf_counter() - started:.2f}s")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    site = Path(args.dir)
    try:
        findings = manifest.verify(site)
    except OSError as exc:
        findings = [manifest.Finding(str(exc.filename or site), f"cannot be read ({exc.strerror or exc})")]
    if findings:
        print(f"hromada verify: {site} must not be deployed:", file=sys.stderr)
        for f in findings[:200]:
            print(f"  {f}", file=sys.stderr)
        if len(findings) > 200:
            print(f"  ... and {len(findings) - 200} more", file=sys.stderr)
        return 1
    print(f"hromada verify: every file in {site} is accounted for by its manifest")
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hromada", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate content and the consent register without building")
    p.add_argument("-f", "--config", default="mkdocs.yml")
    p.add_argument("-v", "--verbose", action="store_true", help="also list what would be excluded and why")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("verify", help="refuse a site folder the build's manifest does not fully account for")
    p.add_argument("dir")
    p.set_defaults(func=cmd_verify)
    p = sub.add_parser("purge-list", help="print every URL that vanished or changed since a previous manifest")
    p.add_argument("--previous", required=True, metavar="MANIFEST_OR_URL",
                   help="the deployed site's hromada-manifest.json: a file, a site folder or an http(s) URL")
    p.add_argument("--site", default="site", metavar="DIR", help="the new site folder (default: site)")
    p.add_argument("--base-url", default="", help="print URLs under this address (default: the manifest's site_url)")
    p.add_argument("--missing-ok", action="store_true",
                   help="no previous manifest there (a first deployment) is not an error: print nothing")
    p.set_defaults(func=cmd_purge_list)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
