"""The CSV source: encodings, delimiters, quoting, ragged rows, presets and unchanged files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from kiosk.model import Kind
from kiosk.store import Store
from kiosk.sync import run_once
from kiosk.sync.sources.csv_source import _PAGE_ROWS
from tests.sync.conftest import feed, settings_with

ROWS = (
    "id,date,name,email,comment,type\n"
    "1,2026-03-01 10:00,Zoë Brontë,zoe@example.com,Café was lovely — merci!,praise\n"
    '2,2026-03-02 11:30,Ana,ana@example.com,"Two lines:\nthe queue, and the ""price""",complaint\n'
    "3,2026-03-03T08:00:00Z,Bo,,Order tracking please,idea\n"
)


def _sync(store: Store, **options):
    (report,) = run_once(settings_with(feed("survey", "csv", **options)), store)
    return report


def _write(tmp_path: Path, data: bytes, name: str = "feedback.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("encoding", "prefix", "note"),
    [
        ("utf-8", b"", None),
        ("utf-8", b"\xef\xbb\xbf", None),
        ("utf-16", b"", None),
        ("utf-16-le", b"", "read as UTF-16-LE (detected)"),
        ("cp1252", b"", "read as Windows-1252"),
    ],
)
def test_encodings(
    tmp_path: Path, store: Store, encoding: str, prefix: bytes, note: str | None
) -> None:
    path = _write(tmp_path, prefix + ROWS.encode(encoding))
    report = _sync(store, path=str(path), mapping={"customer_name": "Name"})
    assert report.ok, report.error
    assert report.new == 3
    row = store.get("survey", "1")
    assert row is not None
    assert row.feedback.text == "Café was lovely — merci!"
    assert row.feedback.customer.name == "Zoë Brontë"
    assert row.feedback.customer.id == "zoe@example.com"
    assert row.feedback.kind is Kind.COMPLIMENT
    quoted = store.get("survey", "2")
    assert quoted is not None and quoted.feedback.text == 'Two lines:\nthe queue, and the "price"'
    if note:
        assert any(note in n for n in report.notes), report.notes
    else:
        assert report.notes == ()


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_delimiters_are_detected(tmp_path: Path, store: Store, delimiter: str) -> None:
    text = ROWS.replace(",", delimiter).replace(f"the queue{delimiter} and", "the queue, and")
    report = _sync(store, path=str(_write(tmp_path, text.encode())))
    assert report.ok, report.error
    assert report.new == 3


def test_explicit_tab_delimiter_and_encoding(tmp_path: Path, store: Store) -> None:
    text = "id\tdate\tcomment\n1\t2026-03-01\tSüß\n"
    path = _write(tmp_path, text.encode("cp1252"))
    report = _sync(store, path=str(path), delimiter="tab", encoding="cp1252")
    assert report.ok and report.notes == ()
    row = store.get("survey", "1")
    assert row is not None and row.feedback.text == "Süß"


def test_wrong_explicit_encoding_says_so(tmp_path: Path, store: Store) -> None:
    path = _write(tmp_path, ROWS.encode("cp1252"))
    report = _sync(store, path=str(path), encoding="utf-8")
    assert not report.ok
    assert "is not utf-8 text" in str(report.error)


def test_unknown_encoding_is_an_error_not_a_guess(tmp_path: Path, store: Store) -> None:
    noise = bytes((i * 37 + 11) % 256 for i in range(4000))
    report = _sync(store, path=str(_write(tmp_path, b"id,date,comment\n" + noise)))
    assert not report.ok
    assert "text encoding of the file feedback.csv could not be told" in str(report.error)
    assert store.count() == 0


def test_ragged_rows_and_nul_bytes(tmp_path: Path, store: Store) -> None:
    data = (
        b"id,date,comment,extra\n"
        b"1,2026-03-01,fine\n"
        b"2,2026-03-02,too many,a,b,c\n"
        b"3,2026-03-03\n"
        b"4,2026-03-04,with a \x00 nul,x\n"
        b"\n"
    )
    report = _sync(store, path=str(_write(tmp_path, data)))
    assert report.ok, report.error
    assert (report.new, report.skipped) == (3, 1)
    assert "id '3': no text" in report.skip_reasons[0]
    assert "removed 1 NUL character" in report.notes
    assert "3 rows had more or fewer cells than the header" in report.notes
    row = store.get("survey", "4")
    assert row is not None and row.feedback.text == "with a  nul"


