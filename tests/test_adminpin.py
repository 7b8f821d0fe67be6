"""The admin PIN: a salted slow hash, never the PIN; five wrong tries lock it for a minute."""

from __future__ import annotations

import pytest

from kiosk.adminpin import LOCK_SECONDS, PinGate, check_new_pin, hash_pin, verify_pin


def test_the_pin_is_stored_as_a_salted_hash() -> None:
    stored = hash_pin("4821")
    assert "4821" not in stored and stored.startswith("scrypt$")
    assert hash_pin("4821") != stored  # a new salt each time
    assert verify_pin("4821", stored)
    assert not verify_pin("4822", stored)
    assert not verify_pin("4821", "not a hash")


@pytest.mark.parametrize(
    ("pin", "problem"),
    [("12a4", "digits only"), ("123", "at least 4"), ("1111", "too easy"), ("1234", "too easy")],
)
def test_weak_pins_are_refused(pin: str, problem: str) -> None:
    found = check_new_pin(pin)
    assert found is not None and problem in found
    assert check_new_pin("4821") is None


def test_five_wrong_tries_lock_the_gate_for_a_minute() -> None:
    now = [1000.0]
    gate = PinGate(hash_pin("4821"), clock=lambda: now[0])
    for left in (4, 3, 2, 1):
        message = gate.attempt("0000")
        assert message is not None and f"{left} " in message
    assert "locked for 60 s" in (gate.attempt("0000") or "")
    assert "try again in 60 s" in (gate.attempt("4821") or "")
    now[0] += LOCK_SECONDS + 1
    assert gate.attempt("4821") is None


def test_without_a_pin_the_gate_says_how_to_set_one() -> None:
    message = PinGate("").attempt("1234")
    assert message is not None and "voc-kiosk admin set-pin" in message
