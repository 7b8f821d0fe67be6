"""One attempt at a layout: words placed one by one (or many at once) on the occupancy grid.

An ``Attempt`` knows where the words go at one scale: it measures their boxes, puts the
words of the previous layout back exactly where they stood, and searches for the others
near their targets (a hole a word left, or the frontier of a growing cloud). What to place,
in which order and at which scale is decided in ``layout.py``.
"""

from __future__ import annotations

import math
import zlib
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kiosk.cloud.occupancy import OccupancyGrid
from kiosk.cloud.values import LayoutOptions, Measurer, Placement, Size

__all__ = ["Attempt", "Boxes", "columns", "margin", "margins", "stable_hash"]

_GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))
# Half-heights in cells of the windows searched around a target before the whole grid:
# most words land in the first.
_WINDOWS = (16, 64)
# Share of the margin a word keeps when it stays in place after growing a little.
_SNUG = 0.5

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def stable_hash(key: str, seed: int) -> int:
    """Return a hash of a key that is the same in every process, for choices made by key."""
    # Python's hash() of a str changes per process; the layout must not.
    return zlib.crc32(key.encode("utf-8"), seed & 0xFFFFFFFF)


def columns(pairs: Sequence[tuple[float, float]]) -> tuple[FloatArray, FloatArray]:
    """Return the first and the second of each pair as two arrays."""
    first = np.array([a for a, _ in pairs], dtype=np.float64)
    second = np.array([b for _, b in pairs], dtype=np.float64)
    return first, second


def margin(size: float, rotated: bool, padding: float) -> tuple[float, float]:
    """Return the margin left and right (x) and above and below (y) a word, in pixels.

    Across the reading direction a word gets `padding` of its font size (at least a pixel);
    along it about a fifth of an em, so that two neighbours never read as one phrase.
    """
    pad = max(1.0, padding * size)
    pad_along = max(pad, min(0.2 * size, 4.0 + pad))
    return (pad, pad_along) if rotated else (pad_along, pad)


def margins(size: FloatArray, rotated: BoolArray, padding: float) -> tuple[FloatArray, FloatArray]:
    """Return ``margin`` for many words at once."""
    pad = np.maximum(1.0, padding * size)
    pad_along = np.maximum(pad, np.minimum(0.2 * size, 4.0 + pad))
    return np.where(rotated, pad, pad_along), np.where(rotated, pad_along, pad)


