"""Turn one feedback text into mentions: which terms, where in the text, and of what kind.

The work per item: cut clauses, tokenise, detect the language, map each word to a term key
(lemma, derivation, synonyms) or drop it (stop word, filler, sentiment word, name, contact
detail, code, profanity, blocked), join learned phrases, and give every mention the kind of its
clause. Word decisions are cached per language, so a corpus costs a dictionary lookup per word
once its vocabulary has been seen.
"""

from __future__ import annotations

import bisect
import gc
import itertools
import logging
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import simplemma

from kiosk.analysis import lexicon
from kiosk.analysis.kinds import CLASSES, KindModel, KindScores
from kiosk.analysis.language import UNDETERMINED, detect_language
from kiosk.analysis.learning import is_labelled
from kiosk.analysis.phrases import PhraseModel
from kiosk.analysis.profanity import is_profane
from kiosk.analysis.sentiment import ClauseKind, KindScorer
from kiosk.analysis.text import (
    _NORMALIZED,
    Clause,
    clauses,
    excluded_spans,
    junk_reason,
    normalize_token,
)
from kiosk.analysis.text import tokens as find_tokens
from kiosk.analysis.vocabulary import Vocabulary
from kiosk.model import Feedback, Kind
from kiosk.store import MentionRecord

__all__ = ["MAX_TEXT_CHARS", "Analysis", "Analyzer", "ClauseResult"]

log = logging.getLogger("kiosk.analysis")

# Longer texts are cut here: a pasted log file or a 1 MB rant says nothing more useful for the
# cloud after the first pages, and analysing it whole would stall a sync batch.
MAX_TEXT_CHARS = 20_000
# A given kind (the customer chose "complaint") is trusted for clauses with no clear kind of
# their own, at this share of its confidence.
_GIVEN_WEIGHT = 0.8
_INHERIT_WEIGHT = 0.7
# How much the whole item's reading pulls each clause's own (log-probability units): a clause
# with clear words of its own keeps its kind ("Great app, but the update crashes"), one without
# ("the newest update") reads as the item does.
_ITEM_PULL = 0.5
# A kind a source or person gave counts as this likely in the item's reading.
_GIVEN_PRIOR = 0.8
_LY_NOUNS = frozenset(
    [
        "family",
        "assembly",
        "supply",
        "reply",
        "jelly",
        "belly",
        "bully",
        "italy",
        "july",
        "rally",
        "ally",
        "monopoly",
        "anomaly",
        "butterfly",
        "apology",
        "supply",
        "holy",
    ]
)
_FR_PRONOUNS = frozenset(
    ("vous", "moi", "nous", "toi", "il", "elle", "on", "le", "la", "les", "lui")
)
# Words that end a phrase in languages that qualify after the noun.
_ENDERS = frozenset(("client", "clients", "cliente", "clientes"))
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"
# A misspelling is corrected only to a term seen at least this often.
_CORRECTION_MIN_SEEN = 5
_DE_ENDINGS = ("es", "en", "er", "em", "e")
_SENTENCE_BREAK = frozenset(".!?\n:;")
_ELISIONS = ("l'", "d'", "j'", "qu'", "n'", "s'", "c'", "m'", "t'", "jusqu'", "lorsqu'")

# What the cache says about a word: its term key (None: not a term), whether it may start a
# phrase without being a term on its own, and whether it is a verb as often as a noun.
_Word = tuple[str | None, bool, bool]


@dataclass(frozen=True, slots=True)
class ClauseResult:
    """A clause's span and the kind the analyser gave it."""

    start: int
    end: int
    kind: Kind
    confidence: float


@dataclass(slots=True)
class Analysis:
    """Everything the analyser found in one text (for the evaluation and the drill-down)."""

    language: str
    mentions: list[MentionRecord] = field(default_factory=list)
    clauses: list[ClauseResult] = field(default_factory=list)
    skipped: str | None = None
    # The item's kind: the one a source or a person gave, else the vote of its clauses
    # (weighed by length and confidence), so it always agrees with the clause kinds.
    kind: Kind = Kind.UNCLASSIFIED
    kind_confidence: float = 0.0


