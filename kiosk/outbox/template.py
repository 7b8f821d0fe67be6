"""Fill a message template safely: named placeholders only, customer data always as data.

A template is plain text with ``{placeholder}`` fields (``{{`` and ``}}`` for braces). Only
the names in :data:`PLACEHOLDERS` are allowed, with no attribute or index access
(``{name.__class__}``, ``{x[0]}``), no conversion (``!r``) and no format spec (``:>99999``):
``str.format`` would run any of those, and a template is typed by a person but filled with
customer data. Values are substituted in one pass and never read as a template again, so a
customer called ``{term}`` is called ``{term}``.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping

__all__ = [
    "PLACEHOLDERS",
    "TemplateError",
    "check_template",
    "fill",
    "markdown_escape",
    "one_line",
    "plain_value",
]

PLACEHOLDERS: dict[str, str] = {
    "first_name": "the customer's first name (or the draft's word for no name, 'there')",
    "name": "the customer's full name (or the same word)",
    "term": "the word the announcement is about",
    "what_we_do": "what the company is doing about it",
    "when_expected": "when the customer can expect to see it",
    "sender": "the name of the person sending",
    "kind": "what the customer gave: complaint, idea, compliment or feedback",
    "feedback": "the start of what the customer wrote (their newest item)",
    "feedback_date": "the day they wrote it (YYYY-MM-DD)",
}

_FORMATTER = string.Formatter()
# C0 and C1 controls but tab and newline, and the bidirectional embeddings, overrides and
# isolates: a name holding U+202E must not turn the rest of a line around.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# CommonMark lets a backslash escape any ASCII punctuation; these are the ones Fider's
# Markdown gives a meaning to (links, emphasis, headings, lists, HTML, mentions).
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~@&])")


class TemplateError(ValueError):
    """A template that cannot be filled; the message says what to write instead."""


def check_template(template: str, what: str = "the message") -> list[str]:
    """Return the placeholders a template uses, in order.

    Raises:
        TemplateError: an unknown placeholder, attribute or index access, a conversion, a
            format spec, or a lone brace.
    """
    try:
        parts = list(_FORMATTER.parse(template))
    except ValueError:
        raise TemplateError(
            f"{what} has a lone '{{' or '}}'; write {{{{ or }}}} for a brace, or a placeholder"
            " such as {first_name}"
        ) from None
    used: list[str] = []
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        shown = (
            "{"
            + name
            + (f"!{conversion}" if conversion else "")
            + (f":{spec}" if spec else "")
            + "}"
        )
        if name not in PLACEHOLDERS:
            known = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
            if not name.isidentifier():
                raise TemplateError(
                    f"{what} has {shown[:60]}: a placeholder is a plain name (one of {known})"
                )
            raise TemplateError(f"{what} has an unknown placeholder {shown[:60]}; known: {known}")
        if conversion or spec:
            raise TemplateError(
                f"{what} has {shown[:60]}: placeholders take no '!' or ':' part, write {{{name}}}"
            )
        used.append(name)
    return used


def plain_value(text: str) -> str:
    """Return customer data fit for a plain-text message: no control or direction characters."""
    return _UNSAFE.sub("", text)


def one_line(text: str) -> str:
    """Return text on one line (a subject, a header): line breaks become spaces."""
    return " ".join(plain_value(text).split())


def markdown_escape(text: str) -> str:
    """Return text that Markdown (a Fider comment) shows exactly as it is written."""
    return _MARKDOWN.sub(r"\\\1", text)


def fill(
    template: str,
    values: Mapping[str, str],
    escape: Callable[[str], str] = plain_value,
    what: str = "the message",
) -> str:
    """Return the template with each placeholder replaced by its value, escaped.

    Args:
        template: text with ``{placeholder}`` fields (checked as :func:`check_template` does).
        values: a value for every placeholder the template uses.
        escape: applied to every value (never to the template's own text).
        what: the template's name in messages.

    Raises:
        TemplateError: the template is not valid, or a value is missing.
    """
    check_template(template, what)
    out: list[str] = []
    for literal, name, _spec, _conversion in _FORMATTER.parse(template):
        out.append(literal)
        if name is None:
            continue
        if name not in values:
            raise TemplateError(f"{what} uses {{{name}}}, which has no value here")
        out.append(escape(values[name]))
    return "".join(out)
