"""Word-cloud layout: a pure function from weighted terms to non-overlapping placements.

No Qt here: the view measures text with its own font metrics and hands in a ``Measurer`` that
answers with plain numbers, so the layout can be tested and benchmarked without a display.

How it works, and why:

- Font size grows with the square root of the weight, so a word's *area* tracks how many
  customers use it, clamped between a readable minimum and a maximum at which the largest
  word still fits the canvas.
- The canvas is a grid of cells (``occupancy.py``); a word is placed at the free position
  nearest to its target, searched in canvas-shaped windows and, failing that, over the whole
  grid at once.
- A new cloud grows outward: each word aims at the frontier the cloud is expected to have
  reached by then, spread by the golden angle, which fills the canvas from the centre out
  without a slow spiral crawl. Words at the minimum size look alike, so they go grouped by
  box, and each group is searched for at once.
- A cloud that was on screen stays put: its words go back exactly where they stood, all at
  once, and only a word that collided (it grew into a neighbour) or is new is searched for.
  A newcomer takes the place of a word that left. The scale stays while the cloud covers
  about what it should, so a small change in the data resizes only the words whose weight
  changed: that makes the relayout a wall does every few seconds cheap, and calm to watch.
- Every word is placed: when they do not fit, the whole cloud is scaled down and laid out
  again. Only when every word is at the readable minimum and still does not fit are the
  smallest dropped, and the result says which.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import TypeVar, cast

import numpy as np
import numpy.typing as npt

from kiosk.cloud.attempt import Attempt, Boxes, columns, stable_hash
from kiosk.cloud.values import (
    LayoutOptions,
    LayoutResult,
    LayoutTerm,
    Measurer,
    Placement,
    Size,
)

__all__ = [
    "font_sizes",
    "layout_cloud",
]

log = logging.getLogger("kiosk.cloud")

_REFERENCE_SIZE = 100.0
# How far the scale may move in one update.
_SCALE_SHRINK = 0.92
_SCALE_GROW = 1.08
# How much less (more) than the area it aims at a cloud may cover after a change in the data
# before it grows (shrinks).
_SPARSE = 0.7
_FULL = 1.05
# The smallest step a sparse cloud grows by: less is not worth moving every word.
_GROW_AT_LEAST = 1.04

# Fields of a placement by position, quicker than by name for many at once.
_X = itemgetter(1)
_Y = itemgetter(2)
_FONT_SIZE = itemgetter(3)

FloatArray = npt.NDArray[np.float64]
_T = TypeVar("_T")


def font_sizes(weights: Sequence[float], scale: float, min_font: float) -> list[float]:
    """Return each weight's font size at a scale: scale * sqrt(weight), at least min_font.

    The scale is in pixels per square-root customer, not relative to the top word, so a word's
    size does not jump when the top word comes or goes.
    """
    roots = np.sqrt(np.maximum(np.asarray(weights, dtype=np.float64), 0.0))
    sizes: list[float] = np.maximum(scale * roots, min_font).tolist()
    return sizes


@dataclass(slots=True)
class _Prepared:
    """The words in order, heaviest first, and what the previous layout says about them."""

    keys: list[str]
    weights: list[float]
    roots: FloatArray
    max_scale: float
    ref_area: FloatArray
    rotations: list[int]
    # The words that were on screen (their index in keys, and their old placement) and the
    # newcomers; the old centres and the words that left, mapped onto this canvas.
    kept: list[int]
    new: list[int]
    old: list[Placement]
    old_x: FloatArray
    old_y: FloatArray
    holes: list[Placement]
    # Each word's box as measured, and the font size it was measured at.
    dims: list[tuple[float, float]]
    dims_at: list[float]


def _prepare(
    terms: Sequence[LayoutTerm],
    canvas: Size,
    previous: Mapping[str, Placement] | None,
    previous_canvas: Size | None,
    seed: int,
    measure: Measurer,
    options: LayoutOptions,
    max_font: float,
) -> _Prepared:
    """Order the words, measure each once at the reference size, and find their old places."""
    ordered = _heaviest_first(terms)
    keys = [t.key for t in ordered]
    weights_array = np.maximum(np.array([t.weight for t in ordered], dtype=np.float64), 0.0)
    weights: list[float] = weights_array.tolist()
    roots = np.sqrt(weights_array)
    prev = previous or {}
    found = list(map(prev.get, keys))
    # Each word is measured once, at the size it was shown at if it was (else at the
    # reference size), and its box at another size is taken to scale with it: a relayout
    # that keeps a word's size then needs no second measure (see Attempt.boxes).
    dims_at = [_REFERENCE_SIZE if p is None or p.font_size <= 0 else p.font_size for p in found]
    dims = [measure(key, size) for key, size in zip(keys, dims_at, strict=True)]
    rw, rh = columns(dims)
    per_ref = _REFERENCE_SIZE / np.array(dims_at, dtype=np.float64)
    rw, rh = np.maximum(rw * per_ref, 1e-6), np.maximum(rh * per_ref, 1e-6)
    # The largest size at which each word, horizontal, still fits with a little margin.
    fit = np.minimum(0.94 * canvas.width / rw, 0.94 * canvas.height / rh) * _REFERENCE_SIZE
    weighty = roots > 0
    # Capping the scale, not each size, keeps every size proportional to sqrt(weight).
    max_scale = (
        float((np.minimum(max_font, fit[weighty]) / roots[weighty]).min())
        if weighty.any()
        else math.inf
    )
    ref_area = rw * rh / _REFERENCE_SIZE**2
    # Chosen by key, not kept from `previous`, so a word keeps its direction across updates
    # yet every word follows when the vertical-words setting changes.
    rotations = [0] * len(keys)
    if options.vertical_words:
        rotations = [
            90 if i > 0 and stable_hash(key, seed) % 4 == 0 else 0 for i, key in enumerate(keys)
        ]
    seen = set(keys)
    kept = [i for i, p in enumerate(found) if p is not None]
    new = [i for i, p in enumerate(found) if p is None]
    old = [p for p in found if p is not None]
    sx = sy = 1.0
    if previous_canvas is not None and previous_canvas.width > 0 and previous_canvas.height > 0:
        sx = canvas.width / previous_canvas.width
        sy = canvas.height / previous_canvas.height
    old_x = np.array(list(map(_X, old)), dtype=np.float64) * sx
    old_y = np.array(list(map(_Y, old)), dtype=np.float64) * sy
    # Where words that left stood, largest first: the places newcomers take.
    gone = sorted((prev[k] for k in prev.keys() - seen), key=lambda p: (-p.width * p.height, p.key))
    holes = [p._replace(x=p.x * sx, y=p.y * sy) for p in gone]
    return _Prepared(
        keys,
        weights,
        roots,
        max_scale,
        ref_area,
        rotations,
        kept,
        new,
        old,
        old_x,
        old_y,
        holes,
        dims,
        dims_at,
    )


def _heaviest_first(terms: Sequence[LayoutTerm]) -> list[LayoutTerm]:
    """Return the terms heaviest first, ties by key; a key given twice counts once, heaviest."""
    # Two stable sorts on one attribute each are much quicker than one on a tuple.
    ordered = sorted(terms, key=attrgetter("key"))
    ordered.sort(key=attrgetter("weight"), reverse=True)
    if len({t.key for t in ordered}) == len(ordered):
        return ordered
    first: dict[str, LayoutTerm] = {}
    for t in ordered:
        first.setdefault(t.key, t)
    return list(first.values())


def _scale_for_fill(prep: _Prepared, min_font: float, target_area: float) -> float:
    """Return the scale at which the words' boxes cover about `target_area` pixels.

    Solved, not searched: between two words reaching the minimum size the covered area is
    s^2 * (the area of the words above it) + min_font^2 * (the area of the rest), so the
    right interval is found with one search and the quadratic solved in it.
    """
    top = math.sqrt(max(max(prep.weights, default=1.0), 1e-12))
    lo = min_font / top
    hi = max(prep.max_scale, lo) if math.isfinite(prep.max_scale) else lo
    order = np.argsort(-prep.roots, kind="stable")
    roots, area = prep.roots[order], prep.ref_area[order]
    above = np.cumsum(area * roots * roots)
    below = area.sum() - np.cumsum(area)
    with np.errstate(divide="ignore"):
        # The scale at which each word reaches the minimum size, smallest first.
        reach = np.where(roots > 0, min_font / np.where(roots > 0, roots, 1.0), np.inf)
        covered = reach * reach * above + min_font * min_font * below
    k = int(np.searchsorted(covered, target_area, side="right")) - 1
    if k < 0:
        return lo
    scale = math.sqrt(max(target_area - min_font * min_font * below[k], 0.0) / above[k])
    return min(max(scale, lo), hi)


def _covered(prep: _Prepared, scale: float, min_font: float) -> float:
    """Return the area the words' boxes cover at a scale."""
    sizes = np.maximum(scale * prep.roots, min_font)
    return float((prep.ref_area * sizes * sizes).sum())


