"""The rows of a drill-down as people see them: privacy applied, sorted, filtered, exported.

Qt-free, so the rules a wall screen relies on (names as initials, contact details masked, no
rows for a word too few customers used) and the export's safety are tested without widgets;
``kiosk.views.customer_table`` shows these rows in a table.
"""

from __future__ import annotations

import csv
import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from kiosk.insight import sentence_around
from kiosk.model import Kind, Status
from kiosk.outbox.values import ItemDelivery
from kiosk.privacy import initials, mask_personal
from kiosk.safetext import clean_name, clean_text, spreadsheet_safe
from kiosk.values import TermMention

__all__ = [
    "HEADERS",
    "Column",
    "DrilldownOptions",
    "RowTable",
    "ShownRow",
]


@dataclass(frozen=True, slots=True)
class DrilldownOptions:
    """How the drill-down behaves: the profile's privacy, the per-feed CRM links, and the
    question each feed's texts answer, where its settings name one (``questions``: "What
    went wrong?", from the feed's text column, or the kind its ``answers`` option leans to)."""

    wall: bool = False
    mask_on_wall: bool = True
    min_customers: int = 3
    idle_close_seconds: int = 60
    link_templates: Mapping[str, str] = field(default_factory=dict)
    questions: Mapping[str, str] = field(default_factory=dict)

    @property
    def private(self) -> bool:
        """Whether names and contact details are masked."""
        return self.wall and self.mask_on_wall

    def hides_rows(self, customers: int) -> bool:
        """Whether a word's individual feedback stays hidden: on the wall, a word fewer than
        ``min_customers`` customers used would point at the few who used it."""
        return self.wall and customers < self.min_customers


_STATUS_LABEL = {
    Status.NEW: "not yet",
    Status.ACKNOWLEDGED: "acknowledged",
    Status.IN_PROGRESS: "in progress",
    Status.RESOLVED: "resolved",
    Status.DECLINED: "declined",
}


class Column(enum.IntEnum):
    """The table's columns, in order."""

    CUSTOMER = 0
    KIND = 1
    SAID = 2
    DATE = 3
    CHANNEL = 4
    SEGMENT = 5
    VALUE = 6
    VOTES = 7
    ANSWERED = 8


HEADERS = {
    Column.CUSTOMER: "Customer",
    Column.KIND: "Kind",
    Column.SAID: "What they said",
    Column.DATE: "Date",
    Column.CHANNEL: "Channel",
    Column.SEGMENT: "Segment",
    Column.VALUE: "Value",
    Column.VOTES: "Votes",
    Column.ANSWERED: "Answered",
}

# The export's column giving each row's instant unambiguously.
EXACT_TIME = "Date and time (ISO 8601, with UTC offset)"


class ShownRow:
    """A row as shown: privacy applied, the sentence cut, the term's span inside it.

    Everything but the mention is worked out when first asked for, so loading 50,000 rows
    costs next to nothing and only the rows on screen pay for their sentence.
    """

    def __init__(self, mention: TermMention, *, private: bool) -> None:
        self.mention = mention
        self.private = private
        # Where our newest message answering the item is (the desk's outbox; None: none).
        self.delivery: ItemDelivery | None = None

    @cached_property
    def customer(self) -> str:
        """The customer's name, or initials when private."""
        name = self.mention.customer_name
        if self.private:
            return initials(name)
        # A name is one line: its breaks are spaces, its controls marks.
        return clean_name(name or self.mention.customer_id)

    @cached_property
    def _sentence(self) -> tuple[str, int, int]:
        m = self.mention
        sentence, start, end = sentence_around(clean_text(m.text), m.start, m.end)
        if self.private:
            masked = mask_personal(sentence, m.customer_name)
            if masked != sentence:
                # Masking moved the span; find the term again in the masked sentence.
                term = sentence[start:end]
                found = masked.find(term)
                start, end = (found, found + len(term)) if found >= 0 else (0, 0)
                sentence = masked
        return sentence, start, end

    @property
    def sentence(self) -> str:
        """The sentence with the term, cut to a readable length."""
        return self._sentence[0]

    @property
    def start(self) -> int:
        """Where the term starts in ``sentence``."""
        return self._sentence[1]

    @property
    def end(self) -> int:
        """Where the term ends in ``sentence``."""
        return self._sentence[2]

    @property
    def answered(self) -> str:
        """Whether, and when, the company answered: our newest message's state first (sent,
        queued, failed with the reason...), else the source's status."""
        if self.delivery is not None:
            return self.delivery.text
        return self.source_answer

    @cached_property
    def source_answer(self) -> str:
        """Whether the source has a response, and when, with its status.

        A status without a response ("acknowledged", "resolved") is no answer to the customer,
        as every count has it: the column says "not yet" first, so it never reads as one.
        """
        m = self.mention
        if m.response_at is not None:
            state = "answered" if m.status is Status.NEW else _STATUS_LABEL[m.status]
            return f"{state}, {m.response_at.astimezone():%Y-%m-%d}"
        if m.status is Status.NEW:
            return _STATUS_LABEL[m.status]
        return f"not yet ({_STATUS_LABEL[m.status]})"

    @property
    def answered_detail(self) -> str:
        """Everything known about the answer: our message's state and the source's status."""
        if self.delivery is None:
            return self.source_answer
        return f"{self.delivery.detail}\nAt the source: {self.source_answer}"

    @property
    def kind_detail(self) -> str:
        """Where the row's kind comes from, and the customer's rating if they gave one."""
        m = self.mention
        parts = [m.kind.value]
        if m.corrected:
            parts.append(f"set by {m.corrected_by}" if m.corrected_by else "set by a person")
        if m.rating is not None:
            parts.append(f"rated {m.rating}")
        return ", ".join(parts)

    def cell(self, column: Column) -> str:
        """Return the text of one cell."""
        m = self.mention
        match column:
            case Column.CUSTOMER:
                return self.customer
            case Column.SEGMENT:
                return m.segment or ""
            case Column.VALUE:
                return "" if m.value is None else f"{m.value:,.0f}"
            case Column.CHANNEL:
                return m.channel or ""
            case Column.DATE:
                return f"{m.created_at.astimezone():%Y-%m-%d %H:%M}"
            case Column.KIND:
                # The pencil says a person set it: the correction wins over every inference.
                return m.kind.value.capitalize() + (" ✎" if m.corrected else "")
            case Column.SAID:
                return self.sentence
            case Column.VOTES:
                return str(m.votes) if m.votes else ""
            case Column.ANSWERED:
                return self.answered
        return ""  # pragma: no cover - every column is matched


