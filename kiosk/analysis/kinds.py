"""Tell praise, ideas and problems apart: a linear model over words, word pairs and our lexicon.

The shipped models (``assets/models/kinds.npz`` for English, ``kinds-es.npz`` for Spanish,
``kinds-fr.npz`` for French, package ``kiosk.assets.models``) are trained by
``training/train_kinds.py`` on public labelled feedback (sources and licences in
``training/DATA.md``) and evaluated here with numpy alone.
The Spanish and French models read their lexicon's score and cue as features
(``lexicon_features``) and are asked only where that lexicon finds no kind
(``kiosk.analysis.sentiment``); German keeps its lexicon alone.

The features are the same at training time and here (the training script imports this module):
words (with a negation mark on the few words after "not", "never"...), adjacent word pairs with
a start-of-text mark (so "Add ..." at the start of a text reads as an imperative), and buckets of
our lexicon scores: VADER's word valences summed with negation, our customer-service phrases,
the suggestion cues, and the signs of a problem told plainly ("won't", "keeps", a change made
and what it did since). Handles and links are blanked before any of it: "@united" is an
address, not praise. That a text shared a link is a feature of its own (``has:link``): news
and adverts link, and people read them as having no kind.

A ``KindModel`` can also carry a local layer fitted on this installation's labelled items (see
``kiosk.analysis.learning``); its logits are added to the shipped ones.
"""

from __future__ import annotations

import ast
import hashlib
import io
import math
import re
import struct
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from math import exp
from typing import Any, Final

from kiosk.analysis.lexicon import (
    PatternAnchors,
    at_first_letters,
    domain_score,
    emoji_valence,
    emoticon_valence,
    english_valences,
    has_idea_cue,
)
from kiosk.analysis.lexicon import lexicon as language_lexicon
from kiosk.analysis.profanity import count_profane, is_profane
from kiosk.analysis.regexes import compile_pattern
from kiosk.analysis.text import excluded_spans, link_spans, without_invisible
from kiosk.model import Kind

__all__ = [
    "CLASSES",
    "KindModel",
    "KindScores",
    "blank_addresses",
    "features",
    "has_link",
    "join_readings",
    "lexicon_features",
    "read",
    "scores_of",
    "shipped_model",
    "symbols_kind",
]

# The model's classes, in the order of its weight columns; the last one means "no kind".
CLASSES: tuple[Kind, ...] = (Kind.COMPLIMENT, Kind.IDEA, Kind.COMPLAINT, Kind.UNCLASSIFIED)
KINDS = CLASSES[:3]
MODEL_RESOURCE = "kinds.npz"
# A learned model per language that has public labelled feedback enough to learn from (see
# training/DATA.md); the other languages are read by their lexicons alone.
MODEL_RESOURCES: Final = {"en": MODEL_RESOURCE, "es": "kinds-es.npz", "fr": "kinds-fr.npz"}
# Our lexicon's say next to the model's (see ``rule_logits``): a score of +-1 moves praise or
# a problem by RULE_SCALE logits, a suggestion cue of ours moves an idea by RULE_IDEA. Set so
# that neither the public development set nor our own evaluation set loses (see the
# benchmarks/eval_analysis.py tables).
RULE_WEIGHT = 1.0
# Below this probability no kind is clear enough to show: "I ordered a jacket on Monday."
MIN_KIND = 0.4
RULE_SCALE = 3.0
RULE_IDEA = 10.0
RULE_NEUTRAL = 0.0
# An English text with no sign of a proposal is no idea: what the model gave the idea goes to
# "no kind" (the text said no more), and its idea logit loses RULE_NO_PROPOSAL. The model
# learned ideas mostly from feature requests among issue titles, and praise and complaints
# mostly from texts with sentiment words; so it read plain technical statements ("Build
# regression after OpenJPEG upgrade", "Tensorflow detects GPU but uses only CPU") as ideas:
# 27.5% of the bug reports and questions among issue titles (stop 36). 3 silenced that model as
# well as 4 did, and 15 labels of an installation (``kiosk.analysis.learning``) could still
# teach it ideas told without a sign (with 4 they could not). The sign is a rule only: neither
# the shipped model nor the local layer learns a weight for it (training/DATA.md).
RULE_NO_PROPOSAL = 3.0
# Given to an English text with a sign of a proposal (``_whole_text``).
PROPOSAL_FEATURE = "cue:proposal"
# A short request that names what it wants and says nothing else, no praise, no problem and no
# question ("Switch to paper straws.", "Longer opening hours on Saturdays", "Serve bigger
# portions"): such a text is an idea, but the model, which learned requests mostly from issue
# titles, gave them 0.37 to 0.44 (stop 57) where a kind needs 0.40. Its idea logit gains
# RULE_SHORT_REQUEST. A rule only, as the sign of a proposal is: a weight learned for a short
# text with a sign made plain forum instructions ideas (stop 58, on the folds of the read
# halves).
SHORT_REQUEST_FEATURE = "cue:short_request"
RULE_SHORT_REQUEST = 1.0
RULE_FEATURES = frozenset([PROPOSAL_FEATURE, SHORT_REQUEST_FEATURE])
# How many words a short request has at most, and so how many features its reading has at
# most (two a word, and the text's own: scoring looks for the feature in no longer list).
_SHORT_REQUEST_WORDS = 8
_SHORT_REQUEST_FEATURES = 2 * _SHORT_REQUEST_WORDS + 16
_MINE = frozenset(["my", "our", "mine", "ours"])
# What a comparative tells of as seen, not asked for: a wait or a price grown ("Longer queues
# and fewer staff", "Smaller portions and higher prices": helper-121), not cut ("Lower prices",
# "Shorter queues at lunch" ask).
_COSTS = frozenset(
    [
        *("queue", "queues", "wait", "waits", "waiting", "price", "prices", "fee", "fees"),
        *("delay", "delays", "bills", "bill", "charges"),
    ]
)
_LESS = frozenset(["less", "fewer", "lower", "shorter", "smaller", "cheaper", "quicker", "faster"])
# A thing named with a "please" and nothing else is asked for too ("Oat milk please", "Dark
# mode pls", "Open on Sundays pls": helper-121); help, an answer or money back is not ("Help
# please", "Refund please", "Reply pls").
_NOT_ASKED = frozenset(
    [
        *("help", "refund", "refunds", "answer", "reply", "respond", "response", "callback"),
        *("call", "money", "assist", "advise", "advice", "sort", "fix", "dm", "check"),
        *("explain", "cancel", "stop", "thanks", "thank", "me", "us"),
    ]
)


def _thing_and_please(words: list[str]) -> bool:
    """Whether a text of two to five words names a thing and ends on a "please" (above)."""
    return 2 <= len(words) <= 5 and words[-1] in _PLEASE and _NOT_ASKED.isdisjoint(words)


# A "please" as customers stretch it: "pleaseeee", "plss", "plzzz".
_PLEASE_STRETCHED = compile_pattern(r"(?:pl(?:ea)?s+e*|plz+)")
# What may open a thing asked for by name, where a verb would tell or demand instead: "Widget
# please!", "A filter for pet-friendly rooms please!", "More levels for subtraction please!"
# (helper-145's app reviews, read), not "Help please", "Answer the phone please", "Delivery
# tomorrow please" (an order's instruction), "No more ads please", "Don't change it please",
# "More of these please".
_NOT_A_THING_ASKED = _NOT_ASKED | frozenset(
    [
        *("no", "not", "don't", "dont", "do", "stop", "hurry", "asap", "now", "urgent"),
        *("delivery", "table", "order", "ticket", "tickets", "seat", "room", "send", "give"),
        *("update", "contact", "email", "ring", "phone", "i", "we", "you", "it", "this"),
        *("reply", "read", "listen", "let", "tell", "share", "rt", "retweet", "follow"),
        # More of what there is: praise ("More of these please", "Same again please").
        *("that", "these", "those", "same", "again", "them"),
    ]
)


def _names_a_thing_with_please(words: list[str]) -> bool:
    """Whether a clause of two to eight words names a thing and ends on a "please", as a
    request (``_NOT_A_THING_ASKED``): a cue of ours, so that praise beside it does not
    outvote it."""
    end = len(words)
    while end and words[end - 1] in ("!", "?"):
        end -= 1
    if not 2 <= end <= 8:
        return False
    last = words[end - 1]
    # Asked of every short clause: the pattern only where the word could be a "please".
    if last not in _PLEASE and not (last[:2] == "pl" and _PLEASE_STRETCHED.fullmatch(last)):
        return False
    return _NOT_A_THING_ASKED.isdisjoint(words) and words[0] not in _IMPERATIVES


# A problem told without a sentiment word, by how many (``_PROBLEM_WORDS``), three or more alike.
PROBLEM_FEATURES = ("cue:problem1", "cue:problem2", "cue:problem3")

