"""Recordings of small user programs for GUI tests: made with observe(), saved to a folder.

The app never runs user code in its own process; tests record in-process to get the data a
worker would send back.
"""

from __future__ import annotations

from pathlib import Path

from engine.sources.file_kinds import RECORDING_SUFFIX
from engine.sources.program.recording import Recording, save_recording
from tests.engine.sources.program.programs import NEURON, lecture_value, run, training_loop


def order_bug(folder: Path) -> Recording:
    """The lecture's neuron with a backward() that walks ``topo`` forwards: ``order`` problems."""
    return run(lecture_value("walks topo forwards") + NEURON, folder, "order_bug.py")[1]


def clean_neuron(folder: Path) -> Recording:
    """The lecture's neuron, run by the lecture's own correct code: no problem."""
    return run(lecture_value() + NEURON, folder, "neuron.py")[1]


def training(folder: Path, steps: int = 20) -> Recording:
    """The lecture's MLP training loop, ``steps`` passes, zeroing grads as it should."""
    return run(lecture_value() + training_loop(steps), folder, "train.py")[1]


def saved(recording: Recording, folder: Path, name: str) -> Path:
    """``recording`` written to ``folder/name`` + the recording suffix."""
    path = folder / f"{name}{RECORDING_SUFFIX}"
    save_recording(recording, path)
    return path


def open_file(window, qtbot, path: Path) -> bool:
    """Open a recording file as File > Open does, wait until it is read and shown: if it opened.

    Shown: the window's painting, held while it opens, is released (its docks are up).
    """
    files = window.documents.recording_files
    with qtbot.waitSignal(files.sig_done, timeout=30_000) as done:
        assert window.documents.open_path(str(path))  # reading started: it returns at once
    qtbot.waitUntil(lambda: not window.recording_docks.paint_hold.holding, timeout=5000)
    return done.args[0]


#: A batch loss of the lecture's Value: one neuron (10 shared weights, tanh) over N samples,
#: each sample's squared output added to the loss in turn, then backward().
BATCH = """
import random
random.seed(1)
ws = [Value(random.uniform(-1, 1)) for _ in range(10)]
loss = Value(0.0)
for _ in range(N):
    act = Value(0.0)
    for w in ws:
        act = act + w * Value(random.uniform(-1, 1))
    out = act.tanh()
    loss = loss + out * out
loss.backward()
"""


def batch(folder: Path, n: int) -> Recording:
    """One pass of a batch loss over ``n`` samples: about 42n values, opened collapsed."""
    return run(lecture_value() + BATCH.replace("N", str(n)), folder, "batch.py")[1]
