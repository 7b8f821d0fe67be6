"""A German closed compound of a noun of blame blames as its noun does, where it tells a fault
("Zugausfall", "Stellwerksstörung"), not where it names a topic or asks a plain question."""

from __future__ import annotations

import pytest

from kiosk.analysis.sentiment import KindScorer
from kiosk.model import Kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # A fault told with the compound, in its cases too (helper-103's review).
        ("Stellwerksstörung in Köln, schon wieder.", Kind.COMPLAINT),
        ("Wegen Zugausfällen habe ich meinen Anschluss verpasst.", Kind.COMPLAINT),
        ("Wegen des Stromausfalls im Hotel gab es kein Frühstück.", Kind.COMPLAINT),
        ("Mit Abrechnungsfehlern in jeder Rechnung verliert ihr Kunden.", Kind.COMPLAINT),
        # A first part that merely starts like a prefix is still a first part.
        ("Die App steckt voller Entwicklungsfehler.", Kind.COMPLAINT),
        # An angry question keeps its blame.
        ("Warum gibt es ständig Zugausfälle?", Kind.COMPLAINT),
        # A fault over is praise, as with the bare noun; one not fixed is blame.
        ("Die Netzstörung ist behoben, danke.", Kind.COMPLIMENT),
        ("Der Softwarefehler wurde sofort behoben.", Kind.COMPLIMENT),
        ("Die Netzstörung ist nicht behoben.", Kind.COMPLAINT),
        ("Die Störung ist nicht behoben.", Kind.COMPLAINT),
        # With words between (helper-104), none that denies.
        ("Der Netzausfall wurde innerhalb einer Stunde behoben. Top!", Kind.COMPLIMENT),
        ("Der Abbuchungsfehler wurde sofort storniert, danke!", Kind.COMPLIMENT),
        ("Die Netzstörung wurde bis heute nicht behoben.", Kind.COMPLAINT),
        ("Die Heizungsstörung wurde trotz zweimaliger Meldung nicht behoben.", Kind.COMPLAINT),
        # "zu" right before it is a topic, "zu viele" is not.
        ("Es gibt zu viele Zugausfälle.", Kind.COMPLAINT),
    ],
)
def test_a_compound_of_blame_tells_a_fault(text: str, kind: Kind) -> None:
    assert KindScorer().classify(text, "de").kind is kind


@pytest.mark.parametrize(
    "text",
    [
        # A plain question, a topic after "für", "über", "bei", a supposition.
        "Wie melde ich eine Netzstörung?",
        "Gibt es bei Zugausfall eine Erstattung des Tickets?",
        "Die Hotline für Softwareprobleme ist von 8 bis 18 Uhr besetzt.",
        "Im Museum läuft eine Ausstellung über die Sturmflutkatastrophe.",
        "Wenn die Netzstörung behoben ist, melde ich mich.",
        "Die Statistik zu Stromausfällen zeigt zwölf Minuten pro Jahr.",
        "Informationen zur Netzstörung finden Sie hier.",
        # No compound of blame: a prefix, a span, a first part that turns it round.
        "Bieten Sie auch Datenträgerzerstörung an?",
        "Die Entstörung läuft.",
        "Die Preisspanne reicht von 80 bis 200 Euro.",
        "Antistress heißt der Tee.",
        "Die Störungsmeldung ist raus.",
    ],
)
def test_a_compound_that_tells_no_fault_has_no_kind(text: str) -> None:
    assert KindScorer().classify(text, "de").kind is Kind.UNCLASSIFIED
