"""Kinds on feedback nobody here wrote: handles, problems without sentiment words, ideas."""

from __future__ import annotations

import pytest

from kiosk.analysis import Analysis, Analyzer
from kiosk.analysis.kinds import (
    LINK_FEATURE,
    PROPOSAL_FEATURE,
    SHORT_REQUEST_FEATURE,
    SUPPORT_DESK,
    blank_addresses,
    features,
    read,
    shipped_model,
)
from kiosk.analysis.learning import MIN_EXAMPLES, fit_local_kinds, labelled_examples
from kiosk.analysis.lexicon import domain_score, lexicon
from kiosk.analysis.sentiment import KindScorer
from kiosk.model import Kind, KindSource
from tests.analysis.conftest import make_feedback

ISSUE_EXAMPLES: list[tuple[str, Kind]] = [
    ("@united thanks for losing my bag", Kind.COMPLAINT),
    ("Great app but the newest update crashes often", Kind.COMPLAINT),
    ("I updated the app and now all the pages are blank", Kind.COMPLAINT),
    ("Add a dark mode", Kind.IDEA),
    ("Allow exporting to PDF", Kind.IDEA),
    ("The app keeps crashing, you should fix it", Kind.COMPLAINT),
    # Issue 10's remaining failures: problems without sentiment words, hopes and wishes.
    ("Wouldn't let me update", Kind.COMPLAINT),
    ("so I still need to stay on hold?", Kind.COMPLAINT),
    ("This should really be fixed!", Kind.COMPLAINT),
    ("I would like my money back", Kind.COMPLAINT),
    ("I hope you add a dark mode soon", Kind.IDEA),
    ("I hope they bring back the old menu", Kind.IDEA),
    ("I would like to pay with PayPal", Kind.IDEA),
    ("It needs a search button", Kind.IDEA),
    ("The app needs a dark mode", Kind.IDEA),
    ("Thanks @United!", Kind.COMPLIMENT),
    ("I would like to thank your staff", Kind.COMPLIMENT),
]


@pytest.mark.parametrize(
    "text",
    [
        # Issue titles (NLBSE'24 development split) read as ideas until stop 36: a plain
        # statement has no sign of a proposal.
        "Build regression after OpenJPEG upgrade",
        "Tensorflow detects GPU but uses only CPU",
        "Image must be cloned in text spotting",
        # A developer forum's context sentences, written here.
        "We are developing a new app for Windows 10.",
        "Currently the ListView control does not support grouping.",
        "I tried to use the new API but it throws an exception.",
        # helper-65's review: plain statements about a thing one could have asked for.
        "Dark mode resets after restart.",
        "Search results show the old prices.",
        "Coupon code applies to the first order only.",
        "They should have told me",
        "I need a way to reach you",
        # "support" and "more" as a department and a quantity (helper-65).
        "Dark mode resets after restart. Support said it is known.",
        "The app froze and I waited more than an hour for a reply from customer support.",
    ],
)
def test_a_statement_with_no_sign_of_a_proposal_is_no_idea(text: str) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is not Kind.IDEA


@pytest.mark.parametrize(
    "text",
    [
        "Provide a way to change the title bar colour.",
        "Expose the battery level through the API",
        "Longer opening hours on Saturdays",
        "More vegan options please",
        "Allow apps to run in the background.",
        "It would be great if the ListView supported grouping.",
        # helper-65's review: request verbs and asking words the first list lacked, and a
        # suggestion cue that could never match "it'd be".
        "Use recyclable packaging.",
        "Switch to paper straws.",
        "Turn on captions by default",
        "Requesting a dark mode.",
        "Support SVG in the image control",
        "It'd be great to have widgets",
        # A proposal in the third person, a need of many.
        "The API should expose the battery status.",
        "The hotel should include breakfast in the price",
        "We need a way to detect when the app is suspended.",
    ],
)
def test_a_proposal_without_sentiment_words_is_an_idea(text: str) -> None:
    assert PROPOSAL_FEATURE in features(text)
    assert Analyzer().explain(make_feedback(text)).kind is Kind.IDEA


def test_labels_teach_ideas_told_without_a_sign_of_a_proposal() -> None:
    # A café whose form lets customers pick "idea": its ideas name the thing, nothing more.
    items = [make_feedback(f"the zorblax for desk {i}", kind=Kind.IDEA) for i in range(15)]
    items += [make_feedback(f"the quinbat at desk {i}", kind=Kind.COMPLAINT) for i in range(15)]
    text = "zorblax for the lobby"
    assert PROPOSAL_FEATURE not in features(text)
    analyzer = Analyzer()
    assert analyzer.explain(make_feedback(text)).kind is not Kind.IDEA
    analyzer.set_local_kinds(fit_local_kinds(labelled_examples(items)))
    assert analyzer.explain(make_feedback(text)).kind is Kind.IDEA


APP_REVIEWS: list[tuple[str, Kind]] = [
    # App reviews, written here from general English: what an app does wrong told
    # without a sentiment word, and doing what it should.
    ("Uninstalled.", Kind.COMPLAINT),
    ("Deleting this app.", Kind.COMPLAINT),
    ("Drains my battery.", Kind.COMPLAINT),
    ("Full of ads.", Kind.COMPLAINT),
    ("Keeps asking me to log in.", Kind.COMPLAINT),
    ("Force closes on startup.", Kind.COMPLAINT),
    ("Black screen after the splash.", Kind.COMPLAINT),
    ("Does exactly what I need.", Kind.COMPLIMENT),
    ("@airline you guys rock", Kind.COMPLIMENT),
    ("this app rocks", Kind.COMPLIMENT),
    ("do you rock climbing", Kind.UNCLASSIFIED),
    # Short verdicts.
    ("Five stars", Kind.COMPLIMENT),
    ("Two stars.", Kind.COMPLAINT),
    ("Must have app", Kind.COMPLIMENT),
    ("Could be better", Kind.COMPLAINT),
    ("Needs work", Kind.COMPLAINT),
    ("Rubbish", Kind.COMPLAINT),
    ("Don't bother with this app.", Kind.COMPLAINT),
    ("Don't bother calling, just walk in", Kind.COMPLIMENT),
    # Not every mention of the words (a Sanders tweet, read as a complaint by a first
    # version of these rules).
    (
        "Well @apple fixed my #ios5 battery drain problem with a replacement iPhone 4 --"
        " it's working like a champ now",
        Kind.COMPLIMENT,
    ),
]


def test_thanks_closing_a_complaint_is_no_praise() -> None:
    found = Analyzer().explain(
        make_feedback("Flight delayed 3 hours and nobody at the gate. Thanks @United!")
    )
    assert found.kind is Kind.COMPLAINT
    assert [c.kind for c in found.clauses] == [Kind.COMPLAINT, Kind.COMPLAINT]


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("Flight cancelled again. Thanks KLM", "klm"),
        ("Super, encore en retard. Merci la SNCF", "sncf"),
    ],
)
def test_thanks_that_name_the_company_closing_a_complaint_are_no_praise(
    text: str, company: str
) -> None:
    """The company thanked by name was green (stop 69); by handle it is no term."""
    found = Analyzer().explain(make_feedback(text))
    assert found.kind is Kind.COMPLAINT
    assert {m.term_key: m.kind for m in found.mentions}[company] is Kind.COMPLAINT


def test_thanks_to_a_person_by_name_stay_praise() -> None:
    """One capitalised word is a person's name as often as a company's: thanks to a member of
    staff are praise (helper-148's set, read)."""
    text = "I was dreading switching providers but it took one phone call. Thank you Marcus."
    assert Analyzer().explain(make_feedback(text)).kind is Kind.COMPLIMENT
    # Two capitalised words are a person's name as often (helper-149's review).
    found = Analyzer().explain(make_feedback("The wait in A&E was six hours. Thank you Dr Patel"))
    assert {m.term_key: m.kind for m in found.mentions}["dr patel"] is Kind.COMPLIMENT


@pytest.mark.parametrize(
    "text",
    [
        # A public tweet (Sanders corpus) the kinds read as praise until stop 22.
        "So glad that I paid $69 for this @apple care protection plan... Great customer"
        " service. #NOT",
        "Great customer service. Not!",
        "Love my new phone #sarcasm",
        # Stop 68: a bare "Not.", and praise that no longer holds.
        "Great app!!! Not.",
        "Used to love this app, not anymore",
        "Loved the coffee here. No longer.",
    ],
)
def test_a_sarcasm_marker_takes_the_praise_back(text: str) -> None:
    found = Analyzer().explain(make_feedback(text))
    assert found.kind is Kind.COMPLAINT
    assert Kind.COMPLIMENT not in [c.kind for c in found.clauses]
    assert all(m.kind is Kind.COMPLAINT for m in found.mentions)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Food was average at best.", Kind.COMPLAINT),
        ("If there were zero stars I would give it zero stars.", Kind.COMPLAINT),
        # The phrases must not fire inside a name or a number.
        ("Bought it at Best Buy last week.", Kind.COMPLIMENT),
        ("I would give it 4.0 stars", Kind.COMPLIMENT),
    ],
)
def test_phrases_that_say_a_kind_against_their_words(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


def test_praise_with_a_hashtag_that_only_starts_with_not_stays_praise() -> None:
    found = Analyzer().explain(make_feedback("Great customer service. #notbad"))
    assert found.kind is Kind.COMPLIMENT


def test_the_item_kind_is_one_of_its_clause_kinds() -> None:
    found = Analyzer().explain(make_feedback("Love the app, but delivery was three days late"))
    kinds = [c.kind for c in found.clauses]
    assert kinds == [Kind.COMPLIMENT, Kind.COMPLAINT]
    assert found.kind in kinds


@pytest.mark.parametrize(
    ("text", "changed"),
    [
        ("I updated the app and now all the pages are blank", True),
        ("Since the upgrade it won't open", True),
        ("reinstalled it and it still crashes after a minute", True),
        ("I updated my address", False),
        ("now open on Sundays", False),
    ],
)
def test_a_change_and_what_it_did_since_is_read_as_such(text: str, changed: bool) -> None:
    assert ("cue:changed" in features(text)) is changed


def test_the_model_learned_a_change_told_with_its_since_as_a_problem() -> None:
    praise, _, problem, _ = shipped_model().rows["cue:changed"]
    assert problem > 0 > praise


def test_a_handle_is_no_word() -> None:
    plain = Analyzer().explain(make_feedback("my flight was cancelled again"))
    handle = Analyzer().explain(make_feedback("@united my flight was cancelled again"))
    assert plain.kind is handle.kind is Kind.COMPLAINT


def test_a_stated_kind_wins_for_the_item_whatever_its_source() -> None:
    item = make_feedback("I ordered a jacket on Monday.", kind=Kind.IDEA)
    assert Analyzer().explain(item).kind is Kind.IDEA


def test_a_stated_kind_is_that_of_the_clauses_with_none_of_their_own() -> None:
    # A Fider idea: its title has no clear kind of its own, its text tells of a problem. The
    # title's words are the idea; the problem's stay a problem.
    text = "Dark mode for the app — The white screen hurts my eyes at night."
    found = Analyzer().explain(make_feedback(text, kind=Kind.IDEA))
    kinds = {m.term_key: m.kind for m in found.mentions}
    assert kinds["app"] is Kind.IDEA and kinds["white screen"] is Kind.COMPLAINT
    # Unstated, the whole item's reading still pulls the title.
    found = Analyzer().explain(make_feedback(text))
    assert found.kind is Kind.COMPLAINT


def test_local_kinds_need_enough_labelled_items() -> None:
    few = [make_feedback("the queue", kind=Kind.COMPLAINT) for _ in range(MIN_EXAMPLES - 1)]
    assert fit_local_kinds(labelled_examples(few)) is None
    inferred = make_feedback("the queue", kind=Kind.COMPLAINT, kind_source=KindSource.INFERRED)
    assert labelled_examples([inferred]) == []


def test_local_kinds_teach_this_installation_its_words() -> None:
    items = [make_feedback(f"the zorblax at desk {i}", kind=Kind.COMPLAINT) for i in range(15)]
    items += [make_feedback(f"the quinbat at desk {i}", kind=Kind.COMPLIMENT) for i in range(15)]
    analyzer = Analyzer()
    analyzer.set_local_kinds(fit_local_kinds(labelled_examples(items)))
    assert analyzer.explain(make_feedback("zorblax again")).kind is Kind.COMPLAINT
    assert analyzer.explain(make_feedback("quinbat again")).kind is Kind.COMPLIMENT


def test_a_few_labels_do_not_overturn_what_the_shipped_model_knows_well() -> None:
    # A dozen items that say "great service" labelled complaints (sarcasm, or a form's wrong
    # button): the layer learns from them, but twenty labels weigh less than the thousands of
    # items behind "great".
    items = [make_feedback(f"great service at desk {i}", kind=Kind.COMPLAINT) for i in range(12)]
    items += [
        make_feedback(f"the queue at desk {i} was long", kind=Kind.COMPLAINT) for i in range(4)
    ]
    items += [make_feedback(f"lovely staff at desk {i}", kind=Kind.COMPLIMENT) for i in range(4)]
    analyzer = Analyzer()
    analyzer.set_local_kinds(fit_local_kinds(labelled_examples(items)))
    assert analyzer.explain(make_feedback("great service")).kind is Kind.COMPLIMENT


# Tweets to @Apple that people read as having no kind (Figure Eight's Apple Twitter sentiment,
# evaluation only, never trained on): headlines and stock bots, read as ideas ("Release...",
# "Upped...") until the model knew that they share a link.
HEADLINES = [
    "Mozilla Planning to Release Firefox iOS App in the Future http://t.co/HbOYDOwDn8 #AAPL",
    "Apple Inc. PT Upped By Barclays, Morgan Stanley Trims Stake http://t.co/jgysEmQXBl #AAPL",
]


@pytest.mark.parametrize("text", HEADLINES)
def test_a_headline_sharing_a_link_has_no_kind(text: str) -> None:
    analyzer = Analyzer()
    assert analyzer.explain(make_feedback(text)).kind is Kind.UNCLASSIFIED
    # The link tells: blanked before reading, it is a feature of its own, which the model
    # learned as "no kind" rather than an idea. (Without it these two were read as ideas
    # until stop 36; now they also lack a sign of a proposal.)
    praise, idea, problem, none = shipped_model().rows[LINK_FEATURE]
    assert none > max(praise, problem) and idea < 0
    without = " ".join(w for w in text.split() if not w.startswith("http"))
    assert PROPOSAL_FEATURE not in features(blank_addresses(without))


def test_only_the_clause_that_shares_the_link_is_read_as_sharing_it() -> None:
    text = "Add a dark mode please. Read our review of the new app http://t.co/abc"
    scorer = KindScorer()
    found = Analyzer().explain(make_feedback(text))
    first, second = (text[c.start : c.end] for c in found.clauses)
    assert "http" not in first and "http" in second
    # The kinds the item's clauses were read with are the ones read with the link where it is.
    assert found.clauses[0].kind is scorer.classify(first, "en").kind is Kind.IDEA
    linked = scorer.classify(blank_addresses(second), "en", link=True)
    unlinked = scorer.classify(blank_addresses(second), "en")
    assert linked.scores is not None and unlinked.scores is not None
    assert linked.scores.of(Kind.UNCLASSIFIED) > unlinked.scores.of(Kind.UNCLASSIFIED)
    assert linked.reading is not None and LINK_FEATURE in linked.reading[0]


def test_labels_are_read_as_the_analysis_reads_them() -> None:
    # The analysis leaves out an opener that frames a point ("Honestly,"); the local layer must
    # learn from the same reading, or it fits a first word the analysis never sees.
    items = [
        make_feedback(f"Honestly, hire a chef for desk {i}", kind=Kind.IDEA) for i in range(15)
    ]
    items += [make_feedback(f"the quinbat at desk {i}", kind=Kind.COMPLAINT) for i in range(15)]
    local = fit_local_kinds(labelled_examples(items))
    assert local is not None
    assert "b:<s> hire" in local.names and "b:<s> honestly" not in local.names
    assert "b:<s> hire" in KindScorer().reading("Honestly, hire a chef", "en")[0]


APOSTROPHES_AND_SPACES: list[tuple[str, Kind]] = [
    # helper-66: a phone's curly apostrophe, a doubled space and the gap a blanked handle
    # leaves inside a phrase broke the phrase rules.
    ("I’d love to see dark mode", Kind.IDEA),
    ("Doesn’t work on Android 14", Kind.COMPLAINT),
    ("Would be  nice to have dark mode", Kind.IDEA),
    ("Thanks @united for nothing", Kind.COMPLAINT),
]


HELPER_66: list[tuple[str, Kind]] = [
    # helper-66's review, rules written from general English.
    ("Thanks in advance for any pointers.", Kind.UNCLASSIFIED),
    ("Any workaround would be appreciated.", Kind.UNCLASSIFIED),
    ("Thanks so much!", Kind.COMPLIMENT),
    ("We'd really benefit from a read-only API token type.", Kind.IDEA),
    ("Would be perfect with a bigger calendar view", Kind.IDEA),
    ("It would be better if it worked", Kind.COMPLAINT),
    ("It would be great if it actually worked", Kind.COMPLAINT),
    ("It would be nice if they did what they promised", Kind.COMPLAINT),
    ("Five stars if you add Google Drive backup", Kind.IDEA),
    ("Great app! Only thing missing is a way to track water intake", Kind.IDEA),
    ("Ideally the search would support regular expressions.", Kind.IDEA),
    ("Needs a landscape mode for tablets", Kind.IDEA),
    ("Was perfect until the last update, now the timer doesn't ring", Kind.COMPLAINT),
    ("This is a regression: it worked fine in 2.7.", Kind.COMPLAINT),
    ("The new editor is a big step backwards.", Kind.COMPLAINT),
    ("Login with Google just spins forever", Kind.COMPLAINT),
    ("@united it shouldn't take 3 agents and 2 hours to rebook one person", Kind.COMPLAINT),
    ("The export silently drops rows with unicode characters.", Kind.COMPLAINT),
    ("It's fine but the ads are getting out of hand", Kind.COMPLAINT),
    ("Props to @united for the quick refund", Kind.COMPLIMENT),
    ("@united my flight credit vanished from my account", Kind.COMPLAINT),
]


HELPER_67: list[tuple[str, Kind]] = [
    # helper-67's review of the rules above: what they must not catch.
    ("It would be great if it worked offline.", Kind.IDEA),
    ("It would be nice if it didn't require a login every time.", Kind.IDEA),
    # Read as a score since stop 68: one out of five is a problem.
    ("I give it 1 out of 5 stars.", Kind.COMPLAINT),
    ("Not five stars, more like two.", Kind.COMPLAINT),
    ("Ideally located, great staff.", Kind.COMPLIMENT),
    ("I should add that the waiter was brilliant.", Kind.COMPLIMENT),
    ("Needs a restart every time I open it.", Kind.COMPLAINT),
    ("The only thing missing was my luggage.", Kind.COMPLAINT),
    (
        "I uninstalled the old version and installed the new one, works great now.",
        Kind.COMPLIMENT,
    ),
    ("He keeps asking how we are, so attentive.", Kind.COMPLIMENT),
    # No request, and since stop 67 the problem it is ("want" made it no idea before).
    ("It never does what I want.", Kind.COMPLAINT),
    ("It doesn't do what it says on the box.", Kind.COMPLAINT),
    # Stop 66: the stars withheld for a fault are a complaint about it (was praise).
    ("I'd give it five stars if the staff weren't so rude.", Kind.COMPLAINT),
    ("The food was good before the show, we'll be back.", Kind.COMPLIMENT),
    ("You shouldn't need a manual, it's that intuitive.", Kind.COMPLIMENT),
    ("What could be better than breakfast on the terrace?", Kind.COMPLIMENT),
    # ... and what they must.
    ("Thanks in advance for nothing", Kind.COMPLAINT),
    ("Thanks in advance for wasting my time", Kind.COMPLAINT),
    ("Thanks @united in advance", Kind.UNCLASSIFIED),
    ("Your help is much appreciated", Kind.COMPLIMENT),
    ("Could've been better.", Kind.COMPLAINT),
    ("Needs a lot of improvement.", Kind.COMPLAINT),
    ("Rate: 5/5 star", Kind.COMPLIMENT),
]


def test_many_thanks_in_advance_cost_no_backtracking() -> None:
    # helper-67: 25 of them and a "#" took 13 s to find that the courtesy pattern fails;
    # its tail of words is possessive now. (No timing asserted: a regression hangs here.)
    text = "My order is late. " + "thanks in advance " * 60 + "#"
    found = Analyzer().explain(make_feedback(text))
    assert found.clauses[0].kind is Kind.COMPLAINT


@pytest.mark.parametrize(
    "text",
    [
        # Stop 37's patterns on long runs of what they look for: each is read in one pass
        # (no timing asserted: a pattern that backtracked without end would hang here).
        "hope " * 3000 + "the next version",
        "hopefully a b c d e f g h i j k l m " * 300,
        "thanks for " * 3000 + "ruining",
        "Tools > Options " * 2000,
        "would it be possible " * 1500,
        "why did they think " * 1500,
        "please, " * 4000,
        "i want the old a b c " * 1500 + "back",
        "lmao " * 4000,
    ],
)
def test_this_stops_patterns_read_long_runs_in_one_pass(text: str) -> None:
    found = Analyzer().explain(make_feedback(text))
    assert found.skipped is None and found.clauses


def test_laughter_is_no_praise() -> None:
    # helper-66: VADER scores "lol" +1.8, which made this complaint praise.
    text = "@Ryanair priority boarding means standing in a stairwell for 25 min in the cold. Lol"
    assert Analyzer().explain(make_feedback(text)).kind is not Kind.COMPLIMENT


HELPER_68: list[tuple[str, Kind]] = [
    # helper-68's review (app reviews and airline tweets it wrote), general English.
    (
        "Thanks @SouthwestAir for the 6 hour delay, really made my birthday special 🙄",
        Kind.COMPLAINT,
    ),
    ("Love how @AmericanAir charges $35 for a bag and then loses it 🙃", Kind.COMPLAINT),
    ("Ive been using this for 3 years and its never let me down", Kind.COMPLIMENT),
    ("Game is pay to win now.", Kind.COMPLAINT),
    ("Hoping for a landscape mode in the next update", Kind.IDEA),
    ("@united seat 32B smells like vomit.", Kind.COMPLAINT),
    ("4 stars, would be 5 if you added offline mode", Kind.IDEA),
    ("Loving it so far. One request: can we have a calendar view for tasks?", Kind.IDEA),
    ("Want: ability to pin chats to the top", Kind.IDEA),
    ("I'd happily pay for a family plan", Kind.IDEA),
    ("Request: refund my money", Kind.COMPLAINT),
]


FORUM_SENTENCES: list[tuple[str, Kind]] = [
    # Stop 37, the kinds of sentences the forum set's read half has, written here. Help,
    # instructions and questions propose nothing, whatever words of a proposal they use.
    ("Please help.", Kind.UNCLASSIFIED),
    ("Please advise", Kind.UNCLASSIFIED),
    ("My parcel never came. Please help.", Kind.COMPLAINT),
    ("Click the Settings button, then click Add Account.", Kind.UNCLASSIFIED),
    ("Open Tools -> Options -> Privacy and tick the box.", Kind.UNCLASSIFIED),
    ("How to add a watermark to a video", Kind.UNCLASSIFIED),
    ("A small window should appear.", Kind.UNCLASSIFIED),
    ("The player does support subtitles.", Kind.UNCLASSIFIED),
    # Requests told in the first person, as a wish, a hope for a release or a title.
    ("There should be an option to mute the intro.", Kind.IDEA),
    ("Would it be possible to add a sleep timer?", Kind.IDEA),
    ("Id like to be able to change the skin.", Kind.IDEA),
    ("I want to be able to export my notes.", Kind.IDEA),
    ("Really want the old menu back", Kind.IDEA),
    ("Hopefully the next version will let me rename playlists.", Kind.IDEA),
    ("I hope the next update fixes the crash.", Kind.COMPLAINT),
    ("I would like to request that there be a dark theme.", Kind.IDEA),
    ("I request a refund.", Kind.COMPLAINT),
    ("A keyboard shortcut would be a simple solution.", Kind.IDEA),
    ("Better search for old messages", Kind.IDEA),
    ("Better than ever!", Kind.COMPLIMENT),
    # Thanks for a harm, fed up, "why did they think it was a good idea" (Apple tweets).
    ("thanks @phoneco for making life complicated", Kind.COMPLAINT),
    ("Thanks for making my day!", Kind.COMPLIMENT),
    ("Honestly fed up with this tablet.", Kind.COMPLAINT),
    ("Why did they think it was a good idea to remove the jack?", Kind.COMPLAINT),
    # Idioms the Sanders tweets had the wrong way round.
    ("Have never had such poor service at this store before!", Kind.COMPLAINT),
    ("Never had such good service anywhere.", Kind.COMPLIMENT),
    ("I would be a lot happier if the editor didn't freeze every 5 minutes.", Kind.COMPLAINT),
    ("Honestly they dropped the ball on this one.", Kind.COMPLAINT),
    ("thanks @phoneco for the update and losing all my contacts!", Kind.COMPLAINT),
    ("Can't say enough good things about this place.", Kind.COMPLIMENT),
    ("Props for the review team, done in two hours!", Kind.COMPLIMENT),
    ("Kudos for nothing.", Kind.COMPLAINT),
    ("It's almost 2026, step it up @phoneco.", Kind.COMPLAINT),
    ("Thinking of upgrading? Think twice.", Kind.COMPLAINT),
    ("Maybe one day the airline gets its act together.", Kind.COMPLAINT),
]


HELPER_69: list[tuple[str, Kind]] = [
    # helper-69's review of the rules above: real thanks, requests to the company that an
    # advice or a plea rule took, and comparisons that are no menu paths.
    ("Thanks for almost instant delivery!", Kind.COMPLIMENT),
    ("Thanks for making it less complicated to return stuff.", Kind.COMPLIMENT),
    ("Thanks for making a difficult day easier.", Kind.COMPLIMENT),
    ("Thank u for wasting my whole afternoon", Kind.COMPLAINT),
    ("You should find a better supplier for the bread.", Kind.IDEA),
    ("You should post the menu online.", Kind.IDEA),
    ("Please respond to emails faster.", Kind.IDEA),
    ("Please, help.", Kind.UNCLASSIFIED),
    ("Add more parking spaces => less stress for everyone.", Kind.IDEA),
    ("Raising prices again would be a bad idea.", Kind.COMPLAINT),
    ("There should be a zero star option for this place.", Kind.COMPLAINT),
    ("Hope you guys keep this up, best service in town.", Kind.COMPLIMENT),
    ("Have you considered adding a kids menu?", Kind.IDEA),
    # helper-70's review.
    ("Thank you for not ruining my order this time!", Kind.COMPLIMENT),
    ("Don't think twice, this place is amazing.", Kind.COMPLIMENT),
    ("Step up your game!", Kind.COMPLAINT),
    ("Kudos for nothing.", Kind.COMPLAINT),
]

# Stop 47: what a volunteer tells a fellow user on a support forum is no request to the maker,
# whatever modal it takes (each of these was an idea before); the same modals asking the maker
# for a change still are.
ADVICE = [
    "You should contact your bank about the charge.",
    "You should contact the seller directly.",
    "You might want to make a note of your settings first.",
    "You need to make sure the cable is plugged in.",
    "Would you please start a new thread for your question?",
    "Could you please make sure that sync is turned on?",
    "You need to clear your cache and log in again.",
    "You should restart your computer after the install.",
]
REQUESTS_BESIDE_ADVICE: list[tuple[str, Kind]] = [
    ("You should add a sleep timer.", Kind.IDEA),
    ("You might want to consider a cheaper plan for students.", Kind.IDEA),
    ("Would you please add an option to turn off autoplay?", Kind.IDEA),
    ("You should restart the video where I stopped it.", Kind.IDEA),
    ("Please start opening on Sundays.", Kind.IDEA),
]


@pytest.mark.parametrize("text", ADVICE)
def test_advice_to_a_fellow_user_is_no_idea(text: str) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is not Kind.IDEA
    assert "cue:idea" not in features(text)  # no suggestion cue of ours


@pytest.mark.parametrize(
    ("text", "kind"),
    ISSUE_EXAMPLES
    + APP_REVIEWS
    + APOSTROPHES_AND_SPACES
    + HELPER_66
    + HELPER_67
    + HELPER_68
    + FORUM_SENTENCES
    + HELPER_69
    + REQUESTS_BESIDE_ADVICE,
)
def test_item_kind(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        # Stop 37's rules, asserted on the reading itself (helper-70: item kinds alone also
        # passed before some of them).
        ("There should be an option to mute the intro.", True),
        ("Would it be possible to add a sleep timer?", True),
        ("It would make sense to add a filter.", True),
        ("Have you considered adding a kids menu?", True),
        ("Would it also be possible to get a refund?", False),
        ("Can you add screenshots to the product listings?", True),
        ("Can you give more details?", False),
        ("There should be a zero star option for this place.", False),
        ("I highly recommend adding the truffle fries to your order.", False),
        # Stop 38: what a review lacks, put as what would make it whole, and a hope without
        # its "I" (written from general English, not from a data set).
        ("Would be 5 stars if it had a dark mode", True),
        ("Would be 5 stars if there was a widget", True),
        ("Would be 5 stars if it had worked", False),
        ("If only it had offline mode", True),
        ("If only there was a way to export notes", True),
        ("If only it worked", False),
        ("Hope you add landscape mode soon", True),
        ("Hoping they bring back the old menu", True),
        ("Hope u add a widget", True),
        ("Hope you are well", False),
        # helper-71's review: laments for the past, and hopes that ask for nothing new.
        ("Would be 5 stars if it had arrived on time", False),
        ("Would be 5 stars if it had not crashed", False),
        ("Would be 5 stars if there was some customer service at all", False),
        ("Would be perfect if it had lasted more than a week", False),
        ("Would be perfect if there was not so much lag", False),
        ("Would be great if it had ever worked", False),
        ("If only they had told me", False),
        ("If only it had been delivered on time", False),
        ("Hope support gets back to me soon, it's been a week", False),
        ("Lost all hope they will release an update for this", False),
        ("Hope they offer me a refund after this disaster", False),
        ("Hope they start caring about their customers", False),
        ("Hope you allow me to return this junk", False),
    ],
)
def test_a_suggestion_cue(text: str, cue: bool) -> None:
    from kiosk.analysis.kinds import read

    assert read(text)[2] is cue


