"""Pagination of every listing, built: each item once, every link resolving."""
from __future__ import annotations

import re

from test_site import resolve


def test_paginated_listings_hold_each_item_once(project):
    cfg = project.root / "mkdocs.yml"
    cfg.write_text(cfg.read_text().replace("page_size: 10", "page_size: 2"))
    for i in range(1, 6):
        project.write(f"docs/news/n{i}.md", f"---\ntitle: N{i}\ndate: 2025-01-0{i}\nsummary: s\npeople: none\n"
                                           f"organization: numo-sestry\ncategories: [advocacy]\n---\nBody\n")
    for i in range(1, 4):
        project.write(f"docs/organizations/org{i}.md", f"---\ntitle: Org {i}\nsummary: s\npeople: none\n---\n")
        project.write(f"stories/s{i}/index.md", f"---\ntitle: S{i}\nsummary: s\npeople: none\ncadence: monthly\n---\n")
        project.write(f"stories/s{i}/01-a.md", f"---\ntitle: S{i} part\ndate: 2025-02-0{i}\nsummary: s\npeople: none\n---\n")
    result = project.build()
    assert result.returncode == 0, result.output
    site = result.site
    for base, expected in [("news/", [f"n{i}" for i in range(5, 0, -1)]),
                           ("categories/advocacy/", [f"n{i}" for i in range(5, 0, -1)]),
                           ("organizations/", ["numo-sestry", "org1", "org2", "org3"]),
                           ("stories/", ["s3", "s2", "s1"])]:
        seen, page = [], site / base / "index.html"
        while page is not None:
            html = page.read_text(encoding="utf-8")
            seen += re.findall(r'<h[23] class="hx-card__title"><a href="[^"]*?([\w-]+)/">', html)
            nxt = re.search(r'rel="next" href="([^"]+)"', html)
            page = resolve(site, page, nxt.group(1)) if nxt else None
            assert page is None or page.is_file()
        assert seen == expected, (base, seen)
    # the organisation's own page is page 1 of its publications
    org = (site / "organizations/numo-sestry/index.html").read_text(encoding="utf-8")
    assert "N5" in org and "N3" not in org and 'href="page/2/"' in org
    assert (site / "organizations/numo-sestry/page/3/index.html").is_file()
