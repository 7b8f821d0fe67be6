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

import numpy as np

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
_WINDOWS = (6, 24, 64)


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


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a term goes: the centre of its tight box, font size, rotation and box size.

    ``rotation`` is 0 (horizontal) or 90 (read bottom to top); ``width`` and ``height`` are
    the box as it sits on the canvas, after rotation.
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
    return [max(scale * math.sqrt(max(w, 0.0)), min_font) for w in weights]


@dataclass(slots=True)
class _Prepared:
    keys: list[str]
    weights: list[float]
    max_scale: float
    ref_area: list[float]
    rotations: list[int]
    targets: dict[str, tuple[float, float]]


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

    def place(
        self, key: str, size: float, rotation: int, target: tuple[float, float]
    ) -> Placement | None:
        """Place one word as near its target as the grid allows; None when it fits nowhere."""
        tw, th = self.measure(key, size)
        if rotation:
            tw, th = th, tw
        pad = max(1.0, self.options.padding * size)
        pad_along = max(pad, min(0.2 * size, 4.0 + pad))
        pad_x, pad_y = (pad, pad_along) if rotation else (pad_along, pad)
        c = self.cell
        wc = max(1, math.ceil((tw + 2 * pad_x) / c - 1e-9))
        hc = max(1, math.ceil((th + 2 * pad_y) / c - 1e-9))
        if wc > self.cols or hc > self.rows:
            return None
        x0 = min(max(round(target[0] / c - wc / 2), 0), self.cols - wc)
        y0 = min(max(round(target[1] / c - hc / 2), 0), self.rows - hc)
        pos = self._search(x0, y0, wc, hc)
        if pos is None:
            return None
        x, y = pos
        self.grid.take(x, y, wc, hc)
        self.placed_area += wc * hc * c * c
        return Placement(key, (x + wc / 2) * c, (y + hc / 2) * c, size, rotation, tw, th)

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
    max_scale = math.inf
    ref_area: list[float] = []
    for key, weight in zip(keys, weights, strict=True):
        rw, rh = measure(key, _REFERENCE_SIZE)
        rw, rh = max(rw, 1e-6), max(rh, 1e-6)
        # The largest size at which the word, horizontal, still fits with a little margin.
        fit = min(0.94 * canvas.width / rw, 0.94 * canvas.height / rh) * _REFERENCE_SIZE
        rel = math.sqrt(weight)
        if rel > 0:
            # Capping the scale, not each size, keeps every size proportional to sqrt(weight).
            max_scale = min(max_scale, min(max_font, fit) / rel)
        ref_area.append(rw * rh / _REFERENCE_SIZE**2)
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
    return _Prepared(keys, weights, max_scale, ref_area, rotations, targets)


def _scale_for_fill(prep: _Prepared, min_font: float, target_area: float) -> float:
    """Return the scale at which the words' boxes cover about `target_area` pixels."""
    top = math.sqrt(max(max(prep.weights, default=1.0), 1e-12))
    lo = min_font / top
    hi = max(prep.max_scale, lo) if math.isfinite(prep.max_scale) else lo
    roots = np.sqrt(np.asarray(prep.weights, dtype=np.float64))
    ref_area = np.asarray(prep.ref_area, dtype=np.float64)
    for _ in range(40):
        mid = (lo + hi) / 2
        sizes = np.maximum(mid * roots, min_font)
        area = float((ref_area * sizes * sizes).sum())
        if area > target_area:
            hi = mid
        else:
            lo = mid
    return lo


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
        # Let the cloud drift towards its ideal size a little per update, so words keep
        # their size and place when the data changes a little.
        scale = min(max(scale, old_scale * 0.92), old_scale * 1.08, prep.max_scale)
    # Survivors first, so a new word never takes the place an old one is standing in.
    order = [i for i, k in enumerate(prep.keys) if k in prep.targets]
    order += [i for i, k in enumerate(prep.keys) if k not in prep.targets]
    newcomers = len(prep.keys) - len(prep.targets)
    fill_holes = bool(prep.targets) and newcomers <= max(3, len(prep.keys) // 4)
    total_area = 0.0
    attempts = 0
    while True:
        attempts += 1
        floor = scale <= floor_scale * 1.0001
        sizes = font_sizes(prep.weights, scale, min_font)
        total_area = sum(a * s * s for a, s in zip(prep.ref_area, sizes, strict=True))
        run = _Pass(canvas, cell, opts, measure, seed)
        placed: dict[str, Placement] = {}
        dropped: list[str] = []
        area_before = 0.0
        failed = False
        for n, i in enumerate(order):
            key = prep.keys[i]
            target = prep.targets.get(key)
            if target is None:
                # A few newcomers among words already on screen take the free place nearest
                # the centre, filling holes that words leaving have made; a new cloud (or a
                # mostly new one) grows outward along the frontier, which is far quicker.
                centre = fill_holes and n > 0
                target = (
                    (canvas.width / 2, canvas.height / 2)
                    if centre
                    else run.frontier_target(n, area_before)
                )
            p = run.place(key, sizes[i], prep.rotations[i], target)
            area_before = run.placed_area
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
        log.info("cloud: %d of %d words did not fit at the minimum size", len(dropped), len(order))
    log.debug("cloud: %d words in %d attempts, scale %.1f", len(placed), attempts, scale)
    ordered = {k: placed[k] for k in prep.keys if k in placed}
    return LayoutResult(ordered, tuple(dropped), canvas, scale)
