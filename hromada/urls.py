"""Links between site-relative URLs, so the site works under any path (and from disk); the host an address names;
an address as a browser reads it (`browser_href`, the WHATWG URL standard) and a srcset's candidates."""
from __future__ import annotations

import functools
import posixpath
import re
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


# --- reading an address as a browser does (https://url.spec.whatwg.org/#concept-basic-url-parser) ----------
#: Schemes whose addresses have a host and a path of segments; `\` is a `/` in them. (`file:` is
#: special too, but names no file of a web site: it is read as no address of ours.)
_SPECIAL_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443, "ftp": 21}
_C0_OR_SPACE = "".join(map(chr, range(0x21)))
_TAB_OR_NEWLINE = str.maketrans("", "", "\t\n\r")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
#: Percent-encode sets (beyond C0 controls and non-ASCII, always encoded).
_FRAGMENT_SET = frozenset(' "<>`')
_SPECIAL_QUERY_SET = frozenset(" \"#<>'")
_PATH_SET = frozenset(' "#<>?^`{}|')  # `|`: Chromium's, beyond the standard
_USERINFO_SET = _PATH_SET | frozenset("/:;=@[\\]|'")
#: What a host may not hold (after percent-decoding), and what Chromium percent-encodes in one.
_FORBIDDEN_HOST = frozenset("#/:<>?@[\\]^|%\x7f") | frozenset(map(chr, range(0x20)))
_DOTS = re.compile("[.\u3002\uff0e\uff61]")
_ENCODED_IN_HOST = str.maketrans({" ": "%20", "*": "%2A"})
_DOUBLE_DOT = frozenset({"..", ".%2e", "%2e.", "%2e%2e"})
_SINGLE_DOT = frozenset({".", "%2e"})


def _encode(text: str, also: frozenset[str]) -> str:
    if text.isascii() and text.isprintable() and not any(ch in also for ch in text):
        return text
    out = []
    for ch in text:
        if ch < " " or ch > "~" or ch in also:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8", "replace")))
        else:
            out.append(ch)
    return "".join(out)


def _ipv4_number(part: str) -> int | None:
    if part[:2].lower() == "0x":
        digits, base, allowed = part[2:], 16, "0123456789abcdefABCDEF"
    elif len(part) > 1 and part[0] == "0":
        digits, base, allowed = part[1:], 8, "01234567"
    else:
        digits, base, allowed = part, 10, "0123456789"
    if not part or not all(c in allowed for c in digits):
        return None
    return int(digits, base) if digits else 0


def _ipv4(host: str) -> str | None:
    """The dotted form of a host that ends in a number (`0x7f.1` -> `127.0.0.1`), or None when it
    is not one; '' when it is an invalid one (a browser refuses the address)."""
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    last = parts[-1]
    if not (last and (last.isdigit() and last.isascii() or last[:2].lower() == "0x" and all(c in "0123456789abcdefABCDEF" for c in last[2:]))):
        return None
    if len(parts) > 4:
        return ""
    numbers = [_ipv4_number(p) for p in parts]
    if any(n is None for n in numbers) or any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        return ""
    value = numbers[-1] + sum(n * 256 ** (3 - i) for i, n in enumerate(numbers[:-1]))
    return ".".join(str(value >> shift & 255) for shift in (24, 16, 8, 0))


def _host(text: str) -> str | None:
    """A special address's host as a browser writes it, or None (the browser refuses the address)."""
    if text.startswith("["):
        if not text.endswith("]"):
            return None
        import ipaddress
        try:
            return f"[{ipaddress.IPv6Address(text[1:-1]).compressed}]"
        except ValueError:
            return None
    host = unquote(text, errors="replace")
    if not host or any(ch in _FORBIDDEN_HOST for ch in host):
        return None
    host = host.lower().translate(_ENCODED_IN_HOST)
    if not host.isascii():  # full-width letters and dots, a soft hyphen ...: label by label
        try:
            host = ".".join(label.encode("idna").decode("ascii") if label else "" for label in _DOTS.split(host))
            host = host.replace("%2a", "%2A")  # the codec writes an escape in lower case
        except UnicodeError:
            return None
    number = _ipv4(host)
    return host if number is None else (number or None)


