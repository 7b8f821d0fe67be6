"""Tell which supported language a feedback text is written in, offline and fast.

simplemma's detector lemmatises every token once per candidate language, about 60 µs for a
short sentence, which alone would eat most of our budget of 100 µs per item. Customer feedback
is full of function words, so counting hits in short per-language lists of the commonest ones
(plus a few letters only one language uses) is as accurate on it and costs a few µs.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache

from simplemma.strategies import DefaultStrategy
from simplemma.token_sampler import MostCommonTokenSampler, RelaxedMostCommonTokenSampler

from kiosk.analysis.lexicon import LANGUAGES, lexicon

__all__ = ["UNDETERMINED", "detect_language"]

UNDETERMINED = "und"

_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "the",
            "and",
            "is",
            "was",
            "it",
            "to",
            "of",
            "a",
            "in",
            "my",
            "i",
            "you",
            "for",
            "on",
            "with",
            "that",
            "this",
            "not",
            "but",
            "have",
            "has",
            "are",
            "be",
            "at",
            "your",
            "very",
            "so",
            "we",
            "they",
            "me",
            "no",
            "all",
            "just",
            "from",
            "would",
            "could",
            "should",
            "been",
            "were",
            "our",
            "an",
            "can't",
            "don't",
            "it's",
            "i'm",
            "there",
            "what",
            "when",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "et",
            "est",
            "un",
            "une",
            "des",
            "du",
            "de",
            "je",
            "vous",
            "pour",
            "pas",
            "dans",
            "avec",
            "ce",
            "cette",
            "mon",
            "ma",
            "mes",
            "très",
            "sur",
            "au",
            "aux",
            "il",
            "elle",
            "nous",
            "qui",
            "que",
            "ne",
            "sont",
            "été",
            "avoir",
            "était",
            "mais",
            "c'est",
            "j'ai",
            "plus",
            "votre",
            "vos",
            "tout",
            "bien",
            "merci",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "und",
            "ist",
            "ein",
            "eine",
            "nicht",
            "ich",
            "sie",
            "mit",
            "für",
            "auf",
            "zu",
            "den",
            "dem",
            "des",
            "war",
            "sehr",
            "es",
            "wir",
            "ihr",
            "aber",
            "mein",
            "meine",
            "auch",
            "wie",
            "noch",
            "nur",
            "kam",
            "wenn",
            "man",
            "hat",
            "haben",
            "bei",
            "von",
            "wäre",
            "mir",
            "mich",
            "wieder",
            "schon",
            "immer",
            "alles",
            "gestern",
            "einen",
            "kein",
            "keine",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "y",
            "es",
            "un",
            "una",
            "de",
            "del",
            "que",
            "en",
            "no",
            "muy",
            "por",
            "con",
            "para",
            "mi",
            "mis",
            "su",
            "lo",
            "al",
            "pero",
            "se",
            "está",
            "son",
            "fue",
            "como",
            "más",
            "todo",
            "nunca",
            "gracias",
            "sería",
            "llegó",
        ]
    ),
}
_LANGS_OF: dict[str, tuple[str, ...]] = {}
for _lang, _vocab in _FUNCTION_WORDS.items():
    for _word in _vocab:
        _LANGS_OF[_word] = (*_LANGS_OF.get(_word, ()), _lang)

_MARKS: dict[str, frozenset[str]] = {
    "fr": frozenset("àâçèêëîïôûùœ"),
    "de": frozenset("äöüß"),
    "es": frozenset("ñ¿¡áíóú"),
}


def detect_language(words: Iterable[str], hint: str | None = None) -> str:
    """Return the most likely supported language of case-folded words, or ``"und"``.

    Args:
        words: the text's words, case-folded (the first few dozen are enough).
        hint: the language the source gave, if any; it wins ties and close calls.
    """
    words_list = list(words)
    scores = dict.fromkeys(LANGUAGES, 0.0)
    latin = 0
    other = 0
    if "".join(words_list).isascii():
        # Plain ASCII: no accents to weigh, only function words to count.
        latin = len(words_list)
        for word in words_list:
            for lang in _LANGS_OF.get(word, ()):
                scores[lang] += 1.0
        words_list_checked: list[str] = []
    else:
        words_list_checked = words_list
    for word in words_list_checked:
        if word.isascii():
            latin += 1
        elif any("a" <= c <= "z" or "à" <= c <= "ÿ" or c == "œ" for c in word):
            latin += 1
            for lang, marks in _MARKS.items():
                if any(c in marks for c in word):
                    scores[lang] += 0.5
        else:
            other += 1
            continue
        for lang in _LANGS_OF.get(word, ()):
            scores[lang] += 1.0
    if latin == 0 or other > 2 * latin:
        return UNDETERMINED
    hint = (hint or "").split("-")[0].split("_")[0].lower()
    if hint in scores:
        scores[hint] += 1.5
    ranked = sorted(LANGUAGES, key=lambda lang: -scores[lang])
    best, second = ranked[0], ranked[1]
    if scores[best] - scores[second] < 1.0 and words_list:
        # Too close to call on function words ("Calidad precio excelente."): count the
        # longer stop-word lists and our sentiment words, which cost a set lookup each.
        wider = _wider_scores(words_list)
        for lang in LANGUAGES:
            scores[lang] += wider[lang]
        if hint in scores:
            scores[hint] += 0.5
        ranked = sorted(LANGUAGES, key=lambda lang: -scores[lang])
        best, second = ranked[0], ranked[1]
        if best != "en" and scores[best] - scores["en"] < 1.0 and hint != best:
            # A word or half a word of evidence: brand names, hashtags and English words
            # that happen to be on another language's list ("Love love love iOS 5!!").
            return "en"
        if scores[best] == scores[second] > 0:
            # Still a tie between languages that both know these words: only then ask
            # simplemma, which looks every word up in a dictionary (its first use of a
            # language loads that dictionary, seconds for some), and only the tied ones.
            tied = tuple(lang for lang in LANGUAGES if scores[lang] == scores[best])
            found = _langdetect(" ".join(words_list[:30]), tied)
            if found and found[0][0] in tied and found[0][1] > 0:
                return str(found[0][0])
    if scores[best] == 0:
        return "en"
    return best


@cache
def _wider_words() -> dict[str, tuple[str, ...]]:
    """Return, for every word of the wider lists, the languages it belongs to."""
    langs_of: dict[str, set[str]] = {}
    for lang in LANGUAGES:
        found = lexicon(lang)
        for word in found.stop_words | set(found.valence if lang != "en" else ()):
            langs_of.setdefault(word, set()).add(lang)
    return {
        w: tuple(sorted(ls))
        for w, ls in langs_of.items()
        if len(ls) < len(LANGUAGES) and w.isalpha()
    }


def _wider_scores(words: Iterable[str]) -> dict[str, float]:
    """Return per language how many of the words its wider lists know (shared words split)."""
    scores = dict.fromkeys(LANGUAGES, 0.0)
    langs_of = _wider_words()
    for word in words:
        langs = langs_of.get(word)
        if langs:
            for lang in langs:
                scores[lang] += 1.0 / len(langs)
    return scores


# simplemma's ``langdetect``, with what it learns about a word kept: it builds its lemmatiser
# anew on every call and runs every word through each language's search chain (dictionary,
# rules, affixes), the costliest step of a close call, although customers use the same words
# again and again.
_STRATEGY = DefaultStrategy()
_SAMPLERS = (MostCommonTokenSampler(), RelaxedMostCommonTokenSampler())
_RECOGNISED: dict[tuple[str, tuple[str, ...]], tuple[bool, ...]] = {}


def _recognised(token: str, languages: tuple[str, ...]) -> tuple[bool, ...]:
    """Return whether simplemma finds a lemma for a token, per language asked for."""
    key = (token, languages)
    found = _RECOGNISED.get(key)
    if found is None:
        if len(_RECOGNISED) >= 200_000:
            _RECOGNISED.clear()
        found = _RECOGNISED[key] = tuple(
            _STRATEGY.get_lemma(token, lang) is not None for lang in languages
        )
    return found


def _langdetect(text: str, languages: tuple[str, ...] = LANGUAGES) -> list[tuple[str, float]]:
    """Return what ``simplemma.langdetect(text, lang=languages)`` does: the share of
    recognised tokens per language, best first, "unk" last; a tie retried on looser tokens."""
    ranked: list[tuple[str, float]] = []
    for sampler in _SAMPLERS:
        tokens = [unicodedata.normalize("NFC", t) for t in sampler.sample_text(text)]
        if not tokens:
            return [("unk", 1)]
        counts = [0] * len(languages)
        unknown = 0
        for token in tokens:
            flags = _recognised(token, languages)
            if not any(flags):
                unknown += 1
            for i, flag in enumerate(flags):
                counts[i] += flag
        shares = {lang: counts[i] / len(tokens) for i, lang in enumerate(languages)}
        shares["unk"] = unknown / len(tokens)
        ranked = sorted(shares.items(), key=lambda item: (item[0] == "unk", -item[1]))
        if ranked[0][1] != ranked[1][1]:
            return ranked
    return ranked