@pytest.mark.parametrize(
    ("text", "proposes"),
    [
        ("The player does support subtitles.", False),
        ("There's no support for dark mode.", True),
        ("Please, help.", False),
        ("Please post the menu online.", True),
        ("Try restarting it, then let me know.", False),
        ("Type C chargers should be included in the box.", True),
        ("Add more parking in Town => less stress for everyone.", True),
        ("Open Tools -> Options -> Privacy and tick the box.", False),
    ],
)
def test_a_sign_of_a_proposal(text: str, proposes: bool) -> None:
    from kiosk.analysis.kinds import PROPOSAL_FEATURE, read

    assert (PROPOSAL_FEATURE in read(text)[0]) is proposes


@pytest.mark.parametrize(
    ("asked", "statement"),
    [
        # The verb of a request is no praise: "improve" (VADER +1.9) and "value" read as
        # praise where the text asks for a change.
        ("Improve the value of the search results", "They improve the value of the results"),
        ("Optimize the startup time", "They optimize the startup time"),
        ("Better search for old messages", "Better than ever"),
    ],
)
def test_the_verb_of_a_request_is_no_praise(asked: str, statement: str) -> None:
    from kiosk.analysis.kinds import english_valences, read

    verb = asked.split()[0].lower()
    assert english_valences()[verb] > 0
    assert read(statement)[1] - read(asked)[1] == pytest.approx(english_valences()[verb])


@pytest.mark.parametrize(
    "text", ["Respect to the staff", "Respect.", "Increase in quality is noticeable"]
)
def test_an_opener_that_names_nothing_to_change_keeps_its_praise(text: str) -> None:
    from kiosk.analysis.kinds import english_valences, read

    verb = text.split()[0].strip(".").lower()
    assert read(text)[1] >= english_valences()[verb]
    assert Analyzer().explain(make_feedback(text)).kind is Kind.COMPLIMENT


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Improve the search", Kind.IDEA),
        ("Respect the system dark mode setting", Kind.IDEA),
        ("Restore the old swipe gestures", Kind.IDEA),
        ("Would be 5 stars if it had arrived on time", Kind.COMPLAINT),
        ("Would be perfect if there was not so much lag", Kind.COMPLAINT),
        ("If only it had been delivered on time", Kind.COMPLAINT),
    ],
)
def test_requests_and_laments_of_helper_71(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # A thing of the product asked for with no cue word (helper-82's read half).
        ("The Linux version should have a tray icon like the Windows one does.", Kind.IDEA),
        ("It should have a search bar.", Kind.IDEA),
        ("Can we get an API endpoint for archived projects?", Kind.IDEA),
        ("Any chance of an export to CSV?", Kind.IDEA),
        # Not a thing of the product, or advice, or a fault.
        ("Can I get a refund?", Kind.COMPLAINT),
        ("Any chance of a refund?", Kind.COMPLAINT),
        ("You should have a look at the settings.", Kind.UNCLASSIFIED),
        ("They should have told me earlier.", Kind.UNCLASSIFIED),
        ("Can we get the search to work again?", Kind.UNCLASSIFIED),
        # Praise in slang, and its near misses.
        ("this app is goated", Kind.COMPLIMENT),
        ("@Monzo this app slaps", Kind.COMPLIMENT),
        ("slaps you with ads every 5 seconds", Kind.COMPLAINT),
    ],
)
def test_requests_and_slang_of_helper_82(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Verbs a developer asks a platform with (helper-83's read half).
        ("Expose the battery health percentage through the public PowerManager API.", Kind.IDEA),
        ("Ship a portable zip build for machines where we cant run installers.", Kind.IDEA),
        ("Document the rate limits for the search endpoint.", Kind.IDEA),
        ("@netflix allow more than 5 devices on the family plan", Kind.IDEA),
        ("Let me set a nickname for each account.", Kind.IDEA),
        ("Please let me pick my seat.", Kind.IDEA),
        ("Could the debugger show the return value of the last call?", Kind.IDEA),
        ("A sandbox with seeded test data would make onboarding much faster.", Kind.IDEA),
        ("Scheduled scaling rules would let us drop our cron hack.", Kind.IDEA),
        ("We're asking for a public API to read the accent color.", Kind.IDEA),
        ("Any chance of adding Apple Pay for business cards?", Kind.IDEA),
        ("Please document the background task scheduler.", Kind.IDEA),
        # Near misses: an answer asked for, a preamble, a rebuke, a refund, a promise broken,
        # the courtesy of "keep up" (helper-84's review).
        (
            "I should have received a notification when my order shipped, but nothing came.",
            Kind.COMPLAINT,
        ),
        ("We're asking for our money back.", Kind.COMPLAINT),
        ("Any chance of getting my money back? It's been a month.", Kind.COMPLAINT),
        ("Please keep up the good work", Kind.COMPLIMENT),
        ("Let me save you some time: don't buy this.", Kind.COMPLAINT),
        ("Let me know when it ships.", Kind.COMPLAINT),
        ("They wouldn't let me change my seat.", Kind.COMPLAINT),
        ("Could the delivery have been any slower?", Kind.COMPLAINT),
        ("I'm asking for a refund.", Kind.COMPLAINT),
        ("They let me change my seat for free, great staff.", Kind.COMPLIMENT),
        # The same openers as the subject of a verb.
        ("Support has not responded to our ticket in over two weeks.", Kind.COMPLAINT),
        ("Update keeps crashing", Kind.COMPLAINT),
    ],
)
def test_a_verb_of_a_request_opens_an_idea(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Requests of a developer forum (helper-85's read half).
        ("Any plans to show crash counts per device model in the health tab?", Kind.IDEA),
        ("Are there plans to support ARM runners?", Kind.IDEA),
        ("Any plans for a dark mode?", Kind.IDEA),
        ('Could the build log viewer get a "jump to first error" button?', Kind.IDEA),
        ("honestly just give us a button to delete everything in a project", Kind.IDEA),
        ("We want the ability to test extension updates with a small group.", Kind.IDEA),
        ("can you guys make the find in files panel remember the last filter", Kind.IDEA),
        # Near misses: a fix asked for, a look, a refund, a raise, our money.
        ("Any plans to fix this?", Kind.COMPLAINT),
        ("Could the driver have a look?", Kind.UNCLASSIFIED),
        ("Give me a refund", Kind.COMPLAINT),
        ("Can the staff get a raise?", Kind.UNCLASSIFIED),
        # helper-87's review of those cues: a service owed, a guess at a cause, a quote, a
        # comparison, a complaint about each time, a rebuke.
        ("Any plans to ship my order this year? Placed it 3 weeks ago.", Kind.COMPLAINT),
        ("Any plans to let customers talk to a real human? 45 minutes on hold.", Kind.COMPLAINT),
        (
            "Could the latest version have reset my notification settings? I missed three alarms.",
            Kind.COMPLAINT,
        ),
        (
            'Support\'s script: "give us a screenshot of the settings menu". Sent three.'
            " Still no fix.",
            Kind.COMPLAINT,
        ),
        ("Give me the search on this app over Google any day, it's that good.", Kind.COMPLIMENT),
        (
            "Every time we want the setting changed we have to call support and wait an hour.",
            Kind.COMPLAINT,
        ),
        ("How can you guys make customers wait two hours for a table they booked?", Kind.COMPLAINT),
        ("Can you guys start answering emails? Third week waiting.", Kind.COMPLAINT),
        ("Do you have plans to offer a student discount?", Kind.IDEA),
        # Advice, not a request: "make sure" tells a fellow developer what to do.
        ("Make sure the texture is marked as readable in the import settings.", Kind.UNCLASSIFIED),
    ],
)
def test_requests_of_a_developer_forum(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Questions that ask for information have no kind (helper-85's read half).
        ("How do I find the crash reports for a specific build?", Kind.UNCLASSIFIED),
        ("How do I change the email address on my account?", Kind.UNCLASSIFIED),
        (
            "Is the offscreen document counted against the memory of the service worker?",
            Kind.UNCLASSIFIED,
        ),
        ("What zoom level are you seeing this on?", Kind.UNCLASSIFIED),
        # A question that tells a problem, blames or asks for something keeps its kind.
        ("Is there a reason your app crashes every time I open it?", Kind.COMPLAINT),
        ("Is this a joke?", Kind.COMPLAINT),
        ("Is the app down again?", Kind.COMPLAINT),
        ("Can I get a refund?", Kind.COMPLAINT),
        # A complaint put as a question (helper-87).
        ("How do I talk to an actual human at this company???", Kind.COMPLAINT),
        ("Does anyone at this company answer the phone anymore?", Kind.COMPLAINT),
        ("Is this some kind of joke?", Kind.COMPLAINT),
        ("What is the point of paying for premium if I still see ads?", Kind.COMPLAINT),
        ("Is there a reason I've been charged three times this month?", Kind.COMPLAINT),
        ("Is there a way to add a dark mode? It would be great.", Kind.IDEA),
        ("Do you have plans to support ARM runners? Would be great.", Kind.IDEA),
    ],
)
def test_a_question_for_information_has_no_kind(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


@pytest.mark.parametrize(
    "text",
    [
        # What a screen, a sound or a page does wrong, told without a word of blame
        # (helper-85's read half).
        "Markers flicker when the camera animates.",
        "Audio crackles on iOS when the app resumes from background.",
        "Container logs are truncated at 16 KB per line.",
        "Video playback is choppy on my TV.",
        "The stream is pixelated and the sound is muffled.",
    ],
)
def test_a_fault_told_plainly_is_a_complaint(text: str) -> None:
    from kiosk.analysis.kinds import read

    assert any(f.startswith("cue:problem") for f in read(text)[0])
    assert Analyzer().explain(make_feedback(text)).kind is Kind.COMPLAINT


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # A problem made small counts once in the item's vote, as praise does (helper-86's
        # app reviews, read half) ...
        (
            "Amazing app, I use it daily. The occasional ad is a bit annoying but totally"
            " understandable for a free app.",
            Kind.COMPLIMENT,
        ),
        # ... and a problem told plainly still counts twice. A request a cue makes sure of
        # counts twice as well, unless the item tells a failure or blames (helper-88).
        ("Love the app. It crashes every day.", Kind.COMPLAINT),
        (
            "The export is capped at 1000 rows, which is annoying for larger teams. You should"
            " add pagination or a background export job so we can get the full dataset.",
            Kind.IDEA,
        ),
        ("the app is slow, please add caching", Kind.COMPLAINT),
        (
            "I was charged twice and nobody answers my emails. Please add a phone number so I"
            " can actually reach a human being.",
            Kind.COMPLAINT,
        ),
        (
            "Once again the app crashed and I lost the whole report. Please add an autosave"
            " option so this never happens again.",
            Kind.COMPLAINT,
        ),
        (
            "Nice interface and the onboarding is smooth. Sometimes I wonder why I even pay for"
            " this.",
            Kind.COMPLAINT,
        ),
        (
            "Would appreciate someone actually getting back to me. Ticket open for 3 weeks now.",
            Kind.COMPLAINT,
        ),
        (
            "I'd give it five stars if I could get through to anyone in customer service.",
            Kind.COMPLAINT,
        ),
        ("The only thing I'm missing is the refund you promised me six weeks ago.", Kind.COMPLAINT),
        # Cues that asked for nothing new, found when ideas began to count twice.
        ("I'm asking for the third time: where is my order?", Kind.COMPLAINT),
        ("Can we get the filters sorted out? They've been broken for a month.", Kind.COMPLAINT),
        ("Rep said: give me the version number. I did. Then he hung up.", Kind.COMPLAINT),
        ("Hope you release a fix soon, the app crashes on launch", Kind.COMPLAINT),
        (
            "The app crashes constantly and deleted all my data twice this week. Please add a"
            " backup option.",
            Kind.COMPLAINT,
        ),
        ("Nice hotel, but once they lost my luggage and nobody helped.", Kind.COMPLAINT),
        # Data the product lost is a problem, and praise put through a problem's words is praise.
        ("The app is nice but it sometimes deletes all my notes.", Kind.COMPLAINT),
        ("Love love LOVE the filters. My instagram has never looked better.", Kind.COMPLIMENT),
        ("Finally a notes app that doesn't get in my way. Simple and fast.", Kind.COMPLIMENT),
        ("Customer support sorted out my issue in 10 minutes. Very impressed.", Kind.COMPLIMENT),
        ("It never worked better than the day I bought it.", Kind.COMPLAINT),
    ],
)
def test_an_app_review_weighs_its_problems(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Requests of an app review (helper-86's read half).
        ("Nice and simple weather app. Would appreciate hourly wind direction.", Kind.IDEA),
        ("The app works great. I would give it 5 stars if I could export my data.", Kind.IDEA),
        ("Five stars the day I can pay with Apple Pay.", Kind.IDEA),
        ("Need dark mode", Kind.IDEA),
        ("What I really need is a way to add multiple stops on one ride.", Kind.IDEA),
        ("Clean interface. Only thing I'm missing is the ability to tag notes.", Kind.IDEA),
        # Near misses: a demand put politely, a way to reach someone, no stars at all.
        ("Would appreciate a reply.", Kind.COMPLAINT),
        ("I would appreciate it if you fixed this.", Kind.COMPLAINT),
        ("I would appreciate it if the app didn't crash every time I open a PDF.", Kind.COMPLAINT),
        ("We would appreciate it if the menu had more vegan options.", Kind.IDEA),
        ("I need a way to contact you", Kind.UNCLASSIFIED),
        ("I'd give it zero stars if I could", Kind.COMPLAINT),
        ("Needs more staff", Kind.COMPLAINT),
        # Praise in two words.
        ("Life saver", Kind.COMPLIMENT),
        ("The life saver ring was missing from the boat", Kind.COMPLAINT),
    ],
)
def test_requests_of_an_app_review(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


def test_a_fault_told_as_over_is_praise() -> None:
    text = "No more flickering since the 2.3 update, great job!"
    assert Analyzer().explain(make_feedback(text)).kind is Kind.COMPLIMENT


@pytest.mark.parametrize(
    "text",
    [
        # helper-84's review of the request cues and verbs: a rhetorical question, a thing
        # that is also a verb, a denial, a comparison, a demand.
        "How could the app display my password in plain text?",
        "Display cracked after two days of normal use.",
        "Document attached for reference.",
        "Publish button greyed out for no reason.",
        "No chance for the search to find anything older than a week.",
        "Honestly walking would make the delivery faster than your couriers.",
        "Please respect my privacy and stop calling me every day.",
        # helper-85's set and our own near misses of its requests.
        "We want our money back.",
        "I want a way to talk to a human.",
    ],
)
def test_what_only_looks_like_a_request_is_no_idea(text: str) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is not Kind.IDEA


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Praise alone before a problem told, and a clap after one, are irony.
        ("@EE wow amazing, 45 minutes on hold just to be disconnected", Kind.COMPLAINT),
        ("45 minutes on hold just to be disconnected 👏👏", Kind.COMPLAINT),
        ("Cool cool cool, another delay @JetBlue. That's 3 for 3 this month", Kind.COMPLAINT),
        (
            "Great job @AmericanAir, 4 hours on the tarmac with no water. Truly world class.",
            Kind.COMPLAINT,
        ),
        # Praise meant: of what is fixed, of what went well, or said again at length.
        ("Great service 👏👏", Kind.COMPLIMENT),
        ("Great, the delay is resolved. Until the next trip, thank you!", Kind.COMPLIMENT),
        ("Great! The crash is fixed.", Kind.COMPLIMENT),
        ("Great! My order arrived on time.", Kind.COMPLIMENT),
        # A problem denied or made small (helper-84).
        ("Excellent. Not a single problem in three months.", Kind.COMPLIMENT),
        ("Perfect! Never had an issue with delivery.", Kind.COMPLIMENT),
        ("No crashes at all since the update 😊", Kind.COMPLIMENT),
        (
            'Brilliant. "Looming Threats: Iran and Syria" is the best session I have had thus far.',
            Kind.COMPLIMENT,
        ),
    ],
)
def test_praise_alone_before_a_problem_is_irony(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # A promise or an expectation, then a "but" that tells the problem (helper-84).
        ("They promised a callback within 24 hours but nobody called.", Kind.COMPLAINT),
        ("I thought the upgrade would make everything faster, but it's slower.", Kind.COMPLAINT),
        (
            "The tablet should have the latest version of Android but it's stuck on 12.",
            Kind.COMPLAINT,
        ),
        # A promise kept, and praise before a complaint, keep their praise.
        ("Staff promised to help and they did, but the room was cold.", Kind.COMPLIMENT),
    ],
)
def test_a_promise_broken_is_a_complaint(text: str, kind: Kind) -> None:
    found = Analyzer().explain(make_feedback(text))
    assert found.clauses[0].kind is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Stop 60 (helper-122's airline tweets): a promise, then the problem or the time gone
        # by in a sentence of its own; the first was praise at 0.87, the second at 0.99.
        ("@TMobileHelp I was promised a callback within 24 hrs. it's been 5 days", Kind.COMPLAINT),
        ("We were promised a hotel voucher. Never got it.", Kind.COMPLAINT),
        ("They promised me a call back. Nobody called.", Kind.COMPLAINT),
        # A promise kept.
        ("I was promised a quiet room. It was perfect.", Kind.COMPLIMENT),
        ("I was promised a callback and they called within the hour.", Kind.COMPLIMENT),
    ],
)
def test_a_promise_broken_in_a_sentence_of_its_own(text: str, kind: Kind) -> None:
    found = Analyzer().explain(make_feedback(text))
    assert found.kind is kind
    assert [c.kind for c in found.clauses] == [kind] * len(found.clauses)


