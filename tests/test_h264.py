"""An H.264 picture's timing message never publishes the clock time of the recording.

A camcorder can write the time of day into the clock timestamps of H.264's picture timing SEI
message (payload type 1). The streams here are built bit by bit: an SPS whose VUI says that
picture timing carries a pic_struct (and, or not, HRD delays), a PPS, and pictures that are whole
I_PCM macroblocks (raw pixels: a real decoder shows them), each after a timing message holding
13:37:42, frame 7. The positive controls read that time out of the input with this file's own
reader, and, where PyAV is installed, with FFmpeg's decoder.
"""
from __future__ import annotations

import json
import os
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

import test_video
from hromada import h264, video
from test_video import box, media_data, mp4, visual_entry


class Bits:
    """A bit writer: fixed-width fields, Exp-Golomb codes, RBSP trailing bits."""

    def __init__(self) -> None:
        self.bits: list[int] = []

    def u(self, width: int, value: int) -> "Bits":
        self.bits += [(value >> (width - 1 - i)) & 1 for i in range(width)]
        return self

    def ue(self, value: int) -> "Bits":
        width = (value + 1).bit_length()
        return self.u(width - 1, 0).u(width, value + 1)

    def se(self, value: int) -> "Bits":
        return self.ue(2 * value - 1 if value > 0 else -2 * value)

    def align(self) -> "Bits":
        """A one, then zeros to the byte's end (rbsp trailing bits; an SEI payload's alignment)."""
        self.u(1, 1)
        return self.u(-len(self.bits) % 8, 0)

    def bytes(self) -> bytes:
        assert len(self.bits) % 8 == 0
        return bytes(int("".join(map(str, self.bits[i:i + 8])), 2) for i in range(0, len(self.bits), 8))


def escaped(rbsp: bytes) -> bytes:
    """An RBSP as a file holds it: `03` before a byte of 0-3 that follows two zero bytes."""
    out, zeros = bytearray(), 0
    for byte in rbsp:
        if zeros >= 2 and byte <= 3:
            out.append(3)
            zeros = 0
        out.append(byte)
        zeros = zeros + 1 if byte == 0 else 0
    return bytes(out)




@dataclass(frozen=True)
class Timing:
    """What the SPS says: HRD delays (NAL HRD parameters) or none; their and the offset's lengths."""
    hrd: bool = False
    pic_struct: bool = True
    time_offset_length: int = 24  # (without HRD parameters a decoder takes 24)
    cpb_length: int = 18
    dpb_length: int = 7


MBS = 2  # pictures of 2 x 2 macroblocks (32 x 32 pixels)


def sps(timing: Timing = Timing(), ident: int = 0, cut: int = 0) -> bytes:
    """A Baseline SPS (picture order type 2, 4 bits of frame number) with a VUI; `cut`: that many
    bytes taken off its end (an SPS the gate cannot read)."""
    b = Bits().u(8, 66).u(8, 0xC0).u(8, 30).ue(ident).ue(0).ue(2).ue(1).u(1, 0).ue(MBS - 1).ue(MBS - 1)
    b.u(1, 1).u(1, 1).u(1, 0).u(1, 1)  # frame_mbs_only, direct_8x8_inference, no cropping, VUI
    b.u(1, 0).u(1, 0).u(1, 1).u(3, 5).u(1, 0).u(1, 0).u(1, 0)  # no aspect or overscan; signal type, no colour; no chroma loc
    b.u(1, 1).u(32, 1).u(32, 50).u(1, 1)  # timing: 25 frames a second, fixed
    b.u(1, int(timing.hrd))
    if timing.hrd:
        b.ue(0).u(4, 0).u(4, 0).ue(999).ue(999).u(1, 0)
        b.u(5, 23).u(5, timing.cpb_length - 1).u(5, timing.dpb_length - 1).u(5, timing.time_offset_length)
    b.u(1, 0)  # no VCL HRD parameters
    if timing.hrd:
        b.u(1, 0)  # low_delay_hrd_flag
    b.u(1, int(timing.pic_struct)).u(1, 0)  # no bitstream restriction
    rbsp = b.align().bytes()
    return b"\x67" + escaped(rbsp[:len(rbsp) - cut])


