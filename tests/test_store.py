from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.dashboard import Dashboard, window_ending
from kiosk.model import Customer, Feedback, Kind, Response, Status
from kiosk.settings import FeedConfig, Settings
from kiosk.store import SCHEMA_VERSION, Store, StoreError
from kiosk.store.schema import migrate
from kiosk.sync import run_once
from kiosk.values import MentionRecord, TermStat, UpsertResult, day_of

NOW = datetime(2026, 6, 30, 12, tzinfo=UTC)


def item(ext: str, text: str = "Late delivery", *, days_ago: float = 1, **kw: object) -> Feedback:
    values: dict[str, object] = {
        "feed_id": "web",
        "external_id": ext,
        "text": text,
        "created_at": NOW - timedelta(days=days_ago),
        "customer": Customer(f"c{ext}", f"Customer {ext}", segment="Consumer", value=120.0),
        "kind": Kind.COMPLAINT,
    }
    values.update(kw)
    return Feedback(**values)  # type: ignore[arg-type]


def test_round_trip_keeps_every_field(store: Store) -> None:
    fb = item(
        "1",
        "Driver was lovely 🚚 but <b>late</b>",
        kind=Kind.IDEA,
        channel="email",
        votes=12,
        status=Status.RESOLVED,
        response=Response("We changed courier", NOW, "Priya"),
        url="https://example.com/1",
        language="en",
        kind_confidence=0.75,
    )
    store.upsert([fb])
    row = store.get("web", "1")
    assert row is not None
    assert row.feedback == fb
    assert not row.withdrawn


def test_upsert_reports_new_changed_and_unchanged(store: Store) -> None:
    first = store.upsert([item("1"), item("2"), item("3")])
    assert (first.new, first.changed, first.unchanged) == (3, 0, 0)
    again = store.upsert([item("1"), item("2"), item("3")])
    assert (again.new, again.changed, again.unchanged) == (0, 0, 3)
    edited = item("1", "Late delivery, and the box was crushed")
    answered = item("2", status=Status.RESOLVED, response=Response("Refunded", NOW, "Sam"))
    mixed = store.upsert([edited, answered, item("3"), item("4")])
    assert (mixed.new, mixed.changed, mixed.unchanged) == (1, 2, 1)
    assert set(mixed.changed_ids) == {first.new_ids[0], first.new_ids[1]}
    assert store.get("web", "1").feedback.text == edited.text  # type: ignore[union-attr]
    got = store.get("web", "2")
    assert got is not None
    assert got.feedback.status is Status.RESOLVED
    assert got.feedback.response is not None
    assert store.count() == 4


def test_a_key_repeated_in_one_batch_keeps_its_last_version(store: Store) -> None:
    result = store.upsert([item("1", "first"), item("1", "second")])
    assert result.new == 1
    assert store.get("web", "1").feedback.text == "second"  # type: ignore[union-attr]


def test_same_external_id_in_two_feeds_is_two_items(store: Store) -> None:
    store.upsert([item("1"), replace(item("1"), feed_id="csv")])
    assert store.count() == 2
    assert sorted(store.feeds()) == ["csv", "web"]


def test_batch_and_cursor_commit_together_or_not_at_all(store: Store) -> None:
    store.upsert([item("1")], cursor=("web", "page-1"))
    assert store.cursor("web") == "page-1"

    def fail(_result: UpsertResult) -> None:
        raise RuntimeError("analysis crashed")

    with pytest.raises(RuntimeError):
        store.upsert([item("2")], cursor=("web", "page-2"), after=fail)
    assert store.cursor("web") == "page-1"
    assert store.get("web", "2") is None
    assert store.count() == 1


def test_customer_history_spans_feeds_newest_first(store: Store) -> None:
    ann = Customer("ann", "Ann")
    store.upsert(
        [
            item("1", "old complaint", days_ago=30, customer=ann),
            replace(item("2", "new idea", days_ago=2, customer=Customer("ann")), feed_id="csv"),
            item("3", "someone else", days_ago=1),
        ]
    )
    history = store.customer_history("ann")
    assert [r.feedback.text for r in history] == ["new idea", "old complaint"]
    # A later record without a name keeps the name we knew.
    assert history[0].feedback.customer.name == "Ann"


