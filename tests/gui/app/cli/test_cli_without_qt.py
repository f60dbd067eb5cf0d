"""--list-examples and --export-json (without --screenshot) run where PySide6 cannot be imported."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]

#: Runs main.py with an import hook that refuses Qt and pyqtgraph, as if they were not installed.
WITHOUT_QT = """
import runpy, sys

class NoQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph"):
            raise ImportError(f"No module named {name!r} (blocked by the test)")
        return None

sys.meta_path.insert(0, NoQt())
sys.argv = ["main.py", *sys.argv[1:]]
runpy.run_path("main.py", run_name="__main__")
"""


def run_without_qt(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_QT, *args], cwd=ROOT, capture_output=True, text=True
    )


def test_the_blocker_really_blocks_qt():
    result = run_without_qt("--example", "neuron", "--screenshot", "/tmp/never.png")
    assert result.returncode != 0
    assert "blocked by the test" in result.stderr


def test_list_examples_runs_without_pyside6():
    result = run_without_qt("--list-examples")
    assert result.returncode == 0, result.stderr
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names[:2] == ["expression", "neuron"] and "moons" in names


def test_export_json_runs_without_pyside6(tmp_path):
    out = tmp_path / "out.json"
    result = run_without_qt("--example", "neuron", "--goto", "end", "--export-json", str(out))
    assert result.returncode == 0, result.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["title"] == "A single tanh neuron" and doc["position"] == doc["length"] > 0
    assert {n["label"]: n["grad"] for n in doc["nodes"]}["w1"] == 2.0
