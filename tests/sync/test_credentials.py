"""Secrets in a real keyring backend, and the environment variable where there is none."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import keyring.backends.fail
import pytest

from kiosk.sync import MissingSecretError, SyncError
from kiosk.sync.credentials import (
    delete_secret,
    env_var_for,
    get_secret,
    keyring_available,
    require_secret,
    set_secret,
)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_round_trip_in_the_file_keyring(file_keyring: keyring.backend.KeyringBackend) -> None:
    assert keyring_available()
    set_secret("Support Board", "s3cret")
    assert file_keyring.get_password("voc-kiosk", "Support Board") == "s3cret"
    assert get_secret("Support Board") == "s3cret"
    assert delete_secret("Support Board")
    assert not delete_secret("Support Board")
    assert get_secret("Support Board") is None


def test_environment_variable_when_the_keyring_has_no_entry(
    file_keyring: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VOC_KIOSK_SECRET_SUPPORT_BOARD", "from-env")
    assert env_var_for("support-board") == "VOC_KIOSK_SECRET_SUPPORT_BOARD"
    assert require_secret("support-board") == "from-env"


def test_no_backend_says_so_and_names_the_variable(
    no_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not keyring_available()
    with pytest.raises(MissingSecretError) as err:
        require_secret("ideas", "API key")
    assert "this machine has no keyring" in str(err.value)
    assert "VOC_KIOSK_SECRET_IDEAS" in str(err.value)
    with pytest.raises(SyncError, match="set the environment variable VOC_KIOSK_SECRET_IDEAS"):
        set_secret("ideas", "x")
    monkeypatch.setenv("VOC_KIOSK_SECRET_IDEAS", "env-key")
    assert require_secret("ideas") == "env-key"
    assert not delete_secret("ideas")


def test_empty_secret_is_refused(file_keyring: object) -> None:
    with pytest.raises(SyncError, match="empty"):
        set_secret("x", "")
