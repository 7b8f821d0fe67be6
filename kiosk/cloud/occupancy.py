"""Occupancy of the canvas as a grid of cells, queried in constant time per rectangle.

The grid keeps a summed-area table (integral image) so "is this rectangle free?" is four
lookups, and many candidate positions are checked in one numpy gather. Marking a rectangle
adds a ramp to the lower-right part of the table instead of recomputing it, which keeps a
placement cheap even with a thousand words on a 4K canvas.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt

__all__ = ["OccupancyGrid", "spiral_offsets"]

IntArray = npt.NDArray[np.int32]


@lru_cache(maxsize=8)
def spiral_offsets(radius_x: int, radius_y: int) -> tuple[IntArray, IntArray]:
    """Return cell offsets within an ellipse, nearest first (ties broken by angle).

    The ellipse follows the canvas shape, so a word that cannot sit at its target slides
    sideways before it slides up or down, and the cloud fills a wide screen evenly.
    """
    dy, dx = np.mgrid[-radius_y : radius_y + 1, -radius_x : radius_x + 1]
    dx = dx.ravel().astype(np.int32)
    dy = dy.ravel().astype(np.int32)
    dist = (dx / max(radius_x, 1)) ** 2 + (dy / max(radius_y, 1)) ** 2
    inside = dist <= 1.0
    dx, dy, dist = dx[inside], dy[inside], dist[inside]
    angle = np.arctan2(dy, dx)
    order = np.lexsort((angle, dist))
    return dx[order], dy[order]


class OccupancyGrid:
    """Cells of a canvas, each free or taken, with a summed-area table for rectangle queries.

    Args:
        cols: cells across.
        rows: cells down.
    """

    def __init__(self, cols: int, rows: int) -> None:
        self.cols = cols
        self.rows = rows
        # sat[y, x] = number of taken cells in rows [0, y) and columns [0, x).
        self.sat: IntArray = np.zeros((rows + 1, cols + 1), dtype=np.int32)
        self._ramp_x = np.arange(cols + 1, dtype=np.int32)
        self._ramp_y = np.arange(rows + 1, dtype=np.int32)

    def is_free(self, x: int, y: int, w: int, h: int) -> bool:
        """Whether the w x h cells with top-left (x, y) are inside the grid and all free."""
        if x < 0 or y < 0 or x + w > self.cols or y + h > self.rows:
            return False
        s = self.sat
        return int(s[y + h, x + w] - s[y, x + w] - s[y + h, x] + s[y, x]) == 0

    def free_mask(self, xs: IntArray, ys: IntArray, w: int, h: int) -> npt.NDArray[np.bool_]:
        """Return which top-left positions hold a free w x h rectangle inside the grid."""
        ok = (xs >= 0) & (ys >= 0) & (xs + w <= self.cols) & (ys + h <= self.rows)
        x0 = np.where(ok, xs, 0)
        y0 = np.where(ok, ys, 0)
        x1 = np.where(ok, xs + w, 0)
        y1 = np.where(ok, ys + h, 0)
        s = self.sat
        taken = s[y1, x1] - s[y0, x1] - s[y1, x0] + s[y0, x0]
        return ok & (taken == 0)

    def nearest_free(self, tx: float, ty: float, w: int, h: int) -> tuple[int, int] | None:
        """Return the free top-left position nearest (in the canvas-shaped metric) to (tx, ty).

        Checks every position at once; used when the local search around the target failed.
        """
        if w > self.cols or h > self.rows:
            return None
        s = self.sat
        taken = s[h:, w:] - s[:-h, w:] - s[h:, :-w] + s[:-h, :-w]
        free = taken == 0
        if not free.any():
            return None
        ys, xs = np.nonzero(free)
        ax = max(self.cols, 1) / max(self.rows, 1)
        dist = ((xs - tx) / ax) ** 2 + (ys - ty) ** 2
        i = int(np.argmin(dist))
        return int(xs[i]), int(ys[i])

    def take(self, x: int, y: int, w: int, h: int) -> None:
        """Mark the w x h cells with top-left (x, y) as taken."""
        ry = np.minimum(self._ramp_y[: self.rows + 1 - y], h)
        rx = np.minimum(self._ramp_x[: self.cols + 1 - x], w)
        self.sat[y:, x:] += np.outer(ry, rx)
