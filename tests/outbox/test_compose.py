"""Answering customers from the desk, end to end: the compose form in the running kiosk, a real
store, the delivery worker's thread, an SMTP server (aiosmtpd) and the record channel on
loopback; then the drill-down's states, the outbox view and the numbers that follow."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.cloud.presentation import answer_lines
from kiosk.model import Feedback, Kind, Response
from kiosk.outbox.values import DeliveryState, MessageKind
from kiosk.safetext import FSI, PDI
from kiosk.settings import FeedConfig, Settings, load_settings
from kiosk.store import Store
from kiosk.views.compose_dialog import ComposeDialog
from kiosk.views.tasks import synchronous
from tests.outbox.conftest import SmtpServer, feedback, mail_feed, mention_term

# Noon of the machine's day (the screens' days are local): noon UTC is already tomorrow
# west of UTC in the evening, and an answer given then is not one given today.
_NOON = datetime.now().astimezone().replace(hour=12, minute=0, second=0, microsecond=0)
TODAY = _NOON.astimezone(UTC)
WAIT_MS = 20_000


def unisolated(text: str) -> str:
    return text.replace(FSI, "").replace(PDI, "")


def item(ext: str, customer: str, *, days_ago: float = 1, **over: Any) -> Feedback:
    """Return one customer's item about the delivery, written ``days_ago`` days before today."""
    return replace(feedback(ext, customer, **over), created_at=TODAY - timedelta(days=days_ago))


def record_feed(name: str = "web") -> FeedConfig:
    """A feed whose customers were answered elsewhere: replies only mark items answered."""
    return FeedConfig(name, "csv", True, 300, {"path": "/dev/null", "reply": "record"})


@pytest.fixture
def desk(qtbot: QtBot, store: Store, tmp_path: Path) -> Iterator[Any]:
    """Start a desk kiosk on the store with the given feeds and settings (a factory)."""
    started: list[Kiosk] = []

    def start(feeds: Sequence[FeedConfig], **options: Any) -> Kiosk:
        settings = Settings(feeds=tuple(feeds)).replace(**options)
        kiosk = Kiosk(
            settings, store, executor=synchronous, settings_path=tmp_path / "settings.toml"
        )
        qtbot.addWidget(kiosk.window)
        started.append(kiosk)
        kiosk.start(sync=False, deliver=True)
        return kiosk

    yield start
    for kiosk in started:
        kiosk.stop()


def customers_of_delivery(store: Store) -> list[int]:
    """Five customers wrote about the delivery: three with an address, one without, one who
    asked not to be contacted."""
    ids = mention_term(
        store,
        [
            item("1", "ann", name="Ann Lee", email_address="ann@example.com"),
            item("2", "bob", name="Bob Roy", email_address="bob@example.com", kind=Kind.IDEA),
            item("3", "cat", name="Cat Poe", email_address="cat@example.com"),
            item("4", "dan", name="Dan Ash"),
            item("5", "eve", name="Eve Moss", email_address="eve@example.com"),
        ],
    )
    store.set_do_not_contact("eve", reason="asked by phone", by="Sam")
    return ids


def announce(kiosk: Kiosk) -> ComposeDialog:
    dialog = kiosk.open_announcement("delivery")
    assert dialog is not None
    dialog.what_edit.setPlainText("We moved to a courier with next-day slots.")
    dialog.when_edit.setText("from 1 August")
    dialog.replan()
    return dialog


def delivery_gap(kiosk: Kiosk) -> tuple[int, int] | None:
    stat = next((t for t in kiosk.model.snapshot.terms if t.key == "delivery"), None)
    if stat is None or stat.gap is None:
        return None
    return stat.gap.customers, stat.gap.unanswered


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    found = table.item(row, column)
    assert found is not None
    return found


def sample_messages(dialog: ComposeDialog) -> list[str]:
    shown = []
    for row in range(dialog.sample_list.count()):
        dialog.sample_list.setCurrentRow(row)
        shown.append(dialog.message_view.toPlainText())
    return shown


