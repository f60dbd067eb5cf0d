"""Traces as data (columns of events), the recorder, and the Timeline cursor over them."""
