"""Cut feedback text into clauses and tokens, with spans into the original text.

Spans always index the text exactly as the customer wrote it (drill-down highlights them), so
normalisation (NFKC, case, quotes, repeated letters) is applied per token, never to the whole
text before cutting it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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
# Customers use a few thousand distinct words; normalising each once is enough.
_NORMALIZED: dict[str, str] = {}
_REPEAT3 = re.compile(r"(\w)\1{2,}")
_TLDS = (".com", ".org", ".net", ".co.uk", ".de", ".fr", ".es", ".io")
_WHITESPACE = str.maketrans("\t\n\r", "   ")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})


@dataclass(frozen=True, slots=True)
class Clause:
    """A stretch of text that carries one kind; ``sentence`` numbers the sentence it is in.

    ``joined`` says whether it may take the kind of its neighbour in the sentence (a comma
    joins, "but" does not); ``contrast`` whether it opens with "but", "although" and the like.
    """

    start: int
    end: int
    sentence: int
    joined: bool
    contrast: bool = False


def clauses(text: str) -> list[Clause]:
    """Return the clauses of a text in order, covering it from start to end."""
    result: list[Clause] = []
    start = 0
    sentence = 0
    joined = False
    contrast = False
    for match in _BREAKS.finditer(text):
        kind = match.lastgroup
        cut = match.start() if kind == "contrast" else match.end()
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
    if "@" not in text and "://" not in text and "www." not in text:
        lowered = text.lower()
        if not any(tld in lowered for tld in _TLDS):
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
