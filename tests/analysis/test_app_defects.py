"""What an app does to the phone, and a defect the customer asks to have fixed.

Stop 55 read the app reviews of CLAP's read half that report a bug (its label) and that we
called praise. Two forms were behind many of them, and neither has a word of sentiment:

- an app that eats the phone's battery, data or space: "i love this game but its a battery
  drainer", "uses alot of battery", "takes up a lot of space though";
- a defect asked to be fixed beside praise: "good job !! it's awesome !! fix some bugs for lg
  devices", "i love this game .. and please fix some bugs!!".

And a defect said to happen now and then ("the game freezes once in a while") counted once, as a
small problem does, so that any praise beside it won. The issue's own example, "Great app but
the newest update crashes often", is a complaint; so are these.
"""

from __future__ import annotations

import re

import pytest

from kiosk.analysis.lexicon import first_words, lexicon, vader_lexicon
from kiosk.model import Kind
from tests.analysis.conftest import kind_of

RESOURCE_PROBLEMS = [
    "i love this game but its a battery drainer",
    "Cute, but eats up a lot of battery.",
    "Good app. Lots of fun. Takes up way too much space though.",
    "Works well, but it uses too much data in the background.",
    "Great app but it decreases my battery life a lot",
    "Nice widgets, but my battery dies so fast since I installed it",
    "Love the game but it's a real battery hog",
    "The app seems to use more battery than it should.",
    "They still haven't fixed the battery drain",
    "Great maps, but they chew through my data plan",
    # A wish that it did not is a complaint that it does.
    "If it didn't eat so much battery it would be perfect",
]

# The same words, saying the app does not do it, or that it was put right.
RESOURCE_PRAISE = [
    "Doesn't drain the battery at all, love it",
    "Great app, easy on the battery",
    "No more battery drain since the update, thanks!",
    "Apple fixed my battery drain problem, working like a champ now",
    "Really like it, dont use much memory or battery",
    "Won't take up space on your phone and works perfectly",
    "Nice app, battery drain is minimal",
    "Efficient use of battery, great visuals",
    # helper-117's review: a denial in other words, the past, a cure.
    "Runs all day without draining my battery",
    "Not a battery hog at all, love it",
    "Never had a problem with battery drain on this one",
    "This app reduces battery drain by 30%, amazing",
    "It used to eat my battery but now it's fine, great update",
]

# Words of the patterns that tell no problem of the app.
NOT_THE_APP_S_PROBLEM = [
    "I use a lot of data but the plan is cheap",
    "Great brain training game, uses a lot of memory and logic",
    "They take consumer data privacy seriously, great bank",
]

FIX_REQUESTS = [
    "Love this game, please fix some bugs!!",
    "Good job, it's awesome! Fix some bugs for LG devices",
    "Great potential but you guys need to fix these bugs and quick.",
    "Any plans to fix this?",
    "Fix the audio glitch and it's 5 stars",
]

# A fix told or praised, not asked for (helper-117's review).
FIXES_PRAISED = [
    "Finally you fixed this bug, well done",
    "They fix bugs fast, great devs",
    "Great grammar app, it helps me fix errors in my essays",
    "Easy to fix problems with the built-in tools, love it",
]

DEFECTS_NOW_AND_THEN = [
    "Fun game, but it freezes once in a while",
    "Great app, although it crashes sometimes",
    "Love the graphics. Sometimes it just doesn't load though.",
    # A defect told in the past is one too (helper-117's probe).
    "Great hotel, though the key card sometimes didn't work",
]


# Stop 56: a defect told in the present with what it happens to, in one run-on clause with
# praise (CLAP's read half: "ok the game is alright graphics are reallu good ... and it freezes
# once in a while", "loved this app until update now it just freezes").
DEFECTS_TOLD = [
    "ok the game is alright graphics are reallu good for such weird game and it freezes once"
    " in a while...",
    "loved this app until update now it just freezes and locks up my galaxy",
    "Great graphics, but the game crashes every time I open the shop",
    "Nice design but the app always crashes on my tablet",
    "Good idea, the widget still lags when I scroll",
]

# What it happens to, with the defect denied, made a condition or put right.
DEFECTS_DENIED = [
    "Love it, it never freezes",
    "It hardly ever lags, smooth as butter",
    "No more crashes since the update, it runs great",
    "If it freezes, just restart it, great app otherwise",
]


# Each form, and the kind every text of it reads as.
READ_AS = {
    "an app that eats the battery, data or space is a complaint": (
        RESOURCE_PROBLEMS,
        Kind.COMPLAINT,
    ),
    "an app that spares them is praise": (RESOURCE_PRAISE, Kind.COMPLIMENT),
    "a defect asked to be fixed is a complaint beside praise": (FIX_REQUESTS, Kind.COMPLAINT),
    "a fix told or praised is praise": (FIXES_PRAISED, Kind.COMPLIMENT),
    "a defect that happens now and then is not made small": (
        DEFECTS_NOW_AND_THEN,
        Kind.COMPLAINT,
    ),
    "a defect told with its subject is a complaint in a clause of praise": (
        DEFECTS_TOLD,
        Kind.COMPLAINT,
    ),
    "a defect denied or made a condition is no complaint": (DEFECTS_DENIED, Kind.COMPLIMENT),
}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        pytest.param(text, kind, id=f"{form}: {text}")
        for form, (texts, kind) in READ_AS.items()
        for text in texts
    ],
)
def test_each_form_reads_as_its_kind(text: str, kind: Kind) -> None:
    assert kind_of(text) is kind


