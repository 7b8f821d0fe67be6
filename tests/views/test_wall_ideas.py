"""The wall's ideas scene is read from across the room: big type for the screen, whole rows
that fit it with nothing to scroll, and customer text drawn as text whatever it holds. The
desk's ideas stay the table they were. Real kiosk over the bundled demo, real widgets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QTextEdit
from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.model import Status
from kiosk.settings import Settings
from kiosk.store import Store
from kiosk.values import Idea
from kiosk.views.ideas_view import IdeasView
from kiosk.views.tasks import synchronous
from kiosk.views.theme import theme_named
from kiosk.views.wall_ideas import WallIdeasView

# The legibility rule, written out here rather than imported: lowering the app's own constant
# must fail this test (kiosk/views/wall_type.py says why these shares).
SECONDARY = 0.025
PRIMARY = 0.035

# Landscape TVs, a portrait one, and a 1080p screen at QT_SCALE_FACTOR=2 (the window is then
# 960x540 logical pixels: what the layout sees).
SIZES = [
    QSize(1280, 720),
    QSize(1920, 1080),
    QSize(3840, 2160),
    QSize(1080, 1920),
    QSize(960, 540),
]


def _wall(demo_store: Store, size: QSize) -> Kiosk:
    settings = Settings().replace(profile="wall", wall__scene_seconds=0)
    kiosk = Kiosk(settings, demo_store, executor=synchronous)
    kiosk.window.prepare_offscreen(size)
    kiosk.start(sync=False)
    return kiosk


@pytest.fixture(params=SIZES, ids=lambda s: f"{s.width()}x{s.height()}")
def wall_ideas(
    request: pytest.FixtureRequest, qtbot: QtBot, demo_store: Store
) -> Iterator[tuple[Kiosk, QSize]]:
    size: QSize = request.param
    kiosk = _wall(demo_store, size)
    qtbot.addWidget(kiosk.window)
    try:
        kiosk.show_ideas()
        kiosk.window.render_image(size)
        yield kiosk, size
    finally:
        kiosk.stop()


def _scene(kiosk: Kiosk) -> WallIdeasView:
    view = kiosk.ideas_view
    assert isinstance(view, WallIdeasView), view
    assert kiosk.window.stack.currentWidget() is view
    return view


def _assert_fits(view: WallIdeasView, window_size: QSize) -> None:
    """Every row whole inside the view, none over another, every line within its room."""
    top_left = view.mapTo(view.window(), QPoint(0, 0))
    assert QRect(QPoint(0, 0), window_size).contains(QRect(top_left, view.size())), (
        "the scene leaves the screen"
    )
    assert view.rows, "no idea shown"
    assert not view.findChildren(QAbstractScrollArea), "a scroll bar nobody at a wall can use"
    text_m = QFontMetrics(view.text_font)
    status_m = QFontMetrics(view.status_font)
    caption_m = QFontMetrics(view.caption_font)
    votes_m = QFontMetrics(view.votes_font)
    previous: QRect | None = None
    for row in view.rows:
        assert view.rect().contains(row.rect), f"row cut at the edge: {row.rect}"
        if previous is not None:
            assert row.rect.top() > previous.bottom(), "rows overlap"
        previous = row.rect
        for part in (row.votes_rect, row.caption_rect, row.text_rect, row.status_rect):
            assert row.rect.contains(part), (part, row.rect)
        assert not row.text_rect.intersects(row.votes_rect)
        assert 1 <= len(row.lines) <= 3
        assert row.text_rect.height() >= len(row.lines) * text_m.lineSpacing()
        for line in row.lines:
            assert text_m.horizontalAdvance(line) <= row.text_rect.width(), line
        shown = status_m.horizontalAdvance(row.status) + caption_m.horizontalAdvance(row.change)
        assert shown <= row.status_rect.width()
        assert votes_m.horizontalAdvance(row.votes) <= row.votes_rect.width()
    summary_m = QFontMetrics(view.summary_font)
    assert summary_m.horizontalAdvance(view.summary) <= view.summary_rect.width()


@pytest.mark.parametrize("size", [QSize(1920, 1080), QSize(3840, 2160)], ids=["1080p", "4K"])
def test_the_scenes_type_is_read_from_across_the_room(
    qtbot: QtBot, demo_store: Store, size: QSize
) -> None:
    kiosk = _wall(demo_store, size)
    qtbot.addWidget(kiosk.window)
    try:
        kiosk.show_ideas()
        kiosk.window.render_image(size)
        view = _scene(kiosk)
        short = min(size.width(), size.height())
        assert view.text_font.pixelSize() >= PRIMARY * short
        for font in (
            view.title_font,
            view.summary_font,
            view.votes_font,
            view.caption_font,
            view.status_font,
        ):
            assert font.pixelSize() >= SECONDARY * short
        # Fewer and bigger rows than the desk's table: a handful, each with its figures.
        assert 3 <= len(view.rows) <= 8
        first = view.rows[0]
        assert first.votes == f"{first.idea.votes:,}" and first.status
    finally:
        kiosk.stop()


def test_the_rows_fit_the_screen_whole(wall_ideas: tuple[Kiosk, QSize]) -> None:
    kiosk, size = wall_ideas
    _assert_fits(_scene(kiosk), size)


def _hostile(base: Idea) -> list[Idea]:
    html = "<b>Free</b> <img src='http://x/y.png'> <a href='http://evil'>click</a>"
    return [
        replace(base, text=html, votes=9_999_999, status=Status.ACKNOWLEDGED),
        replace(base, text="A" * 5_000, votes=12, status=Status.IN_PROGRESS),
        replace(
            base,
            text="bell\x07 nul\x00 esc\x1b[31mred\x1b[0m\r\ntab\there \u202eoverride",
            previous_status=Status.ACKNOWLEDGED,
            status=Status.IN_PROGRESS,
            status_changed_at=datetime(2026, 6, 3, 12, tzinfo=UTC),
        ),
        replace(base, text="write to ann@example.com please", votes=3),
    ]


@pytest.mark.parametrize("size", [QSize(1920, 1080), QSize(1080, 1920), QSize(1280, 720)])
def test_hostile_idea_text_is_drawn_as_text_and_stays_on_screen(
    qtbot: QtBot, demo_store: Store, size: QSize
) -> None:
    kiosk = _wall(demo_store, size)
    qtbot.addWidget(kiosk.window)
    try:
        kiosk.wall.scene_ideas = _hostile(kiosk.wall.scene_ideas[0])
        kiosk.show_ideas()
        kiosk.window.render_image(size)
        view = _scene(kiosk)
        # No rich-text widget anywhere in the scene: nothing could read the words as markup.
        assert not view.findChildren(QLabel) and not view.findChildren(QTextEdit)
        drawn = {row.idea.votes: row for row in view.rows}
        assert 9_999_999 in drawn and 12 in drawn, "a hostile idea pushed the others off"
        marked = " ".join(drawn[9_999_999].lines)
        assert marked.startswith("<b>Free</b> <img src='http://x/") and "<a href=" in marked
        # One unbroken 5,000-character word: cut over its lines, ended with an ellipsis.
        endless = drawn[12].lines
        assert len(endless) <= 3 and endless[-1].endswith("…")
        assert sum(len(line) for line in endless) < 400
        _assert_fits(view, size)
        shown = [line for row in view.rows for line in row.lines]
        for line in shown:
            assert not any(ord(c) < 32 or ord(c) == 0x7F for c in line), repr(line)
        if len(view.rows) > 2:
            words = " ".join(view.rows[2].lines)
            assert "\N{REPLACEMENT CHARACTER}" in words
            assert view.rows[2].change.startswith(" · was planned, started")
        if len(view.rows) > 3:
            # A public screen: the address is masked.
            assert "ann@example.com" not in " ".join(view.rows[3].lines)
        assert "9,999,999 votes: " in view.accessibleDescription()
    finally:
        kiosk.stop()


def test_one_vote_is_a_vote(qtbot: QtBot, demo_store: Store) -> None:
    size = QSize(1920, 1080)
    kiosk = _wall(demo_store, size)
    qtbot.addWidget(kiosk.window)
    try:
        kiosk.wall.scene_ideas = [replace(kiosk.wall.scene_ideas[0], votes=1)]
        kiosk.show_ideas()
        kiosk.window.render_image(size)
        view = _scene(kiosk)
        assert view.accessibleDescription().startswith("1 vote: ")
    finally:
        kiosk.stop()


def test_the_desks_ideas_stay_a_table(qtbot: QtBot, demo_store: Store) -> None:
    kiosk = Kiosk(Settings(), demo_store, executor=synchronous)
    qtbot.addWidget(kiosk.window)
    size = QSize(1920, 1080)
    try:
        kiosk.window.prepare_offscreen(size)
        kiosk.start(sync=False)
        kiosk.show_ideas()
        kiosk.window.render_image(size)
        view = kiosk.ideas_view
        assert isinstance(view, IdeasView)
        assert kiosk.window.stack.currentWidget() is view
        assert kiosk.ideas.wall_view is None
        tree = view.tree
        headers = [tree.headerItem().text(i) for i in range(tree.columnCount())]
        assert headers == ["Votes", "Idea", "Status", "What changed", "Given"]
        # Every idea up to the desk's limit, to scroll and sort: not the wall's handful.
        assert tree.topLevelItemCount() == len(view.ideas) > 8
        assert view.title.text() == "Ideas, by votes"
    finally:
        kiosk.stop()


@pytest.mark.parametrize("profile", ["wall", "desk"])
def test_a_new_theme_reaches_the_ideas_scene(qtbot: QtBot, demo_store: Store, profile: str) -> None:
    settings = Settings().replace(profile=profile, wall__scene_seconds=0, display__theme="dark")
    running = Kiosk(settings, demo_store, executor=synchronous)
    qtbot.addWidget(running.window)
    running.window.prepare_offscreen(QSize(1920, 1080))
    running.start(sync=False)
    try:
        running.show_ideas()
        view = running.ideas_view
        assert view is not None

        def painted_with() -> object:
            # The wall's scene paints from its theme, the desk's table from its style sheet.
            return view.theme if isinstance(view, WallIdeasView) else view.styleSheet()

        dark = painted_with()
        running.apply_settings(settings.replace(display__theme="light"))
        # helper-40: the scene kept painting the theme it was built with.
        assert painted_with() != dark
        if isinstance(view, WallIdeasView):
            assert view.theme == theme_named("light")
    finally:
        running.stop()