_TOKEN = compile_pattern(r"[^\W_]+(?:'[^\W_]+)?|[!?]|[\U0001F300-\U0001FAFF\u2600-\u27BF]")
_NEGATORS = frozenset(
    [
        "not",
        "no",
        "never",
        "nothing",
        "nobody",
        "none",
        "nor",
        "cannot",
        "cant",
        "without",
        "neither",
        "nowhere",
        "hardly",
        # Stop 58: "Wifi in the hotel barely worked" had no kind.
        "barely",
        "scarcely",
    ]
)
_SCOPE_ENDS = frozenset(("!", "?", "but", "however", "although", "though"))
_BOOSTERS = frozenset(
    [
        "very",
        "really",
        "so",
        "extremely",
        "absolutely",
        "totally",
        "completely",
        "super",
        "incredibly",
        "too",
    ]
)
# Our cue lists (English), each one feature whose weight the training decides.
# A request in the imperative: "Add ...", "Please allow ...", "Bring back ...".
# "Please" as customers write it, in every list of a request's words below.
_PLEASE = frozenset(["please", "pls", "plz"])
_IMPERATIVE_OPENERS = _PLEASE | frozenset(["also", "and", "just", "maybe", "then"])
_IMPERATIVES = frozenset(
    [
        "add",
        "allow",
        "provide",
        "include",
        "support",
        "enable",
        "let",
        "make",
        "bring",
        "give",
        "offer",
        "introduce",
        "implement",
        "create",
        "show",
        "put",
        "consider",
        "change",
        "remove",
        "integrate",
        "expand",
        "update",
        "improve",
        "have",
        "keep",
        "stock",
        "open",
        "extend",
        "sell",
        "reduce",
        "lower",
        "increase",
        "fix",
        # Verbs customers ask a maker with as plainly (helper-71: "Restore the old swipe
        # gestures", "Respect the system dark mode setting"); not "accept" nor "remember",
        # which name a button or give advice as often ("Accept cookies banner covers the
        # button", "Remember to bring your passport", helper-65's plain texts).
        "restore",
        "adopt",
        "respect",
        "optimize",
        "validate",
        "simplify",
        "rename",
        # Verbs a developer asks a platform with (stop 42, helper-83's read half: "Expose the
        # battery health through the public API", "Ship a portable zip build").
        "expose",
        "ship",
        "document",
        "publish",
        "surface",
        "persist",
        "display",
        "warn",
        "notify",
        "honor",
        "honour",
        "unify",
        "automate",
        # Verbs a customer asks a shop or a restaurant with (stop 58: "Hire more friendly
        # staff", "Serve fresh bread with the soup" had no kind).
        "hire",
        "serve",
    ]
)
# Words of a proposal: a wish, a modal, the thing proposed ("option", "support"), more of it.
_PROPOSAL_WORDS = _PLEASE | frozenset(
    [
        "should",
        "could",
        "would",
        "want",
        "wish",
        "hope",
        "hopefully",
        "option",
        "options",
        "optional",
        "feature",
        "features",
        "support",
        "request",
        "proposal",
        "propose",
        "suggest",
        "suggestion",
        "suggestions",
        "idea",
        "more",
        "allow",
        "ability",
        "able",
        "instead",
        "add",
        "adding",
        "setting",
        "settings",
        "need",
        "needs",
        "requesting",
        "wishlist",
        "hoping",
        "forward",
        # Stop 59: "The dashboard ought to let teams assign roles per app".
        "ought",
    ]
)
# A product that "needs a lot more testing" or "needs work" is criticised, not asked for
# something new (stop 65, the Apple tweets).
_CRITICISM = (
    r" (?:(?:a lot|a bit|a little|way|much|far|so much|some|lots|loads|a ton) )?(?:more |of )?"
    r"(?:serious |major |further |proper |real )?(?:testing|polish|polishing|bug ?fixing"
    r"|debugging|qa|work|(?<=more )training)\b(?! (?:equipment|sessions?|courses?|classes"
    r"|options|plans|programs?|programmes?|videos?|rooms?|materials?|areas?|spaces?|gear|shoes"
    r"|slots?|appointments?|sites?|centres?|centers?|kits?|on|with|out|for|from|to|in)\b)"
)
_CRITICISM_NEEDED = "(?!" + _CRITICISM + ")"
_NEEDS = frozenset(["need", "needs"])
# The words of a proposal that criticism uses (``_proposes``), and what it says is lacking:
# without one, no text is looked at for the whole form.
_CRITICISM_WORDS = _NEEDS | frozenset(["more"])
_CRITICISED = frozenset(
    ["testing", "polish", "polishing", "fixing", "debugging", "qa", "work", "training", "bugfixing"]
)
# As the domain pattern of en.toml finds it: not the customer's own need ("We need more
# testing slots"), nor a question ("Do I need more testing?").
_NEEDS_CRITICISM = compile_pattern(
    r"(?<!\bi )(?<!\bwe )(?<!\byou )(?<!\bthey )(?<!\bnot )(?<!\bnever )(?<!\bnothing )\bneeds?"
    + _CRITICISM
    + r"(?![^.!?]*\?)",
    re.IGNORECASE,
)
# Words of a proposal that are often something else: a department or what a thing already
# does ("customer support", "support said", "Support took three days", "contact Gmail support",
# "Firefox does support JavaScript"), a quantity ("more than an hour", "no more"), a comparison
# ("Not five stars, more like two", not "More like this please"), a plea for help, an answer or
# patience ("Please help.", "Please advise", "please let me know"), a request for a refund or a
# manager, or what to expect ("A small dialog should appear", "50 MB should be enough"): then
# they propose no change.
_OFTEN_NOT_PROPOSING = _PLEASE | frozenset(["support", "more", "should", "request", "requesting"])
_NOT_PROPOSING = compile_pattern(
    r"\b(?:customer|tech|technical|product|your|the|called|contacted|emailed|from|with) support\b"
    r"|\b(?:contact|contacting|does|do|did|there is|there's|already) (?!(?:not|never|no) )"
    r"(?:\w+ )?support\b"
    r"|\bshould (?:appear|already|now|then|be enough|be fine|be ok|be okay|be there|show up"
    r"|pop up|see)\b"
    r"|\bsupport[ -](?:said|says|told|was|is|were|team|chat|ticket|agent|agents|staff|line|desk"
    r"|centre|center|never|didn'?t|replied|answered|closed|fixed|solved|resolved|sorted|helped"
    r"|responded|handled|got back|came back|called back|rang back|emailed back|wrote back"
    r"|took|takes|kept|keeps|has been|had|hung up|ignored|refused)\b"
    r"|\bmore than\b|\b(?:no|any|once) more\b"
    r"|(?:^\W*|[,;]\s*|\bor )more like (?!(?:this|these|that|those|the|it|them)\b)"
    r"|\b(?:please|pls|plz),? (?:help|advise|assist|reply|answer|get back|see|note|wait"
    r"|let (?:me|us) know|tell (?:me|us))\b"
    r"|^\W*(?:please|pls|plz)\W*$"
    r"|\b(?:request|requesting) (?:a |an |my |the |for (?:a |an |my )?)?(?:partial |full )?"
    r"(?:refund|money back|replacement|callback|call back|manager|supervisor|cancellation"
    r"|compensation)\b",
    re.IGNORECASE,
)
# "Let" that opens no request: an answer asked for, or what the writer will do next ("Let me
# know", "Let me explain what we're trying to do", stop 59). Only these: "Let apps register
# more than one background trigger" asks (``_NOT_PROPOSING`` has "more than", a quantity, for
# "support").
_LETS_NOT_ASK = compile_pattern(
    r"^\W*(?:(?:please|pls|plz),?\s+)?let (?:me|us) (?:know|explain|describe|clarify|rephrase"
    r"|summari[sz]e|show you|be clear|give (?:you )?(?:some )?(?:context|background)|see|check"
    r"|try)\b",
    re.IGNORECASE,
)
# What opens an instruction to a fellow user, not a request to the maker: "Click the Library
# button", "Try unticking Overlay video output", "Select DirectX video output". With a path
# through menus ("Tools -> Preferences", "Help > Troubleshooting Information") and a question
# of how to do something ("How to add a logo to a video", "How do I disable it?"), the words
# of a proposal name what is done or asked about ("Click Add Bookmarks"): only a cue or a wish
# makes such a text a proposal.
_INSTRUCTIONS = frozenset(
    [
        "click",
        "tap",
        "press",
        "select",
        "choose",
        "navigate",
        "tick",
        "untick",
        "uncheck",
        "type",
        "scroll",
        "drag",
        "paste",
        "reboot",
        "restart",
        "reinstall",
        "uninstall",
        "visit",
        "try",
    ]
)
_HOW_TO = frozenset(["to", "do", "does", "can", "should", "i"])
# Two steps through menus ("Help > Troubleshooting Information > Profile"), or one after a
# verb of going there ("Open Tools -> Options"); not "Service > Food", "parking => less stress".
_MENU_STEP = r"[A-Z][\w-]*(?: [\w-]+){0,3} ?(?:->|=>|→|»|>) ?"
_MENU_PATH = compile_pattern(
    _MENU_STEP + _MENU_STEP + r"[A-Za-z]"
    r"|(?i:\b(?:go to|open|click|select|choose|use|via|tap)) (?:the )?" + _MENU_STEP + r"[A-Za-z]"
)
# The words of a proposal that still make an instruction or a how-to question one: "Type C
# chargers should be included", "How to guides should come with the printer".
_MODALS = _PLEASE | frozenset(
    ["should", "could", "would", "want", "wish", "need", "needs", "ought"]
)
# A comparative that opens a request: "Longer opening hours", "Bigger portions".
_COMPARATIVE_OPENERS = frozenset(
    [
        "less",
        "fewer",
        "better",
        "bigger",
        "larger",
        "longer",
        "shorter",
        "cheaper",
        "faster",
        "quicker",
        "easier",
        "smaller",
        "lower",
        "higher",
        "wider",
        "clearer",
        "simpler",
        "extra",
        "earlier",
        "later",
    ]
)
# A first word that asks for a change: a verb of a request ("Expose ... through getpeerinfo",
# "Hire more staff"; not one that opens a noun as often: "Build fails", "Check-in") or a
# comparative.
_PROPOSAL_OPENERS = (
    _IMPERATIVES
    | _COMPARATIVE_OPENERS
    | frozenset(
        [
            "accept",
            "adopt",
            "automate",
            "avoid",
            "clarify",
            "clean",
            "convert",
            "deprecate",
            "detect",
            "disable",
            "enforce",
            "explain",
            "explore",
            "export",
            "expose",
            "get",
            "hide",
            "hire",
            "ignore",
            "import",
            "migrate",
            "notify",
            "optimize",
            "prefer",
            "protect",
            "refactor",
            "remember",
            "rename",
            "replace",
            "require",
            "respect",
            "restore",
            "retry",
            "revert",
            "serve",
            "simplify",
            "skip",
            "swap",
            "swipe",
            "switch",
            "sync",
            "turn",
            "undo",
            "unify",
            "use",
            "validate",
            "warn",
        ]
    )
)
# Openers that describe as often as they ask: "Clean rooms and friendly staff".
_ADJECTIVE_OPENERS = frozenset(["clean"])
# What follows an opener that asks for something to be done to a thing ("Clean the toilets",
# "Clean up your act"), where one that describes goes on with a noun ("Clean rooms").
_OBJECT_STARTS = frozenset(["the", "up", "your", "it", "them", "this", "that", "our", "all"])
# Wanting something that is not there yet.
_WANT_PATTERN = (
    r"\b(?:i|we)(?:'d| would| really would)?(?: really| only| also)? (?:like|love|want|prefer)"
    r" (?:to see|to have|it if|a|an|the|more|better|some|if|to be able)\b"
    r"|\bi (?:hope|wish)\b|\bhopefully\b|\bhoping (?:for (?:a|an|some|more)|to see)\b"
    r"|\b(?:it|this|app|they|you) (?:needs?" + _CRITICISM_NEEDED + r"|need to|could use"
    r"|should (?:have|add|include|allow"
    r"|let|support|offer))\b|\bwould (?:be (?:nice|great|cool|awesome|helpful|good)|help)\b"
    r"|\bplease (?:add|allow|make|bring|let(?! (?:me|us) know\b)|give|include|consider|support)\b"
    r"|\b(?:add|need|want) (?:an? )?(?:option|feature|setting|button|way)\b"
    r"|\bable to\b|\bability to\b|\bneeds?" + _CRITICISM_NEEDED + r" (?:an?|more|some|the) \w+"
)
_WANT = compile_pattern(at_first_letters(_WANT_PATTERN), re.IGNORECASE)
# A problem told without a sentiment word: something failed, stopped, will not, is missing.
_PROBLEM_WORDS = frozenset(
    [
        "blank",
        "stuck",
        "hang",
        "hangs",
        "hanging",
        "froze",
        "broke",
        "broken",
        "unable",
        "cant",
        "can't",
        "cannot",
        "couldn't",
        "couldnt",
        "won't",
        "wont",
        "wouldn't",
        "wouldnt",
        "doesn't",
        "doesnt",
        "didn't",
        "didnt",
        "isn't",
        "isnt",
        "stopped",
        "missing",
        "lost",
        "wrong",
        "never",
        "nothing",
        "nobody",
        "why",
        "unusable",
        "again",
        "refund",
        "keeps",
        # Not "blurred background" nor "crackling fire" (helper-87).
        "blurry",
        "crackles",
    ]
)
_PROBLEM_STEMS = (
    "crash",
    "freez",
    "lag",
    "glitch",
    "bug",
    "error",
    "fail",
    "delay",
    "slow",
    "disconnect",
    "cancel",
    # What a screen, a sound or a page does wrong, in a developer forum's words (stop 43,
    # helper-85's read half): "Markers flicker when the camera animates", "Audio crackles on
    # resume", "Container logs are truncated", "The docs are outdated".
    "flicker",
    "stutter",
    "jitter",
    "truncat",
    "unresponsive",
    "garbl",
    "pixelat",
    "muffl",
    "choppy",
    "unplayable",
    "sluggish",
    "outdated",
)
_WORKS = ("works", "worked", "working", "work")
_LINES = ("internet", "wifi", "connection", "signal", "broadband", "call", "calls")
_PROBLEM_PAIRS = frozenset(
    [
        ("not", "working"),
        # Stop 58: "Wifi in the hotel barely worked", "Internet drops every evening around 8".
        *((little, works) for little in ("barely", "hardly") for works in _WORKS),
        *((line, drops) for line in _LINES for drops in ("drops", "dropped", "dropping")),
        # Stop 59 (helper-122's airline tweets): "dropped calls all day downtown".
        *((drops, line) for drops in ("drops", "dropped", "dropping") for line in _LINES),
        ("no", "longer"),
        ("on", "hold"),
        ("force", "close"),
        ("logs", "me"),
        ("logged", "me"),
        ("still", "waiting"),
        ("still", "no"),
        ("still", "not"),
        ("still", "need"),
        ("still", "have"),
        # Data lost to the product: "it sometimes deletes all my notes", "wiped all my saves"
        # (not "I deleted my account", "Delete button").
        ("deletes", "all"),
        ("deleted", "all"),
        ("deleting", "all"),
        ("wipes", "all"),
        ("wiped", "all"),
        ("erased", "all"),
        ("erases", "all"),
        ("locked", "out"),
    ]
)
# Words without which none of the suggestion cues can match: the costly patterns run only
# on the texts that have one.
_CUE_WORDS = frozenset(
    [
        "would",
        "will",
        "it'd",
        "that'd",
        "i'd",
        "you",
        "please",
        "could",
        "can",
        "wish",
        "why",
        "how",
        "what",
        "suggest",
        "suggestion",
        "suggestions",
        "feature",
        "love",
        "option",
        "consider",
        "maybe",
        "like",
        "want",
        "prefer",
        "hope",
        "hopefully",
        "need",
        "needs",
        "should",
        "able",
        "ability",
        "add",
    ]
)


