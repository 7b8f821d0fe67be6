"""The view string opens the same view again, and bad parts are reported, never fatal."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from kiosk.model import Kind
from kiosk.values import DayRange
from kiosk.viewstate import ViewState, parse_view


def test_round_trip_of_a_sliced_view() -> None:
    view = (
        ViewState()
        .with_days(90)
        .with_slice("kind", Kind.COMPLAINT)
        .with_slice("channel", "app store")
        .with_slice("feed", "fider")
        .with_slice("answered", False)
    )
    text = view.to_string()
    again, problems = parse_view(text)
    assert problems == []
    assert again == view
    assert "kind=complaint" in text and "answered=no" in text


def test_a_pasted_link_and_a_custom_range() -> None:
    view, problems = parse_view(
        "https://example.test/kiosk?from=2026-09-01&to=2026-11-30&open=late%20delivery"
    )
    assert problems == []
    assert view.window() == DayRange(
        (date(2026, 9, 1) - date(1970, 1, 1)).days, (date(2026, 11, 30) - date(1970, 1, 1)).days
    )
    assert view.window_label == "1 Sep – 30 Nov 2026"
    assert view.open_term == "late delivery"


def test_bad_parts_are_reported_and_the_rest_is_kept() -> None:
    view, problems = parse_view("days=0&kind=praise&colour=red&channel=email&from=2026-01-01")
    messages = [str(p) for p in problems]
    assert any("days" in m for m in messages)
    assert any("praise" in m for m in messages)
    assert any("colour" in m for m in messages)
    assert any("both from and to" in m for m in messages)
    assert view.part.channels == frozenset({"email"})
    assert view.days == 30


def test_chips_remove_one_value_at_a_time() -> None:
    view = ViewState().with_slice("channel", "email").with_slice("channel", "chat")
    view = view.with_slice("kind", Kind.IDEA)
    keys = [key for key, _ in view.chips]
    assert keys == ["channel=chat", "channel=email", "kind=idea"]
    smaller = view.without("channel=chat")
    assert smaller.part.channels == frozenset({"email"})
    assert smaller.without("channel=email").without("kind=idea").part.everything


def test_last_days_window_ends_today() -> None:
    now = datetime(2026, 12, 2, 10, tzinfo=UTC)
    window = ViewState().with_days(7).window(now)
    assert window.days == 7
    assert window.last == (date(2026, 12, 2) - date(1970, 1, 1)).days


@given(st.text(max_size=200))
def test_any_text_is_read_without_raising(text: str) -> None:
    view, problems = parse_view(text)
    assert isinstance(view, ViewState)
    assert all(str(p) for p in problems)
