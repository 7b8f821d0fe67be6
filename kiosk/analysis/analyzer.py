"""Turn one feedback text into mentions: which terms, where in the text, and of what kind.

The work per item: cut clauses, tokenise, detect the language, decide what each word is
(``kiosk.analysis.words``: a term key, a word that only starts phrases, or nothing, with the
reason), drop words the rest of the text rules out (links, idioms, names, masked swearing),
join learned phrases, and give every mention the kind of its clause
(``kiosk.analysis.resolution``). Word decisions are cached per language, so a corpus costs a
dictionary lookup per word once its vocabulary has been seen.
"""

from __future__ import annotations

import bisect
import gc
import itertools
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager

from kiosk.analysis.copies import MIN_COPY_WORDS, Copies
from kiosk.analysis.hashtags import cut_at, cut_hashtag
from kiosk.analysis.kinds import KindModel, symbols_kind
from kiosk.analysis.language import UNDETERMINED, detect_language
from kiosk.analysis.lemmas import is_known, lemmatize
from kiosk.analysis.lexicon import LANGUAGES, Lexicon, concept_label, lexicon
from kiosk.analysis.phrases import PhraseModel
from kiosk.analysis.regexes import compile_pattern
from kiosk.analysis.resolution import ClauseResult, ItemKinds, says_nothing, vote
from kiosk.analysis.sentiment import KindScorer
from kiosk.analysis.spelling import Speller
from kiosk.analysis.surfaces import LONGEST_ACRONYM as _LONGEST_ACRONYM
from kiosk.analysis.surfaces import SurfaceForms, as_written, inner_capital, word_form
from kiosk.analysis.text import (
    MAX_TEXT_CHARS,
    NO_WORDS,
    Clause,
    clauses,
    excluded_spans,
    junk_reason,
    link_spans,
    normalize_token,
    normalize_tokens,
    reply_start,
    signature,
    words_and_starts,
)
from kiosk.analysis.vocabulary import Vocabulary
from kiosk.analysis.words import Decision, WordRules
from kiosk.model import Feedback, Kind
from kiosk.values import MentionRecord

__all__ = ["MAX_TEXT_CHARS", "Analysis", "Analyzer", "ClauseResult"]

log = logging.getLogger("kiosk.analysis")

