"""Spanish and French have learned kind models of their own; German keeps its lexicon."""

from __future__ import annotations

import hashlib
from importlib import resources

import pytest

from kiosk.analysis import Analyzer
from kiosk.analysis.kinds import (
    FEES,
    MODEL_RESOURCES,
    blank_addresses,
    model_digest,
    read,
    shipped_model,
)
from kiosk.analysis.learning import fit_local_kinds, labelled_examples, labelled_reading
from kiosk.analysis.sentiment import _MODEL_MIN, KindScorer
from kiosk.model import Kind
from tests.analysis.conftest import make_feedback


def _sureness(scorer: KindScorer, text: str, language: str) -> float:
    """How sure a lexicon language's shipped model is of its likeliest kind, asked as
    ``KindScorer._classify`` asks it."""
    reading = scorer._model_reading(text, language, False, scorer.score(text, language), False)
    return shipped_model(language).scores_of_reading(reading, language).best(_MODEL_MIN)[1]


def test_the_spanish_model_reads_what_the_lexicon_finds_no_kind_in() -> None:
    scorer = KindScorer()
    model = shipped_model("es")

    # No word of the lexicon's, and a phrase reviews praise with: the model is sure.
    back = "Un valor seguro."
    assert scorer.score(back, "es") == 0 and _sureness(scorer, back, "es") >= _MODEL_MIN
    found = scorer.classify(back, "es")
    assert found.kind is Kind.COMPLIMENT
    # A kind of its own, with no reading to pull the item's other clauses by.
    assert found.scores is None and found.reading is None
    # Less sure than the bar: no kind ("sin maleta" is a complaint in airline tweets only).
    bag = "Otra vez sin maleta en Barajas"
    assert 0.6 < _sureness(scorer, bag, "es") < _MODEL_MIN
    assert scorer.classify(bag, "es").kind is Kind.UNCLASSIFIED
    # The lexicon's word stands where it has one, and a plain statement keeps no kind.
    assert scorer.classify("Nos han perdido la maleta", "es").kind is Kind.COMPLAINT
    assert scorer.classify("Mi vuelo sale esta tarde.", "es").kind is Kind.UNCLASSIFIED
    assert "lex:es:+0" in model.rows


def test_a_spanish_suggestion_cue_still_makes_an_idea() -> None:
    # The Spanish training data has no ideas: the cue decides, as it did before the model.
    text = "Sería genial si añadierais un modo oscuro"
    assert KindScorer().classify(text, "es").kind is Kind.IDEA
    assert Analyzer().explain(make_feedback(text)).kind is Kind.IDEA


@pytest.mark.parametrize(
    "text", ["@Iberia ¿Dónde está mi maleta? Honestamente, fatal.", "La comida, excelente."]
)
def test_spanish_labels_are_read_as_the_model_is_asked(text: str) -> None:
    # The model learns from what ``_classify`` will ask it with: the lexicon's bucket too.
    scorer = KindScorer()
    blanked = blank_addresses(text).strip()
    learned = labelled_reading(text, "es")
    asked = scorer._model_reading(blanked, "es", False, scorer.score(blanked, "es"), False)
    assert learned == asked
    assert sum(f.startswith("lex:es:") for f in learned[0]) == 1


def test_the_french_model_reads_what_the_lexicon_finds_no_kind_in() -> None:
    scorer = KindScorer()
    model = shipped_model("fr")

    # Restaurant reviews told with no word of the lexicon's (helper-102's texts): the model,
    # trained on SemEval-2016's French restaurant sentences, is sure of them.
    for text, kind in (
        ("Le serveur nous a ignorés toute la soirée.", Kind.COMPLAINT),
        ("Les produits sont frais et de saison, ça se sent.", Kind.COMPLIMENT),
    ):
        assert scorer.score(text, "fr") == 0 and _sureness(scorer, text, "fr") >= _MODEL_MIN
        found = scorer.classify(text, "fr")
        assert found.kind is kind
        # A kind of its own, with no reading to pull the item's other clauses by.
        assert found.scores is None and found.reading is None
    # The lexicon's word stands, a plain statement keeps no kind, and a cue makes an idea
    # (the French training data has no suggestions).
    assert scorer.classify("Le service était excellent", "fr").kind is Kind.COMPLIMENT
    assert scorer.classify("Le plat est arrivé froid.", "fr").kind is Kind.COMPLAINT
    plain = "Nous avons réservé une table pour six personnes à 20h."
    assert scorer.classify(plain, "fr").kind is Kind.UNCLASSIFIED
    idea = "Ce serait bien d'avoir une terrasse"
    assert Analyzer().explain(make_feedback(idea, language="fr")).kind is Kind.IDEA
    assert "lex:fr:+0" in model.rows