@pytest.mark.parametrize("text", NOT_THE_APP_S_PROBLEM)
def test_the_same_words_about_something_else_are_no_complaint(text: str) -> None:
    assert kind_of(text) is not Kind.COMPLAINT


def test_a_question_of_how_to_fix_something_is_no_complaint() -> None:
    assert kind_of("How do I fix this problem?") is not Kind.COMPLAINT


def test_other_small_problems_and_named_ones_still_count_once_beside_praise() -> None:
    assert kind_of("Sometimes the coffee is a little cold but the staff are lovely") is (
        Kind.COMPLIMENT
    )
    # Called the only one, a defect is weighed by the customer against the rest.
    praise = "Excellent flight. Service was very good and the food was tasty."
    assert kind_of(f"{praise} Only negative: the wifi did not work.") is Kind.COMPLIMENT


def test_a_fix_only_hoped_for_puts_nothing_right() -> None:
    # "fixed" in a condition is no rescue: the defect counts in full.
    assert kind_of("The game freezes then closes. If this was fixed then 5 stars.") is (
        Kind.COMPLAINT
    )
    assert kind_of("Crashes on startup, hope it gets fixed soon") is Kind.COMPLAINT
    # A rescue told still is one, "when" and all.
    assert kind_of("The app crashed, but they fixed it within the hour. Brilliant support.") is (
        Kind.COMPLIMENT
    )
    assert kind_of("The AC broke but when I called they fixed it within minutes. Great hotel!") is (
        Kind.COMPLIMENT
    )


def test_every_new_pattern_starts_with_a_word_so_it_is_only_tried_where_that_word_is() -> None:
    new = [
        (p, needs)
        for p, needs in zip(
            (p for p, _ in lexicon("en").domain_pattern_list),
            lexicon("en").domain_pattern_needs,
            strict=True,
        )
        if "batter(?:y|ies)" in p or "\\bfix (?:" in p
    ]
    assert len(new) == 4
    assert all(first_words(p) is not None for p, _ in new)
    # Each names the words it cannot match without, so a text without them skips it.
    assert all(needs for _, needs in new)


def test_the_defect_pattern_is_what_finds_them() -> None:
    patterns = [p for p, _ in lexicon("en").domain_pattern_list if "(?<!\\bcase )" in p]
    assert len(patterns) == 1
    found = re.compile(patterns[0])
    assert all(found.search(text.lower()) for text in DEFECTS_TOLD)
    assert not any(found.search(text.lower()) for text in DEFECTS_DENIED)
    assert first_words(patterns[0]) is not None


# Stop 56: words of a broken app VADER has no valence for, and misspellings of its words
# customers type, each given the valence of the word spelt right.
MISSPELT = {
    "awsome": "awesome",
    "usefull": "useful",
    "helpfull": "helpful",
    "lovin": "loving",
    "briliant": "brilliant",
    "exellent": "excellent",
    "wonderfull": "wonderful",
    "beautifull": "beautiful",
    "anoying": "annoying",
    "dissapointed": "disappointed",
    "disapointing": "disappointing",
    "horible": "horrible",
    "terible": "terrible",
    "aweful": "awful",
}


def test_a_misspelt_word_weighs_what_vader_gives_it_spelt_right() -> None:
    ours = lexicon("en").valence
    vader = vader_lexicon()
    assert {typo: ours.get(typo) for typo in MISSPELT} == {
        typo: vader[right] for typo, right in MISSPELT.items()
    }
    # None of them is a word VADER already knows, whose valence ours would override.
    assert not set(MISSPELT) & set(vader)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("this app is awsome", Kind.COMPLIMENT),
        ("very usefull app for my classes", Kind.COMPLIMENT),
        ("Totally dissapointed with the new version", Kind.COMPLAINT),
        ("so laggy and buggy since the update", Kind.COMPLAINT),
        ("Nice idea but the controls are clunky and unresponsive", Kind.COMPLAINT),
        # "Flaky" is pastry as often as an app: it has no valence.
        ("Flaky croissants and lovely coffee", Kind.COMPLIMENT),
    ],
)
def test_misspelt_praise_and_an_app_s_defects_read_as_they_mean(text: str, kind: Kind) -> None:
    assert kind_of(text) is kind


def test_the_words_of_a_broken_app_weigh_as_blame() -> None:
    ours = lexicon("en").valence
    assert all(ours[w] < -1.0 for w in ("buggy", "laggy", "glitchy", "unresponsive", "clunky"))
    assert "flaky" not in ours
