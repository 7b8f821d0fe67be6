"""Answers on a Fider board: a comment on the customer's post, or an idea's status and response.

Fider's API (``app/handlers/apiv1/post.go`` and ``app/actions/post.go`` in getfider/fider):

- ``POST /api/v1/posts/{number}/comments`` with ``{"content": "..."}`` (required, at most
  4,000 bytes) answers ``200 {"id": <comment id>}``; Fider e-mails the post's subscribers.
- ``PUT /api/v1/posts/{number}/status`` with ``{"status": "planned", "text": "..."}``
  answers ``200 {}``, for a collaborator or an administrator; Fider tells the idea's voters.
- ``Authorization: Bearer <API key>``: a key Fider does not know, or a key of a user who is
  not a collaborator, is refused with ``400 {"errors": [{"message": "API Key is invalid"}]}``;
  no key at all is ``401 {}``; a role that may not do it is ``403 {}``; a post that does not
  exist (deleted) is ``404 {}``; a validation failure is ``400 {"errors": [{"field": ...,
  "message": ...}]}``; a failure of Fider itself is a 500 page.
"""

from __future__ import annotations

import json
import shlex
from typing import Any

from kiosk.delivery.channel import HandingOver, SecretLookup
from kiosk.delivery.errors import DeliveryError, Outcome
from kiosk.delivery.http import JsonClient
from kiosk.outbox.routes import FiderRoute, secret_name
from kiosk.outbox.values import DeliveryJob, Operation, ReplyChannel
from kiosk.sync.errors import SyncError
from kiosk.sync.httpclient import Credentials, HttpResponse, Limits, parse_retry_after
from kiosk.sync.links import LinkPolicy

__all__ = ["FiderChannel"]


def _errors(resp: HttpResponse) -> list[str]:
    """Return the messages of Fider's ``{"errors": [...]}`` body (empty when there is none)."""
    try:
        doc: Any = json.loads(resp.body)
    except (ValueError, UnicodeDecodeError):
        return []
    errors = doc.get("errors") if isinstance(doc, dict) else None
    if not isinstance(errors, list):
        return []
    found = []
    for error in errors:
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            field = error.get("field")
            text = error["message"].strip()[:300]
            found.append(f"{field}: {text}" if isinstance(field, str) and field else text)
    return found