def _previous_scale(
    prep: _Prepared, previous_canvas: Size | None, canvas: Size, min_font: float
) -> float | None:
    """Return the scale the previous layout used, judged from the words it shares with this.

    Words held at the minimum size say nothing about the scale, so only larger ones count.
    """
    if not prep.old:
        return None
    zoom = 1.0
    if previous_canvas is not None and previous_canvas.height > 0:
        zoom = min(canvas.width / previous_canvas.width, canvas.height / previous_canvas.height)
    sizes = np.array(list(map(_FONT_SIZE, prep.old)), dtype=np.float64) * zoom
    roots = prep.roots[prep.kept]
    telling = (roots > 0) & (sizes > min_font * 1.01)
    if not telling.any():
        return None
    ratios = sizes[telling] / roots[telling]
    # The upper median: the middle one of an odd count, the larger middle one of an even.
    middle = len(ratios) // 2
    return float(np.partition(ratios, middle)[middle])


def _kept_sizes(sizes: list[float], prep: _Prepared) -> list[float]:
    """Return the sizes, a word's size of the previous layout kept where it barely differs.

    The previous scale is read back from its sizes, so an unchanged word comes out a rounding
    error away from its old size; keeping the old one keeps its placement the same, and
    spares measuring the word again.
    """
    if not prep.kept:
        return sizes
    at = np.array(prep.kept, dtype=np.int64)
    new = np.array(sizes, dtype=np.float64)
    old = np.array(prep.dims_at, dtype=np.float64)[at]
    close = np.abs(new[at] - old) <= 1e-9 * old
    if not close.any():
        return sizes
    new[at[close]] = old[close]
    kept: list[float] = new.tolist()
    return kept


