"""The site's languages and how a file name or URL says which one it is."""
from __future__ import annotations

from pathlib import PurePosixPath

LANGUAGES: tuple[str, ...] = ("en", "uk", "ru", "tg")
DEFAULT_LANGUAGE = "en"


def split_language(path: str) -> tuple[str, str | None]:
    """Return (path without language suffix, language).

    `news/x.uk.md` -> (`news/x.md`, `uk`); `news/x.md` -> (`news/x.md`, `en`).
    A suffix that looks like a language code but is not one of ours returns
    None as language so the caller can report it instead of guessing.
    """
    folder, slash, name = path.rpartition("/")
    suffixes = _suffixes(name)
    if len(suffixes) >= 2:
        code = suffixes[-2].lstrip(".")
        if code in LANGUAGES:
            if code == DEFAULT_LANGUAGE:
                return path, None
            stem = name[: -len(suffixes[-2] + suffixes[-1])]
            return folder + slash + stem + suffixes[-1], code
        if len(code) in (2, 3) and code.isalpha() and code.islower():
            return path, None
    return path, DEFAULT_LANGUAGE


def _suffixes(name: str) -> list[str]:
    """PurePosixPath(name).suffixes, without building a path object (this runs for every file)."""
    if name.endswith("."):
        return []
    return ["." + suffix for suffix in name.lstrip(".").split(".")[1:]]


def url_prefix(lang: str) -> str:
    """Site-relative prefix of a language tree: '' for English, 'uk/' ..."""
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


def localized_path(norm_path: str, lang: str) -> str:
    """The inverse of split_language: `news/x.md`, `uk` -> `news/x.uk.md`."""
    if lang == DEFAULT_LANGUAGE:
        return norm_path
    p = PurePosixPath(norm_path)
    return str(p.with_name(f"{p.stem}.{lang}{p.suffix}"))
