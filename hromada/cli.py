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
from .publication import Publication


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without importing MkDocs: python tags become None."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _read_config(path: Path) -> dict:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ContentError([]) from exc
    return data if isinstance(data, dict) else {}


def cmd_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    config_path = Path(args.config).resolve()
    if not config_path.is_file():
        print(f"{args.config}: not found (run in the project folder or pass -f mkdocs.yml)", file=sys.stderr)
        return 2
    config = _read_config(config_path)
    root = config_path.parent
    try:
        checked = check(root, config.get("extra"), config.get("site_url"), root / config.get("docs_dir", "docs"))
        now = build_time()
    except ContentError as exc:
        print(exc.render(), file=sys.stderr)
        return 1
    pub = Publication(checked.index, checked.people, now)
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
