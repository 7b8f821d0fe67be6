"""A feed's options, checked against its type's declarations (``kiosk.options``).

Each source reads its options through this class, so a typo (``paginaton``) or a wrong type is
reported once, by key, in words, before any request is made, and exactly as the settings file's
loader and the settings dialog report it: all three use ``kiosk.options.check_feed``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from kiosk.options import FEED_TYPES, check_feed
from kiosk.settings import FeedConfig
from kiosk.sync.errors import FeedConfigError

__all__ = ["FeedOptions"]


class FeedOptions(Mapping[str, Any]):
    """Every declared option of a feed, typed and with its default; ``opts["url"]``.

    Sources add their own cross-field problems to ``problems`` and call :meth:`finish`.

    Raises:
        FeedConfigError: the type is unknown (at once), or, from ``finish``, any problem.
    """

    def __init__(self, feed: FeedConfig) -> None:
        self.feed = feed
        if feed.type not in FEED_TYPES:
            raise FeedConfigError(
                feed.name, [f"type {feed.type!r} is not one of {', '.join(FEED_TYPES)}"]
            )
        self._values, found = check_feed(feed.type, feed.options)
        self.problems: list[str] = [f"{p.key}: {p.what}" for p in found]

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def text(self, key: str) -> str | None:
        """Return a text option, None when it is empty."""
        value = self._values[key]
        return value or None

    def finish(self) -> None:
        """Raise every problem found so far.

        Raises:
            FeedConfigError: when anything was wrong.
        """
        if self.problems:
            raise FeedConfigError(self.feed.name, self.problems)
