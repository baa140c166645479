"""What is published looks, in Chromium, like what Chromium shows for the source file.

Each source picture (colour_samples.py: small patches of colour) and the files the gate makes of
it (the cleaned original, its smaller copies) are drawn into a canvas in Chromium and read back;
at each patch's centre they must agree within the re-encoding's loss. The pictures with settings
Hromada cannot reproduce are refused (tests/test_colour.py); the red team's one is shown here as
Chromium shows it: white.
"""
from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from PIL import Image

from browser_support import LAUNCH_ARGS
from colour_samples import (ADOBE_RGB, DISPLAY_P3, P3, centres, chrm, encoded, gama, grey16, iccp, jpeg, patches, png)
from hromada import derivatives, images

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
_MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
_DRAW = """async (sources) => {
  const out = [];
  for (const src of sources) {
    const img = new Image(); img.src = src;
    try { await img.decode(); } catch (e) { out.push(null); continue; }
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d'); ctx.drawImage(img, 0, 0);
    out.push([canvas.width, canvas.height, Array.from(ctx.getImageData(0, 0, canvas.width, canvas.height).data)]);
  }
  return out;
}"""


def shown(files: list[bytes]) -> list[Image.Image]:
    """Each file as Chromium shows it (sRGB, RGBA)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM}")
    urls = [f"data:{_MIME[Image.open(io.BytesIO(d)).format]};base64,{base64.b64encode(d).decode()}" for d in files]
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[*LAUNCH_ARGS, "--force-color-profile=srgb"])
        try:
            page = browser.new_page()
            page.set_content("<!doctype html><body></body>")
            drawn = page.evaluate(_DRAW, urls)
        finally:
            browser.close()
    assert all(drawn), "Chromium could not draw a picture"
    return [Image.frombytes("RGBA", (w, h), bytes(px)) for w, h, px in drawn]


#: name -> (file name, bytes). Lossless where the source allows, so that only the gate's loss counts.
SOURCES = {
    "display-p3-jpeg": ("p3.jpg", jpeg(icc_profile=DISPLAY_P3)),
    "adobe-rgb-jpeg": ("adobe.jpg", jpeg(icc_profile=ADOBE_RGB)),
    "display-p3-webp": ("p3.webp", encoded(patches(), "WEBP", lossless=True, icc_profile=DISPLAY_P3)),
    "display-p3-png": ("p3.png", encoded(patches(), "PNG", icc_profile=DISPLAY_P3)),
    "plain-jpeg": ("plain.jpg", jpeg()),
    "gamma-1/2.2": ("g22.png", png(chunks=(gama(45_455),))),
    "gamma-1/1.8": ("g18.png", png(chunks=(gama(55_555),))),
    "gamma-linear": ("g10.png", png(chunks=(gama(100_000),))),
    "gamma-and-p3-primaries": ("gp3.png", png(chunks=(gama(55_555), chrm(P3)))),
    "profile-before-srgb-and-gamma": ("first.png", png(chunks=((b"sRGB", b"\0"), gama(100_000), iccp(DISPLAY_P3)))),
    "srgb-before-gamma": ("srgb.png", png(chunks=((b"sRGB", b"\0"), gama(100_000)))),
    "sbit": ("sbit.png", png(chunks=((b"sBIT", bytes([5, 6, 5])),))),
    "grey-gamma": ("grey.png", png(patches("L"), chunks=(gama(55_555),))),
    "grey-16-bit": ("grey16.png", encoded(grey16(), "PNG")),
    "transparent-colour-gamma": ("key.png", png(chunks=(gama(55_555),), transparency=(128, 128, 128))),
    "grey-transparent-colour": ("keyl.png", png(patches("L"), transparency=128)),
    "palette-transparency-profile": ("pal.png", encoded(patches().convert("P", palette=Image.Palette.ADAPTIVE), "PNG", transparency=1,
                                                       icc_profile=DISPLAY_P3)),
    "la-gamma": ("la.png", png(patches("LA"), chunks=(gama(55_555),))),
    "cmyk-jpeg": ("cmyk.jpg", encoded(patches().convert("CMYK"), "JPEG", quality=95)),
    "exif-colorspace-uncalibrated": ("exif.jpg", None),
}


def _exif_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x8769] = {0xA001: 0xFFFF}  # ColorSpace: uncalibrated (what Adobe RGB cameras write); browsers ignore it
    return jpeg(exif=exif.tobytes())


SOURCES["exif-colorspace-uncalibrated"] = ("exif.jpg", _exif_jpeg())


def _rgb16_png() -> bytes:
    """A 16-bit RGB PNG (Pillow writes none): the patches' levels as 16-bit, each low byte 0x80."""
    import struct
    import zlib
    rows = b"".join(b"\0" + b"".join(struct.pack(">3H", *(v * 256 + 128 for v in patches().getpixel((x, y))))
                                     for x in range(patches().width)) for y in range(patches().height))
    ihdr = struct.pack(">IIBBBBB", *patches().size, 16, 2, 0, 0, 0)
    body = b"".join(struct.pack(">I", len(d)) + k + d + struct.pack(">I", zlib.crc32(k + d))
                    for k, d in ((b"IHDR", ihdr), (b"gAMA", struct.pack(">I", 55_555)), (b"IDAT", zlib.compress(rows)), (b"IEND", b"")))
    return b"\x89PNG\r\n\x1a\n" + body


