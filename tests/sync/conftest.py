"""Fixtures for the sync tests: a real file keyring in a temp folder, and feed helpers."""

from __future__ import annotations

import logging
from collections.abc import Iterator
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


def settings_with(*feeds: FeedConfig, max_response_mb: int = 50, keep_days: int = 3650) -> Settings:
    """Return settings holding these feeds.

    The store keeps ten years unless told otherwise: a sync leaves out items older than it
    keeps, and the tests' fixed dates ("2026-03-01") must not fall out of it as time passes.
    """
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
