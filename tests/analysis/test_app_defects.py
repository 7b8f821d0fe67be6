"""A defect said to happen now and then, and a fix only hoped for.

Stop 55 read the app reviews of CLAP's read half that report a bug (its label) and that we
called praise. A defect said to happen now and then ("the game freezes once in a while")
counted once, as a small problem does, so that any praise beside it won; and "if this was
fixed then 5 stars" counted as a problem put right. The issue's own example, "Great app but
the newest update crashes often", is a complaint; so are these.
"""

from __future__ import annotations

import pytest

from kiosk.model import Kind
from tests.analysis.conftest import kind_of

DEFECTS_NOW_AND_THEN = [
    "Fun game, but it freezes once in a while",
    "Great app, although it crashes sometimes",
    "Love the graphics. Sometimes it just doesn't load though.",
]


@pytest.mark.parametrize("text", DEFECTS_NOW_AND_THEN)
def test_a_defect_that_happens_now_and_then_is_not_made_small(text: str) -> None:
    assert kind_of(text) is Kind.COMPLAINT


def test_other_small_problems_and_named_ones_still_count_once_beside_praise() -> None:
    assert kind_of("Sometimes the coffee is a little cold but the staff are lovely") is (
        Kind.COMPLIMENT
    )
    # Called the only one, a defect is weighed by the customer against the rest.
    praise = "Excellent flight. Service was very good and the food was tasty."
    assert kind_of(f"{praise} Only negative: the wifi did not work.") is Kind.COMPLIMENT


def test_a_fix_only_hoped_for_puts_nothing_right() -> None:
    # "fixed" in a condition is no rescue: the defect counts in full.
    assert kind_of("The game freezes then closes. If this was fixed then 5 stars.") is (
        Kind.COMPLAINT
    )
    # A rescue told still is one.
    assert kind_of("The app crashed, but they fixed it within the hour. Brilliant support.") is (
        Kind.COMPLIMENT
    )