def pps(ident: int = 0, sps_id: int = 0) -> bytes:
    b = Bits().ue(ident).ue(sps_id).u(1, 0).u(1, 0).ue(0).ue(0).ue(0).u(1, 0).u(2, 0).se(0).se(0).se(0)
    b.u(1, 1).u(1, 0).u(1, 0)  # deblocking control present, no constrained intra, no redundant pictures
    return b"\x68" + escaped(b.align().bytes())


def picture(number: int, pps_id: int = 0) -> bytes:
    """An IDR slice of I_PCM macroblocks: raw pixels (16 to 235: never a zero byte), a decoder
    shows them as they are."""
    b = Bits().ue(0).ue(7).ue(pps_id).u(4, 0).ue(number % 2)  # first MB, I slice, PPS, frame 0, IDR id
    b.u(1, 0).u(1, 0).se(0).ue(1)  # reference marking, no QP change, deblocking off
    for mb in range(MBS * MBS):
        b.ue(25)  # I_PCM
        b.u(-len(b.bits) % 8, 0)
        for i in range(384):
            b.u(8, 16 + (number * 37 + mb * 53 + i * 7) % 220)
    return b"\x65" + escaped(b.align().bytes())


@dataclass(frozen=True)
class Clock:
    """A clock timestamp: a time of day (13:37:42, frame 7, a time offset), written in full or
    each value behind its flag."""
    full: bool = True
    hours: int = 13
    minutes: int = 37
    seconds: int = 42
    frame: int = 7
    offset: int = 0x0A0B0C


def pic_timing(timing: Timing, clocks: tuple[Clock | None, ...] = (Clock(),)) -> tuple[bytes, list[tuple[str, int, int]]]:
    """A picture timing payload (pic_struct 0 for one clock, 3 for two, 5 for three) and where its
    time values lie: (name, bit, width)."""
    b, where = Bits(), []

    def value(name: str, width: int, v: int) -> None:
        where.append((name, len(b.bits), width))
        b.u(width, v)

    if timing.hrd:
        b.u(timing.cpb_length, 2).u(timing.dpb_length, 4)
    if timing.pic_struct:
        b.u(4, {1: 0, 2: 3, 3: 5}[len(clocks)])
        for clock in clocks:
            b.u(1, clock is not None)
            if clock is None:
                continue
            b.u(2, 0).u(1, 0).u(5, 0).u(1, int(clock.full)).u(1, 0).u(1, 0)
            value("n_frames", 8, clock.frame)
            if not clock.full:
                b.u(1, 1)
            value("seconds", 6, clock.seconds)
            if not clock.full:
                b.u(1, 1)
            value("minutes", 6, clock.minutes)
            if not clock.full:
                b.u(1, 1)
            value("hours", 5, clock.hours)
            if timing.time_offset_length:
                value("time_offset", timing.time_offset_length, clock.offset & ((1 << timing.time_offset_length) - 1))
    if b.bits and len(b.bits) % 8:
        b.align()
    return b.bytes(), where


def sei(payload: bytes, kind: int = 1) -> bytes:
    return b"\x06" + escaped(bytes([kind, len(payload)]) + payload + b"\x80")


def sample(*nals: bytes) -> bytes:
    return b"".join(struct.pack(">I", len(nal)) + nal for nal in nals)


def avcc(sets: tuple[bytes, ...] = (sps(),), pictures: tuple[bytes, ...] = (pps(),)) -> bytes:
    return box(b"avcC", bytes([1, 66, 0xC0, 30, 0xFF, 0xE0 | len(sets)])
               + b"".join(struct.pack(">H", len(s)) + s for s in sets)
               + bytes([len(pictures)]) + b"".join(struct.pack(">H", len(p)) + p for p in pictures))


def clip(monkeypatch, samples: tuple[bytes, ...], config: bytes = avcc(), kind: bytes = b"avc1") -> bytes:
    """An MP4 whose picture track (`kind`, with the `avcC` box `config`) has `samples`."""
    monkeypatch.setattr(test_video, "SAMPLES", samples)
    return mp4(with_metadata=False, entry=visual_entry(kind, config))


