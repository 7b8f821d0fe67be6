"""How a delivery can end other than sent, in plain words and with what the worker does next."""

from __future__ import annotations

import enum

__all__ = ["DeliveryError", "Outcome"]


class Outcome(enum.Enum):
    """What a failed delivery means for the message."""

    RETRY = "retry"  # it did not go out; trying again later may work (a 503, a refused connection)
    FAILED = "failed"  # it did not go out, and will not without a person (a 404, a bad login)
    UNCONFIRMED = "unconfirmed"  # it was handed over; whether it went out is unknown


class DeliveryError(Exception):
    """A delivery that did not end sent; ``str(error)`` is the plain-words reason.

    Args:
        message: what happened and, where we know it, what to do.
        outcome: retry, failed, or unconfirmed.
        whole_channel: the cause concerns every message of the feed's channel (a rejected
            login, a server that is down), not this recipient alone.
        retry_after: seconds the server asked us to wait.
    """

    def __init__(
        self,
        message: str,
        outcome: Outcome,
        *,
        whole_channel: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.outcome = outcome
        self.whole_channel = whole_channel
        self.retry_after = retry_after

    def __str__(self) -> str:
        return self.message
