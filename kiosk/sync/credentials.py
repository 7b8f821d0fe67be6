"""Feed secrets (tokens, passwords, API keys) in the system keyring, never in a file or a log.

Each feed has one entry under the service ``voc-kiosk``, named after the feed. Where the
machine has no keyring backend (a headless Linux box without a Secret Service), the secret is
read from the environment variable ``VOC_KIOSK_SECRET_<FEED>`` (the feed name upper-cased, every
other character than A-Z and 0-9 replaced by ``_``); the error message says so by name. The
variable is also honoured when the keyring works but has no entry, which suits cron jobs.

Backends that keep secrets in a file of their own (``keyrings.alt``'s plaintext and
"encrypted" files, ``keyrings.cryptfile``) are not a keyring here: a token base64-encoded in
``~/.local/share`` is a token in a file. They count as no keyring, unless the environment
variable ``VOC_KIOSK_ALLOW_FILE_KEYRING=1`` says an admin (or a test rig) accepts them.
"""

from __future__ import annotations

import logging
import os
import shlex
from typing import TYPE_CHECKING

from kiosk.settings import SecretSource, secret_variable
from kiosk.sync.errors import MissingSecretError, SyncError

# keyring is imported by the functions that use it: importing it loads its backends and their
# entry points (90 ms), which a file feed, or a feed without a secret, never needs.
if TYPE_CHECKING:
    import keyring.backend

__all__ = [
    "SERVICE",
    "delete_secret",
    "env_var_for",
    "environment_secret",
    "get_secret",
    "keyring_available",
    "keyring_name",
    "keyring_problem",
    "require_secret",
    "set_secret",
]

log = logging.getLogger("kiosk.sync")

SERVICE = "voc-kiosk"
ALLOW_FILE_KEYRING = "VOC_KIOSK_ALLOW_FILE_KEYRING"
# Packages whose backends store secrets in an ordinary file (or in no keyring at all).
_FILE_BACKENDS = ("keyrings.alt", "keyrings.cryptfile", "keyring.backends.null")


def _backends(backend: keyring.backend.KeyringBackend) -> list[keyring.backend.KeyringBackend]:
    # The chainer hands a secret to whichever of its backends takes it first.
    inner = getattr(backend, "backends", None)
    return list(inner) if isinstance(inner, list | tuple) and inner else [backend]


def _file_backend(backend: keyring.backend.KeyringBackend) -> str | None:
    """Return the name of a backend that keeps secrets in a plain file, or None."""
    for part in _backends(backend):
        module = type(part).__module__
        if module.startswith(_FILE_BACKENDS) or "plaintext" in type(part).__name__.lower():
            return f"{module}.{type(part).__name__}"
    return None


def keyring_problem() -> str | None:
    """Return why secrets cannot go to a keyring on this machine, or None when they can."""
    import keyring
    import keyring.backends.fail

    try:
        backend = keyring.get_keyring()
    except Exception as exc:  # PYTHON_KEYRING_BACKEND or keyringrc naming one that cannot load
        return f"the keyring set up for this machine cannot be used ({type(exc).__name__}: {exc})"
    if isinstance(backend, keyring.backends.fail.Keyring):
        return "this machine has no keyring (no Secret Service or similar)"
    try:
        # The chainer and some backends report a priority below 1 when nothing real is behind
        # them; ``fail`` is the usual one but not the only one.
        if float(backend.priority) <= 0:
            return "this machine has no keyring (no Secret Service or similar)"
    except Exception:
        pass
    found = _file_backend(backend)
    if found is not None and os.environ.get(ALLOW_FILE_KEYRING) != "1":
        return (
            f"the only keyring on this machine ({found}) keeps secrets in an ordinary file,"
            " which voc-kiosk does not use"
        )
    return None


def keyring_name() -> str:
    """Return the name of the keyring in use, for messages ("SecretService Keyring")."""
    import keyring

    backend = keyring.get_keyring()
    name = getattr(backend, "name", None)
    return str(name) if name else type(backend).__name__


