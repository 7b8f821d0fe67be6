"""What customers say: terms, phrases and the kind of every mention, in several languages.

Core layer: no Qt, no network. ``Analyzer`` is pure (feedback in, mentions out);
``StoreAnalysis`` keeps a store's mentions in step with its feedback.

The rooms: ``analyzer`` (one item: words, phrases, mentions), ``words`` (what a word is: the
named rules, ``why_not``), ``lemmas`` (dictionary forms), ``lexicon`` (each language's data
files), ``spelling``, ``surfaces`` (how terms are written, labels, forms per language),
``hashtags``, ``copies`` (retweets and copies), ``text`` (clauses, tokens, addresses),
``language`` (which language), ``kinds`` (the learned model), ``sentiment`` (clause kinds),
``resolution`` (mention kinds from clause kinds), ``learning`` (this installation's model),
``phrases``, ``vocabulary`` (the admin's lists, display language), ``pipeline`` (the store).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kiosk.analysis.analyzer import MAX_TEXT_CHARS, Analysis, Analyzer, ClauseResult
from kiosk.analysis.language import detect_language
from kiosk.analysis.phrases import PhraseModel
from kiosk.analysis.profanity import is_profane, mask_profanity
from kiosk.analysis.vocabulary import Vocabulary

if TYPE_CHECKING:
    from kiosk.analysis.pipeline import StoreAnalysis, analyze_into, reanalyze, stored_forms

# The store side loads on first use: analysing text needs no database (nor its imports, a
# tenth of a second at every start of a process that only reads text).
_PIPELINE = frozenset(["StoreAnalysis", "analyze_into", "reanalyze", "stored_forms"])

__all__ = [
    "MAX_TEXT_CHARS",
    "Analysis",
    "Analyzer",
    "ClauseResult",
    "PhraseModel",
    "StoreAnalysis",
    "Vocabulary",
    "analyze_into",
    "detect_language",
    "is_compiled",
    "is_profane",
    "mask_profanity",
    "reanalyze",
    "stored_forms",
]


def is_compiled() -> bool:
    """Whether this analysis runs compiled by mypyc (the bundle, see setup.py), not from its
    .py files."""
    from kiosk.analysis import analyzer

    return not analyzer.__file__.endswith(".py")


def __getattr__(name: str) -> Any:
    if name in _PIPELINE:
        from kiosk.analysis import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
