"""What the customer concludes with settles the kind of a long review.

A review of a flight tells a story: a delay, tight seats, a crew that kept everyone informed.
Counted clause by clause, a problem weighs twice and the story reads as a complaint. The
customer's own conclusion ("Overall a good experience", "Would not fly with them again") is
the answer a person reads, and the item takes it (SkyTrax's airline reviews, stop 51).
"""

from __future__ import annotations

import pytest

from kiosk.analysis import Analyzer
from kiosk.analysis.lexicon import lexicon
from kiosk.analysis.resolution import _one_fault_spans
from kiosk.model import Kind
from tests.analysis.conftest import kind_of, make_feedback

# A story with a problem in it, then what its customer concluded, in each lexicon language.
STORIES = [
    (
        "Flight delayed two hours at Heathrow because of fog. The crew kept us informed and"
        " served drinks while we waited. Seats were tight.",
        " Overall a good experience.",
    ),
    ("Der Zug hatte 20 Minuten Verspätung. Das WLAN ging nicht.", " Ansonsten war alles super."),
    (
        "Le serveur était lent. Le plat était froid.",
        " Dans l'ensemble une bonne soirée, je recommande.",
    ),
    # Typed without accents, the French verdict is read the same.
    (
        "Le serveur etait lent. Le plat etait froid.",
        " Dans l'ensemble une bonne soiree, je recommande.",
    ),
    # "Por lo demás," is a clause of its own, with no kind: the conclusion is read with it.
    ("La comida tardó mucho. El camarero fue borde.", " Por lo demás, todo genial."),
]


@pytest.mark.parametrize(("story", "verdict"), STORIES)
def test_a_story_that_ends_on_praise_is_praise(story: str, verdict: str) -> None:
    assert kind_of(story) is Kind.COMPLAINT
    assert kind_of(story + verdict) is Kind.COMPLIMENT


def test_the_verdict_is_the_item_kind_the_clauses_keep_their_own() -> None:
    story, verdict = STORIES[0]
    found = Analyzer().explain(make_feedback(story + verdict))
    assert found.kind is Kind.COMPLIMENT
    # The delay is still a complaint on the wall: only the customer's kind is concluded.
    assert any(c.kind is Kind.COMPLAINT for c in found.clauses)
    assert any(m.kind is Kind.COMPLAINT for m in found.mentions)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Praise, then a verdict against.
        (
            "The crew were lovely and the food was good. Our bags came off first. Would not fly"
            " with them again.",
            Kind.COMPLAINT,
        ),
        (
            "Friendly staff and a clean room, but the shower was broken. Not recommended.",
            Kind.COMPLAINT,
        ),
        # A verdict followed by a problem concludes nothing: the clauses are voted on.
        ("Overall a good flight, but they lost my bag.", Kind.COMPLAINT),
        # A verdict settles praise against problems, not a request (helper-107's reviews),
        # even where a problem wins the vote (helper-108's review).
        (
            "Works well. It would be great to have a dark mode and an export to CSV. Otherwise"
            " perfect.",
            Kind.IDEA,
        ),
        (
            "It crashes when I export to CSV. It would be great to have a dark mode. Otherwise"
            " perfect.",
            Kind.COMPLAINT,
        ),
        # Asked, on a condition, joking or counterfactual: no conclusion (helper-108).
        (
            "The flight was delayed by three hours. Nobody told us anything. Can you recommend a"
            " better airline?",
            Kind.COMPLAINT,
        ),
        (
            "The flight was delayed by three hours and nobody told us anything. The crew were"
            " nice. Would recommend if they fix the delays.",
            Kind.COMPLAINT,
        ),
        (
            "The flight was delayed by three hours. Nobody told us anything. 10/10 would"
            " recommend.",
            Kind.COMPLAINT,
        ),
        (
            "The app crashes on startup. Support never answers. Otherwise I'd give it five stars.",
            Kind.COMPLAINT,
        ),
        (
            "Die App stürzt ständig ab. Der Support antwortet nie. Ich würde sie empfehlen, wenn"
            " das behoben wird.",
            Kind.COMPLAINT,
        ),
        # A tweet is no story with a conclusion: "Great job guys, will fly with you again"
        # after a delay is as often sarcasm.
        ("Delayed 4 hours and they lost my bag. Overall a great experience.", Kind.COMPLAINT),
    ],
)
def test_a_verdict_settles_praise_against_problems_only(text: str, kind: Kind) -> None:
    assert kind_of(text) is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Will travel with them again.", Kind.COMPLIMENT),
        ("We will definitely fly Emirates again.", Kind.COMPLIMENT),
        ("Would not hesitate to use this airline again.", Kind.COMPLIMENT),
        ("I wouldn't think twice to fly them again", Kind.COMPLIMENT),
        ("I would never fly this airline again!", Kind.COMPLAINT),
        ("Will never use this app again", Kind.COMPLAINT),
        ("I can't wait to fly with them again", Kind.COMPLIMENT),
    ],
)
def test_using_the_company_again_or_never_again(text: str, kind: Kind) -> None:
    assert kind_of(text) is kind


