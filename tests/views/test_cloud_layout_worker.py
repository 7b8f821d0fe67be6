"""Layout requests: results arrive for the latest request only; failures are reported."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from kiosk.cloud import LayoutResult, LayoutTerm, Size
from kiosk.views.layout_worker import LayoutRequest, LayoutWorker, synchronous


def request(rid: int, keys: list[str]) -> LayoutRequest:
    return LayoutRequest(
        id=rid,
        terms=tuple(LayoutTerm(k, 10 + i) for i, k in enumerate(keys)),
        canvas=Size(400, 300),
        boxes={k: (55.0 * len(k), 72.0) for k in keys},
    )


def test_only_the_latest_request_is_reported(qtbot: QtBot) -> None:
    jobs: list[Callable[[], None]] = []
    worker = LayoutWorker(executor=jobs.append)
    finished: list[tuple[int, object]] = []
    worker.layout_finished.connect(lambda rid, result: finished.append((rid, result)))
    worker.submit(request(1, ["old"]))
    worker.submit(request(2, ["new", "newer"]))
    for job in jobs:
        job()
    assert [rid for rid, _ in finished] == [2]
    assert worker.latest_id == 2


def test_a_failing_layout_is_reported_not_raised(qtbot: QtBot) -> None:
    worker = LayoutWorker(executor=synchronous)
    broken = LayoutRequest(id=1, terms=(LayoutTerm("x", 1),), canvas=Size(100, 100), boxes={})
    with qtbot.waitSignal(worker.layout_failed, timeout=1000) as blocker:
        worker.submit(broken)
    assert blocker.args[0] == 1 and "KeyError" in blocker.args[1]


def test_the_thread_pool_delivers_on_the_ui_thread(qtbot: QtBot) -> None:
    worker = LayoutWorker()
    with qtbot.waitSignal(worker.layout_finished, timeout=5000) as blocker:
        worker.submit(request(1, ["alpha", "beta", "gamma"]))
    worker.wait()
    rid, result = blocker.args
    assert rid == 1 and set(result.placements) == {"alpha", "beta", "gamma"}


def test_a_request_superseded_while_it_waits_is_never_computed(qtbot: QtBot) -> None:
    jobs: list[Callable[[], None]] = []
    worker = LayoutWorker(executor=jobs.append)
    computed: list[int] = []

    class Counted(LayoutRequest):
        def run(self) -> LayoutResult:
            computed.append(self.id)
            return super().run()

    def counted(rid: int) -> LayoutRequest:
        r = request(rid, ["alpha", "beta"])
        return Counted(r.id, r.terms, r.canvas, r.boxes)

    for rid in (1, 2, 3):
        worker.submit(counted(rid))
    for job in jobs:
        job()
    assert computed == [3]
