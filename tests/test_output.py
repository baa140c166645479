"""The output gate in detail: image cleaning per format, reports across builds, preview."""
from __future__ import annotations

import io
import re
from pathlib import Path
import json
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from PIL import Image, PngImagePlugin

from conftest import NOW, REPO
from hromada import images

GPS = {1: "N", 2: (50.0, 27.0, 0.0), 3: "E", 4: (30.0, 31.0, 0.0)}


def exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "CanaryCam"
    gps = exif.get_ifd(0x8825)
    gps.update(GPS)
    return exif


XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'


def dirty(fmt: str) -> bytes:
    im = Image.new("RGBA" if fmt == "PNG" else "RGB", (40, 30), (10, 120, 200, 255)[: 4 if fmt == "PNG" else 3])
    buf = io.BytesIO()
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Author", "CanaryAuthor")
        info.add_itxt("XML:com.adobe.xmp", XMP.decode())
        im.save(buf, "PNG", pnginfo=info, exif=exif_with_gps())
    elif fmt == "WEBP":
        im.save(buf, "WEBP", exif=exif_with_gps(), xmp=XMP)
    else:
        im.save(buf, "JPEG", exif=exif_with_gps(), xmp=XMP)
    return buf.getvalue()


@pytest.mark.parametrize("fmt,suffix", [("JPEG", ".jpg"), ("PNG", ".png"), ("WEBP", ".webp")])
def test_every_format_loses_all_metadata(tmp_path, fmt, suffix):
    source = tmp_path / f"photo{suffix}"
    source.write_bytes(dirty(fmt))
    assert images.metadata_in(source.read_bytes()), "the source must carry metadata for this test to mean anything"
    clean = images.clean_bytes(source)
    assert images.metadata_in(clean) == []
    assert b"CanaryCam" not in clean and b"CanaryAuthor" not in clean and b"xmpmeta" not in clean
    with Image.open(io.BytesIO(clean)) as im:
        assert im.size == (40, 30) and im.format == fmt


