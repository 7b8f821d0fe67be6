"""HTTP for feeds: timeouts, a size limit, verified TLS, and every failure in plain words.

Requests are streamed and cut at a size limit, so a runaway endpoint cannot fill the memory
of a floor screen. Each failure becomes a :class:`~kiosk.sync.errors.SyncError` whose message
says what happened and what to check; secrets never appear in it (only the URL, whose query
holds no secrets: the settings refuse them there).
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import logging
import socket
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, BinaryIO
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from kiosk.redact import redact_url
from kiosk.sync.errors import SyncCancelled, SyncError
from kiosk.sync.links import LinkPolicy

__all__ = [
    "Credentials",
    "HttpClient",
    "HttpResponse",
    "Limits",
    "parse_json",
    "parse_retry_after",
]

log = logging.getLogger("kiosk.sync")

USER_AGENT = "voc-kiosk/0.1 (+feedback wall display)"
_MAX_RETRY_AFTER = 86_400.0
_CHUNK = 64 * 1024
_MAX_REDIRECTS = 10


@dataclass(frozen=True, slots=True)
class Limits:
    """How long and how much one request may take."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 300.0
    max_bytes: int = 50 * 1024 * 1024
    # Seconds a whole pass may take (``kiosk.sync.service.run_feed`` holds it; a request in
    # flight at the pass's deadline is cut then, see ``HttpClient.pass_deadline``).
    pass_timeout: float = 3600.0
    ca_bundle: str | None = None


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """A complete response body with the headers the feeds use."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower case ('' when the server sent none)."""
        return self.headers.get("Content-Type", "").split(";")[0].strip().lower()

    @property
    def not_modified(self) -> bool:
        """Whether the server answered a conditional request with 304 Not Modified."""
        return self.status == 304


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Return the seconds a ``Retry-After`` header asks for (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
        if seconds != seconds:  # "nan" reads as a float, and no wait is not-a-number long
            return None
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(seconds, 0.0), _MAX_RETRY_AFTER)


def _signed(credentials: Credentials | None) -> bool:
    """Whether a request carried any credentials of the feed's."""
    return credentials is not None and bool(
        credentials.headers or credentials.auth or credentials.params
    )


def _where(url: str) -> str:
    """Return the host (and port) of a URL for messages, without any user:password."""
    parts = urlsplit(url)
    return parts.netloc.rsplit("@", 1)[-1] or redact_url(url)


def _status_error(resp: requests.Response, url: str, signed: bool) -> SyncError:
    code = resp.status_code
    where = _where(url)
    if code in (401, 403) and signed:
        return SyncError(
            f"the credentials were rejected by {where} (HTTP {code}); check the feed's secret"
            " in the keyring and that it may read this data",
            transient=False,
        )
    if code in (401, 403):
        # Nothing was sent to reject. A 401 asks for a sign-in; a 403 may also be a firewall
        # that no sign-in gets past.
        said = "needs a sign-in" if code == 401 else "refused access"
        return SyncError(
            f"{where} {said} (HTTP {code}) and the feed sends none; if it needs one, set the"
            " feed's auth (bearer, basic or header) and store its secret with"
            " `voc-kiosk secret set FEED`",
            transient=False,
        )
    if code in (404, 410):
        return SyncError(
            f"{redact_url(url)} was not found (HTTP {code}); check the feed's url",
            transient=False,
        )
    if code in (429, 503):
        wait = parse_retry_after(resp.headers.get("Retry-After"))
        reason = "asks us to slow down" if code == 429 else "is unavailable"
        # Only a service that keeps running waits as asked (the next pass of ``--once`` is
        # whoever runs it next); a wait beyond our longest is cut to it, and said so.
        after = ""
        if wait is not None and wait >= _MAX_RETRY_AFTER:
            after = "; it asks to wait longer than a day, so the next request waits a day"
        elif wait is not None:
            after = f"; it asks for {wait:.0f} s before the next request"
        return SyncError(f"{where} {reason} (HTTP {code}){after}", retry_after=wait)
    if code >= 500:
        return SyncError(f"{where} had an internal error (HTTP {code}); it may recover by itself")
    return SyncError(f"{where} refused the request (HTTP {code} {resp.reason})", transient=False)