_UNSUPPORTED = "not written in a supported language (English, French, German, Spanish)"
_FAILED = "the analysis failed on it (see the log)"
# Word decisions remembered per language (some 200 bytes each) are forgotten at this many:
# a big file's typos, codes and names would otherwise keep them all for the whole sync. A word
# decided again may then use spellings learned since.
_DECISIONS_SIZE = 20_000
# A run-together hashtag stays whole once customers have written it as a word this often.
_SEEN_WHOLE = 2
# How often a word must be written with its capitals, on its own, for a phrase to show it so.
_CLEARLY_NAMED = 3
_ENTITY = compile_pattern(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


class Analysis:
    """Everything the analyser found in one text (for the evaluation and the drill-down).

    ``kind`` is the item's kind: the one a source or a person gave, else the vote of its
    clauses (weighed by length and confidence), so it always agrees with the clause kinds.
    ``not_counted`` says why the item's words do not count although it was read (a retweet,
    a copy; see ``kiosk.analysis.copies``): its kind is read, it adds no mentions.

    This and the analyser's other per-item records are plain classes, not dataclasses:
    compiled, their ``__init__`` is native, where a dataclass's is generated Python, an
    interpreted call per item.
    """

    __slots__ = (
        "clauses",
        "kind",
        "kind_confidence",
        "language",
        "mentions",
        "not_counted",
        "skipped",
    )

    def __init__(
        self,
        language: str,
        mentions: list[MentionRecord] | None = None,
        clauses: list[ClauseResult] | None = None,
        skipped: str | None = None,
        kind: Kind = Kind.UNCLASSIFIED,
        kind_confidence: float = 0.0,
        not_counted: str | None = None,
    ) -> None:
        self.language = language
        self.mentions: list[MentionRecord] = [] if mentions is None else mentions
        self.clauses: list[ClauseResult] = [] if clauses is None else clauses
        self.skipped = skipped
        self.kind = kind
        self.kind_confidence = kind_confidence
        self.not_counted = not_counted

    def __repr__(self) -> str:
        return (
            f"Analysis(language={self.language!r}, mentions={self.mentions!r},"
            f" clauses={self.clauses!r}, skipped={self.skipped!r}, kind={self.kind!r},"
            f" kind_confidence={self.kind_confidence!r}, not_counted={self.not_counted!r})"
        )


class _Token:
    """A word that may take part in a term: its key (None: it only starts phrases), where it
    is, as written, its clause, and its hashtag (0: none; the words of one hashtag share a
    number).

    A plain class, not a NamedTuple: compiled (see setup.py), its fields are read straight
    from the object, where a tuple's go through a descriptor; the phrase joining reads them
    for every word.
    """

    __slots__ = ("clause", "end", "group", "key", "modifier", "start", "surface")

    def __init__(
        self,
        key: str | None,
        modifier: bool,
        start: int,
        end: int,
        surface: str,
        clause: int,
        group: int = 0,
    ) -> None:
        self.key = key
        self.modifier = modifier
        self.start = start
        self.end = end
        self.surface = surface
        self.clause = clause
        self.group = group


class _Prepared:
    """An item read up to its words: what ``read_batch`` does first, for the whole batch.

    ``scoring_text`` is the text with links, addresses and handles blanked, for the kinds:
    "@support" is a handle, not praise.
    """

    __slots__ = (
        "cased",
        "clauses",
        "feedback",
        "headings",
        "language",
        "links",
        "not_counted",
        "scoring_text",
        "skipped",
        "text",
        "tokens",
    )

    def __init__(
        self,
        feedback: Feedback,
        text: str,
        language: str,
        clauses: list[Clause],
        tokens: list[_Token],
        skipped: str | None = None,
        scoring_text: str = "",
        not_counted: str | None = None,
        links: list[tuple[int, int]] | None = None,
        cased: bool = True,
        headings: Sequence[tuple[int, Kind | None, int]] = (),
    ) -> None:
        self.feedback = feedback
        self.text = text
        self.language = language
        self.clauses = clauses
        self.tokens = tokens
        self.skipped = skipped
        self.scoring_text = scoring_text
        self.not_counted = not_counted
        self.links = links or []
        # Whether the text's capitals are the writer's (see ``_Context.cased``).
        self.cased = cased
        # The clauses that are headings of a structured review, with the kind each names
        # (``ItemKinds``).
        self.headings = headings


def _heading_clauses(
    text: str, cls: Sequence[Clause], headed: Sequence[tuple[int, int, str]]
) -> list[tuple[int, Kind | None, int]]:
    """Return the places of the clauses that are the ``headed`` headings of a text (each
    starts one: ``clauses`` was given a cut there), with the kind each names and where the
    list under it ends (``_list_end``)."""
    result: list[tuple[int, Kind | None, int]] = []
    at = 0
    for start, end, kind in headed:
        while at < len(cls) and cls[at].end <= start:
            at += 1
        if at < len(cls) and not text[cls[at].start : start].strip():
            result.append((at, Kind(kind) if kind else None, _list_end(text, end)))
    return result


# A line that goes on the list above it: "- light, compact design", "2) storage", "• price".
_LIST_LINE = compile_pattern(r"\n[ \t]*(?:[-–—*•·+>]|\d{1,2}[.)])")
_BLANK_LINE = compile_pattern(r"\n[ \t\r]*\n")


def _list_end(text: str, end: int) -> int:
    """Return where the list under a heading that ends at ``end`` ends: with the heading's
    line where the list starts on it ("Positive: the staff" ends at its line break, the text
    of a review goes on below), else at the first blank line below ("Cons" alone on a line,
    then a line per item); lines that start with a list's mark go on either (a text with no
    line breaks ends with its last word: a list whose lines were joined)."""
    size = len(text)
    line = text.find("\n", end)
    if line < 0:
        return size
    if text[end:line].strip():
        while (m := _LIST_LINE.match(text, line)) is not None:
            line = text.find("\n", m.end())
            if line < 0:
                return size
        return line
    first = line
    while first < size and text[first].isspace():
        first += 1
    blank = _BLANK_LINE.search(text, first)
    return size if blank is None else blank.start()


class _Context:
    """What the rest of an item's text says about its words (see ``Analyzer._in_context``)."""

    __slots__ = (
        "cased",
        "excluded",
        "idioms",
        "language",
        "lexicon",
        "nouns_capitalised",
        "own_name",
        "text",
    )

    def __init__(
        self,
        text: str,
        language: str,
        lexicon: Lexicon,
        excluded: list[tuple[int, int]],
        idioms: list[tuple[int, int]],
        own_name: set[str],
        nouns_capitalised: bool,
        cased: bool = True,
    ) -> None:
        self.text = text
        self.language = language
        self.lexicon = lexicon
        self.excluded = excluded
        self.idioms = idioms
        self.own_name = own_name
        self.nouns_capitalised = nouns_capitalised
        # Whether the text's capitals are the writer's, word by word: not a headline in title
        # case ("Apple Unveils New Phone"), not a shout (see ``kiosk.analysis.surfaces``).
        self.cased = cased


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
        display_language: str | None = None,
    ) -> None:
        self.vocabulary = vocabulary or Vocabulary()
        self.phrases = phrases or PhraseModel()
        self.display_language = display_language or self.vocabulary.display_language
        self.names: set[str] = set()
        self.add_names(names)
        self.surfaces = SurfaceForms()
        self.copies = Copies()
        self.rules = WordRules(self.vocabulary, Speller(self.surfaces))
        self._scorer = KindScorer()
        self._words: dict[str, dict[str, Decision]] = {}
        self._known: dict[tuple[str, str], bool] = {}
        # Learned phrases whose keys are plain words, run together ("steveballmer"), with where
        # their words end; rebuilt when phrases are learned (they are never unlearned).
        self._joined: dict[str, tuple[int, ...]] = {}
        self._joined_size = -1
        self._fixed_labels = {key: label for key, label in self.vocabulary.synonym_map.values()}
        # Whether a written form is, in a language, a verb its lexicon folds into a noun
        # ("installed" into "installation"), per language and form: asked of every label.
        self._verb_forms: dict[str, dict[str, bool]] = {}
        # German infinitives decided as the nouns an article makes them (``_german_noun``).
        self._nouns: dict[str, Decision] = {}
        # Terms merged into another because customers write them alike (merged key -> kept
        # key, see ``kiosk.analysis.labels``): their mentions are made as the kept term's.
        self.aliases: dict[str, str] = {}

    def with_vocabulary(self, vocabulary: Vocabulary) -> Analyzer:
        """Return an analyser for another vocabulary that keeps what this one has learned
        (phrases, names, written forms, the local kind model)."""
        fresh = Analyzer(vocabulary, phrases=self.phrases, names=self.names)
        fresh.surfaces = self.surfaces
        fresh.copies = self.copies
        fresh.aliases = self.aliases
        fresh.rules = WordRules(vocabulary, Speller(self.surfaces))
        fresh.set_local_kinds(self.local_kinds)
        return fresh

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
        found, promoted = self.read_batch(items, learn=learn)
        return [a.mentions for a in found], promoted

    def read_batch(
        self, items: Sequence[Feedback], *, learn: bool = True
    ) -> tuple[list[Analysis], set[tuple[str, str]]]:
        """Analyse a batch as ``analyze_batch`` does, keeping each item's language and kind
        (what a sync stores beside the mentions; the clauses are not kept)."""
        with _gc_paused():
            prepared = [self._prepare_safely(fb) for fb in items]
            promoted: set[tuple[str, str]] = set()
            if learn:
                self.phrases.observe(run for p in prepared for run in _runs(p))
                promoted = self.phrases.promote() | self.phrases.rejected
            return [self._read_safely(p) for p in prepared], promoted

    def learn(self, items: Iterable[Feedback]) -> set[tuple[str, str]]:
        """Count phrase statistics from items without analysing them; return new phrases."""
        with _gc_paused():
            self.phrases.observe(run for fb in items for run in _runs(self._prepare_safely(fb)))
            return self.phrases.promote()

    def forget_clause_kinds(self) -> None:
        """Drop the remembered kinds of clauses (benchmarks use it to time unseen text)."""
        self._scorer.clear_cache()

    def label(self, key: str) -> str:
        """Return how a term is shown: in the display language where it can be.

        An admin's synonym keeps the name the admin gave it. Otherwise the form customers
        wrote most in the display language, else our word for the concept in that language
        ("Rückerstattung" is shown as "refund" in English), else the form written most.
        """
        fixed = self._fixed_labels.get(key)
        if fixed is not None:
            return fixed
        found = self.surfaces.label_in(key, self.display_language)
        if found is None:
            concept = concept_label(key, self.display_language)
            if concept:
                return concept
            found = self.surfaces.label(key)
        if " " in found:
            return self._names_in(key, found)
        # A topic is a thing: where customers wrote the verb most ("installed", "geliefert"),
        # the wall shows the noun it was folded into ("installation", "Lieferung").
        return self._as_noun(key, found) if self._a_verb(key, found) else found

    def _a_verb(self, key: str, form: str) -> bool:
        """Whether a term's written form is, in a language it was written in, a verb its
        lexicon folds into a noun (its derivations: "installed", "geliefert", "commander";
        not an English bare form, a noun too: "package", "book")."""
        # Loops, not ``any`` over a generator: asked for every mention's label.
        for language, forms in self.surfaces.written_in(key).items():
            if form in forms and self._folded_verb(language, form):
                return True
        return False

    def _folded_verb(self, language: str, form: str) -> bool:
        known = self._verb_forms.get(language)
        if known is None:
            known = self._verb_forms[language] = {}
        found = known.get(form)
        if found is None:
            if len(known) >= _DECISIONS_SIZE:
                known.clear()
            found = False
            if language in LANGUAGES:
                norm = normalize_token(form)
                lex = lexicon(language)
                lemma = lemmatize(norm, language)
                found = (
                    lemma in lex.derivations
                    and norm not in lex.derivations.values()
                    # "package", "packages": a noun as often as a verb, in English
                    and not (language == "en" and (lemma == norm or norm.endswith("s")))
                )
            known[form] = found
        return found

    def _as_noun(self, key: str, verb: str) -> str:
        """Return the label of a term customers named with a verb most: the form they wrote
        most in the display language that is no such verb, else our word for it there, else
        such a form of another language, else its key (a German noun with its capital)."""
        display = self.display_language
        written = self.surfaces.written_in(key)
        best = self._noun_form(display, written.get(display, {}), verb)
        if best:
            return best
        concept = concept_label(key, display)
        if concept:
            return concept
        for language, forms in written.items():
            best = self._noun_form(language, forms, verb)
            if best:
                return best
        if "de" in written and key in lexicon("de").derivations.values():
            return key[:1].upper() + key[1:]
        return key

    def _noun_form(self, language: str, forms: Mapping[str, int], verb: str) -> str:
        """Return the form written most of those that are no folded verb ("" for none)."""
        best, most = "", 0
        for form, n in forms.items():
            if n > most and form != verb and not self._folded_verb(language, form):
                best, most = form, n
        return best

    def _names_in(self, key: str, label: str) -> str:
        """Return a phrase's label with its words in lowercase written as customers write
        them on their own where that is a name: "Twitter app" as the wall shows "Twitter".

        A phrase's first word is mostly met at a sentence start or in a hashtag, whose
        capitals say nothing ("bill Gates", "iphone update"); any word written with a capital
        inside or as a short acronym is a name, later in a phrase met only where case tells
        nothing ("#SQLServer"); a later word written in lowercase mid-sentence is the
        writers' choice ("price gap" beside the brand GAP), as is any word written in lowercase
        after a name ("phone bill", not "phone Bill"). Only a word its customers clearly write
        so, three times at least and twice as often as in lowercase: "live blog" stays so
        beside one "Live" (helper-57).
        """
        words = label.split(" ")
        changed = False
        surfaces = self.surfaces
        uncased = not surfaces.cased(key)
        for i, word in enumerate(words):
            if not word.islower() or word not in surfaces:
                continue
            own = surfaces.label(word)
            if own == word or own.lower() != word:
                continue
            if i and not (
                uncased and (inner_capital(own) or (own.isupper() and len(own) <= _LONGEST_ACRONYM))
            ):
                continue
            times = surfaces.written(word, own)
            if times >= _CLEARLY_NAMED and times >= 2 * surfaces.written(word, word):
                words[i] = own
                changed = True
        return " ".join(words) if changed else label

    def surface_forms(self, key: str) -> set[str]:
        """Return the written forms seen for a term (to find its items again by text)."""
        return self.surfaces.forms(key)

    def forms(self, key: str) -> dict[str, set[str]]:
        """Return the languages a term gathers, each with the forms seen written in it.

        ``{"en": {"refund", "refunds"}, "de": {"Rückerstattung"}}``: what the card says a
        concept brings together. Forms are counted from what this analyser has read (a
        kiosk re-reads its recent items when it starts); ``kiosk.analysis.stored_forms``
        reads what the last sync saved.
        """
        return self.surfaces.forms_by_language(key)

    def why_not(self, word: str, language: str = "en") -> str | None:
        """Return why a word never becomes a term in a language, or None when it can be one.

        The answer comes from the word rules alone (``kiosk.analysis.words``); a word can
        still be left out in a given text because of where it stands (a link, an idiom, a
        person's name), which is said too when it is a name from the records.
        """
        found = self.rules.why_not(word, language)
        if found is None and normalize_token(word) in self.names:
            return "a person's name (customers and staff are never shown as words)"
        return found

    # internals

    # One item the analysis cannot read must not stop the others: a sync stores a page and
    # its analysis in one transaction, and an error there would roll the page back and stop
    # the feed at that item for good. The item is stored without mentions, and logged.

    def _prepare_safely(self, feedback: Feedback) -> _Prepared:
        try:
            return self._prepare(feedback)
        except Exception:
            log.exception("could not analyse %s; it is stored without terms", _ref(feedback))
            return _Prepared(feedback, feedback.text, UNDETERMINED, [], [], _FAILED)

    def _read_safely(self, prepared: _Prepared) -> Analysis:
        try:
            return self._mentions(prepared, with_kind=True)
        except Exception:
            log.exception(
                "could not analyse %s; it is stored without terms", _ref(prepared.feedback)
            )
            return Analysis(prepared.language, skipped=_FAILED)

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
        reply = reply_start(text)
        if reply < len(text):
            # The thread an e-mail quotes is the company's words, not the customer's: read,
            # its "We are sorry your parcel was lost" made a thank-you a complaint.
            text = text[:reply]
        own_end = self.copies.own_end(text)
        written, starts = words_and_starts(text)
        normalized = normalize_tokens(written)
        links = link_spans(text)
        excluded = excluded_spans(text, links)
        spoken = _spoken(written, normalized, starts, excluded)
        language = detect_language((spoken or normalized)[:60], feedback.language)
        if language == UNDETERMINED:
            log.info("skipped %s: %s", _ref(feedback), _UNSUPPORTED)
            return _Prepared(feedback, text, language, [], [], _UNSUPPORTED)
        # Only a long text can be a copy that counts once (see kiosk.analysis.copies).
        long_words = (
            _outside(normalized, starts, excluded) if len(normalized) >= MIN_COPY_WORDS else []
        )
        not_counted = self.copies.not_counted(feedback, text, long_words, own_end)
        groups = _split_hashtags(
            text,
            language,
            written,
            starts,
            normalized,
            self.vocabulary.whole_words,
            self.surfaces,
            self._a_phrase_in_english,
            self._joined_phrases(),
        )
        headed = lexicon(language).headings_in(text)
        # The name a customer signs with is theirs, never a term ("Thanks, John").
        signed = signature(text)
        excluded_terms = sorted([*excluded, signed]) if signed is not None else excluded
        if headed:
            cls = clauses(
                text,
                starts,
                normalized,
                [cut for s, e, _ in headed for cut in ((s, "end"), (e, "comma"))],
            )
            headings = _heading_clauses(text, cls, headed)
            # What a heading names is no term: "pros", "cons", "advice to management".
            terms_excluded = sorted([*excluded_terms, *((s, e) for s, e, _ in headed)])
        else:
            cls = clauses(text, starts, normalized)
            headings = []
            terms_excluded = excluded_terms
        context = self._context(feedback, text, language, written, normalized, terms_excluded)
        if not_counted is not None:
            log.debug("%s adds no mentions: %s", _ref(feedback), not_counted)
            toks: list[_Token] = []
        else:
            # Words after a retweet marker are another account's: only the own words count.
            n = bisect.bisect_left(starts, own_end) if own_end < len(text) else len(written)
            toks = self._tokens(context, cls, written[:n], starts[:n], normalized[:n], groups)
        # Kinds are read from the text with links, addresses and handles blanked (same
        # length, so clause spans still hold): "@united" is an address, not praise.
        scoring = text
        for s, e in excluded:
            scoring = scoring[:s] + " " * (e - s) + scoring[e:]
        return _Prepared(
            feedback,
            text,
            language,
            cls,
            toks,
            scoring_text=scoring,
            not_counted=not_counted,
            links=links if excluded else None,
            cased=context.cased,
            headings=headings,
        )

    @staticmethod
    def _context(
        feedback: Feedback,
        text: str,
        language: str,
        written: Sequence[str],
        normalized: Sequence[str],
        excluded: list[tuple[int, int]],
    ) -> _Context:
        lex = lexicon(language)
        if "&" in text:
            # An HTML entity ("&amp;", "&#39;") is markup, not a word: never a term.
            excluded = sorted([*excluded, *(m.span() for m in _ENTITY.finditer(text))])
        idioms: list[tuple[int, int]] = []
        if lex.idioms is not None and not lex.idiom_words.isdisjoint(normalized):
            idioms = [m.span() for m in lex.idioms.finditer(lex.fold(text))]
        name = feedback.customer.name
        own = {normalize_token(p) for p in name.split()} if name else set()
        # German capitalises every noun: a lowercase word is a verb or adjective, provided the
        # writer uses capitals at all (some type everything in lowercase).
        capitalised = language == "de" and sum(1 for w in written[1:] if w[0].isupper()) >= max(
            1, len(written) // 10
        )
        return _Context(
            text, language, lex, excluded, idioms, own, capitalised, _cased(language, written)
        )

    def _tokens(
        self,
        context: _Context,
        cls: list[Clause],
        written: Sequence[str],
        starts: Sequence[int],
        normalized: Sequence[str],
        groups: Sequence[int] | None = None,
    ) -> list[_Token]:
        """Return the words that may take part in a term, with their decisions in context.

        ``groups`` numbers the words that came out of one hashtag alike (0: none).
        """
        language = context.language
        words = self._words.get(language)
        if words is None or len(words) >= _DECISIONS_SIZE:
            words = self._words[language] = {}
        # Methods are called on their objects, not kept bound in locals: compiled, that is a
        # direct call rather than a Python call per word.
        rules = self.rules
        surfaces = self.surfaces
        text = context.text
        cuts = [c.start for c in cls] if len(cls) > 1 else []
        verb_context = context.lexicon.verb_context
        elisions = context.lexicon.elisions
        # Whether anything around the words can rule one out (most texts: nothing).
        careful = bool(
            context.excluded or context.idioms or context.nouns_capitalised or "*" in text
        )
        names = self.names
        own = context.own_name
        toks: list[_Token] = []
        previous = ""
        # The word before the current one (-1: none yet), for the gap a form is read after.
        before = -1
        borrows = language in _BORROWING
        for i, norm in enumerate(normalized):
            if groups and groups[i] < 0:
                # A hashtag cut into English words is read in English ("#redhat" in a Spanish
                # tweet is no "network hat").
                info = self._english(norm)
            else:
                known = words.get(norm)
                if known is None:
                    known = words[norm] = rules.decide(language, norm)
                info = known
            key = info.key
            if key is None and not info.modifier:
                if borrows and info.rule == "part of speech":
                    key = self._borrowed(context, written, starts, normalized, i)
                elif (
                    context.nouns_capitalised
                    and info.rule == "part of speech"
                    and i
                    and _a_nominal_infinitive(text, written, starts, i)
                    and lemmatize(norm, language) == norm
                ):
                    # German writes a verb used as a noun with a capital, after an article: "Das
                    # Buchen auf der Webseite", "beim Bezahlen" name a topic.
                    info = self._german_noun(norm)
                    key = info.key
                if key is None:
                    # Only terms are kept: adjacency for phrases is checked on the text itself.
                    previous = norm
                    before = i
                    continue
            start = starts[i]
            surface = written[i]
            end = start + len(surface)
            if info.ambiguous and previous in verb_context:
                key = None  # "nobody could help", "please call": a verb here
            previous = norm
            modifier = info.modifier
            if careful or norm in names or norm in own:
                key, modifier = self._in_context(context, key, modifier, norm, surface, start, end)
            clause = bisect.bisect_right(cuts, start) - 1 if cuts else 0
            group = groups[i] if groups else 0
            toks.append(_Token(key, modifier, start, end, surface, clause, group))
            if key is not None:
                hashtag = start > 0 and text[start - 1] == "#"
                if surface == norm and "'" not in surface and not hashtag and not group:
                    # A plain lowercase word (most of them): counted as it is, whatever the
                    # gap before it (what ``SurfaceForms.add_word`` does first).
                    surfaces.add(key, norm, language)
                else:
                    gap = (
                        text[starts[before] + len(written[before]) : start] if before >= 0 else "."
                    )
                    surfaces.add_word(
                        key,
                        surface,
                        norm,
                        gap,
                        elisions,
                        language,
                        cased=context.cased,
                        hashtag=hashtag,
                        piece=group != 0,
                    )
            before = i
        return toks

    def _german_noun(self, norm: str) -> Decision:
        """Return what a German word is when written as a noun (see ``_tokens``)."""
        found = self._nouns.get(norm)
        if found is None:
            if len(self._nouns) >= _DECISIONS_SIZE:
                self._nouns.clear()
            found = self._nouns[norm] = self.rules.decide("de", norm, noun=True)
        return found

    def _joined_phrases(self) -> dict[str, tuple[int, ...]]:
        """Return the learned phrases of plain words run together, each with where its words
        end: #steveballmer is Steve Ballmer, though no dictionary knows "ballmer"."""
        phrases = self.phrases.phrases
        if self._joined_size != len(phrases):
            joined: dict[str, tuple[int, ...]] = {}
            for first, second in phrases:
                words = f"{first} {second}".split()
                if all(word.isalpha() for word in words):
                    letters = "".join(words)
                    ends = tuple(itertools.accumulate(len(word) for word in words))
                    # Two phrases of the same letters: which is meant cannot be told.
                    joined[letters] = () if joined.get(letters, ends) != ends else ends
            self._joined = joined
            self._joined_size = len(phrases)
        return self._joined

    def _a_phrase_in_english(self, pieces: list[str]) -> bool:
        """Whether two adjacent English words of a hashtag are a phrase customers write
        (#nexusprime in a French tweet: "Nexus Prime"), or the hashtag's words one our lexicon
        or the admin lists."""
        words = normalize_tokens(pieces)
        if " ".join(words) in lexicon("en").concepts or tuple(words) in self.vocabulary.phrase_map:
            return True  # "customer service": a phrase of our lexicon's, or the admin's
        keys = [self._english(piece).key or piece for piece in words]
        phrases = self.phrases.phrases
        return any(pair in phrases for pair in itertools.pairwise(keys))

    def _borrowed(
        self,
        context: _Context,
        written: Sequence[str],
        starts: Sequence[int],
        normalized: Sequence[str],
        i: int,
    ) -> str | None:
        """Return the English key of a word its own language takes for a verb or adjective,
        when it makes a phrase customers write in English with the word before or after it:
        "Ice Cream Sandwich" and "Nexus Prime" in a Spanish tweet ("ice" and "prime" are
        Spanish verb forms). Otherwise None: "Sale Caro" is no sale, and a phrase not yet
        learned borrows nothing.
        """
        phrases = self.phrases.phrases
        norm = normalized[i]
        if not phrases or not is_known(norm, "en"):
            return None
        key = self._english(norm).key
        if key is None:
            return None
        text = context.text
        for j in (i - 1, i + 1):
            if not 0 <= j < len(normalized):
                continue
            first, second = (j, i) if j < i else (i, j)
            if text[starts[first] + len(written[first]) : starts[second]].strip():
                continue  # not side by side: "ice, cream"
            other = self._words[context.language].get(normalized[j])
            other_key = other.key if other is not None else None
            if other_key is None:
                other_key = self._english(normalized[j]).key
            pair = (other_key, key) if j < i else (key, other_key)
            if pair in phrases:
                return key
        return None

    def _english(self, norm: str) -> Decision:
        """Return what a word is in English (cached with the English texts' decisions)."""
        english = self._words.get("en")
        if english is None or len(english) >= _DECISIONS_SIZE:
            english = self._words["en"] = {}
        info = english.get(norm)
        if info is None:
            info = english[norm] = self.rules.decide("en", norm)
        return info

    def _in_context(
        self,
        context: _Context,
        key: str | None,
        modifier: bool,
        norm: str,
        surface: str,
        start: int,
        end: int,
    ) -> tuple[str | None, bool]:
        """Return a word's key and modifier flag after what surrounds it: nothing inside a
        link, an address, an idiom or a masked word, no person's name, no German lowercase
        verb."""
        if key is None and not modifier:
            return None, False
        text = context.text
        if (
            (context.excluded and _inside(start, end, context.excluded))
            or (context.idioms and _inside(start, end, context.idioms))
            or (
                (norm in self.names or norm in context.own_name)
                and self._is_name(context.language, norm, surface)
            )
            or (context.nouns_capitalised and surface[0].islower())
        ):
            return None, False
        if key is not None and (
            (start > 0 and text[start - 1] == "*") or text[end : end + 1] == "*"
        ):
            return None, False  # a fragment of a masked word: "f***ing"
        return key, modifier

    def _is_name(self, language: str, norm: str, surface: str) -> bool:
        """Whether a word that is somebody's name is used as one here: always with a capital,
        and in lowercase too when it is no word of the language ("priya", not "grace")."""
        if surface[0].isupper():
            return True
        known = self._known.get((language, norm))
        if known is None:
            if len(self._known) >= _DECISIONS_SIZE:
                self._known.clear()
            known = self._known[(language, norm)] = is_known(norm, language)
        return not known

    def _mentions(
        self, prepared: _Prepared, *, with_clauses: bool = False, with_kind: bool = False
    ) -> Analysis:
        analysis = Analysis(
            prepared.language, skipped=prepared.skipped, not_counted=prepared.not_counted
        )
        if prepared.skipped is not None:
            if prepared.skipped == NO_WORDS:
                analysis.kind, analysis.kind_confidence = symbols_kind(prepared.text)
            return analysis
        lean = self._lean(prepared)
        kinds = ItemKinds(
            self._scorer,
            prepared.feedback,
            prepared.language,
            prepared.scoring_text or prepared.text,
            prepared.clauses,
            prepared.links,
            lean,
            prepared.headings,
        )
        self._join(prepared, kinds, analysis.mentions)
        if with_clauses or with_kind:
            clauses = kinds.results()
            analysis.kind, analysis.kind_confidence = vote(
                prepared.feedback,
                clauses,
                kinds.requests_weigh(),
                kinds.rescued(),
                kinds.verdict,
                kinds.leaving,
                lean,
                kinds.excepted(),
                kinds.weighed(),
            )
            if with_clauses:
                analysis.clauses = clauses
        return analysis

    def _lean(self, prepared: _Prepared) -> Kind | None:
        """Return the kind the question an item answers leans to (``Vocabulary.answers``):
        None where its feed names none, and where the answer says nothing ("n/a", "None",
        "-"): "Nothing" under "What went wrong?" is no complaint."""
        vocabulary = self.vocabulary
        if not vocabulary.answers:
            return None
        lean = vocabulary.answer_kind(prepared.feedback.feed_id)
        if lean is None or says_nothing(prepared.text):
            return None
        return lean

    def _phrase_at(self, prepared: _Prepared, j: int) -> tuple[str, str] | None:
        """Return the phrase the words at ``j`` and ``j + 1`` make, if they make one."""
        toks = prepared.tokens
        if j + 1 >= len(toks):
            return None
        a, b = toks[j], toks[j + 1]
        if (a.key is None and not a.modifier) or b.clause != a.clause:
            return None
        if b.key is None and not (a.key is not None and b.modifier):
            return None
        pair = (a.key or normalize_token(a.surface), b.key or _ender(prepared.language, b))
        if (" " in pair[0] and pair[0] in self._fixed_labels) or (
            " " in pair[1] and pair[1] in self._fixed_labels
        ):
            return None  # the admin named a phrase ("ICS" is "ice cream sandwich"): it is whole
        if prepared.text[a.end : b.start].strip():
            return None
        if pair in self.phrases.phrases:
            return pair
        if a.group and a.group == b.group and b.key is not None:
            return pair  # the words of one hashtag were written as one
        if (
            prepared.language == "en"
            and a.key is not None
            and b.key is not None
            and not self.phrases.judged(pair)
        ):
            return pair  # see "Pairs not yet judged" in the class docstring
        return None

    def _join(self, prepared: _Prepared, kinds: ItemKinds, mentions: list[MentionRecord]) -> None:
        """Append the item's mentions: learned phrases joined, single terms on their own."""
        toks = prepared.tokens
        pairs = self.phrases.pairs
        language = prepared.language
        found = lexicon(language)
        elisions = found.elisions
        concepts = found.concepts
        text = prepared.text
        listed = self.vocabulary.phrase_map
        aliases = self.aliases
        i = 0
        n = len(toks)
        while i < n:
            tok = toks[i]
            if tok.key is None and not tok.modifier:
                i += 1
                continue
            if listed:
                size = self._listed_phrase(prepared, i, kinds, mentions)
                if size:
                    i += size
                    continue
            pair = self._phrase_at(prepared, i)
            size = 2
            if pair is not None:
                third = self._chain_at(prepared, i, pair)
                if third is not None:
                    # "ice cream" and "cream sandwich" go on into "ice cream sandwich".
                    pair = PhraseModel.chain((pair[0], pair[1], third))
                    size = 3
                else:
                    # "live order tracking": of two overlapping phrases keep the more common
                    # one, when the three are not one phrase.
                    after = self._phrase_at(prepared, i + 1)
                    if after is not None and pairs.get(after, 0) > pairs.get(pair, 0):
                        pair = None
            if pair is not None:
                last = toks[i + size - 1]
                key = f"{pair[0]} {pair[1]}"
                key = concepts.get(key, key)
                if listed and (words := tuple(key.split())) in listed:
                    # A learned phrase the admin listed under another spelling.
                    target = listed[words]
                    if target is None:
                        i += size
                        continue
                    key = target[0]
                if aliases:
                    key = aliases.get(key, key)
                span = toks[i : i + size]
                if prepared.cased and not any(t.group for t in span):
                    forms = [word_form(text, t.start, t.surface, elisions) for t in span]
                    if forms[0].islower() and any(f[:1].isupper() for f in forms[1:]):
                        first = span[0]
                        forms[0] = word_form(text, first.start, first.surface, elisions, named=True)
                    self.surfaces.add(key, " ".join(forms), language)
                else:
                    # A headline's or a shout's capitals, or a hashtag's ("#GalaxyNexus"), say
                    # nothing about how the phrase is written.
                    form = " ".join(normalize_token(t.surface) for t in span)
                    self.surfaces.add_uncased(key, form)
                kind, conf = kinds.resolve_at(tok.clause, tok.start, last.end)
                mention = MentionRecord(key, self.label(key), kind, conf, tok.start, last.end)
                mentions.append(mention)
                i += size
                continue
            if tok.key is not None:
                kind, conf = kinds.resolve_at(tok.clause, tok.start, tok.end)
                key = aliases.get(tok.key, tok.key) if aliases else tok.key
                mentions.append(MentionRecord(key, self.label(key), kind, conf, tok.start, tok.end))
            i += 1

    def _chain_at(self, prepared: _Prepared, i: int, pair: tuple[str, str]) -> str | None:
        """Return the key of the word after the phrase at ``i`` and ``i + 1`` when the three
        are a phrase of three words (see ``kiosk.analysis.phrases``), else None."""
        toks = prepared.tokens
        if i + 2 >= len(toks):
            return None
        b, c = toks[i + 1], toks[i + 2]
        if c.key is None or c.clause != b.clause or prepared.text[b.end : c.start].strip():
            return None
        phrases = self.phrases
        if phrases.chain((pair[0], pair[1], c.key)) not in phrases.phrases:
            return None
        # "Samsung unveil Ice Cream Sandwich": a headline's "samsung unveil ice", copied 93
        # times, must not take the first word of "ice cream", written thousands of times;
        # nor "apple ceo tim" the "Tim" of "Tim Cook".
        following = self._phrase_at(prepared, i + 2)
        if following is not None and phrases.pairs.get(following, 0) >= phrases.triples.get(
            (pair[0], pair[1], c.key), 0
        ):
            return None
        return c.key

    def _listed_phrase(
        self, prepared: _Prepared, i: int, kinds: ItemKinds, mentions: list[MentionRecord]
    ) -> int:
        """Read the admin's listed phrase that starts at word ``i``, if one does: append its
        term's mention (none for a blocked phrase); return how many words it took (0: none).

        The longest listed phrase wins ("ice cream sandwich" over "ice cream"). Its words are
        adjacent words of one clause, each matched as written or in its dictionary form.
        """
        toks = prepared.tokens
        text = prepared.text
        listed = self.vocabulary.phrase_map
        longest = self.vocabulary.longest_phrase
        first = toks[i]
        options: list[tuple[str, ...]] = []
        found: tuple[int, tuple[str, str] | None] | None = None
        j = i
        while j < len(toks) and j - i < longest:
            tok = toks[j]
            if j > i and (tok.clause != first.clause or text[toks[j - 1].end : tok.start].strip()):
                break
            norm = normalize_token(tok.surface)
            options.append((norm,) if tok.key in (None, norm) else (norm, str(tok.key)))
            j += 1
            if j - i >= 2:
                for words in itertools.product(*options):
                    if words in listed:
                        found = (j - i, listed[words])
                        break
        if found is None:
            return 0
        size, target = found
        if target is not None:
            last = toks[i + size - 1]
            key = self.aliases.get(target[0], target[0])
            self.surfaces.add(key, text[first.start : last.end], prepared.language)
            kind, conf = kinds.resolve_at(first.clause, first.start, last.end)
            mentions.append(MentionRecord(key, self.label(key), kind, conf, first.start, last.end))
        return size


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


