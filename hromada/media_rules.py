"""What a page may show: every media file declared, declared once, cleanable and inside.

These checks run in `hromada check` and in every build (through
`build.check`), so both report the same errors. The build additionally runs
`undeclared_in_html` on each rendered page as a last guard.
"""
from __future__ import annotations

import hashlib
import html
import posixpath
import re
from pathlib import Path
from typing import Iterable, Mapping

from . import content_files, derivatives, file_versions, images, likeness, media_uses, video
from .content import ContentIndex, media_src_uri
from .languages import DEFAULT_LANGUAGE, split_language, url_prefix
from .model import Doc, MediaRef
from .problems import Problem

CLEANABLE = "an image (.jpg, .jpeg, .png, .webp, .gif) or video (.mp4, .webm)"


def content_root(doc: Doc) -> str:
    """The folder a page's media must stay inside: '' (docs/) or 'stories/'."""
    return "stories/" if doc.src_uri.startswith("stories/") else ""


def declaration_problems(index: ContentIndex) -> list[Problem]:
    """Each declared file exists in the page's content folder and can be cleaned."""
    assets = index.files.assets if index.files else {}
    problems = []
    for doc in index.docs:
        root = content_root(doc)
        for i, ref in enumerate(doc.media):
            src = media_src_uri(doc, ref.file)
            key = f"media[{i}].file"
            if src.startswith("..") or not src.startswith(root) or src.startswith("stories/") != bool(root):
                where = "stories/" if root else "docs/"
                problems.append(Problem(doc.path, key, f"a path that stays inside {where} (found {ref.file})"))
            elif not images.is_media(ref.file):
                problems.append(Problem(doc.path, key, CLEANABLE + f" (found {ref.file})"))
            elif src not in assets:
                problems.append(Problem(doc.path, key, f"an existing file beside the page (not found: {ref.file})"))
            elif why := name_problem(src):
                problems.append(Problem(doc.path, key, f"{why} (found {ref.file})"))
            elif video.is_video(src) and (why := _video_problem(assets[src])):
                problems.append(Problem(doc.path, key, why))
            elif images.is_image(src) and (why := images.problem(assets[src])):
                problems.append(Problem(doc.path, key, f"{why} (found {ref.file})"))
    return problems


def name_problem(src: str) -> str | None:
    """Why a media file's name cannot be published, or None: the build writes it, and the names of
    its smaller copies (derivatives.longest_name), which must each fit in a file system
    (content_files.fits). A name of 245 bytes passed the check, and MkDocs then stopped with a
    traceback on its copy `<name>.1080w.jpg.webp`; about 122 Cyrillic letters are as long."""
    own = posixpath.basename(src)
    longest = derivatives.longest_name(src)
    if content_files.fits(longest):
        return None
    room = content_files.MAX_NAME_BYTES - (content_files.name_bytes(longest) - content_files.name_bytes(own))
    ending = longest[len(posixpath.splitext(own)[0]):]
    copies = f", so its smaller copies' names (ending {ending}) fit" if longest != own else ""
    return (f"a file name of at most {room} bytes{copies} in the {content_files.MAX_NAME_BYTES} bytes file systems "
            f"allow (this one has {content_files.name_bytes(own)}; a letter outside the Latin alphabet takes 2 bytes or more): "
            f"rename the file shorter, and its media entry and the page's text to match")


def _facts(ref: MediaRef) -> tuple:
    return (tuple(sorted(ref.depicts)), ref.faces, ref.location_visible)


def _describe(ref: MediaRef) -> str:
    return f"depicts {list(ref.depicts)}, faces {ref.faces}, location_visible {str(ref.location_visible).lower()}"


def conflict_problems(index: ContentIndex, digest=None) -> list[Problem]:
    """One file, one set of facts: the same file, the same bytes under another name, or
    the same picture in other bytes (likeness.py: exported again, re-saved, a pixel
    cropped) declared with different depicts, faces or location_visible is an error."""
    assets = index.files.assets if index.files else {}
    digest = digest or _sha256
    declared = []
    for doc in sorted(index.docs, key=lambda d: d.path):
        for i, ref in enumerate(doc.media):
            src = media_src_uri(doc, ref.file)
            if src in assets:
                declared.append((doc, i, ref, src, digest(assets[src]) or src))
    pictures = {identity: assets[src] for _, _, _, src, identity in declared if images.is_image(src)}
    same_picture = likeness.keys_alike(sorted(pictures.items()))
    first: dict[str, tuple[Doc, MediaRef, str]] = {}  # by picture (or content hash, or path when unreadable)
    problems = []
    for doc, i, ref, src, identity in declared:
        other_doc, other_ref, other_src = first.setdefault(same_picture.get(identity, identity), (doc, ref, src))
        if _facts(other_ref) != _facts(ref):
            same = "" if other_src == src else f" (the same picture as {other_src})"
            problems.append(Problem(doc.path, f"media[{i}]", f"the same facts as {other_doc.path} declares for this file{same}: "
                                                               f"{_describe(other_ref)} (found {_describe(ref)})"))
    return problems


