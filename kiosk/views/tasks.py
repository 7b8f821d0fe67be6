"""Background work: a request runs on a worker, its result comes back on the main thread.

Widgets are never touched from a worker. Each request belongs to a channel ("dashboard",
"layout"...); a result that arrives after a newer request on the same channel is stale and
dropped. Tests inject a synchronous executor so results arrive before ``submit`` returns.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger("kiosk.views")


class SynchronousExecutor(Executor):
    """Runs each job at once in the caller's thread (for tests and snapshots)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


class TaskRunner(QObject):
    """Runs callables off the UI thread and calls back on the UI thread.

    Signals:
        task_failed(str, object): a job on a channel raised (channel, exception).
    """

    task_failed = Signal(str, object)
    _finished = Signal(str, int, object)

    def __init__(self, executor: Executor | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = executor or ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk")
        self._owns_executor = executor is None
        self._latest: dict[str, int] = {}
        self._callbacks: dict[tuple[str, int], Callable[[Any], None]] = {}
        self._next_id = 0
        self._finished.connect(self._on_worker_finished)

    def submit(self, channel: str, job: Callable[[], Any], on_result: Callable[[Any], None]) -> int:
        """Run ``job`` on the worker; call ``on_result`` with its result on the UI thread.

        Returns:
            The request id; only the newest request of a channel delivers its result.
        """
        self._next_id += 1
        request = self._next_id
        self._latest[channel] = request
        self._callbacks[(channel, request)] = on_result
        future = self._executor.submit(job)
        # Emitting from the worker thread queues the call into the UI thread's event loop.
        future.add_done_callback(lambda f: self._finished.emit(channel, request, f))
        return request

    def _on_worker_finished(self, channel: str, request: int, future: Future[Any]) -> None:
        callback = self._callbacks.pop((channel, request), None)
        if callback is None or future.cancelled() or self._latest.get(channel) != request:
            return
        exc = future.exception()
        if exc is not None:
            log.error("background job on %s failed", channel, exc_info=exc)
            self.task_failed.emit(channel, exc)
            return
        callback(future.result())

    def shutdown(self) -> None:
        """Wait for running jobs and stop the worker (when this runner owns it)."""
        if self._owns_executor:
            self._executor.shutdown(wait=True, cancel_futures=True)
