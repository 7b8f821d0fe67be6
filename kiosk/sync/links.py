"""Where a feed may go: its credentials reach only the origin it was configured with.

An origin is (scheme, host, port). A feed's secret (a bearer token, an API-key header, a
basic-auth password, a key in the query) is sent only to the origin of its configured URL.
A next-page link, a redirect or a saved resume cursor that points anywhere else is refused
with a message naming both hosts, unless the admin listed that origin in the feed's
``follow_hosts``: then it is followed, without the credentials. Only ``http`` and ``https``
are ever followed; ``file:``, ``ftp:`` and the rest never are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from kiosk.redact import redact_url
from kiosk.sync.errors import SyncError
from kiosk.urls import Origin, origin_of, parse_origin

__all__ = ["LinkPolicy", "Origin", "origin_of", "parse_origin"]


# Schemes read letter by letter whose first letter sounds like a vowel: "an ftp: link".
_SPELLED_WITH_A_VOWEL = frozenset(
    {"ftp", "ftps", "sftp", "smb", "ssh", "ldap", "ldaps", "nntp", "rtsp", "rtmp", "sms", "mms"}
)


def _without_password(netloc: str) -> str:
    """Return a URL's host part with any password in its user info hidden.

    A port and the character that hides it ("other:81\\@home") stay shown: they are the
    trick the message is about.
    """
    info, at, rest = netloc.partition("@")
    if not at or ":" not in info:
        return netloc
    user, password = info.split(":", 1)
    if re.fullmatch(r"\d{1,5}\\", password):
        return netloc  # "other:81\\": a port and a backslash, not a password
    return f"{user}:…@{rest}"


class LinkPolicy:
    """Decide whether a URL may be requested, and whether with the feed's credentials.

    Args:
        home: the feed's configured URL; its origin is the only one credentials go to.
        follow: origins the admin allows links and redirects to (without credentials).
    """

    def __init__(self, home: str, follow: Iterable[Origin] = ()) -> None:
        origin = origin_of(home)
        if origin is None:
            raise ValueError(f"not an http(s) URL: {home!r}")
        self.home = origin
        self.follow = frozenset(follow)

    def credentials_for(self, url: str, what: str, *, advise: bool = True) -> bool:
        """Return whether ``url`` may carry the credentials; raise when it may not be fetched.

        Args:
            url: an absolute URL the feed is about to request.
            what: what the URL came from, for the message ("the next-page link").
            advise: whether the message may suggest follow_hosts (not for a saved resume
                point, which no server sent this pass: the advice would be wrong there).

        Raises:
            SyncError: the URL is not http(s), or points to another origin not allowed.
        """
        origin = origin_of(url)
        if origin is None:
            scheme = urlsplit(url).scheme.lower() if ":" in url else ""
            if scheme in ("http", "https"):
                # The host part as it came (repr shows a backslash or a control character):
                # redacted, its user info would hide the very part that misleads. Only a
                # password in it is hidden.
                netloc = _without_password(urlsplit(url.strip()).netloc)
                raise SyncError(
                    f"{what} is not a well-formed web address: its host part {netloc[:100]!r}"
                    " can be read as two different hosts, so it was not followed and the"
                    f" feed's credentials stay with {self.home.host}",
                    transient=False,
                )
            article = "an" if scheme[:1] in "aeiou" or scheme in _SPELLED_WITH_A_VOWEL else "a"
            shown = f"{article} {scheme}: link" if scheme else "a link that is not a web address"
            raise SyncError(
                f"{what} is {shown} ({redact_url(url)[:200]}); only http and https links are"
                " followed",
                transient=False,
            )
        if origin == self.home:
            return True
        if origin in self.follow:
            return False
        advice = (
            f" (if {origin} is right, add it to the feed's follow_hosts: it is then followed"
            " without credentials)"
            if advise
            else ""
        )
        raise SyncError(
            f"{what} points to {origin}, another host than the feed's {self.home}; it was not"
            f" followed, so the feed's credentials stay with {self.home.host}{advice}",
            transient=False,
        )

    def allows(self, url: str) -> str | None:
        """Return why a saved ``url`` may not be requested at all, or None when it may."""
        try:
            self.credentials_for(url, "the link", advise=False)
        except SyncError as exc:
            return exc.message
        return None
