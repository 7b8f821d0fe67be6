"""Work around PySide6 6.12 on CPython 3.11 dropping a reference to None on every void call.

Every Qt method that returns nothing (``QPainter.setOpacity``, ``QWidget.update``...) hands
back ``None`` without taking a reference first. CPython 3.12 made ``None`` immortal, so it does
not matter there; on 3.11 the count falls by one per call and the interpreter aborts with
"none_dealloc: deallocating None" once it reaches zero: after a few thousand painted words.
Until the binding is fixed (or 3.11 dropped), give ``None`` so large a count that it cannot run
out, which is what 3.12 does by design.
"""

from __future__ import annotations

import ctypes
import sys

__all__ = ["keep_none_alive"]

_DONE: list[bool] = []


def keep_none_alive() -> None:
    """Make None's reference count effectively endless on CPython before 3.12; once only."""
    if _DONE or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    refcount = ctypes.c_ssize_t.from_address(id(None))
    refcount.value += 1 << 40
    _DONE.append(True)
