"""Logging: a rotated file in the log folder, one logger per area (kiosk.sync, kiosk.cloud...)."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

LOG_FILENAME = "voc-kiosk.log"
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"


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
    console.setFormatter(logging.Formatter("voc-kiosk: %(levelname)s: %(message)s"))
    root.addHandler(console)
    root.propagate = False
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
    file_handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(file_handler)
    return path
