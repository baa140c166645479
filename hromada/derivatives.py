"""Smaller copies of each published picture, so a phone downloads what its screen can show.

A picture staff drop in at 4,000 pixels costs a reader on a prepaid phone
plan megabytes; the same picture at 720 pixels in WebP costs tens of
kilobytes. Every published image therefore also gets *renditions*: a few
widths (`WIDTHS`, never wider than the original), each in WebP and in the
original's own format family (JPEG stays JPEG, PNG stays PNG, a still GIF
falls back to PNG, a WebP original needs no second format). Pages offer them
through `<picture>`/`srcset` and the browser takes the smallest that fills
the space.

What keeps this inside the consent gate:

* a rendition is encoded from the same pixels as the cleaned original
  (`images.pixels`: upright, every piece of metadata dropped, no colour left
  under transparent pixels), never from the file, so nothing the original
  lost comes back;
* its name is a pure function of the original's name and its width
  (`name`), so it tells nothing the original does not, and `original_of`
  maps any such name back, so a page that names a rendition is held to the
  original's declaration (media_uses.py);
* the hooks make renditions only where they publish the original (media a
  published page declares), so they appear and vanish with it.
"""
from __future__ import annotations

import io
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Container

from PIL import Image

from . import images

#: Widths offered to browsers, in pixels: a phone at 1x (360), a phone at 2x or a
#: tablet (720), a phone at 3x or the reading column on a desktop (1080).
#: An original narrower than a width is offered at its own width instead: never upscaled.
WIDTHS = (360, 720, 1080)
WEBP_QUALITY = 78  # photos: no visible loss at phone sizes, about a quarter smaller than JPEG at 82
JPEG_QUALITY = 82
#: libwebp's effort (0-6, default 4): 2 encodes about twice as fast as 4 for files about 4 % larger,
#: which keeps a site with hundreds of photos building in reasonable time.
WEBP_METHOD = 2

#: Format family of each original suffix: the format of its fallback renditions.
_FAMILY = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "PNG", ".webp": "WEBP"}
_SUFFIX = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
_MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
#: `<stem>.<width>w<original suffix>`, maybe followed by the rendition's own suffix.
_DERIVED = re.compile(r"^(?P<stem>.+)\.[0-9]+w(?P<ext>\.(?:jpe?g|png|gif|webp))(?:\.(?:webp|png|jpe?g))?$", re.I)


@dataclass(frozen=True)
class Shape:
    """What a plan needs to know of a picture: its size as shown (upright), and whether it moves."""

    width: int
    height: int
    animated: bool = False


@dataclass(frozen=True)
class Rendition:
    """One file a browser may fetch for a picture: `path` is site-relative (or relative to a page)."""

    path: str
    width: int
    height: int
    format: str  # JPEG | PNG | WEBP | GIF
    original: bool = False  # the cleaned original itself, no file of its own

    @property
    def mime(self) -> str:
        return _MIME[self.format]


@dataclass(frozen=True)
class Plan:
    """A picture's renditions: WebP ones (empty when the original is WebP) and fallbacks
    in the original's family, each narrowest first. Both empty: show the original only."""

    webp: tuple[Rendition, ...] = ()
    fallback: tuple[Rendition, ...] = ()

    @property
    def files(self) -> tuple[Rendition, ...]:
        """The renditions that are files of their own (the original is published anyway)."""
        return tuple(r for r in (*self.webp, *self.fallback) if not r.original)


def widths(width: int) -> tuple[int, ...]:
    """Widths to offer for a picture `width` pixels wide: those of WIDTHS below it, and its
    own width when that is not above the largest (never upscaled, never a 4,000 px copy)."""
    below = [w for w in WIDTHS if w < width]
    return tuple(below + [width]) if width <= WIDTHS[-1] else tuple(below)


