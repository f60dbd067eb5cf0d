"""Session files: round trips, atomic saves, and clear errors for anything malformed."""

import contextlib
import json
import math
import os
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.sources.file_kinds import is_session_path
from engine.sources.session_file import (
    SavedSession,
    SessionFileError,
    load_session,
    save_session,
    session_from_json,
    session_to_json,
)

STATE = SavedSession(
    kind="example",
    source="house-price",
    parameters=(0.995, 0.005),
    lr=0.05,
    history={"loss": (3.2761, 2.096704), "accuracy": (0.5, 1.0)},
    position=7,
    view={"zoom": 1.5, "center": (10.0, -2.5), "theme": "light", "selected": 3, "grouped": True},
)


def test_round_trip_keeps_every_field(tmp_path):
    path = tmp_path / "s.gradstep.json"
    save_session(path, STATE)
    assert load_session(path) == STATE


def test_file_is_plain_versioned_json(tmp_path):
    path = tmp_path / "s.gradstep.json"
    save_session(path, STATE)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == "gradstep-session"
    assert document["version"] == 1
    assert document["source"] == {"kind": "example", "name": "house-price"}


def test_expression_and_script_sources_round_trip(tmp_path):
    for state in (
        SavedSession("expression", "x1 = 2; w1 = -3; o = tanh(x1*w1)"),
        SavedSession("script", str(tmp_path / "my.py")),
    ):
        save_session(tmp_path / "s.gradstep.json", state)
        assert load_session(tmp_path / "s.gradstep.json") == state


def test_relative_script_path_is_read_from_the_session_folder(tmp_path):
    path = tmp_path / "s.gradstep.json"
    path.write_text(json.dumps({"format": "gradstep-session", "version": 1,
                                "source": {"kind": "script", "path": "net.py"}}))  # fmt: skip
    assert load_session(path).source == str(tmp_path / "net.py")


def test_nan_and_infinity_survive_as_strings(tmp_path):
    state = SavedSession("example", "moons", history={"loss": (1.0, math.inf, -math.inf)},
                         parameters=(math.nan,))  # fmt: skip
    path = tmp_path / "s.gradstep.json"
    save_session(path, state)
    assert "NaN" not in path.read_text().replace('"NaN"', "")  # no bare NaN literal
    loaded = load_session(path)
    assert math.isnan(loaded.parameters[0])
    assert loaded.history["loss"] == (1.0, math.inf, -math.inf)


def test_save_replaces_atomically_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "s.gradstep.json"
    save_session(path, STATE)
    replaced = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (replaced.append((a, b)), real_replace(a, b)))
    save_session(path, SavedSession("example", "neuron"))
    (source, target), = replaced  # fmt: skip
    assert os.path.dirname(source) == str(tmp_path) and target == path
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.gradstep.json"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_saving_over_a_session_file_keeps_its_permissions(tmp_path):
    path = tmp_path / "s.gradstep.json"
    save_session(path, STATE)
    path.chmod(0o604)  # no umask gives this: it can only come from the file replaced
    save_session(path, SavedSession("example", "neuron"))
    assert path.stat().st_mode & 0o777 == 0o604 and load_session(path).source == "neuron"


def test_failed_save_keeps_the_old_file_and_cleans_up(tmp_path, monkeypatch):
    path = tmp_path / "s.gradstep.json"
    save_session(path, STATE)

    def broken_replace(_a, _b):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(SessionFileError, match="disk full"):
        save_session(path, SavedSession("example", "neuron"))
    assert load_session(path) == STATE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.gradstep.json"]


