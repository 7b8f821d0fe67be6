"""Praise said through a negation, a swear word or a concession, and the problems that look
like it.

Stop 54 read the compliments of the public training and read halves that we called complaints
(Sanders, VADER's tweets and snippets, IJCNLP's read half). Three general faults of English
were behind many of them:

- a negation that strengthens was read as one that denies: "I couldn't be more disappointed"
  was praise, "I have never been so disappointed" praise at 0.99, "I cannot thank you enough"
  a complaint;
- a clause granted before the verdict outweighed it: "Although the software can be annoying at
  times, on the whole it is excellent" and "Despite the delay, the crew were fantastic" were
  complaints;
- idioms of praise made of words of harm: "nothing was too much trouble", "what's not to love",
  "hell yes", "damn good", "kicks ass", "a killer app".
"""

from __future__ import annotations

import pytest

from kiosk.analysis import Analyzer
from kiosk.analysis.kinds import _strengthening
from kiosk.analysis.lexicon import first_words, lexicon
from kiosk.model import Kind
from tests.analysis.conftest import kind_of, make_feedback

STRONG_PRAISE = [
    "Never been happier with a purchase.",
    "I have never had a better meal.",
    "I've never felt so welcome.",
    "I can't believe how good this is.",
    "Can't believe how quickly it made all of these!",
    "I cannot thank you enough.",
    "I couldn't recommend them more highly.",
    "I couldn't agree more.",
    "I can't praise the staff enough.",
    "We couldn't have been happier with the hotel.",
    "Just when I think it can't get any better, it simplifies my life more.",
    "It doesn't get better than this.",
    "I cannot imagine a friendlier staff working in a restaurant.",
    "Couldn't ask for a nicer host.",
    "We couldn't have wished for a better stay.",
]

STRONG_COMPLAINTS = [
    "I have never been so disappointed.",
    "I have never seen such a dirty room.",
    "Never had such bad service.",
    "I couldn't be more disappointed.",
    "I could not have been more disappointed.",
    "The service couldn't be worse.",
    "It can't get any worse.",
    "Can't believe how bad this is.",
    "I can't believe they lost my bag.",
    "The staff couldn't be less helpful.",
    "I couldn't care less about your new logo.",
    "I can't imagine a worse experience.",
    # Nothing beyond reached for.
    "I can't imagine a reason to go back.",
    "I couldn't ask for help, nobody was there.",
]


@pytest.mark.parametrize("text", STRONG_PRAISE)
def test_a_negation_that_strengthens_praise_is_praise(text: str) -> None:
    assert kind_of(text) is Kind.COMPLIMENT


@pytest.mark.parametrize("text", STRONG_COMPLAINTS)
def test_a_negation_that_strengthens_a_problem_is_a_complaint(text: str) -> None:
    assert kind_of(text) is Kind.COMPLAINT


@pytest.mark.parametrize(
    ("words", "places"),
    [
        (["i", "couldn't", "be", "more", "disappointed"], {1}),
        (["it", "could", "not", "have", "been", "worse"], {2}),
        (["can't", "get", "any", "better"], {0}),
        (["i", "cannot", "thank", "you", "enough"], {1}),
        (["i", "have", "never", "been", "so", "disappointed"], {2}),
        (["never", "had", "a", "better", "meal"], {0}),
        # Denials stay denials.
        (["it's", "not", "more", "expensive"], set()),
        (["they", "couldn't", "be", "less", "helpful"], set()),
        (["never", "again"], set()),
        (["i", "can't", "log", "in", "any", "more"], set()),
        (["the", "app", "never", "worked"], set()),
    ],
)
def test_only_the_negations_that_strengthen_are_found(words: list[str], places: set[int]) -> None:
    assert _strengthening(words) == places


GRANTED_THEN_PRAISED = [
    "Although the supplied software can be annoying at times, on whole it is excellent.",
    "Despite the delay, the crew were fantastic.",
    "Apart from a noisy air conditioner, the room was perfect.",
    "Other than the slow wifi, everything was great.",
    "Besides the one problem, this machine is amazing!",
    "While the food was cold, the view was amazing.",
    "Not a Microsoft fan but this is cool.",
    "The seats were cramped and the food was bland, but all in all a great flight.",
    "The room was a bit dated. Other than that, it was perfect.",
    "Delivery was a day late. Having said that, the product is excellent.",
    # Praise that says the problem was worth it (stop 69).
    "Took forever to load but worth the wait",
    "Pricey but worth every penny",
    # The same in the other languages read.
    "A pesar del retraso, la tripulación fue fantástica.",
    "Malgré le retard, l'équipage était fantastique.",
    "Même si le wifi était lent, tout était parfait.",
    "Trotz der Verspätung war die Crew fantastisch.",
]

