"""An app review that praises and asks for something is a request.

People label such a review a feature request: the praise is how they feel, the request is
what they came to say ("Great app, would give it five stars if it had a widget"). Stop 52
measured it on CLAP's labelled Google Play reviews (Scalabrino et al.), whose ideas we found
one in four of. The forms of a request an app review uses are suggestion cues of the English
lexicon; a problem that fails or blames still makes the review a complaint.
"""

from __future__ import annotations

import re

import pytest

from kiosk.analysis import Analyzer
from kiosk.analysis.lexicon import lexicon
from kiosk.model import Kind
from tests.analysis.conftest import make_feedback


def _read(text: str) -> tuple[Kind, float]:
    found = Analyzer().explain(make_feedback(text))
    return found.kind, found.kind_confidence


# Each form of a request an app review uses, on its own and beside praise.
REQUESTS = [
    "i just miss the favorites feature.",
    "The one missing feature is a zoom in video mode.",
    "Some features are still missing, like folders.",
    "It lacks a few features such as an undo.",
    "Good app. I'd rate it higher if it had a widget.",
    "Would give this app 5 stars if it had tasker integration.",
    "It would have been great if it had a keep screen on feature.",
    "The layout could do with a few more colours.",
    "What if you added a calorie estimate?",
]


@pytest.mark.parametrize("request_text", REQUESTS)
def test_a_request_in_an_app_review_is_an_idea(request_text: str) -> None:
    assert _read(request_text)[0] is Kind.IDEA
    assert _read("Love this app, it is fast and simple. " + request_text)[0] is Kind.IDEA


# The same words that ask for nothing: a missed flight, a lament for what does not work or
# was lost in an update, a wish of the writer's own, praise, sarcasm, a polite complaint, a
# worry (helper-111's review found most of these forms).
NOT_REQUESTS = [
    "I missed my flight because the app froze.",
    "Would give it 5 stars if it worked.",
    "Would give five stars if it had not crashed twice.",
    "I could use a refund after this.",
    "What if it crashes again during checkout?",
    "It would have been great if it had worked.",
    "The export feature went missing after the last update.",
    "Now it is missing the feature I paid for.",
    "Would rate it higher than 5 stars if I could!",
    "Would give it five stars if it had a working login screen.",
    "The shower could do with a good clean.",
    "What if you added even more ads?",
    "It would have been perfect if there was a manager on duty to help us.",
]


@pytest.mark.parametrize("text", NOT_REQUESTS)
def test_words_of_a_request_that_ask_nothing_are_no_idea(text: str) -> None:
    assert _read(text)[0] is not Kind.IDEA


def test_the_cues_are_the_lexicon_s_and_match_what_the_tests_say() -> None:
    cues = lexicon("en").idea_cues
    assert all(cues.search(text.lower()) for text in REQUESTS)
    # "Would give five stars if it had not crashed" and "if it worked" match none either. The
    # waiter is no cue of these, though the model alone may guess a proposal in "could".
    not_cued = [*NOT_REQUESTS, "Our waiter could use a lesson in manners."]
    assert not any(cues.search(text.lower()) for text in not_cued)


def test_praise_beside_a_request_is_the_request_and_plain_praise_stays_praise() -> None:
    praise = "Great app, works well and looks great. Exporting takes two taps."
    assert _read(praise)[0] is Kind.COMPLIMENT
    found = Analyzer().explain(make_feedback(praise + " Would be perfect if you added a widget."))
    assert found.kind is Kind.IDEA
    # The praise is still praise on the wall: only the customer's kind is the request.
    assert any(c.kind is Kind.COMPLIMENT for c in found.clauses)


def test_a_problem_that_fails_beside_a_request_is_a_complaint() -> None:
    text = "Nice design. It crashes every time I open it. Please add a dark mode."
    assert _read(text)[0] is Kind.COMPLAINT


def test_a_request_of_a_customer_who_is_leaving_is_a_complaint() -> None:
    asks = "Great app! Missing the ability to export, which is a dealbreaker for my business."
    assert _read(asks)[0] is Kind.IDEA
    assert _read(asks + " Uninstalling.")[0] is Kind.COMPLAINT
    assert _read("Love the staff. Would be perfect if you added Apple Pay.")[0] is Kind.IDEA
    text = "Love the staff. Would be perfect if you added Apple Pay. I'm switching banks."
    kind, confidence = _read(text)
    assert kind is Kind.COMPLAINT
    assert 0.0 < confidence <= 1.0


def test_an_item_is_never_surer_than_its_clauses() -> None:
    # A request a cue made sure of counts twice in the vote, which read as 2.0.
    for text in ("Would give this app 5 stars if it had a widget.", *REQUESTS):
        kind, confidence = _read(text)
        assert kind is Kind.IDEA
        assert 0.0 < confidence <= 1.0