def test_an_announcement_reaches_everyone_behind_the_word_one_email_each(
    qtbot: QtBot, store: Store, desk: Any, smtp_server: SmtpServer
) -> None:
    customers_of_delivery(store)
    kiosk = desk([mail_feed(smtp_server.port)])
    assert delivery_gap(kiosk) == (5, 5)
    dialog = announce(kiosk)
    # Before anything goes: how many, how, who cannot be reached and why.
    assert dialog.reach_label.text() == "Reaches 3 customers: 3 by e-mail"
    unreachable = dialog.unreachable_label.text()
    assert unreachable.startswith("Cannot be reached: 2 — ")
    assert "no e-mail address: 1" in unreachable
    assert "asked not to be contacted: 1" in unreachable
    # Names sit in bidi isolates (an override in one cannot turn the line around).
    listed = [unisolated(dialog.unreachable_list.item(i).text()) for i in range(2)]
    assert sorted(listed) == [
        "Dan Ash — no e-mail address",
        "Eve Moss — asked not to be contacted (asked by phone)",
    ]
    # The message as each will receive it: placeholders filled, per customer.
    previews = sample_messages(dialog)
    assert len(previews) == 3
    ann = next(p for p in previews if "ann@example.com" in p)
    assert ann.startswith(
        "To: ann@example.com\nSubject: You told us about delivery: what we are doing\n\n"
        "Hello Ann,\n\nYou told us about delivery, and so did others. Here is what we are"
        " doing: We moved to a courier with next-day slots."
    )
    assert "You can expect to see it from 1 August." in ann
    assert "{" not in "".join(previews)
    assert dialog.send_button.text() == "Send to 3 customers"

    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert kiosk.compose_dialog is None  # queued: the form closed, the worker sends
    qtbot.waitUntil(lambda: len(smtp_server.received) == 3, timeout=WAIT_MS)
    by_address = {r.rcpt_tos[0]: r for r in smtp_server.received}
    assert sorted(by_address) == ["ann@example.com", "bob@example.com", "cat@example.com"]
    for address, received in by_address.items():
        assert received.rcpt_tos == [address]  # one message per customer, no visible list
        (to,) = received.message["To"].addresses
        assert to.addr_spec == address
        body = received.message.get_body(("plain",))
        assert body is not None
        text = body.get_content()
        first = {"ann": "Ann", "bob": "Bob", "cat": "Cat"}[address.split("@")[0]]
        assert text.startswith(f"Hello {first},")
        assert "next-day slots" in text and "from 1 August" in text
        assert not any(other in text for other in by_address if other != address)
    # The answers reach every number: three of five customers answered.
    qtbot.waitUntil(lambda: delivery_gap(kiosk) == (5, 2), timeout=WAIT_MS)
    message = store.outbox_messages()[0]
    assert message.kind is MessageKind.ANNOUNCEMENT and message.sender
    assert message.counts == {DeliveryState.SENT: 3}
    assert message.unreachable == {"no_email": 1, "do_not_contact": 1}


def test_the_drilldown_shows_each_rows_answer_state_after_the_worker_runs(
    qtbot: QtBot, store: Store, desk: Any, smtp_server: SmtpServer
) -> None:
    customers_of_delivery(store)
    smtp_server.behaviour.refuse_rcpt = {"cat@example.com"}
    kiosk = desk([mail_feed(smtp_server.port)])
    kiosk.open_drilldown("delivery")
    panel = kiosk.drilldown
    assert panel is not None and panel.detail is not None
    dialog = announce(kiosk)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)

    def states() -> dict[str, str]:
        return {row.mention.customer_id: row.answered for row in panel.model.rows.all}

    qtbot.waitUntil(lambda: states()["ann"].startswith("sent "), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: states()["cat"].startswith("failed: "), timeout=WAIT_MS)
    shown = states()
    assert shown["ann"].endswith("by e-mail") and shown["bob"].startswith("sent ")
    assert "550" in shown["cat"]  # the reason, in the server's words
    assert shown["dan"] == shown["eve"] == "not yet"  # nothing was sent to them
    # The table shows it, and its tooltip says the rest.
    column = 8
    cat_row = next(
        i for i, r in enumerate(panel.model.rows.shown) if r.mention.customer_id == "cat"
    )
    index = panel.model.index(cat_row, column)
    assert panel.model.data(index).startswith("failed: ")
    tooltip = panel.model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert "Our announcement (#1, from " in tooltip and "At the source: not yet" in tooltip
    # The panel's gap line follows the deliveries: Ann and Bob were answered.
    qtbot.waitUntil(
        lambda: panel.gap_label.text().startswith("Not answered yet: 3 of 5 customers"),
        timeout=WAIT_MS,
    )