def env_var_for(feed: str) -> str:
    """Return the environment variable that may carry this feed's secret (settings refuse a
    second feed whose name gives the same one)."""
    return secret_variable(feed)


def keyring_available() -> bool:
    """Whether a keyring fit for secrets exists on this machine."""
    return keyring_problem() is None


def _found_secret(feed: str) -> tuple[str, SecretSource] | None:
    """Return the feed's secret and where it was found (the keyring wins), or None."""
    if keyring_available():
        import keyring
        import keyring.errors

        try:
            secret = keyring.get_password(SERVICE, feed)
        except keyring.errors.KeyringError as exc:
            log.warning("the keyring could not be read for feed %r (%s)", feed, type(exc).__name__)
            secret = None
        if secret:
            return secret, "keyring"
    secret = environment_secret(feed)
    return (secret, "environment") if secret is not None else None


def environment_secret(feed: str) -> str | None:
    """Return the feed's secret from its environment variable, or None (unset or empty)."""
    return os.environ.get(env_var_for(feed)) or None


def get_secret(feed: str) -> str | None:
    """Return the feed's secret from the keyring or its environment variable, or None."""
    found = _found_secret(feed)
    return found[0] if found is not None else None


def secret_source(feed: str) -> SecretSource | None:
    """Return where the feed's secret is found: the keyring, its environment variable (which
    nothing can copy or move), or None."""
    found = _found_secret(feed)
    return found[1] if found is not None else None


def require_secret(feed: str, what: str = "secret") -> str:
    """Return the feed's secret, or raise with a message that says where to put it.

    Raises:
        MissingSecretError: neither the keyring nor the environment variable has it.
    """
    secret = get_secret(feed)
    if secret:
        return secret
    var = env_var_for(feed)
    problem = keyring_problem()
    if problem is not None:
        raise MissingSecretError(
            f"feed {feed!r} needs its {what}, but {problem}; set the environment variable"
            f" {var} to it instead"
        )
    raise MissingSecretError(
        f"feed {feed!r} needs its {what}: store it with"
        f" `voc-kiosk secret set {shlex.quote(feed)}` (it goes to the system keyring) or set the"
        f" environment variable {var}"
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
    problem = keyring_problem()
    if problem is not None:
        raise SyncError(
            f"the secret for feed {feed!r} was not stored: {problem}; set the environment"
            f" variable {var} instead",
            transient=False,
        )
    import keyring
    import keyring.errors

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
    import keyring
    import keyring.errors

    try:
        keyring.delete_password(SERVICE, feed)
    except keyring.errors.PasswordDeleteError:
        return False
    return True


def move_secret(old: str, new: str) -> bool:
    """Move a keyring entry to a new name (a feed renamed); return whether there was one.
    It replaces whatever the new name held: the settings dialog stores the keys typed in it
    after the moves, so those win.

    Only the keyring is read: a secret given by an environment variable stays where the admin
    put it, under the variable the old name had.
    """
    if not copy_secret(old, new):
        return False
    delete_secret(old)
    return True


def keyring_secret(feed: str) -> str | None:
    """Return a feed's secret from the keyring alone (None: none there, or no keyring here).

    Raises:
        SyncError: the keyring refused the read (locked, or its service gone): unlike an
            absent key, one that is there and could not be read must not be deleted.
    """
    if not keyring_available():
        return None
    import keyring
    import keyring.errors

    try:
        return keyring.get_password(SERVICE, feed) or None
    except keyring.errors.KeyringError as exc:
        raise SyncError(
            f"the keyring refused to read the secret for feed {feed!r} ({type(exc).__name__})",
            transient=False,
        ) from exc


def copy_secret(source: str, target: str) -> bool:
    """Copy a keyring entry to another name (a feed made from another, which keeps its own);
    return whether there was one. It replaces whatever the target held.

    Only the keyring is read, as in ``move_secret``.

    Raises:
        SyncError: the keyring refused the write (``set_secret``).
    """
    if source == target:
        return False
    try:
        secret = keyring_secret(source)
    except SyncError:
        return False
    if secret is None:
        return False
    set_secret(target, secret)
    return True
