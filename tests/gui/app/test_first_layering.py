"""A launch's first graph is laid out by networkx in a forked child; without fork, in-process."""

import os

import pytest

from tests.fresh_python import run_python
from tests.gui.app.idle_launch import IDLE_LAUNCH

#: Launches the window on ``sys.argv[2:]`` as a user does (its event loop running). At its
#: first frame prints: whether the first layout took the child's answer, networkx loaded,
#: a child process left, and a digest of the drawn layout. With ``sys.argv[1] == "nofork"``
#: the process has no ``os.fork``, as on Windows (or macOS's spawn).
LAUNCH = (
    """
import hashlib, os, sys
if sys.argv[1] == "nofork":
    del os.fork
"""
    + IDLE_LAUNCH
    + """
import gui.app.warm_up
took = []
take = forked_layering.take

def take_and_note(*args):
    answer = take(*args)
    took.append(answer is not None)
    return answer

forked_layering.take = take_and_note
seen = []

def started(warm):  # called once the first frame is painted
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    window = next(w for w in QApplication.topLevelWidgets() if hasattr(w, "graph_view"))
    drawn = window.graph_view.drawn
    digest = hashlib.sha256()
    for part in (drawn.layer, drawn.x, drawn.y, drawn.edges, *drawn.bends):
        digest.update(part.tobytes())
    try:
        left = os.waitpid(-1, os.WNOHANG) == (0, 0)
    except ChildProcessError:
        left = False
    seen.extend([any(took), "networkx" in sys.modules, left, digest.hexdigest()[:16]])
    QTimer.singleShot(0, QApplication.quit)
    return warm

gui.app.warm_up.WarmUp.start = started
code = gui.app.launch.main(sys.argv[2:])
print(code, *seen)
"""
)


def _launch(tmp_path, fork: str, *args: str) -> list[str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        GRADSTEP_SETTINGS=str(tmp_path / "settings.ini"),
        GRADSTEP_LOG_DIR=str(tmp_path / "logs"),
    )
    env.pop("OPENBLAS_NUM_THREADS", None)
    return run_python(LAUNCH, fork, *args, env=env).split()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
@pytest.mark.parametrize("args", [(), ("--example", "moons"), ("--example", "tree-two-layer")])
def test_the_first_frame_draws_the_childs_layering_without_networkx_and_the_same_without_fork(
    tmp_path, args
):
    code, took, networkx, child_left, digest = _launch(tmp_path, "fork", *args)
    assert (code, took, networkx, child_left) == ("0", "True", "False", "False")
    # Windows and macOS (spawn): laid out in-process, networkx imported before Qt as before
    alone = _launch(tmp_path, "nofork", *args)
    assert alone == ["0", "False", "True", "False", digest]
