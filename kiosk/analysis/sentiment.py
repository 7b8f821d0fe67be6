"""Decide what one clause is: praise, a problem, a suggestion, or nothing clear.

English uses the learned model of ``kiosk.analysis.kinds`` (words, word pairs and our lexicon
scores, trained on public feedback). French, German and Spanish use our own lexicon: valences
summed, flipped by a negator a few words before, squashed into -1..1, suggestion cues winning
over sentiment ("ce serait bien si..." is an idea, not praise). Where the Spanish or French
lexicon finds no kind, a model learned from public feedback in that language may give one, when
it is sure.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Final

from kiosk.analysis.kinds import (
    MODEL_RESOURCES,
    KindModel,
    KindScores,
    Reading,
    asks_for_information,
    join_readings,
    lexicon_features,
    read,
    says_nothing,
    scores_of,
    shipped_model,
)
from kiosk.analysis.lemmas import lemmatize
from kiosk.analysis.lexicon import (
    Lexicon,
    emoji_valence,
    emoticon_valence,
    has_idea_cue,
    lexicon,
    restore_accents,
)
from kiosk.analysis.profanity import count_profane
from kiosk.analysis.regexes import compile_pattern
from kiosk.analysis.text import normalize_token, tidy, tokens
from kiosk.model import Kind

__all__ = ["ClauseKind", "KindScorer", "strip_discourse"]

# Below this absolute score a clause has no clear kind of its own.
THRESHOLD = 0.2
_IDEA_CONFIDENCE = 0.85
# A remembered clause keeps its reading (a few dozen feature strings, some 1.2 KB): 200,000 of
# them took 250 MB during a big file's sync, against the 200 MB a sync may use (issue 9). The
# clauses customers repeat ("Thanks!", "Still waiting.") are back in the cache soon after it
# is emptied.
_CACHE_SIZE = 4_096
# Words whose valence is remembered, per language (a few MB at most).
_WORDS_SIZE = 50_000


class ClauseKind:
    """A clause's kind with its confidence (0 when unclassified), raw score (-1..1) and, where
    the learned model read it, the probability of every class.

    Read-only (``Final``: mypy rejects a change), as remembered clauses are shared between
    items. A plain class rather than a frozen dataclass: compiled, its ``__init__`` is native,
    where a dataclass's is generated Python, an interpreted call for every clause.
    """

    __slots__ = ("confidence", "kind", "reading", "score", "scores")

    def __init__(
        self,
        kind: Kind,
        confidence: float,
        score: float,
        scores: KindScores | None = None,
        reading: Reading | None = None,
    ) -> None:
        self.kind: Final = kind
        self.confidence: Final = confidence
        self.score: Final = score
        self.scores: Final = scores
        self.reading: Final = reading

    def __repr__(self) -> str:
        return (
            f"ClauseKind({self.kind!r}, {self.confidence!r}, {self.score!r}, {self.scores!r},"
            f" {self.reading!r})"
        )


_NONE = ClauseKind(Kind.UNCLASSIFIED, 0.0, 0.0)
# A local model alone gives a lexicon language's clause a kind only when this sure of it.
_LOCAL_MIN = 0.6
# A lexicon language's own model (Spanish, French) gives a clause the lexicon finds no kind in
# one only when this sure of it: see training/DATA.md, "A model for Spanish" and "A model for
# French", and training/choose_model_min.py. Less sure, it read plain statements by their
# domain's words:
# "El vuelo dura más de 12 horas." a problem (in tweets to airlines, hours are a complaint),
# "La comida la sirven a partir de la una." praise (restaurant reviews praise their food).
_MODEL_MIN = 0.9
# A question that asks for information keeps no kind below this score: a strong word or a
# pattern's weight, 2 or more, is what it is about. Blame it always keeps: a problem asked about
# is a problem ("Est-ce que mon colis est perdu ?", "Comment puis-je résilier ?"; helper-106).
_ASKED_MAX = 2.0 / math.sqrt(2.0 * 2.0 + 15.0)


def strip_discourse(clause: str, language: str, *, tidied: bool = False) -> str:
    """Remove an opener that frames a point without being one ("To be fair,", "Honestly,"),
    from a text ``tidy`` made fit for our phrase rules (``tidied``: it already is)."""
    if not tidied:
        clause = tidy(clause)
    found_lexicon = lexicon(language)
    openers = found_lexicon.openers
    if openers is None:
        return clause
    found = openers.match(found_lexicon.fold(clause))
    return clause if found is None else clause[found.end() :]


class KindScorer:
    """Score clauses in the supported languages; one instance is safe to reuse, not to share
    between threads (our caches are plain dicts).

    English clauses go through the learned model of ``kiosk.analysis.kinds`` (plus the local
    layer learned from this installation's labelled items, when there is one); French, German
    and Spanish through our lexicons, the local layer deciding where they find no kind, and
    then, for Spanish and French, their own model, each when sure.
    """

    def __init__(self, model: KindModel | None = None) -> None:
        self._cache: dict[tuple[str, str, bool], ClauseKind] = {}
        self._valences: dict[str, dict[str, float]] = {}
        self._model = model
        self._models: dict[str, KindModel] = {}
        self.local: KindModel | None = None

    @property
    def model(self) -> KindModel:
        """The shipped English kind model (loaded on first use)."""
        if self._model is None:
            self._model = shipped_model()
        return self._model

    def model_for(self, language: str) -> KindModel:
        """Return the shipped model of a language that has one (``MODEL_RESOURCES``)."""
        if language == "en":
            return self.model
        found = self._models.get(language)
        if found is None:
            found = self._models[language] = shipped_model(language)
        return found

    def set_local(self, local: KindModel | None) -> None:
        """Use a model learned from this installation's labelled items on top of ours."""
        self.local = local
        self._cache.clear()

    def clear_cache(self) -> None:
        """Forget every remembered clause kind and word valence."""
        self._cache.clear()
        self._valences.clear()

    def classify(self, clause: str, language: str, link: bool = False) -> ClauseKind:
        """Return the kind of one clause of text in a supported language (``link``: it
        shared a link, blanked before reading).

        Results are remembered: customers repeat short clauses ("Thanks.", "Great service!",
        "Still waiting.") far more often than chance. White space around a clause changes
        nothing in its reading, so it is left out of what is remembered: a clause that was only
        an @handle or a link (blanked to spaces before reading) is read once, whatever its
        length.
        """
        clause = clause.strip()
        key = (clause, language, link)
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            found = self._cache[key] = self._classify(clause, language, link)
        return found

    def scores(self, text: str, language: str, link: bool = False) -> KindScores | None:
        """Return the class probabilities of a text, or None where only the lexicon reads
        the language and no local model was learned."""
        return self.scores_of_readings([self.reading(text, language, link)], language)

    def reading(self, text: str, language: str, link: bool = False) -> Reading:
        """Return the model's reading of a text (features, lexicon score, cue); a lexicon
        language with a model of its own also reads the lexicon's score and cue as features."""
        if language == "en" or language not in MODEL_RESOURCES:
            return read(strip_discourse(text, language), language, link)
        text = tidy(text)  # the cues are phrases with plain single spaces, as in ``_classify``
        words = [normalize_token(m.group(0)) for m in tokens(text)]
        cue = has_idea_cue(language, text, words)
        score = self.score(text, language, words, tidied=True)
        return self._model_reading(text, language, link, score, cue)

    def _model_reading(
        self, text: str, language: str, link: bool, score: float, cue: bool
    ) -> Reading:
        """Return a lexicon language's reading for its model, its lexicon's ``score`` and
        ``cue`` for the text already known (``tidy`` made the text fit, as the callers do)."""
        feats = read(strip_discourse(text, language, tidied=True), language, link)[0]
        return feats + lexicon_features(language, score, cue), score, cue

    def scores_of_readings(self, readings: Sequence[Reading], language: str) -> KindScores | None:
        """Return the class probabilities of the text the readings make up together, or None
        where only the lexicon reads the language and no local model was learned (a lexicon
        language's own model gives a clause a kind alone, never an item its reading)."""
        reading = readings[0] if len(readings) == 1 else join_readings(readings)
        if language == "en":
            return self.model.scores_of_reading(reading, language, local=self.local)
        if self.local is not None:
            return scores_of(self.local.logits(reading[0]))
        return None

    def _classify(self, clause: str, language: str, link: bool) -> ClauseKind:
        if language == "en":
            reading = read(strip_discourse(clause, language), language, link)
            model = self.model
            found = model.scores_of_reading(reading, language, local=self.local)
            kind, p = found.best(model.neutral_min)
            if kind is not Kind.UNCLASSIFIED and (
                says_nothing(clause) or asks_for_information(clause, reading)
            ):
                return ClauseKind(Kind.UNCLASSIFIED, 0.0, 0.0, None, reading)
            probabilities = found.probabilities  # in CLASSES order: praise, idea, problem
            score = probabilities[0] - probabilities[2]
            conf = round(p, 3) if kind is not Kind.UNCLASSIFIED else 0.0
            return ClauseKind(kind, conf, score, found, reading)
        # The idea cues are phrases written with plain single spaces, while customers type two,
        # or a tab, and a French keyboard a narrow no-break space ("Ce serait bien de..."): the
        # lexicon reads the clause tidied, as the English model does.
        clause = tidy(clause)
        words = [normalize_token(m.group(0)) for m in tokens(clause)]
        if has_idea_cue(language, clause, words):
            return ClauseKind(Kind.IDEA, _IDEA_CONFIDENCE, 0.0)
        score = self.score(clause, language, words, tidied=True)
        if -THRESHOLD < score < _ASKED_MAX and lexicon(language).asks_for_information(clause):
            # A question asking for information: no kind, from the lexicon or the model
            # ("Quel est le délai pour recevoir une carte ?"), as an English one (kinds.py).
            return _NONE
        if score >= THRESHOLD:
            return ClauseKind(Kind.COMPLIMENT, min(0.95, 0.5 + abs(score) / 2), score)
        if score <= -THRESHOLD:
            return ClauseKind(Kind.COMPLAINT, min(0.95, 0.5 + abs(score) / 2), score)
        # Where the lexicon finds no kind: first what this installation's labels taught, then
        # the language's own model, each only where it is this sure. Both read the clause as
        # ``reading`` does; its score is known and its cue absent (a cue made an idea above).
        shipped = language in MODEL_RESOURCES
        if not shipped and self.local is None:
            return ClauseKind(Kind.UNCLASSIFIED, 0.0, score) if score else _NONE
        reading = (
            self._model_reading(clause, language, link, score, False)
            if shipped
            else read(strip_discourse(clause, language, tidied=True), language, link)
        )
        if self.local is not None:
            local = self.scores_of_readings([reading], language)
            if local is not None:
                kind, p = local.best(_LOCAL_MIN)
                if kind is not Kind.UNCLASSIFIED and p >= _LOCAL_MIN:
                    return ClauseKind(kind, round(p * 0.8, 3), score, local, reading)
        if shipped:
            found = self.model_for(language).scores_of_reading(reading, language)
            kind, p = found.best(_MODEL_MIN)
            if kind is not Kind.UNCLASSIFIED and p >= _MODEL_MIN:
                # No scores and no reading: the clause keeps this kind, and the item's other
                # clauses are not pulled by a reading the lexicon had no part in (helper-72: a
                # clause jumped from 0.67 to 0.99 sure, or turned, beside another such one).
                return ClauseKind(kind, round(p * 0.8, 3), score)
        return ClauseKind(Kind.UNCLASSIFIED, 0.0, score) if score else _NONE

    def score(
        self, clause: str, language: str, words: list[str] | None = None, *, tidied: bool = False
    ) -> float:
        """Return the lexicon sentiment of a clause in French, German or Spanish, from -1 (a
        problem) to 1 (praise); English clauses are read by the model instead.

        Args:
            clause: the clause.
            language: its language.
            words: its words (``normalize_token`` of ``tokens``), when the caller has them.
            tidied: ``tidy`` already made the clause fit (the callers that read a clause
                several ways tidy it once).
        """
        stripped = strip_discourse(clause, language, tidied=tidied)
        if words is None or stripped != clause:
            words = [normalize_token(m.group(0)) for m in tokens(stripped)]
        clause = stripped
        found = lexicon(language)
        # Every pattern that matches counts (overlapping ones too, unlike ``domain_score``).
        extra = sum(
            found.domain_pattern_list[i][1]
            for i in found.domain_patterns_in(
                found.fold(clause), found.anchors.candidates(found.fold_words(words))[0]
            )
        )
        # Swearing is anger in every language, disguised or not ("sh1t", "fuuuck").
        extra -= 1.5 * count_profane(clause)
        return _squash(self._lexicon_score(clause, words, language) + extra)

    def _lexicon_score(self, clause: str, words: list[str], language: str) -> float:
        found = lexicon(language)
        # Each word's valence is looked up once (its dictionary form, its endings, "un"):
        # customers repeat their words.
        known = self._valences.get(language)
        if known is None or len(known) >= _WORDS_SIZE:
            known = self._valences[language] = {}
        negators = found.negators
        emoji = emoji_valence()
        total = 0.0
        thanked = 0.0
        blamed = False
        recent_negation = -10
        boost = 1.0
        # French and German also negate after the verb: "ne fonctionne pas", "geht nicht".
        after = found.post_negators
        thanks = found.thanks
        doubts = found.doubts
        heads = found.compound_heads
        asked = bool(heads) and clause.rstrip().endswith("?") and found.angry.isdisjoint(words)
        for i, word in enumerate(words):
            if "'" in word:  # French elision: "n'est" carries the negation, "l'accueil" a word
                head, _, word = word.partition("'")
                if head in negators:
                    recent_negation = i
            if word in negators:
                if i + 1 < len(words) and words[i + 1] in doubts:
                    continue
                recent_negation = i
                continue
            if word in found.intensifiers and (
                i + 1 < len(words) and _known_valence(words[i + 1], found, language, known)
            ):
                boost = 1.3
                continue
            # An intensifier with nothing to strengthen is a word of its own: "C'est super !",
            # "Das Essen war super", "Super Service!" were read as having no kind.
            valence = _known_valence(word, found, language, known)
            if not valence and heads:
                # A compound of blame names a topic after "für", "über", "bei" ("die Hotline
                # für Softwareprobleme", "bei Zugausfall") and in a plain question ("Wie melde
                # ich eine Netzstörung?"); an angry question keeps it ("Warum ständig
                # Zugausfälle?"). helper-103's review.
                valence = _compound_blame(word, found, known)
                if valence and (
                    asked
                    or (i and words[i - 1] in found.topic_before)
                    or (i > 1 and words[i - 2] in found.topic_before)
                    or (i and words[i - 1] in found.topic_right_before)
                ):
                    valence = 0.0
            if not valence:
                continue
            if i - recent_negation <= 3 or any(w in after for w in words[i + 1 : i + 3]):
                valence *= -0.74
            if word in thanks and valence > 0:
                thanked += valence * boost
            else:
                total += valence * boost
                blamed = blamed or valence < 0
            boost = 1.0
        if not blamed:
            total += thanked
        for ch in clause:
            if ch in emoji:
                total += emoji[ch]
        total += _emoticons(clause)
        if clause.rstrip().endswith("!") and total:
            total += math.copysign(0.3, total)
        return total


def _emoticons(clause: str) -> float:
    """Return the valence of the faces typed in ASCII among a clause's words (":(", "-.-")."""
    if _FACE_HINT.search(clause) is None:
        return 0.0
    faces = emoticon_valence()
    total = 0.0
    for word in clause.casefold().split():
        # ":(((" is ":(", ":DDD" is ":D".
        while len(word) > 2 and word[-1] == word[-2]:
            word = word[:-1]
        face = faces.get(word)
        if face is None:
            # A face typed onto the word before it: "da:(", "toll:)".
            mark = max(word.rfind(":"), word.rfind(";"))
            face = faces.get(word[mark:], 0.0) if mark > 0 else 0.0
        total += face
    return total


# Every face of the list has one of these (a scan in C, not a loop over every character).
_FACE_HINT = compile_pattern(r"[:;=^_]|</?3|-\.-|\bxd+\b", re.IGNORECASE)


def _known_valence(word: str, found: Lexicon, language: str, known: dict[str, float]) -> float:
    """Return a word's valence (0.0: none), looked up once per word in ``known``."""
    valence = known.get(word)
    if valence is None:
        looked_up = _valence(word, found, language)
        valence = known[word] = 0.0 if looked_up is None else looked_up
    return valence


def _compound_blame(word: str, found: Lexicon, known: dict[str, float]) -> float:
    """Return the blame of a German closed compound of a noun of blame (0.0: none), looked up
    once per word in ``known`` (under a key no word has)."""
    key = "\x00" + word
    blame = known.get(key)
    if blame is None:
        blame = known[key] = _head_blame(word, found)
    return blame


def _head_blame(word: str, found: Lexicon) -> float:
    """A closed compound blames what its last noun blames ("Stellwerksstörung", "Zugausfällen",
    ``compound_heads``), after a first part of three letters or more that is no prefix
    ("Entstörung" is a repair, "Zerstörung" no fault) and does not turn it round
    ("Antistress"); a span is no breakdown ("Preisspanne")."""
    for head in found.compound_heads:
        if len(word) < len(head) + 3 or not word.endswith(head):
            continue
        first = word[: -len(head)]
        if first in _PREFIXES or first.startswith(_TURNED_ROUND_STARTS):
            return 0.0
        if head.startswith("panne") and first.endswith("s"):
            return 0.0
        blame = found.valence.get(head)
        if blame is None:
            blame = found.valence.get(lemmatize(head, "de"))
        return blame if blame is not None and blame < 0 else 0.0
    return 0.0


# A German first part that is only a prefix ("Entstörung", "Zerstörung"); shorter ones ("be",
# "ge") are never a first part, which has three letters or more.
_PREFIXES = frozenset(["ent", "zer", "ver", "miss"])


def _valence(word: str, found: Lexicon, language: str) -> float | None:
    """Return the lexicon valence of a word of a clause, or None when it has none."""
    valences = found.valence
    valence = valences.get(word)
    if valence is not None:
        return valence
    lemma = lemmatize(word, language)
    valence = valences.get(lemma)
    if valence is not None:
        return valence
    if found.unaccented:
        bare = found.unaccented.get(word)
        if bare is None:
            bare = found.unaccented.get(lemma)
        if bare is None:
            # An inflected form typed without accents: "delicieuses" is "délicieuses", whose
            # lemma "délicieux" has the valence.
            restored = restore_accents(word, language)
            if restored != word:
                bare = valences.get(restored)
                if bare is None:
                    bare = valences.get(lemmatize(restored, language))
        return bare
    if language != "de":
        return None
    # Adjective endings: "tolle", "schnellen", "freundliches".
    for ending in found.adjective_endings:
        if word.endswith(ending):
            valence = valences.get(word[: -len(ending)])
            if valence:
                return valence
    if "-" in word:
        # A compound joined by a hyphen blames what its last part blames: "Bahn-Chaos". Not
        # its praise ("Online-Hilfe" names a thing), nor after a part that turns it round
        # ("Anti-Stress").
        head, _, last = word.rpartition("-")
        if head.rpartition("-")[2] in _TURNED_ROUND:
            return None
        blame = _valence(last, found, language)
        return blame if blame is not None and blame < 0 else None
    if word.startswith("un") and len(word) > 5 and not word.startswith("unter"):
        # "un" undoes praise: "unangenehm", "unprofessionell", "ungemütliche".
        praise = _valence(word[2:], found, language)
        if praise is not None and praise > 0:
            return -0.9 * praise
    return None


# First parts of a German compound that turn its last part round.
_TURNED_ROUND = frozenset({"anti", "nicht", "kein", "null", "gegen", "ohne"})
_TURNED_ROUND_STARTS = tuple(sorted(_TURNED_ROUND))


def _squash(raw: float, alpha: float = 15.0) -> float:
    return raw / math.sqrt(raw * raw + alpha)
