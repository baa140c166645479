"""Bad input stops the build with one clear line per problem, never a traceback,
and leaves the previous site exactly as it was."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
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
    if kind == "missing people":  # it may be about anyone: a public build log does not name it (log_privacy.py)
        lines = [line.strip() for line in result.output.splitlines() if "docs/news/ naming a page" in line]
        assert len(lines) == 1 and lines[0].endswith(f"`hromada check` shows the line): {key}"), result.output
    elif kind == "unknown key":  # a key the editor wrote may be a note naming someone: not printed (log_privacy.py)
        assert any(line.startswith(f"{path}: (a key written in the file") and expected in line for line in lines), result.output
        assert key not in result.output
    else:
        assert any(line.startswith(f"{path}: {key}: ") and expected in line for line in lines), result.output
    assert snapshot(result.site) == before, "a failed build changed the previous site"


def test_every_problem_reported_at_once(project):
    project.write("docs/news/a.md", "---\ntitle: A\ndate: 2025-01-01\nsummary: s\npeople: none\nfoo: 1\n---\n")
    project.write("docs/news/b.md", "---\ntitle: B\ndate: tomorrow\nsummary: s\npeople: none\n---\n")
    result = project.build()
    assert result.returncode != 0
    assert "docs/news/a.md: (a key written in the file" in result.output and "docs/news/b.md: date:" in result.output
    assert "2 problems" in result.output


def test_bad_settings_in_mkdocs_yml(project):
    cfg = project.root / "mkdocs.yml"
    cfg.write_text(cfg.read_text().replace("page_size: 10", "page_size: many"))
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "mkdocs.yml: extra.hromada.page_size: a whole number from 1" in result.output


# --- messages a person can act on (issue 13): checked with `hromada check`, no build needed ---
def check_lines(project, capsys) -> tuple[int, list[str]]:
    """Run `hromada check` in-process on the project; its problem lines, stripped."""
    from hromada.cli import main

    code = main(["check", "-f", str(project.root / "mkdocs.yml")])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, [line.strip() for line in out.err.splitlines() if line.strip()]


def problems_of(lines: list[str], path: str) -> list[str]:
    return [line for line in lines if line.startswith(path + ":")]


def test_good_page_is_a_positive_control(project, capsys):
    project.write("docs/news/good.md", GOOD_NEWS)
    code, lines = check_lines(project, capsys)
    assert code == 0, lines


@pytest.mark.parametrize("front, line, words", [
    # a tab indenting a key: named, on the line the editor shows (the file's line 4)
    ("title: T\ndate: 2025-05-16\n\tsummary: s\npeople: none\n", 4, "a tab; indent with spaces"),
    # a tab in a list
    ("title: T\ndate: 2025-05-16\nsummary: s\npeople:\n\t- P-0001\n", 6, "a tab; indent with spaces"),
    # an unquoted colon in a value
    ("title: Oksana: life after captivity\ndate: 2025-05-16\nsummary: s\npeople: none\n", 2,
     'a colon and a space inside the value (title): put the whole value in double quotes'),
    # a stray quote: text after the closing quote
    ('title: "Oksana" says\ndate: 2025-05-16\nsummary: s\npeople: none\n', 2,
     "nothing after the closing quote (title)"),
    # a quote never closed: the line where it opened, not the end of the file
    ('title: T\ndate: 2025-05-16\nsummary: "s\npeople: none\n', 4,
     "a closing quote for the value (summary) that opens with a quote on this line"),
    # a list never closed
    ("title: T\ndate: 2025-05-16\nsummary: s\ntags: [a, b\npeople: none\n", 5, "a closing ] for the list"),
    # Word's manual line break (U+000B) and a NUL: not "a tab" (PyYAML says "unacceptable"), and on their line
    ("title: T\ndate: 2025-05-16\nsummary: Olena\x0bKyiv\npeople: none\n", 4,
     "text without control characters (found U+000B, a manual line break copied from Word (Shift+Enter))"),
    ("title: T\ndate: 2025-05-16\nsummary: s\npeople: none\nplace: A\x00B\n", 6, "found U+0000"),
])
def test_yaml_traps_in_plain_words_on_the_editors_line(project, capsys, front, line, words):
    project.write("docs/news/bad.md", f"---\n{front}---\nBody\n")
    code, lines = check_lines(project, capsys)
    found = problems_of(lines, "docs/news/bad.md")
    assert code == 1 and len(found) == 1, lines
    assert found[0].startswith(f"docs/news/bad.md: front matter: valid YAML (line {line}): "), found
    assert words in found[0], found
    assert "mapping values" not in found[0] and "cannot start any token" not in found[0]
    assert ("a tab" in found[0]) == ("\t" in front), found


def test_yaml_line_counts_from_the_top_of_the_file(project, capsys):
    """A duplicate key on the file's line 3 is reported as line 3 (the '---' is line 1)."""
    project.write("docs/news/bad.md", "---\ntitle: A\ntitle: B\ndate: 2025-05-16\nsummary: s\npeople: none\n---\n")
    code, lines = check_lines(project, capsys)
    assert problems_of(lines, "docs/news/bad.md") == ["docs/news/bad.md: front matter: valid YAML (line 3): duplicate key 'title'"]


