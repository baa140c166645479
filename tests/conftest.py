"""Shared fixtures: build the example site once, and build small sites from scratch."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
#: The example content is written for this moment; tests pin the clock to it.
NOW = "2026-11-23T12:00:00+00:00"


@dataclass
class BuildResult:
    returncode: int
    stdout: str
    stderr: str
    site: Path

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_build(project: Path, site: Path, now: str = NOW, extra_env: dict | None = None) -> BuildResult:
    env = {**os.environ, "HROMADA_NOW": now, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )
    return BuildResult(proc.returncode, proc.stdout, proc.stderr, site)


@pytest.fixture(autouse=True, scope="session")
def _not_in_ci():
    """The tests read what `hromada check` prints on an editor's machine: a CI service's `CI`
    variable (which shortens some lines, as in a public log: tests/test_log_privacy.py) is
    taken out of this process's environment, and so out of every command it starts."""
    saved = os.environ.pop("CI", None)
    yield
    if saved is not None:
        os.environ["CI"] = saved


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The example site in this repository, built once per test session."""
    site = tmp_path_factory.mktemp("example") / "site"
    result = run_build(REPO, site)
    assert result.returncode == 0, result.output
    return site


class Project:
    """A throwaway Hromada project: the real mkdocs.yml, hooks and overrides, your content."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        shutil.copytree(REPO / "hooks", root / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(REPO / "overrides", root / "overrides")
        for d in ("docs", "stories", "consent/people"):
            (root / d).mkdir(parents=True, exist_ok=True)
        self.write("docs/organizations/numo-sestry.md", """\
            ---
            title: Numo, Sestry!
            summary: An NGO of women who survived captivity.
            people: none
            ---
            About the organisation.
            """)

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def person(self, ref: str, **overrides) -> Path:
        """A consent record that allows everything unless overridden."""
        consent = {"status": "given", "given_by": "self", "method": "written", "date": "2025-03-04",
                   "verified_by": "staff-1"}
        scope = {"languages": ["en", "uk", "ru", "tg"], "channels": ["web", "search", "feeds", "social"],
                 "identity": "pseudonym", "face": "blurred", "voice": "revoiced", "location": "country"}
        consent.update(overrides.pop("consent", {}))
        scope.update(overrides.pop("scope", {}))
        import yaml

        data = {"ref": ref, "display_name": overrides.pop("display_name", "Anna"), "minor": False,
                "consent": consent, "scope": scope, **overrides}
        path = self.root / "consent/people" / f"{ref}.yml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return path

    def build(self, site: Path | None = None, now: str = NOW, **env) -> BuildResult:
        return run_build(self.root, site or self.root / "site", now, env)


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(tmp_path / "project")


def all_output_text(site: Path) -> dict[str, str]:
    """Every file of a built site as text (anything gzip-compressed decompressed), keyed by relative path."""
    import gzip

    out = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":  # .gz files and Pagefind's compressed index chunks
            data = gzip.decompress(data)
        out[path.relative_to(site).as_posix()] = data.decode("utf-8", errors="replace")
    return out


def check_and_build(project: "Project") -> tuple[int, str, BuildResult]:
    """`hromada check` (its exit code and output), then the build, of `project`."""
    checked = subprocess.run([sys.executable, "-m", "hromada.cli", "check"], cwd=project.root,
                             capture_output=True, text=True, timeout=300)
    return checked.returncode, checked.stdout + checked.stderr, project.build()


def refused_in_check_and_build(project: "Project", needle: str) -> list[str]:
    """The one line naming `needle` with which `hromada check` and the build each refuse `project`
    (no traceback, no site): check's line, then the build's."""
    code, output, result = check_and_build(project)
    lines = []
    for code, output in ((code, output), (result.returncode, result.output)):
        assert code == 1 and "Traceback" not in output, output
        found = [line for line in output.splitlines() if needle in line]
        assert len(found) == 1, output
        lines.append(found[0])
    assert not result.site.exists()
    return lines
