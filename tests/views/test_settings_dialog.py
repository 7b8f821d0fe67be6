"""The settings dialog driven as an admin would: add feeds, test them, map fields, save.

Real parts: a loopback Fider-shaped server and a JSON API (pytest-httpserver), a real file
keyring in a temp folder, a real store, the real kiosk and its sync service.
"""

from __future__ import annotations

import json
import re
import socket
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import keyring.backend
import keyring.errors
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLineEdit, QPlainTextEdit, QWidget
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from kiosk.adminpin import hash_pin
from kiosk.analysis.pipeline import StoreAnalysis
from kiosk.app import Kiosk
from kiosk.model import Kind
from kiosk.settings import FeedConfig, Settings, load_settings, save_settings
from kiosk.store import Store
from kiosk.sync import FeedState, get_secret, run_once, set_secret
from kiosk.sync.credentials import env_var_for
from kiosk.sync.status import stored_status
from kiosk.views.palette import cloud_palette
from kiosk.views.settings_dialog import FeedForm, SettingsDialog
from kiosk.views.tasks import synchronous
from tests.sync.conftest import DATA, file_keyring  # noqa: F401 - a fixture

KEY = "fider-key-123"
POSTS = json.loads((DATA / "fider_posts.json").read_text())


def recent_posts() -> list[dict[str, Any]]:
    """The Fider sample, dated in the last days so it is on the cloud."""
    now = datetime.now(UTC)
    posts = []
    for i, post in enumerate(POSTS):
        post = dict(post)
        post["createdAt"] = (now - timedelta(days=1 + i)).isoformat()
        posts.append(post)
    return posts


# A small demo as a configured feed: the kiosk starts quickly and syncs it in the background.
SMALL_DEMO = FeedConfig("demo", "demo", True, 3600, {"count": 300, "trickle": 0})


@pytest.fixture
def kiosk(qtbot: QtBot, store: Store, tmp_path: Path) -> Iterator[Kiosk]:
    path = tmp_path / "settings.toml"
    settings = Settings(feeds=(SMALL_DEMO,))
    save_settings(settings, path)
    kiosk = Kiosk(settings, store, executor=synchronous, settings_path=path)
    qtbot.addWidget(kiosk.window)
    kiosk.start()
    yield kiosk
    if kiosk.settings_dialog is not None:
        kiosk.settings_dialog.reject()
    kiosk.stop()


def _saved(dialog: SettingsDialog, kiosk: Kiosk) -> Settings:
    """Save the dialog and return the settings file as read back, which has no problem."""
    assert dialog.save()
    assert kiosk.settings_path is not None
    saved, problems = load_settings(kiosk.settings_path)
    assert problems == []
    return saved


def open_dialog(kiosk: Kiosk, qtbot: QtBot) -> SettingsDialog:
    dialog = kiosk.open_settings()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def type_into(field: Any, text: str) -> None:
    editor = field.editor
    assert isinstance(editor, QLineEdit)
    editor.setFocus()
    editor.clear()
    editor.insert(text)
    field.edited.emit()


def test_an_admin_adds_a_fider_board_tests_it_and_saves(
    qtbot: QtBot,
    kiosk: Kiosk,
    httpserver: HTTPServer,
    file_keyring: object,  # noqa: F811
) -> None:
    httpserver.expect_request(
        "/api/v1/posts", headers={"Authorization": f"Bearer {KEY}"}
    ).respond_with_json(recent_posts())
    dialog = open_dialog(kiosk, qtbot)
    form = dialog.add_feed("fider")
    type_into(form.fields["name"], "ideas")
    type_into(form.fields["url"], httpserver.url_for("/").rstrip("/"))
    type_into(form.fields["secret"], KEY)
    qtbot.mouseClick(form.test_button, Qt.MouseButton.LeftButton)
    assert form.last_test is not None and form.last_test.ok, form.last_test
    assert form.items.rowCount() == 4
    shown = form.test_result.toPlainText()
    assert "HTTP 200" in shown
    # A Fider form has no Fields to pick: the fields are for reference, none internal.
    assert "for reference: this feed reads them by itself" in shown
    assert "under Fields" not in shown and "_voc_" not in shown
    texts = [cell.text() for r in range(4) if (cell := form.items.item(r, 5)) is not None]
    assert any("Dark mode for the app" in t for t in texts)
    assert dialog.save()
    # The key is in the keyring, never in the file.
    assert get_secret("ideas") == KEY
    written = kiosk.settings_path.read_text(encoding="utf-8")  # type: ignore[union-attr]
    assert KEY not in written
    assert [f["type"] for f in tomllib.loads(written)["feeds"]] == ["demo", "fider"]
    # Applied at once: the sync reads the board, whose words reach the cloud.
    assert [f.name for f in kiosk.feeds.feeds] == ["demo", "ideas"]
    qtbot.waitUntil(lambda: kiosk.store.get("ideas", "41") is not None, timeout=20_000)
    kiosk.refresh()
    qtbot.waitUntil(
        lambda: any(t.key in ("dark mode", "mode", "support") for t in kiosk.model.snapshot.terms),
        timeout=10_000,
    )


def test_a_json_api_is_mapped_by_picking_from_what_it_sent(
    qtbot: QtBot, kiosk: Kiosk, httpserver: HTTPServer
) -> None:
    now = datetime.now(UTC)
    records = [
        {"ref": f"t{i}", "body": {"note": text}, "when": (now - timedelta(days=i)).isoformat(),
         "who": {"email": f"c{i}@example.com"}, "stars": 1 + i % 5}
        for i, text in enumerate(["Late delivery again", "Lovely staff", "Add dark mode"])
    ]  # fmt: skip
    httpserver.expect_request("/tickets").respond_with_json({"count": 3, "data": records})
    dialog = open_dialog(kiosk, qtbot)
    form = dialog.add_feed("http")
    type_into(form.fields["name"], "tickets")
    type_into(form.fields["url"], httpserver.url_for("/tickets"))
    # Nothing mapped and no records path: the test still reads the first page.
    qtbot.mouseClick(form.test_button, Qt.MouseButton.LeftButton)
    assert form.last_test is not None and form.last_test.ok, form.last_test
    shown = form.test_result.toPlainText()
    assert "Connected, fields still to pick" in shown
    assert "found under “data”" in shown
    assert form.fields["records"].value()[0] == "data"  # filled in for the admin
    assert "mapping." not in shown and "external_id" not in shown
    # "ref" is named as an id and unique: filled in to confirm. "body.note" and "when" are
    # not names that say what they hold, so the admin picks them from the offered fields.
    mapping = form.fields["mapping"]
    combos = mapping.combos  # type: ignore[attr-defined]
    assert combos["external_id"].currentText() == "ref"
    assert "Still to pick under Fields: the text, date" in shown
    offered = [combos["text"].itemText(i) for i in range(combos["text"].count())]
    assert {"ref", "body.note", "when", "who.email", "stars"} <= set(offered)
    for name, where in (("text", "body.note"), ("created_at", "when"), ("rating", "stars")):
        combos[name].setCurrentIndex(combos[name].findText(where))
    qtbot.mouseClick(form.test_button, Qt.MouseButton.LeftButton)
    assert form.last_test.ok and form.last_test.to_pick == ()
    shown = form.test_result.toPlainText()
    assert "Works" in shown
    assert re.search(r"Answered: HTTP 200 · application/json · \d+ ms", shown), shown
    assert form.items.isVisibleTo(form) and form.items.rowCount() == 3
    rating, text = (form.items.item(0, column) for column in (4, 5))
    assert rating is not None and rating.text() == "1 of 5 stars"
    assert text is not None and text.text() == "Late delivery again"
    saved = _saved(dialog, kiosk)
    (tickets,) = [f for f in saved.feeds if f.name == "tickets"]
    assert tickets.options["records"] == "data"
    assert tickets.options["mapping"] == {
        "external_id": "ref",
        "text": "body.note",
        "created_at": "when",
        "rating": "stars",
    }