def test_a_reply_through_the_record_channel_is_kept_with_the_customers_items(
    qtbot: QtBot, store: Store, desk: Any
) -> None:
    ids = mention_term(
        store,
        [
            item("1", "ann", feed="web", name="Ann Lee", days_ago=1),
            item("2", "ann", feed="web", name="Ann Lee", days_ago=3),
            item("3", "bob", feed="web", name="Bob Roy"),
        ],
    )
    kiosk = desk([record_feed()], outbox__sender="Priya Shah")
    kiosk.open_drilldown("delivery")
    panel = kiosk.drilldown
    assert panel is not None
    assert panel.select_feedback(ids[0])
    assert panel.reply_button.isEnabled()
    qtbot.mouseClick(panel.reply_button, Qt.MouseButton.LeftButton)
    dialog = kiosk.compose_dialog
    assert dialog is not None and dialog.target.kind is MessageKind.REPLY
    assert dialog.to_label.text() == "Ann Lee"
    assert sorted(dialog.target.feedback_ids) == sorted(ids[:2])  # all she said about it
    dialog.what_edit.setPlainText("We refunded the delivery charge.")
    dialog.replan()
    # Record only sends nothing, and says so where a person looks before clicking.
    assert dialog.reach_label.text() == "Marks 1 customer answered; nothing is sent to them."
    assert dialog.send_button.text() == "Mark 1 customer answered"
    assert "Hello Ann," in dialog.message_view.toPlainText()
    assert dialog.message_view.toPlainText().startswith("Nothing is sent")
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    # Recorded at once: the answer is kept with both items, signed.
    answers = store.answers_of(ids)
    assert sorted(answers) == sorted(ids[:2])
    (answer,) = answers[ids[0]]
    assert answer.by == "Priya Shah" and "We refunded the delivery charge." in (answer.text or "")
    qtbot.waitUntil(
        lambda: all(
            r.answered.startswith("answered ")
            for r in panel.model.rows.all
            if r.mention.customer_id == "ann"
        ),
        timeout=WAIT_MS,
    )
    # The selected item's answer shows under what she said.
    assert panel.select_feedback(ids[1])
    text = panel.verbatim.toPlainText()
    assert "Our answer" in text and "We refunded the delivery charge." in text
    assert "Not answered yet" not in text
    qtbot.waitUntil(lambda: delivery_gap(kiosk) == (2, 1), timeout=WAIT_MS)


def test_more_recipients_than_the_threshold_ask_a_second_time(
    qtbot: QtBot, store: Store, desk: Any, smtp_server: SmtpServer
) -> None:
    customers_of_delivery(store)
    kiosk = desk([mail_feed(smtp_server.port)], outbox__confirm_above=2)
    dialog = announce(kiosk)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert dialog.confirm_bar.isVisibleTo(dialog)
    assert "goes to 3 customers, more than 2" in dialog.confirm_label.text()
    assert store.outbox_messages() == []  # nothing queued on the first click
    assert not dialog.send_button.isEnabled()
    # Changing the message drops the question: what is confirmed is what is shown.
    dialog.when_edit.setText("from 2 August")
    assert not dialog.confirm_bar.isVisibleTo(dialog)
    dialog.replan()
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert dialog.confirm_button.text() == "Yes, send to 3 customers"
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    (message,) = store.outbox_messages()
    assert message.recipients == 3 and message.when_expected == "from 2 August"
    qtbot.waitUntil(lambda: len(smtp_server.received) == 3, timeout=WAIT_MS)


