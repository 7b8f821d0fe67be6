"""What would make it better, asked for without the usual cue words.

Stop 56 read the feature requests of CLAP's read half (Google Play reviews, labelled by people)
that we called praise or a problem. Beside forms a cue already knew, some asked in words no cue
had: "the only way it could be better is if u could see multiple pics", "with this feature i
would rate higher", "it'll be better if this app support external memory", "more features
please", "a widget would make this application perfect", "i hope you can make ...", "pls bring
this back". Each is written here as general English, with what the same words say when they
ask for nothing: a prediction of praise, a lament for what does not work, a joke about the
price, a refund (helper-118's review found many of these).
"""

from __future__ import annotations

import pytest

from kiosk.analysis import Analyzer
from kiosk.analysis.lexicon import first_words, lexicon
from kiosk.model import Kind
from tests.analysis.conftest import kind_of, make_feedback

WISHES = [
    "The only way it could be better is if you could see more pictures of each item.",
    "Only thing that would make it better is a dark mode.",
    "With this feature I would rate it higher for sure.",
    "The only way it could be better is if it worked offline.",
    "The only thing that would make this app better is cloud sync.",
    "It'll be better if this app supported external memory.",
    "It will be good if the sound could be saved in a playlist.",
    "It will be great to have a widget for the home screen.",
    "More levels please!",
    "please more themes and fonts",
    "I hope you come up with more features later.",
    "Hope you can make an offline mode.",
    "A widget would make this app perfect.",
    "pls bring this back so i can flip photos",
    "It lacks a little more features.",
]

# The same words asking for nothing new.
NOT_WISHES = [
    "This will be great for the kids.",
    "It'll be perfect for my trip next week.",
    "The only way it could be better is if it actually worked on my phone.",
    "No more ads please.",
    "I hope they make an exception for me.",
    "Nothing would make this app better, it is perfect.",
    "Nothing would make it better, it's perfect.",
    "I had to bring this back to the store.",
    # helper-118's review of the first version: laments, jokes, service requests, features
    # the customer already has.
    "The only way it could be better is if it were free!",
    "The only way it could be better is if it didn't crash every five minutes.",
    "It'll be great once I get used to it.",
    "It'll be better if you stop charging me twice.",
    "It'll be great once they fix the login bug.",
    "It'll be great when my kids see it!",
    "It'll be better than ever once I get my new phone.",
    "Not one more delay please.",
    "Paid for more levels please refund me, they don't load.",
    "Hope you make a lot of money, you deserve it!",
    "I hope you come up with a solution, I've been charged twice.",
    "With the dark mode I could finally read at night, love it.",
    "A refund would make this experience perfect.",
]

# No cue of these either; what the item is, the model says alone: it reads these two as
# requests with little confidence, as it did before the cues.
NOT_CUED = [
    *NOT_WISHES,
    "Keep it up, more updates like this please.",
    "More details please.",
]


@pytest.mark.parametrize("text", WISHES)
def test_a_wish_for_something_better_is_an_idea(text: str) -> None:
    assert kind_of(text) is Kind.IDEA


@pytest.mark.parametrize("text", WISHES)
def test_praise_beside_the_wish_is_the_wish(text: str) -> None:
    # An app review's feature request praises first as often as not; its kind is the request,
    # while the praise stays praise on the wall.
    found = Analyzer().explain(make_feedback("Great app, love the design. " + text))
    assert found.kind is Kind.IDEA
    assert any(c.kind is Kind.COMPLIMENT for c in found.clauses)


@pytest.mark.parametrize("text", NOT_WISHES)
def test_the_same_words_asking_for_nothing_are_no_idea(text: str) -> None:
    assert kind_of(text) is not Kind.IDEA


def test_the_cues_match_the_wishes_and_not_the_rest() -> None:
    cues = lexicon("en").idea_cues
    missed = [t for t in WISHES if not cues.search(t.lower())]
    assert missed == []
    matched = [t for t in NOT_CUED if cues.search(t.lower())]
    assert matched == []


def test_a_wish_beside_a_failure_is_still_a_complaint() -> None:
    # The request does not hide a broken app: that customer has a problem to answer first.
    text = "It crashes every time I open the camera. More filters please."
    assert kind_of(text) is Kind.COMPLAINT
    assert kind_of("More filters please.") is Kind.IDEA


def test_the_new_cues_start_with_a_word() -> None:
    # A cue is only tried where its first word is (``first_words``); these new ones must name it.
    new = [
        p
        for p in lexicon("en").idea_cue_patterns
        if "only (?:way|thing)s?" in p
        or "(?:pl(?:ea)?se|plz|pls)" in p
        or "(?:app|application|game|launcher|keyboard|player|widget)s? (?:perfect" in p
        or "(?:feature|option|function|functionality|mode|setting|widget|button|ability)s?,?" in p
    ]
    assert len(new) == 4
    assert all(first_words(p) is not None for p in new)


# Two imperatives of a developer's feedback forum, written from general English: no public
# text of ours has them, so they are only what these tests say.
FORUM_REQUESTS = [
    "Give developers access to the NFC reader.",
    "Please give third-party apps read access to the calendar",
    "Remove the 10 app limit on the store.",
    "Please remove the character limit for app descriptions",
]
NOT_FORUM_REQUESTS = [
    "Give me access to my account now",
    "They remove the limit every year, great service",
]


def test_a_developer_s_imperatives_are_ideas_and_the_customer_s_own_access_is_not() -> None:
    assert [kind_of(t) for t in FORUM_REQUESTS] == [Kind.IDEA] * len(FORUM_REQUESTS)
    assert all(kind_of(t) is not Kind.IDEA for t in NOT_FORUM_REQUESTS)
    cues = lexicon("en").idea_cues
    assert not any(cues.search(t.lower()) for t in NOT_FORUM_REQUESTS)
