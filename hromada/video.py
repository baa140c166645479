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
an H.264 or H.265 picture, the "user data" SEI messages (a camera's model, GPS
and times; an encoder's options) are blanked byte for byte, escapes kept, so the
picture decodes as before. A file whose structure cannot be read completely, or
whose samples lie outside its media data or are not whole NAL units, is
refused, never copied as it is. AV1 pictures (in MP4 or WebM) keep their OBUs
but every metadata OBU becomes padding, zeroed; VP8 and VP9 pictures have no place
for free data. A picture of any other codec (Motion JPEG, whose every frame is a
JPEG with its EXIF; MPEG-4 Part 2; ProRes ...) is refused: default deny. A sound
track's configuration loses what it may carry beside the codec's settings: a
Vorbis comment header's vendor and tags (LOCATION, DATE, TITLE), a FLAC
configuration's comments and pictures (MP4 `dfLa`, WebM's CodecPrivate).
"""
from __future__ import annotations

import bisect
import itertools
import shutil
import struct
from pathlib import Path

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
#: Boxes a picture track's sample description (avc1, hvc1 ...) may hold: codec configuration,
#: pixel shape, colour, bit rate; any other (a vendor's box) is blanked.
_VISUAL_KEEP = {b"avcC", b"hvcC", b"av1C", b"vpcC", b"dvcC", b"dvvC", b"dvwC", b"lhvC", b"esds", b"d263", b"glbl",
                b"pasp", b"colr", b"clli", b"mdcv", b"cclv", b"amve", b"btrt", b"clap", b"fiel", b"gama", b"chrm",
                b"st3d", b"sv3d"}
#: In a visual sample entry: its fixed part (SampleEntry, then VisualSampleEntry) and where in it
#: the compressor's name lies (32 bytes: the encoder's or the camera model's name).
_VISUAL_FIXED, _COMPRESSOR_NAME = 78, slice(42, 74)
#: Boxes a sound track's sample description (mp4a, Opus ...) may hold: codec configuration,
#: channel layout, bit rate; any other is blanked. (QuickTime's `wave` holds a copy of these.)
_SOUND_KEEP = {b"esds", b"dOps", b"dfLa", b"alac", b"dac3", b"dec3", b"dac4", b"chan", b"chnl", b"btrt", b"srat",
               b"wave", b"frma", b"mp4a", b"enda", b"pcmC", b"dmlp", b"ddts", b"udts", b"mhaC", b"\x00\x00\x00\x00"}
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
    """Blank the vendor boxes of a sound track's sample entries (their fixed part holds no name),
    and the text and pictures a FLAC configuration (`dfLa`) may carry."""
    for pos, header, size, _ in list(_mp4_boxes(data, start + 8, end)):
        body, stop = pos + header, pos + size
        version = int.from_bytes(data[body + 8:body + 10], "big") if stop - body >= 10 else -1
        if version not in _SOUND_FIXED or stop - body < _SOUND_FIXED[version]:
            raise VideoError("a sound track's sample description is cut short or of an unknown version")
        _blank_children(data, body + _SOUND_FIXED[version], stop, _SOUND_KEEP)
        for at, inner, length, name in _entry_children(data, body + _SOUND_FIXED[version], stop):
            if name == b"dfLa":  # a full box: version and flags, then FLAC's metadata blocks
                _blank_flac_blocks(data, at + inner + 4, at + length)


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
            if name == b"av1C":  # its configuration OBUs may carry metadata OBUs too
                _blank_av1_metadata(data, at + inner + 4, at + length)


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


def _chunks(data: bytearray, stbl: tuple[int, int]) -> list[tuple[int, int]]:
    """Where a track's samples lie: (start, end) of each of its chunks, from its sample tables."""
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
        if length:
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


def _fragment_runs(data: bytearray, moof: int, body: tuple[int, int],
                   sizes: dict[int, int | None]) -> list[tuple[int, int, int]]:
    """Where the samples of one movie fragment lie: (track, start, end) of each track run (`trun`),
    read as ISO/IEC 14496-12 places them (8.8.7, 8.8.8). `sizes`: each track's default sample size."""
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
                length = sum(_u32(data, at + skip + step * i) for i in range(count))
            elif default is None:
                raise VideoError("a track run without its sample sizes")
            else:
                length = default * count
            if length:
                runs.append((track, position, position + length))
            position += length
        previous_end = position
    return runs


