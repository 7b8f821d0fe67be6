"""Keep the store's mentions in step with its feedback: new and changed items, vocabulary changes.

Used as the ``after=`` callback of ``Store.upsert``, so an item and its mentions commit in one
transaction::

    analysis = StoreAnalysis(store, Vocabulary.from_settings(settings))
    store.upsert(items, cursor=(feed, cursor), after=analysis.analyze_into)

Phrases learned from the corpus, the terms merged because customers write them alike
(``kiosk.analysis.labels``) and the names of people found in the records are saved in store
meta as small JSON documents; phrase counts live in memory and are warmed up from recent stored
text when a ``StoreAnalysis`` starts (see ``kiosk.analysis.phrases`` for why).

A change of the word lists analyses the whole store again, in the order it was stored and in a
sync's pages, from nothing learned: the store then holds what a fresh sync with the new lists
would give (``StoreAnalysis.set_vocabulary``; a store of more than ``REPLAY_LIMIT`` items
analyses only the items the change affects).
"""

from __future__ import annotations

import json
import logging
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import timedelta

from kiosk.analysis.analyzer import Analysis, Analyzer
from kiosk.analysis.kinds import model_digest
from kiosk.analysis.labels import TermLabels, parse_merged
from kiosk.analysis.language import UNDETERMINED
from kiosk.analysis.learning import fit_local_kinds, is_labelled, labelled_examples
from kiosk.analysis.phrases import PhraseModel
from kiosk.analysis.regexes import compile_pattern
from kiosk.analysis.saved import saved_dict, saved_list
from kiosk.analysis.vocabulary import Vocabulary, term_forms
from kiosk.model import Kind, KindSource
from kiosk.store import MentionRecord, Store, UpsertResult
from kiosk.values import FeedbackRow

__all__ = [
    "StoreAnalysis",
    "analysis_outdated",
    "analysis_version",
    "analyze_into",
    "merged_into",
    "reanalyze",
    "stored_forms",
    "vocabulary_outdated",
]

log = logging.getLogger("kiosk.analysis")

META_PHRASES = "analysis.phrases"
META_NAMES = "analysis.names"
META_MERGED = "analysis.merged_terms"
META_VOCABULARY = "analysis.vocabulary_version"
# The lists behind that digest (a store that has only the digest predates the record).
META_VOCABULARY_LISTS = "analysis.vocabulary"
# Terms seen in several languages, with each language's forms (see ``stored_forms``).
META_FORMS = "analysis.forms"
# How the stored mentions were read (``analysis_version``).
META_ANALYSIS = "analysis.version"
# How far a page-by-page reading for a new version got: the version, the lowest id done.
META_ANALYSIS_PROGRESS = "analysis.version_progress"
# Raised with every change that makes the analysis read stored text otherwise (its rules, its
# lexicons; the kind model counts by its own digest): an upgraded kiosk reads its store again
# once, so that it does not show old readings beside new ones for as long as it keeps them.
ANALYSIS_VERSION = 71
_ALL_DAYS = (-(10**7), 10**7)
_TOKEN = compile_pattern(r"#?\w+")
_WARM_UP_DAYS = 60
_WARM_UP_ITEMS = 50_000
# Items per page when the whole store is analysed again: a sync's page (a CSV feed's, see
# ``kiosk.sync.sources.csv_source``), so that it learns as a fresh sync of the feed does.
REPLAY_PAGE = 1000
# A store of more items than this re-analyses only the items a word-list edit affects: all of
# 200,000 took 143 s in one transaction, the desk's work and a second process's sync waiting
# behind it (helper-53), where the affected ones took 18 s.
REPLAY_LIMIT = 20_000


