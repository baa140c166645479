"""Colour settings of a picture, applied before it is published (images.pixels), so what is
published looks like what a browser shows for the source file.

A picture file may say how its numbers are to be shown: an ICC profile (JPEG APP2, PNG iCCP,
WebP ICCP: Display P3 from phones, Adobe RGB from cameras), or a PNG's gAMA and cHRM chunks.
Browsers apply them; re-encoding from pixels drops them. Published as they are, the numbers would
show another picture than the one staff looked at when they declared who it shows (a PNG whose
gAMA makes a browser show it white publishes a face). So the pixels are converted to sRGB here,
as a browser would convert them, and published with no profile:

- an ICC profile: converted by LittleCMS (Pillow's ImageCms), perceptual intent. Chromium
  (skcms) converts with the profile's A2B0 table (its perceptual one) when it has one, else with
  its matrix and curves, to sRGB's matrix and curves; LittleCMS with the perceptual intent does
  the same: a matrix/curves profile (Display P3, Adobe RGB: every phone and camera) has no
  other intent than colorimetric, a table profile's perceptual table is A2B0;
- a PNG's gAMA, cHRM: the profile they describe (`rgb_profile`), converted the same way (Chromium
  does: the primaries of cHRM, else sRGB's; gAMA's curve, else sRGB's), unless the PNG also has
  an sRGB or iCCP chunk, which comes first (as for browsers).

What cannot be reproduced is refused, one line (`ColourProblem`): a profile LittleCMS cannot read or
apply (damaged, for other colours than the picture's), a gamma or primaries far from anything a screen shows
(the picture would be mostly white or black: a browser shows almost nothing of it), a PNG's
cICP (HDR and wide-gamut coding browsers read and Pillow does not), a GIF's profile (Pillow reads none).

A CMYK JPEG without a profile is converted as Chromium and Firefox show it (measured: Pillow's
conversion, Adobe's inverted CMYK included, is within one level of Chromium's); Safari may show it
in other colours (through the Mac's generic CMYK profile), not another picture. EXIF's ColorSpace
tag and a PNG's sBIT change nothing a browser shows, and are dropped with the rest.
"""
from __future__ import annotations

import functools
import io
import struct
import zlib
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageCms, ImageMath

#: sRGB's (and Display P3's) curve, as ICC parametric curve type 3: (g, a, b, c, d).
SRGB_CURVE = (2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045)
SRGB_PRIMARIES = ((0.64, 0.33), (0.30, 0.60), (0.15, 0.06))
D65 = (0.3127, 0.3290)
#: The ICC profile connection space's white (D50), as XYZ.
_D50 = (0.9642, 1.0, 0.8249)
_BRADFORD = ((0.8951, 0.2664, -0.1614), (-0.7502, 1.7135, 0.0367), (0.0389, -0.0685, 1.0296))

#: PNG gAMA values (gamma x 100,000: the exponent from light to file) shown as a picture at all:
#: 1/2.2 (45,455) is the usual; 1/1.8 (old Macs) and 1.0 (linear) occur. Outside, a browser shows
#: the picture mostly white or black, and the few levels left could hold a face staff never saw.
GAMMA_RANGE = (0.2, 1.0)


class ColourProblem(Exception):
    """What is wrong with a picture's colour settings, as the end of `file: expected` (images.ImageError)."""


def _mul(m, v):
    return tuple(sum(m[i][k] * v[k] for k in range(3)) for i in range(3))


def _inverse(m):
    (a, b, c), (d, e, f), (g, h, i) = m
    det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
    if abs(det) < 1e-12:
        raise ColourProblem("colour settings that describe real colours (its primaries are in a line)")
    return ((( e * i - f * h) / det, -(b * i - c * h) / det, ( b * f - c * e) / det),
            (-(d * i - f * g) / det, ( a * i - c * g) / det, -(a * f - c * d) / det),
            (( d * h - e * g) / det, -(a * h - b * g) / det, ( a * e - b * d) / det))


def _xyz(xy):
    x, y = xy
    if y <= 0:
        raise ColourProblem("colour settings that describe real colours (a chromaticity with y = 0)")
    return (x / y, 1.0, (1 - x - y) / y)