def test_a_test_to_me_is_one_click_once_the_address_is_known(
    qtbot: QtBot, store: Store, desk: Any, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    customers_of_delivery(store)
    kiosk = desk([mail_feed(smtp_server.port)], outbox__sender="Priya Shah")
    dialog = announce(kiosk)
    assert dialog.test_edit.text() == ""
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert "Type your address once" in dialog.status_label.text()
    dialog.test_edit.setText("priya@acme.example")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(smtp_server.received) == 1, timeout=WAIT_MS)
    (received,) = smtp_server.received
    assert received.rcpt_tos == ["priya@acme.example"]
    assert received.message["Subject"].startswith("[Test] ")
    body = received.message.get_body(("plain",))
    assert body is not None and "This is a test." in body.get_content()
    # A test answers nobody, and the address is remembered for the next time.
    assert store.answers_of(list(range(1, 10))) == {}
    assert store.outbox_messages()[0].test
    saved, _problems = load_settings(tmp_path / "settings.toml")
    assert saved["outbox.test_address"] == "priya@acme.example"
    dialog.close()
    again = announce(kiosk)
    assert again.test_edit.text() == "priya@acme.example"


def test_a_placeholder_nobody_knows_is_said_and_nothing_can_be_sent(
    store: Store, desk: Any, smtp_server: SmtpServer
) -> None:
    customers_of_delivery(store)
    kiosk = desk([mail_feed(smtp_server.port)])
    dialog = announce(kiosk)
    dialog.body_edit.setPlainText("Hello {first_name}, about {order_number}.")
    dialog.replan()
    assert dialog.error_label.isVisibleTo(dialog)
    assert "unknown placeholder {order_number}" in dialog.error_label.text()
    assert not dialog.send_button.isEnabled() and not dialog.test_button.isEnabled()
    dialog.body_edit.setPlainText("Hello {first_name}.")
    dialog.replan()
    assert not dialog.error_label.isVisibleTo(dialog) and dialog.send_button.isEnabled()


def test_an_announcement_narrowed_to_complaints_and_a_feed_without_a_reply_route(
    store: Store, desk: Any, smtp_server: SmtpServer
) -> None:
    customers_of_delivery(store)
    mention_term(store, [item("9", "fay", feed="forum", name="Fay Tan")])
    forum = FeedConfig("forum", "csv", True, 300, {"path": "/dev/null"})
    kiosk = desk([mail_feed(smtp_server.port), forum])
    dialog = announce(kiosk)
    assert "their feed has no reply route: 1" in dialog.unreachable_label.text()
    assert any(
        "Fay Tan — feed 'forum' has no reply route"
        in unisolated(dialog.unreachable_list.item(i).text())
        for i in range(dialog.unreachable_list.count())
    )
    # Only complaints: Bob gave an idea.
    dialog.kind_boxes[Kind.IDEA].setChecked(False)
    dialog.replan()
    assert dialog.reach_label.text() == "Reaches 2 customers: 2 by e-mail"
    audience = dialog.composition().audience
    assert audience is not None and Kind.IDEA not in audience.kinds


def test_the_wall_never_composes_and_its_panel_has_no_reply(qtbot: QtBot, store: Store) -> None:
    customers_of_delivery(store)
    settings = Settings(feeds=(record_feed(),)).replace(profile="wall")
    kiosk = Kiosk(settings, store, executor=synchronous)
    qtbot.addWidget(kiosk.window)
    try:
        kiosk.start(sync=False)
        kiosk.open_drilldown("delivery")
        # The wall's detail is for reading standing up: no table, no button to answer with.
        assert kiosk.drilldown is None
        detail = kiosk.wall_detail
        assert detail is not None and not hasattr(detail, "reply_button")
        assert kiosk.open_announcement("delivery") is None
        assert kiosk.open_outbox() is None
        assert kiosk.explore is None
    finally:
        kiosk.stop()


