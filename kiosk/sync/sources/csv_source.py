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
``rating_scale``
    How to read a rating column (found by the presets or mapped as ``rating``): ``auto``
    (default: from the column's name, "NPS" or "How likely are you to recommend" is nps,
    else stars), ``stars``, ``stars10``, ``nps``, ``thumbs`` or ``percent``.
``snapshot``
    ``true`` (default): rows that vanish from a complete read are withdrawn.
``connect_timeout``, ``read_timeout``, ``total_timeout``, ``max_response_mb``, ``ca_bundle``
    For a URL (``max_response_mb`` also limits a local file).

A file whose size and modification time are unchanged is not read at all; one whose bytes
hash the same costs a read but no store write. Files are streamed (a URL into a temporary file
first), so memory stays small whatever their size; every page of rows commits with a cursor
saying how far the read got, and a read that was cut off resumes there if the bytes are the
same. Without an id column, a row's id is a hash of
its date, customer and text. Rows with too many or too few cells are read as far as they go and
counted; NUL bytes are removed and counted. A quote never closed (it swallows the rows after
it), or an id column most rows repeat, fails the read: a failing feed, read again next pass,
never a success that lost rows.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import itertools
import logging
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO, cast

from kiosk.settings import FeedConfig
from kiosk.sync.errors import SyncError
from kiosk.sync.feedoptions import FeedOptions
from kiosk.sync.httpclient import HttpClient
from kiosk.sync.mapping import MappedPage, RecordMapper, shown
from kiosk.sync.sources.base import Page, Source, SourceContext, dump_cursor, load_cursor
from kiosk.sync.sources.http_json import link_policy, read_limits
from kiosk.sync.status import counted
from kiosk.sync.textdecode import choose_encoding, scan

__all__ = ["PRESETS", "CsvSource"]

# A JSON answer read as CSV turns its braces and keys into column names, and the admin gets a
# list of JSON fragments under "the columns are": say what it is, and which kind of feed reads
# it.
_JSON_NOT_CSV = (
    '{where} sent JSON, not a CSV file; a JSON API is read by a feed of kind "http" (or'
    ' "fider"), with its own mapping'
)

log = logging.getLogger("kiosk.sync")

# Rows per page, each page one transaction with its resume point and its analysis. 5,000 rows
# stored the 49 MB survey file 15% faster than 1,000 without the analysis, but a real sync
# analyses each page in its transaction: there it gained nothing measurable (bench_csv), cost
# 22 MB more, and held the write lock 1.7 s a page, which a person's correction waits for.
_PAGE_ROWS = 1000
# A record over this many physical lines is taken for a quote never closed (see ``_rows``).
_MAX_RECORD_LINES = 1000
_MAX_HEADER_CHARS = 100_000
_MAX_LINE_CHARS = 1_000_000
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
        "rating": [
            "rating", "score", "stars", "star rating", "nps", "nps score", "csat",
            "satisfaction", "overall satisfaction",
            "how likely are you to recommend us to a friend or colleague?",
        ],
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
# "5.41E+17": a long id as a spreadsheet shows, and saves, it.
_SCIENTIFIC = re.compile(r"-?\d(?:[.,]\d+)?E[+-]?\d+", re.IGNORECASE)


def _swallowed(
    row: list[str], started: int, ended: int, delimiter: str, width: int, *, at_end: bool
) -> tuple[int, int, bool]:
    """Return (lines, first line, sure) when a record spanning lines may have taken in rows
    after it (a quote never closed, or closed by a stray quote further down), else (0, 0,
    False).

    A line in a cell that looks like a row ("12,2026-03-01,late": the header's number of
    separators, one word before the first) is the sign. It is sure when the record came out
    with another number of cells than the header's, or ran to the end of the file (a quote
    never closed takes in every row after it), or past ``_MAX_RECORD_LINES`` lines with the
    count wrong. With the count right, three such lines are only a suspicion: a quoted
    comment of many lines ("food:good, service:slow, price:high") is a normal row, and
    helper-48 saw one fail the feed when this was taken for sure.
    """
    lines = ended - started
    sure = len(row) != width or at_end
    if lines > _MAX_RECORD_LINES and len(row) != width:
        return lines, started + 1, True
    wanted = max(width - 1, 1)
    like_rows = sum(
        1
        for cell in row
        if "\n" in cell or "\r" in cell
        for line in cell.splitlines()
        if _like_a_row(line, delimiter, wanted)
    )
    if like_rows and sure:
        return lines, started + 1, True
    if like_rows >= 3:
        return lines, started + 1, False
    return 0, 0, False


