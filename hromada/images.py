"""Re-encode published images so no EXIF, XMP, IPTC or GPS survives, and prove it.

Metadata can name a camera owner, a place (GPS) or a time: for people hiding
from an abuser or an occupier that is enough to find them. Re-encoding from
pixels is the only way to be sure nothing rides along; the output check reads
the raw bytes too, so it does not trust Pillow's own view of the file.
"""
from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageOps

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

_cache: dict[tuple[str, int, int], bytes] = {}


def is_media(path: str) -> bool:
    return Path(path).suffix.lower() in MEDIA_SUFFIXES


def is_image(path: str) -> bool:
    return Path(path).suffix.lower() in IMAGE_SUFFIXES


def clean_bytes(source: Path) -> bytes:
    """The image re-encoded from its pixels alone, rotated as its EXIF said. Cached per file version."""
    stat = source.stat()
    key = (str(source), stat.st_mtime_ns, stat.st_size)
    if key in _cache:
        return _cache[key]
    fmt = _FORMATS[source.suffix.lower()]
    with Image.open(source) as im:
        im.load()
        frames_info = im.info
        out_im = ImageOps.exif_transpose(im) if fmt != "GIF" else im.copy()
    keep = {k: frames_info[k] for k in _KEEP_INFO if k in frames_info}
    out_im.info = dict(keep)
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
    data = buf.getvalue()
    _cache[key] = data
    return data


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
