"""Feed secrets (tokens, passwords, API keys) in the system keyring, never in a file or a log.

Each feed has one entry under the service ``voc-kiosk``, named after the feed. Where the
machine has no keyring backend (a headless Linux box without a Secret Service), the secret is
read from the environment variable ``VOC_KIOSK_SECRET_<FEED>`` (the feed name upper-cased, every
other character than A-Z and 0-9 replaced by ``_``); the error message says so by name. The
variable is also honoured when the keyring works but has no entry, which suits cron jobs.
"""

from __future__ import annotations

import logging
import os
import re

import keyring
import keyring.backends.fail
import keyring.errors

from kiosk.sync.errors import MissingSecretError, SyncError

__all__ = [
    "SERVICE",
    "delete_secret",
    "env_var_for",
    "get_secret",
    "keyring_available",
    "require_secret",
    "set_secret",
]

log = logging.getLogger("kiosk.sync")

SERVICE = "voc-kiosk"


def env_var_for(feed: str) -> str:
    """Return the environment variable that may carry this feed's secret."""
    return "VOC_KIOSK_SECRET_" + re.sub(r"[^A-Z0-9]", "_", feed.upper())


def keyring_available() -> bool:
    """Whether a usable keyring backend exists on this machine."""
    backend = keyring.get_keyring()
    if isinstance(backend, keyring.backends.fail.Keyring):
        return False
    try:
        # The chainer and some backends report a priority below 1 when nothing real is behind
        # them; ``fail`` is the usual one but not the only one.
        return float(backend.priority) > 0
    except Exception:
        return True


def get_secret(feed: str) -> str | None:
    """Return the feed's secret from the keyring or its environment variable, or None."""
    if keyring_available():
        try:
            secret = keyring.get_password(SERVICE, feed)
        except keyring.errors.KeyringError as exc:
            log.warning("the keyring could not be read for feed %r (%s)", feed, type(exc).__name__)
            secret = None
        if secret:
            return secret
    return os.environ.get(env_var_for(feed)) or None


def require_secret(feed: str, what: str = "secret") -> str:
    """Return the feed's secret, or raise with a message that says where to put it.

    Raises:
        MissingSecretError: neither the keyring nor the environment variable has it.
    """
    secret = get_secret(feed)
    if secret:
        return secret
    var = env_var_for(feed)
    if not keyring_available():
        raise MissingSecretError(
            f"feed {feed!r} needs its {what}, but this machine has no keyring (no Secret"
            f" Service or similar); set the environment variable {var} to it instead"
        )
    raise MissingSecretError(
        f"feed {feed!r} needs its {what}: store it with `voc-kiosk secret set {feed}` (it goes"
        f" to the system keyring) or set the environment variable {var}"
    )


def set_secret(feed: str, secret: str) -> None:
    """Store a feed's secret in the keyring.

    Raises:
        SyncError: no keyring backend exists, or it refused the write; the message names the
            environment variable to use instead.
    """
    if not secret:
        raise SyncError("the secret is empty", transient=False)
    var = env_var_for(feed)
    if not keyring_available():
        raise SyncError(
            f"this machine has no keyring to keep the secret for feed {feed!r}; set the"
            f" environment variable {var} instead",
            transient=False,
        )
    try:
        keyring.set_password(SERVICE, feed, secret)
    except keyring.errors.KeyringError as exc:
        raise SyncError(
            f"the keyring refused to store the secret for feed {feed!r}"
            f" ({type(exc).__name__}); set the environment variable {var} instead",
            transient=False,
        ) from exc
    log.info("stored the secret for feed %r in the keyring", feed)


def delete_secret(feed: str) -> bool:
    """Remove a feed's secret from the keyring; return whether there was one."""
    if not keyring_available():
        return False
    try:
        keyring.delete_password(SERVICE, feed)
    except keyring.errors.PasswordDeleteError:
        return False
    return True