@dataclass(slots=True)
class _Token:
    key: str | None
    modifier: bool
    start: int
    end: int
    surface: str
    clause: int


@dataclass(slots=True)
class _Prepared:
    feedback: Feedback
    text: str
    language: str
    clauses: list[Clause]
    tokens: list[_Token]
    skipped: str | None = None
    # The text with links, addresses and handles blanked, for sentiment: "@support" is a
    # handle, not praise.
    scoring_text: str = ""


class Analyzer:
    """Find the terms customers use and the kind of each mention.

    Pairs not yet judged: a pair of adjacent English words is joined into a phrase when the
    collocation statistics promote it, and split when they have seen it ``min_count`` times
    without promoting it. Before that they cannot tell, and English writes its compound nouns
    as two words ("ticket machine", "post office"): when both words survived as terms (no
    verb, adjective, stop or sentiment word), the pair is kept whole until the numbers
    decide. Frequent pairs, the ones a cloud shows, are always decided by the statistics.

    Args:
        vocabulary: the admin's synonyms, block list and stop words.
        phrases: learned phrase statistics (a fresh model when None).
        names: names of people from the records (customers, staff who answered), never shown
            as terms when written with a capital letter.
    """

    def __init__(
        self,
        vocabulary: Vocabulary | None = None,
        *,
        phrases: PhraseModel | None = None,
        names: Iterable[str] = (),
    ) -> None:
        self.vocabulary = vocabulary or Vocabulary()
        self.phrases = phrases or PhraseModel()
        self.names: set[str] = set()
        self.add_names(names)
        self._scorer = KindScorer()
        self._words: dict[str, dict[str, _Word]] = {}
        self._known: dict[tuple[str, str], bool] = {}
        self._best: dict[str, str] = {}
        self._surfaces: dict[str, Counter[str]] = {}
        self._fixed_labels = {key: label for key, label in self.vocabulary.synonym_map.values()}
        self._vader_lexicon = self._scorer._vader.lexicon

    # kinds

    def set_local_kinds(self, local: KindModel | None) -> None:
        """Use a kind model learned from this installation's labelled items (None: stop).

        See ``kiosk.analysis.learning.fit_local_kinds``; items analysed afterwards use it.
        """
        self._scorer.set_local(local)

    @property
    def local_kinds(self) -> KindModel | None:
        """The local kind model in use, if any."""
        return self._scorer.local

    # names

    def add_names(self, names: Iterable[str]) -> set[str]:
        """Learn people's names (whole names are split into parts); return the new parts."""
        new: set[str] = set()
        for name in names:
            for part in name.replace("-", " ").split():
                part = part.strip(".,'’()")
                # Initials and "team" names ("Product team") are not a person's name.
                if len(part) < 2 or not part[0].isupper():
                    continue
                key = normalize_token(part)
                if key not in self.names:
                    new.add(key)
        self.names |= new
        return new

    @staticmethod
    def record_names(feedback: Feedback) -> list[str]:
        """Return the person names a record carries: the customer's and the responder's."""
        names = []
        if feedback.customer.name:
            names.append(feedback.customer.name)
        if feedback.response is not None and feedback.response.by:
            by = feedback.response.by
            # "Product team" is a team, "Priya" is a person: only all-capitalised names count.
            if all(p[:1].isupper() for p in by.split()):
                names.append(by)
        return names

    # analysis

    def analyze(self, feedback: Feedback) -> list[MentionRecord]:
        """Return the mentions in one feedback item, using the phrases learned so far.

        No store is involved and nothing is learned about phrases; only the analyser's word
        caches and the counts behind term labels change.
        """
        return self._mentions(self._prepare(feedback)).mentions

    def explain(self, feedback: Feedback) -> Analysis:
        """Return the mentions with the language and the kind of every clause."""
        prepared = self._prepare(feedback)
        return self._mentions(prepared, with_clauses=True)

    def analyze_batch(
        self, items: Sequence[Feedback], *, learn: bool = True
    ) -> tuple[list[list[MentionRecord]], set[tuple[str, str]]]:
        """Analyse a batch, first learning phrases from it.

        Returns:
            The mentions per item (in order) and the word pairs whose reading this batch
            changed: pairs promoted to phrases, and pairs the statistics have just rejected.
        """
        with _gc_paused():
            prepared = [self._prepare(fb) for fb in items]
            promoted: set[tuple[str, str]] = set()
            if learn:
                self.phrases.observe(run for p in prepared for run in _runs(p))
                promoted = self.phrases.promote() | self.phrases.rejected
            return [self._mentions(p).mentions for p in prepared], promoted

    def learn(self, items: Iterable[Feedback]) -> set[tuple[str, str]]:
        """Count phrase statistics from items without analysing them; return new phrases."""
        with _gc_paused():
            self.phrases.observe(run for fb in items for run in _runs(self._prepare(fb)))
            return self.phrases.promote()

    def forget_clause_kinds(self) -> None:
        """Drop the remembered kinds of clauses (benchmarks use it to time unseen text)."""
        self._scorer.clear_cache()

    def label(self, key: str) -> str:
        """Return the most common readable form of a term seen so far."""
        fixed = self._fixed_labels.get(key)
        if fixed is not None:
            return fixed
        return self._best.get(key, key)

    def surface_forms(self, key: str) -> set[str]:
        """Return the written forms seen for a term (to find its items again by text)."""
        return set(self._surfaces.get(key, ()))

    # internals

    def _prepare(self, feedback: Feedback) -> _Prepared:
        text = feedback.text
        reason = junk_reason(text)
        if reason is not None:
            log.info("skipped %s: %s", _ref(feedback), reason)
            return _Prepared(feedback, text, UNDETERMINED, [], [], reason)
        if len(text) > MAX_TEXT_CHARS:
            log.info(
                "%s is %d characters; analysing the first %d",
                _ref(feedback),
                len(text),
                MAX_TEXT_CHARS,
            )
            text = text[:MAX_TEXT_CHARS]
        matches = find_tokens(text)
        seen = _NORMALIZED
        normalized = [seen.get(g) or normalize_token(g) for g in (m.group(0) for m in matches)]
        language = detect_language(normalized[:60], feedback.language)
        if language == UNDETERMINED:
            reason = "not written in a supported language (English, French, German, Spanish)"
            log.info("skipped %s: %s", _ref(feedback), reason)
            return _Prepared(feedback, text, language, [], [], reason)
        cls = clauses(text, [m.start() for m in matches], normalized)
        starts = [c.start for c in cls]
        excluded = excluded_spans(text)
        idioms: list[tuple[int, int]] = []
        idiom = lexicon.IDIOMS.get(language)
        if idiom is not None and not lexicon.IDIOM_WORDS[language].isdisjoint(normalized):
            idioms = [m.span() for m in idiom.finditer(text)]
        names = self.names
        own = {normalize_token(p) for p in (feedback.customer.name or "").split()}
        words = self._words.get(language)
        if words is None:
            words = self._words[language] = {}
        toks: list[_Token] = []
        prev_end = -1
        # German capitalises every noun: a lowercase word is a verb or adjective, provided the
        # writer uses capitals at all (some type everything in lowercase).
        nouns_capitalised = language == "de" and sum(
            1 for m in matches[1:] if m.group(0)[0].isupper()
        ) >= max(1, len(matches) // 10)
        previous = ""
        for match, norm in zip(matches, normalized, strict=True):
            info = words.get(norm)
            if info is None:
                info = words[norm] = self._word(language, norm)
            key, modifier, ambiguous = info
            if key is None and not modifier:
                # Only terms are kept: adjacency for phrases is checked on the text itself.
                previous = norm
                prev_end = match.end()
                continue
            start, end = match.span()
            surface = match.group(0)
            if ambiguous and previous in lexicon.VERB_CONTEXT_EN:
                key = None  # "nobody could help", "please call": a verb here
            previous = norm
            if (key is not None or modifier) and (
                (excluded and _inside(start, end, excluded))
                or (idioms and _inside(start, end, idioms))
                or ((norm in names or norm in own) and self._is_name(language, norm, surface))
                or (nouns_capitalised and surface[0].islower())
            ):
                key, modifier = None, False
            if key is not None and (
                (start > 0 and text[start - 1] == "*") or text[end : end + 1] == "*"
            ):
                key, modifier = None, False  # a fragment of a masked word: "f***ing"
            clause = bisect.bisect_right(starts, start) - 1 if len(starts) > 1 else 0
            toks.append(_Token(key, modifier, start, end, surface, clause))
            if key is not None:
                if surface == norm:  # the common case: a plain lowercase word
                    self._add_surface(key, norm)
                else:
                    gap = text[prev_end:start] if prev_end >= 0 else "."
                    first = gap != " " and not _SENTENCE_BREAK.isdisjoint(gap)
                    self._count_surface(key, surface, norm, first)
            prev_end = end
        # Kinds are read from the text with links, addresses and handles blanked (same
        # length, so clause spans still hold): "@united" is an address, not praise.
        scoring = text
        for s, e in excluded:
            scoring = scoring[:s] + " " * (e - s) + scoring[e:]
        return _Prepared(feedback, text, language, cls, toks, scoring_text=scoring)

    def _count_surface(self, key: str, surface: str, norm: str, first: object) -> None:
        if surface == norm:  # the common case: a plain lowercase word
            self._add_surface(key, norm)
            return
        if "'" in surface or "’" in surface:
            head, _, rest = surface.replace("’", "'").partition("'")
            if (head.casefold() + "'") in _ELISIONS:
                surface = rest  # "l'appli" reads as "appli" in a cloud
            elif rest.casefold() == "s":
                surface = head
            if not surface:
                return
            norm = normalize_token(surface)
        # A capital that only marks a sentence start or shouting is not part of the word.
        if first or surface.isupper() or (len(surface) > 1 and not surface[1:].islower()):
            form = norm
        else:
            form = surface if surface.isascii() else normalize_token(surface)
            if surface[0].isupper():
                form = form[0].upper() + form[1:]
        self._add_surface(key, form)

    def _add_surface(self, key: str, form: str) -> None:
        counter = self._surfaces.get(key)
        if counter is None:
            counter = self._surfaces[key] = Counter()
        n = counter[form] = counter.get(form, 0) + 1
        best = self._best.get(key)
        if best != form and (best is None or n > counter[best]):
            self._best[key] = form

    def _word(self, language: str, norm: str) -> _Word:
        """Decide what a normalised word is in a language (cached by the caller)."""
        if len(norm) < 2 or (not norm.isalpha() and not _is_wordish(norm)):
            return (None, False, False)
        if len(set(norm)) == 1 or norm.startswith("xx"):
            return (None, False, False)  # "XXXX" redactions, "aaaa"
        if not norm.isascii() and any(c > "\u024f" and c.isalpha() for c in norm):
            return (None, False, False)  # another script inside a Latin-script text
        if is_profane(norm):
            return (None, False, False)
        stops = lexicon.stop_words(language)
        if "'" in norm:
            if norm.startswith(_ELISIONS) and language in ("fr", "en"):
                norm = norm.split("'", 1)[1]
            elif norm.endswith("'s"):
                norm = norm[:-2]
            else:
                return (None, False, False)  # "can't", "don't": function words
            if len(norm) < 2:
                return (None, False, False)
        vocab = self.vocabulary
        if norm in vocab.stopped or norm in vocab.blocked:
            return (None, False, False)
        if norm in lexicon.PHRASE_STARTERS and language == "en":
            return (None, True, False)
        if norm in _ENDERS and language in ("fr", "es"):
            return (None, True, False)
        if norm in stops:
            return (None, False, False)
        lemma = simplemma.lemmatize(norm, lang=language).casefold()
        if lemma == norm and _has_double(norm) and not simplemma.is_known(norm, lang=language):
            # "loove" was "looooove": cut to one letter if that makes a known word.
            single = _single_letters(norm)
            if simplemma.is_known(single, lang=language):
                lemma = simplemma.lemmatize(single, lang=language).casefold()
        if language == "en" and norm.endswith("ing") and lemma != norm:
            stem = lemma
            if stem in lexicon.DERIVATIONS["en"]:
                lemma = lexicon.DERIVATIONS["en"][stem]
            elif stem in lexicon.VERBS_EN:
                return (None, False, False)  # "fixing", "waiting": an activity, not a topic
            else:
                lemma = norm  # "parking", "billing", "shopping": the gerund is the topic
        elif not self._is_noun_like(language, norm, lemma):
            return (None, False, False)
        corrected = self._correct(language, norm, lemma)
        if corrected is not None:
            if corrected == "":
                return (None, False, False)
            lemma = corrected
        lemma = lexicon.DERIVATIONS.get(language, {}).get(lemma, lemma)
        if lemma in stops or lemma in vocab.stopped or lemma in vocab.blocked:
            return (None, False, False)
        if is_profane(lemma):
            return (None, False, False)
        synonym = vocab.synonym_map.get(lemma) or vocab.synonym_map.get(norm)
        if synonym is not None:
            if synonym[0] in vocab.blocked:
                return (None, False, False)
            return (synonym[0], False, False)
        if lemma in lexicon.PROBLEM_MODIFIERS or norm in lexicon.PROBLEM_MODIFIERS:
            return (None, True, False)
        if self._is_sentiment(language, norm, lemma):
            return (None, False, False)
        ambiguous = language == "en" and lemma in lexicon.NOUN_TOO
        return (lemma, False, ambiguous)

    @staticmethod
    def _is_noun_like(language: str, norm: str, lemma: str) -> bool:
        """Whether a word can name a topic: not a plain verb or adverb (no tagger needed for
        the words customers use most)."""
        derived = lemma in lexicon.DERIVATIONS.get(language, {})
        if language == "en":
            if norm in lexicon.VERBS_EN and norm not in lexicon.NOUN_TOO and not derived:
                return False
            if (
                lemma in lexicon.VERBS_EN
                and not derived
                and (lemma not in lexicon.NOUN_TOO or norm.endswith(("ed", "ing")))
            ):
                return False
            if lemma in lexicon.ADJECTIVES_EN or norm in lexicon.ADJECTIVES_EN:
                return False
            if norm.endswith("ed") and len(norm) > 4 and not derived:
                return False  # verb forms and participles: "packed", "fixed", "handled"
            return not (norm.endswith("ly") and len(norm) > 4 and norm not in _LY_NOUNS)
        if norm in lexicon.ADJECTIVES.get(language, ()) or lemma in lexicon.ADJECTIVES.get(
            language, ()
        ):
            return False
        if language == "fr" and "-" in norm and norm.rsplit("-", 1)[1] in _FR_PRONOUNS:
            return False  # "pourriez-vous", "envoyez-moi"
        if language in ("fr", "es") and not derived and lemma not in lexicon.NOUNS_LIKE_VERBS:
            if language == "es" and lemma.endswith(("ar", "er", "ir")):
                return False
            if language == "fr" and (
                lemma.endswith(("er", "ir")) or (lemma != norm and lemma.endswith("re"))
            ):
                return False
        if language == "fr" and norm.endswith("ment") and len(norm) > 7 and lemma == norm:
            return simplemma.is_known(norm[:-4], lang="fr") is False
        return not (language == "es" and norm.endswith("mente") and len(norm) > 7)

    def _is_name(self, language: str, norm: str, surface: str) -> bool:
        """Whether a word that is somebody's name is used as one here: always with a capital,
        and in lowercase too when it is no word of the language ("priya", not "grace")."""
        if surface[0].isupper():
            return True
        known = self._known.get((language, norm))
        if known is None:
            known = self._known[(language, norm)] = simplemma.is_known(norm, lang=language)
        return not known

    def _correct(self, language: str, norm: str, lemma: str) -> str | None:
        """Return the frequent term (or "" for a stop word) a misspelt word stands for.

        Only words no dictionary knows are corrected, and only to a word at one edit that is a
        stop word or a term seen often, so brand names and new words stay as they are.
        """
        if len(norm) < 4 or lemma != norm or not norm.isalpha():
            return None  # short, or the lemmatiser recognised it as an inflected form
        if simplemma.is_known(norm, lang=language):
            return None
        candidates = _edits1(norm)
        if not candidates.isdisjoint(lexicon.stop_words(language)):
            return ""
        # A few hundred candidates against the terms seen: one set operation, not a loop.
        best: tuple[int, str] | None = None
        surfaces = self._surfaces
        # Membership per candidate: ``set.intersection(dict)`` would walk the whole dict.
        for candidate in [c for c in candidates if c in surfaces]:
            seen = sum(self._surfaces[candidate].values())
            if seen >= _CORRECTION_MIN_SEEN and (best is None or (seen, candidate) > best):
                best = (seen, candidate)
        return None if best is None else best[1]

    def _is_sentiment(self, language: str, norm: str, lemma: str) -> bool:
        if lemma in lexicon.TOPIC_KEEP:
            return False
        if language == "en":
            for w in (norm, lemma):
                valence = self._vader_lexicon.get(w)
                if valence is not None and abs(valence) >= 0.9:
                    return True
            return False
        valences = lexicon.VALENCE.get(language, {})
        if norm in valences or lemma in valences:
            return True
        if language == "de":
            # Adjective endings: "tolle", "schnellen", "freundliches".
            return any(norm.endswith(e) and norm[: -len(e)] in valences for e in _DE_ENDINGS)
        return False

    def _mentions(self, prepared: _Prepared, *, with_clauses: bool = False) -> Analysis:
        analysis = Analysis(prepared.language, skipped=prepared.skipped)
        if prepared.skipped is not None:
            return analysis
        text = prepared.text
        scoring = prepared.scoring_text or text
        kinds: dict[int, ClauseKind] = {}
        resolved: dict[int, tuple[Kind, float]] = {}
        prior: list[KindScores | None] = []

        def clause_kind(index: int) -> ClauseKind:
            ck = kinds.get(index)
            if ck is None:
                c = prepared.clauses[index]
                own = self._scorer.classify(scoring[c.start : c.end], prepared.language)
                if not prior:
                    prior.append(self._item_prior(prepared, own))
                ck = kinds[index] = self._blend(own, prior[0])
            return ck

        def resolve(index: int) -> tuple[Kind, float]:
            found = resolved.get(index)
            if found is None:
                found = resolved[index] = self._resolve(prepared, index, clause_kind)
            return found

        toks = prepared.tokens
        phrases = self.phrases.phrases
        i = 0
        n = len(toks)
        mentions = analysis.mentions
        pairs = self.phrases.pairs

        provisional = prepared.language == "en"
        judged = self.phrases.judged

        def phrase_at(j: int) -> tuple[str, str] | None:
            if j + 1 >= n:
                return None
            a, b = toks[j], toks[j + 1]
            if (a.key is None and not a.modifier) or b.clause != a.clause:
                return None
            if b.key is None and not (a.key is not None and b.modifier):
                return None
            pair = (a.key or normalize_token(a.surface), b.key or _ender(b))
            if text[a.end : b.start].strip():
                return None
            if pair in phrases:
                return pair
            if provisional and a.key is not None and b.key is not None and not judged(pair):
                return pair  # see "Pairs not yet judged" in the class docstring
            return None

        while i < n:
            tok = toks[i]
            if tok.key is None and not tok.modifier:
                i += 1
                continue
            pair = phrase_at(i)
            if pair is not None:
                # "live order tracking": of two overlapping phrases keep the more common one.
                after = phrase_at(i + 1)
                if after is not None and pairs.get(after, 0) > pairs.get(pair, 0):
                    pair = None
            if pair is not None:
                nxt = toks[i + 1]
                key = f"{pair[0]} {pair[1]}"
                form = f"{_word_form(text, tok)} {_word_form(text, nxt)}"
                self._add_surface(key, form)
                kind, conf = resolve(tok.clause)
                mentions.append(MentionRecord(key, self.label(key), kind, conf, tok.start, nxt.end))
                i += 2
                continue
            if tok.key is not None:
                kind, conf = resolve(tok.clause)
                mentions.append(
                    MentionRecord(tok.key, self.label(tok.key), kind, conf, tok.start, tok.end)
                )
            i += 1
        if with_clauses:
            for index, c in enumerate(prepared.clauses):
                kind, conf = resolve(index)
                analysis.clauses.append(ClauseResult(c.start, c.end, kind, conf))
            analysis.kind, analysis.kind_confidence = self._vote(prepared, analysis.clauses)
        return analysis

    def _item_prior(self, prepared: _Prepared, first: ClauseKind) -> KindScores | None:
        """Return how the whole item reads (None where the model does not read it), with a
        kind the source or a person gave folded in."""
        if len(prepared.clauses) == 1 or first.reading is None:
            found = first.scores
        else:
            found = self._item_scores(prepared)
        fb = prepared.feedback
        if found is None or not is_labelled(fb):
            return found
        given = CLASSES.index(fb.kind)
        rest = (1 - _GIVEN_PRIOR) / (len(CLASSES) - 1)
        mixed = [
            0.5 * p + 0.5 * (_GIVEN_PRIOR if i == given else rest)
            for i, p in enumerate(found.probabilities)
        ]
        return KindScores((mixed[0], mixed[1], mixed[2], mixed[3]))

    def _item_scores(self, prepared: _Prepared) -> KindScores | None:
        """Return how the whole item reads, from the readings of its clauses."""
        scoring = prepared.scoring_text or prepared.text
        readings = []
        for c in prepared.clauses:
            ck = self._scorer.classify(scoring[c.start : c.end], prepared.language)
            if ck.reading is None:
                return None
            readings.append(ck.reading)
        return self._scorer.scores_of_readings(readings, prepared.language)

    def _blend(self, own: ClauseKind, prior: KindScores | None) -> ClauseKind:
        """Return a clause's kind with the item's reading pulling it (see ``_ITEM_PULL``)."""
        if own.scores is None or prior is None or own.scores is prior:
            return own
        z = [
            math.log(max(a, 1e-9)) + _ITEM_PULL * math.log(max(b, 1e-9))
            for a, b in zip(own.scores.probabilities, prior.probabilities, strict=True)
        ]
        top = max(z)
        e = [math.exp(v - top) for v in z]
        total = sum(e)
        blended = KindScores((e[0] / total, e[1] / total, e[2] / total, e[3] / total))
        kind, p = blended.best(self._scorer.model.neutral_min)
        conf = round(p, 3) if kind is not Kind.UNCLASSIFIED else 0.0
        return ClauseKind(kind, conf, own.score, blended, own.reading)

    @staticmethod
    def _vote(prepared: _Prepared, clauses: Sequence[ClauseResult]) -> tuple[Kind, float]:
        """Return the item's kind: the given one, else its clauses' vote by length and
        confidence."""
        fb = prepared.feedback
        if is_labelled(fb):
            return fb.kind, fb.kind_confidence
        votes: dict[Kind, float] = {}
        for c in clauses:
            if c.kind is not Kind.UNCLASSIFIED:
                votes[c.kind] = votes.get(c.kind, 0.0) + c.confidence * (c.end - c.start)
        if not votes:
            return Kind.UNCLASSIFIED, 0.0
        kind = max(votes, key=lambda k: votes[k])
        length = sum(c.end - c.start for c in clauses if c.kind is kind)
        return kind, round(votes[kind] / max(1, length), 3)

    def _resolve(
        self, prepared: _Prepared, index: int, clause_kind: Callable[[int], ClauseKind]
    ) -> tuple[Kind, float]:
        own = clause_kind(index)
        if own.kind is not Kind.UNCLASSIFIED:
            return own.kind, round(own.confidence, 3)
        cls = prepared.clauses
        # Borrow from neighbours joined by a comma only: "Fast delivery, arrived next morning".
        j = index
        while cls[j].joined and j > 0:
            j -= 1
            ck = clause_kind(j)
            if ck.kind is not Kind.UNCLASSIFIED:
                return ck.kind, round(ck.confidence * _INHERIT_WEIGHT, 3)
        j = index + 1
        while j < len(cls) and cls[j].joined and cls[j].sentence == cls[index].sentence:
            ck = clause_kind(j)
            if ck.kind is not Kind.UNCLASSIFIED:
                return ck.kind, round(ck.confidence * _INHERIT_WEIGHT, 3)
            j += 1
        if cls[index].contrast and index > 0:
            # "Great range, though the queues were long": after a contrast word a clause with
            # no clear words of its own usually says the opposite of the one before.
            before = clause_kind(index - 1)
            opposite = {Kind.COMPLIMENT: Kind.COMPLAINT, Kind.COMPLAINT: Kind.COMPLIMENT}
            if before.kind in opposite:
                return opposite[before.kind], 0.55
        fb = prepared.feedback
        if fb.kind is not Kind.UNCLASSIFIED:
            weight = _GIVEN_WEIGHT if is_labelled(fb) else _INHERIT_WEIGHT
            return fb.kind, round(fb.kind_confidence * weight, 3)
        item = self._item_kind(prepared, clause_kind)
        if item is not None:
            return item[0], round(item[1] * _INHERIT_WEIGHT * 0.8, 3)
        return Kind.UNCLASSIFIED, 0.0

    @staticmethod
    def _item_kind(
        prepared: _Prepared, clause_kind: Callable[[int], ClauseKind]
    ) -> tuple[Kind, float] | None:
        votes: dict[Kind, float] = {}
        best: dict[Kind, float] = {}
        for index in range(len(prepared.clauses)):
            ck = clause_kind(index)
            if ck.kind is Kind.UNCLASSIFIED:
                continue
            # Every kind votes with its confidence: a fixed vote for ideas lost to any praise.
            votes[ck.kind] = votes.get(ck.kind, 0.0) + ck.confidence
            best[ck.kind] = max(best.get(ck.kind, 0.0), ck.confidence)
        if not votes:
            return None
        kind = max(votes, key=lambda k: votes[k])
        return kind, best[kind]


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a batch.

    A batch allocates a few hundred thousand small objects that form no cycles; each time
    the collector runs it also walks the application's large, long-lived heap (caches,
    stored items), which cost a quarter of the analysis time in the benchmark. Reference
    counting still frees everything; collection resumes after the batch.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _runs(prepared: _Prepared) -> list[list[str]]:
    """Return the runs of adjacent terms (and problem words) for the phrase statistics; a
    single word is a run of one, counted for how often it appears on its own."""
    runs: list[list[str]] = []
    run: list[str] = []
    prev: _Token | None = None
    text = prepared.text
    for tok in prepared.tokens:
        if tok.key is None and not tok.modifier:
            if run:
                runs.append(run)
            run, prev = [], None
            continue
        key = tok.key or normalize_token(tok.surface)
        if prev is not None and (prev.clause != tok.clause or text[prev.end : tok.start].strip()):
            if run:
                runs.append(run)
            run = []
        if tok.modifier and run:
            if prepared.language != "en" and tok.key is None and run and key in _ENDERS:
                # French and Spanish put the qualifier last: "service client".
                run.append(key)
                runs.append(run)
                run, prev = [], None
                continue
            # A problem word only starts a phrase ("late delivery"), never ends one.
            if run:
                runs.append(run)
            run = []
        run.append(key)
        prev = tok
    if run:
        runs.append(run)
    return runs


