"""A file holding more than one picture publishes the one a browser shows first, or none.

Staff declare who a picture shows (`depicts`, `faces`) looking at it in a browser or a viewer,
and the gate publishes one still picture of each file (images.pixels). A red-team review
(round 7, case 2) drew a blurred face as an animated PNG's animation and the face unblurred as
its "default image" (the file's picture, before the animation's first frame control): browsers
show only the animation, Pillow's frame 0 is the default image, and the build published the
face unblurred under the page's `faces: blurred`. Here:

* an animated PNG with a default image is refused (check and build: one line, nothing
  published), and so is one whose animation chunks lie where readers disagree; a plain PNG and
  an ordinary animated PNG pass (positive controls), the latter published as its animation's
  first frame, which its likeness is read from too;
* only formats every browser shows are read, whatever the file's name: a TIFF, an icon (several
  sizes) or a BMP renamed .png or .jpg is refused, a JPEG named .png is the same picture and passes;
* a camera's JPEG with a second picture after it (MPO) publishes the first, the one browsers
  show: the second is in no published file, and the picture gets its smaller copies (it is no
  animation);
* an animated GIF and WebP publish their first frame, no other.
"""
from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from conftest import Project, check_and_build, refused_in_check_and_build
from hromada import derivatives, images, likeness

FACE = (255, 0, 0)  # the face, unblurred: what must never be published under `faces: blurred`
BLURRED = (0, 0, 255)  # what a browser shows
OTHER = (0, 200, 0)  # a later frame
SIZE = (400, 300)


def plain(colour) -> Image.Image:
    return Image.new("RGB", SIZE, colour)


def encoded(first: Image.Image, fmt: str, *rest: Image.Image, **options) -> bytes:
    buf = io.BytesIO()
    if rest:
        first.save(buf, fmt, save_all=True, append_images=list(rest), **options)
    else:
        first.save(buf, fmt, **options)
    return buf.getvalue()


def hidden_default() -> bytes:
    """The red team's file: the face as the default image, the blurred picture as the animation."""
    return encoded(plain(FACE), "PNG", plain(BLURRED), plain(OTHER), default_image=True, duration=500, loop=0)


def ordinary_apng() -> bytes:
    """An animated PNG whose picture is its animation's first frame (the blurred one)."""
    return encoded(plain(BLURRED), "PNG", plain(OTHER), duration=500, loop=0)


def chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    out, at = [], 8
    while at < len(data):
        length = int.from_bytes(data[at:at + 4], "big")
        out.append((data[at + 4:at + 8], data[at + 8:at + 8 + length]))
        at += 12 + length
    return out


def png_of(parts: list[tuple[bytes, bytes]]) -> bytes:
    """A PNG file of these chunks, each with its CRC: Pillow reads it as it stands."""
    return b"\x89PNG\r\n\x1a\n" + b"".join(struct.pack(">I", len(body)) + kind + body
                                           + struct.pack(">I", zlib.crc32(kind + body)) for kind, body in parts)


