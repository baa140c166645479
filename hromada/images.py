"""Re-encode published images so no EXIF, XMP, IPTC or GPS survives, and prove it.

Metadata can name a camera owner, a place (GPS) or a time: for people hiding
from an abuser or an occupier that is enough to find them. Re-encoding from
pixels is the only way to be sure nothing rides along; the output check reads
the raw bytes too, so it does not trust Pillow's own view of the file.

Pixels can hide things too: colour left under transparent pixels (an erased face
comes back by dropping the alpha channel). `visible_only` blanks it in every
picture the gate writes, and `hidden_colour` lets the output check prove it.

And a file can hold more than one picture. The gate publishes one, a still: the one a
browser shows first, which is the one staff looked at when they declared who it shows.
So a file is read only as a format every browser shows (`READ_AS`: not an icon's sizes,
a TIFF's pages), and an animated PNG whose picture is not its animation's first frame
(a "default image" browsers never show, `animation_problem`) is refused.
"""
from __future__ import annotations

import io
import math
import os
import warnings
from pathlib import Path

from PIL import Image, ImageChops, ImageFilter, ImageOps, UnidentifiedImageError

from . import colour, file_versions

try:  # in a build, MkDocs prints a PluginError as one line and stops; `hromada check` needs no MkDocs
    from mkdocs.exceptions import PluginError as _Failure
except ImportError:  # pragma: no cover
    _Failure = Exception

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif"})
VIDEO_SUFFIXES = frozenset({".mp4", ".webm"})
MEDIA_SUFFIXES = IMAGE_SUFFIXES | VIDEO_SUFFIXES
_KEEP_INFO = ("transparency",)  # needed to draw palette PNG/GIF correctly; carries nothing personal
_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF"}
#: What Pillow may read a published picture as, whatever its name says (a JPEG named .png is the same
#: picture to a browser and to the gate). Not the many other formats Pillow reads: a browser shows
#: them not at all (TIFF, Photoshop) or shows another of their pictures than Pillow's first (an icon's
#: sizes, a TIFF's pages), so what staff saw would not be what is published. A JPEG with more pictures
#: after it (MPO: a camera's second view or depth map) is read as JPEG: its first, the one browsers show.
READ_AS = ("JPEG", "PNG", "WEBP", "GIF")
#: How `picture_kind` names the kinds READ_AS reads.
_READ_KINDS = frozenset({"JPEG", "PNG", "WebP", "GIF"})
#: The chunks of an animated PNG (APNG): the animation's control, each frame's control, the frames' data.
_APNG_CHUNKS = frozenset({b"acTL", b"fcTL", b"fdAT"})
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

#: A pixel this transparent or more (alpha at most 8 of 255, 3 %) shows a reader nothing, yet its
#: colour is kept whole in the file and comes back by dropping or scaling the alpha channel.
FAINT_ALPHA = 8
#: Modes whose every pixel carries its own alpha (Pillow's premultiplied RGBa and La included).
_ALPHA_MODES = frozenset({"RGBA", "LA", "PA", "RGBa", "La"})
#: Lossy WebP smears a visible edge's colour a few pixels into the transparent area beside it
#: (chroma at half size, 4x4 transforms): the output check looks at transparent pixels further
#: than one 16-pixel block from anything visible, where a clean file holds at most a few levels
#: (measured: 0 to 4 at qualities 30 to 100) and colour left under the transparency, the colour itself.
_LOSSY_BLOCK = 16
_LOSSY_TOLERANCE = 16

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
    """The picture as pixels alone: decoded whole, turned upright as its EXIF said, its colours
    as a browser shows them (colour.py: an ICC profile, a PNG's gAMA and cHRM applied, then dropped;
    what cannot be applied is refused), every piece of information dropped but what drawing needs
    (transparency), and no colour left where a reader sees nothing (`visible_only`).

    The one place where published pictures are read: the cleaned original and
    every smaller copy (derivatives.py) are encoded from this, never from the file.
    `width`: the widest the caller needs (as shown, upright); a JPEG is then decoded
    at the smallest of libjpeg's scales (1/2, 1/4, 1/8) still at least that wide, which
    makes smaller copies of a camera photo several times cheaper.
    Raises ImageError for a picture above MAX_PIXELS; Pillow's own errors pass through
    (`clean_bytes` turns them into one line)."""
    fmt = _FORMATS[source.suffix.lower()]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # Pillow's asides ("Invalid APNG"): the gate says its own line
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            im = Image.open(source, formats=READ_AS)
        except UnidentifiedImageError:
            kind = picture_kind(source)
            if kind is None or kind in _READ_KINDS:
                raise  # no picture, or a broken one: Pillow's own words (`clean_bytes`)
            raise ImageError(_shown_path(source), other_kind(kind)) from None
    with im:
        data = source.read_bytes() if im.format in ("PNG", "WEBP", "GIF") else None
        if im.format == "PNG" and (why := animation_problem(data, im.info.get("default_image", False))):
            raise ImageError(_shown_path(source), why)
        try:
            colours = colour.settings(im, data)
        except colour.ColourProblem as exc:
            raise ImageError(_shown_path(source), str(exc)) from None
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
    try:
        out_im = colour.to_srgb(out_im, colours)
    except colour.ColourProblem as exc:
        raise ImageError(_shown_path(source), str(exc)) from None
    return visible_only(out_im)