# A text whose longer words (of at least 4 letters, given 3) are in capitals this often is a
# shout; after its first word, capitalised this often, a headline in title case. Not lower: a
# short tweet naming a product ("Ice Cream Sandwich is slow") is no headline.
_SHOUT_SHARE = 0.6
_TITLE_CASE_SHARE = 0.75


def _cased(language: str, written: Sequence[str]) -> bool:
    """Whether a text's capitals are the writer's, word by word: not a headline in title case
    (German capitalises every noun: there, only a shout counts), not a shout."""
    long = 0
    upper = 0
    later = 0
    capitalised = 0
    lower = False
    for i, word in enumerate(written):
        if not lower and not word.isupper():
            lower = True
        if len(word) >= 4:
            long += 1
            if word.isupper():
                upper += 1
            if i:
                later += 1
                if word[0].isupper():
                    capitalised += 1
    if long >= 3 and upper >= _SHOUT_SHARE * long:
        return False
    if not lower and sum(1 for word in written if len(word) >= 3) >= 2:
        return False  # a short shout: "MY NEW APP KEEPS CRASHING"
    return language == "de" or later < 3 or capitalised < _TITLE_CASE_SHARE * later


# Languages whose customers write English product names inside their own sentences, and whose
# common nouns are not capitalised (German capitalises every noun: there, a capital says
# nothing of a name).
_BORROWING = frozenset(("fr", "es"))