def _samples(data: bytearray, top: dict[bytes, list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """(start, end) of every place in the file where samples of the (picture and sound) tracks lie."""
    return [(start, end) for _, start, end in _track_samples(data, top)]


def _track_samples(data: bytearray, top: dict[bytes, list[tuple[int, int]]]) -> list[tuple[int, int, int]]:
    """(track id, start, end) of every place in the file where a track's samples lie."""
    moov = top[b"moov"][0]
    found: list[tuple[int, int, int]] = []
    inside = _children(data, *moov)
    for trak in inside.get(b"trak", []):
        mdia = _children(data, *trak).get(b"mdia", [])
        minf = _children(data, *mdia[0]).get(b"minf", []) if mdia else []
        stbl = _children(data, *minf[0]).get(b"stbl", []) if minf else []
        if not stbl:
            raise VideoError("a track without its sample tables")
        found += [(_trak_id(data, trak), start, end) for start, end in _chunks(data, stbl[0])]
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
        found += _fragment_runs(data, moof, body, sizes)
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
#: and VP8 and VP9, whose pictures have no place for free data. Motion JPEG (every frame a JPEG,
#: EXIF and GPS included), MPEG-4 Part 2 (user data), ProRes and the rest are not read.
_PICTURE_CODECS = {*_NAL_CODECS, b"av01", b"vp08", b"vp09"}
#: The same in WebM, by CodecID.
_WEBM_PICTURE_CODECS = {"V_VP8", "V_VP9", "V_AV1"}
#: AV1 OBU types (AV1 specification, 5.3.1): metadata (free data: HDR levels, but also any
#: registered or private data a camera writes), and padding, which every decoder skips.
_OBU_METADATA, _OBU_PADDING = 5, 15


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
    """Every metadata OBU in data[start:end] (an AV1 sample, or the configuration's OBUs) made a
    padding OBU of the same size with its payload zeroed: decoders skip padding, so the picture
    decodes as before and no offset changes. Anything that is not whole OBUs is refused."""
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
        if (header >> 3) & 0x0F == _OBU_METADATA:
            data[pos] = (header & 0x87) | (_OBU_PADDING << 3)
            data[body:body + size] = bytes(size)
        pos = body + size


#: In the configuration box, the byte whose low two bits are the length's size less one.
_LENGTH_AT = {"avc": 4, "hevc": 21}
#: SEI messages that carry free data (ITU-T H.264/H.265 D.1: 4, registered by a T.35 country
#: code; 5, unregistered, by a UUID): cameras write their model, GPS, times and settings there,
#: encoders their name and options; and H.265's time code (136), where cameras write the time of
#: day of the recording. A player needs none of it. (H.264 keeps a time of day in its picture
#: timing message, 1, whose other fields a player needs: not read.)
_SEI_USER_DATA = {"avc": {4, 5}, "hevc": {4, 5, 136}}
#: What a blanked byte of such a message becomes: never 0, so that no new `00 00 0x` sequence
#: (a start code, or an escape the decoder would remove) is formed and the unit keeps its length.
_BLANK = 0x2A


def _nal_tracks(data: bytearray, moov: tuple[int, int]) -> dict[int, tuple[str, int]]:
    """Track id -> (codec, length size) of every picture track whose samples are NAL units,
    and ("av1", 0) of every AV1 picture track (its samples are OBUs)."""
    found: dict[int, tuple[str, int]] = {}
    for trak in _children(data, *moov).get(b"trak", []):
        mdia = _children(data, *trak).get(b"mdia", [])
        minf = _children(data, *mdia[0]).get(b"minf", []) if mdia else []
        stbl = _children(data, *minf[0]).get(b"stbl", []) if minf else []
        stsd = _children(data, *stbl[0]).get(b"stsd", []) if stbl else []
        for pos, header, size, kind in (_mp4_boxes(data, stsd[0][0] + 8, stsd[0][1]) if stsd else ()):
            if kind == b"av01":
                found[_trak_id(data, trak)] = ("av1", 0)
                break
            if kind not in _NAL_CODECS or size - header < _VISUAL_FIXED:
                continue
            config, codec = _NAL_CODECS[kind]
            for at, inner, length, name in _entry_children(data, pos + header + _VISUAL_FIXED, pos + size):
                if name == config:
                    if length - inner <= _LENGTH_AT[codec]:
                        raise VideoError("a picture track's codec configuration is cut short")
                    found[_trak_id(data, trak)] = (codec, (data[at + inner + _LENGTH_AT[codec]] & 3) + 1)
                    break
    return found


def _blank_sei_user_data(data: bytearray, start: int, end: int, codec: str) -> None:
    """Blank, in place, the payload of every user-data message (_SEI_USER_DATA) of the SEI NAL
    unit data[start:end]. Its bytes are read as the decoder reads them (an escape `03` after two
    zero bytes is no data); a payload byte that is not zero becomes _BLANK and escapes stay
    escapes, so every message keeps its place and size and the unit still decodes."""
    places, zeros = [], 0  # where each byte the decoder reads lies in the file
    for p in range(start + (1 if codec == "avc" else 2), end):
        if zeros >= 2 and data[p] == 3:
            zeros = 0
            continue
        places.append(p)
        zeros = zeros + 1 if data[p] == 0 else 0
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
        if values[0] in _SEI_USER_DATA[codec]:
            for p in places[i:i + values[1]]:
                if data[p]:
                    data[p] = _BLANK
        i += values[1]


def _blank_user_data(data: bytearray) -> None:
    """Blank the user-data SEI messages in the samples of H.264 and H.265 picture tracks (red-team
    round 4: GPS and a street address in one went through untouched; x264 writes its options in
    one), and AV1's metadata OBUs. Every other byte of a sample stays as it is; a sample that is
    not whole NAL units (or OBUs) is refused."""
    top = _children(data, 0, len(data))
    tracks = _nal_tracks(data, top[b"moov"][0])
    if not tracks:
        return
    for track, start, end in _track_samples(data, top):
        if track not in tracks:
            continue
        codec, width = tracks[track]
        if codec == "av1":
            _blank_av1_metadata(data, start, end)
            continue
        pos = start
        while pos < end:
            if pos + width > end:
                raise VideoError("a picture sample that is not whole NAL units")
            size = int.from_bytes(data[pos:pos + width], "big")
            pos += width
            if pos + size > end:
                raise VideoError("a picture sample that is not whole NAL units")
            if size:
                kind = data[pos] & 0x1F if codec == "avc" else (data[pos] >> 1) & 0x3F
                if kind == 6 if codec == "avc" else kind in (39, 40):
                    _blank_sei_user_data(data, pos, pos + size, codec)
            pos += size


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
        av1 = _webm_tracks(data, body, end)
        if av1:
            _blank_webm_av1(data, body, end, av1)


def _webm_tracks(data: bytearray, start: int, end: int) -> set[int]:
    """The numbers of a Segment's AV1 picture tracks, their configuration's metadata OBUs made
    padding; a picture track of another codec than VP8, VP9 and AV1 is refused (default deny).
    A Vorbis or FLAC sound track's configuration loses its tags and pictures."""
    av1: set[int] = set()
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
            if kind == 2 and private and codec == "A_VORBIS":
                _blank_vorbis_comments(data, *private)
            elif kind == 2 and private and codec == "A_FLAC":  # "fLaC", then the metadata blocks
                if data[private[0]:private[0] + 4] != b"fLaC":
                    raise VideoError("a FLAC sound configuration without its 'fLaC' mark")
                _blank_flac_blocks(data, private[0] + 4, private[1])
            if kind != 1:
                continue
            if codec not in _WEBM_PICTURE_CODECS:
                raise VideoError(_unknown_picture(codec or "unnamed"))
            if codec == "V_AV1":
                if 0xD7 not in fields:
                    raise VideoError("an AV1 picture track without its number")
                av1.add(int.from_bytes(data[fields[0xD7][0]:sum(fields[0xD7])], "big"))
                if 0x63A2 in fields and fields[0x63A2][1] > 4:  # CodecPrivate: av1C, its OBUs after 4 bytes
                    _blank_av1_metadata(data, fields[0x63A2][0] + 4, sum(fields[0x63A2]))
    return av1


def _blank_webm_av1(data: bytearray, start: int, end: int, tracks: set[int]) -> None:
    """AV1's metadata OBUs in the blocks of the AV1 picture tracks made padding (SimpleBlock, and
    a BlockGroup's Block). A laced block (several frames in one) is refused: AV1 in WebM is not
    laced, and its frames' bounds could not be trusted."""
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
                    raise VideoError("an AV1 block is cut short")
                if data[frame - 1] & 0x06:
                    raise VideoError("an AV1 block holding several frames (laced); export the video again")
                _blank_av1_metadata(data, frame, block + n)


# --- what the build calls ---------------------------------------------------------------
def stripped(data: bytes, name: str) -> bytes:
    """The video with every description of the recording blanked; VideoError if unreadable."""
    out = bytearray(data)
    if name.lower().endswith(".mp4"):
        _strip_mp4(out, 0, len(out), b"")
        _zero_unused_media_data(out)
        _blank_user_data(out)
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
