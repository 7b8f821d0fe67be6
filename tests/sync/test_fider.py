"""The Fider preset against Fider-shaped responses served on loopback."""

from __future__ import annotations

import json

from pytest_httpserver import HTTPServer

from kiosk.model import Kind, Status
from kiosk.store import Store
from kiosk.sync import run_once, set_secret
from tests.sync.conftest import DATA, feed, settings_with

POSTS = json.loads((DATA / "fider_posts.json").read_text())
QUERY = {
    "view": "recent",
    "limit": "all",
    "statuses": "open,planned,started,completed,declined,duplicate",
}


def _sync(store: Store, httpserver: HTTPServer, **options):
    board = feed("ideas", "fider", url=httpserver.url_for("/").rstrip("/"), **options)
    (report,) = run_once(settings_with(board), store)
    return report


def test_fider_posts_become_feedback(
    httpserver: HTTPServer, store: Store, file_keyring: object
) -> None:
    set_secret("ideas", "fider-key")
    httpserver.expect_request(
        "/api/v1/posts", query_string=QUERY, headers={"Authorization": "Bearer fider-key"}
    ).respond_with_json(POSTS)
    report = _sync(store, httpserver)
    assert report.ok, report.error
    assert report.new == 4
    dark = store.get("ideas", "41")
    assert dark is not None
    fb = dark.feedback
    assert fb.text == "Dark mode for the app\n\nThe white screen hurts at night."
    assert (fb.kind, fb.status, fb.votes) == (Kind.IDEA, Status.ACKNOWLEDGED, 18)
    assert fb.response is not None and fb.response.by == "Arya Stark"
    assert fb.customer.name == "Jon Snow"
    assert fb.customer.id == f"fider:localhost:{httpserver.port}:7"
    assert fb.url == httpserver.url_for("/posts/12/dark-mode-for-the-app")
    praise = store.get("ideas", "42")
    crash = store.get("ideas", "43")
    dup = store.get("ideas", "44")
    assert praise is not None and praise.feedback.kind is Kind.COMPLIMENT
    assert praise.feedback.text == "Support was wonderful"
    assert crash is not None and crash.feedback.kind is Kind.COMPLAINT
    assert crash.feedback.status is Status.RESOLVED
    assert dup is not None and dup.feedback.status is Status.DECLINED


def test_vanished_posts_are_withdrawn_after_a_complete_read(
    httpserver: HTTPServer, store: Store
) -> None:
    httpserver.expect_ordered_request("/api/v1/posts").respond_with_json(POSTS)
    httpserver.expect_ordered_request("/api/v1/posts").respond_with_json(POSTS[1:])
    assert _sync(store, httpserver, auth="none").new == 4
    again = _sync(store, httpserver, auth="none")
    assert (again.withdrawn, again.unchanged) == (1, 3)
    gone = store.get("ideas", "41")
    assert gone is not None and gone.withdrawn
    assert store.count() == 3


def test_a_failed_read_hides_nothing(httpserver: HTTPServer, store: Store) -> None:
    httpserver.expect_ordered_request("/api/v1/posts").respond_with_json(POSTS)
    httpserver.expect_ordered_request("/api/v1/posts").respond_with_data(
        json.dumps(POSTS[:1])[:-5], content_type="application/json"
    )
    _sync(store, httpserver, auth="none")
    failed = _sync(store, httpserver, auth="none")
    assert not failed.ok
    assert store.count() == 4


def test_custom_tags_and_etag(httpserver: HTTPServer, store: Store) -> None:
    posts = [dict(POSTS[0], tags=["love-it"])]
    httpserver.expect_ordered_request("/api/v1/posts").respond_with_json(
        posts, headers={"ETag": 'W/"abc"'}
    )
    httpserver.expect_ordered_request(
        "/api/v1/posts", headers={"If-None-Match": 'W/"abc"'}
    ).respond_with_data("", status=304)
    first = _sync(store, httpserver, auth="none", compliment_tags=["love-it"])
    assert first.new == 1
    row = store.get("ideas", "41")
    assert row is not None and row.feedback.kind is Kind.COMPLIMENT
    assert _sync(store, httpserver, auth="none", compliment_tags=["love-it"]).not_modified


def test_a_post_with_tags_that_are_no_list_is_read_as_an_idea(
    httpserver: HTTPServer, store: Store
) -> None:
    odd = [{**POSTS[0], "tags": 5}, {**POSTS[1], "tags": True}, *POSTS[2:]]
    httpserver.expect_request("/api/v1/posts").respond_with_json(odd)
    report = _sync(store, httpserver, auth="none")
    assert report.ok, report.error
    assert report.new == 4
    first = store.get("ideas", "41")
    assert first is not None and first.feedback.kind is Kind.IDEA


def test_a_board_that_answers_no_list_is_told_in_fiders_words(
    httpserver: HTTPServer, store: Store
) -> None:
    httpserver.expect_request("/api/v1/posts").respond_with_json({})
    report = _sync(store, httpserver, auth="none")
    assert not report.ok
    assert "did not answer /api/v1/posts with a list of posts (it sent a dict)" in str(report.error)
    assert "set records" not in str(report.error)


def test_a_fider_feed_keeps_its_own_pass_timeout() -> None:
    from kiosk.sync.sources import SourceContext
    from kiosk.sync.sources.fider import FiderSource

    board = feed("ideas", "fider", url="https://board.example", pass_timeout=60, auth="none")
    assert FiderSource(board, SourceContext()).pass_timeout == 60


def test_a_boards_plural_tags_name_kinds_too(httpserver: HTTPServer, store: Store) -> None:
    """A board that tags "bugs" and "compliments" has no ideas among those posts."""
    posts = [
        dict(POSTS[0], id=1, tags=["bugs"]),
        dict(POSTS[0], id=2, tags=["compliments"]),
        dict(POSTS[0], id=3, tags=["issues", "mobile"]),
        dict(POSTS[0], id=4, tags=["kudos"]),
        dict(POSTS[0], id=5, tags=["news"]),  # no kind: an idea, as every untagged post
    ]
    httpserver.expect_request("/api/v1/posts").respond_with_json(posts)
    assert _sync(store, httpserver, auth="none").new == 5
    kinds = {}
    for ext in "12345":
        row = store.get("ideas", ext)
        assert row is not None
        kinds[ext] = row.feedback.kind
    assert kinds == {
        "1": Kind.COMPLAINT,
        "2": Kind.COMPLIMENT,
        "3": Kind.COMPLAINT,
        "4": Kind.COMPLIMENT,
        "5": Kind.IDEA,
    }
