"""Language data read from files, and the shortcuts that keep reading it fast but exact."""

from __future__ import annotations

import json
import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.analysis.kinds import _WANT_PATTERN, _words
from kiosk.analysis.lemmas import lemmatize
from kiosk.analysis.lexicon import (
    LANGUAGES,
    PatternAnchors,
    _split_top,
    at_first_letters,
    domain_score,
    english_valences,
    first_words,
    has_idea_cue,
    lexicon,
    vader_lexicon,
)
from kiosk.analysis.text import normalize_token, tokens


def alternation_score(language: str, text: str) -> float:
    """The reference: every domain pattern as one alternation, scanned once."""
    weighted = lexicon(language).domain_pattern_list
    pattern = re.compile(
        "|".join(f"(?P<p{i}>{p})" for i, (p, _) in enumerate(weighted)), re.IGNORECASE
    )
    # French patterns are written, and searched, without accents.
    found = {m.lastgroup for m in pattern.finditer(lexicon(language).fold(text))}
    return sum(weighted[int(g[1:])][1] for g in found if g is not None)


# Our evaluation set: texts in four languages written to carry the cues and patterns.
EVAL_SET = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "eval_analysis.jsonl"
EVAL_TEXTS = [json.loads(line)["text"] for line in EVAL_SET.read_text("utf-8").splitlines()]


def pattern_words(language: str) -> list[str]:
    words: set[str] = set()
    for pattern, _ in lexicon(language).domain_pattern_list:
        # Digits too: "0 stars" starts with one.
        words.update(re.findall(r"[^\W_]+(?:'[^\W_]+)?", pattern.replace("\\b", " ")))
    return sorted(words)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_file_is_read(language: str) -> None:
    found = lexicon(language)
    assert found.stop_words and found.negators and found.domain_pattern_list
    assert found.idea_cue_patterns and found.idioms is not None


@pytest.mark.parametrize("name", [*LANGUAGES, "common"])
def test_no_comment_is_read_as_words_of_a_list(name: str) -> None:
    # A "#" line inside a list's triple-quoted string is no comment in TOML: its words joined
    # the list (stop 47 caught "the", "months," and "as" in the German list of time words).
    doc = tomllib.loads(
        resources.files("kiosk.assets.lexicon").joinpath(f"{name}.toml").read_text("utf-8")
    )
    for key, value in doc.get("words", {}).items():
        if isinstance(value, str):
            # stopwords-iso's German list, as published, has "ei,".
            ends = (":",) if key == "stop_words" else (":", ",")
            marked = [w for w in value.split() if w.startswith("#") or w.endswith(ends)]
            assert not marked, f"{name}.toml, {key}: {marked[:5]}"


@settings(max_examples=400, deadline=None)
@given(
    language=st.sampled_from(LANGUAGES),
    picks=st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=10),
    joiners=st.lists(st.sampled_from([" ", " ", ", ", "-", "'", "  ", ". "]), min_size=10),
)
def test_anchored_domain_score_is_the_one_alternation_scan(
    language: str, picks: list[int], joiners: list[str]
) -> None:
    vocabulary = [*pattern_words(language), "the", "x", "NOT", "Still"]
    parts = [vocabulary[p % len(vocabulary)] for p in picks]
    text = "".join(w + joiners[i % len(joiners)] for i, w in enumerate(parts))
    expected = alternation_score(language, text)
    assert domain_score(language, text, _words(text)) == pytest.approx(expected)
    written = [normalize_token(m.group(0)) for m in tokens(text)]
    assert domain_score(language, text, written) == pytest.approx(expected)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_pattern_that_names_the_words_it_needs_scores_alike(language: str) -> None:
    found = lexicon(language)
    assert len(found.domain_pattern_needs) == len(found.domain_pattern_list)
    for needs, (pattern, _) in zip(
        found.domain_pattern_needs, found.domain_pattern_list, strict=True
    ):
        # Each word named is one the pattern itself spells: a typo would skip the pattern on
        # every text.
        assert all(word in pattern for word in needs)
    # helper-74's cases: a needed word with a dotless i, which the pattern's case folding
    # reads as "i", one the tokeniser joins to what follows, a hyphen one word list keeps
    # and the other splits.
    for text in [
        "Once the bug is fixed I'll update my review",
        "If you get the issue sorted out, let me know",
        "When is it working again?",
        "No more crashes since the update",
        "Bug f\u0131xed, thanks!",
        "Bug fixed'n'all good",
        "Bug fixed-thanks!",
        "Lag gone-finally",
        "said bug fixed-x",
        # Leaving phrases whose needed words hide a stem change or an accent.
        "el seguro del coche no lo renuevo",
        "Me di de baja ayer",
        "Je résilie mon abonnement",
        "ICH KÜNDIGE",
        "Taking my business somewhere else",
    ]:
        expected = alternation_score(language, text)
        assert domain_score(language, text) == pytest.approx(expected)
        assert domain_score(language, text, _words(text)) == pytest.approx(expected)
        written = [normalize_token(m.group(0)) for m in tokens(text)]
        assert domain_score(language, text, written) == pytest.approx(expected)