def test_the_outbox_view_cancels_and_confirms(qtbot: QtBot, store: Store) -> None:
    customers_of_delivery(store)
    # No worker: the deliveries stay where the test puts them.
    settings = Settings(feeds=(mail_feed(1),)).replace(outbox__sender="Sam Okafor")
    kiosk = Kiosk(settings, store, executor=synchronous)
    qtbot.addWidget(kiosk.window)
    try:
        kiosk.start(sync=False)
        dialog = announce(kiosk)
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
        (message,) = store.outbox_messages()
        # One delivery was handed to the server and its fate is unknown: a person decides.
        job = store.claim_delivery()
        assert job is not None
        store.mark_handed_over(job.recipient.id, "<id@acme.example>")
        store.mark_unconfirmed(job.recipient.id, "the server did not answer after the message")
        # Another failed, and the worker will try it again by itself: still on its way.
        busy = store.claim_delivery()
        assert busy is not None
        store.mark_failed(busy.recipient.id, "mailbox busy", retry_at=datetime.now(UTC))
        outbox = kiosk.open_outbox()
        assert outbox is not None
        assert outbox.message_table.rowCount() == 1
        assert outbox.summary.text().startswith(
            "1 message; 2 on their way (tried again by itself after a failure too), 1 waiting"
            " for a person"
        )
        store.retry_deliveries([busy.recipient.id])
        outbox.refresh()
        assert cell(outbox.message_table, 0, 4).text() == (
            "1 waiting for a person to confirm, 2 queued, 2 could not be reached"
        )
        assert outbox.recipient_table.rowCount() == 3
        states = [cell(outbox.recipient_table, r, 3).text() for r in range(3)]
        assert sum(s.startswith("waiting for a person to confirm — the server") for s in states)
        # Confirm the one a person checked.
        row = next(
            r
            for r in range(3)
            if int(cell(outbox.recipient_table, r, 0).data(Qt.ItemDataRole.UserRole))
            == job.recipient.id
        )
        outbox.recipient_table.selectRow(row)
        assert outbox.confirm_button.isEnabled() and outbox.retry_button.isEnabled()
        qtbot.mouseClick(outbox.confirm_button, Qt.MouseButton.LeftButton)
        assert outbox.result_label.text() == "1 delivery confirmed sent"
        (confirmed,) = [r for r in store.outbox_recipients(message.id) if r.id == job.recipient.id]
        assert confirmed.state is DeliveryState.SENT and confirmed.confirmed_by == "Sam Okafor"
        # Cancel the rest of the message (nothing selected: the whole message).
        outbox.recipient_table.clearSelection()
        assert outbox.cancel_button.isEnabled()
        qtbot.mouseClick(outbox.cancel_button, Qt.MouseButton.LeftButton)
        assert outbox.result_label.text() == "2 deliveries cancelled"
        counts = store.outbox_message(message.id)
        assert counts is not None
        assert counts.counts == {DeliveryState.SENT: 1, DeliveryState.CANCELLED: 2}
        assert cell(outbox.message_table, 0, 4).text().startswith("1 sent, 2 cancelled")
        assert not outbox.cancel_button.isEnabled() and not outbox.confirm_button.isEnabled()
        # The confirmed delivery answered its customer: the numbers follow.
        qtbot.waitUntil(lambda: delivery_gap(kiosk) == (5, 4), timeout=WAIT_MS)
    finally:
        kiosk.stop()


def test_the_card_and_the_panel_say_the_same_gap(qtbot: QtBot, store: Store, desk: Any) -> None:
    ids = mention_term(
        store,
        [
            item("1", "ann", feed="web", name="Ann Lee"),
            item("2", "bob", feed="web", name="Bob Roy", kind=Kind.IDEA),
            item("3", "cat", feed="web", name="Cat Poe"),
        ],
    )
    kiosk = desk([record_feed()])
    kiosk.open_drilldown("delivery")
    panel = kiosk.drilldown
    assert panel is not None
    assert panel.select_feedback(ids[0])
    qtbot.mouseClick(panel.reply_button, Qt.MouseButton.LeftButton)
    dialog = kiosk.compose_dialog
    assert dialog is not None
    dialog.replan()
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: delivery_gap(kiosk) == (3, 2), timeout=WAIT_MS)
    (stat,) = [t for t in kiosk.model.snapshot.terms if t.key == "delivery"]
    assert stat.gap is not None
    lines = answer_lines(stat.gap)
    assert lines == ["Not answered yet: 2 of 3 customers (1 complaint, 1 idea)"]
    qtbot.waitUntil(lambda: panel.gap_label.text() == " · ".join(lines), timeout=WAIT_MS)


