"""Problems found in content, reported to staff one line each."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """One mistake: where it is, which key, what was expected.

    Staff read these in a terminal or CI log; the line must say enough to fix
    the file without opening the code, and must never quote private data
    beyond what the file itself holds.
    """

    file: str
    key: str
    expected: str
    severity: str = "error"  # error | warning
    #: The key is as the editor wrote it, not one Hromada knows (an unknown key): it may be a
    #: note to self, a real name, a phone number. A public build log does not print it (log_privacy.py).
    written_key: bool = False
    #: What a public build log prints instead of `expected`, when that quotes what may not be
    #: public (an address of this site where no page is: a page deleted at its person's request).
    public_expected: str = ""

    def __str__(self) -> str:
        return f"{self.file}: {self.key}: {self.expected}"


class ContentError(Exception):
    """Raised when content or the consent register has errors; carries all of them."""

    def __init__(self, problems: list[Problem], public_log=None):
        self.problems = sorted(problems)
        #: log_privacy.PublicLog: what a build log, often public, must not name (None: nothing known)
        self.public_log = public_log
        super().__init__(self.render())

    def render(self, building: bool = True, public: bool = False) -> str:
        """The lines staff read; `building=False` for the commands that never publish (check,
        status); `public` for a build's log, which names no page about people that is not
        published (log_privacy.py): the line gives its key only."""
        hidden = self.public_log if public else None
        lines = [hidden.line(p) if hidden is not None and hidden.hides(p) else str(p) for p in self.problems]
        n = len(lines)
        head = f"Hromada found {n} problem{'s' if n != 1 else ''} in the content" + ("; nothing was published:" if building else ":")
        return "\n".join([head, *("  " + line for line in lines)])
