"""Fixtures for the sync tests: a real file keyring in a temp folder, and feed helpers."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import pytest
from keyrings.alt.file import PlaintextKeyring

from kiosk.settings import FeedConfig, Settings

DATA = Path(__file__).parent / "data"


@pytest.fixture
def file_keyring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[keyring.backend.KeyringBackend]:
    """A real keyring (keyrings.alt's file backend) in a temp folder, restored afterwards.

    The app refuses file backends unless told to accept one; this test rig says so.
    """
    monkeypatch.setenv("VOC_KIOSK_ALLOW_FILE_KEYRING", "1")
    previous = keyring.get_keyring()
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring" / "keyring_pass.cfg")
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _sync_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.sync")


def feed(name: str = "board", type: str = "http", **options: Any) -> FeedConfig:
    """Return a feed config with these options."""
    return FeedConfig(name, type, True, 60, options)


# The first day the sync tests' stores keep. Their records carry fixed dates ("2026-03-01"),
# and a sync leaves out items older than the store keeps: a window counted back from today,
# even store.keep_days' longest (3,650 days), would let them fall out as the years pass.
TEST_DATES_FROM = date(2016, 1, 1)


def keep_days_from(first: date) -> int:
    """Return the ``store.keep_days`` that keeps every day since ``first``, today.

    From 2026 on, more than the settings dialog allows; the sync takes any number.
    """
    return (datetime.now(UTC).date() - first).days + 1


def settings_with(
    *feeds: FeedConfig, max_response_mb: int = 50, keep_days: int | None = None
) -> Settings:
    """Return settings holding these feeds.

    The store keeps every day since ``TEST_DATES_FROM`` unless told otherwise.
    """
    if keep_days is None:
        keep_days = keep_days_from(TEST_DATES_FROM)
    return Settings(
        {"sync.max_response_mb": max_response_mb, "store.keep_days": keep_days}, tuple(feeds)
    )


MAPPING = {
    "external_id": "id",
    "text": "body",
    "created_at": "created",
    "updated_at": "updated",
    "customer_id": "customer.id",
    "customer_name": "customer.name",
    "kind": "type",
    "votes": "votes",
}


def record(i: int, **over: Any) -> dict[str, Any]:
    """Return one API-shaped record."""
    rec: dict[str, Any] = {
        "id": f"r{i}",
        "body": f"The checkout was slow for order {i}",
        "created": f"2026-03-{1 + i % 28:02d}T10:00:00Z",
        "updated": f"2026-03-{1 + i % 28:02d}T11:00:00Z",
        "customer": {"id": f"c{i % 7}", "name": f"Customer {i % 7}"},
        "type": "complaint",
        "votes": i % 5,
    }
    rec.update(over)
    return rec
