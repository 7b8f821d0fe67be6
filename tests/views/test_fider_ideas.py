"""A Fider board on the desk and the wall: its ideas are the posts whose kind is idea, and
every number says the same thing on every screen.

A board of ideas, bugs and praise, with votes and authors who post more than once, served on
loopback in Fider's shapes and synced into a real store; then the desk's header and ideas
table and the wall's ideas scene are read from running kiosks over that same store, and
checked against each other and against the board, counted here by hand.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QSize
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.dashboard import Dashboard, window_ending
from kiosk.model import Kind
from kiosk.settings import FeedConfig, Settings
from kiosk.store import Store
from kiosk.sync import run_once
from kiosk.views.ideas_view import IdeasView, one_line
from kiosk.views.tasks import synchronous
from kiosk.views.wall_ideas import WallIdeasView
from tests.sync.conftest import settings_with

NOW = datetime.now(UTC).replace(microsecond=0)

# (id, title, description, author, votes, tags, days ago): Jon posts three ideas (one before
# the window), Sansa an idea then praise, Arya an idea then a bug; the bugs and the praise
# have more votes than any idea.
BOARD = [
    (101, "Dark mode for the app", "The white screen hurts at night.", 7, 58, ["mobile"], 20),
    (102, "Export reports to Excel", "", 7, 41, [], 12),
    (103, "Checkout crashes on iOS", "Every time I press pay.", 9, 96, ["bug", "ios"], 10),
    (104, "Offline mode", "Let me read my orders on the train.", 8, 33, [], 15),
    (105, "Support was wonderful", "Sorted in five minutes.", 8, 80, ["praise"], 5),
    (106, "Share a basket with my partner", "", 10, 0, [], 9),
    (107, "Login loop on Android", "", 10, 45, ["bug"], 3),
    (108, "Keyboard shortcuts", "", 11, 4, [], 6),  # a person calls it a complaint
    (109, "Search ignores accents", "", 12, 20, ["bug"], 8),  # a person calls it an idea
    (110, "Gift cards", "", 7, 12, [], 45),  # an idea from before the window
]
USERS = {7: "Jon", 8: "Sansa", 9: "Bran", 10: "Arya", 11: "Tyrion", 12: "Davos"}
# By hand, for the last 30 days: ideas are 101, 102, 104, 106 and 109 (corrected), given by
# Jon, Sansa, Arya and Davos; 110 is an idea of Jon's from before.
IDEA_IDS = ["101", "102", "104", "109", "110", "106"]  # most votes first, unvoted last
IDEA_CUSTOMERS = 4
# Each customer once, by their latest post: Jon and Davos an idea; Sansa praise; Arya, Bran
# and Tyrion (corrected) a complaint.
HEADER = {Kind.IDEA: 2, Kind.COMPLIMENT: 1, Kind.COMPLAINT: 3}


def _post(row: tuple[Any, ...]) -> dict[str, Any]:
    post_id, title, description, user, votes, tags, ago = row
    return {
        "id": post_id,
        "number": post_id - 100,
        "title": title,
        "slug": title.lower().replace(" ", "-"),
        "description": description,
        "createdAt": (NOW - timedelta(days=ago)).isoformat().replace("+00:00", "Z"),
        "user": {"id": user, "name": USERS[user], "role": "visitor"},
        "hasVoted": False,
        "votesCount": votes,
        "commentsCount": 0,
        "status": "open",
        "response": None,
        "tags": tags,
    }


@pytest.fixture
def board(httpserver: HTTPServer, store: Store) -> Iterator[tuple[Store, FeedConfig]]:
    """The board synced into the store, with two kinds a person corrected."""
    httpserver.expect_request("/api/v1/posts").respond_with_json([_post(r) for r in BOARD])
    feed = FeedConfig(
        "board", "fider", True, 60, {"url": httpserver.url_for("/").rstrip("/"), "auth": "none"}
    )
    (report,) = run_once(settings_with(feed), store)
    assert report.ok and report.new == len(BOARD), report.error
    for ext, kind in (("108", Kind.COMPLAINT), ("109", Kind.IDEA)):
        row = store.get("board", ext)
        assert row is not None
        store.correct_kind(row.id, kind, by="Priya")
    yield store, feed


def _kiosk(store: Store, feed: FeedConfig, profile: str, size: QSize) -> Kiosk:
    settings = Settings(feeds=(feed,)).replace(profile=profile, wall__scene_seconds=0)
    kiosk = Kiosk(settings, store, executor=synchronous)
    kiosk.window.prepare_offscreen(size)
    kiosk.start(sync=False)
    return kiosk


def test_only_posts_whose_kind_is_idea_are_ideas(board: tuple[Store, FeedConfig]) -> None:
    store, _feed = board
    window = window_ending(NOW, 30)
    ideas = Dashboard(store).ideas(window)
    # Not the bug with 96 votes, the praise with 80, nor the post a person called a
    # complaint; the bug a person called an idea is one.
    assert [i.external_id for i in ideas] == IDEA_IDS
    assert [i.votes for i in ideas] == [58, 41, 33, 20, 12, 0]


def test_the_desk_and_the_header_count_ideas_and_customers_alike(
    qtbot: QtBot, board: tuple[Store, FeedConfig]
) -> None:
    store, feed = board
    size = QSize(1920, 1080)
    kiosk = _kiosk(store, feed, "desk", size)
    qtbot.addWidget(kiosk.window)
    try:
        header = kiosk.window.header
        counts = kiosk.model.header.counts
        assert (counts.ideas, counts.compliments, counts.complaints) == (
            HEADER[Kind.IDEA],
            HEADER[Kind.COMPLIMENT],
            HEADER[Kind.COMPLAINT],
        )
        assert header.count_labels[Kind.IDEA].text() == "● 2 ideas"
        kiosk.show_ideas()
        view = kiosk.ideas_view
        assert isinstance(view, IdeasView)
        shown = [view.tree.topLevelItem(i) for i in range(view.tree.topLevelItemCount())]
        assert [r.text(0) for r in shown if r is not None] == ["58", "41", "33", "20", "12", "0"]
        summary = view.summary.text()
        # Posts are counted as items, their authors as customers, each once.
        assert summary.startswith("6 items are ideas up to ")
        assert ", from 4 customers (in the last 30 days: 5 items, from 4 customers)." in summary
        assert "ideas given" not in summary
        # The header's "ideas" (2: customers whose latest post is an idea) is told apart.
        assert "The header counts 2 of the 4 customers of the period under ideas" in (
            view.note.text()
        )
        # The same store under an idea filter: the header's customers are the table's.
        assert kiosk.open_view("kind=idea")
        assert header.customers_label.text() == f"{IDEA_CUSTOMERS} customers with ideas:"
        assert kiosk.model.header.counts.ideas == IDEA_CUSTOMERS
        kiosk.show_ideas()
        assert view.counts is not None
        assert view.counts.customers_in_window == IDEA_CUSTOMERS
        assert view.counts.header_ideas == IDEA_CUSTOMERS
        assert "The header counts" not in view.note.text()
        # Still ideas only: the filter to ideas changes nothing in the table.
        again = [view.tree.topLevelItem(i) for i in range(view.tree.topLevelItemCount())]
        assert [r.text(0) for r in again if r is not None] == ["58", "41", "33", "20", "12", "0"]
        assert "only" not in view.summary.text()
        # A filter to complaints: the header shows no ideas, and the table does not claim
        # its ideas are "only complaints".
        assert kiosk.open_view("kind=complaint")
        kiosk.show_ideas()
        assert view.tree.topLevelItemCount() == len(IDEA_IDS)
        assert "complaint" not in view.summary.text()
        assert view.counts is not None and view.counts.header_ideas is None
        assert "The header counts" not in view.note.text()
    finally:
        kiosk.stop()


def test_the_walls_ideas_scene_shows_ideas_customers_voted_for(
    qtbot: QtBot, board: tuple[Store, FeedConfig]
) -> None:
    store, feed = board
    size = QSize(1920, 1080)
    kiosk = _kiosk(store, feed, "wall", size)
    qtbot.addWidget(kiosk.window)
    try:
        kiosk.show_ideas()
        kiosk.window.render_image(size)
        view = kiosk.ideas_view
        assert isinstance(view, WallIdeasView)
        assert kiosk.window.stack.currentWidget() is view
        shown = [(row.idea.external_id, row.votes) for row in view.rows]
        # The most voted ideas that fit, in order: never the bug or the praise.
        voted = [("101", "58"), ("102", "41"), ("104", "33"), ("109", "20"), ("110", "12")]
        assert len(shown) >= 3 and shown == voted[: len(shown)]
        texts = " ".join(" ".join(row.lines) for row in view.rows)
        for other in ("Checkout", "wonderful", "Login loop", "Keyboard"):
            assert other not in texts
        # A post's title and description are two things, not one run-on sentence.
        assert view.rows[0].lines[0].startswith("Dark mode for the app — The white screen")
        # No "N ideas" on the wall beside the header's "2 ideas", which count customers.
        assert view.summary == "The ideas with most votes, and where each stands"
        assert kiosk.window.header.count_labels[Kind.IDEA].text() == "● 2 ideas"
    finally:
        kiosk.stop()


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("Dark mode\n\nThe white screen hurts.", "Dark mode — The white screen hurts."),
        ("Love it.\nBut it crashes", "Love it. But it crashes"),
        ("Hi,\n  I'd like   an export", "Hi, I'd like an export"),
        ("Export to Excel\n\n", "Export to Excel"),
        ("The app crashes when I\nopen the settings", "The app crashes when I open the settings"),
        ("$AAPL #aapl\r\n \r\nhttp://t.co/x", "$AAPL #aapl — http://t.co/x"),
        ("", ""),
    ],
)
def test_an_items_lines_are_read_as_one(text: str, line: str) -> None:
    assert one_line(text) == line
