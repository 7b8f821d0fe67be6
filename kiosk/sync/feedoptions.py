"""Read a feed's type-specific options with their types checked, collecting every problem.

Each source declares what it reads through this class, so a typo (``paginaton``) or a wrong
type is reported once, by key, in words, before any request is made.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kiosk.settings import FeedConfig
from kiosk.sync.errors import FeedConfigError

__all__ = ["COMMON_KEYS", "FeedOptions"]

_MISSING = object()
# Options every feed type has, read by the app rather than by the source (a CRM link).
COMMON_KEYS = frozenset({"crm_url"})


class FeedOptions:
    """Typed access to ``FeedConfig.options``; call :meth:`finish` once everything is read.

    Raises (from ``finish``):
        FeedConfigError: listing every missing, mistyped, out-of-range or unknown key.
    """

    def __init__(self, feed: FeedConfig) -> None:
        self.feed = feed
        self._options: Mapping[str, Any] = feed.options
        self._read: set[str] = set(COMMON_KEYS)
        self.problems: list[str] = []

    def _get(self, key: str, required: bool) -> Any:
        self._read.add(key)
        value = self._options.get(key, _MISSING)
        if value is _MISSING or value is None:
            if required:
                self.problems.append(f"{key} is missing")
            return _MISSING
        return value

    def text(
        self,
        key: str,
        default: str | None = None,
        *,
        required: bool = False,
        choices: Sequence[str] | None = None,
    ) -> str | None:
        """Return a text option (stripped), checking it against ``choices`` if given."""
        value = self._get(key, required)
        if value is _MISSING:
            return default
        if not isinstance(value, str):
            self.problems.append(f"{key} must be text, got {value!r}")
            return default
        value = value.strip()
        if choices is not None and value not in choices:
            self.problems.append(f"{key} {value!r} is not one of {', '.join(choices)}")
            return default
        if required and not value:
            self.problems.append(f"{key} is empty")
        return value

    def number(self, key: str, default: float, *, minimum: float, maximum: float) -> float:
        """Return a number option within [minimum, maximum]."""
        value = self._get(key, False)
        if value is _MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problems.append(f"{key} must be a number, got {value!r}")
            return default
        if not minimum <= value <= maximum:
            self.problems.append(f"{key} {value!r} is not between {minimum:g} and {maximum:g}")
            return default
        return float(value)

    def integer(self, key: str, default: int, *, minimum: int, maximum: int) -> int:
        """Return a whole-number option within [minimum, maximum]."""
        value = self._get(key, False)
        if value is _MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.problems.append(f"{key} must be a whole number, got {value!r}")
            return default
        if not minimum <= value <= maximum:
            self.problems.append(f"{key} {value!r} is not between {minimum} and {maximum}")
            return default
        return value

    def flag(self, key: str, default: bool) -> bool:
        """Return a true/false option."""
        value = self._get(key, False)
        if value is _MISSING:
            return default
        if not isinstance(value, bool):
            self.problems.append(f"{key} must be true or false, got {value!r}")
            return default
        return value

    def table(self, key: str) -> dict[str, Any]:
        """Return a table option (a TOML inline table or sub-table)."""
        value = self._get(key, False)
        if value is _MISSING:
            return {}
        if not isinstance(value, Mapping):
            self.problems.append(f"{key} must be a table, got {value!r}")
            return {}
        return dict(value)

    def strings(self, key: str, default: Sequence[str] = ()) -> list[str]:
        """Return a list-of-text option."""
        value = self._get(key, False)
        if value is _MISSING:
            return list(default)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problems.append(f"{key} must be a list of text, got {value!r}")
            return list(default)
        return [v.strip() for v in value]

    def passthrough(self, keys: Sequence[str]) -> dict[str, Any]:
        """Return the given keys as they are, for a wrapped source that checks them itself."""
        self._read.update(keys)
        return {k: self._options[k] for k in keys if k in self._options}

    def finish(self) -> None:
        """Report unknown keys (usually typos) and every problem found so far.

        Raises:
            FeedConfigError: when anything was wrong.
        """
        unknown = sorted(set(self._options) - self._read)
        for key in unknown:
            self.problems.append(f"unknown option {key!r}")
        if self.problems:
            raise FeedConfigError(self.feed.name, self.problems)
