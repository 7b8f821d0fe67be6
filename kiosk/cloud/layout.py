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
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from kiosk.cloud.occupancy import OccupancyGrid

__all__ = [
    "LayoutOptions",
    "LayoutResult",
    "LayoutTerm",
    "Measurer",
    "Placement",
    "Size",
    "font_sizes",
    "layout_cloud",
]

log = logging.getLogger("kiosk.cloud")

Measurer = Callable[[str, float], tuple[float, float]]
"""Return the tight (width, height) of a term's text, horizontal, at a font size in pixels."""

_GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))
_REFERENCE_SIZE = 100.0
# Half-heights in cells of the windows searched around a target before the whole grid:
# most words land in the first.
_WINDOWS = (16, 64)
# How far the scale may move in one update.
_SCALE_SHRINK = 0.92
_SCALE_GROW = 1.08
# How much less (more) than the area it aims at a cloud may cover after a change in the data
# before it grows (shrinks).
_SPARSE = 0.7
_FULL = 1.05
# Share of the margin a word keeps when it stays in place after growing a little.
_SNUG = 0.5

# Fields of a placement by position, quicker than by name for many at once.
_X = itemgetter(1)
_Y = itemgetter(2)
_FONT_SIZE = itemgetter(3)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Size:
    """A canvas size in pixels."""

    width: float
    height: float

    @property
    def diagonal(self) -> float:
        """Length of the canvas diagonal."""
        return math.hypot(self.width, self.height)


@dataclass(frozen=True, slots=True)
class LayoutTerm:
    """A term to place: its key (also what the measurer is asked about) and its weight."""

    key: str
    weight: float


class Placement(NamedTuple):
    """Where a term goes: the centre of its tight box, font size, rotation and box size.

    ``rotation`` is 0 (horizontal) or 90 (read bottom to top); ``width`` and ``height`` are
    the box as it sits on the canvas, after rotation. A named tuple rather than a frozen
    dataclass: a layout makes one per word, and a tuple is made three times as fast.
    """

    key: str
    x: float
    y: float
    font_size: float
    rotation: int
    width: float
    height: float

    @property
    def left(self) -> float:
        """Left edge of the tight box."""
        return self.x - self.width / 2

    @property
    def top(self) -> float:
        """Top edge of the tight box."""
        return self.y - self.height / 2

    @property
    def right(self) -> float:
        """Right edge of the tight box."""
        return self.x + self.width / 2

    @property
    def bottom(self) -> float:
        """Bottom edge of the tight box."""
        return self.y + self.height / 2


@dataclass(frozen=True, slots=True)
class LayoutOptions:
    """Knobs of the layout; ``None`` means a default relative to the canvas height.

    Args:
        min_font: the smallest readable font size in pixels (default 1.3% of the height).
        max_font: the largest font size in pixels (default 20% of the height).
        vertical_words: let about a quarter of the words stand vertically.
        padding: room above and below each word, as a share of its font size (at least one
            pixel). Along the reading direction words get about a fifth of an em more, so
            two neighbours never read as one phrase.
        fill: share of the canvas the words' boxes aim to cover before any retry.
        cell: grid cell size in pixels (default: about 120,000 cells on the canvas).
    """

    min_font: float | None = None
    max_font: float | None = None
    vertical_words: bool = False
    padding: float = 0.05
    fill: float = 0.40
    cell: float | None = None


@dataclass(frozen=True, slots=True)
class LayoutResult:
    """Placements for the terms that fit, in weight order, and the keys that did not."""

    placements: Mapping[str, Placement]
    dropped: tuple[str, ...] = ()
    canvas: Size = field(default_factory=lambda: Size(0.0, 0.0))
    scale: float = 0.0


def _stable_hash(key: str, seed: int) -> int:
    # Python's hash() of a str changes per process; the layout must not.
    return zlib.crc32(key.encode("utf-8"), seed & 0xFFFFFFFF)


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
    # Words of the previous layout: their index in keys, old placement and (scaled) centre.
    kept: list[int]
    new: list[int]
    old: list[Placement]
    old_x: FloatArray
    old_y: FloatArray
    holes: list[Placement]