class _Tracker:
    """Remembers the sockets a client's connections opened, so a watchdog can cut them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sockets: weakref.WeakSet[socket.socket] = weakref.WeakSet()

    def add(self, sock: socket.socket | None) -> None:
        if sock is not None:
            with self._lock:
                self._sockets.add(sock)

    def cut(self) -> None:
        """Shut every tracked socket down: a read blocked on it in another thread returns."""
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def _tracked_pool_classes(tracker: _Tracker) -> dict[str, type[HTTPConnectionPool]]:
    """Return urllib3 pool classes whose connections report their sockets to ``tracker``.

    urllib3 reads and writes with per-call socket timeouts only, so a server that sends a
    byte a second never trips them; shutting the socket down from a watchdog is what ends
    such a request at its deadline. (``pool_classes_by_scheme`` and ``ConnectionCls`` are
    urllib3's documented extension points; tests/sync/test_hostile_servers.py fails if the
    deadline stops holding.)
    """

    class Connection(HTTPConnection):
        def connect(self) -> None:
            super().connect()
            tracker.add(self.sock)

    class SecureConnection(HTTPSConnection):
        # The TLS handshake runs inside connect(), before self.sock exists: a server that
        # sends its hello a byte a second held a request for the whole connect_timeout. A
        # second handle on the plain socket lets the watchdog shut it down meanwhile; it is
        # closed as soon as connect() returns, so it never keeps the connection open.
        _guard: socket.socket | None = None

        def _new_conn(self) -> socket.socket:
            sock: socket.socket = super()._new_conn()
            self._guard = sock.dup()
            tracker.add(self._guard)
            return sock

        def connect(self) -> None:
            try:
                super().connect()
            finally:
                if self._guard is not None:
                    self._guard.close()
                    self._guard = None
            tracker.add(self.sock)

    class Pool(HTTPConnectionPool):
        ConnectionCls = Connection

    class SecurePool(HTTPSConnectionPool):
        ConnectionCls = SecureConnection

    return {"http": Pool, "https": SecurePool}


class _TrackingAdapter(HTTPAdapter):
    def __init__(self, tracker: _Tracker) -> None:
        self._tracker = tracker  # before super(): it calls init_poolmanager
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _tracked_pool_classes(self._tracker)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = _tracked_pool_classes(self._tracker)
        return manager


@dataclass(frozen=True, slots=True)
class Credentials:
    """What only the feed's own origin may receive: secret headers, basic auth, query keys."""

    headers: Mapping[str, str] = field(default_factory=dict)
    auth: tuple[str, str] | None = None
    params: Mapping[str, str] = field(default_factory=dict)


