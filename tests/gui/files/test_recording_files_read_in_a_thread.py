"""File > Open of a recording returns at once; the file is read in a thread, then opened."""

import gc
import sys
import threading
import time

import pytest
from PySide6.QtCore import QTimer

from gui.models.gil_share import SHARED_INTERVAL
from tests.gui.recordings import batch, clean_neuron, saved
from tests.gui.windows import shown_window

#: Generous, for a loaded CI machine: the issue's figure is 50 ms, and
#: tests/benchmarks/recording_stall.py prints the real distribution.
BOUND_SECONDS = 0.300


@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    """A saved one-pass recording of about 21,000 values (opened with groups collapsed)."""
    folder = tmp_path_factory.mktemp("big")
    return saved(batch(folder, 500), folder, "batch")


@pytest.fixture
def window(qtbot):
    return shown_window(qtbot)


def test_open_returns_before_the_file_is_read_and_the_pass_appears_once_it_is(
    window, big_file, qtbot
):
    files = window.documents.recording_files
    neuron = window.session.timeline
    with qtbot.waitSignal(files.sig_done, timeout=30_000) as done:
        assert window.documents.open_path(str(big_file))
        assert files.reading == str(big_file)
        assert window.session.timeline is neuron  # nothing decoded on the GUI thread yet
        assert window.recordings.recording is None
    assert done.args == [True]
    assert files.reading == ""
    timeline = window.session.timeline
    assert timeline.trace is window.recordings.recording.passes[-1].trace
    assert timeline.position == len(timeline)  # opened at the pass's end, as before
    assert window.graph_view.collapsed  # big: groups collapsed
    assert "batch.py" in window.windowTitle()


def test_the_event_loop_keeps_ticking_while_a_big_recording_is_read_and_opened(
    window, big_file, qtbot
):
    # Each gap counts up to the CPU time this process spent within it: its threads' own
    # work (a GIL held by the reading thread included). A gap the process spent waiting for
    # a core of a loaded machine is not the window's doing (it once failed at 0.34 s so).
    gaps, last = [], [time.perf_counter(), time.process_time()]

    def tick():
        now, cpu = time.perf_counter(), time.process_time()
        gaps.append(min(now - last[0], cpu - last[1]))
        last[:] = now, cpu

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    files = window.documents.recording_files
    during_call: list[bool] = []
    files.sig_done.connect(lambda _ok: during_call.append(calling[0]))
    calling = [False]
    with qtbot.waitSignal(files.sig_done, timeout=30_000) as done:
        last[:] = time.perf_counter(), time.process_time()
        timer.start()
        calling[0] = True
        window.documents.open_path(str(big_file))
        calling[0] = False
    timer.stop()
    assert done.args == [True]
    # Read on the GUI thread, the pass would be open before open_path returned.
    assert during_call == [False], "the file was read and opened inside open_path"
    assert max(gaps, default=0.0) < BOUND_SECONDS, (
        f"this process blocked its loop {max(gaps):.3f} s"
    )


def test_the_gc_and_the_switch_interval_are_as_before_once_the_file_is_opened(
    window, tmp_path, qtbot
):
    path = saved(clean_neuron(tmp_path), tmp_path, "clean")
    interval = sys.getswitchinterval()
    files = window.documents.recording_files
    with qtbot.waitSignal(files.sig_done, timeout=30_000):
        window.documents.open_path(str(path))
        assert not gc.isenabled()  # no full pass while the file is read
        assert sys.getswitchinterval() == pytest.approx(min(interval, SHARED_INTERVAL))
    assert gc.isenabled()
    assert sys.getswitchinterval() == interval


def test_an_unreadable_file_is_said_once_read_and_what_was_open_stays(window, tmp_path, qtbot):
    bad = tmp_path / "bad.gradstep-rec.json"
    bad.write_text('{"format": "something else"}')
    before = window.session.timeline
    files = window.documents.recording_files
    with qtbot.waitSignal(files.sig_done, timeout=30_000) as done:
        assert window.documents.open_path(str(bad))
    assert done.args == [False]
    assert "bad.gradstep-rec.json" in window.documents.error_dialog.message_label.text()
    assert window.session.timeline is before and gc.isenabled()


def test_a_newer_open_replaces_one_still_being_read(window, big_file, tmp_path, qtbot):
    small = saved(clean_neuron(tmp_path), tmp_path, "clean")
    files = window.documents.recording_files
    outcomes = []
    files.sig_done.connect(outcomes.append)
    window.documents.open_path(str(big_file))
    with qtbot.waitSignal(files.sig_done, timeout=30_000):
        window.documents.open_path(str(small))
    qtbot.waitUntil(gc.isenabled, timeout=30_000)  # the big file's read was handled too
    assert outcomes == [True]
    assert window.recordings.path == str(small)


def test_a_big_recording_is_laid_out_and_its_edges_cut_on_the_reading_thread(
    window, big_file, qtbot, monkeypatch
):
    from gui.canvas import edges, graph_view

    on_gui_thread = []
    for module, name in ((graph_view, "layout_graph"), (edges, "edge_pieces")):
        real = getattr(module, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            if threading.current_thread() is threading.main_thread():
                on_gui_thread.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)
    files = window.documents.recording_files
    with qtbot.waitSignal(files.sig_done, timeout=30_000) as done:
        window.documents.open_path(str(big_file))
    assert done.args == [True] and window.graph_view.collapsed
    assert window.graph_view.edges.pieces.ctrl.size
    assert on_gui_thread == []
