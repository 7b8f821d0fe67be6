"""Scores given thing by thing colour each thing: "Food 9/10, service 2/10"."""

from __future__ import annotations

import pytest

from kiosk.analysis import Analyzer
from kiosk.model import Kind

from .conftest import make_feedback

C, P = Kind.COMPLIMENT, Kind.COMPLAINT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Food 10/10, service 0/10", {"food": C, "service": P}),
        ("Food 9/10, service 2/10", {"food": C, "service": P}),
        ("Rooms 4/5, breakfast 1/5", {"room": C, "breakfast": P}),
        ("Five stars for the food, zero for the service", {"food": C, "service": P}),
        ("I'd give the staff 1 out of 10", {"staff": P}),
        ("Checkout 8.5/10, delivery 4 out of 5", {"checkout": C, "delivery": C}),
        # A score that ends its sentence (stop 69: "9/10." was no score).
        ("Food 9/10. Service 2/10.", {"food": C, "service": P}),
    ],
)
def test_a_score_gives_its_clause_its_kind(text: str, expected: dict[str, Kind]) -> None:
    found, _ = Analyzer().read_batch([make_feedback(text)])
    assert {m.term_key: m.kind for m in found[0].mentions} == expected


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Ordered 3/10, arrived 3/20", "Ordered Monday, arrived Friday"),
        ("Delivered on 1/5, all good", "Delivered on Monday, all good"),
        ("Waiting since 9/10 for a refund", "Waiting since Monday for a refund"),
        ("Support is 24/7", "Support is always there"),
    ],
)
def test_a_date_is_no_score(text: str, plain: str) -> None:
    """A date reads as the same text with a day's name in its place."""
    analyzer = Analyzer()
    dated = analyzer.explain(make_feedback(text))
    named = analyzer.explain(make_feedback(plain))
    assert (dated.kind, [c.kind for c in dated.clauses]) == (
        named.kind,
        [c.kind for c in named.clauses],
    )


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("es", "Servicio 2/10, comida 9/10", {"service": P, "food": C}),
        ("fr", "Note 1/5 pour la livraison.", {"delivery": P}),
        ("de", "Essen 9/10, Service 2/10.", {"service": P}),
    ],
)
def test_scores_in_other_languages(language: str, text: str, expected: dict[str, Kind]) -> None:
    """Scores were read in English only (stop 69); a date is none in any language."""
    found, _ = Analyzer().read_batch([make_feedback(text, language=language)])
    colours = {m.term_key: m.kind for m in found[0].mentions}
    assert {term: colours.get(term) for term in expected} == expected
    for text, lang in (
        ("Commandé le 3/10, livré le 9/10", "fr"),
        ("Commandé 3/10, livré 9/10", "fr"),
        ("Pedido 3/10, entregado 9/10", "es"),
        ("Bestellt am 3/10, geliefert am 9/10", "de"),
    ):
        dated = Analyzer().explain(make_feedback(text, language=lang))
        assert dated.kind is Kind.UNCLASSIFIED, text
