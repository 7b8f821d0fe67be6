"""The HTTP JSON source against a real loopback server: pagination, cursors, 304s, auth."""

from __future__ import annotations

import json

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from kiosk.store import Store
from kiosk.sync import run_once, set_secret
from tests.sync.conftest import MAPPING, feed, record, settings_with


def _sync(store: Store, **options):
    (report,) = run_once(settings_with(feed(**options)), store)
    return report


def test_top_level_list_without_paging(httpserver: HTTPServer, store: Store) -> None:
    httpserver.expect_request("/items").respond_with_json([record(i) for i in range(3)])
    report = _sync(store, url=httpserver.url_for("/items"), mapping=MAPPING)
    assert report.ok, report.error
    assert (report.new, report.changed, report.pages) == (3, 0, 1)
    row = store.get("board", "r1")
    assert row is not None
    assert row.feedback.customer.name == "Customer 1"
    assert row.feedback.kind.value == "complaint"


def test_next_link_field_relative_and_absolute(httpserver: HTTPServer, store: Store) -> None:
    httpserver.expect_request("/items", query_string="").respond_with_json(
        {"data": {"items": [record(1), record(2)]}, "links": {"next": "/items?p=2"}}
    )
    httpserver.expect_request("/items", query_string="p=2").respond_with_json(
        {
            "data": {"items": [record(3)]},
            "links": {"next": httpserver.url_for("/items") + "?p=3"},
        }
    )
    httpserver.expect_request("/items", query_string="p=3").respond_with_json(
        {"data": {"items": [record(4)]}, "links": {"next": None}}
    )
    report = _sync(
        store,
        url=httpserver.url_for("/items"),
        records="data.items",
        pagination="next_field",
        next_field="links.next",
        mapping=MAPPING,
    )
    assert report.ok, report.error
    assert (report.new, report.pages) == (4, 3)


def test_next_token_in_a_query_parameter(httpserver: HTTPServer, store: Store) -> None:
    httpserver.expect_request("/items", query_string="").respond_with_json(
        {"items": [record(1)], "cursor": "abc"}
    )
    httpserver.expect_request("/items", query_string="after=abc").respond_with_json(
        {"items": [record(2)], "cursor": None}
    )
    report = _sync(
        store,
        url=httpserver.url_for("/items"),
        records="items",
        pagination="next_field",
        next_field="cursor",
        next_param="after",
        mapping=MAPPING,
    )
    assert (report.ok, report.new) == (True, 2)


def test_link_header(httpserver: HTTPServer, store: Store) -> None:
    nxt = httpserver.url_for("/items") + "?page=2"
    httpserver.expect_request("/items", query_string="").respond_with_json(
        [record(1)], headers={"Link": f'<{nxt}>; rel="next", <{nxt}>; rel="last"'}
    )
    httpserver.expect_request("/items", query_string="page=2").respond_with_json(
        [record(2)], headers={"Link": '</items>; rel="first"'}
    )
    report = _sync(
        store, url=httpserver.url_for("/items"), pagination="link_header", mapping=MAPPING
    )
    assert (report.ok, report.new, report.pages) == (True, 2, 2)


def test_page_and_size_parameters_stop_at_a_short_page(
    httpserver: HTTPServer, store: Store
) -> None:
    for page, ids in ((1, [1, 2]), (2, [3, 4]), (3, [5])):
        httpserver.expect_request(
            "/items", query_string={"page": str(page), "size": "2"}
        ).respond_with_json([record(i) for i in ids])
    report = _sync(
        store,
        url=httpserver.url_for("/items"),
        pagination="page",
        size_param="size",
        page_size=2,
        mapping=MAPPING,
    )
    assert (report.ok, report.new, report.pages) == (True, 5, 3)


def test_offset_and_limit(httpserver: HTTPServer, store: Store) -> None:
    for offset, ids in ((0, [1, 2]), (2, [3, 4]), (4, [])):
        httpserver.expect_request(
            "/items", query_string={"offset": str(offset), "limit": "2"}
        ).respond_with_json({"results": [record(i) for i in ids]})
    report = _sync(
        store,
        url=httpserver.url_for("/items"),
        records="results",
        pagination="offset",
        page_size=2,
        mapping=MAPPING,
    )
    assert (report.ok, report.new, report.pages) == (True, 4, 3)


