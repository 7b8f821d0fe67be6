"""Real servers on loopback for the outbox: an SMTP server (aiosmtpd) that keeps and checks
what it receives, a Fider-compatible API and a webhook receiver (pytest-httpserver), and a
store holding customers' feedback about words."""

from __future__ import annotations

import asyncio
import email
import email.policy
import hashlib
import hmac
import json
import re
import shutil
import socket
import subprocess
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from kiosk.model import Customer, Feedback, Kind
from kiosk.outbox.values import Audience, Draft, MessageKind
from kiosk.settings import FeedConfig
from kiosk.store import Store
from kiosk.sync.credentials import set_secret
from kiosk.values import MentionRecord
from tests.sync.conftest import file_keyring

__all__ = ["file_keyring"]

NOW = datetime(2026, 6, 30, 12, tzinfo=UTC)
FIDER_KEY = "fider-api-key-0123"
SMTP_PASSWORD = "s3cret smtp password"
WEBHOOK_KEY = "webhook-signing-key-abc"


# the store


def feedback(
    ext: str,
    customer: str,
    *,
    feed: str = "mail",
    text: str = "The delivery was late again",
    kind: Kind = Kind.COMPLAINT,
    days_ago: float = 1,
    name: str | None = None,
    email_address: str | None = None,
    segment: str | None = None,
    channel: str | None = None,
    url: str | None = None,
) -> Feedback:
    """Return one customer's item."""
    return Feedback(
        feed_id=feed,
        external_id=ext,
        text=text,
        created_at=NOW - timedelta(days=days_ago),
        customer=Customer(customer, name, email_address, segment),
        kind=kind,
        channel=channel,
        url=url,
    )


def mention_term(store: Store, items: Sequence[Feedback], term: str = "delivery") -> list[int]:
    """Store items that all mention ``term`` (with their own kind); return their row ids."""
    result = store.upsert(items)
    ids = list(result.new_ids)
    store.replace_mentions(
        {
            i: [MentionRecord(term, term, fb.kind, 1.0, 4, 4 + len(term))]
            for i, fb in zip(ids, items, strict=True)
        }
    )
    return ids


def announcement(**over: Any) -> Draft:
    """Return an announcement about "delivery"."""
    values: dict[str, Any] = {
        "kind": MessageKind.ANNOUNCEMENT,
        "sender": "Priya Shah",
        "subject": "About {term}: what we are doing",
        "body": (
            "Hello {first_name},\n\nYou told us about {term}. {what_we_do}\n"
            "You can expect it {when_expected}.\n\n{sender}"
        ),
        "term_key": "delivery",
        "term_label": "delivery",
        "what_we_do": "We moved to a courier with next-day slots.",
        "when_expected": "from 1 August",
    }
    values.update(over)
    return Draft(**values)


def reply(**over: Any) -> Draft:
    """Return a reply to one customer."""
    values: dict[str, Any] = {
        "kind": MessageKind.REPLY,
        "sender": "Sam Okafor",
        "subject": "Your feedback",
        "body": "Hi {first_name}, thank you. {what_we_do}\n{sender}",
        "what_we_do": "We refunded the shipping.",
    }
    values.update(over)
    return Draft(**values)


EVERYONE = Audience()


# SMTP


