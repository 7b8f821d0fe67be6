"""Words a customer did not write: retweets and verbatim copies count for nothing.

The cloud counts customers who said something. A text repeated by many accounts says it once:

- A retweet ("RT @someone: ...") quotes another account. Only what the customer wrote before
  the "RT" is theirs; when that is nothing, the item adds no mentions.
- A verbatim copy of a long text (``MIN_COPY_WORDS`` words or more, compared without case,
  punctuation, @handles and links) that another customer sent first adds no mentions either:
  a campaign's form letter, a bot or a forwarded post is one voice. The first customer's item
  keeps its mentions (re-analysing it finds the text is theirs). Short texts are left alone:
  two customers may well both write "Great service, thanks!" of their own accord, and long
  identical texts written independently are vanishingly rare.

Both items stay in the store and the drill-down, like any other; they only do not add weight
to the words. The texts seen are remembered by a 64-bit digest, per analyser, for the last
``REMEMBERED`` texts (a kiosk re-reads its recent items when it starts, see
``kiosk.analysis.pipeline``).
"""

from __future__ import annotations

import hashlib
import re

from kiosk.analysis.text import excluded_spans
from kiosk.model import Feedback

__all__ = ["MIN_COPY_WORDS", "REMEMBERED", "Copies"]

MIN_COPY_WORDS = 20
REMEMBERED = 500_000
RETWEET = "a retweet: another account's words"
COPY = "a copy of a long text another customer sent first"
_RETWEET = re.compile(r"(?:^|(?<=\s))RT\s?:?\s?@\w+", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+")


class Copies:
    """Tell a customer's own words from what they repeat."""

    def __init__(self) -> None:
        self._first: dict[bytes, str] = {}

    def own_words(self, feedback: Feedback, text: str) -> tuple[str, str | None]:
        """Return the part of a text that is the customer's own, and why there is none.

        Args:
            feedback: the item (whose customer sent it).
            text: its text (possibly cut to a maximum length already).

        Returns:
            The text up to a retweet marker (the whole text when there is none), and None, or
            the reason the item adds no mentions.
        """
        retweet = _RETWEET.search(text) if "@" in text else None
        if retweet is not None:
            text = text[: retweet.start()]
            if not _WORD.search(text):
                return text, RETWEET
            return text, None
        digest = self._digest(text)
        if digest is None:
            return text, None
        writer = f"{feedback.feed_id}\x00{feedback.customer.id}"
        first = self._first.get(digest)
        if first is None:
            if len(self._first) >= REMEMBERED:
                self._first.clear()
            self._first[digest] = writer
            return text, None
        return text, (None if first == writer else COPY)

    @staticmethod
    def _digest(text: str) -> bytes | None:
        """Return a digest of a long text's words (None for a short text)."""
        spans = excluded_spans(text) if "@" in text or "." in text else []
        if spans:
            parts = []
            last = 0
            for start, end in spans:
                if start >= last:
                    parts.append(text[last:start])
                last = max(last, end)
            parts.append(text[last:])
            text = " ".join(parts)
        words = _WORD.findall(text.casefold())
        if len(words) < MIN_COPY_WORDS:
            return None
        return hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).digest()
