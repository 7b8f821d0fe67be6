"""Closing the loop: the desk composes replies and announcements, every kiosk delivers what
was queued, and every screen follows what was delivered."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QTimer

from kiosk.app.drill import Drilldown
from kiosk.app.parts import Parts, person
from kiosk.delivery import commands as outbox_commands
from kiosk.delivery.compose import plan_announcement, plan_reply, plan_test
from kiosk.delivery.worker import DeliveryWorker
from kiosk.outbox.routes import EmailRoute, FiderRoute, routes_of
from kiosk.outbox.values import (
    Composition,
    DeliveryState,
    MessageKind,
    OutboxMessage,
    OutboxRecipient,
    Plan,
)
from kiosk.screens import Severity
from kiosk.settings import Settings, SettingsError, save_settings
from kiosk.views.compose_dialog import ComposeDialog, ComposeTarget, window_periods
from kiosk.views.delivery_events import DeliveryEvents
from kiosk.views.outbox_view import OutboxDialog

log = logging.getLogger("kiosk.app")

# Deliveries end in bursts (an announcement to 500 customers): the screens follow once the
# burst pauses, not 500 times.
DELIVERY_SETTLE_MS = 500


class Answering:
    """The compose form, the outbox and the delivery worker of one kiosk.

    Args:
        parts: the kiosk's shared parts.
        drill: the desk's drill-down (it shows where each answer is).
        refresh: recompute every screen (the answered counts).
    """

    def __init__(self, parts: Parts, drill: Drilldown, refresh: Callable[[], None]) -> None:
        self.parts = parts
        self._drill = drill
        self._refresh = refresh
        settings = parts.settings
        self.delivery = DeliveryWorker(
            parts.store,
            parts.feeds.feeds,
            max_attempts=int(settings["outbox.max_attempts"]),
            backoff_base=float(settings["outbox.backoff_seconds"]),
        )
        # Lives on the UI thread: the worker's news reaches the screens through its signal.
        self.delivery_events = DeliveryEvents(parts.window)
        self.delivery.add_listener(self.delivery_events.on_delivery)
        self.delivery_events.delivery_changed.connect(self._on_delivery_changed)
        self._delivered = QTimer(parts.window)
        self._delivered.setSingleShot(True)
        self._delivered.setInterval(DELIVERY_SETTLE_MS)
        self._delivered.timeout.connect(self._after_deliveries)
        self.compose_dialog: ComposeDialog | None = None
        self.outbox_dialog: OutboxDialog | None = None
        # Tests sent to the person at the desk, by message id: their outcome is told.
        self._tests: dict[int, str] = {}

    def _on_delivery_changed(self, _recipient_id: int, _state: DeliveryState) -> None:
        self._delivered.start()

    def _after_deliveries(self) -> None:
        """Let every screen follow what was delivered: the answered counts, the drill-down's
        states, the outbox, and how the tests went."""
        self._refresh()
        self._drill.follow_deliveries()
        if self.outbox_dialog is not None:
            self.outbox_dialog.refresh()
        if self._tests:
            watched = dict(self._tests)
            store = self.parts.store

            def job() -> list[OutboxRecipient]:
                return [r for m in watched for r in store.outbox_recipients(m)]

            self.parts.tasks.submit("outbox-tests", job, self._tell_tests)

    def _tell_tests(self, recipients: list[OutboxRecipient]) -> None:
        model = self.parts.model
        for r in recipients:
            address = self._tests.get(r.message_id)
            if address is None:
                continue
            if r.state is DeliveryState.SENT:
                model.notify(f"The test went out to {address}.")
            elif r.state in (DeliveryState.FAILED, DeliveryState.UNCONFIRMED):
                model.notify(f"The test to {address} did not go out: {r.reason}", Severity.WARNING)
            else:
                continue
            del self._tests[r.message_id]

    def sender_name(self) -> str:
        """Return the name messages are signed with: the setting, else the login name."""
        return str(self.parts.settings["outbox.sender"]).strip() or person() or ""

    def open_reply(self, target: ComposeTarget) -> ComposeDialog | None:
        """Open the compose form for a reply to one customer (the desk only)."""
        return self._open_compose(target)

    def open_announcement(self, term_key: str) -> ComposeDialog | None:
        """Open the compose form for an announcement to everyone behind a word (the desk
        only), narrowed at first to the view's period and kinds."""
        parts = self.parts
        panel = self._drill.panel
        shown = {t.key: t.label for t in parts.model.snapshot.terms}
        label = shown.get(term_key, term_key)
        if panel is not None and panel.detail is not None and panel.detail.key == term_key:
            label = panel.detail.label
        view = parts.view
        window = view.window()
        target = ComposeTarget(
            kind=MessageKind.ANNOUNCEMENT,
            term_key=term_key,
            term_label=label,
            periods=window_periods(window.first, window.last, view.window_label),
            channels=parts.facets.get("channel", ()),
            segments=parts.facets.get("segment", ()),
            kinds=view.part.kinds,
        )
        return self._open_compose(target)

    def _open_compose(self, target: ComposeTarget) -> ComposeDialog | None:
        parts = self.parts
        settings = parts.settings
        if settings.wall:
            return None  # the wall never composes
        if self.compose_dialog is not None:
            self.compose_dialog.close()
        routes = routes_of(parts.feeds.feeds).values()
        fider = any(isinstance(r, FiderRoute) for r in routes)
        email = any(isinstance(r, EmailRoute) for r in routes)
        dialog = ComposeDialog(
            target,
            KioskCompose(self),
            parts.tasks,
            sender=self.sender_name(),
            test_address=str(settings["outbox.test_address"]),
            confirm_above=int(settings["outbox.confirm_above"]),
            fider=fider,
            email=email,
            parent=parts.window,
        )
        dialog.sent.connect(self._on_compose_sent)
        dialog.test_sent.connect(self._on_compose_test_sent)
        dialog.finished.connect(self._on_compose_dialog_finished)
        self.compose_dialog = dialog
        dialog.show()
        return dialog

    def _on_compose_sent(self, message_id: int, recipients: int, recorded: bool) -> None:
        who = f"{recipients:,} customer{'s' if recipients != 1 else ''}"
        if recorded:
            self.parts.model.notify(
                f"Message #{message_id}: {who} marked answered; nothing was sent (see the outbox)."
            )
        else:
            self.parts.model.notify(
                f"Message #{message_id} to {who} is on its way (see the outbox)."
            )
        # "Recorded only" recipients are answered at once, without the worker.
        self._delivered.start()

    def _on_compose_test_sent(self, message_id: int, address: str) -> None:
        self._tests[message_id] = address

    def _on_compose_dialog_finished(self, _result: int) -> None:
        dialog, self.compose_dialog = self.compose_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def remember_test_address(self, address: str) -> None:
        """Keep where tests go in the settings file, so the next test is one click."""
        parts = self.parts
        if address == parts.settings["outbox.test_address"] or parts.settings_path is None:
            return
        try:
            settings = parts.settings.replace(outbox__test_address=address)
            save_settings(settings, parts.settings_path)
        except (SettingsError, OSError) as exc:
            log.warning("could not remember the test address: %s", exc)
            return
        parts.settings = settings

    def open_outbox(self) -> OutboxDialog | None:
        """Open the outbox: messages, their deliveries, retry, cancel, confirm (the desk)."""
        if self.parts.settings.wall:
            return None
        if self.outbox_dialog is not None:
            self.outbox_dialog.raise_()
            self.outbox_dialog.activateWindow()
            self.outbox_dialog.refresh()
            return self.outbox_dialog
        dialog = OutboxDialog(KioskOutbox(self), self.parts.tasks, self.parts.window)
        dialog.acted.connect(self._on_outbox_acted)
        dialog.finished.connect(self._on_outbox_dialog_finished)
        self.outbox_dialog = dialog
        dialog.show()
        return dialog

    def _on_outbox_acted(self, line: str) -> None:
        self.parts.model.notify(f"Outbox: {line}")
        self.delivery.wake()
        self._delivered.start()

    def _on_outbox_dialog_finished(self, _result: int) -> None:
        dialog, self.outbox_dialog = self.outbox_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def apply_settings(self, settings: Settings, *, feeds_changed: bool) -> None:
        """Deliver to the feeds and with the retry policy now in force."""
        if feeds_changed:
            self.delivery.update_feeds(self.parts.feeds.feeds)
        self.delivery.update_policy(
            int(settings["outbox.max_attempts"]), float(settings["outbox.backoff_seconds"])
        )

    def stop(self) -> None:
        """Close the forms and stop the delivery worker."""
        self._delivered.stop()
        for dialog in (self.compose_dialog, self.outbox_dialog):
            if dialog is not None:
                dialog.close()
        self.delivery.stop()


