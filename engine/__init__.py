"""gradstep's engine: scalar autograd, traces and timelines. Pure Python, never Qt.

Rooms, lowest first: autograd (Value, the one op table), trace (recording and the Timeline),
drawing and explain (what the canvas and panels show), sources (where graphs come from),
training. Import from the module that defines a name; this package re-exports nothing.
"""
