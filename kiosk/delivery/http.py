"""JSON requests that change something (a Fider comment, a webhook call), through the sync's
``HttpClient``: its session, limits, TLS settings, deadline watchdog and link policy.

A request that changes something is sent once and never followed to a redirect; and its
failures fall in two kinds that the outbox must tell apart: the request never reached the
server (the connection was refused, timed out, or its TLS handshake failed: nothing went
out, trying again is safe), or it may have (the answer never came, the connection broke
after the request was written: the message may be posted, so it waits for a person).
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

import requests
import urllib3.exceptions

from kiosk.delivery.errors import DeliveryError, Outcome
from kiosk.sync.errors import SyncCancelled, SyncError
from kiosk.sync.httpclient import Credentials, HttpClient, HttpResponse

__all__ = ["JsonClient"]


def _where(url: str) -> str:
    """Return a URL's host and port for messages (never a user:password)."""
    return urlsplit(url).netloc.rsplit("@", 1)[-1] or url[:80]


def _never_sent(exc: requests.exceptions.RequestException) -> bool:
    """Whether a failure happened before a byte of the request reached the server."""
    if isinstance(exc, requests.exceptions.ConnectTimeout | requests.exceptions.SSLError):
        return True
    if isinstance(exc, requests.exceptions.ConnectionError):
        reason = getattr(exc.args[0] if exc.args else None, "reason", None)
        # NewConnectionError (refused, unreachable, no such host) is a ConnectTimeoutError.
        return isinstance(reason, urllib3.exceptions.ConnectTimeoutError)
    return False


class JsonClient(HttpClient):
    """An ``HttpClient`` that also sends JSON, once, and returns any status it gets back."""

    def send_json(
        self,
        method: str,
        url: str,
        payload: bytes,
        *,
        headers: Mapping[str, str] | None = None,
        credentials: Credentials | None = None,
        what: str = "the request",
    ) -> HttpResponse:
        """Send one request with a JSON body and return the response, whatever its status.

        Args:
            method: ``POST`` or ``PUT``.
            url: where; checked against the policy (credentials go only to its home origin).
            payload: the JSON body, already encoded.
            headers: extra headers (not secret).
            credentials: sent only to the policy's home origin.
            what: what the URL is, for messages.

        Raises:
            DeliveryError: ``RETRY`` when the request never reached the server, ``FAILED``
                for a refused link or a failed TLS handshake, ``UNCONFIRMED`` when it may
                have reached it but no answer came (a timeout, a broken connection, the
                total deadline, or the worker stopping).
        """
        where = _where(url)
        try:
            with self._deadline() as expired:
                try:
                    with_credentials = (
                        self.policy.credentials_for(url, what) if self.policy else False
                    )
                except SyncError as exc:
                    raise DeliveryError(exc.message, Outcome.FAILED, whole_channel=True) from exc
                send_headers = {
                    "Content-Type": "application/json; charset=utf-8",
                    "Accept": "application/json",
                    **(headers or {}),
                }
                if with_credentials and credentials is not None:
                    send_headers.update(credentials.headers)
                lim = self.limits
                try:
                    resp = self.session.request(
                        method,
                        url,
                        data=payload,
                        headers=send_headers,
                        timeout=(lim.connect_timeout, lim.read_timeout),
                        verify=lim.ca_bundle or True,
                        stream=True,
                        allow_redirects=False,
                    )
                except requests.exceptions.RequestException as exc:
                    raise self._failure(exc, url, expired.is_set()) from exc
                try:
                    chunks: list[bytes] = []
                    try:
                        self._stream(resp, where, expired, chunks.append)
                    except (SyncError, SyncCancelled):
                        # The status line came: it says what happened; the body is a detail.
                        chunks = []
                    return HttpResponse(
                        resp.url, resp.status_code, dict(resp.headers), b"".join(chunks)
                    )
                finally:
                    resp.close()
        except SyncCancelled:
            raise DeliveryError(
                "voc-kiosk was stopping, so nothing was sent", Outcome.RETRY
            ) from None

    def _failure(
        self, exc: requests.exceptions.RequestException, url: str, expired: bool
    ) -> DeliveryError:
        where = _where(url)
        if _never_sent(exc):
            base = self._connection_error(exc, url)
            if isinstance(exc, requests.exceptions.SSLError):
                return DeliveryError(base.message, Outcome.FAILED, whole_channel=True)
            return DeliveryError(
                f"{base.message}; nothing was sent", Outcome.RETRY, whole_channel=True
            )
        if self._aborted.is_set():
            why = "voc-kiosk stopped while waiting for its answer"
        elif expired:
            why = f"none within {self.limits.total_timeout:g} s (total_timeout)"
        else:
            why = self._connection_error(exc, url).message.removeprefix(f"{where} ")
        return DeliveryError(
            f"the request reached {where} but no answer came back: {why}; it may have been"
            " carried out. Check, then confirm it or send it again",
            Outcome.UNCONFIRMED,
        )
