"""The expression editor widget: Build / Ctrl+Enter, errors under the text, text kept."""

from PySide6.QtCore import Qt

from gui.files.expression_editor import ExpressionEditor


def make_editor(qtbot, text=""):
    editor = ExpressionEditor()
    qtbot.addWidget(editor)
    editor.show()
    editor.set_text(text)
    return editor


def test_build_button_emits_the_built_graph(qtbot):
    editor = make_editor(qtbot, "x1 = 2; w1 = -3; b = 6.88; o = tanh(x1*w1 + b)")
    with qtbot.waitSignal(editor.sig_built) as blocker:
        qtbot.mouseClick(editor.build_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].root.label == "o"
    assert editor.error_label.isHidden()


def test_ctrl_enter_builds_and_does_not_insert_a_newline(qtbot):
    editor = make_editor(qtbot)
    editor.edit.setFocus()
    qtbot.keyClicks(editor.edit, "a = 2")
    with qtbot.waitSignal(editor.sig_built) as blocker:
        qtbot.keyClick(editor.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert editor.text() == "a = 2"
    assert blocker.args[0].root.data == 2.0


def test_plain_enter_still_types_a_newline(qtbot):
    editor = make_editor(qtbot)
    qtbot.keyClicks(editor.edit, "a = 2")
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.edit, "b = a*a")
    assert editor.text() == "a = 2\nb = a*a"


def test_error_is_shown_under_the_text_with_its_position_marked(qtbot):
    text = "a = 2\nb = a + c"
    editor = make_editor(qtbot, text)
    with qtbot.assertNotEmitted(editor.sig_built):
        qtbot.mouseClick(editor.build_button, Qt.MouseButton.LeftButton)
    assert editor.error_label.isVisible()
    assert "line 2, column 9: unknown name 'c'" in editor.error_label.text()
    (mark,) = editor.edit.extraSelections()
    assert (mark.cursor.selectionStart(), mark.cursor.selectionEnd()) == (14, 15)
    assert editor.edit.textCursor().position() == 14
    assert editor.text() == text  # the typed text is never lost


def test_error_at_the_end_of_the_text_marks_the_last_character(qtbot):
    editor = make_editor(qtbot, "x = 1 +")
    editor.build()
    (mark,) = editor.edit.extraSelections()
    assert mark.cursor.selectionEnd() - mark.cursor.selectionStart() == 1


def test_editing_clears_the_stale_mark_and_a_good_build_clears_the_error(qtbot):
    editor = make_editor(qtbot, "y")
    editor.build()
    assert editor.edit.extraSelections()
    editor.edit.moveCursor(editor.edit.textCursor().MoveOperation.Start)
    qtbot.keyClicks(editor.edit, "y = 3; ")
    assert editor.edit.extraSelections() == []
    assert editor.build() is not None
    assert editor.error_label.isHidden()
    assert editor.text() == "y = 3; y"


def test_dangerous_text_is_refused_in_the_editor(qtbot):
    editor = make_editor(qtbot, "__import__('os').system('echo hacked')")
    assert editor.build() is None
    assert "attribute access (.system) is not allowed" in editor.error_label.text()