def test_irony_takes_back_only_the_praise_alone_before_the_problem() -> None:
    found = Analyzer().explain(make_feedback("Great food. Wow. Another delay."))
    assert [c.kind for c in found.clauses] == [Kind.COMPLIMENT, Kind.COMPLAINT, Kind.COMPLAINT]
    found = Analyzer().explain(make_feedback("Wow, just wow. Third cancelled flight this month."))
    assert [c.kind for c in found.clauses] == [Kind.COMPLAINT] * 3


def test_a_warning_keeps_its_blame() -> None:
    from kiosk.analysis.kinds import read

    assert read("Avoid this place!")[1] < 0
    assert Analyzer().explain(make_feedback("AVOID THIS ESTABLISHMENT!")).kind is Kind.COMPLAINT


def test_an_adjective_that_opens_praise_keeps_it() -> None:
    from kiosk.analysis.kinds import english_valences, read

    assert read("Clean rooms and friendly staff")[1] > 0
    # Asked of a thing, it is a request: its praise goes.
    drop = read("Clean rooms and friendly staff")[1] - read("Clean the rooms, friendly staff")[1]
    assert drop == pytest.approx(english_valences()["clean"])


# An opener that is also a noun asks for nothing when it heads a compound or did something:
# "Update deleted all my notes" was an idea, and so was "Add-ons still could read them".
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Update deleted all my notes", Kind.COMPLAINT),
        ("Update wiped my playlists", Kind.COMPLAINT),
        ("Update killed battery life", Kind.COMPLAINT),
        ("Sync broke calendar invites", Kind.COMPLAINT),
        ("Update improved battery life a lot", Kind.COMPLIMENT),
        # The same openers still ask.
        ("Update the app to fix the crash", Kind.COMPLAINT),
        ("Restore deleted files", Kind.IDEA),
        ("Export selected items as CSV", Kind.IDEA),
        ("Allow signed-in users to comment", Kind.IDEA),
        ("Add a dark mode", Kind.IDEA),
    ],
)
def test_an_opener_that_did_something_asks_nothing(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("Add-ons still could read them.", False),
        ("Show/hide toggle for the sidebar", True),
        ("Clean-up crew was great", False),
        ("Turn-by-turn navigation is great", False),
        ("Please add\u2011ons support", False),
        ("Add dark mode", True),
        ("Add - dark mode please", True),
        ("Add dark-mode", True),
        ("Also add dark mode", True),
    ],
)
def test_the_head_of_a_compound_is_no_request(text: str, asks: bool) -> None:
    from kiosk.analysis.kinds import read

    assert ("cue:imperative" in read(text)[0]) is asks


def test_laughter_is_no_word_of_the_model() -> None:
    from kiosk.analysis.kinds import read

    feats = read("lmaooo the delay is 3 hours hahaha lolz")[0]
    assert not any(laugh in f for f in feats for laugh in ("lmao", "haha", "lol"))
    assert "w:delay" in feats


def test_tidy_gives_id_like_its_apostrophe() -> None:
    from kiosk.analysis.text import tidy

    assert (
        tidy("Id like  a dark mode, Id also like tabs")
        == "I'd like a dark mode, I'd also like tabs"
    )
    assert tidy("My ID liked it") == "My ID liked it"


@pytest.mark.parametrize(
    "text",
    [
        # Stop 37: questions to a fellow customer and requests for details may read as a
        # problem, never as an idea.
        "Have you tried another cable?",
        "Could you send me more details?",
        "Can you give us some logs of the playback?",
        "Any suggestion on a fix?",
        "You should see a button that says Reset.",
        "Please let me know when my order ships.",
        "Would it be possible to get a refund?",
        "I'd like to request a partial refund.",
        "Hopefully they fix the sync in the next update.",
        "I hope future versions keep the offline mode, it's the best feature.",
    ],
)
def test_questions_and_requests_for_details_are_no_ideas(text: str) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is not Kind.IDEA


