"""Language builds split between two processes (hromada/workers.py) give the same site,
byte for byte, as one process; a failure in the second process fails the whole build."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from hromada import workers

from conftest import REPO, run_build


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_split_balances_the_languages():
    assert workers.split(["uk", "ru", "tg"], {"uk": 10, "ru": 9, "tg": 2}) == (["uk"], ["ru", "tg"])
    assert workers.split(["uk"], {"uk": 5}) == (["uk"], [])


@pytest.mark.skipif(not workers.wanted(), reason="one core: the build never forks")
def test_two_processes_build_the_same_site_as_one(tmp_path):
    one = run_build(REPO, tmp_path / "one", extra_env={"HROMADA_WORKERS": "1"})
    two = run_build(REPO, tmp_path / "two")
    assert one.returncode == 0 and two.returncode == 0, one.output + two.output
    a, b = tree(one.site), tree(two.site)
    assert len(a) > 300 and any(rel.startswith("tg/") for rel in a)  # every language is there
    assert a == b


@pytest.mark.skipif(not workers.wanted(), reason="one core: the build never forks")
def test_a_failure_in_the_second_process_fails_the_build(project):
    """A broken Tajik template fails only the Tajik build, which the copy runs
    (workers.split gives it Tajik when the three languages weigh the same)."""
    for lang in ("", ".uk", ".ru", ".tg"):
        project.write(f"docs/news/a{lang}.md", "---\ntitle: A\ndate: 2026-11-01\nsummary: s\npeople: none\n"
                                               "organization: numo-sestry\n---\nText.\n")
    assert workers.split(["uk", "ru", "tg"], {"uk": 1, "ru": 1, "tg": 1})[1] == ["tg"]
    template = project.root / "overrides/partials/languages/tg.html"
    good = template.read_text(encoding="utf-8")
    template.write_text("{% broken %}\n", encoding="utf-8")
    result = project.build()
    assert result.returncode != 0
    assert "broken" in result.output, result.output
    assert not result.site.exists()
    template.write_text(good, encoding="utf-8")
    assert project.build().returncode == 0  # positive control: the same site builds with it mended


def test_map_halves_gives_the_serial_answer_in_order_and_does_without_a_failing_copy():
    """Half the items are computed in a forked copy; if the copy fails, this process does them."""
    from hromada import workers

    items = list(range(1000))
    assert workers.map_halves(lambda i: (i, i * i), items) == [(i, i * i) for i in items]
    parent = os.getpid()
    pids = workers.map_halves(lambda i: os.getpid(), items)
    assert pids[:500] == [parent] * 500 and set(pids[500:]) not in ({parent}, set())  # the copy did its half
    seen = []

    def only_here(i):
        if os.getpid() != parent:
            raise RuntimeError("the copy fails")
        seen.append(i)
        return -i

    assert workers.map_halves(only_here, items) == [-i for i in items]
    assert len(seen) == 1000  # every item computed here, the copy's half after it failed
    assert workers.map_halves(only_here, items[:10]) == [-i for i in range(10)]  # few items: no copy


def test_a_failing_search_index_fails_the_build_in_one_line_and_publishes_nothing(project, tmp_path):
    """Pagefind runs beside the drawing of the next languages, in both processes: when it
    fails, the build fails with its message (no traceback), nothing is published and the
    staging folder is gone."""
    for lang in ("", ".uk", ".ru", ".tg"):
        project.write(f"docs/news/a{lang}.md", "---\ntitle: A\ndate: 2026-11-01\nsummary: s\npeople: none\n"
                                               "organization: numo-sestry\n---\nText about justice.\n")
    fake = tmp_path / "fake"
    (fake / "pagefind_bin").mkdir(parents=True)
    script = fake / "failing-pagefind"
    script.write_text("#!/bin/sh\necho 'canaryindexfailurezq: disk full' >&2\nexit 3\n")
    script.chmod(0o755)
    (fake / "pagefind_bin/__init__.py").write_text(f"def get_executable():\n    return {str(script)!r}\n")
    path = os.pathsep.join([str(fake), os.environ.get("PYTHONPATH", "")])
    result = project.build(PYTHONPATH=path)
    assert result.returncode != 0
    assert "Pagefind failed to index the site: canaryindexfailurezq: disk full" in result.output, result.output
    assert "Traceback" not in result.output
    assert not result.site.exists()
    assert not [p for p in project.root.iterdir() if p.name.startswith(".") and "site" in p.name]  # no staging left
    assert project.build().returncode == 0  # positive control: the real Pagefind indexes the same site
    assert (result.site / "pagefind/pagefind-entry.json").is_file()


def test_a_workers_setting_other_than_1_is_one_line(tmp_path):
    """HROMADA_WORKERS=abc was taken for "use every core" without a word (a careless-editor review)."""
    result = run_build(REPO, tmp_path / "site", extra_env={"HROMADA_WORKERS": "abc"})
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "environment: HROMADA_WORKERS: 1 to build on one core, or not set to use two (found 'abc')" in result.output
    assert not (tmp_path / "site").exists()
