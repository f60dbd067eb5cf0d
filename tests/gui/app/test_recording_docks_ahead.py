"""The pass list built (hidden) once the warm-up is done, so the first multi-pass open shows it."""

import pytest

from gui.app.warm_up import WarmUp
from gui.training.passes_panel import PassesPanel
from tests.gui.recordings import open_file, saved, training
from tests.gui.windows import shown_window


@pytest.fixture(scope="module")
def train_file(tmp_path_factory):
    """A 20-pass training loop's recording file."""
    folder = tmp_path_factory.mktemp("recordings")
    return saved(training(folder, steps=20), folder, "train")


def _warmed(modules=("gui.training.passes_panel",)) -> WarmUp:
    warm = WarmUp(modules).start()
    assert warm.wait(30)
    return warm


def test_the_pass_list_is_built_ahead_hidden_then_shown_as_is(qtbot, train_file):
    window = shown_window(qtbot, size=(1400, 900))
    docks = window.recording_docks
    assert docks.passes.widget() is None  # nothing built before the warm-up is done
    docks.build_ahead(_warmed())
    qtbot.waitUntil(lambda: docks.ahead is not None, timeout=5000)
    panel = docks.ahead
    assert isinstance(panel, PassesPanel)
    assert not panel.isVisible() and not docks.passes.isVisible()
    assert open_file(window, qtbot, train_file)
    assert docks.passes.isVisible() and docks.passes.widget() is panel  # not built again
    assert docks.ahead is None
    assert panel.table.rowCount() == 20 and panel.loss_plot.isVisible()


def test_a_failed_warm_up_builds_nothing_ahead_its_first_show_does(qtbot, train_file):
    window = shown_window(qtbot, size=(1400, 900))
    docks = window.recording_docks
    warm = _warmed(("gui.training.no_such_module",))
    assert warm.failed
    docks.build_ahead(warm)
    qtbot.wait(200)  # a few polls
    assert docks.ahead is None
    assert open_file(window, qtbot, train_file)
    assert isinstance(docks.passes.widget(), PassesPanel)


def test_the_first_open_lays_out_the_same_built_ahead_or_not(qtbot, train_file):
    shots = []
    for ahead in (False, True):
        window = shown_window(qtbot, size=(1400, 900))
        docks = window.recording_docks
        if ahead:
            docks.build_ahead(_warmed())
            qtbot.waitUntil(lambda d=docks: d.ahead is not None, timeout=5000)
        assert open_file(window, qtbot, train_file)
        qtbot.wait(100)  # the docks laid out and painted
        view = window.graph_view
        scroll = view.horizontalScrollBar().value(), view.verticalScrollBar().value()
        shots.append((docks.passes.grab().toImage(), docks.problems.grab().toImage(), scroll))
        window.close()
    # the canvas frames its step the same: it depends on how the docks first lay out
    assert shots[0] == shots[1]


def _in_view(table, row: int) -> bool:
    rect = table.visualItemRect(table.item(row, 0))
    return rect.top() >= 0 and rect.bottom() < table.viewport().height()


@pytest.mark.parametrize("ahead", [False, True])
def test_the_first_open_shows_its_last_pass_selected_and_in_view_as_later_opens_do(
    qtbot, train_file, ahead
):
    window = shown_window(qtbot)
    docks = window.recording_docks
    if ahead:
        docks.build_ahead(_warmed())
        qtbot.waitUntil(lambda: docks.ahead is not None, timeout=5000)
    for _ in range(2):  # the first open, then a later one
        assert open_file(window, qtbot, train_file)
        table = docks.passes.widget().table
        qtbot.waitUntil(lambda t=table: t.viewport().height() < 400)  # laid out in its dock
        assert [i.row() for i in table.selectionModel().selectedRows()] == [19]
        assert _in_view(table, 19)
        window.load_example("neuron")


def test_a_list_scrolled_away_from_its_pass_stays_where_the_user_put_it_when_resized(
    qtbot, train_file
):
    window = shown_window(qtbot)
    assert open_file(window, qtbot, train_file)
    table = window.recording_docks.passes.widget().table
    table.scrollToTop()
    assert not _in_view(table, 19)
    table.resize(table.width(), table.height() + 30)
    assert table.verticalScrollBar().value() == 0
    table.scrollToBottom()
    table.resize(table.width(), table.height() - 60)  # its pass in view: kept in view
    assert _in_view(table, 19)
