"""The Python/Jupyter API: record() around the user's own code, show() without blocking."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from engine.sources.program.api import RecordedRun, record, show
from engine.sources.program.recording import load_recording
from tests.engine.sources.program.programs import NEURON, lecture_value, training_loop


def lecture_namespace(tmp_path, body=""):
    """The lecture's Value defined from a file (so its source can be read), plus ``body``."""
    path = tmp_path / "user_code.py"
    path.write_text(lecture_value() + body, encoding="utf-8")
    namespace = {"__name__": "user_code"}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    return namespace


def test_record_yields_the_passes_of_the_code_inside_once_the_block_ends(tmp_path):
    source = training_loop(3)
    ns = lecture_namespace(tmp_path)
    with record() as run:
        assert isinstance(run, RecordedRun)
        with pytest.raises(RuntimeError, match="when the `with record\\(\\)` block ends"):
            run.recording  # noqa: B018 (reading it is the test)
        exec(compile(source, str(tmp_path / "loop.py"), "exec"), ns)
    assert len(run) == 3 and run.losses() == ns["losses"]
    assert run.recording.script == "test_api.py"
    assert all(p.problems == () for p in run.passes)


def test_record_keeps_the_passes_made_before_the_code_raised(tmp_path):
    ns = lecture_namespace(tmp_path, NEURON)
    with pytest.raises(ZeroDivisionError), record() as run:
        ns["o"].grad = 0.0
        ns["o"].backward()
        _ = 1 / 0
    assert len(run) == 1


def test_a_recording_saved_from_record_opens_in_the_app(tmp_path):
    ns = lecture_namespace(tmp_path, NEURON.replace("o.backward()\n", ""))
    with record() as run:
        ns["o"].backward()
    run.save(tmp_path / "mine.gradstep-rec.json")
    assert load_recording(tmp_path / "mine.gradstep-rec.json").losses() == run.losses()


def test_show_starts_the_app_without_waiting_and_without_qt_here(tmp_path):
    ns = lecture_namespace(tmp_path, NEURON.replace("o.backward()\n", ""))
    with record() as run:
        ns["o"].backward()
    out = tmp_path / "shown.json"
    app = show(run, args=["--export-json", str(out)])
    assert isinstance(app, subprocess.Popen) and app.poll() is None  # still starting: no wait
    assert app.wait(60) == 0, Path(app.args[2] + ".log").read_text(encoding="utf-8")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [p["root"] for p in doc["passes"]] == ["o"]
    probe = (
        "import sys; from engine.sources.program.api import show; print('PySide6' in sys.modules)"
    )
    imported = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert imported.stdout.strip() == "False"


def test_show_of_a_root_steps_its_graph_and_leaves_its_values_untouched(tmp_path):
    ns = lecture_namespace(tmp_path, NEURON.replace("o.backward()\n", ""))
    before = [(v.data, v.grad) for v in (ns["x1"], ns["w1"], ns["o"])]
    out = tmp_path / "root.json"
    app = show(ns["o"], args=["--export-json", str(out)])
    assert app.wait(60) == 0
    assert [(v.data, v.grad) for v in (ns["x1"], ns["w1"], ns["o"])] == before
    doc = json.loads(out.read_text(encoding="utf-8"))
    grads = {n["label"]: n["grad"] for n in doc["nodes"]}
    assert grads["w1"] == pytest.approx(1.0) and grads["x1"] == pytest.approx(-1.5)


def test_show_refuses_what_it_cannot_open():
    with pytest.raises(TypeError, match="not int"):
        show(3)
