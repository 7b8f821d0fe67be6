"""Helpers for the analysis tests: feedback items built from a text in one line."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from kiosk.analysis import Analyzer
from kiosk.model import Customer, Feedback, Kind, KindSource, Response

_ids = itertools.count(1)
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)

MakeFeedback = Callable[..., Feedback]


def make_feedback(
    text: str,
    *,
    kind: Kind = Kind.UNCLASSIFIED,
    customer: str = "Sam Taylor",
    customer_id: str | None = None,
    responder: str | None = None,
    language: str | None = None,
    days_ago: float = 1.0,
    external_id: str | None = None,
    kind_source: KindSource = KindSource.GIVEN,
    **extra: Any,
) -> Feedback:
    """Return a feedback item with the text and sensible defaults for everything else."""
    n = next(_ids)
    created = NOW - timedelta(days=days_ago)
    response = (
        Response("Thank you, we are on it.", created + timedelta(hours=2), responder)
        if responder
        else None
    )
    return Feedback(
        feed_id="test",
        external_id=external_id or f"T{n}",
        text=text,
        created_at=created,
        customer=Customer(customer_id or f"C{n}", customer),
        kind=kind,
        kind_source=kind_source,
        response=response,
        language=language,
        **extra,
    )


def kind_of(text: str) -> Kind:
    """Return the kind a fresh analyser gives an item with the text."""
    return Analyzer().explain(make_feedback(text)).kind


@pytest.fixture
def fb() -> MakeFeedback:
    """Build a feedback item from a text (see ``make_feedback``)."""
    return make_feedback