def _runs(prepared: _Prepared) -> list[list[str]]:
    """Return the runs of adjacent terms (and problem words) for the phrase statistics; a
    single word is a run of one, counted for how often it appears on its own."""
    runs: list[list[str]] = []
    run: list[str] = []
    prev: _Token | None = None
    text = prepared.text
    enders = lexicon(prepared.language).phrase_enders
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
            if tok.key is None and key in enders:
                # French and Spanish put the qualifier last: "service client".
                run.append(key)
                runs.append(run)
                run, prev = [], None
                continue
            # A problem word only starts a phrase ("late delivery"), never ends one.
            runs.append(run)
            run = []
        run.append(key)
        prev = tok
    if run:
        runs.append(run)
    return runs


def _split_hashtags(
    text: str,
    language: str,
    written: list[str],
    starts: list[int],
    normalized: list[str],
    whole: frozenset[str] = frozenset(),
    surfaces: SurfaceForms | None = None,
    english: Callable[[list[str]], bool] | None = None,
    joined: Mapping[str, tuple[int, ...]] | None = None,
) -> list[int] | None:
    """Replace run-together hashtags by their words, in place ("#customerservice" is read as
    "customer service" at its place); return each word's hashtag number (0: none), or None
    when the text has no hashtag that splits (see ``kiosk.analysis.hashtags``). A hashtag
    written as one of the ``whole`` words (the admin's lists) stays one word; one its language
    cannot cut is cut into English words when ``english`` takes them, and its words are
    numbered below zero. One no dictionary cuts is cut as the ``joined`` phrase it spells
    (learned phrases run together, with where their words end)."""
    if "#" not in text:
        return None
    groups: list[int] | None = None
    i = 0
    number = 0
    while i < len(written):
        start = starts[i]
        found = (
            cut_hashtag(written[i], language, whole, english)
            if start and text[start - 1] == "#"
            else None
        )
        pieces, in_english = found if found is not None else (None, False)
        if pieces is None and joined and start and text[start - 1] == "#":
            pieces = _phrase_spelled(written[i], normalized[i], joined, language, surfaces)
        if pieces is not None and surfaces is not None:
            word = written[i]
            if word[1:].islower() or word.isupper():
                if _written_whole(surfaces, normalized[i], pieces):
                    pieces = None
            elif _named_whole(
                surfaces, normalized[i], word, pieces, "en" if in_english else language
            ):
                pieces = None
        if pieces is None:
            i += 1
            continue
        if groups is None:
            groups = [0] * len(written)
        number += 1
        offsets = []
        pos = start
        for piece in pieces:
            offsets.append(pos)
            pos += len(piece)
        # Numbered below zero: cut into English words, and read so.
        code = -number if in_english else number
        written[i : i + 1] = pieces
        starts[i : i + 1] = offsets
        normalized[i : i + 1] = normalize_tokens(pieces)
        groups[i : i + 1] = [code] * len(pieces)
        i += len(pieces)
    return groups


