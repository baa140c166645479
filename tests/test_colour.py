"""A picture's colour settings are applied before it is published, or the picture is refused.

A red-team finding: a PNG's gAMA chunk (gamma 100) made Chromium show a picture almost white,
while the build published its raw pixels, a red "face" on grey, with no error: staff who looked
at the file in a browser saw nothing and declared `faces: none`. ICC profiles are the same kind of
setting (iPhones write Display P3, cameras Adobe RGB): their colours were published as if sRGB.
Now (hromada/colour.py) the pixels are converted to sRGB as Chromium converts them, and published
with no setting; what cannot be reproduced is refused in one line. tests/test_colour_browser.py
compares the published files with the source files in Chromium itself.
"""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from colour_samples import (ADOBE_RGB, DISPLAY_P3, P3, SRGB, centres, chrm, encoded, gama, grey16, grey16_level, iccp,
                            jpeg, patches, png)
from conftest import Project, check_and_build, refused_in_check_and_build
from hromada import colour, derivatives, images, likeness


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def published(source: Path) -> Image.Image:
    data = images.clean_bytes(source)
    assert not images.metadata_in(data), images.metadata_in(data)  # no profile, no gAMA, no cHRM
    return Image.open(io.BytesIO(data))


def converted(profile: bytes, im: Image.Image) -> Image.Image:
    """What LittleCMS makes of `im` under `profile`, to sRGB: what the gate should publish."""
    transform = ImageCms.buildTransform(ImageCms.ImageCmsProfile(io.BytesIO(profile)), ImageCms.createProfile("sRGB"),
                                        "RGB", "RGB", renderingIntent=ImageCms.Intent.PERCEPTUAL)
    return ImageCms.applyTransform(im, transform)


def near(a: Image.Image, b: Image.Image, tolerance: int) -> bool:
    a, b = a.convert("RGB"), b.convert("RGB")
    return all(max(abs(x - y) for x, y in zip(a.getpixel(p), b.getpixel(p))) <= tolerance for p in centres())


# --- ICC profiles -------------------------------------------------------------------------------
@pytest.mark.parametrize("profile", [DISPLAY_P3, ADOBE_RGB], ids=["display-p3", "adobe-rgb"])
@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_profiles_colours_are_converted_to_srgb_and_the_profile_dropped(tmp_path, profile, fmt):
    options = {"JPEG": {"quality": 95}, "PNG": {}, "WEBP": {"lossless": True}}[fmt]
    source = write(tmp_path, f"photo.{fmt.lower()}", encoded(patches(), fmt, icc_profile=profile, **options))
    expected = converted(profile, patches())
    assert not near(expected, patches(), 6)  # positive control: the profile changes what is shown
    out = published(source)
    assert "icc_profile" not in out.info
    assert near(out, expected, 1 if fmt == "PNG" else 6)  # JPEG and WebP: published lossy
    for rendition in derivatives.plan_for(source.name, source).files:  # the smaller copies too
        copy = Image.open(io.BytesIO(derivatives.data(source, rendition)))
        assert "icc_profile" not in copy.info and near(copy, expected, 8)


def test_an_srgb_profile_changes_nothing(tmp_path):
    plain = write(tmp_path, "plain.png", png())
    tagged = write(tmp_path, "tagged.png", encoded(patches(), "PNG", icc_profile=SRGB))
    assert images.clean_bytes(plain) == images.clean_bytes(tagged)
    assert published(plain).tobytes() == patches().tobytes()


def test_a_plain_jpeg_is_published_as_before(tmp_path):
    """Positive control: no setting, no conversion; only the re-encoding's own loss."""
    source = write(tmp_path, "plain.jpg", jpeg())
    assert images.pixels(source).tobytes() == Image.open(source).convert("RGB").tobytes()
    assert near(published(source), Image.open(source), 6)  # the re-encoding's loss, as before