def timing_payloads(data: bytes) -> list[bytes]:
    """The payload of every picture timing message in the clip's media data, as a decoder reads it."""
    found, media, pos = [], media_data(data), 0
    while pos + 4 <= len(media):
        size = int.from_bytes(media[pos:pos + 4], "big")
        nal = media[pos + 4:pos + 4 + size]
        if nal and nal[0] & 0x1F == 6 and h264.rbsp(nal)[0] == 1:
            body = h264.rbsp(nal)
            found.append(body[2:2 + body[1]])
        pos += 4 + size
    return found


def values(payload: bytes, where: list[tuple[str, int, int]]) -> list[tuple[str, int]]:
    """The time values at the places the payload was written with (this file's own reader)."""
    number = int.from_bytes(payload, "big")
    return [(name, (number >> (8 * len(payload) - bit - width)) & ((1 << width) - 1)) for name, bit, width in where]


def other_bits(payload: bytes, where: list[tuple[str, int, int]]) -> int:
    number, total = int.from_bytes(payload, "big"), 8 * len(payload)
    for _, bit, width in where:
        number &= ~(((1 << width) - 1) << (total - bit - width))
    return number


def start_codes(media: bytes) -> list[int]:
    """Where inside a NAL unit of the media data `00 00 00`, `00 00 01` or `00 00 02` lies: a
    decoder would take it for the unit's end (a start code)."""
    found, pos = [], 0
    while pos + 4 <= len(media):
        size = int.from_bytes(media[pos:pos + 4], "big")
        unit = media[pos + 4:pos + 4 + size]
        found += [pos + 4 + i for i in range(len(unit) - 2) if unit[i] == unit[i + 1] == 0 and unit[i + 2] <= 2]
        pos += 4 + size
    return found


CASES = {"full, no HRD": (Timing(), (Clock(),)),
         "full, NAL HRD": (Timing(hrd=True, time_offset_length=20), (Clock(),)),
         "each behind its flag, NAL HRD": (Timing(hrd=True, time_offset_length=24), (Clock(full=False),)),
         "each behind its flag, no offset": (Timing(hrd=True, time_offset_length=0), (Clock(full=False),)),
         "three clocks, one empty, an offset of zeros (escaped)":
             (Timing(hrd=True, time_offset_length=26), (Clock(), None, Clock(full=False, offset=0))),
         "two clocks, offsets of zeros (escaped)": (Timing(hrd=True, time_offset_length=22), (Clock(offset=0), Clock(full=False, offset=0)))}


@pytest.mark.parametrize("timing,clocks", CASES.values(), ids=CASES.keys())
def test_the_clock_time_of_a_picture_timing_message_is_blanked_and_the_rest_kept(monkeypatch, timing, clocks):
    """Every time value (frame, seconds, minutes, hours, offset) becomes the same fixed value in
    every picture (frame 1 at 01:01:01); every other bit of the message, and every other byte of
    each sample, is kept; no start code is formed, escapes stay escapes."""
    payload, where = pic_timing(timing, clocks)
    samples = tuple(sample(sei(payload), picture(n)) for n in range(2))
    data = clip(monkeypatch, samples, avcc((sps(timing),)))
    found = timing_payloads(data)
    written = [(name, v) for c in clocks if c for name, v in (("n_frames", c.frame), ("seconds", c.seconds),
               ("minutes", c.minutes), ("hours", c.hours), ("time_offset", c.offset)) if timing.time_offset_length or v != c.offset]
    assert written[:4] == [("n_frames", 7), ("seconds", 42), ("minutes", 37), ("hours", 13)]
    assert len(found) == 2 and all(values(p, where) == written for p in found)  # control: the time is there
    assert b"\x00\x00\x03" in sei(payload) or all(c is None or c.offset for c in clocks)  # control: an escape in the time
    clean = video.stripped(data, "clip.mp4")
    assert len(clean) == len(data)
    blanked = timing_payloads(clean)
    assert [len(p) for p in blanked] == [len(p) for p in found]  # each message keeps its size
    for before, after in zip(found, blanked):
        assert other_bits(after, where) == other_bits(before, where)  # flags, pic_struct, delays kept
        for (name, old), (_, new) in zip(values(before, where), values(after, where)):
            assert new == 1 if name != "time_offset" else new != old or old == 0, (name, old, new)
    assert values(blanked[0], where) == values(blanked[1], where)  # the same in every picture
    original, cleaned = media_data(data), media_data(clean)
    changed = [i for i in range(len(original)) if original[i] != cleaned[i]]
    units = [original.index(sei(payload)), original.rindex(sei(payload))]
    assert units[0] != units[1] and changed and all(any(at + 3 <= i < at + len(sei(payload)) - 1 for at in units)
                                                    for i in changed)  # only the messages' payloads change
    assert all(picture(n) in cleaned for n in range(2))  # the slices stay byte for byte
    assert start_codes(cleaned) == start_codes(original) == []
    assert cleaned.count(b"\x00\x00\x03") == original.count(b"\x00\x00\x03")
    assert video.stripped(clean, "clip.mp4") == clean and video.metadata_in(clean, "clip.mp4") == []
    assert video.metadata_in(data, "clip.mp4") == ["recording metadata"]


