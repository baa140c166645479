"""What `mkdocs build` prints: a short summary, no staging paths, no false messages."""
from __future__ import annotations

import os
import subprocess
import sys

from conftest import NOW
from test_errors import GOOD_NEWS


def test_build_ends_with_a_summary_and_prints_no_noise(project):
    project.person("P-0001", consent={"status": "withdrawn", "withdrawn": "2026-01-01"})
    project.write("docs/news/good.md", GOOD_NEWS)
    project.write("docs/news/good.uk.md", GOOD_NEWS.replace("Good news", "Добра новина"))
    project.write("docs/news/gone.md", GOOD_NEWS.replace("people: none", "people: [P-0001]").replace("Good news", "Canarytitlezq"))
    # consent due for review: a warning, naming the file of a published page only (a draft's name is its own)
    project.person("P-0002", consent={"review_by": "2026-11-10"})
    project.write("docs/news/due.md", GOOD_NEWS.replace("people: none", "people: [P-0002]"))
    project.write("docs/news/canarydraftzq.md", GOOD_NEWS.replace("people: none", "people: [P-0002]\ndraft: true"))
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(project.root / "site")], cwd=project.root,
                          capture_output=True, text=True, env={**os.environ, "HROMADA_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"})
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "Hromada published 3 en, 1 uk, 0 ru, 0 tg pages." in out  # the organisation page and two news items
    assert "Held back 2 page versions: reports/build-report.md says why." in out
    assert "Report: reports/build-report.md" in out
    assert "staging" not in out and "Template skipped" not in out and "mkdocs_static_i18n" not in out
    assert "Canarytitlezq" not in out and "gone" not in out  # the log names counts, not pages held back
    # nothing of anyone's consent (red-team round 4): no reason counted, no ref, no date, no page's file
    assert "withdrawn" not in out and "P-000" not in out and "2026-11-10" not in out and "due.md" not in out
    assert "warning: 2 warnings about consent or publication dates: reports/build-report.md names them" in out
    assert "canarydraftzq" not in out
    report = (project.root / "reports/build-report.md").read_text(encoding="utf-8")
    assert "docs/news/due.md" in report and "P-0002" in report  # the control: staff read it all there