@cache
def _english_anchors() -> PatternAnchors:
    """The first words of our English domain patterns, suggestion cues and "want" cues: the
    costly patterns run only on clauses that have one."""
    english = language_lexicon("en")
    domain = [p for p, _ in english.domain_pattern_list]
    return PatternAnchors([domain, list(english.idea_cue_patterns), [_WANT_PATTERN]])


# A change the customer made, and what it did since: "I updated the app and now all the pages
# are blank", "since the update it won't open". Told without a sentiment word, the change and
# its "now" are the sign of a problem.
_CHANGES = frozenset(
    [
        "update",
        "updated",
        "updating",
        "upgrade",
        "upgraded",
        "installed",
        "reinstalled",
        "restarted",
        "rebooted",
        "reset",
    ]
)
_SINCE = frozenset(["now", "since", "anymore", "after"])
# Words of what the customer saw, which a request does not have: "Longer wait every time",
# "Cheaper elsewhere.", "Slower since the update", "this week".
_TOLD_AS_SEEN = _SINCE | frozenset(
    [
        *("every", "elsewhere", "lately", "recently", "today", "yesterday", "tonight"),
        *("always", "usual", "ever", "week", "new", "again"),
    ]
)
_FIX_WORDS = frozenset(["fix", "fixed", "fixing", "sort", "sorted", "resolve", "resolved"])
# A modal asking for an answer, not a change: "Could you send me more details?", "Can you
# tell me the status of my order?", "Could you send me the invoice for order 4471?", "Can you
# share the logs?" (stop 57: a model trained again read the first as an idea; helper-119 the
# others). Not a change asked for where the answer would go ("Would you post the allergen info
# on the website?", "Could you email me a receipt after each order?"). Read in a text of one
# sentence only: beside it, another may ask for a change.
_ASKS_FOR_DETAILS = compile_pattern(
    r"\b(?:could|can|would|will) you (?:please |pls |kindly |also )?(?:(?:send|give|tell|show"
    r"|share|provide|email|forward|dm) (?:me|us) (?:\w+ ){0,3}?(?:details|info|information"
    r"|invoice|receipt|copy|link|steps|status|order number|tracking number)|(?:send|share|post"
    r"|attach|provide) (?:the |your |some |more )?(?:logs?|screenshots?))\b"
    r"(?![^.!?]{0,40}\b(?:on|in|to) (?:the|your) (?:app|website|site|page|menu|screen|board)\b)"
    r"(?![^.!?]{0,40}\b(?:after|with) (?:each|every)\b)",
    re.IGNORECASE,
)
# What a customer demands for themselves, not a change to the product: "Give me a refund",
# "Give me access to my account", "Please give our money back", "Give me an answer by Friday"
# (not "Give developers access to the NFC reader", "Give us access to our order history
# offline", "Give me an option to export"). The thing demanded ends the clause or is followed
# by a word of when or what for. The same list guards the "please give" and "could you give"
# cues of assets/lexicon/en.toml.
_GIVE_ME_MINE = compile_pattern(
    r"^\W*(?:(?:please|pls|plz|just),? )?give (?:(?:me|us) )?(?:back )?"
    r"(?:(?:my|our|a|an|the|full|partial) )*(?:refund|money|compensation|voucher|answer"
    r"|access to (?:my|our) (?:account|booking|order|money|funds|data))\b"
    r"(?=\s*(?:[.!?,;]|$|(?:back|now|please|asap|immediately|already|today|for|or|and|by|so)\b))",
    re.IGNORECASE,
)
# A rebuke asked as a question: "How could the app display my password in plain text?",
# "Honestly, how can they charge twice?", "How dare you" (not "How would you feel about a
# loyalty card?", "How can you add a widget?" nor "How could we make sharing easier?"). Read
# in a text of one sentence only ("How could you not have a dark mode? Add one please.").
_HOW_COULD_THEY = compile_pattern(
    r"^\W*(?:\w+,? )?how (?:could|can|dare) (?:you|u|they|the|it|this|that|anyone|someone|he"
    r"|she)\b(?! (?:guys |folks )?(?:add|make|improve|consider|offer|introduce|support|allow"
    r"|bring)\b)",
    re.IGNORECASE,
)
# A text that goes on after its first sentence ends.
_NEXT_SENTENCE = compile_pattern(r"[.!?]+\s+\S")
# Verbs that ask a business for something it does not have yet: what is asked for is wanted,
# not praised ("Offer free wifi", "Include a free dessert with the menu", "Hire more friendly
# staff", "Add a loyalty reward program" were compliments at 0.59 to 0.92 in stop 57's build).
# Not "keep", "try", "get", "let", "have" nor "give ... a medal": they praise what is there
# ("Keep up the great work", "Try the lasagne", "Let me say, great job", "Have a great day");
# nor "bring", "allow", "make", "put" or "consider", which advise other customers or praise
# as often ("Bring an appetite", "Allow plenty of time to enjoy the gardens", "Make a
# reservation because the food is incredible", "Put a smile on my face", "Consider me
# impressed": helper-121's review).
_ASKS_FOR_NEW = frozenset(
    [
        "add",
        "provide",
        "include",
        "enable",
        "offer",
        "introduce",
        "implement",
        "create",
        "stock",
        "extend",
        "sell",
        "expand",
        "hire",
        "serve",
        "open",
        "adopt",
        "integrate",
    ]
)
# Verbs of a request whose object's words of blame name what the asked-for feature would
# handle ("Give the emulator a way to simulate poor network conditions", ``_whole_text``), and
# what such a request is not when it opens on the customer's own ("Allow me to cancel...").
_FOR_ME = frozenset(["me", "us", "my", "our"])
_ASKS_PLAINLY = _ASKS_FOR_NEW | frozenset(
    ["allow", "support", "let", "give", "consider", "restore", "expose", "bring", "display"]
)
# Where a request's clause goes on to say something else ("Offer wifi, the staff are great",
# "Add a dark mode but I love it"), or the opener is a noun or the request praises someone
# ("Offer code worked perfectly", "Stock levels are always great", "Hire more people like
# Jess, she was brilliant"): its praise is the customer's own.
_GOES_ON = compile_pattern(r"[.!?;,:]+\s+\S|\b(?:but|though|although|btw)\b")
_DESCRIBES = frozenset(
    [
        *("is", "was", "are", "were", "been", "worked", "works", "because", "like", "she"),
        *("he", "they", "it's", "its", "thank", "thanks"),
    ]
)
# Praise whose object is a harm the company did is irony, as thanks for one is (en.toml's
# "thanks for losing my bag"): "Love how you moved my flight to 6am without asking", "Gotta
# love @united losing my luggage again", "Love waiting on hold for 2 hours", "Nice of you to
# oversell my flight" (stop 59, helper-122's airline tweets, ours, read; written as general
# English). Its praise counts as blame (``_whole_text``). Not praise of a harm put right ("love
# how they rebooked me after the cancellation"), of one denied ("love how they never lose my
# bags"), of being able to ("love how easy it is to change my seat"), of a harm done for the
# customers ("nice of them to delay the flight so we could all make the connection"), of one
# worth it ("I love waiting 10 minutes for my coffee because it is always perfect") nor of a
# seat changed, a favour as often ("I love that you changed my seat to the exit row").
_IRONIC_PRAISE = compile_pattern(
    r"\b(?:(?:love|loves|luv|adore|loving) (?:it )?(?:when |how |that )?|(?:nice|kind|good|sweet"
    r"|thoughtful|classy|considerate|great) of (?:you|u|ya|y'all|them|[@\w]+) to )"
    r"(?:(?!(?:not|never|no|didn'?t|don'?t|doesn'?t|won'?t|rebook\w*|refund\w*|fix\w*|sort\w*"
    r"|help\w*|upgrad\w*|after|despite|though|although|even|handled|dealt)\b)[@\w'’]+ "
    r"(?<!\bto )(?<!\bcan )(?<!\bcould )){0,6}?"
    r"(?:los(?:e|es|ing|t) (?:my|our|the|a)|cancel(?:l?ed|l?ing|s)? (?:my|our|the|a|\w+ flight)"
    r"|delay(?:ed|ing|s)? (?:my|our|the|a|\w+ flight)|overbook\w*|oversell\w*|oversold"
    r"|bump(?:ed|ing|s)? (?:me|us)\b(?! up)|got bumped\b(?! up)|strand\w*|hangs? up|hung up"
    r"|hanging up|(?:wait|waiting|waited|being|sitting|sat|stuck|left) (?:on hold|on the tarmac"
    r"|at the gate|in line|in a queue|(?:for )?(?:\d+|an?|two|three|four|five|six|seven|ten)"
    r" (?:hours?|hrs?|h|minutes?|mins?|days|weeks))|(?:moved|changed|switched) (?:my|our)"
    r" (?:flight|booking|reservation)(?! (?:up|forward|earlier)\b)|ran out|running out|overcharg\w*"
    r"|charg(?:e|es|ed|ing) (?:me|us) (?:twice|double|extra)|ignor(?:e|es|ed|ing) (?:me|us|my|our)"
    r"|drop(?:s|ped|ping) (?:my |the |all )?"
    r"calls?)\b(?![^.!?]{0,40}\b(?:so (?:we|i|that|everyone|they)|for (?:us|me|everyone"
    r"|connecting)|to wait for|because|worth)\b)",
    re.IGNORECASE,
)
# A customer who opens on needing a thing: "We really need a stable API for reading app usage
# time", "I'd like a simpler checkout" (stop 59, helper-124's developer forum sentences). Not
# what the customer would do ("We'd love to come back"), nor a thing wanted, which is as often
# praise of it ("I want some of these #google toys", Sanders).
_WANTS_A_THING = compile_pattern(
    r"^\W*(?:i|we)(?:(?: really| just| also| still| definitely| badly| desperately)?"
    r" (?:need|would (?:really )?(?:like|love))|'d (?:really )?(?:like|love))"
    r" (?:a|an|the|some|more|better|for|to see|it if)\b",
    re.IGNORECASE,
)
_WE = frozenset(["i", "we"])
# The words one of which ``_IRONIC_PRAISE`` needs: it is searched only in a text that has one.
_LOVES = frozenset(["love", "loves", "luv", "adore", "loving"])
_KIND_OF = frozenset(
    ["nice", "kind", "good", "sweet", "thoughtful", "classy", "considerate", "great"]
)
_FIX_IT = compile_pattern(
    r"\b(?:should|must|needs? to|has to|have to) (?:really |seriously )?(?:be )?(?:fix|sort|resolv)"
    r"\w*|\bfix (?:it|this|that|the|your)\b|\bplease fix\b",
    re.IGNORECASE,
)
# "lol", "lolz", "lmaoo", "haha", "ahahah", "rofl" (a letter three times running is already
# two: "lolll" is "loll").
_LAUGHTER = compile_pattern(r"l+o+l+[lsz]*|lmf?a+o+|a?(?:h+a+){2,}h*|rofl")
_PUNCT = compile_pattern(r"[.,;:!?]")
_REPEAT = compile_pattern(r"(\w)\1{2,}")
_TRIPLE = compile_pattern(r"(.)\1\1")
_DIGITS = compile_pattern(r"\d")


def blank_addresses(text: str) -> str:
    """Return the text with links, addresses and @handles replaced by spaces (same length)."""
    spans = excluded_spans(text)
    if not spans:
        return text
    parts = []
    last = 0
    for start, end in spans:
        parts.append(text[last:start])
        parts.append(" " * (end - start))
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _bucket(name: str, value: float) -> str:
    """Return a coarse bin of a score as a feature name ("lex:+2", "lex:-1", "lex:0")."""
    if -0.5 < value < 0.5:
        return f"{name}:0"
    step = 1 if abs(value) < 1.5 else 2 if abs(value) < 3 else 3 if abs(value) < 5 else 4
    return f"{name}:{'+' if value > 0 else '-'}{step}"


# English contractions typed without their apostrophe ("wasnt", "didnt", as most tweets and
# many reviews type them) or with it stripped by an export ("wasn t", Booking.com's guest
# answers): each is read as the contraction, so that it negates and weighs what the model
# learned for it. "The food wasnt great" was praise at 1.00, "Staff werent helpful" at 0.95
# and "Room wasn t ready" at 0.96 in stop 62's build. "cant" and "dont" were negators already.
_CONTRACTIONS = (
    *("isn't", "wasn't", "aren't", "weren't", "don't", "doesn't", "didn't", "can't"),
    *("couldn't", "wouldn't", "shouldn't", "won't", "hasn't", "haven't", "hadn't", "ain't"),
    *("needn't", "mustn't"),
)
_UNAPOSTROPHED = {c.replace("'", ""): c for c in _CONTRACTIONS}
# The first half of a contraction whose apostrophe became a blank: "wasn" of "wasn t".
_STRIPPED = {c.partition("'")[0]: c for c in _CONTRACTIONS}


