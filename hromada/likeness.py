"""Whether two image files show the same picture, whatever their bytes.

"The same bytes under two names are the same image" (consent.md, section 8): one file
has one set of facts (`depicts`, `faces`, `location_visible`). Bytes are the wrong
test for a photo: the same photo exported again from a phone's library, saved at
another quality, as PNG, a pixel narrower, or with a byte appended, has other bytes,
and a page could declare it `depicts: []` while the story it came from says whose
face it is (and that person withdrew). So pictures are compared by what they show:

- `of` reads a picture as the build does (images.pixels, upright, a JPEG decoded at a
  small scale) and keeps a 256-bit difference hash: the picture in grey, 17 x 16
  pixels, one bit per pair of neighbours (is the left one brighter?). Saving again,
  scaling, a few pixels cropped, brightness, contrast or grey change few bits
  (measured on the example photos: 0 to 11 bits; different photos: 51 to 105).
- A picture with almost no structure (a flat colour, a faint gradient) has a hash of
  noise and zeros; it counts as the same as another only with the same colours too.
- `groups` finds the alike pictures among many without comparing every pair: two
  hashes within `MAX_BITS` agree exactly on at least one of `BANDS` slices of them
  (pigeonhole), so only pictures sharing a slice are compared.

A false match only asks staff to declare two files alike; a miss lets a withdrawn
person's face back onto the site.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Hashable, Iterable, Mapping

from PIL import Image

from . import file_versions, images

#: Hashes differing in at most this many of their 256 bits show the same picture.
MAX_BITS = 19
#: Slices of the hash for `groups`: MAX_BITS < BANDS, so alike hashes share one slice.
BANDS = 20
#: Neighbour pairs that must differ by more than FLAT_STEP grey levels for a picture to
#: count as structured (of 256).
MIN_EDGES = 48
FLAT_STEP = 2
#: Mean colours of a 4 x 4 grid may differ by at most this much in a flat picture.
MAX_COLOUR_STEP = 16
_WIDTH = 64  # decoded at least this wide: enough for 17 x 16, and cheap for a JPEG


@dataclass(frozen=True)
class Likeness:
    bits: int  # the 256-bit difference hash
    structured: bool
    colours: bytes  # 4 x 4 mean RGB


def alike(a: Likeness, b: Likeness) -> bool:
    """Whether two pictures are the same picture (see the module docstring)."""
    if (a.bits ^ b.bits).bit_count() > MAX_BITS:
        return False
    if a.structured and b.structured:
        return True
    return max(abs(x - y) for x, y in zip(a.colours, b.colours)) <= MAX_COLOUR_STEP


_cache: file_versions.Cache[Likeness | None] = {}


def of(source: Path) -> Likeness | None:
    """The likeness of an image file, remembered by file version; None when it cannot be read
    (the declaration checks report that file in their own line)."""
    try:
        return file_versions.cached(_cache, source, _read)
    except OSError:
        return None


def _read(source: Path) -> Likeness | None:
    try:
        return _compute(images.pixels(source, width=_WIDTH))
    except Exception:  # noqa: BLE001 - Pillow's many errors: images.problem names them
        return None


def _compute(picture: Image.Image) -> Likeness:
    rgb = picture.convert("RGB")
    grey = rgb.convert("L").resize((17, 16), Image.Resampling.BOX).tobytes()
    bits, edges = 0, 0
    for y in range(16):
        row = grey[y * 17:(y + 1) * 17]
        for x in range(16):
            bits = bits << 1 | (row[x] > row[x + 1])
            edges += abs(row[x] - row[x + 1]) > FLAT_STEP
    return Likeness(bits, edges >= MIN_EDGES, rgb.resize((4, 4), Image.Resampling.BOX).tobytes())


def groups(likenesses: Mapping[Hashable, Likeness]) -> dict[Hashable, Hashable]:
    """Each key's group: the smallest key (by sort order of str) of the pictures it is
    alike with, directly or through others."""
    parent = {key: key for key in likenesses}

    def root(key: Hashable) -> Hashable:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    width = -(-256 // BANDS)
    for band in range(BANDS):
        buckets: dict[int, list[Hashable]] = {}
        for key, likeness in likenesses.items():
            buckets.setdefault(likeness.bits >> (band * width) & ((1 << width) - 1), []).append(key)
        for keys in buckets.values():
            for i, a in enumerate(keys):
                for b in keys[i + 1:]:
                    ra, rb = root(a), root(b)
                    if ra != rb and alike(likenesses[a], likenesses[b]):
                        low, high = sorted((ra, rb), key=str)
                        parent[high] = low
    return {key: root(key) for key in likenesses}


def keys_alike(items: Iterable[tuple[Hashable, Path]]) -> dict[Hashable, Hashable]:
    """`groups` of image files: key -> its group's key; files that cannot be read are alone."""
    found = {key: likeness for key, path in items if (likeness := of(path)) is not None}
    return groups(found)