def test_since_parameter_carries_the_newest_update(httpserver: HTTPServer, store: Store) -> None:
    httpserver.expect_ordered_request("/items", query_string="").respond_with_json(
        [record(1, updated="2026-03-02T08:00:00Z"), record(2, updated="2026-03-04T09:30:00Z")]
    )
    httpserver.expect_ordered_request(
        "/items", query_string={"since": "2026-03-04T09:30:00Z"}
    ).respond_with_json([record(2, body="Edited: the checkout is fine now")])
    options = {"url": httpserver.url_for("/items"), "since_param": "since", "mapping": MAPPING}
    first = _sync(store, **options)
    second = _sync(store, **options)
    assert (first.new, second.new, second.changed) == (2, 0, 1)
    row = store.get("board", "r2")
    assert row is not None and row.feedback.text.startswith("Edited")


def test_since_as_epoch_milliseconds(httpserver: HTTPServer, store: Store) -> None:
    httpserver.expect_ordered_request("/items").respond_with_json(
        [record(1, created=1_772_000_000_000, updated=None)]
    )
    httpserver.expect_ordered_request(
        "/items", query_string={"from": "1772000000000"}
    ).respond_with_json([])
    options = {
        "url": httpserver.url_for("/items"),
        "since_param": "from",
        "since_format": "epoch_ms",
        "mapping": MAPPING,
    }
    assert _sync(store, **options).new == 1
    assert _sync(store, **options).ok


def test_etag_304_costs_nothing(httpserver: HTTPServer, store: Store) -> None:
    httpserver.expect_ordered_request("/items").respond_with_json(
        [record(1)], headers={"ETag": '"v1"'}
    )
    httpserver.expect_ordered_request(
        "/items", headers={"If-None-Match": '"v1"'}
    ).respond_with_data("", status=304)
    options = {"url": httpserver.url_for("/items"), "mapping": MAPPING}
    assert _sync(store, **options).new == 1
    cursor_before = store.cursor("board")
    again = _sync(store, **options)
    assert again.ok and again.not_modified
    assert "unchanged since the last sync" in str(again)
    assert store.cursor("board") == cursor_before


def test_last_modified_304(httpserver: HTTPServer, store: Store) -> None:
    stamp = "Wed, 04 Mar 2026 10:00:00 GMT"
    httpserver.expect_ordered_request("/items").respond_with_json(
        [record(1)], headers={"Last-Modified": stamp}
    )
    httpserver.expect_ordered_request(
        "/items", headers={"If-Modified-Since": stamp}
    ).respond_with_data("", status=304)
    options = {"url": httpserver.url_for("/items"), "mapping": MAPPING}
    _sync(store, **options)
    assert _sync(store, **options).not_modified


@pytest.mark.parametrize(
    ("auth", "extra", "header", "value"),
    [
        ("bearer", {}, "Authorization", "Bearer tok-123"),
        ("basic", {"username": "kiosk"}, "Authorization", "Basic a2lvc2s6dG9rLTEyMw=="),
        ("header", {"auth_header": "X-Api-Key"}, "X-Api-Key", "tok-123"),
    ],
)
def test_auth_types_read_the_secret_from_the_keyring(
    httpserver: HTTPServer, store: Store, file_keyring: object, auth, extra, header, value
) -> None:
    set_secret("board", "tok-123")
    httpserver.expect_request("/items", headers={header: value}).respond_with_json([record(1)])
    report = _sync(store, url=httpserver.url_for("/items"), auth=auth, mapping=MAPPING, **extra)
    assert report.ok, report.error
    assert report.new == 1


def test_missing_secret_names_the_command_and_the_variable(
    httpserver: HTTPServer, store: Store, file_keyring: object
) -> None:
    report = _sync(store, url=httpserver.url_for("/items"), auth="bearer", mapping=MAPPING)
    assert not report.ok
    assert "voc-kiosk secret set board" in str(report.error)
    assert "VOC_KIOSK_SECRET_BOARD" in str(report.error)


def test_secret_never_reaches_the_log_or_report(
    httpserver: HTTPServer, store: Store, file_keyring: object, caplog: pytest.LogCaptureFixture
) -> None:
    set_secret("board", "very-secret-value")
    httpserver.expect_request("/items").respond_with_data("no", status=401)
    report = _sync(store, url=httpserver.url_for("/items"), auth="bearer", mapping=MAPPING)
    assert "credentials were rejected" in str(report.error)
    assert "very-secret-value" not in caplog.text
    assert "very-secret-value" not in str(report)