def _contracted(words: list[str]) -> list[str]:
    """Return English words with the contractions typed without an apostrophe written with
    one (``_CONTRACTIONS``): "wasnt" and "wasn t" are "wasn't"; and "anything but" read as
    the "not" it means ("The staff were anything but helpful", stop 65)."""
    if "anything" in words and "but" in words:
        words = [
            "not" if w == "but" and i and words[i - 1] == "anything" else w
            for i, w in enumerate(words)
        ]
    if _UNAPOSTROPHED.keys().isdisjoint(words) and "t" not in words:
        return words
    out: list[str] = []
    last = len(words) - 1
    i = 0
    while i <= last:
        word = words[i]
        full = _UNAPOSTROPHED.get(word)
        if full is None and i < last and words[i + 1] == "t":
            full = _STRIPPED.get(word)
            if full is not None:
                i += 1
        out.append(word if full is None else full)
        i += 1
    return out


def _words(text: str) -> list[str]:
    lowered = without_invisible(text.lower().replace("’", "'"))
    # Any character three times running is rare; only then look for a stretched word.
    if _TRIPLE.search(lowered) and _REPEAT.search(lowered):
        lowered = _REPEAT.sub(r"\1\1", lowered)
    words = _TOKEN.findall(lowered)
    if (
        "lol" in lowered
        or "lmao" in lowered
        or "lmfao" in lowered
        or "hah" in lowered
        or "rofl" in lowered
    ):
        # Laughter is a tone, not a word of praise or blame (the lexicon gives it none
        # either): the public tweets the model learns from laugh mostly in praise, and a
        # complaint ending in "Lol" was read as praise (helper-66).
        words = [w for w in words if _LAUGHTER.fullmatch(w) is None]
    return words


# What a word does in ``read``: whether it may tell of a problem (on its own or after the
# word before), the word its features use ("<num>" for numbers), whether it strengthens the
# next word, whether it opens or closes a negation, its English valence (None: none), its two
# word features (plain and negated), the start of the pair feature it opens, and whether it
# tells of a problem on its own. Worked out once per word: customers reuse their words.
_WordInfo = tuple[bool, str, bool, int, float | None, str, str, str, bool]
_PAIR_ENDS = frozenset(second for _, second in _PROBLEM_PAIRS)
_NEGATES = 1
_ENDS_SCOPE = 2
# In a text that denies a problem (``denies_a_problem``), an article uses up none of a
# negation's three words, "zero" negates, and neither the problem denied nor the "never" that
# denies it is a problem told: "Never had a single problem", "Never had an issue with them",
# "Zero issues since I switched" were complaints at 0.45 to 0.99 in stop 57's build. Not in
# other texts: "without a doubt the best", "couldn't have had a better time" praise.
_IN_SCOPE = 3
_ARTICLES = frozenset(["a", "an", "the"])
# The problems ``denies_a_problem`` knows, as written (its pattern is made of them): a text
# with none of them is not searched.
_DENIED = frozenset(
    [
        *("problem", "problems", "issue", "issues", "bug", "bugs", "crash", "crashes"),
        *("crashed", "lag", "glitch", "glitches", "error", "errors", "delay", "delays"),
        *("complaint", "complaints", "hiccup", "hiccups", "scratch", "scratches"),
        *("downside", "niggle", "gripe"),
    ]
)
_DENIERS = frozenset(
    [
        *("no", "not", "never", "zero", "without", "haven't", "havent", "hasn't", "hasnt"),
        *("didn't", "didnt"),
    ]
)
# Nor where the text turns ("No issues with delivery but the food was cold"): read whole, the
# denial would pull the problem after it to praise; nor where it compares, and the problem
# denied is one the customer has now ("Never had a problem until this week", "Never had these
# problems with my old provider", "Never had problems before the update", "Zero issues
# resolved after four calls": helper-121's review).
_CONTRASTS = frozenset(
    [
        *("but", "however", "although", "though", "except", "yet", "until", "till", "before"),
        *("only", "other", "such", "these", "those", "resolved", "fixed", "solved", "answered"),
    ]
)
# What a customer is kept from doing is no praise when negated, as "not bad" is: "I can't
# cancel my subscription anywhere in the app" was praise at 0.61 in stop 57's build, "won't let
# me cancel" and "can't block these calls" alike (not "can't complain", "can't fault them").
# Only after a negation of what one can do: "They never cancel on us" and "Didn't block my
# card abroad, great" praise (helper-121).
_PREVENTED = frozenset(["cancel", "dispute", "block", "avoid", "stop"])
# Words with a digit that VADER scores as chat spellings: "@Apple I h8 everything about u" had
# no kind (stop 64, the Apple tweets) while other words with digits are numbers ("<num>"). Not
# its "m8" or "n1" ("HTC One M8", "the N1"), nor "4q" (a quarter).
_CHAT_SPELLINGS = frozenset(["h8", "gr8", "w00t", "n00b"])
# Words of praise that also name a kind of thing after an owner: "Erases my saved passwords
# every day", "the app lost my liked songs", "lost photos of my loved ones" (stop 64, the Apple
# tweets; "saved" is +1.8 in VADER). Not "you saved my trip", "I liked the staff", "we all
# loved it", "its loved by my kids" (typed for "it's").
# Swear words that strengthen the word of praise after them instead of cursing: "The staff
# were damn helpful" was a complaint at 0.96 (stop 65, the Apple tweets: "damn" is -1.7 in
# VADER and swearing counts as anger), as were "bloody brilliant" and "fucking amazing". Before
# a word of blame, or alone, they curse as before ("damn app crashed", "bloody useless").
# Words that strengthen what follows and that VADER scores as praise or blame of their own
# ("super", +2.9; "definitely", +1.7): before a word of praise or blame, or a negation, only
# the strengthening counts ("super annoying", "definitely would not eat here again": praise
# before stop 66; the Yelp sentences, read). "Super!" and "I will definitely be back" keep
# theirs.
_INTENSIFIERS = frozenset(
    [
        "super",
        "definitely",
        "certainly",
        "surely",
        "truly",
        "seriously",
        "terribly",
        "crazy",
        "wicked",
        "honestly",
    ]
)
_MAY_NEGATE = frozenset(["would", "will", "could", "can", "do", "does", "did", "i"])
_SWEAR_BOOSTERS = frozenset(
    [
        *("damn", "damned", "goddamn", "bloody", "freaking", "freakin", "fucking", "fuckin"),
        *("effing", "frickin", "fricking", "friggin", "frigging", "hella"),
    ]
)
_LABELS = frozenset(["saved", "liked", "loved", "favorited"])
_OWNERS = frozenset(["my", "your", "our", "their", "his", "her", "the"])
# What follows a verb, not a thing named: "your saved my holiday" (typed for "you saved").
_NOT_A_THING = frozenset(
    ["my", "our", "me", "us", "you", "him", "her", "them", "it", "the", "a", "an", "his"]
)
# Where a chat spelling is a number after all: "is gate h8 near the lounge?", "does the h8 bus
# stop near your hotel" (helper-134).
_NUMBERED = frozenset(
    [
        *("gate", "seat", "row", "room", "terminal", "platform", "bay", "stand", "flight"),
        *("bus", "route", "level", "zone", "section", "block", "aisle", "pier", "door", "unit"),
    ]
)
_WORD_INFO: dict[str, _WordInfo] = {}
# Some 400 bytes a word: emptied at this size, a big file's new words (typos, codes, names)
# cannot hold more than about 4 MB.
_WORD_INFO_SIZE = 10_000


def _word_info(word: str) -> _WordInfo:
    problem = word in _PROBLEM_WORDS or word.startswith(_PROBLEM_STEMS)
    feature = (
        "<num>"
        if not word.isalpha() and _DIGITS.search(word) and word not in _CHAT_SPELLINGS
        else word
    )
    if feature in _NEGATORS or feature.endswith("n't"):
        scope = _NEGATES
    elif feature in _SCOPE_ENDS:
        scope = _ENDS_SCOPE
    elif feature in _ARTICLES:
        scope = _IN_SCOPE
    else:
        scope = 0
    valence = english_valences().get(feature)
    info = (
        problem or word in _PAIR_ENDS,
        feature,
        feature in _BOOSTERS,
        scope,
        valence,
        "w:" + feature,
        "w:n:" + feature,
        "b:" + feature + " ",
        problem,
    )
    if len(_WORD_INFO) >= _WORD_INFO_SIZE:
        _WORD_INFO.clear()
    _WORD_INFO[word] = info
    return info


def _weighs_nothing_here(words: list[str], at: int) -> bool:
    """Whether the word of praise or blame at ``at`` weighs nothing where it is: it names a
    thing ("my saved passwords", ``_LABELS``; "gate h8", ``_CHAT_SPELLINGS`` beside
    ``_NUMBERED``), or it is a swear word strengthening praise ("damn helpful",
    ``_SWEAR_BOOSTERS``)."""
    word = words[at]
    if word in _SWEAR_BOOSTERS:
        return _swears_in_praise(words, at)
    if word in _INTENSIFIERS:
        return _intensifies(words, at)
    if word in _LABELS:
        return (
            0 < at < len(words) - 1
            and words[at - 1] in _OWNERS
            and words[at + 1] not in _NOT_A_THING
        )
    if word in _CHAT_SPELLINGS:
        # "the h8 bus", not "i h8 flight changes".
        return (at > 0 and words[at - 1] in _NUMBERED) or (
            at + 1 < len(words)
            and words[at + 1] in _NUMBERED
            and (at == 0 or words[at - 1] in _ARTICLES)
        )
    return False


def _swearing(text: str, words: list[str]) -> int:
    """Return how many swear words a text has that curse, not strengthen praise ("damn
    helpful", ``_swears_in_praise``)."""
    found = count_profane(text)
    if found and not _SWEAR_BOOSTERS.isdisjoint(words):
        praising = sum(
            1
            for at, word in enumerate(words)
            if word in _SWEAR_BOOSTERS and is_profane(word) and _swears_in_praise(words, at)
        )
        found = max(found - praising, 0)
    return found


def _intensifies(words: list[str], at: int) -> bool:
    """Whether the word at ``at`` (one of ``_INTENSIFIERS``) strengthens a word of praise or
    blame after it, or a negation just after it ("definitely not", "definitely would not")."""
    if at + 1 >= len(words):
        return False
    after = words[at + 1]
    if english_valences().get(after) or _word_info_of(after)[3] == _NEGATES:
        return True
    return (
        after in _MAY_NEGATE and at + 2 < len(words) and _word_info_of(words[at + 2])[3] == _NEGATES
    )


def _word_info_of(word: str) -> _WordInfo:
    info = _WORD_INFO.get(word)
    return info if info is not None else _word_info(word)


def _swears_in_praise(words: list[str], at: int) -> bool:
    """Whether the word at ``at`` is a swear word that strengthens the word of praise after it
    ("damn helpful", ``_SWEAR_BOOSTERS``)."""
    if words[at] not in _SWEAR_BOOSTERS or at + 1 >= len(words):
        return False
    valence = english_valences().get(words[at + 1])
    return valence is not None and valence > 0.0


def has_link(text: str) -> bool:
    """Whether a text shares a link (asked before its addresses are blanked)."""
    return bool(link_spans(text))


# The feature of a text that shares a link: blanked before reading, a link was the plainest
# sign of a news tweet or an advert, which people read as having no kind (stop 30: of the
# neutral Apple tweets 65% were given one).
LINK_FEATURE = "has:link"


def features(text: str, language: str = "en", link: bool = False) -> list[str]:
    """Return the model's features of a text whose addresses are already blanked
    (``link``: the text shared a link before they were)."""
    return read(text, language, link)[0]


Reading = tuple[list[str], float, bool]


