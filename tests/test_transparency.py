"""No colour under transparent pixels (images.visible_only): what a reader cannot see is not in the file.

An eraser, or "save colour values of transparent pixels", lowers a pixel's alpha and keeps its
colour: a face erased that way came back by dropping the alpha channel (red-team round 6,
case 15). Every picture here hides a marker colour, drawn as a face, under alpha 0 and under a
veil of alpha 5, beside visible pixels (opaque and half transparent):

* positive control: each source holds the marker where a reader sees nothing;
* the published original and every smaller copy hold none: pixels at most FAINT_ALPHA opaque
  are (0, 0, 0, 0) (a lossy WebP: none far from a visible edge, where its blur cannot reach),
  in RGBA and LA, palettes with tRNS (an alpha per index, or one index) and GIF, WebP;
* visible pixels of the original are kept exactly;
* the output check refuses a file that still holds hidden colour, and a built site passes it.
"""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw

from conftest import Project
from hromada import derivatives, images, output

MARKER = (0xE1, 0x9A, 0x7B)  # the hidden face's colour
SIZE = (900, 600)  # narrower than 1080: a copy at its own width too (the red team's WebP leak)
FACE = (300, 100, 700, 500)  # under alpha 0: the marker, with eyes and a mouth in another colour
VEIL = (40, 420, 240, 580)  # the marker at alpha 5: hardly visible, its colour whole
HALF = (40, 40, 240, 240)  # visible at alpha 128: must be kept exactly
INSIDE = (364, 164, 636, 436)  # the face, 64 px in from any visible pixel (beyond a lossy WebP's blur)


def face(mode: str, colour, eyes) -> Image.Image:
    """The hidden face as a picture of its own (RGBA, LA or P), to paste with its alpha."""
    w, h = FACE[2] - FACE[0], FACE[3] - FACE[1]
    im = Image.new(mode, (w, h), colour)
    draw = ImageDraw.Draw(im)
    draw.ellipse([120, 120, 170, 160], fill=eyes)
    draw.ellipse([230, 120, 280, 160], fill=eyes)
    draw.rectangle([150, 280, 250, 300], fill=eyes)
    return im


def rgba_source() -> Image.Image:
    im = Image.linear_gradient("L").resize(SIZE).convert("RGBA")
    im.paste((30, 160, 90, 128), HALF)
    im.paste(face("RGBA", MARKER + (0,), (20, 20, 20, 0)), FACE[:2])  # paste replaces all four values
    im.paste(MARKER + (5,), VEIL)
    return im


def la_source() -> Image.Image:
    im = Image.linear_gradient("L").resize(SIZE).convert("LA")
    im.paste((90, 128), HALF)
    im.paste(face("LA", (MARKER[0], 0), (20, 0)), FACE[:2])
    im.paste((MARKER[0], 5), VEIL)
    return im


#: A palette: two visible greys, the marker and the eyes each under their own transparent
#: index (which index a pixel uses draws the face too), the marker faint, a half-transparent green.
PALETTE = [10, 20, 30, 200, 200, 200, *MARKER, 20, 20, 20, *MARKER, 30, 160, 90]
TRNS = bytes([255, 255, 0, 0, 5, 128])


