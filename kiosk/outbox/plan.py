"""Who a message reaches, how, and with what words: recipients worked out from candidate items.

A reply answers one customer's item(s); an announcement answers every customer behind a word,
narrowed by kind, window, channel and segment, optionally leaving out those already answered.
Each customer gets one message, through the reply route of the feed of their newest item that
has one; the message answers all of their items in scope. Customers that cannot be reached are
listed with the reason (asked not to be contacted, no e-mail address, no reply route...), so
the person sending sees them before anything goes out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from kiosk.days import date_of, day_of
from kiosk.model import Kind
from kiosk.outbox.mail import AddressError, customer_address
from kiosk.outbox.routes import (
    EmailRoute,
    FiderRoute,
    NoRoute,
    RecordRoute,
    Route,
    WebhookRoute,
)
from kiosk.outbox.template import (
    TemplateError,
    check_template,
    fill,
    markdown_escape,
    one_line,
    plain_value,
)
from kiosk.outbox.values import (
    FIDER_STATUSES,
    Audience,
    Candidate,
    Draft,
    MessageKind,
    Operation,
    Plan,
    PlannedRecipient,
    ReplyChannel,
    Unreachable,
    Unreached,
)

__all__ = ["FIDER_COMMENT_LIMIT", "DraftError", "check_draft", "plan_message", "test_plan"]

# Fider refuses a comment longer than this many bytes of UTF-8 (its AddNewComment validation
# compares Go's len(), which counts bytes).
FIDER_COMMENT_LIMIT = 4000
_EXCERPT = 200
_POST = re.compile(r"/posts/(\d+)(?:/|$)")


class DraftError(ValueError):
    """A draft that cannot be sent as it is; the message says what to change."""


def check_draft(draft: Draft) -> None:
    """Check what a person wrote before anything is worked out from it.

    Raises:
        DraftError: no sender, an empty message, an unknown Fider status, or a template with
            an unknown or unsafe placeholder (the message says which).
    """
    if not draft.sender.strip():
        raise DraftError("the sender's name is missing: every message says who sent it")
    if not draft.body.strip():
        raise DraftError("the message is empty")
    if draft.kind is MessageKind.ANNOUNCEMENT and not (draft.term_label or draft.term_key):
        raise DraftError("an announcement is about a word: the word is missing")
    if draft.fider_status is not None and draft.fider_status not in FIDER_STATUSES:
        raise DraftError(
            f"{draft.fider_status!r} is not a status for an idea: use one of"
            f" {', '.join(FIDER_STATUSES)}"
        )
    try:
        used = set(check_template(draft.subject, "the subject"))
        used.update(check_template(draft.body, "the message"))
    except TemplateError as exc:
        raise DraftError(str(exc)) from None
    # What the company is doing is what an announcement says; empty, it would send "Here is
    # what we are doing:" followed by nothing. (A reply may say all in its own words, and an
    # empty "when" only drops its line: see ``_render``.)
    announcing = draft.kind is MessageKind.ANNOUNCEMENT
    if announcing and "what_we_do" in used and not draft.what_we_do.strip():
        raise DraftError(
            '"What we are doing" is empty, and the message uses it ({what_we_do}): fill it in,'
            " or take it out of the message"
        )


def _in_audience(candidate: Candidate, audience: Audience) -> bool:
    fb = candidate.row.feedback
    if candidate.row.withdrawn:
        return False
    if audience.kinds and not (candidate.kinds & audience.kinds):
        return False
    if audience.since is not None and fb.created_at < audience.since:
        return False
    if audience.until is not None and fb.created_at >= audience.until:
        return False
    if audience.channels and (fb.channel or "") not in audience.channels:
        return False
    return not (audience.segments and (fb.customer.segment or "") not in audience.segments)


def _post_number(url: str | None, base: str) -> str | None:
    """Return the Fider post number of an item's link, when it is a post of this board."""
    if not url:
        return None
    try:
        parts, home = urlsplit(url), urlsplit(base)
    except ValueError:  # an item's link from a source, broken ("http://[x")
        return None
    if (parts.scheme, parts.netloc.lower()) != (home.scheme, home.netloc.lower()):
        return None
    path = parts.path
    prefix = home.path.rstrip("/")
    if prefix and not path.startswith(prefix + "/"):
        return None
    found = _POST.search(path[len(prefix) :])
    return found.group(1) if found else None


def _first_name(name: str | None, fallback: str) -> str:
    if not name or "@" in name:
        return fallback
    words = one_line(name).split()
    return words[0] if words else fallback