def test_a_pattern_whose_space_may_be_absent_is_tried_on_the_word_it_makes() -> None:
    text = "Shoutout to the team at the front desk"
    assert domain_score("en", text, _words(text)) == domain_score("en", text) > 0


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bkeeps? (?:crashing|failing)\b", {("keep", True), ("keeps", True)}),
        (r"\b(?:far |way )?too (?:slow|late)\b", {("far", True), ("way", True), ("too", True)}),
        (r"\bcouldn'?t (?:help)\b", {("couldn't", True), ("couldnt", True)}),
        (r"\bfällt .{0,25}\baus\b|\bausfall", {("fällt", True), ("ausfall", False)}),
        (r"(?<!not )\bon time\b", {("on", True)}),
        # A digit is a word's letter: tried on every clause, this one was most of the time
        # the domain patterns took on tweets.
        (
            r"(?<![\d.,])\b(?:zero|0|no|one|1) stars?\b",
            {("zero", True), ("0", True), ("no", True), ("one", True), ("1", True)},
        ),
        (r"\w+ late", None),
        # A letter or digit that may be absent or repeat ends what is certain of the word.
        (r"\b10* stars\b", {("1", False)}),
        (r"\b1{0,2}0 stars\b", None),
        (r"\bab* c\b", {("a", False)}),
        (r"\bab+ c\b", {("ab", False)}),
        (r"\b½ off\b", None),
        # A space that may be absent: "shoutout" is one word (helper-71).
        (r"\bshout ?outs? (?:to|for)\b", {("shout", False)}),
        (r"\bwell *done\b", {("well", False)}),
        # A group repeated and perhaps never there, and one there at least once; a
        # parenthesis in a class closes no group (helper-101).
        (r"\b(?:very )*good\b", {("very", True), ("good", True)}),
        (r"\b(?:so ){0,2}good\b", {("so", True), ("good", True)}),
        (r"\b(?:so ){1,2}good\b", {("so", True)}),
        (r"\b(?:a[)]b|c)d", {("a", False), ("cd", False)}),
    ],
)
def test_first_words_are_read_off_the_pattern(
    pattern: str, expected: set[tuple[str, bool]] | None
) -> None:
    assert first_words(pattern) == expected


@settings(max_examples=300, deadline=None)
@given(
    language=st.sampled_from(LANGUAGES),
    seen=st.lists(st.integers(min_value=0, max_value=10_000), max_size=30),
    picks=st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=12),
)
def test_anchors_answer_alike_whatever_words_they_met_before(
    language: str, seen: list[int], picks: list[int]
) -> None:
    vocabulary = [*pattern_words(language), "it's", "follow-up", "x-ray", "the", "aus"]
    found = lexicon(language)
    groups = [[p for p, _ in found.domain_pattern_list], list(found.idea_cue_patterns)]
    fresh, used = PatternAnchors(groups), PatternAnchors(groups)
    used.candidates([vocabulary[i % len(vocabulary)] for i in seen])
    words = [vocabulary[i % len(vocabulary)] for i in picks]
    expected = [sorted(set(g)) for g in fresh.candidates(words)]
    assert [list(g) for g in used.candidates(words)] == expected
    assert [list(g) for g in fresh.candidates(words)] == expected


def test_anchors_name_only_the_patterns_a_text_can_match() -> None:
    anchors = PatternAnchors([[r"\bstill waiting\b", r"\bausfall"], [r"\bwhy not\b"]])
    assert anchors.candidates(["still", "here"]) == [[0], []]
    assert anchors.candidates(["ausfallen"]) == [[1], []]
    assert [list(g) for g in anchors.candidates(["nothing"])] == [[], []]
    assert anchors.candidates(["it's", "why-not"])[1] == [0]


@pytest.mark.parametrize(
    ("language", "text", "cue"),
    [
        ("en", "It would be great if the app had a dark mode", True),
        ("en", "The app is great", False),
        ("fr", "Ce serait bien de pouvoir suivre la commande", True),
        ("de", "Es wäre toll, wenn die App das könnte", True),
        ("es", "Sería genial poder pagar con PayPal", True),
        ("es", "El personal fue muy amable", False),
    ],
)
def test_idea_cues(language: str, text: str, cue: bool) -> None:
    words = [normalize_token(m.group(0)) for m in tokens(text)]
    assert has_idea_cue(language, text, words) is cue
    assert bool(lexicon(language).idea_cues.search(text)) is cue


