"""Decide what one word is: a term (and its key), a word that only starts phrases, or nothing.

The decision is an ordered list of named rules (``RULES``). Each rule looks at the word as the
rules before it left it: it drops the word with its reason, makes it a phrase-only word, or
passes it on, possibly changed (the elided article cut off, the dictionary form found, a typo
corrected, a derivation folded in). The first rule that decides ends the list; a word no rule
drops is a term. ``WordRules.why_not`` answers "why is this word not in the cloud?" with the
reason of the rule that dropped it.

Decisions depend on the word and the language only (the rest of the text is looked at by the
analyser: links, idioms, names, German lowercase verbs), so the analyser caches them per
language: a corpus costs a dictionary lookup per word once its vocabulary has been seen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, NamedTuple

from kiosk.analysis.lemmas import is_known, lemmatize
from kiosk.analysis.lexicon import Lexicon, english_valences, lexicon, restore_accents
from kiosk.analysis.profanity import is_profane
from kiosk.analysis.regexes import compile_pattern
from kiosk.analysis.spelling import Speller
from kiosk.analysis.text import normalize_token
from kiosk.analysis.vocabulary import Vocabulary

__all__ = ["RULES", "Decision", "Rule", "WordRules"]


class Decision:
    """What a word is: a term key (None: no term), whether it may start a phrase without being
    a term, whether it is a verb as often as a noun, and why it is no term.

    Read-only (``Final``): decisions are remembered and shared. A plain class, not a
    NamedTuple: compiled, making one is a native call, not an interpreted ``__new__``.
    """

    __slots__ = ("ambiguous", "key", "modifier", "reason", "rule")

    def __init__(
        self,
        key: str | None,
        modifier: bool = False,
        ambiguous: bool = False,
        reason: str | None = None,
        rule: str = "",
    ) -> None:
        self.key: Final = key
        self.modifier: Final = modifier
        self.ambiguous: Final = ambiguous
        self.reason: Final = reason
        self.rule: Final = rule

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Decision) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (
            f"Decision(key={self.key!r}, modifier={self.modifier}, ambiguous={self.ambiguous},"
            f" reason={self.reason!r}, rule={self.rule!r})"
        )

    def _fields(self) -> tuple[str | None, bool, bool, str | None, str]:
        return (self.key, self.modifier, self.ambiguous, self.reason, self.rule)


class Word:
    """A word on its way through the rules: its current form and what is known about it
    (``noun_checked``: a rule has settled whether it can name a topic at all).

    A plain class, not a dataclass: compiled, its ``__init__`` is native, where a
    dataclass's is an interpreted call for every new word.
    """

    __slots__ = ("language", "lemma", "lexicon", "norm", "noun_checked")

    def __init__(
        self,
        language: str,
        lexicon: Lexicon,
        norm: str,
        lemma: str = "",
        noun_checked: bool = False,
    ) -> None:
        self.language = language
        self.lexicon = lexicon
        self.norm = norm
        self.lemma = lemma
        self.noun_checked = noun_checked


_DOUBLE = compile_pattern(r"(.)\1")
RuleCheck = Callable[["WordRules", Word], Decision | None]


class Rule(NamedTuple):
    """One named step of the word decision."""

    name: str
    check: RuleCheck


def _drop(rule: str, reason: str) -> Decision:
    return Decision(None, reason=reason, rule=rule)


def _phrase_only(rule: str, reason: str) -> Decision:
    return Decision(None, modifier=True, reason=reason, rule=rule)


# The rules, in the order they run. Each returns a decision, or None to pass the word on.


# Longer than the long words customers write (German compounds such as
# "Donaudampfschifffahrtsgesellschaftskapitän" have 42 letters):
# a run of letters past this is a pasted code, a hashtag of a sentence or keyboard mashing,
# and one of them as a term set the scale of the whole cloud (QA: every word at the smallest
# size beside 280 letters of one "word").
LONGEST_WORD = 45


def _not_a_word(_rules: WordRules, w: Word) -> Decision | None:
    norm = w.norm
    if len(norm) < 2 or (not norm.isalpha() and not all(c.isalpha() or c in "'-" for c in norm)):
        return _drop("not a word", "not a word: too short, or digits and symbols")
    if len(norm) > LONGEST_WORD:
        return _drop("not a word", f"not a word: longer than {LONGEST_WORD} letters")
    return None


def _redaction(_rules: WordRules, w: Word) -> Decision | None:
    if len(set(w.norm)) == 1 or w.norm.startswith("xx"):
        return _drop("redaction", "a redaction or one letter repeated ('XXXX', 'aaaa')")
    return None


def _other_script(_rules: WordRules, w: Word) -> Decision | None:
    norm = w.norm
    if not norm.isascii() and any(c > "\u024f" and c.isalpha() for c in norm):
        return _drop("other script", "written in another script than the text's language")
    return None


def _profanity(_rules: WordRules, w: Word) -> Decision | None:
    # Run twice: on the word, then on its dictionary form (when that differs).
    form = w.lemma if w.lemma else w.norm
    if (w.lemma and w.lemma == w.norm) or not is_profane(form):
        return None
    return _drop("profanity", "profanity: never shown on a wall")


# Letters chat holds at the end of a word ("yooo", "ohhh", "lolll").
_HELD = frozenset("aeiouhl")
# Laughter, written alike in every language we read ("hahaha", "jajaja", "hehe", "ahahah",
# "ajajaja", "hahahha"): one syllable repeated, which no list can hold in all its lengths.
# Its vowel stays the same ("haji" is no laugh), and "aha" alone is an interjection with a
# meaning (and the AHA's name).
_LAUGH = compile_pattern(r"a?([hj])([aei])\2*(?:\1+\2+)+\1*|a(?:h+a+){2,}h*|a(?:h+a+)+h+")


def _chat(_rules: WordRules, w: Word) -> Decision | None:
    norm = w.norm
    chat = w.lexicon.chat
    # Every new word comes here: the string tests keep the regular expression for the few
    # words that can be laughter, and chat stretched at its end ("lolll", "Yooooo", "ohhh":
    # a vowel, h or l held; not "watt", "moss" or "Jupp", which collapse to chat words too).
    if (
        norm in chat
        or (len(norm) > 3 and norm[0] in "ahj" and _LAUGH.fullmatch(norm))
        or (
            len(norm) > 2
            and norm[-1] == norm[-2]
            and norm[-1] in _HELD
            and norm.rstrip(norm[-1]) + norm[-1] in chat
        )
    ):
        return _drop("chat", "a chat abbreviation or interjection ('rt', 'lol', 'gonna')")
    return None


def _apostrophe(_rules: WordRules, w: Word) -> Decision | None:
    norm = w.norm
    if "'" not in norm:
        return None
    if norm.startswith(w.lexicon.elisions) and w.language in ("fr", "en"):
        norm = norm.split("'", 1)[1]  # "l'appli" is "appli"
    elif norm.endswith("'s"):
        norm = norm[:-2]  # "the driver's van": the driver
    else:
        return _drop("contraction", 'a contraction such as "can\'t": a function word')
    if len(norm) < 2:
        return _drop("contraction", 'a contraction such as "can\'t": a function word')
    w.norm = norm
    return None


def _admin_lists(rules: WordRules, w: Word) -> Decision | None:
    # Run twice: on the word, then on its dictionary form (when that differs).
    form = w.lemma if w.lemma else w.norm
    if w.lemma and w.lemma == w.norm:
        return None
    vocab = rules.vocabulary
    if form in vocab.blocked:
        return _drop("block list", "on the block list (settings)")
    if form in vocab.stopped:
        return _drop("stop list", "on the stop-word list (settings)")
    return None


def _phrase_starter(_rules: WordRules, w: Word) -> Decision | None:
    if w.language == "en" and w.norm in w.lexicon.phrase_starters:
        return _phrase_only(
            "phrase starter", "says little alone; it starts phrases such as 'customer service'"
        )
    if w.language in ("fr", "es") and w.norm in w.lexicon.phrase_enders:
        return _phrase_only(
            "phrase ender", "says little alone; it ends phrases such as 'service client'"
        )
    return None


def _stop_word(_rules: WordRules, w: Word) -> Decision | None:
    # Run twice: on the word, then on its dictionary form (when that differs).
    form = w.lemma or w.norm
    lex = w.lexicon
    if form not in lex.stop_words or (w.lemma and w.lemma == w.norm):
        return None
    if form in lex.generic:
        return _drop("generic word", "too general to name a topic ('problem', 'option')")
    if form in lex.filler:
        return _drop("filler", "filler: says nothing about a topic ('thanks', 'today')")
    return _drop("stop word", "a stop word ('the', 'and', 'very')")


def _dictionary_form(_rules: WordRules, w: Word) -> Decision | None:
    norm, language = w.norm, w.language
    lemma = lemmatize(norm, language)
    if lemma == norm and _has_double(norm) and not is_known(norm, language):
        # "loove" was "looooove": cut to one letter if that makes a known word.
        single = _single_letters(norm)
        if is_known(single, language):
            lemma = lemmatize(single, language)
    w.lemma = lemma
    return None


def _activity(_rules: WordRules, w: Word) -> Decision | None:
    """English -ing forms: the topic itself ("parking") or an activity ("waiting")."""
    if w.language != "en" or not w.norm.endswith("ing") or w.lemma == w.norm:
        return None
    derivations = w.lexicon.derivations
    if w.lemma in derivations:
        w.lemma = derivations[w.lemma]
    elif w.lemma in w.lexicon.verbs:
        return _drop("activity", "an activity ('fixing', 'waiting'), not a topic")
    else:
        w.lemma = w.norm  # "parking", "billing", "shopping": the gerund is the topic
    w.noun_checked = True
    return None


def _part_of_speech(_rules: WordRules, w: Word) -> Decision | None:
    if not w.noun_checked and not _is_noun_like(w):
        return _drop("part of speech", "a verb, adjective or adverb: it names no thing")
    return None


def _spelling(rules: WordRules, w: Word) -> Decision | None:
    corrected = rules.speller.correct(w.language, w.norm, w.lemma)
    if corrected is None:
        return None
    if corrected == "":
        return _drop("misspelt stop word", "a misspelt stop word")
    w.lemma = corrected
    return None


def _derivation(_rules: WordRules, w: Word) -> Decision | None:
    w.lemma = w.lexicon.derivations.get(w.lemma, w.lemma)
    return None


def _synonym(rules: WordRules, w: Word) -> Decision | None:
    vocab = rules.vocabulary
    synonym = vocab.synonym_map.get(w.lemma) or vocab.synonym_map.get(w.norm)
    if synonym is None:
        return None
    if synonym[0] in vocab.blocked:
        return _drop("blocked synonym", "merged into a word on the block list (settings)")
    return Decision(synonym[0], rule="synonym")


def _problem_modifier(_rules: WordRules, w: Word) -> Decision | None:
    mods = w.lexicon.problem_modifiers
    if w.lemma in mods or w.norm in mods:
        return _phrase_only(
            "problem word", "names a problem; it starts phrases ('late delivery'), no term alone"
        )
    return None


def _sentiment(_rules: WordRules, w: Word) -> Decision | None:
    if _is_sentiment(w):
        return _drop("sentiment word", "a sentiment word: its kind shows as the word's colour")
    return None


def _concept(rules: WordRules, w: Word) -> Decision | None:
    """One thing, one term across languages: "Rückerstattung" is the concept "refund"."""
    concepts = w.lexicon.concepts
    # The written form counts too: German "Kurier" is also an imperative of "kurieren".
    concept = concepts.get(w.lemma) or concepts.get(w.norm)
    if concept is None or concept == w.lemma:
        return None
    vocab = rules.vocabulary
    if concept in vocab.blocked:
        return _drop("block list", "on the block list (settings), in another language")
    if concept in vocab.stopped:
        return _drop("stop list", "on the stop-word list (settings), in another language")
    synonym = vocab.synonym_map.get(concept)
    if synonym is not None:
        return Decision(synonym[0], rule="synonym")
    w.lemma = concept
    return None


RULES: tuple[Rule, ...] = (
    Rule("not a word", _not_a_word),
    Rule("redaction", _redaction),
    Rule("other script", _other_script),
    Rule("profanity", _profanity),
    Rule("chat", _chat),
    Rule("contraction", _apostrophe),
    Rule("settings lists", _admin_lists),
    Rule("phrase starter", _phrase_starter),
    Rule("stop word", _stop_word),
    Rule("dictionary form", _dictionary_form),
    Rule("activity", _activity),
    Rule("part of speech", _part_of_speech),
    Rule("spelling", _spelling),
    Rule("derivation", _derivation),
    Rule("stop word (dictionary form)", _stop_word),
    Rule("settings lists (dictionary form)", _admin_lists),
    Rule("profanity (dictionary form)", _profanity),
    Rule("synonym", _synonym),
    Rule("problem word", _problem_modifier),
    Rule("sentiment word", _sentiment),
    Rule("concept", _concept),
)


class WordRules:
    """Run the word rules with one vocabulary and speller.

    Args:
        vocabulary: the admin's synonyms, block list and stop words.
        speller: corrects misspelt words towards frequent terms.
    """

    def __init__(self, vocabulary: Vocabulary, speller: Speller) -> None:
        self.vocabulary = vocabulary
        self.speller = speller
        self._checks = tuple(rule.check for rule in RULES)

    def decide(self, language: str, norm: str, noun: bool = False) -> Decision:
        """Return what a normalised word is in a language (``noun``: its use shows it names a
        thing, so the part-of-speech rule is passed: a German infinitive written as a noun
        after an article, "das Buchen", "zum Umbuchen")."""
        # A word typed without its accents is the word the dictionary knows with them
        # ("entrees" is "entrées", "cancelacion" "cancelación"): one term on the cloud,
        # whoever typed it, and its valence and part of speech found.
        norm = restore_accents(norm, language)
        w = Word(language, lexicon(language), norm, noun_checked=noun)
        for check in self._checks:
            found = check(self, w)
            if found is not None:
                return found
        ambiguous = language == "en" and w.lemma in w.lexicon.noun_too
        return Decision(w.lemma, ambiguous=ambiguous, rule="term")

    def why_not(self, word: str, language: str) -> str | None:
        """Return why a word is no term in a language, or None when it is one."""
        found = self.decide(language, normalize_token(word.strip()))
        return None if found.key is not None else found.reason


def _is_noun_like(w: Word) -> bool:
    """Whether a word can name a topic: not a plain verb or adverb (no tagger needed for the
    words customers use most)."""
    language, norm, lemma, lex = w.language, w.norm, w.lemma, w.lexicon
    derived = lemma in lex.derivations
    if language == "en":
        return _is_english_noun_like(norm, lemma, lex, derived)
    if norm in lex.adjectives or lemma in lex.adjectives:
        return False
    if language == "de" and lemma in lex.verbs and not derived and norm not in lex.nouns_like_verbs:
        return False  # "dauert", "hilft", "schmeckt"; not "die Kosten", "die Antwort"
    if language == "fr" and "-" in norm and norm.rsplit("-", 1)[1] in lex.pronouns:
        return False  # "pourriez-vous", "envoyez-moi"
    if language in ("fr", "es") and not derived and lemma not in lex.nouns_like_verbs:
        # An infinitive's ending on a word no dictionary knows is a name's: "Movistar" and
        # "Uber" were verbs, and never on the wall (stop 69).
        if language == "es" and lemma.endswith(("ar", "er", "ir")) and is_known(lemma, "es"):
            return False
        if language == "fr" and (
            (lemma.endswith(("er", "ir")) and is_known(lemma, "fr"))
            or (lemma != norm and lemma.endswith("re"))
        ):
            return False
    if language == "fr" and norm.endswith("ment") and len(norm) > 7 and lemma == norm:
        if is_known(norm + "s", "fr"):
            return True  # "remboursement(s)": a noun, adverbs have no plural
        return is_known(norm[:-4], "fr") is False  # "rapidement": rapide + ment
    return not (language == "es" and norm.endswith("mente") and len(norm) > 7)


def _is_english_noun_like(norm: str, lemma: str, lex: Lexicon, derived: bool) -> bool:
    verbs, noun_too = lex.verbs, lex.noun_too
    if norm in verbs and norm not in noun_too and not derived:
        return False
    if lemma in verbs and not derived and (lemma not in noun_too or norm.endswith(("ed", "ing"))):
        return False
    if lemma in lex.adjectives or norm in lex.adjectives:
        return False
    if norm.endswith("ed") and len(norm) > 4 and not derived:
        return False  # verb forms and participles: "packed", "fixed", "handled"
    return not (norm.endswith("ly") and len(norm) > 4 and norm not in lex.ly_nouns)


def _is_sentiment(w: Word) -> bool:
    """Whether a word says how the customer feels rather than what about."""
    lemma, norm = w.lemma, w.norm
    if lemma in w.lexicon.topic_keep:
        return False
    if w.language == "en":
        english = english_valences()
        for form in (norm, lemma):
            valence = english.get(form)
            if valence is not None and abs(valence) >= 0.9:
                return True
        return False
    valences = w.lexicon.valence
    if norm in valences or lemma in valences:
        return True
    bare = w.lexicon.unaccented  # written without accents: "incomodos", "pesimo"
    if norm in bare or lemma in bare:
        return True
    if w.language == "de":
        # Adjective endings: "tolle", "schnellen", "freundliches".
        return any(
            norm.endswith(e) and norm[: -len(e)] in valences for e in w.lexicon.adjective_endings
        )
    return False


def _has_double(norm: str) -> bool:
    return _DOUBLE.search(norm) is not None


def _single_letters(norm: str) -> str:
    out = [norm[0]]
    for ch in norm[1:]:
        if ch != out[-1]:
            out.append(ch)
    return "".join(out)