def test_counts_by_kind_in_a_window(store: Store) -> None:
    store.upsert(
        [
            item("1", days_ago=1, kind=Kind.COMPLIMENT),
            item("2", days_ago=5, kind=Kind.COMPLAINT),
            item("3", days_ago=6, kind=Kind.IDEA),
            item("4", days_ago=40, kind=Kind.COMPLAINT),
        ]
    )
    counts = store.counts_by_kind(NOW - timedelta(days=30), NOW)
    assert (counts.compliments, counts.ideas, counts.complaints) == (1, 1, 1)
    assert counts.total == 3


def test_feedback_by_ids_keeps_the_order_asked_for(store: Store) -> None:
    ids = store.upsert([item(str(i)) for i in range(5)]).new_ids
    wanted = [ids[3], ids[0], 99_999, ids[4]]
    assert [r.id for r in store.feedback_by_ids(wanted)] == [ids[3], ids[0], ids[4]]


def test_full_text_search_takes_any_text_safely(store: Store) -> None:
    store.upsert([item("1", "The hold music is awful"), item("2", "Lovely staff in Leeds")])
    assert [r.feedback.external_id for r in store.search("music")] == ["1"]
    assert [r.feedback.external_id for r in store.search("leeds")] == ["2"]
    for hostile in ['"', "music OR", "NEAR(", "*", "a AND", "'; DROP TABLE feedback; --"]:
        store.search(hostile)  # never raises
    assert store.count() == 2


def test_withdrawn_items_are_hidden_not_deleted(store: Store) -> None:
    store.upsert([item("1"), item("2"), item("3")])
    gone = store.mark_withdrawn("web", ["1", "3"])
    assert len(gone) == 1
    assert store.count() == 2
    assert store.count(include_withdrawn=True) == 3
    row = store.get("web", "2")
    assert row is not None and row.withdrawn
    # It comes back when the source shows it again.
    assert store.upsert([item("2")]).changed == 1
    assert store.count() == 3


def test_a_snapshot_looks_up_only_what_was_stored_before_it_began(store: Store) -> None:
    store.upsert([item("1"), item("2"), item("9", feed_id="other")])
    before = store.last_id()
    # The read stores what it found ("3" is new), then withdraws what it did not find.
    store.upsert([item("2"), item("3")])
    gone = store.mark_withdrawn("web", {"2", "3"}, stored_by=before)
    assert [store.feedback_by_ids(gone)[0].feedback.external_id] == ["1"]
    assert store.count() == 3
    other = store.get("other", "9")
    assert other is not None and not other.withdrawn


def top(store: Store, days: int = 30) -> list[TermStat]:
    """Return the top terms as every screen counts them (the one definition of customers)."""
    return Dashboard(store).top_terms(window_ending(NOW, days), 10)


def test_mentions_are_replaced_and_counted_once(store: Store) -> None:
    ids = store.upsert(
        [
            item("1", "late delivery", days_ago=1),
            item("2", "late delivery again", days_ago=2),
            item("3", "lovely staff", days_ago=3, kind=Kind.COMPLIMENT),
            item("4", "late delivery last month", days_ago=40),
        ]
    ).new_ids

    def m(key: str, kind: Kind, start: int = 0) -> MentionRecord:
        return MentionRecord(key, key, kind, 0.9, start, start + len(key))

    store.replace_mentions(
        {
            ids[0]: [m("delivery", Kind.COMPLAINT, 5)],
            ids[1]: [m("delivery", Kind.COMPLAINT, 5)],
            ids[2]: [m("staff", Kind.COMPLIMENT, 7)],
            ids[3]: [m("delivery", Kind.COMPLAINT, 5)],
        }
    )
    found = top(store)
    assert [(t.key, t.customers) for t in found] == [("delivery", 2), ("staff", 1)]
    assert found[0].customers_by_kind == {Kind.COMPLAINT: 2}
    assert found[0].previous_customers == 1
    assert store.mentions_of(ids[0])[0].start == 5
    # Re-analysis replaces, never adds.
    store.replace_mentions({ids[0]: [m("courier", Kind.COMPLAINT)]})
    assert {t.key: t.customers for t in top(store)} == {"delivery": 1, "staff": 1, "courier": 1}
    assert store.term_feedback_ids("delivery", day_of(NOW) - 60, day_of(NOW)) == [ids[1], ids[3]]
    assert store.term_feedback_ids("delivery", day_of(NOW) - 30, day_of(NOW)) == [ids[1]]
    # A withdrawn item's mentions leave the cloud.
    store.mark_withdrawn("web", ["1", "3", "4"])
    assert {t.key for t in top(store)} == {"courier", "staff"}


