"""Re-encode published images so no EXIF, XMP, IPTC or GPS survives, and prove it.

Metadata can name a camera owner, a place (GPS) or a time: for people hiding
from an abuser or an occupier that is enough to find them. Re-encoding from
pixels is the only way to be sure nothing rides along; the output check reads
the raw bytes too, so it does not trust Pillow's own view of the file.
"""
from __future__ import annotations

import io
import math
import os
import warnings
from pathlib import Path

from PIL import Image, ImageOps

from . import file_versions

try:  # in a build, MkDocs prints a PluginError as one line and stops; `hromada check` needs no MkDocs
    from mkdocs.exceptions import PluginError as _Failure
except ImportError:  # pragma: no cover
    _Failure = Exception

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif"})
VIDEO_SUFFIXES = frozenset({".mp4", ".webm"})
MEDIA_SUFFIXES = IMAGE_SUFFIXES | VIDEO_SUFFIXES
_KEEP_INFO = ("transparency",)  # needed to draw palette PNG/GIF correctly; carries nothing personal
_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF"}
#: Byte signatures of metadata blocks in the formats we publish.
_SIGNATURES = (
    b"Exif\x00\x00",  # EXIF (JPEG APP1, WebP EXIF chunk)
    b"http://ns.adobe.com/xap/1.0/",  # XMP
    b"Photoshop 3.0",  # IPTC in JPEG APP13
    b"eXIf",  # PNG EXIF chunk
    b"tEXt", b"iTXt", b"zTXt",  # PNG text chunks (XMP, comments, software)
    b"XMP ",  # WebP XMP chunk
)

#: Larger pictures are refused rather than decoded: a few bytes can claim a gigapixel
#: image (a "decompression bomb"), and no web page needs more than Pillow's default.
MAX_PIXELS = Image.MAX_IMAGE_PIXELS or 89_478_485

_cache: dict[tuple[str, int, int], bytes] = {}


class ImageError(_Failure):
    """A declared image the gate cannot clean: one line, `file: key: expected`."""

    def __init__(self, file: str, expected: str):
        self.file, self.key, self.expected = file, "file", expected
        super().__init__(f"{file}: file: {expected}")


def _shown_path(source: Path) -> str:
    """The file as staff know it: relative to the project (the working folder) when inside it."""
    try:
        rel = os.path.relpath(source)
    except ValueError:
        return str(source)
    return str(source) if rel.startswith("..") else Path(rel).as_posix()


def problem(source: Path) -> str | None:
    """What is wrong with a declared image, or None when the gate can clean it.

    It runs exactly what the build runs (`clean_bytes`, cached per file version),
    so `hromada check` and the build cannot disagree, and the build pays nothing twice.
    The verdict is remembered between runs too (file_versions): the next check of the
    same file does not clean it again; a build still cleans every picture it publishes.
    """
    try:
        return file_versions.cached(_problems, source, _problem)
    except OSError as exc:
        return f"a readable image file ({exc.strerror or exc})"


def _problem(source: Path) -> str | None:
    try:
        clean_bytes(source)
    except ImageError as exc:
        return exc.expected
    return None


_problems: file_versions.Cache[str | None] = file_versions.cache("image-problems")


def is_media(path: str) -> bool:
    return Path(path).suffix.lower() in MEDIA_SUFFIXES


def is_image(path: str) -> bool:
    return Path(path).suffix.lower() in IMAGE_SUFFIXES


