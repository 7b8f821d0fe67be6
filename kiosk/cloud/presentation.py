"""How a word presents itself: its colour's kind, its mix, its rise, and what a screen reader says.

Qt-free, so the rules are tested without a display; ``kiosk.views.cloud_view`` draws them.
"""

from __future__ import annotations

from kiosk.model import KINDS_BY_URGENCY, Kind
from kiosk.values import AnswerGap, TermStat
from kiosk.wording import (
    change_text,
    customers_text,
    gap_change_text,
    language_name,
    unanswered_text,
)

__all__ = [
    "LEGEND_ORDER",
    "MIX_MIN_SHARE",
    "accessible_name",
    "answer_lines",
    "card_lines",
    "dominant_kind",
    "is_rising",
    "kind_mix",
]

# The legend and the mix bar read left to right from praise to problems.
LEGEND_ORDER = (Kind.COMPLIMENT, Kind.IDEA, Kind.COMPLAINT, Kind.UNCLASSIFIED)
# A word shows its mix when its main kind holds less than this share of its customers...
MIX_MAX_MAIN_SHARE = 0.75
# ... and another kind holds at least this share (and at least MIX_MIN_CUSTOMERS of them).
MIX_MIN_SHARE = 0.15
MIX_MIN_CUSTOMERS = 3
_CLASSIFIED = (Kind.COMPLIMENT, Kind.IDEA, Kind.COMPLAINT)


def dominant_kind(stat: TermStat) -> Kind:
    """Return the kind most of a term's customers gave; unclassified when there are none.

    On a tie the kind the company must act on first wins (a complaint before an idea).
    """
    best, best_n = Kind.UNCLASSIFIED, 0
    for kind in KINDS_BY_URGENCY:
        n = stat.customers_by_kind.get(kind, 0)
        if n > best_n:
            best, best_n = kind, n
    return best


def kind_mix(stat: TermStat) -> tuple[tuple[Kind, float], ...]:
    """Return the word's kinds with their shares, when its colour alone would hide one.

    "delivery" with 29 complaints, 49 ideas and 47 compliments is coloured as an idea; its
    mix bar shows the complaints beside them. A word that is nearly all one kind shows none.
    Shares are of the customers with a known kind, in legend order.
    """
    counts = {k: stat.customers_by_kind.get(k, 0) for k in _CLASSIFIED}
    total = sum(counts.values())
    if total <= 0:
        return ()
    ranked = sorted(counts.values(), reverse=True)
    if ranked[0] >= MIX_MAX_MAIN_SHARE * total:
        return ()
    if ranked[1] < max(MIX_MIN_CUSTOMERS, MIX_MIN_SHARE * total):
        return ()
    return tuple((k, n / total) for k, n in counts.items() if n > 0)


def is_rising(stat: TermStat) -> bool:
    """Whether a term carries the rising mark (decided with its counts: see
    ``kiosk.dashboard.Dashboard.top_terms``)."""
    return stat.rising


def accessible_name(stat: TermStat) -> str:
    """Return what a screen reader says for a word: counts by kind and the trend."""
    who = "customer" if stat.customers == 1 else "customers"
    parts = [f"{stat.label}: {stat.customers:,} {who}"]
    parts += [k.counted(n) for k in KINDS_BY_URGENCY if (n := stat.customers_by_kind.get(k, 0))]
    prev = stat.previous_customers
    if stat.customers > prev:
        trend = f"up from {prev:,} in the previous period"
    elif stat.customers < prev:
        trend = f"down from {prev:,} in the previous period"
    else:
        trend = "same as the previous period"
    if is_rising(stat):
        trend = "rising fast, " + trend
    return ", ".join(parts) + "; " + trend


def card_lines(stat: TermStat) -> list[str]:
    """Return the lines of a word's hover card under its name: the same figures, in the same
    words, as the drill-down's headline."""
    lines = [
        customers_text(stat.customers, stat.customers_by_kind),
        change_text(stat.customers, stat.previous_customers),
    ]
    if is_rising(stat):
        lines.append("▲ rising fast")
    if stat.forms:
        lines.append(
            "Also written "
            + ", ".join(f"{form} ({language_name(code)})" for code, form in stat.forms[:4])
        )
    if stat.gap is not None:
        lines += answer_lines(stat.gap)
    return lines


def answer_lines(gap: AnswerGap) -> list[str]:
    """Return how many of a word's customers wait for an answer and whether the gap narrows:
    the same lines on the card and in the drill-down."""
    return [
        line
        for line in (
            unanswered_text(gap.customers, gap.unanswered_by_kind),
            gap_change_text(gap.share, gap.previous_share),
        )
        if line
    ]
