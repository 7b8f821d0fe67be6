"""E-mail for one customer: a checked address and a proper ``EmailMessage``, plain text.

One message per customer, with that customer alone in ``To``: never a list, never a ``Bcc``.
A customer's address is taken only when it is exactly one plain address, so a source field
holding ``"a@x.example, b@y.example"`` reaches nobody rather than two people.
"""

from __future__ import annotations

import re
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from kiosk.outbox.template import one_line

__all__ = ["AddressError", "build_email", "customer_address", "message_id_for", "parse_sender"]

# RFC 5322 "atext" and dots: the local parts real mailboxes have (quoted ones are refused).
_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")
_SENDER = re.compile(r"^\s*(?:(?P<name>[^<>]*?)\s*<(?P<addr>[^<>]+)>|(?P<bare>[^<>\s]+))\s*$")


class AddressError(ValueError):
    """An e-mail address that cannot be used; the message says what is wrong with it."""


def customer_address(text: str) -> str:
    """Return a customer's address checked and with its domain in ASCII (IDNA).

    Raises:
        AddressError: not exactly one plain address ``local@domain.tld``.
    """
    value = text.strip()
    shown = value[:80]
    if not value:
        raise AddressError("the address is empty")
    if any(c.isspace() for c in value) or any(c in value for c in ',;<>()[]"\\:'):
        raise AddressError(f"{shown!r} is not one plain address")
    local, at, domain = value.rpartition("@")
    if not at or not local or not domain:
        raise AddressError(f"{shown!r} has no '@' between a name and a domain")
    if len(local) > 64 or not _LOCAL.fullmatch(local):
        raise AddressError(f"{shown!r}: the part before '@' is not a valid mailbox name")
    try:
        ascii_domain = domain.rstrip(".").encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise AddressError(f"{shown!r}: the domain is not a valid host name") from None
    labels = ascii_domain.split(".")
    if (
        len(labels) < 2
        or len(ascii_domain) > 253
        or not all(_LABEL.fullmatch(label) for label in labels)
        or labels[-1].isdigit()
    ):
        raise AddressError(f"{shown!r}: the domain is not a valid host name")
    return f"{local}@{ascii_domain}"


def parse_sender(text: str) -> Address:
    """Return a configured sender (``"Name <addr>"`` or ``addr``) as an ``Address``.

    Raises:
        AddressError: the text is not a name and one address.
    """
    found = _SENDER.match(text)
    if found is None:
        raise AddressError(f"{text[:80]!r} is not an address or 'Name <address>'")
    addr = customer_address(found.group("addr") or found.group("bare") or "")
    name = one_line(found.group("name") or "").strip('"')
    local, _, domain = addr.rpartition("@")
    return Address(display_name=name, username=local, domain=domain)


def message_id_for(sender: str) -> str:
    """Return a new, globally unique Message-ID in the sender's domain."""
    domain = parse_sender(sender).domain or "voc-kiosk.invalid"
    return make_msgid(idstring="voc-kiosk", domain=domain)


def build_email(
    *,
    sender: str,
    to_address: str,
    to_name: str | None,
    subject: str,
    body: str,
    message_id: str,
    date: datetime,
    reply_to: str = "",
) -> EmailMessage:
    """Return one customer's e-mail: plain text, the customer alone in ``To``.

    Raises:
        AddressError: the customer's or the sender's address cannot be used.
    """
    addr = customer_address(to_address)
    local, _, domain = addr.rpartition("@")
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = parse_sender(sender)
    msg["To"] = Address(display_name=one_line(to_name or ""), username=local, domain=domain)
    if reply_to:
        msg["Reply-To"] = parse_sender(reply_to)
    msg["Subject"] = one_line(subject)
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = message_id
    msg.set_content(body, subtype="plain", charset="utf-8")
    return msg
