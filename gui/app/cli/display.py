"""Whether a window can open here, told before Qt is started (Qt aborts the process instead).

Qt-free, like the rest of the gui.app.cli room that the launch reads before Qt.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

#: Qt platform plugins that talk to a display server (Qt picks one of them by itself on Linux).
DISPLAY_PLATFORMS = ("xcb", "wayland")
NO_DISPLAY_MESSAGE = (
    "no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset): run gradstep in "
    "a desktop session or under a virtual display (xvfb-run python main.py); "
    "--screenshot OUT.png and --export-json OUT.json work without one"
)


def missing_display(env: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """True where Qt would look for a display server that is not there (Linux without one).

    A ``QT_QPA_PLATFORM`` naming another plugin (offscreen, vnc, eglfs ...) needs none.
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return False  # macOS and Windows always have their own window system
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return False
    # "xcb", "wayland-egl", "wayland;xcb" (tried in turn), "xcb:option=value"
    wanted = [p.split(":")[0].strip() for p in env.get("QT_QPA_PLATFORM", "").split(";")]
    wanted = [p for p in wanted if p]
    return all(p.startswith(DISPLAY_PLATFORMS) for p in wanted)
