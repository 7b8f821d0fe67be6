"""Where voc-kiosk keeps its files, per operating system (platformdirs), with overrides."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "voc-kiosk"


@dataclass(frozen=True, slots=True)
class Paths:
    """The folders and files one kiosk instance uses."""

    config_file: Path
    data_dir: Path
    cache_dir: Path
    log_dir: Path

    @property
    def store_file(self) -> Path:
        """The SQLite store."""
        return self.data_dir / "voc-kiosk.sqlite3"

    @classmethod
    def resolve(cls, config: Path | None = None, data_dir: Path | None = None) -> Paths:
        """Return the platform folders, with ``--config`` and ``--data-dir`` taking precedence.

        A ``--data-dir`` also holds the cache and logs, so a second kiosk (or a test) on the
        same machine never touches the user's own files.
        """
        dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
        config_file = config or Path(dirs.user_config_dir) / "settings.toml"
        if data_dir is not None:
            return cls(config_file, data_dir, data_dir / "cache", data_dir / "logs")
        return cls(
            config_file,
            Path(dirs.user_data_dir),
            Path(dirs.user_cache_dir),
            Path(dirs.user_log_dir),
        )
