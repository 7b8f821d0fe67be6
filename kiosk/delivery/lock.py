"""One delivery worker per store, across processes: an OS lock on a file beside the store.

The operating system releases the lock when the process that holds it ends, however it ends
(a SIGKILL included), so a crash never leaves it taken; and while one process holds it, no
other can be sending, which is what makes recovering a crash's leftovers safe.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["DeliveryLock"]


class DeliveryLock:
    """A non-blocking, process-wide lock named after the store file."""

    def __init__(self, store_path: Path) -> None:
        self.path = Path(store_path).with_name(Path(store_path).name + ".outbox-lock")
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock if no one holds it; return whether this object holds it now."""
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if sys.platform == "win32":
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        """Give the lock up (closing the file releases it)."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)
