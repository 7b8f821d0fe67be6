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


# Readings our tests pin that the English model trained at stop 57 (the read halves of the app
# reviews, feedback sentences and airline reviews added to its data, training/DATA.md, "The
# read halves trained on") gets wrong, each with what it reads now. The kind in the test is
# still the one a person gives; the near-threshold readings the earlier model had right (0.42
# to 0.59) fell under MIN_KIND or to the other side. Strict: a model or rule that reads one
# right again fails the run until its line is taken out here. Stop 58 read two right again
# ("Switch to paper straws.", "Longer opening hours on Saturdays": ``kinds.RULE_SHORT_REQUEST``).
STOP_57_MISREADS: dict[tuple[str, str], str] = {
    (
        "test_each_form_reads_as_its_kind",
        "If it freezes, just restart it, great app otherwise",
    ): "a complaint: 'If it freezes' at 0.97, 'freezes' learned from CLAP's bug reports",
    (
        "test_a_proposal_without_sentiment_words_is_an_idea",
        "Requesting a dark mode.",
    ): "no kind: an idea under 0.40 (0.43 before)",
    (
        "test_phrases_that_say_a_kind_against_their_words",
        "I would give it 4.0 stars",
    ): "no kind (praise at 0.59 before)",
    ("test_item_kind", "Not five stars, more like two."): "no kind (a complaint at 0.37 before)",
    (
        "test_item_kind",
        "I hope the next update fixes the crash.",
    ): "no kind (a complaint at 0.48 before)",
    (
        "test_a_verb_of_a_request_opens_an_idea",
        "Let me know when it ships.",
    ): "no kind (a complaint at 0.44 before)",
    (
        "test_promises_broken_and_fixes_hoped_for",
        "They told me it would ship Monday but it didn't",
    ): "no kind (a complaint at 0.43 before)",
    (
        "test_tweets_to_companies_read_as_their_writers_mean",
        "Truly moved by @DoorDash's commitment to making me wait 90 mins",
    ): "praise at 0.56: the sarcasm is lost (a complaint at 0.53 before)",
    (
        "test_this_stop_s_rules_leave_their_near_misses_alone",
        "Not sure it's that fast, took 20 mins to load",
    ): "praise at 0.52 (a complaint at 0.43 before)",
    (
        "test_praise_that_lasts_stays_praise",
        "Used to be good, now even better.",
    ): "a complaint: 'Used to be good' at 0.56 outvotes 'now even better' (praise at 0.85 before)",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests of ``STOP_57_MISREADS`` as expected to fail, strictly."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is None:
            continue
        name = getattr(item, "originalname", item.name)
        for value in callspec.params.values():
            reason = STOP_57_MISREADS.get((name, value)) if isinstance(value, str) else None
            if reason is not None:
                item.add_marker(pytest.mark.xfail(strict=True, reason=reason))
