"""Strip metadata from published video (MP4 and WebM) without re-encoding it.

Phones, action cameras, drones and dashcams write where and when a clip was
recorded into the file: MP4's `udta/©xyz` GPS atom, XMP packets, `meta` boxes,
vendor boxes (`gps `), handler names, creation times, and whole tracks of
timed data (GoPro's GPMF, DJI's telemetry, subtitles with coordinates);
WebM's Tags, Chapters, titles, muxing and writing applications, dates, and
data added beside a picture's block (BlockAdditions).

Default deny: only the structures a player needs are kept, by name (an
allow-list per container); every other box or element is overwritten by a
padding element of exactly the same size (MP4 `free`, Matroska `Void`) and
every padding's content is zeroed, so no offset in the file changes and the
video plays as before. Names and times inside the kept structures are blanked:
handler names, data references (an editor's export may name its source file
there), a picture track's compressor name (cameras write their model there),
and a sound track's vendor boxes.
A track that is not picture or sound is refused, not blanked: its samples sit
among the picture's and sound's, where only re-muxing can take them out. The
media data itself is default deny too: every byte of an MP4's `mdat` that is
no sample of a picture or sound track (a camera's thumbnail or GPS log left
between the samples, an edited file's leftovers) is zeroed; the samples are
found from the sample tables (`stsz`/`stz2`, `stsc`, `stco`/`co64`) and, in
fragmented files, from each fragment's `tfhd` and `trun`. Inside the samples of
an H.264 or H.265 picture (and in an H.265 configuration box, `hvcC` or
`lhvC`, where x265 writes its options), the "user data" SEI messages (a camera's
model, GPS and times; an encoder's options) are blanked byte for byte, escapes kept, so the
picture decodes as before; so is H.265's time code message, and in H.264's
picture timing messages the clock timestamps' values (a camcorder's time of day)
become one fixed time, read with the picture's SPS (hromada/h264.py; a message
that SPS does not read to its size, or without a readable SPS, is refused, as
is H.264's SVC, MVC or MVCD nesting message, which can carry either inside, and
H.265's nesting messages and those with free text or bytes: _HEVC_UNREAD).
Every other SEI message is blanked too but for a short list of numeric ones a
player uses (_SEI_KEEP), and of those only their fields are kept: the bytes
past them are blanked (_kept_fields; the HRD's buffering period and H.265's
picture timing, read only with parameter sets, are kept whole). The NAL units
themselves are default deny (_clean_unit): only the types a decoder reads for the
picture are kept (slices, parameter sets); a unit of a reserved or unspecified
type (decoders ignore them, so any bytes could sit there; Dolby Vision's RPU and
enhancement layer among them) is blanked in place, its header and size kept; a
delimiter or end unit keeps its fields only; H.264's SVC, MVC, 3D-AVC and
auxiliary (alpha) pictures, which no browser shows, are refused, as is an H.264
SPS (in the `avcC` or a picture) that does not read to its last bit: bytes past
its trailing bits are no field, and cannot be blanked as the standard writes one. An
H.264 or H.265 picture track without its configuration box (`avcC`, `hvcC`: the
size of each unit's length), or with one the build cannot read, is refused:
its samples could not be read as a player reads them. The configuration box is
read to its last byte: it may hold only the parameter sets of its arrays' types
(`avcC`: SPS, PPS, SPS extensions; `hvcC`, `lhvC`: VPS, SPS, PPS and SEI), and
no byte its fields do not account for; anything else is refused (FFmpeg copies
the box as it is: the picture must be encoded anew). Its reserved bits are
written as the standard writes them (1; an `hvcC` array's, 0). A
file whose structure cannot be read completely, or whose samples lie outside
its media data or are not whole NAL units, or that has two boxes where one
belongs (_MP4_ONCE), is refused, never copied as it is.
AV1 pictures (in MP4 or WebM) keep the OBUs a decoder reads as the picture,
but every other OBU (metadata, padding, reserved types) becomes padding, zeroed;
an AV1 configuration must start as version 1 does (its marker bit set), or
FFmpeg would read it as OBUs from its first byte. VP8 and VP9 pictures have no
place for free data; their configuration's unused initialization data (MP4
`vpcC`) and what a WebM CodecPrivate holds beside VP9's features are zeroed.
Reserved bits of the configuration records are written as their standards
write them. A picture of any other codec (Motion JPEG, whose every frame is a
JPEG with its EXIF; MPEG-4 Part 2; ProRes ...) is refused: default deny.

Sound is default deny too. Published are AAC (MP4 `mp4a`, WebM `A_AAC`), Opus,
FLAC, PCM (`ipcm`, `fpcm`, `lpcm`, `sowt`, `twos`, `raw `, `in24`, `in32`,
`fl32`, `fl64`; WebM `A_PCM/...`) and, in WebM, Vorbis; any other sound is
refused with one line naming it and how to export (with AAC or Opus sound, or
none), as is a sound track with sample entries of two codecs. What each can
carry beside the sound, and what is done with it:
- AAC: `mp4a` is a family, so its `esds` is read whole: one stream descriptor
  (no URL), the decoder's configuration of an AAC object type (0x40 MPEG-4
  audio, 0x66-0x68 MPEG-2 AAC; MP3 and MP2 as 0x69/0x6B, AC-3, Vorbis ... are
  refused) and the sync settings, no other descriptor (IPI, language and
  extension descriptors hold text). Its AudioSpecificConfig must be AAC Main,
  LC, SSR or LTP, maybe inside HE-AAC (v2); it is read to its last bit and every
  bit after that is zeroed. A program configuration (channel configuration 0) is
  refused: it has a free comment field. In the samples (raw data blocks), data
  stream and fill elements before the first sound element are zeroed (FFmpeg
  writes "Lavc..." in one). **Not found**: data stream and fill elements, and
  program configurations, after a sound element. A sound element has no length;
  finding its end means decoding its spectral data (Huffman codes), which the
  build does not do, so such elements are published as they are. Common encoders
  write none there; a tool that wants to hide data in an AAC file can.
- Opus (MP4 `dOps`, WebM `OpusHead`): the configuration's bytes after its
  fields are zeroed. A packet's padding (RFC 6716, 3.2.5: bytes a decoder must
  accept whatever they hold) is zeroed in place, in every stream of a
  multistream (surround) packet; a packet whose lengths run past its end is
  refused. (Opus 1.5 carries extensions, like DRED's redundancy for lost
  packets, in padding: a file needs none.)
- FLAC: the configuration's blocks but STREAMINFO and SEEKTABLE become padding;
  a sample starting with FLAC's stream mark (metadata blocks a decoder skips)
  is refused. Frames hold only sound.
- Vorbis (WebM): the comment header's vendor and tags (LOCATION, DATE, TITLE)
  are taken out; a block that is a header packet (a decoder skips it) is refused.
- PCM: every byte is a sound value; there is no place for free data.
Refused, and why: MP3 and MP2 (a sample may be an ID3 tag a decoder skips, a
frame has ancillary data, encoders write a LAME/Xing tag frame), AC-3 and
E-AC-3 (addbsi and auxdata are free data under the frame's checksums), ALAC
(data stream elements, as AAC's), AMR, DTS, MPEG-H, USAC, encrypted sound and
the rest (not read). A WebM track whose blocks are compressed or encrypted
(ContentEncodings) is refused: its frames cannot be read. Laced WebM sound
blocks (several frames in one) are read frame by frame.

For no codec, picture or sound, does the build find bytes a decoder never reads
inside a frame's coded data (past its end, or steganography): that takes
decoding. What it finds are the places a format sets aside for free data.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import shutil
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import h264

VIDEO_SUFFIXES = frozenset({".mp4", ".webm"})

#: MP4 boxes a player needs, per container (b"" is the file's top level); any other box is blanked
#: (`prft` too: a live encoder's wall-clock time of the recording, which no player needs).
_MP4_KEEP = {
    b"": {b"ftyp", b"styp", b"moov", b"mdat", b"moof", b"mfra", b"sidx", b"ssix"},
    b"moov": {b"mvhd", b"trak", b"mvex"},
    b"trak": {b"tkhd", b"tref", b"trgr", b"edts", b"mdia"},
    b"edts": {b"elst"},
    b"mdia": {b"mdhd", b"hdlr", b"minf", b"elng"},
    b"minf": {b"vmhd", b"smhd", b"hmhd", b"nmhd", b"sthd", b"dinf", b"stbl"},
    b"dinf": {b"dref"},
    b"stbl": {b"stsd", b"stts", b"ctts", b"cslg", b"stsc", b"stsz", b"stz2", b"stco", b"co64", b"stss", b"stsh",
              b"padb", b"stdp", b"sdtp", b"sbgp", b"sgpd", b"subs", b"saiz", b"saio"},
    b"mvex": {b"mehd", b"trex", b"leva"},
    b"moof": {b"mfhd", b"traf"},
    b"traf": {b"tfhd", b"tfdt", b"trun", b"sbgp", b"sgpd", b"subs", b"saiz", b"saio", b"sdtp"},
    b"mfra": {b"tfra", b"mfro"},
}
#: Boxes that may be in their container once (each group: one of them, once): the build reads the
#: first, and a player could read another (a second `stsd` whose entry has no configuration, a
#: `co64` beside the `stco` placing the samples elsewhere), so a file with two is refused.
_MP4_ONCE = {
    b"": ({b"moov"},),
    b"trak": ({b"tkhd"}, {b"mdia"}),
    b"mdia": ({b"mdhd"}, {b"hdlr"}, {b"minf"}),
    b"minf": ({b"stbl"},),
    b"stbl": ({b"stsd"}, {b"stsz", b"stz2"}, {b"stsc"}, {b"stco", b"co64"}),
    b"traf": ({b"tfhd"},),
}
#: Boxes a picture track's sample description (avc1, hvc1 ...) may hold: codec configuration,
#: pixel shape, colour, bit rate, 3D and 360 degree layout; any other (a vendor's box) is blanked.
#: Each kept box keeps its fields only (_visual_box). Blanked too, as no picture the gate publishes
#: needs them: `glbl`, `esds` and `d263` (raw codec headers of codecs the gate refuses; FFmpeg takes
#: a `glbl` or `esds` in an `avc1` entry as the codec's configuration in place of the `avcC`, so
#: bytes the gate never read would reach the decoder); `chrm` and `cclv` (informative colour notes
#: no player needs); and Dolby Vision's `dvcC`, `dvvC`, `dvwC`, whose per-picture metadata (RPU:
#: H.265 NAL units of type 62, AV1 metadata OBUs) the gate does not read and blanks, so the picture
#: is published as its base layer (HDR10, HLG or SDR), as every player without Dolby Vision shows it.
_VISUAL_KEEP = {b"avcC", b"hvcC", b"av1C", b"vpcC", b"lhvC", b"pasp", b"colr", b"clli", b"mdcv", b"amve", b"btrt",
                b"clap", b"fiel", b"gama", b"st3d", b"sv3d"}
#: How many bytes the fields of a kept visual box take (ISO/IEC 14496-12 12.1.4 `pasp`, `clap`,
#: 8.5.2.2 `btrt`, 12.1.6 `clli`, `mdcv`, 12.1.7 `amve`; QuickTime's `fiel`, `gama`; Google's
#: spherical video V2 `st3d` and, inside `sv3d`, `prhd`, `equi`, `cbmp`, each a FullBox). Bytes past
#: them are no field a player reads: they are zeroed in place (a box cut short is blanked whole).
_VISUAL_FIELDS = {b"pasp": 8, b"clap": 32, b"btrt": 12, b"clli": 4, b"mdcv": 24, b"amve": 8, b"fiel": 2, b"gama": 4,
                  b"st3d": 5, b"prhd": 16, b"equi": 20, b"cbmp": 12}
#: A `colr` box's colour types whose fields are numbers, and how many bytes the type and fields take:
#: `nclx` (primaries, transfer, matrix, full range flag and 7 reserved bits) and QuickTime's `nclc`
#: (the same without the flag byte). Any other type (`prof`, `rICC`: an ICC profile, whose text tags
#: such as its description and copyright can hold any text) is blanked: the picture's colour stays
#: in its own parameter sets (the SPS's VUI, AV1's sequence header), which players read.
_COLR_FIELDS = {b"nclx": 11, b"nclc": 10}
#: What a 360 degree video's `sv3d` and its `proj` may hold: the header (`svhd`, whose only field is
#: the name of the tool that wrote it, as free text: it is emptied), the projection (`proj`), its
#: header (yaw, pitch, roll) and an equirectangular or cube map projection; a mesh (`mshp`, a
#: compressed mesh of any size) and anything else is blanked, so the video shows flat.
_SV3D_KEEP = {b"sv3d": {b"svhd", b"proj"}, b"proj": {b"prhd", b"equi", b"cbmp"}}
#: In a visual sample entry: its fixed part (SampleEntry, then VisualSampleEntry) and where in it
#: the compressor's name lies (32 bytes: the encoder's or the camera model's name).
_VISUAL_FIXED, _COMPRESSOR_NAME = 78, slice(42, 74)
#: Sound codecs whose samples the build publishes (default deny: any other sound is refused), by
#: MP4 sample entry, with the configuration boxes each may hold: AAC (`mp4a`, its `esds` read to
#: the last bit: see _aac_configuration), Opus (its packets' padding zeroed), FLAC (its
#: configuration's tags and pictures made padding), and PCM, whose every byte is a sound value.
#: MP3 and MP2, AC-3, E-AC-3, ALAC, AMR, DTS and the rest are not read (see the module's docstring).
_SOUND_CODECS = {b"mp4a": {b"esds"}, b"Opus": {b"dOps"}, b"fLaC": {b"dfLa"},
                 **dict.fromkeys((b"ipcm", b"fpcm"), {b"pcmC"}),
                 **dict.fromkeys((b"lpcm", b"sowt", b"twos", b"raw ", b"in24", b"in32", b"fl32", b"fl64"), {b"enda"})}
#: Boxes every sound sample entry may hold beside its codec's: channel layout, bit rate, sample
#: rate, QuickTime's `wave` (its own children sifted by _WAVE_KEEP) and its four zero bytes' box;
#: any other (a vendor's box) is blanked.
_SOUND_KEEP = {b"chan", b"chnl", b"btrt", b"srat", b"wave", b"\x00\x00\x00\x00"}
#: What QuickTime's `wave` box (in a version 1 sound entry) may hold beside the codec's
#: configuration: the codec's name again, the byte order, the channel layout, the four zero bytes ending it.
_WAVE_KEEP = {b"frma", b"mp4a", b"enda", b"chan", b"\x00\x00\x00\x00"}
#: The fixed part of a sound sample entry by its version (QuickTime's versions 1 and 2 are longer).
_SOUND_FIXED = {0: 28, 1: 44, 2: 64}
#: Boxes whose creation and modification times are zeroed (version 0: 32-bit, 1: 64-bit).
_MP4_TIMES = {b"mvhd", b"tkhd", b"mdhd"}
#: Handler types of the tracks a page can show: picture and sound.
_MP4_TRACKS = {b"vide", b"soun"}
_MP4_PADDING = {b"free", b"skip"}

_EBML_VOID = 0xEC
_SEGMENT = 0x18538067
_CLUSTER = 0x1F43B675
_TRACKS, _TRACK_ENTRY, _TRACK_TYPE = 0x1654AE6B, 0xAE, 0x83
#: Matroska elements a player needs, per container (a Segment's, Info's and a TrackEntry's
#: children); any other is blanked: Tags, Attachments, Chapters, titles, dates, applications,
#: track and file names.
_MKV_KEEP = {
    _SEGMENT: {0x114D9B74, 0x1549A966, _TRACKS, 0x1C53BB6B, _CLUSTER, _EBML_VOID, 0xBF},
    0x1549A966: {0x2AD7B1, 0x4489, 0x73A4, _EBML_VOID, 0xBF},  # Info: timestamp scale, duration, segment UID
    _TRACKS: {_TRACK_ENTRY, _EBML_VOID, 0xBF},
    _TRACK_ENTRY: {0xD7, 0x73C5, _TRACK_TYPE, 0xB9, 0x88, 0x55AA, 0x9C, 0x6DE7, 0x23E383, 0x234E7A, 0x55EE, 0x22B59C,
                   0x22B59D, 0x86, 0x63A2, 0x56AA, 0x56BB, 0xE0, 0xE1, 0x6D80, 0xAA, 0xEC, 0xBF},
    # Cluster: timestamp, blocks, position, previous size; BlockGroup: the block, its duration,
    # references and padding (not BlockAdditions: a side channel of any data)
    _CLUSTER: {0xE7, 0xA3, 0xA0, 0xA7, 0xAB, _EBML_VOID, 0xBF},
    0xA0: {0xA1, 0x9B, 0xFB, 0xFA, 0x75A2, _EBML_VOID, 0xBF},
    # A track's Video and Audio, sifted as the rest (they were kept whole: an element of any ID,
    # with any bytes, went out inside them): sizes, crops, interlacing, stereo and alpha modes,
    # colour (and its mastering metadata: numbers), a projection's type and pose (not its private
    # data: an `sv3d`'s bytes, a mesh or anything; without it a 360 degree video keeps its default
    # layout); the sound's rates, channels, bit depth, emphasis. Not the deprecated ColourSpace
    # (4 bytes), GammaValue, FrameRate or ChannelPositions (bytes), which no player needs.
    0xE0: {0x9A, 0x9D, 0x53B8, 0x53C0, 0xB0, 0xBA, 0x54AA, 0x54BB, 0x54CC, 0x54DD, 0x54B0, 0x54BA, 0x54B2, 0x54B3,
           0x55B0, 0x7670, _EBML_VOID, 0xBF},
    0x55B0: {*range(0x55B1, 0x55BE), 0x55D0, _EBML_VOID, 0xBF},
    0x55D0: {*range(0x55D1, 0x55DB), _EBML_VOID, 0xBF},
    0x7670: {0x7671, 0x7673, 0x7674, 0x7675, _EBML_VOID, 0xBF},
    0xE1: {0xB5, 0x78B5, 0x9F, 0x6264, 0x52F1, _EBML_VOID, 0xBF},
}
#: TrackType values of picture and sound.
_MKV_TRACKS = {1, 2}


class VideoError(Exception):
    """A video Hromada cannot read completely, or clean: it is never published."""


def is_video(path: str) -> bool:
    return Path(path).suffix.lower() in VIDEO_SUFFIXES


# --- MP4 -------------------------------------------------------------------------
def _mp4_boxes(data: bytearray, start: int, end: int):
    pos = start
    while pos < end:
        if end - pos < 8:
            raise VideoError("a box header is cut short")
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        header = 8
        if size == 1:
            if end - pos < 16:
                raise VideoError("a box header is cut short")
            size = struct.unpack(">Q", data[pos + 8:pos + 16])[0]
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise VideoError(f"box '{kind.decode('latin-1')}' does not fit in its container")
        yield pos, header, size, kind
        pos += size


def _blank(data: bytearray, pos: int, header: int, size: int) -> None:
    data[pos + 4:pos + 8] = b"free"
    data[pos + header:pos + size] = bytes(size - header)


def _handler(data: bytearray, pos: int, header: int, size: int) -> bytes:
    """A `hdlr` box's handler type, its name blanked (cameras write theirs, or more, there)."""
    body = pos + header
    if size - header < 24:
        raise VideoError("a track's handler is cut short")
    data[body + 24:pos + size] = bytes(pos + size - body - 24)
    return bytes(data[body + 8:body + 12])


