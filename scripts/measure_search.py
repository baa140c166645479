"""Measure what a reader downloads, in headless Chromium, from a server that gzips like static hosts.

    python scripts/measure_search.py                # the example site
    python scripts/measure_search.py --items 2500   # also a generated site of 2,500 items x 4 languages

For each site and language it prints: a story page's bytes on the wire before
images (and whether anything site-sized like a sitemap or an index was
fetched), the first search (page-load search assets, word table and the first
query) and the largest of four further queries, one of each kind a reader
types: the word as on the pages, another form of it, a prefix, and a keyboard
substitute (each may fetch a word-table chunk and several index chunks).
Budgets: page <= 100 KB, first search <= 300 KB, each further query <= 60 KB.
Needs Debian's chromium at /usr/bin/chromium.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(REPO / "tests")]

from browser_support import SiteServer, Transfer, run_search  # noqa: E402
from synthetic_site import make  # noqa: E402

KB = 1024
BUDGETS = {"page": 100 * KB, "first search": 300 * KB, "next query": 60 * KB}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: (language, page to open, first query, further queries: as written, another form, prefix, keyboard)
EXAMPLE = [("en", "stories/self-help-leaders/gulnora-door-to-door/", "captivity",
            ("letters", "letter", "lett", "WOMEN’S")),
           ("uk", "uk/stories/sisters-voices/halyna-first-day-at-work/", "полону",
            ("звільнення", "жінками", "організ", "повʼязане")),
           ("ru", "ru/stories/self-help-leaders/gulnora-door-to-door/", "женщины",
            ("насилие", "людьми", "партнёрс", "партнерство")),
           ("tg", "tg/stories/self-help-leaders/gulnora-door-to-door/", "занон",
            ("гурӯҳ", "гурӯҳҳоро", "кӯда", "хукуки"))]
SYNTHETIC = {"en": ("justice", ("families", "family", "justi", "FAMILIES")),
             "uk": ("правосуддя", ("родини", "родинами", "правос", "пoлон")),     # Latin o
             "ru": ("правосудие", ("семьи", "семьями", "правос", "шитье")),       # е for ё
             "tg": ("адолат", ("оилаҳо", "оилаҳоро", "ҷабрд", "хукук"))}          # х for ҳ


def synthetic_pages(site: Path) -> list[tuple[str, str, str, tuple[str, ...]]]:
    story = next(p for p in sorted((site / "stories").glob("*/*/index.html")) if p.parent.name[0].isdigit())
    rel = story.parent.relative_to(site).as_posix() + "/"
    return [(lang, (f"{lang}/" if lang != "en" else "") + rel, *SYNTHETIC[lang]) for lang in ("en", "uk", "ru", "tg")]


def build(project: Path, site: Path) -> None:
    env = {**os.environ, "HROMADA_NOW": "2026-11-23T12:00:00+00:00", "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=project, env=env, check=True)


def measure(site: Path, plan, label: str) -> list[tuple]:
    from playwright.sync_api import sync_playwright

    rows = []
    server = SiteServer(site, compress=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for lang, rel, first, further in plan:
                context = browser.new_context()
                page = context.new_page()
                transfer = Transfer(context, page)
                page.goto(server.url(rel), wait_until="networkidle")
                page_bytes, loaded = transfer.since_mark(images=False)
                growing = [u for u, _, _ in loaded if "sitemap" in u or "pagefind" in u or "search_index" in u]
                links = run_search(page, first)
                first_bytes, _ = transfer.since_mark()
                costs = []
                for query in further:
                    found = run_search(page, query)
                    costs.append((transfer.since_mark()[0], query, len(found)))
                    links += found
                next_bytes, worst, _ = max(costs)
                own = all(f"/{lang}/" in u if lang != "en" else not any(f"/{x}/" in u for x in ("uk", "ru", "tg")) for u in links)
                found_all = all(n for _, _, n in costs)
                rows.append((label, lang, page_bytes, first_bytes, next_bytes, worst, len(links) if found_all else 0,
                             own, growing))
                context.close()
            browser.close()
    finally:
        server.stop()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=0, help="also measure a generated site with this many items per language")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        example = Path(tmp) / "example"
        build(REPO, example)
        rows += measure(example, EXAMPLE, "example")
        if args.items:
            project = make(Path(tmp) / "synthetic", args.items)
            site = project / "site"
            build(project, site)
            pages = sum(1 for _ in site.rglob("index.html"))
            rows += measure(site, synthetic_pages(site), f"{pages} pages")
    print(f"{'site':>12} {'lang':>4} {'page KB':>8} {'1st search KB':>14} {'max next KB':>12} {'(query)':>12} {'results':>8} {'own lang':>8}  site-sized fetch on page view")
    ok = True
    for label, lang, page_b, first_b, next_b, worst, n, own, growing in rows:
        within = page_b <= BUDGETS["page"] and first_b <= BUDGETS["first search"] and next_b <= BUDGETS["next query"]
        ok = ok and within and own and not growing and n > 0
        print(f"{label:>12} {lang:>4} {page_b / KB:>8.1f} {first_b / KB:>14.1f} {next_b / KB:>12.1f} {worst:>12} {n:>8} {str(own):>8}  {growing or 'none'}")
    print("budgets: page <= 100 KB before images, first search <= 300 KB, further query <= 60 KB:", "met" if ok else "NOT MET")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
