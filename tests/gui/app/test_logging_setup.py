"""Logging goes to a rotating file in a folder that is created when missing."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths

from gui.app import logging_setup
from gui.app.logging_setup import log_dir, setup_logging, shutdown_logging


@pytest.fixture
def log_folder(tmp_path, monkeypatch):
    """A not-yet-existing log folder chosen through GRADSTEP_LOG_DIR."""
    folder = tmp_path / "deep" / "logs"
    monkeypatch.setenv("GRADSTEP_LOG_DIR", str(folder))
    shutdown_logging()
    yield folder
    shutdown_logging()


def test_env_var_overrides_log_dir(log_folder):
    assert log_dir() == log_folder


def test_default_log_dir_is_in_user_data_location(monkeypatch, qapp):
    monkeypatch.delenv("GRADSTEP_LOG_DIR", raising=False)
    data = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    assert log_dir() == Path(data) / "gradstep" / "logs"


def test_setup_creates_missing_folder_and_writes_messages(log_folder):
    path = setup_logging()
    assert path.parent == log_folder
    logging.getLogger("gradstep.test").warning("hello from the test")
    logging.getLogger().handlers[-1].flush()
    assert "hello from the test" in path.read_text(encoding="utf-8")


def test_setup_twice_adds_one_handler(log_folder):
    setup_logging()
    setup_logging()
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_gradstep", False)]
    assert len(ours) == 1


def test_log_file_rotates_when_full(log_folder, monkeypatch):
    monkeypatch.setattr(logging_setup, "MAX_BYTES", 2_000)
    path = setup_logging()
    for i in range(100):
        logging.getLogger("gradstep.test").warning("line %d %s", i, "x" * 50)
    assert (log_folder / "gradstep.log.1").is_file()
    assert path.stat().st_size <= 2_000
    assert not (log_folder / f"gradstep.log.{logging_setup.BACKUP_COUNT + 1}").exists()


def test_shutdown_removes_our_handler(log_folder):
    setup_logging()
    shutdown_logging()
    assert not [h for h in logging.getLogger().handlers if getattr(h, "_gradstep", False)]
