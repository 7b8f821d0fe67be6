"""Word-cloud layout: a pure function from weighted terms to non-overlapping placements.

No Qt here: the view measures text with its own font metrics and hands in a ``Measurer`` that
answers with plain numbers, so the layout can be tested and benchmarked without a display.

How it works, and why:

- Font size grows with the square root of the weight, so a word's *area* tracks how many
  customers use it, clamped between a readable minimum and a maximum at which the largest
  word still fits the canvas.
- The canvas is a grid of cells with a summed-area table (``occupancy.py``); a word is placed
  at the free position nearest to its target, searched in canvas-shaped rings and, failing
  that, over the whole grid at once.
- Targets make the result stable: a word that was on screen before aims at its old centre and
  is placed before any new word, so a small change in the data moves almost nothing. A new
  word aims at the frontier the cloud is expected to have reached by then, spread by the
  golden angle, which fills the canvas from the centre out without a slow spiral crawl.
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
from typing import NamedTuple, TypeVar

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

_K = TypeVar("_K")

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
_FULL = 1.15
# Share of the margin a word keeps when it stays in place after growing a little.
_SNUG = 0.5

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


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
        cell: grid cell size in pixels (default: about 240,000 cells on the canvas).
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
    keys: list[str]
    weights: list[float]
    max_scale: float
    ref_area: FloatArray
    rotations: list[int]
    targets: dict[str, tuple[float, float]]
    holes: list[tuple[float, float]]


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
        self.grid = OccupancyGrid(self.cols, self.rows)
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

    def box(
        self, key: str, size: float, rotation: int, snug: bool = False
    ) -> tuple[float, float, int, int]:
        """Return a word's tight box (width, height) and the cells (across, down) it takes.

        A snug box keeps half the margin around the text (see ``_margins``).
        """
        tw, th = self.measure(key, size)
        if rotation:
            tw, th = th, tw
        pad = max(1.0, self.options.padding * size)
        pad_along = max(pad, min(0.2 * size, 4.0 + pad))
        pad_x, pad_y = (pad, pad_along) if rotation else (pad_along, pad)
        share = _SNUG if snug else 1.0
        c = self.cell
        wc = max(1, math.ceil((tw + 2 * share * pad_x) / c - 1e-9))
        hc = max(1, math.ceil((th + 2 * share * pad_y) / c - 1e-9))
        return tw, th, wc, hc

    def _corner(self, target: tuple[float, float], wc: int, hc: int) -> tuple[int, int]:
        """Return the top-left cell of a box centred as near the target as the grid allows."""
        c = self.cell
        x0 = min(max(round(target[0] / c - wc / 2), 0), self.cols - wc)
        y0 = min(max(round(target[1] / c - hc / 2), 0), self.rows - hc)
        return x0, y0

    def place(
        self,
        key: str,
        size: float,
        rotation: int,
        target: tuple[float, float],
        stay: bool = False,
    ) -> Placement | None:
        """Place one word as near its target as the grid allows; None when it fits nowhere.

        A word that should stay (it stood at the target before) first tries its target with
        a snug box, so that growing a little does not make it move.
        """
        tw, th, wc, hc = self.box(key, size, rotation)
        if wc > self.cols or hc > self.rows:
            return None
        x0, y0 = self._corner(target, wc, hc)
        grid = self.grid
        if stay and not grid.is_free(x0, y0, wc, hc):
            _, _, sw, sh = self.box(key, size, rotation, snug=True)
            sx, sy = self._corner(target, sw, sh)
            if grid.is_free(sx, sy, sw, sh):
                x0, y0, wc, hc = sx, sy, sw, sh
        pos = self._search(x0, y0, wc, hc)
        if pos is None:
            return None
        x, y = pos
        grid.take(x, y, wc, hc)
        c = self.cell
        self.placed_area += wc * hc * c * c
        return Placement(key, (x + wc / 2) * c, (y + hc / 2) * c, size, rotation, tw, th)

    def _margins(
        self, size: FloatArray, rotated: BoolArray, share: float
    ) -> tuple[FloatArray, FloatArray]:
        """Return the margins (x, y) around each word's text, the arrays form of ``box``."""
        pad = np.maximum(1.0, self.options.padding * size)
        pad_along = np.maximum(pad, np.minimum(0.2 * size, 4.0 + pad))
        pad_x = np.where(rotated, pad, pad_along)
        pad_y = np.where(rotated, pad_along, pad)
        return share * pad_x, share * pad_y

    def keep(
        self, words: Sequence[tuple[str, float, int, tuple[float, float]]]
    ) -> list[Placement | None]:
        """Put words back at their targets all at once, as far as they do not collide.

        Each word is (key, size, rotation, target). A word whose box, centred on its target,
        shares no cell with another's is placed there. A word that grew into a neighbour (and
        the neighbour) then try a snug box, with half the margin: a word that grew a little
        gives up some air rather than its place. Those that still collide get None and are
        placed one by one after. Checking all at once costs a few operations on the grid
        instead of a search per word: that is what makes a relayout after a small change
        cheap.
        """
        n = len(words)
        out: list[Placement | None] = [None] * n
        if not n:
            return out
        dims = np.array(
            [self.measure(key, size) for key, size, _, _ in words], dtype=np.float64
        ).reshape(n, 2)
        rotated = np.array([rotation != 0 for _, _, rotation, _ in words], dtype=np.bool_)
        tw = np.where(rotated, dims[:, 1], dims[:, 0])
        th = np.where(rotated, dims[:, 0], dims[:, 1])
        size = np.array([w[1] for w in words], dtype=np.float64)
        centre = np.array([w[3] for w in words], dtype=np.float64).reshape(n, 2)
        c = self.cell
        pending = np.arange(n)
        for share in (1.0, _SNUG):
            pad_x, pad_y = self._margins(size[pending], rotated[pending], share)
            wc = np.maximum(np.ceil((tw[pending] + 2 * pad_x) / c - 1e-9), 1).astype(np.int64)
            hc = np.maximum(np.ceil((th[pending] + 2 * pad_y) / c - 1e-9), 1).astype(np.int64)
            fits = (wc <= self.cols) & (hc <= self.rows)
            pending, wc, hc = pending[fits], wc[fits], hc[fits]
            # np.round rounds half to even as round() does in _corner: the same cell both ways.
            x0 = np.round(centre[pending, 0] / c - wc / 2)
            y0 = np.round(centre[pending, 1] / c - hc / 2)
            x0 = np.minimum(np.maximum(x0, 0), self.cols - wc).astype(np.int64)
            y0 = np.minimum(np.maximum(y0, 0), self.rows - hc).astype(np.int64)
            collided = self.grid.take_apart(x0, y0, wc, hc)
            kept = np.flatnonzero(~collided)
            self.placed_area += float((wc[kept] * hc[kept]).sum()) * c * c
            for i, x, y, w, h in zip(
                pending[kept].tolist(),
                x0[kept].tolist(),
                y0[kept].tolist(),
                wc[kept].tolist(),
                hc[kept].tolist(),
                strict=True,
            ):
                key, font_size, rotation, _ = words[i]
                out[i] = Placement(
                    key,
                    (x + w / 2) * c,
                    (y + h / 2) * c,
                    font_size,
                    rotation,
                    float(tw[i]),
                    float(th[i]),
                )
            pending = pending[collided]
            if not len(pending):
                break
        return out

    def _search(self, x0: int, y0: int, wc: int, hc: int) -> tuple[int, int] | None:
        grid = self.grid
        if grid.is_free(x0, y0, wc, hc):
            return x0, y0
        # Widening windows around the target, then the whole grid.
        for ry in _WINDOWS:
            pos = grid.nearest_free_in_window(x0, y0, wc, hc, self.window_x(ry), ry)
            if pos is not None:
                return pos
        return grid.nearest_free(x0, y0, wc, hc)

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
    seen: set[str] = set()
    unique: list[LayoutTerm] = []
    for t in sorted(terms, key=lambda t: (-t.weight, t.key)):
        if t.key not in seen:
            seen.add(t.key)
            unique.append(t)
    keys = [t.key for t in unique]
    weights = [max(float(t.weight), 0.0) for t in unique]
    ref = np.array([measure(key, _REFERENCE_SIZE) for key in keys], dtype=np.float64)
    ref = np.maximum(ref.reshape(len(keys), 2), 1e-6)
    rw, rh = ref[:, 0], ref[:, 1]
    # The largest size at which each word, horizontal, still fits with a little margin.
    fit = np.minimum(0.94 * canvas.width / rw, 0.94 * canvas.height / rh) * _REFERENCE_SIZE
    rel = np.sqrt(np.asarray(weights, dtype=np.float64))
    weighty = rel > 0
    # Capping the scale, not each size, keeps every size proportional to sqrt(weight).
    max_scale = (
        float((np.minimum(max_font, fit[weighty]) / rel[weighty]).min())
        if weighty.any()
        else math.inf
    )
    ref_area = rw * rh / _REFERENCE_SIZE**2
    prev = previous or {}
    sx = sy = 1.0
    if previous_canvas is not None and previous_canvas.width > 0 and previous_canvas.height > 0:
        sx = canvas.width / previous_canvas.width
        sy = canvas.height / previous_canvas.height
    rotations: list[int] = []
    targets: dict[str, tuple[float, float]] = {}
    for i, key in enumerate(keys):
        old = prev.get(key)
        if old is not None:
            targets[key] = (old.x * sx, old.y * sy)
        # Chosen by key, not kept from `previous`, so a word keeps its direction across
        # updates yet every word follows when the vertical-words setting changes.
        vertical = options.vertical_words and i > 0 and _stable_hash(key, seed) % 4 == 0
        rotations.append(90 if vertical else 0)
    # Where words that left stood, largest first: the places newcomers take.
    gone = sorted(
        (p for k, p in prev.items() if k not in seen), key=lambda p: (-p.width * p.height, p.key)
    )
    holes = [(p.x * sx, p.y * sy) for p in gone]
    return _Prepared(keys, weights, max_scale, ref_area, rotations, targets, holes)


