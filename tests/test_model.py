from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone

import pytest

from kiosk.model import (
    Customer,
    Feedback,
    InvalidFeedbackError,
    Kind,
    KindSource,
    Response,
    Status,
    parse_kind,
    parse_status,
)

WHEN = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def make(**changes: object) -> Feedback:
    values: dict[str, object] = {
        "feed_id": "web",
        "external_id": "1",
        "text": "The delivery was late",
        "created_at": WHEN,
        "customer": Customer("c1", "Ann Lee"),
    }
    values.update(changes)
    return Feedback(**values)  # type: ignore[arg-type]


def test_valid_feedback_is_frozen_and_normalised() -> None:
    fb = make(kind="Complaint", status="planned", external_id="  7 ", channel="  ")
    assert fb.kind is Kind.COMPLAINT
    assert fb.status is Status.ACKNOWLEDGED
    assert fb.external_id == "7"
    assert fb.channel is None
    assert fb.updated_at == fb.created_at
    with pytest.raises(dataclasses.FrozenInstanceError):
        fb.text = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"text": "   "}, "text is empty"),
        ({"text": 42}, "text must be text"),
        ({"kind": "rant"}, "unknown kind 'rant'"),
        ({"status": "exploded"}, "unknown status"),
        ({"created_at": "2026-03-01"}, "created_at must be a date and time"),
        ({"feed_id": ""}, "feed_id must be non-empty"),
        ({"votes": -1}, "votes must be a whole number"),
        ({"votes": True}, "votes must be a whole number"),
        ({"kind_confidence": 1.5}, "kind_confidence must be between 0 and 1"),
    ],
)
def test_nonsense_is_rejected_with_a_clear_message(
    changes: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidFeedbackError, match=message):
        make(**changes)


def test_customer_needs_an_id_and_a_finite_value() -> None:
    with pytest.raises(InvalidFeedbackError, match="customer id"):
        Customer(" ")
    with pytest.raises(InvalidFeedbackError, match="finite"):
        Customer("c", value=float("nan"))
    with pytest.raises(InvalidFeedbackError, match="must be a number"):
        Customer("c", value="lots")  # type: ignore[arg-type]
    assert Customer("c", value=3).value == 3.0


def test_dates_become_utc() -> None:
    naive = make(created_at=datetime(2026, 3, 1, 9, 30))
    assert naive.created_at == WHEN
    paris = make(created_at=datetime(2026, 3, 1, 10, 30, tzinfo=timezone(timedelta(hours=1))))
    assert paris.created_at == WHEN
    assert paris.created_at.tzinfo is UTC


def test_response_needs_text_and_marks_the_item_answered() -> None:
    with pytest.raises(InvalidFeedbackError, match="response text"):
        Response("", WHEN)
    fb = make(response=Response("Sorry, fixed now", WHEN + timedelta(days=1), "Priya"))
    assert fb.answered
    assert not make().answered


def test_aliases_sources_use() -> None:
    assert parse_kind("feature-request") is Kind.IDEA
    assert parse_kind(None) is Kind.UNCLASSIFIED
    assert parse_status("started") is Status.IN_PROGRESS
    assert parse_status("completed") is Status.RESOLVED
    assert parse_status(None) is Status.NEW


def test_checks_hold_for_text_beyond_ascii() -> None:
    """The checks skip work for ASCII text and final values; text beyond ASCII is still
    checked, and values are still made final."""
    from zoneinfo import ZoneInfo

    when = datetime(2026, 3, 1, 12, tzinfo=UTC)
    with pytest.raises(InvalidFeedbackError, match="text is empty"):
        Feedback("web", "1", "\u3000\xa0\u2003", when, Customer("c1"))
    with pytest.raises(InvalidFeedbackError, match="lone surrogate"):
        Feedback("web", "1", "déjà \ud800", when, Customer("c1"))
    with pytest.raises(InvalidFeedbackError, match="lone surrogate"):
        Customer("c1", name="Zoë \udfff")
    fb = Feedback(
        "web",
        "1",
        "très bien",
        datetime(2026, 3, 1, 13, tzinfo=ZoneInfo("Europe/Paris")),
        Customer("c1"),
        kind_source="rating",  # type: ignore[arg-type]
        kind_confidence=1,
    )
    assert fb.created_at == when and fb.created_at.tzinfo is UTC
    assert fb.kind_source is KindSource.RATING
    assert type(fb.kind_confidence) is float
