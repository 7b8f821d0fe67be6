"""Suggestions as customer feedback makes them, and the look-alikes that are complaints.

Stop 53 measured ideas on a new public source, the customer-feedback sentences of IJCNLP-2017
Task 4 (hotel and software reviews): we found three requests in ten. The forms it showed are
suggestion cues of the English lexicon now: a feature brought back, more of something, "it
might be nice if", a company that should consider something. A wish that looks back is regret,
and a tweet that thanks for a failure or mourns what a company was is a complaint.
"""

from __future__ import annotations

import pytest

from kiosk.analysis.lexicon import domain_score, first_words, lexicon
from kiosk.model import Kind
from tests.analysis.conftest import kind_of

SUGGESTIONS = [
    "Bring back the old version!",
    "Bring the old layout back please.",
    "Give me back the old Skype!",
    "The menu could have more healthy snack options.",
    "You should have more staff at breakfast.",
    "It might be nice if breakfast was delivered to the villa.",
    "i hope there is more encyclopedies.",
    "Sofitel should consider using both restaurants for breakfast.",
    "I think they should also come up with some points system.",
    "The rooms should be renovated.",
    "That should be an option.",
    "I think it needs more hairstyles.",
    "Wish I could post to my Facebook page.",
    "I wish you had a vegan option.",
    "I wish there was a dark mode.",
    # A software forum's wishes: what the customer would have, or could do.
    "I wish I had a button to pin tabs.",
    "I wish I could undo the last change.",
    "I wish it had a dark mode.",
    # Forms helper-113's review found missing.
    "Hope there's a dark mode coming soon.",
    "This should be the default setting.",
    "They need to bring back the old menu.",
    "Bring it back!",
    # Asked as a question about what is to come.
    "Will there ever be an offline mode?",
    "Are we ever getting the option of zooming in on profile pictures?",
    "When will you add a dark mode?",
]


@pytest.mark.parametrize("text", SUGGESTIONS)
def test_a_suggestion_is_an_idea(text: str) -> None:
    assert kind_of(text) is Kind.IDEA


# The same words that ask for nothing: a refund demanded, nostalgia, advice to go elsewhere, a
# bug, the writer's own failing, praise of what a place may suit.
NOT_SUGGESTIONS = [
    "Give me back my money!",
    "This song brings back memories.",
    "You should consider staying elsewhere.",
    "This bug should be fixed.",
    "It needs more work.",
    # helper-113's review: a return or a lost bag, lost hours, manners, luck, sarcasm, help
    # advice, worry, advice to other guests, a charge at these prices.
    "Bring the car back with a full tank or they charge you.",
    "Bring it back with the receipt within 30 days.",
    "Give me back my free minutes!",
    "You could have more respect for your customers.",
    "It might be nice to actually get the food I ordered.",
    "Bring back my bag you clowns @easyJet",
    "Give me back the two hours I wasted on hold.",
    "Your staff should have more manners.",
    "You might have more luck calling in the morning.",
    "The pool might be nice if it was ever open.",
    "It might be helpful to restart your router first.",
    "Let's hope there is more staff tomorrow.",
    "Families should consider the family room, it was great.",
    "Wifi was extra. That should be included at these prices.",
    "When will my refund arrive?",
    "Will there be any support staff at the airport?",
    "I should have more patience.",
    "This hotel might be nice for families.",
]


@pytest.mark.parametrize("text", NOT_SUGGESTIONS)
def test_words_of_a_suggestion_that_suggest_nothing_are_no_idea(text: str) -> None:
    assert kind_of(text) is not Kind.IDEA


REGRETS = [
    "I wish I had never bought this.",
    "I wish I could give zero stars.",
    "I wish we had stayed somewhere else.",
    "I wish I'd read the reviews first.",
    "I wish I had known about the fees.",
    "I wish I had cancelled sooner.",
    "I wish I could give you zero stars.",
    "I wish I could give it 2 stars.",
    "I wish they had told us about the renovation.",
    "I wish the hotel had warned us.",
    "I wish you had told us about the building works.",
    # Advice to go elsewhere, said as a suggestion.
    "You should stay away from this hotel.",
    "You should consider getting a better provider.",
]


@pytest.mark.parametrize("text", REGRETS)
def test_a_wish_that_looks_back_or_advice_to_leave_is_a_complaint(text: str) -> None:
    assert kind_of(text) is Kind.COMPLAINT
    assert domain_score("en", text.lower()) < 0


# Praise in the past, and thanks for a failure (the Apple development tweets read as praise).
TAKEN_BACK = [
    "@united you used to be my favourite airline.",
    "u used to b cool what happened",
    "u use to b cool what happened",
    "I used to be a big fan of this bank.",
    "We used to recommend this place to everyone.",
    "This app used to be great. Now it crashes.",
    "Thank you @apple, took you long enough.",
    "Thanks for my bags never arriving",
    "real quick shout out to @apple for your technology never working",
    "I love when none of my stuff works",
]


@pytest.mark.parametrize("text", TAKEN_BACK)
def test_praise_taken_back_is_a_complaint(text: str) -> None:
    assert kind_of(text) is Kind.COMPLAINT


STILL_PRAISE = [
    "It used to be good and it still is!",
    "Used to be good, now even better.",
    "Shout out to the crew for working so hard",
    "Thank you for never letting me down",
    # A wish for more of what was good, and advice to come (helper-113).
    "Wish I'd found this place years ago.",
    "I wish I could give you guys 10 stars.",
    "I wish every airline was like this.",
    "I wish I had found this app sooner.",
    "I wish we could have stayed longer.",
    "You should definitely stay here!",
]


@pytest.mark.parametrize("text", STILL_PRAISE)
def test_praise_that_lasts_stays_praise(text: str) -> None:
    assert kind_of(text) is Kind.COMPLIMENT


def test_every_new_cue_starts_with_a_word_so_it_is_only_tried_where_that_word_is() -> None:
    patterns = lexicon("en").idea_cue_patterns
    new = [
        p
        for p in patterns
        if any(
            w in p
            for w in (
                "bring (?:back",
                "give (?:me|us) (?:back",
                "might be (?:",
                "(?:come up with|think about",
                "hope )\\bthere",
                "(?:could|should) (?:also",
                "should be (?:renovated",
                "should (?:also )?be (?:an?",
                "(?:will|would|are|is) (?:there",
            )
        )
    ]
    assert len(new) == 9
    assert all(first_words(p) is not None for p in new)