def test_exif_rotation_is_applied_before_dropping_it(tmp_path):
    im = Image.new("RGB", (40, 20), (0, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise when shown
    path = tmp_path / "rotated.jpg"
    im.save(path, "JPEG", exif=exif)
    with Image.open(io.BytesIO(images.clean_bytes(path))) as out:
        assert out.size == (20, 40)


def test_report_lists_urls_gone_since_previous_build(project):
    project.write("docs/news/stays.md", "---\ntitle: Stays\ndate: 2025-01-01\nsummary: s\npeople: none\n---\n")
    project.write("docs/news/goes.md", "---\ntitle: Goes\ndate: 2025-01-01\nsummary: s\npeople: none\n---\n")
    assert project.build().returncode == 0
    project.person("P-0001", consent={"status": "withdrawn", "withdrawn": "2026-11-20"})
    project.write("docs/news/goes.md", "---\ntitle: Goes\ndate: 2025-01-01\nsummary: s\npeople: [P-0001]\n---\n")
    result = project.build()
    assert result.returncode == 0, result.output
    report = json.loads((project.root / "reports/build-report.json").read_text())
    gone = report["disappeared_urls"]
    assert "news/goes/" in gone and "news/stays/" not in gone
    assert all("goes" in url for url in gone)  # the page, and its entries nowhere else
    assert "- news/goes/" in (project.root / "reports/build-report.md").read_text()
    assert "\tnews/goes/" in (project.root / "reports/gone-urls.log").read_text()


def test_example_report_shows_each_kind_of_exclusion(example_site):
    report = json.loads((REPO / "reports/build-report.json").read_text())
    codes = {code for row in report["excluded"] for code in row["rules"]}
    assert {"draft", "scheduled", "consent-pending", "consent-withdrawn", "consent-expired",
            "review-overdue", "language"} <= codes
    assert any(r["what"] == "expires" and not r["overdue"] for r in report["consent_due"])
    assert any(w["rule"] == "review-due" for w in report["warnings"])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def served(port: int, path: str, seconds: float = 60) -> str | None:
    """The page a local server answers at `path` once it is up, or None after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            return urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=2).read().decode()
        except OSError:
            time.sleep(0.25)
    return None


@pytest.mark.parametrize("command", [["-m", "mkdocs", "serve", "--no-livereload", "-a"], ["-m", "hromada.cli", "serve", "-a"]])
def test_a_terminated_preview_leaves_no_temporary_site(project, tmp_path, command):
    """A preview's temporary site holds drafts and excluded pages: SIGTERM (a service manager,
    a closed terminal's SIGHUP) removes it as Ctrl-C does, and while it runs it stays private
    to its owner (the build's swap keeps the folder's mode)."""
    import os
    import signal
    import stat

    project.write("docs/news/wip.md", "---\ntitle: Work in progress\ndate: 2025-01-01\nsummary: s\npeople: none\n"
                                      "draft: true\n---\nBody.\n")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    port = free_port()
    env = {"HROMADA_NOW": NOW, "NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, *command, f"127.0.0.1:{port}"], cwd=project.root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        page = served(port, "news/wip/")
        assert page is not None and "Work in progress" in page, "the preview did not answer"
        made = [p for p in tmp.iterdir()]
        assert made, "the preview made no temporary folder where TMPDIR points"  # control: the place is right
        assert all(stat.S_IMODE(p.stat().st_mode) & 0o077 == 0 for p in made), [oct(p.stat().st_mode) for p in made]
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert list(tmp.iterdir()) == [], (list(tmp.iterdir()), proc.stdout.read())


def test_serve_previews_unpublished_pages_with_a_banner_and_build_never_does(project):
    project.write("docs/news/wip.md", "---\ntitle: Work in progress\ndate: 2025-01-01\nsummary: s\npeople: none\ndraft: true\n---\nBody.\n")
    port = free_port()
    env = {"HROMADA_NOW": NOW, "NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
                            cwd=project.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        page = served(port, "news/wip/")
        assert page is not None, "mkdocs serve did not answer"
        assert "Preview only" in page and "draft: true" in page
        assert '<meta name="robots" content="noindex">' in page
        preview = urllib.request.urlopen(f"http://127.0.0.1:{port}/preview/", timeout=5).read().decode()
        assert "news/wip/" in preview
        listing = urllib.request.urlopen(f"http://127.0.0.1:{port}/news/", timeout=5).read().decode()
        assert "wip/" not in listing  # listings stay as they will be published
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    result = project.build()
    assert result.returncode == 0
    assert not (result.site / "news/wip").exists() and not (result.site / "preview").exists()


def test_output_check_refuses_images_with_metadata_and_unaccounted_files(tmp_path):
    from hromada import output

    site = tmp_path / "site"
    (site / "img").mkdir(parents=True)
    (site / "img/dirty.jpg").write_bytes(dirty("JPEG"))
    (site / "index.html").write_text("<p>hi</p>")
    problems = output.image_problems(site)
    assert problems and problems[0].startswith("img/dirty.jpg: still carries image metadata")
    accounted, unknown = output.account(site, {"index.html": "page"})
    assert accounted == {"index.html": "page"} and unknown == ["img/dirty.jpg"]


def test_tajik_partial_translates_every_material_string():
    import material

    en = (Path(material.__file__).parent / "templates/partials/languages/en.html").read_text(encoding="utf-8")
    tg = (REPO / "overrides/partials/languages/tg.html").read_text(encoding="utf-8")
    keys = lambda text: re.findall(r'^\s*"([\w.]+)":', text, re.M)
    assert keys(tg) == keys(en) and len(keys(en)) > 40
    values = dict(re.findall(r'^\s*"([\w.]+)": "([^"]*)"', tg, re.M))
    english = dict(re.findall(r'^\s*"([\w.]+)": "([^"]*)"', en, re.M))
    technical = {"language", "direction", "search.config.lang", "search.config.pipeline", "search.config.separator"}
    untranslated = [k for k in english if k not in technical and values.get(k) == english[k] and re.search("[A-Za-z]", english[k])]
    assert untranslated == []


def test_report_lists_translations_older_than_their_original(project):
    project.write("docs/news/x.md", "---\ntitle: X\ndate: 2025-01-01\nupdated: 2025-03-01\nsummary: s\npeople: none\n---\n")
    project.write("docs/news/x.uk.md", "---\ntitle: Х\ndate: 2025-01-01\nsummary: s\npeople: none\ntranslation_of: 2025-01-01\n---\n")
    project.write("docs/news/y.md", "---\ntitle: Y\ndate: 2025-01-01\nsummary: s\npeople: none\n---\n")
    project.write("docs/news/y.uk.md", "---\ntitle: У\ndate: 2025-01-01\nsummary: s\npeople: none\ntranslation_of: 2025-01-01\n---\n")
    assert project.build().returncode == 0
    report = json.loads((project.root / "reports/build-report.json").read_text())
    assert report["stale_translations"] == [{"file": "docs/news/x.uk.md", "translated_from": "2025-01-01",
                                             "original": "docs/news/x.md", "original_updated": "2025-03-01"}]
