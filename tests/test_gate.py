"""Consent errors, the deny-list, atomic output, `hromada check` and `hromada verify`."""
from __future__ import annotations

import subprocess
import sys

import pytest

from hromada.log_privacy import WRITTEN_KEY

from test_errors import GOOD_NEWS, snapshot

PERSON_PAGE = """\
---
title: About Anna
date: 2025-05-16
summary: A story.
people: [P-0001]
{extra}---
Body {body}
"""


@pytest.fixture
def built(project):
    project.write("docs/news/good.md", GOOD_NEWS)
    project.person("P-0001")
    result = project.build()
    assert result.returncode == 0, result.output
    return project, snapshot(result.site)


CONSENT_ERRORS = {
    "ref without record": (
        {"people": "[P-9999]"}, "", "", "docs/news/p.md", "people", "consent/people/P-9999.yml"),
    "image not declared": ({}, "", "![x](img/a.jpg)", "docs/news/p.md", "media", "img/a.jpg"),
    "depicts not in people": (
        {}, "media:\n  - {file: img/a.jpg, depicts: [P-0002], faces: none, location_visible: false}\n",
        "![x](img/a.jpg)", "docs/news/p.md", "media[0].depicts", "people"),
    "face beyond consent": (
        {}, "media:\n  - {file: img/a.jpg, depicts: [P-0001], faces: visible, location_visible: false}\n",
        "![x](img/a.jpg)", "docs/news/p.md", "media[0].faces", "at most 'blurred'"),
}


@pytest.mark.parametrize("case", sorted(CONSENT_ERRORS))
def test_consent_errors_fail_the_build(built, case):
    project, before = built
    override, extra, body, file, key, expected = CONSENT_ERRORS[case]
    text = PERSON_PAGE.format(extra=extra, body=body)
    if "people" in override:
        text = text.replace("people: [P-0001]", f"people: {override['people']}")
    project.write("docs/news/img/a.jpg", "not really an image")
    project.write("docs/news/p.md", text)
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.output
    if case == "ref without record":  # about someone unknown: a public build log does not name it (log_privacy.py)
        assert file not in result.output and any(line.strip().startswith("a problem in docs/news/ naming a page that is "
                                                                          "not published") and line.endswith(f": {key}")
                                                 for line in result.output.splitlines()), result.output
    else:
        assert any(line.strip().startswith(f"{file}: {key}: ") and expected in line
                   for line in result.output.splitlines()), result.output
    assert snapshot(result.site) == before


@pytest.mark.parametrize("record,key", [
    ({"minor": True, "scope": {"identity": "first_name"}, "consent": {"given_by": "self+guardian"}}, "scope.identity"),
    ({"minor": True, "scope": {"face": "visible", "identity": "pseudonym"}, "consent": {"given_by": "self+guardian"}}, "scope.face"),
    ({"minor": True, "consent": {"given_by": "self"}}, "consent.given_by"),
    ({"consent": {"status": "withdrawn"}}, "consent.withdrawn"),
    ({"consent": {"date": "2025-02-30"}}, "consent.date"),
    ({"scope": {"channels": ["web", "telegram"]}}, "scope.channels"),
    ({"nickname": "x"}, WRITTEN_KEY),  # a public log never prints a key the editor wrote (log_privacy.py)
])
def test_register_errors_fail_the_build(built, record, key):
    project, before = built
    project.person("P-0001", **record)
    project.write("docs/news/p.md", PERSON_PAGE.format(extra="", body=""))
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.output
    assert f"consent/people/P-0001.yml: {key}: " in result.output, result.output
    assert snapshot(result.site) == before


def test_denylist_hit_fails_without_printing_the_term(built, tmp_path):
    project, before = built
    project.write("docs/news/leak.md", GOOD_NEWS.replace("Body.", "Met Secretname Village at noon."))
    denylist = tmp_path / "deny.txt"
    denylist.write_text("# private\n\nnot-present\nsecretname village\n")
    result = project.build(HROMADA_DENYLIST=str(denylist))
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "news/leak/index.html: matches deny-list entry on line 4" in result.output
    assert "secretname" not in result.output.lower()
    assert snapshot(result.site) == before
    # and with the term gone the same build passes
    project.write("docs/news/leak.md", GOOD_NEWS)
    assert project.build(HROMADA_DENYLIST=str(denylist)).returncode == 0