def test_google_forms_export_without_ids(tmp_path: Path, store: Store) -> None:
    text = (
        "Timestamp,Email Address,How was your visit?\n"
        "3/5/2026 10:15:00,a@example.com,Great staff\n"
        "3/6/2026 17:01:44,b@example.com,Too loud\n"
        "3/6/2026 17:01:44,b@example.com,Too loud\n"
    )
    path = _write(tmp_path, text.encode())
    report = _sync(
        store, path=str(path), preset="google_forms", mapping={"text": "How was your visit?"}
    )
    assert report.ok, report.error
    assert (report.new, report.duplicates) == (2, 1)
    rows = list(store.feedback_between())
    assert [r.feedback.customer.id for r in rows] == ["a@example.com", "b@example.com"]
    assert rows[0].feedback.created_at.isoformat() == "2026-03-05T10:15:00+00:00"


def test_missing_text_column_lists_the_columns(tmp_path: Path, store: Store) -> None:
    path = _write(tmp_path, b"Respondent ID,End Date,Q1\n1,2026-03-01,hi\n")
    report = _sync(store, path=str(path), preset="surveymonkey")
    assert not report.ok
    assert "no column for text (set mapping.text)" in str(report.error)
    assert "'Respondent ID', 'End Date', 'Q1'" in str(report.error)


def test_unchanged_file_costs_nothing_and_vanished_rows_are_withdrawn(
    tmp_path: Path, store: Store
) -> None:
    path = _write(tmp_path, ROWS.encode())
    assert _sync(store, path=str(path)).new == 3
    assert _sync(store, path=str(path)).not_modified
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    touched = _sync(store, path=str(path))
    assert touched.not_modified
    path.write_bytes(ROWS.rsplit("3,", 1)[0].encode())
    shrunk = _sync(store, path=str(path))
    assert (shrunk.withdrawn, shrunk.unchanged) == (1, 2)
    assert store.count() == 2


def test_a_file_that_loses_a_row_and_gains_another_withdraws_only_the_lost_one(
    tmp_path: Path, store: Store
) -> None:
    path = _write(tmp_path, ROWS.encode())
    assert _sync(store, path=str(path)).new == 3
    kept = ROWS.rsplit("3,", 1)[0]
    path.write_bytes((kept + "4,2026-03-04 09:00,Cy,,Lovely staff,praise\n").encode())
    report = _sync(store, path=str(path))
    assert (report.new, report.unchanged, report.withdrawn) == (1, 2, 1)
    assert [r.feedback.external_id for r in store.search("staff")] == ["4"]
    gone = store.get("survey", "3")
    assert gone is not None and gone.withdrawn
    # Read again unchanged but touched, nothing more goes.
    path.write_bytes(path.read_bytes() + b"\n")
    again = _sync(store, path=str(path))
    assert (again.new, again.withdrawn, store.count()) == (0, 0, 3)


def test_a_row_without_an_id_keeps_every_stored_item_until_the_file_is_fixed(
    tmp_path: Path, store: Store
) -> None:
    path = _write(tmp_path, ROWS.encode())
    assert _sync(store, path=str(path)).new == 3
    # Someone cleared row 3's id and deleted row 2: which stored item row 3 is, nobody knows.
    rows = ROWS.splitlines(keepends=True)
    path.write_bytes(
        (rows[0] + rows[1] + ",2026-03-03 08:00,Bo,,Order tracking please,idea\n").encode()
    )
    report = _sync(store, path=str(path))
    assert report.ok and (report.skipped, report.withdrawn) == (1, 0)
    assert (
        "1 skipped record had no id that could be read; nothing was withdrawn, as any of them"
        " may be an item already stored" in str(report)
    )
    assert store.count() == 3
    # Row 3's id back: row 2 is gone for good, and withdrawn.
    path.write_bytes((rows[0] + rows[1] + rows[-1]).encode())
    fixed = _sync(store, path=str(path))
    assert (fixed.withdrawn, fixed.notes, store.count()) == (1, (), 2)
    gone = store.get("survey", "2")
    assert gone is not None and gone.withdrawn