def read(text: str, language: str = "en", link: bool = False) -> Reading:
    """Return a text's features, its lexicon score (raw, unbounded) and whether it has a
    suggestion cue of ours (``link``: the text shared a link before it was blanked)."""
    words = _words(text)
    feats = ["<bias>", LINK_FEATURE] if link else ["<bias>"]
    if not words:
        return feats, 0.0, False
    english = language == "en"
    if english:
        words = _contracted(words)
    lexicon = 0.0
    negated = 0
    boost = 1.0
    previous = "<s>"
    pair = "b:<s> "
    problems = 0
    first = ""
    for w in words:
        if w not in _IMPERATIVE_OPENERS:
            first = w
            break
    info_of = _WORD_INFO
    add = feats.append
    strong: frozenset[int] = frozenset()
    if english:
        seen = _desk_words(words) if "support" in words else words
        if not _NEGATING.isdisjoint(seen):
            strong = _strengthening(seen)
    else:
        # French is read without its accents, as its patterns are: "tres decu" is "très
        # déçu" typed on a phone.
        seen = language_lexicon(language).fold_words(words)
        if language == "fr" and "frais" in seen:
            seen = _frais_words(seen)
    denial = (
        english
        and not _DENIED.isdisjoint(seen)
        and not _DENIERS.isdisjoint(seen)
        and _CONTRASTS.isdisjoint(seen)
        and denies_a_problem(text)
    )
    negator = ""
    at = -1
    for raw in seen:
        at += 1
        info = info_of.get(raw)
        if info is None:
            info = _word_info(raw)
        maybe, word, booster, scope, valence, plain, negative, opens, problem = info
        if denial:
            if negated and scope == _IN_SCOPE:
                negated += 1  # kept whole by the decrement below
            elif raw == "zero":
                scope = _NEGATES
        if (
            maybe
            and (problem or (previous, raw) in _PROBLEM_PAIRS)
            and not (denial and (negated or raw in _DENIERS))
        ):
            problems += 1
        add(negative if negated else plain)
        add(pair + word)
        previous = word
        pair = opens
        if (negated and word in _PREVENTED and negator in _UNABLE) or (
            valence is not None and _weighs_nothing_here(seen, at)
        ):
            valence = None
        if valence is not None and english:
            if negated:
                valence *= -0.74
            lexicon += valence * boost
        boost = 1.3 if booster else 1.0
        if scope == _NEGATES:
            negated = 0 if strong and at in strong else 3
            negator = raw
        elif scope == _ENDS_SCOPE:
            negated = 0
        elif negated:
            negated -= 1
    add(pair + "</s>")
    tail, lexicon, cue = _whole_text(text, words, language, lexicon, problems, first)
    feats.extend(tail)
    return feats, lexicon, cue


# Negations that strengthen what follows instead of denying it (``_strengthening``): the
# negators one of which each form starts with.
_CAN_NOT = frozenset(["can't", "cant", "cannot", "couldn't", "couldnt"])
# The negations of what one can do (``_PREVENTED``).
_UNABLE = _CAN_NOT | frozenset(["won't", "wont", "wouldn't", "wouldnt"])
_NEGATING = _CAN_NOT | frozenset(["not", "never", "haven't", "hasn't", "hadn't"])
_TO_BE = frozenset(["be", "been", "get", "got", "gotten", "gone"])
# What "couldn't be ..." is at its most: "couldn't be easier", "couldn't have been ruder".
_BEYOND = frozenset(
    [
        "more", "worse", "better", "happier", "easier", "simpler", "nicer", "friendlier",
        "smoother", "faster", "quicker", "kinder", "cleaner", "ruder", "slower", "dirtier",
    ]
)  # fmt: skip
_PRAISING = frozenset(
    ["thank", "praise", "recommend", "agree", "rate", "stress", "emphasise", "emphasize"]
)
# What one could not imagine or ask for beyond what one got (``_strengthening``).
_WISHING = frozenset(["imagine", "ask", "asked", "wish", "wished", "hope", "hoped"])
_LIVED = frozenset(
    [
        "been", "felt", "seen", "had", "experienced", "eaten", "tasted", "met", "stayed",
        "used", "received", "flown", "heard", "known", "owned", "bought", "dealt", "encountered",
        "found", "tried", "visited", "watched", "played", "read", "treated", "waited",
    ]
)  # fmt: skip
_SO = frozenset(["so", "such", "this", "more", "better", "worse", "happier"])
_THIS = frozenset(["this", "that", "it"])
# Relief at getting away: "I have never been so happy to get off a plane" is no praise.
_AWAY = frozenset(["leave", "get", "cancel", "escape", "see", "land", "switch", "go"])


def _strengthening(words: list[str]) -> frozenset[int]:
    """Return the places of the negators whose negation strengthens what follows, where
    reading it as a denial turned the words around: "I couldn't be more disappointed", "It
    could not be worse", "couldn't be easier", "can't get any better", "I can't believe how
    rude they were" (and "I can't believe they lost my bag"), "I cannot thank you enough", "I
    couldn't agree more", "I have never been so disappointed", "Never had such bad service",
    "I've never had a better meal", "Never have I seen such a mess". Not "couldn't be less
    helpful", "isn't more expensive", "I can't get better signal than one bar", "I can't
    recommend them any more", "never been so happy to get off a plane", nor "never again"."""
    found: set[int] = set()
    last = len(words)
    for i, w in enumerate(words):
        modal = w in _CAN_NOT or (w == "not" and i > 0 and words[i - 1] in ("could", "can"))
        if modal and i + 1 < last:
            j = i + 1
            if words[j] == "believe":
                found.add(i)
                continue
            if words[j] in _WISHING:
                if _wished_beyond(words, j):
                    found.add(i)
                continue
            if words[j] in _PRAISING:
                after = words[j + 1 : j + 8]
                if "enough" in after or any(
                    a == "more" and (k == 0 or after[k - 1] != "any") for k, a in enumerate(after)
                ):
                    found.add(i)
                continue
            if words[j] == "have":
                j += 1
                if j < last and words[j] in _WISHING:
                    if _wished_beyond(words, j):
                        found.add(i)
                    continue
            if j < last and words[j] in _TO_BE:
                getting = words[j] not in ("be", "been")
                j += 1
                if j < last and words[j] in ("any", "much", "so"):
                    j += 1
                # "can't get better" is at its best only where nothing is got: "It can't get
                # any better", "... better than this", not "can't get better signal".
                if (
                    j < last
                    and words[j] in _BEYOND
                    and (
                        not getting
                        or j + 1 == last
                        or (words[j + 1] == "than" and j + 2 < last and words[j + 2] in _THIS)
                    )
                ):
                    found.add(i)
            continue
        if w == "never" or w in ("haven't", "hasn't", "hadn't"):
            j = i + 1
            if j + 1 < last and words[j] in ("have", "has", "had") and words[j + 1] in ("i", "we"):
                j += 2
            if j < last and words[j] == "ever":
                j += 1
            if j < last and words[j] in _LIVED:
                j += 1
                if j < last and (
                    words[j] in _SO
                    or (words[j] in ("a", "an") and j + 1 < last and words[j + 1] in _BEYOND)
                ):
                    k = j + 2
                    if not (k + 1 < last and words[k] == "to" and words[k + 1] in _AWAY):
                        found.add(i)
    return frozenset(found)


def _wished_beyond(words: list[str], at: int) -> bool:
    """Whether the verb of wishing at ``at`` reaches for the best there could be: "I can't
    imagine a friendlier staff", "couldn't ask for a better host", "couldn't have wished for
    nicer weather" (SemEval-2014's restaurant reviews, read). Not "I can't imagine a reason
    to go back", "I couldn't ask for help"."""
    k = at + 1
    while k < len(words) and k < at + 4 and words[k] in ("for", "a", "an", "any"):
        k += 1
    return k > at + 1 and k < len(words) and words[k] in _BEYOND


def _desk_words(words: list[str]) -> list[str]:
    """Return the words with "support" that names the help desk read as ``SUPPORT_DESK``.

    Most texts the model learned "support" from are feature requests among issue titles
    ("Support HEIC images", "Add support for dark mode"), so the word alone leaned hard to an
    idea, and "Support took three days to reply" read as one. The desk is the word's subject
    use ("Support never answered", "support team") or a desk's name ("customer support",
    "contacted support"); "support for ..." stays a request.
    """
    result = words
    last = len(words) - 1
    for i, word in enumerate(words):
        if word != "support":
            continue
        after = words[i + 1] if i < last else ""
        if after == "for":
            continue
        if after in _DESK_NEXT or (i > 0 and words[i - 1] in _DESK_BEFORE):
            if result is words:
                result = list(words)
            result[i] = SUPPORT_DESK
    return result


# The help desk, as the model reads it (no customer's word has an underscore: ``_TOKEN``).
SUPPORT_DESK = "support_desk"
# What follows "support" as the desk: a verb it did, or a noun it names.
_DESK_NEXT = frozenset(
    [
        "was",
        "were",
        "is",
        "are",
        "has",
        "have",
        "had",
        "never",
        "didn't",
        "didnt",
        "doesn't",
        "doesnt",
        "won't",
        "wont",
        "can't",
        "cant",
        "couldn't",
        "wouldn't",
        "isn't",
        "wasn't",
        "aren't",
        "weren't",
        "hasn't",
        "haven't",
        "keeps",
        "kept",
        "keep",
        "took",
        "takes",
        "said",
        "says",
        "told",
        "tells",
        "helped",
        "helps",
        "answered",
        "answers",
        "replied",
        "replies",
        "responded",
        "responds",
        "closed",
        "closes",
        "sent",
        "sends",
        "got",
        "gets",
        "gave",
        "gives",
        "called",
        "calls",
        "refused",
        "refuses",
        "asked",
        "asks",
        "hung",
        "fixed",
        "fixes",
        "solved",
        "solves",
        "sorted",
        "resolved",
        "resolves",
        "just",
        "still",
        "only",
        "finally",
        "ignored",
        "ignores",
        "team",
        "staff",
        "agent",
        "agents",
        "guy",
        "guys",
        "lady",
        "person",
        "people",
        "rep",
        "reps",
        "ticket",
        "tickets",
        "chat",
        "line",
        "hotline",
        "center",
        "centre",
        "department",
        "desk",
        "email",
        "emails",
        "phone",
        "number",
        "hours",
        "response",
        "responses",
        "experience",
        "forum",
        "portal",
        "call",
        "calls",
        "contact",
    ]
)
# What names the desk before "support".
_DESK_BEFORE = frozenset(
    [
        "customer",
        "tech",
        "technical",
        "your",
        "their",
        "our",
        "live",
        "phone",
        "chat",
        "contacted",
        "called",
        "emailed",
        "messaged",
        "contact",
        "via",
    ]
)


def _frais_words(words: list[str]) -> list[str]:
    """Return French words with "frais" read as what it says there: fresh where it is said of
    something ("sont frais", "très frais"), ``FEES`` where it names a charge, and left out
    otherwise.

    The French model learned from restaurant reviews, where "frais" is fresh and praise ("des
    produits frais"). A bank's or a shop's customers write it for fees ("les frais de
    dossier", "des frais bancaires", "sans frais"), and a plain question about them read as
    praise (helper-102); a grocer's "produits frais" is a department ("Les produits frais
    sont au fond du magasin", helper-103). The fee is the noun: a determiner, "sans" or "à"
    before it, an adjective of charges after it, or what is charged after it where it opens
    the text ("Frais de port offerts"). Fresh as praise is said of a thing, or graded.
    """
    result = list(words)
    last = len(words) - 1
    for i in range(last, -1, -1):
        if words[i] != "frais":
            continue
        before = words[i - 1] if i else ""
        if before in _FRESH_BEFORE:
            continue
        after = words[i + 1] if i < last else ""
        if i == 0:
            fee = after == "de" or after[:2] == "d'"
        else:
            fee = before in _FEE_BEFORE or after in _FEE_AFTER
        if fee:
            result[i] = FEES
        else:
            del result[i]
    return result


# French fees, as the model reads them. The words of these lists are written without accents,
# as the model reads them (``read``).
FEES = "frais_fees"
_FEE_BEFORE = frozenset(
    [
        "les",
        "des",
        "mes",
        "tes",
        "ses",
        "nos",
        "vos",
        "leurs",
        "ces",
        "aux",
        "sans",
        "de",
        "en",
        "a",
        "aucun",
        "zero",
        "quels",
        "tous",
        "petits",
        "moindres",
    ]
)
# What makes "frais" fresh, said of a thing or graded: "sont frais", "très frais", "pas frais".
_FRESH_BEFORE = frozenset(
    [
        "est",
        "sont",
        "etait",
        "etaient",
        "etre",
        "soit",
        "sera",
        "seront",
        "reste",
        "restent",
        "tres",
        "bien",
        "toujours",
        "super",
        "hyper",
        "extra",
        "vraiment",
        "si",
        "trop",
        "assez",
        "pas",
        "plus",
        "jamais",
        "tout",
        "parfaitement",
        "ultra",
    ]
)
_FEE_AFTER = frozenset(
    [
        "bancaires",
        "supplementaires",
        "caches",
        "annexes",
        "fixes",
        "kilometriques",
        "postaux",
        "medicaux",
        "reels",
        "partages",
        "reduits",
        "generaux",
        "offerts",
    ]
)


