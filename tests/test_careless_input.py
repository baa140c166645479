"""Default deny for what a hurried hand puts in the repository (consent.md, section 8).

Each test plants canary words and searches every output file (decompressed,
file names included) for them, with a positive control proving the search
finds what is published. Error cases assert one line `file: key: expectation`,
no traceback, the previous site unchanged, and `hromada check` saying the same.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import unicodedata
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from conftest import NOW, REPO, all_output_text
from test_consent import jpeg_with_gps
from test_errors import GOOD_NEWS, snapshot
from test_gate import built  # noqa: F401 - a fixture: one good build with P-0001 registered


def outputs_with(site, needle: str) -> list[str]:
    """Output files (or file names) containing `needle`, case-blind."""
    needle = needle.casefold()
    return sorted(rel for rel, text in all_output_text(site).items()
                  if needle in text.casefold() or needle in rel.casefold())


def png(colour=(10, 120, 200)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buf, "PNG")
    return buf.getvalue()


def page(title="About Anna", people="[P-0001]", body="Body.", media="", extra="", date_="2025-05-16"):
    return (f"---\ntitle: {title}\ndate: {date_}\nsummary: A story.\npeople: {people}\n{extra}"
            + (f"media:\n{media}" if media else "") + f"---\n{body}\n")


def check(project) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hromada.cli", "check"], cwd=project.root,
                          capture_output=True, text=True, env={**os.environ, "HROMADA_NOW": NOW})


def assert_refused(project, before, file: str, key: str, expected: str, quotes_a_record: bool = False):
    """The build fails with the line, leaves the site as it was, and check says the same.
    `quotes_a_record`: the line quotes a consent record, so the build's (public) log gives
    its file and key only (log_privacy.py); `hromada check` prints it whole."""
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.output, result.output
    line = f"{file}: {key}: "
    shown = "(what the record holds is kept out of build logs" if quotes_a_record else expected
    assert any(line in x and shown in x for x in result.output.splitlines()), result.output
    assert snapshot(result.site) == before
    checked = check(project)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr, checked.stderr
    assert any(line in x and expected in x for x in checked.stderr.splitlines()), checked.stderr


# --- 1. a translation is about the same people -----------------------------------
def test_translation_inherits_the_people_of_its_original(project):
    project.person("P-0001", scope={"languages": ["en"]})
    project.write("docs/news/anna.md", page(body="canaryoriginalzq"))
    project.write("docs/news/anna.uk.md", page(title="Про Анну", people="none", body="canarytranslationzq"))
    result = project.build()
    assert result.returncode == 0, result.output
    assert "news/anna/index.html" in outputs_with(result.site, "canaryoriginalzq")  # positive control
    assert any(p.startswith("pagefind/") for p in outputs_with(result.site, "canaryoriginalzq"))
    assert outputs_with(result.site, "canarytranslationzq") == []
    assert outputs_with(result.site, "Про Анну") == []


def test_translation_may_show_what_its_original_declares(project):
    project.person("P-0001")
    project.root.joinpath("docs/news/img").mkdir(parents=True)
    project.root.joinpath("docs/news/img/a.png").write_bytes(png())
    media = "  - {file: img/a.png, depicts: [P-0001], faces: blurred, location_visible: false}\n"
    project.write("docs/news/anna.md", page(media=media, body="![Anna](img/a.png)"))
    project.write("docs/news/anna.uk.md", page(title="Про Анну", body="![Анна](img/a.png)"))
    result = project.build()
    assert result.returncode == 0, result.output
    assert (result.site / "news/img/a.png").is_file()
    # and when the person withdraws, neither version nor the picture remains
    project.person("P-0001", consent={"status": "withdrawn", "withdrawn": "2026-01-01"})
    result = project.build()
    assert result.returncode == 0, result.output
    assert not (result.site / "news/img/a.png").exists()
    assert outputs_with(result.site, "Про Анну") == [] and outputs_with(result.site, "About Anna") == []


@pytest.mark.parametrize("held", ["draft: true\n", "scheduled"])
def test_an_unpublished_versions_picture_stays_out_with_it(project, held):
    """The English version, a translation of the Ukrainian, is a draft (or scheduled); the
    Ukrainian original is published and does not use the English version's picture: the
    picture is not published with it, in no file and in no manifest line. Published itself,
    the English version brings it (positive control)."""
    project.root.joinpath("docs/news/img").mkdir(parents=True)
    project.root.joinpath("docs/news/img/canaryfuturezq.png").write_bytes(png())
    media = "  - {file: img/canaryfuturezq.png, depicts: [], faces: none, location_visible: false}\n"
    extra, when = ("draft: true\n", "2025-05-16") if held != "scheduled" else ("", "2027-01-03")
    extra += "translation_of: 2025-05-01\n"  # the Ukrainian came first: a draft translation holds back only itself
    project.write("docs/news/x.md", page(people="none", media=media, extra=extra, date_=when,
                                         body="![a](img/canaryfuturezq.png)"))
    project.write("docs/news/x.uk.md", page(title="Новина", people="none", body="Текст."))
    result = project.build()
    assert result.returncode == 0, result.output
    assert (result.site / "uk/news/x/index.html").is_file()
    assert outputs_with(result.site, "canaryfuturezq") == []
    project.write("docs/news/x.md", page(people="none", media=media, body="![a](img/canaryfuturezq.png)"))
    result = project.build()
    assert result.returncode == 0, result.output
    assert (result.site / "news/img/canaryfuturezq.png").is_file()


def test_a_second_front_matter_block_is_refused(project):
    """A hurried editor adds `people` in a second --- block: Markdown would publish it as text
    (a rule and a heading) and the page would declare nobody. A rule that opens a page's text
    without such keys is fine (positive control)."""
    project.person("P-0001")
    project.write("docs/news/second.md", page(people="[P-0001]", body="---\n\nAbout Anna."))
    result = project.build()
    assert result.returncode == 0, result.output
    before = snapshot(result.site)
    project.write("docs/news/second.md", page(people="none", body="---\npeople: [P-0001]\n---\nAbout Anna."))
    assert_refused(project, before, "docs/news/second.md", "front matter", "move its keys into the first block")


def test_a_translation_waits_for_its_originals_draft_and_date(project):
    """A translation may not publish what its original could not yet (red-team finding 8): an
    original that is a draft (the person has not approved the text) or dated in the future (an
    embargo) holds back its translations, whatever their own front matter says. Versions
    without `translation_of` are all originals (default deny), and so are versions that all
    have it. A translation marked as such that is a draft holds back only itself. Controls:
    the original ready, each goes."""
    import json

    from conftest import NOW as now

    def news(title: str, extra: str = "", date_: str = "2026-11-01") -> str:
        return page(title=title, people="none", extra=extra, date_=date_)

    project.write("docs/news/held.md", news("Canaryheldzq", "draft: true\n"))
    project.write("docs/news/held.uk.md", news("Canaryheldukzq", "translation_of: 2026-11-01\n"))
    project.write("docs/news/embargo.md", news("Embargo", date_="2027-02-01"))
    project.write("docs/news/embargo.uk.md", news("Canaryembargozq", "translation_of: 2026-11-01\n"))
    project.write("docs/news/peers.md", news("Peers", "draft: true\n"))
    project.write("docs/news/peers.uk.md", news("Canarypeerszq"))
    project.write("docs/news/started.md", news("Canarystartedzq"))
    project.write("docs/news/started.uk.md", news("Розпочато", "draft: true\ntranslation_of: 2026-11-01\n"))
    project.write("docs/news/both.md", news("Both", "draft: true\ntranslation_of: 2026-11-01\n"))
    project.write("docs/news/both.uk.md", news("Canarybothzq", "translation_of: 2026-11-01\n"))
    project.write("docs/news/ready.md", news("Ready"))
    project.write("docs/news/ready.uk.md", news("Canaryreadyzq", "translation_of: 2026-11-01\ndraft: false\n"))
    result = project.build()
    assert result.returncode == 0, result.output
    texts = all_output_text(result.site)
    for canary in ("Canaryheldukzq", "Canaryembargozq", "Canarypeerszq", "Canarybothzq"):
        assert not [rel for rel, text in texts.items() if canary in text], canary
    assert "Canaryreadyzq" in texts["uk/news/ready/index.html"]  # positive control
    assert "Canarystartedzq" in texts["news/started/index.html"]  # a marked draft translation holds back only itself
    report = json.dumps(json.loads((project.root / "reports/build-report.json").read_text(encoding="utf-8"))["excluded"])
    assert "original-draft" in report and "original-scheduled" in report and "write translation_of in the other" in report
    status = subprocess.run([sys.executable, "-m", "hromada.cli", "status", "--section", "news"], cwd=project.root,
                            capture_output=True, text=True, env={**os.environ, "HROMADA_NOW": now})
    assert "docs/news/embargo.uk.md (uk): goes live 2027-02-01" in status.stdout, status.stdout + status.stderr
    # the English is the translation of a Ukrainian original: the Ukrainian goes, the English draft waits
    project.write("docs/news/peers.md", news("Peers", "draft: true\ntranslation_of: 2026-11-01\n"))
    result = project.build()
    assert result.returncode == 0 and "Canarypeerszq" in all_output_text(result.site)["uk/news/peers/index.html"]


# --- 2. notes stay private --------------------------------------------------------
def test_html_comments_never_reach_any_output(project):
    project.write("docs/news/n.md", GOOD_NEWS.replace(
        "Body.", "Visible canaryvisiblezq.\n\n<!-- call her at canarycommentzq -->\n\nText <!-- inline\ncanaryinlinezq --> more."))
    result = project.build()
    assert result.returncode == 0, result.output
    found = outputs_with(result.site, "canaryvisiblezq")
    assert "news/n/index.html" in found and "feed/rss.xml" in found and "feed/atom.xml" in found  # control
    assert outputs_with(result.site, "canarycommentzq") == []
    assert outputs_with(result.site, "canaryinlinezq") == []


#: Notes in HTML's other comment forms: a browser reads each as a (bogus) comment and shows none
#: of it, so the editor's preview hides them as it hides <!-- --> (red-team round 6).
NOTES_IN_OTHER_FORMS = {
    "canarypizq": "<?note canarypizq lives in Hostomel ?>",
    "canarycdatazq": "<![CDATA[ canarycdatazq ]]>",
    "canaryinlinepizq": "She came back in May. <?ask canaryinlinepizq?> She works now.",
    "canaryinlinecdatazq": "Text <![CDATA[ canaryinlinecdatazq ]]> more.",
    "canarylineszq": "<?note first line\ncanarylineszq ?>",
    "canarydivzq": "<div markdown>\n<?note canarydivzq ?>\n\nInside.\n</div>",
    "canarydeclzq": "<div>\n<!NOTE canarydeclzq>\n</ canaryslashzq >\n</div>",
    "canaryslashzq": "",  # in the block above
}
#: `<?php ?>` as code is text shown to readers (escaped by Markdown), not a note: it stays.
CODE_THAT_STAYS = {
    "canaryspanzq": "Run `<?php echo canaryspanzq; ?>` first.",
    "canaryfencezq": "```\n<?php echo canaryfencezq; ?>\n<![CDATA[ x ]]>\n```",
    "canaryindentzq": "    <?php indented canaryindentzq ?>",
}


def test_notes_in_every_comment_form_never_reach_any_output(project):
    body = "\n\n".join(["Visible canaryvisiblezq.", "<!-- call her at canarycommentzq -->",
                         *NOTES_IN_OTHER_FORMS.values(), *CODE_THAT_STAYS.values()])
    source = project.write("docs/news/n.md", GOOD_NEWS.replace("Body.", body)).read_text(encoding="utf-8")
    assert all(marker in source for marker in (*NOTES_IN_OTHER_FORMS, *CODE_THAT_STAYS))  # control: they were written
    result = project.build()
    assert result.returncode == 0, result.output
    everywhere = {"news/n/index.html", "feed/rss.xml", "feed/atom.xml", "feed/feed.json"}
    assert everywhere <= set(outputs_with(result.site, "canaryvisiblezq"))  # control: the search finds the text
    assert any(p.startswith("pagefind/") for p in outputs_with(result.site, "canaryvisiblezq"))
    assert outputs_with(result.site, "canarycommentzq") == []  # as before
    for marker in NOTES_IN_OTHER_FORMS:
        assert outputs_with(result.site, marker) == [], marker
    texts = all_output_text(result.site)
    page_html = texts["news/n/index.html"]
    assert "She came back in May.  She works now." in page_html and "<p>Inside.</p>" in page_html  # around the notes
    for marker in CODE_THAT_STAYS:
        assert everywhere <= set(outputs_with(result.site, marker)), marker
    assert "<code>&lt;?php echo canaryspanzq; ?&gt;</code>" in page_html
    assert "&lt;?php echo canaryfencezq; ?&gt;\n&lt;![CDATA[ x ]]&gt;" in page_html
    feed = json.loads(texts["feed/feed.json"])
    content = next(item["content_html"] for item in feed["items"] if "canaryvisiblezq" in item["content_html"])
    assert "&lt;?php echo canaryspanzq; ?&gt;" in content and "<?" not in content and "<!" not in content


@pytest.mark.parametrize("text,key,expected", [
    (GOOD_NEWS.replace("Body.", "Text <!-- never closed canaryzq"), "body", "closing -->"),
    ("---\ntitle: x\ndate: 2025-05-16\nsummary: s\npeople: none\n...\n# canaryzq\nBody.\n", "front matter", "closing '---'"),
    (GOOD_NEWS.replace("---\nBody.\n", "---"), "front matter", "line break after the closing"),
    ("---\na: &a [x, x]\nb: &b [*a, *a]\ntitle: x\npeople: none\n---\nBody\n", "front matter", "without anchors"),
])
def test_front_matter_is_read_as_mkdocs_reads_it(built, text, key, expected):
    project, before = built
    project.write("docs/news/n.md", text)
    assert_refused(project, before, "docs/news/n.md", key, expected)


# --- 3. only what the gate can clean is copied ----------------------------------------
def test_files_the_gate_cannot_clean_are_never_copied(project):
    project.write("docs/news/n.md", GOOD_NEWS.replace("Body.", "![x](img/ok.jpg)").replace(
        "people: none", "people: none\nmedia:\n  - {file: img/ok.jpg, depicts: [], faces: none, location_visible: false}"))
    img = project.root / "docs/news/img"
    img.mkdir(parents=True)
    img.joinpath("ok.jpg").write_bytes(jpeg_with_gps())
    leftovers = {"photo.heic": b"ftypheic canaryheiczq GPS", "photo.jfif": jpeg_with_gps() + b"canaryjfifzq",
                 "scan.tiff": b"II*\x00canarytiffzq", "logo.svg": b"<svg>canarysvgzq</svg>", "clip.mov": b"canarymovzq",
                 "voice.m4a": b"canarym4azq", "report.pdf": b"%PDF canarypdfzq", "notes.txt": b"canarytxtzq",
                 "list.yml": b"name: canaryymlzq", "draft.md~": b"canarybackupzq", "n.md.bak": b"canarybakzq"}
    for name, data in leftovers.items():
        img.joinpath(name).write_bytes(data)
    result = project.build()
    assert result.returncode == 0, result.output
    assert (result.site / "news/img/ok.jpg").is_file()  # positive control: the declared image is published
    site_files = {p.name for p in result.site.rglob("*")}
    for name, data in leftovers.items():
        assert name not in site_files
        canary = next(w for w in data.decode("latin-1").split() if w.startswith("canary") or "canary" in w)
        canary = canary[canary.index("canary"):].split("<")[0]
        assert outputs_with(result.site, canary) == [], name
    report = (project.root / "reports/build-report.md").read_text(encoding="utf-8")
    for name in leftovers:
        assert name in report, name


@pytest.mark.parametrize("name,key,expected", [
    ("docs/news/item.MD", "file name", "ending in .md, in lower case"),
    ("docs/news/item.markdown", "file name", "ending in .md"),
    # a translation whose suffix is mis-typed would be an English page of its own, free of its original's people
    ("docs/news/item.Uk.md", "file name", "did you mean item.uk.md? a language suffix"),
    ("docs/news/item.uk-UA.md", "file name", "did you mean item.uk.md? a language suffix"),
    ("docs/news/item.v2.md", "file name", "or no dot in the name (found .v2)"),
    # ... and so would one in a language folder, at the address of the Ukrainian version
    ("docs/uk/news/item.md", "location", "the language written as a suffix"),
    ("docs/Ru.md", "location", "the language written as a suffix"),
    # MkDocs publishes a README as its folder's index, where Hromada does not look for it
    ("docs/README.md", "file name", "a page name other than README"),
    ("docs/news/README.uk.md", "file name", "a page name other than README"),
])
def test_pages_with_the_wrong_suffix_are_errors(built, name, key, expected):
    project, before = built
    project.write(name, GOOD_NEWS)
    assert_refused(project, before, name, key, expected)


def test_symbolic_links_out_of_the_repository_are_not_followed(built, tmp_path):
    project, before = built
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.jpg").write_bytes(jpeg_with_gps())
    (outside / "secret.md").write_text(GOOD_NEWS, encoding="utf-8")
    (project.root / "docs/news/img").mkdir(parents=True, exist_ok=True)
    os.symlink(outside / "secret.jpg", project.root / "docs/news/img/linked.jpg")
    assert_refused(project, before, "docs/news/img/linked.jpg", "file", "points outside it")
    os.unlink(project.root / "docs/news/img/linked.jpg")
    os.symlink(outside, project.root / "docs/news/linked")
    assert_refused(project, before, "docs/news/linked", "file", "not a symbolic link")


def nfd(name: str) -> str:
    """The decomposed (NFD) spelling of a name, as some Mac tools write it: `й` as `и` + a breve."""
    decomposed = unicodedata.normalize("NFD", name)
    assert decomposed != unicodedata.normalize("NFC", name)  # the name has a letter to decompose
    return decomposed


def test_a_translation_with_a_decomposed_file_name_is_refused(built):
    """The reviewer's repro: the original (NFC) shows a withdrawn person, its Ukrainian version
    (the same name, decomposed) names someone else. Paired by name byte for byte, the
    translation was a page of its own and published; now the name is refused, nothing built."""
    project, before = built
    project.person("P-0204", consent={"status": "withdrawn", "withdrawn": "2026-01-01"})
    project.person("P-9010")
    project.write(unicodedata.normalize("NFC", "docs/news/olena-й.md"), page(people="[P-0204]", body="canaryoriginalzq"))
    translation = "docs/news/" + nfd("olena-й.uk.md")
    project.write(translation, page(title="Про Олену", people="[P-9010]", body="canarytranslationzq"))
    assert_refused(project, before, translation, "file name", "composed (NFC) form")


@pytest.mark.parametrize("where", ["docs/news/{}/item.md", "stories/{}/index.md", "docs/news/img/{}.png"])
def test_decomposed_folder_and_media_names_are_refused(built, where):
    """A decomposed folder (a news subfolder, a series) is refused once, nothing below it
    read; so is a decomposed picture, which an NFC media path would never match."""
    project, before = built
    name = nfd("олена-й")
    target = project.root / where.format(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.suffix == ".png":
        target.write_bytes(png())
        project.write("docs/news/p.md", page(people="none", body="![x](img/олена-й.png)",
                                             media="  - {file: img/олена-й.png, depicts: [], faces: none, location_visible: false}\n"))
    else:
        target.write_text(page(people="none"), encoding="utf-8")
    refused = (target if target.suffix == ".png" else target.parent).relative_to(project.root).as_posix()
    assert_refused(project, before, refused, "file name", "composed (NFC) form")
    assert sum("composed (NFC) form" in line for line in check(project).stderr.splitlines()) == 1


def test_composed_cyrillic_file_names_pass_check(project):
    """Positive control: the same names in composed form (NFC, what keyboards type) are fine,
    and a translation finds its original. (`hromada check` only: the build's search index is
    tested with such names elsewhere.)"""
    name = unicodedata.normalize("NFC", "новина-й")
    project.write(f"docs/news/{name}.md", page(title="News", people="none"))
    project.write(f"docs/news/{name}.uk.md", page(title="Новина", people="none"))
    project.write(f"stories/{name}/index.md", "---\ntitle: Серія\nsummary: s\npeople: none\n---\nBody.\n")
    checked = check(project)
    assert checked.returncode == 0 and "Traceback" not in checked.stderr, checked.stderr
    from hromada import content

    index, problems = content.load(project.root, frozenset())
    assert not [p for p in problems if p.severity == "error"], problems
    assert set(index.versions(f"news/{name}.md")) == {"en", "uk"}  # one page, two language versions


def test_docs_templates_is_neither_read_nor_reported():
    """MkDocs never reads docs/templates/; the scan leaves it alone (no "a regular file" line)."""
    import tempfile
    from pathlib import Path

    from hromada import content_files

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "docs/templates").mkdir(parents=True)
        (root / "docs/templates/main.html").write_text("x", encoding="utf-8")
        (root / "docs/index.md").write_text("x", encoding="utf-8")
        found = content_files.scan(root, root / "docs", root / "stories")
        assert found.problems == () and [p.name for p in found.pages] == ["index.md"] and found.assets == {}


# --- 4. every use is a declaration ------------------------------------------------------
#: Constructs that can carry a URL in a page's HTML or CSS; each uses img/a.png undeclared.
HTML_USES = {
    "markdown image": "![x](img/a.png)",
    "markdown link": "[the photo](img/a.png)",
    "reference link": "[photo][p]\n\n[p]: img/a.png",
    "img src": '<img src="../img/a.png" alt="">',
    "img srcset": '<img src="../img/b.png" srcset="../img/b.png 1x, ../img/a.png 2x" alt="">',
    "picture source": '<picture><source srcset="../img/a.png"><img src="../img/b.png" alt=""></picture>',
    "video poster": '<video poster="../img/a.png"></video>',
    "video source": '<video><source src="../img/a.png"></video>',
    "object data": '<object data="../img/a.png"></object>',
    "embed src": '<embed src="../img/a.png">',
    "iframe src": '<iframe src="../img/a.png"></iframe>',
    "input image": '<input type="image" src="../img/a.png" alt="x">',
    "svg image href": '<svg><image href="../img/a.png"/></svg>',
    "svg xlink": '<svg><image xlink:href="../img/a.png"/></svg>',
    "style attribute": '<div style="background-image:url(../img/a.png)"></div>',
    "style attribute quoted": "<div style=\"background:url('../img/a.png')\"></div>",
    "style element": "<style>.x{background:url(../img/a.png)}</style>",
    "css import": '<style>@import "../img/a.png";</style>',
    "plain link": '<a href="../img/a.png">photo</a>',
    "unquoted": "<img src=../img/a.png alt=x>",
    "site-absolute": '<img src="/news/img/a.png" alt="">',
    "absolute with host": '<img src="https://hromada.example.org/news/img/a.png" alt="">',
    "absolute with www": '<img src="https://www.hromada.example.org/news/img/a.png" alt="">',
    "entity-encoded": '<img src="&#46;&#46;/img/a&#46;png" alt="">',
    "percent-encoded": '<img src="../img/%61.png" alt="">',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=../img/a.png">',
    "attr_list": "![x](img/b.png){ srcset='img/a.png 2x' }",
    "data attribute": '<div data-src="../img/a.png"></div>',
    "link href": '<link rel="preload" as="image" href="../img/a.png">',
    "link imagesrcset": '<link rel="preload" as="image" imagesrcset="../img/a.png 2x">',
    "area href": '<map name="m"><area shape="rect" coords="0,0,1,1" href="../img/a.png" alt="x"></map>',
    "audio src": '<audio src="../img/a.png"></audio>',
    "track src": '<video><track src="../img/a.png"></video>',
    "form action": '<form action="../img/a.png"><button formaction="../img/a.png">x</button></form>',
    "background attribute": '<table background="../img/a.png"><tr><td>x</td></tr></table>',
    "blockquote cite": '<blockquote cite="../img/a.png">x</blockquote>',
    "img longdesc": '<img src="../img/b.png" longdesc="../img/a.png" alt="">',
    "svg use": '<svg><use href="../img/a.png#x"/></svg>',
    "css escape": '<div style="background:url(../img/\\61 .png)"></div>',
    "query and fragment": '<img src="../img/a.png?v=2#top" alt="">',
    "dot segments": '<img src="../img/./../img/a.png" alt="">',
}


def page_per_construct(project, constructs: dict[str, str], prefix: str) -> dict[str, str]:
    """One news page per construct (its body), each declaring img/b.png (written here): construct -> page file."""
    img = project.root / "docs/news/img"
    img.mkdir(parents=True, exist_ok=True)
    img.joinpath("b.png").write_bytes(png((0, 200, 0)))
    media = "  - {file: img/b.png, depicts: [], faces: none, location_visible: false}\n"
    pages = {}
    for n, construct in enumerate(sorted(constructs)):
        pages[construct] = f"docs/news/{prefix}-{n}.md"
        project.write(pages[construct], page(title=construct, media=media, body=constructs[construct]))
    return pages


def test_every_undeclared_use_fails_the_build(built):
    """One page per construct, all in one build: each must be named in the refusal."""
    project, before = built
    img = project.root / "docs/news/img"
    img.mkdir(parents=True, exist_ok=True)
    img.joinpath("a.png").write_bytes(png((200, 0, 0)))
    img.joinpath("b.png").write_bytes(png((0, 200, 0)))
    pages = page_per_construct(project, HTML_USES, "use")
    # img/a.png is declared by another page, so it is published: each use must still be declared where it is
    project.write("docs/news/q.md", page(title="Q", people="none", body="![a](img/a.png)",
                                         media="  - {file: img/a.png, depicts: [], faces: none, location_visible: false}\n"))
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.output, result.output
    checked = check(project)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    for construct, file in pages.items():
        # an address with a host is named by its host (page_loads.REMOTE: a file name is often a name)
        named = "hromada.example.org" if construct.startswith("absolute with") else "img/a.png"
        for output in (result.output, checked.stderr):
            assert any(f"{file}: media: " in line and named in line for line in output.splitlines()), (construct, output)
    assert "docs/news/q.md" not in result.output  # positive control: the declared use is fine
    assert snapshot(result.site) == before


#: Spellings of news/img/x.png that browsers read as that picture (urls.browser_href), or that a server
#: may (`%2f`, `%5c`, letter case), each in a Ukrainian page written from uk/news/<page>/ (red-team round 7: a
#: picture declared by an English page, whose person allows English and the web only, was shown by a
#: Ukrainian page and its feeds, its address written with backslashes).
SPELLINGS = {
    "slashes (the control)": '<picture><source srcset="../../../news/img/x.png"><img src="../img/b.png" alt=""></picture>',
    "backslashes": r'<picture><source srcset="..\..\..\news\img\x.png"><img src="../img/b.png" alt=""></picture>',
    "backslashes from the root": r'<img src="\news\img\x.png" alt="">',
    "a backslash in a srcset": r'<img src="../img/b.png" srcset="../img/b.png 1x, ../../../news/img\x.png 2x" alt="">',
    "one slash after the scheme": '<picture><source srcset="https:/hromada.example.org/news/img/x.png"><img src="../img/b.png" alt=""></picture>',
    "no slash after the scheme": '<img src="http:hromada.example.org/news/img/x.png" alt="">',
    "backslashes after the scheme": r'<img src="https:\\hromada.example.org\news\img\x.png" alt="">',
    "backslashes before the host": r'<video poster="\\hromada.example.org\news\img\x.png"></video>',
    "scheme and host in capitals": '<object data="HTTPS://HROMADA.EXAMPLE.ORG/news/img/x.png"></object>',
    "a tab in a link": '<a href="../../../news/img/x&#9;.png">photo</a>',
    "a line break": '<embed src="../../../news/img/&#10;x.png">',
    "a tab as it is": '<img src="../../../news/img/x\t.png" alt="">',
    "a carriage return": '<video><track src="../../../news/i&#13;mg/x.png"></video>',
    "controls and spaces around": '<input type="image" src="&#1; ../../../news/img/x.png &#31;" alt="x">',
    "encoded dot segments": '<svg><image href="%2e%2e/%2E%2e/.%2e/news/img/x.png"/></svg>',
    "encoded slashes": '<svg><image xlink:href="..%2f..%2f..%2fnews%2fimg%2fx.png"/></svg>',
    "encoded backslashes": '<link rel="icon" href="..%5c..%5c..%5cnews%5cimg%5cx.png">',
    "share picture": r'<meta property="og:image" content="..\..\..\news\img\x.png">',
    "style, a tab escaped": '<div style="background:url(../../../news/img/x\\9 .png)"></div>',
    "style element, backslashes escaped": '<style>.x{background:url("..\\5c ..\\5c news\\5c img\\5c x.png")}</style>',
    "markdown link, backslashes": r"[photo](..\..\..\news\img\x.png)",
    "markdown link, a tab": "[photo](../img/x&#9;.png)",
    "another scheme holding it": '<a href="view-source:https://hromada.example.org/news/img/x.png">source</a>',
    "letter case": '<img src="../../../news/img/X.PNG" alt="">',
    "a name with brackets": '<img src="../../../news/img/c(1).png" alt="">',
}


def test_every_spelling_of_an_address_is_a_use(project):
    """Each spelling in SPELLINGS, on a Ukrainian page that does not declare the picture, fails the
    build and the check with the undeclared-use line, the plain `/` spelling too (the control); a page
    that declares its picture builds with such spellings, and its feeds carry the address a browser
    reads, written whole (feeds.absolutize), never the spelling."""
    import json

    project.person("P-0002", scope={"languages": ["en"], "channels": ["web"]})
    img = project.root / "docs/news/img"
    img.mkdir(parents=True, exist_ok=True)
    for name, colour in (("x.png", (200, 0, 0)), ("c(1).png", (0, 0, 200)), ("b.png", (0, 200, 0)), ("y.png", (9, 9, 9))):
        img.joinpath(name).write_bytes(png(colour))
    project.write("docs/news/hers.md", page(title="Hers", people="[P-0002]", body='![her](img/x.png) <img src="img/c(1).png" alt="">',
                                            media="  - {file: img/x.png, depicts: [P-0002], faces: none, location_visible: false}\n"
                                                  "  - {file: 'img/c(1).png', depicts: [P-0002], faces: none, location_visible: false}\n"))
    declared = "  - {file: img/y.png, depicts: [], faces: none, location_visible: false}\n"
    odd = (r'<picture><source srcset="..\..\..\news\img\y.png"><img src="../img/y.png" alt=""></picture>' "\n\n"
           '<a href="../../../news/img/y&#9;.png">the picture</a>')
    for suffix in ("", ".uk"):
        project.write(f"docs/news/ok{suffix}.md", page(title="Ok", people="none", media=declared, body=odd))
    result = project.build()
    assert result.returncode == 0, result.output  # positive control: declared, every spelling builds
    for feed in ("feed/feed.json", "uk/feed/feed.json"):
        item = next(i for i in json.loads((result.site / feed).read_text())["items"] if i["url"].endswith("/news/ok/"))
        shown = item["content_html"]
        assert 'srcset="https://hromada.example.org/news/img/y.png"' in shown, shown
        assert 'href="https://hromada.example.org/news/img/y.png"' in shown, shown
        assert "\\" not in shown and "&#9;" not in shown and "\t" not in shown, shown
    for feed in ("feed/rss.xml", "uk/feed/atom.xml"):
        text = (result.site / feed).read_text()
        assert "https://hromada.example.org/news/img/y.png" in text and "\\" not in text, feed
    before = snapshot(result.site)
    pages = {}
    media = "  - {file: img/b.png, depicts: [], faces: none, location_visible: false}\n"
    for n, spelling in enumerate(sorted(SPELLINGS)):
        pages[spelling] = f"docs/news/sp-{n}.uk.md"
        project.write(f"docs/news/sp-{n}.md", page(title=f"Sp {n}", people="none", media=media))
        project.write(pages[spelling], page(title=f"Сп {n}", people="none", media=media, body=SPELLINGS[spelling]))
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.output, result.output
    checked = check(project)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    for spelling, file in pages.items():
        named = "img/c(1).png" if "brackets" in spelling else "img/x.png"
        for output in (result.output, checked.stderr):
            assert any(line.strip().startswith(f"{file}: media: an entry declaring {named}, which the page uses")
                       for line in output.splitlines()), (spelling, output)
        # this site's address is not another host's (page_loads.remote_host read `\` as a CSS escape:
        # `https:\\<host>\news\img\x.png` named the host `<host>newsimgx.png`, a file's name, in the log)
        assert "contact another host" not in output and "imgx.png" not in output, output
    assert "docs/news/sp-0.md:" not in result.output  # the English versions, with no spelling, are fine
    assert "docs/news/ok" not in result.output
    assert snapshot(result.site) == before


#: Pictures that are no file of the site: embedded in the page (data:) or loaded from another host.
_GIF = "data:image/gif;base64,R0lGODlhAQABAAAAACw="
NOT_A_FILE = {
    "markdown image, embedded": f"![x]({_GIF})",
    "reference image, embedded": f"![][image1]\n\n[image1]: <{_GIF}>",  # Google Docs' Markdown download
    "html, embedded, upper case": f'<IMG SRC="{_GIF.upper()}" alt="">',
    "html, embedded, entity": '<img src="&#100;ata:image/png;base64,AAAA" alt="">',
    "html, embedded, tab": '<img src="da\tta:image/png;base64,AAAA" alt="">',
    "attr_list style, embedded": f"![x](img/b.png){{ style='background:url({_GIF})' }}",
    "css escape, embedded": '<div style="background:url(\\64 ata:image/png;base64,AAAA)"></div>',
    "svg, embedded": f'<svg><image href="{_GIF}"/></svg>',
    "noscript, embedded": f'<noscript><img src="{_GIF}" alt=""></noscript>',  # drawn when scripts are off
    "noscript, remote": '<noscript><img src="https://cdn.example.net/olena.jpg" alt=""></noscript>',
    "img, remote, unquoted": "<img src=https://cdn.example.net/olena.jpg alt=x>",
    "srcset, remote": '<img src="../img/b.png" srcset="../img/b.png 1x, //cdn.example.net/olena.jpg 2x" alt="">',
    "poster, remote": '<video poster="https://cdn.example.net/olena.jpg"></video>',
    "object, remote": '<object data="https://cdn.example.net/olena.pdf"></object>',
    "style, remote": "<style>.x{background:url(https://cdn.example.net/olena.jpg)}</style>",
    "svg, remote": '<svg><image href="https://cdn.example.net/olena.jpg"/></svg>',
    "iframe, remote": '<iframe src="https://video.example.net/embed/olena"></iframe>',
    "image-set string, remote": '<p style="background-image:image-set(&quot;https://cdn.example.net/olena.jpg&quot; 1x)">x</p>',
    "import after a comment, remote": '<style>@import/**/"https://cdn.example.net/olena.css";</style>',
    "svg style with references, remote": '<svg><style>p{background:u&#114;l(https://cdn.example.net/olena.jpg)}</style></svg>',
    "srcdoc after an empty comment, remote": '<iframe srcdoc="&lt;!--&gt;&lt;img src=https://cdn.example.net/olena.jpg&gt;"></iframe>',
}


def test_pictures_that_are_no_file_of_the_site_fail_the_build(built):
    """A data: address carries the picture's bytes, GPS and all, into the page unchecked;
    another host's picture is not ours to clean and tells that host who reads (page_loads.py).
    One page per construct, all in one build; `hromada check` already names the Markdown forms."""
    project, before = built
    pages = page_per_construct(project, NOT_A_FILE, "nf")
    project.write("docs/news/fine.md", page(title="Fine", people="none", body=(
        "[their site](https://other.example.net/report) and the data: women/men, 2024/2025.\n\n"
        '<a href="https://other.example.net/"><span>a link is a click, not a load</span></a>')))
    checked = check(project)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    # the check (a pre-commit hook) names each one the build would, but for attributes that only
    # rendering writes (attr_list): a commit it passes should not fail the build for what it could see
    for construct, file in pages.items():
        if construct.startswith("attr_list"):
            continue
        assert any(line.strip().startswith(f"{file}: media: ")
                   and ("a data: address" if "embedded" in construct else "contact another host") in line
                   for line in checked.stderr.splitlines()), (construct, checked.stderr)
    assert "docs/news/fine.md" not in checked.stderr  # positive control: links to other sites are fine
    named: set[str] = set()
    while len(named) < len(pages):  # what the check sees stops the build before any page is drawn
        result = project.build()
        assert result.returncode != 0 and "Traceback" not in result.output, result.output
        assert "docs/news/fine.md" not in result.output  # positive control: links and words are fine
        assert "olena" not in result.output  # the log names the host, not the file (often a name)
        assert snapshot(result.site) == before
        found = {construct for construct, file in pages.items() if construct not in named and any(
            line.strip().startswith(f"{file}: media: ")
            and ("a data: address" if "embedded" in construct else "contact another host") in line
            for line in result.output.splitlines())}
        assert found, (sorted(set(pages) - named), result.output)
        for construct in found:
            (project.root / pages[construct]).unlink()
        named |= found
    (project.root / "docs/news/fine.md").unlink()  # the project is the module's: leave it as found


SCRIPTS = {
    "script element": "<script>fetch('https://tracker.example.net/?p=' + location.pathname)</script>",
    "script src": '<script src="../img/b.png"></script>',  # a use, but any script is refused first
    "script element, svg": "<svg><script>location = '/news/' + 'gone/'</script></svg>",
    "handler": '<img src="img/b.png" alt="" onerror="this.src=\'https://cdn.example.net/x.jpg\'">',
    "handler after a quote": '<img src="img/b.png"onload=x() alt="">',
    "handler, upper case": '<p ONMOUSEOVER="x()">words</p>',
    "javascript link, markdown": "[her story](javascript:location='/news/gone/')",
    "javascript link, entity and tab": '<a href="java&#x09;script:void(0)">x</a>',
    "javascript form action": '<form action="JavaScript:x()"><button>go</button></form>',
    "srcdoc with a handler": '<iframe srcdoc="<img src=x onerror=parent.x()>"></iframe>',
}


def refused_by_check_and_build(built, constructs: dict[str, str], prefix: str, fine_body: str, expected: str,
                               attr_list_body: str, attr_word: str) -> None:
    """One page per construct: `hromada check` names each (`body: ...expected...`) and not the
    fine page (the positive control); then a page whose construct only rendering writes
    (attr_list) fails the build, naming `attr_word`, and leaves the site as it was."""
    project, before = built
    pages = page_per_construct(project, constructs, prefix)
    project.write("docs/news/fine.md", page(title="Fine", people="none", body=fine_body))
    checked = check(project)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert "docs/news/fine.md" not in checked.stderr
    for construct, file in pages.items():
        assert any(line.strip().startswith(f"{file}: body: ") and expected in line
                   for line in checked.stderr.splitlines()), (construct, checked.stderr)
    for file in pages.values():
        (project.root / file).unlink()
    project.write("docs/news/attr.md", page(title="Attr", people="none", body=attr_list_body))
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.output, result.output
    assert any(line.strip().startswith("docs/news/attr.md: body: ") and expected in line and attr_word in line
               for line in result.output.splitlines()), result.output
    assert "docs/news/fine.md" not in result.output
    assert snapshot(result.site) == before
    (project.root / "docs/news/attr.md").unlink()
    (project.root / "docs/news/fine.md").unlink()  # the project is the module's: leave it as found


def test_scripts_in_a_page_fail_the_build(built):
    """Nothing can clean what a script does when it runs: fetch from any host, go to an unpublished
    page, put a name together that no check of the text sees (page_loads.py). Each way of writing
    one is refused by check and build; words about scripts and code shown as code are fine."""
    refused_by_check_and_build(
        built, SCRIPTS, "js", expected="a page's text without scripts",
        fine_body=("The transcript of the hearing; JavaScript: the site works without it; on=off.\n\n"
                   "Code is shown, not run: `<script>x()</script>` and\n\n```html\n<img src=x onerror=y()>\n```\n\n"
                   '<p title="javascript: a primer" data-on="1">a title is words</p>'),
        attr_list_body='[go](https://example.org/){ onclick="x()" }', attr_word="onclick")


@pytest.mark.parametrize("file,front", [
    ("docs/campaigns/c.uk.md", "call_to_action:\n  - {label: Фото, url: 'https://hromada.example.org/news/img/b.png'}\n"),
    ("docs/events/e.uk.md", "start: 2027-02-01T18:00:00+02:00\ntimezone: Europe/Kyiv\n"
                            "location: {name: Hall, city: Kyiv, country: Ukraine}\nregistration: https://hromada.example.org/news/img/b.png\n"),
])
def test_a_button_to_a_picture_is_a_use_the_page_must_declare(built, file, front):
    """A campaign's button or an event's registration link drawn from front matter names a
    picture of the site as its text would: the page must declare it (here b.png, declared by
    an English page only, whose people may allow only English)."""
    project, before = built
    img = project.root / "docs/news/img"
    img.mkdir(parents=True, exist_ok=True)
    img.joinpath("b.png").write_bytes(png((0, 200, 0)))
    project.write("docs/news/pic.md", page(title="Pic", people="none", body="![b](img/b.png)",
                                           media="  - {file: img/b.png, depicts: [], faces: none, location_visible: false}\n"))
    project.write(file, "---\ntitle: Т\ndate: 2025-05-16\nsummary: S.\npeople: none\norganization: numo-sestry\n"
                        f"categories: [advocacy]\n{front}---\nТекст.\n")
    assert_refused(project, before, file, "media", "an entry declaring ../news/img/b.png, which the page uses")


ELSEWHERE = {
    "base": '<base href="https://cdn.example.net/">',
    "refresh": '<meta http-equiv="refresh" content="3;url=https://other.example.net/">',
    "svg set": '<svg><a><set attributeName="href" to="/news/gone/"/><text y="20">t</text></a></svg>',
    "svg animate": '<svg><a><animate attributeName="xlink:href" values="/news/gone/" dur="9s"/><text y="20">t</text></a></svg>',
}


def test_what_moves_a_page_elsewhere_fails_the_build(built):
    """A <base> moves every address of the page (the design's scripts were loaded from its host),
    a refresh leaves without a click, an SVG animation writes a link no check reads. The check
    (a pre-commit hook) names each one too."""
    project, before = built
    pages = page_per_construct(project, ELSEWHERE, "away")
    checked = check(project)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    for construct, file in pages.items():
        assert any(line.strip().startswith(f"{file}: body: a page's text without ") for line in checked.stderr.splitlines()), \
            (construct, checked.stderr)
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.output, result.output
    for construct, file in pages.items():
        assert any(line.strip().startswith(f"{file}: body: a page's text without ") for line in result.output.splitlines()), \
            (construct, result.output)
    assert snapshot(result.site) == before


COVERS = {
    "style element": "<style>.hx-quick-exit{display:none}</style>",
    "style element, upper case": "<STYLE>.md-header{opacity:0}</STYLE>",
    "style element, svg": "<svg><style>.hx-quick-exit{visibility:hidden}</style></svg>",
    "style element, srcdoc": '<iframe srcdoc="&lt;style&gt;p{color:red}&lt;/style&gt;"></iframe>',
    "popover": '<div id="p" popover>Drawn above everything.</div><button popovertarget="p">Open</button>',
}


def test_what_can_hide_or_cover_the_quick_exit_fails_the_build(built):
    """A page's own style sheet reaches the whole page (it can hide the quick exit, or letters
    from the deny-list); a popover is drawn above every layer. Check and build name each; inline
    styles and code about styles are fine (their layout stays inside the column: test_phone)."""
    refused_by_check_and_build(
        built, COVERS, "cover", expected="the quick exit",
        fine_body=("A style sheet and a popover are words here.\n\n```html\n<style>p{color:red}</style>\n```\n\n"
                   '<p style="font-weight:bold;width:2000px" data-popover="no">an inline style is fine</p>'),
        attr_list_body='[go](https://example.org/){ popover="auto" }', attr_word="popover")


#: What shows a reader other letters than the text holds, or in another order (a red-team review
#: kept "Zorianova" on the screen and out of the deny-list's reading with each of these).
REWORDING = {
    "flex reversed": '<span style="display:inline-flex;flex-direction:row-reverse"><span>nova</span><span>Zoria</span></span>',
    "flex order": '<span style="display:flex"><span style="order:2">nova</span><span style="order:1">Zoria</span></span>',
    "bidi isolate override": '<span style="unicode-bidi:isolate-override;direction:rtl">avonairoZ</span>',
    "character reference in a style": 'Zoria<span style="fon&#116;-size:0">q</span>nova',
    "comment in a style": 'Zoria<span style="font-size:/**/0">q</span>nova',
    "escape in a style": 'Zoria<span style="f\\6fnt-size:0">q</span>nova',
    "collapsed": 'Zoria<span style="visibility:collapse">q</span>nova',
    "clipped box": 'Zoria<span style="display:inline-block;width:0;overflow:hidden">q</span>nova',
    "tiny": 'Zoria<span style="font-size:1px">q</span>nova',
    "transparent": 'Zoria<span style="color:transparent">q</span>nova',
    "off screen": 'Zoria<span style="position:absolute;left:-9999px">q</span>nova',
    "clip path": 'Zoria<span style="clip-path:inset(50%)">q</span>nova',
    "scaled away": 'Zoria<span style="transform:scale(0)">q</span>nova',
    "lowered away": 'Zoria<span style="vertical-align:-9999px">q</span>nova',
    "floated": '<span style="float:right">Zoria</span>nova',
    "font colour": 'Zoria<font color="#fff">q</font>nova',
    "svg letters placed": '<svg><text x="52">nova</text><text x="0">Zoria</text></svg>',
    "form field": 'Zoria<input value="q">nova',
    "closed dialog": 'Zoria<dialog>q</dialog>nova',
    "noscript": 'Zoria<noscript>q</noscript>nova',
    "mathml": '<math><mtext>Zoria</mtext></math>',
    # a second review's finds: never drawn, letters added, runs reordered, letters covered
    "noembed": 'Zoria<noembed>q</noembed>nova',
    "title in the body": 'Zoria<title>q</title>nova',
    "list marker text": """<ul><li style='list-style-type:"Zoria"; list-style-position:inside'>nova</li></ul>""",
    "dir rtl runs": '<p dir="rtl"><span dir="ltr">nova</span><span dir="ltr">Zoria</span></p>',
    "bdi runs": '<p><bdi>nova</bdi><bdi>Zoria</bdi></p>',
    "border over the line above": 'Zoria<br><span style="border-top:3em solid white">x</span>',
    "thick line through": '<span style="text-decoration:line-through white;text-decoration-thickness:2em">Zoria</span>',
    # a third: the rest of the page read as plain text (markup that keeps words out of search too)
    "xmp": 'Zoria<xmp>q</xmp>nova',
    "plaintext": 'Zoria<plaintext>q',
}


def test_what_can_change_which_letters_a_reader_sees_fails_the_build(built):
    """The deny-list sees what a reader sees (consent.md, section 8) only where the page's text
    cannot hide letters or reorder them: check and build name each construct; styles that only
    weigh, underline, align, wrap, border or size boxes are a positive control."""
    refused_by_check_and_build(
        built, REWORDING, "reword", expected="hide letters or show them in another order",
        fine_body=('<p style="text-align:center; font-weight: 700" dir="ltr" title="A title">Centred</p>\n\n'
                   '<table style="border-collapse:collapse;width:100%"><tr><td style="vertical-align:top;'
                   'white-space:nowrap">cell</td></tr></table>\n\n<ol><li style="list-style-type:lower-roman">i</li></ol>\n\n'
                   '<span style="text-decoration:underline wavy; font-family:\'Noto Sans\', Arial">underlined</span> '
                   "and the words color, display, dir and svg in a sentence."),
        attr_list_body='Zoria\n{: style="color:transparent" }', attr_word="color")


def test_a_picture_is_never_redrawn_into_markup_the_checks_read_as_text(project):
    """An alt text holding '>' and a tag: the picture code must not end the tag early and
    turn the alt's text into a live element (figures.py reads tags as browsers do)."""
    img = project.root / "docs/news/img"
    img.mkdir(parents=True)
    img.joinpath("b.png").write_bytes(png((0, 200, 0)))
    media = "  - {file: img/b.png, depicts: [], faces: none, location_visible: false}\n"
    project.write("docs/news/fig.md", page(title="Fig", people="none", media=media, body=(
        '<p><picture><img src="img/b.png" alt="a>b<img src=x onerror=canaryrunzq()>"></picture></p>\n\n'
        "![plain](img/b.png)")))
    result = project.build()
    assert result.returncode == 0, result.output
    from hromada import html_tokens

    drawn = (result.site / "news/fig/index.html").read_text(encoding="utf-8")
    assert "canaryrunzq" in drawn  # still there, as the alt's text
    assert not [e for e in html_tokens.elements(drawn) if any(name == "onerror" for name, _ in e.attributes)]
    assert 'width="' in drawn  # positive control: the plain picture is sized and redrawn


