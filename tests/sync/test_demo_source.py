"""The demo feed as a source: seeded once (resumably), then a trickle of new items."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kiosk.store import Store
from kiosk.sync import run_once
from kiosk.sync.sources import make_source
from kiosk.sync.sources.base import dump_cursor, load_cursor
from tests.sync.conftest import feed, settings_with


def test_seed_then_trickle_under_the_feeds_own_name(store: Store) -> None:
    settings = settings_with(feed("floor", "demo", count=2500, days=30, trickle=4))
    (first,) = run_once(settings, store)
    assert (first.ok, first.new, first.pages) == (True, 2500, 3)
    assert store.feeds() == ["floor"]
    (second,) = run_once(settings, store)
    assert second.new == 4
    assert load_cursor(store.cursor("floor"))["live"] == 10_000_004


def test_seeding_resumes_where_it_stopped(store: Store) -> None:
    source = make_source(feed("floor", "demo", count=2500, days=30))
    pages = source.pages(None)
    page = next(pages)
    store.upsert(page.items, cursor=("floor", page.cursor))
    assert load_cursor(page.cursor)["done"] == 1000
    (report,) = run_once(settings_with(feed("floor", "demo", count=2500, days=30)), store)
    assert (report.new, report.unchanged) == (1500, 0)
    assert store.count() == 2500
    assert dump_cursor({"a": None, "b": 1}) == '{"b": 1}'


def test_the_demo_moves_on_with_the_calendar(store: Store) -> None:
    settings = settings_with(feed("floor", "demo", count=300, days=30, trickle=0))
    # As if the corpus had been seeded three days ago.
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    store.save_cursor("floor", dump_cursor({"end": (today - timedelta(days=3)).isoformat()}))
    (first,) = run_once(settings, store)
    assert first.new == 300
    before = store.latest_created()
    # The next pass dates the same items anew, up to today.
    (second,) = run_once(settings, store)
    assert second.ok and (second.new, second.changed) == (0, 300)
    after = store.latest_created()
    assert before is not None and after is not None
    assert timedelta(days=2) < after - before < timedelta(days=4)
    (third,) = run_once(settings, store)
    assert third.not_modified