def test_did_you_mean_a_key_and_no_follow_on_required_error(project, capsys):
    project.write("docs/news/bad.md", "---\ntitle: T\ndate: 2025-05-16\nsumary: s\npeople: none\n---\n")
    code, lines = check_lines(project, capsys)
    found = problems_of(lines, "docs/news/bad.md")
    assert code == 1 and len(found) == 1, found  # not also "summary: required"
    assert found[0].startswith("docs/news/bad.md: sumary: did you mean summary? unknown key; a news page takes:")


def test_a_key_of_another_type_is_named_as_such(project, capsys):
    project.write("docs/news/bad.md", "---\ntitle: T\ndate: 2025-05-16\nsummary: s\npeople: none\n"
                                      "start: 2025-05-16T10:00:00+02:00\n---\n")
    code, lines = check_lines(project, capsys)
    found = problems_of(lines, "docs/news/bad.md")
    assert len(found) == 1 and "only event pages take start" in found[0] and "did you mean" not in found[0], found


@pytest.mark.parametrize("extra, key, hint", [
    ("categories: [advocacy, war-and-justise]\n", "categories", "did you mean war-and-justice? a known category slug"),
    ("organization: numo-sestri\n", "organization", "did you mean numo-sestry? a known organisation slug"),
])
def test_did_you_mean_a_category_or_organisation(project, capsys, extra, key, hint):
    project.write("docs/news/bad.md", f"---\ntitle: T\ndate: 2025-05-16\nsummary: s\npeople: none\n{extra}---\n")
    code, lines = check_lines(project, capsys)
    found = problems_of(lines, "docs/news/bad.md")
    assert code == 1 and len(found) == 1 and found[0].startswith(f"docs/news/bad.md: {key}: {hint}"), found


def test_a_missing_record_never_suggests_another_persons_ref(project, capsys):
    """P-0173 is another woman than P-0137: "did you mean P-0173?" for a missing record would
    have a hurried editor publish the page under her consent (a careless-editor review).
    Only the same ref written otherwise is suggested."""
    project.person("P-0173")
    project.write("docs/news/bad.md", "---\ntitle: T\ndate: 2025-05-16\nsummary: s\npeople: [P-0137]\n---\n")
    code, lines = check_lines(project, capsys)
    found = problems_of(lines, "docs/news/bad.md")
    assert code == 1 and found == ["docs/news/bad.md: people: a consent record consent/people/P-0137.yml for P-0137 "
                                   "(there is none; a ref names one person: take it from her consent form, never a "
                                   "ref that looks close)"], found
    from hromada import suggest

    assert suggest.same_ref("p-0173", ["P-0173", "P-0137"]) == "did you mean P-0173? "  # the control
    assert suggest.same_ref("P0173", ["P-0173"]) == "did you mean P-0173? "
    assert suggest.same_ref("P-0137", ["P-0173"]) == ""


@pytest.mark.parametrize("name, meant", [("item.ua.md", "item.uk.md"), ("item.en.md", "item.md"),
                                         ("item.tj.md", "item.tg.md"), ("item.rus.md", "item.ru.md")])
def test_did_you_mean_a_language_suffix(project, capsys, name, meant):
    project.write(f"docs/news/{name}", GOOD_NEWS)
    code, lines = check_lines(project, capsys)
    found = problems_of(lines, f"docs/news/{name}")
    assert code == 1 and len(found) == 1, lines
    assert found[0].startswith(f"docs/news/{name}: file name: did you mean {meant}? a language suffix"), found


def test_no_suggestion_when_nothing_is_close(project, capsys):
    project.write("docs/news/bad.md", "---\ntitle: T\ndate: 2025-05-16\nsummary: s\npeople: none\ncolour: red\n---\n")
    project.write("docs/news/x.de.md", GOOD_NEWS)
    code, lines = check_lines(project, capsys)
    assert not any("did you mean" in line for line in lines), lines


