"""A structured review's headings say the kind of the list under each ("Cons: price").

Reviews written as lists under headings (a review site's "Pros" and "Cons" fields, Glassdoor's
"Advice to management", a form pasted as text) name things with no word of praise or blame:
"price" under "Cons:" is a problem, and read alone it took the praise of the list before it.
"""

from __future__ import annotations

import pytest

from kiosk.analysis import Analyzer
from kiosk.analysis.lexicon import lexicon
from kiosk.model import Kind

from .conftest import make_feedback

C, P, IDEA = Kind.COMPLIMENT, Kind.COMPLAINT, Kind.IDEA


def _colours(text: str, language: str | None = None) -> dict[str, Kind]:
    """Return each term the wall would show for an item, with its colour."""
    found, _ = Analyzer().read_batch([make_feedback(text, language=language)])
    return {m.term_label.casefold(): m.kind for m in found[0].mentions}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Pros: fast delivery, friendly staff. Cons: price, slow checkout, tiny portions.",
            {"delivery": C, "staff": C, "price": P, "checkout": P, "portions": P},
        ),
        # Lines joined by a feed: the capital tells the heading from the list before it.
        (
            "Pros: great screen Cons: battery life, weight",
            {"screen": C, "battery life": P, "weight": P},
        ),
        # Each heading alone on its line, as Glassdoor lays a review out.
        (
            "Pros\nGreat people, good pay\nCons\nLong hours, no parking\n\n"
            "Advice to Management\nHire more staff",
            {"pay": C, "parking": P, "hire": IDEA, "staff": IDEA},
        ),
        # A list's lines that start with its marks go on under the heading above them.
        (
            "Pros:\n- fast\n- cheap screen\nCons: battery\n- weight",
            {"screen": C, "battery": P, "weight": P},
        ),
        # VADER's Amazon snippets (trained on): numbered lists, lowercase headings after a
        # sentence's end.
        (
            "pros:  1) price / gb of storage  2) storage capacity  cons:  1) fragile  "
            "2) scroll button",
            {"price": C, "storage": C, "storage capacity": C, "scroll button": P},
        ),
    ],
)
def test_the_list_under_a_heading_takes_the_kind_it_names(
    text: str, expected: dict[str, Kind]
) -> None:
    colours = _colours(text)
    assert {term: colours.get(term) for term in expected} == expected
    # What a heading names is no term of the wall.
    assert not {"pros", "cons", "advice", "management", "pro", "con"} & set(colours)


def test_a_heading_s_list_ends_with_its_line_where_the_review_goes_on_below() -> None:
    colours = _colours(
        "Positive: the staff.\nThey lost my paperwork twice and the rate was not what they quoted."
    )
    assert colours["staff"] is C
    assert colours["paperwork"] is P and colours["rate"] is P


def test_the_writer_s_heading_wins_over_the_words_but_an_empty_list_lists_nothing() -> None:
    # Bing Liu's pros and cons (read half): praise words filed as a con, blame as a pro.
    colours = _colours("Pros: compact. Cons: Photo quality is good but not great.")
    assert colours["photo quality"] is P
    assert _colours("Pros: few if any driver problems. Cons: slow")["driver"] is C
    # A sure request under "Cons" stays a request.
    assert _colours("Pros: sharp pictures. Cons: more zoom would be nice.")["zoom"] is IDEA
    analysis = Analyzer().explain(make_feedback("Pros: the price, the size. Cons: none really."))
    assert analysis.kind is C
    assert all(c.kind is not P for c in analysis.clauses)
    # After "none", the list's praise is praise.
    assert _colours("Pros: the size. Cons: none really, I love the screen")["screen"] is C


def test_a_form_s_questions_head_their_answers() -> None:
    """A form pasted as text: its questions end with a question mark, not a colon."""
    colours = _colours("What did you like? The staff. What could we improve? The parking.")
    assert colours == {"staff": C, "parking": P}
    assert _colours("Any suggestions? A dark mode") == {"mode": IDEA}
    # A question that is no form's: "Problems?" asks whether there are any.
    assert lexicon("en").headings_in("Problems? None so far") == []
    assert lexicon("en").headings_in("What? This is the worst app ever") == []
    # "Nothing" said in passing is still nothing: the praise after it stays praise.
    answer = "What could we improve? Honestly nothing, the stay was perfect."
    assert Analyzer().explain(make_feedback(answer)).kind is C


def test_problems_listed_beside_listed_praise_count_once_in_the_item() -> None:
    """A customer who lists pros and cons has weighed them: a problem counts twice in an
    item's vote elsewhere ("Love the app. It crashes every day."), once here."""
    weighed = "Pros: great sound, long battery life, nice screen. Cons: short warranty"
    assert Analyzer().explain(make_feedback(weighed)).kind is C
    assert Analyzer().explain(make_feedback("Cons: short warranty")).kind is P


