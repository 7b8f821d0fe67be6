"""The SQLite store: the single source of truth for feedback, customers and mentions.

Every SQL string of the application lives in this package. One connection per thread (WAL lets
readers go on while a sync writes); a batch and its sync cursor commit in one transaction, so a
crash at any moment loses nothing committed and duplicates nothing.

Times are stored as integer microseconds since the Unix epoch (exact round trips, cheap range
queries); ``day`` columns are whole local calendar days since the epoch (``kiosk.days``), the
unit of every window, recomputed when the store opens under another time zone (``zone``).

The package, by job: ``base`` (connections, transactions, errors), ``schema`` (migrations),
``mentions`` (mentions, corrections), ``feedback`` (items, cursors, reads), ``terms``
(term queries), ``columns`` (items and mentions as numpy columns, and the change log, for the
counting index in ``kiosk.counts``), ``outbox`` (messages to customers, their delivery
states, answers and opt-outs), ``zone`` (the stored days, kept to the machine's time zone).
"""

from __future__ import annotations

from kiosk.store.base import StoreError
from kiosk.store.columns import ColumnQueries
from kiosk.store.feedback import FeedbackStore
from kiosk.store.outbox import OutboxStore
from kiosk.store.schema import SCHEMA_VERSION
from kiosk.store.terms import TermQueries
from kiosk.values import MentionRecord, UpsertResult

__all__ = ["SCHEMA_VERSION", "MentionRecord", "Store", "StoreError", "UpsertResult"]


class Store(FeedbackStore, TermQueries, ColumnQueries, OutboxStore):
    """The feedback store in one SQLite file (see the package docstring)."""
