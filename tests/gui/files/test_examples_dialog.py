"""The examples gallery dialog: every example listed with its description; choosing one."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from engine.sources.examples import EXAMPLES
from gui.files.examples_dialog import NAME_ROLE, ExamplesDialog


def make_dialog(qtbot):
    dialog = ExamplesDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_every_example_is_listed_with_title_and_description(qtbot):
    dialog = make_dialog(qtbot)
    rows = [dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())]
    assert [r.data(0, NAME_ROLE) for r in rows] == list(EXAMPLES)
    for row in rows:
        example = EXAMPLES[row.data(0, NAME_ROLE)]
        assert (row.text(0), row.text(1)) == (example.title, example.description)


def test_open_button_emits_the_highlighted_example(qtbot):
    dialog = make_dialog(qtbot)
    dialog.select("parabola")
    with qtbot.waitSignal(dialog.sig_chosen) as blocker:
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Open), Qt.MouseButton.LeftButton
        )
    assert blocker.args == ["parabola"]
    assert not dialog.isVisible()


def test_arrow_keys_and_enter_choose_an_example(qtbot):
    dialog = make_dialog(qtbot)
    dialog.tree.setFocus()
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Down)
    with qtbot.waitSignal(dialog.sig_chosen) as blocker:
        qtbot.keyClick(dialog.tree, Qt.Key.Key_Return)
    assert blocker.args == [list(EXAMPLES)[1]]


def test_cancel_chooses_nothing(qtbot):
    dialog = make_dialog(qtbot)
    with qtbot.assertNotEmitted(dialog.sig_chosen):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_open_as_script_emits_the_examples_script_path(qtbot):
    dialog = make_dialog(qtbot)
    dialog.select("house-price")
    assert dialog.script_button.isEnabled()
    with qtbot.waitSignal(dialog.sig_script_chosen) as blocker:
        qtbot.mouseClick(dialog.script_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].endswith("resources/examples/house_price.py")


def test_example_without_a_script_disables_open_as_script(qtbot):
    from engine.sources.examples import Example

    dialog = ExamplesDialog(examples={"x": Example("x", "X", "no script", lambda: None)})
    qtbot.addWidget(dialog)
    assert not dialog.script_button.isEnabled()