def test_missing_people_is_one_error_not_two(project, capsys):
    """`people` missing: the page's media `depicts` is not compared with a list it does not have."""
    project.write("docs/news/img/a.jpg", "")
    project.write("docs/news/bad.md", "---\ntitle: T\ndate: 2025-05-16\nsummary: s\n"
                                      "media:\n  - {file: img/a.jpg, depicts: [P-0001], faces: none, location_visible: false}\n"
                                      "---\n![a](img/a.jpg)\n")
    code, lines = check_lines(project, capsys)
    found = problems_of(lines, "docs/news/bad.md")
    assert code == 1 and [line.split(": ")[1] for line in found] == ["people"], found
    assert "depicts" not in "\n".join(found)


def test_depicts_outside_people_is_still_an_error_with_a_suggestion(project, capsys):
    """Positive control for the above: with `people` present, depicts is checked; the same ref
    written otherwise is named, another person's never (P-0010 is not P-0001)."""
    project.person("P-0001")
    project.write("docs/news/bad.md", "---\ntitle: T\ndate: 2025-05-16\nsummary: s\npeople: [P-0001]\n"
                                      "media:\n  - {file: img/a.jpg, depicts: [p-0001], faces: none, location_visible: false}\n"
                                      "  - {file: img/b.jpg, depicts: [P-0010], faces: none, location_visible: false}\n"
                                      "---\n")
    code, lines = check_lines(project, capsys)
    assert any(line.startswith("docs/news/bad.md: media[0].depicts: did you mean P-0001? refs listed in this page's people")
               for line in lines), lines
    assert any(line.startswith("docs/news/bad.md: media[1].depicts: refs listed in this page's people")
               for line in lines), lines


def test_a_name_typed_where_a_ref_goes_is_not_repeated(project, capsys):
    """`people: [Olena Hrytsenko]`: the line says what is wrong without printing the name
    (build logs are often public); a code-like typo is still shown (positive control)."""
    project.person("P-0001")
    project.write("docs/news/a.md", "---\ntitle: T\ndate: 2025-05-16\nsummary: s\npeople: [Olena Hrytsenko]\n---\n")
    project.write("docs/news/b.md", "---\ntitle: T\ndate: 2025-05-16\nsummary: s\npeople: [Hrytsenko]\n---\n")
    project.write("docs/news/c.md", "---\ntitle: T\ndate: 2025-05-16\nsummary: s\npeople: [P-0001]\nmedia:\n"
                                    "  - {file: img/a.jpg, depicts: [Olena], faces: none, location_visible: false}\n---\n")
    project.write("docs/news/d.md", "---\ntitle: T\ndate: 2025-05-16\nsummary: s\npeople: [P-0010]\n---\n")
    code, lines = check_lines(project, capsys)
    assert code == 1
    said = "\n".join(lines)
    assert "olena" not in said.casefold() and "hrytsenko" not in said.casefold(), said
    for page, key in (("a", "people"), ("b", "people"), ("c", "media[0].depicts")):
        assert any(line.startswith(f"docs/news/{page}.md: {key}: ") and "not repeated here: it may be a name" in line
                   for line in lines), (page, lines)
    assert any(line.startswith("docs/news/d.md: people: ") and "P-0010" in line for line in lines), lines


def test_a_misspelt_media_key_is_one_error(project, capsys):
    from PIL import Image

    (project.root / "docs/news/img").mkdir(parents=True)
    Image.new("RGB", (4, 4)).save(project.root / "docs/news/img/a.jpg")
    project.write("docs/news/bad.md", "---\ntitle: T\ndate: 2025-05-16\nsummary: s\npeople: none\n"
                                      "media:\n  - {file: img/a.jpg, depicts: [], face: none, location_visible: false}\n"
                                      "---\n![a](img/a.jpg)\n")
    code, lines = check_lines(project, capsys)
    found = problems_of(lines, "docs/news/bad.md")
    assert code == 1 and len(found) == 1, found  # not also "media[0].faces: one of ..."
    assert found[0].startswith("docs/news/bad.md: media[0].face: did you mean faces? unknown key"), found


def test_a_misspelt_register_key_is_one_error(project, capsys):
    path = project.person("P-0001")
    path.write_text(path.read_text().replace("  languages:", "  language:"))
    code, lines = check_lines(project, capsys)
    found = problems_of(lines, "consent/people/P-0001.yml")
    assert code == 1 and found == ["consent/people/P-0001.yml: scope.language: did you mean languages? unknown key; "
                                   "scope takes: channels, face, identity, languages, location, voice"], found


