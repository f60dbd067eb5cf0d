"""The start of a fresh interpreter's script that launches as main() does, on an idle machine."""

#: Start-up's imports as main() makes them first (numpy with one BLAS thread), on a machine
#: that counts as idle, so a launch forks the child that lays out its first graph
#: (engine/drawing/forked_layering.py); the child is awaited however loaded the test machine
#: is (its deadline is tested apart, in tests/engine/drawing/test_forked_layering.py).
IDLE_LAUNCH = """
import gui.app.launch
gui.app.launch.import_held()
from engine.drawing import forked_layering
forked_layering.machine_load = lambda: (0.0, 1)
forked_layering.WAIT_S = 60
"""
