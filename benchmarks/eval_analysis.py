"""Measure the analysis against our labelled evaluation set, next to a VADER-alone baseline.

Run: ``.venv/bin/python benchmarks/eval_analysis.py [--set PATH] [--errors]``

The set (``benchmarks/data/eval_analysis.jsonl``) was written by us: each item has its text,
the kind a source gave (if any), the kind a person gives each sentence or clause, and the key
terms a person would pick (alternatives separated, e.g. ``["late delivery", "delivery"]``).

Kinds are scored per labelled segment: the analyser's kind for a segment is the kind of the
clauses covering most of its characters. Terms are scored per item: a predicted term is right
when its key or label matches one of the expected alternatives. A person's term in French,
German or Spanish that names one of our cross-language concepts ("Lieferung") also accepts the
concept's term ("delivery"), which is what the analyser gathers it under.

With ``--data DIR`` (the public files of ``training/DATA.md``) it also prints the public
development set, per source: item kinds (``Analysis.kind``, the vote of the item's clauses)
against VADER alone, macro-F1 over the kinds each source has, "unclassified" counted as a miss;
what the wall shows of each source read as one feed (``WallView``: the words of complaints
coloured compliment, and the most used words coloured against their customers); and the
held-out effect of learning from an installation's labelled items (Yelp sentences,
Apple tweets, German posts and Spanish tweets, never seen by the shipped model: half labelled,
the other half scored before and after).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import random
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from kiosk.analysis import Analysis, Analyzer
from kiosk.analysis.language import UNDETERMINED
from kiosk.analysis.lexicon import lexicon
from kiosk.analysis.text import normalize_token
from kiosk.model import Customer, Feedback, Kind, KindSource

EVAL_SET = Path(__file__).parent / "data" / "eval_analysis.jsonl"
KINDS = (Kind.COMPLIMENT, Kind.IDEA, Kind.COMPLAINT)


@dataclass(frozen=True)
class EvalItem:
    """One labelled item of the evaluation set."""

    id: str
    language: str
    given_kind: Kind | None
    text: str
    segments: tuple[tuple[str, Kind], ...]
    terms: tuple[tuple[str, ...], ...]

    def feedback(self) -> Feedback:
        """Return the item as a source would deliver it (no language: we detect it)."""
        given = self.given_kind or Kind.UNCLASSIFIED
        return Feedback(
            feed_id="eval",
            external_id=self.id,
            text=self.text,
            created_at=datetime(2026, 1, 1, tzinfo=UTC),
            customer=Customer(f"eval-{self.id}", "Sam Example"),
            kind=given,
            kind_source=KindSource.GIVEN,
        )


@dataclass
class Scores:
    """Counts behind the tables."""

    kind_pairs: list[tuple[Kind, Kind]] = field(default_factory=list)
    term_tp: int = 0
    term_fp: int = 0
    term_expected: int = 0
    term_found: int = 0
    wrong_terms: Counter[str] = field(default_factory=Counter)
    missed_terms: Counter[str] = field(default_factory=Counter)
    kind_errors: list[str] = field(default_factory=list)

    def per_class(self) -> dict[Kind, tuple[float, float, float, int]]:
        """Return precision, recall, F1 and support per kind."""
        result = {}
        for kind in (*KINDS, Kind.UNCLASSIFIED):
            tp = sum(1 for g, p in self.kind_pairs if g is kind and p is kind)
            fp = sum(1 for g, p in self.kind_pairs if g is not kind and p is kind)
            fn = sum(1 for g, p in self.kind_pairs if g is kind and p is not kind)
            prec = tp / (tp + fp) if tp + fp else 0.0
            rec = tp / (tp + fn) if tp + fn else 0.0
            f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
            result[kind] = (prec, rec, f1, tp + fn)
        return result

    @property
    def macro_f1(self) -> float:
        """Mean F1 over compliment, idea and complaint."""
        table = self.per_class()
        return sum(table[k][2] for k in KINDS) / len(KINDS)

    @property
    def term_precision(self) -> float:
        """Share of predicted terms a person would pick."""
        total = self.term_tp + self.term_fp
        return self.term_tp / total if total else 0.0

    @property
    def term_recall(self) -> float:
        """Share of the terms a person picked that were found."""
        return self.term_found / self.term_expected if self.term_expected else 0.0


def load_eval_set(path: Path = EVAL_SET) -> list[EvalItem]:
    """Read the labelled set."""
    items = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            doc = json.loads(line)
            items.append(
                EvalItem(
                    id=doc["id"],
                    language=doc["language"],
                    given_kind=Kind(doc["given_kind"]) if doc["given_kind"] else None,
                    text=doc["text"],
                    segments=tuple((s["text"], Kind(s["kind"])) for s in doc["segments"]),
                    terms=tuple(tuple(alts) for alts in doc["terms"]),
                )
            )
    return items


def _norm(term: str) -> str:
    return " ".join(normalize_token(w) for w in term.replace("-", " ").split())


def _kind_of_span(clauses: Iterable[tuple[int, int, Kind]], start: int, end: int) -> Kind:
    overlap: Counter[Kind] = Counter()
    for s, e, kind in clauses:
        n = min(e, end) - max(s, start)
        if n > 0:
            overlap[kind] += n
    if not overlap:
        return Kind.UNCLASSIFIED
    return overlap.most_common(1)[0][0]


KindPredictor = Callable[[EvalItem], list[tuple[int, int, Kind]]]
TermPredictor = Callable[[EvalItem], list[tuple[str, ...]]]


def score(items: Sequence[EvalItem], kinds: KindPredictor, terms: TermPredictor) -> Scores:
    """Score predicted clause kinds and terms against the labels."""
    scores = Scores()
    for item in items:
        clauses = kinds(item)
        for text, gold in item.segments:
            start = item.text.find(text)
            kind = _kind_of_span(clauses, start, start + len(text))
            scores.kind_pairs.append((gold, kind))
            if kind is not gold:
                scores.kind_errors.append(f"{item.id}: {text!r} gold={gold} got={kind}")
        concepts = lexicon(item.language).concepts
        expected = [
            {_norm(a) for a in alts}
            | {_norm(c) for a in alts if (c := concepts.get(" ".join(a.casefold().split())))}
            for alts in item.terms
        ]
        allowed = set().union(*expected) if expected else set()
        # A term is its key and its label (the same term, two spellings).
        predicted = [{_norm(form) for form in forms} for forms in terms(item)]
        for forms in predicted:
            if forms & allowed:
                scores.term_tp += 1
            else:
                scores.term_fp += 1
                scores.wrong_terms[sorted(forms)[0]] += 1
        scores.term_expected += len(expected)
        found = set().union(*predicted) if predicted else set()
        for alts in expected:
            if alts & found:
                scores.term_found += 1
            else:
                scores.missed_terms[sorted(alts)[0]] += 1
    return scores


def analyser_predictors(items: Sequence[EvalItem]) -> tuple[KindPredictor, TermPredictor]:
    """Return our analyser's predictions; phrases are learned from the set's own text first,
    as they are learned from a feed's own text in the product."""
    analyzer = Analyzer()
    analyzer.learn(item.feedback() for item in items)
    cache: dict[str, Any] = {}

    def explain(item: EvalItem) -> Any:
        if item.id not in cache:
            cache[item.id] = analyzer.explain(item.feedback())
        return cache[item.id]

    def kinds(item: EvalItem) -> list[tuple[int, int, Kind]]:
        return [(c.start, c.end, c.kind) for c in explain(item).clauses]

    def terms(item: EvalItem) -> list[tuple[str, ...]]:
        found = {m.term_key: (m.term_key, m.term_label) for m in explain(item).mentions}
        return list(found.values())

    return kinds, terms


