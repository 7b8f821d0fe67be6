"""HTTP for feeds: timeouts, a size limit, verified TLS, and every failure in plain words.

Requests are streamed and cut at a size limit, so a runaway endpoint cannot fill the memory
of a floor screen. Each failure becomes a :class:`~kiosk.sync.errors.SyncError` whose message
says what happened and what to check; secrets never appear in it (only the URL, whose query
holds no secrets: the settings refuse them there).
"""

from __future__ import annotations

import email.utils
import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import requests

from kiosk.sync.errors import SyncCancelled, SyncError

__all__ = [
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


@dataclass(frozen=True, slots=True)
class Limits:
    """How long and how much one request may take."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 300.0
    max_bytes: int = 50 * 1024 * 1024
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
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(seconds, 0.0), _MAX_RETRY_AFTER)


def _where(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc or url


def _status_error(resp: requests.Response, url: str) -> SyncError:
    code = resp.status_code
    where = _where(url)
    if code in (401, 403):
        return SyncError(
            f"the credentials were rejected by {where} (HTTP {code}); check the feed's secret"
            " in the keyring and that it may read this data",
            transient=False,
        )
    if code in (404, 410):
        return SyncError(
            f"{url} was not found (HTTP {code}); check the feed's url", transient=False
        )
    if code in (429, 503):
        wait = parse_retry_after(resp.headers.get("Retry-After"))
        reason = "asks us to slow down" if code == 429 else "is unavailable"
        after = f"; trying again in {wait:.0f} s as it asked" if wait is not None else ""
        return SyncError(f"{where} {reason} (HTTP {code}){after}", retry_after=wait)
    if code >= 500:
        return SyncError(f"{where} had an internal error (HTTP {code}); it may recover by itself")
    return SyncError(f"{where} refused the request (HTTP {code} {resp.reason})", transient=False)


class HttpClient:
    """A requests session with the kiosk's limits; one per feed, reused across passes.

    Args:
        limits: timeouts, size limit and CA bundle.
        cancelled: polled while a body streams in, so stopping the service does not wait for a
            big download to finish.
    """

    def __init__(self, limits: Limits, cancelled: Any = None) -> None:
        self.limits = limits
        self._cancelled = cancelled
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT

    def close(self) -> None:
        """Close pooled connections."""
        self.session.close()

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        auth: tuple[str, str] | None = None,
    ) -> HttpResponse:
        """Fetch a URL completely (or fail in words).

        Returns:
            The response; a 304 comes back as a response with an empty body.

        Raises:
            SyncError: a network, TLS or HTTP failure, or a body over the size limit.
            SyncCancelled: the service is stopping.
        """
        lim = self.limits
        verify: bool | str = lim.ca_bundle or True
        where = _where(url)
        try:
            resp = self.session.get(
                url,
                params=params,
                headers=dict(headers or {}),
                auth=auth,
                timeout=(lim.connect_timeout, lim.read_timeout),
                verify=verify,
                stream=True,
            )
        except requests.exceptions.SSLError as exc:
            raise SyncError(
                f"the secure connection to {where} failed ({_short(exc)}); if a company proxy"
                " inspects traffic, set the feed's ca_bundle to its certificate file",
                transient=False,
            ) from exc
        except requests.exceptions.ConnectTimeout as exc:
            raise SyncError(
                f"{where} did not accept a connection within {lim.connect_timeout:g} s"
            ) from exc
        except requests.exceptions.ReadTimeout as exc:
            raise SyncError(f"{where} did not answer within {lim.read_timeout:g} s") from exc
        except requests.exceptions.ConnectionError as exc:
            text = str(exc)
            if "refused" in text.lower():
                what = "refused the connection (is the service running?)"
            elif "name or service not known" in text.lower() or "getaddrinfo" in text.lower():
                what = "could not be found (check the host name in the url)"
            else:
                what = f"could not be reached ({_short(exc)})"
            raise SyncError(f"{where} {what}") from exc
        except requests.exceptions.InvalidURL as exc:
            raise SyncError(f"the url {url!r} is not valid", transient=False) from exc
        except requests.exceptions.RequestException as exc:
            raise SyncError(f"the request to {where} failed ({_short(exc)})") from exc
        with resp:
            if resp.status_code == 304:
                return HttpResponse(resp.url, 304, dict(resp.headers), b"")
            if resp.status_code >= 400:
                raise _status_error(resp, resp.url)
            body = self._read_body(resp, where)
        return HttpResponse(resp.url, resp.status_code, dict(resp.headers), body)

    def _read_body(self, resp: requests.Response, where: str) -> bytes:
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
        deadline = time.monotonic() + lim.total_timeout
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in resp.iter_content(_CHUNK):
                size += len(chunk)
                if size > lim.max_bytes:
                    raise too_big
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise SyncError(
                        f"{where} took longer than {lim.total_timeout:g} s to send its answer"
                    )
                if self._cancelled is not None and self._cancelled():
                    raise SyncCancelled()
        except requests.exceptions.RequestException as exc:
            raise SyncError(
                f"the connection to {where} broke off while reading ({_short(exc)})"
            ) from exc
        return b"".join(chunks)


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
    try:
        data = json.loads(resp.body)
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
