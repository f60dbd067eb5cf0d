"""Guards against PySide6 6.12.0's none_dealloc abort on Python < 3.12."""

import subprocess
import sys

VOID_CALLS = """
from PySide6.QtCore import QObject
obj = QObject()
for i in range(100_000):
    obj.setObjectName("n")  # returns None: 6.12.0 drops a reference to None on each call
print("ok")
"""


def test_100000_void_qt_calls_do_not_abort():
    result = subprocess.run(
        [sys.executable, "-c", VOID_CALLS], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0 and "ok" in result.stdout, result.stderr[-2000:]
