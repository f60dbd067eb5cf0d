"""The command line on programs: FILE.py / FILE.ipynb run as written, recordings, --pass, exit 2."""

import json

import pytest

from engine.sources.program.recording import save_recording
from engine.sources.running.runner import run_program
from gui.app.launch import main
from tests.engine.sources.program.programs import NEURON, lecture_value, training_loop
from tests.engine.sources.running.test_notebook import notebook


def write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def export(tmp_path, *args):
    out = tmp_path / "export.json"
    code = main([*map(str, args), "--export-json", str(out)])
    assert code == 0
    return json.loads(out.read_text(encoding="utf-8"))


def by_label(doc):
    return {n["label"]: n for n in doc["nodes"]}


def test_a_script_exports_its_pass_at_the_end_with_the_pass_list(tmp_path):
    doc = export(tmp_path, write(tmp_path, "neuron.py", lecture_value() + NEURON))
    assert doc["title"] == "neuron.py"
    assert doc["position"] == doc["length"]  # a recorded pass opens on its end
    assert by_label(doc)["w1"]["grad"] == pytest.approx(1.0)
    (entry,) = doc["passes"]
    assert entry == {
        "index": 1,
        "root": "o",
        "loss": pytest.approx(0.7071067811865476),
        "nodes": 10,
        "problems": [],
    }
    assert "training" not in doc  # one pass is no training curve


def test_a_training_loop_exports_every_pass_the_loss_curve_and_the_chosen_pass(tmp_path):
    script = write(tmp_path, "train.py", lecture_value() + training_loop(4))
    doc = export(tmp_path, script, "--pass", "2", "--goto", "5")
    assert [p["index"] for p in doc["passes"]] == [1, 2, 3, 4]
    assert doc["training"]["loss"] == [p["loss"] for p in doc["passes"]]
    assert doc["title"] == "train.py, pass 2 of 4" and doc["position"] == 5
    assert doc["passes"][0]["loss"] > doc["passes"][-1]["loss"]  # the user's loop learns
    last = export(tmp_path, script, "--pass", "-1")
    assert last["title"] == "train.py, pass 4 of 4"


def test_a_pass_with_a_bug_exports_its_problems_with_kind_node_position_and_text(tmp_path):
    script = write(tmp_path, "order.py", lecture_value("walks topo forwards") + NEURON)
    doc = export(tmp_path, script)
    problems = doc["passes"][0]["problems"]
    assert problems and {"kind", "node", "position", "text"} <= set(problems[0])
    assert "order" in {p["kind"] for p in problems}
    assert all(1 <= p["position"] <= doc["length"] for p in problems)


def test_a_notebook_exports_with_its_failed_cells_said_on_stderr(tmp_path, capsys):
    path = write(
        tmp_path,
        "lecture.ipynb",
        json.dumps(notebook("import not_a_module_anywhere", lecture_value(), NEURON)),
    )
    doc = export(tmp_path, path)
    assert len(doc["passes"]) == 1
    err = capsys.readouterr().err
    assert "gradstep: lecture.ipynb: cell 1 raised ModuleNotFoundError" in err


def test_a_recording_opens_without_the_code_that_made_it(tmp_path):
    script = write(tmp_path, "train.py", lecture_value() + training_loop(3))
    recording = run_program(script).recording
    saved = tmp_path / "run.gradstep-rec.json"
    save_recording(recording, saved)
    script.unlink()
    doc = export(tmp_path, saved, "--pass", "1")
    assert [p["loss"] for p in doc["passes"]] == recording.losses()
    assert doc["title"] == "run.gradstep-rec.json, pass 1 of 3"


HOSTILE = {
    "raises": (
        "x = 1\nraise ValueError('bad lr')\n",
        "program.py raised ValueError: bad lr at line 2",
    ),
    "loops": ("while True:\n    pass\n", "program.py was still running after 1 s"),
    "exits": ("import sys\nsys.exit(3)\n", "program.py called sys.exit(3) at line 2"),
    "_exits": ("import os\nos._exit(0)\n", "program.py called os._exit(0) at line 2"),
    "crashes": ("import ctypes\nctypes.string_at(0)\n", "program.py crashed: segmentation fault"),
    "waits": ("input()\n", "program.py called input(), but there is no terminal"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_what_the_users_code_did_wrong_exits_2_with_one_line(tmp_path, capsys, case):
    source, reason = HOSTILE[case]
    script = write(tmp_path, "program.py", source)
    out = tmp_path / "o.json"
    assert main([str(script), "--timeout", "1", "--export-json", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"gradstep: {reason}") and err.count("\n") == 1
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pass", "9"], "--pass 9: pass 9 out of range: the recording has 1 pass(es)"),
        (["--pass", "0"], "--pass counts from 1"),
        (["--timeout", "0"], "--timeout must be a number of seconds above 0"),
    ],
)
def test_bad_pass_and_timeout_arguments_exit_2(tmp_path, capsys, args, message):
    script = write(tmp_path, "neuron.py", lecture_value() + NEURON)
    assert main([str(script), *args, "--export-json", str(tmp_path / "o.json")]) == 2
    assert message in capsys.readouterr().err


def test_pass_needs_a_file_that_records_passes(tmp_path, capsys):
    assert main(["--example", "neuron", "--pass", "1", "--export-json", str(tmp_path / "o")]) == 2
    assert "--pass needs a FILE that records passes" in capsys.readouterr().err


def test_the_window_opens_a_recorded_pass_and_its_export_lists_the_passes(qtbot, tmp_path):
    script = write(tmp_path, "train.py", lecture_value() + training_loop(2))
    png, doc = tmp_path / "w.png", tmp_path / "w.json"
    assert main([str(script), "--size", "1024x768", "--screenshot", str(png),
                 "--export-json", str(doc)]) == 0  # fmt: skip
    data = json.loads(doc.read_text(encoding="utf-8"))
    assert png.stat().st_size > 0
    assert data["title"] == "train.py, pass 2 of 2" and data["position"] == data["length"]
    assert len(data["passes"]) == 2 and len(data["training"]["loss"]) == 2