@dataclass
class Received:
    """One message the SMTP server accepted."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    raw: bytes


@dataclass
class SmtpBehaviour:
    """How the test server answers; tests change it between deliveries."""

    refuse_rcpt: set[str] = field(default_factory=set)  # 550 for these addresses
    busy_rcpt: set[str] = field(default_factory=set)  # 451 for these addresses
    data_reply: str = "250 OK queued"
    hang_after_data: bool = False  # never answer the final dot


class SmtpServer:
    """aiosmtpd on loopback, in a thread with its own event loop; keeps every message."""

    def __init__(
        self,
        *,
        password: str | None = None,
        tls_cert: tuple[Path, Path] | None = None,
        implicit_tls: bool = False,
    ) -> None:
        self.received: list[Received] = []
        self.behaviour = SmtpBehaviour()
        self.logins: list[str] = []
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._release = asyncio.Event()
        self._password = password
        self._ssl = None
        if tls_cert is not None:
            import ssl

            self._ssl = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            self._ssl.load_cert_chain(str(tls_cert[0]), str(tls_cert[1]))
        self._implicit = implicit_tls
        self._thread = threading.Thread(target=self._serve, name="smtp-test-server", daemon=True)
        self._thread.start()
        self._ready.wait(10)
        self.port: int = self._server.sockets[0].getsockname()[1]

    def _factory(self) -> SMTP:
        kwargs: dict[str, Any] = {"hostname": "mx.test", "ident": "test-smtp"}
        if self._password is not None:
            kwargs["authenticator"] = self._authenticate
            kwargs["auth_require_tls"] = self._ssl is not None and not self._implicit
        if self._ssl is not None and not self._implicit:
            kwargs["tls_context"] = self._ssl
            kwargs["require_starttls"] = True
        return SMTP(Handler(self), **kwargs)

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        if isinstance(data, LoginPassword):
            user = data.login.decode()
            ok = data.password.decode() == self._password
            with self._lock:
                self.logins.append(f"{user}:{'ok' if ok else 'refused'}")
            return AuthResult(success=ok, handled=False)
        return AuthResult(success=False, handled=False)

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        ssl_ctx = self._ssl if self._implicit else None
        self._server = self._loop.run_until_complete(
            self._loop.create_server(self._factory, "127.0.0.1", 0, ssl=ssl_ctx)
        )
        self._ready.set()
        self._loop.run_forever()

    def keep(self, envelope: Envelope) -> None:
        raw = bytes(envelope.original_content or b"")
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        with self._lock:
            self.received.append(
                Received(str(envelope.mail_from), list(envelope.rcpt_tos), msg, raw)
            )

    def release_hangs(self) -> None:
        """Let a hanging answer go (so the server's tasks end)."""
        self._loop.call_soon_threadsafe(self._release.set)

    async def hang(self) -> None:
        await self._release.wait()

    def close(self) -> None:
        self.release_hangs()

        async def stop() -> None:
            self._server.close()
            await self._server.wait_closed()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()


class Handler:
    """Checks and keeps each message, answering as the test's behaviour says."""

    def __init__(self, owner: SmtpServer) -> None:
        self.owner = owner

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        b = self.owner.behaviour
        if address in b.refuse_rcpt:
            return "550 5.1.1 No such user here"
        if address in b.busy_rcpt:
            return "451 4.3.0 Mailbox temporarily unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        b = self.owner.behaviour
        if b.hang_after_data:
            self.owner.keep(envelope)
            await self.owner.hang()
            return "451 too late"
        if b.data_reply.startswith("250"):
            self.owner.keep(envelope)
        return b.data_reply


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """An SMTP server on loopback that takes mail without a login."""
    server = SmtpServer()
    yield server
    server.close()


@pytest.fixture
def smtp_login_server() -> Iterator[SmtpServer]:
    """An SMTP server on loopback that wants a login (plain SMTP: this machine only)."""
    server = SmtpServer(password=SMTP_PASSWORD)
    yield server
    server.close()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port where connections are accepted (by the kernel) and nothing is ever said."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    yield sock.getsockname()[1]
    sock.close()


@pytest.fixture
def closed_port() -> int:
    """A port on loopback where nothing listens (the connection is refused)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    sock.close()
    return port


@pytest.fixture(scope="session")
def tls_cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made with openssl."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def mail_feed(port: int, **over: Any) -> FeedConfig:
    """Return a CSV feed whose customers are answered by e-mail through the test server."""
    options: dict[str, Any] = {
        "path": "/dev/null",
        "reply": "email",
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_security": "none",
        "smtp_from": "Acme Support <support@acme.example>",
        "smtp_timeout": 5.0,
    }
    options.update(over)
    return FeedConfig("mail", "csv", True, 300, options)


@pytest.fixture
def mail_secret(file_keyring: Any) -> None:
    """The SMTP password in the (file) keyring."""
    set_secret("mail:smtp", SMTP_PASSWORD)


# Fider


@dataclass
class FiderBoard:
    """A Fider-compatible API: posts by number, comments and statuses, as Fider answers them."""

    server: HTTPServer
    posts: dict[int, dict[str, Any]] = field(default_factory=dict)
    comments: list[tuple[int, str]] = field(default_factory=list)
    statuses: list[tuple[int, str, str]] = field(default_factory=list)
    requests: list[tuple[str, str, dict[str, str], bytes]] = field(default_factory=list)
    key: str = FIDER_KEY
    collaborator: bool = True
    fail_with: int | None = None
    hang: threading.Event | None = None
    _next_comment: int = 100

    @property
    def url(self) -> str:
        return self.server.url_for("").rstrip("/")

    def add_post(self, number: int, *, kind: str = "idea") -> str:
        self.posts[number] = {"number": number, "status": "open", "kind": kind}
        return f"{self.url}/posts/{number}/post-{number}"

    def handle(self, request: Request) -> Response:
        self.requests.append(
            (request.method, request.path, dict(request.headers), request.get_data())
        )
        if self.hang is not None:
            self.hang.wait(10)
        if self.fail_with is not None:
            return Response("<html>Shoot!</html>", self.fail_with, content_type="text/html")
        auth = request.headers.get("Authorization", "")
        parts = auth.split("Bearer")
        if len(parts) != 2:
            return _json({}, 401)
        if parts[1].strip() != self.key or not self.collaborator:
            return _json({"errors": [{"message": "API Key is invalid"}]}, 400)
        found = re.fullmatch(r"/api/v1/posts/(\d+)/(comments|status)", request.path)
        if found is None:
            return _json({}, 404)
        number = int(found.group(1))
        post = self.posts.get(number)
        if post is None or post["status"] == "deleted":
            return _json({}, 404)
        body = json.loads(request.get_data() or b"{}")
        if found.group(2) == "comments" and request.method == "POST":
            content = body.get("content", "")
            if content == "":
                return _invalid("content", "Comment is required.")
            if len(content.encode()) > 4000:
                return _invalid("content", "Comment must have less than 4000 characters.")
            self._next_comment += 1
            self.comments.append((number, content))
            return _json({"id": self._next_comment}, 200)
        if found.group(2) == "status" and request.method == "PUT":
            status = body.get("status")
            if status not in ("open", "planned", "started", "completed", "declined"):
                return _invalid("status", "Status is invalid.")
            post["status"] = status
            self.statuses.append((number, status, body.get("text", "")))
            return _json({}, 200)
        return _json({}, 404)


def _json(doc: Any, status: int) -> Response:
    return Response(json.dumps(doc), status, content_type="application/json")


def _invalid(field_name: str, message: str) -> Response:
    """Fider's answer to a request that fails validation (HandleValidation -> BadRequest)."""
    return _json({"errors": [{"field": field_name, "message": message}]}, 400)


@pytest.fixture
def fider(httpserver: HTTPServer, file_keyring: Any) -> FiderBoard:
    """A Fider board on loopback, and its API key in the (file) keyring under the feed."""
    board = FiderBoard(httpserver)
    httpserver.expect_request(re.compile(r"/api/v1/.*")).respond_with_handler(board.handle)
    set_secret("board", FIDER_KEY)
    return board


def fider_feed(board: FiderBoard, **over: Any) -> FeedConfig:
    options: dict[str, Any] = {"url": board.url, "total_timeout": 5.0}
    options.update(over)
    return FeedConfig("board", "fider", True, 300, options)


# webhook


@dataclass
class WebhookReceiver:
    """Verifies each call's signature as a receiver should, and keeps what it accepted."""

    server: HTTPServer
    key: str = WEBHOOK_KEY
    accepted: list[dict[str, Any]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    status: int = 200

    def handle(self, request: Request) -> Response:
        body = request.get_data()
        header = request.headers.get("X-Voc-Kiosk-Signature", "")
        fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
        expected = hmac.new(
            self.key.encode(), f"{fields.get('t', '')}.".encode() + body, hashlib.sha256
        ).hexdigest()
        if not hmac.compare_digest(expected, fields.get("v1", "")):
            self.refused.append(header)
            return Response("bad signature", 401)
        self.headers.append(dict(request.headers))
        if self.status != 200:
            return Response("not now", self.status)
        self.accepted.append(json.loads(body))
        return Response("", 204)


@pytest.fixture
def webhook(httpserver: HTTPServer, file_keyring: Any) -> WebhookReceiver:
    receiver = WebhookReceiver(httpserver)
    httpserver.expect_request("/hooks/voc", method="POST").respond_with_handler(receiver.handle)
    set_secret("crm:webhook", WEBHOOK_KEY)
    return receiver


def webhook_feed(receiver: WebhookReceiver, **over: Any) -> FeedConfig:
    options: dict[str, Any] = {
        "path": "/dev/null",
        "reply": "webhook",
        "webhook_url": receiver.server.url_for("/hooks/voc"),
        "webhook_timeout": 5.0,
    }
    options.update(over)
    return FeedConfig("crm", "csv", True, 300, options)


Clock = Callable[[], datetime]


class MovingClock:
    """A clock the test moves forward instead of waiting."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
