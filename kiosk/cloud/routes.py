"""How each word travels between two layouts, so that no two words ever overlap on the way.

Two layouts without overlaps can still overlap in between: words gliding along straight lines
cross each other (a drill-down panel narrows the cloud, and every word flows out of the fitted
picture into the new layout, through its neighbours). Nobody on the floor can read a word
drawn through another.

Every word is given a route: where it is at ``STRETCHES + 1`` moments spread evenly over the
transition, moving linearly (in a progress all words share, see ``stretch_progress``) between
two moments. Whether two words touch in a stretch is then decided exactly, edge by edge, not
by sampling frames. Words are routed one at a time, those at rest first, then the largest
(the words people know the cloud by): each takes the first of a few ways to go (a straight
glide; one shrinking a little in flight; one growing late; one leaving late or arriving
early) that meets no word routed before it. When none does, it glides the least crossed way
and fades out just before the first stretch where it would touch another, and back in just
after the last: it keeps flowing with its neighbours meanwhile, so it never stands in their
way, and the words routed after it ignore it while it is unseen.

The first and last stretches hold every word still, at its start and at its end: there the
words are the two layouts, which overlap nowhere, so a word can always fade in time, and a
plan always exists. Qt-free.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["GLIDE_AT", "STRETCHES", "Route", "glide", "plan_routes", "stretch_progress"]

# Stretches of the transition a route is made of: 16 at 0.8 s are 50 ms each, three frames.
STRETCHES = 16
# A word fades out over up to this many stretches before it would touch another, and in after.
_FADE_STRETCHES = 2
# Boxes this close count as touching: a frame shows a moving word up to a third of a pixel
# from where it is (motion.VISIBLE_SHIFT), and a pixel of room reads as apart.
_GAP = 1.0
# A word this faint is not drawn at all (the view skips the blit).
_UNSEEN = 0.003

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
# left, top, width, height
Box = tuple[float, float, float, float]

_MOMENTS = np.linspace(0.0, 1.0, STRETCHES + 1)
# Share of the transition held still at each end (one stretch).
_HOLD = 1.0 / STRETCHES


def _ease(x: FloatArray) -> FloatArray:
    """Cubic ease-in-out (motion.ease), on arrays."""
    x = np.clip(x, 0.0, 1.0)
    out: FloatArray = np.where(x < 0.5, 4 * x**3, 1 - (-2 * x + 2) ** 3 / 2)
    return out


def _between(a: float, b: float) -> FloatArray:
    """The eased share of the way done at each moment, going between shares a and b of the
    part of the transition that moves (after the first stretch, before the last)."""
    moving = np.clip((_MOMENTS - _HOLD) / (1 - 2 * _HOLD), 0.0, 1.0)
    return _ease((moving - a) / (b - a))


# The straight glide: every moment's share of the way. Words on it move exactly as this eased
# curve, frame by frame (``stretch_progress`` bends every stretch to it).
_GLIDE = _between(0.0, 1.0)
# The same as plain floats: the straight glide's share of the way at each moment.
GLIDE_AT = tuple(float(x) for x in _GLIDE)


def glide(t: float) -> float:
    """Return the share of the way a straight glide has gone ``t`` through the transition:
    still for the first and last stretch, eased in between."""
    moving = min(max((t - _HOLD) / (1 - 2 * _HOLD), 0.0), 1.0)
    return 4 * moving**3 if moving < 0.5 else 1 - (-2 * moving + 2) ** 3 / 2


def stretch_progress(t: float) -> tuple[int, float]:
    """Return the stretch a share ``t`` of the transition falls in, and how far through it
    every word is: the same for all, so that what ``plan_routes`` checks is what is drawn."""
    t = min(max(t, 0.0), 1.0)
    k = min(int(t * STRETCHES), STRETCHES - 1)
    lo, hi = GLIDE_AT[k], GLIDE_AT[k + 1]
    if hi - lo > 1e-12:
        return k, (glide(t) - lo) / (hi - lo)
    # A held stretch: nothing moves in it; only a fade runs, evenly.
    return k, t * STRETCHES - k


@dataclass(frozen=True, slots=True)
class Route:
    """Where a word is at each moment of the transition (``STRETCHES + 1`` of them).

    Attributes:
        along: the share of the way from its start centre to its end centre.
        grow: the share of the way from its start size to its end size.
        scale: a factor on that size (a word shrinks a little in flight to slip by another).
        seen: a factor on its opacity: 0 while it would cross another word.
    """

    along: tuple[float, ...]
    grow: tuple[float, ...]
    scale: tuple[float, ...]
    seen: tuple[float, ...]

    @property
    def fades(self) -> bool:
        """Whether the word fades out and back in on its way."""
        return min(self.seen) < 1.0

    @property
    def straight(self) -> bool:
        """Whether the word glides straight all the way, in full view: at every moment
        ``glide(t)`` of the way to its end, nothing more to look up."""
        return self is _STRAIGHT


def _ways() -> tuple[tuple[FloatArray, FloatArray, FloatArray, FloatArray], ...]:
    """The ways a word may go, best first: (along, grow when growing, grow when shrinking,
    scale) at each moment. Each keeps the word's box inside the box around its two ends."""
    ones = np.ones_like(_GLIDE)
    moving = np.clip((_MOMENTS - _HOLD) / (1 - 2 * _HOLD), 0.0, 1.0)
    pinch = np.sin(np.pi * moving) ** 2
    late, early = _between(0.3, 1.0), _between(0.0, 0.7)
    return (
        (_GLIDE, _GLIDE, _GLIDE, ones),
        # Shrinking a little in flight slips it past a corner.
        (_GLIDE, _GLIDE, _GLIDE, 1 - 0.3 * pinch),
        (_GLIDE, _GLIDE, _GLIDE, 1 - 0.5 * pinch),
        # Small while it travels: grown after it has moved, shrunk before.
        (_GLIDE, _between(0.35, 1.0), _between(0.0, 0.65), ones),
        # Leaving after the others have passed; arriving before they come.
        (late, late, late, ones),
        (early, early, early, ones),
    )


