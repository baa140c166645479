"""A build split into one job per language (HROMADA_LANGUAGES) and joined by `hromada merge`
is the same site, byte for byte, as one build (README, "Scaling out")."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO, run_build

LANGS = ("en", "uk", "ru", "tg")


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def merge(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hromada.cli", "merge", *args], capture_output=True, text=True)


def test_one_job_per_language_merges_into_the_whole_site(tmp_path):
    jobs = []
    for lang in LANGS:
        job = run_build(REPO, tmp_path / f"site-{lang}", extra_env={"HROMADA_LANGUAGES": lang})
        assert job.returncode == 0, job.output
        jobs.append(job.site)
    uk = tree(jobs[1])
    assert any(rel.startswith("uk/") for rel in uk) and not any(rel.startswith(("ru/", "tg/", "news/")) for rel in uk)
    done = merge(*map(str, jobs), "-d", str(tmp_path / "site"))
    assert done.returncode == 0, done.stderr
    whole = run_build(REPO, tmp_path / "whole")
    assert whole.returncode == 0, whole.output
    merged, expected = tree(tmp_path / "site"), tree(whole.site)
    manifest, expected_manifest = (json.loads(x.pop("hromada-manifest.json")) for x in (merged, expected))
    assert merged == expected
    expected_manifest.pop("inputs")
    assert manifest == expected_manifest


def test_merge_refuses_jobs_that_disagree_and_writes_nothing(tmp_path):
    jobs = [run_build(REPO, tmp_path / f"site-{lang}", extra_env={"HROMADA_LANGUAGES": lang}).site for lang in ("en", "uk")]
    shared = "pagefind/pagefind.js"
    assert (jobs[0] / shared).is_file() and (jobs[1] / shared).is_file()  # written by both jobs
    edited = jobs[1] / shared
    edited.write_bytes(edited.read_bytes() + b"\n")
    refused = merge(str(jobs[0]), str(jobs[1]), "-d", str(tmp_path / "site"))
    assert refused.returncode == 1 and "changed after the build" in refused.stderr
    assert not (tmp_path / "site").exists()


def test_an_unknown_language_code_is_one_clear_line(tmp_path):
    result = run_build(REPO, tmp_path / "site", extra_env={"HROMADA_LANGUAGES": "en,ua"})
    assert result.returncode != 0
    assert "HROMADA_LANGUAGES: language codes among en, uk, ru, tg" in result.output and "'ua'" in result.output
    assert "Traceback" not in result.output
