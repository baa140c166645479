"""Bad input stops the build with one clear line per problem, never a traceback,
and leaves the previous site exactly as it was."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

GOOD_NEWS = """\
---
title: Good news
date: 2025-05-16
summary: A fine item.
people: none
---
Body.
"""


def snapshot(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def built(project):
    """A project with one good build already in its site folder."""
    project.write("docs/news/good.md", GOOD_NEWS)
    result = project.build()
    assert result.returncode == 0, result.output
    return project, snapshot(result.site)


MISTAKES = {
    "unknown key": ("docs/news/bad.md", "colour: red\n", "colour", "unknown key"),
    "wrong type": ("docs/news/bad.md", "tags: {a: 1}\n", "tags", "a list of words"),
    "bad date": ("docs/news/bad.md", None, "date", "a date like 2025-05-16"),
    "unknown category": ("docs/news/bad.md", "categories: [made-up]\n", "categories", "known category slug"),
    "unknown organisation": ("docs/news/bad.md", "organization: nobody\n", "organization", "known organisation slug"),
    "missing people": ("docs/news/bad.md", "", "people", "required on every page"),
    "event without offset": ("docs/events/bad.md", "start: 2026-12-10T18:00:00\n", "start", "UTC offset"),
    "bad YAML": ("docs/news/bad.md", "title: [unclosed\n", "front matter", "valid YAML"),
}


def bad_file(kind: str) -> tuple[str, str]:
    path, extra, _, _ = MISTAKES[kind]
    date = "2025-02-30" if kind == "bad date" else "2025-05-16"
    people = "" if kind == "missing people" else "people: none\n"
    return path, f"---\ntitle: Bad\ndate: {date}\nsummary: s\n{people}{extra or ''}---\nBody\n"


@pytest.mark.parametrize("kind", sorted(MISTAKES))
def test_mistake_fails_cleanly_and_keeps_previous_site(built, kind):
    project, before = built
    path, text = bad_file(kind)
    if kind == "bad YAML":
        text = "---\ntitle: [unclosed\npeople: none\n---\n"
    project.write(path, text)
    result = project.build()
    _, _, key, expected = MISTAKES[kind]
    assert result.returncode != 0
    assert "Traceback" not in result.output
    lines = [line.strip() for line in result.output.splitlines() if line.strip().startswith(path)]
    assert any(line.startswith(f"{path}: {key}: ") and expected in line for line in lines), result.output
    assert snapshot(result.site) == before, "a failed build changed the previous site"


def test_every_problem_reported_at_once(project):
    project.write("docs/news/a.md", "---\ntitle: A\ndate: 2025-01-01\nsummary: s\npeople: none\nfoo: 1\n---\n")
    project.write("docs/news/b.md", "---\ntitle: B\ndate: tomorrow\nsummary: s\npeople: none\n---\n")
    result = project.build()
    assert result.returncode != 0
    assert "docs/news/a.md: foo:" in result.output and "docs/news/b.md: date:" in result.output
    assert "2 problems" in result.output


def test_bad_settings_in_mkdocs_yml(project):
    cfg = project.root / "mkdocs.yml"
    cfg.write_text(cfg.read_text().replace("page_size: 10", "page_size: many"))
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "mkdocs.yml: extra.hromada.page_size: a whole number from 1" in result.output
