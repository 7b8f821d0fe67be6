"""Every bad answer a source can give becomes a clear status message, never a crash."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer

from kiosk.store import Store
from kiosk.sync import run_once, set_secret
from tests.sync.conftest import MAPPING, feed, record, settings_with


def _sync(store: Store, max_response_mb: int = 50, **options):
    (report,) = run_once(settings_with(feed(**options), max_response_mb=max_response_mb), store)
    return report


def _fails(store: Store, url: str, **options) -> str:
    report = _sync(store, url=url, mapping=MAPPING, **options)
    assert not report.ok
    assert store.count() == 0
    assert str(report).startswith("board: failed — ")
    return str(report.error)


def test_html_error_page(httpserver: HTTPServer, store: Store) -> None:
    httpserver.expect_request("/items").respond_with_data(
        "<!DOCTYPE html><html><body>Sign in</body></html>", content_type="text/html"
    )
    assert "sent a web page (HTML) instead of JSON" in _fails(store, httpserver.url_for("/items"))


def test_html_labelled_as_json(httpserver: HTTPServer, store: Store) -> None:
    httpserver.expect_request("/items").respond_with_data(
        "<html><body>502 Bad Gateway</body></html>", content_type="application/json"
    )
    assert "web page (HTML)" in _fails(store, httpserver.url_for("/items"))


def test_malformed_json(httpserver: HTTPServer, store: Store) -> None:
    httpserver.expect_request("/items").respond_with_data(
        '[{"id": 1,', content_type="application/json"
    )
    error = _fails(store, httpserver.url_for("/items"))
    assert "JSON that cannot be read (line 1 column" in error


def test_wrong_content_type(httpserver: HTTPServer, store: Store) -> None:
    httpserver.expect_request("/items").respond_with_data(
        "<items><item/></items>", content_type="application/xml"
    )
    assert "sent application/xml instead of JSON" in _fails(store, httpserver.url_for("/items"))


def test_json_labelled_as_text_is_read(httpserver: HTTPServer, store: Store) -> None:
    httpserver.expect_request("/items").respond_with_data(
        json.dumps([record(1)]), content_type="text/plain"
    )
    report = _sync(store, url=httpserver.url_for("/items"), mapping=MAPPING)
    assert report.ok and report.new == 1


@pytest.mark.parametrize("status", [401, 403])
def test_credentials_rejected(
    httpserver: HTTPServer, store: Store, file_keyring: object, status: int
) -> None:
    set_secret("board", "tok-123")
    httpserver.expect_request("/items").respond_with_data("denied", status=status)
    error = _fails(store, httpserver.url_for("/items"), auth="bearer")
    assert f"the credentials were rejected by localhost:{httpserver.port} (HTTP {status})" in error


def test_a_sign_in_asked_of_a_feed_that_sends_none_says_so(
    httpserver: HTTPServer, store: Store
) -> None:
    httpserver.expect_request("/items").respond_with_data("denied", status=401)
    error = _fails(store, httpserver.url_for("/items"))
    # Not "rejected": no secret was sent, and none is in the keyring to check.
    assert f"localhost:{httpserver.port} needs a sign-in (HTTP 401)" in error
    assert "set the feed's auth" in error and "rejected" not in error


def test_not_found(httpserver: HTTPServer, store: Store) -> None:
    httpserver.expect_request("/items").respond_with_data("nope", status=404)
    error = _fails(store, httpserver.url_for("/items"))
    assert "was not found (HTTP 404); check the feed's url" in error


@pytest.mark.parametrize(
    ("asked", "wait", "said"),
    [
        ("120", 120, "asks us to slow down (HTTP 429); it asks for 120 s before the next"),
        # Beyond our longest wait: cut to a day, and said so.
        (
            "Fri, 01 Jan 2099 00:00:00 GMT",
            86_400,
            "it asks to wait longer than a day, so the next request waits a day",
        ),
    ],
)
def test_too_many_requests_with_retry_after(
    httpserver: HTTPServer, store: Store, asked: str, wait: int, said: str
) -> None:
    httpserver.expect_request("/items").respond_with_data(
        "slow down", status=429, headers={"Retry-After": asked}
    )
    report = _sync(store, url=httpserver.url_for("/items"), mapping=MAPPING)
    assert report.retry_after == wait
    assert said in str(report.error)


def test_server_error(httpserver: HTTPServer, store: Store) -> None:
    httpserver.expect_request("/items").respond_with_data("boom", status=500)
    error = _fails(store, httpserver.url_for("/items"))
    assert "had an internal error (HTTP 500)" in error


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    yield sock.getsockname()[1]
    sock.close()


def test_server_that_never_answers(silent_server: int, store: Store) -> None:
    error = _fails(store, f"http://127.0.0.1:{silent_server}/items", read_timeout=0.3)
    assert "did not answer within 0.3 s" in error


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        (b"SSH-2.0-OpenSSH_9.6\r\n", "answered with something that is not HTTP"),
        (b"", "closed the connection without an answer"),
    ],
)
def test_a_server_that_does_not_speak_http_is_named_as_such(
    store: Store, answer: bytes, said: str
) -> None:
    import threading

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.settimeout(0.1)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _addr = sock.accept()
            except OSError:
                continue
            with conn:
                conn.recv(65536)
                conn.sendall(answer)

    server = threading.Thread(target=serve, daemon=True)
    server.start()
    try:
        error = _fails(store, f"http://127.0.0.1:{sock.getsockname()[1]}/items", read_timeout=5)
    finally:
        stop.set()
        server.join(2)
        sock.close()
    assert said in error


def test_connection_refused(store: Store) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    error = _fails(store, f"http://127.0.0.1:{port}/items", connect_timeout=2)
    assert "refused the connection (is the service running?)" in error


def test_tls_error(httpserver: HTTPServer, store: Store) -> None:
    url = httpserver.url_for("/items").replace("http://", "https://")
    error = _fails(store, url, read_timeout=2)
    assert "the secure connection to" in error and "ca_bundle" in error


def test_huge_response_is_cut_at_the_limit(httpserver: HTTPServer, store: Store) -> None:
    big = json.dumps([record(i, body="x" * 2000) for i in range(60)])  # about 130 kB
    httpserver.expect_request("/items").respond_with_data(big, content_type="application/json")
    error = _fails(store, httpserver.url_for("/items"), max_response_mb=0.05)
    assert "sent more than the limit of 0.05 MB; the response was cut off" in error


def test_huge_streamed_response_without_length(httpserver: HTTPServer, store: Store) -> None:
    def chunks() -> Iterator[bytes]:
        yield b"["
        for i in range(200):
            yield (json.dumps(record(i, body="y" * 1000)) + ",").encode()
        yield b"{}]"

    from werkzeug import Response

    httpserver.expect_request("/items").respond_with_response(
        Response(chunks(), content_type="application/json")
    )
    error = _fails(store, httpserver.url_for("/items"), max_response_mb=0.05)
    assert "the response was cut off" in error


def test_records_not_where_the_settings_say(httpserver: HTTPServer, store: Store) -> None:
    httpserver.expect_request("/items").respond_with_json({"data": [], "meta": {}})
    error = _fails(store, httpserver.url_for("/items"))
    assert "expected a list of records at the top level" in error
    assert "set records to the key that holds them (it has data, meta)" in error


def test_bad_records_are_skipped_counted_and_logged(
    httpserver: HTTPServer, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    records = [
        record(1),
        record(2, body=None),
        record(3, id=None),
        record(4, created="2026-02-30T10:00:00Z"),
        record(5, created="3026-01-01T00:00:00Z"),
        record(6, created=None),
        "not an object",
        record(7, created=-99999999999999),
    ]
    httpserver.expect_request("/items").respond_with_json(records)
    report = _sync(store, url=httpserver.url_for("/items"), mapping=MAPPING)
    assert report.ok
    assert (report.new, report.skipped) == (1, 7)
    assert report.skip_reasons[0] == "page 1 record 2: id 'r2': no text"
    assert "not a date" in report.skip_reasons[2]
    assert "not a possible date" in report.skip_reasons[3]
    assert "7 skipped (first: page 1 record 2: id 'r2': no text)" in str(report)
    assert "only the first reasons are logged" in caplog.text


def test_duplicate_ids_in_one_page_keep_the_last(httpserver: HTTPServer, store: Store) -> None:
    httpserver.expect_request("/items").respond_with_json(
        [record(1, body="first"), record(2), record(1, body="second")]
    )
    report = _sync(store, url=httpserver.url_for("/items"), mapping=MAPPING)
    assert (report.new, report.duplicates) == (2, 1)
    row = store.get("board", "r1")
    assert row is not None and row.feedback.text == "second"
    assert "1 repeated id in" in str(report)


def test_a_text_of_one_megabyte_is_kept_whole(httpserver: HTTPServer, store: Store) -> None:
    text = "The parcel arrived late. " * 42_000  # over 1 MB
    httpserver.expect_request("/items").respond_with_json([record(1, body=text)])
    report = _sync(store, url=httpserver.url_for("/items"), mapping=MAPPING)
    assert report.ok
    row = store.get("board", "r1")
    assert row is not None and row.feedback.text == text.strip()


def test_a_failure_on_a_later_page_keeps_the_committed_ones(
    httpserver: HTTPServer, store: Store
) -> None:
    httpserver.expect_request("/items", query_string="").respond_with_json(
        {"items": [record(1)], "next": "/items?p=2"}
    )
    httpserver.expect_request("/items", query_string="p=2").respond_with_data("x", status=500)
    report = _sync(
        store,
        url=httpserver.url_for("/items"),
        records="items",
        pagination="next_field",
        mapping=MAPPING,
    )
    assert not report.ok and report.new == 1 and store.count() == 1
    assert "(before that: 1 new, 0 changed, 0 unchanged)" in str(report)


def test_json_nested_too_deeply_is_said_in_words(httpserver: HTTPServer, store: Store) -> None:
    httpserver.expect_request("/items").respond_with_data(
        "[" * 100_000 + "]" * 100_000, content_type="application/json"
    )
    error = _fails(store, httpserver.url_for("/items"))
    assert "nested too deeply" in error
    assert "unexpected" not in error


def test_a_full_disk_is_said_in_words_and_loses_nothing(
    httpserver: HTTPServer, store: Store
) -> None:
    import sqlite3

    httpserver.expect_request("/items").respond_with_json([record(1)])
    (first,) = run_once(
        settings_with(feed(url=httpserver.url_for("/items"), mapping=MAPPING)), store
    )
    assert first.ok and store.count() == 1
    # SQLite's own "database or disk is full", as a full disk gives it: the file may not grow.
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")
    httpserver.clear()
    httpserver.expect_request("/items").respond_with_json(
        [record(i, body="x" * 5000) for i in range(2, 300)]
    )
    (full,) = run_once(
        settings_with(feed(url=httpserver.url_for("/items"), mapping=MAPPING)), store
    )
    assert not full.ok
    assert "is full or failing" in str(full.error) and "Free some space" in str(full.error)
    assert "unexpected" not in str(full.error)
    assert store.count() == 1
    conn = sqlite3.connect(store.path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_a_page_of_more_objects_than_memory_allows_is_refused_before_parsing(
    httpserver: HTTPServer, store: Store
) -> None:
    from kiosk.sync.httpclient import MAX_JSON_CONTAINERS

    body = "[" + ",".join(["{}"] * (MAX_JSON_CONTAINERS + 1)) + "]"
    httpserver.expect_request("/items").respond_with_data(body, content_type="application/json")
    (report,) = run_once(
        settings_with(feed(url=httpserver.url_for("/items"), mapping=MAPPING)), store
    )
    assert not report.ok
    assert f"a page of about {MAX_JSON_CONTAINERS + 2:,} JSON objects and lists" in str(
        report.error
    )
    assert "ask the source for smaller pages" in str(report.error)


def test_an_empty_answer_is_named_as_such(httpserver: HTTPServer, store: Store) -> None:
    httpserver.expect_request("/items").respond_with_data("", status=204)
    (report,) = run_once(
        settings_with(feed(url=httpserver.url_for("/items"), mapping=MAPPING)), store
    )
    assert not report.ok
    assert "sent an empty answer (HTTP 204) where a page of JSON was expected" in str(report.error)


def test_a_page_of_millions_of_values_is_refused_before_parsing(
    httpserver: HTTPServer, store: Store
) -> None:
    from kiosk.sync.httpclient import MAX_JSON_VALUES

    body = "[" + "0," * (MAX_JSON_VALUES + 1) + "0]"
    httpserver.expect_request("/items").respond_with_data(body, content_type="application/json")
    (report,) = run_once(
        settings_with(feed(url=httpserver.url_for("/items"), mapping=MAPPING)), store
    )
    assert not report.ok
    assert f"a page of about {MAX_JSON_VALUES + 1:,} JSON values" in str(report.error)


def test_a_question_left_blank_is_counted_apart_but_a_missing_field_is_skipped(
    httpserver: HTTPServer, store: Store
) -> None:
    # helper-135: an API that renamed its text field must not read as "every answer left
    # blank" (nothing skipped, nothing failing, every stored item withdrawn).
    records = [record(1, body=""), record(2, body="   "), record(4), record(5, body=None)]
    missing = record(3)
    del missing["body"]
    records.insert(2, missing)
    httpserver.expect_request("/items").respond_with_json(records)
    url = httpserver.url_for("/items")
    report = _sync(store, url=url, mapping=MAPPING, answers="complaint")
    assert report.ok, report.error
    # Empty, blank and null (a survey API's "no answer") are left blank; an absent field
    # is a skip.
    assert (report.new, report.blank, report.skipped) == (1, 3, 1)
    assert report.skip_reasons == ("page 1 record 3: id 'r3': no text",)
    assert "3 left blank" in str(report)
    renamed = []
    for i in range(1, 4):  # every record's text under another name
        gone = record(i)
        gone["comment"] = gone.pop("body")
        renamed.append(gone)
    httpserver.clear()
    httpserver.expect_request("/items").respond_with_json(renamed)
    report = _sync(store, url=url, mapping=MAPPING, answers="complaint")
    assert (report.blank, report.skipped) == (0, 3)
    assert "left blank" not in str(report)