STILL_COMPLAINTS = [
    # The concession is the praise.
    "Although the staff were friendly, the room was filthy.",
    "Apart from the staff, everything was terrible.",
    # A defect is a bug report, whatever praise grants it (app reviews are labelled so).
    "The app crashes sometimes, but overall I love it.",
    "It freezes up a lot, but other than that I liked it.",
    "Great game, although it drains my battery.",
    # A contrast with no concession keeps the vote as it was.
    "I love the design, but it crashes all the time.",
    # Nothing praised after it.
    "Despite the update, it still crashes.",
    "While I was waiting, the staff were rude.",
    "Not a fan of the new update.",
    "The food was cold but overall it was a disaster.",
    "Expensive but not worth it",
    "Aunque el personal fue amable, la habitación estaba sucia.",
]


@pytest.mark.parametrize("text", GRANTED_THEN_PRAISED)
def test_a_problem_granted_before_praise_leaves_the_praise(text: str) -> None:
    assert kind_of(text) is Kind.COMPLIMENT


@pytest.mark.parametrize("text", STILL_COMPLAINTS)
def test_a_concession_that_grants_praise_or_nothing_stays_a_complaint(text: str) -> None:
    assert kind_of(text) is Kind.COMPLAINT


def test_a_granted_problem_keeps_its_own_kind_on_the_wall() -> None:
    # The item is praise; the delay it grants is still a problem its words tell.
    result = Analyzer().explain(make_feedback("Despite the long delay, the crew were fantastic."))
    assert result.kind is Kind.COMPLIMENT
    kinds = [c.kind for c in result.clauses]
    assert kinds[0] is Kind.COMPLAINT
    assert kinds[-1] is Kind.COMPLIMENT


def _colours(text: str) -> dict[str, Kind]:
    return {m.term_label: m.kind for m in Analyzer().explain(make_feedback(text)).mentions}


@pytest.mark.parametrize(
    ("text", "problem", "praised"),
    [
        # No punctuation before the turn, as hotel answers and app reviews are typed.
        ("You can hear doors opening and closing Other than that I had a pleasant night",
         "doors", None),
        ("Some echoes otherwise great!", "echoes", None),
        ("The shower drains slowly. Apart from that the hotel was lovely.", "shower drains",
         "hotel"),
        ("The room was great apart from the noise", "noise", "room"),
        ("Apart from the noise, the room was great.", "noise", "room"),
        ("Great hotel except for the breakfast.", "breakfast", "hotel"),
    ],
)  # fmt: skip
def test_what_praise_excepts_is_shown_as_a_problem(
    text: str, problem: str, praised: str | None
) -> None:
    # The item is still praise (the problem is granted); its words are shown as they are.
    result = Analyzer().explain(make_feedback(text))
    colours = {m.term_label: m.kind for m in result.mentions}
    assert result.kind is Kind.COMPLIMENT
    assert colours[problem] is Kind.COMPLAINT
    if praised is not None:
        assert colours[praised] is Kind.COMPLIMENT


@pytest.mark.parametrize(
    ("text", "word", "kind"),
    [
        # "Otherwise" as "or else" excepts nothing.
        ("Please fix the sync, otherwise I will uninstall.", "sync", Kind.COMPLAINT),
        # Praise before the turn stays praise; only what read as nothing is excepted.
        ("Friendly staff. Otherwise the stay was fine.", "staff", Kind.COMPLIMENT),
        # The thing excepted from a problem is not made one.
        ("The room was dirty apart from the bathroom.", "room", Kind.COMPLAINT),
        # "Aside from" that adds to the praise excepts nothing (helper-146's review).
        ("Aside from the pool, the hotel has a great gym and a spa.", "pool", Kind.COMPLIMENT),
    ],
)
def test_a_turn_excepts_only_what_it_turns_from(text: str, word: str, kind: Kind) -> None:
    assert _colours(text)[word] is kind


@pytest.mark.parametrize(
    ("text", "praised", "blamed"),
    [
        ("Decor is nice though service can be spotty.", "decor", "service"),
        ("The staff were lovely but the breakfast was meh.", "staff", "breakfast"),
        ("Battery is amazing but the camera is rubbish.", "battery", "camera"),
    ],
)  # fmt: skip
def test_after_a_contrast_a_clause_keeps_saying_the_other_kind(
    text: str, praised: str, blamed: str
) -> None:
    # Read alone, the clause after "but" tells a problem, or reads no kind; the praise of the
    # rest pulled it green. (A problem read alone less surely than ``_TURN_READ``, "but the
    # rasamalai was forgettable" at 0.41, is still left to the pull.)
    colours = _colours(text)
    assert colours[praised] is Kind.COMPLIMENT
    assert colours[blamed] is Kind.COMPLAINT


