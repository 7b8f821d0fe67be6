"""The wall's admin PIN: kept as a salted slow hash, tried at most five times a minute.

On an unattended wall, passers-by may change nothing: the settings dialog and leaving the app
ask for the PIN. The settings file keeps only ``scrypt$n$r$p$salt$hash`` (never the PIN), and
five wrong tries lock the gate for a minute. Qt-free.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["LOCK_SECONDS", "MAX_TRIES", "PinGate", "check_new_pin", "hash_pin", "verify_pin"]

MAX_TRIES = 5
LOCK_SECONDS = 60.0
MIN_DIGITS = 4
# scrypt's cost: about a tenth of a second here, so a stolen settings file is slow to guess
# and a person waits nothing they notice.
_N, _R, _P = 2**14, 8, 1


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def check_new_pin(pin: str) -> str | None:
    """Return what is wrong with a PIN someone wants to set, or None."""
    if not pin.isdigit() or not pin.isascii():
        return "a PIN is digits only"
    if len(pin) < MIN_DIGITS:
        return f"a PIN has at least {MIN_DIGITS} digits"
    if len(set(pin)) == 1 or pin in "0123456789" or pin in "9876543210":
        return "that PIN is too easy to guess (all one digit, or a run)"
    return None


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """Return the stored form of a PIN: a salted scrypt hash and its parameters."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_pin(pin: str, stored: str) -> bool:
    """Whether a PIN matches its stored hash (in constant time)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        found = hashlib.scrypt(
            pin.encode(),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(found, expected)


@dataclass(slots=True)
class PinGate:
    """Counts wrong tries; five lock it for a minute.

    Args:
        stored: the PIN's stored hash ("" when none is set).
        clock: seconds, monotonic (tests pass their own).
    """

    stored: str
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    locked_until: float = 0.0

    @property
    def has_pin(self) -> bool:
        """Whether a PIN is set at all."""
        return bool(self.stored)

    def locked_for(self) -> float:
        """Seconds until the gate takes a PIN again (0 when it does now)."""
        return max(0.0, self.locked_until - self.clock())

    def attempt(self, pin: str) -> str | None:
        """Try a PIN; return None when it opens the gate, else what to tell the person."""
        if not self.has_pin:
            return "no admin PIN is set: set one with `voc-kiosk admin set-pin` on this machine"
        wait = self.locked_for()
        if wait > 0:
            return f"too many wrong PINs: try again in {wait:.0f} s"
        if verify_pin(pin, self.stored):
            self.failures = 0
            return None
        self.failures += 1
        if self.failures >= MAX_TRIES:
            self.failures = 0
            self.locked_until = self.clock() + LOCK_SECONDS
            return f"wrong PIN {MAX_TRIES} times: locked for {LOCK_SECONDS:.0f} s"
        left = MAX_TRIES - self.failures
        return f"wrong PIN; {left} {'try' if left == 1 else 'tries'} left before a minute's lock"