def test_a_nav_list_in_mkdocs_yml_is_refused(project, capsys):
    """Hromada draws the menu; MkDocs would print an unpublished page named in `nav` into the log."""
    cfg = project.root / "mkdocs.yml"
    cfg.write_text(cfg.read_text() + "\nnav:\n  - Her story: news/gone.md\n")
    code, lines = check_lines(project, capsys)
    assert code == 1 and any(line.startswith("mkdocs.yml: nav: no nav list") for line in lines), lines
    result = project.build()
    assert result.returncode != 0 and "mkdocs.yml: nav: no nav list" in result.output, result.output
    assert "news/gone.md" not in result.output


TG_BLOCK = "        - locale: tg\n          name: Тоҷикӣ\n          build: true\n          site_name: Ҳромада\n"


@pytest.mark.parametrize("edit, line", [
    (("- locale: uk", "- locale: ua"),
     "mkdocs.yml: plugins.i18n.languages[1].locale: did you mean uk? one of en, uk, ru, tg (found 'ua')"),
    ((TG_BLOCK, ""), "mkdocs.yml: plugins.i18n.languages: each of en, uk, ru, tg once (missing tg): "
                     "the languages are published together"),
    (("name: Русский\n          build: true", "name: Русский\n          build: false"),
     "mkdocs.yml: plugins.i18n.languages[2].build: true: the languages are published together"),
    (("fallback_to_default: true", "fallback_to_defualt: true"),
     "mkdocs.yml: plugins.i18n.fallback_to_defualt: did you mean fallback_to_default? an option of the i18n plugin"),
    (("fallback_to_default: true", "fallback_to_default: false"),
     "mkdocs.yml: plugins.i18n.fallback_to_default: true, as Hromada reads the content (found false)"),
    (("javascripts/hromada.js", "javascripts/hromda.js"),
     "mkdocs.yml: extra_javascript[0]: a file of the template folder (overrides/) or of docs/ "
     "(found 'assets/javascripts/hromda.js', which is neither)"),
    (("  - assets/stylesheets/hromada.css\n", "  - assets/stylesheets/other.css\n"),
     "mkdocs.yml: extra_css[0]: a file of the template folder"),
    (("  - assets/javascripts/hromada.js\n", ""),
     "mkdocs.yml: extra_javascript: a list holding assets/javascripts/hromada.js, which every page needs"),
])
def test_the_i18n_plugin_and_the_designs_files_as_hromada_needs_them(project, capsys, edit, line):
    """A language misspelt, dropped or not built, an i18n option misspelt or changed, a typo in
    extra_javascript (which dropped the quick exit's Esc-twice unseen): one line from check and
    from the build, where the build gave a traceback or a half site (a careless-editor review)."""
    cfg = project.root / "mkdocs.yml"
    text = cfg.read_text(encoding="utf-8")
    assert edit[0] in text  # the control: the example's own settings hold what is changed
    code, lines = check_lines(project, capsys)
    assert code == 0, lines
    cfg.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    code, lines = check_lines(project, capsys)
    found = problems_of(lines, "mkdocs.yml")
    assert code == 1 and len(found) == 1 and found[0].startswith(line), lines
    if edit[0].startswith("- locale: uk"):  # the build says the same, and draws nothing
        result = project.build()
        assert result.returncode != 0 and "Traceback" not in result.output and line in result.output, result.output


def test_a_tab_in_mkdocs_yml_in_plain_words(project, capsys):
    cfg = project.root / "mkdocs.yml"
    cfg.write_text(cfg.read_text().replace("\n  categories:", "\n\tcategories:", 1))
    code, lines = check_lines(project, capsys)
    assert code == 1 and any(line.startswith("mkdocs.yml: YAML: valid YAML (line ") and "a tab; indent with spaces" in line
                             for line in lines), lines


