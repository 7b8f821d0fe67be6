"""Which words may glide to their new place, and which must fade out and in instead.

Two layouts without overlaps can still overlap in between: words gliding along straight lines
cross each other (a narrower window squeezes the cloud sideways, and words pass through their
neighbours). Nobody on the floor can read a word drawn through another, so a word whose path
crosses another's is taken off its path: it fades out where it stands in the first part of
the transition and fades in where it lands in the last part, and is drawn nowhere between
(``TELEPORT_OUT``, ``TELEPORT_IN``).

Every box moves linearly in the eased progress ``e``, so whether two words touch in a stretch
of the transition is decided exactly, edge by edge, not by sampling moments. Qt-free.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["TELEPORT_IN", "TELEPORT_OUT", "teleports"]

# Shares of the transition: a word off its path fades out before the first and in after the
# second, so it is never drawn at both ends at once.
TELEPORT_OUT = 0.35
TELEPORT_IN = 0.65
# Boxes this close count as touching: a frame shows a moving word up to a third of a pixel
# from where it is (motion.VISIBLE_SHIFT), and a pixel of room reads as apart.
_GAP = 1.0

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
# left, top, width, height
Box = tuple[float, float, float, float]


def teleports(
    start: Sequence[Box],
    end: Sequence[Box],
    shown_at_start: Sequence[bool],
    shown_at_end: Sequence[bool],
    moving: Sequence[bool],
    size: Sequence[float],
    ease: Callable[[float], float],
) -> list[bool]:
    """Return, for each word, whether it must fade out and in rather than glide.

    Args:
        start: each word's tight box where the transition starts.
        end: each word's tight box where it ends (the same as ``start`` for one at rest).
        shown_at_start: whether the word is drawn at the start (its opacity is above 0).
        shown_at_end: whether it is drawn at the end.
        moving: whether the word moves at all; one at rest is never taken off its place.
        size: each word's font size at the end: of two words that cross, the smaller one
            fades, so the large words, the ones people know the cloud by, keep gliding.
        ease: the easing of the transition, progress in [0, 1] to ``e`` in [0, 1].

    Both layouts are taken to be free of overlaps; every box lies between its two ends.
    """
    n = len(start)
    off = [False] * n
    if n < 2 or not any(moving):
        return off
    s = _edges(start)
    t = _edges(end)
    at_start = np.asarray(shown_at_start, dtype=bool)
    at_end = np.asarray(shown_at_end, dtype=bool)
    glides = np.asarray(moving, dtype=bool)
    sizes = np.asarray(size, dtype=np.float64)
    e_out, e_in = ease(TELEPORT_OUT), ease(TELEPORT_IN)
    away = np.zeros(n, dtype=bool)
    # A glide shows while it is drawn at either end; its opacity moves in between.
    gliding_shown = at_start | at_end
    while True:
        flowing = glides & ~away
        clash = np.zeros((n, n), dtype=bool)
        # The three stretches: words off their path stand (fading) at the start, are gone,
        # then stand (fading in) at the end; words on their path go on gliding throughout.
        for lo, hi, stand, standing in (
            (0.0, e_out, s, at_start & ~flowing),
            (e_out, e_in, s, at_start & ~glides),
            (e_in, 1.0, t, at_end & ~flowing),
        ):
            p = np.where(flowing[:, None], s + (t - s) * lo, stand)
            q = np.where(flowing[:, None], s + (t - s) * hi, stand)
            present = (flowing & gliding_shown) | standing
            clash |= _touching(p, q, present, flowing)
        if not clash.any():
            return [bool(a) for a in away]
        i, j = np.nonzero(np.triu(clash, 1))
        # Of each crossing pair the smaller word fades, unless it stands still or already
        # fades; a pair of which neither can leave its path is two words at rest, which the
        # layouts keep apart (a rounding's touch).
        can_i, can_j = flowing[i], flowing[j]
        pick_i = can_i & (~can_j | (sizes[i] <= sizes[j]))
        pick_j = can_j & ~pick_i
        before = int(away.sum())
        away[i[pick_i]] = True
        away[j[pick_j]] = True
        if int(away.sum()) == before:
            return [bool(a) for a in away]


def _edges(boxes: Sequence[Box]) -> FloatArray:
    """Return boxes as rows of left, top, right, bottom."""
    b = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    return np.column_stack((b[:, 0], b[:, 1], b[:, 0] + b[:, 2], b[:, 1] + b[:, 3]))


def _touching(p: FloatArray, q: FloatArray, present: BoolArray, flowing: BoolArray) -> BoolArray:
    """Return which pairs touch at some moment while each box moves linearly from p to q.

    A pair touches when, for some u in [0, 1], each box reaches past the other's far edge
    on both axes: four conditions a + b*u > 0, each true on a half-line of u.
    """
    d = q - p
    # a + b*u > 0 for: right_j - left_i, right_i - left_j, bottom_j - top_i, bottom_i - top_j
    conditions = (
        (p[None, :, 2] - p[:, None, 0] + _GAP, d[None, :, 2] - d[:, None, 0]),
        (p[:, None, 2] - p[None, :, 0] + _GAP, d[:, None, 2] - d[None, :, 0]),
        (p[None, :, 3] - p[:, None, 1] + _GAP, d[None, :, 3] - d[:, None, 1]),
        (p[:, None, 3] - p[None, :, 1] + _GAP, d[:, None, 3] - d[None, :, 1]),
    )
    n = len(p)
    lo = np.zeros((n, n))
    hi = np.ones((n, n))
    never = np.zeros((n, n), dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        for a, b in conditions:
            root = np.where(b != 0, -a / np.where(b != 0, b, 1.0), 0.0)
            lo = np.where(b > 0, np.maximum(lo, root), lo)
            hi = np.where(b < 0, np.minimum(hi, root), hi)
            never |= (b == 0) & (a <= 0)
    touching = (lo < hi) & ~never
    touching &= present[:, None] & present[None, :]
    # Only a pair with a word on its path can meet: the rest stand in one layout or other.
    touching &= flowing[:, None] | flowing[None, :]
    np.fill_diagonal(touching, False)
    return touching