def test_migrates_from_empty_to_current(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as s:
        assert s.schema_version == SCHEMA_VERSION
        mode = s._conn.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"


def test_migrates_from_the_previous_version_keeping_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, SCHEMA_VERSION - 1)
    conn.execute("INSERT INTO customer (key, name) VALUES ('c1', 'Ann')")
    conn.execute(
        "INSERT INTO feedback (feed_id, external_id, customer_id, text, kind, kind_source,"
        " kind_confidence, created_us, updated_us, status, digest)"
        " VALUES ('web', '1', 1, 'kept text', 'idea', 'given', 1.0, 0, 0, 'new', x'00')"
    )
    # Since version 8 the store, not a trigger, files new items in the full-text index.
    conn.execute("INSERT INTO feedback_fts (rowid, text) VALUES (1, 'kept text')")
    conn.commit()
    conn.close()
    with Store(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        row = s.get("web", "1")
        assert row is not None and row.feedback.text == "kept text"
        assert s.search("kept")[0].feedback.external_id == "1"
        assert [i.external_id for i in s.ideas(day_of(NOW))] == ["1"]
        s.replace_mentions({row.id: [MentionRecord("text", "text", Kind.IDEA, 1.0, 5, 9)]})


def test_a_store_from_a_newer_version_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE something (x)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match=r"newer voc-kiosk.*left untouched"):
        Store(path)
    assert path.read_bytes() == before
    assert not (tmp_path / "future.sqlite3-wal").exists()


def test_a_corrupt_store_gets_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match=r"damaged.*Move it aside"):
        Store(path)


def test_a_data_dir_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("in the way")
    with pytest.raises(StoreError, match=r"Cannot create the data folder.*--data-dir"):
        Store(blocker / "sub" / "store.sqlite3")


def test_connections_are_per_thread(store: Store) -> None:
    import threading

    store.upsert([item("1")])
    seen: list[int] = []
    t = threading.Thread(target=lambda: seen.append(store.count()))
    t.start()
    t.join()
    assert seen == [1]


def test_term_mentions_newest_page_and_summary(store: Store) -> None:
    ids = store.upsert(
        [item(str(i), f"late delivery {i}", days_ago=i / 2) for i in range(10)]
    ).new_ids
    store.replace_mentions(
        {
            fid: [
                MentionRecord("delivery", "delivery", Kind.COMPLAINT, 0.9, 5, 13),
                MentionRecord("delivery", "delivery", Kind.COMPLAINT, 0.9, 0, 4),
            ]
            for fid in ids
        }
    )
    today = day_of(NOW)
    page = store.term_mentions("delivery", today - 30, today, limit=3)
    assert [m.external_id for m in page] == ["0", "1", "2"]
    assert all(m.start == 0 for m in page)  # one row per item, its first mention
    assert len(store.term_mentions("delivery", today - 30, today)) == 10
    detail = Dashboard(store).term_detail("delivery", window_ending(NOW, 30))
    assert (detail.items, detail.customers, detail.customers_by_kind) == (
        10,
        10,
        {Kind.COMPLAINT: 10},
    )


def test_history_leaves_out_withdrawn_items(store: Store) -> None:
    ann = Customer("ann", "Ann")
    store.upsert([item("1", "kept", customer=ann), item("2", "delete my data", customer=ann)])
    store.mark_withdrawn("web", ["1"])
    assert [r.feedback.text for r in store.customer_history("ann")] == ["kept"]


