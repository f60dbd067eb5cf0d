"""The code panel: the engine source that is executing, its line with real numbers, the DFS."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QPalette,
    QResizeEvent,
    QTextCursor,
)
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSizePolicy, QTextEdit, QVBoxLayout, QWidget

from engine.explain.code_source import CodeView, code_view, dfs_state
from engine.trace.timeline import Timeline
from engine.trace.trace import TOPO
from gui.look.steady import SelectableLabel, SteadyArea, show_scroll_bars
from gui.look.theme import current_theme
from gui.models.step_session import StepSession
from gui.stepping.source_editors import SourceEditors
from gui.stepping.text_rows import TextRows


def _mono() -> QFont:
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)


class CodePanel(QWidget):
    """Source of the running ``_backward`` / ``build_topo`` / update, and its numbers."""

    def __init__(self, session: StepSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._view = CodeView("", ())
        self._compact = False
        self._line_added = False  # a line under the numbers, which settles the lines itself
        self.title = QLabel(self)
        self.title.setObjectName("codeTitle")
        self.title.setWordWrap(True)  # a long file path wraps rather than widening the window
        # Each op's _backward has its own title: steady, like the lines below the source
        self.title_area = SteadyArea(self.title, fit_height=True, parent=self)
        self.sources = SourceEditors(self)
        # What changes every step sits in a steady area: its new text re-lays out only there
        self._lines = QWidget(self)
        # Drawn from one layout per new text (a wrapped QLabel laid it out ~15 times a step)
        self.numbers = TextRows(self._lines)
        self.numbers.setObjectName("codeNumbers")
        self.numbers.setAccessibleName("The executing line with its numbers")
        self._numbers_row = self.numbers.add_row("")
        self.dfs = SelectableLabel(parent=self._lines)
        self.dfs.setObjectName("codeDfs")
        # Long stacks and topo lists are clipped at the window's edge (their text already
        # keeps the newest entries), never allowed to widen the window past the screen.
        self.dfs.setMinimumWidth(1)
        self.dfs.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._lines_layout = lines = QVBoxLayout(self._lines)
        lines.setContentsMargins(0, 0, 0, 0)
        lines.addWidget(self.numbers)
        lines.addWidget(self.dfs)
        self.lines_area = SteadyArea(self._lines, fit_height=True, parent=self)
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.title_area)
        layout.addWidget(self.sources, 1)
        layout.addWidget(self.lines_area)
        self._apply_fonts()
        session.sig_loaded.connect(self._on_loaded)
        session.sig_moved.connect(self._on_moved)
        session.sig_refreshed.connect(self._on_refreshed)
        self._refresh()

    # ------------------------------------------------------------------ what it shows

    @property
    def source(self) -> QPlainTextEdit:
        """The editor showing the source."""
        return self.sources.editor()

    def source_text(self) -> str:
        """The source shown."""
        return self.source.toPlainText()

    def highlighted_lines(self) -> list[str]:
        """The source lines highlighted as executing."""
        return [self._view.lines[i] for i in self._view.highlight]

    def numbers_text(self) -> str:
        """The executing line(s) again, with the real numbers."""
        return self._numbers_row.text()

    def dfs_text(self) -> str:
        """The DFS stack, visited set and topo list (empty outside the topological sort)."""
        return self.dfs.text() if self.dfs.isVisibleTo(self) else ""

    def add_line(self, widget: QWidget) -> None:
        """Put another line (what went wrong at this step) under the numbers, compact or not."""
        self._lines_layout.insertWidget(self._lines_layout.indexOf(self.numbers) + 1, widget)
        # The line follows the session too, after this panel: lay it out once it has (and
        # only then: the lines laid out before it took the step were laid out twice a step)
        self._line_added = True
        self._session.sig_moved.connect(self._on_line_moved)

    def _on_line_moved(self, _changed: object) -> None:
        self.lines_area.settle()

    def set_compact(self, compact: bool) -> None:
        """Presentation mode: only the line with numbers (and the DFS during the sort)."""
        self._compact = compact
        self.title_area.setVisible(not compact)
        self.sources.setVisible(not compact)
        margin = 24 if compact else 6  # off the screen's edge, where projectors crop
        self._layout.setContentsMargins(margin, 4, margin, 8 if compact else 4)
        self._apply_fonts()
        self.lines_area.reset_height()

    # ------------------------------------------------------------------ updates

    def _on_loaded(self) -> None:
        self._refresh()
        for area in (self.title_area, self.lines_area):
            area.reset_height()  # another graph's lines may need less room

    def _on_refreshed(self) -> None:
        self._refresh()

    def _on_moved(self, _changed: object) -> None:
        # An added line takes the step after this panel and settles the lines then
        self._refresh(settle_lines=not self._line_added)

    def changeEvent(self, event: QEvent) -> None:
        """Re-apply fonts and colours when the theme or font scale changes."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._apply_fonts()
            self.sources.forget_marks()  # the editors not shown: marked again when shown
            self._highlight()
            for area in (self.title_area, self.lines_area):
                area.reset_height()  # other fonts, other heights
        super().changeEvent(event)

    def _refresh(self, *, settle_lines: bool = True) -> None:
        timeline = self._session.timeline
        if timeline is None:
            self._show_view(CodeView("Nothing loaded", ()))
            self.numbers.set_text(self._numbers_row, "")
            self.dfs.hide()
            return
        new_source = self._show_view(code_view(timeline))
        event = timeline.current
        lines = getattr(event, "lines", ()) if event is not None else ()
        text = "\n".join(lines) if lines else (event.text if event is not None else "")
        self.numbers.set_text(self._numbers_row, text)
        in_topo = event is not None and timeline.phase == TOPO
        self.dfs.setVisible(in_topo)
        if in_topo:
            self._show_dfs(timeline)
        self._settle(new_source=new_source, lines=settle_lines)

    def _settle(self, *, new_source: bool = True, lines: bool = True) -> None:
        """Lay the changed text out before the window repaints: each panel painted once."""
        self.title_area.settle()
        if lines:
            self.lines_area.settle()
        if new_source:
            show_scroll_bars(self.source)  # a new source: the editor's own, before the repaint
            self.sources.set_marks(self._marks())  # as the scroll bars left it

    def _show_dfs(self, timeline: Timeline) -> None:
        self.dfs.ensurePolished()  # the theme's style sheet sets its font
        metrics = self.dfs.fontMetrics()
        margins = self._layout.contentsMargins()
        # Some slack: the rendered text can run wider than measured (font fallback for "…").
        room = 0.9 * (self.width() - margins.left() - margins.right())
        lines = dfs_state(timeline, fits=lambda line: metrics.horizontalAdvance(line) <= room)
        self.dfs.setText("\n".join(lines))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Refit the DFS lines to the new width."""
        super().resizeEvent(event)
        timeline = self._session.timeline
        if timeline is not None and self.dfs.isVisibleTo(self):
            self._show_dfs(timeline)

    def _show_view(self, view: CodeView) -> bool:
        """Show what differs from the view shown; True if the editor shows other lines or marks.

        A step within one function keeps its lines.
        """
        old, self._view = self._view, view
        if (view.title, view.where) != (old.title, old.where):
            self.title.setText(f"{view.title}    {view.where}" if view.where else view.title)
            self.title.setToolTip(view.where)
        shown = self.sources.show_lines(view.lines)
        # The same lines marked again would repaint the editor for nothing (a backward
        # step through one op's closures: only the title changes); an editor shown again
        # is marked, scrolled and selected as it was left: marked again only if not so
        if view.highlight != old.highlight or (shown and self.sources.marks() != self._marks()):
            if shown:
                self.sources.rewind()  # marked from the top, as a source newly shown is
            self._highlight()
            return True
        return shown

    def _highlight(self) -> None:
        """Mark the executing lines and scroll the first of them into view."""
        theme = current_theme()
        doc = self.source.document()
        selections = []
        for i in self._view.highlight:
            # here, not at import: PySide6 builds QTextFormat's every enum at its first
            # import, and the first frame marks no line
            from PySide6.QtGui import QTextFormat  # noqa: PLC0415

            sel = QTextEdit.ExtraSelection()
            sel.format.setBackground(QColor(theme.code_line))
            sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            sel.cursor = QTextCursor(doc.findBlockByNumber(i))
            selections.append(sel)
        self.source.setExtraSelections(selections)
        if self._view.highlight:
            cursor = QTextCursor(doc.findBlockByNumber(self._view.highlight[0]))
            self.source.setTextCursor(cursor)
            self.source.centerCursor()

    def _marks(self) -> tuple[object, ...]:
        """What the shown editor is marked for: the view's lines, its size, scroll, cursor."""
        editor = self.source
        bars = editor.verticalScrollBar().value(), editor.horizontalScrollBar().value()
        cursor = editor.textCursor()
        where = cursor.anchor(), cursor.position()
        return self._view.highlight, editor.viewport().size(), *bars, *where

    def _apply_fonts(self) -> None:
        theme = current_theme()
        base = self.font().pointSizeF()
        mono = _mono()
        mono.setPointSizeF(base)
        self.sources.setFont(mono)  # every kept editor's
        dfs = QFont(mono)
        dfs.setPointSizeF(base * (1.2 if self._compact else 1.0))
        self.dfs.setFont(dfs)
        big = _mono()
        big.setPointSizeF(base * (1.6 if self._compact else 1.15))
        big.setBold(True)
        self.numbers.setFont(big)
        palette = QPalette(self.palette())
        palette.setColor(QPalette.ColorRole.WindowText, QColor(theme.numbers))
        self.numbers.setPalette(palette)
        title = QFont(self.font())
        title.setBold(True)
        self.title.setFont(title)