def test_missing_file(tmp_path: Path, store: Store) -> None:
    report = _sync(store, path=str(tmp_path / "gone.csv"))
    assert "does not exist (is the shared drive connected?)" in str(report.error)


def test_file_over_the_limit(tmp_path: Path, store: Store) -> None:
    path = _write(tmp_path, ROWS.encode() * 400)
    report = _sync(store, path=str(path), max_response_mb=0.01)
    assert "is larger than the limit of 0.01 MB" in str(report.error)


def test_csv_over_http_with_etag(httpserver: HTTPServer, store: Store) -> None:
    httpserver.expect_ordered_request("/export.csv").respond_with_data(
        ROWS.encode("utf-16"), content_type="text/csv", headers={"ETag": '"e1"'}
    )
    httpserver.expect_ordered_request(
        "/export.csv", headers={"If-None-Match": '"e1"'}
    ).respond_with_data("", status=304)
    url = httpserver.url_for("/export.csv")
    assert _sync(store, url=url).new == 3
    assert _sync(store, url=url).not_modified


def test_csv_url_answering_with_a_web_page(httpserver: HTTPServer, store: Store) -> None:
    httpserver.expect_request("/export.csv").respond_with_data(
        "<html>login</html>", content_type="text/html"
    )
    report = _sync(store, url=httpserver.url_for("/export.csv"))
    assert "sent a web page (HTML) instead of a CSV file" in str(report.error)


def test_many_rows_come_in_pages(tmp_path: Path, store: Store) -> None:
    rows = 2 * _PAGE_ROWS + 500
    lines = ["id,date,comment"] + [f"{i},2026-03-01,item {i}" for i in range(rows)]
    report = _sync(store, path=str(_write(tmp_path, "\n".join(lines).encode())))
    assert (report.ok, report.new, report.pages) == (True, rows, 3)


def test_a_cell_over_the_csv_modules_128_kb_costs_nothing(tmp_path: Path, store: Store) -> None:
    long = "word " * 60_000  # 300 KB in one quoted cell
    data = f'id,date,comment\n1,2026-03-01,late\n2,2026-03-02,"{long}"\n3,2026-03-03,rude\n'
    report = _sync(store, path=str(_write(tmp_path, data.encode())))
    assert report.ok, report.error
    assert report.new == 3
    row = store.get("survey", "2")
    assert row is not None and len(row.feedback.text) == len(long.strip())


def test_a_column_name_given_twice_reads_the_first(tmp_path: Path, store: Store) -> None:
    data = b"id,date,comment,comment\n1,2026-03-01,late again,\n2,2026-03-02,rude staff,\n"
    report = _sync(store, path=str(_write(tmp_path, data)))
    assert report.ok, report.error
    assert (report.new, report.skipped) == (2, 0)
    assert any("'comment' more than once" in note for note in report.notes)
    row = store.get("survey", "1")
    assert row is not None and row.feedback.text == "late again"


def test_a_header_of_half_a_million_columns_is_refused(tmp_path: Path, store: Store) -> None:
    data = b"id,date,comment" + b"," * 500_000 + b"\n1,2026-03-01,late\n"
    report = _sync(store, path=str(_write(tmp_path, data)))
    assert not report.ok
    assert "its header, is 500,015 characters long" in str(report.error)