def test_two_pages_at_one_address_are_refused(built):
    """`dup.md` and `dup/index.md` are both /dup/; `story/index.uk.md` would be the Ukrainian
    version of `story.md`'s address, free of its people."""
    project, before = built
    project.write("docs/dup.md", page(title="A", people="none"))
    project.write("docs/dup/index.uk.md", page(title="Б", people="none"))
    assert_refused(project, before, "docs/dup/index.uk.md", "location", "/dup/ is also the address of docs/dup.md")


def test_the_design_shows_no_picture_of_the_pages(project):
    """A favicon or logo in mkdocs.yml, or a style sheet of overrides/, naming a page's picture
    would show it on every page of every language, whatever its people allow (theme_files.py)."""
    project.person("P-0001", scope={"languages": ["uk"]})
    img = project.root / "docs/news/img"
    img.mkdir(parents=True)
    img.joinpath("face.png").write_bytes(png((200, 0, 0)))
    project.write("docs/news/b.uk.md", page(title="Б", media="  - {file: img/face.png, depicts: [P-0001], faces: blurred, "
                                                                "location_visible: false}\n", body="![a](img/face.png)"))
    result = project.build()
    assert result.returncode == 0, result.output  # positive control: the design as shipped
    before = snapshot(result.site)
    cfg = project.root / "mkdocs.yml"
    shipped = cfg.read_text(encoding="utf-8")
    cfg.write_text(shipped.replace("  font: false", "  favicon: news/img/face.png\n  font: false", 1), encoding="utf-8")
    assert_refused(project, before, "mkdocs.yml", "theme.favicon", "a picture of the design in the template folder")
    cfg.write_text(shipped, encoding="utf-8")
    css = project.root / "overrides/assets/stylesheets/hromada.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.x { background: url(../../news/img/face.png); }\n", encoding="utf-8")
    assert_refused(project, before, "overrides/assets/stylesheets/hromada.css", "design", "no picture of the pages")
    css.write_text(css.read_text(encoding="utf-8").replace(".x { background: url(../../news/img/face.png); }", ""),
                   encoding="utf-8")
    # the favicon by an encoded path, or by an address (red-team round 2)
    for value, expected in (("news/img/fac%65.png", "a picture of the design in the template folder"),
                            ("https://hromada.example.org/news/img/face.png", "not an address"),
                            ("//cdn.example.net/logo.png", "not an address")):
        cfg.write_text(shipped.replace("  font: false", f"  favicon: {value}\n  font: false", 1), encoding="utf-8")
        assert_refused(project, before, "mkdocs.yml", "theme.favicon", expected)
    cfg.write_text(shipped, encoding="utf-8")
    # a copy of a page's photo in the design folder, saved again as another format
    from PIL import Image

    photo = project.root / "docs/news/img/her.jpg"
    photo.write_bytes((REPO / "stories/self-help-leaders/img/tea-house.jpg").read_bytes())
    (project.root / "overrides/assets/images").mkdir(parents=True, exist_ok=True)
    with Image.open(photo) as im:
        im.resize((im.width // 2, im.height // 2)).save(project.root / "overrides/assets/images/hero.webp", "WEBP")
    assert_refused(project, before, "overrides/assets/images/hero.webp", "design", "the same picture as news/img/her.jpg")


def test_declared_uses_build(project):
    """Positive control for the test above: the same constructs, declared, publish."""
    project.person("P-0001")
    img = project.root / "docs/news/img"
    img.mkdir(parents=True)
    img.joinpath("a.png").write_bytes(png((200, 0, 0)))
    img.joinpath("b.png").write_bytes(png((0, 200, 0)))
    media = ("  - {file: img/a.png, depicts: [P-0001], faces: none, location_visible: false}\n"
             "  - {file: img/b.png, depicts: [], faces: none, location_visible: false}\n")
    refused_anyway = ("site-absolute", "absolute with host", "absolute with www", "meta refresh", "style element", "css import",  # <style>: COVERS
                      "input image", "form action", "svg image href", "svg xlink", "svg use",  # REWORDING: fields, SVG,
                      "style attribute", "style attribute quoted", "css escape")  # and styles beyond STYLE_ALLOWED
    relative = {k: v for k, v in HTML_USES.items() if k not in refused_anyway}
    project.write("docs/news/p.md", page(media=media, body="\n\n".join(relative.values())))
    result = project.build()
    assert result.returncode == 0, result.output
    assert (result.site / "news/img/a.png").is_file()


def test_a_file_has_one_set_of_facts(built):
    project, before = built
    img = project.root / "docs/news/img"
    img.mkdir(parents=True, exist_ok=True)
    img.joinpath("a.png").write_bytes(png())
    project.write("docs/news/p.md", page(media="  - {file: img/a.png, depicts: [P-0001], faces: blurred, location_visible: false}\n",
                                         body="![x](img/a.png)"))
    project.write("docs/news/q.md", page(title="Q", people="none", body="![x](img/a.png)",
                                         media="  - {file: img/a.png, depicts: [], faces: none, location_visible: false}\n"))
    assert_refused(project, before, "docs/news/q.md", "media[0]", "the same facts as docs/news/p.md")


def test_the_same_bytes_under_another_name_are_the_same_picture(built):
    project, before = built
    img = project.root / "docs/news/img"
    img.mkdir(parents=True, exist_ok=True)
    img.joinpath("anna.png").write_bytes(png())
    img.joinpath("crowd.png").write_bytes(png())
    project.write("docs/news/p.md", page(media="  - {file: img/anna.png, depicts: [P-0001], faces: blurred, location_visible: false}\n",
                                         body="![x](img/anna.png)"))
    project.write("docs/news/q.md", page(title="Q", people="none", body="![x](img/crowd.png)",
                                         media="  - {file: img/crowd.png, depicts: [], faces: none, location_visible: false}\n"))
    assert_refused(project, before, "docs/news/q.md", "media[0]", "the same picture as news/img/anna.png")


@pytest.mark.parametrize("variant", ["byte appended", "saved again", "as PNG, a pixel narrower", "half size, grey"])
def test_the_same_photo_in_other_bytes_is_the_same_picture(built, variant):
    """A withdrawn person's photo exported again from the phone's library, re-saved, cropped
    by a pixel or made grey: its bytes differ, its picture does not (likeness.py). Declared
    `depicts: []` on another page it is the same picture with other facts: one line, nothing
    published (red-team finding 3). A different photo with other facts goes (control)."""
    import io

    from PIL import Image, ImageOps

    project, before = built
    img = project.root / "docs/news/img"
    img.mkdir(parents=True, exist_ok=True)
    original = REPO / "stories/self-help-leaders/img/tea-house.jpg"
    img.joinpath("her.jpg").write_bytes(original.read_bytes())
    with Image.open(original) as im:
        im.load()
        buf, name = io.BytesIO(), "copy.jpg"
        if variant == "byte appended":
            buf.write(original.read_bytes() + b"\x00")
        elif variant == "saved again":
            im.save(buf, "JPEG", quality=95)
        elif variant == "as PNG, a pixel narrower":
            im.crop((1, 0, im.width, im.height)).save(buf, "PNG")
            name = "copy.png"
        else:
            ImageOps.grayscale(im.resize((im.width // 2, im.height // 2))).save(buf, "JPEG", quality=70)
    img.joinpath(name).write_bytes(buf.getvalue())
    project.write("docs/news/p.md", page(media="  - {file: img/her.jpg, depicts: [P-0001], faces: blurred, location_visible: false}\n",
                                         body="![x](img/her.jpg)"))
    project.write("docs/news/q.md", page(title="Q", people="none", body=f"![x](img/{name})",
                                         media=f"  - {{file: img/{name}, depicts: [], faces: none, location_visible: false}}\n"))
    assert_refused(project, before, "docs/news/q.md", "media[0]", "the same picture as news/img/her.jpg")
    other = REPO / "stories/self-help-leaders/img/bakery.jpg"
    img.joinpath(name).unlink()
    img.joinpath("other.jpg").write_bytes(other.read_bytes())
    project.write("docs/news/q.md", page(title="Q", people="none", body="![x](img/other.jpg)",
                                         media="  - {file: img/other.jpg, depicts: [], faces: none, location_visible: false}\n"))
    result = project.build()
    assert result.returncode == 0, result.output


def _copies(photo, folder):
    """A careless editor's copies of a photo: cut, framed, turned, mirrored (a red-team review)."""
    from PIL import Image, ImageOps

    def cut(im, r):
        return im.crop((int(im.width * r), int(im.height * r), int(im.width * (1 - r)), int(im.height * (1 - r))))

    edits = {"a twentieth cut from each side": lambda im: cut(im, .05), "a tenth cut from each side": lambda im: cut(im, .1),
             "in a white frame": lambda im: ImageOps.expand(im, border=(im.width // 10, im.height // 10), fill="white"),
             "in a black frame": lambda im: ImageOps.expand(im, border=(im.width // 20, im.height // 20), fill="black"),
             "turned a quarter": lambda im: im.transpose(Image.Transpose.ROTATE_90), "mirrored": ImageOps.mirror,
             "a tenth cut from the left": lambda im: im.crop((im.width // 10, 0, im.width, im.height)),
             "cut and turned": lambda im: cut(im, .05).transpose(Image.Transpose.ROTATE_270)}
    with Image.open(photo) as im:
        im = im.convert("RGB")
        for name, edit in edits.items():
            path = folder / f"{photo.stem}-{len(name)}-{name[:6]}.jpg"
            edit(im).save(path, "JPEG", quality=85)
            yield name, path


def test_a_cut_framed_turned_or_mirrored_copy_is_the_same_picture(tmp_path):
    """likeness.py: a copy a tenth cut, framed, turned or mirrored shows the same picture (a
    red-team review found 23 to 64 bits between such copies and their photo). The review's
    photo is found in every copy; over all the example's photos, at most one copy in 56 is
    missed (measured: forum-hall.jpg in a white frame, 20 bits); no two of the photos are
    alike (the control: more hashes must not make different pictures one)."""
    from itertools import combinations

    from hromada import likeness

    photos = sorted({p for p in REPO.glob("*/**/img/*.jpg") if "site" not in p.parts})
    assert len(photos) >= 7
    seen = {p: likeness.of(p) for p in photos}
    missed = []
    for photo in photos:
        for name, copy in _copies(photo, tmp_path):
            if not likeness.alike(seen[photo], likeness.of(copy)):
                missed.append(f"{photo.name}: {name}")
    assert not [m for m in missed if m.startswith("tea-house.jpg")], missed
    assert len(missed) <= 1, missed
    assert not [(a.name, b.name) for a, b in combinations(photos, 2) if likeness.alike(seen[a], seen[b])]
    groups = likeness.groups({**{p.name: seen[p] for p in photos},
                              **{f"copy {n}": likeness.of(c) for n, c in _copies(REPO / "stories/self-help-leaders/img/tea-house.jpg", tmp_path)}})
    assert {groups[f"copy {n}"] for n, _ in _copies(REPO / "stories/self-help-leaders/img/tea-house.jpg", tmp_path)} == {groups["tea-house.jpg"]}
    assert len(set(groups.values())) == len(photos)  # the copies joined their photo, and nothing else joined


def test_alike_pictures_are_found_without_comparing_every_pair():
    """Groups by likeness: alike hashes share a slice; flat pictures are alike only in colour."""
    from hromada import likeness

    base = likeness.Likeness(bits=(1 << 256) - 1 - (0xF0F0 << 40), structured=True, colours=bytes(48))
    near = likeness.Likeness(bits=base.bits ^ sum(1 << (13 * k) for k in range(likeness.MAX_BITS)), structured=True,
                             colours=bytes([200] * 48))
    far = likeness.Likeness(bits=base.bits ^ sum(1 << (13 * k + 1) for k in range(likeness.MAX_BITS + 1)), structured=True,
                            colours=bytes(48))
    assert likeness.alike(base, near) and not likeness.alike(base, far)
    flat_red = likeness.Likeness(bits=0, structured=False, colours=bytes([200, 0, 0] * 16))
    flat_blue = likeness.Likeness(bits=0, structured=False, colours=bytes([0, 0, 200] * 16))
    flat_red_too = likeness.Likeness(bits=3, structured=False, colours=bytes([190, 5, 0] * 16))
    assert likeness.groups({"a": base, "b": near, "c": far, "r": flat_red, "s": flat_blue, "t": flat_red_too}) == {
        "a": "a", "b": "a", "c": "c", "r": "r", "s": "s", "t": "r"}


# --- 5. contradictions ----------------------------------------------------------------------
def test_withdrawn_date_with_status_given_is_an_error(built):
    project, before = built
    project.person("P-0001", consent={"withdrawn": "2026-05-01"})
    project.write("docs/news/p.md", page())
    assert_refused(project, before, "consent/people/P-0001.yml", "consent.status", "withdrawn", quotes_a_record=True)


def test_location_visible_for_someone_whose_location_is_none(built):
    project, before = built
    project.person("P-0001", scope={"location": "none"})
    (project.root / "docs/news/img").mkdir(parents=True, exist_ok=True)
    (project.root / "docs/news/img/a.png").write_bytes(png())
    project.write("docs/news/p.md", page(media="  - {file: img/a.png, depicts: [P-0001], faces: none, location_visible: true}\n",
                                         body="![x](img/a.png)"))
    assert_refused(project, before, "docs/news/p.md", "media[0].location_visible", "location: none")


@pytest.mark.parametrize("path", ["../../mkdocs.yml.png", "../../stories/s/img/a.png", "../../../outside.png"])
def test_media_paths_stay_inside_the_content_folder(built, path):
    project, before = built
    for target in (project.root / "mkdocs.yml.png", project.root / "stories/s/img/a.png", project.root.parent / "outside.png"):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png())
    project.write("docs/news/p.md", page(people="none", media=f"  - {{file: '{path}', depicts: [], faces: none, location_visible: false}}\n"))
    assert_refused(project, before, "docs/news/p.md", "media[0].file", "stays inside docs/")


# --- 6. time is an instant ----------------------------------------------------------------
def test_expiry_is_decided_by_the_instant_in_the_site_time_zone():
    from hromada import publication
    from test_rules import make_doc, person

    doc = make_doc(people=("P-1",))
    people = {"P-1": person(expires=date(2026, 11, 24))}
    kyiv = ZoneInfo("Europe/Kyiv")
    same_instant = [datetime.fromisoformat("2026-11-23T23:30:00+00:00"), datetime.fromisoformat("2026-11-24T01:30:00+02:00"),
                    datetime.fromisoformat("2026-11-23T18:30:00-05:00")]
    decisions = {publication.decide(doc, doc.people, people, now, kyiv).published for now in same_instant}
    assert decisions == {False}  # 01:30 on the 24th in Kyiv: expired, however the clock is written
    earlier = datetime.fromisoformat("2026-11-23T21:30:00+00:00")  # 23:30 on the 23rd in Kyiv
    assert publication.decide(doc, doc.people, people, earlier, kyiv).published
    assert {publication.decide(doc, doc.people, people, now, timezone.utc).published for now in same_instant} == {True}


# --- 7. no trace, no inference -------------------------------------------------------------
def series(project, withdrawn_middle=True):
    project.person("P-0001")
    project.person("P-0002", **({"consent": {"status": "withdrawn", "withdrawn": "2026-01-01"}} if withdrawn_middle else {}))
    project.write("stories/voices/index.md", "---\ntitle: Voices\nsummary: A series.\npeople: none\n---\nSeries.\n")
    for n, ref in ((1, "P-0001"), (2, "P-0002"), (3, "P-0001")):
        slug = "canaryslugzq-olena" if n == 2 else f"part-{n}"
        project.write(f"stories/voices/0{n}-{slug}.md", page(title=f"Part title {n}", people=f"[{ref}]",
                                                             date_=f"2025-0{n}-01", body=f"Story {n}."))
    project.write("docs/news/links.md", GOOD_NEWS.replace(
        "Body.", "See [her story](../stories/voices/02-canaryslugzq-olena.md) and [this](/stories/voices/02-canaryslugzq-olena/) "
                 "and [the first](../stories/voices/01-part-1.md)."))


def test_series_counts_only_published_parts_and_links_to_excluded_pages_become_text(project):
    series(project)
    result = project.build()
    assert result.returncode == 0, result.output
    third = (result.site / "stories/voices/part-3/index.html").read_text(encoding="utf-8")
    assert "Part 2 of 2" in third and "of 3" not in third
    index = (result.site / "stories/voices/index.html").read_text(encoding="utf-8")
    assert "Part title 1" in index and "Part title 3" in index and 'value="3"' not in index
    assert outputs_with(result.site, "canaryslugzq") == []
    loud = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(project.root / "site2")], cwd=project.root,
                          capture_output=True, text=True, env={**os.environ, "HROMADA_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"})
    assert loud.returncode == 0 and "Documentation built" in loud.stdout + loud.stderr  # control: INFO lines are shown
    assert "canaryslugzq" not in loud.stdout + loud.stderr  # no public build log names the excluded page
    news = (result.site / "news/links/index.html").read_text(encoding="utf-8")
    assert "her story" in news and "voices/part-1/" in news  # text kept; a published target stays a link
    report = (project.root / "reports/build-report.md").read_text(encoding="utf-8")
    assert "docs/news/links.md linked to stories/voices/02-canaryslugzq-olena.md" in report
    # addresses carry no part number (01, 03: a gap): not in a file's name, not in any text
    # (links, feeds' ids, the sitemap, the search index, the manifest's reasons)
    assert outputs_with(result.site, "voices/0") == [] and outputs_with(result.site, "03-part") == []
    assert {"feed/rss.xml", "sitemap.xml", "hromada-manifest.json"} <= set(outputs_with(result.site, "voices/part-3/"))  # control


def test_two_parts_of_a_series_left_with_one_name_are_refused(project):
    """Without its number a part's address is its name: two parts named alike would share it."""
    project.person("P-0001")
    project.write("stories/voices/index.md", "---\ntitle: Voices\nsummary: A series.\npeople: none\n---\nSeries.\n")
    for n in (1, 2):
        project.write(f"stories/voices/0{n}-visit.md", page(title=f"Visit {n}", people="[P-0001]", date_=f"2025-0{n}-01"))
    result = project.build()
    assert result.returncode != 0
    for n, other in ((1, 2), (2, 1)):
        assert (f"stories/voices/0{n}-visit.md: location: a page address of its own; /stories/voices/visit/ is also the "
                f"address of stories/voices/0{other}-visit.md") in result.output


def test_positive_control_all_parts_published(project):
    series(project, withdrawn_middle=False)
    result = project.build()
    assert result.returncode == 0, result.output
    assert "Part 3 of 3" in (result.site / "stories/voices/part-3/index.html").read_text(encoding="utf-8")
    assert "news/links/index.html" in outputs_with(result.site, "canaryslugzq-olena/")
    assert outputs_with(result.site, "voices/0") == []  # numbers left out even without a gap


# --- 9. plain text stays text ---------------------------------------------------------------
XSS_TITLE = '<img src=x onerror="document.title=1">Hostile "title"'
XSS_SUMMARY = '"><script>window.hxPwned=1</script> & more'


def test_plain_text_fields_are_escaped_in_every_output(project):
    text = GOOD_NEWS.replace("title: Good news", f"title: '{XSS_TITLE}'").replace(
        "summary: A fine item.", f"summary: '{XSS_SUMMARY}'").replace("people: none", "people: none\ncategories: [advocacy]")
    project.write("docs/news/x.md", text)
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "advocacy: {en: Advocacy,", "advocacy: {en: '<b onmouseover=alert(1)>Advocacy</b>',"), encoding="utf-8")
    result = project.build()
    assert result.returncode == 0, result.output
    texts = all_output_text(result.site)
    assert any("Hostile" in t for rel, t in texts.items() if rel.endswith(".html"))  # control
    feed = json.loads(texts["feed/feed.json"])
    assert feed["items"][0]["title"] == XSS_TITLE  # JSON Feed titles are plain text by definition: not escaped twice
    for rel, t in texts.items():
        if rel.endswith((".html", ".xml", ".ics")) and not rel.startswith("pagefind/"):
            assert "<img src=x" not in t and "<script>window.hxPwned" not in t and "<b onmouseover" not in t, rel


HOME = "---\ntitle: Welcome\nsummary: Who we are.\npeople: {people}\n{extra}---\n{body}\n"


@pytest.mark.parametrize("held", ["consent withdrawn", "draft", "consent for English only", "no translation"])
def test_a_home_page_is_never_drawn_where_it_is_not_published(project, held):
    """Where no home page is published in a language, the build draws one from the listings,
    under the same source name (index.md) as the content home page: that page's text, and a
    preview banner saying why it is held back, must never be drawn into it (a reviewer found
    both in every language's home, and the text in the search index)."""
    people, extra = "none", ""
    if held == "draft":
        extra = "draft: true\n"
    elif held == "consent withdrawn":
        people = "[P-0001]"
        project.person("P-0001", consent={"status": "withdrawn", "withdrawn": "2026-01-01"})
    elif held == "consent for English only":
        people = "[P-0001]"
        project.person("P-0001", scope={"languages": ["en"]})
    project.write("docs/index.md", HOME.format(people=people, extra=extra, body="Zorhomemark lives in Kherson."))
    project.write("docs/news/good.md", GOOD_NEWS)
    result = project.build()
    assert result.returncode == 0 and "Traceback" not in result.output, result.output
    site = result.site
    for lang in ("", "uk/", "ru/", "tg/"):  # every language still has a home page, drawn from the listings
        assert (site / lang / "index.html").is_file(), lang
    assert "news/good/index.html" in outputs_with(site, "Good news"), "positive control: the search finds pages"
    found = outputs_with(site, "Zorhomemark")
    banners = [rel for rel in outputs_with(site, "hx-preview-banner") if not rel.endswith(".css")]
    assert banners == [], banners
    if held in ("consent for English only", "no translation"):  # published in English, and only there
        assert "index.html" in found and any(rel.startswith("pagefind/") for rel in found), found
        assert [rel for rel in found if not rel.startswith("pagefind/") and rel != "index.html"] == [], found
        assert all("x-en_" in rel or "/hx/en_" in rel for rel in found if rel.startswith("pagefind/")), found
    else:
        assert found == [], found


def test_a_picture_named_like_a_translation_is_refused_and_its_fix_works(project):
    """img/a.uk.png beside img/a.png: static-i18n shows it instead of img/a.png on the Ukrainian
    pages, whose media entry names img/a.png and that file's facts; the gate never published it,
    so the Ukrainian page showed a broken picture without a word. Now one line, and the fix the
    line suggests (a name of its own, declared) publishes it."""
    img = project.root / "docs/news/img"
    img.mkdir(parents=True)
    img.joinpath("a.png").write_bytes(png((200, 0, 0)))
    img.joinpath("a.uk.png").write_bytes(png((0, 0, 200)))
    media = "  - {file: img/a.png, depicts: [], faces: none, location_visible: false}\n"
    project.write("docs/news/p.md", page(title="P", people="none", media=media, body="![x](img/a.png)"))
    project.write("docs/news/p.uk.md", page(title="П", people="none", media=media, body="![x](img/a.png)"))
    expected = "docs/news/img/a.uk.png: file name: a picture or video name without a language suffix"
    result, checked = project.build(), check(project)
    assert result.returncode != 0 and "Traceback" not in result.output and expected in result.output, result.output
    assert checked.returncode == 1 and expected in checked.stderr and "e.g. a-uk.png" in checked.stderr
    img.joinpath("a.uk.png").rename(img / "a-uk.png")
    project.write("docs/news/p.uk.md", page(title="П", people="none", body="![x](img/a-uk.png)",
                                            media=media.replace("img/a.png", "img/a-uk.png")))
    result = project.build()
    assert result.returncode == 0, result.output
    assert (result.site / "news/img/a-uk.png").is_file()
    assert 'src="../../../news/img/a-uk.png"' in (result.site / "uk/news/p/index.html").read_text(encoding="utf-8")