class FiderChannel:
    """Posts comments and sets statuses on one Fider board with the feed's API key."""

    def __init__(self, route: FiderRoute, secret: SecretLookup) -> None:
        self.route = route
        self._secret = secret
        limits = Limits(
            connect_timeout=route.connect_timeout,
            read_timeout=route.read_timeout,
            total_timeout=route.total_timeout,
            max_bytes=1024 * 1024,
            ca_bundle=route.ca_bundle,
        )
        self._client = JsonClient(limits, policy=LinkPolicy(route.base_url))

    def deliver(self, job: DeliveryJob, handing_over: HandingOver) -> str | None:
        """Post the comment (or set the status); return "comment N" or "status S"."""
        route = self.route
        try:
            key = self._secret(secret_name(route.feed, ReplyChannel.FIDER), "Fider API key")
        except SyncError as exc:
            raise DeliveryError(exc.message, Outcome.FAILED, whole_channel=True) from exc
        number = job.recipient.target
        if not number.isdigit():
            raise DeliveryError(f"{number!r} is not a Fider post number", Outcome.FAILED)
        status = job.recipient.operation is Operation.STATUS
        if status:
            method, url = "PUT", f"{route.base_url}/api/v1/posts/{number}/status"
            body: dict[str, Any] = {"status": job.fider_status, "text": job.recipient.body}
        else:
            method, url = "POST", f"{route.base_url}/api/v1/posts/{number}/comments"
            body = {"content": job.recipient.body}
        payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
        handing_over(None)
        resp = self._client.send_json(
            method,
            url,
            payload,
            credentials=Credentials(headers={"Authorization": f"Bearer {key}"}),
            what="the Fider board",
        )
        return self._result(resp, job, number, status)

    def _result(self, resp: HttpResponse, job: DeliveryJob, number: str, status: bool) -> str:
        code = resp.status
        feed = self.route.feed
        what = f"the status of post #{number}" if status else f"a comment on post #{number}"
        if 200 <= code < 300:
            try:
                doc: Any = json.loads(resp.body)
            except (ValueError, UnicodeDecodeError):
                doc = None
            comment = doc.get("id") if isinstance(doc, dict) else None
            # Fider answers a status with a JSON object and a comment with its id. Anything else
            # came from something in front of the board (a proxy's sign-in page answers 200
            # too): the customer must not count as answered on its word.
            if not isinstance(doc, dict) or (not status and not isinstance(comment, int)):
                kind = resp.headers.get("Content-Type", "no content type").split(";")[0][:60]
                raise DeliveryError(
                    f"the board at {self.route.base_url} answered HTTP {code} with {kind}, not"
                    f" as Fider answers; {what} was probably not posted (a sign-in page of a"
                    " proxy in front of the board answers like this). Check the post, then"
                    " confirm it or send it again",
                    Outcome.UNCONFIRMED,
                )
            return f"status {job.fider_status}" if status else f"comment {comment}"
        errors = _errors(resp)
        if code == 400 and any("api key" in e.lower() for e in errors):
            raise DeliveryError(
                f"Fider did not accept the API key of feed {feed!r} (HTTP 400: {errors[0]}); it"
                " must be the key of a collaborator or administrator: store the right one with"
                f" `voc-kiosk secret set {shlex.quote(feed)}`",
                Outcome.FAILED,
                whole_channel=True,
            )
        if code in (400, 422):
            detail = "; ".join(errors) or "no reason given"
            raise DeliveryError(f"Fider refused {what} (HTTP {code}: {detail})", Outcome.FAILED)
        if code == 401:
            raise DeliveryError(
                f"Fider asked for a login (HTTP 401): the API key of feed {feed!r} was not"
                f" accepted; store it with `voc-kiosk secret set {shlex.quote(feed)}`",
                Outcome.FAILED,
                whole_channel=True,
            )
        if code == 403:
            who = (
                "change a post's status (Fider lets collaborators and administrators do that)"
                if status
                else "comment (the board may be locked, or the key's user blocked)"
            )
            raise DeliveryError(
                f"Fider refused (HTTP 403): the API key's user may not {who}",
                Outcome.FAILED,
                whole_channel=True,
            )
        if code in (404, 410):
            raise DeliveryError(
                f"post #{number} is no longer on the Fider board {self.route.base_url} (HTTP"
                f" {code}): it was deleted, or its link is wrong",
                Outcome.FAILED,
            )
        if code == 504:
            raise DeliveryError(
                f"a gateway in front of Fider gave up waiting (HTTP 504); {what} may have been"
                " posted. Check the post, then confirm it or send it again",
                Outcome.UNCONFIRMED,
            )
        if code == 429 or code >= 500:
            wait = parse_retry_after(resp.headers.get("Retry-After"))
            reason = "asks us to slow down" if code == 429 else "had an error"
            raise DeliveryError(
                f"Fider {reason} (HTTP {code}); trying again later",
                Outcome.RETRY,
                whole_channel=True,
                retry_after=wait,
            )
        if 300 <= code < 400:
            target = resp.headers.get("Location", "elsewhere")[:200]
            raise DeliveryError(
                f"Fider answered with a redirect to {target} (HTTP {code}); set feed"
                f" {feed!r}'s url to the board's own address",
                Outcome.FAILED,
                whole_channel=True,
            )
        raise DeliveryError(f"Fider refused {what} (HTTP {code})", Outcome.FAILED)

    def abort(self) -> None:
        """End a request in flight now."""
        self._client.abort()

    def close(self) -> None:
        """Close pooled connections."""
        self._client.close()
