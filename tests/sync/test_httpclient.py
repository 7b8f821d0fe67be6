"""Retry-After in both of its forms."""

from __future__ import annotations

from datetime import UTC, datetime

from kiosk.sync.httpclient import parse_retry_after


def test_retry_after_forms() -> None:
    now = datetime(2026, 3, 5, 10, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Thu, 05 Mar 2026 10:02:30 GMT", now) == 150
    assert parse_retry_after("Thu, 05 Mar 2026 09:00:00 GMT", now) == 0
    assert parse_retry_after("-5") == 0
    assert parse_retry_after("99999999") == 86_400
    assert parse_retry_after("soon") is None
    assert parse_retry_after("nan") is None  # no "trying again in nan s"
    assert parse_retry_after(None) is None
