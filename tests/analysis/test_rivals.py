"""The rival praise measures the company against takes the complaint side of the praise.

"Much better than Dell" praises the company; "Dell" is the rival, and was green on the wall
("customers love Dell"). SemEval-2014's laptop annotators judged such a rival negative ("The
AMD Turin processor seems to always perform so much better than Intel": Intel negative).
"""

from __future__ import annotations

import pytest

from kiosk.analysis import Analyzer
from kiosk.analysis.lexicon import lexicon
from kiosk.model import Kind

from .conftest import make_feedback

C, P = Kind.COMPLIMENT, Kind.COMPLAINT


def _read(text: str, language: str | None = None) -> tuple[Kind, dict[str, Kind]]:
    """Return an item's kind and each term the wall would show for it, with its colour."""
    found, _ = Analyzer().read_batch([make_feedback(text, language=language)])
    return found[0].kind, {m.term_label.casefold(): m.kind for m in found[0].mentions}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Much better than Dell", {"dell": P}),
        ("Better customer service than Comcast, by far", {"service": C, "comcast": P}),
        ("Way better than my old bank, which was a nightmare", {"bank": P}),
        (
            "Faster delivery than Amazon and the staff are lovely",
            {"delivery": C, "amazon": P, "staff": C},
        ),
        # The rival's words end where the comparison's do.
        ("Much better than Dell in every way, great screen", {"dell": P, "screen": C}),
        # Two comparisons near each other: each rival is found (helper-149's review).
        ("Better than Dell and cheaper than Lenovo", {"dell": P, "lenovo": P}),
        # A denial in another clause denies nothing.
        ("Nothing to complain about, way better than Comcast", {"comcast": P}),
    ],
)
def test_the_rival_of_praise_takes_its_complaint_side(text: str, expected: dict[str, Kind]) -> None:
    kind, colours = _read(text)
    # The item stays praise: the customer praises the company, whatever the rival's colour.
    assert kind is C
    assert {term: colours.get(term) for term in expected} == expected


@pytest.mark.parametrize(
    ("text", "term", "colour"),
    [
        # Praise of the rival too: "even better than" the old version says it was good.
        ("Even better than the old version", "version", C),
        # A comparison that blames says nothing of the rival's worth ("even worse than").
        ("Worse than Comcast", "comcast", P),
        # Words the company's, not a rival's; and no rival at all.
        ("Much better than Dell screen is gorgeous", "dell screen", C),
        ("Pros: better than no printer at all. Cons: very slow", "printer", C),
        ("The app is so much faster than before, love the new design", "design", C),
    ],
)
def test_a_comparison_that_names_no_rival_keeps_its_colour(
    text: str, term: str, colour: Kind
) -> None:
    assert _read(text)[1][term] is colour


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("fr", "Bien mieux que Free, service au top", {"free": P, "service": C}),
        ("de", "Viel besser als die Telekom", {"telekom": P}),
        ("es", "El servicio es mucho mejor que el de Vodafone", {"service": C, "vodafone": P}),
        ("fr", "Bien mieux que Free et moins cher que Orange", {"free": P, "orange": P}),
        ("de", "Viel bessere Preise als Amazon", {"price": C, "amazon": P}),
        # A superlative's "que" compares nothing.
        ("es", "Lo mejor que tiene el hotel es la piscina", {"hotel": C, "piscina": C}),
    ],
)
def test_rivals_in_other_languages(language: str, text: str, expected: dict[str, Kind]) -> None:
    kind, colours = _read(text, language)
    assert kind is C
    assert colours == expected


def test_hostile_comparisons_are_read_whole() -> None:
    found = lexicon("en")
    text = "better than " * 5000 + "x " * 5000
    assert found.rivals_in(text, text.lower())  # found, and found in time to return
    analysis = Analyzer().explain(make_feedback(("Much better than Dell. " * 2000)[:60000]))
    assert analysis.kind is C
    # Nothing is searched where the hint is absent.
    assert found.rivals_in("Much better now", "much better now") == []
