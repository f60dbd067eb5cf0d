"""Recordings of small user programs for GUI tests: made with observe(), saved to a folder.

The app never runs user code in its own process; tests record in-process to get the data a
worker would send back.
"""

from __future__ import annotations

from pathlib import Path

from engine.sources.program.recording import RECORDING_SUFFIX, Recording, save_recording
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