def test_a_line_from_windows_1252_in_a_utf8_file_costs_no_other_row(
    tmp_path: Path, store: Store
) -> None:
    path = _write(tmp_path, "id,date,comment\n1,2026-03-01,spät; café crème\n".encode())
    assert _sync(store, path=str(path)).new == 1
    with path.open("ab") as fh:  # a line pasted from a Windows program
        fh.write(b"2,2026-03-02,\xc4rger \xfcber R\xfcckerstattung\r\n")
    report = _sync(store, path=str(path))
    assert report.ok, report.error
    assert (report.new, report.changed, report.unchanged) == (1, 0, 1)
    assert any("UTF-8 but for 3 bytes, read as Windows-1252" in n for n in report.notes)
    first, second = store.get("survey", "1"), store.get("survey", "2")
    assert first is not None and first.feedback.text == "spät; café crème"
    assert second is not None and second.feedback.text == "Ärger über Rückerstattung"


def test_a_renamed_id_column_changes_nothing_and_says_so(tmp_path: Path, store: Store) -> None:
    rows = "1,2026-03-01,late\n2,2026-03-02,rude\n3,2026-03-03,broken\n"
    path = _write(tmp_path, ("id,date,comment\n" + rows).encode())
    assert _sync(store, path=str(path)).new == 3
    _write(tmp_path, ("ref,date,comment\n" + rows).encode())
    report = _sync(store, path=str(path))
    assert not report.ok
    assert "told apart by their whole contents (no id column) now" in str(report.error)
    assert "and were by 'id'" in str(report.error)
    assert (report.new, report.withdrawn) == (0, 0)
    assert store.count() == 3 and store.get("survey", "1") is not None


def test_a_utf8_file_with_a_bom_and_a_stray_windows_byte_is_read(
    tmp_path: Path, store: Store
) -> None:
    data = "\ufeffid,date,comment\n1,2026-03-01,café\n".encode() + b"2,2026-03-02,na\xefve\n"
    report = _sync(store, path=str(_write(tmp_path, data)))
    assert report.ok, report.error
    assert report.new == 2
    row = store.get("survey", "2")
    assert row is not None and row.feedback.text == "naïve"


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", '[{"id": 1, "text": "Late again, the delivery"}]'),
        ("text/csv", '[{"id": 1, "text": "Late again, the delivery"}]'),
        ("text/csv", '[\n  {\n    "id": 1,\n    "text": "Late again, the delivery"\n  }\n]\n'),
    ],
)
def test_json_sent_as_csv_is_named_as_json(
    httpserver: HTTPServer, store: Store, content_type: str, body: str
) -> None:
    httpserver.expect_request("/export.csv").respond_with_data(body, content_type=content_type)
    report = _sync(store, url=httpserver.url_for("/export.csv"))
    assert not report.ok
    assert 'sent JSON, not a CSV file; a JSON API is read by a feed of kind "http"' in str(
        report.error
    )
    assert "The columns are" not in str(report.error)


def test_a_csv_whose_header_has_braces_is_still_csv(tmp_path: Path, store: Store) -> None:
    data = b'{id},date,text\n1,2026-03-01,"Late again, the delivery"\n'
    report = _sync(store, path=str(_write(tmp_path, data)), mapping={"external_id": "{id}"})
    assert "JSON" not in str(report.error)


def test_a_web_page_sent_as_csv_is_named_as_a_web_page(tmp_path: Path, store: Store) -> None:
    page = b"<!DOCTYPE html>\n<html><body>Please sign in</body></html>\n"
    report = _sync(store, path=str(_write(tmp_path, page)))
    assert not report.ok
    assert "is a web page (HTML), not a CSV file" in str(report.error)


def test_a_line_of_millions_of_characters_is_skipped_in_pieces(
    tmp_path: Path, store: Store
) -> None:
    from kiosk.sync.sources.csv_source import _MAX_LINE_CHARS

    huge = "x" * (_MAX_LINE_CHARS + 10) + "\U0001f600"
    data = f"id,date,comment\n1,2026-03-01,late\n2,2026-03-02,{huge}\n3,2026-03-03,rude\n"
    report = _sync(store, path=str(_write(tmp_path, data.encode())))
    assert report.ok, report.error
    assert (report.new, report.skipped) == (2, 1)
    assert "line 3: over 1,000,000 characters long" in report.skip_reasons[0]
    assert store.get("survey", "3") is not None


