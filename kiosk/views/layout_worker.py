"""Cloud layouts off the UI thread: a request goes to a worker, the result comes back queued.

Each request carries an id; a request superseded before the worker reaches it is skipped, and
a result whose id is no longer the latest is dropped, so a burst of resizes or data changes
ends with the layout of the last one only, and costs little more than that one. Tests pass a
synchronous executor and get the result before ``submit`` returns.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from kiosk.cloud import LayoutOptions, LayoutResult, LayoutTerm, Placement, Size, layout_cloud
from kiosk.views.tasks import Executor, TaskRunner, synchronous
from kiosk.views.word_art import word_box

__all__ = ["Executor", "LayoutRequest", "LayoutWorker", "synchronous"]


log = logging.getLogger("kiosk.cloud")


@dataclass(frozen=True, slots=True)
class LayoutRequest:
    """Everything a layout needs, as plain frozen data, so a worker can run it safely.

    ``boxes`` holds each term's tight text (width, height) at ``word_art.REFERENCE_SIZE``,
    measured with Qt on the UI thread; ``rising`` names the terms drawn with a trend arrow,
    ``mixed`` those drawn with a mix bar under them.
    """

    id: int
    terms: tuple[LayoutTerm, ...]
    canvas: Size
    boxes: Mapping[str, tuple[float, float]]
    previous: Mapping[str, Placement] | None = None
    previous_canvas: Size | None = None
    seed: int = 0
    options: LayoutOptions = field(default_factory=LayoutOptions)
    rising: frozenset[str] = frozenset()
    mixed: frozenset[str] = frozenset()

    def measure(self, key: str, size: float) -> tuple[float, float]:
        """Return the term's tight box at a font size, scaled from the reference box."""
        return word_box(self.boxes[key], size, key in self.rising, key in self.mixed)

    def run(self) -> LayoutResult:
        """Compute the layout."""
        return layout_cloud(
            self.terms,
            self.canvas,
            self.measure,
            previous=self.previous,
            seed=self.seed,
            options=self.options,
            previous_canvas=self.previous_canvas,
        )


class LayoutWorker(QObject):
    """Runs layout requests off the UI thread and reports the latest result.

    Signals:
        layout_finished(int, object): request id and its ``LayoutResult``, on the UI thread.
        layout_failed(int, str): request id and what went wrong.
    """

    layout_finished = Signal(int, object)
    layout_failed = Signal(int, str)

    def __init__(self, executor: Executor | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # A runner of its own: a layout never waits behind a dashboard query.
        self._tasks = TaskRunner(executor, self)
        self._latest = 0

    @property
    def latest_id(self) -> int:
        """The id of the newest request submitted."""
        return self._latest

    def submit(self, request: LayoutRequest) -> None:
        """Start a layout; any result for an older request will be dropped."""
        self._latest = request.id

        def run() -> LayoutResult | None:
            # A request superseded while it waited in the queue is not worth computing: its
            # result would be dropped, and a burst of resizes would keep the worker busy with
            # sizes nobody sees any more before it reached the last one.
            if request.id != self._latest:
                return None
            return request.run()

        def done(result: LayoutResult | None) -> None:
            # Skipped (superseded while it waited, by a queued request or by ``run_now``):
            # nothing to report.
            if result is not None and request.id == self._latest:
                self.layout_finished.emit(request.id, result)

        self._tasks.submit("layout", run, done, lambda exc: self._failed(request.id, exc))

    def run_now(self, request: LayoutRequest) -> None:
        """Compute a layout on the calling thread (a hidden view: nobody waits on it)."""
        self._latest = request.id
        try:
            result = request.run()
        except Exception as exc:  # a bad layout must not take the wall screen down
            self._failed(request.id, exc)
            return
        self.layout_finished.emit(request.id, result)

    def _failed(self, request_id: int, exc: Exception) -> None:
        log.error("cloud layout %d failed", request_id, exc_info=exc)
        self.layout_failed.emit(request_id, f"{type(exc).__name__}: {exc}")

    def wait(self) -> None:
        """Block until queued layouts have finished (on shutdown, so no thread outlives us)."""
        self._tasks.shutdown()
