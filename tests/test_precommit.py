"""The pre-commit hook works from any git client: no activated virtual environment needed."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import yaml

from conftest import REPO


def hook_entry() -> str:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = config["repos"][0]["hooks"][0]
    assert hook["language"] == "script"
    return hook["entry"].split("#")[0].strip()


def bare_env() -> dict[str, str]:
    """A graphical git client's environment: system PATH only, no VIRTUAL_ENV."""
    return {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/root"), "LANG": "C.UTF-8"}


def test_hook_runs_check_without_an_active_environment():
    assert shutil.which("hromada", path="/usr/bin:/bin") is None  # the situation the hook must survive
    proc = subprocess.run([str(REPO / hook_entry())], cwd=REPO, env=bare_env(), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "hromada check:" in proc.stdout and "are valid" in proc.stdout


def test_hook_fails_with_one_clear_line_on_bad_content(project):
    shutil.copy(REPO / hook_entry(), project.root / "hook")
    subprocess.run(["git", "init", "-q"], cwd=project.root, check=True)
    (project.root / ".venv/bin").mkdir(parents=True)
    (project.root / ".venv/bin/hromada").symlink_to(Path(shutil.which("hromada") or REPO / ".venv/bin/hromada"))
    project.write("docs/news/bad.md", "---\ntitle: x\n---\nBody\n")
    proc = subprocess.run([str(project.root / "hook")], cwd=project.root, env=bare_env(), capture_output=True, text=True)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "docs/news/bad.md: people: " in proc.stderr


def test_hook_says_how_to_install_when_nothing_is_there(tmp_path):
    shutil.copy(REPO / hook_entry(), tmp_path / "hook")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    proc = subprocess.run([str(tmp_path / "hook")], cwd=tmp_path, env=bare_env(), capture_output=True, text=True)
    assert proc.returncode == 1 and "pip install -e ." in proc.stderr


def test_the_check_pauses_the_cycle_collector_and_always_restarts_it():
    """`hromada check` reads the content with Python's cycle collector paused (it is a quarter of
    the check's time on a large site): the collector runs again afterwards, after a failure too,
    and `keep` sets what was made aside from later collections (gc.freeze)."""
    import gc

    import pytest

    from hromada import parse_memo

    assert gc.isenabled()
    with parse_memo.paused_gc():
        assert not gc.isenabled()
        with parse_memo.paused_gc():  # nested (the memo is loaded inside a check): still paused after
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), parse_memo.paused_gc():
        raise ValueError("a content error")
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    try:
        with parse_memo.paused_gc(keep=True):
            made = [[i] for i in range(1000)]
        assert gc.get_freeze_count() >= frozen + len(made) and gc.isenabled()
    finally:
        gc.unfreeze()


def test_old_cache_files_are_pruned_once_per_process(tmp_path):
    """A cache file of a project not checked for 30 days is removed, on a process's first save
    only: pruning reads every file's age, and a test run's folder of thousands of files made
    every save of a long run (the fuzz test's checks) take seconds."""
    import os
    import time

    from hromada import parse_memo

    def stale(name: str) -> None:
        (tmp_path / name).write_bytes(b"x")
        os.utime(tmp_path / name, (time.time() - parse_memo.STALE_SECONDS - 60,) * 2)

    stale("inputs-old.pickle")
    (tmp_path / "inputs-new.pickle").write_bytes(b"x")
    parse_memo._prune(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inputs-new.pickle"]  # the old one went, the new one stays
    stale("inputs-older.pickle")
    parse_memo._prune(tmp_path)
    assert (tmp_path / "inputs-older.pickle").exists()  # not read again by this process
