"""The command line: exports at a position, and a clear message plus non-zero exit when bad."""

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gui.app.cli.options import parse_args
from gui.app.launch import main

ROOT = Path(__file__).resolve().parents[4]


def export(tmp_path, *args):
    out = tmp_path / "graph.json"
    assert main(["--export-json", str(out), *args]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def by_label(doc):
    return {n["label"]: n for n in doc["nodes"]}


def test_default_export_is_the_neuron_before_anything_ran(tmp_path):
    doc = export(tmp_path)
    assert doc["position"] == 0 and doc["phase"] == "start" and doc["event"] is None
    nodes = by_label(doc)
    assert set(nodes) >= {"x1", "w1", "b", "n", "o"}
    assert all(n["data"] is None and n["grad"] is None for n in doc["nodes"])


def test_export_at_the_end_has_every_grad(tmp_path):
    doc = export(tmp_path, "--example", "neuron", "--goto", "end")
    nodes = by_label(doc)
    assert nodes["x1"]["grad"] == -3.0 and nodes["w1"]["grad"] == 2.0
    assert nodes["o"]["grad"] == 1.0 and nodes["o"]["op"] == "tanh"
    assert doc["position"] == doc["length"] and doc["phase"] == "backward"
    assert doc["event"] == "x1._backward(): leaf, nothing to do"
    ids = {n["label"]: n["id"] for n in doc["nodes"]}
    assert [ids["n"], ids["o"]] in doc["edges"]


def test_export_after_forward_has_data_but_no_grads(tmp_path):
    doc = export(tmp_path, "--goto", "forward")
    nodes = by_label(doc)
    assert nodes["x1*w1"]["data"] == -6.0
    assert all(n["grad"] is None for n in doc["nodes"])
    assert doc["event"].startswith("o = ")


def test_export_at_a_step_number(tmp_path):
    doc = export(tmp_path, "--example", "accumulate", "--goto", "2")
    assert doc["position"] == 2
    assert [n["data"] for n in doc["nodes"]] == [3.0, 6.0]


def test_export_of_an_expression(tmp_path):
    doc = export(tmp_path, "--expr", "a = 2; b = a*a", "--goto", "end")
    assert by_label(doc)["a"]["grad"] == 4.0


def test_list_examples_names_them(capsys):
    assert main(["--list-examples"]) == 0
    out = capsys.readouterr().out
    assert "neuron" in out and "accumulate" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--example", "nope"], "unknown example 'nope'; known examples: "),
        (["--goto", "sideways"], "--goto must be one of"),
        (["--goto", "99999"], "position out of range"),
        (["--example", "neuron", "--goto", "update"], "no update phase"),
        (["--theme", "purple"], "unknown theme 'purple'"),
        (
            ["--layout", "dot"],
            "unknown layout 'dot'; known layouts: layered, spring, kamada-kawai, spectral, shell",
        ),
        (["--size", "big"], "--size must look like 1920x1080"),
        (["--export-json", "/no/such/folder/out.json"], "does not exist"),
        (["--screenshot", "/no/such/folder/out.png"], "does not exist"),
        (["--export-json", "/tmp"], "is a directory"),
        (["--expr", "a = 2 +"], "bad expression"),
        (["--example", "neuron", "--expr", "a = 1"], "only one of"),
        (["--bogus"], "unrecognized arguments"),
    ],
)
def test_bad_arguments_print_a_message_and_exit_non_zero(capsys, args, message, tmp_path):
    if "--goto" in args and "--export-json" not in args:
        args = [*args, "--export-json", str(tmp_path / "x.json")]
    assert main(args) != 0
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("flag", "name", "message"),
    [
        ("--example", "nope", "gradstep: unknown example 'nope'"),
        (
            "--layout",
            "circles",
            "gradstep: unknown layout 'circles'; known layouts: layered, spring",
        ),
    ],
)
def test_main_py_exits_2_for_an_unknown_example_or_layout(flag, name, message):
    result = subprocess.run(
        [sys.executable, "main.py", flag, name, "--export-json", os.devnull],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert message in result.stderr


def test_export_of_a_users_script_with_its_own_value_class(tmp_path):
    script = ROOT / "resources" / "examples" / "buggy_backward.py"
    doc = export(tmp_path, str(script), "--goto", "end")
    assert doc["title"] == "buggy_backward.py"
    assert by_label(doc)["a"]["grad"] == -3.0  # the bug the example is there to show


def test_a_script_that_fails_is_reported(tmp_path, capsys):
    script = tmp_path / "broken.py"
    script.write_text("raise RuntimeError('boom')\n", encoding="utf-8")
    assert main([str(script), "--export-json", str(tmp_path / "o.json")]) == 2
    err = capsys.readouterr().err
    assert err == "gradstep: broken.py raised RuntimeError: boom at line 1\n"


def run_main_py(*args, env_extra=None):
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_screenshot_renders_the_window_offscreen_at_the_size_asked(tmp_path):
    from PySide6.QtGui import QImage

    out = tmp_path / "shot.png"
    env = {"QT_QPA_PLATFORM": "offscreen", "GRADSTEP_SETTINGS": str(tmp_path / "s.ini")}
    result = run_main_py(
        "--goto", "backward", "--size", "1280x720", "--screenshot", str(out), env_extra=env
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 720)
    assert not (tmp_path / "s.ini").exists()  # a scripted render never writes settings


def test_layout_flag_opens_the_graph_in_that_layout(tmp_path, monkeypatch):
    from gui.app.main_window import MainWindow

    drawn = []
    close = MainWindow.close

    def record_and_close(window):
        drawn.append((window.graph_view.drawn.name, window.graph_view.layout_pending()))
        return close(window)

    monkeypatch.setattr(MainWindow, "close", record_and_close)
    out = tmp_path / "spring.png"
    args = ["--layout", "spring", "--goto", "end", "--size", "1280x800", "--screenshot", str(out)]
    assert main(args) == 0
    assert drawn == [("spring", False)] and out.stat().st_size > 0


def test_the_command_line_checks_layout_names_without_importing_networkx():
    code = "import sys, gui.app.launch; print('networkx' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "False", result.stderr


def test_presentation_screenshot_with_json_in_one_run(qtbot, tmp_path):
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from gui.look.theme import THEMES, apply_theme, current_theme

    shot, doc = tmp_path / "p.png", tmp_path / "p.json"
    args = ["--presentation", "--size", "1920x1080", "--goto", "39"]
    assert main([*args, "--screenshot", str(shot), "--export-json", str(doc)]) == 0
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1920, 1080)
    assert image.pixelColor(5, 5).name() == current_theme().window
    presented = current_theme().window
    apply_theme(QApplication.instance(), THEMES["light"], 1.0)  # leave the app as found
    assert presented == "#000000"
    assert json.loads(doc.read_text(encoding="utf-8"))["event"].startswith("(x1*w1)._backward()")


