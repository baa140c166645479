"""H.264 read bit by bit, as far as the video gate needs: the sequence parameter set (SPS) up to
what it says about picture timing, the picture parameter set's and a slice's references to them,
and where a picture timing SEI message keeps its clock time (ITU-T H.264 7.3.2, 7.3.3, D.1.3, E.1).

A picture timing message (SEI payload type 1) can carry clock timestamps: a camcorder writes the
time of day of the recording there (hours, minutes, seconds, a frame count and an offset). How
long its fields are, and whether a clock timestamp can be there at all, is said only by the SPS
the picture uses (its VUI: pic_struct_present_flag, the HRD's delay and offset lengths). Nothing
here guesses: what cannot be read to the last bit raises H264Error, and the gate refuses the file.
Every function takes the RBSP (the NAL unit's bytes after its header, escapes removed).
"""
from __future__ import annotations

from dataclasses import dataclass


class H264Error(Exception):
    """Bits that do not read as the H.264 structure they should be."""


class _Bits:
    """A reader of an RBSP's bits, the first bit the highest (H.264 7.2: u(n), ue(v), se(v))."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos, self.total = data, 0, 8 * len(data)

    def u(self, n: int) -> int:
        if self.pos + n > self.total:
            raise H264Error("cut short")
        value = 0
        for _ in range(n):  # (fields are short; parameter sets and messages are tens of bytes)
            value = (value << 1) | (self.data[self.pos >> 3] >> (7 - (self.pos & 7))) & 1
            self.pos += 1
        return value

    def ue(self) -> int:
        zeros = 0
        while not self.u(1):
            zeros += 1
            if zeros > 31:  # no H.264 value this gate reads is that long: not what it should be
                raise H264Error("an Exp-Golomb code longer than 32 bits")
        return (1 << zeros) - 1 + self.u(zeros)

    def se(self) -> int:
        k = self.ue()
        return (k + 1) // 2 if k % 2 else -(k // 2)

    def trailing(self) -> None:
        """rbsp_trailing_bits: a one, then zeros to the end; anything else means a misread."""
        if self.u(1) != 1 or any(self.u(1) for _ in range(self.total - self.pos)):
            raise H264Error("does not end where its fields do")


def rbsp(nal: bytes) -> bytes:
    """A NAL unit's payload as the decoder reads it: after its one-byte header, every `03` that
    follows two zero bytes (an emulation prevention byte) removed (H.264 7.4.1)."""
    out, zeros = bytearray(), 0
    for byte in nal[1:]:
        if zeros >= 2 and byte == 3:
            zeros = 0
            continue
        out.append(byte)
        zeros = zeros + 1 if byte == 0 else 0
    return bytes(out)


@dataclass(frozen=True)
class PictureTiming:
    """What an SPS says about its pictures' timing messages: how many bits of CPB and DPB delays
    lead them (0 without HRD parameters: CpbDpbDelaysPresentFlag 0), whether a pic_struct and
    clock timestamps follow (pic_struct_present_flag), and how long a clock timestamp's time offset
    is (time_offset_length; 24 when the SPS has no HRD parameters, E.2.2)."""
    delay_bits: int
    pic_struct: bool
    time_offset_length: int


#: Profiles whose SPS says its chroma format, bit depths and scaling matrices (7.3.2.1.1).
_HIGH_PROFILES = {100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135}


def sps_id(sps: bytes) -> int:
    """The id of the SPS whose RBSP is `sps` (after profile, constraints and level)."""
    bits = _Bits(sps)
    bits.u(24)
    return bits.ue()


def _skip_scaling_list(bits: _Bits, size: int) -> None:
    last = following = 8
    for _ in range(size):
        if following:
            following = (last + bits.se() + 256) % 256
        last = following or last


def _hrd(bits: _Bits) -> tuple[int, int, int]:
    """hrd_parameters (E.1.2): (cpb_removal_delay length, dpb_output_delay length, time_offset_length)."""
    count = bits.ue() + 1
    if count > 32:
        raise H264Error("more than 32 CPB specifications")
    bits.u(8)  # bit_rate_scale, cpb_size_scale
    for _ in range(count):
        bits.ue(), bits.ue(), bits.u(1)  # bit rate, CPB size, cbr_flag
    bits.u(5)  # initial_cpb_removal_delay_length_minus1
    return bits.u(5) + 1, bits.u(5) + 1, bits.u(5)


def sps_timing(sps: bytes) -> PictureTiming:
    """Read an SPS (its RBSP) to its last bit and say what its pictures' timing messages hold.
    An SPS that does not end where its fields do (trailing bits) is not trusted: H264Error."""
    bits = _Bits(sps)
    profile = bits.u(8)
    bits.u(16)  # constraint flags, level
    bits.ue()  # seq_parameter_set_id
    if profile in _HIGH_PROFILES:
        chroma = bits.ue()
        if chroma == 3:
            bits.u(1)  # separate_colour_plane_flag
        bits.ue(), bits.ue(), bits.u(1)  # bit depths, qpprime_y_zero_transform_bypass_flag
        if bits.u(1):  # seq_scaling_matrix_present_flag
            for i in range(8 if chroma != 3 else 12):
                if bits.u(1):
                    _skip_scaling_list(bits, 16 if i < 6 else 64)
    bits.ue()  # log2_max_frame_num_minus4
    order = bits.ue()
    if order == 0:
        bits.ue()
    elif order == 1:
        bits.u(1), bits.se(), bits.se()
        cycle = bits.ue()
        if cycle > 255:
            raise H264Error("a picture order cycle longer than 255")
        for _ in range(cycle):
            bits.se()
    elif order != 2:
        raise H264Error("an unknown picture order count type")
    bits.ue(), bits.u(1), bits.ue(), bits.ue()  # reference frames, gaps, width, height
    if not bits.u(1):  # frame_mbs_only_flag
        bits.u(1)
    bits.u(1)  # direct_8x8_inference_flag
    if bits.u(1):  # frame_cropping_flag
        bits.ue(), bits.ue(), bits.ue(), bits.ue()
    timing = PictureTiming(0, False, 24)
    if bits.u(1):  # vui_parameters_present_flag
        timing = _vui(bits)
    bits.trailing()
    return timing


def _vui(bits: _Bits) -> PictureTiming:
    """vui_parameters (E.1.1), to its end."""
    if bits.u(1) and bits.u(8) == 255:  # aspect ratio; 255: written out
        bits.u(32)
    if bits.u(1):  # overscan_info_present_flag
        bits.u(1)
    if bits.u(1):  # video_signal_type_present_flag
        bits.u(4)
        if bits.u(1):  # colour_description_present_flag
            bits.u(24)
    if bits.u(1):  # chroma_loc_info_present_flag
        bits.ue(), bits.ue()
    if bits.u(1):  # timing_info_present_flag
        bits.u(32), bits.u(32), bits.u(1)
    hrds = [_hrd(bits) for _ in range(2) if bits.u(1)]  # NAL, then VCL HRD parameters
    if len(set(hrds)) > 1:  # which one a decoder reads the message with is its own choice
        raise H264Error("NAL and VCL HRD parameters that disagree on the timing fields")
    if hrds:
        bits.u(1)  # low_delay_hrd_flag
    pic_struct = bool(bits.u(1))
    if bits.u(1):  # bitstream_restriction_flag
        bits.u(1)
        for _ in range(6):
            bits.ue()
    cpb, dpb, offset = hrds[0] if hrds else (0, 0, 24)
    return PictureTiming(cpb + dpb, pic_struct, offset)


def pps_ids(pps: bytes) -> tuple[int, int]:
    """(its own id, its SPS's id) of a picture parameter set's RBSP."""
    bits = _Bits(pps)
    return bits.ue(), bits.ue()


def slice_pps_id(slice_: bytes) -> int:
    """The picture parameter set a slice (its RBSP) uses: after first_mb_in_slice and slice_type."""
    bits = _Bits(slice_)
    bits.ue(), bits.ue()
    return bits.ue()


#: How many clock timestamps a picture timing message holds, by pic_struct (Table D-1: a frame,
#: a field, two fields, three with one repeated, a frame doubled or tripled); 9-15 are reserved.
_CLOCK_TIMESTAMPS = (1, 1, 1, 2, 2, 3, 3, 2, 3)


@dataclass(frozen=True)
class ClockField:
    """One value of a clock timestamp: where it lies in the message (bit offset) and how wide it is."""
    name: str
    bit: int
    width: int


def clock_fields(payload: bytes, timing: PictureTiming) -> list[ClockField]:
    """The time values (n_frames, seconds, minutes, hours, time_offset) of every clock timestamp
    in a picture timing message's payload (D.1.3), read with the timing its SPS gives. The
    message must end where its fields do (only its alignment bits after them, in its last byte):
    one that does not was written for other timing than this, and is not guessed at."""
    bits, found = _Bits(payload), []

    def field(name: str, width: int) -> None:
        found.append(ClockField(name, bits.pos, width))
        bits.u(width)

    bits.u(timing.delay_bits)  # cpb_removal_delay, dpb_output_delay
    if timing.pic_struct:
        kind = bits.u(4)
        if kind >= len(_CLOCK_TIMESTAMPS):
            raise H264Error(f"a reserved pic_struct ({kind})")
        for _ in range(_CLOCK_TIMESTAMPS[kind]):
            if not bits.u(1):  # clock_timestamp_flag
                continue
            bits.u(8)  # ct_type, nuit_field_based_flag, counting_type
            full = bits.u(1)
            bits.u(2)  # discontinuity_flag, cnt_dropped_flag
            field("n_frames", 8)
            if full:
                field("seconds", 6), field("minutes", 6), field("hours", 5)
            elif bits.u(1):  # each behind its flag: seconds, then minutes, then hours
                field("seconds", 6)
                if bits.u(1):
                    field("minutes", 6)
                    if bits.u(1):
                        field("hours", 5)
            if timing.time_offset_length:
                field("time_offset", timing.time_offset_length)
    if (bits.pos + 7) // 8 != len(payload):
        raise H264Error("does not end where its fields do")
    return found


def blank_value(clock: ClockField) -> int:
    """What a time value becomes: the same for every picture of every file, so it says nothing of
    the recording: frame 1 at 01:01:01, and a time offset whose every byte (from the lowest) is 1.
    Not zero: dozens of zero bits in a row would form `00 00 0x` sequences (a start code) that the
    message's bytes, kept in place and size, cannot escape. Every value is within its range."""
    if clock.name == "time_offset":
        return sum(1 << shift for shift in range(0, clock.width, 8))
    return 1


#: SEI messages (H.264 D.1 and H.265 D.2, the same numbers in both) whose fields sei_fields_bits
#: reads without any parameter set: pan-scan rectangle (2), recovery point (6), film grain (19),
#: frame packing (45), display orientation (47) and, in H.265, decoded picture hash (132).
SEI_FIELDS_READ = frozenset({2, 6, 19, 45, 47, 132})


def sei_fields_bits(kind: int, payload: bytes, hevc: bool) -> int:
    """How many bits the fields of the SEI message of type `kind` (in SEI_FIELDS_READ) take at
    the start of its payload (its bytes as the decoder reads them), H.264's syntax or H.265's
    (`hevc`). What lies after them is no field a player reads: alignment bits, or what H.265 calls
    a payload extension, or bytes a writer added. H264Error when the payload does not hold the
    fields (it is then not the message it says it is). A decoded picture hash has one component
    or three, as its SPS says (monochrome or not): the longer one the payload holds is taken."""
    bits = _Bits(payload)
    if kind == 6:  # recovery point: a count, exact_match, broken_link (H.264: changing_slice_group_idc)
        bits.se() if hevc else bits.ue()
        bits.u(2 if hevc else 4)
    elif kind == 2:  # pan-scan rectangle: an id, a cancel flag, up to 3 rectangles, a period or persistence
        bits.ue()
        if not bits.u(1):
            count = bits.ue() + 1
            if count > 3:
                raise H264Error("more than 3 pan-scan rectangles")
            for _ in range(4 * count):
                bits.se()
            bits.u(1) if hevc else bits.ue()
    elif kind == 19:  # film grain characteristics
        if not bits.u(1):
            bits.u(2)  # film_grain_model_id
            if bits.u(1):  # separate_colour_description_present_flag
                bits.u(31)
            bits.u(6)  # blending_mode_id, log2_scale_factor
            present = [bits.u(1) for _ in range(3)]
            for component in present:
                if component:
                    intervals, values = bits.u(8) + 1, bits.u(3) + 1
                    if values > 6:
                        raise H264Error("more than 6 film grain model values")
                    for _ in range(intervals):
                        bits.u(16)  # the interval's bounds
                        for _ in range(values):
                            bits.se()
            bits.u(1) if hevc else bits.ue()
    elif kind == 45:  # frame packing arrangement
        bits.ue()
        if not bits.u(1):
            kind_, quincunx = bits.u(7), bits.u(1)
            bits.u(12)  # content_interpretation_type, six flags
            if not quincunx and kind_ != 5:
                bits.u(16)  # the frames' grid positions
            bits.u(8)  # frame_packing_arrangement_reserved_byte
            bits.u(1) if hevc else bits.ue()
        bits.u(1)  # H.264's extension flag, H.265's upsampled_aspect_ratio_flag
    elif kind == 47:  # display orientation: flips, a rotation, a period and extension flag (H.264) or persistence
        if not bits.u(1):
            bits.u(18)
            if not hevc:
                bits.ue()
            bits.u(1)
    elif kind == 132 and hevc:  # decoded picture hash: its type, then MD5, CRC or checksum per component
        kind_ = bits.u(8)
        if kind_ > 2:
            raise H264Error(f"a reserved picture hash type ({kind_})")
        size = (16, 2, 4)[kind_]
        if len(payload) < 1 + size:
            raise H264Error("cut short")
        return 8 * (1 + size * (3 if len(payload) >= 1 + 3 * size else 1))
    else:
        raise H264Error(f"an SEI message of type {kind} whose fields are not read")
    return bits.pos
