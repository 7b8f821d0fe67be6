"""A rating column of 0 and 1 is thumbs, not stars: no 1-star complaint from a thumbs up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from kiosk.model import Kind, RatingScale
from kiosk.store import Store
from kiosk.sync import run_once
from tests.sync.conftest import feed, settings_with

DAY = (datetime.now(UTC) - timedelta(days=2)).strftime("%Y-%m-%d")
MAPPING = {"external_id": "id", "text": "review", "created_at": "date", "rating": "label"}


def _csv(tmp_path: Path, labels: list[str]) -> Path:
    # Public review sets (Amazon, Yelp) label each sentence 1 (positive) or 0 (negative).
    rows = [
        f"{i},{DAY},Sentence number {i} about the case,{label}" for i, label in enumerate(labels)
    ]
    path = tmp_path / "reviews.csv"
    path.write_text("id,date,review,label\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _sync(store: Store, path: Path, **options: object):
    (report,) = run_once(
        settings_with(feed("reviews", "csv", path=str(path), mapping=MAPPING, **options)), store
    )
    assert report.ok, report.error
    return report


def test_a_column_of_zeros_and_ones_is_read_as_thumbs(tmp_path: Path, store: Store) -> None:
    _sync(store, _csv(tmp_path, ["1", "0", "1", "", "0"]))
    up = store.get("reviews", "0")
    down = store.get("reviews", "1")
    unrated = store.get("reviews", "3")
    assert up is not None and up.feedback.rating is not None
    assert up.feedback.rating.scale is RatingScale.THUMBS
    assert up.feedback.rating.kind is Kind.COMPLIMENT
    assert down is not None and down.feedback.rating is not None  # not dropped as off-scale
    assert down.feedback.rating.kind is Kind.COMPLAINT
    assert unrated is not None and unrated.feedback.rating is None


def test_stars_stay_stars(tmp_path: Path, store: Store) -> None:
    _sync(store, _csv(tmp_path, ["1", "5", "4", "1"]))
    one = store.get("reviews", "0")
    assert one is not None and one.feedback.rating is not None
    assert one.feedback.rating.scale is RatingScale.STARS
    assert one.feedback.rating.kind is Kind.COMPLAINT  # one star of five


def test_ones_alone_say_nothing_until_the_values_do(tmp_path: Path, store: Store) -> None:
    # helper-48: a file sorted by label (ones first) settled on stars on its first page, and
    # its praise was stored as one-star complaints, trusted as ratings.
    _sync(store, _csv(tmp_path, ["1"] * 1000 + ["0"] * 50))
    first = store.get("reviews", "0")
    last = store.get("reviews", "1049")
    assert first is not None and first.feedback.rating is None  # kept, its kind read from words
    assert last is not None and last.feedback.rating is not None
    assert last.feedback.rating.scale is RatingScale.THUMBS
    # A later run of only ones (a new mapper) claims nothing either.
    again = Store(tmp_path / "again.sqlite3")
    try:
        _sync(again, _csv(tmp_path, ["1", "1", "1"]))
        got = again.get("reviews", "0")
        assert got is not None and got.feedback.rating is None
    finally:
        again.close()


def test_a_field_named_for_stars_is_stars_even_with_ones_only(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "stars.csv"
    path.write_text(f"id,date,review,stars\n0,{DAY},Broken on arrival,1\n", encoding="utf-8")
    mapping = {**MAPPING, "rating": "stars"}
    (report,) = run_once(
        settings_with(feed("reviews", "csv", path=str(path), mapping=mapping)), store
    )
    assert report.ok, report.error
    got = store.get("reviews", "0")
    assert got is not None and got.feedback.rating is not None
    assert got.feedback.rating.scale is RatingScale.STARS