def _like_a_row(line: str, delimiter: str, separators: int) -> bool:
    first = line.split(delimiter, 1)[0]
    return (
        line.count(delimiter) == separators
        and 0 < len(first) <= 40
        and not any(c.isspace() for c in first)
    )


class _Repeats:
    """Fails a read whose id column repeats for most rows: it is not an id.

    Read on, the rows of each page would collapse into a few items, and the next page's rows
    overwrite them ("3 new, 3 changed" from a first read of 3,886 rows). Only repeats that are
    other items count (another date of writing): a ticket export with a row per status
    change repeats every id for good reason, and its last row per id is the item.
    """

    # Fewer rows prove nothing: a short file may repeat an id or two by mistake.
    least = 10

    def __init__(self, name: str, column: str | list[str]) -> None:
        self.name = name
        self.column = column if isinstance(column, str) else "+".join(column)
        self.rows = 0
        self.repeated = 0
        self.stored = False

    def check(self, mapped: MappedPage) -> None:
        """Count a page's ids (before it is stored); raise when most of the read repeat.

        Raises:
            SyncError: most rows so far repeat an id.
        """
        self.rows += len(mapped.items) + mapped.duplicates
        self.repeated += mapped.others
        if self.rows < self.least or 2 * self.repeated <= self.rows:
            self.stored = True
            return
        example = mapped.repeated or ""
        excel = ""
        if _SCIENTIFIC.match(example):
            excel = (
                f" ({shown(example)} is how a spreadsheet writes a long number: saved from"
                " one, the ids lost their last digits)"
            )
        kept = "nothing was withdrawn" if self.stored else "nothing of this read was stored"
        raise SyncError(
            f"{self.repeated:,} of the {self.rows:,} rows of {self.name} read so far repeat an"
            f" id of the column {self.column!r}, such as {shown(example)}{excel}: it does not"
            f" tell the rows apart, so {kept}. Set mapping.external_id to a column whose"
            " values are unique, or leave it out to tell rows apart by their contents",
            transient=False,
        )


