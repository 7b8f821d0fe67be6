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

# Every field a feed can map, each at a record key of its own (MAPPING's, and the rest).
FULL_MAPPING = {
    **MAPPING,
    "rating": "stars",
    "customer_email": "email",
    "customer_segment": "segment",
    "customer_value": "value",
    "channel": "channel",
    "status": "status",
    "response_text": "reply",
    "response_at": "replied",
    "response_by": "replier",
    "url": "link",
    "language": "lang",
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
        ({"votes": 10**400}, "is not a possible count"),
        ({"created": 10**400}, "is not a possible date"),
        # A date at the calendar's end whose offset takes it past it (year 10000 in UTC).
        ({"created": "9999-12-31T23:59:59-01:00"}, "is not a possible date"),
        ({"updated": "0001-01-01T00:00:00+01:00"}, "is not a possible date"),
        # Quoted in a line, not in full: 900,000 characters on screen and in the log.
        ({"created": "2026-" + "9" * 900_000}, "is not a date"),
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
        assert len(str(report)) < 400
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
    | st.integers(min_value=10**300, max_value=10**400)  # past a float's range
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=50)
    | st.sampled_from(
        [
            "\ud800",
            "x\udfffy",
            "1e400",
            "-5",
            "",
            "   ",
            "NaN",
            "9" * 40,
            "9999-12-31T23:59:59-01:00",
        ]
    ),
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
@given(field=st.sampled_from(sorted({*FULL_MAPPING.values(), "customer"})), value=json_values)
def test_any_json_value_in_any_field_never_costs_the_rest_of_the_page(
    httpserver: HTTPServer, field: str, value: Any
) -> None:
    hostile = record(2)
    if "." in field:  # customer.id, customer.name
        head, key = field.split(".")
        hostile[head] = {**hostile[head], key: value}
    else:
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
                settings_with(feed(url=httpserver.url_for("/items"), mapping=FULL_MAPPING)),
                store,
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


def test_a_rating_past_a_floats_range_is_dropped_and_the_words_kept(
    httpserver: HTTPServer, store: Store
) -> None:
    _page(httpserver, [record(1, stars=4), record(2, stars=10**400), record(3)])
    mapping = {**MAPPING, "rating": "stars"}
    (report,) = run_once(
        settings_with(feed(url=httpserver.url_for("/items"), mapping=mapping)), store
    )
    assert report.ok, report.error
    assert report.new == 3 and report.skipped == 0
    kept = store.get("board", "r2")
    assert kept is not None and kept.feedback.rating is None
    rated = store.get("board", "r1")
    assert rated is not None and rated.feedback.rating is not None


def test_a_number_too_long_for_python_costs_only_its_record(
    httpserver: HTTPServer, store: Store
) -> None:
    # json.loads refuses integers past 4,300 digits, and with them the whole page.
    body = json.dumps([record(1), record(2, votes=0), record(3)])
    body = body.replace('"votes": 0', '"votes": 1' + "0" * 5000, 1)
    httpserver.expect_request("/items").respond_with_data(body, content_type="application/json")
    (report,) = run_once(
        settings_with(feed(url=httpserver.url_for("/items"), mapping=MAPPING)), store
    )
    assert report.ok, report.error
    assert report.skipped == 1 and "is not a possible count" in report.skip_reasons[0]
    assert store.count() == 2


def test_nul_characters_in_json_text_go_as_in_a_csv_file(
    httpserver: HTTPServer, store: Store
) -> None:
    _page(httpserver, [record(1, body="late\u0000 again"), record(2, body="\u0000"), record(3)])
    (report,) = run_once(
        settings_with(feed(url=httpserver.url_for("/items"), mapping=MAPPING)), store
    )
    assert report.ok, report.error
    assert report.skipped == 1 and "no text" in report.skip_reasons[0]
    row = store.get("board", "r1")
    assert row is not None and row.feedback.text == "late again"


def test_ids_too_long_for_python_are_two_skipped_records_not_one_item(
    httpserver: HTTPServer, store: Store
) -> None:
    body = json.dumps([record(1), record(2), record(3)])
    body = body.replace('"r2"', "9" * 5000, 1).replace('"r3"', "8" * 5000, 1)
    httpserver.expect_request("/items").respond_with_data(body, content_type="application/json")
    (report,) = run_once(
        settings_with(feed(url=httpserver.url_for("/items"), mapping=MAPPING)), store
    )
    assert report.ok, report.error
    assert (report.new, report.skipped, report.duplicates) == (1, 2, 0)
    assert store.count() == 1
