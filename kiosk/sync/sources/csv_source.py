"""Feedback from a CSV file: a local or shared-drive path, or an HTTP(S) URL.

Options (``type = "csv"``):

``path`` or ``url`` (exactly one)
    Where the file is. A path may use ``~``.
``encoding``
    ``auto`` (default: BOM, UTF-16, UTF-8, then detection, reported in the sync notes) or a
    Python codec name such as ``cp1252`` or ``utf-16``.
``delimiter``
    ``auto`` (default: the most frequent of comma, semicolon, tab and ``|`` in the header
    line), or the character itself (``"tab"`` is accepted for a tab).
``preset``
    Ready header names for typical survey exports: ``auto`` (default: every preset's names),
    ``google_forms``, ``typeform``, ``surveymonkey``, ``microsoft_forms`` or ``none``.
``mapping``
    Feedback field to column header (exact, or case-insensitive), overriding the preset;
    ``text`` may list several columns to join.
``defaults``, ``date_formats``
    Fixed values for fields the file lacks; extra ``strptime`` patterns for its dates.
``snapshot``
    ``true`` (default): rows that vanish from a complete read are withdrawn.
``connect_timeout``, ``read_timeout``, ``total_timeout``, ``max_response_mb``, ``ca_bundle``
    For a URL (``max_response_mb`` also limits a local file).

A file whose size and modification time are unchanged is not read at all; one whose bytes
hash the same costs a read but no store write. Without an id column, a row's id is a hash of
its date, customer and text. Rows with too many or too few cells are read as far as they go and
counted; NUL bytes are removed and counted.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kiosk.settings import FeedConfig
from kiosk.sync.errors import SyncError
from kiosk.sync.feedoptions import FeedOptions
from kiosk.sync.httpclient import HttpClient
from kiosk.sync.mapping import FIELDS, RecordMapper
from kiosk.sync.sources.base import Page, Source, SourceContext, dump_cursor, load_cursor
from kiosk.sync.sources.http_json import _check_url, read_limits
from kiosk.sync.textdecode import decode_text

__all__ = ["PRESETS", "CsvSource"]

log = logging.getLogger("kiosk.sync")

_PAGE_ROWS = 1000
_ROW_ID = "_voc_row_id"

# Header names (lower case) per field, per export format; the first present column wins.
PRESETS: dict[str, dict[str, list[str]]] = {
    "google_forms": {
        "created_at": ["timestamp"],
        "customer_email": ["email address", "email"],
        "customer_name": ["name", "your name", "full name"],
    },
    "typeform": {
        "external_id": ["#", "response id", "token"],
        "created_at": ["submit date (utc)", "start date (utc)"],
        "customer_email": ["email", "email address"],
        "customer_name": ["name"],
    },
    "surveymonkey": {
        "external_id": ["respondent id", "respondentid"],
        "created_at": ["end date", "start date", "date modified"],
        "customer_email": ["email address", "email"],
        "customer_name": ["name", "full name"],
        "channel": ["collector id"],
    },
    "microsoft_forms": {
        "external_id": ["id"],
        "created_at": ["completion time", "start time"],
        "customer_email": ["email"],
        "customer_name": ["name"],
    },
    "generic": {
        "external_id": ["id", "external_id", "response id", "feedback id", "ticket id"],
        "created_at": ["created_at", "created", "date", "submitted", "submitted at", "timestamp"],
        "updated_at": ["updated_at", "updated", "modified"],
        "text": [
            "text", "feedback", "comment", "comments", "message", "verbatim", "description",
            "what could we do better?", "any other comments?", "tell us more",
        ],
        "customer_id": ["customer_id", "customer id", "customer", "user id", "account id"],
        "customer_email": ["email", "e-mail", "email address", "customer email"],
        "customer_name": ["name", "customer name", "full name"],
        "customer_segment": ["segment", "plan", "tier"],
        "kind": ["kind", "type", "category", "feedback type"],
        "channel": ["channel", "source"],
        "status": ["status"],
        "votes": ["votes"],
        "url": ["url", "link"],
        "language": ["language", "lang"],
    },
}  # fmt: skip
PRESET_NAMES = ("auto", "google_forms", "typeform", "surveymonkey", "microsoft_forms", "none")
# Survey tools write local times in these shapes; ISO 8601 is always tried first.
_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %I:%M:%S %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %H:%M",
    "%m/%d/%y %H:%M:%S",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y",
)
_DELIMITERS = (",", ";", "\t", "|")


class CsvSource(Source):
    """Rows of a CSV file, read as a snapshot when the file changed."""

    snapshot = True

    def __init__(self, feed: FeedConfig, context: SourceContext) -> None:
        super().__init__(feed, context)
        opts = FeedOptions(feed)
        path = opts.text("path")
        url = opts.text("url")
        if bool(path) == bool(url):
            opts.problems.append("set exactly one of path (a file) or url (a web address)")
        self.path = Path(path).expanduser() if path else None
        self.url = _check_url(opts, url) if url else None
        self.encoding = opts.text("encoding", "auto") or "auto"
        if self.encoding != "auto":
            try:
                codecs.lookup(self.encoding)
            except LookupError:
                opts.problems.append(f"encoding {self.encoding!r} is not a known text encoding")
        delimiter = opts.text("delimiter", "auto") or "auto"
        if delimiter.lower() == "tab" or delimiter == "\\t":
            delimiter = "\t"
        if delimiter != "auto" and len(delimiter) != 1:
            opts.problems.append(f"delimiter {delimiter!r} must be one character, or auto")
        self.delimiter = delimiter
        self.preset = opts.text("preset", "auto", choices=PRESET_NAMES) or "auto"
        self.mapping: dict[str, Any] = opts.table("mapping")
        unknown = [k for k in self.mapping if k not in FIELDS]
        if unknown:
            opts.problems.append(f"mapping: unknown field {unknown[0]!r}")
        self.defaults = opts.table("defaults")
        self.date_formats = (*opts.strings("date_formats"), *_DATE_FORMATS)
        self.snapshot = opts.flag("snapshot", True)
        self.limits = read_limits(opts, context)
        opts.finish()
        self.client = HttpClient(self.limits, context.cancelled) if self.url else None

    def close(self) -> None:
        """Close the HTTP session, if any."""
        if self.client is not None:
            self.client.close()

    @property
    def where(self) -> str:
        """The file or URL, for messages."""
        return str(self.path or self.url)

    # reading

    def _read_file(self, state: dict[str, Any]) -> tuple[bytes | None, dict[str, Any]]:
        assert self.path is not None
        try:
            st = self.path.stat()
        except FileNotFoundError as exc:
            raise SyncError(
                f"the file {self.path} does not exist (is the shared drive connected?)"
            ) from exc
        except OSError as exc:
            raise SyncError(f"the file {self.path} cannot be read ({exc.strerror})") from exc
        if st.st_size == state.get("size") and st.st_mtime_ns == state.get("mtime_ns"):
            return None, state
        if st.st_size > self.limits.max_bytes:
            raise SyncError(
                f"the file {self.path} is larger than the limit of"
                f" {round(self.limits.max_bytes / 1048576, 3):g} MB;"
                " raise max_response_mb to read it",
                transient=False,
            )
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            raise SyncError(f"the file {self.path} cannot be read ({exc.strerror})") from exc
        return data, {"size": st.st_size, "mtime_ns": st.st_mtime_ns}

    def _read_url(self, state: dict[str, Any]) -> tuple[bytes | None, dict[str, Any]]:
        assert self.client is not None and self.url is not None
        headers: dict[str, str] = {}
        if state.get("etag"):
            headers["If-None-Match"] = state["etag"]
        if state.get("last_modified"):
            headers["If-Modified-Since"] = state["last_modified"]
        resp = self.client.get(self.url, headers=headers)
        if resp.not_modified:
            return None, state
        if resp.content_type in ("text/html", "application/xhtml+xml"):
            raise SyncError(
                f"{self.url} sent a web page (HTML) instead of a CSV file; this is usually a"
                " login or error page: check the url",
                transient=False,
            )
        return resp.body, {
            "etag": resp.headers.get("ETag"),
            "last_modified": resp.headers.get("Last-Modified"),
        }

    def pages(self, cursor: str | None) -> Iterator[Page]:
        """Yield the file's rows in pages when it changed since the saved cursor."""
        state = load_cursor(cursor)
        data, new_state = self._read_file(state) if self.path else self._read_url(state)
        if data is None:
            yield Page([], None, final=True, not_modified=True)
            return
        digest = hashlib.sha256(data).hexdigest()
        new_state["sha256"] = digest
        if digest == state.get("sha256"):
            # Touched but not changed (a sync tool rewrote it): remember the new stat only.
            yield Page([], dump_cursor(new_state), final=True, not_modified=True)
            return
        decoded = decode_text(data, self.encoding, f"the file {Path(self.where).name}")
        if decoded.note:
            self.notes.append(decoded.note)
            log.info("feed %r: %s", self.feed.name, decoded.note)
        if decoded.nul_removed:
            self.notes.append(f"removed {decoded.nul_removed} NUL characters")
        yield from self._rows(decoded.text, dump_cursor(new_state))

    def _sniff(self, text: str) -> str:
        if self.delimiter != "auto":
            return self.delimiter
        first = next((line for line in text.splitlines() if line.strip()), "")
        counts = {d: first.count(d) for d in _DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","

    def _columns(self, header: list[str]) -> dict[str, str | list[str]]:
        lower = {h.strip().lower(): h for h in header}
        chosen: dict[str, str | list[str]] = {}
        if self.preset != "none":
            names = [self.preset, "generic"] if self.preset != "auto" else list(PRESETS)
            for preset in names:
                for fld, candidates in PRESETS[preset].items():
                    if fld in chosen:
                        continue
                    for cand in candidates:
                        if cand in lower:
                            chosen[fld] = lower[cand]
                            break
        problems = []
        for fld, spec in self.mapping.items():
            wanted = [spec] if isinstance(spec, str) else list(spec)
            found = []
            for w in wanted:
                col = w if w in header else lower.get(str(w).strip().lower())
                if col is None:
                    problems.append(f"mapping.{fld}: no column {w!r}")
                else:
                    found.append(col)
            chosen[fld] = found[0] if len(found) == 1 else found
        for fld in ("text", "created_at"):
            if fld not in chosen and fld not in self.defaults:
                problems.append(f"no column for {fld} (set mapping.{fld})")
        if problems:
            raise SyncError(
                f"the columns of {self.where} do not fit the feed: "
                + "; ".join(problems)
                + f". The columns are: {', '.join(repr(h) for h in header[:30])}",
                transient=False,
            )
        if "external_id" not in chosen:
            chosen["external_id"] = _ROW_ID
        return chosen

    def _rows(self, text: str, final_cursor: str) -> Iterator[Page]:
        delimiter = self._sniff(text)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
        try:
            header = next(r for r in reader if any(c.strip() for c in r))
        except StopIteration:
            raise SyncError(f"{self.where} is empty (no header row)", transient=False) from None
        except csv.Error as exc:
            raise SyncError(f"{self.where} is not a readable CSV file ({exc})") from exc
        header = [h.strip() for h in header]
        columns = self._columns(header)
        mapper = RecordMapper(self.feed.name, columns, self.defaults, self.date_formats, flat=True)
        hash_id = columns["external_id"] == _ROW_ID
        width = len(header)
        ragged = 0
        batch: list[dict[str, Any]] = []
        row_number = 1
        try:
            for row in reader:
                row_number += 1
                if not any(c.strip() for c in row):
                    continue
                if len(row) != width:
                    ragged += 1
                    if ragged <= 3:
                        log.warning(
                            "feed %r: row %d has %d cells, the header %d; read as far as it goes",
                            self.feed.name, row_number, len(row), width,
                        )  # fmt: skip
                record: dict[str, Any] = dict(zip(header, row, strict=False))
                if hash_id:
                    basis = "\x1f".join(row)
                    record[_ROW_ID] = hashlib.blake2b(basis.encode(), digest_size=10).hexdigest()
                batch.append(record)
                if len(batch) >= _PAGE_ROWS:
                    self.check_cancelled()
                    mapped = mapper.map_page(batch, self.skips, f"rows up to {row_number}")
                    yield Page(mapped.items, None, mapped.records, mapped.duplicates)
                    batch = []
        except csv.Error as exc:
            raise SyncError(
                f"{self.where} could not be read past row {row_number} ({exc})"
            ) from exc
        if ragged:
            self.notes.append(f"{ragged} rows had more or fewer cells than the header")
        mapped = mapper.map_page(batch, self.skips, f"rows up to {row_number}")
        yield Page(mapped.items, final_cursor, mapped.records, mapped.duplicates, final=True)