_WAYS = _ways()
# The same as plain tuples, as a route gives them: (along, grow when growing, grow when
# shrinking, scale) for each way.
_WAY_STOPS = tuple(tuple(tuple(float(x) for x in curve) for curve in way) for way in _WAYS)
_IN_VIEW = (1.0,) * (STRETCHES + 1)
# The route of most words: made once, shared.
_STRAIGHT = Route(_WAY_STOPS[0][0], _WAY_STOPS[0][1], _WAY_STOPS[0][3], _IN_VIEW)


def plan_routes(
    start: Sequence[Box],
    end: Sequence[Box],
    opacity_start: Sequence[float],
    opacity_end: Sequence[float],
    moving: Sequence[bool],
    size: Sequence[float],
) -> list[Route | None]:
    """Return each word's route, or None for a word at rest (it stays as it is).

    Args:
        start: each word's tight box where the transition starts.
        end: each word's tight box where it ends (the same as ``start`` for one at rest).
        opacity_start: how opaque the word is at the start (0 for one growing in).
        opacity_end: how opaque it is at the end (0 for one leaving).
        moving: whether the transition changes the word at all.
        size: each word's font size at the end: the larger of two words that would cross
            keeps its way, and the smaller one finds another or fades.

    Both layouts are taken to be free of overlaps among the words drawn in them. A word's
    opacity goes from its start to its end value along the straight glide, times ``seen``.
    """
    n = len(start)
    routes: list[Route | None] = [None] * n
    if n == 0 or not any(moving):
        return routes
    s = _edges(start)
    e = _edges(end)
    op_s = np.asarray(opacity_start, dtype=np.float64)
    op_e = np.asarray(opacity_end, dtype=np.float64)
    go = np.asarray(moving, dtype=bool)
    # A word the transition leaves alone stays exactly where it stands.
    e[~go] = s[~go]
    sizes = np.asarray(size, dtype=np.float64)
    # Opacity before any fade, at each moment; a word is drawn in a stretch when it is drawn
    # at either end of it.
    opacity = op_s[:, None] + (op_e - op_s)[:, None] * _GLIDE[None, :]
    drawn = opacity > _UNSEEN
    drawn_in = drawn[:, :-1] | drawn[:, 1:]
    # A word that only recolours, or keeps its box and changes nothing else one can see,
    # is at rest: it is never taken off its place.
    still = ~go | (np.all(np.abs(s - e) < 1e-6, axis=1) & (op_s > _UNSEEN) & (op_e > _UNSEEN))
    # Where each word is at each moment, once routed; at rest until then.
    places = np.repeat(s[:, None, :], STRETCHES + 1, axis=1)
    shown = np.where(still[:, None], drawn_in, False)
    # Pairs that may meet at all: their boxes around both ends touch (every way keeps to it).
    span = np.column_stack((np.minimum(s[:, :2], e[:, :2]), np.maximum(s[:, 2:], e[:, 2:])))
    near = (
        (span[:, None, 0] < span[None, :, 2] + _GAP)
        & (span[None, :, 0] < span[:, None, 2] + _GAP)
        & (span[:, None, 1] < span[None, :, 3] + _GAP)
        & (span[None, :, 1] < span[:, None, 3] + _GAP)
    )
    np.fill_diagonal(near, False)
    routed = still.copy()
    travellers = np.nonzero(~still)[0]
    grows = (e[:, 2] - e[:, 0]) >= (s[:, 2] - s[:, 0])
    boxes = _boxes_on_ways(s, e, grows)
    # Most words glide straight (every word does, in a transition nothing crosses in): which
    # pairs touch when both do is found for all pairs at once, and a word whose routed
    # neighbours all glide straight needs no check of its own when it meets none of them.
    straight = np.zeros((n, n, STRETCHES), dtype=bool)
    a, b = np.nonzero(np.triu(near))
    meet = _touching(boxes[a, 0, :-1], boxes[a, 0, 1:], boxes[b, 0, :-1], boxes[b, 0, 1:])
    straight[a, b] = straight[b, a] = meet
    bent = np.zeros(n, dtype=bool)
    # Words drawn at both ends first (a word growing in or leaving is there only a while),
    # then the largest first.
    both = (op_s > _UNSEEN) & (op_e > _UNSEEN)
    order = sorted(travellers, key=lambda i: (not both[i], -sizes[i], i))
    for i in order:
        others = np.nonzero(near[i] & routed)[0]
        met = straight[i, others] & shown[others] & drawn_in[i][None, :]
        if not bent[others].any() and not met[:, 1:-1].any():
            crossed = np.zeros((1, STRETCHES), dtype=bool)
        else:
            crossed = _crossings(boxes[i], places[others], shown[others] & drawn_in[i][None, :])
        free: BoolArray = np.logical_not(np.any(crossed, axis=1))
        places[i] = boxes[i, 0]
        shown[i] = drawn_in[i]
        routed[i] = True
        if free[0]:
            routes[i] = _STRAIGHT
            continue
        if free.any():
            way = int(np.argmax(free))
            seen = _IN_VIEW
        else:
            way, first, last = _least_hidden(crossed, op_s[i] > _UNSEEN, op_e[i] > _UNSEEN)
            shown[i, first : last + 1] = False
            seen = _seen(first, last)
        places[i] = boxes[i, way]
        bent[i] = way != 0
        along, grow_up, grow_down, scale = _WAY_STOPS[way]
        routes[i] = Route(along, grow_up if grows[i] else grow_down, scale, seen)
    for i in np.nonzero(still & go)[0]:
        routes[i] = _STRAIGHT
    return routes


