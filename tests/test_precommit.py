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
