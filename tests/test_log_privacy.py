"""A failing build's log names no page about people that is not published (log_privacy.py).

Build logs are often public (consent.md §5, §8). A problem line names its file, and a
withdrawn person's story is often named after her: the build log gives such a line's key
(and its folder when a published page's address shows that folder); `hromada check`, on the
editor's own machine, still prints it whole. Each test has a positive control: a line about
a published page, or a page naming only people whose consent allows publishing, is printed
whole, so a log that printed nothing at all would fail too.
"""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from hromada.build import ContentError, check
from hromada.log_privacy import PublicLog, names_of
from hromada.problems import Problem

NOW = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)
SECRET = "olena-kovalenko"


def page(people: str, extra: str = "", title: str = "T") -> str:
    return f"---\ntitle: {title}\ndate: 2025-05-16\nsummary: s\npeople: {people}\n{extra}---\nBody.\n"


def build_log(project) -> str:
    """The problem lines as `mkdocs build` prints them (the hooks call the same render)."""
    with pytest.raises(ContentError) as caught:
        check(project.root, None, "https://example.org/", now=NOW)
    return caught.value.render(public=True)


def check_log(project) -> str:
    with pytest.raises(ContentError) as caught:
        check(project.root, None, "https://example.org/", now=NOW)
    return caught.value.render(building=False)


def hidden_lines(log: str) -> list[str]:
    return [line.strip() for line in log.splitlines() if line.strip().startswith("a problem")]


@pytest.fixture
def withdrawn(project):
    project.person("P-0001", consent={"status": "withdrawn", "withdrawn": "2026-05-01"})
    project.person("P-0002")
    project.write("docs/news/good.md", page("none", title="Published"))
    return project


def test_an_error_in_a_withdrawn_persons_page_is_not_named(withdrawn):
    withdrawn.write(f"docs/news/{SECRET}.md", page("[P-0001]", "draft: maybe\n"))
    withdrawn.write("docs/news/other.md", page("none", "draft: perhaps\n"))  # control: printed whole
    log = build_log(withdrawn)
    assert SECRET not in log
    assert "docs/news/other.md: draft: " in log
    assert hidden_lines(log) == ["a problem in docs/news/ naming a page that is not published and may name a person, or "
                                 "its files (kept out of build logs, which are often public; `hromada check` shows the line): draft"]
    assert f"docs/news/{SECRET}.md: draft: " in check_log(withdrawn)  # the editor's own machine names it


NOTE = "Olena Kovalenko from Hostomel"


@pytest.mark.parametrize("file, text", [
    ("consent/people/P-0002.yml", None),  # a record's top level
    ("consent/people/P-0002.yml", "scope"),  # nested in a record
    ("docs/news/note.md", page("[P-0002]", f"{NOTE}: her real name, keep offline\n")),  # a published page
    ("docs/news/note.md", page("none", f"media:\n  - file: x.jpg\n    {NOTE}: 1\n")),  # in a media entry
    ("docs/events/note.md", page("none", f"start: 2026-01-01T10:00:00+02:00\nlocation: {{city: Kyiv, {NOTE}: 1}}\n")),
])
def test_a_key_the_editor_wrote_is_not_printed(withdrawn, file, text):
    """Red-team round 7: a note written as a key (a real name, a village, a phone) was printed
    in the public log as the unknown key's name. What the key should be is still said."""
    if text is None:
        record = (withdrawn.root / file).read_text()
        (withdrawn.root / file).write_text(record + f"{NOTE}: 0671234567\n")
    elif text == "scope":
        record = (withdrawn.root / file).read_text()
        (withdrawn.root / file).write_text(record.replace("scope:\n", f"scope:\n  {NOTE}: 1\n"))
    else:
        withdrawn.write(file, text)
    withdrawn.write("docs/news/other.md", page("none", "colour: blue\n"))  # control: the same mistake, named
    log = build_log(withdrawn)
    assert "Kovalenko" not in log and "Hostomel" not in log, log
    mine = [line.strip() for line in log.splitlines() if line.strip().startswith(file)]
    assert sum("unknown key" in line and "(a key written in the file" in line for line in mine) == 1, log
    assert "colour" not in log and "docs/news/other.md: (a key written in the file" in log, log
    whole = check_log(withdrawn)
    assert NOTE in whole and "docs/news/other.md: colour: unknown key" in whole  # the editor's own machine names it


def test_a_file_in_an_unpublished_persons_folder_is_not_named(withdrawn):
    withdrawn.write(f"docs/about/{SECRET}/index.md", page("[P-0001]"))
    (withdrawn.root / f"docs/about/{SECRET}/notes.pdf").write_bytes(b"%PDF-1.4\n")
    withdrawn.write("docs/news/a.md", page("none", title="A") + f"\n[notes](../about/{SECRET}/notes.pdf)\n")
    log = build_log(withdrawn)
    assert SECRET not in log and "a problem in docs/news/ naming a page that is not published" in log
    assert f"../about/{SECRET}/notes.pdf" in check_log(withdrawn)