def test_mapping_joins_text_and_reads_a_response(httpserver: HTTPServer, store: Store) -> None:
    rec = {
        "id": 7,
        "title": "Dark mode",
        "details": "Please add it",
        "at": 1_772_000_000,
        "answer": {"text": "Planned for May", "at": "2026-03-01T00:00:00+01:00", "who": "PM"},
        "state": "planned",
    }
    httpserver.expect_request("/items").respond_with_json([rec])
    mapping = {
        "external_id": "id",
        "text": ["title", "details"],
        "created_at": "at",
        "response_text": "answer.text",
        "response_at": "answer.at",
        "response_by": "answer.who",
        "status": "state",
    }
    report = _sync(
        store, url=httpserver.url_for("/items"), mapping=mapping, defaults={"kind": "idea"}
    )
    assert report.ok, report.error
    row = store.get("board", "7")
    assert row is not None
    fb = row.feedback
    assert fb.text == "Dark mode\n\nPlease add it"
    assert fb.kind.value == "idea" and fb.status.value == "acknowledged"
    assert fb.response is not None and fb.response.by == "PM"
    assert fb.customer.id == "board:7"


def test_resume_after_a_failed_page_does_not_refetch_committed_pages(
    httpserver: HTTPServer, store: Store
) -> None:
    calls: list[str] = []

    def handler(request: Request) -> Response:
        page = request.args.get("page", "1")
        calls.append(page)
        if page == "3" and calls.count("3") == 1:
            return Response("busy", status=503, headers={"Retry-After": "7"})
        ids = {"1": [1, 2], "2": [3, 4], "3": [5]}[page]
        return Response(json.dumps([record(i) for i in ids]), content_type="application/json")

    httpserver.expect_request("/items").respond_with_handler(handler)
    options = {
        "url": httpserver.url_for("/items"),
        "pagination": "page",
        "page_size": 2,
        "mapping": MAPPING,
    }
    first = _sync(store, **options)
    assert not first.ok and first.retry_after == 7
    assert "it asks for 7 s before the next request" in str(first.error)
    assert (first.new, store.count()) == (4, 4)
    second = _sync(store, **options)
    assert second.ok and second.new == 1
    assert calls == ["1", "2", "3", "3"]


def test_the_etag_survives_a_resumed_pass(httpserver: HTTPServer, store: Store) -> None:
    calls: list[str] = []

    def handler(request: Request) -> Response:
        page = request.args.get("page", "1")
        if request.headers.get("If-None-Match") == '"v7"' and page == "1":
            calls.append("304")
            return Response("", status=304)
        calls.append(page)
        if page == "2" and calls.count("2") == 1:
            return Response("busy", status=503)
        ids = {"1": [1, 2], "2": [3]}[page]
        return Response(
            json.dumps([record(i) for i in ids]),
            content_type="application/json",
            headers={"ETag": '"v7"'},
        )

    httpserver.expect_request("/items").respond_with_handler(handler)
    options = {
        "url": httpserver.url_for("/items"),
        "pagination": "page",
        "page_size": 2,
        "mapping": MAPPING,
    }
    assert not _sync(store, **options).ok  # page 2 failed: the pass is resumed next time
    assert _sync(store, **options).ok  # resumed at page 2, completed
    third = _sync(store, **options)
    assert third.ok and third.not_modified  # the first page's ETag was kept: a 304
    assert calls == ["1", "2", "2", "304"]


def test_since_never_runs_ahead_of_our_clock(httpserver: HTTPServer, store: Store) -> None:
    from datetime import UTC, datetime, timedelta

    ahead = (datetime.now(UTC) + timedelta(hours=40)).strftime("%Y-%m-%dT%H:%M:%SZ")
    httpserver.expect_request("/items").respond_with_json([record(1, updated=ahead)])
    options = {"url": httpserver.url_for("/items"), "since_param": "since", "mapping": MAPPING}
    before = datetime.now(UTC)
    assert _sync(store, **options).new == 1
    since = json.loads(store.cursor("board") or "{}")["since"]
    saved = datetime.fromisoformat(since.replace("Z", "+00:00"))
    # What customers write after this pass is asked for by the next one.
    assert before <= saved <= datetime.now(UTC)