@dataclass(frozen=True, slots=True)
class _Boxes:
    """Words' tight boxes, their margins, and the cells they take with the whole margin."""

    width: FloatArray
    height: FloatArray
    pad_x: FloatArray
    pad_y: FloatArray
    cells_w: IntArray
    cells_h: IntArray

    def subset(self, index: IntArray) -> _Boxes:
        """Return the boxes of some of the words."""
        return _Boxes(
            self.width[index],
            self.height[index],
            self.pad_x[index],
            self.pad_y[index],
            self.cells_w[index],
            self.cells_h[index],
        )

    def row(self, i: int) -> tuple[float, float, float, float, int, int]:
        """Return one word's box as plain numbers."""
        return (
            float(self.width[i]),
            float(self.height[i]),
            float(self.pad_x[i]),
            float(self.pad_y[i]),
            int(self.cells_w[i]),
            int(self.cells_h[i]),
        )


class _Pass:
    """One attempt at laying out every word at one scale."""

    def __init__(
        self,
        canvas: Size,
        cell: float,
        options: LayoutOptions,
        measure: Measurer,
        seed: int,
    ) -> None:
        self.canvas = canvas
        self.cell = cell
        self.options = options
        self.measure = measure
        self.cols = max(1, int(canvas.width // cell))
        self.rows = max(1, int(canvas.height // cell))
        self.grid = OccupancyGrid(self.cols, self.rows, self.window_x(_WINDOWS[0]), _WINDOWS[0])
        self.seed_angle = (_stable_hash("angle", seed) % 3600) / 3600 * 2 * math.pi
        self.placed_area = 0.0

    def frontier_target(self, index: int, area_before: float) -> tuple[float, float]:
        """Where the cloud's edge is expected to be once `area_before` pixels are covered."""
        w, h = self.canvas.width, self.canvas.height
        if index == 0:
            return w / 2, h / 2
        # Boxes with padding cover about 75% of the area they enclose once packed.
        r = math.sqrt(area_before / (math.pi * 0.75))
        a = r * math.sqrt(w / h)
        b = r * math.sqrt(h / w)
        theta = self.seed_angle + index * _GOLDEN_ANGLE
        return w / 2 + 0.9 * a * math.cos(theta), h / 2 + 0.9 * b * math.sin(theta)

    def boxes(
        self, keys: Sequence[str], sizes: Sequence[float], rotations: Sequence[int]
    ) -> _Boxes:
        """Measure words and return their tight boxes and the cells they take."""
        across, down = _columns([self.measure(k, s) for k, s in zip(keys, sizes, strict=True)])
        rotated = np.array(rotations, dtype=np.int64) != 0
        tw = np.where(rotated, down, across)
        th = np.where(rotated, across, down)
        size = np.asarray(sizes, dtype=np.float64)
        pad = np.maximum(1.0, self.options.padding * size)
        # Along the reading direction a word gets about a fifth of an em, so that two
        # neighbours never read as one phrase.
        pad_along = np.maximum(pad, np.minimum(0.2 * size, 4.0 + pad))
        pad_x = np.where(rotated, pad, pad_along)
        pad_y = np.where(rotated, pad_along, pad)
        return _Boxes(tw, th, pad_x, pad_y, self._cells(tw, pad_x), self._cells(th, pad_y))

    def _cells(self, length: FloatArray, pad: FloatArray) -> IntArray:
        """Return how many cells a length with a margin each side spans."""
        cells: IntArray = np.maximum(np.ceil((length + 2 * pad) / self.cell - 1e-9), 1).astype(
            np.int64
        )
        return cells

    def _corner(self, target: tuple[float, float], wc: int, hc: int) -> tuple[int, int]:
        """Return the top-left cell of a box centred as near the target as the grid allows."""
        c = self.cell
        x0 = min(max(round(target[0] / c - wc / 2), 0), self.cols - wc)
        y0 = min(max(round(target[1] / c - hc / 2), 0), self.rows - hc)
        return x0, y0

    def place(
        self,
        word: tuple[str, float, int],
        box: tuple[float, float, float, float, int, int],
        target: tuple[float, float],
        stay: bool = False,
        first: tuple[int, int] | None = None,
        fallback: tuple[float, float] | None = None,
    ) -> Placement | None:
        """Place one word as near its target as the grid allows; None when it fits nowhere.

        Args:
            word: key, font size and rotation.
            box: the tight box, its margins and the cells it takes with them.
            target: where the word's centre should go.
            stay: the word stood at the target before: it first tries to stay exactly
                there in a snug box (see ``keep``), so that growing a little does not make
                it move.
            first: a top-left cell likely free (a hole a word left): tried before searching.
            fallback: where to look when there is no room near the target, before the
                whole grid.
        """
        key, size, rotation = word
        tw, th, pad_x, pad_y, wc, hc = box
        if wc > self.cols or hc > self.rows:
            return None
        grid = self.grid
        if stay:
            snug = self._snug(target, tw / 2 + _SNUG * pad_x, th / 2 + _SNUG * pad_y)
            if snug is not None and grid.is_free(*snug):
                grid.take(*snug)
                self.placed_area += snug[2] * snug[3] * self.cell * self.cell
                return Placement(key, target[0], target[1], size, rotation, tw, th)
        x0, y0 = self._corner(target, wc, hc)
        pos: tuple[int, int] | None = None
        if first is not None and grid.is_free(*first, wc, hc):
            pos = first
        if pos is None:
            # With somewhere else to look, only the nearest window here: a wide search in a
            # full part of the cloud costs more than it finds.
            pos = self._search(x0, y0, wc, hc, _WINDOWS[:1] if fallback else _WINDOWS)
        if pos is None and fallback is not None:
            pos = self._search(*self._corner(fallback, wc, hc), wc, hc)
        if pos is None:
            pos = grid.nearest_free(x0, y0, wc, hc)
        if pos is None:
            return None
        x, y = pos
        grid.take(x, y, wc, hc)
        c = self.cell
        self.placed_area += wc * hc * c * c
        return Placement(key, (x + wc / 2) * c, (y + hc / 2) * c, size, rotation, tw, th)

    def _snug(
        self, centre: tuple[float, float], half_w: float, half_h: float
    ) -> tuple[int, int, int, int] | None:
        """Return the cells (x, y, w, h) covering a box centred exactly, or None off the grid."""
        c = self.cell
        x0 = math.floor((centre[0] - half_w) / c + 1e-9)
        y0 = math.floor((centre[1] - half_h) / c + 1e-9)
        x1 = math.ceil((centre[0] + half_w) / c - 1e-9)
        y1 = math.ceil((centre[1] + half_h) / c - 1e-9)
        if x0 < 0 or y0 < 0 or x1 > self.cols or y1 > self.rows:
            return None
        return x0, y0, max(x1 - x0, 1), max(y1 - y0, 1)

    def holes(self, gone: Sequence[Placement]) -> list[tuple[int, int, int, int]]:
        """Return the cells (x, y, w, h) that words which left stood in, with half a margin."""
        out = []
        for p in gone:
            pad = max(1.0, self.options.padding * p.font_size)
            pad_along = max(pad, min(0.2 * p.font_size, 4.0 + pad))
            pad_x, pad_y = (pad, pad_along) if p.rotation else (pad_along, pad)
            cells = self._snug(
                (p.x, p.y), p.width / 2 + _SNUG * pad_x, p.height / 2 + _SNUG * pad_y
            )
            if cells is not None:
                out.append(cells)
        return out

    def place_in_hole(
        self,
        word: tuple[str, float, int],
        box: tuple[float, float, float, float, int, int],
        holes: list[tuple[int, int, int, int]],
        order: int,
    ) -> Placement | None:
        """Place a newcomer in the smallest hole a word left that holds it.

        A word bigger than every hole goes where the cloud is expected to end (the frontier),
        and one that finds its hole taken looks around it, then at the frontier.
        """
        wc, hc = box[4], box[5]
        frontier = self.frontier_target(order, self.placed_area)
        hole = _take_hole(holes, wc, hc)
        if hole is None:
            # Bigger than every hole: where the cloud ends there is room.
            return self.place(word, box, frontier)
        hx, hy, hw, hh = hole
        first = hx + (hw - wc) // 2, hy + (hh - hc) // 2
        target = ((hx + hw / 2) * self.cell, (hy + hh / 2) * self.cell)
        return self.place(word, box, target, first=first, fallback=frontier)

    def place_alike(
        self,
        words: Sequence[tuple[str, float, int]],
        box: tuple[float, float, float, float, int, int],
        targets: Sequence[tuple[float, float]],
    ) -> list[Placement | None]:
        """Place words with the same box one after the other, searching for all at once.

        The result is what ``place`` gives word by word: a word whose answer overlaps one
        placed before it in the group is searched for again, alone.
        """
        tw, th, _, _, wc, hc = box
        if wc > self.cols or hc > self.rows:
            return [None] * len(words)
        corners = [self._corner(t, wc, hc) for t in targets]
        found = self.grid.nearest_free_each(
            [x for x, _ in corners], [y for _, y in corners], wc, hc
        )
        c = self.cell
        taken: list[tuple[int, int]] = []
        out: list[Placement | None] = []
        for word, target, pos in zip(words, targets, found, strict=True):
            if pos is None or any(abs(pos[0] - x) < wc and abs(pos[1] - y) < hc for x, y in taken):
                placement = self.place(word, box, target)
                out.append(placement)
                if placement is not None:
                    taken.append((round(placement.x / c - wc / 2), round(placement.y / c - hc / 2)))
                continue
            x, y = pos
            self.grid.take(x, y, wc, hc)
            self.placed_area += wc * hc * c * c
            taken.append(pos)
            key, size, rotation = word
            out.append(Placement(key, (x + wc / 2) * c, (y + hc / 2) * c, size, rotation, tw, th))
        return out

    def keep(
        self,
        keys: list[str],
        sizes: list[float],
        rotations: list[int],
        boxes: _Boxes,
        cx: FloatArray,
        cy: FloatArray,
    ) -> list[Placement | None]:
        """Put words back exactly at their old centres all at once, as far as they do not collide.

        Words that stay take a snug box: the cells that cover the text and half its margin,
        wherever the old centre falls on the grid. Between two of them the text keeps the
        gap it had (the margins they were placed with), while a word that grew a little
        gives up some air rather than its place. A word whose snug box overlaps no other's
        is placed exactly where it was; the others get None and are placed one by one
        after. Checking all at once costs a few operations instead of a search per word:
        that is what makes a relayout after a small change cheap.
        """
        out: list[Placement | None] = [None] * len(keys)
        if not keys:
            return out
        c = self.cell
        half_w = boxes.width / 2 + _SNUG * boxes.pad_x
        half_h = boxes.height / 2 + _SNUG * boxes.pad_y
        x0 = np.floor((cx - half_w) / c + 1e-9).astype(np.int64)
        y0 = np.floor((cy - half_h) / c + 1e-9).astype(np.int64)
        wc = np.maximum(np.ceil((cx + half_w) / c - 1e-9).astype(np.int64) - x0, 1)
        hc = np.maximum(np.ceil((cy + half_h) / c - 1e-9).astype(np.int64) - y0, 1)
        # A word whose old place now leaves the grid (the canvas shrank) is placed anew.
        inside = (x0 >= 0) & (y0 >= 0) & (x0 + wc <= self.cols) & (y0 + hc <= self.rows)
        at = np.flatnonzero(inside)
        collided = self.grid.take_apart(x0[at], y0[at], wc[at], hc[at])
        inside[at[collided]] = False
        self.placed_area += float((wc[inside] * hc[inside]).sum()) * c * c
        widths, heights = boxes.width, boxes.height
        chosen = np.flatnonzero(inside)
        every = len(chosen) == len(keys)
        if not every:
            at_list = chosen.tolist()
            keys = [keys[i] for i in at_list]
            sizes = [sizes[i] for i in at_list]
            rotations = [rotations[i] for i in at_list]
            cx, cy, widths, heights = cx[chosen], cy[chosen], widths[chosen], heights[chosen]
        made = map(
            Placement._make,
            zip(
                keys,
                cx.tolist(),
                cy.tolist(),
                sizes,
                rotations,
                widths.tolist(),
                heights.tolist(),
                strict=True,
            ),
        )
        if every:
            return list(made)
        for i, placement in zip(chosen.tolist(), made, strict=True):
            out[i] = placement
        return out

    def _search(
        self, x0: int, y0: int, wc: int, hc: int, windows: Sequence[int] = _WINDOWS
    ) -> tuple[int, int] | None:
        grid = self.grid
        # Widening windows around the target (the target itself first, at distance 0).
        for ry in windows:
            pos = grid.nearest_free_in_window(x0, y0, wc, hc, self.window_x(ry), ry)
            if pos is not None:
                return pos
        return None

    def window_x(self, ry: int) -> int:
        """Horizontal half-width of a search window, following the canvas shape."""
        return max(1, round(ry * self.canvas.width / self.canvas.height))


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
    # Heaviest first, ties by key: two stable sorts on one attribute each are much quicker
    # than one on a tuple.
    ordered = sorted(terms, key=attrgetter("key"))
    ordered.sort(key=attrgetter("weight"), reverse=True)
    keys = [t.key for t in ordered]
    seen = set(keys)
    if len(seen) < len(keys):
        # A key given twice counts once, at its largest weight (the first, in this order).
        first: dict[str, LayoutTerm] = {}
        for t in ordered:
            first.setdefault(t.key, t)
        ordered = list(first.values())
        keys = [t.key for t in ordered]
    weights_array = np.maximum(np.array([t.weight for t in ordered], dtype=np.float64), 0.0)
    weights: list[float] = weights_array.tolist()
    roots = np.sqrt(weights_array)
    rw, rh = _columns([measure(key, _REFERENCE_SIZE) for key in keys])
    rw, rh = np.maximum(rw, 1e-6), np.maximum(rh, 1e-6)
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
            90 if i > 0 and _stable_hash(key, seed) % 4 == 0 else 0 for i, key in enumerate(keys)
        ]
    prev = previous or {}
    found = list(map(prev.get, keys))
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
    )


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


def _columns(pairs: Sequence[tuple[float, float]]) -> tuple[FloatArray, FloatArray]:
    """Return the first and the second of each pair as two arrays."""
    first = np.array([a for a, _ in pairs], dtype=np.float64)
    second = np.array([b for _, b in pairs], dtype=np.float64)
    return first, second


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


def _take_hole(
    holes: list[tuple[int, int, int, int]], w: int, h: int
) -> tuple[int, int, int, int] | None:
    """Remove and return the smallest hole (in cells) that holds a w x h box, if any."""
    best = -1
    for j, (_, _, hw, hh) in enumerate(holes):
        if hw >= w and hh >= h and (best < 0 or hw * hh < holes[best][2] * holes[best][3]):
            best = j
    return holes.pop(best) if best >= 0 else None


def _alike(queue: list[int], start: int, boxes: _Boxes, most: int = 16) -> int:
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


def _grouped(order: list[int], sizes: Sequence[float], min_font: float, boxes: _Boxes) -> list[int]:
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
        run = _Pass(canvas, cell, opts, measure, seed)
        # When the cloud grows, the picture zooms out from the centre, so that the words fit
        # together as they did; when it shrinks, words shrink where they stand: words at
        # the minimum size do not shrink, and would collide if the picture zoomed in.
        zoom = max(scale / old_scale, 1.0) if old_scale else 1.0
        sizes = font_sizes(prep.weights, scale, min_font)
        placed, dropped = _attempt(run, prep, sizes, zoom, min_font, floor)
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
    ordered = {k: placed[k] for k in prep.keys if k in placed}
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
    scale = _scale_for_fill(prep, min_font, aim)
    old_scale = _previous_scale(prep, previous_canvas, canvas, min_font)
    if old_scale is None:
        return scale, None
    # After a change in the data (not of the canvas) words keep the scale they are shown at
    # while the area they cover stays near the aim, so only the words whose weight changed
    # change size and everything else stays put: a cloud may grow sparser before it grows,
    # as growing moves every word, and a little fuller before it shrinks. Beyond that, it
    # drifts towards its ideal size by one step per update.
    same_canvas = previous_canvas is None or previous_canvas == canvas
    if same_canvas and aim * _SPARSE <= _covered(prep, old_scale, min_font) <= aim * _FULL:
        scale = old_scale
    scale = min(max(scale, old_scale * _SCALE_SHRINK), old_scale * _SCALE_GROW)
    return min(scale, prep.max_scale), old_scale


def _attempt(
    run: _Pass,
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
    boxes = run.boxes(keys, sizes, rotations)
    kept_at = np.array(prep.kept, dtype=np.int64)
    cx, cy = _zoomed(prep.old_x, prep.old_y, canvas, zoom)
    kept = run.keep(
        [keys[i] for i in prep.kept],
        [sizes[i] for i in prep.kept],
        [rotations[i] for i in prep.kept],
        boxes.subset(kept_at),
        cx,
        cy,
    )
    placed = {p.key: p for p in kept if p is not None}
    stayers = {prep.kept[j]: (float(cx[j]), float(cy[j])) for j, p in enumerate(kept) if p is None}
    newcomers = prep.new
    # A few newcomers among words already on screen take the places of words that left
    # (then the free place nearest the centre), filling the holes; a new cloud (or a
    # mostly new one) grows outward along the frontier, which is far quicker.
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
                batch = run.place_alike(group, box, frontiers)
        for j, p in zip(queue[n : n + len(batch)], batch, strict=True):
            if p is not None:
                placed[p.key] = p
            elif floor:
                dropped.append(keys[j])
            else:
                return placed, None
        n += len(batch)
    return placed, dropped