def test_a_header_longer_than_any_line_may_be_is_named_as_the_header(
    tmp_path: Path, store: Store
) -> None:
    data = b"id,date,comment" + b"," * 2_000_000 + b"\n1,2026-03-01,late\n"
    report = _sync(store, path=str(_write(tmp_path, data)))
    assert not report.ok
    assert "its header, is over 1,000,000 characters long" in str(report.error)


@pytest.mark.parametrize(
    ("codec", "text"),
    [
        ("gbk", "服务很好，价格合理，送货很快。"),
        ("euc-kr", "서비스가 아주 좋았어요. 배송이 너무 늦었습니다."),
        ("big5", "服務很好，價格合理，送貨很快。"),
    ],
)
def test_a_chinese_or_korean_export_is_not_taken_for_utf8_with_stray_bytes(
    tmp_path: Path, store: Store, codec: str, text: str
) -> None:
    rows = "".join(f"{i},2026-03-01,{text}\n" for i in range(300))
    path = _write(tmp_path, ("id,date,comment\n" + rows).encode(codec))
    report = _sync(store, path=str(path))
    assert report.ok, report.error
    row = store.get("survey", "7")
    assert row is not None and row.feedback.text == text


def test_an_id_column_that_only_changes_case_keeps_its_items(tmp_path: Path, store: Store) -> None:
    rows = "1,2026-03-01,late\n2,2026-03-02,rude\n"
    path = _write(tmp_path, ("ID,date,comment\n" + rows).encode())
    assert _sync(store, path=str(path)).new == 2
    _write(tmp_path, ("id,date,comment\n" + rows).encode())
    report = _sync(store, path=str(path))
    assert report.ok, report.error
    assert (report.new, report.withdrawn, report.unchanged) == (0, 0, 2)


def test_a_huge_column_name_costs_a_line_in_the_message(tmp_path: Path, store: Store) -> None:
    header = ",".join(["id", "date", "Q" * 50_000, *(f"extra{i}" for i in range(40))])
    path = _write(tmp_path, f"{header}\n1,2026-03-01,hi\n".encode())
    report = _sync(store, path=str(path), preset="none", mapping={"external_id": "id"})
    assert not report.ok
    error = str(report.error)
    assert "no column for text (set mapping.text)" in error
    assert len(error) < 3_000
    assert "'QQQQ" in error and "and 13 more" in error


def test_a_file_caught_half_written_twice_never_empties_the_wall(
    tmp_path: Path, store: Store
) -> None:
    whole = ROWS.encode()
    header = ROWS.splitlines(keepends=True)[0].encode()
    path = _write(tmp_path, whole)
    assert _sync(store, path=str(path)).new == 3
    for _ in range(2):
        path.write_bytes(header)  # caught while it is copied
        caught = _sync(store, path=str(path))
        assert caught.ok and caught.withdrawn == 0 and store.count() == 3
        assert any("no longer has 3 of the 3 items" in note for note in caught.notes)
        path.write_bytes(whole)  # the copy done: the same file as the last read
        done = _sync(store, path=str(path))
        assert done.ok and done.withdrawn == 0 and store.count() == 3


def test_a_file_whose_every_row_is_unusable_is_a_failing_feed_until_fixed(
    tmp_path: Path, store: Store
) -> None:
    # The export's dates changed format: nothing of it can be read.
    bad = ROWS.replace("2026-03-01 10:00", "first of March").replace(
        "2026-03-02 11:30", "2nd March"
    )
    bad = bad.replace("2026-03-03T08:00:00Z", "March 3rd-ish")
    path = _write(tmp_path, bad.encode())
    for _ in range(2):  # failing on every pass, not "unchanged since the last sync"
        report = _sync(store, path=str(path))
        assert not report.ok and not report.transient
        assert report.error is not None
        assert report.error.startswith("none of the 3 records read could be used (first: ")
        assert "'first of March' is not a date" in report.error
        # Named by its line in the file, as a person finds it (helper-42 met "rows up to 4
        # record 1"); row 2 spans lines 3-4, so row 3 starts on line 5.
        assert "(first: line 2: id '1': created_at 'first of March'" in report.error
        assert report.skip_reasons[2].startswith("line 5: id '3'")
        assert "before that" not in str(report)  # nothing stored to tell of
    assert store.count() == 0
    # Fixed: every row is read at once, though the file's cursor was seen before.
    path.write_bytes(ROWS.encode())
    fixed = _sync(store, path=str(path))
    assert fixed.ok and fixed.new == 3