@pytest.mark.parametrize(
    "text",
    [
        "Won't allow me to leave feedback. When I click the feedback link it crashes. Other"
        " than that it's an awesome app.",
        "The app keeps freezing on the map screen. Otherwise great, would recommend.",
    ],
)
def test_praise_that_turns_from_a_defect_does_not_settle_the_item(text: str) -> None:
    assert kind_of(text) is Kind.COMPLAINT


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # "Otherwise" as "or else" and as "differently" is no turn (helper-146's review: each
        # was read the other way round when the word first cut clauses).
        ("Great app! Otherwise I'd still be using spreadsheets.", Kind.COMPLIMENT),
        ("Love this app, otherwise I wouldn't pay for it every month.", Kind.COMPLIMENT),
        ("Glad I booked the suite, otherwise the kids would have had nowhere to sleep.",
         Kind.COMPLIMENT),
        ("They should have warned us about the construction, otherwise we would have booked"
         " elsewhere.", Kind.COMPLAINT),
        ("The ad says free delivery but the checkout says otherwise.", Kind.COMPLAINT),
        ("They advertise fast shipping, my experience was otherwise.", Kind.COMPLAINT),
        # A defect told without "work" or "load" is still one.
        ("Can't log in since yesterday's update, otherwise it's a 5 star app.", Kind.COMPLAINT),
    ],
)  # fmt: skip
def test_otherwise_that_turns_nothing_and_defects_told_plainly(text: str, kind: Kind) -> None:
    assert kind_of(text) is kind


def test_remedies_that_failed_are_blame_until_one_helps() -> None:
    from kiosk.analysis.lexicon import domain_score

    assert domain_score("en", "tried reinstalling, nothing fixed it.") < 0
    assert domain_score("en", "nothing has helped so far") < 0
    # The remedy found at last is no failure (the back pain itself may still read as one).
    assert domain_score("en", "nothing helped my back pain until i found this mattress.") == 0


IDIOMS_OF_PRAISE = [
    "Nothing was too much trouble for the staff.",
    "From the moment we arrived nothing was too much trouble, the staff were so friendly.",
    "What's not to love? Great hotel.",
    "Hell yes! Got my contacts back. Thanks @apple",
    "The food was damn good.",
    "This thing kicks ass!",
    "The location is unbeatable.",
    "Hard to beat for the price.",
    "It was a steal.",
    "This is a killer app!",
    "I can't live without my iPhone.",
]

LOOK_ALIKES = [
    "My back pain doesn't get better with this mattress.",
    "The app doesn't get any better with updates.",
    "I can't believe how rude the staff were.",
    "Hell no, never again.",
    "They steal your money.",
    "The heat in the cabin was a killer.",
    "Nothing was done about the noise.",
    "I can't live with this noise.",
    "Let me save you some time: don't buy this.",
    "They marked my issue resolved without doing anything.",
]


@pytest.mark.parametrize("text", IDIOMS_OF_PRAISE)
def test_an_idiom_of_praise_made_of_harsh_words_is_praise(text: str) -> None:
    assert kind_of(text) is Kind.COMPLIMENT


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_the_same_words_telling_a_problem_stay_a_complaint(text: str) -> None:
    assert kind_of(text) is Kind.COMPLAINT


def test_every_new_pattern_starts_with_a_word_so_it_is_only_tried_where_that_word_is() -> None:
    new = [
        p
        for p, *_ in lexicon("en").domain_pattern_list
        if any(
            w in p
            for w in (
                "(?:get|have got",
                "nothing (?:was|is|seemed",
                "not to (?:love",
                "(?:live|do) without",
                "to beat\\b",
                "a steal\\b",
                "(?:idiot|fool)",
                "kick(?:s|ed|ing)?",
                "hell (?:yes",
                "damn(?:ed)? (?:good",
                "care less",
                "killer (?:app",
                "let me save you",
                "without (?:actually",
            )
        )
    ]
    assert len(new) == 14
    assert all(first_words(p) is not None for p in new)


@pytest.mark.parametrize(
    ("text", "colours"),
    [
        # A form's fields or a structured review: each label takes its value's kind, not the
        # kind of the field before it or of the whole item.
        ("Service: poor, food: great", {"service": Kind.COMPLAINT, "food": Kind.COMPLIMENT}),
        ("Food: great. Service: poor.", {"food": Kind.COMPLIMENT, "service": Kind.COMPLAINT}),
        ("Location: excellent, Room: dirty, Staff: rude",
         {"location": Kind.COMPLIMENT, "Room": Kind.COMPLAINT, "Staff": Kind.COMPLAINT}),
    ],
)  # fmt: skip
def test_a_label_before_a_colon_takes_the_kind_of_its_value(
    text: str, colours: dict[str, Kind]
) -> None:
    found = _colours(text)
    assert {word: found[word] for word in colours} == colours