def test_a_304_to_a_request_that_asked_for_everything_is_no_success(
    httpserver: HTTPServer, store: Store
) -> None:
    httpserver.expect_request("/items").respond_with_data("", status=304)
    report = _sync(store, url=httpserver.url_for("/items"), mapping=MAPPING)
    assert not report.ok and not report.not_modified
    assert "answered 304 Not Modified to a request that asked for everything" in str(report.error)
    assert store.last_synced("board") is None


def test_a_snapshot_keeps_a_record_it_skipped_this_pass(
    httpserver: HTTPServer, store: Store
) -> None:
    httpserver.expect_ordered_request("/items").respond_with_json([record(1), record(2)])
    httpserver.expect_ordered_request("/items").respond_with_json(
        [record(1), record(2, created="2026-01-05 10h00")]
    )
    options = {"url": httpserver.url_for("/items"), "snapshot": True, "mapping": MAPPING}
    assert _sync(store, **options).new == 2
    again = _sync(store, **options)
    assert again.ok and again.skipped == 1
    assert again.withdrawn == 0  # still at the source, only unreadable this time
    kept = store.get("board", "r2")
    assert kept is not None and not kept.withdrawn


@pytest.mark.parametrize("style", ["next_field", "link_header"])
def test_a_next_link_no_parser_reads_keeps_the_page(
    httpserver: HTTPServer, store: Store, style: str
) -> None:
    if style == "next_field":
        httpserver.expect_request("/items").respond_with_json(
            {"items": [record(1)], "next": "http://[::1"}
        )
    else:
        httpserver.expect_request("/items").respond_with_json(
            {"items": [record(1)]}, headers={"Link": '<http://[::1>; rel="next"'}
        )
    report = _sync(
        store,
        url=httpserver.url_for("/items"),
        records="items",
        pagination=style,
        mapping=MAPPING,
    )
    assert not report.ok
    assert "is not a web address (Invalid IPv6 URL)" in str(report.error)
    assert "unexpected" not in str(report.error)
    assert store.count() == 1


def test_a_source_that_ignores_the_page_number_is_asked_twice_not_ten_thousand_times(
    httpserver: HTTPServer, store: Store
) -> None:
    httpserver.expect_request("/items").respond_with_json([record(1), record(2)])
    report = _sync(
        store,
        url=httpserver.url_for("/items"),
        pagination="page",
        page_size=2,
        snapshot=True,
        mapping=MAPPING,
    )
    assert not report.ok
    assert "page 2 came back the same as page 1" in str(report.error)
    assert "does not take the parameter 'page'" in str(report.error)
    assert len(httpserver.log) == 2
    assert store.count() == 2 and report.withdrawn == 0


def test_the_same_records_in_a_new_envelope_are_the_same_page(
    httpserver: HTTPServer, store: Store
) -> None:
    answers = iter(range(1_000))

    def page(_request: Request) -> Response:
        body = {"generated": next(answers), "items": [record(1), record(2)]}
        return Response(json.dumps(body), content_type="application/json")

    httpserver.expect_request("/items").respond_with_handler(page)
    report = _sync(
        store,
        url=httpserver.url_for("/items"),
        records="items",
        pagination="page",
        page_size=2,
        mapping=MAPPING,
    )
    assert not report.ok
    assert "page 2 came back the same as page 1" in str(report.error)
    assert len(httpserver.log) == 2


