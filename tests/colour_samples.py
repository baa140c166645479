"""Small pictures with colour settings, for tests/test_colour.py and tests/test_colour_browser.py."""
from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

from hromada import colour

#: Display P3 (iPhones) and Adobe RGB (1998) (cameras): primaries, white, curve.
P3 = ((0.680, 0.320), (0.265, 0.690), (0.150, 0.060))
ADOBE = ((0.64, 0.33), (0.21, 0.71), (0.15, 0.06))
DISPLAY_P3 = colour.rgb_profile(P3, colour.D65, colour.SRGB_CURVE, name="Display P3")
ADOBE_RGB = colour.rgb_profile(ADOBE, colour.D65, 563 / 256, name="Adobe RGB (1998)")
SRGB = colour.rgb_profile(name="sRGB")
#: Patches of colour: a grey, a "face" red, shadows, highlights, saturated colours.
PATCHES = ((128, 128, 128), (200, 60, 60), (12, 12, 12), (245, 245, 245), (0, 200, 0), (40, 90, 200),
           (230, 180, 150), (70, 40, 30))
CELL = 16
SIZE = (CELL * 4, CELL * 2)


def patches(mode: str = "RGB") -> Image.Image:
    im = Image.new("RGB", SIZE)
    for i, c in enumerate(PATCHES):
        im.paste(c, ((i % 4) * CELL, (i // 4) * CELL, (i % 4 + 1) * CELL, (i // 4 + 1) * CELL))
    return im.convert(mode) if mode != "RGB" else im


def centres() -> list[tuple[int, int]]:
    return [((i % 4) * CELL + CELL // 2, (i // 4) * CELL + CELL // 2) for i in range(len(PATCHES))]


def encoded(im: Image.Image, fmt: str, **options) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **options)
    return buf.getvalue()


def jpeg(im: Image.Image | None = None, **options) -> bytes:
    return encoded(im or patches(), "JPEG", quality=95, **options)


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(im: Image.Image | None = None, chunks: tuple[tuple[bytes, bytes], ...] = (), **options) -> bytes:
    """A PNG with these chunks right after IHDR (before PLTE and IDAT, where decoders read them)."""
    data = encoded(im or patches(), "PNG", **options)
    return data[:33] + b"".join(chunk(k, v) for k, v in chunks) + data[33:]


def gama(value: int) -> tuple[bytes, bytes]:
    return b"gAMA", struct.pack(">I", value)


def chrm(primaries, white=colour.D65) -> tuple[bytes, bytes]:
    return b"cHRM", struct.pack(">8I", *(round(v * 100_000) for xy in (white, *primaries) for v in xy))


def iccp(profile: bytes) -> tuple[bytes, bytes]:
    return b"iCCP", b"profile\0\0" + zlib.compress(profile)


def grey16() -> Image.Image:
    """A 16-bit grey picture: levels across the whole range, most of them above 255."""
    levels = [grey16_level(min((x // CELL) + 4 * (y // CELL), len(PATCHES) - 1)) for y in range(SIZE[1]) for x in range(SIZE[0])]
    return Image.frombytes("I;16", SIZE, struct.pack(f"<{len(levels)}H", *levels))


def grey16_level(i: int) -> int:
    return i * 9000 + 500
