"""The feeds' sources: HTTP JSON, Fider, CSV and the demo, behind one small interface."""

from __future__ import annotations

from kiosk.settings import FeedConfig
from kiosk.sync.errors import FeedConfigError
from kiosk.sync.sources.base import Page, Source, SourceContext

__all__ = ["Page", "Source", "SourceContext", "make_source"]


def make_source(feed: FeedConfig, context: SourceContext | None = None) -> Source:
    """Return the source for a configured feed.

    Raises:
        FeedConfigError: the feed's type is unknown or its options are wrong.
    """
    context = context or SourceContext()
    # Imported here so a kiosk that only runs the demo never imports requests at start-up.
    if feed.type == "http":
        from kiosk.sync.sources.http_json import HttpJsonSource

        return HttpJsonSource(feed, context)
    if feed.type == "fider":
        from kiosk.sync.sources.fider import FiderSource

        return FiderSource(feed, context)
    if feed.type == "csv":
        from kiosk.sync.sources.csv_source import CsvSource

        return CsvSource(feed, context)
    if feed.type == "demo":
        from kiosk.sync.sources.demo import DemoSource

        return DemoSource(feed, context)
    raise FeedConfigError(feed.name, [f"type {feed.type!r} is not one of http, fider, csv, demo"])
