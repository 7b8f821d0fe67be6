"""A feed's last pass is kept in the store: a restarted kiosk tells it before its first pass.

Real parts: a real SQLite store in a temp folder, a loopback HTTP server, the demo source.
"""

from __future__ import annotations

import socket

from pytest_httpserver import HTTPServer

from kiosk.store import Store
from kiosk.sync import FeedState, SyncService
from kiosk.sync.service import run_once
from kiosk.sync.status import move_passes, stored_status
from tests.sync.conftest import MAPPING, feed, settings_with


def refused_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/items"


def test_a_restarted_service_tells_the_last_sync_and_error_before_reading(
    store: Store, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/items").respond_with_json([])
    down = feed("down", url=refused_url(), mapping=MAPPING)
    settings = settings_with(feed("demo", "demo", count=40), down)
    reports = run_once(settings, store)
    assert [r.ok for r in reports] == [True, False]
    # A new kiosk on the same store, its service not started: nothing read in this run.
    service = SyncService(settings, store)
    statuses = service.statuses()
    demo, failing = statuses["demo"], statuses["down"]
    assert demo.state is FeedState.PENDING and failing.state is FeedState.PENDING
    assert demo.last_success is not None and demo.items == 40 and demo.new == 40
    line = demo.describe()
    assert line.startswith("demo: last synced at ") and "40 new" in line
    assert "40 items stored" in line and "not read since the start" in line
    assert failing.last_success is None and failing.last_attempt is not None
    assert "refused the connection" in str(failing.last_error)
    assert "the last sync failed at" in failing.describe()
    assert "refused the connection" in failing.describe()
    # The header's line still waits for this run's own passes.
    assert service.summary() == "connecting"


def test_a_failure_after_a_success_keeps_when_it_last_worked(
    store: Store, httpserver: HTTPServer
) -> None:
    now = "2026-11-30T10:00:00Z"
    httpserver.expect_request("/items").respond_with_json(
        [{"id": "1", "body": "Slow checkout", "created": now}]
    )
    board = feed("board", url=httpserver.url_for("/items"), mapping=MAPPING)
    assert [r.ok for r in run_once(settings_with(board), store)] == [True]
    worked = stored_status(store, "board")
    assert worked is not None and worked.items == 1 and worked.last_error is None
    broken = feed("board", url=refused_url(), mapping=MAPPING)
    assert [r.ok for r in run_once(settings_with(broken), store)] == [False]
    after = stored_status(store, "board")
    assert after is not None
    assert after.last_success == worked.last_success and after.failing_since is not None
    assert "last synced at" in after.describe() and "1 item stored" in after.describe()


def test_a_store_from_before_still_tells_the_last_sync(store: Store) -> None:
    store.save_cursor("old", "{}")
    status = stored_status(store, "old")
    assert status is not None and status.last_success is not None
    assert status.describe().startswith("old: last synced at ")
    assert stored_status(store, "never") is None


def test_a_running_service_takes_a_renamed_feeds_status_once_it_moved(store: Store) -> None:
    settings = settings_with(feed("demo", "demo", count=10))
    run_once(settings, store)
    service = SyncService(settings, store)
    renamed = settings_with(feed("sample", "demo", count=10))
    service._apply(renamed)  # as the worker does with new settings, before the store moves
    assert service.statuses()["sample"].last_success is None
    move_passes(store, {"demo": "sample"})
    service.reread_statuses(["sample"])
    moved = service.statuses()["sample"]
    assert moved.last_success is not None and moved.items == 10
    assert moved.describe().startswith("sample: last synced at ")
