"""Writing a file whole or not at all: sessions and recordings are saved this way."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_atomically(path: str | os.PathLike[str], data: bytes, *, sync: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in its folder, renamed over it.

    A crash or an error never leaves half a file: ``path`` is the old file or the new one.
    The file keeps the permissions of the one it replaces (a new one gets the umask's).
    ``sync`` flushes it to the disk before the rename; a hand-over file read at once by
    another process can skip that. Errors (OSError) are raised, the temporary file removed.
    """
    target = Path(path)
    mode = _mode_for(target)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        if hasattr(os, "fchmod"):  # mkstemp makes it 0600; POSIX only
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:  # an interrupt too: no temporary file is left behind
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode_for(target: Path) -> int:
    """The permissions a saved file gets: those of the file it replaces, else the umask's."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:  # a new file, like any other the user saves
        mask = os.umask(0o022)  # the only portable way to read it is to set it
        os.umask(mask)
        return 0o666 & ~mask
