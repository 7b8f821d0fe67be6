"""Cutting text: addresses, clause breaks and words, fast and as the plain patterns would."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.analysis.text import (
    _ENDERS_CHARS,
    _break_events,
    clauses,
    excluded_spans,
    link_spans,
    normalize_tokens,
    one_space,
    tidy,
    tokens,
    words_and_starts,
)

# The patterns these functions replace, kept here as the reference.
ADDRESSES = re.compile(
    r"""(?:https?://|www\.)\S+
      | [\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+
      | (?<![\w@])@\w+
      | \b[\w\-]+\.(?:com|org|net|co\.uk|de|fr|es|io)\b(?:/\S*)?""",
    re.VERBOSE | re.IGNORECASE,
)
BREAKS = re.compile(r"[.!?;…。！？]+|[,:()]+|\n+|\s[-–—]\s")
_AFTER_END = frozenset(" \t\r\n\"'”’)\u00a0")
PIECES = st.sampled_from(
    ["a", "@", ".", "com", "-", "+", "_", " ", "de", "www.", "http://", "/", "é", ".co.uk", "1",
     "x", "–", "\n", "!", ",", ":", "(", ")", "3.5", "?", ";", "\u00a0", "'", " - ", "—",
     "²", "٣", " but "]
)  # fmt: skip


def covered(text: str, spans: list[tuple[int, int]]) -> set[int]:
    return {i for s, e in spans for i in range(s, e)}


def reference_events(text: str) -> list[tuple[int, str]]:
    events = []
    for m in BREAKS.finditer(text):
        mark, end = m.group(), m.end()
        if mark == ":" and end < len(text) and not text[end].isspace():
            continue  # "http://", "10:30": no cut
        if (
            mark == ","
            and m.start() > 0
            and end < len(text)
            and text[m.start() - 1].isdecimal()
            and text[end].isdecimal()
        ):
            continue  # "2,000": no cut
        if mark[0] in ",:()":
            events.append((end, "comma"))
        elif mark[0] in _ENDERS_CHARS and end < len(text) and text[end] not in _AFTER_END:
            continue
        else:
            events.append((end, "end"))
    return events


@settings(max_examples=1500, deadline=None)
@given(st.lists(PIECES, max_size=16).map("".join))
def test_addresses_cover_at_least_what_the_one_pattern_found(text: str) -> None:
    reference = [m.span() for m in ADDRESSES.finditer(text)]
    assert covered(text, reference) <= covered(text, excluded_spans(text))


def test_addresses_are_found() -> None:
    text = "Mail jane.doe@example.com, see https://shop.example.com/help or example.org, @priya"
    found = [text[s:e] for s, e in excluded_spans(text)]
    assert "jane.doe@example.com" in found and "@priya" in found
    assert "https://shop.example.com/help" in found and "example.org" in found
    # The address after a handle is an address too ("@apple.com").
    assert covered("ask @apple.com now", excluded_spans("ask @apple.com now")) == set(range(4, 14))


def test_a_link_without_its_scheme_is_a_link() -> None:
    # From the Sanders tweets: "nEJbyE" was a word on the wall, 12 tweets' shortened link.
    text = "New Galaxy Nexus: Video looks awesome! #nexus #android bit.ly/nEJbyE"
    assert [text[s:e] for s, e in link_spans(text)] == ["bit.ly/nEJbyE"]
    assert [text[s:e] for s, e in excluded_spans(text)] == ["bit.ly/nEJbyE"]
    assert [m[s:e] for m in ["see YouTube.com/watch?v=1"] for s, e in link_spans(m)] == [
        "YouTube.com/watch?v=1"
    ]
    # Not a ratio, a pair of words, a date, a unit or an abbreviation.
    plain_texts = (
        "rated 3.5/10",
        "and/or",
        "24/7",
        "12/10/2011",
        "km/h",
        "e.g./i.e. this",
        "Service was ok.Food/drinks were awful",  # a missing space (helper-54)
        "I love the Mac.Apps/tools are nice",
    )
    for plain in plain_texts:
        assert link_spans(plain) == [] and excluded_spans(plain) == [], plain


@settings(max_examples=1500, deadline=None)
@given(st.lists(PIECES, max_size=16).map("".join))
def test_clause_breaks_are_those_of_the_plain_pattern(text: str) -> None:
    assert _break_events(text) == reference_events(text)


@settings(max_examples=1500, deadline=None)
@given(st.lists(PIECES, max_size=16).map("".join))
def test_clauses_are_the_same_with_or_without_the_words(text: str) -> None:
    written, starts = words_and_starts(text)
    assert clauses(text, starts, normalize_tokens(written)) == clauses(text)


def test_a_comma_inside_a_number_is_not_cut() -> None:
    # helper-66: "2," and "000 feature flags" were two clauses, the second read as an idea.
    text = "We have around 2,000 feature flags, and $1,299 is the price"
    assert [text[c.start : c.end] for c in clauses(text)] == [
        "We have around 2,000 feature flags,",
        " and $1,299 is the price",
    ]


def test_a_contrast_after_a_break_stays_a_contrast() -> None:
    # helper-67: with the words given, a contrast at the offset where a sentence ended was
    # sorted before that end and lost.
    for text in ("Great food!\nBut the service was slow", "Nice staff - but slow"):
        written, starts = words_and_starts(text)
        fast = clauses(text, starts, normalize_tokens(written))
        assert fast == clauses(text)
        assert fast[-1].contrast


def test_a_link_or_a_time_is_not_cut() -> None:
    text = "Stock update: $AAPL at 10:30 http://t.co/abc, see you"
    cuts = [text[c.start : c.end] for c in clauses(text)]
    assert cuts == ["Stock update:", " $AAPL at 10:30 http://t.co/abc,", " see you"]


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=80))
def test_words_and_starts_are_the_token_matches(text: str) -> None:
    words, starts = words_and_starts(text)
    assert [(m.group(0), m.start()) for m in tokens(text)] == list(zip(words, starts, strict=True))


def test_every_white_space_is_one_plain_space_to_our_phrases() -> None:
    # Every character str.split() takes for white space (a vertical tab, a form feed and the
    # ASCII separators too, which a CSV export may carry): tidy must find each.
    odd = [chr(c) for c in range(0x110000) if chr(c).isspace() and chr(c) != " "]
    assert len(odd) == 28
    for space in odd:
        assert tidy(f"works{space}again") == "works again", hex(ord(space))
        assert tidy(f"works {space}again{space}") == "works again", hex(ord(space))
    # one_space keeps a clause's ends, so clauses made so join as the text did.
    assert one_space(" fixed,\t\u202f then  came\u00a0back ") == " fixed, then came back "
    assert one_space("plain text") == "plain text"
    assert one_space("works again\n\t until  today") == "works again\n until today"


@pytest.mark.parametrize(
    "text",
    [
        "see http://t.co/abc and bit.ly/x, mail me at a@b.com or @handle <b>hi</b>",
        "no links here at all",
        "www.example.com/help then example.com/faq",
    ],
)
def test_excluded_spans_given_the_links_are_those_found_alone(text: str) -> None:
    # The analyser finds a text's links once and hands them on; they are not changed.
    links = link_spans(text)
    before = list(links)
    assert excluded_spans(text, links) == excluded_spans(text)
    assert links == before
