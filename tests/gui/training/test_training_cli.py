"""The command line's --train: trains before --export-json / --screenshot."""

import json

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