class HttpClient:
    """A requests session with the kiosk's limits; one per feed, reused across passes.

    Every request ends by ``limits.total_timeout`` whatever the server does (a watchdog cuts
    the connection), follows redirects itself so that credentials never leave the feed's
    origin, and can be aborted from another thread (:meth:`abort`, when the kiosk stops).

    Args:
        limits: timeouts, size limit and CA bundle.
        cancelled: polled while a body streams in, so stopping the service does not wait for a
            big download to finish.
        policy: where the feed may go and where its credentials may go (None: anywhere, no
            credentials are ever sent).
    """

    def __init__(
        self, limits: Limits, cancelled: Any = None, policy: LinkPolicy | None = None
    ) -> None:
        self.limits = limits
        self.policy = policy
        self._cancelled = cancelled
        self._tracker = _Tracker()
        self._aborted = threading.Event()
        # The pass's deadline (``time.monotonic``), set by the source for each pass: a request
        # ends by it too, if it comes before the request's own total_timeout.
        self.pass_deadline: float | None = None
        self._cut_by_pass = False
        # What the latest answer was, for a connection test: status, content type, seconds.
        self.last_answer: tuple[int, str, float] | None = None
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        adapter = _TrackingAdapter(self._tracker)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def close(self) -> None:
        """Close pooled connections."""
        self.session.close()

    def abort(self) -> None:
        """End the request in flight now (from any thread); later requests fail at once."""
        self._aborted.set()
        self._tracker.cut()

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        credentials: Credentials | None = None,
        what: str = "the feed's url",
    ) -> HttpResponse:
        """Fetch a URL completely (or fail in words).

        Args:
            url: where to go; checked against the policy like every redirect after it.
            params: query parameters for this URL (not carried over to a redirect).
            headers: extra request headers (not secret: they go wherever the request goes).
            credentials: sent only to the policy's home origin.
            what: what the URL is, for messages ("the next-page link").

        Returns:
            The response; a 304 comes back as a response with an empty body.

        Raises:
            SyncError: a network, TLS or HTTP failure, a body over the size limit, a request
                over its deadline, or a link or redirect the policy refuses.
            SyncCancelled: the service is stopping.
        """
        started = time.perf_counter()
        with self._deadline() as expired:
            resp = self._open(url, params, headers, credentials, what, expired)
            self.last_answer = (
                resp.status_code,
                resp.headers.get("Content-Type", ""),
                time.perf_counter() - started,
            )
            try:
                where = _where(resp.url)
                if resp.status_code == 304:
                    return HttpResponse(resp.url, 304, dict(resp.headers), b"")
                if resp.status_code >= 400:
                    raise _status_error(resp, resp.url, _signed(credentials))
                chunks: list[bytes] = []
                self._stream(resp, where, expired, chunks.append)
                return HttpResponse(
                    resp.url, resp.status_code, dict(resp.headers), b"".join(chunks)
                )
            finally:
                resp.close()

    def download(
        self,
        url: str,
        sink: BinaryIO,
        *,
        headers: Mapping[str, str] | None = None,
        credentials: Credentials | None = None,
    ) -> HttpResponse:
        """Stream a response body into ``sink`` (a file) instead of memory.

        Returns:
            The response without its body (``body`` is empty); 304 when not modified.

        Raises:
            SyncError, SyncCancelled: as :meth:`get`.
        """
        with self._deadline() as expired:
            resp = self._open(url, None, headers, credentials, "the feed's url", expired)
            try:
                if resp.status_code == 304:
                    return HttpResponse(resp.url, 304, dict(resp.headers), b"")
                if resp.status_code >= 400:
                    raise _status_error(resp, resp.url, _signed(credentials))
                self._stream(resp, _where(resp.url), expired, sink.write)
                return HttpResponse(resp.url, resp.status_code, dict(resp.headers), b"")
            finally:
                resp.close()

    @contextlib.contextmanager
    def _deadline(self) -> Iterator[threading.Event]:
        """Cut the connection when the request outlives ``total_timeout``; yield whether it did."""
        if self._aborted.is_set():
            raise SyncCancelled()
        expired = threading.Event()

        def cut() -> None:
            expired.set()
            self._tracker.cut()

        seconds = self.limits.total_timeout
        self._cut_by_pass = False
        if self.pass_deadline is not None:
            left = self.pass_deadline - time.monotonic()
            if left < seconds:
                seconds, self._cut_by_pass = max(left, 0.0), True
        timer = threading.Timer(seconds, cut)
        timer.daemon = True
        timer.start()
        try:
            yield expired
        finally:
            timer.cancel()

    def _late(self, where: str) -> SyncError:
        if self._cut_by_pass:
            return SyncError(
                f"the pass reached its time limit ({self.limits.pass_timeout:g} s, pass_timeout)"
                f" while {where} was answering; every page stored so far is kept and the next"
                " pass resumes where this one stopped"
            )
        return SyncError(
            f"{where} took longer than {self.limits.total_timeout:g} s (total_timeout) to"
            " answer; the request was stopped"
        )

    def _open(
        self,
        url: str,
        params: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
        credentials: Credentials | None,
        what: str,
        expired: threading.Event,
    ) -> requests.Response:
        """Send the request and follow redirects by hand, checking each hop's origin."""
        seen: set[str] = set()
        current, query = url, dict(params or {})
        for _hop in range(_MAX_REDIRECTS + 1):
            with_credentials = (
                self.policy.credentials_for(current, what) if self.policy is not None else False
            )
            send_headers = dict(headers or {})
            auth = None
            if with_credentials and credentials is not None:
                send_headers.update(credentials.headers)
                auth = credentials.auth
                query.update(credentials.params)
            resp = self._send(current, query, send_headers, auth, expired)
            if not resp.is_redirect:
                return resp
            location = resp.headers.get("Location", "")
            resp.close()
            target = urljoin(resp.url, location)
            if target in seen:
                raise SyncError(
                    f"{_where(resp.url)} redirects in a loop ({redact_url(target)[:200]})",
                    transient=False,
                )
            seen.add(target)
            what = f"a redirect from {_where(resp.url)}"
            # The target carries its own query; a key of ours is added again only if it goes
            # back to our origin.
            current, query = target, {}
        raise SyncError(
            f"{_where(url)} redirected more than {_MAX_REDIRECTS} times; stopped",
            transient=False,
        )

    def _send(
        self,
        url: str,
        params: Mapping[str, Any],
        headers: Mapping[str, str],
        auth: tuple[str, str] | None,
        expired: threading.Event,
    ) -> requests.Response:
        lim = self.limits
        verify: bool | str = lim.ca_bundle or True
        where = _where(url)
        try:
            return self.session.get(
                url,
                params=params or None,
                headers=dict(headers),
                auth=auth,
                timeout=(lim.connect_timeout, lim.read_timeout),
                verify=verify,
                stream=True,
                allow_redirects=False,
            )
        except requests.exceptions.RequestException as exc:
            if self._aborted.is_set():
                raise SyncCancelled() from exc
            if expired.is_set():
                raise self._late(where) from exc
            raise self._connection_error(exc, url) from exc
        except ValueError as exc:
            # requests reads a redirect's Location even when it will not follow it, and
            # urllib refuses some ("http://[::1": Invalid IPv6 URL); an address of ours it
            # cannot encode fails the same way.
            raise SyncError(
                f"a request to {where} could not be made: an address in it or in the answer"
                f" is not a web address ({_short(exc)}); nothing was followed",
                transient=False,
            ) from None

    def _connection_error(self, exc: requests.exceptions.RequestException, url: str) -> SyncError:
        lim = self.limits
        where = _where(url)
        if isinstance(exc, requests.exceptions.SSLError):
            return SyncError(
                f"the secure connection to {where} failed ({_short(exc)}); if a company proxy"
                " inspects traffic, set the feed's ca_bundle to its certificate file",
                transient=False,
            )
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return SyncError(
                f"{where} did not accept a connection within {lim.connect_timeout:g} s"
            )
        if isinstance(exc, requests.exceptions.ReadTimeout):
            return SyncError(f"{where} did not answer within {lim.read_timeout:g} s")
        if isinstance(exc, requests.exceptions.ConnectionError):
            text = str(exc).lower()
            if "refused" in text:
                what = "refused the connection (is the service running?)"
            elif "name or service not known" in text or "getaddrinfo" in text:
                what = "could not be found (check the host name in the url)"
            elif "badstatusline" in text:
                what = (
                    "answered with something that is not HTTP (is the url's port that of a web"
                    " service?)"
                )
            elif "remotedisconnected" in text:
                what = "closed the connection without an answer"
            else:
                what = f"could not be reached ({_short(exc)})"
            return SyncError(f"{where} {what}")
        if isinstance(exc, requests.exceptions.InvalidURL | requests.exceptions.InvalidSchema):
            return SyncError(f"the url {redact_url(url)!r} is not valid", transient=False)
        return SyncError(f"the request to {where} failed ({_short(exc)})")

    def _stream(
        self,
        resp: requests.Response,
        where: str,
        expired: threading.Event,
        write: Callable[[bytes], object],
    ) -> None:
        lim = self.limits
        limit_mb = round(lim.max_bytes / (1024 * 1024), 3)
        too_big = SyncError(
            f"{where} sent more than the limit of {limit_mb:g} MB; the response was cut off"
            " and nothing from it was used (raise max_response_mb if the data really is"
            " that big)",
            transient=False,
        )
        declared = resp.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > lim.max_bytes:
            raise too_big
        size = 0
        try:
            for chunk in resp.iter_content(_CHUNK):
                size += len(chunk)
                if size > lim.max_bytes:
                    raise too_big
                write(chunk)
                if self._cancelled is not None and self._cancelled():
                    raise SyncCancelled()
        except requests.exceptions.RequestException as exc:
            if self._aborted.is_set():
                raise SyncCancelled() from exc
            if expired.is_set():
                raise self._late(where) from exc
            raise SyncError(
                f"the connection to {where} broke off while reading ({_short(exc)})"
            ) from exc
        # A cut connection can also look like a clean, short end of the body.
        if self._aborted.is_set():
            raise SyncCancelled()
        if expired.is_set():
            raise self._late(where)


