"""Background work: a request runs on a worker, its result comes back on the main thread.

Widgets are never touched from a worker. Each request belongs to a channel ("dashboard",
"layout"...); a result that arrives after a newer request on the same channel is stale and
dropped. An executor is anything that runs a job somewhere (one long-lived thread by default);
tests pass ``synchronous`` so results arrive before ``submit`` returns, or ``list.append`` to
run the jobs later in an order of their choosing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger("kiosk.views")

Executor = Callable[[Callable[[], None]], None]


def synchronous(job: Callable[[], None]) -> None:
    """Run a job at once on the calling thread (tests and offscreen snapshots)."""
    job()


class TaskRunner(QObject):
    """Runs callables off the UI thread and calls back on the UI thread.

    Args:
        executor: where jobs run; by default a pool of one thread owned by this runner (jobs
            of one runner run in order; a newer request makes older ones moot anyway).

    Signals:
        task_failed(str, object): a job raised and had no ``on_error`` (channel, exception).
    """

    task_failed = Signal(str, object)
    _finished = Signal(str, int, object, object)

    def __init__(self, executor: Executor | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool: ThreadPoolExecutor | None = None
        if executor is None:
            # One Python thread for the runner's whole life: the store keeps one connection
            # per thread, and QThreadPool gives every job a fresh thread state (a new
            # connection per job, never closed: a wall screen ran out of file descriptors).
            pool = self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk")

            def executor(job: Callable[[], None]) -> None:
                pool.submit(job)

        self._executor: Executor = executor
        self._closed = False
        self._latest: dict[str, int] = {}
        self._callbacks: dict[int, tuple[Callable[[Any], None], Callable[[Exception], None]]] = {}
        self._next_id = 0
        # Emitted from the worker thread; Qt queues it to this object's (the UI) thread.
        self._finished.connect(self._on_worker_finished)

    def submit(
        self,
        channel: str,
        job: Callable[[], Any],
        on_result: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
    ) -> int:
        """Run ``job`` on the worker; call ``on_result`` with its result on the UI thread.

        Returns:
            The request id; only the newest request of a channel delivers its result. After
            ``shutdown`` nothing runs and -1 is returned.
        """
        if self._closed:
            return -1
        self._next_id += 1
        request = self._next_id
        self._latest[channel] = request
        self._callbacks[request] = (on_result, on_error or (lambda exc: self._failed(channel, exc)))

        def run() -> None:
            try:
                result = job()
            except Exception as exc:  # reported on the UI thread; a worker must not die
                self._finished.emit(channel, request, None, exc)
                return
            self._finished.emit(channel, request, result, None)

        self._executor(run)
        return request

    def is_latest(self, channel: str, request: int) -> bool:
        """Whether ``request`` is the newest one submitted on ``channel``."""
        return self._latest.get(channel) == request

    @Slot(str, int, object, object)
    def _on_worker_finished(
        self, channel: str, request: int, result: object, error: Exception | None
    ) -> None:
        callbacks = self._callbacks.pop(request, None)
        if callbacks is None or self._closed or not self.is_latest(channel, request):
            log.debug("dropping stale result %d on %s", request, channel)
            return
        on_result, on_error = callbacks
        if error is not None:
            on_error(error)
        else:
            on_result(result)

    def _failed(self, channel: str, exc: Exception) -> None:
        log.error("background job on %s failed", channel, exc_info=exc)
        self.task_failed.emit(channel, exc)

    def shutdown(self) -> None:
        """Drop queued jobs, wait for the running one, and deliver nothing after: a result
        arriving after shutdown must not start work (a sync thread) the app already stopped."""
        self._closed = True
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._callbacks.clear()
