"""Templates: named placeholders only, and customer data always stays data."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.outbox.template import (
    PLACEHOLDERS,
    TemplateError,
    check_template,
    fill,
    markdown_escape,
    one_line,
    plain_value,
)

VALUES = {name: f"<{name}>" for name in PLACEHOLDERS}


def test_placeholders_are_filled_and_braces_escape() -> None:
    text = fill("Hi {first_name}, {{not a field}} about {term}.", VALUES)
    assert text == "Hi <first_name>, {not a field} about <term>."


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{first_name.__class__}", "a placeholder is a plain name"),
        ("{name[0]}", "a placeholder is a plain name"),
        ("{0}", "a placeholder is a plain name"),
        ("{}", "a placeholder is a plain name"),
        ("{first_name!r}", "take no '!' or ':' part"),
        ("{first_name:>99999999}", "take no '!' or ':' part"),
        ("{first_name:{term}}", "take no '!' or ':' part"),
        ("{password}", "unknown placeholder {password}"),
        ("Dear {first_name", "lone '{' or '}'"),
        ("50% off }", "lone '{' or '}'"),
    ],
)
def test_unsafe_or_unknown_templates_are_refused_in_words(template: str, expected: str) -> None:
    with pytest.raises(TemplateError, match="the message") as info:
        check_template(template)
    assert expected in str(info.value)


def test_customer_data_is_never_read_as_a_template() -> None:
    values = dict(VALUES, name="{term} {first_name.__class__} {{x}}", term="delivery")
    assert fill("{name} / {term}", values) == "{term} {first_name.__class__} {{x}} / delivery"


def test_a_value_missing_for_a_used_placeholder_is_an_error() -> None:
    with pytest.raises(TemplateError, match=r"\{term\}"):
        fill("about {term}", {"first_name": "Ann"})


def test_control_and_direction_characters_are_removed_from_values() -> None:
    assert plain_value("Ann\x1b[31m\u202eevil\u2066") == "Ann[31mevil"
    assert one_line("two\nlines\r\nhere\u2028") == "two lines here"


def test_markdown_in_customer_data_is_shown_as_written() -> None:
    escaped = markdown_escape("[click](http://x.example) **now** @admin <b>")
    assert escaped == r"\[click\]\(http://x\.example\) \*\*now\*\* \@admin \<b\>"


@given(st.text())
def test_any_value_is_substituted_exactly_once_and_as_it_is(value: str) -> None:
    values = dict(VALUES, feedback=value)
    assert fill("«{feedback}»", values, escape=lambda v: v) == f"«{value}»"


@given(st.text(max_size=60))
def test_any_template_is_either_refused_in_words_or_filled(template: str) -> None:
    try:
        used = check_template(template)
    except TemplateError as exc:
        assert str(exc).startswith("the message")
        return
    assert set(used) <= set(PLACEHOLDERS)
    assert isinstance(fill(template, VALUES), str)