class CsvSource(Source):
    """Rows of a CSV file, read as a snapshot when the file changed."""

    snapshot = True

    def __init__(self, feed: FeedConfig, context: SourceContext) -> None:
        super().__init__(feed, context)
        opts = FeedOptions(feed)
        path = opts.text("path")
        url = opts.text("url")
        if path and url:
            opts.problems.append("path: set only one of path (a file) or url (a web address)")
        self.path = Path(path).expanduser() if path else None
        self.url = url if url and not path else None
        self.policy = link_policy(opts, self.url) if self.url else None
        self.encoding = opts["encoding"]
        delimiter = opts["delimiter"]
        self.delimiter = "\t" if delimiter.lower() == "tab" or delimiter == "\\t" else delimiter
        self.preset = opts["preset"]
        self.mapping: dict[str, Any] = dict(opts["mapping"])
        self.defaults = dict(opts["defaults"])
        self.date_formats = (*opts["date_formats"], *_DATE_FORMATS)
        self.rating_scale = opts["rating_scale"]
        # The required fields no column was found for in the last header read (a connection
        # test asks the admin to pick them).
        self.missing_columns: list[str] = []
        self.snapshot = opts["snapshot"]
        self.limits = read_limits(opts, context)
        opts.finish()
        self.pass_timeout = self.limits.pass_timeout
        self.client = HttpClient(self.limits, context.cancelled, self.policy) if self.url else None
        # The first line where a cell over the limit was skipped in the current read (0: none).
        self._cut_at = 0
        self._lines_done = False

    def begin_pass(self, deadline: float | None = None) -> None:
        super().begin_pass(deadline)
        if self.client is not None:
            self.client.pass_deadline = deadline

    def close(self) -> None:
        """Close the HTTP session, if any."""
        if self.client is not None:
            self.client.close()

    def abort(self) -> None:
        """End a download in flight at once (the kiosk is stopping)."""
        if self.client is not None:
            self.client.abort()

    @property
    def where(self) -> str:
        """The file or URL, for messages."""
        return str(self.path or self.url)

    # reading

    @contextlib.contextmanager
    def _open(self, state: dict[str, Any]) -> Iterator[tuple[BinaryIO, dict[str, Any]] | None]:
        """Yield the file's bytes as a binary file and its new state, or None if unchanged.

        A URL is streamed into a temporary file first, so memory stays small whatever the
        file's size.
        """
        pending = "resume" in state
        if self.path is not None:
            try:
                st = self.path.stat()
            except FileNotFoundError as exc:
                raise SyncError(
                    f"the file {self.path} does not exist (is the shared drive connected?)"
                ) from exc
            except OSError as exc:
                raise SyncError(f"the file {self.path} cannot be read ({exc.strerror})") from exc
            if not stat.S_ISREG(st.st_mode):
                # /dev/zero, a pipe or a socket: no size to check and no end to wait for.
                what = "a folder" if stat.S_ISDIR(st.st_mode) else "not an ordinary file"
                raise SyncError(f"{self.path} is {what}; a CSV feed reads a file", transient=False)
            if (
                not pending
                and st.st_size == state.get("size")
                and st.st_mtime_ns == state.get("mtime_ns")
            ):
                yield None
                return
            if st.st_size > self.limits.max_bytes:
                raise SyncError(
                    f"the file {self.path} is larger than the limit of"
                    f" {round(self.limits.max_bytes / 1048576, 3):g} MB;"
                    " raise max_response_mb to read it",
                    transient=False,
                )
            try:
                fh = self.path.open("rb")
            except OSError as exc:
                raise SyncError(f"the file {self.path} cannot be read ({exc.strerror})") from exc
            with fh:
                yield fh, {"size": st.st_size, "mtime_ns": st.st_mtime_ns}
            return
        assert self.client is not None and self.url is not None
        headers: dict[str, str] = {}
        if not pending:
            if state.get("etag"):
                headers["If-None-Match"] = state["etag"]
            if state.get("last_modified"):
                headers["If-Modified-Since"] = state["last_modified"]
        with tempfile.TemporaryFile(prefix="voc-kiosk-csv-") as tmp:
            resp = self.client.download(self.url, tmp, headers=headers)
            if resp.not_modified:
                if not headers:
                    raise SyncError(
                        f"{self.where} answered 304 Not Modified to a request that asked for"
                        " the whole file; nothing was read",
                        transient=False,
                    )
                yield None
                return
            if resp.content_type in ("text/html", "application/xhtml+xml"):
                raise SyncError(
                    f"{self.where} sent a web page (HTML) instead of a CSV file; this is"
                    " usually a login or error page: check the url",
                    transient=False,
                )
            if resp.content_type == "application/json" or resp.content_type.endswith("+json"):
                raise SyncError(_JSON_NOT_CSV.format(where=self.where), transient=False)
            tmp.seek(0)
            validators = {
                "etag": resp.headers.get("ETag"),
                "last_modified": resp.headers.get("Last-Modified"),
            }
            yield cast(BinaryIO, tmp), validators

    def pages(self, cursor: str | None) -> Iterator[Page]:
        """Yield the file's rows in pages when it changed since the saved cursor.

        Each page commits with a cursor that says how many rows are done, so a read that is
        interrupted (the kiosk stopped, the machine lost power) goes on where it stopped the
        next time, provided the file is still the same bytes.
        """
        state = load_cursor(cursor)
        with self._open(state) as opened:
            if opened is None:
                yield Page([], None, final=True, not_modified=True)
                return
            fh, new_state = opened
            found = scan(fh, self.context.cancelled)
            new_state["sha256"] = found.sha256
            resume = state.get("resume")
            done = 0
            if isinstance(resume, dict) and resume.get("sha256") == found.sha256:
                rows = resume.get("rows")
                done = rows if isinstance(rows, int) and rows > 0 else 0
            elif resume is not None:
                log.info("feed %r: the file changed since the read was cut off; reading it"
                         " from the start", self.feed.name)  # fmt: skip
            if not done and found.sha256 == state.get("sha256"):
                # Touched but not changed (a sync tool rewrote it): remember the new stat only.
                yield Page([], dump_cursor(new_state), final=True, not_modified=True)
                return
            name = f"the file {Path(self.where).name}"
            chosen = choose_encoding(found, self.encoding, name)
            if chosen.note:
                self.notes.append(chosen.note)
                log.info("feed %r: %s", self.feed.name, chosen.note)
            fh.seek(0)
            text = io.TextIOWrapper(fh, encoding=chosen.encoding, errors=chosen.errors, newline="")
            # What a page's cursor keeps: the last complete read, and how far this one got.
            base = {k: v for k, v in state.items() if k != "resume"}
            # A local file is read in place: another program may write it meanwhile.
            before = (new_state.get("size"), new_state.get("mtime_ns"))

            def changed() -> bool:
                if self.path is None:
                    return False  # our own copy of a download
                now = os.fstat(fh.fileno())
                return (now.st_size, now.st_mtime_ns) != before

            try:
                yield from self._rows(text, name, found.sha256, base, new_state, done, changed)
            except UnicodeDecodeError as exc:
                raise SyncError(
                    f"{name} is not {chosen.encoding} text (a byte does not fit); set encoding"
                    ' to what the file uses, or "auto"',
                    transient=False,
                ) from exc
            finally:
                text.detach()

    def _same_id_column(
        self, before: dict[str, Any], after: dict[str, Any], column: str | list[str]
    ) -> None:
        """Refuse a read whose items would be keyed by another column than the last one.

        Renamed ("id" to "ref") or gone, every row would come in as a new item and every
        stored one would be withdrawn, its answers and corrections left behind.
        """
        now = column if isinstance(column, str) else "+".join(column)
        after["id_column"] = now
        was = before.get("id_column")
        # Names match as the mapping does, whatever their case: an export that writes "id"
        # where the last one wrote "ID" keeps its items.
        if not isinstance(was, str) or was.casefold() == now.casefold():
            return
        shown = {_ROW_ID: "their whole contents (no id column)"}
        raise SyncError(
            f"the rows of {self.where} are told apart by {shown.get(now, repr(now))} now, and"
            f" were by {shown.get(was, repr(was))}: read this way, every row would be new and"
            " every stored one withdrawn. Nothing was changed; set mapping.external_id to the"
            " id column, or, if the file now holds other items, give the feed a new name",
            transient=False,
        )

    def _head(self, lines: Iterator[str]) -> list[str]:
        """Return the file's lines up to its first that is not blank, the header."""
        head: list[str] = []
        for line in lines:
            head.append(line)
            if line.strip():
                break
        if not head or not head[-1].strip():
            raise SyncError(f"{self.where} is empty (no header row)", transient=False)
        first = head[-1].lstrip("\ufeff \t")
        json_start = first.startswith(("{", "[{", '["', "[]")) or first.strip() == "["
        if json_start and "," not in first.split(":", 1)[0]:
            raise SyncError(_JSON_NOT_CSV.format(where=self.where), transient=False)
        if head[-1].lstrip("\ufeff \t").lower().startswith(("<!doctype", "<html", "<?xml")):
            raise SyncError(
                f"{self.where} is a web page (HTML), not a CSV file; this is usually a login"
                " or error page: check the address",
                transient=False,
            )
        length = len(head[-1].rstrip("\r\n"))
        if length > _MAX_HEADER_CHARS:
            raise self._long_header(f"{length:,}")
        return head

    def _long_header(self, length: str) -> SyncError:
        # 45 million commas make 45 million columns, and a gigabyte of them.
        return SyncError(
            f"the first line of {self.where}, its header, is {length} characters long; a"
            f" header of column names is far shorter (at most {_MAX_HEADER_CHARS:,})",
            transient=False,
        )

    def _first_columns(self, header: list[str]) -> tuple[list[int], bool]:
        """Return where the first column of each name is, and whether a name repeats.

        The first column of a repeated name is read: a dict of the row keeps the last, often
        an empty one, and every row would have "no text".
        """
        first: dict[str, int] = {}
        for i, h in enumerate(header):
            first.setdefault(h, i)
        firsts = sorted(first.values())
        twice = sorted({h for i, h in enumerate(header) if first[h] != i})
        if twice:
            self.notes.append(
                "the header names " + ", ".join(repr(h) for h in twice[:5]) + " more than"
                " once; the first column of each name is read"
            )
        return firsts, bool(twice)

    def _sniff(self, first_line: str) -> str:
        if self.delimiter != "auto":
            return self.delimiter
        counts = {d: first_line.count(d) for d in _DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","

    def _columns(self, header: list[str]) -> dict[str, str | list[str]]:
        lower: dict[str, str] = {}
        for h in header:
            lower.setdefault(h.strip().lower(), h)  # the first of "text" and "Text" is read
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
        self.missing_columns = [
            fld for fld in ("text", "created_at") if fld not in chosen and fld not in self.defaults
        ]
        for fld in self.missing_columns:
            problems.append(f"no column for {fld} (set mapping.{fld})")
        if problems:
            raise SyncError(
                f"the columns of {self.where} do not fit the feed: "
                + "; ".join(problems)
                + f". The columns are: {', '.join(shown(h) for h in header[:30])}"
                + (f" and {len(header) - 30:,} more" if len(header) > 30 else ""),
                transient=False,
            )
        if "external_id" not in chosen:
            chosen["external_id"] = _ROW_ID
        return chosen

    def _lines(self, text: io.TextIOWrapper) -> Iterator[str]:
        """Yield the file's lines with NUL characters (left by some exporters) removed;
        ``_lines_done`` is set once the last has been taken (a record the csv reader ends
        then ran to the end of the file)."""
        self._lines_done = False
        removed = 0
        number = 0
        header = True
        while line := text.readline(_MAX_LINE_CHARS + 1):
            number += 1
            if len(line) > _MAX_LINE_CHARS:
                # Held whole, one 49 MB line with an emoji in it took 288 MB (four bytes a
                # character), and a line of 2.6 million short cells 419 MB; a row of
                # feedback, even a long one, is far shorter. The line is read on to its end
                # in pieces, and skipped.
                if header:
                    raise self._long_header(f"over {_MAX_LINE_CHARS:,}")
                while not line.endswith(("\n", "\r")) and line:
                    line = text.readline(_MAX_LINE_CHARS)
                self.skips.add(
                    f"line {number:,}", f"over {_MAX_LINE_CHARS:,} characters long: no row"
                )
                line = "\n"
            if "\x00" in line:
                removed += line.count("\x00")
                line = line.replace("\x00", "")
            header = header and not line.strip()
            yield line
        self._lines_done = True
        if removed:
            self.notes.append(f"removed {counted(removed, 'NUL character')}")

    def _rows(
        self,
        text: io.TextIOWrapper,
        name: str,
        digest: str,
        base: dict[str, Any],
        final_state: dict[str, Any],
        done: int,
        changed: Callable[[], bool] = lambda: False,
    ) -> Iterator[Page]:
        lines = self._lines(text)
        head = self._head(lines)
        delimiter = self._sniff(head[-1])
        # The csv module refuses a cell over 128 KB, and stopped the rest of the file with it,
        # on every pass. Cells are allowed as long as a line (``_records`` skips a longer one,
        # and reads on). The limit is the csv module's, for the whole process: one value for
        # every feed, never a feed's own; set exactly, not only raised, or a library that
        # raised it for itself would let a quote never closed swallow the rest of the file
        # into one cell.
        if csv.field_size_limit() != _MAX_LINE_CHARS:
            csv.field_size_limit(_MAX_LINE_CHARS)
        reader = csv.reader(itertools.chain(head, lines), delimiter=delimiter, strict=False)
        self._cut_at = 0
        try:
            header = next(r for r in reader if any(c.strip() for c in r))
        except StopIteration:
            raise SyncError(f"{self.where} is empty (no header row)", transient=False) from None
        except csv.Error as exc:
            raise SyncError(f"{self.where} is not a readable CSV file ({exc})") from exc
        header = [h.strip() for h in header]
        self.last_fields = tuple(header)
        columns = self._columns(header)
        firsts, twice = self._first_columns(header)
        mapper = RecordMapper(
            self.feed.name,
            columns,
            self.defaults,
            self.date_formats,
            flat=True,
            rating_scale=self.rating_scale,
        )
        self._same_id_column(base, final_state, columns["external_id"])
        hash_id = columns["external_id"] == _ROW_ID
        repeats = _Repeats(name, columns["external_id"])
        width = len(header)
        ragged = 0
        batch: list[dict[str, Any]] = []
        # The line each record of the batch starts on: a skipped record is named by it
        # ("line 38"), as a person finds it in the file, not "rows up to 40 record 3".
        starts: list[int] = []
        seen: list[str] = []
        rows = 0  # records after the header, blank ones included: the resume point counts them
        if done:
            log.info("feed %r: %s resumes after row %d", self.feed.name, name, done)
        reader_line = reader.line_num
        # A quote never closed swallows the rows after it, which must not be withdrawn as gone:
        # (lines, the line it started on) of the first record that looks like it did.
        longest = (0, 0)
        # The same, only suspected: the record is stored, and the read withdraws nothing.
        suspect = (0, 0)
        try:
            for row in self._records(reader):
                rows += 1
                started, reader_line = reader_line, reader.line_num
                if reader_line - started > 1 and not longest[0]:
                    spanned, first, sure = _swallowed(
                        row, started, reader_line, delimiter, width, at_end=self._lines_done
                    )
                    if sure:
                        longest = (spanned, first)
                        # Its one cell holds the rows it took in: stored, it would be one
                        # "comment" of a thousand lines (the read fails, in ``_last_page``).
                        continue
                    suspect = suspect if suspect[0] else (spanned, first)
                if not any(c.strip() for c in row):
                    continue
                if len(row) != width and rows > done:
                    ragged += 1
                    if ragged <= 3:
                        log.warning(
                            "feed %r: row %d has %d cells, the header %d; read as far as it goes",
                            self.feed.name, reader.line_num, len(row), width,
                        )  # fmt: skip
                record: dict[str, Any] = (
                    {header[i]: row[i] for i in firsts if i < len(row)}
                    if twice
                    else dict(zip(header, row, strict=False))
                )
                if hash_id:
                    basis = "\x1f".join(row)
                    record[_ROW_ID] = hashlib.blake2b(
                        basis.encode("utf-8", "surrogatepass"), digest_size=10
                    ).hexdigest()
                if rows <= done:
                    # Stored by the pass that was cut off: only its id counts (withdrawals).
                    ext = mapper.external_id(record)
                    if ext is not None:
                        seen.append(ext)
                    else:
                        # Skipped then, and still unknown: it may be an item already stored.
                        self.skips.add(f"line {reader.line_num:,}", "no id that can be read")
                    continue
                batch.append(record)
                starts.append(started + 1)
                if len(self.last_records) < 50:
                    self.last_records.append(record)
                if len(batch) >= _PAGE_ROWS:
                    self.check_cancelled()
                    where = f"rows up to {reader.line_num}"
                    mapped = mapper.map_page(batch, self.skips, where, starts)
                    if not hash_id:
                        repeats.check(mapped)
                    cursor = {**base, "resume": {"sha256": digest, "rows": rows}}
                    yield Page(
                        mapped.items,
                        dump_cursor(cursor),
                        mapped.records,
                        mapped.duplicates,
                        seen_ids=[*seen, *mapped.skipped_ids],
                    )
                    batch, seen, starts = [], [], []
        except csv.Error as exc:
            raise SyncError(
                f"{self.where} could not be read past line {reader.line_num:,} ({exc})"
            ) from exc
        if ragged:
            self.notes.append(f"{counted(ragged, 'row')} had more or fewer cells than the header")
        mapped = mapper.map_page(batch, self.skips, f"rows up to {reader.line_num}", starts)
        if not hash_id:
            repeats.check(mapped)
        last = Page(
            mapped.items,
            dump_cursor(final_state),
            mapped.records,
            mapped.duplicates,
            final=True,
            seen_ids=[*seen, *mapped.skipped_ids],
        )
        yield from self._last_page(last, name, changed, longest, suspect)

    def _records(self, reader: Any) -> Iterator[list[str]]:
        """Yield the reader's records, skipping one with a cell over ``_MAX_LINE_CHARS``.

        Such a cell is a quote never closed more often than a comment: the rows it took in
        are lost to this read, so the read withdraws nothing (``_last_page``).
        """
        while True:
            before = reader.line_num
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                if "field larger than field limit" not in str(exc):
                    raise
                self._cut_at = self._cut_at or before + 1
                self.skips.add(
                    f"line {reader.line_num:,}",
                    f"a cell over {_MAX_LINE_CHARS:,} characters (a quote never closed?)",
                )
                continue
            yield row

    def _last_page(
        self,
        last: Page,
        name: str,
        changed: Callable[[], bool],
        longest: tuple[int, int],
        suspect: tuple[int, int] = (0, 0),
    ) -> Iterator[Page]:
        """Yield the read's last page, as the end of a complete read only when it was one."""
        if changed():
            # Rows read after the change belong to no version of the file: keep what was read,
            # withdraw nothing, and leave the saved state so that the next pass reads it again.
            yield replace(last, cursor=None, final=False)
            raise SyncError(
                f"{name} changed while it was read (another program was writing it); nothing"
                " was withdrawn, and the next pass reads it again"
            )
        problem = None
        if longest[0]:
            problem = (
                f"a quote opened on line {longest[1]:,} is never closed (or closed only by a"
                f" stray quote further down): its cell ran over {longest[0]:,} lines that look"
                " like rows, and they were not read"
            )
        elif self._cut_at:
            problem = (
                f"a cell starting on line {self._cut_at:,} ran over {_MAX_LINE_CHARS:,}"
                " characters, so a quote opened there seems never closed, and the rows in it"
                " were not read"
            )
        if problem is not None:
            # A read that lost rows to a quote is no complete read, whatever else it stored:
            # a failing feed, read again next pass, until the file is mended. Said as a note
            # on a read that succeeded, the lost rows went unnoticed.
            yield replace(last, cursor=None, final=False)
            raise SyncError(
                f"{name} could not be read whole: {problem}. Close the quote (a quote inside"
                ' a quoted cell is written twice, "") and save the file again; rows read'
                " outside it were stored, and nothing was withdrawn",
                transient=False,
            )
        if suspect[0]:
            # Perhaps a stray quote, perhaps a comment of many lines: the row is kept and the
            # read withdraws nothing (rows it may have taken in are not gone from the file).
            self.notes.append(
                f"the cell starting on line {suspect[1]:,} runs over {suspect[0]:,} lines,"
                " several like rows: if a quote there is never closed, close it; nothing was"
                " withdrawn"
            )
            yield replace(last, cursor=None, final=False)
            return
        yield last
