"""Origins: an address whose host two parsers could read differently has none."""

from __future__ import annotations

import pytest
from urllib3.util import parse_url

from kiosk.urls import Origin, origin_of


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://example.com/x?y=1#z", Origin("https", "example.com", 443)),
        ("http://Example.COM.:8080", Origin("http", "example.com", 8080)),
        ("http://user@example.com/", Origin("http", "example.com", 80)),
        ("http://[::1]:81/x", Origin("http", "::1", 81)),
        ("http://bücher.example/", Origin("http", "bücher.example", 80)),
        ("  https://padded.example/  ", Origin("https", "padded.example", 443)),
        ("https://share.example/my export.csv", Origin("https", "share.example", 443)),
    ],
)
def test_an_ordinary_address_has_its_origin(url: str, origin: Origin) -> None:
    assert origin_of(url) == origin


@pytest.mark.parametrize(
    "url",
    [
        "http://other.example:81\\@home.example/x",  # urllib3 connects to other.example
        "http://home.example\\.other.example/",
        "http://home.example\t@other.example/",  # urlsplit drops the tab
        "http://home.example\n/x",
        "http://home.example\u00a0@other.example/",
        "http://home.example /x",
        "ftp://home.example/",
        "file:///etc/passwd",
        "http:///no-host",
    ],
)
def test_an_address_read_two_ways_or_not_web_has_none(url: str) -> None:
    assert origin_of(url) is None


def test_where_both_parsers_find_a_host_they_agree() -> None:
    # The library that sends the request must connect where the origin check looked.
    for url in ("http://a.example:8080/p", "https://u:p@b.example/", "http://[::1]:81/"):
        found = origin_of(url)
        sent = parse_url(url)
        assert found is not None
        default = 443 if found.scheme == "https" else 80
        assert found.host == (sent.host or "").strip("[]")
        assert found.port == (sent.port or default)


def test_the_message_about_such_an_address_shows_the_trick_but_no_password() -> None:
    from kiosk.sync.links import LinkPolicy

    policy = LinkPolicy("http://127.0.0.1:8080/items")
    trick = policy.allows("http://127.0.0.2:9\\@127.0.0.1:8080/x")
    assert trick is not None and "127.0.0.2:9\\\\@127.0.0.1:8080" in trick
    secret = policy.allows("http://bob:s3cret@127.0.0.2:9\\@127.0.0.1:8080/x")
    assert secret is not None and "s3cret" not in secret
    assert "bob:…@127.0.0.2:9\\\\@127.0.0.1:8080" in secret  # the trick stays shown
    digits = policy.allows("http://bob:1234!@127.0.0.2:9\\@127.0.0.1:8080/x")
    assert digits is not None and "1234" not in digits
