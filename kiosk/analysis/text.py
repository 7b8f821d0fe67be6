"""Cut feedback text into clauses and tokens, with spans into the original text.

Spans always index the text exactly as the customer wrote it (drill-down highlights them), so
normalisation (NFKC, case, quotes, repeated letters) is applied per token, never to the whole
text before cutting it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import NamedTuple

__all__ = [
    "Clause",
    "clauses",
    "excluded_spans",
    "junk_reason",
    "normalize_token",
    "tokens",
]

# A word, with inner apostrophes and hyphens ("can't", "l'appli", "follow-up").
_TOKEN = re.compile(r"\w+(?:['’‘ʼ\-]\w+)*")
# Contact details and links: never terms, and their parts must not become terms either.
_EXCLUDED = re.compile(
    r"""(?:https?://|www\.)\S+
      | [\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+
      | (?<![\w@])@\w+
      | \b[\w\-]+\.(?:com|org|net|co\.uk|de|fr|es|io)\b(?:/\S*)?""",
    re.VERBOSE | re.IGNORECASE,
)
_SENTENCE_END = r"[.!?;…。！？]+(?=\s|$|[\"'”’)])|\n+|\s[-–—]\s"
_CONTRAST = (
    r"but|however|although|though|whereas|except|sadly|unfortunately|shame|"
    r"mais|cependant|pourtant|toutefois|par contre|malheureusement|"
    r"aber|jedoch|allerdings|trotzdem|leider|"
    r"pero|sin embargo|aunque|lamentablemente|"
    r"sondern|sino"
)
_BREAKS = re.compile(
    rf"(?P<end>{_SENTENCE_END})|(?P<comma>[,:()]+)|(?P<contrast>\b(?:{_CONTRAST})\b)",
    re.IGNORECASE,
)
# The same breaks as _SENTENCE_END and commas, found by a plain character scan (much faster
# than the lookahead) and checked in Python.
_BREAK_CHARS = re.compile(r"[.!?;…。！？]+|[,:()]+|\n+|\s[-–—]\s")
_ENDERS_CHARS = frozenset(".!?;…。！？")
_AFTER_END = frozenset(" \t\r\n\"'”’)\u00a0")
_CONTRAST_WORDS = frozenset(w for w in _CONTRAST.split("|") if " " not in w)
_CONTRAST_PAIRS = frozenset(tuple(w.split()) for w in _CONTRAST.split("|") if " " in w)
_CONTRAST_HEADS = _CONTRAST_WORDS | {a for a, _ in _CONTRAST_PAIRS}
# Customers use a few thousand distinct words; normalising each once is enough.
_NORMALIZED: dict[str, str] = {}
_REPEAT3 = re.compile(r"(\w)\1{2,}")
_MAYBE_EXCLUDED = re.compile(r"@|://|www\.|\.(?:com|org|net|co\.uk|de|fr|es|io)\b", re.I)
_WHITESPACE = str.maketrans("\t\n\r", "   ")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})


class Clause(NamedTuple):
    """A stretch of text that carries one kind; ``sentence`` numbers the sentence it is in.

    ``joined`` says whether it may take the kind of its neighbour in the sentence (a comma
    joins, "but" does not); ``contrast`` whether it opens with "but", "although" and the like.
    """

    start: int
    end: int
    sentence: int
    joined: bool
    contrast: bool = False


def clauses(
    text: str, starts: Sequence[int] | None = None, words: Sequence[str] | None = None
) -> list[Clause]:
    """Return the clauses of a text in order, covering it from start to end.

    Args:
        text: the text.
        starts: where its words start, when the caller has them already, with
        words: the words, case-folded; finding "but" among them is cheaper than searching
            the text for it again.
    """
    if words is None or starts is None:
        events = [
            (m.start() if m.lastgroup == "contrast" else m.end(), m.lastgroup or "")
            for m in _BREAKS.finditer(text)
        ]
    else:
        events = []
        for m in _BREAK_CHARS.finditer(text):
            mark = m.group()
            end = m.end()
            if mark[0] in ",:()":
                events.append((end, "comma"))
            elif mark[0] in _ENDERS_CHARS and end < len(text) and text[end] not in _AFTER_END:
                continue  # "3.5", "e.g": a full stop inside a word or number
            else:
                events.append((end, "end"))
        if not _CONTRAST_HEADS.isdisjoint(words):
            for i, word in enumerate(words):
                if word in _CONTRAST_WORDS or (
                    i + 1 < len(words) and (word, words[i + 1]) in _CONTRAST_PAIRS
                ):
                    events.append((starts[i], "contrast"))
            events.sort()
    result: list[Clause] = []
    start = 0
    sentence = 0
    joined = False
    contrast = False
    for cut, kind in events:
        if cut > start and text[start:cut].strip():
            result.append(Clause(start, cut, sentence, joined, contrast))
            start = cut
            contrast = False
        if kind == "end":
            sentence += 1
            joined = False
            contrast = False
        elif kind == "contrast":
            joined = False
            contrast = True
        else:
            joined = kind == "comma" and not contrast
    if start < len(text) and text[start:].strip():
        result.append(Clause(start, len(text), sentence, joined, contrast))
    return result


def excluded_spans(text: str) -> list[tuple[int, int]]:
    """Return the spans of URLs, e-mail addresses, web addresses and @handles."""
    if _MAYBE_EXCLUDED.search(text) is None:
        return []
    return [m.span() for m in _EXCLUDED.finditer(text)]


def tokens(text: str) -> list[re.Match[str]]:
    """Return the word matches of a text."""
    return list(_TOKEN.finditer(text))


def normalize_token(raw: str) -> str:
    """Return a token in comparable form: NFKC, case-folded, plain apostrophes, no stretching.

    Letters repeated three times or more ("sooo", "loooove") are cut to two; callers that know
    the language try one as well ("goood" -> "good" but "loove" -> "love").
    """
    found = _NORMALIZED.get(raw)
    if found is not None:
        return found
    token = raw if raw.isascii() else unicodedata.normalize("NFKC", raw).translate(_APOSTROPHES)
    token = token.casefold()
    if _REPEAT3.search(token):
        token = _REPEAT3.sub(r"\1\1", token)
    if len(_NORMALIZED) >= 500_000:
        _NORMALIZED.clear()
    _NORMALIZED[raw] = token
    return token


def junk_reason(text: str) -> str | None:
    """Return why a text is not worth analysing (no words, binary junk), or None."""
    if not text.strip():
        return "empty text"
    sample = text[:4000]
    if sample.isprintable() or sample.translate(_WHITESPACE).isprintable():
        # No control or unassigned characters: only words can be missing.
        if any(ch.isalpha() for ch in sample):
            return None
        return "no words (only symbols, numbers or emoji)"
    odd = 0
    letters = 0
    for ch in sample:
        if ch.isalpha():
            letters += 1
        elif ch in "\t\n\r":
            continue
        else:
            cat = unicodedata.category(ch)
            if cat in ("Cc", "Cs", "Co", "Cn") or ch == "\ufffd":
                odd += 1
    if letters == 0:
        return "no words (only symbols, numbers or emoji)"
    if odd > 0.1 * len(sample):
        return f"looks like binary data ({odd} control or invalid characters in {len(sample)})"
    return None
