"""Split a Markdown file into its YAML front matter and body."""
from __future__ import annotations

import re
from typing import Any

import yaml

from .problems import Problem

_FENCE = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.S)


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # C parser: 10k pages
    """SafeLoader that refuses duplicate keys: the second silently wins otherwise."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False):
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
)
# Dates stay text here and are parsed by the schema, which can say which key
# holds an impossible date like 2025-13-45 instead of crashing the loader.
_UniqueKeyLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def load_yaml(text: str, file: str, what: str) -> tuple[Any, list[Problem]]:
    """Parse YAML, turning a syntax error into a Problem that names the line."""
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader), []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Problem(file, what, f"valid YAML{where}: {reason}")]
    except (ValueError, TypeError) as exc:  # a value YAML accepts but Python cannot hold
        return None, [Problem(file, what, f"valid YAML: {exc}")]


def split(text: str, file: str) -> tuple[dict[str, Any], str, list[Problem]]:
    """Return (front matter, body, problems)."""
    text = text.lstrip("\ufeff")
    m = _FENCE.match(text)
    if not m:
        return {}, text, [Problem(file, "front matter", "a YAML block between '---' lines at the top of the file")]
    data, problems = load_yaml(m.group(1) or "", file, "front matter")
    if problems:
        return {}, text[m.end():], problems
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return {}, text[m.end():], [Problem(file, "front matter", "a mapping of keys to values")]
    bad = [k for k in data if not isinstance(k, str)]
    if bad:
        return {}, text[m.end():], [Problem(file, str(bad[0]), "keys are words, not numbers or dates")]
    return data, text[m.end():], []
