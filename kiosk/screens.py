"""What the screens show, as frozen snapshots: the model publishes them, views never query.

Qt-free and store-free, so both the dashboard queries (core) and the views can use them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from kiosk.values import CustomerStats, TermStat


class Severity(enum.IntEnum):
    """How much a notice matters: info fades by itself, errors stay until dismissed."""

    INFO = 0
    WARNING = 1
    ERROR = 2


@dataclass(frozen=True, slots=True)
class Notice:
    """One message for the banner."""

    text: str
    severity: Severity = Severity.INFO


@dataclass(frozen=True, slots=True)
class HeaderState:
    """What the header shows: the window, customers by kind, where the data comes from, and
    how fresh it is. ``counts`` are distinct customers in the window, each once under the kind
    of their latest feedback (the same definition as every word's customers)."""

    window_days: int = 30
    counts: CustomerStats = field(default_factory=CustomerStats)
    source: str = "Demo data (no feeds configured)"
    last_update: datetime | None = None
    connection: str = "connecting"
    demo: bool = True


@dataclass(frozen=True, slots=True)
class DashboardSnapshot:
    """Everything one refresh of the dashboard produced, tagged with its revision."""

    revision: int
    header: HeaderState
    terms: tuple[TermStat, ...] = ()
