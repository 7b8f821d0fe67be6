"""Feedback from a Fider board (https://fider.io), as a preset of the HTTP JSON source.

Options (``type = "fider"``):

``url`` (required)
    The board's base URL, e.g. ``https://feedback.example.com``.
``auth``
    ``bearer`` (default: the board's API key from the keyring, sent as
    ``Authorization: Bearer <key>``) or ``none`` for a public board.
``compliment_tags`` / ``complaint_tags``
    Tag slugs that make a post a compliment or a complaint (besides the words the model
    knows, such as ``praise`` or ``bug``, and their plurals); every other post is an idea.
``connect_timeout``, ``read_timeout``, ``total_timeout``, ``max_response_mb``, ``ca_bundle``
    As for the HTTP source.

Fider's post list has no paging and no "since": each pass reads the whole list (conditionally,
when the board sends an ``ETag``) and posts that vanished from a complete read are withdrawn.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from kiosk.model import InvalidFeedbackError, Kind, parse_kind
from kiosk.settings import FeedConfig
from kiosk.sync.errors import SyncError
from kiosk.sync.feedoptions import FeedOptions
from kiosk.sync.httpclient import HttpResponse
from kiosk.sync.mapping import RecordMapper
from kiosk.sync.sources.base import SourceContext
from kiosk.sync.sources.http_json import HttpJsonSource

__all__ = ["FIDER_MAPPING", "FIDER_STATUSES", "FiderSource"]

FIDER_STATUSES = "open,planned,started,completed,declined,duplicate"
FIDER_MAPPING: dict[str, str | list[str]] = {
    "external_id": "id",
    "text": ["title", "description"],
    "created_at": "createdAt",
    "votes": "votesCount",
    "status": "status",
    "response_text": "response.text",
    "response_at": "response.respondedAt",
    "response_by": "response.user.name",
    "customer_id": "_voc_customer",
    "customer_name": "user.name",
    "customer_email": "user.email",
    "url": "_voc_url",
}
_PASSED_ON = (
    "connect_timeout",
    "read_timeout",
    "total_timeout",
    "pass_timeout",
    "max_response_mb",
    "ca_bundle",
    "follow_hosts",
)


def _kind_of_tag(slug: str) -> Kind | None:
    """Return the kind a tag's slug names ("bug", and a board's plural "bugs"), or None."""
    for word in (slug, slug.removesuffix("s")):
        try:
            return parse_kind(word)
        except InvalidFeedbackError:
            continue
    return None


class FiderSource(HttpJsonSource):
    """A Fider board's posts, as a full snapshot each pass."""

    snapshot = True

    def __init__(self, feed: FeedConfig, context: SourceContext) -> None:
        opts = FeedOptions(feed)
        base = opts["url"].rstrip("/")
        auth = opts["auth"]
        compliments = {t.lower() for t in opts["compliment_tags"]}
        complaints = {t.lower() for t in opts["complaint_tags"]}
        passed = {key: opts[key] for key in _PASSED_ON}
        opts.finish()
        self.base = base
        self._host = urlsplit(base).netloc or "fider"

        def kind_of(record: Mapping[str, Any]) -> Kind:
            tags = record.get("tags")
            # A list of tags, as Fider sends; anything else (a number, a table) is no tags.
            for tag in tags if isinstance(tags, list) else ():
                slug = str(tag.get("slug", "") if isinstance(tag, Mapping) else tag).lower()
                if slug in compliments:
                    return Kind.COMPLIMENT
                if slug in complaints:
                    return Kind.COMPLAINT
                kind = _kind_of_tag(slug)
                if kind in (Kind.COMPLIMENT, Kind.COMPLAINT):
                    return kind
            return Kind.IDEA

        mapper = RecordMapper(feed.name, FIDER_MAPPING, {"channel": "Fider"}, kind_of=kind_of)
        http_feed = FeedConfig(
            feed.name,
            "http",
            feed.enabled,
            feed.poll_seconds,
            {
                "url": f"{base}/api/v1/posts",
                "params": {"view": "recent", "limit": "all", "statuses": FIDER_STATUSES},
                "auth": auth,
                "snapshot": True,
                **passed,
            },
        )
        super().__init__(http_feed, context, mapper=mapper)

    def records_of(self, doc: Any, resp: HttpResponse) -> list[Any]:
        """Return the posts, each with the customer key and post URL we derive from it."""
        if not isinstance(doc, list):
            # The generic advice ("set records") is no option of a Fider feed.
            found = "nothing" if doc is None else f"a {type(doc).__name__}"
            raise SyncError(
                f"{self._host} did not answer /api/v1/posts with a list of posts (it sent"
                f" {found}); check that the url is the board's address, {self.base!r}",
                transient=False,
            )
        posts = super().records_of(doc, resp)
        for post in posts:
            if not isinstance(post, dict):
                continue
            user = post.get("user")
            if isinstance(user, Mapping) and user.get("id") is not None:
                # Fider user ids are per board; the host keeps them apart from other feeds'.
                post["_voc_customer"] = f"fider:{self._host}:{user['id']}"
            number, slug = post.get("number"), post.get("slug")
            if number is not None:
                post["_voc_url"] = f"{self.base}/posts/{number}/{slug or ''}".rstrip("/")
        return posts
