"""Words a customer did not write: retweets and verbatim copies count for nothing.

The cloud counts customers who said something. A text repeated by many accounts says it once:

- A retweet ("RT @someone: ...") quotes another account. Only what the customer wrote before
  the "RT" is theirs; when that is nothing, the item adds no mentions.
- A verbatim copy of a long text (``MIN_COPY_WORDS`` words or more, compared without case,
  punctuation, @handles and links: the same words) that another customer sent first adds no
  mentions either:
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

from kiosk.analysis.regexes import compile_pattern
from kiosk.model import Feedback

__all__ = ["MIN_COPY_WORDS", "REMEMBERED", "Copies"]

MIN_COPY_WORDS = 20
# About 150 bytes a text: 15 MB at most (a sync stays under 200 MB, issue 9).
REMEMBERED = 100_000
RETWEET = "a retweet: another account's words"
COPY = "a copy of a long text another customer sent first"
_RETWEET = compile_pattern(r"(?:^|(?<=\s))RT\s?:?\s?@\w+", re.IGNORECASE)
_WORD = compile_pattern(r"[^\W_]+")


class Copies:
    """Tell a customer's own words from what they repeat."""

    def __init__(self) -> None:
        self._first: dict[bytes, str] = {}

    @staticmethod
    def own_end(text: str) -> int:
        """Return where the customer's own words end: at a retweet marker, else the end."""
        if "@" not in text or ("RT" not in text and "rt" not in text and "Rt" not in text):
            return len(text)
        retweet = _RETWEET.search(text)
        return len(text) if retweet is None else retweet.start()

    def not_counted(
        self, feedback: Feedback, text: str, words: list[str], own_end: int
    ) -> str | None:
        """Return why an item's words do not count (a retweet, a copy), or None.

        Args:
            feedback: the item (whose customer sent it).
            text: its text.
            words: its words, normalised, @handles, links and addresses left out.
            own_end: where the customer's own words end (``own_end``).
        """
        if own_end < len(text):
            return None if _WORD.search(text, 0, own_end) else RETWEET
        if len(words) < MIN_COPY_WORDS:
            return None
        digest = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).digest()
        writer = f"{feedback.feed_id}\x00{feedback.customer.id}"
        first = self._first.get(digest)
        if first is None:
            if len(self._first) >= REMEMBERED:
                self._first.clear()
            self._first[digest] = writer
            return None
        return None if first == writer else COPY
