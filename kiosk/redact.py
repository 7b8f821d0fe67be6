"""Keep secrets out of what people read: query strings hidden in messages and log lines.

A feed's URL may legitimately carry a key in its query string when the key comes from the
keyring (``auth = "query"``), and a server's next-page link may carry a session token. Neither
must reach the screen or the log file: every message and log line goes through
:func:`redact_urls`, which keeps each parameter's name (useful when debugging) and hides its
value.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

__all__ = ["HIDDEN", "redact_url", "redact_urls"]

HIDDEN = "…"
# A query parameter, wherever it appears in a text: after "?" or "&", a name, "=", a value.
# Relative URLs count too: urllib3 reports "Max retries exceeded with url: /items?key=...".
# The value ends before closing punctuation that ends the sentence around the URL ("(… ?p=2);
# took page 3"), which a URL-safe token never ends with.
_PARAM = re.compile(r"([?&][^\s=&#?'\"<>]{1,200}=)([^\s&#'\"<>]*?)(?=[)\];,]*(?:[\s&#'\"<>]|$))")
# A parameter in a path ("/items;api_key=..."), which some servers read like a query's.
_PATH_PARAM = re.compile(
    r"(;[^\s=;/?#&'\"<>]{1,200}=)([^\s;/?#&'\"<>]*?)(?=[)\];,]*(?:[\s;/?#&'\"<>]|$))"
)
# Where path parameters are looked for: an absolute URL, or a path that starts a word ("/nf;
# k=v" in "GET /nf;k=v"), never free text ("text/html;charset=utf-8", "a=1;b=2").
_URL_TOKEN = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://[^\s'\"<>]+|(?<![^\s(\['\"<])/[^\s'\"<>]+")
# userinfo in an absolute URL: scheme://user:password@host
_USERINFO = re.compile(r"(\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^\s/@'\"<>]+@")


def redact_url(url: str) -> str:
    """Return a URL with every query value, path parameter value and any user:password hidden.

    >>> redact_url("https://api.example.com/items?page=2&api_key=s3cret")
    'https://api.example.com/items?page=…&api_key=…'
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return redact_urls(url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    query = "&".join(
        f"{name}={HIDDEN}" if sep else name
        for name, sep, _value in (p.partition("=") for p in parts.query.split("&") if p)
    )
    path = _PATH_PARAM.sub(_hide, parts.path)
    return urlunsplit((parts.scheme, netloc, path, query, parts.fragment))


def redact_urls(text: str) -> str:
    """Return text with the values of every query string in it hidden (and URL passwords)."""
    if "=" not in text and "@" not in text:
        return text
    text = _USERINFO.sub(r"\1", text)
    if ";" in text:
        text = _URL_TOKEN.sub(lambda m: _PATH_PARAM.sub(_hide, m.group(0)), text)
    return _PARAM.sub(_hide, text)


def _hide(match: re.Match[str]) -> str:
    return match.group(1) + HIDDEN
