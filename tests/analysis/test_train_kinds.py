"""How the kind model's trainer weighs its sources (``training/train_kinds.py``)."""

from __future__ import annotations

from collections import defaultdict
from types import ModuleType

import pytest

from benchmarks.eval_analysis import training_module
from kiosk.model import Kind


@pytest.fixture(scope="module")
def trainer() -> ModuleType:
    return training_module("train_kinds", "kinds_trainer")


def _totals(labels: list[str], sources: list[str], weights: list[float]) -> dict[str, float]:
    total: dict[str, float] = defaultdict(float)
    for kind, source, w in zip(labels, sources, weights, strict=True):
        total[f"{kind}/{source}"] += w
    return total


def test_an_idea_weighs_its_share_of_a_kind(trainer: ModuleType) -> None:
    labels = ["complaint", "complaint", "idea", "idea", "compliment", "unclassified"]
    sources = ["a", "b", "c", "d", "e", "f"]
    total = _totals(labels, sources, trainer.class_weights(labels, sources))
    assert total["idea/c"] + total["idea/d"] == pytest.approx(trainer.IDEA_SHARE)
    assert total["unclassified/f"] == pytest.approx(trainer.NONE_SHARE)
    assert total["complaint/a"] + total["complaint/b"] == pytest.approx(1.0)
    assert total["compliment/e"] == pytest.approx(1.0)


def test_a_language_may_give_no_kind_a_share_of_its_own(trainer: ModuleType) -> None:
    # Every text its own source, so that no source is cut to a third of all weight.
    labels = ["complaint", "unclassified", "compliment"] * 4
    sources = [str(n) for n in range(len(labels))]
    for share in (trainer.NONE_SHARE, trainer.NONE_SHARE_OF["en"]):
        total = _totals(labels, labels, trainer.class_weights(labels, sources, share))
        assert total["unclassified/unclassified"] == pytest.approx(share)
        assert total["complaint/complaint"] == pytest.approx(1.0)
        assert total["compliment/compliment"] == pytest.approx(1.0)
    # English's is the smaller: the texts of a kind it learns from outnumber the others'.
    assert trainer.NONE_SHARE_OF["en"] < trainer.NONE_SHARE


def test_no_source_has_more_than_a_third_of_all_weight(trainer: ModuleType) -> None:
    labels = ["complaint", "compliment", "unclassified", "complaint", "complaint"]
    sources = ["big", "big", "big", "small", "other"]
    by_source = _totals(sources, sources, trainer.class_weights(labels, sources))
    # Uncut, "big" would hold a third of the complaints, every compliment and every text with
    # no kind: 1.93 of the 2.6 the class shares add up to. It is cut to a third of that.
    assert by_source["big/big"] == pytest.approx((2 + trainer.NONE_SHARE) / 3)
    assert by_source["small/small"] == by_source["other/other"] == pytest.approx(1 / 3)


def test_a_source_given_a_weight_counts_that_much_less(
    trainer: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    labels = ["complaint", "complaint", "idea", "idea", "compliment", "unclassified"]
    sources = ["forum-sentences-read", "a", "forum-sentences-read", "b", "c", "d"]
    weighed = _totals(sources, sources, trainer.class_weights(labels, sources))
    factor = trainer.SOURCE_WEIGHT["forum-sentences-read"]
    monkeypatch.setattr(trainer, "SOURCE_WEIGHT", {})
    plain = _totals(sources, sources, trainer.class_weights(labels, sources))
    assert 0 < factor < 1
    forum = "forum-sentences-read/forum-sentences-read"
    assert weighed[forum] == pytest.approx(factor * plain[forum])
    for other in ("a/a", "b/b", "c/c", "d/d"):
        assert weighed[other] == pytest.approx(plain[other])


def test_the_sign_of_a_proposal_is_a_rule_not_a_learned_weight(trainer: ModuleType) -> None:
    from kiosk.analysis.kinds import PROPOSAL_FEATURE, features, shipped_model

    texts = ["Please add a dark mode", "Longer opening hours on Saturdays"]
    assert all(PROPOSAL_FEATURE in features(t) for t in texts)
    dark_mode, hours = trainer.featurize(texts)
    assert PROPOSAL_FEATURE not in dark_mode and PROPOSAL_FEATURE not in hours
    assert "cue:imperative" in dark_mode  # the other cues stay
    assert PROPOSAL_FEATURE not in shipped_model().rows


def test_a_short_request_is_a_rule_not_a_learned_weight(trainer: ModuleType) -> None:
    from kiosk.analysis.kinds import SHORT_REQUEST_FEATURE, features, shipped_model
    from kiosk.analysis.learning import fit_local_kinds

    assert SHORT_REQUEST_FEATURE in features("Longer opening hours on Saturdays")
    (hours,) = trainer.featurize(["Longer opening hours on Saturdays"])
    assert SHORT_REQUEST_FEATURE not in hours and "w:hours" in hours
    assert SHORT_REQUEST_FEATURE not in shipped_model().rows
    # Nor does the installation's own layer learn it from its labels.
    labelled = [(f"Bigger portions {n}", Kind.IDEA, "en") for n in range(20)] + [
        (f"Cold fries again {n}", Kind.COMPLAINT, "en") for n in range(20)
    ]
    local = fit_local_kinds(labelled)
    assert local is not None and SHORT_REQUEST_FEATURE not in local.rows


def test_training_reads_a_text_as_the_analysis_does(trainer: ModuleType) -> None:
    # Tidied and its opener left out, as ``KindScorer.reading`` reads a clause.
    (row,) = trainer.featurize(["Honestly, Id like a dark mode"])
    assert "w:i'd" in row and "w:honestly" not in row


def test_spanish_texts_are_featurized_with_the_spanish_lexicon(trainer: ModuleType) -> None:
    # The Spanish model learns from the features the analysis gives it: the lexicon's bucket
    # among them, named by language (the English model's buckets are another scale).
    [row] = trainer.featurize(["La comida, excelente."], "es")
    assert [f for f in row if f.startswith("lex:")] == ["lex:es:+2"]
    [english] = trainer.featurize(["The food, excellent."])
    assert not any(f.startswith("lex:es:") for f in english)
    [french] = trainer.featurize(["Le service, excellent."], "fr")
    assert [f for f in french if f.startswith("lex:")] == ["lex:fr:+2"]
