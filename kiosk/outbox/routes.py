"""How each feed's customers are answered: the ``reply`` options of a feed, read and checked.

Every feed says how its customers are answered with ``reply``: ``fider`` (a comment on the
customer's post, or a status change for an idea), ``email`` (SMTP), ``webhook`` (a signed
JSON POST), ``record`` (the team answered elsewhere: mark the items answered) or ``none``.
The options of each channel are declared in :data:`REPLY_OPTIONS`. Secrets never sit in the
settings: the Fider API key is the feed's own keyring entry (the one it reads the board with),
the SMTP password and the webhook's signing key have entries of their own, named by
:func:`secret_name` (``voc-kiosk secret set "NAME:smtp"``).
"""

from __future__ import annotations

import ipaddress
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

from kiosk.options import REPLY_OPTIONS
from kiosk.outbox.mail import AddressError, parse_sender
from kiosk.outbox.values import ReplyChannel
from kiosk.urls import origin_of

__all__ = [
    "REPLY_OPTION_KEYS",
    "EmailRoute",
    "FeedLike",
    "FiderRoute",
    "NoRoute",
    "RecordRoute",
    "Route",
    "WebhookRoute",
    "default_reply",
    "route_of",
    "routes_of",
    "secret_name",
]


REPLY_OPTION_KEYS = frozenset(o.key for o in REPLY_OPTIONS)
_BY_KEY = {o.key: o for o in REPLY_OPTIONS}
# smtp_port 0 (its default) means the usual port of the security chosen.
_DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}


