"""Recipients and reachability: one message per customer, and every one that cannot be reached
is named with the reason before anything is sent."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from kiosk.delivery.compose import plan_announcement, plan_reply, plan_test
from kiosk.model import Kind
from kiosk.outbox.plan import DraftError, plan_message
from kiosk.outbox.routes import EmailRoute, NoRoute, route_of
from kiosk.outbox.values import Audience, Operation, ReplyChannel, Unreachable
from kiosk.settings import FeedConfig
from kiosk.store import Store
from tests.outbox.conftest import NOW, announcement, feedback, mention_term, reply

BOARD = "https://feedback.acme.example"


def feeds(**mail: Any) -> list[FeedConfig]:
    options = {
        "path": "x.csv",
        "reply": "email",
        "smtp_host": "smtp.acme.example",
        "smtp_from": "Acme <support@acme.example>",
        **mail,
    }
    return [
        FeedConfig("mail", "csv", True, 300, options),
        FeedConfig("board", "fider", True, 300, {"url": BOARD}),
        FeedConfig("survey", "csv", True, 300, {"path": "s.csv"}),
        FeedConfig("notes", "csv", True, 300, {"path": "n.csv", "reply": "record"}),
    ]


def test_an_announcement_reaches_each_customer_once_with_their_own_words(store: Store) -> None:
    mention_term(
        store,
        [
            feedback("1", "ann", name="Ann Lee", email_address="ann@example.com"),
            feedback("2", "ann", name="Ann Lee", email_address="ann@example.com", days_ago=3),
            feedback("3", "bob", name="Bob Stone", email_address="bob@example.com"),
        ],
    )
    plan = plan_announcement(store, announcement(), Audience(), feeds())
    assert [r.customer_key for r in plan.recipients] == ["ann", "bob"]
    ann = plan.recipients[0]
    assert ann.channel is ReplyChannel.EMAIL and ann.target == "ann@example.com"
    assert {ext for _id, _feed, ext in ann.items} == {"1", "2"}
    assert ann.subject == "About delivery: what we are doing"
    assert ann.body.startswith("Hello Ann,\n\nYou told us about delivery. We moved to a courier")
    assert "from 1 August" in ann.body and ann.body.endswith("Priya Shah")
    assert plan.by_channel == {ReplyChannel.EMAIL: 2}


def test_who_cannot_be_reached_is_listed_with_the_reason(store: Store) -> None:
    store.set_do_not_contact("dan", reason="asked on the phone", by="Sam")
    mention_term(
        store,
        [
            feedback("1", "ann", email_address="ann@example.com"),
            feedback("2", "cat"),  # no e-mail
            feedback("3", "dan", email_address="dan@example.com"),
            feedback("4", "eve", email_address="eve@example.com, boss@example.com"),
            feedback("5", "fay", feed="survey"),
            feedback("6", "gus", feed="board", url="https://elsewhere.example/posts/9"),
        ],
    )
    plan = plan_announcement(store, announcement(), Audience(), feeds())
    assert [r.customer_key for r in plan.recipients] == ["ann"]
    reasons = {u.customer_key: (u.reason, u.detail) for u in plan.unreachable}
    assert reasons["cat"] == (Unreachable.NO_EMAIL, "no e-mail address")
    assert reasons["dan"] == (
        Unreachable.DO_NOT_CONTACT,
        "asked not to be contacted (asked on the phone)",
    )
    assert (
        reasons["eve"][0] is Unreachable.BAD_EMAIL and "not one plain address" in reasons["eve"][1]
    )
    assert (
        reasons["fay"][0] is Unreachable.NO_ROUTE
        and "'survey' has no reply route" in reasons["fay"][1]
    )
    assert reasons["gus"][0] is Unreachable.NO_POST
    assert plan.unreachable_by_reason[Unreachable.NO_EMAIL] == 1


def test_an_announcement_is_narrowed_by_kind_window_channel_and_segment(store: Store) -> None:
    mention_term(
        store,
        [
            feedback("1", "a", email_address="a@example.com", segment="Business", channel="web"),
            feedback("2", "b", email_address="b@example.com", kind=Kind.COMPLIMENT, channel="web"),
            feedback("3", "c", email_address="c@example.com", days_ago=40, channel="web"),
            feedback("4", "d", email_address="d@example.com", channel="phone"),
            feedback("5", "e", email_address="e@example.com", segment="Consumer", channel="web"),
        ],
    )
    audience = Audience(
        kinds=frozenset({Kind.COMPLAINT}),
        since=NOW - timedelta(days=30),
        channels=frozenset({"web"}),
        segments=frozenset({"Business"}),
    )
    plan = plan_announcement(store, announcement(), audience, feeds())
    assert [r.customer_key for r in plan.recipients] == ["a"]
    wider = plan_announcement(
        store, announcement(), replace(audience, segments=frozenset()), feeds()
    )
    assert sorted(r.customer_key for r in wider.recipients) == ["a", "e"]


def test_customers_already_answered_can_be_left_out(store: Store) -> None:
    mention_term(
        store,
        [feedback(str(i), f"c{i}", email_address=f"c{i}@example.com") for i in range(3)],
    )
    first = plan_announcement(store, announcement(), Audience(), feeds())
    store.queue(replace(first, recipients=first.recipients[:1]))  # c0 answered (queued)
    rows = store.outbox_recipients()
    assert store.claim_delivery() is not None
    store.mark_sent(rows[0].id, "<id@x>")
    again = plan_announcement(store, announcement(), Audience(unanswered_only=True), feeds())
    assert sorted(r.customer_key for r in again.recipients) == ["c1", "c2"]
    assert again.already_answered == 1


def test_fider_customers_get_a_comment_and_ideas_a_status_change(store: Store) -> None:
    mention_term(
        store,
        [
            feedback(
                "p1", "fider:a", feed="board", kind=Kind.COMPLAINT, url=f"{BOARD}/posts/11/slow"
            ),
            feedback("p2", "fider:b", feed="board", kind=Kind.IDEA, url=f"{BOARD}/posts/12/x"),
        ],
    )
    draft = announcement(fider_status="planned", body="[{term}] {what_we_do} — {first_name}")
    plan = plan_announcement(store, draft, Audience(), feeds())
    by_key = {r.customer_key: r for r in plan.recipients}
    assert (by_key["fider:a"].operation, by_key["fider:a"].target) == (Operation.COMMENT, "11")
    assert (by_key["fider:b"].operation, by_key["fider:b"].target) == (Operation.STATUS, "12")
    # Customer data in Markdown is escaped; the person's own template text is not.
    assert (
        by_key["fider:a"].body == r"[delivery] We moved to a courier with next\-day slots\. — there"
    )


def test_a_comment_longer_than_fider_takes_is_caught_before_sending(store: Store) -> None:
    mention_term(store, [feedback("p1", "fider:a", feed="board", url=f"{BOARD}/posts/1")])
    plan = plan_announcement(store, announcement(what_we_do="é" * 2100), Audience(), feeds())
    assert plan.recipients == ()
    assert plan.unreachable[0].reason is Unreachable.TOO_LONG
    assert "4,000" in plan.unreachable[0].detail


def test_a_customer_is_reached_through_the_newest_item_that_has_a_route(store: Store) -> None:
    mention_term(
        store,
        [
            feedback("1", "ann", feed="survey", days_ago=1),
            feedback("2", "ann", feed="mail", email_address="ann@example.com", days_ago=5),
        ],
    )
    plan = plan_announcement(store, announcement(), Audience(), feeds())
    (ann,) = plan.recipients
    assert (ann.feed_id, ann.channel) == ("mail", ReplyChannel.EMAIL)
    assert {ext for _i, _f, ext in ann.items} == {"1", "2"}


def test_a_reply_answers_the_chosen_item(store: Store) -> None:
    ids = mention_term(store, [feedback("1", "ann", feed="notes", name="ann@example.com")])
    plan = plan_reply(store, reply(), ids, feeds())
    (r,) = plan.recipients
    assert r.channel is ReplyChannel.RECORD and r.operation is Operation.RECORD
    assert r.body.startswith("Hi there, thank you.")  # a name that is an address is no name


@pytest.mark.parametrize(
    ("over", "expected"),
    [
        ({"sender": " "}, "sender's name is missing"),
        ({"body": ""}, "message is empty"),
        ({"fider_status": "duplicate"}, "not a status for an idea"),
        ({"subject": "{password}"}, "the subject has an unknown placeholder"),
        ({"term_key": None, "term_label": None}, "the word is missing"),
        ({"what_we_do": "  "}, '"What we are doing" is empty, and the message uses it'),
    ],
)
def test_a_draft_that_cannot_be_sent_says_why(over: dict[str, Any], expected: str) -> None:
    with pytest.raises(DraftError, match=expected):
        plan_message(announcement(**over), [], {})


def test_a_test_goes_to_the_sender_by_e_mail_and_shows_the_real_message(store: Store) -> None:
    mention_term(
        store, [feedback("p1", "fider:a", feed="board", name="Ann", url=f"{BOARD}/posts/3")]
    )
    plan = plan_announcement(store, announcement(), Audience(), feeds())
    test = plan_test(plan, "priya@acme.example", feeds())
    (r,) = test.recipients
    assert test.test and r.channel is ReplyChannel.EMAIL and r.target == "priya@acme.example"
    assert r.subject == "[Test] About delivery: what we are doing"
    assert r.body.startswith("This is a test. Ann will receive this on Fider:\n\n")
    assert r.body.endswith(plan.recipients[0].body)
    with pytest.raises(DraftError, match="no feed answers by e-mail"):
        plan_test(plan, "priya@acme.example", feeds()[1:])


def test_reply_routes_come_from_each_feeds_options() -> None:
    mail, board, survey, notes = feeds()
    email = route_of(mail)
    assert isinstance(email, EmailRoute)
    assert (email.port, email.security, email.username) == (587, "starttls", "")
    assert route_of(board).channel is ReplyChannel.FIDER
    assert isinstance(route_of(survey), NoRoute)
    assert route_of(notes).channel is ReplyChannel.RECORD
    assert route_of(FeedConfig("d", "demo", True, 60, {})).channel is ReplyChannel.RECORD


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"smtp_host": ""}, "smtp_host is missing"),
        ({"smtp_from": "not an address"}, "smtp_from"),
        ({"smtp_security": "ssl"}, "smtp_security 'ssl' is not one of starttls, tls, none"),
        ({"smtp_port": 70000}, "smtp_port 70000 is not between 0 and 65535"),
        (
            {"smtp_security": "none", "smtp_username": "bot"},
            "would send the password unencrypted to smtp.acme.example",
        ),
        ({"reply": "pigeon"}, "reply 'pigeon' is not one of"),
    ],
)
def test_wrong_reply_settings_make_no_route_with_every_problem(
    options: dict[str, Any], expected: str
) -> None:
    route = route_of(feeds(**options)[0])
    assert isinstance(route, NoRoute)
    assert expected in route.reason


def test_a_webhook_must_be_https_except_to_this_machine() -> None:
    def hook(url: str) -> object:
        return route_of(
            FeedConfig("crm", "csv", True, 60, {"reply": "webhook", "webhook_url": url})
        )

    assert isinstance(hook("http://crm.example/hook"), NoRoute)
    assert hook("https://crm.example/hook").channel is ReplyChannel.WEBHOOK  # type: ignore[attr-defined]
    assert hook("http://127.0.0.1:8080/hook").channel is ReplyChannel.WEBHOOK  # type: ignore[attr-defined]
    board = route_of(FeedConfig("b", "fider", True, 60, {"url": BOARD, "auth": "none"}))
    assert isinstance(board, NoRoute) and "without an API key" in board.reason


def test_an_unsaid_when_drops_its_line_rather_than_sending_a_hole(store: Store) -> None:
    mention_term(store, [feedback("1", "ann", name="Ann Lee", email_address="ann@example.com")])
    draft = announcement(
        when_expected="",
        body=(
            "Hello {first_name},\n\n{what_we_do}\n\nYou can expect it {when_expected}.\n\n{sender}"
        ),
    )
    (ann,) = plan_announcement(store, draft, Audience(), feeds()).recipients
    assert ann.body == "Hello Ann,\n\nWe moved to a courier with next-day slots.\n\nPriya Shah"
    # Only the sentence about when goes; the rest of its line stays (helper-32).
    draft = announcement(
        when_expected="",
        body="{what_we_do} You can expect it {when_expected}. Thank you for telling us!\n{sender}",
    )
    (ann,) = plan_announcement(store, draft, Audience(), feeds()).recipients
    assert ann.body == (
        "We moved to a courier with next-day slots. Thank you for telling us!\nPriya Shah"
    )
    # A reply may say everything in its own words: no "what we do" is asked of it.
    assert plan_message(reply(what_we_do="", when_expected=""), [], {}).recipients == ()
