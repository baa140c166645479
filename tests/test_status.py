"""`hromada status` (text and --json, filters) and the preview's localised dashboard, on a project
with every state: published, excluded and why, scheduled, translation missing, translation older
than its original, consent expiring / due for review / pending and the pages it takes down."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from hromada.cli import main

NOW = "2026-11-23T12:00:00+00:00"


def page(title: str, date: str = "2026-11-01", people: str = "none", extra: str = "") -> str:
    return f'---\ntitle: "{title}"\ndate: {date}\nsummary: "S."\npeople: {people}\n{extra}---\nText.\n'


@pytest.fixture
def states(project, monkeypatch):
    monkeypatch.setenv("HROMADA_NOW", NOW)
    p = project
    p.write("docs/news/a.md", page("A", extra="updated: 2026-11-10\n"))           # en published
    p.write("docs/news/a.uk.md", page("А", extra="translation_of: 2026-11-01\n"))  # uk published, older than en
    p.write("docs/news/draft.md", page("Draft", extra="draft: true\n"))          # excluded: draft
    p.write("docs/news/later.md", page("Later", date="2027-01-05"))               # scheduled
    p.person("P-0001", scope={"languages": ["en"]}, consent={"expires": "2026-12-20"})
    p.write("docs/events/e.md", page("E", people="[P-0001]", extra="start: 2026-12-01T10:00:00+02:00\n"))
    p.write("docs/events/e.uk.md", page("Е", people="[P-0001]", extra="start: 2026-12-01T10:00:00+02:00\n"))
    p.person("P-0002", consent={"review_by": "2027-01-10"})
    p.write("docs/interviews/i.md", page("I", people="[P-0002]"))
    p.person("P-0003", consent={"status": "pending"})
    p.write("docs/interviews/waiting.md", page("W", people="[P-0003]"))
    return p


def status(project, capsys, *args: str) -> tuple[int, str]:
    code = main(["status", "-f", str(project.root / "mkdocs.yml"), *args])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out


def row(text: str, name: str) -> list[str]:
    return next(line for line in text.splitlines() if line.startswith(name + " ")).split()[1:]


def test_text_shows_every_state(states, capsys):
    code, text = status(states, capsys)
    assert code == 0
    assert row(text, "docs/news/a.md") == ["published", "published*", "-", "-"]
    assert row(text, "docs/news/draft.md") == ["excluded", "-", "-", "-"]
    assert row(text, "docs/news/later.md") == ["scheduled", "-", "-", "-"]
    assert row(text, "docs/events/e.md") == ["published", "excluded", "-", "-"]
    assert row(text, "docs/interviews/waiting.md") == ["excluded", "-", "-", "-"]
    assert "  docs/news/draft.md (en): draft: true" in text
    assert "  docs/events/e.uk.md (uk): P-0001 did not consent to the 'uk' version" in text
    assert "  docs/interviews/waiting.md (en): P-0003's consent is pending" in text
    assert "  docs/news/later.md (en): goes live 2027-01-05 00:00" in text
    assert ("  docs/news/a.uk.md: translated from the version of 2026-11-01; docs/news/a.md was updated 2026-11-10"
            in text)
    assert ("  P-0001 (consent/people/P-0001.yml): expires 2026-12-20; would take down docs/events/e.md (en)"
            in text)
    assert ("  P-0002 (consent/people/P-0002.yml): review by 2027-01-10; would take down docs/interviews/i.md (en)"
            in text)
    assert "  P-0003 (consent/people/P-0003.yml): pending; holds back docs/interviews/waiting.md (en)" in text
    assert "5 published, 1 scheduled, 3 excluded" in text


def test_consent_beyond_the_horizon_is_not_listed(states, capsys):
    """Positive control for the horizon: with 30 days, the review on 2027-01-10 (48 days away) is not due."""
    _, text = status(states, capsys, "--days", "30")
    assert "P-0001 (consent/people/P-0001.yml): expires" in text and "P-0002" not in text


def test_json_for_scripts(states, capsys):
    code, text = status(states, capsys, "--json")
    data = json.loads(text)
    assert code == 0 and data["now"] == NOW and data["days"] == 60
    pages = {p["page"]: p for p in data["pages"]}
    a = pages["docs/news/a.md"]["versions"]
    assert a["en"]["state"] == "published" and a["en"]["url"] == "/news/a/"
    assert a["uk"]["older_than_original"] == {"file": "docs/news/a.uk.md", "translated_from": "2026-11-01",
                                              "original": "docs/news/a.md", "original_updated": "2026-11-10"}
    assert a["ru"] == {"state": "missing", "file": None, "url": None, "why": [], "warnings": [],
                       "goes_live": None, "older_than_original": None}
    assert pages["docs/news/later.md"]["versions"]["en"]["goes_live"].startswith("2027-01-05T00:00:00")
    assert pages["docs/events/e.md"]["versions"]["uk"]["why"] == [
        {"rule": "language", "why": "P-0001 did not consent to the 'uk' version"}]
    assert pages["docs/news/draft.md"]["versions"]["en"]["why"][0]["rule"] == "draft"
    consent = {(c["ref"], c["what"]): c for c in data["consent"]}
    assert consent[("P-0001", "expires")]["takes_down"] == [{"file": "docs/events/e.md", "language": "en"}]
    assert consent[("P-0001", "expires")]["holds_back"] == [{"file": "docs/events/e.uk.md", "language": "uk"}]
    assert consent[("P-0003", "pending")]["holds_back"] == [{"file": "docs/interviews/waiting.md", "language": "en"}]
    assert data["counts"] == {"published": 5, "scheduled": 1, "excluded": 3, "missing": 19}  # 7 pages (with the organisation) x 4


def test_filters(states, capsys):
    data = json.loads(status(states, capsys, "--json", "--lang", "uk")[1])
    assert data["languages"] == ["uk"] and all(set(p["versions"]) == {"uk"} for p in data["pages"])
    consent = {c["ref"]: c for c in data["consent"]}  # every record due, with its pages in that language only
    assert consent["P-0001"]["takes_down"] == [] and consent["P-0001"]["holds_back"] == [
        {"file": "docs/events/e.uk.md", "language": "uk"}]
    assert consent["P-0002"]["takes_down"] == []
    data = json.loads(status(states, capsys, "--json", "--section", "events")[1])
    assert [p["page"] for p in data["pages"]] == ["docs/events/e.md"]
    data = json.loads(status(states, capsys, "--json", "--section", "interview")[1])  # the type's name works too
    assert [p["page"] for p in data["pages"]] == ["docs/interviews/i.md", "docs/interviews/waiting.md"]
    data = json.loads(status(states, capsys, "--json", "--ref", "P-0002")[1])
    assert [p["page"] for p in data["pages"]] == ["docs/interviews/i.md"]
    assert [c["ref"] for c in data["consent"]] == ["P-0002"]


def test_stale_translations_are_the_build_reports(states):
    """One computation: status shows exactly what the build report lists."""
    from hromada import reports, status as status_mod
    from hromada.build import check
    from hromada.publication import Publication
    from mkdocs.config import load_config
    from datetime import datetime

    cfg = load_config(str(states.root / "mkdocs.yml"))
    checked = check(states.root, cfg.extra, cfg.site_url, Path(cfg.docs_dir))
    pub = Publication(checked.index, checked.people, datetime.fromisoformat(NOW), checked.settings.zone)
    st = status_mod.collect(pub, checked.people)
    assert [dict(v.stale) for _, v in st.stale] == reports.stale_translations(pub)


def test_preview_dashboard_is_localised_and_linked_from_banners(states):
    from hromada import build as hb
    from mkdocs.config import load_config

    cfg = load_config(str(states.root / "mkdocs.yml"))
    b = hb.prepare(states.root, cfg.extra, cfg.site_url, docs_dir=Path(cfg.docs_dir), preview=True,
                   template_dirs=cfg.theme.dirs)
    pages = {lang: next(p for p in b.generated_pages(lang) if p.src_uri == "preview/index.md") for lang in ("en", "uk")}
    uk = pages["uk"].body
    assert pages["uk"].title == "Попередній перегляд: що де опубліковано"
    assert "Не опубліковано" in uk and "Немає перекладу" in uk and "Старіший за оригінал" in uk
    assert "Чернетка (draft: true)" in uk and "спливає 20 грудня 2026" in uk
    assert '<a href="../../news/draft/">Не опубліковано</a>' in uk  # links work from /uk/preview/
    assert "Not published" in pages["en"].body and "Не опубліковано" not in pages["en"].body
    # every preview banner links to its language's dashboard
    meta = b.page_meta(b.index.by_src_uri["events/e.uk.md"])
    assert meta["hromada_preview_link"] == {"url": "../../preview/", "label": "Що де опубліковано"}
    assert meta["hromada_preview_title"].startswith("Лише попередній перегляд")
    assert meta["hromada_preview"] == "Немає згоди на цю мову (P-0001 did not consent to the 'uk' version)"
    assert "hromada_preview_link" not in b.page_meta(b.index.by_src_uri["events/e.md"])  # published: no banner
    main_html = (Path(__file__).resolve().parent.parent / "overrides/main.html").read_text()
    assert "page.meta.hromada_preview_link.url" in main_html


def test_a_build_has_no_dashboard(states):
    """Never in a built site: the dashboard exists only in the preview."""
    from hromada import build as hb
    from mkdocs.config import load_config

    cfg = load_config(str(states.root / "mkdocs.yml"))
    b = hb.prepare(states.root, cfg.extra, cfg.site_url, docs_dir=Path(cfg.docs_dir), template_dirs=cfg.theme.dirs)
    assert not any(p.src_uri == "preview/index.md" for lang in ("en", "uk") for p in b.generated_pages(lang))


def test_status_while_a_file_is_half_written(states, capsys):
    """A file with a mistake does not hide the rest: it is listed first, the others as usual."""
    states.write("docs/news/new.md", '---\ntitle: "New"\ndate: 2026-11-20\nsummary:\npeople: none\n---\n')
    code, text = status(states, capsys, "--section", "news")
    assert code == 0
    assert "1 mistake stops the build until fixed (files with one are not in the table):" in text
    assert "  docs/news/new.md: summary: required: a non-empty text" in text
    assert row(text, "docs/news/a.md") == ["published", "published*", "-", "-"]
    assert not any(line.startswith("docs/news/new.md ") for line in text.splitlines())
    data = json.loads(status(states, capsys, "--json")[1])
    assert data["problems"] == ["docs/news/new.md: summary: required: a non-empty text"]


@pytest.mark.parametrize("args,expected", [
    (("--section", "new"), "hromada status: --section: did you mean news? one of news, interviews"),
    (("--section", "stories/nosuch"), "--section: one of news"),
    (("--section", "news/a.md"), "--section: "),  # a file, not a folder
    (("--ref", "P-O001"), "hromada status: --ref: did you mean P-0001? a person of the consent register"),
    (("--days", "-1"), "hromada status: --days: a number of days from 0, like --days 30 (found -1)"),
])
def test_a_filter_that_names_nothing_is_one_line_not_an_empty_list(states, capsys, args, expected):
    """A misspelt --section or --ref printed "No page matches." and exit 0, as if all were well."""
    code = main(["status", "-f", str(states.root / "mkdocs.yml"), *args])
    err = capsys.readouterr().err
    assert code == 2 and expected in err and len(err.strip().splitlines()) == 1, err
    code, out = status(states, capsys, "--section", "news")  # positive controls: real names match
    assert code == 0 and "docs/news/a.md" in out
    assert status(states, capsys, "--section", "events", "--ref", "P-0001")[0] == 0


def test_status_piped_into_a_reader_that_stops_is_no_traceback(states):
    """The reader of the pipe is gone before anything is written (as `| head` is, once it has its
    lines): no traceback and no 'Exception ignored' at exit, and an exit code that is not 0."""
    import os
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "hromada.cli", "status"], cwd=states.root, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, "HROMADA_NOW": NOW})
    proc.stdout.close()  # the reader stopped reading
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141 and err == "", err
    done = subprocess.run([sys.executable, "-m", "hromada.cli", "status"], cwd=states.root, capture_output=True,
                          text=True, env={**os.environ, "HROMADA_NOW": NOW})
    assert done.returncode == 0 and done.stdout.startswith("Hromada status on")  # positive control