class FeedLike(Protocol):
    """What routes are read from (``kiosk.settings.FeedConfig``)."""

    @property
    def name(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def options(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True, slots=True)
class FiderRoute:
    """Comments and status changes on the feed's Fider board, with the feed's API key."""

    feed: str
    base_url: str
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 60.0
    ca_bundle: str | None = None
    channel: ReplyChannel = ReplyChannel.FIDER


@dataclass(frozen=True, slots=True)
class EmailRoute:
    """One e-mail per customer through an SMTP server."""

    feed: str
    host: str
    port: int
    security: str
    username: str
    sender: str
    reply_to: str = ""
    timeout: float = 60.0
    ca_bundle: str | None = None
    channel: ReplyChannel = ReplyChannel.EMAIL


@dataclass(frozen=True, slots=True)
class WebhookRoute:
    """One signed JSON POST per customer to a configured URL."""

    feed: str
    url: str
    timeout: float = 30.0
    ca_bundle: str | None = None
    channel: ReplyChannel = ReplyChannel.WEBHOOK


@dataclass(frozen=True, slots=True)
class RecordRoute:
    """Nothing is sent: the items are marked answered (the team answered elsewhere)."""

    feed: str
    channel: ReplyChannel = ReplyChannel.RECORD


@dataclass(frozen=True, slots=True)
class NoRoute:
    """The feed's customers cannot be answered from here; ``reason`` says why and what to set."""

    feed: str
    reason: str
    channel: None = None


Route = FiderRoute | EmailRoute | WebhookRoute | RecordRoute | NoRoute


def secret_name(feed: str, channel: ReplyChannel) -> str:
    """Return the keyring entry that holds a channel's secret for a feed.

    The Fider API key is the feed's own entry (the feed reads the board with it); the SMTP
    password is ``FEED:smtp`` and the webhook's signing key ``FEED:webhook``.
    """
    if channel is ReplyChannel.EMAIL:
        return f"{feed}:smtp"
    if channel is ReplyChannel.WEBHOOK:
        return f"{feed}:webhook"
    return feed


def default_reply(feed_type: str) -> str:
    """Return how a feed of this type answers when its ``reply`` is not set."""
    return {"fider": "fider", "demo": "record"}.get(feed_type, "none")


def _local_host(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class _Reader:
    """Typed reads of a feed's reply options, collecting every problem."""

    def __init__(self, options: Mapping[str, Any]) -> None:
        self.options = options
        self.problems: list[str] = []

    def get(self, key: str, default: Any = None) -> Any:
        option = _BY_KEY[key]
        value = self.options.get(key)
        if value is None or value == "":
            return option.default if default is None else default
        if option.value_type is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if isinstance(value, bool) or not isinstance(value, option.value_type):
            self.problems.append(f"{key} must be {option.value_type.__name__}, got {value!r}")
            return option.default if default is None else default
        if isinstance(value, str):
            value = value.strip()
        if option.choices is not None and value not in option.choices:
            self.problems.append(f"{key} {value!r} is not one of {', '.join(option.choices)}")
            return option.default if default is None else default
        low, high = option.minimum, option.maximum
        if isinstance(value, int | float) and (
            (low is not None and value < low) or (high is not None and value > high)
        ):
            self.problems.append(f"{key} {value!r} is not between {low:g} and {high:g}")
            return option.default if default is None else default
        return value

    def required(self, key: str, why: str) -> str:
        value = str(self.get(key) or "")
        if not value:
            self.problems.append(f"{key} is missing ({why})")
        return value


def _number(options: Mapping[str, Any], key: str, default: float) -> float:
    value = options.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return default
    return float(value)


def route_of(feed: FeedLike) -> Route:
    """Return how a feed's customers are answered, or why they cannot be.

    Never raises: wrong settings give a :class:`NoRoute` whose reason lists every problem.
    """
    options = feed.options
    read = _Reader(options)
    reply = str(read.get("reply"))
    if reply == "auto":
        reply = default_reply(feed.type)
    route: Route
    if read.problems:
        return NoRoute(feed.name, f"feed {feed.name!r} has no reply route: {read.problems[0]}")
    if reply == "none":
        return NoRoute(
            feed.name,
            f"feed {feed.name!r} has no reply route (set its reply option to fider, email,"
            " webhook or record)",
        )
    if reply == "record":
        route = RecordRoute(feed.name)
    elif reply == "fider":
        route = _fider_route(feed, read)
    elif reply == "email":
        route = _email_route(feed, read)
    else:
        route = _webhook_route(feed, read)
    if read.problems:
        return NoRoute(
            feed.name,
            f"the reply settings of feed {feed.name!r} are not right: " + "; ".join(read.problems),
        )
    return route


def _fider_route(feed: FeedLike, read: _Reader) -> Route:
    options = feed.options
    if feed.type != "fider":
        read.problems.append("reply = fider needs a feed of type fider (its board and API key)")
    if options.get("auth") == "none":
        read.problems.append(
            'the feed reads its board without an API key (auth = "none"); a reply needs one:'
            ' set auth = "bearer" and store the key with'
            f" `voc-kiosk secret set {shlex.quote(feed.name)}`"
        )
    base = str(options.get("url") or "").strip().rstrip("/")
    if urlsplit(base).scheme not in ("http", "https"):
        read.problems.append(f"url {base!r} is not the board's http(s) address")
    ca = options.get("ca_bundle")
    return FiderRoute(
        feed.name,
        base,
        connect_timeout=_number(options, "connect_timeout", 10.0),
        read_timeout=_number(options, "read_timeout", 30.0),
        total_timeout=_number(options, "total_timeout", 60.0),
        ca_bundle=ca if isinstance(ca, str) and ca else None,
    )


def _email_route(feed: FeedLike, read: _Reader) -> Route:
    host = read.required("smtp_host", "the SMTP server to send through")
    security = str(read.get("smtp_security"))
    port = int(read.get("smtp_port")) or _DEFAULT_PORTS[security]
    username = str(read.get("smtp_username") or "")
    sender = read.required("smtp_from", "the address the e-mails come from")
    reply_to = str(read.get("smtp_reply_to") or "")
    for key, value in (("smtp_from", sender), ("smtp_reply_to", reply_to)):
        if value:
            try:
                parse_sender(value)
            except AddressError as exc:
                read.problems.append(f"{key}: {exc}")
    if security == "none" and username and host and not _local_host(host):
        read.problems.append(
            f"smtp_security = none would send the password unencrypted to {host}; use"
            " starttls or tls (plain SMTP with a login is allowed only to this machine)"
        )
    return EmailRoute(
        feed.name,
        host,
        port,
        security,
        username,
        sender,
        reply_to,
        float(read.get("smtp_timeout")),
        str(read.get("smtp_ca_bundle") or "") or None,
    )


def _webhook_route(feed: FeedLike, read: _Reader) -> Route:
    url = read.required("webhook_url", "where to POST each message")
    if url:
        # origin_of also refuses a host that parsers read two ways ("http://a\\@localhost/"
        # is local to urlsplit, and sent to a by urllib3), and one no parser reads ("[x").
        origin = origin_of(url)
        parts = urlsplit(url) if origin is not None else None
        if parts is None or not parts.hostname:
            read.problems.append(f"webhook_url {url!r} is not an http(s) address")
        elif parts.scheme == "http" and not _local_host(parts.hostname):
            read.problems.append(
                "webhook_url must be https: the messages carry customers' names and words"
                " (plain http is allowed only to this machine)"
            )
    return WebhookRoute(
        feed.name,
        url,
        float(read.get("webhook_timeout")),
        str(read.get("webhook_ca_bundle") or "") or None,
    )


def routes_of(feeds: Iterable[FeedLike]) -> dict[str, Route]:
    """Return every feed's route, by feed name."""
    return {feed.name: route_of(feed) for feed in feeds}
