"""Strip metadata from published video (MP4 and WebM) without re-encoding it.

Phones write where and when a clip was recorded into the file (MP4's
`udta/©xyz` GPS atom, XMP packets, `meta` boxes, creation times; WebM's Tags,
title, muxing and writing application, date). Hromada cannot re-encode video
here, but it can blank those structures in place: each one is overwritten by
a padding element of exactly the same size (MP4 `free`, Matroska `Void`), so
no offset in the file changes and the video plays as before. A file whose
structure cannot be read completely is refused, never copied as it is.
"""
from __future__ import annotations

import shutil
import struct
from pathlib import Path

VIDEO_SUFFIXES = frozenset({".mp4", ".webm"})

#: MP4 boxes that only carry descriptions of the recording (never needed to play it).
_MP4_DROP = {b"udta", b"meta", b"uuid", b"XMP_", b"\xa9xyz", b"loci", b"cprt", b"auth", b"titl"}
#: MP4 containers we look inside for those.
_MP4_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"dinf", b"moof", b"traf", b"mvex"}
#: Boxes whose creation and modification times are zeroed (version 0: 32-bit, 1: 64-bit).
_MP4_TIMES = {b"mvhd", b"tkhd", b"mdhd"}

_EBML_VOID = 0xEC
_SEGMENT = 0x18538067
_CLUSTER = 0x1F43B675
#: Matroska elements that describe the recording: Tags, Attachments, and in Info/Tracks
#: the title, date, muxing and writing applications and track names.
_MKV_DROP = {0x1254C367, 0x1941A469, 0x7BA9, 0x4461, 0x4D80, 0x5741, 0x536E}
_MKV_CONTAINERS = {0x1549A966, 0x1654AE6B, 0xAE}  # Info, Tracks, TrackEntry
_SEGMENT_CHILDREN = {0x114D9B74, 0x1549A966, 0x1654AE6B, 0x1C53BB6B, _CLUSTER, 0x1254C367, 0x1941A469, 0x1043A770, _EBML_VOID, 0xBF}


class VideoError(Exception):
    """A video Hromada cannot read completely: it is never published."""


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


def _strip_mp4(data: bytearray, start: int, end: int, top: bool) -> None:
    for pos, header, size, kind in list(_mp4_boxes(data, start, end)):
        if kind in _MP4_DROP:
            data[pos + 4:pos + 8] = b"free"
            data[pos + header:pos + size] = bytes(size - header)
        elif kind in _MP4_CONTAINERS:
            _strip_mp4(data, pos + header, pos + size, False)
        elif kind in _MP4_TIMES and size >= header + 4:
            version = data[pos + header]
            width = 8 if version == 1 else 4
            first = pos + header + 4
            if first + 2 * width <= pos + size:
                data[first:first + 2 * width] = bytes(2 * width)
    if top and not any(kind == b"moov" for *_, kind in _mp4_boxes(data, start, end)):
        raise VideoError("no 'moov' box: not an MP4 video")


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


def _strip_ebml(data: bytearray, start: int, end: int) -> None:
    for pos, ident, body, size in list(_ebml_elements(data, start, end)):
        if size == -1:  # unknown size (live recording): read on until the next sibling
            if ident == _CLUSTER:
                raise VideoError("a cluster of unknown size (re-export the video with its sizes written)")
            _strip_ebml(data, body, end)
            return
        if ident in _MKV_DROP:
            _void(data, pos, body + size - pos)
        elif ident in _MKV_CONTAINERS:
            _strip_ebml(data, body, body + size)


def _strip_webm(data: bytearray) -> None:
    elements = list(_ebml_elements(data, 0, len(data)))
    if not elements or elements[0][1] != 0x1A45DFA3:
        raise VideoError("no EBML header: not a WebM video")
    segments = [e for e in elements if e[1] == _SEGMENT]
    if not segments:
        raise VideoError("no Segment: not a WebM video")
    for _, _, body, size in segments:
        _strip_ebml(data, body, len(data) if size == -1 else body + size)


# --- what the build calls ---------------------------------------------------------------
def stripped(data: bytes, name: str) -> bytes:
    """The video with every description of the recording blanked; VideoError if unreadable."""
    out = bytearray(data)
    if name.lower().endswith(".mp4"):
        _strip_mp4(out, 0, len(out), True)
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