def test_picture_timing_without_a_clock_time_goes_through_byte_for_byte(monkeypatch):
    """What x264 and phones write: timing messages of HRD delays only (no pic_struct), or with a
    pic_struct and no clock timestamp (clock_timestamp_flag 0): nothing in any sample changes."""
    for timing, clocks in ((Timing(hrd=True, pic_struct=False), ()), (Timing(hrd=True), (None, None, None)),
                           (Timing(), (None,))):
        payload, where = pic_timing(timing, clocks or (None,))
        assert payload and not where  # control: a message, with no time in it
        data = clip(monkeypatch, tuple(sample(sei(payload), picture(n)) for n in range(2)), avcc((sps(timing),)))
        assert media_data(video.stripped(data, "clip.mp4")) == media_data(data)


REAL_X264 = Path(__file__).parent / "data/video/h264-hrd-pic-struct.mp4"


def test_a_real_x264_videos_timing_messages_are_read_and_left_as_they_are(monkeypatch):
    """x264 (High profile, --nal-hrd vbr --pic-struct --repeat-headers: HRD parameters and a
    pic_struct in its SPS, which it repeats in the samples) writes a timing message in every
    picture, with no clock timestamp. Each is read to its size with that SPS (the control: the
    gate reads them) and nothing in them changes; its options (user-data messages) are blanked.
    (Made with PyAV's libx264: 10 pictures of 64 x 64, High profile, `x264-params
    nal-hrd=vbr:vbv-maxrate=500:vbv-bufsize=500:pic-struct=1:repeat-headers=1`.)"""
    data = REAL_X264.read_bytes()
    read = []
    real = h264.clock_fields
    monkeypatch.setattr(h264, "clock_fields", lambda payload, timing: read.append(timing) or real(payload, timing))
    clean = video.stripped(data, REAL_X264.name)
    assert len(read) == 10 and read[0].pic_struct and read[0].delay_bits
    original, cleaned = media_data(data), media_data(clean)
    notes = [at for at in range(len(original)) if original.startswith(b"x264 - core", at)]  # (x264 writes it twice)
    changed = [i for i in range(len(original)) if original[i] != cleaned[i]]
    assert changed and all(any(at - 16 <= i < original.index(b"\x00", at) for at in notes) for i in changed)
    assert original.count(b"\x00\x00\x00\x08\x06\x01\x04") == 10  # control: 10 timing messages, untouched


def refused(monkeypatch, samples: tuple[bytes, ...], config: bytes = avcc(), kind: bytes = b"avc1") -> str:
    data = clip(monkeypatch, samples, config, kind)
    with pytest.raises(video.VideoError) as caught:
        video.stripped(data, "clip.mp4")
    message = str(caught.value)
    assert "\n" not in message and "filter_units=remove_types=6" in message  # one line, with how to export
    return message


