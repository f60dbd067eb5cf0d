"""The inspector: everything about the selected node, with links to its parents and children."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from engine.explain.local_derivative import node_local_derivatives
from engine.explain.numeric_check import GradChecker
from engine.trace.timeline import Timeline
from engine.trace.trace import fmt
from gui.look.steady import SteadyArea
from gui.models.step_session import StepSession
from gui.stepping.text_rows import TextRows

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
CHECK_AHEAD = 256
"""Steps ahead whose nodes a check's pass takes along (it checks up to BATCH nodes)."""
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
        self._stale = False  # steps went by while it was put away
        self._late_check = QTimer(self, singleShot=True, interval=LATE_CHECK_MS)
        self._late_check.timeout.connect(self._on_late_check)
        # One widget draws every row: a new text is laid out once, not per size ask
        self.rows = TextRows(self)
        self.rows.setAccessibleName("Inspector")
        self.heading = self.rows.add_row("", span=True)
        self.hint = QLabel(NO_NODE_HINT, self)
        self.hint.setWordWrap(True)
        self.op_row = self.rows.add_row("op")
        self.data_row = self.rows.add_row("data")
        self.grad_row = self.rows.add_row("grad")
        self.derivative_row = self.rows.add_row("local derivative")
        self.parents_row = self.rows.add_row("used by", rich=True)
        self.children_row = self.rows.add_row("inputs", rich=True)
        self.check_row = self.rows.add_row("numerical grad")
        self._fields = self.rows.rows[1:]
        self.rows.sig_link_activated.connect(self._on_link)
        self.rows.sig_text_left_changed.connect(self._on_text_left_changed)
        self.check_button = QPushButton("Check numerically", self)
        self.check_button.setToolTip("Nudge this node by h and measure the root's slope")
        self.check_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.check_button.clicked.connect(self._on_check)
        self.check_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        # The button sits under the texts, as the form's last row did
        self._button_row = QHBoxLayout()
        # An indent that gives way: the page must not be held wider than a narrow panel
        self._indent = QSpacerItem(0, 0, QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Minimum)
        self._button_row.addSpacerItem(self._indent)
        self._button_row.addWidget(self.check_button)
        self._button_row.addStretch(1)
        # The rows' texts change every step: inside a scroll area their re-layout stops there
        page = QWidget(self)
        column = QVBoxLayout(page)
        column.addWidget(self.rows)
        column.addWidget(self.hint)
        column.addLayout(self._button_row)
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

    def fields_shown(self) -> bool:
        """Whether the node's rows are shown (not the hint for no node)."""
        return self.op_row.shown

    def _on_text_left_changed(self, left: int) -> None:
        """Keep the button under the texts, which move under their titles when narrow."""
        policy = QSizePolicy.Policy
        self._indent.changeSize(left, 0, policy.Maximum, policy.Minimum)
        self._button_row.invalidate()

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
            done = self._checker.check(self._node, ahead=self._ahead(self._session.timeline))
            self.rows.set_text(self.check_row, done.text)
            self.check_button.hide()

    def _on_late_check(self) -> None:
        if self._checker is not None and self._node >= 0:
            self._show_check(self._node, now=True)

    def _on_link(self, href: str) -> None:
        self._session.select(int(href))

    # ------------------------------------------------------------------ drawing

    def _refresh(self) -> None:
        # Put away (presenting hides it): its texts and grad checks wait until it shows again
        self._stale = self._put_away()
        if self._stale:
            self._late_check.stop()
            return
        self._fill()
        self._area.settle()  # laid out before the window repaints: painted once, this frame

    def _put_away(self) -> bool:
        """Hidden by hide() (not merely never shown yet, as a widget made for a test is)."""
        return self.isHidden() and self.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again: the node of the step it missed while put away."""
        super().showEvent(event)
        if self._stale:
            self._refresh()

    def _fill(self) -> None:
        timeline = self._session.timeline
        node, following = self._session.selected, False
        if node < 0 and timeline is not None and timeline.current is not None:
            node, following = timeline.current.node, True  # no selection: follow the step
        self._node = node
        nothing = timeline is None or node < 0
        self.hint.setVisible(nothing)  # a hint rather than a form of empty fields
        rows = self.rows
        for row in self._fields:
            rows.set_shown(row, not nothing)
        if nothing:
            rows.set_text(self.heading, NO_NODE)
            self.check_button.hide()
            return
        graph = timeline.graph
        current = "   (current step)" if following else ""
        created = timeline.created[node]
        grad = timeline.grad[node]
        children = tuple(dict.fromkeys(graph.children[node]))
        check, button = self._check_text(node)
        # Every row in one call: the rows are placed once a step, not once more for the check
        rows.set_texts(
            (
                (self.heading, timeline.trace.names[node] + current),
                (self.op_row, graph.ops[node] or "leaf (no op)"),
                (self.data_row, fmt(timeline.data[node]) if created else NOT_COMPUTED),
                (self.grad_row, NOT_COMPUTED if grad is None else fmt(grad)),
                (self.derivative_row, self._derivative_text(timeline, node)),
                (self.parents_row, _links(timeline, self._parents[node])),
                (self.children_row, _links(timeline, children)),
                (self.check_row, check),
            )
        )
        self.check_button.setVisible(button)

    def _derivative_text(self, timeline: Timeline, node: int) -> str:
        graph = timeline.graph
        kids = graph.children[node]
        if not kids:
            return "none: a leaf has no inputs"
        if not timeline.created[node]:
            return NOT_COMPUTED
        return "\n".join(node_local_derivatives(timeline.trace, node, timeline.data))

    @staticmethod
    def _ahead(timeline: Timeline) -> list[int]:
        """The nodes the next steps show: one check's pass checks them too."""
        start = timeline.position
        return timeline.trace.node[start : start + CHECK_AHEAD]

    def _show_check(self, node: int, *, now: bool = False) -> None:
        """Show the check's verdict (or why there is none) and the button, if it is wanted."""
        text, button = self._check_text(node, now=now)
        self.rows.set_text(self.check_row, text)
        self.check_button.setVisible(button)

    def _check_text(self, node: int, *, now: bool = False) -> tuple[str, bool]:
        """The check's verdict, run now for a small graph, and whether the button is wanted.

        Only once backprop has computed the grad here: before that a verdict would give
        away the grad the backward pass is about to compute. Over LATE_CHECK_ABOVE values
        the check runs once stepping pauses (``now`` when that time has come); big graphs
        wait for the button.
        """
        self._late_check.stop()
        timeline = self._session.timeline
        if timeline.grad[node] is None:
            return CHECK_AFTER_BACKWARD, False
        checker = self._checker
        done = checker.known(node) if checker is not None else None
        if done is None and checker is not None and checker.automatic:
            if not now and len(timeline.graph) > LATE_CHECK_ABOVE:
                self._late_check.start()
                return "", False
            done = checker.check(node, ahead=self._ahead(timeline))
        return (done.text if done else ""), done is None and checker is not None