def test_denylist_scans_file_names_and_escaped_json(tmp_path):
    from hromada import denylist

    site = tmp_path / "site"
    (site / "uk/олена-story").mkdir(parents=True)
    (site / "search.json").write_text('{"t": "\\u041e\\u043b\\u0435\\u043d\\u0430"}')
    (site / "uk/олена-story/index.html").write_text("<p>nothing</p>")
    terms = [(1, "олена")]
    hits = [str(h) for h in denylist.scan(site, terms)]
    assert "search.json: matches deny-list entry on line 1" in hits
    assert "uk/[a name on the deny-list]: matches deny-list entry on line 1" in hits  # the name is withheld
    assert not any("олена" in hit for hit in hits)


def test_verify_refuses_a_site_built_without_hooks(built, tmp_path):
    project, _ = built
    cli = [sys.executable, "-m", "hromada.cli", "verify"]
    ok = subprocess.run([*cli, str(project.root / "site")], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    # the same content built by plain MkDocs, hooks removed from the configuration
    cfg = project.root / "mkdocs.yml"
    cfg.write_text(cfg.read_text().replace("hooks:\n  - hooks/hromada_hooks.py\n", ""))
    plain = tmp_path / "plain"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg), "-d", str(plain)],
                   cwd=project.root, capture_output=True, text=True)
    bad = subprocess.run([*cli, str(plain)], capture_output=True, text=True)
    assert bad.returncode == 1 and "hromada-manifest.json" in bad.stderr
    # a file slipped into a good site afterwards is refused too
    (project.root / "site/extra.html").write_text("<p>hand-made</p>")
    bad = subprocess.run([*cli, str(project.root / "site")], capture_output=True, text=True)
    assert bad.returncode == 1 and "extra.html: not in the manifest" in bad.stderr


def test_check_command_on_good_and_bad_content(built):
    project, _ = built
    cli = [sys.executable, "-m", "hromada.cli", "check", "-f", str(project.root / "mkdocs.yml")]
    good = subprocess.run(cli, capture_output=True, text=True)
    assert good.returncode == 0 and "are valid" in good.stdout, good.stderr
    project.write("docs/news/bad.md", "---\ntitle: B\ndate: 2025-01-01\nsummary: s\npeople: [P-0404]\n---\n")
    bad = subprocess.run(cli, capture_output=True, text=True)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert "docs/news/bad.md: people: a consent record consent/people/P-0404.yml" in bad.stderr


def test_the_template_folder_gives_the_site_design_files_only(project):
    """MkDocs copies every file beside the templates: a note, a document or a phone photo
    left in overrides/ is refused, named, and nothing is published; design files still go."""
    project.write("docs/news/good.md", GOOD_NEWS)
    assets = project.root / "overrides/assets"
    (assets / "images").mkdir(parents=True, exist_ok=True)
    from PIL import Image

    Image.new("RGB", (8, 8), (10, 20, 30)).save(assets / "images/logo.png")
    result = project.build()
    assert result.returncode == 0, result.output
    assert (result.site / "assets/images/logo.png").is_file()  # positive control: a design image goes
    (assets / "olena.txt").write_text("Olena Kovalenko, village Zarichne", encoding="utf-8")
    (assets / "images/notes.HEIC").write_bytes(b"\x00\x00\x00\x18ftypheic")
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "overrides/assets/olena.txt: theme file: a stylesheet, script, font, icon or image" in result.output
    assert "overrides/assets/images/notes.HEIC: theme file:" in result.output
    from conftest import all_output_text

    assert not any("Zarichne" in text for text in all_output_text(result.site).values())  # the last site, unchanged