def test_a_screenshot_deletes_its_window_before_main_returns(qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    from gui.app.main_window import MainWindow

    app = QApplication.instance()
    before = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow)]
    assert main(["--screenshot", str(tmp_path / "s.png"), "--size", "800x600"]) == 0
    left = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w not in before]
    assert left == []  # deleted while the application lives, as after the event loop


def saved_session(tmp_path, **fields):
    from engine.sources.session_file import SavedSession, save_session

    path = tmp_path / "lesson.gradstep.json"
    save_session(path, SavedSession(**fields))
    return path


def test_a_session_file_opens_at_its_saved_position(tmp_path):
    path = saved_session(tmp_path, kind="example", source="neuron", position=33)
    doc = export(tmp_path, str(path))
    assert doc["position"] == 33 and doc["phase"] == "backward"
    assert doc["title"] == "lesson.gradstep.json"


def test_goto_overrides_a_session_files_position(tmp_path):
    path = saved_session(tmp_path, kind="expression", source="a = 2; b = a*a", position=1)
    doc = export(tmp_path, str(path), "--goto", "end")
    assert doc["position"] == doc["length"] and by_label(doc)["a"]["grad"] == 4.0


def test_a_session_file_opens_in_the_window_with_its_position(qtbot, tmp_path):
    path = saved_session(tmp_path, kind="example", source="accumulate", position=2)
    shot, doc = tmp_path / "s.png", tmp_path / "s.json"
    assert main([str(path), "--screenshot", str(shot), "--export-json", str(doc)]) == 0
    assert json.loads(doc.read_text(encoding="utf-8"))["position"] == 2
    assert shot.stat().st_size > 1000


