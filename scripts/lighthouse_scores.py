"""Lighthouse mobile scores for a page of each type in each language, offline.

    npm ci --prefix scripts/lighthouse               # once: Lighthouse 12 into scripts/lighthouse/node_modules
    python scripts/lighthouse_scores.py              # builds the example site into a temporary folder
    python scripts/lighthouse_scores.py --site site  # or measures a site already built
    python scripts/lighthouse_scores.py --lang en --json-dir /tmp/lhr   # one language, keep the reports

The site is served from 127.0.0.1 with gzip, as a static host serves it
(tests/browser_support.SiteServer, which also points the quick-exit link at a
neutral page on the same server). For the home page, the news listing, a story
part, a campaign and an event in each of en, uk, ru and tg, Lighthouse runs one
at a time (mobile form factor, default simulated throttling) against Debian's
Chromium and the script prints performance, accessibility, best practices and
SEO, then, for each score below 100, the audits that failed.

Nothing may leave 127.0.0.1, and the script checks rather than trusts it:

- Chromium gets a proxy that only records and refuses (loopback bypasses it,
  so the measured page is not proxied) and host-resolver rules that resolve no
  name but the loopback: whatever the browser tries to fetch from elsewhere,
  page or browser service, is refused and listed.
- Lighthouse's Node process gets a preload that refuses and records any socket
  to a host other than the loopback, and any name lookup other than localhost.
- Error reporting (Sentry) is off; Lighthouse makes no CrUX/field-data call, no
  update check and no telemetry of its own (its fetches go through the page).
  Chromium's background networking, component updates, sync, network time,
  domain reliability, phishing detection, translation and optimization hints
  are off by flag (chrome-launcher's defaults plus ours).
- Two Chromium services have no off switch: Google-account ListAccounts
  (sent when a profile starts) and the component updater's on-demand check
  for the "Optimization Guide On Device Models" manifest. --gaia-url and
  --component-updater=url-source point them at the refusing proxy's own
  loopback address, where they are counted and refused.

Exit status: 0 when every page scores 100 in all four categories and nothing
left 127.0.0.1, 1 otherwise, 2 when it could not measure.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO / "tests")]

from browser_support import LANGS, SiteServer  # noqa: E402

LIGHTHOUSE_DIR = HERE / "lighthouse"
LIGHTHOUSE = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
CHROME = "/usr/bin/chromium"
NOW = "2026-11-23T12:00:00+00:00"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
#: chrome-launcher's own --disable-features list (Lighthouse 12.8), repeated because a
#: second --disable-features replaces the first, plus what stops Chromium's network-time
#: query (clients2.google.com/time).
DISABLED_FEATURES = ("Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,CalculateNativeWinOcclusion,"
                     "InterestFeedContentSuggestions,CertificateTransparencyComponentUpdater,"
                     "AutofillServerCommunication,PrivacySandboxSettings4,RenderDocument,NetworkTimeServiceQuerying")
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                f"--disable-features={DISABLED_FEATURES}",
                "--disable-domain-reliability", "--disable-client-side-phishing-detection",
                "--disable-default-apps", "--disable-extensions", "--no-default-browser-check",
                "--metrics-recording-only", "--no-pings",
                # No name resolves but the loopback (quoted: Lighthouse splits --chrome-flags like a shell).
                '--host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"']


def chrome_flags(refusals_port: int) -> list[str]:
    """CHROME_FLAGS plus the proxy that refuses, and the two services no flag turns off
    pointed at it on the loopback: Google-account sign-in's ListAccounts
    (IdentityManager asks it whenever a profile's network starts) and the component
    updater's on-demand install of the "Optimization Guide On Device Models"
    manifest, which --disable-component-update does not stop."""
    here = f"http://127.0.0.1:{refusals_port}"
    return CHROME_FLAGS + [f"--proxy-server={here}", "--proxy-bypass-list=127.0.0.1;localhost",
                           f"--gaia-url={here}/", f"--component-updater=url-source={here}/service/update2/json"]


#: Preloaded into Lighthouse's Node process (NODE_OPTIONS=--require): refuse and record
#: any connection or name lookup that is not the loopback.
NODE_GUARD = r"""
'use strict';
const net = require('net'), dns = require('dns'), fs = require('fs');
const LOG = process.env.HX_NET_LOG;
const OK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]', '']);
function note(what) { try { fs.appendFileSync(LOG, what + '\n'); } catch (e) {} }
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  let o = args[0];
  if (Array.isArray(o)) o = o[0];
  let host;
  if (o && typeof o === 'object') { if (o.path) return connect.apply(this, args); host = o.host; }
  else if (typeof o === 'number' || typeof o === 'string') { if (typeof o === 'string' && isNaN(+o)) return connect.apply(this, args); host = typeof args[1] === 'string' ? args[1] : undefined; }
  host = String(host === undefined ? 'localhost' : host);
  if (!OK.has(host)) {
    note('node socket ' + host + ':' + (o && o.port !== undefined ? o.port : args[0]));
    process.nextTick(() => this.destroy(new Error('hromada: no connections outside 127.0.0.1 (' + host + ')')));
    return this;
  }
  return connect.apply(this, args);
};
const lookup = dns.lookup;
dns.lookup = function (name, options, callback) {
  if (OK.has(String(name))) return lookup.apply(this, arguments);
  note('node dns ' + name);
  const cb = typeof options === 'function' ? options : callback;
  const error = Object.assign(new Error('hromada: no lookups outside 127.0.0.1 (' + name + ')'), {code: 'ENOTFOUND'});
  process.nextTick(() => cb(error));
};
const plookup = dns.promises.lookup;
dns.promises.lookup = function (name, ...rest) {
  if (OK.has(String(name))) return plookup.call(this, name, ...rest);
  note('node dns ' + name);
  return Promise.reject(Object.assign(new Error('hromada: no lookups outside 127.0.0.1 (' + name + ')'), {code: 'ENOTFOUND'}));
};
"""


# --- what must not happen: requests outside 127.0.0.1 -----------------------------
class Refusals:
    """A proxy for Chromium that records every request it is given and refuses it.

    It also receives, as a plain server, the requests of the Chromium services that
    no flag turns off and that chrome_flags() points here: those never left the
    loopback and are listed in `redirected`, the rest in `seen`."""

    def __init__(self):
        self.seen: list[str] = []
        self.redirected: list[str] = []
        seen, redirected = self.seen, self.redirected

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args):  # noqa: A002
                pass

            def _refuse(self):
                (redirected if self.path.startswith("/") else seen).append(f"{self.command} {self.path}")
                self.send_response(403)
                self.send_header("Content-Length", "0")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True

            do_CONNECT = do_GET = do_POST = do_HEAD = do_PUT = do_OPTIONS = do_DELETE = _refuse  # noqa: N815

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="hromada-refusals", daemon=True)

    def __enter__(self) -> "Refusals":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def outside(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOOPBACK


# --- the pages ------------------------------------------------------------------------
def find_pages(site: Path, langs) -> list[tuple[str, str, str]]:
    """(language, kind, site-relative URL): the first page of each kind built in each language."""

    def prefix(lang: str) -> str:
        return "" if lang == "en" else f"{lang}/"

    def first(lang: str, pattern: str) -> str | None:
        root = site / prefix(lang).rstrip("/") if lang != "en" else site
        for index in sorted(root.glob(pattern)):
            folder = index.parent.relative_to(site).as_posix()
            if folder.split("/")[-1] not in ("page", "img"):
                return folder + "/"
        return None

    pages = []
    for lang in langs:
        found = {
            "home": prefix(lang) if (site / prefix(lang) / "index.html").is_file() else None,
            "listing": prefix(lang) + "news/" if (site / prefix(lang) / "news" / "index.html").is_file() else None,
            "story": first(lang, "stories/*/[0-9]*/index.html"),
            "campaign": first(lang, "campaigns/*/index.html"),
            "event": first(lang, "events/*/index.html"),
        }
        for kind, rel in found.items():
            if rel is None:
                print(f"note: no {kind} page in {lang}", file=sys.stderr)
            else:
                pages.append((lang, kind, rel))
    return pages


def build(site: Path) -> None:
    env = {**os.environ, "HROMADA_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=REPO, env=env, check=True)


# --- one Lighthouse run ----------------------------------------------------------------
def lighthouse(url: str, out: Path, proxy_port: int, guard: Path, net_log: Path) -> dict:
    flags = chrome_flags(proxy_port)
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
               "--form-factor=mobile", f"--only-categories={','.join(CATEGORIES)}",
               "--no-enable-error-reporting", "--chrome-flags=" + " ".join(flags)]
    env = {**os.environ, "CHROME_PATH": CHROME, "HX_NET_LOG": str(net_log), "CI": "1",
           "NODE_OPTIONS": f"--require={guard}"}
    run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    if run.returncode != 0 or not out.is_file():
        raise RuntimeError(f"lighthouse failed on {url} ({run.returncode}):\n{run.stderr[-3000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def failing(lhr: dict, category: str) -> list[tuple[str, str, str]]:
    """(audit id, title, detail) for the audits that cost `category` points (and, for
    performance, the opportunities Lighthouse flags)."""
    audits = lhr["audits"]
    rows = []
    for ref in lhr["categories"][category]["auditRefs"]:
        audit = audits.get(ref["id"], {})
        score = audit.get("score")
        if score is None or score >= 1 or audit.get("scoreDisplayMode") in ("notApplicable", "manual", "informative"):
            continue
        if ref.get("weight", 0) > 0:
            rows.append((ref["id"], audit.get("title", ""), audit.get("displayValue", "") or where(audit)))
        elif category == "performance" and score < 0.9:
            rows.append((ref["id"], audit.get("title", ""), ("(not scored) " + audit.get("displayValue", "")).strip()))
    return rows


def where(audit: dict, most: int = 3) -> str:
    """The distinct elements an audit flags, by CSS selector: 'at sel1; sel2 (+2 more)'."""
    selectors = []
    for item in (audit.get("details") or {}).get("items", []):
        selector = (item.get("node") or {}).get("selector")
        if selector and selector not in selectors:
            selectors.append(selector)
    if not selectors:
        return ""
    more = f" (+{len(selectors) - most} more)" if len(selectors) > most else ""
    return "at " + "; ".join(selectors[:most]) + more


def requests_outside(lhr: dict) -> list[str]:
    items = (lhr["audits"].get("network-requests", {}).get("details") or {}).get("items", [])
    return [item["url"] for item in items if outside(item.get("url", ""))]


# --- the whole run -----------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="a built site (default: build the example site)")
    parser.add_argument("--lang", action="append", choices=LANGS, help="only this language (repeatable)")
    parser.add_argument("--json-dir", type=Path, help="keep Lighthouse's JSON reports here")
    args = parser.parse_args()
    if not LIGHTHOUSE.is_file():
        print(f"Lighthouse is not installed: run  npm ci --prefix {LIGHTHOUSE_DIR.relative_to(REPO)}", file=sys.stderr)
        return 2
    if not Path(CHROME).is_file():
        print(f"no Chromium at {CHROME}", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="hromada-lighthouse-") as tmp:
        tmp_path = Path(tmp)
        site = args.site
        if site is None:
            site = tmp_path / "site"
            build(site)
        reports = args.json_dir or tmp_path / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        guard = tmp_path / "guard.cjs"
        guard.write_text(NODE_GUARD, encoding="utf-8")
        net_log = tmp_path / "node-net.log"
        net_log.touch()

        pages = find_pages(site, args.lang or LANGS)
        results = []
        server = SiteServer(site, compress=True).start()
        try:
            with Refusals() as refusals:
                for lang, kind, rel in pages:
                    started = time.monotonic()
                    lhr = lighthouse(server.url(rel), reports / f"{lang}-{kind}.json", refusals.port, guard, net_log)
                    scores = {c: round((lhr["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
                    print(f"  {lang} {kind:<8} {' '.join(f'{scores[c]:>3}' for c in CATEGORIES)}"
                          f"  ({time.monotonic() - started:.0f} s)  /{rel}", file=sys.stderr, flush=True)
                    results.append((lang, kind, rel, lhr, scores))
                browser_refused = [line.split("?")[0] for line in refusals.seen]
                redirected = [line.split("?")[0] for line in refusals.redirected]
        finally:
            server.stop()
        node_refused = [line for line in net_log.read_text(encoding="utf-8").splitlines() if line]

    # The table
    lighthouse_version = results[0][3].get("lighthouseVersion", "?") if results else "?"
    chrome_version = results[0][3].get("environment", {}).get("hostUserAgent", "?") if results else "?"
    print(f"Lighthouse {lighthouse_version}, mobile, simulated throttling; {chrome_version}")
    print()
    print("| Language | Page | URL | Performance | Accessibility | Best practices | SEO |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for lang, kind, rel, _, scores in results:
        print(f"| {lang} | {kind} | `/{rel}` | " + " | ".join(str(scores[c]) for c in CATEGORIES) + " |")

    # What cost points
    perfect = True
    print()
    for lang, kind, rel, lhr, scores in results:
        for category in CATEGORIES:
            if scores[category] >= 100:
                continue
            perfect = False
            print(f"{lang} {kind} /{rel}  {category} {scores[category]}:")
            for audit_id, title, detail in failing(lhr, category):
                print(f"    {audit_id}: {title}" + (f" ({detail})" if detail else ""))
        for warning in lhr.get("runWarnings", []):
            print(f"{lang} {kind} /{rel}  warning: {warning}")
    if perfect:
        print("Every page scores 100 in all four categories.")

    # What tried to leave 127.0.0.1
    page_outside = sorted({u for *_, lhr, _ in results for u in requests_outside(lhr)})
    print()
    if page_outside or browser_refused or node_refused:
        print("Requests outside 127.0.0.1 (all refused):")
        for line in page_outside:
            print(f"    page: {line}")
        for line in sorted(set(browser_refused)):
            print(f"    chromium: {line}")
        for line in sorted(set(node_refused)):
            print(f"    lighthouse (node): {line}")
    else:
        print("Requests outside 127.0.0.1: none (pages, Chromium and Lighthouse itself).")
    if redirected:
        print("Chromium services no flag turns off, pointed at the loopback and refused there"
              " (run counts):")
        for line in sorted(set(redirected)):
            print(f"    {line}  x{redirected.count(line)}")
    return 0 if perfect and not (page_outside or browser_refused or node_refused) else 1


if __name__ == "__main__":
    sys.exit(main())