@pytest.mark.parametrize(
    ("text", "read_as"),
    [
        ("Pouvez-vous m'indiquer le montant des frais de dossier ?", "w:" + FEES),
        ("Frais de port offerts dès 50 euros", "w:" + FEES),
        ("Aucun frais bancaires cette année", "w:" + FEES),
        ("Virement sans frais", "w:" + FEES),
        ("Le retour est à frais partagés ?", "w:" + FEES),
        ("Le poisson n'était pas très frais", "w:frais"),
        ("Tout est frais et fait maison", "w:frais"),
        ("Les légumes sont frais", "w:frais"),
        # A department, not praise (helper-103): left out of the model's words.
        ("Les produits frais arrivent le mardi", None),
        ("Des produits frais de saison", None),
    ],
)
def test_french_frais_is_read_as_fees_fresh_or_neither(text: str, read_as: str | None) -> None:
    # The French model learned "frais" from restaurant reviews, where it is fresh and praise; a
    # bank's customers write it for fees (helper-102: a plain question about them was praise),
    # a grocer's for a department.
    words = {f for f in read(text, "fr")[0] if f.startswith("w:frais")}
    assert words == ({read_as} if read_as else set())


@pytest.mark.parametrize(
    "text",
    [
        "Pouvez-vous m'indiquer le montant des frais de dossier ?",
        "Les produits frais arrivent le mardi et le vendredi.",
        "Vous livrez les produits frais le samedi ?",
        "La carte est à frais réduits la première année.",
    ],
)
def test_plain_french_about_fees_or_a_department_keeps_no_kind(text: str) -> None:
    assert KindScorer().classify(text, "fr").kind is Kind.UNCLASSIFIED


def test_german_keeps_its_lexicon() -> None:
    found = KindScorer().classify("Der Zug war pünktlich und sauber", "de")
    assert found.kind is Kind.COMPLIMENT
    assert found.scores is None
    assert "de" not in MODEL_RESOURCES


def test_the_model_digest_covers_every_shipped_model(monkeypatch: pytest.MonkeyPatch) -> None:
    # A store records the digest its kinds were read with: a new Spanish or French model alone
    # must make an upgraded kiosk read its store again.
    files = resources.files("kiosk.assets.models")
    digest = hashlib.sha256()
    for language in sorted(MODEL_RESOURCES):
        digest.update(files.joinpath(MODEL_RESOURCES[language]).read_bytes())
    assert model_digest() == digest.hexdigest()[:16]
    for language in ("es", "fr"):
        monkeypatch.setitem(MODEL_RESOURCES, language, MODEL_RESOURCES["en"])
        assert model_digest.__wrapped__() != model_digest()
        monkeypatch.undo()


def test_spanish_labels_teach_the_local_layer() -> None:
    # Words no model saw: only this installation's labels say what they are; they decide
    # before the Spanish model is asked.
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


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # helper-72's review: ideas told without the cues we had, and typed without accents.
        ("Habría que poner más trenes por la noche", Kind.IDEA),
        ("Lo ideal sería poder pagar con Bizum", Kind.IDEA),
        ("Propongo que abran los domingos", Kind.IDEA),
        ("Agreguen modo oscuro por favor", Kind.IDEA),
        ("Estaria bien poder cambiar el asiento", Kind.IDEA),
        ("Estaría bueno que agreguen más horarios", Kind.IDEA),
    ],
)
def test_spanish_ideas_as_customers_type_them(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


def test_habria_que_proposes_only_what_builds_something() -> None:
    text = "Habría que denunciarlos, son unos ladrones"
    assert Analyzer().explain(make_feedback(text)).kind is not Kind.IDEA


def test_a_label_is_read_as_far_as_the_analysis_reads_it() -> None:
    # helper-72: a 1 MB label took 0.6 s to read while the local layer was fitted; the
    # analysis reads only the first MAX_TEXT_CHARS of any text.
    from kiosk.analysis import MAX_TEXT_CHARS

    text = "Otra vez sin maleta en Barajas. " * 40_000
    learned = labelled_reading(text, "es")
    assert learned == KindScorer().reading(text[:MAX_TEXT_CHARS].strip(), "es")
    assert len(learned[0]) < len(KindScorer().reading(text[: 2 * MAX_TEXT_CHARS], "es")[0])
