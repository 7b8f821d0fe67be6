"""Test a feed's connection: read its first page as a sync would, store nothing, tell all.

The settings dialog runs this on a worker when an admin presses "Test connection": what
answered (status, content type, time), how many records, the first ones mapped as the kiosk
would store them, the records skipped and why, and the fields the source sent, so the admin
maps text, date, customer, kind and rating by picking from them. Every failure is the plain
message the sync itself gives.
"""

from __future__ import annotations

import time
from typing import Any

from kiosk.model import Feedback
from kiosk.screens import ConnectionTest, ItemPreview
from kiosk.settings import FeedConfig
from kiosk.sync.errors import SyncError
from kiosk.sync.sources import SourceContext, make_source

__all__ = ["PREVIEW_ITEMS", "probe_feed"]

PREVIEW_ITEMS = 20
_PREVIEW_CHARS = 200


def _preview(fb: Feedback) -> ItemPreview:
    text = " ".join(fb.text.split())
    if len(text) > _PREVIEW_CHARS:
        text = text[: _PREVIEW_CHARS - 1] + "…"
    kind = fb.kind.value if fb.kind_source.labelled and fb.kind.value != "unclassified" else ""
    return ItemPreview(
        external_id=fb.external_id,
        created=f"{fb.created_at:%Y-%m-%d %H:%M}",
        customer=fb.customer.name or fb.customer.id,
        kind=kind or "(the analysis decides)",
        rating=str(fb.rating) if fb.rating is not None else "",
        text=text,
    )


def probe_feed(
    feed: FeedConfig, *, secret: str | None = None, max_response_mb: float = 50.0
) -> ConnectionTest:
    """Read a feed's first page and report on it; nothing is stored.

    Args:
        feed: the feed as the dialog has it now (saved or not).
        secret: a secret typed in and not saved yet; None uses the keyring's.
        max_response_mb: the kiosk's size limit.
    """
    started = time.perf_counter()
    context = SourceContext(max_response_mb=max_response_mb, secret=secret)
    try:
        source = make_source(feed, context)
    except SyncError as exc:
        return ConnectionTest(False, exc.message)
    try:
        source.begin_pass()
        page = next(iter(source.pages(None)), None)
    except SyncError as exc:
        return _failed(source, exc.message, started)
    except Exception as exc:  # a connection test must never take the dialog down
        return _failed(source, f"an unexpected error ({type(exc).__name__}: {exc})", started)
    finally:
        source.close()
    seconds = time.perf_counter() - started
    status, content_type = _answer(source)
    if page is None or page.not_modified:
        return ConnectionTest(True, "the source answered, with nothing new", status,
                              content_type, seconds)  # fmt: skip
    items = tuple(_preview(fb) for fb in page.items[:PREVIEW_ITEMS])
    skipped = tuple(source.skips.reasons)
    records = page.records
    message = (
        f"{records:,} record{'s' if records != 1 else ''} on the first page:"
        f" {len(page.items):,} usable, {source.skips.skipped:,} skipped"
    )
    return ConnectionTest(
        True,
        message,
        status,
        content_type,
        seconds,
        records,
        source.last_fields,
        items,
        skipped,
    )


def _answer(source: Any) -> tuple[int | None, str]:
    client = getattr(source, "client", None)
    last = getattr(client, "last_answer", None) if client is not None else None
    if last is None:
        return None, ""
    return int(last[0]), str(last[1]).split(";")[0].strip()


def _failed(source: Any, message: str, started: float) -> ConnectionTest:
    status, content_type = _answer(source)
    return ConnectionTest(
        False,
        message,
        status,
        content_type,
        time.perf_counter() - started,
        fields=tuple(source.last_fields),
    )
