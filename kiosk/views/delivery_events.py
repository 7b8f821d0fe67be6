"""The delivery worker's news on the UI thread: a listener that re-emits it as a Qt signal.

The worker (``kiosk.delivery.worker``) calls its listeners on its own thread; a widget must
never be touched there. :class:`DeliveryEvents` is such a listener: its signal is queued to
the thread the object lives on (the UI's), where the kiosk refreshes what the delivery changed.
It knows nothing of the worker but the listener's shape, so the views stay off the network.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.outbox.values import DeliveryState

__all__ = ["DeliveryEvents"]


class DeliveryEvents(QObject):
    """Carries "this delivery is now in that state" from the worker to the UI thread.

    Signals:
        delivery_changed(int, object): a recipient's delivery ended a step (its id, and the
            ``DeliveryState``); emitted on the thread this object lives on.
    """

    delivery_changed = Signal(int, object)

    def on_delivery(self, recipient_id: int, state: DeliveryState) -> None:
        """The worker's listener: call it from any thread."""
        # A signal emitted from another thread is queued to this object's thread by Qt.
        self.delivery_changed.emit(recipient_id, state)