def test_the_designs_pictures_are_re_encoded_and_its_drawings_embed_no_file(project):
    """A design's photo keeps no metadata, wherever the camera put it (EXIF GPS, an Extended-XMP
    segment): it is re-encoded like the pages' pictures. A drawing or stylesheet carrying a
    photo inside it as base64 is refused in one line (it would be published unchecked); a font
    inside a stylesheet is not a photo and goes (red-team findings)."""
    import base64

    from PIL import Image

    from conftest import all_output_text
    from hromada import images
    from test_consent import jpeg_with_gps

    project.write("docs/news/good.md", GOOD_NEWS)
    assets = project.root / "overrides/assets/images"
    assets.mkdir(parents=True, exist_ok=True)
    photo = jpeg_with_gps("theme")
    xmp = b"http://ns.adobe.com/xmp/extension/\x00" + b"0" * 32 + b"\x00\x00\x01\x00\x00\x00\x00\x00" + \
        b'<x:xmpmeta><rdf:Description exif:GPSLatitude="50,27.0N" exif:GPSLongitude="30,31.0E"/></x:xmpmeta>'
    extended = photo[:2] + b"\xff\xe1" + (len(xmp) + 2).to_bytes(2, "big") + xmp + photo[2:]
    (assets / "bg.jpg").write_bytes(extended)
    assert images.metadata_in(extended)  # positive control: the file as committed carries it
    (project.root / "overrides/assets/stylesheets").mkdir(parents=True, exist_ok=True)
    font = base64.b64encode(b"wOF2" + b"\x00" * 32).decode()
    (project.root / "overrides/assets/stylesheets/fonts.css").write_text(
        f"@font-face{{font-family:X;src:url(data:font/woff2;base64,{font}) format('woff2')}}", encoding="utf-8")
    result = project.build()
    assert result.returncode == 0, result.output
    published = (result.site / "assets/images/bg.jpg").read_bytes()
    assert images.metadata_in(published) == [] and b"GPS" not in published and b"CanaryCam" not in published
    with Image.open(result.site / "assets/images/bg.jpg") as im:
        assert im.size == (64, 48)  # the same picture, its pixels alone
    assert "data:font/woff2;base64" in all_output_text(result.site)["assets/stylesheets/fonts.css"]
    embedded = base64.b64encode(photo).decode()
    for rel, text in (("overrides/assets/images/hero.svg",
                       f'<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/jpeg;base64,{embedded}"/></svg>'),
                      ("overrides/assets/stylesheets/hero.css", f"body{{background:url('data&#58;image/jpeg;base64,{embedded}')}}"),
                      ("overrides/assets/images/nested.svg",
                       '<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/svg+xml;base64,PHN2Zz4="/></svg>')):
        project.write(rel, text)
        refused = project.build()
        assert refused.returncode != 0 and "Traceback" not in refused.output
        lines = [l.strip() for l in refused.output.splitlines() if rel in l]
        assert len(lines) == 1 and f"{rel}: theme file: no file embedded as a data: address" in lines[0], lines
        (project.root / rel).unlink()


def test_a_picture_under_a_fonts_or_an_icons_name_is_refused(project):
    """The gate cleans a design's pictures by their names: a camera JPEG renamed brand.woff2,
    or a withdrawn woman's photo saved as an icon, would go out as it is (a red-team review).
    A font must begin as fonts do, .ico is not taken, and the output gate reads what every
    file holds: a picture under another name is refused there too."""
    from test_consent import jpeg_with_gps

    from hromada import output

    project.write("docs/news/good.md", GOOD_NEWS)
    fonts = project.root / "overrides/assets/fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    (fonts / "real.woff2").write_bytes(b"wOF2" + b"\x00" * 60)
    (fonts / "real.ttf").write_bytes(b"\x00\x01\x00\x00" + b"\x00" * 60)
    result = project.build()
    assert result.returncode == 0, result.output
    assert (result.site / "assets/fonts/real.woff2").is_file()  # positive control: fonts go
    (fonts / "brand.woff2").write_bytes(jpeg_with_gps("font"))
    (project.root / "overrides/touch-icon.ico").write_bytes(b"\x00\x00\x01\x00" + b"\x00" * 60)
    refused = project.build()
    assert refused.returncode != 0 and "Traceback" not in refused.output
    assert "overrides/assets/fonts/brand.woff2: theme file: a font, as its name says (.woff2)" in refused.output
    assert "overrides/touch-icon.ico: theme file: a stylesheet, script, font, icon or image" in refused.output
    assert not (result.site / "assets/fonts/brand.woff2").exists()  # the last site, unchanged
    # the output gate, by itself: what a file holds, not its name
    site = project.root / "out"
    (site / "a").mkdir(parents=True)
    (site / "a/brand.woff2").write_bytes(jpeg_with_gps("font"))
    (site / "a/x.js").write_bytes(b"BMW = 1;")  # begins like a bitmap, is not one
    (site / "a/real.woff2").write_bytes(b"wOF2" + b"\x00" * 60)
    assert output.image_problems(site, ["a/brand.woff2", "a/x.js", "a/real.woff2"]) == \
        ["a/brand.woff2: a JPEG picture under another kind's name: published as it is, unchecked"]


