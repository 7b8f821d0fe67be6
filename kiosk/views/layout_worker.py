"""Cloud layouts off the UI thread: a request goes to a worker, the result comes back queued.

Each request carries an id; a result whose id is no longer the latest is dropped, so a burst
of resizes or data changes ends with the layout of the last one only. Tests pass a synchronous
executor and get the result before ``submit`` returns.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from kiosk.cloud import LayoutOptions, LayoutResult, LayoutTerm, Placement, Size, layout_cloud
from kiosk.views.word_art import word_box

__all__ = ["Executor", "LayoutRequest", "LayoutWorker", "synchronous"]

log = logging.getLogger("kiosk.cloud")

Executor = Callable[[Callable[[], None]], None]


def synchronous(job: Callable[[], None]) -> None:
    """Run a job at once, on the calling thread (for tests and offscreen snapshots)."""
    job()


@dataclass(frozen=True, slots=True)
class LayoutRequest:
    """Everything a layout needs, as plain frozen data, so a worker can run it safely.

    ``boxes`` holds each term's tight text (width, height) at ``word_art.REFERENCE_SIZE``,
    measured with Qt on the UI thread; ``rising`` names the terms drawn with a trend arrow.
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

    def measure(self, key: str, size: float) -> tuple[float, float]:
        """Return the term's tight box at a font size, scaled from the reference box."""
        return word_box(self.boxes[key], size, key in self.rising)

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
    """Runs layout requests on a worker thread and reports the latest result.

    Signals:
        layout_finished(int, object): request id and its ``LayoutResult``, on the UI thread.
        layout_failed(int, str): request id and what went wrong.
    """

    layout_finished = Signal(int, object)
    layout_failed = Signal(int, str)
    _result_ready = Signal(int, object, str)

    def __init__(self, executor: Executor | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool: QThreadPool | None = None
        if executor is None:
            self._pool = QThreadPool(self)
            # One thread: layouts are cheap, and a newer request makes older ones moot anyway.
            self._pool.setMaxThreadCount(1)
            pool = self._pool
            executor = pool.start
        self._executor = executor
        self._latest = 0
        # Emitted from the worker thread; Qt queues it to this object's (the UI) thread.
        self._result_ready.connect(self._on_worker_result_ready)

    @property
    def latest_id(self) -> int:
        """The id of the newest request submitted."""
        return self._latest

    def submit(self, request: LayoutRequest) -> None:
        """Start a layout; any result for an older request will be dropped."""
        self._latest = request.id
        self._executor(lambda: self._run(request))

    def run_now(self, request: LayoutRequest) -> None:
        """Compute a layout on the calling thread (a hidden view: nobody waits on it)."""
        self._latest = request.id
        self._run(request)

    def _run(self, request: LayoutRequest) -> None:
        try:
            result = request.run()
        except Exception as exc:  # a bad layout must not take the wall screen down
            log.exception("cloud layout %d failed", request.id)
            self._result_ready.emit(request.id, None, f"{type(exc).__name__}: {exc}")
            return
        self._result_ready.emit(request.id, result, "")

    @Slot(int, object, str)
    def _on_worker_result_ready(self, request_id: int, result: object, error: str) -> None:
        if request_id != self._latest:
            log.debug("dropping stale cloud layout %d (latest %d)", request_id, self._latest)
            return
        if error:
            self.layout_failed.emit(request_id, error)
        else:
            self.layout_finished.emit(request_id, result)

    def wait(self) -> None:
        """Block until queued layouts have finished (on shutdown, so no thread outlives us)."""
        if self._pool is not None:
            self._pool.waitForDone()
