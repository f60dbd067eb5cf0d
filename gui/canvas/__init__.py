"""The graph canvas: GraphView and its items, framing, groups and export."""
