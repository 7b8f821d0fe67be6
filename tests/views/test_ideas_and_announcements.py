"""The loop on the floor: ideas by votes with what became of them, and the wall's "You said …
/ We are doing …" that never names anyone. Real store, real widgets."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from kiosk.dashboard import Dashboard
from kiosk.delivery.compose import plan_announcement
from kiosk.model import Customer, Feedback, Kind, Response, Status
from kiosk.outbox.values import Audience
from kiosk.settings import FeedConfig
from kiosk.store import Store
from kiosk.values import DayRange, MentionRecord, Slice, day_of
from kiosk.views.announcements_view import AnnouncementsView
from kiosk.views.ideas_view import IdeasView, change_text_of
from kiosk.views.theme import theme_named
from tests.outbox.conftest import announcement

NOW = datetime.now(UTC).replace(microsecond=0)
# A window that ended two days ago: an idea given since is not in it.
WINDOW = DayRange(day_of(NOW) - 31, day_of(NOW) - 2)


def idea(ext: str, votes: int, *, days_ago: int = 3, feed: str = "board", **over: Any) -> Feedback:
    return Feedback(
        feed,
        ext,
        f"Idea {ext}: track my order in the app (write to me at ann@example.com)",
        NOW - timedelta(days=days_ago),
        Customer(f"c{ext}", f"Customer {ext}"),
        kind=Kind.IDEA,
        votes=votes,
        url=f"https://board.example.com/posts/{ext}/x",
        **over,
    )


def test_ideas_come_by_votes_with_their_status_and_its_change(qtbot: QtBot, store: Store) -> None:
    store.upsert(
        [
            idea("1", 12),
            idea("2", 40),
            idea("3", 3, feed="shop"),
            idea("4", 0, days_ago=50),
            # A complaint is no idea, however many customers voted for it.
            replace(idea("5", 7), kind=Kind.COMPLAINT),
            replace(idea("6", 0), kind=Kind.COMPLAINT),
            idea("7", 99, days_ago=1),  # after the window
        ]
    )
    # A sync brings a new status for idea 2: the change is kept.
    planned_at = NOW - timedelta(days=2, hours=1)
    store.upsert(
        [
            replace(
                idea("2", 41),
                status=Status.ACKNOWLEDGED,
                response=Response("Planned for spring", planned_at, "Product team"),
            )
        ]
    )
    dashboard = Dashboard(store)
    ideas = dashboard.ideas(WINDOW)
    assert [i.external_id for i in ideas] == ["2", "1", "3", "4"]
    top = ideas[0]
    assert (top.votes, top.status, top.previous_status) == (41, Status.ACKNOWLEDGED, Status.NEW)
    assert top.status_changed_at == planned_at
    assert change_text_of(top) == f"was open, planned {planned_at.astimezone():%-d %b %Y}"
    assert change_text_of(ideas[1]) == ""
    # The view's slice applies (a feed), not its kinds.
    sliced = dashboard.ideas(
        WINDOW, Slice(feeds=frozenset({"shop"}), kinds=frozenset({Kind.COMPLAINT}))
    )
    assert [i.external_id for i in sliced] == ["3"]

    view = IdeasView(theme_named("dark"))
    qtbot.addWidget(view)
    view.show_ideas(ideas, WINDOW, "Last 30 days", limit=300, counts=dashboard.idea_counts(WINDOW))
    rows = [view.tree.topLevelItem(i) for i in range(view.tree.topLevelItemCount())]
    assert [r.text(0) for r in rows if r is not None] == ["41", "12", "3", "0"]
    first = rows[0]
    assert first is not None
    assert (first.text(2), first.text(3)) == ("planned", change_text_of(top))
    # Ideas are counted as items, their givers as customers ("4 ideas" would be customers).
    assert view.summary.text().startswith("4 items are ideas up to")
    assert view.summary.text().endswith(
        ", from 4 customers (in the last 30 days: 3 items, from 3 customers)."
        " By status: 3 open, 1 planned"
    )
    # No customer is named; the desk may open an idea at its source.
    shown = " ".join(r.text(c) for r in rows if r is not None for c in range(5))
    assert "Customer" not in shown
    opened: list[str] = []
    view.link_activated.connect(opened.append)
    view.tree.itemActivated.emit(first, 0)
    assert opened == ["https://board.example.com/posts/2/x"]
    # A list cut at its limit says it shows the top, of all the items counted.
    view.show_ideas(ideas[:2], WINDOW, "Last 30 days", limit=2, counts=view.counts)
    assert view.summary.text().startswith("4 items are ideas up to")
    assert view.summary.text().endswith("The 2 with most votes: 1 open, 1 planned")


def test_unvoted_ideas_follow_the_voted_ones_newest_first_within_the_limit(store: Store) -> None:
    given = [
        idea("old", 0, days_ago=20),
        idea("new", 0, days_ago=4),
        idea("mid", 0, days_ago=10),
        idea("voted", 2, days_ago=25),
        replace(idea("moan", 0, days_ago=5), kind=Kind.COMPLAINT),
        replace(idea("fixed", 0, days_ago=6), kind=Kind.COMPLAINT),
        idea("unmeant", 0, days_ago=7),
    ]
    result = store.upsert(given)
    ids = {fb.external_id: i for fb, i in zip(given, result.new_ids, strict=True)}
    # What a person says an item is decides, both ways.
    store.correct_kind(ids["fixed"], Kind.IDEA)
    store.correct_kind(ids["unmeant"], Kind.COMPLAINT)
    assert [i.external_id for i in store.ideas(WINDOW.last)] == [
        "voted",
        "new",
        "fixed",
        "mid",
        "old",
    ]
    assert [i.external_id for i in store.ideas(WINDOW.last, limit=3)] == ["voted", "new", "fixed"]
    assert [i.external_id for i in store.ideas(WINDOW.last, limit=1)] == ["voted"]
    assert len(store.ideas(WINDOW.last, limit=-1)) == 5


def test_a_sync_committing_while_the_ideas_are_read_shows_each_idea_once(
    store: Store, tmp_path: Path
) -> None:
    store.upsert([idea("A", 1, days_ago=3), idea("B", 0, days_ago=4), idea("C", 5, days_ago=5)])
    sync = Store(store.path)  # another connection, as the sync worker's

    # Between the voted and the unvoted half, a Fider page commits: A loses its only vote, B
    # gets its first.
    def commit_between(sql: str) -> None:
        if "f.votes = 0" in sql and not sync_done:
            sync_done.append(True)
            sync.upsert([idea("A", 0, days_ago=3), idea("B", 1, days_ago=4)])

    sync_done: list[bool] = []
    store._conn.set_trace_callback(commit_between)
    try:
        during = [(i.external_id, i.votes) for i in store.ideas(WINDOW.last)]
    finally:
        store._conn.set_trace_callback(None)
        sync.close()
    assert sync_done
    # One version or the other, never a mix of the two.
    assert during == [("C", 5), ("A", 1), ("B", 0)]
    after = [(i.external_id, i.votes) for i in store.ideas(WINDOW.last)]
    assert after == [("C", 5), ("B", 1), ("A", 0)]


def test_a_private_screen_masks_contact_details_and_opens_nothing(
    qtbot: QtBot, store: Store
) -> None:
    store.upsert([idea("1", 5)])
    view = IdeasView(theme_named("light"), private=True)
    qtbot.addWidget(view)
    view.show_ideas(Dashboard(store).ideas(WINDOW), WINDOW, "Last 30 days")
    row = view.tree.topLevelItem(0)
    assert row is not None
    assert "ann@example.com" not in row.text(1)
    opened: list[str] = []
    view.link_activated.connect(opened.append)
    view.tree.itemActivated.emit(row, 0)
    assert opened == []


def _customers_told(store: Store) -> None:
    """Three named customers about the delivery, told by an announcement that went out."""
    items = [
        Feedback(
            "web",
            str(i),
            "The delivery was late",
            NOW - timedelta(days=2),
            Customer(f"c{i}", name, f"{name.split()[0].lower()}@example.com"),
            kind=Kind.COMPLAINT,
        )
        for i, name in enumerate(["Ann Lee", "Bob Roy", "Cat Poe"])
    ]
    ids = list(store.upsert(items).new_ids)
    store.replace_mentions(
        {i: [MentionRecord("delivery", "delivery", Kind.COMPLAINT, 1.0, 4, 12)] for i in ids}
    )
    feeds = [FeedConfig("web", "csv", True, 300, {"path": "/dev/null", "reply": "record"})]
    store.queue(plan_announcement(store, announcement(), Audience(), feeds))
    # An announcement that reached nobody yet (queued by e-mail) is not on the wall.
    mail = [FeedConfig("web", "csv", True, 300, {"path": "/dev/null", "reply": "email",
             "smtp_host": "127.0.0.1", "smtp_port": 1, "smtp_security": "none",
             "smtp_from": "a@acme.example"})]  # fmt: skip
    store.queue(plan_announcement(store, announcement(what_we_do="Not yet"), Audience(), mail))


def test_the_wall_shows_what_we_do_and_how_many_it_reached_never_a_name(
    qtbot: QtBot, store: Store
) -> None:
    _customers_told(store)
    found = Dashboard(store).announcements()
    assert len(found) == 1
    (told,) = found
    assert (told.term_label, told.reached, told.recipients) == ("delivery", 3, 3)
    view = AnnouncementsView(theme_named("dark"))
    qtbot.addWidget(view)
    view.resize(1920, 1080)
    view.show_announcements(found)
    texts = view.texts()
    assert texts[0] == "You said … We are doing …"
    assert "You said: “delivery”" in texts
    assert "We are doing: We moved to a courier with next-day slots." in texts
    assert "You can expect it from 1 August" in texts
    assert any(t.startswith("Told 3 customers · ") for t in texts)
    shown = " ".join(texts) + view.cards[0].accessibleName()
    for name in ("Ann", "Bob", "Cat", "Lee", "Roy", "Poe", "example.com", "Priya", "Shah"):
        assert name not in shown
    assert view.empty.isHidden()
    view.show_announcements([])
    assert not view.empty.isHidden() and view.cards == []


def test_the_desk_shows_ideas_or_what_moved_in_place_of_the_cloud(
    qtbot: QtBot, store: Store
) -> None:
    from kiosk.app import Kiosk
    from kiosk.settings import Settings
    from kiosk.views.tasks import synchronous

    store.upsert([idea("1", 5), idea("2", 9)])
    _customers_told(store)
    kiosk = Kiosk(Settings(feeds=(FeedConfig("board", "csv"),)), store, executor=synchronous)
    qtbot.addWidget(kiosk.window)
    try:
        kiosk.start(sync=False)
        bar = kiosk.explore
        assert bar is not None
        stack = kiosk.window.stack
        bar.ideas_button.click()
        assert kiosk.ideas_view is not None and stack.currentWidget() is kiosk.ideas_view
        assert [i.external_id for i in kiosk.ideas_view.ideas] == ["2", "1"]
        # One view at a time in the cloud's place: the other button lets go.
        bar.movers_button.click()
        assert stack.currentWidget() is kiosk.movers_view
        assert not bar.ideas_button.isChecked()
        bar.ideas_button.click()
        assert stack.currentWidget() is kiosk.ideas_view
        assert not bar.movers_button.isChecked()
        bar.ideas_button.click()
        assert stack.currentWidget() is kiosk.cloud
        # The wall's announcements come through the kiosk, off the UI thread.
        got: list[list[Any]] = []
        kiosk.load_announcements(lambda found: got.append(list(found)))
        assert [[a.term_label for a in found] for found in got] == [["delivery"]]
    finally:
        kiosk.stop()
