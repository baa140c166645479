"""Published video carries no description of the recording (where, when, with what).

The files are built here box by box (MP4) and element by element (WebM), with a
GPS atom, XMP, titles, dates and application names planted as canaries.
"""
from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

from conftest import all_output_text
from hromada import video

GPS = b"+50.4501+030.5234/"


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


#: The codec's configuration (a player needs it), as FFmpeg writes it for x264's High profile (100):
#: version, profile, level, the length size, one SPS, one PPS, then chroma format, bit depths and no
#: SPS extension (ISO/IEC 14496-15, 5.3.3.1).
AVC_SPS = bytes.fromhex("6764000aacd9447b011000000300100000030140f1225960")
AVC_PPS = bytes.fromhex("68ebe3cb22c0")
AVCC = box(b"avcC", b"\x01\x64\x00\x0a\xff\xe1" + struct.pack(">H", len(AVC_SPS)) + AVC_SPS
           + b"\x01" + struct.pack(">H", len(AVC_PPS)) + AVC_PPS + b"\xfd\xf8\xf8\x00")


def sample_entry(canary: bytes = b"canarycompressorzq", terminator: bool = False) -> bytes:
    """A picture track's sample entry (avc1): the camera's name as compressor name, the codec's
    configuration, and a vendor's box; some writers end it with four zero bytes."""
    compressor = bytes([len(canary[:31])]) + canary[:31].ljust(31, b"\x00")
    fixed = bytes(6) + b"\x00\x01" + bytes(16) + struct.pack(">HH", 1920, 1080) + bytes(14) + compressor + b"\x00\x18\xff\xff"
    vendor = box(b"uuid", bytes(16) + canary) if canary else b""
    return box(b"avc1", fixed + AVCC + vendor + (bytes(4) if terminator else b""))


def sample_tables(sizes: tuple[int, ...] = (), offset: int = 0) -> bytes:
    """Where a track's samples lie: their sizes, all in one chunk at `offset` (none: an empty track)."""
    stsz = box(b"stsz", bytes(4) + struct.pack(">II", 0, len(sizes)) + b"".join(struct.pack(">I", n) for n in sizes))
    stsc = box(b"stsc", bytes(4) + (struct.pack(">IIII", 1, 1, len(sizes), 1) if sizes else bytes(4)))
    stco = box(b"stco", bytes(4) + (struct.pack(">II", 1, offset) if sizes else bytes(4)))
    return stsz + stsc + stco


def track(handler: bytes = b"vide", name: bytes = b"canaryhandlerzq", entry: bytes | None = None,
          tables: bytes = sample_tables()) -> bytes:
    """A track as cameras write it: header, media header, handler (its type, and a name), samples' table."""
    tkhd = box(b"tkhd", bytes([0, 0, 0, 7]) + struct.pack(">II", 3_800_000_000, 3_800_000_000) + bytes(76))
    hdlr = box(b"hdlr", bytes(8) + handler + bytes(12) + name + b"\x00")
    stsd = box(b"stsd", bytes(7) + b"\x01" + (sample_entry(name) if entry is None else entry))
    dref = box(b"dref", bytes(7) + b"\x01" + box(b"url ", bytes(4) + b"file:///Users/canarydrefzq/clip.mov\x00"))
    mdia = box(b"mdia", box(b"mdhd", bytes(4) + struct.pack(">II", 3_800_000_000, 3_800_000_000) + bytes(12))
               + hdlr + box(b"minf", box(b"vmhd", bytes(12)) + box(b"dinf", dref) + box(b"stbl", stsd + tables)))
    return box(b"trak", tkhd + mdia)


#: The picture's samples (what a player shows) and what a camera left between them in the media data.
SAMPLES = (b"\x00\x00\x00\x14\x65" + b"\x11" * 19, b"\x00\x00\x00\x0c\x41" + b"\x22" * 11)  # NAL units, length first
HIDDEN = b"canaryhiddenzq" + GPS


def mp4(with_metadata: bool = True, tracks: tuple[bytes, ...] = (), offset: int | None = None,
        entry: bytes | None = None, handler: bytes = b"vide") -> bytes:
    """A clip whose first track (a picture, or of `handler`, with sample entry `entry`) has SAMPLES."""
    mvhd = box(b"mvhd", bytes([0, 0, 0, 0]) + struct.pack(">II", 3_800_000_000, 3_800_000_100) + bytes(88))
    udta = box(b"udta", box(b"\xa9xyz", struct.pack(">HH", len(GPS), 0) + GPS)
               + box(b"meta", bytes(4) + box(b"hdlr", bytes(24)) + box(b"ilst", b"canarycamerazq")))
    xmp = box(b"uuid", bytes.fromhex("BE7ACFCB97A942E89C71999491E3AFAC") + b"<x:xmpmeta>canaryxmpzq</x:xmpmeta>")
    tables = sample_tables(tuple(map(len, SAMPLES)), offset or 0)
    trak = track(handler, name=b"canaryhandlerzq" if with_metadata else b"", tables=tables, entry=entry)
    if with_metadata:  # a track's user data, a dashcam's GPS box, and a note left in padding
        trak = trak[:4] + b"trak" + trak[8:] + box(b"udta", box(b"name", b"canarytracknamezq"))
        trak = struct.pack(">I", len(trak)) + trak[4:]
    extra = (box(b"gps ", b"canarydashcamzq" + GPS) if with_metadata else b"")
    moov = box(b"moov", mvhd + trak + b"".join(tracks) + extra + (udta if with_metadata else b""))
    padding = box(b"skip", b"canaryskipzq") if with_metadata else b""
    # a producer reference time: the wall-clock instant (NTP) the clip was recorded or encoded
    prft = box(b"prft", bytes([1, 0, 0, 0]) + struct.pack(">I", 1) + b"prftntzq" + bytes(8)) if with_metadata else b""
    head = box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41") + moov + (xmp if with_metadata else b"") + padding + prft
    if offset is None:  # the samples' place is known once the boxes before them are
        return mp4(with_metadata, tracks, len(head) + 8, entry, handler)
    return head + box(b"mdat", b"".join(SAMPLES) + (HIDDEN if with_metadata else b""))


