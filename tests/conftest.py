"""Test set-up shared by every test: Qt renders offscreen, never on a real display."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