def test_vader_lexicon_is_read_as_vader_reads_it() -> None:
    # We read vaderSentiment's data file ourselves (its analyser also loads emoji we do not
    # use); this fails if the package changes the file or how it is read.
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    assert vader_lexicon() == SentimentIntensityAnalyzer().lexicon
    assert english_valences()["late"] < 0 < english_valences()["polite"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_pattern_of_a_language_has_first_words(language: str) -> None:
    # A pattern without them is tried on every clause of every item, whatever its words.
    found = lexicon(language)
    always = [found.domain_pattern_list[i][0] for g, i in found.anchors.always if g == 0]
    assert always == []
    assert found.anchors.always == []


def test_spanish_valences_are_found_without_their_accents_but_n_tilde_stays() -> None:
    # Tweets leave accents out ("pesimo servicio"); "año" is not "ano".
    spanish = lexicon("es")
    assert spanish.unaccented["pesimo"] == spanish.valence["pésimo"] < 0
    assert spanish.unaccented["cancelacion"] == spanish.valence["cancelación"] < 0
    assert spanish.valence["dañado"] < 0 and "danado" not in spanish.unaccented
    # Spanish folds only its valences: its patterns tell "más" from "mas" (but), "sí" from
    # "si" (if).
    assert spanish.folding is None and spanish.fold("Pésimo, más") == "Pésimo, más"


def test_french_is_read_without_its_accents_but_where_an_accent_tells_two_words_apart() -> None:
    french = lexicon("fr")
    assert french.unaccented["decu"] == french.valence["déçu"] < 0
    assert french.unaccented["agacant"] == french.valence["agaçant"] < 0
    # "regle" is a rule ("la règle"), not "réglé" (settled); "prefere" is "I prefer".
    assert french.valence["réglé"] > 0 and "regle" not in french.unaccented
    assert "prefere" not in french.unaccented
    # Its patterns and word lists are written without accents; a text is folded letter for
    # letter, so that a match's place is the same in it.
    assert french.fold("Très DÉÇU, à éviter") == "Tres DECU, a eviter"
    assert {"tres", "très"} <= french.intensifiers
    assert {"ete", "été"} <= french.stop_words
    assert all(french.fold(p) == p for p, _ in french.domain_pattern_list)
    assert domain_score("fr", "A EVITER !") == domain_score("fr", "À éviter !") < 0
    # The lists' bare words are no evidence of French ("holà" is Spanish's "hola").
    assert "hola" in french.stop_list and "hola" in french.bare_forms
    assert "a" not in french.bare_forms  # written in the list itself


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_told_over_hint_finds_all_the_patterns_find(language: str) -> None:
    # The hint is searched first and alone decides that a text has no fix told as over: a
    # word it lacks would skip real ones.
    found = lexicon(language)
    for pattern, needs in zip(found.told_over_patterns, found.told_over_needs, strict=True):
        assert all(word in pattern for word in needs)
    assert found.told_over is not None and found.told_over_hint is not None
    for text in [
        "The bug is fixed, thanks",
        "No more crashes since the update",
        "The lag has finally disappeared",
        "Problem solved, I'm switching banks",
        "Ya funciona, gracias",
        "Se acabaron los cortes",
        "Problème résolu, merci",
        "Ça remarche !",
        "Funktioniert wieder, danke",
        "Keine Abstürze mehr",
        "Störung behoben",
    ]:
        lowered = text.lower()
        if found.told_over.search(lowered):
            assert found.told_over_hint.search(lowered)


def test_leaving_and_told_over_patterns_are_written_in_lowercase() -> None:
    # ``undone`` and ``told_over`` are searched in lowercase text without re.IGNORECASE.
    for language in LANGUAGES:
        found = lexicon(language)
        for pattern in (
            *found.leaving_patterns,
            *found.relapse_patterns,
            *found.told_over_patterns,
        ):
            assert not any(ch.isupper() for ch in re.sub(r"\\.", "", pattern)), pattern


def reference_split_top(pattern: str, sep: str) -> list[str]:
    """The reference: a pattern read one character at a time (the code before stop 41)."""
    parts = [""]
    depth = 0
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            parts[-1] += pattern[i : i + 2]
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append("")
            i += 1
            continue
        parts[-1] += ch
        i += 1
    return parts


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="ab|()[]\\ ?", max_size=30))
def test_pattern_parts_cut_by_slicing_are_the_parts_grown_by_character(pattern: str) -> None:
    assert _split_top(pattern, "|") == reference_split_top(pattern, "|")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_pattern_tried_only_at_its_first_letters_finds_what_it_found(language: str) -> None:
    # The lookahead of ``at_first_letters`` only skips positions where no match can start:
    # every cue and domain pattern finds the same spans with it and without it, in plain,
    # shouted and hostile text.
    found = lexicon(language)
    patterns = [p for p, _ in found.domain_pattern_list] + list(found.idea_cue_patterns)
    patterns.append(_WANT_PATTERN)  # the model's sign of a wish, compiled the same way
    texts = [
        *EVAL_TEXTS,
        *(" ".join(p for p in pattern_words(language)[k::7]) for k in range(7)),
        "It would be great if the app had a dark mode. WOULDN'T IT BE NICE TO HAVE ONE?",
        "Ich wäre froh, wenn das ginge; ça serait bien; sería genial; über-toll!!",
        "<b>x</b>\u200bwould\u00a0be great \U0001f643 " * 3,
    ]
    wrapped = 0
    for pattern in patterns:
        fast = at_first_letters(pattern)
        wrapped += fast != pattern
        plain, quick = re.compile(pattern, re.IGNORECASE), re.compile(fast, re.IGNORECASE)
        for text in texts:
            expected = [m.span() for m in plain.finditer(text)]
            assert [m.span() for m in quick.finditer(text)] == expected, pattern
    assert wrapped >= len(patterns) * 0.9