@pytest.mark.parametrize(
    ("text", "headings"),
    [
        # "the pros and cons" names no heading; the "pros:" after "here ya go:" does.
        (
            "i love the pros and cons reviews so here ya go:  pros:  size - small",
            [("pros:", "compliment")],
        ),
        ("The food was bad: cold and salty.", []),
        ("Meeting at 10:30: bring the report", []),
        ("See http://example.com/cons: nothing", []),
        ("My only gripe: the price", [("My only gripe:", "complaint")]),
        ("Great hotel. Only negative: the wifi", [("Only negative:", "complaint")]),
        (
            "Cons: the price\nOverall: I would buy it again",
            [("Cons:", "complaint"), ("Overall:", "")],
        ),
        # A word alone on its last line heads nothing.
        ("Thanks for the quick reply\nGood", []),
        ("Suggestions: a dark mode", [("Suggestions:", "idea")]),
        # Capitals throughout mark no heading (VADER's tweets, trained on).
        ("@someone GREAT IDEA: If we call it the corner", []),
        ("Room for improvement: the breakfast", [("Room for improvement:", "complaint")]),
    ],
)
def test_what_counts_as_a_heading(text: str, headings: list[tuple[str, str]]) -> None:
    found = lexicon("en").headings_in(text)
    assert [(text[s:e].strip(), kind) for s, e, kind in found] == headings


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "de",
            "Vorteile: Die Lieferung war schnell.\nNachteile: der Preis, die Verpackung",
            {"delivery": C, "price": P, "packaging": P},
        ),
        (
            "fr",
            "Points positifs : l'accueil, la chambre. Points négatifs : le prix, le bruit",
            {"room": C, "price": P, "bruit": P},
        ),
        (
            "es",
            "Lo bueno: la comida. Lo malo: el precio, la espera",
            {"food": C, "price": P, "espera": P},
        ),
    ],
)
def test_headings_in_other_languages(language: str, text: str, expected: dict[str, Kind]) -> None:
    # Terms are labelled in the wall's language where a concept has one ("prix" is "price").
    assert _colours(text, language) == expected


def test_hostile_text_with_headings_is_read_whole() -> None:
    text = ("Cons: " + "x" * 5000 + " ") * 40 + "Pros:\n" * 200 + "Cons:"
    analysis = Analyzer().explain(make_feedback(text))
    assert analysis.kind in set(Kind)
    assert lexicon("en").headings_in("Cons:") == [(0, 5, "complaint")]


def test_a_form_s_fields_are_no_terms_but_a_field_that_names_a_thing_is() -> None:
    assert _colours("Score: 3. Comment: the checkout keeps failing") == {"checkout": P}
    assert _colours("Subject: Broken zip on my jacket") == {"zip": P, "jacket": P}
    assert _colours("Rating: 5/5 - Great coffee and friendly staff") == {"coffee": C, "staff": C}
    assert _colours("Location: excellent, Room: dirty") == {"location": C, "room": P}
    # A survey's own questions (stop 69: "score" was a term).
    assert _colours("Why did you give us this score? Fast checkout") == {"checkout": C}
    assert _colours("How likely are you to recommend us to a friend? 9. Great staff") == {
        "staff": C
    }


def test_a_heading_that_asks_makes_its_item_a_request() -> None:
    """Praise beside a request under "Idea:" is the request, as beside a cue of ours
    (helper-145's app reviews, read), and no later turn makes the request a problem."""
    analyzer = Analyzer()
    for text in (
        "Idea: a weekly recap email with my stats. I love checking my progress.",
        "Feature request: recurring income entries. Best budget app I've used, honestly.",
        "Suggestions: a dark mode. Love the app otherwise",
    ):
        analysis = analyzer.explain(make_feedback(text))
        assert analysis.kind is IDEA, text
    assert _colours("Suggestions: a dark mode. Love the app otherwise")["mode"] is IDEA


def test_after_a_list_that_says_none_the_customer_s_own_words_keep_their_kind() -> None:
    """ "Nothing" under "What could we do better?" lists nothing; "keep it up" after it is the
    customer's praise, and took the problem heading's kind (stop 69)."""
    analysis = Analyzer().explain(make_feedback("What could we do better? Nothing, keep it up"))
    assert analysis.kind is C
    assert Analyzer().explain(make_feedback("Cons: none, I love it")).kind is C


def test_a_list_s_mark_alone_does_not_empty_the_list() -> None:
    """A bullet or a full stop the clauses cut off alone is no "none" (Bing Liu's lists,
    read): after it the list keeps the heading's kind."""
    assert _colours("Pros: long talk time\nCons: - Proprietary data cable")["cable"] is P
    colours = _colours("Pros: Color display. Cons: None, although the keypad may be tricky.")
    assert colours["keypad"] is P
