"""Answers through a webhook: one signed JSON POST per customer (a helpdesk or CRM automation).

The request body is a JSON object (UTF-8, keys sorted)::

    {"id": "<delivery id>", "type": "voc-kiosk.message", "kind": "reply" | "announcement",
     "test": false, "sender": "...", "created_at": "<ISO 8601>", "term": "delivery" | null,
     "customer": {"id": "...", "name": "..." | null, "email": "..." | null},
     "subject": "...", "text": "...",
     "items": [{"feed": "...", "external_id": "...", "url": "..." | null,
                "kind": "complaint" | ... | null, "created_at": "<ISO 8601>" | null}]}

Headers: ``X-Voc-Kiosk-Signature: t=<unix seconds>,v1=<hex>``, where ``<hex>`` is
HMAC-SHA256 with the feed's signing key (keyring entry ``FEED:webhook``) over the bytes
``<unix seconds>.<body>``: a receiver recomputes it over the raw body, compares in constant
time, and refuses a timestamp far from its clock (a replay). ``X-Voc-Kiosk-Delivery`` and
``Idempotency-Key`` carry the delivery id, the same on every attempt, so a receiver can tell
a message it has already handled (one a person chose to send again) from a new one.

A 2xx answer is delivered; a 3xx, 401, 403, 404 or 410 is a setting to fix (the whole
channel fails); another 4xx refuses this message; 408, 429 and 5xx are tried again later,
except 504 (a gateway gave up waiting: the receiver may have handled it), which waits for a
person.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from kiosk.delivery.channel import HandingOver, SecretLookup
from kiosk.delivery.errors import DeliveryError, Outcome
from kiosk.delivery.http import JsonClient
from kiosk.outbox.routes import WebhookRoute, secret_name
from kiosk.outbox.values import DeliveryJob, ReplyChannel
from kiosk.sync.errors import SyncError
from kiosk.sync.httpclient import HttpResponse, Limits, parse_retry_after
from kiosk.sync.links import LinkPolicy

__all__ = ["SIGNATURE_HEADER", "WebhookChannel", "payload_of", "sign"]

SIGNATURE_HEADER = "X-Voc-Kiosk-Signature"
DELIVERY_HEADER = "X-Voc-Kiosk-Delivery"


def _iso(dt: datetime | None) -> str | None:
    return None if dt is None else dt.isoformat().replace("+00:00", "Z")


def payload_of(job: DeliveryJob) -> bytes:
    """Return the JSON body the webhook receives for one delivery."""
    r = job.recipient
    doc: dict[str, Any] = {
        "id": job.delivery_id,
        "type": "voc-kiosk.message",
        "kind": job.kind.value,
        "test": job.test,
        "sender": job.sender,
        "created_at": _iso(job.created_at),
        "term": job.term_label,
        "customer": {"id": r.customer_key, "name": r.customer_name, "email": r.target or None},
        "subject": r.subject,
        "text": r.body,
        "items": [
            {
                "feed": i.feed_id,
                "external_id": i.external_id,
                "url": i.url,
                "kind": None if i.kind is None else i.kind.value,
                "created_at": _iso(i.created_at),
            }
            for i in job.items
        ],
    }
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def sign(key: str, timestamp: int, body: bytes) -> str:
    """Return the signature header's value for a body sent at ``timestamp``."""
    digest = hmac.new(key.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


class WebhookChannel:
    """POSTs each message, signed, to the feed's webhook_url."""

    def __init__(
        self, route: WebhookRoute, secret: SecretLookup, clock: Callable[[], float] = time.time
    ) -> None:
        self.route = route
        self._secret = secret
        self._clock = clock
        limits = Limits(
            connect_timeout=min(10.0, route.timeout),
            read_timeout=route.timeout,
            total_timeout=route.timeout,
            max_bytes=1024 * 1024,
            ca_bundle=route.ca_bundle,
        )
        self._client = JsonClient(limits, policy=LinkPolicy(route.url))

    def deliver(self, job: DeliveryJob, handing_over: HandingOver) -> str | None:
        """POST the message; return its delivery id."""
        name = secret_name(self.route.feed, ReplyChannel.WEBHOOK)
        try:
            key = self._secret(name, "webhook signing key")
        except SyncError as exc:
            raise DeliveryError(exc.message, Outcome.FAILED, whole_channel=True) from exc
        body = payload_of(job)
        headers = {
            SIGNATURE_HEADER: sign(key, int(self._clock()), body),
            DELIVERY_HEADER: job.delivery_id,
            "Idempotency-Key": job.delivery_id,
        }
        handing_over(job.delivery_id)
        resp = self._client.send_json(
            "POST", self.route.url, body, headers=headers, what="the webhook_url"
        )
        self._check(resp)
        return job.delivery_id

    def _check(self, resp: HttpResponse) -> None:
        code = resp.status
        feed = self.route.feed
        if 200 <= code < 300:
            return
        detail = resp.body[:200].decode("utf-8", "replace").strip()
        detail = (
            f": {' '.join(detail.split())}" if detail and resp.content_type != "text/html" else ""
        )
        if 300 <= code < 400:
            target = resp.headers.get("Location", "elsewhere")[:200]
            raise DeliveryError(
                f"the webhook answered with a redirect to {target} (HTTP {code}); set feed"
                f" {feed!r}'s webhook_url to the final address",
                Outcome.FAILED,
                whole_channel=True,
            )
        if code in (401, 403):
            raise DeliveryError(
                f"the webhook refused the request (HTTP {code}{detail}); check that its signing"
                f' key is the one stored as "{secret_name(feed, ReplyChannel.WEBHOOK)}"',
                Outcome.FAILED,
                whole_channel=True,
            )
        if code in (404, 410):
            raise DeliveryError(
                f"the webhook_url of feed {feed!r} was not found (HTTP {code}); check it",
                Outcome.FAILED,
                whole_channel=True,
            )
        if code == 504:
            raise DeliveryError(
                "a gateway in front of the webhook gave up waiting (HTTP 504); the receiver may"
                " have handled the message. Check, then confirm it or send it again",
                Outcome.UNCONFIRMED,
            )
        if code in (408, 429) or code >= 500:
            raise DeliveryError(
                f"the webhook could not take the message now (HTTP {code}{detail}); trying"
                " again later",
                Outcome.RETRY,
                whole_channel=True,
                retry_after=parse_retry_after(resp.headers.get("Retry-After")),
            )
        raise DeliveryError(
            f"the webhook refused the message (HTTP {code}{detail})", Outcome.FAILED
        )

    def abort(self) -> None:
        """End a request in flight now."""
        self._client.abort()

    def close(self) -> None:
        """Close pooled connections."""
        self._client.close()
