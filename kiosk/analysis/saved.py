"""Reading back what the analysis saved in store meta as JSON (phrases, merged terms, names,
forms): a missing or damaged document means learning it again, never an error."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["saved_dict", "saved_list"]


def _saved(text: str | None) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def saved_dict(text: str | None) -> dict[Any, Any]:
    """Return the JSON object a meta value holds (empty for none, bad JSON or another shape)."""
    doc = _saved(text)
    return doc if isinstance(doc, dict) else {}


def saved_list(text: str | None) -> list[Any]:
    """Return the JSON array a meta value holds (empty for none, bad JSON or another shape)."""
    doc = _saved(text)
    return doc if isinstance(doc, list) else []