def test_first_letters_are_those_of_the_first_words() -> None:
    assert at_first_letters(r"(?<!\bno )\b(?:hope|wish) so\b") == (
        r"(?=[hw])(?:(?<!\bno )\b(?:hope|wish) so\b)"
    )
    # A start that cannot be read is left as it is.
    assert at_first_letters(r"^\W*thanks\b") == r"^\W*thanks\b"


def test_every_german_compound_head_blames() -> None:
    # A closed compound takes its last noun's blame ("Zugausfall"): a head with none of its own
    # would blame nothing, and a head of praise is no head.
    found = lexicon("de")
    assert found.compound_heads, "the German lexicon lists its compound heads"
    for head in found.compound_heads:
        valence = found.valence.get(head, found.valence.get(lemmatize(head, "de")))
        assert valence is not None and valence < 0, head
    lengths = [len(h) for h in found.compound_heads]
    assert lengths == sorted(lengths, reverse=True), "longest first"


def test_vader_words_that_name_things_in_feedback_carry_no_valence() -> None:
    # Stop 60: slang that reads as a product's name ("qt": the Qt toolkit), and nouns of
    # software and service ("hand off", "assets", "United"); the verbs of a request keep
    # VADER's valence (zeroed, the held-out fold of the forum sentences lost ideas).
    valences = english_valences()
    for word in ("qt", "ff", "nfc", "hand", "assets", "active", "united", "security", "dear"):
        assert valences[word] == 0.0, word
    # And words whose polarity in feedback is not general English's ("please resolve this",
    # "needs to be fixed", "anti-virus"); "promised" keeps VADER's (a promise kept is praise).
    for word in ("resolve", "accept", "fixed", "anti", "drag", "war"):
        assert valences[word] == 0.0, word
    assert valences["promised"] == vader_lexicon()["promised"] > 0
    assert vader_lexicon()["hand"] > 0 and vader_lexicon()["nfc"] < 0
    assert valences["save"] == vader_lexicon()["save"] > 0
    assert valences["allow"] == vader_lexicon()["allow"] > 0


def test_a_fragment_is_written_once_and_read_in_every_pattern_that_names_it() -> None:
    from kiosk.analysis.lexicon import _with_fragments

    doc = {
        "fragments": {"defect": "(?:crash|freeze)"},
        "idea_cues": ["would be great if it didn't <<defect>>"],
        "domain_patterns": [["if it didn't <<defect>>", -3.0, "didn"]],
    }
    found = _with_fragments(doc)
    assert found["idea_cues"] == ["would be great if it didn't (?:crash|freeze)"]
    assert found["domain_patterns"] == [["if it didn't (?:crash|freeze)", -3.0, "didn"]]
    with pytest.raises(KeyError):
        _with_fragments({"fragments": {"slow": "slow"}, "idea_cues": ["<<defect>>"]})
    # The English file names its fragments, and no pattern is left naming one.
    english = lexicon("en")
    assert not any("<<" in p for p in english.idea_cue_patterns)
    assert not any("<<" in p for p, _ in english.domain_pattern_list)