def _phrase_spelled(
    word: str,
    norm: str,
    joined: Mapping[str, tuple[int, ...]],
    language: str,
    surfaces: SurfaceForms | None,
) -> list[str] | None:
    """Return a hashtag cut into the words of the learned phrase it spells, or None; never a
    word the dictionary knows: #blackberry is no "black berry", though the pieces of
    #BlackBerry made one. Each word must be one customers write on its own: a camel-case
    hashtag cut wrong (#BeautyandtheBeast: "beautyandthe beast") makes phrases of no word
    (helper-58)."""
    ends = joined.get(norm)
    if not ends or len(norm) != len(word) or ends[-1] != len(word):
        return None
    if is_known(norm, language) or is_known(norm, "en"):
        return None
    pieces = cut_at(word, ends)
    if surfaces is not None and any(surfaces.seen_apart(p) < 1 for p in normalize_tokens(pieces)):
        return None
    return pieces


def _written_whole(surfaces: SurfaceForms, word: str, pieces: list[str]) -> bool:
    """Whether customers write a run-together hashtag's word as a word of its own more than
    they write the words it cuts into: #samsung is Samsung, not "sam sung", and #Microsoft in
    a French tweet no "micro soft", where #galaxynexus stays "galaxy nexus" though someone
    wrote GalaxyNexus. (Camel case is left to the writer: #CustomerService says where its
    words are.) Words, not phrases, are compared: a phrase is learned a batch later than its
    words are seen. A word met only as a piece of such a hashtag is not counted: once cut,
    #youtube would else make "tube" a word customers write more than YouTube."""
    whole = surfaces.seen(word)
    return whole >= _SEEN_WHOLE and all(
        whole > surfaces.seen_apart(p) for p in normalize_tokens(pieces)
    )