def test_customer_text_is_shown_as_written_never_as_markup(
    qtbot: QtBot, store: Store, desk: Any
) -> None:
    (fid,) = mention_term(
        store,
        [item("1", "zed", feed="web", name="<b>Zed</b> <img src=x>", text="The delivery <i>")],
    )
    kiosk = desk([record_feed()])
    kiosk.open_drilldown("delivery")
    panel = kiosk.drilldown
    assert panel is not None and panel.select_feedback(fid)
    qtbot.mouseClick(panel.reply_button, Qt.MouseButton.LeftButton)
    dialog = kiosk.compose_dialog
    assert dialog is not None
    assert dialog.to_label.textFormat() == Qt.TextFormat.PlainText
    assert dialog.to_label.text() == "<b>Zed</b> <img src=x>"
    dialog.replan()
    shown = dialog.sample_list.item(0).text()
    assert shown.startswith(f"{FSI}<b>Zed</b> <img src=x>{PDI} — ")
    assert "Hello <b>Zed</b>," in dialog.message_view.toPlainText()
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert panel.select_feedback(fid)
    # The answer kept with the item, in the panel's rich text: escaped, shown as written.
    qtbot.waitUntil(lambda: "Our answer" in panel.verbatim.toPlainText(), timeout=WAIT_MS)
    assert "Hello <b>Zed</b>," in panel.verbatim.toPlainText()


def test_an_announcement_leaves_out_the_customers_the_panel_counts_answered(
    qtbot: QtBot, store: Store, desk: Any
) -> None:
    answered = Response("We sent a new parcel.", TODAY - timedelta(hours=2), "Sam")
    mention_term(
        store,
        [
            # Ann's newest item was answered, an older one was not: answered, as counted.
            replace(item("1", "ann", feed="web", name="Ann Lee", days_ago=1), response=answered),
            item("2", "ann", feed="web", name="Ann Lee", days_ago=4),
            item("3", "bob", feed="web", name="Bob Roy"),
            replace(item("4", "cat", feed="web", name="Cat Poe"), response=answered),
        ],
    )
    kiosk = desk([record_feed()], outbox__sender="Priya Shah")
    kiosk.open_drilldown("delivery")
    panel = kiosk.drilldown
    assert panel is not None
    qtbot.waitUntil(lambda: panel.gap_label.text().startswith("Not answered yet: 1 of 3"))
    dialog = announce(kiosk)
    assert dialog.unanswered_box.isChecked()
    # One number, one meaning: the one customer the panel counts as waiting is the one marked.
    assert dialog.send_button.text() == "Mark 1 customer answered"
    assert dialog.left_out_label.text().startswith("Left out: 2 customers who already")


def test_marking_many_answered_asks_in_those_words_and_says_nothing_was_sent(
    qtbot: QtBot, store: Store, desk: Any
) -> None:
    mention_term(store, [item(str(i), f"c{i}", feed="web", name=f"C{i} Lee") for i in range(3)])
    kiosk = desk([record_feed()], outbox__sender="Priya Shah", outbox__confirm_above=2)
    kiosk.open_drilldown("delivery")
    dialog = announce(kiosk)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    # Nothing goes out on a record-only route: the second question must not say "send".
    assert dialog.confirm_button.text() == "Yes, mark 3 customers answered"
    assert "nothing is sent" in dialog.confirm_label.text()
    with qtbot.waitSignal(kiosk.model.notified) as told:
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert told.args is not None
    assert "3 customers marked answered; nothing was sent" in told.args[0].text


def test_an_announcement_saying_nothing_cannot_be_sent(
    qtbot: QtBot, store: Store, desk: Any
) -> None:
    mention_term(store, [item("1", "ann", feed="web", name="Ann Lee")])
    kiosk = desk([record_feed()], outbox__sender="Priya Shah")
    kiosk.open_drilldown("delivery")
    dialog = announce(kiosk)
    assert dialog.send_button.isEnabled()
    dialog.what_edit.setPlainText("")
    dialog.replan()
    qtbot.waitUntil(lambda: dialog.error_label.isVisibleTo(dialog))
    assert '"What we are doing" is empty' in dialog.error_label.text()
    assert not dialog.send_button.isEnabled()
