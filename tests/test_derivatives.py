"""Smaller copies of published pictures (hromada/derivatives.py): clean, gated, used, affordable.

* every copy is re-encoded without metadata, proved on a source that carries
  EXIF (camera, GPS) and XMP, read as raw bytes and through Pillow;
* copies exist only beside a published original: none for a withdrawn person's
  picture, nor in its listing's thumbnail; every copy is in the manifest with why;
* every URL a page draws resolves to a file of the site; pictures reserve their
  space (width, height) and only the first screen loads eagerly;
* naming a copy is naming the picture: a page cannot publish another page's
  picture (or a withdrawn one) through a copy's name;
* a story page of the example site stays within the phone budget in Chromium.
"""
from __future__ import annotations

import html as htmllib
import io
import json
import os
import posixpath
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from PIL import Image, ImageFilter, PngImagePlugin

from conftest import NOW, Project, all_output_text
from hromada import derivatives, images, manifest
from hromada.media_uses import MediaPaths, uses

GPS = {1: "N", 2: (50.0, 27.0, 0.0), 3: "E", 4: (30.0, 31.0, 0.0)}
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description>CanaryXmpzq</rdf:Description></rdf:RDF></x:xmpmeta>'


def dirty(fmt: str, size=(1600, 1000), orientation: int | None = None, seed: int = 0) -> bytes:
    """A picture carrying camera EXIF, GPS and XMP (PNG: text chunks too); a gradient, so copies differ in size."""
    w, h = size
    im = Image.linear_gradient("L").resize((w, h)).convert("RGB")
    im.paste((200, seed * 37 % 256, 40), (w // 4, h // 4, w // 2, h // 2))  # seeds 0-6 differ after JPEG
    exif = Image.Exif()
    exif[0x010F] = "CanaryCam"
    exif.get_ifd(0x8825).update(GPS)
    if orientation:
        exif[0x0112] = orientation
    buf = io.BytesIO()
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Author", "CanaryAuthor")
        info.add_itxt("XML:com.adobe.xmp", XMP.decode())
        im.convert("RGBA").save(buf, "PNG", pnginfo=info, exif=exif)
    else:
        im.save(buf, fmt, exif=exif, xmp=XMP)
    return buf.getvalue()


def assert_clean(data: bytes, where: str) -> None:
    """No metadata: by the build's own raw-byte signatures, by our canaries, and as Pillow sees it."""
    assert images.metadata_in(data) == [], where
    assert b"CanaryCam" not in data and b"CanaryAuthor" not in data and b"CanaryXmpzq" not in data, where
    with Image.open(io.BytesIO(data)) as im:
        assert not im.getexif(), where
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment"} & set(im.info), where


# --- the plan: widths, names, formats -----------------------------------------------
def test_widths_are_never_upscaled_and_cap_at_the_largest():
    assert derivatives.widths(800) == (360, 720, 800)
    assert derivatives.widths(4000) == (360, 720, 1080)
    assert derivatives.widths(1080) == (360, 720, 1080)
    assert derivatives.widths(300) == (300,)


def test_plan_for_a_jpeg_offers_webp_and_jpeg_and_reuses_the_original():
    plan = derivatives.plan("news/img/a.jpg", derivatives.Shape(800, 500))
    assert [(r.path, r.width, r.height) for r in plan.webp] == [
        ("news/img/a.360w.jpg.webp", 360, 225), ("news/img/a.720w.jpg.webp", 720, 450), ("news/img/a.800w.jpg.webp", 800, 500)]
    assert [(r.path, r.format, r.original) for r in plan.fallback] == [
        ("news/img/a.360w.jpg", "JPEG", False), ("news/img/a.720w.jpg", "JPEG", False), ("news/img/a.jpg", "JPEG", True)]
    assert "news/img/a.jpg" not in [r.path for r in plan.files]  # the original is published anyway


def test_plan_per_format_family():
    png = derivatives.plan("a.png", derivatives.Shape(2000, 1000))
    assert [r.path for r in png.fallback] == ["a.360w.png", "a.720w.png", "a.1080w.png"]
    assert [r.path for r in png.webp] == ["a.360w.png.webp", "a.720w.png.webp", "a.1080w.png.webp"]
    webp = derivatives.plan("a.webp", derivatives.Shape(800, 400))
    assert webp.webp == () and [r.path for r in webp.fallback] == ["a.360w.webp", "a.720w.webp", "a.webp"]
    gif = derivatives.plan("a.gif", derivatives.Shape(500, 500))
    assert [(r.path, r.format) for r in gif.fallback] == [("a.360w.gif.png", "PNG"), ("a.gif", "GIF")]
    assert derivatives.plan("a.gif", derivatives.Shape(500, 500, animated=True)) == derivatives.Plan()
    assert derivatives.plan("a.jpg", None) == derivatives.Plan()


def test_names_come_from_the_original_and_lead_back_to_it():
    originals = ["img/a.jpg", "img/a.JPG", "img/a.jpeg", "img/a.png", "img/a.gif", "img/a.webp", "x/photo.2024.jpg"]
    names: dict[str, str] = {}
    for original in originals:
        for r in derivatives.plan(original, derivatives.Shape(2000, 1500)).files:
            assert r.path not in names, f"{r.path}: a copy of {original} and of {names.get(r.path)}"
            names[r.path] = original
            assert derivatives.original_of(r.path) == original
            assert derivatives.original_of(r.path.rsplit("/", 1)[-1]) == original.rsplit("/", 1)[-1]
    assert derivatives.original_of("img/a.jpg") is None and derivatives.original_of("img/a.360.jpg") is None


def test_picture_urls_survive_spaces_and_other_alphabets():
    from hromada import views

    plan = derivatives.plan("news/img/мій знімок, 2.jpg", derivatives.Shape(800, 500))
    picture = views.picture("img/x.jpg", plan, None, None, url_of=lambda path: path.replace("news/", ""))
    assert (picture.width, picture.height) == (800, 500)
    candidates = [c.strip().split(" ") for c in picture.webp_srcset.split(", ")]
    assert [len(c) for c in candidates] == [2, 2, 2]  # url and width each: nothing split the url
    assert candidates[0][0] == "img/%D0%BC%D1%96%D0%B9%20%D0%B7%D0%BD%D1%96%D0%BC%D0%BE%D0%BA%2C%202.360w.jpg.webp"
    assert picture.src.endswith("%202.jpg") and " " not in picture.srcset.replace(", ", "").replace(" 360w", "") \
        .replace(" 720w", "").replace(" 800w", "")


def test_a_size_the_page_asks_for_is_kept_in_proportion():
    from hromada import figures, views

    plan = derivatives.plan("img/a.jpg", derivatives.Shape(800, 500))
    picture = views.picture("img/a.jpg", plan, 800, 500)
    for tag, shape in (('<img alt="a" src="img/a.jpg" width="400">', (400, 250)),
                       ('<img alt="a" src="img/a.jpg" height="100">', (160, 100)),
                       ('<img alt="a" src="img/a.jpg" width="10" height="20">', (10, 20)),
                       ('<img alt="a" src="img/a.jpg" width="50%">', (800, 500))):
        link, drawn = figures.as_picture(tag, lambda src: picture)
        assert (drawn.width, drawn.height) == shape, tag
    assert figures.as_picture('<img src="img/a.jpg" srcset="x.jpg 2x">', lambda src: picture) is None  # staff's own srcset
    assert figures.as_picture('<a href="https://x.org/"><img src="img/a.jpg" alt="a"></a>', lambda src: picture)[0] == \
        '<a href="https://x.org/">'


# --- bytes: clean, upright, the promised size ------------------------------------------
@pytest.mark.parametrize("fmt,suffix", [("JPEG", ".jpg"), ("PNG", ".png"), ("WEBP", ".webp")])
def test_every_copy_is_metadata_free(tmp_path, fmt, suffix):
    source = tmp_path / f"photo{suffix}"
    source.write_bytes(dirty(fmt))
    found = " ".join(images.metadata_in(source.read_bytes())).lower()
    assert "exif" in found and ("xmp" in found or "xap" in found), f"positive control: the source carries EXIF and XMP ({found})"
    assert b"CanaryCam" in source.read_bytes() and b"CanaryXmpzq" in source.read_bytes()
    with Image.open(source) as im:
        assert im.getexif().get_ifd(0x8825), "positive control: the source has GPS"
    plan = derivatives.plan_for(source.name, source)
    assert len(plan.files) >= 5 if fmt != "WEBP" else len(plan.files) == 3
    for rendition, data in derivatives.data_all(source, plan.files).items():
        assert_clean(data, rendition.path)
        with Image.open(io.BytesIO(data)) as im:
            assert im.size == (rendition.width, rendition.height) and im.format == rendition.format


def test_copies_are_upright_as_the_exif_said(tmp_path):
    source = tmp_path / "turned.jpg"
    source.write_bytes(dirty("JPEG", size=(1200, 400), orientation=6))  # shown 400 wide, 1200 high
    plan = derivatives.plan_for("turned.jpg", source)
    assert [r.width for r in plan.fallback] == [360, 400]
    data = derivatives.data(source, plan.webp[0])
    with Image.open(io.BytesIO(data)) as im:
        assert im.size == (360, 1080)
    assert_clean(data, "turned")


@pytest.mark.parametrize("mode,fmt,suffix", [("P", "PNG", ".png"), ("LA", "PNG", ".png"), ("I;16", "PNG", ".png"),
                                              ("1", "PNG", ".png"), ("CMYK", "JPEG", ".jpg"), ("L", "JPEG", ".jpg"),
                                              ("RGBA", "WEBP", ".webp"), ("P", "GIF", ".gif")])
def test_every_kind_of_pixels_gets_copies(tmp_path, mode, fmt, suffix):
    source = tmp_path / f"a{suffix}"
    im = Image.new(mode, (900, 40))
    im.save(source, fmt, **({"transparency": 0} if mode == "P" else {}))
    plan = derivatives.plan_for(source.name, source)
    assert plan.files
    for rendition, data in derivatives.data_all(source, plan.files).items():
        with Image.open(io.BytesIO(data)) as out:
            assert out.size == (rendition.width, rendition.height) and out.format == rendition.format
        assert images.metadata_in(data) == []


def test_an_animation_keeps_moving_and_gets_no_copies(tmp_path):
    frames = [Image.new("RGB", (400, 300), (i * 80, 0, 0)) for i in range(3)]
    source = tmp_path / "moving.gif"
    frames[0].save(source, save_all=True, append_images=frames[1:], duration=100, loop=0)
    assert derivatives.shape_of(source).animated  # positive control: Pillow sees the frames
    assert derivatives.plan_for(source.name, source) == derivatives.Plan()


def test_copies_are_cached_per_file_version(tmp_path):
    source = tmp_path / "photo.jpg"
    source.write_bytes(dirty("JPEG", size=(800, 500)))
    r = derivatives.plan_for("photo.jpg", source).webp[0]
    first = derivatives.data(source, r)
    assert derivatives.data(source, r) is first
    source.write_bytes(dirty("JPEG", size=(800, 500), seed=3))
    os.utime(source, ns=(1, 1))
    assert derivatives.data(source, r) != first


def test_what_a_check_found_in_a_picture_is_kept_between_runs_until_the_file_changes(tmp_path, monkeypatch):
    """`hromada check` runs on every commit: a picture is cleaned (to learn whether the gate
    can) and hashed once per version of the file, not once per run (file_versions.py).
    A new version, even one of the same size and modification time, is looked at again."""
    from hromada import file_versions, likeness

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(dirty("JPEG", size=(800, 500)))
    file_versions.on_disk(tmp_path)
    assert images.problem(photo) is None
    seen = likeness.of(photo)
    assert seen is not None
    file_versions.end_round()  # the check is over: written down
    assert {p.name.split("-")[1] for p in (tmp_path / "cache/hromada").glob("media-*")} >= {"image", "likeness"}

    def start_again() -> None:  # as a new process does: nothing in memory, the cache files read
        for memo in file_versions._ALL.values():
            memo.path, memo.entries, memo._seen = None, {}, {}
        file_versions.on_disk(tmp_path)

    start_again()
    real_encode, real_pixels = images._encode, images.pixels

    def looked_again(*_args, **_kwargs):
        raise AssertionError("the picture was decoded again")

    monkeypatch.setattr(images, "_encode", looked_again)
    monkeypatch.setattr(images, "pixels", looked_again)
    images._cache.clear()  # (the cleaned bytes themselves are kept in this process only)
    assert images.problem(photo) is None and likeness.of(photo) == seen
    file_versions.end_round()

    # a careless copy over the file: broken bytes of the same length, the old modification time
    st = photo.stat()
    photo.write_bytes(b"\xff\xd8" + b"\0" * (st.st_size - 2))
    os.utime(photo, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert photo.stat().st_size == st.st_size and photo.stat().st_mtime_ns == st.st_mtime_ns
    start_again()
    monkeypatch.setattr(images, "_encode", real_encode)
    monkeypatch.setattr(images, "pixels", real_pixels)
    assert images.problem(photo) is not None  # judged again: Pillow cannot read it
    assert likeness.of(photo) is None
    file_versions.end_round()
    for memo in file_versions._ALL.values():  # leave the modules as a fresh process has them
        memo.path, memo.entries, memo._seen = None, {}, {}


def test_a_file_that_would_carry_a_copys_name_keeps_it(tmp_path):
    source = tmp_path / "a.jpg"
    source.write_bytes(dirty("JPEG", size=(800, 500)))
    assert derivatives.plan_for("img/a.jpg", source, {"img/a.jpg"}).files
    assert derivatives.plan_for("img/a.jpg", source, {"img/a.jpg", "img/a.360w.jpg"}) == derivatives.Plan()


# --- the media-use scan: naming a copy is naming the picture ---------------------------
def test_a_copys_name_is_a_use_of_its_picture():
    media = MediaPaths.of(["news/img/a.jpg", "news/img/b.360w.jpg"])
    found = uses('<img srcset="../img/a.720w.jpg.webp 720w" src="x.png">', ["news/x"], media)
    assert found == {"news/img/a.jpg": "../img/a.720w.jpg.webp"}
    assert uses("![](img/A.360W.JPG.WEBP)", ["news"], MediaPaths.of(["news/img/A.JPG"])) == {"news/img/A.JPG": "img/A.360W.JPG.WEBP"}
    # a real file with a copy-like name is that file, not a copy of b.jpg
    assert uses("![](img/b.360w.jpg)", ["news"], media) == {"news/img/b.360w.jpg": "img/b.360w.jpg"}
    assert uses("![](img/c.360w.jpg)", ["news"], media) == {}  # no such picture


def test_the_scan_keeps_only_tokens_that_could_name_a_file():
    """Words that end a sentence are not kept (memory for every page of a build); every way of
    writing a file's name still is: an extension inside, a trailing dot after one, an escape."""
    from hromada.media_uses import _tokens

    text = 'Women survived captivity. See img/a.jpg. Or <img src="img/b%2Ejpg"> and photo&#46;png, then c.jpg...'
    assert _tokens(text) == {"img/a.jpg.", "img/b%2Ejpg", "photo.png", "c.jpg..."}
    media = MediaPaths.of(["news/img/a.jpg", "news/img/b.jpg", "news/photo.png", "news/c.jpg"])
    assert set(uses(text, ["news"], media)) == {"news/img/b.jpg", "news/photo.png"}  # as MkDocs and browsers resolve them
    assert uses("![](img/a.jpg)", ["news"], media) == {"news/img/a.jpg": "img/a.jpg"}  # positive control


def test_a_page_survives_the_parse_memo_with_its_body():
    """Doc pickles its body as UTF-8 bytes (model.Doc.__reduce__): the round trip must give the
    same page, body included (the body is left out of Doc's equality)."""
    import pickle

    from hromada.model import Doc, Kind, MediaRef

    doc = Doc("docs/news/a.uk.md", "news/a.uk.md", "news/a.md", "uk", Kind.NEWS, "uk/news/a/", "Заголовок",
              media=(MediaRef("img/a.jpg", ("P-0001",), "blurred", False),), people=("P-0001",),
              body="Жінки ҳуқуқ \ud800 end")
    back = pickle.loads(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == doc and back.body == doc.body and back.media == doc.media


# --- a built site: gate, manifest, pages ---------------------------------------------
PAGE = """\
---
title: {title}
date: {date}
summary: A story.
people: [{ref}]
organization: numo-sestry
media:
  - {{file: img/{name}.jpg, depicts: [{ref}], faces: blurred, location_visible: false}}
  - {{file: img/{name}-more.png, depicts: [], faces: none, location_visible: false}}
---
![The lead of {name}](img/{name}.jpg "A caption")

{text}

![More of {name}](img/{name}-more.png){{: .wide}}

The end.
"""


def write_page(project: Project, slug: str, ref: str, date: str, name: str, text: str = "Some text.") -> None:
    (project.root / "docs/news/img").mkdir(parents=True, exist_ok=True)
    seed = 2 * sum(name.encode()) % 7
    (project.root / f"docs/news/img/{name}.jpg").write_bytes(dirty("JPEG", seed=seed))
    (project.root / f"docs/news/img/{name}-more.png").write_bytes(dirty("PNG", size=(900, 600), seed=seed + 1))
    project.write(f"docs/news/{slug}.md", PAGE.format(title=f"Story {name}", date=date, ref=ref, name=name, text=text))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = Project(tmp_path_factory.mktemp("derivatives") / "project")
    project.person("P-0001")
    project.person("P-0002", consent={"status": "withdrawn", "withdrawn": "2026-11-20"})
    write_page(project, "shown", "P-0001", "2026-11-01", "canaryshownzq")
    write_page(project, "gone", "P-0002", "2026-11-02", "canarygonezq")
    project.write("docs/news/older.md", "---\ntitle: Older\ndate: 2026-10-01\nsummary: s\npeople: none\n"
                                        "organization: numo-sestry\n---\nBody.\n")
    result = project.build()
    assert result.returncode == 0, result.output
    return project, result.site


def copies_in(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file() and derivatives.original_of(p.relative_to(site).as_posix()))


def test_published_copies_exist_and_are_metadata_free(built):
    project, site = built
    source = project.root / "docs/news/img/canaryshownzq.jpg"
    assert "Exif" in images.metadata_in(source.read_bytes())  # positive control: the source is dirty
    copies = copies_in(site)
    names = {p.name for p in copies}
    assert {"canaryshownzq.360w.jpg", "canaryshownzq.1080w.jpg", "canaryshownzq.360w.jpg.webp",
            "canaryshownzq.1080w.jpg.webp", "canaryshownzq-more.720w.png", "canaryshownzq-more.720w.png.webp"} <= names
    for path in copies:
        assert_clean(path.read_bytes(), path.name)


def test_no_copy_and_no_thumbnail_of_a_withdrawn_persons_picture(built):
    project, site = built
    assert (project.root / "docs/news/img/canarygonezq.jpg").is_file()  # it was there to copy
    assert [p for p in site.rglob("*") if "canarygonezq" in p.name] == []
    leaks = [rel for rel, text in all_output_text(site).items() if "canarygonezq" in text.lower()]
    assert leaks == []
    assert "canaryshownzq.360w.jpg.webp" in (site / "news/index.html").read_text()  # control: the other thumbnail is


def test_manifest_gives_every_copy_its_reason(built):
    _, site = built
    assert manifest.verify(site) == []
    files = json.loads((site / manifest.NAME).read_text())["files"]
    why = files["news/img/canaryshownzq.720w.jpg.webp"]["why"]
    assert why.startswith("smaller copy (720 px wide, WEBP) of news/img/canaryshownzq.jpg")
    assert "declared by docs/news/shown.md" in why


SRC_ATTRS = re.compile(r'<(?:img|source)\b[^>]*>', re.S)


def drawn_urls(tag: str) -> list[str]:
    out = []
    for name in ("src", "srcset"):
        m = re.search(rf'\b{name}="([^"]*)"', tag)
        if m:
            out += [part.strip().split(" ")[0] for part in htmllib.unescape(m.group(1)).split(",") if part.strip()]
    return out


def test_every_picture_url_in_pages_resolves_to_a_file(built):
    _, site = built
    checked = 0
    for page in site.rglob("*.html"):
        base = page.parent.relative_to(site).as_posix()
        for tag in SRC_ATTRS.findall(page.read_text(encoding="utf-8")):
            for url in drawn_urls(tag):
                if "://" in url or url.startswith("data:"):
                    continue
                target = site / posixpath.normpath(posixpath.join(base, url))
                assert target.is_file(), f"{page.relative_to(site)}: {url}"
                checked += 1
    assert checked > 20


def pictures(html: str) -> list[str]:
    return re.findall(r"<picture>.*?</picture>", html, re.S)


def img(picture: str) -> str:
    return re.search(r"<img\b[^>]*>", picture).group(0)


def test_article_pictures_offer_copies_reserve_space_and_load_lazily_below_the_fold(built):
    _, site = built
    page = (site / "news/shown/index.html").read_text()
    lead, more = pictures(page)[:2]
    assert '<source type="image/webp" srcset="../img/canaryshownzq.360w.jpg.webp 360w, ../img/canaryshownzq.720w.jpg.webp 720w, ' \
           '../img/canaryshownzq.1080w.jpg.webp 1080w" sizes=' in lead
    assert 'srcset="../img/canaryshownzq.360w.jpg 360w, ../img/canaryshownzq.720w.jpg 720w, ../img/canaryshownzq.1080w.jpg 1080w"' in lead
    assert '<source media="(max-width: 600px)" type="image/webp" srcset="../img/canaryshownzq.360w.jpg.webp 360w, ' \
           '../img/canaryshownzq.720w.jpg.webp 720w" sizes=' in lead  # phones choose up to 720 px (2x)
    assert lead.index('media="(max-width: 600px)" type="image/webp"') < lead.index('<source type="image/webp"') \
        < lead.index('<source media="(max-width: 600px)" srcset="../img/canaryshownzq.360w.jpg 360w, ') < lead.index("<img")
    assert 'width="1600" height="1000"' in img(lead)  # the original's shape
    assert 'loading="lazy"' not in lead and 'fetchpriority="high"' in lead  # the lead is on the first screen
    assert 'alt="The lead of canaryshownzq"' in lead and 'title="A caption"' in lead
    assert 'loading="lazy"' in img(more) and 'width="900" height="600"' in img(more)
    assert 'class="wide"' in img(more)  # the Markdown's own attributes survive
    assert "canaryshownzq-more.360w.png.webp 360w" in more
    assert "<figcaption>A caption</figcaption>" in page


def test_cards_and_lead_pictures(built):
    _, site = built
    home = (site / "index.html").read_text()
    lead = re.search(r'<article class="hx-lead.*?</article>', home, re.S).group(0)
    assert 'fetchpriority="high"' in lead and 'loading="lazy"' not in lead and "canaryshownzq.360w.jpg.webp" in lead
    listing = (site / "news/index.html").read_text()
    thumbs = [img(p) for p in pictures(listing)]
    assert thumbs and all('width="' in t and 'height="' in t for t in thumbs)
    assert 'loading="lazy"' not in thumbs[0]  # the first card under the listing's title
    for html in (home, listing, (site / "news/older/index.html").read_text()):
        for picture in pictures(html)[1:]:
            assert 'loading="lazy"' in img(picture)


# --- a page may not reach another page's picture through a copy -------------------------
@pytest.mark.parametrize("written", [
    "![x](img/canaryshownzq.360w.jpg.webp)",  # another page's picture, published
    '<img src="img/x.png" srcset="img/canaryshownzq.720w.jpg 720w">',
    "![x](img/canarygonezq.720w.jpg)",  # a withdrawn person's picture
])
def test_naming_another_pages_copy_is_refused(tmp_path, written):
    project = Project(tmp_path / "p")
    project.person("P-0001")
    project.person("P-0002", consent={"status": "withdrawn", "withdrawn": "2026-11-20"})
    write_page(project, "shown", "P-0001", "2026-11-01", "canaryshownzq")
    write_page(project, "gone", "P-0002", "2026-11-02", "canarygonezq")
    project.write("docs/news/thief.md", f"---\ntitle: Thief\ndate: 2026-11-03\nsummary: s\npeople: none\n---\n{written}\n")
    result = project.build()
    assert result.returncode != 0
    if "canarygonezq" in written:  # only a withdrawn person's page declares it: the public log does not name it
        assert "canarygonezq" not in result.output and "`hromada check` shows the line): media" in result.output
    else:
        assert "docs/news/thief.md: media: an entry declaring img/canary" in result.output
    assert "Traceback" not in result.output
    assert not (project.root / "site").exists()


def test_a_page_may_name_a_copy_of_its_own_picture(tmp_path):
    project = Project(tmp_path / "p")
    project.person("P-0001")
    write_page(project, "shown", "P-0001", "2026-11-01", "canaryshownzq",
               text="A small one: ![small](img/canaryshownzq.360w.jpg.webp)")
    result = project.build()
    assert result.returncode == 0, result.output
    assert "img/canaryshownzq.360w.jpg.webp" in (result.site / "news/shown/index.html").read_text()


# --- preview: the same copies, under the same rule --------------------------------------
def test_preview_makes_the_same_decision(built):
    from hromada import build as hb

    project, _ = built
    config = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8")
                            .replace("!!python/object/apply:pymdownx.slugs.slugify", ""))
    os.environ.setdefault("HROMADA_NOW", NOW)
    for preview in (False, True):
        b = hb.prepare(project.root, config["extra"], config.get("site_url"), docs_dir=project.root / "docs", preview=preview)
        assert b.renditions("news/img/canaryshownzq.jpg").files
        # preview shows held-back pages with a banner, so their pictures too; the real build never
        assert bool(b.renditions("news/img/canarygonezq.jpg").files) is preview


def test_mkdocs_serve_serves_copies_exactly_where_it_serves_originals(tmp_path):
    project = Project(tmp_path / "p")
    project.person("P-0001")
    project.person("P-0002", consent={"status": "withdrawn", "withdrawn": "2026-11-20"})
    write_page(project, "shown", "P-0001", "2026-11-01", "canaryshownzq")
    write_page(project, "gone", "P-0002", "2026-11-02", "canarygonezq")
    (project.root / "docs/news/img/canaryundeclaredzq.jpg").write_bytes(dirty("JPEG", seed=4))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "HROMADA_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
                            cwd=project.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def get(rel: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{rel}", timeout=5) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, b""

    try:
        for _ in range(120):
            try:
                page = get("news/shown/")[1].decode()
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("mkdocs serve did not answer")
        assert "../img/canaryshownzq.360w.jpg.webp 360w" in page
        for name in ("canaryshownzq", "canarygonezq", "canaryundeclaredzq"):
            status, original = get(f"news/img/{name}.jpg")
            for copy in (f"{name}.360w.jpg.webp", f"{name}.720w.jpg"):
                copy_status, data = get(f"news/img/{copy}")
                assert copy_status == status, (copy, copy_status, status)  # a copy exactly where its original is
                if status == 200:
                    assert_clean(data, copy)
        # the preview shows held-back pages with a banner (and so their pictures); never what nobody declares
        assert get("news/img/canaryshownzq.jpg")[0] == 200 and get("news/img/canaryundeclaredzq.jpg")[0] == 404
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_warming_prepares_exactly_what_the_build_publishes(built):
    from hromada import build as hb

    project, site = built
    config = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8")
                            .replace("!!python/object/apply:pymdownx.slugs.slugify", ""))
    os.environ.setdefault("HROMADA_NOW", NOW)
    b = hb.prepare(project.root, config["extra"], config.get("site_url"), docs_dir=project.root / "docs")
    derivatives._cache.clear()
    assert b.warm_media() == 2  # the published page's two pictures, not the withdrawn one's
    gone = project.root / "docs/news/img/canarygonezq.jpg"
    assert not any(key[0] == str(gone) for key in derivatives._cache)
    shown = b.renditions("news/img/canaryshownzq.jpg").files
    source = project.root / "docs/news/img/canaryshownzq.jpg"
    assert all(derivatives.data(source, r) == (site / r.path).read_bytes() for r in shown)  # same bytes as built


# --- the phone budget, in Chromium ---------------------------------------------------------
def camera_photo(size=(3000, 2000)) -> bytes:
    """A stand-in for a camera photo: soft shapes and fine grain that compress as a typical photo
    does (1080 px wide: about 128 KB as JPEG, 93 KB as WebP; 720 px: 72 and 61 KB; 360 px: 28 and
    29 KB). Each call gives a different picture."""
    w, h = size
    channels = [Image.effect_noise((w // 32, h // 32), 90).resize((w, h), Image.Resampling.BICUBIC)
                .filter(ImageFilter.GaussianBlur(3)) for _ in range(3)]
    im = Image.blend(Image.merge("RGB", channels), Image.effect_noise((w, h), 20).convert("RGB"), 0.06)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=90)
    return buf.getvalue()


@pytest.fixture(scope="module")
def photo_story(tmp_path_factory) -> Path:
    """A series of three story parts, each led by its own 3,000 px photo: the related parts' cards
    show theirs too. The example site's small illustrations would prove little about photos."""
    project = Project(tmp_path_factory.mktemp("photos") / "project")
    project.write("stories/photos/index.md", "---\ntitle: Photos\nsummary: A series.\npeople: none\n"
                                             "organization: numo-sestry\ncadence: monthly\n---\nAbout.\n")
    for n in (1, 2, 3):
        (project.root / "stories/photos/img").mkdir(parents=True, exist_ok=True)
        (project.root / f"stories/photos/img/p{n}.jpg").write_bytes(camera_photo())
        project.write(f"stories/photos/0{n}-part-{n}.md", f"""\
            ---
            title: Part {n}
            date: 2026-0{n}-01
            summary: Part {n} of the series.
            people: none
            organization: numo-sestry
            media:
              - {{file: img/p{n}.jpg, depicts: [], faces: none, location_visible: false}}
            ---
            ![A photo](img/p{n}.jpg)

            {"Words of the story. " * 200}
            """)
    result = project.build()
    assert result.returncode == 0, result.output
    return result.site


def transferred(site: Path, rel: str, scale: int) -> tuple[int, int, list[str]]:
    """(bytes before pictures, bytes of pictures, pictures shown) of a page at 390 px in Chromium,
    gzip as static hosts send it, scrolled to the end so every lazy picture loads too."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from browser_support import SiteServer, Transfer
    from test_phone import LAUNCH_ARGS

    server = SiteServer(site, compress=True).start()
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                          device_scale_factor=scale)
            page = context.new_page()
            transfer = Transfer(context, page)
            page.goto(server.url(rel), wait_until="networkidle")
            for _ in range(3):  # lazy pictures start as they come near
                page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
                page.wait_for_timeout(300)
                page.wait_for_load_state("networkidle")
            shown = page.eval_on_selector_all("img", "els => els.filter(e => e.complete && e.naturalWidth).map(e => e.currentSrc)")
            browser.close()
    finally:
        server.stop()
    before = sum(n for _, kind, n in transfer.requests if kind != "image")
    return before, sum(n for _, kind, n in transfer.requests if kind == "image"), shown


@pytest.mark.browser
@pytest.mark.parametrize("scale", [1, 2, 3])
def test_a_story_of_camera_photos_within_the_phone_budget(photo_story, scale):
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM}")
    original = (photo_story / "stories/photos/img/p2.jpg").stat().st_size
    assert original > BUDGET_WITH_IMAGES  # positive control: one original alone would break the budget
    before, pictures_bytes, shown = transferred(photo_story, "stories/photos/part-2/", scale)
    photos = [u for u in shown if "/img/" in u]
    assert len(photos) == 3 and all(".webp" in u for u in photos), shown  # its own and two related parts'
    print(f"\nphoto story at 390 px, {scale}x: {before} bytes before pictures, {before + pictures_bytes} with them")
    assert before <= BUDGET_BEFORE_IMAGES
    assert before + pictures_bytes <= BUDGET_WITH_IMAGES



CHROMIUM = "/usr/bin/chromium"
BUDGET_BEFORE_IMAGES = 100_000
BUDGET_WITH_IMAGES = 250_000


@pytest.mark.browser
@pytest.mark.parametrize("scale", [1, 3])
def test_story_page_within_the_phone_budget(example_site, scale):
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM}")
    from browser_support import english_story_parts

    story = max(english_story_parts(example_site), key=lambda url: len((example_site / url / "index.html").read_bytes()))
    before, pictures_bytes, shown = transferred(example_site, story, scale)
    assert pictures_bytes > 0 and shown, "positive control: the story shows pictures"
    assert all(u.endswith(".webp") for u in shown if "/img/" in u), shown  # the browser took the WebP copies
    print(f"\n{story} at 390 px, {scale}x: {before} bytes before pictures, {before + pictures_bytes} with them")
    assert before <= BUDGET_BEFORE_IMAGES
    assert before + pictures_bytes <= BUDGET_WITH_IMAGES
