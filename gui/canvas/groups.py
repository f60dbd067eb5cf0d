"""Collapsing, expanding and focusing the graph canvas: what part of a big graph is drawn."""

from __future__ import annotations

from engine.drawing import grouping

FULL_BUDGET = 6000  # drawn nodes shown in full; bigger graphs open with groups collapsed
HARD_BUDGET = 20000  # beyond this even the collapsed picture shows only the part near the root
COARSE = ("sample", "params", "l2", "sum", "layer")  # what "Collapse groups" collapses


class GraphGroups:
    """Collapse, expand and focus, mixed into GraphView.

    Contract with its host, which provides: ``session``, ``groups`` (the graph's Groups),
    ``collapsed`` (indices into ``groups`` drawn collapsed), ``visible_mask`` (the nodes a
    focus shows, or None for all) and ``_relayout()``, which draws the graph again from
    those. Refusals go to the user through ``session.report``.
    """

    def set_collapsed(self, collapsed: set[int]) -> None:
        """Draw exactly these groups (indices into ``groups``) collapsed, and lay out again."""
        tl = self.session.timeline
        if tl is None:
            return
        if grouping.drawn_count(tl.graph, self.groups, collapsed) > HARD_BUDGET:
            self.session.report("Too many nodes to expand that: collapse something first")
            return
        self.collapsed = set(collapsed)
        self._relayout()

    def expand(self, group: int) -> None:
        """Expand one collapsed group where it stands (its output keeps its place on screen)."""
        head = self.groups[group].head
        self.keep_in_place(head, lambda: self.set_collapsed(self.collapsed - {group}))

    def collapse(self, group: int) -> None:
        """Collapse one group where it stands (its output keeps its place on screen)."""
        head = self.groups[group].head
        self.keep_in_place(head, lambda: self.set_collapsed(self.collapsed | {group}))

    def focus_on(self, node: int, direction: str) -> None:
        """Show only ``node`` and its "ancestors" or "descendants"; "all" shows everything."""
        tl = self.session.timeline
        if tl is None:
            return
        mask = None
        if direction == "ancestors":
            mask = grouping.ancestors(tl.graph, node)
        elif direction == "descendants":
            mask = grouping.descendants(tl.graph, node)
        drawn = grouping.drawn_count(tl.graph, self.groups, self.collapsed)
        if mask is not None:
            drawn = min(drawn, 2 * int(mask.sum()))
        if drawn > HARD_BUDGET:  # never freeze laying out more than can be drawn
            self.session.report(f"Too many nodes to show ({drawn:,}): focus on fewer")
            return
        self.visible_mask = mask
        self._relayout()

    def single_sample(self, k: int) -> None:
        """Show sample ``k`` of a batch loss in full and every other sample collapsed."""
        self.set_collapsed(grouping.sample_view(self.groups, k))

    def expand_all(self) -> None:
        """Draw every group expanded (refused, with a message, if that is too many nodes)."""
        self.set_collapsed(set())

    def collapse_groups(self) -> None:
        """Collapse the coarse groups: samples, shared parameters, L2 term, sums and layers."""
        self.set_collapsed({i for i, g in enumerate(self.groups) if g.kind in COARSE})