class StoreAnalysis:
    """One store's analyser: analyses what a sync adds, and the store again when the
    vocabulary changes (``set_vocabulary``).

    The store records the vocabulary its mentions were made with. When the one given differs
    (the word lists were edited by hand while the kiosk was off), the store is analysed again
    here, once, as the settings dialog's change does (``set_vocabulary``): build it on a
    worker.

    Args:
        store: the store whose mentions are kept up to date.
        vocabulary: the admin's vocabulary (none when omitted).
        warm_up: relearn phrase counts from recent stored text now.
        catch_up_vocabulary: apply a vocabulary the stored mentions do not follow yet now.
    """

    def __init__(
        self,
        store: Store,
        vocabulary: Vocabulary | None = None,
        *,
        warm_up: bool = True,
        catch_up_vocabulary: bool = True,
    ) -> None:
        self.store = store
        phrases = PhraseModel()
        # What this analyser last read or wrote of the learning it shares with others of the
        # store (see ``_adopt_saved``).
        self._seen: dict[str, str | None] = {
            key: store.get_meta(key) for key in (META_PHRASES, META_MERGED)
        }
        phrases.load_phrases_json(self._seen[META_PHRASES])
        # Staff names (who answered) are saved in store meta, a short list; customers' names
        # are learned again from their records (the warm-up, then every sync), so the saved
        # document stays small however many customers write.
        self._staff: set[str] = set(self._saved_names())
        self.analyzer = Analyzer(vocabulary, phrases=phrases, names=self._staff)
        self.labels = TermLabels()
        self.labels.load_merged_json(self._seen[META_MERGED], self.analyzer.surfaces)
        self.analyzer.aliases = self.labels.merged
        # While the whole store is analysed again: the items done so far (see ``_replay``).
        self._replayed: set[int] | None = None
        if store.get_meta(META_VOCABULARY) is None and (
            not vocabulary_outdated(store, self.vocabulary) or _nothing_analysed(store)
        ):
            # A new store, or one analysed without lists that has none now: what is analysed
            # from now on follows this vocabulary.
            self._record(self.vocabulary)
        if store.get_meta(META_ANALYSIS) is None and _nothing_analysed(store):
            store.set_meta(META_ANALYSIS, analysis_version())  # read by this version from now on
        catch_up_analysis = catch_up_vocabulary and self.analysis_outdated()
        if catch_up_analysis and not self.vocabulary_outdated() and store.count() <= REPLAY_LIMIT:
            # Read otherwise since this version: everything again, as a fresh sync would.
            with store.transaction():
                count = self._replay(self.vocabulary)
                self._record(self.vocabulary)
            self._upgraded(count)
        elif not (catch_up_vocabulary and self.vocabulary_outdated()):
            if warm_up:
                self._warm_up()
            self._claim_stored_labels()
        else:
            # Analysed again whole, which learns everything again: no warm-up first.
            first = self.recorded_vocabulary() is None
            count = self.set_vocabulary(self.vocabulary)
            # Said on the console too: a scheduled ``sync --once`` does this inline. A store
            # from before the lists were recorded does not know whether they changed.
            if first:
                log.warning(
                    "the store did not record which word lists its items were analysed with:"
                    " re-analysed %d items with the lists in the settings, once",
                    count,
                )
            else:
                log.warning(
                    "the word lists changed since the stored items were analysed: re-analysed"
                    " %d items with the lists in the settings",
                    count,
                )
        if catch_up_analysis and self.analysis_outdated():
            # Too many to analyse again in one go (see ``REPLAY_LIMIT``), or only the items a
            # word-list edit affected were: page by page, with what the store taught so far.
            self._upgraded(self._reread_in_pages())

    def analysis_outdated(self) -> bool:
        """Whether stored mentions were read by another version of the analysis."""
        return analysis_outdated(self.store)

    def _reread_in_pages(self) -> int:
        """Analyse the stored items again for this version, page by page, the newest first;
        return how many. Each page commits on its own (the screens and another process's sync
        go on between them) and says how far the reading got: a start that finds the store
        half done (killed, or beside another process doing the same) goes on from there."""
        store = self.store
        version = analysis_version()
        count = 0
        ids = store.visible_ids()[::-1]
        for start in range(0, len(ids), REPLAY_PAGE):
            with store.transaction():
                done = self._progress(version)
                page = [i for i in ids[start : start + REPLAY_PAGE] if done is None or i < done]
                if page:
                    count += self._analyze_ids(page, learn=False)
                    store.set_meta(META_ANALYSIS_PROGRESS, f"{version} {page[-1]}")
        return count

    def _progress(self, version: str) -> int | None:
        """Return the lowest id a page-by-page reading for ``version`` has done, if any."""
        mark = (self.store.get_meta(META_ANALYSIS_PROGRESS) or "").split(" ")
        if len(mark) == 2 and mark[0] == version and mark[1].isdigit():
            return int(mark[1])
        return None

    def _upgraded(self, count: int) -> None:
        """Record that the store was read again by this version of the analysis."""
        with self.store.transaction():
            self.store.set_meta(META_ANALYSIS, analysis_version())
            self.store.delete_meta(META_ANALYSIS_PROGRESS)
        # Said on the console too: a scheduled ``sync --once`` does this inline.
        log.warning(
            "this version of voc-kiosk reads feedback otherwise: analysed the %s stored items"
            " again, once",
            f"{count:,}",
        )

    @property
    def vocabulary(self) -> Vocabulary:
        """The vocabulary in use."""
        return self.analyzer.vocabulary

    def analyze_into(self, result_or_ids: UpsertResult | Iterable[int]) -> int:
        """Analyse new and changed items and replace their mentions; return how many.

        Call it from inside ``Store.upsert`` (as ``after=``) so that the mentions commit with
        the items; called on its own it runs in a transaction of its own.
        """
        if isinstance(result_or_ids, UpsertResult):
            ids = [*result_or_ids.new_ids, *result_or_ids.changed_ids]
        else:
            ids = list(result_or_ids)
        if not ids:
            return 0
        with self.store.transaction():
            return self._analyze_ids(ids, learn=True)

    def vocabulary_outdated(self) -> bool:
        """Whether stored mentions were made with another vocabulary than the one in use."""
        return vocabulary_outdated(self.store, self.vocabulary)

    def set_vocabulary(self, vocabulary: Vocabulary) -> int:
        """Switch to a new vocabulary and analyse every stored item again, as a fresh sync
        with it would; return how many items.

        Analysing only the items a change touches kept what the old lists had taught: the
        phrases learned, the form each term is labelled with, the terms merged, all learned in
        the order items came under the old lists. On the Sanders tweets some 350 terms then
        differed from a fresh sync's with the same lists, and "Windows" could show twice.
        Everything learned is forgotten and learned again from the stored items, in the order
        they were stored and in a sync's pages (``REPLAY_PAGE``): one list, one cloud.

        One transaction: the screens show the last cloud until it commits, and a sync's page
        waits for it. Build it on a worker: it takes what a fresh sync's analysis takes
        (about 2 s for 5,000 tweets). A store of more than ``REPLAY_LIMIT`` items that knows
        the lists it follows re-analyses only the items the edit affects, as it did before:
        a whole store's analysis would take minutes there. A few labels and phrases may then
        differ from a fresh sync's; no label shows twice (``kiosk.analysis.labels``).
        """
        if vocabulary.version == self.vocabulary.version and not self.vocabulary_outdated():
            return 0  # the store follows these lists already
        old = self.recorded_vocabulary()
        if old is not None and self.store.count() > REPLAY_LIMIT:
            return self._reanalyze_affected(old, vocabulary)
        with self.store.transaction():
            count = self._replay(vocabulary)
            self._record(vocabulary)
            self.store.set_meta(META_ANALYSIS, analysis_version())
        log.info("analysed all %d stored items again for the word lists", count)
        return count

    def _reanalyze_affected(self, old: Vocabulary, vocabulary: Vocabulary) -> int:
        """Switch to a new vocabulary and re-analyse the stored items it affects (analysed
        otherwise under ``old``, the lists the store recorded); return how many."""
        self.analyzer = self.analyzer.with_vocabulary(vocabulary)
        affected = old.affected_forms(vocabulary)
        # A word taken off the block or stop list has no mention to find its items by: look
        # for it, and for every form it was seen written in, in the text itself. A word newly
        # listed may hide in a form no mention has (#Microsoft was cut into "Micro Soft"):
        # look for it in the text too.
        released = (set(old.block_list) - set(vocabulary.block_list)) | (
            set(old.stop_words) - set(vocabulary.stop_words)
        )
        words = released | (set(vocabulary.words()) - set(old.words()))
        surfaces = {
            s
            for word in released
            for key in term_forms(word)
            for s in self.analyzer.surface_forms(key)
        }
        # A feed whose question changed is read again whole: any of its answers may lean
        # otherwise.
        feeds = {
            feed
            for feed in set(old.answers) | set(vocabulary.answers)
            if old.answers.get(feed) != vocabulary.answers.get(feed)
        }
        with self.store.transaction():
            count = reanalyze(
                self.store, affected, words=words | surfaces, analysis=self, feeds=feeds
            )
            self._record(vocabulary)
        log.info("re-analysed %d stored items the word lists affect", count)
        return count

    def recorded_vocabulary(self) -> Vocabulary | None:
        """Return the vocabulary the stored mentions were made with, or None if unknown."""
        version = self.store.get_meta(META_VOCABULARY)
        if version is None:
            return None
        found = Vocabulary.from_json(self.store.get_meta(META_VOCABULARY_LISTS))
        return found if found is not None and found.version == version else None

    def _record(self, vocabulary: Vocabulary) -> None:
        """Record the vocabulary the stored mentions follow (its digest and its lists)."""
        with self.store.transaction():
            self.store.set_meta(META_VOCABULARY, vocabulary.version)
            self.store.set_meta(META_VOCABULARY_LISTS, vocabulary.to_json())

    def _replay(self, vocabulary: Vocabulary) -> int:
        """Forget what was learned and analyse every visible stored item again, as a fresh
        sync with ``vocabulary`` would; return how many (call it inside a transaction)."""
        store = self.store
        # The installation's kind model stays: it was learned from people's labels, not
        # from the lists.
        local = self.analyzer.local_kinds
        self.analyzer = Analyzer(vocabulary, names=self._staff)
        self.analyzer.set_local_kinds(local)
        self.labels = TermLabels()
        self.analyzer.aliases = self.labels.merged
        # Listed inside the transaction: a sync page analysed with the old lists and
        # committed before it began is among them, and none can commit meanwhile.
        ids = store.visible_ids()
        self._replayed = set()
        try:
            for start in range(0, len(ids), REPLAY_PAGE):
                self._analyze_ids(ids[start : start + REPLAY_PAGE], learn=True)
        finally:
            self._replayed = None
        # Saved even where nothing was learned: what the old lists taught must not come back
        # at the next start.
        self._save(META_PHRASES, self.analyzer.phrases.phrases_json())
        self._save(META_MERGED, self.labels.merged_json())
        surfaces = self.analyzer.surfaces
        surfaces.multilingual_changed = False
        store.set_meta(META_FORMS, json.dumps(surfaces.multilingual(), ensure_ascii=False))
        return len(ids)

    def _claim_stored_labels(self) -> None:
        """Take the labels of the stored terms as shown, merging terms stored with the same
        label (a store analysed before terms were merged)."""
        stored = dict(self.store.mentioned_labels())
        if stored:
            self._merge_alike(stored)

    def _merge_alike(self, labels: dict[str, str]) -> dict[str, str]:
        """Record the labels terms are stored with; merge in the store the terms that read
        as another does (``kiosk.analysis.labels``); return the terms merged, each with the
        term it went into."""
        analyzer = self.analyzer
        # Decided after taking in what another process merged, in the transaction that saves
        # it: two processes merging one pair opposite ways would each keep writing their own
        # key, and the word would show twice (helper-54).
        with self.store.transaction():
            self._adopt_merged()
            merged = self.labels.claim(
                labels, analyzer.surfaces, analyzer.label, analyzer.vocabulary.targets
            )
            if merged:
                kept = {key: self.labels.label(key) for key in dict.fromkeys(merged.values())}
                self.store.merge_terms(merged, kept)
                self._save(META_MERGED, self.labels.merged_json())
        if merged:
            log.info(
                "merged %d terms into terms written alike (%s)",
                len(merged),
                ", ".join(f"{k} into {v}" for k, v in list(merged.items())[:5]),
            )
        return merged

    def forms(self, key: str) -> dict[str, set[str]]:
        """Return the languages and written forms a term gathers (see ``Analyzer.forms``)."""
        return self.analyzer.forms(key)

    def labelled_examples(self, days: int = 365) -> list[tuple[str, Kind, str]]:
        """Return (text, kind, language) of the stored items whose kind a source stated or a
        person corrected, from the last ``days`` days (read on the caller's thread)."""
        latest = self.store.latest_created()
        if latest is None:
            return []
        rows = self.store.feedback_between(since=latest - timedelta(days=days))
        # A person's correction is the surest label there is: it stands in for the source's.
        # A rated item whose words ask for something shows the classifier's idea, and teaches
        # nothing: its stars say how pleased the customer is, not that they did not ask.
        items = []
        for row in rows:
            kind, source = row.kind_and_source
            if row.withdrawn or source is KindSource.INFERRED:
                continue
            fb = row.feedback
            items.append(
                fb if source is fb.kind_source else replace(fb, kind=kind, kind_source=source)
            )
        return labelled_examples(items)

    def learn_kinds(self, examples: Sequence[tuple[str, Kind, str]] | None = None) -> bool:
        """Fit the local kind model from labelled items and use it for what is analysed next;
        return whether there were enough to learn from.

        Call it on a worker (it reads the store, then fits for up to a second or so). Items
        analysed before keep their kinds until they are re-analysed (``reanalyze_kinds``).
        """
        found = self.labelled_examples() if examples is None else list(examples)
        local = fit_local_kinds(found)
        self.analyzer.set_local_kinds(local)
        return local is not None

    def reanalyze_kinds(self, batch: int = 2000) -> int:
        """Re-analyse every stored item whose kind the analysis inferred (after the local
        model changed); return how many."""
        ids = [
            row.id
            for row in self.store.feedback_between(since=None)
            if not row.withdrawn and not is_labelled(row.feedback)
        ]
        with self.store.transaction():
            for start in range(0, len(ids), batch):
                self._analyze_ids(ids[start : start + batch], learn=False)
        return len(ids)

    def catch_up(self, batch: int = 5000) -> int:
        """Analyse stored items that have no mentions yet (after an import); return how many."""
        done = 0
        seen: set[int] = set()
        while True:
            ids = [i for i in self.store.unanalysed_ids(batch) if i not in seen]
            if not ids:
                return done
            seen.update(ids)
            with self.store.transaction():
                done += self._analyze_ids(ids, learn=True)

    def _adopt_saved(self) -> set[tuple[str, str]]:
        """Take in the phrases and merged terms another process analysing this store saved
        since this one last read or wrote them; return the phrases new here (call it inside
        the transaction that saves this one's).

        A kiosk and a scheduled ``sync --once`` (or a wall and a desk) on one data folder each
        learn: each saved what it knew over the other's, and a term merged by one showed twice
        in the other's next items (helper-53).
        """
        store = self.store
        new: set[tuple[str, str]] = set()
        text = store.get_meta(META_PHRASES)
        if text != self._seen[META_PHRASES]:
            phrases = self.analyzer.phrases
            before = set(phrases.phrases)
            phrases.load_phrases_json(text)
            new = phrases.phrases - before
            self._seen[META_PHRASES] = text
        self._adopt_merged()
        return new

    def _adopt_merged(self) -> None:
        """Merge the terms another process merged since this one last read or wrote them."""
        text = self.store.get_meta(META_MERGED)
        if text == self._seen[META_MERGED]:
            return
        adopted = self.labels.adopt(parse_merged(text), self.analyzer.surfaces)
        if adopted:
            # This one's mentions of them since (the other moved its own already); their
            # labels are the ones the other process gave them.
            self.store.merge_terms(adopted, {})
            log.info("took in %d terms another process merged", len(adopted))
        self._seen[META_MERGED] = text

    def _save(self, key: str, text: str) -> None:
        self.store.set_meta(key, text)
        self._seen[key] = text

    def _analyze_ids(self, ids: Sequence[int], *, learn: bool) -> int:
        store = self.store
        adopted: set[tuple[str, str]] = set()
        if self._replayed is not None:
            self._replayed.update(ids)
        else:
            # (A replay learns everything again, as a fresh sync: it takes in nothing.)
            adopted = self._adopt_saved()
        rows = store.feedback_by_ids(ids)
        live = [r for r in rows if not r.withdrawn]
        new_names: set[str] = set()
        new_staff = False
        for row in live:
            names = Analyzer.record_names(row.feedback)
            new_names |= self.analyzer.add_names(names)
            response = row.feedback.response
            if response is not None and response.by in names:
                new_staff = self._add_staff(response.by) or new_staff
        analyses, promoted = self.analyzer.read_batch([r.feedback for r in live], learn=learn)
        found: dict[int, Sequence[MentionRecord]] = {
            row.id: a.mentions for row, a in zip(live, analyses, strict=True)
        }
        found.update({r.id: [] for r in rows if r.withdrawn})
        # The item's own kind and language go beside its mentions: the header counts each
        # customer by their latest item's kind, and a person slices by language.
        kinds = {row.id: (a.kind, a.kind_confidence) for row, a in zip(live, analyses, strict=True)}
        languages = {
            row.id: a.language
            for row, a in zip(live, analyses, strict=True)
            if row.feedback.language is None and a.language != UNDETERMINED
        }
        # A term written as another already is becomes that term, in these items and in
        # those stored before.
        merged = self._merge_alike({m.term_key: m.term_label for ms in found.values() for m in ms})
        if merged:
            found = _renamed(found, merged, self.labels.label)
        store.replace_mentions(found, kinds, languages)
        if promoted:
            self._save(META_PHRASES, self.analyzer.phrases.phrases_json())
        # The other process redid its items for its phrases; this one's since are redone here.
        promoted |= adopted
        surfaces = self.analyzer.surfaces
        if surfaces.multilingual_changed:
            surfaces.multilingual_changed = False
            store.set_meta(META_FORMS, json.dumps(surfaces.multilingual(), ensure_ascii=False))
        if new_staff:
            store.set_meta(META_NAMES, json.dumps(sorted(self._staff), ensure_ascii=False))
        # A new phrase or name changes how items analysed earlier read: redo those, and only
        # those (an item needs both words of a phrase for the phrase to change it).
        stale: set[int] = set()
        aliases = self.labels.merged
        for name in new_names:
            stale.update(store.term_feedback_ids(aliases.get(name, name), *_ALL_DAYS))
        for pair in promoted:
            stale |= self._items_with_both(pair)
        stale -= set(found)
        # A hashtag run together, or a word another language takes for a verb, is read as
        # a phrase's English words only once the phrase is learned: in a text of another
        # language, this batch's too (#nexusprime, "me encanta ice cream sandwich").
        learned = [pair for pair in promoted if pair in self.analyzer.phrases.phrases]
        if learned:
            stale |= self._items_tagged(learned)
            stale |= _other_languages_with(learned, live, analyses, self.analyzer.surface_forms)
        if self._replayed is not None:
            # As in a fresh sync, where the items after these are not stored yet.
            stale &= self._replayed
        if stale:
            ordered = sorted(stale)
            for start in range(0, len(ordered), 2000):
                self._analyze_ids(ordered[start : start + 2000], learn=False)
            log.info("re-analysed %d items for new phrases or names", len(ordered))
        return len(rows)

    def _items_with_both(self, pair: tuple[str, str]) -> set[int]:
        """Return the ids of stored items that mention both words of a phrase (for a phrase
        of three words, kept as a phrase and a word, every reading of the three)."""
        if " " in pair[0]:
            first, second = pair[0].split(" ", 1)
            return (
                self._items_with_all(pair)
                | self._items_with_all((first, f"{second} {pair[1]}"))
                | self._items_with_all((first, second, pair[1]))
            )
        return self._items_with_all(pair)

    def _items_tagged(self, pairs: Iterable[tuple[str, str]]) -> set[int]:
        """Return the ids of stored items with a hashtag of a phrase's words run together,
        read as one word (#nexusprime in a French tweet)."""
        found: set[int] = set()
        for pair in pairs:
            joined = (pair[0] + pair[1]).replace(" ", "")
            ids = self.store.term_feedback_ids(joined, *_ALL_DAYS)
            if ids:
                # Only hashtags: "username" written as a word is one in any language.
                tag = "#" + joined
                rows = self.store.feedback_by_ids(ids)
                found.update(r.id for r in rows if tag in r.feedback.text.casefold())
        return found

    def _items_with_all(self, words: tuple[str, ...]) -> set[int]:
        """Return the ids of stored items that mention every one of these terms."""
        store = self.store
        found: set[int] | None = None
        for word in words:
            ids = set(store.term_feedback_ids(self.labels.merged.get(word, word), *_ALL_DAYS))
            if not ids:
                # A problem word ("late") is no term of its own: find it in the text.
                forms = self.analyzer.surface_forms(word) or {word}
                ids = {i for form in forms for i in store.search_ids(form)}
            found = ids if found is None else found & ids
            if not found:
                return set()
        return found or set()

    def _saved_names(self) -> list[str]:
        return [n for n in saved_list(self.store.get_meta(META_NAMES)) if isinstance(n, str)]

    def _add_staff(self, name: str) -> bool:
        """Remember a responder's name for the next start; return whether it was new."""
        if name in self._staff:
            return False
        self._staff.add(name)
        return True

    def _warm_up(self) -> None:
        latest = self.store.latest_created()
        if latest is None:
            return
        items = []
        for row in self.store.feedback_between(since=latest - timedelta(days=_WARM_UP_DAYS)):
            items.append(row.feedback)
            # Customers' names come back from their records; only staff names are saved.
            self.analyzer.add_names(Analyzer.record_names(row.feedback))
            if len(items) >= _WARM_UP_ITEMS:
                break
        self.analyzer.learn(items)


