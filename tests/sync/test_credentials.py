"""Secrets in a real keyring backend, and the environment variable where there is none."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import keyring.backends.fail
import pytest

from kiosk.sync import MissingSecretError, SyncError
from kiosk.sync.credentials import (
    copy_secret,
    delete_secret,
    env_var_for,
    get_secret,
    keyring_available,
    move_secret,
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


def test_a_copy_keeps_the_source_and_a_move_does_not(file_keyring: object) -> None:
    set_secret("survey", "tok")
    set_secret("survey: Pros?", "old")
    # A copy replaces what the target held and leaves the source, as a split feed's needs.
    assert copy_secret("survey", "survey: Pros?")
    assert get_secret("survey: Pros?") == "tok" and get_secret("survey") == "tok"
    assert move_secret("survey", "survey 2")
    assert get_secret("survey 2") == "tok" and get_secret("survey") is None
    # Nothing to copy: nothing written.
    assert not copy_secret("survey", "survey: Cons?")
    assert get_secret("survey: Cons?") is None