def test_an_id_taken_by_another_page_is_refused_before_any_build(project, capsys):
    """Feed readers and calendars would merge the two items (feed_items.id_problems, asked
    only by the check: a build and a preview start from it)."""
    project.write("docs/news/good.md", GOOD_NEWS)
    project.write("docs/news/moved.md", GOOD_NEWS.replace("title: Good news", "title: Moved\nid: news/other"))
    code, lines = check_lines(project, capsys)
    assert code == 0 and not problems_of(lines, "docs/news/moved.md"), lines  # control: an id of its own
    project.write("docs/news/moved.md", GOOD_NEWS.replace("title: Good news", "title: Moved\nid: news/good"))
    code, lines = check_lines(project, capsys)
    assert code == 1 and problems_of(lines, "docs/news/moved.md") == [
        "docs/news/moved.md: id: an id no other page has ('news/good' is already docs/news/good.md's)"], lines
    # two pages with one id, and a translation that names another earlier address than its original
    project.write("docs/news/moved.md", GOOD_NEWS.replace("title: Good news", "title: Moved\nid: news/earlier"))
    project.write("docs/news/also.md", GOOD_NEWS.replace("title: Good news", "title: Also\nid: news/earlier"))
    project.write("docs/news/moved.uk.md", GOOD_NEWS.replace("title: Good news", "title: Moved\nid: news/older"))
    code, lines = check_lines(project, capsys)
    assert code == 1 and problems_of(lines, "docs/news/moved.md") == [
        "docs/news/moved.md: id: an id no other page has ('news/earlier' is already docs/news/also.md's)"], lines
    assert problems_of(lines, "docs/news/moved.uk.md") == [
        "docs/news/moved.uk.md: id: the id of every language version of this page: 'news/earlier', as in "
        "docs/news/moved.md"], lines


@pytest.mark.parametrize("now", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "garbage", "1700-01-01"])
def test_a_build_clock_out_of_range_is_one_line(project, now):
    """HROMADA_NOW at the edge of what Python's dates hold ended in an OverflowError traceback."""
    project.write("docs/news/good.md", GOOD_NEWS)
    result = project.build(now=now)
    assert result.returncode != 0 and "Traceback" not in result.output, result.output
    assert "HROMADA_NOW: an ISO datetime between the years 1900 and 9000" in result.output, result.output
    checked = subprocess.run([sys.executable, "-m", "hromada.cli", "check"], cwd=project.root, capture_output=True,
                             text=True, env={**os.environ, "HROMADA_NOW": now})
    assert checked.returncode == 1 and "Traceback" not in checked.stderr, checked.stderr
    assert "environment: HROMADA_NOW: an ISO datetime between" in checked.stderr
    assert project.build(now="2026-11-23T12:00:00+00:00").returncode == 0  # positive control


def test_a_footer_page_that_is_no_page_is_named_by_check(project, capsys):
    """`privcy.md` in the footer: the link vanished from every page with no line but the
    report's (a careless-editor review). Check names it as a warning, with the page it meant;
    a warning, so that a new site still checks and builds before it has its privacy page."""
    project.write("docs/privacy.md", "---\ntitle: Privacy\npeople: none\n---\nText.\n")
    cfg = project.root / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("[about.md, privacy.md, safety.md]",
                                                           "[privcy.md]"), encoding="utf-8")
    code, lines = check_lines(project, capsys)
    assert code == 0 and any(line.startswith("warning: mkdocs.yml: extra.hromada.footer.pages[0]: did you mean "
                                             "privacy.md? a page of docs/") for line in lines), lines


def test_a_project_without_any_page_publishes_nothing(project, capsys):
    """docs/ and stories/ emptied (a sync tool, a checkout gone wrong): the build replaced a
    whole site with empty listings, exit 0 (a careless-editor review). One line; the site stays."""
    result = project.build()
    assert result.returncode == 0, result.output  # the control: one page (the organisation) is enough
    before = sorted(p.relative_to(result.site).as_posix() for p in result.site.rglob("*"))
    (project.root / "docs/organizations/numo-sestry.md").unlink()
    code, lines = check_lines(project, capsys)
    assert code == 1 and problems_of(lines, "docs") == [
        "docs: pages: pages to publish: docs/ and stories/ hold none (an emptied or wrong checkout?); nothing is built, "
        "and the last site stays"], lines
    result = project.build()
    assert result.returncode != 0 and "docs: pages: pages to publish" in result.output and "Traceback" not in result.output
    assert sorted(p.relative_to(result.site).as_posix() for p in result.site.rglob("*")) == before


@pytest.mark.parametrize("name, found", [("x#1.md", "'#'"), ("what?.md", "'?'"), ("x%20y.md", "'%'"),
                                         ("two words.md", "' '"), ("x.md.", "a dot at the end")])
def test_a_file_name_a_browser_reads_otherwise_is_one_line(project, capsys, name, found):
    """`x#1.md` was published at x#1/, which a browser reads as x/ and a fragment: every link to
    it led nowhere (a careless-editor review)."""
    project.write(f"docs/news/{name}", GOOD_NEWS)
    code, lines = check_lines(project, capsys)
    assert code == 1 and problems_of(lines, f"docs/news/{name}") == [
        f"docs/news/{name}: file name: a name of letters, digits, '-', '_' and '.', like forum-2025.md (found {found}, "
        "which a browser reads otherwise in an address: the page would be published behind links that lead nowhere)"], lines