def _values(draft: Draft, newest: Candidate) -> dict[str, str]:
    fb = newest.row.feedback
    name = fb.customer.name if fb.customer.name and "@" not in fb.customer.name else None
    kind = newest.row.kind
    text = one_line(fb.text)
    excerpt = text if len(text) <= _EXCERPT else text[: _EXCERPT - 1].rstrip() + "…"
    return {
        "first_name": _first_name(name, draft.no_name),
        "name": one_line(name) if name else draft.no_name,
        "term": draft.term_label or draft.term_key or "",
        "what_we_do": draft.what_we_do,
        "when_expected": draft.when_expected,
        "sender": draft.sender,
        "kind": "feedback" if kind is Kind.UNCLASSIFIED else kind.value,
        "feedback": excerpt,
        # The office's calendar date, the one its screens show for this item.
        "feedback_date": date_of(day_of(fb.created_at)).isoformat(),
    }


@dataclass(frozen=True, slots=True)
class _Way:
    """How one item's customer is reached, or why not."""

    route: Route
    operation: Operation | None = None
    target: str = ""
    problem: Unreachable | None = None
    detail: str = ""


def _way(draft: Draft, candidate: Candidate, route: Route | None) -> _Way:
    fb = candidate.row.feedback
    if route is None:
        route = NoRoute(fb.feed_id, f"feed {fb.feed_id!r} is not configured any more")
    if isinstance(route, NoRoute):
        return _Way(route, problem=Unreachable.NO_ROUTE, detail=route.reason)
    if isinstance(route, RecordRoute):
        return _Way(route, Operation.RECORD)
    if isinstance(route, WebhookRoute):
        return _Way(route, Operation.WEBHOOK, fb.customer.email or "")
    if isinstance(route, EmailRoute):
        if not fb.customer.email:
            return _Way(route, problem=Unreachable.NO_EMAIL, detail="no e-mail address")
        try:
            address = customer_address(fb.customer.email)
        except AddressError as exc:
            return _Way(route, problem=Unreachable.BAD_EMAIL, detail=f"e-mail address: {exc}")
        return _Way(route, Operation.EMAIL, address)
    assert isinstance(route, FiderRoute)
    number = _post_number(fb.url, route.base_url)
    if number is None:
        return _Way(
            route,
            problem=Unreachable.NO_POST,
            detail=f"item {fb.external_id!r} has no link to a post on {route.base_url}",
        )
    status = draft.fider_status is not None and candidate.row.kind is Kind.IDEA
    return _Way(route, Operation.STATUS if status else Operation.COMMENT, number)


# The sentence of a template line that says when: from the end of the sentence (or of the
# placeholder, "{what_we_do}") before it to its own stop.
_WHEN_SENTENCE = re.compile(r"(?:(?<=[.!?}])|^)[^.!?{}]*\{when_expected\}[^.!?]*[.!?]*")


def _without_empty_when(template: str, values: Mapping[str, str]) -> str:
    """Return the template without its sentences about when to expect it, when that is not
    said: "You can expect to see it ." helps nobody (a refund already made has no date). The
    other sentences of that line stay; a line left empty goes."""
    if values.get("when_expected", "").strip() or "{when_expected}" not in template:
        return template
    kept = []
    for line in template.splitlines(keepends=True):
        if "{when_expected}" not in line:
            kept.append(line)
            continue
        body = line.rstrip("\r\n")
        rest = " ".join(_WHEN_SENTENCE.sub(" ", body).split())
        if rest:
            kept.append(rest + line[len(body) :])
    # The blank line that set the dropped paragraph apart goes with it.
    text = "".join(kept)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


def _render(
    draft: Draft, way: _Way, values: Mapping[str, str]
) -> tuple[str, str, Unreachable | None, str]:
    markdown = way.operation in (Operation.COMMENT, Operation.STATUS)
    escape = (lambda v: markdown_escape(plain_value(v))) if markdown else plain_value
    subject = one_line(fill(draft.subject, values, one_line, "the subject"))
    body = fill(_without_empty_when(draft.body, values), values, escape, "the message")
    if way.operation is Operation.COMMENT:
        size = len(body.encode("utf-8"))
        if size > FIDER_COMMENT_LIMIT:
            return (
                subject,
                body,
                Unreachable.TOO_LONG,
                f"the comment would be {size:,} bytes; Fider takes at most {FIDER_COMMENT_LIMIT:,}",
            )
    return subject, body, None, ""