def clean_bytes(source: Path) -> bytes:
    """The image re-encoded from its pixels alone, rotated as its EXIF said. Cached per file version.

    Raises ImageError (one line naming the file) for anything Pillow cannot read whole."""
    try:
        stat = source.stat()
    except OSError as exc:
        raise ImageError(_shown_path(source), f"a readable image file ({exc.strerror or exc})") from None
    key = (str(source), stat.st_mtime_ns, stat.st_size)
    if key in _cache:
        return _cache[key]
    if stat.st_size == 0:
        raise ImageError(_shown_path(source), "an image (this file is empty)")
    try:
        data = _encode(source)
    except ImageError:
        raise
    except (MemoryError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(_shown_path(source), f"an image of at most {MAX_PIXELS // 1_000_000} megapixels") from None
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds (OSError, SyntaxError, ValueError...)
        reason = " ".join(str(exc).replace(repr(str(source)), "").replace(str(source), "").split())
        raise ImageError(_shown_path(source), f"an image file Pillow can read whole "
                                              f"({reason[:80] or type(exc).__name__})") from None
    _cache[key] = data
    return data


def pixels(source: Path, width: int | None = None) -> Image.Image:
    """The picture as pixels alone: decoded whole, turned upright as its EXIF said, and
    every piece of information dropped but what drawing needs (transparency).

    The one place where published pictures are read: the cleaned original and
    every smaller copy (derivatives.py) are encoded from this, never from the file.
    `width`: the widest the caller needs (as shown, upright); a JPEG is then decoded
    at the smallest of libjpeg's scales (1/2, 1/4, 1/8) still at least that wide, which
    makes smaller copies of a camera photo several times cheaper.
    Raises ImageError for a picture above MAX_PIXELS; Pillow's own errors pass through
    (`clean_bytes` turns them into one line)."""
    fmt = _FORMATS[source.suffix.lower()]
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        im = Image.open(source)
    with im:
        if im.width * im.height > MAX_PIXELS or not im.width or not im.height:
            raise ImageError(_shown_path(source), f"an image of at most {MAX_PIXELS // 1_000_000} megapixels "
                                                  f"(found {im.width}×{im.height} pixels)")
        if width and fmt == "JPEG":
            shown = im.height if im.getexif().get(0x0112) in (5, 6, 7, 8) else im.width
            if width < shown:
                scale = width / shown
                im.draft(None, (math.ceil(im.width * scale), math.ceil(im.height * scale)))
        im.load()
        frames_info = im.info
        out_im = ImageOps.exif_transpose(im) if fmt != "GIF" else im.copy()
    out_im.info = {k: frames_info[k] for k in _KEEP_INFO if k in frames_info}
    return out_im


def _encode(source: Path) -> bytes:
    fmt = _FORMATS[source.suffix.lower()]
    out_im = pixels(source)
    keep = dict(out_im.info)
    buf = io.BytesIO()
    if fmt == "JPEG":
        if out_im.mode not in ("RGB", "L"):
            out_im = out_im.convert("RGB")
        out_im.save(buf, "JPEG", quality=88, optimize=True, exif=b"")
    elif fmt == "PNG":
        out_im.save(buf, "PNG", optimize=True, **keep)
    elif fmt == "WEBP":
        out_im.save(buf, "WEBP", quality=85, exif=b"", xmp=b"")
    else:
        out_im.save(buf, "GIF", **keep)
    return buf.getvalue()


#: How picture files begin, whatever their names (RIFF....WEBP and ....ftyp: the bytes after).
_PICTURE_STARTS = ((b"\xff\xd8\xff", "JPEG"), (b"\x89PNG", "PNG"), (b"GIF8", "GIF"), (b"\x00\x00\x01\x00", "ICO"),
                   (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"), (b"8BPS", "Photoshop"))


def picture_kind(path: Path) -> str | None:
    """The kind of picture a file holds, read from its first bytes (not its name), or None."""
    try:
        with open(path, "rb") as f:
            head = f.read(12)
    except OSError:
        return None
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if head[:2] == b"BM" and head[6:10] == b"\0\0\0\0":  # its size, then four bytes always zero
        return "BMP"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"avif", b"avis"):
        return "HEIF/AVIF"
    return next((kind for start, kind in _PICTURE_STARTS if head.startswith(start)), None)


def metadata_in(data: bytes) -> list[str]:
    """Names of metadata blocks found in an image's bytes (empty when clean)."""
    found = [sig.decode("latin-1").strip("\x00 ") for sig in _SIGNATURES if sig in data]
    try:
        with Image.open(io.BytesIO(data)) as im:
            if im.getexif():
                found.append("EXIF")
            found += [k for k in ("exif", "xmp", "XML:com.adobe.xmp", "photoshop", "iptc", "comment") if k in im.info]
    except Exception:  # not an image Pillow can read: the byte scan above still applies
        pass
    return sorted(set(found))