def _to_d50(primaries, white):
    """RGB -> XYZ (D50, Bradford), as ICC profiles and skcms want it: columns are red, green, blue."""
    cols = [_xyz(p) for p in primaries]
    m = tuple(tuple(cols[j][i] for j in range(3)) for i in range(3))
    w = _xyz(white)
    s = _mul(_inverse(m), w)
    m = tuple(tuple(m[i][j] * s[j] for j in range(3)) for i in range(3))
    cone_src, cone_dst = _mul(_BRADFORD, w), _mul(_BRADFORD, _D50)
    scale = tuple(tuple((cone_dst[i] / cone_src[i] if i == j else 0.0) for j in range(3)) for i in range(3))
    adapt = _matmul(_inverse(_BRADFORD), _matmul(scale, _BRADFORD))
    return _matmul(adapt, m)


def _matmul(a, b):
    return tuple(tuple(sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)) for i in range(3))


def _s15(v: float) -> bytes:
    return struct.pack(">i", round(v * 65536))


def rgb_profile(primaries=SRGB_PRIMARIES, white=D65, curve: float | tuple = SRGB_CURVE, name: str = "RGB") -> bytes:
    """An ICC v4 matrix/curves RGB profile: `primaries` and `white` as CIE xy, `curve` the exponent
    from file to light (2.2) or ICC parametric type 3 (g, a, b, c, d). What a PNG's gAMA and cHRM
    describe; the tests also make Display P3 and Adobe RGB profiles with it."""
    m = _to_d50(primaries, white)
    if isinstance(curve, tuple):
        para = b"para" + bytes(4) + struct.pack(">H", 3) + bytes(2) + b"".join(_s15(v) for v in curve)
    else:
        para = b"para" + bytes(4) + struct.pack(">H", 0) + bytes(2) + _s15(curve)
    text = name.encode("utf-16-be")
    mluc = b"mluc" + bytes(4) + struct.pack(">II", 1, 12) + b"enUS" + struct.pack(">II", len(text), 28) + text
    tags = [(b"desc", mluc), (b"cprt", b"mluc" + bytes(4) + struct.pack(">II", 1, 12) + b"enUS" + struct.pack(">II", 0, 28)),
            (b"wtpt", b"XYZ " + bytes(4) + b"".join(_s15(v) for v in _D50))]
    tags += [(sig, b"XYZ " + bytes(4) + b"".join(_s15(m[i][j]) for i in range(3))) for j, sig in enumerate((b"rXYZ", b"gXYZ", b"bXYZ"))]
    tags += [(sig, para) for sig in (b"rTRC", b"gTRC", b"bTRC")]
    at, table, body = 128 + 4 + 12 * len(tags), b"", b""
    for sig, data in tags:
        data += bytes(-len(data) % 4)
        table += sig + struct.pack(">II", at + len(body), len(data))
        body += data
    size = at + len(body)
    header = (struct.pack(">I", size) + b"lcms" + bytes([4, 0x30, 0, 0]) + b"mntrRGB XYZ " + bytes(12) + b"acsp"
              + bytes(24) + struct.pack(">I", 0) + b"".join(_s15(v) for v in _D50) + bytes(4 + 16 + 28))
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + body


#: A PNG's gAMA alone within this share of 1/2.2 (45,455) is shown as sRGB by Chromium (measured in
#: Chromium 156: 43,190 to 47,720 unchanged; 43,180 and 47,730 converted), so it is not applied here
#: either; a value within `_GAMMA_EDGE` of either end of that window is refused (which side a browser
#: takes is not sure).
SRGB_GAMMA_WINDOW = 0.05
_GAMMA_EDGE = 8
_SRGB_GAMMA = 45455
#: The one cICP (PNG's coding-independent code points) that describes sRGB: BT.709 primaries,
#: sRGB curve, RGB, full range. Any other is HDR or wide-gamut coding browsers apply and Pillow does not read.
_CICP_SRGB = bytes([1, 13, 0, 1])
_ICC_LIMIT = 4 << 20  # no real profile is larger (a camera's: a few kB; a printer's table: up to 2 MB)
_EXPORT = "export it again as sRGB (in most editors: Export, or Save for Web, colour profile sRGB)"

_SRGB = ImageCms.createProfile("sRGB")


def _line(what: str) -> ColourProblem:
    return ColourProblem(f"a picture whose colours Hromada can publish as a browser shows them ({what}): {_EXPORT}")


@dataclass(frozen=True)
class Settings:
    """A picture's colour settings as an ICC profile. `made`: Hromada made it from a PNG's gAMA and
    cHRM (an RGB profile, which a grey PNG's levels go through as grey RGB, as Chromium shows them)."""

    icc: bytes
    made: bool = False


