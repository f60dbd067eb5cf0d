"""What a worker thread's signal reaches on the GUI thread is a registered Qt slot.

PySide6 6.8 and later crash now and then delivering a signal emitted on another thread to a
bare Python callable (PYSIDE-3124; fixed downstream by declaring the receivers ``@Slot``).
"""

import pytest
from PySide6.QtCore import QMetaMethod

from gui.canvas.layout_motion import LayoutWorker
from gui.files.recording_files import RecordingFiles
from gui.models.run_session import RunSession


def _slots(cls) -> set[str]:
    meta = cls.staticMetaObject
    methods = (meta.method(i) for i in range(meta.methodCount()))
    return {
        bytes(m.name()).decode() for m in methods if m.methodType() == QMetaMethod.MethodType.Slot
    }


@pytest.mark.parametrize(
    ("cls", "receiver"),
    [
        (LayoutWorker, "_on_job_done"),  # a layout computed on its thread
        (RecordingFiles, "_on_read"),  # a recording file read on its thread
        (RunSession, "_on_runner_progress"),  # a program's worker, through the runner's threads
        (RunSession, "_on_runner_finished"),
    ],
)
def test_a_receiver_of_a_worker_threads_signal_is_a_registered_slot(cls, receiver):
    assert receiver in _slots(cls)