def _boxes_on_ways(s: FloatArray, e: FloatArray, grows: BoolArray) -> FloatArray:
    """Return each word's box (left, top, right, bottom) at each moment of each way,
    (words, ways, moments, 4)."""
    along = np.array([w[0] for w in _WAYS])[None, :, :, None]
    grow = np.where(
        grows[:, None, None],
        np.array([w[1] for w in _WAYS])[None],
        np.array([w[2] for w in _WAYS])[None],
    )[..., None]
    scale = np.array([w[3] for w in _WAYS])[None, :, :, None]
    centre_s, centre_e = (s[:, :2] + s[:, 2:]) / 2, (e[:, :2] + e[:, 2:]) / 2
    dims_s, dims_e = s[:, 2:] - s[:, :2], e[:, 2:] - e[:, :2]
    centre = centre_s[:, None, None, :] + (centre_e - centre_s)[:, None, None, :] * along
    half = (dims_s[:, None, None, :] + (dims_e - dims_s)[:, None, None, :] * grow) * scale / 2
    out: FloatArray = np.concatenate((centre - half, centre + half), axis=-1)
    return out


def _crossings(boxes: FloatArray, places: FloatArray, shown: BoolArray) -> BoolArray:
    """Return, for each way and stretch, whether the word touches a routed word there.

    Args:
        boxes: the word's box at each moment of each way, (ways, moments, 4).
        places: the routed words' boxes at each moment, (words, moments, 4).
        shown: whether each routed word is drawn in each stretch while this one is.
    """
    ways = len(boxes)
    if len(places) == 0:
        return np.zeros((ways, STRETCHES), dtype=bool)
    p = boxes[:, None, :-1, :]
    q = boxes[:, None, 1:, :]
    touching = _touching(p, q, places[None, :, :-1, :], places[None, :, 1:, :])
    touching &= shown[None, :, :]
    crossed: BoolArray = np.any(touching, axis=1)
    # The first and last stretches hold every word at one layout's place: nothing meets there.
    crossed[:, 0] = crossed[:, -1] = False
    return crossed