def _named_whole(
    surfaces: SurfaceForms, key: str, word: str, pieces: list[str], language: str
) -> bool:
    """Whether a hashtag in camel case is a name customers write as one word, capitals and
    all: #OmniTouch is OmniTouch, as #SharePoint is SharePoint and #YouTube YouTube, not
    "omni touch" beside it. Camel case says where the words of most hashtags are
    (#CustomerService); a name's own capitals say it only when customers write the name
    so, as a word and not a hashtag, more often than they write its pieces as a phrase:
    #GalaxyNexus stays Galaxy Nexus, the phrase hundreds write, though two wrote GalaxyNexus,
    and #WindowsPhone Windows Phone, whose key is "window phone" (helper-57)."""
    written = surfaces.written_apart(key, as_written(word))
    if written < _SEEN_WHOLE:
        return False
    words = normalize_tokens(pieces)
    phrase = max(
        surfaces.seen(" ".join(words)),
        surfaces.seen(" ".join(lemmatize(w, language) for w in words)),
    )
    return written > phrase


def _ender(language: str, tok: _Token) -> str:
    norm = normalize_token(tok.surface)
    return norm if norm in lexicon(language).phrase_enders else "\x00"  # never a phrase part


def _outside(
    words: Sequence[str], starts: Sequence[int], spans: list[tuple[int, int]]
) -> list[str]:
    """Return the words that lie in none of the spans (addresses left out)."""
    if not spans:
        return list(words)
    inside = _inside_spans(words, starts, spans)
    return [w for i, w in enumerate(words) if i not in inside]