@pytest.mark.parametrize("bad", [b"not a profile" * 20, SRGB[:100], SRGB[:128] + bytes(400)], ids=["garbage", "cut", "empty-tags"])
def test_a_damaged_profile_is_refused(tmp_path, bad):
    source = write(tmp_path, "photo.jpg", jpeg(icc_profile=bad))
    why = images.problem(source)
    assert why is not None and "colour profile" in why and "export it again as sRGB" in why, why
    with pytest.raises(images.ImageError):
        images.pixels(source)


def test_a_profile_for_other_colours_than_the_pictures_is_refused(tmp_path):
    source = write(tmp_path, "grey.jpg", jpeg(patches("L"), icc_profile=DISPLAY_P3))
    why = images.problem(source)
    assert why is not None and "for RGB colours, the picture's are GRAY" in why


def test_a_damaged_png_profile_chunk_is_refused(tmp_path):
    source = write(tmp_path, "p.png", png(chunks=((b"iCCP", b"profile\0\0not zlib at all"),)))
    assert "iCCP" in (images.problem(source) or "")


def test_a_webp_profile_its_header_does_not_announce_is_refused(tmp_path):
    data = bytearray(encoded(patches(), "WEBP", lossless=True, icc_profile=DISPLAY_P3))
    assert data[12:16] == b"VP8X" and data[20] & 0x20
    data[20] &= ~0x20
    assert "does not announce it" in (images.problem(write(tmp_path, "p.webp", bytes(data))) or "")


def test_a_gif_with_a_profile_is_refused(tmp_path):
    data = encoded(patches().convert("P"), "GIF")
    at = 13 + 3 * 2 ** ((data[10] & 7) + 1)  # after the header, screen descriptor and global palette
    ext = b"\x21\xff\x0bICCRGBG1" + bytes([255]) + (DISPLAY_P3 + bytes(255))[:255] + b"\x00"
    assert "GIF with a colour profile" in (images.problem(write(tmp_path, "p.gif", data[:at] + ext + data[at:])) or "")
    assert images.problem(write(tmp_path, "plain.gif", data)) is None  # control


def test_a_palette_png_with_a_profile_keeps_its_palette_and_transparency(tmp_path):
    im = patches().convert("P", palette=Image.Palette.ADAPTIVE)
    source = write(tmp_path, "p.png", encoded(im, "PNG", icc_profile=DISPLAY_P3, transparency=0))
    out = published(source)
    assert out.mode == "P" and "transparency" in out.info
    rgba, expected = out.convert("RGBA"), converted(DISPLAY_P3, im.convert("RGB"))
    seen = [p for p in centres() if rgba.getpixel(p)[3]]
    assert len(seen) == len(centres()) - 1  # index 0's patch is transparent (and blanked), the others not
    assert all(max(abs(x - y) for x, y in zip(rgba.getpixel(p)[:3], expected.getpixel(p))) <= 1 for p in seen)


def test_alpha_is_kept_through_the_conversion(tmp_path):
    im = patches().convert("RGBA")
    im.putalpha(Image.linear_gradient("L").resize(im.size))
    out = published(write(tmp_path, "a.png", encoded(im, "PNG", icc_profile=DISPLAY_P3)))
    kept = images.FAINT_ALPHA + 1  # fainter pixels are blanked whole (images.visible_only), as before
    assert out.mode == "RGBA" and out.getchannel("A").tobytes() == im.getchannel("A").point(
        lambda a: a if a >= kept else 0).tobytes()


def test_a_cmyk_jpeg_without_profile_is_published_as_chromium_shows_it(tmp_path):
    """Measured: Pillow's conversion (Adobe's inverted CMYK included) is within a level of Chromium's."""
    source = write(tmp_path, "c.jpg", encoded(patches().convert("CMYK"), "JPEG", quality=95))
    assert images.problem(source) is None and published(source).mode == "RGB"


# --- PNG gAMA, cHRM, sRGB, cICP --------------------------------------------------------------------
def test_the_red_teams_gamma_is_refused(tmp_path):
    source = write(tmp_path, "portrait.png", png(chunks=(gama(10_000_000),)))
    why = images.problem(source)
    assert why is not None and "gAMA 10000000" in why and "mostly white" in why and "export it again as sRGB" in why
    assert likeness.of(source) is None