def _proposes(text: str, words: list[str], signs: frozenset[str]) -> bool:
    """Whether a text has a word of a proposal (one of ``signs``) used as one (see
    ``_NOT_PROPOSING``)."""
    found = signs.intersection(words)
    if (
        not _NEEDS.isdisjoint(found)
        and not _CRITICISED.isdisjoint(words)
        and _NEEDS_CRITICISM.search(text) is not None
    ):
        # A product criticised: "needs a lot more testing" asks for nothing new.
        found -= _CRITICISM_WORDS
    if not found or not found <= _OFTEN_NOT_PROPOSING:
        # None at all, or one that is always a proposal's ("option", "could").
        return bool(found)
    # Only such words: a proposal unless every use is one of those. The uses are counted in
    # the words the text's own are ("Please, help": "please", not "please,").
    plain = [_TOKEN.findall(m.group(0).lower()) for m in _NOT_PROPOSING.finditer(text)]
    return any(words.count(w) > sum(1 for p in plain if w in p) for w in found)


# What may follow a comparative that is praise, not a request for more of something.
_NOT_NAMED = frozenset(
    [
        "than",
        "now",
        "already",
        "yet",
        "still",
        "so",
        "overall",
        "today",
        "again",
        "and",
        "but",
        "every",
        "each",
        "much",
        "by",
        "for",
        # A noun, not a request: "Respect to the staff", "Increase in quality is noticeable".
        "to",
        "in",
        "of",
        "is",
        "was",
        "are",
        "were",
        "on",
        "at",
        # The verb of a subject: "Support has not responded", "Update keeps crashing".
        "has",
        "had",
        "hasn't",
        "hasnt",
        "does",
        "did",
        "doesn't",
        "doesnt",
        "didn't",
        "didnt",
        "will",
        "won't",
        "would",
        "can",
        "can't",
        "cant",
        "could",
        "should",
        "keeps",
    ]
)


def _names_what(words: list[str], first: str) -> bool:
    """Whether an opener that asks for a change names what should change ("Better search for
    old messages", "Improve the search"), rather than saying how things are ("Better.",
    "Better than ever", "Respect to the staff", "Increase in quality is noticeable")."""
    if "than" in words:
        return False
    after = _after(words, first)
    # "Switch to paper straws" names what to switch to (the "to" of "Respect to the staff"
    # names nothing).
    return after.isalpha() and (after not in _NOT_NAMED or (first == "switch" and after == "to"))


def _object_of(words: list[str], first: str) -> bool:
    """Whether a verb of a request goes on with what it asks for ("Allow more than 5
    devices"), not as a noun does ("Increase in quality is noticeable", "Respect to the
    staff", ``_NOT_NAMED``): ``_names_what`` without its test of a comparative."""
    after = _after(words, first)
    return bool(after) and after not in _NOT_NAMED


def _after(words: list[str], first: str, step: int = 1) -> str:
    """Return the word ``step`` places after a text's opener ("": the text ends before)."""
    at = words.index(first) + step
    return words[at] if at < len(words) else ""


def _names_a_thing(words: list[str], first: str) -> bool:
    """Whether a verb of a request that is as often a thing is that thing here ("Display
    cracked after two days", "Document attached", "Publish button greyed out", "Ship date
    moved again"; helper-84), not a request ("Display the total with tax", "Display time
    remaining", "Document how the scheduler works")."""
    if first not in _NOUNS_TOO:
        return False
    after = _after(words, first)
    then = _after(words, first, 2)
    told = then in _NOT_NAMED or (len(then) > 4 and then.endswith("ed"))
    if len(after) > 4 and after.endswith("ed"):
        # The thing did something: "Display cracked after...", "Document attached for...".
        return not then or then in _AFTER_A_PAST
    return after in _THINGS_AFTER and told


_NOUNS_TOO = frozenset(["display", "document", "publish", "ship"])
# Nouns that make one of those a thing when a verb follows: "Publish button greyed out",
# "Ship date moved again", "Display quality is poor".
_THINGS_AFTER = frozenset(["button", "date", "dates", "page", "screen", "quality", "size"])
# What follows a past that a thing did: "cracked after", "attached for", "failed again".
_AFTER_A_PAST = frozenset(
    ["after", "for", "out", "again", "in", "on", "at", "to", "when", "by", "yesterday", "today"]
)


def _asks_to_do(words: list[str], first: str) -> bool:
    """Whether an opener that also describes ("Clean rooms and friendly staff") is used as a
    request here ("Clean the toilets more often", ``_OBJECT_STARTS``); any other opener is."""
    if first not in _ADJECTIVE_OPENERS:
        return True
    return _after(words, first) in _OBJECT_STARTS


def _told(text: str, words: list[str], first: str) -> bool:
    """Whether a text is an instruction or asks how to do something (see ``_INSTRUCTIONS``):
    then its opener is no request, and of the words of a proposal only a modal or a plea
    counts (``_MODALS``); its cues and wishes still do."""
    if first in _INSTRUCTIONS:
        return True
    if first in ("how", "have", "make"):
        # "How to add a logo", "How do I...?"; "Have you tried...?", "Have a look here";
        # "Make sure the texture is marked as readable" (helper-85's read half).
        after = _after(words, first)
        if (
            (first == "how" and after in _HOW_TO)
            or (first == "make" and after in ("sure", "certain"))
            or (
                first == "have"
                and (
                    after in ("you", "u", "anyone")
                    or (after, _after(words, first, 2)) == ("a", "look")
                )
            )
        ):
            return True
    return (">" in text or "»" in text or "→" in text) and _MENU_PATH.search(text) is not None


def _did_something(words: list[str], first: str) -> bool:
    """Whether an opener that is also a noun is the subject of a verb in the past ("Update
    deleted all my notes", "Update removed the dark mode toggle", "Sync broke my calendar"),
    which tells what happened; a request goes on with what it wants ("Export selected items",
    "Allow signed-in users...")."""
    verb = _after(words, first)
    done_to = _after(words, first, 2)
    if not done_to:
        return False
    if verb in _ONLY_DONE:
        return True
    past = verb in _IRREGULAR_PAST or (len(verb) > 4 and verb.endswith("ed"))
    return past and done_to in _WHAT_IT_DID_IT_TO


# Pasts that customers tell an update or a sync did ("Update broke...", "Sync ate...").
_IRREGULAR_PAST = frozenset(
    [
        "broke",
        "made",
        "took",
        "lost",
        "kept",
        "left",
        "sent",
        "froze",
        "ate",
        "stole",
        "gave",
        "got",
    ]
)
# Pasts no request puts before a noun ("Update killed battery life"; but "Restore deleted
# files", "Show changed lines", "Add improved shortcuts" ask).
_ONLY_DONE = frozenset(
    ["broke", "killed", "ruined", "messed", "screwed", "wiped", "introduced", "froze"]
)
# What follows a verb done to something ("deleted all my...", "broke the widget", "logged me
# out"), not a participle before a noun ("selected items", "signed-in users").
_WHAT_IT_DID_IT_TO = frozenset(
    [
        "my",
        "our",
        "all",
        "the",
        "me",
        "us",
        "everything",
        "every",
        "half",
        "some",
        "most",
        "it",
        "them",
        "this",
        "that",
        "a",
        "an",
    ]
)


def _opens_compound(text: str, first: str) -> bool:
    """Whether an opener is the head of a compound ("Add-ons still load", "Turn-by-turn
    navigation", "Clean-up crew was great"), a noun, not a verb. Not a slash: "Show/hide
    toggle for the sidebar" asks for both."""
    found = _OPENER_IN_TEXT.search(text)
    if found is None or found.group(1).lower() != first:
        return False
    return found.end() < len(text) and text[found.end()].isalnum()


# The first word of a text, after a plea or a filler ("Please add...", "Also add..."), and
# a hyphen joined to it.
_OPENER_IN_TEXT = compile_pattern(
    r"^\W*(?:(?:" + "|".join(sorted(_IMPERATIVE_OPENERS)) + r")\W+)*?([^\W_]+)[-\u2010\u2011]",
    re.IGNORECASE,
)


def denies_a_problem(text: str) -> bool:
    """Whether an English text denies a problem or makes it small ("No crashes at all", "Not
    a single problem", "Never had an issue", "Only issue is the battery"): its problem
    words tell no problem to be ironic about (helper-84)."""
    return _DENIED_PROBLEM.search(text) is not None


_DENIED_PROBLEM = compile_pattern(
    r"\b(?:no|not(?: a| one| a single| any)?|(?:never|not|haven't|hasn't|havent|hasnt|didn't"
    r"|didnt)(?: once)?(?: had| have| been| experienced| seen| got)?"
    r"(?: a| an| any| one| a single)?|zero|without(?: a| an| any)?|no more|only|minor|little"
    r"|small|tiny|slight) (?:single |real |major |big )?(?:[\w-]+ )?"
    rf"(?:{'|'.join(sorted(_DENIED, reverse=True))})\b",
    re.IGNORECASE,
)


# A question that asks for information ("How do I sign the package?", "Does the free plan
# include macOS minutes?", "Is there a newer version?"): feedback forums and customer
# service feeds are full of them, and the people who labelled them gave them no kind. Stop 59,
# helper-122's airline tweets: "what's the check in cutoff...?", "what movies are on...?",
# "can you DM me the number...?", "is my flight...?".
_INFO_QUESTION = compile_pattern(
    r"^\W*(?:@\w+\W+)*(?:(how (?:do|can|should) (?:i|we)\b|how to\b"
    r"|do(?:es)? (?:anyone|anybody|any of you) (?:here )?knows? (?:if|whether|how|what|where"
    r"|when|which|of)\b)"
    r"|what(?:'s|s| is| are| does| do| version| kind| type| zoom| time| \w+ (?:is|are|do|does))\b"
    r"|which\b|does \w"
    r"|(do (?:i|we) (?:need|have) to\b|when (?:do|does|can|is(?![^?]*\bgoing to\b))\b"
    r"|where (?:do|does|can)\b"
    r"|can i (?!(?:\w+ )?(?:get|have|speak|talk|see|add|make)\b)\w+)"
    r"|do (?:you|u|i|we|they)(?: guys)? (?:have|need|know|support|offer|sell|ship|accept|fly"
    r"|serve|allow|charge|take|provide|include)\b"
    r"|can (?:you|u) (?:please |pls )?(?:dm|tell|confirm|check)\b"
    r"|is (?:there|the|this|it|that|my|our|flight)\b|are (?:there|the|these|those|my|our)\b)"
    # A point between digits ends no sentence: "the 2.0 ecoboost?" (stop 61).
    r"(?:[^.!]|(?<=\d)\.(?=\d))*\?\W*$",
    re.IGNORECASE,
)


# A question asking for advice, in words of praise ("What's the best way to...?", "Would you
# recommend...?", "Which library is best for...?").
_ADVICE_QUESTION = compile_pattern(
    r"^\W*(?:@\w+\W+)*(?:what(?:'s|s| is| would be| will be) the (?:best|easiest|simplest"
    r"|quickest|fastest|recommended|right|correct|proper|preferred|cleanest|most efficient)"
    r" (?:way|approach|practice|option|tool|library|place|time)s?|would (?:you|anyone|anybody|u)"
    r" recommend|which (?:[\w-]+ ){0,2}?(?:is|are|would be|do you recommend)(?: the)?"
    r" (?:best|better|recommended|easiest))\b(?=[^.!]*\?\W*$)",
    re.IGNORECASE,
)


# What makes such a question a complaint put as one (helper-87): "Does anyone at this company
# answer the phone anymore?", "Is this some kind of joke?", "What is the point of paying for
# premium...?", "Is there a reason I've been charged three times?", "How do I talk to an actual
# human???", "What's happening to the 20:52 service?" (complaint tweets, read).
_RHETORICAL = compile_pattern(
    r"\b(?:anyone|anybody|someone|somebody|humans?|actual|actually|even|really|at all|anymore"
    r"|any more|ever|supposed|joke|kidding|point|going on|reason|outage|down|again|still"
    r"|seriously|honestly|times|why|happening|happened)\b|\?\s*[?!]",
    re.IGNORECASE,
)


