"""What customers say: terms, phrases and the kind of every mention, in several languages.

Core layer: no Qt, no network. ``Analyzer`` is pure (feedback in, mentions out);
``StoreAnalysis`` keeps a store's mentions and rollups in step with its feedback.
"""

from kiosk.analysis.analyzer import MAX_TEXT_CHARS, Analysis, Analyzer, ClauseResult
from kiosk.analysis.language import detect_language
from kiosk.analysis.phrases import PhraseModel
from kiosk.analysis.pipeline import StoreAnalysis, analyze_into, reanalyze, stored_forms
from kiosk.analysis.profanity import is_profane, mask_profanity
from kiosk.analysis.vocabulary import Vocabulary

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
    "is_profane",
    "mask_profanity",
    "reanalyze",
    "stored_forms",
]