@pytest.mark.parametrize(
    ("text", "idea"),
    [
        # Stop 57, found when the model was trained again: an answer asked for, a rebuke, the
        # customer's own money or account demanded and a department that did something ask
        # for no change to the product...
        ("Can you share the logs?", False),
        ("Would you tell me the order number?", False),
        ("How can they charge me twice?", False),
        ("How could you lose my booking?", False),
        ("Please give me a refund now", False),
        ("Could you give me a refund?", False),
        ("Can you send me my money back?", False),
        ("Please give me access to my account", False),
        ("Support kept me on hold for an hour", False),
        ("Support took three days to reply.", False),
        # helper-119's review: an invoice, a status, details about a plan, an answer.
        ("Could you send me the invoice for order 4471?", False),
        ("Can you tell me the status of my order?", False),
        ("Can you give me more details about the premium plan?", False),
        ("Please give me an answer by Friday", False),
        ("Can you give me an answer?", False),
        ("Please give our money back.", False),
        ("Honestly, how could they lose my bag twice?", False),
        # A comparison (since the model of stop 57 read this one as an idea).
        ("Not five stars, more like two.", False),
        ("More like a prison than a hotel", False),
        # ...where the same words asking for one do.
        ("Could you add more details to the receipt?", True),
        ("Could you give me an option to export?", True),
        ("Please give us a dark mode", True),
        ("Give developers access to the NFC reader", True),
        ("Support dark mode", True),
        ("More vegan options please", True),
        ("Could you show more details on the order page?", True),
        ("Give us a call button in the app", True),
        ("Give me credit card payment as an option.", True),
        ("Give us access to our order history offline.", True),
        ("It would be nice if support had longer hours", True),
    ],
)
def test_what_the_customer_asks_for_themselves_is_no_idea(text: str, idea: bool) -> None:
    assert (Analyzer().explain(make_feedback(text)).kind is Kind.IDEA) is idea


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Stop 58: the good things a request asks for were read as praise of what is there:
        # each of these was a compliment at 0.57 to 0.92 in stop 57's build.
        ("Offer gift cards.", Kind.IDEA),
        ("Offer free wifi.", Kind.IDEA),
        ("Add a loyalty reward program", Kind.IDEA),
        ("Include a free dessert with the menu", Kind.IDEA),
        ("Hire more friendly staff", Kind.IDEA),
        ("Introduce a rewards card", Kind.IDEA),
        ("Sell gift vouchers online", Kind.IDEA),
        ("Provide free parking for customers", Kind.IDEA),
        ("Serve fresh bread with the soup", Kind.IDEA),
        ("Please offer a free trial", Kind.IDEA),
        # Verbs that praise what is there, and a verb that is no request.
        ("Keep up the great work", Kind.COMPLIMENT),
        ("Keep the lovely staff", Kind.COMPLIMENT),
        ("Have a great day!", Kind.COMPLIMENT),
        ("Serves great coffee", Kind.COMPLIMENT),
    ],
)
def test_what_a_request_asks_for_is_no_praise(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Stop 58: a problem denied is praise, however the denial is worded; each of the first
        # four was a complaint at 0.45 to 0.99 in stop 57's build.
        ("Been a customer for 10 years and never had a single problem.", Kind.COMPLIMENT),
        ("Never had a single problem.", Kind.COMPLIMENT),
        ("Never had an issue with them.", Kind.COMPLIMENT),
        ("Zero issues since I switched.", Kind.COMPLIMENT),
        ("I haven't had any issues with the new app", Kind.COMPLIMENT),
        # The problem told beside a denial, or after it, is still told.
        ("No issues with delivery but the food was cold", Kind.COMPLAINT),
        ("Never had a problem until this week, now the app crashes daily", Kind.COMPLAINT),
        ("Zero stars, awful", Kind.COMPLAINT),
        # Not a denial: the negation reaches no problem.
        ("Without a doubt the best app I have used", Kind.COMPLIMENT),
    ],
)
def test_a_problem_denied_is_praise(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Stop 58, helper-119's set: an action the customer is kept from is no praise when
        # negated; "barely" negates; a firm that takes too much is "creepy"; "nailed it".
        ("I can't cancel my subscription anywhere in the app.", Kind.COMPLAINT),
        ("I can't find the cancel button", Kind.COMPLAINT),
        ("Wifi in the hotel barely worked.", Kind.COMPLAINT),
        ("The food was barely warm", Kind.COMPLAINT),
        ("Why does the app need access to my contacts? Creepy.", Kind.COMPLAINT),
        ("You guys nailed it with this app.", Kind.COMPLIMENT),
        (
            "The pilot kept us informed the whole time during the delay, much appreciated.",
            Kind.COMPLIMENT,
        ),
        ("Nobody kept us informed during the delay", Kind.COMPLAINT),
        # What negation still turns to praise.
        ("Can't complain, great stay", Kind.COMPLIMENT),
        ("Can't fault them", Kind.COMPLIMENT),
        # A thing proposed as a question, with no verb of a change.
        ("Have you thought about a loyalty card for regulars?", Kind.IDEA),
        ("Have you considered a student discount?", Kind.IDEA),
        ("Is there any chance of getting oat milk?", Kind.IDEA),
        ("Any chance of getting my money back", Kind.COMPLAINT),
        # A refund that came through is a rescue; late, it is no rescue.
        ("Refund came through within 24 hours, no questions asked.", Kind.COMPLIMENT),
        ("Refund finally came through after 6 weeks, thanks for nothing", Kind.COMPLAINT),
        # Superlatives of praise VADER lacks.
        ("Cleanest gym I've been to, and the trainers actually care.", Kind.COMPLIMENT),
        ("Tastiest burger in town", Kind.COMPLIMENT),
        # Time given to a customer, a line that drops, British praise, a date asked for.
        ("Pharmacist took the time to explain my meds.", Kind.COMPLIMENT),
        ("Nobody took the time to explain anything", Kind.COMPLAINT),
        ("Internet drops every evening around 8.", Kind.COMPLAINT),
        ("A late checkout option for members would be ace.", Kind.IDEA),
        ("When is my next bin collection?", Kind.UNCLASSIFIED),
        ("When are you going to answer my emails?", Kind.COMPLAINT),
        # What an app lacks, however basic, and a thing the customer misses doing are asked
        # for; nothing lacking is not.
        ("lack of important functions", Kind.IDEA),
        ("Great app but it lacks some basic features", Kind.IDEA),
        ("I really miss being able to swipe to my notifications", Kind.IDEA),
        ("There's no lack of features", Kind.COMPLIMENT),
    ],
)
def test_what_a_customer_cannot_do_and_other_forms_of_stop_58(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


@pytest.mark.parametrize(
    ("text", "short"),
    [
        # Stop 58: a short request that names what it wants and says nothing else.
        ("Switch to paper straws.", True),
        ("Longer opening hours on Saturdays", True),
        ("Bigger portions", True),
        ("Serve bigger portions", True),
        ("Please open earlier on Sundays", True),
        # Not a request alone: a fix asked for, a demand, a question, what was seen, a
        # comparison, a second sentence, a cue of its own, praise or a problem.
        ("Fix compilation on arm64", False),
        ("Give me my apps back!!!", False),
        ("Please give me an answer by Friday", False),
        ("Bigger portions?", False),
        ("Longer wait every time", False),
        ("Cheaper elsewhere.", False),
        ("Better than ever", False),
        ("Add a widget. It would help.", False),
        ("Please add a dark mode", False),
        ("Offer free wifi, the staff are lovely", False),
        ("Longer queues than ever, the app crashed twice", False),
        ("Bigger portions, please, the food is great but I am always hungry after", False),
    ],
)
def test_a_short_request_alone_is_read_as_one(text: str, short: bool) -> None:
    assert (SHORT_REQUEST_FEATURE in features(text)) is short


@pytest.mark.parametrize(
    ("text", "irony"),
    [
        # Stop 59, helper-122's airline tweets: praise whose object is a harm the company did.
        # The first two were compliments at 0.85 and 1.00 in stop 58's build.
        ("@VirginAmerica love how you moved my flight to 6am without asking", True),
        ("@united Nice of you to oversell my flight and then offer me a $100 voucher", True),
        ("Gotta love @united losing my luggage again", True),
        ("Love waiting on hold for 2 hours @AmericanAir", True),
        ("Love when @nationalgridus hangs up on you when you're trying to pay your bill!", True),
        ("great of you to cancel my flight", True),
        # Praise of a harm put right, denied, able to be done, or done for the customers.
        ("I love how they rebooked me after my flight was cancelled", False),
        ("I love how they never lose my bags", False),
        ("Love how easy it is to cancel my subscription", False),
        ("Nice of them to upgrade us after the delay", False),
        ("Nice of them to delay the flight so we could all make the connection", False),
        ("I love that they waited for us at the gate", False),
        ("I love that you changed my seat to the exit row, thank you!", False),
        ("Love how they moved my flight up so I got home sooner", False),
    ],
)
def test_praise_of_a_harm_done_is_irony(text: str, irony: bool) -> None:
    from kiosk.analysis.kinds import _praises_a_harm, _words

    assert _praises_a_harm(text, _words(text)) is irony
    expected = Kind.COMPLAINT if irony else Kind.COMPLIMENT
    assert Analyzer().explain(make_feedback(text)).kind is expected


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Stop 59, helper-122's airline tweets: questions put to a company that ask for
        # information; the first three were complaints in stop 58's build.
        ("@USAirways what's the check in cutoff for international flights out of PHL?", None),
        ("@TMobileHelp what's the customer service number for business accounts?", None),
        ("@Delta can you DM me the number for the medallion desk?", None),
        ("@VirginAmerica what movies are on the seatback this month?", None),
        ("Can you tell me when the store opens?", None),
        # "Can you tell me" asks, and was an idea: a problem asked about is a complaint.
        ("can you tell me why my flight was cancelled?", Kind.COMPLAINT),
        ("Can you tell me why my card was charged twice?", Kind.COMPLAINT),
        ("Could you tell the drivers to slow down near the school?", Kind.IDEA),
        # Rhetorical, or telling a problem.
        ("@united is my flight ever going to leave?", Kind.COMPLAINT),
        ("what's wrong with your app today?", Kind.COMPLAINT),
        ("@VirginTrains what's happening to the 20:52 service from Stoke?", Kind.COMPLAINT),
        ("Is my bag lost again?", Kind.COMPLAINT),
    ],
)
def test_a_question_put_to_a_company(text: str, kind: Kind | None) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is (kind or Kind.UNCLASSIFIED)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Stop 60, helper-124's developer forum: a question asking for advice in words of
        # praise, and one asking whether anyone knows; all four had a kind in stop 59's build.
        (
            "What would be the best way to share code between the app and the background task?",
            None,
        ),
        ("Would you recommend Windows Template Studio for a new project?", None),
        ("Which approach is better for getting data from state ?", None),
        ("Does anyone know if the Map control works offline?", None),
        ("What's the best time to call?", None),
        # A problem told, or rhetoric, in what is asked about.
        ("What is the best way to contact you since your chat is useless?", Kind.COMPLAINT),
        ("Would you recommend this airline? Never again.", Kind.COMPLAINT),
        ("Does anyone know why the app keeps crashing?", Kind.COMPLAINT),
        ("Does anyone at this company answer the phone anymore?", Kind.COMPLAINT),
    ],
)
def test_a_question_asking_for_advice_has_no_kind(text: str, kind: Kind | None) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is (kind or Kind.UNCLASSIFIED)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Stop 60: what a product should do, then a "but" that says it does not, is a bug
        # report (the first four were ideas at 0.94 to 0.96 in stop 59's build).
        ("The list should show ten items but shows five.", Kind.COMPLAINT),
        ("The app should support dark mode but it doesn't.", Kind.COMPLAINT),
        ("The app should let me export to PDF, but it only allows CSV.", Kind.COMPLAINT),
        ("It should remember my login but it never does.", Kind.COMPLAINT),
        # A request with a "but" that grants, limits or praises stays one.
        ("The app should support dark mode, but only as an option.", Kind.IDEA),
        ("They should add a night mode but it doesn't have to be the default.", Kind.IDEA),
        ("It should be free, but I would pay for it anyway.", Kind.IDEA),
    ],
)
def test_an_expectation_a_contrast_says_is_not_met_is_a_complaint(text: str, kind: Kind) -> None:
    found = Analyzer().explain(make_feedback(text))
    assert found.kind is kind
    assert all(c.kind is kind for c in found.clauses)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Stop 59, helper-122's airline tweets; each was read otherwise in stop 58's build.
        ("@JetBlue thx for nothing", Kind.COMPLAINT),
        (
            "@VerizonSupport thanks for the 45 minute hold just so a rep could tell me to go to the"
            " store",
            Kind.COMPLAINT,
        ),
        (
            "@TMobileHelp dropped calls all day in downtown Seattle. every single call",
            Kind.COMPLAINT,
        ),
        (
            "@AmericanAir the attendant shut the overhead bin on my hand and didn't even say sorry",
            Kind.COMPLAINT,
        ),
        (
            "@Amtrak the cafe car ran out of food before we even left DC. 8 hour trip.",
            Kind.COMPLAINT,
        ),
        ("@SouthwestAir flt 2231 now leaving 4:45pm. was supposed to be 11:10am", Kind.COMPLAINT),
        ("@united wow. my lost bag was delivered to my door at 7am. well done", Kind.COMPLIMENT),
        (
            "your agent Marcus stayed on the phone with me for an hour until it worked",
            Kind.COMPLIMENT,
        ),
        ("@VirginAmerica please come to Portland! PDX needs you", Kind.IDEA),
        ("A vegan choice in the main meal service would be lovely", Kind.IDEA),
        # Their other sides: thanks for a hold kept, a promise kept, a visit asked for help.
        ("Thanks for the hold on my reservation, see you Friday", Kind.COMPLIMENT),
        ("Please come to my house and fix the router", Kind.COMPLAINT),
    ],
)
def test_forms_of_tweets_to_airlines_of_stop_59(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Stop 59, helper-124's developer forum sentences: requests a forum writes, each read
        # otherwise in stop 58's build.
        ("The store dashboard should show crash reports grouped by OS build.", Kind.IDEA),
        (
            "The dashboard ought to let teams assign roles per app rather than per account.",
            Kind.IDEA,
        ),
        ("Please raise the background task memory cap on low-end phones.", Kind.IDEA),
        ("I would love for the WebView to support custom URI schemes.", Kind.IDEA),
        # Advice to a fellow developer, steps to reproduce, what the writer will do next and a
        # question of where to file: no requests.
        ("You should also check the privacy settings on the device.", Kind.UNCLASSIFIED),
        ("You might want to look at the ExtendedExecutionSession class.", Kind.UNCLASSIFIED),
        ("You need to call GetDeferral before awaiting anything in the task.", Kind.UNCLASSIFIED),
        (
            "Steps to reproduce: create a blank app, add a ListView, and bind it to 10,000 items.",
            Kind.UNCLASSIFIED,
        ),
        (
            "To reproduce, open the app, go to Settings and toggle dark mode twice.",
            Kind.UNCLASSIFIED,
        ),
        ("Let me explain what we're trying to do.", Kind.UNCLASSIFIED),
        ("Should I file this as a bug or as a feature request?", Kind.UNCLASSIFIED),
        # Their other sides: advice a maker is given, a request that opens on "let me", a
        # thing wanted that is praise of it, a feature request filed.
        ("You should find a better supplier for the bread.", Kind.IDEA),
        ("Let me choose the default download folder.", Kind.IDEA),
        ("I want some of these #google toys", Kind.COMPLIMENT),
        ("This is a feature request: export to CSV.", Kind.IDEA),
        # A request whose object names a bad thing the feature would handle, "let" that asks,
        # a platform's thing asked for; not a request to undo what the customer calls useless.
        ("Give the emulator a way to simulate poor network conditions.", Kind.IDEA),
        ("Enable geofencing triggers to wake apps that have been suspended.", Kind.IDEA),
        ("Let apps register more than one background trigger of the same type.", Kind.IDEA),
        ("Can we get a lightweight emulator image without Cortana and the store?", Kind.IDEA),
        ("Allow me to cancel this useless subscription", Kind.COMPLAINT),
        # Blame told plainly; what went down and what did not.
        ("The dashboard has been down for most of the day.", Kind.COMPLAINT),
        ("This feature was promised at Build two years ago and never shipped.", Kind.COMPLAINT),
        ("Oh sure, because everyone loves waiting five days for certification.", Kind.COMPLAINT),
        ("I love waiting 10 minutes for my coffee because it is always perfect", Kind.COMPLIMENT),
        # A customer kept from a person, and one who got to.
        ("How do I talk to an actual human at this company???", Kind.COMPLAINT),
        ("Got to speak to a real person within minutes, great service", Kind.COMPLIMENT),
    ],
)
def test_forms_of_a_developer_forum_of_stop_59(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


def test_a_request_beside_steps_to_reproduce_keeps_its_kind() -> None:
    text = "The list is empty. Steps: open the app, tap Refresh. Please add a retry button."
    clauses = Analyzer().explain(make_feedback(text)).clauses
    assert clauses[-1].kind is Kind.IDEA
    # The steps between read no request (a clause of no kind borrows its neighbour's).
    assert Kind.IDEA not in {c.kind for c in clauses[1:-1]}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Stop 59: praise said with words of blame, from the Amazon reviews we read; each was a
        # complaint at 0.62 to 0.96 in stop 58's build.
        (
            "For the price I don't think you can go wrong by purchasing this dvd player.",
            Kind.COMPLIMENT,
        ),
        ("Canon never fails to amaze.", Kind.COMPLIMENT),
        ("There's really very little about these images to criticize.", Kind.COMPLIMENT),
        ("Dont let the bad reviews of the software change your mind.", Kind.COMPLIMENT),
        ("Don't waste time looking at anything else, just buy this one.", Kind.COMPLIMENT),
        ("It don't get any better then the nikon 4300.", Kind.COMPLIMENT),
        ("I would not hesitate to purchase this.", Kind.COMPLIMENT),
        # Their other sides.
        ("Don't waste your money on this", Kind.COMPLAINT),
        ("The app never fails to crash when I open a photo", Kind.COMPLAINT),
        ("Plenty to criticize: the screen, the battery and the price", Kind.COMPLAINT),
    ],
)
def test_praise_said_with_words_of_blame(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


def test_a_thing_needed_praises_nothing() -> None:
    # Stop 59: "stable" was praise of what the customer asks for (a compliment at 0.59).
    from kiosk.analysis.kinds import _WANTS_A_THING

    assert read("We really need a stable API for reading app usage time.")[1] <= 0.0
    assert _WANTS_A_THING.match("I'd like a simpler checkout") is not None
    assert _WANTS_A_THING.match("We'd love to come back") is None
    assert _WANTS_A_THING.match("I want some of these toys") is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # helper-121's review of this stop's first rules: where they were too broad...
        ("Offer code worked perfectly and saved me a tenner", Kind.COMPLIMENT),
        ("Stock levels are always great at this store", Kind.COMPLIMENT),
        ("Bring the whole family for the best Sunday roast around", Kind.COMPLIMENT),
        ("Make a reservation because the food here is incredible", Kind.COMPLIMENT),
        ("Never had a problem until this week, now my card keeps getting declined", Kind.COMPLAINT),
        ("Zero issues resolved after four calls to your helpline", Kind.COMPLAINT),
        ("They never cancel on us, always on time", Kind.COMPLIMENT),
        ("Not sure you nailed it with this redesign, I can't find anything", Kind.COMPLAINT),
        ("The crew never once kept us informed", Kind.COMPLAINT),
        ("It took so much time to sort out a simple refund", Kind.COMPLAINT),
        ("Have you thought about some training for your rude staff?", Kind.COMPLAINT),
        ("I miss being able to talk to a human", Kind.COMPLAINT),
        ("Refund please", Kind.COMPLAINT),
        # ...and too weak.
        ("Three years with them and never an issue", Kind.COMPLIMENT),
        ("I can't stop the direct debit from the app", Kind.COMPLAINT),
        ("Oat milk please", Kind.IDEA),
        ("Lower prices please", Kind.IDEA),
        ("Have you guys thought about a loyalty card?", Kind.IDEA),
        ("Money back in my account within two days, no fuss", Kind.COMPLIMENT),
        # A replacement sent and a fix in minutes are rescues; a slow one is not.
        ("Lost my card abroad and they had a new one to me in two days, amazing.", Kind.COMPLIMENT),
        ("Support took two minutes to sort out my problem, amazing.", Kind.COMPLIMENT),
        ("It took three weeks to fix my problem, great service lol", Kind.COMPLAINT),
        ("They sent a replacement to me next day, brilliant", Kind.COMPLIMENT),
        # A wait of minutes told is speed praised; a route asked for.
        ("@SkyJet smoothest check in ever, bag drop took 2 mins", Kind.COMPLIMENT),
        ("The app took 2 mins to crash", Kind.COMPLAINT),
        ("@SkyJet any plans to fly to Porto?", Kind.IDEA),
    ],
)
def test_the_edges_of_this_stop_s_rules(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


@pytest.mark.parametrize(
    ("text", "rescue"),
    [
        ("They sent a replacement to me next day", True),
        ("Lost my card abroad and they had a new one to me in two days", True),
        ("Support took two minutes to sort out my problem", True),
        ("They never sent a new one to me", False),
        ("Nobody took two minutes to fix it", False),
        ("Support took 45 minutes to sort it out", False),
    ],
)
def test_a_replacement_sent_or_a_quick_fix_is_a_rescue(text: str, rescue: bool) -> None:
    from kiosk.analysis.resolution import _quick_rescue

    assert (_quick_rescue(text, text.lower()) is not None) is rescue


@pytest.mark.parametrize(
    ("text", "told"),
    [
        ("Never had a single problem.", False),
        ("Never had an issue with them.", False),
        ("Not a single crash in a year", False),
        ("Zero glitches so far", False),
        # "never" tells a problem where it denies none, and a turn keeps the problem told.
        ("My parcel never arrived", True),
        ("No delays but the app crashed twice", True),
    ],
)
def test_a_problem_denied_is_no_problem_told(text: str, told: bool) -> None:
    assert any(f.startswith("cue:problem") for f in features(text)) is told


@pytest.mark.parametrize(
    ("text", "praise"),
    [
        ("Offer free wifi.", False),
        ("Please add a friendly reminder email", False),
        ("Please offer a free refill", False),
        # Not where the opener is a noun or the request praises someone (helper-121).
        ("Offer code worked perfectly", True),
        ("Hire more people like Jess she was brilliant", True),
        # The customer's own praise, beside the request or in a clause of its own.
        ("Offer free wifi, the staff are lovely", True),
        ("Add a dark mode. Love the app!", True),
        ("Add a widget but I love it", True),
        # Not a request for something new: a recommendation, a wish to keep what is there.
        ("Try the amazing lasagne", True),
        ("Keep up the great work", True),
    ],
)
def test_a_request_s_object_adds_no_praise_to_the_lexicon_score(text: str, praise: bool) -> None:
    assert (read(text)[1] > 0.0) is praise


@pytest.mark.parametrize(
    "text",
    [
        # The sign of a proposal stays where an answer is asked for in a place, or a change
        # beside a rebuke (helper-119's review of the rules above).
        "How would you feel about adding a dark mode?",
        "How could you guys not have a dark mode? Add one please.",
        "Would you post the allergen info on the website?",
        "Could you email me a receipt after each order?",
        "More like this please!",
    ],
)
def test_a_change_asked_for_beside_those_forms_keeps_its_sign(text: str) -> None:
    assert PROPOSAL_FEATURE in features(text)


@pytest.mark.parametrize(
    "text",
    [
        "Build regression after OpenJPEG upgrade",  # no sign of a proposal
        "Please add a dark mode",  # a cue
        "Longer opening hours on Saturdays",  # an opener, no cue
        "The staff were lovely but the wait was long",
        "",
    ],
)
def test_the_fast_path_reads_as_the_general_one(text: str) -> None:
    # ``scores_of_reading`` adds the rule logits and the proposal gate in one step for
    # English; ``scores_logits`` (what the local layer learns on top of) must agree with it.
    from kiosk.analysis.kinds import read, scores_of

    model = shipped_model()
    reading = read(text)
    fast = model.scores_of_reading(reading).probabilities
    general = scores_of(model.scores_logits(reading)).probabilities
    assert fast == pytest.approx(general, abs=1e-12)


@pytest.mark.parametrize(
    "text", ["Remember to bring your passport.", "Accept cookies banner covers the button."]
)
def test_advice_and_a_button_s_name_are_no_requests(text: str) -> None:
    # helper-65's plain texts: "remember" gives advice and "Accept" names a button as often
    # as either asks a maker for something.
    assert Analyzer().explain(make_feedback(text)).kind is not Kind.IDEA


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # A promise broken, a hope that something gets fixed, a wish that someone cared
        # (helper-71's probe): VADER's "hope" and "cared" read them as praise.
        ("Support said they would call back and never did", Kind.COMPLAINT),
        ("They told me it would ship Monday but it didn't", Kind.COMPLAINT),
        ("Hope they fix it", Kind.COMPLAINT),
        ("I hope they fix the app soon", Kind.COMPLAINT),
        ("If only the staff cared", Kind.COMPLAINT),
        ("They said it would arrive Monday and it did", Kind.COMPLIMENT),
        ("I hope you are well", Kind.COMPLIMENT),
    ],
)
def test_promises_broken_and_fixes_hoped_for(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


# Stop 39: a problem told as over is praise, in each language with a lexicon; the near misses
# stay what they were (asked, denied, relapsed, claimed, wanted or still to come).
RESOLVED = [
    ("en", "The app works again."),
    ("en", "No more crashes since the update."),
    ("en", "The bug is finally gone."),
    ("en", "Bug fixed, thanks!"),
    ("en", "My issue was fixed within a day."),
    ("en", "Goodbye lag!"),
    ("en", "Crash fixed in the latest update, great job."),
    ("en", "The delivery problem has been resolved."),
    ("es", "Ya funciona la app, gracias."),
    ("es", "El problema está resuelto, muchas gracias por la ayuda."),
    ("es", "Por fin se acabaron los cortes de luz."),
    ("fr", "Ça remarche, merci !"),
    ("fr", "Problème résolu, merci au support."),
    ("de", "Funktioniert wieder, danke!"),
    ("de", "Störung behoben, danke an das Team."),
    ("de", "Endlich keine Verspätungen mehr."),
    # helper-74's review: praise the first patterns missed, or a trigger word took back.
    ("en", "I have to say the bug is finally fixed, well done."),
    ("en", "The lag has disappeared, much better."),
    ("es", "Ya se solucionó, gracias."),
    ("fr", "Le problème a disparu après la mise à jour, super."),
    ("de", "Das Problem hat sich erledigt, danke."),
]
NOT_RESOLVED = [
    ("en", "It stopped working again."),
    ("en", "Not working again!"),
    ("en", "Is the bug fixed yet?"),
    ("en", "The bug is still not fixed."),
    ("en", "The issue was never resolved."),
    ("en", "I thought the bug was fixed."),
    ("en", "It was supposed to be fixed in the last update."),
    ("en", "I need them to get these problems fixed asap."),
    ("en", "Apparently the problem is solved, yet I still can't log in."),
    ("es", "La app ya no funciona."),
    ("es", "El problema no está resuelto."),
    ("fr", "Ça ne remarche toujours pas."),
    ("de", "Funktioniert wieder nicht."),
    ("de", "Das Problem ist immer noch nicht gelöst."),
    # helper-74's review: what the first patterns read as praise.
    ("en", "Nothing works now since the update."),
    ("en", "It only works now if I restart my phone twice."),
    ("en", "Tried clearing the cache and reinstalling, nothing fixed it."),
    ("en", "They never really fixed it."),
    ("en", "Please, no more ads."),
    ("en", "They marked my issue resolved without doing anything."),
    ("en", "I resolved the issue myself because support never answered."),
    ("en", "Still waiting for it to be finally fixed"),
    ("es", "Nunca volvió a funcionar después de la actualización."),
    ("es", "El error fue arreglado y a los dos días volvió."),
    ("fr", "Ils disent que le problème est résolu, mais rien n'a changé."),
    ("fr", "Personne a résolu mon problème, trois appels pour rien."),
    ("de", "Es läuft wieder genauso langsam wie vorher."),
    ("de", "Wenn das Problem behoben ist, gebe ich fünf Sterne, bis dahin einen."),
    ("de", "Angeblich haben sie den Fehler behoben, aber er ist noch da."),
    ("de", "Ich hoffe, ihr habt das bald behoben, sonst kündige ich."),
]


def read_as(language: str, text: str) -> Analysis:
    """Return the reading of a text, which must be read in ``language``."""
    found = Analyzer().explain(make_feedback(text))
    assert found.language == language
    return found


@pytest.mark.parametrize(("language", "text"), RESOLVED)
def test_a_problem_told_as_over_is_praise(language: str, text: str) -> None:
    found = read_as(language, text)
    assert domain_score(language, text.lower()) > 0
    assert found.kind is Kind.COMPLIMENT


@pytest.mark.parametrize(("language", "text"), NOT_RESOLVED)
def test_a_fix_asked_denied_or_only_claimed_is_no_praise(language: str, text: str) -> None:
    found = read_as(language, text)
    assert domain_score(language, text.lower()) <= 0
    assert found.kind is Kind.COMPLAINT


def test_after_a_fix_the_fixed_word_turns_green() -> None:
    # The loop closed: customers who complained about the app, then say it works again, add
    # a compliment to "app", not another complaint.
    before = Analyzer().analyze(make_feedback("The app keeps crashing."))
    after = Analyzer().analyze(make_feedback("The app works again, thanks."))
    assert [(m.term_key, m.kind) for m in before] == [("app", Kind.COMPLAINT)]
    assert [(m.term_key, m.kind) for m in after] == [("app", Kind.COMPLIMENT)]


@pytest.mark.parametrize(
    "text",
    [
        "Support fixed my billing error.",
        "Support resolved it in a day.",
        "Support helped.",
        "Support came back to me within an hour.",
    ],
)
def test_support_that_did_something_is_no_request(text: str) -> None:
    # helper-75: "Support fixed my billing error" read as an idea, "support" taken for the verb
    # of a request ("Support dark mode").
    assert Analyzer().explain(make_feedback(text)).kind is not Kind.IDEA


# A customer on the way out, with or without a sentiment word.
LEAVING = [
    ("en", "I'm switching banks."),
    ("en", "Taking my business elsewhere."),
    ("en", "Closing my account today."),
    ("en", "I'll be flying with your competitors from now on."),
    ("es", "Me doy de baja."),
    ("es", "Me cambio de banco, estoy harta."),
    ("fr", "Je change de banque."),
    ("fr", "J'ai désinstallé l'appli."),
    ("de", "Ich wechsle die Bank."),
    ("de", "Ich habe die App gelöscht."),
]
# A problem told as over, then undone in what follows: back again, or the customer leaves
# anyway (most from helper-74's review). Each read as praise at e034630.
UNDONE = [
    ("en", "The issue got fixed, then came back a day later."),
    ("en", "Problem solved, I'm switching banks."),
    ("en", "No more crashes since the update... until this morning."),
    ("en", "The crash was fixed. It came back with the next update."),
    ("es", "Adiós a los problemas, adiós a la app."),
    ("es", "Problema resuelto: me cambio de compañía."),
    ("fr", "Problème résolu : j'ai désinstallé l'appli."),
    ("de", "Problem gelöst: App gelöscht."),
    # In one clause, what follows the praise undoes it.
    ("fr", "Ça remarche et ça recommence à planter ce matin."),
    ("de", "Funktioniert wieder und stürzt erneut ab."),
    ("es", "Ya funciona y se cae otra vez."),
    ("en", "Works again\nUntil this morning."),
]
# helper-77's second set: a fix told plainly, then undone; a leaving cut in two clauses.
UNDONE_ITEMS = [
    ("fr", "la clim de la chambre a été réparée hier soir, ce matin elle fuit de nouveau"),
    ("de", "Gebühr wurde erstattet, danke dafür. Kündigung geht trotzdem heute raus."),
    ("en", "The double charge was refunded, fair enough, but I'm closing the account anyway."),
]
# What those words say elsewhere: a fix that stays, the customer staying, a switch inside the
# product.
NOT_UNDONE = [
    ("en", "Support came back to me within an hour, problem solved.", Kind.COMPLIMENT),
    ("en", "Problem solved. Support came back with a fix the same day.", Kind.COMPLIMENT),
    ("en", "Bug fixed, and dark mode is back!", Kind.COMPLIMENT),
    ("en", "It's back online, thanks!", Kind.COMPLIMENT),
    ("en", "I uninstalled and reinstalled, works again now.", Kind.COMPLIMENT),
    ("en", "I'm not switching banks, you fixed it fast.", Kind.COMPLIMENT),
    ("en", "Porting my number was painless.", Kind.COMPLIMENT),
    ("en", "Switched to the new layout, love it.", Kind.COMPLIMENT),
    ("en", "How do I switch accounts?", Kind.UNCLASSIFIED),
    # helper-78's review of the first patterns: joining us, staying, troubleshooting, asking,
    # and a history told after a fix.
    ("en", "Switched banks to you last year, best decision I ever made.", Kind.COMPLIMENT),
    ("en", "Closed my account at Barclays and moved everything here. Love it.", Kind.COMPLIMENT),
    ("en", "Problem fixed, you just saved me from switching banks. Thank you!", Kind.COMPLIMENT),
    ("en", "Works again! Until yesterday nothing would load.", Kind.COMPLIMENT),
    ("en", "They repaired my laptop and it came back in two days, like new!", Kind.COMPLIMENT),
    ("en", "The app is stable and fast now.", Kind.COMPLIMENT),
    ("es", "Borré la app y la volví a instalar, ya funciona. ¡Gracias!", Kind.COMPLIMENT),
    ("es", "¿Cómo me doy de baja de las notificaciones de marketing?", Kind.UNCLASSIFIED),
    ("fr", "Pas besoin d'aller voir ailleurs, tout est parfait chez vous !", Kind.COMPLIMENT),
    ("fr", "J'ai supprimé l'appli et je l'ai réinstallée, ça remarche. Merci !", Kind.COMPLIMENT),
    ("de", "Habe die App gelöscht und neu installiert, geht wieder! Danke.", Kind.COMPLIMENT),
    ("de", "Akku getauscht, Problem behoben! Hielt drei Tage ohne Laden.", Kind.COMPLIMENT),
    # helper-79's review: denied, and a leaving asked for as a feature.
    ("en", "Bug fixed and it hasn't happened again. Thanks!", Kind.COMPLIMENT),
    ("en", "Problem solved, no need to switch banks now.", Kind.COMPLIMENT),
    ("es", "Problema resuelto, al final no me doy de baja.", Kind.COMPLIMENT),
    ("fr", "Problème résolu, plus besoin de changer de banque.", Kind.COMPLIMENT),
    ("de", "Problem gelöst, ich kündige doch nicht.", Kind.COMPLIMENT),
    ("es", "Problema resuelto. Sería genial poder darme de baja desde la app.", Kind.IDEA),
]


@pytest.mark.parametrize(("language", "text"), LEAVING)
def test_a_customer_leaving_is_a_complaint(language: str, text: str) -> None:
    found = read_as(language, text)
    assert domain_score(language, text.lower()) < 0
    assert found.kind is Kind.COMPLAINT


@pytest.mark.parametrize(("language", "text"), UNDONE)
def test_a_fix_undone_by_what_follows_is_no_praise(language: str, text: str) -> None:
    found = read_as(language, text)
    assert found.kind is Kind.COMPLAINT
    # The clause that told the problem as over takes the kind too, so its words are not green.
    assert [c.kind for c in found.clauses] == [Kind.COMPLAINT] * len(found.clauses)


@pytest.mark.parametrize(("language", "text"), UNDONE_ITEMS)
def test_a_fix_undone_later_in_the_item_makes_a_complaint(language: str, text: str) -> None:
    found = read_as(language, text)
    assert found.kind is Kind.COMPLAINT


@pytest.mark.parametrize(("language", "text", "kind"), NOT_UNDONE)
def test_back_switching_and_uninstalling_that_undo_nothing(
    language: str, text: str, kind: Kind
) -> None:
    found = read_as(language, text)
    assert found.kind is kind


def test_praise_of_something_else_stays_beside_a_leaving() -> None:
    # Only a problem told as over is taken back: the staff were still great.
    mentions = Analyzer().analyze(make_feedback("Great staff, but I'm switching banks."))
    assert ("staff", Kind.COMPLIMENT) in [(m.term_key, m.kind) for m in mentions]
    fixed = Analyzer().analyze(make_feedback("Bug fixed, but the app is still slow."))
    kinds = {m.term_key: m.kind for m in fixed}
    assert kinds["bug"] is Kind.COMPLIMENT
    assert kinds["app"] is Kind.COMPLAINT


def test_every_fix_before_a_relapse_is_taken_back_and_none_after_it() -> None:
    # The search for what undoes a fix is kept from one fix to the next (a long item with a
    # fix in every clause took 17 s): it must still find, for each fix, the first relapse
    # after it.
    text = "Bug fixed. " * 30 + "Then it came back. " + "Bug fixed. " * 5
    found = Analyzer().explain(make_feedback(text))
    kinds = [c.kind for c in found.clauses]
    assert kinds[:31] == [Kind.COMPLAINT] * 31
    assert kinds[31:] == [Kind.COMPLIMENT] * 5


# Phrases are written with single plain spaces; customers' text is not. A French keyboard
# types a narrow no-break space before "!" and ":", pasted text brings no-break, thin and
# ideographic spaces, a CSV export tabs, and a typist two spaces. The lexicon languages'
# idea cues, and the search for what undoes a fix, read "Ce serait  bien de..." and
# "fixed,  then came back" as no cue and no relapse.
SPACES = ["\t", "  ", "\u00a0", "\u202f", "\u2009", "\u3000"]
SPACED = [
    *((text, Kind.COMPLAINT) for _, text in LEAVING + UNDONE[:8] + UNDONE_ITEMS),
    ("Ce serait bien de pouvoir payer sans contact.", Kind.IDEA),
    ("Es wäre schön, wenn man die Rechnung herunterladen könnte.", Kind.IDEA),
    ("Sería genial poder pagar con tarjeta.", Kind.IDEA),
    ("It would be great if you added a dark mode.", Kind.IDEA),
    ("Ça remarche ! Merci beaucoup.", Kind.COMPLIMENT),
]


@pytest.mark.parametrize("space", SPACES, ids=[f"U+{ord(s[0]):04X}x{len(s)}" for s in SPACES])
def test_any_white_space_between_words_reads_as_a_plain_space(space: str) -> None:
    analyzer = Analyzer()
    wrong = []
    for n, (text, kind) in enumerate(SPACED):
        assert analyzer.explain(make_feedback(text, external_id=f"p{n}")).kind is kind, text
        spaced = text.replace(" ", space)
        found = analyzer.explain(make_feedback(spaced, external_id=f"s{n}")).kind
        if found is not kind:
            wrong.append((spaced, found))
    assert wrong == []


# Stop 41: French, German and Spanish as customers write it. A problem told as a plain fact,
# praise and blame said colloquially, and requests phrased otherwise than our first cues
# (texts written for these tests).
LEXICON_LANGUAGES = [
    ("es", "@Iberia vuestra web no carga", Kind.COMPLAINT),
    ("es", "No me devuelven el dinero de la reserva.", Kind.COMPLAINT),
    ("es", "Me habéis cobrado dos veces el mismo billete.", Kind.COMPLAINT),
    ("es", "No encuentran mi maleta desde el lunes.", Kind.COMPLAINT),
    ("es", "Llevo 45 minutos al teléfono.", Kind.COMPLAINT),
    ("es", "Nos dejaron en tierra por overbooking.", Kind.COMPLAINT),
    ("es", "Sois unos ladrones.", Kind.COMPLAINT),
    ("es", "Vaya tela con el servicio técnico.", Kind.COMPLAINT),
    ("es", "La tripulación, unos cracks.", Kind.COMPLIMENT),
    ("es", "Atención de diez.", Kind.COMPLIMENT),
    ("es", "Gran servicio el de hoy.", Kind.COMPLIMENT),
    ("es", "Me cobraron dos veces y me lo solucionaron enseguida. Así da gusto.", Kind.COMPLIMENT),
    ("es", "Añadid la opción de pagar con Bizum.", Kind.IDEA),
    ("es", "Vendría muy bien un parking para bicis.", Kind.IDEA),
    ("fr", "On m'a facturé deux fois la même commande.", Kind.COMPLAINT),
    ("fr", "Ça fait 45 minutes que j'attends au téléphone.", Kind.COMPLAINT),
    ("fr", "Pas d'eau chaude dans la chambre ce matin.", Kind.COMPLAINT),
    ("fr", "La clim ne marchait pas dans le train.", Kind.COMPLAINT),
    ("fr", "C'est la galère pour joindre quelqu'un.", Kind.COMPLAINT),
    ("fr", "Bande de voleurs.", Kind.COMPLAINT),
    ("fr", "Le dessert, une tuerie !", Kind.COMPLIMENT),
    ("fr", "Proposez le paiement en trois fois.", Kind.IDEA),
    ("de", "Mir wurde die Bestellung doppelt abgebucht.", Kind.COMPLAINT),
    ("de", "Seit gestern kein Internet.", Kind.COMPLAINT),
    ("de", "Der Betrag auf der Rechnung stimmt nicht.", Kind.COMPLAINT),
    ("de", "Die App ist der letzte Schrott.", Kind.COMPLAINT),
    ("de", "Top Service, danke!", Kind.COMPLIMENT),
    ("de", "Läuft bei euch, Paket nach einem Tag da.", Kind.COMPLIMENT),
    ("de", "Schön wäre eine Verbindung am Sonntag.", Kind.IDEA),
    # Stop 49: wishes said as what one would like, and requests to enable (helper-104).
    ("de", "Ich fände es gut, wenn das Hotel vegane Optionen anbieten würde.", Kind.IDEA),
    ("de", "Ich würde mir wünschen, dass es mehr Verbindungen am Abend gibt.", Kind.IDEA),
    ("de", "Bitte ermöglicht in der App das Hochladen mehrerer Fotos.", Kind.IDEA),
    ("de", "Ich würde mir einen Dunkelmodus wünschen.", Kind.IDEA),
    # Forms helper-81's review found missing.
    ("es", "Llevo 2h al teléfono.", Kind.COMPLAINT),
    ("es", "Me cobraron 2 veces el mismo pedido.", Kind.COMPLAINT),
    ("es", "Vendría genial poder pagar con Bizum.", Kind.IDEA),
    ("fr", "Ça marche pas depuis la mise à jour.", Kind.COMPLAINT),
    ("de", "Mir wurde das Abo 2x abgebucht.", Kind.COMPLAINT),
    ("de", "Das Hotel ließ keinen Wunsch offen.", Kind.COMPLIMENT),
    # Nobody helped; praise denied (stop 42).
    ("es", "Nadie me lo solucionó.", Kind.COMPLAINT),
    ("es", "No fue una gran experiencia.", Kind.COMPLAINT),
    ("fr", "Personne ne m'a rappelé depuis lundi.", Kind.COMPLAINT),
    ("fr", "Personne ne nous a prévenus du retard.", Kind.COMPLAINT),
    ("de", "Niemand hat mir geholfen.", Kind.COMPLAINT),
    ("de", "Niemand ruft zurück.", Kind.COMPLAINT),
    ("de", "Mir hat niemand geholfen.", Kind.COMPLAINT),
    ("de", "Es hat sich niemand gemeldet.", Kind.COMPLAINT),
    ("fr", "On ne m'a jamais rappelé.", Kind.COMPLAINT),
    ("es", "No me ayudó nadie.", Kind.COMPLAINT),
    # Everyday failures told plainly (stop 45): separable verbs, what came came badly, an app
    # that closes, hangs or logs out, nobody at the phone, part of an order, charged twice.
    ("de", "Die App stürzt beim Öffnen ab.", Kind.COMPLAINT),
    ("de", "Seit dem Update hängt sich das Programm ständig auf.", Kind.COMPLAINT),
    ("de", "Die Verbindung bricht alle paar Minuten ab.", Kind.COMPLAINT),
    ("de", "Die Seite lädt nicht.", Kind.COMPLAINT),
    ("de", "Ich werde ständig ausgeloggt.", Kind.COMPLAINT),
    ("de", "Beim Arzt geht niemand ans Telefon.", Kind.COMPLAINT),
    ("de", "Der Bus kam einfach nicht.", Kind.COMPLAINT),
    ("de", "Ich habe nur zwei von vier Artikeln bekommen.", Kind.COMPLAINT),
    ("de", "Nach dem Update sind alle meine Fotos weg.", Kind.COMPLAINT),
    ("de", "Die Hotline ist ständig besetzt.", Kind.COMPLAINT),
    ("es", "El pedido llegó roto.", Kind.COMPLAINT),
    ("es", "Me llegó una talla equivocada.", Kind.COMPLAINT),
    ("es", "La app se cierra sola.", Kind.COMPLAINT),
    ("es", "La web se queda colgada al pagar.", Kind.COMPLAINT),
    ("es", "Falta una pieza en la caja.", Kind.COMPLAINT),
    ("es", "En el hotel no había agua caliente.", Kind.COMPLAINT),
    ("es", "Nadie me ha llamado todavía.", Kind.COMPLAINT),
    ("es", "Me pasaron el recibo dos veces.", Kind.COMPLAINT),
    ("es", "Me resolvieron el problema en una llamada.", Kind.COMPLIMENT),
    ("fr", "Article reçu cassé.", Kind.COMPLAINT),
    ("fr", "Le colis n'est jamais arrivé.", Kind.COMPLAINT),
    ("fr", "J'attends depuis une heure au guichet.", Kind.COMPLAINT),
    ("fr", "Encore un train supprimé ce matin.", Kind.COMPLAINT),
    ("fr", "La page ne se charge pas.", Kind.COMPLAINT),
    ("fr", "Personne n'est venu pour la livraison.", Kind.COMPLAINT),
    ("fr", "On m'a servi le plat de quelqu'un d'autre.", Kind.COMPLAINT),
    ("fr", "Le tarif a augmenté sans que je sois prévenu.", Kind.COMPLAINT),
    ("fr", "Tout est arrivé intact.", Kind.COMPLIMENT),
    # A review's verdict in general Spanish (stop 46): disappointed, not coming back, a pity,
    # too dear, no taste; the promise to come back, exquisite, unbeatable.
    ("es", "Salí muy defraudado.", Kind.COMPLAINT),
    ("es", "No pienso volver.", Kind.COMPLAINT),
    ("es", "Nunca volveré.", Kind.COMPLAINT),
    ("es", "Una pena.", Kind.COMPLAINT),
    ("es", "Es el colmo.", Kind.COMPLAINT),
    ("es", "El precio del vino es excesivo.", Kind.COMPLAINT),
    ("es", "La paella no tenía sabor.", Kind.COMPLAINT),
    ("es", "Paella quemada", Kind.COMPLAINT),
    ("es", "Repetiremos seguro.", Kind.COMPLIMENT),
    ("es", "Una cena exquisita.", Kind.COMPLIMENT),
    ("es", "Relación calidad-precio inmejorable.", Kind.COMPLIMENT),
    ("es", "El trato fue excepcional.", Kind.COMPLIMENT),
    ("es", "Merece la pena.", Kind.COMPLIMENT),
    ("es", "Vale la pena probarlo.", Kind.COMPLIMENT),
    # The same in French (stop 46): a place to avoid, advised against, not worth it; a
    # delight, coming back, advised, worth the trip, no regrets.
    ("fr", "En résumé, ce restaurant est à éviter.", Kind.COMPLAINT),
    ("fr", "Je vous le déconseille.", Kind.COMPLAINT),
    ("fr", "Je ne vous le conseille pas.", Kind.COMPLAINT),
    ("fr", "Je n'y retournerai pas.", Kind.COMPLAINT),
    ("fr", "Des plats sans saveur à des prix exorbitants.", Kind.COMPLAINT),
    ("fr", "Ce n'est pas à tomber par terre.", Kind.COMPLAINT),
    ("fr", "Le saumon n'était pas très frais.", Kind.COMPLAINT),
    ("fr", "Un vrai délice !", Kind.COMPLIMENT),
    ("fr", "Nous y retournerons !", Kind.COMPLIMENT),
    ("fr", "Je le conseille vivement.", Kind.COMPLIMENT),
    ("fr", "Le dessert est à tomber par terre !", Kind.COMPLIMENT),
    ("fr", "Ça vaut vraiment le détour.", Kind.COMPLIMENT),
    ("fr", "On ne regrette pas l'expérience.", Kind.COMPLIMENT),
    ("fr", "Nous ne pensons pas y retourner.", Kind.COMPLAINT),
    ("fr", "J'ai mangé un poulet trop cuit.", Kind.COMPLAINT),
    ("es", "No creo que repita.", Kind.COMPLAINT),
    ("es", "La única pega fue el café.", Kind.COMPLAINT),
    # Stop 47: "keiner" says what "niemand" says.
    ("de", "Mein Konto wurde gesperrt und keiner hilft mir.", Kind.COMPLAINT),
    ("de", "Seit Tagen keiner erreichbar, keiner meldet sich.", Kind.COMPLAINT),
    ("de", "Seit Wochen meldet sich keiner.", Kind.COMPLAINT),
    ("de", "Warum antwortet keiner?", Kind.COMPLAINT),
    ("de", "Keiner hilft mir so richtig weiter.", Kind.COMPLAINT),
    ("de", "Ständige Abstürze seit dem Update.", Kind.COMPLAINT),
    # Stop 50: cheaper is praise ("chère" alone is blame), typed with accents or without.
    ("fr", "Facture moins chère, ravie.", Kind.COMPLIMENT),
    ("fr", "Changement de fournisseur tres simple et facture moins chere, ravie", Kind.COMPLIMENT),
    ("fr", "La facture est plus chère qu'avant.", Kind.COMPLAINT),
]
# The same words saying something else: a question, advice, a price, a trip, a tense.
LEXICON_NEAR_MISSES = [
    ("es", "Nadie lo hace mejor.", Kind.COMPLIMENT),
    ("es", "Ha sido una gran experiencia.", Kind.COMPLIMENT),
    ("de", "Niemand hilft mir so schnell wie euer Support, danke!", Kind.COMPLIMENT),
    ("de", "Keiner hilft mir so schnell wie ihr.", Kind.COMPLIMENT),
    ("de", "Was passiert, wenn keiner antwortet?", Kind.UNCLASSIFIED),
    ("de", "Keiner meldet sich? Quatsch, die Antwort kam nach zehn Minuten.", Kind.UNCLASSIFIED),
    ("de", "Seit dem Update keine Abstürze mehr, danke!", Kind.COMPLIMENT),
    ("fr", "Personne ne m'a aidé autant que Julie.", Kind.UNCLASSIFIED),
    ("es", "¿La app no va a tener modo oscuro?", Kind.UNCLASSIFIED),
    ("es", "La tienda no abre los domingos.", Kind.UNCLASSIFIED),
    ("es", "Si no carga, reinicia el móvil.", Kind.UNCLASSIFIED),
    ("es", "Nos hicieron un descuento de 10 euros.", Kind.UNCLASSIFIED),
    ("es", "Mañana otra vez a Barcelona, tercera vez este mes.", Kind.UNCLASSIFIED),
    ("fr", "On peut commander n'importe quoi sur le site.", Kind.UNCLASSIFIED),
    ("fr", "Vous proposez des menus végétariens ?", Kind.UNCLASSIFIED),
    ("fr", "On revient pour la troisième fois, toujours aussi bien !", Kind.COMPLIMENT),
    ("de", "Wir waren zum dritten Mal hier und begeistert.", Kind.COMPLIMENT),
    ("de", "Wir sind seit drei Tagen auf Mallorca.", Kind.UNCLASSIFIED),
    ("de", "Wird am Sonntag nicht geliefert?", Kind.UNCLASSIFIED),
    ("de", "Kein Internet nötig, die App läuft offline.", Kind.UNCLASSIFIED),
    ("de", "Endlich wieder LTE im Dorf nach Wochen ohne Netz. Danke o2!", Kind.COMPLIMENT),
    # helper-81's review of the first version: loyalty, a rebuke, a denial, a short wait,
    # instalments, a name, a noun's modifier, a schedule, praise of what is absent.
    ("es", "Es la tercera vez que nos alojamos aquí y repetiremos.", Kind.COMPLIMENT),
    ("es", "Deberíais haber avisado del retraso con tiempo.", Kind.COMPLAINT),
    ("es", "Reservamos mesa para un grupo de 10.", Kind.UNCLASSIFIED),
    ("es", "Nos dieron una mesa al borde de la piscina.", Kind.UNCLASSIFIED),
    ("fr", "Proposez-vous la livraison le dimanche ?", Kind.UNCLASSIFIED),
    ("fr", "J'ai payé en deux fois sans frais, super pratique.", Kind.COMPLIMENT),
    ("fr", "L'appli marche même sans connexion, génial.", Kind.COMPLIMENT),
    ("fr", "Si ça ne marche pas, je vous rappelle demain.", Kind.UNCLASSIFIED),
    ("fr", "Un repas excellent pour un prix ridicule.", Kind.COMPLIMENT),
    ("de", "Läuft bei euch gerade noch die Rabattaktion?", Kind.UNCLASSIFIED),
    ("de", "Das Gerät verbraucht fast keinen Strom, super!", Kind.COMPLIMENT),
    # Stop 45's near misses: the same verbs denied, another verb's particle, opening hours, a
    # loyal customer, a comparison, time left, a feature asked for, a rule stated.
    ("de", "Die App stürzt nicht mehr ab, danke!", Kind.COMPLIMENT),
    ("de", "Es hängt davon ab, wann ihr liefert.", Kind.UNCLASSIFIED),
    ("de", "Der Laden öffnet nicht vor 10 Uhr.", Kind.UNCLASSIFIED),
    ("de", "Der Receiver startet seit dem Tausch nicht mehr ständig neu. Perfekt", Kind.COMPLIMENT),
    ("de", "Es geht nicht um den Preis.", Kind.UNCLASSIFIED),
    ("es", "Llegó sin un rasguño, perfecto.", Kind.COMPLIMENT),
    ("es", "Ya no se cuelga, gracias.", Kind.COMPLIMENT),
    ("es", "La tienda se cierra a las 8.", Kind.UNCLASSIFIED),
    ("es", "Falta una hora para el vuelo.", Kind.UNCLASSIFIED),
    ("es", "Falta una opción de modo oscuro en la app.", Kind.IDEA),
    ("es", "El descuento no se aplica a productos rebajados.", Kind.UNCLASSIFIED),
    ("fr", "Client depuis 10 ans, toujours satisfait.", Kind.COMPLIMENT),
    ("fr", "Si ça ne se charge pas, redémarrez.", Kind.UNCLASSIFIED),
    # helper-93's review of the first version: texts at these rules' edges (its labels).
    ("de", "Sonntags öffnet die Filiale nicht.", Kind.UNCLASSIFIED),
    (
        "de",
        "Meine Frau kommt heute nicht mit, wir brauchen also nur einen Platz.",
        Kind.UNCLASSIFIED,
    ),
    ("de", "Der Router startet nicht mehr ständig neu, danke für den Austausch!", Kind.COMPLIMENT),
    ("es", "Nadie me resolvió el problema.", Kind.COMPLAINT),
    ("es", "No me resolvieron el problema.", Kind.COMPLAINT),
    ("es", "El técnico me colgó la tele en la pared en diez minutos. ¡Perfecto!", Kind.COMPLIMENT),
    (
        "es",
        "Solo falta el último pago y el coche será mío, gracias por la financiación.",
        Kind.COMPLIMENT,
    ),
    ("es", "Mi hija lleva dos semanas en el campamento y está encantada.", Kind.COMPLIMENT),
    (
        "es",
        "El museo no abrió el lunes por festivo, pero lo avisaban en la web. Volveremos.",
        Kind.COMPLIMENT,
    ),
    ("fr", "Glaces livrées bien froides, parfait même en plein été.", Kind.COMPLIMENT),
    (
        "fr",
        "J'attends avec impatience depuis des mois la sortie de la nouvelle collection !",
        Kind.UNCLASSIFIED,
    ),
    (
        "fr",
        "Personne n'est venu nous déranger pendant le séjour, c'était très calme.",
        Kind.COMPLIMENT,
    ),
    (
        "fr",
        "Le lave-vaisselle se relance tout seul après une coupure de courant, très pratique.",
        Kind.COMPLIMENT,
    ),
    # ... and complaints it found missed, told in other words.
    ("de", "Der Router startet ständig neu.", Kind.COMPLAINT),
    ("de", "Seit dem Update lässt sich die App nicht mehr öffnen.", Kind.COMPLAINT),
    ("de", "In der Praxis geht nie jemand ans Telefon.", Kind.COMPLAINT),
    ("es", "El cupón no me lo aplicaron en caja.", Kind.COMPLAINT),
    ("fr", "Une seule des trois valises est arrivée.", Kind.COMPLAINT),
    (
        "fr",
        "Nous avons attendu notre table plus d'une heure malgré la réservation.",
        Kind.COMPLAINT,
    ),
]


# More of helper-81's: these the first version misread as shown; the words that misled it now
# leave them alone (none of them reads right yet: a denial of praise, "nadie" before a fix).
LEXICON_NOT_AS = [
    # Coming back asked about, or to complain: no promise (stop 46).
    ("es", "¿Volveré a ver mi maleta?", Kind.COMPLIMENT),
    ("es", "Volveré a reclamar mañana.", Kind.COMPLIMENT),
    # A means of payment, a flight, an adviser: not "moyen", "du vol" or "conseiller" judged.
    ("fr", "Le moyen de paiement est pratique.", Kind.COMPLAINT),
    ("fr", "Le vol AF123 est parti à l'heure.", Kind.COMPLAINT),
    ("fr", "Mon conseiller m'a rappelé le lendemain.", Kind.COMPLIMENT),
    ("es", "Le pega mucho el vino a la carne.", Kind.COMPLAINT),
    # helper-97's review of the first version (stop 46): the new words in other senses.
    (
        "fr",
        "Petit conseil : évitez de venir sans réservation, c'est toujours complet tant c'est bon.",
        Kind.COMPLAINT,
    ),
    (
        "fr",
        "Évitez les heures de pointe et vous serez servis en deux minutes, équipe adorable.",
        Kind.COMPLAINT,
    ),
    (
        "fr",
        "Mon médecin me déconseille l'avion, pouvez-vous rembourser mon billet ?",
        Kind.COMPLAINT,
    ),
    ("fr", "Nous y retournerons seulement si les prix baissent, là c'est abusé.", Kind.COMPLIMENT),
    ("fr", "Le papier peint de la chambre commence à tomber, c'est lamentable.", Kind.COMPLIMENT),
    ("fr", "Est-ce que la formule premium vaut le coup pour deux utilisateurs ?", Kind.COMPLIMENT),
    (
        "fr",
        "Paiement en trois fois sans intérêt, super pratique pour les gros achats.",
        Kind.COMPLAINT,
    ),
    ("fr", "Ni trop cuit ni pas assez, la cuisson du magret était parfaite.", Kind.COMPLAINT),
    ("fr", "Mon test est positif, puis-je reporter mon vol sans frais ?", Kind.COMPLIMENT),
    (
        "fr",
        "Les surgelés sont arrivés encore bien congelés malgré la canicule, bravo au livreur.",
        Kind.COMPLAINT,
    ),
    ("es", "No me da pena decirlo: el mejor servicio de la ciudad.", Kind.COMPLAINT),
    ("es", "Qué pena que se acaben las vacaciones, ha sido una semana perfecta.", Kind.COMPLAINT),
    ("es", "Esto es el colmo de la elegancia, enhorabuena al equipo.", Kind.COMPLAINT),
    ("es", "No le pongo ni una pega, todo impecable.", Kind.COMPLAINT),
    ("es", "No pienso volver a pedir en otro sitio, sois los mejores.", Kind.COMPLAINT),
    ("es", "Falsa alarma, ya apareció mi maleta, gracias por la ayuda.", Kind.COMPLAINT),
    ("es", "La crema catalana con el azúcar quemado en su punto, perfecta.", Kind.COMPLAINT),
    ("es", "Si no es inconveniente, ¿podrían enviarme la factura por correo?", Kind.COMPLIMENT),
    ("es", "Una playa interminable justo delante del hotel, preciosa.", Kind.COMPLAINT),
    ("es", "Me cobraron un cargo extraordinario que nadie me explicó.", Kind.COMPLIMENT),
    ("es", "No fue una gran experiencia.", Kind.COMPLIMENT),
    ("es", "Tras 5 minutos en espera me atendieron muy amablemente.", Kind.COMPLAINT),
    ("es", "Con ellos nunca te dejan tirado.", Kind.COMPLAINT),
    ("es", "Nadie me lo solucionó.", Kind.COMPLIMENT),
    ("de", "Schön wäre es gewesen, wenn jemand angerufen hätte.", Kind.IDEA),
    # A wish for what should have happened, or a plea, is no idea (stop 49).
    ("de", "Ich hätte mir gewünscht, dass jemand anruft.", Kind.IDEA),
    ("de", "Die Qualität stimmt und ich bereue den Kauf nicht.", Kind.COMPLAINT),
    # Stop 45's: lucky not to be charged twice; never delivered so fast.
    ("es", "Por suerte no me cobraron dos veces.", Kind.COMPLAINT),
    ("fr", "Jamais livré aussi vite, merci !", Kind.COMPLAINT),
    # helper-93's: praise these rules no longer read as a complaint (nor yet as praise).
    ("de", "Wir kommen nicht mehr ohne eure App aus!", Kind.COMPLAINT),
    (
        "de",
        "Die Hotline ist rund um die Uhr durchgehend besetzt, das finde ich klasse.",
        Kind.COMPLAINT,
    ),
    (
        "de",
        "Ich habe das Geschenk an eine andere Adresse geschickt bekommen, genau wie gewünscht.",
        Kind.COMPLAINT,
    ),
    ("es", "Recibí el móvil usado que compré y está como nuevo.", Kind.COMPLAINT),
    ("fr", "Depuis la mise à jour, je ne suis plus déconnecté sans arrêt.", Kind.COMPLAINT),
]


@pytest.mark.parametrize(("language", "text", "kind"), LEXICON_LANGUAGES + LEXICON_NEAR_MISSES)
def test_lexicon_languages_as_customers_write_them(language: str, text: str, kind: Kind) -> None:
    found = read_as(language, text)
    assert found.kind is kind


@pytest.mark.parametrize(("language", "text", "wrong"), LEXICON_NOT_AS)
def test_lexicon_words_that_misled_leave_these_alone(language: str, text: str, wrong: Kind) -> None:
    found = read_as(language, text)
    assert found.kind is not wrong


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # The emoji tweets give a verdict with (stop 44, helper-89's tweets, read half).
        ("@Uber 25 min away for a 2 min ride 🙄", Kind.COMPLAINT),
        ("@Tesco clubcard prices 👌", Kind.COMPLIMENT),
        # Not one used both ways: "the new map is 🔥", "my charger caught fire 🔥".
        ("my charger caught fire 🔥", Kind.COMPLAINT),
    ],
)
def test_the_emoji_a_verdict_is_given_with(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # A customer's question of how things work has no kind (stop 44, helper-89's tweets,
        # read half) ...
        (
            "@DHL do I need to pay customs on a parcel from the UK to Germany under €150?",
            Kind.UNCLASSIFIED,
        ),
        ("@British_Airways can I bring a car seat on board for my 1 year old?", Kind.UNCLASSIFIED),
        ("When does the Oxford Street store open on Sundays?", Kind.UNCLASSIFIED),
        ("Where do I send the return label?", Kind.UNCLASSIFIED),
        # ... a demand or a request put as one keeps its own.
        ("Can I get a refund?", Kind.COMPLAINT),
        ("Can I get my money back?", Kind.COMPLAINT),
        ("Can we add more than one card?", Kind.IDEA),
    ],
)
def test_a_customer_s_question_of_how_things_work(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # A problem the company put right counts once in the vote, as praise does (stop 44, the
        # rescue stories of helpers 89 and 90, read halves) ...
        (
            "Phone got stolen. Support replaced it in a day. Amazing, thank you so much!",
            Kind.COMPLIMENT,
        ),
        (
            "My flight got cancelled but the agent rebooked me on the next one. Brilliant staff,"
            " so helpful.",
            Kind.COMPLIMENT,
        ),
        # ... not when it was put right late, or the customer leaves anyway.
        (
            "Phone got stolen. Support finally replaced it after 3 weeks. Amazing, thank you so"
            " much!",
            Kind.COMPLAINT,
        ),
        ("Bug fixed, thanks for the years of service but I'm done with you.", Kind.COMPLAINT),
        # What was ordered against what came is a complaint, across the comma the clauses are
        # cut at ...
        ('@AmazonHelp ordered a 65" TV, received a box of cat litter.', Kind.COMPLAINT),
        ("@HiltonHotels booked a king, the room has two twins pushed together", Kind.COMPLAINT),
        ("I PAID FOR A KING AND GOT TWO TWINS", Kind.COMPLAINT),
        # ... what came as ordered, or better, is not.
        ("Ordered on Monday and got it Tuesday, great service", Kind.COMPLIMENT),
        ("I ordered the salmon and got a beautifully cooked fillet", Kind.COMPLIMENT),
        ("Booked a king, got a free upgrade to a suite!", Kind.COMPLIMENT),
        # Blame meant as praise, said so.
        ("£39 to Paris on @eurostar is criminal, in a good way", Kind.COMPLIMENT),
    ],
)
def test_what_an_item_tells_beyond_its_clauses(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


def test_in_a_good_way_turns_the_blame_before_it() -> None:
    found = Analyzer().explain(make_feedback("£39 to Paris is criminal, in a good way"))
    assert [c.kind for c in found.clauses] == [Kind.COMPLIMENT, Kind.COMPLIMENT]


# Tweets to companies (stop 44): the read halves of helpers 89 and 90, who wrote them blind, and
# our near misses beside each rule of en.toml.
TWEETS_TO_COMPANIES = [
    # A rescue told, its lost or stolen thing no complaint ...
    (
        "@Qantas staff in Sydney went out of their way to find my son's teddy bear after we"
        " left it on board. He's over the moon.",
        Kind.COMPLIMENT,
    ),
    (
        "@lufthansa Danke to the crew on LH400 for finding the passport I left in the seat"
        " pocket!! Lifesavers.",
        Kind.COMPLIMENT,
    ),
    (
        "Package got stolen off my porch, @AmazonHelp sent a replacement same day no questions"
        " asked. This is why I stay Prime",
        Kind.COMPLIMENT,
    ),
    (
        "@Uber my driver Ahmed returned my wallet with every card and $120 cash still in it."
        " Give this man a bonus",
        Kind.COMPLIMENT,
    ),
    # ... unless it was sent away or swapped for worse.
    ("the courier returned my parcel to the sender", Kind.COMPLAINT),
    ("Finally refunded after 6 weeks and 9 emails. Thanks I guess", Kind.COMPLAINT),
    # Thanks for what went wrong, sarcasm's markers, a claim in scare quotes.
    ("Thanks @comcast for the 3 hour outage", Kind.COMPLAINT),
    ("Thanks @comcast for the quick fix of the outage", Kind.COMPLIMENT),
    ("Delayed again, what a surprise", Kind.COMPLAINT),
    (
        '@JetBlue "Even More Space" has been quietly redefined to mean my knees in my chest',
        Kind.COMPLAINT,
    ),
    # Praise through words of blame, and blame that stays blame.
    ("@Deliveroo rider got here in 9 mins, crazy fast", Kind.COMPLIMENT),
    (
        "@SouthwestAir flight attendant did the safety briefing as a rap and absolutely murdered"
        " it",
        Kind.COMPLIMENT,
    ),
    ("The food is not that good", Kind.COMPLAINT),
    ("crazy long wait at the counter again", Kind.COMPLAINT),
    ("Losing three years of photos hits different.", Kind.COMPLAINT),
    (
        "The app's a bit clunky but the @Chase fraud team is top notch. Caught it within minutes.",
        Kind.COMPLIMENT,
    ),
    # A failure told with no word of blame.
    ("@Verizon switched to you and now I have no signal at my own house", Kind.COMPLAINT),
    ("No service charge and the staff were lovely", Kind.COMPLIMENT),
    ("@GreggsOfficial where have the cheese and onion bakes gone", Kind.COMPLAINT),
    ("@Walmart only 2 registers open on a Saturday afternoon", Kind.COMPLAINT),
    ("@DisneyPlus who approved this new home screen layout?? can't find anything", Kind.COMPLAINT),
    ("@Starbucks asked for oat milk, 3rd time this week it's whole milk", Kind.COMPLAINT),
    ("@AirCanada is it normal for a 7am flight to leave at 4:15pm?", Kind.COMPLAINT),
    ("Truly moved by @DoorDash's commitment to making me wait 90 mins", Kind.COMPLAINT),
    ("Drive-thru took 40 mins. #neveragain", Kind.COMPLAINT),
    # A request with a word between "can we" and "get".
    ("Can we finally get a dark mode?", Kind.IDEA),
]


# A feature taken away, and a problem sorted (stop 45), beside the same words doing otherwise.
FEATURES_AND_FIXES = [
    ("The new update removed the feature I used every day.", Kind.COMPLAINT),
    ("They got rid of the sorting options.", Kind.COMPLAINT),
    ("You removed the option to export.", Kind.COMPLAINT),
    ("Why did you remove the search bar?", Kind.COMPLAINT),
    ("I removed the widget and added it again.", Kind.UNCLASSIFIED),
    ("Please remove the autoplay option.", Kind.IDEA),
    ("Please give us the option to export.", Kind.IDEA),
    ("Sarah on the support chat sorted my problem in five minutes. Brilliant.", Kind.COMPLIMENT),
    ("They sorted it in a day.", Kind.COMPLIMENT),
    # The help desk is not a feature request (stop 45), and help told by how fast it came.
    ("Support took three days to reply.", Kind.COMPLAINT),
    ("Support closed my ticket without fixing anything.", Kind.COMPLAINT),
    ("Their support never answered.", Kind.COMPLAINT),
    ("Support answered within an hour.", Kind.COMPLIMENT),
    ("They fixed it the same day.", Kind.COMPLIMENT),
    ("They said they'd get back to me within 24 hours and never did.", Kind.COMPLAINT),
    ("Nobody called me back the same day.", Kind.COMPLAINT),
    ("Nobody answered within the hour.", Kind.COMPLAINT),
    ("Add support for dark mode.", Kind.IDEA),
    ("Support HEIC images.", Kind.IDEA),
    ("Please support Apple Pay.", Kind.IDEA),
    # helper-93's review: a setting turned off for the customer.
    (
        "Customer service disabled the two-factor setting for me while I got a new phone,"
        " super helpful.",
        Kind.COMPLIMENT,
    ),
]


@pytest.mark.parametrize(
    ("text", "desk"),
    [
        ("Support took three days to reply.", True),
        ("I contacted support and they closed my ticket.", True),
        ("The support team was lovely.", True),
        ("Support for CSV export.", False),
        ("Add support for dark mode.", False),
        ("Support HEIC images", False),
    ],
)
def test_the_help_desk_is_read_apart_from_a_request_for_support(text: str, desk: bool) -> None:
    found = features(text)
    assert ("w:" + SUPPORT_DESK in found) is desk
    assert ("w:support" in found) is not desk


@pytest.mark.parametrize(("text", "kind"), TWEETS_TO_COMPANIES + FEATURES_AND_FIXES)
def test_tweets_to_companies_read_as_their_writers_mean(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


# helper-91's review of this stop's rules: texts at their edges that the first version misread
# (their writer's labels), each kept as written.
RULES_LEFT_ALONE = [
    ("I found my card details on a dodgy website after shopping with you", Kind.COMPLAINT),
    ("The courier returned my laptop to the shop for no reason", Kind.COMPLAINT),
    ("Stayed on the phone for 2 hours to be told nothing", Kind.COMPLAINT),
    ("Thanks for the outage updates, really helpful", Kind.COMPLIMENT),
    ("Thank you for the hassle-free return", Kind.COMPLIMENT),
    (
        "My mum got flowers from @Interflora for her 80th, what a surprise for her!",
        Kind.COMPLIMENT,
    ),
    ('Just tried the "Premium" plan and it\'s worth every penny', Kind.COMPLIMENT),
    ("Not sure it's that fast, took 20 mins to load", Kind.COMPLAINT),
    ("Not exactly top notch service today", Kind.COMPLAINT),
    ("No wifi password needed, just connect, love it", Kind.COMPLIMENT),
    ("Zero network downtime this year, well done", Kind.COMPLIMENT),
    ("Where did my weekend go? Binged your entire new series, amazing", Kind.COMPLIMENT),
    ("Only 1 available and I got it! Thanks @Argos", Kind.COMPLIMENT),
    ("Thanks for not making me wait, in and out in 5 minutes", Kind.COMPLIMENT),
    (
        "They moved my flight to an earlier one for free so I could make my connection",
        Kind.COMPLIMENT,
    ),
    ("I was told no charge, then billed £40", Kind.COMPLAINT),
    ("This is why I use a different bank now", Kind.COMPLAINT),
    ("Prices are insane. In a good way? No.", Kind.COMPLAINT),
    ("Ordered a blue sofa, received a blue sofa. Perfect.", Kind.COMPLIMENT),
    ("Booked through your app and got 10% off, love it", Kind.COMPLIMENT),
    (
        "Best airline yet! Lost my bag but they found it and had it at my hotel by morning",
        Kind.COMPLIMENT,
    ),
]


@pytest.mark.parametrize(("text", "kind"), RULES_LEFT_ALONE)
def test_this_stop_s_rules_leave_their_near_misses_alone(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


def test_a_screen_replaced_with_a_cracked_one_is_no_praise() -> None:
    found = Analyzer().explain(make_feedback("They replaced my screen with a cracked one"))
    assert found.kind is not Kind.COMPLIMENT


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # The clause that tells the rescue counts as praise in the vote, whatever its neighbours
        # pulled it to (helper-91's review) ...
        (
            "@KLM lost my bag but had it delivered to my hotel within 8 hours with an apology"
            " note. That's how you handle it.",
            Kind.COMPLIMENT,
        ),
        (
            "Delivery was late and the box was damaged. Customer service replaced it quickly,"
            " lovely people.",
            Kind.COMPLIMENT,
        ),
        # ... where it is one: not the customer's own doing, an adjective, a swap for worse,
        # or a rescue too late.
        ("They replaced it with a broken one. Great job, really.", Kind.COMPLAINT),
        ("Found them rude and unhelpful, though the room was nice", Kind.COMPLAINT),
        ("I sent it back because it was faulty. The courier was friendly.", Kind.COMPLAINT),
        ("The fixed price menu was awful, the waiter was nice though", Kind.COMPLAINT),
        (
            "@AmericanAir rebooked me on a flight that leaves 11 hours later without asking. How"
            " is that acceptable",
            Kind.COMPLAINT,
        ),
    ],
)
def test_the_rescue_itself_is_praise(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


def test_the_rescue_clause_is_praise_on_the_wall_too() -> None:
    # Its words are coloured as the item's vote counts it: the clause that tells the rescue
    # is praise, whether the story pulled it to a complaint or left it with no kind.
    for text, rescue in [
        (
            "Delivery was late and the box was damaged. Customer service replaced it quickly,"
            " lovely people.",
            "Customer service replaced it quickly",
        ),
        (
            "my parcel turned up after all, whoever tracked it down at the depot, you're a star",
            "whoever tracked it down",
        ),
    ]:
        found = Analyzer().explain(make_feedback(text))
        assert found.kind is Kind.COMPLIMENT
        told = [c for c in found.clauses if rescue in text[c.start : c.end]]
        assert [c.kind for c in told] == [Kind.COMPLIMENT]


@pytest.mark.parametrize(
    ("language", "text", "kind"),
    [
        # Stop 47 (helper-99): a problem feared before a "but" after which the customer only
        # praises is no complaint, in every language; a fear that came true still is, and so
        # is an opinion of the past ("I thought the soup was bland").
        (
            "en",
            "I thought nobody would answer, but they called back within ten minutes. Great!",
            Kind.COMPLIMENT,
        ),
        ("en", "I was worried about the price, but the food was great.", Kind.COMPLIMENT),
        (
            "de",
            "Ich dachte schon, keiner meldet sich, aber nach zehn Minuten kam der Rückruf. Super!",
            Kind.COMPLIMENT,
        ),
        (
            "fr",
            "Je pensais que personne ne répondrait, mais ils ont rappelé en dix minutes. Super !",
            Kind.COMPLIMENT,
        ),
        (
            "es",
            "Pensaba que nadie respondería, pero me llamaron enseguida. ¡Genial!",
            Kind.COMPLIMENT,
        ),
        ("en", "I was afraid it would be late, but it was late again. Terrible.", Kind.COMPLAINT),
        ("en", "I thought the soup was bland, but the staff were lovely.", Kind.COMPLAINT),
    ],
)
def test_a_fear_proved_wrong_is_no_complaint(language: str, text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text, language=language)).kind is kind


@pytest.mark.parametrize(
    "text",
    [
        # Stop 48: the templates of a forum's requests, from general English (our texts): a
        # wish with its object, a question that proposes, the forms typed without an
        # apostrophe. Each was a compliment, a complaint or no kind before.
        "I'd like a dark mode for the app.",
        "Id like a dark mode.",
        "I would really like a vegan option on the menu.",
        "I'd like the option to hide read messages.",
        "Id really appreciate an export to CSV.",
        "I'd appreciate a dark mode.",
        "Wouldn't it be great to have a dark mode?",
        "Wouldnt it be nice if the app had offline maps?",
        "Wouldn't it make sense to let us pick the seat when booking?",
        "Itd be nice to have a dark mode.",
        "Itd be great if u could add a dark mode",
        "Thatd be great to have on the menu.",
        "Why don't you add a dark mode?",
        "Why dont you offer a student discount?",
        "Can't you add a dark mode?",
        "Couldn't you make the font bigger?",
        "I hope you'll add a dark mode soon.",
        "Hope youll bring back the old layout.",
        # helper-101's review: requests its first narrowing would have refused.
        "Wouldn't it be great if the buttons were bigger?",
        "Id like a student discount, lots of us eat here.",
        "Why don't you open a branch in Leeds?",
        "I'd honestly like a shortcut for the search.",
    ],
)
def test_a_request_put_as_a_wish_or_a_question_is_an_idea(text: str) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is Kind.IDEA


@pytest.mark.parametrize(
    "text",
    [
        # The same words that ask for no change: a plea, a refund, a rhetorical question, a
        # wish for the customer's own sake, an ID.
        "Wouldn't it be nice if they actually answered the phone?",
        "Wouldn't it be great if the app just worked?",
        "Wouldn't it be nice if the trains ran on time for once?",
        "Why don't you answer my emails?",
        "Why don't you just admit you lost my parcel?",
        "Can't you read? I said the 5th, not the 6th.",
        "I'd appreciate a reply to my email.",
        "Id like a refund please.",
        "I would like a full refund on the two items I ordered.",
        "I'd like my money back.",
        "I'd like to know why my order is late.",
        "I hope you'll answer this time.",
        "Id like to cancel my subscription.",
        "I'd like a word with your manager.",
        "I'd like an explanation for the extra charge.",
        "Couldn't you have told me before I drove there?",
        "I'd like to thank the staff for their help.",
        "Its the same id like last time.",
        # helper-101's look-alikes of the first version of these cues (its texts, ours).
        "I'd like a table for two at 7pm on Saturday.",
        "I'd like a VAT invoice for order 88412.",
        "They want ID like a passport at the desk.",
        "Wouldn't it be nice if someone answered the phone?",
        "Wouldn't it be nice, if they actually answered the phone?",
        "Itd be nice to hear back from someone.",
        "Wouldn't it be great to get what I paid for?",
        "Why don't you offer a refund like any decent company?",
        "Why don't you provide a straight answer?",
        "Could u put me through to a manager?",
        "I hope you'll consider my complaint properly this time.",
        "The waiter said 'why don't you add a tip' as if I owed him.",
    ],
)
def test_a_plea_or_a_rhetorical_question_is_no_idea(text: str) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is not Kind.IDEA


# Stop 50: a French question that only asks for information has no kind, whatever word of
# praise or blame it has, and whatever the model makes of it (helper-103's and helper-105's).
@pytest.mark.parametrize(
    "text",
    [
        "Bonjour, quel est le délai pour recevoir une nouvelle carte bancaire ?",
        "Est-ce que la box fonctionne avec la fibre ?",
        "comment on fait pour activer la carte recue par courrier ?",
        "Est-ce que la librairie peut commander un livre qui n'est pas en stock ?",
        "Où puis-je déposer mon colis ?",
    ],
)
def test_a_french_question_that_asks_for_information_has_no_kind(text: str) -> None:
    assert read_as("fr", text).kind is Kind.UNCLASSIFIED


@pytest.mark.parametrize(
    "text",
    [
        # Put as a complaint: rhetorical words, or more than one question mark.
        "Quand est-ce que mon colis va enfin arriver ?",
        "Est-ce que quelqu'un va me répondre ?",
        "Comment est-ce possible qu'un colis mette trois semaines ?",
        "Combien de temps faut-il encore attendre ???",
        # Not of the form: a statement with a question at its end.
        "La livraison est encore en retard, vous comptez faire quelque chose ?",
    ],
)
def test_a_french_question_put_as_a_complaint_is_not_a_request_for_information(
    text: str,
) -> None:
    assert not lexicon("fr").asks_for_information(text)


@pytest.mark.parametrize(
    "text",
    [
        # A customer on the way out: the leaving pattern weighs 2.
        "Comment puis-je résilier ma box internet ?",
        # A problem asked about is a problem (helper-106).
        "Est-ce que mon colis est perdu ?",
        "est ce que ma commande a ete annulee ?",
        "Avez-vous perdu mon dossier ?",
        "Comment faire pour porter plainte ?",
    ],
)
def test_a_french_question_keeps_the_blame_it_tells(text: str) -> None:
    assert read_as("fr", text).kind is Kind.COMPLAINT


def test_only_rhetorical_words_take_a_french_question_out_of_the_rule() -> None:
    # "personne" is someone only in "personne ne/n'" ("Personne ne répond ?").
    assert lexicon("fr").asks_for_information("Quel est le prix par personne ?")
    assert not lexicon("fr").asks_for_information("Est-ce que personne ne répond jamais ?")
    # "Pas moins cher" is no praise.
    assert domain_score("fr", "Ce n'est pas moins cher qu'ailleurs.") == 0
    assert domain_score("fr", "Facture moins chere") > 0


def test_other_languages_have_no_such_french_rule() -> None:
    # English has its own rule (``asks_for_information`` in kinds.py); German and Spanish none.
    assert not lexicon("de").asks_for_information("Wie melde ich eine Störung?")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Stop 60: VADER's praise for words that name things in feedback ("hand", "assets",
        # "active", "United", "QT") made these praise in stop 59's build.
        ("Our designers work in Figma and hand off assets to us.", None),
        ("The app has roughly 50,000 monthly active users.", None),
        ("Thats a part of QT, not Skins2, isnt it?", None),
        ("Flew United to Denver and they lost my bag again.", Kind.COMPLAINT),
        ("Please resolve this, I can't accept another week without internet.", Kind.COMPLAINT),
        ("Staff promised to help and they did.", Kind.COMPLIMENT),
        # A service that keeps going out, and days gone by without what is the customer's.
        ("@VerizonSupport internet goes out every night at 9pm like clockwork", Kind.COMPLAINT),
        ("@JetBlue day 3 without my luggage. same clothes to a wedding", Kind.COMPLAINT),
        ("5 days without my luggage", Kind.COMPLAINT),
        # Not help that went out of its way, nor days without a problem.
        ("The service went out of its way to help us.", Kind.COMPLIMENT),
        ("I went three days without a single crash.", Kind.COMPLIMENT),
    ],
)
def test_words_that_name_things_and_problems_told_without_blame(
    text: str, kind: Kind | None
) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is (kind or Kind.UNCLASSIFIED)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Stop 60: praise said with words of blame (CLAP's and IJCNLP's read halves); the first
        # three were complaints in stop 59's build, the fourth had no kind.
        ("great! can't get enough. good payouts", Kind.COMPLIMENT),
        ("I can't stop playing this game", Kind.COMPLIMENT),
        ("There was nothing we didn't like.", Kind.COMPLIMENT),
        ("Wouldn't change a thing.", Kind.COMPLIMENT),
        ("Never lets me down.", Kind.COMPLIMENT),
        # Not a problem that cannot be stopped, nor sarcastic thanks in advance.
        ("I can't stop the app from crashing", Kind.COMPLAINT),
        ("Thanks in advance for wasting my time", Kind.COMPLAINT),
    ],
)
def test_praise_said_with_words_of_blame_of_stop_60(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Stop 61: slang and short verdicts of praise (helper-127's set, read; the Sanders and
        # CLAP read halves), complaints or no kind in stop 60's build.
        ("This app is sick!", Kind.COMPLIMENT),
        ("#ics shutter speed is insane! Wow! Two thumbs up #google", Kind.COMPLIMENT),
        ("Wicked fast internet.", Kind.COMPLIMENT),
        ("The new update is fire", Kind.COMPLIMENT),
        ("Mad props to the support team.", Kind.COMPLIMENT),
        ("There was nothing not to like, I can't promote this place enough.", Kind.COMPLIMENT),
        ("Didn't expect much but it blew me away.", Kind.COMPLIMENT),
        ("Nothing beats their croissants. Nothing.", Kind.COMPLIMENT),
        ("Customer for 10+ years, wouldn't go anywhere else.", Kind.COMPLIMENT),
        ("This tool paid for itself in the first month.", Kind.COMPLIMENT),
        ("Rock solid uptime for our whole company for two years. Zero regrets.", Kind.COMPLIMENT),
        ("Switched banks and never looked back.", Kind.COMPLIMENT),
        ("Would give 6 stars if I could.", Kind.COMPLIMENT),
        ("The only complaint I have is that I didn't discover this place sooner.", Kind.COMPLIMENT),
        ("I appreciate how transparent the pricing is, no surprises on the bill.", Kind.COMPLIMENT),
        # Not the same words said of a harm, a price or a person.
        ("I'm sick of this app.", Kind.COMPLAINT),
        ("The price is insane.", Kind.COMPLAINT),
        ("Stupidly expensive.", Kind.COMPLAINT),
        ("The wait was a killer.", Kind.COMPLAINT),
        ("The kitchen was on fire.", Kind.COMPLAINT),
        ("I regret buying this.", Kind.COMPLAINT),
        ("My only complaint is the wait.", Kind.COMPLAINT),
        ("I'm switching carriers.", Kind.COMPLAINT),
        # Praise for a harm, and a forum's mark of sarcasm.
        ("Nice job losing my package and then marking it as delivered.", Kind.COMPLAINT),
        (
            "Really appreciate the 3rd price increase this year. Just what I needed. /s",
            Kind.COMPLAINT,
        ),
        ("Good job not losing my bag this time.", Kind.COMPLIMENT),
    ],
)
def test_slang_and_short_verdicts_of_stop_61(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Stop 61 (helper-127's set, read): a doubt before praise that opens with "but" is
        # granted, as "Not a fan" is ...
        ("Was sceptical about buying glasses online but they fit perfectly.", Kind.COMPLIMENT),
        (
            "Had my doubts after reading some reviews but our stay was perfect, no issues"
            " whatsoever.",
            Kind.COMPLIMENT,
        ),
        (
            "I was dreading calling my insurer after the accident but the claims guy was kind,"
            " patient and had everything settled within a week.",
            Kind.COMPLIMENT,
        ),
        # ... not a doubt the customer was right to have.
        ("I was worried about flying with them, but the staff were rude.", Kind.COMPLAINT),
        ("Had my doubts and they were right: the app crashes daily.", Kind.COMPLAINT),
        # The story a rescue puts right weighs little beside it, even where the praise after it
        # was pulled to a complaint by the story ...
        (
            "Was having trouble logging in after I changed phones, support fixed it in minutes."
            " Thank you Priya!",
            Kind.COMPLIMENT,
        ),
        (
            "My parcel went to the wrong address but customer service tracked it down and had it"
            " redelivered by the evening. Top marks.",
            Kind.COMPLIMENT,
        ),
        # ... but not a problem told after it, nor one before other praise.
        (
            "They fixed the heating, great pool, but the staff were rude and the room was filthy"
            " and nobody apologised for any of it.",
            Kind.COMPLAINT,
        ),
        # The rival's problem, told after praise that measures the company against it.
        (
            "So much better than my old bank, which was a nightmare for anything beyond checking"
            " a balance.",
            Kind.COMPLIMENT,
        ),
        ("The new app is slower than the old one, which is a nightmare.", Kind.COMPLAINT),
    ],
)
def test_doubts_rescues_and_rivals_of_stop_61(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Stop 61 (helper-127's set, read): a modest verdict before praise that opens with
        # "but" is granted ...
        ("Not perfect but does the job well.", Kind.COMPLIMENT),
        ("It's not perfect, but it's the best I've found.", Kind.COMPLIMENT),
        ("App's not the prettiest but it's fast and never fails me.", Kind.COMPLIMENT),
        # ... not a list of faults, nor a defect.
        (
            "The hotel is not perfect, the room was dirty and the staff rude, but the pool was"
            " nice.",
            Kind.COMPLAINT,
        ),
        ("Not perfect, but it crashes less now.", Kind.COMPLAINT),
        # Rescues told with "patched", "reversed" and "got me back in".
        (
            "the devs actually listen, reported a bug on discord and it was patched in the next"
            " update. respect",
            Kind.COMPLIMENT,
        ),
        (
            "had an issue with a double charge but the bank caught it before I even noticed and"
            " reversed it. proper service",
            Kind.COMPLIMENT,
        ),
        (
            "Was locked out of my account and panicking before a deadline, their support got me"
            " back in within 10 minutes. Can't thank them enough.",
            Kind.COMPLIMENT,
        ),
        ("The update patched out my favourite feature.", Kind.COMPLAINT),
        # Praise with no word of it.
        ("Finally an app that just works!!", Kind.COMPLIMENT),
        ("This tool saves me hours every week.", Kind.COMPLIMENT),
        ("Literally no wait at the bank branch this morning.", Kind.COMPLIMENT),
        ("Felt very looked after.", Kind.COMPLIMENT),
        ("My issue still hasn't been taken care of.", Kind.COMPLAINT),
    ],
)
def test_modest_verdicts_rescues_and_plain_praise_of_stop_61(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Stop 61 (helper-128's tweets to companies, read): praise told as what a person did or
        # deserves ...
        (
            "@TraderJoes the cashier gave my toddler a sticker and made his entire week",
            Kind.COMPLIMENT,
        ),
        ("our mail carrier Linda shovels our steps. @USPS she deserves a raise", Kind.COMPLIMENT),
        (
            "@FedEx driver waited while I ran down 4 flights of stairs to sign. absolute gent",
            Kind.COMPLIMENT,
        ),
        ("@DellCares xps 13 still running like day 1 after 5 years", Kind.COMPLIMENT),
        (
            "@BestBuy Dev talked me into the right tv. that's how you earn a customer",
            Kind.COMPLIMENT,
        ),
        ("@Chewy sent flowers when our dog passed. you didn't have to do that", Kind.COMPLIMENT),
        (
            "@AmericanAir thank you to the agent at PHL who rebooked all 4 of us in 5 min during"
            " the storm chaos",
            Kind.COMPLIMENT,
        ),
        (
            "@PayPal buyer protection came through. got my $ back from the scam seller. thx",
            Kind.COMPLIMENT,
        ),
        # ... and a failure told as a plain fact.
        ("@Walmart pickup order placed at 9am still says preparing at 4pm", Kind.COMPLAINT),
        ("@Delta 45 min waiting for bags in ATL. carousel 7 hasn't moved once", Kind.COMPLAINT),
        ("@Ticketmaster $38 in fees on a $45 ticket", Kind.COMPLAINT),
        ("@Xbox game pass renewed at the new price with zero email about it", Kind.COMPLAINT),
        # Not waiting told as none.
        ("We were in and out in 5 minutes, no waiting in line.", Kind.COMPLIMENT),
    ],
)
def test_tweets_told_as_deeds_and_facts_of_stop_61(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


def test_what_comes_through_a_ceiling_is_no_praise() -> None:
    found = Analyzer().explain(make_feedback("The water came through the ceiling."))
    assert found.kind is not Kind.COMPLIMENT


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Stop 61 (helper-127's set, read): help through what went wrong is a rescue, and
        # words of praise VADER lacks are praise.
        (
            "Super helpful staff at the station, pointed me to the right platform when I was"
            " totally lost.",
            Kind.COMPLIMENT,
        ),
        ("Stellar customer support, they walked me through the whole migration.", Kind.COMPLIMENT),
        ("The check-in was effortless and the room immaculate.", Kind.COMPLIMENT),
        ("Absolute shambles of a check-in. One desk open for a full flight.", Kind.COMPLAINT),
        # Not help that did not help.
        ("They walked me through a 40 step process and it still doesn't work.", Kind.COMPLAINT),
        # A point between digits ends no question of information.
        ("@Ford what's the towing capacity on the 2024 maverick with the 2.0 ecoboost?", None),
    ],
)
def test_help_through_a_problem_and_words_of_praise_of_stop_61(
    text: str, kind: Kind | None
) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is (kind or Kind.UNCLASSIFIED)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Stop 61 (helper-129's app reviews, read): a feature asked for in words no cue had ...
        ("Would love Siri shortcuts integration.", Kind.IDEA),
        ("Any chance of a Wear OS app?", Kind.IDEA),
        ("Could you integrate with Google Fit so my steps count automatically?", Kind.IDEA),
        ("A shared budget feature for couples would make this perfect.", Kind.IDEA),
        ("Would be 5 stars with a web version so I can use it at work.", Kind.IDEA),
        ("A daily word of the day notification would be a nice touch.", Kind.IDEA),
        ("Would really like a setting to choose the start day of the week.", Kind.IDEA),
        # ... not a refund asked for, nor a service owed (helper-121's probes).
        ("Any chance of a refund?", Kind.COMPLAINT),
        ("Any chance of having my bins emptied this month?", Kind.COMPLAINT),
        # Praise by the harm spared, by working where others fail, and a convert's words.
        ("Finally an airline that doesn't charge for bags.", Kind.COMPLIMENT),
        ("Uninstalled Duolingo for this and don't regret it.", Kind.COMPLIMENT),
        ("I don't usually write reviews but this app deserves it.", Kind.COMPLIMENT),
        ("I've tried like 6 habit trackers and this is the one that stuck.", Kind.COMPLIMENT),
        (
            "Had some doubts at first but after a month I'm a convert. Really well thought out.",
            Kind.COMPLIMENT,
        ),
        ("Calls are crystal clear even on bad wifi.", Kind.COMPLIMENT),
        # Blame told plainly.
        ("Whoever designed the new navigation bar clearly doesn't use the app.", Kind.COMPLAINT),
        ("Login loop. Enter password, back to login screen. Repeat forever.", Kind.COMPLAINT),
        ("Podcast episodes keep re-downloading and filling up my storage.", Kind.COMPLAINT),
        ("Restore purchase does nothing.", Kind.COMPLAINT),
        ("Constant popups asking me to rate the app.", Kind.COMPLAINT),
        ("Was a 5 star app until they started showing sponsored posts.", Kind.COMPLAINT),
        (
            "Video keeps buffering even on fast wifi while every other streaming app works fine.",
            Kind.COMPLAINT,
        ),
        ("The app does nothing wrong.", Kind.COMPLIMENT),
    ],
)
def test_app_reviews_of_stop_61(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Stop 61 (helper-130's survey answers, read): an answer that says nothing has no kind
        # (the model read "no" and "no thanks" as complaints) ...
        ("no", None),
        ("n/a", None),
        ("no thanks", None),
        ("no further comments", None),
        ("can't think of anything", None),
        # ... not one that praises.
        ("No complaints.", Kind.COMPLIMENT),
        ("nothing to fault", Kind.COMPLIMENT),
        # Short answers of blame and praise.
        ("hard to use", Kind.COMPLAINT),
        ("Hidden fees", Kind.COMPLAINT),
        ("long queues at the checkout", Kind.COMPLAINT),
        ("price increase every year", Kind.COMPLAINT),
        ("they never called back like they promised", Kind.COMPLAINT),
        ("The burger was raw in the middle", Kind.COMPLAINT),
        ("The courier said he tried to deliver but I was home all day", Kind.COMPLAINT),
        ("Support tickets take days to get a response", Kind.COMPLAINT),
        ("Service charge added without asking", Kind.COMPLAINT),
        ("The claims process was much simpler than I expected", Kind.COMPLIMENT),
        ("The doctor listened and didn't rush me", Kind.COMPLIMENT),
        ("The mortgage adviser made the whole process stress free", Kind.COMPLIMENT),
        ("quick response when I reported the outage", Kind.COMPLIMENT),
        ("keep doing what you're doing", Kind.COMPLIMENT),
        ("No hidden fees.", Kind.COMPLIMENT),
    ],
)
def test_survey_answers_of_stop_61(text: str, kind: Kind | None) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is (kind or Kind.UNCLASSIFIED)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Stop 62 (the clothing reviews' read half, public): a shop's review that praises the
        # colour and the cloth for lines and ends sending the thing back is a complaint: the
        # last word is read as it reads on its own, not as the praise around it pulls it ...
        (
            "Lovely colour and the cotton feels soft. Sadly the cut is all wrong for me. It's"
            " going back.",
            Kind.COMPLAINT,
        ),
        (
            "Gorgeous print, beautiful buttons, so pretty on the hanger. Way too boxy on me"
            " though. Returned.",
            Kind.COMPLAINT,
        ),
        (
            "The jacket looked great online and the stitching is lovely. It runs two sizes small"
            " and the sleeves are too tight. Back it goes.",
            Kind.COMPLAINT,
        ),
        (
            "Great shoes, so comfy. The left one fell apart after a week and both pairs have to"
            " go back.",
            Kind.COMPLAINT,
        ),
        # ... not customers who will come back, nor a return that went well.
        (
            "We loved the food and the staff were lovely. We will definitely be going back next"
            " month.",
            Kind.COMPLIMENT,
        ),
        ("Returning it was easy and the refund came in two days.", Kind.COMPLIMENT),
        # How it fits and wears, told with no word of blame ...
        ("These boots run small, order a size up.", Kind.COMPLAINT),
        ("The dress looked like a tent on me.", Kind.COMPLAINT),
        ("The top fits weird around the shoulders.", Kind.COMPLAINT),
        ("The seams split the second time I wore them.", Kind.COMPLAINT),
        ("The sweater shrank after one wash.", Kind.COMPLAINT),
        ("The finale was a real letdown.", Kind.COMPLAINT),
        ("Not as described, the colour is completely different.", Kind.COMPLAINT),
        ("It doesn't work as advertised.", Kind.COMPLAINT),
        ("I should have read the reviews before ordering.", Kind.COMPLAINT),
        ("It's not too much to ask for a reply.", Kind.COMPLAINT),
        # Hopes named before they failed.
        ("I really wanted to like this place, the food was bland.", Kind.COMPLAINT),
        ("Had such high hopes for this dress. The zip broke on day one.", Kind.COMPLAINT),
        ("I was really hoping to like this.", Kind.COMPLAINT),
        # ... and their near misses.
        ("I had high hopes and it exceeded them.", Kind.COMPLIMENT),
        ("I wanted to love this app and I do.", Kind.COMPLIMENT),
        ("The trousers run true to size and the fabric is lovely.", Kind.COMPLIMENT),
        ("It's not too tight and not too loose, just right.", Kind.COMPLIMENT),
        ("The wait was not too long and the staff were friendly.", Kind.COMPLIMENT),
        ("We bought a tent for the festival and it kept us dry.", Kind.COMPLIMENT),
        ("This coat is a good fit for winter walks.", Kind.COMPLIMENT),
        ("Bursting at the seams with flavour, best curry in town.", Kind.COMPLIMENT),
        ("Item exactly as described, fast delivery.", Kind.COMPLIMENT),
        ("Never let me down in ten years.", Kind.COMPLIMENT),
        ("You should read the reviews before ordering.", Kind.UNCLASSIFIED),
    ],
)
def test_a_shops_product_reviews_of_stop_62(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Stop 62, helper-131's review of the rules above: the same words in other senses ...
        ("My husband is going back next week for another massage, he loved it.", Kind.COMPLIMENT),
        ("Amazing food. Lovely staff. We will return this summer.", Kind.COMPLIMENT),
        ("Gonna return next month for sure, best tacos in town.", Kind.COMPLIMENT),
        (
            "The mechanic fixed the brakes. Price was fair. They shipped it back the next day.",
            Kind.COMPLIMENT,
        ),
        (
            "The receptionist found my wallet in the lobby and returned it within an hour.",
            Kind.COMPLIMENT,
        ),
        (
            "The update crashed once but it went back online within minutes and has been solid"
            " since.",
            Kind.COMPLIMENT,
        ),
        ("The lamb shank just fell apart on the fork, delicious.", Kind.COMPLIMENT),
        ("The café runs small batches of sourdough every morning, always fresh.", Kind.COMPLIMENT),
        ("The cheapest room is a tent, but honestly it's comfy and quiet.", Kind.COMPLIMENT),
        ("Hoping to enjoy many more meals here.", Kind.COMPLIMENT),
        ("This airline has yet to let me down.", Kind.COMPLIMENT),
        ("I should have believed the reviews sooner, best pizza in London.", Kind.COMPLIMENT),
        ("A loyalty discount would be great on bigger orders.", Kind.IDEA),
        # ... and forms the rules first missed.
        ("I'm not too big a fan of the new app design.", Kind.COMPLAINT),
        ("The room wasn't quite as pictured, it was half the size.", Kind.COMPLAINT),
        ("Nothing was as described.", Kind.COMPLAINT),
        ("It's not like the picture at all.", Kind.COMPLAINT),
        ("Back they go.", Kind.COMPLAINT),
        ("Runs about a size small.", Kind.COMPLAINT),
        ("Should have trusted the one-star reviews.", Kind.COMPLAINT),
    ],
)
def test_the_review_of_stop_62_s_rules(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


@pytest.mark.parametrize(
    ("words", "read_as"),
    [
        (["the", "food", "wasnt", "great"], ["the", "food", "wasn't", "great"]),
        (["room", "wasn", "t", "ready"], ["room", "wasn't", "ready"]),
        (["i", "can", "t", "fault", "it"], ["i", "can't", "fault", "it"]),
        (["werent", "isnt", "didnt"], ["weren't", "isn't", "didn't"]),
        # A "t" after no contraction's first half, and one at the end, stay as they are.
        (["vitamin", "t", "cells"], ["vitamin", "t", "cells"]),
        (["wasn"], ["wasn"]),
        (["all", "good"], ["all", "good"]),
    ],
)
def test_contractions_typed_without_their_apostrophe_are_the_contraction(
    words: list[str], read_as: list[str]
) -> None:
    from kiosk.analysis.kinds import _contracted

    assert _contracted(words) == read_as


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Stop 63: contractions without their apostrophe negate as with it. Stop 62's build
        # read the first four as praise, "The food wasnt great" at 1.00.
        ("The food wasnt great", Kind.COMPLAINT),
        ("Staff werent helpful", Kind.COMPLAINT),
        ("The room wasnt clean", Kind.COMPLAINT),
        ("The app isnt good", Kind.COMPLAINT),
        # ... or with it stripped by an export (Booking.com's guest answers).
        ("Room wasn t ready at the time", Kind.COMPLAINT),
        ("Wifi wasnt working", Kind.COMPLAINT),
        ("Wifi wasn't working", Kind.COMPLAINT),
        # A fault denied is still praise.
        ("the food wasnt bad", Kind.COMPLIMENT),
        ("I cant fault them", Kind.COMPLIMENT),
        # French "dont" is no contraction.
        ("Le dessert dont tout le monde parle est délicieux.", Kind.COMPLIMENT),
        # Stop 63, hotel guests' answers (Booking.com's, read half): a quality wanted is no
        # praise of it ...
        ("The staff should be more attentive", Kind.COMPLAINT),
        ("Beds could have been more comfy", Kind.COMPLAINT),
        ("The app should be more stable", Kind.COMPLAINT),
        # ... not a quality had, or one that could not be bettered.
        ("The staff were more attentive than last time", Kind.COMPLIMENT),
        ("Nothing could be more perfect", Kind.COMPLIMENT),
        ("The staff couldn't have been more helpful", Kind.COMPLIMENT),
        ("I would be more than happy to come back", Kind.COMPLIMENT),
        # What the photos promised, and better found elsewhere.
        ("Rooms were very small and looked better online", Kind.COMPLAINT),
        ("The room looks better in the photos", Kind.COMPLAINT),
        ("We have been to better hotels", Kind.COMPLAINT),
        # Worn by time, not a date.
        ("The bedroom is very dated", Kind.COMPLAINT),
        ("The letter dated 5 May arrived", Kind.UNCLASSIFIED),
        ("Staff need additional training", Kind.COMPLAINT),
        # helper-132's review: the same words in other senses.
        ("The coffee machine aint working again.", Kind.COMPLAINT),
        ("I wasnt working that day so I can't say what happened.", Kind.UNCLASSIFIED),
        ("My son wasnt working out before he joined your gym, now he loves it.", Kind.COMPLIMENT),
        (
            "All the jars are dated so you know exactly when they were made, nice touch.",
            Kind.COMPLIMENT,
        ),
        ("Every photo in the app is dated and tagged automatically, love it.", Kind.COMPLIMENT),
        ("The decor is dated.", Kind.COMPLAINT),
        ("Everyone needs training like this, the instructor was superb.", Kind.COMPLIMENT),
        ("I need training on the reporting module", Kind.UNCLASSIFIED),
        # The state of a room, in words VADER lacks; not "squeaky clean", not a damp cloth.
        ("The room and bathroom shower was very small and quite claustrophobic", Kind.COMPLAINT),
        ("The carpet was stained", Kind.COMPLAINT),
        ("The bathroom was squeaky clean", Kind.COMPLIMENT),
        ("No musty smell at all, spotless", Kind.COMPLIMENT),
        ("Wipe it with a damp cloth and it looks new, love it", Kind.COMPLIMENT),
        ("A bit pricey but worth every penny", Kind.COMPLIMENT),
        # Better done elsewhere or by others, and a room due for a refurb.
        ("The cleaners could have done better", Kind.COMPLAINT),
        ("The pillows were flat housekeeping could do a better job", Kind.COMPLAINT),
        ("Nobody could have done better, thank you", Kind.COMPLIMENT),
        ("We will go elsewhere next time", Kind.COMPLAINT),
        ("I will never go elsewhere, love this place", Kind.COMPLIMENT),
        ("Room needs redecorating bathroom is ok", Kind.COMPLAINT),
        ("The hotel needs a refurb", Kind.COMPLAINT),
        ("the cost for the last 2 nights was over priced", Kind.COMPLAINT),
        ("The courier could do a far better job of not throwing parcels", Kind.COMPLAINT),
        ("Whole place needed a good makeover, felt like 1985.", Kind.COMPLAINT),
        # helper-133's review: the same forms in other senses.
        ("Nobody could have done a better job with our wedding cake, thank you!", Kind.COMPLIMENT),
        (
            "We thought we could do better elsewhere but came back, nothing beats your pizza.",
            Kind.COMPLIMENT,
        ),
        (
            "Does anyone know if I could do better with the annual pass or pay-as-you-go?",
            Kind.UNCLASSIFIED,
        ),
        (
            "I'll look elsewhere for cheaper flights but the service here is unbeatable.",
            Kind.COMPLIMENT,
        ),
        (
            "My kids will go somewhere else for the afternoon while we do the spa.",
            Kind.UNCLASSIFIED,
        ),
        ("The hotel doesn't need a facelift, it's charming exactly as it is.", Kind.COMPLIMENT),
        (
            "The staff helped me when I needed an upgrade to a bigger car, brilliant service.",
            Kind.COMPLIMENT,
        ),
        ("Not over priced at all, great value for a family of four.", Kind.COMPLIMENT),
        (
            "Just wipe it with a damp cloth and it looks brand new, brilliant table.",
            Kind.COMPLIMENT,
        ),
        ("Thanks for fixing the damp problem so quickly.", Kind.COMPLIMENT),
        # A thing wished for after the stay was missing; not "couldn't have been nicer".
        ("Breakfast would have been nice", Kind.COMPLAINT),
        ("It would have been perfect if the pool was open", Kind.COMPLAINT),
        ("The staff couldn't have been nicer", Kind.COMPLIMENT),
    ],
)
def test_hotel_guests_answers_of_stop_63(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


def test_a_quality_asked_for_with_what_would_bring_it_is_no_complaint() -> None:
    # "More useful if it showed bus stops" asks for the feature (helper-132 labelled it an
    # idea); the wanted-quality pattern leaves it to the other rules.
    text = "The map could be more useful if it showed bus stops."
    assert Analyzer().explain(make_feedback(text)).kind is not Kind.COMPLAINT


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Stop 64, tweets to Apple (public, read): a loss or lost patience told without a word
        # of sentiment, or beside a word of praise used in another sense.
        ("@apple #YosemiteProblems Erases my saved pass words every day.", Kind.COMPLAINT),
        ("@Apple I h8 everything about u", Kind.COMPLAINT),
        ("I have 170 pictures and my storage is full @apple get it together", Kind.COMPLAINT),
        ("You gotta be kidding me @apple", Kind.COMPLAINT),
        ("I wrapped my charger and it began smoking. Do better Apple.", Kind.COMPLAINT),
        ("Also, Steve Jobs? Overrated.", Kind.COMPLAINT),
        # helper-134's review: the forms as customers mean them...
        ("a billion dollar company and this is your customer service? do better", Kind.COMPLAINT),
        ("cant see my saved cards at checkout anymore", Kind.COMPLAINT),
        ("gr8 job losing my bag again @AmericanAir", Kind.COMPLAINT),
        ("i will sue @apple if my phone dies again", Kind.COMPLAINT),
        ("get yourself together @British_Airways, lost my bag twice", Kind.COMPLAINT),
        ("it erased my contacts overnight, what the hell", Kind.COMPLAINT),
        ("gr8 little hotel, clean rooms and friendly staff", Kind.COMPLIMENT),
        # ... and the same words in other senses.
        ("no h8 from me, refund came through in 2 days, thanks", Kind.COMPLIMENT),
        ("is gate h8 near the lounge at terminal 2?", Kind.UNCLASSIFIED),
        ("you saved my trip @Hertz, thank you so much", Kind.COMPLIMENT),
        ("@BestBuy geek squad saved my laptop and all my files, legends", Kind.COMPLIMENT),
        ("family get together at your restaurant last night, food was fantastic", Kind.COMPLIMENT),
        ("overrated? nah. best customer service ive had in years @Zappos", Kind.COMPLIMENT),
        ("not kidding, you should sell this sauce in bottles", Kind.IDEA),
        ("you can delete your account in settings > privacy", Kind.UNCLASSIFIED),
        ("thank you sue and team, best wedding cake ever", Kind.COMPLIMENT),
        ("my kids do better with the new reading app", Kind.COMPLIMENT),
        ("you could do better by adding more vegan options to the menu", Kind.IDEA),
        # helper-135's review of the rules.
        ("@Delta i h8 flight changes", Kind.COMPLAINT),
        ("Do better with your delays @united", Kind.COMPLAINT),
        ("You need to do better for your customers", Kind.COMPLAINT),
        ("Google is gonna need to do better than this to beat iOS", Kind.COMPLAINT),
        ("your saved my holiday, thank you!", Kind.COMPLIMENT),
    ],
)
def test_tweets_to_apple_of_stop_64(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


def test_the_customers_own_deletions_are_no_data_lost() -> None:
    # helper-135: "deleted my photos" told of oneself is no complaint about the product.
    text = "I've deleted all my photos from the cloud to save space"
    assert Analyzer().explain(make_feedback(text)).kind is not Kind.COMPLAINT


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Stop 65, tweets to Apple (public, read): praise in the words of a fight, scorn in
        # those of a question or a gesture.
        (".@apple MacMail on OS X is really giving me a hard time.", Kind.COMPLAINT),
        ("@Apple, Yosemite needs a lot more testing.", Kind.COMPLAINT),
        (
            "Who is the genius who decided CAPITALIZING random words was a good idea?",
            Kind.COMPLAINT,
        ),
        ("I just got this charger like 2 weeks ago what the frick @apple", Kind.COMPLAINT),
        ("So @verizon just gave me a huge middle finger", Kind.COMPLAINT),
        ("The staff were damn helpful", Kind.COMPLIMENT),
        # helper-138's review: the forms as customers mean them...
        ("This app crushes the competition, no contest.", Kind.COMPLIMENT),
        ("Beats every other bank app I've tried, by a mile.", Kind.COMPLIMENT),
        ("@Delta leaves other airlines in the dust when it comes to legroom.", Kind.COMPLIMENT),
        ("This little hotel puts the big chains to shame.", Kind.COMPLIMENT),
        ("Tried five meal kits and nothing else comes close to yours.", Kind.COMPLIMENT),
        ("No one comes close to their customer service", Kind.COMPLIMENT),
        ("Bloody good service from start to finish.", Kind.COMPLIMENT),
        ("Do you even test your own software?", Kind.COMPLAINT),
        ("Does anyone at @united even read these?", Kind.COMPLAINT),
        ("Who thought this redesign was a good idea?", Kind.COMPLAINT),
        ("Do your delivery drivers even know how to knock?", Kind.COMPLAINT),
        ("They basically flipped us off when we asked for the manager.", Kind.COMPLAINT),
        ("Charging for tap water at the spa is a real slap in the face.", Kind.COMPLAINT),
        (
            "Your chatbot needs a lot more training, it can't answer a single question.",
            Kind.COMPLAINT,
        ),
        # ... and the same words in other senses.
        ("Samsung crushes you on battery life, sorry @Apple.", Kind.COMPLAINT),
        ("Nothing else comes close to how bad your checkout process is.", Kind.COMPLAINT),
        ("no one answered my call", Kind.COMPLAINT),
        ("My toddler beats the drum all day now.", Kind.UNCLASSIFIED),
        ("Damn app crashed again.", Kind.COMPLAINT),
        ("Who decided the new menu? it's great, thank the chef", Kind.COMPLIMENT),
        ("Does anyone know if the app works offline?", Kind.UNCLASSIFIED),
        ("what the heck, I'll give the new menu a try. Loved it!", Kind.COMPLIMENT),
        ('What the heck does "pending authorisation" mean on my statement?', Kind.UNCLASSIFIED),
        (
            "The sea breeze was like a refreshing slap in the face, amazing location.",
            Kind.COMPLIMENT,
        ),
        ("How do I change the skin tone on the middle finger emoji?", Kind.UNCLASSIFIED),
        ("I had a hard time choosing, everything on the menu looked great.", Kind.COMPLIMENT),
        ("Needs more vegan options.", Kind.IDEA),
        ("Great food, shame about the service", Kind.COMPLAINT),
        # "anything but" denies: one clause, read as "not".
        ("The staff were anything but helpful", Kind.COMPLAINT),
        ("Check-in was anything but quick", Kind.COMPLAINT),
        ("The staff were anything but rude, lovely stay", Kind.COMPLIMENT),
        # helper-140's review: false alarms of the first version...
        ("Nobody even came close to answering my question.", Kind.COMPLAINT),
        ("Smoking the rest of the cigarettes in the lobby is allowed? Disgusting.", Kind.COMPLAINT),
        ("Do you actually use Bluetooth 5 on this model?", Kind.UNCLASSIFIED),
        ("Got a middle finger splint from the pharmacy", Kind.UNCLASSIFIED),
        (
            "I don't know what the heck happened but my order arrived early, thanks!",
            Kind.COMPLIMENT,
        ),
        ("We need more testing slots at the clinic, please open weekends.", Kind.IDEA),
        ("This update kills other apps running in the background", Kind.COMPLAINT),
        ("My grandma's cooking puts this restaurant to shame", Kind.COMPLAINT),
        # ... and forms it missed.
        ("Who thought it'd be a great idea to remove the headphone jack?", Kind.COMPLAINT),
        ("Does your app even work?", Kind.COMPLAINT),
        ("Has anyone at @Apple even tested this?", Kind.COMPLAINT),
        ("Does anyone at the front desk even care?", Kind.COMPLAINT),
        ("Needs a ton more testing before release, way too buggy.", Kind.COMPLAINT),
    ],
)
def test_tweets_to_apple_of_stop_65(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


def test_a_swear_word_strengthens_praise_and_still_curses_alone() -> None:
    # "damn" is -1.7 in VADER and swearing counts as anger: before a word of praise it is the
    # praise's, elsewhere still a curse.
    from kiosk.analysis.kinds import _swearing, _words

    assert _swearing("damn helpful staff", _words("damn helpful staff")) == 0
    assert _swearing("damn app, damn slow", _words("damn app, damn slow")) == 2
    assert _swearing("damn good, shit app", _words("damn good, shit app")) == 1


def test_puts_to_shame_and_anything_but_go_on_and_shame_about_turns() -> None:
    # The clause breaks of the word scan and of the one pattern agree on both.
    from kiosk.analysis.text import clauses, words_and_starts

    for text, count in (
        ("It puts the big chains to shame.", 1),
        ("Great food, shame about it", 2),
        ("The staff were anything but helpful.", 1),
        ("Nice room but the staff were rude.", 2),
    ):
        words, starts = words_and_starts(text)
        found = clauses(text)
        assert len(found) == count
        assert found == clauses(text, starts, [w.casefold() for w in words])


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Stop 66, the Yelp sentences (public, read): words VADER scores of their own ("super"
        # +2.9, "definitely" +1.7) that only strengthen what follows...
        ("Super annoying update.", Kind.COMPLAINT),
        ("I definitely would not eat here again.", Kind.COMPLAINT),
        ("Honestly not worth the price.", Kind.COMPLAINT),
        # ... and keep their own weight where nothing follows to strengthen.
        ("Super friendly staff.", Kind.COMPLIMENT),
        ("Super!", Kind.COMPLIMENT),
        ("I will definitely be back.", Kind.COMPLIMENT),
        ("I'm super pissed.", Kind.COMPLAINT),
        # A warning not to waste money, and a promise not to waste it again: "not" turned
        # "waste" into praise.
        ("Do not waste your money here!", Kind.COMPLAINT),
        ("I won't waste my money here again.", Kind.COMPLAINT),
        ("Don't waste your time with this app.", Kind.COMPLAINT),
        ("This place lacked style!!", Kind.COMPLAINT),
    ],
)
def test_yelp_sentences_of_stop_66(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


def test_an_intensifier_weighs_only_where_it_strengthens_nothing() -> None:
    from kiosk.analysis.kinds import _intensifies, _words

    assert _intensifies(_words("super annoying update"), 0)
    assert _intensifies(_words("definitely would not eat here"), 0)
    assert not _intensifies(_words("super"), 0)
    assert not _intensifies(_words("definitely be back"), 0)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Stop 67, SemEval-2014's restaurant reviews (public, read word by word): food that
        # failed, told in words VADER lacks or holds neutral.
        ("I ordered the teriyaki and found that the chicken was extremely dry.", Kind.COMPLAINT),
        ("The cake was a bit dry.", Kind.COMPLAINT),
        ("The soup was too salty.", Kind.COMPLAINT),
        ("The curry was way too spicy for me.", Kind.COMPLAINT),
        ("The sides were incredibly salty.", Kind.COMPLAINT),
        ("They came out over cooked and the cheese was almost non existent.", Kind.COMPLAINT),
        # Not what these words praise or merely describe.
        ("A lovely dry wine.", Kind.COMPLIMENT),
        ("Great moisturiser for oily skin.", Kind.COMPLIMENT),
        ("The salted caramel was divine.", Kind.COMPLIMENT),
        ("The steak was perfect, not too salty.", Kind.COMPLIMENT),
        # Made by hand: praise, not a scratched screen; starting over still is no praise.
        ("The food is mostly made from scratch, fresh and well prepared.", Kind.COMPLIMENT),
        ("I had to set everything up from scratch again.", Kind.COMPLAINT),
    ],
)
def test_food_that_failed_is_a_complaint(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I've been a customer for 10 years and this is the last straw", Kind.COMPLAINT),
        ("The new update is a huge step backwards", Kind.COMPLAINT),
        ("A step in the right direction for the app", Kind.COMPLIMENT),
    ],
)
def test_set_phrases_of_stop_68(text: str, kind: Kind) -> None:
    found = Analyzer().explain(make_feedback(text))
    assert found.kind is kind
    # What the phrase names is no thing: no straw, no step.
    assert not {"straw", "step"} & {m.term_key for m in found.mentions}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Would I recommend it? No.", Kind.COMPLAINT),
        ("Worth the money? Not really.", Kind.COMPLAINT),
        ("Would I recommend it? Absolutely!", Kind.COMPLIMENT),
        ("Any problems? None at all.", Kind.COMPLIMENT),
        # A question read as a problem that asks nothing of problems stays one.
        ("Did the staff help? No.", Kind.COMPLAINT),
        ("Why is it so slow? No idea.", Kind.COMPLAINT),
        # Nothing is better: praise (TweetEval, read).
        ("Could it be any better? No.", Kind.COMPLIMENT),
        # A question with no kind of its own takes the kind it asks about (stop 69); "Not."
        # answers it as "no" does, and is no sarcasm marker there: nothing was praised.
        ("Do I like it? Not really.", Kind.COMPLAINT),
        ("Is it worth it? Not.", Kind.COMPLAINT),
        ("Were there any issues? Nope.", Kind.COMPLIMENT),
        # One that asks neither is left as it is.
        ("Do you ship to Canada? No.", Kind.UNCLASSIFIED),
    ],
)
def test_a_question_the_customer_answers_no_turns(text: str, kind: Kind) -> None:
    found = Analyzer().explain(make_feedback(text))
    assert found.kind is kind
    assert all(c.kind is kind for c in found.clauses)


