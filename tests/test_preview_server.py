"""`hromada serve`: after every kind of edit, the preview serves exactly what a clean
`mkdocs serve` build writes, and content errors become an error page that recovers.

Each step edits a copy of the example, refreshes the preview, makes a clean
preview build of the same content, and compares every file of it, byte for
byte, with what the preview answers for the same path (and the other way
round: the preview serves nothing the clean build lacks). Left out: Pagefind's
index (the preview has none, and says so) and the build's manifest and gzip
copy of the sitemap, which are deployment artefacts.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from hromada.preview_server import PreviewSite
from hromada.serve import PreviewServer

from conftest import NOW, REPO

NOT_IN_PREVIEW = ("pagefind/",)
DEPLOYMENT_ONLY = ("hromada-manifest.json", "sitemap.xml.gz")
INTERVIEW = "docs/interviews/oksana-life-after-captivity.md"
INTERVIEW_TITLE = "Oksana"  # in its title, its listing card and its feed entries
NEWS = "docs/news/mihr-osce-missing-ukrainians.md"


@pytest.fixture
def example(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("HROMADA_NOW", NOW)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = tmp_path / "project"
    root.mkdir()
    for name in ("docs", "stories", "consent", "overrides", "hooks"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def clean_preview_build(root: Path, out: Path) -> dict[str, bytes]:
    """What `mkdocs serve` writes for this content, path -> bytes."""
    shutil.rmtree(out, ignore_errors=True)
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(out))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    return {rel: data for rel, data in files.items()
            if not rel.startswith(NOT_IN_PREVIEW) and rel not in DEPLOYMENT_ONLY}


def assert_same_as_clean_build(site: PreviewSite, root: Path, out: Path) -> dict[str, bytes]:
    expected = clean_preview_build(root, out)
    assert len(expected) > 300  # positive control: the whole example, not an empty folder
    wrong = [rel for rel, data in sorted(expected.items()) if site.get("/" + rel)[:2] != (200, data)]
    assert wrong == [], f"{len(wrong)} files differ from a clean build, e.g. {wrong[:5]}"
    extra = [rel for rel in site.routes if rel not in expected and not rel.startswith(NOT_IN_PREVIEW)
             and rel not in DEPLOYMENT_ONLY and site.get("/" + rel)[0] == 200]
    assert extra == [], f"the preview serves files a clean build does not write: {extra[:5]}"
    return expected


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_kind_of_edit_serves_exactly_a_clean_build(example, tmp_path):
    site = PreviewSite(example / "mkdocs.yml", tmp_path / "preview")
    reference = tmp_path / "reference"
    try:
        site.setup()
        before = assert_same_as_clean_build(site, example, reference)
        assert INTERVIEW_TITLE.encode() in before["interviews/index.html"]
        assert INTERVIEW_TITLE.encode() in before["feed/rss.xml"]

        # a body edit and a title edit (listings, home, feeds, other languages' switchers)
        edit(example / NEWS, "title: \"38 thousand", "title: \"Thirty-eight thousand")
        edit(example / NEWS, "OSCE", "OSCE (edited in preview)")
        site.refresh()
        after = assert_same_as_clean_build(site, example, reference)
        assert b"Thirty-eight thousand" in after["news/index.html"] and b"Thirty-eight thousand" in after["feed/rss.xml"]

        # a new translation: a new page, a new switcher entry on the others
        ru = example / NEWS.replace(".md", ".ru.md")
        ru.write_text((example / NEWS.replace(".md", ".uk.md")).read_text(encoding="utf-8")
                      .replace('title: "', 'title: "Русская версия: ', 1), encoding="utf-8")
        site.refresh()
        after = assert_same_as_clean_build(site, example, reference)
        assert "Русская версия".encode() in after["ru/news/mihr-osce-missing-ukrainians/index.html"]

        # a consent withdrawal: gone from every listing and feed at once
        edit(example / "consent/people/P-0101.yml", "  status: given", "  status: withdrawn\n  withdrawn: 2026-11-20")
        site.refresh()
        after = assert_same_as_clean_build(site, example, reference)
        assert INTERVIEW_TITLE.encode() not in after["interviews/index.html"]
        assert INTERVIEW_TITLE.encode() not in after["feed/rss.xml"]
        # gone from every served output at once, but its own pages (shown to staff under the
        # "Preview only" banner) and the preview dashboard that says why
        slug = b"oksana-life-after-captivity"
        assert any(slug in data for data in before.values())  # positive control
        still = [rel for rel, data in after.items()
                 if slug in data and slug.decode() not in rel and "preview/" not in rel]
        assert still == [], still
    finally:
        site.close()


def test_content_errors_make_every_page_an_error_page_until_fixed(example, tmp_path):
    site = PreviewSite(example / "mkdocs.yml", tmp_path / "preview")
    try:
        site.setup()
        assert site.get("/news/")[0] == 200
        good = (example / NEWS).read_text(encoding="utf-8")
        edit(example / NEWS, "summary:", "sumary:")
        site.refresh()
        for path in ("/news/", "/uk/", "/news/mihr-osce-missing-ukrainians/"):
            status, body, kind = site.get(path)
            assert status == 500 and kind.startswith("text/html")
            assert b"docs/news/mihr-osce-missing-ukrainians.md" in body and b"sumary" in body
        (example / NEWS).write_text(good, encoding="utf-8")
        site.refresh()
        status, body, _ = site.get("/news/")
        assert status == 200 and b"hx-preview-problems" not in body
    finally:
        site.close()


def _fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_a_save_reaches_the_browser_through_the_watcher(example):
    """The real server: a file saved on disk is served changed without any call from the test."""
    server = PreviewServer(example / "mkdocs.yml", port=0)
    server.start()
    try:
        page = server.url + "news/mihr-osce-missing-ukrainians/"
        status, body = _fetch(page)
        assert status == 200 and b"Saved a moment ago" not in body
        edit(example / NEWS, "OSCE", "OSCE. Saved a moment ago")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            status, body = _fetch(page)
            if b"Saved a moment ago" in body:
                break
            time.sleep(0.05)
        assert status == 200 and b"Saved a moment ago" in body
        assert _fetch(server.url + "no/such/page/")[0] == 404
        assert b"hx-serve-note" in body and b"search works once you run <code>hromada build</code>" in body
        assert int(_fetch(server.url + "__hromada__/generation")[1]) >= 2  # pages reload when it changes
    finally:
        server.stop()


def test_search_is_the_last_builds_and_nothing_else_is_served_from_it(example, tmp_path):
    """The preview has no index of its own: it serves the one `hromada build` last wrote,
    only files inside its search folder, never through a link."""
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=example, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    entry = example / "site/pagefind/pagefind-entry.json"
    assert entry.is_file()
    (example / "site/pagefind/leak.txt").symlink_to(example / "consent/people/P-0101.yml")
    site = PreviewSite(example / "mkdocs.yml", tmp_path / "preview")
    try:
        site.setup()
        assert site.has_search
        assert site.get("/pagefind/pagefind-entry.json")[:2] == (200, entry.read_bytes())
        assert site.get("/pagefind/leak.txt")[0] == 404
        assert site.get("/pagefind/../consent/people/P-0101.yml")[0] == 404
        assert site.get("/pagefind/../site/pagefind/pagefind-entry.json")[0] == 404
    finally:
        site.close()


def test_a_broken_template_is_named_on_the_error_page_until_mended(example, tmp_path):
    site = PreviewSite(example / "mkdocs.yml", tmp_path / "preview")
    template = example / "overrides/partials/hromada/card.html"
    good = template.read_text(encoding="utf-8")
    try:
        site.setup()
        assert site.get("/news/")[0] == 200
        template.write_text("{% broken %}\n" + good, encoding="utf-8")
        site.refresh(setup=True)  # what the watcher does when overrides/ changes
        status, body, _ = site.get("/news/")
        assert status == 500 and b"card.html" in body and b"broken" in body
        assert b"Traceback" not in body
        template.write_text(good, encoding="utf-8")
        site.refresh(setup=True)
        assert site.get("/news/")[0] == 200
    finally:
        site.close()


def test_cycles_are_collected_when_the_preview_is_idle_and_never_pile_up(example, tmp_path, monkeypatch):
    """A save's re-read runs with Python's cycle collector off until the preview is idle, when
    one collection frees what the save replaced; saves in a quick row collect the last one's
    leftovers first, and closing the preview turns the collector back on."""
    import gc

    import hromada.preview_server as preview_server

    monkeypatch.setattr(preview_server, "COLLECT_AFTER", 0.3)
    collections = []
    real_collect = gc.collect
    monkeypatch.setattr(preview_server.gc, "collect", lambda *a: collections.append(gc.isenabled()) or real_collect(*a))
    site = PreviewSite(example / "mkdocs.yml", tmp_path / "preview")
    try:
        site.setup()
        assert gc.isenabled()
        site.refresh()
        assert not gc.isenabled() and collections == []  # the re-read made no collection
        site.refresh()  # a second save before the preview was idle: the first's leftovers go now
        assert not gc.isenabled() and len(collections) == 1
        deadline = time.monotonic() + 10
        while not gc.isenabled() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert gc.isenabled() and len(collections) == 2  # idle: collected once, collector back on
        site.refresh()
        assert site.get("/news/")[0] == 200
    finally:
        site.close()
    assert gc.isenabled()


def test_the_preview_answers_only_under_its_own_address(example):
    """DNS rebinding: a page on attacker.example whose name is made to resolve to 127.0.0.1 would
    read the preview (drafts, withdrawn people, the list of what is held back) as its own site.
    Its requests name its own host: refused, with nothing of the preview in the answer."""
    server = PreviewServer(example / "mkdocs.yml", port=0)
    server.start()
    port = server.httpd.server_address[1]
    try:
        def fetch(path: str, host: str) -> tuple[int, bytes]:
            request = urllib.request.Request(server.url + path, headers={"Host": host})
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    return response.status, response.read()
            except urllib.error.HTTPError as exc:
                return exc.code, exc.read()

        for host in (f"127.0.0.1:{port}", f"localhost:{port}", "LOCALHOST", f"[::1]:{port}", "192.168.1.20:8000"):
            status, body = fetch("preview/", host)  # positive control: the dashboard of held-back pages
            assert status == 200 and b"hx-serve-note" in body, host
        for host in ("attacker.example", f"attacker.example:{port}", "127.0.0.1.nip.io", "localhost.attacker.example",
                     "[::1]x.attacker.example", f"[::1]:{port}x", f"127.0.0.1:{port}.attacker.example", "[::1"):
            for path in ("preview/", "news/mihr-osce-missing-ukrainians/", "__hromada__/generation"):
                status, body = fetch(path, host)
                assert status == 403 and b"own address" in body and b"<html" not in body.lower(), (host, path)
        # two Host headers, ours first: no browser sends that, and which one counts is anyone's guess
        with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
            raw.sendall(f"GET /preview/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: attacker.example\r\n"
                        "Connection: close\r\n\r\n".encode())
            answer = b""
            while chunk := raw.recv(65536):
                answer += chunk
        assert answer.startswith(b"HTTP/1.0 403") and b"hx-serve-note" not in answer, answer[:200]
    finally:
        server.stop()


def test_mkdocs_serve_answers_only_under_its_own_address(example):
    """The same rule in MkDocs' own preview server, set by the hooks when it starts."""
    import importlib.util

    from mkdocs.livereload import LiveReloadServer

    spec = importlib.util.spec_from_file_location("hooks_under_test", example / "hooks" / "hromada_hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(example / "docs"))
    config = load_config(str(example / "mkdocs.yml"))
    hooks.on_serve(server, config, None)
    app = server.get_app()

    def call(host: str) -> tuple[str, bytes]:
        answer = {}
        body = b"".join(app({"HTTP_HOST": host, "PATH_INFO": "/", "REQUEST_METHOD": "GET", "QUERY_STRING": ""},
                            lambda status, headers: answer.setdefault("status", status)))
        return answer["status"], body

    status, body = call("attacker.example:8000")
    assert status.startswith("403") and b"own address" in body
    status, _ = call("127.0.0.1:8000")
    assert not status.startswith("403")  # positive control: MkDocs' own answer (no site built here: 404)


@pytest.mark.parametrize("host,local", [
    ("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("[::1]", True), ("localhost", True), ("LOCALHOST.", True),
    ("0.0.0.0", False), ("::", False), ("192.168.1.20", False), ("10.0.0.5", False), ("preview.example", False), ("", False),
])
def test_a_preview_listens_on_this_computer_only(host, local):
    from hromada.preview_hosts import is_local_address

    assert is_local_address(host) is local


def test_an_address_others_can_reach_is_refused_before_anything_is_served(example, tmp_path, capsys):
    """Host checks do not help when the preview listens on the network: anyone there could ask
    for 192.168.1.20:8000 by its IP. `hromada serve -a 0.0.0.0:...` and mkdocs.yml's dev_addr
    (read by `mkdocs serve`, and refused by check and build alike, before the next preview) are
    one line each."""
    from hromada import cli

    assert cli.main(["serve", "-f", str(example / "mkdocs.yml"), "-a", "0.0.0.0:8765"]) == 2
    said = capsys.readouterr().out.strip().splitlines()
    assert len(said) == 1 and said[0].startswith("0.0.0.0:8765: address: 127.0.0.1") and "network" in said[0], said
    config = example / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    try:
        config.write_text(original + "\ndev_addr: 0.0.0.0:8765\n", encoding="utf-8")
        assert cli.main(["check", "-f", str(config)]) != 0
        said = [line.strip() for line in "".join(capsys.readouterr()).splitlines() if "dev_addr" in line]
        assert len(said) == 1 and said[0].startswith("mkdocs.yml: dev_addr: 127.0.0.1") and "'0.0.0.0'" in said[0], said
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")],
                                cwd=example, capture_output=True, text=True, timeout=600,
                                env={**__import__("os").environ, "HROMADA_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"})
        assert result.returncode != 0 and "mkdocs.yml: dev_addr: " in result.stderr and "Traceback" not in result.stderr
        assert not (tmp_path / "site").exists()
        config.write_text(original + "\ndev_addr: 127.0.0.1:8765\n", encoding="utf-8")  # control: this computer
        assert cli.main(["check", "-f", str(config)]) == 0, capsys.readouterr()
    finally:
        config.write_text(original, encoding="utf-8")


def _listing_shows(url: str, words: bytes, wanted: bool, seconds: float = 20) -> bool:
    """Poll the page at `url` until it shows `words` (`wanted`) or no longer does; whether it does."""
    deadline = time.monotonic() + seconds
    while True:
        shows = words in _fetch(url)[1]
        if shows == wanted or time.monotonic() > deadline:
            return shows
        time.sleep(0.05)


@pytest.mark.parametrize("layout", ["linked register", "linked record", "docs_dir: content", "stories made later",
                                    "stories made again"])
def test_an_edit_reaches_the_preview_whatever_the_layout(example, tmp_path, layout):
    """Red-team round 5: with consent/ a link to a folder outside the project, or a record a
    link to a file outside it, a withdrawal was never seen (events under a link were resolved
    out of the project; a linked file's target changes where no watch hears); with
    `docs_dir: content`, or a stories/ folder made after the preview started (or removed and
    made again, as a checkout does), no edit inside it was seen. In each layout the page now leaves the listing that showed it (a withdrawal
    in the register, or `draft: true` in the page; its own page stays, for staff, under the
    preview's banner)."""
    page, listing = "interviews/oksana-life-after-captivity/", "interviews/"
    changed, old, new = example / "consent/people/P-0101.yml", "status: given", "status: withdrawn\n  withdrawn: 2026-11-01"
    if layout == "linked register":
        shutil.move(str(example / "consent"), str(tmp_path / "register"))
        (example / "consent").symlink_to(tmp_path / "register", target_is_directory=True)
        changed = tmp_path / "register/people/P-0101.yml"
    elif layout == "linked record":
        shutil.move(str(changed), str(tmp_path / "P-0101.yml"))
        changed.symlink_to(tmp_path / "P-0101.yml")
        changed = tmp_path / "P-0101.yml"
    elif layout == "docs_dir: content":
        (example / "docs").rename(example / "content")
        config = example / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("docs_dir: docs", "docs_dir: content"), encoding="utf-8")
        changed, old, new = example / "content/interviews/oksana-life-after-captivity.md", "people:", "draft: true\npeople:"
    else:  # stories/ made after the start, or removed and made again (a checkout): a new folder to watch
        if layout == "stories made later":
            shutil.move(str(example / "stories"), str(tmp_path / "stories"))
        page, listing = "stories/sisters-voices/halyna-first-day-at-work/", "stories/sisters-voices/"
        changed, old, new = example / "stories/sisters-voices/01-halyna-first-day-at-work.md", "people:", "draft: true\npeople:"
    server = PreviewServer(example / "mkdocs.yml", port=0)
    server.start()
    try:
        slug = page.rstrip("/").rsplit("/", 1)[-1].encode()
        if layout == "stories made again":
            assert _listing_shows(server.url + listing, slug, wanted=True)
            shutil.move(str(example / "stories"), str(tmp_path / "stories"))
            deadline = time.monotonic() + 20
            while _fetch(server.url + page)[0] != 404 and time.monotonic() < deadline:
                time.sleep(0.05)
        if layout.startswith("stories made"):
            assert _fetch(server.url + page)[0] == 404  # control: not there before the folder is
            shutil.copytree(tmp_path / "stories", example / "stories")
        assert _listing_shows(server.url + listing, slug, wanted=True)  # positive control
        time.sleep(0.3)  # the save after the folder's creation is read as a save of its own
        edit(changed, old, new)
        assert not _listing_shows(server.url + listing, slug, wanted=False), layout
        assert b"hx-preview-banner" in _fetch(server.url + page)[1]  # its own page, for staff
    finally:
        server.stop()


def test_a_consent_that_expires_overnight_leaves_the_idle_preview(example, monkeypatch):
    """No file changes when a consent expires at midnight (or a review falls overdue, or a
    scheduled page comes out): the preview looks at the day, in the site's time zone, once a
    second, and reads the content again when it changes (red-team round 5 left it untested)."""
    record = example / "consent/people/P-0101.yml"
    edit(record, "status: given", "status: given\n  expires: 2026-11-24")
    server = PreviewServer(example / "mkdocs.yml", port=0)
    server.start()
    try:
        listing, slug = server.url + "interviews/", b"oksana-life-after-captivity"
        assert _listing_shows(listing, slug, wanted=True)  # positive control: still valid today
        time.sleep(1.5)
        assert slug in _fetch(listing)[1]  # and the same day leaves it there
        monkeypatch.setenv("HROMADA_NOW", "2026-11-24T00:30:00+02:00")  # 00:30 in Kyiv: the expiry day
        assert not _listing_shows(listing, slug, wanted=False)
    finally:
        server.stop()
