"""The drill-down: the customers behind a word, shown safely, privately on the wall."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.dashboard import term_detail
from kiosk.insight import SNIPPET_CHARS, TermDetail, sentence_around
from kiosk.model import Customer, Feedback, Kind, KindSource, Rating, RatingScale, Response, Status
from kiosk.rows import Column, DrilldownOptions
from kiosk.safetext import FSI, isolate
from kiosk.settings import FeedConfig, Settings
from kiosk.store import Store
from kiosk.values import MentionRecord
from kiosk.views.drilldown import VERBATIM_DISPLAY_CHARS, DrilldownPanel
from kiosk.views.palette import cloud_palette
from kiosk.views.tasks import synchronous

NOW = datetime.now(UTC).replace(microsecond=0)
COLORS = dict(cloud_palette().kinds)


def add(
    store: Store,
    ext: str,
    text: str,
    customer: Customer,
    *,
    term: str = "delivery",
    kind: Kind = Kind.COMPLAINT,
    days_ago: float = 1,
    feed: str = "web",
    **extra: object,
) -> int:
    """Store one item and its mention of ``term`` (found in the text, case-insensitively)."""
    fb = Feedback(
        feed_id=feed,
        external_id=ext,
        text=text,
        created_at=NOW - timedelta(days=days_ago),
        customer=customer,
        kind=kind,
        channel="email",
        **extra,  # type: ignore[arg-type]
    )
    fid = store.upsert([fb]).new_ids[0]
    start = text.lower().find(term.lower())
    assert start >= 0, "the term must be in the text"
    store.replace_mentions({fid: [MentionRecord(term, term, kind, 0.9, start, start + len(term))]})
    return fid


ANN = Customer("c-ann", "Ann Lee", "ann.lee@example.com", "Enterprise", 52_000)
BOB = Customer("c-bob", "Bob Stone", None, "Consumer", 120)
CAT = Customer("c-cat", "Cat Ng", None, "Small business", 4_000)


@pytest.fixture
def filled(store: Store) -> Store:
    add(store, "1", "My delivery was four days late. Call me on +44 20 7946 0958.", ANN,
        days_ago=1, status=Status.RESOLVED,
        response=Response("Sorry Ann, we changed courier.", NOW, "Priya"))  # fmt: skip
    add(store, "2", "Delivery was on time, great driver!", BOB, kind=Kind.COMPLIMENT, days_ago=2)
    add(store, "3", "Please add evening delivery slots.", CAT, kind=Kind.IDEA, days_ago=3,
        votes=14)  # fmt: skip
    add(store, "4", "Second late delivery this month.", ANN, days_ago=5)
    add(store, "5", "An old delivery story.", BOB, days_ago=45)
    add(store, "6", "The app is lovely.", CAT, term="app", kind=Kind.COMPLIMENT)
    return store


def make_panel(qtbot: QtBot, options: DrilldownOptions | None = None) -> DrilldownPanel:
    panel = DrilldownPanel(COLORS, options or DrilldownOptions())
    qtbot.addWidget(panel)
    panel.resize(1000, 800)
    return panel


def detail(store: Store, term: str = "delivery") -> TermDetail:
    return term_detail(store, term, 30, NOW)


def customers_shown(panel: DrilldownPanel) -> list[str]:
    return [panel.model.row_at(i).customer for i in range(panel.model.rowCount())]


def test_term_detail_counts_customers_kinds_and_trend(filled: Store) -> None:
    d = detail(filled)
    assert d.mentions == 4
    assert d.customers == 3
    assert d.customers_by_kind == {Kind.COMPLAINT: 1, Kind.COMPLIMENT: 1, Kind.IDEA: 1}
    assert [r.external_id for r in d.rows] == ["1", "2", "3", "4"]
    # The chart counts customers per day (Ann on two days), the change distinct customers:
    # three now against one (Bob, 45 days ago) before.
    assert sum(sum(p.by_kind.values()) for p in d.trend) == 4
    assert len(d.trend) == 30
    assert d.previous_customers == 1
    assert d.change == pytest.approx(2.0)
    # Ann said "late delivery" twice, both complaints: once in the headline and the split.
    assert sum(d.customers_by_kind.values()) == d.customers


def test_a_click_on_a_word_opens_its_customers(qtbot: QtBot, filled: Store) -> None:
    settings = Settings(feeds=(FeedConfig("web", "csv"),))  # a feed, so no demo
    kiosk = Kiosk(settings, filled, executor=synchronous)
    qtbot.addWidget(kiosk.window)
    try:
        kiosk.start()
        kiosk.show(fullscreen=False)
        qtbot.waitExposed(kiosk.window)
        qtbot.waitUntil(lambda: kiosk.cloud.word_rect("delivery") is not None, timeout=5000)
        kiosk.cloud.finish_animations()
        rect = kiosk.cloud.word_rect("delivery")
        assert rect is not None
        qtbot.mouseClick(kiosk.cloud, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
        panel = kiosk.drilldown
        assert panel is not None and panel.isVisible()
        assert panel.title.text() == "delivery"
        assert sorted(customers_shown(panel)) == ["Ann Lee", "Ann Lee", "Bob Stone", "Cat Ng"]
        assert "4 mentions" in panel.summary.text() and "3 customers" in panel.summary.text()
        # The newest row is selected: its verbatim, our response, and Ann's whole history.
        assert "four days late" in panel.verbatim.toPlainText()
        assert "Sorry Ann, we changed courier." in panel.verbatim.toPlainText()
        assert panel.history.topLevelItemCount() == 2
        newest = panel.history.topLevelItem(0)
        # Customer text is shown inside a bidirectional isolate.
        assert newest is not None and newest.text(3).startswith(FSI + "My delivery")
        assert newest.text(1) == "complaint"
        qtbot.keyClick(panel.table, Qt.Key.Key_Escape)
        assert not panel.isVisible()
    finally:
        kiosk.stop()


def test_rows_sort_filter_search_and_count(qtbot: QtBot, filled: Store) -> None:
    panel = make_panel(qtbot)
    panel.show_detail(detail(filled))
    assert panel.shown_label.text() == "4 of 4 shown"
    for column in Column:
        panel.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
        assert panel.model.rowCount() == 4
    panel.table.sortByColumn(Column.VOTES, Qt.SortOrder.DescendingOrder)
    assert panel.model.row_at(0).mention.votes == 14
    panel.table.sortByColumn(Column.CUSTOMER, Qt.SortOrder.AscendingOrder)
    assert customers_shown(panel) == ["Ann Lee", "Ann Lee", "Bob Stone", "Cat Ng"]
    panel.kind_filter.setCurrentIndex(panel.kind_filter.findData(Kind.COMPLAINT.value))
    assert panel.shown_label.text() == "2 of 4 shown"
    assert {panel.model.row_at(i).mention.kind for i in range(2)} == {Kind.COMPLAINT}
    panel.kind_filter.setCurrentIndex(0)
    panel.search.setText("ON TIME")
    qtbot.waitUntil(lambda: customers_shown(panel) == ["Bob Stone"])
    assert panel.shown_label.text() == "1 of 4 shown"
    # The detail is always of a row the table shows: the one match now...
    assert "on time" in panel.verbatim.toPlainText().lower()
    # ... and nothing once no row is left, never a verbatim the search hid.
    panel.search.setText("no customer wrote this")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0)
    assert panel.verbatim.toPlainText() == ""


def test_export_is_excel_friendly_csv_and_copy_gives_rows(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    add(store, "1", '=HYPERLINK("http://x") delivery, ça coûte cher', ANN)
    add(store, "2", "Lieferung zu spät, delivery", BOB)
    panel = make_panel(qtbot)
    panel.show_detail(detail(store))
    out = tmp_path / "rows.csv"
    assert panel.model.export_csv(out) == 2
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][:3] == ["Customer", "Kind", "What they said"]
    said = {r[0]: r[-1] for r in rows[1:]}
    assert said["Ann Lee"].startswith("'=HYPERLINK")  # a formula stays text
    assert "ça coûte cher" in said["Ann Lee"]
    panel.table.selectAll()
    panel.copy_selection()
    copied = QGuiApplication.clipboard().text().splitlines()
    assert len(copied) == 3 and copied[0].startswith("Customer\tKind")
    # The clipboard follows the export's rule: pasted into a spreadsheet, no cell runs.
    cells = [c for line in copied[1:] for c in line.split("\t")]
    assert any(c.startswith("'=HYPERLINK") for c in cells)
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)


@pytest.mark.parametrize(
    "name",
    [
        "Ann \u202eLee",
        # Its own POP DIRECTIONAL ISOLATE first would close ours, then override the rest.
        "Ann \u2069\u202eLee",
    ],
)
def test_a_right_to_left_override_cannot_turn_the_rest_of_the_line_around(
    qtbot: QtBot, store: Store, name: str
) -> None:
    from PySide6.QtGui import QTextLayout

    # U+202E RIGHT-TO-LEFT OVERRIDE in the customer's name and words, never closed.
    ann = Customer("c-ann", name, "ann@example.com", "Gold")
    add(store, "1", "The delivery \u202ewas late", ann)
    panel = make_panel(qtbot)
    panel.show_detail(detail(store))
    panel.table.selectRow(0)
    facts = panel.verbatim.document().firstBlock().text()
    assert facts.startswith(FSI) and "\u2069 · " in facts
    # Laid out, the text after the name's isolate runs left to right again: each later
    # character sits further right than the one before it.
    layout = QTextLayout(facts, panel.font())
    layout.beginLayout()
    line = layout.createLine()
    layout.endLayout()
    after = facts.index("\u2069 · ") + 2
    # PySide6 types cursorToX's (x, position) pair as a bare object.
    xs = [cast(tuple[float, int], line.cursorToX(i))[0] for i in range(after, len(facts))]
    assert xs == sorted(xs), xs
    cell = panel.model.data(panel.model.index(0, Column.CUSTOMER))
    assert cell.startswith(FSI) and cell.endswith("\u2069")
    # Inside, the name's own controls are marks: it cannot spell itself backwards either.
    assert "\u202e" not in cell and cell[1:-1].count("\u2069") == 0


HOSTILE = {
    "html": "<b>bold</b> delivery <img src=http://127.0.0.1:{port}/pixel.png> "
    "<a href='http://127.0.0.1:{port}/click'>click</a> <script>alert(1)</script>",
    "control": "delivery\x00 with\x07 bells\x1b[31m and\x7f nulls",
    "rtl": "التوصيل delivery كان متأخرا جدا 🚚",
    "emoji": "🚚🚚🚚 delivery 😡😡 " + "🎉" * 50,
}


@pytest.fixture
def quiet_server(httpserver: HTTPServer) -> Iterator[HTTPServer]:
    httpserver.expect_request("/pixel.png").respond_with_data(b"", status=200)
    httpserver.expect_request("/click").respond_with_data(b"", status=200)
    yield httpserver


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_text_is_shown_literally_and_fetches_nothing(
    qtbot: QtBot, store: Store, quiet_server: HTTPServer, case: str
) -> None:
    text = HOSTILE[case].format(port=quiet_server.port)
    add(store, "1", text, ANN)
    panel = make_panel(qtbot)
    panel.show()
    panel.show_detail(detail(store))
    qtbot.wait(50)
    row = panel.model.row_at(0)
    shown = panel.verbatim.toPlainText()
    visible = text.translate({c: "\N{REPLACEMENT CHARACTER}" for c in (0, 7, 0x1B, 0x7F)})
    assert visible in shown  # literally, markup and all
    assert "\x00" not in row.sentence and "\x07" not in row.sentence
    assert panel.model.data(panel.model.index(0, Column.SAID)) == isolate(row.sentence)
    assert not panel.verbatim.document().allFormats() or "<img" not in panel.verbatim.toHtml()
    assert "&lt;img" in panel.verbatim.toHtml() or case != "html"
    tooltip = panel.model.data(panel.model.index(0, Column.SAID), Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tooltip and "<b>" not in tooltip  # tooltips are rich text in Qt
    panel.show_history("c-ann", store.customer_history("c-ann"))
    item = panel.history.topLevelItem(0)
    assert item is not None and "<img" not in item.toolTip(3) and "<a " not in item.toolTip(3)
    # Nothing in the text reached the network, and the row keeps its height.
    assert quiet_server.log == []
    assert panel.table.rowHeight(0) == panel.table.verticalHeader().defaultSectionSize()


def test_a_megabyte_of_text_is_cut_for_display(qtbot: QtBot, store: Store) -> None:
    text = "Intro. " + ("blah " * 1000) + "late delivery here " + ("word " * 210_000)
    assert len(text) > 1_000_000
    add(store, "1", text, ANN)
    panel = make_panel(qtbot)
    panel.show_detail(detail(store))
    row = panel.model.row_at(0)
    assert len(row.sentence) < 300
    assert row.sentence[row.start : row.end] == "delivery"
    shown = panel.verbatim.toPlainText()
    assert len(shown) < VERBATIM_DISPLAY_CHARS + 200
    assert f"{len(text):,} characters in all" in shown


def test_sentence_around_finds_the_sentence_and_keeps_the_span() -> None:
    text = "First one. The delivery was late! Third."
    start = text.index("delivery")
    snippet, s, e = sentence_around(text, start, start + 8)
    assert snippet == "The delivery was late!"
    assert snippet[s:e] == "delivery"


def test_desk_shows_everything_and_opens_only_safe_links(qtbot: QtBot, filled: Store) -> None:
    options = DrilldownOptions(
        link_templates={"web": "https://crm.example.com/customers/{customer_id}"}
    )
    panel = make_panel(qtbot, options)
    panel.show()
    panel.show_detail(detail(filled))
    assert panel.model.row_at(0).customer == "Ann Lee"
    assert "+44 20 7946 0958" in panel.verbatim.toPlainText()
    assert panel.crm_link.isVisible()
    with qtbot.waitSignal(panel.link_activated) as blocker:
        qtbot.mouseClick(panel.crm_link, Qt.MouseButton.LeftButton)
    assert blocker.args == ["https://crm.example.com/customers/c-ann"]


def test_wall_masks_names_and_contacts_and_hides_the_crm(qtbot: QtBot, filled: Store) -> None:
    options = DrilldownOptions(
        wall=True, link_templates={"web": "https://crm.example.com/customers/{customer_id}"}
    )
    panel = make_panel(qtbot, options)
    panel.show()
    panel.show_detail(detail(filled))
    assert sorted(customers_shown(panel)) == ["A. L.", "A. L.", "B. S.", "C. N."]
    shown = panel.verbatim.toPlainText()
    assert "7946" not in shown and "[phone]" in shown
    assert "Ann Lee" not in shown
    assert not panel.crm_link.isVisible()
    assert not panel.source_link.isVisible()  # no browser over an unattended screen
    for control in (panel.export_button, panel.copy_button, panel.search):
        assert not control.isVisible()
    panel.show_history("c-ann", filled.customer_history("c-ann"))
    assert "Priya" not in panel.verbatim.toPlainText()


def test_wall_never_exports_contacts_or_names(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    add(store, "1", "Late delivery. Call +44 20 7946 0958. Regards, Ann Lee", ANN)
    panel = make_panel(qtbot, DrilldownOptions(wall=True, min_customers=1))
    panel.show_detail(detail(store))
    out = tmp_path / "rows.csv"
    panel.model.export_csv(out)
    exported = out.read_text(encoding="utf-8-sig")
    assert "7946" not in exported and "Ann Lee" not in exported and "A. L." in exported
    assert "Ann Lee" not in panel.verbatim.toPlainText()


def test_wall_shows_no_rows_for_a_word_few_customers_used(qtbot: QtBot, filled: Store) -> None:
    panel = make_panel(qtbot, DrilldownOptions(wall=True, min_customers=3))
    panel.show()
    panel.show_detail(detail(filled, "app"))
    assert panel.model.rowCount() == 0
    assert panel.privacy_note.isVisible()
    assert "Fewer than 3 customers" in panel.privacy_note.text()
    desk = make_panel(qtbot)
    desk.show_detail(detail(filled, "app"))
    assert desk.model.rowCount() == 1


def test_wall_panel_closes_itself_when_idle(qtbot: QtBot, filled: Store) -> None:
    panel = make_panel(qtbot, DrilldownOptions(wall=True, idle_close_seconds=1))
    panel.show()
    panel.show_detail(detail(filled))
    with qtbot.waitSignal(panel.closed, timeout=3000):
        pass
    assert not panel.isVisible()


def test_keyboard_reaches_every_control_and_arrows_move_rows(qtbot: QtBot, filled: Store) -> None:
    panel = make_panel(qtbot)
    panel.show()
    qtbot.waitExposed(panel)
    panel.show_detail(detail(filled))
    focusable = [
        w for w in panel.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(panel)
    ]  # fmt: skip
    for control in focusable:
        assert control.accessibleName(), f"{type(control).__name__} has no accessible name"
    # Tab follows the focus chain, stopping at visible, enabled widgets that take Tab focus.
    reached = set()
    widget: QWidget | None = panel.nextInFocusChain()
    while widget is not None and widget is not panel:
        if (widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(panel)
                and widget.isEnabled()):  # fmt: skip
            reached.add(widget)
        widget = widget.nextInFocusChain()
    for needed in (panel.kind_filter, panel.search, panel.table, panel.export_button,
                   panel.copy_button, panel.close_button):  # fmt: skip
        assert needed in reached, needed.accessibleName()
    panel.table.setFocus()
    panel.select_row(0)
    first = panel.verbatim.toPlainText()
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    assert panel.table.currentIndex().row() == 1
    assert panel.verbatim.toPlainText() != first
    with qtbot.waitSignal(panel.closed):
        qtbot.keyClick(panel.table, Qt.Key.Key_Escape)


def test_history_shows_the_kinds_the_analysis_found(qtbot: QtBot, store: Store) -> None:
    fid = add(store, "1", "Late delivery, lovely driver", ANN, kind=Kind.UNCLASSIFIED)
    store.replace_mentions(
        {
            fid: [
                MentionRecord("delivery", "delivery", Kind.COMPLAINT, 0.9, 5, 13),
                MentionRecord("driver", "driver", Kind.COMPLIMENT, 0.9, 22, 28),
            ]
        }
    )
    panel = make_panel(qtbot, DrilldownOptions(min_customers=1))
    panel.show_detail(detail(store))
    rows = store.customer_history("c-ann")
    panel.show_history("c-ann", rows, store.mention_kinds([r.id for r in rows]))
    item = panel.history.topLevelItem(0)
    assert item is not None and item.text(1) == "complaint, compliment"


def test_history_shows_each_item_as_every_other_surface_does(qtbot: QtBot, store: Store) -> None:
    # A person's correction, and a four-star review whose words ask: the header and the
    # drill-down count them as a complaint and an idea, and so does the history.
    corrected = add(store, "1", "The delivery was fine", ANN, kind=Kind.COMPLIMENT)
    store.correct_kind(corrected, Kind.COMPLAINT, by="Lee")
    asks = add(
        store,
        "2",
        "Great delivery app, would be five stars if it had a tracking map",
        ANN,
        kind=Kind.COMPLIMENT,
        kind_source=KindSource.RATING,
        rating=Rating(4, RatingScale.STARS),
        days_ago=2,
    )
    store.replace_mentions({}, {asks: (Kind.IDEA, 1.0)})
    panel = make_panel(qtbot, DrilldownOptions(min_customers=1))
    panel.show_detail(detail(store))
    rows = store.customer_history("c-ann")
    assert {row.id: row.kind for row in rows} == {corrected: Kind.COMPLAINT, asks: Kind.IDEA}
    panel.show_history("c-ann", rows, store.mention_kinds([r.id for r in rows]))
    shown = [panel.history.topLevelItem(i) for i in range(panel.history.topLevelItemCount())]
    assert [item.text(1) for item in shown if item is not None] == ["complaint", "idea"]


def test_twenty_thousand_rows(qtbot: QtBot, store: Store) -> None:
    customers = [Customer(f"c{i}", f"Customer {i}") for i in range(2000)]
    items = [
        Feedback("web", str(i), f"late delivery number {i}", NOW - timedelta(hours=i % 600),
                 customers[i % 2000], kind=Kind.COMPLAINT)
        for i in range(20_000)
    ]  # fmt: skip
    ids = store.upsert(items).new_ids
    store.replace_mentions(
        {fid: [MentionRecord("delivery", "delivery", Kind.COMPLAINT, 0.9, 5, 13)] for fid in ids}
    )
    panel = make_panel(qtbot)
    panel.show_detail(detail(store))
    assert panel.model.rowCount() == 20_000
    assert panel.shown_label.text() == "20,000 of 20,000 shown"
    panel.search.setText("number 19999")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)


def test_first_screen_then_every_row_keeping_the_selection(qtbot: QtBot, filled: Store) -> None:
    first = term_detail(filled, "delivery", 30, NOW, row_limit=2)
    assert [r.external_id for r in first.rows] == ["1", "2"]
    assert (first.items, first.customers, first.complete) == (4, 3, False)
    panel = make_panel(qtbot)
    panel.show_detail(first)
    assert panel.shown_label.text() == "2 shown · the newest 2 of 4"
    panel.select_row(1)
    everything = filled.term_mentions("delivery", first.since_day, first.until_day)
    panel.show_all_rows("delivery", everything)
    assert panel.shown_label.text() == "4 of 4 shown"
    assert panel.model.row_at(panel.table.currentIndex().row()).mention.external_id == "2"
    panel.show_all_rows("app", [])  # a late answer for another word changes nothing
    assert panel.model.rowCount() == 4


def test_a_person_sets_a_kind_and_every_number_follows(qtbot: QtBot, filled: Store) -> None:
    settings = Settings(feeds=(FeedConfig("web", "csv"),))
    kiosk = Kiosk(settings, filled, executor=synchronous)
    qtbot.addWidget(kiosk.window)
    try:
        kiosk.start(sync=False)
        kiosk.open_drilldown("delivery")
        panel = kiosk.drilldown
        assert panel is not None and panel.detail is not None
        bob = filled.get("web", "2")
        assert bob is not None
        assert panel.select_feedback(bob.id)
        assert panel.kind_button.isEnabled()
        menu = panel.kind_button.menu()
        assert menu is not None
        (complaint,) = [a for a in menu.actions() if a.text() == "Complaint"]
        complaint.trigger()
        # Bob's compliment is now a complaint, signed, on the row, in the split and the cloud.
        row = filled.feedback_by_ids([bob.id])[0]
        assert row.correction is not None and row.kind is Kind.COMPLAINT
        assert panel.detail.customers_by_kind == {Kind.COMPLAINT: 2, Kind.IDEA: 1}
        position = panel.model.position_of(bob.id)
        assert position is not None
        assert panel.model.row_at(position).cell(Column.KIND) == "Complaint ✎"
        (stat,) = [t for t in kiosk.model.snapshot.terms if t.key == "delivery"]
        assert stat.customers_by_kind == panel.detail.customers_by_kind
        # Taken back: the analysis's (here the stored) reading returns.
        assert panel.select_feedback(bob.id)
        assert panel.undo_kind_action.isEnabled()
        panel.undo_kind_action.trigger()
        row = filled.feedback_by_ids([bob.id])[0]
        assert row.correction is None
    finally:
        kiosk.stop()


def test_the_wall_cannot_set_kinds(qtbot: QtBot) -> None:
    panel = make_panel(qtbot, DrilldownOptions(wall=True))
    panel.show()
    assert not panel.kind_button.isVisible()


@pytest.mark.parametrize(
    ("text", "term", "sentence"),
    [
        ("Version 2.1 of the app crashes. Fine.", "app", "Version 2.1 of the app crashes."),
        ("Mail jo.bloggs@example.com about the refund.", "refund", None),
        ("See https://shop.example.com/help. The delivery was late.", "delivery", None),
        ('She said "great service." Then the courier left.', "courier", "Then the courier left."),
        ("配送が遅い。アプリは良い。", "アプリ", "アプリは良い。"),
    ],
)
def test_a_sentence_ends_at_a_full_stop_before_a_space_only(
    text: str, term: str, sentence: str | None
) -> None:
    start = text.index(term)
    snippet, s, e = sentence_around(text, start, start + len(term))
    assert snippet[s:e] == term
    if sentence is None:
        # Nothing inside the address or the link ends a sentence.
        assert snippet.startswith(("Mail jo.bloggs@", "The delivery"))
    else:
        assert snippet == sentence


def test_tab_leaves_the_table_for_the_actions(qtbot: QtBot, filled: Store) -> None:
    panel = make_panel(qtbot)
    panel.show()
    qtbot.waitExposed(panel)
    panel.show_detail(detail(filled))
    panel.activateWindow()
    panel.table.selectRow(0)
    panel.table.setFocus()
    qtbot.waitUntil(panel.table.hasFocus)
    assert panel.reply_button.isEnabled()
    visited = []
    for _ in range(12):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    # Rows are walked with the arrows: Tab goes on, and Reply is within reach.
    assert visited[0] is not panel.table
    assert panel.reply_button in visited


def test_a_long_sentence_is_cut_between_words() -> None:
    # The window around "delivery" would end inside an address on the left and inside a
    # phone number on the right.
    half = (SNIPPET_CHARS - len("delivery")) // 2
    filler = "x " * ((half - 11) // 2)
    text = f"Write to jo.bloggs@example.com {filler}delivery and {'y ' * 50}call 07700900123 today."
    start = text.index("delivery")
    assert "@" in text[start - half - 5 : start - half + 5]
    assert text[start + 8 + half].isdigit()
    snippet, s, e = sentence_around(text, start, start + 8)
    assert snippet[s:e] == "delivery"
    # Every word in the snippet is whole: no "…ample.com", no "…0123".
    assert all(word in text.split() for word in snippet.strip("…").split())


def test_an_answer_says_the_question_it_answers(qtbot: QtBot, filled: Store) -> None:
    # Why "delivery" is red in "Second late delivery": the feed asked what went wrong.
    from kiosk.options import feed_questions

    feeds = [
        FeedConfig(
            "web", "csv", options={"answers": "complaint", "mapping": {"text": "What went wrong?"}}
        ),
        FeedConfig("api", "http", options={"answers": "compliment", "mapping": {"text": "b.t"}}),
        FeedConfig("board", "csv", options={"answers": "any"}),
    ]
    questions = feed_questions(feeds)
    assert questions == {"web": "“What went wrong?”", "api": "what was good"}
    panel = make_panel(qtbot, DrilldownOptions(questions=questions))
    panel.show()
    panel.show_detail(detail(filled))
    assert "asked: “What went wrong?”" in panel.verbatim.toPlainText()
    plain = make_panel(qtbot)
    plain.show()
    plain.show_detail(detail(filled))
    assert "asked:" not in plain.verbatim.toPlainText()
