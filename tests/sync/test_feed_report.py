"""What a CSV read tells a person when the file and the settings do not fit: an id column that
is no id, dates in a shape of their own, items older than the store keeps."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk.store import Store
from kiosk.sync import run_once
from kiosk.sync.mapping import parse_date
from kiosk.sync.status import FeedReport, FeedState, SyncStatus
from tests.sync.conftest import feed, settings_with


def _sync(store: Store, path: Path, **options: Any):
    (report,) = run_once(settings_with(feed("survey", "csv", path=str(path), **options)), store)
    return report


def _excel_ids(path: Path, rows: int) -> Path:
    # Tweet ids saved by a spreadsheet: 18 digits shown, and saved, as "5.41E+17".
    lines = ["unit,tweet_id,date,text\n"]
    for i in range(rows):
        lines.append(f"{1000 + i},5.4{i % 3}E+17,2026-11-{1 + i % 28:02d},tweet number {i}\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_an_id_column_most_rows_repeat_is_a_failed_read_that_stores_nothing(
    tmp_path: Path, store: Store
) -> None:
    path = _excel_ids(tmp_path / "tweets.csv", 2_500)
    mapping = {"external_id": "tweet_id", "text": "text", "created_at": "date"}
    report = _sync(store, path, mapping=mapping)
    assert not report.ok
    error = str(report.error)
    assert "column 'tweet_id'" in error and "'5.40E+17'" in error
    assert "spreadsheet" in error and "mapping.external_id" in error
    assert store.count() == 0 and store.cursor("survey") is None
    # The right column then reads every row, and is not refused as a change of id column.
    mapping["external_id"] = "unit"
    fixed = _sync(store, path, mapping=mapping)
    assert fixed.ok, fixed.error
    assert (fixed.new, fixed.changed) == (2_500, 0)


def test_a_few_repeated_ids_are_still_counted_not_refused(tmp_path: Path, store: Store) -> None:
    rows = [f"{i},2026-11-02,late parcel {i}\n" for i in range(20)]
    rows[5] = "4,2026-11-02,late parcel again\n"
    path = tmp_path / "feedback.csv"
    path.write_text("id,date,comment\n" + "".join(rows), encoding="utf-8")
    report = _sync(store, path)
    assert report.ok, report.error
    assert (report.new, report.duplicates) == (19, 1)


def test_a_ticket_export_with_a_row_per_status_change_is_read(tmp_path: Path, store: Store) -> None:
    # helper-48/49: 20 tickets, 3 status rows each (the same id and date of writing, a later
    # update each time) failed as "an id column most rows repeat", and its advice (leave
    # the id out) would have stored every ticket three times. The last row per id wins.
    rows = ["id,created,updated,status,text\n"]
    for step, status in enumerate(("new", "planned", "closed")):
        for t in range(20):
            rows.append(f"T{t},2026-11-0{1 + t % 9},2026-11-{10 + step},{status},ticket {t} text\n")
    path = tmp_path / "tickets.csv"
    path.write_text("".join(rows), encoding="utf-8")
    mapping = {"external_id": "id", "created_at": "created", "updated_at": "updated",
               "text": "text"}  # fmt: skip
    report = _sync(store, path, mapping=mapping)
    assert report.ok, report.error
    assert report.new == 20 and store.count() == 20


def test_twitter_and_rfc_2822_dates_are_read_without_date_formats(
    tmp_path: Path, store: Store
) -> None:
    path = tmp_path / "tweets.csv"
    path.write_text(
        "TweetId,TweetDate,TweetText\n"
        '126415614616154112,"Tue Nov 24 21:53:25 +0000 2026",swype on the iphone please\n'
        '126404574230740992,"Tue, 24 Nov 2026 21:09:33 +0100",more carrier support\n',
        encoding="utf-8",
    )
    mapping = {"external_id": "TweetId", "text": "TweetText", "created_at": "TweetDate"}
    report = _sync(store, path, mapping=mapping)
    assert report.ok, report.error
    assert report.new == 2
    first = store.get("survey", "126415614616154112")
    second = store.get("survey", "126404574230740992")
    assert first is not None
    assert first.feedback.created_at == datetime(2026, 11, 24, 21, 53, 25, tzinfo=UTC)
    assert second is not None
    assert second.feedback.created_at == datetime(2026, 11, 24, 20, 9, 33, tzinfo=UTC)


@pytest.mark.parametrize(
    "value",
    [
        "Tue Oct 18 21:53:25 +0000 2011",
        "Tue, 18 Oct 2011 21:53:25 +0000",
        "18 Oct 2011 21:53:25 GMT",
    ],
)
def test_dates_that_name_their_month_are_read(value: str) -> None:
    assert parse_date(value, "created_at") == datetime(2011, 10, 18, 21, 53, 25, tzinfo=UTC)


def test_a_day_or_month_first_date_is_not_guessed_and_the_option_is_named(
    tmp_path: Path, store: Store
) -> None:
    path = tmp_path / "feedback.csv"
    path.write_text("id,date,comment\n1,01/12/2026,late\n2,02/12/2026,rude\n", encoding="utf-8")
    report = _sync(store, path)
    assert not report.ok
    error = str(report.error)
    assert "'01/12/2026' is not a date" in error
    assert 'date_formats: "%d/%m/%Y" if the day comes first, "%m/%d/%Y"' in error
    # A first read that failed: nothing of the feed is on screen, from earlier passes or not.
    assert "earlier passes" not in error and "nothing of this feed is on screen yet" in error
    fixed = _sync(store, path, date_formats=["%d/%m/%Y"])
    assert fixed.ok, fixed.error
    row = store.get("survey", "1")
    assert row is not None and row.feedback.created_at.date() == date(2026, 12, 1)
    path.write_text("id,date,comment\n1,1.12.2026 noon,late\n2,2.12.2026 noon,rude\n")
    again = _sync(store, path, date_formats=["%d/%m/%Y"])
    assert not again.ok and "what is on screen is from earlier passes" in str(again.error)


def _dated(path: Path, ages: list[int]) -> Path:
    today = datetime.now(UTC).date()
    rows = "".join(f"{i},{today - timedelta(days=age)},comment {i}\n" for i, age in enumerate(ages))
    path.write_text("id,date,comment\n" + rows, encoding="utf-8")
    return path


def test_items_older_than_the_store_keeps_are_not_stored_and_counted(
    tmp_path: Path, store: Store
) -> None:
    path = _dated(tmp_path / "feedback.csv", [3, 10, 500, 3_000, 20])
    settings = settings_with(feed("survey", "csv", path=str(path)), keep_days=400)
    (report,) = run_once(settings, store)
    assert report.ok, report.error
    assert (report.new, report.too_old) == (3, 2)
    assert "2 items older than the 400 days the store keeps (store.keep_days) not stored" in str(
        report
    )
    assert store.count() == 3


def test_a_read_of_only_items_older_than_the_store_keeps_fails_until_it_keeps_them(
    tmp_path: Path, store: Store
) -> None:
    path = _dated(tmp_path / "feedback.csv", [500 + i for i in range(1_200)])
    settings = settings_with(feed("survey", "csv", path=str(path)), keep_days=400)
    (report,) = run_once(settings, store)
    assert not report.ok
    assert report.error == (
        "1,200 records read are older than the 400 days the store keeps (store.keep_days), so"
        " none was stored; raise store.keep_days (up to 3,650) to show older feedback"
    )
    assert store.count() == 0 and store.cursor("survey") is None
    (again,) = run_once(settings_with(feed("survey", "csv", path=str(path))), store)
    assert again.ok and again.new == 1_200


def test_counts_are_written_as_a_person_writes_them() -> None:
    started = datetime(2026, 12, 1, tzinfo=UTC)
    report = FeedReport(
        "survey",
        True,
        started,
        new=5_113,
        changed=1_000,
        unchanged=12,
        skipped=2_500,
        duplicates=1,
        withdrawn=1_200,
        skip_reasons=("line 2: no id",),
    )
    assert str(report).startswith(
        "survey: 5,113 new, 1,000 changed, 12 unchanged; 2,500 skipped (first: line 2: no id);"
        " 1 repeated id; 1,200 withdrawn in"
    )
    assert "3,880 repeated ids" in str(replace(report, duplicates=3_880))
    status = SyncStatus("survey", FeedState.OK, last_success=started, new=5_113, items=1)
    assert "5,113 new, 0 changed; 1 item stored" in status.describe(started)


def test_one_ragged_row_and_one_nul_are_singular(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "feedback.csv"
    path.write_bytes(b"id,date,comment\n1,2026-11-02,late\x00\n2,2026-11-02,rude,extra\n")
    report = _sync(store, path)
    assert report.ok, report.error
    assert "1 row had more or fewer cells than the header" in report.notes
    assert "removed 1 NUL character" in report.notes


def test_a_read_older_than_the_longest_window_does_not_ask_for_a_longer_one(
    tmp_path: Path, store: Store
) -> None:
    path = _dated(tmp_path / "feedback.csv", [4_000, 4_001])
    settings = settings_with(feed("survey", "csv", path=str(path)), keep_days=3650)
    (report,) = run_once(settings, store)
    assert not report.ok
    assert str(report.error).endswith(
        "older than the 3,650 days the store keeps (store.keep_days), so none was stored;"
        " the kiosk shows no feedback older than 3,650 days"
    )


def test_a_window_that_could_not_hold_them_is_not_offered(tmp_path: Path, store: Store) -> None:
    # helper-49: 2011 tweets under the default 400 days were told to raise store.keep_days
    # "up to 3,650", which holds none of them.
    path = _dated(tmp_path / "feedback.csv", [5_500, 5_600])
    settings = settings_with(feed("survey", "csv", path=str(path)), keep_days=400)
    (report,) = run_once(settings, store)
    assert not report.ok
    error = str(report.error)
    assert "raise store.keep_days" not in error
    assert error.endswith("the kiosk shows no feedback older than 3,650 days")