@pytest.mark.parametrize(
    "text",
    [
        # On a condition, or doubted: no promise to come back.
        "I'd book again if they fixed the wifi.",
        "Not sure I'd fly them again.",
        # Doubted, obliged or hesitant (helper-108's review).
        "I don't think I'll fly them again.",
        "No way I'd fly them again.",
        "I will have to book again.",
        "I would hesitate to fly with them.",
    ],
)
def test_coming_back_on_a_condition_is_no_praise(text: str) -> None:
    assert kind_of(text) is not Kind.COMPLIMENT


def test_never_again_with_anyone_else_is_loyalty() -> None:
    assert kind_of("We will never book with anyone else again, thank you!") is not Kind.COMPLAINT


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Only negative: there was not able to watch films.", True),
        ("Decent sleep in a comfortable cabin - only real niggle was the 8 abreast cabin.", True),
        ("If I have a gripe it's that the IFE wasn't great.", True),
        ("One minor complaint: you have to ask for water.", True),
        ("The price is not the only problem, the waiter was rude.", False),
        ("The delay wasn't the only problem, they also lost my bag.", False),
        ("Lovely crew. Only problems since then, they also lost my bag.", False),
        ("The only thing that works is the login screen.", False),
        ("One tiny complaint: the wifi.", True),
        ("If I had one complaint, it's the wifi.", True),
    ],
)
def test_a_problem_called_the_only_one(text: str, named: bool) -> None:
    assert bool(_one_fault_spans(text)) is named


def test_a_problem_called_the_only_one_counts_once_beside_praise() -> None:
    praise = "Excellent flight. Service was very good and the food was tasty."
    # "did not work for the whole eight hour flight", without "at all", is read beside this
    # praise at 0.56 to 0.59 sure by the models of stops 58 to 60: a problem at that edge
    # (counted twice, a third of the text) ties with the praise, and this test is not of that.
    problem = "the wifi did not work at all for the whole eight hour flight."
    assert kind_of(f"{praise} {problem.capitalize()}") is Kind.COMPLAINT
    # Its naming weighs nothing: "Only negative:" is no problem of its own.
    for named in ("Only negative:", "My only complaint:", "Only complaint was that"):
        assert kind_of(f"{praise} {named} {problem}") is Kind.COMPLIMENT, named
    # With no praise beside it, it is the customer's whole point.
    assert kind_of("My only complaint is that it crashes every time I open it.") is Kind.COMPLAINT
    # Only the problem so named counts once: the item's others count as ever.
    assert (
        kind_of(
            f"{praise} My only complaint is the coffee. Also they lost my bag and the flight was"
            " five hours late."
        )
        is Kind.COMPLAINT
    )


@pytest.mark.parametrize(
    ("language", "text", "found"),
    [
        ("en", "overall a good experience", True),
        ("en", "the overall length is 2 m", False),
        ("en", "the overall look of the new planes is nice", False),
        ("en", "can anyone recommend a good alternative", False),
        # A product sent back is a verdict (stop 62): the clause's own kind, a complaint, is
        # the one it concludes with. Not how easy the sending back was.
        ("en", "i'd return it for a refund", True),
        ("en", "returning it was easy", False),
        ("en", "the staff returned my call", False),
        ("en", "this one went back the same day", True),
        ("de", "nie mehr als zwei balken", False),
        ("de", "würde ich jederzeit wieder buchen", True),
        ("fr", "un bref instant", False),
        ("fr", "hotel recommande par le guide", False),
        ("en", "would recommend to anyone", True),
        ("en", "it was recommended by a friend", False),
        ("de", "alles in allem zufrieden", True),
        ("fr", "a part ca, tout etait parfait", True),  # folded as French is searched
        ("fr", "envoyé en colis recommandé", False),
        ("es", "recomendado por un amigo", False),
        ("es", "lo recomiendo", True),
    ],
)
def test_each_language_names_its_verdicts(language: str, text: str, found: bool) -> None:
    pattern = lexicon(language).verdict
    assert pattern is not None
    assert (pattern.search(lexicon(language).fold(text)) is not None) is found


@pytest.mark.parametrize(
    "text",
    [
        "Only negative: no films. The food was fine.",
        "Great crew. My only real niggle was the seat, and one minor complaint: cold tea.",
        "If we had to name one real concern it would be the queue. " * 3,
        "The only thing: " + "word " * 200 + "my only gripe is the noise.",
        "Nothing only-ish here, little to say, small plane.",
    ],
)
def test_a_named_problem_is_found_near_its_words_as_along_the_whole_text(text: str) -> None:
    from kiosk.analysis import resolution

    whole = []
    for named in resolution._ONE_FAULT.finditer(text):
        end = resolution._SENTENCE_END.search(text, named.end())
        whole.append((named.start(), named.end(), len(text) if end is None else end.end()))
    assert _one_fault_spans(text) == whole
