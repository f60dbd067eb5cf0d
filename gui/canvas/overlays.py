"""Widgets over the graph canvas: the find bar, the grad colour legend and a message line."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit

from gui.canvas.pan_caches import drawn_rect
from gui.look.palette import GraphPalette

START_HINT = (
    "Greyed nodes are not computed yet. Press → (or Step ▶, or Forward) to run the forward "
    "pass one node at a time."
)
EMPTY_HINT = (
    "Nothing to draw yet. Open an example (File ▸ Examples), a script (File ▸ Open…) "
    "or write an expression (Ctrl+E)."
)


def _paint_with(label: QLabel, palette: GraphPalette) -> None:
    """The canvas's colours on an overlay label, through its palette.

    Not a style sheet: a label polished by one keeps the font it had then, so after
    presentation mode it would stay at the presentation size.
    """
    colors = label.palette()
    colors.setColor(QPalette.ColorRole.Window, palette.color("background"))
    colors.setColor(QPalette.ColorRole.WindowText, palette.color("text"))
    label.setPalette(colors)
    label.setAutoFillBackground(True)
    label.setFrameShape(QFrame.Shape.Box)
    label.setMargin(4)


class GraphOverlays:
    """The find bar, grad legend and message line, mixed into GraphView.

    Contract with its host, a QGraphicsView (the overlays are its child widgets) that calls
    ``_build_overlays`` once and provides: ``session``, ``item_for(node)``, ``_find_from``
    (the last node found, -1 at first), ``_palette`` (the GraphPalette in use) and
    ``_color_by_grad``. Gives the host ``find``, ``show_find``, ``_update_legend``,
    ``_show_message``, ``_hint_at_start`` and keeps the overlays placed on resize.
    """

    def _build_overlays(self) -> None:
        self.find_bar = QLineEdit(self, placeholderText="Find node by label…", visible=False)
        self.find_bar.returnPressed.connect(self._on_find)
        self.legend = QLabel(self, visible=False)
        self.message = QLabel(self, visible=False, wordWrap=True)

    def find(self, text: str) -> bool:
        """Select and show the next node whose label contains ``text`` (case-insensitive)."""
        tl = self.session.timeline
        if tl is None or not text:
            return False
        names = tl.graph.names
        n = len(names)
        for k in range(1, n + 1):
            v = (self._find_from + k) % n
            if text.lower() in names[v].lower() and self.item_for(v) is not None:
                self._find_from = v
                self.session.select(v)
                self.centerOn(drawn_rect(self.item_for(v)).center())
                return True
        self.session.report(f"No node labelled like {text!r}")
        return False

    def show_find(self) -> None:
        """Open the find bar (Ctrl+F)."""
        self.find_bar.setGeometry(self.width() - 260, 8, 240, 28)
        self.find_bar.show()
        self.find_bar.setFocus()
        self.find_bar.selectAll()

    def _on_find(self) -> None:
        self.find(self.find_bar.text())

    def _update_legend(self) -> None:
        p = self._palette
        self.legend.setText(
            f"<span style='color:{p.negative}'>■ grad &lt; 0</span> &nbsp; "
            f"<span style='color:{p.positive}'>■ grad &gt; 0</span> &nbsp; stronger = larger |grad|"
        )
        _paint_with(self.legend, p)
        self.legend.adjustSize()
        self.legend.move(8, self.height() - self.legend.height() - 8)
        self.legend.setVisible(self._color_by_grad)

    def _show_message(self, text: str) -> None:
        """A line of text at the bottom of the canvas (a hint, or why nothing is drawn)."""
        self.message.setText(text)
        _paint_with(self.message, self._palette)
        self._place_message()
        self.message.setVisible(bool(text))

    def _place_message(self) -> None:
        width = max(200, self.viewport().width() - 24)
        self.message.setFixedWidth(width)
        self.message.adjustSize()
        self.message.move(12, self.viewport().height() - self.message.height() - 12)

    def _hint_at_start(self) -> None:
        """Before the forward pass the graph is greyed: say what that means and what to do."""
        at_start = self.session.timeline.position == 0
        if at_start or self.message.text() == START_HINT:
            self._show_message(START_HINT if at_start else "")

    def changeEvent(self, event) -> None:
        """Restyle the overlays at once for a new theme or font size (presentation mode)."""
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self._show_message(self.message.text())
            self._update_legend()
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:
        """Keep the overlays in their corners."""
        super().resizeEvent(event)
        self._update_legend()
        self._place_message()
        if self.find_bar.isVisible():
            self.find_bar.move(self.width() - 260, 8)
