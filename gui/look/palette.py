"""Colours of the graph canvas, one palette per window theme (light, dark, high contrast)."""

from __future__ import annotations

from PySide6.QtGui import QColor

from engine.autograd.frozen_record import FrozenRecord


class GraphPalette(FrozenRecord):
    """Every colour the graph canvas paints with, as ``#rrggbb`` strings."""

    name: str
    background: str
    node: str  # record fill
    op: str  # op node fill
    group: str  # collapsed group fill
    border: str
    text: str
    muted: str  # "grad —" (not computed yet), cell separators
    edge: str
    current: str  # the node whose event is shown
    written: str  # children a backward step writes; gradient-flow edges
    flash: str  # a grad that just changed
    visited: str  # topological sort: visited
    appended: str  # topological sort: appended to topo (badge)
    selected: str
    warning: str  # NaN / inf
    positive: str  # grad colouring: grad > 0
    negative: str  # grad colouring: grad < 0

    def color(self, role: str) -> QColor:
        """The QColor of a role (a field name)."""
        return QColor(getattr(self, role))


LIGHT = GraphPalette(
    name="light",
    background="#ffffff",
    node="#f7f7f2",
    op="#e8eef7",
    group="#efe6f7",
    border="#55585e",
    text="#1a1a1a",
    muted="#9a9a9a",
    edge="#8a8f99",
    current="#e0663a",
    written="#2f6fdb",
    flash="#ffe066",
    visited="#8e6bbf",
    appended="#5a3d91",
    selected="#10a37f",
    warning="#d0021b",
    positive="#2f6fdb",
    negative="#d9480f",
)

DARK = GraphPalette(
    name="dark",
    background="#1e1f22",
    node="#2b2d31",
    op="#263042",
    group="#35294a",
    border="#a0a4ab",
    text="#e8e8e8",
    muted="#7b7f87",
    edge="#6d727c",
    current="#ff8a5c",
    written="#6aa5ff",
    flash="#8a6d00",
    visited="#b59ae6",
    appended="#d3c1ff",
    selected="#3ddc97",
    warning="#ff5c5c",
    positive="#6aa5ff",
    negative="#ff8a5c",
)

HIGH_CONTRAST = GraphPalette(
    name="high-contrast",
    background="#000000",
    node="#000000",
    op="#000000",
    group="#1a0033",
    border="#ffffff",
    text="#ffffff",
    muted="#bdbdbd",
    edge="#e0e0e0",
    current="#ffd400",
    written="#00e5ff",
    flash="#7a5f00",
    visited="#ff66ff",
    appended="#ff66ff",
    selected="#00ff66",
    warning="#ff3030",
    positive="#00e5ff",
    negative="#ffd400",
)

ROLES: tuple[str, ...] = GraphPalette._fields[1:]
"""Every colour's role: the palette's fields but its name."""

PALETTES: dict[str, GraphPalette] = {p.name: p for p in (LIGHT, DARK, HIGH_CONTRAST)}


def graph_palette_for(theme_name: str) -> GraphPalette:
    """The canvas palette of a window theme; the light one for an unknown name."""
    return PALETTES.get(theme_name, LIGHT)