def settings(im: Image.Image, data: bytes | None) -> Settings | None:
    """The colour settings a browser applies to an opened picture; None when it is
    shown as sRGB (no settings, or sRGB's). `data`: the file's bytes (needed for PNG, WebP and GIF,
    whose settings are read from their chunks, not from Pillow's view). Raises ColourProblem."""
    fmt = im.format
    if fmt == "PNG":
        return _png_settings(data or b"")
    if fmt == "GIF":
        if data and b"\x21\xff\x0bICCRGBG1" in data:
            raise _line("a GIF with a colour profile, which Pillow does not read")
        return None
    icc = im.info.get("icc_profile") or None
    if fmt == "WEBP" and _webp_icc(data or b"") != bool(icc):
        raise _line("a WebP whose colour profile readers may read or ignore: its header does not announce it")
    return Settings(icc) if icc else None


def _png_settings(data: bytes) -> Settings | None:
    from .images import _png_chunks  # images imports this module
    first: dict[bytes, bytes] = {}
    for kind, at, length in _png_chunks(data):
        if kind == b"IDAT":
            break
        first.setdefault(kind, data[at:at + length])  # the first of each, as decoders read them
    if b"cICP" in first:  # read first by browsers, before any other colour chunk
        if first[b"cICP"] != _CICP_SRGB:
            raise _line("a PNG with HDR or wide-gamut coding (a cICP chunk), which Hromada cannot read")
        return None
    if b"iCCP" in first:
        chunk = first[b"iCCP"]
        name_end = chunk.find(b"\0")
        try:
            if name_end < 1 or chunk[name_end + 1:name_end + 2] != b"\0":
                raise ValueError
            unzip = zlib.decompressobj()
            icc = unzip.decompress(chunk[name_end + 2:], _ICC_LIMIT)
            if unzip.unconsumed_tail or not icc:
                raise ValueError
        except (ValueError, zlib.error):
            raise _line("its colour profile (iCCP) is damaged") from None
        return Settings(icc)
    if b"sRGB" in first:
        return None
    gama = int.from_bytes(first[b"gAMA"], "big") if len(first.get(b"gAMA", b"")) == 4 else None
    if gama is None:
        return None  # cHRM alone: Chromium shows the picture as sRGB (measured)
    gamma = gama / 100_000
    if not GAMMA_RANGE[0] <= gamma <= GAMMA_RANGE[1]:
        raise _line(f"a PNG whose gamma setting (gAMA {gama}) makes a browser show it mostly "
                    f"{'white' if gamma > 1 else 'black'}")
    if b"cHRM" not in first:
        low, high = _SRGB_GAMMA * (1 - SRGB_GAMMA_WINDOW), _SRGB_GAMMA * (1 + SRGB_GAMMA_WINDOW)
        if abs(gama - low) <= _GAMMA_EDGE or abs(gama - high) <= _GAMMA_EDGE:
            raise _line(f"a PNG whose gamma setting (gAMA {gama}) browsers may show as sRGB or not")
        if low < gama < high:
            return None
        return Settings(rgb_profile(curve=1 / gamma, name="PNG gAMA"), made=True)
    chrm = first[b"cHRM"]
    if len(chrm) != 32:
        raise _line("its colour settings (cHRM) are damaged")
    v = [int.from_bytes(chrm[i:i + 4], "big") / 100_000 for i in range(0, 32, 4)]
    white, prim = (v[0], v[1]), ((v[2], v[3]), (v[4], v[5]), (v[6], v[7]))
    if any(not (0 < x < 1 and 0 < y < 1 and x + y <= 1) for x, y in (white, *prim)):
        raise _line("its colour settings (cHRM) describe no real colours")
    return Settings(rgb_profile(prim, white, curve=1 / gamma, name="PNG gAMA cHRM"), made=True)


def _webp_icc(data: bytes) -> bool:
    """Whether a WebP file holds a colour profile (an ICCP chunk); raises ColourProblem when its header
    (VP8X) does not say so, or says so of none: libwebp then ignores the chunk, another reader may not."""
    chunks, at = [], 12
    while at + 8 <= len(data):
        kind, size = data[at:at + 4], int.from_bytes(data[at + 4:at + 8], "little")
        chunks.append(kind)
        at += 8 + size + (size & 1)
    flag = data[12:16] == b"VP8X" and len(data) > 20 and bool(data[20] & 0x20)
    if flag != (b"ICCP" in chunks):
        raise _line("a WebP whose colour profile readers may read or ignore: its header does not announce it")
    return flag


