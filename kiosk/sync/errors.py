"""What can go wrong in a sync, said in plain words a person at the screen can act on."""

from __future__ import annotations

from kiosk.redact import redact_urls

__all__ = ["FeedConfigError", "MissingSecretError", "SyncCancelled", "SyncError"]


class SyncError(Exception):
    """A feed could not be read; ``str(error)`` is the plain-words message for the status line.

    Args:
        message: what went wrong and, where we know it, what to do about it; the values of
            any query string in it are hidden (they may hold a key).
        retry_after: seconds the source asked us to wait (429 / 503 ``Retry-After``).
        transient: whether trying again later may help (a timeout, a 500) or not (a bad
            setting, rejected credentials); the scheduler backs off either way, but the
            status says which.
    """

    def __init__(
        self, message: str, *, retry_after: float | None = None, transient: bool = True
    ) -> None:
        message = redact_urls(message)
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after
        self.transient = transient

    def __str__(self) -> str:
        return self.message


class FeedConfigError(SyncError):
    """A feed's settings are incomplete or wrong; the message lists every problem."""

    def __init__(self, feed: str, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__(
            f"feed {feed!r} is not set up correctly: " + "; ".join(problems), transient=False
        )


class MissingSecretError(SyncError):
    """A feed needs a secret (token, password, API key) that is neither in the keyring nor in
    its environment variable."""

    def __init__(self, message: str) -> None:
        super().__init__(message, transient=False)


class SyncCancelled(Exception):  # noqa: N818 - a cancellation, not an error
    """The service is stopping; the pass ends between two pages, keeping what is committed."""
