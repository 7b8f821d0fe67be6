"""What every delivery channel does, and the channel for a feed's reply route."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from kiosk.outbox.routes import EmailRoute, FiderRoute, Route, WebhookRoute
from kiosk.outbox.values import DeliveryJob

__all__ = ["Channel", "HandingOver", "SecretLookup", "make_channel"]

# Called by a channel right before the point of no return, with the message's reference when
# it has one (the Message-ID): the worker commits that the message is being handed over.
HandingOver = Callable[[str | None], None]
# (keyring entry, what it is) -> the secret; raises kiosk.sync.errors.SyncError when missing.
SecretLookup = Callable[[str, str], str]


class Channel(Protocol):
    """Delivers one recipient's message at a time."""

    def deliver(self, job: DeliveryJob, handing_over: HandingOver) -> str | None:
        """Deliver the message; return its reference there (a comment id, a Message-ID).

        Raises:
            DeliveryError: it did not end sent (retry, failed or unconfirmed).
        """
        ...

    def abort(self) -> None:
        """End a delivery in flight now (from another thread)."""
        ...

    def close(self) -> None:
        """Close connections kept between messages."""
        ...


def make_channel(route: Route, secret: SecretLookup) -> Channel | None:
    """Return the channel that delivers through a route (None for record only or no route)."""
    # Imported here: each channel module imports this one for the types above.
    from kiosk.delivery.fider import FiderChannel
    from kiosk.delivery.smtp import SmtpChannel
    from kiosk.delivery.webhook import WebhookChannel

    if isinstance(route, FiderRoute):
        return FiderChannel(route, secret)
    if isinstance(route, EmailRoute):
        return SmtpChannel(route, secret)
    if isinstance(route, WebhookRoute):
        return WebhookChannel(route, secret)
    return None