@pytest.mark.parametrize("value", [43_300, 45_455, 46_000, 47_600])
def test_a_gamma_chromium_shows_as_srgb_changes_nothing(tmp_path, value):
    source = write(tmp_path, "p.png", png(chunks=(gama(value),)))
    assert published(source).tobytes() == patches().tobytes()


@pytest.mark.parametrize("value", [43_182, 47_728])
def test_a_gamma_at_the_edge_of_chromiums_srgb_window_is_refused(tmp_path, value):
    assert "may show as sRGB or not" in (images.problem(write(tmp_path, "p.png", png(chunks=(gama(value),)))) or "")


@pytest.mark.parametrize("chunks,profile", [
    ((gama(55_555),), colour.rgb_profile(curve=1 / 0.55555)),  # an old Mac's 1/1.8
    ((gama(100_000),), colour.rgb_profile(curve=1.0)),  # linear light
    ((gama(55_555), chrm(P3)), colour.rgb_profile(P3, curve=1 / 0.55555)),
    ((gama(45_455), chrm(((0.64, 0.33), (0.30, 0.60), (0.15, 0.06)))), colour.rgb_profile(curve=1 / 0.45455)),
], ids=["1.8", "linear", "p3-1.8", "srgb-primaries-2.2"])
def test_gamma_and_primaries_are_applied(tmp_path, chunks, profile):
    out = published(write(tmp_path, "p.png", png(chunks=chunks)))
    assert near(out, converted(profile, patches()), 1) and not near(out, patches(), 2)


@pytest.mark.parametrize("chunks", [((b"sRGB", b"\0"), gama(100_000)), (chrm(P3),), ((b"cICP", bytes([1, 13, 0, 1])), gama(100_000))],
                         ids=["srgb-over-gamma", "chrm-alone", "cicp-srgb"])
def test_settings_chromium_shows_as_srgb(tmp_path, chunks):
    assert published(write(tmp_path, "p.png", png(chunks=chunks))).tobytes() == patches().tobytes()


def test_a_profile_comes_before_srgb_gamma_and_primaries(tmp_path):
    out = published(write(tmp_path, "p.png", png(chunks=((b"sRGB", b"\0"), gama(100_000), chrm(P3), iccp(DISPLAY_P3)))))
    assert near(out, converted(DISPLAY_P3, patches()), 1)


def test_hdr_or_wide_gamut_coding_is_refused(tmp_path):
    why = images.problem(write(tmp_path, "p.png", png(chunks=((b"cICP", bytes([12, 13, 0, 1])),))))
    assert why is not None and "cICP" in why


def test_grey_and_transparent_colour_pngs_with_gamma(tmp_path):
    grey = published(write(tmp_path, "g.png", png(patches("L"), chunks=(gama(55_555),))))
    assert near(grey, converted(colour.rgb_profile(curve=1 / 0.55555), patches("L").convert("RGB")), 1)
    keyed = published(write(tmp_path, "k.png", png(chunks=(gama(55_555),), transparency=(128, 128, 128))))
    assert keyed.mode == "RGBA" and keyed.getpixel(centres()[0])[3] == 0 and keyed.getpixel(centres()[1])[3] == 255


# --- 16-bit grey --------------------------------------------------------------------------------
def test_a_16_bit_grey_png_is_published_as_shown_and_so_are_its_copies(tmp_path):
    """Pillow's own conversion made every level above 255 white: copies and likeness of a white picture."""
    source = write(tmp_path, "g.png", encoded(grey16(), "PNG"))
    expected = [grey16_level(i) >> 8 for i in range(len(centres()))]  # the high byte, as Chromium shows it
    assert [published(source).convert("L").getpixel(p) for p in centres()] == expected
    for rendition in derivatives.plan_for(source.name, source).files:
        copy = Image.open(io.BytesIO(derivatives.data(source, rendition))).convert("L")
        assert all(abs(copy.getpixel(p) - e) <= 2 for p, e in zip(centres(), expected))
    eight = write(tmp_path, "g8.png", encoded(Image.frombytes("L", grey16().size, grey16().tobytes()[1::2]), "PNG"))
    assert likeness.alike(likeness.of(source), likeness.of(eight))