def test_every_new_cue_starts_with_a_word_so_it_is_only_tried_where_that_word_is() -> None:
    from kiosk.analysis.lexicon import first_words

    patterns = lexicon("en").idea_cue_patterns
    new = [p for p in patterns if re.search(r"miss|lack|would (?:give|have been)|do with", p)]
    assert len(new) >= 4
    assert all(first_words(p) is not None for p in new)


# Stop 66, from CLAP's release reviews (public, read): requests told without the cue words
# of the forms above. Each is an idea alone and beside praise.
REQUESTS_66 = [
    "Manual proxy needed....",
    "A new feature needed.",
    "Dark mode badly needed!",
    "Would be happy if additional mp3 joiner would b provided by it",
    "It would be even more great if we could update status like in whats app!",
    "sms ringtone... it could be a nice edition if you have a update that can set ringtones",
    "Would really like timerrific to also support this.",
    "For a 5 star it would need to give an option for turning on the flash.",
    "Is there any way you can make flash player compatible with 4.3?",
    "Will give 5 stars when blocking a random person feature will be introduced",
    "If you just put some few options then it will be better than ever.",
    "Hey guys you have to think about music file transfer in the next viber editions.",
    "Missing STUN support",
    "No Bluetooth support",
    "Lack of Chromecast support",
    "No support for Android 4.4 tablets",
    "Hope you can extend the video transfer limit.",
]

# The same words that ask for nothing new: a department, a garment, a fix or a refund the
# customer would be happy with, criticism, praise of a purchase, stars withheld for a fault.
NOT_REQUESTS_66 = [
    "No customer support",
    "No support whatsoever from the developer",
    "Missing tech support, nobody answers",
    "No 24/7 support, waited two days",
    "No live chat support",
    "No support for my issue after three emails",
    "Perfect suit, fabric is beautiful, no complaints on lack of support.",
    "Lovely swimsuit but no true support for the bust, still keeping it.",
    "I would be happy if it just worked",
    "Would be happy if you refunded me",
    "I would be very happy if someone answered my emails",
    "Would be happy if the crashes stopped",
    "Will give 5 stars when the bug is fixed",
    "Needed a restart every time I opened it",
    "This will be a nice addition to my kitchen",
    "It could be a nice addition to any kitchen, love it",
    "It could be a huge improvement if they fixed the login",
    "Need info - #Microsoft #CRM - then check this out",
    "Would give 5 stars if it didn't crash",
    # helper-143's review of the first version: each was an idea.
    "Works out of the box, no extra settings needed. Love it.",
    "The import needed four attempts before it worked.",
    "Sync needed a full reinstall to work again.",
    "Brilliant little app. Needed features are all here.",
    "The AC filter needed replacing, the room smelled musty.",
    "Does anyone know if a proxy is needed for the office network?",
    "Great shoes but no heel support at all",
    "Mattress has no edge support",
    "This pillow lacks head support",
    "There was no wheelchair support at the gate",
    "no IT support on weekends",
    "No follow-up support after the engineer left",
    "Hope they extend my warranty after this fiasco",
    "Hope you lift the restriction on my account",
    "Hope they increase staff, we waited 40 minutes",
    "I would be happy if every restaurant were this good.",
    "I would be happy if my order arrived within the same month",
    "This blender could be a great addition to anyone's kitchen",
    "The new layout might be an improvement for some people but I hate it",
    "Is there any way you can make the delivery actually show up today? It's been five days.",
    "Will give 5 stars when my order is released from your warehouse",
    "They did not include the fix in the next update either, still crashing",
    "The hotel would be much more enjoyable if the staff weren't so rude",
    "I would like you to remember that I have been a loyal customer for 12 years",
    "Would be better if it didn't crash.",
    "It would be great if it wasn't so slow.",
    "Would be great if the app didn't log me out",
]

# Stars a fault costs, and a redress the customer would be happy with: complaints that
# "5 stars" and "happy" read as praise before.
FAULTS_66 = [
    "Would give 5 stars if it didn't crash",
    "I'd give it five stars if the staff weren't so rude.",
    "Would rate it higher if it wasn't so slow",
    "Would be five stars if it didn't keep logging me out",
    "Would be happy if you refunded me",
    "I would be very happy if someone answered my emails",
    "Great easy app but it would be a lot better if it didn't delete all my ringtones!",
    "Would be much better if it wasn't so slow",
    "Has problems I can no longer view negative or neutral feedback from sellers. Fix this and"
    " I'll go back to 5 stars.",
    "Still needs tremendous improvement Can't upload media and many other shortcomings",
]


