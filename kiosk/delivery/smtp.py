"""Answers by e-mail: one message per customer through the feed's SMTP server.

The SMTP conversation is driven step by step (``MAIL``, ``RCPT``, ``DATA``, the body, the
server's reply) rather than with ``sendmail``, because where it breaks decides what happened:
before the body is sent nothing went out (try again); once the body with its final dot is
written, the server may have taken the message even if its reply never comes (a person
decides: ``unconfirmed``). The worker is told just before the body goes out.

Each message ends by ``smtp_timeout`` whatever the server does: a watchdog shuts the socket
down, which ends a read blocked on a server that stopped talking.
"""

from __future__ import annotations

import contextlib
import re
import smtplib
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from kiosk.delivery.channel import HandingOver, SecretLookup
from kiosk.delivery.errors import DeliveryError, Outcome
from kiosk.outbox.mail import AddressError, build_email, message_id_for, parse_sender
from kiosk.outbox.routes import EmailRoute, secret_name
from kiosk.outbox.values import DeliveryJob, ReplyChannel
from kiosk.sync.errors import SyncError

__all__ = ["SmtpChannel"]

_LEADING_DOT = re.compile(rb"(?m)^\.")


def _wire(data: bytes) -> bytes:
    """Return a message as the DATA command sends it: leading dots doubled, ending CRLF.CRLF."""
    data = _LEADING_DOT.sub(b"..", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data + b".\r\n"


def _said(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return f"{code} {' '.join(text.split())}"[:300]


def _why(exc: BaseException, expired: bool, timeout: float) -> str:
    if expired or isinstance(exc, socket.timeout | TimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return "it closed the connection"
    # In the words the other channels use, not Python's "[Errno 111] Connection refused".
    if isinstance(exc, ConnectionRefusedError):
        return "it refused the connection: is the mail server running?"
    if isinstance(exc, socket.gaierror):
        return "its host name could not be found: check the server's name"
    return str(exc)[:200] or type(exc).__name__


class _Watchdog:
    """Calls ``cut`` when an armed deadline passes: one thread for the channel's life, since
    starting a timer thread per message costs more than the rest of the bookkeeping."""

    def __init__(self, cut: Callable[[], None]) -> None:
        self._cut = cut
        self._cond = threading.Condition()
        self._deadline: float | None = None
        self._closed = False
        self._thread: threading.Thread | None = None
        self.fired = False

    def arm(self, seconds: float) -> None:
        with self._cond:
            self._deadline = time.monotonic() + seconds
            self.fired = False
            if self._thread is None:
                self._closed = False
                self._thread = threading.Thread(
                    target=self._run, name="kiosk-outbox-smtp-deadline", daemon=True
                )
                self._thread.start()
            self._cond.notify()

    def disarm(self) -> None:
        with self._cond:
            self._deadline = None
            self._cond.notify()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()
            thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(5)

    def _run(self) -> None:
        with self._cond:
            while not self._closed:
                if self._deadline is None:
                    self._cond.wait()
                    continue
                left = self._deadline - time.monotonic()
                if left > 0:
                    self._cond.wait(left)
                    continue
                self._deadline = None
                self.fired = True
                self._cut()


class SmtpChannel:
    """Sends e-mails through one SMTP server, keeping the connection between messages."""

    def __init__(self, route: EmailRoute, secret: SecretLookup) -> None:
        self.route = route
        self._secret = secret
        self._smtp: smtplib.SMTP | None = None
        self._lock = threading.Lock()
        self._watchdog = _Watchdog(self._cut)
        self.where = f"the SMTP server {route.host}:{route.port}"

    # the connection

    def _cut(self) -> None:
        """Shut the socket down, so a call blocked on it returns (any thread)."""
        with self._lock:
            sock = getattr(self._smtp, "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def _drop(self) -> None:
        with self._lock:
            smtp, self._smtp = self._smtp, None
        if smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                smtp.close()

    @contextlib.contextmanager
    def _deadline(self) -> Iterator[_Watchdog]:
        self._watchdog.arm(self.route.timeout)
        try:
            yield self._watchdog
        finally:
            self._watchdog.disarm()

    def _open(self) -> smtplib.SMTP:
        route = self.route
        password = ""
        if route.username:
            name = secret_name(route.feed, ReplyChannel.EMAIL)
            try:
                password = self._secret(name, "SMTP password")
            except SyncError as exc:
                raise DeliveryError(exc.message, Outcome.FAILED, whole_channel=True) from exc
        try:
            context = ssl.create_default_context(cafile=route.ca_bundle)
        except (OSError, ssl.SSLError) as exc:
            raise DeliveryError(
                f"smtp_ca_bundle {route.ca_bundle!r} cannot be read ({exc})",
                Outcome.FAILED,
                whole_channel=True,
            ) from exc
        smtp: smtplib.SMTP
        if route.security == "tls":
            smtp = smtplib.SMTP_SSL(timeout=route.timeout, context=context)
        else:
            smtp = smtplib.SMTP(timeout=route.timeout)
        # Connecting in the constructor would happen before the watchdog can see the socket,
        # and smtplib takes the TLS server name only from the constructor's host: set it.
        smtp._host = route.host  # type: ignore[attr-defined]
        with self._lock:
            self._smtp = smtp
        where = self.where
        try:
            smtp.connect(route.host, route.port)
            smtp.ehlo()
            if route.security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise DeliveryError(
                        f"{where} does not offer STARTTLS; if it takes TLS from the start (port"
                        " 465) set smtp_security = tls",
                        Outcome.FAILED,
                        whole_channel=True,
                    )
                smtp.starttls(context=context)
                smtp.ehlo()
            if route.username:
                smtp.login(route.username, password)
        except DeliveryError:
            self._drop()
            raise
        except smtplib.SMTPAuthenticationError as exc:
            self._drop()
            raise DeliveryError(
                f"{where} rejected the login of {route.username!r}"
                f" ({_said(exc.smtp_code, exc.smtp_error)}); store the right password with"
                f' `voc-kiosk secret set "{secret_name(route.feed, ReplyChannel.EMAIL)}"`',
                Outcome.FAILED,
                whole_channel=True,
            ) from exc
        except smtplib.SMTPNotSupportedError as exc:
            self._drop()
            raise DeliveryError(
                f"{where} offers no login (AUTH) on this connection; leave smtp_username"
                " empty, or use smtp_security = starttls or tls",
                Outcome.FAILED,
                whole_channel=True,
            ) from exc
        except ssl.SSLError as exc:
            self._drop()
            raise DeliveryError(
                f"the secure connection to {where} failed ({exc.reason or exc}); check"
                " smtp_security and smtp_port, or set smtp_ca_bundle to the company's CA",
                Outcome.FAILED,
                whole_channel=True,
            ) from exc
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            raise DeliveryError(
                f"{where} could not be reached"
                f" ({_why(exc, self._watchdog.fired, route.timeout)}); nothing was sent",
                Outcome.RETRY,
                whole_channel=True,
            ) from exc
        return smtp

    def _mail_from(self, from_addr: str) -> tuple[smtplib.SMTP, int, bytes]:
        """Start a message on the kept connection, or on a new one when the server closed
        the kept one while it sat idle (nothing of the message was sent on it)."""
        smtp = self._smtp
        if smtp is not None:
            try:
                code, reply = smtp.mail(from_addr)
                return smtp, code, reply
            except (smtplib.SMTPServerDisconnected, OSError):
                self._drop()
        smtp = self._open()
        code, reply = smtp.mail(from_addr)
        return smtp, code, reply

    # a message

    def deliver(self, job: DeliveryJob, handing_over: HandingOver) -> str | None:
        """Send the customer's e-mail; return its Message-ID."""
        route = self.route
        where = self.where
        recipient = job.recipient
        message_id = message_id_for(route.sender)
        try:
            msg = build_email(
                sender=route.sender,
                reply_to=route.reply_to,
                to_address=recipient.target,
                to_name=recipient.customer_name,
                subject=recipient.subject,
                body=recipient.body,
                message_id=message_id,
                date=datetime.now(UTC),
            )
        except AddressError as exc:
            raise DeliveryError(
                f"the e-mail address cannot be used: {exc}", Outcome.FAILED
            ) from exc
        to_addr = msg["To"].addresses[0].addr_spec
        from_addr = parse_sender(route.sender).addr_spec
        wire = _wire(msg.as_bytes())
        step = "connect"
        with self._deadline() as watchdog:
            try:
                smtp, code, reply = self._mail_from(from_addr)
                step = "envelope"
                if code != 250:
                    raise self._refused(code, reply, f"the sender {from_addr}", whole=True)
                code, reply = smtp.rcpt(to_addr)
                if code not in (250, 251):
                    raise self._refused(code, reply, f"the address {to_addr}")
                code, reply = smtp.docmd("DATA")
                if code != 354:
                    raise self._refused(code, reply, "the message")
                step = "body"
                handing_over(message_id)
                smtp.send(wire)
                step = "reply"
                code, reply = smtp.getreply()
            except DeliveryError:
                self._drop()
                raise
            except (smtplib.SMTPException, OSError) as exc:
                self._drop()
                why = _why(exc, watchdog.fired, route.timeout)
                if step == "reply":
                    raise DeliveryError(
                        f"{where} received the message but did not confirm it ({why}); it may"
                        f" have gone out. Look for Message-ID {message_id} in the server's log"
                        " or the mailbox, then confirm it or send it again",
                        Outcome.UNCONFIRMED,
                    ) from exc
                raise DeliveryError(
                    f"the connection to {where} broke off before the message was sent ({why});"
                    " nothing went out",
                    Outcome.RETRY,
                    whole_channel=True,
                ) from exc
            except BaseException:
                # Whatever else broke (the store, a bug), the conversation is in an unknown
                # state: never reuse it.
                self._drop()
                raise
        if code == 250:
            return message_id
        self._drop()
        raise self._refused(code, reply, "the message")

    def _refused(self, code: int, reply: bytes, what: str, *, whole: bool = False) -> DeliveryError:
        said = _said(code, reply)
        if 400 <= code < 500:
            return DeliveryError(
                f"{self.where} cannot take {what} now ({said}); trying again later",
                Outcome.RETRY,
                whole_channel=whole,
            )
        return DeliveryError(
            f"{self.where} refused {what} ({said})", Outcome.FAILED, whole_channel=whole
        )

    def abort(self) -> None:
        """End a delivery in flight now."""
        self._cut()

    def close(self) -> None:
        """Say goodbye to the server and close the connection."""
        smtp = self._smtp
        if smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                smtp.quit()
        self._drop()
        self._watchdog.close()