def plan_message(
    draft: Draft,
    candidates: Sequence[Candidate],
    routes: Mapping[str, Route],
    *,
    audience: Audience | None = None,
    do_not_contact: Mapping[str, str] | None = None,
) -> Plan:
    """Work out who a draft reaches, how, and the message each will receive.

    Args:
        draft: what the person wrote (checked first).
        candidates: the items the message may answer: a customer's item(s) for a reply, every
            item behind the word for an announcement.
        routes: each feed's reply route, by feed name (``kiosk.outbox.routes.routes_of``).
        audience: the narrowing of an announcement (kind, window, channel, segment, leaving
            out the answered); None takes every candidate.
        do_not_contact: customers flagged not to be contacted, with the reason.

    Returns:
        The recipients (one per customer, newest item's route first), those that cannot be
        reached and why, and how many were left out as already answered.

    Raises:
        DraftError: the draft cannot be sent as it is.
    """
    check_draft(draft)
    audience = audience or Audience()
    blocked = do_not_contact or {}
    by_customer: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        if _in_audience(candidate, audience):
            by_customer.setdefault(candidate.row.feedback.customer.id, []).append(candidate)
    recipients: list[PlannedRecipient] = []
    unreached: list[Unreached] = []
    answered = 0
    for key, items in by_customer.items():
        items.sort(key=lambda c: (c.row.feedback.created_at, c.row.id), reverse=True)
        if audience.unanswered_only:
            # Answered as every count has it (the drill-down's "not answered yet", the cloud's
            # gap): by the customer's newest item. An older one left open does not make a
            # customer who was answered since one to write to again.
            if items[0].answered_at is not None:
                answered += 1
                continue
            items = [c for c in items if c.answered_at is None]
        name = items[0].row.feedback.customer.name
        ids = tuple(c.row.id for c in items)
        if key in blocked:
            why = blocked[key]
            detail = f"asked not to be contacted ({why})" if why else "asked not to be contacted"
            unreached.append(Unreached(key, name, Unreachable.DO_NOT_CONTACT, detail, ids))
            continue
        values = _values(draft, items[0])
        first_problem: tuple[Unreachable, str] | None = None
        chosen: PlannedRecipient | None = None
        for candidate in items:
            fb = candidate.row.feedback
            way = _way(draft, candidate, routes.get(fb.feed_id))
            if way.problem is None:
                subject, body, problem, detail = _render(draft, way, values)
                if problem is None:
                    assert way.operation is not None and way.route.channel is not None
                    chosen = PlannedRecipient(
                        key,
                        name,
                        fb.feed_id,
                        way.route.channel,
                        way.operation,
                        way.target,
                        subject,
                        body,
                        tuple(
                            (c.row.id, c.row.feedback.feed_id, c.row.feedback.external_id)
                            for c in items
                        ),
                    )
                    break
                way = replace(way, problem=problem, detail=detail)
            if first_problem is None and way.problem is not None:
                first_problem = (way.problem, way.detail)
        if chosen is not None:
            recipients.append(chosen)
        elif first_problem is not None:
            unreached.append(Unreached(key, name, first_problem[0], first_problem[1], ids))
    return Plan(draft, tuple(recipients), tuple(unreached), answered, audience)


def test_plan(plan: Plan, to_address: str, route: EmailRoute) -> Plan:
    """Return a plan that e-mails the sender the first recipient's message, as a test.

    The test records no answer; its subject starts with "[Test]" and its first line says who
    would receive it and how.

    Raises:
        DraftError: the plan reaches nobody, or ``to_address`` is not an address.
    """
    if not plan.recipients:
        raise DraftError("the message reaches nobody, so there is nothing to test")
    try:
        address = customer_address(to_address)
    except AddressError as exc:
        raise DraftError(f"the test cannot go to {to_address!r}: {exc}") from None
    first = plan.recipients[0]
    who = plain_value(first.customer_name or first.customer_key)
    preface = f"This is a test. {who} will receive this {first.channel.label}:\n\n"
    test = PlannedRecipient(
        customer_key=f"test:{address}",
        customer_name=plan.draft.sender,
        feed_id=route.feed,
        channel=ReplyChannel.EMAIL,
        operation=Operation.EMAIL,
        target=address,
        subject=one_line(f"[Test] {first.subject or plan.draft.term_label or 'message'}"),
        body=preface + first.body,
        items=(),
    )
    return Plan(plan.draft, (test,), (), 0, plan.audience, test=True)