def has_sound(index: ContentIndex, doc: Doc, ref: MediaRef) -> bool:
    """Whether a declared video has a sound track (an unreadable one is reported as such,
    and is never published: False here)."""
    path = (index.files.assets if index.files else {}).get(media_src_uri(doc, ref.file))
    if path is None or not video.is_video(path.name):
        return False
    try:
        return file_versions.cached(_sound, path, lambda p: video.has_sound(p.read_bytes(), p.name))
    except (OSError, video.VideoError):
        return False


_sound: file_versions.Cache[bool] = file_versions.cache("sound")
_videos: file_versions.Cache[str | None] = file_versions.cache("video-problems")
_hashes: file_versions.Cache[str] = file_versions.cache("sha256")


def _video_problem(path: Path) -> str | None:
    """Why a declared video cannot be published."""
    try:
        return file_versions.cached(_videos, path, video.problem)
    except OSError as exc:
        return f"a readable file ({exc.strerror or exc})"


def _sha256(path: Path) -> str | None:
    """Content hash (remembered: a preview rebuild does not reread every image)."""
    try:
        return file_versions.cached(_hashes, path, lambda p: hashlib.sha256(p.read_bytes()).hexdigest())
    except OSError:
        return None


def use_problems(index: ContentIndex, site_host: str) -> list[Problem]:
    """Every media file a page names (its text, the links of its front matter) must be declared
    by the page (or one of its language versions) and be a kind Hromada can clean."""
    if not index.files:
        return []
    problems = []
    for doc in index.docs:
        used = page_uses(doc, index, site_host)
        if used:  # most pages name no file of the site
            declared = index.media_of(doc.key)
            for src, token in sorted(used.items()):
                problems += _use_problem(doc, src, token, declared)
        problems += _shown_but_missing(doc, index)
    return problems


_SHOWN = re.compile(r"\.(?:jpe?g|png|webp|gif|svg|mp4|webm|avif)", re.I)


def _shown_but_missing(doc: Doc, index: ContentIndex) -> list[Problem]:
    """A picture the page's text shows that is no file: `img/Forum-Hall.jpg` for
    img/forum-hall.jpg, or `img\\forum-hall.jpg`, was published as a broken picture without a
    word (a careless-editor review). Web servers tell letter cases apart; browsers read `\\` as
    a part of the name."""
    from urllib.parse import unquote

    from .schema import images_in, without_code

    names = index.body_names.get(doc.body)
    if names is not None and not any(_SHOWN.search(name) for name in names[0]):
        return []  # most pages name no picture: their file-like words, known from reading them, say so
    assets = index.files.assets if index.files else {}
    out = []
    text = without_code(doc.body)
    for src in images_in(html.unescape(text) if "&" in text else text):  # (`&#46;` is a dot to a browser)
        if "://" in src or src.startswith(("/", "data:")):
            continue  # refused by the page's own check
        # Markdown resolves from the file, raw HTML from the page's address (its language's prefix aside)
        bases = (posixpath.dirname(doc.src_uri), doc.url.removeprefix(url_prefix(doc.lang)).rstrip("/"))
        found = [posixpath.normpath(posixpath.join(base, unquote(src))) for base in bases]
        if any(path in assets or derivatives.original_of(path) in assets for path in found):
            continue  # the file, or a smaller copy of it that the build makes
        meant = posixpath.normpath(posixpath.join(posixpath.dirname(doc.src_uri), unquote(src).replace("\\", "/")))
        near = [a for a in assets if a.casefold() == meant.casefold()]
        hint = f"did you mean {posixpath.relpath(near[0], posixpath.dirname(doc.src_uri) or '.')}? " if near else ""
        out.append(Problem(doc.path, "media", f"{hint}a picture or video that is a file beside the page (the page "
                                              f"shows {src}, which is none: readers would see a broken picture; "
                                              "names are told apart by letter case, and '/' separates folders)"))
    return out