def test_a_csv_file_offers_its_columns_to_pick(qtbot: QtBot, kiosk: Kiosk, tmp_path: Path) -> None:
    path = tmp_path / "survey.csv"
    path.write_text("Ticket,Said,On\nA1,The app is slow,2026-01-03\n", encoding="utf-8")
    dialog = open_dialog(kiosk, qtbot)
    form = dialog.add_feed("csv")
    type_into(form.fields["path"], str(path))
    form.test_connection()
    assert form.last_test is not None and form.last_test.to_pick == ("text", "created_at")
    shown = form.test_result.toPlainText()
    assert "Columns in the file" in shown and "Still to pick under Fields: the text, date" in shown
    combos = form.fields["mapping"].combos  # type: ignore[attr-defined]
    assert [combos["text"].itemText(i) for i in range(1, 4)] == ["Ticket", "Said", "On"]
    combos["text"].setCurrentIndex(combos["text"].findText("Said"))
    combos["created_at"].setCurrentIndex(combos["created_at"].findText("On"))
    form.test_connection()
    assert form.last_test.ok and form.items.rowCount() == 1


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("bad url", "must start with http:// or https://"),
        ("refused", "refused the connection"),
        ("wrong key", "credentials were rejected"),
        ("html", "sent a web page (HTML) instead of JSON"),
    ],
)
def test_every_failure_is_the_syncs_own_plain_message(
    qtbot: QtBot, kiosk: Kiosk, httpserver: HTTPServer, case: str, expected: str
) -> None:
    if case == "wrong key":
        httpserver.expect_request("/api/v1/posts").respond_with_data("no", status=401)
    if case == "html":
        httpserver.expect_request("/api/v1/posts").respond_with_data(
            "<!DOCTYPE html><html>Sign in</html>", content_type="text/html"
        )
    url = httpserver.url_for("/").rstrip("/")
    if case == "bad url":
        url = "feedback.example.com"
    if case == "refused":
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    dialog = open_dialog(kiosk, qtbot)
    form = dialog.add_feed("fider")
    type_into(form.fields["url"], url)
    type_into(form.fields["secret"], "whatever")
    form.test_connection()
    if case == "bad url":
        # Refused before any request, at the field itself.
        assert "must start with http" in form.fields["url"].error.text()
        assert not dialog.save()
        assert "fix the 1 marked field" in dialog.summary.text()
        return
    assert form.last_test is not None and not form.last_test.ok
    assert expected in form.last_test.message
    shown = form.test_result.toPlainText()
    assert expected in shown
    # A server that never answered was not "read" (helper-39 saw "Read: 12.0 s").
    assert "Read:" not in shown
    if case == "refused" and form.last_test.seconds >= 0.01:
        assert "No answer after: " in shown


def test_a_feed_name_that_would_share_a_secret_variable_is_refused(
    qtbot: QtBot, kiosk: Kiosk, tmp_path: Path
) -> None:
    dialog = open_dialog(kiosk, qtbot)
    for name in ("shop-api", "Shop API"):
        form = dialog.add_feed("csv")
        type_into(form.fields["name"], name)
        type_into(form.fields["path"], str(tmp_path / "survey.csv"))
    assert not dialog.save()
    assert any(
        "too close to “shop-api”: both would read VOC_KIOSK_SECRET_SHOP_API" in line
        for line in dialog.problem_lines
    )


def test_every_problem_of_two_feeds_named_alike_is_said_at_once(
    qtbot: QtBot, kiosk: Kiosk, tmp_path: Path
) -> None:
    dialog = open_dialog(kiosk, qtbot)
    first = dialog.add_feed("csv")
    type_into(first.fields["name"], "survey")  # and no file yet
    second = dialog.add_feed("csv")
    type_into(second.fields["name"], "survey")
    type_into(second.fields["path"], str(tmp_path / "survey.csv"))
    assert not dialog.save()
    said = "; ".join(dialog.problem_lines)
    # Both at once (helper-33 met the second only after fixing the first).
    assert "feed “survey”: File (" in said or "feed “survey”: Path (" in said, said
    assert "a second feed with this name" in said, said
    assert second.fields["name"].error.text() == "a second feed with this name"


def test_with_no_keyring_the_secret_note_follows_the_name(qtbot: QtBot, kiosk: Kiosk) -> None:
    import keyring
    import keyring.backends.fail

    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        dialog = open_dialog(kiosk, qtbot)
        form = dialog.add_feed("fider")
        type_into(form.fields["name"], "board")
        assert "VOC_KIOSK_SECRET_BOARD" in form.secret_note.text()
        type_into(form.fields["name"], "ideas board")
        note = form.secret_note.text()
        assert "VOC_KIOSK_SECRET_IDEAS_BOARD " in note
        assert "VOC_KIOSK_SECRET_BOARD " not in note
    finally:
        keyring.set_keyring(previous)