def ebml(ident: int, payload: bytes) -> bytes:
    id_bytes = ident.to_bytes((ident.bit_length() + 7) // 8, "big")
    size = len(payload)
    return id_bytes + bytes([0x01]) + size.to_bytes(7, "big") + payload


def webm(track_type: int = 1, codec: bytes = b"V_VP9", private: bytes = b"", frame: bytes = b"\x33" * 32,
         flags: int = 0x80, entry_extra: bytes = b"") -> bytes:
    header = ebml(0x1A45DFA3, ebml(0x4282, b"webm"))
    info = ebml(0x1549A966, ebml(0x2AD7B1, b"\x0f\x42\x40") + ebml(0x7BA9, b"canarytitlezq")
                + ebml(0x4461, b"\x00" * 8) + ebml(0x4D80, b"canarymuxerzq") + ebml(0x5741, b"canarywriterzq"))
    tracks = ebml(0x1654AE6B, ebml(0xAE, ebml(0xD7, b"\x01") + ebml(0x83, bytes([track_type]))
                                   + ebml(0x86, codec if track_type == 1 or codec.startswith(b"A_") else b"A_OPUS")
                                   + (ebml(0x63A2, private) if private else b"")
                                   + ebml(0x536E, b"canarytrackzq") + ebml(0x258688, b"canarycodecnamezq") + entry_extra))
    block = ebml(0xA3, b"\x81\x00\x00" + bytes([flags]) + frame)  # a SimpleBlock: picture a player shows
    group = ebml(0xA0, ebml(0xA1, b"\x81\x00\x28\x00" + b"\x44" * 8)  # a BlockGroup, with data beside its block
                 + ebml(0x75A1, ebml(0xA6, ebml(0xA5, b"canaryadditionzq" + GPS))))
    cluster = ebml(0x1F43B675, ebml(0xE7, b"\x00") + block + group + ebml(0x6624, b"canaryclusterzq"))
    tags = ebml(0x1254C367, ebml(0x7373, ebml(0x67C8, ebml(0x45A3, b"LOCATION") + ebml(0x4487, GPS))))
    chapters = ebml(0x1043A770, ebml(0x45B9, ebml(0xB6, ebml(0x80, ebml(0x85, b"canarychapterzq")))))
    return header + ebml(0x18538067, info + tracks + cluster + tags + chapters)


@pytest.mark.parametrize("name,make", [("clip.mp4", mp4), ("clip.webm", webm)])
def test_stripping_blanks_every_description_and_keeps_the_layout(name, make):
    data = make()
    assert GPS in data or b"canarytitlezq" in data  # control: the canaries are there
    clean = video.stripped(data, name)
    assert len(clean) == len(data)  # padding of the same size: no offset changes
    for canary in (GPS, b"canarycamerazq", b"canaryxmpzq", b"canarytracknamezq", b"canarytitlezq",
                   b"canarymuxerzq", b"canarywriterzq", b"canarytrackzq", b"LOCATION", b"canaryhandlerzq",
                   b"canarydashcamzq", b"canaryskipzq", b"canarychapterzq", b"canarycodecnamezq", b"canarydrefzq",
                   b"canaryhiddenzq", b"canaryadditionzq", b"canaryclusterzq", b"prftntzq"):
        assert canary not in clean, canary
    assert video.metadata_in(clean, name) == [] and video.metadata_in(data, name) != []
    assert video.stripped(clean, name) == clean  # idempotent
    if name.endswith(".mp4"):
        assert struct.pack(">II", 3_800_000_000, 3_800_000_100) not in clean  # recording time zeroed
        assert clean.endswith(b"".join(SAMPLES) + bytes(len(HIDDEN)))  # the samples are untouched, nothing else
        assert AVCC in clean and struct.pack(">HH", 1920, 1080) in clean  # what a player needs is kept
    else:
        assert b"\x81\x00\x00\x80" + b"\x33" * 32 in clean and b"\x81\x00\x28\x00" + b"\x44" * 8 in clean  # the blocks


def test_a_picture_tracks_compressor_name_and_vendor_boxes_are_blanked():
    """Cameras write their model as the compressor name of the picture's sample entry."""
    for terminator in (False, True):
        data = mp4(with_metadata=False, tracks=(track(name=b"", entry=sample_entry(b"GoPro canarymodelzq", terminator)),))
        assert b"canarymodelzq" in data
        clean = video.stripped(data, "clip.mp4")
        assert b"canarymodelzq" not in clean and AVCC in clean and len(clean) == len(data)
    sound = mp4(with_metadata=False, tracks=(track(handler=b"soun", name=b"", entry=sound_entry()),))
    assert video.stripped(sound, "clip.mp4")  # a sound entry is read too (its layout is not a picture's)
    broken = mp4(with_metadata=False, tracks=(track(name=b"", entry=box(b"avc1", bytes(40))),))
    with pytest.raises(video.VideoError, match="sample description is cut short"):
        video.stripped(broken, "clip.mp4")


@pytest.mark.parametrize("data,name", [
    (mp4(tracks=(track(b"meta", b"GoPro MET"),)), "gpmf.mp4"),  # GoPro's GPS and motion data, a track of its own
    (mp4(tracks=(track(b"text", b""),)), "subtitled.mp4"),
    (webm(track_type=0x11), "subtitled.webm"), (webm(track_type=0x21), "data.webm")])
def test_a_track_that_is_neither_picture_nor_sound_is_refused(data, name):
    """Its samples sit among the picture's and sound's, where blanking cannot reach them:
    the file is refused, with how to export it without that track."""
    assert video.stripped(mp4() if name.endswith(".mp4") else webm(), name)  # control: picture (and sound) only
    with pytest.raises(video.VideoError, match="picture and sound only"):
        video.stripped(data, name)


@pytest.mark.parametrize("data,name", [(b"", "a.mp4"), (b"\x00\x00\x00\x20ftypisom", "a.mp4"), (mp4()[:-10], "a.mp4"),
                                       (b"not a video at all", "a.webm"), (webm()[:-5], "a.webm")])
def test_unreadable_video_is_refused(data, name):
    with pytest.raises(video.VideoError):
        video.stripped(data, name)


def test_build_publishes_stripped_video_and_check_refuses_a_broken_one(project):
    (project.root / "docs/news/img").mkdir(parents=True)
    (project.root / "docs/news/img/clip.mp4").write_bytes(mp4())
    project.write("docs/news/v.md", "---\ntitle: Video\ndate: 2025-05-16\nsummary: S.\npeople: none\nmedia:\n"
                  "  - {file: img/clip.mp4, depicts: [], faces: none, location_visible: false}\n---\n"
                  '<video controls src="../img/clip.mp4"></video>\n')
    result = project.build()
    assert result.returncode == 0, result.output
    published = (result.site / "news/img/clip.mp4").read_bytes()
    assert published == video.stripped(mp4(), "clip.mp4")  # positive control: the video is there, cleaned
    texts = all_output_text(result.site)
    assert not any("canarycamerazq" in t or "canaryxmpzq" in t or GPS.decode() in t for t in texts.values())
    (project.root / "docs/news/img/clip.mp4").write_bytes(mp4()[:-10])
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "docs/news/v.md: media[0].file: an MP4 or WebM video Hromada can read completely" in result.output


@pytest.mark.parametrize("name,sound", [("progressive.mp4", True), ("fragmented.mp4", True), ("picture-and-sound.webm", True),
                                        ("picture-only.mp4", False), ("picture-only.webm", False)])
def test_a_sound_track_is_told_apart(name, sound):
    assert video.has_sound((Path(__file__).parent / "data/video" / name).read_bytes(), name) is sound


def test_a_video_lets_hear_no_more_of_a_person_than_their_consent_allows(project):
    """scope.voice: a video with a sound track that depicts someone whose consent allows no
    voice is refused in one line (without a `voice` key it counts as `original`: default deny);
    declared `voice: none` (music only), or the same video without its sound, it goes; a
    `voice` on a picture is one line too (red-team finding 6: voice was never enforced)."""
    data = Path(__file__).parent / "data/video"
    project.person("P-0001", scope={"voice": "none", "face": "visible"})
    project.person("P-0002", scope={"voice": "revoiced", "face": "visible"})
    img = project.root / "docs/news/img"
    img.mkdir(parents=True)
    (img / "talk.webm").write_bytes((data / "picture-and-sound.webm").read_bytes())
    (img / "quiet.webm").write_bytes((data / "picture-only.webm").read_bytes())

    def page(file: str, ref: str, voice: str = "") -> str:
        return (f"---\ntitle: Talk\ndate: 2025-05-16\nsummary: S.\npeople: [{ref}]\nmedia:\n"
                f"  - {{file: img/{file}, depicts: [{ref}], faces: visible, location_visible: false{voice}}}\n---\n"
                f'<video controls src="../img/{file}"></video>\n')

    for file, ref, voice, refused in (("talk.webm", "P-0001", "", "at most 'none' for P-0001"),
                                      ("talk.webm", "P-0001", ", voice: revoiced", "at most 'none' for P-0001"),
                                      ("talk.webm", "P-0002", ", voice: original", "at most 'revoiced' for P-0002"),
                                      ("talk.webm", "P-0002", "", "taken as original"),
                                      ("talk.webm", "P-0001", ", voice: loud", "media[0].voice: one of original"),
                                      ("talk.webm", "P-0002", ", voice: revoiced", None),
                                      ("talk.webm", "P-0001", ", voice: none", None),
                                      ("quiet.webm", "P-0001", "", None)):
        project.write("docs/news/talk.md", page(file, ref, voice))
        result = project.build()
        if refused is None:
            assert result.returncode == 0, (file, ref, voice, result.output)
            assert (result.site / f"news/img/{file}").is_file()
            continue
        assert result.returncode != 0 and "Traceback" not in result.output, (file, ref, voice)
        lines = [l for l in result.output.splitlines() if "docs/news/talk.md: media[0].voice" in l]
        assert len(lines) == 1 and refused in lines[0], (file, ref, voice, result.output)
    (project.root / "docs/news/img/photo.png").write_bytes(__import__("base64").b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="))
    project.write("docs/news/talk.md", page("photo.png", "P-0002", ", voice: none").replace("<video controls", "<img").replace(
        "></video>", ">"))
    result = project.build()
    assert result.returncode != 0 and "media[0].voice: no voice for a picture" in result.output, result.output


# --- the media data: only the samples of picture and sound ----------------------------------------
#: Made by ffmpeg 7 (imageio-ffmpeg), 1 s of test picture (H.264) and sound (AAC), with a title and a
#: location (ffmpeg writes a 3GPP `loci` box): `-movflags +faststart` absent, then re-muxed with `-c copy -movflags
#: frag_keyframe+empty_moov[+default_base_moof]` (fragmented; fragments placed from the fragment
#: or from an explicit base offset). Every byte of their media data is a sample (ffmpeg writes
#: nothing else there), so a misplaced sample would show as a changed byte. picture-only.mp4 and
#: .webm: the same re-muxed with `-an -c copy` (no sound track), for the voice rule.
REAL = sorted(p for p in (Path(__file__).parent / "data/video").glob("*.mp4") if not p.name.startswith(("av1-", "opus-", "h264-", "hevc-")))
#: Made by the same ffmpeg: VP9 picture and Opus sound, with a title; its clusters hold only blocks.
REAL_WEBM = Path(__file__).parent / "data/video/picture-and-sound.webm"


def top_boxes(data: bytes) -> list[tuple[bytes, int, int]]:
    found, pos = [], 0
    while pos < len(data):
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        found.append((kind, pos, size))
        pos += size
    return found


def with_hidden_bytes(data: bytes) -> bytes:
    """`data` with HIDDEN after the samples of its first media data box (its size grown to match:
    nothing before it moves, so every sample stays where its tables say)."""
    kind, pos, size = next(b for b in top_boxes(data) if b[0] == b"mdat")
    return data[:pos] + struct.pack(">I", size + len(HIDDEN)) + data[pos + 4:pos + size] + HIDDEN + data[pos + size:]


def media_data(data: bytes) -> bytes:
    return b"".join(data[pos + 8:pos + size] for kind, pos, size in top_boxes(data) if kind == b"mdat")


@pytest.mark.parametrize("path", REAL, ids=[p.name for p in REAL])
def test_a_real_videos_samples_stay_byte_for_byte_and_nothing_else_in_its_media_data(path):
    data = path.read_bytes()
    described = (b"canarytitlezq", b"loci", b"earth", b"Lavf")  # title, 3GPP location (binary), muxer
    assert all(what in data for what in described)  # control: the recording's description is there
    assert len(top_boxes(data)) >= 3 and len(media_data(data)) > 1500  # control: its media data was found
    clean = video.stripped(data, path.name)
    assert not any(what in clean for what in described) and len(clean) == len(data)
    # every sample where its tables say, untouched but for the encoders' notes, which are blanked:
    # x264 writes its options in a user-data SEI message (16 bytes of UUID, then the text), FFmpeg's
    # AAC encoder its name and version in a fill element leading the first sound sample
    original, cleaned = media_data(data), media_data(clean)
    note, lavc = original.index(b"x264 - core"), original.find(b"Lavc63.1.102")
    changed = {i for i in range(len(original)) if original[i] != cleaned[i]}
    in_note = {i for i in changed if note - 16 <= i < original.index(b"\x00", note)}
    sound = set(range(lavc, lavc + 12)) if lavc >= 0 else set()  # (picture-only.mp4: no sound)
    assert in_note and changed - in_note == sound and (lavc >= 0) == (path.name != "picture-only.mp4"), sorted(changed - in_note)[:3]
    assert b"x264" not in cleaned and b"Lavc" not in cleaned and video.stripped(clean, path.name) == clean
    hidden = with_hidden_bytes(data)
    assert HIDDEN in hidden and video.metadata_in(hidden, path.name) == ["recording metadata"]
    clean = video.stripped(hidden, path.name)
    assert HIDDEN not in clean and media_data(clean) == cleaned + bytes(len(HIDDEN))


def sei(payload_type: int, payload: bytes) -> bytes:
    """An H.264 SEI NAL unit of one message, escaped as written in a file, with its length in front."""
    from test_h264 import escaped

    nal = b"\x06" + escaped(bytes([payload_type, len(payload)]) + payload + b"\x80")
    return struct.pack(">I", len(nal)) + nal


def test_gps_in_a_cameras_note_inside_the_picture_data_is_blanked(monkeypatch):
    """A camera's note in the picture data itself (an SEI "user data" message in an H.264 sample:
    Sony's MDPM, with GPS, a time and a street) was published byte for byte (red-team round 4).
    Its payload is blanked in place: the sample keeps its size, an escape stays an escape (the
    note holds `00 00 01`), and every other byte stays as it is: the slice after it, and a
    message of another type (a recovery point, 6) in the same sample (the control)."""
    note = bytes(16) + b"MDPM GPS+50.4501+030.5234 REC2026-03-01T14:22 Lesi Ukrainky 12 \x00\x00\x01 end"
    recovery = sei(6, b"\x84")
    slice_ = b"\x00\x00\x00\x0c\x65" + b"\x11" * 11
    monkeypatch.setitem(globals(), "SAMPLES", (sei(5, note) + recovery + slice_, b"\x00\x00\x00\x0c\x41" + b"\x22" * 11))
    data = mp4(with_metadata=False)
    assert b"Lesi Ukrainky" in data and b"\x00\x00\x03\x01" in data  # control: the note, escaped, is there
    clean = video.stripped(data, "clip.mp4")
    assert len(clean) == len(data) and b"Lesi" not in clean and b"50.4501" not in clean and b"MDPM" not in clean
    original, cleaned = media_data(data), media_data(clean)
    start = original.index(b"MDPM") - 16
    assert cleaned[:start] == original[:start] and cleaned.endswith(original[original.index(recovery):])
    assert b"\x00\x00\x03\x2a" in cleaned  # the escape is kept (its data byte blanked): the message keeps its size
    assert video.stripped(clean, "clip.mp4") == clean and video.metadata_in(clean, "clip.mp4") == []
    assert video.metadata_in(data, "clip.mp4") == ["recording metadata"]  # the output gate would refuse the original


def test_a_picture_sample_that_is_not_whole_nal_units_is_refused(monkeypatch):
    monkeypatch.setitem(globals(), "SAMPLES", (b"\x00\x00\x00\x40\x65" + b"\x11" * 19, b"\x00\x00\x00\x0c\x41" + b"\x22" * 11))
    with pytest.raises(video.VideoError, match="not whole NAL units"):
        video.stripped(mp4(with_metadata=False), "clip.mp4")


def test_samples_the_tables_place_outside_the_media_data_or_miscount_are_refused():
    good = mp4(with_metadata=False)
    assert video.stripped(good, "clip.mp4")  # control
    outside = mp4(with_metadata=False, offset=8)  # the tables place the samples in the file's header
    with pytest.raises(video.VideoError, match="outside the media data"):
        video.stripped(outside, "clip.mp4")
    more = good.replace(struct.pack(">IIII", 1, 1, 2, 1), struct.pack(">IIII", 1, 1, 3, 1))
    with pytest.raises(video.VideoError, match="do not agree"):
        video.stripped(more, "clip.mp4")
    bare = mp4(with_metadata=False, tracks=(track(name=b"", tables=b""),))
    with pytest.raises(video.VideoError, match="without its sample sizes"):
        video.stripped(bare, "clip.mp4")


def esds(kind: int = 0x40, config: bytes = b"\x12\x10", extra: bytes = b"") -> bytes:
    """An `esds` box as FFmpeg writes it: the stream's descriptor, holding the decoder's (its object
    type, its AudioSpecificConfig: AAC LC, 44.1 kHz, stereo) and the sync settings."""
    specific = b"\x05" + bytes([len(config)]) + config
    decoder = b"\x04" + bytes([13 + len(specific)]) + bytes([kind, 0x15]) + bytes(11) + specific
    stream = b"\x00\x01\x00" + decoder + b"\x06\x01\x02" + extra
    return box(b"esds", bytes(4) + b"\x03" + bytes([len(stream)]) + stream)


ESDS = esds()


def sound_entry(version: int = 0, vendor: bytes = b"canarymicrophonezq", kind: bytes = b"mp4a",
                config: bytes = ESDS) -> bytes:
    fixed = bytes(6) + b"\x00\x01" + struct.pack(">H", version) + bytes(18)
    fixed += bytes({0: 0, 1: 16, 2: 36}.get(version, 0))
    return box(kind, fixed + config + (box(b"uuid", bytes(16) + vendor) if vendor else b""))


def test_a_sound_tracks_vendor_boxes_are_blanked_and_its_codec_kept():
    for version in (0, 1, 2):
        data = mp4(with_metadata=False, tracks=(track(b"soun", b"", entry=sound_entry(version)),))
        assert b"canarymicrophonezq" in data
        clean = video.stripped(data, "clip.mp4")
        assert b"canarymicrophonezq" not in clean and ESDS in clean, version
    unknown = mp4(with_metadata=False, tracks=(track(b"soun", b"", entry=sound_entry(7)),))
    with pytest.raises(video.VideoError, match="sound track's sample description"):
        video.stripped(unknown, "clip.mp4")


def test_a_real_webms_blocks_stay_byte_for_byte():
    data = REAL_WEBM.read_bytes()
    first, cues = data.find(bytes.fromhex("1F43B675")), data.rfind(bytes.fromhex("1C53BB6B"))  # (the seek head names both first)
    assert b"canarytitlezq" in data and 0 < first < cues and cues - first > 4000  # controls: title, clusters
    clean = video.stripped(data, REAL_WEBM.name)
    assert b"canarytitlezq" not in clean and len(clean) == len(data) and video.stripped(clean, REAL_WEBM.name) == clean
    assert clean[first:cues] == data[first:cues]  # every cluster (picture and sound) untouched


# --- which pictures the build can read: H.264, H.265, AV1, VP8, VP9; no other (default deny) -----
def visual_entry(kind: bytes, config: bytes) -> bytes:
    """A picture track's sample entry of codec `kind` with its configuration box."""
    fixed = bytes(6) + b"\x00\x01" + bytes(16) + struct.pack(">HH", 1920, 1080) + bytes(14) + bytes(32) + b"\x00\x18\xff\xff"
    return box(kind, fixed + config)


def obu(kind: int, payload: bytes, sized: bool = True) -> bytes:
    """An AV1 OBU: its header (type, has-size flag), its size (LEB128, one byte here), its payload."""
    return bytes([(kind << 3) | (2 if sized else 0)]) + (bytes([len(payload)]) if sized else b"") + payload


#: An AV1 metadata OBU of type ITU-T T.35 (4) holding a camera's note, as some devices write.
NOTE = b"\x04\xb5\x00\x3c" + b"canaryav1zq" + GPS
AV1_FRAME = obu(2, b"") + obu(5, NOTE) + obu(6, b"\x10" * 12, sized=False)
AV1C = box(b"av1C", b"\x81\x08\x0c\x00" + obu(1, b"\x00\x00\x00\x6a") + obu(5, b"\x04canaryav1czq"))


def test_a_motion_jpeg_or_other_unread_picture_is_refused(monkeypatch):
    """Every frame of a Motion JPEG clip (old cameras, some phones' slow motion) is a JPEG with its
    own EXIF, GPS included: the build cannot clean it and refuses it, naming the codec."""
    assert video.stripped(mp4(with_metadata=False), "clip.mp4")  # control: H.264 is read
    exif = b"\xff\xd8\xff\xe1\x00\x20Exif\x00\x00" + GPS + b"\xff\xd9"
    monkeypatch.setitem(globals(), "SAMPLES", (exif, exif))
    with pytest.raises(video.VideoError, match=r"a picture track coded two ways \(av01, avc1\)"):  # in one track
        video.stripped(mp4(with_metadata=False, entry=sample_entry(b"") + visual_entry(b"av01", AV1C)), "clip.mp4")
    for kind in (b"jpeg", b"mjpa", b"mp4v", b"apcn", b"encv"):
        with pytest.raises(video.VideoError, match=f"a picture coded as '{kind.decode()}': Hromada cleans H.264"):
            video.stripped(mp4(with_metadata=False, entry=visual_entry(kind, b"")), "clip.mp4")
    with pytest.raises(video.VideoError, match="a picture coded as 'V_MPEG4/ISO/AVC'"):
        video.stripped(webm(codec=b"V_MPEG4/ISO/AVC"), "clip.webm")
    assert video.stripped(webm(codec=b"V_VP8"), "clip.webm")  # control


def test_an_av1_pictures_metadata_becomes_padding_in_mp4(monkeypatch):
    monkeypatch.setitem(globals(), "SAMPLES", (AV1_FRAME, obu(6, b"\x20" * 8)))
    data = mp4(with_metadata=False, entry=visual_entry(b"av01", AV1C))
    assert b"canaryav1zq" in data and b"canaryav1czq" in data  # controls
    clean = video.stripped(data, "clip.mp4")
    assert len(clean) == len(data) and b"canaryav1zq" not in clean and b"50.4501" not in clean
    assert b"canaryav1czq" not in clean  # the configuration's OBUs too
    padding = bytes([(15 << 3) | 2, len(NOTE)]) + bytes(len(NOTE))
    assert obu(2, b"") + padding + obu(6, b"\x10" * 12, sized=False) in clean  # the rest byte for byte
    assert obu(6, b"\x20" * 8) in clean and video.stripped(clean, "clip.mp4") == clean
    monkeypatch.setitem(globals(), "SAMPLES", (obu(6, b"\x10" * 40)[:20], obu(6, b"\x20" * 8)))
    with pytest.raises(video.VideoError, match="not whole OBUs"):
        video.stripped(mp4(with_metadata=False, entry=visual_entry(b"av01", AV1C)), "clip.mp4")


def test_an_av1_pictures_metadata_becomes_padding_in_webm():
    private = b"\x81\x08\x0c\x00" + obu(5, b"\x04canaryav1czq")
    data = webm(codec=b"V_AV1", private=private, frame=AV1_FRAME)
    assert b"canaryav1zq" in data and b"canaryav1czq" in data  # controls
    clean = video.stripped(data, "clip.webm")
    assert len(clean) == len(data) and b"canaryav1zq" not in clean and b"canaryav1czq" not in clean
    assert obu(2, b"") + bytes([(15 << 3) | 2, len(NOTE)]) + bytes(len(NOTE)) in clean
    assert video.stripped(clean, "clip.webm") == clean
    vp9 = webm(frame=AV1_FRAME)  # the same bytes in a VP9 track are not OBUs: left as they are
    assert b"canaryav1zq" in video.stripped(vp9, "clip.webm")
    with pytest.raises(video.VideoError, match="laced"):
        video.stripped(webm(codec=b"V_AV1", frame=AV1_FRAME, flags=0x82), "clip.webm")


#: Made by SVT-AV1 4.1 through PyAV 18 (FFmpeg), 10 frames of 64 x 64, 10-bit, with HDR levels
#: (content-light, mastering-display): the encoder writes them as metadata OBUs in the key frame.
#: Both were checked once with dav1d (PyAV): the cleaned files decode to the same pictures, frame
#: for frame, as the originals.
REAL_AV1 = sorted((Path(__file__).parent / "data/video").glob("av1-hdr.*"))


@pytest.mark.parametrize("path", REAL_AV1, ids=[p.name for p in REAL_AV1])
def test_a_real_av1_videos_metadata_obus_become_padding(path, monkeypatch):
    data = path.read_bytes()
    assert len(REAL_AV1) == 2 and (b"av01" in data or b"V_AV1" in data)  # controls: real AV1, in MP4 and WebM
    clean = video.stripped(data, path.name)
    monkeypatch.setattr(video, "_blank_av1_metadata", lambda *args: None)
    without = video.stripped(data, path.name)  # the same, the AV1 pass left out
    monkeypatch.undo()
    changed = [i for i in range(len(clean)) if clean[i] != without[i]]
    assert len(changed) == 29, changed  # the two HDR OBUs' headers (type 5 -> 15) and payloads, nothing else
    assert all(clean[i] == 0 or (clean[i] >> 3) & 0x0F == 15 for i in changed)
    assert len(clean) == len(data) and video.stripped(clean, path.name) == clean and video.metadata_in(clean, path.name) == []


def hevc_sei(payload_type: int, payload: bytes) -> bytes:
    """An H.265 prefix SEI NAL unit (type 39: a two-byte header) of one message, length in front."""
    nal = b"\x4e\x01" + sei(payload_type, payload)[5:]
    return struct.pack(">I", len(nal)) + nal


def test_an_h265_pictures_notes_and_time_code_are_blanked(monkeypatch):
    """H.265 (phones, Sony and Panasonic cameras): user data, and the time code message (136)
    where cameras write the time of day of the recording, are blanked; a recovery point (6)
    and the slice stay byte for byte (controls)."""
    hvcc = box(b"hvcC", bytes([1]) + bytes(20) + b"\x03\x00")  # lengths of 4 bytes, no parameter sets
    note, time_code = b"canaryhevczq" + GPS, b"\x5a\x17\x2c\x05canarytimezq"
    recovery = hevc_sei(6, b"\x84")
    slice_ = b"\x00\x00\x00\x0c\x02\x01" + b"\x11" * 10
    monkeypatch.setitem(globals(), "SAMPLES", (hevc_sei(5, bytes(16) + note) + hevc_sei(136, time_code) + recovery + slice_,
                                               slice_))
    data = mp4(with_metadata=False, entry=visual_entry(b"hvc1", hvcc))
    assert b"canaryhevczq" in data and b"canarytimezq" in data  # controls
    clean = video.stripped(data, "clip.mp4")
    assert len(clean) == len(data) and b"canaryhevczq" not in clean and b"canarytimezq" not in clean
    assert clean.endswith(recovery + slice_ + slice_) and video.stripped(clean, "clip.mp4") == clean


#: H.265 configuration: lengths of 4 bytes, no parameter sets (its reserved bits 1, as the standard
#: writes them); a slice of H.265 (type 1).
HVCC = box(b"hvcC", bytes([1]) + bytes(12) + b"\xf0\x00\xfc\xfd\xf8\xf8" + bytes(2) + b"\x03\x00")
HEVC_SLICE = b"\x00\x00\x00\x0c\x02\x01" + b"\x11" * 10


def test_an_h265_message_nesting_others_or_holding_free_text_is_refused(monkeypatch):
    """H.265's scalable nesting message (133) carries other SEI messages, user data (a camera's
    GPS) among them; the gate does not read inside it, so a picture holding one is refused, in a
    prefix (39) or suffix (40) SEI unit, as are the other nesting messages and those holding free
    text or bytes. Controls: the note is in the input, and the same note not nested is blanked;
    a mastering display message (137: numbers a player uses) goes through byte for byte."""
    note = bytes(16) + b"canarynestedzq" + GPS
    nested = b"\x20" + bytes([5, len(note)]) + note  # all layers (flags 0, 0, 1), aligned; then the message
    suffix = lambda kind, payload: hevc_sei(kind, payload)[:4] + b"\x50" + hevc_sei(kind, payload)[5:]
    for make in (hevc_sei, suffix):
        monkeypatch.setitem(globals(), "SAMPLES", (make(133, nested) + HEVC_SLICE, HEVC_SLICE))
        data = mp4(with_metadata=False, entry=visual_entry(b"hvc1", HVCC))
        assert b"canarynestedzq" in data  # control: the note is there
        with pytest.raises(video.VideoError, match=r"an H.265 SEI message nesting others \(scalable nesting\), type 133.*"
                                                   r"filter_units=remove_types=39-40"):
            video.stripped(data, "clip.mp4")
        monkeypatch.setitem(globals(), "SAMPLES", (make(5, note) + HEVC_SLICE, HEVC_SLICE))
        clean = video.stripped(mp4(with_metadata=False, entry=visual_entry(b"hvc1", HVCC)), "clip.mp4")
        assert b"canarynestedzq" not in clean and clean.endswith(HEVC_SLICE * 2)  # control: read and blanked
    for kind in (157, 158, 159, 162, 166, 201, 202):
        monkeypatch.setitem(globals(), "SAMPLES", (hevc_sei(kind, b"\x20canaryzq") + HEVC_SLICE, HEVC_SLICE))
        with pytest.raises(video.VideoError, match=f"an H.265 SEI message .*, type {kind}, which Hromada does not read"):
            video.stripped(mp4(with_metadata=False, entry=visual_entry(b"hev1", HVCC)), "clip.mp4")
    mastering = hevc_sei(137, bytes(range(1, 25)))
    monkeypatch.setitem(globals(), "SAMPLES", (mastering + HEVC_SLICE, HEVC_SLICE))
    data = mp4(with_metadata=False, entry=visual_entry(b"hvc1", HVCC))
    assert media_data(video.stripped(data, "clip.mp4")) == media_data(data)


def hevc_arrays(*units: bytes, broken: bool = False) -> bytes:
    """An H.265 configuration's arrays: one per unit (its type from the unit's header), each unit
    with its 2-byte length in front; `broken`: the last unit's length runs past the end."""
    arrays = b"".join(bytes([0x80 | (unit[0] >> 1)]) + struct.pack(">HH", 1, len(unit) + (9 if broken else 0)) + unit
                      for unit in units)
    return bytes([len(units)]) + arrays


def test_sei_messages_in_an_h265_configuration_are_read_as_a_samples(monkeypatch):
    """An `hvcC` (and a layered video's `lhvC`) holds NAL units, SEI messages among them: x265
    writes its version and options in a user-data message there, which FFmpeg keeps in the box,
    and a camera could write its GPS there. They are blanked as in a sample; a nesting message is
    refused; arrays that do not fit the box are refused. Controls: the notes are in the input; a
    parameter set (VPS) beside them stays byte for byte."""
    monkeypatch.setitem(globals(), "SAMPLES", (HEVC_SLICE, HEVC_SLICE))
    note = bytes(16) + b"canaryhvcczq" + GPS
    vps = b"\x40\x01\x0c\x01canaryvpszq"
    unit = hevc_sei(5, note)[4:]
    for entry in (visual_entry(b"hvc1", box(b"hvcC", HVCC[8:30] + hevc_arrays(vps, unit))),
                  visual_entry(b"hvc1", HVCC + box(b"lhvC", bytes([1, 0xF0, 0, 0xFC, 0xCF]) + hevc_arrays(vps, unit)))):
        data = mp4(with_metadata=False, entry=entry)
        assert b"canaryhvcczq" in data and b"canaryvpszq" in data  # controls
        clean = video.stripped(data, "clip.mp4")
        assert len(clean) == len(data) and b"canaryhvcczq" not in clean and b"50.4501" not in clean
        assert struct.pack(">H", len(vps)) + vps in clean and video.stripped(clean, "clip.mp4") == clean
    nested = hevc_sei(133, b"\x20" + bytes([5, len(note)]) + note)[4:]
    with pytest.raises(video.VideoError, match="nesting others"):
        video.stripped(mp4(with_metadata=False, entry=visual_entry(b"hvc1", box(b"hvcC", HVCC[8:30] + hevc_arrays(nested)))),
                       "clip.mp4")
    with pytest.raises(video.VideoError, match="not whole NAL units"):
        video.stripped(mp4(with_metadata=False, entry=visual_entry(b"hvc1", box(b"hvcC", HVCC[8:30]
                                                                                 + hevc_arrays(unit, broken=True)))), "clip.mp4")


#: Made by x265 4.2 through PyAV 18 (FFmpeg), 5 pictures of 64 x 64 (`x265-params
#: hash=1:info=1`): x265's user-data message (its version and options) is in the `hvcC`, where
#: FFmpeg keeps the encoder's headers; a decoded picture hash follows each picture (suffix SEI).
#: Checked once with FFmpeg's decoder (PyAV): the cleaned file shows the same 5 pictures.
REAL_X265 = Path(__file__).parent / "data/video/hevc-x265-options.mp4"


def test_a_real_x265_videos_options_in_its_configuration_are_blanked():
    data = REAL_X265.read_bytes()
    at, hvcc = data.index(b"x265 (build"), data.index(b"hvcC") - 4
    end = hvcc + struct.unpack(">I", data[hvcc:hvcc + 4])[0]
    assert hvcc < at < end and b"x265" not in media_data(data)  # control: the note is in the box, not a sample
    clean = video.stripped(data, REAL_X265.name)
    assert len(clean) == len(data) and b"x265" not in clean and b"options:" not in clean
    assert media_data(clean) == media_data(data)  # the samples (picture hashes included) byte for byte
    changed = [i for i in range(hvcc, end) if data[i] != clean[i]]
    assert changed and all(at - 16 <= i < data.index(b"\x00", at) for i in changed)  # only the note's bytes
    assert video.stripped(clean, REAL_X265.name) == clean and video.metadata_in(clean, REAL_X265.name) == []


def test_a_picture_track_without_its_configuration_is_refused(monkeypatch):
    """An H.264 or H.265 sample entry without its configuration box (`avcC`, `hvcC`) was skipped:
    its samples were never read, and the GPS in their user-data message went out as it was.
    FFmpeg reads such samples as start-code streams, so they cannot be read here as a player
    reads them: refused, with how to export. So is an entry whose box is of an unknown version
    (FFmpeg reads that one's samples as start codes too), cut short, or there twice; a track with
    a second entry lacking the box, or entries that disagree on the length size. Controls: the
    same samples with the box are read and the note blanked; a WebM track of H.264 or H.265,
    with or without its configuration, is refused (WebM publishes VP8, VP9 and AV1 only)."""
    note = bytes(16) + b"canarynoconfigzq" + GPS
    monkeypatch.setitem(globals(), "SAMPLES", (sei(5, note) + b"\x00\x00\x00\x0c\x65" + b"\x11" * 11,
                                               b"\x00\x00\x00\x0c\x41" + b"\x22" * 11))
    for kind in (b"avc1", b"avc3"):
        data = mp4(with_metadata=False, entry=visual_entry(kind, AVCC))
        assert b"canarynoconfigzq" in data  # control: the note is there, and with its `avcC` it is read
        assert b"canarynoconfigzq" not in video.stripped(data, "clip.mp4")
        two = visual_entry(kind, AVCC) + visual_entry(kind, AVCC)
        assert b"canarynoconfigzq" not in video.stripped(mp4(with_metadata=False, entry=two), "clip.mp4")
        bad = {"without its configuration \\('avcC'\\).*ffmpeg -i in.mp4 -c copy out.mp4":
                   (visual_entry(kind, b""), visual_entry(kind, AVCC) + visual_entry(kind, b""),
                    visual_entry(kind, b"") + visual_entry(kind, AVCC),
                    visual_entry(kind, box(b"pasp", bytes(8)))),
               "of an unknown version \\(0\\)": (visual_entry(kind, box(b"avcC", b"\x00" + AVCC[9:])),),
               "cut short": (visual_entry(kind, box(b"avcC", AVCC[8:12])),),
               "naming its configuration \\('avcC'\\) twice": (visual_entry(kind, AVCC + AVCC),),
               "differ in the size of a NAL unit's length":
                   (visual_entry(kind, AVCC) + visual_entry(kind, box(b"avcC", AVCC[8:12] + b"\xfd" + AVCC[13:])),)}
        for message, entries in bad.items():
            for entry in entries:
                with pytest.raises(video.VideoError, match=message):
                    video.stripped(mp4(with_metadata=False, entry=entry), "clip.mp4")
    monkeypatch.setitem(globals(), "SAMPLES", (hevc_sei(5, note) + HEVC_SLICE, HEVC_SLICE))
    for kind in (b"hvc1", b"hev1"):
        assert b"canarynoconfigzq" not in video.stripped(mp4(with_metadata=False, entry=visual_entry(kind, HVCC)),
                                                         "clip.mp4")  # control
        for entry, message in ((visual_entry(kind, b""), "an H.265 picture track without its configuration \\('hvcC'\\)"),
                               (visual_entry(kind, box(b"hvcC", HVCC[8:29])), "cut short"),
                               (visual_entry(kind, box(b"hvcC", b"\x00" + HVCC[9:])), "unknown version")):
            with pytest.raises(video.VideoError, match=message):
                video.stripped(mp4(with_metadata=False, entry=entry), "clip.mp4")
    for codec in (b"V_MPEG4/ISO/AVC", b"V_MPEGH/ISO/HEVC"):
        for private in (b"", b"\x01\x64\x00\x1f\xff\xe0\x00"):
            with pytest.raises(video.VideoError, match=f"a picture coded as '{codec.decode()}'"):
                video.stripped(webm(codec=codec, private=private, frame=sei(5, note)), "clip.webm")


def test_two_boxes_where_one_belongs_are_refused():
    """A track's sample tables name one sample description, one set of sizes and one of chunk
    offsets; the build reads the first of each, a player may read another (a second `stsd` whose
    entry has no configuration, a `co64` beside the `stco` placing the samples elsewhere), so a
    file with two is refused. Control: the same track with one of each goes through."""
    extra = track(name=b"", tables=sample_tables())
    assert video.stripped(mp4(with_metadata=False, tracks=(extra,)), "clip.mp4")  # control
    second = box(b"stsd", bytes(7) + b"\x01" + visual_entry(b"avc1", b""))
    for tables, names in ((sample_tables() + second, "'stsd' boxes in one 'stbl'"),
                          (sample_tables() + box(b"co64", bytes(8)), "'co64' or 'stco' boxes in one 'stbl'"),
                          (sample_tables() + box(b"stz2", bytes(12)), "'stsz' or 'stz2' boxes in one 'stbl'")):
        with pytest.raises(video.VideoError, match=f"two {names}"):
            video.stripped(mp4(with_metadata=False, tracks=(track(name=b"", tables=tables),)), "clip.mp4")
    moov = next(data for kind, pos, size in top_boxes(mp4(with_metadata=False)) if kind == b"moov"
                for data in [mp4(with_metadata=False)[pos:pos + size]])
    with pytest.raises(video.VideoError, match="two 'moov' boxes"):
        video.stripped(mp4(with_metadata=False) + moov, "clip.mp4")


# --- sound: the tags and pictures a codec's configuration can carry -----------------------------
def flac_block(kind: int, payload: bytes, last: bool = False) -> bytes:
    return bytes([(0x80 if last else 0) | kind]) + len(payload).to_bytes(3, "big") + payload


STREAMINFO = flac_block(0, bytes(range(34)))
FLAC_TAGS = flac_block(4, b"\x05\x00\x00\x00canaryvendorzq" + b"LOCATION=" + GPS) + flac_block(6, b"\x00\x00\x00\x03canaryphotozq", last=True)


def test_a_flac_configurations_tags_and_picture_become_padding():
    """FLAC's configuration (MP4 `dfLa`, WebM's CodecPrivate) may carry Vorbis comments (LOCATION,
    DATE) and a picture; STREAMINFO, which a decoder needs, stays byte for byte (control)."""
    fixed = bytes(6) + b"\x00\x01" + bytes(20)
    entry = box(b"fLaC", fixed + box(b"dfLa", bytes(4) + STREAMINFO + FLAC_TAGS))
    data = mp4(with_metadata=False, tracks=(track(b"soun", b"", entry=entry),))
    assert b"canaryvendorzq" in data and b"canaryphotozq" in data  # controls
    clean = video.stripped(data, "clip.mp4")
    assert len(clean) == len(data) and b"canaryvendorzq" not in clean and b"canaryphotozq" not in clean and b"50.4501" not in clean
    padding = flac_block(1, bytes(len(FLAC_TAGS) - 4 - 4 - 17))[:1]  # (its type: padding, not the last)
    assert STREAMINFO + padding in clean and video.stripped(clean, "clip.mp4") == clean
    broken = mp4(with_metadata=False, tracks=(track(b"soun", b"", entry=box(b"fLaC", fixed + box(b"dfLa", bytes(4) + STREAMINFO[:20]))),))
    with pytest.raises(video.VideoError, match="FLAC sound configuration"):
        video.stripped(broken, "clip.mp4")


#: Made by FFmpeg's Vorbis encoder through PyAV 18 (40 frames of stereo tone), then re-muxed with
#: the comment header of its configuration replaced by one with a vendor, LOCATION and TITLE, as
#: other tools write them. Checked once with PyAV: the cleaned file decodes to the same samples.
REAL_VORBIS = Path(__file__).parent / "data/video/vorbis-tags.webm"


def test_a_real_webms_vorbis_tags_are_taken_out(monkeypatch):
    data = REAL_VORBIS.read_bytes()
    assert b"canarytitlezq" in data and b"LOCATION=+50.4501" in data and b"canaryvendorzq" in data  # controls
    clean = video.stripped(data, REAL_VORBIS.name)
    assert len(clean) == len(data) and not any(w in clean for w in (b"canarytitlezq", b"LOCATION", b"canaryvendorzq"))
    monkeypatch.setattr(video, "_blank_vorbis_comments", lambda *args: None)
    without = video.stripped(data, REAL_VORBIS.name)  # the same, the Vorbis pass left out
    monkeypatch.undo()
    changed = [i for i in range(len(data)) if without[i] != clean[i]]
    start = data.index(b"\x03vorbis")
    assert changed and start < changed[0] and changed[-1] < data.index(b"\x05vorbis")  # the comment packet only
    assert b"\x03vorbis" in clean and video.stripped(clean, REAL_VORBIS.name) == clean


def test_a_track_naming_its_codec_or_configuration_twice_is_refused():
    """A second CodecPrivate (or CodecID) in a track: a player may read the first, the build the
    last, so tags cleaned in one could be shown from the other."""
    assert video.stripped(webm(codec=b"V_VP9"), "clip.webm")  # control
    for extra in (ebml(0x86, b"V_VP9"), ebml(0x63A2, b"\x01") + ebml(0x63A2, b"\x02")):
        with pytest.raises(video.VideoError, match="a track with two of its element 0x(86|63A2)"):
            video.stripped(webm(codec=b"V_VP9", entry_extra=extra), "clip.webm")


# --- which sounds the build can read: AAC, Opus, FLAC, PCM (and Vorbis in WebM); no other --------
def bits(*fields: tuple[int, int]) -> bytes:
    """(value, width) fields packed first bit highest, the last byte filled with zeros."""
    value, width = 0, 0
    for v, w in fields:
        value, width = (value << w) | v, width + w
    pad = -width % 8
    return (value << pad).to_bytes((width + pad) // 8, "big")


DOPS = box(b"dOps", bytes([0, 2]) + struct.pack(">HIhB", 312, 48000, 0, 0))  # stereo, one stream
OPUS_HEAD = b"OpusHead" + bytes([1, 2]) + struct.pack("<HIhB", 312, 48000, 0, 0)
PCMC = box(b"pcmC", bytes(4) + b"\x01\x10")  # little-endian, 16 bits


@pytest.mark.parametrize("kind,config", [(b"mp4a", ESDS), (b"Opus", DOPS), (b"fLaC", box(b"dfLa", bytes(4) + b"\x80" + STREAMINFO[1:])),
                                         (b"ipcm", PCMC), (b"sowt", b""), (b"lpcm", b"")])
def test_a_sound_the_build_reads_is_published(kind, config):
    """The positive controls: AAC, Opus, FLAC and PCM sample entries of the same structure as the refused ones."""
    data = mp4(with_metadata=False, tracks=(track(b"soun", b"", entry=sound_entry(kind=kind, config=config)),))
    clean = video.stripped(data, "clip.mp4")
    assert b"canarymicrophonezq" not in clean and video.stripped(clean, "clip.mp4") == clean


@pytest.mark.parametrize("kind,name", [(b".mp3", ".mp3"), (b"ac-3", "ac-3"), (b"ec-3", "ec-3"), (b"alac", "alac"),
                                       (b"samr", "samr"), (b"enca", "enca"), (b"mha1", "mha1"), (b"dtsc", "dtsc")])
def test_a_sound_the_build_cannot_read_is_refused_naming_it(kind, name):
    """MP3 (a sample may be an ID3 tag a decoder skips; ancillary data), AC-3 and E-AC-3 (addbsi
    and auxdata: free data under a checksum), ALAC (data stream elements), and any other codec:
    one line naming it and saying how to export."""
    data = mp4(with_metadata=False, tracks=(track(b"soun", b"", entry=sound_entry(kind=kind, config=b"")),))
    with pytest.raises(video.VideoError, match=f"a sound coded as '{re.escape(name)}': Hromada publishes AAC, Opus.*"
                                               "export the video with AAC or Opus sound, or without sound"):
        video.stripped(data, "clip.mp4")


@pytest.mark.parametrize("config,refused", [
    (esds(0x6B), r"'mp4a, object type 0x6B \(MP3 or MP2\)'"), (esds(0x69), r"object type 0x69 \(MP3 or MP2\)"),
    (esds(0xA5), r"object type 0xA5 \(AC-3\)"), (esds(0xDD), r"object type 0xDD \(Vorbis\)"),
    (esds(config=bits((31, 5), (2, 6), (4, 4), (2, 4))), r"'mp4a, audio object type 34 \(MP3\)'"),  # MP3 as MPEG-4 audio
    (esds(config=bits((31, 5), (10, 6), (4, 4), (2, 4))), r"audio object type 42 \(USAC\)"),
    (esds(config=bits((5, 5), (4, 4), (2, 4), (3, 4), (22, 5))), r"audio object type 22'"),  # SBR around another core
    (esds(config=bits((2, 5), (4, 4), (0, 4), (0, 3))), "program configuration"),  # its comment field: free text
    (esds(extra=b"\x0a\x0ecanarylanguage"), "cannot read completely"),  # a descriptor beside the decoder's
    (box(b"esds", bytes(4) + b"\x03\x05\x00\x01\x40\x01a"), "cannot read completely"),  # a URL: the stream elsewhere
    (box(b"esds", bytes(4) + b"\x03\x03\x00\x01\x00"), "cannot read completely"),  # no decoder configuration
    (b"", "without its configuration")])
def test_mp4a_sound_is_published_only_as_aac(config, refused):
    """`mp4a` is a family: its `esds` says which codec (MP3, AC-3, Vorbis ... are refused), and an
    AAC configuration is read whole. Controls: AAC LC, MPEG-2 AAC LC (0x67), HE-AAC and HE-AAC v2
    (explicit), and LC with the sync extension FFmpeg writes, pass as they are."""
    for control in (ESDS, esds(0x67), esds(config=bits((5, 5), (3, 4), (2, 4), (6, 4), (2, 5), (0, 3))),
                    esds(config=bits((29, 5), (3, 4), (1, 4), (6, 4), (2, 5), (0, 3))), esds(config=b"\x12\x08\x56\xe5\x00")):
        data = mp4(with_metadata=False, tracks=(track(b"soun", b"", entry=sound_entry(config=control)),))
        clean = video.stripped(data, "clip.mp4")
        assert control in clean, control
    with pytest.raises(video.VideoError, match=refused):
        video.stripped(mp4(with_metadata=False, tracks=(track(b"soun", b"", entry=sound_entry(config=config)),)), "clip.mp4")


def test_bytes_after_an_aac_configuration_are_zeroed():
    """A decoder reads an AudioSpecificConfig to its last field; what follows (here a note) is
    free data: zeroed, its length kept."""
    data = mp4(with_metadata=False, tracks=(track(b"soun", b"", entry=sound_entry(config=esds(config=b"\x12\x10canaryasczq"))),))
    assert b"canaryasczq" in data  # control
    clean = video.stripped(data, "clip.mp4")
    assert b"canaryasczq" not in clean and esds(config=b"\x12\x10" + bytes(11)) in clean and len(clean) == len(data)


def test_a_sound_track_coded_two_ways_is_refused():
    assert video.stripped(mp4(with_metadata=False, tracks=(track(b"soun", b"", entry=sound_entry() + sound_entry()),)), "clip.mp4")
    two = sound_entry() + sound_entry(kind=b"Opus", config=DOPS)
    with pytest.raises(video.VideoError, match=r"a sound track coded two ways \(Opus, mp4a\)"):
        video.stripped(mp4(with_metadata=False, tracks=(track(b"soun", b"", entry=two),)), "clip.mp4")
    twice = sound_entry(config=ESDS + esds(0x6B))  # a player may read the other one
    with pytest.raises(video.VideoError, match="naming its configuration twice"):
        video.stripped(mp4(with_metadata=False, tracks=(track(b"soun", b"", entry=twice),)), "clip.mp4")


@pytest.mark.parametrize("codec", [b"A_MPEG/L3", b"A_AC3", b"A_EAC3", b"A_DTS", b"A_ALAC", b"A_AAC/MPEG2/LC", b"A_TTA1"])
def test_a_webm_sound_the_build_cannot_read_is_refused_naming_it(codec):
    for control, private in ((b"A_OPUS", OPUS_HEAD), (b"A_PCM/INT/LIT", b""), (b"A_AAC", b"\x12\x10")):
        assert video.stripped(webm(track_type=2, codec=control, private=private, frame=b"\xfc" + b"\x55" * 20), "clip.webm")
    with pytest.raises(video.VideoError, match=f"a sound coded as '{re.escape(codec.decode())}': Hromada publishes AAC"):
        video.stripped(webm(track_type=2, codec=codec, private=b"\x01"), "clip.webm")
    with pytest.raises(video.VideoError, match="without its configuration"):
        video.stripped(webm(track_type=2, codec=b"A_OPUS"), "clip.webm")


def test_a_webm_track_whose_blocks_are_compressed_is_refused():
    """ContentEncodings: header stripping (its bytes in the track's header) or zlib: the frames
    the build reads would not be the ones a player decodes."""
    encodings = ebml(0x6D80, ebml(0x6240, ebml(0x5034, ebml(0x4254, b"\x03") + ebml(0x4255, b"\xfc"))))
    for codec, private in ((b"A_OPUS", OPUS_HEAD), (b"V_VP9", b"")):
        assert video.stripped(webm(track_type=2 if codec == b"A_OPUS" else 1, codec=codec, private=private,
                                   frame=b"\xfc" + b"\x55" * 20), "clip.webm")  # control
        with pytest.raises(video.VideoError, match="compressed or encrypted"):
            video.stripped(webm(track_type=2 if codec == b"A_OPUS" else 1, codec=codec, private=private,
                                entry_extra=encodings), "clip.webm")


# --- Opus: the padding of a packet (free data, RFC 6716 3.2.5) is zeroed ----------------------
MARK = b"canarypaddingzq" + GPS


def opus_padded(frames: tuple[bytes, ...], padding: bytes, vbr: bool = False) -> bytes:
    """A code 3 Opus packet (TOC: CELT, 10 ms) of `frames`, `padding` after them."""
    count = bytes([(0x80 if vbr else 0) | 0x40 | len(frames)])
    size = b"\xff" * (len(padding) // 254) + bytes([len(padding) % 254])  # 255: 254 bytes and another
    lengths = b"".join(bytes([len(f)]) for f in frames[:-1]) if vbr else b""
    return b"\xf3" + count + size + lengths + b"".join(frames) + padding


def test_an_opus_packets_padding_is_zeroed_in_mp4(monkeypatch):
    """The padding's bytes become zeros; its length, the frames and every other byte stay (a
    decoder must accept any padding: the sound is the same). Lengths past the end are refused."""
    one = opus_padded((b"\x55" * 10,), MARK)
    two = opus_padded((b"\x66" * 5, b"\x77" * 7), MARK * 10, vbr=True)  # 330 bytes: the length escaped
    monkeypatch.setitem(globals(), "SAMPLES", (one, two, b"\xf8" + b"\x88" * 9))  # and a code 0 packet (control)
    data = mp4(with_metadata=False, handler=b"soun", entry=sound_entry(kind=b"Opus", config=DOPS))
    assert data.count(b"canarypaddingzq") == 11  # control
    clean = video.stripped(data, "clip.mp4")
    assert b"canarypaddingzq" not in clean and len(clean) == len(data)
    expected = (one.replace(MARK, bytes(len(MARK))) + two.replace(MARK * 10, bytes(10 * len(MARK))) + b"\xf8" + b"\x88" * 9)
    assert media_data(clean) == expected and video.stripped(clean, "clip.mp4") == clean
    # padding longer than the packet, its length cut short, no frame, two equal frames of 9.5 bytes
    for broken in (one[:3 + len(MARK) - 1], b"\xf3\x41\xff", b"\xf3\x00", opus_padded((b"\x55" * 9, b"\x55" * 10), b"")):
        monkeypatch.setitem(globals(), "SAMPLES", (broken, b"\xf8"))
        with pytest.raises(video.VideoError, match="an Opus sound packet whose lengths run past its end"):
            video.stripped(mp4(with_metadata=False, handler=b"soun", entry=sound_entry(kind=b"Opus", config=DOPS)), "clip.mp4")


def test_an_opus_packets_padding_is_zeroed_in_webm_laced_or_not():
    one, two = opus_padded((b"\x55" * 10,), MARK), opus_padded((b"\x66" * 5, b"\x77" * 7), MARK, vbr=True)
    laced = bytes([1, len(one)]) + one + two  # Xiph lacing: two packets in one block
    for frame, flags in ((one, 0x80), (laced, 0x82)):
        data = webm(track_type=2, codec=b"A_OPUS", private=OPUS_HEAD + b"canaryheadzq", frame=frame, flags=flags)
        assert b"canarypaddingzq" in data and b"canaryheadzq" in data  # controls
        clean = video.stripped(data, "clip.webm")
        assert b"canarypaddingzq" not in clean and b"canaryheadzq" not in clean and len(clean) == len(data)
        assert frame.replace(MARK, bytes(len(MARK))) in clean and OPUS_HEAD + bytes(12) in clean
    with pytest.raises(video.VideoError, match="lacing"):
        video.stripped(webm(track_type=2, codec=b"A_OPUS", private=OPUS_HEAD, frame=bytes([1, 200]) + one, flags=0x82), "clip.webm")


#: Made by libopus 1.5 through PyAV 18 (0.2 s of a tone, mono, and 5.1: four streams per packet,
#: the first three self-delimited), every packet then rewritten as code 3 with 24 bytes of padding
#: holding a marker (what libopus's opus_packet_pad writes, with the marker instead of zeros), muxed
#: by FFmpeg. Checked once with PyAV: the cleaned files decode to the same samples as the originals.
REAL_OPUS = sorted((Path(__file__).parent / "data/video").glob("opus-padding-*"))


@pytest.mark.parametrize("path", REAL_OPUS, ids=[p.name for p in REAL_OPUS])
def test_a_real_opus_packets_padding_is_zeroed(path, monkeypatch):
    data = path.read_bytes()
    streams = 4 if "surround" in path.name else 1
    assert len(REAL_OPUS) == 2 and data.count(b"canarypaddingzq") == 11 * streams  # controls: 11 packets
    clean = video.stripped(data, path.name)
    monkeypatch.setattr(video, "_blank_opus_padding", lambda *args: None)
    without = video.stripped(data, path.name)  # the same, the Opus pass left out
    monkeypatch.undo()
    changed = [i for i in range(len(data)) if clean[i] != without[i]]
    assert len(changed) == 24 * 11 * streams and all(clean[i] == 0 for i in changed)  # the padding, nothing else
    assert b"canarypaddingzq" not in clean and video.stripped(clean, path.name) == clean and video.metadata_in(clean, path.name) == []


def test_aac_fill_and_data_elements_before_the_sound_are_blanked(monkeypatch):
    """A raw AAC frame: a data stream element (4) or a fill element (6, where FFmpeg writes its
    name) before the channel pair (1): their bytes zeroed, bit for bit, their headers and the pair
    kept. A fill element of SBR (extension 13) is kept (control)."""
    text = int.from_bytes(b"canaryfillzq", "big")
    pair = ((1, 3), (0x2468ACE, 28))  # a channel pair element's first bits: the build reads no further
    dse = bits((4, 3), (0, 4), (1, 1), (len(MARK), 8)) + MARK + bits(*pair)  # aligned: its header is two bytes
    fil = bits((6, 3), (15, 4), (6, 8), (0, 9), (text, 96), (0, 55), *pair)  # 15 + 6 - 1 = 20 bytes; the text aligned, as FFmpeg does
    sbr = bits((6, 3), (3, 4), (13, 4), (0xABCDE, 20), *pair)
    monkeypatch.setitem(globals(), "SAMPLES", (dse, fil, sbr))
    data = mp4(with_metadata=False, handler=b"soun", entry=sound_entry(vendor=b""))
    assert MARK in data and b"canaryfillzq" in data  # controls
    clean = video.stripped(data, "clip.mp4")
    assert b"canary" not in clean and len(clean) == len(data)
    assert media_data(clean) == (bits((4, 3), (0, 4), (1, 1), (len(MARK), 8)) + bytes(len(MARK)) + bits(*pair)
                                 + bits((6, 3), (15, 4), (6, 8), (0, 160), *pair) + sbr)
    monkeypatch.setitem(globals(), "SAMPLES", (fil[:10], sbr))
    with pytest.raises(video.VideoError, match="AAC sound .* cut short"):
        video.stripped(mp4(with_metadata=False, handler=b"soun", entry=sound_entry(vendor=b"")), "clip.mp4")


def test_a_sound_sample_holding_a_header_is_refused(monkeypatch):
    """Decoders skip a FLAC sample that starts with the stream's metadata ("fLaC", then tags and
    pictures) and a Vorbis packet that is a comment header: refused, never published."""
    flac = box(b"fLaC", bytes(6) + b"\x00\x01" + bytes(20) + box(b"dfLa", bytes(4) + bytes([0x80]) + STREAMINFO[1:]))
    monkeypatch.setitem(globals(), "SAMPLES", (b"\xff\xf8" + bytes(10), b"\xff\xf8" + bytes(6)))
    assert video.stripped(mp4(with_metadata=False, handler=b"soun", entry=flac), "clip.mp4")  # control: frames
    monkeypatch.setitem(globals(), "SAMPLES", (b"fLaC" + FLAC_TAGS, b"\xff\xf8" + bytes(6)))
    with pytest.raises(video.VideoError, match="FLAC sound sample holding metadata"):
        video.stripped(mp4(with_metadata=False, handler=b"soun", entry=flac), "clip.mp4")
    comment = b"\x03vorbis" + bytes(8) + b"\x01"  # no vendor, no tag
    private = b"\x02\x1e\x10" + b"\x01vorbis" + bytes(23) + comment + b"\x05vorbis" + bytes(4)  # Xiph-laced
    assert video.stripped(webm(track_type=2, codec=b"A_VORBIS", private=private, frame=b"\x00\x11\x22"), "clip.webm")  # control
    with pytest.raises(video.VideoError, match="Vorbis sound packet that is a header"):
        video.stripped(webm(track_type=2, codec=b"A_VORBIS", private=private, frame=comment[:7] + b"LOCATION=" + GPS), "clip.webm")


def raw_sei(header: bytes, *messages: bytes) -> bytes:
    """An SEI NAL unit (`header`: H.264's one byte or H.265's two) of messages already written as
    type and size bytes and payload, escaped, with its length in front."""
    from test_h264 import escaped

    nal = header + escaped(b"".join(messages) + b"\x80")
    return struct.pack(">I", len(nal)) + nal


def message(kind: int, payload: bytes) -> bytes:
    """One SEI message: its type and size (0xFF bytes, then the rest), then its payload."""
    return b"\xff" * (kind // 255) + bytes([kind % 255]) + b"\xff" * (len(payload) // 255) + bytes([len(payload) % 255]) + payload


def decoded_messages(nal: bytes, header: int) -> list[tuple[int, bytes]]:
    """(type, payload) of each message of an SEI NAL unit (its length in front), as a decoder reads them."""
    from hromada import h264

    body, out, i = h264.rbsp(b"\x00" + nal[4 + header:]), [], 0
    while i < len(body) - 1:
        values = []
        for _ in range(2):
            value = 0
            while body[i] == 0xFF:
                value, i = value + 255, i + 1
            values.append(value + body[i])
            i += 1
        out.append((values[0], body[i:i + values[1]]))
        i += values[1]
    return out


#: Marks in messages the gate does not know: an escape inside (`00 00 01` is written `00 00 03 01`).
UNKNOWN = b"canaryreservedzq" + GPS + b"\x00\x00\x01 serial 4711"
#: Kept messages (numbers a player uses): recovery point, mastering display, alternative transfer.
KEPT = (message(6, b"\x84"), message(137, bytes(range(1, 25))), message(147, b"\x12"))
#: Per codec: an SEI unit's header, its length, a filler data unit's header.
CODECS = {"avc": (b"\x06", 1, b"\x0c"), "hevc": (b"\x4e\x01", 2, b"\x4c\x01")}
SLICES = {"avc": b"\x00\x00\x00\x0c\x65" + b"\x11" * 11, "hevc": HEVC_SLICE}


def sei_clip(codec: str) -> bytes:
    """An MP4 of SAMPLES, as H.264 or H.265 pictures."""
    return mp4(with_metadata=False, entry=visual_entry(b"hvc1", HVCC)) if codec == "hevc" else mp4(with_metadata=False)


@pytest.mark.parametrize("codec", CODECS)
def test_an_sei_message_of_a_type_the_gate_does_not_keep_is_blanked_in_place(codec, monkeypatch):
    """Default deny: a message of a reserved type (99, and 300: a type written with a 0xFF byte)
    or of one not kept (H.264 tone mapping, 23) holding a serial number and GPS has its payload
    blanked in place: each byte not zero becomes 0x2A, the escape stays, the message keeps its
    type and size. Bytes past a kept message's fixed fields (content light level, 144: 4 bytes)
    are blanked too, its fields kept. Controls: the marks are in the input; the kept messages
    (recovery point, mastering display, alternative transfer), in the same unit and in a unit of
    their own, and the slice stay byte for byte."""
    header, width, _ = CODECS[codec]
    slice_ = SLICES[codec]
    unknown = raw_sei(header, message(99, UNKNOWN), *KEPT, message(300, UNKNOWN), message(23, UNKNOWN),
                      message(144, b"\x03\xe8\x01\x90" + b"canaryextensionzq"))
    kept = raw_sei(header, *KEPT)
    monkeypatch.setitem(globals(), "SAMPLES", (unknown + kept + slice_, slice_))
    data = sei_clip(codec)
    assert data.count(b"canaryreservedzq") == 3 and b"\x00\x00\x03\x01" in data and b"canaryextensionzq" in data  # controls
    clean = video.stripped(data, "clip.mp4")
    assert len(clean) == len(data) and b"canary" not in clean and b"50.4501" not in clean and b"4711" not in clean
    original, cleaned = media_data(data), media_data(clean)
    assert cleaned[len(unknown):] == original[len(unknown):]  # the kept unit and the slices, byte for byte
    before, after = decoded_messages(unknown, width), decoded_messages(cleaned[:len(unknown)], width)
    assert [(kind, len(payload)) for kind, payload in after] == [(kind, len(payload)) for kind, payload in before]
    blank = bytes(0x2A if byte else 0 for byte in UNKNOWN)
    assert after == [(99, blank), (6, b"\x84"), (137, bytes(range(1, 25))), (147, b"\x12"), (300, blank), (23, blank),
                     (144, b"\x03\xe8\x01\x90" + b"\x2a" * 17)]
    assert b"\x00\x00\x03\x2a" in cleaned  # the escape is kept, the byte after it blanked
    assert video.stripped(clean, "clip.mp4") == clean


#: Kept messages whose fields the gate reads (video._kept_fields), each written so that H.264 and
#: H.265 read it to the same byte: pan-scan (one rectangle), recovery point, film grain (one luma
#: interval), frame packing (side by side), display orientation (flipped, rotated).
FIELDS = {2: bits((1, 1), (0, 1), (1, 1), (1, 1), (1, 1), (1, 1), (1, 1), (1, 1)),
          6: b"\x84",
          19: bits((0, 1), (0, 2), (0, 1), (0, 2), (0, 4), (1, 1), (0, 1), (0, 1), (0, 8), (0, 3), (16, 8), (235, 8),
                   (1, 1), (1, 1)),
          45: bits((1, 1), (0, 1), (3, 7), (0, 1), (1, 6), (0, 6), (0x1234, 16), (0, 8), (1, 1), (0, 1)),
          47: bits((0, 1), (1, 1), (0, 1), (0x4000, 16), (1, 1), (0, 1))}


@pytest.mark.parametrize("codec", CODECS)
def test_only_kept_messages_leave_a_file_byte_for_byte(codec, monkeypatch):
    """A picture holding only kept messages (and a filler message and unit already all 0xFF)
    comes out byte for byte: the positive control of the test above."""
    header, _, fill_nal = CODECS[codec]
    slice_ = SLICES[codec]
    units = (raw_sei(header, *KEPT, message(0, b"\x80"), *(message(kind, fields) for kind, fields in FIELDS.items()),
                     message(144, b"\x03\xe8\x01\x90"), message(148, bytes(range(1, 9))), message(3, b"\xff" * 300))
             + struct.pack(">I", len(fill_nal) + 11) + fill_nal + b"\xff" * 10 + b"\x80")
    monkeypatch.setitem(globals(), "SAMPLES", (units + slice_, slice_))
    data = sei_clip(codec)
    assert media_data(video.stripped(data, "clip.mp4")) == media_data(data)


@pytest.mark.parametrize("codec", CODECS)
def test_filler_messages_and_filler_units_become_0xff_bytes(codec, monkeypatch):
    """A filler SEI message (type 3) and a filler data unit (H.264 12, H.265 38) are meant to be
    0xFF bytes, which decoders skip: a serial number written there was published. Each byte a
    decoder reads becomes 0xFF (the unit's last one its trailing bits, 0x80), sizes kept; the
    recovery point beside the filler message and the slice stay byte for byte (controls). A
    filler whose bytes hold an escape (`00 00 03`) cannot be made 0xFF in place: refused."""
    header, width, fill_nal = CODECS[codec]
    slice_ = SLICES[codec]
    mark = b"canaryfillerzq" + GPS
    filler = raw_sei(header, message(3, mark), KEPT[0])
    unit = struct.pack(">I", len(fill_nal) + len(mark) + 1) + fill_nal + mark + b"\x80"
    monkeypatch.setitem(globals(), "SAMPLES", (filler + unit + slice_, slice_))
    data = sei_clip(codec)
    assert data.count(b"canaryfillerzq") == 2  # control
    clean = video.stripped(data, "clip.mp4")
    assert len(clean) == len(data) and b"canary" not in clean and b"50.4501" not in clean
    cleaned = media_data(clean)
    assert decoded_messages(cleaned[:len(filler)], width) == [(3, b"\xff" * len(mark)), (6, b"\x84")]
    assert cleaned[len(filler):] == unit[:4 + len(fill_nal)] + b"\xff" * len(mark) + b"\x80" + slice_ + slice_
    assert video.stripped(clean, "clip.mp4") == clean
    from test_h264 import escaped

    escape = b"ab\x00\x00\x01cd"
    for broken in (raw_sei(header, message(3, escape)),
                   struct.pack(">I", len(fill_nal) + len(escaped(escape)) + 1) + fill_nal + escaped(escape) + b"\x80"):
        assert b"\x00\x00\x03\x01" in broken  # control: the escape is there
        monkeypatch.setitem(globals(), "SAMPLES", (broken + slice_, slice_))
        with pytest.raises(video.VideoError, match="filler .*cannot be made .* in place"):
            video.stripped(sei_clip(codec), "clip.mp4")


def test_unknown_messages_in_an_h265_configuration_are_blanked_and_a_filler_unit_refused(monkeypatch):
    """In an `hvcC`, as in a sample, a message of a reserved type has its payload blanked; the kept
    recovery point and the VPS stay (controls). A filler data unit is no type an `hvcC` may hold
    (ISO/IEC 14496-15, 8.3.3.1.2: VPS, SPS, PPS and SEI only) and FFmpeg ignores it there: it was
    made 0xFF bytes, it is now refused in one line, with how to export."""
    monkeypatch.setitem(globals(), "SAMPLES", (HEVC_SLICE, HEVC_SLICE))
    mark, vps = b"canaryconfigzq" + GPS, b"\x40\x01\x0c\x01canaryvpszq"
    unit = raw_sei(b"\x4e\x01", message(99, mark), KEPT[0])[4:]
    data = mp4(with_metadata=False, entry=visual_entry(b"hvc1", box(b"hvcC", HVCC[8:30] + hevc_arrays(vps, unit))))
    assert data.count(b"canaryconfigzq") == 1  # control
    clean = video.stripped(data, "clip.mp4")
    assert len(clean) == len(data) and b"canaryconfigzq" not in clean and b"canaryvpszq" in clean
    assert raw_sei(b"\x4e\x01", message(99, b"\x2a" * len(mark)), KEPT[0])[4:] in clean
    assert video.stripped(clean, "clip.mp4") == clean
    filler = b"\x4c\x01" + mark + b"\x80"
    data = mp4(with_metadata=False, entry=visual_entry(b"hvc1", box(b"hvcC", HVCC[8:30] + hevc_arrays(vps, unit, filler))))
    with pytest.raises(video.VideoError, match=r"^an H.265 picture track's configuration \('hvcC'\) holding a NAL unit "
                                               r"of type 38, where only VPS, SPS, PPS and SEI units .*-c:v libx264"):
        video.stripped(data, "clip.mp4")


def test_no_message_type_that_carries_free_data_is_kept():
    """User data and time codes (video._SEI_USER_DATA) and the nesting types are blanked or refused,
    never on the list of numeric messages kept as they are."""
    for codec in ("avc", "hevc"):
        assert video._SEI_KEEP[codec] and video._SEI_USER_DATA[codec]  # positive control: both lists read
        assert not video._SEI_USER_DATA[codec] & set(video._SEI_KEEP[codec])
        assert 3 not in video._SEI_KEEP[codec]  # filler: made 0xFF, not kept
    assert not set(video._AVC_NESTING) & set(video._SEI_KEEP["avc"])
    assert not set(video._HEVC_UNREAD) & set(video._SEI_KEEP["hevc"])


def test_an_h264_mvcd_nesting_message_is_refused_as_svcs_and_mvcs_are(monkeypatch):
    """H.264 has three messages that nest others for a layer or view (FFmpeg's sei.h: 30 SVC, 37
    MVC, 48 MVCD, MVC with depth maps); only 30 and 37 were refused, 48 was blanked. A user-data
    note nested in each is refused in one line, with how to export; the same note not nested is
    blanked (the control)."""
    note = bytes(16) + b"canarynestedzq" + GPS
    inner = b"\x80" + bytes([5, len(note)]) + note
    slice_ = SLICES["avc"]
    for kind, name in ((30, "SVC"), (37, "MVC"), (48, "MVC with depth")):
        monkeypatch.setitem(globals(), "SAMPLES", (sei(kind, inner) + slice_, slice_))
        data = mp4(with_metadata=False)
        assert b"canarynestedzq" in data  # control: the note is there
        with pytest.raises(video.VideoError, match=rf"^an H.264 SEI message nesting others for a layer or view "
                                                   rf"\({kind}: {name}\).*remove_types=6 out.mp4$"):
            video.stripped(data, "clip.mp4")
    monkeypatch.setitem(globals(), "SAMPLES", (sei(5, note) + slice_, slice_))
    assert b"canarynestedzq" not in video.stripped(mp4(with_metadata=False), "clip.mp4")  # control


#: Made by FFmpeg with x264 (High profile, 100): its `avcC` holds one SPS, one PPS, then the
#: chroma format, the bit depths and no SPS extension (`fd f8 f8 00`).
REAL_AVC = Path(__file__).parent / "data/video/picture-only.mp4"


def with_config(data: bytes, kind: bytes, body: bytes) -> bytes:
    """`data` with the body of its configuration box `kind` replaced by `body`, of the same length:
    nothing else in the file moves, so its samples stay where its tables say."""
    at = data.index(kind) - 4
    size = struct.unpack(">I", data[at:at + 4])[0]
    assert len(body) == size - 8, (len(body), size - 8)
    return data[:at + 8] + body + data[at + size:]


def config_body(data: bytes, kind: bytes) -> bytes:
    at = data.index(kind) - 4
    return data[at + 8:at + struct.unpack(">I", data[at:at + 4])[0]]


def avcc_body(sets: tuple[bytes, ...] = (AVC_SPS,), pictures: tuple[bytes, ...] = (AVC_PPS,),
              tail: bytes = b"\xfd\xf8\xf8\x00", profile: int = 100, lengths: int = 0xFF, count: int = 0xE0) -> bytes:
    """An `avcC` body: version, profile, level 1.0, the length size's byte, the SPSs' count byte
    and SPSs, the PPSs, then `tail` (for a High profile: chroma format, bit depths, SPS extensions)."""
    units = lambda found: b"".join(struct.pack(">H", len(unit)) + unit for unit in found)
    return (bytes([1, profile, 0, 0x0A, lengths, count | len(sets)]) + units(sets) + bytes([len(pictures)])
            + units(pictures) + tail)


def test_an_avc_configuration_is_read_to_its_last_byte():
    """The `avcC` was read as far as its PPSs; the bytes after them never were: a High profile's
    chroma format, bit depths and SPS extensions (ISO/IEC 14496-15, 5.3.3.1), or anything a writer
    left there, went out as it was, as did a unit of another type (an SEI) among the parameter
    sets. Now the box is read whole. An SPS extension (NAL type 13) is kept, and so is a High
    profile's box without the four bytes (older writers leave them out). Refused, in one line with
    how to export: a unit of another type in any of its arrays, units that do not fit the box,
    bytes no field accounts for (Baseline, 66, has no such fields; after the SPS extensions, none
    is left), the four bytes cut short. Reserved bits are set to 1, as the standard writes them.
    Each case is the real file with its `avcC` body rewritten to the same length. Controls: the
    builder makes the real body; the real file comes out with its `avcC` byte for byte."""
    data = REAL_AVC.read_bytes()
    real = config_body(data, b"avcC")
    assert avcc_body() == real  # control: the real box is what the builder makes
    clean = video.stripped(data, REAL_AVC.name)
    assert config_body(clean, b"avcC") == real  # control: the real box goes through byte for byte
    refused = {
        "holding a NAL unit of type 6 among its SPS extensions, where only type 13 belongs":
            avcc_body((AVC_SPS[:21],), tail=b"\xfd\xf8\xf8\x01\x00\x01\x06"),
        "holding a NAL unit of type 6 among its SPSs, where only type 7 belongs":
            avcc_body((AVC_SPS[:19], b"\x06\x05\x80")),
        "holding a NAL unit of type 7 among its PPSs, where only type 8 belongs":
            avcc_body(pictures=(b"\x67" + AVC_PPS[1:],)),
        "holding a NAL unit of type 7 among its SPSs": avcc_body((b"\xe7" + AVC_SPS[1:],)),  # forbidden bit set
        "with 4 bytes after its parameter sets that no field accounts for \\(profile 66\\)": avcc_body(profile=66),
        "with 2 bytes after its parameter sets that no field accounts for \\(profile 100\\)":
            avcc_body((AVC_SPS[:22],), tail=b"\xfd\xf8\xf8\x00ab"),
        "whose chroma format and bit depths are cut short": avcc_body((AVC_SPS + b"\x00\x00",), tail=b"\xfd\xf8"),
        "whose SPSs are not whole NAL units": real[:6] + b"\x00\x30" + real[8:],
        "whose PPSs are not whole NAL units": avcc_body((AVC_SPS + bytes(10),), (b"",), tail=b""),
    }
    for message, body in refused.items():
        assert len(body) == len(real)
        with pytest.raises(video.VideoError, match=rf"^an H.264 picture track's configuration \('avcC'\) {message}.*"
                                                   r"ffmpeg -i in.mp4 -c:v libx264 -c:a copy out.mp4$"):
            video.stripped(with_config(data, b"avcC", body), REAL_AVC.name)
    from test_h264 import sps

    assert len(sps()) == len(AVC_SPS) - 5  # (a shorter SPS, read whole, makes room for the extension)
    kept = (avcc_body((sps(),), tail=b"\xfd\xf8\xf8\x01\x00\x03\x6d\x88\x80"),  # an SPS extension
            avcc_body((AVC_SPS + b"\x00\x00\x00\x00",), tail=b""))  # High, without the four bytes
    for body in kept:
        edited = with_config(data, b"avcC", body)
        clean = video.stripped(edited, REAL_AVC.name)
        assert config_body(clean, b"avcC") == body and video.stripped(clean, REAL_AVC.name) == clean
    zeros = avcc_body(lengths=0x03, count=0, tail=b"\x01\x00\x00\x00")  # reserved bits written 0
    clean = video.stripped(with_config(data, b"avcC", zeros), REAL_AVC.name)
    assert config_body(clean, b"avcC") == real and clean == video.stripped(data, REAL_AVC.name)


def test_an_hevc_configuration_holds_parameter_sets_and_sei_only_and_nothing_after_them():
    """An `hvcC`'s arrays may hold VPS, SPS, PPS and SEI units only (ISO/IEC 14496-15, 8.3.3.1.2),
    each array units of its own type; bytes after the last array were never read. Each case is
    the real x265 file with its `hvcC` rewritten to the same length: a unit of another type (an
    access unit delimiter, 35), an array whose type is not its unit's, and the last array left
    outside the count of arrays (its bytes trailing) are refused in one line with how to export.
    Reserved bits (the box's, an array's) are written as the standard says. Control: the real box
    comes out changed only in x265's note (test_a_real_x265_videos_options_...)."""
    data = REAL_X265.read_bytes()
    real = config_body(data, b"hvcC")
    clean = video.stripped(data, REAL_X265.name)
    vps, pps = real.index(b"\x20\x00\x01\x00\x18\x40\x01"), real.index(b"\x22\x00\x01\x00\x07\x44\x01")
    refused = {
        r"holding a NAL unit of type 35, where only VPS, SPS, PPS and SEI units \(types 32-34, 39, 40\) belong":
            real[:pps] + b"\x23\x00\x01\x00\x07\x46" + real[pps + 6:],
        r"holding a NAL unit of type 32 \(VPS\) in its array of type 33": real[:vps] + b"\x21" + real[vps + 1:],
        r"with 2322 bytes after its arrays of NAL units that no field accounts for": real[:22] + b"\x03" + real[23:],
    }
    for message, body in refused.items():
        with pytest.raises(video.VideoError, match=rf"^an H.265 picture track's configuration \('hvcC'\) {message}.*"
                                                   r"-c:v libx264 -c:a copy out.mp4$"):
            video.stripped(with_config(data, b"hvcC", body), REAL_X265.name)
    zeros = bytearray(real)
    zeros[13], zeros[15], zeros[17], zeros[vps] = 0x00, 0x00, 0x00, 0x60  # reserved bits 0; an array's reserved bit 1
    assert video.stripped(with_config(data, b"hvcC", bytes(zeros)), REAL_X265.name) == clean
    lhvc = box(b"lhvC", bytes([1, 0x00, 0, 0x00, 0x0F]) + hevc_arrays(b"\x40\x01\x0c\x01"))  # reserved bits 0
    clean = video.stripped(mp4(with_metadata=False, entry=visual_entry(b"hvc1", HVCC + lhvc)), "clip.mp4")
    assert box(b"lhvC", bytes([1, 0xF0, 0, 0xFC, 0xCF]) + hevc_arrays(b"\x40\x01\x0c\x01")) in clean


#: A VP9 configuration as FFmpeg writes it (version 1, flags 0): profile 0, level 1.0, 8 bits,
#: 4:2:0, limited range, BT.709 primaries, transfer and matrix, no initialization data.
VPCC_FIELDS = bytes([0, 10, 0x82, 1, 1, 1])


def test_a_vp9_configurations_unused_initialization_data_is_zeroed():
    """`vpcC`'s codecIntializationData is "not used for VP8 and VP9" (its size "must be 0"): no
    decoder reads it, so a writer's note there went out as it was. It is zeroed in place, with any
    byte after it and the box's flags (blanked, not refused: the picture plays the same); the
    fields and the size stay. WebM's VP9 CodecPrivate keeps its features (profile, level, bit
    depth, chroma) and loses anything else; a VP8 one (WebM defines none) is zeroed. A `vpcC` of
    an unknown version, or cut short, is refused in one line (FFmpeg writes the box anew when the
    video is copied). Controls: FFmpeg's boxes, versions 1 and 0 (older FFmpeg), and FFmpeg's
    CodecPrivate features go through byte for byte; the notes are in the input."""
    note = b"canaryvpcczq" + GPS
    entry = lambda body: visual_entry(b"vp09", box(b"vpcC", body))
    for body in (b"\x01\x00\x00\x00" + VPCC_FIELDS + b"\x00\x00", b"\x00\x00\x00\x00" + bytes([0, 10, 0x82, 2, 0, 0])):
        data = mp4(with_metadata=False, entry=entry(body))
        assert box(b"vpcC", body) in video.stripped(data, "clip.mp4")  # control: FFmpeg's, byte for byte
    noted = b"\x01\x00\x01\x23" + VPCC_FIELDS + struct.pack(">H", len(note)) + note + b"canarytrailzq"
    data = mp4(with_metadata=False, entry=entry(noted))
    assert b"canaryvpcczq" in data and b"canarytrailzq" in data  # control
    clean = video.stripped(data, "clip.mp4")
    expected = b"\x01\x00\x00\x00" + VPCC_FIELDS + struct.pack(">H", len(note)) + bytes(len(note) + 13)
    assert box(b"vpcC", expected) in clean and len(clean) == len(data) and b"canary" not in clean
    assert video.stripped(clean, "clip.mp4") == clean
    for body, message in ((b"\x02\x00\x00\x00" + VPCC_FIELDS + b"\x00\x00", r"is of an unknown version \(2\)"),
                          (b"\x01\x00\x00\x00" + VPCC_FIELDS + b"\x00\x20" + note, "is cut short"),
                          (b"\x01\x00\x00\x00\x00", "is cut short"), (b"", "is cut short")):
        with pytest.raises(video.VideoError, match=rf"^a VP8 or VP9 picture track whose configuration \('vpcC'\) "
                                                   rf"{message}; .*ffmpeg -i in.mp4 -c copy out.mp4"):
            video.stripped(mp4(with_metadata=False, entry=entry(body)), "clip.mp4")
    features = b"\x01\x01\x00\x02\x01\x0a\x03\x01\x08\x04\x01\x01"
    assert features in video.stripped(webm(private=features), "clip.webm")  # control: byte for byte
    for codec, private, kept in ((b"V_VP9", features + note, features), (b"V_VP9", b"\x01\x02\x00\x00" + note, b""),
                                 (b"V_VP8", note, b"")):
        data = webm(codec=codec, private=private)
        assert b"canaryvpcczq" in data  # control
        clean = video.stripped(data, "clip.webm")
        assert b"canaryvpcczq" not in clean and len(clean) == len(data)
        assert kept + bytes(len(private) - len(kept)) in clean and video.stripped(clean, "clip.webm") == clean


def test_av1_obus_that_are_not_the_picture_become_padding_and_a_configuration_must_be_version_1(monkeypatch):
    """Only the OBUs a decoder reads as the picture were kept... and padding and reserved OBUs too:
    their bytes, which every decoder skips, went out as they were. Now a padding OBU's payload is
    zeroed and a reserved type (10) or a tile list (8) becomes padding, zeroed, in a sample and in
    the configuration, as metadata does. A configuration whose first byte is not 0x81 (marker and
    version 1) is refused, in MP4 and WebM: FFmpeg reads one without the marker bit as OBUs from
    its first byte, so the metadata OBU hidden behind it would not be the one read here. Reserved
    bits of its fourth byte become 0. Controls: the notes are in the input; the sequence header
    and frame OBUs stay byte for byte; the real files' configurations start 0x81."""
    note = b"canaryobuzq" + GPS
    frame = obu(2, b"") + obu(15, note) + obu(10, note) + obu(8, note) + obu(6, b"\x10" * 12, sized=False)
    header = obu(1, b"\x00\x00\x00\x6a")
    config = b"\x81\x08\x0c\xe7" + header + obu(15, note) + obu(12, note)
    monkeypatch.setitem(globals(), "SAMPLES", (frame, frame))
    data = mp4(with_metadata=False, entry=visual_entry(b"av01", box(b"av1C", config)))
    assert data.count(b"canaryobuzq") == 8  # control
    clean = video.stripped(data, "clip.mp4")
    padding = obu(15, bytes(len(note)))
    cleaned = obu(2, b"") + padding * 3 + obu(6, b"\x10" * 12, sized=False)
    assert b"canaryobuzq" not in clean and len(clean) == len(data) and media_data(clean) == cleaned * 2
    assert box(b"av1C", b"\x81\x08\x0c\x00" + header + padding * 2) in clean
    assert video.stripped(clean, "clip.mp4") == clean
    private = b"\x81\x08\x0c\x15" + header + obu(9, note)  # an initial presentation delay given (kept)
    clean = video.stripped(webm(codec=b"V_AV1", private=private, frame=frame), "clip.webm")
    assert b"canaryobuzq" not in clean and b"\x81\x08\x0c\x15" + header + padding in clean
    assert clean.count(cleaned) == 1  # the SimpleBlock's frame (the BlockGroup's is no AV1)
    hidden = header + obu(5, note)  # no marker: FFmpeg would read these bytes as OBUs from the first
    for name, make in (("'av1C'", lambda c: mp4(with_metadata=False, entry=visual_entry(b"av01", box(b"av1C", c)))),
                       ("CodecPrivate", lambda c: webm(codec=b"V_AV1", private=c, frame=frame))):
        kind = "clip.mp4" if name == "'av1C'" else "clip.webm"
        assert video.stripped(make(b"\x81\x08\x0c\x00" + hidden), kind)  # control
        with pytest.raises(video.VideoError, match=rf"^an AV1 picture track's configuration \({re.escape(name)}\) that "
                                                   r"does not start as one of version 1 does \(0x81, found 0x0a\).*libx264"):
            video.stripped(make(hidden), kind)
        with pytest.raises(video.VideoError, match=rf"configuration \({re.escape(name)}\) cut short"):
            video.stripped(make(b"\x81\x08"), kind)
    for path in REAL_AV1:
        real = path.read_bytes()
        at = real.index(b"av1C") + 4 if path.suffix == ".mp4" else real.index(b"\x63\xa2\x90") + 3
        assert real[at] == 0x81  # control
        with pytest.raises(video.VideoError, match="does not start as one of version 1 does"):
            video.stripped(real[:at] + b"\x01" + real[at + 1:], path.name)


@pytest.mark.parametrize("codec", CODECS)
def test_bytes_past_a_kept_messages_fields_are_blanked(codec, monkeypatch):
    """A kept message (numbers a player uses) was kept byte for byte however long its payload:
    a recovery point of 1 byte's fields could carry a serial number and GPS in 30 more. Now the
    fields of pan-scan, recovery point, film grain, frame packing, display orientation and (H.265)
    decoded picture hash are read, and the bytes past them blanked in place, as those past a
    fixed-size message's are; a message too short for its fields, or of a reserved hash type, is
    no message a player uses: its payload is blanked whole. Controls: the fields stay byte for
    byte (test_only_kept_messages_... has them alone), the marks are in the input."""
    header, width, _ = CODECS[codec]
    slice_ = SLICES[codec]
    mark = b"canaryfieldzq" + GPS
    fields = dict(FIELDS)
    if codec == "hevc":  # an MD5 of three components
        fields.update({132: bytes([0]) + bytes(range(1, 49))})
    short = {45: FIELDS[45][:3], 47: FIELDS[47][:2], 19: b"\x0f"}  # cut inside their fields
    if codec == "hevc":
        short[132] = bytes([3]) + mark  # a reserved hash type
    unit = raw_sei(header, *(message(kind, payload + mark) for kind, payload in fields.items()),
                   *(message(kind, payload) for kind, payload in short.items()))
    monkeypatch.setitem(globals(), "SAMPLES", (unit + slice_, slice_))
    data = sei_clip(codec)
    assert data.count(b"canaryfieldzq") == len(fields) + (codec == "hevc")  # control
    clean = video.stripped(data, "clip.mp4")
    assert len(clean) == len(data) and b"canary" not in clean and b"50.4501" not in clean
    blank = lambda payload: bytes(0x2A if byte else 0 for byte in payload)
    after = decoded_messages(media_data(clean)[:len(unit)], width)
    assert after == [(kind, payload + blank(mark)) for kind, payload in fields.items()] + \
        [(kind, blank(payload)) for kind, payload in short.items()]
    assert video.stripped(clean, "clip.mp4") == clean and media_data(clean)[len(unit):] == slice_ * 2


def nal(codec: str, kind: int, payload: bytes = b"") -> bytes:
    """A NAL unit of `kind` (H.264: nal_ref_idc 0; H.265: layer 0, temporal id 0) with its length in front."""
    unit = (bytes([kind]) if codec == "avc" else bytes([kind << 1, 1])) + payload
    return struct.pack(">I", len(unit)) + unit


#: NAL unit types no decoder reads for the picture (reserved, unspecified), by codec: H.264's
#: unspecified 0 and 24-31, reserved 16-18 and 22-23; H.265's reserved VCL 10-15 and 22-31,
#: reserved 41-47, unspecified 48-63 (Dolby Vision's RPU, 62, and enhancement layer, 63, among them).
UNREAD_NAL = {"avc": (0, 16, 17, 18, 22, 23, 24, 28, 31), "hevc": (10, 15, 22, 31, 41, 47, 48, 62, 63)}
#: Per codec: access unit delimiter, end of sequence, end of stream (H.265: of bitstream).
ENDS = {"avc": (9, 10, 11), "hevc": (35, 36, 37)}


@pytest.mark.parametrize("codec", CODECS)
def test_nal_units_of_types_no_decoder_reads_are_blanked_in_place(codec, monkeypatch):
    """Default deny on NAL unit types: a unit of a reserved or unspecified type (decoders must
    ignore them; FFmpeg skips them) went out byte for byte, so a serial number and GPS written
    there were published. Now each keeps its header and size, and every byte after the header
    becomes 0xFF, the last 0x80 (no zero: no start code; escapes written over). An access unit
    delimiter keeps its 3 bits of picture type and trailing bits, and the bytes past them are
    blanked so; an end of sequence or stream, which has no field, is blanked whole. Controls: the
    marks are in the input; the slices stay byte for byte; a second pass changes nothing."""
    from test_h264 import escaped

    slice_ = SLICES[codec]
    mark = escaped(UNKNOWN) + b"\x80"
    aud, eos, eob = ENDS[codec]
    units = b"".join(nal(codec, kind, mark) for kind in UNREAD_NAL[codec])
    ends = nal(codec, aud, b"\x57" + mark) + nal(codec, eos, mark) + nal(codec, eob, mark)
    monkeypatch.setitem(globals(), "SAMPLES", (units + ends + slice_, slice_))
    data = sei_clip(codec)
    assert data.count(b"canaryreservedzq") == len(UNREAD_NAL[codec]) + 3 and b"\x00\x00\x03\x01" in data  # control
    clean = video.stripped(data, "clip.mp4")
    assert len(clean) == len(data) and b"canary" not in clean and b"50.4501" not in clean and b"4711" not in clean
    blank = b"\xff" * (len(mark) - 1) + b"\x80"
    expected = (b"".join(nal(codec, kind, blank) for kind in UNREAD_NAL[codec])
                + nal(codec, aud, b"\x50" + blank) + nal(codec, eos, blank) + nal(codec, eob, blank))
    assert media_data(clean) == expected + slice_ + slice_
    assert video.stripped(clean, "clip.mp4") == clean


@pytest.mark.parametrize("codec", CODECS)
def test_nal_units_a_decoder_reads_leave_a_file_byte_for_byte(codec, monkeypatch):
    """The positive control of the test above: a delimiter of one byte, an empty end of sequence
    and of stream, the parameter sets (and H.264's SPS extension) and the slices are kept as
    they are."""
    aud, eos, eob = ENDS[codec]
    slice_ = SLICES[codec]
    sets = (nal("avc", 13, b"\x88\x80") if codec == "avc" else
            nal("hevc", 32, b"\x0c\x01\xff\xff") + nal("hevc", 34, b"\xc1\x72\xb4\x62\x40"))
    units = nal(codec, aud, b"\xf0") + sets + slice_ + nal(codec, eos) + nal(codec, eob)
    monkeypatch.setitem(globals(), "SAMPLES", (units, slice_))
    data = sei_clip(codec)
    assert media_data(video.stripped(data, "clip.mp4")) == media_data(data)


@pytest.mark.parametrize("kind", [14, 15, 19, 20, 21])
def test_an_h264_layer_view_or_auxiliary_picture_is_refused(kind, monkeypatch):
    """SVC's and MVC's units (a prefix, a subset SPS, a second layer's or view's slices: a 3D
    camcorder's other eye), 3D-AVC's depth slices and an auxiliary (alpha) picture are pictures
    no browser shows and no reviewer sees; a decoder that reads them would read blanked bytes as
    a picture, so they are refused, in one line, with how to export the base picture only. A
    unit whose header breaks the standard (forbidden bit; H.265: temporal id -1), which FFmpeg
    throws away and another decoder may read, is refused too. Control: the same clip without
    the unit goes through."""
    slice_ = SLICES["avc"]
    monkeypatch.setitem(globals(), "SAMPLES", (slice_, slice_))
    assert video.stripped(sei_clip("avc"), "clip.mp4")  # control
    monkeypatch.setitem(globals(), "SAMPLES", (nal("avc", kind, b"canarylayerzq\x80") + slice_, slice_))
    with pytest.raises(video.VideoError, match=rf"^an H.264 picture holding .* \(NAL unit type {kind}\), which "
                                               r"Hromada does not read; .*-bsf:v filter_units=remove_types=14-21 out.mp4$"):
        video.stripped(sei_clip("avc"), "clip.mp4")
    for codec, damaged in (("avc", b"\x00\x00\x00\x02\x85\x11"), ("hevc", b"\x00\x00\x00\x03\x02\x00\x11")):
        monkeypatch.setitem(globals(), "SAMPLES", (damaged + SLICES[codec], SLICES[codec]))
        with pytest.raises(video.VideoError, match=r"^an H.26[45] picture holding a NAL unit marked as damaged .*libx264"):
            video.stripped(sei_clip(codec), "clip.mp4")


#: Kept visual boxes with their fields only, as a clean writer writes them: pixel aspect, clean
#: aperture, bit rate, light levels, mastering display, ambient viewing, fields, gamma, stereo mode,
#: an nclx colour (BT.709, full range), and a 360 degree projection (header, equirectangular).
CLEAN_VISUAL = (box(b"pasp", struct.pack(">II", 4, 3)) + box(b"clap", struct.pack(">8I", *range(1, 9)))
                + box(b"btrt", struct.pack(">III", 1, 2, 3)) + box(b"clli", b"\x03\xe8\x01\x90")
                + box(b"mdcv", bytes(range(1, 25))) + box(b"amve", bytes(range(1, 9))) + box(b"fiel", b"\x01\x00")
                + box(b"gama", b"\x00\x02\x33\x33") + box(b"st3d", b"\x00\x00\x00\x00\x02")
                + box(b"colr", b"nclx\x00\x01\x00\x01\x00\x01\x80")
                + box(b"sv3d", box(b"svhd", bytes(5)) + box(b"proj", box(b"prhd", bytes(4) + struct.pack(">iii", 1, -2, 3))
                                                         + box(b"equi", bytes(4) + struct.pack(">IIII", 1, 2, 3, 4)))))


def test_kept_visual_boxes_keep_their_fields_only_and_boxes_no_published_picture_needs_are_blanked(monkeypatch):
    """A picture's sample entry: bytes a writer added past a kept box's fields, an ICC profile's
    text (`colr` of type `prof`), the reserved bits of an `nclx`, the tool name of a 360 degree
    video's `svhd` and its mesh (`mshp`), raw codec headers (`glbl`, `esds`, `d263`: FFmpeg takes
    `glbl` or `esds` as the configuration in place of the `avcC`), Dolby Vision's configuration
    (its RPU is blanked in the samples) and informative colour boxes (`chrm`, `cclv`) went out as
    they were. Now every field is kept, every other byte zeroed or its box blanked; the file keeps
    its size. Control: the same boxes without the added bytes come out byte for byte."""
    mark = b"canaryvisualzq" + GPS
    added = b"".join(box(b[4:8], b[8:] + mark) if b[4:8] not in (b"sv3d", b"colr") else b
                     for b in (CLEAN_VISUAL[i:i + struct.unpack(">I", CLEAN_VISUAL[i:i + 4])[0]]
                               for i in _offsets(CLEAN_VISUAL)))
    colour = box(b"colr", b"nclx\x00\x01\x00\x01\x00\x01\xff" + mark) + box(b"colr", b"prof" + b"desc" + mark)
    spherical = box(b"sv3d", box(b"svhd", bytes(4) + mark + b"\x00") + box(b"proj", box(b"prhd", bytes(16) + mark)
                                                                        + box(b"mshp", mark)) + box(b"uuid", mark))
    others = b"".join(box(kind, mark) for kind in (b"glbl", b"esds", b"d263", b"dvcC", b"dvvC", b"dvwC", b"chrm", b"cclv"))
    entry = visual_entry(b"avc1", AVCC + added + colour + spherical + others)
    data = mp4(with_metadata=False, entry=entry)
    assert data.count(b"canaryvisualzq") == 9 + 2 + 4 + 8  # control
    clean = video.stripped(data, "clip.mp4")
    assert len(clean) == len(data) and b"canary" not in clean and b"50.4501" not in clean
    for fields in (struct.pack(">8I", *range(1, 9)), bytes(range(1, 25)), b"\x03\xe8\x01\x90", b"nclx\x00\x01\x00\x01\x00\x01\x80",
                   struct.pack(">IIII", 1, 2, 3, 4)):
        assert fields in clean
    assert b"glbl" not in clean and b"dvcC" not in clean and b"prof" not in clean and b"mshp" not in clean
    assert video.stripped(clean, "clip.mp4") == clean
    plain = mp4(with_metadata=False, entry=visual_entry(b"avc1", AVCC + CLEAN_VISUAL))
    assert AVCC + CLEAN_VISUAL in video.stripped(plain, "clip.mp4")


def _offsets(boxes: bytes) -> list[int]:
    """Where each box of a run of boxes starts."""
    found, pos = [], 0
    while pos < len(boxes):
        found.append(pos)
        pos += struct.unpack(">I", boxes[pos:pos + 4])[0]
    return found


def test_a_webm_tracks_video_and_audio_keep_the_elements_a_player_reads_only(monkeypatch):
    """A WebM track's Video and Audio elements were kept whole: an element of an unknown ID, a
    projection's private data (an `sv3d`'s bytes, or anything), the deprecated ColourSpace and
    ChannelPositions went out as they were. Now they are sifted as a TrackEntry is: each such
    element becomes Void, the file keeps its size; the sizes, the colour with its mastering
    metadata and the projection's type and pose are kept (controls)."""
    mark = b"canaryvideozq" + GPS
    colour = ebml(0x55B0, ebml(0x55B1, b"\x01") + ebml(0x55D0, ebml(0x55D9, b"\x43\x48\x00\x00")))
    projection = ebml(0x7670, ebml(0x7671, b"\x01") + ebml(0x7672, mark) + ebml(0x7673, b"\x00\x00\x00\x00"))
    picture = ebml(0xE0, ebml(0xB0, b"\x07\x80") + ebml(0xBA, b"\x04\x38") + colour + projection
                   + ebml(0x2EB524, mark[:4]) + ebml(0x4E4E, mark))
    data = webm(entry_extra=picture)
    assert data.count(b"canaryvideozq") == 2 and b"cana" in data  # control
    clean = video.stripped(data, "clip.webm")
    assert len(clean) == len(data) and b"cana" not in clean and b"50.4501" not in clean
    for kept in (ebml(0xB0, b"\x07\x80"), ebml(0xBA, b"\x04\x38"), colour, ebml(0x7671, b"\x01"),
                 ebml(0x7673, b"\x00\x00\x00\x00")):
        assert kept in clean
    sound = ebml(0xE1, ebml(0xB5, b"\x47\x3b\x80\x00") + ebml(0x9F, b"\x02") + ebml(0x7D7B, mark))
    data = webm(track_type=2, codec=b"A_PCM/INT/LIT", entry_extra=sound)
    clean = video.stripped(data, "clip.webm")
    assert b"canaryvideozq" in data and b"canary" not in clean and ebml(0xB5, b"\x47\x3b\x80\x00") + ebml(0x9F, b"\x02") in clean
