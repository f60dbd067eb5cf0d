"""gradstep's Qt user interface: views over an engine Timeline, driven by a StepSession.

Rooms, lowest first: look, models, then the panels (canvas, stepping, files, training),
then app, which wires them all together once.
"""