def test_a_failed_commit_rolls_back_and_later_writes_still_commit(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with Store(path) as store:
        fid = store.upsert([item("1")]).new_ids[0]
        with pytest.raises(sqlite3.IntegrityError), store.transaction() as conn:
            # A foreign key checked only at COMMIT makes the COMMIT itself fail.
            conn.execute("PRAGMA defer_foreign_keys = ON")
            conn.execute(
                'INSERT INTO mention (feedback_id, term_id, kind, confidence, start, "end", day,'
                " customer_id) VALUES (?, 999999, 'idea', 1, 0, 1, 0, 1)",
                (fid,),
            )
        assert not store._conn.in_transaction
        store.upsert([item("2")], cursor=("web", "after"))
    with Store(path) as again:
        assert again.count() == 2
        assert again.cursor("web") == "after"


def test_prune_keeps_a_rolling_window(store: Store) -> None:
    old, new = Customer("old", "Gone Soon"), Customer("new", "Still Here")
    ids = store.upsert(
        [
            item("1", "late delivery", days_ago=500, customer=old),
            item("2", "late delivery", days_ago=2, customer=new),
        ]
    ).new_ids
    store.replace_mentions(
        {fid: [MentionRecord("delivery", "delivery", Kind.COMPLAINT, 0.9, 5, 13)] for fid in ids}
    )
    assert store.prune(NOW - timedelta(days=400)) == 1
    assert store.count(include_withdrawn=True) == 1
    assert store.customer_history("old") == []
    assert store.search("delivery")[0].feedback.external_id == "2"
    assert store.term_feedback_ids("delivery", day_of(NOW) - 1000, day_of(NOW)) == [ids[1]]
    assert [(t.key, t.customers) for t in top(store, 1000)] == [("delivery", 1)]
    assert store.prune(NOW - timedelta(days=400)) == 0


def test_the_rollups_go_and_the_store_answers_as_before(tmp_path: Path) -> None:
    """A store from before version 8 loses its rollups and keeps every item, mention and answer."""
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, 6)
    today = day_of(NOW)
    conn.execute("INSERT INTO term (id, key, label) VALUES (1, 'delivery', 'delivery')")
    for i in range(1, 4):
        created = int((NOW - timedelta(days=i)).timestamp() * 1_000_000)
        conn.execute("INSERT INTO customer (id, key) VALUES (?, ?)", (i, f"c{i}"))
        conn.execute(
            "INSERT INTO feedback (id, feed_id, external_id, customer_id, text, kind,"
            " kind_source, kind_confidence, created_us, updated_us, status, digest)"
            " VALUES (?, 'web', ?, ?, 'late delivery', 'complaint', 'given', 1.0, ?, ?, 'new',"
            " x'00')",
            (i, str(i), i, created, created),
        )
        conn.execute(
            'INSERT INTO mention (feedback_id, term_id, kind, confidence, start, "end", day,'
            " customer_id) VALUES (?, 1, 'complaint', 0.9, 5, 13, ?, ?)",
            (i, today - i, i),
        )
    conn.execute(
        "INSERT INTO rollup_day SELECT term_id, day, kind, COUNT(*), COUNT(DISTINCT customer_id)"
        " FROM mention GROUP BY term_id, day, kind"
    )
    conn.close()
    with Store(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        tables = {r[0] for r in s._conn.execute("SELECT name FROM sqlite_master")}
        assert "mention" in tables
        assert not {t for t in tables if t.startswith("rollup")}
        found = top(s)
        assert [(t.key, t.customers, t.customers_by_kind) for t in found] == [
            ("delivery", 3, {Kind.COMPLAINT: 3})
        ]
        rows = s.term_mentions("delivery", today - 30, today)
        assert [m.external_id for m in rows] == ["1", "2", "3"]
        assert len(s.search("delivery")) == 3
        # Writing mentions, correcting a kind and pruning need no rollup either.
        s.replace_mentions({1: [MentionRecord("courier", "courier", Kind.COMPLAINT, 0.9, 0, 4)]})
        s.correct_kind(2, Kind.IDEA)
        assert s.mentions_of(2)[0].kind is Kind.IDEA
        assert s.prune(NOW - timedelta(days=2)) == 1
        assert {t.key: t.customers_by_kind for t in top(s)} == {
            "courier": {Kind.COMPLAINT: 1},
            "delivery": {Kind.IDEA: 1},
        }


def test_every_stored_text_is_searchable_as_it_now_reads(store: Store) -> None:
    """A batch enters the full-text index at once; an edit and a prune keep it in step."""
    store.upsert([item(str(i), f"parcel {i} arrived crushed") for i in range(1, 1201)])
    assert len(store.search("crushed", limit=5000)) == 1200
    assert [r.feedback.external_id for r in store.search("parcel 1111")] == ["1111"]
    store.upsert([item("7", "the courier was lovely", days_ago=1)])
    assert [r.feedback.external_id for r in store.search("courier")] == ["7"]
    found = store.search("crushed", limit=5000)
    assert len(found) == 1199
    assert store.search_ids("crushed") == sorted(r.id for r in found)
    assert store.search_ids('"') == [] and store.search_ids("nowhere") == []
    store.upsert([item("9999", "crushed again", days_ago=900)])
    assert store.prune(NOW - timedelta(days=400)) == 1
    assert len(store.search("crushed", limit=5000)) == 1199
    # FTS5 compares its index with every stored text, and raises where they disagree.
    store._conn.execute(
        "INSERT INTO feedback_fts (feedback_fts, rank) VALUES ('integrity-check', 1)"
    )


def test_a_finished_threads_connection_is_closed_by_the_next_one(store: Store) -> None:
    """A sync pass runs on a thread of its own: its connection must not pile up."""

    def read() -> None:
        store.count()

    for _ in range(5):
        worker = threading.Thread(target=read)
        worker.start()
        worker.join()
    store.count()
    assert len(store._connections) <= 2


def test_new_rows_at_the_top_of_the_id_range_are_found_by_key(store: Store) -> None:
    """SQLite gives random free ids once the largest one is taken; the batch still gets its
    own ids, its full-text entries and its change-log lines."""
    first = store.upsert([item("1", "parcel one crushed")])
    store._conn.execute("UPDATE feedback SET id = ? WHERE id = ?", (2**63 - 1, first.new_ids[0]))
    store._conn.execute("DELETE FROM feedback_fts")
    store._conn.execute("INSERT INTO feedback_fts (rowid, text) SELECT id, text FROM feedback")
    since = store.change_seq()
    result = store.upsert([item(str(i), f"parcel {i} crushed") for i in range(2, 40)])
    assert result.new == 38
    by_key = {
        ext: rid
        for rid, ext in store._conn.execute(
            "SELECT id, external_id FROM feedback WHERE id < ?", (2**63 - 1,)
        )
    }
    assert list(result.new_ids) == [by_key[str(i)] for i in range(2, 40)]
    assert len(store.search("crushed", limit=100)) == 39
    changed = store.changed_since(since)[1]
    assert changed is not None and set(changed) == set(result.new_ids)


def test_a_stored_digest_still_matches_an_unchanged_item(store: Store) -> None:
    """Digests are compared with those stored by earlier versions: their recipe stands (the
    item's fields as JSON, in this order, hashed with BLAKE2b), or every item would look
    changed and be analysed again after an upgrade."""
    import hashlib
    import json

    from kiosk.model import Rating, RatingScale

    fb = item(
        "1",
        "Très bien, merci",
        channel="email",
        votes=3,
        response=Response("Merci !", NOW, "Priya"),
        rating=Rating(4, RatingScale.STARS),
    )
    store.upsert([fb])
    us = lambda dt: int((dt - datetime(1970, 1, 1, tzinfo=UTC)) / timedelta(microseconds=1))  # noqa: E731
    parts = [
        fb.text, "complaint", "given", 1.0, us(fb.created_at), us(fb.updated_at), "email", 3,
        "new", ["Merci !", us(NOW), "Priya"], None, None, "c1", "Customer 1", None,
        "Consumer", 120.0, 4.0, "stars",
    ]  # fmt: skip
    expected = hashlib.blake2b(
        json.dumps(parts, ensure_ascii=False).encode(), digest_size=16
    ).digest()
    (stored,) = store._conn.execute("SELECT digest FROM feedback").fetchone()
    assert stored == expected
    assert store.upsert([fb]).unchanged == 1


def test_a_thread_can_ask_for_every_commit_synced(store: Store) -> None:
    """The outbox's worker syncs each commit (a power cut must not undo a hand-over); other
    threads keep the store's faster setting."""
    seen: dict[str, int] = {}

    def outbox_thread() -> None:
        store.sync_every_commit()
        seen["outbox"] = store._conn.execute("PRAGMA synchronous").fetchone()[0]

    worker = threading.Thread(target=outbox_thread)
    worker.start()
    worker.join()
    seen["other"] = store._conn.execute("PRAGMA synchronous").fetchone()[0]
    assert seen == {"outbox": 2, "other": 1}  # FULL, NORMAL


def test_a_sync_pass_limits_its_page_cache_and_gives_it_back(store: Store, tmp_path: Path) -> None:
    conn = store._conn
    (before,) = conn.execute("PRAGMA cache_size").fetchone()
    assert before == -65536  # the desk's 64 MB
    feed = tmp_path / "items.csv"
    # Dated days ago, not on a fixed day: the sync leaves out what the store would not keep.
    today = datetime.now(UTC).date()
    feed.write_text(
        f"id,date,text\n1,{today - timedelta(days=2)},Late delivery\n"
        f"2,{today - timedelta(days=1)},Great staff\n"
    )
    during: list[int] = []

    def after(result: UpsertResult) -> None:
        during.append(conn.execute("PRAGMA cache_size").fetchone()[0])

    settings = Settings({}, (FeedConfig("survey", "csv", options={"path": str(feed)}),))
    (report,) = run_once(settings, store, after=after)
    assert report.ok and report.new == 2
    # 16 MB while the pass wrote (a big file's sync stays under 200 MB), 64 MB again after.
    assert during == [-16 * 1024]
    assert conn.execute("PRAGMA cache_size").fetchone()[0] == before