def _special(rest: str, scheme: str, base: tuple | None) -> tuple | None:
    """(scheme, userinfo, host, port, path segments, query, fragment) of a special address's
    `rest` (after its scheme, or all of a relative one), against `base` (parsed the same way)."""
    n, i = len(rest), 0
    userinfo = host = port = query = fragment = None
    path: list[str] = []
    read_path = True
    if base is not None and base[0] == scheme and not (n >= 2 and rest[0] in "/\\" and rest[1] in "/\\"):
        # relative: a path from the root, a path from the base's folder, a query, a fragment
        _, userinfo, host, port, base_path, base_query, _ = base
        first = rest[:1]
        if first in ("/", "\\"):
            i = 1
        elif first in ("?", "#", ""):
            path, read_path = list(base_path), False
            if first != "?":
                query = base_query
        else:
            path = list(base_path[:-1])
    else:  # a host: after any number of slashes, either way round
        while i < n and rest[i] in "/\\":
            i += 1
        end = i
        while end < n and rest[end] not in "/\\?#":
            end += 1
        authority, i = rest[i:end], end
        if "@" in authority:
            info, _, authority = authority.rpartition("@")
            user, _, password = info.partition(":")
            userinfo = (_encode(user, _USERINFO_SET) + (":" + _encode(password, _USERINFO_SET) if password else "")) or None
        bracket, colon = authority.rfind("]"), authority.rfind(":")
        if colon > bracket:
            authority, digits = authority[:colon], authority[colon + 1:]
            if digits:
                if not (digits.isascii() and digits.isdigit()) or int(digits) > 65535:
                    return None
                port = None if int(digits) == _SPECIAL_PORTS[scheme] else int(digits)
        host = _host(authority)
        if host is None:
            return None
        if i < n and rest[i] in "/\\":
            i += 1
    if read_path:  # segments split at `/` or `\`, dot segments resolved
        end = i
        while end < n and rest[end] not in "?#":
            end += 1
        segments = re.split(r"[/\\]", rest[i:end])
        for k, segment in enumerate(segments):
            last, lower = k == len(segments) - 1, segment.lower()
            if lower in _DOUBLE_DOT:
                if path:
                    path.pop()
                if last:
                    path.append("")
            elif lower in _SINGLE_DOT:
                if last:
                    path.append("")
            else:
                path.append(_encode(segment, _PATH_SET))
        i = end
    if i < n and rest[i] == "?":
        end = rest.find("#", i)
        end = n if end < 0 else end
        query, i = _encode(rest[i + 1:end], _SPECIAL_QUERY_SET), end
    if i < n and rest[i] == "#":
        fragment = _encode(rest[i + 1:], _FRAGMENT_SET)
    return scheme, userinfo, host, port, tuple(path), query, fragment


def _serialize(url: tuple) -> str:
    scheme, userinfo, host, port, path, query, fragment = url
    return (f"{scheme}://" + (f"{userinfo}@" if userinfo else "") + host + (f":{port}" if port is not None else "")
            + "".join("/" + segment for segment in path)
            + (f"?{query}" if query is not None else "") + (f"#{fragment}" if fragment is not None else ""))


@functools.lru_cache(maxsize=1 << 14)
def _parse(address: str, base: str | None) -> tuple | str | None:
    s = address.strip(_C0_OR_SPACE).translate(_TAB_OR_NEWLINE)
    m = _SCHEME.match(s)
    scheme = m.group(0)[:-1].lower() if m else None
    parsed_base = None
    if base is not None:
        parsed_base = _parse(base, None)
        if not isinstance(parsed_base, tuple):
            parsed_base = None
    if scheme is None:
        if parsed_base is None:
            return None
        return _special(s, parsed_base[0], parsed_base)
    if scheme not in _SPECIAL_PORTS:
        return f"{scheme}:{s[m.end():]}"  # another kind of address (mailto:, data:, file: ...): as written
    return _special(s[m.end():], scheme, parsed_base)


def browser_href(address: str, base: str | None = None) -> str | None:
    """What a browser makes of `address` on a page at `base` (an absolute http(s) address):
    `new URL(address, base).href`, the WHATWG URL standard's reading, which every browser follows.
    Leading and trailing controls and spaces go, tabs and line breaks anywhere; `\\` is `/`;
    `https:/host/x` and `https:host/x` name the host `host`, but on a page of the same scheme
    (an https page) are paths on the page's own host; the scheme and host are written in lower
    case, a host in its ASCII form, a default port left out; `.` and `..` segments (`%2e` too)
    are resolved, `..` stopping at the root; what may not stand in an address is percent-encoded
    (percent escapes already there stay as written). None when a browser refuses the address
    (an invalid host or port, a relative address without a page). An address of another scheme
    (`mailto:`, `data:`, `file:`) is returned with its scheme in lower case, tabs and line breaks
    taken out, not read further."""
    parsed = _parse(address, base)
    if parsed is None or isinstance(parsed, str):
        return parsed
    return _serialize(parsed)


_HTML_SPACE = "\t\n\f\r "


def srcset_candidates(value: str) -> list[tuple[str, str]]:
    """(address, descriptors) of each image candidate of a `srcset` as a browser splits it
    (https://html.spec.whatwg.org/#parse-a-srcset-attribute): an address is a run of
    characters up to a space, so it may hold commas (`a,b.jpg 2x`); commas at its end part
    it from the next candidate; descriptors run to a comma outside parentheses."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(value)
    while i < n:
        while i < n and (value[i] in _HTML_SPACE or value[i] == ","):
            i += 1
        if i >= n:
            break
        start = i
        while i < n and value[i] not in _HTML_SPACE:
            i += 1
        url = value[start:i]
        descriptors = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            start, depth = i, 0
            while i < n and (depth or value[i] != ","):
                if value[i] == "(":
                    depth += 1
                elif value[i] == ")" and depth:
                    depth -= 1
                i += 1
            descriptors = value[start:i].strip(_HTML_SPACE)
        if url:
            out.append((url, descriptors))
    return out
