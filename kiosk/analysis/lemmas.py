"""Dictionary forms of words: "deliveries" -> "delivery", and whether a word is known at all."""

from __future__ import annotations

import simplemma

__all__ = ["is_known", "lemmatize"]


def lemmatize(word: str, language: str) -> str:
    """Return the dictionary form of a case-folded word (the word itself when unknown)."""
    return simplemma.lemmatize(word, lang=language).casefold()


def is_known(word: str, language: str) -> bool:
    """Whether a case-folded word is in the language's dictionary."""
    return bool(simplemma.is_known(word, lang=language))
