"""The unchanged-rebuild cache (hromada/build_inputs.py): a build whose inputs did not change
keeps the output folder, and that folder is byte for byte what a clean build writes; any
change (a file, the clock's decisions, the folder itself) means a full build."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import Project
EVENT = """\
---
title: Court hearing
date: 2026-11-01
summary: A hearing.
people: none
organization: numo-sestry
start: 2026-11-25T10:00:00+02:00
end: 2026-11-25T12:00:00+02:00
timezone: Europe/Kyiv
location: {name: Court, city: Kyiv, country: Ukraine}
---
The hearing.
"""
NEWS = """\
---
title: First news
date: 2026-11-01
summary: News.
people: none
organization: numo-sestry
---
The body.
"""


def folder_id(site: Path) -> tuple[int, int]:
    """A full build swaps a new folder in and writes a new manifest; a kept site is the same
    folder with the same manifest file (an inode alone may be reused by the next folder)."""
    return os.stat(site).st_ino, os.stat(site / "hromada-manifest.json").st_mtime_ns


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def small_site(project: Project) -> Project:
    project.write("docs/news/first.md", NEWS)
    project.write("docs/events/hearing.md", EVENT)
    return project


def test_unchanged_rebuild_keeps_exactly_the_clean_output(project, tmp_path):
    small_site(project)
    first = project.build()
    assert first.returncode == 0, first.output
    clean, kept = tree(first.site), folder_id(first.site)
    assert json.loads(clean["hromada-manifest.json"])["inputs"]  # the key is recorded
    (project.root / "reports/build-report.md").unlink()
    again = project.build()
    assert again.returncode == 0, again.output
    assert folder_id(again.site) == kept
    assert tree(again.site) == clean
    assert (project.root / "reports/build-report.md").is_file()  # the report is written again


def test_a_changed_file_rebuilds_and_equals_a_clean_build(project, tmp_path):
    small_site(project)
    before = folder_id(project.build().site)
    project.write("docs/news/first.md", NEWS.replace("The body.", "The body, corrected."))
    edited = project.build()
    assert edited.returncode == 0 and folder_id(edited.site) != before
    assert b"The body, corrected." in (edited.site / "news/first/index.html").read_bytes()
    fresh = project.build(site=tmp_path / "fresh")
    assert tree(edited.site) == tree(fresh.site)


def test_a_folder_changed_by_hand_is_rebuilt(project):
    small_site(project)
    built = project.build()
    page = built.site / "news/first/index.html"
    original, before = page.read_bytes(), folder_id(built.site)
    page.write_bytes(original.replace(b"The body.", b"Edited on the server."))
    again = project.build()
    assert again.returncode == 0 and folder_id(again.site) != before
    assert page.read_bytes() == original


def test_the_clock_alone_can_change_the_site(project):
    """No file changed, but the event has ended by the second build: its page says so."""
    small_site(project)
    before = project.build(now="2026-11-23T12:00:00+00:00")
    upcoming = folder_id(before.site)
    after = project.build(now="2026-11-26T12:00:00+00:00")
    assert before.returncode == after.returncode == 0
    assert folder_id(after.site) != upcoming
    ended = folder_id(after.site)
    same = project.build(now="2026-11-26T13:00:00+00:00")  # nothing the output shows changed
    assert same.returncode == 0 and folder_id(same.site) == ended


def test_a_new_deny_list_term_checks_the_kept_site_again(project, tmp_path):
    """A term added to the deny-list must not be waved through by an unchanged rebuild."""
    small_site(project)
    terms = tmp_path / "deny.txt"
    terms.write_text("# names that must never appear\nNobody Atall\n", encoding="utf-8")
    first = project.build(HROMADA_DENYLIST=str(terms))
    assert first.returncode == 0, first.output
    kept = folder_id(first.site)
    assert project.build(HROMADA_DENYLIST=str(terms)).returncode == 0
    assert folder_id(first.site) == kept  # positive control: same list, same site: kept
    terms.write_text("# names that must never appear\nNobody Atall\nFirst news\n", encoding="utf-8")
    refused = project.build(HROMADA_DENYLIST=str(terms))
    assert refused.returncode != 0 and "news/first/index.html: matches deny-list entry on line 3" in refused.output


def test_the_published_manifest_neither_confirms_a_deny_list_nor_says_what_changed(project, tmp_path):
    """The manifest is published. Its deny-list part was a plain digest of the file, so a guess
    ("Kovalenko\n") could be checked offline (red-team round 2); and with a digest per part, a
    rebuild in which only the consent register's part changed as pages vanished told readers why
    they vanished (red-team round 4). It records one digest of every part, which changes with
    the deny-list, with the register, and with the content alike, and no part alone."""
    import hashlib

    from hromada import build_inputs

    def recorded(result) -> list[str]:
        return json.loads((result.site / "hromada-manifest.json").read_text())["inputs"].split()

    small_site(project)
    terms = tmp_path / "deny.txt"
    terms.write_text("Kovalenko\n", encoding="utf-8")
    first = project.build(HROMADA_DENYLIST=str(terms))
    assert first.returncode == 0, first.output
    inputs = recorded(first)
    assert len(inputs) == 2 and inputs[1].startswith("site=") and build_inputs.site_digest(" ".join(inputs))
    guessed = hashlib.blake2b(b"deny-list\0" + hashlib.blake2b(b"Kovalenko\n", digest_size=16).digest(), digest_size=16)
    assert guessed.hexdigest() not in " ".join(inputs)
    project.person("P-0009")  # the register alone
    second = project.build(HROMADA_DENYLIST=str(terms))
    assert second.returncode == 0, second.output
    b = recorded(second)  # the same folder: read before the next build
    project.write("docs/news/more.md", "---\ntitle: More\ndate: 2025-05-16\nsummary: s\npeople: none\n---\nMore.\n")
    third = project.build(HROMADA_DENYLIST=str(terms))  # the content alone
    assert third.returncode == 0, third.output
    a, c = inputs, recorded(third)
    assert all(x != y for x, y in zip(a, b)) and all(x != y for x, y in zip(b, c)), (a, b, c)  # every field changes, either way
    assert len(b) == len(c) == 2 and b[1].split("=")[0] == c[1].split("=")[0] == "site"  # nothing says what changed


@pytest.mark.parametrize("kind", ["title", "translation", "withdrawal"])
def test_every_kind_of_edit_rebuilds_to_exactly_a_clean_build(project, tmp_path, kind):
    small_site(project)
    project.person("P-0001")
    project.write("docs/news/second.md", NEWS.replace("First news", "Second news").replace("people: none", "people: [P-0001]"))
    assert project.build().returncode == 0
    if kind == "title":
        project.write("docs/news/first.md", NEWS.replace("First news", "First news, retitled"))
    elif kind == "translation":
        project.write("docs/news/first.uk.md", NEWS.replace("First news", "Перша новина"))
    else:
        project.person("P-0001", consent={"status": "withdrawn", "withdrawn": "2026-11-20"})
    edited = project.build()
    assert edited.returncode == 0, edited.output
    fresh = project.build(site=tmp_path / "fresh", XDG_CACHE_HOME=str(tmp_path / "no-cache"))  # no index kept either
    assert tree(edited.site) == tree(fresh.site)
    shown = b"".join(tree(edited.site).values())
    assert {"title": b"First news, retitled" in shown, "translation": "Перша новина".encode() in shown,
            "withdrawal": b"Second news" not in shown}[kind]


def test_content_and_templates_where_mkdocs_yml_puts_them_are_inputs(project):
    """docs_dir and custom_dir may be other folders: a change there is still a change."""
    small_site(project)
    (project.root / "docs").rename(project.root / "content")
    (project.root / "overrides").rename(project.root / "design")
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("docs_dir: docs", "docs_dir: content")
                      .replace("custom_dir: overrides", "custom_dir: design"), encoding="utf-8")
    first = project.build()
    assert first.returncode == 0, first.output
    kept = folder_id(first.site)
    assert folder_id(project.build().site) == kept  # positive control: nothing changed, kept
    project.write("content/news/first.md", NEWS.replace("The body.", "The body, moved folder."))
    edited = project.build()
    assert folder_id(edited.site) != kept
    assert b"The body, moved folder." in (edited.site / "news/first/index.html").read_bytes()
    before = folder_id(edited.site)
    footer = project.root / "design/partials/hromada/footer.html"
    footer.write_text(footer.read_text(encoding="utf-8") + "\n<!-- a designer's change -->\n", encoding="utf-8")
    restyled = project.build()
    assert restyled.returncode == 0 and folder_id(restyled.site) != before


def test_an_edit_through_a_symbolic_link_or_an_inherited_config_rebuilds(project):
    """A page that is a link to a file elsewhere in the repository, and a configuration that
    mkdocs.yml's INHERIT names: an urgent redaction made there must reach the site, not be
    taken for an unchanged rebuild (red-team round 2: the link's own date was compared)."""
    small_site(project)
    (project.root / "shared").mkdir()
    (project.root / "shared/note.md").write_text(NEWS.replace("The body.", "Canarybeforezq."), encoding="utf-8")
    os.symlink("../../shared/note.md", project.root / "docs/news/note.md")
    config = project.root / "mkdocs.yml"
    base, lines = project.root / "base.yml", config.read_text(encoding="utf-8").splitlines(keepends=True)
    assert any(line.startswith("site_name:") for line in lines)
    base.write_text("site_name: Canarydescriptionzq\n", encoding="utf-8")
    config.write_text("INHERIT: base.yml\n" + "".join(l for l in lines if not l.startswith("site_name:")),
                      encoding="utf-8")
    first = project.build()
    assert first.returncode == 0, first.output
    kept = folder_id(first.site)
    assert b"Canarybeforezq" in (first.site / "news/note/index.html").read_bytes()
    assert folder_id(project.build().site) == kept  # positive control: nothing changed, kept
    (project.root / "shared/note.md").write_text(NEWS.replace("The body.", "Canaryafterzq."), encoding="utf-8")
    edited = project.build()
    assert edited.returncode == 0 and folder_id(edited.site) != kept, edited.output
    assert b"Canaryafterzq" in (edited.site / "news/note/index.html").read_bytes()
    kept = folder_id(edited.site)
    assert b"Canarydescriptionzq" in (edited.site / "index.html").read_bytes()
    base.write_text("site_name: Canaryotherzq\n", encoding="utf-8")
    inherited = project.build()
    assert inherited.returncode == 0 and folder_id(inherited.site) != kept, inherited.output
    assert b"Canaryotherzq" in (inherited.site / "index.html").read_bytes()


UK_NEWS = NEWS.replace("First news", "Перша новина").replace("The body.", "Текст новини.") + "translation_of: 2026-11-01\n"


def _kept(cache: Path) -> dict[str, int]:
    """Language -> the inode of its kept index (search_cache.Store: replaced when made again)."""
    stores = list(cache.glob("hromada/search-*"))
    assert len(stores) == 1, stores
    return {p.name: p.stat().st_ino for p in stores[0].iterdir() if p.is_dir() and not p.name.startswith(".")}


def _indexed_text(site: Path, language: str) -> str:
    import gzip

    return "".join(gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
                   for p in (site / "pagefind/fragment").glob(f"x-{language}_*.pf_fragment"))


def test_an_edit_in_one_language_takes_the_others_search_index_from_the_cache(project, tmp_path):
    """hromada/search_cache.py: the languages whose searchable pages did not change are not indexed
    again; the site is byte for byte a clean build's, with the edit in the index."""
    small_site(project)
    project.write("docs/news/first.uk.md", UK_NEWS.replace("translation_of: 2026-11-01\n", "").replace(
        "---\nТекст", "translation_of: 2026-11-01\n---\nТекст"))
    cache = tmp_path / "cache"
    first = project.build(XDG_CACHE_HOME=str(cache))
    assert first.returncode == 0, first.output
    before = _kept(cache)
    assert set(before) == {"en", "uk"}  # every language with an index was kept
    project.write("docs/news/first.uk.md", (project.root / "docs/news/first.uk.md").read_text(encoding="utf-8")
                  .replace("Текст новини.", "Текст новини, виправлений."))
    edited = project.build(XDG_CACHE_HOME=str(cache))
    assert edited.returncode == 0, edited.output
    after = _kept(cache)
    assert after["en"] == before["en"]  # taken, not made again
    assert after["uk"] != before["uk"]  # made again: its pages changed
    assert "виправлений" in _indexed_text(edited.site, "uk") and "The body" in _indexed_text(edited.site, "en")
    fresh = project.build(site=tmp_path / "fresh", XDG_CACHE_HOME=str(tmp_path / "no-cache"))
    assert fresh.returncode == 0, fresh.output
    assert tree(edited.site) == tree(fresh.site)
    (project.root / "docs/news/first.uk.md").unlink()  # no Ukrainian page any more: nothing of it is kept
    assert project.build(XDG_CACHE_HOME=str(cache)).returncode == 0
    assert set(_kept(cache)) == {"en"}


def test_a_withdrawal_or_a_damaged_cache_makes_the_index_again(project, tmp_path):
    """The key is what Pagefind reads: a page gone from the search input changes it. A kept file
    whose bytes are not those recorded is no cache."""
    small_site(project)
    project.person("P-0001")
    project.write("docs/news/second.md", NEWS.replace("First news", "Second news").replace("people: none", "people: [P-0001]"))
    cache = tmp_path / "cache"
    assert project.build(XDG_CACHE_HOME=str(cache)).returncode == 0
    before = _kept(cache)
    assert "Second news" in _indexed_text(project.root / "site", "en")  # positive control
    project.person("P-0001", consent={"status": "withdrawn", "withdrawn": "2026-11-20"})
    withdrawn = project.build(XDG_CACHE_HOME=str(cache))
    assert withdrawn.returncode == 0, withdrawn.output
    assert _kept(cache)["en"] != before["en"]
    assert "Second news" not in _indexed_text(withdrawn.site, "en") and "First news" in _indexed_text(withdrawn.site, "en")
    damaged = _kept(cache)["en"]
    elsewhere = project.build(site=tmp_path / "elsewhere", XDG_CACHE_HOME=str(cache))  # a new folder: a full build
    assert elsewhere.returncode == 0 and _kept(cache)["en"] == damaged  # positive control: taken as it is
    kept = next(cache.glob("hromada/search-*")) / "en" / "files"
    fragment = next(kept.glob("fragment/*.pf_fragment"))
    fragment.write_bytes(fragment.read_bytes()[:-1])  # cut short
    again = project.build(site=tmp_path / "again", XDG_CACHE_HOME=str(cache))  # a new folder: a full build
    assert again.returncode == 0, again.output
    assert _kept(cache)["en"] != damaged  # not taken: made again, and kept anew
    fresh = project.build(site=tmp_path / "fresh", XDG_CACHE_HOME=str(tmp_path / "no-cache"))
    assert tree(again.site) == tree(fresh.site)


def test_a_kept_record_cannot_write_outside_the_index(tmp_path):
    import hashlib

    from hromada import search_cache

    store = search_cache.Store(tmp_path / "store")
    out = tmp_path / "site" / "pagefind"
    (out / "fragment").mkdir(parents=True)
    (out / "fragment" / "x-en_1.pf_fragment").write_bytes(b"one")
    store.keep("en", "k1", out, ["fragment/x-en_1.pf_fragment"], {"hash": "x-en_1"})
    taken = tmp_path / "taken"
    assert store.take("en", "k1", taken) == {"hash": "x-en_1"}  # positive control
    assert (taken / "fragment/x-en_1.pf_fragment").read_bytes() == b"one"
    assert store.take("en", "k2", tmp_path / "other") is None and not (tmp_path / "other").exists()
    store.keep("uk", "k1", out, ["fragment/x-en_1.pf_fragment"], {})
    store.forget("uk")
    assert store.take("uk", "k1", tmp_path / "forgotten") is None
    record = store.folder / "en" / "record.json"
    data = json.loads(record.read_text())
    data["files"] = {"../escaped": hashlib.sha256(b"one").hexdigest()}
    record.write_text(json.dumps(data))
    assert store.take("en", "k1", tmp_path / "third" / "pagefind") is None
    assert not (tmp_path / "third" / "escaped").exists()
