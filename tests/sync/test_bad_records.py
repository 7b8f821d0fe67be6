"""One bad record is one skipped record: the rest of its page is stored, every pass.

A record the store cannot hold (a lone surrogate, an integer beyond SQLite's 64 bits) used to
roll its whole page back, and every later pass failed the same way. Each is now skipped with
its reason, like every other bad record.
"""

from __future__ import annotations

import json
import math
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from kiosk.model import Customer, Feedback
from kiosk.store import Store
from kiosk.sync import run_once
from tests.sync.conftest import MAPPING, feed, record, settings_with

FIELD_PATHS = {
    "id": "external_id",
    "body": "text",
    "created": "created_at",
    "updated": "updated_at",
    "type": "kind",
    "votes": "votes",
}


def _page(server: HTTPServer, records: list[Any]) -> None:
    server.clear()
    # json.dumps writes a lone surrogate as the escape "\ud800", as a real server would.
    server.expect_request("/items").respond_with_data(
        json.dumps(records), content_type="application/json"
    )


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ({"body": "broken \ud800 text"}, "lone surrogate"),
        ({"id": "r\udfff"}, "lone surrogate"),
        ({"customer": {"id": "c\ud83d", "name": "x"}}, "lone surrogate"),
        ({"votes": 1e308}, "is not a possible count"),
        ({"votes": 2**70}, "is not a possible count"),
        ({"votes": "1e400"}, "is not a possible count"),
        ({"id": "x" * 5000}, "characters long"),
    ],
)
def test_a_record_the_store_cannot_hold_is_skipped(
    httpserver: HTTPServer, store: Store, bad: dict[str, Any], reason: str
) -> None:
    _page(httpserver, [record(1), record(2, **bad), record(3)])
    for _ in range(2):  # and the next pass is not jammed by it
        (report,) = run_once(
            settings_with(feed(url=httpserver.url_for("/items"), mapping=MAPPING)), store
        )
        assert report.ok, report.error
        assert report.skipped == 1
        assert reason in report.skip_reasons[0]
        assert store.get("board", "r1") is not None and store.get("board", "r3") is not None
    assert store.count() == 2


def test_the_store_sets_aside_an_item_it_cannot_bind(store: Store) -> None:
    """The net under model validation: an item that slips through costs only itself."""
    good = Feedback("f", "1", "fine", _when(), Customer("c"))
    bad = Feedback("f", "2", "fine too", _when(), Customer("c"))
    object.__setattr__(bad, "votes", 2**80)  # past validation, as a future bug might
    result = store.upsert([good, bad])
    assert result.new == 1
    assert [(feed, ext) for feed, ext, _ in result.rejected] == [("f", "2")]
    assert "OverflowError" in result.rejected[0][2]
    assert store.get("f", "1") is not None and store.get("f", "2") is None


def _when() -> Any:
    from datetime import UTC, datetime

    return datetime(2026, 3, 1, tzinfo=UTC)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**62, max_value=2**90)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=50)
    | st.sampled_from(["\ud800", "x\udfffy", "1e400", "-5", "", "   ", "NaN", "9" * 40]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(field=st.sampled_from([*sorted(FIELD_PATHS), "customer"]), value=json_values)
def test_any_json_value_in_any_field_never_costs_the_rest_of_the_page(
    httpserver: HTTPServer, field: str, value: Any
) -> None:
    hostile = record(2)
    hostile[field] = value
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "store.sqlite3")
        try:
            body = json.dumps([record(1), hostile, record(3)], allow_nan=True)
            httpserver.clear()
            httpserver.expect_request("/items").respond_with_data(
                body, content_type="application/json"
            )
            (report,) = run_once(
                settings_with(feed(url=httpserver.url_for("/items"), mapping=MAPPING)), store
            )
            assert report.ok, report.error
            assert store.get("board", "r1") is not None
            assert store.get("board", "r3") is not None
            assert report.new + report.skipped + report.duplicates >= 2
            if report.skipped:
                assert report.skip_reasons and all(report.skip_reasons)
        finally:
            store.close()
        conn = sqlite3.connect(Path(tmp) / "store.sqlite3")
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()


def test_votes_that_are_not_finite_are_refused_by_the_model() -> None:
    with pytest.raises(ValueError, match="votes"):
        Feedback("f", "1", "t", _when(), Customer("c"), votes=2**63)
    assert math.isfinite(Feedback("f", "1", "t", _when(), Customer("c"), votes=2**63 - 1).votes)