@pytest.mark.parametrize("depicts", ["[P-0001]", "[]"])
def test_a_picture_only_excluded_pages_declare_is_not_named(withdrawn, depicts):
    """A published page using, undeclared, a photo declared by an excluded page: showing her, or
    showing no one (her house, her village: red-team round 7 found `depicts: []` named)."""
    from PIL import Image

    Image.new("RGB", (8, 8)).save(withdrawn.root / f"docs/news/{SECRET}-portrait.jpg")
    withdrawn.write("docs/news/story.md", page("[P-0001]", f"media:\n  - file: {SECRET}-portrait.jpg\n    depicts: {depicts}\n"
                                                           "    faces: blurred\n    location_visible: false\n"))
    withdrawn.write("docs/news/a.md", page("none", title="A") + f"\n![x]({SECRET}-portrait.jpg)\n")
    log = build_log(withdrawn)
    assert SECRET not in log and "naming a page that is not published" in log
    assert f"{SECRET}-portrait.jpg" in check_log(withdrawn)


@pytest.mark.parametrize("people, hidden", [
    ("[P-0001]", True),    # withdrawn
    ("[P-0009]", True),    # no record: default deny
    ("[P-0002]", False),   # consent given: the page would be published; its name may be printed
    ("none", False),
])
def test_a_page_that_cannot_be_read_is_named_only_when_it_names_no_one_held_back(withdrawn, people, hidden):
    withdrawn.write(f"docs/news/{SECRET}.md", f"---\ntitle: [unclosed\npeople: {people}\n---\nBody.\n")
    log = build_log(withdrawn)
    assert (SECRET not in log) is hidden, log
    assert f"docs/news/{SECRET}.md: front matter: " in check_log(withdrawn)


@pytest.mark.parametrize("name", [f"{SECRET}.markdown", f"{SECRET}.MD", f"{SECRET}.Md", f"{SECRET}.mdown", f"{SECRET}.mkd",
                                  f"{SECRET}.mkdn", f"{SECRET}.uk.MARKDOWN", f".{SECRET}.md"])
def test_a_page_file_with_another_markdown_name_is_hidden_like_an_unreadable_page(withdrawn, name):
    """Red-team round 6: docs/olena-kovalenko.markdown naming a withdrawn person was named whole.
    A Markdown-like name is refused (`file name`), so it is a page that could not be read."""
    withdrawn.write(f"docs/news/{name}", page("[P-0001]"))
    withdrawn.write("docs/news/other.MD", page("none"))  # control: names no one, printed whole
    log = build_log(withdrawn)
    assert SECRET not in log and "docs/news/other.MD: file name: " in log, log
    assert [line[-11:] for line in hidden_lines(log)] == [": file name"]
    assert f"docs/news/{name}: file name: " in check_log(withdrawn)  # the editor's own machine names it


def test_a_markdown_like_name_of_someone_whose_consent_allows_it_is_printed(withdrawn):
    withdrawn.write(f"docs/news/{SECRET}.markdown", page("[P-0002]"))  # control: consent given
    assert f"docs/news/{SECRET}.markdown: file name: " in build_log(withdrawn)


def test_markdown_like():
    from hromada.content_files import markdown_like

    for name in ("x.md", "x.MD", "x.Md", "x.markdown", "x.mdown", "x.mkd", "x.mkdn", "x.mdwn", "x.md.txt", "x.md.bak",
                 "x.mkd~", "docs/news/x.uk.Markdown", ".x.md", "x.mdx", "x.Rmd"):
        assert markdown_like(name), name
    for name in ("x.jpg", "x.txt", "md", "docs/md/x.pdf", "x.mdl", "amd.png", "x.pmd"):
        assert not markdown_like(name), name


def test_a_page_without_people_may_name_anyone(withdrawn):
    withdrawn.write(f"docs/news/{SECRET}.md", "---\ntitle: T\ndate: 2025-05-16\nsummary: s\n---\nBody.\n")
    log = build_log(withdrawn)
    assert SECRET not in log and [line[-8:] for line in hidden_lines(log)] == [": people"]


def test_a_translation_that_says_people_none_is_not_named_while_its_original_is_held_back(withdrawn):
    """consent.md §8: a translation shares its original's people. One that cannot be read and
    says `people: none` is named by the original's name, which is hidden."""
    withdrawn.write(f"docs/news/{SECRET}.md", page("[P-0001]"))
    withdrawn.write(f"docs/news/{SECRET}.uk.md", "---\ntitle: [unclosed\npeople: none\n---\n")
    withdrawn.write("docs/news/other.uk.md", "---\ntitle: [unclosed\npeople: none\n---\n")  # control
    log = build_log(withdrawn)
    assert SECRET not in log and "docs/news/other.uk.md: front matter: " in log
    assert f"docs/news/{SECRET}.uk.md: front matter: " in check_log(withdrawn)


def test_a_translation_of_a_published_page_is_named(withdrawn):
    """Its name is public already: the published version's address shows it."""
    withdrawn.write(f"docs/news/{SECRET}.md", page("[P-0002]"))
    withdrawn.write(f"docs/news/{SECRET}.uk.md", "---\ntitle: [unclosed\n---\n")
    assert f"docs/news/{SECRET}.uk.md: front matter: " in build_log(withdrawn)