@pytest.mark.parametrize("minor", ["no", None, "unknown"])
def test_an_unclear_minor_is_one_line(built, minor):
    """A missing or quoted `minor` refuses the record in one line; the minor rules (given_by,
    identity) added a second line about a mistake staff had not made."""
    project, before = built
    project.person("P-0001", minor=minor, consent={"given_by": "self"}, scope={"identity": "real"})
    if minor is None:
        path = project.root / "consent/people/P-0001.yml"
        path.write_text("\n".join(l for l in path.read_text().splitlines() if not l.startswith("minor:")) + "\n")
    project.write("docs/news/p.md", PERSON_PAGE.format(extra="", body=""))
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.output
    lines = [l.strip() for l in result.output.splitlines() if "consent/people/P-0001.yml:" in l]
    if minor is None:
        assert len(lines) == 1 and lines[0].startswith("consent/people/P-0001.yml: minor: true or false"), lines
    else:  # the line quotes the record ('no'): a public build log gives its file and key (log_privacy.py)
        assert lines == ["consent/people/P-0001.yml: minor: (what the record holds is kept out of build logs, which "
                         "are often public; `hromada check` shows the line)"], lines
    assert snapshot(result.site) == before


def test_verify_scans_for_the_deny_list_when_it_is_set(built, tmp_path):
    """A folder edited after its build, manifest and all, passes every hash: with HROMADA_DENYLIST
    set (CI's deploy step), `hromada verify` also reads every file for the private terms."""
    project, _ = built
    site = project.root / "site"
    deny, absent = tmp_path / "deny.txt", tmp_path / "absent.txt"
    deny.write_text("Good news\n", encoding="utf-8")  # on the built site: GOOD_NEWS's title
    absent.write_text("Zorianova\n", encoding="utf-8")

    def verify(denylist: Path | None) -> subprocess.CompletedProcess:
        env = {k: v for k, v in __import__("os").environ.items() if k != "HROMADA_DENYLIST"}
        if denylist is not None:
            env["HROMADA_DENYLIST"] = str(denylist)
        return subprocess.run([sys.executable, "-m", "hromada.cli", "verify", str(site)], capture_output=True,
                              text=True, env=env)

    plain, clean, hit = verify(None), verify(absent), verify(deny)
    assert plain.returncode == 0 and "deny-list" not in plain.stdout
    assert clean.returncode == 0 and "none holds a deny-list term" in clean.stdout
    assert hit.returncode == 1 and "must not be deployed" in hit.stderr and "news/good/index.html: matches deny-list entry on line 1" in hit.stderr
    assert "good news" not in hit.stderr.lower()


def test_only_markdown_extensions_that_read_nothing_else_are_taken(project):
    """pymdownx.snippets would pull any file of the repository into a page (a withdrawn story,
    the consent register), pymdownx.b64 an undeclared picture: an extension outside the known
    list is one line in check and build, and nothing is published (red-team round 2)."""
    project.write("docs/news/good.md", GOOD_NEWS)
    result = project.build()
    assert result.returncode == 0, result.output  # positive control: the extensions as shipped
    config = project.root / "mkdocs.yml"
    shipped = config.read_text(encoding="utf-8")
    for extension in ("pymdownx.snippets", "pymdownx.b64"):
        config.write_text(shipped.replace("  - admonition\n", f"  - admonition\n  - {extension}\n", 1), encoding="utf-8")
        refused = project.build()
        assert refused.returncode != 0 and "Traceback" not in refused.output
        lines = [l for l in refused.output.splitlines() if "markdown_extensions" in l]
        assert len(lines) == 1 and f"found {extension}" in lines[0], refused.output
    config.write_text(shipped.replace("  - admonition\n", "  - admonition\n  - footnotes\n", 1), encoding="utf-8")
    assert project.build().returncode == 0  # a known one goes


def test_a_verbose_build_log_names_no_excluded_file(project):
    """`mkdocs build -v` in a public CI log: static-i18n's debug lines named every file, a
    draft's and an unused picture's among them (red-team round 2). Other debug lines stay."""
    import os

    from conftest import NOW

    project.write("docs/news/good.md", GOOD_NEWS)
    project.write("docs/news/canarydraftzq.md", GOOD_NEWS.replace("title:", "draft: true\ntitle:", 1))
    (project.root / "docs/news/img").mkdir(parents=True, exist_ok=True)
    (project.root / "docs/news/img/canarypicturezq.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-v", "-d", str(project.root / "site")],
                            cwd=project.root, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "HROMADA_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"})
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "DEBUG" in log and "news/good" in log  # positive controls: a verbose log, naming published pages
    assert "canarydraftzq" not in log and "canarypicturezq" not in log