def test_invalid_state_is_refused_before_writing(tmp_path):
    path = tmp_path / "s.gradstep.json"
    with pytest.raises(SessionFileError):
        save_session(path, SavedSession("spreadsheet", "x"))
    with pytest.raises(SessionFileError):
        save_session(path, SavedSession("example", "x", view={"bad": {"nested": object()}}))
    assert not path.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": "gradstep-session", "version": 1, "sour', "truncated"),
        ("", "not valid JSON"),
        ("[1, 2]", "not a gradstep session"),
        ('{"format": "other"}', "not a gradstep session"),
        ('{"format": "gradstep-session", "version": 99}', "newer gradstep"),
        ('{"format": "gradstep-session", "version": "1"}', "version"),
        ('{"format": "gradstep-session", "version": 1}', "source must be"),
        ('{"format": "gradstep-session", "version": 1, "source": {"kind": "example"}}',
         "source.name"),
        ('{"format": "gradstep-session", "version": 1, "source": {"kind": "example", '
         '"name": "neuron"}, "parameters": [1, "x"]}', "parameters[1]"),
        ('{"format": "gradstep-session", "version": 1, "source": {"kind": "example", '
         '"name": "neuron"}, "position": -1}', "position"),
        ('{"format": "gradstep-session", "version": 1, "source": {"kind": "example", '
         '"name": "neuron"}, "history": {"loss": [1e999999]}}', None),
        ('{"format": "gradstep-session", "version": 1, "source": {"kind": "example", '
         '"name": "neuron"}, "lr": true}', "lr"),
    ],
)  # fmt: skip
def test_malformed_documents_give_a_clear_message(text, message):
    if message is None:  # 1e999999 parses as inf in Python's json: accepted as infinity
        assert session_from_json(text).history["loss"] == (math.inf,)
        return
    with pytest.raises(SessionFileError, match=re.escape(message)):
        session_from_json(text)


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "s.gradstep.json"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(SessionFileError, match="not a text file"):
        load_session(path)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(SessionFileError, match="Cannot open"):
        load_session(tmp_path / "nope.gradstep.json")


def test_session_paths_are_recognised_by_suffix():
    assert is_session_path("/a/b/lecture.gradstep.json")
    assert not is_session_path("/a/b/net.py")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_random_text_loads_or_raises_session_file_error(text):
    with contextlib.suppress(SessionFileError):
        session_from_json(text)


JSON = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=20,
)  # fmt: skip
FIELDS = st.fixed_dictionaries(
    {"format": st.just("gradstep-session"), "version": st.sampled_from([1, 1, 2, 0, "1"])},
    optional={"source": JSON | st.fixed_dictionaries({"kind": st.sampled_from(
        ["example", "expression", "script", "x"]), "name": JSON, "text": JSON, "path": JSON}),
              "parameters": JSON, "lr": JSON, "history": JSON, "position": JSON, "view": JSON},
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(FIELDS)
def test_random_documents_load_or_raise_session_file_error(document):
    try:
        state = session_from_json(json.dumps(document))
    except SessionFileError:
        return
    assert session_from_json(session_to_json(state)) == state or _has_nan(state)


def _has_nan(state):
    numbers = [*state.parameters, *(v for vs in state.history.values() for v in vs)]
    return any(isinstance(v, float) and math.isnan(v) for v in numbers)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=100))
def test_random_bytes_in_a_file_raise_only_session_file_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "f.gradstep.json"
    path.write_bytes(data)
    with contextlib.suppress(SessionFileError):
        load_session(path)


def test_non_finite_view_numbers_come_back_as_numbers_and_strings_stay_strings(tmp_path):
    import math

    from engine.sources.session_file import SavedSession, load_session, save_session

    view = {"zoom": math.inf, "offset": -math.inf, "odd": math.nan, "theme": "NaN"}
    path = tmp_path / "v.gradstep.json"
    save_session(path, SavedSession(kind="example", source="neuron", view=view))
    back = load_session(path).view
    assert back["zoom"] == math.inf and back["offset"] == -math.inf
    assert isinstance(back["odd"], float) and math.isnan(back["odd"])
    assert back["theme"] == "NaN"


def test_a_session_that_keeps_a_recording_is_version_2_and_reads_back(tmp_path):
    from tests.engine.sources.program.programs import lecture_value, run, training_loop

    _, recording = run(lecture_value() + training_loop(2), tmp_path)
    state = SavedSession("recording", "run.gradstep-rec.json", recording=recording,
                         recording_pass=1, position=4)  # fmt: skip
    path = tmp_path / "s.gradstep.json"
    save_session(path, state)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert (document["version"], document["recording"]["pass"]) == (2, 1)
    back = load_session(path)
    assert back.recording.losses() == recording.losses()
    assert (back.kind, back.recording_pass, back.position) == ("recording", 1, 4)
    document["recording"]["pass"] = 7
    path.write_text(json.dumps(document))
    with pytest.raises(SessionFileError, match="recording it keeps cannot be read"):
        load_session(path)
    del document["recording"]
    path.write_text(json.dumps(document))
    with pytest.raises(SessionFileError, match="must hold the recording"):
        load_session(path)