def _track_kind(data: bytearray, start: int, end: int) -> bytes:
    """The handler type of the media description at data[start:end] (b"vide", b"soun" ...)."""
    for pos, header, size, kind in _mp4_boxes(data, start, end):
        if kind == b"hdlr":
            if size - header < 12:
                raise VideoError("a track's handler is cut short")
            return bytes(data[pos + header + 8:pos + header + 12])
    raise VideoError("a track without its handler (what kind of track it is)")


def _entry_children(data: bytearray, child: int, stop: int) -> list[tuple[int, int, int, bytes]]:
    """The boxes of a sample entry after its fixed part (data[child:stop])."""
    try:
        return list(_mp4_boxes(data, child, stop))
    except VideoError:  # QuickTime writers may end the entry with four zero bytes, not a box
        if data[stop - 4:stop] != bytes(4):
            raise
        return list(_mp4_boxes(data, child, stop - 4))


def _blank_children(data: bytearray, child: int, stop: int, keep: set[bytes]) -> None:
    """Blank every box of a sample entry after its fixed part (data[child:stop]) not in `keep`."""
    for pos, header, size, kind in _entry_children(data, child, stop):
        if kind not in keep:
            _blank(data, pos, header, size)


def _sound_entries(data: bytearray, start: int, end: int) -> None:
    """Refuse a sound track of a codec the build does not read, or of two codecs (its samples would
    be read as one codec's, some wrongly); blank the vendor boxes of its sample entries (their fixed
    part holds no name) and read each one's configuration (_sound_configuration)."""
    entries = list(_mp4_boxes(data, start + 8, end))
    kinds = sorted({kind.decode("latin-1") for *_, kind in entries})
    if len(kinds) > 1:
        raise VideoError("a sound track coded two ways (" + ", ".join(kinds) + "); export the video again")
    for pos, header, size, kind in entries:
        body, stop = pos + header, pos + size
        if kind not in _SOUND_CODECS:
            raise VideoError(_unknown_sound(kind.decode("latin-1")))
        version = int.from_bytes(data[body + 8:body + 10], "big") if stop - body >= 10 else -1
        if version not in _SOUND_FIXED or stop - body < _SOUND_FIXED[version]:
            raise VideoError("a sound track's sample description is cut short or of an unknown version")
        fixed, own = body + _SOUND_FIXED[version], _SOUND_CODECS[kind]
        _blank_children(data, fixed, stop, own | _SOUND_KEEP)
        configs = []
        for at, inner, length, name in _entry_children(data, fixed, stop):
            if name == b"wave":  # QuickTime: the configuration inside it
                _blank_children(data, at + inner, at + length, own | _WAVE_KEEP)
                configs += [(n, a + i, a + m) for a, i, m, n in _entry_children(data, at + inner, at + length) if n in own]
            elif name in own:
                configs.append((name, at + inner, at + length))
        _sound_configuration(data, kind, configs)


def _sound_configuration(data: bytearray, kind: bytes, configs: list[tuple[bytes, int, int]]) -> None:
    """Read a sound sample entry's configuration boxes (name, body start, end): an AAC `esds` to its
    last bit, an Opus `dOps` to its last field (what follows is zeroed), a FLAC `dfLa`'s tags and
    pictures made padding. Two of one box are refused: a player could read the one not read here."""
    found = dict((name, (start, end)) for name, start, end in configs)
    if len(found) < len(configs):
        raise VideoError(f"a sound track naming its configuration twice ('{kind.decode('latin-1')}'); "
                         "export the video again")
    if kind == b"mp4a":
        if b"esds" not in found:
            raise VideoError("an AAC sound track without its configuration ('esds')")
        _aac_esds(data, *found[b"esds"])
    elif kind == b"Opus":
        if b"dOps" not in found:
            raise VideoError("an Opus sound track without its configuration ('dOps')")
        _opus_streams(data, *found[b"dOps"])
    elif kind == b"fLaC" and b"dfLa" in found:  # a full box: version and flags, then FLAC's metadata blocks
        _blank_flac_blocks(data, found[b"dfLa"][0] + 4, found[b"dfLa"][1])


#: MPEG-4 object types (an `esds`'s objectTypeIndication) of AAC: MPEG-4 audio (its own object
#: type then says which, _AAC_AUDIO_TYPES), MPEG-2 AAC Main, LC and SSR; and the names of a few
#: others, for the editor (MPEG-1 and -2 audio is MP3 or MP2).
_AAC_OBJECT_TYPES = {0x40, 0x66, 0x67, 0x68}
_MPEG_SOUND_NAMES = {0x69: "MP3 or MP2", 0x6B: "MP3 or MP2", 0xA5: "AC-3", 0xA6: "E-AC-3", 0xA9: "DTS", 0xDD: "Vorbis"}
#: MPEG-4 audio object types (ISO/IEC 14496-3, 1.5.1.1) of AAC the build reads: Main, LC, SSR, LTP,
#: and HE-AAC (SBR, 5) and HE-AAC v2 (PS, 29) around one of those; the others (MP3 as 34, ALS,
#: USAC, the error-resilient and speech coders ...) are refused.
_AAC_AUDIO_TYPES = {1, 2, 3, 4}
_AUDIO_TYPE_NAMES = {32: "MP1", 33: "MP2", 34: "MP3", 36: "ALS", 42: "USAC"}


def _unknown_sound(codec: str) -> str:
    return (f"a sound coded as '{codec.strip()}': Hromada publishes AAC, Opus, FLAC, Vorbis (WebM) and PCM sound only; "
            "export the video with AAC or Opus sound, or without sound, e.g. ffmpeg -i in.mp4 -c:v copy -c:a aac "
            "out.mp4 (-c:a libopus for WebM, -an for no sound)")


def _descriptors(data: bytearray, start: int, end: int) -> list[tuple[int, int, int]]:
    """The MPEG-4 descriptors (ISO/IEC 14496-1, 8.3.3) in data[start:end]: (tag, body start, end)."""
    found, pos = [], start
    while pos < end:
        tag, size, pos = data[pos], 0, pos + 1
        for _ in range(4):  # the size: 7 bits a byte, the top bit set while more follow
            if pos >= end:
                raise VideoError("an AAC sound configuration ('esds') is cut short")
            size, pos = (size << 7) | (data[pos] & 0x7F), pos + 1
            if not data[pos - 1] & 0x80:
                break
        else:
            raise VideoError("an AAC sound configuration ('esds') Hromada cannot read")
        if pos + size > end:
            raise VideoError("an AAC sound configuration ('esds') is cut short")
        found.append((tag, pos, pos + size))
        pos += size
    return found


def _aac_esds(data: bytearray, start: int, end: int) -> None:
    """An `esds` box's body (data[start:end]) read whole: one elementary stream descriptor holding
    the decoder's configuration (of AAC: else refused, naming the codec) and its sync settings,
    nothing else (no URL, no other descriptor: IPI, language, QoS and extension descriptors can
    carry text); its AudioSpecificConfig is read to its last bit (_aac_configuration)."""
    unreadable = "an AAC sound configuration ('esds') Hromada cannot read completely; export the video again"
    top = _descriptors(data, start + 4, end)  # after the box's version and flags
    if len(top) != 1 or top[0][0] != 3 or top[0][2] - top[0][1] < 3:
        raise VideoError(unreadable)
    _, body, stop = top[0]
    flags = data[body + 2]
    if flags & 0x40:  # the stream is elsewhere, at a URL written here
        raise VideoError(unreadable)
    inner = _descriptors(data, body + 3 + (2 if flags & 0x80 else 0) + (2 if flags & 0x20 else 0), stop)
    tags = [tag for tag, *_ in inner]
    if tags.count(4) != 1 or tags.count(6) > 1 or len(tags) > tags.count(4) + tags.count(6):
        raise VideoError(unreadable)
    _, config, config_end = inner[tags.index(4)]
    if config_end - config < 13:
        raise VideoError("an AAC sound configuration ('esds') is cut short")
    kind = data[config]
    if kind not in _AAC_OBJECT_TYPES:
        name = f" ({_MPEG_SOUND_NAMES[kind]})" if kind in _MPEG_SOUND_NAMES else ""
        raise VideoError(_unknown_sound(f"mp4a, object type 0x{kind:02X}{name}"))
    specific = _descriptors(data, config + 13, config_end)
    if [tag for tag, *_ in specific] != [5]:
        raise VideoError("an AAC sound track without its configuration (or with more than it)")
    _aac_configuration(data, specific[0][1], specific[0][2])


def _bits(data: bytearray, start: int, end: int, bit: int, n: int) -> int:
    """The n bits at bit offset `bit` of data[start:end], the first bit the highest."""
    if n <= 0 or bit + n > 8 * (end - start):
        raise VideoError("AAC sound (its configuration or a sample) that is cut short")
    first, last = start + bit // 8, start + (bit + n + 7) // 8
    return (int.from_bytes(data[first:last], "big") >> (8 * (last - first) - bit % 8 - n)) & ((1 << n) - 1)


