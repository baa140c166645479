"""Whether two image files show the same picture, whatever their bytes.

"The same bytes under two names are the same image" (consent.md, section 8): one file
has one set of facts (`depicts`, `faces`, `location_visible`). Bytes are the wrong
test for a photo: the same photo exported again from a phone's library, saved at
another quality, as PNG, a pixel narrower, or with a byte appended, has other bytes,
and a page could declare it `depicts: []` while the story it came from says whose
face it is (and that person withdrew). So pictures are compared by what they show:

- `of` reads a picture as the build does (images.pixels, upright, a JPEG decoded at a
  small scale), takes away a frame of one colour around it, and keeps a 256-bit
  difference hash: the picture in grey, 17 x 16 pixels, one bit per pair of neighbours
  (is the left one brighter?). Saving again, scaling, a few pixels cropped,
  brightness, contrast or grey change few bits (measured on the example photos: 0 to
  11 bits; different photos: 51 to 105).
- A copy may be turned, mirrored or cut (a red-team review: 5 % cut from each side,
  a 10 % white frame, a quarter turn were 23 to 64 bits away). So a picture also keeps
  the hashes of itself turned and mirrored (`turned`: the 7 others) and of its parts
  (`parts`: 90 % and 80 % of it, at the middle, the sides and the corners, and with a
  tenth cut from one side); where a frame or plain background was taken away, of the
  picture as it was too (a cut copy loses part of its background). Two pictures are
  alike when one of them, turned any way, is within `MAX_BITS` of the other or of one
  of its parts. Cuts deeper than a fifth, and a part of a photo pasted into another
  picture, are not found: a copy that far from the original is still a false
  declaration, which only staff can see.
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
_WIDTH = 160  # decoded at least this wide: enough for a fifth of it at 17 x 16, and cheap for a JPEG
#: A frame is what differs from the corner's grey by at most this much (of 256)...
FRAME_STEP = 12
#: ...and is taken away only while at least this share of the picture is left.
MIN_INSIDE = 0.3
#: The parts of a picture also hashed: (share of its width, of its height, where: 0 left/top .. 1 right/bottom):
#: a tenth or a fifth cut around or from the corners, and a tenth cut from one side.
PARTS = (*((size, size, x, y) for size in (0.9, 0.8) for x in (0, 0.5, 1) for y in (0, 0.5, 1)),
         (0.9, 1, 0, 0), (0.9, 1, 1, 0), (1, 0.9, 0, 0), (1, 0.9, 0, 1))
_TURNS = (Image.Transpose.FLIP_LEFT_RIGHT, Image.Transpose.FLIP_TOP_BOTTOM, Image.Transpose.ROTATE_90,
          Image.Transpose.ROTATE_180, Image.Transpose.ROTATE_270, Image.Transpose.TRANSPOSE,
          Image.Transpose.TRANSVERSE)


@dataclass(frozen=True)
class Likeness:
    bits: int  # the 256-bit difference hash of the picture, its frame taken away
    structured: bool
    colours: bytes  # 4 x 4 mean RGB
    turned: tuple[int, ...] = ()  # the hashes of it turned and mirrored (_TURNS), and as it was, frame and all
    parts: tuple[int, ...] = ()  # the hashes of its PARTS (of it and of it as it was)

    @property
    def probes(self) -> tuple[int, ...]:
        return (self.bits, *self.turned)

    @property
    def gallery(self) -> tuple[int, ...]:
        return (self.bits, *self.parts)


def alike(a: Likeness, b: Likeness) -> bool:
    """Whether two pictures are the same picture (see the module docstring)."""
    if not (a.structured and b.structured):  # only the whole, and its colours
        return ((a.bits ^ b.bits).bit_count() <= MAX_BITS
                and max(abs(x - y) for x, y in zip(a.colours, b.colours)) <= MAX_COLOUR_STEP)
    return any((p ^ g).bit_count() <= MAX_BITS for one, other in ((a, b), (b, a))
               for p in one.probes for g in other.gallery)


_cache: file_versions.Cache[Likeness | None] = file_versions.cache("likeness")


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
    whole = picture.convert("RGB")
    rgb = _without_frame(whole)
    grey = rgb.convert("L")
    bits, edges = _hash(grey)
    # as it is too: a cut copy of a picture on a plain background loses part of its frame
    others = [grey] if rgb.size == whole.size else [grey, whole.convert("L")]
    turned = tuple(h for g in others for h in (_hash(g.transpose(turn))[0] for turn in _TURNS))
    turned += tuple(_hash(g)[0] for g in others[1:])
    parts = tuple(_hash(g.crop(box))[0] for g in others for box in _boxes(g.size))
    parts += tuple(_hash(g)[0] for g in others[1:])
    return Likeness(bits, edges >= MIN_EDGES, rgb.resize((4, 4), Image.Resampling.BOX).tobytes(), turned, parts)


def _boxes(size: tuple[int, int]) -> list[tuple[int, int, int, int]]:
    w, h = size
    return [(round(x * (1 - sw) * w), round(y * (1 - sh) * h), round(x * (1 - sw) * w + sw * w),
             round(y * (1 - sh) * h + sh * h)) for sw, sh, x, y in PARTS]


def _hash(grey: Image.Image) -> tuple[int, int]:
    """(the difference hash, how many neighbour pairs differ more than FLAT_STEP)."""
    small = grey.resize((17, 16), Image.Resampling.BOX).tobytes()
    bits, edges = 0, 0
    for y in range(16):
        row = small[y * 17:(y + 1) * 17]
        for x in range(16):
            bits = bits << 1 | (row[x] > row[x + 1])
            edges += abs(row[x] - row[x + 1]) > FLAT_STEP
    return bits, edges


def _without_frame(rgb: Image.Image) -> Image.Image:
    """The picture without borders of one colour (a frame added around a copy; a plain
    background, so that the frame's inner edge does not decide), while what is left is at
    least MIN_INSIDE of it."""
    area = MIN_INSIDE * rgb.width * rgb.height
    for _ in range(4):  # a frame, a mat inside it, the picture's own background
        grey = rgb.convert("L")
        corner = grey.getpixel((0, 0))
        inside = grey.point(lambda v: 255 if abs(v - corner) > FRAME_STEP else 0).getbbox()
        if inside is None or inside == (0, 0, rgb.width, rgb.height):
            break
        left, top, right, bottom = inside
        # and the blurred seam where the border meets the picture (JPEG rings there)
        dx, dy = max(1, (right - left) // 100), max(1, (bottom - top) // 100)
        inside = (left + dx * (left > 0), top + dy * (top > 0),
                  right - dx * (right < rgb.width), bottom - dy * (bottom < rgb.height))
        if (inside[2] - inside[0]) * (inside[3] - inside[1]) < area:
            break
        rgb = rgb.crop(inside)
    return rgb


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
    mask = (1 << width) - 1
    structured = {key for key, likeness in likenesses.items() if likeness.structured}
    for band in range(BANDS):
        shift = band * width
        # a slice -> (picture, its whole or part hash holding it); flat pictures: only their whole
        gallery: dict[int, list[tuple[Hashable, int]]] = {}
        for key, likeness in likenesses.items():
            for g in set(likeness.gallery) if key in structured else (likeness.bits,):
                gallery.setdefault(g >> shift & mask, []).append((key, g))
        for a, likeness in likenesses.items():
            for p in set(likeness.probes) if a in structured else (likeness.bits,):
                for b, g in gallery.get(p >> shift & mask, ()):
                    if (p ^ g).bit_count() > MAX_BITS or b == a:
                        continue
                    ra, rb = root(a), root(b)  # (a flat picture: its whole and its colours, by `alike`)
                    if ra != rb and ((a in structured and b in structured) or alike(likeness, likenesses[b])):
                        low, high = sorted((ra, rb), key=str)
                        parent[high] = low
    return {key: root(key) for key in likenesses}


def keys_alike(items: Iterable[tuple[Hashable, Path]]) -> dict[Hashable, Hashable]:
    """`groups` of image files: key -> its group's key; files that cannot be read are alone."""
    found = {key: likeness for key, path in items if (likeness := of(path)) is not None}
    return groups(found)
