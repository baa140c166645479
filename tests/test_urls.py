"""Relative links: the fast path gives what posixpath.relpath gives, for every shape of URL."""
from __future__ import annotations

import posixpath
import random

from hromada.urls import relative


def _by_relpath(from_url: str, to_url: str) -> str:
    base = posixpath.dirname(from_url) if not from_url.endswith("/") else from_url.rstrip("/")
    target, slash = to_url.rstrip("/"), to_url.endswith("/") or to_url == ""
    rel = posixpath.relpath(target or ".", base or ".")
    return "./" if rel == "." else rel + ("/" if slash else "")


def test_relative_links_between_pages():
    assert relative("news/x/", "news/y/") == "../y/"
    assert relative("uk/news/x/", "news/x/") == "../../../news/x/"
    assert relative("news/x/", "news/x/") == "./"
    assert relative("", "uk/") == "uk/"
    assert relative("uk/", "") == "../"
    assert relative("news/x/", "assets/images/a.jpg") == "../../assets/images/a.jpg"
    assert relative("news/x/", "https://example.org/") == "https://example.org/"


def test_relative_is_relpath_for_any_url_shape():
    rng = random.Random(7)
    parts = ["news", "uk", "x", "a", "index.html", "page", "2", "ru", "events.ics"]

    def url() -> str:
        u = "/".join(rng.choice(parts) for _ in range(rng.randint(0, 4)))
        odd = rng.random()
        if odd < 0.5 and u:
            return u + "/"
        if odd < 0.55:
            return u + "/./x"  # shapes no page has: the slow path answers them
        if odd < 0.6:
            return "../" + u
        return u + "//y" if odd < 0.62 else u

    for _ in range(20000):
        a, b = url(), url()
        assert relative(a, b) == _by_relpath(a, b), (a, b)