def _word_form(text: str, tok: _Token) -> str:
    """Return how a word reads inside a phrase label: capitalised only as a name would be."""
    surface = tok.surface.replace("’", "'")
    head, apostrophe, rest = surface.partition("'")
    if apostrophe and (head.casefold() + "'") in _ELISIONS:
        surface = rest
    if surface[:1].isupper() and surface[1:].islower():
        head = text[: tok.start].rstrip(" \"'“‘(")[-1:]
        if head and head not in ".!?\n:;":
            return surface  # "Apple Pay", "Leeds store"
    return normalize_token(surface)


def _ender(tok: _Token) -> str:
    norm = normalize_token(tok.surface)
    return norm if norm in _ENDERS else "\x00"  # never a phrase part


def _edits1(word: str) -> set[str]:
    """Return the strings one deletion, swap, change or insertion away (Norvig's speller)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    changes = {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
    inserts = {a + c + b for a, b in splits for c in _ALPHABET}
    return deletes | swaps | changes | inserts


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _is_wordish(norm: str) -> bool:
    return all(c.isalpha() or c in "'-" for c in norm)


def _has_double(norm: str) -> bool:
    return any(a == b for a, b in itertools.pairwise(norm))


def _single_letters(norm: str) -> str:
    out = [norm[0]]
    for ch in norm[1:]:
        if ch != out[-1]:
            out.append(ch)
    return "".join(out)


def _ref(feedback: Feedback) -> str:
    return f"{feedback.feed_id}/{feedback.external_id}"