def _picker(at: list[int]) -> Callable[[list[_T]], list[_T]]:
    """Return a function that picks the items at the given places from a list."""
    if not at:
        return lambda items: []
    if len(at) == 1:
        return lambda items: [items[at[0]]]
    get = itemgetter(*at)
    return lambda items: list(get(items))


def _zoomed(
    xs: FloatArray, ys: FloatArray, canvas: Size, zoom: float
) -> tuple[FloatArray, FloatArray]:
    """Return the points moved away from the canvas centre by a factor."""
    if zoom == 1.0:
        return xs, ys
    cx, cy = canvas.width / 2, canvas.height / 2
    return cx + (xs - cx) * zoom, cy + (ys - cy) * zoom


def _zoomed_placement(p: Placement, canvas: Size, zoom: float) -> Placement:
    """Return the placement moved away from the canvas centre by a factor."""
    if zoom == 1.0:
        return p
    cx, cy = canvas.width / 2, canvas.height / 2
    return p._replace(x=cx + (p.x - cx) * zoom, y=cy + (p.y - cy) * zoom)


def _alike(queue: list[int], start: int, boxes: Boxes, most: int = 16) -> int:
    """Return how many words from `start` in the queue take the same cells as the first."""
    first = queue[start]
    w, h = boxes.cells_w[first], boxes.cells_h[first]
    end = start + 1
    while (
        end < len(queue)
        and end - start < most
        and boxes.cells_w[queue[end]] == w
        and boxes.cells_h[queue[end]] == h
    ):
        end += 1
    return end - start


def _grouped(order: list[int], sizes: Sequence[float], min_font: float, boxes: Boxes) -> list[int]:
    """Return the words in order, those at the minimum size grouped by the cells they take.

    Words at the minimum size all look alike, so their order among themselves only decides
    which sits nearer the centre; grouped by box, the largest first, they pack a little
    tighter and the grid answers each group's searches from one map (``OccupancyGrid``).
    """
    small = [i for i in order if sizes[i] <= min_font]
    if len(small) < 2:
        return order
    small.sort(key=lambda i: (-int(boxes.cells_h[i]), -int(boxes.cells_w[i]), i))
    return [i for i in order if sizes[i] > min_font] + small


