"""Plans from the store, for the compose form: a reply, an announcement, a test to oneself.

Each function reads what it needs from the store (the items, when they were answered, who
asked not to be contacted) and hands it to ``kiosk.outbox.plan``; queue the plan with
``store.queue(plan)`` and ``worker.wake()``. Run them off the UI thread: an announcement
about a busy word reads thousands of items.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from kiosk.outbox.plan import DraftError, plan_message, test_plan
from kiosk.outbox.routes import EmailRoute, FeedLike, routes_of
from kiosk.outbox.values import Audience, Draft, MessageKind, Plan
from kiosk.store import Store
from kiosk.values import day_of

__all__ = ["plan_announcement", "plan_reply", "plan_test"]

# Without a window, an announcement reaches back over everything the kiosk keeps.
_ALL_DAYS = (-(2**31), 2**31)


def _day(dt: datetime | None, default: int) -> int:
    return default if dt is None else day_of(dt)


def plan_reply(
    store: Store, draft: Draft, feedback_ids: Sequence[int], feeds: Iterable[FeedLike]
) -> Plan:
    """Work out a reply to the customer(s) of these items.

    Raises:
        DraftError: the draft is not a reply, or cannot be sent as it is.
    """
    if draft.kind is not MessageKind.REPLY:
        raise DraftError("a reply needs a draft of kind reply")
    candidates = store.reply_candidates(feedback_ids)
    blocked = store.do_not_contact(c.row.feedback.customer.id for c in candidates)
    return plan_message(draft, candidates, routes_of(feeds), do_not_contact=blocked)


def plan_announcement(
    store: Store, draft: Draft, audience: Audience, feeds: Iterable[FeedLike]
) -> Plan:
    """Work out an announcement to everyone behind the draft's word, narrowed by ``audience``.

    Raises:
        DraftError: the draft is not an announcement about a word, or cannot be sent.
    """
    if draft.kind is not MessageKind.ANNOUNCEMENT or not draft.term_key:
        raise DraftError("an announcement needs a draft of kind announcement with its word")
    since = _day(audience.since, _ALL_DAYS[0])
    until = _day(audience.until, _ALL_DAYS[1])
    candidates = store.announcement_candidates(draft.term_key, since, until)
    blocked = store.do_not_contact(c.row.feedback.customer.id for c in candidates)
    return plan_message(
        draft, candidates, routes_of(feeds), audience=audience, do_not_contact=blocked
    )


def plan_test(plan: Plan, to_address: str, feeds: Iterable[FeedLike]) -> Plan:
    """Return a test of the plan e-mailed to ``to_address`` ("send a test to me").

    It goes through the e-mail route of the first recipient's feed, or else of any feed that
    answers by e-mail.

    Raises:
        DraftError: no feed answers by e-mail, or the plan reaches nobody.
    """
    routes = routes_of(feeds)
    preferred = [r.feed_id for r in plan.recipients[:1]]
    for name in [*preferred, *routes]:
        route = routes.get(name)
        if isinstance(route, EmailRoute):
            return test_plan(plan, to_address, route)
    raise DraftError(
        "no feed answers by e-mail, so a test cannot be sent: set one feed's reply to email"
    )