def _short(exc: BaseException) -> str:
    """Return the innermost reason of a requests error, without the noisy wrapper text."""
    inner: BaseException = exc
    while True:
        nxt = inner.__context__ or inner.__cause__
        if nxt is None or nxt is inner:
            break
        inner = nxt
        if len(str(inner)) < 200:
            break
    text = str(inner) or type(inner).__name__
    return text if len(text) <= 200 else text[:197] + "..."


# The most objects and lists one JSON page may hold (about 100 MB once parsed; a Fider board
# of 75,000 posts, which come in one page).
MAX_JSON_CONTAINERS = 300_000
# The most values (by their commas): some 30 a record, for the same 75,000 posts.
MAX_JSON_VALUES = 3_000_000


def _json_int(text: str) -> int | str:
    # Python reads at most 4,300 digits into an int and json.loads then refuses the whole
    # page. A longer number is kept as its digits: no count, id or date is that long, and
    # the record's checks skip that record alone (as infinity, two such ids were one).
    return int(text) if len(text) <= 4000 else text


def parse_json(resp: HttpResponse) -> Any:
    """Decode a JSON body, telling an HTML error page or the wrong content type apart.

    Raises:
        SyncError: the body is a web page, not JSON, or not valid JSON.
    """
    where = _where(resp.url)
    ctype = resp.content_type
    head = resp.body[:512].lstrip().lower()
    if ctype in ("text/html", "application/xhtml+xml") or head.startswith((b"<!doctype", b"<html")):
        raise SyncError(
            f"{where} sent a web page (HTML) instead of JSON; this is usually a login, proxy"
            " or error page: check the url and the credentials",
            transient=False,
        )
    is_json_type = ctype in ("application/json", "text/json", "") or ctype.endswith("+json")
    if not resp.body.strip():
        raise SyncError(
            f"{where} sent an empty answer (HTTP {resp.status}) where a page of JSON was"
            " expected; check the url",
            transient=resp.status >= 500,
        )
    # Each object or list costs Python 60 to 200 bytes however small it is written: 48 MB of
    # "{}," became 16 million dicts and 1.3 GB. Counted before parsing (an upper bound: a
    # brace inside a string counts too).
    containers = resp.body.count(b"{") + resp.body.count(b"[")
    if containers > MAX_JSON_CONTAINERS:
        raise SyncError(
            f"{where} sent a page of about {containers:,} JSON objects and lists, more than"
            f" {MAX_JSON_CONTAINERS:,}; a page that big would take more memory than the kiosk"
            " may use: ask the source for smaller pages",
            transient=False,
        )
    # Values, by their separators: 48 MB of "0," are 24 million numbers and 318 MB.
    values = resp.body.count(b",")
    if values > MAX_JSON_VALUES:
        raise SyncError(
            f"{where} sent a page of about {values:,} JSON values, more than"
            f" {MAX_JSON_VALUES:,}; a page that big would take more memory than the kiosk"
            " may use: ask the source for smaller pages",
            transient=False,
        )
    try:
        data = json.loads(resp.body, parse_int=_json_int)
    except RecursionError:
        # json recurses once per nesting level: a hostile page nested deeper than the stack
        # allows gets a message instead of a traceback.
        raise SyncError(
            f"{where} sent JSON nested too deeply to read (thousands of levels); nothing from"
            " this page was used",
            transient=False,
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        if not is_json_type:
            raise SyncError(
                f"{where} sent {ctype} instead of JSON; check the url", transient=False
            ) from exc
        detail = (
            f"line {exc.lineno} column {exc.colno}: {exc.msg}"
            if isinstance(exc, json.JSONDecodeError)
            else "not UTF-8 text"
        )
        raise SyncError(f"{where} sent JSON that cannot be read ({detail})") from exc
    if not is_json_type:
        log.info("%s labels its JSON as %s; reading it anyway", where, ctype)
    return data