@functools.lru_cache(maxsize=32)
def _transform(icc: bytes, mode: str) -> ImageCms.ImageCmsTransform | None:
    """The transform from a profile to sRGB for pixels in `mode` (RGB, L, CMYK); None when it changes
    no colour by more than one level (an sRGB profile under another name: nothing to convert)."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    except (OSError, ValueError, ImageCms.PyCMSError):
        raise _line("its colour profile is damaged or of a kind LittleCMS cannot read") from None
    space = source.profile.xcolor_space.strip()
    wanted = {"RGB": "RGB", "L": "GRAY", "CMYK": "CMYK"}[mode]
    if space != wanted:
        raise _line(f"its colour profile is for {space or 'unknown'} colours, the picture's are {wanted}")
    try:
        transform = ImageCms.buildTransform(source, _SRGB, mode, "RGB",
                                            renderingIntent=ImageCms.Intent.PERCEPTUAL)
    except (OSError, ValueError, ImageCms.PyCMSError):
        raise _line("its colour profile cannot be applied") from None
    if mode == "CMYK":
        return transform
    probe = _PROBES[mode]
    out = ImageCms.applyTransform(probe, transform)
    if mode == "L":
        probe = probe.convert("RGB")
    diff = ImageChops.difference(out, probe).getextrema()
    return transform if max(high for _, high in diff) > 1 else None


def _probe_rgb() -> Image.Image:
    levels = range(0, 256, 15)
    colours = bytes(c for r in levels for g in levels for b in levels for c in (r, g, b))
    return Image.frombytes("RGB", (len(colours) // 3, 1), colours)


_PROBES = {"RGB": _probe_rgb(), "L": Image.frombytes("L", (256, 1), bytes(range(256)))}


def deep_grey(im: Image.Image) -> Image.Image:
    """A 16-bit grey picture (Pillow's I;16, I) as 8-bit grey, its high byte as Chromium shows it
    (Pillow's own conversion clips every level above 255 to white: the smaller copies and the
    likeness were of a white picture), its transparent level (tRNS) an alpha channel. Other modes: as they are."""
    if not im.mode.startswith("I"):
        return im
    deep = im.convert("I")
    out = deep.point(lambda v: v / 256).convert("L")
    key = im.info.get("transparency")
    if isinstance(key, int):  # tRNS: the one 16-bit level that is transparent, as an alpha channel
        out.putalpha(ImageMath.lambda_eval(lambda a: (a["x"] != key) * 255, x=deep).convert("L"))
    out.info = {k: v for k, v in im.info.items() if k != "transparency"}
    return out


def to_srgb(im: Image.Image, colours: Settings | None) -> Image.Image:
    """The picture's pixels as a browser shows them, in sRGB: converted from the profile `icc`
    (`settings`), or as they are (None). Alpha is kept; a palette keeps its indices (its colours
    are converted); a transparent colour (tRNS in RGB or grey) becomes an alpha channel first."""
    im = deep_grey(im)
    if colours is None:
        return im
    icc = colours.icc
    if im.mode == "P":
        transform = _transform(icc, "RGB")
        if transform is None:
            return im
        palette = im.getpalette("RGB") or []
        colours = Image.frombytes("RGB", (len(palette) // 3, 1), bytes(palette))
        out = im.copy()
        out.putpalette(ImageCms.applyTransform(colours, transform).tobytes(), "RGB")
        out.info = dict(im.info)
        return out
    if "transparency" in im.info and im.mode in ("L", "RGB", "1"):
        im = im.convert("LA" if im.mode != "RGB" else "RGBA")
    alpha = im.getchannel("A") if im.mode in ("RGBA", "LA") else None
    base = {"RGBA": "RGB", "LA": "L", "1": "L"}.get(im.mode, im.mode)
    if base not in ("RGB", "L", "CMYK"):
        raise _line(f"a picture in Pillow's {im.mode} mode with a colour profile")
    pixels = im.convert(base) if base != im.mode else im
    if base == "L" and colours.made:  # a grey PNG with gAMA (cHRM): its levels as grey RGB
        base, pixels = "RGB", pixels.convert("RGB")
    transform = _transform(icc, base)
    if transform is None:
        return im
    out = ImageCms.applyTransform(pixels, transform)
    if alpha is not None:
        out.putalpha(alpha)
    out.info = {}
    return out