def _inside_spans(
    words: Sequence[str], starts: Sequence[int], spans: list[tuple[int, int]]
) -> set[int]:
    """Return the indexes of the words that lie inside one of the spans."""
    # The words are in text order: each span holds a run of them, found by bisection.
    inside: set[int] = set()
    for s, e in spans:
        for i in range(bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)):
            if starts[i] + len(words[i]) <= e:
                inside.add(i)
    return inside


def _spoken(
    written: Sequence[str],
    normalized: Sequence[str],
    starts: Sequence[int],
    excluded: list[tuple[int, int]],
) -> list[str]:
    """Return the words that tell a text's language: not a link's or an address's pieces
    ("http", "t" and "co" are on English's lists: "Microsoft lanza sitio oficial de Skype
    http://t.co/..." was read as English), nor a short acronym in capitals ("OS", "IT" and
    "PC" are words of other languages in lowercase), unless the text shouts ("NO ES UN ASCO")."""
    inside = _inside_spans(normalized, starts, excluded) if excluded else ()
    long = [w for i, w in enumerate(written) if len(w) > 3 and i not in inside]
    acronyms = bool(long) and sum(1 for w in long if w.isupper()) < _SHOUT_SHARE * len(long)
    return [
        norm
        for i, (word, norm) in enumerate(zip(written, normalized, strict=True))
        if i not in inside and not (acronyms and 1 < len(word) <= 3 and word.isupper())
    ]