def p_source() -> Image.Image:
    im = Image.new("P", SIZE, 1)
    im.putpalette(PALETTE)
    im.paste(0, (0, 0, SIZE[0] // 2, SIZE[1]))
    im.paste(5, HALF)
    im.paste(face("P", 2, 3), FACE[:2])
    im.paste(4, VEIL)
    return im


def one_index_source() -> Image.Image:
    """A palette with one transparent index (PNG tRNS of one entry, GIF): the marker is that entry's colour."""
    im = Image.new("P", SIZE, 1)
    im.putpalette(PALETTE[:9])
    im.paste(0, (0, 0, SIZE[0] // 2, SIZE[1]))
    im.paste(face("P", 2, 2), FACE[:2])
    return im


def write(kind: str, folder: Path) -> Path:
    """The source file of one kind, as an editor's tool would save it."""
    if kind == "RGBA png":
        path = folder / "portrait.png"
        rgba_source().save(path)
    elif kind == "LA png":
        path = folder / "portrait.png"
        la_source().save(path)
    elif kind == "P png tRNS":
        path = folder / "portrait.png"
        p_source().save(path, transparency=TRNS)
    elif kind == "P png one index":
        path = folder / "portrait.png"
        one_index_source().save(path, transparency=2)
    elif kind == "P gif":
        path = folder / "portrait.gif"
        one_index_source().save(path, transparency=2)
    else:  # "RGBA webp": lossless and exact, so the file keeps the colours (as "save colour values" does)
        path = folder / "portrait.webp"
        rgba_source().save(path, lossless=True, exact=True)
    return path


KINDS = ["RGBA png", "LA png", "P png tRNS", "P png one index", "P gif", "RGBA webp"]


def under(im: Image.Image, box=None, at_most: int = images.FAINT_ALPHA) -> tuple[int, int, int, int]:
    """The largest R, G, B and A among pixels at most `at_most` opaque (in `box`): all 0 when nothing is hidden."""
    rgba = im.convert("RGBA")
    if box:
        rgba = rgba.crop(box)
    hidden = rgba.getchannel("A").point(lambda a: 255 if a <= at_most else 0)
    return tuple(hi for _, hi in Image.composite(rgba, Image.new("RGBA", rgba.size), hidden).getextrema())


def visible(im: Image.Image) -> Image.Image:
    """The pixels more than FAINT_ALPHA opaque, the others (0, 0, 0, 0)."""
    rgba = im.convert("RGBA")
    shown = rgba.getchannel("A").point(lambda a: 255 if a > images.FAINT_ALPHA else 0)
    return Image.composite(rgba, Image.new("RGBA", rgba.size), shown)


def assert_nothing_hidden(data: bytes, fmt: str, where: str) -> None:
    with Image.open(io.BytesIO(data)) as out:
        out.load()
        assert out.format == fmt, where
        scale = out.width / SIZE[0]
        inside = tuple(round(v * scale) for v in INSIDE)
        if fmt == "WEBP":  # lossy: a visible edge blurs into the transparent pixels beside it, never 64 px
            assert max(under(out, inside, at_most=0)[:3]) <= 8, where
            assert under(out, inside, at_most=0)[3] == 0, where  # positive: the face is still transparent
        else:
            assert under(out) == (0, 0, 0, 0), where
    assert images.hidden_colour(data) == 0, where


@pytest.mark.parametrize("kind", KINDS)
def test_no_colour_under_transparency_in_the_original_or_any_copy(tmp_path, kind):
    source = write(kind, tmp_path)
    with Image.open(source) as im:
        held = under(im, INSIDE, at_most=0)
        # positive control: the file as saved holds the face's colour where a reader sees nothing
        assert held[0] == MARKER[0] and held[3] == 0, held
        if kind in ("RGBA png", "RGBA webp", "LA png", "P png tRNS"):
            assert under(im, VEIL)[:3] == (MARKER if kind != "LA png" else (MARKER[0],) * 3)
        before = visible(im)
    assert images.hidden_colour(source.read_bytes()) > 0  # the output check would refuse the file as it is
    original = images.clean_bytes(source)
    fmt = {".png": "PNG", ".gif": "GIF", ".webp": "WEBP"}[source.suffix]
    assert_nothing_hidden(original, fmt, "original")
    if fmt != "WEBP":  # re-encoded losslessly: every visible pixel as it was
        with Image.open(io.BytesIO(original)) as out:
            assert ImageChops.difference(visible(out), before).getbbox() is None
            if kind == "RGBA png":
                assert out.convert("RGBA").getpixel((HALF[0] + 5, HALF[1] + 5)) == (30, 160, 90, 128)
    plan = derivatives.plan_for(source.name, source)
    assert {r.width for r in plan.files} >= {360, 720} and any(r.width == SIZE[0] for r in plan.files) == (fmt != "WEBP")
    for rendition, data in derivatives.data_all(source, plan.files).items():
        assert_nothing_hidden(data, rendition.format, rendition.path)


def test_the_rule_keeps_every_visible_pixel_and_blanks_the_rest():
    im = rgba_source()
    out = images.visible_only(im)
    assert under(im) != (0, 0, 0, 0) and under(out) == (0, 0, 0, 0)  # positive control, then none
    assert ImageChops.difference(visible(out), visible(im)).getbbox() is None
    assert out.getpixel((VEIL[0] + 1, VEIL[1] + 1)) == (0, 0, 0, 0)  # the veil is gone, not darkened
    assert out.getpixel((HALF[0] + 5, HALF[1] + 5)) == (30, 160, 90, 128)  # half transparent: as it was
    nine = Image.new("RGBA", (2, 1), MARKER + (images.FAINT_ALPHA + 1,))
    assert images.visible_only(nine).tobytes() == nine.tobytes()  # a pixel any more opaque is the picture's
    photo = Image.new("RGB", (4, 4), MARKER)
    assert images.visible_only(photo) is photo  # nothing transparent: no work, no copy


def test_a_palette_keeps_no_hidden_colour_nor_a_choice_of_hidden_indices():
    im = p_source()
    im.info["transparency"] = TRNS
    out = images.visible_only(im)
    assert out.mode == "P"  # a palette picture stays one (as small as it was)
    alphas = out.info["transparency"]
    hidden = {i for i, a in enumerate(alphas) if a <= images.FAINT_ALPHA}
    assert hidden == {2, 3, 4} and all(alphas[i] == 0 for i in hidden)
    assert all(out.getpalette()[3 * i:3 * i + 3] == [0, 0, 0] for i in hidden)
    used = {i for _, i in out.getcolors()}
    assert len(used & hidden) == 1  # every hidden pixel on one index: the face's shape is gone too
    assert out.getpalette()[:6] == PALETTE[:6] and alphas[5] == 128


def test_the_output_check_refuses_colour_under_transparency(tmp_path):
    site = tmp_path / "site"
    (site / "img").mkdir(parents=True)
    rgba_source().save(site / "img/dirty.png")
    rgba_source().save(site / "img/dirty.webp", quality=80, exact=True)  # lossy, as the gate writes WebP
    veil = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    veil.paste(MARKER + (5,), VEIL)
    veil.save(site / "img/veil.png")
    (site / "img/clean.png").write_bytes(images.clean_bytes(write("RGBA png", tmp_path)))
    Image.new("RGB", SIZE, MARKER).save(site / "img/photo.png")
    problems = output.image_problems(site, ["img/dirty.png", "img/dirty.webp", "img/veil.png", "img/clean.png",
                                            "img/photo.png"])
    assert [p.split(":")[0] for p in problems] == ["img/dirty.png", "img/dirty.webp", "img/veil.png"], problems
    assert all("transparent pixel(s) still hold colour" in p for p in problems)


def test_a_built_site_publishes_no_hidden_face(tmp_path):
    """The red team's case, end to end: an erased face in a page's PNG, consent `face: none`."""
    project = Project(tmp_path / "project")
    project.person("P-0001", scope={"face": "none"})
    (project.root / "docs/news/img").mkdir(parents=True)
    source = write("RGBA png", project.root / "docs/news/img")
    project.write("docs/news/hers.md", """\
        ---
        title: Her story
        date: 2025-05-01
        summary: Hers.
        people: [P-0001]
        media:
          - file: img/portrait.png
            depicts: [P-0001]
            faces: none
            location_visible: false
        ---
        ![Her, face removed](img/portrait.png)
        """)
    with Image.open(source) as im:
        assert under(im, INSIDE, at_most=0)[:3] == MARKER  # positive control
    result = project.build()
    assert result.returncode == 0, result.output
    published = sorted((result.site / "news/img").glob("portrait*"))
    assert {p.name for p in published} == {"portrait.png", "portrait.360w.png", "portrait.720w.png",
                                           "portrait.360w.png.webp", "portrait.720w.png.webp", "portrait.900w.png.webp"}
    for path in published:
        assert_nothing_hidden(path.read_bytes(), "WEBP" if path.suffix == ".webp" else "PNG", path.name)
    for path in result.site.rglob("*.png"):  # the theme's own pictures too (Material's favicon)
        assert images.hidden_colour(path.read_bytes()) == 0, path