def reanalyze(
    store: Store,
    affected_terms: Iterable[str],
    *,
    words: Iterable[str] = (),
    analysis: StoreAnalysis | None = None,
    exclude: set[int] | None = None,
    feeds: Iterable[str] = (),
) -> int:
    """Re-analyse only the items a change touches: those mentioning an affected term, those
    whose text contains one of ``words``, and every item of ``feeds``; return how many.

    Args:
        store: the store to update.
        affected_terms: term keys whose analysis changed (blocked, merged, now a phrase...).
        words: words to look for in the text (a word just un-blocked has no mentions).
        analysis: the store's analysis (a fresh one without vocabulary when None).
        exclude: ids already analysed in this pass.
        feeds: feeds whose items all read otherwise now (the question they answer changed).
    """
    analysis = analysis or _default(store)
    ids: set[int] = set()
    for feed in feeds:
        ids.update(store.visible_ids(feed))
    for key in affected_terms:
        ids.update(store.term_feedback_ids(key, *_ALL_DAYS))
    for word in words:
        for w in word.split():
            ids.update(store.search_ids(w))
    if exclude:
        ids -= exclude
    if not ids:
        return 0
    ordered = sorted(ids)
    with store.transaction():
        for start in range(0, len(ordered), 2000):
            analysis._analyze_ids(ordered[start : start + 2000], learn=False)
    log.info("re-analysed %d items after a vocabulary, phrase or name change", len(ordered))
    return len(ordered)