def test_a_timing_message_the_gate_cannot_read_is_refused(monkeypatch):
    """Default deny: an SPS that cannot be read to its end, a message cut short or not of the size
    its SPS says, a picture whose PPS or SPS is not there: refused in one line, never guessed at."""
    payload, _ = pic_timing(Timing())
    good = (sample(sei(payload), picture(0)),)
    assert video.stripped(clip(monkeypatch, good), "clip.mp4")  # control: the same clip, readable
    for broken in (sps(cut=1), b"\x67"):  # an SPS cut short, one without its id: refused whether a message needs it or not
        with pytest.raises(video.VideoError, match=r"^an H.264 sequence parameter set \(SPS\) in the configuration "
                                                   r"\('avcC'\) that Hromada cannot read to its last bit .*-c:v libx264"):
            video.stripped(clip(monkeypatch, good, avcc((broken,))), "clip.mp4")
    cut = b"\x06" + escaped(bytes([1, len(payload) + 5]) + payload + b"\x80")  # states 5 bytes more than it has
    assert "cut short" in refused(monkeypatch, (sample(cut, picture(0)),))
    longer = sei(payload + b"\x55")  # a byte more than its fields: written for another SPS than this
    assert "cannot read (does not end where its fields do)" in refused(monkeypatch, (sample(longer, picture(0)),))
    assert "without the parameter sets" in refused(monkeypatch, good, avcc(pictures=(pps(sps_id=1),)))
    assert "without the parameter sets" in refused(monkeypatch, (sample(sei(payload), picture(0, pps_id=3)),))
    no_struct = avcc((sps(Timing(pic_struct=False)),))  # its SPS says no clock can be there; the message has one
    assert "does not end where its fields do" in refused(monkeypatch, good, no_struct)
    assert "reserved pic_struct" in refused(monkeypatch, (sample(sei(b"\xf0"), picture(0)),))


def test_a_clock_time_that_cannot_be_blanked_without_a_start_code_is_refused(monkeypatch):
    """Were the values blanked as zeros, 49 zero bits in a row would form `00 00 00` (a decoder
    cuts the unit there): the gate checks what it wrote and refuses rather than publish that."""
    payload, _ = pic_timing(Timing())
    data = clip(monkeypatch, (sample(sei(payload), picture(0)),))
    assert video.stripped(data, "clip.mp4")  # control: with the gate's own values it blanks
    monkeypatch.setattr(h264, "blank_value", lambda clock: 0)
    assert "cannot be blanked in place" in refused(monkeypatch, (sample(sei(payload), picture(0)),))


def test_the_sps_a_picture_uses_is_the_one_its_slice_names_in_the_sample_or_its_configuration(monkeypatch):
    """Several SPSs: the one read is the one whose PPS the picture's slice names, the latest one
    of that id (avc3 keeps them in the samples, where one may replace the configuration's). Read
    with the other SPS, the message would hold no clock at all; without a slice to tell which,
    SPSs that read the message differently make the file refused."""
    timing = Timing(hrd=True, time_offset_length=20)
    payload, where = pic_timing(timing)
    plain, timed = sps(Timing(pic_struct=False), ident=0), sps(timing, ident=1)
    two = avcc((plain, timed), (pps(0, 0), pps(1, 1)))
    cases = {"configuration": (two, b"avc1", (sample(sei(payload), picture(0, pps_id=1)),)),
             "sample": (avcc((), ()), b"avc3", (sample(timed, pps(1, 1), sei(payload), picture(0, pps_id=1)),)),
             "sample replacing configuration": (avcc((sps(Timing(pic_struct=False), ident=1),), (pps(1, 1),)), b"avc3",
                                                (sample(timed, sei(payload), picture(0, pps_id=1)),))}
    for name, (config, kind, samples) in cases.items():
        data = clip(monkeypatch, samples, config, kind)
        clean = video.stripped(data, "clip.mp4")
        assert [v for _, v in values(timing_payloads(clean)[0], where)][:4] == [1, 1, 1, 1], name
        assert values(timing_payloads(data)[0], where)[:4] == [("n_frames", 7), ("seconds", 42), ("minutes", 37), ("hours", 13)]
    assert "cannot be told from another" in refused(monkeypatch, (sample(sei(payload)),), two)
    assert video.stripped(clip(monkeypatch, (sample(sei(payload)),), avcc((timed,), (pps(1, 1),))), "clip.mp4")


