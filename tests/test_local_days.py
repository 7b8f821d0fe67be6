"""The office's days on every surface: a wall in New York counts New York's calendar days.

Real store, real counting index, real widgets, the process's zone set through TZ. An item
written at 21:00 New York time (02:00 UTC the next day) belongs to that evening's date on the
word's numbers, its drill-down and trend, the header, the wall's "Today" and the ideas list;
a store filled under UTC and opened in New York has its days rebuilt and counts as a store
filled in New York.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.dashboard import Dashboard
from kiosk.days import UTC_RULES, date_of, day_of, day_of_us, day_start, zone_rules
from kiosk.delivery.compose import plan_announcement
from kiosk.model import Customer, Feedback, Kind
from kiosk.settings import FeedConfig, Settings
from kiosk.snapshots import Snapshots
from kiosk.store import Store
from kiosk.store.zone import ZONE_KEY
from kiosk.values import DayRange, MentionRecord
from kiosk.views.ideas_view import IdeasView
from kiosk.views.tasks import synchronous
from kiosk.views.theme import theme_named
from kiosk.viewstate import ViewState


def at(day: int, hour: int, tz: ZoneInfo) -> datetime:
    """Return an hour of a day number in ``tz`` (whatever the process's zone), in UTC."""
    local = datetime(1970, 1, 1) + timedelta(days=day, hours=hour)
    return local.replace(tzinfo=tz).astimezone(UTC)


def add(store: Store, ext: str, who: str, when: datetime, kind: Kind, votes: int = 0) -> int:
    text = f"Item {ext}: the delivery again."
    fb = Feedback("web", ext, text, when, Customer(who, who.capitalize()), kind=kind, votes=votes)
    fid = store.upsert([fb]).new_ids[0]
    start = text.index("delivery")
    store.replace_mentions(
        {fid: [MentionRecord("delivery", "delivery", kind, 0.9, start, start + 8)]}
    )
    return fid


def test_an_evening_in_new_york_counts_on_its_own_date_everywhere(
    qtbot: QtBot, zone: Callable[[str], ZoneInfo], tmp_path: Path
) -> None:
    ny = zone("America/New_York")
    today = day_of(datetime.now(UTC))
    evening = today - 2
    store = Store(tmp_path / "store.sqlite3")
    try:
        # Ann's complaint at 21:00 two days ago: 01:00 or 02:00 UTC on the day after.
        ann = add(store, "1", "ann", at(evening, 21, ny), Kind.COMPLAINT)
        # Cat's idea at the same hour; Dan wrote at 21:00 yesterday (UTC: today), Bob at
        # midnight today.
        add(store, "2", "cat", at(evening, 21, ny), Kind.IDEA, votes=4)
        add(store, "3", "dan", at(today - 1, 21, ny), Kind.COMPLIMENT)
        add(store, "4", "bob", day_start(today), Kind.COMPLIMENT)
        assert day_of(at(evening, 21, ny)) == evening
        assert at(evening, 21, ny).date() != at(evening, 21, ny).astimezone(ny).date()

        dashboard = Dashboard(store)
        two_days = DayRange(today - 1, today)
        three_days = DayRange(today - 2, today)
        # The word: the evening's two customers are in the last three days, not in the last two.
        (word,) = dashboard.top_terms(two_days, 10)
        assert (word.customers, word.customers_by_kind) == (2, {Kind.COMPLIMENT: 2})
        (word,) = dashboard.top_terms(three_days, 10)
        assert word.customers == 4
        # The drill-down on the evening alone: its customers, its rows and its trend.
        detail = dashboard.term_detail("delivery", DayRange(evening, evening))
        assert detail is not None
        assert detail.customers_by_kind == {Kind.COMPLAINT: 1, Kind.IDEA: 1}
        assert {r.customer_id for r in detail.rows} == {"ann", "cat"}
        assert store.term_feedback_ids("delivery", evening, evening)[-1] == ann
        detail = dashboard.term_detail("delivery", three_days)
        assert detail is not None and detail.bucket_days == 1
        trend = {p.day: p.by_kind for p in detail.trend}
        assert trend[evening] == {Kind.COMPLAINT: 1, Kind.IDEA: 1}
        assert trend[today - 1] == {Kind.COMPLIMENT: 1}
        assert trend[today] == {Kind.COMPLIMENT: 1}
        # The header's customers of the evening, and the wall's "Today": Bob alone, not Dan.
        assert dashboard.header_counts(DayRange(evening, evening)).total == 2
        settings = Settings(feeds=(FeedConfig("web", "csv"),)).replace(profile="wall")
        snapshot = Snapshots(store, dashboard).take(
            ViewState(days=2), settings, demo_mode=None, last_update=None
        )
        assert snapshot.header.counts.total == 2
        assert snapshot.headline[0].startswith("Today: 1 customer wrote")
        # The ideas up to the evening hold Cat's; in the last two days none is new.
        assert [i.external_id for i in dashboard.ideas(DayRange(evening - 5, evening))] == ["2"]
        ideas = dashboard.ideas(two_days)
        view = IdeasView(theme_named("dark"))
        qtbot.addWidget(view)
        view.show_ideas(ideas, two_days, "Last 2 days")
        assert "(0 of them in the last 2 days)" in view.summary.text()
        view.show_ideas(ideas, three_days, "Last 3 days")
        assert "(1 of them in the last 3 days)" in view.summary.text()
    finally:
        store.close()


def fill(store: Store, tz: ZoneInfo, today: int) -> None:
    """Items at every third hour of ten days, by customers that come back."""
    n = 0
    for day in range(today - 10, today):
        for hour in range(0, 24, 3):
            kind = (Kind.COMPLAINT, Kind.IDEA, Kind.COMPLIMENT)[n % 3]
            add(store, str(n), f"c{n % 7}", at(day, hour, tz), kind, votes=n % 2)
            n += 1


def numbers(store: Store, today: int) -> list[object]:
    """What the screens would show of a store, day by day and in windows."""
    dashboard = Dashboard(store)
    found: list[object] = []
    for first, last in [(d, d) for d in range(today - 11, today + 1)] + [(today - 6, today)]:
        window = DayRange(first, last)
        found.append(
            [(t.key, t.customers, t.customers_by_kind) for t in dashboard.top_terms(window, 5)]
        )
        found.append(dashboard.header_counts(window))
        found.append(store.term_feedback_ids("delivery", first, last))
        found.append([i.external_id for i in dashboard.ideas(window)])
    detail = dashboard.term_detail("delivery", DayRange(today - 11, today))
    assert detail is not None
    found.append(detail.trend)
    return found


def test_a_store_made_under_utc_counts_new_yorks_days_once_opened_there(
    zone: Callable[[str], ZoneInfo], tmp_path: Path
) -> None:
    ny = zone("America/New_York")
    today = day_of(datetime.now(UTC))
    with Store(tmp_path / "fresh.sqlite3") as fresh:
        fill(fresh, ny, today)
        expected = numbers(fresh, today)
        assert fresh.get_meta(ZONE_KEY) == zone_rules()
    zone("UTC")
    with Store(tmp_path / "moved.sqlite3") as moved:
        fill(moved, ny, today)
        assert moved.get_meta(ZONE_KEY) == UTC_RULES
    zone("America/New_York")
    with Store(tmp_path / "moved.sqlite3") as moved:
        assert moved.get_meta(ZONE_KEY) == zone_rules()
        assert numbers(moved, today) == expected
    # Nothing lost or doubled: the same mentions, each on its item's local day.
    conn = sqlite3.connect(tmp_path / "moved.sqlite3")
    rows = conn.execute(
        "SELECT m.feedback_id, m.day, f.created_us FROM mention m JOIN feedback f"
        " ON f.id = m.feedback_id ORDER BY m.feedback_id"
    ).fetchall()
    conn.close()
    assert len(rows) == 80 and len({r[0] for r in rows}) == 80
    assert all(day == day_of(datetime.fromtimestamp(us / 1e6, UTC)) for _, day, us in rows)


def test_a_store_of_the_release_before_has_its_utc_days_rebuilt(
    zone: Callable[[str], ZoneInfo], tmp_path: Path
) -> None:
    kolkata = zone("Asia/Kolkata")  # +5:30: a half-hour offset
    today = day_of(datetime.now(UTC))
    with Store(tmp_path / "fresh.sqlite3") as fresh:
        fill(fresh, kolkata, today)
        expected = numbers(fresh, today)
    # The release before: schema 9, UTC days and nothing said about them.
    zone("UTC")
    path = tmp_path / "old.sqlite3"
    with Store(path) as old:
        fill(old, kolkata, today)
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM meta WHERE key = ?", (ZONE_KEY,))
    conn.execute("PRAGMA user_version = 9")
    conn.commit()
    conn.close()
    zone("Asia/Kolkata")
    with Store(path) as upgraded:
        assert upgraded.get_meta(ZONE_KEY) == zone_rules()
        assert numbers(upgraded, today) == expected


def test_a_day_of_the_autumn_change_holds_its_25_hours(
    zone: Callable[[str], ZoneInfo], store: Store
) -> None:
    ny = zone("America/New_York")
    change = day_of(datetime(2024, 11, 3, 12, tzinfo=ny))
    assert change == (datetime(2024, 11, 3) - datetime(1970, 1, 1)).days
    assert day_start(change + 1) - day_start(change) == timedelta(hours=25)
    # The first minute, both 1:30s, and the last minute of the day are on the 3rd; the
    # minutes either side are not.
    on_the_day = [
        datetime(2024, 11, 3, 4, 0, tzinfo=UTC),  # 00:00 EDT
        datetime(2024, 11, 3, 5, 30, tzinfo=UTC),  # 01:30 EDT
        datetime(2024, 11, 3, 6, 30, tzinfo=UTC),  # 01:30 EST
        datetime(2024, 11, 4, 4, 59, tzinfo=UTC),  # 23:59 EST
    ]
    either_side = [
        datetime(2024, 11, 3, 3, 59, tzinfo=UTC),  # 23:59 EDT on the 2nd
        datetime(2024, 11, 4, 5, 0, tzinfo=UTC),  # 00:00 EST on the 4th
    ]
    for n, when in enumerate(on_the_day + either_side):
        add(store, str(n), f"c{n}", when, Kind.COMPLAINT)
    dashboard = Dashboard(store)
    (word,) = dashboard.top_terms(DayRange(change, change), 5)
    assert word.customers == 4
    assert dashboard.header_counts(DayRange(change - 1, change - 1)).total == 1
    detail = dashboard.term_detail("delivery", DayRange(change - 1, change + 1))
    assert detail is not None
    assert [sum(p.by_kind.values()) for p in detail.trend] == [1, 4, 1]
    assert {
        r.customer_id for r in dashboard.term_detail("delivery", DayRange(change, change)).rows
    } == {"c0", "c1", "c2", "c3"}
    # Pruning keeps whole local days: what went before the 3rd goes, the 3rd stays whole.
    assert store.prune(datetime(2024, 11, 3, 20, tzinfo=ny)) == 1
    assert store.count() == 5


def test_an_announcement_for_the_window_reaches_its_local_days(
    qtbot: QtBot, zone: Callable[[str], ZoneInfo], tmp_path: Path
) -> None:
    ny = zone("America/New_York")
    today = day_of(datetime.now(UTC))
    first = today - 29  # the desk's 30 days
    store = Store(tmp_path / "store.sqlite3")
    settings = Settings(
        feeds=(FeedConfig("web", "csv", True, 300, {"path": "/dev/null", "reply": "record"}),)
    )
    kiosk = Kiosk(settings, store, executor=synchronous, settings_path=tmp_path / "s.toml")
    qtbot.addWidget(kiosk.window)
    try:
        # Ann wrote the evening before the window (its first day, in UTC); Bob just after
        # midnight on its first day.
        add(store, "1", "ann", at(first - 1, 21, ny), Kind.COMPLAINT)
        add(store, "2", "bob", at(first, 0, ny).replace(minute=30), Kind.COMPLAINT)
        kiosk.start(sync=False)
        dialog = kiosk.open_announcement("delivery")
        assert dialog is not None
        dialog.what_edit.setPlainText("We moved to a courier with next-day slots.")
        composition = dialog.composition()
        audience = composition.audience
        assert audience is not None
        assert (audience.since, audience.until) == (day_start(first), day_start(today + 1))
        plan = plan_announcement(store, composition.draft, audience, settings.feeds)
        assert [r.customer_key for r in plan.recipients] == ["bob"]
        dialog.close()
    finally:
        kiosk.stop()
        store.close()


def test_the_walls_ago_and_a_messages_date_are_the_offices_days(
    zone: Callable[[str], ZoneInfo], tmp_path: Path
) -> None:
    from kiosk.delivery.compose import plan_reply
    from kiosk.views.wall_detail import _ago
    from tests.outbox.conftest import reply

    tokyo = zone("Asia/Tokyo")
    day = 20_000
    # Written at 23:00, read at 08:00 the next morning: "yesterday", though 9 hours apart.
    assert _ago(at(day, 23, tokyo), at(day + 1, 8, tokyo)) == "yesterday"
    assert _ago(at(day + 1, 1, tokyo), at(day + 1, 8, tokyo)) == "today"
    assert _ago(at(day, 1, tokyo), at(day + 2, 23, tokyo)) == "2 days ago"
    # 08:00 in Tokyo is 23:00 the day before in UTC: the message says Tokyo's date.
    with Store(tmp_path / "store.sqlite3") as store:
        fid = add(store, "1", "ann", at(day, 8, tokyo), Kind.COMPLAINT)
        feeds = [FeedConfig("web", "csv", True, 300, {"path": "/dev/null", "reply": "record"})]
        draft = reply(body="You wrote on {feedback_date}. {what_we_do}")
        (ann,) = plan_reply(store, draft, [fid], feeds).recipients
    assert ann.body.startswith(f"You wrote on {date_of(day).isoformat()}.")


def test_a_store_opened_under_another_zone_meanwhile_is_restamped_before_a_write(
    zone: Callable[[str], ZoneInfo], tmp_path: Path
) -> None:
    path = tmp_path / "store.sqlite3"
    tokyo = zone("Asia/Tokyo")
    wall = Store(path)  # a wall in Tokyo keeps its store open for weeks
    day = 20_000
    for i in range(3):
        add(wall, f"t{i}", f"c{i}", at(day + i, 5, tokyo), Kind.COMPLAINT)
    seen = wall.change_seq()
    zone("America/Los_Angeles")
    with Store(path) as sync:  # someone's `sync --once` under another TZ: the days follow it
        assert sync.get_meta(ZONE_KEY) == (los_angeles := zone_rules())
    # An outbox command shows no days: it leaves them alone.
    zone("Europe/London")
    with Store(path, follow_zone=False) as outbox:
        assert outbox.get_meta(ZONE_KEY) == los_angeles
    zone("Asia/Tokyo")
    add(wall, "t3", "c3", at(day + 3, 5, tokyo), Kind.COMPLAINT)  # the wall writes again
    rows = sqlite3.connect(path).execute(
        "SELECT f.created_us, m.day FROM mention m JOIN feedback f ON f.id = m.feedback_id"
    )
    assert {(day_of_us(us) == stored) for us, stored in rows} == {True}
    assert wall.get_meta(ZONE_KEY) == zone_rules()
    # Every reader's counting index loads all again: the rebuild changed no one item.
    assert wall.changed_since(seen)[1] is None
    wall.close()
