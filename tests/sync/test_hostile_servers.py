"""Hostile servers on loopback: credentials stay home, slow and looping servers cannot jam a feed.

Two addresses stand in for two hosts: ``localhost`` (127.0.0.1) is the feed's own origin and
127.0.0.2 is "another host". Every test asserts what reached each server (the headers it
logged), what the user is told, and what the store holds.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from kiosk.model import Customer, Feedback
from kiosk.settings import load_settings
from kiosk.store import Store
from kiosk.sync import SyncService, run_once, set_secret
from kiosk.sync.status import FeedReport
from tests.sync.conftest import MAPPING, feed, record, settings_with

SECRET = "tok-never-elsewhere"


@pytest.fixture
def other_host() -> Iterator[HTTPServer]:
    """A second server on 127.0.0.2: another host, as far as origins go."""
    server = HTTPServer(host="127.0.0.2", port=0)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def secret(file_keyring: object) -> str:
    set_secret("board", SECRET)
    return SECRET


def _sync(store: Store, **options: Any) -> FeedReport:
    (report,) = run_once(settings_with(feed(**options)), store)
    return report


def _follow(store: Store, url: str, **options: Any) -> FeedReport:
    """One pass of a feed whose pages name the next in their "next" field."""
    return _sync(
        store, url=url, records="items", pagination="next_field", mapping=MAPPING, **options
    )


def _json(body: object) -> Response:
    return Response(json.dumps(body), content_type="application/json")


def _headers_seen(server: HTTPServer) -> list[dict[str, str]]:
    return [dict(request.headers) for request, _response in server.log]


def _carries_secret(server: HTTPServer) -> bool:
    return any(SECRET in json.dumps(h) for h in _headers_seen(server)) or any(
        SECRET in request.url for request, _ in server.log
    )


# 1. Next-page links and resume cursors


@pytest.mark.parametrize("style", ["next_field", "link_header"])
def test_a_next_link_to_another_host_is_refused_and_not_resumed(
    httpserver: HTTPServer, other_host: HTTPServer, store: Store, secret: str, style: str
) -> None:
    elsewhere = other_host.url_for("/steal")
    if style == "next_field":
        httpserver.expect_request("/items").respond_with_json(
            {"items": [record(1), record(2)], "next": elsewhere}
        )
    else:
        httpserver.expect_request("/items").respond_with_json(
            {"items": [record(1), record(2)]}, headers={"Link": f'<{elsewhere}>; rel="next"'}
        )
    other_host.expect_request("/steal").respond_with_json({"items": [record(9)]})
    options = {
        "url": httpserver.url_for("/items"),
        "auth": "bearer",
        "records": "items",
        "pagination": style,
        "mapping": MAPPING,
    }
    first = _sync(store, **options)
    assert not first.ok
    error = str(first.error)
    assert "points to http://127.0.0.2:" in error and "another host than the feed's" in error
    assert "http://localhost:" in error and "follow_hosts" in error
    # The page before the link is kept; nothing reached the other host.
    assert store.count() == 2
    assert other_host.log == []
    # The saved cursor does not point elsewhere: the next pass asks the configured url again.
    assert "127.0.0.2" not in (store.cursor("board") or "")
    second = _sync(store, **options)
    assert not second.ok
    assert [r.path for r, _ in httpserver.log] == ["/items", "/items"]
    assert all(h.get("Authorization") == f"Bearer {SECRET}" for h in _headers_seen(httpserver))
    assert other_host.log == []


class _RawLocation(Response):
    """A redirect whose Location goes out byte for byte (werkzeug would encode it)."""

    def __init__(self, location: str) -> None:
        super().__init__("", status=302)
        self.raw_location = location

    def get_wsgi_headers(self, environ: Any) -> Any:
        headers = super().get_wsgi_headers(environ)
        headers["Location"] = self.raw_location
        return headers


@pytest.mark.parametrize("via", ["next_field", "redirect"])
def test_a_link_whose_host_parsers_read_two_ways_is_refused(
    httpserver: HTTPServer, other_host: HTTPServer, store: Store, secret: str, via: str
) -> None:
    # urlsplit reads this host as the feed's own; urllib3, which sends, as 127.0.0.2.
    two_ways = f"http://127.0.0.2:{other_host.port}\\@localhost:{httpserver.port}/more"
    if via == "next_field":
        httpserver.expect_request("/items").respond_with_json(
            {"items": [record(1)], "next": two_ways}
        )
    else:
        httpserver.expect_request("/items").respond_with_response(_RawLocation(two_ways))
    other_host.expect_request(f"/\\@localhost:{httpserver.port}/more").respond_with_json(
        {"items": [record(9)]}
    )
    options = {
        "url": httpserver.url_for("/items"),
        "auth": "bearer",
        "records": "items",
        "pagination": "next_field",
        "mapping": MAPPING,
    }
    for _ in range(2):  # and the pass after: nothing was saved that points there
        report = _sync(store, **options)
        assert not report.ok
        assert "is not a well-formed web address" in str(report.error)
        assert "credentials stay with localhost" in str(report.error)
    assert other_host.log == []
    assert "127.0.0.2" not in (store.cursor("board") or "")
    assert [r.path for r, _ in httpserver.log] == ["/items", "/items"]
    assert store.count() == (1 if via == "next_field" else 0)


def test_a_secret_variable_two_feed_names_share_reaches_one_server(
    httpserver: HTTPServer,
    other_host: HTTPServer,
    store: Store,
    tmp_path: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VOC_KIOSK_SECRET_SHOP_API", SECRET)
    httpserver.expect_request("/items").respond_with_json([record(1)])
    other_host.expect_request("/items").respond_with_json([record(2)])
    path = tmp_path / "settings.toml"
    table = 'type = "http"\nauth = "bearer"\n[feeds.mapping]\n' + "".join(
        f'{field} = "{at}"\n' for field, at in MAPPING.items()
    )
    path.write_text(
        f'[[feeds]]\nname = "shop-api"\nurl = "{httpserver.url_for("/items")}"\n{table}'
        f'[[feeds]]\nname = "shop_api"\nurl = "{other_host.url_for("/items")}"\n{table}',
        encoding="utf-8",
    )
    settings, problems = load_settings(path)
    assert [f.name for f in settings.feeds] == ["shop-api"]
    assert "VOC_KIOSK_SECRET_SHOP_API" in str(problems[0])
    (report,) = run_once(settings, store)
    assert report.ok, report.error
    assert _carries_secret(httpserver)
    assert other_host.log == []


def test_an_allowed_host_is_followed_without_the_credentials(
    httpserver: HTTPServer, other_host: HTTPServer, store: Store, secret: str
) -> None:
    origin = f"http://127.0.0.2:{other_host.port}"
    httpserver.expect_request("/items").respond_with_json(
        {"items": [record(1)], "next": f"{origin}/more"}
    )
    other_host.expect_request("/more").respond_with_json({"items": [record(2)], "next": None})
    report = _follow(store, httpserver.url_for("/items"), auth="bearer", follow_hosts=[origin])
    assert report.ok, report.error
    assert store.count() == 2
    assert len(other_host.log) == 1
    assert not _carries_secret(other_host)
    assert "Authorization" not in _headers_seen(other_host)[0]
    assert _headers_seen(httpserver)[0]["Authorization"] == f"Bearer {SECRET}"


@pytest.mark.parametrize("link", ["file:///etc/passwd", "ftp://127.0.0.1/items", "gopher://x/1"])
def test_only_web_links_are_followed(httpserver: HTTPServer, store: Store, link: str) -> None:
    httpserver.expect_request("/items").respond_with_json({"items": [record(1)], "next": link})
    report = _follow(store, httpserver.url_for("/items"))
    assert not report.ok
    assert "only http and https links are followed" in str(report.error)
    scheme = link.split(":")[0]
    assert f"{'an' if scheme == 'ftp' else 'a'} {scheme}: link" in str(report.error)
    assert store.count() == 1


def test_a_tampered_resume_cursor_is_dropped(
    httpserver: HTTPServer,
    other_host: HTTPServer,
    store: Store,
    secret: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    store.save_cursor(
        "board",
        json.dumps({"resume": {"url": other_host.url_for("/steal"), "params": {}}}),
    )
    httpserver.expect_request("/items").respond_with_json([record(1)])
    report = _sync(store, url=httpserver.url_for("/items"), auth="bearer", mapping=MAPPING)
    assert report.ok, report.error
    assert other_host.log == []
    assert len(httpserver.log) == 1
    assert "dropped its saved resume point" in caplog.text
    # No server sent that link this pass: follow_hosts would be the wrong advice.
    assert "follow_hosts" not in caplog.text
    assert "127.0.0.2" not in (store.cursor("board") or "")


# 2. Redirects


@pytest.mark.parametrize(
    ("auth", "extra"),
    [
        ("header", {"auth_header": "X-Api-Key"}),
        ("bearer", {}),
        ("basic", {"username": "kiosk"}),
        ("query", {"auth_param": "api_key"}),
    ],
)
def test_a_redirect_to_another_host_keeps_the_credentials_home(
    httpserver: HTTPServer,
    other_host: HTTPServer,
    store: Store,
    secret: str,
    auth: str,
    extra: dict[str, str],
) -> None:
    httpserver.expect_request("/items").respond_with_data(
        "", status=302, headers={"Location": other_host.url_for("/items")}
    )
    other_host.expect_request("/items").respond_with_json([record(1)])
    options = {"url": httpserver.url_for("/items"), "auth": auth, "mapping": MAPPING, **extra}
    refused = _sync(store, **options)
    assert not refused.ok
    assert "a redirect from localhost:" in str(refused.error)
    assert other_host.log == []
    # Allowed: followed, without the key.
    allowed = _sync(store, follow_hosts=[f"http://127.0.0.2:{other_host.port}"], **options)
    assert allowed.ok, allowed.error
    assert len(other_host.log) == 1 and not _carries_secret(other_host)
    assert SECRET not in str(refused) + str(allowed)


def test_a_redirect_within_the_origin_keeps_the_key(
    httpserver: HTTPServer, store: Store, secret: str
) -> None:
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": "/items"}
    )
    httpserver.expect_request("/items", headers={"X-Api-Key": SECRET}).respond_with_json(
        [record(1)]
    )
    report = _sync(
        store,
        url=httpserver.url_for("/old"),
        auth="header",
        auth_header="X-Api-Key",
        mapping=MAPPING,
    )
    assert report.ok, report.error
    assert store.count() == 1


def test_a_redirect_loop_is_named(httpserver: HTTPServer, store: Store) -> None:
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    report = _sync(store, url=httpserver.url_for("/a"), mapping=MAPPING)
    assert not report.ok and "redirects in a loop" in str(report.error)
    assert len(httpserver.log) <= 3


# 5. Pages that repeat


def test_a_next_link_to_itself_ends_the_pass_with_a_note(
    httpserver: HTTPServer, store: Store
) -> None:
    url = httpserver.url_for("/items")
    httpserver.expect_request("/items").respond_with_json({"items": [record(1)], "next": url})
    report = _follow(store, url)
    assert report.ok, report.error
    assert len(httpserver.log) == 1
    assert any("repeats a page already read" in note for note in report.notes)
    assert "repeats a page already read" in str(report)


def test_a_cycle_of_pages_ends_the_pass(httpserver: HTTPServer, store: Store) -> None:
    def handler(request: Request) -> Response:
        page = request.args.get("p", "1")
        nxt = {"1": "2", "2": "3", "3": "1"}[page]
        body = {"items": [record(int(page))], "next": f"/items?p={nxt}"}
        return _json(body)

    httpserver.expect_request("/items").respond_with_handler(handler)
    report = _follow(store, httpserver.url_for("/items") + "?p=1")
    assert report.ok, report.error
    assert len(httpserver.log) == 3 and store.count() == 3


def test_a_link_that_changes_only_in_its_fragment_ends_the_pass(
    httpserver: HTTPServer, store: Store
) -> None:
    """A fragment ("#2") is never sent: "/frag#2" asks for "/frag" again."""
    url = httpserver.url_for("/frag")
    count = {"n": 0}

    def fragments(_request: Request) -> Response:
        count["n"] += 1
        body = {"items": [record(10 + count["n"])], "next": f"{url}#{count['n']}"}
        return _json(body)

    httpserver.expect_request("/frag").respond_with_handler(fragments)
    report = _follow(store, url)
    assert report.ok, report.error
    assert len(httpserver.log) == 1
    assert any("repeats a page already read" in note for note in report.notes), report.notes


def test_a_link_that_brings_the_same_records_again_stops_and_withdraws_nothing(
    httpserver: HTTPServer, store: Store
) -> None:
    """A nonce in the link, the same records every time: not max_pages of requests, and not a
    complete read for a snapshot either."""
    stored = datetime(2026, 3, 1, tzinfo=UTC)
    store.upsert([Feedback("board", "r9", "Stored before", stored, Customer("c9"))])

    def handler(request: Request) -> Response:
        n = int(request.args.get("k", "0"))
        body = {"items": [record(1), record(2)], "next": f"/nonce?k={n + 1}"}
        return _json(body)

    httpserver.expect_request("/nonce").respond_with_handler(handler)
    report = _follow(store, httpserver.url_for("/nonce"), snapshot=True)
    assert not report.ok
    assert "page 2 brought the same records as page 1" in str(report.error)
    assert len(httpserver.log) == 2
    assert report.withdrawn == 0 and store.count() == 3


def test_a_changes_feed_may_bring_an_item_again_edited(
    httpserver: HTTPServer, store: Store
) -> None:
    pages = [[record(1)], [record(1, body="Edited: the checkout is fine now")], [record(2)]]

    def handler(request: Request) -> Response:
        n = int(request.args.get("c", "0"))
        nxt = f"/changes?c={n + 1}" if n + 1 < len(pages) else None
        return _json({"items": pages[n], "next": nxt})

    httpserver.expect_request("/changes").respond_with_handler(handler)
    report = _follow(store, httpserver.url_for("/changes"))
    assert report.ok, report.error
    assert len(httpserver.log) == 3 and store.count() == 2
    edited = store.get("board", "r1")
    assert edited is not None and edited.feedback.text.startswith("Edited")


# 4. Slow servers


class DripServer:
    """A raw TCP server that answers every request one byte at a time, forever (almost)."""

    def __init__(self, body_bytes: int = 10_000, delay: float = 0.1, drip_head: bool = False):
        self.delay = delay
        self.drip_head = drip_head
        self.body = b"[" + b" " * body_bytes + b"]"
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.cut_off = threading.Event()
        self.requests = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/items"

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            self.requests += 1
            head = (
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"Content-Length: " + str(len(self.body)).encode() + b"\r\n\r\n"
            )
            try:
                if self.drip_head:
                    data = head + self.body
                else:
                    conn.sendall(head)
                    data = self.body
                for i in range(len(data)):
                    if self._stop.is_set():
                        return
                    conn.sendall(data[i : i + 1])
                    time.sleep(self.delay)
            except OSError:
                self.cut_off.set()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture
def drip() -> Iterator[DripServer]:
    server = DripServer()
    yield server
    server.close()


@pytest.mark.parametrize("drip_head", [False, True], ids=["body", "headers"])
def test_total_timeout_holds_against_a_byte_a_second(store: Store, drip_head: bool) -> None:
    server = DripServer(drip_head=drip_head)
    try:
        started = time.monotonic()
        report = _sync(store, url=server.url, total_timeout=1.0, read_timeout=5, mapping=MAPPING)
        took = time.monotonic() - started
        assert not report.ok
        assert "took longer than 1 s (total_timeout)" in str(report.error)
        # The drip lasts 1,000 s; the pass ended near its deadline, and the server saw the
        # connection cut.
        assert took < 10
        assert server.cut_off.wait(5)
    finally:
        server.close()


def test_total_timeout_holds_against_a_tls_hello_a_byte_at_a_time(store: Store) -> None:
    """The handshake happens before the connection has a socket of its own to cut."""
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    stop = threading.Event()
    cut_off = threading.Event()

    def drip() -> None:
        conn, _ = server.accept()
        with conn:
            conn.recv(4096)  # the client's hello
            try:
                conn.sendall(bytes([0x16, 0x03, 0x03, 0x40, 0x00]))  # a 16 KB record, coming
                while not stop.wait(0.2):
                    conn.sendall(b"\x02")
            except OSError:
                cut_off.set()

    threading.Thread(target=drip, daemon=True).start()
    try:
        started = time.monotonic()
        report = _sync(
            store,
            url=f"https://127.0.0.1:{port}/items",
            total_timeout=1.0,
            connect_timeout=60,
            mapping=MAPPING,
        )
        took = time.monotonic() - started
        assert not report.ok
        assert "took longer than 1 s (total_timeout)" in str(report.error)
        assert took < 10  # not the 60 s of connect_timeout
        assert cut_off.wait(5)
    finally:
        stop.set()
        server.close()


def test_a_pass_of_endless_slow_pages_ends_at_its_pass_timeout_and_the_next_resumes(
    httpserver: HTTPServer, store: Store
) -> None:
    def page(request: Request) -> Response:
        n = int(request.args.get("n", "0"))
        time.sleep(0.3)  # each answer well within total_timeout; there is always a next one
        body = {"items": [record(n)], "next": f"/items?n={n + 1}"}
        return _json(body)

    httpserver.expect_request("/items").respond_with_handler(page)
    options = {
        "url": httpserver.url_for("/items"),
        "records": "items",
        "pagination": "next_field",
        "pass_timeout": 1.0,
        "mapping": MAPPING,
    }
    started = time.monotonic()
    first = _sync(store, **options)
    assert time.monotonic() - started < 5
    assert not first.ok
    # Cut between two pages, or while the next page was on its way.
    assert "time limit (1 s, pass_timeout)" in str(first.error)
    stored = store.count()
    assert stored >= 2 and first.new == stored  # every page read was kept
    httpserver.clear_log()
    second = _sync(store, **options)
    assert not second.ok
    resumed = httpserver.log[0][0]
    assert resumed.args["n"] == str(stored)  # where the first pass stopped, not the start
    assert store.count() == stored + second.new


def test_a_request_in_flight_at_the_pass_deadline_is_cut_then(store: Store) -> None:
    server = DripServer()
    try:
        started = time.monotonic()
        report = _sync(
            store, url=server.url, total_timeout=600, read_timeout=30, pass_timeout=1.0,
            mapping=MAPPING,
        )  # fmt: skip
        assert time.monotonic() - started < 10
        assert not report.ok
        assert "the pass reached its time limit (1 s, pass_timeout)" in str(report.error)
        assert server.cut_off.wait(5)
    finally:
        server.close()


def test_a_slow_feed_does_not_delay_the_others_and_stop_is_prompt(
    httpserver: HTTPServer, store: Store, drip: DripServer
) -> None:
    httpserver.expect_request("/items").respond_with_json([record(1)])
    settings = settings_with(  # whose store keeps record()'s fixed dates
        feed("slow", url=drip.url, total_timeout=600, read_timeout=30, mapping=MAPPING),
        feed("fast", url=httpserver.url_for("/items"), mapping=MAPPING),
    )
    reports: list[FeedReport] = []
    done = threading.Event()

    def listen(report: FeedReport | None, _statuses: object, _line: str) -> None:
        if report is not None:
            reports.append(report)
            if report.feed == "fast":
                done.set()

    service = SyncService(settings, store, first_delay=0.01)
    service.add_listener(listen)
    service.start()
    try:
        assert done.wait(20), "the fast feed waited for the slow one"
        assert store.get("fast", "r1") is not None
        # The slow feed's request is in flight (its drip lasts 1,000 s).
        deadline = time.monotonic() + 10
        while drip.requests < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert drip.requests == 1
    finally:
        assert service.stop(timeout=10)
    # Stopping ended the slow request at once: no report of it, and the server saw the cut.
    assert [r.feed for r in reports] == ["fast"]
    assert drip.cut_off.wait(5)


def test_a_redirect_no_parser_reads_is_a_plain_message(
    httpserver: HTTPServer, store: Store
) -> None:
    httpserver.expect_request("/items").respond_with_response(_RawLocation("http://[::1"))
    report = _sync(store, url=httpserver.url_for("/items"), mapping=MAPPING)
    assert not report.ok
    assert "an address in it or in the answer is not a web address (Invalid IPv6 URL)" in str(
        report.error
    )
    assert "unexpected" not in str(report.error)