def _other_languages_with(
    pairs: Sequence[tuple[str, str]],
    rows: Sequence[FeedbackRow],
    analyses: Sequence[Analysis],
    forms: Callable[[str], set[str]],
) -> set[int]:
    """Return the ids of the rows in a language other than English that hold every word of
    one of the phrases, each written as a word (in any form read so far) or inside a hashtag
    (#nexusprime).

    Only such a text can read otherwise once the phrase is learned, and each text read again
    for nothing costs a sync its time: "ice" of a learned "ice cream" is not in "service",
    and a Spanish tweet naming Google is not about "google play".
    """
    phrases = [tuple(word for part in pair for word in part.split()) for pair in pairs]
    written = {
        word: frozenset({word} | {form.casefold() for form in forms(word)})
        for phrase in phrases
        for word in phrase
    }
    found: set[int] = set()
    for row, analysis in zip(rows, analyses, strict=True):
        if analysis.language in ("en", UNDETERMINED):
            continue
        text = row.feedback.text.casefold()
        tokens = set(_TOKEN.findall(text))
        tags = [token for token in tokens if token[0] == "#"]
        if any(all(_holds(written[word], text, tokens, tags) for word in p) for p in phrases):
            found.add(row.id)
    return found


def _holds(forms: frozenset[str], text: str, tokens: set[str], tags: list[str]) -> bool:
    """Return whether a text holds one of a word's forms, as a token or inside a hashtag."""
    return any(
        form in tokens
        or any(form in tag for tag in tags)
        # A form with a hyphen or an apostrophe is no single token.
        or (not form.isalnum() and form in text)
        for form in forms
    )