def test_the_folder_is_named_only_when_a_published_address_shows_it():
    log = PublicLog(frozenset({SECRET}), frozenset({"docs/news"}))
    hidden = Problem(f"docs/news/{SECRET}.md", "title", "x")
    assert log.hides(hidden) and " in docs/news/ " in log.line(hidden)
    private_folder = Problem(f"docs/{SECRET}/x.md", "title", "x")
    assert log.hides(private_folder) and SECRET not in log.line(private_folder)
    assert not log.hides(Problem("docs/news/other.md", "media", "uses img/tea-house.jpg"))  # control
    assert log.hides(Problem("docs/news/other.md", "media", f"uses ../%D0%B0/{SECRET}.uk.jpg"))


def test_names_of():
    assert names_of("stories/series/04-zulaikho.ru.md") == {"04-zulaikho", "zulaikho"}  # the address drops the number
    assert names_of("stories/zulaikho-series/index.uk.md") == {"zulaikho-series"}
    assert names_of("docs/img/portrait.jpg") == {"portrait"}
    assert names_of("index.md") == set()
    assert names_of("docs/.olena.md") == names_of("docs/olena.markdown") == names_of("docs/olena.uk.MD") == {"olena"}


def test_the_build_log_itself(withdrawn):
    """The hooks print the public form in `mkdocs build`."""
    withdrawn.write(f"docs/news/{SECRET}.md", page("[P-0001]", "draft: maybe\n"))
    withdrawn.write("docs/news/other.md", page("none", "draft: perhaps\n"))
    result = withdrawn.build()
    assert result.returncode != 0 and "Traceback" not in result.output
    assert SECRET not in result.output and "docs/news/other.md: draft: " in result.output


def test_when_the_decision_cannot_be_made_every_line_is_hidden(withdrawn):
    from hromada import log_privacy

    def broken():
        raise KeyError("content too broken to decide on")

    log = log_privacy.public_log(withdrawn.root, None, broken, [], [])
    assert log.everything and log.hides(Problem("docs/news/other.md", "colour", "x"))


def test_a_consent_records_values_are_not_quoted(withdrawn):
    """A display name (a real name, for identity: real) quoted in a register line: the line keeps
    the record's file (a code) and key; a line that quotes nothing is printed whole (control)."""
    record = withdrawn.root / "consent/people/P-0001.yml"
    record.write_text(record.read_text().replace("display_name: Anna", "display_name: \"Olena Kovalenko\\u202e\""))
    withdrawn.write("docs/news/x.md", page("[P-0001]"))
    withdrawn.person("P-0003", minor=None)
    log = build_log(withdrawn)
    assert "Olena" not in log and "consent/people/P-0001.yml: display_name: (what the record holds is kept out" in log
    assert "consent/people/P-0003.yml: minor: " in log  # quotes nothing: printed whole
    assert "Olena Kovalenko" in check_log(withdrawn)


def test_hromada_check_in_ci_shortens_the_same_lines(withdrawn, capsys, monkeypatch):
    """pre-commit.ci and CI jobs run `hromada check` where the log is often public: with CI set
    it prints the build's public form (and says so); on the editor's machine, every line whole."""
    from hromada.cli import main

    withdrawn.write(f"docs/news/{SECRET}.md", page("[P-0001]", "draft: maybe\n"))
    withdrawn.write("docs/news/other.md", page("none", "draft: perhaps\n"))
    monkeypatch.setenv("HROMADA_NOW", "2026-11-23T12:00:00+00:00")
    monkeypatch.setenv("CI", "true")
    assert main(["check", "-f", str(withdrawn.root / "mkdocs.yml")]) == 1
    err = capsys.readouterr().err
    assert SECRET not in err and "docs/news/other.md: draft: " in err and "CI is set" in err
    monkeypatch.setenv("CI", "")
    assert main(["check", "-f", str(withdrawn.root / "mkdocs.yml")]) == 1
    assert f"docs/news/{SECRET}.md: draft: " in capsys.readouterr().err


@pytest.mark.parametrize("front, kept", [
    (f"{NOTE}: 1\n{NOTE}: 2\n", "duplicate key (words of the file, not repeated here)"),  # the key twice
    (f"{NOTE}: her number: 067\n", "a colon and a space inside the value: put the whole value in double quotes"),
])
def test_a_yaml_mistake_does_not_quote_the_files_words_in_the_build_log(withdrawn, front, kept):
    """A YAML mistake's line quoted the key it was on, or PyYAML's words quoting it (a duplicate
    key): a note written as a key, printed in the public log. The fix is still said; `hromada
    check` quotes the key (the control)."""
    withdrawn.write("docs/news/note.md", f"---\ntitle: T\ndate: 2025-05-16\nsummary: s\npeople: none\n{front}---\nBody.\n")
    log = build_log(withdrawn)
    assert "Kovalenko" not in log and kept in log, log
    assert NOTE in check_log(withdrawn)
