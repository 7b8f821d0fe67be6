"""Spanish has a learned kind model of its own; French and German keep their lexicons."""

from __future__ import annotations

import hashlib
from importlib import resources

import pytest

from kiosk.analysis import Analyzer
from kiosk.analysis.kinds import MODEL_RESOURCES, blank_addresses, model_digest, shipped_model
from kiosk.analysis.learning import fit_local_kinds, labelled_examples, labelled_reading
from kiosk.analysis.sentiment import KindScorer
from kiosk.model import Kind
from tests.analysis.conftest import make_feedback


def test_the_spanish_model_reads_what_the_lexicon_finds_no_kind_in() -> None:
    scorer = KindScorer()
    # No word of the lexicon's: the model, which learned "otra vez" and "sin maleta" from
    # tweets to airlines, is sure enough.
    found = scorer.classify("Otra vez sin maleta en Barajas", "es")
    assert scorer.score("Otra vez sin maleta en Barajas", "es") == 0
    assert found.kind is Kind.COMPLAINT
    assert found.scores is not None and found.reading is not None
    assert "lex:es:+0" in found.reading[0] and "lex:es:+0" in shipped_model("es").rows
    # The lexicon's word stands where it has one, and a plain statement keeps no kind.
    lost = scorer.classify("Nos han perdido la maleta", "es")
    assert lost.kind is Kind.COMPLAINT and lost.scores is None
    assert scorer.classify("Mi vuelo sale esta tarde.", "es").kind is Kind.UNCLASSIFIED


def test_a_spanish_suggestion_cue_still_makes_an_idea() -> None:
    # The Spanish training data has no ideas: the cue decides, as it did before the model.
    text = "Sería genial si añadierais un modo oscuro"
    assert KindScorer().classify(text, "es").kind is Kind.IDEA
    assert Analyzer().explain(make_feedback(text)).kind is Kind.IDEA


@pytest.mark.parametrize(
    "text", ["@Iberia ¿Dónde está mi maleta? Honestamente, fatal.", "La comida, excelente."]
)
def test_spanish_labels_are_read_as_the_analysis_reads_them(text: str) -> None:
    # One reading for training, the local layer and the analysis: the lexicon's bucket too.
    learned = labelled_reading(text, "es")
    analysed = KindScorer().reading(blank_addresses(text).strip(), "es")
    assert learned == analysed
    assert sum(f.startswith("lex:es:") for f in learned[0]) == 1


@pytest.mark.parametrize(
    ("text", "language"),
    [("Le service était excellent", "fr"), ("Der Zug war pünktlich und sauber", "de")],
)
def test_french_and_german_keep_their_lexicons(text: str, language: str) -> None:
    found = KindScorer().classify(text, language)
    assert found.kind is Kind.COMPLIMENT
    assert found.scores is None
    assert language not in MODEL_RESOURCES


def test_the_model_digest_covers_every_shipped_model() -> None:
    # A store records the digest its kinds were read with: a new Spanish model alone must
    # make an upgraded kiosk read its store again.
    files = resources.files("kiosk.assets.models")
    digest = hashlib.sha256()
    for language in sorted(MODEL_RESOURCES):
        digest.update(files.joinpath(MODEL_RESOURCES[language]).read_bytes())
    assert model_digest() == digest.hexdigest()[:16]
    assert set(MODEL_RESOURCES) == {"en", "es"}


def test_spanish_labels_teach_the_local_layer_on_the_spanish_model() -> None:
    # Words the Spanish model never saw: only this installation's labels say what they are.
    items = [
        make_feedback(f"El quinbat de la mesa {i} otra vez", kind=Kind.COMPLAINT, language="es")
        for i in range(15)
    ]
    items += [
        make_feedback(f"El zorblat de la mesa {i} otra vez", kind=Kind.COMPLIMENT, language="es")
        for i in range(15)
    ]
    local = fit_local_kinds(labelled_examples(items))
    assert local is not None
    scorer = KindScorer()
    scorer.set_local(local)
    assert scorer.classify("El quinbat de la mesa 99 otra vez", "es").kind is Kind.COMPLAINT
    assert scorer.classify("El zorblat de la mesa 99 otra vez", "es").kind is Kind.COMPLIMENT
