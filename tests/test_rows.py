"""A drill-down's rows without Qt: privacy on the wall, the minimum-customers gate, filters,
sorting, and exports that a spreadsheet cannot run."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.model import Kind, Rating, RatingScale, Status
from kiosk.rows import EXACT_TIME, Column, DrilldownOptions, RowTable, ShownRow
from kiosk.values import TermMention

WHEN = datetime(2026, 11, 3, 9, 30, tzinfo=UTC)


def mention(
    fid: int, text: str, name: str | None, kind: Kind = Kind.COMPLAINT, **over
) -> TermMention:
    start = text.index("delivery")
    values = dict(
        feedback_id=fid,
        feed_id="web",
        external_id=str(fid),
        kind=kind,
        start=start,
        end=start + 8,
        created_at=WHEN.replace(day=fid),
        text=text,
        channel="email",
        votes=0,
        status=Status.NEW,
        response_at=None,
        url=None,
        customer_id=f"c{fid}",
        customer_name=name,
        customer_email=None,
        segment="Gold",
        value=100.0 * fid,
    )
    values.update(over)
    return TermMention(**values)  # type: ignore[arg-type]


ROWS = [
    mention(1, "The delivery was late, call Ann Lee on +44 20 7946 0958.", "Ann Lee"),
    mention(2, '=HYPERLINK("http://x") delivery', "Bob Stone", Kind.IDEA),
    mention(
        3,
        "Great delivery!",
        None,
        Kind.COMPLIMENT,
        rating=Rating(5, RatingScale.STARS),
        corrected=True,
        corrected_by="Priya",
    ),
]


def test_the_wall_shows_initials_and_masks_contacts() -> None:
    table = RowTable()
    table.set_rows(ROWS, private=True)
    table.set_sort(Column.DATE, descending=False)
    first = table.shown[0]
    assert first.customer == "A. L."
    assert "+44" not in first.sentence and "[phone]" in first.sentence
    assert "Ann Lee" not in first.sentence
    assert first.sentence[first.start : first.end] == "delivery"
    # A search cannot find what the masking hides.
    table.set_filter(search="7946")
    assert table.shown == []


def test_the_desk_shows_everything_and_filters_by_kind() -> None:
    table = RowTable()
    table.set_rows(ROWS, private=False)
    assert {r.customer for r in table.shown} == {"Ann Lee", "Bob Stone", "c3"}
    table.set_filter(kind=Kind.IDEA)
    assert [r.mention.feedback_id for r in table.shown] == [2]
    table.set_filter(search="great")
    assert [r.mention.feedback_id for r in table.shown] == [3]


def test_a_corrected_kind_and_a_rating_are_said() -> None:
    table = RowTable()
    table.set_rows(ROWS, private=False)
    (row,) = [r for r in table.shown if r.mention.feedback_id == 3]
    assert row.cell(Column.KIND) == "Compliment ✎"
    assert row.kind_detail == "compliment, set by Priya, rated 5 of 5 stars"


def test_a_few_customers_keep_their_feedback_off_the_wall() -> None:
    wall = DrilldownOptions(wall=True, min_customers=3)
    assert wall.private and wall.hides_rows(2) and not wall.hides_rows(3)
    desk = DrilldownOptions(wall=False, min_customers=3)
    assert not desk.private and not desk.hides_rows(1)


def test_exports_never_run_as_formulas(tmp_path: Path) -> None:
    table = RowTable()
    table.set_rows(ROWS, private=False)
    out = tmp_path / "rows.csv"
    assert table.export_csv(out) == 3
    cells = [c for row in csv.reader(out.read_text("utf-8-sig").splitlines()) for c in row]
    assert any(c.startswith("'=HYPERLINK") for c in cells)
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    pasted = table.as_tsv(range(3)).split("\n")
    assert pasted[0].startswith("Customer\tKind")
    assert not any(c.startswith(("=", "+", "-", "@")) for line in pasted for c in line.split("\t"))


def test_a_formula_after_a_line_break_in_a_cell_is_not_pasted_as_a_cell() -> None:
    breaks = ("\r", "\r\n", "\x0b", "\x0c", "\u2028", "\x85", "\t")
    rows = [
        mention(n, f"late delivery{b}=SUM(A1)", f'Bob{b}=HYPERLINK("x")')
        for n, b in enumerate(breaks, start=1)
    ]
    table = RowTable()
    table.set_rows(rows, private=False)
    pasted = table.as_tsv(range(len(rows)))
    lines = pasted.split("\n")
    width = len(lines[0].split("\t"))
    assert len(lines) == 1 + len(rows)  # a line per row: no break inside a cell
    assert all(len(line.split("\t")) == width for line in lines)
    assert not any(ch in pasted for ch in "\r\x0b\x0c\u2028\x85")
    assert all("Bob =HYPERLINK" in line for line in lines[1:])


def test_a_status_without_a_response_never_reads_as_an_answer() -> None:
    answered_at = datetime(2026, 3, 9, 12).astimezone()  # noon here: 9 March in every zone
    cases: list[tuple[dict[str, Any], str]] = [
        ({}, "not yet"),
        ({"status": Status.ACKNOWLEDGED}, "not yet (acknowledged)"),
        ({"status": Status.RESOLVED}, "not yet (resolved)"),
        ({"response_at": answered_at}, "answered, 2026-03-09"),
        ({"status": Status.RESOLVED, "response_at": answered_at}, "resolved, 2026-03-09"),
    ]
    for over, expected in cases:
        row = ShownRow(mention(1, "The delivery was late", "Ann", **over), private=False)
        # The counts call an item answered when it has a response: the column agrees.
        assert row.answered.split(",")[0].startswith("not yet") == (over.get("response_at") is None)
        assert row.answered == expected


def test_an_export_says_each_rows_instant_with_its_offset(tmp_path: Path) -> None:
    # "2026-11-03 09:30" alone is read as the reader's own local time, hours off for a file
    # sent between offices; the exact column carries the offset.
    table = RowTable()
    table.set_rows(ROWS, private=False)
    table.set_sort(Column.DATE, descending=False)
    out = tmp_path / "rows.csv"
    table.export_csv(out)
    written = list(csv.DictReader(out.read_text("utf-8-sig").splitlines()))
    assert [datetime.fromisoformat(r[EXACT_TIME]) for r in written] == [m.created_at for m in ROWS]
    for r in written:
        exact = datetime.fromisoformat(r[EXACT_TIME])
        assert exact.utcoffset() is not None
        assert r["Date"] == f"{exact:%Y-%m-%d %H:%M}"
