"""Which Host a staff preview answers: its address as an IP, or `localhost`, never another name.

A preview serves what the site must not: drafts, pages of people whose consent
was withdrawn, and the list of everything held back (/preview/). It listens on
127.0.0.1, but a web page that staff open elsewhere can still reach it by DNS
rebinding: its own name (attacker.example) is made to resolve to 127.0.0.1, and
the browser then lets that page read the preview as if it were its own site.
Such a request names the attacker's host in its Host header. An IP address, or
`localhost`, cannot be rebound, so a request naming one of them comes from a
browser that was given the address itself; every other name is refused. Both previews listen on a loopback address
only (`is_local_address`: `hromada serve -a` and mkdocs.yml's `dev_addr` are refused
otherwise), and ask this module: `hromada serve` (serve.py) and `mkdocs serve`
(the hooks' on_serve).
"""
from __future__ import annotations

import ipaddress
from typing import Callable, Iterable

#: Names that always mean this machine (RFC 6761: every name under .localhost, too).
LOCAL_NAMES = ("localhost",)


def _hostname(host_header: str) -> str | None:
    """The host of a Host header, without its port: `[::1]:8000` -> `::1`, `a.b:80` -> `a.b`;
    None when it is not one host and an optional port (`[::1]x.evil`, `a.b:80x`): red-team
    round 5 found `[::1]x.evil` taken for `::1`."""
    host = host_header.strip()
    if host.startswith("["):
        end = host.find("]")
        rest = host[end + 1:] if end > 0 else "?"
        return host[1:end] if rest == "" or (rest[:1] == ":" and rest[1:].isdigit()) else None
    name, colon, port = host.rpartition(":") if host.count(":") == 1 else (host, "", "")
    return name if not colon or port.isdigit() else None


def allowed(host_header: str | None) -> bool:
    """Whether a request with this Host header may be answered (no header: an HTTP/1.0 client
    that no browser is; a browser always sends one)."""
    if host_header is None:
        return True
    name = _hostname(host_header)
    if name is None:
        return False
    name = name.rstrip(".").lower()
    if name in LOCAL_NAMES or name.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def is_local_address(host: str) -> bool:
    """Whether a preview listening on `host` answers this computer only: a loopback IP
    (127.x.x.x, ::1) or `localhost`. 0.0.0.0, a network card's address or a name would let
    anyone on the network (a shared office, a café's Wi-Fi) read what the preview shows."""
    name = host.strip().strip("[]").rstrip(".").lower()
    if name in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


LISTEN_EXPECTED = ("127.0.0.1 with a port, like 127.0.0.1:8000 (this computer only): a preview shows drafts and "
                   "pages held back by consent, and must not answer others on the network")


def refusal(host_header: str) -> bytes:
    """The answer to a refused request: what happened and how to reach the preview."""
    shown = "".join(ch if ch.isprintable() else "?" for ch in host_header)[:100]
    return (f"This staff preview answers only at its own address (http://127.0.0.1:PORT/ or http://localhost:PORT/), "
            f"not under the name '{shown}': a web page could otherwise read unpublished pages through it.\n").encode()


def guard_wsgi(app: Callable) -> Callable:
    """A WSGI app (MkDocs' own preview server) that refuses other names with 403."""

    def guarded(environ: dict, start_response: Callable) -> Iterable[bytes]:
        host = environ.get("HTTP_HOST")
        if allowed(host):
            return app(environ, start_response)
        body = refusal(host or "")
        start_response("403 Forbidden", [("Content-Type", "text/plain; charset=utf-8"),
                                         ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
        return [body]

    return guarded