def layout_cloud(
    terms: Sequence[LayoutTerm],
    canvas: Size,
    measure: Measurer,
    previous: Mapping[str, Placement] | None = None,
    seed: int = 0,
    options: LayoutOptions | None = None,
    previous_canvas: Size | None = None,
) -> LayoutResult:
    """Lay out terms on a canvas, keeping words of the previous layout where they were.

    Args:
        terms: the words and their weights (distinct customers); duplicate keys count once.
        canvas: the area to fill, in pixels.
        measure: gives the tight box of a term's text at a font size.
        previous: the placements currently on screen, by key.
        seed: varies the arrangement of new words; the same seed gives the same layout.
        options: sizes, padding, vertical words.
        previous_canvas: the canvas `previous` was laid out on, when it was another size.

    Returns:
        A placement for every term that fits, largest first, and the keys of the smallest
        terms dropped because even the minimum readable size could not hold them all.
    """
    opts = options or LayoutOptions()
    if canvas.width < 1 or canvas.height < 1 or not terms:
        keys = tuple(dict.fromkeys(t.key for t in terms))
        return LayoutResult({}, keys, canvas, 0.0)
    min_font = opts.min_font if opts.min_font is not None else max(9.0, 0.013 * canvas.height)
    max_font = opts.max_font if opts.max_font is not None else 0.2 * canvas.height
    max_font = max(max_font, min_font)
    cell = (
        opts.cell
        if opts.cell is not None
        else max(1.0, math.sqrt(canvas.width * canvas.height / 120_000))
    )
    prep = _prepare(terms, canvas, previous, previous_canvas, seed, measure, opts, max_font)
    scale, old_scale = _choose_scale(prep, opts, canvas, previous_canvas, min_font)
    floor_scale = min_font / math.sqrt(max(max(prep.weights, default=1.0), 1e-12))
    attempts = 0
    while True:
        attempts += 1
        floor = scale <= floor_scale * 1.0001
        if floor:
            # At the floor every word is at the minimum size exactly, not a hair above it.
            scale = floor_scale
        run = Attempt(canvas, cell, opts, measure, seed)
        # When the cloud grows, the picture zooms out from the centre, so that the words fit
        # together as they did; when it shrinks, words shrink where they stand: words at
        # the minimum size do not shrink, and would collide if the picture zoomed in.
        zoom = max(scale / old_scale, 1.0) if old_scale else 1.0
        sizes = _kept_sizes(font_sizes(prep.weights, scale, min_font), prep)
        placed, dropped = _lay_out_once(run, prep, sizes, zoom, min_font, floor)
        if dropped is not None:
            break
        # Shrink by about the share of the area that did fit, but never by less than 8%.
        total_area = float((prep.ref_area * np.square(sizes)).sum())
        share = run.placed_area / max(total_area * 1.3, 1.0)
        scale = max(floor_scale, scale * min(0.92, max(0.5, math.sqrt(share))))
    if dropped:
        log.info(
            "cloud: %d of %d words did not fit at the minimum size", len(dropped), len(prep.keys)
        )
    log.debug("cloud: %d words in %d attempts, scale %.1f", len(placed), attempts, scale)
    order = prep.keys if len(placed) == len(prep.keys) else [k for k in prep.keys if k in placed]
    ordered = dict(zip(order, map(placed.__getitem__, order), strict=True))
    return LayoutResult(ordered, tuple(dropped), canvas, scale)


