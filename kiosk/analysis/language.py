"""Tell which supported language a feedback text is written in, offline and fast.

A dictionary-based detector (simplemma's) lemmatises every token once per candidate language,
about 60 µs for a short sentence, which alone would eat most of our budget per item. Customer
feedback is full of function words, so counting hits in short per-language lists of the
commonest ones (plus a few letters only one language uses) is as accurate on it and costs a
few µs; the dictionaries only break the rare ties.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from kiosk.analysis.lemmas import is_known, with_accents
from kiosk.analysis.lexicon import LANGUAGES, lexicon, vader_lexicon

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
            # Texting's "you": "Y U NO LET ME PRE-ORDER" is English, "y" and "me" aside.
            "u",
        ]
    ),
    "fr": frozenset(
        [
            # "a" is French's "has" as much as English's article and Spanish's "to".
            "a",
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
            # "Me encanta este restaurante" was English: "me" was on English's list only.
            "me",
            # "Vuelo a Puerto Rico cancelado" was English: "a" was on English's list only.
            "a",
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

# Function words of languages we do not analyse, none of them a word of ours: a tweet in
# Dutch or Portuguese was read as English or Spanish, and its "een", "meu" and "pra" became
# terms on the wall. Where these outnumber our languages' function words, the text is left
# unread ("not written in a supported language"). Left out: "att" (AT&T, in English), "ja"
# (German), "está" (Spanish), the Dutch "dat" and "wat", which English texting writes ("I
# guess dat wat #twitter does"), and words ours write too or that name places: "echt" and
# "kan" (German, as written in a hurry), "foi" and "dus" (French), "dele" (Spanish), "alla",
# "bene" and "loro" (Italian restaurants' names in any language's review; helper-58). On the
# public tweet and review sets we evaluate on (some 50,000 English texts) none is set aside;
# of the Sanders tweets, 47 more in Dutch, Portuguese and Italian are (with ``_SHARED``), none
# in a language we read.
_UNSUPPORTED_WORDS = frozenset(
    {
        # Portuguese
        "não",
        "nao",
        "você",
        "voce",
        "vc",
        "é",
        "muito",
        "obrigado",
        "obrigada",
        "pra",
        "meu",
        "minha",
        "isso",
        "também",
        "tambem",
        "estou",
        "uma",
        "ele",
        "ela",
        "seu",
        "sua",
        "são",
        "tem",
        "hoje",
        "agora",
        "já",
        "nós",
        "pelo",
        "pela",
        "ao",
        "às",
        "quando",
        "só",
        "vejo",
        "esse",
        "essa",
        "vou",
        "tô",
        "tá",
        "né",
        "ainda",
        "então",
        "mim",
        "meus",
        "minhas",
        "nosso",
        "nossa",
        "dela",
        "fazer",
        "quero",
        "ninguem",
        "ninguém",
        "estava",
        # Indonesian and Malay (not "ni", "di", "dan", "ada", "ke", "aja": French, Spanish,
        # names and Spanish texting have them too)
        "yang",
        "ini",
        "itu",
        "kita",
        "saya",
        "tidak",
        "aku",
        "kamu",
        "juga",
        "sudah",
        "belum",
        "untuk",
        "dengan",
        "dari",
        "tapi",
        "gak",
        "nggak",
        "udah",
        # Dutch
        "het",
        "een",
        "niet",
        "ik",
        "zijn",
        "voor",
        "maar",
        "ook",
        "wel",
        "naar",
        "heb",
        "bij",
        "mijn",
        "jij",
        "jullie",
        "nog",
        "geen",
        "goed",
        "bedankt",
        "deze",
        "waarom",
        "op",
        "zo",
        "hij",
        "wij",
        "uit",
        "alleen",
        "weer",
        "zeer",
        "graag",
        "waar",
        "gaat",
        "kunnen",
        "moet",
        "wordt",
        "heeft",
        "hebben",
        "toch",
        "zou",
        "daar",
        "eens",
        "mij",
        "jou",
        "jouw",
        "ons",
        # Italian
        "che",
        "sono",
        "questo",
        "questa",
        "molto",
        "grazie",
        "anche",
        "della",
        "delle",
        "perché",
        "perche",
        "sempre",
        "più",
        "piu",
        "gli",
        "nel",
        "nella",
        "sul",
        "degli",
        "oggi",
        "ancora",
        "tutto",
        "tutti",
        "ciao",
        "hai",
        "abbiamo",
        "dalla",
        "sulla",
        "domani",
        "ieri",
        "adesso",
        "suo",
        "essere",
        "fatto",
        "stato",
        "stata",
        # Swedish
        "och",
        "det",
        "så",
        "blir",
        "mycket",
        "också",
        "tack",
        "varför",
        "eller",
        "hade",
        "skulle",
        "inte",
        "jag",
        "är",
        "för",
        "på",
        "som",
        "har",
    }
)

# The French little words written elided onto the next word ("j'aimerais", "l'appli",
# "qu'il"); not English's "c'mon" (``detect_language``).
_ELIDED = "jldnmst"


def _elided(word: str) -> bool:
    """Whether a word is a French little word elided onto a word French's dictionary knows
    (see ``_ELIDED``; not a name: "L'Occitane", "D'Angelo's")."""
    if word[1:2] == "'":
        return word[0] in _ELIDED and word[2:3].isalpha() and is_known(word[2:], "fr")
    return word[:3] == "qu'" and word[3:4].isalpha() and is_known(word[3:], "fr")


# Function words of ours that the languages above write as often (Portuguese, Dutch, Italian).
_SHARED = frozenset({"de", "que", "no", "por", "para", "se", "como", "mais", "en", "la", "un"})

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
    joined = "".join(words_list)
    if joined.isascii():
        # Plain ASCII: no accents to weigh, only function words to count.
        latin = len(words_list)
        hits = [lang for langs in map(_LANGS_OF.get, words_list) if langs for lang in langs]
        if hits:
            for lang in LANGUAGES:
                scores[lang] = float(hits.count(lang))
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
    if "'" in joined:
        # French writes its little words elided onto the next: each such word the lists do
        # not know counts as a French one ("J'aimerais pouvoir payer en trois fois" was
        # Spanish, by its "en" alone).
        scores["fr"] += sum(1.0 for w in words_list if _elided(w) and w not in _LANGS_OF)
    if latin == 0 or other > 2 * latin:
        return UNDETERMINED
    hint = (hint or "").split("-")[0].split("_")[0].lower()
    if hint not in scores and _foreign(words_list, scores):
        return UNDETERMINED
    if hint in scores:
        scores[hint] += 1.5
    best, second = _top_two(scores)
    if scores[best] - scores[second] < 1.0 and words_list:
        return _close_call(words_list, scores, hint)
    if scores[best] == 0:
        return "en"
    return best


def _close_call(words_list: list[str], scores: dict[str, float], hint: str) -> str:
    """Return the language of words whose function words are too close to call ("Calidad
    precio excelente."): the longer stop-word lists and our sentiment words are counted,
    which cost a set lookup each, and the dictionaries settle what is still close."""
    wider = _wider_scores(words_list)
    for lang in LANGUAGES:
        scores[lang] += wider[lang]
    if hint in scores:
        scores[hint] += 0.5
    best, second = _top_two(scores)
    if scores[best] == 0:
        # Not one word any list knows, and no source language: a short review of content
        # words ("Repetiremos.", "Servicio esmerado.", "Sitio recomendado.") was English by
        # default and lost its kind. Where the English dictionary knows none of its words
        # either, the other dictionaries decide. English keeps it unless another dictionary
        # knows two words more, as the German dictionary knows many English words ("macOS
        # Fullscreen broken"); a German list with one English word in it ("Vorteile: schnelle
        # Lieferung, netter Service") was English, and lost its kind.
        first = words_list[:30]
        english = _known_counts(first, ("en",))["en"]
        if english + 2 > sum(1 for w in first if len(w) > 1 and w.isalpha()):
            # No other dictionary can know two words more ("Battery drain"): the commonest
            # case, and the other three lookups are saved.
            return "en" if english else _dictionary_vote(first, LANGUAGES) or "en"
        counts = _known_counts(first, LANGUAGES[1:])
        best = max(LANGUAGES[1:], key=counts.__getitem__)
        if english == 0:
            return best if counts[best] > 0 else "en"
        return best if counts[best] >= english + 2 else "en"
    if best != "en" and scores[best] - scores["en"] < 1.0 and hint != best:
        # A word or half a word of evidence: brand names, hashtags and English words that
        # happen to be on another language's list ("Love love love iOS 5!!"). The
        # dictionaries decide, English first among equals: an accent and words no list has
        # are Spanish all the same ("Deberían permitir reservar cita online"). A source that
        # says English still wins the close call.
        if hint == "en":
            return "en"
        return _dictionary_vote(words_list[:30], ("en", best)) or "en"
    if scores[best] == scores[second] > 0:
        # Still a tie between languages that both know these words: only then look every
        # word up in the tied languages' dictionaries.
        tied = tuple(lang for lang in LANGUAGES if scores[lang] == scores[best])
        found = _dictionary_vote(words_list[:30], tied)
        if found is not None:
            return found
    return "en" if scores[best] == 0 else best


def _top_two(scores: dict[str, float]) -> tuple[str, str]:
    """Return the two languages with the highest scores, the first in ``LANGUAGES`` first
    among equals (what a stable sort by score would put first), without a sort."""
    best, second = LANGUAGES[0], LANGUAGES[1]
    if scores[second] > scores[best]:
        best, second = second, best
    for lang in LANGUAGES[2:]:
        score = scores[lang]
        if score > scores[best]:
            best, second = lang, best
        elif score > scores[second]:
            second = lang
    return best, second


def _foreign(words: list[str], scores: dict[str, float]) -> bool:
    """Whether function words of a language we do not read outnumber ours (two at least).

    Ours are counted without the words those languages write as often ("que", "no", "de",
    "para" in Portuguese, "de" and "en" in Dutch): a Portuguese tweet's "no que" made it
    Spanish, and its "meu" and "eu" terms (Sanders tweets).
    """
    found = sum(1 for w in words if w in _UNSUPPORTED_WORDS)
    if found < 2:
        return False
    own = {lang: 0 for lang in LANGUAGES}
    for word in words:
        if word not in _SHARED:
            for lang in _LANGS_OF.get(word, ()):
                own[lang] += 1
    return found > max(own.values())


@cache
def _wider_words() -> dict[str, tuple[str, ...]]:
    """Return, for every word of the wider lists, the languages it belongs to."""
    langs_of: dict[str, set[str]] = {}
    english = vader_lexicon().keys()
    for lang in LANGUAGES:
        found = lexicon(lang)
        # The stop lists as published, topics kept for the cloud included: "case" and
        # "computer" are English words whoever shows them ("Excellent case" was French once
        # they left the stop words; helper-58).
        listed = (found.stop_words | found.stop_list) - found.bare_forms
        # Words written without their accents count where only the language's own lists have
        # them (Spanish's); French folds every list, and "holà" is Spanish's "hola", "pièce"
        # English's "piece" and "médiocre" English's "mediocre" once their accents are gone.
        bare = found.unaccented if found.folding is None else {}
        for word in listed | set((*found.valence, *bare) if lang != "en" else ()):
            langs_of.setdefault(word, set()).add(lang)
        if lang != "en":
            # A sentiment word English writes too is no evidence against English: "Excellent
            # bluetooth headset" was French, "Java compilation error" Spanish. English's own
            # sentiment words say so, not its dictionary, which knows "lent" and "kaputt".
            for word in found.valence.keys() & english:
                if word not in listed:
                    langs_of[word].add("en")
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


def _dictionary_vote(words: list[str], languages: tuple[str, ...]) -> str | None:
    """Return the language whose dictionary knows most of the words (the first of equals),
    or None when no dictionary knows any."""
    counts = _known_counts(words, languages)
    best = max(counts.values(), default=0)
    return next(lang for lang in languages if counts[lang] == best) if best > 0 else None


def _known_counts(words: list[str], languages: tuple[str, ...] = LANGUAGES) -> dict[str, int]:
    """Return per language how many of the words its dictionary knows."""
    candidates = [w for w in words if len(w) > 1 and w.isalpha()]
    # A word typed without its accents is known by the word it stands for: "A EVITER !!!" and
    # "Carte compliquee a dechiffrer." were English, no dictionary knowing "eviter" as typed.
    return {
        lang: sum(1 for w in candidates if is_known(w, lang) or with_accents(w, lang) != w)
        for lang in languages
    }