def first_pixel(data: bytes) -> tuple:
    with Image.open(io.BytesIO(data)) as im:
        assert getattr(im, "n_frames", 1) == 1  # the gate writes one picture
        return im.convert("RGB").getpixel((SIZE[0] // 2, SIZE[1] // 2))


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_an_animated_png_with_a_picture_browsers_never_show_is_refused(tmp_path):
    data = hidden_default()
    with Image.open(io.BytesIO(data)) as im:  # positive control: Pillow's frame 0 is the hidden face
        assert im.info.get("default_image") and im.convert("RGB").getpixel((0, 0)) == FACE
    why = images.problem(write(tmp_path, "portrait.png", data))
    assert why is not None and "browsers never show" in why and "export it again as a plain PNG or JPEG" in why
    with pytest.raises(images.ImageError):
        images.pixels(tmp_path / "portrait.png")
    assert likeness.of(tmp_path / "portrait.png") is None  # nothing read from a picture that is not published
    # the rule reads the chunks itself: Pillow's word is not needed to refuse it
    assert images.animation_problem(data) == why


def test_an_ordinary_animated_png_publishes_its_animations_first_frame(tmp_path):
    source = write(tmp_path, "portrait.png", ordinary_apng())
    with Image.open(source) as im:
        assert im.is_animated and not im.info.get("default_image")  # positive control: it moves
    assert images.problem(source) is None
    assert first_pixel(images.clean_bytes(source)) == BLURRED
    assert derivatives.shape_of(source).animated and not derivatives.plan_for(source.name, source).files
    still = write(tmp_path, "still.png", encoded(plain(BLURRED), "PNG"))
    assert likeness.of(source) == likeness.of(still)  # the declared picture is the published one
    assert images.animation_problem(still.read_bytes()) is None


def with_chunks(data: bytes, change) -> bytes:
    return png_of(change(chunks(data)))


def _moved_actl_after_idat(parts):
    actl = next(p for p in parts if p[0] == b"acTL")
    rest = [p for p in parts if p[0] != b"acTL"]
    idat = [k for k, _ in rest].index(b"IDAT")
    return rest[:idat + 1] + [actl] + rest[idat + 1:]


def _second_actl(parts):
    at = [k for k, _ in parts].index(b"acTL")
    return parts[:at + 1] + [parts[at]] + parts[at + 1:]


def _first_frame_smaller(parts):
    at = [k for k, _ in parts].index(b"fcTL")
    body = bytearray(parts[at][1])
    body[4:8] = struct.pack(">I", SIZE[0] // 2)
    return parts[:at] + [(b"fcTL", bytes(body))] + parts[at + 1:]


def _no_actl(parts):
    return [p for p in parts if p[0] != b"acTL"]


@pytest.mark.parametrize("change", [_moved_actl_after_idat, _second_actl, _first_frame_smaller, _no_actl],
                         ids=["acTL-after-the-picture", "two-acTL", "first-frame-not-whole", "frames-without-acTL"])
def test_an_animated_png_whose_chunks_readers_may_read_otherwise_is_refused(tmp_path, change):
    """Browsers and Pillow each make their own sense of a malformed animation (two acTL: Pillow
    drops the animation and shows the default image; one browser may keep it): refused, and the
    default image a second acTL hides from Pillow is refused as well."""
    source = write(tmp_path, "a.png", with_chunks(ordinary_apng(), change))
    why = images.problem(source)
    assert why is not None and "export it again" in why
    hidden = write(tmp_path, "b.png", with_chunks(hidden_default(), _second_actl))
    with pytest.warns(UserWarning, match="Invalid APNG"), Image.open(hidden) as im:
        # positive control: Pillow drops the animation, sees no default image, and shows the face
        assert not im.info.get("default_image") and im.convert("RGB").getpixel((0, 0)) == FACE
    assert images.problem(hidden) is not None


@pytest.mark.parametrize("fmt,name,kind", [("TIFF", "page.png", "TIFF"), ("ICO", "icon.png", "ICO"),
                                           ("BMP", "photo.jpg", "BMP")])
def test_a_picture_in_a_format_browsers_show_otherwise_is_refused_whatever_its_name(tmp_path, fmt, name, kind):
    im = plain(FACE)
    options = {"sizes": [(16, 16), (64, 64)]} if fmt == "ICO" else {}
    source = write(tmp_path, name, encoded(im, fmt, **options))
    with Image.open(source) as opened:  # positive control: Pillow reads it
        assert opened.format == fmt
    why = images.problem(source)
    assert why is not None and f"in {kind} format" in why and "export it again as JPEG or PNG" in why, why
    assert images.problem(write(tmp_path, "renamed.png", encoded(plain(BLURRED), "JPEG"))) is None  # same picture


def test_a_jpeg_with_a_second_picture_publishes_the_first_and_gets_copies(tmp_path):
    """MPO (some cameras: a second view, a depth map): browsers show the first picture only."""
    big = (1600, 1000)
    source = write(tmp_path, "photo.jpg", encoded(Image.new("RGB", big, BLURRED), "MPO", Image.new("RGB", big, FACE)))
    with Image.open(source) as im:  # positive control: Pillow sees both pictures
        assert im.format == "MPO" and im.n_frames == 2
        im.seek(1)
        assert im.convert("RGB").getpixel((0, 0))[0] > 200
    clean = images.clean_bytes(source)
    with Image.open(io.BytesIO(clean)) as out:
        assert out.format == "JPEG" and getattr(out, "n_frames", 1) == 1 and out.size == big
        assert out.convert("RGB").getpixel((800, 500))[2] > 200  # the first picture
    assert b"MPF" not in clean and clean.count(b"\xff\xd8") == 1  # no second picture rides along
    plan = derivatives.plan_for(source.name, source)
    assert plan.files  # a still: smaller copies as any photo
    for data in derivatives.data_all(source, plan.files).values():
        with Image.open(io.BytesIO(data)) as copy:
            assert copy.convert("RGB").getpixel((10, 10))[2] > 200


@pytest.mark.parametrize("fmt,name", [("GIF", "moving.gif"), ("WEBP", "moving.webp")])
def test_an_animated_gif_or_webp_publishes_its_first_frame(tmp_path, fmt, name):
    source = write(tmp_path, name, encoded(plain(BLURRED), fmt, plain(FACE), duration=500, loop=0))
    with Image.open(source) as im:
        assert im.n_frames == 2  # positive control
    assert images.problem(source) is None
    red, green, blue = first_pixel(images.clean_bytes(source))
    assert blue > 200 and red < 40


def test_the_red_teams_page_is_refused_and_an_ordinary_animation_builds(tmp_path):
    """End to end: check and build each say one line naming the file; the control builds and
    publishes the blurred first frame."""
    for variant, data in (("hidden", hidden_default()), ("ordinary", ordinary_apng())):
        project = Project(tmp_path / variant)
        project.person("P-1", scope={"face": "blurred"})
        (project.root / "docs/news/img").mkdir(parents=True)
        write(project.root / "docs/news/img", "portrait.png", data)
        project.write("docs/news/her-story.md", """\
            ---
            title: Her story
            date: 2025-05-01
            summary: Hers.
            people: [P-1]
            media:
              - {file: img/portrait.png, depicts: [P-1], faces: blurred, location_visible: false}
            ---
            Text. ![portrait](img/portrait.png)
            """)
        if variant == "hidden":
            for line in refused_in_check_and_build(project, "img/portrait.png"):
                assert "docs/news/her-story.md: media[0].file:" in line and "browsers never show" in line, line
            assert not [p for p in project.root.iterdir() if "hromada-staging" in p.name]
        else:
            code, output, result = check_and_build(project)
            assert code == 0, output
            assert result.returncode == 0, result.output
            published = sorted(p.name for p in (result.site / "news/img").iterdir())
            assert published == ["portrait.png"]  # an animation: no smaller copies
            assert first_pixel((result.site / "news/img/portrait.png").read_bytes()) == BLURRED
