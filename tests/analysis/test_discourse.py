"""Openers frame a point without judging: the point decides the kind."""

from __future__ import annotations

import pytest

from kiosk.analysis.sentiment import KindScorer
from kiosk.model import Kind


@pytest.mark.parametrize(
    ("clause", "kind"),
    [
        ("To be fair, tracking says out for delivery for three days now.", Kind.COMPLAINT),
        ("Just a quick note: tracking says out for delivery for three days now.", Kind.COMPLAINT),
        ("Honestly, the app is slow", Kind.COMPLAINT),
        ("To be fair, the staff were lovely.", Kind.COMPLIMENT),
        ("Hello, the app is great", Kind.COMPLIMENT),
        ("I have loved it for years now", Kind.COMPLIMENT),
    ],
)
def test_openers_do_not_decide_the_kind(clause: str, kind: Kind) -> None:
    assert KindScorer().classify(clause, "en").kind is kind