def other_kind(kind: str) -> str:
    """The line for a picture file of a kind outside READ_AS (`picture_kind` names it)."""
    return (f"a JPEG, PNG, WebP or GIF picture (this one is in {kind} format, which browsers show "
            f"otherwise or not at all, whatever the file's name): export it again as JPEG or PNG")


def animation_problem(data: bytes, pillow_default: bool = False) -> str | None:
    """Why a PNG file's picture is not the one a browser shows first, or None (a plain PNG, or an
    animated PNG whose picture is its animation's first frame: what every browser shows first).

    An animated PNG may also hold a "default image": the file's picture (IDAT) comes before the
    animation's first frame control (fcTL) and is no frame of it. Browsers never show it; programs
    that know no APNG, and Pillow as its frame 0, show only it. So staff could see a blurred face
    in the browser and declare it so while the gate published another picture, the face unblurred
    (a red-team review). The rule reads the chunks itself, not Pillow's view of them (given as
    `pillow_default`, which also refuses): a file whose animation chunks are anywhere else than
    where every reader agrees (one acTL and the first frame's fcTL, covering the whole picture,
    before the picture; no animation chunk after it but frames') is refused too, as browsers and
    Pillow may each make their own sense of it. Refused, not cleaned (say, by publishing the first
    frame): no viewer can be trusted to have shown staff what such a file holds."""
    chunks = _png_chunks(data)
    kinds = [kind for kind, _, _ in chunks]
    if not _APNG_CHUNKS.intersection(kinds):
        return None  # a plain PNG (Pillow finds a default image only after an acTL)
    first = kinds.index(b"IDAT") if b"IDAT" in kinds else len(kinds)
    before, after = kinds[:first], kinds[first:]
    if before.count(b"acTL") == 1 and b"fcTL" not in before and b"fdAT" not in before:
        return _apng_line("it also holds a still picture that browsers never show, beside its animation")
    control = next((data[at:at + length] for kind, at, length in chunks[:first] if kind == b"fcTL"), b"")
    actl = next((data[at:at + length] for kind, at, length in chunks[:first] if kind == b"acTL"), b"")
    whole = data[16:24] + bytes(8)  # IHDR's width and height, then the frame's x and y: 0
    if (before.count(b"acTL") != 1 or before.count(b"fcTL") != 1 or b"fdAT" in before or b"acTL" in after
            or len(actl) < 8 or actl[:4] == bytes(4) or control[4:20] != whole or pillow_default):
        return _apng_line("its animation's chunks are not where every program reads them alike")
    return None


def _apng_line(why: str) -> str:
    return (f"a plain PNG, or an animated PNG whose picture is its animation's first frame ({why}, so what "
            f"a browser shows is not what would be published): export it again as a plain PNG or JPEG")


