"""Time and memory of the search word tables for a real site's vocabulary, not the benchmark's.

    .venv/bin/python scripts/measure_word_tables.py                 # 13,750 and 80,000 words
    .venv/bin/python scripts/measure_word_tables.py --words 20000 120000

scripts/synthetic_site.py draws its pages from small vocabularies: about
13,750 distinct words per language, whatever the number of items. A real
news site's grow with it (a 2,000-item Russian site: some 80,000 distinct
words, inflected forms counted apart). The word tables (hromada/search_text.py)
cost time and memory per distinct word, so this script hands the same
word-table process a build starts (`python -m hromada.search_index tables-of`)
N real words of each language: Ukrainian and Russian from pymorphy3's own
dictionaries (every 7th form, in their order), English from lemminflect's (in
alphabetical order), the same on every run, and prints its wall and CPU time, its peak memory (rusage), and
MEMORY_BUDGET_MB's estimate for it (search_index.tables_mb), which must stay
above the peak. Tajik has no dictionary here, and its tables are rule-based and
small.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from hromada import search_index  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_site import dictionary_words  # noqa: E402


def run(language: str, words: list[str], out: Path) -> tuple[float, float, float]:
    """(wall s, CPU s, peak MB) of one word-table process handed `words`."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "hromada.search_index", search_index.TABLES_OF, str(out),
                             "2000", language], stdin=subprocess.PIPE, cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    proc.stdin.write("\n".join(words).encode("utf-8"))
    proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"the word tables of {language} failed")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, nargs="+", default=[13_750, 80_000], help="distinct words per language")
    parser.add_argument("--languages", nargs="+", default=["uk", "ru", "en"])
    args = parser.parse_args()
    import pymorphy3.dawg

    print(f"pymorphy3 reads its dictionaries in {'C (DAWG2)' if pymorphy3.dawg.EXTENSION_AVAILABLE else 'Python'}; "
          f"memory budget of a build's process tree: {search_index.MEMORY_BUDGET_MB} MB\n")
    print("| language | distinct words | wall | CPU | peak memory | estimate (tables_mb) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="word-tables-") as tmp:
        for language in args.languages:
            for count in args.words:
                words = dictionary_words(language, count)
                wall, cpu, peak = run(language, words, Path(tmp) / f"{language}-{count}")
                print(f"| {language} | {len(words):,} | {wall:.1f} s | {cpu:.1f} s | {peak:.0f} MB "
                      f"| {search_index.tables_mb(len(words))} MB |", flush=True)


if __name__ == "__main__":
    main()
