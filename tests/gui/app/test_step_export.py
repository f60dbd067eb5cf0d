"""--export-steps and File → Export Steps…: numbered PNG frames and an animated GIF of steps."""

import pytest
from PIL import Image
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QProgressDialog

from gui.app import step_export_dialog
from gui.app.cli.step_range import MAX_FRAMES, SLIDE_SIZE
from gui.app.launch import main
from gui.app.step_export_dialog import StepExportDialog, current_phase_span
from gui.look.theme import THEMES, apply_theme, current_theme
from tests.gui.windows import shown_window


@pytest.fixture
def app_look_restored(qapp):
    """The exports present the window in high contrast; later tests get the app as found."""
    yield
    apply_theme(QApplication.instance(), THEMES["light"], 1.0)


def gif_frames(path):
    with Image.open(path) as gif:
        return gif.n_frames, gif.size


def test_cli_writes_numbered_slide_frames_and_a_gif_of_the_neurons_backward_steps(
    tmp_path, capsys, app_look_restored
):
    out = tmp_path / "slides"
    assert main(["--example", "neuron", "--export-steps", "35:37", str(out)]) == 0
    written = sorted(p.name for p in out.iterdir())
    assert written == ["frame-0001.png", "frame-0002.png", "frame-0003.png", "steps.gif"]
    for name in written[:3]:
        with Image.open(out / name) as frame:
            assert frame.size == SLIDE_SIZE
    assert gif_frames(out / "steps.gif") == (3, SLIDE_SIZE)
    assert "3 frames, steps 35..37" in capsys.readouterr().out


def test_frames_differ_from_step_to_step(tmp_path, app_look_restored):
    out = tmp_path / "slides"
    assert main(["--example", "neuron", "--export-steps", "35:36", str(out)]) == 0
    first, second = ((out / f"frame-000{i}.png").read_bytes() for i in (1, 2))
    assert first != second


def test_an_out_ending_in_gif_writes_the_gif_alone_over_phase_names(tmp_path, app_look_restored):
    out = tmp_path / "topo.gif"
    assert main(["--example", "parabola", "--export-steps", "forward:topo", str(out)]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["topo.gif"]
    frames, size = gif_frames(out)
    assert size == SLIDE_SIZE and frames > 2


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ("37:35", "goes backwards"),
        ("35:99999", "position out of range"),
        ("sideways:3", "--export-steps needs FROM:TO"),
        ("35", "--export-steps needs FROM:TO"),
        ("update:end", "no update phase"),
    ],
)
def test_a_bad_range_exits_2_with_the_reason_and_writes_nothing(
    tmp_path, capsys, steps, message, app_look_restored
):
    out = tmp_path / "slides"
    assert main(["--example", "neuron", "--export-steps", steps, str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_more_frames_than_an_export_writes_are_refused(tmp_path, capsys, app_look_restored):
    args = ["--example", "lecture-mlp", "--export-steps", "start:end", str(tmp_path / "a.gif")]
    assert main(args) == 2
    assert f"over the {MAX_FRAMES} an export writes" in capsys.readouterr().err
    assert not (tmp_path / "a.gif").exists()


def test_an_out_in_a_missing_folder_exits_2_before_any_work(tmp_path, capsys):
    args = ["--export-steps", "0:3", str(tmp_path / "no" / "such" / "s.gif")]
    assert main(args) == 2
    assert "does not exist" in capsys.readouterr().err


@pytest.fixture
def window(qtbot, app_look_restored):
    return shown_window(qtbot)


def filled_in(first, last, out):
    """The dialog's real exec(), with the boxes set and OK clicked once it is open."""

    def run(dialog):
        def fill():
            dialog.first_box.setValue(first)
            dialog.last_box.setValue(last)
            dialog.out_edit.setText(str(out))
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

        QTimer.singleShot(0, fill)
        return QDialog.exec(dialog)

    return run


def test_the_dialog_defaults_to_the_current_phase(window):
    window.session.seek(36)
    dialog = StepExportDialog(window.session.timeline, "out")
    span = window.session.timeline.trace.phase_range("backward")
    assert (dialog.first_box.value(), dialog.last_box.value()) == (span.start, span.stop)
    assert current_phase_span(window.session.timeline) == (span.start, span.stop)


def test_export_steps_dialog_writes_the_chosen_range_and_leaves_the_window_as_it_was(
    qtbot, window, tmp_path, monkeypatch
):
    window.session.seek(10)
    out = tmp_path / "handout"

    monkeypatch.setattr(StepExportDialog, "exec", filled_in(35, 37, out))
    window.export_steps_action.trigger()
    written = sorted(p.name for p in out.iterdir())
    assert written == ["frame-0001.png", "frame-0002.png", "frame-0003.png", "steps.gif"]
    with Image.open(out / "frame-0002.png") as frame:
        assert frame.size == SLIDE_SIZE
    assert gif_frames(out / "steps.gif") == (3, SLIDE_SIZE)
    assert window.session.timeline.position == 10
    assert (window.width(), window.height()) == (1280, 800) and not window.presenting
    assert current_theme().name == window.theme_name  # the slides' look is not left behind
    assert "Exported 3 steps" in window.statusBar().currentMessage()


def test_a_bad_choice_in_the_dialog_is_shown_and_the_window_keeps_working(
    qtbot, window, tmp_path, monkeypatch
):
    monkeypatch.setattr(StepExportDialog, "exec", filled_in(5, 2, tmp_path / "x"))
    window.export_steps_action.trigger()
    assert "To must not be before From" in window.statusBar().currentMessage()
    assert not (tmp_path / "x").exists()
    assert window.session.step()


def test_cancel_stops_the_export_without_a_gif(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda _self: True)
    out = tmp_path / "cancelled"
    assert not step_export_dialog.run_export(window, range(30, 40), str(out))
    assert sorted(p.name for p in out.iterdir()) == ["frame-0001.png"]
    assert "cancelled" in window.statusBar().currentMessage()


def test_a_frame_that_cannot_be_written_is_shown(qtbot, window, tmp_path):
    out = tmp_path / "slides"
    out.mkdir()
    (out / "frame-0001.png").mkdir()  # a folder where the first frame goes
    assert not step_export_dialog.run_export(window, range(35, 37), str(out))
    assert "Cannot export steps: cannot write" in window.statusBar().currentMessage()
    assert window.session.step()