def name(path: str, width: int, fmt: str) -> str:
    """The rendition's path: the original's with `.<width>w` before its suffix, then the
    rendition format's suffix when it differs from the original's family
    (`img/a.jpg` -> `img/a.360w.jpg`, `img/a.360w.jpg.webp`). Distinct originals give distinct names."""
    stem, ext = posixpath.splitext(path)
    base = f"{stem}.{width}w{ext}"
    return base if _FAMILY[ext.lower()] == fmt and ext.lower() != ".gif" else f"{base}.{_SUFFIX[fmt]}"


def longest_name(path: str) -> str:
    """The longest of the names the build may write for a media file at `path`: its own, or a
    smaller copy's at the widest of WIDTHS (whatever the picture's width now: a wider version of
    it may replace it without a new check of its name). The file name only, no folder."""
    widest = plan(path, Shape(WIDTHS[-1] + 1, WIDTHS[-1] + 1))
    names = [posixpath.basename(r.path) for r in (*widest.webp, *widest.fallback)]
    return max([posixpath.basename(path), *names], key=lambda n: len(n.encode("utf-8")))


def original_of(path: str) -> str | None:
    """The original a rendition-like path or file name belongs to (`img/a.360w.jpg.webp` ->
    `img/a.jpg`), or None. Any width and case count: the media-use scan would rather
    hold a page to a declaration too often than miss a use."""
    head, _, tail = path.rpartition("/")
    m = _DERIVED.match(tail)
    if m is None:
        return None
    return (head + "/" if head else "") + m.group("stem") + m.group("ext")


def plan(path: str, shape: Shape | None) -> Plan:
    """Which renditions a picture at `path` gets. A pure decision on its name and shape.

    Animated pictures get none (a still copy would drop the animation); nor does a
    picture whose shape could not be read (the image gate reports the file)."""
    ext = posixpath.splitext(path)[1].lower()
    if shape is None or shape.animated or ext not in _FAMILY or shape.width < 1 or shape.height < 1:
        return Plan()
    family = _FAMILY[ext]
    original_fmt = "GIF" if ext == ".gif" else family

    def one(width: int, fmt: str) -> Rendition:
        height = max(1, round(shape.height * width / shape.width))
        if width == shape.width and fmt == original_fmt:
            return Rendition(path, width, height, fmt, original=True)
        return Rendition(name(path, width, fmt), width, height, fmt)

    sizes = widths(shape.width)
    fallback_fmt = original_fmt if ext == ".gif" else family
    fallback = tuple(one(w, fallback_fmt if w == shape.width else family) for w in sizes)
    webp = () if family == "WEBP" else tuple(one(w, "WEBP") for w in sizes)
    return Plan(webp, fallback)


_shapes: dict[tuple[str, int, int], Shape | None] = {}


def shape_of(source: Path) -> Shape | None:
    """Width and height as published (EXIF rotation applied) and whether it moves in a browser
    (`images.moves`: a camera's JPEG with a second view is a still, and gets copies), from the
    file's header only; cached per file version. None when unreadable."""
    try:
        stat = source.stat()
    except OSError:
        return None
    key = (str(source), stat.st_mtime_ns, stat.st_size)
    if key not in _shapes:
        try:
            with Image.open(source) as im:
                width, height = im.size
                if im.getexif().get(0x0112) in (5, 6, 7, 8):
                    width, height = height, width
                _shapes[key] = Shape(width, height, images.moves(im))
        except Exception:  # noqa: BLE001 - the image gate names the file; here: no renditions
            _shapes[key] = None
    return _shapes[key]


def plan_for(src_path: str, source: Path, taken: Container[str] = ()) -> Plan:
    """The plan of the published file `src_path` whose source is `source`. `taken`: the
    content folders' own files; a picture one of whose renditions would carry the name
    of such a file gets none (that name stays the file's, under its own declaration)."""
    found = plan(src_path, shape_of(source))
    return Plan() if any(r.path in taken for r in found.files) else found