def _sort_key(column: Column) -> Callable[[ShownRow], Any]:
    match column:
        case Column.VALUE:
            return lambda r: (r.mention.value is None, r.mention.value or 0.0)
        case Column.DATE:
            return lambda r: r.mention.created_at
        case Column.VOTES:
            return lambda r: r.mention.votes
        case Column.ANSWERED:
            return lambda r: (r.mention.response_at is None, r.mention.response_at or 0, r.answered)
        case _:
            return lambda r: r.cell(column).casefold()


class RowTable:
    """A drill-down's rows: every row loaded, and the ones shown after filtering and sorting.

    Sorting and filtering work on plain lists (one key function per sort), so 50,000 rows stay
    fast.
    """

    def __init__(self) -> None:
        self.all: list[ShownRow] = []
        self.shown: list[ShownRow] = []
        self.kind: Kind | None = None
        self.search = ""
        self.sort: tuple[Column, bool] = (Column.DATE, True)  # (column, descending)

    def set_rows(self, mentions: Sequence[TermMention], *, private: bool) -> None:
        """Replace every row."""
        self.all = [ShownRow(m, private=private) for m in mentions]
        self._apply()

    def set_filter(self, kind: Kind | None = None, search: str = "") -> None:
        """Show only rows of one kind (None: all) whose text or customer contains ``search``."""
        self.kind, self.search = kind, search.strip().casefold()
        self._apply()

    def set_deliveries(self, deliveries: Mapping[int, ItemDelivery]) -> None:
        """Take where our messages answering the items are (by feedback id); the others have
        none."""
        for row in self.all:
            row.delivery = deliveries.get(row.mention.feedback_id)
        if self.sort[0] is Column.ANSWERED:
            self._apply()

    def set_sort(self, column: Column, descending: bool) -> None:
        """Sort the shown rows by a column."""
        self.sort = (column, descending)
        self._apply()

    def _apply(self) -> None:
        rows = self.all
        if self.kind is not None:
            rows = [r for r in rows if r.mention.kind is self.kind]
        if self.search:
            needle = self.search
            # Private rows are searched as shown, so a search cannot probe masked details.
            rows = [
                r
                for r in rows
                if needle in (r.sentence if r.private else r.mention.text).casefold()
                or needle in r.customer.casefold()
            ]
        column, descending = self.sort
        self.shown = sorted(rows, key=_sort_key(column), reverse=descending)

    def position_of(self, feedback_id: int) -> int | None:
        """Return where an item's row is shown now, or None when it is filtered out."""
        for i, row in enumerate(self.shown):
            if row.mention.feedback_id == feedback_id:
                return i
        return None

    def export_csv(self, path: Path, rows: Sequence[int] | None = None) -> int:
        """Write the shown rows (or the given positions) as CSV that Excel opens correctly.

        UTF-8 with a byte-order mark, because Excel reads a file without one as the local
        code page and mangles every accent; no cell can run as a formula. The "Date" column is
        this machine's local time, as on screen (a spreadsheet reads it as a date); the column
        before the full text gives the same instant with its offset from UTC, so a file sent
        from a wall in New York is not read as London time. Returns the number of rows written.
        """
        chosen = self.shown if rows is None else [self.shown[i] for i in rows]
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, dialect="excel")
            writer.writerow([HEADERS[c] for c in Column] + [EXACT_TIME, "Full text"])
            for r in chosen:
                full = clean_text(r.mention.text)
                if r.private:
                    full = mask_personal(full, r.mention.customer_name)
                exact = r.mention.created_at.astimezone().isoformat(timespec="seconds")
                writer.writerow(
                    [spreadsheet_safe(r.cell(c)) for c in Column] + [exact, spreadsheet_safe(full)]
                )
        return len(chosen)

    def as_tsv(self, rows: Sequence[int]) -> str:
        """Return rows as tab-separated text for the clipboard; pasted into a spreadsheet,
        no cell runs as a formula (the same rule as the CSV export)."""
        lines = ["\t".join(HEADERS[c] for c in Column)]
        for i in rows:
            # Every break a spreadsheet may start a row or a cell at (a carriage return, a
            # vertical tab, a Unicode line separator) becomes a space: a formula after one
            # would open a cell of its own, where the check of the first character misses it.
            cells = (
                spreadsheet_safe(clean_text(" ".join(self.shown[i].cell(c).split())))
                for c in Column
            )
            lines.append("\t".join(cells))
        return "\n".join(lines)
