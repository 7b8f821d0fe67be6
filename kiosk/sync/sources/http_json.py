"""Feedback from any REST API that answers in JSON.

Options (``[[feeds]]`` with ``type = "http"``; secrets never go here, see
:mod:`kiosk.sync.credentials`):

``url`` (required)
    The endpoint, ``http://`` or ``https://``.
``params`` / ``headers``
    Tables of query parameters and extra request headers sent with the first request.
``auth``
    ``none`` (default), ``bearer`` (``Authorization: Bearer <secret>``), ``basic`` (``username``
    plus the secret as password) or ``header`` (the secret in the header named
    ``auth_header``, e.g. ``X-Api-Key``).
``records``
    Dotted path to the list of records in the response (``data.items``); empty or absent for
    a response that is the list itself.
``pagination``
    ``none`` (default); ``next_field``: the dotted path ``next_field`` holds the next page's
    URL (absolute or relative), or, with ``next_param`` set, a token sent in that query
    parameter; ``link_header``: an RFC 8288 ``Link: <...>; rel="next"`` header; ``page``:
    ``page_param`` (default ``page``) from ``first_page`` (default 1) with ``size_param``
    (default ``per_page``) = ``page_size``; ``offset``: ``offset_param`` (default ``offset``)
    and ``limit_param`` (default ``limit``) = ``page_size``. Page and offset paging stop at the
    first short page. ``max_pages`` (default 10000) guards against a loop.
``since_param``, ``since_format``
    Incremental fetch: the query parameter that takes the newest ``updated_at`` seen so far,
    formatted ``iso`` (default), ``epoch`` or ``epoch_ms``.
``mapping``, ``defaults``, ``date_formats``
    Where each Feedback field is in a record (see :mod:`kiosk.sync.mapping`); fixed values for
    fields the records lack; extra ``strptime`` date patterns.
``snapshot``
    ``true`` when every pass returns everything (then vanished items are withdrawn after a
    complete read); default ``false``.
``connect_timeout`` (10 s), ``read_timeout`` (30 s), ``total_timeout`` (300 s),
``max_response_mb`` (the ``sync.max_response_mb`` setting), ``ca_bundle`` (a PEM file for
a company proxy; TLS is always verified).

Conditional requests (``ETag`` / ``Last-Modified``) are made on the first page of every pass; a
304 ends the pass at no cost. A pass killed between pages resumes at the page after the last
one committed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests.utils

from kiosk.settings import FeedConfig
from kiosk.sync.credentials import require_secret
from kiosk.sync.errors import SyncError
from kiosk.sync.feedoptions import FeedOptions
from kiosk.sync.httpclient import HttpClient, HttpResponse, Limits, parse_json
from kiosk.sync.mapping import RecordMapper, get_path
from kiosk.sync.sources.base import Page, Source, SourceContext, dump_cursor, load_cursor

__all__ = ["PAGINATION_STYLES", "HttpJsonSource", "read_limits"]

log = logging.getLogger("kiosk.sync")

PAGINATION_STYLES = ("none", "next_field", "link_header", "page", "offset")
AUTH_TYPES = ("none", "bearer", "basic", "header")


def read_limits(opts: FeedOptions, context: SourceContext) -> Limits:
    """Read the timeout, size and CA bundle options every HTTP-based source shares."""
    mb = opts.number("max_response_mb", context.max_response_mb, minimum=0.001, maximum=4096)
    ca_bundle = opts.text("ca_bundle")
    if ca_bundle:
        ca_bundle = str(Path(ca_bundle).expanduser())
        if not Path(ca_bundle).is_file():
            opts.problems.append(f"ca_bundle {ca_bundle!r} is not a file (a PEM certificate file)")
    return Limits(
        connect_timeout=opts.number("connect_timeout", 10.0, minimum=0.01, maximum=300),
        read_timeout=opts.number("read_timeout", 30.0, minimum=0.01, maximum=3600),
        total_timeout=opts.number("total_timeout", 300.0, minimum=0.1, maximum=86_400),
        max_bytes=int(mb * 1024 * 1024),
        ca_bundle=ca_bundle or None,
    )


def _check_url(opts: FeedOptions, url: str | None, key: str = "url") -> str:
    if not url:
        return ""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https") or not urlsplit(url).netloc:
        opts.problems.append(f"{key} {url!r} must start with http:// or https://")
    return url


class HttpJsonSource(Source):
    """Pages of JSON records from a REST endpoint.

    Raises (on construction):
        FeedConfigError: the options are incomplete or wrong, every problem listed.
    """

    def __init__(
        self,
        feed: FeedConfig,
        context: SourceContext,
        opts: FeedOptions | None = None,
        mapper: RecordMapper | None = None,
    ) -> None:
        super().__init__(feed, context)
        opts = opts or FeedOptions(feed)
        self.url = _check_url(opts, opts.text("url", required=True))
        self.params: dict[str, Any] = opts.table("params")
        self.headers = {str(k): str(v) for k, v in opts.table("headers").items()}
        self.auth = opts.text("auth", "none", choices=AUTH_TYPES) or "none"
        self.auth_header = opts.text("auth_header")
        self.username = opts.text("username")
        if self.auth == "header" and not self.auth_header:
            opts.problems.append("auth_header is missing (the header that carries the key)")
        if self.auth == "basic" and not self.username:
            opts.problems.append("username is missing (basic auth needs it)")
        self.records_path = opts.text("records", "") or ""
        self.pagination = opts.text("pagination", "none", choices=PAGINATION_STYLES) or "none"
        self.next_field = opts.text("next_field", "next") or "next"
        self.next_param = opts.text("next_param")
        self.page_param = opts.text("page_param", "page") or "page"
        self.size_param = opts.text("size_param", "per_page") or "per_page"
        self.offset_param = opts.text("offset_param", "offset") or "offset"
        self.limit_param = opts.text("limit_param", "limit") or "limit"
        self.page_size = opts.integer("page_size", 100, minimum=1, maximum=100_000)
        self.first_page = opts.integer("first_page", 1, minimum=0, maximum=1)
        self.max_pages = opts.integer("max_pages", 10_000, minimum=1, maximum=10_000_000)
        self.since_param = opts.text("since_param")
        self.since_format = (
            opts.text("since_format", "iso", choices=("iso", "epoch", "epoch_ms")) or "iso"
        )
        self.snapshot = opts.flag("snapshot", type(self).snapshot)
        limits = read_limits(opts, context)
        if mapper is None:
            mapping = opts.table("mapping")
            defaults = opts.table("defaults")
            formats = opts.strings("date_formats")
            try:
                mapper = RecordMapper(feed.name, mapping, defaults, formats)
            except ValueError as exc:
                opts.problems.append(f"mapping: {exc}")
                mapper = RecordMapper(feed.name, {})
            for missing in mapper.missing_required():
                opts.problems.append(f"mapping.{missing} is missing (where the {missing} is)")
        self.mapper = mapper
        opts.finish()
        self.client = HttpClient(limits, context.cancelled)

    def close(self) -> None:
        """Close the HTTP session."""
        self.client.close()

    # requests

    def _auth(self) -> tuple[dict[str, str], tuple[str, str] | None]:
        headers = dict(self.headers)
        if self.auth == "bearer":
            headers["Authorization"] = "Bearer " + require_secret(self.feed.name, "token")
        elif self.auth == "header":
            assert self.auth_header is not None
            headers[self.auth_header] = require_secret(self.feed.name, "API key")
        elif self.auth == "basic":
            assert self.username is not None
            return headers, (self.username, require_secret(self.feed.name, "password"))
        return headers, None

    def _first_request(self, since: str | None) -> tuple[str, dict[str, Any]]:
        params = dict(self.params)
        if since and self.since_param:
            params[self.since_param] = since
        if self.pagination == "page":
            params[self.page_param] = self.first_page
            params[self.size_param] = self.page_size
        elif self.pagination == "offset":
            params[self.offset_param] = 0
            params[self.limit_param] = self.page_size
        return self.url, params

    def _next_request(
        self, url: str, params: dict[str, Any], resp: HttpResponse, doc: Any, count: int
    ) -> tuple[str, dict[str, Any]] | None:
        style = self.pagination
        if style == "next_field":
            nxt = get_path(doc, self.next_field)
            if nxt in (None, "", False):
                return None
            if self.next_param:
                return url, {**params, self.next_param: nxt}
            if not isinstance(nxt, str):
                raise SyncError(
                    f"the next-page field {self.next_field!r} holds {nxt!r}, not a link;"
                    " set next_param if it is a token",
                    transient=False,
                )
            # The link carries its own query; the current one would duplicate parameters.
            return urljoin(resp.url, nxt), {}
        if style == "link_header":
            link = resp.headers.get("Link") or resp.headers.get("link")
            if not link:
                return None
            for entry in requests.utils.parse_header_links(link):
                rels = str(entry.get("rel", "")).split()
                if "next" in rels and entry.get("url"):
                    return urljoin(resp.url, entry["url"]), {}
            return None
        if style == "page":
            if count < self.page_size or count == 0:
                return None
            return url, {**params, self.page_param: int(params[self.page_param]) + 1}
        if style == "offset":
            if count < self.page_size or count == 0:
                return None
            return url, {**params, self.offset_param: int(params[self.offset_param]) + count}
        return None

    def _since_value(self, when: datetime) -> str:
        if self.since_format == "epoch":
            return str(int(when.timestamp()))
        if self.since_format == "epoch_ms":
            return str(int(when.timestamp() * 1000))
        return when.isoformat().replace("+00:00", "Z")

    def records_of(self, doc: Any, resp: HttpResponse) -> list[Any]:
        """Return the list of records in a decoded response.

        Raises:
            SyncError: there is no list where the records should be.
        """
        records = get_path(doc, self.records_path) if self.records_path else doc
        if isinstance(records, list):
            return records
        where = f"at {self.records_path!r}" if self.records_path else "at the top level"
        hint = ""
        if isinstance(doc, dict) and not self.records_path:
            hint = f"; set records to the key that holds them (it has {', '.join(list(doc)[:8])})"
        found = "nothing" if records is None else f"a {type(records).__name__}"
        raise SyncError(
            f"expected a list of records {where} of the response from"
            f" {urlsplit(resp.url).netloc}, found {found}{hint}",
            transient=False,
        )

    # the pass

    def pages(self, cursor: str | None) -> Iterator[Page]:
        """Yield pages from the saved cursor on (resuming a broken pass where it stopped)."""
        state = load_cursor(cursor)
        since: str | None = state.get("since")
        etag: str | None = state.get("etag")
        last_modified: str | None = state.get("last_modified")
        resume = state.get("resume") if not self.snapshot else None
        high: str | None = None
        conditional = True
        if isinstance(resume, dict) and isinstance(resume.get("url"), str):
            url, params = resume["url"], dict(resume.get("params") or {})
            high = state.get("high")
            conditional = False
            log.info("feed %r resumes an unfinished pass at %s", self.feed.name, url)
        else:
            url, params = self._first_request(since)
        headers, auth = self._auth()
        newest = datetime.fromisoformat(high) if high else None
        count = 0
        while True:
            self.check_cancelled()
            request_headers = dict(headers)
            if conditional:
                if etag:
                    request_headers["If-None-Match"] = etag
                if last_modified:
                    request_headers["If-Modified-Since"] = last_modified
            resp = self.client.get(url, params=params, headers=request_headers, auth=auth)
            if resp.not_modified:
                yield Page([], None, final=True, not_modified=True)
                return
            if conditional:
                etag = resp.headers.get("ETag")
                last_modified = resp.headers.get("Last-Modified")
                conditional = False
            doc = parse_json(resp)
            records = self.records_of(doc, resp)
            count += 1
            mapped = self.mapper.map_page(records, self.skips, f"page {count}")
            for fb in mapped.items:
                stamp = fb.updated_at or fb.created_at
                if newest is None or stamp > newest:
                    newest = stamp
            nxt = self._next_request(url, params, resp, doc, len(records))
            if nxt is not None and count >= self.max_pages:
                raise SyncError(
                    f"the source kept offering more pages after {self.max_pages}; stopped"
                    " (raise max_pages if that is right)",
                    transient=False,
                )
            if nxt is None:
                final_since = self._since_value(newest) if newest and self.since_param else since
                final = {"since": final_since, "etag": etag, "last_modified": last_modified}
                yield Page(
                    mapped.items, dump_cursor(final), mapped.records, mapped.duplicates, True
                )
                return
            url, params = nxt
            middle = {
                "since": since,
                "etag": None,
                "last_modified": None,
                "high": newest.isoformat() if newest else None,
                "resume": {"url": url, "params": params},
            }
            yield Page(
                mapped.items,
                None if self.snapshot else dump_cursor(middle),
                mapped.records,
                mapped.duplicates,
            )