def test_a_hidden_page_is_named_not_skipped(project, capsys):
    project.write("docs/news/.draft.md", GOOD_NEWS)
    project.write("docs/news/.notes.txt", "not a page")  # the control: a hidden file that is no page stays unnamed
    code, lines = check_lines(project, capsys)
    assert code == 1 and [line.split(": ")[0] for line in lines if line.startswith("docs/")] == ["docs/news/.draft.md"], lines


@pytest.mark.parametrize("written", ["img/A.png", "img\\a.png", "img/b.png"])
def test_a_picture_the_text_shows_that_is_no_file_is_one_line(project, capsys, written):
    """`img/Forum-Hall.jpg` for img/forum-hall.jpg (or a backslash) was published as a broken
    picture with no line anywhere (a careless-editor review); the right name is the control."""
    from PIL import Image

    (project.root / "docs/news/img").mkdir(parents=True)
    Image.new("RGB", (8, 8), (200, 10, 10)).save(project.root / "docs/news/img/a.png")
    media = "media:\n  - {file: img/a.png, depicts: [], faces: none, location_visible: false}\n"
    project.write("docs/news/p.md", GOOD_NEWS.replace("people: none\n", "people: none\n" + media) + "\n![A picture](img/a.png)\n")
    code, lines = check_lines(project, capsys)
    assert code == 0, lines
    project.write("docs/news/p.md", GOOD_NEWS.replace("people: none\n", "people: none\n" + media) + f"\n![A picture]({written})\n")
    code, lines = check_lines(project, capsys)
    hint = "" if written == "img/b.png" else "did you mean img/a.png? "
    assert code == 1 and problems_of(lines, "docs/news/p.md") == [
        f"docs/news/p.md: media: {hint}a picture or video that is a file beside the page (the page shows {written}, "
        "which is none: readers would see a broken picture; names are told apart by letter case, and '/' separates "
        "folders)"], lines


@pytest.mark.parametrize("value, expected", [
    ("docs/news/good.md", "the date (or revision) of the original this was translated from, like 2025-12-12, not its file"),
    ("2025-12-1", "a date written as 2025-12-12 (year, month, day)"),
    ("12.12.2025", "a date written as 2025-12-12 (year, month, day)"),
])
def test_translation_of_that_would_switch_off_the_staleness_report_is_one_line(project, capsys, value, expected):
    """A path (what the key's name suggests) or a date written otherwise was accepted, and the
    translation was never reported as older than its original (a careless-editor review)."""
    project.write("docs/news/good.md", GOOD_NEWS)
    for good in ("2025-12-12", "r1042", "a1b2c3d"):  # the control: a date, or a revision's name
        project.write("docs/news/good.uk.md", GOOD_NEWS.replace("people: none", f"people: none\ntranslation_of: {good}"))
        code, lines = check_lines(project, capsys)
        assert code == 0, (good, lines)
    project.write("docs/news/good.uk.md", GOOD_NEWS.replace("people: none", f"people: none\ntranslation_of: {value}"))
    code, lines = check_lines(project, capsys)
    found = problems_of(lines, "docs/news/good.uk.md")
    assert code == 1 and len(found) == 1 and found[0].startswith(f"docs/news/good.uk.md: translation_of: {expected}"), lines


def test_a_link_to_a_page_file_that_no_language_has_is_one_line(project, capsys):
    """`[about](../abuot.md)` was published as a link that leads nowhere, with at most a MkDocs
    warning (a careless-editor review). Links to existing pages, in another letter case (the
    build writes them anew), inside code, or to another site are the control."""
    project.write("docs/about.md", "---\ntitle: About\npeople: none\n---\nText.\n")
    project.write("docs/news/good.md", GOOD_NEWS + "\n[about](../about.md), [About](../About.MD), `[x](nope.md)`, "
                                                   "[w](https://example.org/x.md)\n")
    code, lines = check_lines(project, capsys)
    assert code == 0, lines
    project.write("docs/news/good.md", GOOD_NEWS + "\nSee [about](../abuot.md#team).\n")
    code, lines = check_lines(project, capsys)
    assert code == 1 and problems_of(lines, "docs/news/good.md") == [
        "docs/news/good.md: body: did you mean ../about.md? a link to a page of the site (found ../abuot.md, which no "
        "page file is, in any language: it would lead nowhere)"], lines
    # a build's log, often public, does not repeat the address: it may be a page deleted at its person's request
    result = project.build()
    assert result.returncode == 1 and "abuot" not in result.output, result.output
    assert ("docs/news/good.md: body: did you mean ../about.md? a link to a page of the site (found one of this site's "
            "addresses, not repeated here: it may be a page that is not published; no page file is there") in result.output


