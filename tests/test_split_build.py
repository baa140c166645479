"""A build split into one job per language (HROMADA_LANGUAGES) and joined by `hromada merge`
is the same site, byte for byte, as one build (README, "Scaling out"); jobs that did not
decide from the same inputs (a consent withdrawn between two jobs) are refused."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO, run_build

from hromada import manifest

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
    # a term the jobs were built without, in the private deny-list of the merging step: refused
    deny = tmp_path / "deny.txt"
    deny.write_text("# private\nNumo Sestry\n", encoding="utf-8")
    refused = subprocess.run([sys.executable, "-m", "hromada.cli", "merge", str(jobs[0]), str(jobs[1]), "-d",
                              str(tmp_path / "site")], capture_output=True, text=True,
                             env={**__import__("os").environ, "HROMADA_DENYLIST": str(deny)})
    assert refused.returncode == 1 and "matches deny-list entry on line 2" in refused.stderr, refused.stderr
    assert "numo" not in refused.stderr.lower() and not (tmp_path / "site").exists()
    shared = "pagefind/pagefind.js"
    assert (jobs[0] / shared).is_file() and (jobs[1] / shared).is_file()  # written by both jobs
    edited = jobs[1] / shared
    edited.write_bytes(edited.read_bytes() + b"\n")
    refused = merge(str(jobs[0]), str(jobs[1]), "-d", str(tmp_path / "site"))
    assert refused.returncode == 1 and "changed after the build" in refused.stderr
    assert not (tmp_path / "site").exists()


FIX = "rebuild every language job from the same commit"


def refused_line(job: Path, reference: Path) -> str:
    from hromada.merge import DIFFERS

    return f"{job}: not built from the same inputs as {reference} (one of: {DIFFERS}): {FIX}"


def nothing_written(tmp_path: Path) -> bool:
    return not (tmp_path / "site").exists() and not list(tmp_path.glob(".site*"))


def test_a_consent_withdrawn_between_two_jobs_is_refused(project, tmp_path):
    """The reviewer's case: the uk job is built, then P-0102 withdraws, then the en job is built.
    Merged, the uk job would publish the withdrawn person's interview, cards, feeds and search."""
    for folder in ("docs", "stories", "consent"):
        shutil.copytree(REPO / folder, project.root / folder, dirs_exist_ok=True)
    uk = project.build(tmp_path / "site-uk", HROMADA_LANGUAGES="uk")
    assert uk.returncode == 0, uk.output
    assert (uk.site / "uk/interviews/paralegal-iryna/index.html").is_file()
    # the same commit checked out in another folder (another CI runner) is the same inputs
    other = tmp_path / "runner-2"
    shutil.copytree(project.root, other, ignore=shutil.ignore_patterns("__pycache__", "reports"))
    en = run_build(other, tmp_path / "site-en", extra_env={"HROMADA_LANGUAGES": "en"})
    assert en.returncode == 0, en.output
    done = merge(str(en.site), str(uk.site), "-d", str(tmp_path / "same"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "same/uk/interviews/paralegal-iryna/index.html").is_file()

    record = project.root / "consent/people/P-0102.yml"
    text = record.read_text(encoding="utf-8")
    assert "  status: given\n" in text
    record.write_text(text.replace("  status: given\n", "  status: withdrawn\n  withdrawn: 2026-11-20\n"),
                      encoding="utf-8")
    en = project.build(tmp_path / "site-en-later", HROMADA_LANGUAGES="en")
    assert en.returncode == 0, en.output
    refused = merge(str(en.site), str(uk.site), "-d", str(tmp_path / "site"))
    assert refused.returncode == 1, refused.stdout
    assert refused_line(uk.site, en.site) in refused.stderr
    assert refused.stderr.count(FIX) == 1 and "Traceback" not in refused.stderr
    assert nothing_written(tmp_path)


def test_a_content_change_between_two_jobs_is_refused(project, tmp_path):
    en = project.build(tmp_path / "site-en", HROMADA_LANGUAGES="en")
    assert en.returncode == 0, en.output
    org = project.root / "docs/organizations/numo-sestry.md"
    org.write_text(org.read_text(encoding="utf-8").replace("About the organisation.", "About the organisation, corrected."),
                   encoding="utf-8")
    uk = project.build(tmp_path / "site-uk", HROMADA_LANGUAGES="uk")
    assert uk.returncode == 0, uk.output
    refused = merge(str(en.site), str(uk.site), "-d", str(tmp_path / "site"))
    assert refused.returncode == 1, refused.stdout
    assert refused_line(uk.site, en.site) in refused.stderr
    assert nothing_written(tmp_path)
    # a job folder whose manifest records no parts (written by an older Hromada) is refused too
    path = en.site / manifest.NAME
    data = json.loads(path.read_text(encoding="utf-8"))
    data["inputs"] = data["inputs"].split()[0]
    path.write_text(json.dumps(data), encoding="utf-8")
    refused = merge(str(en.site), str(uk.site), "-d", str(tmp_path / "site"))
    assert refused.returncode == 1, refused.stdout
    assert f"{en.site}: no record of the inputs it was built from" in refused.stderr and FIX in refused.stderr
    assert nothing_written(tmp_path)


def test_an_unknown_language_code_is_one_clear_line(tmp_path):
    result = run_build(REPO, tmp_path / "site", extra_env={"HROMADA_LANGUAGES": "en,ua"})
    assert result.returncode != 0
    assert "HROMADA_LANGUAGES: language codes among en, uk, ru, tg" in result.output and "'ua'" in result.output
    assert "Traceback" not in result.output


def test_a_part_of_a_site_never_replaces_the_whole_site_nor_passes_for_one(tmp_path):
    """HROMADA_LANGUAGES left set in a shell replaced the whole site/ with its Ukrainian pages,
    said it had published every language's, and `hromada verify` passed it (a careless-editor
    review). A part is built into a folder of its own, says what it is, and is no site to deploy."""
    whole = run_build(REPO, tmp_path / "site")
    assert whole.returncode == 0, whole.output
    before = tree(whole.site)
    part = run_build(REPO, whole.site, extra_env={"HROMADA_LANGUAGES": "uk"})
    assert part.returncode != 0 and "Traceback" not in part.output
    assert (f"{whole.site}: holds the site's en, ru, tg, uk pages, and HROMADA_LANGUAGES=uk builds the uk part alone: "
            "build each part into a folder of its own (-d site-uk)") in part.output, part.output
    assert tree(whole.site) == before
    import os

    loud = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site-uk")], cwd=REPO,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "HROMADA_LANGUAGES": "uk", "NO_MKDOCS_2_WARNING": "1",
                               "HROMADA_NOW": "2026-11-23T12:00:00+00:00"})
    assert loud.returncode == 0, loud.stderr
    said = next(line for line in loud.stderr.splitlines() if "Hromada published" in line)
    assert said.endswith(" uk pages (a part of the site: hromada merge joins the parts).") and " en," not in said, said
    part = run_build(REPO, tmp_path / "site-uk", extra_env={"HROMADA_LANGUAGES": "uk"})
    assert manifest.read(part.site)["part"] == ["uk"]
    assert [str(f) for f in manifest.verify(part.site)] == [
        "hromada-manifest.json: a part of a site (its uk pages alone, built with HROMADA_LANGUAGES): deploy the "
        "whole site, which hromada merge joins from the parts"]
    assert manifest.verify(part.site, whole=False) == []  # the control: whole and sound as a part
    again = run_build(REPO, part.site, extra_env={"HROMADA_LANGUAGES": "uk"})  # the same part again: fine
    assert again.returncode == 0, again.output