SOURCES["rgb-16-bit"] = ("rgb16.png", _rgb16_png())


def _differences(a: Image.Image, b: Image.Image) -> list[int]:
    """The largest difference at each patch's centre: colour where both are visible, and alpha."""
    out = []
    for p in centres():
        pa, pb = a.getpixel(p), b.getpixel(p)
        alpha = abs(pa[3] - pb[3])
        out.append(max(alpha, *(abs(x - y) for x, y in zip(pa[:3], pb[:3]))) if min(pa[3], pb[3]) > 8 else alpha)
    return out


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    """name -> (the source as shown, [each published file as shown, with its label])."""
    folder = tmp_path_factory.mktemp("colour")
    files, index = [], {}
    for key, (name, data) in SOURCES.items():
        source = folder / name
        source.write_bytes(data)
        made = [("original", images.clean_bytes(source))]
        made += [(f"{r.width}w {r.format}", derivatives.data(source, r)) for r in derivatives.plan_for(name, source).files]
        index[key] = (len(files), [label for label, _ in made])
        files += [data] + [d for _, d in made]
    pictures = shown(files)
    return {key: (pictures[at], list(zip(labels, pictures[at + 1:at + 1 + len(labels)])))
            for key, (at, labels) in index.items()}


@pytest.mark.parametrize("key", list(SOURCES))
def test_published_files_look_as_the_source_does_in_chromium(drawn, key):
    source, published = drawn[key]
    assert published
    lossless = SOURCES[key][0].endswith(".png")
    for label, picture in published:
        # the gate's own loss: a PNG original none (the browser's rounding: 1); JPEG and WebP copies some
        tolerance = 2 if lossless and label == "original" else 10
        worst = _differences(source, picture)
        assert max(worst) <= tolerance, (label, worst, [source.getpixel(p) for p in centres()],
                                         [picture.getpixel(p) for p in centres()])


def test_the_settings_change_what_chromium_shows(drawn):
    """Positive controls: without conversion these would have been published wrong."""
    plain = shown([png()])[0]
    for key in ("display-p3-jpeg", "adobe-rgb-jpeg", "gamma-1/1.8", "gamma-and-p3-primaries", "profile-before-srgb-and-gamma"):
        assert max(_differences(plain, drawn[key][0])) > 10, key
    for key in ("gamma-1/2.2", "srgb-before-gamma", "sbit"):  # shown as sRGB: nothing to convert
        assert max(_differences(plain, drawn[key][0])) <= 1, key


def test_the_red_teams_picture_is_white_in_chromium_and_refused(tmp_path):
    data = png(chunks=(gama(10_000_000),))
    face = shown([data])[0].getpixel(centres()[1])
    assert min(face[:3]) >= 250  # Chromium shows no face: the source file looked blank to staff
    source = tmp_path / "portrait.png"
    source.write_bytes(data)
    assert "mostly white" in (images.problem(source) or "")