def test_a_suggestion_never_names_a_person_page(project, capsys):
    """"did you mean ../interviews/waiting-for-olena.md?" printed a held-back interview's file
    name (often her name) into a build log that more people than staff may read (red-team round
    4; consent.md, section 8). A person page is never suggested, for a link or for a footer
    page; a page that names nobody still is (the control)."""
    project.person("P-0001", consent={"status": "pending"})
    project.write("docs/interviews/waiting-for-olena.md", "---\ntitle: T\ndate: 2025-05-16\nsummary: s\n"
                                                          "people: [P-0001]\n---\nText.\n")
    project.write("docs/interviews/waiting-for-news.md", "---\ntitle: T\ndate: 2025-05-16\nsummary: s\npeople: none\n---\nT.\n")
    project.write("docs/news/good.md", GOOD_NEWS + "\nSee [her](../interviews/waiting-for-olna.md) and "
                                                   "[news](../interviews/waiting-for-nws.md).\n")
    cfg = project.root / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("[about.md, privacy.md, safety.md]",
                                                           "[interviews/waiting-for-olna.md]"), encoding="utf-8")
    code, lines = check_lines(project, capsys)
    assert code == 1 and not any("olena" in line for line in lines), lines
    found = problems_of(lines, "docs/news/good.md")
    assert ("did you mean ../interviews/waiting-for-news.md? a link to a page of the site (found "
            "../interviews/waiting-for-nws.md,") in " ".join(found), found  # the control
    assert any("found ../interviews/waiting-for-olna.md, which no page file is" in line for line in found), found
    result = project.build()
    assert result.returncode == 1 and "olena" not in result.output and "did you mean ../interviews/waiting-for-news.md?" in result.output
    assert "waiting-for-olna" not in result.output  # a build's log does not repeat a link's address (red-team round 7)


@pytest.mark.parametrize("extra, line", [
    ('draft: "false"\n', "docs/news/bad.md: draft: true or false, written without quotes (quoted, it is a text) (found 'false')"),
    ("categories: crsv, advocacy\n",
     "docs/news/bad.md: categories: a list in square brackets, like categories: [crsv, advocacy] (found 'crsv, advocacy')"),
])
def test_a_hurried_editors_yaml_gets_the_fix_in_plain_words(project, capsys, extra, line):
    """`draft: "false"` got "true or false (found 'false')", and `categories: crsv, advocacy`
    "did you mean advocacy?", which would drop a category (a careless-editor review)."""
    project.write("docs/news/bad.md", f"---\ntitle: T\ndate: 2025-05-16\nsummary: s\npeople: none\n{extra}---\n")
    code, lines = check_lines(project, capsys)
    assert code == 1 and problems_of(lines, "docs/news/bad.md") == [line], lines


@pytest.mark.parametrize("written", ["None", "NONE", "nobody"])
def test_none_written_otherwise_is_named_as_such(project, capsys, written):
    """`people: None` got "a value that is not a code like P-0173 (... it may be a name)"."""
    project.write("docs/news/bad.md", f"---\ntitle: T\ndate: 2025-05-16\nsummary: s\npeople: {written}\n---\n")
    code, lines = check_lines(project, capsys)
    assert code == 1 and problems_of(lines, "docs/news/bad.md") == [
        f"docs/news/bad.md: people: the word none, in lower case, or a list of consent refs like [P-0173] (found '{written}')"], lines


@pytest.mark.parametrize("text, expected", [
    ("---\ntitle: T\ndate: 2025-05-16\nsummary: s\npeople: none\n\nBody.\n",
     "a closing '---' line after the keys (the file opens the block with '---' on line 1 and never closes it)"),
    ("", "a YAML block between '---' lines at the top of the file (this file is empty)"),
    ("Body first.\n", "a YAML block between '---' lines at the top of the file (line 1 is not '---')"),
])
def test_a_front_matter_block_not_closed_says_so(project, capsys, text, expected):
    """The missing closing '---', an empty file and a file without front matter all got the same
    line (a careless-editor review)."""
    project.write("docs/news/bad.md", text)
    code, lines = check_lines(project, capsys)
    assert code == 1 and problems_of(lines, "docs/news/bad.md") == [f"docs/news/bad.md: front matter: {expected}"], lines


