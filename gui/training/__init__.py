"""The training panels: loss plot, decision boundary, live canvas."""