def page_uses(doc: Doc, index: ContentIndex, site_host: str) -> dict[str, str]:
    """The media files (src_uri -> the token as written) a page names: in its text, and in the
    links its front matter puts on it (`front_matter_addresses`)."""
    bases = (posixpath.dirname(doc.src_uri), doc.url.rstrip("/"))  # Markdown links are source-relative, raw HTML URL-relative
    used = media_uses.uses(doc.body, bases, index.media_paths, site_host, index.body_names.get(doc.body))
    addresses = front_matter_addresses(doc)
    if addresses:
        used.update(media_uses.uses(addresses, bases, index.media_paths, site_host))
    return used


def front_matter_addresses(doc: Doc) -> str:
    """The addresses a page's front matter puts on it as links (a campaign's buttons, an event's
    registration and online address), one a line: uses of the site's files like its text's."""
    found = [action.href for action in doc.actions]
    if doc.event is not None:
        found += [doc.event.registration or "", doc.event.location.online if doc.event.location else ""]
    return "\n".join(x for x in found if x)


def files_shown(doc: Doc, index: ContentIndex, site_host: str) -> set[str]:
    """The media files (src_uri) a published language version brings with it: those it
    declares itself, and those its own text uses that another version declares (a translation
    may show what its original declares). Not the rest of the union over its versions: a
    draft, scheduled or excluded version's pictures stay out until it is published itself."""
    own = {media_src_uri(doc, ref.file) for ref in doc.media}
    if not index.files:
        return own
    return own | (page_uses(doc, index, site_host).keys() & index.media_of(doc.key).keys())


def undeclared_in_html(doc: Doc, html: str, page_url: str, index: ContentIndex, site_host: str) -> list[Problem]:
    """The last guard, on a rendered page: every media URL in it is declared."""
    if not index.files:
        return []
    media = index.media_paths
    base = posixpath.dirname(page_url.rstrip("/")) if not page_url.endswith("/") else page_url.rstrip("/")
    problems = []
    for src, token in sorted(media_uses.uses(html, (base,), media, site_host).items()):
        problems += _use_problem(doc, src, token, index.media_of(doc.key))
    return problems


def _use_problem(doc: Doc, src: str, token: str, declared: Mapping[str, MediaRef]) -> list[Problem]:
    file = posixpath.relpath(src, posixpath.dirname(doc.src_uri) or ".")
    written = "" if token == file else f", written '{token}'"
    if not images.is_media(src):
        return [Problem(doc.path, "media", f"only {CLEANABLE} files can be shown; the page uses {file}{written}, which is never published")]
    if src not in declared:
        return [Problem(doc.path, "media", f"an entry declaring {file}, which the page uses{written} (file, depicts, faces, location_visible)")]
    return []


def all_problems(index: ContentIndex, site_host: str) -> list[Problem]:
    return (declaration_problems(index) + conflict_problems(index) + use_problems(index, site_host)
            + localized_problems(index))


def localized_problems(index: ContentIndex) -> list[Problem]:
    """A picture or video named like a translation (img/x.uk.jpg): static-i18n would show it instead
    of img/x.jpg on that language's pages, where every media entry names img/x.jpg and its facts
    (who it shows) are that file's. The gate never publishes it, so those pages showed a broken
    picture without a word; a name of its own, declared where it is used, says what it shows."""
    out = []
    for src in sorted(index.files.assets if index.files else ()):
        key, lang = split_language(src)
        if lang is not None and lang != DEFAULT_LANGUAGE and images.is_media(src):
            name, plain = src.rsplit("/", 1)[-1], key.rsplit("/", 1)[-1]
            stem, dot, ext = plain.rpartition(".")
            out.append(Problem(_repo_path(src), "file name", (
                f"a picture or video name without a language suffix ({name} would be shown instead of {plain} "
                f"on the pages in '{lang}', where no media entry declares it): rename it, e.g. "
                f"{stem}-{lang}{dot}{ext}, and declare it in the media of the page that shows it")))
    return out


def unpublished_files(index: ContentIndex, published_media: Iterable[str]) -> dict[str, str]:
    """Files in the content folders that this build does not publish, and why (for the report)."""
    if not index.files:
        return {}
    published = set(published_media)
    out = dict(index.files.ignored)
    for src in sorted(index.files.assets):
        if src in published:
            continue
        why = "declared by no published page" if images.is_media(src) else "not a kind of file Hromada can clean"
        out[_repo_path(src)] = why
    return dict(sorted(out.items()))


def _repo_path(src: str) -> str:
    return src if src.startswith("stories/") else f"docs/{src}"