def _choose_scale(
    prep: _Prepared,
    opts: LayoutOptions,
    canvas: Size,
    previous_canvas: Size | None,
    min_font: float,
) -> tuple[float, float | None]:
    """Return the scale to lay out at, and the scale of the previous layout if there is one."""
    aim = opts.fill * canvas.width * canvas.height
    old_scale = _previous_scale(prep, previous_canvas, canvas, min_font)
    if old_scale is None:
        return _scale_for_fill(prep, min_font, aim), None
    # After a change in the data (not of the canvas) words keep the scale they are shown at
    # while the area they cover stays near the aim, so only the words whose weight changed
    # change size and everything else stays put: a cloud may grow sparser before it grows,
    # as growing moves every word (and only when it can grow by a step worth the move), and
    # a little fuller before it shrinks. Beyond that, it drifts towards its ideal size by
    # one step per update.
    scale = old_scale
    if previous_canvas is not None and previous_canvas != canvas:
        # The room itself changed (a panel closed, the window grew): fill it at once. Held to
        # a step per update, a cloud stayed at half width for a minute after a drill-down.
        return min(_scale_for_fill(prep, min_font, aim), prep.max_scale), old_scale
    covered = _covered(prep, old_scale, min_font)
    if covered > aim * _FULL:
        scale = _scale_for_fill(prep, min_font, aim)
    elif covered < aim * _SPARSE:
        ideal = _scale_for_fill(prep, min_font, aim)
        scale = ideal if ideal > old_scale * _GROW_AT_LEAST else old_scale
    scale = min(max(scale, old_scale * _SCALE_SHRINK), old_scale * _SCALE_GROW)
    return min(scale, prep.max_scale), old_scale


def _lay_out_once(
    run: Attempt,
    prep: _Prepared,
    sizes: list[float],
    zoom: float,
    min_font: float,
    floor: bool,
) -> tuple[dict[str, Placement], list[str] | None]:
    """Lay out every word at one scale: placements, and the words dropped (None: failed).

    Words of the previous layout go first, all at once, so a new word never takes the
    place an old one is standing in; then one by one those that collided (near their old
    place) and the newcomers. At the minimum size a word that fits nowhere is dropped;
    above it the attempt fails, to be made again smaller.
    """
    canvas = run.canvas
    keys, rotations = prep.keys, prep.rotations
    boxes = run.boxes(keys, sizes, rotations, prep.dims, prep.dims_at)
    kept_at = np.array(prep.kept, dtype=np.int64)
    cx, cy = _zoomed(prep.old_x, prep.old_y, canvas, zoom)
    pick = _picker(prep.kept)
    kept_keys = pick(keys)
    kept = run.keep(kept_keys, pick(sizes), pick(rotations), boxes.subset(kept_at), cx, cy)
    stayers: dict[int, tuple[float, float]] = {}
    if None in kept:
        placed = {p.key: p for p in kept if p is not None}
        stayers = {
            prep.kept[j]: (float(cx[j]), float(cy[j])) for j, p in enumerate(kept) if p is None
        }
    else:
        placed = dict(zip(kept_keys, cast(list[Placement], kept), strict=True))
    newcomers = prep.new
    # A few newcomers among words already on screen take the places of words that left;
    # a new cloud (or a mostly new one) grows outward along the frontier.
    fill_holes = bool(prep.kept) and len(newcomers) <= max(3, len(keys) // 4)
    if not (fill_holes or floor):
        newcomers = _grouped(newcomers, sizes, min_font, boxes)
    holes = run.holes([_zoomed_placement(p, canvas, zoom) for p in prep.holes])
    queue = sorted(stayers) + newcomers
    dropped: list[str] = []
    n = 0
    while n < len(queue):
        i = queue[n]
        box = boxes.row(i)
        order = len(placed) + len(dropped)
        if i in stayers:
            batch = [run.place((keys[i], sizes[i], rotations[i]), box, stayers[i], stay=True)]
        elif fill_holes and order > 0:
            batch = [run.place_in_hole((keys[i], sizes[i], rotations[i]), box, holes, order)]
        else:
            # Words with the same box in a row (the small words of a large cloud) are
            # searched for together; while none fails, each adds the same area.
            alike = _alike(queue, n, boxes) if not floor else 1
            area = box[4] * box[5] * run.cell * run.cell
            frontiers = [
                run.frontier_target(order + j, run.placed_area + j * area) for j in range(alike)
            ]
            group = [(keys[j], sizes[j], rotations[j]) for j in queue[n : n + alike]]
            if alike == 1:
                batch = [run.place(group[0], box, frontiers[0])]
            else:
                rows = [boxes.row(j) for j in queue[n : n + alike]]
                batch = run.place_alike(group, rows, frontiers)
        for j, p in zip(queue[n : n + len(batch)], batch, strict=True):
            if p is not None:
                placed[p.key] = p
            elif floor:
                dropped.append(keys[j])
            else:
                return placed, None
        n += len(batch)
    return placed, dropped
