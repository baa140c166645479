"""Links between site-relative URLs, so the site works under any path (and from disk); the host an address names."""
from __future__ import annotations

import posixpath
from urllib.parse import unquote


def relative(from_url: str, to_url: str) -> str:
    """Relative link from page `from_url` to `to_url` (both like 'uk/news/x/')."""
    if "://" in to_url or to_url.startswith(("mailto:", "#")):
        return to_url
    base = posixpath.dirname(from_url) if not from_url.endswith("/") else from_url.rstrip("/")
    target, slash = to_url.rstrip("/"), to_url.endswith("/") or to_url == ""
    rel = _relpath(target, base)
    if rel == ".":
        return "./"
    return rel + ("/" if slash else "")


def _relpath(target: str, base: str) -> str:
    """posixpath.relpath(target or ".", base or "."), by splitting plain paths: a page draws
    thousands of links (cards, switchers), and relpath makes both absolute first."""
    to = target.split("/") if target else []
    frm = base.split("/") if base else []
    if any(part in ("", ".", "..") for part in (*to, *frm)) or target.startswith("/") or base.startswith("/"):
        return posixpath.relpath(target or ".", base or ".")
    common = 0
    for a, b in zip(to, frm):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(frm) - common) + to[common:]) or "."


def absolute(site_url: str, url: str) -> str:
    return site_url.rstrip("/") + "/" + url.lstrip("/")


def host_name(authority: str) -> str:
    """The host an authority (`user@Host.:443`) names, as DNS compares it: without user
    and port, percent-decoded, IDNA-mapped (full-width letters and dots, upper case), no
    trailing dot. Any port counts: an address with our host names our page on any port."""
    host = authority.rpartition("@")[2]
    host = host[: host.find("]") + 1] if host.startswith("[") else host.partition(":")[0]
    host = unquote(host)
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    return host.lower().rstrip(".")


def same_site(authority: str, site_host: str) -> bool:
    """Whether an address's authority names this site: any spelling of its host (host_name),
    with or without `www.` in front (most sites answer under both, one redirecting to the
    other, so a link to www.<our host>/news/x/ shows our page news/x/)."""
    if not site_host:
        return False
    a, b = host_name(authority), host_name(site_host)
    return bool(a) and (a == b or a.removeprefix("www.") == b.removeprefix("www."))