def _renamed(
    found: dict[int, Sequence[MentionRecord]],
    merged: dict[str, str],
    label: Callable[[str], str],
) -> dict[int, Sequence[MentionRecord]]:
    """Return the mentions with the merged terms' made as the terms they went into, and
    those terms' labelled as they read now."""
    kept = {key: label(key) for key in dict.fromkeys(merged.values())}
    result: dict[int, Sequence[MentionRecord]] = {}
    for fid, ms in found.items():
        if any(m.term_key in merged or m.term_key in kept for m in ms):
            renamed = []
            for m in ms:
                key = merged.get(m.term_key, m.term_key)
                text = kept.get(key)
                if text is not None:
                    m = MentionRecord(key, text, m.kind, m.confidence, m.start, m.end)
                renamed.append(m)
            ms = renamed
        result[fid] = ms
    return result


def analysis_version() -> str:
    """Return the version of the analysis: ``ANALYSIS_VERSION`` and the kind model's digest."""
    return f"{ANALYSIS_VERSION}:{model_digest()}"


def analysis_outdated(store: Store) -> bool:
    """Whether a store's mentions were read by another version of the analysis (an upgrade
    reads them again when the store's analysis is built); reads one meta row, so a start-up
    can ask on the UI thread."""
    return store.get_meta(META_ANALYSIS) != analysis_version()