class KioskCompose:
    """What the compose form needs from the running kiosk (its ``ComposeServices``)."""

    def __init__(self, answering: Answering) -> None:
        self._answering = answering

    def plan(self, composition: Composition) -> Plan:
        """Work out a reply or an announcement from the store (on the worker thread)."""
        parts = self._answering.parts
        feeds = parts.feeds.feeds
        if composition.audience is None:
            return plan_reply(parts.store, composition.draft, composition.feedback_ids, feeds)
        return plan_announcement(parts.store, composition.draft, composition.audience, feeds)

    def send(self, plan: Plan) -> int:
        """Queue the message and wake the delivery (on the worker thread)."""
        message_id = self._answering.parts.store.queue(plan)
        self._answering.delivery.wake()
        return message_id

    def send_test(self, plan: Plan, address: str) -> int:
        """Queue a test of the plan to ``address`` (on the worker thread)."""
        parts = self._answering.parts
        message_id = parts.store.queue(plan_test(plan, address, parts.feeds.feeds))
        self._answering.delivery.wake()
        return message_id

    def remember_test_address(self, address: str) -> None:
        """Keep where tests go (the UI thread)."""
        self._answering.remember_test_address(address)


class KioskOutbox:
    """What the outbox view needs from the running kiosk (its ``OutboxServices``)."""

    def __init__(self, answering: Answering) -> None:
        self._answering = answering

    def messages(self, limit: int) -> list[OutboxMessage]:
        """Return the newest messages (on the worker thread)."""
        return self._answering.parts.store.outbox_messages(limit)

    def recipients(self, message_id: int) -> list[OutboxRecipient]:
        """Return a message's recipients (on the worker thread)."""
        return self._answering.parts.store.outbox_recipients(message_id)

    def act(self, action: str, message_id: int | None, recipient_ids: Sequence[int] | None) -> str:
        """Retry, cancel or confirm deliveries, signed by the person at the desk."""
        store = self._answering.parts.store
        by = self._answering.sender_name() or "someone at the desk"
        ids = list(recipient_ids) if recipient_ids is not None else None
        if action == "retry":
            return outbox_commands.retry(store, message_id=message_id, recipient_ids=ids)
        if action == "cancel":
            return outbox_commands.cancel(store, by=by, message_id=message_id, recipient_ids=ids)
        if action == "confirm":
            return outbox_commands.confirm(store, by=by, message_id=message_id, recipient_ids=ids)
        raise ValueError(f"{action!r} is not retry, cancel or confirm")
