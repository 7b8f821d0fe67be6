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

__all__ = ["OccupancyGrid"]

IntArray = npt.NDArray[np.int32]


@lru_cache(maxsize=16)
def _window_distances(radius_x: int, radius_y: int) -> npt.NDArray[np.float64]:
    """Squared canvas-shaped distance of every offset in a window from its centre."""
    dy, dx = np.mgrid[-radius_y : radius_y + 1, -radius_x : radius_x + 1]
    aspect = max(radius_x, 1) / max(radius_y, 1)
    # Angle as a tiny tie-break, so equal distances resolve the same way every time.
    tie = (np.arctan2(dy, dx) + np.pi) * 1e-9
    return (dx / aspect) ** 2 + dy.astype(np.float64) ** 2 + tie


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

    def nearest_free_in_window(
        self, x0: int, y0: int, w: int, h: int, radius_x: int, radius_y: int
    ) -> tuple[int, int] | None:
        """Return the free top-left position nearest to (x0, y0) within a window around it.

        The window is checked with four slices of the table, no gathers, so a window of
        tens of thousands of positions costs about as much as a handful of Python calls.
        """
        lo_x, hi_x = max(x0 - radius_x, 0), min(x0 + radius_x, self.cols - w)
        lo_y, hi_y = max(y0 - radius_y, 0), min(y0 + radius_y, self.rows - h)
        if lo_x > hi_x or lo_y > hi_y:
            return None
        s = self.sat
        ys, xs = slice(lo_y, hi_y + 1), slice(lo_x, hi_x + 1)
        ys_h, xs_w = slice(lo_y + h, hi_y + h + 1), slice(lo_x + w, hi_x + w + 1)
        taken = s[ys_h, xs_w] - s[ys, xs_w] - s[ys_h, xs] + s[ys, xs]
        dist = _window_distances(radius_x, radius_y)[
            lo_y - y0 + radius_y : hi_y - y0 + radius_y + 1,
            lo_x - x0 + radius_x : hi_x - x0 + radius_x + 1,
        ]
        candidates = np.where(taken == 0, dist, np.inf)
        i = int(np.argmin(candidates))
        iy, ix = divmod(i, candidates.shape[1])
        if not np.isfinite(candidates[iy, ix]):
            return None
        return lo_x + ix, lo_y + iy

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
        rx = np.minimum(self._ramp_x[: self.cols + 1 - x], w)
        # Rows inside the rectangle get a growing ramp; every row below it the full one,
        # added by broadcasting so no table-sized temporary is made.
        self.sat[y : y + h, x:] += np.outer(self._ramp_y[:h], rx)
        self.sat[y + h :, x:] += h * rx
