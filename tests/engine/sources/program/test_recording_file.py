"""A recording is data: it goes through a file and steps where the user's code is not."""

import json
import math

import pytest

from engine.explain.code_source import code_view
from engine.sources.file_kinds import is_recording_path
from engine.sources.program.recording import (
    Recording,
    RecordingFormatError,
    load_recording,
    save_recording,
)
from engine.trace.events import BackwardStep, SeedGrad, TopoEnter
from engine.trace.recorded import RecordedNode
from engine.trace.timeline import Timeline
from tests.engine.sources.program.programs import NEURON, lecture_value, run, training_loop


def _states(trace):
    tl = Timeline(trace)
    states = [(list(tl.data), list(tl.grad))]
    while tl.step():
        states.append((list(tl.data), list(tl.grad)))
    return states


def test_a_saved_recording_loads_and_steps_exactly_as_recorded(tmp_path):
    _, recording = run(lecture_value() + training_loop(3, zero_grads=False), tmp_path)
    path = tmp_path / "run.gradstep-rec.json"
    save_recording(recording, path)
    loaded = load_recording(path)
    assert loaded.losses() == recording.losses()
    for before, after in zip(recording.passes, loaded.passes, strict=True):
        assert after.problems == before.problems
        assert list(after.trace.kind) == list(before.trace.kind)
        assert _states(after.trace) == _states(before.trace)
        assert after.trace.names == before.trace.names
        assert [e.text for e in after.trace] == [e.text for e in before.trace]


def test_the_file_is_versioned_json_with_the_export_fields(tmp_path):
    _, recording = run(lecture_value() + NEURON, tmp_path)
    data = json.loads(json.dumps(recording.to_dict(), allow_nan=False))
    assert (data["format"], data["version"]) == ("gradstep-recording", 1)
    (entry,) = data["passes"]
    assert {"index", "root", "loss", "nodes", "problems", "trace"} <= set(entry)
    assert (entry["index"], entry["root"], entry["nodes"]) == (1, "o", 10)
    data["version"] = 2
    with pytest.raises(RecordingFormatError, match="version 2"):
        Recording.from_dict(data)


def test_nan_and_inf_survive_the_file(tmp_path):
    source = lecture_value() + "x = Value(1.0, label='x')\ny = x * float('inf')\ny.backward()\n"
    _, recording = run(source, tmp_path)
    save_recording(recording, tmp_path / "r.json")
    trace = load_recording(tmp_path / "r.json").passes[0].trace
    assert math.isinf(trace.initial_data[trace.graph.root])


def test_a_loaded_recording_shows_the_users_source_without_their_code(tmp_path):
    _, recording = run(lecture_value() + NEURON, tmp_path)
    save_recording(recording, tmp_path / "r.json")
    (tmp_path / "program.py").unlink()
    trace = load_recording(tmp_path / "r.json").passes[0].trace
    assert all(isinstance(n, RecordedNode) for n in trace.graph.nodes)
    tl = Timeline(trace)
    views = {}
    while tl.step():
        views.setdefault(type(tl.current), code_view(tl))
    enter = views[TopoEnter]
    assert "visited.add(v)" in enter.lines[enter.highlight[0]]
    seed = views[SeedGrad]
    assert "self.grad = 1.0" in seed.lines[seed.highlight[0]]
    step = views[BackwardStep]
    assert all(".grad +=" in step.lines[i] for i in step.highlight)
    assert step.where.startswith(str(tmp_path / "program.py"))


def test_a_file_that_is_not_a_recording_is_refused(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"format": "gradstep-session", "version": 1}')
    with pytest.raises(RecordingFormatError, match="not a gradstep-recording"):
        load_recording(path)
    path.write_text("{not json")
    with pytest.raises(RecordingFormatError, match="cannot read"):
        load_recording(path)


def test_a_truncated_recording_is_refused_and_says_so(tmp_path):
    _, recording = run(lecture_value() + NEURON, tmp_path)
    path = tmp_path / "cut.gradstep-rec.json"
    save_recording(recording, path)
    path.write_text(path.read_text()[:-200])
    with pytest.raises(RecordingFormatError, match="looks truncated"):
        load_recording(path)
    assert is_recording_path(path) and not is_recording_path(tmp_path / "s.gradstep.json")