def vocabulary_outdated(store: Store, vocabulary: Vocabulary) -> bool:
    """Whether a store's mentions may follow another vocabulary than ``vocabulary``; reads
    one meta row, so a start-up can ask on the UI thread."""
    recorded = store.get_meta(META_VOCABULARY)
    if recorded is None:
        # Lists never changed in the settings dialog (it records them) and none configured:
        # the store followed no lists, as it does now. With lists, what it followed is not
        # known (they may have been edited by hand).
        return any(vocabulary.words())
    return recorded != vocabulary.version


def _nothing_analysed(store: Store) -> bool:
    """Whether no visible stored item has been analysed yet (a new store, an import)."""
    total = store.count()
    return total == 0 or len(store.unanalysed_ids(total)) == total


def merged_into(store: Store, key: str) -> str:
    """Return the term a key now counts as: the one it was merged into because customers write
    them alike (``kiosk.analysis.labels``), else the key. A view shared, or a link made, before
    the merge ("open=googeln") opens the word it became, not an empty one."""
    text = store.get_meta(META_MERGED)
    if not text or key not in text:
        return key
    return parse_merged(text).get(key, key)


def stored_forms(store: Store) -> dict[str, dict[str, list[str]]]:
    """Return the terms the analysis has seen in several languages, as the last sync saved
    them: term key -> language -> its most common written forms (at most five), e.g.
    ``{"refund": {"de": ["Rückerstattung"], "en": ["refund", "refunds"], "es": ["reembolso"]}}``.

    Saved in store meta with every batch that met a new form, for the 500 most used such
    terms; readable from any thread with the store (the card of a word says what it gathers).
    """
    return {
        str(key): {str(lang): [str(f) for f in forms] for lang, forms in langs.items()}
        for key, langs in saved_dict(store.get_meta(META_FORMS)).items()
        if isinstance(langs, dict)
    }


_DEFAULTS: weakref.WeakKeyDictionary[Store, StoreAnalysis] = weakref.WeakKeyDictionary()


def _default(store: Store) -> StoreAnalysis:
    found = _DEFAULTS.get(store)
    if found is None:
        found = _DEFAULTS[store] = StoreAnalysis(store)
    return found


def analyze_into(
    store: Store,
    result_or_ids: UpsertResult | Iterable[int],
    analysis: StoreAnalysis | None = None,
) -> int:
    """Analyse new and changed items of a store; usable in ``Store.upsert(after=...)`` with
    ``functools.partial(analyze_into, store)``. Returns how many items were analysed."""
    return (analysis or _default(store)).analyze_into(result_or_ids)