def _png_chunks(data: bytes) -> list[tuple[bytes, int, int]]:
    """A PNG file's chunks as (type, where its data starts, its length), up to IEND or the file's end."""
    out, at = [], 8
    while at + 8 <= len(data):
        length, kind = int.from_bytes(data[at:at + 4], "big"), data[at + 4:at + 8]
        out.append((kind, at + 8, length))
        if kind == b"IEND":
            break
        at += 12 + length
    return out


def moves(im: Image.Image) -> bool:
    """Whether a browser shows an opened picture moving (an animated GIF, PNG or WebP: the gate
    publishes its first frame, a still). A JPEG with more pictures after it (MPO) is still to
    every browser, which shows the first, the one the gate publishes; the others are dropped."""
    return bool(getattr(im, "is_animated", False)) and im.format != "MPO"


def visible_only(im: Image.Image) -> Image.Image:
    """The picture holding nothing a reader cannot see: every pixel at most FAINT_ALPHA opaque
    becomes fully transparent black (0, 0, 0, 0); every other pixel is kept exactly as it was.

    An eraser, or "save colour values of transparent pixels", lowers alpha and keeps the
    colour: a face erased that way comes back by dropping the alpha channel. A pixel
    at alpha 1 to 8 changes what a reader sees by at most 3 % of the background, yet keeps
    all its colour (a soft eraser leaves such a veil): it goes too, as a whole (black at
    alpha 8 would darken the background; the colour scaled by its alpha would still
    keep a+1 levels of it, a face in posterised form). Pixels any more opaque are the
    picture itself, and the page's declaration (`faces`) speaks for what they show.

    Modes: RGBA and LA (premultiplied and PA first become RGBA or LA): by each pixel's alpha.
    P with transparency (PNG tRNS, GIF): the indices at most FAINT_ALPHA opaque all become
    one, whose palette colour is black and alpha 0 (both the palette entry and the choice
    among several hidden indices could draw a picture). A single transparent colour in L, RGB
    or I (a "colour key") hides nothing: every transparent pixel is that one colour.
    Only an animation's first frame is published (`pixels`), so no other frame is looked at.
    The one rule for every published picture: `pixels` returns its result, and smaller
    copies (derivatives.py) ask it again after resizing, which can make new faint pixels."""
    if im.mode in ("PA", "RGBa", "La") or (im.mode == "P" and "transparency" in im.info
                                            and (im.palette is None or im.palette.mode != "RGB")):
        info = {k: v for k, v in im.info.items() if k != "transparency"}
        im = im.convert("LA" if im.mode == "La" else "RGBA")
        im.info = info
    if im.mode == "P" and "transparency" in im.info:
        return _visible_palette(im)
    if im.mode not in ("RGBA", "LA"):
        return im
    hidden = im.getchannel("A").point([255] * (FAINT_ALPHA + 1) + [0] * (255 - FAINT_ALPHA))
    if hidden.getbbox() is None:  # nothing transparent: the picture as it is, no copy
        return im
    out = im.copy()
    out.paste((0,) * len(out.getbands()), mask=hidden)
    return out


