"""How every screen says a word's numbers: one wording, so one number reads the same everywhere."""

from __future__ import annotations

from kiosk.model import KINDS_BY_URGENCY, Kind

__all__ = ["LANGUAGE_NAMES", "change_text", "customers_text", "language_name"]


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
