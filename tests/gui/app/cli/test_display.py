"""Display-less machines: one line saying so and how to get a display, not Qt's abort."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gui.app.cli.display import missing_display

ROOT = Path(__file__).resolve().parents[4]
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux displays")


@pytest.mark.parametrize(
    ("env", "platform", "missing"),
    [
        ({}, "linux", True),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"QT_QPA_PLATFORM": "wayland-egl;xcb"}, "linux", True),
        ({"DISPLAY": ":0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"QT_QPA_PLATFORM": "vnc:size=800x600"}, "linux", False),
        ({}, "darwin", False),
        ({}, "win32", False),
    ],
)
def test_a_missing_display_is_told_from_the_environment(env, platform, missing):
    assert missing_display(env, platform) is missing


def no_display_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}  # fmt: skip
    env["GRADSTEP_SETTINGS"] = str(tmp_path / "settings.ini")
    return env | extra


def run_main(env, *args):
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@linux_only
def test_without_a_display_the_window_says_so_in_one_line_and_exits_2(tmp_path):
    result = run_main(no_display_env(tmp_path))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("gradstep: no display")
    assert "xvfb-run" in lines[0] and "--screenshot" in lines[0] and "--export-json" in lines[0]
    assert "xcb-cursor0" not in result.stderr


@linux_only
def test_an_explicit_xcb_platform_without_a_display_is_told_too(tmp_path):
    result = run_main(no_display_env(tmp_path, QT_QPA_PLATFORM="xcb"), "--example", "parabola")
    assert result.returncode == 2 and "no display" in result.stderr


@linux_only
@pytest.mark.parametrize("platform", [None, "xcb"])
def test_a_screenshot_without_a_display_renders_offscreen(tmp_path, platform):
    env = no_display_env(tmp_path) | ({"QT_QPA_PLATFORM": platform} if platform else {})
    png = tmp_path / "shot.png"
    result = run_main(env, "--example", "parabola", "--screenshot", str(png))
    assert result.returncode == 0, result.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