def _touching(p1: FloatArray, q1: FloatArray, p2: FloatArray, q2: FloatArray) -> BoolArray:
    """Return whether two boxes, each moving linearly from p to q as u goes from 0 to 1,
    come within ``_GAP`` of each other at some u (arrays broadcast over leading axes).

    They do when, for some u in [0, 1], each reaches past the other's far edge on both
    axes: four conditions a + b*u > 0, each true on a half-line of u.
    """
    d1, d2 = q1 - p1, q2 - p2
    # The four conditions, stacked on the first axis (reductions across them then run over
    # whole arrays): the second's right past the first's left, the first's right past the
    # second's left, and so for bottoms and tops.
    a = np.stack(
        (
            p2[..., 2] - p1[..., 0],
            p1[..., 2] - p2[..., 0],
            p2[..., 3] - p1[..., 1],
            p1[..., 3] - p2[..., 1],
        )
    )
    a += _GAP
    b = np.stack(
        (
            d2[..., 2] - d1[..., 0],
            d1[..., 2] - d2[..., 0],
            d2[..., 3] - d1[..., 1],
            d1[..., 3] - d2[..., 1],
        )
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        root = -a / b
    lo = np.where(b > 0, root, 0.0).max(axis=0, initial=0.0)
    hi = np.where(b < 0, root, 1.0).min(axis=0, initial=1.0)
    never = ((b == 0) & (a <= 0)).any(axis=0)
    return np.asarray((lo < hi) & ~never, dtype=np.bool_)


def _least_hidden(
    crossed: BoolArray, shown_at_start: bool, shown_at_end: bool
) -> tuple[int, int, int]:
    """Return the way that hides the word the fewest stretches, and the first and last
    stretch it is hidden in: from the first it would cross another in to the last (from
    the start for a word growing in, to the end for one leaving)."""
    first = crossed.argmax(axis=1) if shown_at_start else np.zeros(len(crossed), dtype=int)
    last = STRETCHES - 1 - crossed[:, ::-1].argmax(axis=1) if shown_at_end else None
    if last is None:
        last = np.full(len(crossed), STRETCHES - 1)
    way = int(np.argmin(last - first))
    return way, int(first[way]), int(last[way])


def _seen(first: int, last: int) -> tuple[float, ...]:
    """Return the opacity factor at each moment for a word hidden from stretch ``first``
    to ``last``: 0 from the moment that stretch starts to the one it ends, rising to 1 over
    ``_FADE_STRETCHES`` away; 1 at the first and last moment unless hidden there (a word
    is never cut off where the transition starts, nor pops in where it ends)."""
    seen = []
    for moment in range(STRETCHES + 1):
        away = max(first - moment, moment - (last + 1), 0)
        seen.append(min(1.0, away / _FADE_STRETCHES))
    if first > 0:
        seen[0] = 1.0
    if last < STRETCHES - 1:
        seen[-1] = 1.0
    return tuple(seen)


def _edges(boxes: Sequence[Box]) -> FloatArray:
    """Return boxes as rows of left, top, right, bottom."""
    b = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    return np.column_stack((b[:, 0], b[:, 1], b[:, 0] + b[:, 2], b[:, 1] + b[:, 3]))