def vader_predictors() -> tuple[KindPredictor, TermPredictor]:
    """Return the baseline: VADER's compound score for the whole text (its documented
    thresholds), and for terms every word not on wordcloud's stop-word list."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    from wordcloud import STOPWORDS

    vader = SentimentIntensityAnalyzer()

    def kinds(item: EvalItem) -> list[tuple[int, int, Kind]]:
        compound = vader.polarity_scores(item.text)["compound"]
        kind = Kind.UNCLASSIFIED
        if compound >= 0.05:
            kind = Kind.COMPLIMENT
        elif compound <= -0.05:
            kind = Kind.COMPLAINT
        return [(0, len(item.text), kind)]

    def terms(item: EvalItem) -> list[tuple[str, ...]]:
        words = (normalize_token(w.strip(".,!?;:'\"()")) for w in item.text.split())
        return [(w,) for w in {w for w in words if w.isalpha() and len(w) > 2} - STOPWORDS]

    return kinds, terms


def evaluate_analyser(items: Sequence[EvalItem] | None = None) -> Scores:
    """Score our analyser on the set (used by the floor test)."""
    items = items if items is not None else load_eval_set()
    return score(items, *analyser_predictors(items))


def _table(ours: Scores, base: Scores) -> str:
    lines = [
        f"{'kind':<14}{'ours P':>8}{'R':>7}{'F1':>7}   {'VADER P':>8}{'R':>7}{'F1':>7}"
        f"{'support':>9}"
    ]
    mine, theirs = ours.per_class(), base.per_class()
    for kind in (*KINDS, Kind.UNCLASSIFIED):
        p, r, f, n = mine[kind]
        bp, br, bf, _ = theirs[kind]
        lines.append(
            f"{kind.value:<14}{p:>8.3f}{r:>7.3f}{f:>7.3f}   {bp:>8.3f}{br:>7.3f}{bf:>7.3f}{n:>9}"
        )
    lines.append(f"{'macro-F1 (3 kinds)':<28}{ours.macro_f1:>7.3f}{'':>25}{base.macro_f1:>7.3f}")
    lines.append("")
    lines.append(f"{'terms':<14}{'ours':>8}{'baseline':>12}")
    lines.append(f"{'precision':<14}{ours.term_precision:>8.3f}{base.term_precision:>12.3f}")
    lines.append(f"{'recall':<14}{ours.term_recall:>8.3f}{base.term_recall:>12.3f}")
    return "\n".join(lines)


def _training_data() -> ModuleType:
    """Load ``training/data.py`` (the loader with the sha256 sums) by path."""
    return training_module("data", "kinds_training_data")


def training_module(stem: str, name: str) -> ModuleType:
    """Load ``training/<stem>.py`` by path as module ``name`` (training/ is no package)."""
    path = Path(__file__).resolve().parent.parent / "training" / f"{stem}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module


def item_f1(
    pairs: Sequence[tuple[str, str]], kinds: Sequence[str] = ("compliment", "idea", "complaint")
) -> dict[str, float]:
    """Return F1 per kind of ``kinds`` present in the gold labels (by default the three kinds:
    "unclassified" predicted is a miss)."""
    result = {}
    for kind in kinds:
        tp = sum(1 for g, p in pairs if g == kind and p == kind)
        fp = sum(1 for g, p in pairs if g != kind and p == kind)
        fn = sum(1 for g, p in pairs if g == kind and p != kind)
        if tp + fn == 0:
            continue
        result[kind] = _f1(tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn))
    return result


def _feedback(text: str, n: int, kind: Kind = Kind.UNCLASSIFIED) -> Feedback:
    return Feedback(
        feed_id="dev",
        external_id=str(n),
        text=text,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        customer=Customer(f"dev-{n}"),
        kind=kind,
        kind_source=KindSource.GIVEN,
    )


def _vader_kind(vader: Any, text: str) -> str:
    compound = vader.polarity_scores(text)["compound"]
    return (
        "compliment" if compound >= 0.05 else "complaint" if compound <= -0.05 else "unclassified"
    )


def dev_tables(folder: Path) -> None:
    """Print the public development set per source, ours against VADER alone."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    data = _training_data()
    loaded = data.load(folder)
    examples = [e for e in loaded if e.split in ("dev", "local")]
    neutral = [e for e in loaded if e.split == "neutral"]
    vader = SentimentIntensityAnalyzer()
    analyzer = Analyzer()
    # Each text's kind as we read it, for the suggestion table, and its reading, for the
    # wall's (read once).
    predicted: dict[tuple[str, str], str] = {}
    found_of: dict[tuple[str, str], Analysis] = {}
    by_source: dict[str, list[Any]] = {}
    for e in examples:
        by_source.setdefault(e.source, []).append(e)
    total = sum(len(v) for v in by_source.values())
    print(f"\npublic development set: {total} items from {len(by_source)} sources")
    print(
        f"{'source':<23}{'items':>6}  {'kinds':<41}{'ours F1 per kind':<44}{'ours':>6}"
        f"{'VADER':>7}{'uncl.':>7}"
    )
    for source, items in by_source.items():
        ours, base = [], []
        for n, e in enumerate(items):
            found = analyzer.explain(_feedback(e.text, n))
            predicted[e.source, e.text] = found.kind.value
            found_of[e.source, e.text] = found
            ours.append((e.kind, found.kind.value))
            base.append((e.kind, _vader_kind(vader, e.text)))
        f, b = item_f1(ours), item_f1(base)
        kinds = ", ".join(f"{k} {sum(1 for x in items if x.kind == k)}" for k in f)
        per = " ".join(f"{k} {v:.3f}" for k, v in f.items())
        unclassified = sum(1 for _, p in ours if p == "unclassified")
        print(
            f"{source:<23}{len(items):>6}  {kinds:<41}{per:<44}"
            f"{sum(f.values()) / len(f):>6.3f}{sum(b.values()) / len(b):>7.3f}{unclassified:>7}"
        )
    if neutral:
        predicted.update(neutral_table(analyzer, vader, neutral, found_of))
    suggestion_table(examples + neutral, predicted)
    wall_table(examples + neutral, found_of, vader)
    aspect_table(data, folder, found_of, vader)
    unaccented_table(data, by_source)
    local_table(data, folder)


