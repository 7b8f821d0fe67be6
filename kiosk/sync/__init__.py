"""Bring feedback in from shared sources (HTTP JSON, Fider, CSV, the demo) into the store.

Public API for the composition root::

    from kiosk.sync import SyncService, run_once

    reports = run_once(settings, store, feed=None, after=None)   # `voc-kiosk sync --once`
    service = SyncService(settings, store, after=analysis_hook)  # the app; then
    qt = kiosk.sync.qt_adapter.QtSync(service); qt.start()       # signals for the UI

The Qt adapter is imported from its own module so that this package imports no Qt.
"""

from __future__ import annotations

from kiosk.sync.credentials import delete_secret, get_secret, keyring_available, set_secret
from kiosk.sync.errors import FeedConfigError, MissingSecretError, SyncError
from kiosk.sync.service import SyncService, run_feed, run_once
from kiosk.sync.sources import make_source
from kiosk.sync.status import FeedReport, FeedState, SyncStatus, summary

__all__ = [
    "FeedConfigError",
    "FeedReport",
    "FeedState",
    "MissingSecretError",
    "SyncError",
    "SyncService",
    "SyncStatus",
    "delete_secret",
    "get_secret",
    "keyring_available",
    "make_source",
    "run_feed",
    "run_once",
    "set_secret",
    "summary",
]
