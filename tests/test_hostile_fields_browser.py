"""No script from front matter or mkdocs.yml runs on any page type (consent.md, section 8).

Every plain-text field (title, summary, organisation and series titles, event
and campaign fields, category names) carries markup that would run if it
reached a page unescaped. Each page type is loaded in Chromium with
JavaScript on; a positive control proves the probe would have noticed.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
if not Path(CHROMIUM).is_file() and os.environ.get("HROMADA_REQUIRE_BROWSER"):
    raise RuntimeError(f"HROMADA_REQUIRE_BROWSER is set but {CHROMIUM} is missing (apt-get install chromium)")
if not Path(CHROMIUM).is_file():
    pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM}", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

from browser_support import SiteServer  # noqa: E402
from test_browser import LAUNCH_ARGS  # noqa: E402

pytestmark = pytest.mark.browser

#: Each payload, if it ran, sets window.hxPwned.
HOSTILE = [
    "<img src=x onerror=\"window.hxPwned='{w}'\">",
    "\"><script>window.hxPwned='{w}'</script>",
    "</title><script>window.hxPwned='{w}'</script>",
    "<svg onload=\"window.hxPwned='{w}'\">",
]


def hostile(where: str) -> str:
    return "Safe " + " ".join(p.format(w=where) for p in HOSTILE)


def yaml_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from conftest import Project

    project = Project(tmp_path_factory.mktemp("hostile") / "project")
    project.write("docs/organizations/numo-sestry.md",
                  f"---\ntitle: {yaml_text(hostile('org'))}\nsummary: {yaml_text(hostile('org-summary'))}\npeople: none\n---\nAbout.\n")
    common = "date: 2025-05-16\npeople: none\norganization: numo-sestry\ncategories: [advocacy]\n"
    for folder, extra in (("news", ""), ("interviews", ""),
                          ("events", "start: 2027-02-01T18:00:00+02:00\ntimezone: Europe/Kyiv\n"
                                     f"location: {{name: {yaml_text(hostile('venue'))}, city: Kyiv, country: Ukraine}}\n"),
                          ("campaigns", f"call_to_action:\n  - {{label: {yaml_text(hostile('cta'))}, url: 'https://example.org/'}}\n")):
        project.write(f"docs/{folder}/item.md", f"---\ntitle: {yaml_text(hostile(folder))}\nsummary: {yaml_text(hostile(folder + '-summary'))}\n"
                                              f"{common}{extra}---\nBody.\n")
    project.write("docs/about.md", f"---\ntitle: {yaml_text(hostile('page'))}\nsummary: {yaml_text(hostile('page-summary'))}\npeople: none\n---\nAbout.\n")
    project.write("stories/voices/index.md", f"---\ntitle: {yaml_text(hostile('series'))}\nsummary: {yaml_text(hostile('series-summary'))}\n"
                                             f"people: none\ncadence: {yaml_text(hostile('cadence'))}\n---\nSeries.\n")
    project.write("stories/voices/01-first.md", f"---\ntitle: {yaml_text(hostile('story'))}\nsummary: {yaml_text(hostile('story-summary'))}\n{common}---\nStory.\n")
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "advocacy: {en: Advocacy,", f"advocacy: {{en: {yaml_text(hostile('category'))},"), encoding="utf-8")
    result = project.build()
    assert result.returncode == 0, result.output
    # a page's own scripts are refused (page_loads.py), so the control that proves the probe is written by hand
    control = result.site / "positive-control/index.html"
    control.parent.mkdir()
    control.write_text("<!doctype html><title>Control</title><script>window.hxPwned='control'</script>", encoding="utf-8")
    return result.site


PAGES = ["", "news/", "news/item/", "interviews/item/", "events/", "events/item/", "campaigns/item/",
         "organizations/", "organizations/numo-sestry/", "stories/", "stories/voices/", "stories/voices/first/",
         "about/", "categories/", "categories/advocacy/", "subscribe/"]


def test_no_script_from_front_matter_runs_on_any_page_type(hostile_site):
    server = SiteServer(hostile_site).start()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            page = browser.new_context().new_page()
            dialogs = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(server.url("positive-control/"))
            assert page.evaluate("window.hxPwned") == "control"  # the probe notices a script that runs
            for path in PAGES:
                response = page.goto(server.url(path))
                assert response is not None and response.status == 200, path
                assert "Safe" in page.content(), path  # the hostile field is on the page, as text
                assert page.evaluate("window.hxPwned === undefined"), (path, page.evaluate("window.hxPwned"))
            assert dialogs == []
        finally:
            browser.close()
            server.stop()
