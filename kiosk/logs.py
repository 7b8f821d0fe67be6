"""Logging: a rotated file in the log folder, one logger per area (kiosk.sync, kiosk.cloud...).

Every line, on the console and in the file, has the values of any query string hidden (a feed's
key may travel in one), including the lines of the HTTP libraries underneath.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from kiosk.redact import redact_urls

LOG_FILENAME = "voc-kiosk.log"
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"


class RedactingFormatter(logging.Formatter):
    """A formatter whose every line, traceback included, has query-string values hidden."""

    def format(self, record: logging.LogRecord) -> str:
        return redact_urls(super().format(record))


# Libraries whose lines (a request's URL, a retry) are worth keeping, and must be redacted too.
_LIBRARY_LOGGERS = ("urllib3", "requests")


def setup_logging(log_dir: Path | None, level: str = "INFO") -> Path | None:
    """Log to ``log_dir``/voc-kiosk.log (5 MB x 5 files) and warnings to stderr.

    Returns:
        The log file, or None when the folder cannot be written (then stderr only, and the
        reason is logged there): a kiosk must start even when its log folder is read-only.
    """
    root = logging.getLogger("kiosk")
    root.setLevel(level.upper())
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.WARNING)
    console.setFormatter(RedactingFormatter("voc-kiosk: %(levelname)s: %(message)s"))
    root.addHandler(console)
    root.propagate = False
    for name in _LIBRARY_LOGGERS:
        library = logging.getLogger(name)
        for handler in list(library.handlers):
            library.removeHandler(handler)
        library.setLevel(logging.WARNING)
        library.propagate = False
        library.addHandler(console)
    if log_dir is None:
        return None
    path = log_dir / LOG_FILENAME
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        file_handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=5 * 1024 * 1024, backupCount=5, encoding="utf-8"
        )
    except OSError as exc:
        root.warning("cannot write logs to %s (%s); logging to the console only", path, exc)
        return None
    file_handler.setFormatter(RedactingFormatter(_FORMAT))
    root.addHandler(file_handler)
    for name in _LIBRARY_LOGGERS:
        logging.getLogger(name).addHandler(file_handler)
    return path
