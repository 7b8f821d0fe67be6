"""A feed's texts answer a survey's question ("What went wrong?"): where an answer's words have
no kind of their own ("The parking"), it takes the question's; where they have one, they
decide; an answer that says nothing takes none. Real store, real analysis, real settings."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.analysis import Analyzer, StoreAnalysis, Vocabulary
from kiosk.analysis.resolution import says_nothing
from kiosk.dashboard import Dashboard, window_ending
from kiosk.model import Customer, Feedback, Kind, KindSource, Rating, RatingScale
from kiosk.options import check_feed, guess_answers, split_questions
from kiosk.settings import FeedConfig, Settings
from kiosk.store import Store
from tests.analysis.conftest import NOW
from tests.test_cli import run

ASKED = Vocabulary(answers={"bad": "complaint", "good": "compliment", "wish": "idea"})


def answer(feed: str, text: str, n: int = 0, **fields: object) -> Feedback:
    return Feedback(
        feed_id=feed,
        external_id=f"{feed}-{n}-{text[:10]}",
        text=text,
        created_at=NOW - timedelta(days=1),
        customer=Customer(f"respondent-{n}"),
        kind=Kind.UNCLASSIFIED,
        kind_source=KindSource.INFERRED,
        **fields,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("feed", "text", "kind"),
    [
        # A thing named with no verb takes the question's kind ...
        ("bad", "The parking", Kind.COMPLAINT),
        ("bad", "Breakfast", Kind.COMPLAINT),
        ("good", "Location", Kind.COMPLIMENT),
        ("wish", "Vegan options", Kind.IDEA),
        # ... and so does a clause with none beside one with its own: listed as a dislike.
        ("bad", "Room small but clean", Kind.COMPLAINT),
        # Words with a kind of their own decide.
        ("bad", "Nothing, it was perfect", Kind.COMPLIMENT),
        ("good", "The staff were rude", Kind.COMPLAINT),
        ("wish", "More parking spaces please", Kind.IDEA),
        # An answer that says nothing takes no kind, whichever the question.
        ("bad", "Nothing", Kind.UNCLASSIFIED),
        ("good", "Nothing", Kind.UNCLASSIFIED),
        ("bad", "n/a", Kind.UNCLASSIFIED),
        ("good", " - ", Kind.UNCLASSIFIED),
        ("bad", "Rien", Kind.UNCLASSIFIED),
        # A feed that names no question leaves the words alone.
        ("other", "The parking", Kind.UNCLASSIFIED),
    ],
)
def test_an_answer_takes_its_questions_kind_where_its_words_have_none(
    feed: str, text: str, kind: Kind
) -> None:
    analyzer = Analyzer(ASKED)
    item = answer(feed, text)
    assert analyzer.explain(item).kind is kind
    # Its words are coloured the same: the parking is red on the wall.
    mentions = analyzer.analyze(item)
    if kind is not Kind.UNCLASSIFIED and mentions and feed != "good":
        assert mentions[0].kind is kind


def test_a_kind_the_source_gives_or_a_rating_comes_before_the_question() -> None:
    analyzer = Analyzer(ASKED)
    given = replace(answer("bad", "The parking"), kind=Kind.IDEA, kind_source=KindSource.GIVEN)
    assert analyzer.explain(given).kind is Kind.IDEA
    rated = replace(
        answer("bad", "The parking"),
        kind=Kind.COMPLIMENT,
        kind_source=KindSource.RATING,
        rating=Rating(5.0, RatingScale.STARS),
    )
    assert analyzer.explain(rated).kind is Kind.COMPLIMENT


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("N/A", True),
        ("none.", True),
        ("Nothing to add", True),
        ("Nichts", True),
        ("---", True),
        ("Nothing really, the staff were great", False),
        ("No parking", False),
        ("Nothing " * 10, False),  # long: a text, not a shrug
    ],
)
def test_what_an_answer_that_says_nothing_is(text: str, says: bool) -> None:
    assert says_nothing(text) is says


def test_the_question_is_a_feed_option_checked_like_any_other() -> None:
    values, problems = check_feed("csv", {"path": "a.csv", "answers": "complaint"})
    assert values["answers"] == "complaint" and not problems
    values, problems = check_feed("csv", {"path": "a.csv", "answers": "negative"})
    assert values["answers"] == "any"
    assert [p.key for p in problems] == ["answers"]
    assert "'negative' is not one of" in problems[0].what
    # HTTP feeds ask it too; it defaults to any question.
    assert check_feed("http", {"url": "https://example.com/f"})[0]["answers"] == "any"


def _settings(**answers: str) -> Settings:
    feeds = tuple(
        FeedConfig(name, "csv", options={"path": f"{name}.csv", "answers": kind})
        for name, kind in answers.items()
    )
    return replace(Settings(), feeds=feeds)


def test_the_question_is_read_from_the_feeds_and_recorded_with_the_lists() -> None:
    vocabulary = Vocabulary.from_settings(_settings(disliked="complaint", comments="any"))
    assert vocabulary.answers == {"disliked": "complaint"}
    assert vocabulary.answer_kind("disliked") is Kind.COMPLAINT
    assert vocabulary.answer_kind("comments") is None
    # It changes the lists' digest, so that a change reads the stored items again ...
    assert vocabulary.version != Vocabulary().version
    assert Vocabulary.from_json(vocabulary.to_json()) == vocabulary
    # ... and settings that name no question keep the digest they had.
    assert Vocabulary.from_settings(_settings(comments="any")).version == Vocabulary().version
    older = '{"synonyms": {}, "block_list": [], "stop_words": [], "display_language": "en"}'
    assert Vocabulary.from_json(older) == Vocabulary()


@pytest.mark.parametrize("big", [False, True])
def test_a_changed_question_reads_the_feeds_answers_again(
    store: Store, big: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if big:
        # A big store reads again only what a change affects: here the feed's answers.
        monkeypatch.setattr("kiosk.analysis.pipeline.REPLAY_LIMIT", 2)
    analysis = StoreAnalysis(store)
    items = [answer("bad", "The parking", n) for n in range(3)]
    items += [answer("good", "Lovely staff", 9)]
    store.upsert(items, after=analysis.analyze_into)
    window = window_ending(NOW, 30)

    def parking() -> dict[Kind, int]:
        stats = {s.key: s for s in Dashboard(store).top_terms(window, 20)}
        return dict(stats["parking"].customers_by_kind)

    assert parking() == {Kind.UNCLASSIFIED: 3}
    asked = Vocabulary(answers={"bad": "complaint"})
    count = analysis.set_vocabulary(asked)
    assert count == (3 if big else 4)
    assert parking() == {Kind.COMPLAINT: 3}
    # One truth: the item's kind is the same complaint the word is coloured with.
    rows = store.feedback_by_ids(store.visible_ids("bad"))
    assert {row.kind_and_source[0] for row in rows} == {Kind.COMPLAINT}
    assert analysis.set_vocabulary(Vocabulary()) == (3 if big else 4)
    assert parking() == {Kind.UNCLASSIFIED: 3}


SURVEY = """\
Respondent,Submitted,What did you like?,What went wrong?
r1,{day},Friendly staff,The parking
r2,{day},Location,Nothing
r3,{day},Breakfast,"Room small but clean"
"""

SURVEY_CONFIG = """\
version = 1
[[feeds]]
name = "liked"
type = "csv"
path = "{path}"
answers = "compliment"
[feeds.mapping]
external_id = "Respondent"
customer_id = "Respondent"
created_at = "Submitted"
text = "What did you like?"

