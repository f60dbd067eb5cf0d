"""Observing the user's own program: every ``backward()`` it calls, recorded as a pass."""