def test_a_page_saved_in_another_encoding_says_where_and_what_to_do(project, capsys):
    """A page saved as Windows-1251 got "encoding: UTF-8 text", no place, no fix."""
    path = project.root / "docs/news/bad.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(f"---\ntitle: T\ndate: 2025-05-16\nsummary: s\npeople: none\n---\nПривіт\n".encode("cp1251"))
    code, lines = check_lines(project, capsys)
    assert code == 1 and problems_of(lines, "docs/news/bad.md") == [
        "docs/news/bad.md: encoding: UTF-8 text (line 7 holds a byte UTF-8 does not have: the file was saved in another "
        "encoding, like Windows-1251 or Latin-1; save it again as UTF-8 in your editor)"], lines


def test_a_story_part_without_its_series_page_in_its_language_is_one_line(project, capsys):
    """With stories/x/index.md deleted and index.uk.md kept, the English parts were published
    alone: no series page, not in the Stories listing, no line (a careless-editor review)."""
    project.write("stories/voices/index.uk.md", "---\ntitle: Голоси\nsummary: Серія.\npeople: none\n---\nСерія.\n")
    part = "---\ntitle: {t}\ndate: 2025-05-16\nsummary: s\npeople: none\n---\nText.\n"
    project.write("stories/voices/01-first.uk.md", part.format(t="Перша"))
    code, lines = check_lines(project, capsys)
    assert code == 0, lines  # the control: a Ukrainian part of a Ukrainian series
    project.write("stories/voices/01-first.md", part.format(t="First"))
    code, lines = check_lines(project, capsys)
    assert code == 1 and problems_of(lines, "stories/voices/01-first.md") == [
        "stories/voices/01-first.md: series: the series page in this part's language, stories/voices/index.md (the "
        "series has uk only: the part would be published alone, in no series and no listing)"], lines


def test_part_zero_in_a_file_name_is_refused_as_in_front_matter(project, capsys):
    project.write("stories/voices/index.md", "---\ntitle: Voices\nsummary: A series.\npeople: none\n---\nSeries.\n")
    project.write("stories/voices/00-first.md", "---\ntitle: First\ndate: 2025-05-16\nsummary: s\npeople: none\n---\nText.\n")
    code, lines = check_lines(project, capsys)
    assert code == 1 and problems_of(lines, "stories/voices/00-first.md") == [
        "stories/voices/00-first.md: part: a part number from 1 in the file name, like 01-first.md (found 00-)"], lines


@pytest.mark.parametrize("rel, expected", [
    ("consent/people/P-0101.yaml", "file name: the extension .yml, in lower case (this file is not read)"),
    ("consent/people/P-0101.YML", "file name: the extension .yml, in lower case (this file is not read)"),
    ("consent/people/P-0101.yml.txt", "file name: a consent record named <ref>.yml (this file is not read, so it gives nobody consent"),
    ("consent/people/P-0101.md", "file name: a consent record named <ref>.yml (this file is not read"),
    ("consent/people/2025/P-0101.yml", None),  # its folder is named
    ("consent/P-0101.yml", "file: consent records in consent/people/, named <ref>.yml (this file is not read"),
])
def test_a_file_beside_the_register_that_it_does_not_read_is_one_line(project, capsys, rel, expected):
    """A record saved under another name or in another folder was ignored without a word, while
    staff believed it in force (a careless-editor review): each is named, with where records go.
    The page naming P-0101 is refused as before (no record is read), and a hidden file is not named."""
    project.person("P-0102")
    project.write("docs/news/her.md", "---\ntitle: T\ndate: 2025-05-16\nsummary: s\npeople: [P-0102]\n---\nText.\n")
    project.write("consent/people/.gitkeep", "")
    code, lines = check_lines(project, capsys)
    assert code == 0, lines  # the control: a register with a hidden file and a good record passes
    record = (project.root / "consent/people/P-0102.yml").read_text(encoding="utf-8")
    project.write(rel, record.replace("P-0102", "P-0101"))
    project.write("docs/news/other.md", "---\ntitle: T\ndate: 2025-05-16\nsummary: s\npeople: [P-0101]\n---\nText.\n")
    code, lines = check_lines(project, capsys)
    named = "consent/people/2025" if expected is None else rel
    found = problems_of(lines, named)
    assert code == 1 and len(found) == 1, lines
    if expected is None:
        assert found == ["consent/people/2025: file name: consent records directly in consent/people/ "
                         "(a folder's records are not read)"], found
    else:
        assert found[0].startswith(f"{rel}: {expected}"), found
    assert any(line.startswith("docs/news/other.md: people: a consent record consent/people/P-0101.yml") for line in lines)