def _scale_for_fill(prep: _Prepared, min_font: float, target_area: float) -> float:
    """Return the scale at which the words' boxes cover about `target_area` pixels.

    Solved, not searched: between two words reaching the minimum size the covered area is
    s^2 * (the area of the words above it) + min_font^2 * (the area of the rest), so the
    right interval is found with one search and the quadratic solved in it.
    """
    top = math.sqrt(max(max(prep.weights, default=1.0), 1e-12))
    lo = min_font / top
    hi = max(prep.max_scale, lo) if math.isfinite(prep.max_scale) else lo
    roots = np.sqrt(np.asarray(prep.weights, dtype=np.float64))
    order = np.argsort(-roots, kind="stable")
    roots, area = roots[order], prep.ref_area[order]
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
    roots = np.sqrt(np.asarray(prep.weights, dtype=np.float64))
    sizes = np.maximum(scale * roots, min_font)
    return float((prep.ref_area * sizes * sizes).sum())


def _previous_scale(
    prep: _Prepared,
    previous: Mapping[str, Placement] | None,
    previous_canvas: Size | None,
    canvas: Size,
    min_font: float,
) -> float | None:
    """Return the scale the previous layout used, judged from the words it shares with this.

    Words held at the minimum size say nothing about the scale, so only larger ones count.
    """
    if not previous:
        return None
    zoom = 1.0
    if previous_canvas is not None and previous_canvas.height > 0:
        zoom = min(canvas.width / previous_canvas.width, canvas.height / previous_canvas.height)
    ratios = sorted(
        previous[k].font_size / math.sqrt(w) * zoom
        for k, w in zip(prep.keys, prep.weights, strict=True)
        if k in previous and w > 0 and previous[k].font_size * zoom > min_font * 1.01
    )
    if not ratios:
        return None
    return ratios[len(ratios) // 2]


def _zoomed(
    points: Mapping[_K, tuple[float, float]], canvas: Size, zoom: float
) -> Mapping[_K, tuple[float, float]]:
    """Return the points moved away from (or towards) the canvas centre by a factor."""
    if zoom == 1.0:
        return points
    cx, cy = canvas.width / 2, canvas.height / 2
    return {k: (cx + (x - cx) * zoom, cy + (y - cy) * zoom) for k, (x, y) in points.items()}


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
        else max(1.0, math.sqrt(canvas.width * canvas.height / 240_000))
    )
    prep = _prepare(terms, canvas, previous, previous_canvas, seed, measure, opts, max_font)

    canvas_area = canvas.width * canvas.height
    scale = _scale_for_fill(prep, min_font, opts.fill * canvas_area)
    floor_scale = min_font / math.sqrt(max(max(prep.weights, default=1.0), 1e-12))
    old_scale = _previous_scale(prep, previous, previous_canvas, canvas, min_font)
    if old_scale is not None:
        # After a change in the data (not of the canvas) words keep the scale they are shown
        # at while the area they cover stays near the aim, so only the words whose weight
        # changed change size and everything else stays put: a cloud may grow sparser
        # before it grows, as growing moves every word, and a little fuller before it
        # shrinks. Beyond that, it drifts towards its ideal size by one step per update.
        aim = opts.fill * canvas_area
        same_canvas = previous_canvas is None or previous_canvas == canvas
        if same_canvas and aim * _SPARSE <= _covered(prep, old_scale, min_font) <= aim * _FULL:
            scale = old_scale
        scale = min(max(scale, old_scale * _SCALE_SHRINK), old_scale * _SCALE_GROW)
        scale = min(scale, prep.max_scale)
    # Survivors first, so a new word never takes the place an old one is standing in.
    survivors = [i for i, k in enumerate(prep.keys) if k in prep.targets]
    newcomers = [i for i, k in enumerate(prep.keys) if k not in prep.targets]
    fill_holes = bool(prep.targets) and len(newcomers) <= max(3, len(prep.keys) // 4)
    total_area = 0.0
    attempts = 0
    while True:
        attempts += 1
        floor = scale <= floor_scale * 1.0001
        sizes = font_sizes(prep.weights, scale, min_font)
        total_area = float((prep.ref_area * np.square(sizes)).sum())
        run = _Pass(canvas, cell, opts, measure, seed)
        # When the cloud grows, the picture zooms out from the centre, so that the words fit
        # together as they did; when it shrinks, words shrink where they stand: words at
        # the minimum size do not shrink, and would collide if the picture zoomed in.
        zoom = max(scale / old_scale, 1.0) if old_scale else 1.0
        targets = _zoomed(prep.targets, canvas, zoom)
        holes = list(_zoomed(dict(enumerate(prep.holes)), canvas, zoom).values())
        kept = run.keep(
            [(prep.keys[i], sizes[i], prep.rotations[i], targets[prep.keys[i]]) for i in survivors]
        )
        placed = {p.key: p for p in kept if p is not None}
        # Then, one by one: survivors that collided (near their old place), then newcomers.
        queue = [i for i, p in zip(survivors, kept, strict=True) if p is None]
        displaced = len(queue)
        queue += newcomers
        dropped: list[str] = []
        failed = False
        for n, i in enumerate(queue):
            key = prep.keys[i]
            target = targets.get(key)
            stay = target is not None
            if target is None:
                # A few newcomers among words already on screen take the places of words that
                # left (then the free place nearest the centre), filling the holes; a new
                # cloud (or a mostly new one) grows outward along the frontier, far quicker.
                order = len(placed) + len(dropped)
                hole = n - displaced
                if fill_holes and order > 0:
                    target = (
                        holes[hole] if hole < len(holes) else (canvas.width / 2, canvas.height / 2)
                    )
                else:
                    target = run.frontier_target(order, run.placed_area)
            p = run.place(key, sizes[i], prep.rotations[i], target, stay)
            if p is None:
                if not floor:
                    failed = True
                    break
                dropped.append(key)
                continue
            placed[key] = p
        if not failed:
            break
        # Shrink by about the share of the area that did fit, but never by less than 8%.
        share = run.placed_area / max(total_area * 1.3, 1.0)
        scale = max(floor_scale, scale * min(0.92, max(0.5, math.sqrt(share))))
    if dropped:
        log.info(
            "cloud: %d of %d words did not fit at the minimum size", len(dropped), len(prep.keys)
        )
    log.debug("cloud: %d words in %d attempts, scale %.1f", len(placed), attempts, scale)
    ordered = {k: placed[k] for k in prep.keys if k in placed}
    return LayoutResult(ordered, tuple(dropped), canvas, scale)