def test_a_truncated_session_file_is_reported(tmp_path, capsys):
    path = tmp_path / "cut.gradstep.json"
    path.write_text('{"format": "gradstep-session", "vers', encoding="utf-8")
    assert main([str(path), "--export-json", str(tmp_path / "o.json")]) == 2
    err = capsys.readouterr().err
    assert "cannot open session" in err and "truncated" in err
    assert not (tmp_path / "o.json").exists()


def test_help_prints_the_options_and_exits_zero(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "--screenshot" in out and "--export-json" in out and "--goto" in out


def test_a_size_below_the_windows_minimum_is_reported_not_silently_changed(tmp_path):
    from PySide6.QtGui import QImage

    out = tmp_path / "small.png"
    env = {"QT_QPA_PLATFORM": "offscreen", "GRADSTEP_SETTINGS": str(tmp_path / "s.ini")}
    # the step bar's two rows fit 590 px: ask for less than that
    result = run_main_py("--size", "400x200", "--screenshot", str(out), env_extra=env)
    assert result.returncode == 0, result.stderr
    assert "--size 400x200 is below the window's minimum" in result.stderr
    image = QImage(str(out))
    assert image.width() > 400 and image.height() > 200


@pytest.mark.parametrize(("example", "goto"), [("lecture-mlp", "1200"), ("moons", "end")])
def test_the_window_fits_a_1024_by_768_projector(tmp_path, example, goto):
    """1200 is in the lecture MLP's topological sort, where the DFS lines are longest."""
    from PySide6.QtGui import QImage

    out = tmp_path / "projector.png"
    env = {"QT_QPA_PLATFORM": "offscreen", "GRADSTEP_SETTINGS": str(tmp_path / "s.ini")}
    args = ("--example", example, "--goto", goto, "--size", "1024x768", "--screenshot", str(out))
    result = run_main_py(*args, env_extra=env)
    assert result.returncode == 0, result.stderr
    assert "below the window's minimum" not in result.stderr
    assert (QImage(str(out)).width(), QImage(str(out)).height()) == (1024, 768)


def test_a_session_opened_in_the_window_runs_its_script_once(qtbot, tmp_path):
    runs = tmp_path / "runs.txt"
    script = tmp_path / "counted.py"
    script.write_text(
        "from engine.autograd.value import Value\n"
        f"with open({str(runs)!r}, 'a') as f:\n"
        "    f.write('run\\n')\n"
        "a = Value(2.0, label='a')\n"
        "root = a * a\n",
        encoding="utf-8",
    )
    path = saved_session(tmp_path, kind="script", source=str(script), position=3)
    doc = tmp_path / "s.json"
    assert (
        main([str(path), "--screenshot", str(tmp_path / "s.png"), "--export-json", str(doc)]) == 0
    )
    assert runs.read_text(encoding="utf-8") == "run\n"
    assert json.loads(doc.read_text(encoding="utf-8"))["position"] == 3


def test_a_headless_screenshot_of_a_session_leaves_recent_files_and_draft_alone(
    qtbot, tmp_path, monkeypatch
):
    from gui.files.expression_dock import DRAFT_KEY
    from gui.files.recent_files import RecentFiles, open_settings

    monkeypatch.setenv("GRADSTEP_SETTINGS", str(tmp_path / "user.ini"))
    RecentFiles().add(str(tmp_path / "mine.py"))
    open_settings().setValue(DRAFT_KEY, "x = 3; y = x*x")
    path = saved_session(tmp_path, kind="expression", source="a = 2; b = a*a", position=1)
    shot = tmp_path / "s.png"
    assert main([str(path), "--screenshot", str(shot)]) == 0
    assert shot.stat().st_size > 1000
    assert RecentFiles().paths() == [str(tmp_path / "mine.py")]
    assert open_settings().value(DRAFT_KEY) == "x = 3; y = x*x"


def test_a_session_opened_in_the_window_joins_the_recent_files(qtbot, tmp_path, monkeypatch):
    from gui.app.main_window import MainWindow
    from gui.files.recent_files import RecentFiles

    monkeypatch.setenv("GRADSTEP_SETTINGS", str(tmp_path / "user.ini"))
    path = saved_session(tmp_path, kind="example", source="neuron", position=3)
    window = MainWindow()
    window.remember = False
    qtbot.addWidget(window)
    assert window.documents.open_path(str(path))
    assert RecentFiles().paths() == [str(path)]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("flag", ["--screenshot", "--export-json"])
def test_a_render_that_cannot_be_written_exits_2_with_the_reason(tmp_path, flag):
    env = {"QT_QPA_PLATFORM": "offscreen", "GRADSTEP_SETTINGS": str(tmp_path / "s.ini")}
    other = "--export-json" if flag == "--screenshot" else "--screenshot"
    args = ("--example", "parabola", flag, "/dev/full", other, str(tmp_path / "other"))
    result = run_main_py(*args, env_extra=env)
    assert result.returncode == 2
    message = [line for line in result.stderr.splitlines() if line.startswith("gradstep:")]
    assert message == [f"gradstep: {flag}: cannot write '/dev/full': No space left on device"]
    assert "libpng" not in result.stderr


def test_a_bad_long_expression_quotes_only_the_faulty_excerpt(tmp_path):
    program = "; ".join(f"a{i} = {i}" for i in range(500)) + "; b = a1 +* 2"
    result = run_main_py("--expr", program, "--export-json", str(tmp_path / "x.json"))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "gradstep: bad expression: line 1, column 5789: invalid syntax"
    assert len(lines) == 3 and len(lines[1]) < 90 and lines[2].strip() == "^"
    assert "a0 = 0" not in result.stderr


@pytest.mark.parametrize(
    ("size", "presentation", "least_px"),
    [("1280x800", False, 11.0), ("1024x768", True, 16.0), ("1920x1080", True, 24.0)],
)
def test_screenshot_with_json_reports_what_the_view_shows(tmp_path, size, presentation, least_px):
    shot, doc = tmp_path / "n.png", tmp_path / "n.json"
    env = {"QT_QPA_PLATFORM": "offscreen", "GRADSTEP_SETTINGS": str(tmp_path / "s.ini")}
    args = ["--example", "neuron", "--goto", "39", "--size", size]
    args += ["--presentation"] * presentation
    result = run_main_py(*args, "--screenshot", str(shot), "--export-json", str(doc), env_extra=env)
    assert result.returncode == 0, result.stderr
    data = json.loads(doc.read_text(encoding="utf-8"))
    view = data["view"]
    width, height = view["size"]
    assert 0 < width <= int(size.split("x")[0]) and 0 < height <= int(size.split("x")[1])
    assert view["text_px"] >= least_px
    assert view["visible"] == [n["id"] for n in data["nodes"]]  # every value node, whole
    assert all(0 <= n["x"] <= width and 0 <= n["y"] <= height for n in data["nodes"])
    x1w1, x1, w1 = (by_label(data)[name]["id"] for name in ("x1*w1", "x1", "w1"))
    assert data["event_node"] == x1w1 and sorted(data["event_writes"]) == sorted([x1, w1])


def test_json_alone_has_no_view_figures(tmp_path):
    doc = export(tmp_path, "--goto", "39")
    assert "view" not in doc and "event_node" not in doc and "x" not in doc["nodes"][0]


def test_the_parsed_command_line_is_a_frozen_record_not_a_dataclass():
    opts = parse_args(["--example", "neuron"])
    assert not dataclasses.is_dataclass(opts)  # no methods compiled at every launch's import
    assert opts == parse_args(["--example", "neuron"])
    assert repr(opts).startswith("Options(file=None, example='neuron', expr=None, ")
    with pytest.raises(dataclasses.FrozenInstanceError):
        opts.example = "moons"