#: Encoded renditions per (file version, width, format): a preview rebuild and every
#: language build reuse them, as images._cache does for originals.
_cache: dict[tuple[str, int, int, int, str], bytes] = {}


def data(source: Path, rendition: Rendition) -> bytes:
    """The rendition's bytes, encoded from the original's clean pixels. Raises ImageError."""
    try:
        stat = source.stat()
    except OSError as exc:
        raise images.ImageError(images._shown_path(source), f"a readable image file ({exc.strerror or exc})") from None
    key = (str(source), stat.st_mtime_ns, stat.st_size, rendition.width, rendition.format)
    if key not in _cache:
        _cache[key] = data_all(source, (rendition,))[rendition]
    return _cache[key]


def data_all(source: Path, renditions: tuple[Rendition, ...]) -> dict[Rendition, bytes]:
    """Bytes of several renditions of one picture. What is not cached is made in one pass:
    the source decoded once (a JPEG at the smallest scale that still covers the widest
    copy), resized once per width, widest first, each width from the one above it."""
    try:
        stat = source.stat()
    except OSError as exc:
        raise images.ImageError(images._shown_path(source), f"a readable image file ({exc.strerror or exc})") from None
    version = (str(source), stat.st_mtime_ns, stat.st_size)
    missing = [r for r in renditions if (*version, r.width, r.format) not in _cache]
    if missing:
        try:
            im = _paintable(images.pixels(source, width=max(r.width for r in missing)))
            for r in sorted(missing, key=lambda r: -r.width):
                if im.size != (r.width, r.height):
                    im = im.resize((r.width, r.height), Image.Resampling.LANCZOS)
                _cache[(*version, r.width, r.format)] = _encode(im, r)
        except images.ImageError:
            raise
        except Exception as exc:  # noqa: BLE001 - as images.clean_bytes: one line, no traceback
            raise images.ImageError(images._shown_path(source),
                                    f"an image Hromada can make smaller copies of ({type(exc).__name__})") from None
    return {r: _cache[(*version, r.width, r.format)] for r in renditions}


def _paintable(im: Image.Image) -> Image.Image:
    """Clean pixels in a mode that resizes well (palettes and 16-bit greys do not), with no info at all.
    Any transparency becomes an alpha channel (a colour key in L or RGB too: dropping the info would
    show the key's pixels)."""
    alpha = im.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in im.info
    if im.mode not in ("RGB", "RGBA", "L") or alpha and im.mode != "RGBA":
        im = im.convert("RGBA" if alpha else "RGB")
    im.info = {}  # encoders below get nothing to carry over
    return im


def _encode(im: Image.Image, rendition: Rendition) -> bytes:
    """Encode clean pixels of the rendition's size with no metadata at all (no EXIF, XMP, ICC, text),
    and no colour under transparency: `images.pixels` gave none, but resizing blends a visible
    edge into the transparent pixels beside it and makes faint ones, so the rule is asked again."""
    im = images.visible_only(im)
    buf = io.BytesIO()
    if rendition.format == "JPEG":
        if im.mode not in ("RGB", "L"):
            im = im.convert("RGB")
        im.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, exif=b"")
    elif rendition.format == "WEBP":
        if im.mode == "L":
            im = im.convert("RGB")
        im.save(buf, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD, exif=b"", xmp=b"")
    elif rendition.format == "PNG":
        im.save(buf, "PNG", optimize=True)
    else:  # GIF renditions are never planned at another width than the original's
        raise ValueError(f"no {rendition.format} renditions")
    return buf.getvalue()


def describe(rendition: Rendition, original: str) -> str:
    """Why a rendition is in the site, for the manifest."""
    return f"smaller copy ({rendition.width} px wide, {rendition.format}) of {original}"


__all__ = ["WIDTHS", "Shape", "Rendition", "Plan", "widths", "name", "longest_name", "original_of", "plan", "shape_of",
           "plan_for", "data", "data_all", "describe"]
