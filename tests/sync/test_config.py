"""Feed options are checked before any request, with every problem named."""

from __future__ import annotations

import pytest

from kiosk.store import Store
from kiosk.sync import FeedConfigError, SyncError, make_source, run_once
from tests.sync.conftest import MAPPING, feed, settings_with


@pytest.mark.parametrize(
    ("type_", "options", "expected"),
    [
        ("http", {"mapping": MAPPING}, "url: missing"),
        ("http", {"url": "ftp://x/y", "mapping": MAPPING}, "must start with http:// or https://"),
        (
            "http",
            {"url": "http://x/", "mapping": MAPPING, "pagination": "pages"},
            "pagination: 'pages' is not one of 'none', 'next_field', 'link_header', 'page',",
        ),
        ("http", {"url": "http://x/", "mapping": MAPPING, "paginaton": "page"}, "unknown option"),
        ("http", {"url": "http://x/"}, "mapping.external_id: no field picked for the id"),
        ("http", {"url": "http://x/", "mapping": {"txt": "a"}}, "unknown field 'txt'"),
        ("http", {"url": "http://x/", "mapping": MAPPING, "auth": "header"}, "auth_header"),
        ("http", {"url": "http://x/", "mapping": MAPPING, "auth": "basic"}, "username"),
        ("http", {"url": "http://x/", "mapping": MAPPING, "page_size": 0}, "page_size: 0 is below"),
        ("http", {"url": "http://x/", "mapping": MAPPING, "read_timeout": "5"}, "a number"),
        ("fider", {}, "url: missing"),
        ("fider", {"url": "https://f/", "auth": "basic"}, "auth: 'basic' is not one of"),
        ("csv", {}, "path: missing (url is not set)"),
        ("csv", {"path": "a.csv", "url": "https://x/a.csv"}, "set only one of path"),
        ("csv", {"path": "a.csv", "encoding": "klingon"}, "not a known text encoding"),
        ("csv", {"path": "a.csv", "delimiter": ";;"}, "must be one character"),
        ("demo", {"count": -1}, "count: -1 is below the minimum 0"),
    ],
)
def test_bad_options_are_reported_by_key(type_: str, options: dict, expected: str) -> None:
    with pytest.raises(FeedConfigError) as err:
        make_source(feed("f", type_, **options))
    assert expected in str(err.value)
    assert str(err.value).startswith("feed 'f' is not set up correctly: ")


def test_run_once_reports_a_misconfigured_feed_and_goes_on(store: Store) -> None:
    bad = feed("bad", "http")
    good = feed("demo", "demo", count=10)
    reports = run_once(settings_with(bad, good), store)
    assert [r.ok for r in reports] == [False, True]
    assert "url: missing" in str(reports[0])


def test_run_once_with_an_unknown_feed_name(store: Store) -> None:
    with pytest.raises(SyncError, match=r"no feed named 'nope' \(feeds: demo\)"):
        run_once(settings_with(feed("demo", "demo", count=1)), store, feed="nope")


def test_run_once_runs_a_named_disabled_feed(store: Store) -> None:
    from kiosk.settings import FeedConfig

    off = FeedConfig("demo", "demo", False, 60, {"count": 5})
    assert run_once(settings_with(off), store) == []
    (report,) = run_once(settings_with(off), store, feed="demo")
    assert report.ok and report.new == 5


def test_ca_bundle_must_be_a_file(tmp_path) -> None:
    with pytest.raises(FeedConfigError, match=r"ca_bundle: .* is not a file"):
        make_source(feed("f", url="https://x/", mapping=MAPPING, ca_bundle=str(tmp_path / "no")))
    pem = tmp_path / "proxy.pem"
    pem.write_text("-----BEGIN CERTIFICATE-----\n")
    source = make_source(feed("f", url="https://x/", mapping=MAPPING, ca_bundle=str(pem)))
    source.close()