def test_a_snapshot_that_loses_most_of_the_feed_is_believed_the_second_time(
    httpserver: HTTPServer, store: Store
) -> None:
    everything = [record(i) for i in range(1, 7)]
    # An outage answering an empty list; the feed back as it was (a 304 to the ETag of the
    # last read that counted); the outage again; then a real clear-out, read twice.
    answers: list[tuple[object, str]] = [
        (everything, '"a"'),
        ([], '"b"'),
        (None, '"a"'),
        ([], '"b"'),
        ([record(1)], '"c"'),
        ([record(1)], '"c"'),
    ]
    for answer, etag in answers:
        handler = httpserver.expect_ordered_request("/items")
        if answer is None:
            handler.respond_with_data("", status=304, headers={"ETag": etag})
        else:
            handler.respond_with_json(answer, headers={"ETag": etag})
    options = {"url": httpserver.url_for("/items"), "snapshot": True, "mapping": MAPPING}
    assert _sync(store, **options).new == 6
    outage = _sync(store, **options)
    assert outage.ok and outage.withdrawn == 0 and store.count() == 6
    assert "no longer has 6 of the 6 items" in str(outage)
    back = _sync(store, **options)
    # The held pass counted for nothing: the next one asked as if it had not happened.
    assert httpserver.log[2][0].headers.get("If-None-Match") == '"a"'
    assert back.ok and back.not_modified and store.count() == 6
    # Unchanged since the full read: the loss held before is forgotten, the next is held.
    again = _sync(store, **options)
    assert again.withdrawn == 0 and store.count() == 6 and again.notes
    cleared = _sync(store, **options)
    assert cleared.withdrawn == 0 and store.count() == 6  # another loss, held once
    confirmed = _sync(store, **options)
    assert confirmed.withdrawn == 5 and store.count() == 1


def test_a_snapshot_that_keeps_shrinking_is_believed_the_second_time(
    httpserver: HTTPServer, store: Store
) -> None:
    for answer in ([record(i) for i in range(1, 7)], [record(1), record(2)], [record(1)]):
        httpserver.expect_ordered_request("/items").respond_with_json(answer)
    options = {"url": httpserver.url_for("/items"), "snapshot": True, "mapping": MAPPING}
    assert _sync(store, **options).new == 6
    assert _sync(store, **options).withdrawn == 0  # 4 of 6 lost: held
    # It lost all it had lost, and one more: a source being cleared out, not a bad copy.
    assert _sync(store, **options).withdrawn == 5 and store.count() == 1


def test_a_snapshot_that_loses_a_few_items_withdraws_them_at_once(
    httpserver: HTTPServer, store: Store
) -> None:
    httpserver.expect_ordered_request("/items").respond_with_json([record(i) for i in range(1, 7)])
    httpserver.expect_ordered_request("/items").respond_with_json([record(i) for i in range(1, 5)])
    options = {"url": httpserver.url_for("/items"), "snapshot": True, "mapping": MAPPING}
    assert _sync(store, **options).new == 6
    again = _sync(store, **options)
    assert again.withdrawn == 2 and not again.notes and store.count() == 4


def test_an_incremental_read_of_only_skipped_records_is_no_failure(
    httpserver: HTTPServer, store: Store
) -> None:
    # Ratings with no comment are rightly skipped: the feed is well (helper-39 saw it failed).
    quiet = [{**record(i), "body": ""} for i in (3, 4)]
    httpserver.expect_request("/items").respond_with_json(quiet)
    options = {"url": httpserver.url_for("/items"), "since_param": "since", "mapping": MAPPING}
    for _ in range(2):
        report = _sync(store, **options)
        assert report.ok, report.error
        assert report.skipped == 2


def test_text_escaped_for_a_web_page_is_stored_as_the_customer_wrote_it(
    httpserver: HTTPServer, store: Store
) -> None:
    # Stop 60: an API that escapes for HTML ("doesn&#39;t", "-&gt;") sent words the analysis
    # misread ("Settings -&gt; Privacy doesn&#39;t work" was praise: no "doesn't" before
    # "work") and the drill-down drew as "&#39;". A reference is decoded only with its ";".
    body = "Settings -&gt; Privacy doesn&#39;t work &amp; AT&T &lt;script&gt; &copy"
    records = [record(1, body=body, type=None), record(2, body="&nbsp;", type=None)]
    httpserver.expect_request("/items").respond_with_json(records)
    report = _sync(store, url=httpserver.url_for("/items"), mapping=MAPPING)
    assert report.ok, report.error
    row = store.get("board", "r1")
    assert row is not None
    assert row.feedback.text == "Settings -> Privacy doesn't work & AT&T <script> &copy"
    # Nothing left but a space is no text: skipped with its reason, as an empty one is.
    assert (report.new, report.skipped) == (1, 1)
    assert "no text" in report.skip_reasons[0]

    from kiosk.analysis import Analyzer
    from kiosk.model import Kind

    assert Analyzer().explain(row.feedback).kind is Kind.COMPLAINT