# What a German verb used as a noun follows: "das Buchen", "beim Bezahlen", "zum Abholen".
_NOUN_MARKERS = frozenset(
    [
        "das",
        "dem",
        "des",
        "beim",
        "zum",
        "vom",
        "im",
        "am",
        "ans",
        "ins",
        "fürs",
        "ums",
        "übers",
        "aufs",
        "durchs",
        "mein",
        "meinem",
        "dein",
        "deinem",
        "sein",
        "seinem",
        "ihr",
        "ihrem",
        "unser",
        "unserem",
        "euer",
        "eurem",
        "kein",
        "keinem",
    ]
)


def _a_nominal_infinitive(text: str, written: Sequence[str], starts: Sequence[int], i: int) -> bool:
    """Whether word ``i`` is written as a German noun right after an article ("das Buchen"):
    a capital, not a shout, the article just before it (not a sentence start's capital)."""
    word = written[i]
    before = written[i - 1]
    gap = text[starts[i - 1] + len(before) : starts[i]]
    return (
        word[0].isupper()
        and not word.isupper()
        and before.lower() in _NOUN_MARKERS
        and (gap == " " or gap.isspace())
    )


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    # A loop, not ``any`` over a generator: asked for most words of a text with a handle.
    for s, e in spans:  # noqa: SIM110 - see the comment above
        if s <= start and end <= e:
            return True
    return False


def _ref(feedback: Feedback) -> str:
    return f"{feedback.feed_id}/{feedback.external_id}"
