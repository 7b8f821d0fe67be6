"""A connection test reads what a source sends before anything is mapped, and says what to pick.

Real parts: a loopback HTTP server (pytest-httpserver) and files in a temp folder.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer

from kiosk.sync.mapping import find_records, shown_fields, suggest_mapping
from kiosk.sync.probe import probe_feed
from tests.sync.conftest import DATA, feed


def tickets(count: int = 4) -> list[dict[str, Any]]:
    """Records shaped as an unknown help desk sends them."""
    now = datetime.now(UTC)
    texts = ["Late delivery again", "Lovely staff", "Add dark mode", "Refund took weeks"]
    return [
        {
            "ref": f"t{i}",
            "body": {"message": texts[i % len(texts)]},
            "created": (now - timedelta(days=i)).isoformat(),
            "who": {"id": i, "email": f"c{i}@example.com"},
            "stars": 1 + i % 5,
        }
        for i in range(count)
    ]


def test_an_api_with_no_mapping_and_no_records_path_is_read_and_its_fields_offered(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/tickets").respond_with_json(
        {"meta": {"total": 4}, "errors": [], "result": {"tickets": tickets()}}
    )
    result = probe_feed(feed("desk", url=httpserver.url_for("/tickets")))
    assert result.ok, result.message
    assert result.status == 200 and result.records == 4
    assert result.records_at == "result.tickets"
    assert "found under “result.tickets”" in result.message
    assert result.to_pick == ("external_id", "text", "created_at")
    assert "pick the field that holds each record's id, text and date" in result.message
    assert "mapping." not in result.message
    assert {"ref", "body.message", "created", "who.email", "stars"} <= set(result.fields)
    # Named plainly, and the values fit: unique ids, text, dates that parse.
    assert dict(result.suggested) == {
        "external_id": "ref",
        "text": "body.message",
        "created_at": "created",
    }
    assert result.items == () and result.skipped == ()


def test_picking_the_fields_offered_then_reads_the_records(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/tickets").respond_with_json(tickets())
    first = probe_feed(feed("desk", url=httpserver.url_for("/tickets")))
    assert first.records_at is None  # the answer is the list itself: nothing to set
    mapping = {"external_id": "ref", "text": "body.message", "created_at": "created"}
    assert set(mapping.values()) <= set(first.fields)
    second = probe_feed(feed("desk", url=httpserver.url_for("/tickets"), mapping=mapping))
    assert second.ok and second.to_pick == ()
    assert [i.external_id for i in second.items] == ["t0", "t1", "t2", "t3"]
    assert second.items[0].text == "Late delivery again"


def test_plain_names_are_suggested_only_when_the_values_fit(httpserver: HTTPServer) -> None:
    now = datetime.now(UTC)
    records = [
        {"id": 10 + i, "text": f"Comment {i}", "date": (now - timedelta(hours=i)).isoformat(),
         "rating": 4, "user": {"id": 7, "email": "a@example.com"}}
        for i in range(3)
    ]  # fmt: skip
    httpserver.expect_request("/r").respond_with_json({"items": records})
    result = probe_feed(feed("r", url=httpserver.url_for("/r")))
    # The top-level "id" wins over "user.id", which repeats and is not an id of a record.
    assert dict(result.suggested) == {"external_id": "id", "text": "text", "created_at": "date"}


def test_suggest_mapping_leaves_out_what_does_not_fit() -> None:
    records = [{"id": 1, "date": "soon", "text": 5}, {"id": 1, "date": "later", "text": 6}]
    fields = ("id", "date", "text")
    # Ids repeat, the dates do not parse, the texts are numbers: no suggestion at all.
    assert suggest_mapping(records, fields, ["external_id", "text", "created_at"]) == {}


def test_find_records_takes_the_nearest_list_of_objects() -> None:
    assert find_records([1, 2]) == ("", [1, 2])
    doc = {"links": [], "data": {"page": 1, "items": [{"a": 1}, {"a": 2}]}, "tags": ["x"]}
    assert find_records(doc) == ("data.items", [{"a": 1}, {"a": 2}])
    assert find_records({"count": 3, "next": None}) is None


def test_internal_fields_and_repeated_paths_are_not_offered() -> None:
    fields = ("id", "_voc_url", "user._voc_customer", "tags", "tags.0.slug", "title")
    assert shown_fields(fields) == ("id", "tags.0.slug", "title")


def test_a_fider_board_shows_no_internal_field(httpserver: HTTPServer) -> None:
    posts = json.loads((DATA / "fider_posts.json").read_text())
    httpserver.expect_request("/api/v1/posts").respond_with_json(posts)
    result = probe_feed(
        feed("ideas", "fider", url=httpserver.url_for("/").rstrip("/"), auth="none")
    )
    assert result.ok, result.message
    assert result.to_pick == ()
    assert result.fields and not any(f.startswith("_") for f in result.fields)
    assert "title" in result.fields


def test_a_csv_file_without_known_columns_offers_its_header(tmp_path: Path) -> None:
    path = tmp_path / "survey.csv"
    path.write_text(
        "Ticket,Said,On\nA1,The app is slow,2026-01-03\nA2,Love it,2026-01-04\n",
        encoding="utf-8",
    )
    result = probe_feed(feed("survey", "csv", path=str(path)))
    assert result.ok and result.to_pick == ("text", "created_at")
    assert result.fields == ("Ticket", "Said", "On")
    assert "pick the column that holds each row's text and date" in result.message
    mapped = probe_feed(
        feed("survey", "csv", path=str(path), mapping={"text": "Said", "created_at": "On"})
    )
    assert mapped.ok and [i.text for i in mapped.items] == ["The app is slow", "Love it"]


def test_a_survey_question_left_blank_is_said_apart_from_skipped_records(tmp_path: Path) -> None:
    path = tmp_path / "survey.csv"
    path.write_text(
        "Respondent,Submitted,What went wrong?\nr1,2026-01-03,The parking\nr2,2026-01-04,\n",
        encoding="utf-8",
    )
    mapping = {"external_id": "Respondent", "created_at": "Submitted", "text": "What went wrong?"}
    asked = probe_feed(feed("s", "csv", path=str(path), mapping=mapping, answers="complaint"))
    assert asked.ok and asked.skipped == ()
    assert "1 usable, 0 skipped, 1 left blank" in asked.message
    # A column named as a question is one, though its name leans to no kind.
    named = probe_feed(feed("s", "csv", path=str(path), mapping=mapping))
    assert "1 usable, 0 skipped, 1 left blank" in named.message
    path.write_text(
        "Respondent,Submitted,Comment\nr1,2026-01-03,The parking\nr2,2026-01-04,\n",
        encoding="utf-8",
    )
    plain = probe_feed(feed("s", "csv", path=str(path), mapping={**mapping, "text": "Comment"}))
    assert "1 usable, 1 skipped" in plain.message and "no text" in plain.skipped[0]