def test_the_keyring_is_asked_once_a_form_not_on_every_keystroke(
    qtbot: QtBot, kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kiosk.app.settings as app_settings

    asked: list[None] = []

    def counted() -> str | None:
        asked.append(None)  # on a real desktop each answer may be a D-Bus round trip
        return None

    monkeypatch.setattr(app_settings, "keyring_problem", counted)
    dialog = open_dialog(kiosk, qtbot)
    form = dialog.add_feed("fider")
    for name in ("i", "id", "ide", "idea", "ideas"):
        type_into(form.fields["name"], name)
    assert len(asked) == 1


def test_cancel_after_edits_leaves_everything_as_it_was(qtbot: QtBot, kiosk: Kiosk) -> None:
    before = kiosk.settings_path.read_bytes()  # type: ignore[union-attr]
    dialog = open_dialog(kiosk, qtbot)
    dialog.add_feed("csv")
    dialog.fields["display.max_words"].set_value(40)
    dialog.reject()
    assert kiosk.settings_path.read_bytes() == before  # type: ignore[union-attr]
    assert kiosk.settings["display.max_words"] == 150
    assert kiosk.settings_dialog is None


def test_two_dialogs_never_open_at_once(qtbot: QtBot, kiosk: Kiosk) -> None:
    first = open_dialog(kiosk, qtbot)
    assert kiosk.open_settings() is first
    kiosk.window.settings_requested.emit()
    assert kiosk.settings_dialog is first


def test_a_file_edited_by_hand_meanwhile_is_not_overwritten_unasked(
    qtbot: QtBot, kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    path = kiosk.settings_path
    assert path is not None
    dialog = open_dialog(kiosk, qtbot)
    dialog.fields["display.max_words"].set_value(60)
    path.write_text("version = 1\n[display]\nmax_words = 90\n", encoding="utf-8")
    asked: list[str] = []

    def discard(*args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
        asked.append(str(args[1]))
        return QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "question", discard)
    assert not dialog.save()
    assert asked == ["The settings file changed"]
    assert "max_words = 90" in path.read_text(encoding="utf-8")
    # The dialog now shows what the file says.
    value, _ = dialog.fields["display.max_words"].value()
    assert value == 90


def test_display_changes_take_effect_without_a_restart(qtbot: QtBot, kiosk: Kiosk) -> None:
    dialog = open_dialog(kiosk, qtbot)
    dialog.fields["display.theme"].set_value("light")
    dialog.fields["display.max_words"].set_value(20)
    assert dialog.save()
    assert kiosk.window.theme.name == "light"
    qtbot.waitUntil(lambda: len(kiosk.cloud.placements) <= 20, timeout=5000)


def test_a_new_theme_redraws_the_open_panel_in_its_colours(qtbot: QtBot, kiosk: Kiosk) -> None:
    qtbot.waitUntil(lambda: kiosk.store.count() == 300, timeout=20_000)
    kiosk.refresh()
    top = kiosk.model.snapshot.terms[0]
    kiosk.open_drilldown(top.key)
    before = kiosk.drilldown
    assert before is not None
    dialog = open_dialog(kiosk, qtbot)
    dialog.fields["display.theme"].set_value("light")
    assert dialog.save()
    after = kiosk.drilldown
    # Built again in the light theme's colours, the same word still open.
    assert after is not None and after is not before
    light = cloud_palette(kiosk.settings["display.palette"], "light")
    assert after._colors == dict(light.kinds)
    qtbot.waitUntil(lambda: after.detail is not None and after.detail.key == top.key)
    assert after.isVisibleTo(kiosk.window)


def test_the_words_page_previews_todays_cloud(qtbot: QtBot, kiosk: Kiosk) -> None:
    qtbot.waitUntil(lambda: kiosk.store.count() == 300, timeout=20_000)
    kiosk.refresh()
    top = kiosk.model.snapshot.terms[0]
    dialog = open_dialog(kiosk, qtbot)
    dialog.show_page("analysis")
    field = dialog.fields["analysis.block_list"]
    field.set_value([top.label])
    field.edited.emit()
    assert f"“{top.label}”" in dialog.vocabulary_preview.text()
    assert "leaves the cloud: never shown" in dialog.vocabulary_preview.text()


def test_the_wall_asks_for_the_pin_and_locks_after_five_wrong(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.views import pin_dialog

    settings = Settings().replace(profile="wall", wall__admin_pin=hash_pin("4821"))
    path = tmp_path / "settings.toml"
    save_settings(settings, path)
    kiosk = Kiosk(settings, store, executor=synchronous, settings_path=path)
    qtbot.addWidget(kiosk.window)
    answers = iter(["0000", "1111", "2222", "3333", "4444", "4821"])

    def exec_typing(self: pin_dialog.PinDialog) -> int:
        self.pin.setText(next(answers))
        self.try_pin()
        return int(self.result())

    monkeypatch.setattr(pin_dialog.PinDialog, "exec", exec_typing)
    try:
        for _ in range(5):
            assert kiosk.open_settings() is None
        assert kiosk.admin.locked_for() > 0
        assert kiosk.open_settings() is None  # the right PIN, but locked for a minute
        kiosk.admin.locked_until = 0.0
        answers = iter(["4821"])
        assert kiosk.open_settings() is not None
    finally:
        if kiosk.settings_dialog is not None:
            kiosk.settings_dialog.reject()
        kiosk.stop()


def test_a_wall_without_a_pin_says_how_to_set_one(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    settings = Settings().replace(profile="wall")
    kiosk = Kiosk(settings, store, executor=synchronous, settings_path=tmp_path / "s.toml")
    qtbot.addWidget(kiosk.window)
    try:
        assert kiosk.open_settings() is None
        assert any("voc-kiosk admin set-pin" in t for t in kiosk.window.banner.texts)
    finally:
        kiosk.stop()


def test_every_field_has_an_accessible_name_and_fits_1280x720(qtbot: QtBot, kiosk: Kiosk) -> None:
    dialog = open_dialog(kiosk, qtbot)
    dialog.resize(1280, 720)
    for feed_type in ("http", "fider", "csv", "demo"):
        dialog.add_feed(feed_type)
    forms = dialog.findChildren(FeedForm)
    assert len(forms) == 5  # the kiosk's own demo feed, and one of each type
    for form in forms:
        for field in form.fields.values():
            assert field.editor.accessibleName(), field.option.key
            assert field.editor.focusPolicy() != Qt.FocusPolicy.NoFocus, field.option.key
    for field in dialog.fields.values():
        assert field.editor.accessibleName()
    assert dialog.minimumSizeHint().width() <= 1280
    assert dialog.minimumSizeHint().height() <= 720


def test_a_feed_form_shows_exactly_the_fields_of_its_type(qtbot: QtBot, kiosk: Kiosk) -> None:
    dialog = open_dialog(kiosk, qtbot)
    csv = dialog.add_feed("csv")
    assert "delimiter" in csv.fields and "pagination" not in csv.fields
    http = dialog.add_feed("http")
    assert "pagination" in http.fields and "delimiter" not in http.fields
    # Fields that matter only for another choice are hidden until it is made.
    assert not http.fields["auth_header"].isVisibleTo(http)
    http.fields["auth"].set_value("header")
    http.fields["auth"].edited.emit()
    assert http.fields["auth_header"].isVisibleTo(http)
    assert FeedConfig("x", "http") is not None


def test_the_feed_buttons_and_the_whole_last_error_are_in_view_at_1280x760(
    qtbot: QtBot, kiosk: Kiosk
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}/items"
    down = FeedConfig(
        "tickets-down",
        "http",
        True,
        3600,
        {"url": dead, "mapping": {"external_id": "id", "text": "t", "created_at": "c"}},
    )
    kiosk.apply_settings(kiosk.settings.replace(feeds=(SMALL_DEMO, down)))

    def failing() -> bool:
        sync = kiosk.sync
        status = sync.service.statuses().get("tickets-down") if sync is not None else None
        return status is not None and status.state is FeedState.FAILING

    qtbot.waitUntil(failing, timeout=20_000)
    dialog = open_dialog(kiosk, qtbot)
    dialog.resize(1280, 760)
    for feed_type in ("http", "http", "csv"):
        dialog.add_feed(feed_type)
    # New feeds get names a person reads, unique.
    names = [dialog.feed_list.item(r).text().split(" — ")[0] for r in range(2, 5)]
    assert names == ["Web API 1", "Web API 2", "CSV file 1"]
    # The biggest form is open, and Add / Duplicate / Remove are still on screen.
    dialog.feed_list.setCurrentRow(2)
    qtbot.waitUntil(lambda: dialog.isVisible())
    for button in (dialog.add_button, dialog.duplicate_button, dialog.remove_button):
        assert button.isVisible()
        corner = button.mapTo(dialog, button.rect().bottomRight())
        assert dialog.rect().contains(corner), button.text()
    # The failing feed's whole status is readable under the list once it is selected.
    row = next(
        r for r in range(dialog.feed_list.count())
        if dialog.feed_list.item(r).text().startswith("tickets-down")
    )  # fmt: skip
    dialog.feed_list.setCurrentRow(row)
    status = dialog.feed_list.item(row).toolTip()
    assert status and not status.startswith("tickets-down:")
    assert dialog.feed_details.text() == status
    assert dialog.feed_details.wordWrap()


def test_a_refused_save_lists_every_marked_field_in_words_and_marks_the_feeds(
    qtbot: QtBot, kiosk: Kiosk
) -> None:
    dialog = open_dialog(kiosk, qtbot)
    board = dialog.add_feed("fider")
    type_into(board.fields["url"], "feedback.example.com")
    for feed_type in ("http", "fider", "csv"):
        dialog.add_feed(feed_type)
    assert not dialog.save()
    said = dialog.summary.text()
    assert "fix the 5 marked fields first" in said
    assert len(dialog.problem_lines) == 5
    for line in dialog.problem_lines:
        assert line in said
    assert "feed “Fider board 1”: Board address ('feedback.example.com' must start" in said
    assert "feed “Web API 1”: Address (missing)" in said
    # A web API's records are read only through the fields picked: without them it never syncs.
    assert "feed “Web API 1”: Fields (pick the id, text, date (Test connection offers" in said
    assert "feed “CSV file 1”: File (missing)" in said
    assert "feeds[" not in said
    # The feeds holding a marked field say so in the list; the first one is opened.
    marked = [
        dialog.feed_list.item(r).text().split(" — ")[0]
        for r in range(dialog.feed_list.count())
        if "⚠" in dialog.feed_list.item(r).text()
    ]
    assert marked == ["Fider board 1", "Web API 1", "Fider board 2", "CSV file 1"]
    assert dialog.current_form is board


def test_the_synonyms_hint_placeholder_and_parser_agree(qtbot: QtBot, kiosk: Kiosk) -> None:
    dialog = open_dialog(kiosk, qtbot)
    dialog.show_page("analysis")
    field = dialog.fields["analysis.synonyms"]
    edit = field.editor
    assert isinstance(edit, QPlainTextEdit)
    example = edit.placeholderText()
    assert example == "delivery: shipping, courier, parcel"
    assert f"({example})" in field.option.description  # the hint shows the same syntax
    # Typed as the hint says, and as the settings file writes it: the same table.
    for typed in (example, 'delivery = ["shipping", "courier", "parcel"]'):
        edit.setPlainText(typed)
        assert field.value() == ({"delivery": ["shipping", "courier", "parcel"]}, None)
    edit.setPlainText("delivery shipping courier")
    _value, problem = field.value()
    assert problem is not None and "a colon" in problem
    assert dialog.save() is False and "Words: Words that mean the same" in dialog.summary.text()


def test_no_field_runs_under_a_scroll_bar_at_1280x760(qtbot: QtBot, kiosk: Kiosk) -> None:
    from PySide6.QtWidgets import QScrollArea

    dialog = open_dialog(kiosk, qtbot)
    dialog.resize(1280, 760)
    for name in ("display", "privacy", "analysis", "store", "outbox", "wall"):
        dialog.show_page(name)
        scroll = dialog.stack.currentWidget()
        assert isinstance(scroll, QScrollArea)

        def settled(area: QScrollArea = scroll) -> bool:
            content = area.widget()
            return content is not None and area.viewport().width() == content.width()

        qtbot.waitUntil(settled)
        viewport = scroll.viewport()
        editors = [f.editor for f in dialog.fields.values() if f.option.page == name]
        if name == "wall":
            editors += [dialog.pin, dialog.pin_again]
        assert editors
        for editor in editors:
            right = editor.mapTo(viewport, editor.rect().topRight()).x()
            assert right < viewport.width(), (name, editor.accessibleName())


def test_a_restarted_kiosk_tells_each_feeds_last_pass_before_its_own(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    """The last sync, the items held and the last error come from the store at start."""
    from kiosk.sync import run_once

    path = tmp_path / "settings.toml"
    settings = Settings(feeds=(SMALL_DEMO,))
    save_settings(settings, path)
    (report,) = run_once(settings, store)
    assert report.ok
    kiosk = Kiosk(settings, store, executor=synchronous, settings_path=path)
    qtbot.addWidget(kiosk.window)
    try:
        # No sync started: what the dialog says can only come from the store.
        dialog = open_dialog(kiosk, qtbot)
        status = dialog.feed_list.item(0).toolTip()
        assert status.startswith("last synced at ")
        assert "300 items stored" in status and "not yet" not in status
        dialog.reject()
    finally:
        kiosk.stop()


def test_jobs_of_a_panel_built_again_do_not_touch_the_old_one(
    qtbot: QtBot, demo_store: Store
) -> None:
    waiting: list[Callable[[], None]] = []
    kiosk = Kiosk(Settings(), demo_store, executor=waiting.append)
    qtbot.addWidget(kiosk.window)
    try:
        kiosk.start(sync=False)
        while waiting:
            waiting.pop(0)()
        kiosk.open_drilldown(kiosk.model.snapshot.terms[0].key)
        waiting.pop(0)()  # the word's detail: it asks for the rest of the rows and answers
        assert waiting, "the panel's own jobs wait"
        old = kiosk.drilldown
        kiosk.drill.rebuild_panel()  # as a new theme does
        assert kiosk.drilldown is not old
        qtbot.wait(10)  # the old panel is deleted by Qt's event loop
        while waiting:
            waiting.pop(0)()  # none of them reaches the deleted panel
        assert kiosk.drilldown is not None and kiosk.drilldown.detail is not None
    finally:
        kiosk.stop()


def test_a_removed_feed_leaves_every_number_and_a_renamed_one_keeps_its_items(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    file_keyring: object,  # noqa: F811
) -> None:
    today = datetime.now(UTC).date()
    feeds = []
    for name, texts in (
        ("web", ["The parcel was late", "Parcel lost"]),
        ("board", ["Add dark mode"]),
    ):
        path = tmp_path / f"{name}.csv"
        rows = [f"{i},{today - timedelta(days=1)},{text}" for i, text in enumerate(texts)]
        path.write_text("id,date,comment\n" + "\n".join(rows) + "\n", encoding="utf-8")
        feeds.append(FeedConfig(name, "csv", True, 300, {"path": str(path)}))
    settings_path = tmp_path / "settings.toml"
    settings = Settings(feeds=tuple(feeds))
    save_settings(settings, settings_path)
    run_once(settings, store, after=StoreAnalysis(store).analyze_into)
    set_secret("board", "tok-123")
    board_item = store.get("board", "0")
    assert board_item is not None
    store.correct_kind(board_item.id, Kind.IDEA, "Sam")
    assert stored_status(store, "board") is not None
    kiosk = Kiosk(settings, store, executor=synchronous, settings_path=settings_path)
    qtbot.addWidget(kiosk.window)
    kiosk.start(sync=False)
    try:
        assert kiosk.model.header.counts.total == 3
        dialog = open_dialog(kiosk, qtbot)
        dialog.feed_list.setCurrentRow(1)  # "board"
        board = dialog.current_form
        assert board is not None
        type_into(board.fields["name"], "ideas board")
        dialog.feed_list.setCurrentRow(0)  # "web"
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
        assert dialog.save()
        # The removed feed's customers leave every number; the renamed one keeps its items,
        # its correction and its secret under the new name.
        qtbot.waitUntil(lambda: kiosk.model.header.counts.total == 1)
        assert store.count() == 1 and store.get("web", "0") is None
        moved = store.get("ideas board", "0")
        assert moved is not None and store.get("board", "0") is None
        assert moved.correction is not None and moved.correction.kind is Kind.IDEA
        assert get_secret("ideas board") == "tok-123" and get_secret("board") is None
        assert any("Removed feed 'web': its 2 items" in t for t in kiosk.window.banner.texts)
        # Its last pass too: the dialog says when "ideas board" last synced, not "not yet".
        assert stored_status(store, "ideas board") is not None
        assert stored_status(store, "board") is None and stored_status(store, "web") is None
    finally:
        kiosk.stop()


def test_a_renamed_feed_whose_key_is_in_the_environment_is_told_to_move_it(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VOC_KIOSK_SECRET_BOARD", "tok-from-env")
    monkeypatch.delenv("VOC_KIOSK_SECRET_IDEAS_BOARD", raising=False)
    settings_path = tmp_path / "settings.toml"
    board = FeedConfig("board", "fider", True, 300, {"url": "https://ideas.example.com"})
    settings = Settings(feeds=(board,))
    save_settings(settings, settings_path)
    kiosk = Kiosk(settings, store, executor=synchronous, settings_path=settings_path)
    qtbot.addWidget(kiosk.window)
    kiosk.start(sync=False)
    try:
        dialog = open_dialog(kiosk, qtbot)
        dialog.feed_list.setCurrentRow(0)
        form = dialog.current_form
        assert form is not None
        type_into(form.fields["name"], "ideas board")
        assert dialog.save()
        said = " ".join(kiosk.window.banner.texts)
        assert "its key came from VOC_KIOSK_SECRET_BOARD" in said, said
        assert "Set VOC_KIOSK_SECRET_IDEAS_BOARD where the kiosk starts" in said
    finally:
        kiosk.stop()


def test_a_csv_test_that_works_asks_for_nothing_more(
    qtbot: QtBot, kiosk: Kiosk, tmp_path: Path
) -> None:
    path = tmp_path / "export.csv"
    day = datetime.now(UTC).date()
    path.write_text(f"id,date,comment\n1,{day},The parcel was late\n", encoding="utf-8")
    dialog = open_dialog(kiosk, qtbot)
    form = dialog.add_feed("csv")
    type_into(form.fields["path"], str(path))
    qtbot.mouseClick(form.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.last_test is not None)
    shown = form.test_result.toPlainText()
    assert "Works" in shown
    # Its columns were found by name: nothing is "still to pick" (helper-33 saw both at once).
    assert "Still to pick" not in shown
    # A file is read, not answered, and never in "0.00 s" (helper-33 saw "Answered: 0.00 s").
    assert "Answered" not in shown and "0.00 s" not in shown
    if "Read:" in shown:  # only when reading took 10 ms or more
        assert re.search(r"Read: \d+ ms", shown), shown
    assert dialog.save()


def test_swapped_names_each_land_where_the_form_says(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    file_keyring: object,  # noqa: F811
) -> None:
    kiosk, text_of = _three_feeds(qtbot, store, tmp_path)
    try:
        _rename(qtbot, kiosk, ["b", "a", "c"], {})
        # Each feed's items follow its form, none lost to the other on the way.
        qtbot.waitUntil(lambda: text_of("b") == "words of a")
        assert text_of("a") == "words of b" and store.count() == 3
    finally:
        kiosk.stop()


def _three_feeds(
    qtbot: QtBot, store: Store, tmp_path: Path, kind: str = "csv"
) -> tuple[Kiosk, Callable[[str], str]]:
    """A kiosk with feeds a, b and c, each with a key of its own: CSV files with one item each,
    or web APIs signed in with a bearer key (the form has a key field then)."""
    today = datetime.now(UTC).date()
    feeds = []
    for name in ("a", "b", "c"):
        if kind == "csv":
            path = tmp_path / f"{name}.csv"
            path.write_text(f"id,date,comment\n1,{today},words of {name}\n", encoding="utf-8")
            options: dict[str, Any] = {"path": str(path)}
        else:
            options = {"url": f"https://{name}.example.com/items", "auth": "bearer"}
            options["mapping"] = {"external_id": "id", "text": "body", "created_at": "at"}
        feeds.append(FeedConfig(name, kind, True, 300, options))
        set_secret(name, f"key-of-{name}")
    settings_path = tmp_path / "settings.toml"
    settings = Settings(feeds=tuple(feeds))
    save_settings(settings, settings_path)
    if kind == "csv":
        run_once(settings, store)
    kiosk = Kiosk(settings, store, executor=synchronous, settings_path=settings_path)
    qtbot.addWidget(kiosk.window)
    kiosk.start(sync=False)

    def text_of(feed: str) -> str:
        row = store.get(feed, "1")
        return row.feedback.text if row is not None else ""

    return kiosk, text_of


def _rename(qtbot: QtBot, kiosk: Kiosk, names: list[str], typed: dict[str, str]) -> None:
    dialog = open_dialog(kiosk, qtbot)
    forms = [dialog._forms[n] for n in sorted(dialog._forms)]
    for form, name in zip(forms, names, strict=True):
        type_into(form.fields["name"], name)
        if name in typed:
            type_into(form.fields["secret"], typed[name])
    assert dialog.save()


@pytest.mark.parametrize(
    ("names", "typed", "keys"),
    [
        # A key typed for a renamed feed wins over the one it carried.
        (["x", "b", "c"], {"x": "typed"}, {"x": "typed", "a": None}),
        # A swap: each key follows its feed (helper-39 saw a's key lost, b's on a).
        (["b", "a", "c"], {}, {"a": "key-of-b", "b": "key-of-a"}),
        # A chain, a -> b -> c -> d, with a key typed for the new b.
        (
            ["b", "c", "d"],
            {"b": "typed"},
            {"a": None, "b": "typed", "c": "key-of-b", "d": "key-of-c"},
        ),
    ],
)
def test_keys_follow_renames_in_any_order(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    file_keyring: object,  # noqa: F811
    names: list[str],
    typed: dict[str, str],
    keys: dict[str, str | None],
) -> None:
    kiosk, _text_of = _three_feeds(qtbot, store, tmp_path, "http")
    try:
        _rename(qtbot, kiosk, names, typed)
        assert {feed: get_secret(feed) for feed in keys} == keys
    finally:
        kiosk.stop()


def test_items_follow_a_chain_of_renames(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    file_keyring: object,  # noqa: F811
) -> None:
    kiosk, text_of = _three_feeds(qtbot, store, tmp_path)
    try:
        _rename(qtbot, kiosk, ["b", "c", "d"], {})
        qtbot.waitUntil(lambda: text_of("d") == "words of c")
        assert [text_of(f) for f in "abc"] == ["", "words of a", "words of b"]
        assert [get_secret(f) for f in "abcd"] == [None, "key-of-a", "key-of-b", "key-of-c"]
    finally:
        kiosk.stop()


def test_a_feed_renamed_to_a_removed_feeds_name_keeps_its_own_items_and_key(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    file_keyring: object,  # noqa: F811
) -> None:
    kiosk, text_of = _three_feeds(qtbot, store, tmp_path)
    try:
        dialog = open_dialog(kiosk, qtbot)
        dialog.feed_list.setCurrentRow(0)  # "a": removed
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
        forms = [dialog._forms[n] for n in sorted(dialog._forms)]
        type_into(forms[0].fields["name"], "a")  # b -> a
        assert dialog.save()
        qtbot.waitUntil(lambda: text_of("a") == "words of b")
        assert text_of("b") == "" and store.count() == 2
        assert get_secret("a") == "key-of-b" and get_secret("b") is None
    finally:
        kiosk.stop()


def _pick(form: FeedForm, **columns: str) -> None:
    """Pick each field's column under Fields, among those a connection test offered."""
    combos = form.fields["mapping"].combos  # type: ignore[attr-defined]
    for name, column in columns.items():
        combos[name].setCurrentIndex(combos[name].findText(column))


def _survey_form(kiosk: Kiosk, qtbot: QtBot, folder: Path) -> tuple[SettingsDialog, FeedForm]:
    """Return the dialog and a new CSV feed's form, tested once on a survey's export whose
    text column is the question "What went wrong?"."""
    path = folder / "survey.csv"
    path.write_text(
        "Respondent,Submitted,What went wrong?\nr1,2026-01-03,The parking\n", encoding="utf-8"
    )
    dialog = open_dialog(kiosk, qtbot)
    form = dialog.add_feed("csv")
    type_into(form.fields["path"], str(path))
    form.test_connection()
    return dialog, form


def test_a_survey_column_names_the_question_its_answers_answer(
    qtbot: QtBot, kiosk: Kiosk, tmp_path: Path
) -> None:
    dialog, form = _survey_form(kiosk, qtbot, tmp_path)
    type_into(form.fields["name"], "went-wrong")
    _pick(form, external_id="Respondent", text="What went wrong?", created_at="Submitted")
    # The choices say what each question is, not a bare kind.
    answers = form.fields["answers"].combo  # type: ignore[attr-defined]
    shown = [answers.itemText(i) for i in range(answers.count())]
    assert shown == [
        "any question (the words decide)",
        "what was good (compliments)",
        "what went wrong (complaints)",
        "what to add or change (ideas)",
    ]
    assert answers.currentText() == "any question (the words decide)"
    answers.setCurrentIndex(answers.findText("what went wrong (complaints)"))
    saved = _saved(dialog, kiosk)
    (feed,) = [f for f in saved.feeds if f.name == "went-wrong"]
    assert feed.options["answers"] == "complaint"
    from kiosk.analysis import Vocabulary

    assert Vocabulary.from_settings(saved).answers == {"went-wrong": "complaint"}


def test_a_column_named_as_a_question_fills_in_what_its_texts_answer_once(
    qtbot: QtBot, kiosk: Kiosk, tmp_path: Path
) -> None:
    _dialog, form = _survey_form(kiosk, qtbot, tmp_path)
    answers = form.fields["answers"].combo  # type: ignore[attr-defined]
    assert answers.currentData() == "any"  # no text column picked yet: nothing to go by
    combos = form.fields["mapping"].combos  # type: ignore[attr-defined]
    combos["text"].setCurrentIndex(combos["text"].findText("What went wrong?"))
    form.test_connection()
    assert answers.currentData() == "complaint"
    shown = form.test_result.toPlainText()
    assert "The texts answer “What went wrong?”" in shown
    assert "“Texts answer” now says what went wrong (complaints)" in shown
    # The admin's choice stands: another test does not set it again.
    answers.setCurrentIndex(answers.findData("any"))
    form.test_connection()
    assert answers.currentData() == "any"
    assert "Texts answer” now says" not in form.test_result.toPlainText()


def test_a_survey_of_several_questions_becomes_one_feed_per_question(
    qtbot: QtBot, kiosk: Kiosk, tmp_path: Path
) -> None:
    day = (datetime.now(UTC) - timedelta(days=2)).date().isoformat()
    path = tmp_path / "survey.csv"
    path.write_text(
        "Respondent,Submitted,What did you like?,What went wrong?\n"
        f"r1,{day},The staff,The parking\n"
        f"r2,{day},Breakfast,\n",
        encoding="utf-8",
    )
    dialog = open_dialog(kiosk, qtbot)
    form = dialog.add_feed("csv")
    type_into(form.fields["name"], "stay")
    type_into(form.fields["path"], str(path))
    form.test_connection()
    _pick(form, external_id="Respondent", customer_id="Respondent", created_at="Submitted")
    combos = form.fields["mapping"].combos  # type: ignore[attr-defined]
    # One question and a plain column: nothing to split.
    combos["text"].setCurrentText("What went wrong? + Respondent")
    assert form.split_button.isHidden() and form.split_note.isHidden()
    # Two questions joined: an answer could not lean to its own.
    combos["text"].setCurrentText("What did you like? + What went wrong?")
    assert not form.split_button.isHidden()
    note = form.split_note.text()
    assert "2 questions (“What did you like?”, “What went wrong?”)" in note
    qtbot.mouseClick(form.split_button, Qt.MouseButton.LeftButton)
    forms = [dialog._forms[n] for n in sorted(dialog._forms)]
    assert form not in forms
    made = {str(f.fields["name"].value()[0]): f for f in forms[1:]}
    assert list(made) == ["stay: What did you like?", "stay: What went wrong?"]
    assert dialog.current_form is made["stay: What did you like?"]
    for name, column, kind in (
        ("stay: What did you like?", "What did you like?", "compliment"),
        ("stay: What went wrong?", "What went wrong?", "complaint"),
    ):
        mapping = made[name].fields["mapping"].value()[0]
        assert mapping["text"] == column and mapping["customer_id"] == "Respondent"
        assert made[name].fields["answers"].combo.currentData() == kind  # type: ignore[attr-defined]
        assert made[name].split_button.isHidden()
    saved = _saved(dialog, kiosk)
    assert {f.name: f.options["answers"] for f in saved.feeds if f.type == "csv"} == {
        "stay: What did you like?": "compliment",
        "stay: What went wrong?": "complaint",
    }
    # Synced at once: each answer takes its question's kind; a respondent is one customer.
    store = kiosk.store

    def kind_of(feed: str, respondent: str) -> Kind | None:
        row = store.get(feed, respondent)
        return None if row is None else row.kind

    qtbot.waitUntil(
        lambda: kind_of("stay: What went wrong?", "r1") is Kind.COMPLAINT, timeout=20_000
    )
    qtbot.waitUntil(
        lambda: kind_of("stay: What did you like?", "r2") is Kind.COMPLIMENT, timeout=20_000
    )
    assert kind_of("stay: What went wrong?", "r2") is None  # no answer, no item
    liked = store.get("stay: What did you like?", "r1")
    wrong = store.get("stay: What went wrong?", "r1")
    assert liked is not None and wrong is not None
    assert liked.feedback.customer.id == wrong.feedback.customer.id


def test_one_feed_per_question_keeps_keys_names_and_quotes_right(
    qtbot: QtBot, kiosk: Kiosk, tmp_path: Path
) -> None:
    # helper-135's review: two names one secret variable apart are refused on Save, and a
    # question is quoted as written, not as HTML.
    path = tmp_path / "survey.csv"
    path.write_text("id,date,Pros?,pros?,What didn't you like?\n", encoding="utf-8")
    dialog = open_dialog(kiosk, qtbot)
    form = dialog.add_feed("csv")
    type_into(form.fields["name"], "stay")
    type_into(form.fields["path"], str(path))
    combos = form.fields["mapping"].combos  # type: ignore[attr-defined]
    combos["text"].setCurrentText("Pros? + pros? + What didn't you like?")
    assert "“What didn't you like?”" in form.split_note.text()
    assert form.split_note.textFormat() is Qt.TextFormat.PlainText
    # Answered by e-mail, the feed keeps a key of its own, which each copy takes on Save
    # (``test_one_feed_per_question_takes_the_feeds_keys_with_it``): the split is offered.
    reply = form.fields["reply"].combo  # type: ignore[attr-defined]
    reply.setCurrentIndex(reply.findData("email"))
    assert not form.split_button.isHidden()
    # Each new feed is made from the form as it is: a missing SMTP server is said, not skipped.
    assert dialog.split_feed(form) == []
    assert form.split_note.text().startswith("No feed was made: fix SMTP server (missing)")
    reply.setCurrentIndex(reply.findData("auto"))
    made = dialog.split_feed(form)
    names = [str(f.fields["name"].value()[0]) for f in made]
    assert names == ["stay: Pros?", "stay: pros? 2", "stay: What didn't you like?"]
    assert [f.fields["answers"].combo.currentData() for f in made] == [  # type: ignore[attr-defined]
        "compliment",
        "compliment",
        "complaint",
    ]


@contextmanager
def _refusing_keys(
    monkeypatch: pytest.MonkeyPatch, backend: keyring.backend.KeyringBackend, prefix: str
) -> Iterator[None]:
    """Inside, the keyring refuses to store a key whose feed name starts with ``prefix``."""
    real = type(backend).set_password

    def refuse(self: keyring.backend.KeyringBackend, service: str, name: str, secret: str) -> None:
        if name.startswith(prefix):
            raise keyring.errors.PasswordSetError("refused")
        real(self, service, name, secret)

    with monkeypatch.context() as patched:
        patched.setattr(type(backend), "set_password", refuse)
        yield


def _survey_api(
    qtbot: QtBot, store: Store, tmp_path: Path, keys: dict[str, str] | None = None
) -> tuple[Kiosk, SettingsDialog, FeedForm]:
    """A kiosk with one web API survey feed, answered by e-mail, whose texts join two
    questions; its dialog open at that feed. ``keys``: keyring entries stored first."""
    for name, secret in (keys or {}).items():
        set_secret(name, secret)
    survey = FeedConfig(
        "survey",
        "http",
        True,
        300,
        {
            "url": "https://surveys.example.com/api/responses",
            "auth": "bearer",
            "mapping": {
                "external_id": "id",
                "created_at": "submitted",
                "text": ["What did you like?", "What went wrong?"],
            },
            "reply": "email",
            "smtp_host": "smtp.example.com",
            "smtp_from": "kiosk@example.com",
        },
    )
    settings_path = tmp_path / "settings.toml"
    settings = Settings(feeds=(survey,))
    save_settings(settings, settings_path)
    kiosk = Kiosk(settings, store, executor=synchronous, settings_path=settings_path)
    qtbot.addWidget(kiosk.window)
    kiosk.start(sync=False)
    dialog = open_dialog(kiosk, qtbot)
    dialog.feed_list.setCurrentRow(0)
    form = dialog.current_form
    assert form is not None
    return kiosk, dialog, form


def test_one_feed_per_question_takes_the_feeds_keys_with_it(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    file_keyring: object,  # noqa: F811
) -> None:
    # A survey's web API needs its token, and its customers are answered by e-mail: split,
    # each question's feed reads with the same token and answers with the same password.
    kiosk, dialog, form = _survey_api(
        qtbot, store, tmp_path, {"survey": "tok-123", "survey:smtp": "smtp-pw"}
    )
    try:
        assert not form.split_button.isHidden()
        assert "customers and keys" in form.split_note.text()
        made = dialog.split_feed(form)
        names = [str(f.fields["name"].value()[0]) for f in made]
        assert names == ["survey: What did you like?", "survey: What went wrong?"]
        line = made[0].fields["secret"].editor
        assert isinstance(line, QLineEdit)
        assert line.placeholderText() == "the key of “survey”, copied on Save (type to replace it)"
        # A key typed into one copy wins over the one it would take.
        type_into(made[1].fields["secret"], "tok-new")
        assert dialog.save()
        assert get_secret("survey: What did you like?") == "tok-123"
        assert get_secret("survey: What went wrong?") == "tok-new"
        assert get_secret("survey: What did you like?:smtp") == "smtp-pw"
        assert get_secret("survey: What went wrong?:smtp") == "smtp-pw"
        # The joined feed went, and its keys with it.
        assert get_secret("survey") is None and get_secret("survey:smtp") is None
        saved, _problems = load_settings(tmp_path / "settings.toml")
        assert [f.name for f in saved.feeds] == names
    finally:
        kiosk.stop()


def test_a_key_typed_before_the_split_goes_to_every_question(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    file_keyring: object,  # noqa: F811
) -> None:
    kiosk, dialog, form = _survey_api(qtbot, store, tmp_path)
    try:
        type_into(form.fields["secret"], "tok-typed")
        made = dialog.split_feed(form)
        assert [f.secret_entered() for f in made] == ["tok-typed", "tok-typed"]
        assert dialog.save()
        assert get_secret("survey: What did you like?") == "tok-typed"
        assert get_secret("survey: What went wrong?") == "tok-typed"
    finally:
        kiosk.stop()


def test_a_split_feed_whose_key_is_in_the_environment_is_told_what_to_set(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    file_keyring: object,  # noqa: F811
) -> None:
    monkeypatch.setenv(env_var_for("survey"), "tok-from-env")
    kiosk, dialog, form = _survey_api(qtbot, store, tmp_path)
    try:
        dialog.split_feed(form)
        assert dialog.save()
        said = " ".join(kiosk.window.banner.texts)
        assert f"The key of feed 'survey' comes from {env_var_for('survey')}" in said, said
        needed = ", ".join(
            env_var_for(name) for name in ("survey: What did you like?", "survey: What went wrong?")
        )
        assert f"set {needed} to it" in said, said
        # Its e-mail password is not in the environment: nothing is said of it.
        assert "e-mail password" not in said
    finally:
        kiosk.stop()


def test_a_number_whose_zero_means_something_else_says_what(
    qtbot: QtBot, kiosk: Kiosk, tmp_path: Path
) -> None:
    # "SMTP port 0" read as a port; it picks one by the security chosen.
    dialog = open_dialog(kiosk, qtbot)
    form = dialog.add_feed("csv")
    reply = form.fields["reply"].combo  # type: ignore[attr-defined]
    reply.setCurrentIndex(reply.findData("email"))
    port = form.fields["smtp_port"].spin  # type: ignore[attr-defined]
    assert port.value() == 0 and port.text() == "auto (by security)"
    port.setValue(2525)
    assert port.text() == "2525" and form.fields["smtp_port"].value() == (2525, None)
    port.setValue(0)
    assert form.fields["smtp_port"].value() == (0, None)
    scenes = dialog.fields["wall.scene_seconds"].spin  # type: ignore[attr-defined]
    scenes.setValue(0)
    assert scenes.text() == "never"


# helper-139's review of the keys a split feed takes: sequences that lost them.


def test_a_split_feed_renamed_back_to_the_old_name_keeps_its_keys(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    file_keyring: object,  # noqa: F811
) -> None:
    kiosk, dialog, form = _survey_api(
        qtbot, store, tmp_path, {"survey": "tok-123", "survey:smtp": "smtp-pw"}
    )
    try:
        made = dialog.split_feed(form)
        dialog.feed_list.setCurrentRow(1)
        assert dialog.current_form is made[1]
        dialog.remove_feed()
        type_into(made[0].fields["name"], "survey")
        assert dialog.save()
        # The joined feed's keys went with it, and came back to the one that took its name.
        assert get_secret("survey") == "tok-123" and get_secret("survey:smtp") == "smtp-pw"
    finally:
        kiosk.stop()


def test_a_split_feed_that_takes_a_removed_feeds_name_keeps_its_copy(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    file_keyring: object,  # noqa: F811
) -> None:
    kiosk, dialog, _joined = _survey_api(
        qtbot,
        store,
        tmp_path,
        {"survey": "tok-123", "survey: What did you like?": "tok-of-the-removed-feed"},
    )
    try:
        old = dialog.add_feed("csv")
        type_into(old.fields["name"], "survey: What did you like?")
        type_into(old.fields["path"], str(tmp_path / "old.csv"))
        assert dialog.save()
        dialog = open_dialog(kiosk, qtbot)
        dialog.feed_list.setCurrentRow(1)
        dialog.remove_feed()
        dialog.feed_list.setCurrentRow(0)
        joined = dialog.current_form
        assert joined is not None
        made = dialog.split_feed(joined)
        assert str(made[0].fields["name"].value()[0]) == "survey: What did you like?"
        assert dialog.save()
        assert get_secret("survey: What did you like?") == "tok-123"
        assert get_secret("survey: What went wrong?") == "tok-123"
    finally:
        kiosk.stop()


def test_a_key_the_keyring_will_not_read_is_kept_and_said(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    file_keyring: keyring.backend.KeyringBackend,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kiosk, dialog, form = _survey_api(qtbot, store, tmp_path, {"survey": "tok-123"})
    try:
        dialog.split_feed(form)
        real = type(file_keyring).get_password

        def locked(self: keyring.backend.KeyringBackend, service: str, name: str) -> str | None:
            if name == "survey":
                raise keyring.errors.KeyringLocked("locked")
            return real(self, service, name)

        with monkeypatch.context() as patched:
            patched.setattr(type(file_keyring), "get_password", locked)
            assert dialog.save()
        said = " ".join(kiosk.window.banner.texts)
        assert "The key of feed 'survey' was not copied" in said, said
        assert "type it into each new feed's form" in said
        assert get_secret("survey") == "tok-123"  # not deleted with its feed
    finally:
        kiosk.stop()


def test_a_copy_the_keyring_refuses_leaves_the_key_where_it_was(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    file_keyring: keyring.backend.KeyringBackend,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kiosk, dialog, form = _survey_api(qtbot, store, tmp_path, {"survey": "tok-123"})
    try:
        dialog.split_feed(form)
        with _refusing_keys(monkeypatch, file_keyring, "survey: "):
            assert dialog.save()
        said = " ".join(kiosk.window.banner.texts)
        assert "Feed 'survey: What did you like?' did not get the key of 'survey'" in said
        assert "it stays in the keyring under 'survey'" in said
        assert get_secret("survey") == "tok-123"
        assert "tok-123" not in said  # the key itself is never shown
    finally:
        kiosk.stop()


def test_a_second_save_after_a_refused_key_keeps_the_copies(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    file_keyring: object,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Saved, but a typed key was refused: the dialog stays open, and its next Save must not
    # take the new feeds for removed ones (their keys and items went).
    kiosk, dialog, form = _survey_api(
        qtbot, store, tmp_path, {"survey": "tok-123", "survey:smtp": "smtp-pw"}
    )
    try:
        made = dialog.split_feed(form)
        type_into(made[1].fields["secret"], "tok-new")
        store_secret = dialog.services.store_secret
        calls: list[str] = []

        def refused_once(feed: str, secret: str) -> str | None:
            calls.append(feed)
            return "the keyring is locked" if len(calls) == 1 else store_secret(feed, secret)

        monkeypatch.setattr(dialog.services, "store_secret", refused_once)
        assert not dialog.save()
        liked, wrong = "survey: What did you like?", "survey: What went wrong?"
        assert get_secret(liked) == "tok-123" and get_secret(liked + ":smtp") == "smtp-pw"
        assert dialog.save()
        assert get_secret(liked) == "tok-123" and get_secret(liked + ":smtp") == "smtp-pw"
        assert get_secret(wrong) == "tok-new" and get_secret(wrong + ":smtp") == "smtp-pw"
        assert not any("Removed feed" in t for t in kiosk.window.banner.texts)
    finally:
        kiosk.stop()


def test_a_duplicated_feed_takes_the_feeds_keys_on_save(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    file_keyring: object,  # noqa: F811
) -> None:
    # A second feed of the same API (another board, another filter) needs the same token: a
    # copy that came without it could never sync, and the admin had to find the key again.
    kiosk, dialog, form = _survey_api(
        qtbot, store, tmp_path, {"survey": "tok-123", "survey:smtp": "smtp-pw"}
    )
    try:
        dialog.duplicate_feed()
        copy = dialog.current_form
        assert copy is not None and copy is not form
        assert copy.fields["name"].value()[0] == "survey (copy)"
        line = copy.fields["secret"].editor
        assert isinstance(line, QLineEdit)
        assert line.placeholderText() == "the key of “survey”, copied on Save (type to replace it)"
        assert dialog.save()
        assert get_secret("survey (copy)") == "tok-123"
        assert get_secret("survey (copy):smtp") == "smtp-pw"
        # The feed it was made from keeps its own.
        assert get_secret("survey") == "tok-123" and get_secret("survey:smtp") == "smtp-pw"
        assert line.placeholderText() == "stored in the keyring (type to replace it)"
    finally:
        kiosk.stop()


def test_a_key_typed_before_duplicating_goes_to_the_copy(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    file_keyring: object,  # noqa: F811
) -> None:
    kiosk, dialog, form = _survey_api(qtbot, store, tmp_path)
    try:
        type_into(form.fields["secret"], "tok-typed")
        dialog.duplicate_feed()
        copy = dialog.current_form
        assert copy is not None and copy is not form
        assert copy.secret_entered() == "tok-typed"
        assert dialog.save()
        assert get_secret("survey") == "tok-typed" and get_secret("survey (copy)") == "tok-typed"
    finally:
        kiosk.stop()


def test_a_key_from_the_environment_is_said_to_be_there_not_in_the_keyring(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    file_keyring: object,  # noqa: F811
) -> None:

    given = env_var_for("survey")
    monkeypatch.setenv(given, "tok-from-env")
    kiosk, dialog, form = _survey_api(qtbot, store, tmp_path)
    try:
        line = form.fields["secret"].editor
        assert isinstance(line, QLineEdit)
        # It was "stored in the keyring": the keyring has nothing, and a key typed there wins.
        assert line.placeholderText() == f"set by {given}"
        assert form.secret_note.isVisibleTo(form)
        assert form.secret_note.text() == (
            f"The key comes from the environment variable {given}, where the kiosk starts."
            " A key typed here goes to the keyring and is used instead."
        )
        # It sits under the key field, and goes with it when the feed signs in with nothing.
        parent = form.secret_note.parentWidget()
        assert parent is not None
        layout = parent.layout()
        assert isinstance(layout, QFormLayout)

        def row_of(widget: QWidget) -> int:
            return cast(tuple[int, Any], layout.getWidgetPosition(widget))[0]

        assert row_of(form.secret_note) == row_of(form.fields["secret"]) + 1
        form.fields["auth"].set_value("none")
        form.fields["auth"].edited.emit()
        assert not form.secret_note.isVisibleTo(form)
        form.fields["auth"].set_value("bearer")
        form.fields["auth"].edited.emit()
        assert form.secret_note.isVisibleTo(form)
        # Nothing copies a variable of the machine: the copies say what to do instead.
        dialog.duplicate_feed()
        copy = dialog.current_form
        assert copy is not None and copy is not form
        copy_line = copy.fields["secret"].editor
        assert isinstance(copy_line, QLineEdit)
        assert copy_line.placeholderText() == "not copied (see below)"

        def told(made: FeedForm) -> str:
            variable = env_var_for(str(made.fields["name"].value()[0]))
            return (
                f"“survey” has its key from the environment variable {given}, which cannot be"
                f" copied: type the key here, or set {variable} where the kiosk starts."
            )

        assert copy.secret_note.text() == told(copy)
        assert env_var_for("survey (copy)") in copy.secret_note.text()
        made = dialog.split_feed(form)
        assert [f.secret_note.text() for f in made] == [told(f) for f in made]
        # A typed name names another variable at once; the note is plain text, as names are.
        type_into(copy.fields["name"], "<b>board</b>")
        assert env_var_for("<b>board</b>") in copy.secret_note.text()
        assert copy.secret_note.textFormat() == Qt.TextFormat.PlainText
    finally:
        kiosk.stop()


def test_with_no_feed_only_add_feed_is_offered(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    # A kiosk on its demo has no feed: Duplicate and Remove looked ready, and did nothing.
    path = tmp_path / "settings.toml"
    save_settings(Settings(), path)
    kiosk = Kiosk(Settings(), store, executor=synchronous, settings_path=path)
    qtbot.addWidget(kiosk.window)
    kiosk.start(sync=False)
    try:
        dialog = open_dialog(kiosk, qtbot)
        assert dialog.feed_list.count() == 0
        assert not dialog.duplicate_button.isEnabled() and not dialog.remove_button.isEnabled()
        dialog.add_feed("csv")
        assert dialog.duplicate_button.isEnabled() and dialog.remove_button.isEnabled()
        dialog.remove_feed()
        assert not dialog.duplicate_button.isEnabled() and not dialog.remove_button.isEnabled()
        dialog.reject()
    finally:
        kiosk.stop()


# helper-144's review of Duplicate taking a feed's keys: sequences that lost or misnamed one.


def _placeholder(form: FeedForm) -> str:
    line = form.fields["secret"].editor
    assert isinstance(line, QLineEdit)
    return line.placeholderText()


def _name(form: FeedForm) -> str:
    return str(form.fields["name"].value()[0])


def _forms(dialog: SettingsDialog) -> list[FeedForm]:
    return [dialog._forms[n] for n in sorted(dialog._forms)]


def _select(dialog: SettingsDialog, form: FeedForm) -> None:
    for row in range(dialog.feed_list.count()):
        number = dialog.feed_list.item(row).data(Qt.ItemDataRole.UserRole)
        if dialog._forms.get(number) is form:
            dialog.feed_list.setCurrentRow(row)
            return
    raise AssertionError("form not in the list")


def _duplicate(dialog: SettingsDialog, form: FeedForm) -> FeedForm:
    _select(dialog, form)
    dialog.duplicate_feed()
    copy = dialog.current_form
    assert copy is not None and copy is not form
    return copy


def test_a_key_typed_into_the_source_after_duplicating_reaches_the_copy(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    file_keyring: object,  # noqa: F811
) -> None:
    # The admin duplicates "survey", then types its new (rotated) token into "survey". The
    # copy's field says it takes "the key of “survey”, copied on Save"; on Save "survey"'s
    # key is the typed one. Expected: the copy gets "tok-new" too. It got the old stored
    # "tok-123" (read before the typed key was stored): a superseded token (helper-144).
    kiosk, dialog, form = _survey_api(qtbot, store, tmp_path, {"survey": "tok-123"})
    try:
        copy = _duplicate(dialog, form)
        assert _placeholder(copy) == "the key of “survey”, copied on Save (type to replace it)"
        type_into(form.fields["secret"], "tok-new")
        assert dialog.save()
        assert get_secret("survey") == "tok-new"
        assert get_secret("survey (copy)") == "tok-new", "the copy got the replaced key"
    finally:
        kiosk.stop()


def test_a_refused_copy_does_not_hand_the_key_to_a_new_feed_of_the_sources_name(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    file_keyring: keyring.backend.KeyringBackend,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Duplicate "survey", remove "survey", add a new, different feed and name it "survey";
    # the keyring refuses the copy's key. _write_carried put the key back under "survey" (it
    # guarded only against a *renamed* feed having that name), so the new feed silently took
    # the removed feed's token. The new "survey" has no key: the old one is reported, never
    # given to another feed.
    kiosk, dialog, form = _survey_api(qtbot, store, tmp_path, {"survey": "tok-123"})
    try:
        _duplicate(dialog, form)
        _select(dialog, form)
        dialog.remove_feed()
        new = dialog.add_feed("csv")
        type_into(new.fields["name"], "survey")
        type_into(new.fields["path"], str(tmp_path / "other.csv"))
        with _refusing_keys(monkeypatch, file_keyring, "survey (copy)"):
            assert dialog.save()
        assert get_secret("survey (copy)") is None
        assert get_secret("survey") is None, "the new feed 'survey' got the removed one's key"
    finally:
        kiosk.stop()


def test_a_copy_made_after_renames_names_the_feed_it_copies_as_listed(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    file_keyring: object,  # noqa: F811
) -> None:
    # Rename a -> x and b -> a, then duplicate x. The copy takes x's key (key-of-a, right),
    # but its field says "the key of “a”": the feed now listed as "a" is the old b, whose
    # key it does NOT take. Expected: the field names the feed as the list shows it, “x”.
    kiosk, _text_of = _three_feeds(qtbot, store, tmp_path, "http")
    try:
        dialog = open_dialog(kiosk, qtbot)
        a, b, _c = _forms(dialog)
        type_into(a.fields["name"], "x")
        type_into(b.fields["name"], "a")
        copy = _duplicate(dialog, a)
        assert _name(copy) == "x (copy)"
        shown = _placeholder(copy)
        assert dialog.save()
        assert get_secret("x (copy)") == "key-of-a"  # the right key is copied...
        assert "“x”" in shown, shown  # ...and the field names it as listed, not as "a" (now b)
    finally:
        kiosk.stop()


def _survey_keyed_by_environment(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Kiosk, SettingsDialog, FeedForm]:
    """``_survey_api`` whose key is in VOC_KIOSK_SECRET_SURVEY, and no VOC_KIOSK_SECRET_IDEAS."""
    monkeypatch.setenv(env_var_for("survey"), "tok-from-env")
    monkeypatch.delenv(env_var_for("ideas"), raising=False)
    return _survey_api(qtbot, store, tmp_path)


def test_a_renamed_feed_whose_key_is_in_the_environment_says_it_loses_it(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    file_keyring: object,  # noqa: F811
) -> None:
    # Renamed "ideas" in the form, the note said "The key comes from the environment variable
    # VOC_KIOSK_SECRET_SURVEY"; once saved, "ideas" reads VOC_KIOSK_SECRET_IDEAS, which is not
    # set: it has no key. The note names the variable the feed will read (as Save's own
    # warning does).
    kiosk, _dialog, form = _survey_keyed_by_environment(qtbot, store, tmp_path, monkeypatch)
    try:
        type_into(form.fields["name"], "ideas")
        said = f"{_placeholder(form)} | {form.secret_note.text()}"
        assert env_var_for("ideas") in said, said
    finally:
        kiosk.stop()


def test_after_a_save_that_stays_open_a_copy_is_not_told_of_an_unset_variable(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    file_keyring: object,  # noqa: F811
) -> None:
    # Env-keyed "survey" renamed "ideas" and saved, but another feed's typed key was refused:
    # the dialog stays open. "ideas" still noted its key "comes from VOC_KIOSK_SECRET_SURVEY"
    # (it reads VOC_KIOSK_SECRET_IDEAS now, unset), and a Duplicate of it said "“ideas” has
    # its key from the environment variable VOC_KIOSK_SECRET_IDEAS", set nowhere. After Save
    # the forms look again where their keys are; no note claims a key in an unset variable.
    kiosk, dialog, form = _survey_keyed_by_environment(qtbot, store, tmp_path, monkeypatch)
    try:
        type_into(form.fields["name"], "ideas")
        extra = _duplicate(dialog, form)  # a feed whose typed key the keyring refuses
        type_into(extra.fields["secret"], "tok-typed")
        monkeypatch.setattr(dialog.services, "store_secret", lambda f, s: "locked")
        assert not dialog.save()
        assert "was not stored" in dialog.summary.text()
        copy = _duplicate(dialog, form)
        said = (
            f"{_placeholder(form)} | {form.secret_note.text()} | "
            f"{_placeholder(copy)} | {copy.secret_note.text()}"
        )
        assert env_var_for("survey") not in said, said
        assert f"has its key from the environment variable {env_var_for('ideas')}" not in said
    finally:
        kiosk.stop()


def test_a_copy_is_not_told_to_set_a_variable_already_set(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    file_keyring: object,  # noqa: F811
) -> None:
    # "survey"'s key is in VOC_KIOSK_SECRET_SURVEY; the admin set VOC_KIOSK_SECRET_BOARD2
    # for a second board, duplicates "survey" and names the copy "board2". The note says
    # "type the key here, or set VOC_KIOSK_SECRET_BOARD2 where the kiosk starts" - it is
    # set, and the copy will read it. Expected: no request to set a variable that is set.
    monkeypatch.setenv(env_var_for("survey"), "tok-from-env")
    monkeypatch.setenv(env_var_for("board2"), "tok-board2")
    kiosk, dialog, form = _survey_api(qtbot, store, tmp_path)
    try:
        copy = _duplicate(dialog, form)
        type_into(copy.fields["name"], "board2")
        assert f"or set {env_var_for('board2')}" not in copy.secret_note.text(), (
            copy.secret_note.text()
        )
    finally:
        kiosk.stop()
