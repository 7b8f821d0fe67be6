"""The sync service: worker thread, schedule, backoff, statuses, summary and Qt signals."""

from __future__ import annotations

import random
import socket
import threading
from datetime import UTC, datetime, timedelta

import pytest
from pytest_httpserver import HTTPServer

from kiosk.store import Store
from kiosk.sync import FeedState, SyncService, SyncStatus, summary
from kiosk.sync.service import next_delay
from kiosk.sync.status import FeedReport, format_clock
from kiosk.values import UpsertResult
from tests.sync.conftest import MAPPING, feed, record, settings_with

WAIT = 30.0


class Passes:
    """Collects the service's notifications and lets a test wait for a number of them."""

    def __init__(self) -> None:
        self.reports: list[FeedReport] = []
        self.lines: list[str] = []
        self._cond = threading.Condition()

    def __call__(self, report, statuses, line) -> None:
        with self._cond:
            if report is not None:
                self.reports.append(report)
            self.lines.append(line)
            self._cond.notify_all()

    def wait_for(self, count: int) -> list[FeedReport]:
        with self._cond:
            assert self._cond.wait_for(lambda: len(self.reports) >= count, WAIT)
            return list(self.reports)


@pytest.fixture
def make_service(store: Store):
    services: list[SyncService] = []

    def make(*feeds, **kwargs) -> tuple[SyncService, Passes]:
        kwargs.setdefault("first_delay", 0.0)
        kwargs.setdefault("rng", random.Random(5))
        service = SyncService(settings_with(*feeds), store, **kwargs)
        passes = Passes()
        service.add_listener(passes)
        services.append(service)
        return service, passes

    yield make
    for service in services:
        assert service.stop()