def without_accents(text: str) -> str:
    """Return a text as typed without its accents: every combining mark left out ("Très
    déçu" -> "Tres decu"; "ñ" and "ç" lose theirs too, as on a keyboard without them)."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def unaccented_table(data: ModuleType, by_source: dict[str, list[Any]]) -> None:
    """Print the French and Spanish sources read as written and with their accents taken out,
    as customers on a phone type them (the text stays public; the typing is ours)."""
    sources = [s for s in by_source if data.language_of(s) in ("fr", "es")]
    if not sources:
        return
    print("\nFrench and Spanish sources typed without accents (item macro-F1):")
    print(f"{'source':<23}{'items':>6}{'as written':>12}{'no accents':>12}")
    analyzer = Analyzer()
    for source in sources:
        items = by_source[source]
        f1s = []
        for typed in (lambda t: t, without_accents):
            pairs = [
                (e.kind, analyzer.explain(_feedback(typed(e.text), n)).kind.value)
                for n, e in enumerate(items)
            ]
            found = item_f1(pairs)
            f1s.append(sum(found.values()) / len(found))
        print(f"{source:<23}{len(items):>6}{f1s[0]:>12.3f}{f1s[1]:>12.3f}")


def suggestion_table(
    items: Sequence[Any], predicted: dict[tuple[str, str], str], rare: float = 0.1
) -> None:
    """Print idea precision, recall and F1 where ideas sit among every other text of their
    source (bug reports and questions beside feature requests), and the F1 they would have
    where only one text in ten is a suggestion (``rare``), as in a feedback forum's sentences:
    there an idea read into one plain text in four leaves a suggestion score no precision.
    ``predicted``: our kind of each (source, text)."""
    sources = {e.source for e in items if e.kind == "idea"}
    if not sources:
        return
    print(f"\nideas among every text of their source (and where 1 in {round(1 / rare)} is one):")
    print(f"{'source':<23}{'items':>6}{'P':>7}{'R':>7}{'F1':>7}{'false ideas':>13}{'F1 rare':>9}")
    for source in sorted(sources):
        found = [e for e in items if e.source == source]
        pairs = [(e.kind == "idea", predicted[e.source, e.text] == "idea") for e in found]
        ideas = sum(1 for gold, _ in pairs if gold)
        tp = sum(1 for gold, pred in pairs if gold and pred)
        fp = sum(1 for gold, pred in pairs if pred and not gold)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / ideas if ideas else 0.0
        false_rate = fp / (len(pairs) - ideas) if len(pairs) > ideas else 0.0
        # Recall and the false-idea rate do not depend on how rare ideas are; precision does.
        rare_prec = rec * rare / (rec * rare + false_rate * (1 - rare)) if rec else 0.0
        print(
            f"{source:<23}{len(found):>6}{prec:>7.3f}{rec:>7.3f}{_f1(prec, rec):>7.3f}"
            f"{false_rate:>13.1%}{_f1(rare_prec, rec):>9.3f}"
        )


def _f1(prec: float, rec: float) -> float:
    return 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def neutral_table(
    analyzer: Analyzer,
    vader: Any,
    items: Sequence[Any],
    found_of: dict[tuple[str, str], Analysis] | None = None,
) -> dict[tuple[str, str], str]:
    """Print how often texts that people read as having no kind get one from us, per source:
    an idea read into a plain statement or question costs the suggestion scores their
    precision, and shows orange on the wall. Returns our kind of each (source, text), and
    keeps each reading in ``found_of``."""
    predicted: dict[tuple[str, str], str] = {}
    by_source: dict[str, list[Any]] = {}
    for e in items:
        by_source.setdefault(e.source, []).append(e)
    print(f"\ntexts with no kind ({len(items)}), read as:")
    print(
        f"{'source':<23}{'items':>6}  {'':<6}{'compliment':>11}{'idea':>7}{'complaint':>10}"
        f"{'no kind':>9}"
    )
    for source, found in by_source.items():
        for n, e in enumerate(found):
            reading = analyzer.explain(_feedback(e.text, n))
            predicted[e.source, e.text] = reading.kind.value
            if found_of is not None:
                found_of[e.source, e.text] = reading
        ours = Counter(predicted[e.source, e.text] for e in found)
        base = Counter(_vader_kind(vader, e.text) for e in found)
        for name, counts in (("ours", ours), ("VADER", base)):
            shares = [counts[k] / len(found) for k in ("compliment", "idea", "complaint")]
            print(
                f"{source if name == 'ours' else '':<23}"
                f"{len(found) if name == 'ours' else '':>6}  {name:<6}{shares[0]:>11.1%}"
                f"{shares[1]:>7.1%}{shares[2]:>10.1%}{1 - sum(shares):>9.1%}"
            )
    return predicted


# The words of the wall judged: the most used words of a source, by customers.
WALL_WORDS = 40
# A word's customers who said what they meant (a label) before its colour is judged.
WALL_MIN_LABELLED = 3


@dataclass
class WallView:
    """What one source, read as one feed, puts on the wall, against what its people said.

    ``complaint_green``: of the words in items people labelled complaints, the share coloured
    compliment; ``compliment_red`` the reverse (the issue's own measure: "34% of the mentions
    inside negative tweets are coloured compliment"). ``against``: of the ``WALL_WORDS``
    words with most customers, those with ``WALL_MIN_LABELLED`` labelled customers or more,
    the ones coloured compliment where most of those customers complained, or the reverse;
    ``colours``: the colour of each word judged.
    """

    complaint_green: float
    compliment_red: float
    judged: int
    against: list[str]
    colours: dict[str, Kind] = field(default_factory=dict)


def wall_view(items: Sequence[tuple[Kind | None, Sequence[tuple[str, Kind]]]]) -> WallView:
    """Return what the wall shows for a feed of items.

    Each item is one customer: its label (None: people read no kind in it) and its words,
    (term key, kind) per mention. A customer counts once per word, with the most urgent kind
    of their mentions of it, as the store counts them (``kiosk.counts``), and a word's colour
    is ``dominant_kind``'s, the wall's own rule.
    """
    from kiosk.cloud.presentation import dominant_kind
    from kiosk.model import KINDS_BY_URGENCY
    from kiosk.values import TermStat

    urgency = {k: i for i, k in enumerate(KINDS_BY_URGENCY)}
    shown: dict[str, Counter[Kind]] = {}
    told: dict[str, Counter[Kind]] = {}
    opposite = {Kind.COMPLAINT: Kind.COMPLIMENT, Kind.COMPLIMENT: Kind.COMPLAINT}
    crossed = {Kind.COMPLAINT: 0, Kind.COMPLIMENT: 0}
    words = {Kind.COMPLAINT: 0, Kind.COMPLIMENT: 0}
    for label, mentions in items:
        own: dict[str, Kind] = {}
        for key, kind in mentions:
            if label in words:
                words[label] += 1
                crossed[label] += kind is opposite[label]
            was = own.get(key)
            if was is None or urgency[kind] < urgency[was]:
                own[key] = kind
        for key, kind in own.items():
            shown.setdefault(key, Counter())[kind] += 1
            if label is not None:
                told.setdefault(key, Counter())[label] += 1
    top = sorted(shown, key=lambda k: (-sum(shown[k].values()), k))[:WALL_WORDS]
    colours: dict[str, Kind] = {}
    against = []
    for key in top:
        labels = told.get(key, Counter())
        if sum(labels.values()) < WALL_MIN_LABELLED:
            continue
        counts = shown[key]
        stat = TermStat(key, key, sum(counts.values()), sum(counts.values()), dict(counts))
        colour = colours[key] = dominant_kind(stat)
        said = max(KINDS, key=lambda k: (labels[k], -urgency[k]))
        if opposite.get(said) is colour:
            against.append(key)
    return WallView(
        crossed[Kind.COMPLAINT] / max(words[Kind.COMPLAINT], 1),
        crossed[Kind.COMPLIMENT] / max(words[Kind.COMPLIMENT], 1),
        len(colours),
        against,
        colours,
    )


def wall_table(items: Sequence[Any], found_of: dict[tuple[str, str], Analysis], vader: Any) -> None:
    """Print what the wall shows of each source with compliments and complaints (see
    ``WallView``), ours against VADER: VADER's kind of the whole text given to each of our
    words in it, as an item-level reader would colour them."""
    by_source: dict[str, list[Any]] = {}
    for e in items:
        by_source.setdefault(e.source, []).append(e)
    print(
        f"\nwhat the wall shows, each source read as one feed (its texts with no kind too): the"
        f" words of complaints coloured compliment, and the reverse; of the {WALL_WORDS} words"
        f" with most customers, those coloured against what most of their labelled customers"
        f" said ({WALL_MIN_LABELLED} or more)"
    )
    print(
        f"{'source':<23}{'items':>6}  {'complaints green':>17}{'compliments red':>17}"
        f"{'words against':>15}   ours: which"
    )
    print(f"{'':<31}{'ours':>8}{'VADER':>8}{'ours':>9}{'VADER':>8}{'ours':>8}{'VADER':>7}")
    for source, found in by_source.items():
        kinds = {e.kind for e in found}
        if not {"compliment", "complaint"} <= kinds:
            continue
        ours, base = [], []
        for e in found:
            label = None if e.kind == "unclassified" else Kind(e.kind)
            mentions = found_of[e.source, e.text].mentions
            ours.append((label, [(m.term_key, m.kind) for m in mentions]))
            whole = Kind(_vader_kind(vader, e.text))
            base.append((label, [(m.term_key, whole) for m in mentions]))
        a, b = wall_view(ours), wall_view(base)
        print(
            f"{source:<23}{len(found):>6}  {a.complaint_green:>8.1%}{b.complaint_green:>8.1%}"
            f"{a.compliment_red:>9.1%}{b.compliment_red:>8.1%}"
            f"{len(a.against):>4}/{a.judged:<3}{len(b.against):>3}/{b.judged:<3}  "
            + ", ".join(a.against[:8])
        )


@dataclass
class AspectColours:
    """How the wall colours the words people judged one by one (SemEval's aspects, and the
    things listed under a review's "Pros:" and "Cons:").

    ``judged``: the words judged positive or negative; ``shown``: those our mentions cover;
    ``right``: of those, coloured as judged (compliment, complaint) by ours, by our item's
    kind given to every word of it, and by VADER's kind of the whole sentence; ``macro``: the
    same as macro-F1 over the two kinds, a word with no colour a miss.
    """

    judged: int = 0
    shown: int = 0
    right: dict[str, int] = field(default_factory=lambda: {"ours": 0, "item": 0, "vader": 0})
    pairs: dict[str, list[tuple[str, str]]] = field(
        default_factory=lambda: {"ours": [], "item": [], "vader": []}
    )

    def add(self, judged: str, colours: dict[str, str] | None) -> None:
        """Count one judged word and the colours it was shown in (None: not shown)."""
        self.judged += 1
        if colours is None:
            return
        self.shown += 1
        for reader, colour in colours.items():
            self.right[reader] += colour == judged
            self.pairs[reader].append((judged, colour))

    def macro(self, reader: str) -> float:
        """Macro-F1 of a reader's colours over compliment and complaint."""
        scores = item_f1(self.pairs[reader])
        kept = [scores[k] for k in ("compliment", "complaint") if k in scores]
        return sum(kept) / len(kept) if kept else 0.0


def aspect_colours(
    sentences: Sequence[tuple[str, Sequence[tuple[int, int, str]]]],
    reading: Callable[[str], Analysis],
    vader_kind: Callable[[str], str],
) -> AspectColours:
    """Return how the words people judged are coloured: each judged word is shown where one of
    our mentions overlaps it (the one overlapping most), in that mention's kind."""
    found = AspectColours()
    for text, judged in sentences:
        analysis = reading(text)
        item = analysis.kind.value
        whole = vader_kind(text)
        for start, end, kind in judged:
            best, overlap = None, 0
            for m in analysis.mentions:
                shared = min(end, m.end) - max(start, m.start)
                if shared > overlap:
                    best, overlap = m, shared
            found.add(
                kind,
                None if best is None else {"ours": best.kind.value, "item": item, "vader": whole},
            )
    return found


def aspect_table(
    data: ModuleType, folder: Path, found_of: dict[tuple[str, str], Analysis], vader: Any
) -> None:
    """Print how the words people judged one by one are coloured (``AspectColours``): ours,
    word by word, against our item's kind and VADER's kind of the sentence given to each."""
    print(
        "\nwords judged one by one (SemEval's aspects, positive or negative; the things a pros"
        " or cons list names, under its heading): how many the wall"
        " shows, and of those, coloured as judged"
    )
    print(
        f"{'source':<25}{'judged':>7}{'shown':>7}   {'right: ours':>11}{'item':>7}{'VADER':>7}"
        f"   {'macro-F1: ours':>14}{'item':>7}{'VADER':>7}"
    )
    analyzer = Analyzer()
    for name in data.ASPECT_SOURCES:
        sentences = data.aspects(folder, name)

        def reading(text: str, name: str = name) -> Analysis:
            found = found_of.get((name, text))
            return found if found is not None else analyzer.explain(_feedback(text, 0))

        a = aspect_colours(sentences, reading, lambda t: _vader_kind(vader, t))
        shown = max(a.shown, 1)
        print(
            f"{name:<25}{a.judged:>7}{a.shown / max(a.judged, 1):>7.0%}   "
            f"{a.right['ours'] / shown:>11.1%}{a.right['item'] / shown:>7.1%}"
            f"{a.right['vader'] / shown:>7.1%}   {a.macro('ours'):>14.3f}{a.macro('item'):>7.3f}"
            f"{a.macro('vader'):>7.3f}"
        )


def local_table(data: ModuleType, folder: Path) -> None:
    """Print the held-out effect of an installation's labelled items on the unlabelled ones.

    Sources the shipped models never trained on: Yelp sentences, the Apple tweets, German
    posts about Deutsche Bahn and the held half of the Spanish tweets to airlines (the other
    half trains the Spanish model). Half
    of each is the pool of labelled items, the other half is held out. Below the whole pool,
    each size is five random draws from it: the mean change of the held-out macro-F1 against
    no labels, and the worst draw.
    """
    print("\nlearning from labelled items (never in the shipped model's data): held-out macro-F1")
    for name, names, split in (
        ("yelp-sentences", {"yelp-sentences"}, "local"),
        ("apple-tweets", {"apple-tweets"}, "dev"),
        # German: no shipped model reads it; an installation's labels teach its own model in
        # any language.
        ("germeval17-db", {"germeval17-db"}, "dev"),
        ("airline-tweets-es-held", {"airline-tweets-es-held"}, "dev"),
    ):
        items = [e for e in data.load(folder, names) if e.split == split]
        pool = [e for e in items if data._half(e.text + "#local") == "train"]
        held = [e for e in items if data._half(e.text + "#local") != "train"]

        base = _held_out_f1(held, [])
        cells = []
        for count in (20, 50, 200, len(pool)):
            draws = (
                [pool]
                if count >= len(pool)
                else [random.Random(seed).sample(pool, count) for seed in range(5)]
            )
            changes = [_held_out_f1(held, d) - base for d in draws]
            worst = f" (worst {min(changes):+.3f})" if len(changes) > 1 else ""
            cells.append(f"{count}: {sum(changes) / len(changes):+.3f}{worst}")
        print(f"  {name}, {len(held)} held out, {base:.3f} with no labels")
        print("    " + "; ".join(cells))


def _held_out_f1(held: Sequence[Any], labelled: Sequence[Any]) -> float:
    """Return the macro-F1 on ``held`` of an analyser that learned from ``labelled``."""
    from kiosk.analysis.learning import fit_local_kinds, labelled_examples

    analyzer = Analyzer()
    if labelled:
        given = [_feedback(e.text, n, Kind(e.kind)) for n, e in enumerate(labelled)]
        # The store keeps the language the analysis detected in an item whose source gave
        # none, and the layer is fitted on it (``Pipeline.labelled_examples``); read without
        # one, German and Spanish labels were fitted as English words.
        detected = [analyzer.explain(fb).language for fb in given]
        given = [
            replace(fb, language=None if lang == UNDETERMINED else lang)
            for fb, lang in zip(given, detected, strict=True)
        ]
        analyzer.set_local_kinds(fit_local_kinds(labelled_examples(given)))
    pairs = [
        (e.kind, analyzer.explain(_feedback(e.text, n)).kind.value) for n, e in enumerate(held)
    ]
    f = item_f1(pairs)
    return sum(f.values()) / len(f)


def main(argv: list[str] | None = None) -> int:
    """Print the evaluation tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=EVAL_SET, help="labelled JSONL file")
    parser.add_argument("--errors", action="store_true", help="list the mistakes too")
    parser.add_argument("--data", type=Path, help="folder with the public files (DATA.md)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    items = load_eval_set(args.set)
    langs = Counter(i.language for i in items)
    segments = sum(len(i.segments) for i in items)
    print(f"evaluation set: {len(items)} items ({dict(langs)}), {segments} labelled segments")
    ours = evaluate_analyser(items)
    base = score(items, *vader_predictors())
    print(_table(ours, base))
    for lang in sorted(langs):
        subset = [i for i in items if i.language == lang]
        s = score(subset, *analyser_predictors(items))
        print(
            f"  {lang}: macro-F1 {s.macro_f1:.3f}, term precision {s.term_precision:.3f},"
            f" recall {s.term_recall:.3f}"
        )
    if args.data is not None:
        dev_tables(args.data)
    if args.errors:
        print("\nwrong terms:", ours.wrong_terms.most_common(60))
        print("\nmissed terms:", ours.missed_terms.most_common(60))
        print("\nkind errors:")
        for line in ours.kind_errors:
            print("  ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
