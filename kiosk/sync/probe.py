"""Test a feed's connection: read its first page as a sync would, store nothing, tell all.

The settings dialog runs this on a worker when an admin presses "Test connection": what
answered (status, content type, time), how many records, the first ones mapped as the kiosk
would store them, the records skipped and why, and the fields the source sent, so the admin
maps text, date, customer, kind and rating by picking from them. Every failure is the plain
message the sync itself gives.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from kiosk.model import FIELD_LABELS, Feedback
from kiosk.screens import ConnectionTest, ItemPreview
from kiosk.settings import FeedConfig
from kiosk.sync.errors import FeedConfigError, SyncError
from kiosk.sync.feedoptions import FeedOptions
from kiosk.sync.mapping import RecordMapper, shown_fields, suggest_mapping
from kiosk.sync.sources import Source, SourceContext, make_source

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


def _source(feed: FeedConfig, context: SourceContext) -> Source:
    """Return the source a test reads: a Web API's even before its mapping is complete (the
    test is how the admin learns what to map), looking for its records if it says nowhere."""
    if feed.type != "http":
        return make_source(feed, context)
    from kiosk.sync.sources.http_json import HttpJsonSource

    opts = FeedOptions(feed)
    try:
        mapper = RecordMapper(
            feed.name,
            opts["mapping"],
            opts["defaults"],
            opts["date_formats"],
            rating_scale=opts["rating_scale"],
        )
    except ValueError as exc:
        raise FeedConfigError(feed.name, [f"mapping: {exc}"]) from None
    source = HttpJsonSource(feed, context, opts, mapper)
    source.guess_records = True
    return source


def _names(fields: Sequence[str]) -> str:
    labels = [FIELD_LABELS[f] for f in fields]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def probe_feed(
    feed: FeedConfig, *, secret: str | None = None, max_response_mb: float = 50.0
) -> ConnectionTest:
    """Read a feed's first page and report on it; nothing is stored.

    A Web API feed is read whatever its mapping: with fields still to pick, the test says
    which, offers every field the source sent, and suggests the plain matches.

    Args:
        feed: the feed as the dialog has it now (saved or not).
        secret: a secret typed in and not saved yet; None uses the keyring's.
        max_response_mb: the kiosk's size limit.
    """
    started = time.perf_counter()
    context = SourceContext(max_response_mb=max_response_mb, secret=secret)
    try:
        source = _source(feed, context)
    except SyncError as exc:
        return ConnectionTest(False, exc.message)
    try:
        source.begin_pass()
        page = next(iter(source.pages(None)), None)
    except SyncError as exc:
        missing = tuple(getattr(source, "missing_columns", ()))
        if missing and source.last_fields:
            return _columns_to_pick(source, missing, started)
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
    records = page.records
    fields = shown_fields(source.last_fields)
    found_at = getattr(source, "records_found_at", None)
    mapper = getattr(source, "mapper", None)
    to_pick = tuple(mapper.missing_required()) if isinstance(mapper, RecordMapper) else ()
    if to_pick:
        where = ""
        if found_at is not None:
            where = f" (found under “{found_at}”)" if found_at else " (the answer is the list)"
        suggested = suggest_mapping(source.last_records, fields, to_pick)
        return ConnectionTest(
            True,
            f"the source answered with {records:,} record{'s' if records != 1 else ''}{where};"
            f" to read them, pick the field that holds each record's {_names(to_pick)}",
            status,
            content_type,
            seconds,
            records,
            fields,
            records_at=found_at,
            to_pick=to_pick,
            suggested=tuple(suggested.items()),
        )
    items = tuple(_preview(fb) for fb in page.items[:PREVIEW_ITEMS])
    skipped = tuple(source.skips.reasons)
    message = (
        f"{records:,} record{'s' if records != 1 else ''} on the first page:"
        f" {len(page.items):,} usable, {source.skips.skipped:,} skipped"
        + (f", {source.skips.blank:,} left blank" if source.skips.blank else "")
    )
    if found_at:
        message += f" (found under “{found_at}”)"
    return ConnectionTest(
        True,
        message,
        status,
        content_type,
        seconds,
        records,
        fields,
        items,
        skipped,
        records_at=found_at,
    )


def _columns_to_pick(source: Source, missing: tuple[str, ...], started: float) -> ConnectionTest:
    """A file that was read, but whose columns for some required fields were not found."""
    status, content_type = _answer(source)
    columns = source.last_fields
    return ConnectionTest(
        True,
        f"the file has {len(columns)} column{'s' if len(columns) != 1 else ''}; to read it,"
        f" pick the column that holds each row's {_names(missing)}",
        status,
        content_type,
        time.perf_counter() - started,
        fields=tuple(columns),
        to_pick=missing,
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
        fields=shown_fields(source.last_fields),
    )
