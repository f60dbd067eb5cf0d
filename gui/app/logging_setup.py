"""Logging to a rotating file in the user's data directory (``GRADSTEP_LOG_DIR`` overrides)."""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PySide6.QtCore import QStandardPaths

LOG_DIR_ENV = "GRADSTEP_LOG_DIR"
LOG_FILE_NAME = "gradstep.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_dir() -> Path:
    """The folder log files go to: $GRADSTEP_LOG_DIR, else <user data folder>/gradstep/logs.

    The user data folder is Qt's GenericDataLocation: ~/.local/share on Linux,
    ~/Library/Application Support on macOS, AppData/Local on Windows.
    """
    override = os.environ.get(LOG_DIR_ENV)
    if override:
        return Path(override)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    base = Path(location) if location else Path.home() / ".local" / "share"
    return base / "gradstep" / "logs"


def _our_handler() -> RotatingFileHandler | None:
    """The file handler setup_logging added to the root logger, if any."""
    for handler in logging.getLogger().handlers:
        if getattr(handler, "_gradstep", False):
            return handler  # type: ignore[return-value]
    return None


def setup_logging(level: int = logging.INFO) -> Path:
    """Attach a rotating file handler to the root logger (once) and return the log file."""
    existing = _our_handler()
    if existing is not None:
        return Path(existing.baseFilename)
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE_NAME
    handler = RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler._gradstep = True  # type: ignore[attr-defined]  # marks ours for shutdown_logging
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    logging.getLogger("gradstep").info("logging to %s", path)
    return path


def shutdown_logging() -> None:
    """Detach and close the handler setup_logging added (tests, and a clean exit)."""
    handler = _our_handler()
    if handler is not None:
        logging.getLogger().removeHandler(handler)
        handler.close()
