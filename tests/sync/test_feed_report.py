"""What a CSV read tells a person when the file and the settings do not fit: an id column that
is no id, dates in a shape of their own, items older than the store keeps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.store import Store
from kiosk.sync import run_once
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