def test_worker_runs_feeds_and_reports_status(
    make_service, store: Store, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/items").respond_with_data("boom", status=500)
    broken = feed("broken", url=httpserver.url_for("/items"), mapping=MAPPING)
    demo = feed("demo", "demo", count=50)
    seen: list[UpsertResult] = []
    service, passes = make_service(demo, broken, after=seen.append)
    assert service.summary() == "connecting"
    service.start()
    reports = passes.wait_for(2)
    assert {r.feed: r.ok for r in reports} == {"demo": True, "broken": False}
    statuses = service.statuses()
    assert statuses["demo"].state is FeedState.OK
    assert statuses["demo"].new == 50
    failing = statuses["broken"]
    assert failing.state is FeedState.FAILING and failing.failures == 1
    assert "internal error (HTTP 500)" in str(failing.last_error)
    assert failing.next_attempt is not None and failing.failing_since is not None
    assert "failing since" in failing.describe()
    assert service.summary() == "live — 1 of 2 feeds failing"
    assert sum(r.new for r in seen) == 50


def test_sync_now_runs_a_feed_again(make_service, store: Store) -> None:
    service, passes = make_service(feed("demo", "demo", count=10, trickle=2))
    service.start()
    passes.wait_for(1)
    service.sync_now("demo")
    second = passes.wait_for(2)[1]
    assert second.ok and second.new == 2
    assert store.count() == 12


def test_retry_after_sets_the_next_attempt(
    make_service, store: Store, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/items").respond_with_data(
        "wait", status=429, headers={"Retry-After": "3600"}
    )
    service, passes = make_service(feed(url=httpserver.url_for("/items"), mapping=MAPPING))
    service.start()
    (report,) = passes.wait_for(1)
    assert report.retry_after == 3600
    status = service.statuses()["board"]
    assert status.next_attempt is not None and status.last_attempt is not None
    assert status.next_attempt - status.last_attempt >= timedelta(seconds=3600)
    assert service.summary().startswith("offline — ")


def test_a_source_that_answers_unusably_is_not_live_not_offline(
    make_service, store: Store, httpserver: HTTPServer
) -> None:
    # A refused key needs the admin, not the network: "offline" would send them to the
    # cables. A source that does not answer at all is offline.
    httpserver.expect_request("/items").respond_with_data("no", status=401)
    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{spare.getsockname()[1]}/items"
    refused = feed("refused", url=httpserver.url_for("/items"), mapping=MAPPING)
    dead = feed("dead", url=closed, mapping=MAPPING)
    service, passes = make_service(dead)
    service.start()
    passes.wait_for(1)
    assert service.summary() == "offline — no data yet"
    assert service.statuses()["dead"].transient
    service.update_settings(settings_with(dead, refused))
    reports = passes.wait_for(3)
    assert not any(r.ok for r in reports)
    assert not service.statuses()["refused"].transient
    assert service.summary() == "not live — no data yet"


def test_settings_change_between_passes(make_service, store: Store) -> None:
    service, passes = make_service(feed("a", "demo", count=5))
    service.start()
    passes.wait_for(1)
    service.update_settings(settings_with(feed("b", "demo", count=7)))
    passes.wait_for(2)
    assert set(service.statuses()) == {"b"}
    assert store.count() == 12


def test_stop_without_start_and_twice(store: Store) -> None:
    service = SyncService(settings_with(), store)
    assert service.stop() and service.stop()
    assert not service.running


def test_backoff_grows_with_jitter_up_to_the_cap() -> None:
    rng = random.Random(1)
    for failures in range(1, 15):
        ceiling = min(600.0, 10.0 * 2 ** (failures - 1))
        delay = next_delay(failures, 300, None, base=10, cap=600, rng=rng)
        assert ceiling / 2 <= delay <= ceiling
    healthy = [next_delay(0, 300, None, base=10, cap=600, rng=rng) for _ in range(50)]
    assert all(270 <= d <= 330 for d in healthy)
    assert len(set(healthy)) == 50
    assert next_delay(1, 300, 900.0, base=10, cap=600, rng=rng) == 900.0


def test_summary_lines() -> None:
    now = datetime(2026, 3, 5, 14, 30, tzinfo=UTC)
    data = datetime(2026, 3, 5, 14, 2, tzinfo=UTC)
    ok = SyncStatus("a", FeedState.OK, last_success=data)
    bad = SyncStatus("b", FeedState.FAILING, failing_since=data, last_error="x")
    assert summary([], None) == "live"
    assert summary([ok], data, now) == "live"
    assert summary([SyncStatus("a")], None, now) == "connecting"
    assert summary([ok, bad], data, now) == "live — 1 of 2 feeds failing"
    assert summary([bad], data, now) == f"offline — showing data from {format_clock(data, now)}"
    assert summary({"b": bad}, None, now) == "offline — no data yet"
    unusable = SyncStatus("c", FeedState.FAILING, last_error="rejected", transient=False)
    clock = format_clock(data, now)
    assert summary([bad, unusable], data, now) == f"not live — showing data from {clock}"
    day_before = format_clock(data - timedelta(days=1), now)
    assert len(day_before) > 5 and day_before.endswith(format_clock(data, now))


def test_qt_adapter_emits_signals(qtbot, store: Store, httpserver: HTTPServer) -> None:
    from kiosk.sync.qt_adapter import QtSync

    httpserver.expect_request("/items").respond_with_json([record(1)])
    httpserver.expect_request("/down").respond_with_data("x", status=403)
    good = feed("good", url=httpserver.url_for("/items"), mapping=MAPPING)
    bad = feed("bad", url=httpserver.url_for("/down"), mapping=MAPPING)
    service = SyncService(settings_with(good, bad), store, first_delay=0.0)
    qt = QtSync(service)
    lines: list[str] = []
    threads: set[str] = set()

    def on_status(line: str, statuses: dict) -> None:
        lines.append(line)
        threads.add(threading.current_thread().name)

    qt.status_changed.connect(on_status)
    with (
        qtbot.waitSignal(qt.sync_finished, timeout=int(WAIT * 1000)) as finished,
        qtbot.waitSignal(qt.sync_failed, timeout=int(WAIT * 1000)) as failed,
    ):
        qt.start()
    qt.stop()
    assert finished.args[0].feed == "good" and finished.args[0].new == 1
    assert "refused access (HTTP 403) and the feed sends none" in failed.args[0].error
    qtbot.waitUntil(lambda: "live — 1 of 2 feeds failing" in lines, timeout=int(WAIT * 1000))
    assert not service.running
    # Slots run on the UI thread, never on the worker.
    assert threads == {threading.main_thread().name}
