"""Web addresses as the kiosk reasons about them: origins, and whether a link is a web link.

Qt-free and network-free: the settings check addresses with it, the feeds bind credentials to
origins with it (``kiosk.sync.links``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["Origin", "is_web_url", "origin_of", "parse_origin"]

_DEFAULT_PORTS = {"http": 80, "https": 443}
# What RFC 3986 allows in an authority (user info, host, port). Anything else is read one way
# by one parser and another way by the next: urlsplit takes "http://other:81\\@home/" for
# home, while urllib3, which sends the request, connects to other. Such an address, and one
# with control characters anywhere (urlsplit quietly drops tabs and line breaks), has no
# origin here, so nothing is ever sent to it. A space is refused in the host part only: a
# path with one ("/my export.csv") is sent encoded.
# Letters beyond ASCII stay allowed (an internationalised host name; urlsplit refuses those
# that fold into a delimiter), white space of any script does not.
_AUTHORITY = re.compile(r"(?:[A-Za-z0-9\-._~%!$&'()*+,;=:@\[\]]|[^\x00-\x7f\s])+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Origin:
    """A URL's scheme, host and port: the unit that credentials are bound to."""

    scheme: str
    host: str
    port: int

    def __str__(self) -> str:
        default = _DEFAULT_PORTS.get(self.scheme)
        host = f"[{self.host}]" if ":" in self.host else self.host
        port = "" if self.port == default else f":{self.port}"
        return f"{self.scheme}://{host}{port}"


def origin_of(url: str) -> Origin | None:
    """Return the origin of an http(s) URL, or None for any other scheme or a malformed URL."""
    url = url.strip()
    if _CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url)
        if not _AUTHORITY.fullmatch(parts.netloc):
            return None
        scheme = parts.scheme.lower()
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port
    except ValueError:
        return None
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    return Origin(scheme, host, port if port is not None else _DEFAULT_PORTS[scheme])


def parse_origin(text: str) -> Origin | None:
    """Return the origin an allow-list entry names ("https://cdn.example.com[:port]")."""
    found = origin_of(text)
    if found is None:
        return None
    path = urlsplit(text.strip()).path
    return found if path in ("", "/") else None


def is_web_url(url: str) -> bool:
    """Whether a text is an absolute http or https address with a host."""
    return origin_of(url) is not None