#: Decodes an Annex B H.264 stream (stdin) with FFmpeg's decoder through PyAV; prints, for each
#: picture, a hash of its pixels and the clock times the decoder read (its S12M time code side data).
DECODE = r"""
import hashlib, json, sys, av
ctx, out = av.CodecContext.create("h264", "r"), []
for packet in ctx.parse(sys.stdin.buffer.read()) + ctx.parse(None) + [None]:
    for frame in ctx.decode(packet):
        times = []
        for side in frame.side_data:
            if str(side.type).endswith("S12M_TIMECODE"):
                raw = bytes(side)
                words = [int.from_bytes(raw[i:i + 4], sys.byteorder) for i in range(0, len(raw), 4)]
                times += [[(w >> 4 & 3) * 10 + (w & 15), (w >> 12 & 7) * 10 + (w >> 8 & 15),
                           (w >> 20 & 7) * 10 + (w >> 16 & 15), (w >> 28 & 3) * 10 + (w >> 24 & 15)]
                          for w in words[1:1 + words[0]]]
        out.append([hashlib.sha256(b"".join(bytes(p) for p in frame.planes)).hexdigest(), times])
print(json.dumps(out))
"""


def pyav_python() -> str | None:
    """A Python that has PyAV (HROMADA_PYAV_PYTHON, or a venv in /tmp/avenv), or None."""
    for python in (os.environ.get("HROMADA_PYAV_PYTHON"), "/tmp/avenv/bin/python"):
        if python and Path(python).exists() and subprocess.run([python, "-c", "import av"], capture_output=True).returncode == 0:
            return python
    return None


def decoded(python: str, data: bytes, config: tuple[bytes, ...]) -> list[list]:
    """What FFmpeg's decoder makes of the clip's picture: its parameter sets, then its samples, as Annex B."""
    stream, media, pos = b"", media_data(data), 0
    for nal in config:
        stream += b"\x00\x00\x00\x01" + nal
    while pos + 4 <= len(media):
        size = int.from_bytes(media[pos:pos + 4], "big")
        stream, pos = stream + b"\x00\x00\x00\x01" + media[pos + 4:pos + 4 + size], pos + 4 + size
    run = subprocess.run([python, "-c", DECODE], input=stream, capture_output=True, check=True)
    return json.loads(run.stdout)


@pytest.mark.parametrize("timing,clocks", CASES.values(), ids=CASES.keys())
def test_a_real_decoder_shows_the_same_pictures_and_reads_no_clock_time_after_blanking(monkeypatch, timing, clocks):
    """FFmpeg's H.264 decoder (through PyAV) reads the clock time (its S12M time code) 13:37:42
    frame 7 from the input (the control) and 01:01:01 frame 1 from the output, and decodes both
    to the same pictures (each hashed over its pixels)."""
    python = pyav_python()
    if python is None:
        pytest.skip("PyAV is not installed (set HROMADA_PYAV_PYTHON to a Python that has it)")
    payload, _ = pic_timing(timing, clocks)
    data = clip(monkeypatch, tuple(sample(sei(payload), picture(n)) for n in range(2)), avcc((sps(timing),)))
    before = decoded(python, data, (sps(timing), pps()))
    after = decoded(python, video.stripped(data, "clip.mp4"), (sps(timing), pps()))
    assert len(before) == 2 and before[0][0] != before[1][0]  # control: two pictures, told apart
    assert [picture for picture, _ in after] == [picture for picture, _ in before]
    assert all(times and all(t == [13, 37, 42, 7] for t in times) for _, times in before)  # control
    assert all(times and all(t == [1, 1, 1, 1] for t in times) for _, times in after)


def test_a_message_nesting_others_for_a_layer_or_view_is_refused(monkeypatch):
    """SVC's and MVC's nesting messages (30, 37) can carry a picture timing message (a clock) or
    user data for a view of a 3D camcorder's video: the gate does not read inside them, so a
    picture holding one is refused; a recovery point message (6) in its place goes (the control)."""
    inner = bytes([1, 2]) + pic_timing(Timing(pic_struct=False, hrd=True))[0]
    assert video.stripped(clip(monkeypatch, (sample(sei(b"\x84", kind=6), picture(0)),)), "clip.mp4")
    for kind in (30, 37):
        assert f"nesting others for a layer or view ({kind}" in refused(monkeypatch, (sample(sei(b"\x80" + inner, kind), picture(0)),))


