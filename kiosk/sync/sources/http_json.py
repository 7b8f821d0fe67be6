"""Feedback from any REST API that answers in JSON.

Options (``[[feeds]]`` with ``type = "http"``; secrets never go here, see
:mod:`kiosk.sync.credentials`):

``url`` (required)
    The endpoint, ``http://`` or ``https://``.
``params`` / ``headers``
    Tables of query parameters and extra request headers sent with the first request.
``auth``
    ``none`` (default), ``bearer`` (``Authorization: Bearer <secret>``), ``basic`` (``username``
    plus the secret as password), ``header`` (the secret in the header named
    ``auth_header``, e.g. ``X-Api-Key``) or ``query`` (the secret in the query parameter named
    ``auth_param``, for APIs that take a key only in the URL). The secret comes from the
    keyring and goes only to the origin (scheme, host, port) of ``url``; a secret written into
    ``url``, ``params`` or ``headers`` is refused when the settings are read.
``follow_hosts``
    Other origins (``["https://cdn.example.com"]``) whose next-page links and redirects may be
    followed, without the credentials. Links to any other origin are refused with a message.
``records``
    Dotted path to the list of records in the response (``data.items``); empty or absent for
    a response that is the list itself.
``pagination``
    ``none`` (default); ``next_field``: the dotted path ``next_field`` holds the next page's
    URL (absolute or relative), or, with ``next_param`` set, a token sent in that query
    parameter; ``link_header``: an RFC 8288 ``Link: <...>; rel="next"`` header (links are
    checked like redirects: same origin, or one in ``follow_hosts``); ``page``:
    ``page_param`` (default ``page``) from ``first_page`` (default 1) with ``size_param``
    (default ``per_page``) = ``page_size``; ``offset``: ``offset_param`` (default ``offset``)
    and ``limit_param`` (default ``limit``) = ``page_size``. Page and offset paging stop at the
    first short page. A next page that repeats one already read this pass ends the pass with
    a note; ``max_pages`` (default 10000) guards against an endless source.
``since_param``, ``since_format``
    Incremental fetch: the query parameter that takes the newest ``updated_at`` seen so far,
    formatted ``iso`` (default), ``epoch`` or ``epoch_ms``.
``mapping``, ``defaults``, ``date_formats``
    Where each Feedback field is in a record (see :mod:`kiosk.sync.mapping`); fixed values for
    fields the records lack; extra ``strptime`` date patterns.
``rating_scale``
    How to read a mapped ``rating``: ``auto`` (default: from the field's name, else stars),
    ``stars`` (1-5, also CSAT), ``stars10``, ``nps`` (0-10), ``thumbs`` or ``percent``.
``snapshot``
    ``true`` when every pass returns everything (then vanished items are withdrawn after a
    complete read); default ``false``.
``connect_timeout`` (10 s), ``read_timeout`` (30 s), ``total_timeout`` (300 s),
``max_response_mb`` (the ``sync.max_response_mb`` setting), ``ca_bundle`` (a PEM file for
a company proxy; TLS is always verified).

Conditional requests (``ETag`` / ``Last-Modified``) are made on the first page of every pass; a
304 ends the pass at no cost. A pass killed between pages resumes at the page after the last
one committed; the resume point is checked like a link before it is saved and before it is
used, and dropped (the pass starts from ``url``) when it fails.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import requests.utils

from kiosk.model import FIELD_LABELS, Feedback
from kiosk.redact import redact_url
from kiosk.settings import FeedConfig
from kiosk.sync.errors import SyncError
from kiosk.sync.feedoptions import FeedOptions
from kiosk.sync.httpclient import Credentials, HttpClient, HttpResponse, Limits, parse_json
from kiosk.sync.links import LinkPolicy, parse_origin
from kiosk.sync.mapping import RecordMapper, field_paths, find_records, get_path
from kiosk.sync.sources.base import Page, Source, SourceContext, dump_cursor, load_cursor

__all__ = ["HttpJsonSource", "link_policy", "read_limits"]

log = logging.getLogger("kiosk.sync")

# A server's next-page token longer than this is not a token.
_MAX_TOKEN = 4096


def read_limits(opts: FeedOptions, context: SourceContext) -> Limits:
    """Read the timeout, size and CA bundle options every HTTP-based source shares."""
    mb = opts["max_response_mb"] or context.max_response_mb
    ca_bundle = opts.text("ca_bundle")
    if ca_bundle:
        ca_bundle = str(Path(ca_bundle).expanduser())
        if not Path(ca_bundle).is_file():
            opts.problems.append(f"ca_bundle: {ca_bundle!r} is not a file (a PEM certificate file)")
    return Limits(
        connect_timeout=opts["connect_timeout"],
        read_timeout=opts["read_timeout"],
        total_timeout=opts["total_timeout"],
        pass_timeout=opts["pass_timeout"],
        max_bytes=int(mb * 1024 * 1024),
        ca_bundle=ca_bundle or None,
    )


def link_policy(opts: FeedOptions, url: str) -> LinkPolicy | None:
    """Return where this feed's requests and credentials may go (its url, ``follow_hosts``)."""
    follow = [o for o in (parse_origin(e) for e in opts["follow_hosts"]) if o is not None]
    try:
        return LinkPolicy(url, follow)
    except ValueError:
        return None  # the url itself is wrong, and the declarations have said so


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
        self.url = opts["url"]
        self.policy = link_policy(opts, self.url)
        self.params: dict[str, Any] = dict(opts["params"])
        self.headers = {str(k): str(v) for k, v in opts["headers"].items()}
        self.auth = opts["auth"]
        self.auth_header = opts.text("auth_header")
        self.auth_param = opts.text("auth_param")
        self.username = opts.text("username")
        self.records_path = opts["records"]
        self.pagination = opts["pagination"]
        self.next_field = opts["next_field"] or "next"
        self.next_param = opts.text("next_param")
        self.page_param = opts["page_param"] or "page"
        self.size_param = opts["size_param"] or "per_page"
        self.offset_param = opts["offset_param"] or "offset"
        self.limit_param = opts["limit_param"] or "limit"
        self.page_size = opts["page_size"]
        self.first_page = opts["first_page"]
        self.max_pages = opts["max_pages"]
        self.since_param = opts.text("since_param")
        self.since_format = opts["since_format"]
        self.snapshot = bool(opts["snapshot"]) or type(self).snapshot
        limits = read_limits(opts, context)
        if mapper is None:
            mapper = RecordMapper(
                feed.name,
                opts["mapping"],
                opts["defaults"],
                opts["date_formats"],
                rating_scale=opts["rating_scale"],
            )
            for missing in mapper.missing_required():
                opts.problems.append(
                    f"mapping.{missing}: no field picked for the {FIELD_LABELS[missing]}"
                    " (the settings dialog's Test connection offers what the source sends)"
                )
        self.mapper = mapper
        # A connection test looks for the records when the feed does not say where they are,
        # and tells the admin where it found them; a sync never guesses.
        self.guess_records = False
        self.records_found_at: str | None = None
        opts.finish()
        self.pass_timeout = limits.pass_timeout
        self.client = HttpClient(limits, context.cancelled, self.policy)

    def begin_pass(self, deadline: float | None = None) -> None:
        super().begin_pass(deadline)
        self.client.pass_deadline = deadline

    def close(self) -> None:
        """Close the HTTP session."""
        self.client.close()

    def abort(self) -> None:
        """End the request in flight at once (the kiosk is stopping)."""
        self.client.abort()

    # requests

    def _credentials(self) -> Credentials:
        if self.auth == "bearer":
            return Credentials({"Authorization": "Bearer " + self.secret("token")})
        if self.auth == "header":
            assert self.auth_header is not None
            return Credentials({self.auth_header: self.secret("API key")})
        if self.auth == "query":
            assert self.auth_param is not None
            return Credentials(params={self.auth_param: self.secret("API key")})
        if self.auth == "basic":
            assert self.username is not None
            return Credentials(auth=(self.username, self.secret("password")))
        return Credentials()

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
                if isinstance(nxt, bool) or not isinstance(nxt, str | int | float):
                    raise SyncError(
                        f"the next-page field {self.next_field!r} holds {type(nxt).__name__},"
                        " not a token",
                        transient=False,
                    )
                if len(str(nxt)) > _MAX_TOKEN:
                    raise SyncError(
                        f"the next-page token in {self.next_field!r} is {len(str(nxt)):,}"
                        " characters long; that is not a token",
                        transient=False,
                    )
                return url, {**params, self.next_param: nxt}
            if not isinstance(nxt, str):
                raise SyncError(
                    f"the next-page field {self.next_field!r} holds {str(nxt)[:80]!r}, not a"
                    " link; set next_param if it is a token",
                    transient=False,
                )
            # The link carries its own query; the current one would duplicate parameters.
            return self._keyless(_joined(resp.url, nxt)), {}
        if style == "link_header":
            link = resp.headers.get("Link") or resp.headers.get("link")
            if not link:
                return None
            for entry in requests.utils.parse_header_links(link):
                rels = str(entry.get("rel", "")).split()
                if "next" in rels and entry.get("url"):
                    return self._keyless(_joined(resp.url, entry["url"])), {}
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

    def _identity(
        self, records: list[Any], items: list[Feedback], body: bytes
    ) -> tuple[str, ...] | bytes:
        """Return what tells a page from the one before it (empty: nothing to tell by).

        Page and offset paging: its items' ids, even under a new envelope (a time stamp, a
        request id), or its bytes when none could be read. Cursor paging: its records whole,
        since a changes feed may bring the same item again, edited.
        """
        if self.pagination in ("page", "offset"):
            ids = tuple(fb.external_id for fb in items)
            return ids or hashlib.blake2b(body, digest_size=16).digest()
        if not records:
            return b""
        whole = json.dumps(records, sort_keys=True, default=str).encode()
        return hashlib.blake2b(whole, digest_size=16).digest()

    def _same_page(self, count: int) -> SyncError:
        """The server ignores the page parameter: page after page would be the first again
        (10,000 requests by max_pages), and a snapshot would end on it."""
        param = self.page_param if self.pagination == "page" else self.offset_param
        return SyncError(
            f"page {count + 1} came back the same as page {count}: the source does not take"
            f" the parameter {param!r}; check the feed's paging",
            transient=False,
        )

    def _keyless(self, link: str) -> str:
        """Return a server's next link without the feed's key parameter (auth = "query").

        Servers often echo the key back in their links. Kept, it would be saved with the resume
        point (a secret in the store, outside the keyring) and sent twice with the key added.
        """
        if self.auth != "query" or not self.auth_param:
            return link
        parts = urlsplit(link)
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        # In any case: servers that echo a key do not all keep its spelling (API_KEY).
        name = self.auth_param.casefold()
        if not any(k.casefold() == name for k, _ in pairs):
            return link
        kept = urlencode([(k, v) for k, v in pairs if k.casefold() != name])
        return parts._replace(query=kept).geturl()

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
        if self.guess_records and not self.records_path:
            guessed = find_records(doc)
            if guessed is not None:
                self.records_found_at = guessed[0]
                return guessed[1]
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
        resume = self._checked_resume(state)
        high: str | None = None
        conditional = True
        if resume is not None:
            url, params = resume
            high = state.get("high")
            # The validators of the pass being resumed, saved so that its end keeps them.
            etag, last_modified = state.get("pass_etag"), state.get("pass_last_modified")
            conditional = False
            log.info("feed %r resumes an unfinished pass at %s", self.feed.name, url)
        else:
            url, params = self._first_request(since)
        credentials = self._credentials()
        newest = _parse_high(high)
        # Where the pass starts over (the since cursor unchanged) if a resume point is refused.
        restart = dump_cursor({"since": since})
        seen: set[str] = {_page_key(url, params)}
        previous: tuple[str, ...] | bytes = ()
        count = 0
        what = "the feed's url" if resume is None else "the saved resume point"
        while True:
            self.check_cancelled()
            request_headers = dict(self.headers)
            if conditional:
                if etag:
                    request_headers["If-None-Match"] = etag
                if last_modified:
                    request_headers["If-Modified-Since"] = last_modified
            resp = self.client.get(
                url, params=params, headers=request_headers, credentials=credentials, what=what
            )
            if resp.not_modified:
                if not request_headers.keys() & {"If-None-Match", "If-Modified-Since"}:
                    raise SyncError(
                        f"{urlsplit(resp.url).netloc} answered 304 Not Modified to a request"
                        " that asked for everything; nothing was read",
                        transient=False,
                    )
                yield Page([], None, final=True, not_modified=True)
                return
            if conditional:
                etag = resp.headers.get("ETag")
                last_modified = resp.headers.get("Last-Modified")
                conditional = False
            doc = parse_json(resp)
            records = self.records_of(doc, resp)
            self.last_records = records
            self.last_fields = field_paths(records[:50])
            count += 1
            mapped = self.mapper.map_page(records, self.skips, f"page {count}")
            page_is = self._identity(records, mapped.items, resp.body)
            if page_is and page_is == previous:
                if self.pagination in ("page", "offset"):
                    raise self._same_page(count - 1)
                # Nothing new on this page; the next pass starts over from the feed's url,
                # and a snapshot withdraws nothing from a read that did not end.
                yield Page([], None if self.snapshot else restart)
                raise SyncError(
                    f"page {count} brought the same records as page {count - 1}: the source's"
                    f" next-page link does not move on ({redact_url(url)[:200]}); stopped there"
                )
            previous = page_is
            for fb in mapped.items:
                stamp = fb.updated_at or fb.created_at
                if newest is None or stamp > newest:
                    newest = stamp
            what = f"the next-page link of page {count}"
            try:
                nxt = self._next_request(url, params, resp, doc, len(records))
                if nxt is not None:
                    self._check_link(nxt[0], what)
            except SyncError:
                # Keep this page, and make the next pass start from the configured url rather
                # than from a link that was refused.
                yield Page(
                    mapped.items,
                    None if self.snapshot else restart,
                    mapped.records,
                    mapped.duplicates,
                    seen_ids=mapped.skipped_ids,
                )
                raise
            if nxt is not None and _page_key(*nxt) in seen:
                note = (
                    f"page {count}'s next-page link repeats a page already read this pass"
                    f" ({redact_url(nxt[0])[:200]}); took page {count} as the last"
                )
                log.warning("feed %r: %s", self.feed.name, note)
                self.notes.append(note)
                nxt = None
            if nxt is not None and count >= self.max_pages:
                raise SyncError(
                    f"the source kept offering more pages after {self.max_pages}; stopped"
                    " (raise max_pages if that is right)",
                    transient=False,
                )
            if nxt is None:
                # Never ahead of our own clock: one record dated tomorrow (a clock skew the
                # mapping allows) would otherwise hide everything written until then.
                if newest is not None:
                    newest = min(newest, datetime.now(UTC))
                final_since = self._since_value(newest) if newest and self.since_param else since
                final = {"since": final_since, "etag": etag, "last_modified": last_modified}
                yield Page(
                    mapped.items,
                    dump_cursor(final),
                    mapped.records,
                    mapped.duplicates,
                    True,
                    # Skipped records are still at the source: a snapshot must not withdraw
                    # what the store has of them.
                    seen_ids=mapped.skipped_ids,
                )
                return
            url, params = nxt
            seen.add(_page_key(url, params))
            middle = {
                "since": since,
                "high": newest.isoformat() if newest else None,
                "pass_etag": etag,
                "pass_last_modified": last_modified,
                "resume": {"url": url, "params": params},
            }
            yield Page(
                mapped.items,
                None if self.snapshot else dump_cursor(middle),
                mapped.records,
                mapped.duplicates,
                seen_ids=mapped.skipped_ids,
            )

    def _check_link(self, url: str, what: str) -> None:
        if self.policy is not None:
            self.policy.credentials_for(url, what)

    def _checked_resume(self, state: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        """Return the saved resume point, or None (and say why) when it must not be used."""
        resume = state.get("resume")
        if self.snapshot or resume is None:
            return None
        url = resume.get("url") if isinstance(resume, dict) else None
        params = resume.get("params") if isinstance(resume, dict) else None
        reason: str | None = None
        if not isinstance(url, str) or not isinstance(params, dict | None):
            reason = "it is not a resume point this version wrote"
        elif self.policy is not None:
            reason = self.policy.allows(url)
        if reason is not None:
            log.warning(
                "feed %r: dropped its saved resume point (%s); this pass starts from the"
                " configured url",
                self.feed.name,
                reason,
            )
            return None
        assert isinstance(url, str)
        # A resume point saved by an earlier version may still hold an echoed key.
        return self._keyless(url), dict(params or {})


def _joined(base: str, link: str) -> str:
    """Return a server's next-page link made absolute.

    Raises:
        SyncError: the link cannot be read as an address at all ("http://[::1").
    """
    try:
        return urljoin(base, link.strip())
    except ValueError as exc:
        raise SyncError(
            f"the next-page link {redact_url(link)[:200]!r} is not a web address ({exc})",
            transient=False,
        ) from None


def _page_key(url: str, params: dict[str, Any]) -> str:
    # A fragment is never sent: "/items#2" asks for "/items" again.
    return url.split("#", 1)[0] + "\x1f" + json.dumps(params, sort_keys=True, default=str)


def _parse_high(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo is not None else None