# A survey's answer that says nothing: "n/a", "no comment", "nothing to add", "no thanks",
# "can't think of anything" (stop 61, helper-130's survey answers, read; the model read "no"
# and "no thanks" as complaints). Not "No complaints", "nothing to fault", "all good".
_SAYS_NOTHING = compile_pattern(
    r"^\W*(?:no|nope|none|nothing|nil|n/?a|no comments?|no (?:further|other|more) comments?"
    r"|nothing (?:else|further|more)(?: to (?:add|say|report))?|nothing to (?:add|say|report)"
    r"|no opinion|not sure|unsure|no,? thanks?|no,? thank you|can'?t think of anything(?: else)?"
    r"|nothing comes to mind|no idea|idk|dunno)\W*$",
    re.IGNORECASE,
)
# The longest such an answer is.
_NOTHING_LENGTH = 32


def says_nothing(clause: str) -> bool:
    """Whether an English clause is an answer that says nothing (``_SAYS_NOTHING``)."""
    return len(clause) <= _NOTHING_LENGTH and _SAYS_NOTHING.match(clause) is not None


def asks_for_information(clause: str, reading: Reading) -> bool:
    """Whether an English clause only asks for information: a question of that form with no
    cue of ours, no rhetorical word, no strong word of praise or blame and, but in a "How do
    I...?", no problem told. The model's kind for it is dropped, and so are its scores: the
    item's other clauses do not pull a kind back into it."""
    feats, lexicon, cue = reading
    if cue:
        return False
    advice = _ADVICE_QUESTION.match(clause) if "?" in clause else None
    if advice is not None:
        # The praise is the form's: "What would be the best way to...?", "Would you
        # recommend...?" (stop 60, helper-124's developer forum). What it asks about is read,
        # and a problem told there is not only a question ("... after you cancelled my flight").
        feats, lexicon, cue = read(clause[advice.end() :])
        return (
            not cue
            and abs(lexicon) < 2.0
            and _RHETORICAL.search(clause, advice.end()) is None
            and not any(f.startswith(("cue:", "dom:")) for f in feats)
        )
    if abs(lexicon) >= 2.0:
        return False
    found = _INFO_QUESTION.match(clause)
    # "Does anyone know if...?" asks; its "anyone" is no rhetoric.
    if found is None or _RHETORICAL.search(clause, found.end(1) if found.group(1) else 0):
        return False
    # A problem is what "How do I...?" asks help with ("How do I stop the crash?"); in another
    # question it is often the point ("Is there a reason your app crashes every time?").
    if found.group(1):
        return not any(f.startswith(("cue:idea", "cue:want", "dom:")) for f in feats)
    # In a customer's question of how things work ("Do I need to pay customs on it?", "Can I
    # bring a car seat on board?"; stop 44, helper-89's tweets) "need" and "can" are its form,
    # not a proposal's words.
    form = PROPOSAL_FEATURE if found.group(2) else None
    return abs(lexicon) < 1.0 and not any(
        f.startswith(("cue:", "dom:")) and f != form for f in feats
    )


def _praises_a_harm(text: str, words: list[str]) -> bool:
    """Whether a text praises a harm the company did (``_IRONIC_PRAISE``): irony."""
    return (
        not _LOVES.isdisjoint(words) or ("of" in words and _kind_of(words))
    ) and _IRONIC_PRAISE.search(text) is not None


def _kind_of(words: list[str]) -> bool:
    """Whether a word of kindness comes right before an "of" ("nice of you"): the other half of
    ``_IRONIC_PRAISE``, which long reviews, full of "good" and "of", rarely have."""
    previous = ""
    for w in words:
        if w == "of" and previous in _KIND_OF:
            return True
        previous = w
    return False


def _smiles(text: str, words: list[str], emoji: Mapping[str, float]) -> float:
    """Return what the emoji of praise in a text added to its lexicon score: as words (the
    word loop's valences) and as characters (``emoji_valence``)."""
    valences = english_valences()
    # A float accumulator: compiled, sum() of floats from zero is typed as an int.
    total = 0.0
    for w in words:
        if not w.isascii() and not w[0].isalnum():
            value = valences.get(w, 0.0)
            if value > 0.0:
                total += value
    for ch in text:
        value = emoji.get(ch, 0.0)
        if value > 0.0:
            total += value
    return total


def _whole_text(
    text: str, words: list[str], language: str, lexicon: float, problems: int, first: str
) -> tuple[list[str], float, bool]:
    """Return the features of a text as a whole (lexicon buckets, cues, end, length), its
    lexicon score with emoji, swearing and our phrases added, and whether it has our
    suggestion cue."""
    feats: list[str] = []
    cue = False
    if language == "en":
        told = _told(text, words, first)
        # "Support said ..." names a department, not a request to support something; "let me
        # know" asks for an answer.
        asks = (
            not told
            and first in _PROPOSAL_OPENERS
            and not (first == "support" and _NOT_PROPOSING.search(text) is not None)
            and not (first == "let" and _LETS_NOT_ASK.search(text) is not None)
            and not (first in _NEEDS and _NEEDS_CRITICISM.search(text) is not None)
            and not _opens_compound(text, first)
            and not _did_something(words, first)
            and not _names_a_thing(words, first)
        )
        if asks and _names_what(words, first) and _asks_to_do(words, first):
            # The verb of a request is no praise: "Improve the search" praises nothing, nor
            # does "Better buffering for YouTube streaming" ("Better than ever", "Better now."
            # and "Respect to the staff" do). A warning keeps its blame: "Avoid this place!"
            lexicon -= max(english_valences().get(first, 0.0), 0.0)
        if not text.isascii():
            emoji = emoji_valence()
            lexicon += sum(emoji.get(ch, 0.0) for ch in text)
            if problems and not denies_a_problem(text):
                # A smile or a clap beside a problem told is irony, not praise: "45 minutes
                # on hold just to be disconnected 👏👏", "App crashed again 🙂" (not "No
                # crashes since the update 😊").
                lexicon -= _smiles(text, words, emoji)
        # Swearing is anger, disguised or not ("sh1t", "fuuuck"), but where it strengthens
        # praise ("damn helpful", ``_SWEAR_BOOSTERS``).
        lexicon -= 1.5 * _swearing(text, words)
        wants_new = (
            asks
            and lexicon > 0.0
            and not problems
            and first in _ASKS_FOR_NEW
            and _object_of(words, first)
            and _DESCRIBES.isdisjoint(words)
            and _GOES_ON.search(text) is None
        )
        if wants_new or (
            lexicon > 0.0
            and not problems
            and first in _WE
            and _WANTS_A_THING.match(text) is not None
            and _GOES_ON.search(text) is None
        ):
            # The good things a request asks for praise nothing yet: its score, on the side of
            # praise, goes (a fault negated counts as good: "Hire staff who aren't rude"). So
            # do those of a thing wanted: "We really need a stable API for reading app usage".
            lexicon = 0.0
        elif (
            lexicon < 0.0
            and not problems
            and asks
            and first in _ASKS_PLAINLY
            and _object_of(words, first)
            and _after(words, first) not in _FOR_ME
            and _GOES_ON.search(text) is None
        ):
            # The bad things a request names are what the feature would handle, not blame:
            # "Give the emulator a way to simulate poor network conditions" (stop 59, helper-
            # 124's developer forum sentences; a complaint at 0.69). Not a problem told ("Add
            # a fix for the crash"), nor a request of the customer's own ("Allow me to cancel
            # this useless subscription").
            lexicon = 0.0
        elif lexicon > 0.0 and _praises_a_harm(text, words):
            lexicon = -lexicon
        feats.append(_bucket("lex", lexicon))
        domain_ids, idea_ids, want_ids = _english_anchors().candidates(words)
        domain = domain_score(language, text, words, domain_ids) if domain_ids else 0.0
        if wants_new and domain > 0.0:
            domain = 0.0
        if domain:
            feats.append(_bucket("dom", domain))
            lexicon += domain
        # The sentence test last: it would scan every long review.
        asks_an_answer = (
            ("you" in words and _ASKS_FOR_DETAILS.search(text) is not None)
            or ("how" in words and _HOW_COULD_THEY.search(text) is not None)
        ) and _NEXT_SENTENCE.search(text) is None
        if (idea_ids and not asks_an_answer and has_idea_cue(language, text, words, idea_ids)) or (
            not problems and _names_a_thing_with_please(words)
        ):
            feats.append("cue:idea")
            cue = True
        if (
            asks
            and first in _IMPERATIVES
            and _object_of(words, first)
            and not (first == "give" and _GIVE_ME_MINE.search(text))
        ):
            feats.append("cue:imperative")
        wants = bool(want_ids) and _WANT.search(text) is not None
        if wants:
            feats.append("cue:want")
        if (
            cue
            or wants
            or asks
            or (_proposes(text, words, _MODALS if told else _PROPOSAL_WORDS) and not asks_an_answer)
        ):
            feats.append(PROPOSAL_FEATURE)
            if (
                not cue
                and not problems
                and -0.5 < lexicon < 0.5
                and len(words) <= _SHORT_REQUEST_WORDS
                and (
                    (asks and _names_what(words, first) and _asks_to_do(words, first))
                    or _thing_and_please(words)
                )
                # A fix asked for is told as a problem ("Fix compilation on arm64": issue
                # titles label it a bug), and "Give me my apps back!!!" or "Please give me an
                # answer by Friday" demand.
                and first != "fix"
                and _TOLD_AS_SEEN.isdisjoint(words)
                and not (
                    first in _COMPARATIVE_OPENERS
                    and first not in _LESS
                    and not _COSTS.isdisjoint(words)
                )
                and not (
                    first == "give"
                    and (not _MINE.isdisjoint(words) or _GIVE_ME_MINE.search(text) is not None)
                )
                and words[-1] != "?"
                and _NEXT_SENTENCE.search(text) is None
            ):
                feats.append(SHORT_REQUEST_FEATURE)
        if not _FIX_WORDS.isdisjoint(words) and _FIX_IT.search(text):
            feats.append("cue:fix")
        if problems:
            feats.append(PROBLEM_FEATURES[min(problems, 3) - 1])
        if not _CHANGES.isdisjoint(words) and not _SINCE.isdisjoint(words):
            feats.append("cue:changed")
    if text.rstrip().endswith("?"):
        feats.append("end:?")
    n = len(words)
    feats.append("len:1" if n <= 3 else "len:2" if n <= 10 else "len:3" if n <= 25 else "len:4")
    return feats, lexicon, cue


Logits = tuple[float, float, float, float]


def rule_logits(lexicon: float, cue: bool) -> Logits:
    """Return what our lexicon and cues alone say, as logits to add to the model's.

    The model learned from public data where our customer-service phrases and suggestion cues
    are rare; the lexicon says what they mean with the strength we gave them.
    """
    s = lexicon / math.sqrt(lexicon * lexicon + 15.0)
    idea = RULE_IDEA if cue else 0.0
    return (RULE_SCALE * s, idea, -RULE_SCALE * s, RULE_NEUTRAL - RULE_SCALE * abs(s))


class KindScores:
    """The probability of each class for one text, in ``CLASSES`` order.

    Read-only (``Final``); a plain class, not a frozen dataclass, so that the compiled build
    makes one without an interpreted ``__init__`` (every clause of every item has one).
    """

    __slots__ = ("probabilities",)

    def __init__(self, probabilities: tuple[float, float, float, float]) -> None:
        self.probabilities: Final = probabilities

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KindScores) and other.probabilities == self.probabilities

    def __hash__(self) -> int:
        return hash(self.probabilities)

    def __repr__(self) -> str:
        return f"KindScores({self.probabilities!r})"

    def best(self, neutral_min: float) -> tuple[Kind, float]:
        """Return the likeliest kind and its probability; unclassified only when "no kind"
        is at least ``neutral_min`` likely and likelier than every kind."""
        praise, idea, problem, none = self.probabilities
        top, best = 0, praise  # the first of equals wins
        if idea > best:
            top, best = 1, idea
        if problem > best:
            top, best = 2, problem
        if (none >= neutral_min and none > best) or best < MIN_KIND:
            return Kind.UNCLASSIFIED, 0.0
        return CLASSES[top], best

    def of(self, kind: Kind) -> float:
        """Return the probability of one class."""
        return self.probabilities[CLASSES.index(kind)]


