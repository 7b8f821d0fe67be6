"""How every screen says a word's numbers: one wording, so one number reads the same everywhere."""

from __future__ import annotations

from kiosk.model import KINDS_BY_URGENCY, Kind

__all__ = [
    "LANGUAGE_NAMES",
    "change_text",
    "counted",
    "customers_text",
    "gap_change_text",
    "language_name",
    "unanswered_text",
]


def counted(count: int, noun: str) -> str:
    """Return a count with its noun, as a person writes it: "1 row", "5,113 rows"."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def customers_text(customers: int, by_kind: dict[Kind, int]) -> str:
    """Return a word's customers and their split, as every screen says it.

    "145 customers (52 complaints, 40 ideas, 53 compliments)": the split counts customers
    too, each once, so it adds up to the total.
    """
    who = f"{customers:,} customer{'s' if customers != 1 else ''}"
    split = ", ".join(k.counted(n) for k in KINDS_BY_URGENCY if (n := by_kind.get(k)))
    return f"{who} ({split})" if split else who


def change_text(customers: int, previous: int, period: str = "period") -> str:
    """Return the change in customers against the previous window, as every screen says it."""
    if not previous:
        return "new this period" if customers else "none this period"
    change = customers / previous - 1
    arrow = "▲" if change > 0.05 else "▼" if change < -0.05 else "▶"
    return f"{arrow} {change:+.0%} vs the previous {period} ({previous:,})"


# The languages the analysis reads, as people name them (filters, "find a word").
LANGUAGE_NAMES = {"en": "English", "fr": "French", "de": "German", "es": "Spanish"}


def language_name(code: str) -> str:
    """Return a language code as people name it ("" is a language nobody could tell)."""
    return LANGUAGE_NAMES.get(code, code) if code else "unknown"


# A change in the unanswered share smaller than this (in points) is no change.
GAP_STEADY = 0.02


def unanswered_text(customers: int, unanswered_by_kind: dict[Kind, int]) -> str:
    """Return how many of a word's customers wait for an answer, complaints first.

    "Not answered yet: 18 of 30 customers (12 complaints, 6 ideas)"; "" without customers.
    """
    if not customers:
        return ""
    waiting = sum(unanswered_by_kind.values())
    if not waiting:
        return f"Every one of the {customers:,} customers has an answer"
    split = ", ".join(k.counted(n) for k in KINDS_BY_URGENCY if (n := unanswered_by_kind.get(k)))
    who = f"{customers:,} customer{'s' if customers != 1 else ''}"
    return f"Not answered yet: {waiting:,} of {who} ({split})"


def gap_change_text(share: float | None, previous_share: float | None) -> str:
    """Return whether the share of customers not answered narrowed or widened against the
    previous period: "▼ gap narrower: 60% → 45% not answered"; "" without both shares."""
    if share is None or previous_share is None:
        return ""
    if abs(share - previous_share) < GAP_STEADY:
        return f"▶ gap steady: {share:.0%} not answered, as in the previous period"
    word, arrow = ("narrower", "▼") if share < previous_share else ("wider", "▲")
    return f"{arrow} gap {word}: {previous_share:.0%} → {share:.0%} not answered"