[[feeds]]
name = "went-wrong"
type = "csv"
path = "{path}"
answers = "complaint"
[feeds.mapping]
external_id = "Respondent"
customer_id = "Respondent"
created_at = "Submitted"
text = "What went wrong?"
"""


def test_a_survey_exported_as_csv_is_read_one_question_a_feed(tmp_path: Path) -> None:
    day = f"{datetime.now(UTC) - timedelta(days=1):%Y-%m-%dT%H:%M:%SZ}"
    survey = tmp_path / "survey.csv"
    survey.write_text(SURVEY.format(day=day), encoding="utf-8")
    config = tmp_path / "settings.toml"
    config.write_text(SURVEY_CONFIG.format(path=survey.as_posix()), encoding="utf-8")
    data = tmp_path / "data"
    result = run("sync", "--once", "--config", str(config), "--data-dir", str(data), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with Store(data / "voc-kiosk.sqlite3") as store:
        kinds = {
            (row.feedback.feed_id, row.feedback.text): row.kind_and_source[0]
            for row in store.feedback_by_ids(store.visible_ids())
        }
        assert kinds == {
            ("liked", "Friendly staff"): Kind.COMPLIMENT,
            ("liked", "Location"): Kind.COMPLIMENT,
            ("liked", "Breakfast"): Kind.COMPLIMENT,
            ("went-wrong", "The parking"): Kind.COMPLAINT,
            ("went-wrong", "Nothing"): Kind.UNCLASSIFIED,
            ("went-wrong", "Room small but clean"): Kind.COMPLAINT,
        }
        stats = {s.key: s for s in Dashboard(store).top_terms(window_ending(None, 30), 20)}
        assert stats["parking"].customers_by_kind == {Kind.COMPLAINT: 1}
        assert stats["location"].customers_by_kind == {Kind.COMPLIMENT: 1}


@pytest.mark.parametrize(
    ("column", "kind"),
    [
        ("What did you like?", "compliment"),
        ("What did you dislike?", "complaint"),
        ("What didn't you like?", "complaint"),
        ("What did you not enjoy?", "complaint"),
        ("What could we do better?", "complaint"),
        ("Pros", "compliment"),
        ("Negative_Review", "complaint"),
        ("reviewPositive", "compliment"),
        ("Any suggestions?", "idea"),
        ("What would you like us to add?", "idea"),
        # Names that say no kind, or more than one.
        ("Comments", None),
        ("Feedback", None),
        ("Issue", None),
        ("What did you like and dislike?", None),
    ],
)
def test_what_a_text_columns_name_says_its_answers_are(column: str, kind: str | None) -> None:
    assert guess_answers(column) == kind


def test_texts_joined_from_several_questions_are_offered_one_feed_each() -> None:
    both = ["What did you like?", "What went wrong?", "Comments"]
    assert split_questions(both) == [
        ("What did you like?", "compliment"),
        ("What went wrong?", "complaint"),
        ("Comments", None),  # its own feed too, where the words decide
    ]
    # A question not named for a kind still asks one ("How was your stay?").
    assert split_questions(["How was your stay?", "Cons"]) == [
        ("How was your stay?", None),
        ("Cons", "complaint"),
    ]
    # Not one question beside other text, a title and its body, nor one column.
    assert split_questions(["What went wrong?", "Comments"]) == []
    assert split_questions(["Title", "Description"]) == []
    assert split_questions("What went wrong?") == []
    assert split_questions(["Pros", "Pros"]) == []  # the same column twice is one question
