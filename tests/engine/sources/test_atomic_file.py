"""write_atomically: whole or not at all, the old file's permissions, for sessions and recordings."""

import contextlib
import os

import pytest

from engine.sources import atomic_file
from engine.sources.atomic_file import write_atomically
from engine.sources.program.recording import Recording, load_recording, save_recording

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


@contextlib.contextmanager
def umask(mask):
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def test_an_interrupt_while_writing_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "f.json"
    write_atomically(path, b"old")

    def interrupted(_fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic_file.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(path, b"new")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]


def test_sync_false_writes_the_file_without_an_fsync(tmp_path, monkeypatch):
    synced = []
    monkeypatch.setattr(atomic_file.os, "fsync", synced.append)
    write_atomically(tmp_path / "a", b"handed over", sync=False)
    write_atomically(tmp_path / "b", b"saved")
    assert (tmp_path / "a").read_bytes() == b"handed over" and len(synced) == 1


@posix_only
@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_file_gets_the_users_umask(tmp_path, mask, mode):
    path = tmp_path / "s.gradstep.json"
    with umask(mask):
        write_atomically(path, b"{}")
    assert path.stat().st_mode & 0o777 == mode


@posix_only
def test_writing_over_a_file_keeps_its_permissions(tmp_path):
    path = tmp_path / "s.gradstep.json"
    write_atomically(path, b"old")
    path.chmod(0o640)
    with umask(0o022):
        write_atomically(path, b"new")
    assert path.stat().st_mode & 0o777 == 0o640 and path.read_bytes() == b"new"


@posix_only
def test_a_saved_recording_gets_the_users_umask_not_a_private_temporary_files(tmp_path):
    path = tmp_path / "r.gradstep-rec.json"
    with umask(0o022):
        save_recording(Recording((), script="train.py"), path)
    assert path.stat().st_mode & 0o777 == 0o644
    path.chmod(0o640)
    save_recording(Recording((), script="again.py"), path)
    assert path.stat().st_mode & 0o777 == 0o640 and load_recording(path).script == "again.py"