def test_one_unusable_row_alone_is_a_skip_not_a_failure(tmp_path: Path, store: Store) -> None:
    path = _write(tmp_path, ROWS.encode())
    assert _sync(store, path=str(path)).new == 3
    rows = ROWS.splitlines(keepends=True)
    path.write_bytes((rows[0] + "4,someday,Cy,,The lift is broken,complaint\n").encode())
    report = _sync(store, path=str(path))
    assert report.ok and report.skipped == 1


def test_an_export_escaped_for_a_web_page_is_decoded(tmp_path: Path, store: Store) -> None:
    data = b'id,date,comment\n1,2026-03-01,"Fish &amp; chips were great, didn&#x27;t wait"\n'
    report = _sync(store, path=str(_write(tmp_path, data)))
    assert report.ok, report.error
    row = store.get("survey", "1")
    assert row is not None and row.feedback.text == "Fish & chips were great, didn't wait"


def test_a_question_left_blank_is_no_answer_not_a_broken_record(
    tmp_path: Path, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    # A survey's "What went wrong?": most respondents leave it blank. As skipped records
    # they warned in the log every pass, and a first page with no answer yet failed the feed.
    path = tmp_path / "survey.csv"
    head = "Respondent,Submitted,What went wrong?\n"
    path.write_text(head + "r1,2026-03-01,\nr2,2026-03-02,\nr3,2026-03-03,\n", encoding="utf-8")
    mapping = {"external_id": "Respondent", "created_at": "Submitted", "text": "What went wrong?"}
    options = {"path": str(path), "mapping": mapping, "answers": "complaint"}
    caplog.set_level("WARNING")
    report = _sync(store, **options)
    assert report.ok and report.error is None, report
    assert (report.new, report.skipped, report.blank) == (0, 0, 3)
    assert "3 left blank" in str(report) and "skipped" not in str(report)
    assert not [r for r in caplog.records if "skipped a record" in r.getMessage()]
    # Answered later, then erased: no answer, no item (the source no longer has it).
    path.write_text(
        head + "r1,2026-03-01,The parking\nr2,2026-03-02,\nr3,2026-03-03,Cold room\n",
        encoding="utf-8",
    )
    os.utime(path, (1_900_000_000, 1_900_000_000))
    report = _sync(store, **options)
    assert (report.new, report.blank) == (2, 1)
    path.write_text(
        head + "r1,2026-03-01,\nr2,2026-03-02,\nr3,2026-03-03,Cold room\n", encoding="utf-8"
    )
    os.utime(path, (1_900_000_100, 1_900_000_100))
    report = _sync(store, **options)
    assert (report.withdrawn, report.blank) == (1, 2), report
    gone = store.get("survey", "r1")
    assert gone is not None and gone.withdrawn
    # A column named as a question is one, though its name leans to no kind.
    options.pop("answers")
    path.write_text(
        head + "r1,2026-03-01,\nr2,2026-03-02,\nr3,2026-03-03,Cold room!\n", encoding="utf-8"
    )
    os.utime(path, (1_900_000_150, 1_900_000_150))
    report = _sync(store, **options)
    assert (report.skipped, report.blank) == (0, 2)
    # A feed that answers no question still reports a record with no text, with its line.
    head = "Respondent,Submitted,Comment\n"
    options["mapping"] = {**mapping, "text": "Comment"}
    path.write_text(head + "r1,2026-03-01,\nr2,2026-03-02,Fine\n", encoding="utf-8")
    os.utime(path, (1_900_000_200, 1_900_000_200))
    report = _sync(store, **options)
    assert (report.skipped, report.blank) == (1, 0)
    assert "id 'r1': no text" in report.skip_reasons[0]