@pytest.mark.parametrize("request_text", REQUESTS_66)
def test_a_request_told_without_a_cue_word_is_an_idea(request_text: str) -> None:
    # As written: a missing support names its product with a capital ("No Bluetooth support",
    # not "no heel support").
    assert lexicon("en").idea_cues.search(request_text)
    assert _read(request_text)[0] is Kind.IDEA
    assert _read("Love this app, it is fast and simple. " + request_text)[0] is Kind.IDEA


@pytest.mark.parametrize("text", NOT_REQUESTS_66)
def test_those_words_asking_nothing_new_are_no_idea(text: str) -> None:
    assert _read(text)[0] is not Kind.IDEA


@pytest.mark.parametrize("text", FAULTS_66)
def test_stars_withheld_for_a_fault_and_a_redress_wished_are_complaints(text: str) -> None:
    assert _read(text)[0] is Kind.COMPLAINT


def test_praise_that_promises_stars_or_happiness_stays_praise() -> None:
    praise = (
        "Would give 6 stars if I could",
        "Would be happy to recommend it to anyone",
        "I give it 5 stars",
        "Five stars, would recommend",
    )
    for text in praise:
        assert _read(text)[0] is Kind.COMPLIMENT
    assert _read("Would give 5 stars if it had a dark mode")[0] is Kind.IDEA
    # A change asked for, not a defect: still a request.
    assert _read("It would be really nice if it didn't require a login every time.")[0] is Kind.IDEA
    # A rating raised is praise; only stars promised for a fix are not (helper-143).
    assert _read("Changed to 5 stars after the update.")[0] is Kind.COMPLIMENT
    assert _read("Went from 1 to 5 stars, they really turned it around.")[0] is Kind.COMPLIMENT
    assert _read("I will never spend my money anywhere else again! Best bakery around.")[0] is (
        Kind.COMPLIMENT
    )


# Stop 66 again, helper-145's app reviews (ours, read): a request wrapped in praise, which the
# praise outvoted. Each is a cue of ours now, so the review is the request.
PRAISED_REQUESTS_66 = [
    "I love how simple this expense tracker is. Multiple currencies would be a huge help.",
    "Great translator, fast and accurate. A two-way conversation mode would be a dream feature.",
    "When will you add offline maps? Been using this for hiking all summer and it's brilliant.",
    "Widget please! Otherwise this weather app is flawless.",
    "Hotel booking is so easy with this. A filter for pet-friendly rooms please!",
    "omg this game is my addiction!! more characters pleaseeee",
    "Tablet version please! Love it on my phone.",
    "fav music app ever. only thing i want is lyrics that scroll with the song",
    "Love the notes app, simple and fast. Markdown support? That's my only wish.",
    "The best solitaire game. Would like an undo button that goes back more than one move.",
    "This app is a blessing for my anxiety. I'd love more sleep stories narrated by a man.",
    "I'd give it 6 stars if you added a compact view for the feed.",
    "Easy 5 stars if there was a way to export my highlights.",
    "gr8 app use it evryday, wud be cool if u could change the colour of the notes",
    "Wonderful app for tracking my reading. Goodreads import would make switching easy.",
]

# The same forms asking for nothing new: money back, help, an order, praise that wants more
# of the same or nothing changed, a wish that it worked.
NOT_PRAISED_REQUESTS_66 = [
    "A refund would be a huge help right now.",
    "This hotel would be perfect for families, loved it.",
    "This top would be a great addition to any wardrobe, love it.",
    "Help please!",
    "Answer the phone please",
    "No more ads please",
    "When will you add my points back? It's been weeks.",
    "Thank you so much please keep it up",
    "Loved it! I'd love more of this!",
    "Fix the login please",
    "Refund please",
    "Keep up the good work please",
    "Please stop sending me emails",
    "It would be nice if they did what they promised",
    "Would be great if the app didn't log me out",
]


@pytest.mark.parametrize("text", PRAISED_REQUESTS_66)
def test_a_request_wrapped_in_praise_is_the_request(text: str) -> None:
    assert _read(text)[0] is Kind.IDEA


@pytest.mark.parametrize("text", NOT_PRAISED_REQUESTS_66)
def test_those_forms_asking_nothing_new_are_no_idea(text: str) -> None:
    assert _read(text)[0] is not Kind.IDEA


def test_a_thing_named_with_a_please_is_a_request_of_our_own() -> None:
    from kiosk.analysis.kinds import _names_a_thing_with_please, _words

    assert _names_a_thing_with_please(_words("A filter for pet-friendly rooms please!!"))
    assert _names_a_thing_with_please(_words("more characters pleaseeee"))
    assert not _names_a_thing_with_please(_words("Help please!"))
    assert not _names_a_thing_with_please(_words("Don't change anything please"))
    assert not _names_a_thing_with_please(_words("more of these please"))
    assert not _names_a_thing_with_please(_words("Please"))
    # Longer than a short request: a sentence, not a thing named.
    assert not _names_a_thing_with_please(
        _words("I would really like it if you could do it please")
    )
