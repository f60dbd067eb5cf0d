"""RunSession: a program's worker run, its progress and result delivered on the GUI thread."""

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from gui.models.run_session import RunSession
from tests.engine.sources.program.programs import lecture_value, training_loop
from tests.gui.programs import RUN_MS


def test_progress_and_result_arrive_on_the_gui_thread(qtbot, tmp_path):
    script = tmp_path / "train.py"
    script.write_text(lecture_value() + training_loop(3))
    runs = RunSession()
    threads, passes = [], []

    def on_progress(progress):
        threads.append(QThread.currentThread())
        passes.append(progress.passes)

    runs.sig_progress.connect(on_progress)
    runs.sig_finished.connect(lambda _result: threads.append(QThread.currentThread()))
    with qtbot.waitSignal(runs.sig_finished, timeout=RUN_MS) as finished:
        runs.start(script)
        assert runs.running and runs.program == script
    result = finished.args[0]
    assert result.ok and result.passes == 3
    assert passes[-1] == 3
    assert set(threads) == {QApplication.instance().thread()}
    assert not runs.running and runs.elapsed == 0.0


def test_a_newer_run_replaces_the_one_going_whose_result_is_dropped(qtbot, tmp_path):
    slow, quick = tmp_path / "slow.py", tmp_path / "quick.py"
    slow.write_text("while True:\n    pass\n")
    quick.write_text(lecture_value() + training_loop(1))
    runs = RunSession()
    results = []
    runs.sig_finished.connect(results.append)
    runs.start(slow)
    with qtbot.waitSignal(runs.sig_finished, timeout=RUN_MS):
        runs.start(quick)
    qtbot.wait(1500)  # the cancelled run ends meanwhile; its result must not arrive
    assert [r.program.name for r in results] == ["quick.py"]
    assert results[0].ok
