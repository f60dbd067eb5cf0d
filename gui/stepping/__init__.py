"""The stepping panels: step bar, code panel and inspector."""