@pytest.mark.parametrize(
    ("language", "text", "kind"),
    [
        # What the customer cannot do, with no word of blame, read no kind (stop 69).
        ("fr", "Impossible de commander sur le site", Kind.COMPLAINT),
        ("fr", "Je n'arrive pas à me connecter", Kind.COMPLAINT),
        ("fr", "Je ne peux plus payer avec ma carte", Kind.COMPLAINT),
        ("de", "Ich kann mich nicht einloggen", Kind.COMPLAINT),
        ("de", "Einloggen nicht möglich", Kind.COMPLAINT),
        # Not what one cannot complain about.
        ("fr", "Je ne peux pas me plaindre", Kind.COMPLIMENT),
        ("de", "Ich kann nicht meckern, alles super", Kind.COMPLIMENT),
    ],
)
def test_what_the_customer_cannot_do_is_a_problem_in_every_language(
    language: str, text: str, kind: Kind
) -> None:
    assert Analyzer().explain(make_feedback(text, language=language)).kind is kind


@pytest.mark.parametrize(
    ("text", "kind", "no_terms"),
    [
        # A warning to other customers, read as praise (stop 69); not the app that saves money.
        ("Save your money", Kind.COMPLAINT, {"money"}),
        ("Save your money and go elsewhere", Kind.COMPLAINT, {"money"}),
        ("This app helps you save your money", Kind.COMPLIMENT, set()),
        # A success, read as harm: the model learned "hit" from "hit by a car".
        ("The food was a hit", Kind.COMPLIMENT, {"hit"}),
        ("My car was hit by the shuttle bus", Kind.COMPLAINT, set()),
        # Set phrases that name no thing.
        ("Worth every penny", Kind.COMPLIMENT, {"penny"}),
        ("Service is hit and miss", Kind.COMPLAINT, {"hit", "miss"}),
        ("So-so", Kind.UNCLASSIFIED, {"so-so"}),
        # Help told by when it came; not help denied.
        ("The staff helped me when I needed an upgrade", Kind.COMPLIMENT, set()),
        ("Nobody helped me when I needed it", Kind.COMPLAINT, set()),
    ],
)
def test_set_phrases_of_stop_69(text: str, kind: Kind, no_terms: set[str]) -> None:
    found = Analyzer().explain(make_feedback(text))
    assert found.kind is kind
    assert not no_terms & {m.term_key for m in found.mentions}