class KindModel:
    """A linear model over named features: weights per feature and class, plus a bias.

    Inference is plain Python (a text has a few dozen features: summing their rows is
    cheaper than a numpy call, and the analysis then needs no numpy at all); training and
    the local layer use numpy.

    Args:
        names: the feature names, one per weight row.
        weights: the weights, one row of ``len(CLASSES)`` numbers per name (a numpy array,
            or any sequence of rows).
        neutral_min: how likely "no kind" must be to leave a text unclassified.
    """

    def __init__(self, names: Sequence[str], weights: Any, *, neutral_min: float = 0.55) -> None:
        rows = weights.tolist() if hasattr(weights, "tolist") else weights
        if len(rows) != len(names):
            raise ValueError(f"{len(names)} feature names for {len(rows)} weight rows")
        flat: list[float] = []
        for row in rows:
            flat.extend(float(w) for w in row[:4])
        self._init(list(names), tuple(flat), neutral_min)

    def _init(self, names: list[str], flat: tuple[float, ...], neutral_min: float) -> None:
        if len(flat) != 4 * len(names):
            raise ValueError(f"{len(flat)} weights for {len(names)} features of 4 classes")
        # Feature name -> its 4 class weights.
        quads = zip(*([iter(flat)] * 4), strict=True)
        self._rows: dict[str, Logits] = dict(zip(names, quads, strict=True))
        self.neutral_min = neutral_min

    @classmethod
    def from_flat(
        cls, names: list[str], flat: tuple[float, ...], *, neutral_min: float = 0.55
    ) -> KindModel:
        """Build a model from its names and its weights row after row, in one sequence."""
        # An empty model, then its rows: no row-by-row copy of the weights as in __init__
        # (not cls.__new__(cls), which mypyc cannot compile).
        model = cls([], [], neutral_min=neutral_min)
        model._init(names, flat, neutral_min)
        return model

    @property
    def names(self) -> list[str]:
        """The feature names in weight-row order."""
        return list(self._rows)

    @property
    def rows(self) -> dict[str, Logits]:
        """Every feature's weights per class."""
        return dict(self._rows)

    def to_arrays(self) -> dict[str, Any]:
        """Return the arrays to save with ``numpy.savez_compressed`` (training only)."""
        import numpy as np

        names = "\n".join(self._rows).encode("utf-8")
        return {
            "names": np.frombuffer(names, dtype=np.uint8),
            "weights": np.array(list(self._rows.values()), dtype=np.float16),
            "neutral_min": np.array(self.neutral_min),
        }

    def logits(self, feats: Iterable[str]) -> Logits:
        """Return the summed weights of the features this model knows (unknown ones count 0)."""
        # Each feature counts once, however often the text has it. Summed in one loop: a
        # third faster than columns summed in C over a list of the rows found, for the dozen
        # features of a clause (and the same sums, added in the same order).
        # ``rows.get`` is looked up in the loop: compiled, that is a direct dict lookup, where
        # a bound ``get`` kept in a local is a Python call per feature.
        a = b = c = d = 0.0
        rows = self._rows
        for name in set(feats):
            row = rows.get(name)
            if row is not None:
                a += row[0]
                b += row[1]
                c += row[2]
                d += row[3]
        return (a, b, c, d)

    def scores(
        self,
        text: str,
        language: str = "en",
        *,
        local: KindModel | None = None,
        link: bool = False,
    ) -> KindScores:
        """Return the class probabilities of a text whose addresses are already blanked.

        Args:
            text: the text.
            language: its language ("en" for the shipped model).
            local: a model fitted on this installation's labelled items, added on top.
            link: the text shared a link before its addresses were blanked.
        """
        return self.scores_of_reading(read(text, language, link), language, local=local)

    def scores_logits(self, reading: Reading, language: str = "en") -> Logits:
        """Return the logits of a text already read, our lexicon's say included."""
        feats, lexicon, cue = reading
        z = self.logits(feats)
        if language == "en" and RULE_WEIGHT:
            z = _add(z, rule_logits(lexicon, cue), RULE_WEIGHT)
        if language == "en" and PROPOSAL_FEATURE not in feats:
            z = (z[0], z[1] - RULE_NO_PROPOSAL, z[2], _log_add(z[1], z[3]))
        elif language == "en" and not cue and _asks_shortly(feats):
            z = (z[0], z[1] + RULE_SHORT_REQUEST, z[2], z[3])
        return z

    def scores_of_reading(
        self, reading: Reading, language: str = "en", *, local: KindModel | None = None
    ) -> KindScores:
        """Return the class probabilities of a text already read (see ``read``)."""
        if local is not None or language != "en" or RULE_WEIGHT != 1.0:
            z = self.scores_logits(reading, language)
            if local is not None:
                z = _add(z, local.logits(reading[0]))
            return scores_of(z)
        # The common case (English, no local layer) in one step: the same sums as
        # ``scores_logits`` and ``scores_of`` (a weight of 1 adds the rule logits as they are),
        # without the tuples between them; every clause of every item comes through here.
        feats, lexicon, cue = reading
        a, b, c, d = self.logits(feats)
        s = lexicon / math.sqrt(lexicon * lexicon + 15.0)
        a += RULE_SCALE * s
        c += -RULE_SCALE * s
        d += RULE_NEUTRAL - RULE_SCALE * abs(s)
        if cue:
            b += RULE_IDEA
        elif PROPOSAL_FEATURE not in feats:
            b, d = b - RULE_NO_PROPOSAL, _log_add(b, d)
        elif _asks_shortly(feats):
            b += RULE_SHORT_REQUEST
        top = max(a, b, c, d)
        ea, eb, ec, ed = exp(a - top), exp(b - top), exp(c - top), exp(d - top)
        total = ea + eb + ec + ed
        return KindScores((ea / total, eb / total, ec / total, ed / total))


def _asks_shortly(feats: list[str]) -> bool:
    """Whether a reading has the short request's feature (``SHORT_REQUEST_FEATURE``), looked
    for only in a reading short enough to hold it."""
    return len(feats) <= _SHORT_REQUEST_FEATURES and SHORT_REQUEST_FEATURE in feats


def _log_add(x: float, y: float) -> float:
    """Return log(exp(x) + exp(y)): the logit of two classes' probabilities together."""
    top = x if x > y else y
    return top + math.log1p(exp(-abs(x - y)))


def _add(z: Logits, other: Logits, weight: float = 1.0) -> Logits:
    return (
        z[0] + weight * other[0],
        z[1] + weight * other[1],
        z[2] + weight * other[2],
        z[3] + weight * other[3],
    )


def join_readings(readings: Sequence[Reading]) -> Reading:
    """Return the reading of a whole text from those of its clauses: their features together,
    their lexicon scores summed (no need to read the text twice)."""
    feats: list[str] = []
    for r in readings:
        feats.extend(r[0])
    return feats, sum(r[1] for r in readings), any(r[2] for r in readings)


def scores_of(z: Sequence[float]) -> KindScores:
    """Return the probabilities of one row of logits (a softmax)."""
    top = max(z)
    e = [math.exp(v - top) for v in z]
    total = e[0] + e[1] + e[2] + e[3]
    return KindScores((e[0] / total, e[1] / total, e[2] / total, e[3] / total))


@cache
def model_digest() -> str:
    """Return a digest of the shipped models (what a store records its kinds were read with)."""
    digest = hashlib.sha256()
    for language in sorted(MODEL_RESOURCES):
        name = MODEL_RESOURCES[language]
        digest.update(resources.files("kiosk.assets.models").joinpath(name).read_bytes())
    return digest.hexdigest()[:16]


def lexicon_features(language: str, score: float, cue: bool) -> list[str]:
    """Return the features a lexicon language's model reads beside the words: its lexicon's
    score (from -1 to 1) to the nearest quarter, nine buckets, and our suggestion cue. Named by
    language: one local layer learns from every language's labelled items, and the scores'
    scales differ."""
    bucket = max(-4, min(4, round(score * 4)))
    found = [f"lex:{language}:{bucket:+d}"]
    if cue:
        found.append("cue:idea")
    return found


@cache
def shipped_model(language: str = "en") -> KindModel:
    """Return the model shipped in the package for a language (``MODEL_RESOURCES``; loaded
    once per process)."""
    name = MODEL_RESOURCES[language]
    data = resources.files("kiosk.assets.models").joinpath(name).read_bytes()
    arrays = read_npz(data)
    names = bytes(arrays["names"][1]).decode("utf-8").split("\n")
    shape, weights = arrays["weights"]
    if shape[1:] != (len(CLASSES),):
        raise ValueError(f"the kind model has weights of shape {shape}")
    neutral_min = float(arrays["neutral_min"][1][0])
    return KindModel.from_flat(names, weights, neutral_min=neutral_min)


_NPY_TYPES = {"<f2": "e", "<f4": "f", "<f8": "d", "|u1": "B", "<i8": "q"}


def read_npz(data: bytes) -> dict[str, tuple[tuple[int, ...], tuple[Any, ...]]]:
    """Return the arrays of a ``.npz`` file as (shape, flat values), without numpy.

    The format is a zip of ``.npy`` files (numpy's NEP 1: a magic string, a header giving the
    dtype, order and shape as a Python literal, then the raw values); only the little-endian
    numbers the kind model uses are read.
    """
    arrays: dict[str, tuple[tuple[int, ...], tuple[Any, ...]]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            raw = archive.read(name)
            if raw[:6] != b"\x93NUMPY":
                raise ValueError(f"{name} is not a .npy array")
            major = raw[6]
            size_bytes = 2 if major == 1 else 4
            header_len = int.from_bytes(raw[8 : 8 + size_bytes], "little")
            start = 8 + size_bytes
            header = ast.literal_eval(raw[start : start + header_len].decode("latin-1"))
            code = _NPY_TYPES.get(header["descr"])
            if code is None or header["fortran_order"]:
                raise ValueError(f"{name}: unsupported array {header}")
            shape = tuple(header["shape"])
            count = math.prod(shape)
            values = struct.unpack_from(f"<{count}{code}", raw, start + header_len)
            arrays[name.removesuffix(".npy")] = (shape, values)
    return arrays


# A text of emoji alone ("😡😡", "👍👍👍"): the customer's feeling said plainly, nothing said
# of what. It takes a kind where its symbols lean one way as much as one clear emoji at least,
# less sure than a clause the model reads ("Great 👍" is 0.99 sure).
_SYMBOLS_MIN = 1.5
_SYMBOLS_SURE = 0.7


# Stars drawn as a rating ("⭐⭐⭐⭐⭐", "★★☆☆☆"): filled out of all, or of five where none is
# empty. One or two is a complaint, four or five praise, three neither (helper-149's review:
# "⭐" alone read as praise).
_FILLED_STARS = frozenset("⭐★🌟")
_EMPTY_STARS = frozenset("☆")


def _stars_kind(text: str) -> Kind | None:
    """Return the kind a rating drawn in stars gives a text, or None (it draws none)."""
    filled = sum(1 for ch in text if ch in _FILLED_STARS)
    empty = sum(1 for ch in text if ch in _EMPTY_STARS)
    if not filled and not empty:
        return None
    score = 5 * filled / (filled + empty) if empty else min(filled, 5)
    return Kind.COMPLIMENT if score >= 4 else Kind.COMPLAINT if score <= 2 else Kind.UNCLASSIFIED


def symbols_kind(text: str) -> tuple[Kind, float]:
    """Return the kind of a text with no words, from its emoji and emoticons ("😡😡", "👍👍👍
    !!! 10/10", ":("), or the stars it draws, and how sure it is: unclassified where they
    lean both ways or little."""
    stars = _stars_kind(text)
    if stars is not None:
        return stars, 0.0 if stars is Kind.UNCLASSIFIED else _SYMBOLS_SURE
    emoji = emoji_valence()
    emoticons = emoticon_valence()
    values = [emoji[ch] for ch in text if ch in emoji]
    values += [emoticons[token] for token in text.casefold().split() if token in emoticons]
    total = sum(values)
    if abs(total) < _SYMBOLS_MIN or (any(v > 0 for v in values) and any(v < 0 for v in values)):
        return Kind.UNCLASSIFIED, 0.0
    return (Kind.COMPLIMENT if total > 0 else Kind.COMPLAINT), _SYMBOLS_SURE
