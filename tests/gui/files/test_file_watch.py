"""Watching a script: a save is noticed, and a reload keeps the position if the shape fits."""

import os

from engine.sources.examples import get_example
from gui.files.file_watch import FileWatch, reload_keeping_position
from gui.models.step_session import StepSession


def test_a_save_emits_changed_once_settled(qtbot, tmp_path):
    path = tmp_path / "net.py"
    path.write_text("root = 1\n")
    watch = FileWatch()
    watch.watch(str(path))
    with qtbot.waitSignal(watch.sig_changed, timeout=3000) as blocker:
        path.write_text("root = 2\n")
    assert blocker.args == [str(path)]


def test_a_save_by_rename_is_still_watched(qtbot, tmp_path):
    path = tmp_path / "net.py"
    path.write_text("root = 1\n")
    watch = FileWatch()
    watch.watch(str(path))
    for text in ("root = 2\n", "root = 3\n"):
        with qtbot.waitSignal(watch.sig_changed, timeout=3000):
            (tmp_path / "tmp.py").write_text(text)
            os.replace(tmp_path / "tmp.py", path)


def test_unwatch_stops_signals(qtbot, tmp_path):
    path = tmp_path / "net.py"
    path.write_text("root = 1\n")
    watch = FileWatch()
    watch.watch(str(path))
    watch.unwatch()
    with qtbot.assertNotEmitted(watch.sig_changed, wait=400):
        path.write_text("root = 2\n")
    assert watch.path is None


def test_reload_of_the_same_shape_keeps_the_step_position(qtbot):
    session = StepSession()
    session.load(get_example("neuron").build())
    session.seek(17)
    assert reload_keeping_position(session, lambda: session.load(get_example("neuron").build()))
    assert session.timeline.position == 17


def test_reload_of_a_different_shape_starts_over(qtbot):
    session = StepSession()
    session.load(get_example("neuron").build())
    session.seek(17)
    reload_keeping_position(session, lambda: session.load(get_example("expression").build()))
    assert session.timeline.position == 0


def test_failed_reload_changes_nothing(qtbot):
    session = StepSession()
    session.load(get_example("neuron").build())
    session.seek(5)
    assert not reload_keeping_position(session, lambda: False)
    assert session.timeline.position == 5
