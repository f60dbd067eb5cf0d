"""Widgets over the graph canvas: the find bar, the grad colour legend and a message line."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit


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
                self.centerOn(self.item_for(v))
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
        self.legend.setStyleSheet(f"background:{p.background}; color:{p.text}; padding:3px")
        self.legend.adjustSize()
        self.legend.move(8, self.height() - self.legend.height() - 8)
        self.legend.setVisible(self._color_by_grad)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setGeometry(12, 12, max(200, self.width() - 24), 40)
        self.message.setVisible(bool(text))

    def _hint_at_start(self) -> None:
        """Before the forward pass nothing exists yet: say so instead of showing a blank."""
        at_start = self.session.timeline.position == 0
        if at_start or self.message.text().startswith("Step forward"):
            self._show_message("Step forward (→) to create the nodes" if at_start else "")

    def resizeEvent(self, event) -> None:
        """Keep the overlays in their corners."""
        super().resizeEvent(event)
        self._update_legend()
        if self.find_bar.isVisible():
            self.find_bar.move(self.width() - 260, 8)
