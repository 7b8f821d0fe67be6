"""Text typed without its accents reads as the same text with them (French, Spanish).

Customers on a phone, or on a keyboard without them, often leave accents out: "tres decu",
"a eviter", "pesima atencion". French is read by its patterns and word lists without them
(``Lexicon.fold``), and a word typed without them is the one word the dictionary knows with
them (``lemmas.with_accents``): the same kind, and the same terms on the cloud.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from benchmarks.eval_analysis import without_accents
from kiosk.analysis import Analyzer
from kiosk.analysis.kinds import read
from kiosk.analysis.lexicon import restore_accents
from kiosk.model import Customer, Feedback

PAIRS = [
    ("fr", "Très déçu par la livraison, à éviter.", "Tres decu par la livraison, a eviter."),
    (
        "fr",
        "Les entrées étaient délicieuses et le goût parfait.",
        "Les entrees etaient delicieuses et le gout parfait.",
    ),
    # A problem told as over is praise (the told-over patterns).
    ("fr", "Problème résolu, merci au support.", "Probleme resolu, merci au support."),
    # A domain pattern and an idea cue with accents in them.
    ("fr", "Le service laisse à désirer.", "Le service laisse a desirer."),
    (
        "fr",
        "Ce serait génial de pouvoir réserver en ligne.",
        "Ce serait genial de pouvoir reserver en ligne.",
    ),
    # Typed in capitals, as an angry customer does.
    ("fr", "SERVICE CLIENT DÉPLORABLE", "SERVICE CLIENT DEPLORABLE"),
    (
        "es",
        "Pésima atención, cancelación del vuelo sin información.",
        "Pesima atencion, cancelacion del vuelo sin informacion.",
    ),
]


def _feedback(text: str) -> Feedback:
    return Feedback(
        feed_id="f",
        external_id="1",
        text=text,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        customer=Customer("c"),
    )


@pytest.mark.parametrize(("language", "accented", "typed"), PAIRS)
def test_text_typed_without_accents_reads_as_with_them(
    language: str, accented: str, typed: str
) -> None:
    analyzer = Analyzer()
    with_them = analyzer.explain(_feedback(accented))
    without = analyzer.explain(_feedback(typed))
    assert with_them.language == without.language == language
    assert with_them.kind.value != "unclassified"
    assert without.kind is with_them.kind
    assert [m.term_key for m in without.mentions] == [m.term_key for m in with_them.mentions]


def test_one_word_typed_both_ways_is_one_term() -> None:
    analyzer = Analyzer()
    keys = {
        m.term_key
        for text in ("L'entrée était froide.", "L'entree etait froide.", "Entrees trop salees.")
        for m in analyzer.explain(_feedback(text)).mentions
    }
    assert keys == {"entrée"}


def test_the_french_model_reads_the_words_without_their_accents() -> None:
    assert read("Très déçu du repas", "fr")[0] == read("Tres decu du repas", "fr")[0]
    # English is read as typed.
    assert read("Café was great", "en")[0] != read("Cafe was great", "en")[0]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # French's stop list has "pièce" and "holà": typed without accents they are English's
        # "piece" and Spanish's "hola", and no evidence of French.
        ("Earbud piece breaks easily.", "en"),
        ("@Iberia hola", "es"),
    ],
)
def test_words_written_without_accents_by_us_are_no_evidence_of_a_language(
    text: str, language: str
) -> None:
    assert Analyzer().explain(_feedback(text)).language == language


def test_the_evaluation_types_text_as_a_keyboard_without_accents_does() -> None:
    # benchmarks/eval_analysis.py scores the public French and Spanish sources this way too.
    assert without_accents("Très DÉÇU, à éviter ; año, Ça") == "Tres DECU, a eviter ; ano, Ca"
    assert without_accents("plain text") == "plain text"


@pytest.mark.parametrize(
    ("typed", "language", "word"),
    [
        ("entrees", "fr", "entrées"),
        # Words our lists know as typed stay: the dictionary lacks most little words, and
        # would make "oui" "ouï", "du" "dû", "pres" "prés", and English "the" French tea.
        ("oui", "fr", "oui"),
        ("du", "fr", "du"),
        ("pres", "fr", "pres"),
        ("the", "fr", "the"),
        ("the", "es", "the"),
        ("cancelacion", "es", "cancelación"),
    ],
)
def test_a_word_our_lists_know_as_typed_keeps_its_spelling(
    typed: str, language: str, word: str
) -> None:
    assert restore_accents(typed, language) == word


def test_little_words_typed_without_accents_are_no_topics() -> None:
    analyzer = Analyzer()
    found = analyzer.explain(_feedback("Oui, le service du restaurant est top."))
    assert [m.term_key for m in found.mentions] == ["service", "restaurant"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Too close to call on the word lists: the dictionaries decide, and know a word typed
        # without its accents by the word it stands for.
        ("A EVITER !!!", "fr"),
        ("Carte compliquee a dechiffrer.", "fr"),
        ("The entree was cold", "en"),
        ("Great cafe, nice staff", "en"),
    ],
)
def test_the_dictionaries_know_words_typed_without_accents(text: str, language: str) -> None:
    assert Analyzer().explain(_feedback(text)).language == language
