"""No name the build writes is longer than a file system takes (255 bytes of UTF-8).

A red-team review (round 7, case 5): a declared picture named with 245 bytes passed `hromada
check`, and `mkdocs build` ended in a traceback (OSError: File name too long) when MkDocs wrote
its smaller copy `<name>.1080w.jpg.webp`; about 122 Cyrillic letters are as long. A category
slug in mkdocs.yml names its listing's folder the same way. Here:

* the rule in one place (content_files.fits), asked for a media file's longest name
  (derivatives.longest_name: its own or a copy's at the widest width) and a category's folder;
* check and build each say one line naming the file, the limit and the fix, with no traceback,
  nothing published and no staging folder left;
* positive controls: the longest name that fits (244 bytes for a .jpg) builds with its copies,
  as does a page named with the longest name a page file can have (its folder is shorter).
"""
from __future__ import annotations

import subprocess
import sys

import pytest
from PIL import Image

from conftest import Project
from hromada import content_files, derivatives, media_rules


def test_the_longest_name_is_a_copys_at_the_widest_width():
    assert derivatives.longest_name("news/img/a.jpg") == "a.1080w.jpg.webp"
    assert derivatives.longest_name("img/a.gif") == "a.1080w.gif.webp"
    assert derivatives.longest_name("img/a.webp") == "a.1080w.webp"
    assert derivatives.longest_name("img/clip.mp4") == "clip.mp4"  # no copies


@pytest.mark.parametrize("stem,fits", [("a" * 240, True), ("a" * 241, False), ("ж" * 120, True), ("ж" * 121, False)])
def test_a_media_name_fits_when_its_copies_names_do(stem, fits):
    why = media_rules.name_problem(f"news/img/{stem}.jpg")
    assert (why is None) == fits, why
    assert fits == content_files.fits(derivatives.longest_name(f"{stem}.jpg"))
    if not fits:
        assert why.startswith("a file name of at most 244 bytes") and "255 bytes" in why and "rename the file" in why


def photo(path, width=1600):
    path.parent.mkdir(parents=True, exist_ok=True)
    im = Image.linear_gradient("L").resize((width, width * 2 // 3)).convert("RGB")
    im.save(path, "JPEG")


def page_with(project: Project, names: list[str]) -> None:
    media = "".join(f"  - {{file: img/{n}, depicts: [], faces: none, location_visible: false}}\n" for n in names)
    body = "".join(f"![x](img/{n})\n" for n in names)
    project.write("docs/news/x.md", "---\ntitle: X\ndate: 2025-05-01\nsummary: Plain.\npeople: none\nmedia:\n"
                  + media + "---\n" + body)


def check(project: Project) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hromada.cli", "check"], cwd=project.root,
                          capture_output=True, text=True, timeout=300)


def one_line_in_check_and_build(project: Project, starts: str) -> None:
    checked = check(project)
    result = project.build()
    for code, output in ((checked.returncode, checked.stdout + checked.stderr), (result.returncode, result.output)):
        assert code == 1 and "Traceback" not in output and "Errno" not in output, output
        problems = [ln.strip() for ln in output.splitlines() if ln.startswith("  ")]
        assert len(problems) == 1 and problems[0].startswith(starts), output
    assert not result.site.exists()
    assert not [p.name for p in project.root.iterdir() if "hromada-" in p.name]


def test_a_picture_whose_copies_names_are_too_long_is_one_line_in_check_and_build(tmp_path):
    project = Project(tmp_path / "project")
    long = "ж" * 122 + ".jpg"  # 248 bytes: the red team's name in Cyrillic
    photo(project.root / "docs/news/img" / long)
    page_with(project, [long])
    one_line_in_check_and_build(project, "docs/news/x.md: media[0].file: a file name of at most 244 bytes, so its "
                                         "smaller copies' names (ending .1080w.jpg.webp) fit in the 255 bytes")


def test_a_category_slug_too_long_for_its_folder_is_one_line_in_check_and_build(tmp_path):
    project = Project(tmp_path / "project")
    config = project.root / "mkdocs.yml"
    slug = "c" * 256
    config.write_text(config.read_text().replace("  categories:\n", f"  categories:\n    {slug}: {{en: Long}}\n", 1))
    project.write("docs/news/x.md", f"---\ntitle: X\ndate: 2025-05-01\nsummary: Plain.\npeople: none\n"
                                    f"categories: [{slug}]\n---\nText.\n")
    one_line_in_check_and_build(project, "mkdocs.yml: extra.categories.")
    assert "a slug of at most 255 letters" in check(project).stderr


def test_the_longest_names_that_fit_build(tmp_path):
    """Controls: a 244-byte picture (its copy `….1080w.jpg.webp` is 255 bytes), the red team's
    230-byte one, and a page file of 255 bytes (its folder, the slug, has 252)."""
    project = Project(tmp_path / "project")
    names = ["a" * 240 + ".jpg", "b" * 226 + ".jpg"]
    for name in names:
        photo(project.root / "docs/news/img" / name)
    page_with(project, names)
    slug = "p" * 252
    project.write(f"docs/news/{slug}.md", "---\ntitle: Long\ndate: 2025-05-01\nsummary: Plain.\npeople: none\n---\nText.\n")
    assert check(project).returncode == 0
    result = project.build()
    assert result.returncode == 0, result.output
    written = {p.name for p in (result.site / "news/img").iterdir()}
    assert "a" * 240 + ".1080w.jpg.webp" in written and names[1] in written
    assert (result.site / "news" / slug / "index.html").is_file()
