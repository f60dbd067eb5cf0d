"""The inspector: everything about the selected node, with links to its parents and children."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from engine.explain.local_derivative import node_local_derivatives
from engine.explain.numeric_check import GradChecker
from engine.trace.timeline import Timeline
from engine.trace.trace import fmt
from gui.look.steady import SelectableLabel, SteadyArea
from gui.models.step_session import StepSession

NOT_COMPUTED = "not computed yet"
NO_NODE = "No node selected"
NO_NODE_HINT = (
    "Click a node to see its data, grad and local derivative. While you step (→), "
    "this shows the node of the current step."
)
CHECK_AFTER_BACKWARD = "after the backward pass computes this grad"
#: Over this many values, the automatic check (two forward passes of the whole graph, ~10 ms
#: per 1,000 values) waits until stepping pauses this long: holding → never waits on it.
LATE_CHECK_ABOVE = 1000
LATE_CHECK_MS = 150
MAX_LINKS = 12
"""Neighbours listed as links; a node used by a whole batch says how many more there are."""


def _links(timeline: Timeline, ids: tuple[int, ...]) -> str:
    names = timeline.trace.names
    if not ids:
        return "none"
    links = ", ".join(f'<a href="{i}">{html.escape(names[i])}</a>' for i in ids[:MAX_LINKS])
    more = len(ids) - MAX_LINKS
    return f"{links} … and {more:,} more" if more > 0 else links


class Inspector(QWidget):
    """Label, op, data, grad, local derivative, neighbours and gradient check of a node."""

    def __init__(self, session: StepSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._parents: tuple[tuple[int, ...], ...] = ()
        self._checker: GradChecker | None = None
        self._node = -1
        self._late_check = QTimer(self, singleShot=True, interval=LATE_CHECK_MS)
        self._late_check.timeout.connect(self._on_late_check)
        self.heading = QLabel(NO_NODE, self)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.heading.setFont(font)
        self.hint = QLabel(NO_NODE_HINT, self)
        self.hint.setWordWrap(True)
        self.fields = QWidget(self)
        form = QFormLayout(self.fields)
        form.setContentsMargins(0, 0, 0, 0)
        self.op_label = self._row(form, "op")
        self.data_label = self._row(form, "data")
        self.grad_label = self._row(form, "grad")
        self.derivative_label = self._row(form, "local derivative")
        self.parents_label = self._row(form, "used by")
        self.children_label = self._row(form, "inputs")
        self.check_label = self._row(form, "numerical grad")
        self.check_button = QPushButton("Check numerically", self)
        self.check_button.setToolTip("Nudge this node by h and measure the root's slope")
        self.check_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.check_button.clicked.connect(self._on_check)
        self.check_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        form.addRow("", self.check_button)
        for link in (self.parents_label, self.children_label):
            link.setTextFormat(Qt.TextFormat.RichText)
            link.linkActivated.connect(self._on_link)
        # The rows' texts change every step: inside a scroll area their re-layout stops there
        page = QWidget(self)
        column = QVBoxLayout(page)
        column.addWidget(self.heading)
        column.addWidget(self.hint)
        column.addWidget(self.fields)
        column.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._area = SteadyArea(page, fit_height=False, parent=self)
        layout.addWidget(self._area)
        session.sig_loaded.connect(self._on_loaded)
        session.sig_moved.connect(self._on_moved)
        session.sig_refreshed.connect(self._on_loaded)  # new numbers: a new check too
        session.sig_selected.connect(self._on_selected)
        self._on_loaded()

    def _row(self, form: QFormLayout, title: str) -> QLabel:
        label = SelectableLabel(parent=self, links=True)
        label.setWordWrap(True)
        form.addRow(f"{title}:", label)
        return label

    def changeEvent(self, event: QEvent) -> None:
        """Relay out the links in the new theme (a label keeps the link colour it was set with)."""
        if event.type() == QEvent.Type.PaletteChange:
            for label in (self.parents_label, self.children_label):
                text = label.text()
                label.clear()
                label.setText(text)
        super().changeEvent(event)

    # ------------------------------------------------------------------ handlers

    def _on_loaded(self) -> None:
        timeline = self._session.timeline
        self._checker = None
        if timeline is not None:
            self._parents = timeline.graph.parents()
            self._checker = GradChecker(timeline.trace)
        self._refresh()

    def _on_moved(self, _changed: object) -> None:
        self._refresh()

    def _on_selected(self, _node: int) -> None:
        self._refresh()

    def _on_check(self) -> None:
        if self._checker is not None and self._node >= 0:
            self.check_label.setText(self._checker.check(self._node).text)
            self.check_button.hide()

    def _on_late_check(self) -> None:
        if self._checker is not None and self._node >= 0:
            self._show_check(self._node, now=True)

    def _on_link(self, href: str) -> None:
        self._session.select(int(href))

    # ------------------------------------------------------------------ drawing

    def _refresh(self) -> None:
        self._fill()
        self._area.settle()  # laid out before the window repaints: painted once, this frame

    def _fill(self) -> None:
        timeline = self._session.timeline
        node, following = self._session.selected, False
        if node < 0 and timeline is not None and timeline.current is not None:
            node, following = timeline.current.node, True  # no selection: follow the step
        self._node = node
        nothing = timeline is None or node < 0
        self.hint.setVisible(nothing)  # a hint rather than a form of empty fields
        self.fields.setVisible(not nothing)
        if nothing:
            self.heading.setText(NO_NODE)
            return
        graph = timeline.graph
        self.heading.setText(
            timeline.trace.names[node] + ("   (current step)" if following else "")
        )
        self.op_label.setText(graph.ops[node] or "leaf (no op)")
        created = timeline.created[node]
        self.data_label.setText(fmt(timeline.data[node]) if created else NOT_COMPUTED)
        grad = timeline.grad[node]
        self.grad_label.setText(NOT_COMPUTED if grad is None else fmt(grad))
        self.derivative_label.setText(self._derivative_text(timeline, node))
        self.parents_label.setText(_links(timeline, self._parents[node]))
        self.children_label.setText(_links(timeline, tuple(dict.fromkeys(graph.children[node]))))
        self._show_check(node)

    def _derivative_text(self, timeline: Timeline, node: int) -> str:
        graph = timeline.graph
        kids = graph.children[node]
        if not kids:
            return "none: a leaf has no inputs"
        if not timeline.created[node]:
            return NOT_COMPUTED
        return "\n".join(node_local_derivatives(timeline.trace, node, timeline.data))

    def _show_check(self, node: int, *, now: bool = False) -> None:
        """The check's verdict, run now for a small graph; big graphs wait for the button.

        Only once backprop has computed the grad here: before that a verdict would give
        away the grad the backward pass is about to compute. Over LATE_CHECK_ABOVE values
        the check runs once stepping pauses (``now`` when that time has come).
        """
        self._late_check.stop()
        timeline = self._session.timeline
        if timeline.grad[node] is None:
            self.check_label.setText(CHECK_AFTER_BACKWARD)
            self.check_button.hide()
            return
        checker = self._checker
        done = checker.known(node) if checker is not None else None
        if done is None and checker is not None and checker.automatic:
            if not now and len(timeline.graph) > LATE_CHECK_ABOVE:
                self.check_label.setText("")
                self.check_button.hide()
                self._late_check.start()
                return
            done = checker.check(node)
        self.check_label.setText(done.text if done else "")
        self.check_button.setVisible(done is None and checker is not None)