def _visible_palette(im: Image.Image) -> Image.Image:
    """`visible_only` for a palette picture with transparency: an index (int) or an alpha per index (bytes)."""
    trns = im.info["transparency"]
    alphas = bytes([255] * 256)
    if isinstance(trns, int) and 0 <= trns < 256:
        alphas = alphas[:trns] + b"\0" + alphas[trns + 1:]
    elif isinstance(trns, (bytes, bytearray)):
        alphas = bytes(trns[:256]) + alphas[len(trns):]
    hidden = [i for i, a in enumerate(alphas) if a <= FAINT_ALPHA]
    if not hidden:
        return im
    target = hidden[0]
    lut = [target if alphas[i] <= FAINT_ALPHA else i for i in range(256)]
    out = im.point(lut) if lut != list(range(256)) else im.copy()
    palette = out.getpalette("RGB") or []
    palette += [0] * (3 * (hidden[-1] + 1) - len(palette))
    for i in hidden:  # unused now but for `target`: no colour left in any of them
        palette[3 * i:3 * i + 3] = [0, 0, 0]
    out.putpalette(palette, "RGB")
    keep = {k: v for k, v in im.info.items() if k != "transparency"}
    if isinstance(trns, int):
        out.info = {**keep, "transparency": target}
    else:
        out.info = {**keep, "transparency": bytes(0 if a <= FAINT_ALPHA else a for a in alphas[:len(trns)])}
    return out


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
                   (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"), (b"8BPS", "Photoshop"), (b"icns", "ICNS"))


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


def hidden_colour(data: bytes) -> int:
    """How many pixels of an encoded picture are at most FAINT_ALPHA opaque yet hold colour or
    alpha: 0 for every file the gate wrote (`visible_only`), the output check's proof of it.

    Only pictures with transparency are decoded (the mode is in the header): photos cost nothing.
    A lossy WebP blends a visible edge into the transparent pixels beside it, so there only
    those further than a block from anything visible count, and only above a few levels
    (`_LOSSY_TOLERANCE`): a clean file holds none, colour left under transparency shows at once.
    Not a picture Pillow can read: 0 (as `metadata_in`, the byte checks are the others')."""
    try:
        with Image.open(io.BytesIO(data)) as im:
            if im.mode not in _ALPHA_MODES and not (im.mode == "P" and "transparency" in im.info):
                return 0
            if im.width * im.height > MAX_PIXELS:
                return 0  # the gate never writes one; decoding it is the bomb the gate refuses
            rgba = im.convert("RGBA")  # a GIF: its first frame, the only one the gate writes
    except Exception:  # noqa: BLE001 - Pillow raises many kinds
        return 0
    lossy = _lossy_webp(data)
    tolerance = _LOSSY_TOLERANCE if lossy else 0
    alpha = rgba.getchannel("A")
    faint = alpha.point([255] * (FAINT_ALPHA + 1) + [0] * (255 - FAINT_ALPHA))
    if faint.getbbox() is None:
        return 0
    holds = alpha.point([0] + [255] * 255)
    for band in rgba.split()[:3]:
        holds = ImageChops.lighter(holds, band.point([0] * (tolerance + 1) + [255] * (255 - tolerance)))
    found = ImageChops.multiply(faint, holds)
    if lossy:
        found = ImageChops.multiply(found, _far_from_visible(alpha))
    return found.histogram()[255]


def _far_from_visible(alpha: Image.Image) -> Image.Image:
    """255 where no pixel more than FAINT_ALPHA opaque is in the same `_LOSSY_BLOCK` square or the 8 around it."""
    w, h = alpha.size
    b = _LOSSY_BLOCK
    padded = Image.new("L", (-(-w // b) * b, -(-h // b) * b), 0)
    padded.paste(alpha.point([0] * (FAINT_ALPHA + 1) + [255] * (255 - FAINT_ALPHA)))
    blocks = padded.reduce(b).point([0] + [255] * 255).filter(ImageFilter.MaxFilter(3))
    near = blocks.resize(padded.size, Image.Resampling.NEAREST).crop((0, 0, w, h))
    return ImageChops.invert(near)


def _lossy_webp(data: bytes) -> bool:
    """Whether a WebP file's picture is lossy (a `VP8 ` chunk; lossless ones are `VP8L`)."""
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return False
    at = 12
    while at + 8 <= len(data):
        kind, size = data[at:at + 4], int.from_bytes(data[at + 4:at + 8], "little")
        if kind in (b"VP8 ", b"VP8L"):
            return kind == b"VP8 "
        at += 8 + size + (size & 1)
    return False


def metadata_in(data: bytes) -> list[str]:
    """Names of metadata blocks found in an image's bytes (empty when clean)."""
    found = [sig.decode("latin-1").strip("\x00 ") for sig in _SIGNATURES if sig in data]
    try:
        with Image.open(io.BytesIO(data)) as im:
            if im.getexif():
                found.append("EXIF")
            found += [k for k in ("exif", "xmp", "XML:com.adobe.xmp", "photoshop", "iptc", "comment") if k in im.info]
            # colour settings: the gate applies them (colour.py) and publishes none
            found += [name for k, name in (("icc_profile", "ICC profile"), ("gamma", "gAMA"), ("chromaticity", "cHRM"))
                      if im.info.get(k)]
    except Exception:  # not an image Pillow can read: the byte scan above still applies
        pass
    return sorted(set(found))
