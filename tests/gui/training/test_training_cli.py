"""The command line's --train: trains before --export-json / --screenshot."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from gui.app.launch import main


def test_train_then_export_json_holds_the_loss_history(tmp_path):
    out = tmp_path / "house.json"
    assert main(["--example", "house-price", "--train", "10", "--export-json", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["training"]["steps"] == 10
    assert data["training"]["loss"][:2] == [3.2761, 2.096704]
    assert data["training"]["lr"] == [0.05] * 10
    assert "trained 10 steps" in data["title"]


def test_train_then_screenshot_shows_the_run_in_the_training_dock(tmp_path):
    png, js = tmp_path / "moons.png", tmp_path / "moons.json"
    args = ["--example", "xor-network", "--train", "30", "--screenshot", str(png)]
    assert main([*args, "--export-json", str(js)]) == 0
    assert png.stat().st_size > 0
    assert len(json.loads(js.read_text())["training"]["loss"]) == 30


def test_train_is_refused_for_zero_steps_or_an_example_without_a_setup(capsys):
    assert main(["--example", "house-price", "--train", "0", "--export-json", "x.json"]) == 2
    assert "--train must be a number of steps of at least 1" in capsys.readouterr().err
    assert main(["--example", "neuron", "--train", "5", "--export-json", "x.json"]) == 2
    assert "'neuron' has no training setup" in capsys.readouterr().err


ROOT = Path(__file__).resolve().parents[3]


def start_training(tmp_path, *args):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "GRADSTEP_SETTINGS": str(tmp_path / "s.ini")}  # fmt: skip
    command = [sys.executable, str(ROOT / "main.py"), "--example", "lecture-mlp", *args]
    return subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)


def first_progress_line(process):
    line = process.stderr.readline()  # a progress line comes within a few seconds
    assert line.startswith("gradstep: training lecture-mlp: step "), line
    return line


def test_a_huge_run_prints_progress_and_ctrl_c_writes_what_is_done_and_exits_130(tmp_path):
    js, png = tmp_path / "run.json", tmp_path / "run.png"
    process = start_training(
        tmp_path, "--train", "1000000000", "--export-json", str(js), "--screenshot", str(png)
    )
    try:
        line = first_progress_line(process)
        assert (
            "of 1,000,000,000" in line and "steps/s" in line and "Ctrl-C stops and writes" in line
        )
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130
    last = err.strip().splitlines()[-1]
    assert (
        last.startswith("gradstep: interrupted after ")
        and "of 1,000,000,000 training steps" in last
    )
    assert f"wrote {png} and {js}" in last
    training = json.loads(js.read_text())["training"]
    assert training["interrupted"] is True and training["steps"] > 0
    assert len(training["loss"]) == training["steps"]  # short enough to keep every step
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_ctrl_c_during_training_for_the_window_exits_130_saying_nothing_was_saved(tmp_path):
    process = start_training(tmp_path, "--train", "1000000000")
    try:
        assert "; Ctrl-C stops\n" in first_progress_line(process)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130
    assert "nothing was saved (--export-json or --screenshot keep what is done)" in err
