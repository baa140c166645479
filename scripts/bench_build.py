"""Benchmark: build time against site size, to show the build grows linearly.

    python scripts/bench_build.py --items 100 200 400

Prints, for each size, the build time and the time per page. Compare the
ratios within one run: machines here are shared and noisy, absolute seconds
are not comparable between runs.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_site import LANGS, make  # noqa: E402


def build(project: Path) -> float:
    env = {**os.environ, "HROMADA_NOW": "2026-11-23T12:00:00+00:00", "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(project / "site")],
                   cwd=project, env=env, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, nargs="+", default=[100, 200, 400], help="items per language")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.items:
            project = make(Path(tmp) / f"site-{n}", n)
            seconds = build(project)
            pages = sum(1 for _ in (project / "site").rglob("index.html"))
            rows.append((n, pages, seconds))
    base_n, _, base_s = rows[0]
    print(f"{'items/lang':>10} {'pages':>7} {'seconds':>8} {'ms/page':>8} {'size x':>7} {'time x':>7}")
    for n, pages, seconds in rows:
        print(f"{n:>10} {pages:>7} {seconds:>8.1f} {1000 * seconds / pages:>8.1f} {n / base_n:>7.1f} {seconds / base_s:>7.2f}")
    print(f"({len(LANGS)} languages; linear growth means 'time x' close to 'size x')")


if __name__ == "__main__":
    main()