@dataclass(frozen=True, slots=True)
class Boxes:
    """Words' tight boxes, their margins, and the cells they take with the whole margin."""

    width: FloatArray
    height: FloatArray
    pad_x: FloatArray
    pad_y: FloatArray
    cells_w: IntArray
    cells_h: IntArray

    def subset(self, index: IntArray) -> Boxes:
        """Return the boxes of some of the words."""
        return Boxes(
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


class Attempt:
    """One attempt at laying out every word at one scale, on a grid of its own."""

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
        self.seed_angle = (stable_hash("angle", seed) % 3600) / 3600 * 2 * math.pi
        self.placed_area = 0.0

    def frontier_target(
        self, index: int, area_before: float, reach: float = 0.9
    ) -> tuple[float, float]:
        """Where the cloud's edge is expected to be once `area_before` pixels are covered.

        A little inside it by default (`reach` of the way out), where a growing cloud packs
        tightest; a word added to a finished cloud looks just outside it.
        """
        w, h = self.canvas.width, self.canvas.height
        if index == 0:
            return w / 2, h / 2
        # Boxes with padding cover about 75% of the area they enclose once packed.
        r = math.sqrt(area_before / (math.pi * 0.75))
        a = r * math.sqrt(w / h)
        b = r * math.sqrt(h / w)
        theta = self.seed_angle + index * _GOLDEN_ANGLE
        return w / 2 + reach * a * math.cos(theta), h / 2 + reach * b * math.sin(theta)

    def boxes(
        self,
        keys: Sequence[str],
        sizes: Sequence[float],
        rotations: Sequence[int],
        known: Sequence[tuple[float, float]] = (),
        known_at: Sequence[float] = (),
    ) -> Boxes:
        """Measure words and return their tight boxes and the cells they take.

        Args:
            keys: the words.
            sizes: their font sizes.
            rotations: 0 or 90 each.
            known: boxes already measured (horizontal), reused for a word whose size is
                the one it was measured at (`known_at`).
            known_at: the sizes `known` was measured at.
        """
        measure = self.measure
        if known:
            dims = [
                box if size == at else measure(key, size)
                for key, size, box, at in zip(keys, sizes, known, known_at, strict=True)
            ]
        else:
            dims = [measure(key, size) for key, size in zip(keys, sizes, strict=True)]
        across, down = columns(dims)
        rotated = np.array(rotations, dtype=np.int64) != 0
        tw = np.where(rotated, down, across)
        th = np.where(rotated, across, down)
        size = np.asarray(sizes, dtype=np.float64)
        pad_x, pad_y = margins(size, rotated, self.options.padding)
        return Boxes(tw, th, pad_x, pad_y, self._cells(tw, pad_x), self._cells(th, pad_y))

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
        """Return the cells (x, y, w, h) covering a box centred exactly, or None off the grid.

        The form of ``_cover`` for one box, without numpy's cost per call.
        """
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
        # One by one: they are few, and numpy's cost per call would outweigh its speed.
        for p in gone:
            pad_x, pad_y = margin(p.font_size, p.rotation != 0, self.options.padding)
            cells = self._snug(
                (p.x, p.y), p.width / 2 + _SNUG * pad_x, p.height / 2 + _SNUG * pad_y
            )
            if cells is not None:
                out.append(cells)
        # Smallest first, so the smallest hole that holds a word is the first found.
        out.sort(key=lambda cells: (cells[2] * cells[3], cells))
        return out

    def _cover(
        self, cx: FloatArray, cy: FloatArray, half_w: FloatArray, half_h: FloatArray
    ) -> tuple[IntArray, IntArray, IntArray, IntArray, BoolArray]:
        """Return the cells (x, y, w, h) covering boxes centred exactly, and which lie inside.

        Whatever the centre, the cells hold the whole box: a box need not start on a cell.
        """
        c = self.cell
        x0 = np.floor((cx - half_w) / c + 1e-9).astype(np.int64)
        y0 = np.floor((cy - half_h) / c + 1e-9).astype(np.int64)
        wc = np.maximum(np.ceil((cx + half_w) / c - 1e-9).astype(np.int64) - x0, 1)
        hc = np.maximum(np.ceil((cy + half_h) / c - 1e-9).astype(np.int64) - y0, 1)
        inside = (x0 >= 0) & (y0 >= 0) & (x0 + wc <= self.cols) & (y0 + hc <= self.rows)
        return x0, y0, wc, hc, inside

    def place_in_hole(
        self,
        word: tuple[str, float, int],
        box: tuple[float, float, float, float, int, int],
        holes: list[tuple[int, int, int, int]],
        order: int,
    ) -> Placement | None:
        """Place a newcomer in the smallest hole a word left that holds it.

        A hole holds the word with its whole margin if it can, else with half of it (the
        room a word that stays may give up, too). A word bigger than every hole goes where
        the cloud is expected to end (the frontier), and one that finds its hole taken
        looks around it, then at the frontier.
        """
        tw, th, pad_x, pad_y, wc, hc = box
        c = self.cell
        sw = max(1, math.ceil((tw + 2 * _SNUG * pad_x) / c - 1e-9))
        sh = max(1, math.ceil((th + 2 * _SNUG * pad_y) / c - 1e-9))
        frontier = self.frontier_target(order, self.placed_area, reach=1.0)
        hole = _take_hole(holes, sw, sh)
        if hole is None:
            # Bigger than every hole: where the cloud ends there is room.
            return self.place(word, box, frontier)
        hx, hy, hw, hh = hole
        w, h = (wc, hc) if hw >= wc and hh >= hc else (sw, sh)
        x, y = hx + (hw - w) // 2, hy + (hh - h) // 2
        if self.grid.is_free(x, y, w, h):
            self.grid.take(x, y, w, h)
            self.placed_area += w * h * c * c
            key, size, rotation = word
            return Placement(key, (x + w / 2) * c, (y + h / 2) * c, size, rotation, tw, th)
        target = ((hx + hw / 2) * c, (hy + hh / 2) * c)
        return self.place(word, box, target, fallback=frontier)

    def place_alike(
        self,
        words: Sequence[tuple[str, float, int]],
        boxes: Sequence[tuple[float, float, float, float, int, int]],
        targets: Sequence[tuple[float, float]],
    ) -> list[Placement | None]:
        """Place words that take the same cells one after the other, searching for all at once.

        The result is what ``place`` gives word by word: a word whose answer overlaps one
        placed before it in the group is searched for again, alone.
        """
        wc, hc = boxes[0][4], boxes[0][5]
        if wc > self.cols or hc > self.rows:
            return [None] * len(words)
        corners = [self._corner(t, wc, hc) for t in targets]
        found = self.grid.nearest_free_each(
            [x for x, _ in corners], [y for _, y in corners], wc, hc
        )
        c = self.cell
        taken: list[tuple[int, int]] = []
        out: list[Placement | None] = []
        for word, box, target, pos in zip(words, boxes, targets, found, strict=True):
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
            tw, th = box[0], box[1]
            out.append(Placement(key, (x + wc / 2) * c, (y + hc / 2) * c, size, rotation, tw, th))
        return out

    def keep(
        self,
        keys: list[str],
        sizes: list[float],
        rotations: list[int],
        boxes: Boxes,
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
        x0, y0, wc, hc, inside = self._cover(
            cx,
            cy,
            boxes.width / 2 + _SNUG * boxes.pad_x,
            boxes.height / 2 + _SNUG * boxes.pad_y,
        )
        # A word whose old place now leaves the grid (the canvas shrank) is placed anew.
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
        """Return the free top-left cell nearest (x0, y0) in widening windows, if any."""
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


def _take_hole(
    holes: list[tuple[int, int, int, int]], w: int, h: int
) -> tuple[int, int, int, int] | None:
    """Remove and return the smallest hole (in cells) that holds a w x h box, if any.

    Holes are listed smallest first; none smaller in area than the box can hold it.
    """
    start = bisect_left(holes, w * h, key=lambda cells: cells[2] * cells[3])
    for j in range(start, len(holes)):
        if holes[j][2] >= w and holes[j][3] >= h:
            return holes.pop(j)
    return None