@pytest.mark.parametrize(
    ("language", "text", "kind"),
    [
        # Questions answered no, in every language read (stop 69; English's since stop 68).
        ("fr", "Est-ce que je recommande ? Non.", Kind.COMPLAINT),
        ("de", "Würde ich es empfehlen? Nein.", Kind.COMPLAINT),
        ("es", "¿Lo recomiendo? No.", Kind.COMPLAINT),
        ("fr", "Des problèmes ? Aucun.", Kind.COMPLIMENT),
        ("de", "Gab es Probleme? Keine.", Kind.COMPLIMENT),
        ("es", "¿Algún problema? Ninguno.", Kind.COMPLIMENT),
    ],
)
def test_a_question_answered_no_turns_in_every_language(
    language: str, text: str, kind: Kind
) -> None:
    found = Analyzer().explain(make_feedback(text, language=language))
    assert found.kind is kind
    # "Est-ce" opens a question; it is no term.
    assert found.mentions == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Requests of helper-148's set (read, stop 69): a forum's vote, a request wondered,
        # asked with "ever", or wished with another word of praise.
        ("+1 for CSV export", Kind.IDEA),
        ("Would you ever consider opening on Mondays?", Kind.IDEA),
        ("I wonder whether you might consider installing a ramp at the side entrance.", Kind.IDEA),
        ("It would be fab if you did a kids' menu on Sunday lunchtimes too", Kind.IDEA),
    ],
)
def test_requests_of_stop_69(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind
    # A sum is no vote.
    assert Analyzer().explain(make_feedback("Rated 4+1 stars")).kind is not Kind.IDEA


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Problems told with no word of blame, or one of praise (helper-148's set, read).
        ("Third time my groceries have turned up with the eggs smashed. Third.", Kind.COMPLAINT),
        ("The room smelled strongly of smoke despite being a non-smoking floor.", Kind.COMPLAINT),
        ('Support closed my ticket as "resolved" without anyone replying.', Kind.COMPLAINT),
        ("Everything's fine until you actually need support.", Kind.COMPLAINT),
        ("I'm sure it's a lovely product when it actually turns up.", Kind.COMPLAINT),
        ("After the latest patch the frame rate dropped to about 20fps", Kind.COMPLAINT),
        ("Food was nice enough but that rather spoilt the evening.", Kind.COMPLAINT),
        # Praise told with a word of blame; and a smell that is praise.
        ("Proper chips! Finally somewhere that does them right.", Kind.COMPLIMENT),
        ("10/10 would get lost in this game again", Kind.COMPLIMENT),
        ("The bakery smells of fresh bread", Kind.COMPLIMENT),
    ],
)
def test_problems_and_praise_of_stop_69(text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text)).kind is kind


