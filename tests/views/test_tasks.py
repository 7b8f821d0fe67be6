"""Background work: one thread, one store connection, nothing delivered after shutdown."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from kiosk.store import Store
from kiosk.views.tasks import TaskRunner


def test_jobs_share_one_thread_and_one_store_connection(qtbot: QtBot, store: Store) -> None:
    runner = TaskRunner()
    results: list[int] = []
    threads: set[int] = set()

    def job() -> int:
        threads.add(threading.get_ident())
        return store.count()

    try:
        for n in range(20):
            runner.submit(f"job{n}", job, results.append)
            qtbot.waitUntil(lambda: len(results) == n + 1)  # noqa: B023 - waited on at once
    finally:
        runner.shutdown()
    assert results == [0] * 20
    assert len(threads) == 1
    # The main thread's connection and the worker's: no new connection per job.
    assert len(store._connections) <= 2


def test_stale_results_are_dropped_and_nothing_arrives_after_shutdown(qtbot: QtBot) -> None:
    jobs: list = []
    runner = TaskRunner(executor=jobs.append)
    got: list[str] = []
    runner.submit("c", lambda: "old", got.append)
    runner.submit("c", lambda: "new", got.append)
    jobs[1]()
    jobs[0]()
    assert got == ["new"]
    runner.submit("c", lambda: "late", got.append)
    runner.shutdown()
    jobs[2]()
    assert got == ["new"]
    assert runner.submit("c", lambda: "refused", got.append) == -1


def test_a_failing_job_reports_instead_of_raising(qtbot: QtBot) -> None:
    runner = TaskRunner(executor=lambda job: job())

    def boom() -> None:
        raise ValueError("bad")

    with qtbot.waitSignal(runner.task_failed) as blocker:
        runner.submit("c", boom, lambda _r: None)
    assert blocker.args[0] == "c" and isinstance(blocker.args[1], ValueError)