def test_a_16_bit_grey_pngs_transparent_level_becomes_alpha(tmp_path):
    source = write(tmp_path, "g.png", encoded(grey16(), "PNG", transparency=grey16_level(0)))
    out = published(source)
    assert out.mode == "LA" and out.getpixel(centres()[0])[1] == 0 and out.getpixel(centres()[1])[1] == 255


# --- likeness -----------------------------------------------------------------------------------
def test_the_likeness_is_of_the_picture_as_published(tmp_path):
    """An iPhone's Display P3 photo and its sRGB export are the same picture; so is the same photo
    with and without its profile (colours shift, the picture does not)."""
    photo = Image.open(io.BytesIO(_photo()))
    p3 = write(tmp_path, "p3.jpg", jpeg(photo, icc_profile=DISPLAY_P3))
    export = write(tmp_path, "export.jpg", jpeg(converted(DISPLAY_P3, photo)))
    untagged = write(tmp_path, "untagged.jpg", jpeg(photo))
    assert likeness.of(p3) == likeness.of(p3)
    assert likeness.alike(likeness.of(p3), likeness.of(export))
    assert likeness.alike(likeness.of(p3), likeness.of(untagged))
    other = write(tmp_path, "other.jpg", jpeg(photo.transpose(Image.Transpose.ROTATE_90).resize(photo.size)
                                              .point(lambda v: 255 - v)))
    assert not likeness.alike(likeness.of(p3), likeness.of(other))  # control


def _photo() -> bytes:
    from PIL import ImageDraw, ImageFilter
    im = Image.new("RGB", (320, 240), (90, 120, 160))
    draw = ImageDraw.Draw(im)
    draw.ellipse((110, 40, 210, 170), fill=(220, 170, 140))
    draw.rectangle((0, 180, 320, 240), fill=(60, 90, 40))
    draw.ellipse((135, 80, 150, 95), fill=(40, 30, 20))
    draw.ellipse((170, 80, 185, 95), fill=(40, 30, 20))
    return encoded(im.filter(ImageFilter.GaussianBlur(2)), "JPEG", quality=92)


# --- end to end -----------------------------------------------------------------------------------
def test_the_red_teams_page_is_refused_and_a_normal_gamma_builds(tmp_path):
    for variant, data in (("gamma-100", png(chunks=(gama(10_000_000),))), ("normal", png(chunks=(gama(45_455),))),
                          ("p3", jpeg(icc_profile=DISPLAY_P3))):
        name = "portrait.jpg" if variant == "p3" else "portrait.png"
        project = Project(tmp_path / variant)
        (project.root / "docs/news/img").mkdir(parents=True)
        write(project.root / "docs/news/img", name, data)
        project.write("docs/news/x.md", f"""\
            ---
            title: X
            date: 2025-05-01
            summary: Plain.
            people: none
            media:
              - {{file: img/{name}, depicts: [], faces: none, location_visible: false}}
            ---
            ![x](img/{name})
            """)
        if variant == "gamma-100":
            assert all("mostly white" in line for line in refused_in_check_and_build(project, f"img/{name}"))
        else:
            code, output, result = check_and_build(project)
            assert code == 0, output
            assert result.returncode == 0, result.output
            out = Image.open(result.site / "news/img" / name)
            assert "icc_profile" not in out.info and "gamma" not in out.info


def test_a_remembered_verdict_is_forgotten_when_the_colour_rules_change():
    """`hromada check` remembers each picture's verdict and likeness by file version and by the code
    that decided them: colour.py is part of that code (else a picture passed before this rule would
    still pass the check)."""
    from hromada import file_versions
    assert "colour.py" in file_versions.READERS
