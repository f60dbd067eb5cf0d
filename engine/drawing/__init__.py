"""What the canvas draws: the drawn graph, its layouts and its collapsible groups."""
