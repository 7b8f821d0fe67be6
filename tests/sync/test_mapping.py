"""Mapping and decoding are pure: exact on good input, never crashing on any input."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.sync.errors import SyncError
from kiosk.sync.mapping import RecordError, RecordMapper, SkipLog, get_path, parse_date
from kiosk.sync.textdecode import decode_text
from tests.sync.conftest import MAPPING


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-05T10:15:00Z", datetime(2026, 3, 5, 10, 15, tzinfo=UTC)),
        ("2026-03-05T11:15:00+01:00", datetime(2026, 3, 5, 10, 15, tzinfo=UTC)),
        ("2026-03-05", datetime(2026, 3, 5, tzinfo=UTC)),
        (1_772_705_700, datetime(2026, 3, 5, 10, 15, tzinfo=UTC)),
        (1_772_705_700_000, datetime(2026, 3, 5, 10, 15, tzinfo=UTC)),
        ("1772705700", datetime(2026, 3, 5, 10, 15, tzinfo=UTC)),
        (1_772_705_700.5, datetime(2026, 3, 5, 10, 15, 0, 500_000, tzinfo=UTC)),
    ],
)
def test_dates(value: object, expected: datetime) -> None:
    assert parse_date(value, "created_at") == expected


@pytest.mark.parametrize(
    "value", ["yesterday", "2026-13-01", "2026-02-30", 1e30, True, "1850-01-01", [], "9" * 40]
)
def test_impossible_dates(value: object) -> None:
    with pytest.raises(RecordError):
        parse_date(value, "created_at")


def test_get_path() -> None:
    doc = {"a": {"b": [{"c": 1}, {"c": 2}]}}
    assert get_path(doc, "a.b.1.c") == 2
    assert get_path(doc, "a.b.-1.c") == 2
    assert get_path(doc, "a.b.5.c") is None
    assert get_path(doc, "a.x.c") is None
    assert get_path(doc, "") == doc


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
records = st.fixed_dictionaries(
    {},
    optional={
        "id": json_values,
        "body": json_values,
        "created": json_values,
        "updated": json_values,
        "customer": json_values,
        "type": json_values,
        "votes": json_values,
    },
)


@settings(max_examples=300, deadline=None)
@given(records)
def test_mapping_never_crashes(rec: dict) -> None:
    mapper = RecordMapper("f", MAPPING)
    try:
        fb = mapper.map(rec)
    except RecordError as exc:
        assert str(exc)
    else:
        assert fb.text.strip() and fb.external_id


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_decoding_never_crashes(data: bytes) -> None:
    try:
        decoded = decode_text(data)
    except SyncError as exc:
        assert "encoding" in str(exc) or "byte-order mark" in str(exc)
    else:
        assert "\x00" not in decoded.text


def test_a_nested_answer_left_null_is_blank_and_a_missing_one_a_skip() -> None:
    mapper = RecordMapper("f", {"external_id": "id", "text": "answer.text", "created_at": "d"})
    records = [
        {"id": "1", "d": "2026-03-01", "answer": {"text": None}},  # unanswered
        {"id": "2", "d": "2026-03-01", "answer": {}},  # no such field: a skip
        {"id": "3", "d": "2026-03-01"},  # nor here
        {"id": "4", "d": "2026-03-01", "answer": {"text": "The parking"}},
    ]
    asked = SkipLog("f", answers_a_question=True)
    page = mapper.map_page(records, asked, "page 1")
    assert [fb.text for fb in page.items] == ["The parking"]
    assert (asked.blank, asked.skipped) == (1, 2)
    plain = SkipLog("f")
    mapper.map_page(records, plain, "page 1")
    assert (plain.blank, plain.skipped) == (0, 3)
