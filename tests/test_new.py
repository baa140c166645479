"""`hromada new`: every type starts with every key it takes, safe values and one comment per key,
in the right folder; `hromada check` passes once the placeholders are filled; a translation is
published only when its people's consent allows its language (two builds in all)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from hromada import scaffold, schema
from hromada.cli import main
from hromada.model import Kind

NOW = "2026-11-23T12:00:00+00:00"


@pytest.fixture
def new(project, monkeypatch, capsys):
    """Run `hromada new ...` in-process on the project: (exit code, stdout, stderr)."""
    monkeypatch.setenv("HROMADA_NOW", NOW)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["new", "-f", str(project.root / "mkdocs.yml"), *args])
        out = capsys.readouterr()
        assert "Traceback" not in out.err
        return code, out.out, out.err
    return run


def check(project, capsys, *extra: str) -> tuple[int, str]:
    code = main(["check", "-f", str(project.root / "mkdocs.yml"), *extra])
    out = capsys.readouterr()
    return code, out.out + out.err


def front(path: Path) -> tuple[dict, list[str]]:
    text = path.read_text(encoding="utf-8")
    block = text.split("---\n")[1]
    return yaml.safe_load(block), block.splitlines()


def fill(path: Path, **values: str) -> None:
    """Fill placeholders the way staff do: write a value after the key."""
    text = path.read_text(encoding="utf-8")
    for key, value in values.items():
        text, n = re.subn(rf"^{key}:\s*(?=#|$)", f"{key}: {value}  ", text, count=1, flags=re.M)
        assert n == 1, key
    path.write_text(text, encoding="utf-8")


CASES = [
    ("news", "paralegals-first-year", "docs/news/paralegals-first-year.md", Kind.NEWS),
    ("interview", "iryna", "docs/interviews/iryna.md", Kind.INTERVIEW),
    ("event", "open-day", "docs/events/open-day.md", Kind.EVENT),
    ("campaign", "letters", "docs/campaigns/letters.md", Kind.CAMPAIGN),
    ("organization", "new-ngo", "docs/organizations/new-ngo.md", Kind.ORGANIZATION),
    ("page", "about/team", "docs/about/team.md", Kind.PAGE),
    ("series", "voices", "stories/voices/index.md", Kind.SERIES),
    ("story", "voices/first-day", "stories/voices/01-first-day.md", Kind.STORY),
]


def test_every_type_has_every_key_then_passes_check(project, new, capsys):
    for type_name, name, rel, kind in CASES:
        code, out, err = new(type_name, name)
        assert code == 0, err
        assert f"wrote {rel}" in out
        path = project.root / rel
        meta, lines = front(path)
        # every key the schema allows for the type, no other: the scaffold cannot drift from the check
        assert set(meta) == schema.allowed_keys(kind), (rel, set(meta) ^ schema.allowed_keys(kind))
        keyed = [line for line in lines if re.match(r"^[a-z_]+:", line)]
        assert len(keyed) == len(meta) and all(" # " in line for line in keyed), keyed  # one comment per key
        assert meta["draft"] is True and meta["people"] == "none"  # safe: nothing published yet
        for key in schema.required_keys(kind):
            assert f"{key}:" in path.read_text() and ("# required:" in next(l for l in keyed if l.startswith(key + ":")))
    # before the placeholders are filled, check names exactly what is left, one line each
    code, output = check(project, capsys)
    assert code == 1
    left = sorted(re.findall(r"^\s+(\S+): (\w+): required", output, re.M))
    assert left == sorted([(rel, "summary") for _, _, rel, kind in CASES if "summary" in schema.required_keys(kind)]
                          + [("docs/events/open-day.md", "start")]), output
    for _, _, rel, kind in CASES:
        if "summary" in schema.required_keys(kind):
            fill(project.root / rel, summary='"A sentence for listings."')
    fill(project.root / "docs/events/open-day.md", start="2026-12-10T18:00:00+02:00", timezone="Europe/Kyiv")
    code, output = check(project, capsys)
    assert code == 0, output


def test_story_takes_the_next_part_number_and_needs_its_series(project, new):
    code, _, err = new("story", "voices/first-day")
    assert code == 1 and err.strip() == "hromada new: stories/voices/: no series there; start it with: hromada new series voices"
    assert new("series", "voices")[0] == 0
    project.write("stories/voices/03-later.uk.md", "---\ntitle: x\n---\n")
    assert new("story", "voices/first-day")[0] == 0
    assert (project.root / "stories/voices/04-first-day.md").is_file()  # after the highest part in any language
    assert new("story", "voices/07-chosen")[0] == 0
    assert (project.root / "stories/voices/07-chosen.md").is_file()


@pytest.mark.parametrize("args, message", [
    (("news", "Bad_Slug"), "news: a slug of lower-case Latin letters, digits and hyphens"),
    (("page", "news/x"), "page: a name outside docs/news/"),
    (("translation", "docs/news/nothing.md", "uk"), "docs/news/nothing.md: not found"),
])
def test_refusals_are_one_line(new, args, message):
    code, out, err = new(*args)
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1 and message in err, err


def test_never_overwrites(project, new):
    assert new("news", "x")[0] == 0
    path = project.root / "docs/news/x.md"
    path.write_text(path.read_text() + "My text.\n")
    before = path.read_bytes()
    code, out, err = new("news", "x")
    assert code == 1 and err.strip() == ("hromada new: docs/news/x.md: already exists; nothing was written "
                                        "(edit that file, or choose another name)")
    assert path.read_bytes() == before


def test_person_takes_the_next_free_ref_and_is_pending(project, new, capsys):
    project.person("P-0173")
    project.person("P-0009")
    code, out, err = new("person")
    assert code == 0 and "wrote consent/people/P-0174.yml" in out, err
    record = yaml.safe_load((project.root / "consent/people/P-0174.yml").read_text())
    assert record["ref"] == "P-0174" and record["consent"]["status"] == "pending"
    assert record["scope"]["languages"] == [] and record["scope"]["channels"] == [] and record["minor"] is True
    assert set(record) == {"ref", "display_name", "minor", "consent", "scope"}
    # valid as it is, with a warning; a page naming the person is held back, not an error
    project.write("docs/news/about-her.md", "---\ntitle: T\ndate: 2025-05-16\nsummary: s\npeople: [P-0174]\n---\n")
    code, output = check(project, capsys, "-v")
    assert code == 0, output
    assert ("warning: consent/people/P-0174.yml: consent.status: pending: nothing naming P-0174 is published "
            "until the record is filled in from the signed form and status is given (holds back 1 page file)") in output
    assert "excluded: docs/news/about-her.md (en): consent-pending" in output
    # given without the rest filled in is an error: pending is the only status that may wait
    path = project.root / "consent/people/P-0174.yml"
    path.write_text(path.read_text().replace("status: pending", "status: given"))
    code, output = check(project, capsys)
    assert code == 1 and "consent/people/P-0174.yml: consent.given_by: one of self" in output


def test_next_ref():
    assert scaffold.next_ref([]) == "P-0001"
    assert scaffold.next_ref(["P-0101", "P-0303", "P-0102"]) == "P-0304"
    assert scaffold.next_ref(["X-7", "P-0009", "P-0010"]) == "P-0011"


def jpeg(path: Path) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (8, 8), (200, 80, 40)).save(path, "JPEG")


def test_translation_carries_people_and_media_and_waits_for_consent(project, new, capsys):
    project.person("P-0001", scope={"languages": ["en"]})
    jpeg(project.root / "docs/news/img/a.jpg")
    project.write("docs/news/x.md", """\
        ---
        title: "Workshop"
        date: 2026-11-01
        updated: 2026-11-10
        summary: "A workshop."
        people: [P-0001]
        media:
          - {file: img/a.jpg, depicts: [P-0001], faces: blurred, location_visible: false}
        categories: [advocacy]
        tags: [workshop]
        ---
        ![Workshop](img/a.jpg)
        """)
    code, out, err = new("translation", "docs/news/x.md", "uk")
    assert code == 0 and "wrote docs/news/x.uk.md (translation (uk) of docs/news/x.md)" in out, err
    path = project.root / "docs/news/x.uk.md"
    meta, _ = front(path)
    assert str(meta["translation_of"]) == "2026-11-10"  # the original's updated
    assert meta["people"] == ["P-0001"]
    assert meta["media"] == [{"file": "img/a.jpg", "depicts": ["P-0001"], "faces": "blurred", "location_visible": False}]
    assert meta["categories"] == ["advocacy"] and meta["draft"] is True
    assert meta["title"] is None and meta["summary"] is None and meta["tags"] == []  # never the English words
    assert "translate: Workshop" in path.read_text()  # the original's words as a comment, never published
    # the long media line keeps its comment after two spaces; the others stay in their column, on screen
    lines = path.read_text().splitlines()
    media_line = next(line for line in lines if line.startswith("media:"))
    assert len(media_line.split("  # ")[0]) > 32 and "]  # " in media_line, media_line
    assert {line.index("  # ") for line in lines if line.startswith(("title:", "draft:", "people:"))} == {32}, lines
    assert new("translation", "docs/news/x.md", "uk")[0] == 1  # never over the first
    code, _, err = new("translation", "docs/news/x.md", "ua")
    assert code == 1 and "language: did you mean uk?" in err
    fill(path, title='"Майстерня"', summary='"Майстерня."')
    path.write_text(path.read_text().replace("draft: true", "draft: false") + "![Майстерня](img/a.jpg)\n")
    code, output = check(project, capsys)
    assert code == 0, output
    # built: the Ukrainian version waits for consent to Ukrainian...
    result = project.build()
    assert result.returncode == 0, result.output
    assert (result.site / "news/x/index.html").is_file()
    assert not (result.site / "uk/news/x/index.html").exists()
    # ...and is published once the person allows it
    project.person("P-0001", scope={"languages": ["en", "uk"]})
    result = project.build()
    assert result.returncode == 0, result.output
    assert "Майстерня" in (result.site / "uk/news/x/index.html").read_text(encoding="utf-8")


def test_hromada_build_runs_mkdocs_build_without_materials_banner(project):
    """`hromada build` passes its arguments to `mkdocs build` and sets NO_MKDOCS_2_WARNING, which
    Material reads when its templates are imported, before any hook could silence it."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}
    banner = subprocess.run([sys.executable, "-c", "import sys; sys.argv = ['mkdocs']; import material.templates"],
                            env=env, capture_output=True, text=True)
    assert "end of life" in banner.stderr  # positive control: Material prints it without the variable
    project.write("docs/news/x.md", "---\ntitle: X\ndate: 2025-05-16\nsummary: s\npeople: none\n---\nText.\n")
    site = project.root / "out"
    done = subprocess.run([sys.executable, "-m", "hromada.cli", "build", "-f", str(project.root / "mkdocs.yml"),
                           "-d", str(site)], env={**env, "HROMADA_NOW": NOW}, capture_output=True, text=True,
                          cwd=project.root)
    assert done.returncode == 0, done.stderr
    assert "end of life" not in done.stdout + done.stderr
    assert (site / "news/x/index.html").is_file() and "Hromada published" in done.stdout + done.stderr


def test_a_pending_record_no_page_names_is_quiet(project, new, capsys):
    """Nothing on the site changes: no warning (hromada status still lists it)."""
    assert new("person")[0] == 0
    code, output = check(project, capsys)
    footer = "extra.hromada.footer.pages"  # (this project has none of the example's footer pages)
    assert code == 0 and not [line for line in output.splitlines() if "warning" in line and footer not in line], output


def test_a_translation_of_what_is_no_page_is_one_line(project, new):
    """`hromada new translation consent/people/P-0101.yml uk` said "a language suffix ... (found .)"."""
    project.person("P-0101")
    code, _, err = new("translation", str(project.root / "consent/people/P-0101.yml"), "uk")
    assert code != 0 and "consent/people/P-0101.yml: a page to translate, a .md file under docs/ or stories/" in err, err
    code, _, err = new("translation", str(project.root / "docs/organizations/numo-sestry.md"), "uk")
    assert code == 0, err  # the control: a page