def test_a_real_decoder_shows_the_same_pictures_after_unknown_messages_and_filler_are_blanked(monkeypatch):
    """FFmpeg's H.264 decoder (through PyAV) decodes the same pictures from a clip whose samples
    hold a message of a reserved type (99), one the gate does not keep (tone mapping, 23), a
    filler message and a filler data unit, each with a serial number, before and after the gate
    blanked them (controls: the marks are in the input, gone from the output; two pictures)."""
    python = pyav_python()
    if python is None:
        pytest.skip("PyAV is not installed (set HROMADA_PYAV_PYTHON to a Python that has it)")
    mark = b"canaryserialzq 4711 \x00\x00\x01 +50.4501+030.5234"
    filler = mark.replace(b"\x00", b"-")  # (a filler holding `00 00` would be refused: see test_video)
    samples = tuple(sample(sei(mark, kind=99), sei(mark, kind=23), sei(b"\xff" * 3 + filler, kind=3),
                           b"\x0c" + filler + b"\x80", picture(n)) for n in range(2))
    assert_same_pictures_once_blanked(python, clip(monkeypatch, samples))


def assert_same_pictures_once_blanked(python: str, data: bytes) -> None:
    """The gate takes every mark out of a two-picture clip holding 8 of them, at the same length,
    and FFmpeg decodes the same pictures before and after (control: two pictures, told apart)."""
    clean = video.stripped(data, "clip.mp4")
    assert data.count(b"canaryserialzq") == 8 and b"canaryserialzq" not in clean and len(clean) == len(data)
    before, after = decoded(python, data, (sps(), pps())), decoded(python, clean, (sps(), pps()))
    assert len(before) == 2 and before[0][0] != before[1][0]
    assert [picture for picture, _ in after] == [picture for picture, _ in before]


def test_a_real_decoder_shows_the_same_pictures_after_units_of_unread_types_are_blanked(monkeypatch):
    """FFmpeg's H.264 decoder (through PyAV) decodes the same pictures from a clip whose samples
    hold a delimiter with bytes past its fields and units of a reserved (16) and unspecified (24,
    31) type, each with a serial number, before and after the gate blanked them (controls: the
    marks are in the input, gone from the output; two pictures, told apart)."""
    python = pyav_python()
    if python is None:
        pytest.skip("PyAV is not installed (set HROMADA_PYAV_PYTHON to a Python that has it)")
    mark = escaped(b"canaryserialzq 4711 \x00\x00\x01 +50.4501+030.5234") + b"\x80"
    samples = tuple(sample(b"\x09\xf0" + mark, bytes([16]) + mark, bytes([24]) + mark, bytes([31]) + mark, picture(n))
                    for n in range(2))
    assert_same_pictures_once_blanked(python, clip(monkeypatch, samples))


def test_bytes_past_an_sps_trailing_bits_are_refused_in_the_configuration_and_in_a_picture(monkeypatch):
    """An SPS ends with its trailing bits; FFmpeg reads its fields and stops, so bytes a writer
    added past them (a serial number) were published, in the `avcC` and in a picture's own SPS
    (avc3, or a new SPS in a sample). They cannot be blanked as the standard writes an SPS (its
    last byte holds the stop bit), and copying keeps them: refused in one line, with how to encode
    the picture anew. Controls: the same SPS without them goes through, in both places, and so
    does one followed by zero bytes only (what some writers leave: no data)."""
    mark = b"canaryspszq 4711"
    for good in (sps(), sps() + b"\x00\x00"):
        assert video.stripped(clip(monkeypatch, (sample(picture(0)),), avcc((good,))), "clip.mp4")
        assert video.stripped(clip(monkeypatch, (sample(good, pps(), picture(0)),), kind=b"avc3"), "clip.mp4")
    for data in (clip(monkeypatch, (sample(picture(0)),), avcc((sps() + mark,))),
                 clip(monkeypatch, (sample(sps() + mark, pps(), picture(0)),), kind=b"avc3")):
        with pytest.raises(video.VideoError, match=r"^an H.264 sequence parameter set \(SPS\) in the (configuration "
                                                   r"\('avcC'\)|picture) that Hromada cannot read to its last bit "
                                                   r"\(does not end where its fields do\); .*-c:v libx264 -c:a copy out.mp4$"):
            video.stripped(data, "clip.mp4")