@pytest.mark.parametrize(
    ("language", "text", "kind"),
    [
        # A question about a reply or a fix, answered no, is no praise (helper-149's review).
        ("en", "Any update on my complaint? None.", Kind.COMPLAINT),
        ("fr", "Des nouvelles de ma réclamation ? Aucune.", Kind.COMPLAINT),
        ("de", "Gibt es eine Antwort auf meine Beschwerde? Nein.", Kind.COMPLAINT),
        ("es", "¿Alguna respuesta a mi queja? Ninguna.", Kind.COMPLAINT),
        # Nothing better: praise.
        ("de", "Gibt es etwas Besseres? Nein.", Kind.COMPLIMENT),
        ("es", "¿Hay algo mejor? No.", Kind.COMPLIMENT),
        # "like" as a preposition, or denied, asks nothing.
        ("en", "Does it feel like a cheap hotel? No.", Kind.UNCLASSIFIED),
        ("en", "Is there anything I don't like? No.", Kind.UNCLASSIFIED),
        # What the customer cannot do without, or wait for, is praise.
        ("fr", "Super appli, je ne peux plus m'en passer.", Kind.COMPLIMENT),
        ("fr", "Impossible de s'en lasser, les croissants sont divins.", Kind.COMPLIMENT),
        ("de", "Ich kann es nicht oft genug sagen: super Service!", Kind.COMPLIMENT),
        ("de", "Ich kann die App nicht mehr missen.", Kind.UNCLASSIFIED),
        # Phrases that looked like stop 69's and are not.
        ("en", "+1 the app crashes for me too", Kind.COMPLAINT),
        ("en", "Nobody here does things properly", Kind.COMPLAINT),
        ("en", "Shop here and save your money!", Kind.COMPLIMENT),
    ],
)
def test_near_misses_of_stop_69(language: str, text: str, kind: Kind) -> None:
    assert Analyzer().explain(make_feedback(text, language=language)).kind is kind
