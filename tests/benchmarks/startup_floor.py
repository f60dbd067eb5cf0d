"""The floors startup.py launches beside gradstep: what no change inside gradstep goes below."""

from __future__ import annotations

#: The floor with networkx: only numpy, networkx and PySide6 imported (in main.py's order of
#: old, Qt last; numpy with one OpenBLAS thread, as start-up loads it), a QApplication, and a
#: QGraphicsView the window's size with one node's rect and text painted. It no longer bounds
#: gradstep: a launch leaves networkx to a forked child (engine/drawing/forked_layering.py).
FLOOR_WITH_NETWORKX = r"""
import os, sys, time
t_start = time.time()
os.environ["OPENBLAS_NUM_THREADS"] = "1"
import numpy, networkx
t_import = time.time()
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView
app = QApplication(["floor"])
t_qt = time.time()

def frame_done():
    spy.t = time.time()
    spy.cpu = time.process_time()
    app.quit()

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not hasattr(self, "began"):
            self.began = time.time()
            QTimer.singleShot(0, frame_done)
        return False

spy = FirstPaint()
scene = QGraphicsScene()
scene.addRect(0, 0, 120, 40)
scene.addText("a = 2.0")
view = QGraphicsView(scene)
view.resize(1280, 800)
view.installEventFilter(spy)
view.show()
app.exec()
print(f"{t_start!r} {t_qt!r} {t_import!r} {spy.began!r}")
print(f"{spy.t!r} {spy.cpu!r} 0.0")
"""

#: The floor of a launch whose first graph networkx lays out in a forked child: numpy and
#: PySide6 only, the same view painted.
FLOOR = FLOOR_WITH_NETWORKX.replace("import numpy, networkx", "import numpy")