def _aac_configuration(data: bytearray, start: int, end: int) -> None:
    """An AudioSpecificConfig (ISO/IEC 14496-3, 1.6.2.1) read to its last bit: AAC (_AAC_AUDIO_TYPES,
    maybe inside HE-AAC), its GASpecificConfig, and the sync extension that signals HE-AAC; every
    bit after those is zeroed (a decoder reads none of it: free data). A program configuration
    (channel configuration 0) is refused: it has a comment field of free text."""
    bit = 0

    def take(n: int) -> int:
        nonlocal bit
        bit += n
        return _bits(data, start, end, bit - n, n)

    def object_type() -> int:
        kind = take(5)
        return 32 + take(6) if kind == 31 else kind

    def frequency() -> None:
        if take(4) == 15:  # not by index: written out
            take(24)

    kind = object_type()
    frequency()
    channels = take(4)
    core = kind
    if kind in (5, 29):  # HE-AAC (v2): SBR (and PS) around an AAC core
        frequency()
        core = object_type()
    if core not in _AAC_AUDIO_TYPES or kind not in _AAC_AUDIO_TYPES | {5, 29}:
        odd = core if kind in (5, 29) else kind
        name = f" ({_AUDIO_TYPE_NAMES[odd]})" if odd in _AUDIO_TYPE_NAMES else ""
        raise VideoError(_unknown_sound(f"mp4a, audio object type {odd}{name}"))
    if channels == 0:
        raise VideoError("AAC sound whose channels are set out in a program configuration (which holds a comment); "
                         "export it as mono, stereo or 5.1")
    take(1)  # frameLengthFlag
    if take(1):  # dependsOnCoreCoder: coreCoderDelay
        take(14)
    if take(1):  # extensionFlag: extensionFlag3
        take(1)
    if kind == core and 8 * (end - start) - bit >= 16 and _bits(data, start, end, bit, 11) == 0x2B7:
        before = bit
        take(11)
        if object_type() == 5:  # backward-compatible HE-AAC: sbrPresentFlag, its rate, maybe PS
            if take(1):
                frequency()
                if 8 * (end - start) - bit >= 12 and _bits(data, start, end, bit, 11) == 0x548:
                    take(12)
        else:  # a sync extension of another kind: not AAC's, so not kept
            bit = before
    if bit % 8:
        data[start + bit // 8] &= 0xFF << (8 - bit % 8) & 0xFF
    data[start + (bit + 7) // 8:end] = bytes(end - start - (bit + 7) // 8)


def _zero_bits(data: bytearray, start: int, first: int, stop: int) -> None:
    """Zero bits first .. stop - 1 of the bytes from `start` on (the first bit the highest)."""
    if stop <= first:
        return
    a, b = first // 8, (stop + 7) // 8
    width, low = 8 * (b - a), 8 * b - stop  # the bits in those bytes, and those after `stop`
    zeroed = ((1 << (stop - first)) - 1) << low
    kept = int.from_bytes(data[start + a:start + b], "big") & ~zeroed & ((1 << width) - 1)
    data[start + a:start + b] = kept.to_bytes(b - a, "big")


#: AAC's fill element extensions a decoder acts on (ISO/IEC 14496-3, 4.5.2.1.4): dynamic range
#: (11) and SBR (13, 14); the others (fill, fill data, data element, reserved) are free data.
_AAC_FILL_KEEP = {11, 13, 14}


def _blank_aac_leading(data: bytearray, start: int, end: int) -> None:
    """An AAC sample (a raw_data_block: elements, each a 3-bit type first) with the data stream
    (4) and fill (6) elements before its first sound element blanked: their bytes zeroed (a
    fill's extension type 0 is "fill"), sizes kept. Encoders write their name there (FFmpeg's:
    "Lavc63.1.102" in a fill element of the first sample). A sound element (single or pair of
    channels, LFE, coupling) has no length: what follows it cannot be found without decoding its
    spectral data, so data and fill elements after one are not found and not blanked; nor is a
    program configuration (5) read. After an end element (7) every bit is zeroed."""
    bit, total = 0, 8 * (end - start)

    def take(n: int) -> int:
        nonlocal bit
        bit += n
        return _bits(data, start, end, bit - n, n)

    while total - bit >= 3:
        kind = take(3)
        if kind == 4:  # data stream element: tag, align flag, count (escaped), then the bytes
            take(4)
            aligned, count = take(1), take(8)
            count += take(8) if count == 255 else 0
            bit = (bit + 7) // 8 * 8 if aligned else bit
        elif kind == 6:  # fill element: count (escaped, less one), then the extension payload
            count = take(4)
            count += take(8) - 1 if count == 15 else 0
        elif kind == 7:
            _zero_bits(data, start, bit, total)
            return
        else:
            return
        if bit + 8 * count > total:
            raise VideoError("AAC sound (its configuration or a sample) that is cut short")
        if kind == 4 or (count and _bits(data, start, end, bit, 4) not in _AAC_FILL_KEEP):
            _zero_bits(data, start, bit, bit + 8 * count)
        bit += 8 * count


def _opus_streams(data: bytearray, start: int, end: int) -> int:
    """How many Opus streams each packet holds, from an Opus configuration (data[start:end]: the
    fields of RFC 7845's ID header after its 'OpusHead' mark, which MP4's `dOps` holds too); every
    byte after those fields is zeroed (a decoder ignores them: free data)."""
    if end - start < 11:
        raise VideoError("an Opus sound configuration is cut short")
    channels, family = data[start + 1], data[start + 10]
    streams, length = (1, 11) if family == 0 else (data[start + 11] if end - start > 11 else 0, 13 + channels)
    if end - start < length or not streams:
        raise VideoError("an Opus sound configuration is cut short")
    data[start + length:end] = bytes(end - start - length)
    return streams


#: An Opus packet that cannot be read as RFC 6716 (3.2) frames it: refused, never guessed at.
_OPUS_BAD = "an Opus sound packet whose lengths run past its end; export the video again"


def _opus_length(data: bytearray, pos: int, end: int) -> tuple[int, int]:
    """(a frame's length, where what follows it starts): one byte below 252, else two (RFC 6716, 3.2.1)."""
    if pos < end and data[pos] < 252:
        return data[pos], pos + 1
    if pos + 1 >= end:
        raise VideoError(_OPUS_BAD)
    return data[pos] + 4 * data[pos + 1], pos + 2


def _opus_packet(data: bytearray, start: int, end: int, delimited: bool) -> int:
    """Zero the padding of the Opus packet at data[start:end] and return where it ends. Padding
    (code 3, RFC 6716, 3.2.5) is bytes a decoder must accept whatever they hold, after the frames:
    free data; zeroed, the packet keeps its size and decodes as before. `delimited`: the packet is
    one of a multistream packet's first streams (RFC 6716, appendix B: its last frame's length
    is written too, so it ends before `end`)."""
    if start >= end:
        raise VideoError(_OPUS_BAD)
    code, pos, padding, lengths = data[start] & 3, start + 1, 0, []
    if code == 3:
        if pos >= end or not data[pos] & 0x3F:
            raise VideoError(_OPUS_BAD)
        frames, varying, padded = data[pos] & 0x3F, data[pos] & 0x80, data[pos] & 0x40
        pos += 1
        while padded:  # the padding's length: 255 is 254 and another byte; any other value ends it
            if pos >= end:
                raise VideoError(_OPUS_BAD)
            padding, padded, pos = padding + min(data[pos], 254), data[pos] == 255, pos + 1
    else:
        frames, varying = (1, False) if code == 0 else (2, code == 2)
    for _ in range(frames - 1 if varying else 0):
        length, pos = _opus_length(data, pos, end)
        lengths.append(length)
    if delimited:
        length, pos = _opus_length(data, pos, end)
        stop = pos + padding + (sum(lengths) + length if varying else frames * length)
    else:
        stop, rest = end, end - pos - padding - sum(lengths)
        if rest < 0 or (not varying and rest % frames):
            raise VideoError(_OPUS_BAD)
    if stop > end:
        raise VideoError(_OPUS_BAD)
    data[stop - padding:stop] = bytes(padding)
    return stop


def _blank_opus_padding(data: bytearray, start: int, end: int, streams: int) -> None:
    """Zero the padding of every packet in an Opus sample (data[start:end]): with several streams
    (surround), the first ones self-delimited, the last to the sample's end. An empty sample
    (nothing sent) holds nothing; a sample that is not whole packets is refused."""
    if start == end:
        return
    for _ in range(streams - 1):
        start = _opus_packet(data, start, end, delimited=True)
    _opus_packet(data, start, end, delimited=False)


#: Sound codecs whose samples (packets, frames) are read one by one.
_SOUND_SAMPLES = {"opus", "aac", "flac", "vorbis"}


def _sound_sample(data: bytearray, start: int, end: int, codec: str, streams: int) -> None:
    """One sound sample (MP4) or frame (WebM) of a codec in _SOUND_SAMPLES, its free data blanked:
    Opus's padding zeroed (_blank_opus_padding), AAC's leading fill and data elements
    (_blank_aac_leading). A FLAC sample starting with FLAC's stream mark, or a Vorbis one that is
    a header packet, is refused: decoders skip such a sample, and it holds metadata blocks or a
    comment header (tags, pictures) that only the configuration should."""
    if codec == "opus":
        _blank_opus_padding(data, start, end, streams)
    elif codec == "aac":
        _blank_aac_leading(data, start, end)
    elif codec == "flac" and data[start:start + 4] == b"fLaC":
        raise VideoError("a FLAC sound sample holding metadata (tags or pictures); export the video again")
    elif codec == "vorbis" and start < end and data[start] & 1:
        raise VideoError("a Vorbis sound packet that is a header (tags can hide there); export the video again")


#: FLAC metadata blocks a decoder needs (STREAMINFO, SEEKTABLE); every other (VORBIS_COMMENT: tags
#: like LOCATION and DATE; PICTURE: a cover photo; APPLICATION; CUESHEET) becomes PADDING (1).
_FLAC_KEEP = {0, 3}


def _blank_flac_blocks(data: bytearray, start: int, end: int) -> None:
    """FLAC's metadata blocks in data[start:end]: each one not in _FLAC_KEEP made padding of the
    same size, zeroed; anything that is not whole blocks is refused."""
    pos = start
    while pos < end:
        if pos + 4 > end:
            raise VideoError("a FLAC sound configuration that is not whole blocks")
        header, length = data[pos], int.from_bytes(data[pos + 1:pos + 4], "big")
        if pos + 4 + length > end or header & 0x7F == 127:
            raise VideoError("a FLAC sound configuration that is not whole blocks")
        if header & 0x7F not in _FLAC_KEEP:
            data[pos] = (header & 0x80) | 1
            data[pos + 4:pos + 4 + length] = bytes(length)
        pos += 4 + length
        if header & 0x80:  # the last block
            data[pos:end] = bytes(end - pos)
            return


def _blank_vorbis_comments(data: bytearray, start: int, end: int) -> None:
    """A Vorbis CodecPrivate (data[start:end]: its three header packets, Xiph-laced) with the
    comment packet's vendor and tags (TITLE, DATE, LOCATION ...) taken out, its size kept: a
    vendor string of zeros as long as all of it was, and no comment."""
    if end - start < 3 or data[start] != 2:
        raise VideoError("a Vorbis sound configuration that is not its three header packets")
    pos, sizes = start + 1, []
    for _ in range(2):
        size = 0
        while pos < end and data[pos] == 255:
            size, pos = size + 255, pos + 1
        if pos >= end:
            raise VideoError("a Vorbis sound configuration that is not its three header packets")
        sizes.append(size + data[pos])
        pos += 1
    comment, length = pos + sizes[0], sizes[1]
    if comment + length > end or length < 16 or data[comment:comment + 7] != b"\x03vorbis":
        raise VideoError("a Vorbis sound configuration without its comment header")
    data[comment + 7:comment + length] = (length - 16).to_bytes(4, "little") + bytes(length - 16) + bytes(4) + b"\x01"


def _sample_entries(data: bytearray, start: int, end: int, track: bytes) -> None:
    """Blank the compressor name and the vendor boxes of a picture track's sample entries,
    and the vendor boxes of a sound track's."""
    if end - start < 8:
        raise VideoError("a track's sample description is cut short")
    if track == b"soun":
        _sound_entries(data, start, end)
        return
    entries = list(_mp4_boxes(data, start + 8, end))
    if len({kind for *_, kind in entries}) > 1:  # its samples would be read as one codec's, some wrongly
        raise VideoError("a picture track coded two ways (" + ", ".join(sorted({k.decode("latin-1") for *_, k in entries}))
                         + "); export the video again")
    for pos, header, size, kind in entries:
        body, stop = pos + header, pos + size
        if kind not in _PICTURE_CODECS:
            raise VideoError(_unknown_picture(kind.decode("latin-1")))
        if stop - body < _VISUAL_FIXED:
            raise VideoError("a picture track's sample description is cut short")
        data[body + _COMPRESSOR_NAME.start:body + _COMPRESSOR_NAME.stop] = bytes(_COMPRESSOR_NAME.stop - _COMPRESSOR_NAME.start)
        _blank_children(data, body + _VISUAL_FIXED, stop, _VISUAL_KEEP)
        for at, inner, length, name in _entry_children(data, body + _VISUAL_FIXED, stop):
            _visual_box(data, at, inner, length, name)
            if name == b"av1C":  # its configuration OBUs may carry metadata OBUs too
                _av1_configuration(data, at + inner, at + length, "'av1C'")
            elif name == b"vpcC":  # its initialization data is unused: room for any bytes
                _vp_configuration(data, at + inner, at + length)
            elif name == b"avcC":  # read whole: parameter sets only, no byte it does not account for
                _avc_configuration(data, at + inner, at + length)
            elif name in _HEVC_ARRAYS_AT:  # its NAL units may be SEI messages (x265 writes its options there)
                _reserved_bits(data, at + inner, at + length, name)
                _hevc_configuration_units(data, at + inner + _HEVC_ARRAYS_AT[name], at + length, name)


def _fields_only(data: bytearray, pos: int, header: int, size: int, fields: int) -> None:
    """The bytes of the box at data[pos:pos + size] past its first `fields` bytes zeroed (the box
    blanked whole when it is shorter than its fields: it is then no box a player can read)."""
    if size - header < fields:
        _blank(data, pos, header, size)
    else:
        data[pos + header + fields:pos + size] = bytes(size - header - fields)


def _visual_box(data: bytearray, pos: int, header: int, size: int, kind: bytes) -> None:
    """A kept box of a picture's sample entry (data[pos:pos + size]) left with its fields only:
    past a fixed-size box's fields (_VISUAL_FIELDS) every byte is zeroed; a `colr` keeps a numeric
    colour description only (_COLR_FIELDS: its reserved bits zeroed, an ICC profile blanked); an
    `sv3d` keeps its projection's numbers and an empty tool name (_SV3D_KEEP). Before, bytes past a
    box's fields, an ICC profile's text and the tool name went out as they were. The codec
    configurations are read apart (_sample_entries); a box blanked already (`free`) is left."""
    body = pos + header
    if kind in _VISUAL_FIELDS:
        _fields_only(data, pos, header, size, _VISUAL_FIELDS[kind])
    elif kind == b"colr":
        colour = bytes(data[body:body + 4])
        if colour not in _COLR_FIELDS or size - header < _COLR_FIELDS[colour]:
            _blank(data, pos, header, size)
            return
        _fields_only(data, pos, header, size, _COLR_FIELDS[colour])
        if colour == b"nclx":
            data[body + 10] &= 0x80
    elif kind == b"svhd":
        _fields_only(data, pos, header, size, 4)
    elif kind in _SV3D_KEEP:
        for at, inner, length, name in list(_mp4_boxes(data, body, pos + size)):
            if name in _SV3D_KEEP[kind]:
                _visual_box(data, at, inner, length, name)
            else:
                _blank(data, at, inner, length)


#: Where an H.265 configuration box's arrays of NAL units start (the byte saying how many there
#: are): `hvcC` after 22 bytes of profile, level and format; `lhvC` (layered: MV-HEVC, a phone's
#: 3D video) after 5 (ISO/IEC 14496-15, 8.3.3.1 and 9.6.3.1).
_HEVC_ARRAYS_AT = {b"hvcC": 22, b"lhvC": 5}
#: The NAL unit types an H.265 configuration's arrays may hold (ISO/IEC 14496-15, 8.3.3.1.2: "restricted
#: to ... a VPS, SPS, PPS, prefix SEI or suffix SEI NAL unit"): 32 VPS, 33 SPS, 34 PPS, 39 and 40 SEI.
#: FFmpeg's decoder ignores any other type there (libavcodec/hevc/parse.c), so such a unit is no
#: setting a player needs, only room for any bytes: refused, as is a filler data unit (38).
_HEVC_CONFIG_UNITS = {32: "VPS", 33: "SPS", 34: "PPS", 39: "prefix SEI", 40: "suffix SEI"}
#: Reserved bits of the configuration boxes' fixed fields, by box: (byte, mask of its reserved
#: bits), each bit written 1 as the standard says (ISO/IEC 14496-15, 5.3.3.1, 8.3.3.1, 9.6.3.1;
#: FFmpeg writes them so). No reader reads them, so a bit a writer set otherwise could only carry
#: data: it is set to 1 in place, as a blank. (`avcC`'s count of SPSs shares its byte with three.)
_RESERVED_ONES = {b"avcC": ((4, 0xFC), (5, 0xE0)),
                  b"hvcC": ((13, 0xF0), (15, 0xFC), (16, 0xFC), (17, 0xF8), (18, 0xF8)),
                  b"lhvC": ((1, 0xF0), (3, 0xFC), (4, 0xC0))}
#: H.264 profiles whose `avcC` ends after its PPSs: Baseline, Main, Extended. After the PPSs of any
#: other, 4 bytes (chroma format, luma and chroma bit depths, each after reserved 1 bits, and a
#: count of SPS extensions) and the SPS extensions may follow (ISO/IEC 14496-15, 5.3.3.1, lists the
#: High profiles 100, 110, 122 and 144; FFmpeg's writer, libavformat/avc.c, writes them for every
#: profile but these three, so that is the rule read here); older writers leave them out.
_AVC_PROFILES_WITHOUT_EXTENSION = {66, 77, 88}
#: The NAL unit type of an SPS extension (H.264 7.4.1: 13), the only type its array may hold.
_AVC_SPS_EXTENSION = 13


def _reserved_bits(data: bytearray, start: int, end: int, box: bytes) -> None:
    """Every reserved bit of the configuration box body data[start:end]'s fixed fields set to 1
    (_RESERVED_ONES); the fields themselves are kept. A body too short is left to the readers that
    refuse it as cut short."""
    for offset, mask in _RESERVED_ONES[box]:
        if start + offset < end:
            data[start + offset] |= mask


def _avc_units(data: bytearray, pos: int, end: int, count_mask: int, kind: int, what: str) -> int:
    """Read one array of an `avcC` at data[pos:end] (a count in the bits `count_mask` of its first
    byte, the others reserved and set to 1; then each unit with a 2-byte length in front), every
    unit a whole NAL unit of type `kind` (`what` names it); return where the array ends. A unit of
    another type, or one that does not fit the box, is refused."""
    name = "an H.264 picture track's configuration ('avcC')"
    if pos >= end:
        raise VideoError(f"{name} cut short before its {what}s; {_REEXPORT}")
    data[pos] |= 0xFF & ~count_mask
    count, pos = data[pos] & count_mask, pos + 1
    for _ in range(count):
        length = int.from_bytes(data[pos:pos + 2], "big") if pos + 2 <= end else 0
        if not length or pos + 2 + length > end:
            raise VideoError(f"{name} whose {what}s are not whole NAL units; {_REEXPORT}")
        if data[pos + 2] & 0x80 or data[pos + 2] & 0x1F != kind:
            raise VideoError(f"{name} holding a NAL unit of type {data[pos + 2] & 0x1F} among its {what}s, where only "
                             f"type {kind} belongs; {_REEXPORT}")
        pos += 2 + length
    return pos


def _avc_configuration(data: bytearray, start: int, end: int) -> None:
    """Read the `avcC` body data[start:end] to its last byte (ISO/IEC 14496-15, 5.3.3.1): version
    1, profile, level, the length size, the SPSs (NAL type 7), the PPSs (8) and, for a profile that
    has them (_AVC_PROFILES_WITHOUT_EXTENSION), the chroma format, bit depths and SPS extensions
    (13). Reserved bits are set to 1 (_RESERVED_ONES): nothing else changes. Before, the bytes after
    the PPSs were never read: a writer could leave any note there, or a unit of another type (an SEI
    with a camera's GPS) among the parameter sets, and it went out as it was. Now a unit of another
    type, or any byte the structure does not account for, is refused: FFmpeg copies the box as it
    is, so the picture must be encoded anew (_REEXPORT)."""
    name = "an H.264 picture track's configuration ('avcC')"
    if end - start <= _LENGTH_AT["avc"]:
        raise VideoError("a picture track's codec configuration is cut short")
    if data[start] != 1:
        raise VideoError(f"an H.264 picture track whose configuration ('avcC') is of an unknown version "
                         f"({data[start]}); {_REEXPORT}")
    _reserved_bits(data, start, end, b"avcC")
    pos = _avc_units(data, start + 5, end, 0x1F, _AVC_SPS, "SPS")
    pos = _avc_units(data, pos, end, 0xFF, _AVC_PPS, "PPS")
    if pos < end and data[start + 1] not in _AVC_PROFILES_WITHOUT_EXTENSION:
        if end - pos < 4:
            raise VideoError(f"{name} whose chroma format and bit depths are cut short; {_REEXPORT}")
        data[pos] |= 0xFC
        data[pos + 1] |= 0xF8
        data[pos + 2] |= 0xF8
        pos = _avc_units(data, pos + 3, end, 0xFF, _AVC_SPS_EXTENSION, "SPS extension")
    if pos < end:
        raise VideoError(f"{name} with {end - pos} bytes after its parameter sets that no field accounts for "
                         f"(profile {data[start + 1]}); {_REEXPORT}")
    pos = start + 6
    for _ in range(data[start + 5] & 0x1F):  # the SPSs, read whole once the box is
        length = int.from_bytes(data[pos:pos + 2], "big")
        _read_whole_sps(data, pos + 2, pos + 2 + length, "configuration ('avcC')")
        pos += 2 + length


def _hevc_configuration_units(data: bytearray, start: int, end: int, box: bytes = b"hvcC") -> None:
    """Read the NAL units of an H.265 configuration (data[start:end]: a count of arrays, each a
    type byte, a count of units and the units, each with a 2-byte length in front) to the box's
    last byte. Each unit must be of a type the box may hold (_HEVC_CONFIG_UNITS) and of its array's
    type; the SEI units are blanked as a sample's are (_blank_sei): a configuration may hold
    "declarative" SEI messages, and x265 writes its user-data message (its version and options)
    there, which FFmpeg copies into the `hvcC`; a camera could write its notes there as well. Each
    array's reserved bit is set to 0, as the standard writes it. Arrays that do not fit the box,
    a unit of another type (a filler data unit, or one no decoder reads) or bytes after the last
    array are refused: the units a player reads could not be told, or they are room for any data."""
    name = f"an H.265 picture track's configuration ('{box.decode()}')"
    bad = f"{name} that is not whole NAL units; {_REEXPORT}"
    if start >= end:
        raise VideoError("a picture track's codec configuration is cut short")
    pos = start + 1
    for _ in range(data[start]):
        if pos + 3 > end:
            raise VideoError(bad)
        data[pos] &= 0xBF  # the reserved bit after array_completeness
        array = data[pos] & 0x3F
        count, pos = int.from_bytes(data[pos + 1:pos + 3], "big"), pos + 3
        for _ in range(count):
            size = int.from_bytes(data[pos:pos + 2], "big") if pos + 2 <= end else -1
            if size < 2 or pos + 2 + size > end:
                raise VideoError(bad)
            kind = (data[pos + 2] >> 1) & 0x3F
            if kind not in _HEVC_CONFIG_UNITS or data[pos + 2] & 0x80:
                raise VideoError(f"{name} holding a NAL unit of type {kind}, where only VPS, SPS, PPS and SEI units "
                                 f"(types 32-34, 39, 40) belong; {_REEXPORT}")
            if kind != array:
                raise VideoError(f"{name} holding a NAL unit of type {kind} ({_HEVC_CONFIG_UNITS[kind]}) in its array "
                                 f"of type {array}, which holds units of that type only; {_REEXPORT}")
            if kind in (39, 40):
                _blank_sei(data, pos + 2, pos + 2 + size, "hevc")
            pos += 2 + size
    if pos < end:
        raise VideoError(f"{name} with {end - pos} bytes after its arrays of NAL units that no field accounts for; "
                         f"{_REEXPORT}")


def _data_references(data: bytearray, start: int, end: int) -> None:
    """Every data reference made "in this file" (flag 1) with its location blanked: an editor's
    export can name the source recording there (a path with a user's or a person's name); a
    web video's samples are always in the file itself."""
    if end - start < 8:
        raise VideoError("a track's data reference is cut short")
    for pos, header, size, _ in list(_mp4_boxes(data, start + 8, end)):
        if size - header < 4:
            raise VideoError("a track's data reference is cut short")
        data[pos + header:pos + header + 4] = b"\x00\x00\x00\x01"
        data[pos + header + 4:pos + size] = bytes(size - header - 4)


def _strip_mp4(data: bytearray, start: int, end: int, parent: bytes, track: bytes = b"") -> None:
    keep = _MP4_KEEP[parent]
    kinds = [kind for *_, kind in _mp4_boxes(data, start, end)]
    for group in _MP4_ONCE.get(parent, ()):
        if sum(map(kinds.count, group)) > 1:  # which one a player reads is its own choice
            names = "' or '".join(sorted(k.decode("latin-1") for k in group))
            where = f" in one '{parent.decode('latin-1')}'" if parent else ""
            raise VideoError(f"two '{names}' boxes{where} (a player reads one of them, maybe not the one Hromada "
                             "reads); export the video again")
    for pos, header, size, kind in list(_mp4_boxes(data, start, end)):
        if kind not in keep:
            _blank(data, pos, header, size)
        elif kind == b"hdlr" and parent == b"mdia":
            handler = _handler(data, pos, header, size)
            if handler not in _MP4_TRACKS:
                raise VideoError(f"a '{handler.decode('latin-1')}' track beside the picture and sound (GPS or other "
                                 "data from the camera); export the video with its picture and sound only, e.g. "
                                 "ffmpeg -i in.mp4 -map 0:v -map 0:a? -c copy out.mp4")
        elif kind in _MP4_KEEP:
            inner = _track_kind(data, pos + header, pos + size) if kind == b"mdia" else track
            _strip_mp4(data, pos + header, pos + size, kind, inner)
        elif kind == b"stsd":
            _sample_entries(data, pos + header, pos + size, track)
        elif kind == b"dref":
            _data_references(data, pos + header, pos + size)
        elif kind in _MP4_TIMES and size >= header + 4:
            version = data[pos + header]
            width = 8 if version == 1 else 4
            first = pos + header + 4
            if first + 2 * width <= pos + size:
                data[first:first + 2 * width] = bytes(2 * width)
        if kind == b"trak" and not any(k == b"mdia" for *_, k in _mp4_boxes(data, pos + header, pos + size)):
            raise VideoError("a track without its media description")
    if not parent and not any(kind == b"moov" for *_, kind in _mp4_boxes(data, start, end)):
        raise VideoError("no 'moov' box: not an MP4 video")


# --- MP4 media data: only the samples of picture and sound tracks ------------------------------
def _u32(data: bytearray, pos: int) -> int:
    return int.from_bytes(data[pos:pos + 4], "big")


def _children(data: bytearray, start: int, end: int) -> dict[bytes, list[tuple[int, int]]]:
    """The boxes in data[start:end] by type: (body start, end) of each, in order."""
    found: dict[bytes, list[tuple[int, int]]] = {}
    for pos, header, size, kind in _mp4_boxes(data, start, end):
        found.setdefault(kind, []).append((pos + header, pos + size))
    return found


def _table(data: bytearray, box: tuple[int, int], fixed: int, entry: int, what: str) -> tuple[int, int]:
    """(count, first entry's position) of a full box holding `fixed` bytes, then a count, then entries."""
    body, end = box
    if end - body < fixed + 4:
        raise VideoError(f"a track's {what} is cut short")
    count = _u32(data, body + fixed)
    if end - body - fixed - 4 < count * entry:
        raise VideoError(f"a track's {what} is cut short")
    return count, body + fixed + 4


def _sample_sizes(data: bytearray, tables: dict[bytes, list[tuple[int, int]]]) -> tuple[int, list[int]]:
    """(sample count, the running total of the sample sizes: [0, s1, s1+s2 ...])."""
    if b"stsz" in tables:
        body, end = tables[b"stsz"][0]
        if end - body < 12:
            raise VideoError("a track's sample sizes are cut short")
        fixed = _u32(data, body + 4)
        count, first = _table(data, (body + 4, end), 4, 0 if fixed else 4, "sample sizes")
        if fixed:
            return count, [fixed]  # every sample alike: see `_chunks`
        sizes = struct.unpack_from(f">{count}I", data, first)
    elif b"stz2" in tables:
        body, end = tables[b"stz2"][0]
        field = data[body + 7] if end - body >= 8 else 0
        if field not in (4, 8, 16):
            raise VideoError("a track's compact sample sizes are not readable")
        count, first = _table(data, (body, end), 8, 0, "compact sample sizes")
        if end - first < (count * field + 7) // 8:
            raise VideoError("a track's compact sample sizes are cut short")
        if field == 16:
            sizes = struct.unpack_from(f">{count}H", data, first)
        elif field == 8:
            sizes = tuple(data[first:first + count])
        else:
            sizes = tuple((data[first + i // 2] >> (0 if i % 2 else 4)) & 0xF for i in range(count))
    else:
        raise VideoError("a track without its sample sizes")
    return count, list(itertools.accumulate(sizes, initial=0))


def _chunks(data: bytearray, stbl: tuple[int, int], split: bool = False) -> list[tuple[int, int]]:
    """Where a track's samples lie: (start, end) of each of its chunks, from its sample tables;
    `split`: of each sample (for a track whose samples are read one by one)."""
    tables = _children(data, *stbl)
    count, totals = _sample_sizes(data, tables)
    if b"stco" in tables or b"co64" in tables:
        wide = b"co64" in tables and b"stco" not in tables
        n, first = _table(data, tables[b"co64" if wide else b"stco"][0], 4, 8 if wide else 4, "chunk offsets")
        offsets = struct.unpack_from(f">{n}{'Q' if wide else 'I'}", data, first)
    else:
        raise VideoError("a track without its chunk offsets")
    if b"stsc" not in tables:
        raise VideoError("a track without its sample-to-chunk table")
    runs_n, first = _table(data, tables[b"stsc"][0], 4, 12, "sample-to-chunk table")
    runs = [struct.unpack_from(">II", data, first + 12 * i) for i in range(runs_n)]
    if any(b[0] <= a[0] for a, b in zip(runs, runs[1:])) or (runs and runs[0][0] != 1):
        raise VideoError("a track's sample-to-chunk table is out of order")
    chunks, sample, run = [], 0, -1
    for number, offset in enumerate(offsets, start=1):
        while run + 1 < len(runs) and runs[run + 1][0] <= number:
            run += 1
        if run < 0:
            raise VideoError("a track's sample tables do not agree")
        n = runs[run][1]
        if sample + n > count:
            raise VideoError("a track's sample tables do not agree (more samples in chunks than sizes)")
        length = totals[0] * n if len(totals) == 1 else totals[sample + n] - totals[sample]
        if split:
            for i in range(sample, sample + n):
                size = totals[0] if len(totals) == 1 else totals[i + 1] - totals[i]
                if size:
                    chunks.append((offset, offset + size))
                offset += size
        elif length:
            chunks.append((offset, offset + length))
        sample += n
    if sample != count:
        raise VideoError("a track's sample tables do not agree (samples without a chunk)")
    return chunks


def _trak_id(data: bytearray, trak: tuple[int, int]) -> int:
    """A track's id, from its header (`tkhd`)."""
    for tkhd, tkhd_end in _children(data, *trak).get(b"tkhd", [])[:1]:
        at = tkhd + (20 if data[tkhd] == 1 else 12)
        if at + 4 > tkhd_end:
            raise VideoError("a track's header is cut short")
        return _u32(data, at)
    raise VideoError("a track without its header")


def _track_ids(data: bytearray, moov: tuple[int, int]) -> set[int]:
    return {_trak_id(data, trak) for trak in _children(data, *moov).get(b"trak", [])}


def _fragment_runs(data: bytearray, moof: int, body: tuple[int, int], sizes: dict[int, int | None],
                   split: frozenset[int] = frozenset()) -> list[tuple[int, int, int]]:
    """Where the samples of one movie fragment lie: (track, start, end) of each track run (`trun`),
    read as ISO/IEC 14496-12 places them (8.8.7, 8.8.8), or of each sample of the tracks in `split`.
    `sizes`: each track's default sample size."""
    runs: list[tuple[int, int, int]] = []
    previous_end = moof
    for n, (traf, traf_end) in enumerate(_children(data, *body).get(b"traf", [])):
        boxes = _children(data, traf, traf_end)
        if b"tfhd" not in boxes:
            raise VideoError("a movie fragment without its track fragment header")
        head, head_end = boxes[b"tfhd"][0]
        flags, track = _u32(data, head) & 0xFFFFFF, _u32(data, head + 4)
        if track not in sizes:
            raise VideoError("a movie fragment of a track the file does not describe")
        at, base, default = head + 8, None, sizes[track]
        for bit, width in ((0x1, 8), (0x2, 4), (0x8, 4), (0x10, 4), (0x20, 4)):
            if flags & bit:
                if at + width > head_end:
                    raise VideoError("a track fragment header is cut short")
                if bit == 0x1:
                    base = int.from_bytes(data[at:at + 8], "big")
                elif bit == 0x10:
                    default = _u32(data, at)
                at += width
        if base is None:
            base = moof if flags & 0x20000 or n == 0 else previous_end
        position = base
        for trun, trun_end in boxes.get(b"trun", []):
            if trun_end - trun < 8:
                raise VideoError("a track run is cut short")
            tflags, count = _u32(data, trun) & 0xFFFFFF, _u32(data, trun + 4)
            at = trun + 8
            if tflags & 0x1:
                position = base + struct.unpack_from(">i", data, at)[0]
                at += 4
            at += 4 if tflags & 0x4 else 0
            fields = [bit for bit in (0x100, 0x200, 0x400, 0x800) if tflags & bit]
            if at + 4 * len(fields) * count > trun_end:
                raise VideoError("a track run is cut short")
            if tflags & 0x200:
                step, skip = 4 * len(fields), 4 * fields.index(0x200)
                each = [_u32(data, at + skip + step * i) for i in range(count)]
            elif default is None:
                raise VideoError("a track run without its sample sizes")
            else:
                each = [default] * count if track in split else []
            length = sum(each) if tflags & 0x200 else default * count
            if track in split:
                starts = itertools.accumulate(each, initial=position)
                runs += [(track, a, a + size) for a, size in zip(starts, each) if size]
            elif length:
                runs.append((track, position, position + length))
            position += length
        previous_end = position
    return runs


def _samples(data: bytearray, top: dict[bytes, list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """(start, end) of every place in the file where samples of the (picture and sound) tracks lie."""
    return [(start, end) for _, start, end in _track_samples(data, top)]


def _track_samples(data: bytearray, top: dict[bytes, list[tuple[int, int]]],
                   split: frozenset[int] = frozenset()) -> list[tuple[int, int, int]]:
    """(track id, start, end) of every place in the file where a track's samples lie: its chunks,
    or each of its samples for the tracks in `split`."""
    moov = top[b"moov"][0]
    found: list[tuple[int, int, int]] = []
    inside = _children(data, *moov)
    for trak in inside.get(b"trak", []):
        mdia = _children(data, *trak).get(b"mdia", [])
        minf = _children(data, *mdia[0]).get(b"minf", []) if mdia else []
        stbl = _children(data, *minf[0]).get(b"stbl", []) if minf else []
        if not stbl:
            raise VideoError("a track without its sample tables")
        number = _trak_id(data, trak)
        found += [(number, start, end) for start, end in _chunks(data, stbl[0], number in split)]
    sizes: dict[int, int | None] = dict.fromkeys(_track_ids(data, moov))
    for mvex in inside.get(b"mvex", []):
        for body, end in _children(data, *mvex).get(b"trex", []):
            if end - body < 24:
                raise VideoError("a track's fragment defaults are cut short")
            if _u32(data, body + 4) in sizes:
                sizes[_u32(data, body + 4)] = _u32(data, body + 16)
    moofs = [(pos, (pos + header, pos + size)) for pos, header, size, kind in _mp4_boxes(data, 0, len(data))
             if kind == b"moof"]
    for moof, body in moofs:
        found += _fragment_runs(data, moof, body, sizes, split)
    return found


def _zero_unused_media_data(data: bytearray) -> None:
    """Zero every byte of the media data (`mdat`) that is no sample of a kept track; refuse a file
    whose samples lie elsewhere (then its tables are not what they seem)."""
    top = _children(data, 0, len(data))
    media = sorted(top.get(b"mdat", []))
    used: dict[int, list[tuple[int, int]]] = {i: [] for i in range(len(media))}
    starts = [start for start, _ in media]
    for start, end in _samples(data, top):
        i = bisect.bisect_right(starts, start) - 1
        if i < 0 or end > media[i][1]:
            raise VideoError("samples outside the media data ('mdat')")
        used[i].append((start, end))
    for i, (start, end) in enumerate(media):
        position = start
        for a, b in sorted(used[i]) + [(end, end)]:
            if a > position:
                data[position:a] = bytes(a - position)
            position = max(position, b)


#: Picture codecs whose samples are NAL units, each with its length in front (ISO/IEC 14496-15),
#: by sample entry: the configuration box that says how long that length is, and the codec.
_NAL_CODECS = {b"avc1": (b"avcC", "avc"), b"avc3": (b"avcC", "avc"), b"hvc1": (b"hvcC", "hevc"), b"hev1": (b"hvcC", "hevc")}
#: Picture codecs whose samples the build reads (default deny: any other picture is refused):
#: H.264 and H.265 (their user-data SEI messages blanked), AV1 (its metadata OBUs made padding),
#: and VP8 and VP9, whose pictures have no place for free data (their configurations' unused bytes
#: are zeroed: _vp_configuration, _webm_vp_private). Motion JPEG (every frame a JPEG,
#: EXIF and GPS included), MPEG-4 Part 2 (user data), ProRes and the rest are not read.
_PICTURE_CODECS = {*_NAL_CODECS, b"av01", b"vp08", b"vp09"}
#: The same in WebM, by CodecID.
_WEBM_PICTURE_CODECS = {"V_VP8", "V_VP9", "V_AV1"}
#: AV1 OBU types (AV1 specification, 5.3.1): metadata (free data: HDR levels, but also any
#: registered or private data a camera writes), and padding, which every decoder skips.
_OBU_METADATA, _OBU_PADDING = 5, 15
#: AV1 OBU types a decoder reads as the picture (AV1 specification, 6.2.2): sequence header (1),
#: temporal delimiter (2), frame header (3), tile group (4), frame (6), redundant frame header (7).
#: Every other OBU is made padding with its payload zeroed: metadata (5), a tile list (8: only for
#: large-scale tile decoding, which no player does, and which the AV1 ISOBMFF binding forbids in a
#: sample), the reserved types (0, 9-14: decoders must ignore them, so any bytes can sit there)
#: and padding itself (15: its payload is bytes every decoder skips).
_OBU_PICTURE = {1, 2, 3, 4, 6, 7}


def _unknown_picture(codec: str) -> str:
    return (f"a picture coded as '{codec.strip()}': Hromada cleans H.264, H.265, AV1, VP8 and VP9 pictures only; "
            "export the video as MP4 with H.264, e.g. ffmpeg -i in.mov -c:v libx264 -c:a aac out.mp4")


def _leb128(data: bytearray, pos: int, end: int) -> tuple[int, int]:
    """(value, length) of an unsigned LEB128 number at data[pos:end] (AV1's OBU sizes)."""
    value = 0
    for i in range(8):
        if pos + i >= end:
            break
        byte = data[pos + i]
        value |= (byte & 0x7F) << (7 * i)
        if not byte & 0x80:
            return value, i + 1
    raise VideoError("an AV1 picture sample that is not whole OBUs")


def _blank_av1_metadata(data: bytearray, start: int, end: int) -> None:
    """Every OBU in data[start:end] (an AV1 sample, or the configuration's OBUs) that is not part
    of the picture (_OBU_PICTURE: metadata, padding, a tile list, a reserved type) made a padding
    OBU of the same size with its payload zeroed: decoders skip padding, so the picture decodes as
    before and no offset changes. (Padding OBUs and reserved types were published as they were:
    room for any bytes.) Anything that is not whole OBUs is refused."""
    pos = start
    while pos < end:
        header = data[pos]
        if header & 0x80:  # the forbidden bit
            raise VideoError("an AV1 picture sample that is not whole OBUs")
        body = pos + 1 + (1 if header & 0x04 else 0)  # an extension byte follows the header
        if header & 0x02:  # its size is written
            size, length = _leb128(data, body, end)
            body += length
        else:  # the last OBU of the sample
            size = end - body
        if body + size > end:
            raise VideoError("an AV1 picture sample that is not whole OBUs")
        if (header >> 3) & 0x0F not in _OBU_PICTURE:
            data[pos] = (header & 0x87) | (_OBU_PADDING << 3)
            data[body:body + size] = bytes(size)
        pos = body + size


def _av1_configuration(data: bytearray, start: int, end: int, where: str) -> None:
    """Read an AV1 configuration record (MP4 `av1C`, WebM CodecPrivate; data[start:end]; AV1
    ISOBMFF binding 2.3.3): a marker bit and version 1 (the byte 0x81), 3 bytes of profile, level
    and format, then OBUs, which _blank_av1_metadata cleans. A record whose first byte is not 0x81
    is refused: FFmpeg reads one without the marker bit as OBUs from its first byte (the binding's
    marker is there so a record is never taken for an OBU), so the OBUs read here would not be
    those a player reads; one shorter than 4 bytes is refused as cut short. Reserved bits (3, and
    4 more when no initial presentation delay is given) are set to 0, as the binding writes them."""
    if end - start < 4:
        raise VideoError(f"an AV1 picture track's configuration ({where}) cut short; {_REEXPORT}")
    if data[start] != 0x81:
        raise VideoError(f"an AV1 picture track's configuration ({where}) that does not start as one of version 1 "
                         f"does (0x81, found 0x{data[start]:02x}); {_REEXPORT}")
    data[start + 3] &= 0x1F if data[start + 3] & 0x10 else 0x10
    _blank_av1_metadata(data, start + 4, end)


#: `vpcC` (VP Codec ISO Media File Format Binding, 2.2; FFmpeg's libavformat/vpcc.c): a FullBox
#: whose fields take, by version, 6 bytes (1: profile, level, bit depth with chroma subsampling
#: and full range, colour primaries, transfer, matrix) or 4 (0, the draft older FFmpeg wrote:
#: profile, level, bit depth with colour space, chroma subsampling with transfer and full range);
#: then codecIntializationDataSize (16 bits) and that many bytes of codecIntializationData.
_VPCC_FIELDS = {0: 4, 1: 6}


def _vp_configuration(data: bytearray, start: int, end: int) -> None:
    """Clean a VP8 or VP9 configuration (`vpcC` body, data[start:end]) in place. The binding says
    codecIntializationData is "not used for VP8 and VP9" and its size "must be 0": no decoder reads
    it (FFmpeg writes none and reads only the fields), so it is room for any bytes. It is blanked,
    not refused (the picture plays the same without it, as with an Opus configuration's bytes past
    its fields): those bytes, any byte after them in the box, and the FullBox's flags (0 for
    `vpcC`) are zeroed; the fields and the size are kept. A box of another version (its fields
    could not be told), cut short, or whose data runs past it is refused; FFmpeg writes the box
    anew from the picture's parameters when the video is copied."""
    name = "a VP8 or VP9 picture track whose configuration ('vpcC')"
    if end > start and data[start] not in _VPCC_FIELDS:
        raise VideoError(f"{name} is of an unknown version ({data[start]}); {_REWRITE_CONFIGURATION}")
    size_at = start + 4 + _VPCC_FIELDS[data[start]] if end > start else end
    if size_at + 2 > end or size_at + 2 + int.from_bytes(data[size_at:size_at + 2], "big") > end:
        raise VideoError(f"{name} is cut short; {_REWRITE_CONFIGURATION}")
    data[start + 1:start + 4] = bytes(3)
    data[size_at + 2:end] = bytes(end - size_at - 2)


#: WebM's VP9 CodecPrivate (WebM codec mapping, "VP9 codec feature metadata"): features, each an ID
#: byte, a length byte (1) and a value: 1 profile, 2 level, 3 bit depth, 4 chroma subsampling.
_VP9_FEATURES = {1, 2, 3, 4}


def _webm_vp_private(data: bytearray, start: int, end: int, codec: str) -> None:
    """Clean a WebM VP8 or VP9 track's CodecPrivate (data[start:end]) in place: VP8 defines none,
    and of VP9's only the features (_VP9_FEATURES) are known; decoders read neither (FFmpeg's VP8
    and VP9 decoders take no configuration). Every byte from the first that is not such a feature
    (all of a VP8's) is zeroed, as a `vpcC`'s unused data is (_vp_configuration): room for any
    bytes, which went out as they were."""
    pos = start
    while codec == "V_VP9" and pos + 3 <= end and data[pos] in _VP9_FEATURES and data[pos + 1] == 1:
        pos += 3
    data[pos:end] = bytes(end - pos)


#: In the configuration box, the byte whose low two bits are the length's size less one.
_LENGTH_AT = {"avc": 4, "hevc": 21}
#: SEI messages that carry free data (ITU-T H.264/H.265 D.1: 4, registered by a T.35 country
#: code; 5, unregistered, by a UUID): cameras write their model, GPS, times and settings there,
#: encoders their name and options; and H.265's time code (136), where cameras write the time of
#: day of the recording. A player needs none of it. (H.264 keeps a time of day in its picture
#: timing message, _PICTURE_TIMING, whose other fields a player needs: see _blank_clock_time.)
#: They are blanked as every type not in _SEI_KEEP is; named here for what they are.
_SEI_USER_DATA = {"avc": {4, 5}, "hevc": {4, 5, 136}}
#: H.264's picture timing SEI message: its clock timestamps (when the SPS has pic_struct_present_flag)
#: can hold the time of day of the recording, which a camcorder writes there.
_PICTURE_TIMING = 1
#: H.264 SEI messages that carry other SEI messages for a layer or a view (30: SVC's scalable
#: nesting, 37: MVC's, in 3D camcorders' video, 48: MVCD's, MVC with depth maps, Annex J; the
#: numbers checked against FFmpeg's libavcodec/sei.h): a picture timing message, with its clock,
#: or user data can be inside; they are not read, so a picture holding one is refused.
_AVC_NESTING = {30: "SVC", 37: "MVC", 48: "MVC with depth"}
#: H.265 SEI messages that are not read, so a picture holding one is refused (ITU-T H.265 D.2.1):
#: those that carry other SEI messages inside (user data or a time code can be among them: 133
#: scalable nesting, 157 regional nesting, 159 MCTS extraction information nesting, 162 bitstream
#: partition nesting), and those whose fields hold free bytes or text (158: parameter sets for
#: extracting tiles, bytes a decoder does not read; 166: overlay information, its names and
#: languages as strings; 201: SEI prefix indication, any bits; 202: annotated regions, its
#: objects' labels as strings). No camera or common encoder writes them.
_HEVC_UNREAD = {133: "nesting others (scalable nesting)", 157: "nesting others (regional nesting)",
                159: "nesting others (MCTS extraction information nesting)",
                162: "nesting others (bitstream partition nesting)", 158: "holding free bytes (MCTS extraction information)",
                166: "holding free text (overlay information)", 201: "holding free bits (SEI prefix indication)",
                202: "holding free text (annotated regions' labels)"}
#: How to export an H.265 video without its SEI messages (prefix, 39, and suffix, 40): the
#: picture is not re-encoded and a decoder needs none of them to show it.
_NO_HEVC_SEI = ("export the video without its SEI messages, e.g. ffmpeg -i in.mp4 -c copy "
                "-bsf:v filter_units=remove_types=39-40 out.mp4")
#: H.264 NAL unit types: a slice (non-IDR, data partition A, IDR), an SPS, a PPS.
_AVC_SLICES, _AVC_SPS, _AVC_PPS = (1, 2, 5), 7, 8
#: How to export a video whose picture timing messages the build cannot read or blank: without any
#: SEI message (a decoder needs none to show the picture), the picture not re-encoded.
_NO_SEI = ("export the video without its SEI messages, e.g. ffmpeg -i in.mp4 -c copy "
           "-bsf:v filter_units=remove_types=6 out.mp4")
#: How to export a video whose H.264 or H.265 configuration box (`avcC`, `hvcC`) is missing or
#: cannot be read: FFmpeg's MP4 writer makes the box anew (from the parameter sets in the samples);
#: so it does a VP8 or VP9 one (`vpcC`, from the picture's parameters: libavformat/vpcc.c).
_REWRITE_CONFIGURATION = ("export the video again, e.g. ffmpeg -i in.mp4 -c copy out.mp4 (which writes the "
                          "configuration anew), or from the editor")
#: How to export a video whose H.264 or H.265 configuration box cannot be read as it stands (of an
#: unknown version, twice, or entries that disagree): FFmpeg copies such a box as it is.
_REEXPORT = ("export the video again from the editor, or with its picture encoded anew, e.g. ffmpeg -i in.mp4 "
             "-c:v libx264 -c:a copy out.mp4")
#: SEI messages kept byte for byte (ITU-T H.264 and H.265 Annex D): those a player uses, whose
#: fields are numbers only. Default deny: every other message's payload is blanked in place
#: (_blank_sei), except user data and time codes (_SEI_USER_DATA, blanked too), picture timing
#: (its clock blanked), filler (_SEI_FILLER) and the types refused (_AVC_NESTING, _HEVC_UNREAD).
#: Decoders skip SEI messages they do not use (and must skip reserved types): a picture needs
#: none of them to decode, so a blanked one decodes as before.
_SEI_KEEP = {
    "avc": {
        0: "buffering period: the HRD's delays (SPS id, CPB removal delays and offsets)",
        1: "picture timing: the HRD's delays, pic_struct (fields, repeats); its clock is blanked apart",
        2: "pan-scan rectangle: display offsets and a repetition period",
        6: "recovery point: where decoding may start (frame count and flags); FFmpeg uses it",
        19: "film grain characteristics: grain model numbers FFmpeg applies to the shown picture",
        45: "frame packing arrangement: how a 3D picture's two views are packed; players use it",
        47: "display orientation: flips and a rotation angle; players rotate the picture by it",
        137: "mastering display colour volume: primaries, white point, luminances (HDR)",
        144: "content light level: the brightest pixel's and frame's light level (HDR)",
        147: "alternative transfer characteristics: one transfer function number (HLG)",
        148: "ambient viewing environment: an illuminance and a light's chromaticity",
    },
    "hevc": {
        0: "buffering period: the HRD's delays (SPS id, CPB removal delays and offsets)",
        1: "picture timing: pic_struct, scan type, duplicate flag and the HRD's delays (no clock: "
           "H.265 keeps that in its time code, 136, blanked)",
        2: "pan-scan rectangle: display offsets and a repetition period",
        6: "recovery point: where decoding may start (a picture count and flags); FFmpeg uses it",
        19: "film grain characteristics: grain model numbers FFmpeg applies to the shown picture",
        45: "frame packing arrangement: how a 3D picture's two views are packed; players use it",
        47: "display orientation: flips and a rotation angle; players rotate the picture by it",
        132: "decoded picture hash: an MD5, CRC or checksum of the decoded picture, which a decoder "
             "may check; it says nothing the published picture does not (x265 writes it)",
        137: "mastering display colour volume: primaries, white point, luminances (HDR)",
        144: "content light level: the brightest pixel's and frame's light level (HDR)",
        147: "alternative transfer characteristics: one transfer function number (HLG)",
        148: "ambient viewing environment: an illuminance and a light's chromaticity",
    },
}
#: Kept messages whose fields have a fixed size, in bytes (the same in H.264 and H.265; checked
#: against FFmpeg's libavcodec/cbs_sei_syntax_template.c): bytes a message has past them are no
#: field a player reads (H.265 calls them a payload extension), so they are blanked as an unknown
#: message's are. So are those past the fields of the kept messages h264.sei_fields_bits reads
#: (h264.SEI_FIELDS_READ): pan-scan, recovery point, film grain, frame packing, display
#: orientation, decoded picture hash (_kept_fields).
_SEI_FIELDS_SIZE = {137: 24, 144: 4, 147: 1, 148: 8}
#: The filler payload SEI message (H.264 and H.265 D.2.3): its payload must be 0xFF bytes; every
#: one is written as 0xFF (which never forms a start code).
_SEI_FILLER = 3
#: Filler data NAL units (H.264 type 12, H.265 type 38): 0xFF bytes, then the trailing bits (0x80).
_FILLER_NAL = {"avc": 12, "hevc": 38}
#: What a blanked byte of such a message becomes: never 0, so that no new `00 00 0x` sequence
#: (a start code, or an escape the decoder would remove) is formed and the unit keeps its length.
_BLANK = 0x2A
#: NAL unit types a decoder reads for the picture, kept as they are (ITU-T H.264 Table 7-1, H.265
#: Table 7-1). H.264: slices (1-5), SPS (7), PPS (8), SPS extension (13: numbers only, which an
#: `avcC` may hold). H.265: the slices (0-9, 16-21), VPS, SPS and PPS (32-34). The SEI units (H.264
#: 6, H.265 39 and 40) and filler data (12, 38) are cleaned apart (_blank_sei, _blank_filler_data);
#: the access unit delimiter and the end of sequence, stream or bitstream keep their fields only
#: (_FIELDS_ONLY_NAL). Default deny: every other type is blanked (_blank_unit) or refused
#: (_AVC_REFUSED_NAL).
_PICTURE_NAL = {"avc": frozenset({1, 2, 3, 4, 5, 7, 8, 13}),
                "hevc": frozenset({*range(0, 10), *range(16, 22), 32, 33, 34})}
#: Units whose fields are short and fixed, by codec and type: how many bytes of their payload (after
#: the header) the fields and trailing bits take. An access unit delimiter (H.264 9, H.265 35) is
#: 3 bits of picture type and its trailing bits, one byte; an end of sequence (10, 36), of stream
#: (11) or of bitstream (37) has none. FFmpeg reads none of their bytes (libavcodec/h264dec.c,
#: hevc/hevcdec.c), so bytes past them were room for any data: they are blanked (_blank_past).
_FIELDS_ONLY_NAL = {"avc": {9: 1, 10: 0, 11: 0}, "hevc": {35: 1, 36: 0, 37: 0}}
#: H.264 NAL unit types that are another picture than the one a page shows, refused (not blanked:
#: a decoder that reads them would read the blanked bytes as a picture): SVC's and MVC's prefix
#: (14), subset SPS (15) and slices of a second layer or view (20: a 3D camcorder's other eye),
#: 3D-AVC's depth slices (21), and an auxiliary picture (19: an alpha plane, a picture of its own
#: that no browser shows and no reviewer sees). FFmpeg decodes none of them (h264dec.c skips them):
#: removing them leaves the picture a player shows as it is, without encoding it anew. A
#: picture holding an SVC, MVC or MVCD nesting message is refused likewise (_AVC_NESTING).
_AVC_REFUSED_NAL = {14: "an SVC or MVC prefix", 15: "a subset SPS (SVC or MVC)",
                    19: "an auxiliary picture's slice (an alpha plane)",
                    20: "a slice of a second layer or view (SVC or MVC)", 21: "a slice of a depth view (3D-AVC)"}
#: How to export a video without the H.264 units of _AVC_REFUSED_NAL (and the reserved 16-18): the
#: picture a player shows is not encoded anew.
_NO_LAYERS = ("export the video with its base picture only, e.g. ffmpeg -i in.mp4 -c copy "
              "-bsf:v filter_units=remove_types=14-21 out.mp4")


def _nal_tracks(data: bytearray, moov: tuple[int, int]) -> dict[int, tuple[str, int]]:
    """Track id -> (codec, length size) of every picture track whose samples are NAL units,
    and ("av1", 0) of every AV1 picture track (its samples are OBUs). Every H.264 or H.265 sample
    entry of a track is read (_nal_length_size): one the samples cannot be read with is refused,
    as are entries that say different length sizes (the samples would be read with one entry's)."""
    found: dict[int, tuple[str, int]] = {}
    for trak in _children(data, *moov).get(b"trak", []):
        mdia = _children(data, *trak).get(b"mdia", [])
        minf = _children(data, *mdia[0]).get(b"minf", []) if mdia else []
        stbl = _children(data, *minf[0]).get(b"stbl", []) if minf else []
        stsd = _children(data, *stbl[0]).get(b"stsd", []) if stbl else []
        entries = list(_mp4_boxes(data, stsd[0][0] + 8, stsd[0][1])) if stsd else []
        if any(kind == b"av01" for *_, kind in entries):
            found[_trak_id(data, trak)] = ("av1", 0)
            continue
        nal = {(_NAL_CODECS[kind][1], _nal_length_size(data, pos + header, pos + size, kind))
               for pos, header, size, kind in entries if kind in _NAL_CODECS}
        if len(nal) > 1:
            raise VideoError("a picture track whose sample descriptions differ in the size of a NAL unit's length; "
                             f"{_REEXPORT}")
        if nal:
            found[_trak_id(data, trak)] = nal.pop()
    return found


def _nal_length_size(data: bytearray, body: int, stop: int, kind: bytes) -> int:
    """How many bytes long the length in front of each NAL unit of an H.264 or H.265 sample entry's
    samples (data[body:stop]) is, from its configuration box (`avcC`, `hvcC`). An entry without
    that box, with two, or with one whose first byte (configurationVersion) is not 1 or that is
    too short to say the length's size, is refused: FFmpeg reads such an entry's samples as a
    stream of start codes (Annex B), not as units with their length in front, so they could not be
    read here as a player reads them, and their user data (a camera's GPS) would go through."""
    config, codec = _NAL_CODECS[kind]
    name = "H.264" if codec == "avc" else "H.265"
    bodies = [(at + inner, at + length) for at, inner, length, child in _entry_children(data, body + _VISUAL_FIXED, stop)
              if child == config]
    if not bodies:
        raise VideoError(f"an {name} picture track without its configuration ('{config.decode()}'), so its pictures "
                         f"cannot be read; {_REWRITE_CONFIGURATION}")
    if len(bodies) > 1:  # a player could read the one not read here
        raise VideoError(f"an {name} picture track naming its configuration ('{config.decode()}') twice; {_REEXPORT}")
    start, end = bodies[0]
    if end - start <= _LENGTH_AT[codec]:
        raise VideoError("a picture track's codec configuration is cut short")
    if data[start] != 1:
        raise VideoError(f"an {name} picture track whose configuration ('{config.decode()}') is of an unknown version "
                         f"({data[start]}); {_REEXPORT}")
    return (data[start + _LENGTH_AT[codec]] & 3) + 1


def _decoded_places(data: bytearray, start: int, end: int, codec: str) -> list[int]:
    """Where each byte a decoder reads of the NAL unit data[start:end] (after its header) lies in
    the file: an escape `03` after two zero bytes is no data (H.264/H.265 7.4.1)."""
    places, zeros = [], 0
    for p in range(start + (1 if codec == "avc" else 2), end):
        if zeros >= 2 and data[p] == 3:
            zeros = 0
            continue
        places.append(p)
        zeros = zeros + 1 if data[p] == 0 else 0
    return places


def _blank_sei(data: bytearray, start: int, end: int, codec: str,
               timing: Callable[[], h264.PictureTiming] | None = None) -> None:
    """Blank, in place, the free data of the SEI NAL unit data[start:end], default deny: every
    message of a type not kept (_SEI_KEEP) has its payload blanked, user data (_SEI_USER_DATA)
    and unknown or reserved types alike, as have the bytes past a kept message's fixed fields
    (_SEI_FIELDS_SIZE); the clock time of an H.264 picture timing message is blanked
    (_blank_clock_time, read with `timing`: the picture's SPS, asked for only when such a message
    is there); a filler message's payload becomes 0xFF bytes; nesting messages and H.265 ones the
    gate does not read are refused. Its bytes are read as the decoder reads them (an escape `03`
    after two zero bytes is no data); a blanked payload byte that is not zero becomes _BLANK and
    escapes stay escapes, so every message keeps its place and size and the unit still decodes.
    A filler message whose 0xFF bytes would turn an escape into data is refused."""
    places = _decoded_places(data, start, end, codec)
    before = bytes(data[start:end])
    i, n = 0, len(places) - 1  # the last byte holds the stop bit
    while i < n:
        values = []
        for _ in range(2):  # the message's type, then its size: 0xFF bytes, then one more, summed
            value = 0
            while i < n and data[places[i]] == 0xFF:
                value, i = value + 255, i + 1
            if i >= n:
                return
            values.append(value + data[places[i]])
            i += 1
        kind, payload = values[0], places[i:min(i + values[1], n)]
        if kind == _PICTURE_TIMING and codec == "avc" and timing is not None:
            _blank_clock_time(data, start, end, places, slice(i, i + values[1]), timing())
        elif kind in _AVC_NESTING and codec == "avc":
            raise VideoError(f"an H.264 SEI message nesting others for a layer or view ({kind}: {_AVC_NESTING[kind]}), "
                             f"which Hromada does not read; {_NO_SEI}")
        elif kind in _HEVC_UNREAD and codec == "hevc":
            raise VideoError(f"an H.265 SEI message {_HEVC_UNREAD[kind]}, type {kind}, which Hromada "
                             f"does not read; {_NO_HEVC_SEI}")
        elif kind == _SEI_FILLER:
            for p in payload:
                data[p] = 0xFF
            if _decoded_places(data, start, end, codec) != places:
                data[start:end] = before
                raise VideoError("an SEI filler message whose bytes cannot be made 0xFF in place (they hold an "
                                 f"escape); {_NO_SEI if codec == 'avc' else _NO_HEVC_SEI}")
        elif kind not in _SEI_KEEP[codec] or kind in _SEI_FIELDS_SIZE or kind in h264.SEI_FIELDS_READ:
            for p in payload[_kept_fields(kind, bytes(data[p] for p in payload), codec):]:
                if data[p]:
                    data[p] = _BLANK
        i += values[1]


def _kept_fields(kind: int, payload: bytes, codec: str) -> int:
    """How many bytes at the start of an SEI message's payload (its decoded bytes) are kept: none
    of a message not kept (_SEI_KEEP); of a kept one, its fields: a fixed size (_SEI_FIELDS_SIZE)
    or as many bytes as its fields' bits fill (h264.sei_fields_bits: the last byte's alignment bits
    with them). The bytes after a kept message's fields are no field a player reads, so they are
    blanked as an unknown message's are; so is the whole payload of a message too short for its
    fields, which is no message a player can use. The HRD's messages (buffering period, H.265's
    picture timing), read only with parameter sets, are kept whole."""
    if kind not in _SEI_KEEP[codec]:
        return 0
    if kind in _SEI_FIELDS_SIZE:
        return _SEI_FIELDS_SIZE[kind]
    if kind not in h264.SEI_FIELDS_READ:
        return len(payload)
    try:
        return (h264.sei_fields_bits(kind, payload, codec == "hevc") + 7) // 8
    except h264.H264Error:
        return 0


def _blank_filler_data(data: bytearray, start: int, end: int, codec: str) -> None:
    """A filler data NAL unit (data[start:end], _FILLER_NAL) made what the standard says it is:
    0xFF bytes, then the trailing bits (0x80), written in place over the bytes a decoder reads.
    One whose new bytes would turn an escape into data (its old bytes held `00 00 03`) is refused."""
    places = _decoded_places(data, start, end, codec)
    before = bytes(data[start:end])
    for p in places:
        data[p] = 0xFF
    if places:
        data[places[-1]] = 0x80
    if _decoded_places(data, start, end, codec) != places:
        data[start:end] = before
        name = "H.264" if codec == "avc" else "H.265"
        raise VideoError(f"an {name} filler data unit whose bytes cannot be made filler in place (they hold an "
                         f"escape); export the video without it, e.g. ffmpeg -i in.mp4 -c copy "
                         f"-bsf:v filter_units=remove_types={_FILLER_NAL[codec]} out.mp4")


def _blank_clock_time(data: bytearray, start: int, end: int, places: list[int], message: slice,
                      timing: h264.PictureTiming) -> None:
    """The time values of every clock timestamp of the H.264 picture timing message whose payload
    is the decoded bytes places[message] of the SEI unit data[start:end] set to h264.blank_value
    (the same for every picture of every file), every other bit kept: the message keeps its size
    and the picture decodes as before (a decoder does not use the clock to decode); escapes stay
    escapes (_blanked_payload). What was written is read again. A message cut short, or not read
    to its size with `timing`, or whose new bytes would form a `00 00 0x` sequence the unit did
    not have (a start code: the decoder would cut the unit there), is refused: not published."""
    if message.stop > len(places) - 1:
        raise VideoError(f"an H.264 picture timing message cut short; {_NO_SEI}")
    payload = bytes(data[p] for p in places[message])
    try:
        clocks = h264.clock_fields(payload, timing)
    except h264.H264Error as exc:
        raise VideoError(f"an H.264 picture timing message Hromada cannot read ({exc}); {_NO_SEI}") from exc
    if not clocks:
        return
    escapes = {j - message.start for j in range(1, len(places)) if places[j] - places[j - 1] > 1}
    before = bytes(data[start:end])
    for p, byte in zip(places[message], _blanked_payload(payload, clocks, escapes)):
        data[p] = byte
    if _decoded_places(data, start, end, "avc") != places or _start_codes(data[start:end]) != _start_codes(before):
        data[start:end] = before
        raise VideoError(f"an H.264 picture timing message whose clock time cannot be blanked in place; {_NO_SEI}")


def _blanked_payload(payload: bytes, clocks: list[h264.ClockField], escapes: set[int]) -> bytes:
    """The payload with every clock value set to h264.blank_value, its other bits kept. `escapes`:
    the payload's byte indices that an escape `03` precedes in the file (any index: those outside
    the payload matter too). The two bytes before an escape must stay zero, so the values' bits in
    them are cleared; in the byte after one, the values' bits of weight 4 and up are cleared (an
    escape is followed by 00-03). Clearing bits only lowers a value: each stays within its range."""
    total, value, mask = 8 * len(payload), int.from_bytes(payload, "big"), 0
    for clock in clocks:
        shift = total - clock.bit - clock.width
        ones = ((1 << clock.width) - 1) << shift
        value, mask = value & ~ones | h264.blank_value(clock) << shift, mask | ones
    new, masks = bytearray(value.to_bytes(len(payload), "big")), mask.to_bytes(len(payload), "big")
    for k in range(len(payload)):
        if k + 1 in escapes or k + 2 in escapes:
            new[k] &= ~masks[k]
        elif k in escapes:
            new[k] &= ~(masks[k] & 0xFC)
    return bytes(new)


def _start_codes(unit: bytes | bytearray) -> set[int]:
    """Where in a NAL unit's bytes a decoder would see a start code (`00 00 00`, `01`, `02`), or an
    escape followed by what no escape is (`00 00 03` and a byte above 3)."""
    found, at = set(), unit.find(b"\x00\x00")
    while at >= 0:
        if at + 2 < len(unit) and (unit[at + 2] <= 2 or (unit[at + 2] == 3 and at + 3 < len(unit) and unit[at + 3] > 3)):
            found.add(at)
        at = unit.find(b"\x00\x00", at + 1)
    return found


@dataclass
class _ParameterSets:
    """An H.264 track's parameter sets as a decoder holds them, sample after sample: each SPS's
    RBSP and each PPS's SPS id, by id (several when the track's sample entries name one id twice,
    differently); `broken`: one whose id could not be read (any might then be the one a picture
    uses). Read only when a picture timing message asks (_picture_timing)."""
    sps: dict[int, tuple[bytes, ...]] = field(default_factory=dict)
    pps: dict[int, tuple[int, ...]] = field(default_factory=dict)
    broken: bool = False

    def remember(self, nal: bytes | bytearray, added: bool = False) -> None:
        """Take in an SPS or PPS NAL unit (`added`: beside the ones of another sample entry)."""
        kind = nal[0] & 0x1F if nal else 0
        try:
            if kind == _AVC_SPS:
                raw = h264.rbsp(bytes(nal))
                key, value, table = h264.sps_id(raw), raw, self.sps
            elif kind == _AVC_PPS:
                key, value = h264.pps_ids(h264.rbsp(bytes(nal[:16])))
                table = self.pps
            else:
                return
        except h264.H264Error:
            self.broken = True
            return
        table[key] = tuple(dict.fromkeys(table.get(key, ()) + (value,))) if added else (value,)


def _avc_parameter_sets(data: bytearray, moov: tuple[int, int]) -> dict[int, _ParameterSets]:
    """Track id -> the parameter sets of its H.264 sample entries' `avcC` boxes (ISO/IEC 14496-15,
    5.3.3.1: a count of SPSs, each with its length in front, then of PPSs). A box that does not
    read so makes the sets `broken`; that matters only to a picture timing message."""
    found: dict[int, _ParameterSets] = {}
    for trak in _children(data, *moov).get(b"trak", []):
        mdia = _children(data, *trak).get(b"mdia", [])
        minf = _children(data, *mdia[0]).get(b"minf", []) if mdia else []
        stbl = _children(data, *minf[0]).get(b"stbl", []) if minf else []
        stsd = _children(data, *stbl[0]).get(b"stsd", []) if stbl else []
        for pos, header, size, kind in (_mp4_boxes(data, stsd[0][0] + 8, stsd[0][1]) if stsd else ()):
            if _NAL_CODECS.get(kind, (b"", ""))[1] != "avc" or size - header < _VISUAL_FIXED:
                continue
            sets = found.setdefault(_trak_id(data, trak), _ParameterSets())
            configs = [(at + inner, at + length) for at, inner, length, name in
                       _entry_children(data, pos + header + _VISUAL_FIXED, pos + size) if name == b"avcC"]
            for body, stop in configs:
                _avc_config_sets(data, body, stop, sets)
            sets.broken |= not configs
    return found


def _avc_config_sets(data: bytearray, body: int, stop: int, sets: _ParameterSets) -> None:
    """Take in the SPSs and PPSs of the `avcC` box body data[body:stop] (after 5 bytes: a count of
    SPSs in 5 bits, each with a 2-byte length in front; a count of PPSs in a byte, the same)."""
    at = body + 5
    for count_mask in (0x1F, 0xFF):
        if at >= stop:
            sets.broken = True
            return
        count, at = data[at] & count_mask, at + 1
        for _ in range(count):
            length = int.from_bytes(data[at:at + 2], "big")
            if at + 2 + length > stop:
                sets.broken = True
                return
            sets.remember(data[at + 2:at + 2 + length], added=True)
            at += 2 + length


def _picture_timing(data: bytearray, nals: list[tuple[int, int]], sets: _ParameterSets) -> h264.PictureTiming:
    """What the SPS of the picture in `nals` (a sample's NAL units: (start, size)) says about its
    timing message: the SPS of the PPS its first slice names; without a slice, any of the track's,
    if they all say the same. A picture whose SPS is not there, cannot be read, or cannot be told
    from others that say something else is refused: its message cannot be read for sure."""
    without = f"an H.264 picture timing message without the parameter sets that say how to read it; {_NO_SEI}"
    first = next(((pos, size) for pos, size in nals if data[pos] & 0x1F in _AVC_SLICES), None)
    if sets.broken:
        raise VideoError(f"an H.264 picture timing message whose parameter sets Hromada cannot read; {_NO_SEI}")
    if first is None:
        ids: tuple[int, ...] = tuple(sets.sps)
    else:
        try:
            pps = h264.slice_pps_id(h264.rbsp(bytes(data[first[0]:first[0] + min(first[1], 48)])))
        except h264.H264Error as exc:
            raise VideoError(f"an H.264 slice whose header Hromada cannot read; {_NO_SEI}") from exc
        ids = sets.pps.get(pps, ())
    options = [raw for i in ids for raw in sets.sps.get(i, ())]
    if not options or any(i not in sets.sps for i in ids):
        raise VideoError(without)
    try:
        timings = {_sps_timing(raw) for raw in options}
    except h264.H264Error as exc:
        raise VideoError(f"an H.264 picture timing message whose sequence parameter set Hromada cannot read "
                         f"({exc}); {_NO_SEI}") from exc
    if len(timings) > 1:
        raise VideoError(f"an H.264 picture timing message whose sequence parameter set cannot be told from "
                         f"another that reads it otherwise; {_NO_SEI}")
    return timings.pop()


@functools.lru_cache(maxsize=64)
def _sps_timing(raw: bytes) -> h264.PictureTiming:
    return h264.sps_timing(raw)


def _sound_tracks(data: bytearray, moov: tuple[int, int]) -> dict[int, tuple[str, int]]:
    """Track id -> (codec, streams) of every sound track whose samples are read one by one: Opus
    (how many streams a packet holds, from its `dOps`), AAC and FLAC (0)."""
    found: dict[int, tuple[str, int]] = {}
    for trak in _children(data, *moov).get(b"trak", []):
        mdia = _children(data, *trak).get(b"mdia", [])
        if not mdia or _track_kind(data, *mdia[0]) != b"soun":
            continue
        minf = _children(data, *mdia[0]).get(b"minf", [])
        stbl = _children(data, *minf[0]).get(b"stbl", []) if minf else []
        stsd = _children(data, *stbl[0]).get(b"stsd", []) if stbl else []
        streams = set()
        for pos, header, size, kind in (_mp4_boxes(data, stsd[0][0] + 8, stsd[0][1]) if stsd else ()):
            if kind == b"Opus":  # (its version and length were checked by _sound_entries)
                body = pos + header
                fixed = body + _SOUND_FIXED[int.from_bytes(data[body + 8:body + 10], "big")]
                streams |= {_opus_streams(data, at + inner, at + length)
                            for at, inner, length, name in _entry_children(data, fixed, pos + size) if name == b"dOps"}
            elif kind in (b"mp4a", b"fLaC"):
                found[_trak_id(data, trak)] = ("aac" if kind == b"mp4a" else "flac", 0)
        if len(streams) > 1:  # its packets would be read as the wrong one's, some wrongly
            raise VideoError("an Opus sound track whose sample descriptions differ in their streams; export the video again")
        if streams:
            found[_trak_id(data, trak)] = ("opus", streams.pop())
    return found


def _blank_sample_data(data: bytearray) -> None:
    """Blank the free data inside the samples: the user-data SEI messages of H.264 and H.265
    pictures (red-team round 4: GPS and a street address in one went through untouched; x264
    writes its options in one) and every other SEI message not kept (_blank_sei: default deny),
    filler data units made 0xFF bytes (_blank_filler_data), the clock time of H.264's picture timing messages (read with the
    SPS of each picture: the track's `avcC` ones, replaced by those in its samples as a decoder
    replaces them), AV1's metadata OBUs, Opus's padding, and what _sound_sample
    takes out of AAC and FLAC samples. Every other byte of a sample stays as it is; a sample that
    is not whole NAL units (OBUs, packets) is refused."""
    top = _children(data, 0, len(data))
    tracks = _nal_tracks(data, top[b"moov"][0]) | _sound_tracks(data, top[b"moov"][0])
    if not tracks:
        return
    parameter_sets = _avc_parameter_sets(data, top[b"moov"][0])
    for track, start, end in _track_samples(data, top, frozenset(tracks)):
        if track not in tracks:
            continue
        codec, width = tracks[track]
        if codec == "av1":
            _blank_av1_metadata(data, start, end)
            continue
        if codec in _SOUND_SAMPLES:
            _sound_sample(data, start, end, codec, width)
            continue
        nals = _nal_units(data, start, end, width)
        if codec == "hevc":
            for pos, size in nals:
                _clean_unit(data, pos, pos + size, codec)
            continue
        sets = parameter_sets.setdefault(track, _ParameterSets())
        first = next((n for n, (pos, _) in enumerate(nals) if data[pos] & 0x1F in _AVC_SLICES), len(nals))
        for pos, size in nals[:first]:  # this picture's parameter sets (avc3 keeps them in the samples)
            sets.remember(data[pos:pos + size])
        for pos, size in nals:
            _clean_unit(data, pos, pos + size, codec, functools.partial(_picture_timing, data, nals, sets))
        for pos, size in nals[first:]:  # the next picture's
            sets.remember(data[pos:pos + size])


def _nal_type(data: bytearray, pos: int, codec: str) -> int:
    """The type of the NAL unit whose header starts at data[pos] (H.264: 5 bits; H.265: 6)."""
    return data[pos] & 0x1F if codec == "avc" else (data[pos] >> 1) & 0x3F


def _clean_unit(data: bytearray, start: int, end: int, codec: str,
                timing: Callable[[], h264.PictureTiming] | None = None) -> None:
    """Clean one NAL unit of a sample (data[start:end]) in place, default deny, by its type: a
    picture's unit is kept (_PICTURE_NAL), an SEI unit's messages and a filler unit are cleaned,
    a delimiter or end unit keeps its fields only (_FIELDS_ONLY_NAL), an H.264 unit of another
    layer, view or an auxiliary picture is refused (_AVC_REFUSED_NAL), and every other type
    (reserved, unspecified: decoders must ignore them, so they were room for any bytes) is
    blanked (_blank_unit). A unit a decoder throws away as damaged (its forbidden bit set, or an
    H.265 temporal id of -1) is refused: FFmpeg skips it, another decoder may read it."""
    kind, name = _nal_type(data, start, codec), "H.264" if codec == "avc" else "H.265"
    if data[start] & 0x80 or (codec == "hevc" and (end - start < 2 or not data[start + 1] & 0x07)):
        raise VideoError(f"an {name} picture holding a NAL unit marked as damaged (type {kind}: its header "
                         f"breaks the standard); {_REEXPORT}")
    if codec == "avc" and kind == _AVC_SPS:
        _read_whole_sps(data, start, end, "picture")
    if kind in _PICTURE_NAL[codec]:
        return
    if kind == (6 if codec == "avc" else 39) or (codec == "hevc" and kind == 40):
        _blank_sei(data, start, end, codec, timing if codec == "avc" else None)
    elif kind == _FILLER_NAL[codec]:
        _blank_filler_data(data, start, end, codec)
    elif kind in _FIELDS_ONLY_NAL[codec]:
        fields = start + _NAL_HEADER[codec] + _FIELDS_ONLY_NAL[codec][kind]
        if fields > start + _NAL_HEADER[codec] and fields <= end:  # a delimiter: its 3 bits, then its trailing bits
            data[fields - 1] = data[fields - 1] & 0xE0 | 0x10
        _blank_past(data, fields, end)
    elif codec == "avc" and kind in _AVC_REFUSED_NAL:
        raise VideoError(f"an H.264 picture holding {_AVC_REFUSED_NAL[kind]} (NAL unit type {kind}), which Hromada "
                         f"does not read; {_NO_LAYERS}")
    else:
        _blank_unit(data, start, end, codec)


def _read_whole_sps(data: bytearray, start: int, end: int, where: str) -> None:
    """Refuse an H.264 SPS (the NAL unit data[start:end], in a picture or its `avcC`: `where`) that
    does not read to its last bit (h264.sps_timing: its fields, its VUI, its trailing bits, then
    nothing but zero bytes). Bytes a writer adds past the trailing bits are no field: FFmpeg reads
    the SPS's fields and stops, so they were room for any data. They cannot be blanked in place as
    the standard writes an SPS (its last byte must hold the stop bit, and nothing follows it), and
    copying keeps the SPS as it is: the picture must be encoded anew (_REEXPORT)."""
    try:
        _sps_timing(h264.rbsp(bytes(data[start:end])))
    except h264.H264Error as exc:
        raise VideoError(f"an H.264 sequence parameter set (SPS) in the {where} that Hromada cannot read to its "
                         f"last bit ({exc}); {_REEXPORT}") from exc


#: The size of a NAL unit's header, in bytes (H.264 7.3.1, H.265 7.3.1.2).
_NAL_HEADER = {"avc": 1, "hevc": 2}


def _blank_past(data: bytearray, start: int, end: int) -> None:
    """The bytes data[start:end] (a unit's bytes past its fields) made a filler's: 0xFF, the last
    one 0x80, as a filler data unit is written. Not zero: zero bytes would form start codes, and
    a unit's last byte must not be zero; the unit keeps its size, so no offset or sample size
    changes. Its old bytes, escapes included, are written over: nothing in them is read."""
    if start < end:
        data[start:end] = b"\xff" * (end - start - 1) + b"\x80"


def _blank_unit(data: bytearray, start: int, end: int, codec: str) -> None:
    """A NAL unit of a type no decoder reads for the picture (H.264: 0, 16-18, 22-31; H.265: the
    reserved 10-15, 22-31, 41-47 and the unspecified 48-63) blanked in place: its header (its
    type) kept, every byte after it written as _blank_past writes them. The standards have a
    decoder ignore the reserved types, and the unspecified ones must not change the picture; FFmpeg
    skips them all ("Unknown NAL code", "Skipping NAL unit"), so the picture decodes as before.
    (One such type is Dolby Vision's: its per-picture metadata, RPU, in H.265's 62 and its
    enhancement layer in 63; the gate reads neither, and takes out its configuration too, so a
    player shows the picture as every player without Dolby Vision does: _VISUAL_KEEP.)"""
    _blank_past(data, start + _NAL_HEADER[codec], end)


def _nal_units(data: bytearray, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """(start, size) of each NAL unit of the sample data[start:end] (each with its length, of
    `width` bytes, in front); empty ones left out. A sample that is not whole NAL units is refused."""
    nals, pos = [], start
    while pos < end:
        if pos + width > end:
            raise VideoError("a picture sample that is not whole NAL units")
        size = int.from_bytes(data[pos:pos + width], "big")
        pos += width
        if pos + size > end:
            raise VideoError("a picture sample that is not whole NAL units")
        if size:
            nals.append((pos, size))
        pos += size
    return nals


# --- WebM (Matroska / EBML) ---------------------------------------------------------
def _vint(data: bytearray, pos: int, keep_marker: bool) -> tuple[int, int]:
    if pos >= len(data):
        raise VideoError("an element header is cut short")
    first = data[pos]
    length = 1
    while length <= 8 and not first & (0x80 >> (length - 1)):
        length += 1
    if length > 8 or pos + length > len(data):
        raise VideoError("an element header is not valid")
    value = first if keep_marker else first & (0xFF >> length)
    for b in data[pos + 1:pos + length]:
        value = (value << 8) | b
    unknown = not keep_marker and value == (1 << (7 * length)) - 1
    return (-1 if unknown else value), length


def _void(data: bytearray, pos: int, total: int) -> None:
    """Overwrite `total` bytes at `pos` with one Void element of the same length."""
    if total < 2:
        raise VideoError("an element too small to blank")
    if total <= 9:
        data[pos:pos + total] = bytes([_EBML_VOID, 0x80 | (total - 2)]) + bytes(total - 2)
    else:
        payload = total - 9
        data[pos:pos + total] = bytes([_EBML_VOID, 0x01]) + payload.to_bytes(7, "big") + bytes(payload)


def _ebml_elements(data: bytearray, start: int, end: int, stop_ids: set[int] | None = None):
    pos = start
    while pos < end:
        ident, id_len = _vint(data, pos, keep_marker=True)
        if stop_ids is not None and ident in stop_ids:
            return
        size, size_len = _vint(data, pos + id_len, keep_marker=False)
        body = pos + id_len + size_len
        if size == -1:
            yield pos, ident, body, -1
            return
        if body + size > end:
            raise VideoError("an element does not fit in its container")
        yield pos, ident, body, size
        pos = body + size


def _strip_ebml(data: bytearray, start: int, end: int, parent: int) -> None:
    keep = _MKV_KEEP[parent]
    for pos, ident, body, size in list(_ebml_elements(data, start, end)):
        if size == -1:  # unknown size (live recording): read on until the next sibling
            if ident == _CLUSTER:
                raise VideoError("a cluster of unknown size (re-export the video with its sizes written)")
            if ident not in keep:
                raise VideoError("an element of unknown size that a video does not need")
            if ident in _MKV_KEEP:
                _strip_ebml(data, body, end, ident)
            return
        if ident not in keep or ident == _EBML_VOID:
            _void(data, pos, body + size - pos)
        elif ident == _TRACK_ENTRY:
            kinds = [int.from_bytes(data[b:b + n], "big") for _, i, b, n in _ebml_elements(data, body, body + size)
                     if i == _TRACK_TYPE]
            if not kinds or kinds[0] not in _MKV_TRACKS:
                raise VideoError("a track beside the picture and sound (subtitles or data, type "
                                 f"{kinds[0] if kinds else 'unknown'}); export the video with its picture and sound only")
            _strip_ebml(data, body, body + size, ident)
        elif ident in _MKV_KEEP:
            _strip_ebml(data, body, body + size, ident)


def _strip_webm(data: bytearray) -> None:
    elements = list(_ebml_elements(data, 0, len(data)))
    if not elements or elements[0][1] != 0x1A45DFA3:
        raise VideoError("no EBML header: not a WebM video")
    segments = [e for e in elements if e[1] == _SEGMENT]
    if not segments:
        raise VideoError("no Segment: not a WebM video")
    for _, _, body, size in segments:
        end = len(data) if size == -1 else body + size
        _strip_ebml(data, body, end, _SEGMENT)
        tracks = _webm_tracks(data, body, end)
        if tracks:
            _blank_webm_blocks(data, body, end, tracks)


#: Sound codecs whose WebM (Matroska) tracks the build publishes, by CodecID: Opus (its packets'
#: padding zeroed), Vorbis and FLAC (their configuration's tags and pictures taken out), AAC (its
#: configuration read to the last bit), and PCM; any other (A_MPEG/L3, A_AC3, A_EAC3, A_DTS,
#: A_ALAC, A_AAC/MPEG2/... and the rest) is refused.
_WEBM_SOUND_CODECS = {"A_OPUS", "A_VORBIS", "A_FLAC", "A_AAC", "A_PCM/INT/LIT", "A_PCM/INT/BIG", "A_PCM/FLOAT/IEEE"}
#: The codecs of the tracks whose blocks are read frame by frame, by CodecID.
_WEBM_READ = {"V_AV1": "av1", "A_OPUS": "opus", "A_AAC": "aac", "A_FLAC": "flac", "A_VORBIS": "vorbis"}


def _webm_tracks(data: bytearray, start: int, end: int) -> dict[int, tuple[str, int]]:
    """Track number -> (codec, streams) of a Segment's tracks whose blocks are read (_WEBM_READ;
    streams: how many an Opus packet holds). A picture track of another codec than VP8, VP9 and
    AV1, or a sound track of another than _WEBM_SOUND_CODECS, is refused (default deny), as is a
    track whose blocks are compressed or encrypted (ContentEncodings: its frames could not be
    read). Configurations are cleaned: an AV1 one's metadata OBUs made padding, a Vorbis or FLAC
    one's tags and pictures taken out, an AAC one read to its last bit, an Opus one's bytes after
    its fields zeroed."""
    read: dict[int, tuple[str, int]] = {}
    for _, ident, body, size in _ebml_elements(data, start, end, {_CLUSTER}):
        if ident != _TRACKS or size == -1:
            continue
        for _, entry, at, length in _ebml_elements(data, body, body + size):
            if entry != _TRACK_ENTRY or length == -1:
                continue
            elements = [(i, (b, n)) for _, i, b, n in _ebml_elements(data, at, at + length)]
            fields = dict(elements)
            twice = [i for i in (_TRACK_TYPE, 0xD7, 0x86, 0x63A2) if sum(1 for e in elements if e[0] == i) > 1]
            if twice:  # which one a player reads is its own choice: the one read here may not be it
                raise VideoError(f"a track with two of its element 0x{twice[0]:X} (its type, number, codec or "
                                 "configuration); export the video again")
            kind = int.from_bytes(data[slice(fields[_TRACK_TYPE][0], sum(fields[_TRACK_TYPE]))], "big") \
                if _TRACK_TYPE in fields else 0
            codec = bytes(data[fields[0x86][0]:sum(fields[0x86])]).decode("latin-1").rstrip("\x00") if 0x86 in fields else ""
            private = (fields[0x63A2][0], sum(fields[0x63A2])) if 0x63A2 in fields else None
            if kind == 1 and codec not in _WEBM_PICTURE_CODECS:
                raise VideoError(_unknown_picture(codec or "unnamed"))
            if kind == 2 and codec not in _WEBM_SOUND_CODECS:
                raise VideoError(_unknown_sound(codec or "unnamed"))
            if 0x6D80 in fields:
                raise VideoError(f"a track whose blocks are compressed or encrypted ('{codec}', ContentEncodings); "
                                 "export the video again")
            streams = _webm_configuration(data, codec, private) if kind in (1, 2) else 0
            if codec in _WEBM_READ:
                if 0xD7 not in fields:
                    raise VideoError("a track without its number")
                read[int.from_bytes(data[fields[0xD7][0]:sum(fields[0xD7])], "big")] = (_WEBM_READ[codec], streams)
    return read


def _webm_configuration(data: bytearray, codec: str, private: tuple[int, int] | None) -> int:
    """Clean a track's configuration (CodecPrivate, data[start:end]) by its codec; for Opus,
    return how many streams a packet holds (0 for the others)."""
    if private is None:
        if codec in ("A_OPUS", "A_AAC"):  # a decoder needs it; without it the track is not what it seems
            raise VideoError(f"a sound track without its configuration ('{codec}'); export the video again")
        return 0
    start, end = private
    if codec == "A_VORBIS":
        _blank_vorbis_comments(data, start, end)
    elif codec == "A_FLAC":  # "fLaC", then the metadata blocks
        if data[start:start + 4] != b"fLaC":
            raise VideoError("a FLAC sound configuration without its 'fLaC' mark")
        _blank_flac_blocks(data, start + 4, end)
    elif codec == "A_AAC":
        _aac_configuration(data, start, end)
    elif codec == "A_OPUS":
        if data[start:start + 8] != b"OpusHead":
            raise VideoError("an Opus sound configuration without its 'OpusHead' mark")
        return _opus_streams(data, start + 8, end)
    elif codec == "V_AV1" and end > start:  # av1C: its OBUs after 4 bytes
        _av1_configuration(data, start, end, "CodecPrivate")
    elif codec in ("V_VP8", "V_VP9"):
        _webm_vp_private(data, start, end, codec)
    return 0


def _block_frames(data: bytearray, start: int, end: int, flags: int) -> list[tuple[int, int]]:
    """(start, end) of each frame of a block's data (data[start:end]): one, or several laced
    (Matroska's Xiph, fixed-size or EBML lacing, by the flags' bits 1-2); lacing whose sizes do
    not fit the block is refused."""
    lacing = (flags >> 1) & 3
    if not lacing:
        return [(start, end)]
    bad = "a block whose frames' sizes do not fit it (lacing); export the video again"
    if start >= end:
        raise VideoError(bad)
    count, pos, sizes = data[start] + 1, start + 1, []
    if lacing == 1:  # Xiph: each size but the last as 255s and one byte less than 255, summed
        for _ in range(count - 1):
            size = 0
            while True:
                if pos >= end:
                    raise VideoError(bad)
                size, pos = size + data[pos], pos + 1
                if data[pos - 1] != 255:
                    break
            sizes.append(size)
    elif lacing == 3 and count > 1:  # EBML: the first size, then signed differences
        first, width = _vint(data, pos, keep_marker=False)
        sizes, pos = [first], pos + width
        for _ in range(count - 2):
            raw, width = _vint(data, pos, keep_marker=False)
            if raw < 0:  # (all ones: a reserved value)
                raise VideoError(bad)
            sizes.append(sizes[-1] + raw - ((1 << (7 * width - 1)) - 1))
            pos += width
    elif lacing == 2:  # fixed: all alike
        if (end - pos) % count:
            raise VideoError(bad)
        sizes = [(end - pos) // count] * (count - 1)
    if pos > end or any(size < 0 for size in sizes) or pos + sum(sizes) > end:
        raise VideoError(bad)
    frames = []
    for size in sizes + [end - pos - sum(sizes)]:
        frames.append((pos, pos + size))
        pos += size
    return frames


def _blank_webm_blocks(data: bytearray, start: int, end: int, tracks: dict[int, tuple[str, int]]) -> None:
    """The free data in the blocks (SimpleBlock, and a BlockGroup's Block) of the tracks read
    (_webm_tracks) blanked: AV1's metadata OBUs made padding, and what _sound_sample takes out of
    Opus, AAC, FLAC and Vorbis frames (laced ones too). A laced AV1 block (several frames in one) is
    refused: AV1 in WebM is not laced, and its frames' bounds could not be trusted."""
    for _, ident, body, size in _ebml_elements(data, start, end):
        if ident != _CLUSTER:
            continue
        for _, inner, at, length in _ebml_elements(data, body, body + size):
            blocks = [(at, length)] if inner == 0xA3 else \
                [(b, n) for _, i, b, n in _ebml_elements(data, at, at + length) if i == 0xA1] if inner == 0xA0 else []
            for block, n in blocks:
                track, width = _vint(data, block, keep_marker=False)
                frame = block + width + 3  # the track's number, a 16-bit time, the flags
                if track not in tracks:
                    continue
                if frame > block + n:
                    raise VideoError("a block is cut short")
                codec, streams = tracks[track]
                if codec == "av1":
                    if data[frame - 1] & 0x06:
                        raise VideoError("an AV1 block holding several frames (laced); export the video again")
                    _blank_av1_metadata(data, frame, block + n)
                    continue
                for first, last in _block_frames(data, frame, block + n, data[frame - 1]):
                    _sound_sample(data, first, last, codec, streams)


# --- what the build calls ---------------------------------------------------------------
def stripped(data: bytes, name: str) -> bytes:
    """The video with every description of the recording blanked; VideoError if unreadable."""
    out = bytearray(data)
    if name.lower().endswith(".mp4"):
        _strip_mp4(out, 0, len(out), b"")
        _zero_unused_media_data(out)
        _blank_sample_data(out)
    elif name.lower().endswith(".webm"):
        _strip_webm(out)
    else:
        raise VideoError("an .mp4 or .webm file")
    return bytes(out)


def problem(path: Path) -> str | None:
    """Why a video cannot be published (None when it can): for `hromada check`."""
    try:
        stripped(path.read_bytes(), path.name)
    except VideoError as exc:
        return f"an MP4 or WebM video Hromada can read completely ({exc}); export it again"
    except OSError as exc:
        return f"a readable file ({exc.strerror or exc})"
    return None


def has_sound(data: bytes, name: str) -> bool:
    """Whether the video has a sound track (an MP4 `soun` handler, a WebM track of type 2);
    VideoError when it cannot be read."""
    view = bytearray(data)
    if name.lower().endswith(".mp4"):
        return b"soun" in _mp4_kinds(view, 0, len(view))
    if name.lower().endswith(".webm"):
        return 2 in _webm_kinds(view)
    raise VideoError("an .mp4 or .webm file")


def _mp4_kinds(data: bytearray, start: int, end: int) -> set[bytes]:
    kinds: set[bytes] = set()
    for pos, header, size, kind in _mp4_boxes(data, start, end):
        if kind in (b"moov", b"trak"):
            kinds |= _mp4_kinds(data, pos + header, pos + size)
        elif kind == b"mdia":
            kinds.add(_track_kind(data, pos + header, pos + size))
    return kinds


def _webm_kinds(data: bytearray) -> set[int]:
    kinds: set[int] = set()
    for _, ident, body, size in _ebml_elements(data, 0, len(data)):
        if ident != _SEGMENT:
            continue
        for _, inner, start, length in _ebml_elements(data, body, len(data) if size == -1 else body + size, {_CLUSTER}):
            if inner == _TRACKS and length != -1:
                for _, entry, b, n in _ebml_elements(data, start, start + length):
                    if entry == _TRACK_ENTRY and n != -1:
                        kinds.update(int.from_bytes(data[x:x + m], "big")
                                     for _, i, x, m in _ebml_elements(data, b, b + n) if i == _TRACK_TYPE)
    return kinds


def clean_copy(source: Path, target: Path) -> None:
    """Write the stripped video to `target` (a cache file the build then publishes)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    data = stripped(source.read_bytes(), source.name)
    tmp = target.with_suffix(target.suffix + ".part")
    tmp.write_bytes(data)
    shutil.move(str(tmp), str(target))


def metadata_in(data: bytes, name: str) -> list[str]:
    """What still describes the recording in a published video (empty when clean)."""
    found = ["XMP"] if b"<x:xmpmeta" in data else []  # long enough never to occur by chance
    try:
        if stripped(data, name) != data:
            found.append("recording metadata")
    except VideoError as exc:
        found.append(f"unreadable ({exc})")
    return sorted(set(found))
